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
//! Errors name the file, line and column; no input makes this panic.

use std::collections::BTreeMap;
use std::path::Path;

use crate::dataset::{Dataset, Series, Unit};
use crate::error::{DataError, Result};
use crate::fred::{annualize, fred_table, guess_aggregation, is_date_header, Aggregation, YearBasis};
use crate::text::{decode, split_table};
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
}

impl ImportOptions {
    /// The aggregation used for `series_id`: the override if any, else the guess.
    pub fn aggregation_for(&self, series_id: &str) -> Aggregation {
        self.aggregation.get(series_id).copied().unwrap_or_else(|| guess_aggregation(series_id))
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
    import_text(decode(bytes, file)?, file, options)
}

/// Import text; `file` names it in errors and names the dataset.
pub fn import_text(text: &str, file: &str, options: &ImportOptions) -> Result<Dataset> {
    let table = split_table(text, file)?;
    let first = table.header.cells[0].as_str();
    if is_year_header(first) {
        return year_table(&table, file);
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
        let aggregation = options.aggregation_for(id);
        let annual = annualize(&fred.observations(index), aggregation, options.basis, options.keep_incomplete_years);
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
