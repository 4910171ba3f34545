//! Monte Carlo results: percentiles per step (long or wide) and claim probabilities.

use arrow_array::RecordBatch;
use debtlab_core::mc::{percentile_name, McResult};

use crate::build::{Columns, TableError};

/// The names of a run's statistics: `mean`, then each percentile it
/// reports (`p5` ... `p95` by default; `p10`, `p2.5` as asked).
pub fn statistics(r: &McResult) -> Vec<String> {
    std::iter::once("mean".to_string()).chain(r.percentiles.iter().map(|&q| percentile_name(q))).collect()
}

fn meta(c: &mut Columns, scenario: &str, r: &McResult) {
    c.meta("scenario", scenario);
    c.meta("paths", r.paths.to_string());
    c.meta("seed", r.seed.to_string());
    c.meta("dt", r.dt.to_string());
    c.meta("percentile_method", if r.exact { "exact" } else { "sketch" });
    c.meta("percentiles", r.percentiles.iter().map(|q| q.to_string()).collect::<Vec<_>>().join(","));
    match r.rational {
        None => {
            c.meta("expectations", "adaptive");
        }
        Some(solved) => {
            c.meta("expectations", "rational");
            c.meta("rational_mean_iterations", solved.mean().to_string());
            c.meta("rational_max_iterations", solved.max.to_string());
        }
    }
}

/// One statistic of column `c` at every step.
fn statistic(r: &McResult, c: usize, s: usize) -> Vec<f64> {
    let summary = &r.columns[c];
    match s {
        0 => summary.mean.clone(),
        _ => summary.percentiles.iter().map(|p| p[s - 1]).collect(),
    }
}

/// One row per (variable, step): `variable`, `step`, `year`, `mean`, the
/// percentiles (`p5` ... `p95` by default) and `error_bound` (largest error of a sketched percentile; 0 when exact).
pub fn long(scenario: &str, r: &McResult) -> Result<RecordBatch, TableError> {
    let steps = r.years.len();
    let rows = r.columns.len() * steps;
    let mut c = Columns::new("mc_long");
    meta(&mut c, scenario, r);
    let names: Vec<&str> = r.columns.iter().flat_map(|s| std::iter::repeat_n(s.column.name(), steps)).collect();
    c.text("variable", "the output column summarised", &names);
    c.i64("step", "", "step number", (0..rows).map(|i| (i % steps) as i64).collect());
    c.f64("year", "year", "calendar year of the step", (0..rows).map(|i| r.years[i % steps]).collect());
    for (s, name) in statistics(r).iter().enumerate() {
        let values = (0..r.columns.len()).flat_map(|col| statistic(r, col, s)).collect();
        c.f64(name, "", "over the paths, in the variable's unit", values);
    }
    let bounds = r.columns.iter().flat_map(|s| std::iter::repeat_n(s.error_bound, steps)).collect();
    c.f64("error_bound", "", "largest error of a percentile (0 when exact)", bounds);
    c.finish()
}

/// One row per step: `step`, `year`, then `VARIABLE_STAT` for each variable
/// and statistic (`debt_gdp_mean`, `debt_gdp_p5`, ...).
pub fn wide(scenario: &str, r: &McResult) -> Result<RecordBatch, TableError> {
    let steps = r.years.len();
    let mut c = Columns::new("mc_wide");
    meta(&mut c, scenario, r);
    c.i64("step", "", "step number", (0..steps as i64).collect());
    c.f64("year", "year", "calendar year of the step", r.years.clone());
    for (col, summary) in r.columns.iter().enumerate() {
        let spec = summary.column.spec();
        for (s, stat) in statistics(r).iter().enumerate() {
            c.f64(&format!("{}_{stat}", spec.name), spec.unit, spec.doc, statistic(r, col, s));
        }
    }
    c.finish()
}

/// Each claim's probability: `claim`, `test`, `holds` (paths), `paths`,
/// `probability`, `std_error`.
pub fn claims(scenario: &str, r: &McResult) -> Result<RecordBatch, TableError> {
    let mut c = Columns::new("mc_claims");
    meta(&mut c, scenario, r);
    let n = r.claims.len();
    c.text("scenario", "the scenario's name", &vec![scenario; n]);
    c.text("claim", "the claim's name", &r.claims.iter().map(|p| p.claim.name.clone()).collect::<Vec<_>>());
    c.text("test", "what the claim tests", &r.claims.iter().map(|p| p.claim.describe()).collect::<Vec<_>>());
    c.u64("holds", "paths", "paths on which it holds", r.claims.iter().map(|p| p.holds).collect());
    c.u64("paths", "paths", "paths run", vec![r.paths as u64; n]);
    c.f64("probability", "", "share of paths on which it holds", r.claims.iter().map(|p| p.probability).collect());
    c.f64(
        "std_error",
        "",
        "Monte Carlo standard error sqrt(p (1 - p) / N)",
        r.claims.iter().map(|p| p.std_error).collect(),
    );
    c.finish()
}

/// The command line's one table: a row per (variable, step) every `every`
/// steps (`kind` = `column`), then a row per claim (`kind` = `claim`, its
/// probability in `mean`, its deadline in `year`, its standard error in
/// `std_error`); `unit` after `name` (a claim's is `probability`).
pub fn combined(scenario: &str, r: &McResult, every: usize) -> Result<RecordBatch, TableError> {
    use arrow_array::{Float64Array, Int64Array};
    use std::sync::Arc;
    if every == 0 {
        return Err(TableError("every must be at least 1".into()));
    }
    let steps: Vec<usize> = (0..r.years.len()).step_by(every).collect();
    let (mut kind, mut name, mut unit) = (Vec::new(), Vec::new(), Vec::new());
    let mut step: Vec<Option<i64>> = Vec::new();
    let mut year = Vec::new();
    let names = statistics(r);
    let mut stats: Vec<Vec<Option<f64>>> = vec![Vec::new(); names.len()];
    let mut std_error: Vec<Option<f64>> = Vec::new();
    for c in &r.columns {
        for &t in &steps {
            kind.push("column");
            name.push(c.column.name().to_string());
            unit.push(c.column.spec().unit);
            step.push(Some(t as i64));
            year.push(r.years[t]);
            stats[0].push(Some(c.mean[t]));
            for (s, &v) in stats[1..].iter_mut().zip(&c.percentiles[t]) {
                s.push(Some(v));
            }
            std_error.push(None);
        }
    }
    for p in &r.claims {
        kind.push("claim");
        name.push(p.claim.name.clone());
        unit.push("probability");
        step.push(None);
        year.push(r.years[0] + p.claim.by);
        stats[0].push(Some(p.probability));
        for s in &mut stats[1..] {
            s.push(None);
        }
        std_error.push(Some(p.std_error));
    }
    let mut c = Columns::new("mc");
    meta(&mut c, scenario, r);
    c.text("kind", "column (a summarised variable) or claim", &kind);
    c.text("name", "the variable or the claim", &name);
    c.text("unit", "the variable's unit, or probability", &unit);
    c.array("step", "", "step number (empty for a claim)", Arc::new(Int64Array::from(step)));
    c.f64("year", "year", "calendar year of the step, or the claim's deadline", year);
    for (s, values) in names.iter().zip(stats) {
        let doc = "over the paths, in the variable's unit (a claim: its probability in mean)";
        c.array(s, "", doc, Arc::new(Float64Array::from(values)));
    }
    c.array("std_error", "", "a claim's Monte Carlo standard error", Arc::new(Float64Array::from(std_error)));
    c.finish()
}
