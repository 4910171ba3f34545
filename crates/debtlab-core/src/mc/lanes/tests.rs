//! Groups of lanes against one path at a time (the same `model::step` on
//! `f64`), and the vector builds against each other.

use super::*;
use crate::mc::engine::PathRunner;
use crate::model::schedule;
use crate::num::{Pair, Portable};
use crate::presets::PresetResolver;

/// Paths per preset: one full group and a short one.
const PATHS: usize = LANES + 5;

/// Every column of every step of paths `0..PATHS`, by groups of lanes in build `V`.
fn lane_rows<V: Kernel>(spec: &PathSpec) -> Vec<Vec<Vec<f64>>> {
    let columns: Vec<Column> = (0..COLUMNS.len()).map(Column).collect();
    let mut runner = GroupRunner::<V>::new(spec, &columns);
    let mut rows = vec![Vec::new(); PATHS];
    for first in (0..PATHS).step_by(LANES) {
        let count = LANES.min(PATHS - first);
        runner
            .run(first as u64, count, |_, values, params| {
                let mut lanes = vec![[0.0; LANES]; columns.len()];
                for (out, &column) in lanes.iter_mut().zip(&columns) {
                    column_lanes(column, values, params, out);
                }
                for (l, path) in rows[first..first + count].iter_mut().enumerate() {
                    path.push(lanes.iter().map(|lane| lane[l]).collect());
                }
            })
            .expect("the path runs");
    }
    rows
}

/// `check` on a spec of preset `name` with `overrides`; shocks only where `shocks` asks.
fn with_spec(name: &str, overrides: &[&str], seed: u64, shocks: bool, check: impl FnOnce(&PathSpec, &crate::Scenario)) {
    let overrides: Vec<String> = overrides.iter().map(|s| s.to_string()).collect();
    let scenario = crate::load(name, &PresetResolver, &overrides).expect("scenario loads");
    let base = scenario.model_params();
    let table = schedule::table(&base);
    let shocks = (shocks && scenario.shocks.any()).then_some(scenario.shocks);
    let spec = PathSpec { base: &base, schedule: &table, uncertain: &scenario.uncertain, shocks, seed };
    check(&spec, &scenario);
}

/// Every preset as it is and under rational expectations (issue 14), and
/// two with the recession chain on (issue 17: its draws come from each
/// path's stream like the shocks').
fn cases() -> Vec<(&'static str, &'static [&'static str])> {
    const RECESSION: &[&str] = &["shocks.recession.entry=0.4", "shocks.recession.duration=1"];
    let mut cases: Vec<(&'static str, &'static [&'static str])> =
        crate::presets::names().flat_map(|n| [(n, &[] as &[&str]), (n, &RATIONAL[..])]).collect();
    cases.extend([("baseline", RECESSION), ("musk-abundance", RECESSION)]);
    cases
}

#[test]
fn every_lane_is_its_one_path_run_on_every_preset() {
    let mut compared = 0;
    for (name, overrides) in cases() {
        with_spec(name, overrides, 7, true, |spec, _| {
            let lanes = lane_rows::<Pair<Portable>>(spec);
            let mut reference = PathRunner::new(spec);
            for (k, lane_path) in lanes.iter().enumerate() {
                let mut rows: Vec<Row> = Vec::new();
                reference.run(k as u64, |_, row| rows.push(*row)).expect("the reference runs");
                assert_eq!(rows.len(), lane_path.len(), "{name}: steps");
                for (t, (row, lane_row)) in rows.iter().zip(lane_path).enumerate() {
                    for (c, (&expected, &got)) in row.values().iter().zip(lane_row).enumerate() {
                        // The same code on the same inputs: the same bits. The
                        // contract (MODEL.md 5.3) asks 1e-11 relative; check both.
                        let error = (got - expected).abs() / expected.abs().max(1e-300);
                        assert!(error <= 1e-11, "{name} path {k} step {t} `{}`: {got} vs {expected}", COLUMNS[c].name);
                        assert_eq!(got.to_bits(), expected.to_bits(), "{name} path {k} step {t} `{}`", COLUMNS[c].name);
                        compared += 1;
                    }
                }
            }
        });
    }
    assert!(compared > 200_000, "{compared} values compared");
}

const RATIONAL: [&str; 1] = ["prices.expectations=rational"];

/// Without draws and shocks, a group's lanes solve rational expectations to
/// the deterministic run's bits, in the same number of iterations.
#[test]
fn a_quiet_rational_lane_is_the_deterministic_run() {
    for name in ["baseline", "critics-fair", "musk-abundance", "debt-deflation"] {
        with_spec(name, &RATIONAL, 3, false, |spec, scenario| {
            let quiet = PathSpec { uncertain: &[], ..*spec };
            let run = scenario.run().expect("the run solves");
            let lanes = lane_rows::<Pair<Portable>>(&quiet);
            for (t, row) in run.rows.iter().enumerate() {
                for (c, expected) in row.values().iter().enumerate() {
                    assert_eq!(lanes[4][t][c].to_bits(), expected.to_bits(), "{name} step {t} `{}`", COLUMNS[c].name);
                }
            }
            let mut runner = GroupRunner::<Pair<Portable>>::new(&quiet, &[]);
            runner.run(0, LANES, |_, _, _| {}).expect("runs");
            let iterations = run.solution.iterations().expect("rational");
            assert_eq!(runner.iterations, [iterations; LANES], "{name}");
        });
    }
}

#[test]
fn the_avx2_build_gives_the_portable_build_bit_for_bit() {
    if !has_avx2_fma() {
        eprintln!("this processor has no AVX2: only the portable build runs here");
        return;
    }
    #[cfg(target_arch = "x86_64")]
    for (name, overrides) in cases() {
        with_spec(name, overrides, 7, true, |spec, _| {
            let portable = lane_rows::<Pair<Portable>>(spec);
            // SAFETY: the processor has AVX2 and FMA (checked above).
            let avx2 = unsafe { avx2_rows(spec) };
            assert!(portable == avx2, "{name}: the builds differ");
        });
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
unsafe fn avx2_rows(spec: &PathSpec) -> Vec<Vec<Vec<f64>>> {
    lane_rows::<Pair<crate::num::Avx2>>(spec)
}

#[test]
fn the_first_path_to_fail_is_reported_whatever_the_thread_count() {
    // Money growth drawn from 4.4% to 400%/yr for 90 years: a path that draws
    // little more than 4.4% lets the debt outrun GDP until it overflows (with
    // seed 7 the first is path 2557, in the third chunk of 1024 paths).
    let overrides = ["policy.rule=money", "run.years=90", "run.dt=1", "uncertain.money.growth=uniform(0.044, 4)"];
    with_spec("baseline", &overrides, 7, false, first_failure_is_reported);
}

fn first_failure_is_reported(spec: &PathSpec, scenario: &crate::Scenario) {
    let mut reference = PathRunner::new(spec);
    let first_failing = (0..5000u64).find(|&k| reference.run(k, |_, _| {}).is_err()).expect("some path fails");
    assert!(first_failing > 2 * 1024, "the test wants a failure after some good chunks, got {first_failing}");
    let options = crate::mc::McOptions {
        paths: 5000,
        seed: 7,
        columns: vec![Column::by_name("debt_gdp").expect("a column")],
        draws: true,
        shocks: false,
        percentiles: crate::mc::DEFAULT_PERCENTILES.to_vec(),
        percentile_method: crate::mc::PercentileMode::Auto,
    };
    for threads in [1, 2, 3] {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("a pool");
        match pool.install(|| crate::mc::run(scenario, &options, &|_| {})) {
            Err(crate::mc::McError::Path(PathError::NonFinite { path, source })) => {
                assert_eq!(path, first_failing, "{threads} threads");
                assert!(source.value.is_infinite() || source.value.is_nan(), "{source}");
            }
            other => panic!("{threads} threads: expected the path's failure, got {other:?}"),
        }
    }
}

#[test]
fn a_summarised_column_that_overflows_is_reported_in_both_percentile_modes() {
    // energy-bound is short of energy; with the supply elasticity drawn down
    // to 1e-4 from 8, the markup `shortage^(1/elasticity)` of a rare path overflows.
    // The energy price is only reported, so the path's state stays finite and
    // only the statistics see it. The sketch checks sums, not values, and
    // must name the same path, step and column as the exact mode.
    let overrides = ["uncertain.energy.supply_elasticity=uniform(0.0001, 8)"];
    with_spec("energy-bound", &overrides, 1, false, overflow_is_reported);
}

fn overflow_is_reported(spec: &PathSpec, scenario: &crate::Scenario) {
    let column = Column::by_name("energy_price").expect("a column");
    let mut reference = PathRunner::new(spec);
    let mut first_overflow = |k: u64| {
        let mut step = None;
        reference
            .run(k, |t, row: &Row| {
                if step.is_none() && !row.get(column).is_finite() {
                    step = Some(t);
                }
            })
            .expect("the state stays finite");
        step.map(|t| (k, t))
    };
    let paths = 24_000;
    let (path, step) = (0..paths as u64).find_map(&mut first_overflow).expect("some path overflows");
    // Past the sketch's pilot, so that the binned pass must find it (with seed 1, path 19868).
    assert!(path > crate::mc::PILOT_PATHS as u64, "the test wants a failure after the pilot, got path {path}");
    for mode in [crate::mc::PercentileMode::Exact, crate::mc::PercentileMode::Sketch] {
        let options = crate::mc::McOptions {
            paths,
            seed: 1,
            columns: vec![column],
            draws: true,
            shocks: false,
            percentiles: crate::mc::DEFAULT_PERCENTILES.to_vec(),
            percentile_method: mode,
        };
        for threads in [1, 2, 3] {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("a pool");
            match pool.install(|| crate::mc::run(scenario, &options, &|_| {})) {
                Err(crate::mc::McError::Path(PathError::NonFinite { path: reported, source })) => {
                    let found = (reported, source.step, source.variable);
                    assert_eq!(found, (path, step, "energy_price"), "{mode:?}, {threads} threads");
                    assert!(source.value.is_infinite(), "{source}");
                }
                other => panic!("{mode:?}, {threads} threads: expected path {path} to fail, got {other:?}"),
            }
        }
    }
}
