/**
 * Descriptive statistics of plain number arrays: mean, sample variance and sd (ddof = 1), linear-interpolated
 * quantiles (numpy's default), the trimmed mean and the interquartile mean (IQM, rliable's robust aggregate).
 *
 * @example
 * mean([1, 2, 3]);           // 2
 * sd([1, 2, 3]);             // 1
 * iqm([1, 2, 3, 4, 100, 6, 7, 8]); // 5.25
 */

/** Anything indexable with numbers: plain arrays and typed arrays. */
export type NumArray = ArrayLike<number>;

/**
 * Arithmetic mean (NaN for an empty array).
 *
 * @example
 * mean([3.2786, 3.2798]); // 3.2792
 */
export function mean(x: NumArray): number {
  const n = x.length;
  if (n === 0) return NaN;
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i]!;
  const m = s / n;
  // One correction pass (as numpy's pairwise sum is more precise than a naive loop).
  let c = 0;
  for (let i = 0; i < n; i++) c += x[i]! - m;
  return m + c / n;
}

/**
 * Variance with `ddof` delta degrees of freedom (default 1: the unbiased sample variance).
 *
 * @example
 * variance([1, 2, 3, 4]); // 1.6666666666666667
 */
export function variance(x: NumArray, ddof = 1): number {
  const n = x.length;
  if (n - ddof <= 0) return NaN;
  const m = mean(x);
  let ss = 0, c = 0;
  for (let i = 0; i < n; i++) { const d = x[i]! - m; ss += d * d; c += d; }
  return (ss - (c * c) / n) / (n - ddof);
}

/**
 * Standard deviation with `ddof` (default 1).
 *
 * @example
 * sd([1, 2, 3]); // 1
 */
export function sd(x: NumArray, ddof = 1): number {
  return Math.sqrt(variance(x, ddof));
}

/**
 * Quantile of sorted data at probability q in [0, 1], linear interpolation (numpy's default, R type 7).
 *
 * @example
 * quantileSorted([1, 2, 3, 4], 0.5); // 2.5
 */
export function quantileSorted(sorted: NumArray, q: number): number {
  const n = sorted.length;
  if (n === 0 || Number.isNaN(q)) return NaN;
  const h = (n - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  const a = sorted[lo]!, b = sorted[hi]!;
  // numpy's _lerp form, exact at the end points.
  const t = h - lo;
  return t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t;
}

/**
 * Quantile of unsorted data (copies and sorts).
 *
 * @example
 * quantile([4, 1, 3, 2], 0.25); // 1.75
 */
export function quantile(x: NumArray, q: number): number {
  return quantileSorted(Float64Array.from(x).sort(), q);
}

/**
 * Rearrange `a[lo..hi]` in place so that a[k] is the k-th smallest, smaller elements before it and larger after
 * (quickselect with median-of-three pivots and a three-way partition, so many equal values, as in a bootstrap
 * distribution of a small sample, stay O(n)). Expected O(n).
 *
 * @example
 * const a = new Float64Array([5, 1, 4, 2, 3]); select(a, 2); a[2]; // 3
 */
export function select(a: Float64Array, k: number, lo = 0, hi = a.length - 1): void {
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    // median of three into a[mid] as pivot
    if (a[mid]! < a[lo]!) swap(a, mid, lo);
    if (a[hi]! < a[lo]!) swap(a, hi, lo);
    if (a[hi]! < a[mid]!) swap(a, mid, hi);
    const pivot = a[mid]!;
    // a[lo..lt) < pivot, a[lt..i) == pivot, a(gt..hi] > pivot
    let lt = lo, i = lo, gt = hi;
    while (i <= gt) {
      const v = a[i]!;
      if (v < pivot) { a[i] = a[lt]!; a[lt] = v; lt++; i++; }
      else if (v > pivot) { a[i] = a[gt]!; a[gt] = v; gt--; }
      else i++;
    }
    if (k < lt) hi = lt - 1;
    else if (k > gt) lo = gt + 1;
    else return;
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i]!; a[i] = a[j]!; a[j] = t;
}

/**
 * Mean after cutting floor(proportion * n) values from each end (scipy.stats.trim_mean). Works on a scratch
 * copy unless `inPlace` is set, in which case `x` (a Float64Array) is reordered.
 *
 * @example
 * trimMean([1, 2, 3, 4, 100], 0.2); // 3
 */
export function trimMean(x: NumArray, proportion: number, inPlace = false): number {
  const n = x.length;
  if (n === 0) return NaN;
  const cut = Math.floor(proportion * n);
  if (cut * 2 >= n) return NaN;
  const a = inPlace && x instanceof Float64Array ? x : Float64Array.from(x);
  if (cut > 0) {
    select(a, cut);
    select(a, n - cut - 1, cut, n - 1);
  }
  let s = 0;
  for (let i = cut; i < n - cut; i++) s += a[i]!;
  return s / (n - 2 * cut);
}

/**
 * Interquartile mean: the mean of the middle 50% (trim_mean with 0.25), rliable's recommended aggregate.
 *
 * @example
 * iqm([1, 2, 3, 4, 5, 6, 7, 8]); // 4.5
 */
export function iqm(x: NumArray): number {
  return trimMean(x, 0.25);
}
