//! `debtlab`: the command line over debtlab-core.

mod about;
mod analysis;
mod catalog;
mod commands;
mod explain;
mod history;
mod montecarlo;
mod output;
mod plot;
mod resolve;
mod serve;
mod shocks;
mod shocks_backtest;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use output::Format;

#[derive(Parser)]
#[command(name = "debtlab", version, about = "Macro-fiscal simulator: does AI productivity deflation fix the US debt?")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Options shared by the commands that load scenarios.
#[derive(Args, Clone)]
pub struct ScenarioOptions {
    /// Override any parameter: `--set dotted.name=value` (repeatable).
    #[arg(long = "set", value_name = "NAME=VALUE")]
    pub sets: Vec<String>,
}

impl ScenarioOptions {
    /// Loads `reference` with the `--set` overrides, and warns on stderr of
    /// each override that changes nothing in the run, with the reason
    /// ([`debtlab_core::analysis::inert`]): a silent no-op reads as "the
    /// parameter does not matter" when the truth is "this rule does not read it".
    pub fn load(&self, reference: &str) -> Result<debtlab_core::Scenario, String> {
        let scenario =
            debtlab_core::load(reference, &resolve::PresetsAndFiles, &self.sets).map_err(|e| e.to_string())?;
        let inert =
            debtlab_core::analysis::inert::inert_overrides(&scenario, reference, &resolve::PresetsAndFiles, &self.sets);
        for i in inert {
            eprintln!(
                "warning: --set {} has no effect on {reference}: {}",
                debtlab_core::scenario::error::clip(&i.item),
                i.reason
            );
        }
        Ok(scenario)
    }
}

/// Where and how to write a result.
#[derive(Args, Clone)]
pub struct OutputOptions {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write to this file (whole or not at all) instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Run one scenario and print its path.
    Run {
        /// A preset name (see `debtlab presets`) or a scenario file.
        scenario: String,
        /// Print every Nth step (default: one row a year for tables, every step otherwise).
        #[arg(long)]
        every: Option<usize>,
        /// Comma-separated output columns, or `all` (names, units and
        /// meanings: `debtlab params --columns`). Every row starts with
        /// `step` and `year` unless --no-index.
        #[arg(long, value_delimiter = ',')]
        columns: Option<Vec<String>>,
        /// Leave out the `step` and `year` columns that otherwise start every
        /// row: print only the --columns chosen, in their order.
        #[arg(long)]
        no_index: bool,
        #[command(flatten)]
        scenario_options: ScenarioOptions,
        #[command(flatten)]
        output: OutputOptions,
    },
    /// The verdict on every claim of one or more scenarios.
    Claims {
        #[arg(required = true)]
        scenarios: Vec<String>,
        /// Run every scenario twice, under adaptive and under rational
        /// expectations (MODEL.md 3.10), side by side as NAME [adaptive] and NAME [rational].
        #[arg(long)]
        vs_expectations: bool,
        #[command(flatten)]
        scenario_options: ScenarioOptions,
        #[command(flatten)]
        output: OutputOptions,
    },
    /// Where the verdict comes from: debt/GDP at chosen years split into the
    /// IMF parts (interest, inflation, real growth, revenue, each spending
    /// line, other financing), against another scenario with --against, and
    /// how much debt/GDP moves when each named mechanism is switched off alone.
    Attribute(explain::AttributeArgs),
    /// Accuracy in dt: a metric at chosen years at dt, dt/2 and dt/4, and the
    /// Richardson estimate of its dt -> 0 limit.
    Convergence(explain::ConvergenceArgs),
    /// Chosen columns of several scenarios side by side at chosen years.
    Compare {
        #[arg(required = true)]
        scenarios: Vec<String>,
        /// Comma-separated output columns.
        #[arg(
            long,
            value_delimiter = ',',
            default_value = "debt_gdp,gross_gdp,real_debt,price_level,rate_effective,unemployment"
        )]
        columns: Vec<String>,
        /// Comma-separated years since the start (a value of 1800 or more is a calendar year).
        #[arg(long, value_delimiter = ',', default_value = "0,3,5,10")]
        at: Vec<f64>,
        /// Run every scenario twice, under adaptive and under rational
        /// expectations (MODEL.md 3.10), side by side as NAME [adaptive] and NAME [rational].
        #[arg(long)]
        vs_expectations: bool,
        #[command(flatten)]
        scenario_options: ScenarioOptions,
        #[command(flatten)]
        output: OutputOptions,
    },
    /// Monte Carlo: percentiles of chosen columns at every step and the probability of every claim.
    Mc(montecarlo::McArgs),
    /// Print a scenario with every parameter resolved, as one self-contained TOML file.
    Show(montecarlo::ShowArgs),
    /// List the embedded presets.
    Presets {
        #[command(flatten)]
        output: OutputOptions,
    },
    /// List every parameter: name, default, unit, valid range and doc; with
    /// --columns, every output column: name, unit and doc.
    Params(catalog::ParamsArgs),
    /// Split each year's change in debt/GDP into interest, inflation, real
    /// growth, primary deficit and residual (points of GDP).
    ///
    /// DATASET is a bundled name (us-postwar = FY1946-1974, us-1940-2025,
    /// us-1930s, cbo-2025) or a plain CSV file `year,debt,gdp[,price_index,
    /// interest,surplus]`: debt held by the public at the end of the year,
    /// nominal GDP, a GDP price index (any base), interest outlays and the
    /// overall surplus (negative = deficit), dollars in one unit (billions
    /// unless `# column: NAME | USD million | ...` comments say otherwise).
    /// Without a price index or interest only the nominal split (nominal
    /// growth, overall deficit, residual) is possible, as for us-1930s.
    ///
    /// CSV and JSON have one row per year; the table view adds a last row,
    /// `sum`, with the sums over the window.
    Replay {
        /// A bundled dataset name or a CSV file path.
        dataset: String,
        #[command(flatten)]
        window: history::Window,
        #[command(flatten)]
        output: OutputOptions,
    },
    /// Feed the actual interest rates, nominal GDP growth and primary
    /// balances through the model's debt identity and compare its debt/GDP
    /// with the actual, year by year.
    ///
    /// DATASET as for `replay` (default us-1940-2025; needs interest and the
    /// surplus). Default window: from 1990 (or the first year) to the last.
    Backtest {
        /// A bundled dataset name or a CSV file path (default us-1940-2025).
        dataset: Option<String>,
        #[command(flatten)]
        window: history::Window,
        /// Feed the actual stock-flow adjustment too (debt change the
        /// deficit does not explain): the model should then match exactly.
        /// In the table view a gap within 1e-9 of the debt/GDP it compares
        /// (floating-point rounding) prints as 0; CSV and JSON keep the
        /// exact value.
        #[arg(long)]
        with_sfa: bool,
        #[command(flatten)]
        output: OutputOptions,
    },
    /// The watch-list of the seed articles: prices vs productivity, interest
    /// vs defense and vs revenue, interest/GDP, r - g; latest value, 1- and
    /// 5-year change and a plain reading.
    ///
    /// Without FILES, from the bundled us-1940-2025 data (OMB to FY2022, then
    /// CBO and Monthly Treasury Statement actuals to FY2025). FILES are FRED
    /// CSV downloads (calendar-year averages; stocks at year end); known
    /// series ids: CPIAUCSL, GDPDEF (prices), OPHNFB (productivity), FDEFX
    /// (defense), A091RC1Q027SBEA (interest), FGRECPT (receipts), GFDEBTN
    /// (debt), GDP (nominal GDP), FYONGDA188S (interest/GDP). An indicator
    /// whose series are all in FILES is computed from them; the others come
    /// from the bundled data.
    Track {
        /// FRED CSV downloads (one or more series ids per file).
        files: Vec<PathBuf>,
        #[command(flatten)]
        output: OutputOptions,
    },
    /// A scenario (default: baseline) beside CBO's January 2025 baseline,
    /// FY2026-2035, on the five series of MODEL.md section 8 at once:
    /// debt/GDP and its change since FY2026, net interest/GDP, revenue/GDP,
    /// the primary deficit/GDP and nominal GDP growth; model, CBO, gap and
    /// tolerance.
    Calibrate {
        /// A preset name or a scenario file.
        #[arg(default_value = "baseline")]
        scenario: String,
        #[command(flatten)]
        scenario_options: ScenarioOptions,
        #[command(flatten)]
        output: OutputOptions,
    },
    /// One-at-a-time tornado: each parameter to the ends of its distribution
    /// (5th and 95th percentiles) or -/+ a percentage, ranked by the swing of
    /// a metric at a year.
    Sensitivity(analysis::SensitivityArgs),
    /// Variance-based (Sobol) first- and total-order indices of a metric at a
    /// year over the scenario's [uncertain] parameters, with bootstrap 95% intervals.
    Sobol(analysis::SobolArgs),
    /// The value of a parameter at which a claim just holds (grid scan, then
    /// Brent's method); with two --vary, the frontier. A target no value meets
    /// is reported with the closest value reached (exit 0).
    Solve(analysis::SolveArgs),
    /// Draw chosen columns of one or more scenarios, one panel per column,
    /// with the claims' deadline marked: PNG or SVG by the extension of -o.
    Plot(plot::PlotArgs),
    /// Fan chart of one column over Monte Carlo paths (median, 25-75% and
    /// 5-95% bands); debt_gdp is drawn in % of GDP after its actual history.
    Fan(plot::FanArgs),
    /// The replay decomposition as stacked bars per year, with the change in
    /// debt/GDP as a line: any DATASET `replay` accepts, bundled or a CSV file.
    PlotReplay(plot::ReplayPlotArgs),
    /// One self-contained HTML page: verdicts (and, with --paths,
    /// probabilities), charts, assumptions that differ from baseline, a
    /// summary computed from the runs, and the versions, hashes and seed.
    Report(plot::ReportArgs),
    /// Serve the JSON API (/api/, described at /api/openapi.json) and an
    /// offline page to explore scenarios in a browser.
    Serve(serve::ServeArgs),
    /// Uncertainty from history: `estimate` the [shocks] table from the
    /// bundled OMB data (or a CSV), and `backtest` the fan against history.
    #[command(subcommand)]
    Shocks(shocks::ShocksCommand),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Run { scenario, every, columns, no_index, scenario_options, output } => {
            let select = commands::RunSelection { every, columns, no_index };
            commands::run(&scenario, select, &scenario_options, &output)
        }
        Command::Claims { scenarios, vs_expectations, scenario_options, output } => {
            commands::claims(&scenarios, vs_expectations, &scenario_options, &output)
        }
        Command::Compare { scenarios, columns, at, vs_expectations, scenario_options, output } => {
            commands::compare(&scenarios, &columns, &at, vs_expectations, &scenario_options, &output)
        }
        Command::Mc(args) => montecarlo::mc(&args),
        Command::Attribute(args) => explain::attribute_command(&args),
        Command::Convergence(args) => explain::convergence_command(&args),
        Command::Show(args) => montecarlo::show(&args),
        Command::Sensitivity(args) => analysis::sensitivity(&args),
        Command::Sobol(args) => analysis::sobol(&args),
        Command::Solve(args) => analysis::solve(&args),
        Command::Presets { output } => catalog::presets(&output),
        Command::Params(args) => catalog::params(&args),
        Command::Replay { dataset, window, output } => history::replay(&dataset, &window, &output),
        Command::Backtest { dataset, window, with_sfa, output } => {
            history::backtest(dataset.as_deref(), &window, with_sfa, &output)
        }
        Command::Track { files, output } => history::track(&files, &output),
        Command::Plot(args) => plot::plot(&args),
        Command::Fan(args) => plot::fan(&args),
        Command::PlotReplay(args) => plot::plot_replay(&args),
        Command::Report(args) => plot::report(&args),
        Command::Serve(args) => serve::serve(&args),
        Command::Shocks(command) => shocks::shocks(&command),
        Command::Calibrate { scenario, scenario_options, output } => {
            history::calibrate(&scenario, &scenario_options, &output)
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}
