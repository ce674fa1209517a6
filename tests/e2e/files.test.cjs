// End to end: files opened on the page are recognised by their content. A workbook (the
// built-in example as three sheets, readers/tests/data/example-tables.xlsx, written by openpyxl)
// is read by the second wasm module and gives the CSV example's results; UTF-16 and
// Windows-1252 text is decoded; a PNG or random bytes are refused beside the table and never
// put in a box. The single-file page reads the workbook too (its readers module is inlined).
const { test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { pathToFileURL } = require("node:url");
const { serveWww, launch, pageFormat, showData } = require("./support.cjs");

const root = path.resolve(__dirname, "../..");
const workbook = path.join(root, "readers/tests/data/example-tables.xlsx");
const expected = JSON.parse(fs.readFileSync(path.join(root, "tests/fixtures/example.json"), "utf8"));
let server, browser, base, tmp;
const requests = [];
const consoleErrors = [];

before(async () => {
  server = await serveWww();
  base = server.base;
  browser = await launch();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ae-files-"));
});

after(async () => {
  if (browser) await browser.close();
  if (server) server.stop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

async function openPage(url = base) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  page.on("request", (r) => requests.push(r.url()));
  page.on("console", (m) => { if (m.type() === "error") consoleErrors.push(m.text()); });
  page.on("pageerror", (e) => consoleErrors.push(String(e)));
  await page.goto(url);
  await page.waitForSelector("body[data-ready=true]", { timeout: 60000 });
  return page;
}

/** The page's number formats (www/js/format.js), to find R's values as the page shows them. */
let fmtP;
before(async () => ({ pval: fmtP } = await pageFormat()));
const box = (t) => `.table-input[data-table="${t}"]`;
/** Clears the status, then waits until an analysis ends (or one fails). */
const clearStatus = (page) => page.evaluate(() => { document.querySelector("#status").textContent = ""; });
const settled = (page) => page.waitForFunction(() => /^(Analysed|Not analysed)/.test(document.querySelector("#status").textContent), null, { timeout: 60000 });

/** The results as the user reads them: verdict and every table (timings excluded). */
const resultsText = (page) => page.evaluate(() => [document.querySelector('[data-testid="verdict"]').textContent,
  ...[...document.querySelectorAll("#results-body table")].map((t) => t.textContent)].join("\n"));

test("the example as one xlsx workbook, a sheet chosen per box, gives the CSV example's results", async () => {
  const page = await openPage();
  const fromCsv = await resultsText(page);
  await showData(page);
  for (const t of ["subjects", "pain", "rescue"]) {
    await clearStatus(page);
    await page.setInputFiles(`input[data-for="t-${t}"]`, workbook);
    await settled(page);
    // The sheet that fits the table by name is chosen; the choice is shown and can be changed.
    const sel = `select[data-dataset-for="${t}"]`;
    await page.waitForSelector(`${sel}:visible`);
    const chosen = await page.$eval(sel, (s) => s.selectedOptions[0].textContent);
    assert.ok(chosen.startsWith(`${t} — `), chosen);
    assert.equal(await page.$$eval(`${sel} option`, (o) => o.length), 3);
    await clearStatus(page);
    await page.selectOption(sel, { label: chosen });
    // Binary bytes never go into the box: it stays empty and shows a summary.
    assert.equal(await page.inputValue(`#t-${t}`), "");
    assert.match(await page.getAttribute(`#t-${t}`, "placeholder"), new RegExp(`example-tables\\.xlsx: Excel workbook \\(xlsx\\), sheet “${t}”: [\\d ]+ rows × \\d columns`));
    assert.match(await page.textContent(`${box(t)} .file-note`), /Using example-tables\.xlsx/);
  }
  // Choosing another sheet re-analyses with it (here: an error beside the table), and back.
  await clearStatus(page);
  await page.selectOption('select[data-dataset-for="pain"]', { index: 0 });
  await page.waitForSelector(`${box("pain")} .table-errors p`);
  await clearStatus(page);
  await page.selectOption('select[data-dataset-for="pain"]', { index: 1 });
  await page.waitForFunction(() => document.querySelector("#status").textContent.startsWith("Analysed 440 subjects"));
  const stats = await page.textContent("#results-body");
  assert.ok(stats.includes(fmtP(expected.welch.p_value)), "Welch p");
  assert.ok(stats.includes(fmtP(expected.fisher.p_value)), "Fisher p");
  assert.equal(await resultsText(page), fromCsv);
  await page.close();
});

test("UTF-16LE text with a BOM and Windows-1252 text are decoded; the latter with a notice", async () => {
  const page = await openPage();
  const fromCsv = await resultsText(page);
  const pain = fs.readFileSync(path.join(root, "www/example/pain.csv"), "utf8");
  const utf16 = path.join(tmp, "pain-utf16.csv");
  fs.writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(pain, "utf16le")]));
  await clearStatus(page);
  await page.setInputFiles('input[data-for="t-pain"]', utf16);
  await settled(page);
  assert.equal(await page.inputValue("#t-pain"), pain);
  assert.equal(await resultsText(page), fromCsv);
  assert.equal(await page.isHidden(`${box("pain")} .file-note`), true);

  // A subjects table with an investigator column, "Müller" in Windows-1252 (ü = 0xFC).
  const subj = fs.readFileSync(path.join(root, "www/example/subjects.csv"), "utf8").trimEnd().split("\n")
    .map((l, i) => `${l},${i === 0 ? "INVEST" : i % 2 ? "Müller" : "Ødegård"}`).join("\n") + "\n";
  const cp1252 = path.join(tmp, "subjects-1252.csv");
  fs.writeFileSync(cp1252, Buffer.from(subj, "latin1"));
  await clearStatus(page);
  await page.setInputFiles('input[data-for="t-subjects"]', cp1252);
  await settled(page);
  assert.match(await page.textContent("#status"), /^Analysed 440 subjects/);
  assert.equal(await page.inputValue("#t-subjects"), subj);
  assert.match(await page.textContent(`${box("subjects")} .file-note`), /subjects-1252\.csv was not valid UTF-8 and was read as Windows-1252/);
  await page.close();
});

test("a PNG or random bytes are refused beside the table; nothing goes into the box", async () => {
  const page = await openPage();
  const png = path.join(tmp, "scores.csv");
  // A 1×1 PNG: signature, IHDR, IDAT, IEND.
  fs.writeFileSync(png, Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000100" +
    "e221bc330000000049454e44ae426082", "hex"));
  let seed = 42;
  const random = Buffer.alloc(3000, 0).map(() => { seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0; return seed >>> 24; });
  const rnd = path.join(tmp, "random.dat");
  fs.writeFileSync(rnd, random);
  // A few bytes without NUL but with control characters: still not text.
  const ctl = path.join(tmp, "ctl.csv");
  fs.writeFileSync(ctl, Buffer.from([0x41, 0x2c, 0x42, 0x0a, 0x03, 0x7f, 0x11, 0x2c, 0x80, 0x0a]));
  const rescue = await page.inputValue("#t-rescue");
  await showData(page);
  for (const [file, re] of [[png, /scores\.csv was not loaded: this is a PNG image, not a table/], [rnd, /random\.dat was not loaded: it is a binary file/], [ctl, /ctl\.csv was not loaded: it is a binary file/]]) {
    await page.setInputFiles('input[data-for="t-rescue"]', file);
    await page.waitForFunction(() => !document.querySelector('.table-input[data-table="rescue"] .file-error').hidden);
    assert.match(await page.textContent(`${box("rescue")} .file-error`), re);
    assert.equal(await page.inputValue("#t-rescue"), rescue, "the table is unchanged");
  }
  // Into an empty box: it stays empty.
  await page.fill("#t-rescue", "");
  await page.setInputFiles('input[data-for="t-rescue"]', png);
  await page.waitForFunction(() => /PNG/.test(document.querySelector('.table-input[data-table="rescue"] .file-error').textContent));
  assert.equal(await page.inputValue("#t-rescue"), "");
  // UTF-16 without a byte-order mark is named as such.
  const nobom = path.join(tmp, "nobom.csv");
  fs.writeFileSync(nobom, Buffer.from("USUBJID,RESCTIME\nA1,4\n", "utf16le"));
  await page.setInputFiles('input[data-for="t-rescue"]', nobom);
  await page.waitForFunction(() => /UTF-16 \(little-endian\) text without a byte-order mark/.test(document.querySelector('.table-input[data-table="rescue"] .file-error').textContent));
  // A broken workbook: the reader's message, beside the table.
  const broken = path.join(tmp, "broken.xlsx");
  fs.writeFileSync(broken, fs.readFileSync(workbook).subarray(0, 3000));
  await page.setInputFiles('input[data-for="t-rescue"]', broken);
  await page.waitForFunction(() => /broken\.xlsx was not loaded: cannot read this xlsx workbook/.test(document.querySelector('.table-input[data-table="rescue"] .file-error').textContent));
  assert.equal(await page.inputValue("#t-rescue"), "");
  await page.close();
});

test("the single-file page reads the workbook with its inlined readers module", async () => {
  assert.ok(fs.existsSync(path.join(root, "dist/analgesic-endpoints.html")), "run scripts/build");
  const dir = fs.mkdtempSync(path.join(tmp, "single-"));
  fs.copyFileSync(path.join(root, "dist/analgesic-endpoints.html"), path.join(dir, "page.html"));
  const url = pathToFileURL(path.join(dir, "page.html")).href;
  const page = await openPage(url);
  const fromCsv = await resultsText(page);
  await showData(page);
  await clearStatus(page);
  await page.setInputFiles('input[data-for="t-pain"]', workbook);
  await settled(page);
  assert.equal(await page.$eval('select[data-dataset-for="pain"]', (s) => s.selectedOptions[0].textContent.split(" ")[0]), "pain");
  assert.equal(await resultsText(page), fromCsv);
  assert.deepEqual(requests.filter((u) => u.startsWith("file:") && u !== url), []);
  await page.close();
});

test("no request outside the page's own files, and no error logged", () => {
  assert.ok(requests.length > 0);
  const foreign = requests.filter((u) => !u.startsWith(base) && !u.startsWith("blob:") && !u.startsWith("data:") && !u.startsWith("file:"));
  assert.deepEqual(foreign, []);
  assert.deepEqual(consoleErrors, []);
});
