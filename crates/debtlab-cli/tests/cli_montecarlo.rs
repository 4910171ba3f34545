//! `debtlab mc` and `debtlab show`, and the errors of [uncertain] and [shocks].

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
fn mc_csv_has_every_step_of_every_column_and_every_claim() {
    let text =
        stdout(&["mc", "musk-abundance", "--paths", "3000", "--format", "csv", "--columns", "debt_gdp,unemployment"]);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    // Ten years at the default dt of 1/8: steps 0..=80 of each column.
    assert_eq!(rows.iter().filter(|r| &r[0] == "column").count(), 2 * 81);
    let claims: Vec<&csv::StringRecord> = rows.iter().filter(|r| &r[0] == "claim").collect();
    let names: Vec<&str> = claims.iter().map(|r| &r[1]).collect();
    assert_eq!(
        names,
        [
            "burden_halved",
            "real_debt_lower",
            "debt_ratio_falling",
            "interest_below_defense",
            "debt_stabilizes",
            "debt_higher_in_5_years"
        ]
    );
    for claim in claims {
        let p: f64 = claim[4].parse().unwrap();
        let se: f64 = claim[10].parse().unwrap();
        assert!((0.0..=1.0).contains(&p));
        assert!((se - (p * (1.0 - p) / 3000.0).sqrt()).abs() < 1e-12);
    }
    for row in rows.iter().filter(|r| &r[0] == "column") {
        let p: Vec<f64> = (5..10).map(|i| row[i].parse().unwrap()).collect();
        assert!(p.windows(2).all(|w| w[0] <= w[1]), "percentiles are ordered: {p:?}");
    }
}

#[test]
fn mc_output_does_not_depend_on_threads() {
    let args = ["mc", "debt-deflation", "--paths", "5000", "--format", "json", "--seed", "7"];
    let one = stdout(&[&args[..], &["--threads", "1"]].concat());
    let two = stdout(&[&args[..], &["--threads", "2"]].concat());
    let eight = stdout(&[&args[..], &["--threads", "8"]].concat());
    assert_eq!(one, two);
    assert_eq!(one, eight);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&one).unwrap();
    let names: std::collections::BTreeSet<&str> =
        rows.iter().filter(|r| r["kind"] == "column").map(|r| r["name"].as_str().unwrap()).collect();
    assert_eq!(names.len(), 10, "the ten default columns");
    let mut claims = rows.iter().filter(|r| r["kind"] == "claim");
    assert!(claims.clone().count() >= 4 && claims.all(|r| (0.0..=1.0).contains(&r["mean"].as_f64().unwrap())));
}

#[test]
fn mc_rejects_bad_options() {
    debtlab().args(["mc", "baseline", "--paths", "0"]).assert().code(2).stderr(contains("at least 1"));
    debtlab().args(["mc", "baseline", "--threads", "0"]).assert().code(2).stderr(contains("--threads"));
    debtlab()
        .args(["mc", "baseline", "--columns", "debt_gpd"])
        .assert()
        .code(2)
        .stderr(contains("did you mean `debt_gdp`?"));
}

#[test]
fn a_path_that_leaves_the_finite_range_is_named() {
    debtlab()
        .args(["mc", "baseline", "--paths", "50", "--set", "policy.rule=money", "--set", "run.years=200"])
        .args(["--set", "run.dt=1", "--set", "uncertain.money.growth=uniform(4, 5)"])
        .assert()
        .code(2)
        .stderr(contains("path 0").and(contains("left the finite range")).and(contains("panicked").not()));
}

fn scenario_error(text: &str, parts: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("s.toml"), text).unwrap();
    let mut assert = debtlab().current_dir(dir.path()).args(["mc", "s.toml", "--paths", "10"]).assert().code(2);
    for part in parts {
        assert = assert.stderr(contains(*part));
    }
}

#[test]
fn uncertain_and_shocks_errors_name_the_place_and_the_rule() {
    scenario_error(
        "[uncertain]\n\"energy.g_suply\" = \"normal(0.1, 0.01)\"\n",
        &["s.toml:2:1", "did you mean `energy.g_supply`?"],
    );
    scenario_error("[uncertain]\n\"energy.g_supply\" = \"normal(0.1, -1)\"\n", &["s.toml:2:21", "sd > 0"]);
    scenario_error("[uncertain]\n\"energy.g_supply\" = \"gamma(1, 2)\"\n", &["unknown distribution `gamma`"]);
    scenario_error("[uncertain]\n\"labor.u_natural\" = \"normal(0.5, 0.2)\"\n", &["leaves the valid range [0, 1]"]);
    scenario_error("[uncertain]\n\"technology.sectors.rest.share\" = \"uniform(0.4, 0.5)\"\n", &["must sum to 1"]);
    scenario_error("[uncertain]\n\"run.dt\" = \"uniform(0.1, 0.2)\"\n", &["run settings cannot vary"]);
    scenario_error(
        "[money]\ngrowth = [[2026, 0.05], [2030, 0.0]]\n[uncertain]\n\"money.growth\" = \"normal(0.05, 0.01)\"\n",
        &["a schedule cannot also be drawn"],
    );
    scenario_error("[shocks]\neps_pii = 0.01\n", &["s.toml:2:1", "did you mean `eps_pi`?"]);
    scenario_error("[shocks]\neps_pi = -0.01\n", &["outside the valid range [0, 5]"]);
    scenario_error(
        "[shocks]\ncorrelation = [[1, 0.9, 0.9, 0], [0.9, 1, -0.9, 0], [0.9, -0.9, 1, 0], [0, 0, 0, 1]]\n",
        &["s.toml:2:15", "not positive semi-definite"],
    );
    scenario_error("[shocks]\ncorrelation = [[1, 0.5], [0.5, 1]]\n", &["5x5 matrix", "or 4x4 without eps_pb"]);
    // Issue 17: the recession chain, the historical table and persistence.
    scenario_error(
        "[shocks.recession]\nentry = 1.5\n",
        &["s.toml:2:9", "`shocks.recession.entry`", "outside the valid range", "[0, 1]"],
    );
    scenario_error("[shocks.recession]\nduraton = 1\n", &["s.toml:2:1", "did you mean `duration`?"]);
    scenario_error("shocks = \"historcal\"\n", &["s.toml:1:10", "did you mean `historical`?"]);
    scenario_error("[shocks]\nfrom = \"cbo\"\n", &["`shocks.from`", "the only named one is \"historical\""]);
    scenario_error("[shocks]\neps_pb_persistance = 0.5\n", &["did you mean `eps_pb_persistence`?"]);
    scenario_error("[shocks]\neps_pb_persistence = 1\n", &["outside the valid range [0, 1)"]);
}

#[test]
fn a_later_file_can_fix_an_inherited_draw() {
    let dir = tempfile::tempdir().unwrap();
    let text = "extends = \"musk-abundance\"\n[uncertain]\n\"money.growth\" = \"fixed\"\n";
    std::fs::write(dir.path().join("s.toml"), text).unwrap();
    let out = debtlab().current_dir(dir.path()).args(["show", "s.toml"]).assert().success();
    let shown = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(!shown.contains("\"money.growth\" = "));
    assert!(shown.contains("\"energy.g_supply\" = \"triangular(0.05, 0.1, 0.15)\""));
}

#[test]
fn show_writes_a_file_that_runs_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("resolved.toml");
    debtlab().args(["show", "debt-deflation", "-o"]).arg(&path).assert().success();
    let from_file = debtlab().arg("run").arg(&path).args(["--format", "csv"]).assert().success();
    let from_preset = stdout(&["run", "debt-deflation", "--format", "csv"]);
    assert_eq!(String::from_utf8(from_file.get_output().stdout.clone()).unwrap(), from_preset);
}

/// Issue 16: a long run used to size its batch buffer as columns x steps x
/// 1024 paths whatever the number of paths (80 GB for the request below), and
/// the process aborted. Now the run's memory is planned from the request and
/// a run over `--max-memory` is refused with the figure before it starts.
#[test]
fn a_long_monte_carlo_run_over_its_memory_budget_is_refused_not_aborted() {
    debtlab()
        .args(["mc", "baseline", "--set", "run.years=200", "--set", "run.dt=0.0002", "--paths", "1"])
        .args(["--max-memory", "512"])
        .assert()
        .code(2)
        .stderr(contains("would need about").and(contains("MiB")).and(contains("budget of 512 MiB")));
}

#[test]
fn a_long_monte_carlo_run_within_its_budget_runs_with_a_small_batch() {
    // 20,001 rows x 2 columns, 3 paths: exact percentiles, a batch of one lane group.
    let text = stdout(&[
        "mc",
        "baseline",
        "--set",
        "run.dt=0.0005",
        "--paths",
        "3",
        "--format",
        "csv",
        "--columns",
        "debt_gdp,price_level",
        "--max-memory",
        "256",
    ]);
    let rows = text.lines().filter(|l| l.starts_with("column,")).count();
    assert_eq!(rows, 2 * 20_001);
}

#[test]
fn mc_reports_the_percentiles_asked_for() {
    let text = stdout(&[
        "mc",
        "baseline",
        "--paths",
        "500",
        "--format",
        "csv",
        "--columns",
        "debt_gdp",
        "--percentiles",
        "10,25,50,75,90",
    ]);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let stats: Vec<&str> = header.iter().map(String::as_str).filter(|h| *h == "mean" || h.starts_with('p')).collect();
    assert_eq!(stats, ["mean", "p10", "p25", "p50", "p75", "p90"], "{header:?}");
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    for row in reader.records().map(Result::unwrap).filter(|r| &r[0] == "column") {
        let p: Vec<f64> = ["p10", "p25", "p50", "p75", "p90"].iter().map(|n| row[at(n)].parse().unwrap()).collect();
        assert!(p.windows(2).all(|w| w[0] <= w[1]), "ordered: {p:?}");
    }
    // A level that is not a whole number keeps its digits in the name.
    let text = stdout(&[
        "mc",
        "baseline",
        "--paths",
        "50",
        "--format",
        "csv",
        "--columns",
        "debt_gdp",
        "--percentiles",
        "2.5,97.5",
    ]);
    assert!(text.lines().next().unwrap().contains("mean,p2.5,p97.5"), "{}", text.lines().next().unwrap());
}

#[test]
fn a_bad_percentile_list_names_the_entry_and_the_rule() {
    for (list, expected) in [
        ("exact", "is a method: use --percentile-method exact"),
        ("50,10", "entry 2 (10) does not exceed entry 1 (50)"),
        ("10,x", "entry 2 (`x`) is not a number"),
        ("0,50", "entry 1 is 0, outside (0, 100)"),
    ] {
        debtlab()
            .args(["mc", "baseline", "--paths", "10", "--percentiles", list])
            .assert()
            .failure()
            .stderr(contains("--percentiles").and(contains(expected)));
    }
}
