//! `debtlab shocks backtest`: the fan tested against history (MODEL.md
//! section 5.5). For each start year `s`, paths of debt/GDP over `s+1..=s+H`
//! from the IMF's reduced form of the debt identity,
//!
//! ```text
//! d_t = d_{t-1} (1 + i_t) / ((1 + g_t)(1 + pi_t)) - pb_t,
//! ```
//!
//! with each of `g, pi, i, pb` its era mean plus an AR(1) deviation (starting
//! at 0) whose coefficient, innovation size and correlation are the
//! estimate's. Coverage is the share of start years whose realised `d_{s+H}`
//! ended inside the 50% (25th-75th percentile) and 90% (5th-95th) bands.

use debtlab_core::mc::engine::{path_stream, ShockStream};
use debtlab_core::mc::stats::exact_percentile;
use debtlab_core::uncertainty::cholesky;

use crate::history::History;
use crate::shocks_estimate::ShockEstimate;

/// Most paths per start year (memory: one `f64` per path).
pub const MAX_PATHS: usize = 1_000_000;

/// Which means the paths are centred on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Means {
    /// The mean of the forecast window itself, years `s+1..=s+H` (the
    /// issue's "that era's mean": the test is of the shocks, not of a forecast of the means).
    Window,
    /// The mean of the `n` years up to and including `s` (what a forecaster knew).
    Trailing(usize),
    /// Given means `[g, pi, i, pb]` (tests on synthetic histories).
    Known([f64; 4]),
}

/// One start year.
#[derive(Debug, Clone, PartialEq)]
pub struct FanRow {
    pub start: i32,
    pub end: i32,
    /// Debt/GDP at the end of the start year and the realised one at the end.
    pub start_debt_gdp: f64,
    pub actual: f64,
    /// 5th, 25th, 50th, 75th and 95th percentiles of `d_{s+H}`.
    pub bands: [f64; 5],
    pub inside50: bool,
    pub inside90: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FanBacktest {
    pub rows: Vec<FanRow>,
    pub horizon: usize,
    pub paths: usize,
    pub seed: u64,
}

impl FanBacktest {
    /// Share of start years inside the 50% and the 90% band.
    pub fn coverage(&self) -> (f64, f64) {
        let n = self.rows.len() as f64;
        let inside = |f: fn(&FanRow) -> bool| self.rows.iter().filter(|r| f(r)).count() as f64 / n;
        (inside(|r| r.inside50), inside(|r| r.inside90))
    }
}

/// The backtest failed: a year without the data it needs, or a bad request.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FanError {
    #[error("{dataset}: FY{year} lacks {what}, needed by the start year {start} (horizon {horizon} years)")]
    MissingYear { dataset: String, year: i32, what: &'static str, start: i32, horizon: usize },
    #[error("{0}")]
    Request(String),
}

/// The four series and debt/GDP of year `y`, or the error naming what is missing.
fn year_values(h: &History, y: i32, start: i32, horizon: usize) -> Result<([f64; 4], f64), FanError> {
    let missing = |what| FanError::MissingYear { dataset: h.dataset.clone(), year: y, what, start, horizon };
    let r = h.row(y).ok_or_else(|| missing("a row"))?;
    let v = [
        r.real_growth.ok_or_else(|| missing("real growth"))?,
        r.inflation.ok_or_else(|| missing("inflation"))?,
        r.effective_rate.ok_or_else(|| missing("the effective rate"))?,
        r.primary_balance.ok_or_else(|| missing("the primary balance"))?,
    ];
    Ok((v, r.debt_gdp))
}

/// Runs the backtest for the start years `from..=to` every `every` years.
#[allow(clippy::too_many_arguments)] // one call site per caller; a struct would only rename them
pub fn fan_backtest(
    h: &History,
    est: &ShockEstimate,
    (from, to, every): (i32, i32, usize),
    horizon: usize,
    paths: usize,
    seed: u64,
    means: Means,
) -> Result<FanBacktest, FanError> {
    if !(10..=MAX_PATHS).contains(&paths) {
        return Err(FanError::Request(format!("--paths must be in [10, {MAX_PATHS}], got {paths}")));
    }
    if !(1..=50).contains(&horizon) || every == 0 || from > to {
        return Err(FanError::Request(format!(
            "need 1 <= horizon <= 50 (got {horizon}), a step of at least 1 year and first start {from} <= last {to}"
        )));
    }
    let mut corr = debtlab_core::uncertainty::identity();
    for (row, given) in corr.iter_mut().zip(&est.correlation) {
        row[..4].copy_from_slice(given);
    }
    let l = cholesky(&corr).map_err(FanError::Request)?;
    let ar: Vec<f64> = est.fits.iter().map(|f| f.ar).collect();
    let sd: Vec<f64> = est.fits.iter().map(|f| f.sd).collect();
    let mut rows = Vec::new();
    let mut ends = vec![0.0; paths];
    for start in (from..=to).step_by(every) {
        let (_, d0) = year_values(h, start, start, horizon)?;
        let mut window = Vec::with_capacity(horizon);
        for y in start + 1..=start + horizon as i32 {
            window.push(year_values(h, y, start, horizon)?);
        }
        let mean = match means {
            Means::Known(m) => m,
            Means::Window => average(window.iter().map(|(v, _)| *v)),
            Means::Trailing(n) => {
                let past = (start - n as i32 + 1..=start)
                    .map(|y| year_values(h, y, start, horizon).map(|(v, _)| v))
                    .collect::<Result<Vec<_>, _>>()?;
                average(past.into_iter())
            }
        };
        for (k, end) in ends.iter_mut().enumerate() {
            let mut stream = ShockStream::after_draws(&mut path_stream(seed, ((start as u64) << 32) | k as u64));
            let (mut x, mut d) = ([0.0; 4], d0);
            for _ in 0..horizon {
                let z = [stream.normal(), stream.normal(), stream.normal(), stream.normal()];
                for s in 0..4 {
                    let u: f64 = (0..=s).map(|j| l[s][j] * z[j]).sum();
                    x[s] = ar[s] * x[s] + sd[s] * u;
                }
                let [g, pi, i, pb] = std::array::from_fn(|s| mean[s] + x[s]);
                d = d * (1.0 + i) / ((1.0 + g) * (1.0 + pi)) - pb;
            }
            *end = d;
        }
        let bands = [5.0, 25.0, 50.0, 75.0, 95.0].map(|q| exact_percentile(&mut ends, q));
        let actual = window[horizon - 1].1;
        rows.push(FanRow {
            start,
            end: start + horizon as i32,
            start_debt_gdp: d0,
            actual,
            bands,
            inside50: (bands[1]..=bands[3]).contains(&actual),
            inside90: (bands[0]..=bands[4]).contains(&actual),
        });
    }
    Ok(FanBacktest { rows, horizon, paths, seed })
}

fn average(values: impl Iterator<Item = [f64; 4]>) -> [f64; 4] {
    let (mut sum, mut n) = ([0.0; 4], 0.0);
    for v in values {
        for k in 0..4 {
            sum[k] += v[k];
        }
        n += 1.0;
    }
    sum.map(|s| s / n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shocks_estimate::{SeriesFit, SERIES};

    fn table(ar: [f64; 4], sd: [f64; 4]) -> ShockEstimate {
        let fits = (0..4)
            .map(|k| SeriesFit {
                name: SERIES[k].0,
                shock: SERIES[k].1,
                mean: 0.0,
                intercept: 0.0,
                ar: ar[k],
                sd: sd[k],
            })
            .collect();
        let correlation = [[1.0, 0.3, 0.0, 0.4], [0.3, 1.0, 0.5, 0.0], [0.0, 0.5, 1.0, -0.2], [0.4, 0.0, -0.2, 1.0]];
        ShockEstimate { dataset: "t".into(), source: "t".into(), from: 0, to: 0, years: 0, fits, correlation }
    }

    /// A history drawn from the backtest's own process (known means and
    /// table), with debt/GDP from the identity.
    fn synthetic(est: &ShockEstimate, mean: [f64; 4], years: usize, seed: u64) -> History {
        let mut h = crate::shocks_estimate::tests::synthetic(years, [0.0; 4], [1e-3; 4], est.correlation, seed);
        let bt = fan_backtest_path(est, mean, years, seed);
        for (row, (v, d)) in h.rows.iter_mut().zip(bt) {
            row.real_growth = Some(v[0]);
            row.inflation = Some(v[1]);
            row.effective_rate = Some(v[2]);
            row.primary_balance = Some(v[3]);
            row.debt_gdp = d;
        }
        h
    }

    /// One long path of the process, from d = 0.5 and zero deviations.
    fn fan_backtest_path(est: &ShockEstimate, mean: [f64; 4], years: usize, seed: u64) -> Vec<([f64; 4], f64)> {
        let mut stream = ShockStream::after_draws(&mut path_stream(seed ^ 0xABCD, 1));
        let mut corr = debtlab_core::uncertainty::identity();
        for (row, given) in corr.iter_mut().zip(&est.correlation) {
            row[..4].copy_from_slice(given);
        }
        let l = cholesky(&corr).unwrap();
        let (mut x, mut d, mut out) = ([0.0; 4], 0.5, Vec::new());
        for _ in 0..years {
            let z = [stream.normal(), stream.normal(), stream.normal(), stream.normal()];
            for s in 0..4 {
                let u: f64 = (0..=s).map(|j| l[s][j] * z[j]).sum();
                x[s] = est.fits[s].ar * x[s] + est.fits[s].sd * u;
            }
            let [g, pi, i, pb] = std::array::from_fn(|s| mean[s] + x[s]);
            d = d * (1.0 + i) / ((1.0 + g) * (1.0 + pi)) - pb;
            out.push(([g, pi, i, pb], d));
        }
        out
    }

    #[test]
    fn coverage_is_nominal_on_histories_drawn_from_the_fans_own_process() {
        // The fan of a 10-year window starts from zero deviations; the
        // synthetic history's deviations are carried over, so only white-noise
        // series (AR 0) make the true distribution exactly the fan's.
        let est = table([0.0; 4], [0.02, 0.015, 0.004, 0.01]);
        let mean = [0.03, 0.03, 0.04, -0.01];
        let (mut in50, mut in90, mut n) = (0.0, 0.0, 0.0);
        for seed in 0..30 {
            let h = synthetic(&est, mean, 201, seed);
            // Non-overlapping windows: 19 independent start years per history.
            let bt = fan_backtest(&h, &est, (1000, 1180, 10), 10, 400, seed, Means::Known(mean)).unwrap();
            for r in &bt.rows {
                in50 += r.inside50 as u8 as f64;
                in90 += r.inside90 as u8 as f64;
                n += 1.0;
            }
        }
        // 570 independent windows: standard errors sqrt(p(1 - p)/570) = 2.1
        // points (50%) and 1.3 points (90%); tolerances are about 3.5 of them
        // (plus the percentile noise of 400 paths).
        assert_eq!(n, 570.0);
        assert!((in50 / n - 0.5).abs() < 0.075, "50% band coverage {}", in50 / n);
        assert!((in90 / n - 0.9).abs() < 0.045, "90% band coverage {}", in90 / n);
        // A fan ten times too narrow covers far less: the check has power.
        let narrow = table([0.0; 4], [0.002, 0.0015, 0.0004, 0.001]);
        let h = synthetic(&est, mean, 201, 99);
        let bt = fan_backtest(&h, &narrow, (1000, 1180, 10), 10, 400, 1, Means::Known(mean)).unwrap();
        assert!(bt.coverage().1 < 0.5, "narrow fan covers {:?}", bt.coverage());
    }

    #[test]
    fn a_missing_year_and_a_bad_request_are_named() {
        let est = table([0.0; 4], [0.01; 4]);
        let h = synthetic(&est, [0.03, 0.02, 0.04, 0.0], 30, 1);
        let err = fan_backtest(&h, &est, (1015, 1025, 1), 10, 100, 1, Means::Window).unwrap_err();
        assert!(err.to_string().contains("FY1030 lacks a row, needed by the start year 1020"), "{err}");
        assert!(fan_backtest(&h, &est, (1000, 1005, 1), 10, 5, 1, Means::Window).is_err());
    }
}
