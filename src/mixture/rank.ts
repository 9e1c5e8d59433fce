/**
 * Rank agreement between predicted and actual losses: Spearman's rho and Kendall's tau-b (both as scipy.stats
 * computes them, ties averaged), with bootstrap intervals over runs.
 */
import { rankdata } from '../stats/mann-whitney.js';
import { bootstrap, type BootstrapMethod } from '../stats/bootstrap.js';
import { InputError } from '../errors.js';
import type { NumArray } from '../stats/descriptive.js';

function pearson(a: NumArray, b: NumArray): number {
  const n = a.length;
  let ma = 0, mb = 0;
  for (let i = 0; i < n; i++) { ma += a[i]!; mb += b[i]!; }
  ma /= n; mb /= n;
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < n; i++) { const da = a[i]! - ma, db = b[i]! - mb; sab += da * db; saa += da * da; sbb += db * db; }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : NaN;
}

function check(a: NumArray, b: NumArray): void {
  if (a.length !== b.length) throw new InputError(`rank correlation: ${a.length} predictions against ${b.length} actual values`);
  if (a.length < 2) throw new InputError('rank correlation needs at least 2 runs');
}

/**
 * Spearman's rank correlation (Pearson correlation of average ranks; NaN when either side is constant).
 *
 * @example
 * spearman([1, 2, 3, 4], [10, 20, 40, 30]); // 0.8
 */
export function spearman(a: NumArray, b: NumArray): number {
  check(a, b);
  return pearson(rankdata(a).ranks, rankdata(b).ranks);
}

/**
 * Kendall's tau-b (ties in either variable corrected as scipy.stats.kendalltau does), by Knight's O(n log n)
 * algorithm: sort by (a, b), count ties in a, joint ties, and the discordant pairs as the inversions of b (a merge
 * sort), then ties in b. Every count is an integer, so the result is the same to the last bit as the O(n^2) pair
 * count it replaced.
 *
 * @example
 * kendall([1, 2, 3, 4], [10, 20, 40, 30]); // 0.6667
 */
export function kendall(a: NumArray, b: NumArray): number {
  check(a, b);
  const n = a.length;
  const idx = Array.from({ length: n }, (_, i) => i).sort((i, j) => a[i]! - a[j]! || b[i]! - b[j]!);
  let tiesA = 0, tiesAB = 0;
  for (let i = 0; i < n;) {
    let j = i + 1;
    while (j < n && a[idx[j]!] === a[idx[i]!]) j++;
    tiesA += ((j - i) * (j - i - 1)) / 2;
    for (let p = i; p < j;) {
      let q = p + 1;
      while (q < j && b[idx[q]!] === b[idx[p]!]) q++;
      tiesAB += ((q - p) * (q - p - 1)) / 2;
      p = q;
    }
    i = j;
  }
  // Inversions of b in that order (pairs i < j with b_i > b_j strictly), by a bottom-up merge sort.
  let cur = Float64Array.from(idx, (i) => b[i]!), tmp = new Float64Array(n);
  let swaps = 0;
  for (let width = 1; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n), hi = Math.min(lo + 2 * width, n);
      let i = lo, j = mid, k = lo;
      while (i < mid && j < hi) {
        if (cur[j]! < cur[i]!) { tmp[k++] = cur[j++]!; swaps += mid - i; } else tmp[k++] = cur[i++]!;
      }
      while (i < mid) tmp[k++] = cur[i++]!;
      while (j < hi) tmp[k++] = cur[j++]!;
    }
    [cur, tmp] = [tmp, cur];
  }
  let tiesB = 0;
  for (let i = 0; i < n;) {
    let j = i + 1;
    while (j < n && cur[j] === cur[i]) j++;
    tiesB += ((j - i) * (j - i - 1)) / 2;
    i = j;
  }
  const pairs = (n * (n - 1)) / 2;
  const s = pairs - tiesA - tiesB + tiesAB - 2 * swaps;
  const den = Math.sqrt((pairs - tiesA) * (pairs - tiesB));
  return den > 0 ? s / den : NaN;
}

/**
 * Kendall's tau-b by counting every pair, O(n^2): the reference {@link kendall} is tested against.
 *
 * @example
 * kendallPairs([1, 2, 3, 4], [10, 20, 40, 30]); // 0.6667, as kendall()
 */
export function kendallPairs(a: NumArray, b: NumArray): number {
  check(a, b);
  const n = a.length;
  let s = 0, tiesA = 0, tiesB = 0, pairs = 0;
  for (let i = 0; i < n; i++) {
    const ai = a[i]!, bi = b[i]!;
    for (let j = i + 1; j < n; j++) {
      const da = ai - a[j]!, db = bi - b[j]!;
      pairs++;
      if (da === 0 && db === 0) { tiesA++; tiesB++; continue; }
      if (da === 0) { tiesA++; continue; }
      if (db === 0) { tiesB++; continue; }
      s += (da > 0) === (db > 0) ? 1 : -1;
    }
  }
  const den = Math.sqrt((pairs - tiesA) * (pairs - tiesB));
  return den > 0 ? s / den : NaN;
}

/** A rank correlation with its bootstrap interval over runs. */
export interface RankScore {
  spearman: number;
  kendall: number;
  /** Root mean squared error of the predictions (loss units). */
  rmse: number;
  spearmanCi: [number, number];
  kendallCi: [number, number];
  /** Bootstrap standard deviation of Spearman's rho, and the bootstrap's 2.5% / 97.5% (at `confidence`) points as deviations from it. */
  spearmanSe: number;
  /** How the intervals were made (bootstrap over runs, paired predicted/actual). */
  ciLabel: { level: number; method: BootstrapMethod; resamples: number; seed: number; over: 'runs' };
  n: number;
}

/** Options of {@link rankScore}. */
export interface RankScoreOptions {
  /** Bootstrap resamples (default 2000). */
  resamples?: number;
  /** Seed (default 0). */
  seed?: number;
  /** Interval method (default 'percentile'). */
  method?: BootstrapMethod;
  /** Confidence level (default 0.95). */
  confidence?: number;
}

/**
 * Spearman, Kendall and RMSE of `predicted` against `actual`, with bootstrap intervals resampling runs (pairs).
 *
 * @example
 * const s = rankScore(model.predictMany(Xtest), ytest, { resamples: 1000, seed: 1 });
 * s.spearman; s.spearmanCi; // 0.989 [0.985, 0.992]
 */
export function rankScore(predicted: NumArray, actual: NumArray, options: RankScoreOptions = {}): RankScore {
  check(predicted, actual);
  const resamples = options.resamples ?? 2000;
  const seed = options.seed ?? 0;
  const method = options.method ?? 'percentile';
  const confidence = options.confidence ?? 0.95;
  let se = 0;
  for (let i = 0; i < actual.length; i++) se += (predicted[i]! - actual[i]!) ** 2;
  const sp = bootstrap([predicted, actual], (s) => spearman(s[0]!, s[1]!), { resamples, seed, method, confidence, paired: true });
  const kd = bootstrap([predicted, actual], (s) => kendall(s[0]!, s[1]!), { resamples, seed: seed + 1, method, confidence, paired: true });
  return {
    spearman: spearman(predicted, actual), kendall: kendall(predicted, actual), rmse: Math.sqrt(se / actual.length),
    spearmanCi: sp.ci, kendallCi: kd.ci, spearmanSe: sp.se,
    ciLabel: { level: confidence, method, resamples, seed, over: 'runs' }, n: actual.length,
  };
}

/**
 * A range for the Spearman a NEW set of `m` held-out runs would show, from a cross-validated score on n runs: the
 * percentile interval's distances from the estimate widened by sqrt(1 + n / m), adding the new test set's own
 * sampling noise (a Spearman over m runs varies about n / m times as much as one over n). It does not correct CV's
 * bias (models fitted on (k-1)/k of the runs); bench/mixture-coverage.ts measures how often it holds.
 *
 * @example
 * const r = newTestSpearmanInterval(study.models[0].cv, 256); // [lo, hi]
 */
export function newTestSpearmanInterval(score: RankScore, m: number): [number, number] {
  if (!(Number.isInteger(m) && m >= 2)) throw new InputError(`newTestSpearmanInterval: m must be an integer >= 2, got ${m}`);
  const f = Math.sqrt(1 + score.n / m);
  const [lo, hi] = score.spearmanCi;
  return [Math.max(-1, score.spearman - (score.spearman - lo) * f), Math.min(1, score.spearman + (hi - score.spearman) * f)];
}
