//! What a step expects under rational expectations (MODEL.md 3.10), and the
//! forward means they are: `fmean_T(x)_t`, the trapezoid mean of `x` over
//! `[tau_t, tau_t + T]`.

use crate::params::{Expectations, ModelParams};

/// A step's expectations: under rational expectations the forward means of
/// the solved path, under adaptive ones the filters' values (reported in
/// [`super::Values::foresight`], and the first guess of the solver).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Foresight<V> {
    /// `pie_t = fmean_{T_exp}(pi)_t`: expected inflation before anchoring.
    pub inflation: V,
    /// `gT_t = fmean_{T_r}(gYstar)_t`: expected trend growth (sets the natural rate).
    pub trend_growth: V,
    /// `fmean_10(i)_t`: the short rate expected over the 10-year bond's life.
    pub short_rate: V,
}

/// The three expectation paths, in the order of [`Foresight`]'s fields.
pub const VARIABLES: [&str; 3] = ["expected_inflation", "expected_trend_growth", "expected_short_rate"];

/// The 10-year rate's window, and how far past its horizon a rational run is
/// simulated so that every forward mean of the 10-year rate reads simulated
/// values (MODEL.md 3.10).
pub const BOND_YEARS: f64 = 10.0;

/// Steps in a window of `years`: `n = max(1, round(T / dt))`.
pub fn window_steps(years: f64, dt: f64) -> usize {
    ((years / dt).round() as usize).max(1)
}

/// Steps a run of `p` simulates past its horizon: `round(10 / dt)` under
/// rational expectations, none under adaptive ones.
pub fn extra_steps(p: &ModelParams) -> usize {
    match p.prices.expectations {
        Expectations::Adaptive => 0,
        Expectations::Rational => window_steps(BOND_YEARS, p.run.dt),
    }
}

/// Writes `fmean_n(x)_t` for every row `t` of one lane: rows are
/// `x[t * stride + lane]`, and `out` has the same layout. The window is
/// `n` steps with half weights at both ends; past the last row `x` is held
/// at its last value. `prefix` is scratch (`rows + 1` values, reused).
pub fn forward_means(x: &[f64], stride: usize, lane: usize, n: usize, out: &mut [f64], prefix: &mut Vec<f64>) {
    let rows = x.len() / stride;
    let at = |t: usize| x[t * stride + lane];
    prefix.clear();
    prefix.push(0.0);
    let mut sum = 0.0;
    for t in 0..rows {
        sum += at(t);
        prefix.push(sum);
    }
    let last = at(rows - 1);
    let inv_n = 1.0 / n as f64;
    for t in 0..rows {
        // `sum_{k=t}^{t+n} x_k`, the rows past the end at the last value.
        let end = (t + n + 1).min(rows);
        let held = (t + n + 1 - end) as f64;
        let total = (prefix[end] - prefix[t]) + held * last;
        let far = at((t + n).min(rows - 1));
        out[t * stride + lane] = (total - 0.5 * at(t) - 0.5 * far) * inv_n;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Against the trapezoid rule written out, on a path whose windows run
    /// past its end, for two lanes stored side by side.
    #[test]
    fn forward_means_are_trapezoid_means_with_the_end_held() {
        let rows = 20;
        let value = |t: usize, lane: usize| (t as f64 * 0.37 + lane as f64).sin();
        let x: Vec<f64> = (0..rows).flat_map(|t| [value(t, 0), value(t, 1)]).collect();
        let mut out = vec![f64::NAN; x.len()];
        let mut prefix = Vec::new();
        for n in [1, 3, 8, 25] {
            for lane in 0..2 {
                forward_means(&x, 2, lane, n, &mut out, &mut prefix);
                for t in 0..rows {
                    let held = |k: usize| value(k.min(rows - 1), lane);
                    let interior: f64 = (t + 1..t + n).map(held).sum();
                    let want = (0.5 * held(t) + interior + 0.5 * held(t + n)) / n as f64;
                    let got = out[t * 2 + lane];
                    assert!((got - want).abs() < 1e-14, "n {n} lane {lane} t {t}: {got} vs {want}");
                }
            }
        }
        // A constant path is its own mean.
        let flat = vec![0.02; 7];
        let mut out = vec![0.0; 7];
        forward_means(&flat, 1, 0, 4, &mut out, &mut prefix);
        assert!(out.iter().all(|m| (m - 0.02).abs() < 1e-17));
    }

    #[test]
    fn windows_have_at_least_one_step() {
        assert_eq!(window_steps(0.0, 0.125), 1);
        assert_eq!(window_steps(10.0, 0.125), 80);
        assert_eq!(window_steps(1.0, 0.3), 3);
    }
}
