// The page around the report: results first. The data and the options fold to one line each
// (what was analysed) that opens on demand, and the results start with the verdicts.
// Presentation only.
import { $ } from "./format.js";
import { ENDPOINT, PRIMARY_TEST, RESCUE_TEST, nameOf } from "./labels.js";
import { imputationText } from "./results.js";

/** @typedef {import("../pkg/analgesic_endpoints").Report} Report */

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
    `window ${s.window[0]}–${s.window[1]} h`,
    `${nameOf(ENDPOINT, s.primaryEndpoint)} by ${nameOf(PRIMARY_TEST, s.primaryTest)}, ${s.rescueOpioidOnly ? "opioid " : ""}rescue by ${nameOf(RESCUE_TEST, s.rescueTest)}`,
    imputationText(s.imputation),
    `α = ${s.alpha}`,
  ];
  $("#options-summary").textContent = parts.join(" · ");
}

/**
 * Draws a report's blocks (renderReport()'s output) into the results: the verdicts first, then
 * the download bar, then the rest.
 * @param {HTMLElement} body
 * @param {Element[]} blocks
 * @param {Element} tools
 */
export function showReport(body, blocks, tools) {
  let k = 0;
  while (k < blocks.length && blocks[k].matches('.verdict, [data-testid="verdict"]')) k++;
  body.replaceChildren(...blocks.slice(0, k), tools, ...blocks.slice(k));
}

/** Once, at start: a file dragged over the folded data box opens it. */
export function wireLayout() {
  $("#data-box > summary").addEventListener("dragenter", () => openBox("data"));
}
