// The plots, drawn as SVG from fields of the report (no statistic is computed here). Plain SVG
// written by hand rather than a plotting library: five chart types, no dependency to vendor or
// keep current, nothing fetched, and the same markup downloads as an .svg file and renders to
// PNG through a canvas. Presentation attributes only (no style attributes), so the page's
// Content-Security-Policy needs no 'unsafe-inline' for styles.
import { el, num, pval, download } from "./format.js";

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
const M = { l: 112, r: 24, t: 40 };

/** An SVG element with attributes and children. */
function s(tag, attrs = {}, ...children) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) e.setAttribute(k, String(v));
  for (const c of children.flat()) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
}
const text = (x, y, str, attrs = {}) => s("text", { x, y, "font-size": 12, fill: "#222", ...attrs }, str);
const scale = (d0, d1, r0, r1) => (v) => (d1 === d0 ? (r0 + r1) / 2 : r0 + ((v - d0) / (d1 - d0)) * (r1 - r0));
const finite = (v) => typeof v === "number" && Number.isFinite(v);

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
 * @param {SVGElement} g
 * @param {(v: number) => number} x
 * @param {(v: number) => number} y
 * @param {number[]} xd
 * @param {number[]} yd
 * @param {{ xLabel: string, yLabel: string, top: number, bottom: number, left: number, right: number, xTicks?: number[], yTicks?: number[] }} o
 */
function axes(g, x, y, xd, yd, { xLabel, yLabel, top, bottom, left, right, xTicks, yTicks }) {
  for (const v of yTicks || ticks(yd[0], yd[1], 5)) {
    g.append(s("line", { x1: left, x2: right, y1: y(v), y2: y(v), stroke: "#e3e3e3" }));
    g.append(text(left - 6, y(v) + 4, tickLabel(v), { "text-anchor": "end" }));
  }
  for (const v of xTicks || ticks(xd[0], xd[1], 8)) {
    g.append(s("line", { x1: x(v), x2: x(v), y1: bottom, y2: bottom + 4, stroke: "#444" }));
    g.append(text(x(v), bottom + 16, tickLabel(v), { "text-anchor": "middle" }));
  }
  g.append(s("line", { x1: left, x2: right, y1: bottom, y2: bottom, stroke: "#444" }));
  g.append(s("line", { x1: left, x2: left, y1: top, y2: bottom, stroke: "#444" }));
  g.append(text((left + right) / 2, bottom + 34, xLabel, { "text-anchor": "middle", "font-size": 13 }));
  g.append(text(left - 52, (top + bottom) / 2, yLabel, { "text-anchor": "middle", "font-size": 13, transform: `rotate(-90 ${left - 52} ${(top + bottom) / 2})` }));
}

function svgRoot(height, title, desc) {
  return s("svg", { xmlns: NS, width: W, height, viewBox: `0 0 ${W} ${height}`, role: "img", "aria-label": title, "font-family": FONT },
    s("title", {}, title), s("desc", {}, desc), s("rect", { x: 0, y: 0, width: W, height, fill: "#fff" }),
    text(8, 20, title, { "font-size": 14, "font-weight": 600 }));
}

function legend(g, names, colors, x0, y0) {
  let x = x0;
  names.forEach((n, i) => {
    g.append(s("rect", { x, y: y0 - 9, width: 14, height: 4, fill: colors[i] }));
    g.append(text(x + 18, y0 - 4, n));
    x += 30 + 7 * n.length;
  });
}

/** A row of numbers under the x axis (numbers at risk, subjects per time point). */
function countRows(g, x, rows, y0, label) {
  g.append(text(8, y0, label, { "font-size": 11, "font-weight": 600 }));
  rows.forEach((r, i) => {
    const y = y0 + 15 * (i + 1);
    g.append(text(8, y, r.name.length > 13 ? `${r.name.slice(0, 12)}…` : r.name, { "font-size": 11, fill: r.color }));
    let last = -Infinity;
    for (const [t, n] of r.values) {
      if (x(t) - last < 26) continue;
      last = x(t);
      g.append(text(x(t), y, n, { "font-size": 11, "text-anchor": "middle", fill: r.color }));
    }
  });
}

/**
 * Mean pain per arm over time with the t-based CI band (report.painProfile, series
 * "analysed"), the analysis window shaded, and the subjects per time point under the axis.
 * Time points with values from fewer than 10 % of an arm's subjects (unscheduled assessments)
 * are not drawn for that arm.
 */
/** @param {Report} r */
export function meanPainPlot(r) {
  const prof = r.painProfile;
  if (!prof) return null;
  const armN = Object.fromEntries(r.arms.map((a) => [a.name, a.n]));
  const series = prof.arms.map((a, i) => ({
    name: a.arm, color: armColor(r, a.arm),
    pts: a.analysed.filter((p) => finite(p.mean) && p.n >= Math.max(2, 0.1 * (armN[a.arm] || 0))),
  }));
  const all = series.flatMap((sr) => sr.pts);
  if (!all.length) return null;
  const times = all.map((p) => p.time);
  const xd = [Math.min(...times, prof.window[0]), Math.max(...times, prof.window[1])];
  const yd = [r.input.scale.min, r.input.scale.max];
  const plotH = 260, top = M.t + 14, bottom = top + plotH;
  const height = bottom + 52 + 15 * (series.length + 1);
  const title = `Mean pain over time by arm (${Math.round(prof.confLevel * 100)} % CI)`;
  const svg = svgRoot(height, title, `Mean ${r.input.scaleLabel} pain score per arm at each assessment time, with confidence bands; the analysis window ${prof.window[0]}–${prof.window[1]} h is shaded.`);
  const x = scale(xd[0], xd[1], M.l, W - M.r), y = scale(yd[0], yd[1], bottom, top);
  const g = s("g");
  g.append(s("rect", { x: x(prof.window[0]), y: top, width: Math.max(0, x(prof.window[1]) - x(prof.window[0])), height: plotH, fill: "#f1f1f1" }));
  g.append(text(x(prof.window[0]) + 4, top + 12, `analysis window ${prof.window[0]}–${prof.window[1]} h`, { "font-size": 11, fill: "#666" }));
  axes(g, x, y, xd, yd, { xLabel: "Time (h)", yLabel: `Mean pain (${r.input.scaleLabel})`, top, bottom, left: M.l, right: W - M.r });
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
  legend(g, series.map((sr) => sr.name), series.map((sr) => sr.color), M.l, top - 2);
  countRows(g, x, series.map((sr) => ({ name: sr.name, color: sr.color, values: sr.pts.map((p) => [p.time, p.n]) })), bottom + 54, "Subjects with a score");
  svg.append(g);
  return svg;
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
  const top = M.t + 14 + 15 * shifts.length, plotH = 280, bottom = top + plotH, height = bottom + 46;
  const title = `${label} per subject, by arm`;
  const svg = svgRoot(height, title, `${label} of every subject by arm, with box (quartiles and median) and whiskers (minimum to maximum).`);
  const band = (W - M.l - M.r) / arms.length;
  const xc = (i) => M.l + band * (i + 0.5);
  const y = scale(yd[0], yd[1], bottom, top);
  const g = s("g");
  shifts.forEach((t, i) => g.append(text(M.l, M.t + 8 + 15 * i, t, { "font-size": 12, fill: "#444" })));
  axes(g, (v) => v, y, [0, 0], yd, { xLabel: "Arm", yLabel: label, top, bottom, left: M.l, right: W - M.r, xTicks: [] });
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
    g.append(text(xc(i), bottom + 18, `${a} (n = ${values[i].length})`, { "text-anchor": "middle", fill: color }));
  });
  svg.append(g);
  return svg;
}

/** Kaplan–Meier curves of time to first rescue with censoring marks and numbers at risk. */
/** @param {Report} r */
export function kmPlot(r) {
  const km = r.timeToRescue.kaplanMeier;
  if (!km || "error" in km) return null;
  const arms = r.arms.map((a) => a.name);
  const tMax = km.groups.flatMap((g) => [...g.table.map((row) => row.time), ...g.atTimes.map((a) => a.time)]).reduce((a, b) => Math.max(a, b), 1);
  const xd = [0, tMax], yd = [0, 1];
  const plotH = 260, top = M.t + 14, bottom = top + plotH;
  const height = bottom + 52 + 15 * (km.groups.length + 1);
  const title = "Time to first rescue: Kaplan–Meier estimate by arm";
  const svg = svgRoot(height, title, "Proportion of subjects without rescue medication over time, by arm; ticks mark censored subjects; numbers at risk below.");
  const x = scale(xd[0], xd[1], M.l, W - M.r), y = scale(0, 1, bottom, top);
  const g = s("g");
  const origin = r.settings.timeToRescue.landmark ? `the window start (${r.settings.window.start} h)` : `${r.settings.timeToRescue.origin} h`;
  axes(g, x, y, xd, yd, { xLabel: `Hours from ${origin}`, yLabel: "Proportion without rescue", top, bottom, left: M.l, right: W - M.r, yTicks: [0, 0.2, 0.4, 0.6, 0.8, 1] });
  km.groups.forEach((grp, i) => {
    const color = armColor(r, arms[i]);
    let d = `M${x(0)},${y(1)}`, surv = 1;
    for (const row of grp.table) {
      d += ` H${x(row.time)}`;
      if (row.surv !== surv) { d += ` V${y(row.surv)}`; surv = row.surv; }
    }
    g.append(s("path", { d, fill: "none", stroke: color, "stroke-width": 2 }));
    for (const c of grp.censored) g.append(s("line", { x1: x(c.time), x2: x(c.time), y1: y(c.surv) - 5, y2: y(c.surv) + 5, stroke: color, "stroke-width": 1.5 }));
  });
  legend(g, arms, arms.map((a) => armColor(r, a)), M.l, top - 2);
  countRows(g, x, km.groups.map((grp, i) => ({ name: arms[i], color: armColor(r, arms[i]), values: grp.atTimes.map((a) => [a.time, a.nRisk]) })), bottom + 54, "Number at risk");
  svg.append(g);
  return svg;
}

/**
 * Forest plot: the ANCOVA difference of each active arm for all subjects, then the difference
 * within each level of each subgroup variable, with the interaction p-value per variable.
 */
/** @param {Report} r @param {string} endpointLabel */
export function forestPlot(r, endpointLabel) {
  const rows = [];
  const a = r.models.ancova;
  if (a && !("error" in a)) for (const d of a.differences) rows.push({ label: `All subjects (n = ${a.nUsed})`, arm: d.arm, est: d.estimate, ci: d.confInt, head: false });
  for (const sg of r.models.subgroups) {
    if ("error" in sg) continue;
    rows.push({ label: `${sg.subgroup}: interaction p = ${pval(sg.interaction.pValue)}`, head: true });
    for (const lv of sg.levels) for (const e of lv.effects) rows.push({ label: `${lv.level} (n = ${lv.n})`, arm: e.arm, est: e.estimate, ci: e.confInt, head: false });
  }
  const est = rows.filter((x) => !x.head);
  if (!est.length || !r.models.subgroups.length) return null;
  const several = new Set(est.map((x) => x.arm)).size > 1;
  const lo = Math.min(0, ...est.map((x) => x.ci[0])), hi = Math.max(0, ...est.map((x) => x.ci[1]));
  const pad = (hi - lo) * 0.05;
  const left = 230, right = W - 160, top = M.t + 20, rowH = 22, bottom = top + rowH * rows.length + 6;
  const height = bottom + 58;
  const title = `Subgroups: ${endpointLabel}, difference from ${r.settings.referenceArm}`;
  const svg = svgRoot(height, title, "Treatment difference with confidence interval overall and within each subgroup level, with the treatment-by-subgroup interaction p-value.");
  const x = scale(lo - pad, hi + pad, left, right);
  const g = s("g");
  g.append(text(right + 8, top - 6, `Difference (${Math.round(r.settings.confLevel * 100)} % CI)`, { "font-size": 11, "font-weight": 600 }));
  rows.forEach((row, i) => {
    const yy = top + rowH * (i + 0.6);
    if (row.head) { g.append(text(8, yy + 4, row.label, { "font-weight": 600 })); return; }
    const color = armColor(r, row.arm);
    g.append(text(20, yy + 4, several ? `${row.label}, ${row.arm}` : row.label));
    g.append(s("line", { x1: x(row.ci[0]), x2: x(row.ci[1]), y1: yy, y2: yy, stroke: color, "stroke-width": 1.5 }));
    g.append(s("rect", { x: x(row.est) - 4, y: yy - 4, width: 8, height: 8, fill: color }));
    g.append(text(right + 8, yy + 4, `${num(row.est, 2)} (${num(row.ci[0], 2)}, ${num(row.ci[1], 2)})`, { "font-size": 11 }));
  });
  g.append(s("line", { x1: x(0), x2: x(0), y1: top, y2: bottom, stroke: "#444", "stroke-dasharray": "4 3" }));
  g.append(s("line", { x1: left, x2: right, y1: bottom, y2: bottom, stroke: "#444" }));
  for (const v of ticks(lo - pad, hi + pad, 5)) {
    g.append(s("line", { x1: x(v), x2: x(v), y1: bottom, y2: bottom + 4, stroke: "#444" }));
    g.append(text(x(v), bottom + 16, tickLabel(v), { "text-anchor": "middle" }));
  }
  // Lower AUC/TWA is less pain; higher SPID is more relief.
  const lowerBetter = r.settings.primaryEndpoint !== "spid";
  g.append(text(x(0) - 6, bottom + 34, lowerBetter ? "← favours active" : "← favours reference", { "text-anchor": "end", "font-size": 11, fill: "#555" }));
  g.append(text(x(0) + 6, bottom + 34, lowerBetter ? "favours reference →" : "favours active →", { "font-size": 11, fill: "#555" }));
  svg.append(g);
  return svg;
}

/** The treatment effect across a continuous moderator with its pointwise CI band. */
/** @param {Report} r @param {ModeratorAnalysis} md @param {ModeratorCurve} curve @param {string} endpointLabel */
export function moderatorPlot(r, md, curve, endpointLabel) {
  const pts = curve.points.filter((p) => !p.user || (p.value >= md.range[0] && p.value <= md.range[1]));
  if (pts.length < 2) return null;
  const xd = [pts[0].value, pts[pts.length - 1].value];
  const lo = Math.min(0, ...pts.map((p) => p.confInt[0])), hi = Math.max(0, ...pts.map((p) => p.confInt[1]));
  const pad = (hi - lo) * 0.05;
  const yd = [lo - pad, hi + pad];
  const top = M.t + 14, plotH = 250, bottom = top + plotH, height = bottom + 46;
  const title = `${curve.arm} − ${md.reference} across ${md.moderator} (interaction p = ${pval(md.interaction.pValue)})`;
  const svg = svgRoot(height, title, `Estimated difference in ${endpointLabel} between ${curve.arm} and ${md.reference} as a function of ${md.moderator}, with pointwise confidence band.`);
  const x = scale(xd[0], xd[1], M.l, W - M.r), y = scale(yd[0], yd[1], bottom, top);
  const g = s("g");
  axes(g, x, y, xd, yd, { xLabel: md.moderator, yLabel: `Difference in ${endpointLabel}`, top, bottom, left: M.l, right: W - M.r });
  const color = armColor(r, curve.arm);
  const up = pts.map((p) => `${x(p.value)},${y(p.confInt[1])}`), dn = pts.map((p) => `${x(p.value)},${y(p.confInt[0])}`).reverse();
  g.append(s("polygon", { points: [...up, ...dn].join(" "), fill: color, "fill-opacity": 0.15 }));
  g.append(s("polyline", { points: pts.map((p) => `${x(p.value)},${y(p.estimate)}`).join(" "), fill: "none", stroke: color, "stroke-width": 2 }));
  g.append(s("line", { x1: M.l, x2: W - M.r, y1: y(0), y2: y(0), stroke: "#444", "stroke-dasharray": "4 3" }));
  for (const v of curve.johnsonNeyman.filter((v) => v >= xd[0] && v <= xd[1])) {
    g.append(s("line", { x1: x(v), x2: x(v), y1: top, y2: bottom, stroke: PALETTE[2], "stroke-dasharray": "2 3" }));
    g.append(text(x(v) + 4, top + 12, `Johnson–Neyman ${num(v, 2)}`, { "font-size": 11, fill: PALETTE[2] }));
  }
  svg.append(g);
  return svg;
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

/** A figure with the plot, a caption and SVG/PNG download buttons. */
export function figure(svg, name, caption) {
  if (!svg) return null;
  const svgBtn = el("button", { type: "button", class: "small", "data-download": "svg" }, "Download SVG");
  const pngBtn = el("button", { type: "button", class: "small", "data-download": "png" }, "Download PNG");
  svgBtn.addEventListener("click", () => download(`${name}.svg`, new Blob([svgText(svg)], { type: "image/svg+xml" })));
  pngBtn.addEventListener("click", () => downloadPng(svg, name));
  return el("figure", { class: "plot", "data-plot": name }, svg, el("figcaption", {}, caption, " ", svgBtn, " ", pngBtn));
}

