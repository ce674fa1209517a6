//! The report: one plain, serialisable struct produced by [`crate::analysis::analyze`]. Its
//! shape is the JS API's return value (TypeScript types in `docs/api.d.ts`, generated from
//! these types by the wasm build).

use crate::endpoints::impute::{ImputationOptions, ImputedObs};
use crate::endpoints::{pain::PainEndpoints, rescue::RescueEndpoints};
use crate::error::StatError;
use crate::input::InputSummary;
use crate::stats::contingency::{ChiSquare, Fisher};
use crate::stats::descriptive::Summary;
use crate::stats::riskdiff::RiskDifference;
use crate::stats::ttest::TTest;
use crate::stats::wilcoxon::Wilcoxon;
use serde::Serialize;

/// A statistic or the reason it could not be computed (too few values, no variance, ...).
/// Serialises as the statistic itself, or as `{ "error": "..." }`.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Stat<T> {
    Ok(T),
    Err { error: String },
}

impl<T> Stat<T> {
    pub fn ok(&self) -> Option<&T> {
        match self {
            Stat::Ok(t) => Some(t),
            Stat::Err { .. } => None,
        }
    }
}

impl<T> From<Result<T, StatError>> for Stat<T> {
    fn from(r: Result<T, StatError>) -> Self {
        match r {
            Ok(t) => Stat::Ok(t),
            Err(e) => Stat::Err {
                error: e.to_string(),
            },
        }
    }
}

#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Software {
    pub name: &'static str,
    pub version: &'static str,
}

/// The options the analysis actually used: the caller's options with every default filled in,
/// and what the analysis derived written into them: `window` as validated and `referenceArm`
/// always set, to the arm given or to the one chosen by default. Serialises as those options
/// (the same keys; a valid options object that repeats the analysis).
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Settings {
    pub options: crate::analysis::Options,
}

impl Settings {
    /// The resolved options: `options` with the `window` and the label of the reference arm
    /// the analysis used.
    pub fn resolved(
        options: &crate::analysis::Options,
        window: crate::endpoints::Window,
        reference_arm: String,
    ) -> Self {
        Settings {
            options: crate::analysis::Options {
                window,
                reference_arm: Some(reference_arm),
                ..options.clone()
            },
        }
    }
}

#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ArmInfo {
    pub name: String,
    pub n: usize,
}

/// One row of the per-subject table.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SubjectRow {
    pub id: String,
    pub arm: String,
    pub baseline: Option<f64>,
    pub pain: PainEndpoints,
    /// (baseline − TWA)/baseline, the fractional reduction of pain; none without a positive
    /// baseline.
    pub twa_reduction: Option<f64>,
    /// None when the rescue endpoints are not evaluable (no rescue table was given, or opioid
    /// rescue only was asked for and opioid status is unknown: see the comparisons' `rescue`).
    pub rescue: Option<RescueEndpoints>,
    /// The values the imputation rules made (each with its rule), in time order; empty when
    /// only observed scores were used.
    pub imputed: Vec<ImputedObs>,
}

/// Per-arm summary of a binary endpoint.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Proportion {
    pub n: usize,
    pub events: usize,
    pub proportion: f64,
}

/// A binary endpoint (rescue use, responder) compared between the active and reference arms.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BinaryComparison {
    pub active: Proportion,
    pub reference: Proportion,
    /// Pearson χ² without continuity correction (SAS's first line).
    pub chisq: Stat<ChiSquare>,
    /// Pearson χ² with Yates' correction (R's `chisq.test` default).
    pub chisq_yates: Stat<ChiSquare>,
    pub fisher: Stat<Fisher>,
    /// Active − reference, with Wald and Newcombe intervals.
    pub risk_difference: Stat<RiskDifference>,
}

/// A continuous endpoint compared between arms: t-tests, Wilcoxon–Hodges-Lehmann, effect sizes.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PainComparison {
    pub endpoint: crate::analysis::PainEndpoint,
    pub active: Summary,
    pub reference: Summary,
    /// Welch two-sample t-test (R `t.test` default), active − reference.
    pub welch: Stat<TTest>,
    /// Student (pooled-variance) t-test, `t.test(var.equal = TRUE)`.
    pub student: Stat<TTest>,
    pub wilcoxon: Stat<Wilcoxon>,
    /// Pooled standard deviation √{[(n₁−1)s₁² + (n₂−1)s₂²]/(n₁+n₂−2)} (Student's σ̂, the
    /// denominator of Cohen's d).
    pub pooled_sd: Stat<f64>,
    /// One-sided p-values of the three tests in the direction favouring the active arm (the
    /// main comparison only; `None` in the sensitivity rows).
    pub one_sided: Option<OneSidedP>,
    pub cohen_d: Stat<f64>,
    pub hedges_g: Stat<f64>,
}

/// One-sided p-values of the pain tests in the direction that favours the active arm: active
/// below reference for AUC and TWA (R `alternative = "less"`), above for SPID (`"greater"`).
/// Reported beside the two-sided tests; the verdict decides on the two-sided ones.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OneSidedP {
    pub direction: crate::stats::ttest::Alternative,
    /// Welch: P(T ≤ t) (or P(T ≥ t)) with Welch's df.
    pub welch: Option<f64>,
    /// Student: the same with n₁ + n₂ − 2 df.
    pub student: Option<f64>,
    /// Wilcoxon rank-sum with the same method as the two-sided test (R `wilcox.test(x, y,
    /// alternative = …)`; coin's for the exact conditional test).
    pub wilcoxon: Option<f64>,
}

/// A skewed count-like endpoint (rescue doses, MME) compared by Wilcoxon with the
/// Hodges-Lehmann shift.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ShiftComparison {
    pub active: Summary,
    pub reference: Summary,
    pub wilcoxon: Stat<Wilcoxon>,
}

/// Rescue medication in the window: any use (the co-primary endpoint), the number of
/// administrations and the total morphine equivalents.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RescueComparison {
    pub any: BinaryComparison,
    pub count: ShiftComparison,
    /// Total MME per subject; not evaluable when the MME of any counted administration of the
    /// two arms is unknown (the error gives the count).
    pub mme: Stat<ShiftComparison>,
    /// Every interval for two proportions (risk difference, risk ratio, odds ratio) of rescue
    /// use, with its SAS and R names, and the Miettinen–Nurminen score test.
    pub intervals: Stat<crate::stats::propci::TwoProportionIntervals>,
    /// Totals over the active arm's subjects.
    pub active_totals: RescueTotals,
    /// Totals over the reference arm's subjects.
    pub reference_totals: RescueTotals,
}

/// Rescue medication summed over one arm's subjects (counted administrations in the window).
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RescueTotals {
    pub subjects: usize,
    /// Subjects with at least one counted administration.
    pub rescued: usize,
    /// Counted administrations (doses), all drugs.
    pub administrations: usize,
    /// Sum of the subjects' total MME; `None` when the MME of a counted administration is
    /// unknown (see `mme`).
    pub total_mme: Option<f64>,
}

/// Responders: subjects whose time-weighted average pain fell by at least `threshold`
/// (a fraction) from baseline, (baseline − TWA)/baseline ≥ threshold; subjects without a
/// positive baseline or without a TWA are left out.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResponderComparison {
    pub threshold: f64,
    pub comparison: BinaryComparison,
    /// Every interval for two proportions of the responder rates, with the
    /// Miettinen–Nurminen score test.
    pub intervals: Stat<crate::stats::propci::TwoProportionIntervals>,
}

/// The primary comparison under one set of imputation rules (a row of the sensitivity table).
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SensitivityRow {
    /// The rule in words, e.g. "wWOCF, 6 h after each rescue".
    pub label: String,
    /// Whether these are the rules of the main analysis.
    pub primary: bool,
    /// The ICH E9(R1) strategy for rescue (an intercurrent event) that the rules implement.
    pub estimand: crate::endpoints::impute::EstimandStrategy,
    pub imputation: ImputationOptions,
    pub pain: PainComparison,
}

/// Covariate models of the primary pain endpoint (all arms in one model).
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Models {
    /// Arm + baseline + chosen covariates: adjusted differences and LS-means.
    pub ancova: Stat<crate::stats::ancova::Ancova>,
    /// The ANCOVA's F test of each term: type I (sequential), II and III sums of squares (R
    /// `anova`, `car::Anova`; SAS PROC GLM).
    pub anova: Stat<crate::stats::anova_tables::AnovaTables>,
    /// With three or more arms: all pairwise LS-mean differences with unadjusted, Tukey and
    /// Dunnett (against the reference) p-values and intervals; `None` with two arms.
    pub pairwise: Option<Stat<crate::stats::lsmeans::PairwiseLsMeans>>,
    /// One per chosen categorical subgroup: interaction F test and per-level effects.
    pub subgroups: Vec<Stat<crate::stats::ancova::SubgroupAnalysis>>,
    /// One per chosen continuous modifier: interaction F test and the effect across its range.
    pub moderators: Vec<Stat<crate::stats::ancova::ModeratorAnalysis>>,
    /// One per chosen categorical subgroup: separate Welch t-tests within each level (no
    /// model, no covariates), beside the interaction model's estimates.
    pub subgroup_tests: Vec<SubgroupTests>,
    /// The same models for rescue-medication use (logistic); not evaluable when rescue use is
    /// not.
    pub rescue: Stat<RescueModels>,
}

/// Logistic models of rescue-medication use on the ANCOVA's design (arm + baseline + chosen
/// covariates).
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RescueModels {
    /// `glm(rescued ~ arm + baseline + covariates, family = binomial)`; under separation no ML
    /// estimate, and Firth's penalised fit instead.
    pub logistic: Stat<crate::stats::logistic::LogisticRegression>,
    /// Covariate-adjusted marginal risks, risk difference, risk ratio and odds ratio by
    /// standardisation (g-computation).
    pub marginal: Stat<crate::stats::logistic::MarginalEffects>,
    /// One per chosen categorical subgroup.
    pub subgroups: Vec<Stat<crate::stats::logistic::LogisticSubgroupAnalysis>>,
    /// One per chosen continuous moderator.
    pub moderators: Vec<Stat<crate::stats::logistic::LogisticModeratorAnalysis>>,
}

/// Separate two-sample tests of the pain endpoint within each level of a subgroup variable.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SubgroupTests {
    pub subgroup: String,
    pub reference: String,
    /// Subjects with a pain value but no level of the subgroup variable (left out).
    pub missing: usize,
    /// Levels in the interaction model's (byte) order, each active arm in input order.
    pub levels: Vec<SubgroupTest>,
}

/// One active arm against the reference within one subgroup level.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SubgroupTest {
    pub level: String,
    pub arm: String,
    pub n_active: usize,
    pub n_reference: usize,
    /// Welch two-sample t-test within the level, active − reference (R `t.test(y ~ arm,
    /// subset = level)`).
    pub welch: Stat<TTest>,
}

/// Time to first rescue (all arms): Kaplan-Meier, log-rank, Cox.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TimeToRescue {
    /// Hours from the origin (the window start with the landmark option), censored at the
    /// window end.
    pub kaplan_meier: Stat<crate::stats::survival::KaplanMeierFit>,
    /// k-group log-rank test (`survdiff`).
    pub log_rank: Stat<crate::stats::survival::LogRank>,
    /// Hazard ratios of each active arm against the reference.
    pub cox: Stat<crate::stats::survival::CoxPh>,
    /// Restricted mean time without rescue up to the window end (τ = follow-up), per arm and
    /// each active arm − reference.
    pub rmst: Stat<crate::stats::survival::Rmst>,
    /// With a stratum column (`strata.column`): the stratified log-rank test and the Cox model
    /// with a baseline hazard per stratum (R `strata()`, SAS PHREG `STRATA`).
    pub stratified: Option<StratifiedSurvival>,
}

/// Time to first rescue stratified by the stratum column.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StratifiedSurvival {
    pub column: String,
    /// Subjects without a value of the column, left out of these two analyses.
    pub excluded: usize,
    pub log_rank: Stat<crate::stats::survival::LogRank>,
    pub cox: Stat<crate::stats::survival::CoxPh>,
}

/// Stratified tests of one comparison.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Stratified {
    pub column: String,
    /// Rescue use: Cochran-Mantel-Haenszel test and common odds ratio.
    pub cmh: Stat<crate::stats::stratified::Cmh>,
    /// Pain endpoint: van Elteren stratified Wilcoxon test.
    pub van_elteren: Stat<crate::stats::stratified::StratifiedWilcoxon>,
    /// The strata's labels, in natural order (the order of `riskDifference.strata`).
    pub levels: Vec<String>,
    /// Rescue use: the common risk difference (Mantel–Haenszel with Sato's variance, the
    /// stratified Miettinen–Nurminen score interval, SAS's summary score) and each stratum's
    /// rates, risk difference and odds ratio.
    pub risk_difference: Stat<crate::stats::stratified_rd::CommonRiskDifference>,
}

/// Rescue in one time interval, compared between arms, with adjusted Fisher p-values.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IntervalTest {
    pub from: f64,
    pub to: f64,
    pub comparison: BinaryComparison,
    /// Fisher p adjusted over the intervals (R `p.adjust`).
    pub p_bonferroni: Option<f64>,
    pub p_holm: Option<f64>,
    pub p_hochberg: Option<f64>,
    pub p_bh: Option<f64>,
}

/// The verdict p-values of each active arm adjusted over the k − 1 comparisons.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AdjustedP {
    pub active: String,
    pub pain_p: Option<f64>,
    pub pain_bonferroni: Option<f64>,
    pub pain_holm: Option<f64>,
    pub rescue_p: Option<f64>,
    pub rescue_bonferroni: Option<f64>,
    pub rescue_holm: Option<f64>,
}

/// Several arms (three or more): global tests and adjusted pairwise p-values.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MultiArm {
    pub kruskal_wallis: Stat<crate::stats::kgroups::KruskalWallis>,
    pub anova: Stat<crate::stats::kgroups::OneWayAnova>,
    pub welch_anova: Stat<crate::stats::kgroups::WelchAnova>,
    /// Rescue use, k × 2 χ².
    pub rescue_chisq: Stat<crate::stats::kgroups::ChiSquareK2>,
    pub adjusted: Vec<AdjustedP>,
}

/// The co-primary decision for one active arm.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Verdict {
    /// The decision framework applied, in words, with its reference.
    pub framework: String,
    /// The multiplicity rule over several active arms used for this decision, in words
    /// ("none needed: one active arm", "Holm over the 2 active arms, per endpoint", …).
    pub multiplicity: String,
    pub alpha: f64,
    /// The unadjusted p-value of the pain test (the one `pain.p_decision` derives from).
    pub pain_p: Option<f64>,
    /// Significant at α after the multiplicity rule (`pain.p_decision < α`).
    pub pain_significant: bool,
    pub pain_favours_active: bool,
    pub rescue_p: Option<f64>,
    pub rescue_significant: bool,
    pub rescue_favours_active: bool,
    /// Both endpoints significant at α (after the multiplicity rule) in favour of the active arm.
    pub success: bool,
    /// Whether both endpoints could be tested; when false the co-primary decision could not be
    /// made (neither met nor failed) and `text` says why.
    pub assessable: bool,
    /// The pain endpoint: effect, interval, test and decision.
    pub pain: EndpointDecision,
    /// Rescue-medication use: the two proportions, their difference, test and decision.
    pub rescue: EndpointDecision,
    /// One sentence for a reader who is not a statistician.
    pub summary: String,
    /// The decision with each endpoint's numbers, in words.
    pub text: String,
}

/// One co-primary endpoint in the verdict: what each arm showed, the effect with its interval,
/// the test and whether it was met.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EndpointDecision {
    /// The endpoint and window in words ("pain AUC 4–24 h", "rescue-medication use 4–24 h").
    pub endpoint: String,
    /// What `active_value` and `reference_value` are ("mean", "median", "proportion").
    pub statistic: String,
    pub active_value: Option<f64>,
    pub reference_value: Option<f64>,
    /// What `estimate` is ("difference in means, active − reference", "Hodges–Lehmann shift",
    /// "risk difference, active − reference").
    pub effect: String,
    pub estimate: Option<f64>,
    /// Confidence interval of `estimate` (Welch/Student t, Hodges–Lehmann as R `wilcox.test`,
    /// Newcombe's hybrid score interval for the risk difference).
    pub conf_int: Option<[f64; 2]>,
    pub conf_level: f64,
    /// The test that decides ("Welch t-test", "Fisher's exact test", …).
    pub test: String,
    /// Its unadjusted two-sided p-value.
    pub p_value: Option<f64>,
    /// The same test's one-sided p-value in the direction favouring the active arm (less pain
    /// or more relief; less rescue), when the test has one; reported, not used for the
    /// decision.
    pub p_one_sided: Option<f64>,
    /// The p-value compared with α: adjusted by `Verdict::multiplicity` when it applies,
    /// else equal to `p_value`.
    pub p_decision: Option<f64>,
    pub significant: bool,
    pub favours_active: bool,
    /// Significant in favour of the active arm.
    pub met: bool,
    /// Why the endpoint could not be tested (then every number above is absent).
    pub not_evaluable: Option<String>,
    /// The endpoint's line of the verdict, in words, with its numbers.
    pub text: String,
}

#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Comparison {
    pub active: String,
    pub reference: String,
    pub pain: PainComparison,
    /// Not evaluable (an error with the reason) without a rescue table, or when only opioid
    /// rescue counts and some administrations in the window have no opioid status.
    pub rescue: Stat<RescueComparison>,
    pub responders: Vec<ResponderComparison>,
    /// The primary comparison under each post-rescue imputation rule, side by side.
    pub sensitivity: Vec<SensitivityRow>,
    /// Stratified tests, when a stratum column is chosen.
    pub stratified: Option<Stratified>,
    /// Rescue per time interval; not evaluable as `rescue` (opioid status checked over the
    /// cut points' span when `intervals.opioidOnly`).
    pub intervals: Stat<Vec<IntervalTest>>,
    pub verdict: Verdict,
}

/// Pain scores of one arm at one assessment time: the mean with its Student-t confidence
/// interval, as R's `t.test(x, conf.level = conf_level)` gives it.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProfilePoint {
    /// Hours from the time origin (an assessment time of the pain table).
    pub time: f64,
    /// Number of subjects of the arm with a value at this time.
    pub n: usize,
    /// none when n = 0.
    pub mean: Option<f64>,
    /// Sample standard deviation (n − 1 denominator); none when n < 2.
    pub sd: Option<f64>,
    /// sd/√n; none when n < 2.
    pub std_err: Option<f64>,
    /// mean ∓ t(1 − (1 − conf)/2, n − 1)·sd/√n; none when n < 2; [mean, mean] when sd = 0.
    pub conf_int: Option<[f64; 2]>,
}

/// The pain profile of one arm: one point per assessment time at which a subject of the arm has
/// a row in the pain table (missing score or not), in time order. Both series have the same
/// times.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ArmProfile {
    pub arm: String,
    /// Scores as entered (missing scores left out).
    pub observed: Vec<ProfilePoint>,
    /// Values used for the AUC after the imputation rules (equal to `observed` when no rule is
    /// on); points the rules add at times without a row (window ends, dropout point) are not
    /// included.
    pub analysed: Vec<ProfilePoint>,
}

/// Mean pain over time per arm with confidence intervals, over all assessment times (not only
/// the analysis window), for the profile plot.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PainProfile {
    pub conf_level: f64,
    /// The analysis window [start, end], hours.
    pub window: [f64; 2],
    /// In the order of the report's `arms`.
    pub arms: Vec<ArmProfile>,
}

#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    pub software: Software,
    pub settings: Settings,
    pub input: InputSummary,
    pub arms: Vec<ArmInfo>,
    /// Baseline characteristics by arm and overall, with standardized differences.
    pub baseline: crate::analysis::BaselineTable,
    pub subjects: Vec<SubjectRow>,
    /// Mean pain per arm and assessment time, observed and as analysed.
    pub pain_profile: PainProfile,
    /// One comparison per active arm against the reference arm (unadjusted for multiplicity;
    /// see `multi_arm` for adjusted p-values).
    pub comparisons: Vec<Comparison>,
    pub models: Models,
    pub time_to_rescue: TimeToRescue,
    /// Present with three or more arms, or with two when the option `globalTests` is on.
    pub multi_arm: Option<MultiArm>,
    /// Numeric columns banded into groups.
    pub bands: Vec<BandedColumn>,
    /// Assumptions and limits of this run, each with a code and the number of subjects or
    /// events concerned.
    pub warnings: Vec<ReportWarning>,
    /// The methods section for a statistical report, generated from the settings used.
    pub methods: Methods,
}

/// A numeric subjects-table column made categorical by banding (option `bands`).
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BandedColumn {
    pub column: String,
    /// The number of quantile groups asked for; none for user cut points.
    pub quantiles: Option<usize>,
    /// Cut points used (bands closed on the right).
    pub cuts: Vec<f64>,
    /// Band labels in order, e.g. "≤ 10", "> 10".
    pub labels: Vec<String>,
    /// Subjects per band (missing values not counted).
    pub counts: Vec<usize>,
}

/// Something the reader of the results must know: an assumption the analysis made, or a part
/// of the data it could not use.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportWarning {
    /// Stable identifier, e.g. `windowBeyondData`, `carriedBeyondLastScore`.
    pub code: &'static str,
    /// In words, with the count.
    pub message: String,
    /// Number of subjects (or events, as the message says) concerned.
    pub count: usize,
}

impl ReportWarning {
    pub fn new(code: &'static str, count: usize, message: impl Into<String>) -> Self {
        ReportWarning {
            code,
            message: message.into(),
            count,
        }
    }
}

/// The methods section of a statistical report (or an appendix of the statistical analysis
/// plan), generated from the settings the analysis used: software and version, analysis
/// window, endpoint definitions, imputation rules in their order, reference arm, the tests
/// with their options, the co-primary decision rule, and the further analyses that ran, each
/// statement naming the R function it agrees with, e.g. "(R: wilcox.test)". Plain text in the
/// past tense; join the paragraphs with a blank line to paste them into a document.
#[boundary]
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Methods {
    /// Paragraphs in order, each one `<p>` on a page.
    pub paragraphs: Vec<String>,
}

/// One section of the page's help (see `help()`): a title and paragraphs of plain text.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HelpSection {
    pub title: &'static str,
    pub paragraphs: Vec<String>,
}
