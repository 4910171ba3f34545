//! How results reach the reader: a pipe closed early, labels and units.

use std::io::{BufRead, BufReader};
use std::process::{Command as Process, Stdio};

use assert_cmd::Command;

fn debtlab() -> Command {
    Command::cargo_bin("debtlab").expect("binary builds")
}

fn stdout(args: &[&str]) -> String {
    let out = debtlab().args(args).assert().success().get_output().stdout.clone();
    String::from_utf8(out).unwrap()
}

fn json(args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&stdout(args)).unwrap()
}

/// The header line of a table view, split on whitespace, and the line under it.
fn table_head(text: &str) -> (Vec<String>, String) {
    let lines: Vec<&str> = text.lines().collect();
    let at = lines.iter().position(|l| l.starts_with("---")).expect("a rule under the header");
    let header_at = if lines[at - 1].split_whitespace().next() == Some("step") { at - 1 } else { at - 2 };
    let header = lines[header_at].split_whitespace().map(str::to_string).collect();
    (header, lines[header_at + 1].to_string())
}

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

/// Issue 18: `--columns debt_gdp,interest` dropped `year` from table, CSV and JSON alike.
#[test]
fn run_columns_keep_step_and_year_in_every_format() {
    let columns = ["run", "baseline", "--columns", "debt_gdp,interest"];
    let csv = stdout(&[&columns[..], &["--format", "csv"]].concat());
    assert_eq!(csv.lines().next(), Some("step,year,debt_gdp,interest"));
    assert!(csv.lines().nth(1).unwrap().starts_with("0,2026,"), "{csv}");

    let rows = json(&[&columns[..], &["--format", "json"]].concat());
    let first = rows[0].as_object().unwrap();
    let mut keys: Vec<&str> = first.keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(keys, ["debt_gdp", "interest", "step", "year"]);
    assert_eq!(rows[8]["year"], 2027.0);

    let (header, _) = table_head(&stdout(&columns));
    assert_eq!(header, ["step", "year", "debt_gdp", "interest"]);

    // Asked for, each is printed once and first; the others keep their order.
    let csv = stdout(&["run", "baseline", "--format", "csv", "--columns", "interest,year,debt_gdp"]);
    assert_eq!(csv.lines().next(), Some("step,year,interest,debt_gdp"));
}

#[test]
fn no_index_prints_only_the_columns_asked_for() {
    let csv = stdout(&["run", "baseline", "--format", "csv", "--no-index", "--columns", "debt_gdp,interest"]);
    assert_eq!(csv.lines().next(), Some("debt_gdp,interest"));
    let rows = json(&["run", "baseline", "--format", "json", "--no-index", "--columns", "debt_gdp"]);
    assert_eq!(rows[0].as_object().unwrap().keys().collect::<Vec<_>>(), ["debt_gdp"]);
    let (header, _) = table_head(&stdout(&["run", "baseline", "--no-index", "--columns", "year,debt_gdp"]));
    assert_eq!(header, ["year", "debt_gdp"]);
}

/// Issue 18: the CLI printed no units (`real_debt 56.23`).
#[test]
fn the_table_view_has_a_units_line_and_csv_keeps_plain_names() {
    let table = stdout(&["run", "baseline", "--columns", "debt_gdp,interest,real_debt,inflation"]);
    let (header, units) = table_head(&table);
    assert_eq!(header, ["step", "year", "debt_gdp", "interest", "real_debt", "inflation"]);
    for unit in ["year", "ratio", "$T/yr", "$T, start-year $", "1/yr"] {
        assert!(units.contains(unit), "{unit} in the units line: {units}");
    }
    // Default columns too.
    let (_, units) = table_head(&stdout(&["run", "baseline"]));
    assert!(units.contains("ratio") && units.contains("$T/yr"), "{units}");

    let csv = stdout(&["run", "baseline", "--format", "csv"]);
    let header = csv.lines().next().unwrap();
    assert!(!header.contains('(') && !header.contains('$'), "{header}");

    let compare = stdout(&["compare", "baseline", "musk-abundance", "--columns", "real_debt", "--at", "0"]);
    assert!(compare.contains("$T, start-year $"), "{compare}");
    let compare = stdout(&["compare", "baseline", "--columns", "real_debt", "--at", "0", "--format", "csv"]);
    assert_eq!(compare.lines().next(), Some("column,year,baseline"));

    let mc = stdout(&["mc", "baseline", "--paths", "20", "--columns", "interest"]);
    assert!(mc.contains("$T/yr") && mc.contains("probability"), "{mc}");
    let mc = stdout(&["mc", "baseline", "--paths", "20", "--columns", "interest", "--format", "csv"]);
    assert_eq!(mc.lines().next(), Some("kind,name,step,year,mean,p5,p25,p50,p75,p95,std_error"));
}

/// Issue 18: the `inflation` column is an instantaneous annualised rate;
/// `params --columns` says so, with every column's unit.
#[test]
fn params_columns_lists_every_output_column_with_unit_and_meaning() {
    let rows = json(&["params", "--columns", "--format", "json"]);
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 53);
    let inflation = rows.iter().find(|r| r["name"] == "inflation").unwrap();
    assert_eq!(inflation["unit"], "1/yr");
    let doc = inflation["doc"].as_str().unwrap();
    assert!(doc.contains("instantaneous annualised") && doc.contains("not the price level's change over a year"));
    // Each of the two says which it is and names the other.
    assert!(doc.contains("that is `inflation_yoy`"), "{doc}");
    let yoy = rows.iter().find(|r| r["name"] == "inflation_yoy").unwrap();
    let doc = yoy["doc"].as_str().unwrap();
    assert!(doc.contains("P_t / P_{t-n} - 1") && doc.contains("unlike `inflation`"), "{doc}");
    // The Monte Carlo kernel computes it too.
    let mc = stdout(&["mc", "debt-deflation", "--paths", "16", "--columns", "inflation_yoy", "--format", "csv"]);
    assert!(mc.lines().any(|l| l.starts_with("column,inflation_yoy,")), "{mc}");
    let table = stdout(&["params", "--columns", "real_debt"]);
    assert!(table.contains("$T, start-year $"), "{table}");
    debtlab().args(["params", "--columns", "nonesuch"]).assert().code(2);
}

/// Issue 18: `params` and `presets` had no `--format`.
#[test]
fn presets_and_params_print_in_every_format() {
    let csv = stdout(&["presets", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(reader.headers().unwrap().iter().collect::<Vec<_>>(), ["preset", "rule", "description"]);
    let names: Vec<String> = reader.records().map(|r| r.unwrap()[0].to_string()).collect();
    assert!(names.len() >= 12 && names.contains(&"musk-abundance".to_string()), "{names:?}");
    let presets = json(&["presets", "--format", "json"]);
    assert_eq!(presets.as_array().unwrap().len(), names.len());

    let params = json(&["params", "policy.rule", "--format", "json"]);
    assert_eq!(params[0]["name"], "policy.rule");
    assert_eq!(params[0]["default"], "taylor");
    let csv = stdout(&["params", "energy.", "--format", "csv"]);
    assert_eq!(csv.lines().next(), Some("name,default,unit,range,doc"));

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("params.csv");
    debtlab().args(["params", "--format", "csv", "-o"]).arg(&path).assert().success().stdout("");
    assert!(std::fs::read_to_string(&path).unwrap().lines().count() > 100);
}

/// Issue 18: the run's title said "(taylor regime)" after `--set
/// policy.rule=...` overrode it. Every title names the rule the resolved
/// scenario runs and the parameters --set changed.
#[test]
fn titles_come_from_the_resolved_scenario() {
    let money = ["--set", "policy.rule=money"];
    let first_line = |args: &[&str]| stdout(args).lines().next().unwrap().to_string();
    let title = first_line(&["run", "doge-liquidation"]);
    assert!(title.starts_with("doge-liquidation (taylor rule, dt = 0.125 yr): DOGE"), "{title}");
    let commands: [&[&str]; 7] = [
        &["run", "doge-liquidation"],
        &["mc", "doge-liquidation", "--paths", "10"],
        &["claims", "doge-liquidation"],
        &["compare", "doge-liquidation", "--at", "0"],
        &["sensitivity", "doge-liquidation", "--params", "prices.kappa"],
        &["solve", "doge-liquidation", "--vary", "fiscal.cut_target", "--target", "debt_gdp <= 1 by 3", "--grid", "3"],
        &["calibrate", "doge-liquidation"],
    ];
    for command in commands {
        let title = first_line(&[command, &money[..]].concat());
        assert!(title.contains("doge-liquidation with --set policy.rule (money rule"), "{command:?}: {title}");
        assert!(!title.contains("taylor") && !title.contains("regime"), "{command:?}: {title}");
    }
    let calibrate = first_line(&["calibrate", "baseline"]);
    assert!(
        calibrate.starts_with("calibrate baseline (taylor rule, dt = 0.125 yr)"),
        "its own run.years is not the user's: {calibrate}"
    );
    let attribute =
        stdout(&["attribute", "doge-liquidation", "--against", "baseline", "--at", "3", "--set", "policy.rule=money"]);
    assert!(attribute.starts_with("attribute doge-liquidation with --set policy.rule (money rule"), "{attribute}");
    assert!(attribute.contains("against baseline with --set policy.rule (money rule"), "{attribute}");

    // The chart's default title too.
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("plot.svg");
    debtlab()
        .args(["plot", "doge-liquidation", "--columns", "debt_gdp", "-o"])
        .arg(&svg)
        .args(money)
        .assert()
        .success();
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(text.contains("doge-liquidation with --set policy.rule (money rule)"), "the chart title");

    let report = stdout(&["report", "doge-liquidation", "--set", "policy.rule=money"]);
    assert!(report.contains("<h3>doge-liquidation with --set policy.rule</h3>"), "the report names the run as it ran");

    // Presets: the rule from the parameters, and no rule in the descriptions' words.
    let presets = json(&["presets", "--format", "json"]);
    for preset in presets.as_array().unwrap() {
        let description = preset["description"].as_str().unwrap();
        assert!(!description.contains("(taylor)") && !description.contains("(money rule)"), "{description}");
    }
    let rule = |name: &str| presets.as_array().unwrap().iter().find(|p| p["preset"] == name).unwrap()["rule"].clone();
    assert_eq!((rule("musk-abundance"), rule("doge-liquidation")), ("money".into(), "taylor".into()));
}

/// Issue 15: `--format parquet` writes the same table as CSV, read back
/// by the parquet crate, with each column's unit in its field metadata.
#[test]
fn parquet_holds_the_csv_table_with_units() {
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("run.parquet");
    let args = ["run", "musk-abundance", "--columns", "debt_gdp,price_level"];
    debtlab().args(args).args(["--format", "parquet", "-o"]).arg(&path).assert().success();
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.starts_with(b"PAR1") && bytes.ends_with(b"PAR1"));
    let reader = ParquetRecordBatchReaderBuilder::try_new(bytes::Bytes::from(bytes)).unwrap();
    let schema = reader.schema().clone();
    let batches: Vec<_> = reader.build().unwrap().collect::<Result<_, _>>().unwrap();
    let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
    assert_eq!(names, ["step", "year", "debt_gdp", "price_level"]);
    let unit = schema.field_with_name("debt_gdp").unwrap().metadata().get("unit").cloned();
    assert!(unit.is_some_and(|u| !u.is_empty()));
    let csv = stdout(&[&args[..], &["--format", "csv"]].concat());
    let from_csv: Vec<f64> = csv.lines().skip(1).map(|l| l.split(',').nth(2).unwrap().parse().unwrap()).collect();
    let column = batches[0].column(2).as_any().downcast_ref::<arrow_array::Float64Array>().unwrap();
    assert_eq!(column.values().to_vec(), from_csv, "the same bits as the CSV");
}

#[test]
fn mc_and_claims_write_parquet_too() {
    let dir = tempfile::tempdir().unwrap();
    for (name, args) in [
        ("mc", &["mc", "baseline", "--paths", "200", "--columns", "debt_gdp"][..]),
        ("claims", &["claims", "baseline", "musk-abundance"][..]),
    ] {
        let path = dir.path().join(format!("{name}.parquet"));
        debtlab().args(args).args(["--format", "parquet", "--out"]).arg(&path).assert().success();
        assert!(std::fs::read(&path).unwrap().starts_with(b"PAR1"), "{name}");
    }
}
