//! Validation and assembly of the [`Trial`] from the three opened tables.

use super::columns::{self, missing_message, overrides_of, Mapping, Role};
use super::table::{self, parse_flag, Cell, Errors, Num, Opened};
use super::{
    ArmCount, ColumnData, InputCounts, InputOptions, InputSummary, InputWarning, RoleColumn,
    ScaleChoice, TableMapping, TableSource,
};
use crate::error::{InputError, Table};
use crate::progress::{Phase, Reporter};
use crate::trial::{CovariateValue, PainObs, RescueEvent, Scale, Subject, Trial};
use std::collections::HashMap;

/// Most distinct unknown subject ids reported one by one per table.
const MAX_UNKNOWN_REPORTED: usize = 60;

/// A table opened and its columns mapped.
struct Prepared<'a> {
    opened: Opened<'a>,
    mapping: Mapping,
}

impl Prepared<'_> {
    fn header(&self, role: Role) -> String {
        self.mapping
            .get(role)
            .and_then(|c| self.opened.headers.get(c))
            .cloned()
            .unwrap_or_else(|| role.name().to_string())
    }

    fn describe(&self, table: Table, rows: usize) -> TableMapping {
        TableMapping {
            headers: self.opened.headers.clone(),
            roles: self
                .mapping
                .assigned(table)
                .into_iter()
                .map(|(role, c)| RoleColumn {
                    role,
                    header: self.opened.headers.get(c).cloned().unwrap_or_default(),
                })
                .collect(),
            missing: self.mapping.missing.clone(),
            delimiter: self.opened.delimiter,
            decimal_comma: self.opened.decimal_comma,
            rows,
        }
    }
}

/// Opens a table and maps its columns; `Ok(None)` for an empty table. Override defects go to
/// `errs`; missing roles stay in the mapping.
fn prepare<'a>(
    table: Table,
    source: &'a TableSource,
    opts: &InputOptions,
    errs: &mut Errors,
) -> Result<Option<Prepared<'a>>, ()> {
    let opened = match table::open(table, source, opts.decimal) {
        Ok(Some(o)) => o,
        Ok(None) => return Ok(None),
        Err(e) => {
            errs.push(e);
            return Err(());
        }
    };
    let mut override_errs = Vec::new();
    let mapping = columns::resolve(
        table,
        &opened.headers,
        overrides_of(&opts.columns, table),
        opened.header_line,
        &mut override_errs,
    );
    let bad_overrides = !override_errs.is_empty();
    for e in override_errs {
        errs.push(e);
    }
    if bad_overrides {
        return Err(());
    }
    Ok(Some(Prepared { opened, mapping }))
}

pub(super) fn describe_table(
    table: Table,
    source: &TableSource,
    opts: &InputOptions,
) -> Result<TableMapping, Vec<InputError>> {
    let mut errs = Errors::default();
    match prepare(table, source, opts, &mut errs) {
        Ok(Some(mut p)) => {
            let mut ignored = Errors::default();
            let rows = p
                .opened
                .for_each_row(table, &mut ignored, &mut |_| {}, |_, _, _| {});
            Ok(p.describe(table, rows))
        }
        Ok(None) => Err(vec![InputError::new(
            table,
            format!("the {} table is empty", table.name()),
        )]),
        Err(()) => Err(errs.finish()),
    }
}

fn push_missing(p: &Prepared<'_>, table: Table, errs: &mut Errors) {
    for &role in &p.mapping.missing {
        errs.push(
            InputError::new(table, missing_message(table, role, &p.opened.headers))
                .line(p.opened.header_line)
                .column(role.name()),
        );
    }
}

fn scale_label(s: Scale) -> String {
    if s == Scale::NRS {
        "NRS 0–10".to_string()
    } else if s == Scale::VAS {
        "VAS 0–100".to_string()
    } else {
        format!("custom {}–{}", s.min, s.max)
    }
}

fn quoted_list(ids: &[&str], total: usize) -> String {
    let shown: Vec<String> = ids.iter().map(|s| format!("\"{s}\"")).collect();
    if total > ids.len() {
        format!("{}, …", shown.join(", "))
    } else {
        shown.join(", ")
    }
}

// ----------------------------------------------------------------------------------------------
// Subjects

struct SubjectDraft {
    id: String,
    line: usize,
    arm: Option<usize>,
    baseline: Option<f64>,
}

/// A covariate cell before the column's type is decided.
enum RawCov {
    Missing,
    Num(f64),
    Text(String),
}

struct SubjectsStage {
    mapping: Option<TableMapping>,
    drafts: Vec<SubjectDraft>,
    index: HashMap<String, usize>,
    arms: Vec<String>,
    covariates: Vec<String>,
    cov_values: Vec<Vec<CovariateValue>>,
    /// Whether subject ids could be read, so that other tables can be checked against them.
    usable: bool,
    has_baseline: bool,
    baseline_header: String,
}

fn read_subjects(
    source: &TableSource,
    opts: &InputOptions,
    errs: &mut Errors,
    progress: &mut dyn FnMut(usize),
) -> SubjectsStage {
    let t = Table::Subjects;
    let mut st = SubjectsStage {
        mapping: None,
        drafts: Vec::new(),
        index: HashMap::new(),
        arms: Vec::new(),
        covariates: Vec::new(),
        cov_values: Vec::new(),
        usable: false,
        has_baseline: false,
        baseline_header: String::new(),
    };
    let mut p = match prepare(t, source, opts, errs) {
        Ok(Some(p)) => p,
        Ok(None) => {
            errs.push(InputError::new(t, "the subjects table is empty"));
            return st;
        }
        Err(()) => return st,
    };
    push_missing(&p, t, errs);
    let (Some(id_col), arm_col) = (p.mapping.get(Role::Subject), p.mapping.get(Role::Arm)) else {
        st.mapping = Some(p.describe(t, 0));
        return st;
    };
    let base_col = p.mapping.get(Role::Baseline);
    st.has_baseline = base_col.is_some();
    st.baseline_header = p.header(Role::Baseline);
    let id_h = p.header(Role::Subject);
    let arm_h = p.header(Role::Arm);
    let dc = p.opened.decimal_comma;

    // Covariates: every other column with a header; names must be unique.
    let headers = p.opened.headers.clone();
    let mut cov_cols = Vec::new();
    for (c, h) in headers.iter().enumerate() {
        if h.is_empty() || p.mapping.uses(c) {
            continue;
        }
        if let Some(first) = headers.iter().position(|x| x == h) {
            if first < c {
                errs.push(
                    InputError::new(
                        t,
                        format!(
                            "two columns are named \"{h}\" (columns {} and {}); rename one",
                            first + 1,
                            c + 1
                        ),
                    )
                    .line(p.opened.header_line)
                    .column(h.as_str()),
                );
                continue;
            }
        }
        cov_cols.push(c);
        st.covariates.push(h.clone());
    }
    let mut raw: Vec<Vec<RawCov>> = cov_cols.iter().map(|_| Vec::new()).collect();
    let mut buf = String::new();
    let rows = p.opened.for_each_row(t, errs, progress, |errs, line, row| {
        let id = row.cell(id_col).text(&mut buf).to_string();
        if id.is_empty() {
            errs.push(InputError::at(
                t,
                line,
                id_h.as_str(),
                "the subject id is empty",
            ));
        }
        let arm_label = arm_col.map(|c| row.cell(c).text(&mut buf).to_string());
        if arm_label.as_deref() == Some("") {
            errs.push(InputError::at(t, line, arm_h.as_str(), "the arm is empty"));
        }
        let baseline = match base_col.map(|c| row.cell(c)) {
            None => None,
            Some(cell) => match cell.num(dc) {
                Num::Missing => None,
                Num::Value(x) => Some(x),
                Num::Invalid => {
                    errs.push(InputError::at(
                        t,
                        line,
                        st.baseline_header.as_str(),
                        format!("the baseline \"{}\" is not a number", cell.shown()),
                    ));
                    None
                }
            },
        };
        for (k, &c) in cov_cols.iter().enumerate() {
            let v = match row.cell(c) {
                cell if cell.is_missing() => RawCov::Missing,
                Cell::Num(x) => RawCov::Num(x),
                Cell::Str(s) => RawCov::Text(s.to_string()),
            };
            if let Some(col) = raw.get_mut(k) {
                col.push(v);
            }
        }
        if id.is_empty() {
            return;
        }
        if let Some(first) = st.index.get(&id).and_then(|&k| st.drafts.get(k)) {
            errs.push(InputError::at(
                t,
                line,
                id_h.as_str(),
                format!(
                    "the subject id \"{id}\" appears twice (first on line {})",
                    first.line
                ),
            ));
            return;
        }
        let arm = arm_label.filter(|a| !a.is_empty()).map(|label| {
            match st.arms.iter().position(|a| *a == label) {
                Some(i) => i,
                None => {
                    st.arms.push(label);
                    st.arms.len() - 1
                }
            }
        });
        st.index.insert(id.clone(), st.drafts.len());
        st.drafts.push(SubjectDraft {
            id,
            line,
            arm,
            baseline,
        });
    });
    st.usable = rows > 0;
    st.mapping = Some(p.describe(t, rows));
    if rows == 0 {
        errs.push(InputError::new(
            t,
            "the subjects table has a header but no data rows",
        ));
        return st;
    }

    // Covariate types: numeric when every non-missing cell is a number.
    for col in raw {
        let numeric = col.iter().all(|v| match v {
            RawCov::Text(s) => table::parse_number(s, dc).is_some(),
            _ => true,
        });
        st.cov_values.push(
            col.into_iter()
                .map(|v| match v {
                    RawCov::Missing => CovariateValue::Missing,
                    RawCov::Num(x) => CovariateValue::Number(x),
                    RawCov::Text(s) if numeric => table::parse_number(&s, dc)
                        .map_or(CovariateValue::Missing, CovariateValue::Number),
                    RawCov::Text(s) => CovariateValue::Level(s),
                })
                .collect(),
        );
    }

    // Arm sizes.
    let mut sizes = vec![0usize; st.arms.len()];
    for d in &st.drafts {
        if let Some(n) = d.arm.and_then(|a| sizes.get_mut(a)) {
            *n += 1;
        }
    }
    for (a, &n) in sizes.iter().enumerate() {
        if n < 2 {
            let label = st.arms.get(a).map(String::as_str).unwrap_or("");
            let line = st.drafts.iter().find(|d| d.arm == Some(a)).map(|d| d.line);
            let mut e = InputError::new(
                t,
                format!(
                    "the arm \"{label}\" has only {n} subject(s); every arm needs at least two (a typing error in the arm label?)"
                ),
            )
            .column(arm_h.as_str());
            e.line = line;
            errs.push(e);
        }
    }
    st
}

// ----------------------------------------------------------------------------------------------
// Pain and rescue: rows refer to subjects.

/// Finds the subject of a row, remembering the previous one (rows usually come grouped).
struct Lookup<'s> {
    index: &'s HashMap<String, usize>,
    buf: String,
    last: Option<(String, usize)>,
}

enum Found {
    Subject(usize),
    Unknown,
    Empty,
}

impl<'s> Lookup<'s> {
    fn new(index: &'s HashMap<String, usize>) -> Self {
        Lookup {
            index,
            buf: String::new(),
            last: None,
        }
    }

    fn find(&mut self, cell: Cell<'_>) -> Found {
        // Fast path: the same subject as the previous row, compared without copying the cell
        // (a stored id is never a missing-value text such as "NA", so `text` would not change
        // a matching cell).
        if let (Cell::Str(s), Some((last, i))) = (cell, &self.last) {
            if last == s {
                return Found::Subject(*i);
            }
        }
        let id = cell.text(&mut self.buf);
        if id.is_empty() {
            return Found::Empty;
        }
        if let Some((last, i)) = &self.last {
            if last == id {
                return Found::Subject(*i);
            }
        }
        match self.index.get(id) {
            Some(&i) => {
                match &mut self.last {
                    Some((s, j)) => {
                        s.clear();
                        s.push_str(id);
                        *j = i;
                    }
                    None => self.last = Some((id.to_string(), i)),
                }
                Found::Subject(i)
            }
            None => Found::Unknown,
        }
    }

    fn id(&self) -> &str {
        &self.buf
    }
}

/// Ids of rows whose subject is not in the subjects table.
#[derive(Default)]
struct Unknown {
    ids: Vec<(String, usize, usize)>,
    pos: HashMap<String, usize>,
    other_rows: usize,
}

impl Unknown {
    fn add(&mut self, id: &str, line: usize) {
        if let Some(&k) = self.pos.get(id) {
            if let Some(e) = self.ids.get_mut(k) {
                e.2 += 1;
            }
        } else if self.ids.len() < MAX_UNKNOWN_REPORTED {
            self.pos.insert(id.to_string(), self.ids.len());
            self.ids.push((id.to_string(), line, 1));
        } else {
            self.other_rows += 1;
        }
    }

    fn report(self, t: Table, column: &str, errs: &mut Errors) {
        for (id, line, n) in self.ids {
            let rows = if n == 1 {
                String::new()
            } else {
                format!(" ({n} rows)")
            };
            errs.push(InputError::at(
                t,
                line,
                column,
                format!("the subject \"{id}\" is not in the subjects table{rows}"),
            ));
        }
        if self.other_rows > 0 {
            errs.push(
                InputError::new(
                    t,
                    format!(
                        "{} more rows belong to other subjects that are not in the subjects table",
                        self.other_rows
                    ),
                )
                .column(column),
            );
        }
    }
}

/// Reads a time cell: required, a number, ≥ 0.
fn read_time(
    cell: Cell<'_>,
    dc: bool,
    t: Table,
    line: usize,
    col: &str,
    errs: &mut Errors,
) -> Option<f64> {
    match cell.num(dc) {
        Num::Value(x) if x >= 0.0 => Some(x),
        Num::Value(x) => {
            errs.push(InputError::at(
                t,
                line,
                col,
                format!("the time {x} is negative (hours from the time origin)"),
            ));
            None
        }
        Num::Missing => {
            errs.push(InputError::at(t, line, col, "the time is empty"));
            None
        }
        Num::Invalid => {
            errs.push(InputError::at(
                t,
                line,
                col,
                format!(
                    "the time \"{}\" is not a number (hours from the time origin)",
                    cell.shown()
                ),
            ));
            None
        }
    }
}

/// Checks an optional arm cell against the subject's arm (once per subject).
#[allow(clippy::too_many_arguments)]
fn check_arm(
    cell: Cell<'_>,
    subj: &SubjectsStage,
    i: usize,
    reported: &mut [bool],
    buf: &mut String,
    t: Table,
    line: usize,
    col: &str,
    errs: &mut Errors,
) {
    let label = cell.text(buf);
    if label.is_empty() || reported.get(i).copied().unwrap_or(true) {
        return;
    }
    let Some(d) = subj.drafts.get(i) else { return };
    let Some(expected) = d.arm.and_then(|a| subj.arms.get(a)) else {
        return;
    };
    if expected != label {
        errs.push(InputError::at(
            t,
            line,
            col,
            format!(
                "the subject \"{}\" is in arm \"{label}\" here but in arm \"{expected}\" in the subjects table",
                d.id
            ),
        ));
        if let Some(r) = reported.get_mut(i) {
            *r = true;
        }
    }
}

struct PainStage {
    mapping: Option<TableMapping>,
    /// Per subject, in table order; `lines` holds the line of each observation.
    obs: Vec<Vec<PainObs>>,
    lines: Vec<Vec<u32>>,
    /// Baselines given in the pain table: (value, line).
    baselines: Vec<Option<(f64, usize)>>,
    rows: usize,
    missing_scores: usize,
    score_header: String,
    time_header: String,
    baseline_header: String,
}

fn read_pain(
    source: &TableSource,
    opts: &InputOptions,
    subj: &SubjectsStage,
    errs: &mut Errors,
    progress: &mut dyn FnMut(usize),
) -> PainStage {
    let t = Table::Pain;
    let n = subj.drafts.len();
    let mut st = PainStage {
        mapping: None,
        obs: vec![Vec::new(); n],
        lines: vec![Vec::new(); n],
        baselines: vec![None; n],
        rows: 0,
        missing_scores: 0,
        score_header: String::new(),
        time_header: String::new(),
        baseline_header: String::new(),
    };
    let mut p = match prepare(t, source, opts, errs) {
        Ok(Some(p)) => p,
        Ok(None) => {
            errs.push(InputError::new(t, "the pain table is empty"));
            return st;
        }
        Err(()) => return st,
    };
    push_missing(&p, t, errs);
    let (Some(id_col), Some(time_col), Some(score_col)) = (
        p.mapping.get(Role::Subject),
        p.mapping.get(Role::Time),
        p.mapping.get(Role::Score),
    ) else {
        st.mapping = Some(p.describe(t, 0));
        return st;
    };
    let arm_col = p.mapping.get(Role::Arm).filter(|_| subj.usable);
    let base_col = p.mapping.get(Role::Baseline);
    let param_col = p.mapping.get(Role::Param);
    let id_h = p.header(Role::Subject);
    let arm_h = p.header(Role::Arm);
    let param_h = p.header(Role::Param);
    st.time_header = p.header(Role::Time);
    st.score_header = p.header(Role::Score);
    st.baseline_header = p.header(Role::Baseline);
    let dc = p.opened.decimal_comma;

    let mut lookup = Lookup::new(&subj.index);
    let mut unknown = Unknown::default();
    let mut arm_reported = vec![false; n];
    let mut base_reported = vec![false; n];
    let mut params: Vec<(String, usize)> = Vec::new();
    let mut buf = String::new();
    let mut missing_scores = 0usize;
    let obs = &mut st.obs;
    let obs_lines = &mut st.lines;
    // Rows of the previous subject: the capacity reserved for the next one (subjects usually
    // share a schedule), so that the vectors neither grow step by step nor keep spare room.
    let mut typical = 0usize;
    let baselines = &mut st.baselines;
    let (time_h, score_h, base_h) = (&st.time_header, &st.score_header, &st.baseline_header);

    let rows = p.opened.for_each_row(t, errs, progress, |errs, line, row| {
        let subject = match lookup.find(row.cell(id_col)) {
            Found::Subject(i) => Some(i),
            Found::Empty => {
                errs.push(InputError::at(t, line, id_h.as_str(), "the subject id is empty"));
                None
            }
            Found::Unknown => {
                if subj.usable {
                    unknown.add(lookup.id(), line);
                }
                None
            }
        };
        let time = read_time(row.cell(time_col), dc, t, line, time_h, errs);
        let score_cell = row.cell(score_col);
        let score = match score_cell.num(dc) {
            Num::Missing => {
                missing_scores += 1;
                Some(None)
            }
            Num::Value(x) => Some(Some(x)),
            Num::Invalid => {
                errs.push(InputError::at(
                    t,
                    line,
                    score_h.as_str(),
                    format!("the score \"{}\" is not a number (leave the cell empty for a missing score)", score_cell.shown()),
                ));
                None
            }
        };
        if let Some(c) = param_col {
            let v = row.cell(c).text(&mut buf);
            if !v.is_empty() && params.len() < 10 && !params.iter().any(|(p, _)| p == v) {
                params.push((v.to_string(), line));
            }
        }
        let Some(i) = subject else { return };
        if let Some(c) = arm_col {
            check_arm(row.cell(c), subj, i, &mut arm_reported, &mut buf, t, line, &arm_h, errs);
        }
        if let Some(c) = base_col {
            let cell = row.cell(c);
            match cell.num(dc) {
                Num::Missing => {}
                Num::Invalid => errs.push(InputError::at(
                    t,
                    line,
                    base_h.as_str(),
                    format!("the baseline \"{}\" is not a number", cell.shown()),
                )),
                Num::Value(x) => {
                    let reported = base_reported.get(i).copied().unwrap_or(true);
                    let id = subj.drafts.get(i).map(|d| d.id.as_str()).unwrap_or("");
                    let given = subj.drafts.get(i).and_then(|d| d.baseline);
                    let conflict = match baselines.get_mut(i) {
                        Some(Some((b, l))) => (*b != x).then(|| format!("{b} on line {l}")),
                        Some(slot) => {
                            *slot = Some((x, line));
                            given.filter(|&g| g != x).map(|g| format!("{g} in the subjects table"))
                        }
                        None => None,
                    };
                    if let (Some(other), false) = (conflict, reported) {
                        errs.push(InputError::at(
                            t,
                            line,
                            base_h.as_str(),
                            format!("the baseline of subject \"{id}\" is {x} here but {other}"),
                        ));
                        if let Some(r) = base_reported.get_mut(i) {
                            *r = true;
                        }
                    }
                }
            }
        }
        if let (Some(time), Some(score)) = (time, score) {
            if let (Some(v), Some(l)) = (obs.get_mut(i), obs_lines.get_mut(i)) {
                if v.capacity() == 0 {
                    v.reserve_exact(typical.max(1));
                    l.reserve_exact(typical.max(1));
                }
                v.push(PainObs { time, score });
                l.push(u32::try_from(line).unwrap_or(u32::MAX));
                typical = v.len();
            }
        }
    });
    st.rows = rows;
    st.missing_scores = missing_scores;
    unknown.report(t, &id_h, errs);
    if params.len() > 1 {
        let names: Vec<&str> = params.iter().map(|(p, _)| p.as_str()).collect();
        errs.push(
            InputError::new(
                t,
                format!(
                    "the pain table holds several parameters ({}: {}); keep only the rows of the pain-intensity parameter",
                    param_h,
                    quoted_list(&names, names.len())
                ),
            )
            .line(params.get(1).map(|p| p.1).unwrap_or(0))
            .column(param_h.as_str()),
        );
    }
    st.mapping = Some(p.describe(t, rows));
    if rows == 0 {
        errs.push(InputError::new(
            t,
            "the pain table has a header but no data rows",
        ));
    }
    st
}

struct RescueStage {
    mapping: Option<TableMapping>,
    events: Vec<Vec<RescueEvent>>,
    rows: usize,
}

fn read_rescue(
    source: Option<&TableSource>,
    opts: &InputOptions,
    subj: &SubjectsStage,
    errs: &mut Errors,
    progress: &mut dyn FnMut(usize),
) -> RescueStage {
    let t = Table::Rescue;
    let n = subj.drafts.len();
    let mut st = RescueStage {
        mapping: None,
        events: vec![Vec::new(); n],
        rows: 0,
    };
    let Some(source) = source else { return st };
    let mut p = match prepare(t, source, opts, errs) {
        Ok(Some(p)) => p,
        Ok(None) | Err(()) => return st,
    };
    let (Some(id_col), Some(time_col)) = (p.mapping.get(Role::Subject), p.mapping.get(Role::Time))
    else {
        // A header without rows is an empty rescue table, whatever its columns.
        let mut none = Errors::default();
        let rows = p
            .opened
            .for_each_row(t, &mut none, &mut |_| {}, |_, _, _| {});
        if rows > 0 {
            push_missing(&p, t, errs);
        }
        st.mapping = Some(p.describe(t, rows));
        return st;
    };
    let id_h = p.header(Role::Subject);
    let time_h = p.header(Role::Time);
    let dose_h = p.header(Role::Dose);
    let mme_h = p.header(Role::Mme);
    let opioid_h = p.header(Role::Opioid);
    let arm_h = p.header(Role::Arm);
    let drug_col = p.mapping.get(Role::Drug);
    let dose_col = p.mapping.get(Role::Dose);
    let opioid_col = p.mapping.get(Role::Opioid);
    let mme_col = p.mapping.get(Role::Mme);
    let arm_col = p.mapping.get(Role::Arm).filter(|_| subj.usable);
    let dc = p.opened.decimal_comma;

    let mut lookup = Lookup::new(&subj.index);
    let mut unknown = Unknown::default();
    let mut arm_reported = vec![false; n];
    let mut buf = String::new();
    let events = &mut st.events;

    let number =
        |cell: Cell<'_>, what: &str, col: &str, line: usize, errs: &mut Errors| -> Option<f64> {
            match cell.num(dc) {
                Num::Missing => None,
                Num::Value(x) if x >= 0.0 => Some(x),
                Num::Value(x) => {
                    errs.push(InputError::at(
                        t,
                        line,
                        col,
                        format!("the {what} {x} is negative"),
                    ));
                    None
                }
                Num::Invalid => {
                    errs.push(InputError::at(
                        t,
                        line,
                        col,
                        format!("the {what} \"{}\" is not a number", cell.shown()),
                    ));
                    None
                }
            }
        };

    let rows = p.opened.for_each_row(t, errs, progress, |errs, line, row| {
        let subject = match lookup.find(row.cell(id_col)) {
            Found::Subject(i) => Some(i),
            Found::Empty => {
                errs.push(InputError::at(
                    t,
                    line,
                    id_h.as_str(),
                    "the subject id is empty",
                ));
                None
            }
            Found::Unknown => {
                if subj.usable {
                    unknown.add(lookup.id(), line);
                }
                None
            }
        };
        let time = read_time(row.cell(time_col), dc, t, line, &time_h, errs);
        let drug = drug_col
            .map(|c| row.cell(c).text(&mut buf).to_string())
            .filter(|s| !s.is_empty());
        let dose = dose_col.and_then(|c| number(row.cell(c), "dose", &dose_h, line, errs));
        let mme = mme_col
            .and_then(|c| number(row.cell(c), "morphine-equivalent dose", &mme_h, line, errs));
        let opioid = match opioid_col.map(|c| row.cell(c)) {
            None => None,
            Some(cell) => match parse_flag(cell) {
                Ok(v) => v,
                Err(()) => {
                    errs.push(InputError::at(
                        t,
                        line,
                        opioid_h.as_str(),
                        format!(
                            "the opioid flag \"{}\" is not one of yes/no, y/n, true/false, 1/0",
                            cell.shown()
                        ),
                    ));
                    None
                }
            },
        };
        let Some(i) = subject else { return };
        if let Some(c) = arm_col {
            check_arm(
                row.cell(c),
                subj,
                i,
                &mut arm_reported,
                &mut buf,
                t,
                line,
                &arm_h,
                errs,
            );
        }
        if let (Some(time), Some(v)) = (time, events.get_mut(i)) {
            v.push(RescueEvent {
                time,
                drug,
                dose,
                opioid,
                mme,
            });
        }
    });
    st.rows = rows;
    unknown.report(t, &id_h, errs);
    st.mapping = Some(p.describe(t, rows));
    st
}

// ----------------------------------------------------------------------------------------------
// Scale, ordering, assembly.

/// The declared scale, or the one inferred from the largest value (`None` if there is none).
fn decide_scale(
    choice: ScaleChoice,
    max: Option<f64>,
    score_h: &str,
    errs: &mut Errors,
) -> Option<(Scale, bool)> {
    match choice {
        ScaleChoice::Nrs => Some((Scale::NRS, false)),
        ScaleChoice::Vas => Some((Scale::VAS, false)),
        ScaleChoice::Custom { min, max } => Some((Scale { min, max }, false)),
        ScaleChoice::Infer => match max {
            None => Some((Scale::NRS, true)),
            Some(m) if m <= 10.0 => Some((Scale::NRS, true)),
            Some(m) if m <= 100.0 => Some((Scale::VAS, true)),
            Some(m) => {
                errs.push(
                    InputError::new(
                        Table::Pain,
                        format!(
                            "the largest score is {m}, above 100: declare the scale (NRS 0–10, VAS 0–100 or a custom range)"
                        ),
                    )
                    .column(score_h),
                );
                None
            }
        },
    }
}

/// Size of a table for progress reports: bytes of text, or rows of typed columns.
fn source_size(source: &TableSource) -> usize {
    match source {
        TableSource::Text(text) => text.len(),
        TableSource::Columns(cols) => cols.first().map_or(0, |(_, c)| match c {
            ColumnData::Numbers(v) => v.len(),
            ColumnData::Text(v) => v.len(),
        }),
    }
}

/// Sorts one subject's observations by time, ties in line order, with their lines (rows
/// usually come sorted already: then nothing moves).
fn sort_by_time(obs: &mut [PainObs], lines: &mut [u32]) {
    let sorted = obs
        .windows(2)
        .zip(lines.windows(2))
        .all(|(o, l)| match (o, l) {
            ([a, b], [la, lb]) => a.time.total_cmp(&b.time).then(la.cmp(lb)).is_le(),
            _ => true,
        });
    if sorted || obs.len() != lines.len() {
        return;
    }
    let mut pairs: Vec<(PainObs, u32)> = obs.iter().copied().zip(lines.iter().copied()).collect();
    pairs.sort_by(|a, b| a.0.time.total_cmp(&b.0.time).then(a.1.cmp(&b.1)));
    for ((o, l), (po, pl)) in obs.iter_mut().zip(lines.iter_mut()).zip(pairs) {
        *o = po;
        *l = pl;
    }
}

pub(crate) fn build_trial(
    subjects: &TableSource,
    pain: &TableSource,
    rescue: Option<&TableSource>,
    opts: &InputOptions,
    reporter: &mut Reporter<'_>,
) -> Result<(Trial, InputSummary), Vec<InputError>> {
    let sizes = [
        source_size(subjects),
        source_size(pain),
        rescue.map_or(0, source_size),
    ];
    reporter.start(Phase::Parsing, sizes.iter().sum::<usize>() as u64);
    let mut errs = Errors::default();
    let mut custom_ok = true;
    if let ScaleChoice::Custom { min, max } = opts.scale {
        if !(min.is_finite() && max.is_finite() && min < max) {
            custom_ok = false;
            errs.push(
                InputError::new(
                    Table::Pain,
                    format!(
                        "the custom scale needs finite limits with min < max (got {min}–{max})"
                    ),
                )
                .column("scale"),
            );
        }
    }
    let subj = read_subjects(subjects, opts, &mut errs, &mut |d| {
        reporter.update(d as u64)
    });
    let at = sizes[0];
    let mut pain_st = read_pain(pain, opts, &subj, &mut errs, &mut |d| {
        reporter.update((at + d) as u64)
    });
    let at = sizes[0] + sizes[1];
    let mut resc = read_rescue(rescue, opts, &subj, &mut errs, &mut |d| {
        reporter.update((at + d) as u64)
    });

    // Scale: declared, or inferred from every score and baseline.
    let mut max: Option<f64> = None;
    let mut upd = |x: f64| max = Some(max.map_or(x, |m: f64| m.max(x)));
    subj.drafts
        .iter()
        .filter_map(|d| d.baseline)
        .for_each(&mut upd);
    pain_st
        .baselines
        .iter()
        .flatten()
        .for_each(|&(x, _)| upd(x));
    pain_st
        .obs
        .iter()
        .flatten()
        .filter_map(|o| o.score)
        .for_each(&mut upd);
    let decided = if custom_ok {
        decide_scale(opts.scale, max, &pain_st.score_header, &mut errs)
    } else {
        None
    };
    if let Some((scale, inferred)) = decided {
        let label = scale_label(scale);
        let note = if inferred {
            " (inferred from the largest score; declare the scale if that is wrong)"
        } else {
            ""
        };
        let outside = |x: f64| x < scale.min || x > scale.max;
        for d in &subj.drafts {
            if let Some(x) = d.baseline.filter(|&x| outside(x)) {
                errs.push(InputError::at(
                    Table::Subjects,
                    d.line,
                    subj.baseline_header.as_str(),
                    format!("the baseline {x} is outside the {label} scale{note}"),
                ));
            }
        }
        for (d, b) in subj.drafts.iter().zip(&pain_st.baselines) {
            let Some((x, line)) = *b else { continue };
            if d.baseline.is_none() && outside(x) {
                errs.push(InputError::at(
                    Table::Pain,
                    line,
                    pain_st.baseline_header.as_str(),
                    format!("the baseline {x} is outside the {label} scale{note}"),
                ));
            }
        }
        let rows = pain_st.obs.iter().flatten();
        for (o, &line) in rows.zip(pain_st.lines.iter().flatten()) {
            if let Some(x) = o.score.filter(|&x| outside(x)) {
                errs.push(InputError::at(
                    Table::Pain,
                    line as usize,
                    pain_st.score_header.as_str(),
                    format!("the score {x} is outside the {label} scale{note}"),
                ));
            }
        }
    }

    // Order by time; duplicated times are errors.
    for (i, (v, lines)) in pain_st
        .obs
        .iter_mut()
        .zip(pain_st.lines.iter_mut())
        .enumerate()
    {
        sort_by_time(v, lines);
        for (w, wl) in v.windows(2).zip(lines.windows(2)) {
            if let ([a, b], [la, lb]) = (w, wl) {
                if a.time == b.time {
                    let id = subj.drafts.get(i).map(|d| d.id.as_str()).unwrap_or("");
                    errs.push(InputError::at(
                        Table::Pain,
                        *lb as usize,
                        pain_st.time_header.as_str(),
                        format!("the subject \"{id}\" has two pain rows at time {} (lines {la} and {lb})", b.time),
                    ));
                }
            }
        }
    }
    for v in resc.events.iter_mut() {
        v.sort_by(|a, b| a.time.total_cmp(&b.time));
    }

    let Some((scale, scale_inferred)) = decided else {
        return Err(errs.finish());
    };
    if !errs.is_empty() {
        return Err(errs.finish());
    }
    let (Some(subjects_map), Some(pain_map)) = (subj.mapping, pain_st.mapping) else {
        // Unreachable without errors; kept as an error rather than a panic.
        errs.push(InputError::new(
            Table::Subjects,
            "the tables could not be read",
        ));
        return Err(errs.finish());
    };

    // Warnings.
    let mut warnings = Vec::new();
    let no_rows: Vec<&str> = subj
        .drafts
        .iter()
        .zip(&pain_st.obs)
        .filter(|(_, o)| o.is_empty())
        .map(|(d, _)| d.id.as_str())
        .collect();
    if !no_rows.is_empty() {
        warnings.push(InputWarning {
            table: Table::Pain,
            message: format!(
                "{} subject(s) have no rows in the pain table: {}",
                no_rows.len(),
                quoted_list(
                    no_rows.get(..no_rows.len().min(10)).unwrap_or(&[]),
                    no_rows.len()
                )
            ),
        });
    }
    let no_scores: Vec<&str> = subj
        .drafts
        .iter()
        .zip(&pain_st.obs)
        .filter(|(_, o)| !o.is_empty() && o.iter().all(|p| p.score.is_none()))
        .map(|(d, _)| d.id.as_str())
        .collect();
    if !no_scores.is_empty() {
        warnings.push(InputWarning {
            table: Table::Pain,
            message: format!(
                "{} subject(s) have only empty pain scores: {}",
                no_scores.len(),
                quoted_list(
                    no_scores.get(..no_scores.len().min(10)).unwrap_or(&[]),
                    no_scores.len()
                )
            ),
        });
    }

    let mut sizes = vec![0usize; subj.arms.len()];
    let n_subjects = subj.drafts.len();
    let mut cov_iters: Vec<std::vec::IntoIter<CovariateValue>> =
        subj.cov_values.into_iter().map(|c| c.into_iter()).collect();
    let mut out = Vec::with_capacity(n_subjects);
    for ((d, obs), (base_pain, events)) in subj
        .drafts
        .into_iter()
        .zip(pain_st.obs)
        .zip(pain_st.baselines.into_iter().zip(resc.events))
    {
        let arm = d.arm.unwrap_or(0);
        if let Some(s) = sizes.get_mut(arm) {
            *s += 1;
        }
        out.push(Subject {
            id: d.id,
            arm,
            baseline: d.baseline.or(base_pain.map(|(x, _)| x)),
            covariates: cov_iters
                .iter_mut()
                .map(|it| it.next().unwrap_or(CovariateValue::Missing))
                .collect(),
            pain: {
                let mut obs = obs;
                obs.shrink_to_fit();
                obs
            },
            rescue: events,
        });
    }
    let arms: Vec<ArmCount> = subj
        .arms
        .iter()
        .zip(&sizes)
        .map(|(a, &n)| ArmCount {
            arm: a.clone(),
            subjects: n,
        })
        .collect();
    let summary = InputSummary {
        subjects: subjects_map,
        pain: pain_map,
        rescue: resc.mapping,
        scale,
        scale_label: scale_label(scale),
        scale_inferred,
        counts: InputCounts {
            subjects: n_subjects,
            pain_rows: pain_st.rows,
            missing_scores: pain_st.missing_scores,
            rescue_rows: resc.rows,
        },
        arms,
        warnings,
    };
    let trial = Trial {
        arms: subj.arms,
        covariates: subj.covariates,
        subjects: out,
        scale,
    };
    Ok((trial, summary))
}
