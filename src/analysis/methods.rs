//! The methods section of the report: the paragraph a trial statistician would otherwise write
//! by hand for a statistical report or an appendix of the statistical analysis plan, generated
//! from the settings the analysis actually used (`Report::settings`) and a few facts of the run
//! (arms, whether a baseline was present, which analyses ran). Each statement names, in
//! parentheses, the R function whose result the number agrees with.
//!
//! Only what ran is described: responders, the sensitivity table, subgroups, moderators, the
//! stratified tests, the per-interval tests and the several-arm tests are mentioned only when
//! the options asked for them (and, for the several-arm tests, when there are three or more
//! arms). Sentences are plain, in the past tense; numbers are written as in a report
//! ("4–24 h", "α = 0.05", "95 %").

use super::options::{ArmMultiplicity, Options, PainEndpoint, PrimaryTest, RescueTest};
use crate::endpoints::impute::{
    DropoutRule, EstimandStrategy, ImputationOptions, PostRescueRule, PostRescueScope,
};
use crate::report::{
    ArmInfo, BandedColumn, HelpSection, Methods, Report, ReportWarning, Settings, Software, Stat,
};
use crate::stats::stratified::{StratumRanks, StratumWeights};
use crate::stats::survival::{CoxTies, KmConfType, KmConvention};
use crate::stats::wilcoxon::{WilcoxonMethod, WilcoxonOptions};

/// R and package versions the results were checked against (tests/fixtures/*.json). Functions
/// of packages that were not installed (effectsize, DescTools, vcd) are named with "as R's …
/// defines it": their published formulas were checked instead.
const R_CHECKED: &str = "R 4.2.2 (packages survival 3.5-3, emmeans 1.8.4 and coin 1.4-2)";

/// Facts of one run that the settings do not hold.
#[derive(Debug, Clone, Default)]
pub(crate) struct RunFacts<'a> {
    pub software: Option<&'a Software>,
    /// "NRS 0–10", "VAS 0–100", ...
    pub scale_label: &'a str,
    pub scale_inferred: bool,
    pub arms: &'a [ArmInfo],
    /// Whether any subject has a baseline score.
    pub baseline_available: bool,
    /// Responder thresholds (fractions) that were analysed.
    pub responder_thresholds: Vec<f64>,
    /// Whether the sensitivity table was computed.
    pub sensitivity: bool,
    /// The Wilcoxon method actually used for the primary pain endpoint, one per comparison
    /// that could be tested.
    pub pain_wilcoxon: Vec<WilcoxonMethod>,
    /// Whether the several-arm tests ran (three or more arms).
    pub multi_arm: bool,
    /// Whether the logistic models of rescue use ran (rescue use evaluable).
    pub rescue_models: bool,
    /// Whether one of them met separation (Firth's fit used).
    pub rescue_separated: bool,
    /// What the input layer decided for the user (population, records, times), with counts.
    pub input_notes: &'a [crate::input::InputNote],
    /// The report's warnings (code, message, count).
    pub warnings: &'a [ReportWarning],
    /// Analyses that were not evaluable, with the reason (deduplicated).
    pub not_evaluable: Vec<String>,
    /// Numeric columns banded into groups.
    pub bands: &'a [BandedColumn],
    /// The baseline characteristics table.
    pub baseline: Option<&'a super::BaselineTable>,
}

impl<'a> RunFacts<'a> {
    /// The facts of a finished report (its `methods` field is not read).
    pub(crate) fn of(report: &'a Report) -> Self {
        let first = report.comparisons.first();
        RunFacts {
            software: Some(&report.software),
            scale_label: &report.input.scale_label,
            scale_inferred: report.input.scale_inferred,
            arms: &report.arms,
            baseline_available: report.subjects.iter().any(|s| s.baseline.is_some()),
            responder_thresholds: first
                .map(|c| c.responders.iter().map(|r| r.threshold).collect())
                .unwrap_or_default(),
            sensitivity: report.comparisons.iter().any(|c| !c.sensitivity.is_empty()),
            pain_wilcoxon: report
                .comparisons
                .iter()
                .filter_map(|c| c.pain.wilcoxon.ok().map(|w| w.method))
                .collect(),
            multi_arm: report.multi_arm.is_some(),
            rescue_models: report.models.rescue.ok().is_some(),
            rescue_separated: report.models.rescue.ok().is_some_and(|m| {
                m.logistic.ok().is_some_and(|l| l.separation.is_some())
                    || m.subgroups
                        .iter()
                        .any(|g| g.ok().is_some_and(|g| g.separation.is_some()))
                    || m.moderators
                        .iter()
                        .any(|g| g.ok().is_some_and(|g| g.separation.is_some()))
            }),
            input_notes: &report.input.notes,
            warnings: &report.warnings,
            not_evaluable: not_evaluable(report),
            bands: &report.bands,
            baseline: Some(&report.baseline),
        }
    }
}

/// The reasons why analyses of the report could not be done, each once.
fn not_evaluable(report: &Report) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut add = |e: Option<&str>| {
        if let Some(e) = e {
            if !out.iter().any(|x| x == e) {
                out.push(e.to_string());
            }
        }
    };
    fn err<T>(s: &Stat<T>) -> Option<&str> {
        match s {
            Stat::Err { error } => Some(error),
            Stat::Ok(_) => None,
        }
    }
    for c in &report.comparisons {
        add(err(&c.rescue));
        if let Stat::Ok(r) = &c.rescue {
            add(err(&r.mme));
        }
        add(err(&c.intervals));
    }
    add(err(&report.time_to_rescue.kaplan_meier));
    add(err(&report.models.ancova));
    for m in &report.models.subgroups {
        add(err(m));
    }
    for m in &report.models.moderators {
        add(err(m));
    }
    for c in &report.comparisons {
        if !c.verdict.assessable {
            let d = format!(
                "the co-primary decision for {} against {} could not be made",
                c.active, c.reference
            );
            add(Some(&d));
        }
    }
    out
}

/// The methods section of a finished report (see [`methods_text`]).
pub(crate) fn methods_of(report: &Report) -> Methods {
    methods_text(&report.settings, &RunFacts::of(report))
}

/// The methods section for `settings` and the facts of the run, as paragraphs of plain text in
/// the order of a statistical report: software and data; per-subject endpoints; imputation (and
/// the sensitivity table); the comparisons between arms (and responders); the co-primary
/// decision rule; the covariate models; the stratified tests; time to first rescue; rescue per
/// interval; several arms. Never panics.
pub(crate) fn methods_text(settings: &Settings, f: &RunFacts) -> Methods {
    let s = &settings.options;
    let mut p = vec![software_and_data(s, f)];
    if !f.input_notes.is_empty() {
        p.push(data_preparation(f.input_notes));
    }
    if let Some(b) = f.baseline.and_then(baseline_table) {
        p.push(b);
    }
    p.push(endpoints(s));
    p.push(rescue_endpoints(s));
    p.push(imputation(&s.imputation, s));
    if f.sensitivity {
        p.push(sensitivity(&s.imputation));
    }
    p.push(comparisons(s, f));
    p.push(verdict(s, f));
    p.push(models(s, f));
    if f.rescue_models {
        p.push(rescue_models(s, f));
    }
    if let Some(g) = groups(s, f) {
        p.push(g);
    }
    if let Some(column) = &s.strata.column {
        p.push(stratified(s, column));
    }
    p.push(time_to_rescue(s));
    if s.intervals.cuts.len() >= 2 {
        p.push(intervals(s));
    }
    if f.multi_arm {
        p.push(multi_arm(f));
    }
    if let Some(l) = limits(f) {
        p.push(l);
    }
    Methods { paragraphs: p }
}

/// The page's help: the methods text for the default options, written from the same functions
/// as every report's methods section (so the single file explains itself with the words its
/// reports use), with placeholders where a report names its data ("the reference arm", "each
/// active arm"). Sections: endpoints and imputation; comparisons and the decision; models,
/// time to rescue and several arms.
pub fn help() -> Vec<HelpSection> {
    let o = Options::default();
    let arms = [
        ArmInfo {
            name: "the reference arm".into(),
            n: 0,
        },
        ArmInfo {
            name: "an active arm".into(),
            n: 0,
        },
        ArmInfo {
            name: "another active arm".into(),
            n: 0,
        },
    ];
    let f = RunFacts {
        arms: &arms,
        baseline_available: true,
        responder_thresholds: o.responder_thresholds.clone(),
        sensitivity: true,
        multi_arm: true,
        rescue_models: true,
        rescue_separated: true,
        ..RunFacts::default()
    };
    let mut several = o.clone();
    several.reference_arm = Some("the reference arm".into());
    vec![
        HelpSection {
            title: "Per-subject endpoints, missing scores and scores after rescue",
            paragraphs: vec![
                endpoints(&o),
                rescue_endpoints(&o),
                imputation(&o.imputation, &o),
                sensitivity(&o.imputation),
            ],
        },
        HelpSection {
            title: "Comparisons between arms and the co-primary decision",
            paragraphs: vec![comparisons(&several, &f), verdict(&several, &f)],
        },
        HelpSection {
            title: "Models, time to first rescue and several arms",
            paragraphs: vec![
                models(&several, &f),
                rescue_models(&several, &f),
                time_to_rescue(&o),
                multi_arm(&f),
            ],
        },
    ]
}

// ---------------------------------------------------------------------------------------------
// Formatting
// ---------------------------------------------------------------------------------------------

/// A number as a report writes it: up to 9 decimals, trailing zeros dropped ("4", "0.05", "6.5").
fn num(x: f64) -> String {
    if !x.is_finite() {
        return format!("{x}");
    }
    let s = format!("{x:.9}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.into()
    }
}

/// A fraction as a percentage, "95 %".
fn pct(x: f64) -> String {
    format!("{} %", num(x * 100.0))
}

fn hours(x: f64) -> String {
    format!("{} h", num(x))
}

/// "a–b h".
fn span(a: f64, b: f64) -> String {
    format!("{}–{} h", num(a), num(b))
}

/// "A", "A and B", "A, B and C".
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// ", conf.level = 0.9" for R calls when the level is not R's default 0.95.
fn conf_arg(conf_level: f64) -> String {
    if (conf_level - 0.95).abs() < 1e-12 {
        String::new()
    } else {
        format!(", conf.level = {}", num(conf_level))
    }
}

fn endpoint_short(e: PainEndpoint) -> &'static str {
    match e {
        PainEndpoint::Auc => "AUC",
        PainEndpoint::Twa => "TWA",
        PainEndpoint::Spid => "SPID",
    }
}

/// The response's name in R formulas.
fn endpoint_var(e: PainEndpoint) -> &'static str {
    match e {
        PainEndpoint::Auc => "auc",
        PainEndpoint::Twa => "twa",
        PainEndpoint::Spid => "spid",
    }
}

fn reference_arm(s: &Options) -> String {
    match s.reference_arm.as_deref() {
        Some(arm) if !arm.is_empty() => arm.into(),
        _ => "the reference arm".into(),
    }
}

fn active_arms(s: &Options, f: &RunFacts) -> Vec<String> {
    f.arms
        .iter()
        .filter(|a| Some(a.name.as_str()) != s.reference_arm.as_deref())
        .map(|a| a.name.clone())
        .collect()
}

fn rescue_kind(opioid_only: bool) -> &'static str {
    if opioid_only {
        "opioid rescue"
    } else {
        "rescue"
    }
}

// ---------------------------------------------------------------------------------------------
// Paragraphs
// ---------------------------------------------------------------------------------------------

fn software_and_data(s: &Options, f: &RunFacts) -> String {
    let software = match f.software {
        Some(sw) => format!("{} {}", sw.name, sw.version),
        None => format!("{} {}", env!("CARGO_PKG_NAME"), env!("CARGO_PKG_VERSION")),
    };
    let mut t = format!(
        "The analyses were done with {software}, whose results agree with those of {R_CHECKED} \
         to a relative 1e-9 for estimates and 1e-6 for p-values; the R function each result \
         agrees with is named in parentheses."
    );
    if !f.scale_label.is_empty() {
        let inferred = if f.scale_inferred {
            " (the scale was inferred from the scores)"
        } else {
            ""
        };
        t.push_str(&format!(
            " Pain intensity was recorded on the {} scale{inferred}.",
            f.scale_label
        ));
    }
    if !f.arms.is_empty() {
        let total: usize = f.arms.iter().map(|a| a.n).sum();
        let arms: Vec<String> = f
            .arms
            .iter()
            .map(|a| format!("{} (n = {})", a.name, a.n))
            .collect();
        t.push_str(&format!(
            " The analysis set held {total} subjects in {} arms: {}.",
            f.arms.len(),
            and_list(&arms)
        ));
    }
    t.push_str(&format!(
        " The reference arm was {}; differences are active − reference. The analysis window was \
         {}. Confidence intervals were two-sided at {}.",
        reference_arm(s),
        span(s.window.start, s.window.end),
        pct(s.conf_level)
    ));
    t
}

/// How the data were read: every choice the input layer made, as stated in the report.
fn data_preparation(notes: &[crate::input::InputNote]) -> String {
    let items: Vec<String> = notes
        .iter()
        .map(|n| n.message.trim_end_matches('.').to_string())
        .collect();
    format!("Data preparation: {}.", items.join(". "))
}

fn endpoints(s: &Options) -> String {
    let (a, b) = (s.window.start, s.window.end);
    let len = num(b - a);
    let imputed = if is_observed_only(&s.imputation) {
        ""
    } else {
        " (after the imputation rules below)"
    };
    format!(
        "Pain intensity was summarised per subject as the area under the pain-intensity curve \
         (AUC) over the analysis window, {window}, computed by the linear trapezoidal rule from \
         the subject's non-missing scores{imputed}: the curve was linear between assessments and \
         was interpolated at {ha} and {hb} when these fell between assessments; when the subject \
         had no score before {ha} or after {hb}, the nearest score was carried to the window edge \
         (R: approxfun(t, y, rule = 2) integrated by the trapezoidal rule over {ha}, {hb} and the \
         assessment times between). The time-weighted average (TWA) was AUC/{len} h, on the \
         scale of the scores, and the sum of pain-intensity differences (SPID) was baseline × \
         {len} h − AUC, with the pre-dose baseline score (a higher SPID is better). Subjects \
         without any non-missing score had no pain endpoint and were left out of the pain \
         analyses. Subjects for whom more than {share} of the window lay after their last or \
         before their first observed score, so that their AUC rested there on carried or imputed \
         values, were counted and reported, as was a window reaching beyond the first or last \
         score in the data. The primary pain endpoint was the {primary}.",
        share = pct(s.carried_warning_share),
        window = span(a, b),
        ha = hours(a),
        hb = hours(b),
        primary = endpoint_short(s.primary_endpoint),
    )
}

fn rescue_endpoints(s: &Options) -> String {
    let (a, b) = (s.window.start, s.window.end);
    let rescue = rescue_kind(s.rescue_opioid_only);
    let opioid_note = if s.rescue_opioid_only {
        " Only administrations flagged as opioid were counted."
    } else {
        ""
    };
    let mme = &s.mme;
    let mme_source = if mme.use_column {
        format!(
            "taken from the rescue table's MME column when given, otherwise computed as dose × \
             the factor of its drug in the table \"{}\"",
            mme.version
        )
    } else {
        format!(
            "computed as dose × the factor of its drug in the table \"{}\" (the MME column was \
             not used)",
            mme.version
        )
    };
    format!(
        "Rescue-medication use was at least one {rescue} administration at {ha} {le} t ≤ {hb} \
         ({which}).{opioid_note} The number of administrations and the total morphine \
         milligram equivalents (MME) in the window were also summarised; the MME of an \
         administration was {mme_source}, and 0 for an administration flagged non-opioid without \
         a factor; a subject's total MME was missing when the MME of any of its administrations \
         was unknown.",
        ha = hours(a),
        hb = hours(b),
        le = if s.rescue_window == super::RescueWindowBounds::LeftOpen {
            "<"
        } else {
            "≤"
        },
        which = if s.rescue_window == super::RescueWindowBounds::LeftOpen {
            "a half-open window: a dose at exactly the window start did not count; option \
             rescueWindow"
        } else {
            "a closed window: a dose at exactly the window start counted; option rescueWindow"
        },
    )
}

fn is_observed_only(i: &ImputationOptions) -> bool {
    i.post_rescue == PostRescueRule::None
        && i.dropout == DropoutRule::CarryLast
        && !i.interpolate_gaps
}

/// "W = 6 h; 4 h for morphine and 8 h for oxycodone".
fn window_lengths(i: &ImputationOptions) -> String {
    let by_drug: Vec<String> = i
        .rescue_window_by_drug
        .iter()
        .map(|(d, w)| format!("{} for {}", hours(*w), d.trim()))
        .collect();
    if by_drug.is_empty() {
        format!("W = {}", hours(i.rescue_window_hours))
    } else {
        format!(
            "W = {}; {}",
            hours(i.rescue_window_hours),
            and_list(&by_drug)
        )
    }
}

fn replacement(rule: PostRescueRule) -> Option<(&'static str, &'static str)> {
    match rule {
        PostRescueRule::None => None,
        PostRescueRule::WLocf => Some((
            "LOCF",
            "the last observed score at or before the rescue (the baseline score when there was \
             none)",
        )),
        PostRescueRule::WBocf => Some(("BOCF", "the baseline score")),
        PostRescueRule::WWocf => Some((
            "WOCF",
            "the worst (highest) observed score at or before the rescue, baseline included",
        )),
    }
}

fn imputation(i: &ImputationOptions, s: &Options) -> String {
    let hb = hours(s.window.end);
    if is_observed_only(i) {
        return format!(
            "Observed scores only were analysed: no value was imputed. Scores after rescue \
             medication were used as recorded; for subjects whose last score preceded {hb} the \
             AUC curve carried the last score to the window end; and intermittent missing scores \
             were bridged by the linear curve between their neighbours. For rescue medication \
             (an intercurrent event, ICH E9(R1)) this is the treatment-policy strategy."
        );
    }
    let trigger = if i.trigger_opioid_only {
        "opioid rescue administration"
    } else {
        "rescue administration"
    };
    let trigger_note = if i.trigger_opioid_only && i.post_rescue != PostRescueRule::None {
        "Administrations not flagged as opioid did not trigger the post-rescue rule. "
    } else {
        ""
    };
    let step1 = match replacement(i.post_rescue) {
        None => "(1) no post-rescue rule: scores after rescue medication were used as recorded"
            .to_string(),
        Some((name, value)) => {
            let fill = if i.fill_window_end {
                match i.post_rescue_scope {
                    PostRescueScope::Window => {
                        "; a point carrying the replaced value was added at t_r + W when no \
                         assessment was there"
                    }
                    PostRescueScope::ToEndOfWindow => {
                        "; a point carrying the replaced value was added at the window end when \
                         no assessment was there"
                    }
                }
            } else {
                ""
            };
            match i.post_rescue_scope {
                PostRescueScope::Window => format!(
                    "(1) windowed {name} after rescue (w{name}): the scores of assessments at \
                     t_r < t ≤ t_r + W after each {trigger} at t_r ({}) were replaced by \
                     {value}; overlapping windows were merged and the latest covering rescue \
                     gave the value{fill}",
                    window_lengths(i)
                ),
                PostRescueScope::ToEndOfWindow => format!(
                    "(1) {name} after rescue to the window end: the scores of all assessments \
                     after the first {trigger} up to {hb} were replaced by {value} at that \
                     rescue{fill}"
                ),
            }
        }
    };
    let step2 = match i.dropout {
        DropoutRule::CarryLast => format!(
            "(2) dropouts (last value before {hb}): no value was added; the AUC curve carried \
             the last value flat to the window end (LOCF in effect; flagged per subject)"
        ),
        DropoutRule::None => format!(
            "(2) dropouts (last value before {hb}) were given no value: they had no AUC and were \
             left out of the pain analysis (complete cases), and counted"
        ),
        d => {
            let (name, value) = match d {
                DropoutRule::Locf => ("LOCF", "the last value (observed or imputed in step 1)"),
                DropoutRule::Bocf => ("BOCF", "the baseline score"),
                _ => (
                    "WOCF",
                    "the worst (highest) observed score, baseline included",
                ),
            };
            format!(
                "(2) dropouts ({name}): for subjects whose last value preceded {hb}, the later \
                 assessments up to {hb} and a point at {hb} were given {value}"
            )
        }
    };
    let step3 = if i.interpolate_gaps {
        "(3) intermittent missing scores were linearly interpolated between the neighbouring \
         values (R: approx)"
    } else {
        "(3) intermittent missing scores were not imputed (the AUC's linear curve bridged them)"
    };
    format!(
        "Missing scores and scores after rescue medication were handled by single imputation \
         per subject before the AUC, in this order: {step1}; {step2}; {step3}. \
         {trigger_note}Post-rescue replacement values were taken from observed scores only, \
         never from imputed ones; where a replacement value did not exist (e.g. BOCF without a \
         baseline score) the scores were left as recorded. Every imputed value is listed per \
         subject with its rule. For rescue medication (an intercurrent event, ICH E9(R1)) the \
         post-rescue rule implements the {} strategy.",
        EstimandStrategy::of(i).name()
    )
}

fn sensitivity(i: &ImputationOptions) -> String {
    let by_drug = if i.rescue_window_by_drug.is_empty() {
        ""
    } else {
        " or the per-drug windows"
    };
    format!(
        "As a sensitivity analysis, the primary comparison was repeated under each post-rescue \
         rule — scores after rescue used as recorded; windowed LOCF, BOCF and WOCF \
         ({} after each rescue{by_drug}); and LOCF, BOCF and WOCF from the first rescue to the \
         window end — keeping the dropout rule, gap interpolation and trigger of the main \
         analysis, with the same tests as the primary comparison. Taking rescue medication is an \
         intercurrent event (ICH E9(R1)); the rules implement these strategies for it: scores as \
         recorded, treatment policy; windowed LOCF and BOCF, hypothetical (the pain had rescue \
         not been taken); LOCF to the window end, while on treatment (only the scores before the \
         first rescue count); WOCF, composite (rescue made an unfavourable outcome).",
        hours(i.rescue_window_hours)
    )
}

fn wilcoxon_method(w: &WilcoxonOptions, conf: &str) -> String {
    let (corr, corr_arg) = if w.correct {
        ("with tie and continuity corrections", "")
    } else {
        (
            "with tie correction and without continuity correction",
            ", correct = FALSE",
        )
    };
    match w.method {
        WilcoxonMethod::Auto => format!(
            "exact when both arms had fewer than 50 values and the pooled values had no ties, \
             otherwise by the normal approximation {corr} (R: \
             wilcox.test(x, y, conf.int = TRUE{corr_arg}{conf}))"
        ),
        WilcoxonMethod::Exact => format!(
            "exact, or, where the pooled values had ties, by the normal approximation {corr} \
             (R: wilcox.test(x, y, exact = TRUE, conf.int = TRUE{corr_arg}{conf}))"
        ),
        WilcoxonMethod::Normal => format!(
            "by the normal approximation {corr} (R: wilcox.test(x, y, \
             exact = FALSE, conf.int = TRUE{corr_arg}{conf}))"
        ),
        WilcoxonMethod::ExactConditional => format!(
            "exactly, from the permutation distribution of the rank sum with midranks given the \
             ties (Streitberg & Röhmel 1986's shift algorithm), with the exact Hodges–Lehmann \
             interval (R: coin::wilcox_test(y ~ arm, distribution = \"exact\", conf.int = \
             TRUE{conf}); SAS: PROC NPAR1WAY WILCOXON HL with EXACT WILCOXON HL, whose interval \
             can differ with ties)"
        ),
    }
}

/// "; the normal approximation was used for the AUC" from the methods actually used.
fn wilcoxon_used(used: &[WilcoxonMethod], endpoint: &str) -> String {
    let is_exact =
        |m: &WilcoxonMethod| matches!(m, WilcoxonMethod::Exact | WilcoxonMethod::ExactConditional);
    let exact = used.iter().any(is_exact);
    let normal = used.iter().any(|m| !is_exact(m));
    match (exact, normal) {
        (true, false) => format!("; the exact test was used for the {endpoint}"),
        (false, true) => format!("; the normal approximation was used for the {endpoint}"),
        (true, true) => format!(
            "; for the {endpoint}, the exact test was used in some comparisons and the normal \
             approximation in others"
        ),
        (false, false) => String::new(),
    }
}

fn comparisons(s: &Options, f: &RunFacts) -> String {
    let conf = conf_arg(s.conf_level);
    let cl = pct(s.conf_level);
    let e = endpoint_short(s.primary_endpoint);
    let active = active_arms(s, f);
    let who = match active.as_slice() {
        [one] => format!("{one} was compared with {}", reference_arm(s)),
        _ => format!("Each active arm was compared with {}", reference_arm(s)),
    };
    let mut t = format!(
        "{who}. The {e} was compared by Welch's t-test (R: t.test(x, y{conf})) and Student's \
         pooled-variance t-test (R: t.test(x, y, var.equal = TRUE{conf})), each with the {cl} \
         CI of the difference in means, and by the Wilcoxon rank-sum test, {}{}. The \
         Hodges–Lehmann shift was the median of all active − reference differences, with its \
         {cl} CI from the inverted test (R: wilcox.test(x, y, conf.int = TRUE{conf}), whose CI \
         is the same; with the normal approximation R's estimate is a root of the test statistic, \
         equal to this median when the number of differences is odd and between the two middle \
         differences otherwise). Standardised differences \
         were Cohen's d with the pooled SD and Hedges' g with the exact small-sample correction \
         (as R's effectsize::cohens_d and \
         effectsize::hedges_g define them).",
        wilcoxon_method(&s.wilcoxon, &conf),
        wilcoxon_used(&f.pain_wilcoxon, e),
    );
    t.push_str(&format!(
        " Rescue-medication use was compared by Fisher's exact test, two-sided (the sum of the \
         probabilities of all tables no more likely than the observed one), with the \
         conditional maximum-likelihood odds ratio and its exact {cl} CI (R: \
         fisher.test(x{conf})), by Pearson's χ² test without and with Yates' continuity \
         correction (R: chisq.test(x, correct = FALSE), chisq.test(x, correct = TRUE)), and by \
         the risk difference with the Wald CI, the continuity-corrected Wald CI (R: \
         prop.test(x, n{conf})) and Newcombe's hybrid-score CI (method 10) from the Wilson \
         limits of each arm (R: prop.test(x, n, correct = FALSE) per arm). Further intervals \
         for the risk difference, risk ratio and odds ratio (Agresti–Caffo, Miettinen–Nurminen, \
         Mee, Koopman, exact unconditional, mid-p and others) are listed with their SAS PROC \
         FREQ options and R functions, with the Miettinen–Nurminen score test (Miettinen & \
         Nurminen 1985; Chan & Zhang 1999). The number of rescue \
         administrations and the total MME were compared by the Wilcoxon rank-sum test with the \
         Hodges–Lehmann shift, with the same options (R: wilcox.test). One-sided p-values in \
         the direction favouring the active arm (R: alternative = \"less\") are shown beside \
         the two-sided tests, which alone decide."
    ));
    let thresholds: Vec<String> = f.responder_thresholds.iter().map(|&x| pct(x)).collect();
    if !thresholds.is_empty() {
        let each = if thresholds.len() > 1 {
            " (each threshold separately)"
        } else {
            ""
        };
        t.push_str(&format!(
            " Responders were subjects whose TWA was at least {} below their baseline score, \
             (baseline − TWA)/baseline ≥ threshold{each}; subjects without a positive baseline \
             score or without a TWA were left out. Responder proportions were compared as \
             rescue-medication use (Fisher's exact test, χ² tests, risk difference).",
            thresholds.join(" or ")
        ));
    }
    t
}

fn verdict(s: &Options, f: &RunFacts) -> String {
    let e = endpoint_short(s.primary_endpoint);
    let (pain_test, direction) = match s.primary_test {
        PrimaryTest::Welch => ("Welch's t-test", "the difference in means"),
        PrimaryTest::Student => ("Student's t-test", "the difference in means"),
        PrimaryTest::Wilcoxon => ("the Wilcoxon rank-sum test", "the Hodges–Lehmann shift"),
    };
    let better = if s.primary_endpoint.lower_is_better() {
        "lower"
    } else {
        "higher"
    };
    let stratum = s.strata.column.as_deref().unwrap_or("the stratum column");
    let rescue_test = match s.rescue_test {
        RescueTest::Fisher => "Fisher's exact test".to_string(),
        RescueTest::Chisq => "Pearson's χ² test without continuity correction".to_string(),
        RescueTest::ChisqYates => "Pearson's χ² test with Yates' correction".to_string(),
        RescueTest::Score => "the Miettinen–Nurminen score test of the risk difference \
             (Miettinen & Nurminen 1985; SAS: PROC FREQ RISKDIFF(CL=MN); the 'N − 1' χ²), shown with its \
             score interval"
            .to_string(),
        RescueTest::Logistic => "the likelihood-ratio test of arm in the logistic regression on \
             arm, baseline and the model's covariates (with three or more arms, the Wald z test of \
             each arm's coefficient; Firth's penalised likelihood under separation), shown with \
             the adjusted odds ratio and its profile-likelihood interval"
            .to_string(),
        RescueTest::Marginal => "the z test of the covariate-adjusted risk difference by \
             standardisation from the logistic model, with the robust variance of Ye et al. \
             (2023), shown with its interval"
            .to_string(),
        RescueTest::Cmh => format!(
            "the Cochran–Mantel–Haenszel test stratified by {stratum}, shown with the \
             Mantel–Haenszel common odds ratio"
        ),
    };
    let who = match active_arms(s, f).as_slice() {
        [one] => one.clone(),
        _ => "Each active arm".into(),
    };
    let adjusted = if f.multi_arm {
        match s.multiplicity {
            ArmMultiplicity::Holm => {
                " With several active arms, each endpoint's p-values of the comparisons with the \
                 reference were adjusted by Holm's step-down procedure (R p.adjust), and each \
                 active arm was judged on its adjusted p-values."
            }
            ArmMultiplicity::Bonferroni => {
                " With several active arms, each endpoint's p-values of the comparisons with the \
                 reference were adjusted by Bonferroni's method (R p.adjust), and each active arm \
                 was judged on its adjusted p-values."
            }
            ArmMultiplicity::None => {
                " With several active arms, each active arm was judged at the full α without \
                 adjustment for the number of arms (a chosen option); the adjusted p-values are \
                 given with the several-arm tests."
            }
        }
    } else {
        ""
    };
    format!(
        "Co-primary decision rule: {who} was to be declared to have met its co-primary endpoints \
         against {reference} only if both endpoints were significant at the two-sided α = {alpha} \
         in favour of the active arm — the {e} by {pain_test} (a {better} {e} favouring the \
         active arm, judged by {direction}) and rescue-medication use by {rescue_test} (a lower \
         proportion favouring the active arm). No adjustment was needed between the two \
         endpoints, since both had to be significant (intersection–union test; FDA, Multiple \
         Endpoints in Clinical Trials, 2022).{adjusted}",
        reference = reference_arm(s),
        alpha = num(s.alpha),
    )
}

/// "y ~ arm + baseline + AGE + factor(SITEID)" terms after `arm`.
fn model_terms(s: &Options, baseline: bool) -> Vec<String> {
    let m = &s.model;
    let mut terms = Vec::new();
    if baseline {
        terms.push("baseline".to_string());
    }
    for c in &m.covariates {
        if m.factors.contains(c) {
            terms.push(format!("factor({c})"));
        } else {
            terms.push(c.clone());
        }
    }
    terms
}

/// The logistic models of rescue use: the main-effects model, Firth's under separation (only
/// when it occurred), the standardised marginal effects, the subgroup and moderator
/// interactions.
fn rescue_models(s: &Options, f: &RunFacts) -> String {
    let m = &s.model;
    let cl = pct(s.conf_level);
    let baseline = m.baseline && f.baseline_available;
    let mut rhs = vec!["arm".to_string()];
    rhs.extend(model_terms(s, baseline));
    let rhs = rhs.join(" + ");
    let rescue = rescue_kind(s.rescue_opioid_only);
    let mut t = format!(
        "Use of {rescue} in the window was also analysed by logistic regression on the same \
         terms (R: glm(rescued ~ {rhs}, family = binomial); SAS: PROC LOGISTIC): odds ratios \
         with Wald and profile-likelihood {cl} CIs (R: confint.default, confint; SAS: \
         CLODDS=WALD, PL) and the likelihood-ratio test of arm; separation was checked by \
         linear programming (Albert & Anderson 1984). Standardisation (g-computation) gave the \
         covariate-adjusted risk difference, risk ratio and odds ratio with the robust variance \
         of Ye et al. (2023) and the model-based one of Ge et al. (2011) (R: \
         beeca::get_marginal_effect; SAS: %Margins)."
    );
    if f.rescue_separated {
        t.push_str(
            " Under separation no maximum-likelihood estimate exists; Firth's penalised \
             likelihood was used instead (Firth 1993; R: brglm2, type = \"AS_mean\"; SAS: \
             FIRTH), with profile penalised-likelihood CIs and the penalised likelihood-ratio \
             test (Heinze & Schemper 2002).",
        );
    }
    if !m.subgroups.is_empty() || !m.moderators.is_empty() {
        t.push_str(
            " Subgroups and moderators were analysed as for the ANCOVA, with likelihood-ratio \
             interaction tests; within a subgroup level the odds ratio comes from the \
             interaction model and the risk difference from the level's own proportions.",
        );
    }
    t
}

fn models(s: &Options, f: &RunFacts) -> String {
    let m = &s.model;
    let y = endpoint_var(s.primary_endpoint);
    let e = endpoint_short(s.primary_endpoint);
    let cl = pct(s.conf_level);
    let baseline = m.baseline && f.baseline_available;
    let terms = model_terms(s, baseline);
    let rhs = |head: &str| -> String {
        let mut parts = vec![head.to_string()];
        parts.extend(terms.iter().cloned());
        parts.join(" + ")
    };
    let mut on: Vec<String> = vec!["arm".into()];
    if baseline {
        on.push("the baseline score".into());
    }
    on.extend(m.covariates.iter().map(|c| s.input.label_and_name(c)));
    let forced: Vec<String> = m
        .covariates
        .iter()
        .filter(|c| m.factors.contains(c))
        .cloned()
        .collect();
    let kinds = match (m.covariates.is_empty(), forced.as_slice()) {
        (true, _) => String::new(),
        (false, []) => {
            " Numeric covariates entered as continuous, text covariates as factors.".into()
        }
        (false, [one]) => format!(
            " Numeric covariates entered as continuous, text covariates and {one} as factors."
        ),
        (false, _) => format!(
            " Numeric covariates entered as continuous, text covariates and {} as factors.",
            and_list(&forced)
        ),
    };
    let no_baseline = if m.baseline && !f.baseline_available {
        " The subjects table had no baseline score, so the model was not adjusted for it."
    } else {
        ""
    };
    let mut t = format!(
        "The {e} was also analysed by analysis of covariance on {} (R: fit = lm({y} ~ {})), \
         with the reference arm as the base level (treatment contrasts) and complete cases.\
         {kinds} The adjusted differences active − reference were given with {cl} CIs (R: \
         confint(fit)) and the LS-means with the continuous covariates at their means and equal \
         weights over the levels of each factor (R: emmeans::emmeans(fit, \"arm\")).\
         {no_baseline}",
        and_list(&on),
        rhs("arm"),
    );
    let rest = if terms.is_empty() {
        String::new()
    } else {
        format!(" + {}", terms.join(" + "))
    };
    for g in &m.subgroups {
        let named = s.input.label_and_name(g);
        t.push_str(&format!(
            " {named} was analysed as a subgroup: the treatment × {g} interaction was tested by the \
             F test comparing the models without and with it (R: anova(m0, m1), m0 = lm({y} ~ \
             arm + factor({g}){rest}), m1 = lm({y} ~ arm * factor({g}){rest})), and each active \
             arm's effect within each level of {g} was estimated with its {cl} CI, unadjusted \
             (R: emmeans::emmeans(m1, trt.vs.ctrl ~ arm | {g}, adjust = \"none\")). Each level \
             was also analysed on its own by Welch's t-test (R: t.test(y ~ arm, subset = {g} == \
             level))."
        ));
    }
    for v in &m.moderators {
        let extra = if m.moderator_values.is_empty() {
            String::new()
        } else {
            let vals: Vec<String> = m.moderator_values.iter().map(|&x| num(x)).collect();
            format!(" and at {}", and_list(&vals))
        };
        let named = s.input.label_and_name(v);
        t.push_str(&format!(
            " {named} was analysed as a continuous effect modifier: the treatment × {v} interaction \
             was tested by the F test comparing the models without and with it (R: anova(m0, \
             m1), m0 = lm({y} ~ arm + {v}{rest}), m1 = lm({y} ~ arm * {v}{rest})), and each \
             active arm's effect was estimated at equally spaced values over the observed range \
             of {v}{extra}, with pointwise {cl} CIs and the Johnson–Neyman limits (R: \
             emmeans::emmeans(m1, trt.vs.ctrl ~ arm | {v}, at = list({v} = …)))."
        ));
    }
    t.push_str(
        " Each term's F test is given by type III, II and sequential type I sums of squares \
         (R: car::Anova(fit, type = 3), car::Anova(fit, type = 2), anova(fit); SAS: PROC GLM \
         Type III, II and I SS).",
    );
    if f.arms.len() > 2 {
        t.push_str(&format!(
            " All pairwise LS-mean differences were given with unadjusted, Tukey–Kramer and \
             Dunnett (against the reference arm; the exact multivariate t) p-values and {cl} \
             simultaneous CIs (R: emmeans(fit, revpairwise ~ arm, adjust = \"tukey\"), \
             emmeans(fit, trt.vs.ctrl ~ arm, adjust = \"mvt\"); SAS: LSMEANS arm / PDIFF \
             ADJUST=TUKEY, ADJUST=DUNNETT)."
        ));
    }
    t
}

fn stratified(s: &Options, column: &str) -> String {
    let conf = conf_arg(s.conf_level);
    let cl = pct(s.conf_level);
    let e = endpoint_short(s.primary_endpoint);
    let (cmh, cmh_r) = if s.strata.cmh_correct {
        ("with continuity correction", "correct = TRUE")
    } else {
        ("without continuity correction", "correct = FALSE")
    };
    let sas = if s.strata.cmh_correct {
        ""
    } else {
        "; SAS: PROC FREQ CMH"
    };
    let ve = s.strata.van_elteren;
    let ranks = match ve.ranks {
        StratumRanks::Stratum => "midranks within each stratum",
        StratumRanks::Overall => "midranks in the pooled sample of all strata",
    };
    let weights = match ve.weights {
        StratumWeights::VanElteren => "stratum weights 1/(n_k + 1)",
        StratumWeights::Equal => "equal stratum weights",
    };
    let name = match (ve.ranks, ve.weights) {
        (StratumRanks::Stratum, StratumWeights::VanElteren) => {
            "van Elteren's stratified Wilcoxon test"
        }
        _ => "a stratified Wilcoxon test",
    };
    let ve_r = match (ve.ranks, ve.weights) {
        (StratumRanks::Overall, StratumWeights::Equal) => {
            format!(
                "R: coin::wilcox_test({} ~ arm | {column}); SAS: PROC NPAR1WAY with STRATA / \
                 RANKS=OVERALL WEIGHTS=EQUAL",
                endpoint_var(s.primary_endpoint)
            )
        }
        (r, w) => format!(
            "R: coin::independence_test of the weighted rank scores with {column} as blocks; \
             SAS: PROC NPAR1WAY with STRATA / RANKS={} WEIGHTS={}",
            match r {
                StratumRanks::Stratum => "STRATUM",
                StratumRanks::Overall => "OVERALL",
            },
            match w {
                StratumWeights::VanElteren => "STRATUM",
                StratumWeights::Equal => "EQUAL",
            }
        ),
    };
    let named = s.input.label_and_name(column);
    format!(
        "Stratified analyses used the levels of {named} as strata (subjects with an empty \
         {column} were left out). Rescue-medication use was compared by the \
         Cochran–Mantel–Haenszel test {cmh} (R: mantelhaen.test(x, {cmh_r}{conf}){sas}), with \
         the Mantel–Haenszel common odds ratio and its Robins–Breslow–Greenland {cl} CI, and the \
         homogeneity of the odds ratios was tested by the Breslow–Day test with and without \
         Tarone's correction (as R's DescTools::BreslowDayTest defines it) and by Woolf's test \
         (as R's vcd::woolf_test defines it). The common risk difference has Mantel–Haenszel \
         weights with Sato's variance (SAS: COMMONRISKDIFF(CL=MH)) and the stratified \
         Miettinen–Nurminen score CI (R: ratesci::scoreci(stratified = TRUE)). The {e} was \
         compared by {name} ({ranks}, \
         {weights}, normal approximation without continuity correction; {ve_r})."
    )
}

fn time_to_rescue(s: &Options) -> String {
    let (a, b) = (s.window.start, s.window.end);
    let cl = pct(s.conf_level);
    let rescue = rescue_kind(s.rescue_opioid_only);
    let origin = if s.time_to_rescue.landmark {
        format!(
            "from the window start, {}, as a landmark ({rescue} before {} was ignored)",
            hours(a),
            hours(a)
        )
    } else if s.time_to_rescue.origin == 0.0 {
        "from time 0 h".to_string()
    } else {
        let o = hours(s.time_to_rescue.origin);
        format!("from {o} ({rescue} before {o} was ignored)")
    };
    let (conf_type, conf_r) = match s.survival.conf_type {
        KmConfType::Log => ("on the log scale", "\"log\""),
        KmConfType::LogLog => ("on the log(−log) scale", "\"log-log\""),
        KmConfType::Plain => ("on the linear scale", "\"plain\""),
    };
    let (ties, ties_r) = match s.survival.ties {
        CoxTies::Efron => ("Efron's", "\"efron\""),
        CoxTies::Breslow => ("Breslow's", "\"breslow\""),
    };
    let conf_int = if (s.conf_level - 0.95).abs() < 1e-12 {
        String::new()
    } else {
        format!(", conf.int = {}", num(s.conf_level))
    };
    format!(
        "Time to first {rescue} was measured {origin} to the first administration, censored at \
         the window end ({}). Kaplan–Meier estimates per arm were given with Greenwood standard \
         errors and pointwise {cl} CIs {conf_type} (R: survfit(Surv(time, event) ~ arm, \
         conf.type = {conf_r}{conf_int})) and the median time with its CI (R: \
         quantile.survfit). The arms were compared by the log-rank test (R: survdiff) and by \
         the Cox proportional-hazards model, with the hazard ratio of each active arm against \
         the reference arm and its Wald {cl} CI, using {ties} method for tied times (R: \
         coxph(Surv(time, event) ~ arm, ties = {ties_r})). The restricted mean time without \
         rescue to τ = {} h (the area under the Kaplan–Meier curve) was compared as active − \
         reference (R: survRM2::rmst2(tau = {}); SAS: LIFETEST RMST).{}{}",
        hours(b),
        num(b - if s.time_to_rescue.landmark {
            a
        } else {
            s.time_to_rescue.origin
        }),
        num(b - if s.time_to_rescue.landmark {
            a
        } else {
            s.time_to_rescue.origin
        }),
        match s.survival.convention {
            KmConvention::R => "",
            KmConvention::Sas => {
                " Quartiles and estimates follow SAS PROC LIFETEST rather than R: the first \
                 time at which the survival estimate falls below 1 − p (the midpoint only \
                 between two event times), Brookmeyer–Crowley limits, and no estimate past the \
                 last observed time when it is censored."
            }
        },
        match &s.strata.column {
            Some(c) => format!(
                " Stratified by {c}, the arms were also compared by the stratified log-rank \
                 test (R: survdiff(Surv(time, event) ~ arm + strata({c}))) and the Cox model \
                 with a separate baseline hazard per stratum (R: coxph(Surv(time, event) ~ arm \
                 + strata({c})); SAS: PROC PHREG with STRATA {c}); subjects without a value of \
                 {c} were left out of these two."
            ),
            None => String::new(),
        }
    )
}

fn intervals(s: &Options) -> String {
    let cuts = &s.intervals.cuts;
    let spans: Vec<String> = cuts.windows(2).map(|w| span(w[0], w[1])).collect();
    let rescue = rescue_kind(s.intervals.opioid_only);
    format!(
        "The use of {rescue} in each interval ({}; each interval [start, end), the last one \
         closed) was compared between arms by Fisher's exact test (R: fisher.test), with the \
         p-values adjusted over the {} intervals by the Bonferroni, Holm, Hochberg and \
         Benjamini–Hochberg methods (R: p.adjust); these comparisons were exploratory.",
        and_list(&spans),
        spans.len()
    )
}

/// Banded columns and the order of categorical levels, when groups were used.
fn groups(s: &Options, f: &RunFacts) -> Option<String> {
    let m = &s.model;
    let used = !m.subgroups.is_empty()
        || !m.factors.is_empty()
        || s.strata.column.is_some()
        || !m.covariates.is_empty();
    if !used && f.bands.is_empty() {
        return None;
    }
    let mut t = String::new();
    for b in f.bands {
        let parts: Vec<String> = b
            .labels
            .iter()
            .zip(&b.counts)
            .map(|(l, n)| format!("{l} (n = {n})"))
            .collect();
        let cuts: Vec<String> = b.cuts.iter().map(|&c| num(c)).collect();
        let how = match b.quantiles {
            Some(k) => format!(
                "into {k} groups at its quantiles {} (R: quantile({c}, (1:{})/{k}, type = 7); \
                 repeated cut points merged)",
                and_list(&cuts),
                k.saturating_sub(1),
                c = b.column
            ),
            None => format!("at {}", and_list(&cuts)),
        };
        t.push_str(&format!(
            "{} was banded {how}, bands closed on the right (R: cut({}, c(-Inf, cuts, Inf))): {}; \
             subjects with an empty {} were left out of analyses using it. ",
            b.column,
            b.column,
            and_list(&parts),
            b.column
        ));
    }
    t.push_str(
        "Levels of categorical columns were ordered naturally, numbers within labels by value \
         (SITE2 before SITE10), and the first level was the base of a factor's contrasts; R \
         orders factor levels by the locale's collation (SITE10 before SITE2), so a factor's \
         coefficients may be reported against another base level than R's, while arm \
         differences, LS-means and tests do not depend on the order.",
    );
    Some(t)
}

/// The assumptions and limits of the run: the report's warnings (those about single subjects
/// counted, not listed) and the analyses that were not evaluable, with their reasons.
fn limits(f: &RunFacts) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    let per_subject = f
        .warnings
        .iter()
        .filter(|w| w.code == "imputationNotApplied")
        .count();
    for w in f
        .warnings
        .iter()
        .filter(|w| w.code != "imputationNotApplied")
    {
        let m = w.message.trim().trim_end_matches('.');
        parts.push(format!("{m}."));
    }
    if per_subject > 0 {
        parts.push(format!(
            "An imputation rule could not be applied for {per_subject} subject(s); their scores \
             were left as recorded (each is named in the report's warnings)."
        ));
    }
    for e in &f.not_evaluable {
        let e = e.trim().trim_end_matches('.');
        parts.push(format!("Not done — {e}."));
    }
    (!parts.is_empty()).then(|| {
        format!(
            "Assumptions and limits of this analysis: {}",
            parts.join(" ").replace("  ", " ")
        )
    })
}

fn multi_arm(f: &RunFacts) -> String {
    let k = f.arms.len();
    let tests = format!(
        "the primary pain endpoint was also compared across all arms by the Kruskal–Wallis test \
         (R: kruskal.test), one-way analysis of variance (R: oneway.test(y ~ arm, var.equal = \
         TRUE)) and Welch's one-way analysis of variance (R: oneway.test(y ~ arm)), and \
         rescue-medication use by Pearson's χ² test on the {k} × 2 table (R: chisq.test)"
    );
    if k < 3 {
        return format!(
            "As requested (option globalTests), {tests}; with two arms the ANOVA F is Student's \
             t², Welch's F is Welch's t² and the χ² is the uncorrected 2 × 2 χ², so these add no \
             new p-value."
        );
    }
    format!(
        "With {k} arms, {tests}. The p-values of each active arm's co-primary tests were \
         adjusted over the {} comparisons with the reference arm by the Bonferroni and Holm \
         methods (R: p.adjust).",
        k.saturating_sub(1)
    )
}

/// The baseline characteristics table's definitions; none when it describes no variable.
fn baseline_table(t: &super::BaselineTable) -> Option<String> {
    use super::BaselineValues as V;
    let names = |numeric: bool| -> Vec<String> {
        t.variables
            .iter()
            .filter(|v| match v.values {
                V::Numeric { .. } => numeric,
                V::Categorical { .. } => !numeric,
                V::NotTabulated { .. } => false,
            })
            .map(|v| {
                if v.baseline_pain {
                    format!("baseline pain ({})", v.name)
                } else {
                    v.name.clone()
                }
            })
            .collect()
    };
    let (numeric, categorical) = (names(true), names(false));
    if numeric.is_empty() && categorical.is_empty() {
        return None;
    }
    let mut parts = Vec::new();
    if !numeric.is_empty() {
        parts.push(format!(
            "numeric variables ({}) by the number of subjects with a value and without one, the \
             mean and standard deviation (denominator n − 1; R: mean, sd), the median with the \
             first and third quartiles (R: quantile, type = 7), and the minimum and maximum",
            and_list(&numeric)
        ));
    }
    if !categorical.is_empty() {
        parts.push(format!(
            "categorical variables ({}) by the number of subjects in each level with its \
             percentage of the subjects with a value (levels in natural order), and the number \
             without a value",
            and_list(&categorical)
        ));
    }
    let skipped: Vec<String> = t
        .variables
        .iter()
        .filter_map(|v| match &v.values {
            V::NotTabulated { reason } => Some(format!("{} ({reason})", v.name)),
            _ => None,
        })
        .collect();
    let mut text = format!(
        "Baseline characteristics of the analysed population were summarised by arm and \
         overall: {}. Balance between each active arm and the reference arm was described by \
         the standardized difference, not by tests: (mean_a − mean_r)/√((s_a² + s_r²)/2) for a \
         numeric variable (Austin 2009, Stat Med 28:3083–3107), and for a categorical one the \
         multivariate form over the proportions of all levels but one, √((T − C)ᵀ S⁻¹ (T − C)) \
         with S the mean of the two arms' multinomial covariance matrices (Yang and Dalton 2012, \
         SAS Global Forum paper 335-2012), which for two levels is |p_a − p_r|/√((p_a(1 − p_a) + \
         p_r(1 − p_r))/2). A standardized difference was not evaluable when an arm had fewer \
         than two values (numeric) or none (categorical), when neither arm varied, or when the \
         arms shared no level.",
        parts.join("; ")
    );
    if !skipped.is_empty() {
        text.push_str(&format!(" Not tabulated: {}.", skipped.join("; ")));
    }
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{analyze, Options};
    use crate::endpoints::impute::{DropoutRule, PostRescueRule};
    use crate::endpoints::Window;
    use crate::input::TableSource;

    fn example(dir: &str, o: &Options) -> Report {
        let (s, p, r) = match dir {
            "three-arm" => (
                include_str!("../../www/example/three-arm/subjects.csv"),
                include_str!("../../www/example/three-arm/pain.csv"),
                include_str!("../../www/example/three-arm/rescue.csv"),
            ),
            _ => (
                include_str!("../../www/example/subjects.csv"),
                include_str!("../../www/example/pain.csv"),
                include_str!("../../www/example/rescue.csv"),
            ),
        };
        let t = |x: &str| TableSource::Text(x.to_string());
        analyze(&t(s), &t(p), Some(&t(r)), o).expect("example analyses")
    }

    fn text(r: &Report) -> String {
        r.methods.paragraphs.join("\n\n")
    }

    fn has(t: &str, what: &[&str]) {
        for w in what {
            assert!(t.contains(w), "missing {w:?} in:\n{t}");
        }
    }

    fn lacks(t: &str, what: &[&str]) {
        for w in what {
            assert!(!t.contains(w), "unexpected {w:?} in:\n{t}");
        }
    }

    #[test]
    fn default_run_of_the_example() {
        let r = example("two-arm", &Options::default());
        let t = text(&r);
        assert_eq!(r.methods, methods_text(&r.settings, &RunFacts::of(&r)));
        has(
            &t,
            &[
                &format!("analgesic-endpoints {}", env!("CARGO_PKG_VERSION")),
                "R 4.2.2",
                "NRS 0–10",
                "440 subjects in 2 arms",
                "The reference arm was Placebo patch",
                "Lidocaine patch was compared with Placebo patch",
                "analysis window was 4–24 h",
                "two-sided at 95 %",
                "linear trapezoidal rule",
                "interpolated at 4 h and 24 h",
                "nearest score was carried",
                "AUC/20 h",
                "baseline × 20 h − AUC",
                "The primary pain endpoint was the AUC.",
                "4 h ≤ t ≤ 24 h",
                "\"CDC 2022 oral MME conversion factors\"",
                "Observed scores only were analysed",
                "As a sensitivity analysis",
                "(R: t.test(x, y))",
                "(R: t.test(x, y, var.equal = TRUE))",
                "(R: wilcox.test(x, y, conf.int = TRUE))",
                "with tie and continuity corrections",
                "the normal approximation was used for the AUC",
                "Hodges–Lehmann",
                "(R: fisher.test(x))",
                "chisq.test(x, correct = FALSE)",
                "Newcombe",
                "at least 30 % or 50 % below",
                "α = 0.05",
                "by Welch's t-test",
                "by Fisher's exact test",
                "intersection–union",
                "(R: fit = lm(auc ~ arm + baseline))",
                "emmeans::emmeans(fit, \"arm\")",
                "from time 0 h",
                "conf.type = \"log\"",
                "(R: survdiff)",
                "ties = \"efron\"",
                "0–4 h, 4–8 h, 8–12 h, 12–16 h, 16–20 h and 20–24 h",
                "Bonferroni, Holm, Hochberg and Benjamini–Hochberg methods (R: p.adjust)",
                "Baseline characteristics of the analysed population",
                "numeric variables (baseline pain (BASE), LIDOVOL, SITEID and AGE)",
                "categorical variables (ANESTH and SEX)",
                "(R: quantile, type = 7)",
                "Austin 2009",
                "Yang and Dalton 2012",
            ],
        );
        lacks(
            &t,
            &[
                "single imputation",
                "wLOCF",
                "Breslow",
                "mantelhaen",
                "Elteren",
                "interaction",
                "landmark",
                "kruskal",
                "conf.level",
                "Only administrations flagged as opioid",
                "NaN",
            ],
        );
        // Paragraphs are whole: no empty ones, no embedded blank lines, no doubled spaces.
        for p in &r.methods.paragraphs {
            assert!(
                !p.is_empty() && !p.contains('\n') && !p.contains("  "),
                "{p}"
            );
        }
    }

    #[test]
    fn imputation_covariates_strata_and_breslow() {
        let mut o = Options::default();
        o.imputation.post_rescue = PostRescueRule::WLocf;
        o.imputation.rescue_window_hours = 6.0;
        o.imputation
            .rescue_window_by_drug
            .insert("morphine".into(), 4.0);
        o.imputation.trigger_opioid_only = true;
        o.imputation.dropout = DropoutRule::Bocf;
        o.imputation.interpolate_gaps = true;
        o.sensitivity = false;
        o.responder_thresholds = vec![];
        o.model.covariates = vec!["AGE".into(), "SITEID".into()];
        o.model.factors = vec!["SITEID".into()];
        o.model.subgroups = vec!["ANESTH".into()];
        o.model.moderators = vec!["LIDOVOL".into()];
        o.strata.column = Some("SITEID".into());
        o.strata.cmh_correct = false;
        o.survival.ties = CoxTies::Breslow;
        o.survival.conf_type = KmConfType::LogLog;
        o.time_to_rescue.landmark = true;
        o.primary_endpoint = PainEndpoint::Spid;
        o.primary_test = PrimaryTest::Wilcoxon;
        o.rescue_test = RescueTest::ChisqYates;
        o.rescue_opioid_only = true;
        o.conf_level = 0.9;
        o.alpha = 0.025;
        o.intervals.cuts = vec![];
        let r = example("two-arm", &o);
        let t = text(&r);
        has(
            &t,
            &[
                "single imputation per subject before the AUC, in this order",
                "(1) windowed LOCF after rescue (wLOCF)",
                "(W = 6 h; 4 h for morphine)",
                "did not trigger the post-rescue rule",
                "opioid rescue administration",
                "(2) dropouts (BOCF)",
                "(3) intermittent missing scores were linearly interpolated",
                "(after the imputation rules below)",
                "Only administrations flagged as opioid were counted",
                "The primary pain endpoint was the SPID.",
                "two-sided at 90 %",
                "conf.level = 0.9",
                "α = 0.025",
                "the SPID by the Wilcoxon rank-sum test (a higher SPID",
                "Pearson's χ² test with Yates' correction",
                "the baseline score, AGE and SITEID",
                "(R: fit = lm(spid ~ arm + baseline + AGE + factor(SITEID)))",
                "text covariates and SITEID as factors",
                "m1 = lm(spid ~ arm * factor(ANESTH) + baseline + AGE + factor(SITEID))",
                "trt.vs.ctrl ~ arm | ANESTH",
                "m1 = lm(spid ~ arm * LIDOVOL + baseline + AGE + factor(SITEID))",
                "Johnson–Neyman",
                "levels of SITEID as strata",
                "R: mantelhaen.test(x, correct = FALSE, conf.level = 0.9); SAS: PROC FREQ CMH",
                "Breslow–Day",
                "van Elteren's stratified Wilcoxon test",
                "from the window start, 4 h, as a landmark",
                "Time to first opioid rescue",
                "conf.type = \"log-log\"",
                "Breslow's method",
                "ties = \"breslow\"",
            ],
        );
        lacks(
            &t,
            &[
                "Observed scores only",
                "As a sensitivity analysis",
                "Responders",
                "p.adjust",
                "kruskal",
                "Efron",
            ],
        );
    }

    #[test]
    fn help_is_the_methods_text_for_the_default_options() {
        let h = super::help();
        assert_eq!(h.len(), 3);
        let all: String = h
            .iter()
            .flat_map(|s| s.paragraphs.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join(" ");
        has(
            &all,
            &[
                "linear trapezoidal rule",
                "analysis window, 4–24 h",
                "treatment-policy strategy",
                "hypothetical",
                "Hodges–Lehmann",
                "Fisher's exact test",
                "Holm's step-down procedure",
                "coxph(",
            ],
        );
        // Text of the same functions as a report's methods section.
        let r = example("example", &Options::default());
        let report_text = text(&r);
        assert!(h[0]
            .paragraphs
            .iter()
            .all(|p| report_text.contains(p.as_str())));
    }

    #[test]
    fn several_arms() {
        let o = Options {
            window: crate::endpoints::Window {
                start: 0.0,
                end: 8.0,
            },
            ..Options::default()
        };
        let r = example("three-arm", &o);
        let t = text(&r);
        has(
            &t,
            &[
                "VAS 0–100",
                "The reference arm was Placebo",
                "Each active arm was compared with Placebo",
                "With 3 arms",
                "(R: kruskal.test)",
                "oneway.test(y ~ arm, var.equal = TRUE)",
                "3 × 2 table",
                "over the 2 comparisons with the reference arm by the Bonferroni and Holm methods",
                "adjusted by Holm's step-down procedure (R p.adjust), and each \
                 active arm was judged on its adjusted p-values",
                "analysis window was 0–8 h",
            ],
        );
    }

    #[test]
    fn odd_settings_do_not_panic() {
        let r = example("two-arm", &Options::default());
        let mut s = r.settings.clone();
        let o = &mut s.options;
        o.reference_arm = Some(String::new());
        o.window = Window {
            start: f64::NAN,
            end: f64::INFINITY,
        };
        o.conf_level = f64::NAN;
        o.alpha = -0.0;
        o.intervals.cuts = vec![1.0];
        o.model.covariates = vec![String::new()];
        o.strata.column = Some(String::new());
        o.mme.version.clear();
        let m = methods_text(&s, &RunFacts::default());
        assert!(m.paragraphs.len() >= 8);
        assert!(m.paragraphs.iter().all(|p| !p.is_empty()));
        assert!(m.paragraphs.join(" ").contains("the reference arm"));
        s.options.reference_arm = None;
        let m = methods_text(&s, &RunFacts::default());
        assert!(m.paragraphs.join(" ").contains("the reference arm"));
    }

    #[test]
    fn number_formats() {
        assert_eq!(num(4.0), "4");
        assert_eq!(num(0.05), "0.05");
        assert_eq!(num(6.5), "6.5");
        assert_eq!(num(-0.0), "0");
        assert_eq!(pct(0.95), "95 %");
        assert_eq!(pct(0.3), "30 %");
        assert_eq!(span(4.0, 24.0), "4–24 h");
        assert_eq!(and_list(&[]), "");
        assert_eq!(and_list(&["a".into()]), "a");
        assert_eq!(
            and_list(&["a".into(), "b".into(), "c".into()]),
            "a, b and c"
        );
        assert_eq!(conf_arg(0.95), "");
        assert_eq!(conf_arg(0.9), ", conf.level = 0.9");
    }
}
