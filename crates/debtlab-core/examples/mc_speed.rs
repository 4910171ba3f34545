//! Monte Carlo throughput for profiling (perf, callgrind); bench/ has the
//! reference measurements: `cargo run --release --example mc_speed -- PRESET PATHS`.
//!
//! Switches, to take a run apart (each by its presence): `NO_DRAWS`,
//! `NO_SHOCKS`, `SKETCH` (histograms whatever the size), and
//! `COLUMNS=a,b,c` (the default ten otherwise). Instruction counts are
//! repeatable, unlike timings on a shared machine:
//! `NO_SHOCKS=1 valgrind --tool=callgrind target/release/examples/mc_speed musk-abundance 100000`,
//! and the difference with and without a switch is that part's cost.
//! `bench/callgrind_lines.py` charges such a profile's instructions to source
//! lines, and `bench/compare_speed.sh` times builds of this example against
//! each other (interleaved, or side by side on the two cores).
use debtlab_core::mc::{self, McOptions, PercentileMode};
use debtlab_core::output::Column;
use debtlab_core::presets::PresetResolver;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let preset = args.get(1).map(String::as_str).unwrap_or("musk-abundance");
    let paths: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(200_000);
    let scenario = debtlab_core::load(preset, &PresetResolver, &[]).unwrap();
    // COLUMNS=a,b,c summarises other columns (the default ten otherwise).
    let names = std::env::var("COLUMNS").unwrap_or_else(|_| mc::DEFAULT_COLUMNS.join(","));
    let columns = names.split(',').map(|c| Column::by_name(c).expect("a column name")).collect();
    let options = McOptions {
        paths,
        seed: 1,
        columns,
        draws: std::env::var("NO_DRAWS").is_err(),
        shocks: std::env::var("NO_SHOCKS").is_err(),
        percentiles: debtlab_core::mc::DEFAULT_PERCENTILES.to_vec(),
        percentile_method: if std::env::var("SKETCH").is_ok() { PercentileMode::Sketch } else { PercentileMode::Auto },
    };
    let start = std::time::Instant::now();
    let result = mc::run(&scenario, &options, &|_| {}).unwrap();
    let seconds = start.elapsed().as_secs_f64();
    let steps = result.years.len();
    println!(
        "{preset}: {paths} paths x {steps} steps in {seconds:.3} s = {:.3e} path-steps/s (exact: {})",
        (paths * steps) as f64 / seconds,
        result.exact
    );
    let last = steps - 1;
    let d = &result.columns[0];
    println!(
        "debt_gdp at end: mean {:.4} p5 {:.4} p50 {:.4} p95 {:.4} (error bound {:.2e})",
        d.mean[last], d.percentiles[last][0], d.percentiles[last][2], d.percentiles[last][4], d.error_bound
    );
    for c in &result.claims {
        println!("  {}: p = {:.4} +/- {:.4}", c.claim.name, c.probability, c.std_error);
    }
}
