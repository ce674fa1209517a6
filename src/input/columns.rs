//! Column roles: which header of a table holds the subject id, the arm, the time, the score, …
//!
//! Headers are matched to roles case-insensitively, ignoring everything but letters and digits
//! ("Subject ID", "subject_id" and "SUBJECT.ID" are the same name), against a list of aliases that
//! includes the CDISC ADaM variable names (ADSL: USUBJID, TRT01P; BDS: AVAL, ATPTN, BASE, PARAMCD;
//! OCCDS/SDTM CM: CMDECOD, CMTRT, CMDOSE). When several headers fit a role, the alias listed first
//! wins (USUBJID before SUBJID, TRT01P before TRT01A and ARM). User overrides come first.
//!
//! Reference: CDISC, *Analysis Data Model Implementation Guide* v1.3 (2021), variable naming
//! conventions; SDTM IG v3.4, CM domain.

use super::ColumnOverrides;
use crate::error::{InputError, Table};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What a column means.
#[boundary]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Subject identifier (all tables; `"id"` is accepted as a synonym in overrides).
    #[serde(alias = "id")]
    Subject,
    /// Treatment arm (required in the subjects table; checked against it elsewhere).
    Arm,
    /// Baseline pain score (subjects table; optional in the pain table, where it must agree).
    Baseline,
    /// Hours from the time origin (pain and rescue tables).
    Time,
    /// Pain score (pain table).
    Score,
    /// ADaM parameter code (pain table): at most one parameter may be present.
    Param,
    /// Rescue drug name.
    Drug,
    /// Rescue dose.
    Dose,
    /// Whether the rescue drug is an opioid (yes/no).
    Opioid,
    /// Morphine-equivalent dose in mg.
    Mme,
    /// Reference datetime of the subject (subjects table; ADSL `TRTSDTM`): the time origin
    /// when pain or rescue times come from datetimes.
    Reference,
    /// Baseline record flag (pain table; ADaM `ABLFL`): `Y` rows give the baseline score.
    BaselineFlag,
    /// Derivation type (pain table; ADaM `DTYPE`): rows with a value are derived records.
    Dtype,
    /// Text time point (pain table; ADaM `ATPT`: "4H", "30 MIN", "PREDOSE").
    Timepoint,
    /// Date and time of the record (ADaM `ADTM`, `ASTDTM`): hours from the reference datetime.
    Datetime,
    /// Dose unit (rescue table; `CMDOSU`).
    DoseUnit,
    /// Route (rescue table; `CMROUTE`).
    Route,
}

const N_ROLES: usize = 17;

impl Role {
    fn index(self) -> usize {
        self as usize
    }

    /// The role's name as used in options and reports ("subject", "score", …).
    pub fn name(self) -> &'static str {
        match self {
            Role::Subject => "subject",
            Role::Arm => "arm",
            Role::Baseline => "baseline",
            Role::Time => "time",
            Role::Score => "score",
            Role::Param => "param",
            Role::Drug => "drug",
            Role::Dose => "dose",
            Role::Opioid => "opioid",
            Role::Mme => "mme",
            Role::Reference => "reference",
            Role::BaselineFlag => "baselineflag",
            Role::Dtype => "dtype",
            Role::Timepoint => "timepoint",
            Role::Datetime => "datetime",
            Role::DoseUnit => "doseunit",
            Role::Route => "route",
        }
    }

    /// A human description for messages.
    pub fn label(self) -> &'static str {
        match self {
            Role::Subject => "subject id",
            Role::Arm => "treatment arm",
            Role::Baseline => "baseline score",
            Role::Time => "time (hours)",
            Role::Score => "pain score",
            Role::Param => "parameter code",
            Role::Drug => "rescue drug",
            Role::Dose => "dose",
            Role::Opioid => "opioid flag",
            Role::Mme => "morphine-equivalent dose",
            Role::Reference => "reference datetime",
            Role::BaselineFlag => "baseline record flag",
            Role::Dtype => "derivation type",
            Role::Timepoint => "time point (text)",
            Role::Datetime => "date and time",
            Role::DoseUnit => "dose unit",
            Role::Route => "route",
        }
    }

    /// Accepted header names in order of preference (matched after normalisation).
    pub fn aliases(self, table: Table) -> &'static [&'static str] {
        match (self, table) {
            (Role::Subject, _) => &[
                "USUBJID",
                "SUBJID",
                "subject",
                "subject_id",
                "patient",
                "patient_id",
                "participant",
                "participant_id",
                "id",
            ],
            (Role::Arm, _) => &[
                "TRT01P",
                "TRT01A",
                "TRTP",
                "TRTA",
                "ARM",
                "ACTARM",
                "treatment",
                "treatment_arm",
                "treatment_group",
                "trt",
                "group",
            ],
            (Role::Baseline, _) => &[
                "BASE",
                "baseline",
                "baseline_pain",
                "baseline_score",
                "pi0",
                "bl",
            ],
            (Role::Time, Table::Rescue) => &[
                "rescue_time",
                "rescue_time_h",
                "resctime_h",
                "resctime",
                "ARELTM",
                "time",
                "time_h",
                "time_hours",
                "hours",
                "hour",
                "t",
            ],
            (Role::Time, _) => &[
                "ATPTN",
                "ARELTM",
                "time",
                "time_h",
                "time_hours",
                "hours",
                "hour",
                "t",
            ],
            (Role::Score, _) => &[
                "AVAL",
                "score",
                "pain",
                "pain_score",
                "pain_intensity",
                "pi",
                "nrs",
                "vas",
                "value",
            ],
            (Role::Param, _) => &["PARAMCD"],
            (Role::Drug, _) => &["CMDECOD", "CMTRT", "drug", "rescue_drug", "medication"],
            (Role::Dose, _) => &["CMDOSE", "dose", "dose_mg"],
            (Role::Opioid, _) => &["opioid", "opioid_flag", "opioidfl", "is_opioid"],
            (Role::Mme, _) => &["mme", "mme_mg", "morphine_eq", "morphine_equivalent", "meq"],
            (Role::Reference, _) => &[
                "TRTSDTM",
                "RFXSTDTC",
                "RFSTDTC",
                "reference_datetime",
                "origin_datetime",
            ],
            (Role::BaselineFlag, _) => &["ABLFL", "baseline_flag"],
            (Role::Dtype, _) => &["DTYPE"],
            (Role::Timepoint, _) => &["ATPT", "timepoint", "time_point"],
            (Role::Datetime, Table::Rescue) => &[
                "ASTDTM",
                "CMSTDTM",
                "CMSTDTC",
                "ADTM",
                "start_datetime",
                "datetime",
            ],
            (Role::Datetime, _) => &["ADTM", "ADTC", "assessment_datetime", "datetime"],
            (Role::DoseUnit, _) => &["CMDOSU", "dose_unit", "unit"],
            (Role::Route, _) => &["CMROUTE", "route"],
        }
    }
}

/// The roles of a table with whether each is required, in the order they are resolved.
pub fn table_roles(table: Table) -> &'static [(Role, bool)] {
    match table {
        Table::Subjects => &[
            (Role::Subject, true),
            (Role::Arm, true),
            (Role::Baseline, false),
            (Role::Reference, false),
        ],
        Table::Pain => &[
            (Role::Subject, true),
            (Role::Time, false),
            (Role::Score, true),
            (Role::Arm, false),
            (Role::Baseline, false),
            (Role::Param, false),
            (Role::BaselineFlag, false),
            (Role::Dtype, false),
            (Role::Timepoint, false),
            (Role::Datetime, false),
        ],
        Table::Rescue => &[
            (Role::Subject, true),
            (Role::Time, false),
            (Role::Drug, false),
            (Role::Dose, false),
            (Role::Opioid, false),
            (Role::Mme, false),
            (Role::Arm, false),
            (Role::Datetime, false),
            (Role::DoseUnit, false),
            (Role::Route, false),
        ],
    }
}

/// The roles that can give a row's time, in order of preference (a table has the ones listed
/// in its [`table_roles`]).
pub const TIME_ROLES: [Role; 3] = [Role::Time, Role::Timepoint, Role::Datetime];

/// Lower-cases and keeps letters and digits only.
pub(crate) fn normalize(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The overrides of one table.
pub(crate) fn overrides_of(o: &ColumnOverrides, table: Table) -> &BTreeMap<Role, String> {
    match table {
        Table::Subjects => &o.subjects,
        Table::Pain => &o.pain,
        Table::Rescue => &o.rescue,
    }
}

/// Which column (index into the headers) holds each role.
#[derive(Debug, Clone)]
pub(crate) struct Mapping {
    cols: [Option<usize>; N_ROLES],
    /// Required roles no column was found for.
    pub missing: Vec<Role>,
}

impl Mapping {
    pub(crate) fn get(&self, role: Role) -> Option<usize> {
        self.cols.get(role.index()).copied().flatten()
    }

    pub(crate) fn uses(&self, col: usize) -> bool {
        self.cols.contains(&Some(col))
    }

    /// (role, column index) in the table's role order.
    pub(crate) fn assigned(&self, table: Table) -> Vec<(Role, usize)> {
        table_roles(table)
            .iter()
            .filter_map(|&(r, _)| self.get(r).map(|c| (r, c)))
            .collect()
    }
}

/// The message for a required column that was not found.
pub(crate) fn missing_message(table: Table, role: Role, headers: &[String]) -> String {
    let shown: Vec<String> = headers.iter().map(|h| format!("\"{h}\"")).collect();
    if role == Role::Time {
        let names: Vec<&str> = TIME_ROLES
            .iter()
            .filter(|r| table_roles(table).iter().any(|(t, _)| t == *r))
            .flat_map(|r| r.aliases(table).iter().copied())
            .collect();
        return format!(
            "no time column: none of the headers ({}) is one of {} (hours, a text time point or a date and time); name the column in the column choices",
            shown.join(", "),
            names.join(", ")
        );
    }
    format!(
        "no {} column: none of the headers ({}) is one of {}; name the column in the column choices",
        role.label(),
        shown.join(", "),
        role.aliases(table).join(", ")
    )
}

/// Maps headers to roles: overrides first, then aliases. Override defects are pushed to `errs`;
/// missing required roles are listed in [`Mapping::missing`] (not reported here).
pub(crate) fn resolve(
    table: Table,
    headers: &[String],
    overrides: &BTreeMap<Role, String>,
    header_line: usize,
    errs: &mut Vec<InputError>,
) -> Mapping {
    let norm: Vec<String> = headers.iter().map(|h| normalize(h)).collect();
    let roles = table_roles(table);
    let mut cols = [None; N_ROLES];
    let mut disabled = [false; N_ROLES];
    let mut taken = vec![false; headers.len()];
    for (&role, name) in overrides {
        let Some(&(_, required)) = roles.iter().find(|(r, _)| *r == role) else {
            errs.push(
                InputError::new(
                    table,
                    format!(
                        "the {} table has no \"{}\" column role",
                        table.name(),
                        role.name()
                    ),
                )
                .column(name.as_str()),
            );
            continue;
        };
        let name = name.trim();
        if name.is_empty() {
            if required {
                errs.push(
                    InputError::new(
                        table,
                        format!(
                            "the {} column is required and cannot be left out",
                            role.label()
                        ),
                    )
                    .column(role.name()),
                );
            }
            if let Some(d) = disabled.get_mut(role.index()) {
                *d = true;
            }
            continue;
        }
        let found = headers.iter().position(|h| h == name).or_else(|| {
            let n = normalize(name);
            norm.iter().position(|h| !n.is_empty() && *h == n)
        });
        match found {
            None => {
                let shown: Vec<String> = headers.iter().map(|h| format!("\"{h}\"")).collect();
                errs.push(
                    InputError::new(
                        table,
                        format!(
                            "the column chosen as {}, \"{name}\", is not in the table (headers: {})",
                            role.label(),
                            shown.join(", ")
                        ),
                    )
                    .line(header_line)
                    .column(name),
                );
            }
            Some(c) => {
                if taken.get(c).copied().unwrap_or(false) {
                    errs.push(
                        InputError::new(
                            table,
                            format!("the column \"{name}\" is chosen for two roles"),
                        )
                        .line(header_line)
                        .column(name),
                    );
                } else {
                    if let Some(t) = taken.get_mut(c) {
                        *t = true;
                    }
                    if let Some(slot) = cols.get_mut(role.index()) {
                        *slot = Some(c);
                    }
                }
            }
        }
    }
    for &(role, _) in roles {
        let i = role.index();
        if cols.get(i).copied().flatten().is_some() || disabled.get(i).copied().unwrap_or(false) {
            continue;
        }
        'aliases: for alias in role.aliases(table) {
            let a = normalize(alias);
            for (c, h) in norm.iter().enumerate() {
                if *h == a && !taken.get(c).copied().unwrap_or(true) {
                    if let Some(t) = taken.get_mut(c) {
                        *t = true;
                    }
                    if let Some(slot) = cols.get_mut(i) {
                        *slot = Some(c);
                    }
                    break 'aliases;
                }
            }
        }
    }
    let found = |r: Role| cols.get(r.index()).copied().flatten().is_some();
    let mut missing: Vec<Role> = roles
        .iter()
        .filter(|&&(r, req)| req && !found(r))
        .map(|&(r, _)| r)
        .collect();
    // Pain and rescue need a time: hours, a text time point (pain) or a datetime.
    if table != Table::Subjects && !TIME_ROLES.iter().any(|&r| found(r)) {
        let pos = missing.iter().take_while(|r| **r == Role::Subject).count();
        missing.insert(pos, Role::Time);
    }
    Mapping { cols, missing }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(x: &[&str]) -> Vec<String> {
        x.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn aliases_and_priority() {
        let mut e = Vec::new();
        let headers = h(&[
            "STUDYID", "SUBJID", "USUBJID", "ARM", "TRT01A", "TRT01P", "AGE",
        ]);
        let m = resolve(Table::Subjects, &headers, &BTreeMap::new(), 1, &mut e);
        assert!(e.is_empty());
        assert_eq!(m.get(Role::Subject), Some(2));
        assert_eq!(m.get(Role::Arm), Some(5));
        assert_eq!(m.get(Role::Baseline), None);
        assert!(m.missing.is_empty());
        let m = resolve(
            Table::Pain,
            &h(&["Subject ID", "Time (h)", "Pain Score"]),
            &BTreeMap::new(),
            1,
            &mut e,
        );
        assert_eq!(
            (m.get(Role::Subject), m.get(Role::Time), m.get(Role::Score)),
            (Some(0), Some(1), Some(2))
        );
        let m = resolve(
            Table::Pain,
            &h(&["id", "visit"]),
            &BTreeMap::new(),
            1,
            &mut e,
        );
        assert_eq!(m.missing, vec![Role::Time, Role::Score]);
        assert_eq!(normalize("Morphine.Eq_ mg"), "morphineeqmg");
    }

    #[test]
    fn overrides() {
        let mut e = Vec::new();
        let mut o = BTreeMap::new();
        o.insert(Role::Score, "Schmerz".to_string());
        o.insert(Role::Time, "zeit".to_string());
        let m = resolve(
            Table::Pain,
            &h(&["Patient", "Zeit", "Schmerz", "score"]),
            &o,
            1,
            &mut e,
        );
        assert!(e.is_empty(), "{e:?}");
        assert_eq!(
            (m.get(Role::Subject), m.get(Role::Time), m.get(Role::Score)),
            (Some(0), Some(1), Some(2))
        );
        let mut o = BTreeMap::new();
        o.insert(Role::Score, "nope".to_string());
        o.insert(Role::Drug, "x".to_string());
        resolve(Table::Pain, &h(&["id", "time", "score"]), &o, 1, &mut e);
        assert_eq!(e.len(), 2);
        let mut e = Vec::new();
        let mut o = BTreeMap::new();
        o.insert(Role::Baseline, String::new());
        let m = resolve(Table::Subjects, &h(&["id", "arm", "base"]), &o, 1, &mut e);
        assert!(e.is_empty());
        assert_eq!(m.get(Role::Baseline), None);
        assert!(!m.uses(2));
    }
}
