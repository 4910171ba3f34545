//! The one error type of this crate.
//!
//! Every error met while reading a file names the file, the 1-based line and
//! the 1-based column (the CSV field number, counting the date or year column
//! as column 1) and the rule that was broken, in the form
//! `FILE: line L, column C: RULE: details`.

use thiserror::Error;

use crate::dataset::Place;

/// Shorthand for results of this crate.
pub type Result<T, E = DataError> = std::result::Result<T, E>;

/// Everything that can go wrong when loading, importing or decomposing data.
#[derive(Debug, Error)]
pub enum DataError {
    /// The file could not be read at all.
    #[error("{file}: cannot read file: {source}")]
    Io {
        file: String,
        #[source]
        source: std::io::Error,
    },

    /// The bytes are not UTF-8 text: `column` is the CSV field of the first
    /// bad byte, `character` its 1-based position in the line, in characters
    /// (see [`crate::text::decode_utf8`] for files that are not tables).
    #[error(
        "{file}: line {line}, column {column}: not UTF-8 text: byte 0x{byte:02X} at character {character} of the line \
         is not valid UTF-8"
    )]
    NotUtf8 { file: String, line: usize, column: usize, character: usize, byte: u8 },

    /// Nothing but blank or comment lines.
    #[error("{file}: line {line}, column 1: empty file: no header and no data rows")]
    EmptyFile { file: String, line: usize },

    /// A header line exists but no data row follows it.
    #[error("{file}: line {line}, column 1: no data rows: the header is not followed by any data")]
    NoDataRows { file: String, line: usize },

    /// The first line is not a header (it looks like data, or its first
    /// column is not a date/year column).
    #[error(
        "{file}: line {line}, column {column}: header missing: expected a header such as \
         `observation_date,SERIES_ID`, `DATE,SERIES_ID` or `year,column1,...`, found {found:?}"
    )]
    HeaderMissing { file: String, line: usize, column: usize, found: String },

    /// A header cell is empty or repeats an earlier one.
    #[error("{file}: line {line}, column {column}: bad header: {problem}")]
    BadHeader { file: String, line: usize, column: usize, problem: String },

    /// A data row has more or fewer cells than the header.
    #[error("{file}: line {line}, column {column}: wrong number of columns: expected {expected}, found {found}")]
    WrongColumnCount { file: String, line: usize, column: usize, expected: usize, found: usize },

    /// A quoted cell is not closed on its line.
    #[error("{file}: line {line}, column {column}: unterminated quote: a quoted cell must end on the same line")]
    UnterminatedQuote { file: String, line: usize, column: usize },

    /// A date cell is not a valid `YYYY-MM-DD` date.
    #[error("{file}: line {line}, column {column}: bad date: {text:?} {reason}")]
    BadDate { file: String, line: usize, column: usize, text: String, reason: String },

    /// A year cell is not a whole year between 1 and 9999.
    #[error("{file}: line {line}, column {column}: bad year: {text:?} is not a year (a whole number from 1 to 9999)")]
    BadYear { file: String, line: usize, column: usize, text: String },

    /// The same date or year appears twice.
    #[error("{file}: line {line}, column {column}: duplicate date: {date} already appears on line {first_line}")]
    DuplicateDate { file: String, line: usize, column: usize, date: String, first_line: usize },

    /// Dates or years are not in increasing order.
    #[error(
        "{file}: line {line}, column {column}: unsorted rows: {date} comes after {previous} (line {previous_line}); rows must be in increasing date order"
    )]
    Unsorted { file: String, line: usize, column: usize, date: String, previous: String, previous_line: usize },

    /// A value cell is not a finite number (nor empty or `.` for missing).
    #[error(
        "{file}: line {line}, column {column}: non-numeric cell: {text:?} in series {series:?} is not a finite number (use an empty cell or `.` for a missing value)"
    )]
    NonNumeric { file: String, line: usize, column: usize, series: String, text: String },

    /// A value breaks a rule that one value must obey (GDP and price
    /// indices positive, a debt that is divided by non-zero); the rule says
    /// why. `at` says when (`in 2001`, `on 2001-04-01`).
    #[error("{place}: {rule}: found {} {at}", number(*value))]
    BadValue { place: Box<Place>, rule: String, value: f64, at: String },

    /// A ratio, growth rate or sum computed from the data is not a finite
    /// number; `place` is the input cell that made it so (the most extreme
    /// of its inputs), `inputs` lists them all with their values.
    #[error("{place}: {what} in {} is not a finite number ({}); computed from {inputs}", place.year, why(*value))]
    NotFinite { place: Box<Place>, what: String, value: f64, inputs: String },

    /// No bundled dataset has this name.
    #[error("unknown dataset {name:?}{}; known: {}", suggest(suggestion), known.join(", "))]
    UnknownDataset { name: String, suggestion: Option<String>, known: Vec<String> },

    /// A bundled dataset that is not a year-by-year history of debt and GDP
    /// (`start-2026`, `cbo-btn-2025`) asked for as one; `known` are the histories.
    #[error("dataset {name:?} is not a year-by-year history of debt and GDP; histories: {}", known.join(", "))]
    NotAHistory { name: String, known: Vec<String> },

    /// A dataset has no series of this name.
    #[error("dataset {dataset:?} has no series {series:?}{}", suggest(suggestion))]
    UnknownSeries { dataset: String, series: String, suggestion: Option<String> },

    /// A quantity the computation needs is not in the data.
    #[error("dataset {dataset:?}: missing {what}{}; needed for {needed_for}", at_year(year))]
    MissingSeries { dataset: String, what: String, year: Option<i32>, needed_for: String },

    /// A series has a unit the computation cannot use.
    #[error("dataset {dataset:?}: series {series:?} has unit {unit:?}, expected {expected}")]
    BadUnit { dataset: String, series: String, unit: String, expected: String },

    /// A year window lies outside the data or is empty.
    #[error("dataset {dataset:?}: window {from}..={to} is not inside the data's years {first}..={last} or is empty")]
    BadWindow { dataset: String, from: i32, to: i32, first: i32, last: i32 },

    /// Two rows that must be consecutive years are not.
    #[error("dataset {dataset:?}: years are not consecutive: {previous} is followed by {year}")]
    NonConsecutive { dataset: String, previous: i32, year: i32 },
}

fn suggest(suggestion: &Option<String>) -> String {
    match suggestion {
        Some(s) => format!(" (did you mean {s:?}?)"),
        None => String::new(),
    }
}

/// A number for a message: plain when moderate, `1e308` style when not,
/// never 309 digits.
pub(crate) fn number(v: f64) -> String {
    let m = v.abs();
    if v == 0.0 || (1e-6..1e15).contains(&m) {
        format!("{v}")
    } else if v.is_finite() {
        format!("{v:e}")
    } else {
        why(v).to_string()
    }
}

fn why(value: f64) -> &'static str {
    if value.is_nan() {
        "it is undefined, such as zero over zero"
    } else {
        "it overflows 64-bit floating point, or divides by zero"
    }
}

fn at_year(year: &Option<i32>) -> String {
    match year {
        Some(y) => format!(" in {y}"),
        None => String::new(),
    }
}

/// The closest of `candidates` to `name`, if it is close enough to suggest.
pub(crate) fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(name, c), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c.to_string())
}
