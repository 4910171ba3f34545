//! CBO's January 2025 baseline as calibration targets, with the conventions
//! of MODEL.md section 8: ratios from CBO's dollar columns; primary deficits
//! on CBO's timing-adjusted basis where "By the Numbers" prints them (FY2026
//! and FY2035), otherwise as centred two-year means (the mean of the two
//! two-year means around the year, weights 1/4, 1/2, 1/4) of the unadjusted
//! series, which undoes the payment-timing shifts between adjacent years;
//! other means of financing from the unadjusted series.

use debtlab_core::calibration::Target;

use crate::bundled::{bundled, CBO_2025, CBO_BTN_2025};
use crate::dataset::Dataset;
use crate::error::Result;

/// The fiscal years the calibration compares.
pub const FIRST: i32 = 2026;
pub const LAST: i32 = 2035;

fn value(data: &Dataset, series: &str, fy: i32) -> Result<f64> {
    data.require(series)?.at(fy).ok_or_else(|| crate::error::DataError::MissingSeries {
        dataset: data.name.clone(),
        what: series.to_string(),
        year: Some(fy),
        needed_for: "the calibration targets".to_string(),
    })
}

/// The unadjusted primary deficit of `fy` ($bn): the deficit less net interest.
fn primary_deficit_unadjusted(cbo: &Dataset, fy: i32) -> Result<f64> {
    Ok(-value(cbo, "total_deficit_busd", fy)? - value(cbo, "net_interest_busd", fy)?)
}

/// CBO's targets for FY2026-2035.
pub fn targets() -> Result<Vec<Target>> {
    let cbo = bundled(CBO_2025)?;
    let btn = bundled(CBO_BTN_2025)?;
    (FIRST..=LAST)
        .map(|fy| {
            let gdp = value(&cbo, "gdp_busd", fy)?;
            let primary_deficit = match btn.require("primary_deficit_busd")?.at(fy) {
                Some(surplus) => -surplus,
                None => {
                    let pd = |y| primary_deficit_unadjusted(&cbo, y);
                    0.25 * pd(fy - 1)? + 0.5 * pd(fy)? + 0.25 * pd(fy + 1)?
                }
            };
            Ok(Target {
                fiscal_year: fy,
                debt_gdp: value(&cbo, "debt_held_by_public_busd", fy)? / gdp,
                interest_gdp: value(&cbo, "net_interest_busd", fy)? / gdp,
                revenue_gdp: value(&cbo, "revenues_busd", fy)? / gdp,
                primary_deficit_gdp: primary_deficit / gdp,
                gdp_growth: gdp / value(&cbo, "gdp_busd", fy - 1)? - 1.0,
            })
        })
        .collect()
}

/// CBO's implied other means of financing of each fiscal year FY2025-2035,
/// as a share of that year's GDP: the change in debt held by the public
/// less the (unadjusted) deficit, with the sign that raises debt.
pub fn other_financing() -> Result<Vec<(i32, f64)>> {
    let cbo = bundled(CBO_2025)?;
    (FIRST - 1..=LAST)
        .map(|fy| {
            let change =
                value(&cbo, "debt_held_by_public_busd", fy)? - value(&cbo, "debt_held_by_public_busd", fy - 1)?;
            let deficit = -value(&cbo, "total_deficit_busd", fy)?;
            Ok((fy, (change - deficit) / value(&cbo, "gdp_busd", fy)?))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_follow_cbo_dollar_columns() {
        let t = targets().unwrap();
        assert_eq!(t.len(), 10);
        let fy2026 = &t[0];
        assert!((fy2026.debt_gdp - 31883.0 / 31340.0).abs() < 1e-12);
        // Timing-adjusted from "By the Numbers".
        assert!((fy2026.primary_deficit_gdp - 703.0 / 31340.0).abs() < 1e-12);
        assert!((t[9].primary_deficit_gdp - 916.0 / 43933.0).abs() < 1e-12);
        // FY2027: the centred mean of the unadjusted series (FY2026-2028).
        let pd = [1713.0 - 1010.0, 1687.0 - 1075.0, 1910.0 - 1164.0];
        let centred = 0.25 * pd[0] + 0.5 * pd[1] + 0.25 * pd[2];
        assert!((t[1].primary_deficit_gdp - centred / 32537.0).abs() < 1e-12);
        assert!((fy2026.gdp_growth - (31340.0 / 30135.0 - 1.0)).abs() < 1e-12);
    }

    #[test]
    fn other_financing_closes_cbos_debt_accounting() {
        let omf = other_financing().unwrap();
        let fy2026 = omf.iter().find(|(fy, _)| *fy == 2026).unwrap().1;
        assert!((fy2026 - (31883.0 - 30103.0 - 1713.0) / 31340.0).abs() < 1e-12);
    }
}
