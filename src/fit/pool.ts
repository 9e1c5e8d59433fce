/**
 * Run {@link runStarts} tasks on worker threads, falling back to the calling thread whenever workers are
 * unavailable (an instrumented or bundled build, a sandbox without worker_threads, an error in a worker).
 *
 * The worker is built from the SOURCE TEXT of the self-contained kernel functions (`new Worker(src, {eval: true})`),
 * so it needs no TypeScript loader, whatever runs the caller (node, tsx, vitest). The starts are split into
 * contiguous chunks and the chunks concatenated in order; each start's result depends only on that start, so the
 * output is identical for every thread count.
 *
 * @example
 * const out = await runStartsParallel(task, 2);
 */
import { defaultThreads } from '../workers.js';
import { Worker } from 'node:worker_threads';
import { lbfgsMinimize } from '../stats/optim-lbfgs.js';
import { makeBuiltinObjective, runStarts, type StartsResult, type StartsTask } from './kernel.js';

const deps = { lbfgsMinimize, makeBuiltinObjective };

let workerSource: string | null = null;
function source(): string {
  workerSource ??= [
    "'use strict';",
    "const { parentPort } = require('node:worker_threads');",
    // esbuild (tsx, vitest) may wrap nested functions in __name(fn, name) when it keeps names.
    'var __name = (f) => f;',
    `const lbfgsMinimize = ${lbfgsMinimize.toString()};`,
    `const makeBuiltinObjective = ${makeBuiltinObjective.toString()};`,
    `const runStarts = ${runStarts.toString()};`,
    'const deps = { lbfgsMinimize, makeBuiltinObjective };',
    "parentPort.on('message', (task) => {",
    '  try { const r = runStarts(deps, task); parentPort.postMessage({ ok: true, r }); }',
    '  catch (e) { parentPort.postMessage({ ok: false, error: String(e && e.stack || e) }); }',
    '});',
  ].join('\n');
  return workerSource;
}

/** Number of threads used when the caller does not say: the machine's parallelism, at most 8 (src/workers.ts). */
export { defaultThreads };

/**
 * Run a task in the calling thread.
 *
 * @example
 * const out = runStartsLocal(task);
 */
export function runStartsLocal(task: StartsTask): StartsResult {
  return runStarts(deps, task);
}

function slice(task: StartsTask, from: number, to: number): StartsTask {
  const n = task.y.length;
  const k = task.starts.length / task.p;
  const perStart = task.weights !== null && task.weights.length === n * k && k > 1;
  return {
    ...task,
    starts: task.starts.slice(from * task.p, to * task.p),
    weights: perStart ? task.weights!.slice(from * n, to * n) : task.weights,
  };
}

function runInWorker(task: StartsTask): Promise<StartsResult> {
  return new Promise((resolve, reject) => {
    let w: Worker;
    try {
      w = new Worker(source(), { eval: true });
    } catch (e) {
      reject(e as Error);
      return;
    }
    w.once('message', (m: { ok: boolean; r?: StartsResult; error?: string }) => {
      void w.terminate();
      if (m.ok && m.r) resolve(m.r);
      else reject(new Error(m.error ?? 'worker failed'));
    });
    w.once('error', (e) => { void w.terminate(); reject(e); });
    w.postMessage(task);
  });
}

/**
 * Run `task` split over up to `threads` threads (1 = the calling thread only). Small tasks (fewer than
 * `minPerThread` starts per thread) stay in the calling thread, where a worker's start-up would not pay.
 *
 * @example
 * const out = await runStartsParallel(task, 2);
 */
export async function runStartsParallel(task: StartsTask, threads = defaultThreads(), minPerThread = 64): Promise<StartsResult> {
  const k = task.starts.length / task.p;
  const t = Math.max(1, Math.min(Math.floor(threads), Math.floor(k / minPerThread)));
  if (t <= 1) return runStartsLocal(task);
  const bounds: [number, number][] = [];
  for (let i = 0; i < t; i++) bounds.push([Math.floor((i * k) / t), Math.floor(((i + 1) * k) / t)]);
  let parts: StartsResult[];
  try {
    // The calling thread takes the first chunk itself while the workers run the rest.
    const remote = bounds.slice(1).map(([a, b]) => runInWorker(slice(task, a, b)));
    const first = runStartsLocal(slice(task, bounds[0]![0], bounds[0]![1]));
    parts = [first, ...(await Promise.all(remote))];
  } catch {
    return runStartsLocal(task);
  }
  const out: StartsResult = {
    x: new Float64Array(k * task.p),
    f: new Float64Array(k),
    converged: new Uint8Array(k),
    iterations: new Uint32Array(k),
  };
  parts.forEach((r, i) => {
    const a = bounds[i]![0];
    out.x.set(r.x, a * task.p);
    out.f.set(r.f, a);
    out.converged.set(r.converged, a);
    out.iterations.set(r.iterations, a);
  });
  return out;
}
