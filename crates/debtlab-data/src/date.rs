//! Calendar dates in the `YYYY-MM-DD` form that FRED writes.

use std::fmt;

/// A calendar date (proleptic Gregorian).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// A date, if the month and day exist.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month)).then_some(Date {
            year,
            month,
            day,
        })
    }

    /// Parse exactly `YYYY-MM-DD`; the error says what is wrong.
    pub fn parse(text: &str) -> Result<Date, String> {
        let t = text.trim();
        let b = t.as_bytes();
        let shape_ok = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        if !shape_ok {
            return Err("is not in the form YYYY-MM-DD".to_string());
        }
        let num = |range: std::ops::Range<usize>| -> u32 {
            t[range].bytes().fold(0, |acc, d| acc * 10 + u32::from(d - b'0'))
        };
        let (year, month, day) = (num(0..4) as i32, num(5..7), num(8..10));
        if year == 0 {
            return Err("has year 0000".to_string());
        }
        if !(1..=12).contains(&month) {
            return Err(format!("has month {month:02} (months run 01 to 12)"));
        }
        let last = days_in_month(year, month);
        if day == 0 || day > last {
            return Err(format!("has day {day:02}, but {year:04}-{month:02} has days 01 to {last:02}"));
        }
        Ok(Date { year, month, day })
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days(&self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Whether `year` is a Gregorian leap year.
pub fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Number of days in a month (0 for a month outside 1..=12).
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_valid_and_invalid() {
        assert_eq!(Date::parse("2024-02-29"), Ok(Date::new(2024, 2, 29).unwrap()));
        assert!(Date::parse("2023-02-29").unwrap_err().contains("has day 29"));
        assert!(Date::parse("2023-13-01").unwrap_err().contains("month 13"));
        assert!(Date::parse("2023-1-01").unwrap_err().contains("YYYY-MM-DD"));
        assert!(Date::parse("01/02/2023").is_err());
        assert!(Date::parse("２０２３-01-01").is_err());
    }

    #[test]
    fn day_numbers() {
        assert_eq!(Date::new(1970, 1, 1).unwrap().days(), 0);
        assert_eq!(Date::new(2000, 3, 1).unwrap().days(), 11_017);
        assert_eq!(Date::new(1969, 12, 31).unwrap().days(), -1);
        let a = Date::new(2023, 12, 31).unwrap().days();
        assert_eq!(Date::new(2024, 12, 31).unwrap().days() - a, 366);
    }
}
