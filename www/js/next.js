// "From this trial to the next": permutation tests and bootstrap intervals (across all cores,
// js/pool.js), two trials side by side (js/trials.js), and the planning of the next trial.
// Each runs on its button with the data and options above. Presentation only.
import * as engine from "./engine.js";
import { runJob, cancelPool, warmPool, poolSize } from "./pool.js";
import { $, el, num, pval, table, section, isErr, errCell } from "./format.js";
import { addTableTools } from "./export.js";
import { figure, powerCurveChart } from "./plots.js";
import { wireTrials } from "./trials.js";

/** @typedef {import("../pkg/analgesic_endpoints").ResamplingResult} ResamplingResult */
/** @typedef {import("../pkg/analgesic_endpoints").PermutationTest} PermutationTest */
/** @typedef {import("../pkg/analgesic_endpoints").Planning} Planning */
/** @typedef {import("../pkg/analgesic_endpoints").SimulationResult} SimulationResult */

/** A whole number from a field; `null` (and the field marked) when it is not one. */
function whole(id, min, max) {
  const f = $(id);
  const t = f.value.trim();
  const v = /^\d+$/.test(t) ? Number(t) : NaN;
  const ok = Number.isSafeInteger(v) && v >= min && v <= max;
  f.toggleAttribute("aria-invalid", !ok);
  return ok ? v : null;
}

/** A number from a field (decimal point or comma); `null` when it is not one in [min, max]. */
function decimal(id, min, max) {
  const f = $(id);
  const t = f.value.trim().replace(",", ".");
  const v = /^[+-]?(\d+\.?\d*|\.\d+)$/.test(t) ? Number(t) : NaN;
  const ok = Number.isFinite(v) && v >= min && v <= max;
  f.toggleAttribute("aria-invalid", !ok);
  return ok ? v : null;
}

const MAX_SEED = 2 ** 53 - 1;

// ---------- resampling ----------

/** @param {PermutationTest} t @param {string} what */
function permutationRow(t, what) {
  const exact = t.method === "exact";
  const p = t.twoSided;
  const how = exact
    ? t.replicates ? `exact: all ${t.replicates.toLocaleString("en")} assignments` : "exact (hypergeometric)"
    : `${t.replicates.toLocaleString("en")} random assignments`;
  return {
    cells: [what, num(t.statistic, 3), how,
      exact ? pval(p.pValue) : `${pval(p.pValue)} (count ${p.count ?? "–"}; c/B = ${pval(p.estimate)}, MC SE ${num(p.mcSe, 5)})`,
      pval(t.less.pValue), pval(t.greater.pValue)],
    raw: { test: what, statistic: t.statistic, method: t.method, replicates: t.replicates, count: p.count, p: p.pValue, pEstimate: p.estimate, mcSe: p.mcSe, pLess: t.less.pValue, pGreater: t.greater.pValue, strata: t.strata },
  };
}

const BOOT_NAMES = { meanDifference: "Difference in means", hodgesLehmann: "Hodges–Lehmann shift", riskDifference: "Rescue risk difference", oddsRatio: "Rescue odds ratio" };

/** @param {ResamplingResult} r */
export function renderResampling(r, ms, workers) {
  const j = r.job;
  const strat = r.stratumColumn ? `, within strata of ${r.stratumColumn}` : "";
  const perms = [];
  perms.push(isErr(r.painPermutation) ? { cells: [`Pain endpoint (${r.endpoint}), difference in means`, errCell(r.painPermutation), "", "", "", ""] } : permutationRow(r.painPermutation, `Pain endpoint (${r.endpoint}), difference in means`));
  perms.push(isErr(r.rescuePermutation) ? { cells: ["Rescue use, risk difference", errCell(r.rescuePermutation), "", "", "", ""] } : permutationRow(r.rescuePermutation, "Rescue use, risk difference"));
  const ok = /** @type {import("../pkg/analgesic_endpoints").BootstrapIntervals[]} */ (r.bootstrap.filter((b) => !isErr(b)));
  const level = Math.round(100 * (ok[0]?.confLevel ?? 0.95));
  const boots = r.bootstrap.map((b, k) => {
    const name = Object.values(BOOT_NAMES)[k];
    if (isErr(b)) return { cells: [name, errCell(b), "", "", ""] };
    const lim = (x) => (x ? `${num(x[0], 3)} to ${num(x[1], 3)}` : "not evaluable");
    return {
      cells: [BOOT_NAMES[b.statistic], num(b.estimate, 3), lim(b.percentile), lim(b.bca), `${num(b.se, 3)}${b.notEvaluable ? `; ${b.notEvaluable} replicate(s) without a finite value left out` : ""}${b.warnings.length ? `; ${b.warnings.join("; ")}` : ""}`],
      raw: { statistic: b.statistic, estimate: b.estimate, percentileLower: b.percentile?.[0] ?? null, percentileUpper: b.percentile?.[1] ?? null, bcaLower: b.bca?.[0] ?? null, bcaUpper: b.bca?.[1] ?? null, se: b.se, bias: b.bias, z0: b.biasCorrection ?? null, acceleration: b.acceleration ?? null, replicates: b.replicates, notEvaluable: b.notEvaluable },
    };
  });
  const left = [r.painLeftOut ? `${r.painLeftOut} subject(s) without a pain value` : "", r.rescueLeftOut ? `${r.rescueLeftOut} without an evaluable rescue value${r.stratumColumn ? " or a stratum" : ""}` : ""].filter(Boolean).join("; ");
  const body = $("#resampling-results");
  body.replaceChildren(section({ title: `Resampling: ${r.active} vs ${r.reference}`, id: "r-resampling" },
    el("p", { class: "resampling-seed" }, `Seed ${j.seed}; ${j.permutations.toLocaleString("en")} permutations, ${j.bootstrap.toLocaleString("en")} bootstrap replicates${strat}; ${r.painUsed} subjects with a pain value, ${r.rescueUsed} with rescue use${left ? ` (left out: ${left})` : ""}. Computed in ${ms.toFixed(0)} ms on ${workers} worker(s); the same seed gives the same numbers on any machine.`),
    table(`Permutation tests, active − reference${strat} (two-sided; one-sided p beside)`, ["Test", "Observed", "Distribution", "p (two-sided)", "p (active lower)", "p (active higher)"], perms, "resampling", { columns: ["test", "statistic", "method", "replicates", "count", "p", "pEstimate", "mcSe", "pLess", "pGreater", "strata"] }),
    boots.length ? table(`Bootstrap ${level} % intervals (resampling within arms${strat})`, ["Statistic", "Estimate", "Percentile", "BCa", "Bootstrap SE"], boots, "bootstrap", { columns: ["statistic", "estimate", "percentileLower", "percentileUpper", "bcaLower", "bcaUpper", "se", "bias", "z0", "acceleration", "replicates", "notEvaluable"] })
      : el("p", {}, "No bootstrap intervals: 0 bootstrap replicates were asked for."),
    el("p", { class: "methods-text" }, r.methods)));
  addTableTools(body);
}

/** @param {{ inputs: () => Promise<{ tables: any, options: any }>, onChange: () => void }} ctx */
function wireResampling(ctx) {
  const status = $("#resampling-status");
  const progress = $("#resampling-progress");
  const cancel = $("#resampling-cancel");
  $("#x-newseed").addEventListener("click", () => {
    const a = new Uint32Array(1);
    crypto.getRandomValues(a);
    $("#x-seed").value = String(a[0]);
    ctx.onChange();
  });
  $("#resampling-box").addEventListener("toggle", () => { if ($("#resampling-box").open) warmPool(); });
  cancel.addEventListener("click", () => { cancelPool(); });
  $("#resampling-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const seed = whole("#x-seed", 0, MAX_SEED), permutations = whole("#x-perms", 1, 1e7), bootstrap = whole("#x-boots", 0, 1e7);
    if (seed === null || permutations === null || bootstrap === null) {
      status.textContent = "Not run: the seed must be a whole number from 0 to 2⁵³ − 1, the permutations from 1 to 10 000 000 and the bootstrap replicates from 0 to 10 000 000 (see the marked field).";
      return;
    }
    ctx.onChange();
    const job = { seed, permutations, bootstrap, stratified: $("#x-strat").checked };
    status.textContent = "Preparing the data…";
    progress.hidden = false; progress.removeAttribute("value"); cancel.hidden = false;
    try {
      const { tables, options } = await ctx.inputs();
      const data = await engine.resamplingData(tables, options);
      const blocks = Math.max(Math.ceil(permutations / 1000), Math.ceil(bootstrap / 1000));
      status.textContent = `Resampling on ${Math.min(poolSize(), blocks)} worker(s)…`;
      const { result, ms, workers } = await runJob("resample", data, job, blocks, (done, total) => { progress.max = total; progress.value = done; });
      renderResampling(result, ms, workers);
      status.textContent = `Done in ${ms.toFixed(0)} ms.`;
    } catch (err) {
      status.textContent = err && err.kind === "cancelled" ? "Cancelled." : `Not run: ${err && err.message ? err.message : err && err.errors ? "the data have errors (analyse them above)" : String(err)}`;
    } finally {
      progress.hidden = true; cancel.hidden = true;
    }
  });
}

// ---------- planning ----------

/** The planning options from the form; `null` when a field is invalid. */
function planningOptions() {
  const target = decimal("#x-ppower", 0.01, 0.999), ratio = decimal("#x-pratio", 0.01, 100), dropout = decimal("#x-pdropout", 0, 0.95);
  const scale = decimal("#x-pscale", -100, 100), discount = decimal("#x-pdiscount", 1, 100);
  if ([target, ratio, dropout, scale, discount].includes(null)) return null;
  const seed = whole("#x-seed", 0, MAX_SEED);
  if (seed === null) return null;
  return { targetPower: target, ratio, dropout, effectScale: scale, priorSeFactor: discount, seed };
}

/** @param {Planning} p */
function planningTables(p) {
  const n = (s) => (isErr(s) ? errCell(s) : `${s.nControl} + ${s.nActive} = ${s.nTotal} (enrol ${s.enrolledTotal}); power ${num(s.power, 3)}`);
  const single = p.single.map((m) => ({ cells: [m.endpoint, m.method, n(m.size)], raw: { endpoint: m.endpoint, method: m.method, nControl: isErr(m.size) ? null : m.size.nControl, nActive: isErr(m.size) ? null : m.size.nActive, enrolledTotal: isErr(m.size) ? null : m.size.enrolledTotal, power: isErr(m.size) ? null : m.size.power } }));
  const joint = p.joint.map((m) => ({ cells: [m.method, isErr(m.size) || m.size.mcSe == null ? n(m.size) : `${n(m.size)} (MC SE ${num(m.size.mcSe, 3)})`, isErr(m.size) ? "" : `${num(m.size.marginal[0], 3)} / ${num(m.size.marginal[1], 3)}`], raw: { method: m.method, nControl: isErr(m.size) ? null : m.size.nControl, nActive: isErr(m.size) ? null : m.size.nActive, enrolledTotal: isErr(m.size) ? null : m.size.enrolledTotal, power: isErr(m.size) ? null : m.size.power } }));
  const inputs = p.inputs;
  const rows = [
    ["Subjects (reference + active)", `${inputs.nReference} + ${inputs.nActive}`],
    ["Pain: difference in means (× scale)", `${num(inputs.painObserved, 3)} × ${num(inputs.effectScale, 2)} = ${num(inputs.painDelta, 3)} (SE ${num(inputs.painSe, 3)})`],
    ["Pain: pooled SD", num(inputs.painSd, 3)],
    ["Pain: baseline correlation ρ (ANCOVA)", isErr(inputs.baselineRho) ? errCell(inputs.baselineRho) : num(inputs.baselineRho, 3)],
    ["Rescue use: reference, active (× scale)", `${num(inputs.pReference, 3)}, ${num(inputs.pActiveObserved, 3)} → ${num(inputs.pActive, 3)} (RD SE ${num(inputs.rdSe, 3)})`],
    ["Correlation of the endpoints (biserial, within arms)", isErr(inputs.endpointRho) ? errCell(inputs.endpointRho) : num(inputs.endpointRho, 3)],
  ];
  return [
    table("What the plan takes from this trial", ["Quantity", "Value"], rows, "planning-inputs"),
    table(`Each endpoint alone: evaluable subjects per arm (reference + active) for power ${num(p.targetPower, 2)} at two-sided α = ${num(p.alpha, 3)}`, ["Endpoint", "Method", "Sample size"], single, "planning-single", { columns: ["endpoint", "method", "nControl", "nActive", "enrolledTotal", "power"] }),
    table(`Both co-primary endpoints significant (Sozu, Sugimoto & Hamasaki): joint power ${num(p.targetPower, 2)}`, ["Rescue test", "Sample size", "Marginal powers pain / rescue"], joint, "planning-joint", { columns: ["method", "nControl", "nActive", "enrolledTotal", "power"] }),
  ];
}

/** @param {Planning} p */
function renderPlanning(p) {
  const body = $("#planning-results");
  const assurance = isErr(p.assurance) ? el("p", {}, "Assurance: ", errCell(p.assurance)) : el("p", {}, `Assurance (probability that both endpoints succeed, averaged over normal priors for the two effects centred on this trial's estimates, SE × ${num(p.assurance.seFactor, 2)}) at ${p.assurance.nControl} + ${p.assurance.nActive}: ${num(p.assurance.assurance, 3)}, against a power of ${num(p.assurance.power, 3)} at the effects as assumed.`);
  const context = `Planned from ${p.inputs.nReference} + ${p.inputs.nActive} subjects (${p.population}) of this trial; two-sided α = ${p.alpha}; effects × ${p.options.effectScale}.`;
  const curve = figure(powerCurveChart(p.curves, p.targetPower, context), "power-curves", "Power against the number of evaluable subjects per reference arm, for each endpoint alone and both jointly.");
  body.replaceChildren(section({ title: "Planning the next trial", id: "r-planning" },
    el("p", { class: "planning-summary" }, p.summary),
    p.notes.length ? el("ul", { class: "warnings" }, p.notes.map((n) => el("li", {}, n))) : null,
    ...planningTables(p), assurance, curve,
    el("div", { id: "simulation-results" }),
    el("p", { class: "methods-text" }, p.methods)));
  addTableTools(body);
}

/** @param {SimulationResult} s */
function renderSimulation(s, ms, workers) {
  const body = $("#simulation-results");
  if (!body) return;
  const row = (name, e) => ({ cells: [name, `${num(e.estimate, 3)} (MC SE ${num(e.mcSe, 4)}; 95 % MC interval ${num(e.interval[0], 3)} to ${num(e.interval[1], 3)})`, e.analytic === null ? "–" : num(e.analytic, 3)], raw: { endpoint: name, power: e.estimate, mcSe: e.mcSe, lower: e.interval[0], upper: e.interval[1], analytic: e.analytic } });
  body.replaceChildren(
    table(`Simulated trials: ${s.simulations.toLocaleString("en")} trials of ${s.nControl} + ${s.nActive} evaluable subjects, resampled from this trial's ${s.poolReference} + ${s.poolActive} subjects (seed ${s.job.seed}; ${ms.toFixed(0)} ms on ${workers} worker(s))`,
      ["Success", "Simulated power", "Analytic"], [row(`Pain (${s.painTest})`, s.pain), row(`Rescue use (${s.rescueTest})`, s.rescue), row("Both", s.both)], "simulation", { columns: ["endpoint", "power", "mcSe", "lower", "upper", "analytic"] }),
    el("p", { class: "planning-summary" }, s.summary));
  addTableTools(body);
}

/** @param {{ inputs: () => Promise<{ tables: any, options: any }>, onChange: () => void }} ctx */
function wirePlanning(ctx) {
  const status = $("#planning-status");
  const progress = $("#planning-progress");
  const cancel = $("#planning-cancel");
  cancel.addEventListener("click", () => cancelPool());
  $("#planning-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const planning = planningOptions();
    const sims = whole("#x-psims", 0, 100000);
    const seed = whole("#x-seed", 0, MAX_SEED);
    const nText = $("#x-pn").value.trim();
    const nFixed = nText ? whole("#x-pn", 2, 100000) : null;
    if (!planning || sims === null || seed === null || (nText && nFixed === null)) {
      status.textContent = "Not planned: a field is not a valid number (see the marked field).";
      return;
    }
    ctx.onChange();
    status.textContent = "Planning…";
    try {
      const { tables, options } = await ctx.inputs();
      const subset = $("#x-psubset").value.split(";").map((x) => x.trim()).filter(Boolean);
      const scenario = { ...options, input: { ...(options.input || {}), subset: [...((options.input && options.input.subset) || []), ...subset] } };
      const data = await engine.resamplingData(tables, scenario);
      const p = await engine.plan(data, planning);
      renderPlanning(p);
      status.textContent = "Planned.";
      const n = nFixed ?? p.simulationN;
      if (sims > 0 && !n) status.textContent = "Planned; not simulated: there is no joint sample size to simulate (give the size per arm).";
      if (sims > 0 && n) {
        const job = { seed, simulations: sims, nControl: n, ratio: planning.ratio, effectScale: planning.effectScale, painTest: scenario.primaryTest ?? "welch", rescueTest: scenario.rescueTest ?? "fisher" };
        progress.hidden = false; cancel.hidden = false;
        status.textContent = `Simulating ${sims} trials…`;
        const blocks = Math.ceil(sims / 100);
        try {
          const { result, ms, workers } = await runJob("simulate", data, job, blocks, (done, total) => { progress.max = total; progress.value = done; });
          renderSimulation(result, ms, workers);
          status.textContent = "Planned and simulated.";
        } catch (err) {
          // The plan above stands; only the simulation could not run, and says why.
          if (err && err.kind === "cancelled") throw err;
          const why = err && err.message ? err.message : String(err);
          $("#simulation-results").replaceChildren(el("p", { class: "error" }, `Not simulated: ${why}.`));
          status.textContent = `Planned; not simulated: ${why}.`;
        }
      }
    } catch (err) {
      status.textContent = err && err.kind === "cancelled" ? "Cancelled." : `Not planned: ${err && err.message ? err.message : err && err.errors ? err.errors.map((x) => x.message).join("; ") : String(err)}`;
    } finally {
      progress.hidden = true; cancel.hidden = true;
    }
  });
}

/**
 * @param {{ inputs: () => Promise<{ tables: any, options: any }>, phase2: Record<string, string>, onChange: () => void }} ctx
 */
export function wireNext(ctx) {
  wireResampling(ctx);
  wireTrials(ctx);
  wirePlanning(ctx);
}
