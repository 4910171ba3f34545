//! Helpers shared by the integration tests.
#![allow(dead_code)]

use debtlab_core::presets::{self, PresetResolver};
use debtlab_core::{load, Run, Scenario};

/// Every embedded preset, loaded.
pub fn all_presets() -> Vec<Scenario> {
    presets::names().map(|name| preset(name, &[])).collect()
}

pub fn preset(name: &str, sets: &[&str]) -> Scenario {
    let sets: Vec<String> = sets.iter().map(|s| s.to_string()).collect();
    load(name, &PresetResolver, &sets).unwrap_or_else(|e| panic!("{name}: {e}"))
}

pub fn run(scenario: &Scenario) -> Run {
    scenario.run().unwrap_or_else(|e| panic!("{}: {e}", scenario.name))
}

/// Relative error of the debt identity (MODEL.md 3.8) at every step of `run`:
/// `(step, |D_{t+1} - next_debt(D_t, ...)| / |next_debt|)`.
pub fn identity_errors(run: &Run) -> impl Iterator<Item = (f64, f64)> + '_ {
    run.rows.windows(2).map(|pair| {
        let (now, next) = (&pair[0], &pair[1]);
        let expected = debtlab_core::model::debt::next_debt(
            now.debt_public,
            run.dt,
            now.interest,
            now.primary_deficit,
            now.other_financing,
        );
        (now.step, (next.debt_public - expected).abs() / expected.abs().max(1e-300))
    })
}
