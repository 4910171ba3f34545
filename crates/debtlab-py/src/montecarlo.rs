//! Monte Carlo from Python: a whole run here, or its three steps (setup,
//! parts, finish) for a distributed run whose parts run on Dask workers.
//! Setups and parts are bytes; the same seed and paths give the same bits
//! whichever way the run is split.

use pyo3::prelude::*;
use pyo3::types::PyBytes;
use pyo3_arrow::PyRecordBatch;

use debtlab_core::mc::parts::{self, Partial, Setup};
use debtlab_core::mc::{self as core_mc, McOptions, McResult, PercentileMode};

use crate::errors::{run_error, table_error, value_error};
use crate::parse_columns;
use crate::scenario::Scenario;

/// The options every step of one run shares: a dict with the keys `paths`,
/// `seed`, `columns` (None: the default columns), `draws`, `shocks`,
/// `percentiles` (a list of levels in percent), `percentile_method` and
/// `threads` (None: one per core), as `debtlab.mc` and
/// `debtlab.distributed` build it (plain data that pickles).
#[derive(FromPyObject)]
#[pyo3(from_item_all)]
struct Options {
    paths: usize,
    seed: u64,
    columns: Option<Vec<String>>,
    draws: bool,
    shocks: bool,
    percentiles: Vec<f64>,
    percentile_method: String,
    threads: Option<usize>,
}

impl Options {
    fn core(self) -> PyResult<(McOptions, Option<usize>)> {
        let names = self.columns.unwrap_or_else(|| core_mc::DEFAULT_COLUMNS.map(String::from).to_vec());
        let columns = parse_columns(Some(names))?;
        let percentile_method = match self.percentile_method.as_str() {
            "auto" => PercentileMode::Auto,
            "exact" => PercentileMode::Exact,
            "sketch" => PercentileMode::Sketch,
            other => {
                return Err(value_error(format!("percentile_method: `{other}` is not one of auto, exact, sketch")))
            }
        };
        let percentiles = self.percentiles;
        core_mc::check_percentiles(&percentiles).map_err(|e| value_error(e.to_string()))?;
        let (paths, seed, draws, shocks) = (self.paths, self.seed, self.draws, self.shocks);
        let options = McOptions { paths, seed, columns, draws, shocks, percentiles, percentile_method };
        Ok((options, self.threads))
    }
}

/// Runs `job` on a pool of `threads` workers, or rayon's default pool.
fn with_threads<T: Send>(threads: Option<usize>, job: impl FnOnce() -> PyResult<T> + Send) -> PyResult<T> {
    match threads {
        Some(0) => Err(value_error("threads must be at least 1")),
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .map_err(|e| run_error(format!("cannot start {n} threads: {e}")))?
            .install(job),
        None => job(),
    }
}

type Tables = (PyRecordBatch, PyRecordBatch, PyRecordBatch);

/// The long and wide percentile tables and the claim probabilities.
fn tables(name: &str, r: &McResult) -> PyResult<Tables> {
    use debtlab_table::montecarlo::{claims, long, wide};
    let batch = |b: Result<_, _>| b.map(PyRecordBatch::new).map_err(table_error);
    Ok((batch(long(name, r))?, batch(wide(name, r))?, batch(claims(name, r))?))
}

fn mc_error(name: &str) -> impl Fn(core_mc::McError) -> PyErr + '_ {
    move |e| match e {
        core_mc::McError::NoPaths => value_error("paths must be at least 1"),
        core_mc::McError::TooManyPaths => value_error(format!("paths must be at most {}", u32::MAX)),
        e => run_error(format!("{name}: {e}")),
    }
}

/// A whole Monte Carlo run: (long, wide, claims) tables.
#[pyfunction]
fn mc(py: Python<'_>, scenario: PyRef<'_, Scenario>, options: Options) -> PyResult<Tables> {
    let (o, threads) = options.core()?;
    let s = &scenario.inner;
    let result = py.detach(|| with_threads(threads, || core_mc::run(s, &o, &|_| {}).map_err(mc_error(&s.name))))?;
    tables(&s.name, &result)
}

/// Step 1 of a distributed run: checks and the pilot; the setup as bytes.
#[pyfunction]
fn mc_setup<'py>(
    py: Python<'py>,
    scenario: PyRef<'_, Scenario>,
    options: Options,
) -> PyResult<(Bound<'py, PyBytes>, usize)> {
    let (o, _) = options.core()?;
    let s = &scenario.inner;
    let setup = py.detach(|| Setup::new(s, &o).map_err(mc_error(&s.name)))?;
    Ok((PyBytes::new(py, &setup.to_bytes()), setup.chunks))
}

/// Step 2: chunks `start..end` of the run `setup` describes; the part as bytes.
#[pyfunction]
fn mc_part<'py>(
    py: Python<'py>,
    scenario: PyRef<'_, Scenario>,
    setup: &[u8],
    start: usize,
    end: usize,
    options: Options,
) -> PyResult<Bound<'py, PyBytes>> {
    let (o, threads) = options.core()?;
    let s = &scenario.inner;
    let bytes = py.detach(|| {
        let setup = Setup::from_bytes(setup).map_err(mc_error(&s.name))?;
        with_threads(threads, || parts::run_part(s, &o, &setup, start..end).map_err(mc_error(&s.name)))
            .map(|p| p.to_bytes())
    })?;
    Ok(PyBytes::new(py, &bytes))
}

/// Step 3: the parts (any order) merged into (long, wide, claims) tables.
#[pyfunction]
fn mc_finish(
    py: Python<'_>,
    scenario: PyRef<'_, Scenario>,
    setup: &[u8],
    parts: Vec<Vec<u8>>,
    options: Options,
) -> PyResult<Tables> {
    let (o, _) = options.core()?;
    let s = &scenario.inner;
    let result = py.detach(|| {
        let setup = Setup::from_bytes(setup).map_err(mc_error(&s.name))?;
        let parts =
            parts.iter().map(|b| Partial::from_bytes(b).map_err(mc_error(&s.name))).collect::<PyResult<Vec<_>>>()?;
        parts::finish(s, &o, &setup, parts).map_err(mc_error(&s.name))
    })?;
    tables(&s.name, &result)
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(mc, m)?)?;
    m.add_function(wrap_pyfunction!(mc_setup, m)?)?;
    m.add_function(wrap_pyfunction!(mc_part, m)?)?;
    m.add_function(wrap_pyfunction!(mc_finish, m)?)?;
    Ok(())
}
