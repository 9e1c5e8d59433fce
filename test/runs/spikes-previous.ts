/**
 * The detector of src/runs/spikes.ts as it was before the MAD lower-bound screen and the one-search slide (commit
 * 58657e0), kept verbatim as the reference that test/runs/spikes.test.ts compares the current one with, bit for bit.
 * Only the export's name differs (`detectSpikesPrevious`); it is test code, not part of the library.
 */
import { InputError } from '../../src/errors.js';

/** A detected spike. */
interface Spike {
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
interface SpikeOptions {
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
 * O(log w), with no allocation per point, and the MAD only for deviations in the tested direction. Results are
 * bit-identical to sorting each window afresh (test/runs/spikes.test.ts checks against that).
 *
 * @example
 * detectSpikes(rs.curve('a', 'train/loss')!, { window: 100, z: 8 }).map((s) => s.step);
 */
export function detectSpikesPrevious(curve: { step: ArrayLike<number>; value: ArrayLike<number> }, options: SpikeOptions = {}): Spike[] {
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
      if (sign > 0 ? d > 0 : sign < 0 ? d < 0 : d !== 0) {
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
 * newly inserted copy is the one removed (first equal value), so nothing moves.
 */
function replaceSorted(a: Float64Array, len: number, old: number, v: number): void {
  if (old === v) return;
  const p = lowerBound(a, len, v); // where v goes
  const q = lowerBound(a, len, old); // where old is
  if (q < p) {
    // old < v: close the gap at q, v lands just before p.
    for (let k = q; k < p - 1; k++) a[k] = a[k + 1]!;
    a[p - 1] = v;
  } else {
    // old > v: open a gap at p over old's place.
    for (let k = q; k > p; k--) a[k] = a[k - 1]!;
    a[p] = v;
  }
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
