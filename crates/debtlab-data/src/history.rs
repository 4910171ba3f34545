//! Annual history for replay (MODEL.md section 6): per fiscal year, debt held
//! by the public, nominal GDP, real growth, inflation, interest and the
//! primary balance, derived from a [`Dataset`].
//!
//! Derivations, for year `t` with the previous year `t-1` in the data:
//! - real GDP `= GDP / price index`, so `g_t = real_t / real_{t-1} - 1` and
//!   `pi_t = P_t / P_{t-1} - 1` multiply back exactly to nominal growth;
//! - effective rate `i_t = interest_t / D_{t-1}`;
//! - overall balance `b_t = surplus_t / GDP_t` (surplus positive);
//! - primary balance `pb_t = (surplus_t + interest_t) / GDP_t`.
//!
//! A quantity that cannot be derived (no price index, no interest series,
//! first year, missing cell) is `None`; the full decomposition then fails
//! with an error naming it, while the nominal decomposition needs only debt,
//! GDP and the overall balance.
//!
//! Every number of a [`History`] is finite. GDP and the price index must be
//! positive ([`DataError::BadValue`], naming the cell), the debt that
//! divides the next year's interest must be non-zero, and a ratio or growth
//! rate that overflows is a [`DataError::NotFinite`] naming the most
//! extreme of its input cells ([`History::blame`] does the same for
//! computations made from a history).

use crate::bundled::{bundled, bundled_names, CBO_2025, US_1930S, US_1940_2025, US_POSTWAR};
use crate::dataset::{Dataset, Place, Series, Unit};
use crate::error::{closest, number, DataError, Result};

/// Which series of a dataset feed the history. Dollar series must carry a
/// USD unit ([`Dataset::set_unit`] sets one on imported data); the surplus
/// may be in dollars or in percent of GDP.
#[derive(Debug, Clone, PartialEq)]
pub struct HistorySpec {
    /// Debt held by the public, end of year (nominal dollars).
    pub debt: String,
    /// Nominal GDP of the year (dollars).
    pub gdp: String,
    /// GDP price index (any base); `None` if the data have none.
    pub price_index: Option<String>,
    /// Interest outlays of the year (dollars); `None` if the data have none.
    pub interest: Option<String>,
    /// Overall surplus (+) or deficit (-), interest included.
    pub surplus: Option<String>,
}

impl HistorySpec {
    /// The spec used for a bundled dataset name, if it has one.
    pub fn for_bundled(name: &str) -> Option<HistorySpec> {
        let s = |x: &str| Some(x.to_string());
        match name {
            US_1940_2025 | US_POSTWAR => Some(HistorySpec {
                debt: "debt_held_by_public_musd".into(),
                gdp: "gdp_fy_busd".into(),
                price_index: s("gdp_chained_price_index_fy2012eq1"),
                interest: s("net_interest_outlays_musd"),
                surplus: s("surplus_musd"),
            }),
            US_1930S => Some(HistorySpec {
                debt: "total_public_debt_usd".into(),
                gdp: "omb_gdp_busd".into(),
                price_index: None,
                interest: None,
                surplus: s("surplus_pct_gdp"),
            }),
            CBO_2025 => Some(HistorySpec {
                debt: "debt_held_by_public_busd".into(),
                gdp: "gdp_busd".into(),
                price_index: s("gdp_price_index"),
                interest: s("net_interest_busd"),
                surplus: s("total_deficit_busd"),
            }),
            _ => None,
        }
    }
}

/// One fiscal year of history. Money in billions of dollars, ratios and
/// rates as decimals (0.05 = 5%).
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryRow {
    pub year: i32,
    /// Debt held by the public at the end of the year, $bn.
    pub debt: f64,
    /// Nominal GDP, $bn.
    pub gdp: f64,
    /// `debt / gdp`.
    pub debt_gdp: f64,
    /// Nominal GDP growth from the previous year.
    pub nominal_growth: Option<f64>,
    /// Real GDP growth `g`.
    pub real_growth: Option<f64>,
    /// GDP price index growth `pi`.
    pub inflation: Option<f64>,
    /// Interest outlays, $bn.
    pub interest: Option<f64>,
    /// `interest / previous year's debt`.
    pub effective_rate: Option<f64>,
    /// Overall surplus / GDP (surplus positive, interest included).
    pub balance: Option<f64>,
    /// Primary surplus / GDP `= balance + interest / GDP`.
    pub primary_balance: Option<f64>,
}

/// The annual history of one dataset.
#[derive(Debug, Clone, PartialEq)]
pub struct History {
    /// Dataset name.
    pub dataset: String,
    /// The dataset's source line.
    pub source: String,
    /// The series it was built from.
    pub spec: HistorySpec,
    /// Caveats: the dataset's notes plus what could not be derived.
    pub notes: Vec<String>,
    /// Years in increasing order (only years with both debt and GDP).
    pub rows: Vec<HistoryRow>,
    /// The series the history was built from, as read (in the units of the
    /// data, with where each value came from), to name the input cells
    /// behind a number.
    pub inputs: Vec<Series>,
}

/// Names accepted by [`history`].
pub fn history_names() -> &'static [&'static str] {
    &[US_1940_2025, US_POSTWAR, US_1930S, CBO_2025]
}

/// The history of a bundled dataset (see [`history_names`]). Any other
/// name is an error that lists (and suggests from) only these names: a
/// bundled dataset that is not a history, such as `start-2026`, is
/// [`DataError::NotAHistory`].
pub fn history(name: &str) -> Result<History> {
    let names = history_names();
    if !names.contains(&name) {
        let known = names.iter().map(|s| s.to_string()).collect();
        if bundled_names().contains(&name) {
            return Err(DataError::NotAHistory { name: name.to_string(), known });
        }
        let suggestion = closest(name, names.iter().copied());
        return Err(DataError::UnknownDataset { name: name.to_string(), suggestion, known });
    }
    let data = bundled(name)?;
    let spec = HistorySpec::for_bundled(name).ok_or_else(|| DataError::MissingSeries {
        dataset: name.to_string(),
        what: "debt and GDP series (it is not a year-indexed table)".into(),
        year: None,
        needed_for: "a replay history".into(),
    })?;
    history_from(&data, &spec)
}

/// Build the history of any dataset from the named series.
///
/// Errors: a missing or mis-unit series; GDP or the price index not
/// positive, or a zero debt that divides interest ([`DataError::BadValue`]);
/// a derived number too large for 64-bit floating point
/// ([`DataError::NotFinite`]). Each names the cell of the file behind it.
pub fn history_from(data: &Dataset, spec: &HistorySpec) -> Result<History> {
    let debt = dollars(data, &spec.debt)?;
    let gdp = dollars(data, &spec.gdp)?;
    let price = spec.price_index.as_deref().map(|n| data.require(n)).transpose()?;
    let interest = spec.interest.as_deref().map(|n| dollars(data, n)).transpose()?;
    let surplus = spec.surplus.as_deref().map(|n| data.require(n)).transpose()?;
    if let Some(s) = surplus {
        if s.unit != Unit::PercentOfGdp && s.unit.to_usd_billion().is_none() {
            return Err(bad_unit(data, s, "a USD unit or percent of GDP"));
        }
    }
    positive(data, gdp.1, "GDP must be positive to divide by it")?;
    if let Some(p) = price {
        positive(data, p, "a price index must be positive to divide by it")?;
    }

    let mut notes = data.notes.clone();
    if spec.price_index.is_none() {
        notes.push("no GDP price index: real growth and inflation are not separated".into());
    }
    if spec.interest.is_none() {
        notes.push("no interest series: the primary balance cannot be derived".into());
    }

    let check = |value: f64, what: &str, year: i32, cells: &[(Option<&Series>, i32)]| -> Result<f64> {
        if value.is_finite() {
            return Ok(value);
        }
        let cells: Vec<(&Series, i32)> = cells.iter().filter_map(|(s, y)| s.map(|s| (s, *y))).collect();
        Err(not_finite(&data.name, what, value, year, &cells))
    };
    let (debt_s, gdp_s, int_s) = (Some(debt.1), Some(gdp.1), interest.map(|i| i.1));

    let mut rows: Vec<HistoryRow> = Vec::new();
    for &(year, d) in &debt.1.values {
        let Some(y) = gdp.1.at(year) else {
            notes.push(format!("{year} left out: no GDP ({})", spec.gdp));
            continue;
        };
        let before = year - 1;
        let d = check(d * debt.0, "debt in $bn", year, &[(debt_s, year)])?;
        let y = check(y * gdp.0, "GDP in $bn", year, &[(gdp_s, year)])?;
        let prev = rows.last().filter(|r| r.year == before);
        let p_now = price.and_then(|p| p.at(year));
        let p_prev = price.and_then(|p| p.at(before));
        let int = match interest.and_then(|(scale, s)| s.at(year).map(|v| v * scale)) {
            Some(v) => Some(check(v, "interest in $bn", year, &[(int_s, year)])?),
            None => None,
        };
        let balance = match surplus.and_then(|s| s.at(year)) {
            Some(v) => {
                let b = match surplus.and_then(|s| s.unit.to_usd_billion()) {
                    Some(scale) => v * scale / y,
                    None => v / 100.0,
                };
                Some(check(b, "the overall balance / GDP", year, &[(surplus, year), (gdp_s, year)])?)
            }
            None => None,
        };
        let inflation = match (prev, p_now, p_prev) {
            (Some(_), Some(a), Some(b)) => {
                Some(check(a / b - 1.0, "inflation", year, &[(price, year), (price, before)])?)
            }
            _ => None,
        };
        let nominal_growth = match prev {
            Some(r) => Some(check(y / r.gdp - 1.0, "nominal GDP growth", year, &[(gdp_s, year), (gdp_s, before)])?),
            None => None,
        };
        let real_growth = match (nominal_growth, inflation) {
            (Some(n), Some(pi)) => {
                let cells = [(gdp_s, year), (gdp_s, before), (price, year), (price, before)];
                Some(check((1.0 + n) / (1.0 + pi) - 1.0, "real GDP growth", year, &cells)?)
            }
            _ => None,
        };
        let effective_rate = match prev.zip(int) {
            Some((r, _)) if r.debt == 0.0 => {
                return Err(DataError::BadValue {
                    place: Box::new(debt.1.place(before, &data.name)),
                    rule: "debt must be non-zero to divide the next year's interest by it (the effective rate)".into(),
                    // The cell as written (a tiny debt in $ may be 0 in $bn).
                    value: debt.1.at(before).unwrap_or_default(),
                    at: format!("in {before}"),
                });
            }
            Some((r, i)) => {
                Some(check(i / r.debt, "the effective interest rate", year, &[(int_s, year), (debt_s, before)])?)
            }
            None => None,
        };
        let primary_balance = match balance.zip(int) {
            Some((b, i)) => {
                let cells = [(surplus, year), (int_s, year), (gdp_s, year)];
                Some(check(b + i / y, "the primary balance / GDP", year, &cells)?)
            }
            None => None,
        };
        rows.push(HistoryRow {
            year,
            debt: d,
            gdp: y,
            debt_gdp: check(d / y, "debt / GDP", year, &[(debt_s, year), (gdp_s, year)])?,
            nominal_growth,
            real_growth,
            inflation,
            interest: int,
            effective_rate,
            balance,
            primary_balance,
        });
    }
    if rows.is_empty() {
        return Err(DataError::MissingSeries {
            dataset: data.name.clone(),
            what: format!("a year with both {} and {}", spec.debt, spec.gdp),
            year: None,
            needed_for: "a replay history".into(),
        });
    }
    let inputs = [Some(debt.1), Some(gdp.1), price, int_s, surplus].into_iter().flatten().cloned().collect();
    Ok(History { dataset: data.name.clone(), source: data.source.clone(), spec: spec.clone(), notes, rows, inputs })
}

/// Every value of `series` must be positive.
fn positive(data: &Dataset, series: &Series, rule: &str) -> Result<()> {
    match series.values.iter().find(|(_, v)| *v <= 0.0) {
        Some(&(year, value)) => Err(DataError::BadValue {
            place: Box::new(series.place(year, &data.name)),
            rule: rule.to_string(),
            value,
            at: format!("in {year}"),
        }),
        None => Ok(()),
    }
}

/// How far from 1 a value is, in orders of magnitude. Zero counts as
/// ordinary: every zero that would divide is refused by a rule first
/// ([`DataError::BadValue`]), so an overflow comes from a huge or tiny value.
fn extremity(v: f64) -> f64 {
    if v == 0.0 {
        0.0
    } else {
        v.abs().ln().abs()
    }
}

/// The error for a derived `value` of `year` (described by `what`) that is
/// not finite, blaming the most extreme of the input `cells` (series and
/// year) that have a value: the farthest from 1 in orders of magnitude
/// (zero counts as ordinary). `dataset` names values not read from a file.
pub fn not_finite(dataset: &str, what: &str, value: f64, year: i32, cells: &[(&Series, i32)]) -> DataError {
    let present: Vec<(&Series, i32, f64)> = cells.iter().filter_map(|&(s, y)| s.at(y).map(|v| (s, y, v))).collect();
    let worst = present.iter().max_by(|a, b| extremity(a.2).total_cmp(&extremity(b.2)));
    let place = match worst {
        Some((s, y, _)) => s.place(*y, dataset),
        None => Place { file: dataset.to_string(), lines: None, column: None, series: what.to_string(), year },
    };
    let place = Place { year, ..place };
    let inputs = if present.is_empty() {
        "the data".to_string()
    } else {
        let list: Vec<String> = present.iter().map(|(s, y, v)| format!("{} {y} = {}", s.name, number(*v))).collect();
        list.join(", ")
    };
    DataError::NotFinite { place: Box::new(place), what: what.to_string(), value, inputs }
}

/// A series that must be in dollars, with its factor to $bn.
fn dollars<'a>(data: &'a Dataset, name: &str) -> Result<(f64, &'a Series)> {
    let s = data.require(name)?;
    let scale = s
        .unit
        .to_usd_billion()
        .ok_or_else(|| bad_unit(data, s, "a USD unit (USD, USD million, USD billion, USD trillion)"))?;
    Ok((scale, s))
}

fn bad_unit(data: &Dataset, s: &Series, expected: &str) -> DataError {
    DataError::BadUnit {
        dataset: data.name.clone(),
        series: s.name.clone(),
        unit: s.unit.to_string(),
        expected: expected.to_string(),
    }
}

impl History {
    /// The input cell behind a number of `year` that is not finite, as an
    /// error: the most extreme value (the farthest from 1 in orders of
    /// magnitude) of the input series in `years`.
    pub fn blame(&self, what: &str, value: f64, year: i32, years: &[i32]) -> DataError {
        let cells: Vec<(&Series, i32)> = self.inputs.iter().flat_map(|s| years.iter().map(move |&y| (s, y))).collect();
        not_finite(&self.dataset, what, value, year, &cells)
    }

    /// `value` if finite, else [`History::blame`] over the year `year` and
    /// the one before it (the years a row's numbers are computed from).
    pub fn check(&self, what: &str, value: f64, year: i32) -> Result<f64> {
        if value.is_finite() {
            Ok(value)
        } else {
            Err(self.blame(what, value, year, &[year, year - 1]))
        }
    }

    /// The row of `year`, if present.
    pub fn row(&self, year: i32) -> Option<&HistoryRow> {
        self.rows.iter().find(|r| r.year == year)
    }

    /// First and last year.
    pub fn span(&self) -> (i32, i32) {
        // `history_from` never builds an empty history.
        let first = self.rows.first().map_or(0, |r| r.year);
        let last = self.rows.last().map_or(0, |r| r.year);
        (first, last)
    }

    /// A copy restricted to `from..=to` (growth rates of the first row are
    /// kept, as they were computed from the full data).
    pub fn window(&self, from: i32, to: i32) -> Result<History> {
        let (first, last) = self.span();
        if from > to || from < first || to > last {
            return Err(DataError::BadWindow { dataset: self.dataset.clone(), from, to, first, last });
        }
        Ok(History {
            rows: self.rows.iter().filter(|r| (from..=to).contains(&r.year)).cloned().collect(),
            ..self.clone()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn us_history_derivations() {
        let h = history(US_1940_2025).unwrap();
        // Debt and GDP run to FY2024; FY2025 has neither yet.
        assert_eq!(h.span(), (1940, 2024));
        let r24 = h.row(2024).unwrap();
        assert!((r24.effective_rate.unwrap() - 881.65 / 26_235.6).abs() < 1e-12);
        assert!(r24.inflation.is_none(), "no price index after FY2022");
        let r = h.row(1947).unwrap();
        assert!((r.debt - 224.339).abs() < 1e-9);
        assert!((r.gdp - 238.9).abs() < 1e-12);
        assert!((r.inflation.unwrap() - (0.1158 / 0.1044 - 1.0)).abs() < 1e-12);
        let n = r.nominal_growth.unwrap();
        let (g, pi) = (r.real_growth.unwrap(), r.inflation.unwrap());
        assert!(((1.0 + g) * (1.0 + pi) - (1.0 + n)).abs() < 1e-12);
        assert!((r.effective_rate.unwrap() - 4.204 / 241.861).abs() < 1e-12);
        assert!((r.primary_balance.unwrap() - (4.018 + 4.204) / 238.9).abs() < 1e-12);
        assert!(h.rows[0].real_growth.is_none());
    }

    #[test]
    fn thirties_has_only_nominal_quantities() {
        let h = history(US_1930S).unwrap();
        assert_eq!(h.span(), (1930, 1940));
        assert!(h.notes.iter().any(|n| n.contains("1929 left out")));
        let r = h.row(1933).unwrap();
        assert!(r.inflation.is_none() && r.primary_balance.is_none());
        assert_eq!(r.balance, Some(-0.045));
        assert!((r.debt_gdp - 22.538_672_560_15 / 58.3).abs() < 1e-12);
    }

    #[test]
    fn cbo_surplus_sign() {
        let h = history(CBO_2025).unwrap();
        let r = h.row(2025).unwrap();
        assert!((r.balance.unwrap() - (-1865.0 / 30135.0)).abs() < 1e-12);
        assert!((r.primary_balance.unwrap() - ((-1865.0 + 952.0) / 30135.0)).abs() < 1e-12);
    }

    #[test]
    fn window_and_errors() {
        let h = history(US_1940_2025).unwrap();
        assert_eq!(h.window(1946, 1974).unwrap().rows.len(), 29);
        assert!(h.window(1930, 1950).is_err());
        assert!(history("start-2026").is_err());
        // Issue 18: the error listed start-2026, which it then refused.
        for bogus in ["bogus", "start-2026", "cbo-btn-2025", "us-1940-2023"] {
            let err = history(bogus).unwrap_err().to_string();
            for name in bundled_names() {
                let listed = err.contains(&format!(" {name}"));
                assert_eq!(listed, history_names().contains(name), "{name} in {err}");
            }
        }
        assert!(history("us-1940-2023").unwrap_err().to_string().contains("did you mean \"us-1940-2025\""));
        for name in history_names() {
            history(name).unwrap();
        }
        let mut data = bundled(US_1940_2025).unwrap();
        data.set_unit("gdp_fy_busd", Unit::Percent).unwrap();
        let err = history_from(&data, &HistorySpec::for_bundled(US_1940_2025).unwrap());
        assert!(err.unwrap_err().to_string().contains("gdp_fy_busd"));
    }
}
