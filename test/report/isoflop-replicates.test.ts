/**
 * isoflopReplicates (the IsoFLOP figures' bootstrap, drawn by isoflopFit's own bootstrap loop): seeded and
 * reproducible, counts add up, every replicate's minima come from refitting resampled runs of the same budgets
 * (exactly the full fit's minima when each budget's losses lie exactly on a parabola in log N), a budget that loses
 * its interior minimum in a resample is left out of it (NaN) and counted, and bad options are refused.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { isoflopFit, type FitPoint } from '../../src/fit/index.js';
import { isoflopReplicates, pointwiseInterval } from '../../src/report/adapt.js';
import { createRng } from '../../src/stats/random.js';

const BUDGETS = [1e18, 1e19, 1e20];
/** True N* per budget (N* = 0.09·C^0.5, distinct per budget so a mix-up of budgets would show). */
const nStar = (C: number): number => 0.09 * C ** 0.5;
const FACTORS = [1 / 8, 1 / 4, 1 / 2, 1, 2, 4, 8];

/** 7 runs per budget; loss = 2 + 0.05·(ln N − ln N*)² (+ seeded log-normal noise of sd `noise`). */
function sweep(noise: number, seed = 7): FitPoint[] {
  const rng = createRng(seed);
  return BUDGETS.flatMap((C) => FACTORS.map((f) => {
    const N = f * nStar(C);
    const loss = (2 + 0.05 * Math.log(f) ** 2) * Math.exp(noise * rng.normal());
    return { N, C, loss, group: `C${C.toExponential(0)}-f${f}` };
  }));
}

describe('isoflopReplicates', () => {
  const noisy = sweep(0.01);
  const full = isoflopFit(noisy);

  it('is reproducible: the same seed gives the same replicates, another seed different ones', () => {
    const a = isoflopReplicates(noisy, full, { resamples: 50, seed: 3 });
    const b = isoflopReplicates(noisy, full, { resamples: 50, seed: 3 });
    const c = isoflopReplicates(noisy, full, { resamples: 50, seed: 4 });
    expect(b).toEqual(a);
    expect(c.nOpt[0]).not.toEqual(a.nOpt[0]);
  });

  it('counts add up: usable + dropped = drawn, one N_opt per budget, laws beside each row, level passed through', () => {
    const r = isoflopReplicates(noisy, full, { resamples: 120, seed: 1, level: 0.9 });
    expect(r.nOpt.length + r.failed).toBe(120);
    expect(r.nLaw).toHaveLength(r.nOpt.length);
    expect(r.dLaw).toHaveLength(r.nOpt.length);
    expect(r.level).toBe(0.9);
    expect(isoflopReplicates(noisy, full, { resamples: 1, seed: 1 }).level).toBe(0.95);
    for (const row of r.nOpt) expect(row).toHaveLength(BUDGETS.length);
    const empty = isoflopReplicates(noisy, full, { resamples: 0, seed: 1 });
    expect(empty).toEqual({ level: 0.95, nOpt: [], nLaw: [], dLaw: [], failed: 0, partial: 0, resamples: 0, seed: 1 });
  });

  it('each replicate is isoflopFit of the runs resampled within each budget (stream k = createRng(seed).fork(k))', () => {
    const seed = 11;
    const r = isoflopReplicates(noisy, full, { resamples: 60, seed, resample: 'runs' });
    // Rebuild the resamples independently: the 7 runs of each budget, drawn with replacement; a budget without an
    // interior minimum is left out (skipBadBudgets), a refit left with fewer than 2 budgets is a dropped resample.
    const byBudget = BUDGETS.map((C) => noisy.filter((p) => p.C === C));
    const rng = createRng(seed);
    const kept: ReturnType<typeof isoflopFit>[] = [];
    let dropped = 0;
    for (let k = 0; k < 60; k++) {
      const g = rng.fork(k);
      const sample = byBudget.flatMap((ps) => ps.map(() => ps[g.int(ps.length)]!));
      try {
        kept.push(isoflopFit(sample, { skipBadBudgets: true }));
      } catch {
        dropped++;
      }
    }
    expect(r.failed).toBe(dropped);
    expect(r.nOpt.length).toBe(kept.length);
    expect(kept.length).toBeGreaterThan(40);
    kept.forEach((rr, i) => {
      expect(Array.from(r.nOpt[i]!)).toEqual(BUDGETS.map((C) => rr.budgets.find((b) => Math.abs(b.C / C - 1) < 1e-9)?.N_opt ?? NaN));
      expect(r.nLaw[i]).toEqual({ k: rr.nOptLaw.k, exponent: rr.nOptLaw.exponent });
      expect(r.dLaw[i]).toEqual({ k: rr.dOptLaw.k, exponent: rr.dOptLaw.exponent });
    });
    // The replicates vary, stay inside each budget's sizes, and their 95% interval covers the full-data minimum.
    const iv = pointwiseInterval(r.nOpt, 0.95);
    BUDGETS.forEach((C, j) => {
      const col = r.nOpt.map((row) => row[j]!).filter(Number.isFinite);
      expect(Math.max(...col) / Math.min(...col)).toBeGreaterThan(1.01);
      expect(Math.min(...col)).toBeGreaterThan(nStar(C) / 8);
      expect(Math.max(...col)).toBeLessThan(nStar(C) * 8);
      expect(iv.lo[j]!).toBeLessThanOrEqual(full.budgets[j]!.N_opt);
      expect(iv.hi[j]!).toBeGreaterThanOrEqual(full.budgets[j]!.N_opt);
    });
  });

  it('on noise-free parabolas every replicate recovers each budget\'s own minimum and the exponent 0.5 exactly', () => {
    const exact = sweep(0);
    const fit = isoflopFit(exact);
    const r = isoflopReplicates(exact, fit, { resamples: 60, seed: 5 });
    expect(r.nOpt.length).toBeGreaterThan(50);
    for (const row of r.nOpt) BUDGETS.forEach((C, j) => expect(row[j]! / nStar(C) - 1).toBeCloseTo(0, 9));
    for (const l of r.nLaw) expect(l.exponent).toBeCloseTo(0.5, 9);
    for (const l of r.dLaw) expect(l.exponent).toBeCloseTo(0.5, 9);
  });

  it('leaves out (NaN) and counts a budget that loses its interior minimum in a resample, keeping the resample', () => {
    // The 1e20 budget has 4 runs with N* between the two smallest: a resample without the smallest run has its
    // vertex outside the sizes tried. That happens with probability (3/4)^4 = 0.316 per resample; the resample is
    // kept, fitted on the two other budgets (it used to be dropped whole).
    const pts = sweep(0).filter((p) => p.C !== 1e20);
    for (const f of [0.7, 1.4, 2, 2.8]) pts.push({ N: f * nStar(1e20), C: 1e20, loss: 2 + 0.05 * Math.log(f) ** 2, group: `edge-${f}` });
    const fit = isoflopFit(pts);
    const n = 400;
    const r = isoflopReplicates(pts, fit, { resamples: n, seed: 9, resample: 'runs' });
    expect(r.nOpt.length + r.failed).toBe(n);
    // Dropped only when fewer than 2 budgets keep a minimum (the 7-run budgets rarely lose theirs).
    expect(r.failed).toBeLessThan(0.05 * n);
    const sd = Math.sqrt((0.316 * 0.684) / n);
    expect(r.nOpt.filter((row) => Number.isNaN(row[2]!)).length / n).toBeGreaterThan(0.316 - 4 * sd);
    expect(r.nOpt.filter((row) => row.some(Number.isNaN)).length).toBe(r.partial);
    // Others have 3+ distinct sizes on an exact parabola, so they recover its vertex exactly (a resample with
    // only 2 distinct sizes is refused, not fitted through round-off), and every exponent is exactly 0.5.
    for (const row of r.nOpt) if (!Number.isNaN(row[2]!)) expect(row[2]! / nStar(1e20) - 1).toBeCloseTo(0, 9);
    for (const l of r.nLaw) expect(l.exponent).toBeCloseTo(0.5, 9);
  });

  it('leaves out the runs of a budget the fit skipped (they would bring it back into every refit)', () => {
    // A fourth budget whose minimum lies outside the sizes tried: skipped by the fit with skipBadBudgets.
    const bad = [1, 2, 4, 8].map((f) => ({ N: f * nStar(1e21), C: 1e21, loss: 2 + 0.05 * Math.log(f / 0.1) ** 2, group: `bad-${f}` }));
    const pts = [...noisy, ...bad];
    const fit = isoflopFit(pts, { skipBadBudgets: true });
    expect(fit.budgets.map((b) => b.C)).toEqual(BUDGETS);
    const r = isoflopReplicates(pts, fit, { resamples: 50, seed: 3 });
    const same = isoflopReplicates(noisy, full, { resamples: 50, seed: 3 });
    expect(r.failed).toBe(same.failed);
    expect(r.nOpt).toEqual(same.nOpt);
  });

  it('refuses a bad resample count or level', () => {
    expect(() => isoflopReplicates(noisy, full, { resamples: -1, seed: 1 })).toThrow(InputError);
    expect(() => isoflopReplicates(noisy, full, { resamples: 2.5, seed: 1 })).toThrow(/integer >= 0/);
    expect(() => isoflopReplicates(noisy, full, { resamples: 10, seed: 1, level: 1.5 })).toThrow(InputError);
  });
});
