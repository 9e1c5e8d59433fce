/**
 * Coverage of every interval the kit prints, by sample size (runs per variant): over many synthetic data sets
 * with a known truth, how often the nominal 95% interval contains it, with a Wilson 95% interval on that share.
 * Intervals: t interval of a mean (variant summary), Welch / Student / paired t intervals of a difference
 * (comparisons), the one-sided t bound of the threshold test, bootstrap percentile and BCa intervals of a mean and
 * of a difference (unpaired and paired: `bootstrap_ci`, and the interval of the paired-bootstrap and Mann-Whitney
 * comparisons; the paired percentile interval, whose inversion is the paired-bootstrap test's p), and the
 * stratified-bootstrap aggregate intervals (IQM and mean over 5 tasks, percentile) of aggregateScores.
 * Data: normal; skewed (lognormal, sigma 1); heavy-tailed (Student t, 3 df).
 *
 * Writes src/stats/coverage-table.ts (read by the library to decide which bootstrap intervals to show, and to
 * label them) and bench/coverage.md (the table for README / RESULTS).
 * Run: npx tsx bench/coverage.ts [trials = 1000] [resamples = 1000]   (3-4 minutes on the shared 2-core machine)
 */
import { writeFileSync } from 'node:fs';
import {
  bootstrap, createRng, normalCdf, normalQuantile, oneSampleTest, pairedTest, quantileSorted, statMean, statMeanDiff, statPooledIqm, statPooledMean, studentTest,
  welchTest, type Rng,
} from '../src/stats/index.js';
import { COVERAGE_INTERVALS, type CoverageInterval } from '../src/stats/coverage.js';

const TRIALS = Number(process.argv[2] ?? 1000), B = Number(process.argv[3] ?? 1000);
const SEED = 20261206;
const SIZES = [2, 3, 4, 5, 8, 10, 20, 50];
const TASKS = 5;

type Dist = 'normal' | 'skewed' | 'heavy';
const DISTS: Dist[] = ['normal', 'skewed', 'heavy'];
const SIGMA = 1; // lognormal shape

function draw(rng: Rng, d: Dist): number {
  if (d === 'normal') return rng.normal();
  if (d === 'skewed') return Math.exp(SIGMA * rng.normal());
  const z = rng.normal(), a = rng.normal(), b = rng.normal(), c = rng.normal();
  return z / Math.sqrt((a * a + b * b + c * c) / 3);
}
const MEAN: Record<Dist, number> = { normal: 0, skewed: Math.exp(SIGMA * SIGMA / 2), heavy: 0 };
/** Population IQM: the mean over the middle half of the distribution. */
function popIqm(d: Dist): number {
  if (d !== 'skewed') return 0; // symmetric about 0
  const za = normalQuantile(0.25), zb = normalQuantile(0.75);
  return (2 * Math.exp(SIGMA * SIGMA / 2)) * (normalCdf(zb - SIGMA) - normalCdf(za - SIGMA));
}

function percentile(d: Float64Array): [number, number] {
  const s = d.slice().sort();
  return [quantileSorted(s, 0.025), quantileSorted(s, 0.975)];
}
const inside = (ci: readonly [number, number], v: number): boolean => ci[0] <= v && v <= ci[1];

function wilson(k: number, n: number): [number, number] {
  const z = 1.959963984540054, p = k / n, d = 1 + (z * z) / n;
  const c = (p + (z * z) / (2 * n)) / d, h = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  return [c - h, c + h];
}

const hits = new Map<string, number>();
const key = (iv: CoverageInterval, d: Dist, n: number) => `${iv}|${d}|${n}`;
const t0 = performance.now();
for (const d of DISTS) {
  for (const n of SIZES) {
    const rng = createRng(SEED).fork(DISTS.indexOf(d) * 1000 + n);
    const add = (iv: CoverageInterval, hit: boolean) => { const k = key(iv, d, n); hits.set(k, (hits.get(k) ?? 0) + (hit ? 1 : 0)); };
    for (let trial = 0; trial < TRIALS; trial++) {
      const x = Array.from({ length: n }, () => draw(rng, d));
      const y = Array.from({ length: n }, () => draw(rng, d));
      // Paired: a shared per-seed effect plus the run's own draw; truth of the mean paired difference is 0.
      const shared = Array.from({ length: n }, () => draw(rng, d));
      const xp = x.map((v, i) => v + shared[i]!), yp = y.map((v, i) => v + shared[i]!);
      const seed = rng.int(2 ** 31);
      const mu = MEAN[d];
      add('t-mean', inside(oneSampleTest(x, 0).ci, mu));
      add('t-bound', inside(oneSampleTest(x, 0, { alternative: 'less' }).ci, mu));
      add('welch-diff', inside(welchTest(x, y).ci, 0));
      add('student-diff', inside(studentTest(x, y).ci, 0));
      add('paired-diff', inside(pairedTest(xp, yp).ci, 0));
      const o = { resamples: B, seed };
      // BCa and percentile from one call: the same seed gives the same resamples, and the percentile interval is
      // numpy's percentiles of the kept distribution (as bootstrap(..., { method: 'percentile' }) computes them).
      const bm = bootstrap([x], statMean, { ...o, keepDistribution: true });
      add('bca-mean', inside(bm.ci, mu));
      add('percentile-mean', inside(percentile(bm.distribution!), mu));
      const bd = bootstrap([x, y], statMeanDiff, { ...o, keepDistribution: true });
      add('bca-diff', inside(bd.ci, 0));
      add('percentile-diff', inside(percentile(bd.distribution!), 0));
      // The paired-bootstrap test's p is the inversion of this percentile interval: its type I error at alpha 0.05
      // is 1 - the coverage of 'percentile-paired-diff'.
      const bp = bootstrap([xp, yp], statMeanDiff, { ...o, paired: true, keepDistribution: true });
      add('bca-paired-diff', inside(bp.ci, 0));
      add('percentile-paired-diff', inside(percentile(bp.distribution!), 0));
      const tasks = [x, y, shared, ...Array.from({ length: TASKS - 3 }, () => Array.from({ length: n }, () => draw(rng, d)))];
      // aggregateScores' interval (stratified percentile bootstrap of the pooled IQM / mean), computed here without
      // its withholding so that every size is measured.
      add('aggregate-iqm', inside(bootstrap(tasks, statPooledIqm, { ...o, method: 'percentile' }).ci, popIqm(d)));
      add('aggregate-mean', inside(bootstrap(tasks, statPooledMean, { ...o, method: 'percentile' }).ci, mu));
    }
    process.stderr.write(`${d} n=${n} done (${((performance.now() - t0) / 1000).toFixed(0)} s)\n`);
  }
}

// The table: coverage[interval][dist][i] for SIZES[i], as [share, wilson lo, wilson hi].
const table: Record<string, Record<string, [number, number, number][]>> = {};
for (const iv of COVERAGE_INTERVALS) {
  table[iv] = {};
  for (const d of DISTS) {
    table[iv]![d] = SIZES.map((n) => {
      const k = hits.get(key(iv, d, n)) ?? 0;
      const [lo, hi] = wilson(k, TRIALS);
      return [round(k / TRIALS), round(lo), round(hi)];
    });
  }
}
function round(x: number): number { return Math.round(x * 10000) / 10000; }

const ts = `/**
 * Measured coverage of the kit's nominal 95% intervals, by runs per variant. GENERATED by bench/coverage.ts
 * (seed ${SEED}, ${TRIALS} data sets per cell, ${B} bootstrap resamples, ${new Date('2026-12-06').toISOString().slice(0, 10)}); do not edit.
 * coverage[interval][data][i] = [share of data sets whose interval held the truth, Wilson 95% low, high] at
 * COVERAGE_SIZES[i] runs per variant (aggregates: runs per task, ${TASKS} tasks). Data: normal; skewed =
 * lognormal(sigma ${SIGMA}); heavy = Student t (3 df).
 */
import type { CoverageTable } from './coverage.js';

export const COVERAGE_TABLE: CoverageTable = ${JSON.stringify({ seed: SEED, trials: TRIALS, resamples: B, confidence: 0.95, tasks: TASKS, sizes: SIZES, coverage: table })};
`;
writeFileSync(new URL('../src/stats/coverage-table.ts', import.meta.url), ts);

const pct = (v: number) => (100 * v).toFixed(1);
const lines: string[] = [];
lines.push(`Coverage of nominal 95% intervals (bench/coverage.ts: seed ${SEED}, ${TRIALS} data sets per cell, ${B} resamples; Wilson 95% interval of each share in brackets).`, '');
for (const d of DISTS) {
  lines.push(`**${d === 'normal' ? 'Normal' : d === 'skewed' ? `Skewed (lognormal, sigma ${SIGMA})` : 'Heavy-tailed (t, 3 df)'} data**`, '');
  lines.push(`| interval | ${SIZES.map((n) => `n = ${n}`).join(' | ')} |`, `|---|${SIZES.map(() => '---').join('|')}|`);
  for (const iv of COVERAGE_INTERVALS) {
    lines.push(`| ${iv} | ${table[iv]![d]!.map(([p, lo, hi]) => `${pct(p)} [${pct(lo)}-${pct(hi)}]`).join(' | ')} |`);
  }
  lines.push('');
}
writeFileSync(new URL('./coverage.md', import.meta.url), lines.join('\n'));
process.stderr.write(`wrote src/stats/coverage-table.ts and bench/coverage.md in ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
