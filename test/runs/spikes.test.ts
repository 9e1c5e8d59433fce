import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectSpikes, type Spike, type SpikeOptions } from '../../src/runs/index.js';
import { detectSpikesPrevious } from './spikes-previous.js';

interface Golden {
  window: number;
  z: number;
  step: number[];
  value: (number | null)[];
  nan_index: number;
  spikes: Record<'up' | 'down' | 'both', { index: number; median: number; scale: number; score: number }[]>;
}
// Made by scripts/runs-spikes-golden.py (pandas rolling median / MAD over the trailing window).
const G = JSON.parse(readFileSync(new URL('../golden/runs-spikes-pandas.json', import.meta.url), 'utf8')) as Golden;

describe('detectSpikes', () => {
  const curve = { step: G.step, value: G.value.map((v) => (v === null ? NaN : v)) };

  for (const direction of ['up', 'down', 'both'] as const) {
    it(`matches pandas rolling median + MAD (direction ${direction})`, () => {
      const got = detectSpikes(curve, { window: G.window, z: G.z, direction });
      const finite = got.filter((s) => !s.nonFinite);
      expect(finite.map((s) => s.index)).toEqual(G.spikes[direction].map((s) => s.index));
      finite.forEach((s, k) => {
        const g = G.spikes[direction][k]!;
        expect(s.median).toBeCloseTo(g.median, 12);
        expect(s.scale).toBeCloseTo(g.scale, 12);
        expect(s.score).toBeCloseTo(g.score, 9);
        expect(s.step).toBe(G.step[s.index]);
      });
      // The NaN is reported as a non-finite spike, in step order.
      expect(got.filter((s) => s.nonFinite).map((s) => s.index)).toEqual([G.nan_index]);
    });
  }

  it('scores by hand on a tiny series', () => {
    // Window of 5 before index 5: [1, 2, 1, 2, 1] -> median 1, |dev| = [0, 1, 0, 1, 0] -> MAD 0:
    // a flat-MAD window, so any rise scores +Infinity.
    const s = detectSpikes({ step: [0, 1, 2, 3, 4, 5], value: [1, 2, 1, 2, 1, 1.5] }, { window: 5, z: 3, minPeriods: 5 });
    expect(s).toEqual([{ index: 5, step: 5, value: 1.5, median: 1, scale: 0, score: Infinity, nonFinite: false }]);
    // Window [1,2,3,4] (minPeriods 4) before index 4: median 2.5, |dev| [1.5,.5,.5,1.5] -> MAD 1, scale 1.4826.
    const t = detectSpikes({ step: [0, 1, 2, 3, 4], value: [1, 2, 3, 4, 20] }, { window: 4, z: 3, minPeriods: 4 });
    expect(t).toHaveLength(1);
    expect(t[0]!.median).toBe(2.5);
    expect(t[0]!.scale).toBe(1.4826);
    expect(t[0]!.score).toBe(17.5 / 1.4826);
  });

  it('does not score before the window fills, and handles empty input', () => {
    expect(detectSpikes({ step: [0, 1, 2], value: [1, 1, 100] }, { window: 10 })).toEqual([]);
    expect(detectSpikes({ step: [], value: [] })).toEqual([]);
  });

  it('refuses bad options', () => {
    const c = { step: [0], value: [1] };
    expect(() => detectSpikes(c, { window: 2 })).toThrow(/window/);
    expect(() => detectSpikes(c, { z: 0 })).toThrow(/z must be/);
    expect(() => detectSpikes(c, { window: 5, minPeriods: 6 })).toThrow(/minPeriods/);
    expect(() => detectSpikes({ step: [0, 1], value: [1] })).toThrow(/step has 2/);
  });
});

/**
 * The definition read literally: for each point, collect the finite values of the `window` points before it, sort
 * them, take the median, sort the absolute deviations, take their median. No sliding, no merging.
 */
function naiveSpikes(value: number[], o: Required<SpikeOptions>): Spike[] {
  const med = (xs: number[]): number => {
    const h = xs.length >> 1;
    return xs.length % 2 ? xs[h]! : (xs[h - 1]! + xs[h]!) / 2;
  };
  const out: Spike[] = [];
  value.forEach((y, i) => {
    if (!Number.isFinite(y)) {
      out.push({ index: i, step: i, value: y, median: NaN, scale: NaN, score: NaN, nonFinite: true });
      return;
    }
    const win = value.slice(Math.max(0, i - o.window), i).filter(Number.isFinite).sort((a, b) => a - b);
    if (win.length < o.minPeriods) return;
    const m = med(win);
    const s = 1.4826 * med(win.map((v) => Math.abs(v - m)).sort((a, b) => a - b));
    const d = y - m;
    const score = s > 0 ? d / s : d === 0 ? 0 : d > 0 ? Infinity : -Infinity;
    const hit = o.direction === 'up' ? score > o.z : o.direction === 'down' ? score < -o.z : Math.abs(score) > o.z;
    if (hit) out.push({ index: i, step: i, value: y, median: m, scale: s, score, nonFinite: false });
  });
  return out;
}

describe('detectSpikes against the literal definition', () => {
  // Values from a small grid make ties (flat windows, repeated medians, zero MADs) common; NaN and +-Infinity
  // exercise the non-finite path and windows with fewer finite values than minPeriods.
  const value = fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: -4, max: 4 }).map((k) => k / 2) },
    { weight: 3, arbitrary: fc.double({ min: -100, max: 100, noNaN: true, noDefaultInfinity: true }) },
    { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity, -Infinity) },
  );
  it('gives the same spikes, medians, scales and scores bit for bit', () => {
    fc.assert(fc.property(
      fc.array(value, { maxLength: 200 }),
      fc.integer({ min: 3, max: 40 }).chain((window) => fc.record({
        window: fc.constant(window),
        minPeriods: fc.integer({ min: 1, max: window }),
        z: fc.double({ min: 0.25, max: 8, noNaN: true }),
        direction: fc.constantFrom('up' as const, 'down' as const, 'both' as const),
      })),
      fc.boolean(),
      (ys, o, typed) => {
        // -0 and +0 are the same value to the window; keep the sign question out of the comparison.
        const vs = ys.map((v) => (v === 0 ? 0 : v));
        const step = vs.map((_, i) => i);
        const got = detectSpikes(typed ? { step: Float64Array.from(step), value: Float64Array.from(vs) } : { step, value: vs }, o);
        expect(got).toEqual(naiveSpikes(vs, o));
      },
    ), { numRuns: 400, seed: 20261125 });
  });

  it('finds a planted spike in a long noisy curve with a drifting baseline', () => {
    const n = 5000;
    const v = Array.from({ length: n }, (_, i) => 2 + 3 / Math.sqrt(i + 1) + 0.01 * Math.sin(i * 12.9898));
    v[4000] = v[4000]! + 1;
    const got = detectSpikes({ step: v.map((_, i) => i), value: v }, { window: 50, z: 6 });
    expect(got).toEqual(naiveSpikes(v, { window: 50, z: 6, direction: 'up', minPeriods: 25 }));
    expect(got.map((s) => s.index)).toContain(4000);
  });
});

describe('detectSpikes against its previous version (before the MAD bound screen and the one-search slide)', () => {
  // Curves that stress the screen: ties on a coarse grid, flat stretches (MAD 0), NaN / +-Infinity gaps, steps of
  // size 2^-k near the median (rounding at the bound), slow drifts (the bound near the threshold) and spikes.
  const point = fc.oneof(
    { weight: 5, arbitrary: fc.integer({ min: -3, max: 3 }).map((k) => k / 4) },
    { weight: 3, arbitrary: fc.double({ min: -10, max: 10, noNaN: true, noDefaultInfinity: true }) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 60 }).map((k) => 1 + 2 ** -k) },
    { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity, -Infinity, 1e300, -1e300) },
  );
  const curve = fc.oneof(
    fc.array(point, { maxLength: 300 }),
    // flat runs with rare jumps: many windows with MAD 0 and a few with a tiny MAD
    fc.array(fc.tuple(point, fc.integer({ min: 1, max: 40 })), { maxLength: 30 }).map((xs) => xs.flatMap(([v, k]) => Array<number>(k).fill(v))),
    // a noisy drift with planted spikes, where scores near z are common
    fc.tuple(fc.integer({ min: 50, max: 400 }), fc.integer({ min: 0, max: 1e6 }), fc.double({ min: 0.5, max: 20, noNaN: true })).map(([n, seed, k]) =>
      Array.from({ length: n }, (_, i) => 2 + 1 / Math.sqrt(i + 1) + 0.01 * Math.sin((i + seed) * 12.9898) + (i % 37 === 0 ? 0.01 * k : 0))),
  );
  it('gives the same output bit for bit (every field, every option)', () => {
    fc.assert(fc.property(
      curve,
      fc.integer({ min: 3, max: 60 }).chain((window) => fc.record({
        window: fc.constant(window),
        minPeriods: fc.integer({ min: 1, max: window }),
        z: fc.oneof(fc.double({ min: 0.01, max: 10, noNaN: true }), fc.constantFrom(1, 3, 6, 8)),
        direction: fc.constantFrom('up' as const, 'down' as const, 'both' as const),
      })),
      (ys, o) => {
        const vs = ys.map((v) => (v === 0 ? 0 : v));
        const c = { step: Float64Array.from(vs, (_, i) => 10 * i), value: Float64Array.from(vs) };
        const got = detectSpikes(c, o);
        const want = detectSpikesPrevious(c, o);
        // Object.is on every field: NaN and the sign of zero must agree too
        expect(got.length).toBe(want.length);
        got.forEach((s, k) => {
          const w = want[k]!;
          for (const f of ['index', 'step', 'value', 'median', 'scale', 'score', 'nonFinite'] as const) expect(Object.is(s[f], w[f]), `${f} of spike ${k}`).toBe(true);
        });
      },
    ), { numRuns: 1500, seed: 20261206 });
  });

  it('agrees on a long noisy loss curve where the screen skips almost every MAD', () => {
    const n = 100_000;
    let x = 1;
    const v = Float64Array.from({ length: n }, (_, i) => {
      x = (x * 16807) % 2147483647;
      return 2 + 8 / Math.sqrt(i + 1) + 0.01 * (x / 2147483647 - 0.5) + (i % 9973 === 0 ? 0.2 : 0);
    });
    const c = { step: Float64Array.from(v, (_, i) => i), value: v };
    for (const direction of ['up', 'down', 'both'] as const) {
      const got = detectSpikes(c, { direction });
      expect(got).toEqual(detectSpikesPrevious(c, { direction }));
      if (direction === 'up') expect(got.length).toBeGreaterThanOrEqual(9);
    }
  });
});
