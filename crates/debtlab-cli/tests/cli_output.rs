//! How results reach the reader: a pipe closed early, labels and units.

use std::io::{BufRead, BufReader};
use std::process::{Command as Process, Stdio};

/// Runs `debtlab ARGS` with stdout on a real pipe, reads one line and
/// closes the pipe, as `debtlab ARGS | head -1` does: the command must
/// exit 0 and print nothing on stderr. Each ARGS writes far more than a
/// pipe holds (64 KiB), so the write after the close fails with EPIPE.
fn closed_after_one_line(args: &[&str]) {
    let mut child = Process::new(env!("CARGO_BIN_EXE_debtlab"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("debtlab starts");
    let mut reader = BufReader::new(child.stdout.take().expect("piped stdout"));
    let mut line = String::new();
    reader.read_line(&mut line).expect("a first line");
    assert!(!line.is_empty(), "{args:?} printed nothing");
    drop(reader);
    let out = child.wait_with_output().expect("debtlab ends");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{args:?}: {:?}, stderr: {stderr}", out.status);
    assert!(stderr.is_empty(), "{args:?}: stderr: {stderr}");
}

/// Issue 18: `mc ... --format json | head` printed "Broken pipe" and exited 2.
#[test]
fn a_reader_that_stops_early_ends_the_command_quietly_with_0() {
    closed_after_one_line(&["mc", "baseline", "--paths", "20", "--format", "json", "--set", "run.dt=0.02"]);
    closed_after_one_line(&["run", "baseline", "--format", "csv", "--set", "run.dt=0.01"]);
    closed_after_one_line(&["run", "baseline", "--format", "json", "--set", "run.dt=0.01"]);
    closed_after_one_line(&["run", "baseline", "--every", "1", "--columns", "all", "--set", "run.dt=0.01"]);
}

#[test]
fn run_csv_piped_into_head_is_quiet() {
    closed_after_one_line(&["run", "baseline", "--format", "csv"]);
}
