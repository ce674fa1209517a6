//! Single-imputation rules for pain scores, applied per subject before the AUC (domain notes
//! §2.2 and §2.4). The output's non-missing points ([`Imputed::auc_points`]) feed
//! [`super::pain::window_auc`] directly; every point carries a flag saying which rule made its
//! value, so the per-subject table is auditable (as ADaM's `DTYPE`).
//!
//! # Order (deterministic; every step an option, default off)
//! 1. **Post-rescue rule** ([`PostRescueRule`], [`PostRescueScope`]).
//! 2. **Dropout rule** ([`DropoutRule`]).
//! 3. **Gap interpolation** (`interpolate_gaps`).
//!
//! # Definitions
//! *Observed* scores are the subject's non-missing pain scores as entered; the baseline PI₀ is
//! the subject's `baseline` (a pre-dose score, so it precedes every assessment). A *triggering*
//! rescue is any administration (with `trigger_opioid_only`, only those flagged opioid; unflagged
//! ones are then treated as not opioid, as in [`super::rescue`]). Its window length W is
//! `rescue_window_by_drug[drug]` (drug names compared case-insensitively, surrounding blanks
//! ignored) or else `rescue_window_hours`.
//!
//! Replacement value v(t_r) for a rescue at t_r — from **observed values only**, never from
//! values imputed by this module:
//! * LOCF: the last observed score at or before t_r (a score at exactly t_r is the pre-rescue
//!   score); the baseline when there is none.
//! * BOCF: the baseline.
//! * WOCF: the worst (highest) observed score at or before t_r, baseline included.
//!
//! When v(t_r) does not exist (BOCF without baseline; LOCF/WOCF with neither a score before the
//! rescue nor a baseline), the scores are left as they are and a warning names the subject.
//!
//! **Step 1, scope `window`** (wLOCF / wBOCF / wWOCF): an assessment at t is replaced when some
//! triggering rescue covers it, t_r < t ≤ t_r + W; windows of several rescues form a union, and
//! the value comes from the latest covering rescue (largest t_r). Assessments with a missing
//! score inside a window get the replacement value too. No points are added, except with
//! `fill_window_end`: a point at t_r + W (when no assessment is there) whose value is given by
//! the same rule, so that the replaced value holds over the whole window instead of ramping
//! linearly to the next observed score. Windows live on the time axis, independently of the
//! analysis window: a rescue after b still replaces the next assessment after b, which matters
//! when the value at b is interpolated.
//!
//! **Step 1, scope `toEndOfWindow`** (non-windowed LOCF / BOCF / WOCF): every
//! assessment with t₁ < t ≤ b gets v(t₁), t₁ the first triggering rescue; later rescues change
//! nothing; assessments after b are left alone. With `fill_window_end` a point at b is added
//! when there is no assessment at b.
//!
//! **Step 2, dropout**: let t_last be the last time with a value after step 1. When t_last < b
//! (no assessment after t_last has a score, trailing assessments with missing scores included)
//! the subject is a dropout: its trailing assessments with t ≤ b and a point at b (added when
//! no assessment is at b) get LOCF = the value at t_last (observed or imputed in step 1; the
//! baseline when there is no value), BOCF = the baseline, or WOCF = the highest observed score or
//! baseline. A subject without any value is a dropout from its first assessment. LOCF leaves the AUC unchanged, because the AUC curve carries the last score flat to
//! b anyway; BOCF and WOCF change it (the curve goes linearly from the last value to the dropout
//! value at the next assessment time or at b).
//!
//! **Step 3, gaps**: a missing value with a value before and after it (after steps 1–2) gets the
//! linear interpolation between those two neighbours. The AUC's piecewise-linear curve already
//! passes through these values, so this step changes the flags of the per-subject table, not
//! the AUC (up to rounding).
//!
//! Points are sorted by time with strictly increasing times; assessments with a non-finite time
//! or a repeated time are dropped with a warning (the input layer rules these out).
//!
//! References: domain notes §2.2 (catalogue of rules) and §2.4 (order); NIH Pain Consortium,
//! symptom research, ch. 1 §4 (single-dose studies often impute the score at rescue for the rest
//! of the period, citing Max 1994),
//! <http://painconsortium.nih.gov/symptomresearch/chapter_1/sec4/cmms4pg2_5.htm>; ICH E9(R1)
//! (rescue medication as an intercurrent event).

use super::Window;
use crate::trial::Subject;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Which value replaces the pain scores after a rescue administration.
#[boundary]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum PostRescueRule {
    /// Scores after rescue are used as observed.
    #[default]
    None,
    /// Last observed score at or before the rescue (baseline if none).
    WLocf,
    /// Baseline score.
    WBocf,
    /// Highest observed score at or before the rescue, baseline included.
    WWocf,
}

/// The ICH E9(R1) estimand strategy for the intercurrent event "rescue medication taken" that
/// a post-rescue rule implements (ICH E9(R1), 2019, section A.3.2; for acute pain, see
/// "Application of hypothetical strategies in acute pain", Pharmaceutical Statistics):
/// scores as recorded → treatment policy; windowed LOCF/BOCF → hypothetical (the pain had no
/// rescue been taken, assumed to stay at the last score, or to return to baseline); LOCF to the
/// window end → while on treatment (only the scores before the first rescue count); WOCF →
/// composite (taking rescue is made an unfavourable outcome: the worst score so far).
#[boundary]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum EstimandStrategy {
    TreatmentPolicy,
    Hypothetical,
    WhileOnTreatment,
    Composite,
}

impl EstimandStrategy {
    /// The strategy a set of rules implements (see the type's docs).
    pub fn of(rules: &ImputationOptions) -> Self {
        match (rules.post_rescue, rules.post_rescue_scope) {
            (PostRescueRule::None, _) => EstimandStrategy::TreatmentPolicy,
            (PostRescueRule::WLocf, PostRescueScope::ToEndOfWindow) => {
                EstimandStrategy::WhileOnTreatment
            }
            (PostRescueRule::WLocf | PostRescueRule::WBocf, _) => EstimandStrategy::Hypothetical,
            (PostRescueRule::WWocf, _) => EstimandStrategy::Composite,
        }
    }

    /// The strategy's name, as ICH E9(R1) writes it.
    pub fn name(self) -> &'static str {
        match self {
            EstimandStrategy::TreatmentPolicy => "treatment policy",
            EstimandStrategy::Hypothetical => "hypothetical",
            EstimandStrategy::WhileOnTreatment => "while on treatment",
            EstimandStrategy::Composite => "composite",
        }
    }
}

/// Which assessments the post-rescue rule replaces.
#[boundary]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum PostRescueScope {
    /// Assessments with t_r < t ≤ t_r + W after each triggering rescue.
    #[default]
    Window,
    /// All assessments after the first triggering rescue up to the analysis window end b.
    ToEndOfWindow,
}

/// What a dropout (a subject whose last score precedes the analysis window end) gets there.
#[boundary]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum DropoutRule {
    /// No value added: the AUC's own edge rule carries the last score flat to the window end
    /// (LOCF in effect; the subject's `carriedEdge` flag says so). The default.
    #[default]
    CarryLast,
    /// No value beyond the last score: a dropout has no AUC, TWA or SPID and is left out of
    /// the pain analysis (complete cases), counted in the warning `droppedOutLeftOut`.
    None,
    /// Last value.
    Locf,
    /// Baseline.
    Bocf,
    /// Highest observed score, baseline included.
    Wocf,
}

/// Imputation options; the default imputes nothing.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct ImputationOptions {
    pub post_rescue: PostRescueRule,
    pub post_rescue_scope: PostRescueScope,
    /// Post-rescue window W in hours for drugs not in `rescue_window_by_drug` (default 6).
    pub rescue_window_hours: f64,
    /// Drug name (case-insensitive) → window W in hours.
    pub rescue_window_by_drug: BTreeMap<String, f64>,
    /// Add a point at the end of each replacement span (t_r + W, or b) carrying the value.
    pub fill_window_end: bool,
    /// Only administrations flagged opioid trigger the post-rescue rule.
    pub trigger_opioid_only: bool,
    pub dropout: DropoutRule,
    /// Flag intermittent missing scores with their linear interpolation.
    pub interpolate_gaps: bool,
}

impl Default for ImputationOptions {
    fn default() -> Self {
        ImputationOptions {
            post_rescue: PostRescueRule::None,
            post_rescue_scope: PostRescueScope::Window,
            rescue_window_hours: 6.0,
            rescue_window_by_drug: BTreeMap::new(),
            fill_window_end: false,
            trigger_opioid_only: false,
            dropout: DropoutRule::CarryLast,
            interpolate_gaps: false,
        }
    }
}

fn drug_key(drug: &str) -> String {
    drug.trim().to_lowercase()
}

fn valid_hours(w: f64) -> bool {
    w.is_finite() && w >= 0.0
}

impl ImputationOptions {
    /// Checks the windows: finite and ≥ 0 hours, and no drug listed twice with different
    /// windows (names compared case-insensitively).
    pub fn validate(&self) -> Result<(), String> {
        if !valid_hours(self.rescue_window_hours) {
            return Err(format!(
                "rescueWindowHours must be a number of hours ≥ 0 (got {})",
                self.rescue_window_hours
            ));
        }
        let mut seen: BTreeMap<String, (&str, f64)> = BTreeMap::new();
        for (drug, &w) in &self.rescue_window_by_drug {
            if !valid_hours(w) {
                return Err(format!(
                    "rescue window of \"{drug}\" must be a number of hours ≥ 0 (got {w})"
                ));
            }
            if let Some((other, w0)) = seen.insert(drug_key(drug), (drug, w)) {
                if w0 != w {
                    return Err(format!(
                        "rescue window given twice for the same drug: \"{other}\" ({w0} h) and \"{drug}\" ({w} h)"
                    ));
                }
            }
        }
        Ok(())
    }

    /// The window W of a rescue drug: the by-drug entry matched case-insensitively, else the
    /// default. Invalid values (negative, not finite) give `None`.
    pub fn window_hours(&self, drug: Option<&str>) -> Option<f64> {
        let by_drug = drug.and_then(|d| {
            let k = drug_key(d);
            self.rescue_window_by_drug
                .iter()
                .find(|(name, _)| drug_key(name) == k)
                .map(|(_, &w)| w)
        });
        Some(by_drug.unwrap_or(self.rescue_window_hours)).filter(|&w| valid_hours(w))
    }
}

/// Which rule gave a point its value. Serialises with a `kind` tag: `postRescue`, `dropout` or
/// `interpolated`.
#[boundary]
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum ImputationRule {
    /// Replaced after the rescue at `rescue_time` (hours).
    #[serde(rename_all = "camelCase")]
    PostRescue {
        method: PostRescueRule,
        scope: PostRescueScope,
        rescue_time: f64,
    },
    /// Dropout value at or before the analysis window end.
    #[serde(rename_all = "camelCase")]
    Dropout { method: DropoutRule },
    /// Linear interpolation between the neighbouring values.
    Interpolated,
}

impl ImputationRule {
    /// Short text for tables, e.g. "wWOCF after rescue at 6.5 h", "dropout BOCF".
    pub fn label(&self) -> String {
        match *self {
            ImputationRule::PostRescue {
                method,
                scope,
                rescue_time,
            } => {
                let m = match method {
                    PostRescueRule::None => "none",
                    PostRescueRule::WLocf => "LOCF",
                    PostRescueRule::WBocf => "BOCF",
                    PostRescueRule::WWocf => "WOCF",
                };
                match scope {
                    PostRescueScope::Window => format!("w{m} after rescue at {rescue_time} h"),
                    PostRescueScope::ToEndOfWindow => {
                        format!("{m} to window end after rescue at {rescue_time} h")
                    }
                }
            }
            ImputationRule::Dropout { method } => match method {
                DropoutRule::None | DropoutRule::CarryLast => "dropout".into(),
                DropoutRule::Locf => "dropout LOCF".into(),
                DropoutRule::Bocf => "dropout BOCF".into(),
                DropoutRule::Wocf => "dropout WOCF".into(),
            },
            ImputationRule::Interpolated => "interpolated".into(),
        }
    }
}

/// One point of a subject's pain series after imputation.
#[boundary]
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImputedObs {
    /// Hours from the time origin.
    pub time: f64,
    /// Value used for the AUC; `None` = still missing.
    pub value: Option<f64>,
    /// Score as entered; `None` when missing or when the point was added.
    pub observed: Option<f64>,
    /// Rule that made `value`; `None` = `value` is the observed score (or still missing).
    pub rule: Option<ImputationRule>,
    /// True for a point that is not an assessment of the input (window end or dropout point).
    pub added: bool,
}

/// A subject's pain series after imputation, sorted by strictly increasing time.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Imputed {
    pub points: Vec<ImputedObs>,
    /// Rules that could not be applied (and dropped input rows), naming the subject.
    pub warnings: Vec<String>,
    /// With the dropout rule `none`: the time of the last score, when it precedes the window
    /// end (the subject then has no AUC: [`Imputed::auc_points`] is empty).
    pub dropped_out_at: Option<f64>,
}

impl Imputed {
    /// The (time, value) pairs with a value, for [`super::pain::window_auc`] and
    /// [`super::pain::pain_endpoints`].
    pub fn auc_points(&self) -> Vec<(f64, f64)> {
        if self.dropped_out_at.is_some() {
            return Vec::new();
        }
        self.points
            .iter()
            .filter_map(|p| p.value.map(|v| (p.time, v)))
            .collect()
    }

    /// Number of points whose value was made by a rule.
    pub fn n_imputed(&self) -> usize {
        self.points.iter().filter(|p| p.rule.is_some()).count()
    }
}

/// Replacement value v(t_r) of a post-rescue rule (module docs), from observed values only.
fn pre_rescue_value(
    method: PostRescueRule,
    observed: &[(f64, f64)],
    baseline: Option<f64>,
    t_r: f64,
) -> Option<f64> {
    let mut before = observed.iter().filter(|&&(t, _)| t <= t_r);
    match method {
        PostRescueRule::None => None,
        PostRescueRule::WLocf => before.next_back().map(|&(_, y)| y).or(baseline),
        PostRescueRule::WBocf => baseline,
        PostRescueRule::WWocf => before.map(|&(_, y)| y).chain(baseline).reduce(f64::max),
    }
}

fn find_time(points: &[ImputedObs], t: f64) -> Result<usize, usize> {
    points.binary_search_by(|p| p.time.total_cmp(&t))
}

/// Inserts a missing added point at `t` unless a point is already there; returns its index.
fn ensure_point(points: &mut Vec<ImputedObs>, t: f64) -> usize {
    match find_time(points, t) {
        Ok(i) => i,
        Err(i) => {
            points.insert(
                i,
                ImputedObs {
                    time: t,
                    value: None,
                    observed: None,
                    rule: None,
                    added: true,
                },
            );
            i
        }
    }
}

/// Applies the imputation rules of `opts` to one subject (see the module docs for the
/// definitions and the order). `window.end` is the b of the dropout rule and of the
/// `toEndOfWindow` scope. Never fails: rules that cannot be applied leave the scores as they are
/// and add a warning.
pub fn impute(subject: &Subject, opts: &ImputationOptions, window: Window) -> Imputed {
    let id = &subject.id;
    let mut warnings: Vec<String> = Vec::new();
    let mut warn = |w: String| {
        if !warnings.contains(&w) {
            warnings.push(w);
        }
    };

    // The assessments, sorted, with finite distinct times.
    let mut rows: Vec<ImputedObs> = Vec::with_capacity(subject.pain.len() + 2);
    for o in &subject.pain {
        if !o.time.is_finite() {
            warn(format!(
                "subject {id}: an assessment without a valid time was ignored"
            ));
            continue;
        }
        let observed = match o.score {
            Some(y) if !y.is_finite() => {
                warn(format!(
                    "subject {id}: the score at {} h is not a number and was treated as missing",
                    o.time
                ));
                None
            }
            s => s,
        };
        rows.push(ImputedObs {
            time: o.time,
            value: observed,
            observed,
            rule: None,
            added: false,
        });
    }
    crate::sort::sort_by_f64(&mut rows, |r| r.time);
    let n_rows = rows.len();
    rows.dedup_by(|later, first| later.time == first.time);
    if rows.len() < n_rows {
        warn(format!(
            "subject {id}: repeated assessment times; only the first row of each time was used"
        ));
    }
    let observed: Vec<(f64, f64)> = rows
        .iter()
        .filter_map(|p| p.observed.map(|y| (p.time, y)))
        .collect();
    let baseline = subject.baseline.filter(|b| b.is_finite());
    let b = window.end;

    // 1. Post-rescue rule.
    if opts.post_rescue != PostRescueRule::None {
        let method = opts.post_rescue;
        let scope = opts.post_rescue_scope;
        let mut triggers: Vec<(f64, f64)> = Vec::new();
        for e in &subject.rescue {
            if !e.time.is_finite() || (opts.trigger_opioid_only && e.opioid != Some(true)) {
                continue;
            }
            match opts.window_hours(e.drug.as_deref()) {
                Some(w) => triggers.push((e.time, w)),
                None => warn(format!(
                    "subject {id}: the rescue window of the administration at {} h is not a valid number of hours; no scores were replaced after it",
                    e.time
                )),
            }
        }
        crate::sort::sort_by_f64(&mut triggers, |t| t.0);
        let mut value_at = |t_r: f64| {
            let v = pre_rescue_value(method, &observed, baseline, t_r);
            if v.is_none() {
                let why = if method == PostRescueRule::WBocf {
                    "no baseline score"
                } else {
                    "no score at or before it and no baseline score"
                };
                warn(format!(
                    "subject {id}: {why}, so the scores after the rescue at {t_r} h were not replaced"
                ));
            }
            v.map(|v| ImputedObs {
                time: 0.0,
                value: Some(v),
                observed: None,
                rule: Some(ImputationRule::PostRescue {
                    method,
                    scope,
                    rescue_time: t_r,
                }),
                added: false,
            })
        };
        let set = |points: &mut Vec<ImputedObs>, i: usize, by: &ImputedObs| {
            if let Some(p) = points.get_mut(i) {
                p.value = by.value;
                p.rule = by.rule;
            }
        };
        match scope {
            PostRescueScope::Window => {
                // The latest triggering rescue whose window covers t.
                let covering = |t: f64| {
                    triggers
                        .iter()
                        .filter(|&&(t_r, w)| t_r < t && t <= t_r + w)
                        .map(|&(t_r, _)| t_r)
                        .reduce(f64::max)
                };
                if opts.fill_window_end {
                    for &(t_r, w) in &triggers {
                        let end = t_r + w;
                        if w > 0.0 && end.is_finite() && find_time(&rows, end).is_err() {
                            if let Some(by) = covering(end).and_then(&mut value_at) {
                                let i = ensure_point(&mut rows, end);
                                set(&mut rows, i, &by);
                            }
                        }
                    }
                }
                for i in 0..rows.len() {
                    let t = rows.get(i).map_or(f64::NAN, |p| p.time);
                    if let Some(by) = covering(t).and_then(&mut value_at) {
                        set(&mut rows, i, &by);
                    }
                }
            }
            PostRescueScope::ToEndOfWindow => {
                if let Some(&(t1, _)) = triggers.first() {
                    if t1 < b {
                        if let Some(by) = value_at(t1) {
                            if opts.fill_window_end && b.is_finite() {
                                ensure_point(&mut rows, b);
                            }
                            for i in 0..rows.len() {
                                let t = rows.get(i).map_or(f64::NAN, |p| p.time);
                                if t1 < t && t <= b {
                                    set(&mut rows, i, &by);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    // 2. Dropout rule.
    let mut dropped_out_at = None;
    if opts.dropout == DropoutRule::None && b.is_finite() {
        let t_last = rows
            .iter()
            .rev()
            .find(|p| p.value.is_some())
            .map(|p| p.time);
        if let Some(t) = t_last.filter(|&t| t < b) {
            dropped_out_at = Some(t);
        }
    }
    if !matches!(opts.dropout, DropoutRule::None | DropoutRule::CarryLast) && b.is_finite() {
        let last = rows.iter().rposition(|p| p.value.is_some());
        let t_last = last
            .and_then(|i| rows.get(i))
            .map_or(f64::NEG_INFINITY, |p| p.time);
        if t_last < b {
            let worst = observed.iter().map(|&(_, y)| y).chain(baseline);
            let v = match opts.dropout {
                DropoutRule::None | DropoutRule::CarryLast => None,
                DropoutRule::Locf => last
                    .and_then(|i| rows.get(i))
                    .and_then(|p| p.value)
                    .or(baseline),
                DropoutRule::Bocf => baseline,
                DropoutRule::Wocf => worst.reduce(f64::max),
            };
            match v {
                Some(v) => {
                    ensure_point(&mut rows, b);
                    let rule = Some(ImputationRule::Dropout {
                        method: opts.dropout,
                    });
                    for p in rows.iter_mut().filter(|p| p.time > t_last && p.time <= b) {
                        p.value = Some(v);
                        p.rule = rule;
                    }
                }
                None => warn(format!(
                    "subject {id}: {}, so the dropout rule was not applied",
                    if opts.dropout == DropoutRule::Bocf {
                        "no baseline score"
                    } else {
                        "no score and no baseline score"
                    }
                )),
            }
        }
    }

    // 3. Intermittent gaps.
    if opts.interpolate_gaps {
        let mut prev: Option<(f64, f64)> = None;
        let mut i = 0;
        while i < rows.len() {
            let (t, v) = match rows.get(i) {
                Some(p) => (p.time, p.value),
                None => break,
            };
            match v {
                Some(y) => {
                    prev = Some((t, y));
                    i += 1;
                }
                None => {
                    // The run of missing values [i, j) and the next value after it.
                    let j = rows
                        .iter()
                        .skip(i)
                        .position(|p| p.value.is_some())
                        .map_or(rows.len(), |k| i + k);
                    let next = rows.get(j).and_then(|p| p.value.map(|y| (p.time, y)));
                    if let (Some((t0, y0)), Some((t1, y1))) = (prev, next) {
                        for p in rows.iter_mut().take(j).skip(i) {
                            p.value = Some(y0 + (y1 - y0) * (p.time - t0) / (t1 - t0));
                            p.rule = Some(ImputationRule::Interpolated);
                        }
                    }
                    i = j;
                }
            }
        }
    }

    Imputed {
        points: rows,
        warnings,
        dropped_out_at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::endpoints::pain::window_auc;
    use crate::trial::{PainObs, RescueEvent};

    fn subject(
        baseline: Option<f64>,
        pain: &[(f64, Option<f64>)],
        rescue: &[(f64, &str)],
    ) -> Subject {
        Subject {
            id: "S1".into(),
            arm: 0,
            baseline,
            covariates: vec![],
            pain: pain
                .iter()
                .map(|&(time, score)| PainObs { time, score })
                .collect(),
            rescue: rescue
                .iter()
                .map(|&(time, drug)| RescueEvent {
                    time,
                    drug: Some(drug.into()),
                    dose: None,
                    opioid: Some(drug != "paracetamol"),
                    mme: None,
                })
                .collect(),
        }
    }

    fn w() -> Window {
        Window::new(4.0, 24.0).unwrap()
    }

    fn values(r: &Imputed) -> Vec<(f64, Option<f64>)> {
        r.points.iter().map(|p| (p.time, p.value)).collect()
    }

    #[test]
    fn default_imputes_nothing() {
        let s = subject(
            Some(7.0),
            &[(2.0, Some(6.0)), (6.0, None), (8.0, Some(3.0))],
            &[(5.0, "oxycodone")],
        );
        let r = impute(&s, &ImputationOptions::default(), w());
        assert_eq!(
            values(&r),
            vec![(2.0, Some(6.0)), (6.0, None), (8.0, Some(3.0))]
        );
        assert_eq!(r.n_imputed(), 0);
        assert_eq!(r.auc_points(), vec![(2.0, 6.0), (8.0, 3.0)]);
    }

    #[test]
    fn windowed_rules_per_drug_and_overlap() {
        let s = subject(
            Some(9.0),
            &[
                (2.0, Some(6.0)),
                (4.0, Some(8.0)),
                (5.0, Some(2.0)),
                (7.0, None),
                (9.0, Some(1.0)),
                (12.0, Some(1.0)),
            ],
            &[(4.0, "Oxycodone"), (6.0, "paracetamol")],
        );
        let mut o = ImputationOptions {
            post_rescue: PostRescueRule::WLocf,
            rescue_window_hours: 2.0,
            ..Default::default()
        };
        o.rescue_window_by_drug.insert("OXYCODONE ".into(), 4.0);
        // oxycodone covers (4, 8], paracetamol (6, 8]: 5 ← LOCF at 4 = 8; 7 ← LOCF at 6 = 2
        // (the observed score at 5, not its replacement).
        let r = impute(&s, &o, w());
        assert_eq!(
            values(&r),
            vec![
                (2.0, Some(6.0)),
                (4.0, Some(8.0)),
                (5.0, Some(8.0)),
                (7.0, Some(2.0)),
                (9.0, Some(1.0)),
                (12.0, Some(1.0))
            ]
        );
        o.post_rescue = PostRescueRule::WWocf;
        let r = impute(&s, &o, w());
        assert_eq!(r.points[2].value, Some(9.0));
        assert_eq!(
            r.points[3].rule.unwrap().label(),
            "wWOCF after rescue at 6 h"
        );
        o.trigger_opioid_only = true;
        o.fill_window_end = true;
        let r = impute(&s, &o, w());
        assert_eq!(
            values(&r)[3..6],
            [(7.0, Some(9.0)), (8.0, Some(9.0)), (9.0, Some(1.0))]
        );
        assert!(r.points[4].added);
    }

    #[test]
    fn bocf_without_baseline_warns() {
        let s = subject(None, &[(2.0, Some(6.0)), (6.0, Some(3.0))], &[(5.0, "x")]);
        let o = ImputationOptions {
            post_rescue: PostRescueRule::WBocf,
            dropout: DropoutRule::Bocf,
            ..Default::default()
        };
        let r = impute(&s, &o, w());
        assert_eq!(values(&r), vec![(2.0, Some(6.0)), (6.0, Some(3.0))]);
        assert_eq!(r.warnings.len(), 2);
    }

    #[test]
    fn dropout_locf_keeps_auc_and_bocf_changes_it() {
        let s = subject(
            Some(8.0),
            &[(2.0, Some(6.0)), (10.0, Some(4.0)), (16.0, None)],
            &[],
        );
        let none = impute(&s, &ImputationOptions::default(), w());
        let locf = impute(
            &s,
            &ImputationOptions {
                dropout: DropoutRule::Locf,
                ..Default::default()
            },
            w(),
        );
        assert_eq!(
            values(&locf),
            vec![
                (2.0, Some(6.0)),
                (10.0, Some(4.0)),
                (16.0, Some(4.0)),
                (24.0, Some(4.0))
            ]
        );
        assert_eq!(
            window_auc(&none.auc_points(), w()),
            window_auc(&locf.auc_points(), w())
        );
        let bocf = impute(
            &s,
            &ImputationOptions {
                dropout: DropoutRule::Bocf,
                ..Default::default()
            },
            w(),
        );
        assert_eq!(bocf.points[2].value, Some(8.0));
        assert!(bocf.points[3].added);
    }

    #[test]
    fn gaps_interpolated_between_values_only() {
        let s = subject(
            None,
            &[
                (1.0, None),
                (2.0, Some(6.0)),
                (4.0, None),
                (5.0, None),
                (6.0, Some(2.0)),
                (8.0, None),
            ],
            &[],
        );
        let o = ImputationOptions {
            interpolate_gaps: true,
            ..Default::default()
        };
        let r = impute(&s, &o, w());
        assert_eq!(
            values(&r),
            vec![
                (1.0, None),
                (2.0, Some(6.0)),
                (4.0, Some(4.0)),
                (5.0, Some(3.0)),
                (6.0, Some(2.0)),
                (8.0, None)
            ]
        );
    }

    #[test]
    fn to_end_of_window_uses_first_rescue() {
        let s = subject(
            Some(7.0),
            &[
                (3.0, Some(5.0)),
                (8.0, Some(2.0)),
                (20.0, Some(1.0)),
                (30.0, Some(0.0)),
            ],
            &[(6.0, "a"), (10.0, "b")],
        );
        let o = ImputationOptions {
            post_rescue: PostRescueRule::WLocf,
            post_rescue_scope: PostRescueScope::ToEndOfWindow,
            fill_window_end: true,
            ..Default::default()
        };
        let r = impute(&s, &o, w());
        assert_eq!(
            values(&r),
            vec![
                (3.0, Some(5.0)),
                (8.0, Some(5.0)),
                (20.0, Some(5.0)),
                (24.0, Some(5.0)),
                (30.0, Some(0.0))
            ]
        );
        assert_eq!(
            r.points[1].rule.unwrap().label(),
            "LOCF to window end after rescue at 6 h"
        );
    }

    #[test]
    fn defensive_on_odd_input() {
        let mut s = subject(
            Some(f64::NAN),
            &[
                (5.0, Some(1.0)),
                (f64::NAN, Some(2.0)),
                (2.0, Some(f64::INFINITY)),
                (5.0, Some(3.0)),
            ],
            &[(f64::NAN, "a"), (1.0, "b")],
        );
        s.rescue.push(RescueEvent {
            time: 1.5,
            drug: None,
            dose: None,
            opioid: None,
            mme: None,
        });
        let mut o = ImputationOptions {
            post_rescue: PostRescueRule::WWocf,
            fill_window_end: true,
            dropout: DropoutRule::Wocf,
            interpolate_gaps: true,
            ..Default::default()
        };
        o.rescue_window_by_drug.insert("b".into(), f64::NAN);
        let r = impute(
            &s,
            &o,
            Window {
                start: f64::NAN,
                end: f64::NAN,
            },
        );
        assert!(!r.warnings.is_empty());
        let r = impute(&s, &o, w());
        let t: Vec<f64> = r.points.iter().map(|p| p.time).collect();
        assert!(t.windows(2).all(|p| p[0] < p[1]));
        assert!(o.validate().is_err());
        let empty = subject(None, &[], &[(1.0, "a")]);
        assert!(impute(&empty, &o, w()).points.is_empty());
    }
}
