// The page's access to the analysis: a Web Worker running the wasm core (www/worker.js). Every
// call returns a promise; `cancel()` stops the work in progress by terminating the worker (a new
// one starts on the next call). In the single-file build the worker's code is inlined in a
// <script type="text/plain" id="worker-src"> element and started from a blob: URL.

/** @typedef {import("../pkg/analgesic_endpoints").Options} Options */
/** @typedef {import("../pkg/analgesic_endpoints").OptionsInput} OptionsInput */
/** @typedef {import("../pkg/analgesic_endpoints").Report} Report */
/** @typedef {import("../pkg/analgesic_endpoints").TableMapping} TableMapping */
/** @typedef {import("../pkg/analgesic_endpoints").TableInput} TableInput */
/** @typedef {import("../pkg/analgesic_endpoints").Table} Table */
/**
 * A table as the page sends it to the worker: text, columns, or a large text file held as
 * `{ $file, encoding }` (see www/worker.js).
 * @typedef {TableInput | { $file: File, encoding: string }} Source
 */
/** @typedef {{ phase: string, step: string, done: number, total: number }} WorkerProgress */

let worker = null;
let nextId = 1;
const pending = new Map(); // id → { resolve, reject, onProgress }

/** A new worker running www/worker.js (the analysis worker, and each worker of js/pool.js). */
export function newWorker() {
  const inline = document.getElementById("worker-src");
  if (inline) {
    const url = URL.createObjectURL(new Blob([inline.textContent], { type: "text/javascript" }));
    // A classic worker: Chromium refuses module workers from blob: URLs on an opaque origin
    // (file://, sandboxed iframes); scripts/bundle builds the worker as a classic script.
    return new Worker(url);
  }
  return new Worker(new URL("../worker.js", import.meta.url), { type: "module" });
}

function start() {
  worker = newWorker();
  worker.onmessage = (e) => {
    const m = e.data;
    const p = pending.get(m.id);
    if (!p) return;
    if (m.progress) { p.onProgress?.(m.progress); return; }
    pending.delete(m.id);
    if (m.ok) p.resolve(m.result); else p.reject(m.error);
  };
  worker.onerror = (e) => {
    e.preventDefault();
    const err = { kind: "internal", message: `the analysis stopped unexpectedly: ${e.message || "worker error"}` };
    for (const p of pending.values()) p.reject(err);
    pending.clear();
    worker.terminate();
    worker = null;
  };
}

/**
 * @param {Record<string, any>} message
 * @param {(p: WorkerProgress) => void} [onProgress]
 * @returns {Promise<any>}
 */
function call(message, onProgress) {
  if (!worker) start();
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject, onProgress });
    worker.postMessage({ ...message, id });
  });
}

/**
 * Version and default options (also waits for the wasm to be ready).
 * @returns {Promise<{ version: string, defaultOptions: Options, help: import("../pkg/analgesic_endpoints").HelpSection[] }>}
 */
export const hello = () => call({ type: "init" });
/**
 * `analyze(tables, options)` in the worker; tables may be strings or File objects.
 * @param {Partial<Record<Table, Source>>} tables
 * @param {OptionsInput} options
 * @param {(p: WorkerProgress) => void} [onProgress]
 * @returns {Promise<{ report: Report, ms: number, wasmMemoryBytes: number, notices: { table: Table, message: string }[] }>}
 */
export const analyze = (tables, options, onProgress) => call({ type: "analyze", tables, options }, onProgress);
/**
 * `describeTable(table, source, options)` in the worker.
 * @param {Table} table
 * @param {Source} source
 * @param {OptionsInput} options
 * @returns {Promise<TableMapping>}
 */
export const describeTable = (table, source, options) => call({ type: "describe", table, source, options });

/**
 * `analyzeTrials(first, second, options, names)` in the worker: both trials with the same
 * options, side by side. An error carries `trial` (0 or 1).
 * @param {Partial<Record<Table, Source>>} first
 * @param {Partial<Record<Table, Source>>} second
 * @param {OptionsInput} options
 * @param {[string, string]} names
 * @param {(p: WorkerProgress) => void} [onProgress]
 * @returns {Promise<{ result: import("../pkg/analgesic_endpoints").TwoTrials, ms: number }>}
 */
export const analyzeTrials = (first, second, options, names, onProgress) => call({ type: "analyzeTrials", first, second, options, names }, onProgress);

/**
 * The per-subject values resampling draws from (`resamplingData` in the worker).
 * @param {Partial<Record<Table, Source>>} tables
 * @param {OptionsInput} options
 * @param {string | null} [active]
 * @returns {Promise<import("../pkg/analgesic_endpoints").ResamplingData>}
 */
export const resamplingData = (tables, options, active = null) => call({ type: "resamplingData", tables, options, active });

/**
 * The analytic planning of the next trial (`plan` in the worker).
 * @param {import("../pkg/analgesic_endpoints").ResamplingData} data
 * @param {any} planning
 * @returns {Promise<any>}
 */
export const plan = (data, planning) => call({ type: "plan", data, planning });

/**
 * Reads a data file (XPT, sas7bdat, Dataset-JSON, xlsx, ods) in the worker: `{ kind, datasets }`
 * (the readers module's result, untyped: see readers/src/wasm.rs).
 * @param {File} file
 * @returns {Promise<any>}
 */
export const readFile = (file) => call({ type: "readFile", source: file });

// Started as soon as this module runs, so that the worker fetches and compiles the wasm while
// the page's other modules load and the page gets ready.
start();

/** Whether a call is in progress. */
export const busy = () => pending.size > 0;

/** Stops all work in progress; the pending calls reject with `{ kind: "cancelled" }`. */
export function cancel() {
  if (!worker) return;
  worker.terminate();
  worker = null;
  for (const p of pending.values()) p.reject({ kind: "cancelled", message: "cancelled" });
  pending.clear();
}
