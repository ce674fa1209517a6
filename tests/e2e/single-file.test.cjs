// End to end: the single self-contained page dist/analgesic-endpoints.html (written by
// scripts/build → scripts/bundle) opened from disk (file://) and inside a sandboxed iframe in
// Debian's headless Chromium (through playwright-core). It must work with no other file, make no
// request besides itself, and keep its Content-Security-Policy (no connection) in its worker.
const { test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const crypto = require("node:crypto");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { pathToFileURL } = require("node:url");
const { launch, pageFormat, showData, showOptions } = require("./support.cjs");

const root = path.resolve(__dirname, "../..");
const single = path.join(root, "dist/analgesic-endpoints.html");
const expected = JSON.parse(fs.readFileSync(path.join(root, "tests/fixtures/example.json"), "utf8"));
let browser, dir, fileUrl;
const requests = [];
const consoleErrors = [];

before(async () => {
  assert.ok(fs.existsSync(single), `${single} is missing: run scripts/build`);
  // A copy alone in an empty directory: nothing beside it that it could load.
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "ae-single-"));
  fs.copyFileSync(single, path.join(dir, "analgesic-endpoints.html"));
  fileUrl = pathToFileURL(path.join(dir, "analgesic-endpoints.html")).href;
  browser = await launch();
});

after(async () => {
  if (browser) await browser.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** A page in a context of its own; its requests and console errors go to `log`. */
async function newPage(log = { requests, consoleErrors }) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  page.on("request", (r) => log.requests.push(r.url()));
  page.on("console", (m) => { if (m.type() === "error") log.consoleErrors.push(m.text()); });
  page.on("pageerror", (e) => log.consoleErrors.push(String(e)));
  return page;
}

/** Waits for the page (or frame) to be ready; fails at once on an uncaught error before that. */
async function ready(page, frame = page) {
  let onError;
  const failed = new Promise((_, reject) => {
    onError = (e) => reject(new Error(`uncaught error before the page was ready: ${e.message || e}`));
    page.on("pageerror", onError);
  });
  try {
    await Promise.race([frame.waitForSelector("body[data-ready=true]", { timeout: 60000 }), failed]);
  } finally {
    page.off("pageerror", onError);
  }
}

async function openSingle(log) {
  const page = await newPage(log);
  await page.goto(fileUrl);
  await ready(page);
  return page;
}

/** The page's number formats (www/js/format.js), to find R's values as the page shows them. */
let fmtP;
before(async () => ({ pval: fmtP } = await pageFormat()));
const analysed = (page) => page.waitForFunction(() => document.querySelector("#status").textContent.startsWith("Analysed"));

/** The policy in a page's CSP meta element, as { directive: [values] }. */
function cspOf(html) {
  const m = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/);
  assert.ok(m, "a CSP meta element");
  return Object.fromEntries(m[1].split(";").map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
}

test("the single file from disk analyses the example with R's numbers, in a worker started from blob:", async () => {
  const page = await openSingle();
  const verdict = await page.textContent('[data-testid="verdict"]');
  assert.match(verdict, /co-primary endpoints not met/);
  const stats = await page.textContent("#results-body");
  assert.ok(stats.includes(fmtP(expected.welch.p_value)), `Welch p ${fmtP(expected.welch.p_value)} shown`);
  assert.ok(stats.includes(fmtP(expected.fisher.p_value)), `Fisher p ${fmtP(expected.fisher.p_value)} shown`);
  assert.ok(stats.includes(`${expected.n_subjects} subjects`));
  assert.match(await page.textContent("#version"), /\d+\.\d+\.\d+/);
  // The definitions are in the file itself (no README beside a wiki attachment).
  await page.click("#help-link");
  const help = await page.textContent("#help");
  for (const term of ["linear trapezoidal rule", "Hodges–Lehmann", "Fisher's exact test", "treatment policy", "Holm's step-down"]) {
    assert.ok(help.includes(term), `help explains ${term}`);
  }
  assert.doesNotMatch(await page.textContent("body"), /README/);
  const workers = page.workers().map((w) => w.url());
  assert.equal(workers.length, 1, workers.join(", "));
  assert.match(workers[0], /^blob:/);
  // A plot as PNG: drawn from a blob: SVG image onto a canvas (img-src blob: in the policy).
  const [png] = await Promise.all([page.waitForEvent("download"), page.locator('button:has-text("Download PNG")').first().click()]);
  assert.match(png.suggestedFilename(), /\.png$/);
  assert.ok(fs.statSync(await png.path()).size > 1000);
  await page.context().close();
});

test("the single file analyses a small pasted trial and reports a bad table", async () => {
  const page = await openSingle();
  // The example's arm names: the reference arm chosen for the example stays selected.
  const subjects = ["id,arm,baseline", ...[1, 2, 3, 4, 5, 6].map((i) => `S${i},${i % 2 ? "Placebo patch" : "Lidocaine patch"},${5 + (i % 3)}`)].join("\n");
  const pain = ["id,time,score", ...[1, 2, 3, 4, 5, 6].flatMap((i) => [4, 8, 12, 24].map((t) => `S${i},${t},${(i * 7 + t) % 11}`))].join("\n");
  const rescue = "id,time,drug\nS1,6,paracetamol\nS4,10,ibuprofen\n";
  await showData(page);
  await page.fill("#t-subjects", subjects);
  await page.fill("#t-pain", pain);
  await page.fill("#t-rescue", rescue);
  await page.click("#analyse");
  await page.waitForFunction(() => document.querySelector("#results-body").textContent.includes("6 subjects"));
  await analysed(page);
  assert.equal(await page.$$eval('[data-testid="verdict"]', (v) => v.length), 1);
  assert.match(await page.textContent("#results-body"), /Lidocaine patch − Placebo patch/);
  // A successful "Analyse" folded the data box: open it again.
  await page.waitForFunction(() => !document.querySelector("#data-box").open);
  await showData(page);
  await page.fill("#t-pain", "id,time,score\nS1,4,3\nS1,banana,2\n");
  await page.click("#analyse");
  await page.waitForSelector('.table-input[data-table="pain"] .table-errors p');
  assert.match(await page.textContent('.table-input[data-table="pain"] .table-errors'), /line 3/);
  await page.context().close();
});

test("the single file works in a sandboxed iframe without allow-same-origin (opaque origin)", async () => {
  const host = path.join(dir, "host.html");
  // The attributes the README's embedding snippets use.
  fs.writeFileSync(host, '<!doctype html><title>host</title><iframe src="analgesic-endpoints.html" sandbox="allow-scripts allow-downloads allow-modals" allow="clipboard-write" width="1200" height="900"></iframe>');
  const page = await newPage();
  await page.goto(pathToFileURL(host).href);
  const frame = page.frames().find((f) => f.url().endsWith("analgesic-endpoints.html"));
  assert.ok(frame, page.frames().map((f) => f.url()).join(", "));
  await ready(page, frame);
  assert.match(await frame.textContent('[data-testid="verdict"]'), /co-primary endpoints not met/);
  assert.equal(await frame.evaluate(() => window.origin), "null");
  // "Copy table" needs allow="clipboard-write"; the CSV buttons need allow-downloads.
  await frame.locator('button[data-export="copy"]').first().click();
  const copied = await frame.waitForFunction(() => {
    const t = document.querySelector('button[data-export="copy"]').textContent;
    return t !== "Copy table" && t;
  });
  assert.equal(await copied.jsonValue(), "Copied");
  const [csv] = await Promise.all([page.waitForEvent("download"), frame.locator('button[data-export="csv"]').first().click()]);
  assert.match(csv.suggestedFilename(), /\.csv$/);
  // Changing an option re-analyses (and writes the options into the frame's URL fragment).
  await showOptions(frame);
  await frame.fill("#o-start", "0");
  await frame.dispatchEvent("#o-start", "change");
  await frame.waitForFunction(() => [...document.querySelectorAll("caption")].some((c) => c.textContent.includes("0–24 h")));
  await page.context().close();
});

test("the single file's policy holds in its worker: wasm runs, other code and every connection are refused", async () => {
  // The refusals are logged as CSP errors: they go to a log of their own, checked here.
  const log = { requests, consoleErrors: [] };
  const page = await openSingle(log);
  const [worker] = page.workers();
  // data: URLs: refused by the policy, never a network request. (eval cannot be probed here:
  // DevTools' evaluation is exempt from 'unsafe-eval'.)
  const probe = (loadCode) => Promise.all([
    fetch("data:text/plain,x").then(() => "fetched", () => "refused"),
    loadCode().then(() => "loaded", () => "refused"),
    WebAssembly.instantiate(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])).then(() => "compiled", () => "refused"),
  ]);
  const inPage = await page.evaluate(`(${probe})(() => import("data:text/javascript,export default 1"))`);
  assert.deepEqual(inPage, ["refused", "refused", "compiled"]);
  // The worker is a classic script started from a blob: URL; it inherits the page's policy.
  const inWorker = await worker.evaluate(`(${probe})(async () => importScripts("data:text/javascript,1"))`);
  assert.deepEqual(inWorker, ["refused", "refused", "compiled"]);
  assert.ok(log.consoleErrors.every((e) => /Content Security Policy/.test(e)), log.consoleErrors.join("\n"));
  await page.context().close();
});

test("CSP: the served page and the single file forbid every connection; the single file allows exactly its inline code", () => {
  const served = cspOf(fs.readFileSync(path.join(root, "www/index.html"), "utf8"));
  assert.deepEqual(served["connect-src"], ["'none'"]);
  assert.deepEqual(served["default-src"], ["'none'"]);

  const html = fs.readFileSync(single, "utf8");
  const csp = cspOf(html);
  assert.deepEqual(csp["connect-src"], ["'none'"]);
  assert.deepEqual(csp["default-src"], ["'none'"]);
  assert.deepEqual(csp["worker-src"], ["blob:"]);
  for (const d of ["object-src", "base-uri", "form-action"]) assert.deepEqual(csp[d], ["'none'"], d);
  const sha = (s) => `'sha256-${crypto.createHash("sha256").update(s, "utf8").digest("base64")}'`;
  const scripts = [...html.matchAll(/<script type="module">([\s\S]*?)<\/script>/g)].map((m) => m[1]);
  const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]);
  assert.equal(scripts.length, 1);
  assert.equal(styles.length, 1);
  assert.deepEqual(csp["script-src"].sort(), [sha(scripts[0]), "'wasm-unsafe-eval'"].sort());
  assert.deepEqual(csp["style-src"], [sha(styles[0])]);
  assert.ok(!/'unsafe-(inline|eval)'/.test(html.match(/content="default-src[^"]*"/)[0]));
  // Nothing refers to another file (links to web pages are navigation, not loads).
  const outside = html.replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1>/g, "");
  assert.deepEqual([...outside.matchAll(/\b(?:src|href)="(?!data:|#|https?:\/\/)[^"]*"/g)].map((m) => m[0]), []);
  assert.equal((html.match(/<script type="text\/plain" id="worker-src">/g) || []).length, 1);
});

test("the single file made no request besides itself and logged no error", () => {
  assert.ok(requests.length > 0);
  const other = requests.filter((u) => !(u === fileUrl || u.startsWith("blob:") || u.startsWith("data:")) && !u.endsWith("/host.html"));
  assert.deepEqual(other, []);
  assert.ok(!requests.some((u) => /^https?:/.test(u)));
  assert.deepEqual(consoleErrors, []);
});
