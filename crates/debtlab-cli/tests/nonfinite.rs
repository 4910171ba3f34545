//! Issue 16, items 2 and 6: no command prints NaN or an infinity for user
//! data, in any format; a ratio or growth rate the data leave undefined is
//! an error (exit 2) naming the file, the line, the column and its header,
//! and the rule. A byte that is not UTF-8 is reported with its line and
//! column.

use assert_cmd::Command;

const FORMATS: [&str; 3] = ["table", "csv", "json"];

fn debtlab() -> Command {
    Command::cargo_bin("debtlab").expect("binary builds")
}

/// Run `args` on `file` (written into a fresh directory, named as given)
/// in every format; each must fail with exit 2, print nothing on stdout,
/// and say every one of `expected` on stderr.
fn fails_naming(args: &[&str], file: &str, contents: &[u8], expected: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(file), contents).unwrap();
    for format in FORMATS {
        let out = debtlab().current_dir(dir.path()).args(args).arg(file).args(["--format", format]).output().unwrap();
        let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        let what = format!("debtlab {} {file} --format {format}", args.join(" "));
        assert_eq!(out.status.code(), Some(2), "{what}: stdout {stdout}\nstderr {stderr}");
        assert!(stdout.is_empty(), "{what}: printed {stdout}");
        for e in expected {
            assert!(stderr.contains(e), "{what}: {e:?} not in {stderr}");
        }
        assert!(!prints_non_finite(&stderr), "{what}: {stderr}");
        assert!(!stderr.contains("panicked"), "{what}: {stderr}");
    }
}

/// Whether `text` has a word `inf`, `NaN`, `infinity` or a JSON `null`
/// number, as Rust and serde print non-finite floats.
fn prints_non_finite(text: &str) -> bool {
    text.split(|c: char| !c.is_ascii_alphanumeric()).any(|w| ["inf", "NaN", "infinity"].contains(&w))
}

const HEADER: &str = "year,debt,gdp,price_index,interest,surplus\n";

fn table(rows: &str) -> Vec<u8> {
    format!("{HEADER}{rows}").into_bytes()
}

#[test]
fn replay_and_backtest_refuse_a_zero_gdp() {
    let data = table("2000,100,1000,1.00,5,0\n2001,110,0,1.02,6,-5\n2002,118,1100,1.04,6.5,-3\n");
    let expected = ["zero_gdp.csv: line 3, column 3 (gdp): GDP must be positive to divide by it", "found 0 in 2001"];
    for command in ["replay", "backtest"] {
        fails_naming(&[command], "zero_gdp.csv", &data, &expected);
    }
}

#[test]
fn replay_and_backtest_refuse_a_zero_starting_debt() {
    let data = table("2000,0,1000,1.00,5,0\n2001,110,1050,1.02,6,-5\n2002,118,1100,1.04,6.5,-3\n");
    let expected = [
        "zero_debt.csv: line 2, column 2 (debt): debt must be non-zero to divide the next year's interest by it",
        "found 0 in 2000",
    ];
    for command in ["replay", "backtest"] {
        fails_naming(&[command], "zero_debt.csv", &data, &expected);
    }
}

#[test]
fn replay_and_backtest_refuse_a_zero_price_index() {
    let data = table("2000,100,1000,1.00,5,0\n2001,110,1050,0,6,-5\n2002,118,1100,1.04,6.5,-3\n");
    let expected =
        ["zero_price.csv: line 3, column 4 (price_index): a price index must be positive", "found 0 in 2001"];
    for command in ["replay", "backtest"] {
        fails_naming(&[command], "zero_price.csv", &data, &expected);
    }
}

#[test]
fn replay_and_backtest_refuse_huge_values() {
    // Debt / GDP of 1e308 / 1e-308 overflows in the data.
    let data = table("2000,100,1000,1.00,5,0\n2001,1e308,1e-308,1.02,6,-5\n2002,118,1100,1.04,6.5,-3\n");
    let expected = ["huge.csv: line 3, column 3 (gdp): ", "in 2001 is not a finite number", "gdp 2001 = 1e-308"];
    for command in ["replay", "backtest"] {
        fails_naming(&[command], "huge.csv", &data, &expected);
    }
    // Debt / GDP of 1e308 is a float, but not in points of GDP (x 100).
    let data = b"year,debt,gdp,interest,surplus\n2000,1e308,1,1,0\n2001,1e308,1,1,0\n";
    let expected = ["points.csv: line 2, column 2 (debt): debt_gdp", "in points of GDP", "is not a finite number"];
    for command in ["replay", "backtest"] {
        fails_naming(&[command], "points.csv", data, &expected);
    }
    // Each year finite, their sum not: the replay's sum row and the
    // backtest's compounding overflow.
    let data = b"year,debt,gdp,interest,surplus\n2000,1,1,0,-1e308\n2001,1e308,1,0,-1e308\n\
                 2002,1e308,1,0,-1e308\n2003,1e308,1,0,-1e308\n";
    let expected = ["sums.csv: line ", ", column 5 (surplus): ", "is not a finite number"];
    for command in ["replay", "backtest"] {
        fails_naming(&[command], "sums.csv", data, &expected);
    }
}

/// A FRED download of one series: two calendar years of quarters, the first
/// year at `a` and the second at `b`.
fn fred(id: &str, a: &str, b: &str) -> Vec<u8> {
    let mut text = format!("observation_date,{id}\n");
    for (year, v) in [(2020, a), (2021, b)] {
        for month in ["01", "04", "07", "10"] {
            text += &format!("{year}-{month}-01,{v}\n");
        }
    }
    text.into_bytes()
}

#[test]
fn track_refuses_zero_gdp_debt_and_prices() {
    let expected = ["gdp.csv: line 6, column 2 (GDP): GDP must be positive", "found 0 on 2021-01-01"];
    fails_naming(&["track"], "gdp.csv", &fred("GDP", "100", "0"), &expected);
    let expected = ["debt.csv: line 2, column 2 (GFDEBTN): debt must be positive", "found 0 on 2020-01-01"];
    fails_naming(&["track"], "debt.csv", &fred("GFDEBTN", "0", "100"), &expected);
    let expected = ["prices.csv: line 7, column 2 (GDPDEF): a price index must be positive", "found -1 on 2021-04-01"];
    let mut data = fred("GDPDEF", "100", "101");
    data = String::from_utf8(data).unwrap().replace("2021-04-01,101", "2021-04-01,-1").into_bytes();
    fails_naming(&["track"], "prices.csv", &data, &expected);
}

#[test]
fn track_refuses_growth_that_overflows() {
    let expected = [
        "huge.csv: lines 2-5, column 2 (GDPDEF): inflation in 2021 is not a finite number",
        "GDPDEF 2021 = 1e300, GDPDEF 2020 = 1e-300",
    ];
    fails_naming(&["track"], "huge.csv", &fred("GDPDEF", "1e-300", "1e300"), &expected);
}

#[test]
fn track_on_huge_but_finite_prices_prints_their_growth() {
    // The "prices rising (NaN%/yr)": each year's mean of 1e308s
    // overflowed in the sum. The mean is finite, and so is the growth.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("cpi.csv"), fred("CPIAUCSL", "1e308", "1.7e308")).unwrap();
    for format in FORMATS {
        let out = debtlab().current_dir(dir.path()).args(["track", "cpi.csv", "--format", format]).output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{format}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(stdout.contains("prices rising (+70.0%/yr)"), "{format}: {stdout}");
        assert!(!prints_non_finite(&stdout), "{format}: {stdout}");
    }
    let out = debtlab().current_dir(dir.path()).args(["track", "cpi.csv", "--format", "json"]).output().unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let inflation = json.as_array().unwrap().iter().find(|r| r["indicator"] == "inflation").unwrap();
    assert_eq!((inflation["year"].as_i64(), inflation["value"].as_f64()), (Some(2021), Some(70.0)), "{inflation}");
}

#[test]
fn a_bad_byte_on_line_3_is_reported_with_its_line_and_column() {
    // Column: the CSV field, as in every other message about a file;
    // character: where an editor puts the cursor on the byte.
    let expected = ["latin1.csv: line 3, column 2: not UTF-8 text: byte 0xE9 at character 7 of the line"];
    let data = b"year,debt,gdp,interest,surplus\n2000,100,1000,5,0\n2001,1\xe9,1050,6,-5\n";
    for command in ["replay", "backtest"] {
        fails_naming(&[command], "latin1.csv", data, &expected);
    }
    let expected = ["latin1.csv: line 3, column 2: not UTF-8 text: byte 0xE9 at character 13 of the line"];
    let data = b"observation_date,GDPDEF\n2020-01-01,100\n2020-04-01,1\xe9\n";
    fails_naming(&["track"], "latin1.csv", data, &expected);
}
