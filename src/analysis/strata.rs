//! Stratified tests of one comparison: Cochran-Mantel-Haenszel and the common risk difference
//! for rescue use, and van Elteren's
//! stratified Wilcoxon for the primary pain endpoint, strata = the levels of a subjects-table
//! column (subjects with an empty stratum are left out).

use super::compare::pain_value;
use super::models::levels;
use super::options::Options;
use crate::report::{Stat, Stratified, SubjectRow};
use crate::stats::contingency::Table2x2;
use crate::stats::natural::natural_cmp;
use crate::stats::stratified::{cmh_test, stratified_wilcoxon, CmhOptions};
use crate::stats::stratified_rd::common_risk_difference;
use crate::trial::Trial;
use std::collections::BTreeMap;

pub(crate) fn stratified(
    trial: &Trial,
    rows: &[SubjectRow],
    column: (usize, &str),
    active: usize,
    reference: usize,
    o: &Options,
) -> Stratified {
    let lv = levels(trial, column.0);
    // per stratum: (active rescued, active n, reference rescued, reference n, active values, reference values)
    #[derive(Default)]
    struct Cell {
        counts: [u64; 4],
        x: Vec<f64>,
        y: Vec<f64>,
    }
    let mut cells: BTreeMap<&str, Cell> = BTreeMap::new();
    let mut rescue_unknown = 0usize;
    for ((s, r), level) in trial.subjects.iter().zip(rows).zip(&lv) {
        let (Some(level), true) = (level, s.arm == active || s.arm == reference) else {
            continue;
        };
        let c = cells.entry(level.as_str()).or_default();
        let is_active = s.arm == active;
        let i = if is_active { 0 } else { 2 };
        match &r.rescue {
            Some(e) => c.counts[i] += u64::from(e.any),
            None => rescue_unknown += 1,
        }
        c.counts[i + 1] += 1;
        if let Some(v) = pain_value(r, o.primary_endpoint) {
            if is_active {
                c.x.push(v)
            } else {
                c.y.push(v)
            }
        }
    }
    // Strata in natural order of their labels (SITE2 before SITE10).
    let mut cells: Vec<(&str, Cell)> = cells.into_iter().collect();
    crate::sort::sort_by(&mut cells, |a, b| natural_cmp(a.0, b.0));
    let tables: Result<Vec<Table2x2>, _> = cells
        .iter()
        .map(|(_, c)| c)
        .map(|c| Table2x2::from_counts(c.counts[0], c.counts[1], c.counts[2], c.counts[3]))
        .collect();
    let risk_difference = if rescue_unknown > 0 {
        Err(crate::error::StatError::new(
            "common risk difference",
            format!("rescue use is not evaluable for {rescue_unknown} subject(s)"),
        ))
    } else {
        tables
            .clone()
            .and_then(|t| common_risk_difference(&t, o.conf_level))
    };
    let cmh = if rescue_unknown > 0 {
        Err(crate::error::StatError::new(
            "CMH test",
            format!("rescue use is not evaluable for {rescue_unknown} subject(s)"),
        ))
    } else {
        tables.and_then(|t| {
            cmh_test(
                &t,
                &CmhOptions {
                    correct: o.strata.cmh_correct,
                    conf_level: o.conf_level,
                },
            )
        })
    };
    let pairs: Vec<(&[f64], &[f64])> = cells
        .iter()
        .map(|(_, c)| c)
        .map(|c| (c.x.as_slice(), c.y.as_slice()))
        .collect();
    Stratified {
        column: column.1.to_string(),
        cmh: Stat::from(cmh),
        van_elteren: stratified_wilcoxon(&pairs, &o.strata.van_elteren).into(),
        levels: cells.iter().map(|(l, _)| l.to_string()).collect(),
        risk_difference: risk_difference.into(),
    }
}
