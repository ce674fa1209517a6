// The minimal plain-JS page (ref-page.html): reads the example trial, runs the shared reference
// task once (byte parser) and shows its statistics in a table (data-testid="ref-results").
import * as T from "/ref/task.mjs";

const n = new URLSearchParams(location.search).get("n") || "440";
T.setJStat(globalThis.jStat);
const bytes = new Uint8Array(await (await fetch(`/ref-data/trial_${n}.csv`)).arrayBuffer());
const r = T.runStats(T.subjectAUC(T.parseBytes(bytes)));
const rows = [
  ["subjects", r.n], ["mean AUC, A", r.mean_A], ["mean AUC, B", r.mean_B],
  ["Welch t", r.welch_t], ["Welch df", r.welch_df], ["Welch p", r.welch_p],
  ["Wilcoxon W", r.wilcox_W], ["Wilcoxon p", r.wilcox_p], ["Fisher p", r.fisher_p],
];
const table = document.createElement("table");
table.dataset.testid = "ref-results";
for (const [k, v] of rows) {
  const tr = table.insertRow();
  tr.insertCell().textContent = k;
  tr.insertCell().textContent = typeof v === "number" && !Number.isInteger(v) ? v.toPrecision(6) : String(v);
}
document.getElementById("results").append(table);
document.getElementById("status").textContent = `Analysed ${r.n} subjects.`;
