//! `debtlab calibrate`: a scenario beside CBO's January 2025 baseline,
//! fiscal year by fiscal year, FY2026-2035, on the five series of MODEL.md
//! section 8 at once (debt level and its change, net interest, revenue, the
//! primary deficit, nominal growth), each with its tolerance.

use debtlab_core::calibration::{compare, Backcast, SERIES};
use debtlab_data::cbo;

use super::show;
use crate::output::{Cell, Table};
use crate::resolve::PresetsAndFiles;
use crate::{OutputOptions, ScenarioOptions};

pub fn calibrate(reference: &str, options: &ScenarioOptions, out: &OutputOptions) -> Result<(), String> {
    // FY2035 ends at 2035.75: run eleven years (a whole number of steps for
    // any dt that divides a year); the user's --set come after and may override.
    let mut sets = vec!["run.years=11".to_string()];
    sets.extend(options.sets.iter().cloned());
    let scenario = debtlab_core::load(reference, &PresetsAndFiles, &sets).map_err(|e| e.to_string())?;
    let run = scenario.run().map_err(|e| format!("{}: {e}", scenario.name))?;
    let targets = cbo::targets().map_err(|e| e.to_string())?;
    let backcast = Backcast::of(&scenario.model_params());
    let gaps = compare(&run, backcast, &targets).map_err(|e| format!("{}: {e}", scenario.name))?;

    let mut rows = Vec::new();
    for (series, ..) in SERIES {
        for gap in gaps.iter().filter(|g| g.series == series) {
            rows.push(vec![
                Cell::Text(series.to_string()),
                Cell::Integer(gap.fiscal_year.into()),
                Cell::Number(gap.model * 100.0),
                Cell::Number(gap.target * 100.0),
                Cell::Number(gap.gap_points),
                Cell::Number(gap.tolerance_points),
                Cell::Text(if gap.within() { "ok" } else { "MISS" }.to_string()),
            ]);
        }
    }
    let header = ["series", "fy", "model", "cbo", "gap", "tolerance", "within"];
    let table = Table { header: header.iter().map(|s| s.to_string()).collect(), rows };
    let title = format!(
        "calibrate {} (dt = {} yr) vs CBO's January 2025 baseline, FY{}-FY{}\n\
         percent of GDP (gdp_growth: percent per year); gap = model - CBO, in points",
        scenario.name,
        run.dt,
        cbo::FIRST,
        cbo::LAST
    );
    let mut footer: Vec<String> = SERIES
        .iter()
        .map(|(series, what, tolerance)| {
            let of: Vec<_> = gaps.iter().filter(|g| g.series == *series).collect();
            let worst = of.iter().max_by(|a, b| a.gap_points.abs().total_cmp(&b.gap_points.abs())).expect("ten years");
            let misses = of.iter().filter(|g| !g.within()).count();
            format!(
                "{series}: largest gap FY{} {:+.2} points, tolerance {tolerance}, {} ({what})",
                worst.fiscal_year,
                worst.gap_points,
                if misses == 0 { "all years within".to_string() } else { format!("{misses} years outside") }
            )
        })
        .collect();
    footer.push(
        "conventions (MODEL.md section 8): FY flows and GDP are trapezoid means over [FY - 0.25, FY + 0.75]; \
         debt at FY + 0.75; CBO's primary deficit timing-adjusted for FY2026 and FY2035, centred two-year means otherwise"
            .to_string(),
    );
    footer.push(
        "source: CBO, The Budget and Economic Outlook: 2025 to 2035 (January 2025), and its \"By the Numbers\""
            .to_string(),
    );
    show(&table, out, &title, &footer)
}
