import { describe, expect, it } from 'vitest';
import { defineLaw, fitLaw, logspace, powerLaw, synthesizeSweep } from '../../src/fit/index.js';
import { makeBuiltinObjective, type BuiltinKind } from '../../src/fit/kernel.js';
import { createRng } from '../../src/stats/random.js';

describe("residual 'raw' (prediction - loss) in the kernels", () => {
  const rng = createRng(4);
  const n = 12;
  const x0 = Float64Array.from({ length: n }, () => 17 + 5 * rng.next());
  const x1 = Float64Array.from({ length: n }, () => 19 + 5 * rng.next());
  const y = Float64Array.from({ length: n }, () => Math.log(2 + rng.next()));
  const cases: [BuiltinKind, number[]][] = [
    ['chinchilla', [6, 7, 0.5, 0.35, 0.37]],
    ['power', [5, 0.6, 0.3]],
    ['power0', [3, 0.1]],
    ['kaplan', [30, 45, 0.08, 0.1]],
  ];
  for (const [kind, theta] of cases) {
    it(`${kind}: the objective is the sum of squared raw residuals and the gradient matches central differences`, () => {
      const X = kind === 'power' || kind === 'power0' ? [x0] : [x0, x1];
      const raw = makeBuiltinObjective(kind, X, y, null, 'mse', 1e-3, 'raw');
      const log = makeBuiltinObjective(kind, X, y, null, 'mse', 1e-3, 'log');
      const t = Float64Array.from(theta);
      const g = new Float64Array(t.length), gl = new Float64Array(t.length);
      const f = raw(t, g), fl = log(t, gl);
      // Same log-predictions z: sum (e^z - L)^2 against sum (z - log L)^2.
      let sr = 0, sl = 0;
      const tmp = new Float64Array(t.length);
      for (let i = 0; i < n; i++) {
        const one = makeBuiltinObjective(kind, X.map((c) => c.subarray(i, i + 1)), y.subarray(i, i + 1), null, 'mse', 1e-3, 'log');
        const r = Math.sqrt(one(t, tmp));
        // The sign of z - y is lost in r; recover e^z from both candidates and keep the one that reproduces raw.
        const cands = [y[i]! + r, y[i]! - r].map((z) => (Math.exp(z) - Math.exp(y[i]!)) ** 2);
        const oneRaw = makeBuiltinObjective(kind, X.map((c) => c.subarray(i, i + 1)), y.subarray(i, i + 1), null, 'mse', 1e-3, 'raw')(t, tmp);
        expect(Math.min(...cands.map((c) => Math.abs(c - oneRaw)))).toBeLessThan(1e-12 * Math.max(1, oneRaw));
        sr += oneRaw; sl += r * r;
      }
      expect(f).toBeCloseTo(sr, 10);
      expect(fl).toBeCloseTo(sl, 10);
      expect(f).not.toBeCloseTo(fl, 6);
      for (let j = 0; j < t.length; j++) {
        const h = 1e-6 * Math.max(1, Math.abs(t[j]!));
        const tp = Float64Array.from(t), tm = Float64Array.from(t);
        tp[j] = t[j]! + h; tm[j] = t[j]! - h;
        const fd = (raw(tp, tmp) - raw(tm, tmp)) / (2 * h);
        expect(g[j]! / (Math.abs(fd) > 1e-8 ? fd : 1) - (Math.abs(fd) > 1e-8 ? 1 : 0), `${kind} d/d theta_${j}`).toBeCloseTo(0, 3);
      }
    });
  }

  it('a built-in law and the same user law (finite-difference gradient) reach the same raw-residual fit', async () => {
    const pts = synthesizeSweep({ sizes: logspace(1e8, 1e10, 6), budgets: [1e19, 1e20, 1e21], seed: 2, noise: 0.01 }).map((p) => ({ C: p.C, loss: p.loss }));
    const built = await fitLaw(pts, powerLaw('C'), { residual: 'raw', loss: 'mse', threads: 1 });
    const user = await fitLaw(pts, defineLaw({
      name: 'power-user', inputs: ['C'],
      params: { a: { grid: [5, 10, 15, 20, 25] }, e: { grid: [-1, 0, 1] }, alpha: { grid: [0.1, 0.3, 0.5] } },
      predict: (p, x) => Math.exp(p.e!) + Math.exp(p.a! - p.alpha! * Math.log(x.C!)),
    }), { residual: 'raw', loss: 'mse', threads: 1 });
    expect(user.params.alpha! / built.params.alpha! - 1).toBeCloseTo(0, 3);
    expect(user.objective / built.objective - 1).toBeCloseTo(0, 5);
    await expect(fitLaw(pts, powerLaw('C'), { residual: 'abs' as 'raw' })).rejects.toThrow(/residual must be 'log' or 'raw'/);
  });
});
