//! Scenarios: TOML files that set parameters and claims, may `extends` a
//! preset or another file, and take `--set dotted.name=value` overrides.
//!
//! Loading is pure: the caller supplies a [`Resolver`] that turns a name into
//! text (embedded presets, files, a web form), so this crate reads no files.

pub mod error;
pub mod export;
pub mod parse;
mod uncertain;
mod validate;

use crate::claims::{default_claims, Claim};
use crate::model::{simulate, Run, RunError};
use crate::params::slots::Slot;
use crate::params::{ModelParams, Number, Origin, ParamSet, ParamValue};
use crate::uncertainty::{Distribution, ShockSpec, UncertainParam};
pub use error::ScenarioError;
use error::{clip, did_you_mean};
use parse::{Assignment, ClaimOrigin, ParsedFile, Reader, ShockSetting, Target};
use toml_writer::{ToTomlKey, ToTomlValue};

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
    /// `[uncertain]`: parameters drawn once per Monte Carlo path.
    pub uncertain: Vec<UncertainParam>,
    /// `[shocks]`: per-step shocks of Monte Carlo paths.
    pub shocks: ShockSpec,
}

impl Scenario {
    /// The typed parameters the model reads.
    pub fn model_params(&self) -> ModelParams {
        ModelParams::from_set(&self.params)
    }

    /// A deterministic run.
    pub fn run(&self) -> Result<Run, RunError> {
        simulate(&self.model_params())
    }
}

/// The longest `extends` chain followed before giving up.
const MAX_CHAIN: usize = 64;

/// Loads `reference` and everything it extends, applies `overrides`
/// (`dotted.name=value`, TOML values; a bare word is taken as a string), and validates.
pub fn load(reference: &str, resolver: &dyn Resolver, overrides: &[String]) -> Result<Scenario, ScenarioError> {
    let mut chain: Vec<(Source, ParsedFile)> = Vec::new();
    let mut next = resolver.resolve(reference, None).map_err(|msg| ScenarioError::new(reference, msg))?;
    loop {
        let parsed = Reader { source_name: &next.name, text: &next.text }.file()?;
        let extends = parsed.extends.clone();
        chain.push((next, parsed));
        let Some((parent, origin)) = extends else {
            break;
        };
        let from = &chain[chain.len() - 1].0;
        let resolved =
            resolver.resolve(&parent, Some(from)).map_err(|msg| ScenarioError::at_origin(&origin, "extends", msg))?;
        if let Some(seen) = chain.iter().position(|(s, _)| s.name == resolved.name) {
            let cycle: Vec<&str> = chain[seen..].iter().map(|(s, _)| s.name.as_str()).collect();
            return Err(ScenarioError::at_origin(
                &origin,
                "extends",
                format!("`extends` cycle: {} -> {}", cycle.join(" -> "), resolved.name),
            ));
        }
        if chain.len() >= MAX_CHAIN {
            return Err(ScenarioError::at_origin(&origin, "extends", "`extends` chain is longer than 64 files"));
        }
        next = resolved;
    }
    chain.reverse();

    let mut merged = Merged::default();
    for (_, parsed) in &chain {
        merged.apply(parsed)?;
    }
    merged.apply(&parse_overrides(overrides)?)?;
    let Merged { params, mut claims, description, uncertain, shocks } = merged;
    // A default claim that reads past a shorter run is left out (a claim a
    // file or `--set` wrote is an error instead, in `validate`).
    let years = params.constant("run.years");
    claims.retain(|(claim, origin)| origin.by != Origin::Default || claim.horizon() <= years + 1e-9);

    validate::validate(&params, &claims)?;
    let uncertain = resolve_uncertain(&params, uncertain)?;
    Ok(Scenario {
        name: reference.to_string(),
        description,
        sources: chain.into_iter().map(|(s, _)| s).collect(),
        params,
        claims: claims.into_iter().map(|(c, _)| c).collect(),
        uncertain,
        shocks,
    })
}

/// Everything the files of a chain set, merged in order: later files win,
/// claims and uncertain parameters merge by name.
struct Merged {
    params: ParamSet,
    claims: Vec<(Claim, ClaimOrigin)>,
    description: String,
    uncertain: Vec<(String, Distribution, Origin)>,
    shocks: ShockSpec,
}

impl Default for Merged {
    fn default() -> Self {
        Merged {
            params: ParamSet::default(),
            claims: default_claims().into_iter().map(|c| (c, ClaimOrigin::default())).collect(),
            description: String::new(),
            uncertain: Vec::new(),
            shocks: ShockSpec::default(),
        }
    }
}

impl Merged {
    fn apply(&mut self, parsed: &ParsedFile) -> Result<(), ScenarioError> {
        check_new_sectors(&self.params, &parsed.assignments)?;
        apply(&mut self.params, &parsed.assignments);
        for (claim, origin) in &parsed.claims {
            match self.claims.iter_mut().find(|(c, _)| c.name == claim.name) {
                Some(slot) => *slot = (claim.clone(), origin.clone()),
                None => self.claims.push((claim.clone(), origin.clone())),
            }
        }
        // A file that sets a parameter's value replaces an earlier file's draw
        // of it (a child lists only what differs, so a value it sets is the
        // value it means); its own [uncertain] may draw it again, and
        // `"fixed"` removes a draw explicitly.
        for a in &parsed.assignments {
            let name = match &a.target {
                Target::Scalar(name) => name.to_string(),
                Target::NewSector { .. } => continue,
                Target::SectorField { sector, field } => {
                    format!("technology.sectors.{sector}.{}", crate::params::spec::SECTOR_FIELDS[*field].0)
                }
            };
            self.uncertain.retain(|(n, ..)| *n != name);
        }
        for (name, distribution, origin) in &parsed.uncertain {
            self.uncertain.retain(|(n, ..)| n != name);
            if let Some(d) = distribution {
                self.uncertain.push((name.clone(), *d, origin.clone()));
            }
        }
        for setting in &parsed.shocks {
            match setting {
                ShockSetting::Sd { index, value, .. } => self.shocks.sd[*index] = *value,
                ShockSetting::Persistence { index, value, .. } => self.shocks.persistence[*index] = Some(*value),
                ShockSetting::Correlation { matrix, cholesky, .. } => {
                    self.shocks.correlation = *matrix;
                    self.shocks.cholesky = *cholesky;
                }
                ShockSetting::Historical { .. } => {
                    let recession = self.shocks.recession;
                    self.shocks = crate::uncertainty::historical::historical();
                    self.shocks.recession = recession;
                }
                ShockSetting::RecessionOn { .. } => self.shocks.recession.enabled = true,
                ShockSetting::Recession { key, value, .. } => {
                    // Checked when read.
                    let _ = self.shocks.recession.set(key, *value);
                }
            }
        }
        if let Some(d) = &parsed.description {
            self.description = d.clone();
        }
        Ok(())
    }
}

/// Resolves each uncertain parameter to the number it sets; a parameter given
/// as a schedule cannot also be drawn. Draws are made in alphabetical order of
/// dotted names, so a path's numbers do not depend on how files were merged.
fn resolve_uncertain(
    params: &ParamSet,
    entries: Vec<(String, Distribution, Origin)>,
) -> Result<Vec<UncertainParam>, ScenarioError> {
    let sectors: Vec<String> = params.sectors().iter().map(|s| s.name.clone()).collect();
    let mut entries = entries;
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    entries
        .into_iter()
        .map(|(name, distribution, origin)| {
            let field = format!("uncertain.{name}");
            let slot = Slot::resolve(&name, &sectors).map_err(|m| ScenarioError::at_origin(&origin, &field, m))?;
            if let Slot::Scalar(scalar) = slot {
                if let (ParamValue::Number(Number::Scheduled(_)), set_at) = params.get(scalar) {
                    return Err(ScenarioError::at_origin(
                        &origin,
                        &field,
                        format!("`{scalar}` is a schedule (set at {set_at}); a schedule cannot also be drawn per path"),
                    ));
                }
            }
            Ok(UncertainParam { name, slot, distribution })
        })
        .collect()
}

/// A sector the assignments would add whose name is close to an existing
/// one (`enrgy` beside `energy`) is most likely a misspelling: refused with
/// the suggestion, unless the same file says `new = true` in its table.
fn check_new_sectors(params: &ParamSet, assignments: &[Assignment]) -> Result<(), ScenarioError> {
    let existing: Vec<&str> = params.sectors().iter().map(|s| s.name.as_str()).collect();
    let declared =
        |name: &str| assignments.iter().any(|a| matches!(&a.target, Target::NewSector { sector } if sector == name));
    for a in assignments {
        let Target::SectorField { sector, .. } = &a.target else { continue };
        if existing.contains(&sector.as_str()) || declared(sector) {
            continue;
        }
        if let Some(hint) = did_you_mean(sector, existing.iter().copied()) {
            return Err(ScenarioError::at_origin(
                &a.origin,
                format!("technology.sectors.{sector}"),
                "this would add a new sector whose name is close to an existing one",
            )
            .with_hint(Some(format!(
                "{hint} (to add a sector of this name on purpose, put `new = true` in its table)"
            ))));
        }
    }
    Ok(())
}

fn apply(params: &mut ParamSet, assignments: &[Assignment]) {
    for a in assignments {
        match &a.target {
            Target::Scalar(name) => params.set(name, a.value.clone(), a.origin.clone()),
            Target::NewSector { .. } => {}
            Target::SectorField { sector, field } => {
                if let crate::params::ParamValue::Number(n) = &a.value {
                    params.set_sector_field(sector, *field, n.value_at(0.0), a.origin.clone());
                }
            }
        }
    }
}

/// Parses `dotted.name=value` overrides. The value is read as a TOML value
/// (number, string, schedule); a bare word such as `quantity` or
/// `normal(0.1, 0.02)` is a string. `uncertain.NAME=...` and `shocks.NAME=...`
/// set the Monte Carlo tables.
pub fn parse_overrides(overrides: &[String]) -> Result<ParsedFile, ScenarioError> {
    let mut parsed = ParsedFile::default();
    for item in overrides {
        // An error names the override as the user typed it; positions inside
        // the small document built from it would mean nothing to them.
        let place =
            |e: ScenarioError| ScenarioError { source_name: format!("--set {}", clip(item)), position: None, ..e };
        let Some((name, value)) = item.split_once('=') else {
            return Err(ScenarioError::new("--set", format!("`{}` is not of the form dotted.name=value", clip(item))));
        };
        let (name, value) = (name.trim(), value.trim());
        let text = if toml::de::DeValue::parse(value).is_ok() { value.to_string() } else { value.to_toml_value() };
        let table = ["uncertain.", "shocks."].into_iter().find_map(|p| name.strip_prefix(p).map(|rest| (p, rest)));
        if let Some((table, rest)) = table {
            let document = format!("[{}]\n{} = {text}\n", table.trim_end_matches('.'), rest.to_toml_key());
            let one = Reader { source_name: "--set", text: &document }.file().map_err(place)?;
            parsed.uncertain.extend(one.uncertain);
            parsed.shocks.extend(one.shocks);
            continue;
        }
        let value = toml::de::DeValue::parse(&text).map_err(|e| {
            place(
                ScenarioError::new("--set", format!("cannot read `{}`: {}", clip(value), e.message())).with_field(name),
            )
        })?;
        let assignment =
            Reader { source_name: "--set", text: &text }.assignment(name, &(0..0), &value).map_err(place)?;
        parsed.assignments.push(assignment);
    }
    Ok(parsed)
}
