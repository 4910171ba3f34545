//! Backtest of the model's debt identity on history.
//!
//! The actual annual paths of a [`History`] become annual schedules
//! ([`debtlab_core::params::Schedule`], one point per fiscal year):
//! - the effective rate `i_t = interest_t / D_{t-1}`,
//! - nominal GDP growth `gn_t`,
//! - the primary balance `pb_t` (surplus positive, share of GDP),
//! - with `with_sfa`, the stock-flow adjustment `sfa_t / GDP_t` as well.
//!
//! Starting from the actual debt `M_from = D_from` and GDP `Y_from`, each
//! year `t = from+1..=to` is one step of the model's identity
//! [`debtlab_core::model::debt::next_debt`] with `dt = 1`:
//!
//! ```text
//! Y_t = Y_{t-1} (1 + gn_t)
//! M_t = next_debt(M_{t-1}, 1, i_t M_{t-1}, -pb_t Y_t [+ sfa_t / GDP_t * Y_t], 0)
//! ```
//!
//! The actual debt obeys `D_t = D_{t-1} (1 + i_t) - pb_t GDP_t + SFA_t`,
//! where the stock-flow adjustment `SFA_t = D_t - D_{t-1} - (interest_t -
//! pb_t GDP_t)` is the change in debt the deficit does not explain. So the
//! gap in dollars `M_t - D_t = (1 + i_t)(M_{t-1} - D_{t-1}) - SFA_t`, i.e.
//!
//! ```text
//! M_t - D_t = -C_t,   C_t = (1 + i_t) C_{t-1} + SFA_t,   C_from = 0:
//! ```
//!
//! without the SFA the model misses exactly the cumulative SFA compounded
//! at the actual effective rate ([`BacktestRow::sfa_compounded`]); with it,
//! the model reproduces the actual debt up to rounding.
//!
//! Every number of a backtest is finite: one that overflows (the model's
//! compounding included) is a [`DataError::NotFinite`] naming the input
//! cell behind it.

use debtlab_core::model::debt::next_debt;
use debtlab_core::params::Schedule;

use crate::error::{DataError, Result};
use crate::history::History;

/// One year of a backtest. Money in $bn, ratios as decimals.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BacktestRow {
    pub year: i32,
    /// Effective rate `i_t = interest_t / D_{t-1}` (actual).
    pub effective_rate: f64,
    /// Nominal GDP growth `gn_t` (actual).
    pub nominal_growth: f64,
    /// Primary balance / GDP `pb_t` (actual, surplus positive).
    pub primary_balance: f64,
    /// Nominal GDP: actual, and the model's (compounded from `gn_t`).
    pub gdp: f64,
    pub model_gdp: f64,
    /// Debt held by the public at the end of the year: actual and model.
    pub debt: f64,
    pub model_debt: f64,
    /// Debt / GDP: actual `D_t / GDP_t` and model `M_t / Y_t`.
    pub debt_gdp: f64,
    pub model_debt_gdp: f64,
    /// `model_debt_gdp - debt_gdp`.
    pub gap: f64,
    /// This year's stock-flow adjustment `SFA_t`, $bn.
    pub sfa: f64,
    /// `C_t = (1 + i_t) C_{t-1} + SFA_t`: the SFA accumulated since `from`,
    /// compounded at the actual effective rate, $bn. Without the SFA the
    /// model's debt is `debt - sfa_compounded`.
    pub sfa_compounded: f64,
}

/// A backtest over `from..=to`.
#[derive(Debug, Clone, PartialEq)]
pub struct Backtest {
    pub dataset: String,
    pub from: i32,
    pub to: i32,
    /// Whether the SFA was fed in as a schedule.
    pub with_sfa: bool,
    /// Actual debt, GDP and debt/GDP at the end of `from` (the start).
    pub start_debt: f64,
    pub start_gdp: f64,
    pub start_debt_gdp: f64,
    /// Years `from+1..=to`.
    pub rows: Vec<BacktestRow>,
}

impl Backtest {
    /// The row with the largest `|gap|` (the first such, if tied).
    pub fn largest_gap(&self) -> Option<&BacktestRow> {
        self.rows.iter().reduce(|a, b| if b.gap.abs() > a.gap.abs() { b } else { a })
    }

    /// Sum of `SFA_t` over the window (not compounded), $bn.
    pub fn sfa_sum(&self) -> f64 {
        self.rows.iter().map(|r| r.sfa).sum()
    }
}

/// Annual actuals the backtest needs, per year `from+1..=to`.
struct Actual {
    year: i32,
    rate: f64,
    growth: f64,
    pb: f64,
    gdp: f64,
    debt: f64,
    sfa: f64,
}

fn missing(h: &History, year: i32, what: &str) -> DataError {
    DataError::MissingSeries {
        dataset: h.dataset.clone(),
        what: what.to_string(),
        year: Some(year),
        needed_for: "the backtest".into(),
    }
}

fn actuals(h: &History, from: i32, to: i32) -> Result<(f64, f64, Vec<Actual>)> {
    let (first, last) = h.span();
    if from >= to || from < first || to > last {
        return Err(DataError::BadWindow { dataset: h.dataset.clone(), from, to, first, last });
    }
    let start = h.row(from).ok_or_else(|| missing(h, from, "debt and GDP"))?;
    let mut out = Vec::new();
    let mut prev = start;
    for year in from + 1..=to {
        let cur = h.row(year).ok_or_else(|| missing(h, year, "debt and GDP (the years must be consecutive)"))?;
        let rate = cur.effective_rate.ok_or_else(|| missing(h, year, "interest outlays (effective rate)"))?;
        let interest = cur.interest.ok_or_else(|| missing(h, year, "interest outlays"))?;
        let growth = cur.nominal_growth.ok_or_else(|| missing(h, year, "nominal GDP growth"))?;
        let pb = cur.primary_balance.ok_or_else(|| missing(h, year, "primary balance (surplus and interest)"))?;
        let sfa = h.check("the stock-flow adjustment", cur.debt - prev.debt - (interest - pb * cur.gdp), year)?;
        out.push(Actual { year, rate, growth, pb, gdp: cur.gdp, debt: cur.debt, sfa });
        prev = cur;
    }
    Ok((start.debt, start.gdp, out))
}

/// One schedule point per year.
fn schedule(actual: &[Actual], value: impl Fn(&Actual) -> f64) -> Schedule {
    let points = actual.iter().map(|a| (a.year as f64, value(a))).collect();
    // Years are consecutive and increasing, and there is at least one.
    Schedule::new(points).expect("increasing years")
}

/// Feed the actual paths of `h` over `from..=to` through the model's debt
/// identity (see the module docs). Needs debt, GDP, interest and the
/// surplus in every year of the window.
pub fn backtest(h: &History, from: i32, to: i32, with_sfa: bool) -> Result<Backtest> {
    let (start_debt, start_gdp, actual) = actuals(h, from, to)?;
    let rate = schedule(&actual, |a| a.rate);
    let growth = schedule(&actual, |a| a.growth);
    let pb = schedule(&actual, |a| a.pb);
    for a in &actual {
        h.check("the stock-flow adjustment / GDP", a.sfa / a.gdp, a.year)?;
    }
    let sfa_share = schedule(&actual, |a| a.sfa / a.gdp);

    let mut rows = Vec::with_capacity(actual.len());
    let (mut model_debt, mut model_gdp, mut compounded, mut sfa_sum) = (start_debt, start_gdp, 0.0, 0.0);
    for a in &actual {
        let t = a.year as f64;
        let i = rate.value_at(t);
        model_gdp *= 1.0 + growth.value_at(t);
        let mut primary_deficit = -pb.value_at(t) * model_gdp;
        if with_sfa {
            primary_deficit += sfa_share.value_at(t) * model_gdp;
        }
        model_debt = next_debt(model_debt, 1.0, i * model_debt, primary_deficit, 0.0);
        compounded = (1.0 + i) * compounded + a.sfa;
        sfa_sum += a.sfa;
        let (debt_gdp, model_debt_gdp) = (a.debt / a.gdp, model_debt / model_gdp);
        let checks = [
            ("the model's GDP", model_gdp),
            ("the model's debt", model_debt),
            ("the model's debt / GDP", model_debt_gdp),
            ("the gap in debt / GDP", model_debt_gdp - debt_gdp),
            ("the compounded stock-flow adjustment", compounded),
            ("the compounded stock-flow adjustment / GDP", compounded / a.gdp),
            ("the sum of the stock-flow adjustments", sfa_sum),
        ];
        for (what, v) in checks {
            // The model compounds from the start: blame every year so far.
            if !v.is_finite() {
                let years: Vec<i32> = (from..=a.year).collect();
                return Err(h.blame(what, v, a.year, &years));
            }
        }
        rows.push(BacktestRow {
            year: a.year,
            effective_rate: i,
            nominal_growth: growth.value_at(t),
            primary_balance: pb.value_at(t),
            gdp: a.gdp,
            model_gdp,
            debt: a.debt,
            model_debt,
            debt_gdp,
            model_debt_gdp,
            gap: model_debt_gdp - debt_gdp,
            sfa: a.sfa,
            sfa_compounded: compounded,
        });
    }
    Ok(Backtest {
        dataset: h.dataset.clone(),
        from,
        to,
        with_sfa,
        start_debt,
        start_gdp,
        start_debt_gdp: start_debt / start_gdp,
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::history;

    #[test]
    fn one_year_by_hand() {
        let h = history("us-1940-2025").unwrap();
        let b = backtest(&h, 2021, 2022, false).unwrap();
        let r = &b.rows[0];
        let (d0, d1) = (22_282.817, 24_252.357);
        let (interest, surplus) = (475.887, -1_375.925);
        // Without the SFA: M = D0 + interest + deficit.
        assert!((r.model_debt - (d0 + interest - (surplus + interest))).abs() < 1e-9);
        assert!((r.sfa - (d1 - d0 + surplus)).abs() < 1e-9);
        assert!((r.model_debt - (r.debt - r.sfa)).abs() < 1e-9);
    }

    #[test]
    fn window_errors() {
        let h = history("us-1940-2025").unwrap();
        assert!(backtest(&h, 2022, 2022, false).is_err());
        assert!(backtest(&h, 1930, 1950, false).is_err());
        let thirties = history("us-1930s").unwrap();
        let err = backtest(&thirties, 1931, 1935, false).unwrap_err();
        assert!(err.to_string().contains("interest"), "{err}");
    }
}
