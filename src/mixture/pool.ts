/**
 * Worker threads for the mixture analyses: a small pool that hands out jobs to whichever thread is free and
 * returns the answers in job order, so results never depend on the number of threads. Workers start from
 * worker.js beside this file (a build) or, from TypeScript sources (tests, tsx), through tsx's loader (as
 * src/load/binary/sandbox.ts does).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ResampleContext } from './propose.js';
import { InputError, FitError } from '../errors.js';
import { fitParams, modelFromParams, type FitMixtureOptions, type MixtureModel, type MixtureModelName } from './models.js';

/** A {@link ResampleContext} with its row lists packed into single typed arrays (cheap to send to a worker). */
export interface FlatContext extends Omit<ResampleContext, 'X' | 'candidates'> { d: number; X: Float64Array; candidates: Float64Array }

/**
 * Rows packed into one array (row-major).
 *
 * @example
 * packRows([Float64Array.from([1, 2]), Float64Array.from([3, 4])], 2); // Float64Array [1, 2, 3, 4]
 */
export function packRows(rows: readonly ArrayLike<number>[], d: number): Float64Array {
  const out = new Float64Array(rows.length * d);
  rows.forEach((r, i) => out.set(r, i * d));
  return out;
}

/**
 * Packed rows back as a list of views.
 *
 * @example
 * unpackRows(Float64Array.from([1, 2, 3, 4]), 2); // [[1, 2], [3, 4]]
 */
export function unpackRows(flat: Float64Array, d: number): Float64Array[] {
  return Array.from({ length: flat.length / d }, (_, i) => flat.subarray(i * d, (i + 1) * d));
}

/**
 * Pack a proposal context for a worker.
 *
 * @example
 * worker.postMessage({ ctx: flattenContext(plan.ctx) });
 */
export function flattenContext(ctx: ResampleContext): FlatContext {
  const d = ctx.space.prior.length;
  return { ...ctx, d, X: packRows(ctx.X, d), candidates: packRows(ctx.candidates, d) };
}

/**
 * Unpack a proposal context in a worker.
 *
 * @example
 * const ctx = unflattenContext(msg.ctx);
 */
export function unflattenContext(f: FlatContext): ResampleContext {
  const { d, X, candidates, ...rest } = f;
  return { ...rest, X: unpackRows(X, d), candidates: unpackRows(candidates, d) };
}

/** Fit a model on the runs `train` and predict the runs `predict` (indices into packed X, y). */
export interface FitTask { name: MixtureModelName; d: number; X: Float64Array; y: Float64Array; train: Int32Array; predict: Int32Array; options: FitMixtureOptions }

/**
 * Run a {@link FitTask}: the fitted parameters and the predictions.
 *
 * @example
 * const { params, predicted } = runFitTask(task);
 */
export function runFitTask(t: FitTask): { params: MixtureModel['params']; predicted: Float64Array } {
  const rows = unpackRows(t.X, t.d);
  const params = fitParams(t.name, Array.from(t.train, (i) => rows[i]!), Float64Array.from(t.train, (i) => t.y[i]!), t.options);
  const predicted = new Float64Array(t.predict.length);
  if (t.predict.length) {
    const m = modelFromParams(t.name, params, []);
    t.predict.forEach((i, p) => { predicted[p] = m.predict(rows[i]!); });
  }
  return { params, predicted };
}

function workerEntry(): { url: URL | string; eval: boolean } | null {
  const here = fileURLToPath(import.meta.url);
  const js = join(dirname(here), 'worker.js');
  if (here.endsWith('.js')) return existsSync(js) ? { url: pathToFileURL(js), eval: false } : null;
  const req = createRequire(import.meta.url);
  const api = pathToFileURL(join(dirname(req.resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;
  const ts = pathToFileURL(join(dirname(here), 'worker.ts')).href;
  return { url: `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(ts)}); })`, eval: true };
}

/** A worker's error as the calling thread would have thrown it: InputError and FitError keep their type. */
function rebuild(e: { name: string; message: string; stack: string }): Error {
  if (e.name === 'InputError') return new InputError(e.message);
  if (e.name === 'FitError') return new FitError(e.message);
  const out = new Error(e.message);
  out.stack = e.stack;
  return out;
}

/** Thrown when worker threads cannot be used here; callers then run the jobs in the calling thread. */
export class NoWorkers extends Error {}

/**
 * Run jobs (each a message payload) on `threads` workers; every worker first gets `setup` (if any). Answers come
 * back in job order.
 *
 * @example
 * const out = await runOnWorkers([{ seeds: [1, 2] }, { seeds: [3] }], 2, { ctx });
 */
export async function runOnWorkers<T>(jobs: readonly Record<string, unknown>[], threads: number, setup?: Record<string, unknown>): Promise<T[]> {
  const entry = workerEntry();
  if (!entry) throw new NoWorkers('worker.js not found beside pool.js');
  const out: T[] = new Array(jobs.length);
  let next = 0;
  let workers: Worker[];
  try { workers = Array.from({ length: Math.max(1, Math.min(threads, jobs.length)) }, () => new Worker(entry.url, { eval: entry.eval })); } catch (e) { throw new NoWorkers(String(e)); }
  try {
    await Promise.all(workers.map((w) => new Promise<void>((resolve, reject) => {
      const give = (): void => {
        if (next >= jobs.length) { resolve(); return; }
        const id = next++;
        w.postMessage({ id, ...jobs[id] });
      };
      w.on('message', (m: { id: number; results?: T; error?: { name: string; message: string; stack: string } }) => {
        if (m.error !== undefined) { reject(rebuild(m.error)); return; }
        out[m.id] = m.results!;
        give();
      });
      w.on('error', reject);
      w.on('exit', (code) => { if (next < jobs.length) reject(new Error(`mixture worker exited with code ${code}`)); });
      if (setup) w.postMessage(setup);
      give();
    })));
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return out;
}
