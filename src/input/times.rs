//! A row's time in hours from the origin, from whichever column gives it: hours (`ATPTN`,
//! `ARELTM`, `time`), a text time point (`ATPT`, see [`super::timepoint`]) or a datetime
//! (`ADTM`, `ASTDTM`) minus the subject's reference datetime (`TRTSDTM`), divided by 3600.

use super::columns::{Mapping, Role};
use super::datetime::{Instant, NotInstant, DAY};
use super::table::{Cell, Errors, Num, Opened};
use super::timepoint::{parse_mapping_value, parse_timepoint, Timepoint};
use super::{InputOptions, TimeSource, TimepointUse};
use crate::error::{InputError, Table};
use std::collections::HashMap;

/// Most distinct time points kept in the report's mapping.
const MAX_TIMEPOINTS_LISTED: usize = 200;

/// A row's time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum RowTime {
    At(f64),
    /// A baseline time point (`PREDOSE`).
    Baseline,
    /// A time point the user mapped to `exclude`.
    Excluded,
    /// Before the subject's origin (a datetime before the reference datetime).
    BeforeOrigin,
    /// Not readable: an error was pushed.
    Invalid,
}

/// Reads the time of each row of one table.
pub(super) struct TimeReader {
    pub source: TimeSource,
    col: usize,
    pub header: String,
    decimal_comma: bool,
    /// The user's time-point mapping, by upper-cased trimmed text.
    given: HashMap<String, Timepoint>,
    /// Time points seen: text → index into `uses`.
    seen: HashMap<String, usize>,
    pub uses: Vec<TimepointUse>,
    /// Distinct time points beyond the listed ones.
    pub unlisted: usize,
    /// Subjects whose missing reference datetime was reported.
    ref_reported: Vec<bool>,
    pub reference_header: String,
    /// A unit column for hours (ADaM `ARELTMU` beside `ARELTM`): each row's unit.
    unit_col: Option<usize>,
    pub unit_header: Option<String>,
}

/// Hours per unit of a relative-time unit (ADaM `ARELTMU`, CDISC unit terms), case-insensitive.
pub(super) fn hours_per_unit(unit: &str) -> Option<f64> {
    match unit.trim().to_ascii_uppercase().as_str() {
        "H" | "HR" | "HRS" | "HOUR" | "HOURS" => Some(1.0),
        "MIN" | "MINS" | "MINUTE" | "MINUTES" => Some(1.0 / 60.0),
        "S" | "SEC" | "SECS" | "SECOND" | "SECONDS" => Some(1.0 / 3600.0),
        "D" | "DAY" | "DAYS" => Some(24.0),
        _ => None,
    }
}

impl TimeReader {
    /// The time column of a mapped table, preferring hours, then a text time point, then a
    /// datetime (see [`super::columns::TIME_ROLES`]); `None` when there is none.
    pub(super) fn new(
        mapping: &Mapping,
        opened: &Opened<'_>,
        opts: &InputOptions,
        n_subjects: usize,
        reference_header: &str,
    ) -> Option<TimeReader> {
        let (source, col) = [
            (TimeSource::Hours, Role::Time),
            (TimeSource::Timepoint, Role::Timepoint),
            (TimeSource::Datetime, Role::Datetime),
        ]
        .into_iter()
        .find_map(|(s, r)| mapping.get(r).map(|c| (s, c)))?;
        let given = opts
            .timepoints
            .iter()
            .filter_map(|(k, v)| Some((k.trim().to_ascii_uppercase(), parse_mapping_value(v)?)))
            .collect();
        Some(TimeReader {
            source,
            col,
            header: opened.headers.get(col).cloned().unwrap_or_default(),
            decimal_comma: opened.decimal_comma,
            given,
            seen: HashMap::new(),
            uses: Vec::new(),
            unlisted: 0,
            ref_reported: vec![
                false;
                if source == TimeSource::Datetime {
                    n_subjects
                } else {
                    0
                }
            ],
            reference_header: reference_header.to_string(),
            unit_col: None,
            unit_header: None,
        })
        .map(|mut r| {
            // ARELTM comes with its unit in ARELTMU (any time column X with a column XU).
            if r.source == TimeSource::Hours {
                let want = format!("{}U", r.header.trim()).to_ascii_uppercase();
                if let Some(u) = opened
                    .headers
                    .iter()
                    .position(|h| h.trim().to_ascii_uppercase() == want)
                {
                    r.unit_col = Some(u);
                    r.unit_header = opened.headers.get(u).cloned();
                }
            }
            r
        })
    }

    /// Hours of a text time point by the user's mapping, else as read from the text; `None`
    /// when it gives no hours (baseline, exclude, not understood).
    pub(super) fn hours_of_text(&self, text: &str) -> Option<f64> {
        let key = text.trim().to_ascii_uppercase();
        match self
            .given
            .get(&key)
            .copied()
            .or_else(|| parse_timepoint(text))
        {
            Some(Timepoint::Hours(h)) => Some(h),
            _ => None,
        }
    }

    /// The column of the unit of the hours, if any.
    pub(super) fn unit_column(&self) -> Option<usize> {
        self.unit_col
    }

    /// Options' time-point values that are not understood (for an error naming the option).
    pub(super) fn bad_mapping(opts: &InputOptions) -> Vec<(&String, &String)> {
        opts.timepoints
            .iter()
            .filter(|(_, v)| parse_mapping_value(v).is_none())
            .collect()
    }

    /// The column index of the time.
    pub(super) fn column(&self) -> usize {
        self.col
    }

    /// The time of a row. `subject` is the row's subject (index and reference datetime in
    /// seconds) when known; `None` for rows whose subject is unknown or left out (then only the
    /// cell's form is checked).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn read(
        &mut self,
        cell: Cell<'_>,
        unit: Option<Cell<'_>>,
        subject: Option<(usize, Option<f64>, &str)>,
        t: Table,
        line: usize,
        errs: &mut Errors,
    ) -> RowTime {
        let col = self.header.as_str();
        match self.source {
            TimeSource::Hours => match cell.num(self.decimal_comma) {
                Num::Value(x) if x >= 0.0 => match unit {
                    None => RowTime::At(x),
                    Some(u) => {
                        let mut b = String::new();
                        match hours_per_unit(u.text(&mut b)) {
                            Some(f) => RowTime::At(x * f),
                            None => {
                                errs.push(InputError::at(
                                    t,
                                    line,
                                    self.unit_header.as_deref().unwrap_or(""),
                                    format!(
                                        "the time unit \"{}\" is not one of hours, minutes, seconds, days",
                                        u.shown()
                                    ),
                                ));
                                RowTime::Invalid
                            }
                        }
                    }
                },
                Num::Value(x) => {
                    errs.push(InputError::at(
                        t,
                        line,
                        col,
                        format!("the time {x} is negative (hours from the time origin)"),
                    ));
                    RowTime::Invalid
                }
                Num::Missing => {
                    errs.push(InputError::at(t, line, col, "the time is empty"));
                    RowTime::Invalid
                }
                Num::Invalid => {
                    errs.push(InputError::at(
                        t,
                        line,
                        col,
                        format!(
                            "the time \"{}\" is not a number (hours from the time origin){}",
                            cell.shown(),
                            super::table::number_hint(cell, self.decimal_comma)
                        ),
                    ));
                    RowTime::Invalid
                }
            },
            TimeSource::Timepoint => self.timepoint(cell, t, line, errs),
            TimeSource::Datetime => {
                let at = match cell.instant() {
                    Ok(Some(Instant::DateTime(x))) => x,
                    Ok(None) => {
                        errs.push(InputError::at(t, line, col, "the date and time is empty"));
                        return RowTime::Invalid;
                    }
                    Ok(Some(Instant::Date(_))) => {
                        errs.push(InputError::at(
                            t,
                            line,
                            col,
                            format!(
                                "\"{}\" is a date without a time of day, which gives no hour",
                                cell.shown()
                            ),
                        ));
                        return RowTime::Invalid;
                    }
                    Err(NotInstant::Partial) => {
                        errs.push(InputError::at(
                            t,
                            line,
                            col,
                            format!(
                                "\"{}\" is a partial date, which gives no hour",
                                cell.shown()
                            ),
                        ));
                        return RowTime::Invalid;
                    }
                    Err(NotInstant::Invalid) => {
                        let hint = if matches!(cell.num(false), Num::Value(_)) {
                            "; a plain number may be a SAS datetime (seconds since 1960) or a spreadsheet serial — open the SAS file itself, or write the datetime as text"
                        } else {
                            ""
                        };
                        errs.push(InputError::at(
                            t,
                            line,
                            col,
                            format!(
                                "\"{}\" is not a date and time (expected ISO 8601 such as 2023-05-01T08:30:00, or 01MAY2023:08:30:00){hint}",
                                cell.shown()
                            ),
                        ));
                        return RowTime::Invalid;
                    }
                };
                let Some((i, reference, id)) = subject else {
                    return RowTime::Invalid;
                };
                let Some(origin) = reference else {
                    if let Some(r) = self.ref_reported.get_mut(i).filter(|r| !**r) {
                        *r = true;
                        errs.push(InputError::at(
                            t,
                            line,
                            col,
                            format!(
                                "the subject \"{id}\" has no reference datetime ({}) in the subjects table, so its times cannot be computed",
                                self.reference_header
                            ),
                        ));
                    }
                    return RowTime::Invalid;
                };
                let hours = (at - origin) / 3600.0;
                if hours < 0.0 {
                    RowTime::BeforeOrigin
                } else if hours > 3650.0 * DAY / 3600.0 {
                    errs.push(InputError::at(
                        t,
                        line,
                        col,
                        format!(
                            "the time is {:.0} days after the reference datetime; is the reference right?",
                            hours / 24.0
                        ),
                    ));
                    RowTime::Invalid
                } else {
                    RowTime::At(hours)
                }
            }
        }
    }

    fn timepoint(&mut self, cell: Cell<'_>, t: Table, line: usize, errs: &mut Errors) -> RowTime {
        let mut buf = String::new();
        let text = cell.text(&mut buf).trim().to_string();
        if text.is_empty() {
            errs.push(InputError::at(
                t,
                line,
                self.header.as_str(),
                "the time point is empty",
            ));
            return RowTime::Invalid;
        }
        let k = match self.seen.get(&text) {
            Some(&k) => Some(k),
            None => {
                let key = text.to_ascii_uppercase();
                let (tp, given) = match self.given.get(&key) {
                    Some(&tp) => (Some(tp), true),
                    None => (parse_timepoint(&text), false),
                };
                let (hours, meaning) = match tp {
                    Some(Timepoint::Hours(h)) => (Some(h), "hours"),
                    Some(Timepoint::Baseline) => (None, "baseline"),
                    Some(Timepoint::Exclude) => (None, "exclude"),
                    None => (None, "unknown"),
                };
                if self.uses.len() < MAX_TIMEPOINTS_LISTED {
                    self.seen.insert(text.clone(), self.uses.len());
                    self.uses.push(TimepointUse {
                        text: text.clone(),
                        hours,
                        meaning: meaning.into(),
                        given,
                        rows: 0,
                    });
                    if tp.is_none() {
                        errs.push(InputError::at(
                            t,
                            line,
                            self.header.as_str(),
                            format!(
                                "the time point \"{}\" is not understood; give its hours in the time-point mapping (or \"baseline\" / \"exclude\")",
                                super::table::excerpt(&text, 40)
                            ),
                        ));
                    }
                    Some(self.uses.len() - 1)
                } else {
                    self.unlisted += 1;
                    return match tp {
                        Some(Timepoint::Hours(h)) => RowTime::At(h),
                        Some(Timepoint::Baseline) => RowTime::Baseline,
                        Some(Timepoint::Exclude) => RowTime::Excluded,
                        None => {
                            errs.push(InputError::at(
                                t,
                                line,
                                self.header.as_str(),
                                format!(
                                    "the time point \"{}\" is not understood",
                                    super::table::excerpt(&text, 40)
                                ),
                            ));
                            RowTime::Invalid
                        }
                    };
                }
            }
        };
        let Some(u) = k.and_then(|k| self.uses.get_mut(k)) else {
            return RowTime::Invalid;
        };
        u.rows += 1;
        match (u.meaning.as_str(), u.hours) {
            ("hours", Some(h)) if h >= 0.0 => RowTime::At(h),
            ("hours", _) => RowTime::BeforeOrigin,
            ("baseline", _) => RowTime::Baseline,
            ("exclude", _) => RowTime::Excluded,
            _ => RowTime::Invalid,
        }
    }

    /// The mapping as the report shows it, in order of hours (baseline first, unknown last).
    pub(super) fn mapping(&self) -> Vec<TimepointUse> {
        let mut v = self.uses.clone();
        let rank = |u: &TimepointUse| match u.meaning.as_str() {
            "baseline" => 0,
            "hours" => 1,
            "exclude" => 2,
            _ => 3,
        };
        crate::sort::sort_by(&mut v, |a, b| {
            rank(a)
                .cmp(&rank(b))
                .then(a.hours.unwrap_or(0.0).total_cmp(&b.hours.unwrap_or(0.0)))
                .then(a.text.cmp(&b.text))
        });
        v
    }

    /// Words for the report: where the times came from.
    pub(super) fn describe(&self, table: Table) -> String {
        match self.source {
            TimeSource::Hours => format!("{} times: hours in column {}", cap(table), self.header),
            TimeSource::Timepoint => format!(
                "{} times: text time points in column {} read as hours ({} time points: {})",
                cap(table),
                self.header,
                self.uses.len() + self.unlisted,
                self.mapping()
                    .iter()
                    .take(12)
                    .map(|u| match u.hours {
                        Some(h) => format!("{} = {h} h", u.text),
                        None => format!("{} = {}", u.text, u.meaning),
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
                    + if self.uses.len() > 12 { ", …" } else { "" }
            ),
            TimeSource::Datetime => format!(
                "{} times: hours from the subject's {} to {}",
                cap(table),
                self.reference_header,
                self.header
            ),
        }
    }
}

fn cap(t: Table) -> &'static str {
    match t {
        Table::Subjects => "Subject",
        Table::Pain => "Pain",
        Table::Rescue => "Rescue",
    }
}

/// Checks the time-point mapping option: every value must be understood.
pub(super) fn check_mapping(opts: &InputOptions, errs: &mut Errors) {
    // In key order: `timepoints` is a BTreeMap.
    for (k, v) in TimeReader::bad_mapping(opts) {
        errs.push(
            InputError::new(
                Table::Pain,
                format!(
                    "the time-point mapping gives \"{}\" the value \"{}\": expected hours (a number), a time such as 30 MIN, \"baseline\" or \"exclude\"",
                    super::table::excerpt(k, 40),
                    super::table::excerpt(v, 40)
                ),
            )
            .column("timepoints"),
        );
    }
}
