//! Energy and compute block (MODEL.md 3.2): whether energy supply keeps up
//! with AI demand, and the prices of energy, compute and a robot hour.

use crate::params::model::EnergyParams;

/// What the energy block hands to the rest of the step.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct EnergyOutcome {
    /// `q_t`, share of the AI energy need that is met.
    pub met_share: f64,
    /// `Z_eff_t = 1 + (Z_t - 1) q_t` (before the productivity shock).
    pub ai_index_effective: f64,
    /// `pE_t`, real energy price ($/kWh, start-year dollars).
    pub energy_price_real: f64,
    /// `pC_t`, real compute price ($/GPU-hour, start-year dollars).
    pub compute_price_real: f64,
}

/// Baseline demand `Eb_t = E0 exp((g_base + g_L - g_eff) tau)`.
pub fn baseline_demand(p: &EnergyParams, g_base: f64, g_labor: f64, tau: f64) -> f64 {
    p.demand0 * ((g_base + g_labor - p.g_efficiency) * tau).exp()
}

/// Demand with AI `Ed_t = Eb_t (1 + eps_E (Z_t - 1))`.
pub fn demand_with_ai(p: &EnergyParams, baseline: f64, ai_index: f64) -> f64 {
    baseline * (1.0 + p.ai_intensity * (ai_index - 1.0))
}

/// Supply `Es_t = E0 exp(g_Es tau)`.
pub fn supply(p: &EnergyParams, tau: f64) -> f64 {
    p.demand0 * (p.g_supply * tau).exp()
}

/// Share of the AI energy need that is met:
/// `q_t = clamp((Es_t - Eb_t) / (Ed_t - Eb_t), 0, 1)`, 1 when `Ed_t <= Eb_t`.
pub fn met_share(baseline: f64, with_ai: f64, supply: f64) -> f64 {
    if with_ai <= baseline {
        1.0
    } else {
        ((supply - baseline) / (with_ai - baseline)).clamp(0.0, 1.0)
    }
}

/// Real energy price `pE_t = pE0 exp(-g_Ec tau) max(1, Ed_t / Es_t)^(1 / eta_E)`.
pub fn energy_price(p: &EnergyParams, tau: f64, with_ai: f64, supply: f64) -> f64 {
    p.price0 * (-p.g_cost * tau).exp() * (with_ai / supply).max(1.0).powf(1.0 / p.supply_elasticity)
}

/// Real compute price `pC_t = pC0 exp(-g_C tau) (f_shock if tau >= tau_shock else 1)`.
pub fn compute_price(p: &EnergyParams, tau: f64) -> f64 {
    let shock = if tau >= p.compute_shock_year { p.compute_shock_factor } else { 1.0 };
    p.compute_price0 * (-p.compute_g_cost * tau).exp() * shock
}

/// Nominal robot hour cost
/// `P_t (kwh_per_robot_hour pE_t + gpu_h_per_robot_hour pC_t + capital_per_robot_hour)`.
pub fn robot_hour_cost(p: &EnergyParams, price_level: f64, energy_real: f64, compute_real: f64) -> f64 {
    price_level
        * (p.robot_kwh_per_hour * energy_real + p.robot_gpu_hours_per_hour * compute_real + p.robot_capital_per_hour)
}

/// The whole block for one step, from the raw AI index `Z_t`.
pub fn step(p: &EnergyParams, g_base: f64, g_labor: f64, tau: f64, ai_index: f64) -> EnergyOutcome {
    let baseline = baseline_demand(p, g_base, g_labor, tau);
    let with_ai = demand_with_ai(p, baseline, ai_index);
    let supply = supply(p, tau);
    let met_share = met_share(baseline, with_ai, supply);
    EnergyOutcome {
        met_share,
        ai_index_effective: 1.0 + (ai_index - 1.0) * met_share,
        energy_price_real: energy_price(p, tau, with_ai, supply),
        compute_price_real: compute_price(p, tau),
    }
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
}
