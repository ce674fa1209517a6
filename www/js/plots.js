// The plots, drawn as SVG from fields of the report (no statistic is computed here). Plain SVG
// written by hand rather than a plotting library: five chart types, no dependency to vendor or
// keep current, nothing fetched, and the same markup downloads as an .svg file and renders to
// PNG through a canvas. Presentation attributes only (no style attributes), so the page's
// Content-Security-Policy needs no 'unsafe-inline' for styles.
//
// Layout: no text is cut. Text widths are measured (a canvas in the page's font, with some slack
// for other renderers of a downloaded SVG) and long text wraps: titles, legends, arm names
// (which move to their own line above their numbers when they do not fit the left margin),
// forest-plot rows (the left margin grows to fit them, up to half the width, then they wrap).
// Each figure ends with a caption line stating the population, the analysis window and the rule
// for scores after rescue; figure() repeats it in the page's <figcaption>. Columns are named by
// their label (`settings.input.labels`) when they have one.
import { el, num, pval, download, hours } from "./format.js";
import { POST_RESCUE, ESTIMAND, nameOf } from "./labels.js";

/** @typedef {import("../pkg/analgesic_endpoints").Report} Report */
/** @typedef {import("../pkg/analgesic_endpoints").ModeratorAnalysis} ModeratorAnalysis */
/** @typedef {import("../pkg/analgesic_endpoints").ModeratorCurve} ModeratorCurve */
/** @typedef {import("../pkg/analgesic_endpoints").PainEndpoint} PainEndpoint */

const NS = "http://www.w3.org/2000/svg";
/** Okabe–Ito palette (colour-blind safe); the reference arm takes the first colour. */
export const PALETTE = ["#000000", "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442"];
/** The colour of an arm: black for the reference arm, the palette in arm order for the others. */
/** @param {Report} r @param {string} name */
export function armColor(r, name) {
  if (name === r.settings.referenceArm) return PALETTE[0];
  const actives = r.arms.map((a) => a.name).filter((n) => n !== r.settings.referenceArm);
  return PALETTE[1 + (Math.max(0, actives.indexOf(name)) % (PALETTE.length - 1))];
}
const FONT = "system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif";
const W = 680;
const M = { l: 112, r: 24 };
/** Font sizes: title, axis titles, ordinary text, small text (counts, captions, notes). */
const F = { title: 14, axis: 13, text: 12, small: 11 };

/** An SVG element with attributes and children. */
function s(tag, attrs = {}, ...children) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) e.setAttribute(k, String(v));
  for (const c of children.flat()) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
}
const text = (x, y, str, attrs = {}) => s("text", { x, y, "font-size": F.text, fill: "#222", ...attrs }, str);
const scale = (d0, d1, r0, r1) => (v) => (d1 === d0 ? (r0 + r1) / 2 : r0 + ((v - d0) / (d1 - d0)) * (r1 - r0));
const finite = (v) => typeof v === "number" && Number.isFinite(v);

// ---------- text widths and wrapping ----------

/** @type {CanvasRenderingContext2D | false | null} */
let measurer = null;
/**
 * The width of `str` in px at `size` px: measured on a canvas in the SVG's font, plus 8 % for
 * renderers of the downloaded SVG with wider fonts; 0.6 × size per character without a canvas.
 */
function textWidth(str, size = F.text, weight = 400) {
  const t = String(str);
  if (measurer === null) {
    try { measurer = document.createElement("canvas").getContext("2d") || false; } catch { measurer = false; }
  }
  if (!measurer) return t.length * size * 0.6;
  measurer.font = `${weight} ${size}px ${FONT}`;
  return measurer.measureText(t).width * 1.08;
}

/**
 * `str` in lines no wider than `maxWidth`: broken at spaces, a word wider than a line broken
 * between characters. Nothing is left out.
 */
function wrap(str, maxWidth, size = F.text, weight = 400) {
  const fits = (t) => textWidth(t, size, weight) <= maxWidth;
  const lines = [];
  let line = "";
  for (const word of String(str).split(/\s+/).filter(Boolean)) {
    const joined = line ? `${line} ${word}` : word;
    if (fits(joined)) { line = joined; continue; }
    if (line) lines.push(line);
    let rest = Array.from(word);
    while (rest.length > 1 && !fits(rest.join(""))) {
      let k = rest.length - 1;
      while (k > 1 && !fits(rest.slice(0, k).join(""))) k--;
      lines.push(rest.slice(0, k).join(""));
      rest = rest.slice(k);
    }
    line = rest.join("");
  }
  if (line || !lines.length) lines.push(line);
  return lines;
}

/** Lines of text from baseline `y`, `step` px apart; returns the last line's baseline. */
function textLines(g, x, y, lines, step, attrs = {}) {
  lines.forEach((l, i) => g.append(text(x, y + step * i, l, attrs)));
  return y + step * (lines.length - 1);
}

// ---------- labels and captions ----------

/**
 * The label of a column (`settings.input.labels`), else its name.
 * @param {Report} r @param {string} column
 */
export function columnLabel(r, column) {
  const labels = r.settings.input.labels || {};
  return Object.prototype.hasOwnProperty.call(labels, column) ? labels[column] : column;
}

/** Well-known ADaM population flags, by name. */
const POPULATIONS = {
  FASFL: "Full analysis set",
  ITTFL: "Intention-to-treat population",
  MITTFL: "Modified intention-to-treat population",
  SAFFL: "Safety population",
  PPROTFL: "Per-protocol set",
  PPSFL: "Per-protocol set",
  COMPLFL: "Completers",
};

/**
 * Who was analysed: "Full analysis set (FASFL = Y), n = 440", with the subset conditions.
 * @param {Report} r
 */
export function populationText(r) {
  const p = r.input.population;
  const flag = p.flag;
  let who;
  if (flag) {
    const known = POPULATIONS[flag.toUpperCase()];
    who = known ? `${known} (${flag} = Y)` : `Subjects with ${flag} = Y${columnLabel(r, flag) !== flag ? ` (${columnLabel(r, flag)})` : ""}`;
  } else {
    who = "All subjects of the subjects table (no population flag)";
  }
  const subset = p.subset.length ? `, subset ${p.subset.join(" and ")}` : "";
  return `${who}${subset}, n = ${r.subjects.length}`;
}

/**
 * The main analysis's rule for scores after rescue, in words, with the ICH E9(R1) strategy it
 * implements (from the sensitivity table's main row, when there is one).
 * @param {Report} r
 */
export function rescueRuleText(r) {
  const m = r.settings.imputation;
  const trigger = m.triggerOpioidOnly ? "opioid rescue" : "rescue";
  let rule;
  if (m.postRescue === "none") rule = "scores after rescue used as recorded";
  else if (m.postRescueScope === "toEndOfWindow") rule = `scores after the first ${trigger} replaced by ${nameOf(POST_RESCUE, m.postRescue)} to the window end`;
  else {
    const drugs = Object.entries(m.rescueWindowByDrug || {}).map(([d, h]) => `${d} ${hours(h)}`);
    rule = `scores within ${hours(m.rescueWindowHours)}${drugs.length ? ` (${drugs.join(", ")})` : ""} after each ${trigger} replaced by ${nameOf(POST_RESCUE, m.postRescue)}`;
  }
  const main = r.comparisons.flatMap((c) => c.sensitivity).find((row) => row.primary);
  return main ? `${rule} (${nameOf(ESTIMAND, main.estimand)} strategy)` : rule;
}

/**
 * The caption every figure carries: population, analysis window, rule for scores after rescue.
 * @param {Report} r
 */
export function figureContext(r) {
  const w = r.settings.window;
  return `${populationText(r)}; analysis window ${w.start}–${w.end} h; ${rescueRuleText(r)}.`;
}

/** The caption of each drawn figure, for figure(). @type {WeakMap<SVGElement, string>} */
const contexts = new WeakMap();

/**
 * A figure's SVG: title (wrapped) and description; `top` is where the content starts. `finish`
 * puts the caption under `bottom` and sizes the SVG to its content. `contextText` replaces the
 * caption line drawn from `r` (a figure of two trials states both populations).
 * @param {Report} r @param {string} title @param {string} desc @param {string | null} [contextText]
 */
function chart(r, title, desc, contextText = null) {
  const bg = s("rect", { x: 0, y: 0, width: W, fill: "#fff" });
  const svg = s("svg", { xmlns: NS, width: W, viewBox: `0 0 ${W} 0`, role: "img", "aria-label": title, "font-family": FONT },
    s("title", {}, title), s("desc", {}, desc), bg);
  const last = textLines(svg, 8, 20, wrap(title, W - 16, F.title, 600), 18, { "font-size": F.title, "font-weight": 600 });
  const context = contextText ?? figureContext(r);
  return {
    svg,
    top: last + 16,
    /** @param {number} bottom the lowest baseline drawn */
    finish(bottom) {
      const end = textLines(svg, 8, bottom + 24, wrap(context, W - 16, F.small), 14, { "font-size": F.small, fill: "#444", class: "caption" });
      const height = Math.ceil(end + 10);
      svg.setAttribute("height", String(height));
      svg.setAttribute("viewBox", `0 0 ${W} ${height}`);
      bg.setAttribute("height", String(height));
      contexts.set(svg, context);
      return svg;
    },
  };
}

// ---------- axes, legends, numbers under the axis ----------

/** About `n` round tick values covering [a, b]. */
function ticks(a, b, n = 6) {
  if (!(b > a)) return [a];
  const raw = (b - a) / n;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((f) => f * mag).find((st) => st >= raw) || 10 * mag;
  const out = [];
  for (let v = Math.ceil(a / step - 1e-9) * step; v <= b + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return out;
}
const tickLabel = (v) => String(Number(v.toPrecision(6))).replace(/^-/, "−");

/**
 * The times of `times` (ascending) that get a tick, at least `gap` px apart, from the first.
 * @param {number[]} times @param {(v: number) => number} x @param {number} gap
 */
function spaced(times, x, gap) {
  const out = [];
  for (const t of times) if (!out.length || x(t) - x(out[out.length - 1]) >= gap) out.push(t);
  return out;
}

/**
 * @param {SVGElement} g
 * @param {(v: number) => number} x
 * @param {(v: number) => number} y
 * @param {number[]} xd
 * @param {number[]} yd
 * @param {{ xLabel: string, yLabel: string, top: number, bottom: number, left: number, right: number, xTicks?: number[], yTicks?: number[], xLabelY?: number }} o
 */
function axes(g, x, y, xd, yd, { xLabel, yLabel, top, bottom, left, right, xTicks, yTicks, xLabelY }) {
  for (const v of yTicks || ticks(yd[0], yd[1], 5)) {
    g.append(s("line", { x1: left, x2: right, y1: y(v), y2: y(v), stroke: "#e3e3e3" }));
    g.append(text(left - 6, y(v) + 4, tickLabel(v), { "text-anchor": "end" }));
  }
  for (const v of xTicks || ticks(xd[0], xd[1], 8)) {
    g.append(s("line", { x1: x(v), x2: x(v), y1: bottom, y2: bottom + 4, stroke: "#444", class: "x-tick" }));
    g.append(text(x(v), bottom + 16, tickLabel(v), { "text-anchor": "middle", class: "x-tick-label" }));
  }
  g.append(s("line", { x1: left, x2: right, y1: bottom, y2: bottom, stroke: "#444" }));
  g.append(s("line", { x1: left, x2: left, y1: top, y2: bottom, stroke: "#444" }));
  if (xLabel) textLines(g, (left + right) / 2, xLabelY ?? bottom + 34, wrap(xLabel, right - left, F.axis), 15, { "text-anchor": "middle", "font-size": F.axis });
  const yl = wrap(yLabel, bottom - top, F.axis);
  yl.forEach((l, i) => {
    const lx = left - 52 - 15 * (yl.length - 1 - i);
    g.append(text(lx, (top + bottom) / 2, l, { "text-anchor": "middle", "font-size": F.axis, transform: `rotate(-90 ${lx} ${(top + bottom) / 2})` }));
  });
}

/**
 * A legend of coloured names in rows between x0 and x1 from `top`; a name wider than the row
 * wraps. Returns the y under it.
 * @param {SVGElement} g @param {{ name: string, color: string }[]} items
 */
function legend(g, items, x0, x1, top) {
  let x = x0, y = top + 12, rowLines = 1;
  for (const it of items) {
    const lines = wrap(it.name, x1 - x0 - 18, F.text);
    const w = 18 + Math.max(...lines.map((l) => textWidth(l, F.text)));
    if (x > x0 && x + w > x1) { x = x0; y += 16 * rowLines; rowLines = 1; }
    g.append(s("rect", { x, y: y - 5, width: 14, height: 4, fill: it.color }));
    textLines(g, x + 18, y, lines, 16, { class: "legend" });
    rowLines = Math.max(rowLines, lines.length);
    x = lines.length > 1 ? x1 : x + w + 16;
  }
  return y + 16 * (rowLines - 1) + 8;
}

/**
 * Rows of numbers under the x axis (numbers at risk, subjects per time point), each number
 * under the tick of its time (`at`: the ticked times). An arm's name goes left of its numbers
 * when every name fits there, else each name on its own line(s) above its numbers. Returns the
 * last baseline.
 * @param {SVGElement} g
 * @param {(v: number) => number} x
 * @param {{ name: string, color: string, values: Map<number, number> }[]} rows
 * @param {number[]} at
 * @param {number} y0
 * @param {string} label
 */
function countRows(g, x, rows, at, y0, label) {
  g.append(text(8, y0, label, { "font-size": F.small, "font-weight": 600 }));
  const firstLeft = Math.min(W, ...rows.flatMap((r) => at.filter((t) => r.values.has(t)).map((t) => x(t) - textWidth(r.values.get(t), F.small) / 2)));
  const beside = rows.every((r) => 8 + textWidth(r.name, F.small) + 6 <= firstLeft);
  let y = y0;
  for (const r of rows) {
    if (beside) {
      y += 15;
      g.append(text(8, y, r.name, { "font-size": F.small, fill: r.color, class: "count-name" }));
    } else {
      y = textLines(g, 8, y + 15, wrap(r.name, W - 16, F.small), 13, { "font-size": F.small, fill: r.color, class: "count-name" }) + 14;
    }
    for (const t of at) {
      if (!r.values.has(t)) continue;
      g.append(text(x(t), y, r.values.get(t), { "font-size": F.small, "text-anchor": "middle", fill: r.color, class: "count", "data-time": t }));
    }
  }
  return y;
}

/**
 * The left margin of a plot with rows of counts: wide enough for the arms' names beside their
 * numbers (up to 180 px), else the usual one (countRows then puts the names above).
 */
function countsLeft(rows) {
  const name = Math.max(0, ...rows.map((r) => textWidth(r.name, F.small)));
  const count = Math.max(0, ...rows.flatMap((r) => [...r.values.values()].map((n) => textWidth(n, F.small))));
  const need = Math.ceil(8 + name + 6 + count / 2);
  return need <= 180 ? Math.max(M.l, need) : M.l;
}

/** The ticks of a row of counts: the times with a count, spaced so that labels and counts do not touch. */
function countTicks(times, x, rows) {
  const widths = [...times.map((t) => textWidth(tickLabel(t), F.text)), ...rows.flatMap((r) => [...r.values.values()].map((n) => textWidth(n, F.small)))];
  return spaced(times, x, Math.max(0, ...widths) + 8);
}

// ---------- the plots ----------

/**
 * Mean pain per arm over time with the t-based CI band (report.painProfile, series
 * "analysed"), the analysis window shaded, and the subjects per time point under the axis; the
 * x ticks are assessment times, so that each count sits under its tick. Time points with values
 * from fewer than 10 % of an arm's subjects (unscheduled assessments) are not drawn for that arm.
 */
/** @param {Report} r */
export function meanPainPlot(r) {
  const prof = r.painProfile;
  if (!prof) return null;
  const armN = Object.fromEntries(r.arms.map((a) => [a.name, a.n]));
  const series = prof.arms.map((a) => ({
    name: a.arm, color: armColor(r, a.arm),
    pts: a.analysed.filter((p) => finite(p.mean) && p.n >= Math.max(2, 0.1 * (armN[a.arm] || 0))),
  }));
  const all = series.flatMap((sr) => sr.pts);
  if (!all.length) return null;
  const times = [...new Set(all.map((p) => p.time))].sort((a, b) => a - b);
  const xd = [Math.min(times[0], prof.window[0]), Math.max(times[times.length - 1], prof.window[1])];
  const yd = [r.input.scale.min, r.input.scale.max];
  const title = `Mean pain over time by arm (${Math.round(prof.confLevel * 100)} % CI)`;
  const c = chart(r, title, `Mean ${r.input.scaleLabel} pain score per arm at each assessment time, with confidence bands; the analysis window ${prof.window[0]}–${prof.window[1]} h is shaded.`);
  const g = s("g");
  const rows = series.map((sr) => ({ name: sr.name, color: sr.color, values: new Map(sr.pts.map((p) => [p.time, p.n])) }));
  const left = countsLeft(rows);
  const top = legend(g, series, left, W - M.r, c.top);
  const plotH = 260, bottom = top + plotH;
  const x = scale(xd[0], xd[1], left, W - M.r), y = scale(yd[0], yd[1], bottom, top);
  const at = countTicks(times, x, rows);
  g.append(s("rect", { x: x(prof.window[0]), y: top, width: Math.max(0, x(prof.window[1]) - x(prof.window[0])), height: plotH, fill: "#f1f1f1" }));
  g.append(text(x(prof.window[0]) + 4, top + 12, `analysis window ${prof.window[0]}–${prof.window[1]} h`, { "font-size": F.small, fill: "#666" }));
  axes(g, x, y, xd, yd, { xLabel: "Time (h)", yLabel: `Mean pain (${r.input.scaleLabel})`, top, bottom, left, right: W - M.r, xTicks: at });
  for (const sr of series) {
    const band = sr.pts.filter((p) => p.confInt);
    if (band.length > 1) {
      const up = band.map((p) => `${x(p.time)},${y(Math.min(yd[1], p.confInt[1]))}`);
      const lo = band.map((p) => `${x(p.time)},${y(Math.max(yd[0], p.confInt[0]))}`).reverse();
      g.append(s("polygon", { points: [...up, ...lo].join(" "), fill: sr.color, "fill-opacity": 0.14, stroke: "none" }));
    }
    g.append(s("polyline", { points: sr.pts.map((p) => `${x(p.time)},${y(p.mean)}`).join(" "), fill: "none", stroke: sr.color, "stroke-width": 2 }));
    for (const p of sr.pts) g.append(s("circle", { cx: x(p.time), cy: y(p.mean), r: 2.5, fill: sr.color }));
  }
  const end = countRows(g, x, rows, at, bottom + 56, "Subjects with a score");
  c.svg.append(g);
  return c.finish(end);
}

/**
 * The per-subject endpoint per arm: every subject as a dot (spread sideways by a fixed
 * pattern), a box from Q1 to Q3 with the median, whiskers to the minimum and maximum; the
 * Hodges-Lehmann shift of each active arm against the reference under the title.
 */
/** @param {Report} r @param {PainEndpoint} endpoint @param {string} label */
export function distributionPlot(r, endpoint, label) {
  const arms = r.arms.map((a) => a.name);
  const summaries = {};
  for (const c of r.comparisons) { summaries[c.active] = c.pain.active; summaries[c.reference] = c.pain.reference; }
  const values = arms.map((a) => r.subjects.filter((sub) => sub.arm === a).map((sub) => sub.pain[endpoint]).filter(finite));
  const flat = values.flat();
  if (!flat.length) return null;
  // No spread of a long array into Math.min: that overflows the stack for ~10⁵ values.
  const lo = flat.reduce((a, b) => Math.min(a, b)), hi = flat.reduce((a, b) => Math.max(a, b)), pad = (hi - lo) * 0.05 || 1;
  const yd = [lo - pad, hi + pad];
  const shifts = r.comparisons.flatMap((c) => {
    const w = c.pain.wilcoxon;
    return !w || "error" in w ? [] : [`${c.active} − ${c.reference}: HL shift ${num(w.hlEstimate)} (${Math.round(r.settings.confLevel * 100)} % CI ${num(w.confInt[0])} to ${num(w.confInt[1])})`];
  });
  const title = `${label} per subject, by arm`;
  const c = chart(r, title, `${label} of every subject by arm, with box (quartiles and median) and whiskers (minimum to maximum).`);
  const g = s("g");
  let yShift = c.top - 2;
  for (const t of shifts) yShift = textLines(g, M.l, yShift + 14, wrap(t, W - M.l - M.r), 14, { "font-size": F.text, fill: "#444" });
  const top = yShift + 16, plotH = 280, bottom = top + plotH;
  const band = (W - M.l - M.r) / arms.length;
  const xc = (i) => M.l + band * (i + 0.5);
  const y = scale(yd[0], yd[1], bottom, top);
  const names = arms.map((a, i) => wrap(`${a} (n = ${values[i].length})`, band - 8, F.text));
  const nameLines = Math.max(1, ...names.map((l) => l.length));
  axes(g, (v) => v, y, [0, 0], yd, { xLabel: "Arm", yLabel: label, top, bottom, left: M.l, right: W - M.r, xTicks: [], xLabelY: bottom + 18 + 15 * nameLines });
  arms.forEach((a, i) => {
    const color = armColor(r, a);
    // Dots for up to 3000 subjects per arm; beyond that the box alone (the dots would be a blot).
    if (values[i].length <= 3000) values[i].forEach((v, j) => {
      const jitter = (((j * 0.618034) % 1) - 0.5) * band * 0.5;
      g.append(s("circle", { cx: xc(i) + jitter, cy: y(v), r: 2, fill: color, "fill-opacity": 0.35 }));
    });
    const sm = summaries[a];
    if (sm && finite(sm.q1)) {
      const bw = band * 0.3;
      g.append(s("line", { x1: xc(i), x2: xc(i), y1: y(sm.min), y2: y(sm.max), stroke: color, "stroke-width": 1.5 }));
      g.append(s("rect", { x: xc(i) - bw / 2, y: y(sm.q3), width: bw, height: Math.max(1, y(sm.q1) - y(sm.q3)), fill: "#fff", "fill-opacity": 0.7, stroke: color, "stroke-width": 2 }));
      g.append(s("line", { x1: xc(i) - bw / 2, x2: xc(i) + bw / 2, y1: y(sm.median), y2: y(sm.median), stroke: color, "stroke-width": 3 }));
    }
    textLines(g, xc(i), bottom + 18, names[i], 15, { "text-anchor": "middle", fill: color });
  });
  c.svg.append(g);
  return c.finish(bottom + 18 + 15 * nameLines);
}

/**
 * Kaplan–Meier curves of time to first rescue with censoring marks and numbers at risk. The x
 * ticks are the times of the report's number-at-risk table (every other one, or fewer, when
 * they would crowd), so that each number at risk sits under its tick.
 */
/** @param {Report} r */
export function kmPlot(r) {
  const km = r.timeToRescue.kaplanMeier;
  if (!km || "error" in km) return null;
  const arms = r.arms.map((a) => a.name);
  const grid = [...new Set(km.groups.flatMap((g) => g.atTimes.map((a) => a.time)))].sort((a, b) => a - b);
  const tMax = km.groups.flatMap((g) => g.table.map((row) => row.time)).reduce((a, b) => Math.max(a, b), Math.max(1, ...grid));
  const xd = [0, tMax], yd = [0, 1];
  const title = "Time to first rescue: Kaplan–Meier estimate by arm";
  const c = chart(r, title, "Proportion of subjects without rescue medication over time, by arm; ticks mark censored subjects; numbers at risk below, under the time axis's ticks.");
  const g = s("g");
  const rows = km.groups.map((grp, i) => ({ name: arms[i], color: armColor(r, arms[i]), values: new Map(grp.atTimes.map((a) => [a.time, a.nRisk])) }));
  const left = countsLeft(rows);
  const top = legend(g, rows, left, W - M.r, c.top);
  const plotH = 260, bottom = top + plotH;
  const x = scale(xd[0], xd[1], left, W - M.r), y = scale(0, 1, bottom, top);
  const at = countTicks(grid, x, rows);
  const origin = r.settings.timeToRescue.landmark ? `the window start (${r.settings.window.start} h)` : `${r.settings.timeToRescue.origin} h`;
  axes(g, x, y, xd, yd, { xLabel: `Hours from ${origin}`, yLabel: "Proportion without rescue", top, bottom, left, right: W - M.r, yTicks: [0, 0.2, 0.4, 0.6, 0.8, 1], xTicks: at });
  km.groups.forEach((grp, i) => {
    const color = armColor(r, arms[i]);
    let d = `M${x(0)},${y(1)}`, surv = 1;
    for (const row of grp.table) {
      d += ` H${x(row.time)}`;
      if (row.surv !== surv) { d += ` V${y(row.surv)}`; surv = row.surv; }
    }
    g.append(s("path", { d, fill: "none", stroke: color, "stroke-width": 2 }));
    for (const cm of grp.censored) g.append(s("line", { x1: x(cm.time), x2: x(cm.time), y1: y(cm.surv) - 5, y2: y(cm.surv) + 5, stroke: color, "stroke-width": 1.5 }));
  });
  const end = countRows(g, x, rows, at, bottom + 56, "Number at risk");
  c.svg.append(g);
  return c.finish(end);
}

/**
 * @typedef {{ label: string, head: boolean, arm?: string, est?: number, ci?: number[], text?: string, x0?: number, weight?: number, value?: string, lines?: string[] }} ForestRow
 */

/**
 * Forest plot: the ANCOVA difference of each active arm for all subjects, then the difference
 * within each level of each subgroup variable (named by its label), with the interaction
 * p-value per variable.
 */
/** @param {Report} r @param {string} endpointLabel */
export function forestPlot(r, endpointLabel) {
  /** @type {ForestRow[]} */
  const rows = [];
  const a = r.models.ancova;
  if (a && !("error" in a)) for (const d of a.differences) rows.push({ label: `All subjects (n = ${a.nUsed})`, arm: d.arm, est: d.estimate, ci: d.confInt, head: false });
  for (const sg of r.models.subgroups) {
    if ("error" in sg) continue;
    rows.push({ label: `${columnLabel(r, sg.subgroup)}: interaction p = ${pval(sg.interaction.pValue)}`, head: true });
    for (const lv of sg.levels) for (const e of lv.effects) rows.push({ label: `${lv.level} (n = ${lv.n})`, arm: e.arm, est: e.estimate, ci: e.confInt, head: false });
  }
  if (!r.models.subgroups.length) return null;
  return forestChart(r, {
    title: `Subgroups: ${endpointLabel}, difference from ${r.settings.referenceArm}`,
    desc: "Treatment difference with confidence interval overall and within each subgroup level, with the treatment-by-subgroup interaction p-value.",
    rows, effect: "Difference", ratio: false,
    // Lower AUC/TWA is less pain; higher SPID is more relief.
    lowerBetter: r.settings.primaryEndpoint !== "spid",
  });
}

/** Axis ticks of a ratio (log) scale within [lo, hi] (ratios, not logs). */
function ratioTicks(lo, hi) {
  const all = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100];
  const t = all.filter((v) => v >= lo && v <= hi);
  return t.length >= 2 ? t : [lo, 1, hi].filter((v, i, a) => a.indexOf(v) === i).sort((p, q) => p - q);
}

/**
 * A forest plot of `rows` (headings and estimates with CIs): a difference on a linear axis with
 * its line of no effect at 0, or a ratio (odds ratio, risk ratio) on a log axis with its line at 1.
 * @param {Report} r
 * @param {{ title: string, desc: string, rows: ForestRow[], effect: string, ratio: boolean, lowerBetter: boolean, context?: string | null }} o
 */
export function forestChart(r, { title, desc, rows, effect, ratio, lowerBetter, context = null }) {
  const est = rows.filter((x) => !x.head && Number.isFinite(x.est) && x.ci.every(Number.isFinite) && (!ratio || (x.est > 0 && x.ci[0] > 0)));
  if (!est.length) return null;
  rows = rows.filter((x) => x.head || est.includes(x));
  const several = new Set(est.map((x) => x.arm)).size > 1;
  for (const row of rows) {
    row.text = !row.head && several ? `${row.label}, ${row.arm}` : row.label;
    row.x0 = row.head ? 8 : 20;
    row.weight = row.head ? 600 : 400;
    if (!row.head) row.value = `${num(row.est, 2)} (${num(row.ci[0], 2)}, ${num(row.ci[1], 2)})`;
  }
  const t = ratio ? Math.log : (/** @type {number} */ v) => v;
  const none = ratio ? 1 : 0;
  const lo = Math.min(t(none), ...est.map((x) => t(x.ci[0]))), hi = Math.max(t(none), ...est.map((x) => t(x.ci[1])));
  const pad = (hi - lo) * 0.05 || 0.1;
  const head = `${effect} (${Math.round(r.settings.confLevel * 100)} % CI)`;
  // The left margin fits the widest row label (from 180 px up to half the figure; wider ones
  // wrap); the right one the widest estimate.
  const left = Math.ceil(Math.min(W / 2, Math.max(180, ...rows.map((row) => row.x0 + textWidth(row.text, F.text, row.weight) + 12))));
  const right = Math.floor(W - 16 - Math.max(textWidth(head, F.small, 600), ...est.map((row) => textWidth(row.value, F.small))));
  for (const row of rows) row.lines = wrap(row.text, left - row.x0 - 11, F.text, row.weight);
  const c = chart(r, title, desc, context);
  const top = c.top + 8;
  const xs = scale(lo - pad, hi + pad, left, right);
  const x = (/** @type {number} */ v) => xs(t(v));
  const g = s("g");
  g.append(text(right + 8, top - 6, head, { "font-size": F.small, "font-weight": 600 }));
  let yTop = top;
  for (const row of rows) {
    const h = Math.max(22, 14 * row.lines.length + 8);
    const yy = yTop + h / 2 + 1;
    textLines(g, row.x0, yy + 4 - 7 * (row.lines.length - 1), row.lines, 14, { "font-weight": row.head ? 600 : undefined, class: "row-label" });
    if (!row.head) {
      const color = armColor(r, row.arm);
      g.append(s("line", { x1: x(row.ci[0]), x2: x(row.ci[1]), y1: yy, y2: yy, stroke: color, "stroke-width": 1.5, class: "ci" }));
      g.append(s("rect", { x: x(row.est) - 4, y: yy - 4, width: 8, height: 8, fill: color }));
      g.append(text(right + 8, yy + 4, row.value, { "font-size": F.small }));
    }
    yTop += h;
  }
  const bottom = yTop + 6;
  g.append(s("line", { x1: x(none), x2: x(none), y1: top, y2: bottom, stroke: "#444", "stroke-dasharray": "4 3" }));
  g.append(s("line", { x1: left, x2: right, y1: bottom, y2: bottom, stroke: "#444" }));
  const tv = ratio ? ratioTicks(Math.exp(lo - pad), Math.exp(hi + pad)) : ticks(lo - pad, hi + pad, 5);
  for (const v of tv) {
    g.append(s("line", { x1: x(v), x2: x(v), y1: bottom, y2: bottom + 4, stroke: "#444" }));
    g.append(text(x(v), bottom + 16, tickLabel(v), { "text-anchor": "middle" }));
  }
  g.append(text(x(none) - 6, bottom + 34, lowerBetter ? "← favours active" : "← favours reference", { "text-anchor": "end", "font-size": F.small, fill: "#555" }));
  g.append(text(x(none) + 6, bottom + 34, lowerBetter ? "favours reference →" : "favours active →", { "font-size": F.small, fill: "#555" }));
  c.svg.append(g);
  return c.finish(bottom + 34);
}

/** The treatment effect across a continuous moderator (named by its label) with its pointwise CI band. */
/** @param {Report} r @param {ModeratorAnalysis} md @param {ModeratorCurve} curve @param {string} endpointLabel */
export function moderatorPlot(r, md, curve, endpointLabel) {
  const name = columnLabel(r, md.moderator);
  return moderatorChart(r, {
    title: `${curve.arm} − ${md.reference} across ${name} (interaction p = ${pval(md.interaction.pValue)})`,
    desc: `Estimated difference in ${endpointLabel} between ${curve.arm} and ${md.reference} as a function of ${name}, with pointwise confidence band.`,
    points: curve.points.map((p) => ({ value: p.value, user: p.user, estimate: p.estimate, ci: p.confInt })),
    range: md.range, name, arm: curve.arm, jn: curve.johnsonNeyman, yLabel: `Difference in ${endpointLabel}`, ratio: false,
  });
}

/**
 * The odds ratio of rescue use across a continuous moderator, on a log axis with its pointwise
 * band (from the logistic interaction model).
 * @param {Report} r @param {import("../pkg/analgesic_endpoints").LogisticModeratorAnalysis} md
 * @param {import("../pkg/analgesic_endpoints").LogisticModeratorCurve} curve @param {string} what
 */
export function rescueModeratorPlot(r, md, curve, what) {
  const name = columnLabel(r, md.moderator);
  const p = md.interaction ? `interaction p = ${pval(md.interaction.pValue)}` : "interaction not evaluable";
  return moderatorChart(r, {
    title: `${curve.arm} vs ${md.reference}: odds ratio of ${what} across ${name} (${p})`,
    desc: `Odds ratio of ${what} between ${curve.arm} and ${md.reference} as a function of ${name}, with pointwise confidence band, log scale.`,
    points: curve.points.map((q) => ({ value: q.value, user: q.user, estimate: q.oddsRatio, ci: q.oddsRatioConfInt })),
    range: md.range, name, arm: curve.arm, jn: curve.johnsonNeyman, yLabel: "Odds ratio (log scale)", ratio: true,
  });
}

/**
 * An effect and its pointwise band across a moderator's observed range: a difference on a linear
 * axis (no effect at 0) or a ratio on a log axis (no effect at 1), with Johnson–Neyman lines.
 * @param {Report} r
 * @param {{ title: string, desc: string, points: { value: number, user: boolean, estimate: number, ci: number[] }[], range: number[], name: string, arm: string, jn: number[], yLabel: string, ratio: boolean }} o
 */
function moderatorChart(r, { title, desc, points, range, name, arm, jn, yLabel, ratio }) {
  const t = ratio ? Math.log : (/** @type {number} */ v) => v;
  const pts = points.filter((p) => (!p.user || (p.value >= range[0] && p.value <= range[1]))
    && [p.estimate, ...p.ci].every((v) => Number.isFinite(t(v))));
  if (pts.length < 2) return null;
  const none = ratio ? 1 : 0;
  const xd = [pts[0].value, pts[pts.length - 1].value];
  const lo = Math.min(t(none), ...pts.map((p) => t(p.ci[0]))), hi = Math.max(t(none), ...pts.map((p) => t(p.ci[1])));
  const pad = (hi - lo) * 0.05 || 0.1;
  const c = chart(r, title, desc);
  const top = c.top + 8, plotH = 250, bottom = top + plotH;
  const x = scale(xd[0], xd[1], M.l, W - M.r), ys = scale(lo - pad, hi + pad, bottom, top);
  const y = (/** @type {number} */ v) => ys(t(v));
  const g = s("g");
  const yd = ratio ? [Math.exp(lo - pad), Math.exp(hi + pad)] : [lo - pad, hi + pad];
  axes(g, x, y, xd, yd, { xLabel: name, yLabel, top, bottom, left: M.l, right: W - M.r, yTicks: ratio ? ratioTicks(yd[0], yd[1]) : undefined });
  const color = armColor(r, arm);
  const up = pts.map((p) => `${x(p.value)},${y(p.ci[1])}`), dn = pts.map((p) => `${x(p.value)},${y(p.ci[0])}`).reverse();
  g.append(s("polygon", { points: [...up, ...dn].join(" "), fill: color, "fill-opacity": 0.15 }));
  g.append(s("polyline", { points: pts.map((p) => `${x(p.value)},${y(p.estimate)}`).join(" "), fill: "none", stroke: color, "stroke-width": 2 }));
  g.append(s("line", { x1: M.l, x2: W - M.r, y1: y(none), y2: y(none), stroke: "#444", "stroke-dasharray": "4 3" }));
  for (const v of jn.filter((v) => v >= xd[0] && v <= xd[1])) {
    g.append(s("line", { x1: x(v), x2: x(v), y1: top, y2: bottom, stroke: PALETTE[2], "stroke-dasharray": "2 3" }));
    // Labelled on the side with room: left of the line in the right half.
    const rightHalf = x(v) > (M.l + W - M.r) / 2;
    g.append(text(x(v) + (rightHalf ? -4 : 4), top + 12, `Johnson–Neyman ${num(v, 2)}`, { "font-size": F.small, fill: PALETTE[2], "text-anchor": rightHalf ? "end" : "start" }));
  }
  c.svg.append(g);
  return c.finish(bottom + 34 + 15 * (wrap(name, W - M.l - M.r, F.axis).length - 1));
}

/**
 * Forest plot of rescue use: the adjusted odds ratio of each active arm for all subjects (the
 * main logistic model), then the odds ratio within each level of each subgroup (the
 * interaction model), on a log axis.
 * @param {Report} r @param {string} what
 */
export function rescueForestPlot(r, what) {
  const rm = r.models.rescue;
  if (!rm || "error" in rm || !rm.subgroups.length) return null;
  /** @type {ForestRow[]} */
  const rows = [];
  const lg = rm.logistic;
  if (!("error" in lg) && !lg.separation) {
    for (const o of lg.oddsRatios) rows.push({ label: `All subjects (n = ${lg.nUsed})`, arm: o.arm, est: o.oddsRatio, ci: o.waldConfInt, head: false });
  }
  for (const sg of rm.subgroups) {
    if ("error" in sg) continue;
    rows.push({ label: `${columnLabel(r, sg.subgroup)}: interaction p = ${sg.interaction ? pval(sg.interaction.pValue) : "not evaluable"}`, head: true });
    for (const lv of sg.levels) {
      for (const e of lv.effects) {
        if (e.oddsRatio !== null && e.oddsRatioConfInt) rows.push({ label: `${lv.level} (n = ${lv.n})`, arm: e.arm, est: e.oddsRatio, ci: e.oddsRatioConfInt, head: false });
      }
    }
  }
  return forestChart(r, {
    title: `Subgroups: ${what}, odds ratio against ${r.settings.referenceArm}`,
    desc: "Odds ratio of rescue use with confidence interval overall and within each subgroup level, with the treatment-by-subgroup interaction p-value; log scale.",
    rows, effect: "Odds ratio", ratio: true, lowerBetter: true,
  });
}

// ---------- figures and downloads ----------


/** The SVG as a standalone file's text. */
export function svgText(svg) {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(svg)}`;
}

/** Renders the SVG at twice its size on a canvas and downloads it as PNG. */
function downloadPng(svg, name) {
  const img = new Image();
  const w = Number(svg.getAttribute("width")), h = Number(svg.getAttribute("height"));
  img.onload = () => {
    const canvas = el("canvas", { width: w * 2, height: h * 2 });
    const ctx = canvas.getContext("2d");
    ctx.scale(2, 2);
    ctx.drawImage(img, 0, 0, w, h);
    canvas.toBlob((b) => download(`${name}.png`, b), "image/png");
  };
  const bytes = new TextEncoder().encode(svgText(svg));
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  img.src = `data:image/svg+xml;base64,${btoa(bin)}`;
}

/**
 * A figure with the plot, a caption (what it shows, then the population, window and rule that
 * the SVG's own caption line states) and SVG/PNG download buttons.
 */
export function figure(svg, name, caption) {
  if (!svg) return null;
  const svgBtn = el("button", { type: "button", class: "small", "data-download": "svg" }, "Download SVG");
  const pngBtn = el("button", { type: "button", class: "small", "data-download": "png" }, "Download PNG");
  svgBtn.addEventListener("click", () => download(`${name}.svg`, new Blob([svgText(svg)], { type: "image/svg+xml" })));
  pngBtn.addEventListener("click", () => downloadPng(svg, name));
  const context = contexts.get(svg);
  return el("figure", { class: "plot", "data-plot": name }, svg,
    el("figcaption", {}, caption, context ? [" ", el("span", { class: "figure-context" }, context)] : [], " ", svgBtn, " ", pngBtn));
}

/**
 * Power curves: power against the evaluable subjects per reference arm, one line per curve
 * (each endpoint alone, both jointly), with the target power as a dashed line.
 * @param {{ name: string, points: { n: number, power: number }[] }[]} curves
 * @param {number} target
 * @param {string} context the caption line: where the plan's inputs come from
 */
export function powerCurveChart(curves, target, context) {
  const palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#8c564b"];
  const series = curves.filter((cv) => cv.points.length > 1).map((cv, i) => ({ name: cv.name, color: palette[i % palette.length], pts: cv.points }));
  if (!series.length) return null;
  const all = series.flatMap((sr) => sr.pts);
  const xd = [0, Math.max(...all.map((p) => p.n))];
  const yd = [0, 1];
  const c = chart(/** @type {any} */ (null), "Power of the next trial by its size", "Power of each co-primary endpoint alone and of both jointly against the number of evaluable subjects in the reference arm, with the target power dashed.", context);
  const g = s("g");
  const left = 80;
  const top = legend(g, series, left, W - M.r, c.top);
  const plotH = 260, bottom = top + plotH;
  const x = scale(xd[0], xd[1], left, W - M.r), y = scale(yd[0], yd[1], bottom, top);
  axes(g, x, y, xd, yd, { xLabel: "Evaluable subjects per reference arm", yLabel: "Power", top, bottom, left, right: W - M.r, yTicks: [0, 0.2, 0.4, 0.6, 0.8, 1] });
  g.append(s("line", { x1: left, x2: W - M.r, y1: y(target), y2: y(target), stroke: "#444", "stroke-dasharray": "4 3" }));
  for (const sr of series) g.append(s("polyline", { points: sr.pts.map((p) => `${x(p.n)},${y(p.power)}`).join(" "), fill: "none", stroke: sr.color, "stroke-width": 2 }));
  c.svg.append(g);
  return c.finish(bottom + 40);
}
