/**
 * Cross-checks of src/stats against scipy.stats / mpmath goldens made by scripts/compare-scipy-golden.py
 * (Debian python3-scipy; test/golden/compare-scipy.json). p-values and t intervals to 1e-6 relative (most agree
 * to ~1e-12); distributions to 1e-10; bootstrap intervals within Monte Carlo tolerance.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import {
  lgamma, lbeta, ibeta, normalCdf, normalQuantile, tCdf, tQuantile, nctCdf,
  welchTest, studentTest, oneSampleTest, pairedTest, mannWhitney, hedgesG, adjustPValues,
  tTestPower, minDetectableDiff, seedsNeeded, bootstrap, statMean, statMeanDiff, statPooledMean, statPooledIqm, iqm,
  type Alternative, type BootstrapMethod, type Statistic,
} from '../../src/stats/index.js';

const G = JSON.parse(readFileSync(new URL('../golden/compare-scipy.json', import.meta.url), 'utf8'));

function rel(a: number, b: number): number {
  if (a === b) return 0;
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
}
function close(actual: number, expected: number | null, tol: number, what: string, absTol = 0) {
  if (expected === null) {
    expect(Number.isFinite(actual), `${what}: expected an infinite end, got ${actual}`).toBe(false);
    return;
  }
  if (absTol > 0 && Math.abs(actual - expected) < absTol) return;
  expect(rel(actual, expected), `${what}: ${actual} vs ${expected}`).toBeLessThan(tol);
}

describe('distributions vs mpmath / scipy', () => {
  it('lgamma and lbeta to 1e-13 (against 40-digit mpmath)', () => {
    for (const [x, v] of G.lgamma) close(lgamma(x), v, 1e-13, `lgamma(${x})`);
    for (const [a, b, v] of G.lbeta) close(lbeta(a, b), v, 1e-13, `lbeta(${a},${b})`);
  });
  it('regularized incomplete beta, both tails, to 1e-12', () => {
    for (const [a, b, x, lo, up] of G.ibeta) {
      const r = ibeta(a, b, x);
      close(r.lower, lo, 1e-12, `I_${x}(${a},${b})`);
      close(r.upper, up, 1e-12, `1-I_${x}(${a},${b})`);
    }
  });
  it('normal CDF and quantile to 1e-12', () => {
    for (const [x, v] of G.norm_cdf) close(normalCdf(x), v, 1e-12, `Phi(${x})`);
    for (const [p, v] of G.norm_ppf) close(normalQuantile(p), v, 1e-12, `Phi^-1(${p})`);
  });
  it('Student t CDF to 1e-12 and quantile to 1e-12 of a 40-digit root (scipy t.ppf itself to 1e-8)', () => {
    for (const [t, d, v] of G.t_cdf) close(tCdf(t, d), v, 1e-12, `tCdf(${t},${d})`);
    for (const [p, d, exact, sp] of G.t_ppf) {
      close(tQuantile(p, d), exact, 1e-12, `tQuantile(${p},${d})`);
      close(tQuantile(p, d), sp, 1e-8, `tQuantile(${p},${d}) vs scipy`);
    }
  });
  it('noncentral t CDF to 1e-10 relative or 1e-14 absolute (scipy.stats.nct, Boost)', () => {
    for (const [t, d, nc, v] of G.nct_cdf) close(nctCdf(t, d, nc), v, 1e-10, `nctCdf(${t},${d},${nc})`, 1e-14);
  });
});

describe('tests vs scipy.stats', () => {
  const data = G.datasets as Record<string, { x: number[]; y: number[] }>;
  for (const g of G.tests) {
    const { x, y } = data[g.data]!;
    const alt = g.alternative as Alternative;
    it(`${g.test} ${g.data} ${alt}`, () => {
      if (g.test === 'mannwhitney') {
        const r = mannWhitney(x, y, { alternative: alt });
        close(r.u, g.u, 1e-12, 'U');
        close(r.p, g.p, 1e-9, 'p');
        return;
      }
      const m = Math.min(x.length, y.length);
      const r = g.test === 'welch' ? welchTest(x, y, { alternative: alt })
        : g.test === 'student' ? studentTest(x, y, { alternative: alt })
          : g.test === 'one-sample' ? oneSampleTest(x, g.mu, { alternative: alt })
            : pairedTest(x.slice(0, m), y.slice(0, m), { alternative: alt });
      close(r.t, g.t, 1e-9, 't');
      close(r.df, g.df, 1e-12, 'df');
      close(r.p, g.p, 1e-9, 'p');
      // Intervals to 1e-6 as the issue asks: scipy's t.ppf is good to ~1e-9, and an interval end near zero
      // magnifies that (our tQuantile is checked against a 40-digit root above).
      close(r.ci[0], g.ci[0], 1e-6, 'ci lo');
      close(r.ci[1], g.ci[1], 1e-6, 'ci hi');
    });
  }
  it('Mann-Whitney exact/asymptotic selection and ties match scipy', () => {
    for (const g of G.mannwhitney_extra) {
      const r = mannWhitney(g.x, g.y, { alternative: g.alternative });
      close(r.u, g.u, 1e-12, 'U');
      close(r.p, g.p, 1e-9, `p ${g.alternative} ${g.x.length}x${g.y.length}`);
    }
  });
  it('Hedges g (exact J correction)', () => {
    for (const [k, v] of Object.entries(G.hedges_g as Record<string, number>)) close(hedgesG(data[k]!.x, data[k]!.y), v, 1e-12, k);
  });
  it('Holm and Benjamini-Hochberg', () => {
    const h = adjustPValues(G.multiple.p, 'holm'), b = adjustPValues(G.multiple.p, 'bh');
    G.multiple.holm.forEach((v: number, i: number) => close(h[i]!, v, 1e-14, `holm ${i}`));
    G.multiple.bh.forEach((v: number, i: number) => close(b[i]!, v, 1e-14, `bh ${i}`));
  });
  it('power, minimum detectable difference and seeds needed (scipy nct + brentq; 1e-7 for scipy t.ppf\'s error)', () => {
    for (const g of G.power) {
      const o = { sd: g.sd, alternative: g.alternative, design: g.design };
      close(tTestPower({ ...o, diff: g.diff, n: g.n }), g.power, 1e-7, `power ${JSON.stringify(g)}`);
      close(minDetectableDiff({ ...o, n: g.n }), g.mdd, 1e-7, `mdd ${JSON.stringify(g)}`);
      expect(seedsNeeded({ ...o, diff: g.diff })).toBe(g.seeds_needed);
    }
  });
  it('IQM equals scipy trim_mean(0.25)', () => close(iqm(G.iqm.x), G.iqm.value, 1e-13, 'iqm'));
});

describe('bootstrap vs scipy.stats.bootstrap (Monte Carlo tolerance: 5 sd of scipy over 30 seeds)', () => {
  const data = G.datasets as Record<string, { x: number[]; y: number[] }>;
  const stats: Record<string, Statistic> = { mean: statMean, 'mean-diff': statMeanDiff, 'pooled-mean': statPooledMean, 'pooled-iqm': statPooledIqm };
  for (const g of G.bootstrap) {
    it(`${g.method} ${g.statistic} ${g.data}${g.paired ? ' paired' : ''}`, () => {
      let samples: number[][];
      if (g.data === 'strata') samples = G.strata;
      else {
        const { x, y } = data[g.data]!;
        const m = Math.min(x.length, y.length);
        samples = g.statistic === 'mean' ? [x] : g.paired ? [x.slice(0, m), y.slice(0, m)] : [x, y];
      }
      const r = bootstrap(samples, stats[g.statistic]!, { method: g.method as BootstrapMethod, seed: 7, paired: g.paired ?? false });
      // Our single run vs scipy's mean endpoint: both carry MC error of about one sd.
      expect(Math.abs(r.ci[0] - g.lo_mean), `lo ${r.ci[0]} vs ${g.lo_mean} (sd ${g.lo_sd})`).toBeLessThan(5 * g.lo_sd + 1e-12);
      expect(Math.abs(r.ci[1] - g.hi_mean), `hi ${r.ci[1]} vs ${g.hi_mean} (sd ${g.hi_sd})`).toBeLessThan(5 * g.hi_sd + 1e-12);
    });
  }
});
