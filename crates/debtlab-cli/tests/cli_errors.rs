//! Every kind of bad input gives a clear message and exit code 2, never a panic.

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;

fn debtlab() -> Command {
    Command::cargo_bin("debtlab").expect("binary builds")
}

/// Writes `text` to `name` in a fresh folder and runs `debtlab run` on it.
fn run_file(name: &str, text: &str) -> assert_cmd::assert::Assert {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), text).unwrap();
    debtlab().current_dir(dir.path()).args(["run", name]).assert()
}

fn fails_with(assert: assert_cmd::assert::Assert, parts: &[&str]) {
    let mut assert = assert.failure().code(2).stderr(contains("panicked").not());
    for part in parts {
        assert = assert.stderr(contains(*part));
    }
    let _ = assert;
}

#[test]
fn unknown_key_names_file_line_column_and_nearest_name() {
    fails_with(
        run_file("s.toml", "extends = \"baseline\"\n\n[energy]\ng_suply = 0.05\n"),
        &["s.toml:4:1", "`energy.g_suply`", "unknown parameter", "did you mean `energy.g_supply`?"],
    );
}

#[test]
fn unknown_section_suggests_the_nearest_section() {
    fails_with(run_file("s.toml", "[enrgy]\ng_supply = 0.05\n"), &["s.toml:1:2", "unknown top-level key", "`energy`"]);
}

#[test]
fn unknown_sector_field_suggests_the_nearest_field() {
    fails_with(
        run_file("s.toml", "[technology.sectors.energy]\nceilng = 0.5\n"),
        &["s.toml:2:1", "technology.sectors.energy.ceilng", "did you mean `ceiling`?"],
    );
}

#[test]
fn wrong_type_is_reported_at_the_value() {
    fails_with(
        run_file("s.toml", "[energy]\ng_supply = \"fast\"\n"),
        &["s.toml:2:12", "`energy.g_supply`", "expected a number, found string"],
    );
}

#[test]
fn shares_that_do_not_sum_to_one() {
    fails_with(
        run_file("s.toml", "[technology.sectors.rest]\nshare = 0.5\n"),
        &["s.toml:2:9", "shares must sum to 1 within 1e-9", "1.05"],
    );
    fails_with(
        run_file("s.toml", "[technology.sectors.rest]\njobs = 0.4\n"),
        &["s.toml:2:8", "jobs must sum to 1 within 1e-9"],
    );
}

#[test]
fn non_positive_dt() {
    fails_with(run_file("s.toml", "[run]\ndt = 0\n"), &["s.toml:2:6", "`run.dt`", "outside the valid range (0, 1]"]);
    fails_with(run_file("s.toml", "[run]\ndt = -0.25\n"), &["`run.dt`", "outside the valid range"]);
}

#[test]
fn horizon_over_200_years() {
    fails_with(run_file("s.toml", "[run]\nyears = 250\n"), &["s.toml:2:9", "`run.years`", "(0, 200]"]);
}

#[test]
fn negative_maturity() {
    fails_with(
        run_file("s.toml", "[debt]\ncoupon_wam_years = -2\n"),
        &["s.toml:2:20", "`debt.coupon_wam_years`", "-2 is outside"],
    );
}

#[test]
fn schedule_out_of_order() {
    fails_with(
        run_file("s.toml", "[money]\ngrowth = [[2030, 0.05], [2027, 0.02]]\n"),
        &["s.toml:2:25", "`money.growth`", "strictly increasing"],
    );
    fails_with(
        run_file("s.toml", "[energy]\ng_supply = [[2030, 0.05]]\n"),
        &["`energy.g_supply`", "takes a number, not a schedule"],
    );
}

#[test]
fn extends_cycle() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.toml"), "extends = \"b.toml\"\n").unwrap();
    std::fs::write(dir.path().join("b.toml"), "extends = \"a.toml\"\n").unwrap();
    fails_with(
        debtlab().current_dir(dir.path()).args(["run", "a.toml"]).assert(),
        &["b.toml:1:11", "`extends` cycle: a.toml -> b.toml -> a.toml"],
    );
}

#[test]
fn missing_preset_suggests_the_nearest() {
    fails_with(
        debtlab().args(["claims", "musk-abundanse"]).assert(),
        &["no preset or file named `musk-abundanse`", "did you mean `musk-abundance`?"],
    );
    fails_with(run_file("s.toml", "extends = \"baselin\"\n"), &["s.toml:1:11", "did you mean `baseline`?"]);
}

#[test]
fn bad_claims_and_choices() {
    fails_with(
        run_file("s.toml", "[[claims]]\nname = \"x\"\nmetric = \"debt_gpd\"\nop = \"<\"\nvalue = 1\nby = 3\n"),
        &["s.toml:3:10", "no output column `debt_gpd`", "did you mean `debt_gdp`?"],
    );
    fails_with(
        run_file("s.toml", "[[claims]]\nname = \"x\"\nmetric = \"debt_gdp\"\nop = \"<\"\nvalue = 1\nby = 30\n"),
        &["claims.x.by", "after the end of the run"],
    );
    fails_with(
        run_file("s.toml", "[[claims]]\nname = \"x\"\nmetric = \"debt_gdp\"\nop = \"<\"\nvalue = \"at(30)\"\nby = 3\n"),
        &["`claims.x.value`", "at(30) is after the end of the run"],
    );
    fails_with(
        run_file(
            "s.toml",
            "[[claims]]\nname = \"x\"\nmetric = \"debt_gdp\"\nop = \"<\"\nvalue = 1\nby = 3\nwhen = \"allways\"\n",
        ),
        &["s.toml:7:8", "`claims.x.when`", "not one of by, always, ever", "did you mean `always`?"],
    );
    fails_with(
        run_file("s.toml", "[policy]\nrule = \"mony\"\n"),
        &["s.toml:2:8", "not one of taylor, money", "did you mean `money`?"],
    );
}

#[test]
fn v1_parameters_name_their_v2_replacement() {
    fails_with(run_file("s.toml", "[run]\nregime = \"quantity\"\n"), &["s.toml:2:1", "`run.regime`", "`policy.rule`"]);
    fails_with(
        run_file("s.toml", "[debt]\nwam_years = 6\n"),
        &["s.toml:2:1", "`debt.wam_years`", "`debt.coupon_wam_years`"],
    );
    fails_with(
        debtlab().args(["run", "baseline", "--set", "fiscal.revenue_share=0.17"]).assert(),
        &["--set", "`fiscal.revenue_share`", "`fiscal.tax_labor`", "`fiscal.tax_capital`", "`fiscal.tax_other`"],
    );
}

#[test]
fn toml_syntax_error_has_a_position() {
    fails_with(run_file("s.toml", "[energy\n"), &["s.toml:1:", "not valid TOML"]);
}

#[test]
fn overrides_are_checked_like_files() {
    fails_with(
        debtlab().args(["run", "baseline", "--set", "energy.g_suply=1"]).assert(),
        &["--set", "did you mean `energy.g_supply`?"],
    );
    fails_with(debtlab().args(["run", "baseline", "--set", "run.dt=0.3"]).assert(), &["whole number of steps"]);
    fails_with(debtlab().args(["run", "baseline", "--set", "run.dt"]).assert(), &["dotted.name=value"]);
    fails_with(
        debtlab().args(["run", "baseline", "--set", "technology.gov_sector=goverment_admin"]).assert(),
        &["no sector named", "did you mean `government_admin`?"],
    );
}

#[test]
fn a_run_that_leaves_the_finite_range_names_step_year_and_variable() {
    fails_with(
        debtlab()
            .args(["run", "baseline", "--set", "policy.rule=money", "--set", "money.growth=5"])
            .args(["--set", "run.years=200", "--set", "run.dt=1"])
            .assert(),
        &["left the finite range at step", "(year 2", "is inf"],
    );
}

#[test]
fn bad_column_names_are_rejected() {
    fails_with(
        debtlab().args(["run", "baseline", "--columns", "debt_gdp,debt_gpd"]).assert(),
        &["no output column `debt_gpd`", "did you mean `debt_gdp`?"],
    );
}

#[test]
fn output_to_a_missing_folder_fails_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("no/such/folder/out.csv");
    fails_with(
        debtlab().args(["run", "baseline", "--format", "csv", "--out"]).arg(&target).assert(),
        &["cannot write"],
    );
    assert!(!target.exists());
}

/// Issue 16: `-o` onto a symbolic link or a FIFO replaced it with a regular file.
#[cfg(unix)]
#[test]
fn output_onto_a_symlink_or_a_fifo_keeps_it() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.csv");
    let link = dir.path().join("link.csv");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    debtlab().args(["run", "baseline", "--format", "csv", "-o"]).arg(&link).assert().success();
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert!(std::fs::read_to_string(&real).unwrap().starts_with("step,year,"));

    let fifo = dir.path().join("pipe.csv");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("no mkfifo here; the FIFO half of the test is skipped");
        return;
    }
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    debtlab().args(["run", "baseline", "--format", "csv", "-o"]).arg(&fifo).assert().success();
    assert!(reader.join().unwrap().starts_with("step,year,"));
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo(), "still a FIFO");
}

/// Issue 16: scenario files were read with `read_to_string`, so a bad byte had no position.
#[test]
fn a_scenario_file_that_is_not_utf8_names_the_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("s.toml"), b"extends = \"baseline\"\n[energy]\n# caf\xe9 latin-1\n").unwrap();
    debtlab()
        .current_dir(dir.path())
        .args(["run", "s.toml"])
        .assert()
        .code(2)
        .stderr(contains("s.toml: line 3, column 6").and(contains("not UTF-8")).and(contains("0xE9")));
}
