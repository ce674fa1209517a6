// Resampling across Web Workers: one worker per core (navigator.hardwareConcurrency, at most
// 16), each running www/worker.js, started on first use and kept for the next job. A job is cut
// into numbered blocks (the core seeds block b from (seed, b)), each worker computes one
// contiguous range of blocks, and the parts are combined in block order — so the result is the
// same whatever the number of workers. `cancelPool()` terminates the workers (new ones start on
// the next job).
import { newWorker } from "./engine.js";

/** @typedef {{ w: Worker, ready?: Promise<any>, pending: Map<number, { resolve: (v: any) => void, reject: (e: any) => void, onProgress?: (p: any) => void }> }} PoolWorker */

/** @type {PoolWorker[]} */
let workers = [];
let nextId = 1;

/** The number of workers a job uses. */
export const poolSize = () => Math.max(1, Math.min(16, navigator.hardwareConcurrency || 2));

function failAll(err) {
  for (const pw of workers) {
    for (const p of pw.pending.values()) p.reject(err);
    pw.pending.clear();
    pw.w.terminate();
  }
  workers = [];
}

function ensure(n) {
  while (workers.length < n) {
    const pw = { w: newWorker(), pending: new Map() };
    pw.w.onmessage = (e) => {
      const m = e.data;
      const p = pw.pending.get(m.id);
      if (!p) return;
      if (m.progress) { p.onProgress?.(m.progress); return; }
      pw.pending.delete(m.id);
      if (m.ok) p.resolve(m.result); else p.reject(m.error);
    };
    pw.w.onerror = (e) => {
      e.preventDefault();
      failAll({ kind: "internal", message: `resampling stopped unexpectedly: ${e.message || "worker error"}` });
    };
    workers.push(pw);
    // Any request first: it cancels the worker's warm-up analysis (www/worker.js); its answer
    // says that the wasm is compiled and instantiated.
    pw.ready = call(pw, { type: "pool" }).catch(() => {});
  }
  return workers.slice(0, n);
}

/**
 * @param {PoolWorker} pw
 * @param {Record<string, any>} message
 * @param {(p: any) => void} [onProgress]
 */
function call(pw, message, onProgress) {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pw.pending.set(id, { resolve, reject, onProgress });
    pw.w.postMessage({ ...message, id });
  });
}

/** Starts the workers ahead of a job (they fetch and compile the wasm meanwhile). */
export function warmPool() {
  ensure(poolSize());
}

/** Resolves when every started worker has its wasm ready. */
export const poolReady = () => Promise.all(workers.map((pw) => pw.ready));

/**
 * Runs `blocks` blocks of a job across the workers and combines the parts in one of them.
 * @param {"resample" | "simulate"} kind
 * @param {any} data the `ResamplingData` the job draws from
 * @param {any} job the job's options (seed, replicates, …)
 * @param {number} blocks
 * @param {(done: number, total: number) => void} [onProgress]
 * @returns {Promise<{ result: any, ms: number, workers: number }>}
 */
export async function runJob(kind, data, job, blocks, onProgress) {
  const t0 = performance.now();
  const n = Math.max(1, Math.min(poolSize(), blocks));
  const pool = ensure(n);
  const done = new Array(n).fill(0);
  const report = () => onProgress?.(done.reduce((a, b) => a + b, 0), blocks);
  // Chunks of about an eighth of a worker's range: progress without many calls (each call
  // reads the data anew).
  const ranges = pool.map((_, k) => [Math.floor((k * blocks) / n), Math.floor(((k + 1) * blocks) / n)]);
  const partsPerWorker = await Promise.all(pool.map((pw, k) => {
    const [from, to] = ranges[k];
    const chunk = Math.max(1, Math.ceil((to - from) / 8));
    return call(pw, { type: "blocks", kind, data, job, from, to, chunk }, (p) => { done[k] = p.done; report(); });
  }));
  const parts = partsPerWorker.flat();
  const result = await call(pool[0], { type: "summary", kind, data, job, parts });
  return { result, ms: performance.now() - t0, workers: n };
}

/** Whether a job is running. */
export const poolBusy = () => workers.some((pw) => pw.pending.size > 0);

/** Stops a job in progress; its promise rejects with `{ kind: "cancelled" }`. */
export function cancelPool() {
  failAll({ kind: "cancelled", message: "cancelled" });
}
