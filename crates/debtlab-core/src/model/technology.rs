//! Technology (MODEL.md 3.1): the adoption clock, AI adoption by sector and
//! the AI productivity index, computed together with energy and compute
//! (3.2) as the spec's block order says. All of it is exogenous (known ahead),
//! so a run computes it one step ahead: growth rates are forward differences
//! (MODEL.md section 2, timing rule 1).

use super::energy;
use super::path::{PathParams, SectorParams, COMPUTE_REFERENCE, ENERGY_BASELINE, ENERGY_COST, ENERGY_SUPPLY};
use crate::num::Real;

/// One sector's running values.
#[derive(Debug, Clone, Copy, Default)]
pub struct SectorState<V> {
    /// `u = exp(-k_s (A_t - tau0_s))` at the latest step computed.
    pub u: V,
    /// Energy-limited adoption `q a_s` at `t - 1`, `t` and `t + 1`.
    pub effective_prev: V,
    pub effective: V,
    pub effective_next: V,
}

/// The exogenous values of one step.
#[derive(Debug, Clone, Copy, Default)]
pub struct Exogenous<V> {
    /// `Z_t`, the AI index before the energy limit.
    pub ai_index: V,
    /// `q_t`, the share of AI's energy need that is met.
    pub met_share: V,
    /// `1 + (Z_t - 1) q_t`, the energy-limited index before the shock, and its log.
    pub effective: V,
    pub ln_effective: V,
    /// `ln max(1, Ed_t / Es_t)^(1 / eta_E)`, the log of the energy price's shortage markup.
    pub ln_energy_markup: V,
    /// `pE_t` and `pC_t`, real ($/kWh, $/GPU-hour at start-year prices).
    pub energy_price_real: V,
    pub compute_price_real: V,
    /// `q_t a_gov,t` (automation of federal workflows).
    pub gov_adoption: V,
    /// `zh_t = 1 + (m_h - 1) q_t a_h,t` (health outlays' AI link).
    pub health_productivity: V,
}

/// Adoption `a_s,t = c_s / (1 + exp(-k_s (A_t - tau0_s)))`, with `u` the exponential.
#[inline(always)]
pub fn adoption<V: Real>(ceiling: V, u: V) -> V {
    ceiling / (V::splat(1.0) + u)
}

/// Sector productivity `z_s = 1 + (m_s - 1) a_s`.
#[inline(always)]
pub fn sector_productivity<V: Real>(multiple_less_one: V, adoption: V) -> V {
    V::splat(1.0) + multiple_less_one * adoption
}

/// The adoption clock, `A_{t+1} = A_t + dt (pCref_t / pC_t)^eps_C`, moves each
/// sector's logistic on: `u_{t+1} = u_t exp(-k_s (A_{t+1} - A_t))`. The ratio
/// of compute prices is 1 before the compute shock and `1 / f_shock` after,
/// so the factor is one of two per-path constants. `shocked` is whether
/// step `t` is at or past the shock.
#[inline(always)]
pub fn advance_clock<V: Real>(u: V, sector: &SectorParams<V>, shocked: V::Mask) -> V {
    u * V::select(shocked, sector.decay_shocked, sector.decay)
}

/// Whether step time `tau` is at or past the compute shock (`tau >= tau_shock`).
#[inline(always)]
pub fn compute_shocked<V: Real>(c: &PathParams<V>, tau: V) -> V::Mask {
    tau.ge(c.compute_shock_year)
}

/// The productivity shock's level, a random walk in logs:
/// `S_t = S_{t-1} exp(eps_Z)`, `S_0 = 1`.
#[inline(always)]
pub fn shock_level<V: Real>(level_prev: V, eps_z: V) -> V {
    level_prev * eps_z.exp()
}

/// 3.1 and 3.2 at one step: adoption from each sector's `u`, the AI index
/// `Z_t = sum_s w_s z_s,t / sum_s w_s z_s,0`, then energy (met share,
/// prices) and the energy-limited index. `levels` are the energy and compute
/// paths `x0 exp(g tau)` at this step, `tau` its time. Each sector's
/// energy-limited adoption goes to its `effective_next`.
#[inline(always)]
pub fn technology_and_energy<V: Real>(
    c: &PathParams<V>,
    sectors: &mut [SectorState<V>],
    levels: &EnergyLevels<V>,
    tau: V,
) -> Exogenous<V> {
    let one = V::splat(1.0);
    let mut ai_index = V::splat(0.0);
    for (state, sector) in sectors.iter_mut().zip(&c.sectors) {
        let a = adoption(sector.ceiling, state.u);
        ai_index = ai_index + sector.share * sector_productivity(sector.multiple_less_one, a);
        state.effective_next = a;
    }
    let demand_with_ai = energy::demand_with_ai(levels.baseline, c.ai_intensity, ai_index);
    let met_share = energy::met_share(levels.baseline, demand_with_ai, levels.supply);
    for state in sectors.iter_mut() {
        state.effective_next = met_share * state.effective_next;
    }
    let effective = one + (ai_index - one) * met_share;
    let (ln_energy_markup, markup) = energy::shortage_markup(demand_with_ai, levels.supply, c.inv_supply_elasticity);
    let health = &c.sectors[c.health_sector];
    Exogenous {
        ai_index,
        met_share,
        effective,
        ln_effective: effective.ln(),
        ln_energy_markup,
        energy_price_real: levels.energy_cost * markup,
        compute_price_real: energy::compute_price(c, levels.compute_reference, tau),
        gov_adoption: sectors[c.gov_sector].effective_next,
        health_productivity: sector_productivity(health.multiple_less_one, sectors[c.health_sector].effective_next),
    }
}

/// The energy and compute paths of one step.
#[derive(Debug, Clone, Copy)]
pub struct EnergyLevels<V> {
    /// `Eb_t = E0 exp((g_base + g_L - g_eff) tau)`.
    pub baseline: V,
    /// `Es_t = E0 exp(g_Es tau)`.
    pub supply: V,
    /// `pE0 exp(-g_Ec tau)`.
    pub energy_cost: V,
    /// `pCref_t = pC0 exp(-g_C tau)`.
    pub compute_reference: V,
}

impl<V: Real> EnergyLevels<V> {
    /// The energy paths of a step's levels.
    #[inline(always)]
    pub fn now(levels: &[V]) -> EnergyLevels<V> {
        EnergyLevels {
            baseline: levels[ENERGY_BASELINE],
            supply: levels[ENERGY_SUPPLY],
            energy_cost: levels[ENERGY_COST],
            compute_reference: levels[COMPUTE_REFERENCE],
        }
    }

    /// The energy paths of the next step: each level times its growth factor
    /// (the same product the state's advance makes).
    #[inline(always)]
    pub fn next(levels: &[V], factors: &[V]) -> EnergyLevels<V> {
        EnergyLevels {
            baseline: levels[ENERGY_BASELINE] * factors[ENERGY_BASELINE],
            supply: levels[ENERGY_SUPPLY] * factors[ENERGY_SUPPLY],
            energy_cost: levels[ENERGY_COST] * factors[ENERGY_COST],
            compute_reference: levels[COMPUTE_REFERENCE] * factors[COMPUTE_REFERENCE],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adoption_is_half_the_ceiling_at_the_midpoint() {
        // At the midpoint u = exp(0) = 1.
        assert!((adoption(0.9, 1.0) - 0.45).abs() < 1e-15);
        assert!(adoption(0.9, (-2.0f64 * 50.0).exp()) > 0.8999);
        assert_eq!(sector_productivity(3.0, 0.5), 2.5);
    }
}
