/**
 * Mann-Whitney U test with scipy.stats.mannwhitneyu's defaults (scipy 1.10): method 'auto' is the exact
 * null distribution when either sample has at most 8 values and there are no ties, otherwise the normal
 * approximation with tie correction and continuity correction. Also the probability of superiority
 * P(X > Y) + P(X = Y) / 2 = U1 / (nx ny).
 *
 * @example
 * mannWhitney([1, 2, 3], [4, 5, 6]).p; // 0.1 (exact)
 */
import type { NumArray } from './descriptive.js';
import type { Alternative } from './ttest.js';
import { normalSf } from './normal.js';

/** Result of {@link mannWhitney}. `u` is U1, the statistic for x (scipy's `statistic`). */
export interface MannWhitneyResult {
  u: number;
  p: number;
  method: 'exact' | 'asymptotic';
  alternative: Alternative;
  /** P(X > Y) + P(X = Y) / 2 estimated from the samples (U1 / (nx ny)). */
  probSuperiority: number;
}

/** Options of {@link mannWhitney}. */
export interface MannWhitneyOptions {
  alternative?: Alternative;
  method?: 'auto' | 'exact' | 'asymptotic';
  /** Continuity correction in the normal approximation; default true. */
  continuity?: boolean;
}

/**
 * Average ranks (1-based) of the values, ties sharing the mean rank; also the tie term sum(t^3 - t).
 *
 * @example
 * rankdata([10, 20, 20, 30]).ranks; // [1, 2.5, 2.5, 4]
 */
export function rankdata(x: NumArray): { ranks: Float64Array; tieTerm: number } {
  const n = x.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a]! - x[b]!);
  const ranks = new Float64Array(n);
  let tieTerm = 0;
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && x[order[j + 1]!] === x[order[i]!]) j++;
    const r = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k]!] = r;
    const t = j - i + 1;
    tieTerm += t * t * t - t;
    i = j + 1;
  }
  return { ranks, tieTerm };
}

/**
 * P(U >= k) under the null for sample sizes m and n (no ties): counts of m-subsets of {1..m+n} by rank sum,
 * by dynamic programming with additions only (exact while counts stay below 2^53).
 *
 * @example
 * mannWhitneyExactSf(9, 3, 3); // 0.05
 */
export function mannWhitneyExactSf(k: number, m: number, n: number): number {
  if (m > n) [m, n] = [n, m];
  const maxU = m * n;
  if (k <= 0) return 1;
  if (k > maxU) return 0;
  // f[c][u]: ways to choose c of the first t items with U-offset u = (rank sum) - c(c+1)/2; item t adds t - c.
  const f: Float64Array[] = Array.from({ length: m + 1 }, () => new Float64Array(maxU + 1));
  f[0]![0] = 1;
  const N = m + n;
  for (let t = 1; t <= N; t++) {
    for (let c = Math.min(t, m); c >= 1; c--) {
      const shift = t - c; // choosing item t as the c-th chosen item
      if (shift > n) continue;
      const src = f[c - 1]!, dst = f[c]!;
      for (let u = maxU; u >= shift; u--) dst[u] += src[u - shift]!;
    }
  }
  const counts = f[m]!;
  let total = 0, tail = 0;
  for (let u = 0; u <= maxU; u++) { total += counts[u]!; if (u >= k) tail += counts[u]!; }
  return tail / total;
}

/**
 * Mann-Whitney U test of x against y (scipy.stats.mannwhitneyu).
 *
 * @example
 * mannWhitney([3.27, 3.271, 3.269], [3.28, 3.279, 3.281], { alternative: 'less' }).p; // 0.05
 */
export function mannWhitney(x: NumArray, y: NumArray, o: MannWhitneyOptions = {}): MannWhitneyResult {
  const alternative = o.alternative ?? 'two-sided';
  const n1 = x.length, n2 = y.length;
  if (n1 === 0 || n2 === 0) throw new RangeError('mannWhitney needs non-empty samples');
  const xy = new Float64Array(n1 + n2);
  for (let i = 0; i < n1; i++) xy[i] = x[i]!;
  for (let i = 0; i < n2; i++) xy[n1 + i] = y[i]!;
  for (const v of xy) if (Number.isNaN(v)) throw new RangeError('mannWhitney: samples contain NaN');
  const { ranks, tieTerm } = rankdata(xy);
  let r1 = 0;
  for (let i = 0; i < n1; i++) r1 += ranks[i]!;
  const u1 = r1 - (n1 * (n1 + 1)) / 2;
  const u2 = n1 * n2 - u1;
  let method = o.method ?? 'auto';
  if (method === 'auto') method = n1 > 8 && n2 > 8 ? 'asymptotic' : tieTerm > 0 ? 'asymptotic' : 'exact';
  const [u, f] = alternative === 'greater' ? [u1, 1] : alternative === 'less' ? [u2, 1] : [Math.max(u1, u2), 2];
  let p: number;
  if (method === 'exact') {
    p = mannWhitneyExactSf(Math.round(u), n1, n2);
  } else {
    const n = n1 + n2;
    const s = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
    const num = u - (n1 * n2) / 2 - ((o.continuity ?? true) ? 0.5 : 0);
    p = normalSf(num / s);
  }
  p = Math.min(1, Math.max(0, p * f));
  return { u: u1, p, method, alternative, probSuperiority: u1 / (n1 * n2) };
}
