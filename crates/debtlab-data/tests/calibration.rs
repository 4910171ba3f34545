//! The `baseline` preset against CBO's January 2025 baseline: every fiscal
//! year FY2026-2035 on all five series of MODEL.md section 8 at once.

use debtlab_core::calibration::{compare, Backcast, SERIES};
use debtlab_core::presets::PresetResolver;
use debtlab_data::cbo;

#[test]
fn baseline_meets_cbo_on_every_series_in_every_year() {
    let scenario = debtlab_core::load("baseline", &PresetResolver, &["run.years=11".to_string()]).unwrap();
    let run = scenario.run().unwrap();
    let gaps = compare(&run, Backcast::of(&scenario.model_params()), &cbo::targets().unwrap()).unwrap();
    assert_eq!(gaps.len(), SERIES.len() * 10);
    let misses: Vec<String> = gaps
        .iter()
        .filter(|g| !g.within())
        .map(|g| {
            format!("{} FY{}: {:+.3} points (tolerance {})", g.series, g.fiscal_year, g.gap_points, g.tolerance_points)
        })
        .collect();
    assert!(misses.is_empty(), "outside tolerance:\n{}", misses.join("\n"));
}

#[test]
fn a_scenario_off_cbos_path_is_caught() {
    // Revenue two points of labor income lower: revenue and the deficit miss.
    let sets = ["run.years=11".to_string(), "fiscal.tax_labor=0.22".to_string()];
    let scenario = debtlab_core::load("baseline", &PresetResolver, &sets).unwrap();
    let run = scenario.run().unwrap();
    let gaps = compare(&run, Backcast::of(&scenario.model_params()), &cbo::targets().unwrap()).unwrap();
    assert!(gaps.iter().any(|g| g.series == "revenue_gdp" && !g.within()));
    assert!(gaps.iter().any(|g| g.series == "primary_deficit_gdp" && !g.within()));
}
