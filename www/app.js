// The page: reads the inputs, calls the wasm API, renders the report. It computes no statistic.
import init, { analyze, describeTable, version } from "./pkg/analgesic_endpoints.js";

const $ = (sel, root = document) => root.querySelector(sel);
const TABLES = ["subjects", "pain", "rescue"];
const textareas = Object.fromEntries(TABLES.map((t) => [t, $(`#t-${t}`)]));
let columnOverrides = { subjects: {}, pain: {}, rescue: {} };
let exampleTexts = null;

// ---------- formatting (presentation only) ----------
const num = (x, digits = 3) => {
  if (x === null || x === undefined || Number.isNaN(x)) return "–";
  if (!Number.isFinite(x)) return x > 0 ? "∞" : "−∞";
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return x.toExponential(2).replace("-", "−");
  return x.toFixed(digits).replace(/^-/, "−");
};
const pval = (p) => {
  if (p === null || p === undefined || Number.isNaN(p)) return "–";
  if (p < 1e-4) return p.toExponential(2).replace("-", "−");
  return p.toFixed(p < 0.001 ? 5 : p < 0.01 ? 4 : 3);
};
const ci = (c) => (Array.isArray(c) ? `${num(c[0])} to ${num(c[1])}` : "–");
const pct = (x) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)} %` : "–");
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") e.className = v;
    else if (k === "html") e.innerHTML = v;
    else e.setAttribute(k, v);
  }
  for (const c of children.flat()) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
}

function table(caption, head, rows, cls = "") {
  return el("table", { class: cls },
    el("caption", {}, caption),
    el("thead", {}, el("tr", {}, head.map((h) => el("th", { scope: "col" }, h)))),
    el("tbody", {}, rows.map((r) => el("tr", {}, r.map((c, i) => (i === 0 ? el("th", { scope: "row" }, c) : el("td", {}, c)))))));
}

// ---------- options ----------
function readOptions() {
  const scaleSel = $("#o-scale").value;
  const scale = scaleSel === "custom"
    ? { custom: { min: Number($("#o-smin").value), max: Number($("#o-smax").value) } }
    : scaleSel;
  const ref = $("#o-reference").value;
  return {
    window: { start: Number($("#o-start").value), end: Number($("#o-end").value) },
    referenceArm: ref || null,
    alpha: Number($("#o-alpha").value),
    confLevel: Number($("#o-conf").value),
    primaryEndpoint: $("#o-endpoint").value,
    primaryTest: $("#o-ptest").value,
    rescueTest: $("#o-rtest").value,
    rescueOpioidOnly: $("#o-opioid").checked,
    wilcoxon: { method: $("#o-wmethod").value, correct: $("#o-wcorrect").checked, confLevel: Number($("#o-conf").value) },
    input: { scale, columns: columnOverrides },
  };
}

function setReferenceChoices(arms, chosen) {
  const sel = $("#o-reference");
  const names = arms.map((a) => a.name);
  const current = [...sel.options].map((o) => o.value);
  if (current.join("\u0000") === names.join("\u0000")) { sel.value = chosen; return; }
  sel.replaceChildren(...names.map((n) => el("option", { value: n }, n)));
  sel.value = chosen;
}

// ---------- errors ----------
function clearErrors() {
  for (const box of document.querySelectorAll(".table-errors")) box.replaceChildren();
  for (const t of TABLES) textareas[t].removeAttribute("aria-invalid");
  const oe = $("#options-error"); oe.hidden = true; oe.textContent = "";
}

function showError(err) {
  if (err && err.kind === "input" && Array.isArray(err.errors)) {
    for (const e of err.errors) {
      const box = $(`.table-input[data-table="${e.table}"] .table-errors`);
      const where = [e.line ? `line ${e.line}` : null, e.column ? `column “${e.column}”` : null].filter(Boolean).join(", ");
      box.append(el("p", { class: "error" }, where ? `${where}: ${e.message}` : e.message));
      textareas[e.table]?.setAttribute("aria-invalid", "true");
    }
    $("#results-body").replaceChildren(el("p", { class: "error" }, `The data have ${err.errors.length} problem(s); see the messages under the tables. Your input is unchanged.`));
  } else {
    const oe = $("#options-error");
    oe.hidden = false;
    oe.textContent = err && err.message ? err.message : String(err);
    $("#results-body").replaceChildren(el("p", { class: "error" }, "The analysis could not run; see the message above."));
  }
}

// ---------- column roles ----------
// Shows, per table, which column was taken for each role (and the required roles not found),
// with a choice among the table's headers. The mappings come from the report, or from
// describeTable() when the analysis stopped on an input error.
function mappingsFromInputs() {
  const out = {};
  for (const t of TABLES) {
    const text = textareas[t].value;
    if (!text.trim()) continue;
    try { out[t] = describeTable(t, text, readOptions()); } catch { /* shown as an input error already */ }
  }
  return out;
}

function renderMapping(mappings) {
  const parts = [];
  for (const t of TABLES) {
    const m = mappings[t];
    if (!m) continue;
    const roles = [...m.roles.map((r) => [r.role, r.header]), ...m.missing.map((role) => [role, ""])];
    const rows = roles.map(([role, header]) => {
      const sel = el("select", { "data-table": t, "data-role": role },
        el("option", { value: "" }, header ? "(none)" : "(choose a column)"),
        m.headers.map((h) => el("option", { value: h }, h)));
      sel.value = header;
      sel.addEventListener("change", () => { columnOverrides[t][role] = sel.value; run(); });
      return el("label", { class: header ? "" : "error" }, `${role} `, sel);
    });
    parts.push(el("div", { class: "mapping-table" }, el("h3", {}, t), rows));
  }
  $("#mapping").replaceChildren(...parts);
  if (TABLES.some((t) => mappings[t] && mappings[t].missing.length)) $("#mapping-box").open = true;
}

// ---------- results ----------
function renderReport(r) {
  const body = [];
  const s = r.settings;
  const win = `${s.window[0]}–${s.window[1]} h`;
  const endpointName = { auc: "Pain AUC", twa: "Time-weighted average pain", spid: "SPID" }[s.primaryEndpoint];
  for (const c of r.comparisons) {
    const v = c.verdict;
    body.push(el("div", { class: `verdict ${v.success ? "success" : "failure"}`, "data-testid": "verdict" },
      el("h3", {}, `${c.active} vs ${c.reference}: ${v.success ? "co-primary endpoints met" : "co-primary endpoints not met"}`),
      el("p", {}, v.text),
      el("p", { class: "hint" }, v.framework)));

    const p = c.pain;
    const armRow = (name, sm) => [name, sm.n, `${num(sm.mean)} (${num(sm.sd)})`, `${num(sm.median)} [${num(sm.q1)}, ${num(sm.q3)}]`];
    body.push(table(`${endpointName} ${win} by arm`, ["Arm", "n", "Mean (SD)", "Median [Q1, Q3]"],
      [armRow(c.active, p.active), armRow(c.reference, p.reference)], "arms"));
    const statRow = (name, st, est, ciOf, stat, pOf) => st && st.error
      ? [name, el("span", { class: "error" }, st.error), "", "", ""]
      : [name, num(est(st)), ciOf ? ci(ciOf(st)) : "–", stat ? stat(st) : "–", pOf ? pval(pOf(st)) : "–"];
    const lvl = `${Math.round(s.confLevel * 1000) / 10} % CI`;
    body.push(table(`${endpointName} ${win}: ${c.active} − ${c.reference}`, ["Analysis", "Estimate", lvl, "Statistic", "p"], [
      statRow("Welch t-test (mean difference)", p.welch, (t) => t.estimate, (t) => t.confInt, (t) => `t = ${num(t.statistic)}, df = ${num(t.df, 1)}`, (t) => t.pValue),
      statRow("Student t-test (mean difference)", p.student, (t) => t.estimate, (t) => t.confInt, (t) => `t = ${num(t.statistic)}, df = ${num(t.df, 0)}`, (t) => t.pValue),
      statRow(`Wilcoxon rank-sum, Hodges-Lehmann shift`, p.wilcoxon, (t) => t.hlEstimate, (t) => t.confInt, (t) => `W = ${num(t.statistic, 1)} (${t.method})`, (t) => t.pValue),
      p.cohenD.error ? ["Cohen's d", p.cohenD.error, "", "", ""] : ["Cohen's d", num(p.cohenD), "–", "–", "–"],
      p.hedgesG.error ? ["Hedges' g", p.hedgesG.error, "", "", ""] : ["Hedges' g", num(p.hedgesG), "–", "–", "–"],
    ], "stats"));

    const q = c.rescue;
    const rescueLabel = s.rescueOpioidOnly ? "Opioid rescue" : "Rescue medication";
    const rRow = (name, pr, cnt, mme) => [name, pr.n, `${pr.events} (${pct(pr.proportion)})`, `${num(cnt.mean, 2)} (${num(cnt.sd, 2)})`, `${num(mme.mean, 1)} (${num(mme.sd, 1)})`];
    body.push(table(`${rescueLabel} ${win} by arm`, ["Arm", "n", "Rescued", "Administrations, mean (SD)", "MME, mean (SD)"],
      [rRow(c.active, q.any.active, q.count.active, q.mme.active), rRow(c.reference, q.any.reference, q.count.reference, q.mme.reference)], "arms"));
    const binaryRows = (b, what) => [
      statRow(`${what}: Pearson χ² (no correction)`, b.chisq, () => NaN, null, (t) => `χ² = ${num(t.statistic)}, df = ${t.df}`, (t) => t.pValue),
      statRow(`${what}: χ² with Yates' correction`, b.chisqYates, () => NaN, null, (t) => `χ² = ${num(t.statistic)}, df = ${t.df}`, (t) => t.pValue),
      statRow(`${what}: Fisher's exact test (conditional MLE odds ratio)`, b.fisher, (t) => t.oddsRatio, (t) => t.confInt, () => "–", (t) => t.pValue),
      statRow(`${what}: risk difference, Wald CI`, b.riskDifference, (t) => t.estimate, (t) => t.wald, null, null),
      statRow(`${what}: risk difference, Newcombe score CI`, b.riskDifference, (t) => t.estimate, (t) => t.newcombe, null, null),
    ];
    const shiftRow = (name, w) => statRow(name, w, (t) => t.hlEstimate, (t) => t.confInt, (t) => `W = ${num(t.statistic, 1)} (${t.method})`, (t) => t.pValue);
    body.push(table(`${rescueLabel} ${win}: ${c.active} vs ${c.reference}`, ["Analysis", "Estimate", lvl, "Statistic", "p"], [
      ...binaryRows(q.any, "Rescue use"),
      shiftRow("Administrations: Wilcoxon, Hodges-Lehmann shift", q.count.wilcoxon),
      shiftRow(`MME (${s.mme.version}): Wilcoxon, Hodges-Lehmann shift`, q.mme.wilcoxon),
    ], "stats"));
    if (c.responders.length) {
      body.push(table(`Responders (reduction of time-weighted average pain from baseline) ${win}: ${c.active} vs ${c.reference}`,
        ["Analysis", "Estimate", lvl, "Statistic", "p"],
        c.responders.flatMap((rsp) => {
          const b = rsp.comparison, label = `≥ ${Math.round(rsp.threshold * 100)} %`;
          return [[`${label}: ${b.active.events}/${b.active.n} vs ${b.reference.events}/${b.reference.n}`, "", "", "", ""], ...binaryRows(b, label)];
        }), "stats"));
    }
  }
  if (r.warnings.length || (r.input.warnings || []).length) {
    body.push(el("div", { class: "warnings" }, el("h3", {}, "Notes"),
      el("ul", {}, [...r.warnings, ...(r.input.warnings || []).map((w) => `${w.table} table: ${w.message}`)].map((w) => el("li", {}, w)))));
  }
  body.push(subjectTable(r));
  $("#results-body").replaceChildren(...body);
}

function subjectTable(r) {
  const head = ["Subject", "Arm", "Baseline", "AUC", "TWA", "SPID", "Scores in window", "Rescued", "Doses", "MME", "First rescue (h)"];
  const rows = r.subjects.map((s) => [s.id, s.arm, num(s.baseline, 1), num(s.pain.auc, 2), num(s.pain.twa, 3), num(s.pain.spid, 2),
    s.pain.nInWindow, s.rescue.any ? "yes" : "no", s.rescue.count, num(s.rescue.totalMme, 1),
    s.rescue.event ? num(s.rescue.timeToFirst, 2) : `> ${num(s.rescue.timeToFirst, 1)}`]);
  return el("details", { class: "subjects" }, el("summary", {}, `Per-subject endpoints (${rows.length} subjects)`),
    el("div", { class: "scroll" }, table("Per-subject values over the window", head, rows, "per-subject")));
}

// ---------- running ----------
function run() {
  clearErrors();
  $("#example-note").hidden = !exampleTexts || TABLES.some((t, i) => textareas[t].value !== exampleTexts[i]);
  const status = $("#status");
  const t0 = performance.now();
  try {
    const report = analyze(
      { subjects: textareas.subjects.value, pain: textareas.pain.value, rescue: textareas.rescue.value.trim() ? textareas.rescue.value : undefined },
      readOptions());
    setReferenceChoices(report.arms, report.settings.referenceArm);
    renderMapping({ subjects: report.input.subjects, pain: report.input.pain, rescue: report.input.rescue });
    renderReport(report);
    status.textContent = `Analysed ${report.subjects.length} subjects in ${(performance.now() - t0).toFixed(1)} ms.`;
  } catch (err) {
    showError(err);
    renderMapping(mappingsFromInputs());
    status.textContent = "Not analysed.";
  }
}

async function loadExample() {
  const texts = await Promise.all(TABLES.map((t) => fetch(`example/${t}.csv`).then((r) => r.text())));
  TABLES.forEach((t, i) => { textareas[t].value = texts[i]; });
  exampleTexts = texts;
  columnOverrides = { subjects: {}, pain: {}, rescue: {} };
  $("#o-reference").replaceChildren();
  run();
}

function readFileInto(file, textarea) {
  const reader = new FileReader();
  reader.onload = () => { textarea.value = reader.result; run(); };
  reader.onerror = () => showError({ kind: "options", message: `could not read ${file.name}` });
  reader.readAsText(file);
}

function wire() {
  $("#options-form").addEventListener("submit", (e) => { e.preventDefault(); run(); });
  for (const id of ["#o-start", "#o-end", "#o-alpha", "#o-conf"]) $(id).addEventListener("change", run);
  for (const id of ["#o-reference", "#o-endpoint", "#o-ptest", "#o-wmethod", "#o-wcorrect", "#o-rtest", "#o-opioid", "#o-scale", "#o-smin", "#o-smax"]) $(id).addEventListener("change", run);
  $("#o-scale").addEventListener("change", () => document.body.classList.toggle("scale-custom", $("#o-scale").value === "custom"));
  $("#load-example").addEventListener("click", loadExample);
  for (const input of document.querySelectorAll('input[type="file"]')) {
    input.addEventListener("change", () => { if (input.files[0]) readFileInto(input.files[0], $(`#${input.dataset.for}`)); });
  }
  for (const t of TABLES) {
    const ta = textareas[t];
    ta.addEventListener("dragover", (e) => { e.preventDefault(); ta.classList.add("drag"); });
    ta.addEventListener("dragleave", () => ta.classList.remove("drag"));
    ta.addEventListener("drop", (e) => {
      e.preventDefault(); ta.classList.remove("drag");
      const f = e.dataTransfer.files[0];
      if (f) readFileInto(f, ta);
    });
  }
}

await init();
$("#version").textContent = version();
wire();
await loadExample();
document.body.dataset.ready = "true";
