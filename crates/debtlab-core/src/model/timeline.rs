//! What depends only on time, computed once per run (or once per Monte Carlo
//! path when a drawn parameter changes it): the technology block's adoption
//! curves, the energy and compute block, the labor force, potential output's
//! trend, the fiscal programs' paths and the scheduled parameters. The step
//! loop then only does the endogenous part of each block.

use super::{energy, fiscal, labor, technology};
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
}

impl Timeline {
    pub fn build(p: &ModelParams) -> Timeline {
        let mut timeline = Timeline::default();
        timeline.rebuild(p);
        timeline
    }

    /// Recomputes the timeline in place (no allocation once the buffer has
    /// the run's length).
    pub fn rebuild(&mut self, p: &ModelParams) {
        let steps = p.run.steps() + 1;
        self.steps.resize(steps, StepInputs::default());
        self.constants = StepConstants {
            expectations_adjustment: 1.0 - (-p.run.dt / p.prices.expectations_years).exp(),
            gap_persistence: (-p.run.dt / p.prices.gap_years).exp(),
            rollover: super::rates::rollover_share(&p.rates, p.run.dt),
        };
        let mut previous_effective = 1.0;
        for (t, x) in self.steps.iter_mut().enumerate() {
            *x = inputs_at(p, t, previous_effective);
            previous_effective = x.energy.ai_index_effective;
        }
    }

    /// Overwrites the scheduled-parameter fields from `p`, for draws that
    /// change only those (cheaper than a full rebuild).
    pub fn refresh_schedules(&mut self, p: &ModelParams) {
        for x in &mut self.steps {
            set_schedules(p, x);
        }
    }
}

fn set_schedules(p: &ModelParams, x: &mut StepInputs) {
    let year = x.year;
    x.money_growth = p.prices.money_growth.value_at(year);
    x.velocity_growth = p.prices.velocity_growth.value_at(year);
    x.pass_through = p.prices.pass_through.value_at(year);
    x.target = p.prices.target.value_at(year);
    x.r_star = p.prices.r_star.value_at(year);
    x.floor = p.prices.floor.value_at(year);
    x.term_premium = p.rates.term_premium.value_at(year);
    x.revenue_share = p.fiscal.revenue_share.value_at(year);
    let f = &p.fiscal;
    let automation = fiscal::automation_savings(
        f.admin_share.value_at(year),
        x.defense,
        x.other,
        x.gov_adoption,
        f.automation_cut.value_at(year),
    );
    x.automation_savings = automation;
    x.spending_cuts = fiscal::spending_cuts(
        f.cut_target.value_at(year),
        x.tau,
        f.cut_phase_years,
        f.cut_achieved.value_at(year),
    );
}

fn inputs_at(p: &ModelParams, t: usize, previous_effective: f64) -> StepInputs {
    let dt = p.run.dt;
    let tau = t as f64 * dt;
    let tau_prev = if t == 0 { 0.0 } else { tau - dt };
    let sectors = &p.technology.sectors;
    let g_base = p.technology.g_base;
    let g_labor = p.labor.g_labor_force;
    let ai_index = technology::ai_index(sectors, tau);
    let energy = energy::step(&p.energy, g_base, g_labor, tau, ai_index);
    let ln_ai_effective_growth = if t == 0 {
        0.0
    } else {
        (energy.ai_index_effective / previous_effective).ln()
    };
    let mut x = StepInputs {
        tau,
        year: p.run.start_year + tau,
        ai_index,
        displacement_rate: technology::displacement_rate(sectors, tau, tau_prev, dt),
        gov_adoption: technology::adoption(&sectors[p.technology.gov_sector], tau),
        energy,
        ln_ai_effective_growth,
        labor_force: labor::labor_force(p.start.labor_force, g_labor, tau),
        potential_trend: super::supply::potential_output(
            p.start.gdp_nominal,
            g_base,
            g_labor,
            tau,
            1.0,
        ),
        indexed_real: fiscal::indexed(&p.fiscal, tau, 1.0),
        health_real: fiscal::health(&p.fiscal, tau, 1.0),
        defense: fiscal::defense(&p.fiscal, tau),
        other: fiscal::other(&p.fiscal, tau),
        debt_intragov: super::debt::intragov(p.start.debt_intragov, p.rates.g_intragov, tau),
        ..StepInputs::default()
    };
    set_schedules(p, &mut x);
    x
}
