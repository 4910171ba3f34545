//! Benchmarks live in `benches/` (criterion) and `throughput.sh` (the
//! Monte Carlo throughput against the numpy reference). This library only
//! holds what they share.

use debtlab_core::mc::McOptions;
use debtlab_core::output::Column;
use debtlab_core::presets::PresetResolver;
use debtlab_core::Scenario;

pub fn preset(name: &str) -> Scenario {
    debtlab_core::load(name, &PresetResolver, &[]).expect("preset loads")
}

/// Monte Carlo options as `debtlab mc` sets them by default.
pub fn mc_options(paths: usize) -> McOptions {
    McOptions {
        paths,
        seed: 1,
        columns: debtlab_core::mc::DEFAULT_COLUMNS.iter().map(|c| Column::by_name(c).expect("column")).collect(),
        draws: true,
        shocks: true,
        percentiles: debtlab_core::mc::DEFAULT_PERCENTILES.to_vec(),
        percentile_method: debtlab_core::mc::PercentileMode::Auto,
    }
}
