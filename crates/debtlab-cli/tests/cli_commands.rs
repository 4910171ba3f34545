//! The commands on the embedded presets.

use assert_cmd::Command;
use predicates::str::contains;

fn debtlab() -> Command {
    Command::cargo_bin("debtlab").expect("binary builds")
}

fn stdout(args: &[&str]) -> String {
    let out = debtlab().args(args).assert().success().get_output().stdout.clone();
    String::from_utf8(out).unwrap()
}

#[test]
fn run_csv_has_every_column_of_the_spec_in_order() {
    let text = stdout(&["run", "baseline", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    let expected = "step, year, debt_public, debt_gross, gdp_real, gdp_nominal, price_level, \
        inflation, money_growth, policy_rate, rate_10y, rate_new, rate_effective, revenue, outlays_primary, \
        interest, defense, spending_cuts, automation_savings, primary_deficit, debt_gdp, gross_gdp, real_debt, \
        r_minus_g, pb_stabilizing, interest_revenue, interest_defense, output_gap, unemployment, displaced, \
        ai_index, aipi_cpi_spread, energy_price, energy_met_share, compute_price, robot_hour_cost, debt_kwh, \
        debt_gpu_hours, labor_share, wage_index, r_star, expected_inflation, expected_ai_growth, rate_bills, \
        rate_coupons, outlays_social_security, outlays_health, outlays_other, revenue_labor, revenue_capital, \
        other_financing, money, inflation_yoy";
    let expected: Vec<&str> = expected.split(',').map(str::trim).collect();
    assert_eq!(expected.len(), 53);
    assert_eq!(header, expected);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    // Ten years at the default dt of 1/8 year: steps 0..=80.
    assert_eq!(rows.len(), 81);
    assert_eq!(&rows[80][0], "80");
    let year = |r: &csv::StringRecord| r[1].parse::<f64>().unwrap();
    assert_eq!(year(&rows[80]) - year(&rows[0]), 10.0);
    assert_eq!(year(&rows[8]) - year(&rows[0]), 1.0);
}

#[test]
fn run_every_and_columns_select_rows_and_columns() {
    let text = stdout(&["run", "musk-abundance", "--format", "csv", "--every", "16", "--columns", "year,debt_gdp"]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "step,year,debt_gdp", "step and year first, each once");
    assert_eq!(lines.len(), 1 + 6, "steps 0, 16, ..., 80 (every two years at dt 1/8)");
    assert!(lines[2].starts_with("16,2028,"));
}

#[test]
fn run_json_is_an_array_of_row_objects() {
    let text = stdout(&["run", "baseline", "--format", "json", "--columns", "step,debt_gdp"]);
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    let rows = value.as_array().unwrap();
    assert_eq!(rows.len(), 81);
    assert_eq!(rows[0]["step"], 0);
    assert_eq!(rows[80]["step"], 80);
    assert!(rows[80]["debt_gdp"].as_f64().unwrap() > 1.0);
}

#[test]
fn run_writes_the_out_file_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("baseline.csv");
    debtlab().args(["run", "baseline", "--format", "csv", "--out"]).arg(&path).assert().success();
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text.lines().count(), 1 + 81, "the header and every step");
    let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(leftovers, 1, "no temporary file is left behind");
}

#[test]
fn set_overrides_change_the_run() {
    let plain = stdout(&["run", "baseline", "--format", "csv", "--no-index", "--columns", "debt_gdp"]);
    let cut = stdout(&[
        "run",
        "baseline",
        "--format",
        "csv",
        "--no-index",
        "--columns",
        "debt_gdp",
        "--set",
        "fiscal.cut_target=1",
    ]);
    let last = |t: &str| t.lines().last().unwrap().parse::<f64>().unwrap();
    assert!(last(&cut) < last(&plain) - 0.1);
}

#[test]
fn claims_prints_a_verdict_for_every_claim_of_every_scenario() {
    let text = stdout(&["claims", "musk-abundance", "debt-deflation", "baseline", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let holds = reader.headers().unwrap().iter().position(|h| h == "holds").expect("a holds column");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    // The six default claims (the sixth, the IMF-style one, from issue 17).
    assert_eq!(rows.len(), 18);
    for claim in [
        "burden_halved",
        "real_debt_lower",
        "debt_ratio_falling",
        "interest_below_defense",
        "debt_stabilizes",
        "debt_higher_in_5_years",
    ] {
        assert_eq!(rows.iter().filter(|r| &r[1] == claim).count(), 3);
    }
    assert!(rows.iter().all(|r| &r[holds] == "true" || &r[holds] == "false"));
    let table = stdout(&["claims", "musk-abundance", "debt-deflation", "baseline"]);
    assert!(table.contains("HOLDS") || table.contains("fails"));
}

#[test]
fn compare_puts_scenarios_side_by_side() {
    let text = stdout(&[
        "compare",
        "baseline",
        "musk-abundance",
        "--columns",
        "debt_gdp,price_level",
        "--at",
        "0,3,2036",
        "--format",
        "csv",
    ]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "column,year,baseline,musk-abundance");
    assert_eq!(lines.len(), 1 + 6);
    assert!(lines[6].starts_with("price_level,2036,"));
}

#[test]
fn presets_and_params_list_everything() {
    let presets = stdout(&["presets"]);
    for name in ["baseline", "musk-abundance", "doge-liquidation", "debt-deflation", "energy-bound", "compute-shock"] {
        assert!(presets.contains(name), "{name} missing");
    }
    let params = stdout(&["params", "energy."]);
    assert!(params.contains("energy.g_supply") && params.contains("TWh/yr"));
    assert!(!params.contains("fiscal.revenue_share"));
    debtlab().args(["params", "nothing_like_this"]).assert().code(2).stderr(contains("no parameter"));
}

#[test]
fn a_file_can_extend_a_preset_and_list_only_what_differs() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("mine.toml"),
        "extends = \"musk-abundance\"\n[money]\ngrowth = [[2026, 0.05], [2029, 0.0]]\n",
    )
    .unwrap();
    let out = debtlab()
        .current_dir(dir.path())
        .args(["run", "mine.toml", "--format", "csv", "--no-index", "--columns", "money_growth"])
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let values: Vec<f64> = text.lines().skip(1).map(|l| l.parse().unwrap()).collect();
    // dt = 1/8: step 24 is 2029, step 12 halfway through the schedule.
    assert_eq!(values[0], 0.05);
    assert_eq!(values[24], 0.0);
    assert!((values[12] - 0.025).abs() < 1e-12, "halfway through the schedule: {}", values[12]);
}

#[test]
fn vs_expectations_runs_each_scenario_both_ways_under_plain_names() {
    let table = stdout(&["claims", "debt-deflation", "--vs-expectations"]);
    let title = table.lines().next().unwrap();
    assert!(title.contains("debt-deflation [adaptive] (") && title.contains("debt-deflation [rational] ("), "{title}");
    assert!(!title.contains("--set"), "the command's own override is not listed: {title}");
    let text = stdout(&["claims", "debt-deflation", "--vs-expectations", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    let (scenario, claim, holds) = (0, 1, header.iter().position(|h| h == "holds").unwrap());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let verdict = |mode: &str, name: &str| {
        let row = rows.iter().find(|r| r[scenario] == *format!("debt-deflation [{mode}]") && &r[claim] == name);
        row.unwrap_or_else(|| panic!("{mode} {name}"))[holds].to_string()
    };
    // The critics' strongest case is a surprise: foreseen, the debt ratio falls by 2029.
    assert_eq!(verdict("adaptive", "debt_ratio_falling"), "false");
    assert_eq!(verdict("rational", "debt_ratio_falling"), "true");
}
