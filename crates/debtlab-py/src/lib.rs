//! `debtlab._native`: the Rust side of the Python package. Thin: scenarios
//! are loaded by debtlab-core, results become Arrow record batches in
//! debtlab-table and cross into Python through the Arrow PyCapsule interface
//! (no copy). Every run releases the GIL. Errors are Python exceptions
//! (`ScenarioError` with `file`, `line`, `column`, `field`, `rule` and
//! `suggestion`; `RunError`), never a crash of the interpreter.

mod analysis;
mod errors;
mod montecarlo;
mod scenario;

use pyo3::prelude::*;
use pyo3_arrow::PyRecordBatch;

use debtlab_core::output::{Column, COLUMNS};
use debtlab_core::scenario::error::did_you_mean;
use debtlab_core::Run;
use errors::{run_error, table_error, value_error};
use scenario::Scenario;

/// Output columns by name (`None`: every column); a misspelt name names the nearest.
pub(crate) fn parse_columns(names: Option<Vec<String>>) -> PyResult<Vec<Column>> {
    let Some(names) = names else {
        return Ok((0..COLUMNS.len()).map(Column).collect());
    };
    names
        .iter()
        .map(|name| {
            Column::by_name(name.trim()).ok_or_else(|| {
                let hint = did_you_mean(name, Column::names()).map(|h| format!("; {h}")).unwrap_or_default();
                value_error(format!("columns: no output column `{name}`{hint} (see debtlab.columns())"))
            })
        })
        .collect()
}

fn simulate(s: &Scenario) -> PyResult<Run> {
    s.inner.run().map_err(|e| run_error(format!("{}: {e}", s.inner.name)))
}

/// Each scenario with its deterministic run (the scenarios borrowed, not copied).
fn simulate_all<'a>(all: &[&'a Scenario]) -> PyResult<Vec<(&'a debtlab_core::Scenario, Run)>> {
    all.iter().map(|s| Ok((&s.inner, simulate(s)?))).collect()
}

/// The path of one scenario: `step`, `year`, then the chosen columns, every `every`-th step.
#[pyfunction]
#[pyo3(signature = (scenario, columns=None, every=1))]
fn run(
    py: Python<'_>,
    scenario: PyRef<'_, Scenario>,
    columns: Option<Vec<String>>,
    every: usize,
) -> PyResult<PyRecordBatch> {
    let columns = parse_columns(columns)?;
    let s = &*scenario;
    let batch = py.detach(|| {
        let run = simulate(s)?;
        debtlab_table::runs::path(&s.inner, &run, &columns, every, true).map_err(table_error)
    })?;
    Ok(PyRecordBatch::new(batch))
}

/// Every claim of each scenario judged on its deterministic run.
#[pyfunction]
fn claims(py: Python<'_>, scenarios: Vec<PyRef<'_, Scenario>>) -> PyResult<PyRecordBatch> {
    let all: Vec<&Scenario> = scenarios.iter().map(|s| &**s).collect();
    let batch = py.detach(|| debtlab_table::runs::verdicts(&simulate_all(&all)?).map_err(table_error))?;
    Ok(PyRecordBatch::new(batch))
}

/// Chosen columns of several scenarios at chosen years.
#[pyfunction]
fn compare(
    py: Python<'_>,
    scenarios: Vec<PyRef<'_, Scenario>>,
    columns: Vec<String>,
    at: Vec<f64>,
) -> PyResult<PyRecordBatch> {
    let columns = parse_columns(Some(columns))?;
    let all: Vec<&Scenario> = scenarios.iter().map(|s| &**s).collect();
    let batch = py.detach(|| debtlab_table::runs::compare(&simulate_all(&all)?, &columns, &at).map_err(table_error))?;
    Ok(PyRecordBatch::new(batch))
}

#[pyfunction]
fn presets() -> PyResult<PyRecordBatch> {
    Ok(PyRecordBatch::new(debtlab_table::catalog::presets().map_err(table_error)?))
}

#[pyfunction]
fn params() -> PyResult<PyRecordBatch> {
    Ok(PyRecordBatch::new(debtlab_table::catalog::params().map_err(table_error)?))
}

#[pyfunction]
fn columns() -> PyResult<PyRecordBatch> {
    Ok(PyRecordBatch::new(debtlab_table::catalog::columns().map_err(table_error)?))
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    // Paths per chunk: the unit of a distributed run's parts.
    m.add("CHUNK", debtlab_core::mc::CHUNK)?;
    errors::register(m)?;
    m.add_class::<Scenario>()?;
    m.add_class::<PyRecordBatch>()?;
    m.add_function(wrap_pyfunction!(scenario::load, m)?)?;
    m.add_function(wrap_pyfunction!(scenario::from_toml, m)?)?;
    m.add_function(wrap_pyfunction!(run, m)?)?;
    m.add_function(wrap_pyfunction!(claims, m)?)?;
    m.add_function(wrap_pyfunction!(compare, m)?)?;
    m.add_function(wrap_pyfunction!(presets, m)?)?;
    m.add_function(wrap_pyfunction!(params, m)?)?;
    m.add_function(wrap_pyfunction!(columns, m)?)?;
    montecarlo::register(m)?;
    analysis::register(m)?;
    Ok(())
}
