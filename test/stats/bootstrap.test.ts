/**
 * The bootstrap engine's own invariants (the intervals themselves are checked against scipy in scipy.test.ts):
 * the built-in fast paths (digit-sum tables, rank counts) give the same distribution as the same statistic
 * computed on materialised resamples from the same seed; resamples drawn m indices at a time are ordinary
 * resamples (uniform, independent positions: chi-square on fixed seeds); the same seed gives identical numbers;
 * NaN resamples give a NaN interval; selection is exact and stays fast with many ties.
 */
import { describe, expect, it } from 'vitest';
import {
  bootstrap, createRng, normalCdf, normalQuantile, quantileSorted, select, statMean, statMeanDiff, statPooledIqm,
  statPooledMean, trimMean, type Statistic,
} from '../../src/stats/index.js';

/** The same statistic without its `kind`, so the engine materialises every resample and calls it. */
const plain = (f: Statistic): Statistic => (s) => f(s);
const plainIqm: Statistic = (s) => {
  const all: number[] = [];
  for (const a of s) all.push(...a);
  return trimMean(all, 0.25);
};

function maxAbsDiff(a: Float64Array, b: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

function chiSquare(counts: ArrayLike<number>, expected: ArrayLike<number>): number {
  let x = 0;
  for (let i = 0; i < counts.length; i++) x += (counts[i]! - expected[i]!) ** 2 / expected[i]!;
  return x;
}

const rng = createRng(123);
const x = Array.from({ length: 20 }, () => 3.28 + 0.0015 * rng.normal());
const y = Array.from({ length: 23 }, () => 3.281 + 0.0015 * rng.normal());
const tasks = Array.from({ length: 12 }, (_, t) => Array.from({ length: t % 3 === 0 ? 7 : 5 }, () => 0.5 + 0.1 * rng.normal()));

describe('fast paths = the same statistic on materialised resamples (same seed, same resamples)', () => {
  const cases: [string, number[][], Statistic, Statistic, boolean][] = [
    ['mean', [x], statMean, plain(statMean), false],
    ['mean-diff', [x, y], statMeanDiff, plain(statMeanDiff), false],
    ['mean-diff paired', [x, y.slice(0, 20)], statMeanDiff, plain(statMeanDiff), true],
    ['pooled-mean over unequal strata', tasks, statPooledMean, plain(statPooledMean), false],
    ['pooled-iqm over unequal strata', tasks, statPooledIqm, plainIqm, false],
  ];
  for (const [name, samples, fast, slow, paired] of cases) {
    it(name, () => {
      for (const resamples of [10_000, 37]) { // 37: other draw plans and one partial block
        const o = { resamples, seed: 9, paired, method: 'percentile' as const, keepDistribution: true };
        const a = bootstrap(samples, fast, o), b = bootstrap(samples, slow, o);
        // only the summation order differs: rounding of sums of values of magnitude <= 3.3
        expect(maxAbsDiff(a.distribution!, b.distribution!)).toBeLessThan(1e-13);
        expect(a.ci[0]).toBeCloseTo(b.ci[0], 12);
        expect(a.ci[1]).toBeCloseTo(b.ci[1], 12);
      }
    });
  }
});

describe('resamples drawn several indices at a time are ordinary bootstrap resamples', () => {
  it('sum of a resample of [0..4] has the exact distribution of 5 iid uniform draws (chi-square, p = 1e-4)', () => {
    const B = 100_000;
    const r = bootstrap([[0, 1, 2, 3, 4]], statMean, { resamples: B, seed: 1, method: 'percentile', keepDistribution: true });
    // exact law of the sum by convolution
    let law = [1];
    for (let d = 0; d < 5; d++) {
      const next = new Array<number>(law.length + 4).fill(0);
      law.forEach((p, s) => { for (let v = 0; v < 5; v++) next[s + v]! += p / 5; });
      law = next;
    }
    const counts = new Float64Array(21);
    for (const m of r.distribution!) counts[Math.round(m * 5)]++;
    expect(chiSquare(counts, law.map((p) => p * B))).toBeLessThan(52.386); // 20 df
  });

  it('every position of a resample is uniform and positions are pairwise independent (n = 7: digits, draw boundaries, remainder draw)', () => {
    const n = 7, B = 40_000, seen: number[][] = [];
    const record: Statistic = (s) => { seen.push(Array.from(s[0]!)); return 0; };
    bootstrap([Array.from({ length: n }, (_, i) => i)], record, { resamples: B, seed: 4, method: 'percentile' });
    seen.shift(); // the call on the original sample
    expect(seen.length).toBe(B);
    for (let i = 0; i < n; i++) {
      const c = new Float64Array(n);
      for (const s of seen) c[s[i]!]++;
      expect(chiSquare(c, new Array<number>(n).fill(B / n)), `position ${i}`).toBeLessThan(27.856); // 6 df
    }
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const c = new Float64Array(n * n);
        for (const s of seen) c[s[i]! * n + s[j]!]++;
        expect(chiSquare(c, new Array<number>(n * n).fill(B / (n * n))), `positions ${i}, ${j}`).toBeLessThan(93.221); // 48 df
      }
    }
  });
});

describe('determinism and edge cases', () => {
  it('the same seed gives identical results; another seed changes them', () => {
    const a = bootstrap([x, y], statMeanDiff, { seed: 5 }), b = bootstrap([x, y], statMeanDiff, { seed: 5 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(bootstrap([x, y], statMeanDiff, { seed: 6 }).ci).not.toEqual(a.ci);
  });

  it('a statistic that is NaN on some resamples gives a NaN interval (numpy percentile semantics)', () => {
    const f: Statistic = (s) => (s[0]!.includes(4) ? NaN : s[0]![0]!);
    const r = bootstrap([[1, 2, 3, 4]], f, { method: 'percentile', resamples: 200, seed: 1 });
    expect(r.ci.every(Number.isNaN)).toBe(true);
  });

  it('heavily tied distributions: percentile interval of the mean of [1, 2, 2] over 100,000 resamples', () => {
    // P(mean = 1) = 1/27 > 2.5% and P(mean = 2) = 8/27: both ends are attained values
    const r = bootstrap([[1, 2, 2]], statMean, { method: 'percentile', resamples: 100_000, seed: 1, keepDistribution: true });
    expect(r.ci).toEqual([1, 2]);
    expect(r.distribution!.filter((v) => v === 1).length / 100_000).toBeCloseTo(1 / 27, 2);
  });
});

describe('interval ends are numpy percentiles of the kept distribution', () => {
  it('percentile, basic and BCa (z0 and acceleration as returned), with and without ties', () => {
    const cases: [number[][], number][] = [[[x, y], 10_000], [[x, y], 999], [[[1, 2, 2, 3]], 5000], [[[1, 2]], 40]];
    for (const [samples, B] of cases) {
      for (const confidence of [0.95, 0.8, 0.999]) {
        const o = { resamples: B, seed: 3, confidence, keepDistribution: true };
        const sorted = (d: Float64Array) => d.slice().sort();
        const p = bootstrap(samples, statMeanDiffOrMean(samples.length), { ...o, method: 'percentile' });
        const s = sorted(p.distribution!), alpha = (1 - confidence) / 2;
        expect(p.ci).toEqual([quantileSorted(s, alpha), quantileSorted(s, 1 - alpha)]);
        const b = bootstrap(samples, statMeanDiffOrMean(samples.length), { ...o, method: 'basic' });
        expect(b.ci).toEqual([2 * b.estimate - quantileSorted(s, 1 - alpha), 2 * b.estimate - quantileSorted(s, alpha)]);
        const c = bootstrap(samples, statMeanDiffOrMean(samples.length), { ...o, method: 'bca' });
        const za = normalQuantile(alpha), { z0, acceleration: acc } = c;
        const a1 = normalCdf(z0 + (z0 + za) / (1 - acc * (z0 + za))), a2 = normalCdf(z0 + (z0 - za) / (1 - acc * (z0 - za)));
        if (Number.isNaN(a1) || Number.isNaN(a2)) expect(c.ci.every(Number.isNaN)).toBe(true);
        else expect(c.ci).toEqual([quantileSorted(s, a1), quantileSorted(s, a2)]);
      }
    }
  });
});

function statMeanDiffOrMean(k: number): Statistic {
  return k === 2 ? statMeanDiff : statMean;
}

describe('select', () => {
  it('puts the k-th smallest at k with smaller before and larger after, with and without ties', () => {
    const g = createRng(77);
    for (const distinct of [3, 50, 10_000]) {
      const src = Float64Array.from({ length: 1001 }, () => g.int(distinct));
      const sorted = src.slice().sort();
      for (const k of [0, 1, 250, 500, 999, 1000]) {
        const a = src.slice();
        select(a, k);
        expect(a[k]).toBe(sorted[k]);
        expect(a.subarray(0, k).every((v) => v <= a[k]!)).toBe(true);
        expect(a.subarray(k + 1).every((v) => v >= a[k]!)).toBe(true);
        expect(a.slice().sort()).toEqual(sorted); // a permutation
      }
    }
  });
});
