//! `debtlab sensitivity`, `debtlab sobol` and `debtlab solve`.

use assert_cmd::Command;
use predicates::str::contains;

fn debtlab() -> Command {
    Command::cargo_bin("debtlab").expect("binary builds")
}

fn stdout(args: &[&str]) -> String {
    String::from_utf8(debtlab().args(args).assert().success().get_output().stdout.clone()).unwrap()
}

fn json(args: &[&str]) -> Vec<serde_json::Value> {
    let text = stdout(&[args, &["--format", "json"]].concat());
    serde_json::from_str::<serde_json::Value>(&text).unwrap().as_array().unwrap().clone()
}

#[test]
fn sensitivity_ranks_the_uncertain_parameters_by_swing() {
    let rows = json(&["sensitivity", "debt-deflation", "--metric", "debt_gdp", "--at", "3"]);
    assert!(rows.len() >= 3);
    let swings: Vec<f64> = rows.iter().map(|r| r["swing"].as_f64().unwrap().abs()).collect();
    assert!(swings.windows(2).all(|w| w[0] >= w[1]), "{swings:?}");
    assert!(rows.iter().all(|r| r["rule"].as_str().unwrap().starts_with("p5/p95 of")));
    let table = stdout(&["sensitivity", "debt-deflation"]);
    assert!(table.contains("tornado of debt_gdp at year 3 (2029.00, step 24)"), "{table}");
}

#[test]
fn sensitivity_moves_named_parameters_by_a_percentage() {
    let rows = json(&[
        "sensitivity",
        "baseline",
        "--metric",
        "gross_gdp",
        "--at",
        "1",
        "--params",
        "robot.capital_per_hour,start.debt_public,start.debt_intragov",
        "--pct",
        "20",
    ]);
    let names: Vec<&str> = rows.iter().map(|r| r["parameter"].as_str().unwrap()).collect();
    assert_eq!(names, ["start.debt_public", "start.debt_intragov", "robot.capital_per_hour"]);
    assert_eq!(rows[0]["low"].as_f64().unwrap(), 30.8 * 0.8);
    assert_eq!(rows[0]["rule"], "-20%/+20%");
    let csv = stdout(&["sensitivity", "baseline", "--params", "prices.anchoring", "--format", "csv"]);
    assert!(csv.starts_with("parameter,low,high,metric_low,metric_high,swing,base,base_value,rule,note\n"));
}

#[test]
fn sobol_indices_are_in_range_and_reproducible() {
    let args = ["sobol", "musk-abundance", "--samples", "128", "--bootstrap", "20", "--seed", "3", "--format", "json"];
    let one = stdout(&[&args[..], &["--threads", "1"]].concat());
    let two = stdout(&[&args[..], &["--threads", "2"]].concat());
    assert_eq!(one, two, "the thread count does not change the result");
    let rows: Vec<serde_json::Value> = serde_json::from_str(&one).unwrap();
    assert!(!rows.is_empty());
    for r in &rows {
        let (lo, total, hi) =
            (r["total_lo"].as_f64().unwrap(), r["total"].as_f64().unwrap(), r["total_hi"].as_f64().unwrap());
        assert!(lo <= total && total <= hi, "{r}");
        assert!(total > -0.1 && total < 1.5, "{r}");
    }
    let totals: Vec<f64> = rows.iter().map(|r| r["total"].as_f64().unwrap()).collect();
    assert!(totals.windows(2).all(|w| w[0] >= w[1]), "ranked by total order: {totals:?}");
}

#[test]
fn solve_finds_a_crossing_and_says_which_side_holds() {
    let out = stdout(&[
        "solve",
        "baseline",
        "--vary",
        "fiscal.cut_target",
        "--target",
        "debt_gdp <= start by 3",
        "--range",
        "0,5",
    ]);
    assert!(out.contains("crossing") && out.contains("the claim holds just above fiscal.cut_target ="), "{out}");
    let rows = json(&[
        "solve",
        "baseline",
        "--vary",
        "fiscal.cut_target",
        "--target",
        "debt_gdp <= start by 3",
        "--range",
        "0,5",
        "--grid",
        "6",
        "--show-grid",
    ]);
    assert_eq!(rows.len(), 7, "the crossing and six grid points");
    assert_eq!(rows[0]["holds"], "above");
    let cut = rows[0]["value"].as_f64().unwrap();
    assert!((0.0..5.0).contains(&cut));
    assert!((rows[0]["debt_gdp"].as_f64().unwrap() - rows[0]["threshold"].as_f64().unwrap()).abs() < 1e-8);
}

#[test]
fn an_unreachable_target_is_an_answer_with_exit_code_0() {
    let out = stdout(&[
        "solve",
        "musk-abundance",
        "--vary",
        "technology.sectors.*.speed",
        "--target",
        "gross_gdp <= start*0.1 by 3",
        "--grid",
        "5",
    ]);
    assert!(out.contains("unreachable") && out.contains("no value of technology.sectors.*.speed in"), "{out}");
}

#[test]
fn a_frontier_has_one_row_per_grid_point() {
    let rows = json(&[
        "solve",
        "baseline",
        "--vary",
        "start.debt_public",
        "--vary",
        "fiscal.cut_target",
        "--target",
        "debt_gdp <= start by 3",
        "--range",
        "28,32",
        "--range",
        "-2,8",
        "--grid",
        "5",
    ]);
    assert_eq!(rows.len(), 5);
    assert!(rows.iter().all(|r| r["holds"] == "above"));
    let table = stdout(&[
        "solve",
        "baseline",
        "--vary",
        "start.debt_public",
        "--vary",
        "fiscal.cut_target",
        "--target",
        "debt_gdp <= 0.01 by 3",
        "--range",
        "28,32",
        "--range",
        "0,1",
        "--grid",
        "3",
    ]);
    assert!(table.contains("none") && table.contains("never"), "{table}");
}

#[test]
fn bad_input_exits_2_with_a_hint() {
    debtlab()
        .args(["sensitivity", "baseline", "--metric", "debt_gpd", "--params", "prices.anchoring"])
        .assert()
        .code(2)
        .stderr(contains("did you mean `debt_gdp`?"));
    debtlab().args(["sobol", "musk-abundance", "--metric", "gros_gdp"]).assert().code(2).stderr(contains("gross_gdp"));
    debtlab()
        .args(["solve", "baseline", "--vary", "fiscal.cut_targt", "--target", "debt_gdp <= start by 3"])
        .assert()
        .code(2)
        .stderr(contains("did you mean `fiscal.cut_target`?"));
    debtlab()
        .args(["solve", "baseline", "--vary", "fiscal.cut_target", "--target", "debt_gdp <= start by 30"])
        .assert()
        .code(2)
        .stderr(contains("outside the run"));
    debtlab()
        .args(["solve", "baseline", "--vary", "fiscal.cut_target", "--target", "debt_gdp <= start by 3"])
        .args(["--range", "0,5000"])
        .assert()
        .code(2)
        .stderr(contains("valid range"));
    debtlab()
        .args(["sensitivity", "baseline", "--set", "uncertain.policy.r_star=fixed"])
        .args(["--set", "uncertain.rates.term_premium=fixed"])
        .assert()
        .code(2)
        .stderr(contains("no [uncertain] parameters"));
}

#[test]
fn sensitivity_draws_its_tornado_chart() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tornado.svg");
    Command::cargo_bin("debtlab")
        .unwrap()
        .args(["sensitivity", "debt-deflation", "--metric", "debt_gdp", "--at", "3", "--plot"])
        .arg(&path)
        .assert()
        .success();
    let svg = std::fs::read_to_string(&path).unwrap();
    assert!(svg.contains("prices.pass_through") && svg.contains("debt_gdp (ratio)"));
}
