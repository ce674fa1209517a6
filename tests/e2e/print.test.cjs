// End to end: the report handed over as a document. The example's print layout, rendered to PDF
// by Chromium on A4 and on US letter, has at most 8 pages and no blank or nearly blank page (read
// back with poppler's pdfinfo and pdftotext; scripts/setup --test installs poppler-utils); the
// "Report document (HTML)" download is one self-contained file: no script, nothing fetched, no
// button, the header line, the verdict, every section's heading and the figures as inline SVG.
const { test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { execFileSync } = require("node:child_process");
const { serveWww, launch } = require("./support.cjs");

/** At most this many pages (issue 10); fewer than MIN_CHARS non-blank characters is "nearly blank". */
const MAX_PAGES = 8;
const MIN_CHARS = 300;
const MIN_CHARS_LAST = 100;

let server, browser, page;
const consoleErrors = [];

before(async () => {
  server = await serveWww();
  browser = await launch();
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, acceptDownloads: true });
  page = await context.newPage();
  page.on("console", (m) => { if (m.type() === "error") consoleErrors.push(m.text()); });
  page.on("pageerror", (e) => consoleErrors.push(String(e)));
  await page.goto(server.base);
  await page.waitForSelector("body[data-ready=true]", { timeout: 60000 });
});

after(async () => {
  if (browser) await browser.close();
  if (server) server.stop();
});

/** The PDF's page count and each page's number of non-whitespace characters. */
function pdfPages(pdf) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ae-print-"));
  const file = path.join(dir, "report.pdf");
  fs.writeFileSync(file, pdf);
  try {
    const info = execFileSync("pdfinfo", [file], { encoding: "utf8" });
    const pages = Number(/^Pages:\s+(\d+)/m.exec(info)[1]);
    const chars = [];
    for (let n = 1; n <= pages; n++) {
      const t = execFileSync("pdftotext", ["-f", String(n), "-l", String(n), "-layout", file, "-"], { encoding: "utf8" });
      chars.push(t.replace(/\s+/g, "").length);
    }
    return { pages, chars };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

for (const format of ["A4", "Letter"]) {
  test(`the example prints on at most ${MAX_PAGES} ${format} pages, none blank or nearly blank`, async () => {
    // As the browser does when the user prints: every section open (app.js), print media.
    await page.click("details.result-section > summary");
    await page.evaluate(() => dispatchEvent(new Event("beforeprint")));
    await page.emulateMedia({ media: "print" });
    try {
      const hidden = await page.evaluate(() => ["#inputs", "#options", ".contents", ".report-tools", "button", "details.subjects"]
        .filter((q) => [...document.querySelectorAll(q)].some((x) => getComputedStyle(x).display !== "none")));
      assert.deepEqual(hidden, [], "controls, boxes and the per-subject table are not printed");
      assert.equal(await page.$$eval("details.result-section", (ds) => ds.every((d) => d.open)), true, "every section open");
      const header = await page.$eval('[data-testid="report-header"]', (p) => [getComputedStyle(p).display, p.textContent]);
      assert.notEqual(header[0], "none");
      assert.match(header[1], /Analysed \d{4}-\d\d-\d\d \d\d:\d\d/);
      assert.match(header[1], /Population: All subjects of the subjects table \(no population flag\), n = 440 · /);
      assert.match(header[1], /analgesic-endpoints \d+\.\d+\.\d+/);
      assert.match(await page.$eval(".subjects-note", (p) => `${getComputedStyle(p).display} ${p.textContent}`), /^block .*CSV/);
      // Laid out at the printed width (A4: 210 − 2 × 15 mm = 180 mm = 680 CSS px), no table or
      // figure is wider than the page (it would be cut off on paper).
      await page.setViewportSize({ width: 680, height: 1000 });
      const wide = await page.evaluate(() => {
        const right = document.querySelector("#results-body").getBoundingClientRect().right;
        return [...document.querySelectorAll("#results-body table, #results-body figure")]
          .filter((x) => x.getBoundingClientRect().width > 0 && x.getBoundingClientRect().right > right + 1)
          .map((x) => (x.querySelector("caption, svg title") || x).textContent.slice(0, 60));
      });
      assert.deepEqual(wide, [], "wider than the printed page");
      const pdf = await page.pdf({ format });
      const { pages, chars } = pdfPages(pdf);
      console.log(`${format}: ${pages} pages; non-blank characters per page: ${chars.join(", ")}`);
      assert.ok(pages <= MAX_PAGES, `${pages} ${format} pages`);
      chars.forEach((n, i) => {
        const last = i === chars.length - 1;
        assert.ok(n >= (last ? MIN_CHARS_LAST : MIN_CHARS), `${format} page ${i + 1} of ${pages} is nearly blank: ${n} characters (${chars.join(", ")})`);
      });
    } finally {
      await page.setViewportSize({ width: 1280, height: 1000 });
      await page.emulateMedia({ media: "screen" });
      await page.evaluate(() => dispatchEvent(new Event("afterprint")));
    }
    assert.equal(await page.$eval("details.result-section", (d) => d.open), false, "the closed section closes again after printing");
    await page.click("details.result-section > summary");
  });
}

test("the report document (HTML) is one self-contained file: header line, verdict, every section, figures as SVG", async () => {
  const [dl] = await Promise.all([page.waitForEvent("download"), page.click('button[data-export="html"]')]);
  assert.equal(dl.suggestedFilename(), "analgesic-endpoints-report.html");
  const html = fs.readFileSync(await dl.path(), "utf8");
  assert.match(html, /^<!doctype html>/);
  assert.doesNotMatch(html, /<script/i);
  assert.doesNotMatch(html, /<button|<input|<select|<textarea|<details|<nav/i);
  assert.doesNotMatch(html, /<(link|img|iframe|object|embed)\b/i);
  assert.doesNotMatch(html, /\b(src|href)\s*=\s*["']?\s*(https?:|\/\/)/i, "no reference to another file");
  assert.doesNotMatch(html, /url\(/i);
  assert.match(html, /<style>/);
  // The header line, before the verdict.
  const header = /<p class="print-header"[^>]*>([^<]*)<\/p>/.exec(html);
  assert.ok(header, "header line");
  assert.match(header[1], /Analysed \d{4}-\d\d-\d\d \d\d:\d\d/);
  assert.match(header[1], /Data: the built-in synthetic example/);
  assert.match(header[1], /Population: All subjects of the subjects table \(no population flag\), n = 440 · /);
  assert.match(header[1], /analgesic-endpoints \d+\.\d+\.\d+/);
  const verdict = await page.$eval('[data-testid="verdict"] h3', (h) => h.textContent);
  assert.ok(html.indexOf(header[0]) < html.indexOf(verdict.replace(/&/g, "&amp;")), "header line, then the verdict");
  assert.ok(html.includes(verdict.replace(/&/g, "&amp;")), `verdict "${verdict}"`);
  // Every section of the page, in page order, as a heading.
  const titles = await page.$$eval("#results-body details.result-section > summary", (ss) => ss.map((s) => s.textContent.replace(/\s+/g, " ").trim()));
  assert.ok(titles.length >= 5, titles.join(" | "));
  const esc = (t) => t.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  let at = 0;
  for (const t of titles) {
    const i = html.indexOf(`<h2>${esc(t)}</h2>`, at);
    assert.ok(i > at, `section "${t}" in page order`);
    at = i;
  }
  assert.ok(/Methods/.test(titles[titles.length - 1]), "the methods text last");
  const figures = await page.$$eval("#results-body figure.plot svg", (xs) => xs.length);
  assert.equal((html.match(/<svg/g) || []).length, figures, "every figure as inline SVG");
  assert.match(html, /Per-subject values \(440 subjects/);
  // The document renders in a browser with nothing fetched and the same text.
  const doc = await browser.newPage();
  const requests = [];
  doc.on("request", (r) => { if (!r.url().startsWith("data:")) requests.push(r.url()); });
  await doc.setContent(html);
  assert.deepEqual(requests, []);
  assert.equal(await doc.$$eval("svg", (xs) => xs.filter((x) => x.getBoundingClientRect().width > 100).length), figures);
  // Printed from a browser, the document follows the same print rules as the page.
  const { pages, chars } = pdfPages(await doc.pdf({ format: "A4" }));
  console.log(`report document, A4: ${pages} pages; non-blank characters per page: ${chars.join(", ")}`);
  assert.ok(pages <= MAX_PAGES, `${pages} pages`);
  chars.forEach((n, i) => assert.ok(n >= (i === chars.length - 1 ? MIN_CHARS_LAST : MIN_CHARS), `page ${i + 1}: ${n} characters`));
  await doc.close();
  assert.deepEqual(consoleErrors, []);
});
