//! `debtlab calibrate`: a scenario beside CBO's January 2025 baseline,
//! fiscal year by fiscal year, FY2026-2035, on the five series of MODEL.md
//! section 8 at once (debt level and its change, net interest, revenue, the
//! primary deficit, nominal growth), each with its tolerance; or, for a
//! scenario that starts before 1945 (`us-1929`), beside the actual path of
//! 1929-1940.

use debtlab_core::calibration::{compare, mean_over, value_at, Backcast, SERIES};
use debtlab_core::{Column, Run};
use debtlab_data::{bundled, cbo, US_1930S};

use super::show;
use crate::about;
use crate::output::{Cell, Table};
use crate::resolve::PresetsAndFiles;
use crate::{OutputOptions, ScenarioOptions};

pub fn calibrate(reference: &str, options: &ScenarioOptions, out: &OutputOptions) -> Result<(), String> {
    // FY2035 ends at 2035.75: run eleven years (a whole number of steps for
    // any dt that divides a year); the user's --set come after and may override.
    let mut sets = vec!["run.years=11".to_string()];
    sets.extend(options.sets.iter().cloned());
    let scenario = debtlab_core::load(reference, &PresetsAndFiles, &sets).map_err(|e| e.to_string())?;
    if scenario.model_params().run.start_year < HISTORY_BEFORE {
        return against_history(&scenario, options, out);
    }
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
    let table = Table::new(header, rows);
    let title = format!(
        "calibrate {} vs CBO's January 2025 baseline, FY{}-FY{}\n\
         percent of GDP (gdp_growth: percent per year); gap = model - CBO, in points",
        about::heading_hiding(&scenario, &own_sets(options)),
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

/// `run.years`, which calibrate sets itself, unless the user's --set does too:
/// the title lists only the user's overrides.
fn own_sets(options: &ScenarioOptions) -> Vec<&'static str> {
    let by_user = options.sets.iter().any(|s| s.split('=').next().is_some_and(|k| k.trim() == "run.years"));
    if by_user {
        Vec::new()
    } else {
        vec!["run.years"]
    }
}

/// A scenario that starts before this year is compared with the 1929-1940 data.
const HISTORY_BEFORE: f64 = 1945.0;

/// The run beside the bundled 1929-1940 data, calendar year by calendar
/// year: debt/GDP on 30 June (total public debt at the end of the fiscal
/// year over calendar-year GDP, which is centred on that date), nominal GDP
/// (calendar-year mean), and the GDP deflator and real GDP as indexes with
/// the first year = 1 (the model's calendar-year means, with the start
/// backcast before the first row).
fn against_history(
    scenario: &debtlab_core::Scenario,
    options: &ScenarioOptions,
    out: &OutputOptions,
) -> Result<(), String> {
    let run = scenario.run().map_err(|e| format!("{}: {e}", scenario.name))?;
    let data = bundled(US_1930S).map_err(|e| e.to_string())?;
    let series = |name: &str| data.require(name).map_err(|e| e.to_string());
    let (debt, gdp, deflator, real) = (
        series("total_public_debt_usd")?,
        series("gdp_calendar_busd")?,
        series("gdp_deflator_2017eq100")?,
        series("real_gdp_2017_busd")?,
    );
    let backcast = Backcast::of(&scenario.model_params());
    let column = |name: &str| Column::by_name(name).expect("an output column");
    let calendar_mean =
        |run: &Run, name: &str, year: i32| mean_over(run, column(name), year as f64, year as f64 + 1.0, backcast);
    let first = run.rows[0].year.floor() as i32;
    let base = (calendar_mean(&run, "price_level", first), calendar_mean(&run, "gdp_real", first));
    let mut rows = Vec::new();
    for year in first..=1940 {
        let (Some(d), Some(y), Some(p), Some(r)) = (debt.at(year), gdp.at(year), deflator.at(year), real.at(year))
        else {
            continue;
        };
        let mid = year as f64 + 0.5;
        let model = [
            value_at(&run, column("debt_public"), mid, backcast)
                .zip(value_at(&run, column("gdp_nominal"), mid, backcast))
                .map(|(d, y)| d / y),
            calendar_mean(&run, "gdp_nominal", year).map(|v| v * 1000.0),
            calendar_mean(&run, "price_level", year).zip(base.0).map(|(v, b)| v / b),
            calendar_mean(&run, "gdp_real", year).zip(base.1).map(|(v, b)| v / b),
        ];
        let actual = [d / 1e9 / y, y, p / deflator.at(first).unwrap_or(p), r / real.at(first).unwrap_or(r)];
        let names = ["debt_gdp", "gdp_nominal_busd", "deflator_index", "real_gdp_index"];
        for ((name, m), a) in names.iter().zip(model).zip(actual) {
            let Some(m) = m else { continue };
            rows.push(vec![
                Cell::Text(name.to_string()),
                Cell::Integer(year.into()),
                Cell::Number(m),
                Cell::Number(a),
                Cell::Number(m / a - 1.0),
            ]);
        }
    }
    rows.sort_by_key(|r| match &r[0] {
        Cell::Text(t) => {
            ["debt_gdp", "gdp_nominal_busd", "deflator_index", "real_gdp_index"].iter().position(|n| n == t)
        }
        _ => None,
    });
    let header = ["series", "year", "model", "actual", "relative_gap"];
    let table = Table::new(header, rows);
    let title = format!(
        "calibrate {} beside the actual path, {first}-1940\n\
         debt_gdp: total public debt on 30 June / calendar-year GDP; gdp_nominal_busd: calendar-year mean, $bn; \
         deflator_index and real_gdp_index: calendar-year means, {first} = 1; relative_gap = model / actual - 1",
        about::heading_hiding(scenario, &own_sets(options)),
    );
    let footer = vec![format!("source: {}", data.source)];
    show(&table, out, &title, &footer)
}
