// Times the plain hand-written JavaScript reference (the shared bench directory's task.mjs:
// parse CSV → trapezoid AUC 4–24 h → Welch, Wilcoxon normal approximation, Fisher) and our
// analyze() side by side in the same headless Chromium, in the same run, and checks that both
// give the same statistics. Not a test; scripts/bench runs it after building www/pkg.
//   node tests/e2e/bench-compare.cjs [results.json]     (prints markdown; needs `. scripts/env`)
// Environment:
//   BENCH_REF_SRC   the reference's directory (read-only; default ../shared/bench from the root)
//   BENCH_REF_DIR   where jStat (node_modules/) and the generated data (data/) are
//                   (default $AE_TOOLS/bench-ref; scripts/bench prepares it)
//   AE_BENCH_REPS   fresh pages per measurement (default 5; medians are reported)
//   AE_BENCH_1M=1   also N = 1 000 000 (data/trial_1000000.csv and project_1000000/ must exist)
// Each measurement runs in a fresh browser context (a fresh renderer process: nothing compiled
// by an earlier job is reused), the jobs of one repetition interleaved so that a change of the
// machine's load hits both sides alike. Pages: tests/e2e/compare/job.html (one timed job),
// tests/e2e/compare/ref-page.html (the minimal plain-JS page), www/index.html (our page).
// Fails (exit 1) when the statistics differ in the 9th significant digit.
const fs = require("node:fs");
const os = require("node:os");
const http = require("node:http");
const path = require("node:path");
const { launch } = require("./support.cjs");

const root = path.resolve(__dirname, "../..");
const refSrc = path.resolve(process.env.BENCH_REF_SRC || path.join(root, "../shared/bench"));
const refDir = path.resolve(process.env.BENCH_REF_DIR || path.join(process.env.AE_TOOLS || "", "bench-ref"));
const REPS = Number(process.env.AE_BENCH_REPS || 5);
const ONE_M = process.env.AE_BENCH_1M === "1";

/** URL prefix → directory. */
const MOUNTS = [
  ["/compare/", path.join(__dirname, "compare")],
  ["/ref/", refSrc],
  ["/ref-lib/", path.join(refDir, "node_modules/jstat/dist")],
  ["/ref-data/", path.join(refDir, "data")],
  ["/", path.join(root, "www")],
];
const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".mjs": "text/javascript", ".css": "text/css", ".csv": "text/csv; charset=utf-8", ".json": "application/json", ".wasm": "application/wasm", ".svg": "image/svg+xml", ".png": "image/png" };

/** A static server for the mounts (no caching, so every fresh page loads everything). */
function serve() {
  const server = http.createServer((req, res) => {
    let url = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (url.endsWith("/")) url += "index.html";
    const [prefix, dir] = MOUNTS.find(([p]) => url.startsWith(p));
    const file = path.join(dir, url.slice(prefix.length));
    if (!file.startsWith(dir + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404); res.end("not found"); return;
    }
    res.writeHead(200, { "Content-Type": TYPES[path.extname(file)] || "application/octet-stream", "Cache-Control": "no-store", "Content-Length": fs.statSync(file).size });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ base: `http://127.0.0.1:${server.address().port}`, stop: () => server.close() })));
}

const median = (xs) => {
  const s = xs.filter((x) => typeof x === "number").sort((a, b) => a - b);
  const n = s.length;
  return n === 0 ? null : n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};

/** One job of compare/job.html in a fresh context. */
async function job(browser, base, query, timeout = 600000) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const problems = [];
    page.on("pageerror", (e) => problems.push(String(e)));
    await page.goto(`${base}/compare/job.html?${query}`);
    await page.waitForSelector("body[data-done=true]", { timeout, state: "attached" });
    const r = JSON.parse(await page.textContent("#result"));
    if (r.error) throw new Error(`job ${query}: ${r.error}; ${problems.join("; ")}`);
    return r;
  } finally {
    await context.close();
  }
}

// Records, from the start of navigation (performance.now() = 0), when `selector` first appears
// in the document and the next animation frame after it (the results drawn).
const WATCH = (selector) => `(() => {
  const sel = ${JSON.stringify(selector)};
  const mo = new MutationObserver(() => {
    if (globalThis.__shownMs !== undefined || !document.querySelector(sel)) return;
    globalThis.__shownMs = performance.now();
    mo.disconnect();
    requestAnimationFrame(() => { globalThis.__frameMs = performance.now(); });
  });
  mo.observe(document, { childList: true, subtree: true });
})();`;

/** Page load → results visible, in a fresh context; for our page also the option changes. */
async function pageLoad(browser, base, url, selector, changes = 0) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const problems = [];
    page.on("pageerror", (e) => problems.push(String(e)));
    await page.addInitScript(WATCH(selector));
    await page.goto(base + url);
    await page.waitForFunction(() => globalThis.__frameMs !== undefined, null, { timeout: 120000 });
    if (problems.length) throw new Error(`${url}: ${problems.join("; ")}`);
    const r = await page.evaluate(() => ({ shownMs: globalThis.__shownMs, frameMs: globalThis.__frameMs }));
    if (changes) {
      // Option change → updated results: the window end is edited (a change event, as when the
      // field is left) and the time runs until the new verdict is in the document and drawn.
      await page.waitForSelector("body[data-ready=true]");
      r.changes = [];
      for (let i = 0; i < changes; i++) {
        r.changes.push(await page.evaluate((end) => new Promise((resolve, reject) => {
          const input = document.getElementById("o-end");
          const body = document.getElementById("results-body");
          const old = body.querySelector('[data-testid="verdict"]');
          const t0 = performance.now();
          const timer = setTimeout(() => reject(new Error("no new verdict after 60 s")), 60000);
          const mo = new MutationObserver(() => {
            const v = body.querySelector('[data-testid="verdict"]');
            if (!v || v === old) return;
            const shown = performance.now() - t0;
            mo.disconnect(); clearTimeout(timer);
            requestAnimationFrame(() => resolve({ end, shownMs: shown, frameMs: performance.now() - t0, status: document.getElementById("status").textContent }));
          });
          mo.observe(body, { childList: true, subtree: true });
          input.value = String(end);
          input.dispatchEvent(new Event("change", { bubbles: true }));
        }), i % 2 ? 24 : 20));
      }
      if (!/Analysed/.test(r.changes[r.changes.length - 1].status)) throw new Error(`option change: status ${r.changes[r.changes.length - 1].status}`);
    }
    return r;
  } finally {
    await context.close();
  }
}

// ---------- the statistics check ----------

/** Significant digits two numbers share: −log10 of the relative difference (∞ when equal). */
const digits = (a, b) => {
  if (a === b) return Infinity;
  const rel = Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
  return -Math.log10(rel);
};
const MIN_DIGITS = 9;

/** README values of the shared bench directory for N = 440 (R, scipy, the JS and the project agree). */
const R440 = { welch_t: 1.903364456783434, welch_p: 0.05764920110544749, wilcox_W: 26422.5, wilcox_p: 0.09569156722265379, fisher_p: 1.0539192239739839e-4 };

/** Our statistics in the reference's orientation (arm A − arm B; W of arm A). */
function oriented(o) {
  if (o.reference === "A" && o.active === "B") {
    return { welch_t: -o.welch_t, welch_df: o.welch_df, welch_p: o.welch_p, wilcox_W: o.nActive * o.nReference - o.wilcox_W, wilcox_p: o.wilcox_p, fisher_p: o.fisher_p, mean_A: o.meanReference, mean_B: o.meanActive };
  }
  if (o.reference === "B" && o.active === "A") {
    return { welch_t: o.welch_t, welch_df: o.welch_df, welch_p: o.welch_p, wilcox_W: o.wilcox_W, wilcox_p: o.wilcox_p, fisher_p: o.fisher_p, mean_A: o.meanActive, mean_B: o.meanReference };
  }
  throw new Error(`unexpected arms: active ${o.active}, reference ${o.reference}`);
}

function check(n, ref, ours) {
  const rows = [];
  const o = oriented(ours);
  const add = (what, a, b, against) => rows.push({ n, what, ours: a, other: b, against, digits: digits(a, b), ok: digits(a, b) >= MIN_DIGITS });
  for (const k of ["mean_A", "mean_B", "welch_t", "welch_df", "wilcox_W", "wilcox_p", "fisher_p"]) add(k, o[k], ref[k], "plain JS");
  add("welch_p", o.welch_p, ref.welch_p_tight, "plain JS t, df → p (tight ibeta)");
  rows.push({ n, what: "welch_p", ours: o.welch_p, other: ref.welch_p, against: "plain JS as it is (jStat)", digits: digits(o.welch_p, ref.welch_p), ok: null });
  if (n === 440) for (const [k, v] of Object.entries(R440)) add(k, o[k], v, "README (R)");
  return rows;
}

// ---------- main ----------

async function main() {
  for (const f of [path.join(refSrc, "task.mjs"), path.join(refDir, "node_modules/jstat/dist/jstat.min.js"), path.join(refDir, "data/trial_440.csv")]) {
    if (!fs.existsSync(f)) throw new Error(`${f} is missing (scripts/bench prepares ${refDir})`);
  }
  const sizes = [440, 10000, ...(ONE_M ? [1000000] : [])];
  const warm = (n) => (n <= 440 ? 20 : n <= 10000 ? 5 : 0);
  const load = () => os.loadavg().map((x) => x.toFixed(2)).join(" ");
  const loadBefore = load();
  const server = await serve();
  const { base } = server;
  const browser = await launch();
  const browserVersion = browser.version();
  const runs = {}; // key → list of results
  const push = (key, r) => (runs[key] ||= []).push(r);
  try {
    for (let rep = 0; rep < REPS; rep++) {
      process.stderr.write(`bench-compare: repetition ${rep + 1} of ${REPS}\n`);
      for (const n of sizes) {
        const reps1M = n < 1e6 || rep < Math.min(REPS, 3);
        if (!reps1M) continue;
        push(`ref ${n} bytes`, await job(browser, base, `job=ref&n=${n}&parser=bytes&warm=${warm(n)}`));
        push(`ours ${n} min`, await job(browser, base, `job=ours&data=project_${n}&opts=min&warm=${warm(n)}`));
        push(`ref ${n} split`, await job(browser, base, `job=ref&n=${n}&parser=split&warm=${warm(n)}`));
        push(`ours ${n} default`, await job(browser, base, `job=ours&data=project_${n}&opts=default&warm=${warm(n)}`));
      }
      push("ours example default", await job(browser, base, `job=ours&data=example&opts=default&warm=20`));
      // Task P: 100 000 permutations of the mean AUC difference at N = 440.
      push("ref perm", await job(browser, base, "job=refperm&n=440&B=100000&warm=5"));
      push("ours perm", await job(browser, base, "job=oursperm&data=project_440&B=100000&warm=5"));
      push("page ref", await pageLoad(browser, base, "/compare/ref-page.html", '[data-testid="ref-results"]'));
      push("page ours", await pageLoad(browser, base, "/index.html", '[data-testid="verdict"]', 5));
    }
  } finally {
    await browser.close().catch(() => {});
    server.stop();
  }

  // Medians over the fresh pages.
  const jstat = JSON.parse(fs.readFileSync(path.join(refDir, "node_modules/jstat/package.json"), "utf8")).version;
  const summary = { browser: `Chromium ${browserVersion} (headless)`, jstat, load: { before: loadBefore, after: load() }, nproc: os.cpus().length, reps: REPS, sizes, checks: [] };
  for (const [key, list] of Object.entries(runs)) {
    const m = {};
    for (const f of ["firstMs", "warmMedianMs", "readyMs", "firstRoundTripMs", "totalMs", "warmMedianRoundTripMs", "shownMs", "frameMs"]) {
      if (list.some((r) => typeof r[f] === "number")) m[f] = median(list.map((r) => r[f]));
    }
    m.runs = list.length;
    m.all = list.map((r) => r.firstMs ?? r.frameMs);
    if (list[0].changes) {
      const all = list.flatMap((r) => r.changes);
      m.changeFrameMs = median(all.map((c) => c.frameMs));
      m.changeShownMs = median(all.map((c) => c.shownMs));
      m.changeFirstFrameMs = median(list.map((r) => r.changes[0].frameMs));
      // The page's own status line: "Analysed N subjects in X ms" (run() start → report rendered).
      m.changeStatusMs = median(all.map((c) => Number((c.status.match(/in ([\d.]+) ms/) || [])[1])));
      m.changes = all.length;
    }
    for (const f of ["subjects", "bytes", "n", "parser", "warmCalls", "B", "workers"]) if (list[0][f] !== undefined) m[f] = list[0][f];
    m.stats = list[0].stats;
    summary[key] = m;
  }
  // Statistics: every run gives the same numbers (deterministic); check the first of each.
  for (const n of sizes) {
    for (const parser of ["bytes", "split"]) {
      for (const opts of ["min", "default"]) {
        const rows = check(n, runs[`ref ${n} ${parser}`][0].stats, runs[`ours ${n} ${opts}`][0].stats);
        for (const r of rows) summary.checks.push({ ...r, parser, opts });
      }
    }
  }
  // Task P: both p-values estimate the same permutation p (different generators): they must
  // agree within 5 Monte Carlo standard errors of their difference.
  {
    const r = runs["ref perm"][0].stats, o = runs["ours perm"][0].stats;
    const sign = o.active === "A" ? 1 : -1;
    const se = Math.sqrt(2 * r.perm_p * (1 - r.perm_p) / 100000);
    const ok = Math.abs(o.perm_p - r.perm_p) <= 5 * se && Math.abs(sign * o.perm_obs - r.perm_obs) <= 1e-9 * Math.abs(r.perm_obs);
    summary.checks.push({ n: 440, what: "perm_p (Monte Carlo)", ours: o.perm_p, other: r.perm_p, against: "plain JS (within 5 MC SE)", digits: ok ? Infinity : 0, ok });
  }
  const failed = summary.checks.filter((r) => r.ok === false);
  summary.statsAgree = failed.length === 0;
  if (process.argv[2]) fs.writeFileSync(process.argv[2], JSON.stringify(summary, null, 2) + "\n");
  console.log(markdown(summary));
  if (failed.length) {
    for (const r of failed) console.error(`bench-compare: N = ${r.n} ${r.what} (${r.parser}, ${r.opts}): ours ${r.ours}, ${r.against} ${r.other}: ${r.digits.toFixed(1)} digits`);
    throw new Error(`the statistics differ (${failed.length} check(s) below ${MIN_DIGITS} significant digits)`);
  }
}

const ms = (x) => (typeof x !== "number" ? "–" : x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const ratio = (a, b) => (typeof a === "number" && typeof b === "number" && b > 0 ? `${(a / b).toFixed(2)}×` : "–");

function markdown(s) {
  const L = [];
  L.push(`${s.browser}; jStat ${s.jstat}; load average (1, 5, 15 min) ${s.load.before} before, ${s.load.after} after; ${s.nproc} CPUs.`, "");
  L.push(`Medians over ${s.reps} fresh pages each (1 000 000 subjects: at most 3). "First" = one call in a fresh page; "warm" = median of the next calls in the same page (${[...new Set(s.sizes.map((n) => `${n}: ${s[`ref ${n} bytes`].warmCalls}`))].join(", ")} calls).`, "");
  L.push("| N | plain JS, byte parser: first / warm (ms) | plain JS, text parser: first / warm (ms) | ours, minimal options: first / warm (ms) | ours, default options: first / warm (ms) | ours, worker start → first report (min / default, ms) | first call, ours (min / default) ÷ plain JS (bytes) |");
  L.push("|---:|---:|---:|---:|---:|---:|---:|");
  for (const n of s.sizes) {
    const rb = s[`ref ${n} bytes`], rs = s[`ref ${n} split`], om = s[`ours ${n} min`], od = s[`ours ${n} default`];
    L.push(`| ${n} | ${ms(rb.firstMs)} / ${ms(rb.warmMedianMs)} | ${ms(rs.firstMs)} / ${ms(rs.warmMedianMs)} | ${ms(om.firstMs)} / ${ms(om.warmMedianMs)} | ${ms(od.firstMs)} / ${ms(od.warmMedianMs)} | ${ms(om.totalMs)} / ${ms(od.totalMs)} | ${ratio(om.firstMs, rb.firstMs)} / ${ratio(od.firstMs, rb.firstMs)} |`);
  }
  const ex = s["ours example default"], pr = s["page ref"], po = s["page ours"];
  L.push("", `The page's built-in example (\`www/example\`, 440 subjects, more columns), \`defaultOptions()\`: first \`analyze()\` in a fresh worker ${ms(ex.firstMs)} ms (worker start → first report ${ms(ex.totalMs)} ms, of which init ${ms(ex.readyMs)} ms), warm ${ms(ex.warmMedianMs)} ms.`);
  L.push("", "| page | navigation start → results in the document (ms) | → results drawn (next frame, ms) |", "|---|---:|---:|");
  L.push(`| plain-JS page (\`tests/e2e/compare/ref-page.html\`: jStat + task.mjs, N = 440, byte parser) | ${ms(pr.shownMs)} | ${ms(pr.frameMs)} |`);
  L.push(`| our page (\`www/index.html\`, the built-in example with the page's presets) | ${ms(po.shownMs)} | ${ms(po.frameMs)} |`);
  L.push("", `Option change on our page (window end 24 ↔ 20 h, change event → new verdict drawn): median ${ms(po.changeFrameMs)} ms over ${po.changes} changes (new verdict in the document ${ms(po.changeShownMs)} ms; the page's own status line, run() → report rendered, says ${ms(po.changeStatusMs)} ms; the first change after load ${ms(po.changeFirstFrameMs)} ms). The page analyses its example with its presets (subgroup ANESTH, moderator LIDOVOL, stratum SITEID) on top of \`defaultOptions()\`.`);
  const rp = s["ref perm"], op = s["ours perm"];
  if (rp && op) {
    L.push("", `Task P (100 000 permutations of the difference in mean AUC, N = 440; the data prepared before the timing): plain JS \`permTest\` first ${ms(rp.firstMs)} ms, warm ${ms(rp.warmMedianMs)} ms; ours (the page's resampling across ${op.workers} worker(s), \`js/pool.js\`) first ${ms(op.firstMs)} ms, warm ${ms(op.warmMedianMs)} ms: plain JS ÷ ours ${ratio(rp.firstMs, op.firstMs)} (first), ${ratio(rp.warmMedianMs, op.warmMedianMs)} (warm).`);
  }
  const worst = {};
  for (const r of s.checks) if (r.ok !== null) { const k = `${r.n} ${r.what} ${r.against}`; if (!(k in worst) || r.digits < worst[k].digits) worst[k] = r; }
  const jstat = s.checks.filter((r) => r.ok === null);
  L.push("", `Statistics: ${s.statsAgree ? "**agree**" : "**DIFFER**"} to ≥ ${MIN_DIGITS} significant digits (ours with minimal and default options against the plain JS with both parsers${s.sizes.includes(440) ? ", and against the README's R values at N = 440" : ""}); the fewest digits shared per statistic:`, "");
  L.push("| N | statistic | against | ours | other | digits |", "|---:|---|---|---:|---:|---:|");
  for (const r of Object.values(worst)) L.push(`| ${r.n} | ${r.what} | ${r.against} | ${r.ours} | ${r.other} | ${Number.isFinite(r.digits) ? r.digits.toFixed(1) : "all"} |`);
  const seen = new Set();
  for (const r of jstat) { if (seen.has(r.n)) continue; seen.add(r.n); L.push(`| ${r.n} | welch_p | plain JS as it is (jStat, not checked) | ${r.ours} | ${r.other} | ${r.digits.toFixed(1)} |`); }
  return L.join("\n");
}

main().catch((err) => { console.error(`bench-compare: ${err && err.stack ? err.stack : err}`); process.exit(1); });
