//! The co-primary decision in plain words.

use super::options::{Options, PrimaryTest, RescueTest};
use crate::report::{PainComparison, RescueComparison, Stat, Verdict};

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
const FRAMEWORK: &str = "Co-primary endpoints (intersection–union test): the trial succeeds only if \
both endpoints are significant at the two-sided level α in favour of the active arm; each test is \
done at the full α with no multiplicity adjustment (FDA, Multiple Endpoints in Clinical Trials, 2022).";

pub(crate) fn verdict(
    pain: &PainComparison,
    rescue: &Stat<RescueComparison>,
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
    let any = rescue.ok().map(|r| &r.any);
    let (rescue_p, rescue_test) = match o.rescue_test {
        RescueTest::Fisher => (
            any.and_then(|a| a.fisher.ok()).map(|t| t.p_value),
            "Fisher's exact test",
        ),
        RescueTest::Chisq => (any.and_then(|a| a.chisq.ok()).map(|t| t.p_value), "χ² test"),
        RescueTest::ChisqYates => (
            any.and_then(|a| a.chisq_yates.ok()).map(|t| t.p_value),
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
    let rescue_favours = any.is_some_and(|a| a.active.proportion < a.reference.proportion);
    let sig = |p: Option<f64>| p.is_some_and(|p| p < o.alpha);
    let (pain_sig, rescue_sig) = (sig(pain_p), sig(rescue_p));
    let (pain_win, rescue_win) = (pain_sig && pain_favours, rescue_sig && rescue_favours);
    let rescue_reason = match rescue {
        Stat::Err { error } => format!(" ({error})"),
        Stat::Ok(_) => String::new(),
    };
    let describe = |p: Option<f64>, win: bool, sig: bool, why: &str| match p {
        None => format!("could not be tested{why}"),
        Some(p) if win => format!("{} — significant", format_p(p)),
        Some(p) if sig => format!(
            "{} — significant, but in favour of the reference arm",
            format_p(p)
        ),
        Some(p) => format!("{} — not significant", format_p(p)),
    };
    let assessable = pain_p.is_some() && rescue_p.is_some();
    let untested = match (pain_p.is_some(), rescue_p.is_some()) {
        (false, false) => "neither endpoint could be tested",
        (false, true) => "the pain endpoint could not be tested",
        _ => "rescue-medication use could not be tested",
    };
    let outcome = match (pain_win, rescue_win) {
        _ if !assessable => format!(
            "The co-primary endpoints of {active} against {reference} could not be assessed: {untested}."
        ),
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
        describe(pain_p, pain_win, pain_sig, ""),
        w.start,
        w.end,
        describe(rescue_p, rescue_win, rescue_sig, &rescue_reason),
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
        success: assessable && pain_win && rescue_win,
        assessable,
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
