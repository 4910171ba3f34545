//! Scenarios from Python: a preset name, a path, TOML text, or overrides
//! (`set`, or a dict scenario flattened to dotted names by the Python side),
//! all loaded and validated by debtlab-core so errors are the same as the CLI's.

use pyo3::prelude::*;
use pyo3::types::PyTuple;

use debtlab_core::scenario::export::to_toml;
use debtlab_core::{Resolver, Source};
use debtlab_data::scenarios::PresetsAndFiles;

use crate::errors::scenario_error;

/// A loaded, validated scenario. Pickles as its resolved TOML, so it can
/// travel to Dask workers as plain data.
#[pyclass(frozen, module = "debtlab._native")]
pub struct Scenario {
    pub inner: debtlab_core::Scenario,
}

#[pymethods]
impl Scenario {
    /// The reference it was loaded from (preset name, path or `<string>`).
    #[getter]
    fn name(&self) -> String {
        self.inner.name.clone()
    }

    #[getter]
    fn description(&self) -> String {
        self.inner.description.clone()
    }

    /// Each claim as (name, what it tests).
    #[getter]
    fn claims(&self) -> Vec<(String, String)> {
        self.inner.claims.iter().map(|c| (c.name.clone(), c.describe())).collect()
    }

    /// Every parameter resolved, as one self-contained TOML text (`debtlab show`).
    fn to_toml(&self) -> String {
        to_toml(&self.inner)
    }

    fn __repr__(&self) -> String {
        format!("<debtlab.Scenario {:?}: {}>", self.inner.name, self.inner.description)
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let rebuild = py.import("debtlab._native")?.getattr("from_toml")?;
        let args = PyTuple::new(py, [to_toml(&self.inner), self.inner.name.clone()])?;
        Ok((rebuild, args))
    }
}

/// Presets and files, and one scenario given as text under its own name.
struct WithText<'a> {
    text: Option<&'a Source>,
}

impl Resolver for WithText<'_> {
    fn resolve(&self, reference: &str, from: Option<&Source>) -> Result<Source, String> {
        match self.text {
            Some(source) if from.is_none() && reference == source.name => Ok(source.clone()),
            _ => PresetsAndFiles.resolve(reference, from),
        }
    }
}

/// Loads a scenario: `text` (TOML, shown in errors as `text_name`) or else
/// `reference` (a preset name or a path), with `sets` (`dotted.name=value`)
/// applied on top. Returns it with the overrides that change nothing in the
/// run, each with the reason (for a warning).
#[pyfunction]
#[pyo3(signature = (reference, text=None, text_name="<string>".to_string(), sets=Vec::new(), sets_name="set"))]
pub fn load(
    py: Python<'_>,
    reference: &str,
    text: Option<String>,
    text_name: String,
    sets: Vec<String>,
    sets_name: &str,
) -> PyResult<(Scenario, Vec<(String, String)>)> {
    py.detach(|| {
        let source = text.map(|text| Source { name: text_name.clone(), text });
        let resolver = WithText { text: source.as_ref() };
        let reference = source.as_ref().map_or(reference, |s| s.name.as_str());
        let inner = debtlab_core::load(reference, &resolver, &sets).map_err(|e| scenario_error(&e, sets_name))?;
        let inert = debtlab_core::analysis::inert::inert_overrides(&inner, reference, &resolver, &sets)
            .into_iter()
            .map(|i| (i.item, i.reason))
            .collect();
        Ok((Scenario { inner }, inert))
    })
}

/// Rebuilds a pickled scenario from its resolved TOML.
#[pyfunction]
pub fn from_toml(py: Python<'_>, text: String, name: String) -> PyResult<Scenario> {
    let (mut scenario, _) = load(py, &name, Some(text), name.clone(), Vec::new(), "set")?;
    let inner = &mut scenario.inner;
    inner.name = name;
    Ok(scenario)
}
