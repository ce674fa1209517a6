//! The rescue table (ADCM/OCCDS-like): one row per administration, timed in hours or by a
//! datetime (`ASTDTM`) relative to the subject's reference datetime. Rows before the origin
//! (prior medication) and rows failing the row conditions (`CMCAT = RESCUE`) are left out and
//! counted. Drug, dose, opioid flag and MME are optional; without an opioid flag the analysis
//! infers opioid status from the drug name (see `crate::endpoints::mme`).

use super::build::{prepare, push_missing};
use super::columns::Role;
use super::filter::row_meets;
use super::lookup::{check_arm, Found, Lookup, Unknown};
use super::pain::row_conditions;
use super::subjects::SubjectsStage;
use super::table::{parse_flag, Cell, Errors, Num};
use super::times::{RowTime, TimeReader};
use super::{InputOptions, InputWarning, TableMapping, TableSource};
use crate::error::{InputError, Table};
use crate::trial::RescueEvent;
use std::collections::BTreeSet;

/// Most distinct dose units listed in a warning.
const MAX_UNITS: usize = 20;

pub(super) struct RescueStage {
    pub mapping: Option<TableMapping>,
    pub events: Vec<Vec<RescueEvent>>,
    pub rows: usize,
    pub before_origin: usize,
    pub filtered_rows: usize,
    pub conditions: Vec<String>,
    pub time_words: Option<String>,
    pub warnings: Vec<InputWarning>,
}

pub(super) fn read_rescue(
    source: Option<&TableSource>,
    opts: &InputOptions,
    subj: &mut SubjectsStage,
    errs: &mut Errors,
    progress: &mut dyn FnMut(usize),
) -> RescueStage {
    let t = Table::Rescue;
    let n = subj.drafts.len();
    let mut st = RescueStage {
        mapping: None,
        events: vec![Vec::new(); n],
        rows: 0,
        before_origin: 0,
        filtered_rows: 0,
        conditions: Vec::new(),
        time_words: None,
        warnings: Vec::new(),
    };
    let Some(source) = source else { return st };
    let mut p = match prepare(t, source, opts, errs) {
        Ok(Some(p)) => p,
        Ok(None) | Err(()) => return st,
    };
    let times = TimeReader::new(&p.mapping, &p.opened, opts, n, &subj.reference_header);
    let (Some(id_col), Some(mut times)) = (p.mapping.get(Role::Subject), times) else {
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
    let time_col = times.column();
    let time_unit_col = times.unit_column();
    let id_h = p.header(Role::Subject);
    let dose_h = p.header(Role::Dose);
    let mme_h = p.header(Role::Mme);
    let opioid_h = p.header(Role::Opioid);
    let arm_h = p.header(Role::Arm);
    let drug_col = p.mapping.get(Role::Drug);
    let dose_col = p.mapping.get(Role::Dose);
    let opioid_col = p.mapping.get(Role::Opioid);
    let mme_col = p.mapping.get(Role::Mme);
    let unit_col = p.mapping.get(Role::DoseUnit);
    let route_col = p.mapping.get(Role::Route);
    let mut non_oral: BTreeSet<String> = BTreeSet::new();
    let mut non_oral_rows = 0usize;
    let arm_col = p.mapping.get(Role::Arm).filter(|_| subj.usable);
    let dc = p.opened.decimal_comma;
    let conditions = row_conditions(t, "rescueRows", &opts.rescue_rows, &p.opened.headers, errs);
    st.conditions = conditions.iter().map(|c| c.text.clone()).collect();

    let mut lookup = Lookup::new(&subj.index, &subj.excluded);
    let mut unknown = Unknown::default();
    let mut arm_reported = vec![false; n];
    let mut buf = String::new();
    let mut units: BTreeSet<String> = BTreeSet::new();
    let events = &mut st.events;
    let (drafts, arms) = (&subj.drafts, &subj.arms);
    let usable = subj.usable;
    let mut excluded_rows = 0usize;
    let mut before_origin = 0usize;
    let mut filtered = 0usize;

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
        match row_meets(&conditions, row, dc, &mut buf, (t, line), errs) {
            Some(true) => {}
            Some(false) => {
                filtered += 1;
                return;
            }
            None => return,
        }
        let subject = match lookup.find(row.cell(id_col)) {
            Found::Subject(i) => Some(i),
            Found::Excluded => {
                excluded_rows += 1;
                return;
            }
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
                if usable {
                    unknown.add(lookup.id(), line);
                }
                None
            }
        };
        let d = subject.and_then(|i| drafts.get(i).map(|d| (i, d.reference, d.id.as_str())));
        let time = match times.read(
            row.cell(time_col),
            time_unit_col.map(|c| row.cell(c)),
            d,
            t,
            line,
            errs,
        ) {
            RowTime::At(x) => Some(x),
            RowTime::BeforeOrigin => {
                before_origin += 1;
                return;
            }
            _ => None,
        };
        let drug = drug_col
            .map(|c| row.cell(c).text(&mut buf).to_string())
            .filter(|s| !s.is_empty());
        let dose = dose_col.and_then(|c| number(row.cell(c), "dose", &dose_h, line, errs));
        if let (Some(c), Some(_)) = (unit_col, dose) {
            let u = row.cell(c).text(&mut buf).trim().to_string();
            if units.len() < MAX_UNITS && !u.is_empty() {
                units.insert(u);
            }
        }
        if let Some(c) = route_col {
            let r = row.cell(c).text(&mut buf).trim().to_ascii_uppercase();
            if !r.is_empty() && !matches!(r.as_str(), "ORAL" | "PO" | "P.O." | "BY MOUTH") {
                non_oral_rows += 1;
                if non_oral.len() < MAX_UNITS {
                    non_oral.insert(r);
                }
            }
        }
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
                (drafts, arms),
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
    st.before_origin = before_origin;
    st.filtered_rows = filtered;
    subj.population.rescue_rows_excluded = excluded_rows;
    unknown.report(t, &id_h, errs);
    if units.len() > 1 {
        let list: Vec<String> = units.iter().map(|u| format!("\"{u}\"")).collect();
        st.warnings.push(InputWarning {
            table: t,
            message: format!(
                "doses are given in {} units ({}): total doses add them as numbers, and MME factors assume mg",
                units.len(),
                list.join(", ")
            ),
        });
    }
    if non_oral_rows > 0 {
        let list: Vec<String> = non_oral.iter().map(|u| format!("\"{u}\"")).collect();
        st.warnings.push(InputWarning {
            table: t,
            message: format!(
                "{non_oral_rows} administrations by a route other than oral ({}): the MME factors are for oral doses (parenteral morphine is about 3 × its oral equivalent); give their MME in an MME column or edit the factor table",
                list.join(", ")
            ),
        });
    }
    st.time_words = Some(times.describe(t));
    st.mapping = Some(p.describe(t, rows));
    st
}
