/**
 * {@link proposeMixture} with its bootstrap resamples spread over worker threads: the same result to the last bit
 * (each resample depends only on its own seed; results are put back in seed order), in about 1/threads of the
 * time. Falls back to the calling thread when workers cannot start (a sandbox without worker_threads, a bundle
 * without the worker file).
 */
import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { planProposal, finishProposal, proposalResample, type MixtureProposal, type ProposeMixtureOptions, type ResampleContext, type ResampleResult } from './propose.js';
import type { MixtureModelName } from './models.js';

/** A {@link ResampleContext} with its row lists packed into single typed arrays (cheap to send to a worker). */
export interface FlatContext extends Omit<ResampleContext, 'X' | 'candidates'> { d: number; X: Float64Array; candidates: Float64Array }

function pack(rows: readonly Float64Array[], d: number): Float64Array {
  const out = new Float64Array(rows.length * d);
  rows.forEach((r, i) => out.set(r, i * d));
  return out;
}

function unpack(flat: Float64Array, d: number): Float64Array[] {
  return Array.from({ length: flat.length / d }, (_, i) => flat.subarray(i * d, (i + 1) * d));
}

/**
 * Pack a context for a worker.
 *
 * @example
 * worker.postMessage({ ctx: flattenContext(plan.ctx) });
 */
export function flattenContext(ctx: ResampleContext): FlatContext {
  const d = ctx.space.prior.length;
  return { ...ctx, d, X: pack(ctx.X, d), candidates: pack(ctx.candidates, d) };
}

/**
 * Unpack a context in a worker (rows are views on the packed arrays).
 *
 * @example
 * const ctx = unflattenContext(msg.ctx);
 */
export function unflattenContext(f: FlatContext): ResampleContext {
  const { d, X, candidates, ...rest } = f;
  return { ...rest, X: unpack(X, d), candidates: unpack(candidates, d) };
}

function workerEntry(): { url: URL | string; eval: boolean } | null {
  const here = fileURLToPath(import.meta.url);
  const js = join(dirname(here), 'propose-worker.js');
  if (here.endsWith('.js')) return existsSync(js) ? { url: pathToFileURL(js), eval: false } : null;
  // From TypeScript sources (tests, tsx): start the worker through tsx's loader (see src/load/binary/sandbox.ts).
  const req = createRequire(import.meta.url);
  const api = pathToFileURL(join(dirname(req.resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;
  const ts = pathToFileURL(join(dirname(here), 'propose-worker.ts')).href;
  return { url: `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(ts)}); })`, eval: true };
}

/** Options of {@link proposeMixtureParallel}. */
export interface ProposeParallelOptions extends ProposeMixtureOptions {
  /** Worker threads (default: the machine's parallelism, at most 8; 1 runs in the calling thread). */
  threads?: number;
}

async function runInWorkers(ctx: ResampleContext, seeds: readonly number[], threads: number): Promise<ResampleResult[]> {
  const entry = workerEntry();
  if (!entry) throw new Error('worker file not found');
  const flat = flattenContext(ctx);
  const batch = Math.max(1, Math.ceil(seeds.length / (threads * 8)));
  const jobs: number[][] = [];
  for (let i = 0; i < seeds.length; i += batch) jobs.push(seeds.slice(i, i + batch));
  const out: ResampleResult[][] = new Array(jobs.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(threads, jobs.length) }, () => new Worker(entry.url, { eval: entry.eval }));
  try {
    await Promise.all(workers.map((w) => new Promise<void>((resolve, reject) => {
      const give = (): void => {
        if (next >= jobs.length) { resolve(); return; }
        const id = next++;
        w.postMessage({ id, seeds: jobs[id] });
      };
      w.on('message', (m: { id: number; results?: ResampleResult[]; error?: string }) => {
        if (m.error !== undefined) { reject(new Error(m.error)); return; }
        out[m.id] = m.results!;
        give();
      });
      w.on('error', reject);
      w.on('exit', (code) => { if (next < jobs.length || code !== 0) reject(new Error(`proposal worker exited with code ${code}`)); });
      w.postMessage({ ctx: flat });
      give();
    })));
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return out.flat();
}

/**
 * {@link proposeMixture} with the bootstrap on worker threads; same result.
 *
 * @example
 * const p = await proposeMixtureParallel('trees', train.X, train.y, { resamples: 200, seed: 1, threads: 2 });
 */
export async function proposeMixtureParallel(name: MixtureModelName, X: readonly Float64Array[], y: Float64Array, options: ProposeParallelOptions = {}): Promise<MixtureProposal> {
  const plan = planProposal(name, X, y, options);
  const threads = Math.max(1, Math.min(8, options.threads ?? availableParallelism()));
  let results: ResampleResult[];
  if (threads === 1 || plan.seeds.length < 2) results = plan.seeds.map((s) => proposalResample(plan.ctx, s));
  else {
    try { results = await runInWorkers(plan.ctx, plan.seeds, threads); } catch (e) {
      if (e instanceof Error && /worker file not found|ERR_WORKER|Cannot find module/.test(e.message)) results = plan.seeds.map((s) => proposalResample(plan.ctx, s));
      else throw e;
    }
  }
  return finishProposal(plan, results);
}
