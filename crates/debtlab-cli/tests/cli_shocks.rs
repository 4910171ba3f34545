//! `debtlab shocks estimate` and `debtlab shocks backtest` (issue 17).

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;

fn debtlab() -> Command {
    Command::cargo_bin("debtlab").expect("binary builds")
}

fn stdout(args: &[&str]) -> String {
    String::from_utf8(debtlab().args(args).assert().success().get_output().stdout.clone()).unwrap()
}

#[test]
fn the_estimate_is_a_table_a_scenario_can_read() {
    let text = stdout(&["shocks", "estimate"]);
    assert!(text.contains("innovations FY1948-2022 (75 years)"), "{text}");
    let toml = stdout(&["shocks", "estimate", "--toml"]);
    assert!(toml.starts_with("# Estimated by `debtlab shocks estimate`"));
    // The printed table, pasted into a scenario, loads and runs.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("s.toml"), format!("extends = \"baseline\"\n{toml}")).unwrap();
    let mc = debtlab().current_dir(dir.path()).args(["mc", "s.toml", "--paths", "40"]).assert().success();
    let out = String::from_utf8(mc.get_output().stdout.clone()).unwrap();
    assert!(out.contains("debt_higher_in_5_years"), "{out}");
    // The first year without its lag is not counted: the sample says so.
    assert!(stdout(&["shocks", "estimate", "--from", "1941"]).contains("FY1942-2022 (81 years)"));
    let csv = stdout(&["shocks", "estimate", "--format", "csv"]);
    assert_eq!(csv.lines().count(), 5, "a header and four series");
}

#[test]
fn short_histories_and_missing_years_are_named_errors() {
    debtlab()
        .args(["shocks", "estimate", "--from", "2010", "--to", "2020"])
        .assert()
        .code(2)
        .stderr(contains("only 11 years of innovations in FY2010-2020").and(contains("at least 15")));
    debtlab()
        .args(["shocks", "backtest", "--to", "2015", "--paths", "100"])
        .assert()
        .code(2)
        .stderr(contains("FY2023 lacks real growth, needed by the start year 2013"));
}

#[test]
fn the_backtest_prints_its_coverage_and_draws_its_chart() {
    let dir = tempfile::tempdir().unwrap();
    let chart = dir.path().join("coverage.svg");
    let text =
        stdout(&["shocks", "backtest", "--paths", "200", "--means", "trailing", "--chart", chart.to_str().unwrap()]);
    assert!(text.contains("coverage: ") && text.contains("inside the 90% band"), "{text}");
    assert_eq!(
        text.lines().filter(|l| l.trim_start().starts_with("19") || l.trim_start().starts_with("20")).count(),
        63
    );
    assert!(std::fs::read_to_string(&chart).unwrap().contains("<svg"));
}
