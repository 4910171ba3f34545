//! A Monte Carlo run in three steps, so its chunks can run anywhere:
//! [`Setup`] (checks, and the pilot that fixes the histograms' ranges),
//! [`run_part`] (any range of chunks: its sums, claim counts, and exact values
//! or histogram counts) and [`finish`] (parts merged into the summary).
//!
//! [`super::run`] is these three steps with one part holding every chunk; a
//! distributed run (Dask, in the Python package) splits the chunks over
//! parts. The result is the same bits either way: each chunk's randomness
//! depends only on (seed, path), each chunk's sums are added in chunk order
//! whatever order the parts arrive in, and claim tallies and histogram
//! counts are integers. Setups and parts travel as bytes
//! ([`Setup::to_bytes`], [`Partial::to_bytes`]).

use std::ops::Range;

use super::engine::PathSpec;
use super::job::{job_clone, ChunkTotals, ClaimJob, Iterations, Job};
use super::stats::{exact_percentile, Sketch};
use super::{memory, plan, ClaimProbability, ColumnSummary, McError, McOptions, McResult, Plan, CHUNK};
use crate::claims::ClaimSteps;
use crate::model::schedule;
use crate::params::ModelParams;
use crate::scenario::Scenario;

/// What every part of a run shares: the chunk count, the batch size, and in
/// sketch mode the histograms' ranges from the pilot.
#[derive(Debug, Clone, PartialEq)]
pub struct Setup {
    pub paths: usize,
    pub chunks: usize,
    pub exact: bool,
    /// Paths per batch inside a chunk (memory only: never changes a result).
    pub batch: usize,
    /// Each cell's (minimum, maximum) over the pilot's paths; `None` when exact.
    pub ranges: Option<Vec<(f64, f64)>>,
}

/// The totals of some chunks of a run.
pub struct Partial {
    pub(super) chunks: Vec<ChunkTotals>,
    /// Histogram counts (sketch mode).
    pub(super) counts: Option<Sketch>,
}

impl Partial {
    /// The indices of the chunks this part holds, in order.
    pub fn chunk_indices(&self) -> Vec<usize> {
        self.chunks.iter().map(|c| c.index).collect()
    }
}

/// The typed parameters, schedule and claims a run's jobs borrow: built once
/// per process for a run, whichever of its steps the process does.
pub(super) struct Prepared {
    base: ModelParams,
    table: Vec<[f64; schedule::COUNT]>,
    claims: Vec<ClaimJob>,
}

impl Prepared {
    pub(super) fn new(scenario: &Scenario) -> Prepared {
        let base = scenario.model_params();
        let table = schedule::table(&base);
        // Rows per path, `T + 1` (a rational run's table reaches past them).
        let steps = base.run.steps() + 1;
        let dt = base.run.dt;
        let claims = scenario
            .claims
            .iter()
            .map(|c| ClaimJob { claim: c.clone(), steps: ClaimSteps::new(c, dt, steps - 1) })
            .collect();
        Prepared { base, table, claims }
    }

    fn job<'a>(&'a self, scenario: &'a Scenario, options: &'a McOptions, batch: usize) -> Job<'a> {
        let shocks = (options.shocks && scenario.shocks.any()).then_some(scenario.shocks);
        let uncertain = if options.draws { &scenario.uncertain[..] } else { &[] };
        Job {
            spec: PathSpec { base: &self.base, schedule: &self.table, uncertain, shocks, seed: options.seed },
            columns: &options.columns,
            claims: self.claims.clone(),
            steps: self.base.run.steps() + 1,
            paths: options.paths,
            batch,
        }
    }
}

impl Setup {
    /// Checks `options` against the default memory budget (as [`super::run`]
    /// does) and runs the pilot in sketch mode.
    pub fn new(scenario: &Scenario, options: &McOptions) -> Result<Setup, McError> {
        super::check_paths(options)?;
        let plan = plan(scenario, options);
        super::check_budget(&plan, memory::DEFAULT_MEMORY_BUDGET_BYTES)?;
        Setup::from_plan(scenario, options, &plan, &Prepared::new(scenario))
    }

    pub(super) fn from_plan(
        scenario: &Scenario,
        options: &McOptions,
        plan: &Plan,
        prepared: &Prepared,
    ) -> Result<Setup, McError> {
        let chunks = options.paths.div_ceil(CHUNK);
        let ranges = if plan.exact {
            None
        } else {
            let job = prepared.job(scenario, options, plan.batch);
            let pilot = Job { paths: plan.pilot, ..job_clone(&job) };
            let (totals, _) = pilot.run_chunks(0..pilot.paths.div_ceil(CHUNK), None, &|_| {})?;
            Some(pilot_ranges(&totals, job.cells()))
        };
        Ok(Setup { paths: options.paths, chunks, exact: plan.exact, batch: plan.batch, ranges })
    }

    fn check(&self, options: &McOptions) -> Result<(), McError> {
        if self.paths != options.paths || self.chunks != options.paths.div_ceil(CHUNK) {
            return Err(McError::Parts(format!(
                "the setup is for {} paths, the options ask for {}",
                self.paths, options.paths
            )));
        }
        if self.batch == 0 || self.batch % super::lanes::LANES != 0 {
            return Err(McError::Parts(format!("batch {} is not a positive multiple of 8", self.batch)));
        }
        Ok(())
    }
}

/// Runs chunks `range` of the run `setup` describes, on the current rayon pool.
pub fn run_part(
    scenario: &Scenario,
    options: &McOptions,
    setup: &Setup,
    range: Range<usize>,
) -> Result<Partial, McError> {
    run_part_with(scenario, options, setup, range, &|_| {}, &Prepared::new(scenario))
}

pub(super) fn run_part_with(
    scenario: &Scenario,
    options: &McOptions,
    setup: &Setup,
    range: Range<usize>,
    progress: &(dyn Fn(usize) + Sync),
    prepared: &Prepared,
) -> Result<Partial, McError> {
    setup.check(options)?;
    if range.start > range.end || range.end > setup.chunks {
        return Err(McError::Parts(format!(
            "chunks {}..{} are outside the run's 0..{}",
            range.start, range.end, setup.chunks
        )));
    }
    let job = prepared.job(scenario, options, setup.batch);
    if let Some(ranges) = &setup.ranges {
        if ranges.len() != job.cells() {
            return Err(McError::Parts(format!("the setup has {} ranges for {} cells", ranges.len(), job.cells())));
        }
    }
    let template = setup.ranges.as_deref().map(Sketch::from_ranges);
    let (chunks, counts) = job.run_chunks(range, template.as_ref(), progress)?;
    Ok(Partial { chunks, counts: counts.or(template) })
}

/// The summary of a run from parts that hold each of its chunks once, in any order.
pub fn finish(
    scenario: &Scenario,
    options: &McOptions,
    setup: &Setup,
    parts: Vec<Partial>,
) -> Result<McResult, McError> {
    finish_with(scenario, options, setup, parts, &Prepared::new(scenario))
}

pub(super) fn finish_with(
    scenario: &Scenario,
    options: &McOptions,
    setup: &Setup,
    parts: Vec<Partial>,
    prepared: &Prepared,
) -> Result<McResult, McError> {
    setup.check(options)?;
    super::check_percentiles(&options.percentiles)?;
    let job = prepared.job(scenario, options, setup.batch);
    let (cells, steps) = (job.cells(), job.steps);
    let mut sketch: Option<Sketch> = setup.ranges.as_deref().map(Sketch::from_ranges);
    let mut totals: Vec<ChunkTotals> = Vec::with_capacity(setup.chunks);
    for part in parts {
        match (&mut sketch, &part.counts) {
            (Some(s), Some(c)) if c.same_shape(s) => s.merge(c),
            (None, None) => {}
            _ => return Err(McError::Parts("a part's histograms do not match the setup".into())),
        }
        totals.extend(part.chunks);
    }
    totals.sort_by_key(|t| t.index);
    for (expected, chunk) in totals.iter().enumerate() {
        if chunk.index != expected {
            let what = if chunk.index < expected { "twice" } else { "missing" };
            let index = if chunk.index < expected { chunk.index } else { expected };
            return Err(McError::Parts(format!("chunk {index} is {what}")));
        }
        let len = CHUNK.min(setup.paths - expected * CHUNK);
        let values_ok = match &chunk.values {
            Some(v) => setup.exact && v.len() == cells * len,
            None => !setup.exact,
        };
        if chunk.sums.len() != cells || chunk.holds.len() != scenario.claims.len() || !values_ok {
            return Err(McError::Parts(format!("chunk {expected} has the wrong shape for this run")));
        }
    }
    if totals.len() != setup.chunks {
        return Err(McError::Parts(format!("chunk {} is missing", totals.len())));
    }

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
    let mut scratch = Vec::with_capacity(if setup.exact { options.paths } else { 0 });
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
                let mut row = vec![0.0; options.percentiles.len()];
                match &sketch {
                    None => {
                        gather(&totals, cell, &mut scratch);
                        for (slot, &q) in row.iter_mut().zip(&options.percentiles) {
                            *slot = exact_percentile(&mut scratch, q);
                        }
                    }
                    Some(sketch) => {
                        error_bound = error_bound.max(sketch.bin_width(cell));
                        for (slot, &q) in row.iter_mut().zip(&options.percentiles) {
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
    let dt = prepared.base.run.dt;
    let solved = totals.iter().fold(Iterations::default(), |all, chunk| all.merge(chunk.iterations));
    let rational = (prepared.base.prices.expectations == crate::params::Expectations::Rational).then_some(solved);
    Ok(McResult {
        paths: options.paths,
        seed: options.seed,
        dt,
        years,
        exact: setup.exact,
        percentiles: options.percentiles.clone(),
        columns,
        claims,
        rational,
    })
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mc::{run, PercentileMode};
    use crate::output::Column;

    fn options(paths: usize, method: PercentileMode) -> McOptions {
        let columns = ["debt_gdp", "inflation"].map(|n| Column::by_name(n).expect("a column"));
        McOptions {
            paths,
            seed: 5,
            columns: columns.to_vec(),
            draws: true,
            shocks: true,
            percentiles: super::super::DEFAULT_PERCENTILES.to_vec(),
            percentile_method: method,
        }
    }

    /// Chunks split over parts, sent as bytes and merged in a scrambled order
    /// give the one-process run's result bit for bit, exact and sketch.
    #[test]
    fn parts_in_any_order_give_the_whole_run() {
        let scenario = crate::scenario::load("critics-fair", &crate::presets::PresetResolver, &[]).expect("a preset");
        for mode in [PercentileMode::Exact, PercentileMode::Sketch] {
            let o = options(3 * CHUNK + 100, mode);
            let whole = run(&scenario, &o, &|_| {}).expect("runs");
            let setup = Setup::from_bytes(&Setup::new(&scenario, &o).expect("a setup").to_bytes()).expect("decodes");
            let parts: Vec<Partial> = [2..4, 0..1, 1..2]
                .into_iter()
                .map(|r| {
                    let part = run_part(&scenario, &o, &setup, r).expect("runs");
                    Partial::from_bytes(&part.to_bytes()).expect("decodes")
                })
                .collect();
            assert_eq!(finish(&scenario, &o, &setup, parts).expect("merges"), whole, "{mode:?}");
        }
    }

    #[test]
    fn a_missing_or_repeated_chunk_is_named() {
        let scenario = crate::scenario::load("baseline", &crate::presets::PresetResolver, &[]).expect("a preset");
        let o = options(2 * CHUNK, PercentileMode::Exact);
        let setup = Setup::new(&scenario, &o).expect("a setup");
        let part = |r| run_part(&scenario, &o, &setup, r).expect("runs");
        let missing = finish(&scenario, &o, &setup, vec![part(0..1)]).unwrap_err().to_string();
        assert!(missing.contains("chunk 1 is missing"), "{missing}");
        let twice = finish(&scenario, &o, &setup, vec![part(0..2), part(1..2)]).unwrap_err().to_string();
        assert!(twice.contains("chunk 1 is twice"), "{twice}");
        let outside = run_part(&scenario, &o, &setup, 1..3).err().expect("refused").to_string();
        assert!(outside.contains("outside the run's 0..2"), "{outside}");
    }

    /// Truncated, padded or altered bytes give an error, never a panic.
    #[test]
    fn bad_bytes_are_refused() {
        let scenario = crate::scenario::load("baseline", &crate::presets::PresetResolver, &[]).expect("a preset");
        let o = options(CHUNK, PercentileMode::Sketch);
        let setup = Setup::new(&scenario, &o).expect("a setup");
        let bytes = run_part(&scenario, &o, &setup, 0..1).expect("runs").to_bytes();
        for cut in [0, 7, 8, 20, bytes.len() / 2, bytes.len() - 1] {
            assert!(Partial::from_bytes(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(Partial::from_bytes(&longer).is_err());
        let mut huge = bytes.clone();
        huge[8..16].copy_from_slice(&u64::MAX.to_le_bytes());
        assert!(Partial::from_bytes(&huge).is_err());
        assert!(Setup::from_bytes(b"DLMCSET1").is_err());
    }
}
