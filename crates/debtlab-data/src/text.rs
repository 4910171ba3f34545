//! Decoding bytes as UTF-8 with the position of the first bad byte
//! ([`decode_utf8`] for any file, [`decode_csv`] for tables), and the
//! crate's small hand-written CSV reader that keeps exact line and column
//! numbers.
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

/// The first byte of a file that is not UTF-8, and where it is.
///
/// Lines and columns count from 1; the column counts *characters* (Unicode
/// scalar values) of the decoded part of the line before the bad byte, plus
/// one, so it is where a text editor puts the cursor on that byte. A leading
/// byte-order mark does not count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotUtf8 {
    /// The file, as named in messages.
    pub file: String,
    /// 1-based line of the bad byte.
    pub line: usize,
    /// 1-based column of the bad byte, in characters.
    pub column: usize,
    /// 0-based offset of the bad byte in the file, in bytes.
    pub offset: usize,
    /// The bad byte itself.
    pub byte: u8,
}

impl std::fmt::Display for NotUtf8 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: line {}, column {}: not UTF-8 text: byte 0x{:02X} (byte {} of the file) is not valid UTF-8 \
             (columns count characters)",
            self.file,
            self.line,
            self.column,
            self.byte,
            self.offset + 1
        )
    }
}

impl std::error::Error for NotUtf8 {}

/// Decode bytes as UTF-8 text; on failure, say where the first bad byte is.
///
/// `file` names the input in the error (a path as given, `--set`, ...).
/// Takes the bytes by value so that valid text is not copied.
///
/// ```
/// use debtlab_data::text::decode_utf8;
/// assert_eq!(decode_utf8("ok.toml", b"a = 1\n".to_vec()).unwrap(), "a = 1\n");
/// let err = decode_utf8("x.toml", b"a = 1\nb = \"\xc3\xa9\xff\"\n".to_vec()).unwrap_err();
/// assert_eq!((err.line, err.column, err.byte), (2, 7, 0xff));
/// assert!(err.to_string().starts_with("x.toml: line 2, column 7: not UTF-8 text"));
/// ```
pub fn decode_utf8(file: &str, bytes: Vec<u8>) -> std::result::Result<String, NotUtf8> {
    String::from_utf8(bytes).map_err(|e| locate(file, e.as_bytes(), e.utf8_error().valid_up_to()))
}

/// [`decode_utf8`] on borrowed bytes.
pub fn decode_utf8_str<'a>(file: &str, bytes: &'a [u8]) -> std::result::Result<&'a str, NotUtf8> {
    std::str::from_utf8(bytes).map_err(|e| locate(file, bytes, e.valid_up_to()))
}

/// The position of the bad byte at `bad` (everything before it is UTF-8).
fn locate(file: &str, bytes: &[u8], bad: usize) -> NotUtf8 {
    let good = &bytes[..bad];
    let line = 1 + good.iter().filter(|&&b| b == b'\n').count();
    let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
    // Valid by construction: `good` is the UTF-8 prefix.
    let before = std::str::from_utf8(&good[line_start..]).unwrap_or_default();
    let before = if line_start == 0 { before.strip_prefix('\u{feff}').unwrap_or(before) } else { before };
    NotUtf8 { file: file.to_string(), line, column: before.chars().count() + 1, offset: bad, byte: bytes[bad] }
}

/// Decode the bytes of a CSV file as UTF-8: the error
/// ([`DataError::NotUtf8`]) gives the line, the CSV field of the first bad
/// byte as its column (this crate's convention) and its character in the
/// line.
pub fn decode_csv<'a>(file: &str, bytes: &'a [u8]) -> Result<&'a str> {
    decode_utf8_str(file, bytes).map_err(|e| {
        let line_start = bytes[..e.offset].iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
        DataError::NotUtf8 {
            column: field_at_end(&bytes[line_start..e.offset]),
            file: e.file,
            line: e.line,
            character: e.column,
            byte: e.byte,
        }
    })
}

/// The 1-based CSV field at the end of `line_before` (the part of a line
/// before some position), counting commas outside double quotes.
pub(crate) fn field_at_end(line_before: &[u8]) -> usize {
    let mut quoted = false;
    let mut field = 1;
    for &b in line_before {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => field += 1,
            _ => {}
        }
    }
    field
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
        let err = decode_csv("x.csv", b"a,b\n1,\xff").unwrap_err().to_string();
        assert!(err.starts_with("x.csv: line 2, column 2: not UTF-8"), "{err}");
        assert!(err.contains("byte 0xFF at character 3 of the line"), "{err}");
        // A comma inside quotes does not start a field.
        let err = decode_csv("q.csv", b"a,b,c\n\"x,y\",\xc3\x28").unwrap_err().to_string();
        assert!(err.starts_with("q.csv: line 2, column 2: not UTF-8"), "{err}");
        assert!(err.contains("byte 0xC3 at character 7 of the line"), "{err}");
    }

    #[test]
    fn decode_utf8_counts_characters_not_bytes() {
        let text = "line one\nline two\n\u{e9}\u{e9}=".as_bytes();
        let mut bytes = text.to_vec();
        bytes.push(0xfe);
        let err = decode_utf8("f.toml", bytes).unwrap_err();
        assert_eq!((err.line, err.column, err.offset, err.byte), (3, 4, text.len(), 0xfe));
        // A truncated sequence at the very end.
        let err = decode_utf8_str("g", b"\xe2\x82").unwrap_err();
        assert_eq!((err.line, err.column, err.offset), (1, 1, 0));
        // The byte-order mark is not a column.
        let err = decode_utf8_str("h", b"\xef\xbb\xbfab\x80").unwrap_err();
        assert_eq!((err.line, err.column), (1, 3));
        assert_eq!(decode_utf8_str("ok", "\u{e9}t\u{e9}".as_bytes()).unwrap(), "\u{e9}t\u{e9}");
    }
}
