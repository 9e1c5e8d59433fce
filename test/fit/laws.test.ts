import { describe, expect, it } from 'vitest';
import { bootstrapFit, chinchillaFrontier, defineLaw, EPOCH_PARAMS, fitLaw, holdoutFit, chinchillaLaw, isoflopFit, kaplanLaw, logspace, powerLaw, predictLoss, synthesizeSweep } from '../../src/fit/index.js';
import { lbfgsMinimize } from '../../src/stats/optim-lbfgs.js';

describe('optimiser', () => {
  it('L-BFGS minimises Rosenbrock to 1e-8 with its analytic gradient', () => {
    const r = lbfgsMinimize((x, g) => {
      const a = x[0]!, b = x[1]!;
      g[0] = -2 * (1 - a) - 400 * a * (b - a * a); g[1] = 200 * (b - a * a);
      return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
    }, [-1.2, 1]);
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 8);
    expect(r.x[1]).toBeCloseTo(1, 8);
  });
});

describe('laws', () => {
  const truth = { A: 50, E: 1.7, alpha: 0.12 };
  const pts = logspace(1e17, 1e21, 20).map((C, i) => ({ C, loss: (truth.E + truth.A * C ** -truth.alpha) * (1 + 0.002 * Math.sin(i * 7.3)), group: `r${i}` }));

  it('a power law with an irreducible term recovers its parameters; a user law with the same form agrees', async () => {
    const f = await fitLaw(pts, powerLaw('C'), { threads: 1 });
    expect(f.params.alpha).toBeCloseTo(truth.alpha, 2);
    expect(f.params.E).toBeCloseTo(truth.E, 1);
    const user = defineLaw({
      name: 'my-power', inputs: ['C'],
      params: { E: { grid: [1, 2], bounds: [0, 10] }, A: { grid: [10, 100] }, alpha: { grid: [0.1, 0.3], bounds: [0, 2] } },
      predict: (p, x) => p.E! + p.A! * x.C! ** -p.alpha!,
      gradient: (p, x) => ({ E: 1, A: x.C! ** -p.alpha!, alpha: -p.A! * x.C! ** -p.alpha! * Math.log(x.C!) }),
    });
    const u = await fitLaw(pts, user, { threads: 1 });
    expect(u.objective).toBeLessThanOrEqual(f.objective * (1 + 1e-6));
    expect(u.params.alpha).toBeCloseTo(f.params.alpha!, 4);
    expect(u.params.E).toBeCloseTo(f.params.E!, 4);
    const fd = defineLaw({ ...{ name: 'fd', inputs: ['C'] as const, params: { E: { grid: [1, 2], bounds: [0, 10] as const }, A: { grid: [10, 100] }, alpha: { grid: [0.1, 0.3], bounds: [0, 2] as const } } }, predict: (p, x) => p.E! + p.A! * x.C! ** -p.alpha! });
    const v = await fitLaw(pts, fd, { threads: 1 });
    expect(v.params.alpha).toBeCloseTo(f.params.alpha!, 3);
  });

  it('Kaplan\'s joint law fits data drawn from it', async () => {
    const [Nc, Dc, aN, aD] = [8.8e13, 5.4e13, 0.076, 0.095];
    const data = synthesizeSweep({ sizes: logspace(1e7, 1e10, 6), tokens: logspace(1e9, 1e11, 6), seed: 1, noise: 0 })
      .map((p) => ({ ...p, loss: ((Nc / p.N!) ** (aN / aD) + Dc / p.D!) ** aD }));
    const f = await fitLaw(data, kaplanLaw(), { threads: 1 });
    expect(f.params.alpha_N).toBeCloseTo(aN, 4);
    expect(f.params.alpha_D).toBeCloseTo(aD, 4);
    expect(f.params.Nc! / Nc).toBeCloseTo(1, 2);
  });

  it('bootstrap prediction intervals contain the point estimate and are wider than the confidence interval', async () => {
    const sweep = synthesizeSweep({ sizes: logspace(5e7, 5e9, 6), budgets: [1e19, 1e20, 1e21], seed: 4, noise: 0.01 });
    const f = await fitLaw(sweep, chinchillaLaw(), { threads: 1 });
    const bs = await bootstrapFit(f, { resamples: 200, seed: 2, threads: 1, predictAt: [{ N: 7e10, D: 1.4e12 }], targetC: [1e23] });
    const pr = bs.predictions[0]!;
    expect(pr.L).toBeCloseTo(predictLoss(f, { N: 7e10, D: 1.4e12 }), 12);
    expect(pr.ci[0]).toBeLessThan(pr.L); expect(pr.ci[1]).toBeGreaterThan(pr.L);
    expect(pr.pi[1] - pr.pi[0]).toBeGreaterThan(pr.ci[1] - pr.ci[0]);
    expect(bs.bca!['tokens_per_param@1e+23']).toBeDefined();
    const fr = chinchillaFrontier(f.params as never);
    expect(bs.estimates['N_opt@1e+23']).toBeCloseTo(fr.nOpt(1e23), 0);
  });

  it('IsoFLOP recovers the frontier exponent of the true law', () => {
    const sweep = synthesizeSweep({ sizes: logspace(1e7, 3e10, 25), budgets: [1e18, 1e19, 1e20, 1e21], seed: 9, noise: 0.002 });
    const r = isoflopFit(sweep, { bootstrap: 200, seed: 1, skipBadBudgets: true });
    const a = EPOCH_PARAMS.beta / (EPOCH_PARAMS.alpha + EPOCH_PARAMS.beta);
    expect(Math.abs(r.nOptLaw.exponent - a)).toBeLessThan(0.05);
    expect(r.nOptLaw.exponent + r.dOptLaw.exponent).toBeCloseTo(1, 10); // D_opt = C / (6 N_opt)
    expect(r.nOptLaw.ci![0]).toBeLessThan(r.nOptLaw.exponent);
    // Budgets whose runs share one C report that C exactly (not exp(mean(log C)) = 999999999999998600).
    const snapped = sweep.map((p) => ({ ...p, C: 10 ** Math.round(Math.log10(p.C!)) }));
    expect(isoflopFit(snapped, { skipBadBudgets: true }).budgets.map((b) => b.C)).toEqual(r.budgets.map((b) => 10 ** Math.round(Math.log10(b.C))));
    const at = (c: number) => snapped.filter((p) => p.C === c);
    const mixed = isoflopFit([...at(1e18), ...at(1e19).map((p, i) => ({ ...p, C: i % 2 ? 1.02e19 : 1e19 }))], { skipBadBudgets: true });
    expect(mixed.budgets[1]!.C).toBeGreaterThan(1e19);
    expect(mixed.budgets[1]!.C).toBeLessThan(1.02e19);
  });

  it('holdout reports small extrapolation error on data drawn from the law', async () => {
    const sweep = synthesizeSweep({ sizes: logspace(5e7, 5e9, 6), budgets: [1e19, 1e20, 1e21, 1e22], seed: 4, noise: 0.003 });
    const h = await holdoutFit(sweep, chinchillaLaw(), { above: 2e21, threads: 1 });
    expect(h.heldOut).toHaveLength(6);
    expect(h.rmseLog).toBeLessThan(0.02);
  });
});
