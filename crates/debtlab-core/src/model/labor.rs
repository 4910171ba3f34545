//! Labor and income (MODEL.md 3.3): displacement by energy-limited AI
//! adoption, retraining, unemployment, the labor share and the wage index.

use super::path::PathParams;
use super::technology::SectorState;
use crate::num::Real;

/// Displacement flow (millions a year), from what energy lets run:
/// `F_t = L_t sum_s n_s delta_s max(0, q_t a_s,t - q_{t-1} a_s,t-1) / dt`.
#[inline(always)]
pub fn displacement_flow<V: Real>(c: &PathParams<V>, sectors: &[SectorState<V>], labor_force: V) -> V {
    let zero = V::splat(0.0);
    let mut rate = zero;
    for (state, sector) in sectors.iter().zip(&c.sectors) {
        rate = rate + sector.jobs_displaceable * (state.effective - state.effective_prev).max(zero);
    }
    labor_force * rate * c.inv_dt
}

/// Displaced pool `X_t = X_{t-1} + dt (F_t - X_{t-1} / T_retrain)`.
#[inline(always)]
pub fn displaced_pool<V: Real>(c: &PathParams<V>, pool_prev: V, flow: V) -> V {
    pool_prev + c.dt * (flow - pool_prev * c.inv_retrain_years)
}

/// The highest unemployment rate, so that employment stays positive.
pub const UNEMPLOYMENT_LIMIT: f64 = 0.95;

/// Unemployment `u_t = clamp(u_nat + X_t / L_t - okun gap_{t-1}, 0, 0.95)`.
#[inline(always)]
pub fn unemployment<V: Real>(c: &PathParams<V>, displaced: V, inv_labor_force: V, gap_prev: V) -> V {
    (c.u_natural + displaced * inv_labor_force - c.okun * gap_prev).clamp(0.0, UNEMPLOYMENT_LIMIT)
}

/// Employment `E_t = L_t (1 - u_t)`.
#[inline(always)]
pub fn employment<V: Real>(labor_force: V, unemployment: V) -> V {
    labor_force * (V::splat(1.0) - unemployment)
}

/// Labor share: AI's increment to output is split as the rest of output is,
/// except that a share `kappa_K` of labor's part goes to capital:
/// `lsh_t = lsh0 (1 - kappa_K (1 - 1 / Z_eff_t))`.
#[inline(always)]
pub fn labor_share<V: Real>(c: &PathParams<V>, ai_index_effective: V) -> V {
    let one = V::splat(1.0);
    c.labor_share0 * (one - c.capital_capture * (one - one / ai_index_effective))
}

/// Average pay of the employed, `lsh_t Ynom_t / E_t`; the wage index is its
/// ratio to the value at `t = 0`, `w_t = pay_t / pay_0`.
#[inline(always)]
pub fn average_pay<V: Real>(labor_share: V, gdp_nominal: V, employment: V) -> V {
    labor_share * gdp_nominal / employment
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::ModelParams;

    fn params() -> PathParams<f64> {
        let mut p = ModelParams::default();
        p.run.dt = 0.25;
        p.labor.retrain_years = 2.0;
        p.labor.u_natural = 0.04;
        p.labor.okun = 0.5;
        p.income.labor_share0 = 0.55;
        p.income.ai_capital_capture = 0.5;
        PathParams::new(std::slice::from_ref(&p))
    }

    #[test]
    fn pool_decays_at_the_retraining_rate_without_new_flow() {
        let next = displaced_pool(&params(), 3.0, 0.0);
        assert!((next - (3.0 - 0.25 * 1.5)).abs() < 1e-15);
    }

    #[test]
    fn unemployment_stays_inside_its_band() {
        let c = params();
        assert_eq!(unemployment(&c, 500.0, 0.01, 0.0), UNEMPLOYMENT_LIMIT);
        assert_eq!(unemployment(&c, 0.0, 0.01, 0.5), 0.0);
    }

    #[test]
    fn capital_takes_its_share_of_the_ai_increment() {
        let c = params();
        assert_eq!(labor_share(&c, 1.0), 0.55);
        // Output doubles: labor keeps 0.55 of the first half and 0.55 x 0.5 of the second.
        assert!((labor_share(&c, 2.0) - 0.55 * 0.75).abs() < 1e-15);
    }
}
