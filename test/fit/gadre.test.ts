import { describe, expect, it } from 'vitest';
import { fitLaw, predictLoss } from '../../src/fit/index.js';
import { gadreGolden, gadreLaw, gadrePoint } from '../helpers/gadre.js';

// Gadre et al. 2024 (github.com/mlfoundations/scaling; test/fixtures/gadre): their 5-run fit on RedPajama and its
// two held-out predictions. Reference: scripts/gadre-reference.py (scipy curve_fit, their 128 starts).
const golden = gadreGolden;

describe('Gadre et al. 2024: Approach 3 on raw-loss residuals (test/fixtures/gadre)', () => {
  const ds = 'rpj';
  const g = golden[ds]!;
  const fitPts = g.fit_runs.map(gadrePoint);
  const held = g.holdout.map((h) => ({ ...h, p: gadrePoint(h.name) }));

  it('residual "raw" with squared error reproduces their holdout errors 0.7103% and 0.7320%', async () => {
    expect(fitPts).toHaveLength(5);
    const fit = await fitLaw(fitPts, gadreLaw, { residual: 'raw', loss: 'mse', threads: 1 });
    expect(fit.problem.residual).toBe('raw');
    for (const k of ['alpha', 'beta', 'b', 'E']) expect(fit.params[k]! / g.params[k]! - 1, k).toBeCloseTo(0, 4);
    const err = Object.fromEntries(held.map((h) => [h.name, Math.abs(predictLoss(fit, { N: h.p.N!, D: h.p.D! }) / h.p.loss - 1)]));
    expect(100 * err['rpj-open_lm_1b-32.0']!).toBeCloseTo(0.7103, 4);
    expect(100 * err['rpj-open_lm_7b-1.0']!).toBeCloseTo(0.7320, 4);
    held.forEach((h) => expect(err[h.name]! / h.relative_error - 1).toBeCloseTo(0, 4));
    expect(fit.objective).toBeCloseTo(g.sse, 8);
  });

  it('log residuals (the default) give a different fit with larger holdout errors', async () => {
    const fit = await fitLaw(fitPts, gadreLaw, { loss: 'mse', threads: 1 });
    expect(fit.problem.residual).toBe('log');
    const err = held.map((h) => Math.abs(predictLoss(fit, { N: h.p.N!, D: h.p.D! }) / h.p.loss - 1));
    expect(Math.abs(err[0]! - held[0]!.relative_error)).toBeGreaterThan(1e-4);
  });
});
