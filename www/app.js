// The page: reads the inputs, calls the wasm API, renders the report. It computes no statistic.
import * as engine from "./js/engine.js";
import { examples } from "./pkg/examples.js";
import { $, $$, el } from "./js/format.js";
import { state, readOptions, readInputOptions, covariateColumns, renderCovariateGrid, presetModel, setMmeDefaults, renderMmeTable, wireMme, mmeIsDefault } from "./js/options.js";
import { encodeState, applyState } from "./js/urlstate.js";
import { renderReport } from "./js/results.js";
import { addTableTools, reportTools } from "./js/export.js";

const TABLES = ["subjects", "pain", "rescue"];
const textareas = Object.fromEntries(TABLES.map((t) => [t, $(`#t-${t}`)]));
/** Files too large to show in a box are analysed from the File itself (read in the worker). */
const LARGE_FILE = 4 << 20;
const files = { subjects: null, pain: null, rescue: null };
/** What the analysis reads for a table: the File when one is held, else the box's text. */
const source = (t) => files[t] || textareas[t].value;

/** The built-in examples: files, the note shown while they are loaded, column uses. */
const EXAMPLES = {
  lidocaine: {
    dir: "example",
    note: "Showing the built-in synthetic example trial (440 generated subjects shaped like a hernia-repair lidocaine-patch study; not real patients).",
    model: { subgroups: ["ANESTH"], moderators: ["LIDOVOL"], stratum: "SITEID" },
    moderatorValues: "10, 20, 30",
    window: [4, 24],
    cuts: "0, 4, 8, 12, 16, 20, 24",
  },
  threeArm: {
    dir: "example/three-arm",
    note: "Showing the built-in synthetic three-arm dose-ranging example (150 generated subjects, VAS 0–100, analysed over 0–8 h; not real patients).",
    model: { stratum: "SITEID" },
    moderatorValues: "",
    window: [0, 8],
    cuts: "0, 2, 4, 6, 8",
  },
};
let loaded = null; // { texts, example }
/** The reference arm the user chose (or a link set); null = the core's default choice. */
let chosenReference = null;

/** Whether the tables on the page are a built-in example as loaded. */
const showingExample = () => loaded && TABLES.every((t, i) => !files[t] && textareas[t].value === loaded.texts[i]);

/** Writes the options into the URL's fragment (replacing the history entry). */
function saveToUrl() {
  const frag = encodeState({ example: showingExample() && loaded.example !== "lidocaine" ? loaded.example : null, reference: chosenReference, mmeEdited: !mmeIsDefault() });
  history.replaceState(null, "", frag ? `#${frag}` : location.pathname + location.search);
}

// ---------- errors ----------
function clearErrors() {
  for (const box of $$(".table-errors")) box.replaceChildren();
  for (const t of TABLES) textareas[t].removeAttribute("aria-invalid");
  const oe = $("#options-error"); oe.hidden = true; oe.textContent = "";
  $("#results-stale").hidden = true;
  $("#results-body").classList.remove("stale");
}

/** Keeps the last results on the page (greyed) under a note saying why they are not current. */
function markStale(why) {
  const body = $("#results-body");
  const had = body.querySelector("table, .verdict");
  $("#results-stale").hidden = false;
  $("#results-stale").textContent = had ? `${why} The results below are from the last analysis that ran.` : why;
  body.classList.toggle("stale", Boolean(had));
  if (!had) body.replaceChildren();
}

function showError(err) {
  if (err && err.kind === "input" && Array.isArray(err.errors)) {
    for (const e of err.errors) {
      const box = $(`.table-input[data-table="${e.table}"] .table-errors`);
      const where = [e.line ? `line ${e.line}` : null, e.column ? `column “${e.column}”` : null].filter(Boolean).join(", ");
      box.append(el("p", { class: "error" }, where ? `${where}: ${e.message}` : e.message));
      textareas[e.table]?.setAttribute("aria-invalid", "true");
    }
    markStale(`The data have ${err.errors.length} problem(s); see the messages under the tables. Your input is unchanged.`);
  } else {
    const oe = $("#options-error");
    oe.hidden = false;
    oe.textContent = err && err.message ? err.message : String(err);
    markStale("The analysis could not run with these options; see the message above.");
  }
}

// ---------- column roles ----------
// Shows, per table, which column was taken for each role (and the required roles not found),
// with a choice among the table's headers. The mappings come from the report, or from
// describeTable() when the analysis stopped on an input error.
async function mappingsFromInputs() {
  const out = {};
  for (const t of TABLES) {
    if (!files[t] && !textareas[t].value.trim()) continue;
    try { out[t] = await engine.describeTable(t, source(t), readInputOptions()); } catch { /* shown as an input error already */ }
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
let runSeq = 0;

function showProgress(p) {
  const bar = $("#progress");
  bar.hidden = false;
  $("#cancel").hidden = false;
  if (p.total > 0) { bar.max = p.total; bar.value = p.done; } else bar.removeAttribute("value");
  $("#status").textContent = `${p.phase[0].toUpperCase()}${p.phase.slice(1)}…`;
}

function hideProgress() {
  $("#progress").hidden = true;
  $("#cancel").hidden = true;
}

// The subjects table's free columns, kept for the table (text or File) and column choices they
// were read from: the table is read again only when it or its column roles change.
let known = { key: null, columns: [] };
const subjectsKey = () => ({ source: source("subjects"), roles: JSON.stringify(state.columnOverrides.subjects) });
const remember = (key, columns) => { known = { key, columns }; };

async function subjectColumns() {
  const key = subjectsKey();
  if (known.key && known.key.source === key.source && known.key.roles === key.roles) return known.columns;
  const columns = covariateColumns(await engine.describeTable("subjects", key.source, readInputOptions()));
  remember(key, columns);
  return columns;
}

/** Analyses the tables with the options on the page; a newer call supersedes an older one. */
async function run() {
  const seq = ++runSeq;
  if (engine.busy()) engine.cancel();
  clearErrors();
  $("#example-note").hidden = !showingExample();
  const status = $("#status");
  const t0 = performance.now();
  // A progress bar appears only for work that takes a while.
  const slow = setTimeout(() => { if (seq === runSeq) showProgress({ phase: "analysing", done: 0, total: 0 }); }, 150);
  const stale = () => seq !== runSeq;
  try {
    try {
      // The subjects table's free columns decide which chosen covariates are sent.
      state.covariateColumns = await subjectColumns();
    } catch (err) {
      if (err && err.kind === "cancelled") return;
      state.covariateColumns = [];
    }
    if (stale()) return;
    const options = readOptions();
    if (chosenReference) options.referenceArm = chosenReference;
    const tables = { subjects: source("subjects"), pain: source("pain") };
    if (files.rescue || textareas.rescue.value.trim()) tables.rescue = source("rescue");
    const { report } = await engine.analyze(tables, options, (p) => { if (!stale() && performance.now() - t0 > 150) showProgress(p); });
    if (stale()) return;
    remember(subjectsKey(), covariateColumns(report.input.subjects));
    setReferenceChoices(report.arms, report.settings.referenceArm);
    renderMapping({ subjects: report.input.subjects, pain: report.input.pain, rescue: report.input.rescue });
    const body = $("#results-body");
    body.replaceChildren(reportTools(report), ...renderReport(report));
    addTableTools(body);
    status.textContent = `Analysed ${report.subjects.length} subjects in ${(performance.now() - t0).toFixed(1)} ms.`;
    saveToUrl();
  } catch (err) {
    if (stale()) return;
    if (err && err.kind === "cancelled") { status.textContent = "Cancelled."; return; }
    showError(err);
    if (err && err.kind === "input") renderMapping(await mappingsFromInputs());
    status.textContent = "Not analysed.";
  } finally {
    clearTimeout(slow);
    if (!stale()) hideProgress();
  }
}

/** Loads a built-in example; `fromUrl`: the link's options then override the example's presets. */
function loadExample(key, fromUrl = false) {
  const ex = EXAMPLES[key];
  const texts = TABLES.map((t) => examples[ex.dir][t]);
  TABLES.forEach((t, i) => { textareas[t].value = texts[i]; setFile(t, null); });
  loaded = { texts, example: key };
  $("#example-note").textContent = `${ex.note} Paste or drop your own tables below to replace it.`;
  state.columnOverrides = { subjects: {}, pain: {}, rescue: {} };
  presetModel(ex.model);
  $("#o-modvalues").value = ex.moderatorValues;
  [$("#o-start").value, $("#o-end").value] = ex.window;
  $("#o-cuts").value = ex.cuts;
  $("#o-reference").replaceChildren();
  chosenReference = null;
  if (fromUrl) {
    chosenReference = applyState(location.hash)?.reference || null;
    renderMmeTable(run);
  }
  return run();
}

/** Holds a large file for table `t` (or lets go of it), and says so next to the box. */
function setFile(t, file) {
  files[t] = file;
  const note = $(`.table-input[data-table="${t}"] .file-note`);
  note.hidden = !file;
  note.textContent = file ? `Using ${file.name} (${(file.size / 1048576).toFixed(1)} MB) as it is on disk: too large to show here. Type or paste in the box to use that instead.` : "";
  textareas[t].placeholder = file ? `(${file.name} is used)` : "";
}

function readFileInto(file, textarea) {
  const t = textarea.id.replace(/^t-/, "");
  if (t === "subjects") chosenReference = null;
  if (file.size > LARGE_FILE) {
    textarea.value = "";
    setFile(t, file);
    run();
    return;
  }
  const reader = new FileReader();
  reader.onload = () => { setFile(t, null); textarea.value = reader.result; run(); };
  reader.onerror = () => showError({ kind: "options", message: `could not read ${file.name}` });
  reader.readAsText(file);
}

function wire() {
  // Printing shows every result section open; closed ones close again afterwards.
  addEventListener("beforeprint", () => { for (const d of $$("#results details.result-section:not([open])")) { d.open = true; d.dataset.reclose = "1"; } });
  addEventListener("afterprint", () => { for (const d of $$("#results details[data-reclose]")) { d.open = false; delete d.dataset.reclose; } });
  // Before the generic listeners below, so that the analysis it starts uses the choice.
  $("#o-reference").addEventListener("change", () => { chosenReference = $("#o-reference").value || null; });
  $("#options-form").addEventListener("submit", (e) => { e.preventDefault(); run(); });
  // Every plain option re-analyses when it changes (the data-dependent ones wire themselves).
  for (const c of $$("#options-form input:not([type=radio]):not([type=checkbox]), #options-form select, #options-form input[type=checkbox]")) {
    if (c.closest("#covariate-grid, #mme-table") || c.id === "o-mmeversion" || c.id === "o-mmecolumn") continue;
    c.addEventListener("change", run);
  }
  $("#o-scale").addEventListener("change", () => document.body.classList.toggle("scale-custom", $("#o-scale").value === "custom"));
  $("#load-example").addEventListener("click", () => loadExample("lidocaine"));
  $("#load-three-arm").addEventListener("click", () => loadExample("threeArm"));
  $("#cancel").addEventListener("click", () => { engine.cancel(); hideProgress(); $("#status").textContent = "Cancelled."; });
  wireMme(run);
  for (const input of $$('input[type="file"]')) {
    input.addEventListener("change", () => { if (input.files[0]) readFileInto(input.files[0], $(`#${input.dataset.for}`)); });
  }
  for (const t of TABLES) {
    const ta = textareas[t];
    ta.addEventListener("input", () => { if (files[t]) setFile(t, null); if (t === "subjects") chosenReference = null; });
    ta.addEventListener("dragover", (e) => { e.preventDefault(); ta.classList.add("drag"); });
    ta.addEventListener("dragleave", () => ta.classList.remove("drag"));
    ta.addEventListener("drop", (e) => {
      e.preventDefault(); ta.classList.remove("drag");
      const f = e.dataTransfer.files[0];
      if (f) readFileInto(f, ta);
    });
  }
}

const hello = await engine.hello();
$("#version").textContent = hello.version;
setMmeDefaults(hello.defaultOptions.mme);
renderMmeTable(run);
wire();
// A link's options (see js/urlstate.js) apply on top of the example it names.
const fromLink = applyState(location.hash);
await loadExample(fromLink && fromLink.example === "threeArm" ? "threeArm" : "lidocaine", Boolean(fromLink));
document.body.dataset.ready = "true";
