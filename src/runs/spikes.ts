/**
 * Loss-spike detection for plots and reports: a robust z-score against a trailing window.
 *
 * For each point i, the baseline is the median `m` of the finite values among the `window` points before i
 * (the point itself is excluded, so a spike does not mask itself), and the scale is the MAD of those values
 * scaled to a normal standard deviation, `s = 1.4826 * median(|v - m|)`. The score is `(y_i - m) / s`; a point
 * is a spike when the score exceeds `z` (direction `up`, the default: loss spikes; `down` or `both` on request).
 * When `s` is 0 (a flat window) any deviation scores +-Infinity. A point is scored only once the window holds at
 * least `minPeriods` finite values (default: half the window, at least 3). Non-finite points are reported as
 * spikes with `nonFinite: true` and score NaN (a divergence is the largest spike of all), and never enter a baseline.
 */
import { InputError } from '../errors.js';

/** A detected spike. */
export interface Spike {
  /** Index into the curve's arrays. */
  index: number;
  step: number;
  value: number;
  /** Trailing median and scaled MAD the point was compared with (NaN for a non-finite point). */
  median: number;
  scale: number;
  score: number;
  nonFinite: boolean;
}

/** Options of {@link detectSpikes}. */
export interface SpikeOptions {
  /** Trailing window length in points (default 50). */
  window?: number;
  /** Robust z threshold (default 6). */
  z?: number;
  /** Which deviations count (default 'up'). */
  direction?: 'up' | 'down' | 'both';
  /** Finite values the window needs before a point is scored (default max(3, ceil(window / 2))). */
  minPeriods?: number;
}

/**
 * Spikes of a curve (anything with `step` and `value` arrays), in step order.
 *
 * The window is kept as a sorted typed array that slides by one shift per point (the entering value takes the
 * leaving value's place, moving only the values between them); median and MAD are read from it in O(1) and
 * O(log w), with no allocation per point, and the MAD only for deviations in the tested direction that a cheap lower
 * bound of the MAD (two reads, {@link madBoundStops}) does not already rule out. Results are
 * bit-identical to sorting each window afresh (test/runs/spikes.test.ts checks against that).
 *
 * @example
 * detectSpikes(rs.curve('a', 'train/loss')!, { window: 100, z: 8 }).map((s) => s.step);
 */
export function detectSpikes(curve: { step: ArrayLike<number>; value: ArrayLike<number> }, options: SpikeOptions = {}): Spike[] {
  const w = options.window ?? 50;
  const z = options.z ?? 6;
  const dir = options.direction ?? 'up';
  const minPeriods = options.minPeriods ?? Math.max(3, Math.ceil(w / 2));
  if (!Number.isInteger(w) || w < 3) throw new InputError(`detectSpikes: window must be an integer >= 3, got ${w}`);
  if (!(z > 0)) throw new InputError(`detectSpikes: z must be > 0, got ${z}`);
  if (!Number.isInteger(minPeriods) || minPeriods < 1 || minPeriods > w) throw new InputError(`detectSpikes: minPeriods must be an integer in [1, window], got ${minPeriods}`);
  const { step, value } = curve;
  const n = value.length;
  if (step.length !== n) throw new InputError(`detectSpikes: step has ${step.length} points, value has ${n}`);
  // Which sign of deviation can be a spike: +1 up, -1 down, 0 both. A deviation of the other sign (or zero)
  // scores <= 0 (or >= 0) and cannot pass z > 0, so its MAD is never needed.
  const sign = dir === 'up' ? 1 : dir === 'down' ? -1 : 0;

  const out: Spike[] = [];
  // The finite values of the trailing window, sorted ascending in win[0, len).
  const win = new Float64Array(w + 1);
  let len = 0;
  for (let i = 0; i < n; i++) {
    const y = value[i]!;
    const finite = Number.isFinite(y);
    if (!finite) {
      out.push({ index: i, step: step[i]!, value: y, median: NaN, scale: NaN, score: NaN, nonFinite: true });
    } else if (len >= minPeriods) {
      const m = medianSorted(win, len);
      const d = y - m;
      // Only a deviation in the tested direction can pass, and only if no lower bound of the MAD already stops it.
      if ((sign > 0 ? d > 0 : sign < 0 ? d < 0 : d !== 0) && !madBoundStops(win, len, m, d, z)) {
        const s = 1.4826 * madSorted(win, len, m);
        const score = s > 0 ? d / s : d > 0 ? Infinity : -Infinity;
        if (sign > 0 ? score > z : sign < 0 ? score < -z : Math.abs(score) > z) {
          out.push({ index: i, step: step[i]!, value: y, median: m, scale: s, score, nonFinite: false });
        }
      }
    }
    // Slide the window: point i comes in, point i - w (if any) goes out.
    const old = i >= w ? value[i - w]! : NaN;
    if (Number.isFinite(old)) {
      if (finite) replaceSorted(win, len, old, y);
      else len = removeSorted(win, len, old);
    } else if (finite) {
      len = insertSorted(win, len, y);
    }
  }
  return out;
}

/** First index in sorted `a[0, len)` whose value is >= v (len if none). */
function lowerBound(a: Float64Array, len: number, v: number): number {
  let lo = 0, hi = len;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Insert `v` into sorted `a[0, len)` before any equal values; returns the new length. */
function insertSorted(a: Float64Array, len: number, v: number): number {
  const p = lowerBound(a, len, v);
  a.copyWithin(p + 1, p, len);
  a[p] = v;
  return len + 1;
}

/** Remove the first value equal to `v` (which must be present) from sorted `a[0, len)`; returns the new length. */
function removeSorted(a: Float64Array, len: number, v: number): number {
  const q = lowerBound(a, len, v);
  a.copyWithin(q, q + 1, len);
  return len - 1;
}

/**
 * Insert `v` and then remove `old` (present) in sorted `a[0, len)`, in one shift of the values between their places.
 * The result is the same array as {@link insertSorted} followed by {@link removeSorted}: when `old === v` the
 * newly inserted copy is the one removed (first equal value), so nothing moves. One binary search (for `old`); the
 * place of `v` is found by the shift itself, which stops at the first value >= v (the lower bound of v).
 */
function replaceSorted(a: Float64Array, len: number, old: number, v: number): void {
  if (old === v) return;
  let k = lowerBound(a, len, old); // where old is
  if (old < v) {
    // close the gap at old's place: the values < v move one left, v lands just before the first value >= v
    while (k + 1 < len && a[k + 1]! < v) {
      a[k] = a[k + 1]!;
      k++;
    }
  } else {
    // open a gap over old's place: the values >= v move one right, v lands at the first of them
    while (k > 0 && a[k - 1]! >= v) {
      a[k] = a[k - 1]!;
      k--;
    }
  }
  a[k] = v;
}

/**
 * True when the deviation `d` of a point from the median `m` of sorted `a[0, len)` cannot score beyond `z`,
 * proven from two values of `a` without computing the MAD. The MAD is at least the t-th smallest deviation D_(t)
 * (t = h + 1 for odd len, the middle one; t = h for even len, the lower of the two averaged; h = len >> 1). The t
 * points with deviation <= D_(t) are contiguous in `a` (deviations fall towards m and rise after it), say a[i, i+t),
 * so D_(t) >= max(m - a[i], a[i+t-1] - m) >= min(m - a[P], a[P+t-1] - m) for any P (i <= P bounds the first term,
 * i >= P the second). Rounding is monotone, so the bound B holds for the rounded deviations too, 1.4826 x MAD >=
 * 1.4826 x B and |d| / (1.4826 x MAD) <= |d| / (1.4826 x B) as computed in floating point: a point whose bound
 * score is within z scores within z. The spikes found are exactly those of the full computation.
 */
function madBoundStops(a: Float64Array, len: number, m: number, d: number, z: number): boolean {
  const h = len >> 1;
  const t = len % 2 ? h + 1 : h;
  const P = h - (t >> 1);
  const lo = m - a[P]!, hi = a[P + t - 1]! - m;
  const B = lo < hi ? lo : hi;
  if (!(B > 0)) return false;
  const bound = d / (1.4826 * B);
  return bound <= z && bound >= -z;
}

/** Median of sorted `a[0, len)`, len >= 1. */
function medianSorted(a: Float64Array, len: number): number {
  const h = len >> 1;
  return len % 2 ? a[h]! : (a[h - 1]! + a[h]!) / 2;
}

/**
 * Median of |a_j - m| for a sorted `a[0, len)` and its median `m`, in O(log len) without sorting: the deviations
 * left of the median (read leftwards) and right of it (read rightwards) are two ascending runs, and the middle one
 * or two of their merge are order statistics found by {@link kthDeviation}.
 */
function madSorted(a: Float64Array, len: number, m: number): number {
  const h = len >> 1;
  const split = lowerBound(a, len, m); // a[0, split) < m <= a[split, len)
  const cur = kthDeviation(a, len, split, m, h + 1);
  return len % 2 ? cur : (kthDeviation(a, len, split, m, h) + cur) / 2;
}

/**
 * The t-th smallest (1-based) of the deviations L_i = m - a[split - 1 - i] and R_j = a[split + j] - m, by binary
 * search on how many of the first t come from the left run: i is too few while L_i <= R_(t-i-1) (the merge, taking
 * the left on ties, would take L_i first). The answer is the larger of the last taken from each run.
 */
function kthDeviation(a: Float64Array, len: number, split: number, m: number, t: number): number {
  let lo = Math.max(0, t - (len - split)), hi = Math.min(t, split);
  while (lo < hi) {
    const i = (lo + hi) >> 1;
    if (m - a[split - 1 - i]! <= a[split + t - i - 1]! - m) lo = i + 1;
    else hi = i;
  }
  const j = t - lo;
  if (lo === 0) return a[split + j - 1]! - m;
  const dl = m - a[split - lo]!;
  if (j === 0) return dl;
  const dr = a[split + j - 1]! - m;
  return dl > dr ? dl : dr;
}
