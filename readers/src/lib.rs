//! Readers for the files trial data arrive in, each turning bytes into [`Dataset`]s of typed
//! columns: SAS transport (XPT v5 and v8, [`xpt`]), SAS data sets ([`sas7bdat`]), CDISC
//! Dataset-JSON v1.1 as JSON or NDJSON ([`dataset_json`]) and spreadsheets (xlsx, ods;
//! [`sheet`]). [`sniff`] recognises a file by its content, never by its name.
//!
//! This crate knows nothing of the analysis: it only reads. It is compiled to its own
//! WebAssembly module, which the page loads only when such a file is opened, so that the
//! analysis module stays small.
//!
//! Conventions shared by every reader:
//! * numbers are `f64`; a missing value (SAS `.`, `._`, `.A`–`.Z`; an empty cell; JSON `null`)
//!   is NaN, and the special missing values are counted in [`Column::special_missing`];
//! * SAS dates, datetimes and times keep SAS's origin (1960-01-01) and units (days, seconds,
//!   seconds since midnight); a numeric column is a date, datetime or time when its SAS format
//!   says so ([`formats::kind_of_format`]);
//! * text is UTF-8; trailing blanks of fixed-width SAS text are removed.

// The crate needs Rust 1.88 (calamine 0.38, see Cargo.toml); these readers keep to the idioms
// of 1.81, the root crate's minimum, so clippy is told not to suggest newer ones.
#[clippy::msrv = "1.81"]
mod cellrefs;
pub mod dataset_json;
pub mod formats;
#[clippy::msrv = "1.81"]
pub mod sas7bdat;
pub mod sheet;
pub mod sniff;
#[cfg(target_arch = "wasm32")]
mod wasm;
#[clippy::msrv = "1.81"]
pub mod xpt;

pub use formats::kind_of_format;
pub use sniff::{sniff, FileKind};

/// Reads a file of any supported kind, recognised by [`sniff`]: every data set it holds (the
/// members of an XPT library, the sheets of a workbook, the one data set of a sas7bdat or
/// Dataset-JSON file). Text files are not read here (the analysis reads delimited text itself):
/// they give an error saying so, as do unknown binary files.
pub fn read(bytes: &[u8]) -> Result<(FileKind, Vec<Dataset>), ReadError> {
    let kind = sniff(bytes);
    let datasets = match kind {
        FileKind::XptV5 | FileKind::XptV8 => xpt::read(bytes)?,
        FileKind::Sas7bdat => sas7bdat::read(bytes)?,
        FileKind::DatasetJson | FileKind::DatasetNdjson => dataset_json::read(bytes)?,
        FileKind::Xlsx | FileKind::Ods => sheet::read(bytes)?,
        FileKind::Zip => {
            return Err(ReadError::new(
                "a zip archive that is neither an xlsx workbook nor an ods spreadsheet",
            ))
        }
        FileKind::Text => return Err(ReadError::new("a text file: read it as delimited text")),
        FileKind::Binary => {
            return Err(ReadError::new(
                "not a recognised data file (expected SAS transport XPT, sas7bdat, \
                 Dataset-JSON, xlsx, ods, or delimited text)",
            ))
        }
    };
    Ok((kind, datasets))
}

/// One data set (an XPT member, a sas7bdat file, a Dataset-JSON file, a spreadsheet sheet).
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    /// Member or sheet name (e.g. `ADSL`, `Sheet1`).
    pub name: String,
    /// Data set label, if any (empty otherwise).
    pub label: String,
    /// Columns in file order, all of length [`Dataset::rows`].
    pub columns: Vec<Column>,
    /// Number of rows.
    pub rows: usize,
}

/// One column.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// Variable name as stored.
    pub name: String,
    /// Variable label (empty if none).
    pub label: String,
    /// SAS format as written, e.g. `DATETIME20.` or `E8601DT.` (empty if none).
    pub format: String,
    pub values: Values,
    /// How many numeric values were SAS special missing values (`.A`–`.Z`, `._`); they are NaN.
    pub special_missing: usize,
}

/// The values of a column. NaN is a missing number, date, datetime or time.
#[derive(Debug, Clone, PartialEq)]
pub enum Values {
    /// Plain numbers.
    Number(Vec<f64>),
    /// Days since 1960-01-01 (SAS date).
    Date(Vec<f64>),
    /// Seconds since 1960-01-01T00:00:00 (SAS datetime; no time zone).
    DateTime(Vec<f64>),
    /// Seconds since midnight (SAS time).
    Time(Vec<f64>),
    /// Text cells; an empty string is a missing value.
    Text(Vec<String>),
}

impl Values {
    /// Number of values.
    pub fn len(&self) -> usize {
        match self {
            Values::Number(v) | Values::Date(v) | Values::DateTime(v) | Values::Time(v) => v.len(),
            Values::Text(v) => v.len(),
        }
    }

    /// Whether there are no values.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Why a file could not be read: what was expected and where (byte offset, and row/column
/// when known). Messages quote at most a short, escaped excerpt of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    pub message: String,
    /// Byte offset in the file where the defect was found.
    pub offset: Option<u64>,
    /// 1-based data row, when the defect is in a row.
    pub row: Option<usize>,
    /// Column (variable) name, when known.
    pub column: Option<String>,
}

impl ReadError {
    pub fn new(message: impl Into<String>) -> Self {
        ReadError {
            message: message.into(),
            offset: None,
            row: None,
            column: None,
        }
    }

    pub fn at(mut self, offset: u64) -> Self {
        self.offset = Some(offset);
        self
    }

    pub fn row(mut self, row: usize) -> Self {
        self.row = Some(row);
        self
    }

    pub fn column(mut self, column: impl Into<String>) -> Self {
        self.column = Some(column.into());
        self
    }
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)?;
        if let Some(c) = &self.column {
            write!(f, " (column {c})")?;
        }
        if let Some(r) = self.row {
            write!(f, " (row {r})")?;
        }
        if let Some(o) = self.offset {
            write!(f, " (byte {o})")?;
        }
        Ok(())
    }
}

/// Quotes at most `max` characters of `s` for a message, escaping control and invisible
/// characters (NUL as `\0`, zero-width space as `\u{200b}`, a BOM as `\u{feff}`) and marking
/// a cut with `…`.
pub fn excerpt(s: &str, max: usize) -> String {
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i == max {
            out.push('…');
            break;
        }
        match c {
            '\0' => out.push_str("\\0"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c.is_control()
                || matches!(
                    c,
                    '\u{200b}'
                        ..='\u{200f}'
                            | '\u{2028}'
                            | '\u{2029}'
                            | '\u{2060}'
                            | '\u{feff}'
                            | '\u{00ad}'
                ) =>
            {
                out.push_str(&format!("\\u{{{:x}}}", c as u32))
            }
            c => out.push(c),
        }
    }
    out
}
