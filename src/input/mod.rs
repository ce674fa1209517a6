//! Input: parse the three tables, map their columns to roles, validate, and build the
//! [`Trial`](crate::trial::Trial).
//!
//! * **subjects** — one row per subject: id, arm, optional baseline score; every other column is
//!   a covariate (numeric if all its non-empty cells are numbers, else categorical).
//! * **pain** — one row per subject × time: subject, time (hours), score (empty = missing);
//!   optional arm / baseline columns (e.g. ADaM `TRTP`, `BASE`) are checked against the subjects
//!   table, and a pain-table baseline fills in one the subjects table lacks; an ADaM `PARAMCD`
//!   column may hold a single parameter only.
//! * **rescue** (optional) — one row per administration: subject, time, and optionally drug,
//!   dose, opioid flag (yes/no) and morphine-equivalent dose.
//!
//! A table is delimited text ([`TableSource::Text`]: comma, semicolon or tab, detected from the
//! first records; RFC 4180 quoting; UTF-8 BOM, CRLF/CR/LF, blank lines and white space around
//! cells tolerated; a first line `sep=;` as Excel writes it is honoured) or typed columns
//! ([`TableSource::Columns`]). Empty cells, `NA`, `N/A` and `.` are missing values. Column headers
//! are recognised by alias, including CDISC ADaM names (see [`Role::aliases`]); the user can name
//! the column of any role ([`ColumnOverrides`]).
//!
//! Every defect found is reported (up to 50 per table) as an [`InputError`] naming the table,
//! the physical line where the record starts (header = line 1) and the column; no `Trial` is
//! built while any remains.

mod build;
mod columns;
mod csv;
mod datetime;
pub(crate) mod filter;
mod lookup;
mod pain;
mod rescue;
mod subjects;
mod table;
mod timepoint;
mod times;

/// [`build_trial`] reporting its progress ([`Phase::Parsing`](crate::progress::Phase)).
pub(crate) use build::build_trial as build_trial_with_progress;

pub use columns::{table_roles, Role};
pub use csv::Delimiter;

use crate::error::{InputError, Table};
use crate::progress::Reporter;
use crate::trial::{Scale, Trial};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One input table as given.
#[derive(Debug, Clone, PartialEq)]
pub enum TableSource {
    /// Delimited text (CSV, semicolon-separated, tab-separated as a spreadsheet's clipboard gives).
    Text(String),
    /// Named columns of equal length, in table order. Row `i` (0-based) is reported as line
    /// `i + 2`, as if the names were line 1.
    Columns(Vec<(String, ColumnData)>),
}

/// One typed column.
#[derive(Debug, Clone, PartialEq)]
pub enum ColumnData {
    /// Numbers; NaN is an empty cell.
    Numbers(Vec<f64>),
    /// Text cells, read like the cells of a text table.
    Text(Vec<String>),
    /// SAS dates: days since 1960-01-01; NaN is an empty cell.
    Dates(Vec<f64>),
    /// SAS datetimes: seconds since 1960-01-01T00:00:00 (clock time, no zone); NaN is empty.
    Datetimes(Vec<f64>),
    /// SAS times: seconds since midnight; NaN is an empty cell.
    Times(Vec<f64>),
}

impl ColumnData {
    /// Number of cells.
    pub fn len(&self) -> usize {
        match self {
            ColumnData::Numbers(v)
            | ColumnData::Dates(v)
            | ColumnData::Datetimes(v)
            | ColumnData::Times(v) => v.len(),
            ColumnData::Text(v) => v.len(),
        }
    }

    /// Whether the column has no cells.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// How numeric cells write the decimal separator.
#[boundary]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum DecimalChoice {
    /// A comma is a decimal separator when the text's delimiter is not a comma (semicolon- and
    /// tab-separated text, as European spreadsheets write it); a point always is. Text cells of
    /// typed columns use the point only.
    #[default]
    Auto,
    /// Only the point is a decimal separator ("3,5" is not a number).
    Point,
    /// The comma is a decimal separator ("3,5" = 3.5), as is the point.
    Comma,
}

/// The pain scale: declared, or inferred from the largest score.
///
/// JSON: `"infer"`, `"nrs"`, `"vas"` or `{ "custom": { "min": 0, "max": 4 } }`.
#[boundary]
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ScaleChoice {
    /// NRS 0–10 if no score or baseline exceeds 10, else VAS 0–100 if none exceeds 100, else
    /// an error asking to declare the scale.
    #[default]
    Infer,
    /// Numeric rating scale 0–10.
    Nrs,
    /// Visual analogue scale 0–100 mm.
    Vas,
    /// Any other scale `[min, max]` (min < max, both finite).
    Custom { min: f64, max: f64 },
}

/// For each table, the header (as entered) to use for a role, when the automatic recognition
/// fails or picks the wrong column. An empty name leaves an optional role unmapped.
///
/// JSON: `{ "pain": { "score": "Schmerz", "time": "Zeit" }, "subjects": { "baseline": "" } }`.
#[boundary]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct ColumnOverrides {
    // Any subset of the roles: a plain `Record<Role, string>` would demand every role.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Partial<Record<Role, string>>"))]
    pub subjects: BTreeMap<Role, String>,
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Partial<Record<Role, string>>"))]
    pub pain: BTreeMap<Role, String>,
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Partial<Record<Role, string>>"))]
    pub rescue: BTreeMap<Role, String>,
}

/// Parsing, column, population and record-selection options; `{}` means all defaults.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct InputOptions {
    pub scale: ScaleChoice,
    pub decimal: DecimalChoice,
    pub columns: ColumnOverrides,
    /// The analysis population: `"auto"` (default: the subjects table's `FASFL`, else `ITTFL`,
    /// else `MITTFL`, when there is one; else every subject), `"none"` (every subject), or the
    /// name of a yes/no flag column of the subjects table. Subjects whose flag is not yes
    /// (no, or empty) are left out of all three tables, and counted.
    pub population: String,
    /// Conditions every analysed subject meets, on subjects-table columns
    /// (`["ANESTH = SPINAL", "LIDOVOL <= 10"]`; syntax in [`filter`]).
    pub subset: Vec<String>,
    /// Conditions on the pain table's rows (e.g. `["ANL01FL = Y"]`); other rows are left out.
    pub pain_rows: Vec<String>,
    /// Conditions on the rescue table's rows (e.g. `["CMCAT = RESCUE"]`).
    pub rescue_rows: Vec<String>,
    /// The ADaM parameter (`PARAMCD`) to analyse when the pain table holds several; empty:
    /// the only one there is.
    pub param: String,
    /// Keep derived records (rows with a non-empty `DTYPE`, e.g. LOCF rows) as if observed;
    /// by default they are left out and counted, and the analysis's own rules impute instead.
    pub derived_rows: bool,
    /// Text time points to hours, overriding or completing what is read from the text itself
    /// (`{"END OF SURGERY": "0", "PREDOSE": "baseline", "UNSCHED": "exclude"}`; see
    /// [`timepoint`]).
    pub timepoints: BTreeMap<String, String>,
    /// Display labels of columns, by column name as in the table's header (e.g. the variable
    /// labels of an XPT or Dataset-JSON file, or names typed by the user):
    /// `{"ANESTH": "Anesthesia", "LIDOVOL": "Lidocaine volume (mL)"}`. Figures and the methods
    /// text name a labelled column by its label; the data are read by column name as before.
    /// Each key is a column of the subjects, pain or rescue table; each label is 1 to
    /// [`MAX_LABEL_CHARS`] characters, without control characters. Echoed in the report's
    /// `settings.input.labels`.
    pub labels: BTreeMap<String, String>,
}

/// Longest column label, in characters (Unicode scalar values).
pub const MAX_LABEL_CHARS: usize = 200;

impl InputOptions {
    /// The label of column `name`, else the name itself.
    pub fn label_of<'a>(&'a self, name: &'a str) -> &'a str {
        self.labels.get(name).map_or(name, String::as_str)
    }

    /// `"Label (NAME)"` for a labelled column, else the name.
    pub fn label_and_name(&self, name: &str) -> String {
        match self.labels.get(name) {
            Some(l) if l != name => format!("{l} ({name})"),
            _ => name.to_string(),
        }
    }
}

impl Default for InputOptions {
    fn default() -> Self {
        InputOptions {
            scale: ScaleChoice::default(),
            decimal: DecimalChoice::default(),
            columns: ColumnOverrides::default(),
            population: "auto".into(),
            subset: Vec::new(),
            pain_rows: Vec::new(),
            rescue_rows: Vec::new(),
            param: String::new(),
            derived_rows: false,
            timepoints: BTreeMap::new(),
            labels: BTreeMap::new(),
        }
    }
}

/// Where a table's times come from.
#[boundary]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum TimeSource {
    /// A column of hours from the origin.
    Hours,
    /// A text time point, mapped to hours ([`TableMapping::timepoints`]).
    Timepoint,
    /// A datetime minus the subject's reference datetime.
    Datetime,
}

/// A value of a column with its number of rows.
#[boundary]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ValueCount {
    pub value: String,
    pub rows: usize,
}

/// How one text time point was read.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TimepointUse {
    /// The time point as written.
    pub text: String,
    /// Hours from the origin; `None` for a baseline, excluded or unread time point.
    pub hours: Option<f64>,
    /// `"hours"`, `"baseline"`, `"exclude"` or `"unknown"`.
    pub meaning: String,
    /// Whether the user's mapping gave it (else it was read from the text).
    pub given: bool,
    pub rows: usize,
}

/// A role and the header that holds it.
#[boundary]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RoleColumn {
    pub role: Role,
    pub header: String,
}

/// How a table was read: its headers, which header was taken for which role, how the text was
/// split; for the page to show and to offer other choices.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TableMapping {
    /// All headers as entered (trimmed), in table order.
    pub headers: Vec<String>,
    /// Roles found, in the table's role order (see [`table_roles`]).
    pub roles: Vec<RoleColumn>,
    /// Required roles for which no column was found.
    pub missing: Vec<Role>,
    /// Optional roles of the table with no column, which the user may assign.
    pub unassigned: Vec<Role>,
    /// The delimiter of a text table; `None` for typed columns.
    pub delimiter: Option<Delimiter>,
    /// Whether a comma was read as a decimal separator.
    pub decimal_comma: bool,
    /// Number of data rows (blank rows not counted).
    pub rows: usize,
    /// Where the times come from (pain and rescue tables; `None` without a time column).
    pub time_source: Option<TimeSource>,
    /// The parameters of a `PARAMCD` column with their rows (at most 100 listed).
    pub params: Vec<ValueCount>,
    /// Text time points and their hours (at most 200 listed), when times come from them.
    pub timepoints: Vec<TimepointUse>,
    /// Headers that look like ADaM yes/no flags (ending in `FL`), for population and record
    /// choices.
    pub flags: Vec<String>,
}

/// Counts of what was read.
#[boundary]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InputCounts {
    pub subjects: usize,
    pub pain_rows: usize,
    /// Pain rows whose score is empty.
    pub missing_scores: usize,
    pub rescue_rows: usize,
}

/// Number of subjects of one arm.
#[boundary]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ArmCount {
    pub arm: String,
    pub subjects: usize,
}

/// Something worth knowing that does not stop the analysis.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InputWarning {
    pub table: Table,
    pub message: String,
}

/// Who was analysed: the population flag and subset conditions, and what they left out.
#[boundary]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Population {
    /// The flag column used, if any.
    pub flag: Option<String>,
    /// Whether the flag was chosen automatically (`population: "auto"`).
    pub auto: bool,
    /// Subset conditions applied, as written.
    pub subset: Vec<String>,
    /// Subjects in the subjects table (rows with an id).
    pub subjects_in_table: usize,
    /// Subjects left out because their flag was not yes.
    pub excluded_by_flag: usize,
    /// Subjects left out by a subset condition (including those with no value for it).
    pub excluded_by_subset: usize,
    /// Pain rows of subjects left out (rows of the analysed parameter and records; rows left
    /// out for another reason first are counted with that reason).
    pub pain_rows_excluded: usize,
    /// Rescue rows of subjects left out.
    pub rescue_rows_excluded: usize,
}

/// Something the input layer decided for the user, in words, with its count.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InputNote {
    pub table: Table,
    /// A short code: `population`, `subset`, `param`, `derived`, `rowFilter`, `baselineRows`,
    /// `beforeOrigin`, `timepoints`, `timeSource`, `excludedTimepoint`.
    pub code: String,
    pub message: String,
    /// Rows or subjects concerned.
    pub count: usize,
}

/// What the input layer read and decided.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InputSummary {
    pub subjects: TableMapping,
    pub pain: TableMapping,
    /// `None` when no rescue table (or an empty one) was given.
    pub rescue: Option<TableMapping>,
    pub scale: Scale,
    /// "NRS 0–10", "VAS 0–100" or "custom 1–5".
    pub scale_label: String,
    /// Whether the scale was inferred from the data rather than declared.
    pub scale_inferred: bool,
    pub counts: InputCounts,
    /// Arms in order of first appearance, with their sizes.
    pub arms: Vec<ArmCount>,
    pub warnings: Vec<InputWarning>,
    /// The analysis population and what it left out.
    pub population: Population,
    /// Every choice made for the user (filters, parameter, derived rows, baseline rows, time
    /// source and time-point mapping), with counts; for the report and the methods text.
    pub notes: Vec<InputNote>,
}

/// Parses and validates the three tables and builds the [`Trial`].
///
/// Subjects keep the order of the subjects table; arms are numbered in order of first
/// appearance; pain observations and rescue events are sorted by time within subject (rescue
/// ties keep table order). The rescue table may be absent or empty (no subject had rescue).
/// All defects found are returned (at most 50 per table, then a count), sorted by table and line.
pub fn build_trial(
    subjects: &TableSource,
    pain: &TableSource,
    rescue: Option<&TableSource>,
    opts: &InputOptions,
) -> Result<(Trial, InputSummary), Vec<InputError>> {
    build::build_trial(
        subjects,
        pain,
        rescue,
        opts,
        &mut Reporter::new(&mut |_| {}),
    )
}

/// Reads one table's header and counts its rows, without validating the data: what the page
/// needs to offer a choice of columns when a role is not recognised ([`TableMapping::missing`]).
/// Fails only when the table is empty or unreadable, or an override names no column.
pub fn describe_table(
    table: Table,
    source: &TableSource,
    opts: &InputOptions,
) -> Result<TableMapping, Vec<InputError>> {
    build::describe_table(table, source, opts)
}
