//! Prices, policy and demand (MODEL.md 3.5): the Phillips curve with its
//! expectations, the two policy rules, and the IS curve they share.

use super::path::PathParams;
use crate::num::Real;

/// The output gap is held in this band (a model rule, not a user value).
pub const GAP_LIMIT: f64 = 0.5;

/// The Phillips curve's terms other than expectations:
/// `Q_t = kappa gap_{t-1} - theta (gZ_t - gZe_t) + chi_E gE_t + eps_pi`.
/// Only unexpected AI growth is a cost shock; wages and prices absorb what
/// is expected.
#[inline(always)]
pub fn phillips_terms<V: Real>(
    c: &PathParams<V>,
    gap_prev: V,
    pass_through: V,
    ai_surprise: V,
    energy_price_growth: V,
    eps_pi: V,
) -> V {
    c.kappa * gap_prev - pass_through * ai_surprise + c.energy_cost_share * energy_price_growth + eps_pi
}

/// Rule `taylor`: expected inflation and the Phillips curve are a linear
/// pair, solved in closed form (the denominator's reciprocal is a path constant):
/// `piebar_t = (pie_{t-1} (1 - m) + m (a pi_star_t + Q_t)) / (1 - m (1 - a))`,
/// `pi_t = (1 - a) piebar_t + a pi_star_t + Q_t`. Returns `(piebar_t, pi_t)`.
#[inline(always)]
pub fn taylor_inflation<V: Real>(c: &PathParams<V>, expected_prev: V, target: V, terms: V) -> (V, V) {
    let one = V::splat(1.0);
    let (a, m) = (c.anchoring, c.inflation_mean);
    let expected = (expected_prev * (one - m) + m * (a * target + terms)) * c.inv_taylor_pair;
    (expected, (one - a) * expected + a * target + terms)
}

/// Rule `taylor`:
/// `i_t = max(floor_t, rstar_t + pi_t + phi_pi (pi_t - pi_star_t) + phi_y gap_{t-1})`.
#[inline(always)]
pub fn taylor_rate<V: Real>(c: &PathParams<V>, r_star: V, inflation: V, target: V, gap_prev: V, floor: V) -> V {
    (r_star + inflation + c.phi_pi * (inflation - target) + c.phi_y * gap_prev).max(floor)
}

/// Rule `money`: the short rate is the neutral rate given expectations,
/// `i_t = max(floor_t, rstar_t + pia_t)`; when expected deflation pushes it
/// to the floor, the real rate rises above neutral and output falls.
#[inline(always)]
pub fn money_rule_rate<V: Real>(r_star: V, anchored: V, floor: V) -> V {
    (r_star + anchored).max(floor)
}

/// What the IS curve reads besides the rate.
#[derive(Debug, Clone, Copy)]
pub struct Demand<V> {
    pub gap_prev: V,
    /// `(X_t - X_{t-1}) / L_t`.
    pub displaced_change: V,
    /// `(K_{t-1} - K_{t-2}) / Ynom_{t-1}`: last step's new cuts and savings.
    pub fiscal_impulse: V,
    /// `pi_{t-1} - pia_{t-1}`: last step's inflation surprise.
    pub inflation_surprise: V,
    /// `demand.shock` at this step (per year).
    pub shock: V,
    pub eps_y: V,
}

/// The IS curve (both rules), clamped to [-0.5, 0.5]:
/// `gap_t = gap_{t-1} exp(-dt/T_gap) - sigma dt (i_t - pia_t - rstar_t)
/// - zeta (X_t - X_{t-1})/L_t - m_G (K_{t-1} - K_{t-2})/Ynom_{t-1}
/// + f_F d_priv dt (pi_{t-1} - pia_{t-1}) + dt shock_t + eps_y`.
#[inline(always)]
pub fn output_gap<V: Real>(c: &PathParams<V>, rate: V, anchored: V, r_star: V, d: &Demand<V>) -> V {
    let gap = d.gap_prev * c.gap_persistence
        - c.rate_sensitivity * c.dt * (rate - anchored - r_star)
        - c.displacement_drag * d.displaced_change
        - c.fiscal_multiplier * d.fiscal_impulse
        + c.fisher_debt * c.dt * d.inflation_surprise
        + c.dt * d.shock
        + d.eps_y;
    gap.clamp(-GAP_LIMIT, GAP_LIMIT)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::ModelParams;

    fn params(anchoring: f64) -> PathParams<f64> {
        let mut p = ModelParams::default();
        p.run.dt = 0.125;
        p.prices.expectations_years = 1.0;
        p.prices.anchoring = anchoring;
        p.policy.phi_pi = 0.5;
        p.demand.gap_years = 1.5;
        p.demand.rate_sensitivity = 0.5;
        PathParams::new(std::slice::from_ref(&p))
    }

    /// The closed form is the fixed point of the pair: the filter's average
    /// of the inflation it produces.
    #[test]
    fn the_taylor_pair_is_solved_exactly() {
        for anchoring in [0.0, 0.3, 0.6, 1.0] {
            let c = params(anchoring);
            let (expected_prev, target, terms) = (0.03, 0.02, -0.015);
            let (expected, inflation) = taylor_inflation(&c, expected_prev, target, terms);
            let average = expected_prev + c.inflation_mean * (inflation - expected_prev);
            assert!((expected - average).abs() < 1e-16, "{anchoring}: {expected} vs {average}");
            let anchored = (1.0 - anchoring) * expected + anchoring * target;
            assert!((inflation - (anchored + terms)).abs() < 1e-16);
        }
    }

    #[test]
    fn the_floor_binds_the_rules() {
        let c = params(0.6);
        assert_eq!(taylor_rate(&c, 0.01, -0.05, 0.02, 0.0, 0.0), 0.0);
        assert_eq!(money_rule_rate(0.01, -0.03, 0.0), 0.0);
        let quiet = Demand {
            gap_prev: 0.0,
            displaced_change: 0.0,
            fiscal_impulse: 0.0,
            inflation_surprise: 0.0,
            shock: 0.0,
            eps_y: 0.0,
        };
        assert!(output_gap(&c, 0.0, -0.03, 0.01, &quiet) < 0.0, "a real rate above neutral lowers output");
        assert_eq!(output_gap(&c, 0.0, 0.0, 0.0, &Demand { shock: 100.0, ..quiet }), GAP_LIMIT);
    }
}
