//! FRED's CSV download format and its conversion to annual values.
//!
//! A FRED file has a header `observation_date,SERIES_ID[,SERIES_ID...]`
//! (older downloads say `DATE`), one row per `YYYY-MM-DD` date (the start
//! of the period), and `.` (or an empty cell) for a missing value. Rows must
//! be in increasing date order without duplicates.

use std::fmt;
use std::str::FromStr;

use crate::date::Date;
use crate::error::{DataError, Result};
use crate::text::{split_table, Table};
use crate::yearcsv::{check_value_headers, check_width, row_values, OrderCheck};

/// How the observations of one year become one annual value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aggregation {
    /// Mean of the year's observations: rates, prices, indices, and flows
    /// quoted at a seasonally adjusted annual rate (FRED's GDP, interest
    /// and defense series).
    Average,
    /// The year's last observation: stocks such as debt outstanding.
    EndOfPeriod,
    /// Sum of the year's observations: flows that are not annualised
    /// (e.g. monthly Treasury statement amounts).
    Sum,
}

impl fmt::Display for Aggregation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Aggregation::Average => "average",
            Aggregation::EndOfPeriod => "end-of-period",
            Aggregation::Sum => "sum",
        })
    }
}

impl FromStr for Aggregation {
    type Err = String;

    /// Accepts `average`/`avg`/`mean`, `end-of-period`/`eop`/`end`/`last`,
    /// `sum`/`total` (case-insensitive).
    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "average" | "avg" | "mean" => Ok(Aggregation::Average),
            "end-of-period" | "end_of_period" | "eop" | "end" | "last" => Ok(Aggregation::EndOfPeriod),
            "sum" | "total" => Ok(Aggregation::Sum),
            other => Err(format!("unknown aggregation {other:?}: use average, end-of-period or sum")),
        }
    }
}

/// A default aggregation for a FRED series id.
///
/// | ids | pick | why |
/// |---|---|---|
/// | `GFDEBTN`, `FYGFDPUN`, `GFDEGDQ188S`, ids containing `DEBT`, ids starting `GFD`/`FYGFD`, `M1SL`, `M2SL`, `BOGMBASE`, `WALCL` | end-of-period | stocks |
/// | `GDP`, `GDPC1`, `A091RC1Q027SBEA`, `FDEFX` | average | quarterly flows at a seasonally adjusted *annual rate*: the year is their mean, not their sum |
/// | `CPIAUCSL`, `GDPDEF`, `OPHNFB`, `FEDFUNDS`, `DGS10`, `UNRATE` | average | prices, indices, rates |
/// | other ids starting `MTS` | sum | Monthly Treasury Statement amounts are plain monthly flows |
/// | other ids starting `FY` | sum | fiscal-year flows (one observation a year, so the sum is the value) |
/// | anything else | average | |
pub fn guess_aggregation(series_id: &str) -> Aggregation {
    let id = series_id.trim().to_ascii_uppercase();
    const STOCKS: [&str; 4] = ["M1SL", "M2SL", "BOGMBASE", "WALCL"];
    const AVERAGES: [&str; 10] =
        ["GDP", "GDPC1", "A091RC1Q027SBEA", "FDEFX", "CPIAUCSL", "GDPDEF", "OPHNFB", "FEDFUNDS", "DGS10", "UNRATE"];
    if AVERAGES.contains(&id.as_str()) {
        Aggregation::Average
    } else if STOCKS.contains(&id.as_str()) || id.contains("DEBT") || id.starts_with("GFD") || id.starts_with("FYGFD") {
        Aggregation::EndOfPeriod
    } else if id.starts_with("MTS") || id.starts_with("FY") {
        Aggregation::Sum
    } else {
        Aggregation::Average
    }
}

/// Observation frequency, detected from the median gap between dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frequency {
    Daily,
    Weekly,
    Monthly,
    Quarterly,
    Semiannual,
    Annual,
}

impl Frequency {
    /// Detect from increasing dates (fewer than two dates: annual).
    pub fn detect(dates: &[Date]) -> Frequency {
        let mut gaps: Vec<i64> = dates.windows(2).map(|w| w[1].days() - w[0].days()).collect();
        if gaps.is_empty() {
            return Frequency::Annual;
        }
        gaps.sort_unstable();
        match gaps[gaps.len() / 2] {
            ..=4 => Frequency::Daily,
            5..=10 => Frequency::Weekly,
            11..=45 => Frequency::Monthly,
            46..=135 => Frequency::Quarterly,
            136..=250 => Frequency::Semiannual,
            _ => Frequency::Annual,
        }
    }

    /// Longest period length in days.
    fn period_days(self) -> i64 {
        match self {
            Frequency::Daily => 1,
            Frequency::Weekly => 7,
            Frequency::Monthly => 31,
            Frequency::Quarterly => 92,
            Frequency::Semiannual => 184,
            Frequency::Annual => 366,
        }
    }

    /// Observations a complete year must have (`None`: not checked by count).
    fn per_year(self) -> Option<usize> {
        match self {
            Frequency::Monthly => Some(12),
            Frequency::Quarterly => Some(4),
            Frequency::Semiannual => Some(2),
            Frequency::Annual => Some(1),
            Frequency::Daily | Frequency::Weekly => None,
        }
    }
}

impl fmt::Display for Frequency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Frequency::Daily => "daily",
            Frequency::Weekly => "weekly",
            Frequency::Monthly => "monthly",
            Frequency::Quarterly => "quarterly",
            Frequency::Semiannual => "semiannual",
            Frequency::Annual => "annual",
        })
    }
}

/// Which year a date belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum YearBasis {
    /// January to December.
    #[default]
    Calendar,
    /// US federal fiscal year: October of the previous year to September,
    /// named by the year it ends in (FY2023 = 2022-10-01..2023-09-30).
    Fiscal,
}

impl YearBasis {
    /// The year `date` belongs to.
    pub fn year_of(self, date: Date) -> i32 {
        match self {
            YearBasis::Fiscal if date.month >= 10 => date.year + 1,
            _ => date.year,
        }
    }

    /// First and last day (as day numbers) of `year`.
    fn bounds(self, year: i32) -> (i64, i64) {
        let day = |y, m, d| Date { year: y, month: m, day: d }.days();
        match self {
            YearBasis::Calendar => (day(year, 1, 1), day(year, 12, 31)),
            YearBasis::Fiscal => (day(year - 1, 10, 1), day(year, 9, 30)),
        }
    }
}

/// The result of converting one series to annual values.
#[derive(Debug, Clone, PartialEq)]
pub struct Annual {
    /// `(year, value)` for every year kept.
    pub values: Vec<(i32, f64)>,
    /// Frequency of the observations.
    pub frequency: Frequency,
    /// Years left out because their observations do not cover the year.
    pub incomplete: Vec<i32>,
}

/// Convert increasing, present observations to annual values.
///
/// A year is complete when its first observation falls in the first period
/// of the year and its last in the last period (one week of slack for
/// weekends and holidays) and, for monthly, quarterly, semiannual and
/// annual data, it has all 12, 4, 2 or 1 observations. Incomplete years are
/// left out (listed in [`Annual::incomplete`]) unless `keep_incomplete`.
///
/// A [`Aggregation::Sum`] too large for 64-bit floating point is infinite
/// here; the importers report it as an error naming its rows.
pub fn annualize(
    observations: &[(Date, f64)],
    aggregation: Aggregation,
    basis: YearBasis,
    keep_incomplete: bool,
) -> Annual {
    annualize_ranges(observations, aggregation, basis, keep_incomplete).0
}

/// [`annualize`], with the range of observations behind each annual value.
pub(crate) fn annualize_ranges(
    observations: &[(Date, f64)],
    aggregation: Aggregation,
    basis: YearBasis,
    keep_incomplete: bool,
) -> (Annual, Vec<std::ops::Range<usize>>) {
    let dates: Vec<Date> = observations.iter().map(|(d, _)| *d).collect();
    let frequency = Frequency::detect(&dates);
    let slack = frequency.period_days() + 7;
    let mut annual = Annual { values: Vec::new(), frequency, incomplete: Vec::new() };
    let mut ranges = Vec::new();
    let mut start = 0;
    while start < observations.len() {
        let year = basis.year_of(observations[start].0);
        let end = observations[start..]
            .iter()
            .position(|(d, _)| basis.year_of(*d) != year)
            .map_or(observations.len(), |n| start + n);
        let range = start..end;
        let group = &observations[range.clone()];
        start = end;
        let (first_day, last_day) = basis.bounds(year);
        let covered = group[0].0.days() - first_day < slack
            && last_day - group[group.len() - 1].0.days() < slack
            && frequency.per_year().is_none_or(|n| group.len() >= n);
        if !covered {
            annual.incomplete.push(year);
            if !keep_incomplete {
                continue;
            }
        }
        let values = group.iter().map(|(_, v)| *v);
        let value = match aggregation {
            Aggregation::Average => {
                let n = group.len() as f64;
                let sum = values.clone().sum::<f64>();
                // Finite values have a finite mean even when their sum
                // overflows: divide first then.
                if sum.is_finite() {
                    sum / n
                } else {
                    values.map(|v| v / n).sum()
                }
            }
            Aggregation::EndOfPeriod => group[group.len() - 1].1,
            Aggregation::Sum => values.sum(),
        };
        annual.values.push((year, value));
        ranges.push(range);
    }
    (annual, ranges)
}

/// A parsed FRED file: the dates and one column of values per series.
#[derive(Debug, Clone, PartialEq)]
pub struct FredTable {
    pub file: String,
    /// Comment lines before the header (FRED writes none).
    pub comments: Vec<String>,
    pub dates: Vec<Date>,
    /// The 1-based line of each date's row.
    pub lines: Vec<usize>,
    /// `(series id, value per date)`; `None` for `.` or an empty cell.
    pub columns: Vec<(String, Vec<Option<f64>>)>,
}

impl FredTable {
    /// The present observations of column `index`.
    pub fn observations(&self, index: usize) -> Vec<(Date, f64)> {
        self.dates.iter().zip(&self.columns[index].1).filter_map(|(d, v)| v.map(|v| (*d, v))).collect()
    }

    /// The lines of the present observations of column `index`, in the
    /// order of [`FredTable::observations`].
    pub fn observation_lines(&self, index: usize) -> Vec<usize> {
        self.lines.iter().zip(&self.columns[index].1).filter_map(|(l, v)| v.map(|_| *l)).collect()
    }
}

/// Whether a header's first cell names FRED's date column.
pub(crate) fn is_date_header(cell: &str) -> bool {
    cell.eq_ignore_ascii_case("observation_date") || cell.eq_ignore_ascii_case("date")
}

/// Parse a FRED CSV download. `file` is used in error messages.
pub fn parse_fred_csv(text: &str, file: &str) -> Result<FredTable> {
    fred_table(&split_table(text, file)?, file)
}

/// Parse an already split FRED table.
pub(crate) fn fred_table(table: &Table, file: &str) -> Result<FredTable> {
    let header = &table.header;
    if !is_date_header(&header.cells[0]) {
        return Err(DataError::HeaderMissing {
            file: file.to_string(),
            line: header.line,
            column: 1,
            found: header.cells[0].clone(),
        });
    }
    check_value_headers(header, file)?;
    let mut fred = FredTable {
        file: file.to_string(),
        comments: table.comments.clone(),
        dates: Vec::with_capacity(table.rows.len()),
        lines: Vec::with_capacity(table.rows.len()),
        columns: header.cells[1..].iter().map(|id| (id.clone(), Vec::with_capacity(table.rows.len()))).collect(),
    };
    let mut order = OrderCheck::new();
    for row in &table.rows {
        check_width(row, header.cells.len(), file)?;
        let date = Date::parse(&row.cells[0]).map_err(|reason| DataError::BadDate {
            file: file.to_string(),
            line: row.line,
            column: 1,
            text: row.cells[0].clone(),
            reason,
        })?;
        order.check(date, row.line, file)?;
        fred.dates.push(date);
        fred.lines.push(row.line);
        for (column, value) in fred.columns.iter_mut().zip(row_values(row, header, file)?) {
            column.1.push(value);
        }
    }
    Ok(fred)
}
