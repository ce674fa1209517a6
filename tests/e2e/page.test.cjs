// End to end: serve www/ on localhost, open the page in Debian's headless Chromium (through
// playwright-core, no browser download), and check what a user sees. Run by scripts/test.
const { test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { serveWww, launch, pageFormat, showData, showOptions } = require("./support.cjs");

const root = path.resolve(__dirname, "../..");
const expected = JSON.parse(fs.readFileSync(path.join(root, "tests/fixtures/example.json"), "utf8"));
let server, browser, base;
const requests = [];
const consoleErrors = [];

before(async () => {
  server = await serveWww();
  base = server.base;
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
  await page.goto(base);
  await page.waitForSelector("body[data-ready=true]", { timeout: 60000 });
  return page;
}

/** The page's number formats (www/js/format.js), to find R's values as the page shows them. */
let fmtP, fmtNum;
before(async () => ({ pval: fmtP, num: fmtNum } = await pageFormat()));

test("the example is analysed on load: verdict and R's numbers appear", async () => {
  const page = await openPage();
  const verdict = await page.textContent('[data-testid="verdict"]');
  assert.match(verdict, /co-primary endpoints not met/);
  // Plain words first, then each endpoint with its effect, interval, test and p-value.
  assert.match(verdict, /Lidocaine patch was not shown to work better than Placebo patch/);
  assert.match(verdict, /Pain AUC 4–24 h: mean [\d.]+ with Lidocaine patch vs [\d.]+ with Placebo patch; difference in means −?[\d.]+ \(95 % CI −?[\d.]+ to −?[\d.]+\); Welch t-test p = /);
  assert.match(verdict, /Rescue-medication use 4–24 h: [\d.]+ % with Lidocaine patch vs [\d.]+ % with Placebo patch used it; difference −?[\d.]+ percentage points/);
  assert.match(verdict, /intersection–union/);
  const stats = await page.textContent("#results-body");
  assert.ok(stats.includes(fmtP(expected.welch.p_value)), `Welch p ${fmtP(expected.welch.p_value)} shown`);
  assert.ok(stats.includes(fmtP(expected.fisher.p_value)), `Fisher p ${fmtP(expected.fisher.p_value)} shown`);
  assert.ok(stats.includes(`${expected.n_subjects} subjects`));
  assert.ok(/synthetic/i.test(await page.textContent("#example-note")));
  // The screenshots for the docs are taken on every run into target/screenshots/ (not tracked);
  // scripts/refresh-docs copies them to docs/ (the first screen: the next two tests).
  const shots = path.join(root, "target/screenshots");
  fs.mkdirSync(shots, { recursive: true });
  // The results from the verdict through the pain plots and tables (the top 2000 px).
  const box = await (await page.$("#results")).boundingBox();
  await page.screenshot({ path: path.join(shots, "results.png"), fullPage: true, clip: { x: box.x, y: box.y, width: box.width, height: Math.min(box.height, 2000) } });
  await page.close();
});

// Results first: after the example loads, the verdict with its numbers is on the first screen,
// above the folded data and options, on a laptop and on a phone. Screenshots for the docs.
for (const [width, height, shot] of [[1366, 768, "page.png"], [390, 844, "page-phone.png"]]) {
  test(`the example is analysed on load: at ${width}×${height} the verdict and its numbers are on the first screen`, async (t) => {
    const context = await browser.newContext({ viewport: { width, height } });
    const page = await context.newPage();
    page.on("request", (r) => requests.push(r.url()));
    page.on("pageerror", (e) => consoleErrors.push(String(e)));
    await page.goto(base);
    await page.waitForSelector("body[data-ready=true]", { timeout: 60000 });
    const seen = await page.evaluate(() => {
      const v = document.querySelector('[data-testid="verdict"]');
      // Every piece of the verdict's text that holds a number (the framework's reference line,
      // class "hint", excepted), and the heading: where it ends on the screen.
      const walker = document.createTreeWalker(v, NodeFilter.SHOW_TEXT);
      const parts = [];
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        if (!/\d/.test(n.textContent) || n.parentElement.closest(".hint")) continue;
        const range = document.createRange();
        range.selectNodeContents(n);
        parts.push({ text: n.textContent, bottom: range.getBoundingClientRect().bottom });
      }
      const box = v.getBoundingClientRect(), h = v.querySelector("h3").getBoundingClientRect();
      return { parts, top: box.top, bottom: box.bottom, heading: h.bottom, scrollY, innerHeight, innerWidth, pageWidth: document.documentElement.scrollWidth,
        folded: [document.querySelector("#data-box").open, document.querySelector("#options-box").open] };
    });
    t.diagnostic(`verdict at ${width}×${height}: top ${Math.round(seen.top)} px, numbers end at ${Math.round(Math.max(...seen.parts.map((p) => p.bottom)))} px, box ends at ${Math.round(seen.bottom)} px`);
    assert.equal(seen.scrollY, 0);
    assert.deepEqual(seen.folded, [false, false], "data and options folded");
    assert.ok(seen.top >= 0 && seen.heading <= seen.innerHeight, `verdict heading on the first screen: ${JSON.stringify(seen)}`);
    const text = seen.parts.map((p) => p.text).join(" ");
    // The verdict's p-values (as the verdict words them) are among those numbers.
    const shown = (text.replace(/\u2212/g, "-").match(/-?\d+(\.\d+)?/g) || []).map(Number);
    for (const p of [expected.welch.p_value, expected.fisher.p_value]) assert.ok(shown.some((x) => Math.abs(x - p) < 6e-4), `p = ${p} in ${text}`);
    for (const p of seen.parts) assert.ok(p.bottom <= seen.innerHeight, `“${p.text}” ends at ${p.bottom} px, below the first ${seen.innerHeight} px`);
    assert.ok(seen.pageWidth <= seen.innerWidth, `no sideways scrolling: the page is ${seen.pageWidth} px wide`);
    // The folded boxes say what was analysed, and how to open them.
    assert.match(await page.textContent("#data-box > summary"), /built-in synthetic example.*Your data: paste or drop tables/s);
    assert.match(await page.textContent("#options-box > summary"), /all 440 subjects · window 4–24 h · Pain AUC by Welch t-test/);
    const shots = path.join(root, "target/screenshots");
    fs.mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: path.join(shots, shot) });
    await context.close();
  });
}

test("the results' contents link every section; sections open and close and stay so when the report is drawn again", async () => {
  const page = await openPage();
  const ids = await page.$$eval("#results-body > [id]:not(#results-contents)", (xs) => xs.filter((x) => x.matches("details, .verdict, .warnings, .data-notes")).map((x) => `#${x.id}`));
  const links = await page.$$eval("#results-contents a", (as) => as.map((a) => a.getAttribute("href")));
  assert.deepEqual(links, ids);
  for (const id of ["#r-pain", "#r-rescue", "#r-models", "#r-time-to-rescue", "#r-methods", "#r-subjects"]) assert.ok(links.includes(id), id);
  // A link opens a closed section and goes there, without touching the URL (it holds the options).
  const url = page.url();
  await page.click("#r-pain > summary");
  assert.equal(await page.$eval("#r-pain", (d) => d.open), false);
  await page.click('#results-contents a[href="#r-pain"]');
  assert.equal(await page.$eval("#r-pain", (d) => d.open), true);
  assert.equal(await page.evaluate(() => document.activeElement.matches("#r-pain > summary")), true);
  assert.equal(page.url(), url);
  // Far down the page, a floating link leads back to the contents.
  await page.evaluate(() => scrollTo(0, document.documentElement.scrollHeight));
  await page.waitForSelector(".to-contents:visible");
  await page.click(".to-contents");
  const top = await page.$eval("#results-contents", (n) => n.getBoundingClientRect().top);
  assert.ok(top >= -1 && top < 100, `contents at ${top}`); // subpixel rounding of the scroll
  // Closed and opened sections keep their state when an option change draws the report again.
  await page.click("#r-time-to-rescue > summary");
  await page.click("#r-coefficients > summary");
  await page.click("#r-subjects > summary");
  await showOptions(page);
  await page.fill("#o-alpha", "0.025");
  await page.dispatchEvent("#o-alpha", "change");
  await page.waitForFunction(() => /α = 0\.025/.test(document.querySelector('[data-testid="verdict"]').textContent));
  const open = await page.$$eval("#results-body details[id]", (ds) => Object.fromEntries(ds.map((d) => [d.id, d.open])));
  assert.equal(open["r-time-to-rescue"], false);
  assert.equal(open["r-coefficients"], true);
  assert.equal(open["r-subjects"], true);
  assert.equal(open["r-pain"], true);
  await page.waitForSelector("#r-subjects table.per-subject");
  // "Close all" and "Open all sections".
  await page.click("#results-contents button >> text=Close all");
  assert.deepEqual(await page.$$eval("#results-body details.result-section", (ds) => ds.filter((d) => d.open).length), 0);
  await page.click("#results-contents button >> text=Open all sections");
  assert.deepEqual(await page.$$eval("#results-body details.result-section", (ds) => ds.filter((d) => !d.open).length), 0);
  await page.close();
});

test("screen readers: each table's buttons and each upload name their table; only the status line is live", async () => {
  const page = await openPage();
  const boxes = await page.$$eval("#results-body .table-box", (bs) => bs.map((b) => ({
    caption: b.querySelector("caption").textContent.replace(/\s+/g, " ").trim(),
    names: [...b.querySelectorAll(".table-tools button")].map((x) => x.getAttribute("aria-label")),
  })));
  assert.ok(boxes.length >= 10);
  for (const b of boxes) assert.deepEqual(b.names, [`Copy table: ${b.caption}`, `CSV: ${b.caption}`]);
  // As the browser's accessibility tree names them.
  assert.equal(await page.getByRole("button", { name: "CSV: Pain AUC 4–24 h by arm", exact: true }).count(), 1);
  assert.equal(await page.getByRole("button", { name: "Copy table: Number at risk (survival without rescue)", exact: true }).count(), 1);
  for (const t of ["subjects", "pain", "rescue"]) {
    assert.equal(await page.getByLabel(`Upload file for the ${t} table`, { exact: true }).getAttribute("data-for"), `t-${t}`);
  }
  const live = () => page.$$eval("[aria-live], [role=alert], [role=status], [role=log], [role=marquee], [role=timer], output", (xs) => xs.map((x) => x.id || x.outerHTML.slice(0, 80)));
  // The page's status line, and each tool under "From this trial to the next" its own (they run
  // on their own buttons, for seconds, and say when they are done).
  assert.deepEqual(await live(), ["status", "resampling-status", "trials-status", "planning-status"]);
  // An error is said in the status line, and shown beside its table (not a live region).
  await showData(page);
  await page.fill("#t-pain", "USUBJID,ATPTN,AVAL\nS1,4,3\nS1,banana,2\n");
  await page.click("#analyse");
  await page.waitForSelector('.table-input[data-table="pain"] .table-errors p');
  assert.match(await page.textContent("#status"), /^Not analysed: the data have \d+ problem\(s\); see the messages under the tables\./);
  // The page's status line, and each tool under "From this trial to the next" its own (they run
  // on their own buttons, for seconds, and say when they are done).
  assert.deepEqual(await live(), ["status", "resampling-status", "trials-status", "planning-status"]);
  await page.close();
});

test("a bad pasted table shows an error naming table, line and column, and keeps the input", async () => {
  const page = await openPage();
  const bad = "USUBJID,ATPTN,AVAL\nS1,4,3\nS1,banana,2\n";
  await showData(page);
  await page.fill("#t-pain", bad);
  await page.click("#analyse");
  await page.waitForSelector('.table-input[data-table="pain"] .table-errors p');
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
  await showOptions(page);
  await page.fill("#o-start", "0");
  await page.dispatchEvent("#o-start", "change");
  await page.waitForFunction(() => [...document.querySelectorAll("caption")].some((c) => c.textContent.includes("0–24 h")));
  assert.notEqual(await page.textContent("#results-body"), before);
  await page.close();
});

test("unrecognised column names can be assigned to roles on the page", async () => {
  const page = await openPage();
  const pain = fs.readFileSync(path.join(root, "www/example/pain.csv"), "utf8").replace("USUBJID,ATPTN,AVAL", "USUBJID,Stunde,Schmerz");
  // Set the value as a paste would (fill() types 75 kB too slowly).
  await page.$eval("#t-pain", (ta, v) => { ta.value = v; }, pain);
  await page.click("#analyse");
  await page.waitForSelector('.table-input[data-table="pain"] .table-errors p');
  assert.match(await page.textContent('.table-input[data-table="pain"] .table-errors'), /time|score/i);
  await page.selectOption('select[data-table="pain"][data-role="time"]', "Stunde");
  await page.waitForSelector('select[data-table="pain"][data-role="score"]');
  await page.selectOption('select[data-table="pain"][data-role="score"]', "Schmerz");
  await page.waitForFunction(() => document.querySelector("#status").textContent.startsWith("Analysed"));
  assert.match(await page.textContent('[data-testid="verdict"]'), /co-primary endpoints not met/);
  await page.close();
});

const integration = JSON.parse(fs.readFileSync(path.join(root, "tests/fixtures/integration.json"), "utf8"));

/** The text of the first table whose caption contains `part`. */
async function tableText(page, part) {
  return page.evaluate((part) => {
    const t = [...document.querySelectorAll("#results-body table")].find((x) => x.caption && x.caption.textContent.includes(part));
    return t ? t.caption.textContent + "\n" + [...t.rows].map((r) => [...r.cells].map((c) => c.textContent).join(" | ")).join("\n") : null;
  }, part);
}
const analysed = (page) => page.waitForFunction(() => document.querySelector("#status").textContent.startsWith("Analysed"));

test("subgroups, moderator, strata, time to rescue and intervals on the example equal R's", async () => {
  const page = await openPage();
  const ex = integration.example;
  // The example preselects ANESTH (subgroup), LIDOVOL (moderator) and SITEID (stratum); the R
  // reference also adjusts the ANCOVA for ANESTH and LIDOVOL.
  assert.equal(await page.isChecked('#covariate-grid input[data-column="ANESTH"][data-use="subgroups"]'), true);
  assert.equal(await page.isChecked('#covariate-grid input[data-column="SITEID"][name="stratum"]'), true);
  await showOptions(page);
  await page.click('#more-model > summary');
  for (const c of ex.options.model.covariates) {
    await page.check(`#covariate-grid input[data-column="${c}"][data-use="covariates"]`);
    await analysed(page);
  }
  await page.waitForFunction(() => document.querySelector("#results-body").textContent.includes("baseline pain + ANESTH + LIDOVOL"));
  const ancova = await tableText(page, "ANCOVA of");
  assert.ok(ancova.includes(`${fmtNum(ex.ancova.estimate)} | ${fmtNum(ex.ancova.conf_int[0])} to ${fmtNum(ex.ancova.conf_int[1])}`), ancova);
  assert.ok(ancova.includes(fmtP(ex.ancova.p_value)), ancova);
  const ls = await tableText(page, "LS-means");
  for (const m of ex.ancova.ls_means) assert.ok(ls.includes(`${m.arm} | `) && ls.includes(`${fmtNum(m.estimate)} | ${fmtNum(m.std_err)}`), ls);
  const sub = await tableText(page, "Treatment × ANESTH");
  assert.ok(sub.includes(`F = ${fmtNum(ex.subgroup.statistic)} on 1 and ${ex.subgroup.df2} df, p = ${fmtP(ex.subgroup.p_value)}`), sub);
  assert.match(sub, /ANESTH = general/);
  assert.match(sub, /ANESTH = spinal/);
  const mod = await tableText(page, "Treatment × LIDOVOL");
  assert.ok(mod.includes(`F = ${fmtNum(ex.moderator.statistic)} on 1 and ${ex.moderator.df2} df, p = ${fmtP(ex.moderator.p_value)}`), mod);
  assert.match(mod, /LIDOVOL = 20\.00 \(requested\)/);
  const rescue = await tableText(page, "Rescue medication 4–24 h: ");
  assert.ok(rescue.includes(`CMH by SITEID (Mantel-Haenszel odds ratio) | ${fmtNum(ex.cmh.odds_ratio)} | ${fmtNum(ex.cmh.conf_int[0])} to ${fmtNum(ex.cmh.conf_int[1])} | χ² = ${fmtNum(ex.cmh.statistic)}`), rescue);
  assert.ok(rescue.includes(fmtP(ex.cmh.p_value)));
  const km = await tableText(page, "Kaplan-Meier estimates");
  ex.km_arms.forEach((arm, i) => {
    const m = ex.km_median[i];
    const want = `${fmtNum(m.time, 2)} (${fmtNum(m.lower, 2)} to ${m.upper === null ? "not reached" : fmtNum(m.upper, 2)})`;
    assert.ok(km.includes(`${arm} | `) && km.includes(want), `${arm} median ${want} in\n${km}`);
  });
  const tests = await tableText(page, "Time to first rescue: tests");
  assert.ok(tests.includes(`χ² = ${fmtNum(ex.log_rank.statistic)}, df = 1`) && tests.includes(fmtP(ex.log_rank.p_value)), tests);
  assert.ok(tests.includes(`${fmtNum(ex.cox.hazard_ratio)} | ${fmtNum(ex.cox.lower)} to ${fmtNum(ex.cox.upper)}`) && tests.includes(fmtP(ex.cox.p_value)), tests);
  const iv = (await tableText(page, "per interval")).split("\n");
  ex.intervals.forEach((want, i) => {
    const cells = iv[i + 2].split(" | ");
    assert.equal(cells[1], `${want.events_active}/219`);
    assert.equal(cells[2], `${want.events_reference}/221`);
    assert.deepEqual(cells.slice(4), [want.p_value, want.p_bonferroni, want.p_holm, want.p_hochberg, want.p_bh].map(fmtP), iv[i + 2]);
  });
  await page.close();
});

test("a post-rescue rule flags imputed values per subject and becomes the main analysis of the sensitivity table", async () => {
  const page = await openPage();
  const sens = (await tableText(page, "Sensitivity:")).split("\n");
  const wlocf = sens.find((r) => r.startsWith("wLOCF, 6 h"));
  assert.match(wlocf, /^wLOCF, 6 h after each rescue \| hypothetical \| /, "the rule names its ICH E9(R1) strategy");
  assert.ok(wlocf, sens.join("\n"));
  assert.match(await page.textContent("summary >> text=Per-subject endpoints"), /0 with imputed values/);
  await showOptions(page);
  await page.click('#more-imputation > summary');
  await page.selectOption("#o-postrescue", "wLocf");
  await page.waitForFunction(() => document.querySelector("#results-body").textContent.includes("replaced by LOCF"));
  const main = await tableText(page, "Pain AUC 4–24 h: Lidocaine patch − Placebo patch");
  const welchP = wlocf.split(" | ")[5];
  assert.ok(main.split("\n")[2].endsWith(`| ${welchP}`), `main Welch p ${welchP}:\n${main}`);
  const sens2 = await tableText(page, "Sensitivity:");
  assert.match(sens2, /wLOCF, 6 h after each rescue \(main analysis\)/);
  const summary = await page.textContent("summary >> text=Per-subject endpoints");
  const nImp = Number(summary.match(/(\d+) with imputed values/)[1]);
  assert.ok(nImp > 0, summary);
  await page.click("summary >> text=Per-subject endpoints");
  // The table is built when the section opens.
  await page.waitForSelector(".per-subject .imputed");
  const flags = await page.$$eval(".per-subject .imputed", (xs) => xs.map((x) => x.textContent));
  assert.equal(flags.length, nImp);
  assert.match(flags[0], /\d h: [\d.]+, LOCF after rescue at [\d.]+ h/);
  await page.close();
});

test("the three-arm example shows the global tests and adjusted p-values of R", async () => {
  const page = await openPage();
  await showData(page);
  await page.click("#load-three-arm");
  await page.waitForFunction(() => document.querySelector("#results-body").textContent.includes("Several arms (3)"));
  // Each arm's verdict is decided on the Holm-adjusted p-values, and says so.
  const verdicts = await page.$$eval('[data-testid="verdict"]', (vs) => vs.map((v) => v.textContent));
  assert.equal(verdicts.length, 2);
  for (const v of verdicts) {
    assert.match(v, /Holm-adjusted p = /);
    assert.match(v, /With several active arms: Holm over the 2 active arms, per endpoint/);
  }
  const t = integration.three_arm;
  const global = await tableText(page, "Global tests across all 3 arms");
  assert.ok(global.includes(`Kruskal-Wallis | – | – | χ² = ${fmtNum(t.kruskal.statistic)}, df = 2 | ${fmtP(t.kruskal.p_value)}`), global);
  assert.ok(global.includes(`F = ${fmtNum(t.anova.statistic)} on 2 and 147 df | ${fmtP(t.anova.p_value)}`), global);
  assert.ok(global.includes(`F = ${fmtNum(t.welch.statistic)} on 2 and ${fmtNum(t.welch.df2, 1)} df | ${fmtP(t.welch.p_value)}`), global);
  assert.ok(global.includes(`χ² = ${fmtNum(t.rescue_chisq.statistic)}, df = 2 | ${fmtP(t.rescue_chisq.p_value)}`), global);
  const adj = (await tableText(page, "adjusted over 2 comparisons")).split("\n");
  for (const a of t.adjusted) {
    const row = adj.find((r) => r.startsWith(`${a.active} |`)).split(" | ");
    assert.deepEqual([row[2], row[3], row[5], row[6]], [a.pain_bonferroni, a.pain_holm, a.rescue_bonferroni, a.rescue_holm].map(fmtP), row.join(" | "));
  }
  assert.equal(await page.$$eval('[data-testid="verdict"]', (v) => v.length), 2);
  assert.match(await page.textContent("#example-note"), /synthetic three-arm/);
  await page.close();
});

test("the MME table is editable and its name is shown with the results; a bad option is reported and the input kept", async () => {
  const page = await openPage();
  await showOptions(page);
  await page.click('#more-rescue > summary');
  await page.fill("#o-mmeversion", "Site table v2");
  await page.dispatchEvent("#o-mmeversion", "change");
  await page.waitForFunction(() => document.querySelector("#results-body").textContent.includes("Morphine equivalents: Site table v2"));
  const before = await page.textContent("#results-body");
  await page.fill('#mme-table input[aria-label="MME table row 7: MME per mg"]', "-1");
  await page.dispatchEvent('#mme-table input[aria-label="MME table row 7: MME per mg"]', "change");
  await page.waitForSelector("#options-error:not([hidden])");
  assert.match(await page.textContent("#options-error"), /MME table, row 7 \(oxycodone\): the factor must be a number ≥ 0/);
  assert.equal(await page.inputValue('#mme-table input[aria-label="MME table row 7: MME per mg"]'), "-1");
  await page.click("#mme-reset");
  await analysed(page);
  await page.fill("#o-cuts", "0, 4, eight");
  await page.dispatchEvent("#o-cuts", "change");
  await page.waitForSelector("#options-error:not([hidden])");
  assert.match(await page.textContent("#options-error"), /Interval cut points: “0, 4, eight” is not a list of numbers/);
  assert.equal(await page.inputValue("#o-cuts"), "0, 4, eight");
  assert.ok(before.length > 0);
  await page.close();
});

/** Clicks `selector` and returns the downloaded file's name and bytes. */
async function downloadOf(page, selector) {
  const [dl] = await Promise.all([page.waitForEvent("download"), page.click(selector)]);
  const file = await dl.path();
  return { name: dl.suggestedFilename(), bytes: fs.readFileSync(file) };
}

test("plots are drawn and download as SVG and PNG; tables copy as HTML and download as CSV; the report downloads as JSON", async () => {
  const page = await openPage();
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: base });
  const plots = await page.$$eval("figure.plot", (fs) => fs.map((f) => ({ name: f.dataset.plot, shapes: f.querySelectorAll("svg path, svg polyline, svg circle, svg rect, svg line").length, label: f.querySelector("svg").getAttribute("aria-label") })));
  assert.deepEqual(plots.map((p) => p.name), ["mean-pain-over-time", "endpoint-by-arm", "subgroups-forest", "effect-across-lidovol", "rescue-subgroups-forest", "rescue-effect-across-lidovol", "time-to-first-rescue"]);
  for (const p of plots) assert.ok(p.shapes > 5 && p.label, JSON.stringify(p));
  // The KM plot has one step curve per arm and the numbers at risk of the report.
  const km = await page.$eval('figure[data-plot="time-to-first-rescue"] svg', (svg) => ({ paths: svg.querySelectorAll("path").length, text: svg.textContent }));
  assert.equal(km.paths, 2);
  assert.match(km.text, /Number at risk/);
  // The forest plot carries the interaction p-value shown in the table.
  const ex = integration.example;
  assert.match(await page.textContent('figure[data-plot="subgroups-forest"] svg'), /ANESTH: interaction p = 0\.1\d\d/);

  const svg = await downloadOf(page, 'figure[data-plot="mean-pain-over-time"] button[data-download="svg"]');
  assert.equal(svg.name, "mean-pain-over-time.svg");
  assert.match(svg.bytes.toString("utf8"), /^<\?xml[^>]*>\s*<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  const png = await downloadOf(page, 'figure[data-plot="time-to-first-rescue"] button[data-download="png"]');
  assert.equal(png.name, "time-to-first-rescue.png");
  assert.deepEqual([...png.bytes.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10]);
  assert.equal(png.bytes.readUInt32BE(16), 2 * 680, "PNG at twice the SVG width");

  // A table's CSV holds its values (every CSV is read back in the next test).
  const csv = await downloadOf(page, "button[data-export=csv][aria-label=\"CSV: Pain AUC 4–24 h by arm\"]");
  assert.equal(csv.name, "pain-auc-4-24-h-by-arm.csv");
  const lines = csv.bytes.toString("utf8").split("\r\n");
  assert.equal(lines[0], "\ufeffarm,n,mean,sd,median,q1,q3");
  assert.match(lines[1], /^Lidocaine patch,219,\d+\.\d{4,},\d+\.\d{4,},\d+(\.\d+)?,/);

  const subjText = (await downloadOf(page, "button[data-export=subjects-csv]")).bytes.toString("utf8");
  assert.ok(subjText.startsWith("\ufeffsubject,arm,baseline,auc,twa,spid,"), subjText.slice(0, 60));
  const subj = subjText.trim().split("\r\n");
  assert.equal(subj.length, 1 + expected.n_subjects);
  const json = JSON.parse((await downloadOf(page, "button[data-export=json]")).bytes.toString("utf8"));
  assert.ok(Math.abs(json.comparisons[0].pain.welch.pValue / expected.welch.p_value - 1) < 1e-9);
  assert.equal(json.subjects.length, expected.n_subjects);

  const methods = await page.textContent('[data-testid="methods"]');
  assert.match(methods, /analysis window was 4–24 h/);
  assert.match(methods, /R: t\.test\(x, y\)/);
  assert.match(methods, /subgroup|ANESTH/);
  await page.click("button[data-export=methods]");
  await page.waitForFunction(() => document.querySelector("button[data-export=methods]").textContent === "Copied");
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), (await page.$$eval('[data-testid="methods"] p', (ps) => ps.map((p) => p.textContent))).join("\n\n"));

  const copyArms = ".table-tools:has(+ .table-scroll table.arms) button[data-export=copy]";
  await page.click(copyArms);
  await page.waitForFunction((sel) => document.querySelector(sel).textContent !== "Copy table", copyArms);
  assert.equal(await page.textContent(copyArms), "Copied");
  const html = await page.evaluate(async () => {
    const items = await navigator.clipboard.read();
    return (await items[0].getType("text/html")).text();
  });
  assert.match(html, /<table[^>]*border="1"[^>]*>.*<caption>.*Pain AUC 4–24 h by arm.*<\/caption>/s);
  assert.ok(ex);
  await page.close();
});

/** RFC 4180 CSV text (CRLF line ends only) → rows of cells. */
function parseCsv(text) {
  const rows = [];
  let row = [], cell = "", quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c !== '"') cell += c;
      else if (text[i + 1] === '"') { cell += '"'; i++; } else quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === ",") { row.push(cell); cell = ""; }
    else if (c === "\r" && text[i + 1] === "\n") { row.push(cell); rows.push(row); row = []; cell = ""; i++; }
    else if (c === "\n" || c === "\r") throw new Error(`a line end other than CRLF at ${i}`);
    else cell += c;
  }
  assert.equal(cell + row.join(""), "", "the file ends with CRLF");
  return rows;
}

test("every table's CSV is machine-readable and reads back as the report's numbers", async () => {
  const page = await openPage();
  // The report as the page exports it: JSON keeps each number as its shortest round-trip text.
  const report = JSON.parse((await downloadOf(page, "button[data-export=json]")).bytes.toString("utf8"));
  const numbers = new Set();
  (function walk(v) {
    if (typeof v === "number") numbers.add(String(v));
    else if (v && typeof v === "object") for (const x of Object.values(v)) walk(x);
  })(report);
  // Every table shown, the folded ones (model coefficients, every interval for two
  // proportions) included.
  await page.$$eval("details.coefficients", (ds) => ds.forEach((d) => { d.open = true; }));
  const captions = await page.$$eval("#results-body table:not(.per-subject)", (ts) => ts.map((t) => t.caption.textContent));
  const buttons = await page.$$(".table-tools button[data-export=csv]");
  assert.equal(buttons.length, captions.length, "a CSV button per table");
  assert.ok(buttons.length >= 15, `${buttons.length} tables`);
  const isNumber = /^-?(\d+(\.\d*)?|\.\d+)(e[-+]?\d+)?$/i;
  /** caption → rows as objects keyed by the header's names */
  const csvs = new Map();
  let checked = 0;
  for (const [i, b] of buttons.entries()) {
    // Chromium drops downloads that come in a quick burst (the eleventh within a second or so).
    await new Promise((r) => setTimeout(r, 200));
    const [dl] = await Promise.all([page.waitForEvent("download"), b.click()]);
    const bytes = fs.readFileSync(await dl.path());
    const where = `${dl.suggestedFilename()} (${captions[i]})`;
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], `${where}: UTF-8 byte-order mark`);
    const text = bytes.toString("utf8").slice(1);
    assert.doesNotMatch(text, /[\u2212\u2013]/, `${where}: ASCII minus signs only`);
    const [head, ...rows] = parseCsv(text);
    for (const h of head) assert.match(h, /^[a-z][a-z0-9_]*$/, `${where}: plain column names`);
    assert.equal(new Set(head).size, head.length, `${where}: distinct column names`);
    assert.ok(rows.length > 0, `${where}: rows`);
    for (const r of rows) {
      assert.equal(r.length, head.length, `${where}: a cell per column`);
      for (const cell of r) {
        assert.ok(cell !== "–" && cell !== "not reached", `${where}: "${cell}" is an empty cell in a CSV`);
        if (!isNumber.test(cell)) continue;
        // Written at full precision (the shortest text of the double) and one of the report's numbers.
        assert.equal(String(Number(cell)), cell, `${where}: ${cell} as written by String()`);
        assert.ok(numbers.has(cell), `${where}: ${cell} is not a number of the report`);
        checked++;
      }
    }
    csvs.set(captions[i], rows.map((r) => Object.fromEntries(head.map((h, k) => [h, r[k]]))));
  }
  assert.ok(checked > 600, `${checked} numbers read back`);
  // A few rows value by value, against the report's fields.
  const c = report.comparisons[0];
  const of = (part) => {
    const found = [...csvs].find(([cap]) => cap.includes(part));
    assert.ok(found, `a table “${part}” among ${[...csvs.keys()].join(" | ")}`);
    return found[1];
  };
  const row = (part, key, value) => of(part).find((r) => r[key] === value);
  const same = (r, fields) => { for (const [k, v] of Object.entries(fields)) assert.equal(r[k] === "" ? null : Number(r[k]), v, `${k} of ${JSON.stringify(r)}`); };
  const w = c.pain.welch;
  same(row("Pain AUC 4–24 h: Lidocaine patch − Placebo patch", "analysis", "Welch t-test (mean difference)"),
    { estimate: w.estimate, lower: w.confInt[0], upper: w.confInt[1], statistic: w.statistic, df: w.df, p: w.pValue });
  same(row("Pain AUC 4–24 h by arm", "arm", "Placebo patch"), { n: c.pain.reference.n, mean: c.pain.reference.mean, sd: c.pain.reference.sd, median: c.pain.reference.median, q1: c.pain.reference.q1, q3: c.pain.reference.q3 });
  const f = c.rescue.any.fisher;
  same(row("Rescue medication 4–24 h: Lidocaine patch vs Placebo patch", "analysis", "Rescue use: Fisher's exact test (conditional MLE odds ratio)"),
    { estimate: f.oddsRatio, lower: f.confInt[0], upper: f.confInt[1], p: f.pValue });
  of("rescue per interval").forEach((r, k) => same(r, { from: c.intervals[k].from, to: c.intervals[k].to, p: c.intervals[k].comparison.fisher.pValue, p_holm: c.intervals[k].pHolm, p_bh: c.intervals[k].pBh }));
  const cox = report.timeToRescue.cox.coefficients.find((x) => x.group !== null);
  same(of("Time to first rescue: tests").find((r) => r.analysis.startsWith("Cox hazard ratio")), { estimate: cox.hazardRatio, lower: cox.lower, upper: cox.upper, statistic: cox.z, p: cox.pValue });
  const km = report.timeToRescue.kaplanMeier.groups;
  assert.deepEqual(of("Number at risk").map((r) => [r.arm, Number(r.time), Number(r.n_risk), Number(r.survival)]),
    km.flatMap((g, k) => g.atTimes.map((a) => [report.arms[k].name, a.time, a.nRisk, a.surv])));
  const sg = report.models.subgroups[0];
  same(row("Treatment × ANESTH", "analysis", "Treatment × ANESTH interaction"), { statistic: sg.interaction.statistic, df: sg.interaction.df1, df2: sg.interaction.df2, p: sg.interaction.pValue });
  await page.close();
});

test("options round-trip through the URL, without any data in it", async () => {
  const page = await openPage();
  // The form's defaults come from defaultOptions(): on load the fragment holds the example's
  // presets (column uses, moderator values) and no other option.
  const keys = [...new URLSearchParams(new URL(page.url()).hash.slice(1)).keys()];
  assert.deepEqual(keys.filter((k) => !["modvalues", "covariates", "factors", "subgroups", "moderators", "stratum"].includes(k)), [], page.url());
  await showOptions(page);
  await page.click("#more-imputation > summary");
  await page.selectOption("#o-postrescue", "wWocf");
  await page.waitForFunction(() => location.hash.includes("postrescue=wWocf"));
  await page.fill("#o-alpha", "0.025");
  await page.dispatchEvent("#o-alpha", "change");
  await page.waitForFunction(() => location.hash.includes("alpha=0.025"));
  const url = page.url();
  assert.doesNotMatch(decodeURIComponent(url), /LP3-|USUBJID|paracetamol/, "no data in the URL");
  const again = await (await browser.newContext()).newPage();
  again.on("request", (r) => requests.push(r.url()));
  again.on("pageerror", (e) => consoleErrors.push(String(e)));
  await again.goto(url);
  await again.waitForSelector("body[data-ready=true]", { timeout: 60000 });
  assert.equal(await again.inputValue("#o-alpha"), "0.025");
  assert.equal(await again.inputValue("#o-postrescue"), "wWocf");
  assert.match(await again.textContent('[data-testid="verdict"]'), /α = 0\.025/);
  assert.match(await tableText(again, "Sensitivity:"), /wWOCF, 6 h after each rescue \(main analysis\)/);
  assert.equal(await again.isChecked('#covariate-grid input[data-column="ANESTH"][data-use="subgroups"]'), true);
  await again.close();
  await page.close();
});

test("print shows the results only, sections open, as a PDF", async () => {
  const page = await openPage();
  await page.click("details.result-section > summary");
  assert.equal(await page.$eval("details.result-section", (d) => d.open), false);
  await page.evaluate(() => dispatchEvent(new Event("beforeprint")));
  assert.equal(await page.$eval("details.result-section", (d) => d.open), true, "opened for printing");
  await page.emulateMedia({ media: "print" });
  const shown = await page.evaluate(() => ["#inputs", "#options", ".report-tools", ".table-tools", "#results", "figure.plot"].map((q) => getComputedStyle(document.querySelector(q)).display));
  assert.deepEqual(shown.slice(0, 4), ["none", "none", "none", "none"]);
  assert.notEqual(shown[4], "none");
  assert.notEqual(shown[5], "none");
  const pdf = await page.pdf({ format: "A4" });
  assert.equal(pdf.subarray(0, 5).toString(), "%PDF-");
  assert.ok(pdf.length > 50000, `PDF of ${pdf.length} bytes`);
  await page.evaluate(() => dispatchEvent(new Event("afterprint")));
  assert.equal(await page.$eval("details.result-section", (d) => d.open), false, "closed again after printing");
  await page.close();
});

test("every control has a label, and the options work from the keyboard alone", async () => {
  const page = await openPage();
  const unlabelled = await page.$$eval("input, select, textarea, button", (xs) => xs.filter((x) => {
    if (x.type === "hidden" || x.closest("[hidden]")) return false;
    const named = x.getAttribute("aria-label") || x.labels?.length || (x.tagName === "BUTTON" && x.textContent.trim());
    return !named;
  }).map((x) => x.outerHTML.slice(0, 120)));
  assert.deepEqual(unlabelled, []);
  // Tab to the folded options' summary line and open it with Enter; Tab to the "Scores after
  // rescue" section, open it with Enter, Tab to the rule, pick with the arrows.
  const tabTo = async (pred, max = 300) => {
    for (let i = 0; i < max; i++) {
      await page.keyboard.press("Tab");
      if (await page.evaluate(pred)) return;
    }
    throw new Error(`not reached by Tab: ${pred}`);
  };
  await tabTo(() => document.activeElement?.parentElement?.id === "options-box");
  await page.keyboard.press("Enter");
  await tabTo(() => document.activeElement?.parentElement?.id === "more-imputation");
  await page.keyboard.press("Enter");
  await tabTo(() => document.activeElement?.id === "o-postrescue");
  await page.keyboard.press("ArrowDown");
  await page.waitForFunction(() => document.querySelector("#results-body").textContent.includes("replaced by LOCF"));
  assert.equal(await page.inputValue("#o-postrescue"), "wLocf");
  await page.close();
});

test("after the page has loaded, analysing the example, a pasted table and an uploaded bad file makes no request at all", async () => {
  const page = await openPage();
  const after = [];
  page.on("request", (r) => after.push(r.url()));
  await showData(page);
  await page.click("#load-three-arm");
  await page.waitForFunction(() => document.querySelector("#status").textContent.startsWith("Analysed 150 subjects"));
  // An example loaded by its button folds the data box (its results are what the user asked for).
  await page.waitForFunction(() => !document.querySelector("#data-box").open);
  await showData(page);
  await page.click("#load-example");
  await page.waitForFunction(() => document.querySelector("#status").textContent.startsWith("Analysed 440 subjects"));
  await page.waitForFunction(() => !document.querySelector("#data-box").open);
  await showData(page);
  await page.fill("#t-subjects", "USUBJID,TRT01P,BASE\nA1,Placebo,6\nA2,Placebo,5\nA3,Active,6\nA4,Active,7\n");
  await page.fill("#t-pain", "USUBJID,ATPTN,AVAL\nA1,4,5\nA1,24,4\nA2,4,6\nA2,24,5\nA3,4,3\nA3,24,2\nA4,4,4\nA4,24,1\n");
  await page.fill("#t-rescue", "");
  await page.click("#analyse");
  await page.waitForFunction(() => document.querySelector("#status").textContent.startsWith("Analysed 4 subjects"));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ae-bad-"));
  const bad = path.join(tmp, "rescue.csv");
  fs.writeFileSync(bad, "USUBJID,RESCTIME,DRUG\nA1,soon,morphine\n");
  await page.setInputFiles('input[data-for="t-rescue"]', bad);
  await page.waitForSelector('.table-input[data-table="rescue"] .table-errors p');
  assert.match(await page.textContent('.table-input[data-table="rescue"] .table-errors'), /line 2.*RESCTIME/);
  assert.equal(await page.inputValue("#t-rescue"), "USUBJID,RESCTIME,DRUG\nA1,soon,morphine\n");
  assert.deepEqual(after.filter((u) => !u.startsWith("blob:") && !u.startsWith("data:")), []);
  await page.close();
});

test("the page made no request outside its own origin and logged no error", () => {
  assert.ok(requests.length > 0);
  // blob: and data: URLs are the page's own downloads and images, not connections.
  const foreign = requests.filter((u) => !u.startsWith(base) && !u.startsWith("blob:") && !u.startsWith("data:"));
  assert.deepEqual(foreign, []);
  assert.deepEqual(consoleErrors, []);
});
