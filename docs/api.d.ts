/* tslint:disable */
/* eslint-disable */

/** A column of dates, datetimes or times in SAS units (days or seconds since 1960-01-01,
 * seconds since midnight; NaN = empty), of plain numbers, or of text, as the file readers give. */
export interface TypedColumn { kind: "number" | "date" | "datetime" | "time" | "text"; values: Float64Array | string[]; label?: string }
/** A numeric column (NaN = empty cell), a column of cells as text, or a typed column. */
export type Column = Float64Array | (string | number | null)[] | TypedColumn;
/** A table: CSV/TSV text as pasted or read from a file, or an object of named columns. */
export type TableInput = string | Record<string, Column>;
/** The three tables of a trial; the rescue table is optional. */
export interface Tables { subjects: TableInput; pain: TableInput; rescue?: TableInput | null }
/** Options as passed to `analyze`: every field may be left out (see `defaultOptions()`). */
export type OptionsInput = Partial<Omit<Options, "window" | "wilcoxon" | "input">> & {
    window?: Window; wilcoxon?: Partial<WilcoxonOptions>; input?: Partial<InputOptions>;
};


/**
 * A 2×2 table of counts: `a` active events, `b` active non-events, `c` reference events, `d`
 * reference non-events.
 */
export interface Table2x2 {
    a: number;
    b: number;
    c: number;
    d: number;
}

/**
 * A Wilcoxon–Mann–Whitney plan: p = P(X < Y), X a control and Y an active outcome
 * (0.5 = no effect; see [`prob_superiority_normal`]).
 */
export interface WmwPlan {
    p?: number;
    design?: Design;
}

/**
 * A baseline variable in the two trials.
 */
export interface TrialChange {
    name: string;
    /**
     * Described in each trial (first, second): false when the trial has no such column (or
     * it was not tabulated, with the reason in `values`).
     */
    present: [boolean, boolean];
    /**
     * The variable's summaries per arm and overall in each trial (as in each report's
     * baseline table); absent for a trial without the column.
     */
    values: [BaselineValues | null, BaselineValues | null];
    /**
     * Second trial against first, all arms together: numeric (m₂ − m₁)/√((s₁² + s₂²)/2),
     * signed; categorical the Yang–Dalton distance over the levels of both (never negative).
     * Not evaluable when the variable is in one trial only, or lacks a spread.
     */
    smdBetween: Stat<number>;
    /**
     * Levels found in one trial only (categorical), or "" when none.
     */
    note: string;
}

/**
 * A binary endpoint (rescue use, responder) compared between the active and reference arms.
 */
export interface BinaryComparison {
    active: Proportion;
    reference: Proportion;
    /**
     * Pearson χ² without continuity correction (SAS's first line).
     */
    chisq: Stat<ChiSquare>;
    /**
     * Pearson χ² with Yates' correction (R's `chisq.test` default).
     */
    chisqYates: Stat<ChiSquare>;
    fisher: Stat<Fisher>;
    /**
     * Active − reference, with Wald and Newcombe intervals.
     */
    riskDifference: Stat<RiskDifference>;
}

/**
 * A categorical variable in one arm (or overall).
 */
export interface LevelCounts {
    /**
     * Subjects with a value (the denominator of the percentages).
     */
    n: number;
    /**
     * Subjects without a value.
     */
    missing: number;
    /**
     * Subjects per level, in the order of `levels`.
     */
    counts: number[];
    /**
     * 100 × count / n per level; absent (`null`) when n = 0.
     */
    percent: (number | null)[];
}

/**
 * A censoring mark for the plot: S at a time with censored subjects.
 */
export interface KmCensorMark {
    time: number;
    surv: number;
    nCensor: number;
}

/**
 * A continuous and a binary endpoint: δ, σ of the continuous one; the proportions of the
 * favourable binary outcome p_a, p_c; ρ the correlation between the continuous outcome and
 * the latent normal variable whose dichotomisation is the binary outcome (the biserial
 * correlation, [`super::correlation::biserial_correlation`]); the test of the proportions.
 */
export interface ContinuousBinaryPlan {
    delta?: number;
    sd?: number;
    pActive?: number;
    pControl?: number;
    rho?: number;
    test?: ProportionsTest;
    design?: Design;
}

/**
 * A continuous endpoint compared between arms: t-tests, Wilcoxon–Hodges-Lehmann, effect sizes.
 */
export interface PainComparison {
    endpoint: PainEndpoint;
    active: Summary;
    reference: Summary;
    /**
     * Welch two-sample t-test (R `t.test` default), active − reference.
     */
    welch: Stat<TTest>;
    /**
     * Student (pooled-variance) t-test, `t.test(var.equal = TRUE)`.
     */
    student: Stat<TTest>;
    wilcoxon: Stat<Wilcoxon>;
    /**
     * Pooled standard deviation √{[(n₁−1)s₁² + (n₂−1)s₂²]/(n₁+n₂−2)} (Student's σ̂, the
     * denominator of Cohen's d).
     */
    pooledSd: Stat<number>;
    /**
     * One-sided p-values of the three tests in the direction favouring the active arm (the
     * main comparison only; `None` in the sensitivity rows).
     */
    oneSided: OneSidedP | null;
    cohenD: Stat<number>;
    hedgesG: Stat<number>;
}

/**
 * A covariate value of one subject (categorical or continuous; missing allowed).
 */
export type CovariateValue = number | string | null;

/**
 * A defect in the user's input: where it is and what was expected there.
 */
export interface InputError {
    table: Table;
    /**
     * 1-based line in the table as entered (the header is line 1); `None` for whole-table defects.
     */
    line: number | null;
    /**
     * Column header as entered (or the role, when the column is missing).
     */
    column: string | null;
    message: string;
    /**
     * The full list behind a summarised message (e.g. every subject id of another table that
     * is not in the subjects table, with its first line and rows), for download; empty
     * otherwise.
     */
    details?: string[];
}

/**
 * A job's result.
 */
export interface ResamplingResult {
    job: ResamplingJob;
    active: string;
    reference: string;
    endpoint: PainEndpoint;
    /**
     * The stratum column, when the job was stratified.
     */
    stratumColumn: string | null;
    /**
     * Subjects of the two arms with a pain value used (and without, left out).
     */
    painUsed: number;
    painLeftOut: number;
    /**
     * Subjects with a rescue value used (and left out: not evaluable, or no stratum).
     */
    rescueUsed: number;
    rescueLeftOut: number;
    /**
     * Permutation test of the difference in mean pain endpoint.
     */
    painPermutation: Stat<PermutationTest>;
    /**
     * Permutation test of the rescue risk difference (exact: the hypergeometric convolution).
     */
    rescuePermutation: Stat<PermutationTest>;
    /**
     * Bootstrap intervals: mean difference, Hodges–Lehmann shift, risk difference, odds ratio.
     */
    bootstrap: Stat<BootstrapIntervals>[];
    /**
     * The methods paragraph for a report: what was resampled, how, with the seed.
     */
    methods: string;
}

/**
 * A joint sample size with its powers.
 */
export interface JointSize {
    nControl: number;
    nActive: number;
    nTotal: number;
    enrolledTotal: number;
    /**
     * Joint power at this size.
     */
    power: number;
    /**
     * Marginal powers, pain and rescue.
     */
    marginal: [number, number];
    /**
     * ρ* of the two test statistics (NaN for the simulated Fisher row).
     */
    rhoStar: number;
    /**
     * Monte Carlo SE of `power` when it was simulated.
     */
    mcSe: number | null;
}

/**
 * A likelihood-ratio (deviance) test of nested models: R's `anova(m0, m1, test = "LRT")`.
 */
export interface LrTest {
    /**
     * D₀ − D₁ (for the penalised test: 2[l*(β̂) − l*(β̂₀)]).
     */
    statistic: number;
    df: number;
    /**
     * P(χ²_df > statistic).
     */
    pValue: number;
    /**
     * Deviance of the reduced and of the full model (−2 × penalised log-likelihood for Firth).
     */
    devianceReduced: number;
    devianceFull: number;
}

/**
 * A normal prior for an effect.
 */
export interface EffectPrior {
    /**
     * Estimate of the effect m (e.g. from the previous trial).
     */
    mean?: number;
    /**
     * Its standard error s ≥ 0.
     */
    se?: number;
    /**
     * Discount factor f on the mean (default 1).
     */
    meanFactor?: number;
    /**
     * Inflation factor g on the SE (default 1).
     */
    seFactor?: number;
}

/**
 * A normal-theory (Wald) estimate on the log-odds scale: z = estimate/SE, p = 2·P(Z > |z|),
 * CI estimate ∓ z_{1−α/2}·SE.
 */
export interface ZEstimate {
    estimate: number;
    stdErr: number;
    statistic: number;
    pValue: number;
    confInt: [number, number];
}

/**
 * A numeric subjects-table column made categorical by banding (option `bands`).
 */
export interface BandedColumn {
    column: string;
    /**
     * The number of quantile groups asked for; none for user cut points.
     */
    quantiles: number | null;
    /**
     * Cut points used (bands closed on the right).
     */
    cuts: number[];
    /**
     * Band labels in order, e.g. "≤ 10", "> 10".
     */
    labels: string[];
    /**
     * Subjects per band (missing values not counted).
     */
    counts: number[];
}

/**
 * A numeric variable in one arm (or overall). Statistics are absent (`null`) when there are
 * too few values: none without a value, the SD with fewer than two.
 */
export interface NumericSummary {
    /**
     * Subjects with a value.
     */
    n: number;
    /**
     * Subjects without a value.
     */
    missing: number;
    mean: number | null;
    /**
     * Sample standard deviation, denominator n − 1 (R `sd`).
     */
    sd: number | null;
    median: number | null;
    /**
     * First quartile, R `quantile(type = 7)`.
     */
    q1: number | null;
    /**
     * Third quartile, R `quantile(type = 7)`.
     */
    q3: number | null;
    min: number | null;
    max: number | null;
}

/**
 * A phase of the analysis (`analyze_with_progress`; in JS, the `onProgress` callback of
 * `analyze`), in the order they run.
 */
export type Phase = "parsing" | "endpoints" | "sensitivity" | "models" | "comparisons" | "survival";

/**
 * A power curve.
 */
export interface PowerCurve {
    name: string;
    points: CurvePoint[];
}

/**
 * A quantile of the survival-time distribution with its confidence limits.
 */
export interface KmQuantile {
    /**
     * p: the time by which a fraction p has had the event (0.5 = median), i.e. S = 1 − p.
     */
    prob: number;
    /**
     * Estimate; `None` if S never falls to 1 − p.
     */
    time: number | null;
    /**
     * Lower confidence limit (from the lower pointwise curve); `None` if not reached.
     */
    lower: number | null;
    /**
     * Upper confidence limit (from the upper pointwise curve); `None` if not reached.
     */
    upper: number | null;
    /**
     * S equals 1 − p (within √ε) from some event time up to the last observed time, and the
     * estimate is the mid-point of that time and the last time (R). SAS LIFETEST reports this
     * quantile as not estimable.
     */
    flatToEnd: boolean;
}

/**
 * A random-effects pool for one τ² estimator: wᵢ = 1/(vᵢ + τ²).
 */
export interface RandomEffects {
    /**
     * Between-study variance (truncated at 0).
     */
    tau2: number;
    tau: number;
    /**
     * metafor's model-based I² = 100·τ²/(ṽ + τ²), ṽ = [`Heterogeneity::typical_variance`]
     * (Higgins & Thompson 2002, eq. 10). For DerSimonian–Laird it equals
     * [`Heterogeneity::i2`]; for REML it differs.
     */
    i2: number;
    /**
     * metafor's H² = τ²/ṽ + 1.
     */
    h2: number;
    estimate: number;
    /**
     * 1/√W.
     */
    se: number;
    z: number;
    /**
     * Two-sided normal p-value.
     */
    pValue: number;
    /**
     * μ̂ ± z₁₋α/₂·se (metafor `test = "z"`, the default).
     */
    ci: [number, number];
    /**
     * μ̂ ± z₁₋α/₂·√(se² + τ²): metafor `predict()` on the default (`test = "z"`) fit, which
     * uses the normal quantile.
     */
    prediction: [number, number];
    /**
     * μ̂ ± t_{ν,1−α/2}·√(se² + τ²) with ν = `prediction_t_df` = k − 2 (Higgins, Thompson &
     * Spiegelhalter 2009; Riley et al. 2011): metafor `predict(fit, pi.type = "riley")`, which
     * uses ν = 1 when k = 2 (k − 2 = 0 df is undefined).
     */
    predictionT: [number, number];
    predictionTDf: number;
    /**
     * HKSJ inference as metafor `test = "knha"` (scale q, not truncated).
     */
    hksj: Hksj;
    /**
     * HKSJ with the "ad hoc" scale max(1, q) (metafor `test = "adhoc"`).
     */
    hksjAdhoc: Hksj;
    /**
     * Study weights in percent, 100·wᵢ/W.
     */
    weights: number[];
    /**
     * Fisher-scoring iterations (REML; [`REML_MAX_ITER`] when the bisection fallback was
     * used); 0 for DerSimonian–Laird.
     */
    iterations: number;
}

/**
 * A role and the header that holds it.
 */
export interface RoleColumn {
    role: Role;
    header: string;
}

/**
 * A sample size found with a simulated power.
 */
export interface SimulatedSampleSize {
    /**
     * n_c, n_a, enrolled sizes and the simulated power at n_c (`power`).
     */
    size: SampleSize;
    /**
     * Monte Carlo SE of that power.
     */
    mcSe: number;
    /**
     * Number of arm sizes simulated.
     */
    evaluations: number;
}

/**
 * A sample size: per arm, evaluable and randomised (inflated for dropout).
 */
export interface SampleSize {
    /**
     * Evaluable control-arm size n_c (the smallest meeting the target).
     */
    nControl: number;
    /**
     * Evaluable active-arm size n_a = ⌈r·n_c⌉.
     */
    nActive: number;
    /**
     * n_c + n_a.
     */
    nTotal: number;
    /**
     * ⌈n_c / (1 − dropout)⌉.
     */
    enrolledControl: number;
    /**
     * ⌈n_a / (1 − dropout)⌉.
     */
    enrolledActive: number;
    /**
     * Sum of the enrolled arm sizes.
     */
    enrolledTotal: number;
    /**
     * Power at (n_c, n_a).
     */
    power: number;
    /**
     * The method's real-valued control-arm size, where it has one (e.g. the root of the power
     * equation, as `power.t.test(power = ...)$n` for r = 1, or a closed-form formula); `None`
     * otherwise.
     */
    nControlReal: number | null;
    /**
     * Notes on the computation (e.g. non-monotone power of an exact test).
     */
    notes: string[];
}

/**
 * A simulated power with its Monte Carlo error.
 */
export interface SimulatedPower {
    successes: number;
    estimate: number;
    /**
     * √(p̂(1 − p̂)/S).
     */
    mcSe: number;
    /**
     * Wilson 95 % interval for the power.
     */
    interval: [number, number];
    /**
     * The analytic power at the same size (normal approximations, as the plan), when it applies.
     */
    analytic: number | null;
}

/**
 * A simulated power with its Monte Carlo standard error.
 */
export interface SimulatedPower {
    /**
     * Fraction of replicates rejecting in the favourable direction (all rejections with
     * `design.strict`).
     */
    power: number;
    /**
     * √(power·(1 − power)/R).
     */
    mcSe: number;
    replicates: number;
    seed: number;
}

/**
 * A simulation of the next trial: `simulations` trials with `n_control` evaluable reference
 * subjects and ⌈ratio × n_control⌉ active ones, each drawn with replacement from this trial's
 * subjects of that arm who have both endpoints, analysed with the tests named.
 */
export interface SimulationJob {
    seed?: number;
    simulations?: number;
    nControl?: number;
    ratio?: number;
    /**
     * Effects × this factor: the active subjects' pain values are shifted by (scale − 1)·Δ,
     * and their rescue flags flipped at random so that the active rate is p_r + scale·(p_a − p_r).
     */
    effectScale?: number;
    painTest?: PrimaryTest;
    rescueTest?: RescueTest;
}

/**
 * A simulation's result.
 */
export interface SimulationResult {
    job: SimulationJob;
    simulations: number;
    nControl: number;
    nActive: number;
    /**
     * Subjects resampled from (with both endpoints), per arm.
     */
    poolReference: number;
    poolActive: number;
    painTest: string;
    rescueTest: string;
    pain: SimulatedPower;
    rescue: SimulatedPower;
    both: SimulatedPower;
    summary: string;
}

/**
 * A skewed count-like endpoint (rescue doses, MME) compared by Wilcoxon with the
 * Hodges-Lehmann shift.
 */
export interface ShiftComparison {
    active: Summary;
    reference: Summary;
    wilcoxon: Stat<Wilcoxon>;
}

/**
 * A statistic or the reason it could not be computed (too few values, no variance, ...).
 * Serialises as the statistic itself, or as `{ "error": "..." }`.
 */
export type Stat<T> = T | { error: string };

/**
 * A statistic that cannot be computed on the data given (too few values, zero variance, ...).
 */
export interface StatError {
    statistic: string;
    message: string;
}

/**
 * A subject's pain series after imputation, sorted by strictly increasing time.
 */
export interface Imputed {
    points: ImputedObs[];
    /**
     * Rules that could not be applied (and dropped input rows), naming the subject.
     */
    warnings: string[];
    /**
     * With the dropout rule `none`: the time of the last score, when it precedes the window
     * end (the subject then has no AUC: [`Imputed::auc_points`] is empty).
     */
    droppedOutAt: number | null;
}

/**
 * A t-based estimate of a linear function of the coefficients.
 */
export interface TEstimate {
    estimate: number;
    stdErr: number;
    /**
     * t = estimate / std_err.
     */
    statistic: number;
    /**
     * Residual degrees of freedom of the model.
     */
    df: number;
    /**
     * Two-sided p-value 2·P(T_df > |t|), unadjusted.
     */
    pValue: number;
    /**
     * estimate ∓ t_{1−α/2, df} · std_err.
     */
    confInt: [number, number];
}

/**
 * A two-sample t-test plan: true mean difference δ (active − control) and common SD σ.
 */
export interface TTestPlan {
    delta?: number;
    sd?: number;
    design?: Design;
}

/**
 * A value of a column with its number of rows.
 */
export interface ValueCount {
    value: string;
    rows: number;
}

/**
 * A χ² statistic with its degrees of freedom and upper-tail p-value.
 */
export interface ChiSquare {
    statistic: number;
    df: number;
    pValue: number;
}

/**
 * A χ² test of homogeneity (statistic, degrees of freedom, upper-tail p-value).
 */
export interface Homogeneity {
    statistic: number;
    df: number;
    pValue: number;
}

/**
 * A χ² test: statistic, degrees of freedom, upper-tail p-value.
 */
export interface ChiSqTest {
    statistic: number;
    df: number;
    /**
     * P(χ²_df > statistic), computed from the upper tail (accurate far below 1e-16).
     */
    pValue: number;
}

/**
 * ANCOVA of the endpoint on arm, baseline and covariates.
 */
export interface Ancova {
    /**
     * Subjects used (complete cases).
     */
    nUsed: number;
    /**
     * Indices (into the input slices) of subjects left out for a missing value.
     */
    excluded: number[];
    /**
     * Subjects used per arm, in the order of `arms`.
     */
    nPerArm: number[];
    reference: string;
    dfResidual: number;
    /**
     * Residual standard error σ̂ (R's `sigma(fit)`).
     */
    sigma: number;
    /**
     * Adjusted differences active − reference (= LS-mean differences), arms in input order.
     */
    differences: ArmDifference[];
    /**
     * LS-means of all arms in input order; empty if not estimable (see `warnings`).
     */
    lsMeans: LsMean[];
    coefficients: CoefficientRow[];
    confLevel: number;
    /**
     * Aliased columns dropped, LS-means not estimable, …
     */
    warnings: string[];
}

/**
 * Adjusted difference of one active arm against the reference arm.
 */
export interface ArmDifference extends TEstimate {
    /**
     * The active arm (label).
     */
    arm: string;
}

/**
 * Adjustment method, named as in R's `p.adjust`.
 */
export type Adjustment = "bonferroni" | "holm" | "hochberg" | "hommel" | "bh" | "by" | "none";

/**
 * An ANCOVA plan: the t-test plan (δ, σ of the outcome) and the correlation ρ between the
 * baseline and the outcome; `add_one` adds one subject per arm to the (1 − ρ²)·n rule.
 */
export interface AncovaPlan {
    delta?: number;
    sd?: number;
    /**
     * Correlation between baseline and outcome, −1 < ρ < 1.
     */
    rho?: number;
    /**
     * Add one subject per arm: n_ANCOVA = (1 − ρ²)·n_t + 1. Borm et al. found the plain
     * (1 − ρ²)·n rule slightly optimistic in small trials and improved it by simulation; this
     * +1 (the slope's degree of freedom) is our reading of that correction, not checked
     * against the paper's full text. Default false (the plain rule of their abstract).
     */
    addOne?: boolean;
    design?: Design;
}

/**
 * An assurance with the power at the prior mean for comparison.
 */
export interface Assurance {
    /**
     * Expected power under the prior.
     */
    assurance: number;
    /**
     * Power at the (discounted) prior mean(s).
     */
    powerAtMean: number;
    /**
     * The quadrature's error estimate.
     */
    errorEstimate: number;
}

/**
 * An asymptotic score interval with the score test of no difference.
 */
export interface ScoreInterval {
    /**
     * The point estimate (d̂, φ̂ or ψ̂; ±∞ for a ratio with a zero denominator).
     */
    estimate: number;
    lower: number;
    upper: number;
    /**
     * Score statistic at the null value (d = 0, φ = 1, ψ = 1); signed, active − reference.
     */
    z: number;
    /**
     * Two-sided p-value 2·Φ(−|z|) (NaN when the statistic is 0/0: no events or all events in
     * both arms).
     */
    pValue: number;
}

/**
 * Analysis options; every field has a default, so `{}` is a valid options object.
 */
export interface Options {
    /**
     * Analysis window in hours, default 4–24 h.
     */
    window?: Window;
    /**
     * Label of the reference (control) arm; default: the first arm whose label contains
     * "placebo" (case-insensitive), else the first arm in the subjects table.
     */
    referenceArm?: string | null;
    /**
     * Two-sided significance level of each co-primary test (default 0.05).
     */
    alpha?: number;
    /**
     * Confidence level of intervals (default 0.95).
     */
    confLevel?: number;
    primaryEndpoint?: PainEndpoint;
    primaryTest?: PrimaryTest;
    rescueTest?: RescueTest;
    /**
     * Count only administrations flagged as opioid (narcotic rescue).
     */
    rescueOpioidOnly?: boolean;
    /**
     * Whether rescue at exactly the window start counts (closed [a, b], the default) or not
     * (left-open (a, b]).
     */
    rescueWindow?: RescueWindowBounds;
    wilcoxon?: WilcoxonOptions;
    /**
     * Rules for scores after rescue medication, dropouts and intermittent gaps, applied
     * before the AUC (default: observed scores only).
     */
    imputation?: ImputationOptions;
    /**
     * Add the sensitivity table: the primary comparison under each post-rescue rule.
     */
    sensitivity?: boolean;
    /**
     * How the verdict of each active arm allows for several active arms (three or more arms):
     * Holm (default) or Bonferroni over the active arms, per endpoint, or none (each active
     * arm at the full α). With two arms nothing is adjusted.
     */
    multiplicity?: ArmMultiplicity;
    /**
     * Global tests over all arms (Kruskal–Wallis, one-way ANOVA, Welch's ANOVA, k × 2 χ²)
     * also for a two-arm trial; with three or more arms they are always computed. With two
     * arms the ANOVA F equals Student's t², Welch's ANOVA F equals Welch's t², and the χ² is
     * the uncorrected 2 × 2 χ².
     */
    globalTests?: boolean;
    /**
     * Responder thresholds: fractional reductions of the time-weighted average pain from
     * baseline (default 30 % and 50 %, IMMPACT's moderate and substantial improvement).
     */
    responderThresholds?: number[];
    /**
     * ANCOVA covariates, subgroups and effect modifiers.
     */
    model?: ModelOptions;
    /**
     * Stratified tests.
     */
    strata?: StrataOptions;
    /**
     * Time to first rescue: KM transform and Cox ties.
     */
    survival?: SurvivalOptions;
    /**
     * Rescue per time interval with multiplicity adjustment.
     */
    intervals?: IntervalOptions;
    /**
     * Morphine-equivalent conversion of rescue doses.
     */
    mme?: MmeOptions;
    /**
     * Origin of time to first rescue.
     */
    timeToRescue?: TimeToRescueOptions;
    /**
     * Parsing, column and scale options.
     */
    input?: InputOptions;
    /**
     * Numeric subjects-table columns to band into groups (by column name), so that they can be
     * subgroups, strata or factor covariates: `{ "LIDOVOL": { "cuts": [10] } }` or
     * `{ "AGE": { "quantiles": 4 } }`.
     */
    bands?: Record<string, Bands>;
    /**
     * A subject whose window lies after its last (or before its first) observed score for
     * more than this share, so that its AUC rests on carried or imputed values there, is
     * counted in a warning (default 0.25; in (0, 1]).
     */
    carriedWarningShare?: number;
    /**
     * Which columns the baseline characteristics table describes.
     */
    baseline?: BaselineOptions;
}

/**
 * Assurance of a two-sample t-test with a prior on δ (σ known).
 */
export interface AssuranceT {
    prior?: EffectPrior;
    sd?: number;
    design?: Design;
}

/**
 * Assurance of both endpoints at the joint (normal approximation) sample size.
 */
export interface AssuranceAt {
    nControl: number;
    nActive: number;
    seFactor: number;
    /**
     * E[joint power] under the priors.
     */
    assurance: number;
    /**
     * Joint power at the effects as assumed (the priors' means).
     */
    power: number;
}

/**
 * Assurance of two continuous co-primary endpoints with independent priors on δ₁ and δ₂.
 */
export interface AssuranceTwo {
    prior1?: EffectPrior;
    prior2?: EffectPrior;
    sd1?: number;
    sd2?: number;
    /**
     * Within-arm correlation of the two outcomes.
     */
    rho?: number;
    design?: Design;
}

/**
 * Bootstrap intervals of one statistic.
 */
export interface BootstrapIntervals {
    statistic: BootStatistic;
    /**
     * `t₀` (odds ratio: exp of the log odds ratio).
     */
    estimate: number;
    confLevel: number;
    /**
     * Replicates given.
     */
    replicates: number;
    /**
     * Non-finite replicates (odds ratio with a zero cell), left out.
     */
    notEvaluable: number;
    /**
     * Bootstrap standard error: SD (divisor R − 1) of the finite replicates (log scale for the
     * odds ratio), as `boot`'s print.
     */
    se: number;
    /**
     * Mean of the finite replicates minus `t₀` (log scale for the odds ratio).
     */
    bias: number;
    /**
     * Percentile interval (`boot.ci(type = "perc")`).
     */
    percentile: [number, number] | null;
    /**
     * BCa interval (`boot.ci(type = "bca", L = empinf(type = "jack"))`).
     */
    bca: [number, number] | null;
    /**
     * BCa bias correction `z₀`.
     */
    biasCorrection: number | null;
    /**
     * BCa acceleration `a`.
     */
    acceleration: number | null;
    warnings: string[];
}

/**
 * Cochran's Q test and the Higgins–Thompson measures (fixed-effect weights wᵢ = 1/vᵢ).
 */
export interface Heterogeneity {
    /**
     * Q = Σwᵢ(yᵢ − μ̂_FE)² (metafor `QE`).
     */
    q: number;
    /**
     * k − 1.
     */
    df: number;
    /**
     * P(χ²_{k−1} > Q) (metafor `QEp`).
     */
    pValue: number;
    /**
     * Higgins & Thompson (2002): I² = max(0, (Q − df)/Q) in percent (0 when Q = 0); metafor's
     * `I2` of the fixed-effect model, and equal to that of the DerSimonian–Laird model.
     */
    i2: number;
    /**
     * H² = Q/df (metafor's `H2` of the fixed-effect model; 0 when Q = 0).
     */
    h2: number;
    /**
     * The "typical" within-study variance ṽ = (k − 1)/(W − Σwᵢ²/W) (Higgins & Thompson
     * 2002, eq. 9; metafor's `vt`), on which the random-effects I² and H² rest.
     */
    typicalVariance: number;
}

/**
 * Common risk difference across strata.
 */
export interface CommonRiskDifference {
    confLevel: number;
    /**
     * Strata entering the common estimates (both arms non-empty).
     */
    strataUsed: number;
    /**
     * d_MH = Σ wₖ d̂ₖ / Σ wₖ, wₖ = n₁ₖn₂ₖ/Nₖ.
     */
    mhEstimate: number;
    /**
     * Sato's standard error √((d_MH ΣPₖ + ΣQₖ) / (Σwₖ)²); `None` when it is not positive.
     */
    mhSe: number | null;
    /**
     * d_MH ± z·se.
     */
    mhCi: [number, number] | null;
    /**
     * Two-sided p of z = d_MH / se (SAS `COMMONRISKDIFF(TEST=MH)`).
     */
    mhPValue: number | null;
    /**
     * Stratified Miettinen–Nurminen score interval with MH weights (its point estimate is
     * d_MH).
     */
    mnCi: [number, number];
    /**
     * Its score test of d = 0: z and two-sided p (`None` with no events, or only events, in
     * every stratum). With MH weights and each stratum's N/(N − 1) this is exactly the
     * Cochran–Mantel–Haenszel test without continuity correction (R
     * `mantelhaen.test(correct = FALSE)`, SAS `CMH`): the numerator is Σ(aₖ − E aₖ) and the
     * variance the hypergeometric one.
     */
    mnZ: number | null;
    mnPValue: number | null;
    /**
     * SAS summary score estimate Σ vₖmₖ / Σ vₖ, from each stratum's MN interval (Lₖ, Uₖ):
     * mₖ = (Lₖ + Uₖ)/2, vₖ = (2z/(Uₖ − Lₖ))².
     */
    summaryEstimate: number;
    /**
     * 1/√Σvₖ.
     */
    summarySe: number;
    summaryCi: [number, number];
    strata: StratumRiskDifference[];
    warnings: string[];
}

/**
 * Counts of a Monte Carlo run (or of some of its blocks); summed over blocks.
 */
export interface PermutationCounts {
    /**
     * Replicates counted.
     */
    replicates?: number;
    /**
     * `|S* − E| ≥ |S_obs − E| − tol`.
     */
    twoSided?: number;
    /**
     * `S* ≥ S_obs − tol`.
     */
    greater?: number;
    /**
     * `S* ≤ S_obs + tol`.
     */
    less?: number;
}

/**
 * Counts of some blocks of a simulation.
 */
export interface SimulationPart {
    from: number;
    to: number;
    simulations: number;
    pain: number;
    rescue: number;
    both: number;
}

/**
 * Counts of what was read.
 */
export interface InputCounts {
    subjects: number;
    painRows: number;
    /**
     * Pain rows whose score is empty.
     */
    missingScores: number;
    rescueRows: number;
}

/**
 * Covariate adjustment, subgroups and effect modifiers (all by subjects-table column name).
 */
export interface ModelOptions {
    /**
     * Adjust the ANCOVA for the baseline score (when the subjects table has one).
     */
    baseline?: boolean;
    /**
     * Further covariates of the ANCOVA; numeric columns enter as continuous unless listed in
     * `factors`.
     */
    covariates?: string[];
    /**
     * Numeric columns to treat as categorical (e.g. a centre number).
     */
    factors?: string[];
    /**
     * Categorical subgroups: treatment × subgroup interaction and per-subgroup effects.
     */
    subgroups?: string[];
    /**
     * Continuous effect modifiers: treatment × covariate interaction and the effect across
     * the covariate's range.
     */
    moderators?: string[];
    /**
     * Extra values at which to show the effect across a moderator's range.
     */
    moderatorValues?: number[];
}

/**
 * Covariate models of the primary pain endpoint (all arms in one model).
 */
export interface Models {
    /**
     * Arm + baseline + chosen covariates: adjusted differences and LS-means.
     */
    ancova: Stat<Ancova>;
    /**
     * The ANCOVA's F test of each term: type I (sequential), II and III sums of squares (R
     * `anova`, `car::Anova`; SAS PROC GLM).
     */
    anova: Stat<AnovaTables>;
    /**
     * With three or more arms: all pairwise LS-mean differences with unadjusted, Tukey and
     * Dunnett (against the reference) p-values and intervals; `None` with two arms.
     */
    pairwise: Stat<PairwiseLsMeans> | null;
    /**
     * One per chosen categorical subgroup: interaction F test and per-level effects.
     */
    subgroups: Stat<SubgroupAnalysis>[];
    /**
     * One per chosen continuous modifier: interaction F test and the effect across its range.
     */
    moderators: Stat<ModeratorAnalysis>[];
    /**
     * One per chosen categorical subgroup: separate Welch t-tests within each level (no
     * model, no covariates), beside the interaction model's estimates.
     */
    subgroupTests: SubgroupTests[];
    /**
     * The same models for rescue-medication use (logistic); not evaluable when rescue use is
     * not.
     */
    rescue: Stat<RescueModels>;
}

/**
 * Covariate-adjusted marginal effects by standardisation.
 */
export interface MarginalEffects {
    nUsed: number;
    excluded: number[];
    reference: string;
    /**
     * Per arm, reference first then the others in input order.
     */
    risks: MarginalRisk[];
    contrasts: MarginalContrast[];
    confLevel: number;
    warnings: string[];
}

/**
 * Design constants shared by all the power functions.
 */
export interface Design {
    /**
     * Two-sided significance level α, 0 < α < 1 (default 0.05).
     */
    alpha?: number;
    /**
     * Allocation ratio r = n_active / n_control, 1/100 ≤ r ≤ 100 (default 1).
     */
    ratio?: number;
    /**
     * Expected fraction of randomised subjects without the endpoint, 0 ≤ d ≤ 0.95 (default 0).
     */
    dropout?: number;
    /**
     * Count rejections in the wrong direction as well (R's `strict = TRUE`; default false).
     */
    strict?: boolean;
}

/**
 * Each endpoint's effect per trial and pooled, and what differs between the trials.
 */
export interface TrialComparison {
    /**
     * The trials' names, first then second, as given (e.g. "Phase III", "Phase II").
     */
    names: [string, string];
    confLevel: number;
    /**
     * The pain endpoint, then rescue use as a risk difference and as an odds ratio.
     */
    endpoints: PooledEndpoint[];
    /**
     * Every baseline variable of either trial (the first trial's order, then the second's
     * own), with the standardized difference between the trials.
     */
    changes: TrialChange[];
    /**
     * What the reader must know (a trial with more arms than pooled, a different reference
     * arm name, an endpoint not evaluable in one trial).
     */
    warnings: string[];
    /**
     * The methods paragraph for a report.
     */
    methods: string;
}

/**
 * Effect measure of a 2×2 table (metafor `escalc` measure).
 */
export type BinaryMeasure = "logOddsRatio" | "logRiskRatio" | "riskDifference";

/**
 * Effect of one active arm within one subgroup level.
 */
export interface LevelEffect {
    arm: string;
    /**
     * Log odds ratio β̂_arm + β̂_arm:level from the interaction model, Wald z test and CI;
     * `None` when not evaluable (separation in the interaction model).
     */
    logOddsRatio: ZEstimate | null;
    oddsRatio: number | null;
    /**
     * exp of the log-OR limits.
     */
    oddsRatioConfInt: [number, number] | null;
    /**
     * Raw proportions of events within the level: active arm and reference arm.
     */
    riskActive: number;
    riskReference: number;
    /**
     * Risk difference p̂_a − p̂_r within the level with the Wald SE
     * √(p̂_a(1 − p̂_a)/n_a + p̂_r(1 − p̂_r)/n_r); `None` when that SE is 0.
     */
    riskDifference: ZEstimate | null;
}

/**
 * Every interval for one 2×2 comparison.
 */
export interface TwoProportionIntervals {
    x1: number;
    n1: number;
    x2: number;
    n2: number;
    confLevel: number;
    p1: number;
    p2: number;
    /**
     * Miettinen–Nurminen score test of p₁ = p₂ ("N − 1" χ²): z and two-sided p.
     */
    scoreZ: number | null;
    scorePValue: number | null;
    rows: IntervalRow[];
}

/**
 * Everything that can stop an analysis: one or more input defects (all that were found, so the
 * user can fix them in one go), or an option that makes no sense.
 */
export type AnalysisError = { kind: "input"; errors: InputError[] } | { kind: "options"; message: string };

/**
 * F test of the interaction: reduced model (main effects) against the full model (with the
 * treatment × modifier columns), as R's `anova(m0, m1)`.
 */
export interface InteractionTest {
    /**
     * F = [(RSS₀ − RSS₁)/df1] / [RSS₁/df2].
     */
    statistic: number;
    /**
     * Difference in residual df (number of estimable interaction columns).
     */
    df1: number;
    /**
     * Residual df of the full model.
     */
    df2: number;
    pValue: number;
    rssReduced: number;
    rssFull: number;
}

/**
 * Firth's penalised-likelihood logistic regression.
 */
export interface FirthRegression {
    nUsed: number;
    excluded: number[];
    nPerArm: number[];
    eventsPerArm: number[];
    reference: string;
    /**
     * Penalised estimates with SE from (X'WX)⁻¹ at β̂ and z tests (brglm2's `summary`).
     */
    coefficients: CoefficientRow[];
    /**
     * Per active arm: exp(β̂), Wald limits and profile penalised-likelihood limits.
     */
    oddsRatios: OddsRatio[];
    /**
     * Penalised likelihood-ratio test of all arm columns (`logistf`-style).
     */
    armTest: LrTest | null;
    /**
     * l(β̂) + ½ log|X'WX(β̂)|.
     */
    penalizedLogLikelihood: number;
    iterations: number;
    converged: boolean;
    confLevel: number;
    warnings: string[];
}

/**
 * For each table, the header (as entered) to use for a role, when the automatic recognition
 * fails or picks the wrong column. An empty name leaves an optional role unmapped.
 *
 * JSON: `{ "pain": { "score": "Schmerz", "time": "Zeit" }, "subjects": { "baseline": "" } }`.
 */
export interface ColumnOverrides {
    subjects?: Partial<Record<Role, string>>;
    pain?: Partial<Record<Role, string>>;
    rescue?: Partial<Record<Role, string>>;
}

/**
 * Handling of tied event times in the partial likelihood.
 */
export type CoxTies = "efron" | "breslow";

/**
 * Hartung–Knapp–Sidik–Jonkman inference for a random-effects pool: the variance 1/W is
 * scaled by q = Σwᵢ(yᵢ − μ̂)²/(k − 1) and t with k − 1 df replaces the normal (Sidik &
 * Jonkman 2002; Knapp & Hartung 2003; IntHout et al. 2014). metafor `test = "knha"` uses q as
 * is (and q = 0 when Σwᵢ(yᵢ − μ̂)² ≤ 2.2e-16, e.g. identical estimates: se = 0); the "ad hoc"
 * variant (metafor `test = "adhoc"`; Knapp & Hartung 2003, Röver et al. 2015, BMC Med Res
 * Methodol 15:99) uses max(1, q), so its variance is never below the normal-theory 1/W.
 */
export interface Hksj {
    /**
     * The scale factor applied to 1/W: q, or max(1, q) for the ad hoc variant.
     */
    scale: number;
    /**
     * √(scale/W).
     */
    se: number;
    /**
     * t = μ̂/se (±∞ when se = 0 and μ̂ ≠ 0, as metafor).
     */
    t: number;
    /**
     * k − 1.
     */
    df: number;
    /**
     * 2·P(T_{k−1} > |t|).
     */
    pValue: number;
    /**
     * μ̂ ± t_{k−1,1−α/2}·se.
     */
    ci: [number, number];
    /**
     * μ̂ ± t_{k−1,1−α/2}·√(se² + τ²) (metafor `predict()` on the `knha` / `adhoc` fit).
     */
    prediction: [number, number];
}

/**
 * How a table was read: its headers, which header was taken for which role, how the text was
 * split; for the page to show and to offer other choices.
 */
export interface TableMapping {
    /**
     * All headers as entered (trimmed), in table order.
     */
    headers: string[];
    /**
     * Roles found, in the table's role order (see [`table_roles`]).
     */
    roles: RoleColumn[];
    /**
     * Required roles for which no column was found.
     */
    missing: Role[];
    /**
     * Optional roles of the table with no column, which the user may assign.
     */
    unassigned: Role[];
    /**
     * The delimiter of a text table; `None` for typed columns.
     */
    delimiter: Delimiter | null;
    /**
     * Whether a comma was read as a decimal separator.
     */
    decimalComma: boolean;
    /**
     * Number of data rows (blank rows not counted).
     */
    rows: number;
    /**
     * Where the times come from (pain and rescue tables; `None` without a time column).
     */
    timeSource: TimeSource | null;
    /**
     * The parameters of a `PARAMCD` column with their rows (at most 100 listed).
     */
    params: ValueCount[];
    /**
     * Text time points and their hours (at most 200 listed), when times come from them.
     */
    timepoints: TimepointUse[];
    /**
     * Headers that look like ADaM yes/no flags (ending in `FL`), for population and record
     * choices.
     */
    flags: string[];
}

/**
 * How numeric cells write the decimal separator.
 */
export type DecimalChoice = "auto" | "point" | "comma";

/**
 * How one text time point was read.
 */
export interface TimepointUse {
    /**
     * The time point as written.
     */
    text: string;
    /**
     * Hours from the origin; `None` for a baseline, excluded or unread time point.
     */
    hours: number | null;
    /**
     * `"hours"`, `"baseline"`, `"exclude"` or `"unknown"`.
     */
    meaning: string;
    /**
     * Whether the user's mapping gave it (else it was read from the text).
     */
    given: boolean;
    rows: number;
}

/**
 * How the p-value (and the confidence interval) is obtained.
 */
export type WilcoxonMethod = "auto" | "exact" | "normal" | "exactConditional";

/**
 * How the p-values were obtained.
 */
export type PermutationMethod = "exact" | "monteCarlo";

/**
 * How the values are ranked in the stratified Wilcoxon test.
 */
export type StratumRanks = "stratum" | "overall";

/**
 * How to band one numeric column.
 */
export type Bands = { cuts: number[] } | { quantiles: number };

/**
 * Imputation options; the default imputes nothing.
 */
export interface ImputationOptions {
    postRescue?: PostRescueRule;
    postRescueScope?: PostRescueScope;
    /**
     * Post-rescue window W in hours for drugs not in `rescue_window_by_drug` (default 6).
     */
    rescueWindowHours?: number;
    /**
     * Drug name (case-insensitive) → window W in hours.
     */
    rescueWindowByDrug?: Record<string, number>;
    /**
     * Add a point at the end of each replacement span (t_r + W, or b) carrying the value.
     */
    fillWindowEnd?: boolean;
    /**
     * Only administrations flagged opioid trigger the post-rescue rule.
     */
    triggerOpioidOnly?: boolean;
    dropout?: DropoutRule;
    /**
     * Flag intermittent missing scores with their linear interpolation.
     */
    interpolateGaps?: boolean;
}

/**
 * Inference for one contrast under one variance.
 */
export interface ContrastInference {
    /**
     * SE of the RD, or of log RR / log OR.
     */
    stdErr: number;
    /**
     * z = RD/SE, or log(ratio)/SE.
     */
    statistic: number;
    pValue: number;
    /**
     * RD ∓ z·SE; for ratios exp(log ratio ∓ z·SE).
     */
    confInt: [number, number];
}

/**
 * Inputs of [`assurance_continuous_binary`]: a continuous and a binary co-primary endpoint.
 */
export interface AssuranceContinuousBinary {
    /**
     * Prior of the continuous effect δ (favourable positive).
     */
    prior1?: EffectPrior;
    /**
     * Prior of the difference in success proportions Δp = p_active − p_control.
     */
    prior2?: EffectPrior;
    /**
     * SD of the continuous endpoint.
     */
    sd?: number;
    /**
     * The control arm's success proportion.
     */
    pControl?: number;
    /**
     * Biserial correlation of the continuous endpoint with the binary one's latent variable.
     */
    rho?: number;
    design?: Design;
}

/**
 * Iteration control of [`cox_ph_stratified`]; default: [`CoxConvergence::Rounding`], with
 * R's `coxph.control` defaults `eps = 1e-9`, `iter.max = 20` for [`CoxConvergence::R`].
 */
export interface CoxControl {
    convergence?: CoxConvergence;
    /**
     * R's `eps`: relative change of the log partial likelihood; in (0, 1). Used by
     * [`CoxConvergence::R`] (also for R's infinite-coefficient check, `toler.inf = √eps`).
     */
    eps?: number;
    /**
     * R's `iter.max`, in 1..=1000. Used by [`CoxConvergence::R`].
     */
    iterMax?: number;
}

/**
 * Joint and marginal powers of two co-primary endpoints.
 */
export interface JointPower {
    /**
     * P(both significant in the favourable direction).
     */
    joint: number;
    /**
     * P(endpoint 1 significant), P(endpoint 2 significant).
     */
    marginal: [number, number];
    /**
     * Correlation ρ* of the two standardised test statistics.
     */
    rhoStar: number;
}

/**
 * Kaplan-Meier and Cox settings for time to first rescue.
 */
export interface SurvivalOptions {
    /**
     * KM interval transform: `log` (R's default) or `logLog` (SAS's default) or `plain`.
     */
    confType?: KmConfType;
    /**
     * Cox ties: `efron` (R's default) or `breslow` (SAS's default).
     */
    ties?: CoxTies;
    /**
     * Kaplan–Meier quantiles and estimates past the last observed time: `r` (default;
     * `quantile.survfit`, the last value carried) or `sas` (PROC LIFETEST: not estimable past
     * a censored last time, quartiles by SAS's rule with Brookmeyer–Crowley limits).
     */
    convention?: KmConvention;
}

/**
 * Kaplan–Meier estimate of one group.
 */
export interface KaplanMeier {
    group: number;
    n: number;
    nEvent: number;
    /**
     * One row per distinct time (event or censoring), ascending (R's `survfit` object; R's
     * `summary(fit)` shows the rows with `n_event > 0`).
     */
    table: KmRow[];
    /**
     * Quartiles: p = 0.25, 0.5, 0.75 (R's `quantile(fit)`).
     */
    quantiles: KmQuantile[];
    /**
     * The median (p = 0.5), as in `quantiles`.
     */
    median: KmQuantile;
    /**
     * The rows with censorings (marks on the plotted curve).
     */
    censored: KmCensorMark[];
    /**
     * The curve and the numbers at risk at [`KmOptions::times`], sorted ascending.
     */
    atTimes: KmAtTime[];
}

/**
 * Kaplan–Meier estimates of all groups, with the options used.
 */
export interface KaplanMeierFit {
    confLevel: number;
    confType: KmConfType;
    /**
     * Whose quantile and past-the-end conventions were used.
     */
    convention: KmConvention;
    /**
     * One entry per group, in group order.
     */
    groups: KaplanMeier[];
}

/**
 * LS-mean (estimated marginal mean) of one arm.
 */
export interface LsMean {
    arm: string;
    estimate: number;
    stdErr: number;
    df: number;
    confInt: [number, number];
}

/**
 * LS-means of all arms and their pairwise differences.
 */
export interface PairwiseLsMeans {
    nUsed: number;
    excluded: number[];
    reference: string;
    /**
     * Arms in factor order (reference first).
     */
    armOrder: string[];
    dfResidual: number;
    confLevel: number;
    /**
     * LS-means in factor order; empty if not estimable (see `warnings`).
     */
    lsMeans: LsMean[];
    /**
     * Pairs (i, j), i < j in factor order, in the order (0,1), (0,2), (1,2), (0,3), … (as
     * emmeans), each LS(j) − LS(i) or LS(i) − LS(j) by [`PairOrder`].
     */
    differences: PairwiseDifference[];
    /**
     * Tukey critical value q_{k,ν}(conf_level)/√2 (multiplier of the SE).
     */
    tukeyCritical: number;
    /**
     * Dunnett critical value c (multiplier of the SE), if computed.
     */
    dunnettCritical: number | null;
    /**
     * Correlations of the k − 1 differences active − reference (factor order).
     */
    dunnettCorrelation: number[][];
    warnings: string[];
}

/**
 * Logistic models of rescue-medication use on the ANCOVA's design (arm + baseline + chosen
 * covariates).
 */
export interface RescueModels {
    /**
     * `glm(rescued ~ arm + baseline + covariates, family = binomial)`; under separation no ML
     * estimate, and Firth's penalised fit instead.
     */
    logistic: Stat<LogisticRegression>;
    /**
     * Covariate-adjusted marginal risks, risk difference, risk ratio and odds ratio by
     * standardisation (g-computation).
     */
    marginal: Stat<MarginalEffects>;
    /**
     * One per chosen categorical subgroup.
     */
    subgroups: Stat<LogisticSubgroupAnalysis>[];
    /**
     * One per chosen continuous moderator.
     */
    moderators: Stat<LogisticModeratorAnalysis>[];
}

/**
 * Logistic regression `glm(y ~ arm + baseline + cov…, family = binomial)`.
 */
export interface LogisticRegression {
    nUsed: number;
    /**
     * Indices (0-based, into the input) of subjects left out for missing values.
     */
    excluded: number[];
    nPerArm: number[];
    /**
     * Number of subjects with y = 1 per arm (input arm order).
     */
    eventsPerArm: number[];
    reference: string;
    /**
     * Set when the maximum-likelihood estimate does not exist; then `coefficients`,
     * `odds_ratios` and `arm_test` are empty and `firth` holds the penalised fit.
     */
    separation: Separation | null;
    /**
     * R's `summary(fit)$coefficients` (z tests); all `None` for an aliased column.
     */
    coefficients: CoefficientRow[];
    oddsRatios: OddsRatio[];
    /**
     * Likelihood-ratio test of all arm columns (R's `anova(fit0, fit, test = "LRT")`).
     */
    armTest: LrTest | null;
    /**
     * Residual deviance of the fit (under separation: of R's last IRLS iterate, approaching
     * its infimum; no estimate is derived from it).
     */
    deviance: number;
    nullDeviance: number;
    dfResidual: number;
    dfNull: number;
    /**
     * AIC = deviance + 2·rank (binary outcomes).
     */
    aic: number;
    iterations: number;
    converged: boolean;
    /**
     * Firth's penalised fit, computed when separation is detected.
     */
    firth: FirthRegression | null;
    confLevel: number;
    warnings: string[];
}

/**
 * Mantel–Haenszel pooling of 2×2 tables, as metafor `rma.mh(ai, bi, ci, di, measure,
 * correct)` with its defaults (`add = 1/2, to = "only0", drop00 = TRUE` for the
 * heterogeneity test only; the pooled estimate uses the counts as they are).
 */
export interface MantelHaenszel {
    measure: BinaryMeasure;
    /**
     * Number of tables.
     */
    k: number;
    confLevel: number;
    /**
     * log OR_MH, log RR_MH or RD_MH.
     */
    estimate: number;
    se: number;
    z: number;
    pValue: number;
    /**
     * estimate ± z₁₋α/₂·se.
     */
    ci: [number, number];
    /**
     * exp(estimate) and exp(ci) for the odds and risk ratios; `None` for the risk difference.
     */
    ratio: number | null;
    ratioCi: [number, number] | null;
    /**
     * Q = Σ(yᵢ − estimate)²/vᵢ over the tables' [`binary_effect`]s, leaving out tables with no
     * events or only events in both arms (metafor `drop00 = TRUE`), df = (tables used) − 1;
     * Q = 0, p = 1 when fewer than 2 are used (as metafor).
     */
    heterogeneity: ChiSquare;
    /**
     * max(0, 100·(Q − df)/Q) (0 when fewer than 2 tables are used).
     */
    i2: number;
    /**
     * Q/df (1 when fewer than 2 tables are used).
     */
    h2: number;
    /**
     * Odds ratio only: the Cochran–Mantel–Haenszel test (variance with Nᵢ − 1, as R's
     * `mantelhaen.test`; metafor `MH`), with the continuity correction ½ when `correct`;
     * `None` when no table has both events and non-events.
     */
    cmh: ChiSquare | null;
    /**
     * Odds ratio only: Cochran's version (variance with Nᵢ; metafor `CO`).
     */
    cochran: ChiSquare | null;
    /**
     * Odds ratio only: Breslow–Day test of equal odds ratios (metafor `BD`), over the tables
     * whose fitted count is positive with events and non-events, df = (those tables) − 1;
     * `None` when fewer than 2.
     */
    breslowDay: ChiSquare | null;
    /**
     * Breslow–Day with Tarone's correction (metafor `TA`).
     */
    tarone: ChiSquare | null;
    /**
     * Mantel–Haenszel weights in percent (metafor `weights()`): OR bᵢcᵢ/Nᵢ, RR cᵢn₁ᵢ/Nᵢ,
     * RD n₁ᵢn₂ᵢ/Nᵢ.
     */
    weights: number[];
}

/**
 * Marginal contrasts of one active arm against the reference arm.
 */
export interface MarginalContrast {
    arm: string;
    riskDifference: MarginalMeasure;
    riskRatio: MarginalMeasure;
    oddsRatio: MarginalMeasure;
}

/**
 * Mean pain over time per arm with confidence intervals, over all assessment times (not only
 * the analysis window), for the profile plot.
 */
export interface PainProfile {
    confLevel: number;
    /**
     * The analysis window [start, end], hours.
     */
    window: [number, number];
    /**
     * In the order of the report's `arms`.
     */
    arms: ArmProfile[];
}

/**
 * Number of subjects of one arm.
 */
export interface ArmCount {
    arm: string;
    subjects: number;
}

/**
 * Odds ratio of one active arm against the reference arm.
 */
export interface OddsRatio {
    arm: string;
    /**
     * The log odds ratio (arm coefficient) with its Wald test and CI (R's `summary`,
     * `confint.default`).
     */
    logOddsRatio: ZEstimate;
    /**
     * exp(estimate).
     */
    oddsRatio: number;
    /**
     * exp(b ∓ z·SE) (SAS PROC LOGISTIC's default Wald limits).
     */
    waldConfInt: [number, number];
    /**
     * Profile-likelihood limits for the odds ratio (R ≥ 4.2 `exp(confint(fit))`, MASS's
     * profile method; SAS `CLODDS=PL`), solved exactly; `None` for a limit the profile never
     * reaches (infinite) or when not requested.
     */
    profileConfInt: [number | null, number | null];
}

/**
 * One active arm against the reference within one subgroup level.
 */
export interface SubgroupTest {
    level: string;
    arm: string;
    nActive: number;
    nReference: number;
    /**
     * Welch two-sample t-test within the level, active − reference (R `t.test(y ~ arm,
     * subset = level)`).
     */
    welch: Stat<TTest>;
}

/**
 * One administration of rescue medication.
 */
export interface RescueEvent {
    /**
     * Hours from the time origin; ≥ 0.
     */
    time: number;
    drug: string | null;
    dose: number | null;
    /**
     * Whether the drug is an opioid, when given.
     */
    opioid: boolean | null;
    /**
     * Morphine-equivalent dose (mg), when given.
     */
    mme: number | null;
}

/**
 * One arm against the reference.
 */
export interface RmstContrast {
    group: number;
    reference: number;
    /**
     * μ̂_g − μ̂_r.
     */
    difference: number;
    se: number;
    lower: number;
    upper: number;
    /**
     * difference / se (SAS's χ² is z²).
     */
    z: number;
    /**
     * 2·P(Z > |z|); `None` when se = 0 (no events before τ in either arm).
     */
    pValue: number | null;
    /**
     * μ̂_g / μ̂_r; `None` (with its limits and p) when either RMST is 0.
     */
    ratio: number | null;
    ratioLower: number | null;
    ratioUpper: number | null;
    ratioPValue: number | null;
}

/**
 * One co-primary endpoint in the verdict: what each arm showed, the effect with its interval,
 * the test and whether it was met.
 */
export interface EndpointDecision {
    /**
     * The endpoint and window in words ("pain AUC 4–24 h", "rescue-medication use 4–24 h").
     */
    endpoint: string;
    /**
     * What `active_value` and `reference_value` are ("mean", "median", "proportion").
     */
    statistic: string;
    activeValue: number | null;
    referenceValue: number | null;
    /**
     * What `estimate` is ("difference in means, active − reference", "Hodges–Lehmann shift",
     * "risk difference, active − reference").
     */
    effect: string;
    estimate: number | null;
    /**
     * Confidence interval of `estimate` (Welch/Student t, Hodges–Lehmann as R `wilcox.test`,
     * Newcombe's hybrid score interval for the risk difference).
     */
    confInt: [number, number] | null;
    confLevel: number;
    /**
     * The test that decides ("Welch t-test", "Fisher's exact test", …).
     */
    test: string;
    /**
     * Its unadjusted two-sided p-value.
     */
    pValue: number | null;
    /**
     * The same test's one-sided p-value in the direction favouring the active arm (less pain
     * or more relief; less rescue), when the test has one; reported, not used for the
     * decision.
     */
    pOneSided: number | null;
    /**
     * The p-value compared with α: adjusted by `Verdict::multiplicity` when it applies,
     * else equal to `p_value`.
     */
    pDecision: number | null;
    significant: boolean;
    favoursActive: boolean;
    /**
     * Significant in favour of the active arm.
     */
    met: boolean;
    /**
     * Why the endpoint could not be tested (then every number above is absent).
     */
    notEvaluable: string | null;
    /**
     * The endpoint's line of the verdict, in words, with its numbers.
     */
    text: string;
}

/**
 * One coefficient of the fitted model.
 */
export interface CoxCoefficient {
    /**
     * The group compared with the reference group (its indicator's coefficient), or `None`.
     */
    group: number | null;
    /**
     * The index of the covariate in the `covariates` argument, or `None`.
     */
    covariate: number | null;
    /**
     * log hazard ratio β.
     */
    coef: number;
    /**
     * exp(β).
     */
    hazardRatio: number;
    /**
     * √(V_jj), V the inverse of the observed information at β̂.
     */
    se: number;
    /**
     * Wald z = β/se.
     */
    z: number;
    /**
     * 2·P(Z > |z|).
     */
    pValue: number;
    /**
     * exp(β − z_{(1+level)/2}·se).
     */
    lower: number;
    /**
     * exp(β + z_{(1+level)/2}·se).
     */
    upper: number;
}

/**
 * One endpoint's sample size by one method.
 */
export interface SinglePlan {
    endpoint: string;
    method: string;
    size: Stat<SampleSize>;
}

/**
 * One endpoint: the effect in each trial, and pooled.
 */
export interface PooledEndpoint {
    /**
     * `pain`, `rescueRiskDifference` or `rescueOddsRatio`.
     */
    key: string;
    /**
     * In words, e.g. "Pain AUC, difference in means".
     */
    label: string;
    /**
     * Whether estimates and limits are on the log scale (the odds ratio: exponentiate to show).
     */
    logScale: boolean;
    /**
     * First trial, then second.
     */
    trials: [Stat<TrialEstimate>, Stat<TrialEstimate>];
    /**
     * Not evaluable unless both trials give an estimate.
     */
    pooled: Stat<MetaAnalysis>;
}

/**
 * One level of the subgroup (one row group of a forest plot).
 */
export interface LogisticSubgroupLevel {
    level: string;
    n: number;
    nPerArm: number[];
    effects: LevelEffect[];
    /**
     * Active arms without subjects (or without reference subjects) in this level.
     */
    notEstimable: string[];
}

/**
 * One measure (RD, RR or OR) with Ge and Ye inference.
 */
export interface MarginalMeasure {
    estimate: number;
    ge: ContrastInference;
    ye: ContrastInference;
}

/**
 * One p-value of a permutation test.
 */
export interface PermutationPValue {
    /**
     * The p-value to report: exact, or Monte Carlo `(c + 1)/(B + 1)` (Phipson & Smyth).
     */
    pValue: number;
    /**
     * Exact: the same; Monte Carlo: `c/B`, the unbiased estimate of the exact p-value.
     */
    estimate: number;
    /**
     * Monte Carlo standard error `√(p̂(1 − p̂)/B)` of `estimate`; 0 when exact.
     */
    mcSe: number;
    /**
     * Assignments counted (`c`); `None` for the binary exact convolution.
     */
    count: number | null;
}

/**
 * One pain assessment. `score == None` is a missing score (an empty cell).
 */
export interface PainObs {
    /**
     * Hours from the time origin (e.g. end of surgery / patch application); ≥ 0.
     */
    time: number;
    score: number | null;
}

/**
 * One pairwise difference LS(arm1) − LS(arm2) (see [`PairOrder`]).
 */
export interface PairwiseDifference {
    arm1: string;
    arm2: string;
    estimate: number;
    stdErr: number;
    df: number;
    /**
     * t = estimate / std_err.
     */
    statistic: number;
    /**
     * Unadjusted two-sided p.
     */
    pValue: number;
    /**
     * Unadjusted interval estimate ∓ t_{1−α/2,ν}·SE.
     */
    confInt: [number, number];
    /**
     * Tukey(–Kramer) adjusted p over all pairs.
     */
    pTukey: number;
    /**
     * Tukey simultaneous interval estimate ∓ q_{k,ν}(1−α)/√2·SE.
     */
    confIntTukey: [number, number];
    /**
     * Dunnett adjusted p (comparisons with the reference only).
     */
    pDunnett: number | null;
    /**
     * Dunnett simultaneous interval (comparisons with the reference only).
     */
    confIntDunnett: [number, number] | null;
}

/**
 * One point of a subject's pain series after imputation.
 */
export interface ImputedObs {
    /**
     * Hours from the time origin.
     */
    time: number;
    /**
     * Value used for the AUC; `None` = still missing.
     */
    value: number | null;
    /**
     * Score as entered; `None` when missing or when the point was added.
     */
    observed: number | null;
    /**
     * Rule that made `value`; `None` = `value` is the observed score (or still missing).
     */
    rule: ImputationRule | null;
    /**
     * True for a point that is not an assessment of the input (window end or dropout point).
     */
    added: boolean;
}

/**
 * One progress report: `done` of `total` units of `phase` (see `Phase` for the units).
 */
export interface Progress {
    phase: Phase;
    done: number;
    total: number;
}

/**
 * One row of an ANOVA table. `mean_sq`, `statistic` and `p_value` are `None` for a term with
 * no degrees of freedom (all its columns aliased).
 */
export interface AnovaRow {
    /**
     * R's term label: `arm`, `baseline`, a covariate's name, `arm:m`, `(Intercept)`.
     */
    term: string;
    /**
     * SAS's source label: `arm`, `baseline`, …, `arm*m`, `Intercept`.
     */
    sasTerm: string;
    df: number;
    sumSq: number;
    meanSq: number | null;
    /**
     * F = (SS/df)/MSE.
     */
    statistic: number | null;
    /**
     * P(F_{df, df_res} > F).
     */
    pValue: number | null;
}

/**
 * One row of the Kaplan–Meier table (one distinct event or censoring time of the group).
 */
export interface KmRow {
    time: number;
    /**
     * Number at risk just before `time` (time ≥ `time`).
     */
    nRisk: number;
    nEvent: number;
    nCensor: number;
    /**
     * S(time), right-continuous.
     */
    surv: number;
    /**
     * Greenwood SE of S (R's `summary(fit)$std.err`); `None` when undefined (S = 0 with an
     * infinite log-scale SE).
     */
    stdErr: number | null;
    /**
     * Greenwood SE of log S (R's `fit$std.err`); `None` when infinite.
     */
    stdErrLog: number | null;
    /**
     * Pointwise lower limit; `None` where R gives NA.
     */
    lower: number | null;
    /**
     * Pointwise upper limit; `None` where R gives NA.
     */
    upper: number | null;
}

/**
 * One row of the coefficient table (R's `summary(lm)$coefficients`); all `None` for an aliased
 * column (R's `NA`).
 */
export interface CoefficientRow {
    /**
     * R's coefficient name, e.g. `armLidocaine patch`, `baseline`, `anesthspinal`.
     */
    term: string;
    estimate: number | null;
    stdErr: number | null;
    statistic: number | null;
    pValue: number | null;
}

/**
 * One row of the intervals table: method · estimate · lower · upper · SAS name · R name.
 */
export interface IntervalRow {
    contrast: Contrast;
    /**
     * Stable key, e.g. `"rd.mn"`.
     */
    key: string;
    /**
     * Display name, e.g. "Miettinen–Nurminen score".
     */
    method: string;
    /**
     * Point estimate the interval goes with (the sample value, or the modified one for the
     * "modified" Wald rows); `None` when not estimable.
     */
    estimate: number | null;
    /**
     * `None` when not evaluable (see `note`); ratio limits may be 0 or +∞.
     */
    lower: number | null;
    upper: number | null;
    /**
     * SAS PROC FREQ option giving the same interval.
     */
    sas: string;
    /**
     * R function giving the same interval.
     */
    r: string;
    /**
     * Why the interval is missing, or a caveat.
     */
    note: string | null;
}

/**
 * One row of the per-subject table.
 */
export interface SubjectRow {
    id: string;
    arm: string;
    baseline: number | null;
    pain: PainEndpoints;
    /**
     * (baseline − TWA)/baseline, the fractional reduction of pain; none without a positive
     * baseline.
     */
    twaReduction: number | null;
    /**
     * None when the rescue endpoints are not evaluable (no rescue table was given, or opioid
     * rescue only was asked for and opioid status is unknown: see the comparisons' `rescue`).
     */
    rescue: RescueEndpoints | null;
    /**
     * The values the imputation rules made (each with its rule), in time order; empty when
     * only observed scores were used.
     */
    imputed: ImputedObs[];
}

/**
 * One section of the page's help (see `help()`): a title and paragraphs of plain text.
 */
export interface HelpSection {
    title: string;
    paragraphs: string[];
}

/**
 * One stratum's descriptive row.
 */
export interface StratumRiskDifference {
    table: Table2x2;
    /**
     * Normalised Mantel–Haenszel weight n₁n₂/(n₁ + n₂) / Σ (0 for a stratum left out).
     */
    weight: number;
    /**
     * a/n₁ and c/n₂ (`None` for an empty arm).
     */
    p1: number | null;
    p2: number | null;
    riskDifference: number | null;
    /**
     * Newcombe hybrid score interval (SAS `RISKDIFF(CL=NEWCOMBE)`).
     */
    newcombe: [number, number] | null;
    /**
     * Miettinen–Nurminen score interval (SAS `RISKDIFF(CL=MN)`).
     */
    miettinenNurminen: [number, number] | null;
    /**
     * ad/(bc), +∞ when bc = 0 < ad; `None` when not estimable.
     */
    oddsRatio: number | null;
    /**
     * Woolf logit interval (`None` with a zero cell).
     */
    woolf: [number, number] | null;
    /**
     * Why something is missing.
     */
    note: string | null;
}

/**
 * One stratum's part in [`StratifiedWilcoxon`].
 */
export interface WilcoxonStratum {
    nActive: number;
    nReference: number;
    /**
     * S_k, the sum of the active arm's rank scores.
     */
    rankSum: number;
    /**
     * E₀(S_k) = m_k · mean score.
     */
    expected: number;
    /**
     * Var₀(S_k) (0 when an arm is empty).
     */
    variance: number;
    /**
     * w_k.
     */
    weight: number;
}

/**
 * One study's effect size from its 2×2 counts.
 */
export interface BinaryEffect {
    measure: BinaryMeasure;
    estimate: number;
    variance: number;
    se: number;
    /**
     * ½ was added to each cell because one was zero.
     */
    zeroCellCorrected: boolean;
}

/**
 * One study's estimate and its standard error (> 0).
 */
export interface Study {
    estimate: number;
    se: number;
}

/**
 * One trial's effect for one endpoint.
 */
export interface TrialEstimate {
    active: string;
    reference: string;
    nActive: number;
    nReference: number;
    /**
     * Active − reference (log odds ratio for the odds ratio).
     */
    estimate: number;
    se: number;
    /**
     * estimate ± z·SE.
     */
    confInt: [number, number];
    /**
     * The trial's own two-sided p-value for this endpoint, from its report: the verdict's
     * test (pain: the option `painTest`; rescue: `rescueTest`).
     */
    pValue: number | null;
}

/**
 * One variable (row group) of the baseline table.
 */
export interface BaselineVariable {
    /**
     * The column's name as entered. The baseline pain score is named by its subjects-table
     * column, or "baseline pain" when it came from the pain table's baseline records.
     */
    name: string;
    /**
     * Whether this is the baseline pain score (on the trial's pain scale).
     */
    baselinePain: boolean;
    values: BaselineValues;
}

/**
 * One-sided p-values of the pain tests in the direction that favours the active arm: active
 * below reference for AUC and TWA (R `alternative = "less"`), above for SPID (`"greater"`).
 * Reported beside the two-sided tests; the verdict decides on the two-sided ones.
 */
export interface OneSidedP {
    direction: Alternative;
    /**
     * Welch: P(T ≤ t) (or P(T ≥ t)) with Welch's df.
     */
    welch: number | null;
    /**
     * Student: the same with n₁ + n₂ − 2 df.
     */
    student: number | null;
    /**
     * Wilcoxon rank-sum with the same method as the two-sided test (R `wilcox.test(x, y,
     * alternative = …)`; coin's for the exact conditional test).
     */
    wilcoxon: number | null;
}

/**
 * Options of [`cmh_test`]; default: continuity correction on and a 95 % interval (R's
 * defaults).
 */
export interface CmhOptions {
    /**
     * Continuity correction (R `correct`, default true; SAS applies none).
     */
    correct?: boolean;
    /**
     * Confidence level of the common odds ratio interval, strictly between 0 and 1.
     */
    confLevel?: number;
}

/**
 * Options of [`cox_ph`]; default: Efron ties, 95 % limits (R's defaults).
 */
export interface CoxOptions {
    ties?: CoxTies;
    /**
     * Confidence level of the hazard-ratio limits, strictly in (0, 1).
     */
    confLevel?: number;
}

/**
 * Options of [`kaplan_meier`]; default: `Log` limits at 95 %, no at-risk times.
 */
export interface KmOptions {
    /**
     * Confidence level of the pointwise limits and quantile limits, strictly in (0, 1).
     */
    confLevel?: number;
    confType?: KmConfType;
    /**
     * Times for the number-at-risk table ([`KaplanMeier::at_times`]); finite, sorted by the
     * function.
     */
    times?: number[];
}

/**
 * Options of [`rmst`]; default: τ from the data (`survRM2`'s rule), reference arm 0, 95 %.
 */
export interface RmstOptions {
    /**
     * Truncation time τ > 0; `None`: the smallest over the arms of the largest observed time.
     */
    tau?: number | null;
    /**
     * The arm the others are compared with (SAS `DIFF=CONTROL('…')`; `survRM2`'s `arm = 0`).
     */
    reference?: number;
    /**
     * Confidence level of all limits, strictly in (0, 1).
     */
    confLevel?: number;
}

/**
 * Options of [`stratified_wilcoxon`]; the default is van Elteren's test.
 */
export interface StratifiedWilcoxonOptions {
    weights?: StratumWeights;
    ranks?: StratumRanks;
}

/**
 * Options of [`wilcoxon_exact_conditional`]; default two-sided, 95 %.
 */
export interface ExactWilcoxonOptions {
    /**
     * Direction of the test and of the confidence bound (`Greater`: active − reference > 0).
     */
    alternative?: Alternative;
    /**
     * Confidence level of the Hodges–Lehmann interval, strictly between 0 and 1.
     */
    confLevel?: number;
}

/**
 * Options of [`wilcoxon_rank_sum`]; default: `Auto`, continuity correction on, 95 % CI (R's
 * defaults).
 */
export interface WilcoxonOptions {
    method?: WilcoxonMethod;
    /**
     * Continuity correction of the normal approximation (R `correct`, default true).
     */
    correct?: boolean;
    /**
     * Confidence level of the Hodges–Lehmann interval, strictly between 0 and 1.
     */
    confLevel?: number;
    /**
     * Alternative hypothesis (R `alternative`): `Greater` = the active arm is shifted above the
     * reference (shift active − reference > 0), `Less` = below; default two-sided.
     */
    alternative?: Alternative;
}

/**
 * Options of a resampling run (for [`permutation::PermutationProblem::run`] and
 * [`bootstrap::bootstrap`]); default: 10 000 replicates, seed 20 240 101, 95 %, exact when
 * feasible.
 */
export interface ResampleOptions {
    /**
     * Replicates `B` (Monte Carlo permutations or bootstrap resamples), 1 to
     * [`MAX_REPLICATES`].
     */
    replicates?: number;
    /**
     * Seed of the run (from JavaScript, an integer below 2⁵³).
     */
    seed?: number;
    /**
     * Confidence level of the bootstrap intervals, strictly between 0 and 1.
     */
    confLevel?: number;
    /**
     * Permutation tests: the exact test when feasible (binary endpoint, or at most
     * [`permutation::ENUMERATION_CAP`] assignments), else Monte Carlo.
     */
    exactWhenFeasible?: boolean;
}

/**
 * Options of the logistic models.
 */
export interface LogisticOptions {
    /**
     * Confidence level of every interval (default 0.95).
     */
    confLevel?: number;
    /**
     * Compute profile-likelihood limits for the odds ratios (default true).
     */
    profile?: boolean;
}

/**
 * Ordering statistic of the exact unconditional interval.
 */
export type ExactStatistic = "score" | "rawDifference";

/**
 * Orientation of the pairwise differences (arms in factor order, reference first).
 */
export type PairOrder = "laterMinusEarlier" | "earlierMinusLater";

/**
 * Pain endpoints of one subject. `None` when the subject has no observed score at all.
 */
export interface PainEndpoints {
    auc: number | null;
    twa: number | null;
    spid: number | null;
    /**
     * Observed scores with a ≤ t ≤ b.
     */
    nInWindow: number;
    /**
     * True when the value at a or at b was carried from the nearest score rather than
     * interpolated or observed (no score before a, or none after b).
     */
    carriedEdge: boolean;
    /**
     * f(a): the pain the AUC used at the window start (observed, interpolated or carried; R
     * `approxfun(t, y, rule = 2)(a)`); `None` without a score.
     */
    atStart: number | null;
    /**
     * f(b): the pain the AUC used at the window end.
     */
    atEnd: number | null;
}

/**
 * Pain scores of one arm at one assessment time: the mean with its Student-t confidence
 * interval, as R's `t.test(x, conf.level = conf_level)` gives it.
 */
export interface ProfilePoint {
    /**
     * Hours from the time origin (an assessment time of the pain table).
     */
    time: number;
    /**
     * Number of subjects of the arm with a value at this time.
     */
    n: number;
    /**
     * none when n = 0.
     */
    mean: number | null;
    /**
     * Sample standard deviation (n − 1 denominator); none when n < 2.
     */
    sd: number | null;
    /**
     * sd/√n; none when n < 2.
     */
    stdErr: number | null;
    /**
     * mean ∓ t(1 − (1 − conf)/2, n − 1)·sd/√n; none when n < 2; [mean, mean] when sd = 0.
     */
    confInt: [number, number] | null;
}

/**
 * Parsing, column, population and record-selection options; `{}` means all defaults.
 */
export interface InputOptions {
    scale?: ScaleChoice;
    decimal?: DecimalChoice;
    columns?: ColumnOverrides;
    /**
     * The analysis population: `"auto"` (default: the subjects table's `FASFL`, else `ITTFL`,
     * else `MITTFL`, when there is one; else every subject), `"none"` (every subject), or the
     * name of a yes/no flag column of the subjects table. Subjects whose flag is not yes
     * (no, or empty) are left out of all three tables, and counted.
     */
    population?: string;
    /**
     * Conditions every analysed subject meets, on subjects-table columns
     * (`["ANESTH = SPINAL", "LIDOVOL <= 10"]`; syntax in [`filter`]).
     */
    subset?: string[];
    /**
     * Conditions on the pain table's rows (e.g. `["ANL01FL = Y"]`); other rows are left out.
     */
    painRows?: string[];
    /**
     * Conditions on the rescue table's rows (e.g. `["CMCAT = RESCUE"]`).
     */
    rescueRows?: string[];
    /**
     * The ADaM parameter (`PARAMCD`) to analyse when the pain table holds several; empty:
     * the only one there is.
     */
    param?: string;
    /**
     * Keep derived records (rows with a non-empty `DTYPE`, e.g. LOCF rows) as if observed;
     * by default they are left out and counted, and the analysis's own rules impute instead.
     */
    derivedRows?: boolean;
    /**
     * Text time points to hours, overriding or completing what is read from the text itself
     * (`{"END OF SURGERY": "0", "PREDOSE": "baseline", "UNSCHED": "exclude"}`; see
     * [`timepoint`]).
     */
    timepoints?: Record<string, string>;
    /**
     * Display labels of columns, by column name as in the table's header (e.g. the variable
     * labels of an XPT or Dataset-JSON file, or names typed by the user):
     * `{"ANESTH": "Anesthesia", "LIDOVOL": "Lidocaine volume (mL)"}`. Figures and the methods
     * text name a labelled column by its label; the data are read by column name as before.
     * Each key is a column of the subjects, pain or rescue table; each label is 1 to
     * [`MAX_LABEL_CHARS`] characters, without control characters. Echoed in the report's
     * `settings.input.labels`.
     */
    labels?: Record<string, string>;
}

/**
 * Per-arm summary of a binary endpoint.
 */
export interface Proportion {
    n: number;
    events: number;
    proportion: number;
}

/**
 * Point-biserial and biserial correlation of a continuous and a binary endpoint.
 */
export interface Biserial {
    /**
     * Pearson correlation of x with y coded 0/1.
     */
    pointBiserial: number;
    /**
     * r_b = r_pb·√(pq)/φ(Φ⁻¹(p)): the correlation of x with the latent normal variable whose
     * dichotomisation is y (can exceed 1 in absolute value in a sample; see `warnings`).
     */
    biserial: number;
    /**
     * p, the proportion of `true`.
     */
    p: number;
    warnings: string[];
}

/**
 * Q-profile confidence interval for τ² (Viechtbauer 2007; metafor `confint()` on an `rma`
 * fit, `type = "QP"`): the τ² at which the generalised Q(τ²) = Σwᵢ(τ²)(yᵢ − μ̂(τ²))² (which
 * decreases in τ²) equals the upper α/2 quantile of χ²_{k−1} (lower limit) and its lower α/2
 * quantile (upper limit). When Q(0) is below the upper quantile the lower limit is 0; when
 * Q(0) is below the lower quantile both limits are 0 (metafor: "the CI is the null set",
 * `null_set`). The quantiles (bisection on the χ² survival function) and the roots
 * (bisection on Q) are found to full double precision, the upper end of the search doubled
 * until it brackets the root:
 * there is no cap, where metafor searches [0, max(100, 10·τ̂²)] by default (and reports
 * "> 100" beyond; the fixture widens it to 1e8) with `uniroot(tol = 1.2e-4)` (the fixture
 * tightens it). τ, I² and H² limits are transformed from the τ² limits with ṽ.
 */
export interface Tau2Interval {
    tau2: [number, number];
    tau: [number, number];
    /**
     * 100·τ²/(ṽ + τ²) at the limits.
     */
    i2: [number, number];
    /**
     * τ²/ṽ + 1 at the limits.
     */
    h2: [number, number];
    /**
     * Q(0) below the lower α/2 quantile of χ²_{k−1}: both limits 0.
     */
    nullSet: boolean;
}

/**
 * RMST of one arm.
 */
export interface RmstArm {
    group: number;
    n: number;
    /**
     * Events at or before τ.
     */
    nEvent: number;
    /**
     * μ̂(τ) (SAS "RMST Estimates: Estimate").
     */
    rmst: number;
    /**
     * √Var μ̂(τ) (SAS "Standard Error").
     */
    se: number;
    lower: number;
    upper: number;
    /**
     * Restricted mean time lost τ − μ̂(τ) (same standard error).
     */
    rmtl: number;
}

/**
 * Rescue frequency per time interval.
 */
export interface IntervalOptions {
    /**
     * Cut points in hours, increasing; intervals [cᵢ, cᵢ₊₁), the last one closed.
     */
    cuts?: number[];
    /**
     * Count opioid (narcotic) rescue only.
     */
    opioidOnly?: boolean;
}

/**
 * Rescue in one time interval, compared between arms, with adjusted Fisher p-values.
 */
export interface IntervalTest {
    from: number;
    to: number;
    comparison: BinaryComparison;
    /**
     * Fisher p adjusted over the intervals (R `p.adjust`).
     */
    pBonferroni: number | null;
    pHolm: number | null;
    pHochberg: number | null;
    pBh: number | null;
}

/**
 * Rescue medication in the window: any use (the co-primary endpoint), the number of
 * administrations and the total morphine equivalents.
 */
export interface RescueComparison {
    any: BinaryComparison;
    count: ShiftComparison;
    /**
     * Total MME per subject; not evaluable when the MME of any counted administration of the
     * two arms is unknown (the error gives the count).
     */
    mme: Stat<ShiftComparison>;
    /**
     * Every interval for two proportions (risk difference, risk ratio, odds ratio) of rescue
     * use, with its SAS and R names, and the Miettinen–Nurminen score test.
     */
    intervals: Stat<TwoProportionIntervals>;
    /**
     * Totals over the active arm's subjects.
     */
    activeTotals: RescueTotals;
    /**
     * Totals over the reference arm's subjects.
     */
    referenceTotals: RescueTotals;
}

/**
 * Rescue medication summed over one arm's subjects (counted administrations in the window).
 */
export interface RescueTotals {
    subjects: number;
    /**
     * Subjects with at least one counted administration.
     */
    rescued: number;
    /**
     * Counted administrations (doses), all drugs.
     */
    administrations: number;
    /**
     * Sum of the subjects' total MME; `None` when the MME of a counted administration is
     * unknown (see `mme`).
     */
    totalMme: number | null;
}

/**
 * Responders: subjects whose time-weighted average pain fell by at least `threshold`
 * (a fraction) from baseline, (baseline − TWA)/baseline ≥ threshold; subjects without a
 * positive baseline or without a TWA are left out.
 */
export interface ResponderComparison {
    threshold: number;
    comparison: BinaryComparison;
    /**
     * Every interval for two proportions of the responder rates, with the
     * Miettinen–Nurminen score test.
     */
    intervals: Stat<TwoProportionIntervals>;
}

/**
 * Result of Fisher's exact test on a 2×2 table.
 */
export interface Fisher {
    /**
     * Two-sided p-value (R's rule: tables at most as probable as the observed one).
     */
    pValue: number;
    /**
     * One-sided p, alternative "odds ratio < 1": P(X ≤ a).
     */
    pLess: number;
    /**
     * One-sided p, alternative "odds ratio > 1": P(X ≥ a).
     */
    pGreater: number;
    /**
     * Conditional maximum-likelihood odds ratio (R's `estimate`): 0 when a is at the lower end
     * of its support, +∞ at the upper end; NaN when a margin is zero (R reports 0 there).
     */
    oddsRatio: number;
    /**
     * Exact conditional confidence interval for the odds ratio (`[0, +∞]` when a margin is 0).
     */
    confInt: [number, number];
    /**
     * Confidence level of `conf_int` (two-sided, α/2 in each tail).
     */
    confLevel: number;
    /**
     * Sample (unconditional) odds ratio ad / (bc), SAS PROC FREQ's default estimate: +∞ when
     * bc = 0 < ad, NaN when ad = bc = 0.
     */
    sampleOddsRatio: number;
    /**
     * Caveats (a zero margin).
     */
    warnings: string[];
}

/**
 * Result of Pearson's χ² test of independence in a 2×2 table.
 */
export interface ChiSquare {
    /**
     * Σ (|O − E| − Y)² / E.
     */
    statistic: number;
    /**
     * Degrees of freedom (always 1).
     */
    df: number;
    /**
     * P(χ²₁ ≥ statistic).
     */
    pValue: number;
    /**
     * Whether Yates' continuity correction was requested.
     */
    correct: boolean;
    /**
     * The correction applied, Y = min(0.5, |O − E|) (0 without correction).
     */
    yates: number;
    /**
     * Expected counts under independence, `[[E_a, E_b], [E_c, E_d]]`, E = row · column / N.
     */
    expected: [[number, number], [number, number]];
    /**
     * Caveats, e.g. R's "Chi-squared approximation may be incorrect" when an expected count
     * is below 5.
     */
    warnings: string[];
}

/**
 * Result of [`chisq_k2`].
 */
export interface ChiSquareK2 {
    /**
     * X² = Σ (|O − E| − Y)² / E over the 2k cells.
     */
    statistic: number;
    /**
     * Degrees of freedom, k − 1.
     */
    df: number;
    /**
     * P(χ²_{k−1} ≥ X²).
     */
    pValue: number;
    /**
     * Whether Yates' correction was requested (it applies only when k = 2, as in R).
     */
    correct: boolean;
    /**
     * The correction applied, Y = min(0.5, |O − E|) for k = 2 with `correct`, else 0.
     */
    yates: number;
    /**
     * Expected counts `[events, non-events]` per arm, E = nᵢ·X/N and nᵢ·(N − X)/N.
     */
    expected: [number, number][];
    /**
     * R's "Chi-squared approximation may be incorrect" when an expected count is below 5.
     */
    warnings: string[];
}

/**
 * Result of [`cmh_test`].
 */
export interface Cmh {
    /**
     * Mantel–Haenszel χ², (|Δ| − Y)² / V.
     */
    statistic: number;
    /**
     * Degrees of freedom (always 1).
     */
    df: number;
    /**
     * Two-sided p-value, P(χ²₁ ≥ statistic).
     */
    pValue: number;
    /**
     * Whether the continuity correction was requested.
     */
    correct: boolean;
    /**
     * The correction applied: 0.5 when requested and |Δ| ≥ 0.5, else 0 (R's rule).
     */
    yates: number;
    /**
     * Δ = Σ_k (a_k − E a_k) = Σ_k (a_k d_k − b_k c_k)/n_k (positive: more active events).
     */
    delta: number;
    /**
     * V = Σ_k r1 r2 c1 c2 / (n_k² (n_k − 1)), the null variance of Σ a_k.
     */
    variance: number;
    /**
     * Mantel–Haenszel common odds ratio Σ(a d/n) / Σ(b c/n): 0 or +∞ at the boundary, NaN when
     * both sums are 0.
     */
    oddsRatio: number;
    /**
     * Confidence interval exp(ln OR ∓ z·SE), SE by Robins, Breslow & Greenland (1986);
     * `[NaN, NaN]` when the odds ratio is 0, +∞ or NaN (as R).
     */
    confInt: [number, number];
    confLevel: number;
    /**
     * SE of ln(OR_MH) (Robins–Breslow–Greenland).
     */
    logOddsRatioSe: number;
    /**
     * Breslow–Day test of a common odds ratio (SAS PROC FREQ's default line); `None` when
     * fewer than two strata have all margins positive or the odds ratio is 0, ∞ or undefined.
     */
    breslowDay: Homogeneity | null;
    /**
     * Breslow–Day with Tarone's correction (SAS `CMH(BDT)`, `DescTools::BreslowDayTest(correct
     * = TRUE)`).
     */
    breslowDayTarone: Homogeneity | null;
    /**
     * Woolf's test as `vcd::woolf_test`; `None` with fewer than two strata.
     */
    woolf: Homogeneity | null;
    /**
     * Strata used (at least 2 subjects each).
     */
    strataUsed: number;
    /**
     * Strata left out because they have fewer than 2 subjects.
     */
    strataDropped: number;
    warnings: string[];
}

/**
 * Result of [`cox_ph`].
 */
export interface CoxPh {
    ties: CoxTies;
    confLevel: number;
    reference: number;
    n: number;
    nEvent: number;
    /**
     * The group indicators (groups other than the reference, ascending), then the covariates.
     */
    coefficients: CoxCoefficient[];
    /**
     * Covariance matrix of the coefficients (inverse information), in the same order.
     */
    var: number[][];
    /**
     * Log partial likelihood at β = 0.
     */
    loglikNull: number;
    /**
     * Log partial likelihood at β̂.
     */
    loglik: number;
    /**
     * Likelihood-ratio test 2(ℓ(β̂) − ℓ(0)).
     */
    lrTest: ChiSqTest;
    /**
     * Wald test β̂ᵀ V⁻¹ β̂.
     */
    waldTest: ChiSqTest;
    /**
     * Score (log-rank) test U(0)ᵀ I(0)⁻¹ U(0).
     */
    scoreTest: ChiSqTest;
    /**
     * Newton–Raphson iterations used.
     */
    iterations: number;
    /**
     * Number of strata (1 when unstratified).
     */
    nStrata: number;
    /**
     * Subjects and events per stratum, labels ascending; empty when unstratified.
     */
    strata: CoxStratum[];
    /**
     * The stopping rule used.
     */
    convergence: CoxConvergence;
    /**
     * Stated facts about the fit that do not prevent it (e.g. a stratum without events).
     */
    notes: string[];
}

/**
 * Result of [`fisher_sample_size`].
 */
export interface FisherSampleSize {
    /**
     * The smallest n_c (scanning upward from 1) with power ≥ target.
     */
    smallest: SampleSize;
    /**
     * The smallest n_c from which every n_c up to `checked_up_to` has power ≥ target (the
     * exact power saw-tooths, so a slightly larger n_c can fall below the target again).
     */
    stableNControl: number;
    /**
     * Largest n_c examined: min(600, ⌈1.25·n_smallest⌉ + 10).
     */
    checkedUpTo: number;
}

/**
 * Result of [`kruskal_wallis`].
 */
export interface KruskalWallis {
    /**
     * Tie-corrected H (R's "Kruskal-Wallis chi-squared").
     */
    statistic: number;
    /**
     * Degrees of freedom, k − 1.
     */
    df: number;
    /**
     * P(χ²_{k−1} ≥ H).
     */
    pValue: number;
    /**
     * Group sizes nᵢ, in the order given.
     */
    groupSizes: number[];
    /**
     * Mean rank R̄ᵢ of each group in the pooled sample (midranks for ties).
     */
    meanRanks: number[];
    /**
     * Tie correction factor C = 1 − Σ(t³ − t)/(n³ − n) (1 without ties).
     */
    tieCorrection: number;
}

/**
 * Result of [`log_rank`].
 */
export interface LogRank {
    /**
     * Subjects per group.
     */
    n: number[];
    /**
     * Observed events per group (summed over strata).
     */
    observed: number[];
    /**
     * Expected events per group under equal hazards (summed over strata).
     */
    expected: number[];
    /**
     * Covariance matrix of observed − expected (k × k, summed over strata; R's `var`).
     */
    variance: number[][];
    /**
     * χ² statistic (O − E)ᵀ V⁻ (O − E).
     */
    statistic: number;
    /**
     * Degrees of freedom: the number of groups with expected > 0, minus 1.
     */
    df: number;
    /**
     * P(χ²_df > statistic), from the upper tail.
     */
    pValue: number;
    /**
     * Number of strata (1 when unstratified).
     */
    nStrata: number;
}

/**
 * Result of [`one_way_anova`]: the F test and the ANOVA table.
 */
export interface OneWayAnova {
    /**
     * F = MS_between / MS_within.
     */
    statistic: number;
    /**
     * Numerator degrees of freedom, k − 1.
     */
    df1: number;
    /**
     * Denominator degrees of freedom, n − k.
     */
    df2: number;
    /**
     * P(F_{k−1, n−k} ≥ F).
     */
    pValue: number;
    /**
     * Σ nᵢ (ȳᵢ − ȳ)².
     */
    ssBetween: number;
    /**
     * Σᵢ Σⱼ (yᵢⱼ − ȳᵢ)².
     */
    ssWithin: number;
    msBetween: number;
    msWithin: number;
    /**
     * Group means ȳᵢ, in the order given.
     */
    means: number[];
    groupSizes: number[];
}

/**
 * Result of [`rmst`].
 */
export interface Rmst {
    /**
     * The truncation time used.
     */
    tau: number;
    /**
     * Whether τ was given (`false`: the data's default).
     */
    tauGiven: boolean;
    confLevel: number;
    reference: number;
    /**
     * One entry per arm, in group order.
     */
    arms: RmstArm[];
    /**
     * Each non-reference arm against the reference, ascending.
     */
    contrasts: RmstContrast[];
    /**
     * Wald test of equal RMSTs on k − 1 df (SAS "RMST Test of Equality"); `None` when its
     * covariance is singular (no events before τ in the reference and another arm).
     */
    test: ChiSqTest | null;
}

/**
 * Result of [`stratified_wilcoxon`].
 */
export interface StratifiedWilcoxon {
    /**
     * T = Σ w_k S_k.
     */
    statistic: number;
    /**
     * E₀(T) = Σ w_k E₀(S_k).
     */
    expected: number;
    /**
     * Var₀(T) = Σ w_k² Var₀(S_k).
     */
    variance: number;
    /**
     * z = (T − E₀T)/√Var₀(T) (positive: active values tend to be larger), no continuity
     * correction.
     */
    z: number;
    /**
     * Two-sided p-value 2·P(Z > |z|).
     */
    pValue: number;
    options: StratifiedWilcoxonOptions;
    /**
     * Per stratum, in the order given (empty strata included, with zeros).
     */
    strata: WilcoxonStratum[];
    /**
     * Number of strata with values in both arms (the others contribute nothing).
     */
    informativeStrata: number;
    warnings: string[];
}

/**
 * Result of [`welch_anova`].
 */
export interface WelchAnova {
    /**
     * Welch's F statistic.
     */
    statistic: number;
    /**
     * Numerator degrees of freedom, k − 1.
     */
    df1: number;
    /**
     * Denominator degrees of freedom (fractional), 1/(3·tmp).
     */
    df2: number;
    /**
     * P(F_{df1, df2} ≥ F).
     */
    pValue: number;
}

/**
 * Result of [`wilcoxon_exact_conditional`].
 */
export interface ExactWilcoxon {
    /**
     * Mann–Whitney `W` of the active arm with midranks (R's `statistic`).
     */
    statistic: number;
    /**
     * Rank sum `T` of the active arm (midranks; coin's linear statistic; SAS's `S` when the
     * active arm is the class SAS reports).
     */
    rankSum: number;
    /**
     * `E T = n_x (N + 1)/2`.
     */
    expectedRankSum: number;
    /**
     * Permutation standard deviation of `T` (tie-corrected).
     */
    sdRankSum: number;
    /**
     * `(T − E T)/sd` (coin's standardised statistic; no continuity correction).
     */
    z: number;
    alternative: Alternative;
    /**
     * Exact conditional p-value for `alternative`.
     */
    pValue: number;
    /**
     * `P(T = t)` under the permutation distribution.
     */
    pointProbability: number;
    /**
     * Hodges–Lehmann estimate, median of all differences active − reference.
     */
    hlEstimate: number;
    /**
     * coin's exact confidence interval (NaN where coin returns NA, ±∞ for one-sided bounds).
     */
    confInt: [number, number];
    /**
     * SAS's exact limits (`EXACT HL`; two-sided only, `None` for one-sided alternatives):
     * `(D₍C₎, D₍n_x n_y + 1 − C₎)` with `C = ⌊w*⌋ + 1`, `w*` the largest support point of the
     * permutation distribution of the Mann–Whitney count `W_s` of the smaller arm (the active
     * arm if the sizes are equal) with `P(W_s ≤ w*) ≤ α/2`; NaN when there is none. Both limits
     * come from the *lower* tail, mirrored; coin takes the upper limit from the upper tail
     * (`q_hi`), so with ties (an asymmetric distribution) the two can differ. This rule is
     * inferred, not documented: it reproduces the three published SAS outputs we have (SAS/STAT
     * User's Guide NPAR1WAY Example "Hodges-Lehmann Estimation", 98 % exact limits (0.00, 1.33)
     * where coin gives (0.00, 0.82); CAMIS SAS/ranksum.qmd birth weights (−0.76, −0.10) and
     * SAS/nparestimate.qmd (−0.22, 1.082), both equal to coin's). Whether `⌊w*⌋` or `⌈w*⌉` is
     * SAS's rounding when `w*` is a half-integer is not established by these examples.
     */
    confIntSas: [number, number] | null;
    /**
     * Number of distinct values (tie groups) of the pooled sample.
     */
    tieGroups: number;
    warnings: string[];
}

/**
 * Result of [`wilcoxon_rank_sum`].
 */
export interface Wilcoxon {
    /**
     * Mann–Whitney `W` of the active arm (R's `statistic`).
     */
    statistic: number;
    /**
     * p-value for `alternative` (two-sided by default).
     */
    pValue: number;
    /**
     * The alternative hypothesis of `p_value` and `conf_int`.
     */
    alternative: Alternative;
    /**
     * The method actually used: `Exact` or `Normal` (never `Auto`).
     */
    method: WilcoxonMethod;
    /**
     * Standardised statistic of the normal approximation (with the continuity correction when
     * requested); `None` for the exact test.
     */
    z: number | null;
    /**
     * Hodges–Lehmann estimate, median of all differences active − reference.
     */
    hlEstimate: number;
    /**
     * Confidence interval for the location shift active − reference; one-sided alternatives
     * give a bound with the other end infinite (`Greater`: `(l, +∞)`, `Less`: `(−∞, u)`).
     */
    confInt: [number, number];
    /**
     * Exact case: the confidence level the interval actually has, `1 − 2·P(W ≤ q − 1)`
     * (one-sided: `1 − P(W ≤ q − 1)`).
     */
    achievedConfLevel: number | null;
    /**
     * Warnings, with R's wording where R warns.
     */
    warnings: string[];
}

/**
 * Result of a permutation test.
 */
export interface PermutationTest {
    endpoint: PermutationEndpoint;
    method: PermutationMethod;
    /**
     * Observed `T = ȳ_active − ȳ_reference` (or `p̂_active − p̂_reference`).
     */
    statistic: number;
    /**
     * `E(T)` under the permutation distribution (0 without strata).
     */
    expected: number;
    nActive: number;
    nReference: number;
    /**
     * Strata with both arms (only those are permuted).
     */
    strata: number;
    /**
     * Number of distinct assignments `∏ₖ C(nₖ, n₁ₖ)` (may be huge; `inf` beyond f64).
     */
    assignments: number;
    /**
     * Monte Carlo: `B`; exact: the assignments enumerated (0 for the binary convolution).
     */
    replicates: number;
    /**
     * The tie tolerance `√ε·σ` on the scale of `S`.
     */
    tolerance: number;
    twoSided: PermutationPValue;
    /**
     * Alternative "active above reference" (`T` large).
     */
    greater: PermutationPValue;
    less: PermutationPValue;
}

/**
 * Result of a two-sample t-test, with the fields of R's `htest` object.
 */
export interface TTest {
    /**
     * mean(x) − mean(y).
     */
    estimate: number;
    meanX: number;
    meanY: number;
    /**
     * Standard error of the difference (R's `stderr`).
     */
    stdErr: number;
    /**
     * t = estimate / std_err.
     */
    statistic: number;
    /**
     * Degrees of freedom: n₁ + n₂ − 2 (Student) or Welch–Satterthwaite (fractional).
     */
    df: number;
    pValue: number;
    /**
     * Confidence interval for μx − μy; one-sided tests have an infinite bound (serialised as
     * `null` by serde_json).
     */
    confInt: [number, number];
    confLevel: number;
}

/**
 * Risk difference with confidence intervals.
 */
export interface RiskDifference {
    /**
     * p₁ − p₂.
     */
    estimate: number;
    /**
     * Active-arm risk a / n₁.
     */
    p1: number;
    /**
     * Reference-arm risk c / n₂.
     */
    p2: number;
    /**
     * Wald standard error √(p₁q₁/n₁ + p₂q₂/n₂).
     */
    se: number;
    confLevel: number;
    /**
     * Wald interval d ± z·se (SAS `RISKDIFF` default, `CL=WALD`); not truncated to [−1, 1].
     */
    wald: [number, number];
    /**
     * Wald interval with continuity correction d ± (z·se + (1/n₁ + 1/n₂)/2) (SAS's corrected
     * Wald limits, `CORRECT` risk-difference option); not truncated to [−1, 1].
     */
    waldCc: [number, number];
    /**
     * Newcombe hybrid score interval (Newcombe 1998, method 10; SAS `CL=NEWCOMBE`).
     */
    newcombe: [number, number];
    /**
     * Wilson score interval for p₁ (without continuity correction).
     */
    wilson1: [number, number];
    /**
     * Wilson score interval for p₂.
     */
    wilson2: [number, number];
    /**
     * Caveats (degenerate or out-of-range Wald limits).
     */
    warnings: string[];
}

/**
 * Separate two-sample tests of the pain endpoint within each level of a subgroup variable.
 */
export interface SubgroupTests {
    subgroup: string;
    reference: string;
    /**
     * Subjects with a pain value but no level of the subgroup variable (left out).
     */
    missing: number;
    /**
     * Levels in the interaction model's (byte) order, each active arm in input order.
     */
    levels: SubgroupTest[];
}

/**
 * Several arms (three or more): global tests and adjusted pairwise p-values.
 */
export interface MultiArm {
    kruskalWallis: Stat<KruskalWallis>;
    anova: Stat<OneWayAnova>;
    welchAnova: Stat<WelchAnova>;
    /**
     * Rescue use, k × 2 χ².
     */
    rescueChisq: Stat<ChiSquareK2>;
    adjusted: AdjustedP[];
}

/**
 * Simulation settings shared by the simulated powers.
 */
export interface SimSettings {
    /**
     * Number of simulated trials R (default 2000, at most 200 000).
     */
    replicates?: number;
    /**
     * Seed of the generator (default 20261206).
     */
    seed?: number;
}

/**
 * Something the input layer decided for the user, in words, with its count.
 */
export interface InputNote {
    table: Table;
    /**
     * A short code: `population`, `subset`, `param`, `derived`, `rowFilter`, `baselineRows`,
     * `beforeOrigin`, `timepoints`, `timeSource`, `excludedTimepoint`.
     */
    code: string;
    message: string;
    /**
     * Rows or subjects concerned.
     */
    count: number;
}

/**
 * Something the reader of the results must know: an assumption the analysis made, or a part
 * of the data it could not use.
 */
export interface ReportWarning {
    /**
     * Stable identifier, e.g. `windowBeyondData`, `carriedBeyondLastScore`.
     */
    code: string;
    /**
     * In words, with the count.
     */
    message: string;
    /**
     * Number of subjects (or events, as the message says) concerned.
     */
    count: number;
}

/**
 * Something worth knowing that does not stop the analysis.
 */
export interface InputWarning {
    table: Table;
    message: string;
}

/**
 * Standardised risk of one arm.
 */
export interface MarginalRisk {
    arm: string;
    /**
     * Subjects randomised to the arm and their events.
     */
    n: number;
    events: number;
    /**
     * p̂_a = mean over all subjects of the predicted risk with the arm set to a.
     */
    risk: number;
    /**
     * Ge (model-based delta method) SE.
     */
    stdErrGe: number;
    /**
     * Ye (robust) SE.
     */
    stdErrYe: number;
}

/**
 * Stopping rule of the Newton–Raphson iteration.
 */
export type CoxConvergence = "rounding" | "r";

/**
 * Stratified analyses (CMH for rescue use, van Elteren for the pain endpoint).
 */
export interface StrataOptions {
    /**
     * Subjects-table column whose levels are the strata (e.g. centre); none = no stratified
     * analysis.
     */
    column?: string | null;
    /**
     * CMH continuity correction: on as R's `mantelhaen.test` (default), off as SAS's
     * PROC FREQ CMH.
     */
    cmhCorrect?: boolean;
    vanElteren?: StratifiedWilcoxonOptions;
}

/**
 * Stratified tests of one comparison.
 */
export interface Stratified {
    column: string;
    /**
     * Rescue use: Cochran-Mantel-Haenszel test and common odds ratio.
     */
    cmh: Stat<Cmh>;
    /**
     * Pain endpoint: van Elteren stratified Wilcoxon test.
     */
    vanElteren: Stat<StratifiedWilcoxon>;
    /**
     * The strata's labels, in natural order (the order of `riskDifference.strata`).
     */
    levels: string[];
    /**
     * Rescue use: the common risk difference (Mantel–Haenszel with Sato's variance, the
     * stratified Miettinen–Nurminen score interval, SAS's summary score) and each stratum's
     * rates, risk difference and odds ratio.
     */
    riskDifference: Stat<CommonRiskDifference>;
}

/**
 * Stratum weights of the stratified Wilcoxon test.
 */
export type StratumWeights = "vanElteren" | "equal";

/**
 * Subjects and events of one stratum of a stratified fit.
 */
export interface CoxStratum {
    /**
     * The stratum's label as given in `strata`.
     */
    label: number;
    n: number;
    nEvent: number;
}

/**
 * The ICH E9(R1) estimand strategy for the intercurrent event "rescue medication taken" that
 * a post-rescue rule implements (ICH E9(R1), 2019, section A.3.2; for acute pain, see
 * "Application of hypothetical strategies in acute pain", Pharmaceutical Statistics):
 * scores as recorded → treatment policy; windowed LOCF/BOCF → hypothetical (the pain had no
 * rescue been taken, assumed to stay at the last score, or to return to baseline); LOCF to the
 * window end → while on treatment (only the scores before the first rescue count); WOCF →
 * composite (taking rescue is made an unfavourable outcome: the worst score so far).
 */
export type EstimandStrategy = "treatmentPolicy" | "hypothetical" | "whileOnTreatment" | "composite";

/**
 * The MME conversion table and how to use it; editable on the page, its version shown in the
 * results.
 */
export interface MmeOptions {
    /**
     * Take an administration's MME from the table's MME column when it is given.
     */
    useColumn?: boolean;
    /**
     * Name of the factor table, shown with the results.
     */
    version?: string;
    /**
     * Drug name → MME per unit of dose (mg).
     */
    factors?: Record<string, number>;
}

/**
 * The alternative hypothesis about the shift of the active arm `x` relative to the reference
 * arm `y` (R's `alternative`): for the t-tests μx − μy, for the Wilcoxon tests the location
 * shift (`stats::wilcoxon`, `stats::wilcoxon_exact`). One-sided p-values are the tail in the
 * stated direction, whatever the sign of the observed statistic (R, coin); SAS prints the tail in
 * the direction of the observed statistic instead.
 */
export type Alternative = "twoSided" | "less" | "greater";

/**
 * The analysis window [start, end] in hours from the time origin (default 4–24 h, the seed
 * trial's window).
 */
export interface Window {
    start: number;
    end: number;
}

/**
 * The baseline characteristics table ("Table 1"): each described variable by arm and overall
 * over the analysed population, with the standardized difference of each active arm against
 * the reference arm (numeric: (mean_a − mean_r)/√((s_a² + s_r²)/2), Austin 2009, signed;
 * categorical: Yang & Dalton 2012 over the level proportions, never negative). Columns are
 * described as entered (a banded column by its numbers).
 */
export interface BaselineTable {
    /**
     * The arms with their numbers of subjects in the analysed population, in the order of
     * the report's `arms` (the order of every per-arm list below).
     */
    arms: ArmInfo[];
    /**
     * Subjects in all arms (the "overall" column).
     */
    n: number;
    /**
     * The reference arm of the standardized differences.
     */
    reference: string;
    /**
     * The active arm of each standardized difference, in the order of every `smd` list: each
     * against `reference` (the order of the report's `comparisons`).
     */
    smdArms: string[];
    variables: BaselineVariable[];
}

/**
 * The co-primary decision for one active arm.
 */
export interface Verdict {
    /**
     * The decision framework applied, in words, with its reference.
     */
    framework: string;
    /**
     * The multiplicity rule over several active arms used for this decision, in words
     * ("none needed: one active arm", "Holm over the 2 active arms, per endpoint", …).
     */
    multiplicity: string;
    alpha: number;
    /**
     * The unadjusted p-value of the pain test (the one `pain.p_decision` derives from).
     */
    painP: number | null;
    /**
     * Significant at α after the multiplicity rule (`pain.p_decision < α`).
     */
    painSignificant: boolean;
    painFavoursActive: boolean;
    rescueP: number | null;
    rescueSignificant: boolean;
    rescueFavoursActive: boolean;
    /**
     * Both endpoints significant at α (after the multiplicity rule) in favour of the active arm.
     */
    success: boolean;
    /**
     * Whether both endpoints could be tested; when false the co-primary decision could not be
     * made (neither met nor failed) and `text` says why.
     */
    assessable: boolean;
    /**
     * The pain endpoint: effect, interval, test and decision.
     */
    pain: EndpointDecision;
    /**
     * Rescue-medication use: the two proportions, their difference, test and decision.
     */
    rescue: EndpointDecision;
    /**
     * One sentence for a reader who is not a statistician.
     */
    summary: string;
    /**
     * The decision with each endpoint's numbers, in words.
     */
    text: string;
}

/**
 * The conditional log odds ratio of one active arm along the moderator.
 */
export interface LogisticModeratorCurve {
    arm: string;
    /**
     * The interaction coefficient β̂_arm:v (change of the log OR per unit of v).
     */
    slope: ZEstimate;
    points: LogisticModeratorPoint[];
    /**
     * Values where a pointwise limit of θ(v) crosses 0 (Johnson–Neyman points), ascending.
     */
    johnsonNeyman: number[];
}

/**
 * The curve at a requested time (R's `summary(fit, times, extend = TRUE)`).
 */
export interface KmAtTime {
    time: number;
    /**
     * Number at risk at `time` (observed time ≥ `time`); 0 after the last time.
     */
    nRisk: number;
    /**
     * Events in (previous requested time, `time`] (the first interval starts at −∞).
     */
    nEvent: number;
    /**
     * Censorings in the same interval.
     */
    nCensor: number;
    /**
     * S(time) (1 before the first time).
     */
    surv: number;
    /**
     * Greenwood SE of S at `time`.
     */
    stdErr: number | null;
    lower: number | null;
    upper: number | null;
    /**
     * `false` only with [`KmConvention::Sas`] for a time after the group's largest observed
     * time when S there is > 0 (that time censored): SAS LIFETEST prints the estimate as
     * missing ("NE"), and `std_err`, `lower`, `upper` are `None`; `surv` then keeps R's
     * carried-forward value and must not be shown as an estimate.
     */
    estimable: boolean;
    /**
     * Events at or before `time` (SAS's "Number Failed" in the `TIMELIST` table).
     */
    nEventCum: number;
    /**
     * Subjects whose time is after `time` (SAS's "Number Left").
     */
    nLeft: number;
}

/**
 * The effect of one active arm at one value of the moderator.
 */
export interface ModeratorPoint extends TEstimate {
    /**
     * Moderator value v.
     */
    value: number;
    /**
     * Whether v was requested by the caller (otherwise a grid point).
     */
    user: boolean;
}

/**
 * The endpoint's type.
 */
export type PermutationEndpoint = "meanDifference" | "riskDifference";

/**
 * The field separator of a text table.
 */
export type Delimiter = "comma" | "semicolon" | "tab";

/**
 * The inverse-variance fixed-effect (common-effect) pool: metafor `rma(yi, sei = sei,
 * method = "FE")` (= `"EE"`), wᵢ = 1/vᵢ.
 */
export interface FixedEffect {
    estimate: number;
    se: number;
    /**
     * z = μ̂/se.
     */
    z: number;
    /**
     * 2·P(Z > |z|).
     */
    pValue: number;
    /**
     * μ̂ ± z₁₋α/₂·se.
     */
    ci: [number, number];
    /**
     * Study weights in percent, 100·wᵢ/W (metafor `weights()`).
     */
    weights: number[];
}

/**
 * The joint sample size for both endpoints with one rescue test.
 */
export interface JointPlan {
    method: string;
    size: Stat<JointSize>;
}

/**
 * The methods section of a statistical report (or an appendix of the statistical analysis
 * plan), generated from the settings the analysis used: software and version, analysis
 * window, endpoint definitions, imputation rules in their order, reference arm, the tests
 * with their options, the co-primary decision rule, and the further analyses that ran, each
 * statement naming the R function it agrees with, e.g. "(R: wilcox.test)". Plain text in the
 * past tense; join the paragraphs with a blank line to paste them into a document.
 */
export interface Methods {
    /**
     * Paragraphs in order, each one `<p>` on a page.
     */
    paragraphs: string[];
}

/**
 * The multiplicity rule over the active arms of a trial with three or more arms, applied to
 * each co-primary endpoint's p-values of the k − 1 comparisons with the reference (R
 * `p.adjust`); the co-primary pair itself needs none (intersection–union test).
 */
export type ArmMultiplicity = "holm" | "bonferroni" | "none";

/**
 * The options the analysis actually used: the caller's options with every default filled in,
 * and what the analysis derived written into them: `window` as validated and `referenceArm`
 * always set, to the arm given or to the one chosen by default. Serialises as those options
 * (the same keys; a valid options object that repeats the analysis).
 */
export type Settings = Options;

/**
 * The pain profile of one arm: one point per assessment time at which a subject of the arm has
 * a row in the pain table (missing score or not), in time order. Both series have the same
 * times.
 */
export interface ArmProfile {
    arm: string;
    /**
     * Scores as entered (missing scores left out).
     */
    observed: ProfilePoint[];
    /**
     * Values used for the AUC after the imputation rules (equal to `observed` when no rule is
     * on); points the rules add at times without a row (window ends, dropout point) are not
     * included.
     */
    analysed: ProfilePoint[];
}

/**
 * The pain scale. Scores outside `[min, max]` are input errors.
 */
export interface Scale {
    min: number;
    max: number;
}

/**
 * The pain scale: declared, or inferred from the largest score.
 *
 * JSON: `"infer"`, `"nrs"`, `"vas"` or `{ "custom": { "min": 0, "max": 4 } }`.
 */
export type ScaleChoice = "infer" | "nrs" | "vas" | { custom: { min: number; max: number } };

/**
 * The part of a job one worker computed: its blocks' permutation counts (summed) and bootstrap
 * replicates (in block order), per test and statistic.
 */
export interface ResamplingPart {
    from: number;
    to: number;
    /**
     * Pain endpoint, mean difference; absent when the test is exact or not evaluable.
     */
    pain: PermutationCounts | null;
    /**
     * Replicates of the mean difference, Hodges–Lehmann shift, risk difference and log odds
     * ratio, in that order (empty when not evaluable).
     */
    bootstrap: number[][];
}

/**
 * The plan.
 */
export interface Planning {
    options: PlanningOptions;
    alpha: number;
    targetPower: number;
    /**
     * The population the data come from (the subset conditions), in words.
     */
    population: string;
    inputs: PlanningInputs;
    single: SinglePlan[];
    joint: JointPlan[];
    assurance: Stat<AssuranceAt>;
    curves: PowerCurve[];
    /**
     * The reference-arm size proposed for the simulation (the joint normal-approximation n).
     */
    simulationN: number | null;
    /**
     * The plan in a sentence, for the methods text.
     */
    summary: string;
    /**
     * The methods paragraph: where each input comes from and how each size is computed.
     */
    methods: string;
    notes: string[];
}

/**
 * The primary comparison under one set of imputation rules (a row of the sensitivity table).
 */
export interface SensitivityRow {
    /**
     * The rule in words, e.g. "wWOCF, 6 h after each rescue".
     */
    label: string;
    /**
     * Whether these are the rules of the main analysis.
     */
    primary: boolean;
    /**
     * The ICH E9(R1) strategy for rescue (an intercurrent event) that the rules implement.
     */
    estimand: EstimandStrategy;
    imputation: ImputationOptions;
    pain: PainComparison;
}

/**
 * The residual (SAS "Error") row.
 */
export interface ResidualRow {
    df: number;
    sumSq: number;
    meanSq: number;
}

/**
 * The result of [`meta_analysis`].
 */
export interface MetaAnalysis {
    k: number;
    confLevel: number;
    fixed: FixedEffect;
    heterogeneity: Heterogeneity;
    /**
     * DerSimonian–Laird: τ² = max(0, (Q − (k − 1))/(W − Σwᵢ²/W)), wᵢ = 1/vᵢ (metafor
     * `method = "DL"`).
     */
    dersimonianLaird: RandomEffects;
    /**
     * REML τ² (Viechtbauer 2005; metafor `method = "REML"`, its default) by metafor's Fisher
     * scoring τ² ← τ² + (yᵀPPy − tr P)/tr(PP), P = W − wwᵀ/W, from the Hedges estimate,
     * halving steps that would make τ² negative, run to |Δτ²| ≤ 1e-13·(τ² + ṽ) (metafor's
     * default threshold is 1e-5; the fixture uses `control = list(threshold = 1e-12, maxiter
     * = 1000)`), at most [`REML_MAX_ITER`] steps. Where Fisher scoring does not converge
     * (metafor stops with an error) the score equation yᵀPPy = tr P is solved by bisection,
     * with a warning (= metafor with `control = list(stepadj = 0.5)`). A boundary solution
     * reached by halving is exactly 0 here (metafor: the last halved value, below its
     * threshold). `None` (with a warning) only when the score equation cannot be bracketed.
     */
    reml: RandomEffects | null;
    /**
     * Q-profile interval for τ² (shared by both random-effects models).
     */
    tau2Ci: Tau2Interval;
    warnings: string[];
}

/**
 * The statistic bootstrapped.
 */
export type BootStatistic = "meanDifference" | "hodgesLehmann" | "riskDifference" | "oddsRatio";

/**
 * The subjects of one comparison, one entry per subject in every list (the subjects table's
 * order).
 */
export interface ResamplingData {
    active: string;
    reference: string;
    /**
     * The pain endpoint's name (`auc`, `twa`, `spid`).
     */
    endpoint: PainEndpoint;
    /**
     * Whether the subject is in the active arm.
     */
    isActive: boolean[];
    /**
     * The primary pain endpoint; NaN when the subject has none (left out of the pain tests).
     */
    pain: number[];
    /**
     * Rescue use in the window: 1 yes, 0 no, 2 not evaluable (see `rescueProblem`).
     */
    rescue: number[];
    /**
     * Baseline pain; NaN when missing.
     */
    baseline: number[];
    /**
     * Stratum code (index into `strata`); 0 for all when no stratum column is set, and
     * `u32::MAX` for a subject without a stratum value.
     */
    stratum: number[];
    /**
     * The stratum column's levels (the option `strata.column`); empty without one.
     */
    strata: string[];
    /**
     * The stratum column, when one is set.
     */
    stratumColumn: string | null;
    /**
     * Why rescue use is not evaluable for anybody (no rescue table, …), when so.
     */
    rescueProblem: string | null;
    confLevel: number;
    alpha: number;
    /**
     * The subset conditions of the analysis (the option `input.subset`), as given.
     */
    subset: string[];
}

/**
 * The summaries of one variable. Serialises with a `kind` tag: `numeric`, `categorical` or
 * `notTabulated`.
 */
export type BaselineValues = { kind: "numeric"; arms: NumericSummary[]; overall: NumericSummary; smd: Stat<number>[] } | { kind: "categorical"; levels: string[]; arms: LevelCounts[]; overall: LevelCounts; smd: Stat<number>[] } | { kind: "notTabulated"; reason: string };

/**
 * The summary shown per arm for a continuous endpoint.
 */
export interface Summary {
    n: number;
    mean: number;
    sd: number;
    median: number;
    /**
     * First and third quartiles, R type 7.
     */
    q1: number;
    q3: number;
    min: number;
    max: number;
}

/**
 * The test the power is computed for.
 */
export type ProportionsTest = "normal" | "normalCc" | "arcsine";

/**
 * The test whose p-value decides the pain endpoint in the verdict.
 */
export type PrimaryTest = "welch" | "student" | "wilcoxon";

/**
 * The test whose p-value decides the rescue endpoint in the verdict, and the effect shown
 * with it.
 */
export type RescueTest = "fisher" | "chisq" | "chisqYates" | "score" | "logistic" | "marginal" | "cmh";

/**
 * The two-trial comparison: both reports and what sets them side by side.
 */
export interface TwoTrials {
    /**
     * The first trial's report (e.g. the Phase III trial loaded on the page).
     */
    first: Report;
    /**
     * The second trial's report, with the same options.
     */
    second: Report;
    comparison: TrialComparison;
}

/**
 * The verdict p-values of each active arm adjusted over the k − 1 comparisons.
 */
export interface AdjustedP {
    active: string;
    painP: number | null;
    painBonferroni: number | null;
    painHolm: number | null;
    rescueP: number | null;
    rescueBonferroni: number | null;
    rescueHolm: number | null;
}

/**
 * Time to first rescue (all arms): Kaplan-Meier, log-rank, Cox.
 */
export interface TimeToRescue {
    /**
     * Hours from the origin (the window start with the landmark option), censored at the
     * window end.
     */
    kaplanMeier: Stat<KaplanMeierFit>;
    /**
     * k-group log-rank test (`survdiff`).
     */
    logRank: Stat<LogRank>;
    /**
     * Hazard ratios of each active arm against the reference.
     */
    cox: Stat<CoxPh>;
    /**
     * Restricted mean time without rescue up to the window end (τ = follow-up), per arm and
     * each active arm − reference.
     */
    rmst: Stat<Rmst>;
    /**
     * With a stratum column (`strata.column`): the stratified log-rank test and the Cox model
     * with a baseline hazard per stratum (R `strata()`, SAS PHREG `STRATA`).
     */
    stratified: StratifiedSurvival | null;
}

/**
 * Time to first rescue stratified by the stratum column.
 */
export interface StratifiedSurvival {
    column: string;
    /**
     * Subjects without a value of the column, left out of these two analyses.
     */
    excluded: number;
    logRank: Stat<LogRank>;
    cox: Stat<CoxPh>;
}

/**
 * Transform for the pointwise confidence limits of S(t) (R's `conf.type`).
 */
export type KmConfType = "log" | "logLog" | "plain";

/**
 * Treatment effects within one level of a categorical subgroup variable.
 */
export interface SubgroupLevel {
    level: string;
    /**
     * Subjects used in this level.
     */
    n: number;
    /**
     * Subjects used in this level per arm, in the order of `arms`.
     */
    nPerArm: number[];
    /**
     * Effect of each active arm vs the reference within this level (estimable ones).
     */
    effects: ArmDifference[];
    /**
     * Active arms whose effect in this level is not estimable (e.g. no subject of that arm or of
     * the reference arm in the level).
     */
    notEstimable: string[];
}

/**
 * Treatment × categorical subgroup analysis (data of a forest plot).
 */
export interface SubgroupAnalysis {
    subgroup: string;
    nUsed: number;
    excluded: number[];
    reference: string;
    interaction: InteractionTest;
    /**
     * Levels in sorted (factor) order.
     */
    levels: SubgroupLevel[];
    /**
     * Coefficients of the interaction model.
     */
    coefficients: CoefficientRow[];
    dfResidual: number;
    confLevel: number;
    warnings: string[];
}

/**
 * Treatment × categorical subgroup interaction for a binary endpoint.
 */
export interface LogisticSubgroupAnalysis {
    subgroup: string;
    nUsed: number;
    excluded: number[];
    reference: string;
    /**
     * Likelihood-ratio test of the interaction; `None` under separation.
     */
    interaction: LrTest | null;
    levels: LogisticSubgroupLevel[];
    /**
     * Coefficients of the interaction model (empty under separation).
     */
    coefficients: CoefficientRow[];
    separation: Separation | null;
    confLevel: number;
    warnings: string[];
}

/**
 * Treatment × continuous moderator analysis.
 */
export interface ModeratorAnalysis {
    moderator: string;
    nUsed: number;
    excluded: number[];
    reference: string;
    interaction: InteractionTest;
    /**
     * Observed range [min, max] of the moderator among the subjects used.
     */
    range: [number, number];
    /**
     * One curve per active arm, in input order.
     */
    curves: ModeratorCurve[];
    coefficients: CoefficientRow[];
    dfResidual: number;
    confLevel: number;
    warnings: string[];
}

/**
 * Treatment × continuous moderator interaction for a binary endpoint.
 */
export interface LogisticModeratorAnalysis {
    moderator: string;
    nUsed: number;
    excluded: number[];
    reference: string;
    interaction: LrTest | null;
    /**
     * Smallest and largest observed moderator value.
     */
    range: [number, number];
    curves: LogisticModeratorCurve[];
    coefficients: CoefficientRow[];
    separation: Separation | null;
    confLevel: number;
    warnings: string[];
}

/**
 * Two continuous endpoints: mean differences δ₁, δ₂ (active − control, positive = better),
 * SDs σ₁, σ₂ and the within-arm correlation ρ of the two outcomes.
 */
export interface TwoContinuousPlan {
    delta1?: number;
    sd1?: number;
    delta2?: number;
    sd2?: number;
    rho?: number;
    design?: Design;
}

/**
 * Two true proportions (e.g. of rescue medication) in the active and the control arm.
 */
export interface ProportionsPlan {
    pActive?: number;
    pControl?: number;
    design?: Design;
}

/**
 * Type I, II and III tables of one linear model.
 */
export interface AnovaTables {
    /**
     * The model, R style, e.g. `y ~ arm + baseline + age`.
     */
    formula: string;
    nUsed: number;
    /**
     * Indices of subjects left out for a missing value.
     */
    excluded: number[];
    /**
     * SAS's "Model" row: all terms against the intercept-only model (overall F test).
     */
    model: AnovaRow;
    residual: ResidualRow;
    /**
     * Corrected total: df n − 1 and Σ(y − ȳ)².
     */
    totalDf: number;
    totalSumSq: number;
    /**
     * R² = 1 − RSS / total SS.
     */
    rSquared: number;
    /**
     * Sequential: R's `anova(fit)`, SAS "Type I SS".
     */
    type1: AnovaRow[];
    /**
     * R's `car::Anova(fit, type = "II")`, SAS "Type II SS".
     */
    type2: AnovaRow[];
    /**
     * R's `car::Anova(fit, type = "III")` with sum-to-zero contrasts, SAS "Type III SS"
     * (without the intercept); empty when the model has aliased columns.
     */
    type3: AnovaRow[];
    /**
     * The `(Intercept)` row R's `car::Anova(type = "III")` prints (sum-to-zero contrasts).
     */
    type3Intercept: AnovaRow | null;
    warnings: string[];
}

/**
 * What a column means.
 */
export type Role = "subject" | "arm" | "baseline" | "time" | "score" | "param" | "drug" | "dose" | "opioid" | "mme" | "reference" | "baselineflag" | "dtype" | "timepoint" | "datetime" | "doseunit" | "route";

/**
 * What a dropout (a subject whose last score precedes the analysis window end) gets there.
 */
export type DropoutRule = "carryLast" | "none" | "locf" | "bocf" | "wocf";

/**
 * What the input layer read and decided.
 */
export interface InputSummary {
    subjects: TableMapping;
    pain: TableMapping;
    /**
     * `None` when no rescue table (or an empty one) was given.
     */
    rescue: TableMapping | null;
    scale: Scale;
    /**
     * "NRS 0–10", "VAS 0–100" or "custom 1–5".
     */
    scaleLabel: string;
    /**
     * Whether the scale was inferred from the data rather than declared.
     */
    scaleInferred: boolean;
    counts: InputCounts;
    /**
     * Arms in order of first appearance, with their sizes.
     */
    arms: ArmCount[];
    warnings: InputWarning[];
    /**
     * The analysis population and what it left out.
     */
    population: Population;
    /**
     * Every choice made for the user (filters, parameter, derived rows, baseline rows, time
     * source and time-point mapping), with counts; for the report and the methods text.
     */
    notes: InputNote[];
}

/**
 * What the plan takes from the data.
 */
export interface PlanningInputs {
    nReference: number;
    nActive: number;
    /**
     * Whether a lower pain value is better (AUC, TWA).
     */
    lowerBetter: boolean;
    /**
     * x̄_active − x̄_reference as observed.
     */
    painObserved: number;
    effectScale: number;
    /**
     * scale × observed.
     */
    painDelta: number;
    /**
     * Welch SE of the observed difference.
     */
    painSe: number;
    /**
     * Pooled SD.
     */
    painSd: number;
    /**
     * Baseline–endpoint correlation within arms.
     */
    baselineRho: Stat<number>;
    pReference: number;
    pActiveObserved: number;
    /**
     * p_r + scale × (p_a − p_r), clamped to [0, 1].
     */
    pActive: number;
    /**
     * Wald SE of the observed risk difference.
     */
    rdSe: number;
    /**
     * Biserial correlation of the (oriented) pain endpoint and no rescue, within arms.
     */
    endpointRho: Stat<number>;
}

/**
 * What the planner chooses (α and the tests come from the analysis options).
 */
export interface PlanningOptions {
    /**
     * Target power (default 0.8).
     */
    targetPower?: number;
    /**
     * Allocation ratio n_active / n_reference (default 1).
     */
    ratio?: number;
    /**
     * Expected dropout fraction, for the numbers to enrol (default 0).
     */
    dropout?: number;
    /**
     * The effects of the next trial as a multiple of those observed (default 1).
     */
    effectScale?: number;
    /**
     * Assurance: the SE of each effect's normal prior multiplied by this factor (≥ 1;
     * default 1, no discount).
     */
    priorSeFactor?: number;
    /**
     * Seed of the simulated joint power with Fisher's exact test (0 ≤ seed < 2⁵³).
     */
    seed?: number;
}

/**
 * What to resample: `permutations` random assignments for each permutation test (an exact
 * test instead when complete enumeration is feasible: always for rescue use, by the
 * hypergeometric convolution), `bootstrap` replicates for each interval, seeded by `seed`.
 */
export interface ResamplingJob {
    /**
     * 0 ≤ seed < 2⁵³ (a JS number). Each test and interval draws from its own stream, seeded
     * from this seed and its name, block by block (see [`crate::stats::resample`]).
     */
    seed?: number;
    /**
     * Monte Carlo permutations per test (1 to 10⁷; default 100 000).
     */
    permutations?: number;
    /**
     * Bootstrap replicates per interval (1 to 10⁷; default 2 000; 0 = no bootstrap).
     */
    bootstrap?: number;
    /**
     * Permute and resample within the strata of the option `strata.column` (subjects without
     * a stratum are left out, and counted).
     */
    stratified?: boolean;
}

/**
 * Where a table's times come from.
 */
export type TimeSource = "hours" | "timepoint" | "datetime";

/**
 * Where the simulated outcomes come from.
 */
export type SimSource = { normal: { delta: number; sd: number } } | { resample: { control: number[]; active: number[] } };

/**
 * Where time to first rescue is measured from.
 */
export interface TimeToRescueOptions {
    /**
     * Origin in hours of the data's time scale (default 0); rescue before it is ignored.
     */
    origin?: number;
    /**
     * Measure from the window start instead (a landmark at a): rescue before a is ignored.
     */
    landmark?: boolean;
}

/**
 * Which assessments the post-rescue rule replaces.
 */
export type PostRescueScope = "window" | "toEndOfWindow";

/**
 * Which columns the baseline characteristics table describes. By default: the baseline pain
 * score, then every covariate column of the subjects table (all but the id, arm, baseline,
 * reference datetime, population flag and typed date/time columns, and a second subject id
 * such as `SUBJID`) in table order. A text column is categorical; a numeric one is summarised
 * as a measurement unless listed in `categorical` or `model.factors`, or used without bands as
 * the stratum or a subgroup.
 */
export interface BaselineOptions {
    /**
     * Describe the baseline pain score, when the trial has one, as the first variable
     * (default true).
     */
    baselinePain?: boolean;
    /**
     * Subjects-table columns to describe, in this order; empty (the default): every covariate
     * column but a second subject id (e.g. `SUBJID`), in table order.
     */
    columns?: string[];
    /**
     * Columns left out.
     */
    exclude?: string[];
    /**
     * Numeric columns to tabulate by level (codes, e.g. a centre number), besides those in
     * `model.factors`, the stratum and subgroups without bands.
     */
    categorical?: string[];
}

/**
 * Which contrast a row estimates.
 */
export type Contrast = "riskDifference" | "riskRatio" | "oddsRatio";

/**
 * Which end of the analysis window [a, b] a rescue administration at exactly that time counts
 * in, for rescue use, the count and the MME totals.
 */
export type RescueWindowBounds = "closed" | "leftOpen";

/**
 * Which of the three input tables an error concerns.
 */
export type Table = "subjects" | "pain" | "rescue";

/**
 * Which per-subject pain endpoint is the primary one.
 */
export type PainEndpoint = "auc" | "twa" | "spid";

/**
 * Which rule gave a point its value. Serialises with a `kind` tag: `postRescue`, `dropout` or
 * `interpolated`.
 */
export type ImputationRule = { kind: "postRescue"; method: PostRescueRule; scope: PostRescueScope; rescueTime: number } | { kind: "dropout"; method: DropoutRule } | { kind: "interpolated" };

/**
 * Which value replaces the pain scores after a rescue administration.
 */
export type PostRescueRule = "none" | "wLocf" | "wBocf" | "wWocf";

/**
 * Who was analysed: the population flag and subset conditions, and what they left out.
 */
export interface Population {
    /**
     * The flag column used, if any.
     */
    flag: string | null;
    /**
     * Whether the flag was chosen automatically (`population: "auto"`).
     */
    auto: boolean;
    /**
     * Subset conditions applied, as written.
     */
    subset: string[];
    /**
     * Subjects in the subjects table (rows with an id).
     */
    subjectsInTable: number;
    /**
     * Subjects left out because their flag was not yes.
     */
    excludedByFlag: number;
    /**
     * Subjects left out by a subset condition (including those with no value for it).
     */
    excludedBySubset: number;
    /**
     * Pain rows of subjects left out (rows of the analysed parameter and records; rows left
     * out for another reason first are counted with that reason).
     */
    painRowsExcluded: number;
    /**
     * Rescue rows of subjects left out.
     */
    rescueRowsExcluded: number;
}

/**
 * Whose conventions the quantiles and the curve past the last observed time follow.
 */
export type KmConvention = "r" | "sas";

/**
 * Why the maximum-likelihood estimates are not reported.
 */
export interface Separation {
    /**
     * "not evaluable: (quasi-)complete separation in …".
     */
    message: string;
    /**
     * Terms with a non-zero component in the separating direction d found by the LP (unique
     * up to scale under quasi-complete separation; under complete separation other directions
     * exist, and this is one of them).
     */
    terms: string[];
    /**
     * Number of subjects with (2yᵢ − 1)xᵢ'd > 0, whose fitted probabilities tend to 0 or 1
     * along d (all subjects under complete separation, for a suitable d).
     */
    subjects: number;
}

/**
 * θ(v) at one moderator value.
 */
export interface LogisticModeratorPoint extends ZEstimate {
    value: number;
    /**
     * A value the caller asked for (not a grid point).
     */
    user: boolean;
    oddsRatio: number;
    oddsRatioConfInt: [number, number];
}

/**
 * θ(v) for one active arm.
 */
export interface ModeratorCurve {
    arm: string;
    /**
     * The interaction coefficient β_int: change in the effect per unit of the moderator.
     */
    slope: TEstimate;
    /**
     * θ(v) on the grid and the requested values, v ascending.
     */
    points: ModeratorPoint[];
    /**
     * Johnson–Neyman points: the values of v (ascending; none, one or two) at which a limit
     * of the pointwise confidence interval of θ(v) crosses 0, i.e. the boundaries of the region
     * where the effect differs significantly from 0 at 1 − conf_level. Not restricted to the
     * observed range.
     */
    johnsonNeyman: number[];
}

export interface ArmInfo {
    name: string;
    n: number;
}

export interface Comparison {
    active: string;
    reference: string;
    pain: PainComparison;
    /**
     * Not evaluable (an error with the reason) without a rescue table, or when only opioid
     * rescue counts and some administrations in the window have no opioid status.
     */
    rescue: Stat<RescueComparison>;
    responders: ResponderComparison[];
    /**
     * The primary comparison under each post-rescue imputation rule, side by side.
     */
    sensitivity: SensitivityRow[];
    /**
     * Stratified tests, when a stratum column is chosen.
     */
    stratified: Stratified | null;
    /**
     * Rescue per time interval; not evaluable as `rescue` (opioid status checked over the
     * cut points' span when `intervals.opioidOnly`).
     */
    intervals: Stat<IntervalTest[]>;
    verdict: Verdict;
}

export interface CurvePoint {
    /**
     * Evaluable subjects in the reference arm.
     */
    n: number;
    power: number;
}

export interface Report {
    software: Software;
    settings: Settings;
    input: InputSummary;
    arms: ArmInfo[];
    /**
     * Baseline characteristics by arm and overall, with standardized differences.
     */
    baseline: BaselineTable;
    subjects: SubjectRow[];
    /**
     * Mean pain per arm and assessment time, observed and as analysed.
     */
    painProfile: PainProfile;
    /**
     * One comparison per active arm against the reference arm (unadjusted for multiplicity;
     * see `multi_arm` for adjusted p-values).
     */
    comparisons: Comparison[];
    models: Models;
    timeToRescue: TimeToRescue;
    /**
     * Present with three or more arms, or with two when the option `globalTests` is on.
     */
    multiArm: MultiArm | null;
    /**
     * Numeric columns banded into groups.
     */
    bands: BandedColumn[];
    /**
     * Assumptions and limits of this run, each with a code and the number of subjects or
     * events concerned.
     */
    warnings: ReportWarning[];
    /**
     * The methods section for a statistical report, generated from the settings used.
     */
    methods: Methods;
}

export interface RescueEndpoints {
    any: boolean;
    count: number;
    totalDose: number | null;
    totalMme: number | null;
    /**
     * Number of counted administrations whose MME is unknown (`total_mme` is then none).
     */
    mmeUnknown: number;
    /**
     * Hours from the origin to the first counted administration, or to the window end
     * when censored.
     */
    timeToFirst: number;
    /**
     * 1 = rescued (event), 0 = censored at the window end.
     */
    event: number;
}

export interface Software {
    name: string;
    version: string;
}

export interface Subject {
    id: string;
    /**
     * Index into [`Trial::arms`].
     */
    arm: number;
    baseline: number | null;
    /**
     * Values in the order of [`Trial::covariates`].
     */
    covariates: CovariateValue[];
    /**
     * Sorted by time, times strictly increasing (duplicates are input errors).
     */
    pain: PainObs[];
    /**
     * Sorted by time (ties allowed: two drugs at once).
     */
    rescue: RescueEvent[];
}

export interface Trial {
    /**
     * Arm labels in order of first appearance in the subjects table.
     */
    arms: string[];
    /**
     * Covariate column names (as entered) in table order.
     */
    covariates: string[];
    subjects: Subject[];
    scale: Scale;
}


/**
 * Analyses a trial. `tables` is `{ subjects, pain, rescue? }`; `options` may be omitted.
 * `onProgress`, if given, is called with `{ phase, done, total }` at the start of each phase and
 * after each further sixteenth of it (at most 96 calls; what it returns or throws is ignored).
 * Returns the report object; throws an `AnalysisError` object on bad input (see the module docs).
 */
export function analyze(tables: Tables, options?: OptionsInput, onProgress?: (progress: Progress) => void): Report;

/**
 * Analyses two trials with the same options and sets them side by side (`TwoTrials`).
 * `names` are the trials' names as shown (e.g. `["Phase III", "Phase II"]`). `onProgress` is
 * called as for `analyze`, with `trial` (0 or 1) added. An error object thrown carries
 * `trial: 0 | 1`, the trial whose tables or options it concerns.
 */
export function analyzeTrials(first: Tables, second: Tables, options: OptionsInput, names: [string, string], onProgress?: (progress: Progress & { trial: number }) => void): TwoTrials;

/**
 * The default options as an object (what `{}` means).
 */
export function defaultOptions(): Options;

/**
 * How one table is read (headers, the column taken for each role, the required roles not
 * found), without validating its data: for offering a choice of columns. `table` is
 * `"subjects"`, `"pain"` or `"rescue"`.
 */
export function describeTable(table: "subjects" | "pain" | "rescue", source: TableInput, options?: OptionsInput): TableMapping;

/**
 * The page's help: the methods text for the default options, in sections (see
 * `analysis::help`).
 */
export function help(): HelpSection[];

/**
 * The plan for the next trial (`Planning`) from the data of this one (`resamplingData` with
 * the scenario's options).
 */
export function plan(data: ResamplingData, options: Partial<PlanningOptions>): Planning;

/**
 * Blocks `from..to` of a resampling job: a `ResamplingPart`.
 */
export function resampleBlocks(data: ResamplingData, job: Partial<ResamplingJob>, from: number, to: number): ResamplingPart;

/**
 * A resampling job's result from the parts of all its blocks.
 */
export function resampleSummary(data: ResamplingData, job: Partial<ResamplingJob>, parts: ResamplingPart[]): ResamplingResult;

/**
 * The number of blocks of a resampling job (each worker computes a contiguous range).
 */
export function resamplingBlocks(job: Partial<ResamplingJob>): number;

/**
 * The per-subject values resampling draws from (`ResamplingData`): the analysis of `tables`
 * with `options`, then the subjects of the comparison of `active` (an arm's name; default the
 * first active arm) against the reference arm.
 */
export function resamplingData(tables: Tables, options: OptionsInput, active?: string | null): ResamplingData;

/**
 * Blocks `from..to` of a simulation of the next trial: a `SimulationPart`.
 */
export function simulateBlocks(data: ResamplingData, job: Partial<SimulationJob>, from: number, to: number): SimulationPart;

/**
 * A simulation's result from the parts of all its blocks.
 */
export function simulationSummary(data: ResamplingData, job: Partial<SimulationJob>, parts: SimulationPart[]): SimulationResult;

/**
 * The crate version, for the page footer and the methods text.
 */
export function version(): string;

export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

export interface InitOutput {
    readonly memory: WebAssembly.Memory;
    readonly analyze: (a: any, b: any, c: any) => [number, number, number];
    readonly analyzeTrials: (a: any, b: any, c: any, d: any, e: any) => [number, number, number];
    readonly defaultOptions: () => any;
    readonly describeTable: (a: number, b: number, c: any, d: any) => [number, number, number];
    readonly help: () => any;
    readonly plan: (a: any, b: any) => [number, number, number];
    readonly resampleBlocks: (a: any, b: any, c: number, d: number) => [number, number, number];
    readonly resampleSummary: (a: any, b: any, c: any) => [number, number, number];
    readonly resamplingBlocks: (a: any) => [number, number, number];
    readonly resamplingData: (a: any, b: any, c: number, d: number) => [number, number, number];
    readonly simulateBlocks: (a: any, b: any, c: number, d: number) => [number, number, number];
    readonly simulationSummary: (a: any, b: any, c: any) => [number, number, number];
    readonly version: () => [number, number];
    readonly __wbindgen_malloc: (a: number, b: number) => number;
    readonly __wbindgen_realloc: (a: number, b: number, c: number, d: number) => number;
    readonly __wbindgen_free: (a: number, b: number, c: number) => void;
    readonly __wbindgen_exn_store: (a: number) => void;
    readonly __externref_table_alloc: () => number;
    readonly __wbindgen_externrefs: WebAssembly.Table;
    readonly __externref_table_dealloc: (a: number) => void;
    readonly __wbindgen_start: () => void;
}

export type SyncInitInput = BufferSource | WebAssembly.Module;

/**
 * Instantiates the given `module`, which can either be bytes or
 * a precompiled `WebAssembly.Module`.
 *
 * @param {{ module: SyncInitInput }} module - Passing `SyncInitInput` directly is deprecated.
 *
 * @returns {InitOutput}
 */
export function initSync(module: { module: SyncInitInput } | SyncInitInput): InitOutput;

/**
 * If `module_or_path` is {RequestInfo} or {URL}, makes a request and
 * for everything else, calls `WebAssembly.instantiate` directly.
 *
 * @param {{ module_or_path: InitInput | Promise<InitInput> }} module_or_path - Passing `InitInput` directly is deprecated.
 *
 * @returns {Promise<InitOutput>}
 */
export default function __wbg_init (module_or_path?: { module_or_path: InitInput | Promise<InitInput> } | InitInput | Promise<InitInput>): Promise<InitOutput>;
