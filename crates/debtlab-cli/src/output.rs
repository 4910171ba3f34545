//! Writing results: aligned tables for people; CSV, JSON and Parquet for
//! programs, all three written from an Arrow record batch by debtlab-table
//! (the one table layer the Python package reads too). Files are written
//! whole or not at all (temp file in the same folder, then rename).

use std::io::Write;
use std::path::Path;

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
    /// Apache Parquet (binary: give --out FILE or redirect stdout).
    Parquet,
}

/// A rendered result: text, or the bytes of a Parquet file.
pub struct Rendered(Vec<u8>);

impl Rendered {
    /// Appends a line of text (a footer of the table view).
    pub fn push_str(&mut self, text: &str) {
        self.0.extend_from_slice(text.as_bytes());
    }
}

impl Rendered {
    /// The text (lossy for Parquet's bytes).
    #[cfg(test)]
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0).into_owned()
    }
}

impl AsRef<[u8]> for Rendered {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
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

    pub fn render(&self, format: Format, title: Option<&str>) -> Result<Rendered, String> {
        match format {
            Format::Table => Ok(Rendered(self.aligned(title).into_bytes())),
            _ => render_batch(&self.to_batch(title)?, format, title, false),
        }
    }

    /// The table as an Arrow batch: a column of numbers (or differences) is
    /// Float64, of integers Int64, of booleans Boolean, of text Utf8, an
    /// empty cell null; a column that mixes kinds is its cells' plain text.
    /// Units go to the fields' metadata, the title to the batch's.
    pub fn to_batch(&self, title: Option<&str>) -> Result<debtlab_table::RecordBatch, String> {
        use arrow_array::{ArrayRef, BooleanArray, Float64Array, Int64Array, StringArray};
        use std::sync::Arc;
        let mut c = debtlab_table::Columns::new("cli");
        if let Some(t) = title {
            c.meta("title", t);
        }
        for (i, name) in self.header.iter().enumerate() {
            let cells: Vec<&Cell> = self.rows.iter().map(|r| &r[i]).collect();
            let all = |f: fn(&Cell) -> bool| cells.iter().all(|x| matches!(x, Cell::Empty) || f(x));
            let array: ArrayRef = if all(|x| matches!(x, Cell::Number(_) | Cell::Difference { .. })) {
                Arc::new(Float64Array::from_iter(cells.iter().map(|x| match x {
                    Cell::Number(v) | Cell::Difference { value: v, .. } => Some(*v),
                    _ => None,
                })))
            } else if all(|x| matches!(x, Cell::Integer(_))) {
                Arc::new(Int64Array::from_iter(cells.iter().map(|x| match x {
                    Cell::Integer(v) => Some(*v),
                    _ => None,
                })))
            } else if all(|x| matches!(x, Cell::Bool(_))) {
                Arc::new(BooleanArray::from_iter(cells.iter().map(|x| match x {
                    Cell::Bool(v) => Some(*v),
                    _ => None,
                })))
            } else {
                Arc::new(StringArray::from_iter(cells.iter().map(|x| {
                    if matches!(x, Cell::Empty) {
                        None
                    } else {
                        Some(x.plain())
                    }
                })))
            };
            let unit = self.units.get(i).map_or("", String::as_str);
            c.array(name, unit, "", array);
        }
        c.finish().map_err(|e| e.to_string())
    }

    /// A batch from debtlab-table as a table: its columns and cells, the
    /// units of its fields' metadata on the units line (when `units`).
    pub fn from_batch(batch: &debtlab_table::RecordBatch, units: bool) -> Table {
        use arrow_array::cast::AsArray;
        use arrow_array::types::{Float64Type, Int64Type, UInt64Type};
        use arrow_array::Array;
        use arrow_schema::DataType;
        let schema = batch.schema();
        let header: Vec<String> = schema.fields().iter().map(|f| f.name().clone()).collect();
        let cell = |column: &dyn Array, row: usize| {
            if column.is_null(row) {
                return Cell::Empty;
            }
            match column.data_type() {
                DataType::Float64 => Cell::Number(column.as_primitive::<Float64Type>().value(row)),
                DataType::Int64 => Cell::Integer(column.as_primitive::<Int64Type>().value(row)),
                DataType::UInt64 => Cell::Integer(column.as_primitive::<UInt64Type>().value(row) as i64),
                DataType::Boolean => Cell::Bool(column.as_boolean().value(row)),
                DataType::Utf8 => Cell::Text(column.as_string::<i32>().value(row).to_string()),
                other => Cell::Text(format!("<{other}>")),
            }
        };
        let rows =
            (0..batch.num_rows()).map(|row| batch.columns().iter().map(|c| cell(c.as_ref(), row)).collect()).collect();
        let table = Table::new(header, rows);
        if !units {
            return table;
        }
        let unit = |f: &arrow_schema::FieldRef| f.metadata().get("unit").cloned().unwrap_or_default();
        table.with_units(schema.fields().iter().map(unit))
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
}

/// A batch from debtlab-table in `format`: CSV, JSON and Parquet straight
/// from its arrays (a million-row Monte Carlo table is never held as cells),
/// the table view through [`Table::from_batch`] (with the fields' units on a
/// units line when `units`).
pub fn render_batch(
    batch: &debtlab_table::RecordBatch,
    format: Format,
    title: Option<&str>,
    units: bool,
) -> Result<Rendered, String> {
    use debtlab_table::write;
    match format {
        Format::Table => Table::from_batch(batch, units).render(format, title),
        Format::Csv => Ok(Rendered(write::csv(batch).map_err(|e| e.to_string())?.into_bytes())),
        Format::Json => Ok(Rendered(write::json(batch).into_bytes())),
        Format::Parquet => Ok(Rendered(write::parquet(batch).map_err(|e| e.to_string())?)),
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
pub fn emit(output: impl AsRef<[u8]>, path: Option<&Path>) -> Result<(), String> {
    let bytes = output.as_ref();
    let Some(path) = path else {
        if bytes.starts_with(b"PAR1") && std::io::IsTerminal::is_terminal(&std::io::stdout()) {
            return Err("Parquet is binary: give --out FILE or redirect stdout to a file".into());
        }
        return to_stdout(bytes);
    };
    debtlab_plot::write_atomic(path, bytes).map_err(|e| e.to_string())
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
        let text = table.render(Format::Table, None).unwrap().text();
        let cells: Vec<Vec<&str>> = text.lines().skip(2).map(|l| l.split_whitespace().collect()).collect();
        assert_eq!(cells, [vec!["0", "5.551e-15"], vec!["-2.000e-7", "1.0000"]]);
        let csv = table.render(Format::Csv, None).unwrap().text();
        assert_eq!(csv.lines().nth(1), Some("5.551e-15,5.551e-15"));
        let json = table.render(Format::Json, None).unwrap().text();
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
