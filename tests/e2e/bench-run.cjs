// Runs the browser benchmark (www/bench.html) in Debian's headless Chromium through
// playwright-core and prints its numbers as a markdown table. Not a test (node --test does not
// pick up this name); scripts/bench runs it after building www/pkg.
//   node tests/e2e/bench-run.cjs [results.json]
// NODE_PATH must reach playwright-core (`. scripts/env`); CHROMIUM overrides /usr/bin/chromium.
const { spawn } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const net = require("node:net");
const { chromium } = require("playwright-core");

const root = path.resolve(__dirname, "../..");

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => { const { port } = s.address(); s.close(() => resolve(port)); });
    s.on("error", reject);
  });
}

async function waitForServer(url, ms = 20000) {
  const t0 = Date.now();
  for (;;) {
    try { const r = await fetch(url); if (r.ok) return; } catch { /* not up yet */ }
    if (Date.now() - t0 > ms) throw new Error(`server did not start: ${url}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const f = (x) => (typeof x === "number" ? String(x) : "–");

async function main() {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}/`;
  const server = spawn("python3", ["-m", "http.server", "--bind", "127.0.0.1", "--directory", path.join(root, "www"), String(port)], { stdio: "ignore" });
  let browser;
  try {
    await waitForServer(base + "bench.html");
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
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
    console.log(lines.join("\n"));
  } finally {
    if (browser) await browser.close();
    server.kill();
  }
}

main().catch((err) => { console.error(`bench-run: ${err && err.stack ? err.stack : err}`); process.exit(1); });
