/**
 * Entry of a ladder bootstrap worker (see pool.ts and src/workers.ts): receives `{ id, problem, from, to }` and
 * answers with runResamples of that range.
 *
 * @example
 * // started by pool.ts through runJobs(workerEntry(import.meta.url, 'resample-worker'), …)
 */
import { serveJobs } from '../workers.js';
import { runResamples, type ResampleProblem } from './resample.js';

serveJobs((msg: { problem: ResampleProblem; from: number; to: number }) => runResamples(msg.problem, msg.from, msg.to));
