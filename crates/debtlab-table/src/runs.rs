//! Deterministic results: a run's path, claim verdicts, scenarios side by side.

use std::borrow::Borrow;

use debtlab_core::claims::{judge_all, Verdict};
use debtlab_core::output::Column;
use debtlab_core::{Run, Scenario};

use crate::build::{Columns, TableError};

/// Rows of a run kept when printing every `every`-th step.
fn kept(run: &Run, every: usize) -> Result<Vec<usize>, TableError> {
    if every == 0 {
        return Err(TableError("every must be at least 1".into()));
    }
    Ok((0..run.rows.len()).step_by(every).collect())
}

/// Adds `step` and `year` for `rows` of `run`.
fn index(c: &mut Columns, run: &Run, rows: &[usize]) {
    c.i64("step", "", "step number, 0 at the start", rows.iter().map(|&t| t as i64).collect());
    c.f64("year", "year", "calendar year of the step", rows.iter().map(|&t| run.rows[t].year).collect());
}

fn run_meta(c: &mut Columns, scenario: &Scenario, run: &Run) {
    c.meta("scenario", scenario.name.as_str());
    c.meta("description", scenario.description.as_str());
    c.meta("dt", run.dt.to_string());
    c.meta("start_year", run.start_year.to_string());
    c.meta("expectations", run.solution.name());
    if let Some(iterations) = run.solution.iterations() {
        c.meta("rational_iterations", iterations.to_string());
    }
}

/// A run's path: `step`, `year`, then `columns` (any order; `step` and
/// `year` are not repeated), every `every`-th step. Without `with_index`,
/// exactly `columns` in their order.
pub fn path(
    scenario: &Scenario,
    run: &Run,
    columns: &[Column],
    every: usize,
    with_index: bool,
) -> Result<arrow_array::RecordBatch, TableError> {
    let rows = kept(run, every)?;
    let mut c = Columns::new("run");
    run_meta(&mut c, scenario, run);
    if with_index {
        index(&mut c, run, &rows);
    }
    let is_index = |c: &Column| with_index && matches!(c.name(), "step" | "year");
    for &column in columns.iter().filter(|c| !is_index(c)) {
        let spec = column.spec();
        if spec.name == "step" {
            c.i64("step", "", "step number, 0 at the start", rows.iter().map(|&t| t as i64).collect());
        } else {
            c.f64(spec.name, spec.unit, spec.doc, rows.iter().map(|&t| run.rows[t].get(column)).collect());
        }
    }
    c.finish()
}

/// Every claim of each scenario judged on its deterministic run.
/// `runs` holds owned or borrowed (scenario, run) pairs.
pub fn verdicts<S: Borrow<Scenario>, R: Borrow<Run>>(runs: &[(S, R)]) -> Result<arrow_array::RecordBatch, TableError> {
    let mut all: Vec<(&Scenario, &Run, Verdict)> = Vec::new();
    for (scenario, run) in runs {
        let (scenario, run) = (scenario.borrow(), run.borrow());
        all.extend(judge_all(&scenario.claims, run).into_iter().map(|v| (scenario, run, v)));
    }
    let mut c = Columns::new("claims");
    c.text("scenario", "the scenario's name", &all.iter().map(|(s, _, _)| s.name.clone()).collect::<Vec<_>>());
    c.text("claim", "the claim's name", &all.iter().map(|(_, _, v)| v.claim.name.clone()).collect::<Vec<_>>());
    c.text("test", "what the claim tests", &all.iter().map(|(_, _, v)| v.claim.describe()).collect::<Vec<_>>());
    c.text(
        "metric",
        "the output column it reads",
        &all.iter().map(|(_, _, v)| v.claim.metric.name()).collect::<Vec<_>>(),
    );
    c.i64("step", "", "the deciding step", all.iter().map(|(_, _, v)| v.step as i64).collect());
    c.f64("year", "year", "the deciding step's calendar year", all.iter().map(|(_, _, v)| v.year).collect());
    c.f64("value", "", "the metric at the deciding step", all.iter().map(|(_, _, v)| v.value).collect());
    c.f64("threshold", "", "the threshold, as a number", all.iter().map(|(_, _, v)| v.threshold).collect());
    c.f64("start_value", "", "the metric at step 0", all.iter().map(|(_, _, v)| v.start_value).collect());
    c.bool("holds", "whether the claim holds", all.iter().map(|(_, _, v)| v.holds).collect());
    c.f64("dt", "years", "the run's step", all.iter().map(|(_, r, _)| r.dt).collect());
    c.finish()
}

/// The step of `run` nearest `when`: years since the start, or a calendar
/// year when 1800 or more. Outside the run is an error naming both.
pub fn step_at(scenario: &Scenario, run: &Run, when: f64) -> Result<usize, TableError> {
    let years_since = if when >= 1800.0 { when - run.start_year } else { when };
    let last = run.rows.len() - 1;
    let step = (years_since / run.dt).round();
    if !when.is_finite() || !(0.0..=last as f64).contains(&step) {
        return Err(TableError(format!(
            "at {when}: outside the run of `{}` ({} to {})",
            scenario.name, run.rows[0].year, run.rows[last].year
        )));
    }
    Ok(step as usize)
}

/// Chosen columns of several runs at chosen years: one row per (scenario,
/// year asked), with `scenario`, `at`, `step`, `year`, then one column per variable.
pub fn compare<S: Borrow<Scenario>, R: Borrow<Run>>(
    runs: &[(S, R)],
    columns: &[Column],
    at: &[f64],
) -> Result<arrow_array::RecordBatch, TableError> {
    let mut keys = Vec::new();
    for (scenario, run) in runs {
        let (scenario, run) = (scenario.borrow(), run.borrow());
        for &when in at {
            keys.push((scenario, run, when, step_at(scenario, run, when)?));
        }
    }
    let mut c = Columns::new("compare");
    c.text("scenario", "the scenario's name", &keys.iter().map(|k| k.0.name.clone()).collect::<Vec<_>>());
    c.f64("at", "", "the year asked (years since the start, or a calendar year)", keys.iter().map(|k| k.2).collect());
    c.i64("step", "", "the step nearest it", keys.iter().map(|k| k.3 as i64).collect());
    c.f64("year", "year", "that step's calendar year", keys.iter().map(|k| k.1.rows[k.3].year).collect());
    for &column in columns.iter().filter(|c| !matches!(c.name(), "step" | "year")) {
        let spec = column.spec();
        c.f64(spec.name, spec.unit, spec.doc, keys.iter().map(|k| k.1.rows[k.3].get(column)).collect());
    }
    c.finish()
}

/// Chosen columns of several runs at chosen years, one row per (column,
/// year asked) and one column per scenario: `column`, `year`, then each
/// scenario's value (the command line's view; [`compare`] is the tidy one).
pub fn compare_by_scenario(
    runs: &[(Scenario, Run)],
    columns: &[Column],
    at: &[f64],
) -> Result<arrow_array::RecordBatch, TableError> {
    let mut steps = Vec::with_capacity(runs.len());
    for (scenario, run) in runs {
        steps.push(at.iter().map(|&when| step_at(scenario, run, when)).collect::<Result<Vec<_>, _>>()?);
    }
    let first = runs.first().ok_or_else(|| TableError("compare needs at least one scenario".into()))?;
    let keys: Vec<(Column, usize)> = columns.iter().flat_map(|&c| (0..at.len()).map(move |k| (c, k))).collect();
    let mut c = Columns::new("compare_by_scenario");
    c.text("column", "the output column", &keys.iter().map(|k| k.0.name()).collect::<Vec<_>>());
    let year = keys.iter().map(|&(_, k)| first.1.rows[steps[0][k]].year).collect();
    c.f64("year", "year", "calendar year of the step nearest the year asked (first scenario)", year);
    for (i, (scenario, run)) in runs.iter().enumerate() {
        let values = keys.iter().map(|&(col, k)| run.rows[steps[i][k]].get(col)).collect();
        c.f64(&scenario.name, "", "the scenario's value, in the column's unit", values);
    }
    c.finish()
}
