import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bootstrapFit, chinchillaFrontier, chinchillaLaw, fitLaw, pointsFromTable, type ChinchillaParams, type FitPoint } from '../../src/fit/index.js';
import * as aq from 'arquero';

const FIX = new URL('../fixtures/chinchilla/chinchilla_epoch.csv', import.meta.url);
const golden = JSON.parse(readFileSync(new URL('../golden/fit-chinchilla-scipy.json', import.meta.url), 'utf8')) as {
  objective: number; params: Record<string, number>;
};

function epochPoints(): FitPoint[] {
  const t = aq.fromCSV(readFileSync(fileURLToPath(FIX), 'utf8'));
  const pts = pointsFromTable(t, { N: 'Model Size', C: 'Training FLOP', loss: 'loss' });
  return pts.sort((a, b) => a.loss - b.loss).slice(0, pts.length - 5); // Epoch drops the 5 highest-loss rows
}

describe('Chinchilla Approach 3 on Epoch\'s 240 points (test/fixtures/chinchilla)', () => {
  it('reproduces Epoch\'s parameters to 4 significant figures with an objective at least as good as scipy\'s', async () => {
    const pts = epochPoints();
    expect(pts).toHaveLength(240);
    const fit = await fitLaw(pts, chinchillaLaw(), { threads: 2 });
    const want = { A: 477.84, B: 2143.86, E: 1.8172, alpha: 0.3473, beta: 0.3672 };
    for (const [k, v] of Object.entries(want)) expect(Math.abs(fit.params[k]! / v - 1), k).toBeLessThan(5e-4);
    expect(fit.objective).toBeLessThanOrEqual(1.01828e-3);
    expect(fit.objective).toBeLessThanOrEqual(golden.objective); // scipy L-BFGS-B from the same grid
    expect(fit.converged).toBe(true);
    expect(fit.startsAtBest).toBeGreaterThan(100);
    expect(fit.warnings).toEqual([]);
    const tpp = chinchillaFrontier(fit.params as unknown as ChinchillaParams).tokensPerParam(5.88e23);
    expect(tpp.toFixed(1)).toBe('17.9');
  });

  it('bootstrap standard errors are within 15% of Epoch\'s, identical for 1 and 2 threads', async () => {
    const fit = await fitLaw(epochPoints(), chinchillaLaw(), { threads: 2 });
    const bs = await bootstrapFit(fit, { resamples: 1000, seed: 11, threads: 2, targetC: [5.88e23] });
    expect(bs.notConverged).toBe(0);
    const epoch = { alpha: 0.015, beta: 0.021, E: 0.026 };
    for (const [k, v] of Object.entries(epoch)) expect(Math.abs(bs.se[k]! / v - 1), k).toBeLessThan(0.15);
    expect(Math.abs(bs.estimates.a! - 0.513)).toBeLessThan(0.002);
    expect(Math.abs(bs.se.a! / 0.020 - 1)).toBeLessThan(0.15);
    // Epoch's 95% percentile interval for alpha: [0.317, 0.373]
    expect(bs.percentile.alpha![0]).toBeCloseTo(0.317, 2);
    expect(bs.percentile.alpha![1]).toBeCloseTo(0.373, 2);
    const one = await bootstrapFit(fit, { resamples: 150, seed: 11, threads: 1, bca: false });
    const two = await bootstrapFit(fit, { resamples: 150, seed: 11, threads: 2, bca: false });
    expect(Array.from(two.draws.alpha!)).toEqual(Array.from(one.draws.alpha!));
    expect(Array.from(one.draws.alpha!)).toEqual(Array.from(bs.draws.alpha!.subarray(0, 150)));
  });
});
