//! Monte Carlo results: percentiles per step (long or wide) and claim probabilities.

use arrow_array::RecordBatch;
use debtlab_core::mc::stats::PERCENTILES;
use debtlab_core::mc::McResult;

use crate::build::{Columns, TableError};

/// The names of the statistics, in the order of `mean` then [`PERCENTILES`].
pub const STATISTICS: [&str; 6] = ["mean", "p5", "p25", "p50", "p75", "p95"];
const _: () = assert!(STATISTICS.len() == PERCENTILES.len() + 1);

fn meta(c: &mut Columns, scenario: &str, r: &McResult) {
    c.meta("scenario", scenario);
    c.meta("paths", r.paths.to_string());
    c.meta("seed", r.seed.to_string());
    c.meta("dt", r.dt.to_string());
    c.meta("percentiles", if r.exact { "exact" } else { "sketch" });
}

/// One statistic of column `c` at every step.
fn statistic(r: &McResult, c: usize, s: usize) -> Vec<f64> {
    let summary = &r.columns[c];
    match s {
        0 => summary.mean.clone(),
        _ => summary.percentiles.iter().map(|p| p[s - 1]).collect(),
    }
}

/// One row per (variable, step): `variable`, `step`, `year`, `mean`,
/// `p5` ... `p95` and `error_bound` (largest error of a sketched percentile; 0 when exact).
pub fn long(scenario: &str, r: &McResult) -> Result<RecordBatch, TableError> {
    let steps = r.years.len();
    let rows = r.columns.len() * steps;
    let mut c = Columns::new("mc_long");
    meta(&mut c, scenario, r);
    let names: Vec<&str> = r.columns.iter().flat_map(|s| std::iter::repeat_n(s.column.name(), steps)).collect();
    c.text("variable", "the output column summarised", &names);
    c.i64("step", "", "step number", (0..rows).map(|i| (i % steps) as i64).collect());
    c.f64("year", "year", "calendar year of the step", (0..rows).map(|i| r.years[i % steps]).collect());
    for (s, name) in STATISTICS.iter().enumerate() {
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
        for (s, stat) in STATISTICS.iter().enumerate() {
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
