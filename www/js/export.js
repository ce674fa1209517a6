// Getting results out: copy a table as HTML (pastes as a table into Word, Confluence, Google
// Docs), download a table as CSV, the per-subject values with imputation flags as CSV at full
// precision, and the whole report as JSON.
//
// The CSV files are for programs (Excel, R, SAS, pandas), not for reading: UTF-8 with a byte-order
// mark (so that Excel reads it as UTF-8), CRLF line ends, a header row of plain names, one value
// per cell — estimate, limits, statistic, df and p each in its own column — written from the
// report's numbers (`String(x)`: the shortest text that reads back as the same double) with ASCII
// minus signs and an empty cell for a missing value. "Copy table" keeps the formatted text.
import { el, download, slug, tableData } from "./format.js";
import { ruleText } from "./results.js";
import { populationText } from "./plots.js";

/** @typedef {import("../pkg/analgesic_endpoints").Report} Report */
/** @typedef {import("./format.js").RawValue} RawValue */

/**
 * A value as CSV text: numbers at full precision (`Inf`/`-Inf` for infinities, as R writes them;
 * empty for NaN), empty for null, `true`/`false`; in text, typographic minus signs and dashes
 * become ASCII hyphen-minus.
 * @param {RawValue} v
 */
export function csvValue(v) {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") return Number.isNaN(v) ? "" : v === Infinity ? "Inf" : v === -Infinity ? "-Inf" : String(v);
  return String(v).replace(/[\u2212\u2013]/g, "-");
}
const csvCell = (v) => {
  const t = csvValue(v);
  return /[",\n\r]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
};
/** RFC 4180 CSV text from rows of values: a UTF-8 byte-order mark first, CRLF line ends. */
export const toCsv = (rows) => `\ufeff${rows.map((r) => r.map(csvCell).join(",")).join("\r\n")}\r\n`;
const csvBlob = (text) => new Blob([text], { type: "text/csv;charset=utf-8" });

/** A results table's cells as text rows, as shown (the caption is not a row). */
export function tableRows(t) {
  return [...t.rows].map((row) => [...row.cells].map((c) => c.textContent.replace(/\s+/g, " ").trim()));
}

/**
 * A results table's CSV from the values it was built with (see `table()` in js/format.js): the
 * columns some row has, in the table's order, and one line per row. A table built without
 * values (none of the report's) falls back to its cells' text, with ASCII minus signs and empty
 * cells for "–".
 * @param {HTMLTableElement} t
 */
export function tableCsv(t) {
  const data = tableData.get(t);
  if (!data) return toCsv(tableRows(t).map((r) => r.map((c) => (c === "–" ? "" : c))));
  const columns = data.columns.filter((c) => data.rows.some((r) => r[c] !== undefined));
  return toCsv([columns, ...data.rows.map((r) => columns.map((c) => r[c]))]);
}

/** A self-contained HTML table (inline borders, so that it keeps its look when pasted). */
export function tableHtml(t) {
  const c = t.cloneNode(true);
  c.setAttribute("border", "1");
  c.setAttribute("cellpadding", "4");
  c.setAttribute("cellspacing", "0");
  return `<table border="1" cellpadding="4" cellspacing="0">${c.innerHTML}</table>`;
}

/** Sets a tool button's text and its accessible name (the text and the table it acts on). */
function label(button, text, what) {
  button.textContent = text;
  button.setAttribute("aria-label", `${text}: ${what}`);
}

async function copyTable(t, button, what) {
  const html = tableHtml(t);
  const plain = tableRows(t).map((r) => r.join("\t")).join("\n");
  try {
    await navigator.clipboard.write([new ClipboardItem({
      "text/html": new Blob([html], { type: "text/html" }),
      "text/plain": new Blob([plain], { type: "text/plain" }),
    })]);
    label(button, "Copied", what);
  } catch {
    label(button, "Copy failed (browser refused)", what);
  }
  setTimeout(() => label(button, "Copy table", what), 2000);
}

/**
 * Adds "Copy table" and "CSV" buttons above every results table under `root`; each button's
 * accessible name names its table (its caption). The table and its buttons go into a box that
 * scrolls sideways when the table is wider than the screen.
 */
export function addTableTools(root) {
  for (const t of root.querySelectorAll("table:not(.grid)")) {
    if (t.closest(".table-box")) continue;
    const what = t.caption ? t.caption.textContent.replace(/\s+/g, " ").trim() : "table";
    const name = slug(what);
    const copy = el("button", { type: "button", class: "small", "data-export": "copy" });
    const csv = el("button", { type: "button", class: "small", "data-export": "csv" });
    label(copy, "Copy table", what);
    label(csv, "CSV", what);
    copy.addEventListener("click", () => copyTable(t, copy, what));
    csv.addEventListener("click", () => download(`${name}.csv`, csvBlob(tableCsv(t))));
    // A short table (up to six rows) is kept on one printed page; a longer one may break
    // between rows (kept whole it would leave half-empty pages).
    const box = el("div", { class: t.rows.length <= 7 ? "table-box short" : "table-box" });
    t.replaceWith(box);
    box.append(el("div", { class: "table-tools" }, copy, " ", csv), el("div", { class: "table-scroll" }, t));
  }
}

/** The per-subject derived values at full precision, one row per subject, with the imputed values. */
/** @param {Report} r */
export function subjectsCsv(r) {
  const head = ["subject", "arm", "baseline", "auc", "twa", "spid", "twa_reduction", "scores_in_window", "carried_edge", "pain_at_window_start", "pain_at_window_end",
    "rescued", "rescue_count", "rescue_total_dose", "rescue_total_mme", "time_to_first_rescue", "rescue_event", "n_imputed", "imputed_values"];
  const rows = r.subjects.map((s) => [s.id, s.arm, s.baseline, s.pain.auc, s.pain.twa, s.pain.spid, s.twaReduction, s.pain.nInWindow, s.pain.carriedEdge, s.pain.atStart, s.pain.atEnd,
    ...(s.rescue ? [s.rescue.any, s.rescue.count, s.rescue.totalDose, s.rescue.totalMme, s.rescue.timeToFirst, s.rescue.event] : ["", "", "", "", "", ""]), s.imputed.length,
    s.imputed.map((p) => `${p.time} h: ${p.value ?? ""} (${ruleText(p.rule)})`).join("; ")]);
  return toCsv([head, ...rows]);
}

/** The report as JSON (non-finite numbers become null, as JSON has no NaN or infinity). */
/** @param {Report} r */
export const reportJson = (r) => JSON.stringify(r, (k, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v), 2);

/**
 * What was analysed, for the report document and the printed page: `data` is the data box's
 * summary line (the files' names and sizes, pasted rows, or the built-in example) and `at` when
 * the analysis was drawn.
 * @typedef {{ data: string, at: Date }} RunInfo
 */

/** A date and time as "2026-12-06 01:23 UTC+01:00" (local time, with its offset). */
export function stamp(d) {
  const p = (n) => String(Math.abs(n)).padStart(2, "0");
  const off = -d.getTimezoneOffset();
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())} UTC${off < 0 ? "−" : "+"}${p(Math.trunc(off / 60))}:${p(off % 60)}`;
}

/**
 * The report's header line: when, which data, which population, which software.
 * @param {Report} r @param {RunInfo} info
 */
export function headerText(r, info) {
  return `Analysed ${stamp(info.at)} · Data: ${info.data} · Population: ${populationText(r)} · ${r.software.name} ${r.software.version}`;
}

/**
 * The header line shown on the printed page only (first in the results), and a note where the
 * per-subject table would be: it is left out of print (hundreds of rows) and is in the CSV.
 * @param {Report} r @param {RunInfo} info
 */
export function printHeader(r, info) {
  return el("p", { class: "print-only print-header", "data-testid": "report-header" }, headerText(r, info));
}

/** The report document's styles: the page's look, for the screen and for print (A4 and US letter). */
const DOC_CSS = `
:root { --fg: #1a1a1a; --muted: #555; --line: #d0d0d0; --ok: #009e73; --bad: #d55e00; --bg-soft: #f5f7fa; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: var(--fg); margin: 0 auto; max-width: 1000px; padding: 0 1rem 2rem; }
h1 { font-size: 1.5rem; margin: 1rem 0 0.2rem; }
.print-header { color: var(--muted); font-size: 0.9em; border-bottom: 1px solid var(--line); padding-bottom: 0.3rem; }
h2 { font-size: 1.2rem; border-bottom: 1px solid var(--line); margin: 1.4rem 0 0.4rem; }
h3 { font-size: 1.05rem; margin: 0.6rem 0 0.3rem; }
.hint { color: var(--muted); font-size: 0.9em; }
.error { color: var(--bad); }
.verdict { border-left: 6px solid var(--bad); background: var(--bg-soft); padding: 0.4rem 0.9rem; margin: 0.8rem 0; }
.verdict.success { border-color: var(--ok); }
.verdict.unassessable { border-color: var(--muted); }
.verdict-endpoints { margin: 0.3rem 0; padding-left: 1.2rem; }
table { border-collapse: collapse; margin: 0.3rem 0 1rem; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: 600; padding-bottom: 0.3rem; }
th, td { border-bottom: 1px solid var(--line); padding: 0.2rem 0.6rem; text-align: right; }
th:first-child, thead th { text-align: left; }
tbody th { font-weight: normal; }
thead { display: table-header-group; }
tr.primary th, tr.primary td { font-weight: 600; background: var(--bg-soft); }
table.baseline tr.variable th { font-weight: 600; }
table.baseline tr.level th { padding-left: 1.6rem; }
.imputed { font-size: 0.9em; color: var(--muted); text-align: left; }
figure.plot { margin: 0.6rem 0 1rem; }
figure.plot svg { max-width: 100%; height: auto; }
figure.plot figcaption { font-size: 0.85em; color: var(--muted); max-width: 680px; }
.methods p { max-width: 60rem; }
h2, h3, caption, .print-header { break-after: avoid; page-break-after: avoid; }
figure, .verdict, .table-box.short, tr { break-inside: avoid; page-break-inside: avoid; }
.figures { display: flex; flex-wrap: wrap; gap: 1rem; }
@page { size: auto; margin: 15mm; }
/* As the page's print layout (www/style.css): A4 and US letter, no half-empty pages. */
@media print {
  body { max-width: none; font-size: 8.5pt; line-height: 1.3; padding: 0; }
  h1 { font-size: 14pt; margin: 0; }
  h2 { font-size: 12pt; margin: 0.6rem 0 0.3rem; }
  h3 { margin: 0.4rem 0 0.2rem; }
  ul { margin: 0.2rem 0; }
  .hint { font-size: 7.5pt; }
  .verdict { padding: 0.2rem 0.7rem; margin: 0.4rem 0; }
  .verdict .verdict-summary { font-size: 9.5pt; margin: 0.2rem 0; }
  table { font-size: 8pt; line-height: 1.2; margin: 0.2rem 0 0.6rem; }
  th, td { padding: 0.05rem 0.4rem; }
  table.stats td { white-space: nowrap; }
  table.stats tbody th { min-width: 10em; }
  table.stats td:nth-child(4) { white-space: normal; }
  table.sensitivity { font-size: 7.5pt; }
  table.sensitivity td { white-space: normal; }
  table.sensitivity tbody th { min-width: 9em; }
  .figures { flex-wrap: nowrap; gap: 4mm; align-items: flex-start; }
  .figures > figure.plot { flex: 1 1 0; min-width: 0; }
  .figures > figure.plot svg { width: 100%; max-height: none; }
  figure.plot { margin: 0.4rem 0 0.6rem; }
  figure.plot svg { width: auto; height: auto; max-width: 100%; max-height: 60mm; }
  figure.plot figcaption { max-width: none; font-size: 7.5pt; }
  figure.plot .figure-context { display: none; }
  .methods { columns: 2; column-gap: 6mm; font-size: 7.5pt; line-height: 1.3; }
  .methods p { margin: 0 0 0.4rem; }
}
`;

/**
 * The whole analysis as one self-contained HTML document: the header line, the verdicts, every
 * section in page order (opened, as plain sections), the figures as inline SVG, the methods text;
 * no buttons, no scripts, nothing fetched. Built from the results drawn on the page (`body`).
 * @param {Report} r @param {RunInfo} info @param {Element} body
 */
export function reportDocument(r, info, body) {
  const c = /** @type {Element} */ (body.cloneNode(true));
  for (const x of c.querySelectorAll("nav.contents, .report-tools, .table-tools, button, input, select, textarea, details.subjects, script")) x.remove();
  // Every section as a plain, open section with its title as a heading.
  for (const d of [...c.querySelectorAll("details")].reverse()) {
    const summary = d.querySelector(":scope > summary");
    const sec = el("section", { class: d.className, id: d.id || null });
    if (summary) { sec.append(el("h2", {}, summary.textContent.replace(/\s+/g, " ").trim())); summary.remove(); }
    sec.append(...d.childNodes);
    d.replaceWith(sec);
  }
  for (const x of c.querySelectorAll("[tabindex], [aria-label]")) { x.removeAttribute("tabindex"); x.removeAttribute("aria-label"); }
  const header = c.querySelector(".print-header");
  if (header) header.classList.remove("print-only");
  else c.prepend(printHeader(r, info));
  const esc = (t) => t.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
  // The style element's tags are written through tag(): the page's own code, inlined in the single
  // file, holds no literal style tag that a reader of that file could take for its own. (A style
  // element made with the DOM, even in a detached document, is refused by the page's CSP.)
  const tag = (name) => `<${name}>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${esc(`${r.software.name} ${r.software.version}`)}">
<title>Analgesic trial endpoints: analysis report</title>
${tag("style")}${DOC_CSS}${tag("/style")}
</head>
<body>
<h1>Analgesic trial endpoints: analysis report</h1>
${c.innerHTML}
</body>
</html>
`;
}

/**
 * The "Download" bar for the whole report.
 * @param {Report} r @param {RunInfo} info
 */
export function reportTools(r, info) {
  const json = el("button", { type: "button", "data-export": "json" }, "Report (JSON)");
  const doc = el("button", { type: "button", "data-export": "html" }, "Report document (HTML)");
  const subj = el("button", { type: "button", "data-export": "subjects-csv" }, "Per-subject values (CSV)");
  const print = el("button", { type: "button", "data-export": "print" }, "Print / PDF");
  json.addEventListener("click", () => download("analgesic-endpoints-report.json", new Blob([reportJson(r)], { type: "application/json" })));
  doc.addEventListener("click", () => {
    const body = doc.closest("#results-body") || document.querySelector("#results-body");
    download("analgesic-endpoints-report.html", new Blob([reportDocument(r, info, body)], { type: "text/html;charset=utf-8" }));
  });
  subj.addEventListener("click", () => download("per-subject-endpoints.csv", csvBlob(subjectsCsv(r))));
  print.addEventListener("click", () => window.print());
  return el("div", { class: "report-tools" }, el("span", { class: "hint" }, "Download: "), doc, " ", json, " ", subj, " ", print);
}
