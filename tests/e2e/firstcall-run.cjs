// Measures the page as a user meets it (not a test: `node tests/e2e/firstcall-run.cjs [runs]`,
// after scripts/build, with `. scripts/env`): fresh page loads of index.html, each timing
//   * the worker's first analyze() (the example; the `ms` the worker posts with its result),
//   * page load (navigation start) → example results on the page (body[data-ready]),
//   * option changes: the window end edited (24 → 12 h, and a new value each time), then the
//     conf level (0.95 → 0.9): from the change event to the status line "Analysed …", and the
//     worker's analyze() time for each.
// Prints the runs and their medians as JSON.
const { serveWww, launch } = require("./support.cjs");

async function once(browser, base) {
  const page = await browser.newPage();
  await page.addInitScript(() => {
    window.__analyses = [];
    const W = window.Worker;
    window.Worker = class extends W {
      constructor(...a) {
        super(...a);
        this.addEventListener("message", (e) => {
          const r = e.data && e.data.result;
          if (e.data && e.data.ok && r && typeof r.ms === "number") window.__analyses.push({ ms: r.ms, at: performance.now() });
        });
      }
    };
  });
  await page.goto(base + "index.html");
  await page.waitForSelector("body[data-ready=true]", { timeout: 60000 });
  const load = await page.evaluate(() => ({ readyAt: performance.now(), first: window.__analyses[0] }));
  const change = async (selector, value) => page.evaluate(([sel, v]) => new Promise((resolve) => {
    const status = document.querySelector("#status");
    const n = window.__analyses.length;
    const t0 = performance.now();
    const obs = new MutationObserver(() => {
      if (status.textContent.startsWith("Analysed") && window.__analyses.length > n) {
        obs.disconnect();
        resolve({ ms: performance.now() - t0, analyzeMs: window.__analyses[window.__analyses.length - 1].ms });
      }
    });
    obs.observe(status, { childList: true, characterData: true, subtree: true });
    const input = document.querySelector(sel);
    input.value = v;
    input.dispatchEvent(new Event("change", { bubbles: true }));
  }), [selector, value]);
  const changes = [await change("#o-end", "12"), await change("#o-end", "20"), await change("#o-conf", "0.9")];
  await page.close();
  return { firstAnalyzeMs: load.first.ms, loadToResultsMs: load.readyAt, firstDoneAt: load.first.at, changes };
}

const median = (v) => { const s = [...v].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

(async () => {
  const runs = Number(process.argv[2] || 5);
  const server = await serveWww("index.html");
  const browser = await launch((process.env.AE_CHROMIUM_FLAGS || "").split(" ").filter(Boolean));
  try {
    const out = [];
    for (let i = 0; i < runs; i++) out.push(await once(browser, server.base));
    const r1 = (x) => Math.round(x * 10) / 10;
    console.log(JSON.stringify({
      runs: out.map((o) => ({ first: r1(o.firstAnalyzeMs), load: r1(o.loadToResultsMs), changes: o.changes.map((c) => `${r1(c.ms)}/${r1(c.analyzeMs)}`) })),
      median: {
        firstAnalyzeMs: r1(median(out.map((o) => o.firstAnalyzeMs))),
        loadToResultsMs: r1(median(out.map((o) => o.loadToResultsMs))),
        changeToResultsMs: r1(median(out.flatMap((o) => o.changes.map((c) => c.ms)))),
        changeAnalyzeMs: r1(median(out.flatMap((o) => o.changes.map((c) => c.analyzeMs)))),
      },
    }, null, 1));
  } finally {
    await browser.close();
    server.stop();
  }
})().catch((e) => { console.error(e); process.exit(1); });
