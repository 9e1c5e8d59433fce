/**
 * Worker threads for the ladder bootstrap: ranges of resamples run in parallel and come back as the same bytes
 * as in this thread (each resample draws from its own fork of the seed). Workers live for one call.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { FitError } from '../errors.js';
import { runResamples, type ResampleChunk, type ResampleProblem } from './resample.js';

/** One range of resamples of one problem. */
export interface ResampleJob {
  problem: ResampleProblem;
  from: number;
  to: number;
}

function workerEntry(): { url: URL | string; eval: boolean } {
  const here = fileURLToPath(import.meta.url);
  const js = join(dirname(here), 'resample-worker.js');
  if (here.endsWith('.js') && existsSync(js)) return { url: pathToFileURL(js), eval: false };
  // from TypeScript sources (tests, tsx): through tsx's loader
  const req = createRequire(import.meta.url);
  const api = pathToFileURL(join(dirname(req.resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;
  const ts = pathToFileURL(join(dirname(here), 'resample-worker.ts')).href;
  return { url: `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(ts)}); })`, eval: true };
}

/**
 * The default number of workers: the machine's parallelism, at most 8.
 *
 * @example
 * defaultWorkers(); // 2 on the project's machine
 */
export function defaultWorkers(): number {
  return Math.max(1, Math.min(8, availableParallelism()));
}

/**
 * Run resample jobs on `workers` threads (1: in this thread, synchronously inside a promise), calling
 * `onDone(done, total)` after each job. Results come back in the jobs' order.
 *
 * @example
 * const chunks = await runResampleJobs([{ problem, from: 0, to: 500 }, { problem, from: 500, to: 1000 }], 2);
 */
export async function runResampleJobs(jobs: readonly ResampleJob[], workers = defaultWorkers(), onDone?: (done: number, total: number) => void): Promise<ResampleChunk[]> {
  const out: ResampleChunk[] = new Array(jobs.length);
  if (workers <= 1 || jobs.length <= 1) {
    jobs.forEach((j, i) => {
      out[i] = runResamples(j.problem, j.from, j.to);
      onDone?.(i + 1, jobs.length);
    });
    return out;
  }
  const entry = workerEntry();
  const pool = Array.from({ length: Math.min(workers, jobs.length) }, () => new Worker(entry.url, { eval: entry.eval }));
  let next = 0;
  let done = 0;
  try {
    await Promise.all(
      pool.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            const send = (): void => {
              if (next >= jobs.length) return resolve();
              const id = next++;
              const j = jobs[id]!;
              w.postMessage({ id, problem: j.problem, from: j.from, to: j.to });
            };
            w.on('message', (m: { id: number; ok: boolean; chunk?: ResampleChunk; message?: string }) => {
              if (!m.ok) return reject(new FitError(`a bootstrap worker failed: ${m.message}`));
              out[m.id] = m.chunk!;
              onDone?.(++done, jobs.length);
              send();
            });
            w.on('error', (e) => reject(new FitError(`a bootstrap worker failed: ${e.message}`)));
            w.on('exit', (code) => {
              if (next < jobs.length || done < jobs.length) reject(new FitError(`a bootstrap worker stopped (exit code ${code})`));
            });
            send();
          }),
      ),
    );
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return out;
}
