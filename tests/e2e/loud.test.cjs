// End to end: the paths that used to give a plausible wrong answer are loud on the page. A
// decimal comma in a number field is read as one (never dropped); a field that is not a number
// is named; without a rescue table the co-primary could not be assessed; one arm is an error; a
// numeric column is banded before it is a subgroup; many subjects missing from the subjects
// table are one message with the full list to download.
const { test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const { serveWww, launch, showData, showOptions } = require("./support.cjs");

let server, browser;
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
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, acceptDownloads: true });
  const page = await context.newPage();
  page.on("console", (m) => { if (m.type() === "error") consoleErrors.push(m.text()); });
  page.on("pageerror", (e) => consoleErrors.push(String(e)));
  await page.goto(server.base);
  await page.waitForSelector("body[data-ready=true]", { timeout: 60000 });
  return page;
}

const clearStatus = (page) => page.evaluate(() => { document.querySelector("#status").textContent = ""; });
const settled = (page) => page.waitForFunction(() => /^(Analysed|Not analysed)/.test(document.querySelector("#status").textContent), null, { timeout: 60000 });

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

async function paste(page, table, text) {
  await showData(page);
  await clearStatus(page);
  await page.fill(`#t-${table}`, text);
  await page.click("#analyse");
  await settled(page);
}

test("a decimal comma in a number field is a decimal separator, never dropped; other text names the field", async () => {
  const page = await openPage();
  await setField(page, "#o-end", "12,5");
  assert.match(await page.textContent("#status"), /^Analysed/);
  assert.match(await page.textContent("#results-body"), /Pain AUC 4–12\.5 h/);
  await setField(page, "#o-alpha", "0,025");
  assert.match(await page.textContent("#results-body"), /α = 0\.025|0\.025/);
  await setField(page, "#o-end", "1.000,5");
  assert.match(await page.textContent("#options-error"), /to \(h\): “1\.000,5” is not a number/);
  assert.equal(await page.inputValue("#o-end"), "1.000,5", "the input is kept");
  await page.close();
});

test("without a rescue table the co-primary endpoint is not evaluable and the verdict says so", async () => {
  const page = await openPage();
  await paste(page, "rescue", "");
  const verdict = await page.textContent('[data-testid="verdict"]');
  assert.match(verdict, /could not be assessed/);
  assert.doesNotMatch(verdict, /p = 1\.00/);
  await page.close();
});

test("one arm only is an error, not a result", async () => {
  const page = await openPage();
  await showData(page);
  await page.fill("#t-pain", "USUBJID,ATPTN,AVAL\nA1,4,5\nA1,24,4\nA2,4,6\nA2,24,5\n");
  await page.fill("#t-rescue", "");
  await paste(page, "subjects", "USUBJID,TRT01P,BASE\nA1,Placebo,6\nA2,Placebo,5\n");
  assert.match(await page.textContent("#status"), /^Not analysed/);
  const shown = (await page.textContent("#inputs")) + (await page.textContent("#options-error"));
  assert.match(shown, /arm/, shown);
  assert.match(shown, /two arms|at least two/, shown);
  await page.close();
});

test("a numeric column is banded on request and the bands are stated; a banded moderator is refused", async () => {
  const page = await openPage();
  await showOptions(page);
  await page.click("summary >> text=Covariates, subgroups and strata");
  await setField(page, "#o-bands", "AGE = q3");
  assert.match(await page.textContent("#status"), /^Analysed/);
  assert.match(await page.textContent('[data-testid="data-notes"]'), /AGE banded \(3 groups at R's type-7 quantiles\): ≤ \d+ \(n = \d+\), \(\d+, \d+\] \(n = \d+\), > \d+ \(n = \d+\)/);
  // LIDOVOL is the example's continuous moderator: banded, it is no longer a number.
  await setField(page, "#o-bands", "LIDOVOL = 10");
  assert.match(await page.textContent("#status"), /^Not analysed/);
  assert.match(await page.textContent("#options-error"), /LIDOVOL/);
  await setField(page, "#o-bands", "LIDOVOL = ten");
  assert.match(await page.textContent("#options-error"), /Bands: “LIDOVOL = ten”/);
  await page.close();
});

test("many subjects missing from the subjects table are one message with the full list to download", async () => {
  const page = await openPage();
  let pain = "USUBJID,ATPTN,AVAL\n";
  for (let k = 0; k < 40; k++) pain += `Z${k},4,5\nZ${k},8,4\n`;
  const subjects = await page.inputValue("#t-subjects");
  pain += subjects.split("\n").slice(1, 5).map((l) => `${l.split(",")[0]},4,5`).join("\n");
  await paste(page, "pain", pain);
  const errors = await page.$$eval('.table-input[data-table="pain"] .table-errors p', (ps) => ps.map((p) => p.textContent));
  const unknown = errors.filter((e) => /not in the subjects table/.test(e));
  assert.equal(unknown.length, 1, errors.join("\n"));
  assert.match(unknown[0], /40 subjects of the pain table \(80 rows\) are not in the subjects table: "Z0" \(line 2\)/);
  const [dl] = await Promise.all([page.waitForEvent("download"), page.click("text=Download the full list (40)")]);
  const text = fs.readFileSync(await dl.path(), "utf8");
  assert.equal(text.replace(/^\ufeff/, "").trim().split(/\r\n/).length, 40);
  await page.close();
});

test("no console errors", () => {
  assert.deepEqual(consoleErrors, []);
});
