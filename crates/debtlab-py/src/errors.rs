//! Python exceptions: `DebtlabError`, and under it `ScenarioError` (with the
//! location and the rule of a bad scenario) and `RunError` (a run that failed).

use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyValueError};
use pyo3::prelude::*;

create_exception!(debtlab, DebtlabError, PyException, "Any error debtlab raises.");
create_exception!(
    debtlab,
    ScenarioError,
    DebtlabError,
    "A scenario could not be loaded: attributes `file`, `line`, `column`, `field`, `rule`, `suggestion` (None where unknown)."
);
create_exception!(
    debtlab,
    RunError,
    DebtlabError,
    "A run failed (a value left the finite numbers, a memory budget, bad parts)."
);

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("DebtlabError", py.get_type::<DebtlabError>())?;
    m.add("ScenarioError", py.get_type::<ScenarioError>())?;
    m.add("RunError", py.get_type::<RunError>())?;
    Ok(())
}

/// The name inside the first pair of backticks of a hint ("did you mean `x`?").
fn suggested_name(hint: &str) -> Option<String> {
    let start = hint.find('`')? + 1;
    let len = hint[start..].find('`')?;
    Some(hint[start..start + len].to_string())
}

/// A [`debtlab_core::ScenarioError`] as a Python `ScenarioError`; overrides
/// (`--set` in the core) are named `sets_name` here (the `set` argument or a
/// dict scenario).
pub fn scenario_error(e: &debtlab_core::ScenarioError, sets_name: &str) -> PyErr {
    let mut e = e.clone();
    if let Some(rest) = e.source_name.strip_prefix("--set") {
        e.source_name = format!("{sets_name}{rest}");
    }
    let message = e.to_string().replace("--set ", &format!("{sets_name} "));
    Python::attach(|py| {
        let err = ScenarioError::new_err(message);
        let value = err.value(py);
        let attrs: [(&str, Option<Py<PyAny>>); 6] = [
            ("file", Some(e.source_name.clone().into_pyobject(py).map(|v| v.into_any().unbind()).ok()).flatten()),
            (
                "line",
                e.position.map(|(l, _)| l.into_pyobject(py).map(|v| v.into_any().unbind())).transpose().ok().flatten(),
            ),
            (
                "column",
                e.position.map(|(_, c)| c.into_pyobject(py).map(|v| v.into_any().unbind())).transpose().ok().flatten(),
            ),
            (
                "field",
                e.field.clone().map(|f| f.into_pyobject(py).map(|v| v.into_any().unbind())).transpose().ok().flatten(),
            ),
            ("rule", Some(e.message.clone().into_pyobject(py).map(|v| v.into_any().unbind()).ok()).flatten()),
            (
                "suggestion",
                e.hint
                    .as_deref()
                    .and_then(suggested_name)
                    .map(|s| s.into_pyobject(py).map(|v| v.into_any().unbind()))
                    .transpose()
                    .ok()
                    .flatten(),
            ),
        ];
        for (name, v) in attrs {
            // Setting an attribute on a fresh exception instance cannot fail in practice;
            // if it did, the message still says everything.
            let _ = value.setattr(name, v);
        }
        err
    })
}

pub fn run_error(message: impl Into<String>) -> PyErr {
    RunError::new_err(message.into())
}

pub fn value_error(message: impl Into<String>) -> PyErr {
    PyValueError::new_err(message.into())
}

pub fn table_error(e: debtlab_table::TableError) -> PyErr {
    PyValueError::new_err(e.0)
}
