// Analysis options in the URL's fragment, so that a link reproduces a configuration. Only
// options go there (form fields that differ from their defaults, the column uses, an edited MME
// table, the built-in example's name) — never data: the fragment is not sent to any server, and
// the page stores nothing.
import { $$ } from "./format.js";
import { state } from "./options.js";

const MODEL = ["covariates", "factors", "subgroups", "moderators"];
const list = (v) => (v ? v.split(",").map(decodeURIComponent).filter(Boolean) : []);
const enc = (xs) => xs.map((x) => encodeURIComponent(x)).join(",");

function controls() {
  // The analysis options (o-…) and the settings of the tools below the results (x-…: seed,
  // permutations, the plan's choices, the trials' names), each under its id without the prefix.
  return $$("#options-form [id^=o-], #next [id^=x-]").filter((c) => c.id !== "o-reference" && c.tagName !== "BUTTON" && !c.closest("#covariate-grid, #mme-table"));
}

function isDefault(c) {
  if (c.type === "checkbox") return c.checked === c.defaultChecked;
  if (c.tagName === "SELECT") return c.value === ([...c.options].find((o) => o.defaultSelected) ?? c.options[0])?.value;
  return c.value === c.defaultValue;
}

/** The fragment for the current options ("" when everything is at its default). */
export function encodeState({ example, reference, mmeEdited }) {
  const p = new URLSearchParams();
  if (example) p.set("example", example);
  for (const c of controls()) {
    if (c.id === "o-mmeversion" && !mmeEdited) continue;
    if (!isDefault(c)) p.set(c.id.slice(2), c.type === "checkbox" ? (c.checked ? "1" : "0") : c.value);
  }
  if (reference) p.set("reference", reference);
  for (const k of MODEL) p.set(k, enc([...state.model[k]]));
  p.set("stratum", state.model.stratum || "");
  if (mmeEdited) p.set("mme", state.mmeRows.map(([d, f]) => `${encodeURIComponent(d)}:${encodeURIComponent(f)}`).join(","));
  for (const [t, roles] of Object.entries(state.columnOverrides)) for (const [role, h] of Object.entries(roles)) p.set(`col.${t}.${role}`, h);
  return p.toString();
}

/**
 * Applies a fragment to the form and `state`; returns { example, reference, hasModel,
 * problems } or null when the fragment holds no options. Unknown keys are ignored (links from
 * newer versions). A value a control cannot take (a choice not in its list, a checkbox value
 * other than 0 or 1) is ignored too, and described in `problems`: the parameter, what it was and
 * what it may be.
 */
export function applyState(fragment) {
  const p = new URLSearchParams(fragment.replace(/^#/, ""));
  if (![...p.keys()].length) return null;
  const problems = [];
  for (const c of controls()) {
    const key = c.id.slice(2);
    const v = p.get(key);
    if (v === null) continue;
    if (c.type === "checkbox") {
      if (v === "1" || v === "0") c.checked = v === "1";
      else problems.push(`“${key}=${v}” (expected 0 or 1)`);
    } else if (c.tagName === "SELECT") {
      const values = [...c.options].map((o) => o.value);
      if (values.includes(v)) c.value = v;
      else problems.push(`“${key}=${v}” (expected one of: ${values.map((x) => x || "(empty)").join(", ")})`);
    } else c.value = v;
  }
  const hasModel = MODEL.some((k) => p.has(k)) || p.has("stratum");
  if (hasModel) {
    for (const k of MODEL) state.model[k] = new Set(list(p.get(k)));
    state.model.stratum = p.get("stratum") || "";
  }
  if (p.has("mme")) {
    state.mmeRows = p.get("mme").split(",").filter(Boolean).map((pair) => {
      const [d, f = ""] = pair.split(":");
      return [decodeURIComponent(d), decodeURIComponent(f)];
    });
  }
  for (const [k, v] of p) {
    const m = k.match(/^col\.(subjects|pain|rescue)\.(\w+)$/);
    if (m) state.columnOverrides[m[1]][m[2]] = v;
  }
  return { example: p.get("example"), reference: p.get("reference"), hasModel, mmeEdited: p.has("mme"), problems };
}
