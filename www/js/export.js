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
    const box = el("div", { class: "table-box" });
    t.replaceWith(box);
    box.append(el("div", { class: "table-tools" }, copy, " ", csv), el("div", { class: "table-scroll" }, t));
  }
}

/** The per-subject derived values at full precision, one row per subject, with the imputed values. */
/** @param {Report} r */
export function subjectsCsv(r) {
  const head = ["subject", "arm", "baseline", "auc", "twa", "spid", "twa_reduction", "scores_in_window", "carried_edge",
    "rescued", "rescue_count", "rescue_total_dose", "rescue_total_mme", "time_to_first_rescue", "rescue_event", "n_imputed", "imputed_values"];
  const rows = r.subjects.map((s) => [s.id, s.arm, s.baseline, s.pain.auc, s.pain.twa, s.pain.spid, s.twaReduction, s.pain.nInWindow, s.pain.carriedEdge,
    ...(s.rescue ? [s.rescue.any, s.rescue.count, s.rescue.totalDose, s.rescue.totalMme, s.rescue.timeToFirst, s.rescue.event] : ["", "", "", "", "", ""]), s.imputed.length,
    s.imputed.map((p) => `${p.time} h: ${p.value ?? ""} (${ruleText(p.rule)})`).join("; ")]);
  return toCsv([head, ...rows]);
}

/** The report as JSON (non-finite numbers become null, as JSON has no NaN or infinity). */
/** @param {Report} r */
export const reportJson = (r) => JSON.stringify(r, (k, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v), 2);

/** The "Download" bar for the whole report. */
/** @param {Report} r */
export function reportTools(r) {
  const json = el("button", { type: "button", "data-export": "json" }, "Report (JSON)");
  const subj = el("button", { type: "button", "data-export": "subjects-csv" }, "Per-subject values (CSV)");
  const print = el("button", { type: "button", "data-export": "print" }, "Print / PDF");
  json.addEventListener("click", () => download("analgesic-endpoints-report.json", new Blob([reportJson(r)], { type: "application/json" })));
  subj.addEventListener("click", () => download("per-subject-endpoints.csv", csvBlob(subjectsCsv(r))));
  print.addEventListener("click", () => window.print());
  return el("div", { class: "report-tools" }, el("span", { class: "hint" }, "Download: "), json, " ", subj, " ", print);
}
