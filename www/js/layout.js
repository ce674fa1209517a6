// The page around the report: results first. The data and the options fold to one line each
// (what was analysed) that opens on demand; the results start with the verdicts, then a contents
// list linking every results section; each section opens and closes and keeps that state when the
// report is drawn again (an option changed). Presentation only.
import { $, $$, el, slug } from "./format.js";
import { ENDPOINT, PRIMARY_TEST, RESCUE_TEST, nameOf } from "./labels.js";
import { imputationText } from "./results.js";

/** @typedef {import("../pkg/analgesic_endpoints").Report} Report */

/** Whether each results section (by element id) was open, kept across analyses. */
const openState = new Map();
/** The contents list on the page (the floating "Contents" link shows while it is out of sight). */
let nav = null;
let observer = null;

/** Opens the data box ("data") or the options ("options"). */
export function openBox(which) {
  $(which === "data" ? "#data-box" : "#options-box").open = true;
}

/** Folds the data and the options to their summary lines (after the user asked for results). */
export function foldInputs() {
  $("#data-box").open = false;
  $("#options-box").open = false;
}

/** The data box's summary line: which tables are analysed. */
export function setDataSummary(text) {
  $("#data-summary").textContent = text;
}

/**
 * The options' summary line from the settings a report was computed with: population, window,
 * endpoints and their tests, the rule for scores after rescue and dropouts, α.
 * @param {Report} r
 */
export function setOptionsSummary(r) {
  const s = r.settings, pop = r.input.population;
  const n = r.subjects.length;
  const who = pop.flag ? `${n} subjects with ${pop.flag} = Y${pop.auto ? " (auto)" : ""}` : `all ${n} subjects`;
  const parts = [
    `${who}${pop.subset.length ? ` in ${pop.subset.join("; ")}` : ""}`,
    `window ${s.window.start}–${s.window.end} h`,
    `${nameOf(ENDPOINT, s.primaryEndpoint)} by ${nameOf(PRIMARY_TEST, s.primaryTest)}, ${s.rescueOpioidOnly ? "opioid " : ""}rescue by ${nameOf(RESCUE_TEST, s.rescueTest)}`,
    imputationText(s.imputation),
    `α = ${s.alpha}`,
  ];
  $("#options-summary").textContent = parts.join(" · ");
}

/** A block's title for the contents: a section's summary or the block's first heading. */
function titleOf(block) {
  const h = block.matches("details") ? block.querySelector(":scope > summary") : block.querySelector("h3");
  return h ? h.textContent.replace(/\s+/g, " ").trim() : "";
}

/** Opens `target` (a section, or the section around it), scrolls to it and moves the focus there. */
function go(target) {
  for (let d = target.closest("details"); d; d = d.parentElement.closest("details")) d.open = true;
  target.scrollIntoView({ block: "start" });
  const focus = target.matches("details") ? target.querySelector(":scope > summary") : target;
  if (!focus.matches("summary, a, button")) focus.setAttribute("tabindex", "-1");
  focus.focus({ preventScroll: true });
}

/** A link that goes to `target` without changing the URL (its fragment holds the options). */
function link(target, text) {
  const a = el("a", { href: `#${target.id}` }, text);
  a.addEventListener("click", (e) => { e.preventDefault(); go(target); });
  return a;
}

/**
 * The contents of the results: a link to every block with a heading, and buttons that open or
 * close every section.
 * @param {Element[]} blocks
 */
function contents(blocks) {
  const items = blocks.filter((b) => b.id && titleOf(b)).map((b) => el("li", {}, link(b, titleOf(b))));
  const all = (open) => () => { for (const d of $$("#results-body details.result-section, #results-body details.subjects")) d.open = open; };
  const openAll = el("button", { type: "button", class: "small link" }, "Open all sections");
  const closeAll = el("button", { type: "button", class: "small link" }, "Close all");
  openAll.addEventListener("click", all(true));
  closeAll.addEventListener("click", all(false));
  return el("nav", { id: "results-contents", class: "contents", "aria-labelledby": "contents-h" },
    el("h3", { id: "contents-h" }, "Contents"),
    el("ul", {}, items),
    el("p", { class: "contents-tools" }, openAll, " ", closeAll));
}

/**
 * Draws a report's blocks (renderReport()'s output) into the results: the verdicts first, then
 * the contents and the download bar, then the rest. Every section keeps the open or closed state
 * it had in the report drawn before.
 * @param {HTMLElement} body
 * @param {Element[]} blocks
 * @param {Element} tools
 */
export function showReport(body, blocks, tools) {
  // While printing every section is open (data-reclose marks the ones the user had closed).
  for (const d of $$("details[id]", body)) openState.set(d.id, d.open && !d.hasAttribute("data-reclose"));
  const used = new Set();
  for (const b of blocks) {
    if (!b.id && titleOf(b)) b.id = `r-${slug(titleOf(b))}`;
    // Two blocks of the same title (e.g. two comparisons' verdicts) get distinct ids.
    for (let i = 2; b.id && used.has(b.id); i++) b.id = `${b.id.replace(/-\d+$/, "")}-${i}`;
    used.add(b.id);
  }
  let k = 0;
  // The verdicts (after the printed header line) come before the contents.
  while (k < blocks.length && blocks[k].matches('.print-header, .verdict, [data-testid="verdict"]')) k++;
  nav = contents(blocks);
  body.replaceChildren(...blocks.slice(0, k), nav, tools, ...blocks.slice(k));
  for (const d of $$("details[id]", body)) if (openState.has(d.id)) d.open = openState.get(d.id);
  if (observer) { observer.disconnect(); observer.observe(nav); }
}

/** The floating "Contents" link, shown while the contents list is scrolled out of sight above. */
function floatingLink() {
  const a = el("a", { href: "#results-contents", class: "to-contents", hidden: true }, "↑ Contents");
  a.addEventListener("click", (e) => { e.preventDefault(); if (nav) go(nav); });
  document.body.append(a);
  if (typeof IntersectionObserver === "function") {
    observer = new IntersectionObserver(([entry]) => { a.hidden = entry.isIntersecting || entry.boundingClientRect.top > 0; });
  }
}

/** Once, at start: the floating link; a file dragged over the folded data box opens it. */
export function wireLayout() {
  floatingLink();
  $("#data-box > summary").addEventListener("dragenter", () => openBox("data"));
}
