//! What depends only on time, computed once per run (or once per Monte Carlo
//! path when a drawn parameter changes it): the technology block's adoption
//! curves, the energy and compute block, the labor force, potential output's
//! trend, the fiscal programs' paths and the scheduled parameters. The step
//! loop then only does the endogenous part of each block.
//!
//! Paths of the form `x0 exp(g tau)` and the logistic's `exp(-k (tau - tau0))`
//! are advanced by a multiplicative recurrence (one multiply per step instead
//! of an `exp`), which agrees with the closed form to rounding.

use super::{energy, fiscal, supply};
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
    /// The energy and compute block (3.2) at this step.
    pub energy: energy::EnergyOutcome,
    /// `ln(E_t / E_{t-1})` for `E = 1 + (Z - 1) q`, the unshocked effective AI
    /// index (0 at `t = 0`); the shock's `eps_Z` adds to it.
    pub ln_ai_effective_growth: f64,
    /// `L_t`.
    pub labor_force: f64,
    /// `Y0 exp((g_base + g_L) tau)`, potential output before the AI factor.
    pub potential_trend: f64,
    /// Fiscal programs before indexation: `G_idx0 exp(g_idx tau)`,
    /// `G_hlt0 exp(g_hlt tau)`, and `G_def_t`, `G_oth_t`.
    pub indexed_real: f64,
    pub health_real: f64,
    pub defense: f64,
    pub other: f64,
    /// `S_t` and `C_t`, both time-only.
    pub automation_savings: f64,
    pub spending_cuts: f64,
    /// `Dig_t`.
    pub debt_intragov: f64,
    /// Scheduled parameters at this step.
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

/// Per-run constants of the step loop.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct StepConstants {
    /// `1 - exp(-dt / T_exp)`, the expectations' adjustment per step.
    pub expectations_adjustment: f64,
    /// `exp(-dt / T_gap)`, the output gap's persistence per step.
    pub gap_persistence: f64,
    /// `rho = min(1, dt / WAM)`.
    pub rollover: f64,
}

/// The exogenous part of a run.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Timeline {
    pub steps: Vec<StepInputs>,
    pub constants: StepConstants,
    /// Per-sector scratch for the adoption recurrence.
    sectors: Vec<SectorPath>,
}

/// A sector's logistic by recurrence: `u = exp(-k (tau - tau0))`, `a = c / (1 + u)`.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
struct SectorPath {
    u: f64,
    decay: f64,
    adoption_prev: f64,
}

/// The field of [`StepInputs`] that holds a scheduled parameter.
pub type ScheduledField = fn(&mut StepInputs) -> &mut f64;

/// The field that holds a scheduled parameter, by dotted name.
pub fn scheduled_field(name: &str) -> Option<ScheduledField> {
    let field: ScheduledField = match name {
        "money.growth" => |x| &mut x.money_growth,
        "prices.velocity_growth" => |x| &mut x.velocity_growth,
        "prices.pass_through" => |x| &mut x.pass_through,
        "prices.target" => |x| &mut x.target,
        "policy.r_star" => |x| &mut x.r_star,
        "policy.floor" => |x| &mut x.floor,
        "rates.term_premium" => |x| &mut x.term_premium,
        "fiscal.revenue_share" => |x| &mut x.revenue_share,
        "fiscal.admin_share" => |x| &mut x.admin_share,
        "fiscal.automation_cut" => |x| &mut x.automation_cut,
        "fiscal.cut_target" => |x| &mut x.cut_target,
        "fiscal.cut_achieved" => |x| &mut x.cut_achieved,
        _ => return None,
    };
    Some(field)
}

impl Timeline {
    pub fn build(p: &ModelParams) -> Timeline {
        let mut timeline = Timeline::default();
        timeline.rebuild(p);
        timeline
    }

    /// Recomputes everything in place (no allocation once the buffers have
    /// the run's length).
    pub fn rebuild(&mut self, p: &ModelParams) {
        let steps = p.run.steps() + 1;
        self.steps.resize(steps, StepInputs::default());
        for (t, x) in self.steps.iter_mut().enumerate() {
            x.tau = t as f64 * p.run.dt;
            x.year = p.run.start_year + x.tau;
            let year = x.year;
            x.money_growth = p.prices.money_growth.value_at(year);
            x.velocity_growth = p.prices.velocity_growth.value_at(year);
            x.pass_through = p.prices.pass_through.value_at(year);
            x.target = p.prices.target.value_at(year);
            x.r_star = p.prices.r_star.value_at(year);
            x.floor = p.prices.floor.value_at(year);
            x.term_premium = p.rates.term_premium.value_at(year);
            x.revenue_share = p.fiscal.revenue_share.value_at(year);
            x.admin_share = p.fiscal.admin_share.value_at(year);
            x.automation_cut = p.fiscal.automation_cut.value_at(year);
            x.cut_target = p.fiscal.cut_target.value_at(year);
            x.cut_achieved = p.fiscal.cut_achieved.value_at(year);
        }
        self.rebuild_time_paths(p);
    }

    /// Sets a scheduled parameter (see [`scheduled_field`]) to a constant at
    /// every step, as a per-path draw does, then recomputes what derives from it.
    pub fn set_scheduled(&mut self, p: &ModelParams, field: ScheduledField, value: f64) {
        for x in &mut self.steps {
            *field(x) = value;
            set_fiscal_actions(p, x);
        }
    }

    /// Recomputes the time paths (technology, energy, labor force, trend,
    /// programs, intragovernmental debt) and the constants, keeping the
    /// scheduled values already in place.
    pub fn rebuild_time_paths(&mut self, p: &ModelParams) {
        let dt = p.run.dt;
        self.constants = StepConstants {
            expectations_adjustment: 1.0 - (-dt / p.prices.expectations_years).exp(),
            gap_persistence: (-dt / p.prices.gap_years).exp(),
            rollover: super::rates::rollover_share(&p.rates, dt),
        };
        let sectors = &p.technology.sectors;
        self.sectors.clear();
        self.sectors.extend(sectors.iter().map(|s| {
            let u = (s.speed * s.midpoint).exp();
            SectorPath { u, decay: (-s.speed * dt).exp(), adoption_prev: s.ceiling / (1.0 + u) }
        }));
        let start_productivity: f64 = sectors
            .iter()
            .zip(&self.sectors)
            .map(|(s, path)| s.share * (1.0 + (s.multiple - 1.0) * path.adoption_prev))
            .sum();
        let g_base = p.technology.g_base;
        let g_labor = p.labor.g_labor_force;
        let e = &p.energy;
        let f = &p.fiscal;
        let growth = |g: f64| (g * dt).exp();
        let mut level = Levels {
            energy_baseline: e.demand0,
            energy_supply: e.demand0,
            energy_cost: e.price0,
            compute_cost: e.compute_price0,
            labor_force: p.start.labor_force,
            potential_trend: supply::potential_output(p.start.gdp_nominal, g_base, g_labor, 0.0, 1.0),
            indexed_real: f.indexed0,
            health_real: f.health0,
            defense: f.defense0,
            other: f.other0,
            debt_intragov: p.start.debt_intragov,
        };
        let factor = Levels {
            energy_baseline: growth(g_base + g_labor - e.g_efficiency),
            energy_supply: growth(e.g_supply),
            energy_cost: growth(-e.g_cost),
            compute_cost: growth(-e.compute_g_cost),
            labor_force: growth(g_labor),
            potential_trend: growth(g_base + g_labor),
            indexed_real: growth(f.g_indexed),
            health_real: growth(f.g_health),
            defense: growth(f.g_defense),
            other: growth(f.g_other),
            debt_intragov: growth(p.rates.g_intragov),
        };
        let gov = p.technology.gov_sector;
        let mut effective_prev = 1.0;
        for (t, x) in self.steps.iter_mut().enumerate() {
            // 3.1 technology: adoption, productivity index, displacement.
            let mut productivity = 0.0;
            let mut displacement = 0.0;
            for (i, (s, path)) in sectors.iter().zip(self.sectors.iter_mut()).enumerate() {
                let adoption = s.ceiling / (1.0 + path.u);
                productivity += s.share * (1.0 + (s.multiple - 1.0) * adoption);
                displacement += s.jobs * s.displaceable * (adoption - path.adoption_prev).max(0.0);
                if i == gov {
                    x.gov_adoption = adoption;
                }
                path.adoption_prev = adoption;
                path.u *= path.decay;
            }
            x.ai_index = productivity / start_productivity;
            x.displacement_rate = displacement / dt;

            // 3.2 energy and compute.
            let with_ai = energy::demand_with_ai(e, level.energy_baseline, x.ai_index);
            let met_share = energy::met_share(level.energy_baseline, with_ai, level.energy_supply);
            let shortage = (with_ai / level.energy_supply).max(1.0);
            let shortage_markup = if shortage > 1.0 { shortage.powf(1.0 / e.supply_elasticity) } else { 1.0 };
            let compute_shock = if x.tau >= e.compute_shock_year { e.compute_shock_factor } else { 1.0 };
            x.energy = energy::EnergyOutcome {
                met_share,
                ai_index_effective: 1.0 + (x.ai_index - 1.0) * met_share,
                energy_price_real: level.energy_cost * shortage_markup,
                compute_price_real: level.compute_cost * compute_shock,
            };
            let effective = x.energy.ai_index_effective;
            x.ln_ai_effective_growth = if t == 0 { 0.0 } else { (effective / effective_prev).ln() };
            effective_prev = effective;

            // 3.3 labor, 3.4 supply trend, 3.7 programs, 3.8 intragovernmental debt.
            x.labor_force = level.labor_force;
            x.potential_trend = level.potential_trend;
            x.indexed_real = level.indexed_real;
            x.health_real = level.health_real;
            x.defense = level.defense;
            x.other = level.other;
            x.debt_intragov = level.debt_intragov;
            set_fiscal_actions(p, x);
            level.advance(&factor);
        }
    }
}

/// Values of the form `x0 exp(g tau)` at the current step.
struct Levels {
    energy_baseline: f64,
    energy_supply: f64,
    energy_cost: f64,
    compute_cost: f64,
    labor_force: f64,
    potential_trend: f64,
    indexed_real: f64,
    health_real: f64,
    defense: f64,
    other: f64,
    debt_intragov: f64,
}

impl Levels {
    fn advance(&mut self, by: &Levels) {
        self.energy_baseline *= by.energy_baseline;
        self.energy_supply *= by.energy_supply;
        self.energy_cost *= by.energy_cost;
        self.compute_cost *= by.compute_cost;
        self.labor_force *= by.labor_force;
        self.potential_trend *= by.potential_trend;
        self.indexed_real *= by.indexed_real;
        self.health_real *= by.health_real;
        self.defense *= by.defense;
        self.other *= by.other;
        self.debt_intragov *= by.debt_intragov;
    }
}

/// Automation savings and spending cuts at one step, from its scheduled values.
fn set_fiscal_actions(p: &ModelParams, x: &mut StepInputs) {
    x.automation_savings =
        fiscal::automation_savings(x.admin_share, x.defense, x.other, x.gov_adoption, x.automation_cut);
    x.spending_cuts = fiscal::spending_cuts(x.cut_target, x.tau, p.fiscal.cut_phase_years, x.cut_achieved);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::technology;
    use crate::presets::PresetResolver;

    /// The recurrences agree with the block functions' closed forms.
    #[test]
    fn recurrences_match_closed_forms() {
        for name in crate::presets::names() {
            let p = crate::load(name, &PresetResolver, &[]).unwrap().model_params();
            let timeline = Timeline::build(&p);
            let sectors = &p.technology.sectors;
            for x in &timeline.steps {
                let ai = technology::ai_index(sectors, x.tau);
                assert!((x.ai_index - ai).abs() < 1e-12 * ai, "{name} at {}: {} vs {ai}", x.tau, x.ai_index);
                let e = energy::step(&p.energy, p.technology.g_base, p.labor.g_labor_force, x.tau, ai);
                assert!((x.energy.met_share - e.met_share).abs() < 1e-9);
                assert!((x.energy.energy_price_real / e.energy_price_real - 1.0).abs() < 1e-12);
                assert!((x.energy.compute_price_real / e.compute_price_real - 1.0).abs() < 1e-12);
                let close = |a: f64, b: f64| (a / b - 1.0).abs() < 1e-13;
                assert!(close(x.defense, fiscal::defense(&p.fiscal, x.tau)));
                assert!(close(x.other, fiscal::other(&p.fiscal, x.tau)));
                assert!(close(x.indexed_real, fiscal::indexed(&p.fiscal, x.tau, 1.0)));
                assert!(close(x.health_real, fiscal::health(&p.fiscal, x.tau, 1.0)));
                let g_labor = p.labor.g_labor_force;
                assert!(close(x.labor_force, crate::model::labor::labor_force(p.start.labor_force, g_labor, x.tau)));
                let trend = supply::potential_output(p.start.gdp_nominal, p.technology.g_base, g_labor, x.tau, 1.0);
                assert!(close(x.potential_trend, trend));
                let intragov = crate::model::debt::intragov(p.start.debt_intragov, p.rates.g_intragov, x.tau);
                assert!(close(x.debt_intragov, intragov));
                let tau_prev = (x.tau - p.run.dt).max(0.0);
                let rate = technology::displacement_rate(sectors, x.tau, tau_prev, p.run.dt);
                assert!((x.displacement_rate - rate).abs() < 1e-12, "{name}");
            }
        }
    }
}
