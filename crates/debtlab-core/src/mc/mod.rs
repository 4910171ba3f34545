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
pub mod lanes;
pub mod stats;

use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::claims::{deadline_step, Claim, Threshold};
use crate::model::timeline::Timeline;
use crate::model::NonFinite;
use crate::output::Column;
use crate::scenario::Scenario;
use engine::{PathError, PathSpec};
use lanes::{Lane, LaneColumn, LaneRunner, LANES};
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
/// Paths per batch inside a chunk (see `Job::chunk`).
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

/// What one worker hands back: its chunks' totals and its histograms.
type WorkerOutput = Result<(Vec<ChunkTotals>, Option<Sketch>), PathError>;

/// A claim prepared for per-path judging.
struct ClaimJob {
    metric: LaneColumn,
    op: crate::claims::Op,
    threshold: Threshold,
    step: usize,
}

/// Totals of one chunk.
struct ChunkTotals {
    index: usize,
    sums: Vec<f64>,
    holds: Vec<u64>,
    /// Exact values, `[cell][path in chunk]`, when exact.
    values: Option<Vec<f64>>,
}

struct Job<'a> {
    spec: PathSpec<'a>,
    columns: &'a [Column],
    lane_columns: Vec<LaneColumn>,
    claims: Vec<ClaimJob>,
    steps: usize,
    paths: usize,
}

impl Job<'_> {
    fn cells(&self) -> usize {
        self.columns.len() * self.steps
    }

    /// Runs chunk `index`, binning into `sketch` or keeping exact values, on
    /// the widest vector instructions this processor has (the results are
    /// the same bits on any: no operation is fused or reordered).
    fn chunk(
        &self,
        runner: &mut LaneRunner,
        index: usize,
        sketch: Option<&mut Sketch>,
        batch: &mut Vec<f64>,
    ) -> Result<ChunkTotals, PathError> {
        #[cfg(target_arch = "x86_64")]
        if lanes::has_avx2() {
            // SAFETY: the processor has AVX2, checked just above.
            return unsafe { self.chunk_avx2(runner, index, sketch, batch) };
        }
        self.chunk_with::<lanes::simd::Pair<lanes::simd::Portable>>(runner, index, sketch, batch)
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn chunk_avx2(
        &self,
        runner: &mut LaneRunner,
        index: usize,
        sketch: Option<&mut Sketch>,
        batch: &mut Vec<f64>,
    ) -> Result<ChunkTotals, PathError> {
        self.chunk_with::<lanes::simd::Pair<lanes::simd::Avx2>>(runner, index, sketch, batch)
    }

    /// Paths run in groups of [`LANES`] through the lane kernel, and in
    /// batches of [`BATCH`]: a batch's values are kept (`[cell][path]` in
    /// `batch`) and then summed and binned one cell at a time, which keeps
    /// each cell's histogram in cache while it is updated. Sums are kept per
    /// lane position and added in lane order at the end of the chunk.
    #[inline(always)]
    fn chunk_with<V: lanes::simd::F64x4>(
        &self,
        runner: &mut LaneRunner,
        index: usize,
        mut sketch: Option<&mut Sketch>,
        batch: &mut Vec<f64>,
    ) -> Result<ChunkTotals, PathError> {
        let first = index * CHUNK;
        let len = CHUNK.min(self.paths - first);
        let cells = self.cells();
        let steps = self.steps;
        let years = &self.spec.base_timeline.steps;
        let mut lane_sums: Vec<Lane> = vec![[0.0; LANES]; cells];
        let mut holds = vec![0u64; self.claims.len()];
        let mut values = if sketch.is_none() { Some(vec![0.0; cells * len]) } else { None };
        let mut starts: Vec<Lane> = vec![[0.0; LANES]; self.claims.len()];
        batch.resize(cells * BATCH, 0.0);
        for batch_start in (0..len).step_by(BATCH) {
            let size = BATCH.min(len - batch_start);
            for group in (0..size).step_by(LANES) {
                let count = LANES.min(size - group);
                let path = (first + batch_start + group) as u64;
                runner.run::<V>(path, count, |t, row, params| {
                    let year = years[t].year;
                    for (c, &column) in self.lane_columns.iter().enumerate() {
                        let at = (c * steps + t) * BATCH + group;
                        let slot: &mut Lane = (&mut batch[at..at + LANES]).try_into().expect("a lane's slot");
                        row.column(column, t, year, params, slot);
                    }
                    for (i, claim) in self.claims.iter().enumerate() {
                        if t == 0 {
                            row.column(claim.metric, t, year, params, &mut starts[i]);
                        }
                        if t == claim.step {
                            let mut metric = [0.0; LANES];
                            row.column(claim.metric, t, year, params, &mut metric);
                            for l in 0..count {
                                let threshold = match claim.threshold {
                                    Threshold::Value(v) => v,
                                    Threshold::StartTimes(f) => f * starts[i][l],
                                };
                                holds[i] += u64::from(claim.op.holds(metric[l], threshold));
                            }
                        }
                    }
                })?;
            }
            // One pass per cell: sum (per lane position), check, and bin or keep.
            let mut finite = true;
            for (cell, sum) in lane_sums.iter_mut().enumerate() {
                let cell_values = &batch[cell * BATCH..cell * BATCH + size];
                let (full, tail) = cell_values.split_at(size / LANES * LANES);
                let zero = V::splat(0.0);
                let mut not_finite = zero.lt(zero);
                for v in (0..LANES).step_by(V::WIDTH) {
                    let mut total = V::load(&sum[v..]);
                    for group in full.chunks_exact(LANES) {
                        let x = V::load(&group[v..]);
                        total = total + x;
                        not_finite = not_finite | !x.is_finite();
                    }
                    total.store(&mut sum[v..]);
                }
                for (s, &x) in sum.iter_mut().zip(tail) {
                    *s += x;
                    finite &= x.is_finite();
                }
                finite &= !V::any(not_finite);
                match (&mut values, &mut sketch) {
                    (Some(values), _) => {
                        values[cell * len + batch_start..cell * len + batch_start + size].copy_from_slice(cell_values)
                    }
                    (None, Some(sketch)) => sketch.add_all::<V>(cell, cell_values),
                    (None, None) => {}
                }
            }
            if !finite {
                if let Some(error) = self.first_non_finite(batch, first + batch_start, size) {
                    return Err(error);
                }
            }
        }
        let sums = lane_sums.iter().map(|lanes| lanes.iter().fold(0.0, |total, v| total + v)).collect();
        Ok(ChunkTotals { index, sums, holds, values })
    }

    /// Runs chunks `0..chunks` on the current rayon pool. With `template`
    /// every worker bins into a copy of it, merged at the end.
    fn run_chunks(
        &self,
        chunks: usize,
        template: Option<&Sketch>,
        progress: &(dyn Fn(usize) + Sync),
    ) -> Result<(Vec<ChunkTotals>, Option<Sketch>), McError> {
        let next = AtomicUsize::new(0);
        let done = AtomicUsize::new(0);
        let workers = rayon::current_num_threads().min(chunks).max(1);
        let outputs: Vec<WorkerOutput> = (0..workers)
            .into_par_iter()
            .map(|_| {
                let wanted: Vec<LaneColumn> =
                    self.lane_columns.iter().copied().chain(self.claims.iter().map(|c| c.metric)).collect();
                let mut runner = LaneRunner::new(&self.spec, &wanted);
                let mut sketch = template.map(Sketch::empty_like);
                let mut batch = Vec::new();
                let mut totals = Vec::new();
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    if index >= chunks {
                        break;
                    }
                    totals.push(self.chunk(&mut runner, index, sketch.as_mut(), &mut batch)?);
                    let len = CHUNK.min(self.paths - index * CHUNK);
                    progress(done.fetch_add(len, Ordering::Relaxed) + len);
                }
                Ok((totals, sketch))
            })
            .collect();
        let mut all = Vec::with_capacity(chunks);
        let mut merged: Option<Sketch> = None;
        let mut first_error: Option<PathError> = None;
        for output in outputs {
            match output {
                Ok((totals, sketch)) => {
                    all.extend(totals);
                    if let Some(s) = sketch {
                        match &mut merged {
                            Some(m) => m.merge(&s),
                            None => merged = Some(s),
                        }
                    }
                }
                Err(e) => first_error = Some(first_error.map_or(e.clone(), |f| earliest(f, e))),
            }
        }
        if let Some(error) = first_error {
            // Chunks are claimed in order and a worker stops at its first
            // failing path, so the lowest failing path found is the first overall.
            return Err(error.into());
        }
        all.sort_by_key(|t| t.index);
        Ok((all, merged))
    }

    /// The first of the batch's first `paths` paths (path order, then step,
    /// then column) whose summarised values are not all finite.
    fn first_non_finite(&self, batch: &[f64], first_path: usize, paths: usize) -> Option<PathError> {
        for offset in 0..paths {
            for t in 0..self.steps {
                for (c, column) in self.columns.iter().enumerate() {
                    let value = batch[(c * self.steps + t) * BATCH + offset];
                    if !value.is_finite() {
                        let year = self.spec.base_timeline.steps[t].year;
                        let source = NonFinite { step: t, year, variable: column.name(), value };
                        return Some(PathError::NonFinite { path: (first_path + offset) as u64, source });
                    }
                }
            }
        }
        None
    }
}

fn earliest(a: PathError, b: PathError) -> PathError {
    let path = |e: &PathError| match e {
        PathError::NonFinite { path, .. } | PathError::Redraws { path, .. } => *path,
    };
    if path(&b) < path(&a) {
        b
    } else {
        a
    }
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
    let base_timeline = Timeline::build(&base);
    let steps = base_timeline.steps.len();
    let dt = base.run.dt;
    let claims = scenario
        .claims
        .iter()
        .map(|c| ClaimJob {
            metric: lane_column(c.metric),
            op: c.op,
            threshold: c.threshold,
            step: deadline_step(c.by, dt, steps - 1),
        })
        .collect();
    let shocks = (options.shocks && scenario.shocks.any()).then_some(scenario.shocks);
    let uncertain = if options.draws { &scenario.uncertain[..] } else { &[] };
    let job = Job {
        spec: PathSpec { base: &base, base_timeline: &base_timeline, uncertain, shocks, seed: options.seed },
        columns: &options.columns,
        lane_columns: options.columns.iter().map(|&c| lane_column(c)).collect(),
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
    let years = base_timeline.steps.iter().map(|x| x.year).collect();
    Ok(McResult { paths: options.paths, seed: options.seed, dt, years, exact, columns, claims })
}

/// Every column has a lane formula (`lanes::tests` checks each against the scalar rows).
fn lane_column(column: Column) -> LaneColumn {
    LaneColumn::of(column).expect("every output column has a lane formula")
}

fn job_clone<'a>(job: &Job<'a>) -> Job<'a> {
    Job {
        spec: PathSpec { ..job.spec },
        columns: job.columns,
        lane_columns: job.lane_columns.clone(),
        claims: job
            .claims
            .iter()
            .map(|c| ClaimJob { metric: c.metric, op: c.op, threshold: c.threshold, step: c.step })
            .collect(),
        steps: job.steps,
        paths: job.paths,
    }
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
