/**
 * Worker threads for the ladder bootstrap: ranges of resamples run in parallel and come back as the same bytes
 * as in this thread (each resample draws from its own fork of the seed). Workers live for one call; the pool
 * itself is src/workers.ts.
 */
import { FitError } from '../errors.js';
import { defaultThreads, runJobs, workerEntry } from '../workers.js';
import { runResamples, type ResampleChunk, type ResampleProblem } from './resample.js';

/** One range of resamples of one problem. */
export interface ResampleJob {
  problem: ResampleProblem;
  from: number;
  to: number;
}

/**
 * The default number of workers: the machine's parallelism, at most 8.
 *
 * @example
 * defaultWorkers(); // 2 on the project's machine
 */
export const defaultWorkers = defaultThreads;

/**
 * Run resample jobs on `workers` threads (1, or no worker file in a bundled build: in this thread, synchronously
 * inside a promise), calling `onDone(done, total)` after each job. Results come back in the jobs' order.
 *
 * @example
 * const chunks = await runResampleJobs([{ problem, from: 0, to: 500 }, { problem, from: 500, to: 1000 }], 2);
 */
export async function runResampleJobs(jobs: readonly ResampleJob[], workers = defaultWorkers(), onDone?: (done: number, total: number) => void): Promise<ResampleChunk[]> {
  const entry = workers > 1 && jobs.length > 1 ? workerEntry(import.meta.url, 'resample-worker') : null;
  if (entry === null) {
    return jobs.map((j, i) => {
      const chunk = runResamples(j.problem, j.from, j.to);
      onDone?.(i + 1, jobs.length);
      return chunk;
    });
  }
  try {
    return await runJobs<ResampleChunk>(entry, jobs.map((j) => ({ ...j })), workers, { onDone, what: 'a bootstrap' });
  } catch (e) {
    throw e instanceof FitError ? e : new FitError((e as Error).message);
  }
}
