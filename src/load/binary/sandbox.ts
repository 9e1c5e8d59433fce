/**
 * Decoding untrusted Parquet and Arrow files in a worker thread with a heap limit and a time limit, so that any
 * failure of a decoder that is not ours (an exception thrown asynchronously, an endless loop, an allocation storm
 * on a 10 KB file) becomes a LoadError naming the file, and the process carries on.
 *
 * One worker is kept warm and reused for the files of a load (it is unreferenced when idle and ends after
 * `idleMs`), so a folder of small Parquet files pays the start-up once. Limits scale with the file:
 * heap `heapBaseMb + heapPerMb x size in MB`, time `timeBaseMs + size / minBytesPerMs`.
 * TensorBoard files are not decoded here: that decoder is ours and bounded by construction.
 *
 * @example
 * const table = await decodeInWorker({ kind: 'parquet-long', path: 'runs.parquet' });
 */
import { statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { LoadError } from '../../errors.js';
import { workerEntry } from '../../workers.js';
import type { DecodeJob, LongTable, RowsTable } from './decode.js';

/**
 * The sandbox's limits (mutable, for tests and unusual machines).
 *
 * @example
 * sandboxLimits.timeBaseMs = 60_000; // a very slow machine
 */
export const sandboxLimits = {
  /** Heap of the worker: base plus this many MB per MB of input. */
  heapBaseMb: 128,
  heapPerMb: 32,
  /** Time: base plus the file size at this many bytes per millisecond (2 MB/s: a slow, shared machine). */
  timeBaseMs: 20_000,
  minBytesPerMs: 2_000,
  /** A warm worker ends after this long without work. */
  idleMs: 2_000,
};

interface Pending {
  resolve: (r: LongTable | RowsTable) => void;
  reject: (e: Error) => void;
  path: string;
}

let worker: Worker | undefined;
let workerHeapMb = 0;
let idleTimer: NodeJS.Timeout | undefined;
let nextId = 0;
const pending = new Map<number, Pending>();
let queue: Promise<unknown> = Promise.resolve();

function stop(reason: Error): void {
  const w = worker;
  worker = undefined;
  workerHeapMb = 0;
  if (idleTimer) clearTimeout(idleTimer);
  for (const [id, p] of pending) {
    pending.delete(id);
    p.reject(reason);
  }
  void w?.terminate();
}

function start(heapMb: number): Worker {
  const entry = workerEntry(import.meta.url, 'worker');
  if (entry === null) throw new Error('the binary decoder worker (worker.js) is missing beside sandbox.js');
  const w = new Worker(entry.url, { eval: entry.eval, resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: 32 }, stdout: true, stderr: true });
  // A decoder's stray console output is dropped: it must not mix into a command's stdout (JSON).
  w.stdout.resume();
  w.stderr.resume();
  w.on('message', (m: { id: number; ok: boolean; result?: LongTable | RowsTable; error?: { name: string; message: string; offset?: number; expected?: string; line?: number } }) => {
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (m.ok) p.resolve(m.result!);
    else {
      let err: Error;
      try {
        err = fromWorkerError(p.path, m.error!);
      } catch {
        err = new LoadError('the decoder failed', { file: p.path });
      }
      p.reject(err);
    }
  });
  w.on('error', (e: Error & { code?: string }) => {
    if (worker !== w) return;
    const oom = e.code === 'ERR_WORKER_OUT_OF_MEMORY';
    const p = [...pending.values()][0];
    stop(new LoadError(oom
      ? `decoding needed more than ${heapMb} MB of memory: the file's lengths or counts are damaged (or it is far larger inside than its size suggests)`
      : `the decoder failed (${e.message})`, { file: p?.path ?? '(worker)', expected: 'a well-formed file' }));
  });
  w.on('exit', (code) => {
    if (worker !== w) return;
    const p = [...pending.values()][0];
    stop(new LoadError(`the decoder stopped unexpectedly (exit code ${code})`, { file: p?.path ?? '(worker)' }));
  });
  worker = w;
  workerHeapMb = heapMb;
  return w;
}

/** Rebuild a LoadError from its parts: the worker's message already carries the file and location prefix. */
function fromWorkerError(file: string, e: { name: string; message: string; offset?: number; expected?: string; line?: number }): Error {
  let msg = e.message;
  const prefix = msg.indexOf(': ');
  if (e.name === 'LoadError' && msg.startsWith(file) && prefix >= 0) msg = msg.slice(prefix + 2);
  const exp = e.expected ? ` (expected ${e.expected})` : '';
  if (exp && msg.endsWith(exp)) msg = msg.slice(0, msg.length - exp.length);
  return new LoadError(msg, { file, ...(e.offset !== undefined ? { offset: e.offset } : {}), ...(e.line !== undefined ? { line: e.line } : {}), ...(e.expected ? { expected: e.expected } : {}) });
}

/**
 * End the warm worker now (it also ends by itself after `sandboxLimits.idleMs`); the next decode starts a fresh
 * one with the current limits. Jobs still running are rejected.
 *
 * @example
 * stopSandbox();
 */
export function stopSandbox(): void {
  if (worker) stop(new LoadError('the sandbox was stopped', { file: [...pending.values()][0]?.path ?? '(worker)' }));
}

/** Heap for a file of `size` bytes. */
function heapFor(size: number): number {
  return Math.min(16_384, Math.ceil(sandboxLimits.heapBaseMb + (sandboxLimits.heapPerMb * size) / 1048576));
}

/**
 * Start the worker ahead of need (for the largest of the files about to be decoded), so its start-up overlaps
 * other work: `load()` calls this when a walk holds Parquet or Arrow files after other files. No-op when a warm
 * worker with enough heap exists.
 *
 * @example
 * prewarmSandbox(statSync('runs.parquet').size);
 */
export function prewarmSandbox(size: number): void {
  const heapMb = heapFor(size);
  if (worker && workerHeapMb >= heapMb) return;
  if (worker && pending.size) return; // busy: the next job restarts it if needed
  if (worker) stop(new LoadError('restarted', { file: '(worker)' }));
  const w = start(heapMb);
  w.unref();
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = setTimeout(() => { if (worker === w && pending.size === 0) stop(new LoadError('idle', { file: '(worker)' })); }, sandboxLimits.idleMs * 5);
  idleTimer.unref();
}

/**
 * Decode `job.path` in the sandbox worker. Rejects with a LoadError (file, offset, what was expected) on a damaged
 * file, a decoder crash, an exhausted heap or an exceeded time; never throws anything else, never hangs.
 *
 * @example
 * const t = await decodeInWorker({ kind: 'arrow-long', path: 'runs.arrow' });
 */
export function decodeInWorker(job: DecodeJob): Promise<LongTable | RowsTable> {
  const run = queue.then(() => runJob(job));
  queue = run.catch(() => undefined);
  return run;
}

function runJob(job: DecodeJob): Promise<LongTable | RowsTable> {
  let size: number;
  try {
    size = statSync(job.path).size;
  } catch (e) {
    return Promise.reject(new LoadError((e as Error).message, { file: job.path }));
  }
  const L = sandboxLimits;
  const heapMb = heapFor(size);
  if (idleTimer) clearTimeout(idleTimer);
  if (worker && workerHeapMb < heapMb) stop(new LoadError('restarted', { file: job.path }));
  const w = worker ?? start(heapMb);
  w.ref();
  const ms = Math.ceil(L.timeBaseMs + size / L.minBytesPerMs);
  const id = nextId++;
  return new Promise<LongTable | RowsTable>((resolve, reject) => {
    const timer = setTimeout(() => {
      stop(new LoadError(`decoding did not finish within ${(ms / 1000).toFixed(1)} s: the file is damaged in a way that sends the decoder into a loop`, { file: job.path, expected: 'a well-formed file' }));
    }, ms);
    const done = () => {
      clearTimeout(timer);
      if (worker === w && pending.size === 0) {
        w.unref();
        idleTimer = setTimeout(() => { if (worker === w && pending.size === 0) stop(new LoadError('idle', { file: '(worker)' })); }, L.idleMs);
        idleTimer.unref();
      }
    };
    pending.set(id, {
      path: job.path,
      resolve: (r) => { done(); resolve(r); },
      reject: (e) => { done(); reject(e); },
    });
    w.postMessage({ id, job });
  });
}
