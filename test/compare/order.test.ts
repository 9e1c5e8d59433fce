/**
 * Issue 10 defect 3 at the level users see: listing the runs in another order changes no interval of
 * compareVariants (bootstrap intervals exactly: samples are put in a canonical order; t intervals up to the
 * rounding of a sum in another order).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compareVariants } from '../../src/compare/index.js';

const close = (a: readonly number[], b: readonly number[]) => a.forEach((v, i) => {
  if (Number.isNaN(b[i]!)) expect(Number.isNaN(v)).toBe(true); else expect(Math.abs(v - b[i]!)).toBeLessThan(1e-12);
});

describe('run order', () => {
  it('permuting the runs (with their seeds) changes no interval, paired or Welch, n 2-60', () => {
    fc.assert(fc.property(
      fc.integer({ min: 2, max: 60 }), fc.integer({ min: 0, max: 1e6 }), fc.boolean(),
      (n, s, paired) => {
        const v = (i: number, k: number) => 3.28 + 0.001 * Math.sin(s + 17 * i + 101 * k);
        const seeds = Array.from({ length: n }, (_, i) => i);
        const base = { name: 'b', values: seeds.map((i) => v(i, 0)), seeds };
        const vari = { name: 'v', values: seeds.map((i) => v(i, 1)), seeds: paired ? seeds : seeds.map((i) => i + 1000) };
        const perm = seeds.map((_, i) => (i * 7 + s) % n).filter((x, i, a) => a.indexOf(x) === i);
        if (perm.length !== n) return; // not a permutation for this (n, s)
        const shuffled = (g: typeof base) => ({ name: g.name, values: perm.map((i) => g.values[i]!), seeds: perm.map((i) => g.seeds[i]!) });
        const o = { resamples: 500, seed: 3, test: paired ? 'paired' as const : 'welch' as const };
        const a = compareVariants([base, vari], o), b = compareVariants([shuffled(base), shuffled(vari)], o);
        for (let k = 0; k < 2; k++) {
          close(b.variants[k]!.ci, a.variants[k]!.ci);
          expect(b.variants[k]!.bootstrapCi).toEqual(a.variants[k]!.bootstrapCi);
        }
        close(b.comparisons[0]!.ci, a.comparisons[0]!.ci);
        expect(b.comparisons[0]!.bootstrapCi).toEqual(a.comparisons[0]!.bootstrapCi);
      },
    ), { numRuns: 60, seed: 2 });
  });
});
