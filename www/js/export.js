// Getting results out: copy a table as HTML (pastes as a table into Word, Confluence, Google
// Docs), download a table as CSV, the per-subject values with imputation flags as CSV at full
// precision, and the whole report as JSON.
import { el, download } from "./format.js";
import { ruleText } from "./results.js";

/** @typedef {import("../pkg/analgesic_endpoints").Report} Report */

const csvCell = (v) => {
  const t = v === null || v === undefined ? "" : String(v);
  return /[",\n\r]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
};
/** RFC 4180 CSV text from rows of cells (CRLF line ends, as spreadsheet programs expect). */
export const toCsv = (rows) => rows.map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n";

/** A results table's cells as text rows (the caption is not a row). */
export function tableRows(t) {
  return [...t.rows].map((row) => [...row.cells].map((c) => c.textContent.replace(/\s+/g, " ").trim()));
}

/** A self-contained HTML table (inline borders, so that it keeps its look when pasted). */
export function tableHtml(t) {
  const c = t.cloneNode(true);
  c.setAttribute("border", "1");
  c.setAttribute("cellpadding", "4");
  c.setAttribute("cellspacing", "0");
  return `<table border="1" cellpadding="4" cellspacing="0">${c.innerHTML}</table>`;
}

async function copyTable(t, button) {
  const html = tableHtml(t);
  const plain = tableRows(t).map((r) => r.join("\t")).join("\n");
  try {
    await navigator.clipboard.write([new ClipboardItem({
      "text/html": new Blob([html], { type: "text/html" }),
      "text/plain": new Blob([plain], { type: "text/plain" }),
    })]);
    button.textContent = "Copied";
  } catch {
    button.textContent = "Copy failed (browser refused)";
  }
  setTimeout(() => { button.textContent = "Copy table"; }, 2000);
}

const slug = (s) => s.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 60) || "table";

/** Adds "Copy table" and "CSV" buttons above every results table under `root`. */
export function addTableTools(root) {
  for (const t of root.querySelectorAll("table:not(.grid)")) {
    const name = slug(t.caption ? t.caption.textContent : "table");
    const copy = el("button", { type: "button", class: "small", "data-export": "copy" }, "Copy table");
    const csv = el("button", { type: "button", class: "small", "data-export": "csv" }, "CSV");
    copy.addEventListener("click", () => copyTable(t, copy));
    csv.addEventListener("click", () => download(`${name}.csv`, new Blob([toCsv(tableRows(t))], { type: "text/csv" })));
    t.before(el("div", { class: "table-tools" }, copy, " ", csv));
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
  subj.addEventListener("click", () => download("per-subject-endpoints.csv", new Blob([subjectsCsv(r)], { type: "text/csv" })));
  print.addEventListener("click", () => window.print());
  return el("div", { class: "report-tools" }, el("span", { class: "hint" }, "Download: "), json, " ", subj, " ", print);
}
