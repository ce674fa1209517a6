//! Options → report: the only place that decides what to run.
//!
//! Order of work: build the validated trial from the three tables; per subject, the pain
//! endpoints over the window (observed scores only; imputation rules come later) and the rescue
//! summaries; then, for every active arm against the reference arm, the pain comparison
//! (Welch, Student, Wilcoxon–Hodges-Lehmann, Cohen's d, Hedges' g), the rescue comparison
//! (χ² with and without Yates, Fisher, risk difference) and the co-primary verdict.

use crate::endpoints::mme::MmeOptions;
use crate::endpoints::rescue::{rescue_endpoints, RescueRules};
use crate::endpoints::{pain::pain_endpoints, Window};
use crate::error::AnalysisError;
use crate::input::{build_trial, InputOptions, TableSource};
use crate::report::*;
use crate::stats::contingency::{chisq_test, fisher_exact, Table2x2};
use crate::stats::descriptive::summary;
use crate::stats::effect_size::{cohen_d, hedges_g};
use crate::stats::riskdiff::risk_difference;
use crate::stats::ttest::{student_t_test, welch_t_test};
use crate::stats::wilcoxon::{wilcoxon_rank_sum, WilcoxonOptions};
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
    fn label(self) -> &'static str {
        match self {
            PainEndpoint::Auc => "pain AUC",
            PainEndpoint::Twa => "time-weighted average pain",
            PainEndpoint::Spid => "SPID",
        }
    }
    fn lower_is_better(self) -> bool {
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
            mme: MmeOptions::default(),
            time_to_rescue: TimeToRescueOptions::default(),
            input: InputOptions::default(),
        }
    }
}

fn options_error(message: impl Into<String>) -> AnalysisError {
    AnalysisError::Options {
        message: message.into(),
    }
}

fn check_options(o: &Options) -> Result<Window, AnalysisError> {
    let w = Window::new(o.window.start, o.window.end).map_err(options_error)?;
    if !(o.alpha > 0.0 && o.alpha < 1.0) {
        return Err(options_error(format!(
            "alpha must lie strictly between 0 and 1 (got {})",
            o.alpha
        )));
    }
    o.mme.validate().map_err(options_error)?;
    let origin = o.time_to_rescue.origin;
    if !o.time_to_rescue.landmark && !(origin.is_finite() && origin >= 0.0 && origin < w.end) {
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

fn reference_index(trial: &Trial, requested: Option<&str>) -> Result<usize, AnalysisError> {
    match requested {
        Some(name) => trial.arms.iter().position(|a| a == name).ok_or_else(|| {
            options_error(format!(
                "reference arm \"{name}\" is not an arm of the subjects table (arms: {})",
                trial.arms.join(", ")
            ))
        }),
        None => Ok(trial
            .arms
            .iter()
            .position(|a| a.to_lowercase().contains("placebo"))
            .unwrap_or(0)),
    }
}

/// Formats a p-value for text: three significant digits, scientific below 1e-4.
pub fn format_p(p: f64) -> String {
    if !p.is_finite() {
        "not available".into()
    } else if p < 1e-4 {
        format!("p = {p:.2e}")
    } else {
        let digits = (2 - p.log10().floor() as i32).max(0) as usize;
        format!("p = {p:.digits$}")
    }
}

/// Runs the whole analysis on the three tables.
pub fn analyze(
    subjects: &TableSource,
    pain: &TableSource,
    rescue: Option<&TableSource>,
    options: &Options,
) -> Result<Report, AnalysisError> {
    let window = check_options(options)?;
    let (trial, input) = build_trial(subjects, pain, rescue, &options.input)?;
    let reference = reference_index(&trial, options.reference_arm.as_deref())?;
    let mut warnings = Vec::new();

    let rules = RescueRules {
        opioid_only: options.rescue_opioid_only,
        origin: options.time_to_rescue.origin,
        landmark: options.time_to_rescue.landmark,
        mme: &options.mme,
    };
    let rows: Vec<SubjectRow> = trial
        .subjects
        .iter()
        .map(|s| {
            let obs: Vec<(f64, f64)> = s
                .pain
                .iter()
                .filter_map(|o| o.score.map(|y| (o.time, y)))
                .collect();
            SubjectRow {
                id: s.id.clone(),
                arm: trial.arms.get(s.arm).cloned().unwrap_or_default(),
                baseline: s.baseline,
                pain: pain_endpoints(&obs, s.baseline, window),
                rescue: rescue_endpoints(&s.rescue, window, &rules),
            }
        })
        .collect();

    let no_pain = rows.iter().filter(|r| r.pain.auc.is_none()).count();
    if no_pain > 0 {
        warnings.push(format!(
            "{no_pain} subject(s) have no observed pain score and are left out of the pain comparison"
        ));
    }
    if options.primary_endpoint == PainEndpoint::Spid {
        let no_base = rows
            .iter()
            .filter(|r| r.pain.auc.is_some() && r.baseline.is_none())
            .count();
        if no_base > 0 {
            warnings.push(format!(
                "{no_base} subject(s) have no baseline score and no SPID"
            ));
        }
    }

    let arms: Vec<ArmInfo> = trial
        .arms
        .iter()
        .enumerate()
        .map(|(i, name)| ArmInfo {
            name: name.clone(),
            n: trial.subjects.iter().filter(|s| s.arm == i).count(),
        })
        .collect();

    let comparisons = (0..trial.arms.len())
        .filter(|&i| i != reference)
        .map(|active| compare(&trial, &rows, active, reference, options))
        .collect();

    Ok(Report {
        software: Software {
            name: env!("CARGO_PKG_NAME"),
            version: env!("CARGO_PKG_VERSION"),
        },
        settings: Settings {
            window: [window.start, window.end],
            reference_arm: trial.arms.get(reference).cloned().unwrap_or_default(),
            alpha: options.alpha,
            conf_level: options.conf_level,
            primary_endpoint: options.primary_endpoint,
            primary_test: options.primary_test,
            rescue_test: options.rescue_test,
            rescue_opioid_only: options.rescue_opioid_only,
            wilcoxon: options.wilcoxon.clone(),
            mme: options.mme.clone(),
            time_to_rescue: options.time_to_rescue,
        },
        input,
        arms,
        subjects: rows,
        comparisons,
        warnings,
    })
}

fn pain_value(r: &SubjectRow, e: PainEndpoint) -> Option<f64> {
    match e {
        PainEndpoint::Auc => r.pain.auc,
        PainEndpoint::Twa => r.pain.twa,
        PainEndpoint::Spid => r.pain.spid,
    }
}

fn compare(
    trial: &Trial,
    rows: &[SubjectRow],
    active: usize,
    reference: usize,
    o: &Options,
) -> Comparison {
    let in_arm = |arm: usize| {
        rows.iter()
            .zip(&trial.subjects)
            .filter(move |(_, s)| s.arm == arm)
            .map(|(r, _)| r)
    };
    let values = |arm: usize| -> Vec<f64> {
        in_arm(arm)
            .filter_map(|r| pain_value(r, o.primary_endpoint))
            .collect()
    };
    let (x, y) = (values(active), values(reference));
    let wopts = WilcoxonOptions {
        conf_level: o.conf_level,
        ..o.wilcoxon.clone()
    };
    let pain = PainComparison {
        endpoint: o.primary_endpoint,
        active: summary(&x),
        reference: summary(&y),
        welch: welch_t_test(&x, &y, o.conf_level).into(),
        student: student_t_test(&x, &y, o.conf_level).into(),
        wilcoxon: wilcoxon_rank_sum(&x, &y, &wopts).into(),
        cohen_d: cohen_d(&x, &y).into(),
        hedges_g: hedges_g(&x, &y).into(),
    };

    let proportion = |arm: usize| {
        let n = in_arm(arm).count();
        let events = in_arm(arm).filter(|r| r.rescue.any).count();
        Proportion {
            n,
            events,
            proportion: if n > 0 {
                events as f64 / n as f64
            } else {
                f64::NAN
            },
        }
    };
    let (pa, pr) = (proportion(active), proportion(reference));
    let table = Table2x2::from_counts(pa.events as u64, pa.n as u64, pr.events as u64, pr.n as u64);
    let counts = |arm: usize| -> Vec<f64> { in_arm(arm).map(|r| r.rescue.count as f64).collect() };
    let mme = |arm: usize| -> Vec<f64> { in_arm(arm).filter_map(|r| r.rescue.total_mme).collect() };
    let rescue = RescueComparison {
        chisq: table.clone().and_then(|t| chisq_test(&t, false)).into(),
        chisq_yates: table.clone().and_then(|t| chisq_test(&t, true)).into(),
        fisher: table
            .clone()
            .and_then(|t| fisher_exact(&t, o.conf_level))
            .into(),
        risk_difference: table.and_then(|t| risk_difference(&t, o.conf_level)).into(),
        active: pa,
        reference: pr,
        count_active: summary(&counts(active)),
        count_reference: summary(&counts(reference)),
        mme_active: summary(&mme(active)),
        mme_reference: summary(&mme(reference)),
    };
    let verdict = verdict(
        &pain,
        &rescue,
        o,
        &trial.arms[active],
        &trial.arms[reference],
    );
    Comparison {
        active: trial.arms[active].clone(),
        reference: trial.arms[reference].clone(),
        pain,
        rescue,
        verdict,
    }
}

const FRAMEWORK: &str = "Co-primary endpoints (intersection–union test): the trial succeeds only if \
both endpoints are significant at the two-sided level α in favour of the active arm; each test is \
done at the full α with no multiplicity adjustment (FDA, Multiple Endpoints in Clinical Trials, 2022).";

fn verdict(
    pain: &PainComparison,
    rescue: &RescueComparison,
    o: &Options,
    active: &str,
    reference: &str,
) -> Verdict {
    let w = o.window;
    let (pain_p, pain_est, pain_test) = match o.primary_test {
        PrimaryTest::Welch => (
            pain.welch.ok().map(|t| t.p_value),
            pain.welch.ok().map(|t| t.estimate),
            "Welch t-test",
        ),
        PrimaryTest::Student => (
            pain.student.ok().map(|t| t.p_value),
            pain.student.ok().map(|t| t.estimate),
            "Student t-test",
        ),
        PrimaryTest::Wilcoxon => (
            pain.wilcoxon.ok().map(|t| t.p_value),
            pain.wilcoxon.ok().map(|t| t.hl_estimate),
            "Wilcoxon rank-sum test",
        ),
    };
    let (rescue_p, rescue_test) = match o.rescue_test {
        RescueTest::Fisher => (rescue.fisher.ok().map(|t| t.p_value), "Fisher's exact test"),
        RescueTest::Chisq => (rescue.chisq.ok().map(|t| t.p_value), "χ² test"),
        RescueTest::ChisqYates => (
            rescue.chisq_yates.ok().map(|t| t.p_value),
            "χ² test with Yates' correction",
        ),
    };
    let pain_favours = pain_est.is_some_and(|d| {
        if o.primary_endpoint.lower_is_better() {
            d < 0.0
        } else {
            d > 0.0
        }
    });
    let rescue_favours = rescue.active.proportion < rescue.reference.proportion;
    let sig = |p: Option<f64>| p.is_some_and(|p| p < o.alpha);
    let (pain_sig, rescue_sig) = (sig(pain_p), sig(rescue_p));
    let (pain_win, rescue_win) = (pain_sig && pain_favours, rescue_sig && rescue_favours);
    let describe = |p: Option<f64>, win: bool, sig: bool| match p {
        None => "could not be tested".to_string(),
        Some(p) if win => format!("{} — significant", format_p(p)),
        Some(p) if sig => format!(
            "{} — significant, but in favour of the reference arm",
            format_p(p)
        ),
        Some(p) => format!("{} — not significant", format_p(p)),
    };
    let outcome = match (pain_win, rescue_win) {
        (true, true) => format!("{active} met both co-primary endpoints against {reference}."),
        (false, false) => format!("{active} did not meet its co-primary endpoints against {reference}: neither endpoint was won."),
        (true, false) => format!(
            "{active} did not meet its co-primary endpoints against {reference}: the pain endpoint was won but rescue-medication use was not."
        ),
        (false, true) => format!(
            "{active} did not meet its co-primary endpoints against {reference}: rescue-medication use was won but the pain endpoint was not."
        ),
    };
    let text = format!(
        "{outcome} {} {}–{} h ({pain_test}): {}. Rescue-medication use {}–{} h ({rescue_test}): {}. α = {} two-sided.",
        capitalise(o.primary_endpoint.label()),
        w.start,
        w.end,
        describe(pain_p, pain_win, pain_sig),
        w.start,
        w.end,
        describe(rescue_p, rescue_win, rescue_sig),
        o.alpha
    );
    Verdict {
        framework: FRAMEWORK.into(),
        alpha: o.alpha,
        pain_p,
        pain_significant: pain_sig,
        pain_favours_active: pain_favours,
        rescue_p,
        rescue_significant: rescue_sig,
        rescue_favours_active: rescue_favours,
        success: pain_win && rescue_win,
        text,
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn p_formatting() {
        assert_eq!(format_p(0.4123), "p = 0.412");
        assert_eq!(format_p(0.0912), "p = 0.0912");
        assert_eq!(format_p(0.05), "p = 0.0500");
        assert_eq!(format_p(3.2e-7), "p = 3.20e-7");
        assert_eq!(format_p(f64::NAN), "not available");
    }
}
