/**
 * Entry of a mixture worker thread (see pool.ts). Messages: `{ ctx }` stores a flattened proposal context;
 * `{ id, seeds }` runs those proposal bootstrap resamples; `{ id, fit }` fits a model on some runs and predicts
 * others. Answers `{ id, results }` or `{ id, error: { name, message } }` (src/workers.ts serves them and rebuilds typed errors).
 *
 * @example
 * // started by pool.ts: new Worker(new URL('./worker.js', import.meta.url))
 */
import { serveJobs } from '../workers.js';
import { proposalResample, type ResampleContext } from './propose.js';
import { unflattenContext, runFitTask, type FlatContext, type FitTask } from './pool.js';

let ctx: ResampleContext | undefined;
serveJobs(
  (msg: { seeds?: number[]; fit?: FitTask }) => (msg.fit ? runFitTask(msg.fit) : msg.seeds!.map((s) => proposalResample(ctx!, s))),
  (msg) => { if (msg.ctx) ctx = unflattenContext(msg.ctx as FlatContext); },
);
