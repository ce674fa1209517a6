// The page: reads the inputs, calls the wasm API, renders the report. It computes no statistic.
import init, { analyze, describeTable, defaultOptions, version } from "./pkg/analgesic_endpoints.js";
import { $, $$, el } from "./js/format.js";
import { state, readOptions, readInputOptions, covariateColumns, renderCovariateGrid, presetModel, setMmeDefaults, renderMmeTable, wireMme } from "./js/options.js";
import { renderReport } from "./js/results.js";

const TABLES = ["subjects", "pain", "rescue"];
const textareas = Object.fromEntries(TABLES.map((t) => [t, $(`#t-${t}`)]));

/** The built-in examples: files, the note shown while they are loaded, column uses. */
const EXAMPLES = {
  lidocaine: {
    dir: "example",
    note: "Showing the built-in synthetic example trial (440 generated subjects shaped like a hernia-repair lidocaine-patch study; not real patients).",
    model: { subgroups: ["ANESTH"], moderators: ["LIDOVOL"], stratum: "SITEID" },
    moderatorValues: "10, 20, 30",
    window: [4, 24],
  },
  threeArm: {
    dir: "example/three-arm",
    note: "Showing the built-in synthetic three-arm dose-ranging example (150 generated subjects, VAS 0–100, analysed over 0–8 h; not real patients).",
    model: { stratum: "SITEID" },
    moderatorValues: "",
    window: [0, 8],
  },
};
let loaded = null; // { texts, example }

// ---------- errors ----------
function clearErrors() {
  for (const box of $$(".table-errors")) box.replaceChildren();
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
    try { out[t] = describeTable(t, text, readInputOptions()); } catch { /* shown as an input error already */ }
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
      sel.addEventListener("change", () => { state.columnOverrides[t][role] = sel.value; run(); });
      return el("label", { class: header ? "" : "error" }, `${role} `, sel);
    });
    parts.push(el("div", { class: "mapping-table" }, el("h3", {}, t), rows));
  }
  $("#mapping").replaceChildren(...parts);
  if (TABLES.some((t) => mappings[t] && mappings[t].missing.length)) $("#mapping-box").open = true;
  renderCovariateGrid(covariateColumns(mappings.subjects), run);
}

function setReferenceChoices(arms, chosen) {
  const sel = $("#o-reference");
  const names = arms.map((a) => a.name);
  const current = [...sel.options].map((o) => o.value);
  if (current.join("\u0000") !== names.join("\u0000")) sel.replaceChildren(...names.map((n) => el("option", { value: n }, n)));
  sel.value = chosen;
}

// ---------- running ----------
function run() {
  clearErrors();
  $("#example-note").hidden = !loaded || TABLES.some((t, i) => textareas[t].value !== loaded.texts[i]);
  const status = $("#status");
  const t0 = performance.now();
  let options;
  try {
    // The subjects table's free columns decide which chosen covariates are sent.
    state.covariateColumns = covariateColumns(describeTable("subjects", textareas.subjects.value, readInputOptions()));
  } catch { state.covariateColumns = []; }
  try {
    options = readOptions();
  } catch (err) {
    showError(err);
    status.textContent = "Not analysed.";
    return;
  }
  try {
    const report = analyze(
      { subjects: textareas.subjects.value, pain: textareas.pain.value, rescue: textareas.rescue.value.trim() ? textareas.rescue.value : undefined },
      options);
    setReferenceChoices(report.arms, report.settings.referenceArm);
    renderMapping({ subjects: report.input.subjects, pain: report.input.pain, rescue: report.input.rescue });
    $("#results-body").replaceChildren(...renderReport(report));
    status.textContent = `Analysed ${report.subjects.length} subjects in ${(performance.now() - t0).toFixed(1)} ms.`;
  } catch (err) {
    showError(err);
    renderMapping(mappingsFromInputs());
    status.textContent = "Not analysed.";
  }
}

async function loadExample(key) {
  const ex = EXAMPLES[key];
  const texts = await Promise.all(TABLES.map((t) => fetch(`${ex.dir}/${t}.csv`).then((r) => r.text())));
  TABLES.forEach((t, i) => { textareas[t].value = texts[i]; });
  loaded = { texts, example: key };
  $("#example-note").textContent = `${ex.note} Paste or drop your own tables below to replace it.`;
  state.columnOverrides = { subjects: {}, pain: {}, rescue: {} };
  presetModel(ex.model);
  $("#o-modvalues").value = ex.moderatorValues;
  [$("#o-start").value, $("#o-end").value] = ex.window;
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
  // Every plain option re-analyses when it changes (the data-dependent ones wire themselves).
  for (const c of $$("#options-form input:not([type=radio]):not([type=checkbox]), #options-form select, #options-form input[type=checkbox]")) {
    if (c.closest("#covariate-grid, #mme-table") || c.id === "o-mmeversion" || c.id === "o-mmecolumn") continue;
    c.addEventListener("change", run);
  }
  $("#o-scale").addEventListener("change", () => document.body.classList.toggle("scale-custom", $("#o-scale").value === "custom"));
  $("#load-example").addEventListener("click", () => loadExample("lidocaine"));
  $("#load-three-arm").addEventListener("click", () => loadExample("threeArm"));
  wireMme(run);
  for (const input of $$('input[type="file"]')) {
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
setMmeDefaults(defaultOptions().mme);
renderMmeTable(run);
wire();
await loadExample("lidocaine");
document.body.dataset.ready = "true";
