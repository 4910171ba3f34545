//! Fiscal-year views of a run, for comparison with budget tables such as
//! CBO's: US fiscal year FY ends on 30 September of calendar year FY, so its
//! end is at `FY + 0.75` and its middle at `FY + 0.25` (calendar years).

use crate::model::Run;
use crate::output::Column;

/// One fiscal year of a run, in the form budget tables report it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FiscalYear {
    pub fiscal_year: i32,
    /// Debt held by the public at the year's end over nominal GDP at its middle.
    pub debt_gdp: f64,
    /// Net interest over nominal GDP, both at the year's middle.
    pub interest_gdp: f64,
    /// Revenue over nominal GDP, both at the year's middle.
    pub revenue_gdp: f64,
    /// Nominal GDP at the year's middle ($T/yr).
    pub gdp_nominal: f64,
}

/// A column at calendar time `year`, linearly interpolated between rows;
/// `None` outside the run.
pub fn value_at(run: &Run, column: Column, year: f64) -> Option<f64> {
    let first = run.rows.first()?.year;
    let position = (year - first) / run.dt;
    if position < -1e-9 || position > (run.rows.len() - 1) as f64 + 1e-9 {
        return None;
    }
    let below = (position.floor().max(0.0) as usize).min(run.rows.len() - 1);
    let above = (below + 1).min(run.rows.len() - 1);
    let weight = (position - below as f64).clamp(0.0, 1.0);
    let (a, b) = (run.rows[below].get(column), run.rows[above].get(column));
    Some(a + (b - a) * weight)
}

/// The fiscal-year view of `fiscal_year`, if the run covers its end.
pub fn fiscal_year(run: &Run, fiscal_year: i32) -> Option<FiscalYear> {
    let column = |name: &str| Column::by_name(name).expect("output column");
    let middle = fiscal_year as f64 + 0.25;
    let end = fiscal_year as f64 + 0.75;
    let gdp = value_at(run, column("gdp_nominal"), middle)?;
    Some(FiscalYear {
        fiscal_year,
        debt_gdp: value_at(run, column("debt_public"), end)? / gdp,
        interest_gdp: value_at(run, column("interest"), middle)? / gdp,
        revenue_gdp: value_at(run, column("revenue"), middle)? / gdp,
        gdp_nominal: gdp,
    })
}
