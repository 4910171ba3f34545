//! The commands on history: replay, backtest, track and calibrate.

use std::path::PathBuf;

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;

fn debtlab() -> Command {
    Command::cargo_bin("debtlab").expect("binary builds")
}

fn stdout(args: &[&str]) -> String {
    let out = debtlab().args(args).assert().success().get_output().stdout.clone();
    String::from_utf8(out).unwrap()
}

/// CSV output as a header and rows of cells.
fn csv_rows(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().iter().map(str::to_string).collect();
    let rows = reader.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect();
    (header, rows)
}

fn num(cell: &str) -> f64 {
    cell.parse().unwrap_or_else(|_| panic!("not a number: {cell:?}"))
}

/// The column of `name` in `header`.
fn col(header: &[String], name: &str) -> usize {
    header.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name} in {header:?}"))
}

/// The synthetic FRED fixtures: made-up, plausible numbers (not FRED data).
fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(name)
}

/// Every row's parts (the columns after `change`) sum to its change.
fn assert_parts_sum(header: &[String], rows: &[Vec<String>]) {
    let change = col(header, "change");
    for row in rows {
        let sum: f64 = row[change + 1..].iter().map(|c| num(c)).sum();
        assert!((sum - num(&row[change])).abs() < 1e-12, "{}: parts {sum} vs change {}", row[0], row[change]);
        let (prev, d) = (num(&row[1]), num(&row[2]));
        assert!((d - prev - num(&row[change])).abs() < 1e-12);
    }
}

#[test]
fn replay_postwar_goes_from_106_to_23_percent_and_parts_sum() {
    let table = stdout(&["replay", "us-postwar"]);
    assert!(table.contains("106.1% at the end of 1946 -> 23.2% at the end of 1974"), "{table}");
    assert!(table.contains("points of GDP"));
    let (header, rows) = csv_rows(&stdout(&["replay", "us-postwar", "--format", "csv"]));
    let expected = "year,debt_gdp_prev,debt_gdp,change,interest,inflation,real_growth,\
                    primary_deficit,residual";
    assert_eq!(header.join(","), expected);
    assert_eq!(rows.len(), 28, "FY1947-1974, one row a year (the sums are in the table view only)");
    assert_eq!(rows[0][0], "1947");
    assert_eq!(rows[27][0], "1974");
    assert!((num(&rows[0][1]) - 106.08).abs() < 0.01);
    assert!((num(&rows[27][2]) - 23.18).abs() < 0.01);
    assert_parts_sum(&header, &rows);
    // The table's sum row adds the year rows, column by column (to its 4 digits).
    let sum: Vec<f64> = table
        .lines()
        .find(|l| l.starts_with("sum "))
        .expect("a sum row in the table view")
        .split_whitespace()
        .skip(1)
        .map(num)
        .collect();
    for c in 3..header.len() {
        let total: f64 = rows.iter().map(|r| num(&r[c])).sum();
        assert!((total - sum[c - 1]).abs() < 0.01 + 1e-3 * total.abs(), "{}: {total} vs {}", header[c], sum[c - 1]);
    }
    let json: serde_json::Value = serde_json::from_str(&stdout(&["replay", "us-postwar", "--format", "json"])).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 28);
}

#[test]
fn replay_window_and_the_1930s_nominal_split() {
    let (header, rows) =
        csv_rows(&stdout(&["replay", "us-1940-2025", "--from", "1950", "--to", "1955", "--format", "csv"]));
    let years: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(years, ["1951", "1952", "1953", "1954", "1955"]);
    assert_parts_sum(&header, &rows);

    let table = stdout(&["replay", "us-1930s"]);
    assert!(table.contains("nominal decomposition"), "{table}");
    assert!(table.contains("no GDP price index"));
    let (header, rows) = csv_rows(&stdout(&["replay", "us-1930s", "--format", "csv"]));
    assert_eq!(header[4..], ["nominal_growth", "overall_deficit", "residual"]);
    assert_parts_sum(&header, &rows);
}

#[test]
fn replay_reads_a_plain_csv_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mine.csv");
    std::fs::write(
        &path,
        "year,debt,gdp,price_index,interest,surplus\n2000,100,1000,1.00,5,0\n\
         2001,110,1050,1.02,6,-5\n2002,118,1100,1.04,6.5,-3\n",
    )
    .unwrap();
    let path = path.to_str().unwrap();
    let (header, rows) = csv_rows(&stdout(&["replay", path, "--format", "csv"]));
    assert_eq!(header[4], "interest");
    assert_eq!(rows.len(), 2, "2001 and 2002");
    assert_parts_sum(&header, &rows);
    // Interest part of 2001: i d_prev / ((1+g)(1+pi)) = (6/100)(0.1) / (1050/1000).
    assert!((num(&rows[0][4]) - 0.06 * 0.1 / 1.05 * 100.0).abs() < 1e-12);

    std::fs::write(dir.path().join("bad.csv"), "year,debtt,gdp\n2000,1,2\n").unwrap();
    debtlab()
        .current_dir(dir.path())
        .args(["replay", "bad.csv"])
        .assert()
        .code(2)
        .stderr(contains("no series \"debt\"").and(contains("did you mean \"debtt\"")));
}

#[test]
fn replay_bad_dataset_name_exits_2_with_did_you_mean() {
    debtlab()
        .args(["replay", "us-postwr"])
        .assert()
        .failure()
        .code(2)
        .stderr(contains("unknown dataset \"us-postwr\""))
        .stderr(contains("did you mean \"us-postwar\"?"))
        .stderr(contains("panicked").not());
    debtlab().args(["replay", "us-postwar", "--from", "1930"]).assert().code(2).stderr(contains("1946..=1974"));
}

fn backtest_csv(extra: &[&str]) -> (Vec<String>, Vec<Vec<String>>) {
    let mut args = vec!["backtest", "--from", "1990", "--to", "2022", "--format", "csv"];
    args.extend(extra);
    csv_rows(&stdout(&args))
}

#[test]
fn backtest_gap_is_the_compounded_cumulative_sfa() {
    let (h, rows) = backtest_csv(&[]);
    assert_eq!(rows.len(), 33, "FY1990 (the start) to FY2022");
    assert_eq!(rows[0][0], "1990");
    assert_eq!(rows[0][col(&h, "effective_rate")], "", "no rate for the start");
    let (gap, cumulative) = (col(&h, "gap"), col(&h, "sfa_cumulative"));
    let (model, actual) = (col(&h, "debt_gdp_model"), col(&h, "debt_gdp_actual"));
    let mut largest: f64 = 0.0;
    for row in &rows {
        let g = num(&row[gap]);
        assert!((g + num(&row[cumulative])).abs() < 1e-7, "{}: {g}", row[0]);
        assert!((num(&row[model]) - num(&row[actual]) - g).abs() < 1e-9);
        largest = largest.max(g.abs());
    }
    assert!(largest > 1.0, "the SFA is several points of GDP: {largest}");
    let table = stdout(&["backtest", "--from", "1990", "--to", "2022"]);
    assert!(table.contains("largest gap: 2020"), "{table}");
    assert!(table.contains("cumulative SFA 1991-2022"));
}

/// The bundled series reach FY2024 in debt and GDP (FY2025 in flows) but
/// its price index ends FY2022: backtest's default runs to FY2024, replay's
/// full decomposition to FY2022 with a note, and asking past it is an error.
#[test]
fn defaults_on_the_extended_series() {
    let (h, rows) = csv_rows(&stdout(&["backtest", "--format", "csv"]));
    assert_eq!(rows.last().unwrap()[col(&h, "year")], "2024");
    let text = stdout(&["replay", "us-1940-2025"]);
    assert!(text.contains("at the end of 2022"), "{text}");
    assert!(text.contains("the window ends FY2022, the last year with a price index"), "{text}");
    debtlab().args(["replay", "us-1940-2025", "--to", "2024"]).assert().code(2);
}

#[test]
fn backtest_with_sfa_stays_within_a_tenth_of_a_point() {
    let (h, rows) = backtest_csv(&["--with-sfa"]);
    assert_eq!(rows.len(), 33);
    let gap = col(&h, "gap");
    for row in &rows {
        assert!(num(&row[gap]).abs() < 0.1, "FY{}: {}", row[0], row[gap]);
        assert!(num(&row[gap]).abs() < 1e-9, "FY{}: {}", row[0], row[gap]);
    }
    debtlab().args(["backtest", "us-1930s"]).assert().code(2).stderr(contains("interest"));
}

#[test]
fn track_reads_the_bundled_data_by_default() {
    let text = stdout(&["track"]);
    for indicator in
        ["inflation", "productivity_growth", "interest_defense", "interest_revenue", "interest_gdp", "r_minus_g"]
    {
        assert!(text.contains(indicator), "{indicator}: {text}");
    }
    assert!(text.contains("not available: pass a FRED OPHNFB file"));
    let (h, rows) = csv_rows(&stdout(&["track", "--format", "csv"]));
    let defense = rows.iter().find(|r| r[0] == "interest_defense").unwrap();
    assert_eq!(defense[col(&h, "year")], "2025");
    // FY2025: net interest 970,660 / defense 868,410 ($ million, Monthly Treasury Statement).
    assert!((num(&defense[col(&h, "value")]) - 970_660.0 / 868_410.0).abs() < 1e-12);
    assert!(!defense[col(&h, "change_5y")].is_empty());
}

/// Issue 18: with the bundled data `track` showed interest below defense
/// (FY2022, 0.62x) while US net interest passed defense outlays in FY2024.
#[test]
fn track_shows_interest_above_defense_in_fy2024_and_fy2025_with_sources() {
    let text = stdout(&["track"]);
    assert!(text.contains("interest above defense in 2025 (1.12x), above in 2024 (1.07x)"), "{text}");
    assert!(!text.contains("interest below defense in 2025"), "{text}");
    // The footer names the sources and how old each series is.
    for source in ["OMB Historical Tables", "Monthly Treasury Statement", "CBO"] {
        assert!(text.contains(source), "{source}: {text}");
    }
    assert!(text.contains("series age"), "{text}");
    assert!(text.contains("defense, net interest, receipts to 2025"), "{text}");
    assert!(text.contains("GDP price index to 2022"), "{text}");
    // The 1-year change of interest/defense is FY2025 minus FY2024, both above 1.
    let (h, rows) = csv_rows(&stdout(&["track", "--format", "csv"]));
    let defense = rows.iter().find(|r| r[0] == "interest_defense").unwrap();
    let (now, change) = (num(&defense[col(&h, "value")]), num(&defense[col(&h, "change_1y")]));
    let fy2024 = now - change;
    assert!((fy2024 - 881_650.0 / 826_290.0).abs() < 1e-12, "{fy2024}");
    assert!(now > 1.0 && fy2024 > 1.0);
}

#[test]
fn track_reads_synthetic_fred_files() {
    // Both fixtures are synthetic: plausible made-up numbers in FRED's format.
    let prices = fixture("synthetic_fred_prices.csv");
    let fiscal = fixture("synthetic_fred_fiscal.csv");
    let out = debtlab()
        .args(["track", "--format", "csv"])
        .arg(&prices)
        .arg(&fiscal)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let (h, rows) = csv_rows(&String::from_utf8(out).unwrap());
    assert_eq!(rows.len(), 6);
    let (reading, source) = (col(&h, "reading"), col(&h, "source"));
    for row in &rows {
        assert!(row[source].starts_with("FRED "), "{row:?}");
        assert_eq!(row[col(&h, "year")], "2024");
    }
    let get = |name: &str| rows.iter().find(|r| r[0] == name).unwrap();
    assert_eq!(get("interest_defense")[reading], "interest above defense in 2024 (1.03x), below in 2023 (0.96x)");
    assert!(get("productivity_growth")[reading].contains("no productivity deflation"));
    assert!(get("r_minus_g")[source].contains("GFDEBTN"));

    // Only the prices file: the fiscal indicators fall back to OMB.
    let out = debtlab().args(["track", "--format", "csv"]).arg(&prices).assert().success().get_output().stdout.clone();
    let (h, rows) = csv_rows(&String::from_utf8(out).unwrap());
    let source = col(&h, "source");
    let get = |name: &str| rows.iter().find(|r| r[0] == name).unwrap();
    assert!(get("productivity_growth")[source].contains("OPHNFB"));
    assert!(get("interest_defense")[source].starts_with("us-1940-2025 (OMB"));
}

#[test]
fn track_rejects_an_unknown_fred_id_listing_the_known_ones() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("u.csv"), "observation_date,UNRATE\n2020-01-01,3.5\n").unwrap();
    let mut assert = debtlab()
        .current_dir(dir.path())
        .args(["track", "u.csv"])
        .assert()
        .failure()
        .code(2)
        .stderr(contains("u.csv: unknown FRED series `UNRATE`"));
    for id in ["CPIAUCSL", "GDPDEF", "OPHNFB", "FDEFX", "A091RC1Q027SBEA", "FYONGDA188S", "FGRECPT", "GFDEBTN"] {
        assert = assert.stderr(contains(id));
    }
    let _ = assert;
}

#[test]
fn calibrate_baseline_is_within_tolerance_on_every_series_of_every_fiscal_year() {
    let (h, rows) = csv_rows(&stdout(&["calibrate", "baseline", "--format", "csv"]));
    assert_eq!(h.join(","), "series,fy,model,cbo,gap,tolerance,within");
    // MODEL.md section 8: every band at once, so no error hides another.
    let bands = [
        ("debt_gdp", 1.5),
        ("debt_change", 1.0),
        ("interest_gdp", 0.2),
        ("revenue_gdp", 0.2),
        ("primary_deficit_gdp", 0.3),
        ("gdp_growth", 0.2),
    ];
    assert_eq!(rows.len(), bands.len() * 10, "one row per series and FY2026-2035");
    for (series, tolerance) in bands {
        let of: Vec<&Vec<String>> = rows.iter().filter(|r| r[0] == series).collect();
        let years: Vec<i64> = of.iter().map(|r| r[1].parse().unwrap()).collect();
        assert_eq!(years, (2026..=2035).collect::<Vec<_>>(), "{series}");
        for row in of {
            let (model, cbo, gap) = (num(&row[2]), num(&row[3]), num(&row[4]));
            assert!((model - cbo - gap).abs() < 1e-9, "{series} FY{}: gap is model - CBO", row[1]);
            assert_eq!(num(&row[5]), tolerance, "{series} tolerance");
            assert_eq!(row[6], "ok", "{series} FY{}: gap {gap} points, tolerance {tolerance}", row[1]);
            assert!(gap.abs() <= tolerance, "{series} FY{}: `ok` with gap {gap} over {tolerance}", row[1]);
        }
    }
    let table = stdout(&["calibrate", "baseline"]);
    for (series, _) in bands {
        assert!(table.contains(&format!("{series}: largest gap FY")), "{table}");
    }
    assert!(!table.contains("MISS") && !table.contains("years outside"), "{table}");
    debtlab().args(["calibrate", "baselin"]).assert().code(2).stderr(contains("did you mean `baseline`?"));
}
