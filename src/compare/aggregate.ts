/**
 * Aggregate scores over several evaluations (tasks or metrics) with stratified bootstrap intervals, as rliable:
 * for each variant, runs are resampled within each task independently, and the aggregate (IQM by default, or
 * mean) is taken over all task x run scores. Scores should be on a common scale (e.g. normalized per task).
 *
 * @example
 * aggregateScores([{ name: 'base', scores: [[0.61, 0.63, 0.6], [0.41, 0.45, 0.44]] }], { statistic: 'iqm', seed: 0 });
 */
import { bootstrap, createRng, intervalCoverage, statPooledIqm, statPooledMean, type BootstrapMethod, type IntervalCoverage } from '../stats/index.js';
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
  /** [NaN, NaN] when withheld (see `coverage.withheld`). */
  ci: [number, number];
  tasks: number;
  runs: number;
  /**
   * Measured coverage of the percentile interval at this many runs per task (bench/coverage.ts, 5 tasks); with at
   * most 5 tasks the interval is withheld below the runs per task where it holds 93-97%. None for other methods.
   */
  coverage?: IntervalCoverage;
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
    const method = o.method ?? 'percentile', confidence = o.confidence ?? 0.95;
    const r = bootstrap(v.scores, statistic === 'iqm' ? statPooledIqm : statPooledMean, {
      method, resamples: o.resamples ?? 10_000, confidence, rng: rng.fork(i),
    });
    const perTask = Math.min(...v.scores.map((t) => t.length));
    let coverage = method === 'percentile' ? intervalCoverage(statistic === 'iqm' ? 'aggregate-iqm' : 'aggregate-mean', perTask, confidence) : undefined;
    // Measured with 5 tasks: more tasks mean more runs in the pool, so the label applies but withholding does not.
    if (coverage?.withheld && v.scores.length > 5) { const { withheld: _w, ...rest } = coverage; coverage = rest; }
    const ci: [number, number] = coverage?.withheld ? [NaN, NaN] : r.ci;
    return { name: v.name, statistic, estimate: r.estimate, ci, tasks: v.scores.length, runs: v.scores.reduce((s, t) => s + t.length, 0), ...(coverage ? { coverage } : {}) };
  });
}
