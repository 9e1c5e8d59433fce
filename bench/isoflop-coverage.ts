/**
 * Coverage of the IsoFLOP (Approach 2) bootstrap interval of the N_opt exponent a on synthetic sweeps drawn from
 * Epoch's Chinchilla law (truth a = beta / (alpha + beta) = 0.5127), log-noise 0.01, one run per (size, budget).
 * Design "3 x 5": budgets 1e19, 1e20, 1e21, five sizes each. Two size layouts: `centred` (log-spaced over 16x
 * around each budget's true N_opt) and `shared` (the same five sizes 1e8 .. 1e10 for every budget).
 * Reports, with Wilson 95% intervals: the coverage of the interval isoflopFit reports, of the interval the old rule
 * gave (resamples with any failed budget dropped), the mean share of resamples kept, and the noiseless exponent
 * (the design's bias). Run: npx tsx bench/isoflop-coverage.ts [seeds] [resamples] [layout] [method]
 */
import { EPOCH_PARAMS as P, isoflopFit, logspace, synthesizeSweep, type FitPoint } from '../src/fit/index.js';
import type { IsoflopMethod } from '../src/fit/isoflop.js';

const G = ((P.alpha * P.A) / (P.beta * P.B)) ** (1 / (P.alpha + P.beta));
const TRUTH = P.beta / (P.alpha + P.beta);
const BUDGETS = [1e19, 1e20, 1e21];

function wilson(k: number, n: number, z = 1.959964): [number, number] {
  const p = k / n, d = 1 + (z * z) / n, c = (p + (z * z) / (2 * n)) / d, h = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  return [c - h, c + h];
}

function sweep(layout: string, seed: number, noise: number): FitPoint[] {
  if (layout === 'shared') return synthesizeSweep({ sizes: logspace(1e8, 1e10, 5), budgets: BUDGETS, seed, noise });
  return BUDGETS.flatMap((C, j) => {
    const n = G * (C / 6) ** TRUTH;
    return synthesizeSweep({ sizes: logspace(n / 4, n * 4, 5), budgets: [C], seed: seed * 7 + j, noise }).map((p, i) => ({ ...p, group: `b${j}-${i}` }));
  });
}

function percentile(v: number[], level: number): [number, number] {
  const s = [...v].sort((a, b) => a - b);
  const q = (p: number): number => { const h = (s.length - 1) * p, lo = Math.floor(h); return s[lo]! + (h - lo) * (s[Math.min(lo + 1, s.length - 1)]! - s[lo]!); };
  return [q((1 - level) / 2), q(1 - (1 - level) / 2)];
}

function main(): void {
  const seeds = Number(process.argv[2] ?? 400), K = Number(process.argv[3] ?? 200);
  const layout = process.argv[4] ?? 'centred';
  const method = (process.argv[5] ?? 'parabola') as IsoflopMethod;
  const resample = process.argv[6] as 'runs' | 'residuals' | undefined;
  const t0 = performance.now();
  const noiseless = isoflopFit(sweep(layout, 1, 0), { method }).nOptLaw.exponent;
  let cover = 0, coverOld = 0, nOld = 0, kept = 0, partial = 0, width = 0, failedFits = 0;
  for (let s = 0; s < seeds; s++) {
    let r;
    try { r = isoflopFit(sweep(layout, 1000 + s, 0.01), { method, ...(resample ? { resample } : {}), bootstrap: K, seed: s, skipBadBudgets: true }); } catch { failedFits++; continue; }
    if (r.budgets.length < BUDGETS.length) { failedFits++; continue; }
    const b = r.bootstrap!;
    const [lo, hi] = r.nOptLaw.ci!;
    cover += lo <= TRUTH && TRUTH <= hi ? 1 : 0;
    width += hi - lo;
    kept += b.keptShare; partial += b.partial / K;
    const full = b.replicates.nLaw.filter((_, i) => !b.replicates.nOpt[i]!.some(Number.isNaN)).map((l) => l.exponent);
    if (full.length >= 2) { nOld++; const [ol, oh] = percentile(full, b.level); coverOld += ol <= TRUTH && TRUTH <= oh ? 1 : 0; }
  }
  const n = seeds - failedFits;
  const pct = (k: number, m: number): string => { const [a, b] = wilson(k, m); return `${(100 * k / m).toFixed(1)}% [Wilson ${(100 * a).toFixed(1)}-${(100 * b).toFixed(1)}%]`; };
  console.log(`layout ${layout}, method ${method}, resample ${resample ?? 'default'}: ${seeds} seeds (${failedFits} point fits without 3 budgets skipped) x ${K} resamples, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  console.log(`  truth a = ${TRUTH.toFixed(4)}, noiseless estimate ${noiseless.toFixed(4)} (design bias ${(noiseless - TRUTH).toFixed(4)})`);
  console.log(`  reported interval (bad budgets left out): coverage ${pct(cover, n)}, mean width ${(width / n).toFixed(4)}, kept ${(100 * kept / n).toFixed(1)}% (partial ${(100 * partial / n).toFixed(1)}%)`);
  console.log(`  old rule (any failed budget drops the resample): coverage ${pct(coverOld, nOld)}`);
}
main();
