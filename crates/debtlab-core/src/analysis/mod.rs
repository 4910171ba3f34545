//! Which assumption decides the verdict: sensitivity analysis on deterministic
//! runs, as pure functions for the command line, a web server or Python.
//!
//! - [`tornado`]: one parameter at a time to the low and high ends of its
//!   `[uncertain]` distribution (its 5th and 95th percentiles), or +/- a
//!   percentage of its value; ranked by the swing of one metric at one year.
//! - [`sobol`]: variance-based first- and total-order indices (Saltelli
//!   sampling, Jansen estimators, bootstrap intervals) over the `[uncertain]`
//!   parameters, generic over any model `Fn(&[f64]) -> f64`.
//! - [`solve`]: the value of one parameter (or one field of every AI sector at
//!   once) at which a claim just holds: a grid scan, then Brent's method.
//! - [`quantile`]: analytical percentiles of the scenario distributions.
//!
//! Every run here is deterministic (no shocks); a metric "at year Y" is the
//! row nearest `Y` years after the start ([`crate::claims::deadline_step`]).
//! Runs stop at that row: the model is explicit and causal, so later steps
//! cannot change it.

pub mod attribute;
pub mod convergence;
pub mod inert;
pub mod quantile;
pub mod sobol;
pub mod solve;
pub mod tornado;

use crate::claims::deadline_step;
use crate::model::{simulate, RunError};
use crate::output::Column;
use crate::params::slots::Slot;
use crate::params::{spec, ModelParams, ParamSet, Range};
use crate::scenario::error::did_you_mean;

/// An input the analysis cannot use, or a run that failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AnalysisError {
    #[error("{0}")]
    Input(String),
    #[error("{context}: {source}")]
    Run { context: String, source: RunError },
}

fn input(message: impl Into<String>) -> AnalysisError {
    AnalysisError::Input(message.into())
}

/// An output column by name, with a "did you mean" hint.
pub fn parse_metric(name: &str) -> Result<Column, AnalysisError> {
    let name = name.trim();
    Column::by_name(name).ok_or_else(|| {
        let hint = did_you_mean(name, Column::names()).map(|h| format!("; {h}")).unwrap_or_default();
        input(format!("no output column `{name}`{hint} (see MODEL.md section 7)"))
    })
}

/// One metric read at one step of deterministic runs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Probe {
    pub column: Column,
    /// The step read (nearest `at` years after the start).
    pub step: usize,
    /// Its calendar year.
    pub year: f64,
}

impl Probe {
    /// The metric `column` at `at` years after the start of runs of `p`.
    pub fn new(column: Column, at: f64, p: &ModelParams) -> Result<Probe, AnalysisError> {
        if !(at.is_finite() && (0.0..=p.run.years + 1e-9).contains(&at)) {
            return Err(input(format!("year {at} is outside the run, which has {} years", p.run.years)));
        }
        let step = deadline_step(at, p.run.dt, p.run.steps());
        Ok(Probe { column, step, year: p.run.start_year + step as f64 * p.run.dt })
    }

    /// The metric at step 0 and at the probe's step, from a run cut at that step.
    pub fn start_and_value(&self, p: &ModelParams) -> Result<(f64, f64), RunError> {
        let mut cut = p.clone();
        cut.run.years = self.step as f64 * p.run.dt;
        let run = simulate(&cut)?;
        let start = run.rows[0].get(self.column);
        Ok((start, run.rows[self.step].get(self.column)))
    }

    /// The metric at the probe's step.
    pub fn value(&self, p: &ModelParams) -> Result<f64, RunError> {
        self.start_and_value(p).map(|(_, v)| v)
    }
}

/// A number to vary: one drawable number, or one field of every sector but
/// `rest` at once (`technology.sectors.*.FIELD`).
#[derive(Debug, Clone, PartialEq)]
pub struct Knob {
    /// The name as given.
    pub name: String,
    /// What it sets (one slot, or one per sector for a group).
    pub slots: Vec<Slot>,
}

/// The sector that a `technology.sectors.*.FIELD` group leaves out.
pub const REST_SECTOR: &str = "rest";

impl Knob {
    /// Resolves a dotted name against a scenario's parameters, with a hint
    /// for misspellings.
    pub fn resolve(name: &str, params: &ParamSet) -> Result<Knob, AnalysisError> {
        let name = name.trim();
        let sectors: Vec<String> = params.sectors().iter().map(|s| s.name.clone()).collect();
        let fail = |why: String| {
            let mut candidates: Vec<String> = spec::SCALAR_PARAMS.iter().map(|p| p.name.to_string()).collect();
            for field in spec::SECTOR_FIELDS {
                candidates.push(format!("technology.sectors.*.{}", field.0));
                candidates.extend(sectors.iter().map(|s| format!("technology.sectors.{s}.{}", field.0)));
            }
            let hint = did_you_mean(name, candidates.iter().map(String::as_str)).map(|h| format!("; {h}"));
            input(format!("`{name}`: {why}{}", hint.unwrap_or_default()))
        };
        if let Some(field) = name.strip_prefix("technology.sectors.*.") {
            let slots = sectors
                .iter()
                .filter(|s| s.as_str() != REST_SECTOR)
                .map(|s| Slot::resolve(&format!("technology.sectors.{s}.{field}"), &sectors))
                .collect::<Result<Vec<Slot>, String>>()
                .map_err(fail)?;
            if slots.is_empty() {
                return Err(fail("the scenario has no sector other than `rest`".into()));
            }
            return Ok(Knob { name: name.to_string(), slots });
        }
        let slot = Slot::resolve(name, &sectors).map_err(fail)?;
        Ok(Knob { name: name.to_string(), slots: vec![slot] })
    }

    /// Every drawable number of a scenario: the numeric scalars (not `run.*`)
    /// and each sector's fields other than `share` and `jobs`.
    pub fn all(params: &ParamSet) -> Vec<Knob> {
        let mut names: Vec<String> = spec::SCALAR_PARAMS
            .iter()
            .filter(|p| matches!(p.kind, spec::Kind::Number { .. }) && !p.name.starts_with("run."))
            .map(|p| p.name.to_string())
            .collect();
        for sector in params.sectors() {
            for (field, ..) in &spec::SECTOR_FIELDS[2..] {
                names.push(format!("technology.sectors.{}.{field}", sector.name));
            }
        }
        names.iter().filter_map(|n| Knob::resolve(n, params).ok()).collect()
    }

    /// The valid range (shared by every member of a group).
    pub fn range(&self) -> Range {
        self.slots[0].range()
    }

    /// Sets every number behind the knob to `value` (a schedule becomes a constant).
    pub fn set(&self, p: &mut ModelParams, value: f64) {
        for slot in &self.slots {
            p.set_slot(slot, value);
        }
    }

    /// Checks that `value` is in the valid range.
    pub fn check(&self, value: f64) -> Result<(), String> {
        let range = self.range();
        if range.contains(value) {
            Ok(())
        } else {
            Err(format!("{} is outside the valid range {range} of `{}`", value, self.name))
        }
    }
}

/// `n` evenly spaced points from `lo` to `hi` (both included; `n >= 2`).
pub fn linear_grid(lo: f64, hi: f64, n: usize) -> Vec<f64> {
    let n = n.max(2);
    (0..n).map(|i| if i + 1 == n { hi } else { lo + (hi - lo) * i as f64 / (n - 1) as f64 }).collect()
}

/// The closed interval a grid scans inside a range: an open end moves inward
/// by a millionth of the width.
pub fn scan_interval(range: &Range) -> (f64, f64) {
    let nudge = (range.max - range.min) * 1e-6;
    let lo = if range.min_open { range.min + nudge } else { range.min };
    let hi = if range.max_open { range.max - nudge } else { range.max };
    (lo, hi)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::presets::PresetResolver;
    use crate::scenario::load;

    #[test]
    fn a_run_cut_at_the_probe_gives_the_full_run_value() {
        let s = load("debt-deflation", &PresetResolver, &[]).unwrap();
        let p = s.model_params();
        let full = s.run().unwrap();
        for name in ["debt_gdp", "gross_gdp", "real_debt", "unemployment"] {
            let probe = Probe::new(parse_metric(name).unwrap(), 3.0, &p).unwrap();
            assert_eq!(probe.step, (3.0 / p.run.dt) as usize);
            let (start, value) = probe.start_and_value(&p).unwrap();
            assert_eq!(value, full.rows[probe.step].get(probe.column), "{name}");
            assert_eq!(start, full.rows[0].get(probe.column), "{name}");
        }
        assert!(Probe::new(Column(0), 11.0, &p).is_err());
    }

    #[test]
    fn knobs_resolve_groups_and_hint_at_misspellings() {
        let s = load("musk-abundance", &PresetResolver, &[]).unwrap();
        let group = Knob::resolve("technology.sectors.*.multiple", &s.params).unwrap();
        assert_eq!(group.slots.len(), 5, "every sector but rest");
        let mut p = s.model_params();
        group.set(&mut p, 7.0);
        let multiples: Vec<f64> = p.technology.sectors.iter().map(|s| s.multiple).collect();
        assert_eq!(multiples, [1.0, 7.0, 7.0, 7.0, 7.0, 7.0]);
        let err = Knob::resolve("energy.g_suply", &s.params).unwrap_err().to_string();
        assert!(err.contains("did you mean `energy.g_supply`?"), "{err}");
        let err = Knob::resolve("technology.sectors.*.multiplee", &s.params).unwrap_err().to_string();
        assert!(err.contains("did you mean `technology.sectors.*.multiple`?"), "{err}");
        assert!(Knob::resolve("technology.sectors.*.share", &s.params).is_err());
        assert!(Knob::resolve("run.dt", &s.params).is_err());
        assert!(parse_metric("debt_gpd").unwrap_err().to_string().contains("did you mean `debt_gdp`?"));
        assert!(Knob::all(&s.params).len() > 80);
    }

    #[test]
    fn grids_include_both_ends_and_stay_inside_open_ranges() {
        assert_eq!(linear_grid(0.0, 1.0, 3), [0.0, 0.5, 1.0]);
        let (lo, hi) = scan_interval(&Range::above(0.0, 100.0));
        assert!(lo > 0.0 && lo < 1e-3 && hi == 100.0);
    }
}
