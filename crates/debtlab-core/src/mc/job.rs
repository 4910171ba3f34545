//! Running chunks of paths: the lane kernel over each chunk's paths, and
//! each chunk's sums, claim counts and exact values or histogram counts
//! (see the module docs of [`super`] for the reproducibility rules).

use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use super::engine::{PathError, PathSpec};
use super::lanes::kernel::LaneRow;
use super::lanes::params::LaneParams;
use super::lanes::simd::F64x4;
use super::lanes::{self, Lane, LaneColumn, LaneRunner, LANES};
use super::stats::{Sketch, Slot};
use super::{McError, BATCH, CHUNK};
use crate::claims::Threshold;
use crate::model::NonFinite;
use crate::output::Column;

/// What one worker hands back: its chunks' totals and its histograms.
type WorkerOutput = Result<(Vec<ChunkTotals>, Option<Sketch>), PathError>;

/// A claim prepared for per-path judging.
pub(super) struct ClaimJob {
    pub(super) metric: LaneColumn,
    pub(super) op: crate::claims::Op,
    pub(super) threshold: Threshold,
    pub(super) step: usize,
}

/// Totals of one chunk.
pub(super) struct ChunkTotals {
    pub(super) index: usize,
    pub(super) sums: Vec<f64>,
    pub(super) holds: Vec<u64>,
    /// Exact values, `[cell][path in chunk]`, when exact.
    pub(super) values: Option<Vec<f64>>,
}

pub(super) struct Job<'a> {
    pub(super) spec: PathSpec<'a>,
    pub(super) columns: &'a [Column],
    pub(super) lane_columns: Vec<LaneColumn>,
    pub(super) claims: Vec<ClaimJob>,
    pub(super) steps: usize,
    pub(super) paths: usize,
}

impl Job<'_> {
    pub(super) fn cells(&self) -> usize {
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
        scratch: &mut Scratch,
    ) -> Result<ChunkTotals, PathError> {
        #[cfg(target_arch = "x86_64")]
        if lanes::has_avx2() {
            // SAFETY: the processor has AVX2, checked just above.
            return unsafe { self.chunk_avx2(runner, index, sketch, scratch) };
        }
        self.chunk_with::<lanes::simd::Pair<lanes::simd::Portable>>(runner, index, sketch, scratch)
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn chunk_avx2(
        &self,
        runner: &mut LaneRunner,
        index: usize,
        sketch: Option<&mut Sketch>,
        scratch: &mut Scratch,
    ) -> Result<ChunkTotals, PathError> {
        self.chunk_with::<lanes::simd::Pair<lanes::simd::Avx2>>(runner, index, sketch, scratch)
    }

    #[inline(always)]
    fn chunk_with<V: F64x4>(
        &self,
        runner: &mut LaneRunner,
        index: usize,
        sketch: Option<&mut Sketch>,
        scratch: &mut Scratch,
    ) -> Result<ChunkTotals, PathError> {
        match sketch {
            Some(sketch) => self.chunk_binned::<V>(runner, index, sketch, &mut scratch.slots),
            None => self.chunk_exact::<V>(runner, index, &mut scratch.values),
        }
    }

    /// Paths run in groups of [`LANES`] through the lane kernel. Each value
    /// is added to its cell's sum (kept per lane position, added in lane order
    /// at the end of the chunk) and turned into its histogram slot while it
    /// is fresh; slots wait in `slots` (`[cell][path]`) for a batch of
    /// [`BATCH`] paths, then are counted one cell at a time, which keeps each
    /// cell's histogram in cache while it is updated.
    ///
    /// A value that is not finite makes its cell's sum not finite (NaN and
    /// infinities survive addition), so only the sums are checked; when one
    /// is not finite the batch is run again to name the first such value.
    #[inline(always)]
    fn chunk_binned<V: F64x4>(
        &self,
        runner: &mut LaneRunner,
        index: usize,
        sketch: &mut Sketch,
        slots: &mut Vec<Slot>,
    ) -> Result<ChunkTotals, PathError> {
        let (first, len) = self.chunk_paths(index);
        let cells = self.cells();
        let steps = self.steps;
        let years = &self.spec.base_timeline.steps;
        let mut lane_sums: Vec<Lane> = vec![[0.0; LANES]; cells];
        let mut tally = ClaimTally::new(self.claims.len());
        let judged = self.judged_steps();
        slots.resize(cells * BATCH, Slot::default());
        for batch_start in (0..len).step_by(BATCH) {
            let size = BATCH.min(len - batch_start);
            each_group::<V>(runner, first + batch_start, size, |group, count, t, row, params| {
                let year = years[t].year;
                let mut value = [0.0; LANES];
                for (c, &column) in self.lane_columns.iter().enumerate() {
                    let cell = c * steps + t;
                    row.column(column, t, year, params, &mut value);
                    // Padding lanes (a short last group) add nothing; their slots are not counted.
                    value[count..].fill(0.0);
                    let sum = &mut lane_sums[cell];
                    for v in (0..LANES).step_by(V::WIDTH) {
                        (V::load(&sum[v..]) + V::load(&value[v..])).store(&mut sum[v..]);
                    }
                    sketch.slots::<V>(cell, &value, &mut slots[cell * BATCH + group..]);
                }
                if judged[t] {
                    tally.judge(&self.claims, t, year, row, params, count);
                }
            })?;
            for cell in 0..cells {
                // The next cell's counts (8 KiB, mostly out of L2) load while this one is counted.
                if cell + 1 < cells {
                    sketch.prefetch(cell + 1);
                }
                sketch.count_slots(cell, &slots[cell * BATCH..cell * BATCH + size]);
            }
            if lane_sums.iter().flatten().any(|x| !x.is_finite()) {
                if let Some(error) = self.first_non_finite_rerun::<V>(runner, first + batch_start, size)? {
                    return Err(error);
                }
            }
        }
        Ok(ChunkTotals { index, sums: lane_order_sums(&lane_sums), holds: tally.holds, values: None })
    }

    /// As [`Job::chunk_binned`], but every value is kept (`[cell][path in
    /// chunk]`) for exact percentiles: a batch's values wait in `batch`
    /// (`[cell][path]`), then are summed, checked and copied one cell at a time.
    #[inline(always)]
    fn chunk_exact<V: F64x4>(
        &self,
        runner: &mut LaneRunner,
        index: usize,
        batch: &mut Vec<f64>,
    ) -> Result<ChunkTotals, PathError> {
        let (first, len) = self.chunk_paths(index);
        let cells = self.cells();
        let steps = self.steps;
        let years = &self.spec.base_timeline.steps;
        let mut lane_sums: Vec<Lane> = vec![[0.0; LANES]; cells];
        let mut tally = ClaimTally::new(self.claims.len());
        let judged = self.judged_steps();
        let mut values = vec![0.0; cells * len];
        batch.resize(cells * BATCH, 0.0);
        for batch_start in (0..len).step_by(BATCH) {
            let size = BATCH.min(len - batch_start);
            each_group::<V>(runner, first + batch_start, size, |group, count, t, row, params| {
                let year = years[t].year;
                for (c, &column) in self.lane_columns.iter().enumerate() {
                    let at = (c * steps + t) * BATCH + group;
                    let slot: &mut Lane = (&mut batch[at..at + LANES]).try_into().expect("a lane's slot");
                    row.column(column, t, year, params, slot);
                }
                if judged[t] {
                    tally.judge(&self.claims, t, year, row, params, count);
                }
            })?;
            // One pass per cell: sum (per lane position), check, keep.
            let mut finite = true;
            for (cell, sum) in lane_sums.iter_mut().enumerate() {
                let cell_values = &batch[cell * BATCH..cell * BATCH + size];
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
        Ok(ChunkTotals { index, sums: lane_order_sums(&lane_sums), holds: tally.holds, values: Some(values) })
    }

    /// Whether step `t` reads a claim's metric: at the start, or at a claim's deadline.
    fn judged_steps(&self) -> Vec<bool> {
        (0..self.steps).map(|t| t == 0 || self.claims.iter().any(|c| c.step == t)).collect()
    }

    /// The first path and the number of paths of chunk `index`.
    fn chunk_paths(&self, index: usize) -> (usize, usize) {
        let first = index * CHUNK;
        (first, CHUNK.min(self.paths - first))
    }

    /// Runs paths `first_path..first_path + paths` again and returns the
    /// first (path order, then step, then column) whose summarised values are
    /// not all finite, if any (a sum can also overflow with finite values).
    fn first_non_finite_rerun<V: F64x4>(
        &self,
        runner: &mut LaneRunner,
        first_path: usize,
        paths: usize,
    ) -> Result<Option<PathError>, PathError> {
        let years = &self.spec.base_timeline.steps;
        for group in (0..paths).step_by(LANES) {
            let count = LANES.min(paths - group);
            let mut found: [Option<(usize, usize, f64)>; LANES] = [None; LANES];
            runner.run::<V>((first_path + group) as u64, count, |t, row, params| {
                let mut value = [0.0; LANES];
                for (c, &column) in self.lane_columns.iter().enumerate() {
                    row.column(column, t, years[t].year, params, &mut value);
                    for (slot, &x) in found.iter_mut().zip(&value).take(count) {
                        if slot.is_none() && !x.is_finite() {
                            *slot = Some((t, c, x));
                        }
                    }
                }
            })?;
            if let Some((offset, (t, c, value))) = found.iter().enumerate().find_map(|(l, f)| f.map(|f| (l, f))) {
                let source = NonFinite { step: t, year: years[t].year, variable: self.columns[c].name(), value };
                return Ok(Some(PathError::NonFinite { path: (first_path + group + offset) as u64, source }));
            }
        }
        Ok(None)
    }

    /// Runs chunks `0..chunks` on the current rayon pool. With `template`
    /// every worker bins into a copy of it, merged at the end.
    pub(super) fn run_chunks(
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
                let mut scratch = Scratch::default();
                let mut totals = Vec::new();
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    if index >= chunks {
                        break;
                    }
                    totals.push(self.chunk(&mut runner, index, sketch.as_mut(), &mut scratch)?);
                    let (_, len) = self.chunk_paths(index);
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

/// Runs paths `first_path..first_path + size` through the lane kernel, group
/// by group, handing each step to `visit(group offset, lanes in use, step, row, parameters)`.
#[inline(always)]
fn each_group<V: F64x4>(
    runner: &mut LaneRunner,
    first_path: usize,
    size: usize,
    mut visit: impl FnMut(usize, usize, usize, &LaneRow, &LaneParams),
) -> Result<(), PathError> {
    for group in (0..size).step_by(LANES) {
        let count = LANES.min(size - group);
        runner.run::<V>((first_path + group) as u64, count, |t, row, params| visit(group, count, t, row, params))?;
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

/// Claim counts of one chunk, and each claim's metric at the start of the
/// current group (for thresholds relative to the start).
struct ClaimTally {
    holds: Vec<u64>,
    starts: Vec<Lane>,
}

impl ClaimTally {
    fn new(claims: usize) -> ClaimTally {
        ClaimTally { holds: vec![0; claims], starts: vec![[0.0; LANES]; claims] }
    }

    /// Judges every claim whose deadline is step `t` for the group's first `count` lanes.
    #[inline(always)]
    fn judge(&mut self, claims: &[ClaimJob], t: usize, year: f64, row: &LaneRow, params: &LaneParams, count: usize) {
        for (i, claim) in claims.iter().enumerate() {
            if t == 0 {
                row.column(claim.metric, t, year, params, &mut self.starts[i]);
            }
            if t == claim.step {
                let mut metric = [0.0; LANES];
                row.column(claim.metric, t, year, params, &mut metric);
                for (&value, &start) in metric.iter().zip(&self.starts[i]).take(count) {
                    let threshold = match claim.threshold {
                        Threshold::Value(v) => v,
                        Threshold::StartTimes(f) => f * start,
                    };
                    self.holds[i] += u64::from(claim.op.holds(value, threshold));
                }
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
        PathError::NonFinite { path, .. } | PathError::Redraws { path, .. } => *path,
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
