// End to end: the figures of the page. On the example (and with very long arm names) no text is
// cut short ("…") or drawn outside its figure, forest-plot labels stay left of the intervals,
// every number at risk (and every count of subjects under the mean-pain plot) sits under a tick
// of the time axis, each figure's caption (on the page and inside the SVG) names the population
// and the analysis window, and columns are named by their labels: typed in the options, or read
// from a data file's variable labels (Dataset-JSON).
const { test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { root, serveWww, launch, showData, showOptions } = require("./support.cjs");

const W = 680;
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

async function setField(page, id, value) {
  await showOptions(page);
  await clearStatus(page);
  await page.fill(id, value);
  // Leaving the field fires one native change (a synthetic one would leave the field marked as
  // edited, and a later change would start a second analysis).
  await page.$eval(id, (x) => x.blur());
  await settled(page);
}

/**
 * Every figure: its name, caption, the SVG's texts with their boxes relative to the SVG (in
 * its own units), its ticks and counts, and the forest plot's label and interval extents.
 */
const figures = (page) => page.$$eval("figure.plot", (figs) => figs.map((f) => {
  const svg = f.querySelector("svg");
  const box = svg.getBoundingClientRect();
  const k = Number(svg.getAttribute("width")) / box.width;
  const rel = (e) => { const b = e.getBoundingClientRect(); return { left: (b.left - box.left) * k, right: (b.right - box.left) * k, top: (b.top - box.top) * k, bottom: (b.bottom - box.top) * k }; };
  return {
    name: f.dataset.plot,
    caption: f.querySelector("figcaption").textContent,
    svgCaption: [...svg.querySelectorAll("text.caption")].map((t) => t.textContent).join(" "),
    height: Number(svg.getAttribute("height")),
    texts: [...svg.querySelectorAll("text")].map((t) => ({ text: t.textContent, cls: t.getAttribute("class"), ...rel(t) })),
    ticks: [...svg.querySelectorAll("line.x-tick")].map((l) => Number(l.getAttribute("x1"))),
    tickLabels: [...svg.querySelectorAll("text.x-tick-label")].map((t) => t.textContent),
    counts: [...svg.querySelectorAll("text.count")].map((t) => ({ x: Number(t.getAttribute("x")), n: t.textContent })),
    cis: [...svg.querySelectorAll("line.ci")].map(rel),
  };
}));

/** Checks that hold for every figure of any data. */
function checkLayout(figs) {
  assert.ok(figs.length >= 3, `figures drawn: ${figs.map((f) => f.name)}`);
  for (const f of figs) {
    for (const t of f.texts) {
      assert.ok(!/…\s*$/.test(t.text), `${f.name}: a text is cut short: ${JSON.stringify(t.text)}`);
      // Inside the figure (half a pixel of rounding).
      assert.ok(t.left >= -0.5 && t.right <= W + 0.5 && t.top >= -0.5 && t.bottom <= f.height + 0.5,
        `${f.name}: ${JSON.stringify(t.text)} lies outside the figure (${t.left.toFixed(1)}–${t.right.toFixed(1)} × ${t.top.toFixed(1)}–${t.bottom.toFixed(1)})`);
    }
    // Numbers under the axis: each under a tick (within half a pixel).
    for (const c of f.counts) {
      assert.ok(f.ticks.some((x) => Math.abs(x - c.x) <= 0.5), `${f.name}: the count ${c.n} at x = ${c.x} is under no tick (${f.ticks.join(", ")})`);
    }
    // Forest plot: the row labels end left of every interval.
    const labels = f.texts.filter((t) => t.cls === "row-label");
    if (f.cis.length) {
      const plotLeft = Math.min(...f.cis.map((c) => c.left));
      for (const l of labels) assert.ok(l.right <= plotLeft + 0.5, `${f.name}: the label ${JSON.stringify(l.text)} reaches into the plot (${l.right.toFixed(1)} > ${plotLeft.toFixed(1)})`);
    }
  }
}

test("the example's figures: nothing cut, numbers at risk under their ticks, captions with population and window", async () => {
  const page = await openPage();
  const figs = await figures(page);
  assert.deepEqual(figs.map((f) => f.name), ["mean-pain-over-time", "endpoint-by-arm", "subgroups-forest", "effect-across-lidovol", "rescue-subgroups-forest", "rescue-effect-across-lidovol", "time-to-first-rescue"]);
  checkLayout(figs);
  const km = figs.find((f) => f.name === "time-to-first-rescue");
  // Two arms × at least four ticked times of the number-at-risk grid (0, 4, …, 20 h from 0 h).
  assert.ok(km.counts.length >= 8, JSON.stringify(km.counts));
  // The ticks are the grid's times 0, 4, 8, … h (a tick's label is its time).
  assert.deepEqual(km.tickLabels.slice(0, 3), ["0", "4", "8"]);
  assert.equal(km.ticks.length, km.tickLabels.length);
  const pain = figs.find((f) => f.name === "mean-pain-over-time");
  assert.ok(pain.counts.length >= 8, JSON.stringify(pain.counts));
  for (const f of figs) {
    for (const c of [f.caption, f.svgCaption]) {
      assert.match(c, /All subjects of the subjects table \(no population flag\), n = 440/, `${f.name}: ${c}`);
      assert.match(c, /analysis window 4–24 h/, `${f.name}: ${c}`);
      assert.match(c, /scores after rescue used as recorded \(treatment policy strategy\)/, `${f.name}: ${c}`);
    }
  }
  // Without labels, the forest plot names the column.
  assert.match(figs.find((f) => f.name === "subgroups-forest").texts.map((t) => t.text).join("\n"), /^ANESTH: interaction p = /m);
  // Rescue use: odds ratios on a log axis (ticks at ratios around 1), the same subgroup rows.
  const rf = figs.find((f) => f.name === "rescue-subgroups-forest");
  assert.match(rf.texts.map((t) => t.text).join("\n"), /^ANESTH: interaction p = /m);
  assert.ok(rf.cis.length >= 3, `overall and two levels: ${rf.cis.length}`);
  assert.match(rf.texts.map((t) => t.text).join("\n"), /^Odds ratio \(95 % CI\)$/m);
  assert.ok(rf.texts.some((t) => t.text === "1"), "the line of no effect at an odds ratio of 1 is ticked");
  await page.close();
});

test("labels typed in the options name the columns in the figures and the methods; a label for no column is refused", async () => {
  const page = await openPage();
  await showOptions(page);
  await page.click("#more-model > summary");
  await setField(page, "#o-labels", "ANESTH = Anesthesia (type of block); LIDOVOL = Lidocaine volume (mL)");
  assert.match(await page.textContent("#status"), /^Analysed/);
  const figs = await figures(page);
  checkLayout(figs);
  const text = (name) => figs.find((f) => f.name === name).texts.map((t) => t.text).join("\n");
  // A label may wrap over lines.
  const flat = (name) => figs.find((f) => f.name === name).texts.map((t) => t.text).join(" ");
  assert.match(flat("subgroups-forest"), /Anesthesia \(type of block\): interaction p = 0\.\d+/);
  assert.doesNotMatch(text("subgroups-forest"), /ANESTH/);
  assert.match(text("effect-across-lidovol"), /across Lidocaine volume \(mL\)/);
  assert.match(text("effect-across-lidovol"), /^Lidocaine volume \(mL\)$/m, "the moderator's axis");
  assert.match(await page.textContent('[data-testid="methods"]'), /Anesthesia \(type of block\) \(ANESTH\) was analysed as a subgroup/);
  // The labels are options: they go into the link.
  await page.waitForFunction(() => decodeURIComponent(location.hash).includes("labels=ANESTH"));
  // A label for a column the tables lack: an options error naming it; the input is kept.
  await setField(page, "#o-labels", "ANESTHESIA = Anesthesia");
  assert.match(await page.textContent("#options-error"), /input\.labels: "ANESTHESIA" is not a column/);
  assert.equal(await page.inputValue("#o-labels"), "ANESTHESIA = Anesthesia");
  await page.close();
});

test("very long arm names are drawn in full, wrapped, inside the figures", async () => {
  const page = await openPage();
  await page.waitForFunction(() => document.querySelector("#t-subjects").value.length > 0);
  const long = "Lidocaine 5 % medicated plaster (700 mg) applied along the incision at the end of surgery";
  const placebo = "Matching placebo plaster applied along the incision";
  const subjects = (await page.inputValue("#t-subjects")).replaceAll("Lidocaine patch", long).replaceAll("Placebo patch", placebo);
  await clearStatus(page);
  await showData(page);
  await page.fill("#t-subjects", subjects);
  await page.click("#analyse");
  await settled(page);
  assert.match(await page.textContent("#status"), /^Analysed/, await page.textContent("#results-body"));
  const figs = await figures(page);
  checkLayout(figs);
  for (const name of ["mean-pain-over-time", "endpoint-by-arm", "time-to-first-rescue"]) {
    const f = figs.find((x) => x.name === name);
    const words = f.texts.map((t) => t.text).join(" ").split(/\s+/);
    for (const arm of [long, placebo]) {
      // Every word of the name, in order (the name may wrap over lines).
      const want = arm.split(" ");
      const at = words.findIndex((w, i) => want.every((x, j) => words[i + j] === x || (j === want.length - 1 && words[i + j]?.startsWith(x))));
      assert.ok(at >= 0, `${name}: "${arm}" drawn in full`);
    }
  }
  // Under the axis, the names take their own lines above their numbers.
  const km = figs.find((x) => x.name === "time-to-first-rescue");
  assert.ok(km.texts.some((t) => t.cls === "count-name" && t.text === long), "the KM plot names the arm on one line of its own");
  await page.close();
});

test("a Dataset-JSON subjects table: its variable labels name the columns, and the caption names the full analysis set", async () => {
  const page = await openPage();
  await clearStatus(page);
  await showData(page);
  await page.setInputFiles('input[data-for="t-subjects"]', path.join(root, "tests/fixtures/adam/adsl.json"));
  await settled(page);
  assert.match(await page.textContent("#status"), /^Analysed/);
  assert.match(await page.textContent('.table-input[data-table="subjects"] .file-note'), /column label\(s\) name the columns in the figures/);
  assert.match(await page.textContent("#labels-auto"), /ANESTH = Anesthesia; .*LIDOVOL = Infiltrated Lidocaine Volume \(mL\)/);
  let figs = await figures(page);
  checkLayout(figs);
  const text = (name) => figs.find((f) => f.name === name).texts.map((t) => t.text).join("\n");
  assert.match(text("subgroups-forest"), /^Anesthesia: interaction p = /m);
  assert.match(text("effect-across-lidovol"), /Infiltrated Lidocaine Volume \(mL\)/);
  for (const f of figs) assert.match(f.caption, /Full analysis set \(FASFL = Y\), n = 440; analysis window 4–24 h/, f.name);
  // A typed label replaces the file's; "NAME =" goes back to the column name.
  await showOptions(page);
  await page.click("#more-model > summary");
  await setField(page, "#o-labels", "ANESTH = Type of anaesthesia; LIDOVOL =");
  figs = await figures(page);
  assert.match(text("subgroups-forest"), /^Type of anaesthesia: interaction p = /m);
  assert.match(text("effect-across-lidovol"), /across LIDOVOL \(interaction/);
  // The file's labels are not options: they stay out of the link.
  assert.doesNotMatch(decodeURIComponent(page.url()), /Infiltrated|Unique Subject/);
  await page.close();
});

test("the figures' page made no request outside its origin and logged no error", () => {
  const foreign = requests.filter((u) => !u.startsWith(server.base) && !u.startsWith("blob:") && !u.startsWith("data:"));
  assert.deepEqual(foreign, []);
  assert.deepEqual(consoleErrors, []);
  assert.ok(fs.existsSync(path.join(root, "www/pkg")));
});
