//! Import of user data into a [`Dataset`] of annual series.
//!
//! Two formats, told apart by the first header cell:
//! - FRED downloads (`observation_date` or `DATE`): each series is converted
//!   to annual values with its [`Aggregation`] (an override from
//!   [`ImportOptions::aggregation`], else [`guess_aggregation`]);
//! - plain annual tables (`year` or `fy`): taken as they are.
//!
//! Imported series have no unit (`Unit::Other("")`); set one with
//! [`Dataset::set_unit`] before building a [`crate::History`] from them.
//! Each series keeps its [`Origin`] (file, column, lines per year), so that
//! later computations can name the cells behind a value. Errors name the
//! file, line and column; no input makes this panic, and every imported
//! value is a finite number.

use std::collections::BTreeMap;
use std::path::Path;

use crate::dataset::{Dataset, Origin, Place, Series, Unit};
use crate::error::{DataError, Result};
use crate::fred::{annualize_ranges, fred_table, guess_aggregation, is_date_header, Aggregation, YearBasis};
use crate::text::{decode_csv, split_table};
use crate::yearcsv::{is_year_header, year_table, Meta};

/// The two accepted file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// FRED CSV download (`observation_date,SERIES_ID,...`).
    Fred,
    /// Plain annual table (`year,column1,...`).
    Year,
}

/// How to import a file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ImportOptions {
    /// Calendar or US fiscal years (FRED data only).
    pub basis: YearBasis,
    /// Keep years whose observations do not cover the whole year (FRED only;
    /// default: leave them out and list them in the dataset's notes).
    pub keep_incomplete_years: bool,
    /// Aggregation per series id, overriding [`guess_aggregation`].
    pub aggregation: BTreeMap<String, Aggregation>,
    /// Series (by id or column name, case-insensitive) whose every value
    /// must be positive, with the rule's reason for messages, e.g.
    /// `"a price index must be positive to take its growth"`. Checked on
    /// each cell, so the error names its line.
    pub positive: BTreeMap<String, String>,
}

impl ImportOptions {
    /// The aggregation used for `series_id`: the override if any, else the guess.
    pub fn aggregation_for(&self, series_id: &str) -> Aggregation {
        self.aggregation.get(series_id).copied().unwrap_or_else(|| guess_aggregation(series_id))
    }

    /// Require every value of `series_id` to be positive, for `rule`
    /// (builder style; see [`ImportOptions::positive`]).
    pub fn require_positive(mut self, series_id: &str, rule: &str) -> Self {
        self.positive.insert(series_id.to_ascii_uppercase(), rule.to_string());
        self
    }

    /// The positivity rule of `series_id`, if any.
    fn positive_rule(&self, series_id: &str) -> Option<&str> {
        self.positive.iter().find(|(id, _)| id.eq_ignore_ascii_case(series_id)).map(|(_, rule)| rule.as_str())
    }

    /// Set the aggregation of one series (builder style).
    pub fn with_aggregation(mut self, series_id: &str, aggregation: Aggregation) -> Self {
        self.aggregation.insert(series_id.to_string(), aggregation);
        self
    }
}

/// Import a file from disk; its path (as given) names it in errors.
pub fn import_file(path: &Path, options: &ImportOptions) -> Result<Dataset> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| DataError::Io { file: file.clone(), source })?;
    import_bytes(&bytes, &file, options)
}

/// Import raw bytes (which must be UTF-8 text).
pub fn import_bytes(bytes: &[u8], file: &str, options: &ImportOptions) -> Result<Dataset> {
    import_text(decode_csv(file, bytes)?, file, options)
}

/// Import text; `file` names it in errors and names the dataset.
pub fn import_text(text: &str, file: &str, options: &ImportOptions) -> Result<Dataset> {
    let table = split_table(text, file)?;
    let first = table.header.cells[0].as_str();
    if is_year_header(first) {
        let data = year_table(&table, file)?;
        for series in &data.series {
            if let Some(rule) = options.positive_rule(&series.name) {
                if let Some(&(year, v)) = series.values.iter().find(|(_, v)| *v <= 0.0) {
                    let place = series.place(year, &data.name);
                    let at = format!("in {year}");
                    return Err(DataError::BadValue { place: Box::new(place), rule: rule.to_string(), value: v, at });
                }
            }
        }
        return Ok(data);
    }
    if !is_date_header(first) {
        return Err(DataError::HeaderMissing {
            file: file.to_string(),
            line: table.header.line,
            column: 1,
            found: first.to_string(),
        });
    }
    let fred = fred_table(&table, file)?;
    let mut data = Meta::from_comments(&fred.comments).dataset(file);
    if data.source == file {
        data.source = format!("FRED download {file}");
    }
    let basis = match options.basis {
        YearBasis::Calendar => "calendar year",
        YearBasis::Fiscal => "US fiscal year (Oct-Sep)",
    };
    for (index, (id, _)) in fred.columns.iter().enumerate() {
        let column = index + 2;
        let aggregation = options.aggregation_for(id);
        let observations = fred.observations(index);
        let lines = fred.observation_lines(index);
        let place = |line: usize, year: i32| Place {
            file: file.to_string(),
            lines: Some((line, line)),
            column: Some(column),
            series: id.clone(),
            year,
        };
        if let Some(rule) = options.positive_rule(id) {
            if let Some(i) = observations.iter().position(|(_, v)| *v <= 0.0) {
                let (date, value) = observations[i];
                return Err(DataError::BadValue {
                    place: Box::new(place(lines[i], options.basis.year_of(date))),
                    rule: rule.to_string(),
                    value,
                    at: format!("on {date}"),
                });
            }
        }
        let (annual, ranges) =
            annualize_ranges(&observations, aggregation, options.basis, options.keep_incomplete_years);
        for (&(year, value), range) in annual.values.iter().zip(&ranges) {
            if !value.is_finite() {
                // Only a sum can overflow: name the row where it does.
                let mut sum = 0.0;
                let at = range.clone().find(|&i| {
                    sum += observations[i].1;
                    !sum.is_finite()
                });
                let at = at.unwrap_or(range.end - 1);
                return Err(DataError::NotFinite {
                    place: Box::new(place(lines[at], year)),
                    what: format!("the {aggregation} of the observations"),
                    value,
                    inputs: format!(
                        "the {} observations on lines {}-{}",
                        range.len(),
                        lines[range.start],
                        lines[range.end - 1]
                    ),
                });
            }
        }
        let origin = Origin {
            file: file.to_string(),
            column,
            lines: annual
                .values
                .iter()
                .zip(&ranges)
                .map(|((y, _), r)| (*y, lines[r.start], lines[r.end - 1]))
                .collect(),
        };
        if !annual.incomplete.is_empty() {
            let years: Vec<String> = annual.incomplete.iter().map(i32::to_string).collect();
            let fate = if options.keep_incomplete_years { "kept" } else { "left out" };
            data.notes.push(format!("{id}: incomplete years {fate}: {}", years.join(", ")));
        }
        data.series.push(Series {
            name: id.clone(),
            unit: Unit::Other(String::new()),
            description: format!("FRED {id}, {} observations, {aggregation} by {basis}", annual.frequency),
            values: annual.values,
            origin: Some(origin),
        });
    }
    Ok(data)
}

/// Which format a text is in, judged by its header (errors as for import).
pub fn detect_format(text: &str, file: &str) -> Result<Format> {
    let table = split_table(text, file)?;
    let first = table.header.cells[0].as_str();
    if is_year_header(first) {
        Ok(Format::Year)
    } else if is_date_header(first) {
        Ok(Format::Fred)
    } else {
        Err(DataError::HeaderMissing {
            file: file.to_string(),
            line: table.header.line,
            column: 1,
            found: first.to_string(),
        })
    }
}
