//! Scenarios: TOML files that set parameters and claims, may `extends` a
//! preset or another file, and take `--set dotted.name=value` overrides.
//!
//! Loading is pure: the caller supplies a [`Resolver`] that turns a name into
//! text (embedded presets, files, a web form), so this crate reads no files.

pub mod error;
pub mod parse;
mod validate;

use crate::claims::{default_claims, Claim};
use crate::model::{simulate, NonFinite, Run};
use crate::params::{ModelParams, Origin, ParamSet};
pub use error::ScenarioError;
use parse::{Assignment, ParsedFile, Reader, Target};

/// A scenario's text and the name errors will show for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    /// `preset:NAME` or a path.
    pub name: String,
    pub text: String,
}

/// Turns a scenario reference (as given by a user or an `extends` key) into text.
pub trait Resolver {
    /// `from` is the source that names `reference` in its `extends`, if any.
    fn resolve(&self, reference: &str, from: Option<&Source>) -> Result<Source, String>;
}

/// A loaded, validated scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    /// The reference it was loaded from (preset name or path).
    pub name: String,
    pub description: String,
    /// The chain of sources, from the root of `extends` to the file itself.
    pub sources: Vec<Source>,
    pub params: ParamSet,
    pub claims: Vec<Claim>,
}

impl Scenario {
    /// The typed parameters the model reads.
    pub fn model_params(&self) -> ModelParams {
        ModelParams::from_set(&self.params)
    }

    /// A deterministic run.
    pub fn run(&self) -> Result<Run, NonFinite> {
        simulate(&self.model_params())
    }
}

/// The longest `extends` chain followed before giving up.
const MAX_CHAIN: usize = 64;

/// Loads `reference` and everything it extends, applies `overrides`
/// (`dotted.name=value`, TOML values; a bare word is taken as a string), and validates.
pub fn load(
    reference: &str,
    resolver: &dyn Resolver,
    overrides: &[String],
) -> Result<Scenario, ScenarioError> {
    let mut chain: Vec<(Source, ParsedFile)> = Vec::new();
    let mut next = resolver
        .resolve(reference, None)
        .map_err(|msg| ScenarioError::new(reference, msg))?;
    loop {
        let parsed = Reader {
            source_name: &next.name,
            text: &next.text,
        }
        .file()?;
        let extends = parsed.extends.clone();
        chain.push((next, parsed));
        let Some((parent, origin)) = extends else {
            break;
        };
        let from = &chain[chain.len() - 1].0;
        let resolved = resolver
            .resolve(&parent, Some(from))
            .map_err(|msg| ScenarioError::at_origin(&origin, "extends", msg))?;
        if let Some(seen) = chain.iter().position(|(s, _)| s.name == resolved.name) {
            let cycle: Vec<&str> = chain[seen..].iter().map(|(s, _)| s.name.as_str()).collect();
            return Err(ScenarioError::at_origin(
                &origin,
                "extends",
                format!(
                    "`extends` cycle: {} -> {}",
                    cycle.join(" -> "),
                    resolved.name
                ),
            ));
        }
        if chain.len() >= MAX_CHAIN {
            return Err(ScenarioError::at_origin(
                &origin,
                "extends",
                "`extends` chain is longer than 64 files",
            ));
        }
        next = resolved;
    }
    chain.reverse();

    let mut params = ParamSet::default();
    let mut claims: Vec<(Claim, Origin)> = default_claims()
        .into_iter()
        .map(|c| (c, Origin::Default))
        .collect();
    let mut description = String::new();
    for (_, parsed) in &chain {
        apply(&mut params, &parsed.assignments);
        for (claim, origin) in &parsed.claims {
            match claims.iter_mut().find(|(c, _)| c.name == claim.name) {
                Some(slot) => *slot = (claim.clone(), origin.clone()),
                None => claims.push((claim.clone(), origin.clone())),
            }
        }
        if let Some(d) = &parsed.description {
            description = d.clone();
        }
    }
    let override_assignments = parse_overrides(overrides)?;
    apply(&mut params, &override_assignments);

    validate::validate(&params, &claims)?;
    Ok(Scenario {
        name: reference.to_string(),
        description,
        sources: chain.into_iter().map(|(s, _)| s).collect(),
        params,
        claims: claims.into_iter().map(|(c, _)| c).collect(),
    })
}

fn apply(params: &mut ParamSet, assignments: &[Assignment]) {
    for a in assignments {
        match &a.target {
            Target::Scalar(name) => params.set(name, a.value.clone(), a.origin.clone()),
            Target::SectorField { sector, field } => {
                if let crate::params::ParamValue::Number(n) = &a.value {
                    params.set_sector_field(sector, *field, n.value_at(0.0), a.origin.clone());
                }
            }
        }
    }
}

/// Parses `dotted.name=value` overrides. The value is read as a TOML value
/// (number, string, schedule); a bare word such as `quantity` is a string.
pub fn parse_overrides(overrides: &[String]) -> Result<Vec<Assignment>, ScenarioError> {
    overrides
        .iter()
        .map(|item| {
            let Some((name, value)) = item.split_once('=') else {
                return Err(ScenarioError::new(
                    "--set",
                    format!("`{item}` is not of the form dotted.name=value"),
                ));
            };
            let name = name.trim();
            let value = value.trim();
            let quoted;
            let text = match toml::de::DeValue::parse(value) {
                Ok(_) => value,
                Err(_) => {
                    quoted = format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""));
                    &quoted
                }
            };
            let parsed = toml::de::DeValue::parse(text).map_err(|e| {
                ScenarioError::new("--set", format!("cannot read `{value}`: {}", e.message()))
                    .with_field(name)
            })?;
            Reader {
                source_name: "--set",
                text,
            }
            .assignment(name, &(0..0), &parsed)
        })
        .collect()
}
