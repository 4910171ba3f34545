//! Plain annual tables: `year,column1,column2,...` (the first column may also
//! be called `fy`), plus the comment metadata that bundled files carry:
//!
//! ```text
//! # dataset: us-1940-2025
//! # source: OMB Historical Tables ...
//! # description: one line
//! # note: a caveat (any number of these)
//! # column: debt_held_by_public_musd | USD million | what it is
//! ```

use std::collections::HashMap;

use crate::dataset::{Dataset, Origin, Series, Unit};
use crate::error::{DataError, Result};
use crate::text::{parse_value, parse_year, split_table, Row, Table};

/// Metadata read from the leading `# key: value` comments of a file.
#[derive(Debug, Clone, Default)]
pub(crate) struct Meta {
    pub dataset: Option<String>,
    pub source: Option<String>,
    pub description: Option<String>,
    pub notes: Vec<String>,
    /// column name -> (unit, description)
    pub columns: HashMap<String, (Unit, String)>,
}

impl Meta {
    pub(crate) fn from_comments(comments: &[String]) -> Meta {
        let mut meta = Meta::default();
        for comment in comments {
            let Some((key, value)) = comment.split_once(':') else {
                continue;
            };
            let value = value.trim().to_string();
            match key.trim().to_ascii_lowercase().as_str() {
                "dataset" => meta.dataset = Some(value),
                "source" => meta.source = Some(value),
                "description" => meta.description = Some(value),
                "note" => meta.notes.push(value),
                "column" => {
                    let mut parts = value.splitn(3, '|').map(str::trim);
                    let name = parts.next().unwrap_or_default().to_string();
                    let unit = Unit::parse(parts.next().unwrap_or_default());
                    let description = parts.next().unwrap_or_default().to_string();
                    meta.columns.insert(name, (unit, description));
                }
                _ => {}
            }
        }
        meta
    }

    /// An empty dataset carrying this metadata; `file` names it if the
    /// comments do not.
    pub(crate) fn dataset(&self, file: &str) -> Dataset {
        Dataset {
            name: self.dataset.clone().unwrap_or_else(|| file.to_string()),
            source: self.source.clone().unwrap_or_else(|| file.to_string()),
            description: self.description.clone().unwrap_or_default(),
            notes: self.notes.clone(),
            ..Dataset::default()
        }
    }
}

/// Whether a header's first cell names a year column.
pub(crate) fn is_year_header(cell: &str) -> bool {
    cell.eq_ignore_ascii_case("year") || cell.eq_ignore_ascii_case("fy")
}

/// Check that header cells 2.. are non-empty and distinct, and that there is
/// at least one of them.
pub(crate) fn check_value_headers(header: &Row, file: &str) -> Result<()> {
    let bad = |column: usize, problem: String| DataError::BadHeader {
        file: file.to_string(),
        line: header.line,
        column,
        problem,
    };
    if header.cells.len() < 2 {
        return Err(bad(2, "no value columns after the date/year column".into()));
    }
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, name) in header.cells.iter().enumerate().skip(1) {
        if name.is_empty() {
            return Err(bad(i + 1, "empty column name".into()));
        }
        if let Some(first) = seen.insert(name, i + 1) {
            return Err(bad(i + 1, format!("duplicate column name {name:?} (also column {first})")));
        }
    }
    Ok(())
}

/// Check a data row has exactly `expected` cells.
pub(crate) fn check_width(row: &Row, expected: usize, file: &str) -> Result<()> {
    let found = row.cells.len();
    if found == expected {
        return Ok(());
    }
    Err(DataError::WrongColumnCount {
        file: file.to_string(),
        line: row.line,
        column: found.min(expected) + 1,
        expected,
        found,
    })
}

/// Parse the value cells (columns 2..) of a row; `None` for missing.
pub(crate) fn row_values(row: &Row, header: &Row, file: &str) -> Result<Vec<Option<f64>>> {
    row.cells
        .iter()
        .enumerate()
        .skip(1)
        .map(|(i, cell)| {
            parse_value(cell).map_err(|()| DataError::NonNumeric {
                file: file.to_string(),
                line: row.line,
                column: i + 1,
                series: header.cells[i].clone(),
                text: cell.clone(),
            })
        })
        .collect()
}

/// Tracks the order of keys (dates or years) down the first column and
/// reports duplicates and disorder.
pub(crate) struct OrderCheck<K> {
    seen: HashMap<K, usize>,
    previous: Option<(K, usize)>,
}

impl<K: Copy + Ord + std::hash::Hash + std::fmt::Display> OrderCheck<K> {
    pub(crate) fn new() -> Self {
        OrderCheck { seen: HashMap::new(), previous: None }
    }

    pub(crate) fn check(&mut self, key: K, line: usize, file: &str) -> Result<()> {
        if let Some(&first_line) = self.seen.get(&key) {
            return Err(DataError::DuplicateDate {
                file: file.to_string(),
                line,
                column: 1,
                date: key.to_string(),
                first_line,
            });
        }
        if let Some((previous, previous_line)) = self.previous {
            if key < previous {
                return Err(DataError::Unsorted {
                    file: file.to_string(),
                    line,
                    column: 1,
                    date: key.to_string(),
                    previous: previous.to_string(),
                    previous_line,
                });
            }
        }
        self.seen.insert(key, line);
        self.previous = Some((key, line));
        Ok(())
    }
}

/// Parse a plain annual table from text. `file` is used in error messages
/// and as the dataset name when the comments give none.
pub fn parse_year_csv(text: &str, file: &str) -> Result<Dataset> {
    let table = split_table(text, file)?;
    year_table(&table, file)
}

/// Build a dataset from an already split annual table.
pub(crate) fn year_table(table: &Table, file: &str) -> Result<Dataset> {
    let header = &table.header;
    let first = header.cells[0].as_str();
    if !is_year_header(first) {
        return Err(DataError::HeaderMissing {
            file: file.to_string(),
            line: header.line,
            column: 1,
            found: first.to_string(),
        });
    }
    check_value_headers(header, file)?;
    let meta = Meta::from_comments(&table.comments);
    let mut dataset = meta.dataset(file);
    dataset.series = header.cells[1..]
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let (unit, description) =
                meta.columns.get(name).cloned().unwrap_or_else(|| (Unit::Other(String::new()), String::new()));
            let origin = Origin { file: file.to_string(), column: i + 2, lines: Vec::new() };
            Series { name: name.clone(), unit, description, values: Vec::new(), origin: Some(origin) }
        })
        .collect();
    let mut order = OrderCheck::new();
    for row in &table.rows {
        check_width(row, header.cells.len(), file)?;
        let year = parse_year(&row.cells[0]).ok_or_else(|| DataError::BadYear {
            file: file.to_string(),
            line: row.line,
            column: 1,
            text: row.cells[0].clone(),
        })?;
        order.check(year, row.line, file)?;
        for (series, value) in dataset.series.iter_mut().zip(row_values(row, header, file)?) {
            if let Some(v) = value {
                series.values.push((year, v));
                if let Some(origin) = series.origin.as_mut() {
                    origin.lines.push((year, row.line, row.line));
                }
            }
        }
    }
    Ok(dataset)
}
