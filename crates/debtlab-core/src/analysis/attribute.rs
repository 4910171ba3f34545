//! Where a verdict comes from: the change in debt/GDP split into the IMF's
//! parts, and how much debt/GDP moves when each named mechanism of the model
//! is switched off alone.
//!
//! The split is exact step by step. With `d = D / Ynom` and the identity
//! `D_{t+1} = D_t + dt (INT_t + PD_t + OMF_t)`,
//! `d_{t+1} - d_t = dt (INT_t + PD_t + OMF_t) / Ynom_{t+1} + d_t (Ynom_t / Ynom_{t+1} - 1)`;
//! the last term (growth) is shared between inflation and real growth in
//! proportion to `ln(P_{t+1}/P_t)` and `ln(Y_{t+1}/Y_t)`, and the primary
//! deficit is split into revenue and each spending line. Summed over the
//! steps to a year, the parts add up to the change since the start (the
//! `rounding` part shows what floating point leaves).

use super::AnalysisError;
use crate::claims::nearest_step;
use crate::model::{simulate, Run};
use crate::params::ModelParams;
use crate::scenario::Scenario;

/// The parts of the change in debt/GDP, in output order: name and meaning.
pub const PARTS: [(&str, &str); 13] = [
    ("start", "debt/GDP at the start"),
    ("interest", "interest on the debt"),
    ("inflation", "growth of the price level (erodes the ratio)"),
    ("real_growth", "growth of real output (erodes the ratio)"),
    ("revenue", "revenue (lowers borrowing)"),
    ("social_security", "Social Security outlays"),
    ("health", "health outlays"),
    ("defense", "defense outlays"),
    ("other", "other outlays"),
    ("unemployment", "unemployment costs above the natural rate"),
    ("savings_and_cuts", "automation savings and spending cuts (lower borrowing)"),
    ("other_financing", "other means of financing"),
    ("rounding", "what floating point leaves (should be ~1e-14)"),
];

/// A mechanism a user can name and switch off.
pub struct Mechanism {
    pub name: &'static str,
    pub what: &'static str,
    /// What "off" sets.
    pub off: &'static str,
    switch_off: fn(&mut ModelParams),
}

/// Moves each spending line's COLA-ratchet weight to its price weight.
fn no_cola_law(p: &mut ModelParams) {
    for line in [&mut p.fiscal.social_security, &mut p.fiscal.health, &mut p.fiscal.defense, &mut p.fiscal.other] {
        line.price_weight += line.ratchet_weight;
        line.ratchet_weight = 0.0;
    }
}

/// The mechanisms `attribute` switches off, one at a time.
pub const MECHANISMS: &[Mechanism] = &[
    Mechanism {
        name: "natural_rate_link",
        what: "the natural rate rises with expected trend growth",
        off: "policy.r_star_growth = 0",
        switch_off: |p| p.policy.r_star_growth = 0.0,
    },
    Mechanism {
        name: "ai_cost_shock",
        what: "unexpected AI growth lowers inflation",
        off: "prices.pass_through = 0",
        switch_off: |p| p.prices.pass_through = crate::params::Number::Constant(0.0),
    },
    Mechanism {
        name: "ai_learning_lag",
        what: "expected AI growth catches up with a lag",
        off: "prices.productivity_learning_years = 0 (the wave is expected at once)",
        switch_off: |p| p.prices.productivity_learning_years = 0.0,
    },
    Mechanism {
        name: "energy_cost_push",
        what: "real energy price growth raises inflation",
        off: "energy.cost_share = 0",
        switch_off: |p| p.energy.cost_share = 0.0,
    },
    Mechanism {
        name: "zero_lower_bound",
        what: "the floor on the policy and 10-year rates",
        off: "policy.floor = -0.1",
        switch_off: |p| p.policy.floor = crate::params::Number::Constant(-0.1),
    },
    Mechanism {
        name: "fisher_channel",
        what: "surprise deflation raises private debt burdens and cuts demand",
        off: "demand.fisher = 0",
        switch_off: |p| p.demand.fisher = 0.0,
    },
    Mechanism {
        name: "fiscal_multiplier",
        what: "new cuts and savings lower demand",
        off: "demand.fiscal_multiplier = 0",
        switch_off: |p| p.demand.fiscal_multiplier = 0.0,
    },
    Mechanism {
        name: "capital_capture",
        what: "capital takes part of AI's extra output, taxed at a lower rate",
        off: "income.ai_capital_capture = 0",
        switch_off: |p| p.income.ai_capital_capture = 0.0,
    },
    Mechanism {
        name: "health_ai_link",
        what: "AI in the health sector lowers health outlays",
        off: "fiscal.health.ai_weight = 0",
        switch_off: |p| p.fiscal.health_ai_weight = 0.0,
    },
    Mechanism {
        name: "cola_law",
        what: "benefits never fall with prices (the COLA ratchet)",
        off: "each line's ratchet weight moved to its price weight",
        switch_off: no_cola_law,
    },
    Mechanism {
        name: "maturity",
        what: "the debt reprices only as it matures",
        off: "debt.bill_maturity_years = debt.coupon_wam_years = 1e-6 (all debt reprices every step)",
        switch_off: |p| {
            p.debt.bill_maturity_years = 1e-6;
            p.debt.coupon_wam_years = 1e-6;
        },
    },
];

/// The parts at each year, `[part][year]`, as ratios (0.01 is a point of GDP).
pub fn parts(run: &Run, steps: &[usize]) -> Vec<Vec<f64>> {
    let last = steps.iter().copied().max().unwrap_or(0);
    let mut running = [0.0; PARTS.len()];
    running[0] = run.rows[0].debt_gdp;
    let mut out = vec![vec![0.0; steps.len()]; PARTS.len()];
    let record = |running: &[f64; PARTS.len()], t: usize, out: &mut Vec<Vec<f64>>, d: f64| {
        for (k, &s) in steps.iter().enumerate() {
            if s == t {
                let sum: f64 = running[..PARTS.len() - 1].iter().sum();
                for (part, value) in out.iter_mut().zip(running) {
                    part[k] = *value;
                }
                out[PARTS.len() - 1][k] = d - sum;
            }
        }
    };
    record(&running, 0, &mut out, run.rows[0].debt_gdp);
    for t in 0..last {
        let (now, next) = (&run.rows[t], &run.rows[t + 1]);
        let per = run.dt / next.gdp_nominal;
        let lines = [now.outlays_social_security, now.outlays_health, now.defense, now.outlays_other];
        let unemployment = now.outlays_primary - lines.iter().sum::<f64>() + now.automation_savings + now.spending_cuts;
        let growth = now.debt_gdp * (now.gdp_nominal / next.gdp_nominal - 1.0);
        let log_growth = (next.gdp_nominal / now.gdp_nominal).ln();
        let real_share = if log_growth != 0.0 { (next.gdp_real / now.gdp_real).ln() / log_growth } else { 0.5 };
        let step = [
            0.0,
            per * now.interest,
            growth * (1.0 - real_share),
            growth * real_share,
            -per * now.revenue,
            per * lines[0],
            per * lines[1],
            per * lines[2],
            per * lines[3],
            per * unemployment,
            -per * (now.automation_savings + now.spending_cuts),
            per * now.other_financing,
        ];
        for (total, change) in running.iter_mut().zip(step) {
            *total += change;
        }
        record(&running, t + 1, &mut out, next.debt_gdp);
    }
    out
}

/// One mechanism's effect: debt/GDP with it switched off, minus with it on.
#[derive(Debug, Clone, PartialEq)]
pub struct Effect {
    pub name: &'static str,
    pub what: &'static str,
    pub off: &'static str,
    /// `[year]`, ratios.
    pub change: Vec<f64>,
}

/// The whole table for one scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Attribution {
    pub scenario: String,
    /// The scenario subtracted from it, if any.
    pub against: Option<String>,
    /// Years after the start, and the steps read.
    pub years: Vec<f64>,
    pub steps: Vec<usize>,
    /// Debt/GDP at each year (and the other scenario's).
    pub debt_gdp: Vec<f64>,
    pub against_debt_gdp: Option<Vec<f64>>,
    /// `[part][year]`: the scenario's parts, less the other scenario's.
    pub parts: Vec<Vec<f64>>,
    pub effects: Vec<Effect>,
}

/// Splits `scenario`'s debt/GDP at `years` (after the start) into the parts,
/// less those of `against` if given, and measures each mechanism.
pub fn attribute(scenario: &Scenario, against: Option<&Scenario>, years: &[f64]) -> Result<Attribution, AnalysisError> {
    let p = scenario.model_params();
    let last = p.run.steps();
    for &y in years {
        if !(y.is_finite() && (0.0..=p.run.years + 1e-9).contains(&y)) {
            return Err(super::input(format!("year {y} is outside the run, which has {} years", p.run.years)));
        }
    }
    let steps: Vec<usize> = years.iter().map(|&y| nearest_step(y, p.run.dt, last)).collect();
    let run_of = |p: &ModelParams, context: &str| {
        simulate(p).map_err(|source| AnalysisError::Run { context: context.to_string(), source })
    };
    let run = run_of(&p, &scenario.name)?;
    let at = |run: &Run| steps.iter().map(|&s| run.rows[s].debt_gdp).collect::<Vec<f64>>();
    let mut table = parts(&run, &steps);
    let mut against_debt_gdp = None;
    if let Some(other) = against {
        let q = other.model_params();
        if (q.run.dt - p.run.dt).abs() > 0.0 || q.run.years < p.run.years - 1e-9 {
            return Err(super::input(format!(
                "`{}` must have the same dt and at least the horizon of `{}`",
                other.name, scenario.name
            )));
        }
        let base = run_of(&q, &other.name)?;
        for (mine, theirs) in table.iter_mut().zip(parts(&base, &steps)) {
            for (m, t) in mine.iter_mut().zip(theirs) {
                *m -= t;
            }
        }
        against_debt_gdp = Some(at(&base));
    }
    let debt_gdp = at(&run);
    let effects = MECHANISMS
        .iter()
        .map(|m| {
            let mut off = p.clone();
            (m.switch_off)(&mut off);
            let changed = run_of(&off, &format!("{} with {} off", scenario.name, m.name))?;
            let change = at(&changed).iter().zip(&debt_gdp).map(|(a, b)| a - b).collect();
            Ok(Effect { name: m.name, what: m.what, off: m.off, change })
        })
        .collect::<Result<_, AnalysisError>>()?;
    Ok(Attribution {
        scenario: scenario.name.clone(),
        against: against.map(|a| a.name.clone()),
        years: steps.iter().map(|&s| s as f64 * p.run.dt).collect(),
        steps,
        debt_gdp,
        against_debt_gdp,
        parts: table,
        effects,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::presets::PresetResolver;

    #[test]
    fn the_parts_add_up_to_debt_to_gdp_on_every_preset() {
        for name in crate::presets::names() {
            let s = crate::load(name, &PresetResolver, &[]).unwrap();
            let a = attribute(&s, None, &[3.0, 10.0]).unwrap();
            for (k, &d) in a.debt_gdp.iter().enumerate() {
                let sum: f64 = a.parts.iter().map(|part| part[k]).sum();
                assert!((sum - d).abs() < 1e-13, "{name}: parts sum to {sum}, debt/GDP is {d}");
                let rounding = a.parts[PARTS.len() - 1][k];
                assert!(rounding.abs() < 1e-12, "{name}: rounding {rounding}");
            }
        }
    }

    #[test]
    fn against_a_baseline_the_parts_add_up_to_the_difference() {
        let s = crate::load("debt-deflation", &PresetResolver, &[]).unwrap();
        let b = crate::load("baseline", &PresetResolver, &[]).unwrap();
        let a = attribute(&s, Some(&b), &[3.0]).unwrap();
        let sum: f64 = a.parts.iter().map(|part| part[0]).sum();
        let difference = a.debt_gdp[0] - a.against_debt_gdp.as_ref().unwrap()[0];
        assert!((sum - difference).abs() < 1e-13);
    }

    #[test]
    fn a_switched_off_mechanism_that_is_not_in_play_changes_nothing() {
        // The baseline has no AI wave: the AI cost shock and the health link are inert.
        let s = crate::load("baseline", &PresetResolver, &[]).unwrap();
        let a = attribute(&s, None, &[3.0, 10.0]).unwrap();
        for name in ["ai_cost_shock", "ai_learning_lag", "health_ai_link", "capital_capture"] {
            let e = a.effects.iter().find(|e| e.name == name).unwrap();
            assert!(e.change.iter().all(|c| c.abs() < 1e-12), "{name}: {:?}", e.change);
        }
        // Maturity is always in play: with every pool repriced each step the path moves.
        let maturity = a.effects.iter().find(|e| e.name == "maturity").unwrap();
        assert!(maturity.change[1].abs() > 1e-3, "{:?}", maturity.change);
    }
}
