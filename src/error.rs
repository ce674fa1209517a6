//! Errors as values. Input defects name the table, the line (1-based, counting the header as
//! line 1, as a spreadsheet shows it) and the column; statistical failures name the statistic.

use serde::Serialize;
use std::fmt;

/// Which of the three input tables an error concerns.
#[boundary]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Table {
    Subjects,
    Pain,
    Rescue,
}

impl Table {
    pub fn name(self) -> &'static str {
        match self {
            Table::Subjects => "subjects",
            Table::Pain => "pain",
            Table::Rescue => "rescue",
        }
    }
}

/// A defect in the user's input: where it is and what was expected there.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InputError {
    pub table: Table,
    /// 1-based line in the table as entered (the header is line 1); `None` for whole-table defects.
    pub line: Option<usize>,
    /// Column header as entered (or the role, when the column is missing).
    pub column: Option<String>,
    pub message: String,
    /// The full list behind a summarised message (e.g. every subject id of another table that
    /// is not in the subjects table, with its first line and rows), for download; empty
    /// otherwise.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub details: Vec<String>,
}

impl InputError {
    pub fn new(table: Table, message: impl Into<String>) -> Self {
        InputError {
            table,
            line: None,
            column: None,
            message: message.into(),
            details: Vec::new(),
        }
    }
    pub fn at(
        table: Table,
        line: usize,
        column: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        InputError {
            table,
            line: Some(line),
            column: Some(column.into()),
            message: message.into(),
            details: Vec::new(),
        }
    }
    pub fn line(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }
    pub fn column(mut self, column: impl Into<String>) -> Self {
        self.column = Some(column.into());
        self
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} table", self.table.name())?;
        if let Some(l) = self.line {
            write!(f, ", line {l}")?;
        }
        if let Some(c) = &self.column {
            write!(f, ", column \"{c}\"")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for InputError {}

/// A statistic that cannot be computed on the data given (too few values, zero variance, ...).
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatError {
    pub statistic: &'static str,
    pub message: String,
}

impl StatError {
    pub fn new(statistic: &'static str, message: impl Into<String>) -> Self {
        StatError {
            statistic,
            message: message.into(),
        }
    }
}

impl fmt::Display for StatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.statistic, self.message)
    }
}

impl std::error::Error for StatError {}

/// Everything that can stop an analysis: one or more input defects (all that were found, so the
/// user can fix them in one go), or an option that makes no sense.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum AnalysisError {
    Input { errors: Vec<InputError> },
    Options { message: String },
}

impl fmt::Display for AnalysisError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AnalysisError::Input { errors } => {
                for (i, e) in errors.iter().enumerate() {
                    if i > 0 {
                        writeln!(f)?;
                    }
                    write!(f, "{e}")?;
                }
                Ok(())
            }
            AnalysisError::Options { message } => write!(f, "options: {message}"),
        }
    }
}

impl std::error::Error for AnalysisError {}

impl From<InputError> for AnalysisError {
    fn from(e: InputError) -> Self {
        AnalysisError::Input { errors: vec![e] }
    }
}
impl From<Vec<InputError>> for AnalysisError {
    fn from(errors: Vec<InputError>) -> Self {
        AnalysisError::Input { errors }
    }
}
