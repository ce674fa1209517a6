// The page: reads the inputs, calls the wasm API, renders the report. It computes no statistic.
import * as engine from "./js/engine.js";
import { examples } from "./pkg/examples.js";
import { $, $$, el, download } from "./js/format.js";
import { state, readOptions, readInputOptions, covariateColumns, renderCovariateGrid, presetModel, setFormDefaults, setMmeDefaults, renderMmeTable, wireMme, mmeIsDefault, syncControls } from "./js/options.js";
import { ROLE, TIME_SOURCE, nameOf } from "./js/labels.js";
import { encodeState, applyState } from "./js/urlstate.js";
import { renderReport } from "./js/results.js";
import { addTableTools, reportTools, printHeader } from "./js/export.js";
import { sniff, notText, decodeText, encodingOf, DATA_KINDS, BINARY_LIMIT, HEAD, defaultDataset, datasetColumns, describeDataset, datasetLabels, MAX_LABEL_CHARS } from "./js/files.js";
import { wireNext } from "./js/next.js";
import { showReport, setDataSummary, setOptionsSummary, openBox, foldInputs, wireLayout } from "./js/layout.js";

/** @typedef {import("./pkg/analgesic_endpoints").Table} Table */
/** @typedef {import("./pkg/analgesic_endpoints").TableMapping} TableMapping */
/** @type {Table[]} */
const TABLES = ["subjects", "pain", "rescue"];
const textareas = Object.fromEntries(TABLES.map((t) => [t, $(`#t-${t}`)]));
/** Files too large to show in a box are analysed from the File itself (read in the worker). */
const LARGE_FILE = 4 << 20;
const files = { subjects: null, pain: null, rescue: null }; // { $file: File, encoding }
/** Data sets read from a data file (xlsx, ods, XPT, …): { name, size, kind, datasets, index, columns }. */
const held = { subjects: null, pain: null, rescue: null };
/** The file a box's text was read from (until the text is edited): { name, size }. */
const uploaded = { subjects: null, pain: null, rescue: null };
/** What the analysis reads for a table: the chosen data set's columns, or the large text File
 * when one is held, else the box's text. */
/**
 * A built-in example's texts not yet written into the text boxes: on load the example is analysed
 * and its results drawn first, and the boxes filled after that frame (laying out 5 000 lines of
 * text in them takes about 100 ms, which the results would otherwise wait for).
 * @type {Partial<Record<Table, string>> | null}
 */
let deferred = null;
/** @param {Table} t */
const text = (t) => deferred?.[t] ?? textareas[t].value;
const source = (t) => held[t]?.columns || files[t] || text(t);

/** The built-in examples: files, the note shown while they are loaded, column uses. */
const EXAMPLES = {
  lidocaine: {
    dir: "example",
    note: "Showing the built-in synthetic example trial (440 generated subjects shaped like a hernia-repair lidocaine-patch study; not real patients).",
    short: "the built-in synthetic example (440 generated subjects; not real patients)",
    model: { subgroups: ["ANESTH"], moderators: ["LIDOVOL"], stratum: "SITEID" },
    moderatorValues: "10, 20, 30",
    window: [4, 24],
    cuts: "0, 4, 8, 12, 16, 20, 24",
  },
  threeArm: {
    dir: "example/three-arm",
    note: "Showing the built-in synthetic three-arm dose-ranging example (150 generated subjects, VAS 0–100, analysed over 0–8 h; not real patients).",
    short: "the built-in synthetic three-arm example (150 generated subjects; not real patients)",
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
const showingExample = () => loaded && TABLES.every((t, i) => !files[t] && !held[t] && text(t) === loaded.texts[i]);

/** Data rows of a pasted table: its non-empty lines but the header. */
function rowsOf(text) {
  let n = 0;
  for (let i = 0; i < text.length;) {
    const j = text.indexOf("\n", i);
    const end = j < 0 ? text.length : j;
    if (text.slice(i, end).trim()) n++;
    i = end + 1;
  }
  return Math.max(0, n - 1);
}
const kB = (bytes) => (bytes < 1048576 ? `${Math.max(1, Math.round(bytes / 1024))} kB` : `${(bytes / 1048576).toFixed(1)} MB`);

/** The data box's summary line: the example, or each table's file (name, size) or pasted rows. */
function describeData() {
  if (showingExample()) return EXAMPLES[loaded.example].short;
  return TABLES.map((t) => {
    const h = held[t], f = files[t], u = uploaded[t];
    let what;
    if (h) what = `${h.name}${h.datasets.length > 1 ? `, ${h.datasets[h.index].name}` : ""} (${kB(h.size)}, ${h.datasets[h.index].rows} rows)`;
    else if (f) what = `${f.$file.name} (${kB(f.$file.size)})`;
    else if (!text(t).trim()) what = "none";
    else if (u) what = `${u.name} (${kB(u.size)}, ${rowsOf(text(t))} rows)`;
    else what = `pasted, ${rowsOf(text(t))} rows`;
    return `${t}: ${what}`;
  }).join(" · ");
}

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
function markStale(why, rerun = false) {
  const body = $("#results-body");
  const had = body.querySelector("table, .verdict");
  const box = $("#results-stale");
  box.hidden = false;
  box.textContent = had ? `${why} The results below are from the last analysis that ran.` : why;
  if (rerun) {
    const b = el("button", { type: "button", id: "rerun" }, "Analyse again");
    b.addEventListener("click", () => runAndFold());
    box.append(" ", b);
  }
  body.classList.toggle("stale", Boolean(had));
  if (!had) body.replaceChildren();
}

/**
 * An error of the analysis (`AnalysisError`), of a file read in the worker, or of the options form:
 * shown where it belongs (the box it is in opens), and said in a few words in the status line.
 * @param {any} err
 * @returns {string} the status line's text
 */
function showError(err) {
  if (err && err.kind === "file" && TABLES.includes(err.table)) {
    $(`.table-input[data-table="${err.table}"] .table-errors`).append(el("p", { class: "error" }, err.message));
    markStale("A file could not be read; see the message under its table.");
    openBox("data");
    return `Not analysed: the ${err.table} file could not be read; see the message under its table.`;
  } else if (err && err.kind === "input" && Array.isArray(err.errors)) {
    for (const e of err.errors) {
      const box = $(`.table-input[data-table="${e.table}"] .table-errors`);
      const where = [e.line ? `line ${e.line}` : null, e.column ? `column “${e.column}”` : null].filter(Boolean).join(", ");
      const p = el("p", { class: "error" }, where ? `${where}: ${e.message}` : e.message);
      if (e.details && e.details.length) {
        // A summarised message: the whole list as a tab-separated file.
        const b = el("button", { type: "button", class: "link" }, `Download the full list (${e.details.length})`);
        b.addEventListener("click", () => download(`${e.table}-errors.tsv`, new Blob([`\ufeff${e.details.join("\r\n")}\r\n`], { type: "text/tab-separated-values" })));
        p.append(" ", b);
      }
      box.append(p);
      textareas[e.table]?.setAttribute("aria-invalid", "true");
    }
    markStale(`The data have ${err.errors.length} problem(s); see the messages under the tables. Your input is unchanged.`);
    openBox("data");
    return `Not analysed: the data have ${err.errors.length} problem(s); see the messages under the tables.`;
  } else {
    const oe = $("#options-error");
    oe.hidden = false;
    oe.textContent = err && err.message ? err.message : String(err);
    markStale("The analysis could not run with these options; see the message above.");
    if (err && err.kind === "options") openBox("options");
    return `Not analysed: ${oe.textContent}`;
  }
}

// ---------- column roles ----------
// Shows, per table, which column was taken for each role (and the required roles not found),
// with a choice among the table's headers. The mappings come from the report, or from
// describeTable() when the analysis stopped on an input error.
async function mappingsFromInputs() {
  /** @type {Partial<Record<Table, TableMapping>>} */
  const out = {};
  for (const t of TABLES) {
    if (!files[t] && !held[t] && !text(t).trim()) continue;
    try { out[t] = await engine.describeTable(t, source(t), readInputOptions()); } catch { /* shown as an input error already */ }
  }
  return out;
}

/** @param {Partial<Record<Table, TableMapping>>} mappings */
/** The column-role choice "detect automatically": no override for the role. */
const AUTO = "\u0000auto";

/** Sets (or, with AUTO, removes) the column chosen for a role, and analyses again. */
function setRole(t, role, value) {
  if (value === AUTO) delete state.columnOverrides[t][role];
  else state.columnOverrides[t][role] = value;
  run();
}

/**
 * A new file for table `t`: column roles chosen for the previous one are dropped (they name its
 * columns), with a notice beside the table.
 */
function resetRoles(t) {
  if (!Object.keys(state.columnOverrides[t]).length) return;
  state.columnOverrides[t] = {};
  addNote(t, "The column roles chosen for the previous table were reset: they are detected again from this file's column names.");
}

function renderMapping(mappings) {
  const parts = [];
  for (const t of TABLES) {
    const m = mappings[t];
    if (!m) continue;
    const roles = [...m.roles.map((r) => ({ role: r.role, header: r.header })), ...m.missing.map((role) => ({ role, header: "" }))];
    const optional = m.unassigned || [];
    const rows = roles.map(({ role, header }) => {
      const sel = el("select", { "data-table": t, "data-role": role },
        el("option", { value: AUTO }, header ? `(detect automatically: ${header})` : "(detect automatically: none found)"),
        el("option", { value: "" }, header ? "(none: leave out)" : "(choose a column)"),
        m.headers.map((h) => el("option", { value: h }, h)));
      sel.value = role in state.columnOverrides[t] ? state.columnOverrides[t][role] : AUTO;
      sel.addEventListener("change", () => setRole(t, role, sel.value));
      return el("label", { class: header ? "" : "error" }, `${nameOf(ROLE, role)} `, sel);
    });
    // Optional roles no column was found for: offered, not required.
    for (const role of optional) {
      const sel = el("select", { "data-table": t, "data-role": role },
        el("option", { value: AUTO }, "(detect automatically: none found)"),
        el("option", { value: "" }, "(none: leave out)"), m.headers.map((h) => el("option", { value: h }, h)));
      sel.value = role in state.columnOverrides[t] ? state.columnOverrides[t][role] : AUTO;
      sel.addEventListener("change", () => setRole(t, role, sel.value));
      rows.push(el("label", { class: "optional" }, `${nameOf(ROLE, role)} `, sel));
    }
    const extra = [];
    if (m.timeSource) extra.push(el("p", { class: "hint", "data-testid": `time-source-${t}` }, `Times: ${nameOf(TIME_SOURCE, m.timeSource)}.`));
    if (m.timepoints && m.timepoints.length) {
      extra.push(el("table", { class: "timepoints", "data-testid": "timepoints" },
        el("caption", {}, "Time points read as hours (edit under Population and records)"),
        el("thead", {}, el("tr", {}, el("th", {}, "time point"), el("th", {}, "hours"), el("th", {}, "rows"))),
        el("tbody", {}, m.timepoints.map((u) => el("tr", { class: u.meaning === "unknown" ? "error" : "" },
          el("td", {}, u.text), el("td", {}, u.hours ?? (u.meaning === "unknown" ? "not understood" : u.meaning)), el("td", {}, String(u.rows)))))));
    }
    parts.push(el("div", { class: "mapping-table" }, el("h3", {}, t), rows, extra));
  }
  fillDatalist("#population-flags", ["auto", "none", ...((mappings.subjects && mappings.subjects.flags) || [])]);
  fillDatalist("#pain-params", ((mappings.pain && mappings.pain.params) || []).filter((p) => p.value).map((p) => p.value));
  $("#mapping").replaceChildren(...parts);
  if (TABLES.some((t) => mappings[t] && mappings[t].missing.length)) { $("#mapping-box").open = true; openBox("data"); }
  renderCovariateGrid(covariateColumns(mappings.subjects), run);
}

function fillDatalist(id, values) {
  $(id).replaceChildren(...[...new Set(values)].map((v) => el("option", { value: v })));
}

/** @param {import("./pkg/analgesic_endpoints").ArmInfo[]} arms @param {string} chosen */
function setReferenceChoices(arms, chosen) {
  const sel = $("#o-reference");
  const names = arms.map((a) => a.name);
  const current = [...sel.options].map((o) => o.value);
  if (current.join("\u0000") !== names.join("\u0000")) sel.replaceChildren(...names.map((n) => el("option", { value: n }, n)));
  sel.value = chosen;
}

// ---------- column labels from data files ----------

/**
 * The variable labels of the data sets in use (XPT, sas7bdat, Dataset-JSON), for the core's
 * `input.labels`; a column in several tables takes its first label (subjects, pain, rescue).
 */
function fileLabels() {
  /** @type {Record<string, string>} */
  const labels = {};
  const long = [];
  for (const t of TABLES) {
    const h = held[t];
    if (!h || !h.columns) continue;
    const got = datasetLabels(h.datasets[h.index]);
    for (const [name, label] of Object.entries(got.labels)) if (!(name in labels)) labels[name] = label;
    long.push(...got.long);
  }
  return { labels, long };
}

/** States the labels taken from the data files beside the column-labels field. */
function showFileLabels({ labels, long }) {
  const p = $("#labels-auto");
  const entries = Object.entries(labels);
  const shown = entries.slice(0, 40).map(([k, v]) => `${k} = ${v}`).join("; ");
  const more = entries.length > 40 ? `; and ${entries.length - 40} more` : "";
  const parts = [];
  if (entries.length) parts.push(`Labels from the data files (${entries.length}): ${shown}${more}. Type “NAME = label” above to change one, “NAME =” to use the column name.`);
  if (long.length) parts.push(`Not used, longer than ${MAX_LABEL_CHARS} characters: the labels of ${long.join(", ")}.`);
  p.hidden = !parts.length;
  p.textContent = parts.join(" ");
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

/** The tables and options on the page, as the worker takes them. */
function inputsNow(labels = fileLabels()) {
  const options = readOptions(labels.labels);
  if (chosenReference) options.referenceArm = chosenReference;
  const tables = { subjects: source("subjects"), pain: source("pain") };
  if (files.rescue || held.rescue || text("rescue").trim()) tables.rescue = source("rescue");
  return { tables, options };
}

/** The tables and options on the page, for the tools below the results (js/next.js). */
async function currentInputs() {
  try {
    state.covariateColumns = await subjectColumns();
  } catch {
    state.covariateColumns = [];
  }
  return inputsNow();
}

/**
 * Analyses the tables with the options on the page; a newer call supersedes an older one.
 * Resolves to whether this call drew a report.
 */
async function run() {
  const seq = ++runSeq;
  if (engine.busy()) engine.cancel();
  clearErrors();
  $("#example-note").hidden = !showingExample();
  setDataSummary(describeData());
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
      if (err && err.kind === "cancelled") return false;
      state.covariateColumns = [];
    }
    if (stale()) return false;
    const labels = fileLabels();
    showFileLabels(labels);
    const { tables, options } = inputsNow(labels);
    const { report, notices } = await engine.analyze(tables, options, (p) => { if (!stale() && performance.now() - t0 > 150) showProgress(p); });
    if (stale()) return false;
    for (const n of notices || []) addNote(n.table, n.message);
    remember(subjectsKey(), covariateColumns(report.input.subjects));
    setReferenceChoices(report.arms, report.settings.referenceArm);
    renderMapping({ subjects: report.input.subjects, pain: report.input.pain, rescue: report.input.rescue });
    const body = $("#results-body");
    const info = { data: describeData(), at: new Date() };
    showReport(body, [printHeader(report, info), ...renderReport(report)], reportTools(report, info));
    addTableTools(body);
    setOptionsSummary(report);
    status.textContent = `Analysed ${report.subjects.length} subjects in ${(performance.now() - t0).toFixed(1)} ms.`;
    saveToUrl();
    return true;
  } catch (err) {
    if (stale()) return false;
    if (err && err.kind === "cancelled") { status.textContent = "Cancelled."; return false; }
    const said = showError(err);
    if (err && err.kind === "input") renderMapping(await mappingsFromInputs());
    status.textContent = said;
    return false;
  } finally {
    clearTimeout(slow);
    if (!stale()) hideProgress();
  }
}

/** Loads a built-in example; `fromUrl`: the link's options then override the example's presets. */
async function loadExample(key, fromUrl = false) {
  const ex = EXAMPLES[key];
  const texts = TABLES.map((t) => examples[ex.dir][t]);
  deferred = Object.fromEntries(TABLES.map((t, i) => [t, texts[i]]));
  TABLES.forEach((t) => { textareas[t].value = ""; setFile(t, null); });
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
    syncControls();
    // A link's column roles apply only to data that has those columns (said once).
    const absent = [];
    TABLES.forEach((t, i) => {
      const header = (texts[i].split("\n", 1)[0] || "").split(",").map((h) => h.trim());
      for (const [role, col] of Object.entries(state.columnOverrides[t])) {
        if (col && !header.includes(col)) { absent.push(`${t} ${role} = ${col}`); delete state.columnOverrides[t][role]; }
      }
    });
    if (absent.length) {
      const note = $("#link-notice");
      note.hidden = false;
      note.textContent = `${note.textContent ? `${note.textContent} ` : ""}This link's column roles (${absent.join("; ")}) name columns the loaded data do not have: they were not applied.`;
    }
    renderMmeTable(run);
  }
  const done = run();
  await done;
  // After the results are drawn (the next frame), the example's text goes into the boxes.
  await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  fillDeferred();
  return done;
}

/** The user asked for results (Analyse, or an example): the data and options fold when they come. */
async function runAndFold(how = run) {
  if (await how()) foldInputs();
}

/**
 * The user replaces table `t` while the example's texts are still deferred: the other tables'
 * texts go into their boxes, this one's is dropped.
 * @param {Table} t
 */
function takeOver(t) {
  if (!deferred) return;
  delete deferred[t];
  fillDeferred();
}

/** Writes a deferred example's texts into the text boxes (see `deferred`). */
function fillDeferred() {
  if (!deferred) return;
  for (const t of TABLES) if (deferred[t] !== undefined && !files[t] && !held[t]) textareas[t].value = deferred[t];
  deferred = null;
}

// ---------- files ----------
const part = (t, sel) => $(`.table-input[data-table="${t}"] ${sel}`);

function setNote(t, text) {
  const note = part(t, ".file-note");
  note.hidden = !text;
  note.textContent = text || "";
}

function addNote(t, text) {
  const note = part(t, ".file-note");
  if (note.textContent.includes(text)) return;
  setNote(t, note.textContent ? `${note.textContent} ${text}` : text);
}

/** A message beside table `t` about a file (null clears it). */
function setFileError(t, text) {
  const p = part(t, ".file-error");
  p.hidden = !text;
  p.textContent = text || "";
}

/** Holds a large text file for table `t` (or lets go of any held file or data set), and says
 * so next to the box. `encoding`: see encodingOf() in js/files.js. */
function setFile(t, file, encoding = "utf-8?") {
  files[t] = file ? { $file: file, encoding } : null;
  held[t] = null;
  uploaded[t] = null;
  part(t, ".dataset-choice").hidden = true;
  setFileError(t, null);
  setNote(t, file ? `Using ${file.name} (${(file.size / 1048576).toFixed(1)} MB) as it is on disk: too large to show here. Type or paste in the box to use that instead.` : null);
  textareas[t].placeholder = file ? `(${file.name} is used)` : "";
}

/** Uses data set `i` of the data file held for table `t`. */
function chooseDataset(t, i) {
  const h = held[t];
  h.index = i;
  const ds = h.datasets[i];
  h.columns = datasetColumns(ds);
  const summary = `${h.name}: ${DATA_KINDS[h.kind] || h.kind}, ${describeDataset(h.kind, ds)}`;
  textareas[t].placeholder = `(${summary})`;
  const nLabels = Object.keys(datasetLabels(ds).labels).length;
  const labelled = nLabels ? ` Its ${nLabels} column label(s) name the columns in the figures and the methods text (see “Column labels” under Covariates, subgroups and strata).` : "";
  setNote(t, `Using ${summary}.${labelled} Type or paste in the box to use that instead.`);
  const choice = part(t, ".dataset-choice");
  choice.hidden = h.datasets.length < 2;
  choice.querySelector(".dataset-what").textContent = h.kind === "xlsx" || h.kind === "ods" ? "Sheet" : h.kind.startsWith("xpt") ? "Member" : "Data set";
  const sel = choice.querySelector("select");
  sel.replaceChildren(...h.datasets.map((d, k) => el("option", { value: String(k) }, `${d.name}${d.label ? ` (${d.label})` : ""} — ${d.rows} × ${d.columns.length}`)));
  sel.value = String(i);
}

/** Refuses a file for table `t`: the table stays as it was; the message says why. */
function refuse(t, file, why) {
  setFileError(t, `${file.name} was not loaded: ${why}. The table is unchanged.`);
  openBox("data");
  $("#status").textContent = `${file.name} was not loaded (see the message under the ${t} table).`;
}

/** Reads a data file (xlsx, ods, XPT, sas7bdat, Dataset-JSON) with the readers module. */
async function openDataFile(t, file, kind) {
  if (file.size > BINARY_LIMIT) return refuse(t, file, `it is ${(file.size / 1048576).toFixed(0)} MB, and this page reads data files up to ${BINARY_LIMIT / 1048576} MB`);
  $("#status").textContent = `Reading ${file.name} (${DATA_KINDS[kind]})…`;
  let result;
  try {
    result = await engine.readFile(file);
  } catch (err) {
    if (err && err.kind === "cancelled") return;
    const where = [err && err.row ? `row ${err.row}` : null, err && err.column ? `column ${err.column}` : null, err && err.offset !== undefined ? `byte ${err.offset}` : null].filter(Boolean).join(", ");
    return refuse(t, file, `${err && err.message ? err.message : String(err)}${where && !(err.message || "").includes(err.column || "\u0000") ? ` (${where})` : ""}`);
  }
  if (!result.datasets.length) return refuse(t, file, "it holds no data set");
  if (t === "subjects") chosenReference = null;
  resetRoles(t);
  textareas[t].value = "";
  setFile(t, null);
  held[t] = { name: file.name, size: file.size, kind: result.kind, datasets: result.datasets, index: 0, columns: null };
  chooseDataset(t, defaultDataset(t, result.datasets));
  run();
}

/** A file uploaded or dropped on table `t`'s box, recognised by its content. */
async function readFileInto(file, textarea) {
  const t = /** @type {Table} */ (textarea.id.replace(/^t-/, ""));
  takeOver(t);
  setFileError(t, null);
  let head;
  try {
    head = new Uint8Array(await file.slice(0, HEAD).arrayBuffer());
  } catch (e) {
    return refuse(t, file, `the browser could not read it (${e.name || e})`);
  }
  const kind = sniff(head);
  if (DATA_KINDS[kind]) return openDataFile(t, file, kind);
  if (kind === "zip") return refuse(t, file, "it is a zip archive, but neither an xlsx workbook nor an ods spreadsheet");
  const why = notText(head);
  if (why) return refuse(t, file, why);
  if (t === "subjects") chosenReference = null;
  if (file.size > LARGE_FILE) {
    textarea.value = "";
    setFile(t, file, encodingOf(head));
    resetRoles(t);
    run();
    return;
  }
  let decoded;
  try {
    decoded = decodeText(new Uint8Array(await file.arrayBuffer()));
  } catch (e) {
    return refuse(t, file, `the browser could not read it (${e.name || e})`);
  }
  setFile(t, null);
  textarea.value = decoded.text;
  uploaded[t] = { name: file.name, size: file.size };
  if (decoded.notice) setNote(t, `${file.name} ${decoded.notice}.`);
  resetRoles(t);
  run();
}

function wire() {
  // Printing shows every result section open; closed ones close again afterwards.
  // (The per-subject table is not printed: it is built when first opened, and is in the CSV.)
  addEventListener("beforeprint", () => { for (const d of $$("#results details:not([open]):not(.subjects):not(.coefficients)")) { d.open = true; d.dataset.reclose = "1"; } });
  addEventListener("afterprint", () => { for (const d of $$("#results details[data-reclose]")) { d.open = false; delete d.dataset.reclose; } });
  // Before the generic listeners below, so that the analysis it starts uses the choice.
  $("#o-reference").addEventListener("change", () => { chosenReference = $("#o-reference").value || null; });
  $("#options-form").addEventListener("submit", (e) => { e.preventDefault(); runAndFold(); });
  // Every plain option re-analyses when it changes (the data-dependent ones wire themselves).
  for (const c of $$("#options-form input:not([type=radio]):not([type=checkbox]), #options-form select, #options-form input[type=checkbox]")) {
    if (c.closest("#covariate-grid, #mme-table") || c.id === "o-mmeversion" || c.id === "o-mmecolumn") continue;
    c.addEventListener("change", run);
  }
  $("#o-scale").addEventListener("change", () => document.body.classList.toggle("scale-custom", $("#o-scale").value === "custom"));
  for (const id of ["#o-postrescue", "#o-prscope"]) $(id).addEventListener("change", syncControls);
  $("#load-example").addEventListener("click", () => runAndFold(() => loadExample("lidocaine")));
  $("#load-three-arm").addEventListener("click", () => runAndFold(() => loadExample("threeArm")));
  $("#cancel").addEventListener("click", () => { engine.cancel(); hideProgress(); $("#status").textContent = "Cancelled."; });
  wireMme(run);
  for (const input of $$('input[type="file"][data-for]')) {
    input.addEventListener("change", () => { if (input.files[0]) readFileInto(input.files[0], $(`#${input.dataset.for}`)); });
  }
  for (const t of TABLES) {
    const ta = textareas[t];
    ta.addEventListener("input", () => {
      takeOver(t); uploaded[t] = null; if (files[t] || held[t]) setFile(t, null); if (t === "subjects") chosenReference = null;
      // The results no longer match the tables shown: say so, with a button to analyse again.
      markStale(`The ${t} table was edited after this analysis.`, true);
    });
    const sel = part(t, ".dataset-choice select");
    sel.addEventListener("change", () => { if (held[t]) { chooseDataset(t, Number(sel.value)); if (t === "subjects") chosenReference = null; run(); } });
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
$("#help-body").replaceChildren(...hello.help.map((sec) => el("section", {}, el("h3", {}, sec.title), ...sec.paragraphs.map((p) => el("p", {}, p)))));
$("#help-link").addEventListener("click", () => { /** @type {HTMLDetailsElement} */ ($("#help")).open = true; });
setFormDefaults(hello.defaultOptions);
setMmeDefaults(hello.defaultOptions.mme);
renderMmeTable(run);
wire();
wireLayout();
wireNext({ inputs: currentInputs, phase2: examples["example/phase2"], onChange: saveToUrl });
// A link's options (see js/urlstate.js) apply on top of the example it names.
const fromLink = applyState(location.hash);
syncControls();
// A link parameter the page cannot use is said once, and left out (the default stays).
if (fromLink && fromLink.problems.length) {
  const note = $("#link-notice");
  note.hidden = false;
  note.textContent = `This link's ${fromLink.problems.length === 1 ? "parameter" : "parameters"} ${fromLink.problems.join("; ")} ${fromLink.problems.length === 1 ? "was" : "were"} not understood and left at the default.`;
}
await loadExample(fromLink && fromLink.example === "threeArm" ? "threeArm" : "lidocaine", Boolean(fromLink));
document.body.dataset.ready = "true";
