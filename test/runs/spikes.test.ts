import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectSpikes } from '../../src/runs/index.js';

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
