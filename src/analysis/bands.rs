//! Banding numeric subjects-table columns into groups, and refusing a numeric column with many
//! values as a group.
//!
//! A band option turns a numeric column into a categorical one wherever it is used as a
//! subgroup, stratum or factor covariate: cut points c₁ < … < c_m give the bands "≤ c₁",
//! "(c₁, c₂]", …, "> c_m" (closed on the right, as R's `cut(x, c(-Inf, c, Inf))`); `quantiles: k`
//! cuts at R's `quantile(x, (1:(k − 1))/k, type = 7)` over the column's non-missing values
//! (repeated cut points are merged, so there may be fewer than k bands). Missing values stay
//! missing.
//!
//! A numeric column used as a subgroup or stratum without a band is refused, with the offer to
//! band it, when it looks like a measurement rather than a code: more than
//! [`MAX_NUMERIC_LEVELS`] distinct values and either a non-integer value or more than
//! [`MAX_CODE_LEVELS`] distinct values. Integer codes with few values (centre numbers) pass; so
//! does any column declared categorical in `model.factors` (the model size limits still apply).

use super::options::{options_error, Options};
use crate::error::AnalysisError;
use crate::report::BandedColumn;
use crate::stats::descriptive::quantile_type7;
use crate::trial::{CovariateValue, Trial};
use serde::{Deserialize, Serialize};

/// Most distinct values of a numeric column used as a group without banding.
pub const MAX_NUMERIC_LEVELS: usize = 10;
/// Most distinct integer values of a numeric column taken as codes (e.g. centre numbers).
pub const MAX_CODE_LEVELS: usize = 50;
/// Most quantile bands.
pub const MAX_QUANTILE_BANDS: usize = 10;

/// How to band one numeric column.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum Bands {
    /// Cut points, strictly increasing: `{ "cuts": [10] }` gives "≤ 10" and "> 10".
    Cuts(Vec<f64>),
    /// k groups of about equal size, cut at R's type-7 quantiles: `{ "quantiles": 4 }`.
    Quantiles(usize),
}

/// R's `quantile(x, (1:(k − 1))/k, type = 7)` of the finite values, repeated cuts merged.
pub fn quantile_cuts(values: &[f64], k: usize) -> Vec<f64> {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    crate::sort::sort_f64(&mut v);
    if v.is_empty() || k < 2 {
        return Vec::new();
    }
    let mut cuts: Vec<f64> = (1..k)
        .map(|j| quantile_type7(&v, j as f64 / k as f64))
        .collect();
    cuts.dedup();
    cuts
}

fn num(x: f64) -> String {
    let s = format!("{x:.9}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.into()
    }
}

/// The band labels of cut points.
pub fn band_labels(cuts: &[f64]) -> Vec<String> {
    let mut out = Vec::with_capacity(cuts.len() + 1);
    if let (Some(first), Some(last)) = (cuts.first(), cuts.last()) {
        out.push(format!("≤ {}", num(*first)));
        for w in cuts.windows(2) {
            out.push(format!("({}, {}]", num(w[0]), num(w[1])));
        }
        out.push(format!("> {}", num(*last)));
    }
    out
}

/// Index of the band of `x`: the first cut ≥ x, or the last band.
pub fn band_of(cuts: &[f64], x: f64) -> usize {
    cuts.partition_point(|&c| c < x)
}

/// Checks the band options that do not depend on the data.
pub(crate) fn check_band_options(o: &Options) -> Result<(), AnalysisError> {
    if o.bands.len() > super::options::MAX_LIST {
        return Err(options_error(format!(
            "bands has {} columns; at most {} are allowed",
            o.bands.len(),
            super::options::MAX_LIST
        )));
    }
    for (name, b) in &o.bands {
        match b {
            Bands::Cuts(c) => {
                let ok = !c.is_empty()
                    && c.len() <= super::options::MAX_LIST
                    && c.iter().all(|x| x.is_finite())
                    && c.windows(2).all(|w| w[0] < w[1]);
                if !ok {
                    return Err(options_error(format!(
                        "bands[\"{name}\"].cuts must be 1 to {} strictly increasing finite \
                         numbers (got {c:?})",
                        super::options::MAX_LIST
                    )));
                }
            }
            Bands::Quantiles(k) => {
                if !(2..=MAX_QUANTILE_BANDS).contains(k) {
                    return Err(options_error(format!(
                        "bands[\"{name}\"].quantiles must be 2 to {MAX_QUANTILE_BANDS} groups \
                         (got {k})"
                    )));
                }
            }
        }
    }
    Ok(())
}

/// Replaces each banded column's numbers by their band labels; returns what was done.
pub(crate) fn apply_bands(
    trial: &mut Trial,
    o: &Options,
) -> Result<Vec<BandedColumn>, AnalysisError> {
    let mut out = Vec::new();
    for (name, b) in &o.bands {
        let k = super::models::column_index(trial, name)?;
        let mut values = Vec::with_capacity(trial.subjects.len());
        for s in &trial.subjects {
            match s.covariates.get(k) {
                Some(CovariateValue::Number(v)) => values.push(*v),
                Some(CovariateValue::Level(l)) => {
                    return Err(options_error(format!(
                        "bands[\"{name}\"]: only a numeric column can be banded, but subject {} \
                         has the value \"{l}\"",
                        s.id
                    )))
                }
                _ => {}
            }
        }
        let (cuts, quantiles) = match b {
            Bands::Cuts(c) => (c.clone(), None),
            Bands::Quantiles(q) => (quantile_cuts(&values, *q), Some(*q)),
        };
        if cuts.is_empty() {
            return Err(options_error(format!(
                "bands[\"{name}\"]: the column has no value to band"
            )));
        }
        let labels = band_labels(&cuts);
        let mut counts = vec![0usize; labels.len()];
        for s in trial.subjects.iter_mut() {
            if let Some(c) = s.covariates.get_mut(k) {
                if let CovariateValue::Number(v) = *c {
                    let i = band_of(&cuts, v).min(labels.len() - 1);
                    counts[i] += 1;
                    *c = CovariateValue::Level(labels[i].clone());
                }
            }
        }
        out.push(BandedColumn {
            column: name.clone(),
            quantiles,
            cuts,
            labels,
            counts,
        });
    }
    Ok(out)
}

/// Refuses a numeric measurement as a subgroup or stratum (module docs; banded columns are
/// categorical by now).
pub(crate) fn check_groups(trial: &Trial, o: &Options) -> Result<(), AnalysisError> {
    let m = &o.model;
    let uses = m
        .subgroups
        .iter()
        .map(|c| ("model.subgroups", c))
        .chain(o.strata.column.iter().map(|c| ("strata.column", c)))
        .filter(|(_, c)| !m.factors.contains(c));
    for (option, name) in uses {
        let Ok(k) = super::models::column_index(trial, name) else {
            continue; // reported where the column is used
        };
        let mut distinct: Vec<f64> = trial
            .subjects
            .iter()
            .filter_map(|s| match s.covariates.get(k) {
                Some(CovariateValue::Number(v)) => Some(*v),
                _ => None,
            })
            .collect();
        crate::sort::sort_f64(&mut distinct);
        distinct.dedup();
        let n = distinct.len();
        let codes = n <= MAX_CODE_LEVELS && distinct.iter().all(|v| v.fract() == 0.0);
        if n > MAX_NUMERIC_LEVELS && !codes {
            return Err(options_error(format!(
                "{option}: \"{name}\" is a numeric column with {n} distinct values, a \
                 measurement rather than groups (groups: at most {MAX_NUMERIC_LEVELS} values, or \
                 up to {MAX_CODE_LEVELS} integer codes); band it, e.g. bands: {{ \"{name}\": \
                 {{ \"cuts\": [{}] }} }} or {{ \"{name}\": {{ \"quantiles\": 4 }} }}, or \
                 list it in model.factors if its values are codes",
                num(quantile_type7(&distinct, 0.5))
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_bands() {
        assert_eq!(band_labels(&[10.0]), ["≤ 10", "> 10"]);
        assert_eq!(band_labels(&[1.5, 3.0]), ["≤ 1.5", "(1.5, 3]", "> 3"]);
        assert_eq!(band_of(&[10.0], 10.0), 0);
        assert_eq!(band_of(&[10.0], 10.5), 1);
        assert_eq!(band_of(&[1.0, 2.0], 2.0), 1);
        assert_eq!(quantile_cuts(&[1.0, 2.0, 3.0, 4.0, f64::NAN], 2), [2.5]);
        assert_eq!(quantile_cuts(&[1.0, 1.0, 1.0, 2.0], 4), [1.0, 1.25]);
        assert!(quantile_cuts(&[], 4).is_empty());
    }
}
