import { describe, expect, it } from 'vitest';
import { finalValues, RunSetBuilder, selectRuns, Flag } from '../../src/runs/index.js';
import { sample, single } from './helpers.js';

describe('finalValues', () => {
  it('takes the last point, reports a non-finite final point instead of an earlier finite one, falls back to summary', () => {
    const fv = finalValues(sample(), 'loss');
    expect(fv.map((r) => [r.run, r.value, r.step, r.tokens, r.n, r.flag])).toEqual([
      ['a', 1, 5, 500, 1, 'ok'],
      ['b', NaN, 3, 300, 1, 'non_finite'],
      ['c', 2.2, NaN, NaN, 0, 'summary'],
    ]);
    expect(fv[0]).toMatchObject({ name: 'run-a', variant: 'base', seed: 1 });
    expect(fv.missing).toEqual([]);
  });

  it('upToStep reads each curve at or before a step (the window ends there); reached says where the curve ends', () => {
    const rs = sample();
    const at4 = finalValues(rs, 'loss', { upToStep: 4 });
    expect(at4.map((r) => [r.run, r.value, r.step, r.reached])).toEqual([['a', 1.5, 4, 5], ['b', NaN, 3, 3], ['c', 2.2, NaN, NaN]]);
    expect(finalValues(rs, 'loss', { upToStep: 4, lastK: 2 })[0]!.value).toBe((2.5 + 1.5) / 2);
    // a curve with no point at or before the step is listed as missing, not read from later
    const late = finalValues(single([10, 20], [3, 2]), 'loss', { upToStep: 5 });
    expect(late).toHaveLength(0);
    expect(late.missing).toEqual(['r']);
    expect(() => finalValues(rs, 'loss', { upToStep: NaN })).toThrow(/upToStep/);
  });

  it('averages the last k points, flags a short window, and lists runs with neither curve nor summary', () => {
    const rs = sample();
    const k3 = finalValues(rs, 'loss', { lastK: 3 });
    expect(k3[0]!.value).toBe((2.5 + 1.5 + 1) / 3);
    expect(k3[0]!.n).toBe(3);
    expect(k3[1]!.value).toBeNaN();
    expect(k3[1]!.flag).toBe('non_finite');
    const k9 = finalValues(rs, 'loss', { lastK: 9 });
    expect(k9[0]).toMatchObject({ value: 17 / 6, n: 6, flag: 'short_window' });
    const acc = finalValues(rs, 'acc');
    expect(acc.map((r) => [r.run, r.value, r.step, r.flag])).toEqual([['a', 0.1, 0, 'ok'], ['b', NaN, 3, 'skipped']]);
    expect(acc.missing).toEqual(['c']);
  });

  it('reports +Infinity as the value of a run whose last point overflowed', () => {
    const fv = finalValues(single([0, 1, 2], [3, 2, Infinity]), 'loss', { lastK: 2 });
    expect(fv[0]).toMatchObject({ value: Infinity, step: 2, n: 2, flag: 'non_finite' });
  });

  it('handles a single point, an empty set and bad k', () => {
    expect(finalValues(single([7], [0.5]), 'loss')[0]).toMatchObject({ value: 0.5, step: 7, n: 1, flag: 'ok' });
    const empty = finalValues(selectRuns(sample(), []), 'loss');
    expect(empty.length).toBe(0);
    expect(empty.missing).toEqual([]);
    expect(() => finalValues(sample(), 'loss', { lastK: 0 })).toThrow(/lastK/);
    expect(() => finalValues(sample(), 'loss', { lastK: 1.5 })).toThrow(/lastK/);
  });

  it('a skipped iteration in the window makes the mean NaN, flagged skipped', () => {
    const b = new RunSetBuilder();
    const r = b.addRun({ id: 'r', source: 's' });
    b.add(r, 0, 'loss', 2);
    b.add(r, 1, 'loss', NaN, { flag: Flag.skipped });
    b.add(r, 2, 'loss', 1);
    const fv = finalValues(b.build(), 'loss', { lastK: 2 });
    expect(fv[0]).toMatchObject({ n: 2, flag: 'skipped', step: 2 });
    expect(fv[0]!.value).toBeNaN();
    // The last point alone is finite: ok.
    expect(finalValues(selectRuns(sample(), ['a']), 'loss')[0]!.flag).toBe('ok');
  });
});
