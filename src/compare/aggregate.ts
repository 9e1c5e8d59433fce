/**
 * Aggregate scores over several evaluations (tasks or metrics) with stratified bootstrap intervals, as rliable:
 * for each variant, runs are resampled within each task independently, and the aggregate (IQM by default, or
 * mean) is taken over all task x run scores. Scores should be on a common scale (e.g. normalized per task).
 *
 * @example
 * aggregateScores([{ name: 'base', scores: [[0.61, 0.63, 0.6], [0.41, 0.45, 0.44]] }], { statistic: 'iqm', seed: 0 });
 */
import { bootstrap, createRng, statPooledIqm, statPooledMean, type BootstrapMethod } from '../stats/index.js';
import { CompareError } from '../errors.js';

/** A variant's scores: scores[task][run]. */
export interface ScoreVariant {
  name: string;
  scores: readonly (readonly number[])[];
}

/** Options of {@link aggregateScores}. */
export interface AggregateOptions {
  statistic?: 'iqm' | 'mean';
  method?: BootstrapMethod;
  resamples?: number;
  confidence?: number;
  seed?: number;
}

/** One variant's aggregate and its stratified bootstrap interval. */
export interface AggregateResult {
  name: string;
  statistic: 'iqm' | 'mean';
  estimate: number;
  ci: [number, number];
  tasks: number;
  runs: number;
}

/**
 * Stratified-bootstrap aggregate per variant.
 *
 * @example
 * aggregateScores(variants, { statistic: 'mean', method: 'percentile', resamples: 2000 })[0].ci;
 */
export function aggregateScores(variants: readonly ScoreVariant[], o: AggregateOptions = {}): AggregateResult[] {
  const statistic = o.statistic ?? 'iqm';
  const rng = createRng(o.seed ?? 0);
  return variants.map((v, i) => {
    if (v.scores.length === 0 || v.scores.some((t) => t.length === 0)) throw new CompareError(`aggregateScores: variant '${v.name}' has a task without runs`);
    for (const [ti, t] of v.scores.entries()) if (t.some((x) => !Number.isFinite(x))) throw new CompareError(`aggregateScores: variant '${v.name}', task ${ti}: non-finite score (diverged run?)`);
    const r = bootstrap(v.scores, statistic === 'iqm' ? statPooledIqm : statPooledMean, {
      method: o.method ?? 'percentile', resamples: o.resamples ?? 10_000, confidence: o.confidence ?? 0.95, rng: rng.fork(i),
    });
    return { name: v.name, statistic, estimate: r.estimate, ci: r.ci, tasks: v.scores.length, runs: v.scores.reduce((s, t) => s + t.length, 0) };
  });
}
