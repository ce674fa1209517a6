// Every control means what it says (issue 13), as a user meets it in Debian's headless
// Chromium. Each test failed on the page as it was before the issue, and passes now.
const { test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const { serveWww, launch, showData, showOptions } = require("./support.cjs");

let server, browser;
const errors = [];

before(async () => {
  server = await serveWww();
  browser = await launch();
});

after(async () => {
  if (browser) await browser.close();
  if (server) server.stop();
});

async function openPage(hash = "") {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(server.base + hash);
  await page.waitForSelector("body[data-ready=true]", { timeout: 60000 });
  return page;
}

const clearStatus = (page) => page.evaluate(() => { document.querySelector("#status").textContent = ""; });
const settled = (page) => page.waitForFunction(() => /^(Analysed|Not analysed)/.test(document.querySelector("#status").textContent), null, { timeout: 60000 });
const verdict = (page) => page.textContent('[data-testid="verdict"]');

/** Chooses a value in a select of the options form and waits for the new analysis. */
async function choose(page, id, value) {
  await showOptions(page);
  if (!(await page.isVisible(id))) await page.click("#more-imputation > summary");
  await clearStatus(page);
  await page.selectOption(id, value);
  await settled(page);
}

test("dropouts: 'none' leaves them out (complete cases) instead of doing what LOCF does", async () => {
  const page = await openPage();
  await choose(page, "#o-dropout", "locf");
  const locf = await verdict(page);
  await choose(page, "#o-dropout", "carryLast");
  assert.equal(await verdict(page), locf, "carrying the last score is LOCF in effect");
  await choose(page, "#o-dropout", "none");
  const none = await verdict(page);
  assert.notEqual(none, locf);
  const notes = await page.textContent("#results-body");
  assert.match(notes, /\d+ subject\(s\) whose last pain score precedes the window end have no AUC under the dropout rule none/);
  assert.match(notes, /left out of the pain analysis \(complete cases\)/);
  // The label says what each choice does.
  const labels = await page.$$eval("#o-dropout option", (os) => os.map((o) => o.textContent));
  assert.ok(labels.some((l) => /carry the last score flat/.test(l)));
  assert.ok(labels.some((l) => /none: leave dropouts out/.test(l)));
  await page.context().close();
});

test("rescue at exactly the window start: closed or half-open window, stated in the verdict", async () => {
  const page = await openPage();
  const closed = await verdict(page);
  assert.match(closed, /closed window \[4, 24\]: a dose at exactly 4 h counts/);
  await showOptions(page);
  await clearStatus(page);
  await page.selectOption("#o-rescuewindow", "leftOpen");
  await settled(page);
  const open = await verdict(page);
  assert.match(open, /half-open window \(4, 24\]: a dose at exactly 4 h does not count/);
  // The example has rescue doses at exactly 4 h: the Fisher p-value changes (0.086 → 0.22).
  const p = (v) => v.match(/Rescue-medication use[^]*?p = ([\d.]+)/)[1];
  assert.notEqual(p(open), p(closed));
  assert.match(await page.textContent("#results-body"), /a half-open window: a dose at exactly the window start did not count/);
  await page.context().close();
});

test("a pasted table marks the results out of date, with a button to analyse again", async () => {
  const page = await openPage();
  await showData(page);
  const pain = await page.inputValue("#t-pain");
  await page.fill("#t-pain", pain.split("\n").slice(0, 2000).join("\n"));
  const stale = page.locator("#results-stale");
  assert.equal(await stale.isVisible(), true);
  assert.match(await stale.textContent(), /The pain table was edited after this analysis\. The results below are from the last analysis that ran\./);
  assert.match(await page.getAttribute("#results-body", "class"), /stale/);
  await clearStatus(page);
  await page.click("#rerun");
  await settled(page);
  assert.equal(await stale.isVisible(), false);
  assert.doesNotMatch((await page.getAttribute("#results-body", "class")) || "", /stale/);
  await page.context().close();
});

test("controls without effect are disabled, saying why", async () => {
  const page = await openPage();
  await showOptions(page);
  await page.click("#more-imputation > summary");
  // Post-rescue rule none: its window, drugs, trigger and fill have no effect.
  assert.equal(await page.$eval("#o-postrescue", (s) => s.value), "none");
  for (const id of ["#o-prhours", "#o-prbydrug", "#o-prscope", "#o-prtrigger", "#o-prfill"]) {
    assert.equal(await page.isDisabled(id), true, `${id} disabled`);
    assert.match(await page.getAttribute(id, "title"), /No effect: the post-rescue rule is none/);
  }
  await clearStatus(page);
  await page.selectOption("#o-postrescue", "wLocf");
  await settled(page);
  assert.equal(await page.isDisabled("#o-prbydrug"), false);
  // To the end of the window: the window lengths per drug no longer matter.
  await clearStatus(page);
  await page.selectOption("#o-prscope", "toEndOfWindow");
  await settled(page);
  assert.equal(await page.isDisabled("#o-prbydrug"), true);
  assert.match(await page.getAttribute("#o-prbydrug", "title"), /to the end of the analysis window, whatever the drug/);
  // "categorical" only with a use that it changes (covariate, subgroup, stratum).
  await page.click("#more-model > summary");
  const cat = (c) => `#covariate-grid input[data-column="${c}"][data-use="factors"]`;
  assert.equal(await page.isDisabled(cat("AGE")), true);
  assert.match(await page.getAttribute(cat("AGE"), "title"), /tick ANCOVA covariate, subgroup or stratum/);
  assert.equal(await page.isDisabled(cat("SITEID")), false, "SITEID is the example's stratum");
  await clearStatus(page);
  await page.check('#covariate-grid input[data-column="AGE"][data-use="covariates"]');
  await settled(page);
  assert.equal(await page.isDisabled(cat("AGE")), false);
  await page.context().close();
});

test("Johnson–Neyman bounds outside the moderator's observed range are said to be so", async () => {
  const page = await openPage();
  await showOptions(page);
  if (await page.isChecked("#o-baseline")) {
    await page.click("#more-model > summary");
    await clearStatus(page);
    await page.uncheck("#o-baseline");
    await settled(page);
  }
  await clearStatus(page);
  await page.fill("#o-subset", "ANESTH = spinal");
  await page.$eval("#o-subset", (x) => x.blur());
  await settled(page);
  const text = await page.textContent("#results-body");
  // Under spinal anaesthesia the rescue odds ratio's bounds across LIDOVOL (observed 0–30 mL)
  // are −0.78 and 16.92 mL: the first is outside the data and not shown as a value.
  assert.match(text, /odds ratio across LIDOVOL; Johnson-Neyman bound\(s\): 16\.92; one bound outside the observed range \(0\.00 to 30\.00\)/);
  assert.doesNotMatch(text, /−0\.78/);
  await page.context().close();
});

test("a broken link parameter is named, with what it may be, and ignored", async () => {
  const page = await openPage("#dropout=&ptest=welsh&global=yes");
  const note = await page.textContent("#link-notice");
  assert.match(note, /“dropout=” \(expected one of: carryLast, none, locf, bocf, wocf\)/);
  assert.match(note, /“ptest=welsh” \(expected one of: welch, student, wilcoxon\)/);
  assert.match(note, /“global=yes” \(expected 0 or 1\)/);
  assert.match(note, /not understood and left at the default/);
  // The analysis ran with the defaults; no raw parser message.
  assert.match(await page.textContent("#status"), /^Analysed 440 subjects/);
  assert.doesNotMatch(await page.textContent("body"), /unknown variant/);
  await page.context().close();
});

test("nothing was logged as an error", () => {
  assert.deepEqual(errors, []);
});

test("column roles: 'detect automatically' is a choice; a new file resets them, saying so; a link's roles apply only to data with those columns", async () => {
  const page = await openPage();
  await showData(page);
  await page.click("#mapping-box > summary");
  const timeSel = 'select[data-table="pain"][data-role="time"]';
  const first = await page.$eval(timeSel, (s) => s.options[0].textContent);
  assert.match(first, /^\(detect automatically: ATPTN\)$/);
  assert.match(await page.$eval(timeSel, (s) => s.options[1].textContent), /\(none: leave out\)/);
  // Choose a column, then detect again: the override goes (and out of the link).
  await clearStatus(page);
  await page.selectOption(timeSel, "AVAL");
  await settled(page);
  assert.equal(await page.$eval(timeSel, (s) => s.value), "AVAL");
  await clearStatus(page);
  await page.selectOption(timeSel, { index: 0 });
  await settled(page);
  assert.match(await page.textContent("#status"), /^Analysed 440 subjects/);
  assert.doesNotMatch(await page.evaluate(() => location.hash), /col\.pain/);
  // A role chosen for one file is dropped when another file is loaded for that table.
  await clearStatus(page);
  await page.selectOption(timeSel, "AVAL");
  await settled(page);
  await clearStatus(page);
  await page.setInputFiles('input[data-for="t-pain"]', require("node:path").join(__dirname, "../../www/example/pain.csv"));
  await settled(page);
  assert.match(await page.textContent('.table-input[data-table="pain"] .file-note'), /column roles chosen for the previous table were reset/);
  assert.match(await page.textContent("#status"), /^Analysed 440 subjects/);
  assert.doesNotMatch(await page.evaluate(() => location.hash), /col\.pain/);
  await page.context().close();
  // A link whose roles name columns the loaded data lack: said once, not applied, analysed.
  const linked = await openPage("#col.pain.time=VISITHR");
  assert.match(await linked.textContent("#link-notice"), /column roles \(pain time = VISITHR\) name columns the loaded data do not have: they were not applied/);
  assert.match(await linked.textContent("#status"), /^Analysed 440 subjects/);
  await linked.context().close();
});
