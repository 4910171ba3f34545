//! Writing results: aligned tables for people, CSV and JSON for programs.
//! Files are written whole or not at all (temp file in the same folder, then rename).

use std::io::Write;
use std::path::Path;

/// Output format of `run`, `claims` and `compare`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
}

/// A rectangular result: a header and rows of cells, numbers kept as numbers.
pub struct Table {
    /// Column names: the CSV header and JSON keys, stable names without units.
    pub header: Vec<String>,
    /// The unit of each column, printed on a line under the header in the
    /// table view only; empty for no units line.
    pub units: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    Integer(i64),
    Bool(bool),
    /// A difference of two numbers of size `scale`: the table view prints
    /// it as 0 when `|value| <= ROUNDING * scale` (floating-point rounding,
    /// not a difference); CSV and JSON give `value` exactly.
    Difference {
        value: f64,
        scale: f64,
    },
    /// No value: an empty CSV cell, JSON `null`, blank in a table.
    Empty,
}

/// Relative size below which a [`Cell::Difference`] is rounding noise and
/// the table view prints 0.
pub const ROUNDING: f64 = 1e-9;

/// Is `value`, a difference of numbers of size `scale`, within rounding of 0?
pub fn within_rounding(value: f64, scale: f64) -> bool {
    value.abs() <= ROUNDING * scale.abs()
}

impl Cell {
    fn plain(&self) -> String {
        match self {
            Cell::Text(t) => t.clone(),
            // Shortest text that reads back to the same bits; 1e300, not 301 digits.
            Cell::Number(v) | Cell::Difference { value: v, .. } => debtlab_core::params::spec::format_number(*v),
            Cell::Integer(i) => i.to_string(),
            Cell::Bool(b) => b.to_string(),
            Cell::Empty => String::new(),
        }
    }

    /// Short human form: 4 significant digits, thousands as plain digits.
    fn pretty(&self) -> String {
        match self {
            Cell::Number(v) => pretty_number(*v),
            Cell::Difference { value, scale } if within_rounding(*value, *scale) => "0".to_string(),
            Cell::Difference { value, .. } => pretty_number(*value),
            Cell::Bool(true) => "HOLDS".to_string(),
            Cell::Bool(false) => "fails".to_string(),
            other => other.plain(),
        }
    }

    fn json(&self) -> serde_json::Value {
        match self {
            Cell::Text(t) => serde_json::Value::from(t.as_str()),
            Cell::Number(v) | Cell::Difference { value: v, .. } => serde_json::Value::from(*v),
            Cell::Integer(i) => serde_json::Value::from(*i),
            Cell::Bool(b) => serde_json::Value::from(*b),
            Cell::Empty => serde_json::Value::Null,
        }
    }
}

pub fn pretty_number(v: f64) -> String {
    let magnitude = v.abs();
    if v == 0.0 {
        "0".to_string()
    } else if !(1e-4..1e7).contains(&magnitude) {
        format!("{v:.3e}")
    } else if magnitude >= 1000.0 && v.fract() == 0.0 {
        format!("{v:.0}")
    } else if magnitude >= 1000.0 {
        format!("{v:.2}")
    } else if magnitude >= 100.0 {
        format!("{v:.1}")
    } else if magnitude >= 10.0 {
        format!("{v:.2}")
    } else {
        format!("{v:.4}")
    }
}

impl Table {
    pub fn new<S: Into<String>>(header: impl IntoIterator<Item = S>, rows: Vec<Vec<Cell>>) -> Table {
        Table { header: header.into_iter().map(Into::into).collect(), units: Vec::new(), rows }
    }

    /// The same table with a units line under the header in the table view
    /// (one unit a column, `""` for none); CSV and JSON are unchanged.
    pub fn with_units<S: Into<String>>(mut self, units: impl IntoIterator<Item = S>) -> Table {
        self.units = units.into_iter().map(Into::into).collect();
        self
    }

    pub fn render(&self, format: Format, title: Option<&str>) -> Result<String, String> {
        match format {
            Format::Table => Ok(self.aligned(title)),
            Format::Csv => self.csv(),
            Format::Json => Ok(self.json()),
        }
    }

    fn aligned(&self, title: Option<&str>) -> String {
        let cells: Vec<Vec<String>> = self.rows.iter().map(|r| r.iter().map(Cell::pretty).collect()).collect();
        let unit = |i: usize| self.units.get(i).map_or("", String::as_str);
        let widths: Vec<usize> = (0..self.header.len())
            .map(|i| {
                let head = self.header[i].chars().count().max(unit(i).chars().count());
                cells.iter().map(|r| r[i].chars().count()).chain([head]).max().unwrap_or(0)
            })
            .collect();
        let mut out = String::new();
        if let Some(t) = title {
            out.push_str(t);
            out.push('\n');
        }
        let line = |parts: Vec<String>| parts.join("  ").trim_end().to_string() + "\n";
        let numeric: Vec<bool> = (0..self.header.len())
            .map(|i| {
                self.rows
                    .iter()
                    .all(|r| matches!(r[i], Cell::Number(_) | Cell::Difference { .. } | Cell::Integer(_) | Cell::Empty))
            })
            .collect();
        let pad = |i: usize, s: &str| {
            let fill = " ".repeat(widths[i].saturating_sub(s.chars().count()));
            if numeric[i] {
                format!("{fill}{s}")
            } else {
                format!("{s}{fill}")
            }
        };
        out.push_str(&line(self.header.iter().enumerate().map(|(i, h)| pad(i, h)).collect()));
        if self.units.iter().any(|u| !u.is_empty()) {
            out.push_str(&line((0..self.header.len()).map(|i| pad(i, unit(i))).collect()));
        }
        out.push_str(&line(widths.iter().map(|w| "-".repeat(*w)).collect()));
        for row in &cells {
            out.push_str(&line(row.iter().enumerate().map(|(i, c)| pad(i, c)).collect()));
        }
        out
    }

    fn csv(&self) -> Result<String, String> {
        let mut writer = csv::Writer::from_writer(Vec::new());
        let fail = |e: csv::Error| format!("cannot format CSV: {e}");
        writer.write_record(&self.header).map_err(fail)?;
        for row in &self.rows {
            writer.write_record(row.iter().map(Cell::plain)).map_err(fail)?;
        }
        let bytes = writer.into_inner().map_err(|e| format!("cannot format CSV: {e}"))?;
        String::from_utf8(bytes).map_err(|e| format!("cannot format CSV: {e}"))
    }

    fn json(&self) -> String {
        let rows: Vec<serde_json::Value> = self
            .rows
            .iter()
            .map(|r| {
                let object: serde_json::Map<String, serde_json::Value> =
                    self.header.iter().cloned().zip(r.iter().map(Cell::json)).collect();
                serde_json::Value::Object(object)
            })
            .collect();
        serde_json::to_string_pretty(&rows).unwrap_or_default() + "\n"
    }
}

/// Writes `text` to `path` whole or not at all (see
/// [`debtlab_plot::write_atomic`]: symbolic links kept, FIFOs and devices
/// written to, no partial file left by a write that fails), or to stdout
/// when `path` is None.
///
/// A reader that closes stdout early (`debtlab ... | head`) is not an
/// error: as other Unix tools do, the command stops writing and ends with
/// exit status 0 and nothing on stderr (Rust ignores SIGPIPE, so the write
/// fails with EPIPE instead of killing the process).
pub fn emit(text: &str, path: Option<&Path>) -> Result<(), String> {
    let Some(path) = path else {
        return to_stdout(text.as_bytes());
    };
    debtlab_plot::write_atomic(path, text.as_bytes()).map_err(|e| e.to_string())
}

/// Writes `bytes` to stdout and flushes it; a closed pipe is success (see [`emit`]).
fn to_stdout(bytes: &[u8]) -> Result<(), String> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        result => result.map_err(|e| format!("cannot write to stdout: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 18: `backtest --with-sfa` showed `5.551e-15` where it means 0.
    #[test]
    fn a_difference_within_rounding_is_0_in_the_table_only() {
        let table = Table::new(
            ["gap", "other"],
            vec![
                vec![Cell::Difference { value: 5.551e-15, scale: 44.13 }, Cell::Number(5.551e-15)],
                vec![Cell::Difference { value: -2e-7, scale: 44.13 }, Cell::Number(1.0)],
            ],
        );
        let text = table.render(Format::Table, None).unwrap();
        let cells: Vec<Vec<&str>> = text.lines().skip(2).map(|l| l.split_whitespace().collect()).collect();
        assert_eq!(cells, [vec!["0", "5.551e-15"], vec!["-2.000e-7", "1.0000"]]);
        let csv = table.render(Format::Csv, None).unwrap();
        assert_eq!(csv.lines().nth(1), Some("5.551e-15,5.551e-15"));
        let json = table.render(Format::Json, None).unwrap();
        assert!(json.contains("5.551e-15"), "{json}");
    }

    /// Issue 16: huge numbers printed as 309-digit decimals in CSV.
    #[test]
    fn csv_numbers_are_short_and_read_back_to_the_same_bits() {
        for v in [1e300, -1.8e19, 0.125, -0.0, 5e-324, 2026.0] {
            let text = Cell::Number(v).plain();
            assert!(text.len() < 30, "{text}");
            assert_eq!(text.parse::<f64>().unwrap().to_bits(), v.to_bits(), "{text}");
        }
    }
}
