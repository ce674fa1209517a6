//! The baseline characteristics table ("Table 1" of a trial report): each kept column of the
//! subjects table, and the baseline pain score when the trial has one, described by arm and
//! overall over the analysed population (the subjects the analysis uses: the population flag
//! and subset conditions applied), with a standardized difference of each active arm against
//! the reference arm.
//!
//! * **Numeric** variables: n (non-missing), missing, mean, SD (denominator n − 1, R `sd`),
//!   median, first and third quartiles by R's default `quantile(type = 7)` (linear interpolation
//!   of the order statistics, h = (n − 1)p; SAS's default PCTLDEF=5 differs), minimum and
//!   maximum. A statistic that needs more values than there are is absent (`null`): the SD needs
//!   two, the others one.
//! * **Categorical** variables: per level the number of subjects and its percentage of the
//!   subjects with a value (missing ones are not in the denominator), levels in natural order
//!   ("SITE2" before "SITE10", see [`crate::stats::natural`]); the missing count.
//! * The **standardized difference** (active − reference) of [`crate::stats::smd`]: Austin
//!   (2009) for numeric variables, signed; Yang & Dalton (2012) for categorical ones, never
//!   negative (Austin's binary form in absolute value for two levels). When it cannot be
//!   computed (an arm without values, no variance, complete separation) it is an error with
//!   the reason, never a number.
//!
//! Which columns: every covariate column of the subjects table (all but the id, arm, baseline,
//! reference datetime and population flag, and typed date/time columns) except a second
//! subject identifier (a column named as one, e.g. `SUBJID` beside `USUBJID`), in table order,
//! after the baseline pain score; or those listed in `baseline.columns`, in that order; minus
//! `baseline.exclude`. A column is categorical when it holds text; a numeric column is
//! tabulated by level (its numbers as labels, e.g. centre "1") when it is listed in
//! `baseline.categorical` or `model.factors`, or is used without bands as the stratum or a
//! subgroup (the analysis treats it as groups there). Columns are described as entered: a
//! banded column (option `bands`) keeps its numbers here. A categorical column with more than
//! [`MAX_BASELINE_LEVELS`] levels (an identifier or free text) and a numeric one holding an
//! infinite value are listed as not tabulated, with the reason.

use super::models::column_index;
use super::options::{options_error, Options};
use crate::error::{AnalysisError, Table};
use crate::hash::FastMap;
use crate::input::Role;
use crate::report::{ArmInfo, Stat};
use crate::stats::descriptive::{mean, median_sorted, quantile_type7, sd};
use crate::stats::natural::natural_cmp;
use crate::stats::smd::{smd_categorical, smd_numeric};
use crate::trial::{CovariateValue, Subject, Trial};
use serde::{Deserialize, Serialize};
use std::fmt::Write;

/// Most levels a categorical variable may have to be tabulated.
pub const MAX_BASELINE_LEVELS: usize = 100;
/// Most entries of each list of [`BaselineOptions`].
pub const MAX_BASELINE_COLUMNS: usize = 1000;

/// Which columns the baseline characteristics table describes. By default: the baseline pain
/// score, then every covariate column of the subjects table (all but the id, arm, baseline,
/// reference datetime, population flag and typed date/time columns, and a second subject id
/// such as `SUBJID`) in table order. A text column is categorical; a numeric one is summarised
/// as a measurement unless listed in `categorical` or `model.factors`, or used without bands as
/// the stratum or a subgroup.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct BaselineOptions {
    /// Describe the baseline pain score, when the trial has one, as the first variable
    /// (default true).
    pub baseline_pain: bool,
    /// Subjects-table columns to describe, in this order; empty (the default): every covariate
    /// column but a second subject id (e.g. `SUBJID`), in table order.
    pub columns: Vec<String>,
    /// Columns left out.
    pub exclude: Vec<String>,
    /// Numeric columns to tabulate by level (codes, e.g. a centre number), besides those in
    /// `model.factors`, the stratum and subgroups without bands.
    pub categorical: Vec<String>,
}

impl Default for BaselineOptions {
    fn default() -> Self {
        BaselineOptions {
            baseline_pain: true,
            columns: Vec::new(),
            exclude: Vec::new(),
            categorical: Vec::new(),
        }
    }
}

/// The baseline characteristics table ("Table 1"): each described variable by arm and overall
/// over the analysed population, with the standardized difference of each active arm against
/// the reference arm (numeric: (mean_a − mean_r)/√((s_a² + s_r²)/2), Austin 2009, signed;
/// categorical: Yang & Dalton 2012 over the level proportions, never negative). Columns are
/// described as entered (a banded column by its numbers).
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BaselineTable {
    /// The arms with their numbers of subjects in the analysed population, in the order of
    /// the report's `arms` (the order of every per-arm list below).
    pub arms: Vec<ArmInfo>,
    /// Subjects in all arms (the "overall" column).
    pub n: usize,
    /// The reference arm of the standardized differences.
    pub reference: String,
    /// The active arm of each standardized difference, in the order of every `smd` list: each
    /// against `reference` (the order of the report's `comparisons`).
    pub smd_arms: Vec<String>,
    pub variables: Vec<BaselineVariable>,
}

/// One variable (row group) of the baseline table.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BaselineVariable {
    /// The column's name as entered. The baseline pain score is named by its subjects-table
    /// column, or "baseline pain" when it came from the pain table's baseline records.
    pub name: String,
    /// Whether this is the baseline pain score (on the trial's pain scale).
    pub baseline_pain: bool,
    pub values: BaselineValues,
}

/// The summaries of one variable. Serialises with a `kind` tag: `numeric`, `categorical` or
/// `notTabulated`.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum BaselineValues {
    /// Per arm (the table's `arms` order) and overall; `smd` per active arm (`smdArms`).
    #[serde(rename_all = "camelCase")]
    Numeric {
        arms: Vec<NumericSummary>,
        overall: NumericSummary,
        smd: Vec<Stat<f64>>,
    },
    /// Levels in natural order; counts per arm and overall in that order; `smd` per active arm.
    #[serde(rename_all = "camelCase")]
    Categorical {
        levels: Vec<String>,
        arms: Vec<LevelCounts>,
        overall: LevelCounts,
        smd: Vec<Stat<f64>>,
    },
    /// Not described, with the reason (too many levels, a non-finite number).
    #[serde(rename_all = "camelCase")]
    NotTabulated { reason: String },
}

/// A numeric variable in one arm (or overall). Statistics are absent (`null`) when there are
/// too few values: none without a value, the SD with fewer than two.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NumericSummary {
    /// Subjects with a value.
    pub n: usize,
    /// Subjects without a value.
    pub missing: usize,
    pub mean: Option<f64>,
    /// Sample standard deviation, denominator n − 1 (R `sd`).
    pub sd: Option<f64>,
    pub median: Option<f64>,
    /// First quartile, R `quantile(type = 7)`.
    pub q1: Option<f64>,
    /// Third quartile, R `quantile(type = 7)`.
    pub q3: Option<f64>,
    pub min: Option<f64>,
    pub max: Option<f64>,
}

/// A categorical variable in one arm (or overall).
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LevelCounts {
    /// Subjects with a value (the denominator of the percentages).
    pub n: usize,
    /// Subjects without a value.
    pub missing: usize,
    /// Subjects per level, in the order of `levels`.
    pub counts: Vec<usize>,
    /// 100 × count / n per level; absent (`null`) when n = 0.
    pub percent: Vec<Option<f64>>,
}

/// Checks the baseline options that do not depend on the data.
pub(crate) fn check_baseline_options(o: &Options) -> Result<(), AnalysisError> {
    let b = &o.baseline;
    for (name, list) in [
        ("baseline.columns", &b.columns),
        ("baseline.exclude", &b.exclude),
        ("baseline.categorical", &b.categorical),
    ] {
        if list.len() > MAX_BASELINE_COLUMNS {
            return Err(options_error(format!(
                "{name} has {} entries; at most {MAX_BASELINE_COLUMNS} are allowed",
                list.len()
            )));
        }
        for (i, a) in list.iter().enumerate() {
            if list[..i].contains(a) {
                return Err(options_error(format!("{name} names \"{a}\" twice")));
            }
        }
    }
    Ok(())
}

/// The baseline table of `trial` (before banding), with standardized differences against the
/// arm `reference`; `baseline_column` is the subjects table's baseline pain column, if it has
/// one. Errors name an option that lists a column the subjects table lacks.
pub(crate) fn baseline_table(
    trial: &Trial,
    baseline_column: Option<&str>,
    reference: usize,
    o: &Options,
) -> Result<BaselineTable, AnalysisError> {
    let b = &o.baseline;
    let known = |option: &str, name: &str| {
        column_index(trial, name).map_err(|e| match e {
            AnalysisError::Options { message } => options_error(format!("{option}: {message}")),
            e => e,
        })
    };
    for name in &b.exclude {
        known("baseline.exclude", name)?;
    }
    for name in &b.categorical {
        known("baseline.categorical", name)?;
    }
    let columns: Vec<usize> = if b.columns.is_empty() {
        (0..trial.covariates.len())
            .filter(|&c| !is_subject_id(&trial.covariates[c]))
            .collect()
    } else {
        b.columns
            .iter()
            .map(|name| known("baseline.columns", name))
            .collect::<Result<_, _>>()?
    };

    let k = trial.arms.len();
    let mut arms: Vec<ArmInfo> = trial
        .arms
        .iter()
        .map(|name| ArmInfo {
            name: name.clone(),
            n: 0,
        })
        .collect();
    for s in &trial.subjects {
        if let Some(a) = arms.get_mut(s.arm) {
            a.n += 1;
        }
    }
    let actives: Vec<usize> = (0..k).filter(|&i| i != reference).collect();
    let mut variables = Vec::new();

    let has_baseline = trial.subjects.iter().any(|s| s.baseline.is_some());
    if b.baseline_pain && has_baseline {
        let name = baseline_column.unwrap_or("baseline pain").to_string();
        let values = numeric(trial, &actives, reference, &|s| match s.baseline {
            Some(x) => Value::Number(x),
            None => Value::Missing,
        });
        variables.push(BaselineVariable {
            name,
            baseline_pain: true,
            values,
        });
    }

    for c in columns {
        let name = &trial.covariates[c];
        if b.exclude.contains(name) {
            continue;
        }
        let text = trial
            .subjects
            .iter()
            .any(|s| matches!(s.covariates.get(c), Some(CovariateValue::Level(_))));
        let by_level = b.categorical.contains(name)
            || o.model.factors.contains(name)
            || o.strata.column.as_ref() == Some(name)
            || (o.model.subgroups.contains(name) && !o.bands.contains_key(name));
        let values = if text || by_level {
            categorical(trial, &actives, reference, &|s| covariate(s, c))
        } else {
            numeric(trial, &actives, reference, &|s| covariate(s, c))
        };
        variables.push(BaselineVariable {
            name: name.clone(),
            baseline_pain: false,
            values,
        });
    }

    Ok(BaselineTable {
        n: trial.subjects.len(),
        reference: trial.arms.get(reference).cloned().unwrap_or_default(),
        smd_arms: actives.iter().map(|&a| trial.arms[a].clone()).collect(),
        arms,
        variables,
    })
}

/// Whether a column's name is one of the subject id's (`SUBJID` beside `USUBJID`): such a
/// column is a second identifier, left out of the default list.
fn is_subject_id(name: &str) -> bool {
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let n = norm(name);
    Role::Subject
        .aliases(Table::Subjects)
        .iter()
        .any(|a| norm(a) == n)
}

/// One subject's value of a variable.
enum Value<'a> {
    Number(f64),
    Level(&'a str),
    Missing,
}

fn covariate(s: &Subject, c: usize) -> Value<'_> {
    match s.covariates.get(c) {
        Some(CovariateValue::Number(x)) => Value::Number(*x),
        Some(CovariateValue::Level(l)) => Value::Level(l),
        _ => Value::Missing,
    }
}

fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

/// Summary of the values `v` (in data order; sorted here) of one arm or overall.
fn numeric_summary(mut v: Vec<f64>, missing: usize) -> NumericSummary {
    let n = v.len();
    let m = finite(mean(&v));
    let s = if n >= 2 { finite(sd(&v)) } else { None };
    crate::sort::sort_f64(&mut v);
    let q = |p: f64| {
        if n == 0 {
            None
        } else {
            finite(quantile_type7(&v, p))
        }
    };
    NumericSummary {
        n,
        missing,
        mean: m,
        sd: s,
        median: if n == 0 {
            None
        } else {
            finite(median_sorted(&v))
        },
        q1: q(0.25),
        q3: q(0.75),
        min: v.first().copied(),
        max: v.last().copied(),
    }
}

/// The numeric summaries of one variable (`value` of each subject).
fn numeric<'a>(
    trial: &'a Trial,
    actives: &[usize],
    reference: usize,
    value: &dyn Fn(&'a Subject) -> Value<'a>,
) -> BaselineValues {
    let k = trial.arms.len();
    let mut by_arm: Vec<Vec<f64>> = vec![Vec::new(); k];
    let mut missing = vec![0usize; k];
    let mut all = Vec::with_capacity(trial.subjects.len());
    for s in &trial.subjects {
        let x = match value(s) {
            Value::Number(x) if x.is_nan() => None,
            Value::Number(x) if x.is_finite() => Some(x),
            Value::Number(_) => {
                return BaselineValues::NotTabulated {
                    reason: format!("subject {} has a value that is not a finite number", s.id),
                }
            }
            // A numeric column holds no text (the input layer decides per column).
            Value::Level(_) | Value::Missing => None,
        };
        match x {
            Some(x) => {
                if let Some(v) = by_arm.get_mut(s.arm) {
                    v.push(x);
                }
                all.push(x);
            }
            None => {
                if let Some(m) = missing.get_mut(s.arm) {
                    *m += 1;
                }
            }
        }
    }
    let smd = actives
        .iter()
        .map(|&a| smd_numeric(&by_arm[a], &by_arm[reference]).into())
        .collect();
    let total_missing = missing.iter().sum();
    BaselineValues::Numeric {
        arms: by_arm
            .into_iter()
            .zip(missing)
            .map(|(v, m)| numeric_summary(v, m))
            .collect(),
        overall: numeric_summary(all, total_missing),
        smd,
    }
}

/// Level counts of `counts` (per level, in level order) with `missing` subjects without a value.
fn level_counts(counts: Vec<usize>, missing: usize) -> LevelCounts {
    let n: usize = counts.iter().sum();
    LevelCounts {
        n,
        missing,
        percent: counts
            .iter()
            .map(|&c| (n > 0).then(|| 100.0 * c as f64 / n as f64))
            .collect(),
        counts,
    }
}

/// The level counts of one variable (`value` of each subject).
fn categorical<'a>(
    trial: &'a Trial,
    actives: &[usize],
    reference: usize,
    value: &dyn Fn(&'a Subject) -> Value<'a>,
) -> BaselineValues {
    let k = trial.arms.len();
    // Levels in order of first appearance, then each subject's level index.
    let mut index: FastMap<String, usize> = FastMap::default();
    let mut labels: Vec<String> = Vec::new();
    let mut of_subject: Vec<Option<usize>> = Vec::with_capacity(trial.subjects.len());
    let mut buf = String::new();
    for s in &trial.subjects {
        let label: Option<&str> = match value(s) {
            Value::Number(x) if x.is_nan() => None,
            // As the stratified and subgroup analyses label a number (e.g. centre 1).
            Value::Number(x) => {
                buf.clear();
                let _ = write!(buf, "{x}");
                Some(&buf)
            }
            Value::Level(l) => Some(l),
            Value::Missing => None,
        };
        let i = label.map(|l| match index.get(l) {
            Some(&i) => i,
            None => {
                labels.push(l.to_string());
                index.insert(l.to_string(), labels.len() - 1);
                labels.len() - 1
            }
        });
        if labels.len() > MAX_BASELINE_LEVELS {
            return BaselineValues::NotTabulated {
                reason: format!(
                    "more than {MAX_BASELINE_LEVELS} distinct values (an identifier or free \
                     text?); leave the column out (baseline.exclude), or band it if numeric"
                ),
            };
        }
        of_subject.push(i);
    }
    // Natural order of the labels.
    let mut order: Vec<usize> = (0..labels.len()).collect();
    crate::sort::sort_by(&mut order, |&x, &y| natural_cmp(&labels[x], &labels[y]));
    let mut rank = vec![0usize; labels.len()];
    for (r, &i) in order.iter().enumerate() {
        rank[i] = r;
    }
    let levels: Vec<String> = order.iter().map(|&i| labels[i].clone()).collect();
    let mut counts = vec![vec![0usize; levels.len()]; k];
    let mut missing = vec![0usize; k];
    for (s, i) in trial.subjects.iter().zip(&of_subject) {
        match i {
            Some(i) => {
                if let Some(c) = counts.get_mut(s.arm) {
                    c[rank[*i]] += 1;
                }
            }
            None => {
                if let Some(m) = missing.get_mut(s.arm) {
                    *m += 1;
                }
            }
        }
    }
    let overall: Vec<usize> = (0..levels.len())
        .map(|l| counts.iter().map(|c| c[l]).sum())
        .collect();
    let smd = actives
        .iter()
        .map(|&a| smd_categorical(&counts[a], &counts[reference]).into())
        .collect();
    let total_missing = missing.iter().sum();
    BaselineValues::Categorical {
        levels,
        arms: counts
            .into_iter()
            .zip(missing)
            .map(|(c, m)| level_counts(c, m))
            .collect(),
        overall: level_counts(overall, total_missing),
        smd,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trial::Scale;

    fn trial(arms: &[usize], cols: &[&str], values: Vec<Vec<CovariateValue>>) -> Trial {
        Trial {
            arms: vec!["Active".into(), "Placebo".into(), "Other".into()]
                [..arms.iter().max().unwrap() + 1]
                .to_vec(),
            covariates: cols.iter().map(|c| c.to_string()).collect(),
            subjects: arms
                .iter()
                .zip(values)
                .enumerate()
                .map(|(i, (&arm, covariates))| Subject {
                    id: format!("S{i}"),
                    arm,
                    baseline: None,
                    covariates,
                    pain: Vec::new(),
                    rescue: Vec::new(),
                })
                .collect(),
            scale: Scale::NRS,
        }
    }

    use CovariateValue::{Level as L, Missing as M, Number as N};

    fn table(t: &Trial, o: &Options) -> BaselineTable {
        baseline_table(t, None, 1, o).unwrap()
    }

    #[test]
    fn all_missing_in_one_arm_zero_variance_and_one_level() {
        let t = trial(
            &[0, 0, 1, 1, 1],
            &["AGE", "SEX", "DOSE", "SITE"],
            vec![
                vec![M, L("F".into()), N(5.0), N(2.0)],
                vec![M, L("F".into()), N(5.0), N(10.0)],
                vec![N(40.0), L("F".into()), N(5.0), N(2.0)],
                vec![N(50.0), M, N(5.0), M],
                vec![N(60.0), L("F".into()), N(5.0), N(2.0)],
            ],
        );
        let mut o = Options::default();
        o.baseline.categorical = vec!["SITE".into()];
        let b = table(&t, &o);
        assert_eq!(b.n, 5);
        assert_eq!(b.smd_arms, ["Active"]);
        assert_eq!(b.reference, "Placebo");
        let v = |i: usize| &b.variables[i].values;
        // AGE: every value missing in the active arm.
        let BaselineValues::Numeric { arms, overall, smd } = v(0) else {
            panic!("AGE numeric")
        };
        assert_eq!((arms[0].n, arms[0].missing), (0, 2));
        assert_eq!(arms[0].mean, None);
        assert_eq!(arms[0].sd, None);
        assert_eq!(arms[0].min, None);
        assert_eq!(arms[1].mean, Some(50.0));
        assert_eq!(arms[1].sd, Some(10.0));
        assert_eq!((arms[1].q1, arms[1].q3), (Some(45.0), Some(55.0)));
        assert_eq!((overall.n, overall.missing), (3, 2));
        assert!(matches!(&smd[0], Stat::Err { error } if error.contains("0 value")));
        // SEX: one level only.
        let BaselineValues::Categorical {
            levels, arms, smd, ..
        } = v(1)
        else {
            panic!("SEX categorical")
        };
        assert_eq!(levels, &["F"]);
        assert_eq!(arms[1].counts, [2]);
        assert_eq!(arms[1].missing, 1);
        assert_eq!(arms[1].percent, [Some(100.0)]);
        assert!(matches!(&smd[0], Stat::Err { error } if error.contains("same level")));
        // DOSE: no variance.
        let BaselineValues::Numeric { arms, smd, .. } = v(2) else {
            panic!("DOSE numeric")
        };
        assert_eq!(arms[0].sd, Some(0.0));
        assert!(matches!(&smd[0], Stat::Err { error } if error.contains("0/0")));
        // SITE: numbers tabulated by level, in natural order.
        let BaselineValues::Categorical {
            levels, overall, ..
        } = v(3)
        else {
            panic!("SITE categorical")
        };
        assert_eq!(levels, &["2", "10"]);
        assert_eq!(overall.counts, [3, 1]);
        assert_eq!(overall.percent, [Some(75.0), Some(25.0)]);
    }

    #[test]
    fn options_choose_columns() {
        let t = trial(
            &[0, 0, 1, 1],
            &["A", "B", "C"],
            vec![vec![N(1.0), N(2.0), N(3.0)]; 4],
        );
        let mut o = Options::default();
        o.baseline.exclude = vec!["B".into()];
        let names =
            |b: BaselineTable| -> Vec<String> { b.variables.into_iter().map(|v| v.name).collect() };
        assert_eq!(names(table(&t, &o)), ["A", "C"]);
        // A second subject id is left out by default, described when listed.
        let t2 = trial(&[0, 1], &["SUBJID", "A"], vec![vec![N(1.0), N(2.0)]; 2]);
        assert_eq!(names(table(&t2, &Options::default())), ["A"]);
        let mut o2 = Options::default();
        o2.baseline.columns = vec!["SUBJID".into()];
        assert_eq!(names(table(&t2, &o2)), ["SUBJID"]);
        o.baseline.columns = vec!["C".into(), "A".into(), "B".into()];
        assert_eq!(names(table(&t, &o)), ["C", "A"]);
        o.baseline.columns = vec!["Z".into()];
        let e = baseline_table(&t, None, 1, &o).unwrap_err();
        assert!(e.to_string().contains("baseline.columns"), "{e}");
        o.baseline.columns.clear();
        o.baseline.exclude = vec!["A".into(), "A".into()];
        assert!(check_baseline_options(&o).is_err());
    }

    #[test]
    fn too_many_levels_and_infinite_values_are_not_tabulated() {
        let n = MAX_BASELINE_LEVELS + 2;
        let arms: Vec<usize> = (0..n).map(|i| i % 2).collect();
        let values = (0..n)
            .map(|i| {
                vec![
                    L(format!("ID{i}")),
                    N(if i == 3 { f64::INFINITY } else { 1.0 }),
                ]
            })
            .collect();
        let t = trial(&arms, &["ID2", "X"], values);
        let b = table(&t, &Options::default());
        assert!(
            matches!(&b.variables[0].values, BaselineValues::NotTabulated { reason } if reason.contains("distinct"))
        );
        assert!(
            matches!(&b.variables[1].values, BaselineValues::NotTabulated { reason } if reason.contains("S3"))
        );
    }
}
