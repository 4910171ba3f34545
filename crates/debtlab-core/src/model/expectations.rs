//! Expectations (MODEL.md 3.5): adaptive filters averaged exactly over the
//! step (timing rule 2 of section 2), the anchored expectation and the
//! natural rate.

use super::path::PathParams;
use crate::num::Real;

/// An exponential filter with time constant `T`, fed this step's value `x_t`:
/// the value carried to the next step is `xe_t = xe_{t-1} + lam (x_t - xe_{t-1})`
/// with `lam = 1 - exp(-dt/T)`, and the value used inside the step is its
/// exact average over the step, `xbar_t = xe_{t-1} + m (x_t - xe_{t-1})`,
/// `m = 1 - lam T / dt`. Returns `(xbar_t, xe_t)`.
#[inline(always)]
pub fn adaptive<V: Real>(previous: V, value: V, lam: V, mean: V) -> (V, V) {
    let surprise = value - previous;
    (previous + mean * surprise, previous + lam * surprise)
}

/// The anchored expectation `pia_t = (1 - a) piebar_t + a pi_star_t`.
#[inline(always)]
pub fn anchored<V: Real>(c: &PathParams<V>, expected: V, target: V) -> V {
    (V::splat(1.0) - c.anchoring) * expected + c.anchoring * target
}

/// The natural rate `rstar_t = r_star_t + rho_g (gT_t - g_ref)`: faster
/// expected trend growth than the reference raises the real rate
/// (consumption smoothing), whether it comes from AI or from trend productivity.
#[inline(always)]
pub fn natural_rate<V: Real>(c: &PathParams<V>, r_star: V, expected_trend_growth: V) -> V {
    r_star + c.r_star_growth * (expected_trend_growth - c.growth_ref)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The step average of the continuous filter, integrated numerically,
    /// is `xbar` (the filter starts at `xe_{t-1}` and relaxes toward `x_t`).
    #[test]
    fn the_step_value_is_the_filters_exact_average() {
        let (dt, years, previous, value) = (0.125, 1.5, 0.02, -0.05);
        let lam = 1.0 - (-dt / years).exp();
        let mean = 1.0 - lam * years / dt;
        let (average, carried) = adaptive(previous, value, lam, mean);
        let n = 100_000;
        let integral: f64 = (0..n)
            .map(|i| {
                let s = (i as f64 + 0.5) / n as f64 * dt;
                value + (previous - value) * (-s / years).exp()
            })
            .sum::<f64>()
            / n as f64;
        assert!((average - integral).abs() < 1e-12, "{average} vs {integral}");
        assert!((carried - (value + (previous - value) * (-dt / years).exp())).abs() < 1e-15);
        // Instant learning (T = 0) takes the value itself.
        assert_eq!(adaptive(previous, value, 1.0, 1.0), (value, value));
    }
}
