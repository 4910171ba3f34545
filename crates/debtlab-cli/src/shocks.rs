//! `debtlab shocks`: `estimate` (the `[shocks]` table from history,
//! [`debtlab_data::shocks_estimate`]) and `backtest` (the fan against history,
//! [`debtlab_data::shocks_backtest`]).

use clap::{Args, Subcommand};
use debtlab_data::shocks_estimate::{estimate, ShockEstimate};

use crate::history::load_history;
use crate::output::{emit, Cell, Format, Table};
use crate::OutputOptions;

#[derive(Subcommand)]
pub enum ShocksCommand {
    /// Estimate the standard deviations, persistence and correlation of the
    /// annual innovations (AR(1) residuals) in real growth, inflation, the
    /// effective interest rate and the primary balance, and print them as a
    /// scenario's `[shocks]` table (MODEL.md section 5.5).
    Estimate(EstimateArgs),
    /// The fan against history: for each start year, 10-year debt/GDP paths
    /// from the debt-dynamics identity with that era's means and the
    /// estimated shocks; how often the realised path ended inside the 50%
    /// and 90% bands.
    Backtest(crate::shocks_backtest::BacktestArgs),
}

#[derive(Args)]
pub struct EstimateArgs {
    /// A bundled history (`us-1940-2025`, the default) or a CSV file with
    /// columns year,debt,gdp,price_index,interest,surplus (as `replay` reads).
    #[arg(default_value = "us-1940-2025")]
    pub dataset: String,
    /// First innovation year (default 1948: the war years are left out).
    #[arg(long, value_name = "YEAR")]
    pub from: Option<i32>,
    /// Last innovation year (default: the last year with all four series).
    #[arg(long, value_name = "YEAR")]
    pub to: Option<i32>,
    /// Print only the `[shocks]` table, ready to paste into a scenario.
    #[arg(long)]
    pub toml: bool,
    #[command(flatten)]
    pub output: OutputOptions,
}

pub fn shocks(command: &ShocksCommand) -> Result<(), String> {
    match command {
        ShocksCommand::Estimate(args) => estimate_command(args),
        ShocksCommand::Backtest(args) => crate::shocks_backtest::backtest(args),
    }
}

/// The estimate of `dataset` over the window, as an error message on failure.
pub fn load_estimate(dataset: &str, from: Option<i32>, to: Option<i32>) -> Result<ShockEstimate, String> {
    let h = load_history(dataset)?;
    estimate(&h, from, to).map_err(|e| e.to_string())
}

fn estimate_command(args: &EstimateArgs) -> Result<(), String> {
    let est = load_estimate(&args.dataset, args.from, args.to)?;
    if args.toml {
        return emit(est.to_toml(), args.output.out.as_deref());
    }
    let header = [
        "series",
        "shock",
        "mean",
        "ar1",
        "innovation_sd",
        "corr_real_growth",
        "corr_inflation",
        "corr_effective_rate",
        "corr_primary_balance",
    ];
    let rows = est
        .fits
        .iter()
        .enumerate()
        .map(|(k, f)| {
            let mut row = vec![
                Cell::Text(f.name.to_string()),
                Cell::Text(f.shock.to_string()),
                Cell::Number(f.mean),
                Cell::Number(f.ar),
                Cell::Number(f.sd),
            ];
            row.extend(est.correlation[k].iter().map(|&c| Cell::Number(c)));
            row
        })
        .collect();
    let table = Table::new(header, rows);
    let title = format!(
        "shocks estimate {}: AR(1) per series, innovations FY{}-{} ({} years); decimals (0.01 = 1 point)",
        est.dataset, est.from, est.to, est.years
    );
    let mut text = table.render(args.output.format, Some(&title))?;
    if args.output.format == Format::Table {
        text.push_str("\n");
        text.push_str(&est.to_toml());
    }
    emit(&text, args.output.out.as_deref())
}
