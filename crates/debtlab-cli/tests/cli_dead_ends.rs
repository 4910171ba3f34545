//! Issue 18's dead ends: lists of choices a command then refuses, commands
//! that read the same data differently, rounding noise shown as numbers and
//! sums mixed into tidy output.

use assert_cmd::Command;

fn debtlab() -> Command {
    Command::cargo_bin("debtlab").expect("binary builds")
}

fn stdout(args: &[&str]) -> String {
    let out = debtlab().args(args).assert().success().get_output().stdout.clone();
    String::from_utf8(out).unwrap()
}

fn stderr_of_failure(args: &[&str]) -> String {
    let out = debtlab().args(args).assert().code(2).get_output().stderr.clone();
    String::from_utf8(out).unwrap()
}

/// The names after `label` in `text`, up to the next `;` or line end.
fn listed<'a>(text: &'a str, label: &str) -> Vec<&'a str> {
    let start = text.find(label).unwrap_or_else(|| panic!("no `{label}` in {text}")) + label.len();
    let rest = &text[start..];
    let end = rest.find([';', '\n']).unwrap_or(rest.len());
    rest[..end].split(',').map(str::trim).collect()
}

/// `replay bogus` listed `start-2026`, which replay then refused.
#[test]
fn replay_lists_only_the_datasets_it_accepts() {
    let err = stderr_of_failure(&["replay", "bogus"]);
    let names = listed(&err, "known: ");
    assert!(names.contains(&"us-postwar") && names.contains(&"cbo-2025"), "{err}");
    for name in &names {
        stdout(&["replay", name, "--format", "csv"]);
    }
    assert!(!err.contains("start-2026") && !err.contains("cbo-btn-2025"), "{err}");
    assert!(err.contains("CSV file"), "the other kind of input is named: {err}");

    for bundled_but_no_history in ["start-2026", "cbo-btn-2025"] {
        let err = stderr_of_failure(&["replay", bundled_but_no_history]);
        assert!(err.contains("not a year-by-year history"), "{err}");
        assert_eq!(listed(&err, "histories: "), names, "{err}");
    }
}

fn plain_csv(dir: &std::path::Path) -> String {
    let path = dir.join("mine.csv");
    std::fs::write(
        &path,
        "year,debt,gdp,price_index,interest,surplus\n2000,100,1000,1.00,5,0\n\
         2001,110,1050,1.02,6,-5\n2002,118,1100,1.04,6.5,-3\n2003,120,1160,1.05,7,-2\n",
    )
    .unwrap();
    path.to_str().unwrap().to_string()
}

/// `plot-replay` refused a CSV that `replay` accepts.
#[test]
fn plot_replay_accepts_what_replay_accepts() {
    let dir = tempfile::tempdir().unwrap();
    let csv = plain_csv(dir.path());
    let nominal = dir.path().join("nominal.csv");
    std::fs::write(&nominal, "year,debt,gdp,surplus\n2000,100,1000,0\n2001,110,1050,-5\n2002,118,1100,-3\n").unwrap();
    let nominal = nominal.to_str().unwrap();
    for args in [vec![csv.as_str()], vec![&csv, "--from", "2001", "--to", "2003"], vec![nominal], vec!["us-1930s"]] {
        stdout(&[&["replay"], &args[..]].concat());
        let svg = dir.path().join("replay.svg");
        let svg_arg = svg.to_str().unwrap();
        debtlab().args([&["plot-replay"], &args[..], &["-o", svg_arg]].concat()).assert().success();
        assert!(std::fs::read_to_string(&svg).unwrap().contains("<svg"), "{args:?}");
        std::fs::remove_file(&svg).unwrap();
    }
    // And both refuse alike.
    let svg = dir.path().join("x.svg");
    for bad in ["bogus", "start-2026"] {
        let replay = stderr_of_failure(&["replay", bad]);
        let plot = stderr_of_failure(&["plot-replay", bad, "-o", svg.to_str().unwrap()]);
        assert_eq!(replay, plot);
    }
    let window = stderr_of_failure(&["replay", &csv, "--from", "1990"]);
    assert_eq!(window, stderr_of_failure(&["plot-replay", &csv, "--from", "1990", "-o", svg.to_str().unwrap()]));
}

/// The replay CSV mixed a `sum` row into the year rows.
#[test]
fn replay_csv_and_json_have_one_row_per_year_and_the_table_the_sums() {
    let dir = tempfile::tempdir().unwrap();
    let file = plain_csv(dir.path());
    for dataset in ["us-postwar", "us-1930s", file.as_str()] {
        let csv = stdout(&["replay", dataset, "--format", "csv"]);
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let years: Vec<String> = reader.records().map(|r| r.unwrap()[0].to_string()).collect();
        assert!(years.iter().all(|y| y.parse::<i32>().is_ok()), "{dataset}: {years:?}");
        let json: serde_json::Value = serde_json::from_str(&stdout(&["replay", dataset, "--format", "json"])).unwrap();
        let rows = json.as_array().unwrap();
        assert_eq!(rows.len(), years.len(), "{dataset}");
        assert!(rows.iter().all(|r| r["year"].is_i64()), "{dataset}");
        let table = stdout(&["replay", dataset]);
        assert!(table.lines().any(|l| l.starts_with("sum ")), "{dataset}: {table}");
    }
}

/// `backtest --with-sfa` showed `5.551e-15` where it means 0.
#[test]
fn backtest_with_sfa_prints_rounding_as_0_in_the_table_and_exact_in_csv() {
    let table = stdout(&["backtest", "--with-sfa"]);
    let lines: Vec<&str> = table.lines().collect();
    let header_at = lines.iter().position(|l| l.starts_with("year ")).unwrap();
    let gap = lines[header_at].split_whitespace().position(|h| h == "gap").unwrap();
    let years: Vec<&str> = lines[header_at + 2..].iter().take_while(|l| l.starts_with(['1', '2'])).copied().collect();
    assert!(years.len() > 30, "{table}");
    // The first row (the base year) has blank cells; every other row has all nine.
    for line in &years[1..] {
        let cells: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(cells.len(), 9, "{line}");
        assert_eq!(cells[gap], "0", "{line}");
    }
    assert!(!table.contains("e-15") && !table.contains("e-16"), "{table}");
    assert!(table.contains("largest gap: 0"), "{table}");

    let csv = stdout(&["backtest", "--with-sfa", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let at = reader.headers().unwrap().iter().position(|h| h == "gap").unwrap();
    let gaps: Vec<f64> = reader.records().map(|r| r.unwrap()[at].parse().unwrap()).collect();
    assert!(gaps.iter().all(|g| g.abs() < 1e-12), "{gaps:?}");
    assert!(gaps.iter().any(|g| *g != 0.0), "CSV keeps the exact values: {gaps:?}");

    let help = stdout(&["backtest", "--help"]);
    assert!(help.contains("prints as 0") && help.contains("exact"), "{help}");
    // Without the adjustment the gaps are real and shown.
    assert!(stdout(&["backtest"]).contains("largest gap: 2020"));
}

/// The README as committed: its command table and its sentence on `--set`.
const README: &str = include_str!("../../../README.md");

/// The commands of the README's table, in its order.
fn readme_commands() -> Vec<String> {
    let table = README.split("## Commands").nth(1).expect("a Commands section");
    table
        .lines()
        .filter_map(|l| l.strip_prefix("| `debtlab "))
        .map(|l| l.split([' ', '`']).next().unwrap().to_string())
        .collect()
}

/// Issue 18: the README's table and `debtlab --help` listed the commands in
/// different orders.
#[test]
fn readme_table_and_help_list_the_same_commands_in_the_same_order() {
    let help = stdout(&["--help"]);
    let listed: Vec<String> = help
        .split("Commands:")
        .nth(1)
        .expect("a Commands section")
        .lines()
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_string)
        .collect();
    assert_eq!(readme_commands(), listed);
}

/// Issue 18: the README named six commands that take --set while twelve did.
/// Its sentence lists every command whose --help has --set, and no other.
#[test]
fn readme_names_exactly_the_commands_that_take_set() {
    let sentence = README.split("commands that load a scenario").nth(1).expect("the --set sentence");
    let (takes, rest) = sentence.split_once("; not ").expect("`; not ` before the commands without --set");
    let not = rest.split(')').next().unwrap();
    let named = |text: &str, cmd: &str| text.contains(&format!("`{cmd}`"));
    for cmd in readme_commands() {
        let has_set = stdout(&[cmd.as_str(), "--help"]).contains("--set");
        assert_eq!(named(takes, &cmd), has_set, "{cmd}: --help has --set = {has_set}");
        assert_eq!(named(not, &cmd), !has_set, "{cmd}: listed among those without --set");
    }
}
