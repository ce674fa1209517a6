// The wasm boundary, whole value against whole value: the report that the release build's
// analyze() returns to JavaScript must equal the native report of the same tables and options.
// tests/report_json.rs (run here through cargo, so that it is current) writes the native reports
// of the built-in examples with the options used; this test runs the web package (www/pkg,
// --target web) in Node with initSync and the .wasm bytes, and compares every key, string,
// boolean, null, array length and number.
//
// Normalisations, and nothing else: (1) the native JSON writes a non-finite number as
// {"$nonFinite": "NaN" | "Infinity" | "-Infinity"} (JSON has none), turned back into the number
// here, so NaN vs null, -0 vs 0, null vs undefined and a missing key all fail. (2) Finite numbers
// must agree to 1e-12 relative, not bit for bit: native code takes exp, ln, pow, … from the
// platform's libm (glibc), wasm32 from Rust's port of musl's libm, and the two differ in the last
// bits (in the example about 1 number in 150, by up to 24 ulps; the Cox likelihood-ratio
// statistic, a difference of log-likelihoods, by 2.5e-13 relative). How many numbers are bit
// identical is printed as a diagnostic.
const { test } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { spawnSync } = require("node:child_process");
const { pathToFileURL } = require("node:url");
const { root } = require("./support.cjs");

const NON_FINITE = { NaN: NaN, Infinity: Infinity, "-Infinity": -Infinity };
const revive = (k, v) => (v && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 1 && typeof v.$nonFinite === "string" ? NON_FINITE[v.$nonFinite] : v);

const REL = 1e-12;
/** Finite, of the same sign, within REL relative (a zero must be the same zero). */
const close = (a, b) => Number.isFinite(a) && Number.isFinite(b) && Math.sign(a) === Math.sign(b) && Math.abs(a - b) <= REL * Math.abs(b);
const counts = { numbers: 0, identical: 0 };

/** The paths where `got` and `want` differ (at most `max`), e.g. `report.comparisons[0].pain.welch.pValue: 0.0123 vs 0.0124`. */
function differences(got, want, at = "", out = [], max = 20) {
  if (out.length >= max) return out;
  const show = (x) => (typeof x === "number" ? (Object.is(x, -0) ? "-0" : String(x)) : JSON.stringify(x));
  if (typeof got === "number" && typeof want === "number") {
    counts.numbers++;
    if (Object.is(got, want)) counts.identical++;
    else if (!close(got, want)) out.push(`${at}: wasm ${show(got)} vs native ${show(want)}`);
    return out;
  }
  if (got === null || want === null || typeof got !== "object" || typeof want !== "object") {
    if (got !== want) out.push(`${at}: wasm ${show(got)} (${typeof got}) vs native ${show(want)} (${typeof want})`);
    return out;
  }
  if (Array.isArray(got) !== Array.isArray(want)) { out.push(`${at}: array vs object`); return out; }
  if (Object.getPrototypeOf(got) !== Object.prototype && !Array.isArray(got)) out.push(`${at}: wasm gives a ${got.constructor?.name}, not a plain object`);
  if (Array.isArray(got) && got.length !== want.length) out.push(`${at}: ${got.length} items in wasm vs ${want.length} native`);
  const keys = new Set([...Object.keys(got), ...Object.keys(want)]);
  for (const k of keys) {
    const p = Array.isArray(got) ? `${at}[${k}]` : `${at}.${k}`;
    if (!(k in got)) out.push(`${p}: missing in wasm`);
    else if (!(k in want)) out.push(`${p}: only in wasm (${show(got[k])})`);
    else differences(got[k], want[k], p, out, max);
    if (out.length >= max) break;
  }
  return out;
}

test("the wasm build's report equals the native report for the examples, whole value against whole value", async (t) => {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "ae-boundary-")), "reports.json");
  const cargo = spawnSync("cargo", ["test", "--quiet", "--test", "report_json"], { cwd: root, env: { ...process.env, AE_BOUNDARY_OUT: out }, encoding: "utf8" });
  assert.equal(cargo.status, 0, `cargo test --test report_json failed:\n${cargo.stdout}\n${cargo.stderr}`);
  const native = JSON.parse(fs.readFileSync(out, "utf8"), revive);
  fs.rmSync(path.dirname(out), { recursive: true });

  const pkg = path.join(root, "www/pkg");
  const wasm = await import(pathToFileURL(path.join(pkg, "analgesic_endpoints.js")).href);
  wasm.initSync({ module: fs.readFileSync(path.join(pkg, "analgesic_endpoints_bg.wasm")) });

  assert.ok(native.cases.length >= 3);
  for (const c of native.cases) {
    const read = (t) => fs.readFileSync(path.join(root, "www", c.dir, `${t}.csv`), "utf8");
    const report = wasm.analyze({ subjects: read("subjects"), pain: read("pain"), rescue: read("rescue") }, c.options);
    const diff = differences(report, c.report, "report");
    assert.deepEqual(diff, [], `${c.name}: the wasm report differs from the native one`);
    assert.ok(report.subjects.length > 100 && report.comparisons.length >= 1, c.name);
  }
  t.diagnostic(`${counts.numbers} numbers compared, ${counts.identical} bit identical, the others within ${REL} relative`);
});
