//! Accuracy in `dt` (MODEL.md section 2): a metric at chosen years from runs
//! at `dt`, `dt/2` and `dt/4`, and the Richardson estimate of its `dt -> 0`
//! limit, so a reader can see how far the default step is from it.

use super::{AnalysisError, Probe};
use crate::model::simulate;
use crate::output::Column;
use crate::scenario::Scenario;

/// The metric at one year, at three step lengths, and the limit.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    /// Years after the start.
    pub at: f64,
    /// The metric at `dt`, `dt/2`, `dt/4`.
    pub values: [f64; 3],
    /// The observed order of convergence `log2((v1 - v2) / (v2 - v4))`, or
    /// `None` where the differences do not shrink (then first order is assumed).
    pub order: Option<f64>,
    /// Richardson's estimate of the `dt -> 0` limit:
    /// `v4 + (v4 - v2) / (2^p - 1)`.
    pub limit: f64,
}

impl Point {
    /// The run at `dt` minus the limit.
    pub fn error(&self) -> f64 {
        self.values[0] - self.limit
    }
}

/// The estimate for every year asked.
#[derive(Debug, Clone, PartialEq)]
pub struct Convergence {
    pub column: Column,
    pub dt: f64,
    pub points: Vec<Point>,
}

/// The observed order is trusted only inside this band; outside it (a
/// difference at rounding level, or one that grows) first order is assumed.
const ORDER_BAND: (f64, f64) = (0.5, 4.0);

/// Richardson extrapolation of `[v(dt), v(dt/2), v(dt/4)]`.
pub fn richardson(values: [f64; 3]) -> (Option<f64>, f64) {
    let [v1, v2, v4] = values;
    let (coarse, fine) = (v1 - v2, v2 - v4);
    let order = (coarse / fine).log2();
    let order = (order.is_finite() && (ORDER_BAND.0..=ORDER_BAND.1).contains(&order)).then_some(order);
    let p = order.unwrap_or(1.0);
    (order, v4 + (v4 - v2) / (2f64.powf(p) - 1.0))
}

/// `column` of `scenario` at each of `years` after the start, at the
/// scenario's `dt`, its half and its quarter.
pub fn convergence(scenario: &Scenario, column: Column, years: &[f64]) -> Result<Convergence, AnalysisError> {
    let base = scenario.model_params();
    let dt = base.run.dt;
    let probes: Vec<Probe> = years.iter().map(|&y| Probe::new(column, y, &base)).collect::<Result<_, _>>()?;
    let mut points: Vec<Point> = probes
        .iter()
        .map(|p| Point { at: (p.year - base.run.start_year), values: [0.0; 3], order: None, limit: 0.0 })
        .collect();
    for (k, divisor) in [1.0, 2.0, 4.0].into_iter().enumerate() {
        let mut p = base.clone();
        p.run.dt = dt / divisor;
        let run =
            simulate(&p).map_err(|source| AnalysisError::Run { context: format!("dt = {}", p.run.dt), source })?;
        for point in &mut points {
            let step = crate::claims::nearest_step(point.at, p.run.dt, run.rows.len() - 1);
            point.values[k] = run.rows[step].get(column);
        }
    }
    for point in &mut points {
        (point.order, point.limit) = richardson(point.values);
    }
    Ok(Convergence { column, dt, points })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn richardson_recovers_the_limit_of_a_known_order() {
        // v(h) = 2 + 3 h^2: second order, limit 2.
        let v = |h: f64| 2.0 + 3.0 * h * h;
        let (order, limit) = richardson([v(0.1), v(0.05), v(0.025)]);
        assert!((order.unwrap() - 2.0).abs() < 1e-9);
        assert!((limit - 2.0).abs() < 1e-12);
        // Differences at rounding level: first order is assumed, the limit stays put.
        let (order, limit) = richardson([1.0, 1.0, 1.0]);
        assert_eq!((order, limit), (None, 1.0));
    }
}
