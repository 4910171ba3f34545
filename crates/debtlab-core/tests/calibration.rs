//! The baseline preset against CBO's January 2025 baseline.

mod common;

use common::{preset, run};
use debtlab_core::calibration::fiscal_year;

/// CBO, The Budget and Economic Outlook: 2025 to 2035 (January 2025,
/// publication 60870): fiscal year, debt held by the public (% of GDP),
/// net interest ($bn), GDP ($bn).
const CBO_JAN_2025: &[(i32, f64, f64, f64)] = &[
    (2026, 102.0, 1010.0, 31340.0),
    (2027, 103.0, 1075.0, 32537.0),
    (2028, 105.0, 1164.0, 33763.0),
    (2029, 107.0, 1247.0, 35045.0),
    (2030, 109.0, 1328.0, 36392.0),
    (2031, 111.0, 1417.0, 37790.0),
    (2032, 113.0, 1514.0, 39250.0),
    (2033, 115.0, 1605.0, 40765.0),
    (2034, 117.0, 1694.0, 42328.0),
    (2035, 118.0, 1783.0, 43933.0),
];

#[test]
fn baseline_tracks_cbo_debt_and_interest_for_fy2026_to_2035() {
    // FY2035 ends at 2035.75: run a little past the default ten years.
    let run = run(&preset("baseline", &["run.years=10.75"]));
    for &(fy, debt_pct, interest_bn, gdp_bn) in CBO_JAN_2025 {
        let model = fiscal_year(&run, fy).expect("run covers the fiscal year");
        let debt_gap = model.debt_gdp * 100.0 - debt_pct;
        let interest_gap = model.interest_gdp * 100.0 - interest_bn / gdp_bn * 100.0;
        assert!(debt_gap.abs() <= 3.0, "FY{fy}: debt/GDP {:.1} vs CBO {debt_pct}", model.debt_gdp * 100.0);
        assert!(interest_gap.abs() <= 0.4, "FY{fy}: net interest/GDP gap {interest_gap:.2} points");
    }
}
