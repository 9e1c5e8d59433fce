import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isoflopFit, logspace, synthesizeSweep, type FitPoint } from '../../src/fit/index.js';
import { akima, akimaEval, akimaMinimum } from '../../src/fit/akima.js';

const read = (p: string): string => readFileSync(new URL(p, import.meta.url), 'utf8');
const published = JSON.parse(read('../fixtures/porian/published.json')) as {
  configs: Record<string, { label: string; a: number; ci: [number, number]; budgets_kept: number[] }>;
};
const golden = JSON.parse(read('../golden/porian-akima.json')) as Record<string, { a_akima_exact: number; budgets_used: number[]; n_opt_exact: number[] }>;
const rows = read('../fixtures/porian/points.csv').trim().split('\n').slice(1).map((l) => l.split(','));
const porian = new Map<string, FitPoint[]>();
for (const [config, C, N, loss] of rows) {
  if (!porian.has(config!)) porian.set(config!, []);
  porian.get(config!)!.push({ C: +C!, N: +N!, loss: +loss! });
}

describe('Akima interpolation (scipy.interpolate.Akima1DInterpolator)', () => {
  it('passes through its points and is the cubic it should be between them', () => {
    const x = [0, 1, 2.5, 3, 4.5], y = [2, 1.2, 0.9, 1.0, 1.6];
    const a = akima(x, y);
    x.forEach((v, i) => expect(akimaEval(a, v)).toBeCloseTo(y[i]!, 14));
    expect(akimaEval(a, -0.1)).toBeNaN();
    const m = akimaMinimum(a);
    expect(m.atEnd).toBe(false);
    // The minimum is a stationary point of the interpolant, and no grid point is lower.
    const h = 1e-6;
    expect((akimaEval(a, m.x + h) - akimaEval(a, m.x - h)) / (2 * h)).toBeCloseTo(0, 6);
    for (let t = 0; t <= 4.5; t += 0.001) expect(akimaEval(a, t)).toBeGreaterThanOrEqual(m.y - 1e-12);
    expect(akimaMinimum(akima([0, 1, 2], [3, 2, 1])).atEnd).toBe(true);
  });
});

describe('Akima against scipy (test/golden/akima-scipy.json, scripts/akima-golden.py)', () => {
  const g = JSON.parse(read('../golden/akima-scipy.json')) as { sets: Record<string, { x: number[]; y: number[]; at: number[]; values: number[]; slopes: number[] }> };
  for (const [name, d] of Object.entries(g.sets)) {
    it(`${name}: slopes at the breakpoints and values between them agree to 1e-12`, () => {
      const a = akima(d.x, d.y);
      d.slopes.forEach((v, i) => expect(a.t[i]!).toBeCloseTo(v, 12));
      d.at.forEach((x, i) => expect(akimaEval(a, x)).toBeCloseTo(d.values[i]!, 12));
      // The exact minimum is no higher than any of scipy's values.
      expect(akimaMinimum(a).y).toBeLessThanOrEqual(Math.min(...d.values) + 1e-12);
    });
  }
});

describe('Porian et al. 2024 IsoFLOP method on their 15 configurations (test/fixtures/porian)', () => {
  it('has all 15 configurations', () => {
    expect(porian.size).toBe(15);
    expect(Object.keys(published.configs)).toHaveLength(15);
  });

  for (const [config, pub] of Object.entries(published.configs)) {
    it(`${config}: method 'akima' gives a inside their interval [${pub.ci[0].toFixed(4)}, ${pub.ci[1].toFixed(4)}], as scipy does`, () => {
      const r = isoflopFit(porian.get(config)!, { method: 'akima', skipBadBudgets: true });
      const g = golden[config]!;
      // The same minima as scipy's Akima1DInterpolator (exact minimum: roots of its derivative).
      expect(r.budgets.map((b) => b.C)).toEqual(g.budgets_used);
      r.budgets.forEach((b, j) => expect(b.N_opt / g.n_opt_exact[j]! - 1).toBeCloseTo(0, 9));
      expect(r.nOptLaw.exponent).toBeCloseTo(g.a_akima_exact, 9);
      // The budgets their method kept (an interpolated minimum at an end of the sizes has none).
      expect(r.budgets.map((b) => b.C)).toEqual(pub.budgets_kept);
      expect(r.nOptLaw.exponent).toBeGreaterThanOrEqual(pub.ci[0]);
      expect(r.nOptLaw.exponent).toBeLessThanOrEqual(pub.ci[1]);
    });
  }

  it('the parabola over all sizes misses their interval on some configurations (why the option exists)', () => {
    let outside = 0;
    for (const [config, pub] of Object.entries(published.configs)) {
      const a = isoflopFit(porian.get(config)!, { skipBadBudgets: true }).nOptLaw.exponent;
      if (a < pub.ci[0] || a > pub.ci[1]) outside++;
    }
    expect(outside).toBeGreaterThan(0);
  });
});

describe('IsoFLOP defects (issue 10)', () => {
  it('defect 6: a budget whose lowest observed loss is at an end size is flagged, by name, even when the vertex falls inside', () => {
    // Noiseless, Epoch's law. At C = 1e21 the true N_opt is 2.78e9, just above the largest size tried (2.6e9): the
    // parabola's vertex still falls inside (2.54e9, 8.5% low) and was accepted silently.
    const at = (C: number, lo: number, hi: number): FitPoint[] => synthesizeSweep({ sizes: logspace(lo, hi, 5), budgets: [C], seed: 1, noise: 0 });
    const pts = [...at(1e19, 6.5e7, 1.04e9), ...at(1e20, 2.1e8, 3.4e9), ...at(1e21, 2.6e9 / 16, 2.6e9)];
    const r = isoflopFit(pts);
    const last = r.budgets.find((b) => b.C === 1e21)!;
    expect(last.N_opt / 2.778e9 - 1).toBeCloseTo(-0.085, 2);
    expect(last.lowestAtEdge).toBe(true);
    expect(r.budgets.filter((b) => b.C !== 1e21).map((b) => b.lowestAtEdge)).toEqual([false, false]);
    expect(r.warnings.join('\n')).toMatch(/lowest observed loss at the smallest or largest size of budget\(s\) C=1\.000e\+21: the minimum there is not bracketed/);
  });

  const sweep3x5 = synthesizeSweep({ sizes: logspace(1e8, 1e10, 5), budgets: [1e19, 1e20, 1e21], seed: 7, noise: 0.01 });

  it('defect 5: resampling runs, a resample whose bad budget can be left out is kept (refitted on the rest) and the share kept reported', () => {
    const r = isoflopFit(sweep3x5, { bootstrap: 200, seed: 3, resample: 'runs' });
    const b = r.bootstrap!;
    expect(b.resample).toBe('runs');
    expect(b.kept + b.dropped).toBe(200);
    expect(b.keptShare).toBeCloseTo(b.kept / 200, 12);
    // Under the old rule every resample with a failed budget was dropped: 96 + 40 of 200 here; now only the 40
    // with fewer than 2 budgets left.
    expect(b.partial).toBe(96);
    expect(b.dropped).toBe(40);
    expect(b.replicates.nOpt).toHaveLength(b.kept);
    expect(b.replicates.nOpt.filter((row) => row.some(Number.isNaN)).length).toBe(b.partial);
    b.leftOut.forEach((c, j) => expect(b.replicates.nOpt.filter((row) => Number.isNaN(row[j]!)).length).toBeLessThanOrEqual(c));
    // Its measured coverage is outside 93-97% (conservative): the result carries it and says so.
    expect(b.measuredCoverage).toEqual({ centred: 0.992, shared: 0.969 });
    expect(r.warnings.join('\n')).toMatch(/covered 96\.9-99\.2% on synthetic 3-budget x 5-size sweeps: it is conservative/);
  });

  it('defect 5: the default for the parabola resamples residuals, keeps every size, and holds its level (bench: 95.4-96.6%)', () => {
    const r = isoflopFit(sweep3x5, { bootstrap: 200, seed: 3 });
    const b = r.bootstrap!;
    expect(b.resample).toBe('residuals');
    expect(b.keptShare).toBe(1);
    expect(b.partial).toBe(5);
    // The percentile interval of the replicates, widened about the estimate by t_6 / z (15 points - 3 x 3 parameters).
    const ex = b.replicates.nLaw.map((l) => l.exponent).sort((x, y) => x - y);
    const q = (p: number): number => { const h = (ex.length - 1) * p, lo = Math.floor(h); return ex[lo]! + (h - lo) * (ex[lo + 1]! - ex[lo]!); };
    // t(6) quantile 0.975 (its CDF is 0.975 to 1e-16 by scipy.special.betainc; scipy 1.10's t.ppf is 2.4e-9 low) / norm.ppf(0.975)
    const f = 2.4469118511449692 / 1.959963984540054;
    expect(r.nOptLaw.ci![0]).toBeCloseTo(r.nOptLaw.exponent - (r.nOptLaw.exponent - q(0.025)) * f, 10);
    expect(r.nOptLaw.ci![1]).toBeCloseTo(r.nOptLaw.exponent + (q(0.975) - r.nOptLaw.exponent) * f, 10);
    expect(b.measuredCoverage).toEqual({ centred: 0.966, shared: 0.954 });
    expect(r.warnings.join('\n')).not.toMatch(/conservative/);
    expect(r.nOptLaw.ci![0]).toBeLessThan(r.nOptLaw.exponent);
    expect(r.nOptLaw.ci![1]).toBeGreaterThan(r.nOptLaw.exponent);
    // Deterministic in the seed.
    expect(isoflopFit(sweep3x5, { bootstrap: 200, seed: 3 }).nOptLaw.ci).toEqual(r.nOptLaw.ci);
    expect(() => isoflopFit(sweep3x5, { bootstrap: 10, method: 'akima', resample: 'residuals' })).toThrow(/needs method 'parabola'/);
  });

  it('defect 5: over 300 synthetic 3 x 5 sweeps the default 95% interval covers the true exponent 93-98.5% of the time', () => {
    // Sizes over 16x around each budget's true N_opt (Epoch's law, truth a = 0.5126), log-noise 0.01. The bench
    // (1000 seeds) measures 96.6% [Wilson 95.3-97.6] (97.6% on these first 300); dropping resamples with a failed
    // budget gave 89.8% on these seeds, leaving it out while resampling runs 98.6%, residuals without the t_df / z
    // widening 92.2% (1000 seeds). Deterministic (seeded), so the bounds only catch a change of method.
    const P = { A: 482.01, B: 2085.43, alpha: 0.3478, beta: 0.3658 };
    const G = ((P.alpha * P.A) / (P.beta * P.B)) ** (1 / (P.alpha + P.beta)), truth = P.beta / (P.alpha + P.beta);
    let cover = 0, n = 0;
    for (let s = 0; s < 300; s++) {
      const pts = [1e19, 1e20, 1e21].flatMap((C, j) => {
        const nOpt = G * (C / 6) ** truth;
        return synthesizeSweep({ sizes: logspace(nOpt / 4, nOpt * 4, 5), budgets: [C], seed: (1000 + s) * 7 + j, noise: 0.01 }).map((p, i) => ({ ...p, group: `b${j}-${i}` }));
      });
      let r;
      try { r = isoflopFit(pts, { bootstrap: 200, seed: s }); } catch { continue; }
      n++;
      if (r.nOptLaw.ci![0] <= truth && truth <= r.nOptLaw.ci![1]) cover++;
    }
    expect(n).toBeGreaterThan(290);
    expect(cover / n).toBeGreaterThan(0.93);
    expect(cover / n).toBeLessThan(0.985);
  });

  it('options are checked', () => {
    const pts = synthesizeSweep({ sizes: logspace(1e8, 1e10, 5), budgets: [1e19, 1e20], seed: 7, noise: 0.01 });
    expect(() => isoflopFit(pts, { window: 2 })).toThrow(/window must be an integer >= 3/);
    expect(() => isoflopFit(pts, { method: 'spline' as 'akima' })).toThrow(/method must be/);
    const w = isoflopFit(pts, { window: 3 });
    expect(w.window).toBe(3);
    expect(w.method).toBe('parabola');
  });

  it('an interval scheme whose coverage was not measured says so; the measured default does not', () => {
    const pts = synthesizeSweep({ sizes: logspace(1e8, 1e10, 7), budgets: [1e19, 1e20, 1e21], seed: 3, noise: 0.01 });
    const unmeasured = /has not been measured .*its level is nominal only/;
    const def = isoflopFit(pts, { bootstrap: 40, seed: 1 });
    expect(def.bootstrap!.measuredCoverage).not.toBeNull();
    expect(def.warnings.some((w) => unmeasured.test(w))).toBe(false);
    const win = isoflopFit(pts, { bootstrap: 40, seed: 1, window: 5 });
    expect(win.bootstrap!.measuredCoverage).toBeNull();
    expect(win.warnings.some((w) => unmeasured.test(w) && /window 5/.test(w))).toBe(true);
    const at90 = isoflopFit(pts, { bootstrap: 40, seed: 1, level: 0.9 });
    expect(at90.warnings.some((w) => unmeasured.test(w) && /level 0.9/.test(w))).toBe(true);
  });
});
