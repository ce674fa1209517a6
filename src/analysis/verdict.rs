//! The co-primary decision, with each endpoint's effect and interval, in plain words.
//!
//! Both endpoints must be significant at the two-sided level α in favour of the active arm
//! (intersection–union test: no adjustment between the two endpoints; FDA, *Multiple Endpoints
//! in Clinical Trials*, 2022, section III.B). With several active arms, each endpoint's p-values
//! of the k − 1 comparisons with the reference are adjusted first by
//! [`ArmMultiplicity`] (Holm by default; R `p.adjust`), and each arm is judged on the adjusted
//! p-values.

use super::options::{ArmMultiplicity, Options, PrimaryTest, RescueTest};
use crate::report::{
    Comparison, EndpointDecision, PainComparison, RescueComparison, RescueModels, Stat, Stratified,
    Verdict,
};
use crate::stats::dist::norm_cdf;
use crate::stats::multiplicity::{p_adjust, Adjustment};

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

/// A number for text: three significant digits (at most 6 decimals), U+2212 for minus.
fn num(x: f64) -> String {
    if !x.is_finite() {
        return "not available".into();
    }
    let digits = if x == 0.0 {
        1
    } else {
        (2 - x.abs().log10().floor() as i32).clamp(0, 6) as usize
    };
    let s = format!("{x:.digits$}");
    // "-0.0" after rounding is zero.
    if s.trim_start_matches('-')
        .chars()
        .all(|c| c == '0' || c == '.')
    {
        return s.trim_start_matches('-').to_string();
    }
    s.replacen('-', "\u{2212}", 1)
}

fn pct(p: f64) -> String {
    format!("{:.1} %", 100.0 * p)
}

const FRAMEWORK: &str = "Co-primary endpoints: the trial succeeds only if both endpoints are \
significant at the two-sided level α in favour of the active arm, so no adjustment is needed \
between the two (intersection–union test; FDA, Multiple Endpoints in Clinical Trials, 2022).";

/// The fine print on which rescue administrations count: the window's bounds.
pub(crate) fn rescue_window_text(o: &Options) -> String {
    let (a, b) = (o.window.start, o.window.end);
    match o.rescue_window {
        super::RescueWindowBounds::Closed => format!(
            "Rescue use counts administrations at {a} ≤ t ≤ {b} h (the closed window [{a}, {b}]: \
             a dose at exactly {a} h counts)."
        ),
        super::RescueWindowBounds::LeftOpen => format!(
            "Rescue use counts administrations at {a} < t ≤ {b} h (the half-open window ({a}, \
             {b}]: a dose at exactly {a} h does not count)."
        ),
    }
}

/// The decision for one active arm at its unadjusted p-values (two arms, or before
/// [`apply_multiplicity`]).
pub(crate) fn verdict(
    pain: &PainComparison,
    rescue: &RescueEvidence,
    o: &Options,
    active: &str,
    reference: &str,
) -> Verdict {
    decide(pain, rescue, o, (active, reference), None)
}

/// What the chosen rescue test ([`RescueTest`]) contributes to the verdict: its p-value, the
/// effect shown with it, and why it is missing.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RescueEvidence {
    /// Observed proportions (or standardised risks), active and reference.
    values: Option<(f64, f64)>,
    statistic: &'static str,
    effect: &'static str,
    estimate: Option<f64>,
    conf_int: Option<[f64; 2]>,
    /// The effect is a ratio (odds ratio): favours the active arm below 1.
    ratio: bool,
    test: String,
    p: Option<f64>,
    /// One-sided p in the direction of less rescue (P(Z ≤ z) of the signed statistic).
    p_one_sided: Option<f64>,
    error: Option<String>,
}

/// The evidence of `o.rescue_test` for one comparison: from the comparison's 2 × 2 analyses,
/// its stratified analysis, or the logistic models of all arms (`several`: three or more arms,
/// when a model's arm test is the Wald z of that arm's coefficient).
pub(crate) fn rescue_evidence(
    rescue: &Stat<RescueComparison>,
    stratified: Option<&Stratified>,
    models: &Stat<RescueModels>,
    o: &Options,
    active: &str,
    several: bool,
) -> RescueEvidence {
    let any = rescue.ok().map(|r| &r.any);
    let observed = any.map(|a| (a.active.proportion, a.reference.proportion));
    let rd = any.and_then(|a| a.risk_difference.ok());
    let base = RescueEvidence {
        values: observed,
        statistic: "proportion",
        effect: "risk difference, active − reference",
        estimate: rd.map(|r| r.estimate),
        conf_int: rd.map(|r| r.newcombe),
        ratio: false,
        test: String::new(),
        p: None,
        p_one_sided: None,
        error: stat_error(rescue),
    };
    // The signed root of a 1-df χ² in the direction of the risk difference.
    let signed = |chisq: f64| rd.map(|r| norm_cdf(r.estimate.signum() * chisq.max(0.0).sqrt()));
    let with = |test: &str, p: Option<f64>, error: Option<String>| RescueEvidence {
        test: test.to_string(),
        p,
        error: base.error.clone().or(error),
        ..base.clone()
    };
    let one = |e: RescueEvidence, p: Option<f64>| RescueEvidence {
        p_one_sided: p.filter(|_| e.p.is_some()),
        ..e
    };
    match o.rescue_test {
        RescueTest::Fisher => one(
            with(
                "Fisher's exact test",
                any.and_then(|a| a.fisher.ok()).map(|t| t.p_value),
                any.and_then(|a| stat_error(&a.fisher)),
            ),
            any.and_then(|a| a.fisher.ok()).map(|t| t.p_less),
        ),
        RescueTest::Chisq => one(
            with(
                "χ² test",
                any.and_then(|a| a.chisq.ok()).map(|t| t.p_value),
                any.and_then(|a| stat_error(&a.chisq)),
            ),
            any.and_then(|a| a.chisq.ok())
                .and_then(|t| signed(t.statistic)),
        ),
        RescueTest::ChisqYates => one(
            with(
                "χ² test with Yates' correction",
                any.and_then(|a| a.chisq_yates.ok()).map(|t| t.p_value),
                any.and_then(|a| stat_error(&a.chisq_yates)),
            ),
            any.and_then(|a| a.chisq_yates.ok())
                .and_then(|t| signed(t.statistic)),
        ),
        RescueTest::Score => {
            let iv = rescue.ok().and_then(|r| r.intervals.ok());
            let mn = iv.and_then(|i| i.rows.iter().find(|r| r.key == "rd.mn"));
            let limits = mn.and_then(|r| r.lower.zip(r.upper)).map(|(l, u)| [l, u]);
            RescueEvidence {
                conf_int: limits,
                p_one_sided: iv.and_then(|i| i.score_z).map(norm_cdf),
                ..with(
                    "Miettinen–Nurminen score test",
                    iv.and_then(|i| i.score_p_value),
                    rescue
                        .ok()
                        .and_then(|r| stat_error(&r.intervals))
                        .or_else(|| {
                            iv.filter(|i| i.score_p_value.is_none())
                                .map(|_| "the score test is not defined for these counts".into())
                        }),
                )
            }
        }
        RescueTest::Cmh => match stratified.map(|s| (s.column.as_str(), &s.cmh)) {
            Some((column, Stat::Ok(c))) => RescueEvidence {
                effect: "Mantel–Haenszel odds ratio, active vs reference",
                estimate: Some(c.odds_ratio),
                conf_int: Some(c.conf_int),
                ratio: true,
                ..with(
                    &format!("Cochran–Mantel–Haenszel test stratified by {column}"),
                    Some(c.p_value),
                    None,
                )
            },
            Some((column, Stat::Err { error })) => with(
                &format!("Cochran–Mantel–Haenszel test stratified by {column}"),
                None,
                Some(error.clone()),
            ),
            None => with(
                "Cochran–Mantel–Haenszel test",
                None,
                Some("no stratum column (strata.column)".into()),
            ),
        },
        RescueTest::Logistic => logistic_evidence(models, active, several, base.clone(), with),
        RescueTest::Marginal => {
            let m = model_part(models, |m| &m.marginal);
            let test =
                "covariate-adjusted risk difference (g-computation, Ye robust variance), z test";
            match m {
                Ok(g) => {
                    let c = g.contrasts.iter().find(|c| c.arm == active);
                    let risk = |arm: &str| g.risks.iter().find(|r| r.arm == arm).map(|r| r.risk);
                    let values = risk(active).zip(risk(&g.reference));
                    match c {
                        Some(c) => RescueEvidence {
                            values,
                            p_one_sided: Some(norm_cdf(c.risk_difference.ye.statistic)),
                            statistic: "standardised risk",
                            effect: "covariate-adjusted risk difference, active − reference",
                            estimate: Some(c.risk_difference.estimate),
                            conf_int: Some(c.risk_difference.ye.conf_int),
                            ..with(test, Some(c.risk_difference.ye.p_value), None)
                        },
                        None => with(test, None, Some("the arm is not in the model".into())),
                    }
                }
                Err(e) => with(test, None, Some(e)),
            }
        }
    }
}

/// One analysis of the rescue models, or why it (or the models) could not be done.
fn model_part<'a, T>(
    models: &'a Stat<RescueModels>,
    part: impl Fn(&'a RescueModels) -> &'a Stat<T>,
) -> Result<&'a T, String> {
    match models {
        Stat::Ok(m) => match part(m) {
            Stat::Ok(x) => Ok(x),
            Stat::Err { error } => Err(error.clone()),
        },
        Stat::Err { error } => Err(error.clone()),
    }
}

/// The logistic model's evidence: the ML fit, or Firth's under separation.
fn logistic_evidence(
    models: &Stat<RescueModels>,
    active: &str,
    several: bool,
    base: RescueEvidence,
    with: impl Fn(&str, Option<f64>, Option<String>) -> RescueEvidence,
) -> RescueEvidence {
    let fit = match model_part(models, |m| &m.logistic) {
        Ok(f) => f,
        Err(e) => return with("logistic regression", None, Some(e)),
    };
    let (odds_ratios, arm_test, firth) = match (&fit.separation, &fit.firth) {
        (None, _) => (&fit.odds_ratios, fit.arm_test.as_ref(), false),
        (Some(_), Some(f)) => (&f.odds_ratios, f.arm_test.as_ref(), true),
        (Some(sep), None) => return with("logistic regression", None, Some(sep.message.clone())),
    };
    let Some(or) = odds_ratios.iter().find(|o| o.arm == active) else {
        return with(
            "logistic regression",
            None,
            Some("the arm's odds ratio is not estimable".into()),
        );
    };
    let (test, p) = match (several, firth) {
        (false, false) => (
            "logistic regression (adjusted), likelihood-ratio test of arm",
            arm_test.map(|t| t.p_value),
        ),
        (false, true) => (
            "Firth logistic regression (adjusted), penalised likelihood-ratio test of arm",
            arm_test.map(|t| t.p_value),
        ),
        (true, false) => (
            "logistic regression (adjusted), Wald z test of the arm",
            Some(or.log_odds_ratio.p_value),
        ),
        (true, true) => (
            "Firth logistic regression (adjusted), Wald z test of the arm",
            Some(or.log_odds_ratio.p_value),
        ),
    };
    let conf_int = match or.profile_conf_int {
        [Some(l), Some(u)] => [l, u],
        _ => or.wald_conf_int,
    };
    // One-sided: the signed root of the LR statistic (two arms), else the Wald z.
    let z = match (several, arm_test) {
        (false, Some(t)) => or.log_odds_ratio.estimate.signum() * t.statistic.max(0.0).sqrt(),
        _ => or.log_odds_ratio.statistic,
    };
    RescueEvidence {
        p_one_sided: p.map(|_| norm_cdf(z)),
        effect: "adjusted odds ratio, active vs reference",
        estimate: Some(or.odds_ratio),
        conf_int: Some(conf_int),
        ratio: true,
        ..with(test, p, None)
    }
    .or_base(base)
}

impl RescueEvidence {
    /// Keeps the observed proportions of `base` (a model's evidence shows the data's rates).
    fn or_base(self, base: RescueEvidence) -> RescueEvidence {
        RescueEvidence {
            values: self.values.or(base.values),
            ..self
        }
    }
}

/// With three or more arms, rebuilds each active arm's verdict on p-values adjusted over the
/// k − 1 comparisons by `o.multiplicity`, per endpoint. Does nothing with one comparison.
pub(crate) fn apply_multiplicity(
    comparisons: &mut [Comparison],
    evidence: &[RescueEvidence],
    o: &Options,
) {
    let m = comparisons.len();
    if m < 2 {
        return;
    }
    let adjust = |p: Vec<f64>| -> Vec<Option<f64>> {
        let adjusted = match o.multiplicity {
            ArmMultiplicity::Holm => p_adjust(&p, Adjustment::Holm),
            ArmMultiplicity::Bonferroni => p_adjust(&p, Adjustment::Bonferroni),
            ArmMultiplicity::None => p,
        };
        adjusted
            .into_iter()
            .map(|v| (!v.is_nan()).then_some(v))
            .collect()
    };
    let raw = |f: fn(&Verdict) -> Option<f64>| -> Vec<f64> {
        comparisons
            .iter()
            .map(|c| f(&c.verdict).unwrap_or(f64::NAN))
            .collect()
    };
    let pain = adjust(raw(|v| v.pain_p));
    let rescue = adjust(raw(|v| v.rescue_p));
    let rule = match o.multiplicity {
        ArmMultiplicity::Holm => format!("Holm over the {m} active arms, per endpoint"),
        ArmMultiplicity::Bonferroni => format!("Bonferroni over the {m} active arms, per endpoint"),
        ArmMultiplicity::None => {
            format!("none: each of the {m} active arms is judged at the full α (chosen option)")
        }
    };
    for (i, c) in comparisons.iter_mut().enumerate() {
        let adjusted = (
            pain.get(i).copied().flatten(),
            rescue.get(i).copied().flatten(),
        );
        let Some(ev) = evidence.get(i) else {
            continue;
        };
        c.verdict = decide(
            &c.pain,
            ev,
            o,
            (&c.active, &c.reference),
            Some((adjusted, &rule, o.multiplicity)),
        );
    }
}

type Adjusted<'a> = ((Option<f64>, Option<f64>), &'a str, ArmMultiplicity);

fn decide(
    pain: &PainComparison,
    rescue: &RescueEvidence,
    o: &Options,
    (active, reference): (&str, &str),
    adjusted: Option<Adjusted<'_>>,
) -> Verdict {
    let w = o.window;
    let span = format!("{}–{} h", w.start, w.end);
    let level = o.conf_level;
    let lower_better = o.primary_endpoint.lower_is_better();

    // The pain endpoint.
    let (p_pain, est, ci, stat, values, effect, test) = match o.primary_test {
        PrimaryTest::Welch | PrimaryTest::Student => {
            let (t, name) = if o.primary_test == PrimaryTest::Welch {
                (pain.welch.ok(), "Welch t-test")
            } else {
                (pain.student.ok(), "Student t-test")
            };
            (
                t.map(|t| t.p_value),
                t.map(|t| t.estimate),
                t.map(|t| t.conf_int),
                "mean",
                (pain.active.mean, pain.reference.mean),
                "difference in means, active − reference",
                name,
            )
        }
        PrimaryTest::Wilcoxon => {
            let t = pain.wilcoxon.ok();
            (
                t.map(|t| t.p_value),
                t.map(|t| t.hl_estimate),
                t.map(|t| t.conf_int),
                "median",
                (pain.active.median, pain.reference.median),
                "Hodges–Lehmann shift, active − reference",
                "Wilcoxon rank-sum test",
            )
        }
    };
    let pain_error = match o.primary_test {
        PrimaryTest::Welch => stat_error(&pain.welch),
        PrimaryTest::Student => stat_error(&pain.student),
        PrimaryTest::Wilcoxon => stat_error(&pain.wilcoxon),
    };
    let pain_favours = est.is_some_and(|d| if lower_better { d < 0.0 } else { d > 0.0 });

    // Rescue-medication use.
    let p_rescue = rescue.p;
    let rescue_favours = match (rescue.estimate, rescue.ratio) {
        (Some(e), true) => e < 1.0,
        (Some(e), false) => e < 0.0,
        (None, _) => rescue.values.is_some_and(|(a, r)| a < r),
    };

    let ((pain_dp, rescue_dp), rule, how) = match adjusted {
        Some((p, rule, how)) => (p, rule.to_string(), Some(how)),
        None => (
            (p_pain, p_rescue),
            "none needed: one active arm".to_string(),
            None,
        ),
    };
    let adjusted_label = match how {
        Some(ArmMultiplicity::Holm) => Some("Holm-adjusted"),
        Some(ArmMultiplicity::Bonferroni) => Some("Bonferroni-adjusted"),
        _ => None,
    };
    let sig = |p: Option<f64>| p.is_some_and(|p| p < o.alpha);

    let endpoint_name = format!("{} {span}", o.primary_endpoint.label());
    let pain_d = endpoint(
        Parts {
            endpoint: endpoint_name,
            statistic: stat,
            values: Some(values),
            effect,
            estimate: est,
            conf_int: ci,
            conf_level: level,
            test: test.to_string(),
            p_value: p_pain,
            p_one_sided: match o.primary_test {
                PrimaryTest::Welch => pain.one_sided.as_ref().and_then(|s| s.welch),
                PrimaryTest::Student => pain.one_sided.as_ref().and_then(|s| s.student),
                PrimaryTest::Wilcoxon => pain.one_sided.as_ref().and_then(|s| s.wilcoxon),
            },
            p_decision: pain_dp,
            significant: sig(pain_dp),
            favours_active: pain_favours,
            not_evaluable: pain_error,
        },
        (active, reference),
        adjusted_label,
        Shown::Difference,
    );
    let rescue_d = endpoint(
        Parts {
            endpoint: format!("rescue-medication use {span}"),
            statistic: rescue.statistic,
            values: rescue.values,
            effect: rescue.effect,
            estimate: rescue.estimate,
            conf_int: rescue.conf_int,
            conf_level: level,
            test: rescue.test.clone(),
            p_value: p_rescue,
            p_one_sided: rescue.p_one_sided,
            p_decision: rescue_dp,
            significant: sig(rescue_dp),
            favours_active: rescue_favours,
            not_evaluable: rescue.error.clone(),
        },
        (active, reference),
        adjusted_label,
        if rescue.ratio {
            Shown::Ratio
        } else {
            Shown::Proportion
        },
    );

    let assessable = pain_d.p_decision.is_some() && rescue_d.p_decision.is_some();
    let success = assessable && pain_d.met && rescue_d.met;
    let untested = match (pain_d.p_decision.is_some(), rescue_d.p_decision.is_some()) {
        (false, false) => "neither endpoint could be tested",
        (false, true) => "the pain endpoint could not be tested",
        _ => "rescue-medication use could not be tested",
    };
    let outcome = if !assessable {
        format!("The co-primary endpoints of {active} against {reference} could not be assessed: {untested}.")
    } else {
        match (pain_d.met, rescue_d.met) {
            (true, true) => format!("{active} met both co-primary endpoints against {reference}."),
            (false, false) => format!(
                "{active} did not meet its co-primary endpoints against {reference}: neither endpoint was met."
            ),
            (true, false) => format!(
                "{active} did not meet its co-primary endpoints against {reference}: the pain endpoint was met but rescue-medication use was not."
            ),
            (false, true) => format!(
                "{active} did not meet its co-primary endpoints against {reference}: rescue-medication use was met but the pain endpoint was not."
            ),
        }
    };
    let summary = summary(&pain_d, &rescue_d, o, (active, reference), &span, untested);
    let text = format!(
        "{outcome} {} {} α = {} two-sided{}.",
        pain_d.text,
        rescue_d.text,
        o.alpha,
        if how.is_some() {
            format!("; over several active arms: {rule}")
        } else {
            String::new()
        }
    );
    Verdict {
        framework: format!("{FRAMEWORK} {}", rescue_window_text(o)),
        multiplicity: rule,
        alpha: o.alpha,
        pain_p: p_pain,
        pain_significant: pain_d.significant,
        pain_favours_active: pain_favours,
        rescue_p: p_rescue,
        rescue_significant: rescue_d.significant,
        rescue_favours_active: rescue_favours,
        success,
        assessable,
        pain: pain_d,
        rescue: rescue_d,
        summary,
        text,
    }
}

fn stat_error<T>(s: &Stat<T>) -> Option<String> {
    match s {
        Stat::Ok(_) => None,
        Stat::Err { error } => Some(error.clone()),
    }
}

struct Parts {
    endpoint: String,
    statistic: &'static str,
    values: Option<(f64, f64)>,
    effect: &'static str,
    estimate: Option<f64>,
    conf_int: Option<[f64; 2]>,
    conf_level: f64,
    test: String,
    p_value: Option<f64>,
    p_one_sided: Option<f64>,
    p_decision: Option<f64>,
    significant: bool,
    favours_active: bool,
    not_evaluable: Option<String>,
}

/// The endpoint's decision and its line in words, e.g. "Pain AUC 4–24 h: mean 88.1 with A vs
/// 93.6 with B; difference in means −5.43 (95 % CI −11.0 to 0.174); Welch t-test p = 0.0576 —
/// not significant."
/// How an endpoint's values and effect are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shown {
    /// Means or medians and their difference.
    Difference,
    /// Proportions (as %) and their difference in percentage points.
    Proportion,
    /// Proportions (as %) and a ratio (odds ratio).
    Ratio,
}

fn endpoint(
    p: Parts,
    (active, reference): (&str, &str),
    adjusted_label: Option<&str>,
    shown: Shown,
) -> EndpointDecision {
    let proportion = shown != Shown::Difference;
    let met = p.significant && p.favours_active;
    let tested = p.p_decision.is_some();
    let name = capitalise(&p.endpoint);
    let text = if !tested {
        let why = p
            .not_evaluable
            .clone()
            .unwrap_or_else(|| "the test could not be computed".into());
        format!("{name}: could not be tested ({why}).")
    } else {
        let show = |x: f64| if proportion { pct(x) } else { num(x) };
        let values = match p.values {
            Some((a, r)) if proportion => {
                format!(
                    "{} with {active} vs {} with {reference} used it",
                    show(a),
                    show(r)
                )
            }
            Some((a, r)) => format!(
                "{} {} with {active} vs {} with {reference}",
                p.statistic,
                show(a),
                show(r)
            ),
            None => String::new(),
        };
        let lvl = format!("{} % CI", (1000.0 * p.conf_level).round() / 10.0);
        let effect = match (p.estimate, p.conf_int) {
            (Some(e), Some([lo, hi])) if shown == Shown::Ratio => format!(
                "; {} {} ({lvl} {} to {})",
                p.effect.split(',').next().unwrap_or(p.effect),
                num(e),
                num(lo),
                num(hi)
            ),
            (Some(e), Some([lo, hi])) if proportion => format!(
                "; difference {} percentage points ({lvl} {} to {})",
                num(100.0 * e),
                num(100.0 * lo),
                num(100.0 * hi)
            ),
            (Some(e), Some([lo, hi])) => format!(
                "; {} {} ({lvl} {} to {})",
                p.effect.split(',').next().unwrap_or(p.effect),
                num(e),
                num(lo),
                num(hi)
            ),
            _ => String::new(),
        };
        let pv = match (adjusted_label, p.p_value, p.p_decision) {
            (Some(label), Some(raw), Some(adj)) => {
                format!("{}, {label} {}", format_p(raw), format_p(adj))
            }
            (_, _, Some(d)) => format_p(d),
            _ => String::new(),
        };
        let decision = if met {
            "significant".to_string()
        } else if p.significant {
            format!("significant, but in favour of {reference}")
        } else {
            "not significant".to_string()
        };
        format!("{name}: {values}{effect}; {} {pv} — {decision}.", p.test)
    };
    EndpointDecision {
        endpoint: p.endpoint,
        statistic: p.statistic.into(),
        active_value: p.values.map(|v| v.0),
        reference_value: p.values.map(|v| v.1),
        effect: p.effect.into(),
        estimate: p.estimate,
        conf_int: p.conf_int,
        conf_level: p.conf_level,
        test: p.test,
        p_value: p.p_value,
        p_one_sided: p.p_one_sided,
        p_decision: p.p_decision,
        significant: p.significant,
        favours_active: p.favours_active,
        met,
        not_evaluable: (!tested).then(|| {
            p.not_evaluable
                .unwrap_or_else(|| "the test could not be computed".into())
        }),
        text,
    }
}

/// One sentence for a reader who is not a statistician.
fn summary(
    pain: &EndpointDecision,
    rescue: &EndpointDecision,
    o: &Options,
    (active, reference): (&str, &str),
    span: &str,
    untested: &str,
) -> String {
    if pain.p_decision.is_none() || rescue.p_decision.is_none() {
        return format!(
            "Whether {active} works better than {reference} could not be assessed: {untested}."
        );
    }
    let lower_better = o.primary_endpoint.lower_is_better();
    let pain_subject = if lower_better {
        "pain".to_string()
    } else {
        format!("pain relief ({})", o.primary_endpoint.label())
    };
    let pain_clause = match (pain.met, pain.significant) {
        (true, _) if lower_better => format!("{pain_subject} was significantly lower"),
        (true, _) => format!("{pain_subject} was significantly greater"),
        (false, true) if lower_better => {
            format!("{pain_subject} was significantly higher (in favour of {reference})")
        }
        (false, true) => {
            format!("{pain_subject} was significantly smaller (in favour of {reference})")
        }
        _ => format!("{pain_subject} did not differ significantly"),
    };
    let rescue_clause = match (rescue.met, rescue.significant) {
        (true, _) => "fewer patients needed rescue medication (significant)".to_string(),
        (false, true) => {
            format!(
                "more patients needed rescue medication (significant, in favour of {reference})"
            )
        }
        _ => "the share of patients who needed rescue medication did not differ significantly"
            .to_string(),
    };
    if pain.met && rescue.met {
        format!(
            "{active} worked better than {reference} on both co-primary endpoints: over {span}, \
             {pain_clause} and {rescue_clause}."
        )
    } else {
        format!(
            "{active} was not shown to work better than {reference}: over {span}, \
             {pain_clause}, and {rescue_clause} (both endpoints had to be met)."
        )
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

    #[test]
    fn numbers_in_words() {
        assert_eq!(num(-5.4272), "\u{2212}5.43");
        assert_eq!(num(93.559), "93.6");
        assert_eq!(num(0.17412), "0.174");
        assert_eq!(num(-11.04), "\u{2212}11.0");
        assert_eq!(num(1234.4), "1234");
        assert_eq!(num(-0.0004), "\u{2212}0.000400");
        assert_eq!(num(-1e-9), "0.000000");
        assert_eq!(num(0.0), "0.0");
        assert_eq!(num(f64::NAN), "not available");
        assert_eq!(pct(0.4659), "46.6 %");
    }
}
