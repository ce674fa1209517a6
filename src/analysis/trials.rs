//! Two trials side by side (e.g. the positive Phase II beside the failed Phase III): the same
//! analysis, with the same options, on both; each co-primary endpoint's effect per trial with
//! its standard error, pooled across the trials (fixed effect; random effects with
//! DerSimonian–Laird and REML τ² and the Hartung–Knapp–Sidik–Jonkman interval; see
//! [`crate::stats::meta`]); and a "what changed" table: every baseline variable of either
//! trial, described per trial, with the standardized difference between the trials.
//!
//! Effects per trial, active − reference, from each trial's first comparison (its first active
//! arm against its reference arm; with more arms the others are not pooled, and a warning says
//! so):
//! * pain endpoint: difference in means with SE √(s₁²/n₁ + s₂²/n₂) (Welch's; metafor
//!   `escalc(measure = "MD")`);
//! * rescue use: risk difference with SE √(p₁q₁/n₁ + p₂q₂/n₂) (`escalc(measure = "RD")`), and
//!   the log odds ratio with SE √(1/a + 1/b + 1/c + 1/d), ½ added to every cell of a table
//!   with a zero cell (`escalc(measure = "OR")`, `add = 1/2, to = "only0"`).
//!
//! The interval shown per trial is estimate ± z·SE, the one the pooling uses (a trial's own
//! report may show Welch's t interval or Newcombe's).

use super::baseline::{BaselineValues, LevelCounts, NumericSummary};
use crate::analysis::PainEndpoint;
use crate::report::{Report, Stat};
use crate::stats::dist::norm_quantile;
use serde::Serialize;

/// The two-trial comparison: both reports and what sets them side by side.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TwoTrials {
    /// The first trial's report (e.g. the Phase III trial loaded on the page).
    pub first: Report,
    /// The second trial's report, with the same options.
    pub second: Report,
    pub comparison: TrialComparison,
}

/// Each endpoint's effect per trial and pooled, and what differs between the trials.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TrialComparison {
    /// The trials' names, first then second, as given (e.g. "Phase III", "Phase II").
    pub names: [String; 2],
    pub conf_level: f64,
    /// The pain endpoint, then rescue use as a risk difference and as an odds ratio.
    pub endpoints: Vec<PooledEndpoint>,
    /// Every baseline variable of either trial (the first trial's order, then the second's
    /// own), with the standardized difference between the trials.
    pub changes: Vec<TrialChange>,
    /// What the reader must know (a trial with more arms than pooled, a different reference
    /// arm name, an endpoint not evaluable in one trial).
    pub warnings: Vec<String>,
    /// The methods paragraph for a report.
    pub methods: String,
}

/// One endpoint: the effect in each trial, and pooled.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PooledEndpoint {
    /// `pain`, `rescueRiskDifference` or `rescueOddsRatio`.
    pub key: &'static str,
    /// In words, e.g. "Pain AUC, difference in means".
    pub label: String,
    /// Whether estimates and limits are on the log scale (the odds ratio: exponentiate to show).
    pub log_scale: bool,
    /// First trial, then second.
    pub trials: [Stat<TrialEstimate>; 2],
    /// Not evaluable unless both trials give an estimate.
    pub pooled: Stat<crate::stats::meta::MetaAnalysis>,
}

/// One trial's effect for one endpoint.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TrialEstimate {
    pub active: String,
    pub reference: String,
    pub n_active: usize,
    pub n_reference: usize,
    /// Active − reference (log odds ratio for the odds ratio).
    pub estimate: f64,
    pub se: f64,
    /// estimate ± z·SE.
    pub conf_int: [f64; 2],
    /// The trial's own two-sided p-value for this endpoint, from its report: the verdict's
    /// test (pain: the option `painTest`; rescue: `rescueTest`).
    pub p_value: Option<f64>,
}

/// A baseline variable in the two trials.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TrialChange {
    pub name: String,
    /// Described in each trial (first, second): false when the trial has no such column (or
    /// it was not tabulated, with the reason in `values`).
    pub present: [bool; 2],
    /// The variable's summaries per arm and overall in each trial (as in each report's
    /// baseline table); absent for a trial without the column.
    pub values: [Option<BaselineValues>; 2],
    /// Second trial against first, all arms together: numeric (m₂ − m₁)/√((s₁² + s₂²)/2),
    /// signed; categorical the Yang–Dalton distance over the levels of both (never negative).
    /// Not evaluable when the variable is in one trial only, or lacks a spread.
    pub smd_between: Stat<f64>,
    /// Levels found in one trial only (categorical), or "" when none.
    pub note: String,
}

/// The options for one of the two trials: `options` with every column it names that the
/// trial's tables do not have left out (a column override, a covariate, subgroup, moderator,
/// stratum, band, baseline column or label), each said in a returned note. The trials are
/// analysed alike wherever their columns allow; a condition of the population subset, the
/// pain or rescue rows is not dropped (its error names the column).
pub(crate) fn options_for_trial(
    options: &super::Options,
    tables: [Option<&crate::input::TableSource>; 3],
    name: &str,
) -> (super::Options, Vec<String>) {
    use crate::error::Table;
    let mut o = options.clone();
    let mut notes = Vec::new();
    let none = crate::input::InputOptions {
        columns: Default::default(),
        labels: Default::default(),
        ..options.input.clone()
    };
    let mapping = |t: Table, source: Option<&crate::input::TableSource>| {
        source.and_then(|s| crate::input::describe_table(t, s, &none).ok())
    };
    let [subjects_map, pain_map, rescue_map] = [
        mapping(Table::Subjects, tables[0]),
        mapping(Table::Pain, tables[1]),
        mapping(Table::Rescue, tables[2]),
    ];
    let headers = |m: &Option<crate::input::TableMapping>| m.as_ref().map(|m| m.headers.clone());
    let (subjects, pain, rescue) = (
        headers(&subjects_map),
        headers(&pain_map),
        headers(&rescue_map),
    );
    let Some(subjects) = subjects else {
        return (o, notes);
    };
    // Row conditions on a column this trial's table does not have (e.g. CMCAT of an ADaM
    // concomitant-medication table, when this trial's rescue table is a plain CSV).
    for (what, list, h) in [
        ("pain rows", &mut o.input.pain_rows, &pain),
        ("rescue rows", &mut o.input.rescue_rows, &rescue),
    ] {
        if let Some(h) = h {
            list.retain(|c| {
                let keep = crate::input::filter::parse_condition(c, h).is_ok();
                if !keep {
                    notes.push(format!(
                        "{name}'s table has no column for the {what} condition \"{c}\": left out there"
                    ));
                }
                keep
            });
        }
    }
    let has_param = pain_map
        .as_ref()
        .is_some_and(|m| m.roles.iter().any(|r| r.role == crate::input::Role::Param));
    if !o.input.param.is_empty() && pain_map.is_some() && !has_param {
        notes.push(format!(
            "{name}'s pain table has no parameter column (PARAMCD): the parameter {} is not \
             applied there",
            o.input.param
        ));
        o.input.param.clear();
    }
    let has = |list: &Option<Vec<String>>, c: &str| {
        list.as_ref().is_some_and(|h| h.iter().any(|x| x == c))
    };
    let in_subjects = |c: &str| subjects.iter().any(|x| x == c);
    let drop = |what: &str, list: &mut Vec<String>, notes: &mut Vec<String>| {
        list.retain(|c| {
            let keep = in_subjects(c);
            if !keep {
                notes.push(format!(
                    "{name} has no column {c}: left out as {what} there"
                ));
            }
            keep
        });
    };
    drop("an ANCOVA covariate", &mut o.model.covariates, &mut notes);
    drop("an ANCOVA factor", &mut o.model.factors, &mut notes);
    drop("a subgroup", &mut o.model.subgroups, &mut notes);
    drop("a moderator", &mut o.model.moderators, &mut notes);
    drop("a baseline column", &mut o.baseline.columns, &mut notes);
    drop(
        "a categorical baseline column",
        &mut o.baseline.categorical,
        &mut notes,
    );
    if o.model.moderators.is_empty() {
        o.model.moderator_values.clear();
    }
    if let Some(c) = o.strata.column.clone() {
        if !in_subjects(&c) {
            notes.push(format!(
                "{name} has no column {c}: no stratified tests there"
            ));
            o.strata.column = None;
        }
    }
    o.bands.retain(|c, _| {
        let keep = in_subjects(c);
        if !keep {
            notes.push(format!(
                "{name} has no column {c}: its bands are left out there"
            ));
        }
        keep
    });
    let columns = &mut o.input.columns;
    for (table, map, list) in [
        ("subjects", &mut columns.subjects, &Some(subjects.clone())),
        ("pain", &mut columns.pain, &pain),
        ("rescue", &mut columns.rescue, &rescue),
    ] {
        map.retain(|role, c| {
            let keep = has(list, c);
            if !keep {
                notes.push(format!(
                    "{name}'s {table} table has no column {c}: its {role:?} column is detected \
                     from the names instead"
                ));
            }
            keep
        });
    }
    o.input
        .labels
        .retain(|c, _| in_subjects(c) || has(&pain, c) || has(&rescue, c));
    (o, notes)
}

/// Sets two analysed trials side by side. `names` are the trials' names as shown.
pub fn compare_trials(first: &Report, second: &Report, names: [String; 2]) -> TrialComparison {
    let conf_level = first.settings.options.conf_level;
    let mut warnings = Vec::new();
    for (report, name) in [(first, &names[0]), (second, &names[1])] {
        if report.comparisons.len() > 1 {
            let c = &report.comparisons[0];
            warnings.push(format!(
                "{name} has {} comparisons; only the first, {} against {}, is set beside the \
                 other trial",
                report.comparisons.len(),
                c.active,
                c.reference
            ));
        }
    }
    if let (Some(a), Some(b)) = (first.comparisons.first(), second.comparisons.first()) {
        if a.reference != b.reference || a.active != b.active {
            warnings.push(format!(
                "the arms are named differently: {} against {} in {}, {} against {} in {}",
                a.active, a.reference, names[0], b.active, b.reference, names[1]
            ));
        }
    }
    let endpoint_name = match first.settings.options.primary_endpoint {
        PainEndpoint::Auc => "Pain AUC",
        PainEndpoint::Twa => "Pain TWA",
        PainEndpoint::Spid => "SPID",
    };
    let z = norm_quantile(0.5 + conf_level / 2.0);
    let endpoints = vec![
        pooled(
            "pain",
            format!("{endpoint_name}, difference in means"),
            false,
            [pain_estimate(first, z), pain_estimate(second, z)],
            conf_level,
        ),
        pooled(
            "rescueRiskDifference",
            "Rescue use, risk difference".into(),
            false,
            [rd_estimate(first, z), rd_estimate(second, z)],
            conf_level,
        ),
        pooled(
            "rescueOddsRatio",
            "Rescue use, odds ratio".into(),
            true,
            [or_estimate(first, z), or_estimate(second, z)],
            conf_level,
        ),
    ];
    let methods = format!(
        "{} and {} were analysed with the same options. Effects per trial, active − reference, \
         from each trial's first comparison: the difference in mean {endpoint_name} with SE \
         √(s₁²/n₁ + s₂²/n₂), the risk difference in rescue use with its Wald SE, and the log odds \
         ratio with SE √(1/a + 1/b + 1/c + 1/d), ½ added to every cell of a table with a zero \
         cell (metafor escalc \"MD\", \"RD\", \"OR\"); intervals per trial are estimate ± \
         z·SE ({level} %). Pooled by inverse variance: fixed effect, and random effects with \
         REML τ² (DerSimonian–Laird beside it) and the Hartung–Knapp–Sidik–Jonkman interval (t \
         with k − 1 = 1 df, so wide with two trials; the scale factor not truncated, as metafor \
         test = \"knha\"); heterogeneity by Cochran's Q and I² (Higgins & Thompson 2002). As R \
         metafor rma(yi, sei, method = \"FE\" / \"DL\" / \"REML\"), REML solved to full \
         precision. Baseline variables are compared between the trials, all arms together, by \
         the standardized difference (numeric: (m₂ − m₁)/√((s₁² + s₂²)/2); categorical: Yang & \
         Dalton 2012 over the levels of both trials). A column one trial does not have is left \
         out of that trial's analysis, and said.",
        names[0],
        names[1],
        level = (100.0 * conf_level).round()
    );
    TrialComparison {
        names,
        conf_level,
        endpoints,
        changes: changes(first, second),
        warnings,
        methods,
    }
}

fn pooled(
    key: &'static str,
    label: String,
    log_scale: bool,
    trials: [Stat<TrialEstimate>; 2],
    conf_level: f64,
) -> PooledEndpoint {
    let pooled = match (&trials[0], &trials[1]) {
        (Stat::Ok(a), Stat::Ok(b)) => {
            use crate::stats::meta::{meta_analysis, Study};
            let study = |t: &TrialEstimate| Study {
                estimate: t.estimate,
                se: t.se,
            };
            meta_analysis(&[study(a), study(b)], conf_level).into()
        }
        _ => Stat::Err {
            error: "not evaluable: the effect is not evaluable in both trials".into(),
        },
    };
    PooledEndpoint {
        key,
        label,
        log_scale,
        trials,
        pooled,
    }
}

fn estimate(
    c: &crate::report::Comparison,
    n: (usize, usize),
    (estimate, se): (f64, f64),
    p_value: Option<f64>,
    z: f64,
) -> Stat<TrialEstimate> {
    if !(estimate.is_finite() && se.is_finite() && se > 0.0) {
        return Stat::Err {
            error: "not evaluable: no spread in the data (standard error 0)".into(),
        };
    }
    Stat::Ok(TrialEstimate {
        active: c.active.clone(),
        reference: c.reference.clone(),
        n_active: n.0,
        n_reference: n.1,
        estimate,
        se,
        conf_int: [estimate - z * se, estimate + z * se],
        p_value,
    })
}

fn no_comparison() -> Stat<TrialEstimate> {
    Stat::Err {
        error: "not evaluable: the trial has no comparison".into(),
    }
}

fn pain_estimate(r: &Report, z: f64) -> Stat<TrialEstimate> {
    let Some(c) = r.comparisons.first() else {
        return no_comparison();
    };
    match &c.pain.welch {
        Stat::Ok(t) => estimate(
            c,
            (c.pain.active.n, c.pain.reference.n),
            (t.estimate, t.std_err),
            c.verdict.pain.p_value,
            z,
        ),
        Stat::Err { error } => Stat::Err {
            error: error.clone(),
        },
    }
}

/// The trial's first comparison and its rescue-use comparison, or why there is none.
fn rescue_any(
    r: &Report,
) -> Result<(&crate::report::Comparison, &crate::report::BinaryComparison), Stat<TrialEstimate>> {
    let Some(c) = r.comparisons.first() else {
        return Err(no_comparison());
    };
    match &c.rescue {
        Stat::Ok(rescue) => Ok((c, &rescue.any)),
        Stat::Err { error } => Err(Stat::Err {
            error: error.clone(),
        }),
    }
}

fn rd_estimate(r: &Report, z: f64) -> Stat<TrialEstimate> {
    let (c, any) = match rescue_any(r) {
        Ok(x) => x,
        Err(e) => return e,
    };
    match &any.risk_difference {
        Stat::Ok(d) => estimate(
            c,
            (any.active.n, any.reference.n),
            (d.estimate, d.se),
            c.verdict.rescue.p_value,
            z,
        ),
        Stat::Err { error } => Stat::Err {
            error: error.clone(),
        },
    }
}

fn or_estimate(r: &Report, z: f64) -> Stat<TrialEstimate> {
    let (c, any) = match rescue_any(r) {
        Ok(x) => x,
        Err(e) => return e,
    };
    let (a, n1) = (any.active.events as f64, any.active.n as f64);
    let (c2, n2) = (any.reference.events as f64, any.reference.n as f64);
    let (b, d) = (n1 - a, n2 - c2);
    if n1 == 0.0 || n2 == 0.0 || a + c2 == 0.0 || b + d == 0.0 {
        return Stat::Err {
            error: "not evaluable: no subject, or nobody or everybody rescued in both arms".into(),
        };
    }
    // escalc(measure = "OR", add = 1/2, to = "only0").
    let add = if a == 0.0 || b == 0.0 || c2 == 0.0 || d == 0.0 {
        0.5
    } else {
        0.0
    };
    let (a, b, c2, d) = (a + add, b + add, c2 + add, d + add);
    let log_or = (a * d / (b * c2)).ln();
    let se = (1.0 / a + 1.0 / b + 1.0 / c2 + 1.0 / d).sqrt();
    estimate(
        c,
        (any.active.n, any.reference.n),
        (log_or, se),
        c.verdict.rescue.p_value,
        z,
    )
}

fn changes(first: &Report, second: &Report) -> Vec<TrialChange> {
    let mut names: Vec<&str> = first
        .baseline
        .variables
        .iter()
        .map(|v| v.name.as_str())
        .collect();
    for v in &second.baseline.variables {
        if !names.contains(&v.name.as_str()) {
            names.push(&v.name);
        }
    }
    names
        .into_iter()
        .map(|name| {
            let find = |r: &Report| {
                r.baseline
                    .variables
                    .iter()
                    .find(|v| v.name == name)
                    .map(|v| v.values.clone())
            };
            let values = [find(first), find(second)];
            let present = [
                matches!(&values[0], Some(v) if !matches!(v, BaselineValues::NotTabulated { .. })),
                matches!(&values[1], Some(v) if !matches!(v, BaselineValues::NotTabulated { .. })),
            ];
            let (smd_between, note) = between(&values);
            TrialChange {
                name: name.to_string(),
                present,
                values,
                smd_between,
                note,
            }
        })
        .collect()
}

fn not_evaluable(why: &str) -> Stat<f64> {
    Stat::Err {
        error: format!("not evaluable: {why}"),
    }
}

/// The standardized difference between the trials (second − first), from the overall columns.
fn between(values: &[Option<BaselineValues>; 2]) -> (Stat<f64>, String) {
    match values {
        [Some(BaselineValues::Numeric { overall: a, .. }), Some(BaselineValues::Numeric { overall: b, .. })] => {
            (smd_numeric(a, b), String::new())
        }
        [Some(BaselineValues::Categorical {
            levels: la,
            overall: a,
            ..
        }), Some(BaselineValues::Categorical {
            levels: lb,
            overall: b,
            ..
        })] => smd_levels((la, a), (lb, b)),
        [Some(_), Some(_)] => (
            not_evaluable("numeric in one trial, categorical (or not tabulated) in the other"),
            String::new(),
        ),
        [None, _] => (not_evaluable("not in the first trial"), String::new()),
        [_, None] => (not_evaluable("not in the second trial"), String::new()),
    }
}

fn smd_numeric(a: &NumericSummary, b: &NumericSummary) -> Stat<f64> {
    match (a.mean, a.sd, b.mean, b.sd) {
        (Some(ma), Some(sa), Some(mb), Some(sb)) if sa > 0.0 || sb > 0.0 => {
            Stat::Ok((mb - ma) / ((sa * sa + sb * sb) / 2.0).sqrt())
        }
        (Some(_), Some(_), Some(_), Some(_)) => not_evaluable("no spread in either trial"),
        _ => not_evaluable("fewer than two values in a trial"),
    }
}

/// Yang & Dalton's distance over the union of both trials' levels (the same formula as
/// [`crate::stats::smd::smd_categorical`], from counts).
fn smd_levels(
    (la, a): (&Vec<String>, &LevelCounts),
    (lb, b): (&Vec<String>, &LevelCounts),
) -> (Stat<f64>, String) {
    let mut levels: Vec<&String> = la.iter().collect();
    for l in lb {
        if !levels.contains(&l) {
            levels.push(l);
        }
    }
    let count = |ls: &Vec<String>, c: &LevelCounts, level: &String| {
        ls.iter()
            .position(|l| l == level)
            .and_then(|i| c.counts.get(i).copied())
            .unwrap_or(0)
    };
    let only = |ls: &Vec<String>, c: &LevelCounts, other: &Vec<String>, oc: &LevelCounts| {
        ls.iter()
            .filter(|l| count(ls, c, l) > 0 && count(other, oc, l) == 0)
            .cloned()
            .collect::<Vec<_>>()
    };
    let (only_a, only_b) = (only(la, a, lb, b), only(lb, b, la, a));
    let mut note = Vec::new();
    if !only_a.is_empty() {
        note.push(format!("only in the first trial: {}", only_a.join(", ")));
    }
    if !only_b.is_empty() {
        note.push(format!("only in the second trial: {}", only_b.join(", ")));
    }
    let counts_a: Vec<usize> = levels.iter().map(|l| count(la, a, l)).collect();
    let counts_b: Vec<usize> = levels.iter().map(|l| count(lb, b, l)).collect();
    let smd = match crate::stats::smd::smd_categorical(&counts_b, &counts_a) {
        Ok(d) => Stat::Ok(d),
        Err(e) => not_evaluable(&e.message),
    };
    (smd, note.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numeric(mean: f64, sd: f64) -> NumericSummary {
        NumericSummary {
            n: 10,
            missing: 0,
            mean: Some(mean),
            sd: Some(sd),
            median: None,
            q1: None,
            q3: None,
            min: None,
            max: None,
        }
    }

    #[test]
    fn numeric_difference_between_trials_is_signed_second_minus_first() {
        let d = smd_numeric(&numeric(10.0, 3.0), &numeric(13.0, 4.0));
        assert_eq!(d, Stat::Ok(3.0 / 12.5f64.sqrt()));
        assert!(matches!(
            smd_numeric(&numeric(1.0, 0.0), &numeric(1.0, 0.0)),
            Stat::Err { .. }
        ));
    }

    #[test]
    fn levels_found_in_one_trial_only_are_named() {
        let la = vec!["general".to_string(), "spinal".to_string()];
        let lb = vec!["general".to_string(), "local".to_string()];
        let a = LevelCounts {
            n: 10,
            missing: 0,
            counts: vec![6, 4],
            percent: vec![],
        };
        let b = LevelCounts {
            n: 10,
            missing: 0,
            counts: vec![5, 5],
            percent: vec![],
        };
        let (d, note) = smd_levels((&la, &a), (&lb, &b));
        assert!(matches!(d, Stat::Ok(v) if v > 0.0));
        assert_eq!(
            note,
            "only in the first trial: spinal; only in the second trial: local"
        );
    }
}
