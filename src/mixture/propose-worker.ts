/**
 * Entry of a proposal-bootstrap worker thread (see propose-parallel.ts): receives a flattened
 * {@link ResampleContext} once, then batches `{ id, seeds }`, answers `{ id, results }` in seed order.
 *
 * @example
 * // started by propose-parallel.ts: new Worker(new URL('./propose-worker.js', import.meta.url))
 */
import { parentPort } from 'node:worker_threads';
import { proposalResample, type ResampleContext } from './propose.js';
import { unflattenContext, type FlatContext } from './propose-parallel.js';

let ctx: ResampleContext | undefined;
parentPort?.on('message', (msg: { ctx?: FlatContext; id?: number; seeds?: number[] }) => {
  try {
    if (msg.ctx) { ctx = unflattenContext(msg.ctx); return; }
    const results = msg.seeds!.map((s) => proposalResample(ctx!, s));
    parentPort!.postMessage({ id: msg.id, results });
  } catch (e) {
    parentPort!.postMessage({ id: msg.id, error: String((e as Error)?.stack ?? e) });
  }
});
