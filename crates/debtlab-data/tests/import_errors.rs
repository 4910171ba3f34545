//! Every import error names the file, the 1-based line and column, and the
//! rule that was broken.

use debtlab_data::{import_bytes, import_text, DataError, ImportOptions};

/// Import `text` as `f.csv` and return the error message.
fn error(text: &str) -> String {
    match import_text(text, "f.csv", &ImportOptions::default()) {
        Ok(d) => panic!("expected an error, got {d:?}"),
        Err(e) => e.to_string(),
    }
}

fn assert_has(msg: &str, parts: &[&str]) {
    for p in parts {
        assert!(msg.contains(p), "{msg:?} lacks {p:?}");
    }
}

#[test]
fn bad_date() {
    let msg = error("observation_date,GDP\n2020-01-01,1\n2020-13-01,2\n");
    assert_has(&msg, &["f.csv: line 3, column 1: bad date", "\"2020-13-01\"", "month 13"]);
    let msg = error("DATE,GDP\n2020-01-01,1\n01/04/2020,2\n");
    assert_has(&msg, &["line 3, column 1: bad date", "YYYY-MM-DD"]);
    let msg = error("DATE,GDP\n2021-02-29,1\n");
    assert_has(&msg, &["line 2, column 1: bad date", "has day 29"]);
}

#[test]
fn bad_year() {
    let msg = error("year,x\n1999,1\n2000a,2\n");
    assert_has(&msg, &["f.csv: line 3, column 1: bad year", "\"2000a\""]);
}

#[test]
fn duplicate_date_and_year() {
    let msg = error("observation_date,GDP\n2020-01-01,1\n2020-04-01,2\n2020-04-01,3\n");
    assert_has(&msg, &["line 4, column 1: duplicate date", "2020-04-01", "line 3"]);
    let msg = error("year,x\n1999,1\n2000,2\n1999,3\n");
    assert_has(&msg, &["line 4, column 1: duplicate date", "1999 already appears on line 2"]);
}

#[test]
fn unsorted_rows() {
    let msg = error("observation_date,GDP\n2020-04-01,1\n2020-01-01,2\n");
    assert_has(&msg, &["line 3, column 1: unsorted rows", "2020-01-01 comes after 2020-04-01 (line 2)"]);
    let msg = error("year,x\n2001,1\n2000,2\n");
    assert_has(&msg, &["line 3, column 1: unsorted rows"]);
}

#[test]
fn non_numeric_cell() {
    let msg = error("observation_date,GDP,CPI\n2020-01-01,1,2\n2020-02-01,1,abc\n");
    assert_has(&msg, &["line 3, column 3: non-numeric cell", "\"abc\"", "\"CPI\""]);
    let msg = error("year,x,y\n2000,NaN,1\n");
    assert_has(&msg, &["line 2, column 2: non-numeric cell", "\"NaN\""]);
    let msg = error("year,x\n2000,1e999\n");
    assert_has(&msg, &["line 2, column 2: non-numeric cell"]);
}

#[test]
fn wrong_number_of_columns() {
    let msg = error("year,x,y\n2000,1,2\n2001,1\n");
    assert_has(&msg, &["line 3, column 3: wrong number of columns", "expected 3, found 2"]);
    let msg = error("observation_date,GDP\n2020-01-01,1,7\n");
    assert_has(&msg, &["line 2, column 3: wrong number of columns", "expected 2, found 3"]);
}

#[test]
fn empty_file_and_no_data_rows() {
    for text in ["", "\n\n", "# only a comment\n", "\u{feff}"] {
        let msg = error(text);
        assert_has(&msg, &["f.csv: line ", "column 1: empty file"]);
    }
    let msg = error("observation_date,GDP\n");
    assert_has(&msg, &["f.csv: line 2, column 1: no data rows"]);
    let msg = error("# c\nyear,x\n\n");
    assert_has(&msg, &["line 3, column 1: no data rows"]);
}

#[test]
fn header_missing() {
    let msg = error("2020-01-01,1\n2020-02-01,2\n");
    assert_has(&msg, &["f.csv: line 1, column 1: header missing", "\"2020-01-01\""]);
    let msg = error("1999,1\n2000,2\n");
    assert_has(&msg, &["line 1, column 1: header missing"]);
    let msg = error("# note\nitem,value\nx,1\n");
    assert_has(&msg, &["line 2, column 1: header missing", "\"item\""]);
}

#[test]
fn bad_header_cells() {
    let msg = error("year,x,x\n2000,1,2\n");
    assert_has(&msg, &["line 1, column 3: bad header", "duplicate column name \"x\""]);
    let msg = error("observation_date,,GDP\n2020-01-01,1,2\n");
    assert_has(&msg, &["line 1, column 2: bad header", "empty column name"]);
    let msg = error("year\n2000\n");
    assert_has(&msg, &["line 1, column 2: bad header", "no value columns"]);
}

#[test]
fn unterminated_quote_and_bad_utf8() {
    let msg = error("year,\"x\n2000,1\n");
    assert_has(&msg, &["line 1, column 2: unterminated quote"]);
    let err = import_bytes(b"year,x\n2000,\xc3\x28\n", "b.csv", &ImportOptions::default()).unwrap_err();
    assert!(matches!(err, DataError::NotUtf8 { line: 2, column: 2, .. }), "{err}");
    assert_has(&err.to_string(), &["b.csv: line 2, column 2: not UTF-8"]);
}

#[test]
fn unreadable_file() {
    let err = debtlab_data::import_file(std::path::Path::new("/nonexistent/debtlab/x.csv"), &ImportOptions::default())
        .unwrap_err();
    assert_has(&err.to_string(), &["/nonexistent/debtlab/x.csv: cannot read file"]);
}
