//! The lane kernel against the scalar reference path, and its two vector
//! builds against each other.

use super::simd::Portable;
use super::*;
use crate::model::timeline::Timeline;
use crate::output::Row;
use crate::presets::PresetResolver;

/// Paths per preset: one full group and a short one.
const PATHS: usize = LANES + 5;

/// Every column of every step of paths `0..PATHS`, by the lane kernel in build `V`.
fn lane_rows<V: F64x4>(spec: &PathSpec) -> Vec<Vec<Vec<f64>>> {
    let columns: Vec<LaneColumn> =
        (0..COLUMNS.len()).map(|c| LaneColumn::of(Column(c)).expect("every column has a lane formula")).collect();
    let mut runner = LaneRunner::new(spec, &columns);
    let mut rows = vec![Vec::new(); PATHS];
    for first in (0..PATHS).step_by(LANES) {
        let count = LANES.min(PATHS - first);
        runner
            .run::<V>(first as u64, count, |t, row, params| {
                let year = spec.base_timeline.steps[t].year;
                let mut values = vec![[0.0; LANES]; columns.len()];
                for (out, &column) in values.iter_mut().zip(&columns) {
                    row.column(column, t, year, params, out);
                }
                for (l, path) in rows[first..first + count].iter_mut().enumerate() {
                    path.push(values.iter().map(|lanes| lanes[l]).collect());
                }
            })
            .expect("the path runs");
    }
    rows
}

fn with_spec(name: &str, check: impl FnOnce(&PathSpec)) {
    let scenario = crate::load(name, &PresetResolver, &[]).expect("preset loads");
    let base = scenario.model_params();
    let timeline = Timeline::build(&base);
    let shocks = scenario.shocks.any().then_some(scenario.shocks);
    let spec = PathSpec { base: &base, base_timeline: &timeline, uncertain: &scenario.uncertain, shocks, seed: 7 };
    check(&spec);
}

#[test]
fn every_lane_matches_the_scalar_reference_path_on_every_preset() {
    let mut worst: f64 = 0.0;
    for name in crate::presets::names() {
        with_spec(name, |spec| {
            let lanes = lane_rows::<Portable>(spec);
            let mut reference = PathRunner::new(spec);
            for (k, lane_path) in lanes.iter().enumerate() {
                let mut rows: Vec<Row> = Vec::new();
                reference.run(k as u64, |_, row| rows.push(*row)).expect("the reference runs");
                assert_eq!(rows.len(), lane_path.len(), "{name}: steps");
                for (t, (row, lane_row)) in rows.iter().zip(lane_path).enumerate() {
                    for (c, (&expected, &got)) in row.values().iter().zip(lane_row).enumerate() {
                        let error = (got - expected).abs() / expected.abs().max(1e-3);
                        worst = worst.max(error);
                        assert!(
                            error < 1e-9,
                            "{name} path {k} step {t} `{}`: lanes {got}, reference {expected}",
                            COLUMNS[c].name
                        );
                    }
                }
            }
        });
    }
    eprintln!("worst relative difference, lanes vs reference: {worst:e}");
    // The kernel's exp and ln are within 2 ulp of the standard library's;
    // over 40 steps of feedback the paths stay this close.
    assert!(worst < 1e-9, "worst relative difference {worst:e}");
}

#[test]
fn the_avx2_build_gives_the_portable_build_bit_for_bit() {
    if !has_avx2() {
        eprintln!("this processor has no AVX2: only the portable build runs here");
        return;
    }
    #[cfg(target_arch = "x86_64")]
    for name in crate::presets::names() {
        with_spec(name, |spec| {
            let portable = lane_rows::<Portable>(spec);
            let avx2 = lane_rows::<super::simd::Avx2>(spec);
            assert!(portable == avx2, "{name}: the builds differ");
        });
    }
}

#[test]
fn the_first_path_to_fail_is_reported_whatever_the_thread_count() {
    // Money growth drawn from 4% to 400%/yr for 90 years: a path that draws
    // little more than 4% lets the debt outrun GDP until the effective rate
    // overflows (with seed 7 the first is in the third chunk of 1024 paths).
    let overrides = ["run.regime=quantity", "run.years=90", "run.dt=1", "uncertain.money.growth=uniform(0.04, 4)"];
    let overrides: Vec<String> = overrides.iter().map(|s| s.to_string()).collect();
    let scenario = crate::load("baseline", &PresetResolver, &overrides).expect("scenario loads");
    let base = scenario.model_params();
    let timeline = Timeline::build(&base);
    let spec =
        PathSpec { base: &base, base_timeline: &timeline, uncertain: &scenario.uncertain, shocks: None, seed: 7 };
    let mut reference = PathRunner::new(&spec);
    let first_failing = (0..5000u64).find(|&k| reference.run(k, |_, _| {}).is_err()).expect("some path fails");
    assert!(first_failing > 2 * 1024, "the test wants a failure after some good chunks, got {first_failing}");
    let options = crate::mc::McOptions {
        paths: 5000,
        seed: 7,
        columns: vec![Column::by_name("debt_gdp").expect("a column")],
        draws: true,
        shocks: false,
        percentiles: crate::mc::PercentileMode::Auto,
    };
    for threads in [1, 2, 3] {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("a pool");
        match pool.install(|| crate::mc::run(&scenario, &options, &|_| {})) {
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
    let overrides = ["uncertain.energy.supply_elasticity=uniform(0.0001, 8)".to_string()];
    let scenario = crate::load("energy-bound", &PresetResolver, &overrides).expect("scenario loads");
    let base = scenario.model_params();
    let timeline = Timeline::build(&base);
    let spec =
        PathSpec { base: &base, base_timeline: &timeline, uncertain: &scenario.uncertain, shocks: None, seed: 1 };
    let column = Column::by_name("energy_price").expect("a column");
    let mut reference = PathRunner::new(&spec);
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
            percentiles: mode,
        };
        for threads in [1, 2, 3] {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("a pool");
            match pool.install(|| crate::mc::run(&scenario, &options, &|_| {})) {
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
