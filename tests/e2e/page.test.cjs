// End to end: serve www/ on localhost, open the page in Debian's headless Chromium (through
// playwright-core, no browser download), and check what a user sees. Run by scripts/test.
const { test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const { spawn } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const net = require("node:net");
const { chromium } = require("playwright-core");

const root = path.resolve(__dirname, "../..");
const expected = JSON.parse(fs.readFileSync(path.join(root, "tests/fixtures/example.json"), "utf8"));
let server, browser, base;
const requests = [];
const consoleErrors = [];

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

before(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}/`;
  server = spawn("python3", ["-m", "http.server", "--bind", "127.0.0.1", "--directory", path.join(root, "www"), String(port)], { stdio: "ignore" });
  await waitForServer(base);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
});

after(async () => {
  if (browser) await browser.close();
  if (server) server.kill();
});

async function openPage() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  page.on("request", (r) => requests.push(r.url()));
  page.on("console", (m) => { if (m.type() === "error") consoleErrors.push(m.text()); });
  page.on("pageerror", (e) => consoleErrors.push(String(e)));
  await page.goto(base);
  await page.waitForSelector("body[data-ready=true]", { timeout: 60000 });
  return page;
}

const fmtP = (p) => (p < 1e-4 ? p.toExponential(2).replace("-", "−") : p.toFixed(p < 0.001 ? 5 : p < 0.01 ? 4 : 3));

test("the example is analysed on load: verdict and R's numbers appear", async () => {
  const page = await openPage();
  const verdict = await page.textContent('[data-testid="verdict"]');
  assert.match(verdict, /co-primary endpoints not met/);
  assert.match(verdict, /did not meet its co-primary endpoints/);
  const stats = await page.textContent("#results-body");
  assert.ok(stats.includes(fmtP(expected.welch.p_value)), `Welch p ${fmtP(expected.welch.p_value)} shown`);
  assert.ok(stats.includes(fmtP(expected.fisher.p_value)), `Fisher p ${fmtP(expected.fisher.p_value)} shown`);
  assert.ok(stats.includes(`${expected.n_subjects} subjects`));
  assert.ok(/synthetic/i.test(await page.textContent("#example-note")));
  fs.mkdirSync(path.join(root, "target"), { recursive: true });
  await page.screenshot({ path: path.join(root, "target/page.png"), fullPage: true });
  await page.close();
});

test("a bad pasted table shows an error naming table, line and column, and keeps the input", async () => {
  const page = await openPage();
  const bad = "USUBJID,ATPTN,AVAL\nS1,4,3\nS1,banana,2\n";
  await page.fill("#t-pain", bad);
  await page.click("#analyse");
  const msg = await page.textContent('.table-input[data-table="pain"] .table-errors');
  assert.match(msg, /line 3/);
  assert.match(msg, /ATPTN/);
  assert.equal(await page.inputValue("#t-pain"), bad);
  await page.close();
});

test("uploading a file replaces a table and re-analyses; changing the window changes the result", async () => {
  const page = await openPage();
  const before = await page.textContent("#results-body");
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ae-"));
  const file = path.join(tmp, "pain.csv");
  fs.copyFileSync(path.join(root, "www/example/pain.csv"), file);
  await page.setInputFiles('input[data-for="t-pain"]', file);
  await page.waitForFunction(() => document.querySelector("#status").textContent.startsWith("Analysed"));
  await page.fill("#o-start", "0");
  await page.dispatchEvent("#o-start", "change");
  await page.waitForFunction(() => document.querySelector("caption").textContent.includes("0–24 h"));
  assert.notEqual(await page.textContent("#results-body"), before);
  await page.close();
});

test("unrecognised column names can be assigned to roles on the page", async () => {
  const page = await openPage();
  const pain = fs.readFileSync(path.join(root, "www/example/pain.csv"), "utf8").replace("USUBJID,ATPTN,AVAL", "USUBJID,Stunde,Schmerz");
  // Set the value as a paste would (fill() types 75 kB too slowly).
  await page.$eval("#t-pain", (ta, v) => { ta.value = v; }, pain);
  await page.click("#analyse");
  assert.match(await page.textContent('.table-input[data-table="pain"] .table-errors'), /time|score/i);
  await page.selectOption('select[data-table="pain"][data-role="time"]', "Stunde");
  await page.waitForSelector('select[data-table="pain"][data-role="score"]');
  await page.selectOption('select[data-table="pain"][data-role="score"]', "Schmerz");
  await page.waitForFunction(() => document.querySelector("#status").textContent.startsWith("Analysed"));
  assert.match(await page.textContent('[data-testid="verdict"]'), /co-primary endpoints not met/);
  await page.close();
});

test("the page made no request outside its own origin and logged no error", () => {
  assert.ok(requests.length > 0);
  const foreign = requests.filter((u) => !u.startsWith(base));
  assert.deepEqual(foreign, []);
  assert.deepEqual(consoleErrors, []);
});
