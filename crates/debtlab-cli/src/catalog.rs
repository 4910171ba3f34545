//! The lists: `debtlab presets` (the embedded scenarios, each with the
//! monetary policy rule its parameters resolve to) and `debtlab
//! params` (every parameter, or with `--columns` every output column), in
//! the same formats as the other commands.

use clap::Args;
use debtlab_core::output::COLUMNS;
use debtlab_core::params::spec::{self, SCALAR_PARAMS, SECTOR_FIELDS};
use debtlab_core::presets;

use crate::output::{emit, Cell, Table};
use crate::resolve::PresetsAndFiles;
use crate::OutputOptions;

#[derive(Args)]
pub struct ParamsArgs {
    /// Show only names containing this text.
    pattern: Option<String>,
    /// List the output columns of `run`, `compare`, `mc` and `plot` (name,
    /// unit, meaning) instead of the parameters.
    #[arg(long)]
    columns: bool,
    #[command(flatten)]
    output: OutputOptions,
}

pub fn presets(out: &OutputOptions) -> Result<(), String> {
    let mut rows = Vec::new();
    for name in presets::names() {
        let scenario = debtlab_core::load(name, &PresetsAndFiles, &[]).map_err(|e| e.to_string())?;
        // The rule from the resolved parameters, not from the description's words.
        let rule = scenario.params.text("policy.rule").to_string();
        rows.push(vec![Cell::Text(name.to_string()), Cell::Text(rule), Cell::Text(scenario.description)]);
    }
    let table = Table::new(["preset", "rule", "description"], rows);
    emit(&table.render(out.format, None)?, out.out.as_deref())
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

pub fn params(args: &ParamsArgs) -> Result<(), String> {
    let (what, header, mut rows) = if args.columns {
        let rows = COLUMNS.iter().map(|c| vec![text(c.name), text(c.unit), text(c.doc)]).collect();
        ("output column", vec!["name", "unit", "doc"], rows)
    } else {
        ("parameter", vec!["name", "default", "unit", "range", "doc"], parameter_rows())
    };
    if let Some(pattern) = &args.pattern {
        rows.retain(|r| matches!(&r[0], Cell::Text(name) if name.contains(pattern.as_str())));
        if rows.is_empty() {
            return Err(format!("no {what} name contains `{pattern}`"));
        }
    }
    emit(&Table::new(header, rows).render(args.output.format, None)?, args.output.out.as_deref())
}

fn parameter_rows() -> Vec<Vec<Cell>> {
    let mut rows: Vec<Vec<Cell>> = SCALAR_PARAMS
        .iter()
        .map(|p| vec![text(p.name), text(p.default_text()), text(p.unit), text(p.range_text()), text(p.doc)])
        .collect();
    for (sector, defaults) in spec::DEFAULT_SECTORS {
        for (i, (field, unit, range, doc)) in SECTOR_FIELDS.iter().enumerate() {
            rows.push(vec![
                text(format!("technology.sectors.{sector}.{field}")),
                text(spec::format_number(defaults[i])),
                text(*unit),
                text(range.to_string()),
                text(*doc),
            ]);
        }
    }
    rows
}
