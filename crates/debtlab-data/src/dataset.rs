//! Typed, year-indexed data: [`Dataset`], [`Series`], [`Unit`] and [`Fact`].

use std::fmt;

use crate::error::{closest, DataError, Result};

/// The unit of a series or fact.
#[derive(Debug, Clone, PartialEq)]
pub enum Unit {
    /// A calendar or fiscal year (the index column).
    Year,
    /// US dollars.
    Usd,
    /// Millions of US dollars.
    UsdMillion,
    /// Billions of US dollars.
    UsdBillion,
    /// Trillions of US dollars.
    UsdTrillion,
    /// Percent of GDP (5.0 means 5% of GDP).
    PercentOfGdp,
    /// Percent (5.0 means 5%).
    Percent,
    /// An index; the text says its base, e.g. `index FY2012=1`.
    Index(String),
    /// Anything else, as written (empty when unknown, e.g. imported data).
    Other(String),
}

impl Unit {
    /// Read a unit label as written in the data files (case-insensitive).
    pub fn parse(text: &str) -> Unit {
        let t = text.trim();
        match t.to_ascii_lowercase().as_str() {
            "year" => Unit::Year,
            "usd" => Unit::Usd,
            "usd million" => Unit::UsdMillion,
            "usd billion" => Unit::UsdBillion,
            "usd trillion" => Unit::UsdTrillion,
            "percent of gdp" => Unit::PercentOfGdp,
            "percent" => Unit::Percent,
            l if l.starts_with("index") => Unit::Index(t.to_string()),
            _ => Unit::Other(t.to_string()),
        }
    }

    /// The factor that turns a value in this unit into billions of dollars,
    /// or `None` if the unit is not a nominal dollar amount.
    pub fn to_usd_billion(&self) -> Option<f64> {
        match self {
            Unit::Usd => Some(1e-9),
            Unit::UsdMillion => Some(1e-3),
            Unit::UsdBillion => Some(1.0),
            Unit::UsdTrillion => Some(1e3),
            _ => None,
        }
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self {
            Unit::Year => "year",
            Unit::Usd => "USD",
            Unit::UsdMillion => "USD million",
            Unit::UsdBillion => "USD billion",
            Unit::UsdTrillion => "USD trillion",
            Unit::PercentOfGdp => "percent of GDP",
            Unit::Percent => "percent",
            Unit::Index(s) | Unit::Other(s) => s,
        };
        f.write_str(label)
    }
}

/// One named annual series. Years are strictly increasing; a year with a
/// missing cell is simply absent.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub unit: Unit,
    pub description: String,
    pub values: Vec<(i32, f64)>,
    /// Where the values were read from (`None` for data built in code).
    pub origin: Option<Origin>,
}

/// Where a series was read from: the file, its column, and for each year
/// the lines of the rows its value comes from (one line for a year table,
/// the year's observations for a FRED download).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Origin {
    /// The file, as named in messages.
    pub file: String,
    /// 1-based column (CSV field number) of the series.
    pub column: usize,
    /// `(year, first line, last line)`, 1-based, in increasing years.
    pub lines: Vec<(i32, usize, usize)>,
}

/// The cell (or cells) of a file that one annual value comes from, for
/// error messages: `FILE: line L, column C (SERIES)`, or `lines A-B` when
/// the value aggregates several rows. Values not read from a file are
/// named by dataset and series.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// The file, or the dataset's name when the value is not from a file.
    pub file: String,
    /// First and last 1-based line (`None`: not from a file).
    pub lines: Option<(usize, usize)>,
    /// 1-based column (CSV field number; `None`: not from a file).
    pub column: Option<usize>,
    /// The series (the column's header).
    pub series: String,
    /// The year of the value.
    pub year: i32,
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.lines, self.column) {
            (Some((a, b)), Some(c)) if a == b => write!(f, "{}: line {a}, column {c} ({})", self.file, self.series),
            (Some((a, b)), Some(c)) => write!(f, "{}: lines {a}-{b}, column {c} ({})", self.file, self.series),
            _ => write!(f, "dataset {:?}, series {:?}", self.file, self.series),
        }
    }
}

impl Series {
    /// Where the value of `year` comes from; `dataset` names it when the
    /// series was not read from a file (or has no row for that year).
    pub fn place(&self, year: i32, dataset: &str) -> Place {
        let row = self.origin.as_ref().and_then(|o| {
            let i = o.lines.binary_search_by_key(&year, |(y, ..)| *y).ok()?;
            let (_, first, last) = o.lines[i];
            Some((o.file.clone(), (first, last), o.column))
        });
        match row {
            Some((file, lines, column)) => {
                Place { file, lines: Some(lines), column: Some(column), series: self.name.clone(), year }
            }
            None => Place { file: dataset.to_string(), lines: None, column: None, series: self.name.clone(), year },
        }
    }

    /// The value in `year`, if present.
    pub fn at(&self, year: i32) -> Option<f64> {
        self.values.binary_search_by_key(&year, |(y, _)| *y).ok().map(|i| self.values[i].1)
    }

    /// A copy restricted to the years `from..=to`.
    pub fn window(&self, from: i32, to: i32) -> Series {
        Series {
            values: self.values.iter().copied().filter(|(y, _)| (from..=to).contains(y)).collect(),
            ..self.clone()
        }
    }

    /// First and last year with a value.
    pub fn span(&self) -> Option<(i32, i32)> {
        Some((self.values.first()?.0, self.values.last()?.0))
    }
}

/// One item/value row of a key-value file such as `start-2026`.
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    pub item: String,
    pub value: f64,
    pub unit: Unit,
    /// When the figure applies, as written (`2025-12-03`, `2025-11`, `FY2025`).
    pub as_of: String,
    pub source: String,
    /// `high`, `medium`, ..., or `claim` for figures quoted from the seed
    /// articles that are not facts.
    pub confidence: String,
}

/// A named collection of annual series (and, for key-value files, facts)
/// with the source it comes from.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Dataset {
    /// Short name, e.g. `us-1940-2025`, or the file name for imported data.
    pub name: String,
    /// Where the numbers come from.
    pub source: String,
    /// One line saying what the data are.
    pub description: String,
    /// Caveats written in the data file.
    pub notes: Vec<String>,
    /// Year-indexed series, in file column order.
    pub series: Vec<Series>,
    /// Item/value rows (only for key-value files such as `start-2026`).
    pub facts: Vec<Fact>,
}

impl Dataset {
    /// The series called `name`, if any.
    pub fn get(&self, name: &str) -> Option<&Series> {
        self.series.iter().find(|s| s.name == name)
    }

    /// The series called `name`, or an error suggesting the closest name.
    pub fn require(&self, name: &str) -> Result<&Series> {
        self.get(name).ok_or_else(|| DataError::UnknownSeries {
            dataset: self.name.clone(),
            series: name.to_string(),
            suggestion: closest(name, self.series_names()),
        })
    }

    /// Names of the series, in column order.
    pub fn series_names(&self) -> impl Iterator<Item = &str> {
        self.series.iter().map(|s| s.name.as_str())
    }

    /// Set the unit of a series (imported data comes without units).
    pub fn set_unit(&mut self, series: &str, unit: Unit) -> Result<()> {
        self.require(series)?;
        if let Some(s) = self.series.iter_mut().find(|s| s.name == series) {
            s.unit = unit;
        }
        Ok(())
    }

    /// First and last year with any value.
    pub fn span(&self) -> Option<(i32, i32)> {
        let spans = self.series.iter().filter_map(Series::span);
        let first = spans.clone().map(|s| s.0).min()?;
        let last = spans.map(|s| s.1).max()?;
        Some((first, last))
    }

    /// A copy with every series restricted to `from..=to`.
    pub fn window(&self, from: i32, to: i32) -> Dataset {
        Dataset { series: self.series.iter().map(|s| s.window(from, to)).collect(), ..self.clone() }
    }

    /// The first fact called `item` (for `start-2026`, the most recent one).
    pub fn fact(&self, item: &str) -> Option<&Fact> {
        self.facts.iter().find(|f| f.item == item)
    }

    /// The value of the first fact called `item`.
    pub fn fact_value(&self, item: &str) -> Option<f64> {
        self.fact(item).map(|f| f.value)
    }

    /// Every fact called `item`, in file order.
    pub fn facts_named<'a>(&'a self, item: &'a str) -> impl Iterator<Item = &'a Fact> + 'a {
        self.facts.iter().filter(move |f| f.item == item)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series() -> Series {
        Series {
            name: "x".into(),
            unit: Unit::UsdBillion,
            description: String::new(),
            values: vec![(2000, 1.0), (2001, 2.0), (2003, 4.0)],
            origin: Some(Origin { file: "x.csv".into(), column: 3, lines: vec![(2000, 2, 2), (2001, 3, 6)] }),
        }
    }

    #[test]
    fn places() {
        let s = series();
        assert_eq!(s.place(2000, "d").to_string(), "x.csv: line 2, column 3 (x)");
        assert_eq!(s.place(2001, "d").to_string(), "x.csv: lines 3-6, column 3 (x)");
        assert_eq!(s.place(2003, "d").to_string(), "dataset \"d\", series \"x\"");
    }

    #[test]
    fn at_and_window() {
        let s = series();
        assert_eq!(s.at(2001), Some(2.0));
        assert_eq!(s.at(2002), None);
        assert_eq!(s.window(2001, 2003).values, vec![(2001, 2.0), (2003, 4.0)]);
        assert_eq!(s.span(), Some((2000, 2003)));
    }

    #[test]
    fn units_round_trip() {
        for label in ["USD million", "percent of GDP", "index FY2012=1", "months", "year"] {
            assert_eq!(Unit::parse(label).to_string(), label);
        }
        assert_eq!(Unit::parse("usd million").to_usd_billion(), Some(1e-3));
        assert_eq!(Unit::PercentOfGdp.to_usd_billion(), None);
    }

    #[test]
    fn require_suggests() {
        let d = Dataset { name: "d".into(), series: vec![series()], ..Dataset::default() };
        assert!(d.require("x").is_ok());
        let err = DataError::to_string(&d.require("y").unwrap_err());
        assert!(err.contains("has no series \"y\""), "{err}");
    }
}
