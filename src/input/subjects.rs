//! The subjects table (ADSL-like): ids, arms, baselines, covariates, reference datetimes, and
//! the analysis set — a population flag and subset conditions.

use super::build::{prepare, push_missing, Prepared};
use super::columns::{normalize, Role};
use super::datetime::Instant;
use super::filter::{parse_condition, Condition, Outcome};
use super::table::{self, parse_flag, Cell, Errors, Num};
use super::{InputOptions, Population, TableMapping, TableSource};
use crate::error::{InputError, Table};
use crate::hash::{FastMap, FastSet};
use crate::trial::CovariateValue;

/// Population flags tried, in order, when the population is `"auto"`: full analysis set, then
/// intent-to-treat, then modified intent-to-treat (CDISC ADaM IG v1.3, ADSL population
/// indicator variables).
pub(crate) const AUTO_POPULATION_FLAGS: [&str; 3] = ["FASFL", "ITTFL", "MITTFL"];

pub(super) struct SubjectDraft {
    pub id: String,
    pub line: usize,
    pub arm: Option<usize>,
    pub baseline: Option<f64>,
    /// Reference datetime, seconds since 1960-01-01.
    pub reference: Option<f64>,
}

/// A covariate cell before the column's type is decided.
enum RawCov {
    Missing,
    Num(f64),
    Text(String),
}

pub(super) struct SubjectsStage {
    pub mapping: Option<TableMapping>,
    pub drafts: Vec<SubjectDraft>,
    pub index: FastMap<String, usize>,
    /// Ids in the subjects table left out of the analysis set.
    pub excluded: FastSet<String>,
    pub arms: Vec<String>,
    pub covariates: Vec<String>,
    pub cov_values: Vec<Vec<CovariateValue>>,
    /// Whether subject ids could be read, so that other tables can be checked against them.
    pub usable: bool,
    pub baseline_header: String,
    pub reference_header: String,
    pub population: Population,
}

/// The population flag column to use, or an error message.
fn population_column(
    opts: &InputOptions,
    headers: &[String],
) -> Result<(Option<usize>, bool), String> {
    let choice = opts.population.trim();
    let find = |name: &str| {
        headers.iter().position(|h| h == name).or_else(|| {
            let n = normalize(name);
            headers.iter().position(|h| normalize(h) == n)
        })
    };
    if choice.eq_ignore_ascii_case("none") {
        return Ok((None, false));
    }
    if choice.is_empty() || choice.eq_ignore_ascii_case("auto") {
        return Ok((AUTO_POPULATION_FLAGS.iter().find_map(|f| find(f)), true));
    }
    match find(choice) {
        Some(c) => Ok((Some(c), false)),
        None => {
            let flags: Vec<String> = headers
                .iter()
                .filter(|h| is_flag_name(h))
                .map(|h| format!("\"{h}\""))
                .collect();
            Err(format!(
                "the population flag \"{}\" is not a column of the subjects table (flag columns: {})",
                table::excerpt(choice, 40),
                if flags.is_empty() { "none".to_string() } else { flags.join(", ") }
            ))
        }
    }
}

/// Whether a header looks like an ADaM yes/no flag (`ITTFL`, `ANL01FL`).
pub(super) fn is_flag_name(h: &str) -> bool {
    let u = h.trim().to_ascii_uppercase();
    u.len() > 2 && u.ends_with("FL") && u.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

pub(super) fn read_subjects(
    source: &TableSource,
    opts: &InputOptions,
    errs: &mut Errors,
    progress: &mut dyn FnMut(usize),
) -> SubjectsStage {
    let t = Table::Subjects;
    let mut st = SubjectsStage {
        mapping: None,
        drafts: Vec::new(),
        index: FastMap::default(),
        excluded: FastSet::default(),
        arms: Vec::new(),
        covariates: Vec::new(),
        cov_values: Vec::new(),
        usable: false,
        baseline_header: String::new(),
        reference_header: String::new(),
        population: Population {
            flag: None,
            auto: false,
            subset: Vec::new(),
            subjects_in_table: 0,
            excluded_by_flag: 0,
            excluded_by_subset: 0,
            pain_rows_excluded: 0,
            rescue_rows_excluded: 0,
        },
    };
    let mut p: Prepared<'_> = match prepare(t, source, opts, errs) {
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
    let ref_col = p.mapping.get(Role::Reference);
    st.baseline_header = p.header(Role::Baseline);
    st.reference_header = p.header(Role::Reference);
    let id_h = p.header(Role::Subject);
    let arm_h = p.header(Role::Arm);
    let dc = p.opened.decimal_comma;
    let headers = p.opened.headers.clone();

    // The analysis set.
    let (pop_col, auto) = match population_column(opts, &headers) {
        Ok(x) => x,
        Err(m) => {
            errs.push(
                InputError::new(t, m)
                    .line(p.opened.header_line)
                    .column("population"),
            );
            (None, false)
        }
    };
    st.population.flag = pop_col.and_then(|c| headers.get(c).cloned());
    st.population.auto = auto && pop_col.is_some();
    let mut conditions: Vec<Condition> = Vec::new();
    for (k, text) in opts.subset.iter().enumerate() {
        if text.trim().is_empty() {
            continue;
        }
        match parse_condition(text, &headers) {
            Ok(c) => conditions.push(c),
            Err(m) => errs.push(
                InputError::new(
                    t,
                    format!(
                        "subset condition {} \"{}\": {m}",
                        k + 1,
                        table::excerpt(text.trim(), 60)
                    ),
                )
                .column("subset"),
            ),
        }
    }
    st.population.subset = conditions.iter().map(|c| c.text.clone()).collect();

    // Covariates: every other column with a header, except the population flag and typed
    // dates and times.
    let mut cov_cols = Vec::new();
    for (c, h) in headers.iter().enumerate() {
        if h.is_empty() || p.mapping.uses(c) || Some(c) == pop_col || p.opened.is_clock_column(c) {
            continue;
        }
        cov_cols.push(c);
        st.covariates.push(h.clone());
    }
    let mut raw: Vec<Vec<RawCov>> = cov_cols.iter().map(|_| Vec::new()).collect();
    let mut buf = String::new();
    let mut seen_ids: FastMap<String, usize> = FastMap::default();
    let pop_h = st.population.flag.clone().unwrap_or_default();
    let mut by_flag = 0usize;
    let mut by_subset = 0usize;
    let rows = p.opened.for_each_row(t, errs, progress, |errs, line, row| {
        let id = row.cell(id_col).text(&mut buf).to_string();
        if id.is_empty() {
            errs.push(InputError::at(t, line, id_h.as_str(), "the subject id is empty"));
            return;
        }
        if let Some(first) = seen_ids.get(&id) {
            errs.push(InputError::at(
                t,
                line,
                id_h.as_str(),
                format!("the subject id \"{id}\" appears twice (first on line {first})"),
            ));
            return;
        }
        seen_ids.insert(id.clone(), line);
        // In the analysis set?
        if let Some(c) = pop_col {
            let cell = row.cell(c);
            match parse_flag(cell) {
                Ok(Some(true)) => {}
                Ok(_) => {
                    by_flag += 1;
                    st.excluded.insert(id);
                    return;
                }
                Err(()) => {
                    errs.push(InputError::at(
                        t,
                        line,
                        pop_h.as_str(),
                        format!(
                            "the population flag \"{}\" is not one of Y/N (yes/no, 1/0)",
                            cell.shown()
                        ),
                    ));
                    return;
                }
            }
        }
        let mut keep = true;
        for c in &conditions {
            match c.test(row.cell(c.column), dc, &mut buf) {
                Outcome::Keep => {}
                Outcome::Drop | Outcome::Missing => keep = false,
                Outcome::NotNumber => {
                    let cell = row.cell(c.column);
                    errs.push(InputError::at(
                        t,
                        line,
                        headers.get(c.column).map(String::as_str).unwrap_or(""),
                        format!(
                            "\"{}\" is not a number, as the subset condition \"{}\" needs",
                            cell.shown(),
                            c.text
                        ),
                    ));
                    keep = false;
                }
            }
        }
        if !keep {
            by_subset += 1;
            st.excluded.insert(id);
            return;
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
        let reference = match ref_col.map(|c| row.cell(c)) {
            None => None,
            Some(cell) => match cell.instant() {
                Ok(Some(Instant::DateTime(x))) => Some(x),
                Ok(None) => None,
                Ok(Some(Instant::Date(_))) | Err(_) => {
                    errs.push(InputError::at(
                        t,
                        line,
                        st.reference_header.as_str(),
                        format!(
                            "the reference \"{}\" is not a date and time (expected ISO 8601 such as 2023-05-01T08:30:00, or 01MAY2023:08:30:00; a date alone gives no hour)",
                            cell.shown()
                        ),
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
                cell @ Cell::Instant(..) => RawCov::Text(cell.text(&mut buf).to_string()),
            };
            if let Some(col) = raw.get_mut(k) {
                col.push(v);
            }
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
            reference,
        });
    });
    st.population.subjects_in_table = seen_ids.len();
    st.population.excluded_by_flag = by_flag;
    st.population.excluded_by_subset = by_subset;
    st.usable = rows > 0;
    st.mapping = Some(p.describe(t, rows));
    if rows == 0 {
        errs.push(InputError::new(
            t,
            "the subjects table has a header but no data rows",
        ));
        return st;
    }
    if st.drafts.is_empty() && !seen_ids.is_empty() {
        errs.push(
            InputError::new(
                t,
                format!(
                    "no subject is in the analysis set: {} subjects left out by the population flag{} and {} by the subset conditions",
                    by_flag,
                    st.population.flag.as_ref().map(|f| format!(" {f}")).unwrap_or_default(),
                    by_subset
                ),
            )
            .column("population"),
        );
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
                    "the arm \"{label}\" has only {n} subject(s) in the analysis set; every arm needs at least two (a typing error in the arm label?)"
                ),
            )
            .column(arm_h.as_str());
            e.line = line;
            errs.push(e);
        }
    }
    st
}
