import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defineLaw, fitLaw, predictLoss, type FitPoint } from '../../src/fit/index.js';

// Gadre et al. 2024 (github.com/mlfoundations/scaling; test/fixtures/gadre): their 5-run fit on RedPajama and its
// two held-out predictions. Reference: scripts/gadre-reference.py (scipy curve_fit, their 128 starts).
const read = (p: string): string => readFileSync(new URL(p, import.meta.url), 'utf8');
const golden = JSON.parse(read('../golden/gadre.json')) as Record<string, { fit_runs: string[]; params: Record<string, number>; sse: number; holdout: { name: string; relative_error: number }[] }>;
const [head, ...lines] = read('../fixtures/gadre/runs.csv').trim().split('\n');
const cols = head!.split(',');
const runs = lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i]!, v])) as Record<string, string>);
const point = (r: Record<string, string>): FitPoint => ({ N: +r.N!, D: +r.D!, loss: +r.loss_c4_val!, group: r.name! });

/** L = E + alpha N^b + beta (sqrt(6) D)^b: their powlaw_ours with M N = D, fitted on its own scale from their grid. */
const gadreLaw = defineLaw({
  name: 'gadre', inputs: ['N', 'D'],
  params: { alpha: { grid: [1e2, 3e2, 1e3, 3e3] }, beta: { grid: [1e2, 3e2, 1e3, 3e3] }, b: { grid: [-0.1, -0.3] }, E: { grid: [0, 1, 2, 10] } },
  predict: (p, x) => p.E! + p.alpha! * x.N! ** p.b! + p.beta! * (Math.sqrt(6) * x.D!) ** p.b!,
  gradient: (p, x) => {
    const u = x.N! ** p.b!, v = (Math.sqrt(6) * x.D!) ** p.b!;
    return { alpha: u, beta: v, b: p.alpha! * u * Math.log(x.N!) + p.beta! * v * Math.log(Math.sqrt(6) * x.D!), E: 1 };
  },
});

describe('Gadre et al. 2024: Approach 3 on raw-loss residuals (test/fixtures/gadre)', () => {
  const ds = 'rpj';
  const g = golden[ds]!;
  const fitPts = g.fit_runs.map((n) => point(runs.find((r) => r.name === n)!));
  const held = g.holdout.map((h) => ({ ...h, p: point(runs.find((r) => r.name === h.name)!) }));

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
