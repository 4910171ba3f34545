//! Fiscal-year views of a run and their comparison with a budget baseline
//! such as CBO's, with the conventions of MODEL.md section 8: US fiscal year
//! FY runs from `FY - 0.25` to `FY + 0.75` (calendar years); its GDP and
//! flows are trapezoid means over that span (rows before the run's start
//! backcast at the start trend, as `Ynom_{-1}`), its debt is the stock at
//! its end, and ratios divide by its GDP.

use crate::model::Run;
use crate::output::Column;
use crate::params::ModelParams;

/// One fiscal year of a run, as budget tables report it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FiscalYear {
    pub fiscal_year: i32,
    /// Nominal GDP over the year ($T/yr).
    pub gdp_nominal: f64,
    /// Debt held by the public at the year's end over the year's GDP.
    pub debt_gdp: f64,
    /// Flows over the year, each over the year's GDP.
    pub interest_gdp: f64,
    pub revenue_gdp: f64,
    pub primary_deficit_gdp: f64,
    pub other_financing_gdp: f64,
}

/// How a run is read before its first row: `x_0 exp(g (year - start))`,
/// with `g` the start trend of nominal quantities, `g_base + g_L + start.inflation`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Backcast {
    pub growth: f64,
}

impl Backcast {
    pub fn of(p: &ModelParams) -> Backcast {
        Backcast { growth: p.technology.g_base + p.labor.g_labor_force + p.start.inflation }
    }
}

/// A column at calendar time `year`, linearly interpolated between rows and
/// backcast before the first; `None` after the last row.
pub fn value_at(run: &Run, column: Column, year: f64, backcast: Backcast) -> Option<f64> {
    let first = run.rows.first()?;
    let position = (year - first.year) / run.dt;
    if position < 0.0 {
        return Some(first.get(column) * (backcast.growth * (year - first.year)).exp());
    }
    if position > (run.rows.len() - 1) as f64 + 1e-9 {
        return None;
    }
    let below = (position.floor() as usize).min(run.rows.len() - 1);
    let above = (below + 1).min(run.rows.len() - 1);
    let weight = (position - below as f64).clamp(0.0, 1.0);
    let (a, b) = (run.rows[below].get(column), run.rows[above].get(column));
    Some(a + (b - a) * weight)
}

/// The mean of a column over `[from, to]` by the trapezoid rule on the
/// run's step grid (and on the backcast before the start).
pub fn mean_over(run: &Run, column: Column, from: f64, to: f64, backcast: Backcast) -> Option<f64> {
    let start = run.rows.first()?.year;
    let mut knots = vec![from];
    let first_step = ((from - start) / run.dt).floor() as i64 + 1;
    let mut k = first_step;
    loop {
        let t = start + k as f64 * run.dt;
        if t >= to - 1e-9 {
            break;
        }
        knots.push(t);
        k += 1;
    }
    knots.push(to);
    let values: Vec<f64> = knots.iter().map(|&y| value_at(run, column, y, backcast)).collect::<Option<_>>()?;
    let area: f64 = knots.windows(2).zip(values.windows(2)).map(|(y, v)| (y[1] - y[0]) * (v[0] + v[1]) / 2.0).sum();
    Some(area / (to - from))
}

/// The view of `fiscal_year`, if the run covers its end.
pub fn fiscal_year(run: &Run, backcast: Backcast, fiscal_year: i32) -> Option<FiscalYear> {
    let column = |name: &str| Column::by_name(name).expect("output column");
    let (from, to) = (fiscal_year as f64 - 0.25, fiscal_year as f64 + 0.75);
    let mean = |name: &str| mean_over(run, column(name), from, to, backcast);
    let gdp = mean("gdp_nominal")?;
    Some(FiscalYear {
        fiscal_year,
        gdp_nominal: gdp,
        debt_gdp: value_at(run, column("debt_public"), to, backcast)? / gdp,
        interest_gdp: mean("interest")? / gdp,
        revenue_gdp: mean("revenue")? / gdp,
        primary_deficit_gdp: mean("primary_deficit")? / gdp,
        other_financing_gdp: mean("other_financing")? / gdp,
    })
}

/// The series compared with a baseline, and how close each must be
/// (MODEL.md section 8; points of GDP, or points a year for growth).
pub const SERIES: [(&str, &str, f64); 6] = [
    ("debt_gdp", "debt held by the public at the end of the FY / FY GDP", 1.5),
    ("debt_change", "debt/GDP change since the first FY", 1.0),
    ("interest_gdp", "net interest / GDP", 0.2),
    ("revenue_gdp", "revenue / GDP", 0.2),
    ("primary_deficit_gdp", "primary deficit / GDP", 0.3),
    ("gdp_growth", "nominal GDP growth over the previous FY", 0.2),
];

/// A baseline's values for one fiscal year, as ratios (growth as a rate).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Target {
    pub fiscal_year: i32,
    pub debt_gdp: f64,
    pub interest_gdp: f64,
    pub revenue_gdp: f64,
    pub primary_deficit_gdp: f64,
    pub gdp_growth: f64,
}

/// One series in one fiscal year: model, baseline and whether the gap is
/// inside the tolerance.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Gap {
    pub series: &'static str,
    pub fiscal_year: i32,
    pub model: f64,
    pub target: f64,
    /// Model minus target, in points (of GDP, or a year).
    pub gap_points: f64,
    pub tolerance_points: f64,
}

impl Gap {
    pub fn within(&self) -> bool {
        self.gap_points.abs() <= self.tolerance_points
    }
}

/// Every series of every target year: the run must cover each year and the
/// one before it (growth).
pub fn compare(run: &Run, backcast: Backcast, targets: &[Target]) -> Result<Vec<Gap>, String> {
    let view = |fy: i32| {
        fiscal_year(run, backcast, fy).ok_or_else(|| format!("the run does not cover FY{fy} (it ends at {fy}.75)"))
    };
    let first = targets.first().ok_or("no target years")?;
    let first_view = view(first.fiscal_year)?;
    let mut gaps = Vec::new();
    for target in targets {
        let fy = target.fiscal_year;
        let model = view(fy)?;
        let previous = view(fy - 1)?;
        let values = [
            (model.debt_gdp, target.debt_gdp),
            (model.debt_gdp - first_view.debt_gdp, target.debt_gdp - first.debt_gdp),
            (model.interest_gdp, target.interest_gdp),
            (model.revenue_gdp, target.revenue_gdp),
            (model.primary_deficit_gdp, target.primary_deficit_gdp),
            (model.gdp_nominal / previous.gdp_nominal - 1.0, target.gdp_growth),
        ];
        for ((series, _, tolerance), (ours, theirs)) in SERIES.iter().zip(values) {
            gaps.push(Gap {
                series,
                fiscal_year: fy,
                model: ours,
                target: theirs,
                gap_points: (ours - theirs) * 100.0,
                tolerance_points: *tolerance,
            });
        }
    }
    Ok(gaps)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::Row;

    fn run(values: &[f64]) -> Run {
        let rows = values
            .iter()
            .enumerate()
            .map(|(t, &v)| Row { step: t as f64, year: 2026.0 + t as f64 * 0.25, gdp_nominal: v, ..Row::default() })
            .collect();
        Run { dt: 0.25, start_year: 2026.0, rows, solution: crate::Solution::Adaptive }
    }

    #[test]
    fn means_are_trapezoids_with_a_backcast_before_the_start() {
        let column = Column::by_name("gdp_nominal").unwrap();
        let flat = Backcast { growth: 0.0 };
        let r = run(&[10.0, 12.0, 14.0, 16.0, 18.0]);
        // Linear on [2026, 2027]: the mean is the midpoint value.
        assert!((mean_over(&r, column, 2026.0, 2027.0, flat).unwrap() - 14.0).abs() < 1e-12);
        // A quarter before the start at a flat backcast of 10, then the ramp to 2026.75.
        let mean = mean_over(&r, column, 2025.75, 2026.75, flat).unwrap();
        assert!((mean - (0.25 * 10.0 + 0.75 * 13.0)).abs() < 1e-12, "{mean}");
        let growing = Backcast { growth: 0.04 };
        assert!((value_at(&r, column, 2025.5, growing).unwrap() - 10.0 * (-0.02f64).exp()).abs() < 1e-12);
        assert_eq!(value_at(&r, column, 2027.5, flat), None);
    }
}
