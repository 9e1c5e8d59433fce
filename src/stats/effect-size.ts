/**
 * Standardized effect sizes for two samples: Cohen's d with the pooled sd, and Hedges' g, d times the exact
 * small-sample correction J(df) = Gamma(df/2) / (sqrt(df/2) Gamma((df-1)/2)), df = nx + ny - 2.
 *
 * @example
 * hedgesG([1, 2, 3, 4], [3, 4, 5, 6]); // -1.3937...
 */
import { mean, variance, type NumArray } from './descriptive.js';
import { lgamma } from './special.js';

/**
 * Cohen's d: (mean(x) - mean(y)) / pooled sd; NaN when the pooled sd is 0.
 *
 * @example
 * cohensD([1, 2, 3], [2, 3, 4]); // -1
 */
export function cohensD(x: NumArray, y: NumArray): number {
  const nx = x.length, ny = y.length;
  const pooled = ((nx - 1) * variance(x) + (ny - 1) * variance(y)) / (nx + ny - 2);
  // No spread: a standardized difference is undefined (not +-Infinity), whatever the raw difference.
  if (pooled === 0) return NaN;
  return (mean(x) - mean(y)) / Math.sqrt(pooled);
}

/**
 * Hedges' g: Cohen's d with the exact bias correction (NaN with fewer than 3 runs in total).
 *
 * @example
 * hedgesG([1, 2, 3], [2, 3, 4]); // -0.7978...
 */
export function hedgesG(x: NumArray, y: NumArray): number {
  const df = x.length + y.length - 2;
  if (df < 2) return NaN;
  const j = Math.exp(lgamma(df / 2) - 0.5 * Math.log(df / 2) - lgamma((df - 1) / 2));
  return cohensD(x, y) * j;
}
