//! Pictures: `plot` (scenarios side by side), `fan` (Monte Carlo bands with
//! the actual history), `plot-replay` (the debt-dynamics decomposition as
//! stacked bars) and `report` (one self-contained HTML page), drawn by
//! debtlab-plot. Pictures are PNG or SVG by the file's extension and are
//! written whole or not at all.

use std::path::PathBuf;

use clap::Args;
use debtlab_core::mc::{self, McOptions, McResult, PercentileMode};
use debtlab_core::output::Column;
use debtlab_core::Scenario;
use debtlab_plot::report::{Report, ScenarioReport};
use debtlab_plot::{save, Comparison, DecompositionChart, Fan, Size};

use crate::about;
use crate::commands::parse_columns;
use crate::history::replay::{decomposition, Replay};
use crate::history::Window;
use crate::output::emit;
use crate::resolve::PresetsAndFiles;
use crate::ScenarioOptions;

/// Picture size in pixels.
#[derive(Args, Clone, Debug)]
pub struct SizeOptions {
    /// Width in pixels.
    #[arg(long, default_value_t = 1200)]
    pub width: u32,
    /// Height in pixels.
    #[arg(long, default_value_t = 800)]
    pub height: u32,
}

impl SizeOptions {
    fn size(&self) -> Size {
        Size::new(self.width, self.height)
    }
}

#[derive(Args)]
pub struct PlotArgs {
    /// Preset names or scenario files.
    #[arg(required = true)]
    scenarios: Vec<String>,
    /// Comma-separated output columns, one panel each.
    #[arg(long, value_delimiter = ',', default_value = "debt_gdp,real_debt,price_level")]
    columns: Vec<String>,
    /// The picture: a file ending in .png or .svg.
    #[arg(long, short = 'o', value_name = "FILE")]
    out: PathBuf,
    /// Title above the panels [default: the scenario names, each with its
    /// policy rule and the parameters --set changed].
    #[arg(long)]
    title: Option<String>,
    #[command(flatten)]
    size: SizeOptions,
    #[command(flatten)]
    scenario_options: ScenarioOptions,
}

#[derive(Args)]
pub struct FanArgs {
    /// A preset name or a scenario file.
    scenario: String,
    /// Number of Monte Carlo paths.
    #[arg(long, default_value_t = 2000)]
    paths: usize,
    /// Seed of the random streams.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The output column (debt_gdp is drawn in % of GDP after its actual history).
    #[arg(long, default_value = "debt_gdp")]
    column: String,
    /// First fiscal year of the actual debt/GDP drawn before the start (debt_gdp only).
    #[arg(long, default_value_t = 2000, value_name = "YEAR")]
    history_from: i32,
    /// The picture: a file ending in .png or .svg.
    #[arg(long, short = 'o', value_name = "FILE")]
    out: PathBuf,
    #[command(flatten)]
    size: SizeOptions,
    #[command(flatten)]
    scenario_options: ScenarioOptions,
}

#[derive(Args)]
pub struct ReplayPlotArgs {
    /// A bundled dataset name or a CSV file path, exactly as for `replay`
    /// (us-postwar = FY1946-1974, us-1940-2025, us-1930s, cbo-2025).
    dataset: String,
    #[command(flatten)]
    window: Window,
    /// The picture: a file ending in .png or .svg.
    #[arg(long, short = 'o', value_name = "FILE")]
    out: PathBuf,
    #[command(flatten)]
    size: SizeOptions,
}

#[derive(Args)]
pub struct ReportArgs {
    /// Preset names or scenario files.
    #[arg(required = true)]
    scenarios: Vec<String>,
    /// Also run this many Monte Carlo paths per scenario: claim probabilities and fan charts.
    #[arg(long)]
    paths: Option<usize>,
    /// Seed of the Monte Carlo streams.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Comma-separated columns of the comparison chart.
    #[arg(long, value_delimiter = ',', default_value = "debt_gdp,real_debt,price_level,rate_effective")]
    columns: Vec<String>,
    /// First fiscal year of the actual debt/GDP drawn before the fan charts.
    #[arg(long, default_value_t = 2000, value_name = "YEAR")]
    history_from: i32,
    /// Write the HTML here (whole or not at all) instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    out: Option<PathBuf>,
    #[command(flatten)]
    scenario_options: ScenarioOptions,
}

fn load(reference: &str, options: &ScenarioOptions) -> Result<Scenario, String> {
    options.load(reference)
}

fn monte_carlo(scenario: &Scenario, paths: usize, seed: u64, columns: Vec<Column>) -> Result<McResult, String> {
    let options = McOptions {
        paths,
        seed,
        columns,
        draws: true,
        shocks: true,
        percentiles: debtlab_core::mc::DEFAULT_PERCENTILES.to_vec(),
        percentile_method: PercentileMode::Auto,
    };
    mc::run(scenario, &options, &|_| {}).map_err(|e| format!("{}: {e}", scenario.name))
}

fn one_column(name: &str) -> Result<Column, String> {
    let columns = parse_columns(&[name.to_string()])?;
    match columns.as_slice() {
        [column] => Ok(*column),
        _ => Err("--column takes one output column".to_string()),
    }
}

/// Calendar years of the claims' deadlines, each once.
fn deadlines(scenarios: &[Scenario]) -> Vec<f64> {
    let mut years: Vec<f64> = Vec::new();
    for s in scenarios {
        let start = s.params.constant("run.start_year");
        for c in &s.claims {
            let year = start + c.by;
            if !years.iter().any(|y| (y - year).abs() < 1e-9) {
                years.push(year);
            }
        }
    }
    years
}

pub fn plot(args: &PlotArgs) -> Result<(), String> {
    let columns = parse_columns(&args.columns)?;
    let scenarios = args.scenarios.iter().map(|r| load(r, &args.scenario_options)).collect::<Result<Vec<_>, _>>()?;
    let runs =
        scenarios.iter().map(|s| s.run().map_err(|e| format!("{}: {e}", s.name))).collect::<Result<Vec<_>, _>>()?;
    let named: Vec<(&str, &debtlab_core::Run)> = scenarios.iter().map(|s| s.name.as_str()).zip(&runs).collect();
    let title = args.title.clone().unwrap_or_else(|| {
        let names: Vec<String> = scenarios.iter().map(about::short).collect();
        names.join(" vs ")
    });
    let chart = Comparison::from_runs(&title, &named, &columns, deadlines(&scenarios));
    save(&chart, &args.out, args.size.size()).map_err(|e| e.to_string())
}

pub fn fan(args: &FanArgs) -> Result<(), String> {
    let scenario = load(&args.scenario, &args.scenario_options)?;
    let column = one_column(&args.column)?;
    let result = monte_carlo(&scenario, args.paths, args.seed, vec![column])?;
    let fan = if column.name() == "debt_gdp" {
        Fan::debt_gdp(
            &format!("{}: debt held by the public / GDP", about::short(&scenario)),
            &result,
            args.history_from,
        )
        .map_err(|e| e.to_string())?
    } else {
        let unit = column.spec().unit;
        let y_title = if unit.is_empty() { column.name().to_string() } else { format!("{} ({unit})", column.name()) };
        Fan::from_mc(&format!("{}: {}", about::short(&scenario), column.name()), &result, column, 1.0, &y_title)
            .ok_or_else(|| format!("no summary of `{}`", column.name()))?
    };
    save(&fan, &args.out, args.size.size()).map_err(|e| e.to_string())
}

/// The chart of what `replay` prints: the same data, read by the same function.
pub fn plot_replay(args: &ReplayPlotArgs) -> Result<(), String> {
    let (h, replay) = decomposition(&args.dataset, &args.window)?;
    let title = |from: i32, to: i32| format!("Change in debt/GDP, {}, FY{from}-FY{to}", h.dataset);
    let chart = match &replay {
        Replay::Full(dec) => DecompositionChart::from_decomposition(&title(dec.from, dec.to), dec),
        Replay::Nominal(dec) => DecompositionChart::from_decomposition(&title(dec.from, dec.to), dec),
    };
    save(&chart, &args.out, args.size.size()).map_err(|e| e.to_string())
}

pub fn report(args: &ReportArgs) -> Result<(), String> {
    let columns = parse_columns(&args.columns)?;
    if args.paths == Some(0) {
        return Err("--paths must be at least 1".to_string());
    }
    let baseline = debtlab_core::load("baseline", &PresetsAndFiles, &[]).map_err(|e| e.to_string())?;
    let debt_gdp = one_column("debt_gdp")?;
    let mut scenarios = Vec::new();
    for reference in &args.scenarios {
        let scenario = load(reference, &args.scenario_options)?;
        let mc = match args.paths {
            Some(paths) => Some(monte_carlo(&scenario, paths, args.seed, vec![debt_gdp])?),
            None => None,
        };
        let mut report = ScenarioReport::new(&scenario, &baseline, mc).map_err(|e| e.to_string())?;
        // Named as it ran: with the parameters --set changed, if any.
        report.name = about::name(&scenario, &[]);
        scenarios.push(report);
    }
    let postwar = debtlab_data::history(debtlab_data::US_POSTWAR).map_err(|e| e.to_string())?;
    let (from, to) = debtlab_data::POSTWAR_YEARS;
    let history = debtlab_data::decompose(&postwar, from, to).map_err(|e| e.to_string())?;
    let mut command = vec!["debtlab".to_string()];
    command.extend(std::env::args().skip(1));
    let report = Report {
        scenarios,
        columns,
        history: Some(history),
        history_from: args.history_from,
        version: env!("CARGO_PKG_VERSION").to_string(),
        command: command.join(" "),
    };
    let html = report.to_html().map_err(|e| e.to_string())?;
    emit(&html, args.out.as_deref())
}

/// The chart of `shocks backtest --chart`: each start year's fan at its end
/// year (5-95% and 25-75% bands, median) and the realised debt/GDP.
pub fn coverage_chart(
    bt: &debtlab_data::shocks_backtest::FanBacktest,
    dataset: &str,
    path: &std::path::Path,
) -> Result<(), String> {
    let (c50, c90) = bt.coverage();
    let fan = Fan {
        title: format!(
            "{dataset}: debt/GDP {} years on, fan vs realised (coverage {:.0}% / {:.0}%)",
            bt.horizon,
            c50 * 100.0,
            c90 * 100.0
        ),
        y_title: "debt/GDP at the window's end (%)".into(),
        years: bt.rows.iter().map(|r| f64::from(r.end)).collect(),
        percentiles: bt.rows.iter().map(|r| r.bands.map(|b| b * 100.0)).collect(),
        history: bt.rows.iter().map(|r| (f64::from(r.end), r.actual * 100.0)).collect(),
        deadlines: Vec::new(),
        note: format!(
            "{} paths per start year, seed {}; bands: 5-95% and 25-75% of paths; history = realised",
            bt.paths, bt.seed
        ),
    };
    save(&fan, path, Size::new(1200, 700)).map_err(|e| e.to_string())
}
