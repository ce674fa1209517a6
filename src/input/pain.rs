//! The pain table (BDS-like): one row per assessment. ADaM structure is understood: the
//! parameter (`PARAMCD`) is chosen, baseline records (`ABLFL = Y`, or a baseline time point
//! such as `PREDOSE`) give the baseline, derived records (non-empty `DTYPE`) are left out by
//! default, row conditions (`ANL01FL = Y`) select records, and times come from hours, text
//! time points or datetimes ([`super::times`]). Everything left out is counted.

use super::build::{prepare, push_missing};
use super::columns::Role;
use super::filter::{parse_condition, row_meets, Condition};
use super::lookup::{check_arm, Found, Lookup, Unknown};
use super::subjects::SubjectsStage;
use super::table::{excerpt, parse_flag, Errors, Num};
use super::times::{RowTime, TimeReader};
use super::{InputOptions, TableMapping, TableSource, TimeSource, ValueCount};
use crate::error::{InputError, Table};
use crate::trial::PainObs;
use std::collections::HashMap;

/// Most distinct parameters counted.
const MAX_PARAMS: usize = 100;

#[derive(Default)]
pub(super) struct PainCounts {
    pub rows_excluded_subjects: usize,
    pub other_param_rows: usize,
    pub derived_rows: usize,
    pub filtered_rows: usize,
    pub baseline_rows: usize,
    /// Baseline time points not flagged as baseline where a flag column exists.
    pub unflagged_baseline_rows: usize,
    pub before_origin: usize,
    pub excluded_timepoint_rows: usize,
}

pub(super) struct PainStage {
    pub mapping: Option<TableMapping>,
    /// Per subject, in table order; `lines` holds the line of each observation.
    pub obs: Vec<Vec<PainObs>>,
    pub lines: Vec<Vec<u32>>,
    /// Baselines given in the pain table: (value, line).
    pub baselines: Vec<Option<(f64, usize)>>,
    pub rows: usize,
    pub missing_scores: usize,
    pub score_header: String,
    pub time_header: String,
    pub baseline_header: String,
    pub counts: PainCounts,
    /// The parameter analysed, when the table has a parameter column.
    pub param: Option<(String, String)>,
    pub conditions: Vec<String>,
    pub time_words: Option<String>,
    pub flag_header: Option<String>,
    pub dtype_header: Option<String>,
}

/// Parses a table's row conditions; defects are errors naming the option.
pub(super) fn row_conditions(
    t: Table,
    option: &str,
    texts: &[String],
    headers: &[String],
    errs: &mut Errors,
) -> Vec<Condition> {
    let mut out = Vec::new();
    for (k, text) in texts.iter().enumerate() {
        if text.trim().is_empty() {
            continue;
        }
        match parse_condition(text, headers) {
            Ok(c) => out.push(c),
            Err(m) => errs.push(
                InputError::new(
                    t,
                    format!(
                        "{option} condition {} \"{}\": {m}",
                        k + 1,
                        excerpt(text.trim(), 60)
                    ),
                )
                .column(option),
            ),
        }
    }
    out
}

pub(super) fn read_pain(
    source: &TableSource,
    opts: &InputOptions,
    subj: &mut SubjectsStage,
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
        counts: PainCounts::default(),
        param: None,
        conditions: Vec::new(),
        time_words: None,
        flag_header: None,
        dtype_header: None,
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
    let times = TimeReader::new(&p.mapping, &p.opened, opts, n, &subj.reference_header);
    let (Some(id_col), Some(mut times), Some(score_col)) = (
        p.mapping.get(Role::Subject),
        times,
        p.mapping.get(Role::Score),
    ) else {
        st.mapping = Some(p.describe(t, 0));
        return st;
    };
    let time_col = times.column();
    let time_unit_col = times.unit_column();
    let arm_col = p.mapping.get(Role::Arm).filter(|_| subj.usable);
    let base_col = p.mapping.get(Role::Baseline);
    let param_col = p.mapping.get(Role::Param);
    let flag_col = p.mapping.get(Role::BaselineFlag);
    let dtype_col = p.mapping.get(Role::Dtype);
    st.flag_header = flag_col.map(|_| p.header(Role::BaselineFlag));
    st.dtype_header = dtype_col.map(|_| p.header(Role::Dtype));
    let id_h = p.header(Role::Subject);
    let arm_h = p.header(Role::Arm);
    let param_h = p.header(Role::Param);
    let flag_h = p.header(Role::BaselineFlag);
    st.time_header = times.header.clone();
    st.score_header = p.header(Role::Score);
    st.baseline_header = p.header(Role::Baseline);
    let dc = p.opened.decimal_comma;
    let conditions = row_conditions(t, "painRows", &opts.pain_rows, &p.opened.headers, errs);
    st.conditions = conditions.iter().map(|c| c.text.clone()).collect();
    let wanted = opts.param.trim().to_string();
    // Hours found by name (ATPTN) beside a text time point (ATPT): they must agree, or ATPTN
    // is not in hours (a sequence number, minutes) — checked unless the user chose the column.
    let chosen_time = opts
        .columns
        .pain
        .get(&Role::Time)
        .is_some_and(|h| !h.trim().is_empty());
    let check_col = p
        .mapping
        .get(Role::Timepoint)
        .filter(|_| times.source == TimeSource::Hours && !chosen_time && time_unit_col.is_none());
    let mut text_hours: HashMap<String, Option<f64>> = HashMap::new();
    let mut disagree: Vec<(String, f64, f64)> = Vec::new();
    let mut disagree_rows = 0usize;
    let mut tp_buf = String::new();

    let mut lookup = Lookup::new(&subj.index, &subj.excluded);
    let mut unknown = Unknown::default();
    let mut arm_reported = vec![false; n];
    let mut base_reported = vec![false; n];
    // Parameters seen with their rows; the one analysed is `wanted`, else the first seen.
    let mut params: Vec<ValueCount> = Vec::new();
    let mut param_pos: HashMap<String, usize> = HashMap::new();
    let mut working: Option<String> = (!wanted.is_empty()).then(|| wanted.clone());
    let mut buf = String::new();
    let mut missing_scores = 0usize;
    let obs = &mut st.obs;
    let obs_lines = &mut st.lines;
    let counts = &mut st.counts;
    // Rows of the previous subject: the capacity reserved for the next one (subjects usually
    // share a schedule), so that the vectors neither grow step by step nor keep spare room.
    let mut typical = 0usize;
    let baselines = &mut st.baselines;
    let (score_h, base_h) = (&st.score_header, &st.baseline_header);
    let drafts = &subj.drafts;
    let arms = &subj.arms;
    let usable = subj.usable;

    let rows = p.opened.for_each_row(t, errs, progress, |errs, line, row| {
        // Which records: the parameter, the row conditions, derived records.
        if let Some(c) = param_col {
            let v = row.cell(c).text(&mut buf);
            match param_pos.get(v) {
                Some(&k) => {
                    if let Some(pc) = params.get_mut(k) {
                        pc.rows += 1;
                    }
                }
                None if params.len() < MAX_PARAMS => {
                    param_pos.insert(v.to_string(), params.len());
                    params.push(ValueCount {
                        value: v.to_string(),
                        rows: 1,
                    });
                }
                None => {}
            }
            if working.is_none() && !v.is_empty() {
                working = Some(v.to_string());
            }
            if working.as_deref() != Some(v) {
                counts.other_param_rows += 1;
                return;
            }
        }
        match row_meets(&conditions, row, dc, &mut buf, (t, line), errs) {
            Some(true) => {}
            Some(false) => {
                counts.filtered_rows += 1;
                return;
            }
            None => return,
        }
        if let Some(c) = dtype_col {
            if !row.cell(c).is_missing() {
                counts.derived_rows += 1;
                if !opts.derived_rows {
                    return;
                }
            }
        }
        let subject = match lookup.find(row.cell(id_col)) {
            Found::Subject(i) => Some(i),
            Found::Excluded => {
                counts.rows_excluded_subjects += 1;
                return;
            }
            Found::Empty => {
                errs.push(InputError::at(t, line, id_h.as_str(), "the subject id is empty"));
                None
            }
            Found::Unknown => {
                if usable {
                    unknown.add(lookup.id(), line);
                }
                None
            }
        };
        // A baseline record?
        let flagged = match flag_col.map(|c| row.cell(c)) {
            None => None,
            Some(cell) => match parse_flag(cell) {
                Ok(v) => Some(v == Some(true)),
                Err(()) => {
                    errs.push(InputError::at(
                        t,
                        line,
                        flag_h.as_str(),
                        format!("the baseline flag \"{}\" is not Y/N (or empty)", cell.shown()),
                    ));
                    return;
                }
            },
        };
        let time = if flagged == Some(true) {
            RowTime::Baseline
        } else {
            let d = subject.and_then(|i| drafts.get(i).map(|d| (i, d.reference, d.id.as_str())));
            match times.read(row.cell(time_col), time_unit_col.map(|c| row.cell(c)), d, t, line, errs) {
                RowTime::Baseline if flagged == Some(false) => {
                    counts.unflagged_baseline_rows += 1;
                    return;
                }
                other => other,
            }
        };
        if let (Some(c), RowTime::At(h)) = (check_col, time) {
            let text = row.cell(c).text(&mut tp_buf);
            let hours = match text_hours.get(text) {
                Some(&x) => x,
                None => {
                    let x = times.hours_of_text(text);
                    if text_hours.len() < 1000 {
                        text_hours.insert(text.to_string(), x);
                    }
                    x
                }
            };
            if let Some(x) = hours.filter(|x| (x - h).abs() > 1e-9 * x.abs().max(1.0)) {
                disagree_rows += 1;
                if disagree.len() < 3 && !disagree.iter().any(|d| d.0 == text) {
                    disagree.push((text.to_string(), x, h));
                }
            }
        }
        match time {
            RowTime::BeforeOrigin => {
                counts.before_origin += 1;
                return;
            }
            RowTime::Excluded => {
                counts.excluded_timepoint_rows += 1;
                return;
            }
            _ => {}
        }
        let score_cell = row.cell(score_col);
        let score = match score_cell.num(dc) {
            Num::Missing => {
                if time != RowTime::Baseline {
                    missing_scores += 1;
                }
                Some(None)
            }
            Num::Value(x) => Some(Some(x)),
            Num::Invalid => {
                errs.push(InputError::at(
                    t,
                    line,
                    score_h.as_str(),
                    format!("the score \"{}\" is not a number (leave the cell empty for a missing score){}", score_cell.shown(), super::table::number_hint(score_cell, dc)),
                ));
                None
            }
        };
        let Some(i) = subject else { return };
        if let Some(c) = arm_col {
            check_arm(row.cell(c), (drafts, arms), i, &mut arm_reported, &mut buf, t, line, &arm_h, errs);
        }
        // Baselines: a BASE column on any row, and the score of a baseline record.
        let mut given_here: Vec<(f64, &str)> = Vec::new();
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
                Num::Value(x) => given_here.push((x, base_h.as_str())),
            }
        }
        if time == RowTime::Baseline {
            counts.baseline_rows += 1;
            if let Some(Some(x)) = score {
                given_here.push((x, score_h.as_str()));
            }
        }
        for (x, col) in given_here {
            let reported = base_reported.get(i).copied().unwrap_or(true);
            let id = drafts.get(i).map(|d| d.id.as_str()).unwrap_or("");
            let given = drafts.get(i).and_then(|d| d.baseline);
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
                    col,
                    format!("the baseline of subject \"{id}\" is {x} here but {other}"),
                ));
                if let Some(r) = base_reported.get_mut(i) {
                    *r = true;
                }
            }
        }
        if let (RowTime::At(time), Some(score)) = (time, score) {
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
    if disagree_rows > 0 {
        let tp_h = check_col
            .and_then(|c| p.opened.headers.get(c))
            .cloned()
            .unwrap_or_default();
        let examples: Vec<String> = disagree
            .iter()
            .map(|(text, x, h)| {
                format!(
                    "{tp_h} \"{}\" is {x} h but {} is {h}",
                    excerpt(text, 20),
                    st.time_header
                )
            })
            .collect();
        errs.push(
            InputError::new(
                t,
                format!(
                    "{} and {tp_h} disagree in {disagree_rows} rows ({}): {} may not be in hours (a sequence number, or minutes); choose the time column in the column roles — {tp_h} to read the text time points, or {} to take its values as hours",
                    st.time_header,
                    examples.join("; "),
                    st.time_header,
                    st.time_header
                ),
            )
            .column(st.time_header.as_str()),
        );
    }
    st.rows = rows;
    st.missing_scores = missing_scores;
    subj.population.pain_rows_excluded = st.counts.rows_excluded_subjects;
    unknown.report(t, &id_h, errs);
    let listed: Vec<String> = params
        .iter()
        .filter(|p| !p.value.is_empty())
        .map(|p| format!("\"{}\" ({} rows)", excerpt(&p.value, 40), p.rows))
        .collect();
    if param_col.is_some() {
        if !wanted.is_empty() && !params.iter().any(|p| p.value == wanted) {
            errs.push(
                InputError::new(
                    t,
                    format!(
                        "the parameter \"{}\" is not in the pain table's {param_h} column (parameters: {})",
                        excerpt(&wanted, 40),
                        listed.join(", ")
                    ),
                )
                .column("param"),
            );
        } else if wanted.is_empty() && listed.len() > 1 {
            errs.push(
                InputError::new(
                    t,
                    format!(
                        "the pain table holds {} parameters in {param_h}: {}; choose the pain-intensity parameter to analyse (\u{201c}Pain parameter\u{201d} under Population and records; option input.param)",
                        listed.len(),
                        listed.join(", ")
                    ),
                )
                .column("param"),
            );
        }
        if let Some(w) = working {
            st.param = Some((param_h.clone(), w));
        }
    }
    let mut mapping = p.describe(t, rows);
    mapping.params = params;
    mapping.timepoints = times.mapping();
    st.time_words = Some(times.describe(t));
    st.mapping = Some(mapping);
    if rows == 0 {
        errs.push(InputError::new(
            t,
            "the pain table has a header but no data rows",
        ));
    }
    st
}
