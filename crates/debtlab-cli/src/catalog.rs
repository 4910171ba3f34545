//! The lists: `debtlab presets` (the embedded scenarios, each with the
//! monetary policy rule its parameters resolve to) and `debtlab
//! params` (every parameter, or with `--columns` every output column), in
//! the same formats as the other commands, from the table layer's catalog
//! batches (the ones `debtlab.presets()` and `debtlab.params()` read).

use clap::Args;

use crate::output::{emit, render_batch, Cell, Table};
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
    let batch = debtlab_table::catalog::presets().map_err(|e| e.to_string())?;
    emit(render_batch(&batch, out.format, None, false)?, out.out.as_deref())
}

pub fn params(args: &ParamsArgs) -> Result<(), String> {
    let (what, batch) = if args.columns {
        ("output column", debtlab_table::catalog::columns())
    } else {
        ("parameter", debtlab_table::catalog::params())
    };
    let mut table = Table::from_batch(&batch.map_err(|e| e.to_string())?, false);
    if let Some(pattern) = &args.pattern {
        table.rows.retain(|r| matches!(&r[0], Cell::Text(name) if name.contains(pattern.as_str())));
        if table.rows.is_empty() {
            return Err(format!("no {what} name contains `{pattern}`"));
        }
    }
    emit(table.render(args.output.format, None)?, args.output.out.as_deref())
}
