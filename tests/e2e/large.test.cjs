// A large trial through the page: a ~100 MB pain table (100 000 subjects × 50 times, 5 M rows)
// is read and analysed in the worker while the page stays responsive; a long analysis can be
// cancelled. The tables are generated here (deterministic LCG) into a temporary directory.
const { test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { serveWww, launch, showData } = require("./support.cjs");

const root = path.resolve(__dirname, "../..");
let server, browser, base, dir;
const SUBJECTS = Number(process.env.AE_LARGE_SUBJECTS || 100000);
const TIMES = 50;

/** Writes subjects.csv and pain.csv for `n` subjects; returns their paths and the pain size. */
function writeTrial(n) {
  let seed = 20061006;
  const rnd = () => { seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0; return seed / 4294967296; };
  const subj = ["USUBJID,TRT01P,BASE,SITEID"];
  const painPath = path.join(dir, "pain.csv");
  const fd = fs.openSync(painPath, "w");
  fs.writeSync(fd, "USUBJID,ATPTN,AVAL\n");
  for (let i = 0; i < n; i++) {
    const id = `LARGE-${String(i).padStart(6, "0")}`;
    const active = rnd() < 0.5;
    const base = 4 + Math.floor(rnd() * 7);
    subj.push(`${id},${active ? "Active" : "Placebo"},${base},${1 + (i % 40)}`);
    const rows = [];
    for (let k = 0; k < TIMES; k++) {
      const t = (k * 24.5) / (TIMES - 1);
      const y = Math.max(0, Math.min(10, Math.round(base - (active ? 3 : 2) * (t / 24.5) + (rnd() - 0.5) * 3)));
      rows.push(`${id},${t.toFixed(2)},${rnd() < 0.03 ? "" : y}`);
    }
    fs.writeSync(fd, rows.join("\n") + "\n");
  }
  fs.closeSync(fd);
  const subjPath = path.join(dir, "subjects.csv");
  fs.writeFileSync(subjPath, subj.join("\n") + "\n");
  return { subjPath, painPath, painBytes: fs.statSync(painPath).size };
}

let trial;
before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "ae-large-"));
  trial = writeTrial(SUBJECTS);
  server = await serveWww();
  base = server.base;
  browser = await launch();
});

after(async () => {
  if (browser) await browser.close();
  if (server) server.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function openPage() {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 1000 } })).newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(base);
  await page.waitForSelector("body[data-ready=true]", { timeout: 60000 });
  return { page, errors };
}

test("a long analysis shows progress and can be cancelled; the page works on afterwards", async () => {
  const { page, errors } = await openPage();
  await page.setInputFiles('input[data-for="t-pain"]', trial.painPath);
  await page.waitForSelector("#progress:not([hidden])", { timeout: 30000 });
  assert.equal(await page.isVisible("#cancel"), true);
  await page.click("#cancel");
  assert.equal(await page.textContent("#status"), "Cancelled.");
  assert.equal(await page.isHidden("#progress"), true);
  // The big file is held, not copied into the box.
  assert.equal(await page.inputValue("#t-pain"), "");
  assert.match(await page.textContent('.table-input[data-table="pain"] .file-note'), /pain\.csv \(\d+\.\d MB\)/);
  await showData(page);
  await page.click("#load-example");
  await page.waitForFunction(() => document.querySelector("#status").textContent.startsWith("Analysed 440 subjects"));
  assert.deepEqual(errors, []);
  await page.close();
});

test(`a ${SUBJECTS}-subject trial with a pain table of ~100 MB analyses without freezing the page`, { timeout: 15 * 60 * 1000 }, async () => {
  const { page, errors } = await openPage();
  // The example's rescue table names the example's subjects: this trial has none.
  await showData(page);
  await page.fill("#t-rescue", "");
  const clearStatus = () => page.evaluate(() => { document.querySelector("#status").textContent = ""; });
  await clearStatus();
  await page.setInputFiles('input[data-for="t-subjects"]', trial.subjPath);
  await page.waitForFunction(() => /^(Analysed|Not analysed)/.test(document.querySelector("#status").textContent));
  // Measure the longest gap between animation frames while the worker reads and analyses.
  await page.evaluate(() => {
    window.__gaps = { max: 0, frames: 0 };
    let last = performance.now();
    const tick = (t) => { window.__gaps.max = Math.max(window.__gaps.max, t - last); window.__gaps.frames++; last = t; if (!window.__stop) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  });
  const t0 = Date.now();
  await clearStatus();
  await page.setInputFiles('input[data-for="t-pain"]', trial.painPath);
  await page.waitForFunction(() => /^(Analysed|Not analysed)/.test(document.querySelector("#status").textContent), null, { timeout: 14 * 60 * 1000, polling: 500 });
  const seconds = (Date.now() - t0) / 1000;
  const gaps = await page.evaluate(() => { window.__stop = true; return window.__gaps; });
  const status = await page.textContent("#status");
  assert.match(status, new RegExp(`^Analysed ${SUBJECTS} subjects`), `${status} ${await page.textContent("#results-body")}`.slice(0, 2000));
  console.log(`large trial: ${SUBJECTS} subjects, pain table ${(trial.painBytes / 1e6).toFixed(1)} MB, analysed in ${seconds.toFixed(1)} s; longest frame gap ${gaps.max.toFixed(0)} ms over ${gaps.frames} frames`);
  // The main thread only renders the report; the work happens in the worker.
  assert.ok(gaps.max < 3000, `longest frame gap ${gaps.max} ms`);
  assert.deepEqual(errors, []);
  await page.close();
});
