//! Analyses: tornado, Sobol indices, solve and frontier, attribution.

use arrow_array::RecordBatch;
use debtlab_core::analysis::attribute::{Attribution, PARTS};
use debtlab_core::analysis::sobol::SobolResult;
use debtlab_core::analysis::solve::{Outcome, Solution};
use debtlab_core::analysis::tornado::Tornado;
use debtlab_core::analysis::Probe;

use crate::build::{Columns, TableError};

fn probe_meta(c: &mut Columns, scenario: &str, probe: &Probe) {
    c.meta("scenario", scenario);
    c.meta("metric", probe.column.name());
    c.meta("step", probe.step.to_string());
    c.meta("year", probe.year.to_string());
}

/// One row per parameter, widest swing first: `param`, `rule`, `base`,
/// `low`, `high`, `metric_low`, `metric_high`, `swing` (null where an end did
/// not run) and `note`.
pub fn tornado(scenario: &str, t: &Tornado) -> Result<RecordBatch, TableError> {
    let mut c = Columns::new("sensitivity");
    probe_meta(&mut c, scenario, &t.probe);
    c.meta("metric_base", t.base.to_string());
    let b = &t.bars;
    let unit = t.probe.column.spec().unit;
    c.text("param", "the parameter moved", &b.iter().map(|x| x.name.clone()).collect::<Vec<_>>());
    c.text("rule", "how its ends were chosen", &b.iter().map(|x| x.rule.clone()).collect::<Vec<_>>());
    c.f64("base", "", "its value in the scenario", b.iter().map(|x| x.base).collect());
    c.f64("low", "", "the low end", b.iter().map(|x| x.low).collect());
    c.f64("high", "", "the high end", b.iter().map(|x| x.high).collect());
    c.f64_opt(
        "metric_low",
        unit,
        "the metric with the parameter at its low end",
        b.iter().map(|x| x.metric_low).collect(),
    );
    c.f64_opt("metric_high", unit, "the metric at the high end", b.iter().map(|x| x.metric_high).collect());
    c.f64_opt("swing", unit, "metric_high - metric_low", b.iter().map(|x| x.swing).collect());
    c.text("note", "why an end did not run", &b.iter().map(|x| x.note.clone()).collect::<Vec<_>>());
    c.finish()
}

/// One row per `[uncertain]` parameter: `param`, `first`, `first_low`,
/// `first_high`, `total`, `total_low`, `total_high` (bootstrap 95% intervals).
pub fn sobol(scenario: &str, probe: &Probe, names: &[String], r: &SobolResult) -> Result<RecordBatch, TableError> {
    let mut c = Columns::new("sobol");
    probe_meta(&mut c, scenario, probe);
    for (k, v) in [("n", r.n.to_string()), ("evaluations", r.evaluations.to_string()), ("seed", r.seed.to_string())] {
        c.meta(k, v);
    }
    c.meta("bootstrap", r.bootstrap.to_string());
    c.meta("mean", r.mean.to_string());
    c.meta("variance", r.variance.to_string());
    let i = &r.indices;
    c.text("param", "the uncertain parameter", names);
    c.f64("first", "", "first-order index", i.iter().map(|x| x.first).collect());
    c.f64("first_low", "", "its 95% interval, low end", i.iter().map(|x| x.first_ci.0).collect());
    c.f64("first_high", "", "its 95% interval, high end", i.iter().map(|x| x.first_ci.1).collect());
    c.f64("total", "", "total-order index", i.iter().map(|x| x.total).collect());
    c.f64("total_low", "", "its 95% interval, low end", i.iter().map(|x| x.total_ci.0).collect());
    c.f64("total_high", "", "its 95% interval, high end", i.iter().map(|x| x.total_ci.1).collect());
    c.finish()
}

/// One row of a solution: outcome, value, metric, threshold, holds_above, width.
type SolutionRow = (&'static str, Option<f64>, Option<f64>, Option<f64>, Option<f64>, Option<f64>);

/// The rows of one solution: `outcome` (`crossing`, `always`, `never`,
/// `no_runs`), `value`, `metric`, `threshold`, `holds_above`, `width`.
fn solution_rows(s: &Solution) -> Vec<SolutionRow> {
    match &s.outcome {
        Outcome::Crossings(cs) => cs
            .iter()
            .map(|x| {
                let above = if x.holds_above { 1.0 } else { 0.0 };
                ("crossing", Some(x.value), Some(x.metric), Some(x.threshold), Some(above), Some(x.width))
            })
            .collect(),
        Outcome::Always => vec![("always", None, None, None, None, None)],
        Outcome::Never { value, metric, threshold } => {
            vec![("never", Some(*value), Some(*metric), Some(*threshold), None, None)]
        }
        Outcome::NoRuns => vec![("no_runs", None, None, None, None, None)],
    }
}

/// Where a claim starts to hold as `vary` moves; with `first`, one block of
/// rows per value of the first parameter (the frontier). Columns: `first`
/// (frontier only), `outcome`, `value`, `metric`, `threshold`, `holds_above`
/// (1 when the claim holds just above `value`), `width` (the last bracket),
/// `range_low`, `range_high`, `failed` (grid points whose run failed).
pub fn solutions(
    scenario: &str,
    vary: &str,
    first: Option<&str>,
    rows: &[(Option<f64>, &Solution)],
) -> Result<RecordBatch, TableError> {
    let mut flat = Vec::new();
    for (a, s) in rows {
        for r in solution_rows(s) {
            flat.push((*a, r, s.range, s.failed() as u64));
        }
    }
    let mut c = Columns::new("solve");
    c.meta("scenario", scenario);
    c.meta("vary", vary);
    if let Some(first) = first {
        c.meta("first", first);
        c.f64_opt("first", "", "the first parameter's value", flat.iter().map(|x| x.0).collect());
    }
    c.text("outcome", "crossing, always, never or no_runs", &flat.iter().map(|x| x.1 .0).collect::<Vec<_>>());
    c.f64_opt(
        "value",
        "",
        "where the claim just holds (never: the closest value)",
        flat.iter().map(|x| x.1 .1).collect(),
    );
    c.f64_opt("metric", "", "the claim's metric there", flat.iter().map(|x| x.1 .2).collect());
    c.f64_opt("threshold", "", "the claim's threshold there", flat.iter().map(|x| x.1 .3).collect());
    c.f64_opt("holds_above", "", "1 when the claim holds just above value", flat.iter().map(|x| x.1 .4).collect());
    c.f64_opt("width", "", "the width of the last bracket", flat.iter().map(|x| x.1 .5).collect());
    c.f64("range_low", "", "the range scanned", flat.iter().map(|x| x.2 .0).collect());
    c.f64("range_high", "", "the range scanned", flat.iter().map(|x| x.2 .1).collect());
    c.u64("failed", "", "grid points whose run failed", flat.iter().map(|x| x.3).collect());
    c.finish()
}

/// Debt/GDP at each year split into the IMF parts (`year` and one column
/// per part, ratios: 0.01 is a point of GDP; against another scenario, the
/// parts of the difference).
pub fn attribution_parts(a: &Attribution, start_year: f64) -> Result<RecordBatch, TableError> {
    let mut c = Columns::new("attribution_parts");
    c.meta("scenario", a.scenario.as_str());
    if let Some(against) = &a.against {
        c.meta("against", against.as_str());
    }
    c.f64("years", "years", "years after the start", a.years.clone());
    c.f64("year", "year", "calendar year", a.steps.iter().zip(&a.years).map(|(_, y)| start_year + y).collect());
    c.f64("debt_gdp", "ratio", "debt/GDP at that year", a.debt_gdp.clone());
    if let Some(other) = &a.against_debt_gdp {
        c.f64("against_debt_gdp", "ratio", "the other scenario's debt/GDP", other.clone());
    }
    for ((name, doc), values) in PARTS.iter().zip(&a.parts) {
        c.f64(name, "ratio", doc, values.clone());
    }
    c.finish()
}

/// Each mechanism switched off alone: `mechanism`, `what`, `off` (what off
/// sets), then `change_at_Y` for each year: debt/GDP with it off minus with it on.
pub fn attribution_effects(a: &Attribution) -> Result<RecordBatch, TableError> {
    let mut c = Columns::new("attribution_effects");
    c.meta("scenario", a.scenario.as_str());
    let e = &a.effects;
    c.text("mechanism", "the mechanism's name", &e.iter().map(|x| x.name).collect::<Vec<_>>());
    c.text("what", "what it does", &e.iter().map(|x| x.what).collect::<Vec<_>>());
    c.text("off", "what switching it off sets", &e.iter().map(|x| x.off).collect::<Vec<_>>());
    for (k, y) in a.years.iter().enumerate() {
        let doc = "debt/GDP with the mechanism off minus on";
        c.f64(&format!("change_at_{y}"), "ratio", doc, e.iter().map(|x| x.change[k]).collect());
    }
    c.finish()
}
