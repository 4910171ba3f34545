//! Overrides that change nothing: a `--set` whose removal leaves the run
//! bit for bit the same, so the user can be told instead of wondering why
//! the output did not move (`money.growth` under the `taylor` rule is the
//! classic case).
//!
//! The test is empirical: the scenario is loaded and run with every override
//! and again without each one. An override is inert when, without it, the
//! resolved parameters differ but every row of the run, the claims, the
//! `[uncertain]` draws and the `[shocks]` are the same. The reason given is
//! the rule that makes the parameter unread when one is known, else a plain
//! statement of the measurement.

use crate::params::ParamValue;
use crate::scenario::{load, Resolver, Scenario};

/// An override that has no effect on the run.
#[derive(Debug, Clone, PartialEq)]
pub struct InertOverride {
    /// The override as given (`dotted.name=value`).
    pub item: String,
    /// Why it changes nothing.
    pub reason: String,
}

/// The overrides among `overrides` that change nothing in `full`, the
/// scenario `reference` loaded with all of them (what the command runs; see
/// the module docs).
pub fn inert_overrides(
    full: &Scenario,
    reference: &str,
    resolver: &dyn Resolver,
    overrides: &[String],
) -> Vec<InertOverride> {
    if overrides.is_empty() {
        return Vec::new();
    }
    let Ok(full_run) = full.run() else { return Vec::new() };
    let mut inert = Vec::new();
    for (i, item) in overrides.iter().enumerate() {
        let rest: Vec<String> = overrides.iter().enumerate().filter(|&(j, _)| j != i).map(|(_, o)| o.clone()).collect();
        let Ok(without) = load(reference, resolver, &rest) else { continue };
        if without.claims != full.claims || without.uncertain != full.uncertain || without.shocks != full.shocks {
            continue;
        }
        let reason = if without.model_params() == full.model_params() {
            "the scenario already has this value".to_string()
        } else {
            match without.run() {
                Ok(run) if run == full_run => reason(item, full),
                _ => continue,
            }
        };
        inert.push(InertOverride { item: item.clone(), reason });
    }
    inert
}

/// The rule that leaves the parameter of `item` unread in `scenario`, when known.
fn reason(item: &str, scenario: &Scenario) -> String {
    let name = item.split_once('=').map_or(item, |(n, _)| n.trim());
    let text = |name: &str| match &scenario.params.get(name).0 {
        ParamValue::Text(t) => t.clone(),
        ParamValue::Number(_) => String::new(),
    };
    let rule = text("policy.rule");
    if name.starts_with("money.") && rule != "money" {
        return format!("money growth is read only under policy.rule = \"money\"; this run's rule is \"{rule}\"");
    }
    if name.starts_with("policy.") && name != "policy.rule" && rule == "money" {
        return "under policy.rule = \"money\" prices follow money against output; the policy-rate rule's \
                parameters are not read"
            .to_string();
    }
    if name == "energy.cost_share" && rule == "money" {
        return "the energy cost push acts through the Phillips curve, which policy.rule = \"money\" does not use"
            .to_string();
    }
    "every row of the run is the same with and without it: this scenario's rules do not read it".to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::presets::PresetResolver;

    fn inert(reference: &str, sets: &[&str]) -> Vec<InertOverride> {
        let sets: Vec<String> = sets.iter().map(|s| s.to_string()).collect();
        let full = load(reference, &PresetResolver, &sets).expect("loads");
        inert_overrides(&full, reference, &PresetResolver, &sets)
    }

    /// Issue 18: the README's own example changed nothing on `baseline`, silently.
    #[test]
    fn money_growth_under_the_taylor_rule_is_inert_and_says_why() {
        let found = inert("baseline", &["money.growth=[[2026, 0.05], [2030, 0.0]]", "fiscal.defense.growth=0.03"]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].item.starts_with("money.growth"));
        assert!(found[0].reason.contains("policy.rule = \"money\"") && found[0].reason.contains("taylor"), "{found:?}");
        // Under the money rule it acts.
        assert!(inert("musk-abundance", &["money.growth=0.05"]).is_empty());
    }

    #[test]
    fn a_value_the_scenario_already_has_is_reported() {
        let found = inert("baseline", &["run.dt=0.125"]);
        assert_eq!(found.len(), 1);
        assert!(found[0].reason.contains("already has"));
    }

    #[test]
    fn overrides_that_act_are_not_reported() {
        assert!(inert("baseline", &["fiscal.defense.growth=0.03", "shocks.eps_y=0.02"]).is_empty());
    }
}
