// Runs the browser benchmark (www/bench.html) in Debian's headless Chromium through
// playwright-core and prints its numbers as a markdown table. Not a test (node --test does not
// pick up this name); scripts/bench runs it after building www/pkg.
//   node tests/e2e/bench-run.cjs [results.json]
// NODE_PATH must reach playwright-core (`. scripts/env`); CHROMIUM overrides /usr/bin/chromium.
// AE_BENCH_LARGE=1 also times the large trial in target/large/*.csv (written by
// `cargo bench --bench large`) through the page's Web Worker: the files are given to bench.html's
// file input, and the renderer process's resident memory is sampled from /proc meanwhile.
const fs = require("node:fs");
const path = require("node:path");
const { serveWww, launch } = require("./support.cjs");

const root = path.resolve(__dirname, "../..");

const f = (x) => (typeof x === "number" ? String(x) : "–");
const mb = (b) => (typeof b === "number" ? (b / 1e6).toFixed(0) : "–");

/** Pids of this process's descendants (Chromium's processes), with their command lines. */
function descendants() {
  const kids = new Map();
  for (const d of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (!kids.has(ppid)) kids.set(ppid, []);
      kids.get(ppid).push(Number(d));
    } catch { /* gone */ }
  }
  const out = [];
  const todo = [process.pid];
  while (todo.length) {
    for (const c of kids.get(todo.pop()) || []) {
      let cmd = "";
      try { cmd = fs.readFileSync(`/proc/${c}/cmdline`, "utf8"); } catch { continue; }
      out.push({ pid: c, cmd });
      todo.push(c);
    }
  }
  return out;
}

/** VmRSS and VmHWM of a process in bytes (null when it is gone). */
function memoryOf(pid) {
  try {
    const s = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (k) => Number((s.match(new RegExp(`^${k}:\\s+(\\d+) kB`, "m")) || [])[1]) * 1024;
    return { rss: kb("VmRSS"), hwm: kb("VmHWM") };
  } catch { return null; }
}

/** Samples the renderer processes' and the whole browser's resident memory until stopped. */
function sampleMemory(ms = 100) {
  const peak = { renderer: 0, rendererHwm: 0, browser: 0 };
  const tick = () => {
    let total = 0;
    for (const p of descendants()) {
      const m = memoryOf(p.pid);
      if (!m) continue;
      total += m.rss;
      if (p.cmd.includes("--type=renderer")) {
        peak.renderer = Math.max(peak.renderer, m.rss);
        peak.rendererHwm = Math.max(peak.rendererHwm, m.hwm);
      }
    }
    peak.browser = Math.max(peak.browser, total);
  };
  tick();
  const timer = setInterval(tick, ms);
  return { stop() { clearInterval(timer); tick(); return peak; } };
}

async function main() {
  const server = await serveWww("bench.html");
  const { base } = server;
  let browser;
  try {
    browser = await launch(["--enable-precise-memory-info", "--js-flags=--expose-gc"]);
    const page = await browser.newPage();
    const problems = [];
    page.on("console", (m) => { if (m.type() === "error") problems.push(m.text()); });
    page.on("pageerror", (e) => problems.push(String(e)));
    await page.goto(base + "bench.html");
    await page.waitForSelector("body[data-done=true]", { timeout: 300000 });
    const result = JSON.parse(await page.textContent("#result"));
    const failed = await page.evaluate(() => document.body.dataset.error === "true");
    if (failed || result.error) throw new Error(`benchmark failed in the page: ${result.error}; ${problems.join("; ")}`);
    result.browser = `Chromium ${browser.version()} (headless, via playwright-core)`;

    if (process.env.AE_BENCH_LARGE === "1") {
      const dir = path.join(root, "target/large");
      const files = ["subjects", "pain", "rescue"].map((n) => path.join(dir, `${n}.csv`));
      for (const file of files) if (!fs.existsSync(file)) throw new Error(`${file} is missing: run cargo bench --bench large first`);
      const sampler = sampleMemory();
      await page.setInputFiles("#large-files", files);
      await page.waitForSelector("body[data-large-done=true]", { timeout: 600000 });
      const memory = sampler.stop();
      const large = JSON.parse(await page.textContent("#large-result"));
      if (large.error) throw new Error(`large benchmark failed in the page: ${large.error}; ${problems.join("; ")}`);
      large.rendererRssPeakBytes = memory.renderer;
      large.rendererHwmBytes = memory.rendererHwm;
      large.browserRssPeakBytes = memory.browser;
      result.large = large;
    }
    if (process.argv[2]) fs.writeFileSync(process.argv[2], JSON.stringify(result, null, 2) + "\n");

    const e = result.example, s = result.stringify, b = result.synthetic;
    const lines = [
      `Browser: ${result.browser}; analgesic-endpoints ${result.version}; performance.now() resolution ${result.timerResolutionMs} ms` +
        `${result.crossOriginIsolated ? "" : " (page not cross-origin isolated)"}; wasm init (fetch + compile + instantiate) ${result.initMs} ms.`,
      "",
      "| case | subjects | pain rows | first call (ms) | iterations | median (ms) | min (ms) | mean (ms) |",
      "|---|---:|---:|---:|---:|---:|---:|---:|",
      `| **example: \`analyze()\`** (CSV text in, report as JS objects out; default options) | ${e.subjects} | ${e.painRows} | ${f(e.coldMs)} | ${e.iterations} | ${f(e.medianMs)} | ${f(e.minMs)} | ${f(e.meanMs)} |`,
      `| example: \`JSON.stringify(report)\` (${s.bytes} characters), for context | ${e.subjects} | | | ${s.iterations} | ${f(s.medianMs)} | ${f(s.minMs)} | ${f(s.meanMs)} |`,
      `| **synthetic ×25: \`analyze()\`** | ${b.subjects} | ${b.painRows} | ${f(b.coldMs)} | ${b.iterations} | ${f(b.medianMs)} | ${f(b.minMs)} | ${f(b.meanMs)} |`,
    ];
    const L = result.large;
    if (L) {
      const steps = L.steps.map((s) => `${s.step} ${(s.ms / 1000).toFixed(2)} s`).join(", ");
      lines.push(
        "",
        "<!-- large -->",
        `Large trial through the page's Web Worker (\`worker.js\`, File objects given to the page's file input, as an upload): ${L.subjects} subjects, ${L.painRows} pain rows, ${mb(L.bytes)} MB of CSV.`,
        "",
        "| measure | value |",
        "|---|---:|",
        `| **request → report on the page** (read the files, parse, analyse, report to JS objects, post to the page) | **${(L.totalMs / 1000).toFixed(2)} s** |`,
        `| of which \`analyze()\` in the worker (text in wasm memory → report as JS objects) | ${(L.analyzeMs / 1000).toFixed(2)} s |`,
        `| longest pause of the page's main thread (20 ms heartbeat; includes receiving the report) | ${f(L.maxMainThreadGapMs)} ms |`,
        `| wasm memory after the analysis (\`WebAssembly.Memory\` size: the wasm heap's peak) | ${mb(L.wasmMemoryBytes)} MB |`,
        `| renderer process (page + worker) peak resident set, sampled every 100 ms / VmHWM | ${mb(L.rendererRssPeakBytes)} MB / ${mb(L.rendererHwmBytes)} MB |`,
        `| all browser processes, peak of the summed resident sets | ${mb(L.browserRssPeakBytes)} MB |`,
        `| page's JS heap (\`performance.memory.usedJSHeapSize\`${L.gcExposed ? ", after a gc()" : ""}) before → after receiving the report | ${mb(L.mainHeapBeforeBytes)} → ${mb(L.mainHeapAfterBytes)} MB |`,
        `| progress messages | ${L.progressMessages} |`,
        "",
        `Steps, from the worker's progress messages (as they reached the page; the last one also includes converting the report to JS objects and posting it): ${steps}.`,
      );
    }
    console.log(lines.join("\n"));
  } finally {
    if (browser) await browser.close();
    server.stop();
  }
}

main().catch((err) => { console.error(`bench-run: ${err && err.stack ? err.stack : err}`); process.exit(1); });
