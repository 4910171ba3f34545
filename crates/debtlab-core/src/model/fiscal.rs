//! Fiscal block (MODEL.md 3.7): revenue, the spending programs, automation
//! savings, cuts, interest and the primary deficit.

use crate::params::model::FiscalParams;

/// This step's inputs to the fiscal block. The programs' real paths, defense,
/// other outlays, automation savings and cuts depend only on time and come
/// from the timeline.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FiscalInputs {
    pub price_level: f64,
    /// `COLA_t`, the benefit index (see [`next_cola`]).
    pub cola: f64,
    pub gdp_nominal: f64,
    pub output_gap: f64,
    pub unemployment: f64,
    pub u_natural: f64,
    pub labor_force: f64,
    pub rate_effective: f64,
    pub debt: f64,
    pub revenue_share: f64,
    /// `G_idx0 exp(g_idx tau)` and `G_hlt0 exp(g_hlt tau)`.
    pub indexed_real: f64,
    pub health_real: f64,
    pub defense: f64,
    pub other: f64,
    pub automation_savings: f64,
    pub spending_cuts: f64,
}

/// The fiscal flows of one step ($T/yr).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FiscalFlows {
    pub revenue: f64,
    pub indexed: f64,
    pub health: f64,
    pub defense: f64,
    pub other: f64,
    pub automation_savings: f64,
    pub unemployment_cost: f64,
    pub spending_cuts: f64,
    pub outlays_primary: f64,
    pub interest: f64,
    pub primary_deficit: f64,
}

/// Revenue `R_t = tau_R Ynom_t (1 + eps_R gap_t)`.
pub fn revenue(revenue_share: f64, cyclical: f64, gdp_nominal: f64, output_gap: f64) -> f64 {
    revenue_share * gdp_nominal * (1.0 + cyclical * output_gap)
}

/// Benefit index `COLA_t = COLA_{t-1} exp(max(0, pi_{t-1}) dt)`, with
/// `COLA_0 = 1`: benefits never fall with prices.
pub fn next_cola(cola: f64, inflation: f64, dt: f64) -> f64 {
    cola * (inflation.max(0.0) * dt).exp()
}

/// The same update reusing the price level's factor `exp(pi_{t-1} dt)`:
/// the COLA follows prices up and stays put when they fall.
pub fn next_cola_with(cola: f64, inflation: f64, price_growth_factor: f64) -> f64 {
    if inflation > 0.0 {
        cola * price_growth_factor
    } else {
        cola
    }
}

/// Indexed programs `G_idx_t = G_idx0 exp(g_idx tau) COLA_t`.
pub fn indexed(p: &FiscalParams, tau: f64, cola: f64) -> f64 {
    p.indexed0 * (p.g_indexed * tau).exp() * cola
}

/// Health `G_hlt_t = G_hlt0 exp(g_hlt tau) P_t`.
pub fn health(p: &FiscalParams, tau: f64, price_level: f64) -> f64 {
    p.health0 * (p.g_health * tau).exp() * price_level
}

/// Defense `G_def_t = G_def0 exp(g_def tau)` (nominal appropriations).
pub fn defense(p: &FiscalParams, tau: f64) -> f64 {
    p.defense0 * (p.g_defense * tau).exp()
}

/// Other outlays `G_oth_t = G_oth0 exp(g_oth tau)`.
pub fn other(p: &FiscalParams, tau: f64) -> f64 {
    p.other0 * (p.g_other * tau).exp()
}

/// Automation savings `S_t = admin_share (G_def_t + G_oth_t) a_gov(tau) cost_cut_gov`.
pub fn automation_savings(admin_share: f64, defense: f64, other: f64, gov_adoption: f64, cut: f64) -> f64 {
    admin_share * (defense + other) * gov_adoption * cut
}

/// Unemployment cost `G_ui_t = ui_cost P_t max(0, u_t - u_nat) L_t`.
pub fn unemployment_cost(ui_cost: f64, price_level: f64, unemployment: f64, u_natural: f64, labor_force: f64) -> f64 {
    ui_cost * price_level * (unemployment - u_natural).max(0.0) * labor_force
}

/// Spending cuts `C_t = cut_target min(1, tau / cut_phase_years) cut_achieved`
/// (a phase of 0 years means the cuts apply at once).
pub fn spending_cuts(cut_target: f64, tau: f64, phase_years: f64, achieved: f64) -> f64 {
    let phased = if phase_years > 0.0 { (tau / phase_years).min(1.0) } else { 1.0 };
    cut_target * phased * achieved
}

/// The whole block: primary outlays
/// `G_t = G_idx + G_hlt + G_def + G_oth - S + G_ui - C`, interest
/// `INT_t = ieff_t D_t`, primary deficit `PD_t = G_t - R_t`.
pub fn step(p: &FiscalParams, x: &FiscalInputs) -> FiscalFlows {
    let revenue = revenue(x.revenue_share, p.revenue_cyclical, x.gdp_nominal, x.output_gap);
    let indexed = x.indexed_real * x.cola;
    let health = x.health_real * x.price_level;
    let unemployment_cost = unemployment_cost(p.ui_cost, x.price_level, x.unemployment, x.u_natural, x.labor_force);
    let outlays_primary =
        indexed + health + x.defense + x.other - x.automation_savings + unemployment_cost - x.spending_cuts;
    let interest = x.rate_effective * x.debt;
    FiscalFlows {
        revenue,
        indexed,
        health,
        defense: x.defense,
        other: x.other,
        automation_savings: x.automation_savings,
        unemployment_cost,
        spending_cuts: x.spending_cuts,
        outlays_primary,
        interest,
        primary_deficit: outlays_primary - revenue,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cola_never_falls_under_deflation() {
        let mut cola = 1.0;
        for inflation in [0.03, -0.2, -0.5, 0.01, -0.01] {
            let next = next_cola(cola, inflation, 0.25);
            assert!(next >= cola);
            cola = next;
        }
        assert!((cola - (0.04f64 * 0.25).exp()).abs() < 1e-15);
    }

    #[test]
    fn cuts_phase_in_linearly() {
        assert_eq!(spending_cuts(2.0, 1.5, 3.0, 0.5), 0.5);
        assert_eq!(spending_cuts(2.0, 6.0, 3.0, 1.0), 2.0);
        assert_eq!(spending_cuts(2.0, 0.0, 0.0, 1.0), 2.0);
    }
}
