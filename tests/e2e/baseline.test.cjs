// End to end: the baseline characteristics table of the built-in example is the first table of
// the results, and shows R's numbers (tests/fixtures/baseline.json, written by
// tests/fixtures/r/baseline.R) as the page formats them. The example preselects SITEID as the
// stratum, so SITEID is tabulated by level, as in the fixture's example case.
const { test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { root, serveWww, launch, pageFormat } = require("./support.cjs");

const fixture = JSON.parse(fs.readFileSync(path.join(root, "tests/fixtures/baseline.json"), "utf8"));
const example = fixture.cases.find((c) => c.name === "example");
let server, browser, fmt;

before(async () => {
  server = await serveWww();
  browser = await launch();
  fmt = await pageFormat();
});

after(async () => {
  if (browser) await browser.close();
  if (server) server.stop();
});

test("the baseline table of the example renders first, with R's numbers", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(server.base);
  await page.waitForSelector("body[data-ready=true]", { timeout: 60000 });
  await page.waitForSelector("#results-body table.baseline");

  // The first results section and the first table of the results.
  const first = await page.evaluate(() => ({
    section: document.querySelector("#results-body details.result-section summary").textContent,
    table: document.querySelector("#results-body table").className,
  }));
  assert.equal(first.section, "Baseline characteristics");
  assert.equal(first.table, "baseline");

  /** Rows of the table as arrays of cell texts. */
  const rows = await page.evaluate(() => {
    const t = document.querySelector("#results-body table.baseline");
    return { caption: t.caption.textContent, rows: [...t.rows].map((r) => [...r.cells].map((c) => c.textContent)) };
  });
  assert.match(rows.caption, new RegExp(`${example.n} subjects`));
  const head = rows.rows[0];
  example.arms.forEach((a, i) => assert.equal(head[1 + i], `${a} (n = ${example.n_per_arm[i]})`));
  assert.equal(head[1 + example.arms.length], `Overall (n = ${example.n})`);
  assert.equal(head.length, 2 + example.arms.length + example.smd_arms.length);

  // Each variable's row group: the variable row (with the SMD), then its indented rows.
  const groupOf = (name) => {
    const start = rows.rows.findIndex((r) => r[0] === name || r[0].startsWith(`Baseline pain (${name},`));
    assert.ok(start > 0, `row of ${name}`);
    let end = start + 1;
    while (end < rows.rows.length && !example.variables.some((v) => rows.rows[end][0] === v.name || rows.rows[end][0].startsWith("Baseline pain ("))) end++;
    return rows.rows.slice(start, end);
  };
  // The page's order statistics: up to 2 decimals, trailing zeros dropped.
  const short = (x) => { const t = fmt.num(x, 2); return t.includes(".") && !t.includes("e") ? t.replace(/\.?0+$/, "") : t; };
  assert.equal(short(6), "6");
  assert.equal(short(14.2), "14.2");
  assert.equal(short(9.875), "9.88");
  let shown = 0;
  for (const v of example.variables) {
    const g = groupOf(v.name);
    const smdCol = 2 + example.arms.length;
    if (v.smd[0] === null) assert.equal(g[0][smdCol], "not evaluable");
    else assert.equal(g[0][smdCol], fmt.num(v.smd[0]), `${v.name} SMD`);
    const cols = [...v.arms, v.overall];
    if (v.kind === "numeric") {
      const mean = g.find((r) => r[0] === "Mean (SD)");
      const med = g.find((r) => r[0] === "Median [Q1, Q3]");
      const range = g.find((r) => r[0] === "Min to max");
      cols.forEach((s, i) => {
        assert.equal(mean[1 + i], `${fmt.num(s.mean, 2)} (${fmt.num(s.sd, 2)})`, `${v.name} mean (SD)`);
        assert.equal(med[1 + i], `${short(s.median)} [${short(s.q1)}, ${short(s.q3)}]`, `${v.name} median`);
        assert.equal(range[1 + i], `${short(s.min)} to ${short(s.max)}`, `${v.name} range`);
        shown += 6;
      });
    } else {
      v.levels.forEach((l, j) => {
        const row = g.find((r) => r[0] === l);
        assert.ok(row, `${v.name} level ${l}`);
        cols.forEach((c, i) => { assert.equal(row[1 + i], `${c.counts[j]} (${fmt.pct(c.percent[j] / 100)})`, `${v.name} ${l}`); shown += 2; });
      });
      // Levels in natural order (SITEID 1, 2, …, 10, 11, 12).
      assert.deepEqual(g.slice(1).map((r) => r[0]).filter((x) => x !== "Missing"), v.levels);
    }
    shown += 1;
  }
  assert.ok(shown > 150, `${shown} numbers compared`);
  assert.deepEqual(errors, []);
  await context.close();
});
