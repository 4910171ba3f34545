//! What depends only on time, computed once per run: the adoption curves
//! (technology block) and the values of scheduled parameters at each step.

use super::technology;
use crate::params::ModelParams;

/// Exogenous inputs of one step.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct StepInputs {
    pub tau: f64,
    pub year: f64,
    /// `Z_t`, the raw AI productivity index.
    pub ai_index: f64,
    /// `sum_s n_s delta_s max(0, a_s(tau_t) - a_s(tau_{t-1})) / dt`.
    pub displacement_rate: f64,
    /// `a_gov(tau_t)`.
    pub gov_adoption: f64,
    pub money_growth: f64,
    pub velocity_growth: f64,
    pub pass_through: f64,
    pub target: f64,
    pub r_star: f64,
    pub floor: f64,
    pub term_premium: f64,
    pub revenue_share: f64,
    pub admin_share: f64,
    pub automation_cut: f64,
    pub cut_target: f64,
    pub cut_achieved: f64,
}

/// The exogenous inputs of steps `0..=T`.
pub fn build(p: &ModelParams) -> Vec<StepInputs> {
    let dt = p.run.dt;
    let sectors = &p.technology.sectors;
    let gov = &sectors[p.technology.gov_sector];
    (0..=p.run.steps())
        .map(|t| {
            let tau = t as f64 * dt;
            let tau_prev = if t == 0 { 0.0 } else { tau - dt };
            let year = p.run.start_year + tau;
            StepInputs {
                tau,
                year,
                ai_index: technology::ai_index(sectors, tau),
                displacement_rate: technology::displacement_rate(sectors, tau, tau_prev, dt),
                gov_adoption: technology::adoption(gov, tau),
                money_growth: p.prices.money_growth.value_at(year),
                velocity_growth: p.prices.velocity_growth.value_at(year),
                pass_through: p.prices.pass_through.value_at(year),
                target: p.prices.target.value_at(year),
                r_star: p.prices.r_star.value_at(year),
                floor: p.prices.floor.value_at(year),
                term_premium: p.rates.term_premium.value_at(year),
                revenue_share: p.fiscal.revenue_share.value_at(year),
                admin_share: p.fiscal.admin_share.value_at(year),
                automation_cut: p.fiscal.automation_cut.value_at(year),
                cut_target: p.fiscal.cut_target.value_at(year),
                cut_achieved: p.fiscal.cut_achieved.value_at(year),
            }
        })
        .collect()
}
