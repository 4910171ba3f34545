//! What `replay`, `backtest` and `plot-replay` read, for every front end:
//! the history of a plain `year,debt,gdp[,price_index,interest,surplus]`
//! table, and the decomposition of a history over a window (full when the
//! data have a price index and interest, else nominal).

use crate::{
    decompose, decompose_nominal, history_from, import_text, Decomposition, History, HistorySpec, ImportOptions,
    NominalParts, Parts, Unit,
};

/// Column names of a replay table.
pub const CSV_DEBT: &str = "debt";
pub const CSV_GDP: &str = "gdp";
pub const CSV_PRICE: &str = "price_index";
pub const CSV_INTEREST: &str = "interest";
pub const CSV_SURPLUS: &str = "surplus";

/// The history of a plain table `year,debt,gdp[,price_index,interest,surplus]`
/// (dollars in billions unless `# column:` comments say otherwise), named
/// `name` in errors.
pub fn history_from_table(text: &str, name: &str) -> Result<History, String> {
    let mut data = import_text(text, name, &ImportOptions::default()).map_err(|e| e.to_string())?;
    for series in [CSV_DEBT, CSV_GDP, CSV_INTEREST, CSV_SURPLUS] {
        let unset = data.get(series).is_some_and(|s| s.unit == Unit::Other(String::new()));
        if unset {
            data.set_unit(series, Unit::UsdBillion).map_err(|e| e.to_string())?;
        }
    }
    let has = |series: &str| data.get(series).is_some().then(|| series.to_string());
    let spec = HistorySpec {
        debt: CSV_DEBT.into(),
        gdp: CSV_GDP.into(),
        price_index: has(CSV_PRICE),
        interest: has(CSV_INTEREST),
        surplus: has(CSV_SURPLUS),
    };
    history_from(&data, &spec).map_err(|e| e.to_string())
}

/// The decomposition of a history over a window.
pub enum Replay {
    Full(Decomposition<Parts>),
    Nominal(Decomposition<NominalParts>),
}

/// The decomposition of `h` from the end of `from` to the end of `to`
/// (default: the whole span; for the full decomposition, up to the last year
/// it is defined for, see [`full_until`]).
pub fn decomposition(h: &History, from: Option<i32>, to: Option<i32>) -> Result<Replay, String> {
    let (first, last) = h.span();
    let full = h.spec.price_index.is_some() && h.spec.interest.is_some();
    let default_to = if full { full_until(h).unwrap_or(last) } else { last };
    let (from, to) = (from.unwrap_or(first), to.unwrap_or(default_to));
    Ok(if full {
        Replay::Full(decompose(h, from, to).map_err(|e| e.to_string())?)
    } else {
        Replay::Nominal(decompose_nominal(h, from, to).map_err(|e| e.to_string())?)
    })
}

/// The last year of the full decomposition's default window: the last year
/// with inflation, the effective rate and the primary balance, when later
/// years lack one (`us-1940-2025`: the price index ends FY2022, debt and GDP
/// run to FY2024). `None` when the last year has them all.
pub fn full_until(h: &History) -> Option<i32> {
    let defined =
        |r: &crate::HistoryRow| r.inflation.is_some() && r.effective_rate.is_some() && r.primary_balance.is_some();
    let last = h.rows.last()?;
    if defined(last) {
        return None;
    }
    h.rows.iter().rev().find(|r| defined(r)).map(|r| r.year)
}
