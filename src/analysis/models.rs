//! Covariate models of the primary pain endpoint: the ANCOVA (arm + baseline + chosen
//! covariates), treatment × subgroup and treatment × continuous-covariate interactions. One model
//! for all arms, the reference arm as the base level (R's `contr.treatment`).

use super::compare::pain_value;
use super::options::{options_error, Options};
use crate::error::AnalysisError;
use crate::report::{Models, RescueModels, Stat, SubgroupTest, SubgroupTests, SubjectRow};
use crate::stats::ancova::{
    ancova, interaction_categorical, interaction_continuous, Covariate, CovariateColumn, ModelData,
    SubgroupAnalysis,
};
use crate::stats::anova_tables::anova_tables;
use crate::stats::logistic::{
    logistic, logistic_interaction_categorical, logistic_interaction_continuous, marginal_effects,
    LogisticOptions,
};
use crate::stats::lsmeans::pairwise_lsmeans;
use crate::stats::ttest::welch_t_test;
use crate::trial::{CovariateValue, Trial};

/// Most subjects for which the logistic model's profile-likelihood limits are computed (each
/// limit refits the model some 10–30 times: about 0.1 s per 10 000 subjects natively); above,
/// only the Wald limits, which the profile limits approach in large samples, and a note.
pub const PROFILE_MAX_SUBJECTS: usize = 20_000;

/// Points across a moderator's observed range at which its effect is shown.
const MODERATOR_GRID: usize = 25;

/// Most values of a model's design matrix, subjects × columns (one dense copy is 8 bytes a
/// value; least squares holds about three): 12.5 M, i.e. 1 M subjects × 12 columns or
/// 100 000 subjects × 125 columns. A larger model is refused, not attempted, so that the page
/// does not run out of memory.
pub const MAX_DESIGN_VALUES: usize = 12_500_000;
/// Most arithmetic of a model's QR decomposition, subjects × columns² (about a second or two):
/// 4·10⁹, e.g. 10 000 subjects × 632 columns.
pub const MAX_DESIGN_WORK: f64 = 4e9;

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

/// Number of distinct non-missing levels of a column.
fn n_levels(values: &[Option<String>]) -> usize {
    let set: std::collections::HashSet<&str> =
        values.iter().flatten().map(String::as_str).collect();
    set.len()
}

/// Refuses a model whose design matrix would exceed [`MAX_DESIGN_VALUES`] or
/// [`MAX_DESIGN_WORK`], before anything of its size is allocated. `p` is its number of columns
/// (an upper bound: every subject with a response counted, every level a column).
fn check_size(what: &str, n: usize, p: usize) -> Result<(), String> {
    let values = n.saturating_mul(p);
    let work = n as f64 * (p as f64) * (p as f64);
    if values > MAX_DESIGN_VALUES || work > MAX_DESIGN_WORK {
        return Err(format!(
            "{what}: not fitted: the model has {p} columns for {n} subjects, more than can be \
             fitted here (at most {MAX_DESIGN_VALUES} values, subjects × columns, and \
             {MAX_DESIGN_WORK:e} for subjects × columns²); use fewer covariates, or group or \
             band a column with many levels"
        ));
    }
    Ok(())
}

/// Runs the ANCOVA, the subgroup and the moderator analyses the options ask for.
pub(crate) fn models(
    trial: &Trial,
    rows: &[SubjectRow],
    reference: usize,
    o: &Options,
    rescue_problem: Option<&str>,
) -> Result<Models, AnalysisError> {
    let m = &o.model;
    let mut covariates = Vec::new();
    // Columns of the ANCOVA's design: intercept, arms, baseline, covariates.
    let mut p = trial.arms.len() + 1;
    for name in &m.covariates {
        let k = column_index(trial, name)?;
        let values = if is_numeric(trial, k) && !m.factors.contains(name) {
            p += 1;
            CovariateColumn::Continuous(numbers(trial, k, name)?)
        } else {
            let l = levels(trial, k);
            p += n_levels(&l).saturating_sub(1);
            CovariateColumn::Categorical(l)
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
    let n = y.iter().filter(|v| v.is_some()).count();
    let arms = trial.arms.len();
    // Each subgroup's levels and each moderator's values, read once for both endpoints.
    let groups: Vec<(&String, Vec<Option<String>>)> = m
        .subgroups
        .iter()
        .map(|name| Ok((name, levels(trial, column_index(trial, name)?))))
        .collect::<Result<_, AnalysisError>>()?;
    let mods: Vec<(&String, Vec<Option<f64>>)> = m
        .moderators
        .iter()
        .map(|name| Ok((name, numbers(trial, column_index(trial, name)?, name)?)))
        .collect::<Result<_, AnalysisError>>()?;
    let mut subgroups: Vec<Stat<SubgroupAnalysis>> = Vec::new();
    let mut subgroup_tests = Vec::new();
    for (name, l) in &groups {
        subgroup_tests.push(within_levels(&data, name, l, o.conf_level));
        // Main effect and interaction with every active arm.
        let extra = n_levels(l).saturating_sub(1).saturating_mul(arms);
        subgroups.push(sized(
            &format!("subgroup {name}"),
            n,
            p.saturating_add(extra),
            || interaction_categorical(&data, name, l, o.conf_level),
        ));
    }
    let moderators = mods
        .iter()
        .map(|(name, v)| {
            sized(&format!("moderator {name}"), n, p + arms, || {
                interaction_continuous(
                    &data,
                    name,
                    v,
                    MODERATOR_GRID,
                    &m.moderator_values,
                    o.conf_level,
                )
            })
        })
        .collect();
    let ancova = sized("ANCOVA", n, p, || ancova(&data, o.conf_level));
    // Type II/III refit the model once per term: p + 1 fits at most.
    let anova = sized("ANCOVA F tests", n, p, || anova_tables(&data));
    let pairwise = (arms > 2).then(|| {
        sized("pairwise comparisons", n, p, || {
            pairwise_lsmeans(&data, o.conf_level)
        })
    });
    let rescue = rescue_models(rows, &data, o, rescue_problem, (n, p), (&groups, &mods));
    Ok(Models {
        ancova,
        anova,
        pairwise,
        subgroups,
        moderators,
        subgroup_tests,
        rescue,
    })
}

/// `f()` unless the model is too large to fit ([`check_size`]).
fn sized<T>(
    what: &str,
    n: usize,
    cols: usize,
    f: impl FnOnce() -> Result<T, crate::error::StatError>,
) -> Stat<T> {
    match check_size(what, n, cols) {
        Ok(()) => f().into(),
        Err(error) => Stat::Err { error },
    }
}

/// The logistic models of rescue-medication use (any counted administration in the window) on
/// the ANCOVA's design: the main-effects model (Firth's when separated), the standardised
/// marginal effects, and the subgroup and moderator interactions the options ask for.
fn rescue_models(
    rows: &[SubjectRow],
    pain: &ModelData,
    o: &Options,
    problem: Option<&str>,
    (n_pain, p): (usize, usize),
    (groups, mods): Groups<'_>,
) -> Stat<RescueModels> {
    let y: Option<Vec<Option<f64>>> = rows
        .iter()
        .map(|r| r.rescue.as_ref().map(|e| Some(f64::from(u8::from(e.any)))))
        .collect();
    let y = match (problem, y) {
        (None, Some(y)) => y,
        (p, _) => {
            return Stat::Err {
                error: format!(
                    "models of rescue-medication use: {}",
                    p.unwrap_or("not evaluable: some subjects have no rescue endpoints")
                ),
            }
        }
    };
    let data = ModelData { y: &y, ..*pain };
    let n = y.len().max(n_pain);
    let opts = LogisticOptions {
        conf_level: o.conf_level,
        profile: n <= PROFILE_MAX_SUBJECTS,
    };
    let m = &o.model;
    let arms = pain.arms.len();
    let mut logistic_fit = sized("logistic regression", n, p, || logistic(&data, &opts));
    if let (Stat::Ok(f), false) = (&mut logistic_fit, opts.profile) {
        f.warnings.push(format!(
            "profile-likelihood limits are not computed for more than {PROFILE_MAX_SUBJECTS} \
             subjects; the Wald limits are shown (they agree closely in samples this large)"
        ));
    }
    let marginal = sized("marginal effects", n, p, || marginal_effects(&data, &opts));
    let subgroups = groups
        .iter()
        .map(|(name, l)| {
            let extra = n_levels(l).saturating_sub(1).saturating_mul(arms);
            sized(
                &format!("subgroup {name}"),
                n,
                p.saturating_add(extra),
                || logistic_interaction_categorical(&data, name, l, &opts),
            )
        })
        .collect();
    let moderators = mods
        .iter()
        .map(|(name, v)| {
            sized(&format!("moderator {name}"), n, p + arms, || {
                logistic_interaction_continuous(
                    &data,
                    name,
                    v,
                    MODERATOR_GRID,
                    &m.moderator_values,
                    &opts,
                )
            })
        })
        .collect();
    Stat::Ok(RescueModels {
        logistic: logistic_fit,
        marginal,
        subgroups,
        moderators,
    })
}

/// The subgroups' levels and the moderators' values, by column name.
type Groups<'a> = (
    &'a [(&'a String, Vec<Option<String>>)],
    &'a [(&'a String, Vec<Option<f64>>)],
);

/// Welch's t-test of each active arm against the reference within each level of `levels`
/// (levels in byte order, as the interaction model's factor).
fn within_levels(
    data: &ModelData,
    name: &str,
    levels: &[Option<String>],
    conf_level: f64,
) -> SubgroupTests {
    let mut names: Vec<&str> = levels.iter().flatten().map(String::as_str).collect();
    names.sort_unstable();
    names.dedup();
    let missing = data
        .y
        .iter()
        .zip(levels)
        .filter(|(y, l)| y.is_some() && l.is_none())
        .count();
    let values = |level: &str, arm: usize| -> Vec<f64> {
        data.y
            .iter()
            .zip(levels)
            .zip(data.arm)
            .filter(|((_, l), &a)| a == arm && l.as_deref() == Some(level))
            .filter_map(|((y, _), _)| *y)
            .collect()
    };
    let mut out = Vec::new();
    for level in names {
        let y = values(level, data.reference);
        for arm in (0..data.arms.len()).filter(|&a| a != data.reference) {
            let x = values(level, arm);
            out.push(SubgroupTest {
                level: level.to_string(),
                arm: data.arms.get(arm).cloned().unwrap_or_default(),
                n_active: x.len(),
                n_reference: y.len(),
                welch: welch_t_test(&x, &y, conf_level).into(),
            });
        }
    }
    SubgroupTests {
        subgroup: name.to_string(),
        reference: data.arms.get(data.reference).cloned().unwrap_or_default(),
        missing,
        levels: out,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::endpoints::pain::PainEndpoints;
    use crate::trial::{PainObs, Subject};

    /// `n` subjects in two arms with a `levels`-level SITE column and a pain AUC each.
    fn trial(n: usize, levels: usize) -> (Trial, Vec<SubjectRow>) {
        let subjects: Vec<Subject> = (0..n)
            .map(|i| Subject {
                id: format!("S{i}"),
                arm: (i / levels) % 2,
                baseline: Some((i % 7) as f64),
                covariates: vec![CovariateValue::Level(format!("SITE{}", i % levels))],
                pain: vec![PainObs {
                    time: 4.0,
                    score: Some(1.0),
                }],
                rescue: vec![],
            })
            .collect();
        let rows = subjects
            .iter()
            .enumerate()
            .map(|(i, s)| SubjectRow {
                id: s.id.clone(),
                arm: String::new(),
                baseline: s.baseline,
                pain: PainEndpoints {
                    auc: Some(((i * 37) % 101) as f64),
                    twa: None,
                    spid: None,
                    n_in_window: 1,
                    carried_edge: false,
                    at_start: None,
                    at_end: None,
                },
                twa_reduction: None,
                rescue: None,
                imputed: vec![],
            })
            .collect();
        let t = Trial {
            arms: vec!["Placebo".into(), "Active".into()],
            covariates: vec!["SITE".into()],
            subjects,
            scale: crate::trial::Scale::NRS,
        };
        (t, rows)
    }

    #[test]
    fn a_model_too_large_is_refused_before_it_is_built() {
        // 40 sites: intercept, arm, baseline, 39 site columns and 39 interaction columns = 81
        // columns for 160 000 subjects is 13 M values, above the 12.5 M limit.
        let (t, rows) = trial(160_000, 40);
        let mut o = Options::default();
        o.model.subgroups = vec!["SITE".into()];
        let m = models(&t, &rows, 0, &o, None).expect("models");
        let Stat::Err { error } = &m.subgroups[0] else {
            panic!("expected the subgroup model to be refused")
        };
        assert!(error.contains("81 columns for 160000 subjects"), "{error}");
        assert!(m.ancova.ok().is_some());
        // The same on fewer subjects is fitted.
        let (t, rows) = trial(2_000, 40);
        let m = models(&t, &rows, 0, &o, None).expect("models");
        assert!(m.subgroups[0].ok().is_some(), "{:?}", m.subgroups[0]);
    }

    #[test]
    fn design_limits() {
        assert!(check_size("x", 1_000_000, 12).is_ok());
        assert!(check_size("x", 1_000_000, 13).is_err());
        // The work limit: 10 000 subjects × 633² > 4e9.
        assert!(check_size("x", 10_000, 632).is_ok());
        assert!(check_size("x", 10_000, 633).is_err());
        assert!(check_size("x", usize::MAX, usize::MAX).is_err());
    }
}
