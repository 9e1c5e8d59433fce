/**
 * Entry of a mixture worker thread (see pool.ts). Messages: `{ ctx }` stores a flattened proposal context;
 * `{ id, seeds }` runs those proposal bootstrap resamples; `{ id, fit }` fits a model on some runs and predicts
 * others. Answers `{ id, results }` or `{ id, error: { name, message } }` (typed errors are rebuilt by pool.ts).
 *
 * @example
 * // started by pool.ts: new Worker(new URL('./worker.js', import.meta.url))
 */
import { parentPort } from 'node:worker_threads';
import { proposalResample, type ResampleContext } from './propose.js';
import { unflattenContext, runFitTask, type FlatContext, type FitTask } from './pool.js';

let ctx: ResampleContext | undefined;
parentPort?.on('message', (msg: { ctx?: FlatContext; id?: number; seeds?: number[]; fit?: FitTask }) => {
  try {
    if (msg.ctx) { ctx = unflattenContext(msg.ctx); return; }
    const results = msg.fit ? runFitTask(msg.fit) : msg.seeds!.map((s) => proposalResample(ctx!, s));
    parentPort!.postMessage({ id: msg.id, results });
  } catch (e) {
    const err = e as Error;
    parentPort!.postMessage({ id: msg.id, error: { name: err?.name ?? 'Error', message: String(err?.message ?? e), stack: String(err?.stack ?? '') } });
  }
});
