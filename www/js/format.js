// Formatting and DOM helpers for the page (presentation only: no statistic is computed here).

// The page's own elements, found by selector, are not typed (`any`): the type check is about the
// report's shape, and the markup is checked by the page tests.
/** @type {(sel: string, root?: ParentNode) => any} */
export const $ = (sel, root = document) => root.querySelector(sel);
/** @type {(sel: string, root?: ParentNode) => any[]} */
export const $$ = (sel, root = document) => [...root.querySelectorAll(sel)];

const minus = (s) => s.replace(/^-/, "−").replace("e-", "e−");

/** A number with `digits` decimals; exponent notation for very small or large magnitudes. */
export function num(x, digits = 3) {
  if (x === null || x === undefined || Number.isNaN(x)) return "–";
  if (!Number.isFinite(x)) return x > 0 ? "∞" : "−∞";
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return minus(x.toExponential(2));
  return minus(x.toFixed(digits));
}

/** A p-value: 3 significant decimals, exponent notation below 1e-4. */
export function pval(p) {
  if (p === null || p === undefined || Number.isNaN(p)) return "–";
  if (p < 1e-4) return minus(p.toExponential(2));
  return p.toFixed(p < 0.001 ? 5 : p < 0.01 ? 4 : 3);
}

export const ci = (c, digits = 3) => (Array.isArray(c) ? `${num(c[0], digits)} to ${num(c[1], digits)}` : "–");
export const pct = (x) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)} %` : "–");
export const hours = (h) => `${Number.isInteger(h) ? h : num(h, 2)} h`;

/** Creates an element: `el("td", { class: "x" }, "text", childNode, [more])`. */
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") e.className = v;
    else e.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

/**
 * A table's values for its CSV download, as numbers: `columns` are plain names (the CSV's header
 * row) and each row maps a column to its value (a number at full precision, a string, a boolean,
 * or null for a missing value). A column no row has a key for is left out of the CSV.
 * @typedef {string | number | boolean | null | undefined} RawValue
 * @typedef {{ columns: string[], rows: Record<string, RawValue>[] }} TableData
 */

/** The values of each table built by `table()` with data (read by js/export.js for its CSV). */
/** @type {WeakMap<HTMLTableElement, TableData>} */
export const tableData = new WeakMap();

/**
 * A table with a caption, a header row and body rows; the first cell of a row is its header.
 * A row is an array of cells or `{ cells, cls?, raw? }`. `data` gives the values behind the
 * display text for the CSV download: `{ columns, rows }`, or `{ columns }` alone to take each
 * body row's `raw` record (rows without one are left out).
 * @param {string} caption
 * @param {any[]} head
 * @param {any[]} rows
 * @param {string} [cls]
 * @param {{ columns: string[], rows?: Record<string, RawValue>[] } | null} [data]
 * @returns {HTMLTableElement}
 */
export function table(caption, head, rows, cls = "", data = null) {
  const t = /** @type {HTMLTableElement} */ (el("table", { class: cls },
    el("caption", {}, caption),
    el("thead", {}, el("tr", {}, head.map((h) => el("th", { scope: "col" }, h)))),
    el("tbody", {}, rows.map((r) => el("tr", { class: r.cls }, (r.cells || r).map((c, i) => (i === 0 ? el("th", { scope: "row" }, c) : el("td", {}, c))))))));
  if (data) tableData.set(t, { columns: data.columns, rows: data.rows || rows.filter((r) => r.raw).map((r) => r.raw) });
  return t;
}

/** A name for files and element ids: lower case, ASCII letters, digits and hyphens. */
export const slug = (s) => String(s).toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 60) || "table";

/**
 * A collapsible results section with a heading-like summary. `title` is the heading, or
 * `{ title, id }`: the id (by default `r-` and the title's slug) names the section in the
 * contents and keeps it open or closed across analyses, so it should not depend on the options.
 * @param {string | { title: string, id: string }} title
 * @param {...any} children
 */
export function section(title, ...children) {
  const { title: text, id } = typeof title === "string" ? { title, id: `r-${slug(title)}` } : title;
  return el("details", { class: "result-section", open: true, id }, el("summary", {}, el("h3", {}, text)), ...children);
}

/**
 * Whether a `Stat<T>` value is an error (or missing), and the error cell.
 * @template T
 * @param {T | { error: string } | null | undefined} s
 * @returns {s is { error: string } | null | undefined}
 */
export const isErr = (s) => s === null || s === undefined || (typeof s === "object" && "error" in s);
/** @param {any} s */
export const errCell = (s) => el("span", { class: "error" }, errText(s));
/** @param {any} s */
export const errText = (s) => (s && s.error ? s.error : "not computed");

/** Comma- or space-separated numbers; `null` when a token is not a finite number. */
export function parseNumbers(text) {
  // Separated by semicolons or blanks, or by commas when no token has a decimal comma
  // ("4, 8, 12" or "4; 8,5; 12"): a comma is never dropped from inside a number.
  const t = String(text).trim();
  const tokens = (t.includes(";") ? t.split(/[\s;]+/) : t.split(/[\s,]+/)).filter(Boolean);
  const out = tokens.map((x) => (/^[+-]?(\d+,\d+|,\d+)$/.test(x) ? Number(x.replace(",", ".")) : /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(x) ? Number(x) : NaN));
  return out.every(Number.isFinite) ? out : null;
}

/** Saves `blob` as a file named `name` (a download from a blob: URL; no request leaves the page). */
export function download(name, blob) {
  const url = URL.createObjectURL(blob);
  const a = el("a", { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
