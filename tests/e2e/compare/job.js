// One job of the plain-JS comparison (tests/e2e/bench-compare.cjs opens each in a fresh browser
// context, i.e. a fresh renderer process, so nothing compiled by an earlier job is reused).
// Writes JSON into <pre id="result"> and sets body[data-done] (and data-error on failure).
//
//   ?job=ref&n=440&parser=bytes|split&warm=K
//     The shared plain-JS reference (/ref/task.mjs, jStat from /ref-lib/): the trial's long CSV
//     is read into memory first (bytes for parseBytes, text for parseSplit), then ONE call is
//     timed — parse → subjectAUC (4–24 h) → runStats — then K more calls (warm).
//   ?job=ours&data=project_440|example&opts=min|default&warm=K
//     Our analyze() in the page's own Web Worker (/worker.js): the three CSV texts are read into
//     memory first; then the worker is started, initialised (wasm compiled and instantiated) and
//     asked for one analysis, as the page does on load; then K more analyses (warm).
import * as T from "/ref/task.mjs";

const params = new URLSearchParams(location.search);
const now = () => performance.now();
const tick = () => new Promise((r) => setTimeout(r, 0));

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n === 0 ? null : n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

async function get(url, as) {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
  return as === "bytes" ? new Uint8Array(await r.arrayBuffer()) : r.text();
}

// jStat's ibeta with its continued fraction run to 1e-15 (jStat stops at 3e-7, Numerical
// Recipes' EPS, which leaves the reference's Welch p with only about 7 correct digits). Used
// only to check the reference's t and df against ours to 9 digits; never timed.
function betacfTight(x, a, b) {
  const fpmin = 1e-300;
  const qab = a + b, qap = a + 1, qam = a - 1;
  let c = 1, d = 1 - qab * x / qap;
  if (Math.abs(d) < fpmin) d = fpmin;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 100000; m++) {
    const m2 = 2 * m;
    let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
    d = 1 + aa * d; if (Math.abs(d) < fpmin) d = fpmin;
    c = 1 + aa / c; if (Math.abs(c) < fpmin) c = fpmin;
    d = 1 / d; h *= d * c;
    aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
    d = 1 + aa * d; if (Math.abs(d) < fpmin) d = fpmin;
    c = 1 + aa / c; if (Math.abs(c) < fpmin) c = fpmin;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return h;
}
function ibetaTight(x, a, b) {
  const j = globalThis.jStat;
  const lbt = j.gammaln(a + b) - j.gammaln(a) - j.gammaln(b) + a * Math.log(x) + b * Math.log1p(-x);
  if (x < (a + 1) / (a + b + 2)) return Math.exp(lbt) * betacfTight(x, a, b) / a;
  return 1 - Math.exp(lbt) * betacfTight(1 - x, b, a) / b;
}
/** Two-sided Student-t p-value, P(|T_df| ≥ |t|) = I_{df/(df+t²)}(df/2, 1/2). */
const tTwoSidedTight = (t, df) => ibetaTight(df / (df + t * t), df / 2, 0.5);

async function refJob() {
  const n = params.get("n") || "440";
  const parser = params.get("parser") || "bytes";
  const warm = Number(params.get("warm") || 0);
  T.setJStat(globalThis.jStat);
  const data = await get(`/ref-data/trial_${n}.csv`, parser === "bytes" ? "bytes" : "text");
  const call = () => {
    const d = parser === "bytes" ? T.parseBytes(data) : T.parseSplit(data);
    return T.runStats(T.subjectAUC(d));
  };
  await tick();
  let t = now();
  const stats = call();
  const firstMs = now() - t;
  const warmMs = [];
  for (let i = 0; i < warm; i++) { t = now(); call(); warmMs.push(now() - t); }
  stats.welch_p_tight = tTwoSidedTight(stats.welch_t, stats.welch_df);
  return { job: "ref", n: Number(n), parser, bytes: data.length, firstMs, warmMedianMs: median(warmMs), warmCalls: warm, stats };
}

/** The minimal options: only the tests the reference computes; everything optional off. */
function minimalOptions(defaults) {
  const o = structuredClone(defaults);
  o.primaryTest = "welch";
  o.rescueTest = "fisher";
  o.wilcoxon = { ...o.wilcoxon, method: "normal", correct: true };
  o.sensitivity = false;
  o.responderThresholds = [];
  o.model = { ...o.model, baseline: false, covariates: [], factors: [], subgroups: [], moderators: [], moderatorValues: [] };
  o.strata = { ...o.strata, column: null };
  o.intervals = { ...o.intervals, cuts: [] };
  o.bands = {};
  return o;
}

function request(worker, message) {
  return new Promise((resolve, reject) => {
    worker.onmessage = (e) => {
      const m = e.data;
      if (m.progress) return;
      if (m.ok) resolve(m.result); else reject(new Error(m.error && m.error.message ? m.error.message : JSON.stringify(m.error)));
    };
    worker.onerror = (e) => reject(new Error(e.message || "worker error"));
    worker.postMessage(message);
  });
}

function ourStats(report) {
  const c = report.comparisons[0];
  const pick = (s, what) => { if (!s || s.error) throw new Error(`${what} not evaluable: ${s && s.error}`); return s; };
  const welch = pick(c.pain.welch, "Welch"), wil = pick(c.pain.wilcoxon, "Wilcoxon"), fis = pick(c.rescue.any && c.rescue.any.fisher, "Fisher");
  return {
    active: c.active, reference: c.reference,
    nActive: c.pain.active.n, nReference: c.pain.reference.n,
    meanActive: welch.meanX, meanReference: welch.meanY,
    welch_t: welch.statistic, welch_df: welch.df, welch_p: welch.pValue,
    wilcox_W: wil.statistic, wilcox_p: wil.pValue, fisher_p: fis.pValue,
  };
}

async function oursJob() {
  const data = params.get("data") || "project_440";
  const opts = params.get("opts") || "default";
  const warm = Number(params.get("warm") || 0);
  const dir = data === "example" ? "/example" : `/ref-data/${data}`;
  const texts = await Promise.all(["subjects", "pain", "rescue"].map((t) => get(`${dir}/${t}.csv`, "text")));
  const tables = { subjects: texts[0], pain: texts[1], rescue: texts[2] };
  const bytes = texts.reduce((a, s) => a + s.length, 0);
  await tick();
  const t0 = now();
  const worker = new Worker("/worker.js", { type: "module" });
  try {
    const hello = await request(worker, { id: 1, type: "init" });
    const readyMs = now() - t0;
    const options = opts === "min" ? minimalOptions(hello.defaultOptions) : hello.defaultOptions;
    let t = now();
    const first = await request(worker, { id: 2, type: "analyze", tables, options });
    const firstRoundTripMs = now() - t;
    const totalMs = now() - t0;
    const warmMs = [], warmTrip = [];
    for (let i = 0; i < warm; i++) {
      t = now();
      const r = await request(worker, { id: 3 + i, type: "analyze", tables, options });
      warmTrip.push(now() - t);
      warmMs.push(r.ms);
    }
    return {
      job: "ours", data, opts, bytes, subjects: first.report.subjects.length,
      readyMs, firstMs: first.ms, firstRoundTripMs, totalMs,
      warmMedianMs: median(warmMs), warmMedianRoundTripMs: median(warmTrip), warmCalls: warm,
      stats: ourStats(first.report),
    };
  } finally {
    worker.terminate();
  }
}

/**
 * Task P, the reference: the AUCs computed first (not timed), then permTest(s, B) timed — one
 * first call and K warm ones.
 */
async function refPermJob() {
  const n = params.get("n") || "440";
  const B = Number(params.get("B") || 100000);
  const warm = Number(params.get("warm") || 0);
  T.setJStat(globalThis.jStat);
  const s = T.subjectAUC(T.parseBytes(await get(`/ref-data/trial_${n}.csv`, "bytes")));
  await tick();
  let t = now();
  const r = T.permTest(s, B, 1);
  const firstMs = now() - t;
  const warmMs = [];
  for (let i = 0; i < warm; i++) { t = now(); T.permTest(s, B, 2 + i); warmMs.push(now() - t); }
  return { job: "refperm", n: Number(n), B, firstMs, warmMedianMs: median(warmMs), warmCalls: warm, stats: { perm_obs: r.perm_obs, perm_p: r.perm_p } };
}

/**
 * Task P, ours: the page's resampling (js/pool.js, one worker per core) on the same trial as
 * the project's three tables. The per-subject data are prepared and the workers started (wasm
 * compiled and instantiated, as when the page's resampling box opens) before the timing; then
 * one first job of B permutations (no bootstrap) and K warm ones, each with its own seed.
 */
async function oursPermJob() {
  const data = params.get("data") || "project_440";
  const B = Number(params.get("B") || 100000);
  const warm = Number(params.get("warm") || 0);
  const engine = await import("/js/engine.js");
  const pool = await import("/js/pool.js");
  const texts = await Promise.all(["subjects", "pain", "rescue"].map((t) => get(`/ref-data/${data}/${t}.csv`, "text")));
  const tables = { subjects: texts[0], pain: texts[1], rescue: texts[2] };
  const hello = await engine.hello();
  const d = await engine.resamplingData(tables, minimalOptions(hello.defaultOptions));
  pool.warmPool();
  await pool.poolReady();
  await tick();
  const blocks = Math.ceil(B / 1000);
  const run = (seed) => pool.runJob("resample", d, { seed, permutations: B, bootstrap: 0, stratified: false }, blocks);
  let t = now();
  const first = await run(1);
  const firstMs = now() - t;
  const warmMs = [];
  for (let i = 0; i < warm; i++) { t = now(); await run(2 + i); warmMs.push(now() - t); }
  const p = first.result.painPermutation;
  if (!p || p.error) throw new Error(`permutation test not evaluable: ${p && p.error}`);
  return { job: "oursperm", data, B, workers: first.workers, firstMs, warmMedianMs: median(warmMs), warmCalls: warm,
    stats: { perm_obs: p.statistic, perm_p: p.twoSided.pValue, active: d.active, reference: d.reference } };
}

const out = document.getElementById("result");
const job = params.get("job");
const jobs = { ref: refJob, ours: oursJob, refperm: refPermJob, oursperm: oursPermJob };
(jobs[job] ? jobs[job]() : Promise.reject(new Error(`unknown job ${job}`))).then((r) => {
  out.textContent = JSON.stringify(r);
  document.getElementById("status").textContent = "Done.";
}, (err) => {
  out.textContent = JSON.stringify({ error: err && err.message ? err.message : String(err) });
  document.body.dataset.error = "true";
}).finally(() => { document.body.dataset.done = "true"; });
