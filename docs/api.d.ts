/* tslint:disable */
/* eslint-disable */

/** A numeric column (NaN = empty cell) or a column of cells as text. */
export type Column = Float64Array | (string | number | null)[];
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
}

/**
 * A role and the header that holds it.
 */
export interface RoleColumn {
    role: Role;
    header: string;
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
    wilcoxon?: WilcoxonOptions;
    /**
     * Responder thresholds: fractional reductions of the time-weighted average pain from
     * baseline (default 30 % and 50 %, IMMPACT's moderate and substantial improvement).
     */
    responderThresholds?: number[];
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
 * Everything that can stop an analysis: one or more input defects (all that were found, so the
 * user can fix them in one go), or an option that makes no sense.
 */
export type AnalysisError = { kind: "input"; errors: InputError[] } | { kind: "options"; message: string };

/**
 * For each table, the header (as entered) to use for a role, when the automatic recognition
 * fails or picks the wrong column. An empty name leaves an optional role unmapped.
 *
 * JSON: `{ "pain": { "score": "Schmerz", "time": "Zeit" }, "subjects": { "baseline": "" } }`.
 */
export interface ColumnOverrides {
    subjects?: Record<Role, string>;
    pain?: Record<Role, string>;
    rescue?: Record<Role, string>;
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
}

/**
 * How numeric cells write the decimal separator.
 */
export type DecimalChoice = "auto" | "point" | "comma";

/**
 * How the p-value (and the confidence interval) is obtained.
 */
export type WilcoxonMethod = "auto" | "exact" | "normal";

/**
 * Number of subjects of one arm.
 */
export interface ArmCount {
    arm: string;
    subjects: number;
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
    rescue: RescueEndpoints;
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
}

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
}

/**
 * Parsing, column and scale options; `{}` means all defaults.
 */
export interface InputOptions {
    scale?: ScaleChoice;
    decimal?: DecimalChoice;
    columns?: ColumnOverrides;
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
 * Rescue medication in the window: any use (the co-primary endpoint), the number of
 * administrations and the total morphine equivalents.
 */
export interface RescueComparison {
    any: BinaryComparison;
    count: ShiftComparison;
    /**
     * Total MME per subject (subjects with an unknown total are left out).
     */
    mme: ShiftComparison;
}

/**
 * Resolved settings the analysis actually used (defaults filled in).
 */
export interface Settings {
    window: [number, number];
    referenceArm: string;
    alpha: number;
    confLevel: number;
    primaryEndpoint: PainEndpoint;
    primaryTest: PrimaryTest;
    rescueTest: RescueTest;
    rescueOpioidOnly: boolean;
    wilcoxon: WilcoxonOptions;
    /**
     * The MME conversion table used (its `version` is shown with the results).
     */
    mme: MmeOptions;
    timeToRescue: TimeToRescueOptions;
}

/**
 * Responders: subjects whose time-weighted average pain fell by at least `threshold`
 * (a fraction) from baseline, (baseline − TWA)/baseline ≥ threshold; subjects without a
 * positive baseline or without a TWA are left out.
 */
export interface ResponderComparison {
    threshold: number;
    comparison: BinaryComparison;
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
 * Result of [`wilcoxon_rank_sum`].
 */
export interface Wilcoxon {
    /**
     * Mann–Whitney `W` of the active arm (R's `statistic`).
     */
    statistic: number;
    /**
     * Two-sided p-value.
     */
    pValue: number;
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
     * Confidence interval for the location shift active − reference.
     */
    confInt: [number, number];
    /**
     * Exact case: the confidence level the interval actually has, `1 − 2·P(W ≤ q − 1)`.
     */
    achievedConfLevel: number | null;
    /**
     * Warnings, with R's wording where R warns.
     */
    warnings: string[];
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
 * Something worth knowing that does not stop the analysis.
 */
export interface InputWarning {
    table: Table;
    message: string;
}

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
 * The alternative hypothesis about μx − μy (R's `alternative`).
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
 * The co-primary decision for one active arm.
 */
export interface Verdict {
    /**
     * The decision framework applied, in words.
     */
    framework: string;
    alpha: number;
    painP: number | null;
    painSignificant: boolean;
    painFavoursActive: boolean;
    rescueP: number | null;
    rescueSignificant: boolean;
    rescueFavoursActive: boolean;
    /**
     * Both endpoints significant at α in favour of the active arm.
     */
    success: boolean;
    /**
     * The decision in plain words.
     */
    text: string;
}

/**
 * The field separator of a text table.
 */
export type Delimiter = "comma" | "semicolon" | "tab";

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
 * The test whose p-value decides the pain endpoint in the verdict.
 */
export type PrimaryTest = "welch" | "student" | "wilcoxon";

/**
 * The test whose p-value decides the rescue endpoint in the verdict.
 */
export type RescueTest = "fisher" | "chisq" | "chisqYates";

/**
 * What a column means.
 */
export type Role = "subject" | "arm" | "baseline" | "time" | "score" | "param" | "drug" | "dose" | "opioid" | "mme";

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
}

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
 * Which of the three input tables an error concerns.
 */
export type Table = "subjects" | "pain" | "rescue";

/**
 * Which per-subject pain endpoint is the primary one.
 */
export type PainEndpoint = "auc" | "twa" | "spid";

export interface ArmInfo {
    name: string;
    n: number;
}

export interface Comparison {
    active: string;
    reference: string;
    pain: PainComparison;
    rescue: RescueComparison;
    responders: ResponderComparison[];
    verdict: Verdict;
}

export interface Report {
    software: Software;
    settings: Settings;
    input: InputSummary;
    arms: ArmInfo[];
    subjects: SubjectRow[];
    /**
     * One comparison per active arm against the reference arm (unadjusted for multiplicity).
     */
    comparisons: Comparison[];
    warnings: string[];
}

export interface RescueEndpoints {
    any: boolean;
    count: number;
    totalDose: number | null;
    totalMme: number | null;
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
 * Returns the report object; throws an `AnalysisError` object on bad input (see the module docs).
 */
export function analyze(tables: Tables, options?: OptionsInput): Report;

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
 * The crate version, for the page footer and the methods text.
 */
export function version(): string;

export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

export interface InitOutput {
    readonly memory: WebAssembly.Memory;
    readonly analyze: (a: any, b: any) => [number, number, number];
    readonly defaultOptions: () => any;
    readonly describeTable: (a: number, b: number, c: any, d: any) => [number, number, number];
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
