//! Analysis options: every field has a default, so `{}` is a valid options object.

use crate::endpoints::impute::ImputationOptions;
use crate::endpoints::mme::MmeOptions;
use crate::endpoints::Window;
use crate::error::AnalysisError;
use crate::input::{InputOptions, InputSummary, MAX_LABEL_CHARS};
use crate::stats::stratified::StratifiedWilcoxonOptions;
use crate::stats::survival::{CoxTies, KmConfType, KmConvention};
use crate::stats::wilcoxon::WilcoxonOptions;
use crate::trial::Trial;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Which per-subject pain endpoint is the primary one.
#[boundary]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum PainEndpoint {
    /// Area under the pain curve over the window (lower is better).
    #[default]
    Auc,
    /// Time-weighted average, AUC / (b − a) (lower is better; same tests as AUC).
    Twa,
    /// Sum of pain-intensity differences from baseline (higher is better; needs baseline).
    Spid,
}

impl PainEndpoint {
    pub(crate) fn label(self) -> &'static str {
        match self {
            PainEndpoint::Auc => "pain AUC",
            PainEndpoint::Twa => "time-weighted average pain",
            PainEndpoint::Spid => "SPID",
        }
    }
    pub(crate) fn lower_is_better(self) -> bool {
        !matches!(self, PainEndpoint::Spid)
    }
}

/// The multiplicity rule over the active arms of a trial with three or more arms, applied to
/// each co-primary endpoint's p-values of the k − 1 comparisons with the reference (R
/// `p.adjust`); the co-primary pair itself needs none (intersection–union test).
#[boundary]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ArmMultiplicity {
    /// Holm's step-down procedure (R `p.adjust(p, "holm")`).
    #[default]
    Holm,
    /// Bonferroni (R `p.adjust(p, "bonferroni")`).
    Bonferroni,
    /// No adjustment: each active arm is judged at the full α (state why in the SAP).
    None,
}

/// The test whose p-value decides the pain endpoint in the verdict.
#[boundary]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum PrimaryTest {
    /// Welch's t-test (R's `t.test` default).
    #[default]
    Welch,
    /// Student's pooled-variance t-test.
    Student,
    /// Wilcoxon rank-sum test.
    Wilcoxon,
}

/// The test whose p-value decides the rescue endpoint in the verdict, and the effect shown
/// with it.
#[boundary]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum RescueTest {
    /// Fisher's exact test, two-sided as R defines it; effect: risk difference with Newcombe's
    /// interval.
    #[default]
    Fisher,
    /// Pearson χ² without continuity correction (SAS's default line).
    Chisq,
    /// Pearson χ² with Yates' correction (R's `chisq.test` default).
    ChisqYates,
    /// Miettinen–Nurminen score test of the risk difference ("N − 1" χ²), with the
    /// Miettinen–Nurminen interval (SAS `RISKDIFF(CL=MN)`).
    Score,
    /// Logistic regression on arm + baseline + the model's covariates: likelihood-ratio test of
    /// arm (with three or more arms, the Wald z test of the arm's coefficient); effect: the
    /// adjusted odds ratio with its profile-likelihood interval. Under separation, Firth's
    /// penalised likelihood (penalised LR test).
    Logistic,
    /// Covariate-adjusted risk difference by standardisation (g-computation) from the logistic
    /// model, Wald z test with the robust variance of Ye et al. (2023).
    Marginal,
    /// Cochran–Mantel–Haenszel test stratified by `strata.column` (continuity correction as
    /// `strata.cmhCorrect`); effect: the Mantel–Haenszel common odds ratio.
    Cmh,
}

/// Which end of the analysis window [a, b] a rescue administration at exactly that time counts
/// in, for rescue use, the count and the MME totals.
#[boundary]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum RescueWindowBounds {
    /// a ≤ t ≤ b: a dose at exactly the window start counts (the default).
    #[default]
    Closed,
    /// a < t ≤ b: a dose at exactly the window start does not count (it was given before the
    /// window's first assessment could reflect it).
    LeftOpen,
}

/// Where time to first rescue is measured from.
#[boundary]
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct TimeToRescueOptions {
    /// Origin in hours of the data's time scale (default 0); rescue before it is ignored.
    pub origin: f64,
    /// Measure from the window start instead (a landmark at a): rescue before a is ignored.
    pub landmark: bool,
}

/// Covariate adjustment, subgroups and effect modifiers (all by subjects-table column name).
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct ModelOptions {
    /// Adjust the ANCOVA for the baseline score (when the subjects table has one).
    pub baseline: bool,
    /// Further covariates of the ANCOVA; numeric columns enter as continuous unless listed in
    /// `factors`.
    pub covariates: Vec<String>,
    /// Numeric columns to treat as categorical (e.g. a centre number).
    pub factors: Vec<String>,
    /// Categorical subgroups: treatment × subgroup interaction and per-subgroup effects.
    pub subgroups: Vec<String>,
    /// Continuous effect modifiers: treatment × covariate interaction and the effect across
    /// the covariate's range.
    pub moderators: Vec<String>,
    /// Extra values at which to show the effect across a moderator's range.
    pub moderator_values: Vec<f64>,
}

impl Default for ModelOptions {
    fn default() -> Self {
        ModelOptions {
            baseline: true,
            covariates: Vec::new(),
            factors: Vec::new(),
            subgroups: Vec::new(),
            moderators: Vec::new(),
            moderator_values: Vec::new(),
        }
    }
}

/// Stratified analyses (CMH for rescue use, van Elteren for the pain endpoint).
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct StrataOptions {
    /// Subjects-table column whose levels are the strata (e.g. centre); none = no stratified
    /// analysis.
    pub column: Option<String>,
    /// CMH continuity correction: on as R's `mantelhaen.test` (default), off as SAS's
    /// PROC FREQ CMH.
    pub cmh_correct: bool,
    pub van_elteren: StratifiedWilcoxonOptions,
}

impl Default for StrataOptions {
    fn default() -> Self {
        StrataOptions {
            column: None,
            cmh_correct: true,
            van_elteren: StratifiedWilcoxonOptions::default(),
        }
    }
}

/// Kaplan-Meier and Cox settings for time to first rescue.
#[boundary]
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct SurvivalOptions {
    /// KM interval transform: `log` (R's default) or `logLog` (SAS's default) or `plain`.
    pub conf_type: KmConfType,
    /// Cox ties: `efron` (R's default) or `breslow` (SAS's default).
    pub ties: CoxTies,
    /// Kaplan–Meier quantiles and estimates past the last observed time: `r` (default;
    /// `quantile.survfit`, the last value carried) or `sas` (PROC LIFETEST: not estimable past
    /// a censored last time, quartiles by SAS's rule with Brookmeyer–Crowley limits).
    pub convention: KmConvention,
}

/// Rescue frequency per time interval.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct IntervalOptions {
    /// Cut points in hours, increasing; intervals [cᵢ, cᵢ₊₁), the last one closed.
    pub cuts: Vec<f64>,
    /// Count opioid (narcotic) rescue only.
    pub opioid_only: bool,
}

impl Default for IntervalOptions {
    fn default() -> Self {
        IntervalOptions {
            cuts: vec![0.0, 4.0, 8.0, 12.0, 16.0, 20.0, 24.0],
            opioid_only: true,
        }
    }
}

/// Analysis options; every field has a default, so `{}` is a valid options object.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct Options {
    /// Analysis window in hours, default 4–24 h.
    pub window: Window,
    /// Label of the reference (control) arm; default: the first arm whose label contains
    /// "placebo" (case-insensitive), else the first arm in the subjects table.
    pub reference_arm: Option<String>,
    /// Two-sided significance level of each co-primary test (default 0.05).
    pub alpha: f64,
    /// Confidence level of intervals (default 0.95).
    pub conf_level: f64,
    pub primary_endpoint: PainEndpoint,
    pub primary_test: PrimaryTest,
    pub rescue_test: RescueTest,
    /// Count only administrations flagged as opioid (narcotic rescue).
    pub rescue_opioid_only: bool,
    /// Whether rescue at exactly the window start counts (closed [a, b], the default) or not
    /// (left-open (a, b]).
    pub rescue_window: RescueWindowBounds,
    pub wilcoxon: WilcoxonOptions,
    /// Rules for scores after rescue medication, dropouts and intermittent gaps, applied
    /// before the AUC (default: observed scores only).
    pub imputation: ImputationOptions,
    /// Add the sensitivity table: the primary comparison under each post-rescue rule.
    pub sensitivity: bool,
    /// How the verdict of each active arm allows for several active arms (three or more arms):
    /// Holm (default) or Bonferroni over the active arms, per endpoint, or none (each active
    /// arm at the full α). With two arms nothing is adjusted.
    pub multiplicity: ArmMultiplicity,
    /// Global tests over all arms (Kruskal–Wallis, one-way ANOVA, Welch's ANOVA, k × 2 χ²)
    /// also for a two-arm trial; with three or more arms they are always computed. With two
    /// arms the ANOVA F equals Student's t², Welch's ANOVA F equals Welch's t², and the χ² is
    /// the uncorrected 2 × 2 χ².
    pub global_tests: bool,
    /// Responder thresholds: fractional reductions of the time-weighted average pain from
    /// baseline (default 30 % and 50 %, IMMPACT's moderate and substantial improvement).
    pub responder_thresholds: Vec<f64>,
    /// ANCOVA covariates, subgroups and effect modifiers.
    pub model: ModelOptions,
    /// Stratified tests.
    pub strata: StrataOptions,
    /// Time to first rescue: KM transform and Cox ties.
    pub survival: SurvivalOptions,
    /// Rescue per time interval with multiplicity adjustment.
    pub intervals: IntervalOptions,
    /// Morphine-equivalent conversion of rescue doses.
    pub mme: MmeOptions,
    /// Origin of time to first rescue.
    pub time_to_rescue: TimeToRescueOptions,
    /// Parsing, column and scale options.
    pub input: InputOptions,
    /// Numeric subjects-table columns to band into groups (by column name), so that they can be
    /// subgroups, strata or factor covariates: `{ "LIDOVOL": { "cuts": [10] } }` or
    /// `{ "AGE": { "quantiles": 4 } }`.
    pub bands: std::collections::BTreeMap<String, super::bands::Bands>,
    /// A subject whose window lies after its last (or before its first) observed score for
    /// more than this share, so that its AUC rests on carried or imputed values there, is
    /// counted in a warning (default 0.25; in (0, 1]).
    pub carried_warning_share: f64,
    /// Which columns the baseline characteristics table describes.
    pub baseline: super::baseline::BaselineOptions,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            window: Window::default(),
            reference_arm: None,
            alpha: 0.05,
            conf_level: 0.95,
            primary_endpoint: PainEndpoint::default(),
            primary_test: PrimaryTest::default(),
            rescue_test: RescueTest::default(),
            rescue_opioid_only: false,
            rescue_window: RescueWindowBounds::Closed,
            wilcoxon: WilcoxonOptions::default(),
            imputation: ImputationOptions::default(),
            sensitivity: true,
            multiplicity: ArmMultiplicity::default(),
            global_tests: false,
            responder_thresholds: vec![0.3, 0.5],
            model: ModelOptions::default(),
            strata: StrataOptions::default(),
            survival: SurvivalOptions::default(),
            intervals: IntervalOptions::default(),
            mme: MmeOptions::default(),
            time_to_rescue: TimeToRescueOptions::default(),
            input: InputOptions::default(),
            bands: Default::default(),
            carried_warning_share: 0.25,
            baseline: Default::default(),
        }
    }
}

pub(crate) fn options_error(message: impl Into<String>) -> AnalysisError {
    AnalysisError::Options {
        message: message.into(),
    }
}

/// Largest time in hours any option may name (about 14 months): an analgesic trial's hours
/// scale never reaches it, and a larger number is most likely a unit error (minutes, seconds,
/// a date). Also bounds what is sized by an option (the number-at-risk grid).
pub const MAX_HOURS: f64 = 1e4;
/// A window end or last cut point more than this many times the largest time in the data
/// (pain assessments and rescue administrations) is refused as far from the data.
pub const MAX_BEYOND_DATA: f64 = 10.0;
/// Most entries of a list option (responder thresholds, moderator values, model columns).
pub const MAX_LIST: usize = 50;
/// Most interval cut points.
pub const MAX_CUTS: usize = 101;
/// Most entries of a drug table (MME factors, per-drug rescue windows).
pub const MAX_DRUGS: usize = 1000;
/// Most column labels (`input.labels`) checked before the tables are read; after, every label
/// must name a column of a table, which bounds them by the tables' columns.
pub const MAX_LABELS: usize = 10_000;

fn in_hours(option: &str, x: f64) -> Result<(), AnalysisError> {
    if x.is_finite() && (0.0..=MAX_HOURS).contains(&x) {
        Ok(())
    } else {
        Err(options_error(format!(
            "{option} must be a number of hours in [0, {MAX_HOURS}] (got {x})"
        )))
    }
}

fn short_list<T>(option: &str, v: &[T], max: usize) -> Result<(), AnalysisError> {
    if v.len() > max {
        return Err(options_error(format!(
            "{option} has {} entries; at most {max} are allowed",
            v.len()
        )));
    }
    Ok(())
}

fn no_duplicates(option: &str, v: &[String]) -> Result<(), AnalysisError> {
    for (i, a) in v.iter().enumerate() {
        if v[..i].contains(a) {
            return Err(options_error(format!("{option} names \"{a}\" twice")));
        }
    }
    Ok(())
}

fn level_in(option: &str, x: f64) -> Result<(), AnalysisError> {
    if x > 0.0 && x < 1.0 {
        Ok(())
    } else {
        Err(options_error(format!(
            "{option} must lie strictly between 0 and 1 (got {x})"
        )))
    }
}

/// Checks every option that does not depend on the data; each error names its option (as in
/// the JSON options object). Returns the window.
pub(crate) fn check_options(o: &Options) -> Result<Window, AnalysisError> {
    let w = Window::new(o.window.start, o.window.end)
        .map_err(|e| options_error(format!("window: {e}")))?;
    in_hours("window.end", w.end)?;
    if !(o.alpha > 0.0 && o.alpha <= 0.5) {
        return Err(options_error(format!(
            "alpha (the two-sided significance level) must lie in (0, 0.5] (got {})",
            o.alpha
        )));
    }
    level_in("confLevel", o.conf_level)?;
    level_in("wilcoxon.confLevel", o.wilcoxon.conf_level)?;
    if o.wilcoxon.alternative != crate::stats::ttest::Alternative::TwoSided {
        return Err(options_error(
            "wilcoxon.alternative: the comparisons are two-sided (α is two-sided); the one-sided \
             p-value in the direction favouring the active arm is reported beside each test",
        ));
    }
    o.mme
        .validate()
        .map_err(|e| options_error(format!("mme.factors: {e}")))?;
    if o.mme.factors.len() > MAX_DRUGS {
        return Err(options_error(format!(
            "mme.factors has {} drugs; at most {MAX_DRUGS} are allowed",
            o.mme.factors.len()
        )));
    }
    o.imputation
        .validate()
        .map_err(|e| options_error(format!("imputation: {e}")))?;
    in_hours(
        "imputation.rescueWindowHours",
        o.imputation.rescue_window_hours,
    )?;
    if o.imputation.rescue_window_by_drug.len() > MAX_DRUGS {
        return Err(options_error(format!(
            "imputation.rescueWindowByDrug has {} drugs; at most {MAX_DRUGS} are allowed",
            o.imputation.rescue_window_by_drug.len()
        )));
    }
    for (drug, &h) in &o.imputation.rescue_window_by_drug {
        in_hours(&format!("imputation.rescueWindowByDrug[\"{drug}\"]"), h)?;
    }
    let cuts = &o.intervals.cuts;
    short_list("intervals.cuts", cuts, MAX_CUTS)?;
    if cuts.len() == 1 {
        return Err(options_error(
            "intervals.cuts needs at least two cut points (or none, for no per-interval table)",
        ));
    }
    for &c in cuts {
        in_hours("intervals.cuts", c)?;
    }
    if cuts.windows(2).any(|w| w[0] >= w[1]) {
        return Err(options_error(format!(
            "intervals.cuts must be strictly increasing (got {cuts:?})"
        )));
    }
    let t = &o.responder_thresholds;
    short_list("responderThresholds", t, MAX_LIST)?;
    if let Some(x) = t.iter().find(|t| !(**t > 0.0 && **t <= 1.0)) {
        return Err(options_error(format!(
            "responderThresholds are fractional reductions in (0, 1], e.g. 0.3 for 30 % (got {x})"
        )));
    }
    if t.iter().enumerate().any(|(i, x)| t[..i].contains(x)) {
        return Err(options_error(format!(
            "responderThresholds lists a threshold twice ({t:?})"
        )));
    }
    let origin = o.time_to_rescue.origin;
    let origin_ok = origin.is_finite() && origin >= 0.0 && origin < w.end;
    if !o.time_to_rescue.landmark && !origin_ok {
        return Err(options_error(format!(
            "timeToRescue.origin must lie in [0, {}) h, before the window end (got {origin})",
            w.end
        )));
    }
    super::bands::check_band_options(o)?;
    super::baseline::check_baseline_options(o)?;
    let c = o.carried_warning_share;
    if !(c > 0.0 && c <= 1.0) {
        return Err(options_error(format!(
            "carriedWarningShare must lie in (0, 1] (got {c})"
        )));
    }
    check_labels(&o.input.labels)?;
    if o.rescue_test == RescueTest::Cmh && o.strata.column.is_none() {
        return Err(options_error(
            "rescueTest \"cmh\" needs a stratum column (strata.column)",
        ));
    }
    let m = &o.model;
    for (name, list) in [
        ("model.covariates", &m.covariates),
        ("model.factors", &m.factors),
        ("model.subgroups", &m.subgroups),
        ("model.moderators", &m.moderators),
    ] {
        short_list(name, list, MAX_LIST)?;
        no_duplicates(name, list)?;
    }
    short_list("model.moderatorValues", &m.moderator_values, MAX_LIST)?;
    if let Some(x) = m.moderator_values.iter().find(|x| !x.is_finite()) {
        return Err(options_error(format!(
            "model.moderatorValues must be finite numbers (got {x})"
        )));
    }
    Ok(w)
}

/// The labels' form: at most [`MAX_LABELS`], each key a column name, each label 1 to
/// [`MAX_LABEL_CHARS`] characters without control characters.
fn check_labels(labels: &BTreeMap<String, String>) -> Result<(), AnalysisError> {
    if labels.len() > MAX_LABELS {
        return Err(options_error(format!(
            "input.labels has {} entries; at most {MAX_LABELS} are allowed (one per column of \
             the tables)",
            labels.len()
        )));
    }
    for (name, label) in labels {
        if name.trim().is_empty() {
            return Err(options_error(format!(
                "input.labels: a label (\"{label}\") is given for an empty column name"
            )));
        }
        let chars = label.chars().count();
        if label.trim().is_empty() {
            return Err(options_error(format!(
                "input.labels[\"{name}\"] is empty; give a label or leave the column out"
            )));
        }
        if chars > MAX_LABEL_CHARS {
            return Err(options_error(format!(
                "input.labels[\"{name}\"] has {chars} characters; at most {MAX_LABEL_CHARS} are \
                 allowed"
            )));
        }
        if label.chars().any(char::is_control) {
            return Err(options_error(format!(
                "input.labels[\"{name}\"] contains a control character (e.g. a line break or a \
                 tab); a label is one line of text"
            )));
        }
    }
    Ok(())
}

/// Every key of `input.labels` must be a column of one of the tables read (as its header is
/// written, trimmed); an unknown key is most likely a typing error, or a label left from other
/// data.
pub(crate) fn check_labels_against_tables(
    o: &Options,
    input: &InputSummary,
) -> Result<(), AnalysisError> {
    let tables = [
        Some(&input.subjects),
        Some(&input.pain),
        input.rescue.as_ref(),
    ];
    for name in o.input.labels.keys() {
        let known = tables
            .iter()
            .flatten()
            .any(|t| t.headers.iter().any(|h| h == name));
        if !known {
            return Err(options_error(format!(
                "input.labels: \"{name}\" is not a column of the subjects, pain or rescue \
                 table (column names are compared exactly, case included)"
            )));
        }
    }
    Ok(())
}

/// Checks the options that are judged against the data: the window end and the last interval
/// cut must not exceed [`MAX_BEYOND_DATA`] × the largest time in the data (pain assessments and
/// rescue administrations), when that time is positive.
pub(crate) fn check_against_data(o: &Options, trial: &Trial) -> Result<(), AnalysisError> {
    let t_max = trial
        .subjects
        .iter()
        .flat_map(|s| {
            s.pain
                .iter()
                .map(|p| p.time)
                .chain(s.rescue.iter().map(|e| e.time))
        })
        .filter(|t| t.is_finite())
        .fold(0.0f64, f64::max);
    if t_max <= 0.0 {
        return Ok(());
    }
    let limit = MAX_BEYOND_DATA * t_max;
    let far = |option: &str, x: f64| -> Result<(), AnalysisError> {
        if x > limit {
            Err(options_error(format!(
                "{option} ({x} h) is more than {MAX_BEYOND_DATA} × the last time in the data \
                 ({t_max} h); check the unit of the times and of the option"
            )))
        } else {
            Ok(())
        }
    };
    far("window.end", o.window.end)?;
    if let Some(&c) = o.intervals.cuts.last() {
        far("intervals.cuts", c)?;
    }
    Ok(())
}

pub(crate) fn reference_index(
    trial: &Trial,
    requested: Option<&str>,
) -> Result<usize, AnalysisError> {
    match requested {
        Some(name) => trial.arms.iter().position(|a| a == name).ok_or_else(|| {
            options_error(format!(
                "referenceArm: \"{name}\" is not an arm of the subjects table (arms: {}; labels \
                 are compared exactly)",
                trial
                    .arms
                    .iter()
                    .map(|a| format!("\"{a}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        }),
        None => Ok(trial
            .arms
            .iter()
            .position(|a| a.to_lowercase().contains("placebo"))
            .unwrap_or(0)),
    }
}
