// The display text of every value of the core's enums that the page shows: the choices in the
// form (js/options.js fills each <select> from here) and the names in the results, plots and
// column choices. One owner per enum. Each table is typed as a Record over the enum generated
// from the Rust types (www/pkg/analgesic_endpoints.d.ts), so a value added, renamed or removed in
// the core fails the type check (scripts/typecheck) until it is named here. No DOM here.
//
// An entry is the text of the form's choice, or { choice, name } when the results name the value
// differently (shorter, without the hint in brackets).

/** @typedef {import("../pkg/analgesic_endpoints").PainEndpoint} PainEndpoint */
/** @typedef {import("../pkg/analgesic_endpoints").PrimaryTest} PrimaryTest */
/** @typedef {import("../pkg/analgesic_endpoints").RescueTest} RescueTest */
/** @typedef {import("../pkg/analgesic_endpoints").RescueWindowBounds} RescueWindowBounds */
/** @typedef {import("../pkg/analgesic_endpoints").WilcoxonMethod} WilcoxonMethod */
/** @typedef {import("../pkg/analgesic_endpoints").ScaleChoice} ScaleChoice */
/** @typedef {import("../pkg/analgesic_endpoints").PostRescueRule} PostRescueRule */
/** @typedef {import("../pkg/analgesic_endpoints").PostRescueScope} PostRescueScope */
/** @typedef {import("../pkg/analgesic_endpoints").DropoutRule} DropoutRule */
/** @typedef {import("../pkg/analgesic_endpoints").ArmMultiplicity} ArmMultiplicity */
/** @typedef {import("../pkg/analgesic_endpoints").EstimandStrategy} EstimandStrategy */
/** @typedef {import("../pkg/analgesic_endpoints").KmConvention} KmConvention */
/** @typedef {import("../pkg/analgesic_endpoints").StratumWeights} StratumWeights */
/** @typedef {import("../pkg/analgesic_endpoints").StratumRanks} StratumRanks */
/** @typedef {import("../pkg/analgesic_endpoints").KmConfType} KmConfType */
/** @typedef {import("../pkg/analgesic_endpoints").CoxTies} CoxTies */
/** @typedef {import("../pkg/analgesic_endpoints").Role} Role */
/** @typedef {import("../pkg/analgesic_endpoints").TimeSource} TimeSource */
/** @typedef {string | { choice: string, name: string }} Label */

/** @type {Record<PainEndpoint, Label>} */
export const ENDPOINT = {
  auc: { choice: "AUC (trapezoidal)", name: "Pain AUC" },
  twa: { choice: "Time-weighted average", name: "Time-weighted average pain" },
  spid: "SPID",
};

/** @type {Record<PrimaryTest, Label>} */
export const PRIMARY_TEST = { welch: "Welch t-test", student: "Student t-test", wilcoxon: "Wilcoxon rank-sum" };

/** @type {Record<WilcoxonMethod, Label>} */
export const WILCOXON_METHOD = { auto: "auto (as R)", exact: "exact (no ties, as R)", normal: "normal approximation", exactConditional: "exact with ties (coin, SAS EXACT)" };

/** @type {Record<ArmMultiplicity, Label>} */
export const ARM_MULTIPLICITY = { holm: "Holm over the active arms", bonferroni: "Bonferroni over the active arms", none: "none (full α for each arm)" };

/** ICH E9(R1) strategies for rescue medication, the intercurrent event. @type {Record<EstimandStrategy, Label>} */
export const ESTIMAND = { treatmentPolicy: "treatment policy", hypothetical: "hypothetical", whileOnTreatment: "while on treatment", composite: "composite" };

/** @type {Record<RescueWindowBounds, Label>} */
export const RESCUE_WINDOW = {
  closed: { choice: "closed [start, end]: a dose at the start counts", name: "closed" },
  leftOpen: { choice: "half-open (start, end]: a dose at the start does not count", name: "half-open" },
};

/** @type {Record<RescueTest, Label>} */
export const RESCUE_TEST = {
  fisher: "Fisher's exact",
  chisq: "χ² (no correction)",
  chisqYates: "χ² with Yates' correction",
  score: "Miettinen–Nurminen score (risk difference)",
  logistic: "logistic regression, adjusted (odds ratio)",
  marginal: "adjusted risk difference (g-computation)",
  cmh: "CMH by the stratum column",
};

/**
 * The scale choices; "custom" stands for `{ custom: { min, max } }` (the form's min and max).
 * @type {Record<Extract<ScaleChoice, string> | "custom", Label>}
 */
export const SCALE = { infer: "infer from data", nrs: "NRS 0–10", vas: "VAS 0–100", custom: "custom" };

/** @type {Record<PostRescueRule, Label>} */
export const POST_RESCUE = {
  none: { choice: "none (observed scores only)", name: "none" },
  wLocf: { choice: "LOCF (last score before rescue)", name: "LOCF" },
  wBocf: { choice: "BOCF (baseline score)", name: "BOCF" },
  wWocf: { choice: "WOCF (worst of baseline and last score)", name: "WOCF" },
};

/** @type {Record<PostRescueScope, Label>} */
export const POST_RESCUE_SCOPE = { window: "within a window after each rescue", toEndOfWindow: "to the end of the analysis window" };

/** @type {Record<DropoutRule, Label>} */
export const DROPOUT = {
  carryLast: { choice: "carry the last score flat (no value added; LOCF in effect)", name: "the last score carried flat" },
  none: { choice: "none: leave dropouts out (complete cases)", name: "none (complete cases)" },
  locf: "LOCF", bocf: "BOCF", wocf: "WOCF",
};

/** @type {Record<StratumWeights, Label>} */
export const STRATUM_WEIGHTS = {
  vanElteren: { choice: "van Elteren (1/(n+1))", name: "van Elteren" },
  equal: { choice: "equal", name: "equal weights" },
};

/** @type {Record<StratumRanks, Label>} */
export const STRATUM_RANKS = { stratum: "within stratum", overall: "overall (coin's blocked test)" };

/** @type {Record<KmConfType, Label>} */
export const KM_CONF_TYPE = {
  log: { choice: "log (R default)", name: "log" },
  logLog: { choice: "log-log (SAS default)", name: "log-log" },
  plain: "plain",
};

/** @type {Record<KmConvention, Label>} */
export const KM_CONVENTION = {
  r: { choice: "R (survfit; default)", name: "R" },
  sas: { choice: "SAS (PROC LIFETEST)", name: "SAS" },
};

/** @type {Record<CoxTies, Label>} */
export const COX_TIES = {
  efron: { choice: "Efron (R default)", name: "Efron" },
  breslow: { choice: "Breslow (SAS default)", name: "Breslow" },
};

/**
 * Role names as the column choices show them (the core's `Role::label`).
 * @type {Record<Role, Label>}
 */
export const ROLE = {
  subject: "subject id", arm: "arm", baseline: "baseline score", time: "time (hours)", score: "pain score",
  param: "parameter (PARAMCD)", drug: "drug", dose: "dose", opioid: "opioid flag", mme: "MME",
  reference: "reference datetime", baselineflag: "baseline flag (ABLFL)", dtype: "derivation type (DTYPE)",
  timepoint: "time point (ATPT)", datetime: "date and time", doseunit: "dose unit", route: "route",
};

/**
 * How a table's times were read (`TableMapping.timeSource`).
 * @type {Record<TimeSource, Label>}
 */
export const TIME_SOURCE = {
  hours: "hours from the origin",
  timepoint: "text time points mapped to hours",
  datetime: "date and time minus the subject's reference datetime (subjects table)",
};

/** The text of a value in the form's choice. */
export const choiceOf = (/** @type {Label} */ l) => (typeof l === "string" ? l : l.choice);

/**
 * The name of `value` in the results: `nameOf(POST_RESCUE, "wLocf")` → "LOCF". A value the
 * table lacks (a newer core) shows as itself.
 * @template {string} K
 * @param {Record<K, Label>} labels
 * @param {K} value
 */
export function nameOf(labels, value) {
  const l = labels[value];
  if (l === undefined) return String(value);
  return typeof l === "string" ? l : l.name;
}
