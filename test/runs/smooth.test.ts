import { describe, expect, it } from 'vitest';
import { emaSmooth, smoothCurve } from '../../src/runs/index.js';
import { single } from './helpers.js';

// Expected values are those of TensorBoard's own spec for classicSmoothing
// (tensorboard/webapp/widgets/line_chart_v2/data_transformer_test.ts), computed by hand from the algorithm.
describe('emaSmooth (TensorBoard classic smoothing)', () => {
  it('debiases from a zero start', () => {
    expect(Array.from(emaSmooth([1, 0.5, 0], 0.6))).toEqual([1, 0.6875, ((0.5 * 0.4 + 0.4 * 1 * 0.6) * 0.6 + 0) / (1 - Math.pow(0.6, 3))]);
    expect(Array.from(emaSmooth([0, 0.5, 1], 0.6))).toEqual([0, 0.3125, (1 * 0.4 + 0.5 * 0.4 * 0.6) / (1 - Math.pow(0.6, 3))]);
    // Default weight is 0.6.
    expect(Array.from(emaSmooth([1, 0.5, 0]))).toEqual(Array.from(emaSmooth([1, 0.5, 0], 0.6)));
  });

  it('passes non-finite points through without counting them', () => {
    const out = Array.from(emaSmooth([-Infinity, 1, NaN, Infinity, 0.5], 0.6));
    expect(out).toEqual([-Infinity, 1, NaN, Infinity, 0.6875]);
  });

  it('returns a constant series untouched (no floating-point noise)', () => {
    expect(Array.from(emaSmooth([0.3, 0.3, 0.3], 0.1))).toEqual([0.3, 0.3, 0.3]);
    // Without the constant check the EMA would give 0.30000000000000004 somewhere:
    // 0.3 * 0.9 = 0.27 and 0.27 / 0.9 is not exactly 0.3 in binary.
    expect(0.9 * 0.3 + 0.1 * 0.3).not.toBe(0.3);
  });

  it('clips the weight like TensorBoard: non-finite or negative -> 0, above 1 -> 1 (all zeros)', () => {
    for (const w of [NaN, -1, -Infinity, Infinity]) {
      // Infinity is not finite, so it becomes 0, like NaN.
      expect(Array.from(emaSmooth([1, 0.5], w))).toEqual([1, 0.5]);
    }
    expect(Array.from(emaSmooth([1, 0.5, 0], 1))).toEqual([0, 0, 0]);
    expect(Array.from(emaSmooth([1, 0.5], 2))).toEqual([0, 0]);
    expect(Array.from(emaSmooth([1, 0.5, 0], 0))).toEqual([1, 0.5, 0]);
  });

  it('handles empty, single and all-NaN series', () => {
    expect(emaSmooth([], 0.6).length).toBe(0);
    expect(Array.from(emaSmooth([2.5], 0.9))).toEqual([2.5]);
    expect(Array.from(emaSmooth([NaN, NaN], 0.9))).toEqual([NaN, NaN]);
    // A leading NaN makes the series non-constant; the finite points start the accumulator.
    expect(Array.from(emaSmooth([NaN, 2, 2], 0.5))).toEqual([NaN, 2, 2]);
  });

  it('matches the recurrence on a long series (independent re-derivation in closed form)', () => {
    // Closed form of the debiased EMA: s_t = sum_i (1-w) w^(t-i) y_i / (1 - w^t).
    const y = Array.from({ length: 50 }, (_, i) => Math.sin(i) + i / 10);
    const w = 0.9;
    const out = emaSmooth(y, w);
    for (const t of [1, 2, 10, 50]) {
      let num = 0;
      for (let i = 1; i <= t; i++) num += (1 - w) * Math.pow(w, t - i) * y[i - 1]!;
      expect(out[t - 1]).toBeCloseTo(num / (1 - Math.pow(w, t)), 12);
    }
  });

  it('smoothCurve replaces only the values', () => {
    const c = single([0, 1, 2], [1, 0.5, 0]).curve('r', 'loss')!;
    const s = smoothCurve(c, 0.6);
    expect(s.step).toBe(c.step);
    expect(s.value[1]).toBe(0.6875);
    expect(Array.from(c.value)).toEqual([1, 0.5, 0]);
  });
});
