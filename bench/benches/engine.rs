//! Criterion benches: one deterministic path, one timeline rebuild, and the
//! Monte Carlo loop (sketch percentiles) on one and on all threads.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use debtlab_bench::{mc_options, preset};
use debtlab_core::mc::{self, PercentileMode};
use debtlab_core::model::{self, timeline::Timeline, Shocks, State};

fn one_path(c: &mut Criterion) {
    let mut group = c.benchmark_group("one_path");
    for name in ["baseline", "musk-abundance", "debt-deflation"] {
        let params = preset(name).model_params();
        let timeline = Timeline::build(&params);
        group.throughput(Throughput::Elements(timeline.steps.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| {
                let mut state = State::start(&params);
                let mut last = 0.0;
                for x in &timeline.steps {
                    last = model::step(&params, &timeline.constants, x, &mut state, &Shocks::default()).debt_gdp;
                }
                last
            })
        });
    }
    group.finish();
}

fn timeline_rebuild(c: &mut Criterion) {
    let params = preset("musk-abundance").model_params();
    let mut timeline = Timeline::build(&params);
    c.bench_function("timeline_rebuild/musk-abundance", |b| b.iter(|| timeline.rebuild_time_paths(&params)));
}

fn monte_carlo(c: &mut Criterion) {
    let mut group = c.benchmark_group("monte_carlo");
    group.sample_size(10);
    let paths = 50_000;
    for name in ["baseline", "musk-abundance"] {
        let scenario = preset(name);
        let options = mc::McOptions { percentiles: PercentileMode::Sketch, ..mc_options(paths) };
        group.throughput(Throughput::Elements((paths * (scenario.model_params().run.steps() + 1)) as u64));
        for threads in [1, 2] {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("pool");
            group.bench_function(format!("{name}/{threads}_threads"), |b| {
                b.iter_batched(
                    || (),
                    |_| pool.install(|| mc::run(&scenario, &options, &|_| {}).expect("runs")),
                    BatchSize::PerIteration,
                )
            });
        }
    }
    group.finish();
}

criterion_group!(benches, one_path, timeline_rebuild, monte_carlo);
criterion_main!(benches);
