//! What titles say about a scenario, read from the resolved scenario (its
//! parameters after `extends` and every `--set`), never from the text of
//! its file: the monetary policy rule that ran, the step, and which
//! parameters `--set` changed. A description is the file's own words
//! about the file; the title's rule and overrides are the run's.

use debtlab_core::params::Origin;
use debtlab_core::Scenario;

/// Names of more overrides than this are summarised as "and N more".
const NAMED: usize = 4;

/// The parameters `--set` gave a value (scalars and sector fields), in
/// table order, less those in `hidden` (set by the command itself).
pub fn overrides(scenario: &Scenario, hidden: &[&str]) -> Vec<String> {
    let scalars = scenario
        .params
        .scalars()
        .filter(|(_, _, origin)| **origin == Origin::Override)
        .map(|(spec, _, _)| spec.name.to_string());
    let sectors = scenario.params.sectors().iter().flat_map(|s| {
        s.origins
            .iter()
            .zip(debtlab_core::params::spec::SECTOR_FIELDS)
            .filter(|(origin, _)| **origin == Origin::Override)
            .map(move |(_, field)| format!("technology.sectors.{}.{}", s.name, field.0))
    });
    scalars.chain(sectors).filter(|name| !hidden.contains(&name.as_str())).collect()
}

/// The scenario's name, and the parameters `--set` changed if any:
/// `baseline with --set policy.rule, money.growth`.
pub fn name(scenario: &Scenario, hidden: &[&str]) -> String {
    let set = overrides(scenario, hidden);
    if set.is_empty() {
        return scenario.name.clone();
    }
    let mut listed = set.iter().take(NAMED).cloned().collect::<Vec<_>>().join(", ");
    if set.len() > NAMED {
        listed.push_str(&format!(" and {} more", set.len() - NAMED));
    }
    format!("{} with --set {listed}", scenario.name)
}

/// The monetary policy rule that runs: `taylor rule` or `money rule`.
pub fn rule(scenario: &Scenario) -> String {
    let rule = scenario.params.text("policy.rule");
    match scenario.params.text("prices.expectations") {
        "rational" => format!("{rule} rule, rational expectations"),
        _ => format!("{rule} rule"),
    }
}

/// `NAME (RULE rule)`: for chart titles.
pub fn short(scenario: &Scenario) -> String {
    format!("{} ({})", name(scenario, &[]), rule(scenario))
}

/// `NAME (RULE rule, dt = DT yr)`: for table titles.
pub fn heading(scenario: &Scenario) -> String {
    heading_hiding(scenario, &[])
}

/// [`heading`] without the overrides in `hidden`, which the command set itself.
pub fn heading_hiding(scenario: &Scenario, hidden: &[&str]) -> String {
    let dt = scenario.model_params().run.dt;
    format!("{} ({}, dt = {dt} yr)", name(scenario, hidden), rule(scenario))
}

/// [`heading`], then the description of the scenario's file if it has one.
pub fn described(scenario: &Scenario) -> String {
    if scenario.description.is_empty() {
        heading(scenario)
    } else {
        format!("{}: {}", heading(scenario), scenario.description)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resolve::PresetsAndFiles;

    fn load(reference: &str, sets: &[&str]) -> Scenario {
        let sets: Vec<String> = sets.iter().map(|s| s.to_string()).collect();
        debtlab_core::load(reference, &PresetsAndFiles, &sets).unwrap()
    }

    /// Issue 18: the title said "(taylor regime)" after `--set policy.rule=money`.
    #[test]
    fn the_heading_is_the_resolved_scenarios() {
        let plain = load("doge-liquidation", &[]);
        assert_eq!(heading(&plain), "doge-liquidation (taylor rule, dt = 0.125 yr)");
        let money = load("doge-liquidation", &["policy.rule=money", "run.dt=0.25"]);
        assert_eq!(heading(&money), "doge-liquidation with --set run.dt, policy.rule (money rule, dt = 0.25 yr)");
        assert!(!described(&money).contains("taylor"), "{}", described(&money));
        assert_eq!(short(&load("musk-abundance", &[])), "musk-abundance (money rule)");
        let sector = load("baseline", &["technology.sectors.professional_services.multiple=2"]);
        assert_eq!(overrides(&sector, &[]), ["technology.sectors.professional_services.multiple"]);
        let many = load(
            "baseline",
            &["fiscal.cut_target=1", "run.years=5", "run.dt=0.25", "prices.kappa=0.1", "policy.phi_pi=1"],
        );
        assert!(name(&many, &[]).ends_with(" and 1 more"), "{}", name(&many, &[]));
        assert_eq!(
            heading_hiding(&load("baseline", &["run.years=11"]), &["run.years"]),
            heading(&load("baseline", &[]))
        );
    }
}
