/**
 * A faster variant of src/runs/spikes.ts for long per-step series (step times, grad norms): the same robust score
 * (value - median) / (1.4826 x MAD) against trailing values, but past the first `window` points the baseline is
 * computed once per block of `block` points, from the `window` points before the block (so a point's baseline lags
 * it by 1 to `block` points instead of exactly 1; before that, each point has its own). Medians by quickselect on a scratch copy: O(window) per block, no allocation per point, no sorted
 * window to maintain. Upward deviations only (slow steps, norm blow-ups). Non-finite values never enter a baseline
 * and are not reported (callers list them separately).
 */
import { quantileInPlace } from './quantiles.js';

/** A point above its trailing baseline. */
export interface BlockSpike {
  index: number;
  value: number;
  median: number;
  /** 1.4826 x MAD of the baseline. */
  scale: number;
  /** (value - median) / scale; Infinity when the scale is 0. */
  score: number;
}

/** Options of {@link blockSpikes}. */
export interface BlockSpikeOptions {
  /** Points in the baseline (default 50). */
  window?: number;
  /** Points that share one baseline (default 50). */
  block?: number;
  /** Robust z threshold (default 6). */
  z?: number;
  /** Finite values the baseline needs (default max(3, ceil(window / 2))). */
  minPeriods?: number;
}

/**
 * Upward spikes of `value` against trailing block baselines (see the module comment).
 *
 * @example
 * blockSpikes(Float64Array.from({ length: 100 }, (_, i) => (i === 70 ? 9 : 1 + 0.01 * (i % 3)))).map((s) => s.index); // [70]
 */
export function blockSpikes(value: ArrayLike<number>, options: BlockSpikeOptions = {}): BlockSpike[] {
  const w = options.window ?? 50;
  const b = options.block ?? 50;
  const z = options.z ?? 6;
  const minPeriods = options.minPeriods ?? Math.max(3, Math.ceil(w / 2));
  const n = value.length;
  const out: BlockSpike[] = [];
  const buf = new Float64Array(w);
  // Until a full window has passed, every point gets its own baseline (as in src/runs/spikes.ts), then blocks.
  for (let B = 0, step = 1; B < n; B += step, step = B < w ? 1 : b) {
    const end = Math.min(n, B + step);
    let len = 0;
    for (let j = Math.max(0, B - w); j < B; j++) {
      const v = value[j]!;
      if (v - v === 0) buf[len++] = v;
    }
    if (len < minPeriods) continue;
    const m = quantileInPlace(buf, len, 0.5);
    // Screen: the largest excess of the block over the median. Its score exceeds z only if the scale is below
    // dmax / z, i.e. if the MAD is below r = dmax / (1.4826 z); when fewer than len/2 - 1 deviations are below r,
    // both middle deviations (and so the MAD) are >= r and no point of the block can pass: skip the second select.
    let dmax = 0;
    for (let i = B; i < end; i++) {
      const d = value[i]! - m;
      if (d > dmax && d < Infinity) dmax = d;
    }
    if (!(dmax > 0)) continue;
    const r = (dmax / (1.4826 * z)) * (1 + 1e-9); // a margin for rounding at the boundary
    let below = 0;
    for (let k = 0; k < len; k++) below += Math.abs(buf[k]! - m) < r ? 1 : 0;
    if (below < len / 2 - 1) continue;
    for (let k = 0; k < len; k++) buf[k] = Math.abs(buf[k]! - m);
    const s = 1.4826 * quantileInPlace(buf, len, 0.5);
    for (let i = B; i < end; i++) {
      const y = value[i]!;
      const d = y - m;
      if (!(d > 0) || y === Infinity) continue;
      const score = s > 0 ? d / s : Infinity;
      if (score > z) out.push({ index: i, value: y, median: m, scale: s, score });
    }
  }
  return out;
}
