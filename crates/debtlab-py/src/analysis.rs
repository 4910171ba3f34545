//! Analyses from Python: tornado, Sobol indices, solve and frontier, attribution.

use pyo3::prelude::*;
use pyo3_arrow::PyRecordBatch;

use debtlab_core::analysis::{
    attribute as core_attribute, parse_metric, sobol as core_sobol, solve as core_solve, tornado, AnalysisError,
};

use crate::errors::{run_error, table_error, value_error};
use crate::scenario::Scenario;

fn analysis_error(name: &str) -> impl Fn(AnalysisError) -> PyErr + '_ {
    move |e| match e {
        AnalysisError::Input(m) => value_error(m),
        e => run_error(format!("{name}: {e}")),
    }
}

fn batch(b: Result<debtlab_table::RecordBatch, debtlab_table::TableError>) -> PyResult<PyRecordBatch> {
    b.map(PyRecordBatch::new).map_err(table_error)
}

/// One-at-a-time tornado of `metric` at `at` years.
#[pyfunction]
#[pyo3(signature = (scenario, metric="debt_gdp", at=3.0, params=None, pct=10.0))]
fn sensitivity(
    py: Python<'_>,
    scenario: PyRef<'_, Scenario>,
    metric: &str,
    at: f64,
    params: Option<Vec<String>>,
    pct: f64,
) -> PyResult<PyRecordBatch> {
    let s = &scenario.inner;
    let column = parse_metric(metric).map_err(analysis_error(&s.name))?;
    let t = py.detach(|| tornado::tornado(s, column, at, params.as_deref(), pct).map_err(analysis_error(&s.name)))?;
    batch(debtlab_table::analysis::tornado(&s.name, &t))
}

/// A Sobol result as its table and the warnings a reader must see before ranking.
fn sobol_answer(
    s: &debtlab_core::Scenario,
    probe: &debtlab_core::analysis::Probe,
    r: &core_sobol::SobolResult,
) -> PyResult<(PyRecordBatch, Vec<String>)> {
    let names: Vec<String> = s.uncertain.iter().map(|u| u.name.clone()).collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let warnings = core_sobol::ranking_warnings(r, &refs);
    Ok((batch(debtlab_table::analysis::sobol(&s.name, probe, &names, r))?, warnings))
}

/// Sobol indices of `metric` at `at` years over the `[uncertain]`
/// parameters: the table and the ranking warnings.
#[pyfunction]
#[pyo3(signature = (scenario, metric="debt_gdp", at=3.0, samples=4096, seed=1, bootstrap=200))]
fn sobol(
    py: Python<'_>,
    scenario: PyRef<'_, Scenario>,
    metric: &str,
    at: f64,
    samples: usize,
    seed: u64,
    bootstrap: usize,
) -> PyResult<(PyRecordBatch, Vec<String>)> {
    let s = &scenario.inner;
    let column = parse_metric(metric).map_err(analysis_error(&s.name))?;
    let (probe, r) = py.detach(|| {
        core_sobol::scenario_sobol(s, column, at, samples, seed, bootstrap).map_err(analysis_error(&s.name))
    })?;
    sobol_answer(s, &probe, &r)
}

/// The value of `vary` (one name, or two for the frontier) at which
/// `target` just holds.
#[pyfunction]
#[pyo3(signature = (scenario, vary, target, ranges=Vec::new(), grid=21))]
fn solve(
    py: Python<'_>,
    scenario: PyRef<'_, Scenario>,
    vary: Vec<String>,
    target: &str,
    ranges: Vec<Option<(f64, f64)>>,
    grid: usize,
) -> PyResult<PyRecordBatch> {
    let s = &scenario.inner;
    if vary.is_empty() || vary.len() > 2 {
        return Err(value_error("vary: give one parameter, or two for the frontier"));
    }
    if ranges.len() > vary.len() {
        return Err(value_error("ranges: give at most one range per parameter in vary"));
    }
    if grid < 2 {
        return Err(value_error("grid must be at least 2"));
    }
    let claim = core_solve::parse_target(target).map_err(|e| value_error(format!("target: {e}")))?;
    let range = |i: usize| ranges.get(i).copied().flatten();
    match vary.as_slice() {
        [one] => {
            let (_, solution) =
                py.detach(|| core_solve::solve(s, one, &claim, range(0), grid).map_err(analysis_error(&s.name)))?;
            batch(debtlab_table::analysis::solutions(&s.name, one, None, &[(None, &solution)]))
        }
        [first, second] => {
            let f = py.detach(|| {
                core_solve::frontier(s, [first, second], &claim, [range(0), range(1)], grid)
                    .map_err(analysis_error(&s.name))
            })?;
            let rows: Vec<(Option<f64>, &core_solve::Solution)> = f.rows.iter().map(|(a, s)| (Some(*a), s)).collect();
            batch(debtlab_table::analysis::solutions(&s.name, second, Some(first), &rows))
        }
        _ => unreachable!("checked above: one or two names"),
    }
}

/// Where the verdict comes from: (parts, effects) at `at` years.
#[pyfunction]
#[pyo3(signature = (scenario, against=None, at=vec![3.0, 10.0]))]
fn attribute(
    py: Python<'_>,
    scenario: PyRef<'_, Scenario>,
    against: Option<PyRef<'_, Scenario>>,
    at: Vec<f64>,
) -> PyResult<(PyRecordBatch, PyRecordBatch)> {
    let s = &scenario.inner;
    let other = against.as_ref().map(|a| &a.inner);
    let a = py.detach(|| core_attribute::attribute(s, other, &at).map_err(analysis_error(&s.name)))?;
    let start = s.model_params().run.start_year;
    Ok((
        batch(debtlab_table::analysis::attribution_parts(&a, start))?,
        batch(debtlab_table::analysis::attribution_effects(&a))?,
    ))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(sensitivity, m)?)?;
    m.add_function(wrap_pyfunction!(sobol, m)?)?;
    m.add_function(wrap_pyfunction!(solve, m)?)?;
    m.add_function(wrap_pyfunction!(attribute, m)?)?;
    m.add_function(wrap_pyfunction!(replay, m)?)?;
    m.add_function(wrap_pyfunction!(sobol_rows, m)?)?;
    m.add_function(wrap_pyfunction!(sobol_finish, m)?)?;
    Ok(())
}

/// The replay decomposition of a bundled dataset (`dataset`) or of a table
/// given as CSV text (`table`, named `name` in errors), over `from`..`to`.
#[pyfunction]
#[pyo3(signature = (dataset=None, table=None, name="<table>".to_string(), from_=None, to=None))]
pub fn replay(
    py: Python<'_>,
    dataset: Option<String>,
    table: Option<String>,
    name: String,
    from_: Option<i32>,
    to: Option<i32>,
) -> PyResult<PyRecordBatch> {
    let b = py.detach(|| {
        let h = match (&dataset, &table) {
            (Some(d), None) => debtlab_data::history(d).map_err(|e| value_error(e.to_string()))?,
            (None, Some(t)) => debtlab_data::replay::history_from_table(t, &name).map_err(value_error)?,
            _ => return Err(value_error("give a bundled dataset name or a table, not both")),
        };
        let r = debtlab_data::replay::decomposition(&h, from_, to).map_err(value_error)?;
        debtlab_table::history::replay(&h, &r).map_err(table_error)
    })?;
    Ok(PyRecordBatch::new(b))
}

/// Rows `start..end` of a Sobol design, as bytes (little-endian f64, `k + 2`
/// a row): a part of a distributed Sobol analysis.
#[pyfunction]
#[pyo3(signature = (scenario, metric, at, seed, start, end))]
fn sobol_rows<'py>(
    py: Python<'py>,
    scenario: PyRef<'_, Scenario>,
    metric: &str,
    at: f64,
    seed: u64,
    start: usize,
    end: usize,
) -> PyResult<Bound<'py, pyo3::types::PyBytes>> {
    let s = &scenario.inner;
    let column = parse_metric(metric).map_err(analysis_error(&s.name))?;
    if start > end {
        return Err(value_error(format!("rows {start}..{end}: the start is after the end")));
    }
    let rows = py
        .detach(|| core_sobol::scenario_sobol_rows(s, column, at, seed, start..end).map_err(analysis_error(&s.name)))?;
    let bytes: Vec<u8> = rows.1.iter().flatten().flat_map(|v| v.to_bits().to_le_bytes()).collect();
    Ok(pyo3::types::PyBytes::new(py, &bytes))
}

/// The indices from every part's rows, in row order: (table, warnings).
#[pyfunction]
#[pyo3(signature = (scenario, metric, at, seed, bootstrap, parts))]
fn sobol_finish(
    py: Python<'_>,
    scenario: PyRef<'_, Scenario>,
    metric: &str,
    at: f64,
    seed: u64,
    bootstrap: usize,
    parts: Vec<Vec<u8>>,
) -> PyResult<(PyRecordBatch, Vec<String>)> {
    let s = &scenario.inner;
    let column = parse_metric(metric).map_err(analysis_error(&s.name))?;
    let k = s.uncertain.len();
    let width = (k + 2) * 8;
    let mut rows = Vec::new();
    for (i, part) in parts.iter().enumerate() {
        if part.len() % width != 0 {
            return Err(run_error(format!("part {i} has {} bytes, not a multiple of a row's {width}", part.len())));
        }
        rows.extend(part.chunks_exact(width).map(|row| {
            row.chunks_exact(8).map(|b| f64::from_bits(u64::from_le_bytes(b.try_into().expect("8 bytes")))).collect()
        }));
    }
    let base = s.model_params();
    let probe = debtlab_core::analysis::Probe::new(column, at, &base).map_err(analysis_error(&s.name))?;
    let r = py.detach(|| core_sobol::sobol_from_rows(rows, k, seed, bootstrap).map_err(analysis_error(&s.name)))?;
    sobol_answer(s, &probe, &r)
}
