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

pub mod engine;
mod job;
pub mod lanes;
pub mod stats;

use crate::claims::{Claim, ClaimSteps};
use crate::model::schedule;
use crate::output::Column;
use crate::scenario::Scenario;
use engine::{PathError, PathSpec};
use job::{job_clone, ChunkTotals, ClaimJob, Job};
use stats::{exact_percentile, Sketch, PERCENTILES};

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
/// Largest memory for exact percentiles (values of every cell and path).
pub const EXACT_BUDGET_BYTES: usize = 128 << 20;
/// Paths per batch inside a chunk (see `job::Job::chunk`).
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

#[derive(Debug, Clone, PartialEq)]
pub struct McOptions {
    pub paths: usize,
    pub seed: u64,
    pub columns: Vec<Column>,
    /// Draw the `[uncertain]` parameters.
    pub draws: bool,
    /// Draw the `[shocks]`.
    pub shocks: bool,
    pub percentiles: PercentileMode,
}

/// Mean and percentiles of one column at every step.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnSummary {
    pub column: Column,
    pub mean: Vec<f64>,
    /// Percentiles 5, 25, 50, 75, 95 at every step.
    pub percentiles: Vec<[f64; 5]>,
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
    pub columns: Vec<ColumnSummary>,
    pub claims: Vec<ClaimProbability>,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum McError {
    #[error("--paths must be at least 1")]
    NoPaths,
    #[error("--paths must be at most {}, the histograms' count limit", u32::MAX)]
    TooManyPaths,
    #[error("{0}; narrow the scenario's [uncertain] or [shocks] so every path stays finite")]
    Path(#[from] PathError),
}

/// Runs `options.paths` paths of `scenario` on the current rayon thread pool.
/// `progress` is called with the number of paths done (for a progress bar).
pub fn run(scenario: &Scenario, options: &McOptions, progress: &(dyn Fn(usize) + Sync)) -> Result<McResult, McError> {
    if options.paths == 0 {
        return Err(McError::NoPaths);
    }
    if u32::try_from(options.paths).is_err() {
        return Err(McError::TooManyPaths);
    }
    let base = scenario.model_params();
    let table = schedule::table(&base);
    let steps = table.len() - 1;
    let dt = base.run.dt;
    let claims = scenario
        .claims
        .iter()
        .map(|c| ClaimJob { claim: c.clone(), steps: ClaimSteps::new(c, dt, steps - 1) })
        .collect();
    let shocks = (options.shocks && scenario.shocks.any()).then_some(scenario.shocks);
    let uncertain = if options.draws { &scenario.uncertain[..] } else { &[] };
    let job = Job {
        spec: PathSpec { base: &base, schedule: &table, uncertain, shocks, seed: options.seed },
        columns: &options.columns,
        claims,
        steps,
        paths: options.paths,
    };
    let cells = job.cells();
    let exact = match options.percentiles {
        PercentileMode::Exact => true,
        PercentileMode::Sketch => false,
        PercentileMode::Auto => options.paths.saturating_mul(cells).saturating_mul(8) <= EXACT_BUDGET_BYTES,
    };
    let chunks = options.paths.div_ceil(CHUNK);
    let (totals, sketch) = if exact {
        job.run_chunks(chunks, None, progress)?
    } else {
        let affordable = (EXACT_BUDGET_BYTES / (cells * 8)).max(CHUNK);
        let pilot = Job { paths: options.paths.min(PILOT_PATHS).min(affordable), ..job_clone(&job) };
        let (pilot_totals, _) = pilot.run_chunks(pilot.paths.div_ceil(CHUNK), None, &|_| {})?;
        let ranges = pilot_ranges(&pilot_totals, cells);
        job.run_chunks(chunks, Some(&Sketch::from_ranges(&ranges)), progress)?
    };

    let n = options.paths as f64;
    let mut sums = vec![0.0; cells];
    let mut holds = vec![0u64; scenario.claims.len()];
    for chunk in &totals {
        for (s, v) in sums.iter_mut().zip(&chunk.sums) {
            *s += v;
        }
        for (h, v) in holds.iter_mut().zip(&chunk.holds) {
            *h += v;
        }
    }
    let mut scratch = Vec::with_capacity(if exact { options.paths } else { 0 });
    let columns = options
        .columns
        .iter()
        .enumerate()
        .map(|(c, &column)| {
            let mut percentiles = Vec::with_capacity(steps);
            let mut outside_range = Vec::new();
            let mut error_bound: f64 = 0.0;
            for t in 0..steps {
                let cell = c * steps + t;
                let mut row = [0.0; 5];
                match &sketch {
                    None => {
                        gather(&totals, cell, &mut scratch);
                        for (slot, q) in row.iter_mut().zip(PERCENTILES) {
                            *slot = exact_percentile(&mut scratch, q);
                        }
                    }
                    Some(sketch) => {
                        error_bound = error_bound.max(sketch.bin_width(cell));
                        for (slot, q) in row.iter_mut().zip(PERCENTILES) {
                            let (value, outside) = sketch.percentile(cell, q);
                            *slot = value;
                            if outside && outside_range.last() != Some(&t) {
                                outside_range.push(t);
                            }
                        }
                    }
                }
                percentiles.push(row);
            }
            let mean = (0..steps).map(|t| sums[c * steps + t] / n).collect();
            ColumnSummary { column, mean, percentiles, error_bound, outside_range }
        })
        .collect();
    let claims = scenario
        .claims
        .iter()
        .zip(holds)
        .map(|(claim, holds)| {
            let probability = holds as f64 / n;
            let std_error = (probability * (1.0 - probability) / n).sqrt();
            ClaimProbability { claim: claim.clone(), holds, probability, std_error }
        })
        .collect();
    let years = (0..steps).map(|t| job.spec.year(t)).collect();
    Ok(McResult { paths: options.paths, seed: options.seed, dt, years, exact, columns, claims })
}

/// The values of one cell across all paths, in path order.
fn gather(totals: &[ChunkTotals], cell: usize, out: &mut Vec<f64>) {
    out.clear();
    for chunk in totals {
        if let Some(values) = &chunk.values {
            let len = values.len() / chunk.sums.len();
            out.extend_from_slice(&values[cell * len..(cell + 1) * len]);
        }
    }
}

/// Minimum and maximum of every cell over the pilot's paths.
fn pilot_ranges(totals: &[ChunkTotals], cells: usize) -> Vec<(f64, f64)> {
    let mut scratch = Vec::new();
    (0..cells)
        .map(|cell| {
            gather(totals, cell, &mut scratch);
            scratch.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| (lo.min(v), hi.max(v)))
        })
        .collect()
}
