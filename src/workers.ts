/**
 * Worker threads shared by the analyses that run many independent jobs (bootstrap resamples, CV folds) and by the
 * binary sandbox: where a worker's entry file is, a pool that hands jobs to whichever thread is free and returns
 * the answers in job order (so results never depend on the number of threads), and the worker side of that
 * protocol. Typed errors thrown in a worker (InputError, FitError, CompareError, ReportError) come back with their type.
 *
 * Protocol: the pool sends `setup` (if any) to each worker first, then `{ id, ...job }`; the worker answers
 * `{ id, results }` or `{ id, error: { name, message, stack } }`.
 *
 * @example
 * // pool side
 * const entry = workerEntry(import.meta.url, 'resample-worker');
 * const chunks = await runJobs<Chunk>(entry!, jobs, 2);
 * // worker side (resample-worker.ts)
 * serveJobs((msg: Job) => runResamples(msg.problem, msg.from, msg.to));
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, parentPort } from 'node:worker_threads';
import { CompareError, FitError, InputError, ReportError } from './errors.js';

/** How to start a worker: a file URL (a build), or source text to eval (TypeScript sources through tsx). */
export interface WorkerEntry {
  url: URL | string;
  eval: boolean;
}

/**
 * The entry of the worker `name` (file name without extension) beside the module `moduleUrl`: `name.js` in a build,
 * or, from TypeScript sources (tests, tsx), `name.ts` through tsx's loader. `null` when this is a build and
 * `name.js` is missing (a bundled or instrumented build): callers then run the jobs in the calling thread.
 *
 * @example
 * workerEntry(import.meta.url, 'worker'); // { url: URL('file:///…/dist/mixture/worker.js'), eval: false }
 */
export function workerEntry(moduleUrl: string, name: string): WorkerEntry | null {
  const here = fileURLToPath(moduleUrl);
  const js = join(dirname(here), `${name}.js`);
  if (here.endsWith('.js')) return existsSync(js) ? { url: pathToFileURL(js), eval: false } : null;
  const req = createRequire(moduleUrl);
  const api = pathToFileURL(join(dirname(req.resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;
  const ts = pathToFileURL(join(dirname(here), `${name}.ts`)).href;
  return { url: `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(ts)}); })`, eval: true };
}

/**
 * The default number of worker threads: the machine's parallelism, at most 8.
 *
 * @example
 * defaultThreads(); // 2 on the project's machine
 */
export function defaultThreads(): number {
  return Math.max(1, Math.min(8, availableParallelism()));
}

/** An error as it crosses from a worker to the calling thread. */
export interface WorkerErrorMessage {
  name: string;
  message: string;
  stack: string;
}

const TYPED: Record<string, new (message: string) => Error> = { InputError, FitError, CompareError, ReportError };

/** An error thrown in a worker, rebuilt in the calling thread: InputError, FitError, CompareError, ReportError keep their type. */
function rebuildError(e: WorkerErrorMessage, what: string): Error {
  const Typed = TYPED[e.name];
  if (Typed) return new Typed(e.message);
  const out = new Error(`${what} worker failed: ${e.message}`);
  out.stack = e.stack;
  return out;
}

/** Options of {@link runJobs}. */
export interface RunJobsOptions {
  /** Sent to every worker before its first job (e.g. a large context the jobs share). */
  setup?: Record<string, unknown>;
  /** Called after each answer with (answers so far, jobs). */
  onDone?: (done: number, total: number) => void;
  /** Names the work in errors ("a mixture worker failed: …"). Default 'a'. */
  what?: string;
}

/**
 * Run `jobs` (message payloads) on up to `threads` workers started from `entry`; answers come back in job order.
 * A worker that throws rejects with the rebuilt error; one that exits early rejects naming its exit code. All
 * workers are terminated before this returns.
 *
 * @example
 * const out = await runJobs<number[]>(workerEntry(import.meta.url, 'worker')!, [{ seeds: [1, 2] }, { seeds: [3] }], 2);
 */
export async function runJobs<T>(entry: WorkerEntry, jobs: readonly Record<string, unknown>[], threads: number, options: RunJobsOptions = {}): Promise<T[]> {
  const what = options.what ?? 'a';
  const out: T[] = new Array(jobs.length);
  let next = 0;
  let done = 0;
  const workers = Array.from({ length: Math.max(1, Math.min(threads, jobs.length)) }, () => new Worker(entry.url, { eval: entry.eval }));
  try {
    await Promise.all(workers.map((w) => new Promise<void>((resolve, reject) => {
      const give = (): void => {
        if (next >= jobs.length) { resolve(); return; }
        const id = next++;
        w.postMessage({ ...jobs[id], id });
      };
      w.on('message', (m: { id: number; results?: T; error?: WorkerErrorMessage }) => {
        if (m.error !== undefined) { reject(rebuildError(m.error, what)); return; }
        out[m.id] = m.results as T;
        options.onDone?.(++done, jobs.length);
        give();
      });
      w.on('error', (e) => reject(new Error(`${what} worker failed: ${e.message}`)));
      w.on('exit', (code) => { if (next < jobs.length || done < jobs.length) reject(new Error(`${what} worker stopped (exit code ${code})`)); });
      if (options.setup) w.postMessage(options.setup);
      give();
    })));
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return out;
}

/**
 * The worker side of {@link runJobs}: answer every message that has an `id` with `handle(message)`, and pass
 * messages without one (the setup) to `setup`. Errors are sent back with their name, message and stack.
 *
 * @example
 * serveJobs((msg: { problem: P; from: number; to: number }) => runResamples(msg.problem, msg.from, msg.to));
 */
export function serveJobs<M extends object>(handle: (msg: M) => unknown, setup?: (msg: Record<string, unknown>) => void): void {
  parentPort?.on('message', (msg: M & { id?: number }) => {
    if (msg.id === undefined) { setup?.(msg as Record<string, unknown>); return; }
    try {
      parentPort!.postMessage({ id: msg.id, results: handle(msg) });
    } catch (e) {
      const err = e as Error;
      parentPort!.postMessage({ id: msg.id, error: { name: err?.name ?? 'Error', message: String(err?.message ?? e), stack: String(err?.stack ?? '') } });
    }
  });
}
