//! Energy and compute (MODEL.md 3.2): whether energy supply keeps up with AI
//! demand, and the real prices of energy and compute. The technology block
//! calls these at each step (3.1 and 3.2 are computed together).

use super::path::PathParams;
use crate::num::Real;

/// Demand with AI `Ed_t = Eb_t (1 + eps_E (Z_t - 1))`.
#[inline(always)]
pub fn demand_with_ai<V: Real>(baseline: V, ai_intensity: V, ai_index: V) -> V {
    baseline * (V::splat(1.0) + ai_intensity * (ai_index - V::splat(1.0)))
}

/// Share of AI's energy need that is met:
/// `q_t = clamp((Es_t - Eb_t) / (Ed_t - Eb_t), 0, 1)`, 1 when `Ed_t <= Eb_t`.
/// (Where supply covers the demand with AI in every lane, that is 1: the
/// division is skipped.)
#[inline(always)]
pub fn met_share<V: Real>(baseline: V, with_ai: V, supply: V) -> V {
    if !V::any(with_ai.gt(supply)) {
        return V::splat(1.0);
    }
    let share = ((supply - baseline) / (with_ai - baseline)).clamp(0.0, 1.0);
    V::select(with_ai.le(baseline), V::splat(1.0), share)
}

/// The energy price's shortage markup `max(1, Ed_t / Es_t)^(1 / eta_E)`, and
/// its log (so that `pE_t = pE0 exp(-g_Ec tau) markup` and energy price
/// growth needs no further `ln`). Computed only where some lane is short.
#[inline(always)]
pub fn shortage_markup<V: Real>(with_ai: V, supply: V, inv_elasticity: V) -> (V, V) {
    let shortage = with_ai / supply;
    let short = shortage.gt(V::splat(1.0));
    if !V::any(short) {
        return (V::splat(0.0), V::splat(1.0));
    }
    let ln_markup = V::select(short, shortage.ln() * inv_elasticity, V::splat(0.0));
    (ln_markup, ln_markup.exp())
}

/// Real compute price `pC_t = pCref_t (f_shock if tau >= tau_shock else 1)`,
/// with `pCref_t = pC0 exp(-g_C tau)` the path without the shock.
#[inline(always)]
pub fn compute_price<V: Real>(c: &PathParams<V>, reference: V, tau: V) -> V {
    reference * V::select(tau.ge(c.compute_shock_year), c.compute_shock_factor, V::splat(1.0))
}

/// Growth of the real energy price, forward (MODEL.md section 2):
/// `gE_t = ln(pE_{t+1} / pE_t) / dt = -g_Ec + (ln markup_{t+1} - ln markup_t) / dt`.
#[inline(always)]
pub fn price_growth<V: Real>(c: &PathParams<V>, ln_markup: V, ln_markup_next: V) -> V {
    -c.g_energy_cost + (ln_markup_next - ln_markup) * c.inv_dt
}

/// Nominal cost of one robot hour
/// `P_t (kwh_per_hour pE_t + gpu_hours_per_hour pC_t + capital_per_hour)`.
#[inline(always)]
pub fn robot_hour_cost<V: Real>(c: &PathParams<V>, price_level: V, energy_real: V, compute_real: V) -> V {
    price_level * (c.robot_kwh * energy_real + c.robot_gpu_hours * compute_real + c.robot_capital)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demand_below_baseline_is_fully_met() {
        assert_eq!(met_share(100.0, 90.0, 50.0), 1.0);
        assert_eq!(met_share(100.0, 200.0, 150.0), 0.5);
        assert_eq!(met_share(100.0, 200.0, 90.0), 0.0);
        assert_eq!(met_share(100.0, 200.0, 300.0), 1.0);
    }

    #[test]
    fn only_a_shortage_raises_the_energy_price() {
        assert_eq!(shortage_markup(90.0, 100.0, 2.0), (0.0, 1.0));
        let (ln_markup, markup) = shortage_markup(400.0, 100.0, 0.5);
        assert!((markup - 2.0).abs() < 1e-15 && (ln_markup - 2f64.ln()).abs() < 1e-15);
    }
}
