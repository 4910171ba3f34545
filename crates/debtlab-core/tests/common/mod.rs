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
