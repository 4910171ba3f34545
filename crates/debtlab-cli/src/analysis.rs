//! `debtlab sensitivity` (tornado), `debtlab sobol` (variance-based indices)
//! and `debtlab solve` (the value of a parameter at which a claim just holds),
//! over `debtlab_core::analysis`.
//!
//! A target that no value in the range meets is an answer, not an error:
//! `solve` reports the closest value reached and exits 0. Bad input (unknown
//! metric or parameter, a range outside the valid one) exits 2.

use clap::Args;
use debtlab_core::analysis::solve::{self, Outcome, Solution};
use debtlab_core::analysis::{parse_metric, sobol, tornado, AnalysisError};
use debtlab_core::Scenario;

use crate::about;
use crate::output::{emit, pretty_number, Cell, Format, Table};
use crate::{OutputOptions, ScenarioOptions};

fn load(reference: &str, options: &ScenarioOptions) -> Result<Scenario, String> {
    options.load(reference)
}

fn fail(scenario: &Scenario) -> impl Fn(AnalysisError) -> String + '_ {
    move |e| match e {
        AnalysisError::Input(message) => message,
        other => format!("{}: {other}", scenario.name),
    }
}

fn metric(name: &str) -> Result<debtlab_core::Column, String> {
    parse_metric(name).map_err(|e| format!("--metric: {e}"))
}

fn number(value: Option<f64>) -> Cell {
    value.map_or(Cell::Empty, Cell::Number)
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

#[derive(Args)]
pub struct SensitivityArgs {
    /// A preset name or a scenario file.
    scenario: String,
    /// The output column to read.
    #[arg(long, default_value = "debt_gdp")]
    metric: String,
    /// Years after the start at which to read it (the nearest step).
    #[arg(long, default_value_t = 3.0)]
    at: f64,
    /// Comma-separated parameters to move, or `all` (default: the scenario's
    /// [uncertain] parameters). One with a distribution goes to its 5th and
    /// 95th percentiles; the others by -/+ --pct.
    #[arg(long, value_delimiter = ',')]
    params: Option<Vec<String>>,
    /// Percentage move of a parameter without a distribution.
    #[arg(long, default_value_t = 10.0)]
    pct: f64,
    /// Also draw the tornado chart to this file (.png or .svg).
    #[arg(long, value_name = "FILE")]
    plot: Option<std::path::PathBuf>,
    #[command(flatten)]
    scenario_options: ScenarioOptions,
    #[command(flatten)]
    output: OutputOptions,
}

/// One-at-a-time tornado, ranked by the absolute swing of the metric.
pub fn sensitivity(args: &SensitivityArgs) -> Result<(), String> {
    let scenario = load(&args.scenario, &args.scenario_options)?;
    let column = metric(&args.metric)?;
    let t = tornado::tornado(&scenario, column, args.at, args.params.as_deref(), args.pct).map_err(fail(&scenario))?;
    let names =
        ["parameter", "low", "high", "metric_low", "metric_high", "swing", "base", "base_value", "rule", "note"];
    let rows = t
        .bars
        .iter()
        .map(|b| {
            vec![
                text(&b.name),
                Cell::Number(b.low),
                Cell::Number(b.high),
                number(b.metric_low),
                number(b.metric_high),
                number(b.swing),
                Cell::Number(t.base),
                Cell::Number(b.base),
                text(&b.rule),
                text(&b.note),
            ]
        })
        .collect();
    let title = format!(
        "{}: tornado of {} at year {} ({:.2}, step {}), base {}",
        about::heading(&scenario),
        column.name(),
        args.at,
        t.probe.year,
        t.probe.step,
        pretty_number(t.base),
    );
    if let Some(path) = &args.plot {
        let mut bars: Vec<debtlab_plot::TornadoBar> = t
            .bars
            .iter()
            .filter_map(|b| {
                let (low, high) = b.metric_low.zip(b.metric_high)?;
                Some(debtlab_plot::TornadoBar { name: b.name.clone(), low, high })
            })
            .collect();
        // Widest first; a chart of 94 bars has unreadable labels, so it shows
        // the widest PLOTTED_BARS and says so, and grows with its rows.
        bars.sort_by(|a, b| (b.high - b.low).abs().total_cmp(&(a.high - a.low).abs()));
        let total = bars.len();
        bars.truncate(PLOTTED_BARS);
        let shown = if total > PLOTTED_BARS {
            format!("the {PLOTTED_BARS} widest of {total} swings (the table lists all); ")
        } else {
            String::new()
        };
        let height = (220 + 24 * bars.len()).max(700) as u32;
        let chart = debtlab_plot::Tornado {
            title: format!("{}: what moves {} at year {}", about::short(&scenario), column.name(), args.at),
            metric: format!("{} ({})", column.name(), column.spec().unit),
            base: t.base,
            bars,
            note: format!(
                "{shown}each parameter at its 5th and 95th percentile (or -/+{}%); dt = {} yr",
                args.pct, t.dt
            ),
        };
        debtlab_plot::save(&chart, path, debtlab_plot::Size::new(1200, height)).map_err(|e| e.to_string())?;
    }
    let table = Table::new(names, rows);
    emit(&table.render(args.output.format, Some(&title))?, args.output.out.as_deref())
}

#[derive(Args)]
pub struct SobolArgs {
    /// A preset name or a scenario file.
    scenario: String,
    /// The output column to read.
    #[arg(long, default_value = "debt_gdp")]
    metric: String,
    /// Years after the start at which to read it (the nearest step).
    #[arg(long, default_value_t = 3.0)]
    at: f64,
    /// Rows N of the sample matrices A and B: N (k + 2) runs for k parameters.
    /// The default ranks the presets' top three parameters with intervals that
    /// do not overlap (1024 did not: first-order indices summed to 1.22);
    /// a warning says when they do.
    #[arg(long, default_value_t = 4096)]
    samples: usize,
    /// Seed (sample j uses a stream derived from the seed and j).
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Bootstrap resamples for the 95% intervals (0: none).
    #[arg(long, default_value_t = 200)]
    bootstrap: usize,
    /// Worker threads (default: one per core). Results do not depend on it.
    #[arg(long)]
    threads: Option<usize>,
    #[command(flatten)]
    scenario_options: ScenarioOptions,
    #[command(flatten)]
    output: OutputOptions,
}

/// Most bars a tornado chart draws (its labels stay readable).
const PLOTTED_BARS: usize = 40;

/// First- and total-order Sobol indices over the scenario's [uncertain] parameters.
pub fn sobol(args: &SobolArgs) -> Result<(), String> {
    let scenario = load(&args.scenario, &args.scenario_options)?;
    let column = metric(&args.metric)?;
    let run = || {
        sobol::scenario_sobol(&scenario, column, args.at, args.samples, args.seed, args.bootstrap)
            .map_err(fail(&scenario))
    };
    let (probe, result) = crate::commands::with_threads(args.threads, run)?;
    let names = ["parameter", "distribution", "first", "first_lo", "first_hi", "total", "total_lo", "total_hi"];
    let mut rows: Vec<(f64, Vec<Cell>)> = scenario
        .uncertain
        .iter()
        .zip(&result.indices)
        .map(|(u, x)| {
            let ci = |v: f64| if args.bootstrap == 0 { Cell::Empty } else { Cell::Number(v) };
            let row = vec![
                text(&u.name),
                text(u.distribution.describe()),
                Cell::Number(x.first),
                ci(x.first_ci.0),
                ci(x.first_ci.1),
                Cell::Number(x.total),
                ci(x.total_ci.0),
                ci(x.total_ci.1),
            ];
            (x.total, row)
        })
        .collect();
    rows.sort_by(|a, b| b.0.total_cmp(&a.0));
    let title = format!(
        "{}: Sobol indices of {} at year {} ({:.2}, step {}), N = {}, {} runs, seed {}, {} bootstrap resamples \
         (95%), mean {}, variance {:.4e}",
        about::heading(&scenario),
        column.name(),
        args.at,
        probe.year,
        probe.step,
        result.n,
        result.evaluations,
        result.seed,
        result.bootstrap,
        pretty_number(result.mean),
        result.variance,
    );
    let table = Table::new(names, rows.into_iter().map(|(_, r)| r).collect());
    emit(&table.render(args.output.format, Some(&title))?, args.output.out.as_deref())?;
    let parameters: Vec<&str> = scenario.uncertain.iter().map(|u| u.name.as_str()).collect();
    for note in sobol::ranking_warnings(&result, &parameters) {
        eprintln!("warning: {note}");
    }
    Ok(())
}

#[derive(Args)]
pub struct SolveArgs {
    /// A preset name or a scenario file.
    scenario: String,
    /// The parameter to vary: any drawable number, a sector field
    /// (`technology.sectors.NAME.FIELD`) or every sector but `rest` at once
    /// (`technology.sectors.*.FIELD`). Twice for a frontier.
    #[arg(long, required = true, num_args = 1)]
    vary: Vec<String>,
    /// The claim to meet: `METRIC OP VALUE by YEARS`, VALUE a number, `start` or `start*F`.
    #[arg(long)]
    target: String,
    /// Grid points scanned over each range.
    #[arg(long, default_value_t = 21)]
    grid: usize,
    /// `lo,hi` for each --vary in order (default: the valid range).
    #[arg(long, allow_hyphen_values = true)]
    range: Vec<String>,
    /// Also list every grid point scanned (one --vary only).
    #[arg(long)]
    show_grid: bool,
    #[command(flatten)]
    scenario_options: ScenarioOptions,
    #[command(flatten)]
    output: OutputOptions,
}

fn parse_range(text: &str) -> Result<(f64, f64), String> {
    let bad = || format!("--range: `{text}` is not `lo,hi`");
    let (lo, hi) = text.split_once(',').ok_or_else(bad)?;
    Ok((lo.trim().parse().map_err(|_| bad())?, hi.trim().parse().map_err(|_| bad())?))
}

/// The value of one parameter at which a claim just holds, or, for two, the frontier.
pub fn solve(args: &SolveArgs) -> Result<(), String> {
    if args.vary.len() > 2 {
        return Err("--vary takes one parameter, or two for a frontier".into());
    }
    if args.range.len() > args.vary.len() {
        return Err("give at most one --range per --vary".into());
    }
    if args.grid < 2 {
        return Err("--grid must be at least 2".into());
    }
    let scenario = load(&args.scenario, &args.scenario_options)?;
    let claim = solve::parse_target(&args.target).map_err(|e| format!("--target: {e}"))?;
    let mut ranges = [None, None];
    for (slot, text) in ranges.iter_mut().zip(&args.range) {
        *slot = Some(parse_range(text)?);
    }
    let dt = scenario.model_params().run.dt;
    let judged = scenario.model_params().run.start_year
        + debtlab_core::claims::deadline_step(claim.by, dt, usize::MAX) as f64 * dt;
    let lead = format!("{}: {} (judged {judged:.2})", about::heading(&scenario), claim.describe());
    let format = args.output.format;
    let text = if let [first, second] = args.vary.as_slice() {
        let f = solve::frontier(&scenario, [first, second], &claim, ranges, args.grid).map_err(fail(&scenario))?;
        let names = [first.as_str(), second.as_str(), claim.metric.name(), "threshold", "holds", "crossings"];
        let rows = f.rows.iter().map(|(a, s)| frontier_row(*a, s, format)).collect();
        let title = format!("{lead}: where it starts to hold as {second} varies, for each {first}");
        Table::new(names, rows).render(format, Some(&title))?
    } else {
        let (knob, s) =
            solve::solve(&scenario, &args.vary[0], &claim, ranges[0], args.grid).map_err(fail(&scenario))?;
        let names = ["parameter", "value", claim.metric.name(), "threshold", "holds", "status"];
        let title = format!(
            "{lead}: {} scanned over [{}, {}] on {} points{}",
            knob.name,
            short(s.range.0),
            short(s.range.1),
            s.grid.len(),
            if s.failed() > 0 { format!(" ({} runs failed)", s.failed()) } else { String::new() }
        );
        let mut rows = solve_rows(&knob.name, &s);
        if args.show_grid {
            rows.extend(s.grid.iter().map(|g| {
                let (metric, threshold) = (g.result.map(|r| r.0), g.result.map(|r| r.1));
                let holds = g.result.map_or("failed", |(m, t)| if claim.op.holds(m, t) { "yes" } else { "no" });
                vec![
                    text(&knob.name),
                    Cell::Number(g.value),
                    number(metric),
                    number(threshold),
                    text(holds),
                    text("grid"),
                ]
            }));
        }
        let mut out = Table::new(names, rows).render(format, Some(&title))?;
        if format == Format::Table {
            out.push_str(&reading(&knob.name, &s));
        }
        out
    };
    emit(&text, args.output.out.as_deref())
}

fn solve_rows(name: &str, s: &Solution) -> Vec<Vec<Cell>> {
    match &s.outcome {
        Outcome::Crossings(crossings) => crossings
            .iter()
            .map(|c| {
                let side = if c.holds_above { "above" } else { "below" };
                vec![
                    text(name),
                    Cell::Number(c.value),
                    Cell::Number(c.metric),
                    Cell::Number(c.threshold),
                    text(side),
                    text("crossing"),
                ]
            })
            .collect(),
        Outcome::Never { value, metric, threshold } => vec![vec![
            text(name),
            Cell::Number(*value),
            Cell::Number(*metric),
            Cell::Number(*threshold),
            text("never"),
            text("unreachable: closest value shown"),
        ]],
        Outcome::Always => vec![vec![
            text(name),
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            text("always"),
            text("holds over the whole range"),
        ]],
        Outcome::NoRuns => {
            vec![vec![text(name), Cell::Empty, Cell::Empty, Cell::Empty, Cell::Empty, text("every run failed")]]
        }
    }
}

/// A range end without float noise (an open bound moved inward prints as 1e-4, not 0.00009999999999999999).
fn short(value: f64) -> String {
    let text = format!("{value}");
    if text.len() > 12 {
        format!("{value:.6e}").parse::<f64>().map_or(text, |v| format!("{v}"))
    } else {
        text
    }
}

/// One plain sentence under the table.
fn reading(name: &str, s: &Solution) -> String {
    let (lo, hi) = (short(s.range.0), short(s.range.1));
    match &s.outcome {
        Outcome::Crossings(crossings) => crossings
            .iter()
            .map(|c| {
                let side = if c.holds_above { "above" } else { "below" };
                format!("the claim holds just {side} {name} = {} ({} there)\n", c.value, pretty_number(c.metric))
            })
            .collect(),
        Outcome::Never { value, metric, threshold } => format!(
            "no value of {name} in [{lo}, {hi}] makes the claim hold; the closest is {} at {name} = {value} \
             (threshold {})\n",
            pretty_number(*metric),
            pretty_number(*threshold)
        ),
        Outcome::Always => format!("the claim holds for every {name} in [{lo}, {hi}]\n"),
        Outcome::NoRuns => format!("every run failed for {name} in [{lo}, {hi}]\n"),
    }
}

fn frontier_row(a: f64, s: &Solution, format: Format) -> Vec<Cell> {
    let none = || if format == Format::Table { text("none") } else { Cell::Empty };
    match &s.outcome {
        Outcome::Crossings(c) => vec![
            Cell::Number(a),
            Cell::Number(c[0].value),
            Cell::Number(c[0].metric),
            Cell::Number(c[0].threshold),
            text(if c[0].holds_above { "above" } else { "below" }),
            Cell::Integer(c.len() as i64),
        ],
        Outcome::Never { metric, threshold, .. } => {
            vec![
                Cell::Number(a),
                none(),
                Cell::Number(*metric),
                Cell::Number(*threshold),
                text("never"),
                Cell::Integer(0),
            ]
        }
        Outcome::Always => vec![Cell::Number(a), none(), Cell::Empty, Cell::Empty, text("always"), Cell::Integer(0)],
        Outcome::NoRuns => vec![Cell::Number(a), none(), Cell::Empty, Cell::Empty, text("failed"), Cell::Integer(0)],
    }
}
