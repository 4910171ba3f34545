//! `debtlab mc`: Monte Carlo percentiles and claim probabilities, and
//! `debtlab show`: a scenario resolved into one self-contained file.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use debtlab_core::mc::{self, McOptions, McResult, PercentileMode};
use debtlab_core::scenario::export::to_toml;

use crate::commands::parse_columns;
use crate::output::{emit, render_batch, Format};
use crate::{OutputOptions, ScenarioOptions};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PercentileMethod {
    /// Exact when every value fits in 128 MiB (or in less than two sets of
    /// histograms, for long runs), else the histogram sketch.
    Auto,
    Exact,
    Sketch,
}

#[derive(Args)]
pub struct McArgs {
    /// A preset name or a scenario file.
    scenario: String,
    /// Number of paths.
    #[arg(long, default_value_t = 10_000)]
    paths: usize,
    /// Seed of the random streams (path k uses a stream derived from seed and k).
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Worker threads (default: one per core). Results do not depend on it.
    #[arg(long)]
    threads: Option<usize>,
    /// Comma-separated columns to summarise, or `all` [default: debt_gdp, gross_gdp,
    /// real_debt, price_level, inflation, rate_effective, interest_revenue,
    /// unemployment, output_gap, ai_index].
    #[arg(long, value_delimiter = ',')]
    columns: Option<Vec<String>>,
    /// Do not draw the [uncertain] parameters (use their scenario values).
    #[arg(long)]
    no_draws: bool,
    /// Switch the [shocks] off.
    #[arg(long)]
    no_shocks: bool,
    /// The percentiles to report, in percent: a comma-separated list,
    /// increasing, each in (0, 100), e.g. the IMF's fan 10,25,50,75,90.
    /// Columns are named p10, p2.5, ...
    #[arg(long, value_name = "LIST", default_value = "5,25,50,75,95", value_parser = parse_percentiles)]
    percentiles: Levels,
    /// How percentiles are computed.
    #[arg(long, value_enum, default_value_t = PercentileMethod::Auto)]
    percentile_method: PercentileMethod,
    /// Largest memory the run may take, MiB (all threads); a run that would
    /// need more is refused before it starts, with the figure.
    #[arg(long, default_value_t = mc::DEFAULT_MEMORY_BUDGET_BYTES >> 20, value_name = "MIB")]
    max_memory: usize,
    /// Rows of the terminal table: every Nth step (default one a year). CSV and JSON have every step.
    #[arg(long)]
    every: Option<usize>,
    #[command(flatten)]
    scenario_options: ScenarioOptions,
    #[command(flatten)]
    output: OutputOptions,
}

pub fn mc(args: &McArgs) -> Result<(), String> {
    let scenario = args.scenario_options.load(&args.scenario)?;
    let columns = match &args.columns {
        Some(names) => parse_columns(names)?,
        None => parse_columns(&mc::DEFAULT_COLUMNS.map(String::from))?,
    };
    let options = McOptions {
        paths: args.paths,
        seed: args.seed,
        columns,
        draws: !args.no_draws,
        shocks: !args.no_shocks,
        percentiles: args.percentiles.0.clone(),
        percentile_method: match args.percentile_method {
            PercentileMethod::Auto => PercentileMode::Auto,
            PercentileMethod::Exact => PercentileMode::Exact,
            PercentileMethod::Sketch => PercentileMode::Sketch,
        },
    };
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new(args.paths as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} paths ({per_sec}, eta {eta})")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let progress = |done: usize| {
        if let Some(bar) = &bar {
            bar.set_position(done as u64);
        }
    };
    let budget = args.max_memory.checked_mul(1 << 20).ok_or("--max-memory is too large")?;
    let run = || mc::run_within(&scenario, &options, budget, &progress).map_err(|e| format!("{}: {e}", scenario.name));
    let result = crate::commands::with_threads(args.threads, run)?;
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let format = args.output.format;
    let every = match (format, args.every) {
        (_, Some(0)) => return Err("--every must be at least 1".into()),
        (_, Some(n)) => n,
        (Format::Table, None) => ((1.0 / result.dt).round() as usize).max(1),
        _ => 1,
    };
    let solved = match result.rational {
        Some(s) => format!("; rational expectations solved in {:.1} iterations a path (at most {})", s.mean(), s.max),
        None => String::new(),
    };
    let title = format!(
        "{}: {} paths, seed {}, percentiles {}{solved}",
        crate::about::heading(&scenario),
        result.paths,
        result.seed,
        if result.exact { "exact".to_string() } else { sketch_note(&result) }
    );
    let mut batch = debtlab_table::montecarlo::combined(&scenario.name, &result, every).map_err(|e| e.to_string())?;
    if format != Format::Table {
        // The unit of each row is for people; programs read it from `debtlab params --columns`.
        if let Ok(i) = batch.schema().index_of("unit") {
            batch.remove_column(i);
        }
    }
    let text = render_batch(&batch, format, Some(&title), false)?;
    emit(&text, args.output.out.as_deref())
}

/// The levels of `--percentiles`.
#[derive(Debug, Clone)]
pub struct Levels(Vec<f64>);

/// `--percentiles LIST`: numbers, checked by the core's rules. A method name
/// (the flag's meaning before it took a list) points to `--percentile-method`.
fn parse_percentiles(text: &str) -> Result<Levels, String> {
    if PercentileMethod::from_str(text.trim(), true).is_ok() {
        return Err(format!(
            "`{text}` is a method: use --percentile-method {text} (--percentiles takes levels, e.g. 10,25,50,75,90)"
        ));
    }
    let levels = text
        .split(',')
        .enumerate()
        .map(|(i, item)| {
            let item = item.trim();
            item.parse::<f64>().map_err(|_| format!("entry {} (`{item}`) is not a number", i + 1))
        })
        .collect::<Result<Vec<f64>, String>>()?;
    mc::check_percentiles(&levels).map_err(|e| e.to_string().trim_start_matches("percentiles: ").to_string())?;
    Ok(Levels(levels))
}

fn sketch_note(result: &McResult) -> String {
    let bounds: Vec<String> =
        result.columns.iter().map(|c| format!("{} +/-{:.2e}", c.column.name(), c.error_bound)).collect();
    let outside: Vec<String> = result
        .columns
        .iter()
        .filter(|c| !c.outside_range.is_empty())
        .map(|c| format!("{} at steps {:?}", c.column.name(), c.outside_range))
        .collect();
    let warning = if outside.is_empty() {
        String::new()
    } else {
        format!("; WARNING: percentiles outside the histogram range, bound does not hold: {}", outside.join(", "))
    };
    format!("from histograms (error at most: {}){warning}", bounds.join(", "))
}

#[derive(Args)]
pub struct ShowArgs {
    /// A preset name or a scenario file.
    scenario: String,
    #[command(flatten)]
    scenario_options: ScenarioOptions,
    /// Write to this file (whole or not at all) instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    out: Option<PathBuf>,
}

/// Prints the scenario with every parameter resolved (no `extends`).
pub fn show(args: &ShowArgs) -> Result<(), String> {
    let scenario = args.scenario_options.load(&args.scenario)?;
    emit(to_toml(&scenario), args.out.as_deref())
}
