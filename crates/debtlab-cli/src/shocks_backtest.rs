//! `debtlab shocks backtest`: the coverage table of
//! [`debtlab_data::shocks_backtest`], with an optional chart.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use debtlab_data::shocks_backtest::{fan_backtest, FanBacktest, Means};

use crate::history::load_history;
use crate::output::{emit, Cell, Format, Table};
use crate::OutputOptions;

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum MeansArg {
    /// The means of the 10 years up to the start year: what was known then,
    /// so the realised path is out of sample.
    Trailing,
    /// The forecast window's own means, which already contain the outcome:
    /// a check of the shocks' size given the era, not a forecast test.
    Window,
}

#[derive(Args)]
pub struct BacktestArgs {
    /// A bundled history (`us-1940-2025`, the default) or a CSV file as `replay` reads.
    #[arg(default_value = "us-1940-2025")]
    pub dataset: String,
    /// First start year.
    #[arg(long, value_name = "YEAR", default_value_t = 1950)]
    pub from: i32,
    /// Last start year (its window must end by the last year with data).
    #[arg(long, value_name = "YEAR", default_value_t = 2012)]
    pub to: i32,
    /// Years from each start year to the end of its fan.
    #[arg(long, default_value_t = 10)]
    pub horizon: usize,
    /// Paths per start year.
    #[arg(long, default_value_t = 2000)]
    pub paths: usize,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Which means centre the paths.
    #[arg(long, value_enum, default_value_t = MeansArg::Trailing)]
    pub means: MeansArg,
    /// The shock table's sample (default: the estimate's default window of the same data).
    #[arg(long, value_name = "YEAR")]
    pub estimate_from: Option<i32>,
    #[arg(long, value_name = "YEAR")]
    pub estimate_to: Option<i32>,
    /// Draw the fans' 90% and 50% bands at each start year's end with the
    /// realised debt/GDP: PNG or SVG by the extension.
    #[arg(long, value_name = "FILE")]
    pub chart: Option<PathBuf>,
    #[command(flatten)]
    pub output: OutputOptions,
}

pub fn backtest(args: &BacktestArgs) -> Result<(), String> {
    let h = load_history(&args.dataset)?;
    let est =
        debtlab_data::shocks_estimate::estimate(&h, args.estimate_from, args.estimate_to).map_err(|e| e.to_string())?;
    let means = match args.means {
        MeansArg::Window => Means::Window,
        MeansArg::Trailing => Means::Trailing(10),
    };
    let bt = fan_backtest(&h, &est, (args.from, args.to, 1), args.horizon, args.paths, args.seed, means)
        .map_err(|e| e.to_string())?;
    let header = ["start", "end", "start_debt_gdp", "actual", "p5", "p25", "p50", "p75", "p95", "in_50", "in_90"];
    let pct = |x: f64| Cell::Number(x * 100.0);
    let rows = bt
        .rows
        .iter()
        .map(|r| {
            let mut row =
                vec![Cell::Integer(r.start.into()), Cell::Integer(r.end.into()), pct(r.start_debt_gdp), pct(r.actual)];
            row.extend(r.bands.iter().map(|&b| pct(b)));
            row.push(Cell::Text(if r.inside50 { "yes" } else { "no" }.into()));
            row.push(Cell::Text(if r.inside90 { "yes" } else { "no" }.into()));
            row
        })
        .collect();
    let table = Table::new(header, rows);
    let title = format!(
        "shocks backtest {}: debt/GDP (percent) {} years after each start year, {} paths of the IMF reduced form \
         d_t = d_(t-1) (1 + i)/((1 + g)(1 + pi)) - pb, {} means, shocks estimated on FY{}-{}, seed {}",
        h.dataset,
        bt.horizon,
        bt.paths,
        match args.means {
            MeansArg::Window => "window",
            MeansArg::Trailing => "trailing 10-year",
        },
        est.from,
        est.to,
        bt.seed
    );
    let mut text = table.render(args.output.format, Some(&title))?;
    if args.output.format == Format::Table {
        text.push_str(&summary(&bt));
    }
    if let Some(path) = &args.chart {
        crate::plot::coverage_chart(&bt, &h.dataset, path)?;
    }
    emit(&text, args.output.out.as_deref())
}

/// The coverage lines.
pub fn summary(bt: &FanBacktest) -> String {
    let (c50, c90) = bt.coverage();
    let n = bt.rows.len();
    format!(
        "coverage: {:.1}% of {n} start years inside the 50% band, {:.1}% inside the 90% band (goal 50% and 90%)\n\
         the windows overlap ({} years each), so they are about {} independent tests, not {n}\n",
        c50 * 100.0,
        c90 * 100.0,
        bt.horizon,
        n.div_ceil(bt.horizon.max(1))
    )
}
