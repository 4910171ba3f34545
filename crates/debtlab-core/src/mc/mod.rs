//! Monte Carlo (MODEL.md section 5): many paths of one scenario, each with
//! its own parameter draws and shocks, summarised per step by the mean and
//! percentiles of chosen columns, and per claim by the probability it holds.
//!
//! Reproducibility: path `k` draws from its own stream (see
//! [`engine::path_stream`]); paths are grouped in fixed chunks of [`CHUNK`]
//! paths whatever the thread count; sums are added chunk by chunk in chunk
//! order and counts are integers. So results are bit-identical for any number
//! of threads.
//!
//! Memory does not grow with paths: when the values of every (column, step)
//! fit in [`EXACT_BUDGET_BYTES`], percentiles are exact; otherwise a pilot of
//! the first [`PILOT_PATHS`] paths sets each histogram's range and every path
//! is binned (see [`stats::Sketch`] for the error bound, reported per column).
//! Memory does not explode with steps either: every buffer is sized from the
//! request and the total checked against a budget before anything is
//! allocated (see [`memory`]).

mod codec;
pub mod engine;
mod job;
pub mod lanes;
pub mod memory;
pub mod parts;
pub mod stats;

use crate::claims::Claim;
use crate::output::Column;
use crate::scenario::Scenario;
use engine::PathError;
pub use job::Iterations;
pub use memory::{Plan, DEFAULT_MEMORY_BUDGET_BYTES};

/// The columns summarised when none are chosen.
pub const DEFAULT_COLUMNS: [&str; 10] = [
    "debt_gdp",
    "gross_gdp",
    "real_debt",
    "price_level",
    "inflation",
    "rate_effective",
    "interest_revenue",
    "unemployment",
    "output_gap",
    "ai_index",
];

/// Paths per chunk: the unit of work and of summation order.
pub const CHUNK: usize = 1024;
/// Memory for exact percentiles (values of every cell and path) that is
/// always affordable; see [`memory`] for the rule for long runs.
pub const EXACT_BUDGET_BYTES: usize = 128 << 20;
/// Most paths per batch inside a chunk (see `job::Job::chunk`); fewer for
/// long runs ([`memory::BATCH_BUDGET_BYTES`]).
pub const BATCH: usize = 1024;
/// Paths whose exact values set the histogram ranges (fewer when their values
/// would not fit in [`EXACT_BUDGET_BYTES`]).
pub const PILOT_PATHS: usize = 16 * CHUNK;

/// How percentiles are computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PercentileMode {
    /// Exact when it fits in [`EXACT_BUDGET_BYTES`], else the sketch.
    Auto,
    Exact,
    Sketch,
}

/// The percentiles reported unless a run asks for others (the fan chart's bands).
pub const DEFAULT_PERCENTILES: [f64; 5] = [5.0, 25.0, 50.0, 75.0, 95.0];
/// Most percentiles one run reports.
pub const MAX_PERCENTILES: usize = 99;

#[derive(Debug, Clone, PartialEq)]
pub struct McOptions {
    pub paths: usize,
    pub seed: u64,
    pub columns: Vec<Column>,
    /// Draw the `[uncertain]` parameters.
    pub draws: bool,
    /// Draw the `[shocks]`.
    pub shocks: bool,
    /// The percentiles to report, in percent, increasing, each in (0, 100)
    /// (see [`check_percentiles`]); [`DEFAULT_PERCENTILES`] unless asked.
    pub percentiles: Vec<f64>,
    pub percentile_method: PercentileMode,
}

/// The name of percentile `level` in tables and the web API: `p5`, `p2.5`.
pub fn percentile_name(level: f64) -> String {
    format!("p{level}")
}

/// Percentiles a run can report: one to [`MAX_PERCENTILES`] of them, each
/// finite and strictly between 0 and 100, in increasing order without
/// repeats. The error says which rule the list breaks and where.
pub fn check_percentiles(levels: &[f64]) -> Result<(), McError> {
    let bad = |why: String| Err(McError::Percentiles(why));
    if levels.is_empty() {
        return bad("the list is empty; give at least one, e.g. 10,25,50,75,90".into());
    }
    if levels.len() > MAX_PERCENTILES {
        return bad(format!("{} given, at most {MAX_PERCENTILES}", levels.len()));
    }
    for (i, &q) in levels.iter().enumerate() {
        if !(q > 0.0 && q < 100.0) {
            return bad(format!("entry {} is {q}, outside (0, 100) (the minimum and maximum are not reported)", i + 1));
        }
        if i > 0 && q <= levels[i - 1] {
            return bad(format!(
                "entry {} ({q}) does not exceed entry {} ({}): give them increasing",
                i + 1,
                i,
                levels[i - 1]
            ));
        }
    }
    Ok(())
}

/// Mean and percentiles of one column at every step.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnSummary {
    pub column: Column,
    pub mean: Vec<f64>,
    /// At every step, the run's [`McResult::percentiles`] in their order.
    pub percentiles: Vec<Vec<f64>>,
    /// Largest possible error of a percentile (0 when exact).
    pub error_bound: f64,
    /// Steps at which a percentile fell outside the sketch's range (its
    /// error bound then does not hold); empty when exact.
    pub outside_range: Vec<usize>,
}

/// The probability that a claim holds.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimProbability {
    pub claim: Claim,
    pub holds: u64,
    pub probability: f64,
    /// Monte Carlo standard error `sqrt(p (1 - p) / N)`.
    pub std_error: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct McResult {
    pub paths: usize,
    pub seed: u64,
    pub dt: f64,
    pub years: Vec<f64>,
    pub exact: bool,
    /// The percentiles reported (in percent), in [`ColumnSummary::percentiles`]' order.
    pub percentiles: Vec<f64>,
    pub columns: Vec<ColumnSummary>,
    pub claims: Vec<ClaimProbability>,
    /// Under rational expectations, how many iterations the paths' solves
    /// took (MODEL.md 3.10); `None` under adaptive ones.
    pub rational: Option<Iterations>,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum McError {
    #[error("--paths must be at least 1")]
    NoPaths,
    #[error("--paths must be at most {}, the histograms' count limit", u32::MAX)]
    TooManyPaths,
    #[error("{}; {advice}", .0, advice = path_advice(.0))]
    Path(#[from] PathError),
    #[error(
        "this Monte Carlo run would need about {needed_mib:.0} MiB ({columns} columns x {steps} steps, {paths} paths, \
         {workers} threads), more than its budget of {budget_mib:.0} MiB; use fewer columns, a longer run.dt, a \
         shorter run.years, fewer paths or fewer threads"
    )]
    Memory { needed_mib: f64, budget_mib: f64, columns: usize, steps: usize, paths: usize, workers: usize },
    #[error("percentiles: {0}")]
    Percentiles(String),
    /// Parts of a distributed run that do not make one whole run (see [`parts`]).
    #[error("cannot merge the parts of a distributed Monte Carlo run: {0}")]
    Parts(String),
}

/// What a user can change when a path fails, by how it failed.
fn path_advice(error: &PathError) -> &'static str {
    match error {
        PathError::NonFinite { .. } => {
            "shorten run.years, or narrow the scenario's [uncertain] or [shocks], so every path stays finite \
             (the model has no fiscal reaction, so a path whose debt spirals never turns back)"
        }
        PathError::Unsolved { .. } => {
            "narrow the scenario's [uncertain] draws, or raise prices.anchoring, so every path's expectations solve"
        }
        PathError::Redraws { .. } => "move the parameter's distribution inside its valid range",
    }
}

/// The memory plan of `options.paths` paths of `scenario` on the current
/// rayon thread pool: what [`run`] would allocate (see [`memory`]).
pub fn plan(scenario: &Scenario, options: &McOptions) -> Plan {
    let base = scenario.model_params();
    // The summarised rows: step 0 to `T`.
    let steps = base.run.steps() + 1;
    let plan = Plan::new(
        steps,
        options.columns.len(),
        scenario.claims.len(),
        options.paths,
        rayon::current_num_threads(),
        options.percentile_method,
    );
    Plan { extra_steps: crate::model::foresight::extra_steps(&base), statistics: 1 + options.percentiles.len(), ..plan }
}

/// Runs `options.paths` paths of `scenario` on the current rayon thread pool.
/// `progress` is called with the number of paths done (for a progress bar).
/// Refuses, before allocating, a run that would need more than
/// [`DEFAULT_MEMORY_BUDGET_BYTES`] (see [`run_within`]).
pub fn run(scenario: &Scenario, options: &McOptions, progress: &(dyn Fn(usize) + Sync)) -> Result<McResult, McError> {
    run_within(scenario, options, DEFAULT_MEMORY_BUDGET_BYTES, progress)
}

/// As [`run`], with a memory budget of `budget` bytes: a run whose
/// [`plan`] needs more is refused with [`McError::Memory`] before anything
/// is allocated.
pub fn run_within(
    scenario: &Scenario,
    options: &McOptions,
    budget: usize,
    progress: &(dyn Fn(usize) + Sync),
) -> Result<McResult, McError> {
    check_paths(options)?;
    let plan = plan(scenario, options);
    check_budget(&plan, budget)?;
    run_planned(scenario, options, &plan, progress)
}

fn check_paths(options: &McOptions) -> Result<(), McError> {
    check_percentiles(&options.percentiles)?;
    if options.paths == 0 {
        return Err(McError::NoPaths);
    }
    if u32::try_from(options.paths).is_err() {
        return Err(McError::TooManyPaths);
    }
    Ok(())
}

fn check_budget(plan: &Plan, budget: usize) -> Result<(), McError> {
    let needed = plan.bytes();
    if needed > budget {
        return Err(McError::Memory {
            needed_mib: memory::mib(needed),
            budget_mib: memory::mib(budget),
            columns: plan.columns,
            steps: plan.steps,
            paths: plan.paths,
            workers: plan.workers,
        });
    }
    Ok(())
}

/// Runs to `plan`, which [`run_within`] has checked: the pilot (sketch
/// mode), every chunk in one part, and the summary. A distributed run is the
/// same three steps with the chunks split over parts (see [`parts`]), so its
/// result is the same bits.
fn run_planned(
    scenario: &Scenario,
    options: &McOptions,
    plan: &Plan,
    progress: &(dyn Fn(usize) + Sync),
) -> Result<McResult, McError> {
    let prepared = parts::Prepared::new(scenario);
    let setup = parts::Setup::from_plan(scenario, options, plan, &prepared)?;
    let part = parts::run_part_with(scenario, options, &setup, 0..setup.chunks, progress, &prepared)?;
    parts::finish_with(scenario, options, &setup, vec![part], &prepared)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::Column;

    fn options(paths: usize, method: PercentileMode) -> McOptions {
        let columns = ["debt_gdp", "price_level", "rate_effective"].map(|n| Column::by_name(n).expect("a column"));
        McOptions {
            paths,
            seed: 11,
            columns: columns.to_vec(),
            draws: true,
            shocks: true,
            percentiles: DEFAULT_PERCENTILES.to_vec(),
            percentile_method: method,
        }
    }

    /// Batches regroup the same additions in the same order: a batch of one
    /// lane group gives the full batch's result bit for bit, exact and sketch.
    #[test]
    fn the_batch_size_never_changes_a_result() {
        let scenario = crate::scenario::load("critics-fair", &crate::presets::PresetResolver, &[]).expect("a preset");
        for mode in [PercentileMode::Exact, PercentileMode::Sketch] {
            let o = options(2 * CHUNK + 37, mode);
            let full = plan(&scenario, &o);
            assert_eq!(full.batch, BATCH);
            let small = Plan { batch: lanes::LANES, ..full };
            let a = run_planned(&scenario, &o, &full, &|_| {}).expect("runs");
            let b = run_planned(&scenario, &o, &small, &|_| {}).expect("runs");
            assert_eq!(a, b, "{mode:?}");
        }
    }

    #[test]
    fn a_run_over_its_budget_is_refused_with_the_figure() {
        let scenario = crate::scenario::load("baseline", &crate::presets::PresetResolver, &[]).expect("a preset");
        let o = options(1000, PercentileMode::Auto);
        let needed = plan(&scenario, &o).bytes();
        match run_within(&scenario, &o, needed - 1, &|_| {}) {
            Err(McError::Memory { needed_mib, steps, paths, .. }) => {
                assert_eq!((steps, paths), (81, 1000));
                assert!((needed_mib - memory::mib(needed)).abs() < 1e-9);
            }
            other => panic!("expected a memory error, got {other:?}"),
        }
        assert!(run_within(&scenario, &o, needed, &|_| {}).is_ok());
    }
}
