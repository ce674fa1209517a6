// Files opened on the page: what a file is (by its content, never its name), how its text is
// decoded, which of its data sets fits a table, and a data set as columns for analyze().
// Shared by the page (www/app.js) and the worker (www/worker.js); no DOM here.

/** Data files that the readers module (www/pkg-readers, crate readers/) reads. */
export const DATA_KINDS = {
  "xpt-v5": "SAS transport (XPT v5)",
  "xpt-v8": "SAS transport (XPT v8)",
  sas7bdat: "SAS data set (sas7bdat)",
  "dataset-json": "CDISC Dataset-JSON",
  "dataset-ndjson": "CDISC Dataset-JSON (NDJSON)",
  xlsx: "Excel workbook (xlsx)",
  ods: "OpenDocument spreadsheet (ods)",
};

/** Largest data file read (it is held in memory twice: as bytes and in the wasm heap). */
export const BINARY_LIMIT = 512 << 20;
/** How much of a file's start `sniff` looks at. */
export const HEAD = 64 << 10;

const ascii = (s) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const XPT5 = ascii("HEADER RECORD*******LIBRARY HEADER RECORD!!!!!!!");
const XPT8 = ascii("HEADER RECORD*******LIBV8   HEADER RECORD!!!!!!!");
const XPT8B = ascii("HEADER RECORD*******LIBV8 HEADER RECORD!!!!!!!");
const SAS7BDAT = Uint8Array.from([
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xc2, 0xea, 0x81, 0x60,
  0xb3, 0x14, 0x11, 0xcf, 0xbd, 0x92, 0x08, 0x00, 0x09, 0xc7, 0x31, 0x8c, 0x18, 0x1f, 0x10, 0x11,
]);
const ODS = ascii("mimetypeapplication/vnd.oasis.opendocument.spreadsheet");

function startsWith(b, p, at = 0) {
  if (b.length < at + p.length) return false;
  for (let i = 0; i < p.length; i++) if (b[at + i] !== p[i]) return false;
  return true;
}

function indexOf(b, p, from = 0) {
  outer: for (let i = from; i + p.length <= b.length; i++) {
    for (let j = 0; j < p.length; j++) if (b[i + j] !== p[j]) continue outer;
    return i;
  }
  return -1;
}

/**
 * What a file is, from its first bytes (mirrors readers/src/sniff.rs): "xpt-v5", "xpt-v8",
 * "sas7bdat", "xlsx", "ods", "zip", "dataset-json", "dataset-ndjson", "text" or "binary".
 */
export function sniff(bytes) {
  const head = bytes.subarray(0, HEAD);
  if (startsWith(head, XPT5)) return "xpt-v5";
  if (startsWith(head, XPT8) || startsWith(head, XPT8B)) return "xpt-v8";
  if (startsWith(head, SAS7BDAT)) return "sas7bdat";
  if (startsWith(head, ascii("PK\x03\x04"))) {
    if (indexOf(head, ODS) >= 0) return "ods";
    if (indexOf(head, ascii("xl/")) >= 0 || indexOf(head, ascii("[Content_Types].xml")) >= 0) return "xlsx";
    return "zip";
  }
  const text = startsWith(head, [0xef, 0xbb, 0xbf]) ? head.subarray(3) : head;
  let start = 0;
  while (start < text.length && [0x20, 0x09, 0x0a, 0x0c, 0x0d].includes(text[start])) start++;
  if (text[start] === 0x7b && indexOf(text, ascii('"datasetJSONVersion"')) >= 0) {
    const nl = text.indexOf(0x0a, start);
    if (nl >= 0) {
      let end = nl;
      if (text[end - 1] === 0x0d) end--;
      let k = nl + 1;
      while (k < text.length && [0x20, 0x09, 0x0d].includes(text[k])) k++;
      if (text[end - 1] === 0x7d && text[k] === 0x5b) return "dataset-ndjson";
    }
    return "dataset-json";
  }
  if (startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff]) || !head.includes(0)) return "text";
  return "binary";
}

/** Known binary formats that are not data, named in the message refusing them. */
const OTHER_BINARY = [
  [[0x89, 0x50, 0x4e, 0x47], "a PNG image"],
  [[0xff, 0xd8, 0xff], "a JPEG image"],
  [ascii("GIF8"), "a GIF image"],
  [ascii("%PDF"), "a PDF document"],
  [[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], "a legacy Office file (e.g. Excel .xls): save it as .xlsx or CSV"],
  [[0x1f, 0x8b], "a gzip-compressed file: decompress it first"],
  [ascii("Rar!"), "a RAR archive"],
  [ascii("7z\xbc\xaf"), "a 7-Zip archive"],
];

/**
 * Why bytes that are not a data file cannot be read as text, or null when they can:
 * NUL bytes without a byte-order mark (UTF-16 without a BOM, or a binary file), or control
 * characters that no text table has.
 */
export function notText(head) {
  if (startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff])) return null;
  for (const [magic, what] of OTHER_BINARY) if (startsWith(head, magic)) return `this is ${what}, not a table`;
  let even = 0, odd = 0, controls = 0;
  const n = Math.min(head.length, HEAD);
  for (let i = 0; i < n; i++) {
    const b = head[i];
    if (b === 0) { if (i % 2) odd++; else even++; }
    else if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d && !(b === 0x1a && i === n - 1)) controls++;
  }
  const pairs = Math.floor(n / 2);
  if (even + odd > 0) {
    if (odd > 0.3 * pairs && even < 0.05 * pairs) return "it has NUL bytes at every other position: UTF-16 (little-endian) text without a byte-order mark? Save it as UTF-8 (or UTF-16 with a BOM)";
    if (even > 0.3 * pairs && odd < 0.05 * pairs) return "it has NUL bytes at every other position: UTF-16 (big-endian) text without a byte-order mark? Save it as UTF-8 (or UTF-16 with a BOM)";
    return "it is a binary file (it has NUL bytes), not a data file this page reads (delimited text, xlsx, ods, SAS XPT or sas7bdat, Dataset-JSON)";
  }
  if (controls > 0) return "it is a binary file (it has control characters that text tables do not have), not a data file this page reads (delimited text, xlsx, ods, SAS XPT or sas7bdat, Dataset-JSON)";
  return null;
}

/**
 * The text encoding of a text file from its start: a byte-order mark decides (UTF-8,
 * UTF-16LE/BE); without one, UTF-8 ("utf-8?": fall back to Windows-1252 when it is not valid).
 */
export function encodingOf(head) {
  if (startsWith(head, [0xef, 0xbb, 0xbf])) return "utf-8";
  if (startsWith(head, [0xff, 0xfe])) return "utf-16le";
  if (startsWith(head, [0xfe, 0xff])) return "utf-16be";
  return "utf-8?";
}

export const CP1252_NOTICE = "was not valid UTF-8 and was read as Windows-1252 (Western European); check accented letters, or save it as UTF-8";

/** Decodes a whole text file: `{ text, notice }` (notice: null, or why it was read as Windows-1252). */
export function decodeText(bytes) {
  const enc = encodingOf(bytes);
  if (enc !== "utf-8?") return { text: new TextDecoder(enc).decode(bytes), notice: null };
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), notice: null };
  } catch {
    return { text: new TextDecoder("windows-1252").decode(bytes), notice: CP1252_NOTICE };
  }
}

/** Names of data sets that fit each table, tried in order. */
const FITS = {
  subjects: [/^adsl$/i, /^(subjects?|subj|dm)$/i, /adsl|subj/i],
  pain: [/^(adpi|adnrs|advas|pain)$/i, /pain|adpi|adnrs|nrs|vas/i],
  rescue: [/^(adcm|cm|rescue|conmed)$/i, /adcm|rescue|conmed|rescmed/i],
};

/** Index of the data set that fits `table` by name, else 0. */
export function defaultDataset(table, datasets) {
  for (const re of FITS[table] || []) {
    const i = datasets.findIndex((d) => re.test(d.name));
    if (i >= 0) return i;
  }
  return 0;
}

/**
 * A data set as analyze()'s table of columns: numbers as Float64Array, text as string[], dates,
 * datetimes and times as { kind, values: Float64Array, label } (SAS origin and units).
 */
export function datasetColumns(ds, { datesAsObjects = DATES_AS_OBJECTS } = {}) {
  const out = {};
  for (const c of ds.columns) {
    if (c.kind === "number" || c.kind === "text") out[c.name] = c.values;
    else out[c.name] = datesAsObjects ? { kind: c.kind, values: c.values, label: c.label } : c.values;
  }
  return out;
}

/** Longest column label the core takes (`MAX_LABEL_CHARS`, src/input/mod.rs). */
export const MAX_LABEL_CHARS = 200;

/**
 * The variable labels of a data set's columns, for the core's `input.labels`: `{ labels, long }`
 * with the labels by column name (names trimmed, control characters made spaces; a label equal
 * to its name or empty left out) and the names whose label is longer than the core takes.
 */
export function datasetLabels(ds) {
  /** @type {Record<string, string>} */
  const labels = {};
  const long = [];
  for (const c of ds.columns) {
    const name = String(c.name || "").trim();
    const label = String(c.label || "").replace(/[\u0000-\u001f\u007f-\u009f]+/g, " ").trim();
    if (!name || !label || label === name) continue;
    if (Array.from(label).length > MAX_LABEL_CHARS) long.push(name);
    else labels[name] = label;
  }
  return { labels, long };
}

/**
 * Whether date/datetime/time columns go to analyze() as `{ kind, values, label }` objects (as
 * the core accepts them), rather than as plain numbers (days / seconds since 1960-01-01,
 * seconds since midnight), which it would read as numbers.
 */
export const DATES_AS_OBJECTS = true;

const thousands = (n) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, " ");

/** "sheet “pain”: 4 886 rows × 3 columns" */
export function describeDataset(kind, ds) {
  const what = kind === "xlsx" || kind === "ods" ? "sheet" : kind.startsWith("xpt") ? "member" : "data set";
  const label = ds.label ? ` (${ds.label})` : "";
  return `${what} “${ds.name}”${label}: ${thousands(ds.rows)} rows × ${ds.columns.length} columns`;
}
