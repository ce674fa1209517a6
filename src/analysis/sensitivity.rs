//! The sensitivity table: the primary pain comparison under each post-rescue rule, side by side.
//!
//! Rows, in order: observed scores only; wLOCF, wBOCF, wWOCF (windowed, with the analysis's
//! per-drug windows); LOCF, BOCF, WOCF from the first rescue to the window end. The row with the
//! main analysis's post-rescue rule is marked `primary`. Every row keeps the main analysis's
//! dropout rule, gap interpolation, trigger (all or opioid rescue) and windows, so that only the
//! post-rescue rule varies.

use super::compare::{continuous, pain_value};
use super::options::{Options, PainEndpoint};
use crate::endpoints::impute::{
    impute, EstimandStrategy, ImputationOptions, PostRescueRule, PostRescueScope,
};
use crate::endpoints::pain::pain_endpoints;
use crate::endpoints::Window;
use crate::progress::{Phase, Reporter};
use crate::report::{PainComparison, SensitivityRow, SubjectRow};
use crate::trial::{Subject, Trial};

/// Whether a rescue of `s` can trigger the post-rescue rules (as `impute` selects triggers:
/// a finite time, and an opioid flag when only opioid rescue triggers). Without one, every
/// post-rescue rule leaves the series as the main analysis imputed it, so its value is reused.
fn may_trigger(s: &Subject, rules: &ImputationOptions) -> bool {
    s.rescue
        .iter()
        .any(|e| e.time.is_finite() && (!rules.trigger_opioid_only || e.opioid == Some(true)))
}

/// The primary endpoint of every subject under one set of rules.
pub(crate) struct RuleValues {
    label: String,
    primary: bool,
    rules: ImputationOptions,
    /// Per subject, in trial order.
    values: Vec<Option<f64>>,
}

fn label(rules: &ImputationOptions) -> String {
    let m = match rules.post_rescue {
        PostRescueRule::None => return "observed scores after rescue".into(),
        PostRescueRule::WLocf => "LOCF",
        PostRescueRule::WBocf => "BOCF",
        PostRescueRule::WWocf => "WOCF",
    };
    match rules.post_rescue_scope {
        PostRescueScope::Window => {
            let by_drug = if rules.rescue_window_by_drug.is_empty() {
                ""
            } else {
                " (per-drug windows)"
            };
            format!(
                "w{m}, {} h after each rescue{by_drug}",
                rules.rescue_window_hours
            )
        }
        PostRescueScope::ToEndOfWindow => format!("{m} from the first rescue to the window end"),
    }
}

/// Computes the endpoint under each row's rules.
pub(crate) fn endpoint_under_rules(
    trial: &Trial,
    rows: &[SubjectRow],
    window: Window,
    o: &Options,
    reporter: &mut Reporter<'_>,
) -> Vec<RuleValues> {
    let user = &o.imputation;
    let variant = |rule, scope| ImputationOptions {
        post_rescue: rule,
        post_rescue_scope: scope,
        ..user.clone()
    };
    let mut sets: Vec<ImputationOptions> =
        vec![variant(PostRescueRule::None, PostRescueScope::Window)];
    for scope in [PostRescueScope::Window, PostRescueScope::ToEndOfWindow] {
        for rule in [
            PostRescueRule::WLocf,
            PostRescueRule::WBocf,
            PostRescueRule::WWocf,
        ] {
            sets.push(variant(rule, scope));
        }
    }
    let is_user = |r: &ImputationOptions| {
        r.post_rescue == user.post_rescue
            && (r.post_rescue == PostRescueRule::None
                || r.post_rescue_scope == user.post_rescue_scope)
    };
    let triggered: Vec<bool> = trial
        .subjects
        .iter()
        .map(|s| may_trigger(s, user))
        .collect();
    let n = triggered.iter().filter(|&&t| t).count();
    let others = sets.iter().filter(|r| !is_user(r)).count();
    reporter.start(Phase::Sensitivity, (others * n) as u64);
    let mut done = 0usize;
    sets.into_iter()
        .map(|rules| {
            let primary = is_user(&rules);
            // The main analysis's own rule: its per-subject values are already in `rows`.
            let values = if primary {
                rows.iter()
                    .map(|r| pain_value(r, o.primary_endpoint))
                    .collect()
            } else {
                trial
                    .subjects
                    .iter()
                    .zip(rows)
                    .zip(&triggered)
                    .map(|((s, row), &triggered)| {
                        if !triggered {
                            return pain_value(row, o.primary_endpoint);
                        }
                        reporter.update(done as u64);
                        done += 1;
                        let points = impute(s, &rules, window).auc_points();
                        let e = pain_endpoints(&points, s.baseline, window);
                        match o.primary_endpoint {
                            PainEndpoint::Auc => e.auc,
                            PainEndpoint::Twa => e.twa,
                            PainEndpoint::Spid => e.spid,
                        }
                    })
                    .collect()
            };
            RuleValues {
                label: label(&rules),
                primary,
                rules,
                values,
            }
        })
        .collect()
}

impl RuleValues {
    /// Whether these are the main analysis's rules (its values are those of the report's rows).
    pub(crate) fn is_primary(&self) -> bool {
        self.primary
    }

    /// Whether every subject's value is the same (bit for bit, or missing in both) under both
    /// sets of rules, so that their comparisons are the same.
    pub(crate) fn same_values(&self, other: &RuleValues) -> bool {
        self.values.len() == other.values.len()
            && self
                .values
                .iter()
                .zip(&other.values)
                .all(|(a, b)| a.map(f64::to_bits) == b.map(f64::to_bits))
    }

    /// The active-vs-reference comparison under these rules; `known`: that comparison, already
    /// computed for the same values (see [`Self::same_values`]).
    pub(crate) fn compare(
        &self,
        trial: &Trial,
        active: usize,
        reference: usize,
        o: &Options,
        known: Option<PainComparison>,
    ) -> SensitivityRow {
        let arm = |k: usize| -> Vec<f64> {
            trial
                .subjects
                .iter()
                .zip(&self.values)
                .filter(|(s, _)| s.arm == k)
                .filter_map(|(_, v)| *v)
                .collect()
        };
        SensitivityRow {
            label: self.label.clone(),
            primary: self.primary,
            estimand: EstimandStrategy::of(&self.rules),
            imputation: self.rules.clone(),
            pain: known.unwrap_or_else(|| {
                continuous(&arm(active), &arm(reference), o.primary_endpoint, o)
            }),
        }
    }
}
