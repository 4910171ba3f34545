//! Issue 16: no ratio or growth rate computed from user data is NaN or
//! infinite. A value that breaks a rule of one value (GDP and price index
//! positive, a divided debt non-zero) or a derived number that overflows is
//! an error naming the file, the line, the column and its header.

use debtlab_data::{
    backtest, decompose_all, decompose_nominal, history_from, import_bytes, import_text, text, DataError, HistorySpec,
    ImportOptions, Unit,
};

const HEADER: &str = "year,debt,gdp,price_index,interest,surplus\n";

fn spec() -> HistorySpec {
    HistorySpec {
        debt: "debt".into(),
        gdp: "gdp".into(),
        price_index: Some("price_index".into()),
        interest: Some("interest".into()),
        surplus: Some("surplus".into()),
    }
}

/// The first error of history, the full and nominal decompositions and the
/// backtest of a year table, as text.
fn first_error(rows: &str) -> String {
    let mut data = import_text(&format!("{HEADER}{rows}"), "mine.csv", &ImportOptions::default()).unwrap();
    for s in ["debt", "gdp", "interest", "surplus"] {
        data.set_unit(s, Unit::UsdBillion).unwrap();
    }
    let h = match history_from(&data, &spec()) {
        Ok(h) => h,
        Err(e) => return e.to_string(),
    };
    let (first, last) = h.span();
    if let Err(e) = decompose_all(&h) {
        return e.to_string();
    }
    if let Err(e) = decompose_nominal(&h, first, last) {
        return e.to_string();
    }
    match backtest(&h, first, last, false) {
        Err(e) => e.to_string(),
        Ok(b) => panic!("no error: {b:?}"),
    }
}

fn assert_has(msg: &str, parts: &[&str]) {
    for p in parts {
        assert!(msg.contains(p), "{p:?} not in {msg:?}");
    }
    for word in msg.split(|c: char| !c.is_ascii_alphanumeric()) {
        assert!(!["inf", "NaN", "infinity"].contains(&word), "{msg}");
    }
}

#[test]
fn zero_gdp_names_its_cell() {
    let msg = first_error("2000,100,1000,1.00,5,0\n2001,110,0,1.02,6,-5\n2002,118,1100,1.04,6.5,-3\n");
    assert_has(&msg, &["mine.csv: line 3, column 3 (gdp): GDP must be positive to divide by it: found 0 in 2001"]);
    let msg = first_error("2000,100,1000,1.00,5,0\n2001,110,-3,1.02,6,-5\n");
    assert_has(&msg, &["mine.csv: line 3, column 3 (gdp): GDP must be positive", "found -3 in 2001"]);
}

#[test]
fn zero_starting_debt_names_its_cell() {
    let msg = first_error("2000,0,1000,1.00,5,0\n2001,110,1050,1.02,6,-5\n2002,118,1100,1.04,6.5,-3\n");
    assert_has(
        &msg,
        &[
            "mine.csv: line 2, column 2 (debt): debt must be non-zero to divide the next year's interest by it",
            "in 2000",
        ],
    );
}

#[test]
fn zero_price_index_names_its_cell() {
    let msg = first_error("2000,100,1000,0,5,0\n2001,110,1050,1.02,6,-5\n");
    assert_has(&msg, &["mine.csv: line 2, column 4 (price_index): a price index must be positive", "found 0 in 2000"]);
}

#[test]
fn huge_values_name_the_most_extreme_cell() {
    // Debt / GDP overflows: the tiny GDP is the farther from 1.
    let msg = first_error("2000,100,1000,1,5,0\n2001,1e300,1e-300,1.02,6,-5\n");
    assert_has(
        &msg,
        &["mine.csv: line 3, column 3 (gdp): debt / GDP in 2001 is not a finite number", "gdp 2001 = 1e-300"],
    );
    // Nominal growth from 1e-308 to 1e308 overflows.
    let msg = first_error("2000,1,1e-308,1,0,0\n2001,1,1e308,1,0,0\n");
    assert_has(&msg, &["mine.csv: line 2, column 3 (gdp)", "in 2001 is not a finite number", "gdp 2000 = 1e-308"]);
    // Interest of 1e308 on a debt of 1e-10: the effective rate overflows.
    let msg = first_error("2000,1e-10,1000,1,5,0\n2001,110,1050,1.02,1e308,-5\n");
    assert_has(&msg, &["mine.csv: line 3, column 5 (interest): the effective interest rate in 2001"]);
    // Each value finite, a sum of them not: the cumulative part overflows.
    let rows: String = (0..4).map(|i| format!("{},1e307,1,1,0,-1e308\n", 2000 + i)).collect();
    let msg = first_error(&rows);
    assert_has(&msg, &["mine.csv: line 3, column 6 (surplus): the primary_deficit column summed from 2001 in 2002"]);
}

#[test]
fn fred_price_of_zero_names_its_row() {
    let text = "observation_date,GDPDEF\n2000-01-01,1\n2000-04-01,1\n2000-07-01,0\n2000-10-01,1\n";
    let o = ImportOptions::default().require_positive("gdpdef", "a price index must be positive to take its growth");
    let err = import_text(text, "p.csv", &o).unwrap_err();
    assert!(matches!(err, DataError::BadValue { .. }));
    assert_has(
        &err.to_string(),
        &["p.csv: line 4, column 2 (GDPDEF): a price index must be positive", "on 2000-07-01"],
    );
    // Without the rule the value is taken.
    assert!(import_text(text, "p.csv", &ImportOptions::default()).is_ok());
}

#[test]
fn fred_sums_that_overflow_name_the_row_where_they_do() {
    let text = "observation_date,MTSX\n2000-01-01,1e308\n2000-02-01,1e308\n2000-03-01,1\n";
    let o = ImportOptions { keep_incomplete_years: true, ..ImportOptions::default() };
    let err = import_text(text, "s.csv", &o).unwrap_err();
    assert_has(&err.to_string(), &["s.csv: line 3, column 2 (MTSX): the sum of the observations in 2000", "lines 2-4"]);
    // An average of huge values is finite: no error, and the mean is right.
    let text = "observation_date,GDP\n2000-01-01,1.5e308\n2000-04-01,1.5e308\n2000-07-01,1.5e308\n2000-10-01,1.5e308\n";
    let data = import_text(text, "a.csv", &ImportOptions::default()).unwrap();
    assert_eq!(data.require("GDP").unwrap().values, vec![(2000, 1.5e308)]);
    let origin = data.require("GDP").unwrap().origin.clone().unwrap();
    assert_eq!((origin.column, origin.lines), (2, vec![(2000, 2, 5)]));
}

#[test]
fn bad_byte_on_line_3_names_line_field_and_character() {
    let bytes = b"year,debt,gdp\n2000,100,1000\n2001,1\xe9,1050\n";
    let err = import_bytes(bytes, "latin1.csv", &ImportOptions::default()).unwrap_err();
    assert!(matches!(err, DataError::NotUtf8 { line: 3, column: 2, character: 7, byte: 0xe9, .. }), "{err:?}");
    assert_has(
        &err.to_string(),
        &["latin1.csv: line 3, column 2: not UTF-8 text: byte 0xE9 at character 7 of the line"],
    );
    // The reusable decoder counts characters, not bytes, before the bad byte.
    let bytes = "a = \"\u{e9}\u{e9}\"\nb = 1\nc = \"\u{e9}".bytes().chain([0xff, b'"']).collect::<Vec<u8>>();
    let err = text::decode_utf8("s.toml", bytes).unwrap_err();
    assert_eq!((err.line, err.column, err.byte), (3, 7, 0xff));
    assert_has(&err.to_string(), &["s.toml: line 3, column 7: not UTF-8 text: byte 0xFF"]);
}
