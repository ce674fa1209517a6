//! Analysis options: every field has a default, so `{}` is a valid options object.

use crate::endpoints::impute::ImputationOptions;
use crate::endpoints::mme::MmeOptions;
use crate::endpoints::Window;
use crate::error::AnalysisError;
use crate::input::InputOptions;
use crate::stats::stratified::StratifiedWilcoxonOptions;
use crate::stats::survival::{CoxTies, KmConfType};
use crate::stats::wilcoxon::WilcoxonOptions;
use crate::trial::Trial;
use serde::{Deserialize, Serialize};

/// Which per-subject pain endpoint is the primary one.
#[cfg_attr(
    target_arch = "wasm32",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
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

/// The test whose p-value decides the pain endpoint in the verdict.
#[cfg_attr(
    target_arch = "wasm32",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
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

/// The test whose p-value decides the rescue endpoint in the verdict.
#[cfg_attr(
    target_arch = "wasm32",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum RescueTest {
    /// Fisher's exact test, two-sided as R defines it.
    #[default]
    Fisher,
    /// Pearson χ² without continuity correction (SAS's default line).
    Chisq,
    /// Pearson χ² with Yates' correction (R's `chisq.test` default).
    ChisqYates,
}

/// Where time to first rescue is measured from.
#[cfg_attr(
    target_arch = "wasm32",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct TimeToRescueOptions {
    /// Origin in hours of the data's time scale (default 0); rescue before it is ignored.
    pub origin: f64,
    /// Measure from the window start instead (a landmark at a): rescue before a is ignored.
    pub landmark: bool,
}

/// Covariate adjustment, subgroups and effect modifiers (all by subjects-table column name).
#[cfg_attr(
    target_arch = "wasm32",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
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
#[cfg_attr(
    target_arch = "wasm32",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
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
#[cfg_attr(
    target_arch = "wasm32",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct SurvivalOptions {
    /// KM interval transform: `log` (R's default) or `logLog` (SAS's default) or `plain`.
    pub conf_type: KmConfType,
    /// Cox ties: `efron` (R's default) or `breslow` (SAS's default).
    pub ties: CoxTies,
}

/// Rescue frequency per time interval.
#[cfg_attr(
    target_arch = "wasm32",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
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
#[cfg_attr(
    target_arch = "wasm32",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
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
    pub wilcoxon: WilcoxonOptions,
    /// Rules for scores after rescue medication, dropouts and intermittent gaps, applied
    /// before the AUC (default: observed scores only).
    pub imputation: ImputationOptions,
    /// Add the sensitivity table: the primary comparison under each post-rescue rule.
    pub sensitivity: bool,
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
            wilcoxon: WilcoxonOptions::default(),
            imputation: ImputationOptions::default(),
            sensitivity: true,
            responder_thresholds: vec![0.3, 0.5],
            model: ModelOptions::default(),
            strata: StrataOptions::default(),
            survival: SurvivalOptions::default(),
            intervals: IntervalOptions::default(),
            mme: MmeOptions::default(),
            time_to_rescue: TimeToRescueOptions::default(),
            input: InputOptions::default(),
        }
    }
}

pub(crate) fn options_error(message: impl Into<String>) -> AnalysisError {
    AnalysisError::Options {
        message: message.into(),
    }
}

pub(crate) fn check_options(o: &Options) -> Result<Window, AnalysisError> {
    let w = Window::new(o.window.start, o.window.end).map_err(options_error)?;
    if !(o.alpha > 0.0 && o.alpha < 1.0) {
        return Err(options_error(format!(
            "alpha must lie strictly between 0 and 1 (got {})",
            o.alpha
        )));
    }
    o.mme.validate().map_err(options_error)?;
    o.imputation.validate().map_err(options_error)?;
    let cuts = &o.intervals.cuts;
    if cuts.iter().any(|c| !c.is_finite() || *c < 0.0) || cuts.windows(2).any(|w| w[0] >= w[1]) {
        return Err(options_error(format!(
            "interval cut points must be increasing numbers of hours ≥ 0 (got {cuts:?})"
        )));
    }
    if let Some(t) = o
        .responder_thresholds
        .iter()
        .find(|t| !(**t > 0.0 && **t <= 1.0))
    {
        return Err(options_error(format!(
            "responder thresholds are fractions in (0, 1] (got {t})"
        )));
    }
    let origin = o.time_to_rescue.origin;
    let origin_ok = origin.is_finite() && origin >= 0.0 && origin < w.end;
    if !o.time_to_rescue.landmark && !origin_ok {
        return Err(options_error(format!(
            "the origin of time to rescue must lie in [0, {}) h (got {origin})",
            w.end
        )));
    }
    if !(o.conf_level > 0.0 && o.conf_level < 1.0) {
        return Err(options_error(format!(
            "confLevel must lie strictly between 0 and 1 (got {})",
            o.conf_level
        )));
    }
    Ok(w)
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
