//! The debt-dynamics decomposition (MODEL.md section 6; the IMF debt
//! sustainability decomposition).
//!
//! With `d_t = D_t / GDP_t`, `i_t = interest_t / D_{t-1}` and
//! `den = (1 + g_t)(1 + pi_t)`, the change `d_t - d_{t-1}` splits into
//! - interest `i_t d_{t-1} / den`
//! - inflation `-pi_t (1 + g_t) d_{t-1} / den`
//! - real growth `-g_t d_{t-1} / den`
//! - primary deficit `-pb_t`
//! - residual (stock-flow adjustment) `= change - the four above`,
//!
//! so the five parts sum to the change by construction.
//!
//! [`decompose`] needs all of `g`, `pi`, `i` and `pb` and fails with
//! [`DataError::MissingSeries`] naming what is missing; it never invents a
//! number. Where the data have no price index or no interest series (the
//! 1930s), [`decompose_nominal`] gives the coarser split that the data
//! support: nominal growth `-gn_t d_{t-1} / (1 + gn_t)` (= inflation + real
//! growth), overall deficit `-b_t` (= interest + primary deficit) and the
//! same residual.
//!
//! A window `from..=to` means the change from the end of year `from` to the
//! end of year `to`: rows are the years `from+1..=to`.
//!
//! Every number of a decomposition is finite: a part or sum that overflows
//! is a [`DataError::NotFinite`] naming the input cell behind it.

use crate::error::{DataError, Result};
use crate::history::{History, HistoryRow};

/// A set of named parts that add up to the change in debt/GDP.
pub trait PartSet: Copy + Default + std::fmt::Debug {
    /// `(name, value)` pairs in display order; names are stable identifiers.
    fn named(&self) -> Vec<(&'static str, f64)>;
    /// Add `other` part by part.
    fn add(&mut self, other: &Self);
    /// Sum of all parts.
    fn sum(&self) -> f64 {
        self.named().iter().map(|(_, v)| v).sum()
    }
}

/// The five parts of the full decomposition, in ratio-to-GDP units
/// (0.01 = one point of GDP). Positive parts raise debt/GDP.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Parts {
    pub interest: f64,
    pub inflation: f64,
    pub real_growth: f64,
    pub primary_deficit: f64,
    pub residual: f64,
}

impl PartSet for Parts {
    fn named(&self) -> Vec<(&'static str, f64)> {
        vec![
            ("interest", self.interest),
            ("inflation", self.inflation),
            ("real_growth", self.real_growth),
            ("primary_deficit", self.primary_deficit),
            ("residual", self.residual),
        ]
    }

    fn add(&mut self, o: &Self) {
        self.interest += o.interest;
        self.inflation += o.inflation;
        self.real_growth += o.real_growth;
        self.primary_deficit += o.primary_deficit;
        self.residual += o.residual;
    }
}

/// The three parts of the nominal decomposition.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct NominalParts {
    /// Inflation and real growth together.
    pub nominal_growth: f64,
    /// Interest and primary deficit together (`-` overall balance / GDP).
    pub overall_deficit: f64,
    pub residual: f64,
}

impl PartSet for NominalParts {
    fn named(&self) -> Vec<(&'static str, f64)> {
        vec![
            ("nominal_growth", self.nominal_growth),
            ("overall_deficit", self.overall_deficit),
            ("residual", self.residual),
        ]
    }

    fn add(&mut self, o: &Self) {
        self.nominal_growth += o.nominal_growth;
        self.overall_deficit += o.overall_deficit;
        self.residual += o.residual;
    }
}

/// One year of a decomposition.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DecompositionRow<P> {
    pub year: i32,
    /// `d_{t-1}`.
    pub d_prev: f64,
    /// `d_t`.
    pub d: f64,
    /// `d_t - d_{t-1}`.
    pub change: f64,
    pub parts: P,
}

/// A decomposition over a window, with per-year rows and cumulative sums.
#[derive(Debug, Clone, PartialEq)]
pub struct Decomposition<P = Parts> {
    pub dataset: String,
    /// Base year (debt/GDP at its end is `d_start`).
    pub from: i32,
    /// Last year.
    pub to: i32,
    pub d_start: f64,
    pub d_end: f64,
    /// Years `from+1..=to`.
    pub rows: Vec<DecompositionRow<P>>,
    /// Sum of the rows' parts; adds up to `d_end - d_start`.
    pub cumulative: P,
}

/// The nominal decomposition (see the module docs).
pub type NominalDecomposition = Decomposition<NominalParts>;

impl<P: PartSet> Decomposition<P> {
    /// `d_end - d_start`.
    pub fn change(&self) -> f64 {
        self.d_end - self.d_start
    }

    /// The same decomposition restricted to a sub-window `from..=to`.
    pub fn window(&self, from: i32, to: i32) -> Result<Decomposition<P>> {
        if from < self.from || to > self.to || from >= to {
            return Err(DataError::BadWindow {
                dataset: self.dataset.clone(),
                from,
                to,
                first: self.from,
                last: self.to,
            });
        }
        let rows: Vec<_> = self.rows.iter().filter(|r| r.year > from && r.year <= to).copied().collect();
        let dec = assemble(&self.dataset, from, to, rows);
        match overflow(&dec) {
            None => Ok(dec),
            Some((year, what, value)) => Err(DataError::NotFinite {
                place: Box::new(crate::dataset::Place {
                    file: self.dataset.clone(),
                    lines: None,
                    column: None,
                    series: what.to_string(),
                    year,
                }),
                what: format!("the {what} column summed from {}", from + 1),
                value,
                inputs: "the decomposition's rows".into(),
            }),
        }
    }
}

/// The first year at which a running sum of a part stops being finite, or
/// the last if the change over the window is not: `(year, column, value)`.
fn overflow<P: PartSet>(dec: &Decomposition<P>) -> Option<(i32, &'static str, f64)> {
    let mut sum = P::default();
    for r in &dec.rows {
        sum.add(&r.parts);
        if let Some((name, v)) = sum.named().into_iter().find(|(_, v)| !v.is_finite()) {
            return Some((r.year, name, v));
        }
    }
    let change = dec.change();
    (!change.is_finite()).then_some((dec.to, "change", change))
}

/// Every number of a decomposition of `h` is finite, else the error naming
/// the input cell behind the first that is not.
fn finite<P: PartSet>(h: &History, dec: Decomposition<P>) -> Result<Decomposition<P>> {
    for r in &dec.rows {
        h.check("the change in debt/GDP", r.change, r.year)?;
        for (name, v) in r.parts.named() {
            h.check(&format!("the {name} part of the change in debt/GDP"), v, r.year)?;
        }
    }
    match overflow(&dec) {
        None => Ok(dec),
        Some((year, what, value)) => {
            let what = format!("the {what} column summed from {}", dec.from + 1);
            Err(h.blame(&what, value, year, &[year, year - 1]))
        }
    }
}

fn assemble<P: PartSet>(dataset: &str, from: i32, to: i32, rows: Vec<DecompositionRow<P>>) -> Decomposition<P> {
    let mut cumulative = P::default();
    for r in &rows {
        cumulative.add(&r.parts);
    }
    Decomposition {
        dataset: dataset.to_string(),
        from,
        to,
        d_start: rows.first().map_or(0.0, |r| r.d_prev),
        d_end: rows.last().map_or(0.0, |r| r.d),
        rows,
        cumulative,
    }
}

/// Pairs `(previous, current)` of consecutive rows for the window.
fn pairs(h: &History, from: i32, to: i32) -> Result<Vec<(&HistoryRow, &HistoryRow)>> {
    let (first, last) = h.span();
    if from >= to || from < first || to > last {
        return Err(DataError::BadWindow { dataset: h.dataset.clone(), from, to, first, last });
    }
    let rows: Vec<&HistoryRow> = h.rows.iter().filter(|r| (from..=to).contains(&r.year)).collect();
    rows.windows(2)
        .map(|w| {
            if w[1].year != w[0].year + 1 {
                return Err(DataError::NonConsecutive {
                    dataset: h.dataset.clone(),
                    previous: w[0].year,
                    year: w[1].year,
                });
            }
            Ok((w[0], w[1]))
        })
        .collect()
}

/// The error for a missing quantity: either the spec names no series for it
/// (the data have none) or a named series lacks a value in `year`.
fn missing(h: &History, year: i32, quantity: &str, series: &[Option<&String>]) -> DataError {
    let named: Vec<&str> = series.iter().flatten().map(|s| s.as_str()).collect();
    let has_all = named.len() == series.len();
    let what = if has_all {
        format!("{quantity} (series {})", named.join(", "))
    } else {
        format!("{quantity}: the data have no such series")
    };
    DataError::MissingSeries {
        dataset: h.dataset.clone(),
        year: has_all.then_some(year),
        what,
        needed_for: "the debt decomposition (the nominal decomposition may still work)".into(),
    }
}

/// The full five-part decomposition of the change from the end of `from` to
/// the end of `to`.
pub fn decompose(h: &History, from: i32, to: i32) -> Result<Decomposition<Parts>> {
    let s = &h.spec;
    let mut rows = Vec::new();
    for (prev, cur) in pairs(h, from, to)? {
        let t = cur.year;
        let price = [s.price_index.as_ref()];
        let g = cur.real_growth.ok_or_else(|| missing(h, t, "real GDP growth (GDP price index)", &price))?;
        let pi = cur.inflation.ok_or_else(|| missing(h, t, "inflation (GDP price index)", &price))?;
        let i = cur.effective_rate.ok_or_else(|| missing(h, t, "interest outlays", &[s.interest.as_ref()]))?;
        let pb = cur.primary_balance.ok_or_else(|| {
            let series = [s.surplus.as_ref(), s.interest.as_ref()];
            missing(h, t, "primary balance (surplus and interest)", &series)
        })?;
        let d_prev = prev.debt_gdp;
        let den = (1.0 + g) * (1.0 + pi);
        let change = cur.debt_gdp - d_prev;
        let mut parts = Parts {
            interest: i * d_prev / den,
            inflation: -pi * (1.0 + g) * d_prev / den,
            real_growth: -g * d_prev / den,
            primary_deficit: -pb,
            residual: 0.0,
        };
        parts.residual = change - parts.sum();
        rows.push(DecompositionRow { year: t, d_prev, d: cur.debt_gdp, change, parts });
    }
    finite(h, assemble(&h.dataset, from, to, rows))
}

/// The full decomposition over the whole history.
pub fn decompose_all(h: &History) -> Result<Decomposition<Parts>> {
    let (first, last) = h.span();
    decompose(h, first, last)
}

/// The nominal decomposition (nominal growth, overall deficit, residual) of
/// the change from the end of `from` to the end of `to`. Needs only debt,
/// GDP and the overall surplus.
pub fn decompose_nominal(h: &History, from: i32, to: i32) -> Result<NominalDecomposition> {
    let mut rows = Vec::new();
    for (prev, cur) in pairs(h, from, to)? {
        let b = cur.balance.ok_or_else(|| missing(h, cur.year, "overall surplus", &[h.spec.surplus.as_ref()]))?;
        let d_prev = prev.debt_gdp;
        let gn = cur.gdp / prev.gdp - 1.0;
        let change = cur.debt_gdp - d_prev;
        let mut parts = NominalParts { nominal_growth: -gn * d_prev / (1.0 + gn), overall_deficit: -b, residual: 0.0 };
        parts.residual = change - parts.sum();
        rows.push(DecompositionRow { year: cur.year, d_prev, d: cur.debt_gdp, change, parts });
    }
    finite(h, assemble(&h.dataset, from, to, rows))
}
