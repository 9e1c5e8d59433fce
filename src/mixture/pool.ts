/**
 * Worker threads for the mixture analyses: a small pool that hands out jobs to whichever thread is free and
 * returns the answers in job order, so results never depend on the number of threads (the pool is src/workers.ts;
 * this module packs the mixture jobs for it).
 */
import type { ResampleContext } from './propose.js';
import { runJobs, workerEntry } from '../workers.js';
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
  const entry = workerEntry(import.meta.url, 'worker');
  if (!entry) throw new NoWorkers('worker.js not found beside pool.js');
  return runJobs<T>(entry, jobs, threads, { ...(setup ? { setup } : {}), what: 'a mixture' });
}
