import { describe, expect, it } from 'vitest';
import { boundedMinimize, movingAverage, step1Loss, step2Accuracy } from '../../src/ladder/index.js';

describe('boundedMinimize (projected L-BFGS)', () => {
  it('finds an interior minimum of Rosenbrock', () => {
    const r = boundedMinimize((x, g) => {
      const a = 1 - x[0]!;
      const b = x[1]! - x[0]! ** 2;
      g[0] = -2 * a - 400 * x[0]! * b;
      g[1] = 200 * b;
      return a * a + 100 * b * b;
    }, [-1.2, 1], [-5, -5], [5, 5]);
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 6);
    expect(r.x[1]).toBeCloseTo(1, 6);
    expect(r.atBound).toEqual([]);
  });

  it('stops on the bound with the KKT answer of a bounded quadratic', () => {
    // min (x+1)^2 + (y-2)^2 + x*y over x >= 0, y <= 1: x = 0 (gradient 2x+2+y > 0), y = 1 (gradient 2y-4+x < 0)
    const r = boundedMinimize((x, g) => {
      g[0] = 2 * (x[0]! + 1) + x[1]!;
      g[1] = 2 * (x[1]! - 2) + x[0]!;
      return (x[0]! + 1) ** 2 + (x[1]! - 2) ** 2 + x[0]! * x[1]!;
    }, [3, -3], [0, -Infinity], [Infinity, 1]);
    expect(r.converged).toBe(true);
    expect([...r.x]).toEqual([0, 1]);
    expect(r.atBound).toEqual([0, 1]);
  });
});

describe('ladder formulas', () => {
  it('moving average grows its window at the start, as numpy cumsum in the paper code', () => {
    // numpy: c = cumsum([3,1,4,1,5,9]); n = 3 -> [3, 2, 2.6667, 2, 3.3333, 5]
    const m = movingAverage([3, 1, 4, 1, 5, 9], 3);
    [3, 2, 8 / 3, 2, 10 / 3, 5].forEach((v, i) => expect(m[i]).toBeCloseTo(v, 12));
  });

  it('step 1 and step 2 formulas', () => {
    expect(step1Loss([3, 6, 0.1, 0.2, 1], 1e9, 1e11)).toBeCloseTo(1 + Math.exp(3) / 1e9 ** 0.1 + Math.exp(6) / 1e11 ** 0.2, 12);
    expect(step2Accuracy([-0.75, 0.6, 5, 1], 0.6)).toBeCloseTo(0.625, 12);
    expect(step2Accuracy([-0.75, 0.6, 5, 1], -100)).toBeCloseTo(1, 12);
  });
});
