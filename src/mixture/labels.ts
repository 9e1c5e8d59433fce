/**
 * What the mixture intervals are: labels (src/stats/interval.ts) for held-out prediction intervals and for the CV
 * Spearman interval, carrying the coverage bench/mixture-coverage.ts measured on the RegMix fixture when the
 * interval is of the measured kind (95%, and for CV 5 folds).
 */
import type { IntervalLabel } from '../stats/interval.js';
import type { MixtureModelName } from './models.js';
import { PREDICTION_COVERAGE, PREDICTION_COVERAGE_DESIGN, CV_SPEARMAN_COVERAGE, CV_SPEARMAN_COVERAGE_DESIGN, CV_SPEARMAN_SPLITS, NEW_TEST_SPEARMAN_COVERAGE } from './coverage-table.js';

/**
 * The label of {@link predictWithIntervals}' intervals.
 *
 * @example
 * describeInterval(predictionIntervalLabel('trees', 'run', 200, 1));
 * // '95% percentile bootstrap over runs (refit plus an out-of-bag residual: the loss of one new run), 200 resamples, seed 1, measured coverage ...'
 */
export function predictionIntervalLabel(name: MixtureModelName, kind: 'mean' | 'run', resamples: number, seed: number, level = 0.95): IntervalLabel {
  const cov = level === 0.95 ? PREDICTION_COVERAGE[name]?.[kind] : undefined;
  return {
    level, method: 'percentile', resamples, seed,
    over: kind === 'run' ? 'runs (refit plus an out-of-bag residual: the loss of one new run)' : "runs (refit only: the model's mean loss, not one run's)",
    ...(cov !== undefined ? { coverage: cov, coverageDesign: PREDICTION_COVERAGE_DESIGN } : {}),
  };
}

/**
 * The label of a cross-validated Spearman interval (percentile bootstrap over the pooled out-of-fold predictions).
 *
 * @example
 * cvSpearmanLabel('trees', 5, 1000, 1); // { level: 0.95, method: 'percentile', ..., coverage: 0.5 } (measured on the fixture)
 */
export function cvSpearmanLabel(name: MixtureModelName, folds: number, resamples: number, seed: number, level = 0.95): IntervalLabel {
  const cov = level === 0.95 && folds === 5 ? CV_SPEARMAN_COVERAGE[name] : undefined;
  return {
    level, method: 'percentile', resamples, seed, over: `runs (pooled ${folds}-fold out-of-fold predictions; refits not repeated)`,
    ...(cov !== undefined ? { coverage: cov, coverageDesign: `${CV_SPEARMAN_COVERAGE_DESIGN}, ${CV_SPEARMAN_SPLITS[name]} splits` } : {}),
  };
}

/**
 * The label of {@link newTestSpearmanInterval}: the CV interval widened for a new test set of m runs.
 *
 * @example
 * describeInterval(newTestSpearmanLabel('trees', 5, 512, 256, 1000, 1));
 */
export function newTestSpearmanLabel(name: MixtureModelName, folds: number, n: number, m: number, resamples: number, seed: number, level = 0.95): IntervalLabel {
  const cov = level === 0.95 && folds === 5 ? NEW_TEST_SPEARMAN_COVERAGE[name] : undefined;
  return {
    level, method: 'percentile', resamples, seed,
    over: `runs (pooled ${folds}-fold out-of-fold predictions), widened by sqrt(1 + ${n}/${m}) for a new test set of ${m} runs`,
    ...(cov !== undefined ? { coverage: cov, coverageDesign: `${CV_SPEARMAN_COVERAGE_DESIGN.replace('splits', 'splits, 512 runs widened for 256')}, ${CV_SPEARMAN_SPLITS[name]} splits` } : {}),
  };
}
