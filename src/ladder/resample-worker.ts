/**
 * Entry of a ladder bootstrap worker (see pool.ts): receives `{ id, problem, from, to }`, answers
 * `{ id, ok: true, chunk }` (runResamples of that range) or `{ id, ok: false, message }`.
 *
 * @example
 * // started by pool.ts: new Worker(new URL('./resample-worker.js', import.meta.url))
 */
import { parentPort } from 'node:worker_threads';
import { runResamples, type ResampleProblem } from './resample.js';

parentPort?.on('message', (msg: { id: number; problem: ResampleProblem; from: number; to: number }) => {
  try {
    const chunk = runResamples(msg.problem, msg.from, msg.to);
    parentPort!.postMessage({ id: msg.id, ok: true, chunk });
  } catch (e) {
    parentPort!.postMessage({ id: msg.id, ok: false, message: String((e as Error)?.message ?? e) });
  }
});
