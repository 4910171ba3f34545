//! Issue 18: a `--set` that changes nothing is said on stderr, with why.

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;

fn debtlab() -> Command {
    Command::cargo_bin("debtlab").expect("binary builds")
}

#[test]
fn a_set_that_changes_nothing_warns_and_says_why() {
    // The README's own example on baseline: money growth under the taylor rule.
    debtlab()
        .args(["run", "baseline", "--set", "money.growth=[[2026, 0.05], [2030, 0.0]]", "--columns", "debt_gdp"])
        .assert()
        .success()
        .stderr(
            contains("warning: --set money.growth").and(contains("policy.rule = \"money\"")).and(contains("taylor")),
        );
    // Under the money rule it acts: no warning.
    debtlab()
        .args(["claims", "musk-abundance", "--set", "money.growth=0.03"])
        .assert()
        .success()
        .stderr(contains("warning").not());
}

/// Issue 18: `serve --addr localhost:8080` was refused (a socket address had to be an IP).
#[test]
fn serve_takes_a_host_name() {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("debtlab"))
        .args(["serve", "--addr", "localhost:0"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("starts");
    let mut line = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(child.stdout.take().unwrap()), &mut line).unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert!(line.starts_with("listening on http://"), "{line}");
    debtlab()
        .args(["serve", "--addr", "no-such-host.invalid:80"])
        .assert()
        .code(2)
        .stderr(contains("is not HOST:PORT"));
}

/// Issue 18: Sobol at N = 1024 gave first-order indices summing to 1.22 with no word of warning.
#[test]
fn sobol_warns_when_its_intervals_cannot_rank_the_parameters() {
    debtlab()
        .args(["sobol", "critics-fair", "--samples", "64", "--bootstrap", "50"])
        .assert()
        .success()
        .stderr(contains("warning: ").and(contains("raise --samples")));
}
