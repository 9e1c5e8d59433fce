import { describe, expect, it } from 'vitest';
import { lttb } from '../../src/runs/index.js';
import { createRng } from '../../src/stats/random.js';

/** A noisy decaying loss curve of n points (deterministic). */
function noisyLoss(n: number, seed = 7): { x: Float64Array; y: Float64Array } {
  const rng = createRng(seed);
  const x = new Float64Array(n), y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = i;
    y[i] = 2 + 8 / Math.sqrt(1 + i / 100) + 0.3 * rng.normal();
  }
  return { x, y };
}

/** Plain LTTB (Steinarsson 2013, one point per bucket), as a reference for what the augmentation adds. */
function plainLttb(x: Float64Array, y: Float64Array, threshold: number): number[] {
  const n = x.length, every = (n - 2) / (threshold - 2), out = [0];
  let a = 0;
  for (let i = 0; i < threshold - 2; i++) {
    const s = Math.floor((i + 1) * every) + 1, e = Math.min(Math.floor((i + 2) * every) + 1, n);
    let ax = 0, ay = 0;
    for (let j = s; j < e; j++) { ax += x[j]!; ay += y[j]!; }
    ax /= e - s; ay /= e - s;
    let best = -1, pick = 0;
    for (let j = Math.floor(i * every) + 1; j < Math.floor((i + 1) * every) + 1; j++) {
      const area = Math.abs((x[a]! - ax) * (y[j]! - y[a]!) - (x[a]! - x[j]!) * (ay - y[a]!));
      if (area > best) { best = area; pick = j; }
    }
    out.push(pick);
    a = pick;
  }
  out.push(n - 1);
  return out;
}

describe('lttb (with per-bucket min/max)', () => {
  it('keeps an isolated 10x spike when downsampling 100,000 -> 1,000', () => {
    const { x, y } = noisyLoss(100_000);
    const spikeAt = 61_234;
    y[spikeAt] = 10 * y[spikeAt]!;
    const keep = lttb(x, y, 1000);
    expect(keep.length).toBeLessThanOrEqual(1000);
    expect(keep.length).toBeGreaterThan(600); // LTTB pick, min and max often coincide
    expect(keep[0]).toBe(0);
    expect(keep[keep.length - 1]).toBe(99_999);
    expect(Array.from(keep)).toContain(spikeAt);
    for (let i = 1; i < keep.length; i++) expect(keep[i]!).toBeGreaterThan(keep[i - 1]!);
  });

  it('keeps a spike that plain LTTB drops (a deeper dip in the same bucket wins the triangle)', () => {
    const { x, y } = noisyLoss(100_000, 3);
    const dip = 40_000, bump = 40_010; // same bucket for plain LTTB (~100 points) and ours (~300 points)
    y[bump] = y[bump]! + 5;
    y[dip] = y[dip]! - 8;
    const keep = Array.from(lttb(x, y, 1000));
    expect(keep).toContain(dip);
    expect(keep).toContain(bump);
    // The premise: plain LTTB at the same budget keeps the dip and loses the spike.
    const plain = plainLttb(x, y, 1000);
    expect(plain.length).toBe(1000);
    expect(plain).toContain(dip);
    expect(plain).not.toContain(bump);
  });

  it('keeps the boundaries of non-finite stretches (a divergence is data)', () => {
    const { x, y } = noisyLoss(10_000);
    for (let i = 7000; i < 7500; i++) y[i] = NaN;
    y[9000] = Infinity;
    const keep = Array.from(lttb(x, y, 100));
    expect(keep).toContain(7000);
    expect(keep).toContain(7499);
    expect(keep).toContain(9000);
    expect(keep.filter((i) => i > 7000 && i < 7499)).toEqual([]);
    expect(keep.length).toBeLessThanOrEqual(100 + 3);
  });

  it('returns every index when the threshold is not smaller than the series', () => {
    expect(Array.from(lttb([0, 1, 2], [1, 2, 3], 5))).toEqual([0, 1, 2]);
    expect(Array.from(lttb([], [], 10))).toEqual([]);
    expect(Array.from(lttb([0, 1, 2, 3, 4, 5], [1, 2, 3, 4, 5, 6], 6))).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('on a tiny input picks exactly what the rule says', () => {
    // threshold 5 -> 1 bucket over points 1..5; it keeps its LTTB pick, min and max.
    const x = [0, 1, 2, 3, 4, 5, 6];
    const y = [0, 1, 5, 2, -3, 1, 0];
    expect(Array.from(lttb(x, y, 5))).toEqual([0, 2, 4, 6]);
  });

  it('refuses bad input', () => {
    expect(() => lttb([0, 1], [0], 10)).toThrow(/x has 2 points/);
    expect(() => lttb([0, 2, 1, 3, 4, 5], [0, 0, 0, 0, 0, 0], 5)).toThrow(/non-decreasing/);
    expect(() => lttb([0, NaN], [0, 0], 5)).toThrow(/not finite/);
    expect(() => lttb([0, 1], [0, 0], 3)).toThrow(/threshold/);
  });
});
