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

  const out: Spike[] = [];
  // Sorted finite values of the trailing window.
  const sorted: number[] = [];
  for (let i = 0; i < n; i++) {
    const y = value[i]!;
    if (!Number.isFinite(y)) {
      out.push({ index: i, step: step[i]!, value: y, median: NaN, scale: NaN, score: NaN, nonFinite: true });
    } else if (sorted.length >= minPeriods) {
      const m = medianSorted(sorted);
      const s = 1.4826 * madSorted(sorted, m);
      const d = y - m;
      const score = s > 0 ? d / s : d === 0 ? 0 : d > 0 ? Infinity : -Infinity;
      const hit = dir === 'up' ? score > z : dir === 'down' ? score < -z : Math.abs(score) > z;
      if (hit) out.push({ index: i, step: step[i]!, value: y, median: m, scale: s, score, nonFinite: false });
    }
    // Slide the window: add point i, drop point i - w.
    if (Number.isFinite(y)) sorted.splice(lowerBound(sorted, y), 0, y);
    if (i - w >= 0) {
      const old = value[i - w]!;
      if (Number.isFinite(old)) sorted.splice(lowerBound(sorted, old), 1);
    }
  }
  return out;
}

function lowerBound(a: number[], v: number): number {
  let lo = 0, hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function medianSorted(a: number[]): number {
  const n = a.length, h = n >> 1;
  return n % 2 ? a[h]! : (a[h - 1]! + a[h]!) / 2;
}

/**
 * Median of |a_j - m| for a sorted `a` and its median `m`, in O(n) without sorting: the deviations left of the
 * median (read leftwards) and right of it (read rightwards) are two ascending runs; merge them up to the middle.
 */
function madSorted(a: number[], m: number): number {
  const n = a.length, h = n >> 1;
  let l = lowerBound(a, m) - 1; // last index with a[l] < m
  let r = l + 1; // first index with a[r] >= m
  let prev = 0, cur = 0;
  for (let k = 0; k <= h; k++) {
    const dl = l >= 0 ? m - a[l]! : Infinity;
    const dr = r < n ? a[r]! - m : Infinity;
    prev = cur;
    if (dl <= dr) { cur = dl; l--; } else { cur = dr; r++; }
  }
  return n % 2 ? cur : (prev + cur) / 2;
}
