// End to end: the ADaM-shaped example (tests/fixtures/adam/, made by tests/fixtures/r/make_adam.R
// and tests/fixtures/py/make_adam_xlsx.py from the CSV example) uploaded as SAS transport,
// sas7bdat, Dataset-JSON and xlsx gives on the page exactly the results of the CSV example
// (eight subjects outside the full analysis set, a second parameter, derived records, prior and
// concomitant medication are left out and stated). A table with two parameters asks for one.
const { test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");
const { serveWww, launch, showData, showOptions } = require("./support.cjs");

const dir = path.resolve(__dirname, "../fixtures/adam");
let server, browser;
const requests = [];
const consoleErrors = [];

before(async () => {
  server = await serveWww();
  browser = await launch();
});

after(async () => {
  if (browser) await browser.close();
  if (server) server.stop();
});

async function openPage() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  page.on("request", (r) => requests.push(r.url()));
  page.on("console", (m) => { if (m.type() === "error") consoleErrors.push(m.text()); });
  page.on("pageerror", (e) => consoleErrors.push(String(e)));
  await page.goto(server.base);
  await page.waitForSelector("body[data-ready=true]", { timeout: 60000 });
  return page;
}

const clearStatus = (page) => page.evaluate(() => { document.querySelector("#status").textContent = ""; });
const settled = (page) => page.waitForFunction(() => /^(Analysed|Not analysed)/.test(document.querySelector("#status").textContent), null, { timeout: 60000 });
// The baseline table is left out: ADSL has more columns (STUDYID, TRT01A, flags) than the CSV
// example, and its baseline pain comes from the pain table's ABLFL rows.
const resultsText = (page) => page.evaluate(() => [document.querySelector('[data-testid="verdict"]').textContent,
  ...[...document.querySelectorAll("#results-body table:not(.baseline)")].map((t) => t.textContent)].join("\n"));

async function upload(page, files) {
  await showData(page);
  for (const [t, file] of Object.entries(files)) {
    await clearStatus(page);
    await page.setInputFiles(`input[data-for="t-${t}"]`, path.join(dir, file));
    await settled(page);
    const sel = `select[data-dataset-for="${t}"]`;
    if (await page.$(`${sel}:visible`)) {
      const want = { subjects: "ADSL", pain: "ADPAIN", rescue: "ADCM" }[t];
      const label = await page.$$eval(`${sel} option`, (os, w) => os.map((o) => o.textContent).find((x) => x.startsWith(w)), want);
      await clearStatus(page);
      await page.selectOption(sel, { label });
      await settled(page);
    }
    assert.equal(await page.inputValue(`#t-${t}`), "", "binary data never goes into the box");
  }
}

/**
 * Types a value and leaves the field, as a user does: one change event. (A synthetic "change"
 * would leave the field marked as edited, and leaving it later would analyse again, racing the
 * next field's analysis for the status line.)
 */
async function setField(page, id, value) {
  await showOptions(page);
  await clearStatus(page);
  await page.fill(id, value);
  await page.$eval(id, (x) => x.blur());
  await settled(page);
}

test("ADaM datasets in four formats give the CSV example's results on the page, with every choice stated", async () => {
  const page = await openPage();
  const fromCsv = await resultsText(page);
  await upload(page, { subjects: "adsl.xpt", pain: "adpain.sas7bdat", rescue: "adcm.json" });
  // Two parameters: one message asking for the parameter, offered as choices.
  const painErrors = await page.textContent('.table-input[data-table="pain"] .table-errors');
  assert.match(painErrors, /holds 2 parameters in PARAMCD: "PAIN" \(\d+ rows\), "PAINREL" \(\d+ rows\)/);
  assert.deepEqual(await page.$$eval("#pain-params option", (os) => os.map((o) => o.value)), ["PAIN", "PAINREL"]);
  await setField(page, "#o-param", "PAIN");
  await setField(page, "#o-rescuerows", "CMCAT = RESCUE MEDICATION");
  assert.match(await page.textContent("#status"), /^Analysed/);
  assert.equal(await resultsText(page), fromCsv);
  // The baseline table: baseline pain from the ABLFL rows; SUBJID (a second id) left out.
  const baseline = await page.textContent("#results-body table.baseline");
  assert.match(baseline, /Baseline pain \(NRS 0–10\)−0\.082/);
  assert.doesNotMatch(baseline, /SUBJID/);
  const notes = await page.textContent('[data-testid="data-notes"]');
  assert.match(notes, /Analysis population: FASFL = Y \(chosen automatically[^)]*\): 440 of 448 subjects in the subjects table; 8 left out/);
  assert.match(notes, /derived rows \(non-empty DTYPE, e\.g\. LOCF\) left out/);
  assert.match(notes, /440 baseline rows \(ABLFL = Y\)/);
  assert.match(notes, /Opioid status of \d+ rescue administrations without an opioid flag inferred from the drug name/);
  assert.match(notes, /Rescue rows meeting CMCAT = RESCUE MEDICATION: \d+ rows left out/);
  const methods = await page.textContent("#results-body");
  assert.match(methods, /Data preparation: Analysis population: FASFL = Y/);
  // The same from one workbook, a sheet per table; the ADaM choices stay.
  await upload(page, { subjects: "adam.xlsx", pain: "adam.xlsx", rescue: "adam.xlsx" });
  assert.match(await page.textContent("#status"), /^Analysed/);
  assert.equal(await resultsText(page), fromCsv);
  // A subset applies to all three tables and is stated.
  await setField(page, "#o-subset", "LIDOVOL <= 10");
  assert.match(await page.textContent("#status"), /^Analysed/);
  assert.match(await page.textContent('[data-testid="data-notes"]'), /Subset LIDOVOL <= 10: \d+ subjects left out/);
  // The column roles say where the times come from: ATPTN (hours) for pain, ASTDTM − TRTSDTM for
  // rescue; with ATPTN left out, the text time points (ATPT) and their hours are shown.
  await showData(page);
  await page.click("#mapping-box > summary");
  assert.equal(await page.textContent('[data-testid="time-source-pain"]'), "Times: hours from the origin.");
  assert.match(await page.textContent('[data-testid="time-source-rescue"]'), /reference datetime/);
  await clearStatus(page);
  await page.selectOption('select[data-table="pain"][data-role="time"]', "");
  await settled(page);
  // The column roles are drawn after the results: wait for them (up to 10 s) before reading.
  await page.waitForFunction(() => /text time points/.test(document.querySelector('[data-testid="time-source-pain"]')?.textContent || ""), null, { timeout: 10000 }).catch(() => {});
  assert.match(await page.textContent('[data-testid="time-source-pain"]'), /text time points/);
  assert.match(await page.textContent('[data-testid="timepoints"]'), /4H15M4\.25\d/);
});

test("nothing is requested from outside the page, and nothing is logged as an error", () => {
  const foreign = requests.filter((u) => !u.startsWith(server.base) && !u.startsWith("blob:") && !u.startsWith("data:"));
  assert.deepEqual(foreign, []);
  assert.deepEqual(consoleErrors, []);
});
