/**
 * Power of t-tests from the noncentral t distribution, and the two questions a researcher asks of it:
 * the minimum detectable difference with n seeds per variant, and the seeds needed to detect a difference.
 * Two-sample tests assume equal n per group and a common seed-to-seed sd (e.g. the pooled sd of the runs).
 *
 * @example
 * tTestPower({ diff: 0.002, sd: 0.0015, n: 10 });        // power of a two-sided two-sample test at alpha 0.05
 * minDetectableDiff({ sd: 0.0015, n: 10 });              // smallest difference found with 80% power
 * seedsNeeded({ diff: 0.001, sd: 0.0015 });              // seeds per variant for 80% power
 */
import { nctCdf, nctSf } from './noncentral-t.js';
import { tQuantile } from './student-t.js';
import type { Alternative } from './ttest.js';

/** Design of the test whose power is computed. */
export interface PowerDesign {
  /** Seed-to-seed standard deviation of the metric (per run). */
  sd: number;
  /** Significance level; default 0.05. */
  alpha?: number;
  /** 'two-sided' (default) or one-sided; for one-sided, `diff` is taken in the tested direction. */
  alternative?: Alternative;
  /** 'two-sample' (default: variant vs baseline, n runs each) or 'one-sample' (mean vs a threshold, or paired). */
  design?: 'two-sample' | 'one-sample';
}

function dfAndNc(diff: number, sd: number, n: number, design: 'two-sample' | 'one-sample'): [number, number] {
  return design === 'two-sample' ? [2 * n - 2, diff / (sd * Math.sqrt(2 / n))] : [n - 1, diff / (sd / Math.sqrt(n))];
}

/**
 * Probability that the test rejects when the true difference is `diff` with `n` runs per group.
 *
 * @example
 * tTestPower({ diff: 1, sd: 1, n: 17 }); // 0.807...
 */
export function tTestPower(o: PowerDesign & { diff: number; n: number }): number {
  const alpha = o.alpha ?? 0.05, alt = o.alternative ?? 'two-sided', design = o.design ?? 'two-sample';
  if (!(o.sd > 0) || !(o.n >= 2)) return NaN;
  const [df, nc] = dfAndNc(o.diff, o.sd, o.n, design);
  if (alt === 'two-sided') {
    const c = tQuantile(1 - alpha / 2, df);
    return nctSf(c, df, nc) + nctCdf(-c, df, nc);
  }
  const c = tQuantile(1 - alpha, df);
  return alt === 'greater' ? nctSf(c, df, nc) : nctCdf(-c, df, nc);
}

/**
 * Smallest |difference| detected with probability `power` (default 0.8) using n runs per group.
 *
 * @example
 * minDetectableDiff({ sd: 1, n: 17 }); // ~0.99
 */
export function minDetectableDiff(o: PowerDesign & { n: number; power?: number }): number {
  const target = o.power ?? 0.8;
  if (!(o.sd > 0) || !(o.n >= 2)) return NaN;
  const sign = o.alternative === 'less' ? -1 : 1;
  const pw = (d: number) => tTestPower({ ...o, diff: sign * d });
  let lo = 0, hi = o.sd;
  while (pw(hi) < target) { hi *= 2; if (hi > o.sd * 1e8) return Infinity; }
  for (let i = 0; i < 200 && hi - lo > 1e-13 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (pw(mid) < target) lo = mid; else hi = mid;
  }
  return hi;
}

/**
 * Runs per group needed to detect `diff` with probability `power` (default 0.8); Infinity if more than `max`
 * (default 100,000) would be needed, e.g. when diff is 0.
 *
 * @example
 * seedsNeeded({ diff: 1, sd: 1 }); // 17
 */
export function seedsNeeded(o: PowerDesign & { diff: number; power?: number; max?: number }): number {
  const target = o.power ?? 0.8, max = o.max ?? 100_000;
  if (!(o.sd > 0) || Number.isNaN(o.diff)) return NaN;
  const diff = o.alternative === 'less' ? -Math.abs(o.diff) : Math.abs(o.diff);
  const pw = (n: number) => tTestPower({ ...o, diff, n });
  if (pw(max) < target) return Infinity;
  let lo = 1, hi = 2; // power(lo) < target <= power(hi) after the doubling search
  while (pw(hi) < target) { lo = hi; hi *= 2; }
  hi = Math.min(hi, max);
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (pw(mid) < target) lo = mid; else hi = mid;
  }
  return hi;
}
