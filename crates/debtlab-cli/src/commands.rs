//! The commands: each loads scenarios through the core library, builds a
//! table and hands it to the output module.

use debtlab_core::claims::judge_all;
use debtlab_core::output::{Column, COLUMNS};
use debtlab_core::scenario::error::did_you_mean;
use debtlab_core::{Run, Scenario};

use crate::about;
use crate::output::{emit, Cell, Format, Table};
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

/// The columns `step` and `year` that label every row of a run.
const INDEX: [&str; 2] = ["step", "year"];

/// `columns` with `step` and `year` first (each once), unless `no_index`:
/// then exactly `columns`.
pub fn with_index(columns: Vec<Column>, no_index: bool) -> Vec<Column> {
    if no_index {
        return columns;
    }
    let index: Vec<Column> = INDEX.iter().filter_map(|name| Column::by_name(name)).collect();
    index.iter().copied().chain(columns.into_iter().filter(|c| !index.contains(c))).collect()
}

fn number_cell(column: Column, value: f64) -> Cell {
    if column.name() == "step" {
        Cell::Integer(value as i64)
    } else {
        Cell::Number(value)
    }
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
    let columns = with_index(columns, select.no_index);
    let every = match select.every {
        Some(0) => return Err("--every must be at least 1".to_string()),
        Some(n) => n,
        None if out.format == Format::Table => ((1.0 / run.dt).round() as usize).max(1),
        None => 1,
    };
    let rows = run
        .rows
        .iter()
        .step_by(every)
        .map(|row| columns.iter().map(|&c| number_cell(c, row.get(c))).collect())
        .collect();
    let table = Table::new(columns.iter().map(|c| c.name()), rows).with_units(columns.iter().map(|c| c.spec().unit));
    let title = about::described(&scenario);
    emit(&table.render(out.format, Some(&title))?, out.out.as_deref())
}

pub fn claims(references: &[String], options: &ScenarioOptions, out: &OutputOptions) -> Result<(), String> {
    let header = ["scenario", "claim", "test", "year", "value", "threshold", "verdict", "dt"];
    let mut rows = Vec::new();
    let mut headings = Vec::new();
    for reference in references {
        let (scenario, run) = load(reference, options)?;
        headings.push(about::heading(&scenario));
        for v in judge_all(&scenario.claims, &run) {
            rows.push(vec![
                Cell::Text(scenario.name.clone()),
                Cell::Text(v.claim.name.clone()),
                Cell::Text(v.claim.describe()),
                Cell::Number(v.year),
                Cell::Number(v.value),
                Cell::Number(v.threshold),
                Cell::Bool(v.holds),
                Cell::Number(run.dt),
            ]);
        }
    }
    let table = Table::new(header, rows);
    let title = format!("claims verdict (deterministic run): {}", headings.join("; "));
    emit(&table.render(out.format, Some(&title))?, out.out.as_deref())
}

pub fn compare(
    references: &[String],
    column_names: &[String],
    at: &[f64],
    options: &ScenarioOptions,
    out: &OutputOptions,
) -> Result<(), String> {
    let columns = parse_columns(column_names)?;
    let runs = references.iter().map(|r| load(r, options)).collect::<Result<Vec<_>, _>>()?;
    // The table view has each column's unit after its name; CSV and JSON do not.
    let units = out.format == Format::Table;
    let mut header = vec!["column".to_string(), "year".to_string()];
    if units {
        header.insert(1, "unit".to_string());
    }
    header.extend(runs.iter().map(|(s, _)| s.name.clone()));
    let mut rows = Vec::new();
    for &column in &columns {
        for &when in at {
            let mut row = vec![Cell::Text(column.name().to_string())];
            if units {
                row.push(Cell::Text(column.spec().unit.to_string()));
            }
            let mut year = None;
            for (scenario, run) in &runs {
                let years_since = if when >= 1800.0 { when - run.start_year } else { when };
                let last = run.rows.len() - 1;
                let step = (years_since / run.dt).round();
                if !(0.0..=last as f64).contains(&step) {
                    return Err(format!(
                        "--at {when}: outside the run of `{}` ({} to {})",
                        scenario.name, run.rows[0].year, run.rows[last].year
                    ));
                }
                let r = &run.rows[step as usize];
                year.get_or_insert(r.year);
                row.push(number_cell(column, r.get(column)));
            }
            row.insert(row.len() - runs.len(), Cell::Number(year.unwrap_or(when)));
            rows.push(row);
        }
    }
    let headings: Vec<String> = runs.iter().map(|(s, _)| about::heading(s)).collect();
    let title = format!("values at the step nearest each year: {}", headings.join("; "));
    emit(&Table::new(header, rows).render(out.format, Some(&title))?, out.out.as_deref())
}
