// Renders the report object returned by `analyze()` as tables. Presentation only: every number
// shown is a field of the report.
import { el, table, section, num, pval, ci, pct, hours, isErr, errCell, errText } from "./format.js";
import { figure, meanPainPlot, distributionPlot, kmPlot, forestPlot, moderatorPlot, rescueForestPlot, rescueModeratorPlot, columnLabel } from "./plots.js";
import { ENDPOINT, POST_RESCUE, DROPOUT, STRATUM_WEIGHTS, KM_CONF_TYPE, COX_TIES, ESTIMAND, nameOf } from "./labels.js";

/** @typedef {import("../pkg/analgesic_endpoints").Report} Report */
/** @typedef {import("../pkg/analgesic_endpoints").ImputationRule} ImputationRule */
/** @typedef {import("../pkg/analgesic_endpoints").ImputationOptions} ImputationOptions */
/** @typedef {import("../pkg/analgesic_endpoints").BinaryComparison} BinaryComparison */
/** @typedef {import("../pkg/analgesic_endpoints").Summary} Summary */
/** @typedef {import("../pkg/analgesic_endpoints").TTest} TTest */
/** @typedef {import("../pkg/analgesic_endpoints").Wilcoxon} Wilcoxon */
/** @typedef {import("../pkg/analgesic_endpoints").TEstimate} TEstimate */
/** @typedef {import("../pkg/analgesic_endpoints").KmQuantile} KmQuantile */
/** @typedef {import("../pkg/analgesic_endpoints").ModeratorAnalysis} ModeratorAnalysis */
/** @typedef {import("../pkg/analgesic_endpoints").BaselineVariable} BaselineVariable */
/** @typedef {import("../pkg/analgesic_endpoints").ZEstimate} ZEstimate */
/** @typedef {import("../pkg/analgesic_endpoints").AnovaRow} AnovaRow */
/** @typedef {import("../pkg/analgesic_endpoints").LrTest} LrTest */
/** @typedef {import("../pkg/analgesic_endpoints").MarginalMeasure} MarginalMeasure */
/** @typedef {import("../pkg/analgesic_endpoints").ContrastInference} ContrastInference */
/** @template T @typedef {import("../pkg/analgesic_endpoints").Stat<T>} Stat */
/** @typedef {{ win: string, endpointName: string, lvl: string }} Ctx */
/** @typedef {import("./format.js").RawValue} RawValue */
/** @typedef {Record<string, RawValue>} Raw */
/** @typedef {{ cells: any[], raw: Raw, cls?: string }} Row */
/**
 * The statistic of a row: its display text, and its parts as numbers for the CSV
 * (statistic_name, statistic, df, df2, se, z, strata, note).
 * @typedef {[string, Raw]} StatText
 */
const STATS_HEAD = (lvl) => ["Analysis", "Estimate", lvl, "Statistic", "p"];
/**
 * The CSV columns of a statistics table: estimate, confidence limits, statistic, degrees of
 * freedom and p-value each in a column of its own (columns no row has are left out).
 */
const STATS_COLUMNS = ["analysis", "estimate", "lower", "upper", "statistic_name", "statistic", "df", "df2", "se", "z", "strata", "p", "note"];
const STATS_DATA = { columns: STATS_COLUMNS };

/**
 * A row of a statistics table, or the statistic's error across the row; `raw` holds the same
 * values as numbers for the CSV.
 * @template T
 * @param {string} name
 * @param {Stat<T>} st
 * @param {((x: T) => number) | null} est
 * @param {((x: T) => number[]) | null} ciOf
 * @param {((x: T) => StatText) | null} stat
 * @param {((x: T) => number) | null} pOf
 * @returns {Row}
 */
function statRow(name, st, est, ciOf, stat, pOf) {
  if (isErr(st)) return { cells: [name, errCell(st), "", "", ""], raw: { analysis: name, estimate: null, lower: null, upper: null, statistic: null, df: null, p: null, note: errText(st) } };
  const c = ciOf ? ciOf(st) : null;
  const [text, parts] = stat ? stat(st) : ["–", {}];
  return {
    cells: [name, est ? num(est(st)) : "–", ciOf ? ci(c) : "–", text, pOf ? pval(pOf(st)) : "–"],
    raw: { analysis: name, estimate: est ? est(st) : null, lower: c ? c[0] : null, upper: c ? c[1] : null, statistic: null, df: null, ...parts, p: pOf ? pOf(st) : null },
  };
}
/**
 * A row with a text instead of numbers (e.g. "not estimable"), or a row of cells given as they are.
 * @param {any[]} cells @param {Raw} raw @returns {Row}
 */
const plainRow = (cells, raw) => ({ cells, raw: { analysis: cells[0], estimate: null, lower: null, upper: null, statistic: null, df: null, p: null, ...raw } });
/**
 * A χ² statistic and its df.
 * @template {{ statistic: number, df: number }} X
 * @param {X} x
 * @returns {StatText}
 */
const chisq = (x) => [`χ² = ${num(x.statistic)}, df = ${x.df}`, { statistic_name: "chisq", statistic: x.statistic, df: x.df }];
/** @type {(name: string, t: Stat<TTest>, dfDigits: number) => Row} */
const ttRow = (name, t, dfDigits) => statRow(name, t, (x) => x.estimate, (x) => x.confInt, (x) => [`t = ${num(x.statistic)}, df = ${num(x.df, dfDigits)}`, { statistic_name: "t", statistic: x.statistic, df: x.df }], (x) => x.pValue);
/** @type {(name: string, w: Stat<Wilcoxon>) => Row} */
const shiftRow = (name, w) => statRow(name, w, (t) => t.hlEstimate, (t) => t.confInt,
  (t) => [t.z === null ? `W = ${num(t.statistic, 1)} (exact)` : `W = ${num(t.statistic, 1)}, z = ${num(t.z)}`, { statistic_name: "W", statistic: t.statistic, z: t.z, note: t.z === null ? "exact" : null }], (t) => t.pValue);
/** @type {(name: string, e: Stat<TEstimate>) => Row} */
const tEstRow = (name, e) => statRow(name, e, (x) => x.estimate, (x) => x.confInt, (x) => [`SE = ${num(x.stdErr)}, t = ${num(x.statistic)}, df = ${num(x.df, 0)}`, { statistic_name: "t", statistic: x.statistic, df: x.df, se: x.stdErr }], (x) => x.pValue);

/** @param {BinaryComparison} b @param {string} what */
function binaryRows(b, what) {
  return [
    statRow(`${what}: Pearson χ² (no correction)`, b.chisq, null, null, chisq, (t) => t.pValue),
    statRow(`${what}: χ² with Yates' correction`, b.chisqYates, null, null, chisq, (t) => t.pValue),
    statRow(`${what}: Fisher's exact test (conditional MLE odds ratio)`, b.fisher, (t) => t.oddsRatio, (t) => t.confInt, null, (t) => t.pValue),
    statRow(`${what}: risk difference, Wald CI`, b.riskDifference, (t) => t.estimate, (t) => t.wald, null, null),
    statRow(`${what}: risk difference, Newcombe score CI`, b.riskDifference, (t) => t.estimate, (t) => t.newcombe, null, null),
  ];
}

/**
 * The imputation rule of a value, in words.
 * @param {ImputationRule | null | undefined} rule
 */
export function ruleText(rule) {
  if (!rule) return "observed";
  if (rule.kind === "postRescue") return `${nameOf(POST_RESCUE, rule.method)} after rescue at ${hours(rule.rescueTime)}${rule.scope === "toEndOfWindow" ? " (to window end)" : ""}`;
  if (rule.kind === "dropout") return `dropout ${nameOf(DROPOUT, rule.method)}`;
  return "interpolated";
}

/**
 * The Johnson–Neyman bounds in words: a bound outside the moderator's observed range is said to
 * be so, not shown as a value (the model extrapolates there).
 * @param {number[]} bounds @param {number[]} range
 */
export function jnText(bounds, range) {
  if (!bounds.length) return "no Johnson-Neyman bound";
  const inside = bounds.filter((v) => v >= range[0] && v <= range[1]);
  const outside = bounds.length - inside.length;
  const out = outside ? `${outside === 1 ? "one bound" : `${outside} bounds`} outside the observed range (${num(range[0], 2)} to ${num(range[1], 2)})` : "";
  if (!inside.length) return `Johnson-Neyman bound(s): ${out}`;
  return `Johnson-Neyman bound(s): ${inside.map((v) => num(v, 2)).join(", ")}${out ? `; ${out}` : ""}`;
}

/**
 * The imputation settings in words.
 * @param {ImputationOptions} m
 */
export function imputationText(m) {
  const parts = [];
  if (m.postRescue !== "none") {
    const drugs = Object.entries(m.rescueWindowByDrug || {}).map(([d, h]) => `${d} ${hours(h)}`);
    parts.push(m.postRescueScope === "toEndOfWindow"
      ? `scores after ${m.triggerOpioidOnly ? "opioid " : ""}rescue replaced by ${nameOf(POST_RESCUE, m.postRescue)} to the end of the window`
      : `scores within ${hours(m.rescueWindowHours)}${drugs.length ? ` (${drugs.join(", ")})` : ""} after each ${m.triggerOpioidOnly ? "opioid " : ""}rescue replaced by ${nameOf(POST_RESCUE, m.postRescue)}`);
  }
  if (m.dropout === "none") parts.push("dropouts (last score before the window end) left out of the pain analysis");
  else if (m.dropout !== "carryLast") parts.push(`dropouts carried to the window end by ${nameOf(DROPOUT, m.dropout)}`);
  if (m.interpolateGaps) parts.push("intermittent missing scores interpolated");
  return parts.length ? parts.join("; ") : "observed scores only (no value imputed; the AUC carries a dropout's last score flat to the window end)";
}

/** @type {(name: string, sm: Summary) => Row} */
const armRow = (name, sm) => ({ cells: [name, sm.n, `${num(sm.mean)} (${num(sm.sd)})`, `${num(sm.median)} [${num(sm.q1)}, ${num(sm.q3)}]`],
  raw: { arm: name, n: sm.n, mean: sm.mean, sd: sm.sd, median: sm.median, q1: sm.q1, q3: sm.q3 } });
const ARM_DATA = { columns: ["arm", "n", "mean", "sd", "median", "q1", "q3"] };

/** @param {Report} r @param {Ctx} ctx */
function painSection(r, ctx) {
  const { win, endpointName, lvl } = ctx;
  const out = [el("p", { class: "hint" }, `Scores used: ${imputationText(r.settings.imputation)}.`)];
  out.push(el("div", { class: "figures" },
    figure(meanPainPlot(r), "mean-pain-over-time", `Mean pain per arm at each assessment time, as used for the AUC (${imputationText(r.settings.imputation).replace(/ \(no imputation\)$/, "")}), with t-based confidence bands; time points scored in fewer than 10 % of an arm's subjects are not drawn.`),
    figure(distributionPlot(r, r.settings.primaryEndpoint, `${endpointName} ${win}`), "endpoint-by-arm", "Each dot is one subject; boxes show the quartiles and median, whiskers the minimum and maximum.")));
  for (const c of r.comparisons) {
    const p = c.pain;
    const one = p.oneSided;
    out.push(table(`${endpointName} ${win} by arm`, ["Arm", "n", "Mean (SD)", "Median [Q1, Q3]"], [armRow(c.active, p.active), armRow(c.reference, p.reference)], "arms", ARM_DATA));
    const rows = [
      ttRow("Welch t-test (mean difference)", p.welch, 1),
      ttRow("Student t-test (mean difference)", p.student, 0),
      shiftRow("Wilcoxon rank-sum, Hodges-Lehmann shift", p.wilcoxon),
      statRow("Pooled SD", p.pooledSd, (x) => x, null, null, null),
      ...(one ? [plainRow([`One-sided p, ${c.active} ${one.direction === "less" ? "below" : "above"} ${c.reference}: Welch · Student · Wilcoxon`, "–", "–", "", `${pval(one.welch)} · ${pval(one.student)} · ${pval(one.wilcoxon)}`],
        { note: `one-sided (alternative = "${one.direction}"): Welch ${one.welch}, Student ${one.student}, Wilcoxon ${one.wilcoxon}` })] : []),
      statRow("Cohen's d", p.cohenD, (x) => x, null, null, null),
      statRow("Hedges' g", p.hedgesG, (x) => x, null, null, null),
    ];
    if (c.stratified) {
      const v = c.stratified.vanElteren;
      rows.push(statRow(`Stratified Wilcoxon by ${c.stratified.column}${isErr(v) ? "" : ` (${nameOf(STRATUM_WEIGHTS, v.options.weights)})`}`, v, null, null,
        (t) => [`z = ${num(t.z)}, ${t.informativeStrata} informative strata`, { statistic_name: "z", statistic: t.z, strata: t.informativeStrata }], (t) => t.pValue));
    }
    out.push(table(`${endpointName} ${win}: ${c.active} − ${c.reference}`, STATS_HEAD(lvl), rows, "stats", STATS_DATA));
    if (c.sensitivity.length) {
      out.push(table(`Sensitivity: ${endpointName} ${win}, ${c.active} − ${c.reference}, under each rule for scores after rescue`,
        ["Scores after rescue", "Estimand strategy (ICH E9(R1))", `n (${c.active}, ${c.reference})`, "Mean difference (Welch)", lvl, "p (Welch)", "HL shift", "p (Wilcoxon)"],
        c.sensitivity.map((s) => {
          const w = s.pain.welch, h = s.pain.wilcoxon;
          return { cls: s.primary ? "primary" : undefined, cells: [s.primary ? `${s.label} (main analysis)` : s.label, nameOf(ESTIMAND, s.estimand), `${s.pain.active.n}, ${s.pain.reference.n}`,
            isErr(w) ? errCell(w) : num(w.estimate), isErr(w) ? "" : ci(w.confInt), isErr(w) ? "" : pval(w.pValue),
            isErr(h) ? errCell(h) : num(h.hlEstimate), isErr(h) ? "" : pval(h.pValue)],
          raw: { rule: s.label, main_analysis: s.primary, n_active: s.pain.active.n, n_reference: s.pain.reference.n,
            welch_estimate: isErr(w) ? null : w.estimate, welch_lower: isErr(w) ? null : w.confInt[0], welch_upper: isErr(w) ? null : w.confInt[1], welch_p: isErr(w) ? null : w.pValue,
            hl_estimate: isErr(h) ? null : h.hlEstimate, wilcoxon_p: isErr(h) ? null : h.pValue,
            note: [isErr(w) ? `Welch: ${errText(w)}` : "", isErr(h) ? `Wilcoxon: ${errText(h)}` : ""].filter(Boolean).join("; ") || null } };
        }), "stats sensitivity", { columns: ["rule", "main_analysis", "n_active", "n_reference", "welch_estimate", "welch_lower", "welch_upper", "welch_p", "hl_estimate", "wilcoxon_p", "note"] }));
    }
  }
  return section({ title: `${endpointName} ${win}`, id: "r-pain" }, out);
}

/**
 * Every interval for two proportions of one binary comparison, folded (the page and the CSV;
 * not printed): risk difference, risk ratio and odds ratio by each method with its SAS option
 * and R function.
 * @param {string} label @param {string} active @param {string} reference
 * @param {import("../pkg/analgesic_endpoints").Stat<import("../pkg/analgesic_endpoints").TwoProportionIntervals>} iv
 * @param {string} key
 */
function intervalsBox(label, active, reference, iv, key) {
  if (isErr(iv)) return el("p", {}, `${label}, intervals for two proportions: `, errCell(iv));
  const what = { riskDifference: "Risk difference", riskRatio: "Risk ratio", oddsRatio: "Odds ratio" };
  return el("details", { class: "coefficients", id: `r-intervals-${key}-${active}`.replace(/\W+/g, "-").toLowerCase() },
    el("summary", {}, `${label}: every interval for two proportions (${iv.rows.length} methods; Miettinen–Nurminen score test p = ${pval(iv.scorePValue)})`),
    table(`${label}, ${active} (${iv.x1}/${iv.n1}) vs ${reference} (${iv.x2}/${iv.n2}): intervals for the risk difference, risk ratio and odds ratio (${num(iv.confLevel * 100, 0)} %)`,
      ["Contrast", "Method", "Estimate", "Lower", "Upper", "SAS", "R", "Note"],
      iv.rows.map((x) => ({ cells: [nameOf(what, x.contrast), x.method, num(x.estimate), x.lower === null ? "not evaluable" : num(x.lower), x.upper === null ? "not evaluable" : num(x.upper), x.sas, x.r, x.note || ""],
        raw: { contrast: x.contrast, method: x.method, estimate: x.estimate, lower: x.lower, upper: x.upper, sas: x.sas, r: x.r, note: x.note } })),
      "stats intervals", { columns: ["contrast", "method", "estimate", "lower", "upper", "sas", "r", "note"] }));
}

/** @param {Report} r @param {Ctx} ctx */
function rescueSection(r, ctx) {
  const { win, lvl } = ctx;
  const s = r.settings;
  const label = s.rescueOpioidOnly ? "Opioid rescue" : "Rescue medication";
  const out = [];
  for (const c of r.comparisons) {
    const q = c.rescue;
    if (isErr(q)) { out.push(el("p", { class: "not-evaluable" }, `${c.active} vs ${c.reference}: `, errCell(q))); continue; }
    const mme = isErr(q.mme) ? null : q.mme;
    /** @type {(name: string, pr: import("../pkg/analgesic_endpoints").Proportion, cnt: Summary, mme: Summary | null, t: import("../pkg/analgesic_endpoints").RescueTotals) => Row} */
    const rRow = (name, pr, cnt, mme, t) => ({ cells: [name, pr.n, `${pr.events} (${pct(pr.proportion)})`, `${t.administrations}; ${num(cnt.mean, 2)} (${num(cnt.sd, 2)})`, mme && t.totalMme !== null ? `${num(t.totalMme, 1)}; ${num(mme.mean, 1)} (${num(mme.sd, 1)})` : "not evaluable"],
      raw: { arm: name, n: pr.n, rescued: pr.events, proportion: pr.proportion, administrations_total: t.administrations, administrations_mean: cnt.mean, administrations_sd: cnt.sd, mme_total: mme ? t.totalMme : null, mme_mean: mme ? mme.mean : null, mme_sd: mme ? mme.sd : null } });
    out.push(table(`${label} ${win} by arm`, ["Arm", "n", "Rescued", "Administrations: total; mean (SD)", "MME: total; mean (SD)"],
      [rRow(c.active, q.any.active, q.count.active, mme && mme.active, q.activeTotals), rRow(c.reference, q.any.reference, q.count.reference, mme && mme.reference, q.referenceTotals)], "arms",
      { columns: ["arm", "n", "rescued", "proportion", "administrations_total", "administrations_mean", "administrations_sd", "mme_total", "mme_mean", "mme_sd"] }));
    const rows = [
      ...binaryRows(q.any, "Rescue use"),
      shiftRow("Administrations: Wilcoxon, Hodges-Lehmann shift", q.count.wilcoxon),
      shiftRow("Total MME: Wilcoxon, Hodges-Lehmann shift", isErr(q.mme) ? q.mme : q.mme.wilcoxon),
    ];
    if (c.stratified) {
      const m = c.stratified.cmh;
      rows.push(statRow(`Rescue use: CMH by ${c.stratified.column} (Mantel-Haenszel odds ratio)`, m, (t) => t.oddsRatio, (t) => t.confInt,
        (t) => [`χ² = ${num(t.statistic)}, df = 1${t.correct ? ", corrected" : ""}; ${t.strataUsed} strata`,
          { statistic_name: "chisq", statistic: t.statistic, df: 1, strata: t.strataUsed, note: t.correct ? "continuity correction" : null }], (t) => t.pValue));
      if (!isErr(m)) {
        /** @type {[string, import("../pkg/analgesic_endpoints").Homogeneity | null][]} */
        const tests = [["Breslow-Day", m.breslowDay], ["Breslow-Day-Tarone", m.breslowDayTarone], ["Woolf", m.woolf]];
        for (const [name, h] of tests) {
          rows.push(h ? statRow(`Homogeneity of odds ratios: ${name}`, h, null, null, chisq, (x) => x.pValue)
            : plainRow([`Homogeneity of odds ratios: ${name}`, "not estimable", "", "", ""], { note: "not estimable" }));
        }
      }
    }
    const vr = c.verdict.rescue;
    if (vr.pOneSided !== null) {
      rows.push(plainRow([`One-sided p, less rescue with ${c.active} (${vr.test})`, "–", "–", "", pval(vr.pOneSided)], { p: vr.pOneSided, note: "one-sided, favouring the active arm" }));
    }
    out.push(table(`${label} ${win}: ${c.active} vs ${c.reference}`, STATS_HEAD(lvl), rows, "stats", STATS_DATA));
    out.push(intervalsBox(`${label} ${win}`, c.active, c.reference, q.intervals, "rescue"));
    const srd = c.stratified && c.stratified.riskDifference;
    if (srd && isErr(srd)) out.push(el("p", {}, `Common risk difference by ${c.stratified.column}: `, errCell(srd)));
    else if (srd && !isErr(srd)) {
      const levels = c.stratified.levels;
      const head = `${c.active} − ${c.reference}`;
      /** @type {Row[]} */
      const rows = [
        { cells: [`Common risk difference, Mantel–Haenszel (Sato SE ${num(srd.mhSe)})`, num(srd.mhEstimate), srd.mhCi ? ci(srd.mhCi) : "not evaluable", "", pval(srd.mhPValue)],
          raw: { analysis: "common risk difference, Mantel-Haenszel (Sato)", estimate: srd.mhEstimate, lower: srd.mhCi ? srd.mhCi[0] : null, upper: srd.mhCi ? srd.mhCi[1] : null, se: srd.mhSe, p: srd.mhPValue } },
        { cells: ["Common risk difference, stratified Miettinen–Nurminen score (MH weights)", num(srd.mhEstimate), ci(srd.mnCi), srd.mnZ === null ? "" : `z = ${num(srd.mnZ)}`, pval(srd.mnPValue)],
          raw: { analysis: "common risk difference, stratified Miettinen-Nurminen", estimate: srd.mhEstimate, lower: srd.mnCi[0], upper: srd.mnCi[1], statistic_name: "z", statistic: srd.mnZ, p: srd.mnPValue } },
        { cells: [`Common risk difference, summary score (SAS; SE ${num(srd.summarySe)})`, num(srd.summaryEstimate), ci(srd.summaryCi), "", ""],
          raw: { analysis: "common risk difference, summary score (SAS)", estimate: srd.summaryEstimate, lower: srd.summaryCi[0], upper: srd.summaryCi[1], se: srd.summarySe } },
        ...srd.strata.map((st, i) => {
          const name = `${c.stratified.column} = ${levels[i] ?? i + 1}: ${st.table.a}/${st.table.a + st.table.b} vs ${st.table.c}/${st.table.c + st.table.d}`;
          // Each stratum's row is on the page and in the CSV; print keeps the common estimates.
          return { cls: "print-thin", cells: [name, num(st.riskDifference), st.newcombe ? `${ci(st.newcombe)} (Newcombe)` : "not evaluable", st.oddsRatio === null ? "OR not estimable" : `OR ${num(st.oddsRatio)}${st.woolf ? ` (${ci(st.woolf)})` : ""}`, st.note || ""],
            raw: { analysis: `stratum ${levels[i] ?? i + 1}`, estimate: st.riskDifference, lower: st.newcombe ? st.newcombe[0] : null, upper: st.newcombe ? st.newcombe[1] : null, statistic_name: "odds ratio", statistic: st.oddsRatio, note: st.note } };
        }),
      ];
      out.push(table(`${label} ${win} by ${c.stratified.column}: risk difference ${head} overall and within each stratum (weights n₁n₂/N)`, STATS_HEAD(lvl), rows, "stats", STATS_DATA));
      for (const w of srd.warnings) out.push(el("p", { class: "hint" }, w));
    }
    if (c.responders.length) {
      out.push(table(`Responders (reduction of time-weighted average pain from baseline) ${win}: ${c.active} vs ${c.reference}`, STATS_HEAD(lvl),
        c.responders.flatMap((rsp) => {
          const b = rsp.comparison, th = `≥ ${num(rsp.threshold * 100, 0)} %`;
          const counts = { threshold: rsp.threshold, responders_active: b.active.events, n_active: b.active.n, responders_reference: b.reference.events, n_reference: b.reference.n };
          // The counts row is a heading on the page; in the CSV the counts are columns of each test's row.
          return [[`${th}: ${b.active.events}/${b.active.n} vs ${b.reference.events}/${b.reference.n}`, "", "", "", ""],
            ...binaryRows(b, th).map((row) => ({ ...row, raw: { ...counts, ...row.raw } }))];
        }), "stats", { columns: ["threshold", "responders_active", "n_active", "responders_reference", "n_reference", ...STATS_COLUMNS] }));
      for (const rsp of c.responders) out.push(intervalsBox(`Responders ≥ ${num(rsp.threshold * 100, 0)} % ${win}`, c.active, c.reference, rsp.intervals, `responders-${num(rsp.threshold * 100, 0)}`));
    }
    const intervals = c.intervals;
    if (isErr(intervals)) out.push(el("p", { class: "not-evaluable" }, "Rescue per interval: ", errCell(intervals)));
    else if (intervals.length) {
      out.push(table(`${s.intervals.opioidOnly ? "Opioid rescue" : "Rescue"} per interval: ${c.active} vs ${c.reference} (Fisher's exact test, p adjusted over ${intervals.length} intervals)`,
        ["Interval", c.active, c.reference, "Odds ratio", "p", "Bonferroni", "Holm", "Hochberg", "Benjamini-Hochberg"],
        intervals.map((it, i) => {
          const b = it.comparison, f = b.fisher;
          const closed = i === intervals.length - 1 ? "]" : ")";
          return { cells: [`[${num(it.from, 1)}, ${num(it.to, 1)}${closed} h`, `${b.active.events}/${b.active.n}`, `${b.reference.events}/${b.reference.n}`,
            isErr(f) ? errCell(f) : num(f.oddsRatio), isErr(f) ? "" : pval(f.pValue), pval(it.pBonferroni), pval(it.pHolm), pval(it.pHochberg), pval(it.pBh)],
          raw: { from: it.from, to: it.to, closed_right: i === intervals.length - 1, rescued_active: b.active.events, n_active: b.active.n, rescued_reference: b.reference.events, n_reference: b.reference.n,
            odds_ratio: isErr(f) ? null : f.oddsRatio, or_lower: isErr(f) ? null : f.confInt[0], or_upper: isErr(f) ? null : f.confInt[1], p: isErr(f) ? null : f.pValue,
            p_bonferroni: it.pBonferroni, p_holm: it.pHolm, p_hochberg: it.pHochberg, p_bh: it.pBh, note: isErr(f) ? errText(f) : null } };
        }), "stats intervals", { columns: ["from", "to", "closed_right", "rescued_active", "n_active", "rescued_reference", "n_reference", "odds_ratio", "or_lower", "or_upper", "p", "p_bonferroni", "p_holm", "p_hochberg", "p_bh", "note"] }));
    }
  }
  out.push(el("p", { class: "hint" }, `Morphine equivalents: ${s.mme.version}${s.mme.useColumn ? "; the rescue table's MME column is used where given" : ""}.`));
  return section({ title: `${label} ${win}`, id: "r-rescue" }, out);
}

/** @param {Report} r @param {Ctx} ctx */
function modelsSection(r, ctx) {
  const { endpointName, win, lvl } = ctx;
  const m = r.models;
  const out = [];
  const a = m.ancova;
  const adj = [r.settings.model.baseline ? "baseline pain" : null, ...r.settings.model.covariates].filter(Boolean);
  if (isErr(a)) out.push(el("p", {}, "ANCOVA: ", errCell(a)));
  else {
    out.push(table(`ANCOVA of ${endpointName} ${win} on arm${adj.length ? ` + ${adj.join(" + ")}` : ""}: adjusted differences (n = ${a.nUsed}, residual SD ${num(a.sigma)})`,
      STATS_HEAD(lvl), a.differences.map((d) => {
        const row = tEstRow(`${d.arm} − ${a.reference}`, d);
        return { ...row, raw: { ...row.raw, n: a.nUsed, residual_sd: a.sigma } };
      }), "stats", { columns: [...STATS_COLUMNS, "n", "residual_sd"] }));
    if (a.lsMeans.length) {
      out.push(table("LS-means (estimated marginal means) by arm", ["Arm", "n", "LS-mean", "SE", lvl],
        a.lsMeans.map((l, i) => ({ cells: [l.arm, a.nPerArm[i], num(l.estimate), num(l.stdErr), ci(l.confInt)],
          raw: { arm: l.arm, n: a.nPerArm[i], lsmean: l.estimate, se: l.stdErr, lower: l.confInt[0], upper: l.confInt[1] } })), "arms",
        { columns: ["arm", "n", "lsmean", "se", "lower", "upper"] }));
    }
    const at = m.anova;
    /** @type {(rows: AnovaRow[], t: AnovaRow) => AnovaRow | undefined} */
    const same = (rows, t) => rows.find((x) => x.term === t.term);
    const fTests = isErr(at) ? el("p", {}, "F tests: ", errCell(at))
      : table(`F test of each term (${at.formula}; n = ${at.nUsed}; residual df ${at.residual.df}, R² = ${num(at.rSquared)}): type III sums of squares (SAS PROC GLM Type III SS; R car::Anova(fit, type = 3)), with the type II and sequential type I p-values`,
        ["Term (R · SAS)", "df", "Type III SS", "F", "p (III)", "p (II)", "p (I)"],
        at.type3.map((t) => {
          const t2 = same(at.type2, t), t1 = same(at.type1, t);
          return { cells: [`${t.term} · ${t.sasTerm}`, t.df, num(t.sumSq), num(t.statistic), pval(t.pValue), pval(t2 ? t2.pValue : null), pval(t1 ? t1.pValue : null)],
            raw: { term: t.term, sas_term: t.sasTerm, df: t.df, ss_type3: t.sumSq, f_type3: t.statistic, p_type3: t.pValue, ss_type2: t2 ? t2.sumSq : null, f_type2: t2 ? t2.statistic : null, p_type2: t2 ? t2.pValue : null,
              ss_type1: t1 ? t1.sumSq : null, f_type1: t1 ? t1.statistic : null, p_type1: t1 ? t1.pValue : null } };
        }), "stats", { columns: ["term", "sas_term", "df", "ss_type3", "f_type3", "p_type3", "ss_type2", "f_type2", "p_type2", "ss_type1", "f_type1", "p_type1"] });
    out.push(el("details", { class: "coefficients", id: "r-coefficients" }, el("summary", {}, "Model coefficients and F tests (type I, II, III)"),
      table("Coefficients (R's summary(lm))", ["Term", "Estimate", "SE", "t", "p"],
        a.coefficients.map((c) => ({ cells: [c.term, num(c.estimate), num(c.stdErr), num(c.statistic), pval(c.pValue)],
          raw: { term: c.term, estimate: c.estimate, se: c.stdErr, t: c.statistic, p: c.pValue } })), "stats",
        { columns: ["term", "estimate", "se", "t", "p"] }), fTests));
    const pw = m.pairwise;
    if (pw && isErr(pw)) out.push(el("p", {}, "Pairwise comparisons: ", errCell(pw)));
    else if (pw && !isErr(pw)) {
      out.push(table(`All pairwise differences of LS-means (${num(pw.confLevel * 100, 0)} % CIs): unadjusted, Tukey (all pairs; R emmeans adjust = "tukey", SAS ADJUST=TUKEY) and Dunnett (each arm vs ${pw.reference}; SAS ADJUST=DUNNETT)`,
        ["Difference", "Estimate (SE)", "CI, unadjusted", "p", "CI, Tukey", "p, Tukey", "CI, Dunnett", "p, Dunnett"],
        pw.differences.map((d) => ({ cells: [`${d.arm1} − ${d.arm2}`, `${num(d.estimate)} (${num(d.stdErr)})`, ci(d.confInt), pval(d.pValue), ci(d.confIntTukey), pval(d.pTukey), d.confIntDunnett ? ci(d.confIntDunnett) : "–", d.pDunnett === null ? "–" : pval(d.pDunnett)],
          raw: { arm1: d.arm1, arm2: d.arm2, estimate: d.estimate, se: d.stdErr, df: d.df, t: d.statistic, lower: d.confInt[0], upper: d.confInt[1], p: d.pValue,
            lower_tukey: d.confIntTukey[0], upper_tukey: d.confIntTukey[1], p_tukey: d.pTukey, lower_dunnett: d.confIntDunnett ? d.confIntDunnett[0] : null, upper_dunnett: d.confIntDunnett ? d.confIntDunnett[1] : null, p_dunnett: d.pDunnett } })),
        "stats", { columns: ["arm1", "arm2", "estimate", "se", "df", "t", "lower", "upper", "p", "lower_tukey", "upper_tukey", "p_tukey", "lower_dunnett", "upper_dunnett", "p_dunnett"] }));
    }
    for (const w of a.warnings) out.push(el("p", { class: "hint" }, w));
  }
  for (const sg of m.subgroups) {
    if (isErr(sg)) { out.push(el("p", {}, "Subgroup analysis: ", errCell(sg))); continue; }
    const it = sg.interaction;
    const rows = sg.levels.flatMap((lv) => {
      const n = `n = ${lv.n} (${lv.nPerArm.map((k, i) => `${r.arms[i]?.name}: ${k}`).join(", ")})`;
      const level = { subgroup: sg.subgroup, level: lv.level, n: lv.n };
      const est = lv.effects.map((e) => {
        const row = tEstRow(`${sg.subgroup} = ${lv.level}: ${e.arm} − ${sg.reference}; ${n}`, e);
        return { ...row, raw: { ...row.raw, ...level, arm: e.arm } };
      });
      const ne = lv.notEstimable.map((arm) => plainRow([`${sg.subgroup} = ${lv.level}: ${arm} − ${sg.reference}; ${n}`, "not estimable", "", "", ""], { ...level, arm, note: "not estimable" }));
      return [...est, ...ne];
    });
    // The interaction test (in the caption on the page) is the CSV's first row.
    const interaction = { analysis: `Treatment × ${sg.subgroup} interaction`, statistic_name: "F", statistic: it.statistic, df: it.df1, df2: it.df2, p: it.pValue };
    out.push(table(`Treatment × ${sg.subgroup}: interaction F = ${num(it.statistic)} on ${it.df1} and ${it.df2} df, p = ${pval(it.pValue)}; effect within each subgroup`,
      STATS_HEAD(lvl), rows, "stats subgroup", { columns: ["subgroup", "level", "arm", "n", ...STATS_COLUMNS], rows: [interaction, ...rows.map((x) => x.raw)] }));
  }
  for (const st of m.subgroupTests) {
    const rows = st.levels.map((t) => {
      const row = ttRow(`${st.subgroup} = ${t.level}: ${t.arm} − ${st.reference}; n = ${t.nActive}, ${t.nReference}`, t.welch, 1);
      return { ...row, raw: { ...row.raw, subgroup: st.subgroup, level: t.level, arm: t.arm, n_active: t.nActive, n_reference: t.nReference } };
    });
    out.push(table(`${endpointName} ${win} within each level of ${st.subgroup}: separate Welch t-tests (no model, unadjusted)${st.missing ? `; ${st.missing} subject(s) without a ${st.subgroup} value left out` : ""}`,
      STATS_HEAD(lvl), rows, "stats subgroup", { columns: ["subgroup", "level", "arm", "n_active", "n_reference", ...STATS_COLUMNS] }));
  }
  for (const md of m.moderators) {
    if (isErr(md)) { out.push(el("p", {}, "Moderator analysis: ", errCell(md))); continue; }
    const it = md.interaction;
    for (const cv of md.curves) {
      const jn = jnText(cv.johnsonNeyman, md.range);
      const rows = [
        tEstRow(`Change in effect per unit of ${md.moderator}`, cv.slope),
        ...cv.points.map((p, i) => {
          const row = tEstRow(`${md.moderator} = ${num(p.value, 2)}${p.user ? " (requested)" : ""}`, p);
          return { ...row, cls: thin(p, i, cv.points), raw: { ...row.raw, analysis: `effect at ${md.moderator} value${p.user ? " (requested)" : ""}`, moderator_value: p.value } };
        }),
      ];
      // The caption's interaction test and Johnson-Neyman bounds are rows of the CSV.
      const extra = [{ analysis: `Treatment × ${md.moderator} interaction`, statistic_name: "F", statistic: it.statistic, df: it.df1, df2: it.df2, p: it.pValue },
        ...cv.johnsonNeyman.map((v) => ({ analysis: `Johnson-Neyman bound${v < md.range[0] || v > md.range[1] ? " (outside the observed range)" : ""}`, moderator_value: v }))];
      out.push(table(`Treatment × ${md.moderator} (observed ${num(md.range[0], 2)} to ${num(md.range[1], 2)}): interaction F = ${num(it.statistic)} on ${it.df1} and ${it.df2} df, p = ${pval(it.pValue)}. ${cv.arm} − ${md.reference} across ${md.moderator}; ${jn}`,
        STATS_HEAD(lvl), rows, "stats moderator",
        { columns: ["arm", "moderator_value", ...STATS_COLUMNS], rows: [extra[0], ...rows.map((x) => ({ arm: cv.arm, ...x.raw })), ...extra.slice(1)] }));
    }
  }
  const figs = [figure(forestPlot(r, `${endpointName} ${win}`), "subgroups-forest", "Squares: difference from the reference arm (ANCOVA for all subjects; the interaction model within subgroups); lines: confidence intervals.")];
  for (const md of m.moderators) {
    if (isErr(md)) continue;
    for (const cv of md.curves) figs.push(figure(moderatorPlot(r, md, cv, endpointName), `effect-across-${md.moderator}`.toLowerCase(), `Estimated difference across the observed range of ${columnLabel(r, md.moderator)}, with the pointwise confidence band.`));
  }
  out.push(el("div", { class: "figures" }, figs));
  if (!m.subgroups.length && !m.moderators.length) {
    out.push(el("p", { class: "hint" }, "Choose subgroup or moderator columns under “Covariates, subgroups and strata” for interaction analyses."));
  }
  return section({ title: `Covariate-adjusted and subgroup analyses of ${endpointName} ${win}`, id: "r-models" }, out);
}

/**
 * The class of a moderator table's row that print leaves out: the grid points when the user
 * asked for values (the figure draws the whole curve and the CSV has every row), else all but
 * every fourth grid point.
 * @param {{ user: boolean }} p @param {number} i @param {{ user: boolean }[]} all
 */
const thin = (p, i, all) => (!p.user && (all.some((q) => q.user) || i % 4 !== 0) ? "print-thin" : undefined);

/**
 * An odds ratio with its limits (as the report gives them) and the Wald test of its log; with no
 * odds ratio given, the log-odds estimate itself (e.g. an interaction slope).
 * @type {(name: string, z: ZEstimate | null | undefined, or?: { ratio: number | null, ci: number[] | null } | null, note?: string) => Row}
 */
const orRow = (name, z, or = null, note = undefined) => {
  if (!z) return plainRow([name, "not evaluable", "", "", ""], { note: "not evaluable" });
  const [est, lim] = or && or.ratio !== null && or.ci ? [or.ratio, or.ci] : [z.estimate, z.confInt];
  return { cells: [name, num(est), ci(lim), `${or ? "log OR" : "estimate"} ${num(z.estimate)}, SE ${num(z.stdErr)}, z = ${num(z.statistic)}`, pval(z.pValue)],
    raw: { analysis: name, estimate: est, lower: lim[0], upper: lim[1], statistic_name: "z", statistic: z.statistic, se: z.stdErr, p: z.pValue, note: note || (or ? "odds ratio; SE of the log odds ratio" : "log scale") } };
};
/** @type {(name: string, t: LrTest | null | undefined) => Row} */
const lrRow = (name, t) => (t
  ? { cells: [name, "–", "–", `χ² = ${num(t.statistic)}, df = ${t.df}`, pval(t.pValue)], raw: { analysis: name, estimate: null, lower: null, upper: null, statistic_name: "chisq", statistic: t.statistic, df: t.df, p: t.pValue } }
  : plainRow([name, "not evaluable", "", "", ""], { note: "not evaluable" }));

/**
 * Logistic models of rescue use: the adjusted odds ratio (Firth's under separation), the
 * standardised marginal effects, and the subgroup and moderator interactions with their plots.
 * @param {Report} r @param {Ctx} ctx
 */
function rescueModelsSection(r, ctx) {
  const { win, lvl } = ctx;
  const rm = r.models.rescue;
  const several = r.arms.length > 2;
  /** @param {{ nUsed: number }} m */
  const g = (m) => `n = ${m.nUsed}`;
  const what = `${r.settings.rescueOpioidOnly ? "opioid rescue" : "rescue-medication"} use ${win}`;
  const title = `Covariate-adjusted and subgroup analyses of ${what}`;
  if (isErr(rm)) return section({ title, id: "r-rescue-models" }, el("p", { class: "not-evaluable" }, errCell(rm)));
  const out = [];
  const adj = [r.settings.model.baseline ? "baseline pain" : null, ...r.settings.model.covariates].filter(Boolean);
  const design = `arm${adj.length ? ` + ${adj.join(" + ")}` : ""}`;
  const lg = rm.logistic;
  if (isErr(lg)) out.push(el("p", {}, "Logistic regression: ", errCell(lg)));
  else if (lg.separation) {
    out.push(el("p", { class: "not-evaluable" }, `Logistic regression on ${design}: ${lg.separation.message}. Firth's penalised likelihood is shown instead.`));
    const f = lg.firth;
    if (f) {
      out.push(table(`Firth logistic regression of ${what} on ${design} (n = ${f.nUsed}): odds ratios`, STATS_HEAD(lvl),
        [...f.oddsRatios.map((o) => orRow(`${o.arm} vs ${f.reference}: odds ratio (Firth; profile penalised-likelihood CI ${ci(o.profileConfInt)})`, o.logOddsRatio, { ratio: o.oddsRatio, ci: o.waldConfInt }, "Firth odds ratio, Wald CI")),
          lrRow("Arm: penalised likelihood-ratio test", f.armTest)], "stats", STATS_DATA));
    }
  } else {
    const rows = lg.oddsRatios.flatMap((o) => [
      orRow(`${o.arm} vs ${lg.reference}: odds ratio (Wald CI)`, o.logOddsRatio, { ratio: o.oddsRatio, ci: o.waldConfInt }),
      plainRow([`${o.arm} vs ${lg.reference}: odds ratio (profile-likelihood CI)`, num(o.oddsRatio), o.profileConfInt.every((x) => x === null) ? "not computed" : ci(o.profileConfInt), "–", "–"],
        { estimate: o.oddsRatio, lower: o.profileConfInt[0], upper: o.profileConfInt[1], note: "profile likelihood" }),
    ]);
    rows.push(lrRow(`Arm: likelihood-ratio test (${lg.oddsRatios.length} df)`, lg.armTest));
    out.push(table(`Logistic regression of ${what} on ${design} (n = ${lg.nUsed}; events ${lg.eventsPerArm.map((e, i) => `${r.arms[i]?.name} ${e}/${lg.nPerArm[i]}`).join(", ")})`,
      STATS_HEAD(lvl), rows, "stats", STATS_DATA));
    out.push(el("details", { class: "coefficients" }, el("summary", {}, "Logistic model coefficients"),
      table("Coefficients (R's summary(glm))", ["Term", "Estimate", "SE", "z", "p"],
        lg.coefficients.map((c) => ({ cells: [c.term, num(c.estimate), num(c.stdErr), num(c.statistic), pval(c.pValue)],
          raw: { term: c.term, estimate: c.estimate, se: c.stdErr, z: c.statistic, p: c.pValue } })), "stats",
        { columns: ["term", "estimate", "se", "z", "p"] })));
  }
  if (!isErr(lg)) for (const w of lg.warnings) out.push(el("p", { class: "hint" }, w));
  const mg = rm.marginal;
  if (isErr(mg)) out.push(el("p", {}, "Marginal effects: ", errCell(mg)));
  else {
    out.push(table(`Covariate-adjusted (standardised) risk of ${what} by arm, from the logistic model (n = ${mg.nUsed})`, ["Arm", "n", "Events", "Standardised risk", "SE (Ge)", "SE (Ye, robust)"],
      mg.risks.map((k) => ({ cells: [k.arm, k.n, k.events, pct(k.risk), num(k.stdErrGe), num(k.stdErrYe)], raw: { arm: k.arm, n: k.n, events: k.events, risk: k.risk, se_ge: k.stdErrGe, se_ye: k.stdErrYe } })), "arms",
      { columns: ["arm", "n", "events", "risk", "se_ge", "se_ye"] }));
    /** @type {Row[]} */
    const rows = [];
    for (const c of mg.contrasts) {
      for (const [label, m, ratio] of /** @type {[string, MarginalMeasure, boolean][]} */ ([["risk difference", c.riskDifference, false], ["risk ratio", c.riskRatio, true], ["odds ratio", c.oddsRatio, true]])) {
        // Ye's robust variance in the row; Ge's model-based one beside it (and in the CSV).
        const name = `${c.arm} vs ${mg.reference}: ${label}`;
        const log = ratio ? " of log" : "";
        rows.push({ cells: [name, num(m.estimate), `${ci(m.ye.confInt)} (Ge: ${ci(m.ge.confInt)})`, `SE${log} ${num(m.ye.stdErr)} (Ge ${num(m.ge.stdErr)}), z = ${num(m.ye.statistic)}`, `${pval(m.ye.pValue)} (Ge ${pval(m.ge.pValue)})`],
          raw: { analysis: name, estimate: m.estimate, lower: m.ye.confInt[0], upper: m.ye.confInt[1], statistic_name: "z", statistic: m.ye.statistic, se: m.ye.stdErr, p: m.ye.pValue,
            lower_ge: m.ge.confInt[0], upper_ge: m.ge.confInt[1], z_ge: m.ge.statistic, se_ge: m.ge.stdErr, p_ge: m.ge.pValue, note: ratio ? "SE of the log ratio" : null } });
      }
    }
    out.push(table(`Marginal (covariate-adjusted) effects on ${what} by g-computation, ${g(mg)}: Ye's robust variance (Ge's model-based variance in parentheses)`, STATS_HEAD(lvl), rows, "stats",
      { columns: [...STATS_COLUMNS, "lower_ge", "upper_ge", "z_ge", "se_ge", "p_ge"] }));
    for (const w of mg.warnings) out.push(el("p", { class: "hint" }, w));
  }
  for (const sg of rm.subgroups) {
    if (isErr(sg)) { out.push(el("p", {}, "Subgroup analysis (logistic): ", errCell(sg))); continue; }
    const it = sg.interaction;
    const rows = sg.levels.flatMap((lv) => {
      const n = `n = ${lv.n}`;
      const est = lv.effects.flatMap((e) => [
        orRow(`${lv.level} (${n}): ${several ? `${e.arm}, ` : ""}odds ratio`, e.logOddsRatio, { ratio: e.oddsRatio, ci: e.oddsRatioConfInt }),
        e.riskDifference
          ? { cells: [`${lv.level}: ${several ? `${e.arm}, ` : ""}risk difference (${pct(e.riskActive)} vs ${pct(e.riskReference)})`, num(e.riskDifference.estimate), ci(e.riskDifference.confInt), `z = ${num(e.riskDifference.statistic)}`, pval(e.riskDifference.pValue)],
            raw: { analysis: `${sg.subgroup} = ${lv.level}: ${e.arm} − ${sg.reference}, risk difference`, estimate: e.riskDifference.estimate, lower: e.riskDifference.confInt[0], upper: e.riskDifference.confInt[1], statistic_name: "z", statistic: e.riskDifference.statistic, se: e.riskDifference.stdErr, p: e.riskDifference.pValue } }
          : plainRow([`${lv.level}: ${several ? `${e.arm}, ` : ""}risk difference`, "not evaluable", "", "", ""], { note: "no variation within the level" }),
      ]);
      const ne = lv.notEstimable.map((arm) => plainRow([`${sg.subgroup} = ${lv.level}: ${arm} vs ${sg.reference}; ${n}`, "not estimable", "", "", ""], { note: "not estimable" }));
      return [...est, ...ne];
    });
    const head = it ? `likelihood-ratio χ² = ${num(it.statistic)} on ${it.df} df, p = ${pval(it.pValue)}` : `interaction not evaluable${sg.separation ? `: ${sg.separation.message}` : ""}`;
    out.push(table(`Treatment × ${sg.subgroup} for ${what}: ${head}; effect within each level (odds ratio from the interaction model, risk difference from the level's own proportions)`,
      STATS_HEAD(lvl), [lrRow(`Treatment × ${sg.subgroup} interaction`, it), ...rows], "stats subgroup", STATS_DATA));
  }
  for (const md of rm.moderators) {
    if (isErr(md)) { out.push(el("p", {}, "Moderator analysis (logistic): ", errCell(md))); continue; }
    const it = md.interaction;
    for (const cv of md.curves) {
      const jn = jnText(cv.johnsonNeyman, md.range);
      const rows = [lrRow(`Treatment × ${md.moderator} interaction`, it), orRow(`Change in the log odds ratio per unit of ${md.moderator}`, cv.slope),
        ...cv.points.map((p, i) => ({ ...orRow(`${md.moderator} = ${num(p.value, 2)}${p.user ? " (requested)" : ""}: odds ratio`, p, { ratio: p.oddsRatio, ci: p.oddsRatioConfInt }), cls: thin(p, i, cv.points) }))];
      out.push(table(`Treatment × ${md.moderator} for ${what} (observed ${num(md.range[0], 2)} to ${num(md.range[1], 2)}): ${cv.arm} vs ${md.reference}, odds ratio across ${md.moderator}; ${jn}`,
        STATS_HEAD(lvl), rows, "stats moderator", STATS_DATA));
    }
  }
  const figs = [figure(rescueForestPlot(r, what), "rescue-subgroups-forest", "Squares: odds ratio of rescue use against the reference arm (the adjusted logistic model for all subjects; the interaction model within subgroups); lines: confidence intervals; log scale.")];
  for (const md of rm.moderators) {
    if (isErr(md)) continue;
    for (const cv of md.curves) figs.push(figure(rescueModeratorPlot(r, md, cv, what), `rescue-effect-across-${md.moderator}`.toLowerCase(), `Odds ratio of rescue use across the observed range of ${columnLabel(r, md.moderator)}, with the pointwise confidence band (log scale).`));
  }
  out.push(el("div", { class: "figures" }, figs));
  return section({ title, id: "r-rescue-models" }, out);
}

/** @param {KmQuantile} q */
function kmQuantile(q, sas = false) {
  if (q.time === null) return sas ? "not estimable" : "not reached";
  const lo = q.lower === null ? "–" : num(q.lower, 2), hi = q.upper === null ? "not reached" : num(q.upper, 2);
  return `${num(q.time, 2)} (${lo} to ${hi})${q.flatToEnd ? "*" : ""}`;
}
/**
 * A Kaplan-Meier quantile as CSV columns `<name>`, `<name>_lower`, `<name>_upper` (empty when
 * not reached) and `<name>_flat` (the curve is flat at this level to the end).
 * @param {string} name @param {KmQuantile} q @returns {Raw}
 */
const kmQuantileRaw = (name, q) => ({ [name]: q.time, [`${name}_lower`]: q.lower, [`${name}_upper`]: q.upper, [`${name}_flat`]: q.flatToEnd });

/** @param {Report} r @param {Ctx} ctx */
function timeSection(r, ctx) {
  const t = r.timeToRescue;
  const s = r.settings;
  const origin = s.timeToRescue.landmark ? `the window start (${hours(s.window.start)}, landmark)` : hours(s.timeToRescue.origin);
  const out = [el("p", { class: "hint" }, `Hours from ${origin} to the first ${s.rescueOpioidOnly ? "opioid " : ""}rescue, censored at the window end (${hours(s.window.end)}).`)];
  const arms = r.arms.map((a) => a.name);
  const km = t.kaplanMeier;
  if (isErr(km)) out.push(el("p", {}, "Kaplan-Meier: ", errCell(km)));
  else {
    out.push(figure(kmPlot(r), "time-to-first-rescue", "Kaplan–Meier estimate of the proportion of subjects without rescue; ticks mark censored subjects; the numbers at risk are under the time axis's ticks."));
    const sas = km.convention === "sas";
    const lvl = `${num(km.confLevel * 100, 0)} % CI, ${nameOf(KM_CONF_TYPE, km.confType)}${sas ? "; SAS LIFETEST conventions" : ""}`;
    out.push(table(`Kaplan-Meier estimates by arm (${lvl})`, ["Arm", "n", "Rescued", "Median, h (CI)", "25th percentile, h (CI)", "75th percentile, h (CI)"],
      km.groups.map((g, i) => ({ cells: [arms[i], g.n, g.nEvent, kmQuantile(g.median, sas), kmQuantile(g.quantiles[0], sas), kmQuantile(g.quantiles[2], sas)],
        raw: { arm: arms[i], n: g.n, rescued: g.nEvent, ...kmQuantileRaw("median", g.median), ...kmQuantileRaw("q25", g.quantiles[0]), ...kmQuantileRaw("q75", g.quantiles[2]) } })), "arms",
      { columns: ["arm", "n", "rescued", ...["median", "q25", "q75"].flatMap((q) => [q, `${q}_lower`, `${q}_upper`, `${q}_flat`])] }));
    if (!sas && km.groups.some((g) => g.quantiles.some((q) => q.flatToEnd))) out.push(el("p", { class: "hint" }, "* the curve is flat at this level to the end; R reports the midpoint (SAS reports it as not estimable)."));
    const times = km.groups[0]?.atTimes.map((a) => a.time) || [];
    // On the page one column per time; in the CSV one row per arm and time.
    out.push(table("Number at risk (survival without rescue)", ["Arm", ...times.map((x) => hours(x))],
      km.groups.map((g, i) => [arms[i], ...g.atTimes.map((a) => `${a.nRisk} (${a.estimable ? pct(a.surv) : "not estimable"})`)]), "arms at-risk",
      { columns: ["arm", "time", "n_risk", "survival"], rows: km.groups.flatMap((g, i) => g.atTimes.map((a) => ({ arm: arms[i], time: a.time, n_risk: a.nRisk, survival: a.estimable ? a.surv : null }))) }));
  }
  const rows = [];
  const lr = t.logRank;
  rows.push(statRow(`Log-rank test, ${arms.length} arms`, lr, null, null, (x) => [`χ² = ${num(x.statistic)}, df = ${x.df}; observed/expected ${x.observed.map((o, i) => `${o}/${num(x.expected[i], 1)}`).join(", ")}`,
    { ...chisq(x)[1], note: `observed/expected by arm: ${x.observed.map((o, i) => `${arms[i]} ${o}/${x.expected[i]}`).join("; ")}` }], (x) => x.pValue));
  const cox = t.cox;
  if (isErr(cox)) rows.push(statRow("Cox proportional hazards", cox, null, null, null, null));
  else {
    for (const c of cox.coefficients.filter((c) => c.group !== null)) {
      rows.push(statRow(`Cox hazard ratio ${arms[c.group]} vs ${arms[cox.reference]} (${nameOf(COX_TIES, cox.ties)} ties)`, c, (x) => x.hazardRatio, (x) => [x.lower, x.upper],
        (x) => [`z = ${num(x.z)}`, { statistic_name: "z", statistic: x.z }], (x) => x.pValue));
    }
    rows.push(statRow("Cox likelihood-ratio test", cox.lrTest, null, null, chisq, (x) => x.pValue));
  }
  const st = t.stratified;
  if (st) {
    const by = `stratified by ${st.column}${st.excluded ? ` (${st.excluded} subject(s) without a value left out)` : ""}`;
    rows.push(statRow(`Log-rank test ${by}`, st.logRank, null, null, chisq, (x) => x.pValue));
    if (isErr(st.cox)) rows.push(statRow(`Cox model ${by}`, st.cox, null, null, null, null));
    else {
      for (const c of st.cox.coefficients.filter((c) => c.group !== null)) {
        rows.push(statRow(`Cox hazard ratio ${arms[c.group]} vs ${arms[st.cox.reference]}, ${by}`, c, (x) => x.hazardRatio, (x) => [x.lower, x.upper],
          (x) => [`z = ${num(x.z)}`, { statistic_name: "z", statistic: x.z }], (x) => x.pValue));
      }
    }
  }
  const rm = t.rmst;
  if (isErr(rm)) rows.push(statRow("Restricted mean time without rescue", rm, null, null, null, null));
  else {
    for (const c of rm.contrasts) {
      rows.push(plainRow([`Restricted mean time without rescue to ${hours(rm.tau)}: ${arms[c.group]} − ${arms[c.reference]} (h)`, num(c.difference), ci([c.lower, c.upper]), `z = ${num(c.z)}`, pval(c.pValue)],
        { analysis: `RMST difference to ${rm.tau} h`, estimate: c.difference, lower: c.lower, upper: c.upper, statistic_name: "z", statistic: c.z, se: c.se, p: c.pValue }));
    }
  }
  out.push(table("Time to first rescue: tests", STATS_HEAD(`${num(r.settings.confLevel * 100, 0)} % CI`), rows, "stats", STATS_DATA));
  if (!isErr(rm)) {
    out.push(table(`Restricted mean time without rescue up to ${hours(rm.tau)} (area under the Kaplan–Meier curve)`, ["Arm", "n", "Rescued", "RMST, h (SE)", `${num(rm.confLevel * 100, 0)} % CI`],
      rm.arms.map((a) => ({ cells: [arms[a.group], a.n, a.nEvent, `${num(a.rmst, 2)} (${num(a.se, 2)})`, ci([a.lower, a.upper])],
        raw: { arm: arms[a.group], n: a.n, rescued: a.nEvent, rmst: a.rmst, se: a.se, lower: a.lower, upper: a.upper } })), "arms",
      { columns: ["arm", "n", "rescued", "rmst", "se", "lower", "upper"] }));
  }
  return section({ title: "Time to first rescue", id: "r-time-to-rescue" }, out);
}

/** @param {Report} r @param {Ctx} ctx */
function multiArmSection(r, ctx) {
  const m = r.multiArm;
  const { endpointName, win } = ctx;
  const rows = [
    statRow(`${endpointName}: Kruskal-Wallis`, m.kruskalWallis, null, null, chisq, (x) => x.pValue),
    statRow(`${endpointName}: one-way ANOVA`, m.anova, null, null, (x) => [`F = ${num(x.statistic)} on ${x.df1} and ${x.df2} df`, { statistic_name: "F", statistic: x.statistic, df: x.df1, df2: x.df2 }], (x) => x.pValue),
    statRow(`${endpointName}: Welch's ANOVA`, m.welchAnova, null, null, (x) => [`F = ${num(x.statistic)} on ${x.df1} and ${num(x.df2, 1)} df`, { statistic_name: "F", statistic: x.statistic, df: x.df1, df2: x.df2 }], (x) => x.pValue),
    statRow("Rescue use: k × 2 χ²", m.rescueChisq, null, null, chisq, (x) => x.pValue),
  ];
  if (!isErr(r.timeToRescue.logRank)) {
    const lr = r.timeToRescue.logRank;
    rows.push(statRow("Time to first rescue: k-group log-rank", lr, null, null, chisq, (x) => x.pValue));
  }
  const several = r.arms.length > 2;
  return section({ title: several ? `Several arms (${r.arms.length})` : "Global tests", id: "r-several-arms" },
    table(`Global tests across all ${r.arms.length} arms, ${win}`, ["Test", "Estimate", "CI", "Statistic", "p"], rows, "stats", STATS_DATA),
    several ? table(`Each active arm vs ${r.settings.referenceArm}: verdict p-values adjusted over ${m.adjusted.length} comparisons`,
      ["Active arm", "Pain p", "Bonferroni", "Holm", "Rescue p", "Bonferroni", "Holm"],
      m.adjusted.map((a) => ({ cells: [a.active, pval(a.painP), pval(a.painBonferroni), pval(a.painHolm), pval(a.rescueP), pval(a.rescueBonferroni), pval(a.rescueHolm)],
        raw: { arm: a.active, pain_p: a.painP, pain_bonferroni: a.painBonferroni, pain_holm: a.painHolm, rescue_p: a.rescueP, rescue_bonferroni: a.rescueBonferroni, rescue_holm: a.rescueHolm } })),
      "stats adjusted", { columns: ["arm", "pain_p", "pain_bonferroni", "pain_holm", "rescue_p", "rescue_bonferroni", "rescue_holm"] }) : null);
}

/**
 * The baseline characteristics table: one row group per variable (numeric: mean (SD), median
 * [Q1, Q3], min to max; categorical: n (%) per level, indented), columns per arm and overall with
 * their n, and the standardized difference of each active arm against the reference. A
 * difference that could not be computed says so, with its reason listed under the table.
 * @param {Report} r
 */
function baselineSection(r) {
  // Order statistics as the data give them, up to 2 decimals: "6 [5, 7]", "14.2 [9.88, 18.75]".
  const short = (/** @type {number | null} */ x) => { const t = num(x, 2); return t.includes(".") && !t.includes("e") ? t.replace(/\.?0+$/, "") : t; };
  const b = r.baseline;
  if (!b || !b.variables.length) return null;
  const several = b.smdArms.length > 1;
  const head = ["Variable", ...b.arms.map((a) => `${a.name} (n = ${a.n})`), `Overall (n = ${b.n})`,
    ...b.smdArms.map((a) => (several ? `SMD ${a} vs ${b.reference}` : "Standardized difference"))];
  const blank = () => b.smdArms.map(() => "");
  /** @type {string[]} */
  const reasons = [];
  /** @param {BaselineVariable} v @param {import("../pkg/analgesic_endpoints").Stat<number>[]} smd */
  const smdCells = (v, smd) => smd.map((d, i) => {
    if (!isErr(d)) return num(d);
    reasons.push(`${v.name}, ${b.smdArms[i]} vs ${b.reference}: ${d.error.replace(/^standardized difference: /, "")}`);
    return el("span", { class: "error", title: d.error }, "not evaluable");
  });
  // The baseline pain score is named by its subjects-table column, or "baseline pain" when it came from the pain table.
  const name = (/** @type {BaselineVariable} */ v) => (!v.baselinePain ? v.name
    : v.name.toLowerCase() === "baseline pain" ? `Baseline pain (${r.input.scaleLabel})` : `Baseline pain (${v.name}, ${r.input.scaleLabel})`);
  const level = (/** @type {string} */ label, /** @type {any[]} */ cells) => ({ cls: "level", cells: [label, ...cells] });
  const rows = [];
  for (const v of b.variables) {
    const x = v.values;
    if (x.kind === "notTabulated") {
      rows.push({ cls: "variable", cells: [name(v), el("span", { class: "hint" }, `not tabulated: ${x.reason}`), ...b.arms.map(() => ""), ...blank()] });
      continue;
    }
    rows.push({ cls: "variable", cells: [name(v), ...b.arms.map(() => ""), "", ...smdCells(v, x.smd)] });
    if (x.kind === "numeric") {
      const cols = [...x.arms, x.overall];
      rows.push(level("Mean (SD)", [...cols.map((s) => (s.mean === null ? "–" : `${num(s.mean, 2)} (${num(s.sd, 2)})`)), ...blank()]));
      rows.push(level("Median [Q1, Q3]", [...cols.map((s) => (s.median === null ? "–" : `${short(s.median)} [${short(s.q1)}, ${short(s.q3)}]`)), ...blank()]));
      rows.push(level("Min to max", [...cols.map((s) => (s.min === null ? "–" : `${short(s.min)} to ${short(s.max)}`)), ...blank()]));
      if (x.overall.missing > 0) rows.push(level("Missing", [...cols.map((s) => s.missing), ...blank()]));
    } else {
      const cols = [...x.arms, x.overall];
      x.levels.forEach((l, i) => rows.push(level(l, [...cols.map((c) => `${c.counts[i]} (${c.percent[i] === null ? "–" : pct(c.percent[i] / 100)})`), ...blank()])));
      if (x.overall.missing > 0) rows.push(level("Missing", [...cols.map((c) => c.missing), ...blank()]));
    }
  }
  // The CSV: one value per row (variable, level, group, statistic, value), every number as the report holds it.
  /** @type {Record<string, string | number | null>[]} */
  const raw = [];
  const put = (/** @type {string} */ variable, /** @type {string | null} */ level, /** @type {string} */ group, /** @type {string} */ statistic, /** @type {number | null} */ value) =>
    raw.push({ variable, level, group, statistic, value });
  const groups = [...b.arms.map((a) => a.name), "Overall"];
  for (const v of b.variables) {
    const x = v.values;
    if (x.kind === "notTabulated") continue;
    if (x.kind === "numeric") {
      [...x.arms, x.overall].forEach((c, g) => { for (const k of /** @type {const} */ (["n", "missing", "mean", "sd", "median", "q1", "q3", "min", "max"])) put(v.name, null, groups[g], k, c[k]); });
    } else {
      [...x.arms, x.overall].forEach((c, g) => {
        put(v.name, null, groups[g], "n", c.n);
        put(v.name, null, groups[g], "missing", c.missing);
        x.levels.forEach((l, i) => { put(v.name, l, groups[g], "count", c.counts[i]); put(v.name, l, groups[g], "percent", c.percent[i]); });
      });
    }
    x.smd.forEach((d, i) => put(v.name, null, `${b.smdArms[i]} vs ${b.reference}`, "standardized_difference", isErr(d) ? null : d));
  }
  const out = [table(`Baseline characteristics by arm, ${b.n} subjects analysed`, head, rows, "baseline",
    { columns: ["variable", "level", "group", "statistic", "value"], rows: raw })];
  out.push(el("p", { class: "hint" }, "SD: standard deviation (n − 1); quartiles as R's quantile(type = 7); percentages of the subjects with a value. "
    + `Standardized difference of each active arm against ${b.reference}: (mean difference)/√((SD₁² + SD₂²)/2) for a numeric variable (Austin 2009), `
    + "the multivariate form over the level proportions for a categorical one (Yang and Dalton 2012; never negative; for two levels |p₁ − p₂|/√((p₁(1 − p₁) + p₂(1 − p₂))/2)). "
    + "A numeric column is tabulated by level when it is marked categorical, or is the stratum or a subgroup."));
  if (reasons.length) out.push(el("ul", { class: "hint not-evaluable" }, reasons.map((t) => el("li", {}, t))));
  return section("Baseline characteristics", out);
}

/**
 * The generated methods text, with a button that copies it as plain text.
 * @param {Report} r
 */
function methodsSection(r) {
  const copy = el("button", { type: "button", class: "small", "data-export": "methods" }, "Copy text");
  copy.addEventListener("click", async () => {
    try { await navigator.clipboard.writeText(r.methods.paragraphs.join("\n\n")); copy.textContent = "Copied"; } catch { copy.textContent = "Copy failed (browser refused)"; }
    setTimeout(() => { copy.textContent = "Copy text"; }, 2000);
  });
  return section({ title: "Methods (generated from the settings used)", id: "r-methods" }, el("div", { class: "methods", "data-testid": "methods" }, r.methods.paragraphs.map((p) => el("p", {}, p))), copy);
}

/** Rows drawn in the per-subject table; the CSV download has every subject. */
const SUBJECT_ROWS = 2000;

/** @param {Report} r */
function subjectTable(r) {
  const head = ["Subject", "Arm", "Baseline", "AUC", "TWA", "SPID", "Scores in window", "Pain at start, end (as used)", "Imputed values (time: value, rule)", "Rescued", "Doses", "MME", "First rescue (h)"];
  const nImp = r.subjects.filter((s) => s.imputed.length).length;
  const box = el("details", { class: "subjects", id: "r-subjects" }, el("summary", {}, `Per-subject endpoints (${r.subjects.length} subjects, ${nImp} with imputed values)`));
  // Built when first opened: a table of many thousand rows would hold up the page for nothing.
  box.addEventListener("toggle", () => {
    if (!box.open || box.querySelector("table")) return;
    const shown = r.subjects.slice(0, SUBJECT_ROWS);
    const rows = shown.map((s) => [s.id, s.arm, num(s.baseline, 1), num(s.pain.auc, 2), num(s.pain.twa, 3), num(s.pain.spid, 2),
      s.pain.nInWindow, `${num(s.pain.atStart, 2)}, ${num(s.pain.atEnd, 2)}${s.pain.carriedEdge ? " (carried)" : ""}`,
      s.imputed.length ? el("span", { class: "imputed" }, s.imputed.map((p) => `${hours(p.time)}: ${num(p.value, 1)}, ${ruleText(p.rule)}`).join("; ")) : "",
      ...(s.rescue ? [s.rescue.any ? "yes" : "no", s.rescue.count, num(s.rescue.totalMme, 1),
        s.rescue.event ? num(s.rescue.timeToFirst, 2) : `> ${num(s.rescue.timeToFirst, 1)}`] : ["not evaluable", "", "", ""])]);
    if (shown.length < r.subjects.length) box.append(el("p", { class: "hint" }, `The first ${shown.length} of ${r.subjects.length} subjects are shown; "Per-subject values (CSV)" has them all.`));
    box.append(el("div", { class: "scroll" }, table("Per-subject values over the window", head, rows, "per-subject")));
  });
  return box;
}

/**
 * What was analysed and what the page decided for the user (population, subset, parameter,
 * records left out, times, inferred opioid status), each with its count — shown next to the
 * verdict, not at the bottom.
 * @param {Report} r
 */
function dataNotes(r) {
  const notes = (r.input.notes || []).map((n) => [n.code, `${n.message}.`]);
  for (const b of r.bands || []) {
    const how = b.quantiles ? `${b.quantiles} groups at R's type-7 quantiles` : "cut points given";
    notes.push(["band", `${b.column} banded (${how}): ${b.labels.map((l, i) => `${l} (n = ${b.counts[i]})`).join(", ")}.`]);
  }
  if (!notes.length) return null;
  return el("div", { class: "data-notes", "data-testid": "data-notes" },
    el("h3", {}, "Data analysed"),
    el("ul", {}, notes.map(([code, text]) => el("li", { "data-code": code }, text))));
}

/**
 * The result sections of a report, in reading order.
 * @param {Report} r
 */
export function renderReport(r) {
  const s = r.settings;
  const ctx = {
    win: `${s.window.start}–${s.window.end} h`,
    endpointName: nameOf(ENDPOINT, s.primaryEndpoint),
    lvl: `${Math.round(s.confLevel * 1000) / 10} % CI`,
  };
  const body = [];
  for (const c of r.comparisons) {
    const v = c.verdict;
    const outcome = v.success ? "co-primary endpoints met" : v.assessable ? "co-primary endpoints not met" : "co-primary endpoints could not be assessed";
    const several = r.comparisons.length > 1 ? ` With several active arms: ${v.multiplicity}.` : "";
    body.push(el("div", { class: `verdict ${v.success ? "success" : v.assessable ? "failure" : "unassessable"}`, "data-testid": "verdict" },
      el("h3", {}, `${c.active} vs ${c.reference}: ${outcome}`),
      el("p", { class: "verdict-summary", "data-testid": "verdict-summary" }, v.summary),
      el("ul", { class: "verdict-endpoints" }, [v.pain, v.rescue].map((e) =>
        el("li", { class: e.met ? "met" : "not-met", "data-testid": "verdict-endpoint" }, e.text))),
      el("p", { class: "hint" }, `α = ${v.alpha} two-sided.${several} ${v.framework}`)));
  }
  const data = dataNotes(r);
  if (data) body.push(data);
  // Assumptions and limits of this run, next to the verdict they qualify.
  if (r.warnings.length) {
    body.push(el("div", { class: "warnings report-warnings", role: "note", "data-testid": "report-warnings" }, el("h3", {}, "Warnings"),
      el("ul", {}, r.warnings.map((w) => el("li", { "data-code": w.code }, w.message)))));
  }
  const baseline = baselineSection(r);
  if (baseline) body.push(baseline);
  if (r.multiArm) body.push(multiArmSection(r, ctx));
  body.push(painSection(r, ctx), rescueSection(r, ctx), modelsSection(r, ctx), rescueModelsSection(r, ctx), timeSection(r, ctx));
  if (r.methods && r.methods.paragraphs.length) body.push(methodsSection(r));
  const notes = (r.input.warnings || []).map((w) => `${w.table} table: ${w.message}`);
  if (notes.length) body.push(el("div", { class: "warnings" }, el("h3", {}, "Notes"), el("ul", {}, notes.map((w) => el("li", {}, w)))));
  body.push(subjectTable(r));
  // Printed (and in the report document) instead of the per-subject table, which is left out.
  body.push(el("p", { class: "print-only hint subjects-note" }, `Per-subject values (${r.subjects.length} subjects, with each imputed value and its rule) are not printed: they are in the download "Per-subject values (CSV)".`));
  return body;
}
