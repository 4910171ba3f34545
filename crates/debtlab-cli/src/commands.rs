//! The commands: each loads scenarios through the core library, builds a
//! table and hands it to the output module.

use debtlab_core::output::{Column, COLUMNS};
use debtlab_core::scenario::error::did_you_mean;
use debtlab_core::{Run, Scenario};

use crate::about;
use crate::output::{emit, render_batch, Cell, Format, Table};
use crate::{OutputOptions, ScenarioOptions};

/// Columns a terminal table shows when none are chosen (after `step` and `year`).
const TABLE_COLUMNS: &[&str] = &[
    "debt_gdp",
    "gross_gdp",
    "real_debt",
    "price_level",
    "inflation",
    "policy_rate",
    "rate_effective",
    "interest",
    "primary_deficit",
    "unemployment",
    "ai_index",
];

fn load(reference: &str, options: &ScenarioOptions) -> Result<(Scenario, Run), String> {
    let scenario = options.load(reference)?;
    let run = scenario.run().map_err(|e| format!("{}: {e}", scenario.name))?;
    Ok((scenario, run))
}

/// Loads and runs every scenario of `references`; with `vs_expectations`,
/// each twice, named `NAME [adaptive]` and `NAME [rational]`.
fn load_all(
    references: &[String],
    vs_expectations: bool,
    options: &ScenarioOptions,
) -> Result<Vec<(Scenario, Run)>, String> {
    if !vs_expectations {
        return references.iter().map(|r| load(r, options)).collect();
    }
    let mut runs = Vec::with_capacity(2 * references.len());
    for reference in references {
        // Warns of the user's own overrides that change nothing, once.
        options.load(reference)?;
        for mode in ["adaptive", "rational"] {
            let mut sets = options.sets.clone();
            sets.push(format!("prices.expectations={mode}"));
            let mut scenario =
                debtlab_core::load(reference, &crate::resolve::PresetsAndFiles, &sets).map_err(|e| e.to_string())?;
            scenario.name = format!("{} [{mode}]", scenario.name);
            let run = scenario.run().map_err(|e| format!("{}: {e}", scenario.name))?;
            runs.push((scenario, run));
        }
    }
    Ok(runs)
}

/// The overrides a command set itself, left out of its headings: with
/// `--vs-expectations` the names `NAME [adaptive]` already say it.
fn set_by(vs_expectations: bool) -> &'static [&'static str] {
    if vs_expectations {
        &["prices.expectations"]
    } else {
        &[]
    }
}

/// Runs `job` on a pool of `threads` workers (`--threads`), or on rayon's
/// default pool (one per core) when none is given.
pub fn with_threads<T: Send>(
    threads: Option<usize>,
    job: impl FnOnce() -> Result<T, String> + Send,
) -> Result<T, String> {
    match threads {
        Some(0) => Err("--threads must be at least 1".into()),
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .map_err(|e| format!("cannot start {n} threads: {e}"))?
            .install(job),
        None => job(),
    }
}

pub fn parse_columns(names: &[String]) -> Result<Vec<Column>, String> {
    if names.len() == 1 && names[0] == "all" {
        return Ok((0..COLUMNS.len()).map(Column).collect());
    }
    names
        .iter()
        .map(|name| {
            let name = name.trim();
            Column::by_name(name).ok_or_else(|| {
                let hint = did_you_mean(name, Column::names()).map(|h| format!("; {h}")).unwrap_or_default();
                format!("--columns: no output column `{name}`{hint} (see MODEL.md section 7)")
            })
        })
        .collect()
}

/// Which columns and rows `run` prints.
pub struct RunSelection {
    pub every: Option<usize>,
    pub columns: Option<Vec<String>>,
    pub no_index: bool,
}

pub fn run(
    reference: &str,
    select: RunSelection,
    options: &ScenarioOptions,
    out: &OutputOptions,
) -> Result<(), String> {
    let (scenario, run) = load(reference, options)?;
    let columns = match select.columns {
        Some(names) => parse_columns(&names)?,
        None if out.format == Format::Table => {
            parse_columns(&TABLE_COLUMNS.iter().map(|s| s.to_string()).collect::<Vec<_>>())?
        }
        None => (0..COLUMNS.len()).map(Column).collect(),
    };
    let every = match select.every {
        Some(0) => return Err("--every must be at least 1".to_string()),
        Some(n) => n,
        None if out.format == Format::Table => ((1.0 / run.dt).round() as usize).max(1),
        None => 1,
    };
    let batch =
        debtlab_table::runs::path(&scenario, &run, &columns, every, !select.no_index).map_err(|e| e.to_string())?;
    let title = match run.solution.iterations() {
        Some(n) => format!("{}\n(rational expectations solved in {n} iterations)", about::described(&scenario)),
        None => about::described(&scenario),
    };
    emit(&render_batch(&batch, out.format, Some(&title), true)?, out.out.as_deref())
}

pub fn claims(
    references: &[String],
    vs_expectations: bool,
    options: &ScenarioOptions,
    out: &OutputOptions,
) -> Result<(), String> {
    let runs = load_all(references, vs_expectations, options)?;
    let headings: Vec<String> = runs.iter().map(|(s, _)| about::heading_hiding(s, set_by(vs_expectations))).collect();
    let batch = debtlab_table::runs::verdicts(&runs).map_err(|e| e.to_string())?;
    let title = format!("claims verdict (deterministic run): {}", headings.join("; "));
    emit(&render_batch(&batch, out.format, Some(&title), false)?, out.out.as_deref())
}

pub fn compare(
    references: &[String],
    column_names: &[String],
    at: &[f64],
    vs_expectations: bool,
    options: &ScenarioOptions,
    out: &OutputOptions,
) -> Result<(), String> {
    let columns = parse_columns(column_names)?;
    let runs = load_all(references, vs_expectations, options)?;
    let batch = debtlab_table::runs::compare_by_scenario(&runs, &columns, at).map_err(|e| format!("--{e}"))?;
    let mut table = Table::from_batch(&batch, false);
    if out.format == Format::Table {
        // The table view has each column's unit after its name; CSV and JSON do not.
        table.header.insert(1, "unit".to_string());
        for row in &mut table.rows {
            let unit = match &row[0] {
                Cell::Text(name) => Column::by_name(name).map_or("", |c| c.spec().unit),
                _ => "",
            };
            row.insert(1, Cell::Text(unit.to_string()));
        }
    }
    let headings: Vec<String> = runs.iter().map(|(s, _)| about::heading_hiding(s, set_by(vs_expectations))).collect();
    let title = format!("values at the step nearest each year: {}", headings.join("; "));
    emit(&table.render(out.format, Some(&title))?, out.out.as_deref())
}
