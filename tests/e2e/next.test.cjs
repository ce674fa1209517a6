// The tools under "From this trial to the next" (issue 12), as a user drives them in Debian's
// headless Chromium: resampling across workers (seeded: the same numbers whatever the number of
// workers; the seed in the link), two trials side by side (the synthetic Phase II beside the
// example, pooled as metafor does: tests/fixtures/trials.json), and the plan for the next trial.
const { test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { serveWww, launch, pageFormat, root } = require("./support.cjs");

const trials = JSON.parse(fs.readFileSync(path.join(root, "tests/fixtures/trials.json"), "utf8"));
let server, browser, base, fmt;
const requests = [];
const errors = [];

before(async () => {
  server = await serveWww();
  base = server.base;
  browser = await launch();
  fmt = await pageFormat();
});

after(async () => {
  if (browser) await browser.close();
  if (server) server.stop();
});

async function openPage(hash = "", cores) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  if (cores) await context.addInitScript((n) => Object.defineProperty(navigator, "hardwareConcurrency", { get: () => n }), cores);
  const page = await context.newPage();
  page.on("request", (r) => requests.push(r.url()));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(base + hash);
  await page.waitForSelector("body[data-ready=true]", { timeout: 60000 });
  return page;
}

async function resample(page) {
  if (!(await page.$eval("#resampling-box", (d) => d.open))) await page.click("#resampling-box > summary");
  await page.fill("#x-perms", "20000");
  await page.fill("#x-boots", "1000");
  await page.click("#resampling-run");
  await page.waitForFunction(() => /Done in|Not run/.test(document.querySelector("#resampling-status").textContent), null, { timeout: 120000 });
  assert.match(await page.textContent("#resampling-status"), /Done in/);
  return page.$$eval("#resampling-results table td", (tds) => tds.map((t) => t.textContent));
}

test("resampling gives the same numbers on 1 and on 3 workers, and the seed goes into the link", async () => {
  const one = await openPage("", 1);
  const a = await resample(one);
  const three = await openPage("", 3);
  const b = await resample(three);
  assert.deepEqual(a, b);
  const text = await three.textContent("#resampling-results");
  assert.match(text, /Seed 2006; 20,000 permutations, 1,000 bootstrap replicates/);
  assert.match(text, /on 3 worker\(s\)/);
  // The pain test is Monte Carlo (count and MC SE shown); rescue use is exact (hypergeometric).
  assert.match(text, /count \d+; c\/B = [\d.]+, MC SE/);
  assert.match(text, /exact \(hypergeometric\)/);
  assert.match(text, /Hodges–Lehmann shift/);
  // A new seed changes the numbers and is written into the link; the link restores it.
  await three.fill("#x-seed", "777");
  const c = await resample(three);
  assert.notDeepEqual(b, c);
  const hash = await three.evaluate(() => location.hash);
  assert.match(hash, /seed=777/);
  const again = await openPage(hash, 2);
  assert.equal(await again.inputValue("#x-seed"), "777");
  assert.deepEqual(await resample(again), c);
  for (const p of [one, three, again]) await p.context().close();
});

test("a long resampling job shows progress and can be cancelled; the next one runs", async () => {
  const page = await openPage();
  await page.click("#resampling-box > summary");
  await page.fill("#x-perms", "10000000");
  await page.fill("#x-boots", "0");
  await page.click("#resampling-run");
  await page.waitForFunction(() => { const p = document.querySelector("#resampling-progress"); return !p.hidden && p.value > 0; }, null, { timeout: 60000 });
  await page.click("#resampling-cancel");
  await page.waitForFunction(() => document.querySelector("#resampling-status").textContent === "Cancelled.", null, { timeout: 10000 });
  assert.equal(await page.$eval("#resampling-progress", (p) => p.hidden), true);
  assert.equal(await page.textContent("#resampling-results"), "");
  const cells = await resample(page);
  assert.ok(cells.length > 10);
  await page.context().close();
});

test("two trials side by side: pooled as metafor, what changed, and a column one trial lacks", async () => {
  const page = await openPage();
  await page.click("#trials-box > summary");
  await page.click("#load-phase2");
  await page.click("#trials-run");
  await page.waitForFunction(() => /Compared|Not compared/.test(document.querySelector("#trials-status").textContent), null, { timeout: 60000 });
  assert.match(await page.textContent("#trials-status"), /Compared 440 and 160 subjects/);
  const text = await page.textContent("#trials-results");
  // The pain endpoint per trial and the fixed-effect pool, as the page writes numbers.
  for (const v of [trials.pain.estimates[0], trials.pain.estimates[1], trials.pain.fixed.estimate]) assert.ok(text.includes(fmt.num(v, 2)), `${fmt.num(v, 2)} shown`);
  assert.ok(text.includes(`Q = ${fmt.num(trials.pain.q, 2)}, p = ${fmt.pval(trials.pain.pQ)}`));
  assert.ok(text.includes(fmt.pval(trials.pain.reml.hksjP)));
  // A forest plot per endpoint; the example's model options name LIDOVOL, which Phase II lacks.
  assert.equal(await page.$$eval("#trials-results figure", (f) => f.length), 3);
  // Each figure's caption states both trials' populations, not the first trial's alone.
  const caption = await page.$eval("#trials-results figure .figure-context", (x) => x.textContent);
  assert.match(caption, /Phase III \(synthetic\): .*n = 440\. Phase II \(synthetic\): .*n = 160\. Analysis window 4–24 h/);
  assert.match(text, /Phase II \(synthetic\) has no column LIDOVOL: left out as a moderator there/);
  const lido = await page.$eval("#trials-results table.trials-changes tr.changed", (tr) => tr.textContent);
  assert.match(lido, /LIDOVOL.*absent.*not in the second trial/);
  // The comparison downloads as JSON.
  const [download] = await Promise.all([page.waitForEvent("download"), page.click('[data-export="trials-json"]')]);
  const json = JSON.parse(fs.readFileSync(await download.path(), "utf8"));
  assert.equal(json.comparison.names[1], "Phase II (synthetic)");
  await page.context().close();
});

test("an ADaM trial beside a plain CSV trial: row conditions and the parameter apply where their columns are", async () => {
  const page = await openPage();
  const dir = path.join(root, "tests/fixtures/adam");
  await page.click("#data-box > summary");
  const settled = () => page.waitForFunction(() => /^(Analysed|Not analysed)/.test(document.querySelector("#status").textContent), null, { timeout: 60000 });
  for (const [t, f] of [["subjects", "adsl.xpt"], ["pain", "adpain.xpt"], ["rescue", "adcm.xpt"]]) {
    await page.evaluate(() => { document.querySelector("#status").textContent = ""; });
    await page.setInputFiles(`input[data-for="t-${t}"]`, path.join(dir, f));
    await settled();
  }
  if (!(await page.$eval("#options-box", (d) => d.open))) await page.click("#options-box > summary");
  for (const [id, v] of [["#o-param", "PAIN"], ["#o-rescuerows", "CMCAT = RESCUE MEDICATION"]]) {
    await page.evaluate(() => { document.querySelector("#status").textContent = ""; });
    await page.fill(id, v);
    await page.$eval(id, (x) => x.blur());
    await settled();
  }
  assert.match(await page.textContent("#status"), /^Analysed 440 subjects/);
  await page.click("#trials-box > summary");
  await page.click("#load-phase2");
  await page.click("#trials-run");
  await page.waitForFunction(() => /Compared|Not compared/.test(document.querySelector("#trials-status").textContent), null, { timeout: 60000 });
  assert.match(await page.textContent("#trials-status"), /Compared 440 and 160 subjects/);
  const text = await page.textContent("#trials-results");
  assert.match(text, /Phase II \(synthetic\)'s table has no column for the rescue rows condition "CMCAT = RESCUE MEDICATION": left out there/);
  assert.match(text, /Phase II \(synthetic\)'s pain table has no parameter column \(PARAMCD\): the parameter PAIN is not applied there/);
  // The ADaM trial is the CSV example: its pain estimate is the fixture's first trial's.
  assert.ok(text.includes(fmt.num(trials.pain.estimates[0], 2)));
  await page.context().close();
});

test("an error in the other trial's tables is shown under its box, naming the line", async () => {
  const page = await openPage();
  await page.click("#trials-box > summary");
  await page.click("#load-phase2");
  await page.fill("#u-pain", "USUBJID,ATPTN,AVAL\nLP2-01-001,4,seven\n");
  await page.click("#trials-run");
  await page.waitForFunction(() => /Not compared/.test(document.querySelector("#trials-status").textContent), null, { timeout: 60000 });
  assert.match(await page.textContent("#trials-status"), /the other trial/);
  assert.match(await page.textContent('[data-other="pain"] .table-errors'), /line 2/);
  await page.context().close();
});

test("planning: sample sizes, joint power, assurance, curve and a simulation from the trial", async () => {
  const page = await openPage();
  await page.click("#planning-box > summary");
  await page.fill("#x-psubset", "ANESTH = spinal");
  await page.fill("#x-psims", "1000");
  await page.click("#planning-run");
  await page.waitForFunction(() => /Planned and simulated|Not planned/.test(document.querySelector("#planning-status").textContent), null, { timeout: 120000 });
  assert.match(await page.textContent("#planning-status"), /Planned and simulated/);
  const text = await page.textContent("#planning-results");
  assert.match(text, /With 195 \+ 195 evaluable subjects .* among subjects with ANESTH = spinal/);
  assert.match(text, /Sozu, Sugimoto & Hamasaki/);
  assert.match(text, /assurance/i);
  assert.match(text, /Simulated trials: 1,000 trials of 195 \+ 195 evaluable subjects/);
  assert.equal(await page.$$eval("#planning-results figure", (f) => f.length), 1);
  await page.context().close();
});

test("no request leaves the page and nothing is logged as an error", () => {
  const foreign = requests.filter((u) => !u.startsWith(base) && !u.startsWith("blob:") && !u.startsWith("data:"));
  assert.deepEqual(foreign, []);
  assert.deepEqual(errors, []);
});
