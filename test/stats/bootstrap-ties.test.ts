/**
 * Issue 10 defect 3: BCa's bias correction z0 counts resamples tied with the estimate. At n <= 4 many resamples
 * are permutations of the sample, whose mean equals the sample mean up to the rounding of summing in another order;
 * counted below or above by that rounding, z0 (so the interval) depended on the order the runs were listed in.
 * Ties (exact or within rounding) now count half below, half above, and the samples are put in a canonical order,
 * so permuting the runs changes no interval.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bootstrap, statMean, statMeanDiff, type BootstrapMethod } from '../../src/stats/index.js';

function permutations<T>(a: readonly T[]): T[][] {
  if (a.length <= 1) return [a.slice()];
  return a.flatMap((x, i) => permutations([...a.slice(0, i), ...a.slice(i + 1)]).map((p) => [x, ...p]));
}

describe('BCa ties at the estimate', () => {
  it('a symmetric sample whose permutations round differently has z0 ~ 0 in every order', () => {
    // 0.1 + 0.2 + 0.3 = 0.6000000000000001 but 0.3 + 0.2 + 0.1 = 0.6: 6 of the 27 resamples of [0.1, 0.2, 0.3]
    // (plus [0.2, 0.2, 0.2]) tie with the mean. The bootstrap distribution is symmetric about 0.2: z0 = 0 up to
    // Monte Carlo error (sd of z0 at B = 100,000 about 0.004).
    for (const p of permutations([0.1, 0.2, 0.3])) {
      const r = bootstrap([p], statMean, { method: 'bca', resamples: 100_000, seed: 4 });
      expect(Math.abs(r.z0), `z0 for order ${p}`).toBeLessThan(0.015);
    }
  });

  it('permuting the runs changes no interval (mean, difference, paired difference; n = 2-6)', () => {
    const value = fc.double({ min: 3.2, max: 3.4, noNaN: true });
    fc.assert(fc.property(
      fc.array(value, { minLength: 2, maxLength: 6 }), fc.array(value, { minLength: 2, maxLength: 6 }),
      fc.constantFrom<BootstrapMethod>('bca', 'percentile', 'basic'), fc.integer({ min: 0, max: 1000 }),
      (x, y, method, seed) => {
        const o = { method, resamples: 2000, seed };
        const rot = <T,>(a: T[]) => [...a.slice(1), a[0]!];
        const rev = <T,>(a: T[]) => a.slice().reverse();
        const m = bootstrap([x], statMean, o);
        expect(bootstrap([rot(x)], statMean, o)).toEqual(m);
        expect(bootstrap([rev(x)], statMean, o)).toEqual(m);
        const d = bootstrap([x, y], statMeanDiff, o);
        expect(bootstrap([rev(x), rot(y)], statMeanDiff, o)).toEqual(d);
        const n = Math.min(x.length, y.length), xp = x.slice(0, n), yp = y.slice(0, n);
        const p = bootstrap([xp, yp], statMeanDiff, { ...o, paired: true });
        expect(bootstrap([rot(xp), rot(yp)], statMeanDiff, { ...o, paired: true })).toEqual(p);
        expect(bootstrap([rev(xp), rev(yp)], statMeanDiff, { ...o, paired: true })).toEqual(p);
      },
    ), { numRuns: 150, seed: 10 });
  });

  it('every order of four runs gives the same BCa interval', () => {
    const runs = [3.2811, 3.2795, 3.2822, 3.2808];
    const ref = bootstrap([runs], statMean, { seed: 1 }).ci;
    for (const p of permutations(runs)) expect(bootstrap([p], statMean, { seed: 1 }).ci).toEqual(ref);
  });
});
