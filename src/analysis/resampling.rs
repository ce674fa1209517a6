//! What resampling needs of an analysed trial: for the subjects of one comparison (an active arm
//! and the reference arm), each subject's primary pain endpoint and rescue use exactly as the
//! main analysis derived them (same window, imputation rules, population and subset), the
//! baseline pain, and the stratum. Permutation tests, bootstrap intervals and the simulation of
//! a future trial all resample these per-subject values: a subject drawn carries both
//! endpoints, so their correlation is kept.

use super::compare::pain_value;
use super::models::{column_index, levels};
use super::Options;
use crate::error::AnalysisError;
use crate::report::Report;
use crate::trial::Trial;
use serde::{Deserialize, Serialize};

/// The subjects of one comparison, one entry per subject in every list (the subjects table's
/// order).
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResamplingData {
    pub active: String,
    pub reference: String,
    /// The pain endpoint's name (`auc`, `twa`, `spid`).
    pub endpoint: super::PainEndpoint,
    /// Whether the subject is in the active arm.
    pub is_active: Vec<bool>,
    /// The primary pain endpoint; NaN when the subject has none (left out of the pain tests).
    pub pain: Vec<f64>,
    /// Rescue use in the window: 1 yes, 0 no, 2 not evaluable (see `rescueProblem`).
    pub rescue: Vec<u8>,
    /// Baseline pain; NaN when missing.
    pub baseline: Vec<f64>,
    /// Stratum code (index into `strata`); 0 for all when no stratum column is set, and
    /// `u32::MAX` for a subject without a stratum value.
    pub stratum: Vec<u32>,
    /// The stratum column's levels (the option `strata.column`); empty without one.
    pub strata: Vec<String>,
    /// The stratum column, when one is set.
    pub stratum_column: Option<String>,
    /// Why rescue use is not evaluable for anybody (no rescue table, …), when so.
    pub rescue_problem: Option<String>,
    pub conf_level: f64,
    pub alpha: f64,
}

/// Missing stratum value.
pub const NO_STRATUM: u32 = u32::MAX;

/// The resampling data of the comparison of `active` (an arm's name; the first active arm when
/// none) against the reference arm, from an analysed trial and its report.
pub(crate) fn resampling_data(
    trial: &Trial,
    report: &Report,
    options: &Options,
    active: Option<&str>,
) -> Result<ResamplingData, AnalysisError> {
    let reference = report
        .settings
        .options
        .reference_arm
        .clone()
        .unwrap_or_default();
    let Some(reference_index) = trial.arms.iter().position(|a| *a == reference) else {
        return Err(super::options::options_error(
            "the reference arm has no subject",
        ));
    };
    let active_index = match active {
        Some(name) => trial.arms.iter().position(|a| a == name).ok_or_else(|| {
            super::options::options_error(format!(
                "resampling: \"{name}\" is not an arm (arms: {})",
                trial.arms.join(", ")
            ))
        })?,
        None => (0..trial.arms.len())
            .find(|&i| i != reference_index)
            .ok_or_else(|| super::options::options_error("no active arm"))?,
    };
    if active_index == reference_index {
        return Err(super::options::options_error(
            "resampling: the active arm is the reference arm",
        ));
    }
    let (strata, codes, stratum_column) = match &options.strata.column {
        Some(name) => {
            let k = column_index(trial, name)?;
            let lv = levels(trial, k);
            let mut names: Vec<String> = Vec::new();
            let codes = lv
                .iter()
                .map(|l| match l {
                    Some(l) => match names.iter().position(|n| n == l) {
                        Some(i) => i as u32,
                        None => {
                            names.push(l.clone());
                            (names.len() - 1) as u32
                        }
                    },
                    None => NO_STRATUM,
                })
                .collect::<Vec<u32>>();
            (names, codes, Some(name.clone()))
        }
        None => (Vec::new(), vec![0; trial.subjects.len()], None),
    };
    let rescue_problem = report.comparisons.first().and_then(|c| match &c.rescue {
        crate::report::Stat::Err { error } => Some(error.clone()),
        _ => None,
    });
    let mut d = ResamplingData {
        active: trial.arms[active_index].clone(),
        reference,
        endpoint: options.primary_endpoint,
        is_active: Vec::new(),
        pain: Vec::new(),
        rescue: Vec::new(),
        baseline: Vec::new(),
        stratum: Vec::new(),
        strata,
        stratum_column,
        rescue_problem,
        conf_level: options.conf_level,
        alpha: options.alpha,
    };
    for ((s, row), code) in trial.subjects.iter().zip(&report.subjects).zip(codes) {
        if s.arm != active_index && s.arm != reference_index {
            continue;
        }
        d.is_active.push(s.arm == active_index);
        d.pain
            .push(pain_value(row, options.primary_endpoint).unwrap_or(f64::NAN));
        d.rescue.push(match &row.rescue {
            Some(r) => u8::from(r.any),
            None => 2,
        });
        d.baseline.push(row.baseline.unwrap_or(f64::NAN));
        d.stratum.push(code);
    }
    Ok(d)
}
