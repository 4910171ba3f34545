//! How much memory a Monte Carlo run takes, decided from the request before
//! anything is allocated.
//!
//! Every buffer of [`super::run`] whose size grows with steps, columns, claims
//! or paths is listed in [`Plan::bytes`]. The run refuses ([`super::McError::Memory`])
//! when the total is above its budget, instead of asking the allocator for
//! more than the machine has (which aborts the process). Two choices keep
//! long runs small without changing a single result bit:
//!
//! - the batch of paths a worker holds before counting (see `job.rs`) shrinks
//!   for long runs so that it stays within [`BATCH_BUDGET_BYTES`], down to one
//!   lane group ([`LANES`] paths); batches only regroup the same additions in
//!   the same order, so the batch size never changes a result;
//! - exact percentiles are chosen when the values of every cell and path take
//!   at most [`EXACT_BUDGET_BYTES`] or at most two sets of histograms (for very
//!   long runs a histogram per cell is the larger buffer). The rule reads only
//!   the request, never the thread count, so results stay the same for any
//!   number of threads.

use super::lanes::LANES;
use super::stats::STRIDE;
use super::{BATCH, CHUNK, EXACT_BUDGET_BYTES, PILOT_PATHS};
use crate::uncertainty::SHOCK_INPUTS;

/// Largest memory of one worker's batch buffer (values or histogram slots of
/// every cell for a batch of paths).
pub const BATCH_BUDGET_BYTES: usize = 8 << 20;

/// Default budget of one Monte Carlo run, all threads together.
pub const DEFAULT_MEMORY_BUDGET_BYTES: usize = 4 << 30;

/// The shape of one run: what its buffers' sizes are computed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plan {
    /// Rows summarised per path (the run's `T + 1` rows).
    pub steps: usize,
    /// Summarised columns.
    pub columns: usize,
    /// Claims judged on every path.
    pub claims: usize,
    pub paths: usize,
    /// Worker threads (each has its own buffers).
    pub workers: usize,
    /// Exact percentiles (else histograms).
    pub exact: bool,
    /// Paths a worker holds before counting: a multiple of [`LANES`], at most [`BATCH`].
    pub batch: usize,
    /// Paths of the pilot that sets the histograms' ranges (0 when exact).
    pub pilot: usize,
    /// Steps simulated past the horizon to solve rational expectations (0
    /// under adaptive ones; MODEL.md 3.10).
    pub extra_steps: usize,
    /// Numbers the result keeps per cell: the mean and each percentile.
    pub statistics: usize,
}

/// Bytes of one `f64`, one histogram count, one histogram slot, one lane vector.
const F64: usize = 8;
const COUNT: usize = 4;
const SLOT: usize = 2;
const LANE: usize = LANES * F64;
/// Bytes of one row of the schedule table (`model::schedule::COUNT` values).
const SCHEDULE_ROW: usize = crate::model::schedule::COUNT * F64;

impl Plan {
    /// The plan of `paths` paths of `steps` rows, `columns` columns and
    /// `claims` claims, with `workers` threads.
    pub fn new(
        steps: usize,
        columns: usize,
        claims: usize,
        paths: usize,
        workers: usize,
        mode: super::PercentileMode,
    ) -> Plan {
        let cells = columns.saturating_mul(steps).max(1);
        let exact = match mode {
            super::PercentileMode::Exact => true,
            super::PercentileMode::Sketch => false,
            super::PercentileMode::Auto => {
                let values = paths.saturating_mul(cells).saturating_mul(F64);
                let histograms = cells.saturating_mul(STRIDE * COUNT);
                values <= EXACT_BUDGET_BYTES.max(histograms.saturating_mul(2))
            }
        };
        let per_path = cells.saturating_mul(if exact { F64 } else { SLOT });
        let batch = (BATCH_BUDGET_BYTES / per_path / LANES * LANES).clamp(LANES, BATCH);
        let pilot = if exact {
            0
        } else {
            let affordable = (EXACT_BUDGET_BYTES / cells.saturating_mul(F64)).max(LANES);
            paths.min(PILOT_PATHS).min(affordable)
        };
        let chunks = paths.div_ceil(CHUNK).max(1);
        Plan {
            steps,
            columns,
            claims,
            paths,
            workers: workers.clamp(1, chunks),
            exact,
            batch,
            pilot,
            extra_steps: 0,
            statistics: 6,
        }
    }

    /// Cells: one per (column, step).
    pub fn cells(&self) -> usize {
        self.columns.saturating_mul(self.steps)
    }

    /// A worker's rational-expectations solver: the guessed, simulated and
    /// averaged paths of its three expectations for a group of lanes, and one
    /// lane's prefix sums, over every simulated row.
    fn solver_bytes(&self) -> usize {
        if self.extra_steps == 0 {
            return 0;
        }
        let rows = self.steps.saturating_add(self.extra_steps).saturating_add(1);
        rows.saturating_mul(9 * LANE + F64)
    }

    /// Largest memory the run's buffers take at once, bytes (saturating).
    pub fn bytes(&self) -> usize {
        let cells = self.cells();
        let chunks = self.paths.div_ceil(CHUNK);
        let histograms = cells.saturating_mul(STRIDE * COUNT + 2 * F64);
        // Each worker: its batch, its lane sums of a chunk, its claims' metrics,
        // its group's shocks, and its histograms (sketch) or its chunk's values (exact).
        let batch = self.batch.saturating_mul(cells).saturating_mul(if self.exact { F64 } else { SLOT });
        let worker = [
            batch,
            cells.saturating_mul(LANE),
            self.claims.saturating_mul(self.steps).saturating_mul(LANE),
            self.steps.saturating_mul(SHOCK_INPUTS * LANE),
            if self.exact { 0 } else { histograms },
            self.solver_bytes(),
        ]
        .iter()
        .fold(0usize, |a, &b| a.saturating_add(b));
        // Shared: the schedule table, every chunk's sums and counts, the
        // exact values (or the pilot's values, its ranges and the template
        // histograms), and the result's means and percentiles.
        let kept_values = if self.exact { self.paths } else { self.pilot };
        let shared = [
            (self.steps + 2).saturating_add(self.extra_steps).saturating_mul(SCHEDULE_ROW),
            chunks.saturating_mul(cells.saturating_mul(F64).saturating_add(self.claims * F64)),
            kept_values.saturating_mul(cells).saturating_mul(F64),
            kept_values.saturating_mul(F64),
            if self.exact { 0 } else { histograms.saturating_add(cells.saturating_mul(2 * F64)) },
            cells.saturating_mul(self.statistics).saturating_mul(F64),
        ]
        .iter()
        .fold(0usize, |a, &b| a.saturating_add(b));
        worker.saturating_mul(self.workers).saturating_add(shared)
    }
}

/// `bytes` in MiB, for messages.
pub fn mib(bytes: usize) -> f64 {
    bytes as f64 / (1u64 << 20) as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mc::PercentileMode;

    #[test]
    fn the_batch_shrinks_for_long_runs_and_stays_whole_lane_groups() {
        // 10 columns x 81 rows: the full batch.
        assert_eq!(Plan::new(81, 10, 4, 1000, 2, PercentileMode::Auto).batch, BATCH);
        // 10 columns x 10,001 rows, exact: 8 MiB / 800 kB = 10 paths -> 8.
        let long = Plan::new(10_001, 10, 4, 1, 1, PercentileMode::Auto);
        assert!(long.exact);
        assert_eq!(long.batch, LANES);
        // Never below one lane group, always a multiple of it.
        for steps in [1, 7, 81, 999, 12_345, 1_000_001] {
            for mode in [PercentileMode::Exact, PercentileMode::Sketch] {
                let plan = Plan::new(steps, 10, 0, 5000, 2, mode);
                assert!(plan.batch >= LANES && plan.batch <= BATCH && plan.batch % LANES == 0, "{plan:?}");
            }
        }
    }

    #[test]
    fn the_issue_16_request_needs_a_bounded_amount() {
        // `run.years=200, run.dt=0.0002, paths 1`: 1,000,001 rows x 10 columns.
        // v1 asked for 10 x 1,000,001 x 1024 x 8 bytes (80 GB) for its batch alone.
        let plan = Plan::new(1_000_001, 10, 4, 1, 8, PercentileMode::Auto);
        assert!(plan.exact);
        assert_eq!(plan.workers, 1, "one chunk keeps one worker busy");
        let bytes = plan.bytes();
        assert!(bytes > 1 << 30 && bytes < 4 << 30, "{} MiB", mib(bytes));
    }

    #[test]
    fn the_mode_does_not_depend_on_the_thread_count() {
        for (steps, paths) in [(81, 100), (81, 1 << 20), (100_001, 3), (100_001, 40_000)] {
            let one = Plan::new(steps, 10, 2, paths, 1, PercentileMode::Auto);
            let many = Plan::new(steps, 10, 2, paths, 64, PercentileMode::Auto);
            assert_eq!((one.exact, one.batch, one.pilot), (many.exact, many.batch, many.pilot));
            assert!(many.bytes() >= one.bytes());
        }
    }

    #[test]
    fn huge_requests_saturate_instead_of_overflowing() {
        let plan = Plan::new(usize::MAX / 2, usize::MAX / 2, 3, u32::MAX as usize, 8, PercentileMode::Sketch);
        assert_eq!(plan.bytes(), usize::MAX);
    }
}
