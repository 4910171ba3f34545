//! Generated hostile input (issue 16): mutated scenario files and `--set`
//! overrides. Whatever the input, loading gives a scenario or a named error
//! (never a panic, never a hang); a loaded scenario runs to finite rows or a
//! named non-finite error, keeps the debt identity, and `show` of it loads
//! back to the same scenario.
//!
//! Cases: `PROPTEST_CASES` (default 256 per target here; CI sets it, see `.ci/run`).

mod common;

use debtlab_core::params::spec;
use debtlab_core::presets::{self, PresetResolver};
use debtlab_core::scenario::export::to_toml;
use debtlab_core::{load, Resolver, Scenario, Source};
use proptest::prelude::*;

/// Longest run executed per case (a mutation may ask for a million steps;
/// loading it is tested, running it is the benchmarks' business).
const MAX_STEPS_RUN: f64 = 4000.0;

/// `PROPTEST_CASES`, else 256.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(256)
}

struct Text(String);
impl Resolver for Text {
    fn resolve(&self, reference: &str, from: Option<&Source>) -> Result<Source, String> {
        match reference {
            "fuzz.toml" => Ok(Source { name: "fuzz.toml".into(), text: self.0.clone() }),
            other => PresetResolver.resolve(other, from),
        }
    }
}

/// A mutation of a text: replace, insert or delete a span, or splice in a token.
#[derive(Debug, Clone)]
enum Mutation {
    Delete { at: usize, len: usize },
    Insert { at: usize, token: String },
    Replace { at: usize, len: usize, token: String },
    DuplicateLine { at: usize },
}

fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("=".to_string()),
        Just("[".to_string()),
        Just("]".to_string()),
        Just("\"".to_string()),
        Just("\n".to_string()),
        Just("[[claims]]\n".to_string()),
        Just("[technology.sectors.x]\n".to_string()),
        Just("1e308".to_string()),
        Just("-0.0".to_string()),
        Just("nan".to_string()),
        Just("inf".to_string()),
        Just("9223372036854775808".to_string()),
        Just("[[2026, 0.1], [2020, 0.2]]".to_string()),
        Just("extends = \"fuzz.toml\"\n".to_string()),
        Just("run.dt = 0.0001\n".to_string()),
        Just("\"at(99)\"".to_string()),
        Just("normal(0, -1)".to_string()),
        "[a-z_.]{1,12}",
        "-?[0-9]{1,4}(\\.[0-9]{1,3})?",
        any::<String>(),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 1usize..40).prop_map(|(at, len)| Mutation::Delete { at, len }),
        (any::<usize>(), token()).prop_map(|(at, token)| Mutation::Insert { at, token }),
        (any::<usize>(), 1usize..12, token()).prop_map(|(at, len, token)| Mutation::Replace { at, len, token }),
        any::<usize>().prop_map(|at| Mutation::DuplicateLine { at }),
    ]
}

/// The nearest character boundary at or before `at` (modulo the length).
fn boundary(text: &str, at: usize) -> usize {
    let mut i = at % (text.len() + 1);
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn apply(text: &mut String, m: &Mutation) {
    match m {
        Mutation::Delete { at, len } => {
            let a = boundary(text, *at);
            let b = boundary(text, a + len.min(&(text.len() - a)));
            text.replace_range(a..b.max(a), "");
        }
        Mutation::Insert { at, token } => {
            let a = boundary(text, *at);
            text.insert_str(a, token);
        }
        Mutation::Replace { at, len, token } => {
            let a = boundary(text, *at);
            let b = boundary(text, a + len.min(&(text.len() - a)));
            text.replace_range(a..b.max(a), token);
        }
        Mutation::DuplicateLine { at } => {
            let lines: Vec<&str> = text.lines().collect();
            if !lines.is_empty() {
                let line = lines[at % lines.len()].to_string();
                text.push('\n');
                text.push_str(&line);
                text.push('\n');
            }
        }
    }
}

/// What every loaded scenario must satisfy.
fn check_loaded(scenario: &Scenario) -> Result<(), TestCaseError> {
    let shown = to_toml(scenario);
    let again = load("fuzz.toml", &Text(shown.clone()), &[])
        .map_err(|e| TestCaseError::fail(format!("show did not load back: {e}\n{shown}")))?;
    prop_assert_eq!(again.model_params(), scenario.model_params());
    prop_assert_eq!(&again.claims, &scenario.claims);
    let p = scenario.model_params();
    if p.run.years / p.run.dt > MAX_STEPS_RUN {
        return Ok(());
    }
    match scenario.run() {
        Ok(run) => {
            for row in &run.rows {
                prop_assert!(row.values().iter().all(|v| v.is_finite()), "a run printed a non-finite value");
            }
            for (step, error) in common::identity_errors(&run) {
                prop_assert!(error <= 1e-12, "identity off by {error:e} at step {step}");
            }
        }
        Err(e) => prop_assert!(!e.to_string().is_empty()),
    }
    Ok(())
}

fn check_error(e: &debtlab_core::scenario::error::ScenarioError) -> Result<(), TestCaseError> {
    let text = e.to_string();
    prop_assert!(!e.message.is_empty(), "an error names its rule");
    prop_assert!(text.len() < 2000, "an error does not echo its input: {} bytes", text.len());
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_scenario_files_load_or_give_a_named_error(
        preset in prop::sample::select(presets::names().collect::<Vec<_>>()),
        mutations in prop::collection::vec(mutation(), 1..6),
    ) {
        let mut text = presets::get(preset).expect("a preset").to_string();
        for m in &mutations {
            apply(&mut text, m);
        }
        match load("fuzz.toml", &Text(text), &[]) {
            Ok(scenario) => check_loaded(&scenario)?,
            Err(e) => {
                check_error(&e)?;
                prop_assert!(e.source_name.starts_with("fuzz.toml") || e.source_name.starts_with("preset:")
                    || e.source_name == "built-in defaults", "{e}");
            }
        }
    }

    #[test]
    fn set_overrides_load_or_give_a_named_error(
        names in prop::collection::vec(prop::sample::select(spec::all_names()), 1..4),
        values in prop::collection::vec(token(), 1..4),
        preset in prop::sample::select(presets::names().collect::<Vec<_>>()),
    ) {
        let sets: Vec<String> = names.iter().zip(values.iter().cycle()).map(|(n, v)| format!("{n}={v}")).collect();
        match load(preset, &PresetResolver, &sets) {
            Ok(scenario) => check_loaded(&scenario)?,
            Err(e) => check_error(&e)?,
        }
    }
}
