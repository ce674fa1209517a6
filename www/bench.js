// Browser benchmark of analyze() on the built-in example (opened by scripts/bench through
// tests/e2e/bench-run.cjs, or by hand at /bench.html). Writes its results as JSON into
// <pre id="result"> and sets document.body.dataset.done = "true" (and dataset.error on failure).
//
// Timed: the whole analyze() call as the page makes it — the three CSV texts and a full options
// object in, the report as JS objects out (parse, validate, analyse, and serde-wasm-bindgen's
// conversion of the report, including its 440 per-subject rows). For context, JSON.stringify of
// the report, the wasm start-up (init), and a synthetic 11 000-subject trial (the example
// replicated 25×, ids suffixed -R01…-R25, as in benches/analysis.rs).
//
// Large tables (runLarge, started when files are chosen in #large-files; tests/e2e/bench-run.cjs
// sets them with AE_BENCH_LARGE=1): the three File objects are analysed by the page's Web Worker
// (worker.js) exactly as an upload is — read in chunks, parsed, analysed, the report converted
// to JS objects and posted back (structured clone). Results go to <pre id="large-result"> and
// document.body.dataset.largeDone = "true".
import init, { analyze, defaultOptions, version } from "./pkg/analgesic_endpoints.js";

const TABLES = ["subjects", "pain", "rescue"];
const REPLICATES = 25;
const now = () => performance.now();
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

function stats(times, totalMs) {
  const s = [...times].sort((a, b) => a - b);
  const n = s.length;
  const median = n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  return { iterations: n, medianMs: median, minMs: s[0], meanMs: totalMs / n, totalS: totalMs / 1000 };
}

// Warm-up (≥ warmCalls and ≥ warmMs), then individually timed calls until both ≥ minCalls and
// ≥ minMs (capped at maxMs).
function bench(f, { warmCalls, warmMs, minCalls, minMs, maxMs = 60000 }) {
  const w0 = now();
  for (let i = 0; i < warmCalls || now() - w0 < warmMs; i++) f();
  const times = [];
  const t0 = now();
  for (;;) {
    const el = now() - t0;
    if ((times.length >= minCalls && el >= minMs) || el >= maxMs) break;
    const t = now();
    f();
    times.push(now() - t);
  }
  return stats(times, now() - t0);
}

// The smallest non-zero step of performance.now() (Chromium coarsens it to 100 µs on a page that
// is not cross-origin isolated, as this one served by python's http.server is not).
function timerResolution() {
  let best = Infinity;
  for (let i = 0; i < 50; i++) {
    const a = now();
    let b = now();
    while (b === a) b = now();
    best = Math.min(best, b - a);
  }
  return best;
}

function replicate(text, reps) {
  const lines = text.split(/\r?\n/);
  const header = lines.shift();
  const rows = lines.filter((l) => l.trim() !== "");
  const out = [header];
  for (let k = 1; k <= reps; k++) {
    const suffix = `-R${String(k).padStart(2, "0")}`;
    for (const row of rows) {
      const i = row.indexOf(",");
      out.push(i < 0 ? row + suffix : row.slice(0, i) + suffix + row.slice(i));
    }
  }
  return out.join("\n") + "\n";
}

// Four significant digits for times; counts stay exact.
const round = (x) => (typeof x === "number" && !Number.isInteger(x) ? Number(x.toPrecision(4)) : x);
function rounded(o) {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, round(v)]));
}

async function main() {
  const result = {
    version: null,
    userAgent: navigator.userAgent,
    crossOriginIsolated: self.crossOriginIsolated === true,
  };
  result.timerResolutionMs = timerResolution();

  let t = now();
  await init();
  result.initMs = now() - t;
  result.version = version();

  const texts = await Promise.all(TABLES.map((n) => fetch(`example/${n}.csv`).then((r) => {
    if (!r.ok) throw new Error(`example/${n}.csv: HTTP ${r.status}`);
    return r.text();
  })));
  const tables = Object.fromEntries(TABLES.map((n, i) => [n, texts[i]]));
  // A full options object with every default, the shape the page sends.
  const options = defaultOptions();

  // Cold: the first analyze() after init.
  t = now();
  const report = analyze(tables, options);
  const coldMs = now() - t;
  if (report.subjects.length !== 440) throw new Error(`expected 440 subjects, got ${report.subjects.length}`);
  await tick();

  const example = bench(() => analyze(tables, options), { warmCalls: 10, warmMs: 500, minCalls: 200, minMs: 2000 });
  result.example = rounded({ subjects: report.subjects.length, painRows: report.input.counts.painRows, coldMs, ...example });
  await tick();

  const json = JSON.stringify(report);
  const str = bench(() => JSON.stringify(report), { warmCalls: 10, warmMs: 200, minCalls: 200, minMs: 1000 });
  result.stringify = rounded({ bytes: json.length, ...str });
  await tick();

  const big = Object.fromEntries(TABLES.map((n, i) => [n, replicate(texts[i], REPLICATES)]));
  t = now();
  const bigReport = analyze(big, options);
  const bigCold = now() - t;
  if (bigReport.subjects.length !== 440 * REPLICATES) throw new Error(`expected ${440 * REPLICATES} subjects, got ${bigReport.subjects.length}`);
  const synthetic = bench(() => analyze(big, options), { warmCalls: 3, warmMs: 500, minCalls: 10, minMs: 2000 });
  result.synthetic = rounded({ subjects: bigReport.subjects.length, painRows: bigReport.input.counts.painRows, coldMs: bigCold, ...synthetic });

  result.initMs = round(result.initMs);
  result.timerResolutionMs = round(result.timerResolutionMs);
  return result;
}

const statusEl = document.getElementById("status");
const out = document.getElementById("result");
main().then((result) => {
  out.textContent = JSON.stringify(result, null, 2);
  const e = result.example;
  statusEl.textContent = `analyze() on the ${e.subjects}-subject example: median ${e.medianMs} ms, min ${e.minMs} ms over ${e.iterations} calls (first call ${e.coldMs} ms).`;
}, (err) => {
  const message = err && err.message ? err.message : JSON.stringify(err);
  out.textContent = JSON.stringify({ error: message }, null, 2);
  statusEl.textContent = `Benchmark failed: ${message}`;
  document.body.dataset.error = "true";
}).finally(() => {
  document.body.dataset.done = "true";
});

// ---------- large tables through the worker ----------

/** Sends one request to the worker; progress messages are passed to `onProgress`. */
function request(worker, message, onProgress) {
  return new Promise((resolve, reject) => {
    worker.onmessage = (e) => {
      const m = e.data;
      if (m.progress) { onProgress?.(m.progress); return; }
      if (m.ok) resolve(m.result); else reject(m.error);
    };
    worker.onerror = (e) => reject(new Error(e.message || "worker error"));
    worker.postMessage(message);
  });
}

async function runLarge(files) {
  const byName = Object.fromEntries(files.map((f) => [f.name.replace(/\.[^.]*$/, ""), f]));
  for (const n of ["subjects", "pain"]) if (!byName[n]) throw new Error(`choose ${n}.csv (got ${files.map((f) => f.name).join(", ")})`);
  const tables = Object.fromEntries(TABLES.filter((n) => byName[n]).map((n) => [n, byName[n]]));
  const bytes = Object.values(tables).reduce((a, f) => a + f.size, 0);
  const worker = new Worker(new URL("worker.js", import.meta.url), { type: "module" });
  try {
    const hello = await request(worker, { id: 1, type: "init" });
    // Main-thread responsiveness: a 20 ms heartbeat; the largest gap between two beats is the
    // longest time the page could not react (it includes receiving the report).
    let last = now();
    let maxGapMs = 0;
    const beat = setInterval(() => { const t = now(); maxGapMs = Math.max(maxGapMs, t - last); last = t; }, 20);
    // The page's JS heap before and after receiving the report (garbage collected first when the
    // browser exposes gc(), as bench-run.cjs's Chromium does with --js-flags=--expose-gc).
    const heap = () => { globalThis.gc?.(); return performance.memory ? performance.memory.usedJSHeapSize : null; };
    const heapBefore = heap();
    const progress = [];
    const t0 = now();
    const result = await request(worker, { id: 2, type: "analyze", tables, options: hello.defaultOptions },
      (p) => progress.push({ atMs: now() - t0, step: p.step, done: p.done, total: p.total }));
    const totalMs = now() - t0;
    const t = now(); maxGapMs = Math.max(maxGapMs, t - last); clearInterval(beat);
    const report = result.report;
    const heapAfter = heap();
    // Time spent in each step: from its first progress message to the next step's.
    const steps = [];
    for (const p of progress) if (!steps.length || steps[steps.length - 1].step !== p.step) steps.push({ step: p.step, startMs: p.atMs });
    steps.forEach((s, i) => { s.ms = round((i + 1 < steps.length ? steps[i + 1].startMs : totalMs) - s.startMs); s.startMs = round(s.startMs); });
    return {
      bytes,
      subjects: report.subjects.length,
      painRows: report.input.counts.painRows,
      totalMs: round(totalMs),
      analyzeMs: round(result.ms),
      wasmMemoryBytes: result.wasmMemoryBytes,
      maxMainThreadGapMs: round(maxGapMs),
      mainHeapBeforeBytes: heapBefore,
      mainHeapAfterBytes: heapAfter,
      gcExposed: typeof globalThis.gc === "function",
      progressMessages: progress.length,
      steps,
    };
  } finally {
    worker.terminate();
  }
}

const largeInput = document.getElementById("large-files");
const largeStatus = document.getElementById("large-status");
const largeOut = document.getElementById("large-result");
largeInput.addEventListener("change", () => {
  delete document.body.dataset.largeDone;
  largeStatus.textContent = "Analysing in the worker…";
  runLarge([...largeInput.files]).then((r) => {
    largeOut.textContent = JSON.stringify(r, null, 2);
    largeStatus.textContent = `${r.subjects} subjects, ${(r.bytes / 1e6).toFixed(1)} MB: ${(r.totalMs / 1000).toFixed(1)} s from the request to the report on the page; wasm memory ${(r.wasmMemoryBytes / 1048576).toFixed(0)} MiB; longest main-thread pause ${r.maxMainThreadGapMs} ms.`;
  }, (err) => {
    const message = err && err.message ? err.message : JSON.stringify(err);
    largeOut.textContent = JSON.stringify({ error: message }, null, 2);
    largeStatus.textContent = `Large benchmark failed: ${message}`;
  }).finally(() => { document.body.dataset.largeDone = "true"; });
});
