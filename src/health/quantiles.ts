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
  // The median's select leaves the lower order statistics in buf[0, k) and the upper ones in buf(k, n): p10 and p90
  // are selected within those halves, and the next order statistic of each is the minimum of a shorter stretch.
  // The values are the same order statistics as three full selects, so the same numbers.
  const k = Math.floor(0.5 * (n - 1));
  select(buf, 0, n - 1, k);
  const median = interpolate(buf, n, 0.5, k + 1, n);
  const k10 = Math.floor(0.1 * (n - 1));
  if (k10 < k) select(buf, 0, k - 1, k10);
  const p10 = interpolate(buf, n, 0.1, k10 + 1, k10 < k ? k + 1 : n);
  const k90 = Math.floor(0.9 * (n - 1));
  if (k90 > k) select(buf, k + 1, n - 1, k90);
  const p90 = interpolate(buf, n, 0.9, k90 + 1, n);
  return { median, p10, p90 };
}

/**
 * The q-quantile of `a[0, n)` once its order statistic lo = floor(q (n - 1)) sits at a[lo] and the next one is the
 * minimum of a[from, to) (every value there is >= a[lo], and that stretch holds the (lo + 1)-th).
 */
function interpolate(a: Float64Array, n: number, q: number, from: number, to: number): number {
  const pos = q * (n - 1);
  const lo = Math.floor(pos);
  const frac = pos - lo;
  const vlo = a[lo]!;
  if (frac === 0 || lo + 1 >= n) return vlo;
  let vhi = Infinity;
  for (let i = from; i < to; i++) if (a[i]! < vhi) vhi = a[i]!;
  return vlo + frac * (vhi - vlo);
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
  const vlo = select(a, 0, n - 1, lo);
  if (frac === 0 || lo + 1 >= n) return vlo;
  // after select, a[lo+1, n) holds values >= vlo: the next order statistic is their minimum
  let vhi = Infinity;
  for (let i = lo + 1; i < n; i++) if (a[i]! < vhi) vhi = a[i]!;
  return vlo + frac * (vhi - vlo);
}

/** The k-th smallest (0-based) of a[left, right], by quickselect; a[left, k) <= a[k] <= a(k, right] afterwards. */
function select(a: Float64Array, left: number, right: number, k: number): number {
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
