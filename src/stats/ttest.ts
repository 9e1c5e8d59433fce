/**
 * t-tests on plain numbers, matching scipy.stats (ttest_1samp, ttest_ind with equal_var False/True, ttest_rel):
 * statistic, degrees of freedom, p-value for a two-sided or one-sided alternative, and the confidence interval
 * scipy's `.confidence_interval()` gives (one-sided alternatives give a half-infinite interval).
 *
 * @example
 * welchTest([3.27, 3.28, 3.275], [3.29, 3.30, 3.295]).p; // two-sided p of Welch's t-test
 * oneSampleTest(losses, 3.28, { alternative: 'less' }).p; // the speedrun rule
 */
import { mean, variance } from './descriptive.js';
import { tCdf, tQuantile, tSf } from './student-t.js';
import type { NumArray } from './descriptive.js';

/** Alternative hypothesis about the first sample's mean (or the mean difference) relative to the null. */
export type Alternative = 'two-sided' | 'less' | 'greater';

/** Options shared by the t-tests. */
export interface TTestOptions {
  /** Alternative hypothesis; default 'two-sided'. */
  alternative?: Alternative;
  /** Confidence level of the interval; default 0.95. */
  confidence?: number;
}

/** Result of a t-test. `estimate` is the mean (one-sample) or the difference of means x - y. */
export interface TTestResult {
  test: 'one-sample' | 'welch' | 'student' | 'paired';
  t: number;
  df: number;
  p: number;
  alternative: Alternative;
  estimate: number;
  /** Standard error of the estimate. */
  se: number;
  /** Confidence interval for the estimate (not shifted by the null value). */
  ci: [number, number];
  confidence: number;
}

/**
 * p-value of a t statistic for the given alternative.
 *
 * @example
 * tPValue(-4.5, 9, 'less'); // 0.000743...
 */
export function tPValue(t: number, df: number, alternative: Alternative): number {
  if (Number.isNaN(t) || Number.isNaN(df)) return NaN;
  if (alternative === 'less') return tCdf(t, df);
  if (alternative === 'greater') return tSf(t, df);
  return Math.min(1, 2 * tSf(Math.abs(t), df));
}

function interval(estimate: number, se: number, df: number, alternative: Alternative, confidence: number): [number, number] {
  if (alternative === 'less') return [-Infinity, estimate + tQuantile(confidence, df) * se];
  if (alternative === 'greater') return [estimate - tQuantile(confidence, df) * se, Infinity];
  const q = tQuantile(0.5 + confidence / 2, df);
  return [estimate - q * se, estimate + q * se];
}

function finish(test: TTestResult['test'], estimate: number, nullValue: number, se: number, df: number, o: TTestOptions): TTestResult {
  const alternative = o.alternative ?? 'two-sided';
  const confidence = o.confidence ?? 0.95;
  const num = estimate - nullValue;
  // Zero spread: a nonzero difference is infinitely significant, a zero one undefined (scipy gives NaN for both).
  const t = se > 0 ? num / se : num === 0 || Number.isNaN(num) ? NaN : num > 0 ? Infinity : -Infinity;
  return { test, t, df, p: tPValue(t, df, alternative), alternative, estimate, se, ci: interval(estimate, se, df, alternative, confidence), confidence };
}

/**
 * One-sample t-test of mean(x) against `mu` (scipy.stats.ttest_1samp).
 *
 * @example
 * oneSampleTest([3.2786, 3.2798, 3.2762, 3.2781], 3.28, { alternative: 'less' });
 */
export function oneSampleTest(x: NumArray, mu: number, o: TTestOptions = {}): TTestResult {
  const n = x.length;
  return finish('one-sample', mean(x), mu, Math.sqrt(variance(x) / n), n - 1, o);
}

/**
 * Welch's unequal-variance t-test of mean(x) - mean(y) (scipy.stats.ttest_ind, equal_var=False).
 *
 * @example
 * welchTest([1, 2, 3, 4], [2, 4, 6, 8, 10]).df; // Welch-Satterthwaite degrees of freedom
 */
export function welchTest(x: NumArray, y: NumArray, o: TTestOptions = {}): TTestResult {
  const nx = x.length, ny = y.length;
  const vx = variance(x) / nx, vy = variance(y) / ny;
  const se2 = vx + vy;
  const df = (se2 * se2) / ((vx * vx) / (nx - 1) + (vy * vy) / (ny - 1));
  return finish('welch', mean(x) - mean(y), 0, Math.sqrt(se2), df, o);
}

/**
 * Student's pooled-variance t-test of mean(x) - mean(y) (scipy.stats.ttest_ind, equal_var=True).
 *
 * @example
 * studentTest([1, 2, 3, 4], [2, 4, 6, 8, 10]).df; // 7
 */
export function studentTest(x: NumArray, y: NumArray, o: TTestOptions = {}): TTestResult {
  const nx = x.length, ny = y.length;
  const df = nx + ny - 2;
  const pooled = ((nx - 1) * variance(x) + (ny - 1) * variance(y)) / df;
  return finish('student', mean(x) - mean(y), 0, Math.sqrt(pooled * (1 / nx + 1 / ny)), df, o);
}

/**
 * Paired t-test on x[i] - y[i] (scipy.stats.ttest_rel). x and y must have equal length, matched by index.
 *
 * @example
 * pairedTest([1, 2, 3], [1.5, 2.1, 3.6]).estimate; // mean of x - y
 */
export function pairedTest(x: NumArray, y: NumArray, o: TTestOptions = {}): TTestResult {
  if (x.length !== y.length) throw new RangeError(`paired test needs equal lengths, got ${x.length} and ${y.length}`);
  const d = new Float64Array(x.length);
  for (let i = 0; i < d.length; i++) d[i] = x[i]! - y[i]!;
  const r = oneSampleTest(d, 0, o);
  return { ...r, test: 'paired' };
}
