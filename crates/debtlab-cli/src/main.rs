//! `debtlab`: the command line over debtlab-core.

mod commands;
mod output;
mod resolve;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use output::Format;

#[derive(Parser)]
#[command(
    name = "debtlab",
    version,
    about = "Macro-fiscal simulator: does AI productivity deflation fix the US debt?"
)]
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
        /// Comma-separated output columns, or `all`.
        #[arg(long, value_delimiter = ',')]
        columns: Option<Vec<String>>,
        #[command(flatten)]
        scenario_options: ScenarioOptions,
        #[command(flatten)]
        output: OutputOptions,
    },
    /// The verdict on every claim of one or more scenarios.
    Claims {
        #[arg(required = true)]
        scenarios: Vec<String>,
        #[command(flatten)]
        scenario_options: ScenarioOptions,
        #[command(flatten)]
        output: OutputOptions,
    },
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
        #[command(flatten)]
        scenario_options: ScenarioOptions,
        #[command(flatten)]
        output: OutputOptions,
    },
    /// List the embedded presets.
    Presets,
    /// List every parameter: name, default, unit, valid range and doc.
    Params {
        /// Show only names containing this text.
        pattern: Option<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Run {
            scenario,
            every,
            columns,
            scenario_options,
            output,
        } => commands::run(&scenario, every, columns, &scenario_options, &output),
        Command::Claims {
            scenarios,
            scenario_options,
            output,
        } => commands::claims(&scenarios, &scenario_options, &output),
        Command::Compare {
            scenarios,
            columns,
            at,
            scenario_options,
            output,
        } => commands::compare(&scenarios, &columns, &at, &scenario_options, &output),
        Command::Presets => commands::presets(),
        Command::Params { pattern } => commands::params(pattern.as_deref()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}
