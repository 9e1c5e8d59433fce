/**
 * {@link proposeMixture} with its bootstrap resamples spread over worker threads: the same result to the last bit
 * (each resample depends only on its own seed; answers come back in seed order). Falls back to the calling thread
 * when workers cannot start (a sandbox without worker_threads, a bundle without worker.js).
 */
import { defaultThreads } from '../workers.js';
import { planProposal, finishProposal, proposalResample, type MixtureProposal, type ProposeMixtureOptions, type ResampleResult } from './propose.js';
import { flattenContext, runOnWorkers, NoWorkers } from './pool.js';
import type { MixtureModelName } from './models.js';

/** Options of {@link proposeMixtureParallel}. */
export interface ProposeParallelOptions extends ProposeMixtureOptions {
  /** Worker threads (default: the machine's parallelism, at most 8; 1 runs in the calling thread). */
  threads?: number;
}

/**
 * {@link proposeMixture} with the bootstrap on worker threads; same result.
 *
 * @example
 * const p = await proposeMixtureParallel('trees', train.X, train.y, { resamples: 200, seed: 1, threads: 2 });
 */
export async function proposeMixtureParallel(name: MixtureModelName, X: readonly Float64Array[], y: Float64Array, options: ProposeParallelOptions = {}): Promise<MixtureProposal> {
  const plan = planProposal(name, X, y, options);
  const threads = Math.max(1, Math.min(8, options.threads ?? defaultThreads()));
  const local = (): ResampleResult[] => plan.seeds.map((s) => proposalResample(plan.ctx, s));
  if (threads === 1 || plan.seeds.length < 2) return finishProposal(plan, local());
  const batch = Math.max(1, Math.ceil(plan.seeds.length / (threads * 8)));
  const jobs: { seeds: number[] }[] = [];
  for (let i = 0; i < plan.seeds.length; i += batch) jobs.push({ seeds: plan.seeds.slice(i, i + batch) });
  let results: ResampleResult[];
  try { results = (await runOnWorkers<ResampleResult[]>(jobs, threads, { ctx: flattenContext(plan.ctx) })).flat(); } catch (e) {
    if (!(e instanceof NoWorkers)) throw e;
    results = local();
  }
  return finishProposal(plan, results);
}
