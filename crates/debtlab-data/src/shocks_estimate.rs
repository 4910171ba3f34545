//! `debtlab shocks estimate`: the size and correlation of annual innovations
//! in real growth, inflation, the effective interest rate and the primary
//! balance, from a [`History`] (MODEL.md section 5.5).
//!
//! Method: an AR(1) with intercept per series, `x_t = a + b x_{t-1} + u_t`,
//! fitted by OLS over the window's years (the lag of the first year may come
//! from the year before); the innovations `u_t` give the standard deviations
//! (with `n - 2` degrees of freedom) and the correlation matrix. A VAR(1)
//! would let each series' lag enter the others; with about 75 annual
//! observations and 20 coefficients it was judged not worth the extra noise.

use debtlab_core::uncertainty::{cholesky, identity, ShockSpec, SHOCK_COUNT};

use crate::history::{History, HistoryRow};

/// Fewest years of innovations the estimate accepts.
pub const MIN_YEARS: usize = 15;
/// Default window of innovation years (the war and demobilisation years
/// FY1941-1947 are left out: judgment, see MODEL.md 5.5).
pub const DEFAULT_FROM: i32 = 1948;

/// The four series, as named in the output, and the model shock each maps onto.
pub const SERIES: [(&str, &str); 4] =
    [("real_growth", "eps_y"), ("inflation", "eps_pi"), ("effective_rate", "eps_tp"), ("primary_balance", "eps_pb")];

/// The estimate failed; each names the dataset and the rule broken.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EstimateError {
    #[error(
        "{dataset}: only {years} years of innovations in FY{from}-{to} with real growth, inflation, the effective \
         rate and the primary balance all present; the estimate needs at least {MIN_YEARS}"
    )]
    TooShort { dataset: String, from: i32, to: i32, years: usize },
    #[error("{dataset}: the estimated correlation of the innovations is not positive definite ({detail})")]
    NotPositiveDefinite { dataset: String, detail: String },
    #[error(
        "{dataset}: {series} has an estimated annual AR(1) coefficient of {ar:.3}, not below 1: the series is not \
         stationary in FY{from}-{to}, so its innovations have no stable size"
    )]
    NotStationary { dataset: String, series: &'static str, ar: f64, from: i32, to: i32 },
    #[error("{dataset}: no year in FY{from}-{to} (the data cover FY{first}-{last})")]
    EmptyWindow { dataset: String, from: i32, to: i32, first: i32, last: i32 },
}

/// One series' AR(1) fit.
#[derive(Debug, Clone, PartialEq)]
pub struct SeriesFit {
    pub name: &'static str,
    /// The model shock it maps onto.
    pub shock: &'static str,
    /// Mean of the series over the innovation years.
    pub mean: f64,
    pub intercept: f64,
    /// AR(1) coefficient `b`.
    pub ar: f64,
    /// Standard deviation of the innovations.
    pub sd: f64,
}

/// The estimate: fits in the order of [`SERIES`] and the innovations' correlation.
#[derive(Debug, Clone, PartialEq)]
pub struct ShockEstimate {
    pub dataset: String,
    pub source: String,
    /// First and last innovation year.
    pub from: i32,
    pub to: i32,
    pub years: usize,
    pub fits: Vec<SeriesFit>,
    pub correlation: [[f64; 4]; 4],
}

fn values(r: &HistoryRow) -> Option<[f64; 4]> {
    Some([r.real_growth?, r.inflation?, r.effective_rate?, r.primary_balance?])
}

/// Each innovation year's four values and their lags.
type Pairs = Vec<([f64; 4], [f64; 4])>;

/// The innovation years `from..=to` (defaults: [`DEFAULT_FROM`] and the last
/// year with all four series) as `(year, value, lag)` rows.
fn sample(h: &History, from: Option<i32>, to: Option<i32>) -> Result<(i32, i32, Pairs), EstimateError> {
    let (first, last) = h.span();
    let complete: Vec<(i32, [f64; 4])> = h.rows.iter().filter_map(|r| values(r).map(|v| (r.year, v))).collect();
    let from = from.unwrap_or(if (first..=last).contains(&DEFAULT_FROM) { DEFAULT_FROM } else { first });
    let to = to.unwrap_or_else(|| complete.last().map_or(last, |(y, _)| *y));
    if from > to || to < first || from > last {
        return Err(EstimateError::EmptyWindow { dataset: h.dataset.clone(), from, to, first, last });
    }
    let kept: Vec<_> = complete.windows(2).filter(|w| w[1].0 == w[0].0 + 1 && (from..=to).contains(&w[1].0)).collect();
    if kept.len() < MIN_YEARS {
        return Err(EstimateError::TooShort { dataset: h.dataset.clone(), from, to, years: kept.len() });
    }
    // The sample as it is: the first and last year that have their lag.
    let (first_kept, last_kept) = (kept[0][1].0, kept[kept.len() - 1][1].0);
    Ok((first_kept, last_kept, kept.iter().map(|w| (w[1].1, w[0].1)).collect()))
}

/// OLS of `y` on a constant and `x`: `(intercept, slope, residuals)`.
pub fn ar1(y: &[f64], x: &[f64]) -> (f64, f64, Vec<f64>) {
    let n = y.len() as f64;
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let sxy: f64 = x.iter().zip(y).map(|(a, b)| (a - mx) * (b - my)).sum();
    let sxx: f64 = x.iter().map(|a| (a - mx) * (a - mx)).sum();
    let slope = if sxx > 0.0 { sxy / sxx } else { 0.0 };
    let intercept = my - slope * mx;
    let residuals = y.iter().zip(x).map(|(b, a)| b - intercept - slope * a).collect();
    (intercept, slope, residuals)
}

/// Estimates the table from `h` over the innovation years `from..=to`.
pub fn estimate(h: &History, from: Option<i32>, to: Option<i32>) -> Result<ShockEstimate, EstimateError> {
    let (from, to, pairs) = sample(h, from, to)?;
    let n = pairs.len();
    let mut fits = Vec::with_capacity(4);
    let mut residuals = Vec::with_capacity(4);
    for (k, (name, shock)) in SERIES.iter().enumerate() {
        let y: Vec<f64> = pairs.iter().map(|(v, _)| v[k]).collect();
        let x: Vec<f64> = pairs.iter().map(|(_, lag)| lag[k]).collect();
        let (intercept, ar, u) = ar1(&y, &x);
        if ar >= 1.0 {
            return Err(EstimateError::NotStationary { dataset: h.dataset.clone(), series: name, ar, from, to });
        }
        let sd = (u.iter().map(|e| e * e).sum::<f64>() / (n - 2) as f64).sqrt();
        let mean = y.iter().sum::<f64>() / n as f64;
        fits.push(SeriesFit { name, shock, mean, intercept, ar, sd });
        residuals.push(u);
    }
    let correlation = correlation(&residuals);
    let est =
        ShockEstimate { dataset: h.dataset.clone(), source: h.source.clone(), from, to, years: n, fits, correlation };
    est.check_positive_definite()?;
    Ok(est)
}

/// The correlation matrix of equally long series (means removed).
pub fn correlation(series: &[Vec<f64>]) -> [[f64; 4]; 4] {
    let centred: Vec<Vec<f64>> = series
        .iter()
        .map(|s| {
            let m = s.iter().sum::<f64>() / s.len() as f64;
            s.iter().map(|x| x - m).collect()
        })
        .collect();
    let dot = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f64>();
    let mut c = [[0.0; 4]; 4];
    for i in 0..4 {
        for j in 0..4 {
            c[i][j] = if i == j {
                1.0
            } else {
                dot(&centred[i], &centred[j]) / (dot(&centred[i], &centred[i]) * dot(&centred[j], &centred[j])).sqrt()
            };
        }
    }
    c
}

/// Where each estimated series goes in [`ShockSpec::NAMES`].
const SLOT: [usize; 4] = [1, 0, 2, 4];

impl ShockEstimate {
    /// A correlation with a NaN (a constant series) or a pivot not above
    /// 1e-10 is refused.
    fn check_positive_definite(&self) -> Result<(), EstimateError> {
        let error = |detail: String| EstimateError::NotPositiveDefinite { dataset: self.dataset.clone(), detail };
        if let Some(f) = self.fits.iter().find(|f| f.sd.is_nan() || f.sd <= 0.0) {
            return Err(error(format!("{} has innovations of standard deviation {}", f.name, f.sd)));
        }
        let m = self.model_correlation();
        let l = cholesky(&m).map_err(error)?;
        if let Some(i) = SLOT.iter().copied().find(|&i| l[i][i] <= 1e-5) {
            return Err(error(format!("{} is a linear combination of the others", ShockSpec::NAMES[i])));
        }
        Ok(())
    }

    /// The correlation in the model's shock order (`eps_Z` uncorrelated).
    pub fn model_correlation(&self) -> [[f64; SHOCK_COUNT]; SHOCK_COUNT] {
        let mut m = identity();
        for i in 0..4 {
            for j in 0..4 {
                m[SLOT[i]][SLOT[j]] = self.correlation[i][j];
            }
        }
        m
    }

    /// The persistence written for each series: `None` for real growth
    /// (white noise into the output gap's level), else the AR(1)
    /// coefficient, a negative one written as 0 (noted in [`ShockEstimate::notes`]).
    pub fn persistence(&self, k: usize) -> Option<f64> {
        (k != 0).then(|| self.fits[k].ar.max(0.0))
    }

    /// The table as a [`ShockSpec`] (no recession chain).
    pub fn to_spec(&self) -> ShockSpec {
        let mut spec = ShockSpec::default();
        for (k, fit) in self.fits.iter().enumerate() {
            spec.sd[SLOT[k]] = fit.sd;
            spec.persistence[SLOT[k]] = self.persistence(k);
        }
        spec.correlation = self.model_correlation();
        spec.cholesky = cholesky(&spec.correlation).unwrap_or(spec.cholesky);
        spec
    }

    /// Caveats to print with the table.
    pub fn notes(&self) -> Vec<String> {
        self.fits
            .iter()
            .filter(|f| f.ar < 0.0 && f.name != "real_growth")
            .map(|f| format!("{}: AR(1) coefficient {:.3} is negative; written as persistence 0", f.name, f.ar))
            .collect()
    }

    /// The `[shocks]` table, with its sample as comments.
    pub fn to_toml(&self) -> String {
        let spec = self.to_spec();
        let mut out = format!(
            "# Estimated by `debtlab shocks estimate` from {}: AR(1) innovations of FY{}-{} ({} years).\n# Source: {}\n",
            self.dataset, self.from, self.to, self.years, self.source
        );
        for note in self.notes() {
            out.push_str(&format!("# Note: {note}\n"));
        }
        out.push_str("[shocks]\n");
        for (i, name) in ShockSpec::NAMES.iter().enumerate() {
            out.push_str(&format!("{name} = {}\n", round(spec.sd[i])));
        }
        for (i, name) in ShockSpec::PERSISTENCE_NAMES.iter().enumerate() {
            if let Some(rho) = spec.persistence[i] {
                out.push_str(&format!("{name} = {}\n", round(rho)));
            }
        }
        out.push_str("correlation = [  # eps_pi, eps_y, eps_tp, eps_Z, eps_pb\n");
        for row in spec.correlation {
            out.push_str(&format!("    [{}],\n", row.map(|x| round(x).to_string()).join(", ")));
        }
        out.push_str("]\n");
        out
    }
}

/// Six significant digits, as the table is written and bundled.
pub fn round(x: f64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let digits = 5 - x.abs().log10().floor() as i32;
    let f = 10f64.powi(digits);
    (x * f).round() / f
}

#[cfg(test)]
#[path = "shocks_estimate_tests.rs"]
pub(crate) mod tests;
