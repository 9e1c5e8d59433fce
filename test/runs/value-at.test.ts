import { describe, expect, it } from 'vitest';
import { valueAt } from '../../src/runs/index.js';
import { sample, single } from './helpers.js';

const pick = (rows: ReturnType<typeof valueAt>) => rows.map((r) => [r.run, r.value, r.x0, r.x1, r.outOfRange, r.flag]);

describe('valueAt', () => {
  it('interpolates linearly between the bracketing points, by step and by tokens', () => {
    const rs = sample();
    // a: tokens 200 -> 3, 300 -> 2.5; b: tokens 200 -> 4, 300 -> NaN.
    expect(pick(valueAt(rs, 'loss', { tokens: 250 }))).toEqual([
      ['a', 2.75, 200, 300, false, 'interpolated'],
      ['b', NaN, 200, 300, false, 'non_finite'],
      ['c', NaN, NaN, NaN, false, 'no_x'],
    ]);
    expect(pick(valueAt(rs, 'loss', { step: 1.25 })).slice(0, 2)).toEqual([
      ['a', 3.75, 1, 2, false, 'interpolated'],
      ['b', 4.75, 1, 2, false, 'interpolated'],
    ]);
  });

  it('returns the logged value at an exact hit, non-finite included', () => {
    const rs = sample();
    expect(pick(valueAt(rs, 'loss', { step: 3 })).slice(0, 2)).toEqual([
      ['a', 2.5, 3, 3, false, 'exact'],
      ['b', NaN, 3, 3, false, 'non_finite'],
    ]);
    expect(valueAt(rs, 'loss', { step: 0 })[0]).toMatchObject({ value: 5, flag: 'exact' });
  });

  it('never extrapolates silently; extrapolates on request, flagged', () => {
    const rs = single([10, 20, 30], [3, 2, 1.5]);
    expect(pick(valueAt(rs, 'loss', { step: 40 }))).toEqual([['r', NaN, NaN, NaN, true, 'out_of_range']]);
    expect(pick(valueAt(rs, 'loss', { step: 5 }))).toEqual([['r', NaN, NaN, NaN, true, 'out_of_range']]);
    expect(pick(valueAt(rs, 'loss', { step: 40 }, { extrapolate: true }))).toEqual([['r', 1, 20, 30, true, 'extrapolated']]);
    expect(pick(valueAt(rs, 'loss', { step: 0 }, { extrapolate: true }))).toEqual([['r', 4, 10, 20, true, 'extrapolated']]);
    // A single point cannot be extrapolated from.
    expect(pick(valueAt(single([10], [3]), 'loss', { step: 11 }, { extrapolate: true }))).toEqual([['r', NaN, NaN, NaN, true, 'out_of_range']]);
    expect(pick(valueAt(single([10], [3]), 'loss', { step: 10 }))).toEqual([['r', 3, 10, 10, false, 'exact']]);
  });

  it('interpolates in log x on request', () => {
    const rs = single([0, 100, 10000], [9, 4, 2]);
    // log10(1000) is halfway between log10(100) and log10(10000).
    const r = valueAt(rs, 'loss', { step: 1000 }, { logX: true })[0]!;
    expect(r.value).toBeCloseTo(3, 14);
    expect([r.x0, r.x1, r.flag]).toEqual([100, 10000, 'interpolated']);
    // Step 0 has no logarithm: below the first positive step is out of range.
    expect(valueAt(rs, 'loss', { step: 50 }, { logX: true })[0]!.flag).toBe('out_of_range');
    expect(valueAt(rs, 'loss', { step: 1000 })[0]!.value).toBe(4 - (900 / 9900) * 2);
    expect(() => valueAt(rs, 'loss', { step: 0 }, { logX: true })).toThrow(/logX/);
  });

  it('refuses ambiguous requests and flags a non-monotonic x', () => {
    const rs = single([0, 1, 2], [3, 2, 1], [0, 200, 100]);
    expect(valueAt(rs, 'loss', { tokens: 150 })[0]!.flag).toBe('non_monotonic_x');
    expect(() => valueAt(rs, 'loss', { tokens: 1, step: 1 } as never)).toThrow(/exactly one/);
    expect(() => valueAt(rs, 'loss', { step: NaN })).toThrow(/finite/);
    expect(valueAt(rs, 'nope', { step: 1 })[0]!.flag).toBe('no_x');
    expect(valueAt(rs, 'loss', { flops: 1 })[0]!.flag).toBe('no_x');
  });
});
