//! The model: one module per block, run in the order of MODEL.md section 3,
//! by an explicit, recursive step loop (each step uses this step's exogenous
//! values and last step's endogenous values).

pub mod debt;
pub mod energy;
pub mod fiscal;
pub mod indicators;
pub mod labor;
pub mod prices;
pub mod rates;
pub mod supply;
pub mod technology;
pub mod timeline;

use crate::output::{Row, COLUMNS};
use crate::params::{ModelParams, Regime};
use timeline::{StepConstants, StepInputs, Timeline};

/// Per-step shocks of MODEL.md section 5 (all 0 in a deterministic run).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Shocks {
    pub eps_pi: f64,
    pub eps_y: f64,
    pub eps_tp: f64,
    pub eps_z: f64,
}

/// Endogenous values carried from one step to the next. At `t = 0` the
/// lagged values are the start values (MODEL.md section 2).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct State {
    pub step: usize,
    /// `P_t` (set by the previous step).
    pub price_level: f64,
    /// `COLA_t`.
    pub cola: f64,
    /// `D_t` and `ieff_t`.
    pub debt_public: f64,
    pub rate_effective: f64,
    /// Last step's values: `gap_{t-1}`, `X_{t-1}`, `Z_eff_{t-1}`, `S_{t-1}`,
    /// `Y_{t-1}`, `pie_{t-1}`, `pi_{t-1}`, `d_{t-1}`.
    pub output_gap: f64,
    pub displaced: f64,
    pub ai_index_effective: f64,
    pub shock_level: f64,
    pub gdp_real: f64,
    pub expected_inflation: f64,
    pub inflation: f64,
    pub debt_gdp: f64,
}

impl State {
    pub fn start(p: &ModelParams) -> State {
        let s = &p.start;
        State {
            step: 0,
            price_level: 1.0,
            cola: 1.0,
            debt_public: s.debt_public,
            rate_effective: s.rate_effective,
            output_gap: s.output_gap,
            displaced: 0.0,
            ai_index_effective: 1.0,
            shock_level: 1.0,
            gdp_real: s.gdp_nominal,
            expected_inflation: s.inflation,
            inflation: s.inflation,
            debt_gdp: s.debt_public / s.gdp_nominal,
        }
    }
}

/// A run stopped because a number left the finite range.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("the run left the finite range at step {step} (year {year:.2}): `{variable}` is {value}")]
pub struct NonFinite {
    pub step: usize,
    pub year: f64,
    pub variable: &'static str,
    pub value: f64,
}

/// The rows of a deterministic run, steps `0..=T`.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub dt: f64,
    pub start_year: f64,
    pub rows: Vec<Row>,
}

/// Advances the model one step: computes row `t` from `state` (values at
/// `t - 1` and stocks at `t`) and the timeline's exogenous inputs `x`, and
/// leaves `state` at `t + 1`. Blocks run in the order of MODEL.md section 3;
/// their time-only parts are in the timeline.
pub fn step(p: &ModelParams, c: &StepConstants, x: &StepInputs, s: &mut State, shocks: &Shocks) -> Row {
    let dt = p.run.dt;
    let first = s.step == 0;
    let trend_real = p.technology.g_base + p.labor.g_labor_force;

    // 3.1 technology and 3.2 energy: the energy-limited index, then the shock
    // `S_t = S_{t-1} exp(eps_Z)` (S_0 = 1), and `gZ_t = ln(Z_eff_t / Z_eff_{t-1}) / dt`.
    let shock_level = if first { 1.0 } else { technology::shock_level(s.shock_level, shocks.eps_z) };
    let ai_index_effective = x.energy.ai_index_effective * shock_level;
    let ln_ai_growth = if first { 0.0 } else { x.ln_ai_effective_growth + shocks.eps_z };
    let ai_growth = ln_ai_growth / dt;

    // 3.3 labor
    let flow = labor::displacement_flow(x.labor_force, x.displacement_rate);
    let displaced = labor::displaced_pool(s.displaced, flow, p.labor.retrain_years, dt);
    let unemployment = labor::unemployment(p.labor.u_natural, displaced, x.labor_force, p.labor.okun, s.output_gap);

    // 3.4 supply: `Ystar_t = Y0 exp((g_base + g_L) tau) Z_eff_t`, and its growth
    // `gYstar_t = (g_base + g_L) + gZ_t` (the trend value at t = 0).
    let potential = x.potential_trend * ai_index_effective;
    let potential_growth = trend_real + ai_growth;

    // 3.5 prices, policy and demand
    let expected = if first {
        s.expected_inflation
    } else {
        prices::adaptive_expectation(s.expected_inflation, s.inflation, c.expectations_adjustment)
    };
    let anchored = prices::anchored_expectation(expected, p.prices.anchoring, x.target);
    let price_inputs = prices::PriceInputs {
        dt,
        gap_persistence: c.gap_persistence,
        gap_prev: s.output_gap,
        expected_inflation: anchored,
        ai_growth,
        potential_growth,
        displaced_change: (displaced - s.displaced) / x.labor_force,
        money_growth: x.money_growth,
        velocity_growth: x.velocity_growth,
        pass_through: x.pass_through,
        target: x.target,
        r_star: x.r_star,
        floor: x.floor,
        eps_pi: shocks.eps_pi,
        eps_y: shocks.eps_y,
    };
    let outcome = prices::step(p.run.regime, &p.prices, &price_inputs);
    let gdp_real = potential * (1.0 + outcome.output_gap);
    let gdp_nominal = s.price_level * gdp_real;
    // `gY_t = ln(Y_t / Y_{t-1}) / dt`, trend at t = 0.
    let output_growth = supply::log_growth(gdp_real, s.gdp_real, dt, trend_real, first);
    let money_growth = match p.run.regime {
        Regime::Quantity => x.money_growth,
        Regime::Taylor => prices::reported_money_growth(outcome.inflation, output_growth, x.velocity_growth),
    };

    // 3.6 rates
    let ten_year = rates::ten_year(
        &p.rates,
        &rates::TenYearInputs {
            policy_rate: outcome.policy_rate,
            r_star: x.r_star,
            long_run_inflation: rates::long_run_inflation(&p.rates, anchored, x.target),
            term_premium: x.term_premium,
            floor: x.floor,
            debt_gdp_prev: s.debt_gdp,
            eps_tp: shocks.eps_tp,
        },
    );
    let new_issue = rates::new_issue(&p.rates, outcome.policy_rate, ten_year);

    // 3.7 fiscal
    let flows = fiscal::step(
        &p.fiscal,
        &fiscal::FiscalInputs {
            price_level: s.price_level,
            cola: s.cola,
            gdp_nominal,
            output_gap: outcome.output_gap,
            unemployment,
            u_natural: p.labor.u_natural,
            labor_force: x.labor_force,
            rate_effective: s.rate_effective,
            debt: s.debt_public,
            revenue_share: x.revenue_share,
            indexed_real: x.indexed_real,
            health_real: x.health_real,
            defense: x.defense,
            other: x.other,
            automation_savings: x.automation_savings,
            spending_cuts: x.spending_cuts,
        },
    );

    // 3.8 debt
    let debt_next = debt::next_debt(s.debt_public, dt, flows.interest, flows.primary_deficit);
    let rate_next = rates::next_effective_rate(s.rate_effective, new_issue, c.rollover, s.debt_public, debt_next);

    // 3.9 indicators. Nominal growth `gnom_t = ln(Ynom_t / Ynom_{t-1}) / dt`
    // is `pi_{t-1} + gY_t`, since `P_t / P_{t-1} = exp(pi_{t-1} dt)`.
    let nominal_growth = if first { trend_real + p.start.inflation } else { s.inflation + output_growth };
    let debt_gdp = indicators::ratio_to_gdp(s.debt_public, gdp_nominal);
    let debt_gross = s.debt_public + x.debt_intragov;
    let energy = &x.energy;
    let row = Row {
        step: s.step as f64,
        year: x.year,
        debt_public: s.debt_public,
        debt_gross,
        gdp_real,
        gdp_nominal,
        price_level: s.price_level,
        inflation: outcome.inflation,
        money_growth,
        policy_rate: outcome.policy_rate,
        rate_10y: ten_year,
        rate_new: new_issue,
        rate_effective: s.rate_effective,
        revenue: flows.revenue,
        outlays_primary: flows.outlays_primary,
        interest: flows.interest,
        defense: flows.defense,
        spending_cuts: flows.spending_cuts,
        automation_savings: flows.automation_savings,
        primary_deficit: flows.primary_deficit,
        debt_gdp,
        gross_gdp: indicators::ratio_to_gdp(debt_gross, gdp_nominal),
        real_debt: indicators::real_debt(s.debt_public, s.price_level),
        r_minus_g: indicators::r_minus_g(s.rate_effective, nominal_growth),
        pb_stabilizing: indicators::pb_stabilizing(s.rate_effective, nominal_growth, debt_gdp),
        interest_revenue: flows.interest / flows.revenue,
        interest_defense: flows.interest / flows.defense,
        output_gap: outcome.output_gap,
        unemployment,
        displaced,
        ai_index: ai_index_effective,
        aipi_cpi_spread: indicators::aipi_cpi_spread(ai_index_effective, s.price_level),
        energy_price: s.price_level * energy.energy_price_real,
        energy_met_share: energy.met_share,
        compute_price: s.price_level * energy.compute_price_real,
        robot_hour_cost: energy::robot_hour_cost(
            &p.energy,
            s.price_level,
            energy.energy_price_real,
            energy.compute_price_real,
        ),
        debt_kwh: indicators::debt_in_units(s.debt_public, s.price_level, energy.energy_price_real),
        debt_gpu_hours: indicators::debt_in_units(s.debt_public, s.price_level, energy.compute_price_real),
    };

    // Advance: stocks to t + 1, this step's values become last step's.
    let price_factor = prices::price_growth_factor(outcome.inflation, dt);
    *s = State {
        step: s.step + 1,
        price_level: s.price_level * price_factor,
        cola: fiscal::next_cola_with(s.cola, outcome.inflation, price_factor),
        debt_public: debt_next,
        rate_effective: rate_next,
        output_gap: outcome.output_gap,
        displaced,
        ai_index_effective,
        shock_level,
        gdp_real,
        expected_inflation: expected,
        inflation: outcome.inflation,
        debt_gdp,
    };
    row
}

/// The first column of `row` (in output order) that is not finite, with its value.
fn first_non_finite(row: &Row) -> Option<(&'static str, f64)> {
    row.values().into_iter().zip(COLUMNS).find(|(v, _)| !v.is_finite()).map(|(v, c)| (c.name, v))
}

/// Runs the model with a shock source (called once per step, in order).
pub fn simulate_with(p: &ModelParams, mut shocks: impl FnMut(usize) -> Shocks) -> Result<Run, NonFinite> {
    let timeline = Timeline::build(p);
    let mut state = State::start(p);
    let mut rows = Vec::with_capacity(timeline.steps.len());
    for x in &timeline.steps {
        let draw = shocks(state.step);
        let row = step(p, &timeline.constants, x, &mut state, &draw);
        if let Some((variable, value)) = first_non_finite(&row) {
            return Err(NonFinite { step: row.step as usize, year: x.year, variable, value });
        }
        let next = [
            ("debt_public", state.debt_public),
            ("rate_effective", state.rate_effective),
            ("price_level", state.price_level),
        ];
        if let Some((variable, value)) = next.into_iter().find(|(_, v)| !v.is_finite()) {
            return Err(NonFinite { step: row.step as usize + 1, year: x.year + p.run.dt, variable, value });
        }
        rows.push(row);
    }
    Ok(Run { dt: p.run.dt, start_year: p.run.start_year, rows })
}

/// A deterministic run (no shocks).
pub fn simulate(p: &ModelParams) -> Result<Run, NonFinite> {
    simulate_with(p, |_| Shocks::default())
}
