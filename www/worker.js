// The analysis runs here, off the page's main thread, so that the page stays responsive and a
// long analysis can be cancelled (the page terminates the worker). Messages:
//   in:  { id, type: "init" | "analyze" | "describe", ... }
//   out: { id, ok: true, result } | { id, ok: false, error } | { id, progress: { phase, step, done, total } }
// `phase` is a phrase for the page to show, `step` the core's phase name (parsing, endpoints,
// sensitivity, comparisons, models, survival; "reading" while a File is read). The core reports
// at most 96 times per analysis. An analyze result is { report, ms, wasmMemoryBytes }: the time
// of the analyze() call and the size of the wasm memory after it (it never shrinks, so this is
// the peak of the wasm heap so far).
// The wasm comes from pkg/wasm-bytes.js (a module, not a fetch), so the page needs no connection.
import init, { analyze, describeTable, defaultOptions, version } from "./pkg/analgesic_endpoints.js";
import { wasmBase64 } from "./pkg/wasm-bytes.js";

function bytes(b64) {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}
const ready = init({ module_or_path: bytes(wasmBase64) });

/** What the page shows for each phase of the core's analysis. */
const PHASES = {
  parsing: "reading and checking the tables",
  endpoints: "computing each subject's endpoints",
  sensitivity: "computing the sensitivity table",
  comparisons: "comparing the arms",
  models: "fitting the models",
  survival: "analysing the time to rescue",
};

/** A table: text as is; a File is read here in chunks, with progress. */
async function readTable(source, id, name) {
  if (!(source instanceof Blob)) return source;
  const decoder = new TextDecoder();
  const chunk = 8 << 20;
  const parts = [];
  for (let at = 0; at < source.size; at += chunk) {
    postMessage({ id, progress: { phase: `reading the ${name} file`, step: "reading", done: at, total: source.size } });
    parts.push(decoder.decode(await source.slice(at, at + chunk).arrayBuffer(), { stream: true }));
  }
  parts.push(decoder.decode());
  return parts.join("");
}

async function handle(m) {
  const wasm = await ready;
  switch (m.type) {
    case "init":
      return { version: version(), defaultOptions: defaultOptions() };
    case "describe":
      return describeTable(m.table, await readTable(m.source, m.id, m.table), m.options);
    case "analyze": {
      const tables = {};
      for (const [name, source] of Object.entries(m.tables)) {
        if (source !== undefined && source !== null) tables[name] = await readTable(source, m.id, name);
      }
      const onProgress = (p) => postMessage({ id: m.id, progress: { phase: PHASES[p.phase] || "analysing", step: p.phase, done: p.done, total: p.total } });
      const t0 = performance.now();
      const report = analyze(tables, m.options, onProgress);
      return { report, ms: performance.now() - t0, wasmMemoryBytes: wasm.memory.buffer.byteLength };
    }
    default:
      throw { kind: "options", message: `unknown request ${m.type}` };
  }
}

onmessage = async (e) => {
  const m = e.data;
  try {
    postMessage({ id: m.id, ok: true, result: await handle(m) });
  } catch (error) {
    postMessage({ id: m.id, ok: false, error: error instanceof Error ? { kind: "internal", message: String(error) } : error });
  }
};
