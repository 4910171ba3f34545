//! A small hand-written CSV reader that keeps exact line and column numbers.
//!
//! Rules: cells are separated by commas; a cell may be wrapped in double quotes
//! (a doubled quote inside stands for one quote) but must end on its line;
//! cells are trimmed of surrounding spaces; blank lines are skipped; lines
//! whose first non-blank character is `#` are comments. Comments before the
//! header are kept (bundled files carry their source there), later ones are
//! skipped. A leading UTF-8 byte-order mark is ignored.

use crate::error::{DataError, Result};

/// One non-blank, non-comment line split into trimmed cells.
#[derive(Debug, Clone)]
pub(crate) struct Row {
    /// 1-based line number in the file.
    pub line: usize,
    /// Cells, trimmed; quotes removed.
    pub cells: Vec<String>,
}

/// A file split into leading comments, a header row and data rows.
#[derive(Debug, Clone)]
pub(crate) struct Table {
    /// Text of the comment lines before the header, without the `#` and one
    /// following space.
    pub comments: Vec<String>,
    pub header: Row,
    pub rows: Vec<Row>,
}

/// Decode bytes as UTF-8, reporting the line and column of the first bad byte.
pub(crate) fn decode<'a>(bytes: &'a [u8], file: &str) -> Result<&'a str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let line = 1 + good.iter().filter(|&&b| b == b'\n').count();
            let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
            let column = 1 + good[line_start..].iter().filter(|&&b| b == b',').count();
            Err(DataError::NotUtf8 { file: file.to_string(), line, column })
        }
    }
}

/// Split `text` into comments, header and rows.
///
/// Errors: [`DataError::EmptyFile`] when there is no header,
/// [`DataError::NoDataRows`] when no row follows the header,
/// [`DataError::UnterminatedQuote`] for a quote left open.
pub(crate) fn split_table(text: &str, file: &str) -> Result<Table> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut comments = Vec::new();
    let mut header: Option<Row> = None;
    let mut rows = Vec::new();
    let mut last_line = 0;
    for (index, raw) in text.split('\n').enumerate() {
        let line = index + 1;
        last_line = line;
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            continue;
        }
        if let Some(comment) = trimmed.strip_prefix('#') {
            if header.is_none() {
                let comment = comment.strip_prefix(' ').unwrap_or(comment);
                comments.push(comment.trim_end().to_string());
            }
            continue;
        }
        let row = Row { line, cells: split_cells(raw, line, file)? };
        if header.is_none() {
            header = Some(row);
        } else {
            rows.push(row);
        }
    }
    let Some(header) = header else {
        return Err(DataError::EmptyFile { file: file.to_string(), line: last_line.max(1) });
    };
    if rows.is_empty() {
        return Err(DataError::NoDataRows { file: file.to_string(), line: header.line + 1 });
    }
    Ok(Table { comments, header, rows })
}

/// Split one line into trimmed cells, honouring double quotes.
fn split_cells(raw: &str, line: usize, file: &str) -> Result<Vec<String>> {
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut chars = raw.chars().peekable();
    let mut at_cell_start = true;
    loop {
        if at_cell_start {
            while chars.peek().is_some_and(|c| *c == ' ' || *c == '\t') {
                chars.next();
            }
            at_cell_start = false;
            if chars.peek() == Some(&'"') {
                chars.next();
                loop {
                    match chars.next() {
                        None => {
                            return Err(DataError::UnterminatedQuote {
                                file: file.to_string(),
                                line,
                                column: cells.len() + 1,
                            })
                        }
                        Some('"') if chars.peek() == Some(&'"') => {
                            chars.next();
                            cell.push('"');
                        }
                        Some('"') => break,
                        Some(c) => cell.push(c),
                    }
                }
            }
        }
        match chars.next() {
            None => {
                cells.push(cell.trim().to_string());
                return Ok(cells);
            }
            Some(',') => {
                cells.push(cell.trim().to_string());
                cell.clear();
                at_cell_start = true;
            }
            Some(c) => cell.push(c),
        }
    }
}

/// Parse a value cell: `Ok(None)` for a missing value (empty or `.`),
/// `Ok(Some(x))` for a finite number, `Err(())` otherwise.
pub(crate) fn parse_value(cell: &str) -> std::result::Result<Option<f64>, ()> {
    let cell = cell.trim();
    if cell.is_empty() || cell == "." {
        return Ok(None);
    }
    // Rust accepts "inf" and "NaN"; data files must not.
    match cell.parse::<f64>() {
        Ok(x) if x.is_finite() => Ok(Some(x)),
        _ => Err(()),
    }
}

/// Parse a year cell: a whole number from 1 to 9999 (a trailing `.0` is
/// tolerated, as spreadsheets write it).
pub(crate) fn parse_year(cell: &str) -> Option<i32> {
    let cell = cell.trim();
    let digits = cell.strip_suffix(".0").unwrap_or(cell);
    if digits.is_empty() || digits.len() > 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse::<i32>().ok().filter(|y| *y >= 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_trimmed_and_quotes_removed() {
        let cells = split_cells(r#" a , "b, ""c""" ,d"#, 1, "f").unwrap();
        assert_eq!(cells, vec!["a", "b, \"c\"", "d"]);
        let cells = split_cells("1,,", 1, "f").unwrap();
        assert_eq!(cells, vec!["1", "", ""]);
    }

    #[test]
    fn open_quote_is_an_error() {
        let err = split_cells(r#"1,"abc"#, 7, "f.csv").unwrap_err().to_string();
        assert!(err.contains("line 7, column 2: unterminated quote"), "{err}");
    }

    #[test]
    fn values_and_years() {
        assert_eq!(parse_value(" 1.5 "), Ok(Some(1.5)));
        assert_eq!(parse_value("."), Ok(None));
        assert_eq!(parse_value(""), Ok(None));
        assert!(parse_value("inf").is_err());
        assert!(parse_value("NaN").is_err());
        assert!(parse_value("1,5").is_err());
        assert_eq!(parse_year("1946"), Some(1946));
        assert_eq!(parse_year("1946.0"), Some(1946));
        assert_eq!(parse_year("-5"), None);
        assert_eq!(parse_year("19460"), None);
        assert_eq!(parse_year("0"), None);
    }

    #[test]
    fn bad_utf8_position() {
        let err = decode(b"a,b\n1,\xff", "x.csv").unwrap_err().to_string();
        assert!(err.starts_with("x.csv: line 2, column 2: not UTF-8"), "{err}");
    }
}
