// Two trials side by side: the other trial's tables (pasted, uploaded or the built-in Phase II
// example), both analysed in the worker with the page's options (`analyzeTrials`), and the
// comparison drawn: each endpoint per trial and pooled, a forest plot per endpoint, and what
// changed between the trials. Presentation only: every number comes from the core.
import * as engine from "./engine.js";
import { $, $$, el, num, pval, ci, table, section, isErr, errCell, download } from "./format.js";
import { forestChart, figure, populationText, rescueRuleText } from "./plots.js";
import { addTableTools, reportDocument } from "./export.js";
import { sniff, notText, decodeText, DATA_KINDS, HEAD, defaultDataset, datasetColumns, describeDataset } from "./files.js";

/** @typedef {import("../pkg/analgesic_endpoints").TwoTrials} TwoTrials */
/** @typedef {import("../pkg/analgesic_endpoints").TrialComparison} TrialComparison */
/** @typedef {import("../pkg/analgesic_endpoints").Table} Table */

/** @type {Table[]} */
const TABLES = ["subjects", "pain", "rescue"];
/** Data sets read from a data file for a table of the other trial: its columns. */
const held = { subjects: null, pain: null, rescue: null };

const box = (t) => $(`[data-other="${t}"]`);
const note = (t, text) => { const p = box(t).querySelector(".file-note"); p.hidden = !text; p.textContent = text || ""; };

/** The other trial's tables as the worker takes them. */
function otherTables() {
  /** @type {Record<string, any>} */
  const out = {};
  for (const t of TABLES) {
    const v = held[t] || $(`#u-${t}`).value;
    if (held[t] || v.trim()) out[t] = v;
  }
  return out;
}

async function readInto(t, file) {
  note(t, null);
  const head = new Uint8Array(await file.slice(0, HEAD).arrayBuffer());
  const kind = sniff(head);
  if (DATA_KINDS[kind]) {
    try {
      const result = await engine.readFile(file);
      const ds = result.datasets[defaultDataset(t, result.datasets)];
      if (!ds) throw { message: "it holds no data set" };
      held[t] = datasetColumns(ds);
      $(`#u-${t}`).value = "";
      note(t, `Using ${file.name}: ${DATA_KINDS[kind]}, ${describeDataset(result.kind, ds)}. Type or paste in the box to use that instead.`);
    } catch (err) {
      note(t, `${file.name} was not loaded: ${err && err.message ? err.message : String(err)}.`);
    }
    return;
  }
  const why = notText(head);
  if (why) { note(t, `${file.name} was not loaded: ${why}.`); return; }
  held[t] = null;
  const decoded = decodeText(new Uint8Array(await file.arrayBuffer()));
  $(`#u-${t}`).value = decoded.text;
  if (decoded.notice) note(t, `${file.name} ${decoded.notice}.`);
}

/** An estimate with its interval, on the ratio scale for a log-scale endpoint. */
function effectText(e, est, lo, hi) {
  const f = e.logScale ? Math.exp : (/** @type {number} */ v) => v;
  const d = e.logScale ? 2 : e.key === "pain" ? 2 : 3;
  return `${num(f(est), d)} (${num(f(lo), d)} to ${num(f(hi), d)})`;
}

/** The endpoints table: per trial, pooled, heterogeneity. @param {TwoTrials} two */
function endpointsTable(two) {
  const c = two.comparison;
  const [n1, n2] = c.names;
  const level = Math.round(c.confLevel * 100);
  const rows = c.endpoints.map((e) => {
    const cell = (t) => (isErr(t) ? errCell(t) : `${effectText(e, t.estimate, t.confInt[0], t.confInt[1])}; p = ${pval(t.pValue)}`);
    const m = e.pooled;
    if (isErr(m)) return [e.label, cell(e.trials[0]), cell(e.trials[1]), errCell(m), "", ""];
    const re = m.reml || m.dersimonianLaird;
    const reName = m.reml ? "REML" : "DL";
    return {
      cells: [e.label, cell(e.trials[0]), cell(e.trials[1]),
        `${effectText(e, m.fixed.estimate, m.fixed.ci[0], m.fixed.ci[1])}; p = ${pval(m.fixed.pValue)}`,
        `${effectText(e, re.estimate, re.hksj.ci[0], re.hksj.ci[1])}; p = ${pval(re.hksj.pValue)} (${reName}, HKSJ)`,
        `Q = ${num(m.heterogeneity.q, 2)}, p = ${pval(m.heterogeneity.pValue)}; I² = ${num(m.heterogeneity.i2, 1)} %; τ² = ${num(re.tau2, 4)}`],
      raw: { endpoint: e.key, first: isErr(e.trials[0]) ? null : e.trials[0].estimate, firstSe: isErr(e.trials[0]) ? null : e.trials[0].se,
        second: isErr(e.trials[1]) ? null : e.trials[1].estimate, secondSe: isErr(e.trials[1]) ? null : e.trials[1].se,
        fixed: m.fixed.estimate, fixedLower: m.fixed.ci[0], fixedUpper: m.fixed.ci[1], fixedP: m.fixed.pValue,
        randomTau2: re.tau2, random: re.estimate, hksjLower: re.hksj.ci[0], hksjUpper: re.hksj.ci[1], hksjP: re.hksj.pValue,
        dlTau2: m.dersimonianLaird.tau2, q: m.heterogeneity.q, qP: m.heterogeneity.pValue, i2: m.heterogeneity.i2, logScale: e.logScale },
    };
  });
  return table(`Each co-primary endpoint in ${n1} and ${n2}, and pooled (estimate, ${level} % CI; odds ratios on the ratio scale)`,
    ["Endpoint", n1, n2, "Fixed effect", "Random effects", "Heterogeneity"], rows, "trials",
    { columns: ["endpoint", "first", "firstSe", "second", "secondSe", "fixed", "fixedLower", "fixedUpper", "fixedP", "randomTau2", "random", "hksjLower", "hksjUpper", "hksjP", "dlTau2", "q", "qP", "i2", "logScale"] });
}

/** A forest plot per endpoint: each trial, then the pooled estimates. @param {TwoTrials} two */
function forests(two) {
  const c = two.comparison;
  const r = two.first;
  return c.endpoints.map((e) => {
    const rows = [];
    e.trials.forEach((t, i) => {
      if (!isErr(t)) rows.push({ label: `${c.names[i]} (n = ${t.nActive + t.nReference})`, arm: t.active, est: tr(e, t.estimate), ci: t.confInt.map((v) => tr(e, v)), head: false });
    });
    const m = e.pooled;
    if (!isErr(m)) {
      const arm = rows[0]?.arm;
      rows.push({ label: "Pooled", head: true });
      rows.push({ label: "Fixed effect", arm, est: tr(e, m.fixed.estimate), ci: m.fixed.ci.map((v) => tr(e, v)), head: false });
      const re = m.reml || m.dersimonianLaird;
      rows.push({ label: `Random effects (${m.reml ? "REML" : "DL"}), HKSJ interval`, arm, est: tr(e, re.estimate), ci: re.hksj.ci.map((v) => tr(e, v)), head: false });
    }
    const w = r.settings.window;
    const context = `${c.names[0]}: ${populationText(two.first)}. ${c.names[1]}: ${populationText(two.second)}. Analysis window ${w.start}–${w.end} h; ${rescueRuleText(r)}; the same options in both.`;
    const svg = forestChart(r, {
      context,
      title: `${e.label}: ${c.names.join(" and ")}`,
      desc: `${e.label} in each trial with its confidence interval, and pooled (fixed effect; random effects with the Hartung–Knapp–Sidik–Jonkman interval).`,
      rows, effect: e.logScale ? "Odds ratio" : "Difference", ratio: e.logScale, lowerBetter: e.key !== "pain" || r.settings.primaryEndpoint !== "spid",
    });
    return figure(svg, `two-trials-${e.key}`, `${e.label}: each trial and pooled.`);
  }).filter(Boolean);
}
const tr = (e, v) => (e.logScale ? Math.exp(v) : v);

/** One trial's summary of a baseline variable: all arms, then each arm on its own line. */
function summaryText(v, arms) {
  if (!v) return "absent";
  if (v.kind === "numeric") {
    const one = (o) => (o.mean === null ? "no value" : `${num(o.mean, 1)} (SD ${num(o.sd, 1)}); ${num(o.min, 1)}–${num(o.max, 1)}; n = ${o.n}`);
    return [one(v.overall), ...v.arms.map((a, i) => el("div", { class: "arm-line" }, `${arms[i]?.name ?? ""}: ${a.mean === null ? "no value" : `${num(a.mean, 1)} (SD ${num(a.sd, 1)})`}`))];
  }
  if (v.kind === "categorical") {
    const one = (c) => v.levels.map((l, i) => `${l} ${num(c.percent[i], 0)} %`).join(", ");
    return [one(v.overall), ...v.arms.map((a, i) => el("div", { class: "arm-line" }, `${arms[i]?.name ?? ""}: ${one(a)}`))];
  }
  return v.reason;
}

/** The within-trial standardized differences of a variable (active vs reference). */
function withinText(v) {
  if (!v || v.kind === "notTabulated") return "–";
  return v.smd.map((d) => (isErr(d) ? "–" : num(d, 2))).join(", ");
}

/** What changed: every baseline variable of either trial. @param {TwoTrials} two */
function changesTable(two) {
  const c = two.comparison;
  const rows = c.changes.map((ch) => ({
    cells: [ch.name, summaryText(ch.values[0], two.first.baseline.arms), withinText(ch.values[0]), summaryText(ch.values[1], two.second.baseline.arms), withinText(ch.values[1]),
      isErr(ch.smdBetween) ? errCell(ch.smdBetween) : num(ch.smdBetween, 2), ch.note],
    cls: ch.present[0] !== ch.present[1] ? "changed" : undefined,
    raw: { variable: ch.name, inFirst: ch.present[0], inSecond: ch.present[1], smdBetween: isErr(ch.smdBetween) ? null : ch.smdBetween, note: ch.note },
  }));
  return table(`What changed: baseline characteristics of ${c.names[0]} and ${c.names[1]} (all arms, then each arm; standardized differences within each trial, active vs reference, and between the trials, ${c.names[1]} vs ${c.names[0]})`,
    ["Variable", c.names[0], "SMD within", c.names[1], "SMD within", "SMD between trials", "Note"], rows, "trials-changes",
    { columns: ["variable", "inFirst", "inSecond", "smdBetween", "note"] });
}

/** The comparison's section. @param {TwoTrials} two */
export function renderTrials(two) {
  const c = two.comparison;
  const body = $("#trials-results");
  const warn = c.warnings.length ? el("ul", { class: "warnings" }, c.warnings.map((w) => el("li", {}, w))) : null;
  const json = el("button", { type: "button", "data-export": "trials-json" }, "Comparison (JSON)");
  const doc = el("button", { type: "button", "data-export": "trials-html" }, "Comparison document (HTML)");
  json.addEventListener("click", () => download("two-trials.json", new Blob([JSON.stringify(two, null, 1)], { type: "application/json" })));
  doc.addEventListener("click", () => download("two-trials.html", new Blob([reportDocument(two.first, { data: `${c.names[0]} and ${c.names[1]}`, at: new Date() }, body)], { type: "text/html;charset=utf-8" })));
  const method = el("p", { class: "methods-text" }, c.methods);
  body.replaceChildren(section({ title: `${c.names[0]} and ${c.names[1]} side by side`, id: "r-two-trials" },
    el("div", { class: "report-tools" }, el("span", { class: "hint" }, "Download: "), doc, " ", json),
    warn, endpointsTable(two), ...forests(two), changesTable(two), method));
  addTableTools(body);
}

/**
 * Wires the two-trial form. `inputs()` gives this trial's tables and the page's options.
 * @param {{ inputs: () => Promise<{ tables: any, options: any }>, phase2: Record<string, string> }} ctx
 */
export function wireTrials(ctx) {
  for (const input of $$("#other-tables input[type=file]")) {
    input.addEventListener("change", () => { if (input.files[0]) readInto(input.dataset.otherFor, input.files[0]); });
  }
  for (const t of TABLES) $(`#u-${t}`).addEventListener("input", () => { held[t] = null; note(t, null); });
  $("#load-phase2").addEventListener("click", () => {
    for (const t of TABLES) { held[t] = null; $(`#u-${t}`).value = ctx.phase2[t]; note(t, null); }
    $("#x-name2").value = "Phase II (synthetic)";
    if ($("#x-name1").value === "This trial") $("#x-name1").value = "Phase III (synthetic)";
  });
  $("#trials-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const status = $("#trials-status");
    for (const b of $$("#other-tables .table-errors")) b.replaceChildren();
    const second = otherTables();
    if (!second.subjects || !second.pain) { status.textContent = "Give the other trial's subjects and pain tables (or load the Phase II example)."; return; }
    status.textContent = "Analysing both trials…";
    try {
      const { tables, options } = await ctx.inputs();
      const names = /** @type {[string, string]} */ ([$("#x-name1").value.trim() || "This trial", $("#x-name2").value.trim() || "Other trial"]);
      const t0 = performance.now();
      const { result } = await engine.analyzeTrials(tables, second, options, names, (p) => { status.textContent = `${p.phase}…`; });
      renderTrials(result);
      status.textContent = `Compared ${result.first.subjects.length} and ${result.second.subjects.length} subjects in ${(performance.now() - t0).toFixed(0)} ms.`;
    } catch (err) {
      const which = err && err.trial === 1 ? "the other trial" : "this trial";
      const errors = err && err.errors ? err.errors : [];
      for (const x of errors) {
        if (err.trial === 1 && TABLES.includes(x.table)) box(x.table).querySelector(".table-errors").append(el("p", { class: "error" }, `${x.line ? `line ${x.line}, ` : ""}${x.column ? `column ${x.column}: ` : ""}${x.message}`));
      }
      status.textContent = err && err.kind === "cancelled" ? "Cancelled." : `Not compared: ${which}: ${err && err.message ? err.message : errors.length ? `${errors.length} error(s) in its tables${err.trial === 1 ? " (see under each table)" : " (analyse it above to see them)"}` : String(err)}`;
    }
  });
}
