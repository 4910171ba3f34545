//! One snapshot per preset: yearly values of the headline columns, rounded
//! to 4 significant digits so that the snapshot pins the model's behaviour,
//! not the last bits of floating point.

mod common;

use common::{all_presets, run};
use debtlab_core::claims::judge_all;
use debtlab_core::output::Column;

const COLUMNS: &[&str] = &[
    "debt_gdp",
    "gross_gdp",
    "real_debt",
    "price_level",
    "inflation",
    "rate_effective",
    "interest_revenue",
    "unemployment",
    "ai_index",
    "energy_met_share",
];

fn rounded(value: f64) -> String {
    if value == 0.0 {
        "0".to_string()
    } else {
        format!("{:.3e}", value)
    }
}

#[test]
fn preset_paths_are_stable() {
    for scenario in all_presets() {
        let run = run(&scenario);
        let per_year = (1.0 / run.dt).round() as usize;
        let mut text = format!("year {}\n", COLUMNS.join(" "));
        for row in run.rows.iter().step_by(per_year) {
            let cells: Vec<String> = COLUMNS.iter().map(|c| rounded(row.get(Column::by_name(c).unwrap()))).collect();
            text.push_str(&format!("{} {}\n", row.year, cells.join(" ")));
        }
        for v in judge_all(&scenario.claims, &run) {
            text.push_str(&format!("claim {} {} -> {}\n", v.claim.name, rounded(v.value), v.holds));
        }
        insta::assert_snapshot!(scenario.name.clone(), text);
    }
}
