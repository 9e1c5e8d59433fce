import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blockSpikes } from '../../src/health/block-spikes.js';
import { quantiles } from '../../src/health/quantiles.js';

/** The definition, written the slow way: sort each baseline afresh. */
function reference(v: number[], w: number, b: number, z: number, minPeriods: number): number[] {
  const out: number[] = [];
  const med = (a: number[]) => {
    const s = [...a].sort((x, y) => x - y);
    const p = 0.5 * (s.length - 1), lo = Math.floor(p);
    return lo + 1 < s.length ? s[lo]! + (p - lo) * (s[lo + 1]! - s[lo]!) : s[lo]!;
  };
  let B = 0;
  while (B < v.length) {
    const size = B < w ? 1 : b;
    const base = v.slice(Math.max(0, B - w), B).filter((x) => Number.isFinite(x));
    if (base.length >= minPeriods) {
      const m = med(base);
      const s = 1.4826 * med(base.map((x) => Math.abs(x - m)));
      for (let i = B; i < Math.min(v.length, B + size); i++) {
        const d = v[i]! - m;
        if (d > 0 && v[i] !== Infinity && (s > 0 ? d / s : Infinity) > z) out.push(i);
      }
    }
    B += size;
  }
  return out;
}

describe('blockSpikes', () => {
  it('equals its definition (each baseline sorted afresh) on random series with NaN and Infinity', () => {
    const val = fc.oneof({ weight: 12, arbitrary: fc.double({ min: -5, max: 5, noNaN: true }) }, { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity, -Infinity, 40) });
    fc.assert(
      fc.property(fc.array(val, { maxLength: 300 }), fc.integer({ min: 3, max: 40 }), fc.integer({ min: 1, max: 30 }), fc.double({ min: 0.5, max: 8, noNaN: true }), (v, w, b, z) => {
        const mp = Math.max(3, Math.ceil(w / 2));
        expect(blockSpikes(Float64Array.from(v), { window: w, block: b, z, minPeriods: mp }).map((s) => s.index)).toEqual(reference(v, w, b, z, mp));
      }),
      { numRuns: 300, seed: 3 },
    );
  });

  it('finds a slow step in a steady series (a flat baseline scores any excess as infinite)', () => {
    const v = Float64Array.from({ length: 200 }, (_, i) => (i === 120 ? 9 : 1));
    expect(blockSpikes(v).map((s) => [s.index, s.score])).toEqual([[120, Infinity]]);
  });

  it('quantiles: numpy linear interpolation, finite values only', () => {
    // numpy.quantile([1, 2, 3, 4], [0.5, 0.1, 0.9]) = [2.5, 1.3, 3.7]
    const q = quantiles(Float64Array.of(4, NaN, 1, 3, Infinity, 2));
    expect(q.median).toBe(2.5);
    expect(q.p10).toBeCloseTo(1.3, 14);
    expect(q.p90).toBeCloseTo(3.7, 14);
    expect(quantiles(new Float64Array(0))).toEqual({ median: NaN, p10: NaN, p90: NaN });
  });

  it('quantiles: the same numbers as sorting, bit for bit (ties, NaNs, short arrays)', () => {
    const sorted = (xs: number[], q: number): number => {
      const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
      if (s.length === 0) return NaN;
      const pos = q * (s.length - 1), lo = Math.floor(pos), frac = pos - lo;
      return frac === 0 || lo + 1 >= s.length ? s[lo]! : s[lo]! + frac * (s[lo + 1]! - s[lo]!);
    };
    const x = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constantFrom(NaN, Infinity, -Infinity));
    fc.assert(fc.property(fc.array(x, { maxLength: 400 }), (ys) => {
      // -0 and +0 tie; which of them a select leaves in place is not a quantile question
      const xs = ys.map((v) => (v === 0 ? 0 : v));
      const q = quantiles(Float64Array.from(xs));
      expect([q.median, q.p10, q.p90]).toEqual([sorted(xs, 0.5), sorted(xs, 0.1), sorted(xs, 0.9)]);
    }), { numRuns: 1000, seed: 1206 });
  });
});
