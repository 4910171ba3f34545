//! What debtlab knows: presets, parameters and output columns.

use arrow_array::RecordBatch;
use debtlab_core::output::COLUMNS;
use debtlab_core::params::spec::{self, SCALAR_PARAMS, SECTOR_FIELDS};
use debtlab_core::presets::{self, PresetResolver};

use crate::build::{Columns, TableError};

/// Every embedded preset: `preset`, `rule` (the monetary rule), `description`.
pub fn presets() -> Result<RecordBatch, TableError> {
    let mut rows: Vec<[String; 3]> = Vec::new();
    for name in presets::names() {
        let s = debtlab_core::load(name, &PresetResolver, &[]).map_err(|e| TableError(e.to_string()))?;
        rows.push([name.to_string(), s.params.text("policy.rule").to_string(), s.description]);
    }
    let mut c = Columns::new("presets");
    for (i, (name, doc)) in
        [("preset", "the preset's name"), ("rule", "the monetary rule"), ("description", "whose argument it encodes")]
            .into_iter()
            .enumerate()
    {
        c.text(name, doc, &rows.iter().map(|r| r[i].clone()).collect::<Vec<_>>());
    }
    c.finish()
}

/// Every parameter: `name`, `default` (as text: numbers, words and
/// schedules alike), `unit`, `range`, `doc`; the sector fields of every default sector too.
pub fn params() -> Result<RecordBatch, TableError> {
    let mut rows: Vec<[String; 5]> = SCALAR_PARAMS
        .iter()
        .map(|p| [p.name.to_string(), p.default_text(), p.unit.to_string(), p.range_text(), p.doc.to_string()])
        .collect();
    for (sector, defaults) in spec::DEFAULT_SECTORS {
        for (i, (field, unit, range, doc)) in SECTOR_FIELDS.iter().enumerate() {
            rows.push([
                format!("technology.sectors.{sector}.{field}"),
                spec::format_number(defaults[i]),
                unit.to_string(),
                range.to_string(),
                doc.to_string(),
            ]);
        }
    }
    let mut c = Columns::new("params");
    let docs = [
        ("name", "dotted name"),
        ("default", "default value"),
        ("unit", "unit"),
        ("range", "valid range"),
        ("doc", "what it means"),
    ];
    for (i, (name, doc)) in docs.into_iter().enumerate() {
        c.text(name, doc, &rows.iter().map(|r| r[i].clone()).collect::<Vec<_>>());
    }
    c.finish()
}

/// Every output column: `name`, `unit`, `doc`.
pub fn columns() -> Result<RecordBatch, TableError> {
    let mut c = Columns::new("columns");
    c.text("name", "stable column name", &COLUMNS.iter().map(|s| s.name).collect::<Vec<_>>());
    c.text("unit", "unit", &COLUMNS.iter().map(|s| s.unit).collect::<Vec<_>>());
    c.text("doc", "what it means", &COLUMNS.iter().map(|s| s.doc).collect::<Vec<_>>());
    c.finish()
}
