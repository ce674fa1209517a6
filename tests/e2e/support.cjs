// Shared by the page tests and the browser benchmark: serve www/ on a free localhost port and
// launch Debian's headless Chromium through playwright-core (no browser download). Not a test
// file (node --test picks up *.test.cjs only).
const { spawn } = require("node:child_process");
const net = require("node:net");
const path = require("node:path");
const { pathToFileURL } = require("node:url");
const { chromium } = require("playwright-core");

const root = path.resolve(__dirname, "../..");

/** Chromium flags that keep a headless run quiet (no background connections). */
const QUIET = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => { const { port } = s.address(); s.close(() => resolve(port)); });
    s.on("error", reject);
  });
}

async function waitForServer(url, ms = 20000) {
  const t0 = Date.now();
  for (;;) {
    try { const r = await fetch(url); if (r.ok) return; } catch { /* not up yet */ }
    if (Date.now() - t0 > ms) throw new Error(`server did not start: ${url}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Serves www/ (python3 -m http.server); resolves to { base, stop } once `probe` answers. */
async function serveWww(probe = "") {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}/`;
  const server = spawn("python3", ["-m", "http.server", "--bind", "127.0.0.1", "--directory", path.join(root, "www"), String(port)], { stdio: "ignore" });
  await waitForServer(base + probe);
  return { base, stop: () => server.kill() };
}

/** Debian's chromium (CHROMIUM overrides /usr/bin/chromium) with the quiet flags and `extra`. */
const launch = (extra = []) => chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: [...QUIET, ...extra] });

/**
 * The page's own formatting module (www/js/format.js: `num`, `pval`, `ci`, …), so that the tests
 * look for R's values exactly as the page writes them, without a copy of its rules. An ES module:
 * loaded with a dynamic import().
 */
const pageFormat = () => import(pathToFileURL(path.join(root, "www/js/format.js")).href);

/**
 * The data and the options are folded to a summary line each until the user opens them: a test
 * opens them the way a user does, by clicking the summary line (nothing when already open).
 * Folding happens after an explicit "Analyse" or a loaded example, so a test opens the box again
 * before it next types into it. `page`: a Page or a Frame.
 */
async function openBox(page, id) {
  if (!(await page.$eval(id, (d) => d.open))) await page.click(`${id} > summary`);
}
/** Opens the data box: the three tables, their upload buttons, the examples, the column roles. */
const showData = (page) => openBox(page, "#data-box");
/** Opens the analysis options. */
const showOptions = (page) => openBox(page, "#options-box");

module.exports = { root, serveWww, launch, pageFormat, showData, showOptions };
