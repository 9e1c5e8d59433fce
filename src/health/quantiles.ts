/**
 * Quantiles of the finite values of a typed array without sorting it: a copy of the finite values and
 * Floyd-Rivest-free quickselect (median of three pivots), linear interpolation between order statistics as numpy's
 * default (`method='linear'`): q -> position q x (n - 1). O(n) per quantile; no per-point objects.
 */
import type { Quantiles } from './types.js';

/**
 * Median, 10th and 90th percentile of the finite values of `x` (NaN for each when there is none).
 *
 * @example
 * quantiles(Float64Array.of(1, 2, 3, 4, NaN)); // { median: 2.5, p10: 1.3, p90: 3.7 }
 */
export function quantiles(x: ArrayLike<number>, scratch?: Float64Array): Quantiles {
  const buf = scratch && scratch.length >= x.length ? scratch : new Float64Array(x.length);
  let n = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (v === v && v !== Infinity && v !== -Infinity) buf[n++] = v;
  }
  if (n === 0) return { median: NaN, p10: NaN, p90: NaN };
  return { median: quantileInPlace(buf, n, 0.5), p10: quantileInPlace(buf, n, 0.1), p90: quantileInPlace(buf, n, 0.9) };
}

/**
 * The q-quantile (numpy 'linear') of `a[0, n)`, reordering that part of `a` (finite values only).
 *
 * @example
 * quantileInPlace(Float64Array.of(3, 1, 2), 3, 0.5); // 2
 */
export function quantileInPlace(a: Float64Array, n: number, q: number): number {
  const pos = q * (n - 1);
  const lo = Math.floor(pos);
  const frac = pos - lo;
  const vlo = select(a, n, lo);
  if (frac === 0 || lo + 1 >= n) return vlo;
  // after select, a[lo+1, n) holds values >= vlo: the next order statistic is their minimum
  let vhi = Infinity;
  for (let i = lo + 1; i < n; i++) if (a[i]! < vhi) vhi = a[i]!;
  return vlo + frac * (vhi - vlo);
}

/** The k-th smallest (0-based) of a[0, n), by quickselect; a[0, k) <= a[k] <= a[k+1, n) afterwards. */
function select(a: Float64Array, n: number, k: number): number {
  let left = 0, right = n - 1;
  while (right > left) {
    const mid = (left + right) >> 1;
    // median of three as pivot
    const x = a[left]!, y = a[mid]!, z = a[right]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = left, j = right;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return a[k]!;
  }
  return a[k]!;
}
