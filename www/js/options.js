// The analysis options: read from the form into the object `analyze()` takes, and the
// controls that depend on the data (the subjects table's columns) or on the defaults (the MME
// factor table). Invalid text in a field throws { kind: "options", message } for the page to show.
// The form's defaults and choices are not in index.html: setFormDefaults() takes them from the
// core's defaultOptions() and the choices' text from js/labels.js.
import { $, $$, el, parseNumbers } from "./format.js";
import * as L from "./labels.js";

/** @typedef {import("../pkg/analgesic_endpoints").Options} Options */
/** @typedef {import("../pkg/analgesic_endpoints").OptionsInput} OptionsInput */
/** @typedef {import("../pkg/analgesic_endpoints").MmeOptions} MmeOptions */
/** @typedef {import("../pkg/analgesic_endpoints").TableMapping} TableMapping */

/**
 * What the user chose that is not a plain form field.
 * @type {{ columnOverrides: import("../pkg/analgesic_endpoints").ColumnOverrides, model: { covariates: Set<string>, factors: Set<string>, subgroups: Set<string>, moderators: Set<string>, stratum: string }, covariateColumns: string[], mmeDefault: MmeOptions | null, mmeRows: string[][] }}
 */
export const state = {
  columnOverrides: { subjects: {}, pain: {}, rescue: {} },
  // Subjects-table columns by use; kept across analyses, sent only when the column exists.
  model: { covariates: new Set(), factors: new Set(), subgroups: new Set(), moderators: new Set(), stratum: "" },
  covariateColumns: [],
  mmeDefault: null,
  mmeRows: [],
};

const optionsError = (message) => ({ kind: "options", message });

/** The field's label text, for messages. */
function fieldName(input) {
  const label = input.closest("label");
  const own = label ? [...label.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join(" ") : "";
  return own.replace(/\s+/g, " ").trim() || input.id;
}

/**
 * A number typed in a field: a point or a comma as the decimal separator ("12,5" = 12.5), an
 * optional exponent; nothing else. Empty, "1,000.5", "1.000,5" or "12,5,3" throw a message
 * naming the field — a separator is never dropped ("12,5" never becomes 125).
 */
export function parseDecimal(text) {
  const t = String(text).trim();
  if (!/^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$/.test(t)) return null;
  const x = Number(t.replace(",", "."));
  return Number.isFinite(x) ? x : null;
}

function numberOf(id) {
  const input = $(id);
  const text = input.value.trim();
  const x = parseDecimal(text);
  if (x === null) {
    throw optionsError(text
      ? `${fieldName(input)}: “${text}” is not a number (write e.g. 12.5 or 12,5; no thousands separators)`
      : `${fieldName(input)}: enter a number`);
  }
  return x;
}

function numbersField(id, what) {
  const text = $(id).value.trim();
  if (!text) return [];
  const v = parseNumbers(text);
  if (!v) throw optionsError(`${what}: “${text}” is not a list of numbers (use commas between them)`);
  return v;
}

function drugWindows() {
  const text = $("#o-prbydrug").value.trim();
  /** @type {Record<string, number>} */
  const out = {};
  if (!text) return out;
  for (const part of text.split(/[,;]/).map((s) => s.trim()).filter(Boolean)) {
    const m = part.match(/^(.+?)\s*[=:]\s*([^=:]+)$/);
    const h = m ? parseDecimal(m[2]) : null;
    if (!m || h === null) throw optionsError(`Per-drug window “${part}”: expected drug=hours, e.g. oxycodone=4`);
    out[m[1].trim()] = h;
  }
  return out;
}

function mmeFactors() {
  /** @type {Record<string, number>} */
  const out = {};
  for (const [i, [drug, factor]] of state.mmeRows.entries()) {
    const name = drug.trim();
    if (!name && String(factor).trim() === "") continue;
    const f = parseDecimal(String(factor)) ?? NaN;
    if (!name) throw optionsError(`MME table, row ${i + 1}: the drug name is empty`);
    if (String(factor).trim() === "" || !Number.isFinite(f) || f < 0) throw optionsError(`MME table, row ${i + 1} (${name}): the factor must be a number ≥ 0`);
    out[name] = f;
  }
  return out;
}

/**
 * The labels typed in the column-labels field: "ANESTH = Anesthesia; LIDOVOL = Lidocaine volume
 * (mL)" → { ANESTH: "Anesthesia", LIDOVOL: "Lidocaine volume (mL)" }. "NAME =" with nothing
 * after it gives "" (the column's label from a data file is then not used).
 * @returns {Record<string, string>}
 */
export function typedLabels() {
  /** @type {Record<string, string>} */
  const out = {};
  for (const part of conditions("#o-labels")) {
    const m = part.match(/^([^=]+?)\s*=\s*(.*)$/);
    if (!m) throw optionsError(`Column labels: “${part}” is not column = label, e.g. ANESTH = Anesthesia`);
    out[m[1].trim()] = m[2].trim();
  }
  return out;
}

/**
 * The column labels sent to the core: the data files' labels (`fromFiles`), replaced or dropped
 * by the typed ones.
 * @param {Record<string, string>} fromFiles
 */
function columnLabels(fromFiles) {
  const merged = { ...fromFiles, ...typedLabels() };
  return Object.fromEntries(Object.entries(merged).filter(([, label]) => label !== ""));
}

/**
 * The options object for `analyze()` from the form and `state`.
 * @param {Record<string, string>} [fileLabels] column labels read from the data files
 * @returns {OptionsInput}
 */
export function readOptions(fileLabels = {}) {
  const scaleSel = $("#o-scale").value;
  const scale = scaleSel === "custom"
    ? { custom: { min: numberOf("#o-smin"), max: numberOf("#o-smax") } }
    : scaleSel;
  const conf = numberOf("#o-conf");
  const have = new Set(state.covariateColumns);
  const chosen = (set) => [...set].filter((c) => have.has(c));
  const responders = numbersField("#o-responders", "Responder thresholds").map((x) => x / 100);
  return {
    window: { start: numberOf("#o-start"), end: numberOf("#o-end") },
    // Set by the page from the user's choice (a stale choice must not outlive the data).
    referenceArm: null,
    alpha: numberOf("#o-alpha"),
    confLevel: conf,
    primaryEndpoint: $("#o-endpoint").value,
    primaryTest: $("#o-ptest").value,
    rescueTest: $("#o-rtest").value,
    rescueWindow: $("#o-rescuewindow").value,
    multiplicity: $("#o-multiplicity").value,
    globalTests: $("#o-global").checked,
    rescueOpioidOnly: $("#o-opioid").checked,
    wilcoxon: { method: $("#o-wmethod").value, correct: $("#o-wcorrect").checked, confLevel: conf },
    imputation: {
      postRescue: $("#o-postrescue").value,
      postRescueScope: $("#o-prscope").value,
      rescueWindowHours: numberOf("#o-prhours"),
      rescueWindowByDrug: drugWindows(),
      fillWindowEnd: $("#o-prfill").checked,
      triggerOpioidOnly: $("#o-prtrigger").checked,
      dropout: $("#o-dropout").value,
      interpolateGaps: $("#o-gaps").checked,
    },
    sensitivity: $("#o-sensitivity").checked,
    responderThresholds: responders,
    model: {
      baseline: $("#o-baseline").checked,
      covariates: chosen(state.model.covariates),
      factors: chosen(state.model.factors),
      subgroups: chosen(state.model.subgroups),
      moderators: chosen(state.model.moderators),
      moderatorValues: numbersField("#o-modvalues", "Moderator values"),
    },
    strata: {
      column: have.has(state.model.stratum) ? state.model.stratum : null,
      cmhCorrect: $("#o-cmhcorrect").checked,
      vanElteren: { weights: $("#o-vewts").value, ranks: $("#o-veranks").value },
    },
    survival: { confType: $("#o-conftype").value, ties: $("#o-ties").value, convention: $("#o-kmconvention").value },
    intervals: { cuts: numbersField("#o-cuts", "Interval cut points"), opioidOnly: $("#o-intopioid").checked },
    mme: { useColumn: $("#o-mmecolumn").checked, version: $("#o-mmeversion").value, factors: mmeFactors() },
    timeToRescue: { origin: numberOf("#o-origin"), landmark: $("#o-landmark").checked },
    bands: bandOptions(),
    input: { scale, columns: state.columnOverrides, ...recordOptions(), labels: columnLabels(fileLabels) },
  };
}

/** "LIDOVOL = 10, 20; AGE = q4" → { LIDOVOL: { cuts: [10, 20] }, AGE: { quantiles: 4 } }. */
function bandOptions() {
  /** @type {Record<string, import("../pkg/analgesic_endpoints").Bands>} */
  const out = {};
  for (const part of $("#o-bands").value.split(";").map((x) => x.trim()).filter(Boolean)) {
    const m = part.match(/^(.+?)\s*=\s*(.+)$/);
    const q = m && m[2].trim().match(/^q\s*(\d+)$/i);
    const cuts = m && !q ? m[2].split(/[\s,]+/).filter(Boolean).map((x) => parseDecimal(x)) : null;
    if (!m || (!q && (!cuts.length || cuts.includes(null)))) {
      throw optionsError(`Bands: “${part}” is not column = cut points (e.g. LIDOVOL = 10, 20) or column = qk (e.g. AGE = q4)`);
    }
    out[m[1].trim()] = q ? { quantiles: Number(q[1]) } : { cuts };
  }
  return out;
}

/** Conditions typed in a field, separated by semicolons. */
const conditions = (id) => $(id).value.split(";").map((c) => c.trim()).filter(Boolean);

/** "END OF SURGERY = 0; UNSCHED = exclude" → { "END OF SURGERY": "0", UNSCHED: "exclude" }. */
function timepointMapping() {
  /** @type {Record<string, string>} */
  const out = {};
  for (const part of conditions("#o-timepoints")) {
    const m = part.match(/^(.+?)\s*=\s*(.+)$/);
    if (!m) throw optionsError(`Time points: “${part}” is not text = hours (or baseline / exclude), e.g. END OF SURGERY = 0`);
    const v = m[2].trim();
    const x = parseDecimal(v);
    out[m[1].trim()] = x === null ? v : String(x);
  }
  return out;
}

/** Population, subset, ADaM parameter and record choices (see the core's `InputOptions`). */
function recordOptions() {
  return {
    population: $("#o-population").value.trim() || "auto",
    subset: conditions("#o-subset"),
    param: $("#o-param").value.trim(),
    painRows: conditions("#o-painrows"),
    rescueRows: conditions("#o-rescuerows"),
    derivedRows: $("#o-derived").checked,
    timepoints: timepointMapping(),
  };
}

/**
 * The options that only read the tables (for `describeTable` when an analysis failed).
 * @returns {OptionsInput}
 */
export function readInputOptions() {
  const scaleSel = $("#o-scale").value;
  let records = {};
  try {
    records = recordOptions();
  } catch {
    // A malformed time-point mapping is reported by the analysis; describe without it.
  }
  return { input: { scale: scaleSel === "custom" ? "infer" : scaleSel, columns: state.columnOverrides, ...records } };
}

// ---------- the form's defaults and choices ----------

/** The min and max a custom scale starts from (the core has no default: its scale is "infer"). */
const CUSTOM_SCALE = { min: 0, max: 10 };

/**
 * Each form field's default, from the core's default options: id → value (text fields), boolean
 * (checkboxes) or [labels, value] (selects, whose choices come from js/labels.js). The MME table
 * and its name are set by setMmeDefaults().
 * @param {Options} d
 * @returns {Record<string, string | number | boolean | [Record<string, L.Label>, string]>}
 */
function formDefaults(d) {
  const list = (xs, sep = ", ") => xs.join(sep);
  const scale = d.input.scale;
  const custom = typeof scale === "object" ? scale.custom : CUSTOM_SCALE;
  return {
    "o-population": d.input.population,
    "o-subset": list(d.input.subset, "; "),
    "o-param": d.input.param,
    "o-painrows": list(d.input.painRows, "; "),
    "o-rescuerows": list(d.input.rescueRows, "; "),
    "o-derived": d.input.derivedRows,
    "o-timepoints": list(Object.entries(d.input.timepoints).map(([k, v]) => `${k} = ${v}`), "; "),
    "o-labels": list(Object.entries(d.input.labels).map(([k, v]) => `${k} = ${v}`), "; "),
    "o-start": d.window.start,
    "o-end": d.window.end,
    "o-alpha": d.alpha,
    "o-conf": d.confLevel,
    "o-endpoint": [L.ENDPOINT, d.primaryEndpoint],
    "o-ptest": [L.PRIMARY_TEST, d.primaryTest],
    "o-wmethod": [L.WILCOXON_METHOD, d.wilcoxon.method],
    "o-wcorrect": d.wilcoxon.correct,
    "o-rtest": [L.RESCUE_TEST, d.rescueTest],
    "o-rescuewindow": [L.RESCUE_WINDOW, d.rescueWindow],
    "o-multiplicity": [L.ARM_MULTIPLICITY, d.multiplicity],
    "o-global": d.globalTests,
    "o-opioid": d.rescueOpioidOnly,
    "o-scale": [L.SCALE, typeof scale === "object" ? "custom" : scale],
    "o-smin": custom.min,
    "o-smax": custom.max,
    "o-postrescue": [L.POST_RESCUE, d.imputation.postRescue],
    "o-prscope": [L.POST_RESCUE_SCOPE, d.imputation.postRescueScope],
    "o-prhours": d.imputation.rescueWindowHours,
    "o-prbydrug": list(Object.entries(d.imputation.rescueWindowByDrug).map(([k, v]) => `${k}=${v}`)),
    "o-prtrigger": d.imputation.triggerOpioidOnly,
    "o-prfill": d.imputation.fillWindowEnd,
    "o-dropout": [L.DROPOUT, d.imputation.dropout],
    "o-gaps": d.imputation.interpolateGaps,
    "o-sensitivity": d.sensitivity,
    "o-baseline": d.model.baseline,
    "o-modvalues": list(d.model.moderatorValues),
    "o-responders": list(d.responderThresholds.map((x) => Number((x * 100).toPrecision(12)))),
    "o-bands": list(Object.entries(d.bands).map(([k, b]) => `${k} = ${"quantiles" in b ? `q${b.quantiles}` : b.cuts.join(", ")}`), "; "),
    "o-cmhcorrect": d.strata.cmhCorrect,
    "o-vewts": [L.STRATUM_WEIGHTS, d.strata.vanElteren.weights],
    "o-veranks": [L.STRATUM_RANKS, d.strata.vanElteren.ranks],
    "o-origin": d.timeToRescue.origin,
    "o-landmark": d.timeToRescue.landmark,
    "o-conftype": [L.KM_CONF_TYPE, d.survival.confType],
    "o-ties": [L.COX_TIES, d.survival.ties],
    "o-kmconvention": [L.KM_CONVENTION, d.survival.convention],
    "o-cuts": list(d.intervals.cuts),
    "o-intopioid": d.intervals.opioidOnly,
  };
}

/**
 * Fills the form's choices and sets every field to its default, as its default: the URL state
 * (js/urlstate.js) compares fields with `defaultValue`, `defaultChecked` and `defaultSelected`.
 * @param {Options} defaults `defaultOptions()`, as the worker's init returns it
 */
export function setFormDefaults(defaults) {
  for (const [id, v] of Object.entries(formDefaults(defaults))) {
    const c = /** @type {HTMLInputElement} */ (document.getElementById(id));
    if (!c) throw new Error(`the form has no field #${id}`);
    if (Array.isArray(v)) {
      const [labels, value] = v;
      c.replaceChildren(...Object.entries(labels).map(([k, l]) => el("option", { value: k, selected: k === value }, L.choiceOf(l))));
      c.value = value;
    } else if (c instanceof HTMLInputElement && c.type === "checkbox") {
      c.defaultChecked = c.checked = Boolean(v);
    } else {
      c.defaultValue = c.value = String(v);
    }
  }
  document.body.classList.toggle("scale-custom", $("#o-scale").value === "custom");
}

/**
 * Disables the controls that have no effect with the others as set, and says why in their
 * title: the post-rescue fields when the rule is none; the window lengths (the default and per
 * drug) when the rule runs to the end of the analysis window.
 */
export function syncControls() {
  const rule = $("#o-postrescue").value, scope = $("#o-prscope").value;
  const set = (ids, off, why) => {
    for (const id of ids) {
      const c = $(id);
      c.disabled = off;
      c.title = off ? why : "";
      c.closest("label")?.classList.toggle("disabled", off);
    }
  };
  set(["#o-prscope", "#o-prtrigger", "#o-prfill"], rule === "none", "No effect: the post-rescue rule is none");
  set(["#o-prhours", "#o-prbydrug"], rule === "none" || scope === "toEndOfWindow",
    rule === "none" ? "No effect: the post-rescue rule is none" : "No effect: the rule replaces scores to the end of the analysis window, whatever the drug");
}

// ---------- subjects-table columns: covariate, factor, subgroup, moderator, stratum ----------

const USES = [
  ["covariates", "ANCOVA covariate"],
  ["factors", "categorical"],
  ["subgroups", "subgroup (interaction)"],
  ["moderators", "continuous moderator"],
];

/**
 * The columns of the subjects table that hold no role (the candidate covariates).
 * @param {TableMapping | undefined} mapping
 */
export function covariateColumns(mapping) {
  if (!mapping) return [];
  const used = new Set(mapping.roles.map((r) => r.header));
  return mapping.headers.filter((h) => h && !used.has(h));
}

/** Draws the grid of subjects-table columns with a choice of uses; `onChange` re-analyses. */
export function renderCovariateGrid(columns, onChange) {
  state.covariateColumns = columns;
  const box = $("#covariate-grid");
  if (!columns.length) {
    box.replaceChildren(el("p", { class: "hint" }, "The subjects table has no column besides the subject, arm and baseline."));
    return;
  }
  const head = el("tr", {}, el("th", { scope: "col" }, "Column"), USES.map(([, label]) => el("th", { scope: "col" }, label)), el("th", { scope: "col" }, "stratum"));
  const noneRadio = el("input", { type: "radio", name: "stratum", value: "", "aria-label": "no stratum column" });
  noneRadio.checked = !columns.includes(state.model.stratum);
  noneRadio.addEventListener("change", () => { state.model.stratum = ""; syncCategorical(); onChange(); });
  // "categorical" only changes how a column is used as an ANCOVA covariate, a subgroup or the
  // stratum: without one of those uses it has no effect, so it is disabled, with the reason.
  const boxes = [];
  const syncCategorical = () => {
    for (const [c, box] of boxes) {
      const used = state.model.covariates.has(c) || state.model.subgroups.has(c) || state.model.stratum === c;
      box.disabled = !used;
      box.title = used ? "" : "No effect yet: tick ANCOVA covariate, subgroup or stratum for this column first";
      if (!used && state.model.factors.has(c)) { state.model.factors.delete(c); box.checked = false; }
    }
  };
  const rows = columns.map((c) => {
    const cells = USES.map(([use, label]) => {
      const box = el("input", { type: "checkbox", "data-column": c, "data-use": use, "aria-label": `${c}: ${label}` });
      box.checked = state.model[use].has(c);
      if (use === "factors") boxes.push([c, box]);
      box.addEventListener("change", () => { if (box.checked) state.model[use].add(c); else state.model[use].delete(c); syncCategorical(); onChange(); });
      return el("td", {}, box);
    });
    const radio = el("input", { type: "radio", name: "stratum", value: c, "data-column": c, "aria-label": `${c}: stratum` });
    radio.checked = state.model.stratum === c;
    radio.addEventListener("change", () => { state.model.stratum = c; syncCategorical(); onChange(); });
    return el("tr", {}, el("th", { scope: "row" }, c), cells, el("td", {}, radio));
  });
  rows.push(el("tr", {}, el("th", { scope: "row", class: "hint" }, "(no stratum)"), USES.map(() => el("td")), el("td", {}, noneRadio)));
  box.replaceChildren(el("table", { class: "grid" }, el("thead", {}, head), el("tbody", {}, rows)),
    el("p", { class: "hint" }, "“categorical” applies to a column used as an ANCOVA covariate, a subgroup or the stratum (a numeric column's values are then taken as codes); it is disabled otherwise."));
  syncCategorical();
}

/** Sets the column uses (for the built-in examples). */
export function presetModel({ covariates = [], factors = [], subgroups = [], moderators = [], stratum = "" } = {}) {
  state.model = { covariates: new Set(covariates), factors: new Set(factors), subgroups: new Set(subgroups), moderators: new Set(moderators), stratum };
}

// ---------- MME factor table ----------

/** @param {MmeOptions} mme the default MME options (`defaultOptions().mme`) */
export function setMmeDefaults(mme) {
  state.mmeDefault = mme;
  /** @type {HTMLInputElement} */ ($("#o-mmeversion")).defaultValue = mme.version;
  /** @type {HTMLInputElement} */ ($("#o-mmecolumn")).defaultChecked = mme.useColumn;
  resetMme();
}

function resetMme() {
  const d = state.mmeDefault;
  state.mmeRows = Object.entries(d.factors).map(([k, v]) => [k, String(v)]);
  $("#o-mmeversion").value = d.version;
  $("#o-mmecolumn").checked = d.useColumn;
}

/** Draws the editable MME factor table; edits re-analyse through `onChange`. */
export function renderMmeTable(onChange) {
  // Handlers write to the row they were drawn for: a stale input (e.g. one that fires "change"
  // while the table is redrawn) cannot touch the current table.
  const rows = state.mmeRows.map((row, i) => {
    const [drug, factor] = row;
    const name = el("input", { type: "text", value: drug, "aria-label": `MME table row ${i + 1}: drug` });
    const f = el("input", { type: "text", inputmode: "decimal", value: factor, "aria-label": `MME table row ${i + 1}: MME per mg` });
    const del = el("button", { type: "button", class: "small", "aria-label": `Remove ${drug || `row ${i + 1}`}` }, "Remove");
    const live = () => state.mmeRows.includes(row);
    name.addEventListener("change", () => { if (live()) { row[0] = name.value; onChange(); } });
    f.addEventListener("change", () => { if (live()) { row[1] = f.value; onChange(); } });
    del.addEventListener("click", () => { state.mmeRows.splice(state.mmeRows.indexOf(row), 1); renderMmeTable(onChange); onChange(); });
    return el("tr", {}, el("td", {}, name), el("td", {}, f), el("td", {}, del));
  });
  $("#mme-table").replaceChildren(el("table", { class: "grid" },
    el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "Drug"), el("th", { scope: "col" }, "MME per mg"), el("th", { scope: "col" }, ""))),
    el("tbody", {}, rows)));
}

export function wireMme(onChange) {
  $("#mme-add").addEventListener("click", () => {
    state.mmeRows.push(["", ""]);
    renderMmeTable(onChange);
    const inputs = $$("#mme-table input[type=text]");
    inputs[inputs.length - 1]?.focus();
  });
  $("#mme-reset").addEventListener("click", () => { resetMme(); renderMmeTable(onChange); onChange(); });
  for (const id of ["#o-mmeversion", "#o-mmecolumn"]) $(id).addEventListener("change", onChange);
}

/** Whether the MME table and its name are as shipped. */
export function mmeIsDefault() {
  const d = state.mmeDefault;
  if (!d) return true;
  if ($("#o-mmeversion").value !== d.version) return false;
  const rows = state.mmeRows.filter(([k, v]) => k.trim() || String(v).trim());
  const want = Object.entries(d.factors);
  return rows.length === want.length && rows.every(([k, v], i) => k === want[i][0] && Number(v) === want[i][1]);
}
