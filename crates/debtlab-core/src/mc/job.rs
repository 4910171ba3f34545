//! Running chunks of paths: the lane kernel over each chunk's paths, and
//! each chunk's sums, claim counts and exact values or histogram counts
//! (see the module docs of [`super`] for the reproducibility rules).

use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use super::engine::{PathError, PathSpec};
use super::lanes::{self, column_lanes, GroupRunner, Kernel, Lane, LANES};
use super::stats::{Sketch, Slot};
use super::{McError, CHUNK};
use crate::claims::{judge_path, Claim, ClaimSteps};
use crate::model::path::PathParams;
use crate::model::{NonFinite, Values};
use crate::num::{Pair, Portable, Real};
use crate::output::Column;

/// What one worker hands back: its chunks' totals and its histograms.
type WorkerOutput = Result<(Vec<ChunkTotals>, Option<Sketch>), PathError>;

/// A claim prepared for per-path judging.
#[derive(Clone)]
pub(super) struct ClaimJob {
    pub(super) claim: Claim,
    pub(super) steps: ClaimSteps,
}

/// Totals of one chunk.
pub(super) struct ChunkTotals {
    pub(super) index: usize,
    pub(super) sums: Vec<f64>,
    pub(super) holds: Vec<u64>,
    /// Exact values, `[cell][path in chunk]`, when exact.
    pub(super) values: Option<Vec<f64>>,
    /// The rational-expectations solves of the chunk's paths.
    pub(super) iterations: Iterations,
}

/// How many iterations paths took to solve their rational expectations
/// (MODEL.md 3.10): over `paths` paths, `total` in all and `max` at most.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Iterations {
    pub paths: u64,
    pub total: u64,
    pub max: u64,
}

impl Iterations {
    /// Adds the solves of `count` paths that took `each` iterations.
    pub fn add(&mut self, each: &[usize]) {
        self.paths += each.len() as u64;
        for &n in each {
            self.total += n as u64;
            self.max = self.max.max(n as u64);
        }
    }

    /// Both sets of solves.
    pub fn merge(self, other: Iterations) -> Iterations {
        Iterations { paths: self.paths + other.paths, total: self.total + other.total, max: self.max.max(other.max) }
    }

    /// Iterations per path.
    pub fn mean(&self) -> f64 {
        self.total as f64 / self.paths.max(1) as f64
    }
}

pub(super) struct Job<'a> {
    pub(super) spec: PathSpec<'a>,
    pub(super) columns: &'a [Column],
    pub(super) claims: Vec<ClaimJob>,
    pub(super) steps: usize,
    pub(super) paths: usize,
    /// Paths per batch: a multiple of [`LANES`] (see [`super::memory`]).
    pub(super) batch: usize,
}

impl Job<'_> {
    pub(super) fn cells(&self) -> usize {
        self.columns.len() * self.steps
    }

    /// The columns a group's runner is asked for: the summarised ones and the claims' metrics.
    fn wanted(&self) -> Vec<Column> {
        self.columns.iter().copied().chain(self.claims.iter().map(|c| c.claim.metric)).collect()
    }

    /// Runs chunk `index`, binning into `sketch` or keeping exact values, on
    /// the widest vector instructions this processor has (the results are
    /// the same bits on any: no operation is fused or reordered).
    fn chunk(
        &self,
        index: usize,
        sketch: Option<&mut Sketch>,
        scratch: &mut Scratch,
    ) -> Result<ChunkTotals, PathError> {
        #[cfg(target_arch = "x86_64")]
        if lanes::has_avx2_fma() {
            // SAFETY: the processor has AVX2 and FMA, checked just above.
            return unsafe { self.chunk_avx2(index, sketch, scratch) };
        }
        self.chunk_with::<Pair<Portable>>(index, sketch, scratch)
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,fma")]
    unsafe fn chunk_avx2(
        &self,
        index: usize,
        sketch: Option<&mut Sketch>,
        scratch: &mut Scratch,
    ) -> Result<ChunkTotals, PathError> {
        self.chunk_with::<Pair<crate::num::Avx2>>(index, sketch, scratch)
    }

    #[inline(always)]
    fn chunk_with<V: Kernel>(
        &self,
        index: usize,
        sketch: Option<&mut Sketch>,
        scratch: &mut Scratch,
    ) -> Result<ChunkTotals, PathError> {
        let wanted = self.wanted();
        let mut runner = GroupRunner::<V>::new(&self.spec, &wanted);
        let totals = match sketch {
            Some(sketch) => self.chunk_binned::<V>(&mut runner, index, sketch, &mut scratch.slots),
            None => self.chunk_exact::<V>(&mut runner, index, &mut scratch.values),
        }?;
        Ok(ChunkTotals { iterations: runner.solved, ..totals })
    }

    /// Paths run in groups of [`LANES`] through the lane kernel. Each value
    /// is added to its cell's sum (kept per lane position, added in lane order
    /// at the end of the chunk) and turned into its histogram slot while it
    /// is fresh; slots wait in `slots` (`[cell][path]`) for a batch of
    /// `self.batch` paths, then are counted one cell at a time, which keeps each
    /// cell's histogram in cache while it is updated.
    ///
    /// A value that is not finite makes its cell's sum not finite (NaN and
    /// infinities survive addition), so only the sums are checked; when one
    /// is not finite the batch is run again to name the first such value.
    #[inline(always)]
    fn chunk_binned<V: Kernel>(
        &self,
        runner: &mut GroupRunner<V>,
        index: usize,
        sketch: &mut Sketch,
        slots: &mut Vec<Slot>,
    ) -> Result<ChunkTotals, PathError> {
        let (first, len) = self.chunk_paths(index);
        let cells = self.cells();
        let steps = self.steps;
        let mut lane_sums: Vec<Lane> = vec![[0.0; LANES]; cells];
        let mut tally = ClaimTally::new(&self.claims, steps);
        let judged = self.judged_steps();
        let stride = self.batch;
        slots.resize(cells * stride, Slot::default());
        for batch_start in (0..len).step_by(stride) {
            let size = stride.min(len - batch_start);
            // `inline(always)`: a closure does not inherit the vector build's
            // target features, so it must be inlined into the caller that has them.
            each_group::<V>(
                runner,
                first + batch_start,
                size,
                #[inline(always)]
                |group, count, t, values, params| {
                    let mut value = [0.0; LANES];
                    for (c, &column) in self.columns.iter().enumerate() {
                        let cell = c * steps + t;
                        column_lanes(column, values, params, &mut value);
                        // Padding lanes (a short last group) add nothing; their slots are not counted.
                        value[count..].fill(0.0);
                        let sum = &mut lane_sums[cell];
                        for v in (0..LANES).step_by(V::WIDTH) {
                            (V::load(&sum[v..]) + V::load(&value[v..])).store(&mut sum[v..]);
                        }
                        sketch.slots::<V>(cell, &value, &mut slots[cell * stride + group..]);
                    }
                    if judged[t] {
                        tally.record(&self.claims, t, values, params, count);
                    }
                },
            )?;
            for cell in 0..cells {
                // The next cell's counts (8 KiB, mostly out of L2) load while this one is counted.
                if cell + 1 < cells {
                    sketch.prefetch(cell + 1);
                }
                sketch.count_slots(cell, &slots[cell * stride..cell * stride + size]);
            }
            if lane_sums.iter().flatten().any(|x| !x.is_finite()) {
                if let Some(error) = self.first_non_finite_rerun::<V>(runner, first + batch_start, size)? {
                    return Err(error);
                }
            }
        }
        let sums = lane_order_sums(&lane_sums);
        Ok(ChunkTotals { index, sums, holds: tally.holds, values: None, iterations: Iterations::default() })
    }

    /// As [`Job::chunk_binned`], but every value is kept (`[cell][path in
    /// chunk]`) for exact percentiles: a batch's values wait in `batch`
    /// (`[cell][path]`), then are summed, checked and copied one cell at a time.
    #[inline(always)]
    fn chunk_exact<V: Kernel>(
        &self,
        runner: &mut GroupRunner<V>,
        index: usize,
        batch: &mut Vec<f64>,
    ) -> Result<ChunkTotals, PathError> {
        let (first, len) = self.chunk_paths(index);
        let cells = self.cells();
        let steps = self.steps;
        let mut lane_sums: Vec<Lane> = vec![[0.0; LANES]; cells];
        let mut tally = ClaimTally::new(&self.claims, steps);
        let judged = self.judged_steps();
        let mut values = vec![0.0; cells * len];
        let stride = self.batch;
        batch.resize(cells * stride, 0.0);
        for batch_start in (0..len).step_by(stride) {
            let size = stride.min(len - batch_start);
            each_group::<V>(
                runner,
                first + batch_start,
                size,
                #[inline(always)]
                |group, count, t, step_values, params| {
                    for (c, &column) in self.columns.iter().enumerate() {
                        let at = (c * steps + t) * stride + group;
                        let slot: &mut Lane = (&mut batch[at..at + LANES]).try_into().expect("a lane's slot");
                        column_lanes(column, step_values, params, slot);
                    }
                    if judged[t] {
                        tally.record(&self.claims, t, step_values, params, count);
                    }
                },
            )?;
            // One pass per cell: sum (per lane position), check, keep.
            let mut finite = true;
            for (cell, sum) in lane_sums.iter_mut().enumerate() {
                let cell_values = &batch[cell * stride..cell * stride + size];
                let (full, tail) = cell_values.split_at(size / LANES * LANES);
                for v in (0..LANES).step_by(V::WIDTH) {
                    let mut total = V::load(&sum[v..]);
                    for group in full.chunks_exact(LANES) {
                        total = total + V::load(&group[v..]);
                    }
                    total.store(&mut sum[v..]);
                }
                for (s, &x) in sum.iter_mut().zip(tail) {
                    *s += x;
                }
                finite &= cell_values.iter().all(|x| x.is_finite());
                values[cell * len + batch_start..cell * len + batch_start + size].copy_from_slice(cell_values);
            }
            if !finite {
                if let Some(error) = self.first_non_finite(batch, first + batch_start, size) {
                    return Err(error);
                }
            }
        }
        let sums = lane_order_sums(&lane_sums);
        Ok(ChunkTotals { index, sums, holds: tally.holds, values: Some(values), iterations: Iterations::default() })
    }

    /// Whether step `t` reads a claim's metric.
    fn judged_steps(&self) -> Vec<bool> {
        (0..self.steps).map(|t| self.claims.iter().any(|c| c.steps.reads(t))).collect()
    }

    /// The first path and the number of paths of chunk `index`.
    fn chunk_paths(&self, index: usize) -> (usize, usize) {
        let first = index * CHUNK;
        (first, CHUNK.min(self.paths - first))
    }

    /// Runs paths `first_path..first_path + paths` again and returns the
    /// first (path order, then step, then column) whose summarised values are
    /// not all finite, if any (a sum can also overflow with finite values).
    fn first_non_finite_rerun<V: Kernel>(
        &self,
        runner: &mut GroupRunner<V>,
        first_path: usize,
        paths: usize,
    ) -> Result<Option<PathError>, PathError> {
        for group in (0..paths).step_by(LANES) {
            let count = LANES.min(paths - group);
            let mut found: [Option<(usize, usize, f64)>; LANES] = [None; LANES];
            runner.run((first_path + group) as u64, count, |t, values, params| {
                let mut value = [0.0; LANES];
                for (c, &column) in self.columns.iter().enumerate() {
                    column_lanes(column, values, params, &mut value);
                    for (slot, &x) in found.iter_mut().zip(&value).take(count) {
                        if slot.is_none() && !x.is_finite() {
                            *slot = Some((t, c, x));
                        }
                    }
                }
            })?;
            if let Some((offset, (t, c, value))) = found.iter().enumerate().find_map(|(l, f)| f.map(|f| (l, f))) {
                let source = NonFinite { step: t, year: self.spec.year(t), variable: self.columns[c].name(), value };
                return Ok(Some(PathError::NonFinite { path: (first_path + group + offset) as u64, source }));
            }
        }
        Ok(None)
    }

    /// Runs chunks `range` on the current rayon pool. With `template`
    /// every worker bins into a copy of it, merged at the end.
    pub(super) fn run_chunks(
        &self,
        range: std::ops::Range<usize>,
        template: Option<&Sketch>,
        progress: &(dyn Fn(usize) + Sync),
    ) -> Result<(Vec<ChunkTotals>, Option<Sketch>), McError> {
        let chunks = range.end;
        let next = AtomicUsize::new(range.start);
        let done = AtomicUsize::new(0);
        let workers = rayon::current_num_threads().min(range.len()).max(1);
        let outputs: Vec<WorkerOutput> = (0..workers)
            .into_par_iter()
            .map(|_| {
                let mut sketch = template.map(Sketch::empty_like);
                let mut scratch = Scratch::default();
                let mut totals = Vec::new();
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    if index >= chunks {
                        break;
                    }
                    totals.push(self.chunk(index, sketch.as_mut(), &mut scratch)?);
                    let (_, len) = self.chunk_paths(index);
                    progress(done.fetch_add(len, Ordering::Relaxed) + len);
                }
                Ok((totals, sketch))
            })
            .collect();
        let mut all = Vec::with_capacity(range.len());
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
                    let value = batch[(c * self.steps + t) * self.batch + offset];
                    if !value.is_finite() {
                        let source = NonFinite { step: t, year: self.spec.year(t), variable: column.name(), value };
                        return Some(PathError::NonFinite { path: (first_path + offset) as u64, source });
                    }
                }
            }
        }
        None
    }
}

/// Runs paths `first_path..first_path + size` through the lane kernel, group
/// by group, handing each step to `visit(group offset, lanes in use, step, row, parameters)`.
#[inline(always)]
fn each_group<V: Kernel>(
    runner: &mut GroupRunner<V>,
    first_path: usize,
    size: usize,
    mut visit: impl FnMut(usize, usize, usize, &Values<V>, &PathParams<V>),
) -> Result<(), PathError> {
    for group in (0..size).step_by(LANES) {
        let count = LANES.min(size - group);
        runner.run(
            (first_path + group) as u64,
            count,
            #[inline(always)]
            |t, values, params| visit(group, count, t, values, params),
        )?;
    }
    Ok(())
}

/// A worker's buffers, reused from chunk to chunk.
#[derive(Default)]
pub(super) struct Scratch {
    /// A batch's values, `[cell][path]` (exact percentiles).
    values: Vec<f64>,
    /// A batch's histogram slots, `[cell][path]` (the sketch).
    slots: Vec<Slot>,
}

/// Claim counts of one chunk, and each claim's metric at the steps it reads,
/// per lane of the current group (`[claim][step]`).
struct ClaimTally {
    holds: Vec<u64>,
    metric: Vec<Vec<Lane>>,
}

impl ClaimTally {
    fn new(claims: &[ClaimJob], steps: usize) -> ClaimTally {
        ClaimTally { holds: vec![0; claims.len()], metric: vec![vec![[0.0; LANES]; steps]; claims.len()] }
    }

    /// Keeps each claim's metric at step `t` if the claim reads it, and
    /// judges the group's first `count` lanes at a claim's last step.
    #[inline(always)]
    fn record<V: Real>(
        &mut self,
        claims: &[ClaimJob],
        t: usize,
        values: &Values<V>,
        params: &PathParams<V>,
        count: usize,
    ) {
        for (i, job) in claims.iter().enumerate() {
            if !job.steps.reads(t) {
                continue;
            }
            column_lanes(job.claim.metric, values, params, &mut self.metric[i][t]);
            if t == job.steps.last() {
                let metric = &self.metric[i];
                let holding = (0..count).filter(|&lane| judge_path(&job.claim, &job.steps, |s| metric[s][lane]).holds);
                self.holds[i] += holding.count() as u64;
            }
        }
    }
}

/// Each cell's sum: its lane positions added in lane order.
fn lane_order_sums(lane_sums: &[Lane]) -> Vec<f64> {
    lane_sums.iter().map(|lanes| lanes.iter().fold(0.0, |total, v| total + v)).collect()
}

fn earliest(a: PathError, b: PathError) -> PathError {
    let path = |e: &PathError| match e {
        PathError::NonFinite { path, .. } | PathError::Unsolved { path, .. } | PathError::Redraws { path, .. } => *path,
    };
    if path(&b) < path(&a) {
        b
    } else {
        a
    }
}

pub(super) fn job_clone<'a>(job: &Job<'a>) -> Job<'a> {
    Job {
        spec: PathSpec { ..job.spec },
        columns: job.columns,
        claims: job.claims.clone(),
        steps: job.steps,
        paths: job.paths,
        batch: job.batch,
    }
}
