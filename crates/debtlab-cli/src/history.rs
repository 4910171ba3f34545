//! The commands on history: `replay` (the IMF debt-dynamics decomposition,
//! [`debtlab_data::decompose`], in [`replay`]), `backtest` (actual paths
//! through the model's debt identity), `track` (the seed articles'
//! watch-list, in [`track`]) and `calibrate` (a scenario beside CBO's
//! January 2025 baseline, in [`calibrate`]). `replay`, `backtest` and
//! `plot-replay` read their data through one function, [`load_history`].

mod calibrate;
pub mod replay;
mod track;

use std::path::Path;

use clap::Args;
use debtlab_data::{detect_format, Backtest, Format, History};

use crate::output::{emit, within_rounding, Cell, Format as OutFormat, Table, ROUNDING};
use crate::OutputOptions;

pub use calibrate::calibrate;
pub use replay::replay;
pub use track::track;

/// A window of years: the change from the end of `from` to the end of `to`.
#[derive(Args, Clone, Debug)]
pub struct Window {
    /// First (base) year of the window.
    #[arg(long, value_name = "YEAR")]
    pub from: Option<i32>,
    /// Last year of the window.
    #[arg(long, value_name = "YEAR")]
    pub to: Option<i32>,
}

use debtlab_data::replay::{CSV_DEBT, CSV_GDP, CSV_INTEREST, CSV_PRICE, CSV_SURPLUS};

fn looks_like_file(dataset: &str) -> bool {
    dataset.contains('/')
        || dataset.contains('\\')
        || dataset.to_ascii_lowercase().ends_with(".csv")
        || Path::new(dataset).is_file()
}

/// The history of a bundled dataset, or of a plain `year,debt,gdp,...` CSV:
/// what `replay`, `backtest` and `plot-replay` accept, all three alike.
pub(crate) fn load_history(dataset: &str) -> Result<History, String> {
    if !looks_like_file(dataset) {
        return debtlab_data::history(dataset).map_err(|e| {
            format!(
                "{e}; or a CSV file with columns year,{CSV_DEBT},{CSV_GDP}[,{CSV_PRICE},{CSV_INTEREST},{CSV_SURPLUS}]"
            )
        });
    }
    let text = read_text(Path::new(dataset))?;
    if detect_format(&text, dataset).map_err(|e| e.to_string())? == Format::Fred {
        return Err(format!(
            "{dataset}: a FRED download; replay and backtest read a plain table with columns \
             year,{CSV_DEBT},{CSV_GDP}[,{CSV_PRICE},{CSV_INTEREST},{CSV_SURPLUS}]"
        ));
    }
    debtlab_data::replay::history_from_table(&text, dataset)
}

/// A user's CSV file as text: read as bytes, then decoded as UTF-8, so a
/// bad byte is reported with its line, CSV column and character.
pub(crate) fn read_text(path: &Path) -> Result<String, String> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| format!("{file}: cannot read: {e}"))?;
    debtlab_data::text::decode_csv(&file, &bytes).map(str::to_string).map_err(|e| e.to_string())
}

/// Ratio to points of GDP (or to percent).
fn pts(ratio: f64) -> Cell {
    Cell::Number(ratio * 100.0)
}

/// Every number of the year rows of `rows` (first cell the year) is finite,
/// else the error naming the input cell behind it. The other rows (sums)
/// are checked by blaming the row whose cell is the largest.
fn finite_cells(h: &History, header: &[String], rows: &[Vec<Cell>]) -> Result<(), String> {
    for row in rows {
        for (c, cell) in row.iter().enumerate() {
            let Cell::Number(v) = cell else { continue };
            if v.is_finite() {
                continue;
            }
            let what = format!("{} in points of GDP", header[c]);
            let year = match row[0] {
                Cell::Integer(y) => y as i32,
                // A sum row: the year with the largest value in the column.
                _ => rows
                    .iter()
                    .filter_map(|r| match (&r[0], &r[c]) {
                        (Cell::Integer(y), Cell::Number(x)) => Some((*y as i32, x.abs())),
                        _ => None,
                    })
                    .max_by(|a, b| a.1.total_cmp(&b.1))
                    .map_or(h.span().1, |(y, _)| y),
            };
            return Err(h.blame(&what, *v, year, &[year, year - 1]).to_string());
        }
    }
    Ok(())
}

/// Render `table`; a terminal table gets `title` above and `footer` lines
/// below, CSV and JSON carry only the rows.
fn show(table: &Table, out: &OutputOptions, title: &str, footer: &[String]) -> Result<(), String> {
    let mut text = table.render(out.format, Some(title))?;
    if out.format == OutFormat::Table {
        for line in footer {
            text.push_str(line);
            text.push_str("\n");
        }
    }
    emit(&text, out.out.as_deref())
}

/// Source and notes of a history, as footer lines.
fn provenance(h: &History) -> Vec<String> {
    let mut lines = vec![format!("source: {}", h.source)];
    lines.extend(h.notes.iter().map(|n| format!("note: {n}")));
    lines
}

pub fn backtest(dataset: Option<&str>, window: &Window, with_sfa: bool, out: &OutputOptions) -> Result<(), String> {
    let h = load_history(dataset.unwrap_or(debtlab_data::US_1940_2025))?;
    let (first, last) = h.span();
    let from = window.from.unwrap_or(if (first..last).contains(&1990) { 1990 } else { first });
    let to = window.to.unwrap_or(last);
    let b = debtlab_data::backtest(&h, from, to, with_sfa).map_err(|e| e.to_string())?;
    let header = [
        "year",
        "effective_rate",
        "nominal_growth",
        "primary_balance",
        "debt_gdp_actual",
        "debt_gdp_model",
        "gap",
        "sfa",
        "sfa_cumulative",
    ];
    let mut rows = vec![vec![
        Cell::Integer(from.into()),
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        pts(b.start_debt_gdp),
        pts(b.start_debt_gdp),
        Cell::Number(0.0),
        Cell::Empty,
        Cell::Number(0.0),
    ]];
    rows.extend(b.rows.iter().map(|r| {
        vec![
            Cell::Integer(r.year.into()),
            pts(r.effective_rate),
            pts(r.nominal_growth),
            pts(r.primary_balance),
            pts(r.debt_gdp),
            pts(r.model_debt_gdp),
            // Rounding noise prints as 0 in the table (issue 18), exact in CSV and JSON.
            Cell::Difference { value: r.gap * 100.0, scale: r.debt_gdp.abs().max(r.model_debt_gdp.abs()) * 100.0 },
            pts(r.sfa / r.gdp),
            pts(r.sfa_compounded / r.gdp),
        ]
    }));
    let header: Vec<String> = header.iter().map(|s| s.to_string()).collect();
    finite_cells(&h, &header, &rows)?;
    let table = Table::new(header, rows);
    let mode =
        if with_sfa { "with the actual stock-flow adjustment fed in" } else { "without the stock-flow adjustment" };
    let title = format!(
        "backtest {} {from}-{to}, {mode}\n\
         the actual effective rates, nominal GDP growth and primary balances (annual \
         schedules) through the model's debt identity (next_debt, dt = 1) from the actual \
         debt at the end of {from}\n\
         percent, and points of GDP; gap = model - actual; sfa = the debt change the deficit \
         does not explain; sfa_cumulative = compounded at the effective rate (without \
         --with-sfa, gap = -sfa_cumulative)",
        b.dataset
    );
    let mut footer = summary(&b);
    footer.extend(provenance(&h));
    show(&table, out, &title, &footer)
}

fn summary(b: &Backtest) -> Vec<String> {
    let mut lines = Vec::new();
    let rounding = |r: &debtlab_data::BacktestRow| within_rounding(r.gap, r.debt_gdp.abs().max(r.model_debt_gdp.abs()));
    if b.rows.iter().all(rounding) {
        lines.push(format!(
            "largest gap: 0 (every year's gap is within {ROUNDING:e} of its debt/GDP: floating-point rounding)"
        ));
    } else if let Some(r) = b.largest_gap() {
        let gap = r.gap * 100.0;
        let gap = if gap.abs() >= 1e-3 { format!("{gap:+.3}") } else { format!("{gap:+.1e}") };
        lines.push(format!(
            "largest gap: {} {gap} points of GDP (model {:.2}% vs actual {:.2}%)",
            r.year,
            r.model_debt_gdp * 100.0,
            r.debt_gdp * 100.0
        ));
    }
    if let Some(last) = b.rows.last() {
        let bn = |v: f64| {
            let sign = if v < 0.0 { "-" } else { "" };
            // 1e300 prints as 1.000e300, not 301 digits.
            if v.abs() < 1e15 {
                format!("{sign}${:.0}bn", v.abs())
            } else {
                format!("{sign}${:.3e}bn", v.abs())
            }
        };
        lines.push(format!(
            "cumulative SFA {}-{}: {} summed; {} compounded at the effective rate = {:.2}% of \
             {} GDP",
            b.from + 1,
            b.to,
            bn(b.sfa_sum()),
            bn(last.sfa_compounded),
            last.sfa_compounded / last.gdp * 100.0,
            b.to
        ));
    }
    lines
}
