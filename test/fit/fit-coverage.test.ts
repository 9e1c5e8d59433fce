/**
 * Approach 3's bootstrap intervals carry the coverage bench/fit-coverage-table.ts measured: only for a Chinchilla
 * fit at level 0.95 (the lowest over E, A, B, alpha, beta and a of that method, at the largest measured run count
 * at or below the fit's), with the design said where the label is printed; nothing for other laws or levels.
 */
import { describe, expect, it } from 'vitest';
import { bootstrapFit, chinchillaLaw, fitLaw, FIT_COVERAGE_TABLE, fitMeasuredCoverage, logspace, powerLaw, synthesizeSweep } from '../../src/fit/index.js';
import { fitIntervalLabel, fitSummaryOf } from '../../src/report/adapt.js';
import { describeInterval, intervalLabelJson } from '../../src/stats/interval.js';

const BUDGETS = [1e19, 4e19, 1.6e20, 6.4e20, 2.56e21];
const GRID: [number, number][] = [[3, 8], [3, 8], [0, 1], [0.2, 0.6], [0.2, 0.6]];
const lowest = (method: 'percentile' | 'bca', runs: number): number => {
  const i = FIT_COVERAGE_TABLE.runs.indexOf(runs);
  return Math.min(...Object.values(FIT_COVERAGE_TABLE.coverage[method]).map((c) => c[i]![0]));
};
const chin = { law: 'chinchilla', level: 0.95, residual: 'log', loss: 'huber' };

describe('measured coverage of Approach 3 intervals', () => {
  it('the table measured 15 and 35 runs, every quantity, with Wilson bounds around each share', () => {
    expect(FIT_COVERAGE_TABLE.runs).toContain(15);
    expect(FIT_COVERAGE_TABLE.runs).toContain(35);
    expect(FIT_COVERAGE_TABLE.seeds).toBeGreaterThanOrEqual(300);
    for (const m of ['percentile', 'bca'] as const) {
      expect(Object.keys(FIT_COVERAGE_TABLE.coverage[m]).sort()).toEqual(['A', 'B', 'E', 'a', 'alpha', 'beta']);
      for (const cells of Object.values(FIT_COVERAGE_TABLE.coverage[m])) {
        expect(cells).toHaveLength(FIT_COVERAGE_TABLE.runs.length);
        for (const [c, lo, hi] of cells) expect(lo <= c && c <= hi).toBe(true);
      }
    }
  });

  it('looks up the lowest coverage at the largest measured run count at or below the fit\'s', () => {
    expect(fitMeasuredCoverage({ ...chin, runs: 35 }, 'bca')!.coverage).toBe(lowest('bca', 35));
    expect(fitMeasuredCoverage({ ...chin, runs: 240 }, 'percentile')!.coverage).toBe(lowest('percentile', 35));
    expect(fitMeasuredCoverage({ ...chin, runs: 16 }, 'bca')).toMatchObject({ runs: 15, coverage: lowest('bca', 15) });
    expect(fitMeasuredCoverage({ ...chin, runs: 14 }, 'bca')).toBeNull();
    expect(fitMeasuredCoverage({ ...chin, level: 0.9, runs: 35 }, 'bca')).toBeNull();
    expect(fitMeasuredCoverage({ ...chin, law: 'power', runs: 35 }, 'bca')).toBeNull();
    expect(fitMeasuredCoverage({ ...chin, residual: 'raw', runs: 35 }, 'bca')).toBeNull();
  });

  it('a Chinchilla fit at 0.95 carries it in its label, with the design; at 0.9 it carries none', async () => {
    const pts = synthesizeSweep({ sizes: logspace(5e7, 5e9, 7), budgets: BUDGETS, seed: 5, noise: 0.01 });
    const fit = await fitLaw(pts, chinchillaLaw(), { grid: GRID, threads: 1 });
    const bs = await bootstrapFit(fit, { resamples: 40, seed: 1, threads: 1 });
    expect(bs.runs).toBe(35);
    const kind = bs.bca ? 'bca' : 'percentile';
    const label = fitIntervalLabel(bs);
    expect(label.coverage).toBe(lowest(kind, 35));
    expect(fitIntervalLabel(bs, 'percentile').coverage).toBe(lowest('percentile', 35));
    const text = describeInterval(label);
    expect(text).toContain(`measured coverage ${+(100 * lowest(kind, 35)).toPrecision(3)}% on synthetic 35-run sweeps (lowest of E, A, B, alpha, beta, a)`);
    expect(intervalLabelJson(label)).toMatchObject({ coverage: lowest(kind, 35), coverage_design: 'synthetic 35-run sweeps (lowest of E, A, B, alpha, beta, a)' });
    expect(fitSummaryOf({ fit, points: pts, bootstrap: bs, targetC: [] }, 'fit').interval!.method).toBe(text);
    // The pointwise band of L*(C) was not measured: it carries no number.
    expect(fitIntervalLabel(bs, 'percentile', 'band').coverage).toBeUndefined();
    const bs90 = await bootstrapFit(fit, { resamples: 40, seed: 1, threads: 1, level: 0.9 });
    expect(fitIntervalLabel(bs90).coverage).toBeUndefined();
    expect(describeInterval(fitIntervalLabel(bs90))).not.toContain('measured coverage');
  });

  it('a 15-run fit shows the 15-run number (outside 93-97% where measured so); a power law shows none', async () => {
    const pts = synthesizeSweep({ sizes: logspace(5e7, 5e9, 3), budgets: BUDGETS, seed: 6, noise: 0.01 });
    const fit = await fitLaw(pts, chinchillaLaw(), { grid: GRID, threads: 1 });
    const bs = await bootstrapFit(fit, { resamples: 40, seed: 2, threads: 1 });
    const kind = bs.bca ? 'bca' : 'percentile';
    expect(describeInterval(fitIntervalLabel(bs))).toContain(`measured coverage ${+(100 * lowest(kind, 15)).toPrecision(3)}% on synthetic 15-run sweeps`);
    const pw = await fitLaw(pts.map((p) => ({ C: p.C, loss: p.loss, group: p.group })), powerLaw('C'), { threads: 1 });
    const bp = await bootstrapFit(pw, { resamples: 40, seed: 2, threads: 1 });
    expect(bp.measuredCoverage).toEqual({ percentile: null, bca: null });
    expect(describeInterval(fitIntervalLabel(bp))).not.toContain('measured coverage');
  });
});
