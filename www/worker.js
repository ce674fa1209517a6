// The analysis runs here, off the page's main thread, so that the page stays responsive and a
// long analysis can be cancelled (the page terminates the worker). Messages:
//   in:  { id, type: "init" | "analyze" | "describe", ... }
//   out: { id, ok: true, result } | { id, ok: false, error } | { id, progress: { phase, step, done, total } }
// `phase` is a phrase for the page to show, `step` the core's phase name (parsing, endpoints,
// sensitivity, comparisons, models, survival; "reading" while a File is read). The core reports
// at most 96 times per analysis. An analyze result is { report, ms, wasmMemoryBytes }: the time
// of the analyze() call and the size of the wasm memory after it (it never shrinks, so this is
// the peak of the wasm heap so far).
// Served over HTTP(S) the wasm is fetched beside this script and compiled as it streams in; in the
// single file (and from disk) it comes from pkg/wasm-bytes.js, so the page needs no connection.
// "readFile" reads an XPT, sas7bdat, Dataset-JSON, xlsx or ods file with the second wasm module
// (pkg-readers/, crate readers/), imported and instantiated only the first time such a file is
// opened; its result is { kind, datasets } (see readers/src/wasm.rs).
// A table's source is text, an object of columns, a File, or { $file: File, encoding } for a
// large text file read here ("utf-8?" = UTF-8, or Windows-1252 when it is not valid UTF-8, which
// is then said in the result's `notices`).
import init, { analyze, analyzeTrials, describeTable, defaultOptions, help, version, resamplingData, resampleBlocks, resampleSummary, simulateBlocks, simulationSummary, plan } from "./pkg/analgesic_endpoints.js";
import { BINARY_LIMIT, CP1252_NOTICE } from "./js/files.js";

function bytes(b64) {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/**
 * Served over HTTP(S), the .wasm beside this script is fetched and compiled while it downloads
 * (`WebAssembly.instantiateStreaming`); elsewhere (the single file, where this script runs from a
 * blob: URL; a page opened from disk) it comes from pkg/wasm-bytes.js, base64 in a module.
 */
async function load() {
  if (/^https?:$/.test(self.location.protocol)) {
    try {
      return await init({ module_or_path: new URL("./pkg/analgesic_endpoints_bg.wasm", import.meta.url) });
    } catch {
      // e.g. a server that does not send application/wasm: the embedded copy below.
    }
  }
  const { wasmBase64 } = await import("./pkg/wasm-bytes.js");
  return init({ module_or_path: bytes(wasmBase64) });
}
const ready = load();

// V8 compiles a wasm function the first time it runs (and optimises it once it is hot), so the
// first analysis in a fresh worker pays for compiling what it uses. When the page asks for
// nothing for a moment after start-up, the worker analyses a tiny built-in trial (60 subjects,
// the example's columns) so that the user's first request runs compiled code. Any request
// cancels a warm-up not yet begun: on load the page asks for its example at once, and that
// analysis compiles the same code without keeping the example waiting.
const WARM_UP_AFTER_MS = 300;
function warmUpTables() {
  const subjects = ["USUBJID,TRT01P,BASE,ANESTH,LIDOVOL,SITEID,AGE,SEX"];
  const pain = ["USUBJID,ATPTN,AVAL"];
  const rescue = ["USUBJID,RESCTIME,DRUG,DOSE,OPIOID,MME"];
  for (let i = 0; i < 60; i++) {
    const id = `W-${i}`, arm = i % 2 ? "Active" : "Placebo";
    subjects.push(`${id},${arm},${5 + (i % 4)},${i % 3 ? "general" : "spinal"},${10 + i},0${1 + (i % 2)},${40 + 2 * i},${i % 2 ? "F" : "M"}`);
    for (const t of [0, 1, 2, 4, 6, 8, 12, 16, 20, 24]) {
      if ((i + t) % 7 !== 3) pain.push(`${id},${t},${(i * 7 + t * 3) % 11}`);
    }
    if (i % 3 !== 1) rescue.push(`${id},${3 + (i % 9) * 2.25},${i % 2 ? "tramadol" : "paracetamol"},${i % 2 ? 50 : 1000},${i % 2 ? "Y" : "N"},${i % 2 ? 10 : 0}`);
  }
  return { subjects: subjects.join("\n"), pain: pain.join("\n"), rescue: rescue.join("\n") };
}
let warmUpTimer = null;
ready.then(() => {
  warmUpTimer = setTimeout(() => {
    try {
      const tables = warmUpTables();
      describeTable("subjects", tables.subjects);
      for (let k = 0; k < 3; k++) analyze(tables);
    } catch (e) {
      // Only a warm-up; but the tiny trial should always analyse.
      console.warn("analysis warm-up failed", e);
    }
  }, WARM_UP_AFTER_MS);
}).catch(() => {});

/**
 * Runs a small permutation and bootstrap job on made-up data (400 subjects), in a few calls: V8
 * compiles a wasm function when first called and optimises a hot one for its next calls (a call
 * in progress keeps the code it started with), so the user's first job runs optimised code.
 */
function warmUpResampling() {
  const n = 400;
  /** @type {import("./pkg/analgesic_endpoints").ResamplingData} */
  const data = {
    active: "A", reference: "B", endpoint: "auc",
    isActive: Array.from({ length: n }, (_, i) => i % 2 === 0),
    pain: Array.from({ length: n }, (_, i) => 60 + ((i * 37) % 41)),
    rescue: Array.from({ length: n }, (_, i) => (i * 7) % 3 === 0 ? 1 : 0),
    baseline: Array.from({ length: n }, (_, i) => 4 + (i % 5)),
    stratum: new Array(n).fill(0), strata: [], stratumColumn: null, rescueProblem: null,
    confLevel: 0.95, alpha: 0.05, subset: [],
  };
  try {
    const job = { seed: 1, permutations: 8000, bootstrap: 1000, stratified: false };
    const parts = [];
    for (let b = 0; b < 8; b++) parts.push(resampleBlocks(data, job, b, b + 1));
    resampleSummary(data, job, parts);
  } catch (e) {
    console.warn("resampling warm-up failed", e);
  }
}

/** What the page shows for each phase of the core's analysis. */
const PHASES = {
  parsing: "reading and checking the tables",
  endpoints: "computing each subject's endpoints",
  sensitivity: "computing the sensitivity table",
  comparisons: "comparing the arms",
  models: "fitting the models",
  survival: "analysing the time to rescue",
};

/** The readers module, instantiated on first use (and again after it trapped). */
let readers = null;
function loadReaders() {
  readers ??= (async () => {
    const [glue, { wasmBase64: b64 }] = await Promise.all([import("./pkg-readers/ae_readers.js"), import("./pkg-readers/wasm-bytes.js")]);
    await glue.default({ module_or_path: bytes(b64) });
    return glue;
  })();
  return readers;
}

async function readDataFile(source) {
  if (source.size > BINARY_LIMIT) {
    throw { kind: "file", message: `the file is ${(source.size / 1048576).toFixed(0)} MB; this page reads data files up to ${BINARY_LIMIT / 1048576} MB` };
  }
  let data;
  try {
    data = new Uint8Array(await source.arrayBuffer());
  } catch (e) {
    throw { kind: "file", message: `the browser could not read the file (${e.name || e}): it may be too large for the memory available` };
  }
  const r = await loadReaders();
  try {
    return r.readFile(data);
  } catch (e) {
    if (e && e.kind === "file") throw e;
    // A trap (out of memory, or a defect in a reader): start afresh with the next file.
    readers = null;
    throw { kind: "file", message: `the file could not be read: the reader stopped (${e && e.message ? e.message : e})` };
  } finally {
    // The wasm heap never shrinks: after a large file, let the instance go so its memory is freed.
    if (data.length > 32 << 20) readers = null;
  }
}

/** A table: text or columns as they are; a File is read here in chunks, with progress. */
async function readTable(source, id, name, notices) {
  let encoding = "utf-8";
  if (source && source.$file instanceof Blob) {
    encoding = source.encoding || "utf-8";
    source = source.$file;
  }
  if (!(source instanceof Blob)) return source;
  if (encoding === "utf-8?") {
    try {
      return await readChunks(source, id, name, new TextDecoder("utf-8", { fatal: true }));
    } catch (e) {
      if (!(e instanceof TypeError)) throw e;
      notices.push({ table: name, message: `${/** @type {File} */ (source).name || "the file"} ${CP1252_NOTICE}` });
      return readChunks(source, id, name, new TextDecoder("windows-1252"));
    }
  }
  return readChunks(source, id, name, new TextDecoder(encoding));
}

async function readChunks(source, id, name, decoder) {
  const chunk = 8 << 20;
  const parts = [];
  let length = 0;
  for (let at = 0; at < source.size; at += chunk) {
    postMessage({ id, progress: { phase: `reading the ${name} file`, step: "reading", done: at, total: source.size } });
    const part = decoder.decode(await source.slice(at, at + chunk).arrayBuffer(), { stream: true });
    length += part.length;
    parts.push(part);
  }
  parts.push(decoder.decode());
  try {
    return parts.join("");
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    throw { kind: "file", table: name, message: `the file is too large to analyse as text: ${(length / 1e6).toFixed(0)} million characters, more than the browser holds as one string (about 536 million in Chromium, 1 073 million in Firefox); split it, or save it as xlsx or SAS XPT` };
  }
}

async function handle(m) {
  const wasm = await ready;
  switch (m.type) {
    case "init":
      return { version: version(), defaultOptions: defaultOptions(), help: help() };
    case "pool":
      // A worker of js/pool.js: no warm-up analysis (the message cancelled it); instead a tiny
      // resampling job, so that V8 has compiled the resampling code (and, as the first calls of
      // the hot loops run long enough, optimised it) before the user's first job.
      warmUpResampling();
      return null;
    case "describe":
      return describeTable(m.table, await readTable(m.source, m.id, m.table, []), m.options);
    case "readFile":
      return readDataFile(m.source);
    case "analyze": {
      const tables = /** @type {import("./pkg/analgesic_endpoints").Tables} */ ({});
      const notices = [];
      for (const [name, source] of Object.entries(m.tables)) {
        if (source !== undefined && source !== null) tables[name] = await readTable(source, m.id, name, notices);
      }
      const onProgress = (p) => postMessage({ id: m.id, progress: { phase: PHASES[p.phase] || "analysing", step: p.phase, done: p.done, total: p.total } });
      const t0 = performance.now();
      const report = analyze(tables, m.options, onProgress);
      return { report, ms: performance.now() - t0, wasmMemoryBytes: wasm.memory.buffer.byteLength, notices };
    }
    case "analyzeTrials": {
      const read = async (tables, trial) => {
        const out = /** @type {import("./pkg/analgesic_endpoints").Tables} */ ({});
        for (const [name, source] of Object.entries(tables)) {
          if (source !== undefined && source !== null) {
            try {
              out[name] = await readTable(source, m.id, name, []);
            } catch (e) {
              throw { ...e, trial };
            }
          }
        }
        return out;
      };
      const [first, second] = [await read(m.first, 0), await read(m.second, 1)];
      const onProgress = (p) => postMessage({ id: m.id, progress: { phase: `${m.names[p.trial]}: ${PHASES[p.phase] || "analysing"}`, step: p.phase, done: p.done, total: p.total } });
      const t0 = performance.now();
      const result = analyzeTrials(first, second, m.options, m.names, onProgress);
      return { result, ms: performance.now() - t0 };
    }
    case "resamplingData": {
      const tables = /** @type {import("./pkg/analgesic_endpoints").Tables} */ ({});
      for (const [name, source] of Object.entries(m.tables)) {
        if (source !== undefined && source !== null) tables[name] = await readTable(source, m.id, name, []);
      }
      return resamplingData(tables, m.options, m.active ?? undefined);
    }
    case "blocks": {
      // A contiguous range of blocks of a resampling job (js/pool.js), in chunks so that the
      // page can show progress: the parts in block order.
      const run = m.kind === "simulate" ? simulateBlocks : resampleBlocks;
      const parts = [];
      const chunk = Math.max(1, m.chunk | 0);
      for (let a = m.from; a < m.to; a += chunk) {
        const b = Math.min(m.to, a + chunk);
        parts.push(run(m.data, m.job, a, b));
        postMessage({ id: m.id, progress: { phase: "resampling", step: "resampling", done: b - m.from, total: m.to - m.from } });
      }
      return parts;
    }
    case "summary":
      return m.kind === "simulate" ? simulationSummary(m.data, m.job, m.parts) : resampleSummary(m.data, m.job, m.parts);
    case "plan":
      return plan(m.data, m.planning);
    default:
      throw { kind: "options", message: `unknown request ${m.type}` };
  }
}

onmessage = async (e) => {
  const m = e.data;
  if (m.type !== "init") clearTimeout(warmUpTimer);
  try {
    postMessage({ id: m.id, ok: true, result: await handle(m) });
  } catch (error) {
    postMessage({ id: m.id, ok: false, error: error instanceof Error ? { kind: "internal", message: String(error) } : error });
  }
};
