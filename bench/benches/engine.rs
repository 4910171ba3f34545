//! Criterion benches: one deterministic run, and the Monte Carlo loop
//! (sketch percentiles) on one and on all threads.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use debtlab_bench::{mc_options, preset};
use debtlab_core::mc::{self, PercentileMode};
use debtlab_core::model;

/// A whole deterministic run (every column of every row), as `debtlab run` makes it.
fn one_path(c: &mut Criterion) {
    let mut group = c.benchmark_group("one_path");
    for name in ["baseline", "musk-abundance", "debt-deflation"] {
        let params = preset(name).model_params();
        group.throughput(Throughput::Elements((params.run.steps() + 1) as u64));
        group.bench_function(name, |b| b.iter(|| model::simulate(&params).expect("runs").rows.len()));
    }
    group.finish();
}

fn monte_carlo(c: &mut Criterion) {
    let mut group = c.benchmark_group("monte_carlo");
    group.sample_size(10);
    let paths = 50_000;
    for name in ["baseline", "musk-abundance"] {
        let scenario = preset(name);
        let options = mc::McOptions { percentile_method: PercentileMode::Sketch, ..mc_options(paths) };
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

criterion_group!(benches, one_path, monte_carlo);
criterion_main!(benches);
