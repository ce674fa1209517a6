//! Covariate models of the primary pain endpoint: the ANCOVA (arm + baseline + chosen
//! covariates), treatment × subgroup and treatment × continuous-covariate interactions. One model
//! for all arms, the reference arm as the base level (R's `contr.treatment`).

use super::compare::pain_value;
use super::options::{options_error, Options};
use crate::error::AnalysisError;
use crate::report::{Models, Stat, SubjectRow};
use crate::stats::ancova::{
    ancova, interaction_categorical, interaction_continuous, Covariate, CovariateColumn, ModelData,
};
use crate::trial::{CovariateValue, Trial};

/// Points across a moderator's observed range at which its effect is shown.
const MODERATOR_GRID: usize = 25;

/// Index of a subjects-table column, or an options error listing the columns.
pub(crate) fn column_index(trial: &Trial, name: &str) -> Result<usize, AnalysisError> {
    trial
        .covariates
        .iter()
        .position(|c| c == name)
        .ok_or_else(|| {
            let known = if trial.covariates.is_empty() {
                "none".to_string()
            } else {
                trial.covariates.join(", ")
            };
            options_error(format!(
                "\"{name}\" is not a column of the subjects table (covariate columns: {known})"
            ))
        })
}

/// A covariate column as levels (numbers written as in the table, e.g. a centre number 1).
pub(crate) fn levels(trial: &Trial, k: usize) -> Vec<Option<String>> {
    trial
        .subjects
        .iter()
        .map(|s| match s.covariates.get(k) {
            Some(CovariateValue::Level(l)) => Some(l.clone()),
            Some(CovariateValue::Number(v)) => Some(format!("{v}")),
            _ => None,
        })
        .collect()
}

fn numbers(trial: &Trial, k: usize, name: &str) -> Result<Vec<Option<f64>>, AnalysisError> {
    trial
        .subjects
        .iter()
        .map(|s| match s.covariates.get(k) {
            Some(CovariateValue::Number(v)) => Ok(Some(*v)),
            Some(CovariateValue::Level(l)) => Err(options_error(format!(
                "\"{name}\" is used as a continuous covariate but subject {} has the value \"{l}\"",
                s.id
            ))),
            _ => Ok(None),
        })
        .collect()
}

fn is_numeric(trial: &Trial, k: usize) -> bool {
    trial
        .subjects
        .iter()
        .all(|s| !matches!(s.covariates.get(k), Some(CovariateValue::Level(_))))
}

/// Runs the ANCOVA, the subgroup and the moderator analyses the options ask for.
pub(crate) fn models(
    trial: &Trial,
    rows: &[SubjectRow],
    reference: usize,
    o: &Options,
) -> Result<Models, AnalysisError> {
    let m = &o.model;
    let mut covariates = Vec::new();
    for name in &m.covariates {
        let k = column_index(trial, name)?;
        let values = if is_numeric(trial, k) && !m.factors.contains(name) {
            CovariateColumn::Continuous(numbers(trial, k, name)?)
        } else {
            CovariateColumn::Categorical(levels(trial, k))
        };
        covariates.push(Covariate {
            name: name.clone(),
            values,
        });
    }
    let y: Vec<Option<f64>> = rows
        .iter()
        .map(|r| pain_value(r, o.primary_endpoint))
        .collect();
    let arm: Vec<usize> = trial.subjects.iter().map(|s| s.arm).collect();
    let baseline: Vec<Option<f64>> = trial.subjects.iter().map(|s| s.baseline).collect();
    let use_baseline = m.baseline && baseline.iter().any(Option::is_some);
    let data = ModelData {
        y: &y,
        arm: &arm,
        arms: &trial.arms,
        reference,
        baseline: use_baseline.then_some(baseline.as_slice()),
        covariates: &covariates,
    };
    let mut subgroups = Vec::new();
    for name in &m.subgroups {
        let k = column_index(trial, name)?;
        subgroups.push(Stat::from(interaction_categorical(
            &data,
            name,
            &levels(trial, k),
            o.conf_level,
        )));
    }
    let mut moderators = Vec::new();
    for name in &m.moderators {
        let k = column_index(trial, name)?;
        let v = numbers(trial, k, name)?;
        moderators.push(Stat::from(interaction_continuous(
            &data,
            name,
            &v,
            MODERATOR_GRID,
            &m.moderator_values,
            o.conf_level,
        )));
    }
    Ok(Models {
        ancova: ancova(&data, o.conf_level).into(),
        subgroups,
        moderators,
    })
}
