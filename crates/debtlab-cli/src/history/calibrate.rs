//! `debtlab calibrate`: a scenario beside CBO's January 2025 baseline,
//! fiscal year by fiscal year, FY2026-2035.

use debtlab_core::calibration::{fiscal_year, FiscalYear};
use debtlab_data::{bundled, Dataset, CBO_2025};

use super::show;
use crate::output::{Cell, Table};
use crate::resolve::PresetsAndFiles;
use crate::{OutputOptions, ScenarioOptions};

const FIRST: i32 = 2026;
const LAST: i32 = 2035;

/// The compared quantities: name, what it is.
const METRICS: [(&str, &str); 4] = [
    ("debt_gdp", "debt held by the public at the end of the FY / GDP at mid-FY"),
    ("interest_gdp", "net interest / GDP"),
    ("revenue_gdp", "revenue / GDP"),
    ("gdp_growth", "nominal GDP growth over the previous FY"),
];

/// CBO's four values for `fy`, as ratios.
fn cbo_values(cbo: &Dataset, fy: i32) -> Result<[f64; 4], String> {
    let get = |name: &str, year: i32| {
        cbo.require(name)
            .map_err(|e| e.to_string())?
            .at(year)
            .ok_or_else(|| format!("{CBO_2025}: no {name} for FY{year}"))
    };
    let gdp = get("gdp_busd", fy)?;
    Ok([
        get("debt_held_by_public_busd", fy)? / gdp,
        get("net_interest_busd", fy)? / gdp,
        get("revenues_busd", fy)? / gdp,
        gdp / get("gdp_busd", fy - 1)? - 1.0,
    ])
}

/// The model's four values for `fy` (growth is `None` when the run does
/// not cover the middle of the previous FY).
fn model_values(fy: &FiscalYear, previous: Option<&FiscalYear>) -> [Option<f64>; 4] {
    [
        Some(fy.debt_gdp),
        Some(fy.interest_gdp),
        Some(fy.revenue_gdp),
        previous.map(|p| fy.gdp_nominal / p.gdp_nominal - 1.0),
    ]
}

pub fn calibrate(reference: &str, options: &ScenarioOptions, out: &OutputOptions) -> Result<(), String> {
    // FY2035 ends at 2035.75: run eleven years (a whole number of steps for
    // any dt that divides a year); the user's --set come after and may override.
    let mut sets = vec!["run.years=11".to_string()];
    sets.extend(options.sets.iter().cloned());
    let scenario = debtlab_core::load(reference, &PresetsAndFiles, &sets).map_err(|e| e.to_string())?;
    let run = scenario.run().map_err(|e| format!("{}: {e}", scenario.name))?;
    let cbo = bundled(CBO_2025).map_err(|e| e.to_string())?;

    let mut model = Vec::new();
    for fy in FIRST - 1..=LAST {
        let view = fiscal_year(&run, fy);
        if view.is_none() && fy >= FIRST {
            return Err(format!(
                "{}: the run ({} to {}) does not cover FY{fy} (it ends at {}.75)",
                scenario.name,
                run.rows[0].year,
                run.rows[run.rows.len() - 1].year,
                fy
            ));
        }
        model.push(view);
    }

    let mut rows = Vec::new();
    // (metric index) -> (largest |gap|, fy, gap)
    let mut largest: [Option<(f64, i32)>; 4] = [None; 4];
    let mut by_metric: Vec<Vec<Vec<Cell>>> = vec![Vec::new(); 4];
    for (k, fy) in (FIRST..=LAST).enumerate() {
        let view = model[k + 1].as_ref().expect("checked above");
        let ours = model_values(view, model[k].as_ref());
        let theirs = cbo_values(&cbo, fy)?;
        for m in 0..4 {
            let gap = ours[m].map(|v| v - theirs[m]);
            if let Some(g) = gap {
                if largest[m].is_none_or(|(best, _)| g.abs() > best.abs()) {
                    largest[m] = Some((g, fy));
                }
            }
            let pct = |v: Option<f64>| v.map_or(Cell::Empty, |v| Cell::Number(v * 100.0));
            by_metric[m].push(vec![
                Cell::Text(METRICS[m].0.to_string()),
                Cell::Integer(fy.into()),
                pct(ours[m]),
                pct(Some(theirs[m])),
                pct(gap),
            ]);
        }
    }
    for block in by_metric {
        rows.extend(block);
    }
    let table = Table { header: ["metric", "fy", "model", "cbo", "gap"].iter().map(|s| s.to_string()).collect(), rows };
    let title = format!(
        "calibrate {} vs CBO's January 2025 baseline, FY{FIRST}-FY{LAST}\n\
         percent of GDP (gdp_growth: percent per year); gap = model - CBO, in points",
        scenario.name
    );
    let mut footer: Vec<String> = METRICS
        .iter()
        .zip(largest)
        .map(|((name, what), best)| match best {
            Some((gap, fy)) => format!("largest {name} gap: FY{fy} {gap:+.2} points ({what})", gap = gap * 100.0),
            None => format!("largest {name} gap: none computed ({what})"),
        })
        .collect();
    if model[0].is_none() {
        footer.push(format!(
            "note: the model's FY{FIRST} growth needs GDP at mid-FY{} ({}.25), before the run \
             starts ({}), so it is left blank",
            FIRST - 1,
            FIRST - 1,
            run.rows[0].year
        ));
    }
    footer.push(format!("source: {}", cbo.source));
    show(&table, out, &title, &footer)
}
