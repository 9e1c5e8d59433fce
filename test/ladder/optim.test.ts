import { describe, expect, it } from 'vitest';
import { boundedLeastSquares, boundedMinimize, movingAverage, step1Loss, step2Accuracy } from '../../src/ladder/index.js';

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

describe('boundedLeastSquares (Levenberg-Marquardt with an active set)', () => {
  // weighted straight line y = a + b t: the normal equations give the answer; with a <= 0.5 the bound binds and b is
  // the weighted least-squares slope through (0, 0.5)
  const t = [0, 1, 2, 3, 4];
  const y = [1.1, 2.9, 5.2, 6.8, 9.1];
  const w = [1, 2, 1, 3, 1];
  const model = (x: Float64Array, g: Float64Array, H: Float64Array): number => {
    g.fill(0);
    H.fill(0);
    let f = 0;
    for (let i = 0; i < t.length; i++) {
      const e = x[0]! + x[1]! * t[i]! - y[i]!;
      const J = [1, t[i]!];
      f += 0.5 * w[i]! * e * e;
      for (let a = 0; a < 2; a++) {
        g[a] = g[a]! + w[i]! * J[a]! * e;
        for (let b = 0; b < 2; b++) H[a * 2 + b] = H[a * 2 + b]! + w[i]! * J[a]! * J[b]!;
      }
    }
    return f;
  };
  it('reaches the normal-equation solution without bounds', () => {
    const sw = w.reduce((a, b) => a + b, 0);
    const st = w.reduce((a, wi, i) => a + wi * t[i]!, 0);
    const sy = w.reduce((a, wi, i) => a + wi * y[i]!, 0);
    const stt = w.reduce((a, wi, i) => a + wi * t[i]! ** 2, 0);
    const sty = w.reduce((a, wi, i) => a + wi * t[i]! * y[i]!, 0);
    const b = (sw * sty - st * sy) / (sw * stt - st * st);
    const a = (sy - b * st) / sw;
    const r = boundedLeastSquares(model, [0, 0], [-Infinity, -Infinity], [Infinity, Infinity]);
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(a, 10);
    expect(r.x[1]).toBeCloseTo(b, 10);
  });
  it('holds a parameter on its bound when the gradient pushes outward', () => {
    const r = boundedLeastSquares(model, [0, 0], [-Infinity, -Infinity], [0.5, Infinity]);
    const b = w.reduce((acc, wi, i) => acc + wi * t[i]! * (y[i]! - 0.5), 0) / w.reduce((acc, wi, i) => acc + wi * t[i]! ** 2, 0);
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBe(0.5);
    expect(r.atBound).toEqual([0]);
    expect(r.x[1]).toBeCloseTo(b, 10);
  });
});
