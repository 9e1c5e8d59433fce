/**
 * Ablation statistics bench (issue 4), side by side with scipy.stats.bootstrap (bench/compare_scipy.py, run here).
 *   npx tsx bench/compare.ts [reps]
 * 1. BCa interval, 10,000 resamples, difference of means of two groups of 20 runs.
 * 2. Stratified bootstrap (percentile, 10,000 resamples) over 50 tasks x 5 seeds, for 10 variants: pooled IQM and pooled mean.
 * Each side, per case: the first call in the process ("cold": for Node this includes JIT compilation; the cases
 * run in the order listed, so later cases reuse code the BCa case already compiled), then warm-up calls (at least
 * 3 and 300 ms: V8 optimises over the first few calls; scipy is compiled code), then `reps` timed calls: median and
 * minimum wall time. Speed-up = scipy / scalelab on the median.
 */
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { aggregateScores } from '../src/compare/index.js';
import { bootstrap, createRng, statMeanDiff } from '../src/stats/index.js';

const reps = Number(process.argv[2] ?? 7);
const rng = createRng(0);
const x = Array.from({ length: 20 }, () => 3.28 + 0.0015 * rng.normal());
const y = Array.from({ length: 20 }, () => 3.281 + 0.0015 * rng.normal());
const variants = Array.from({ length: 10 }, (_, v) => ({ name: `v${v}`, scores: Array.from({ length: 50 }, () => Array.from({ length: 5 }, () => 0.5 + 0.1 * rng.normal())) }));

interface Timing { first: number; median: number; min: number }

function time(f: () => unknown): Timing {
  let t0 = performance.now();
  f();
  const first = performance.now() - t0;
  const w0 = performance.now();
  for (let calls = 0; calls < 3 || performance.now() - w0 < 300; calls++) f();
  const t: number[] = [];
  for (let i = 0; i < reps; i++) { t0 = performance.now(); f(); t.push(performance.now() - t0); }
  t.sort((a, b) => a - b);
  return { first, median: t[Math.floor(t.length / 2)]!, min: t[0]! };
}

const ours: Record<string, Timing> = {
  bca_2x20: time(() => bootstrap([x, y], statMeanDiff, { method: 'bca', resamples: 10_000, seed: 1 })),
  strat_mean: time(() => aggregateScores(variants, { statistic: 'mean', method: 'percentile', resamples: 10_000, seed: 1 })),
  strat_iqm: time(() => aggregateScores(variants, { statistic: 'iqm', method: 'percentile', resamples: 10_000, seed: 1 })),
};
const py = JSON.parse(execFileSync('/usr/bin/python3', [fileURLToPath(new URL('./compare_scipy.py', import.meta.url)), String(reps)], { encoding: 'utf8' })) as Record<string, Timing>;
const label: Record<string, string> = { bca_2x20: 'BCa, 10k resamples, diff of means, 2 x 20 runs', strat_mean: 'stratified, 10k, 50 tasks x 5 seeds x 10 variants, mean', strat_iqm: 'stratified, 10k, 50 tasks x 5 seeds x 10 variants, IQM' };
const f = (v: number): string => v.toFixed(v < 10 ? 2 : 1);
console.log(`reps ${reps}; load average ${loadavg().map((v) => v.toFixed(1)).join(' ')}`);
console.log('| case | scalelab median (min) ms | scipy median (min) ms | speed-up (median) | first call: scalelab / scipy ms |');
console.log('|---|---:|---:|---:|---:|');
for (const k of Object.keys(ours)) {
  const a = ours[k]!, b = py[k]!;
  console.log(`| ${label[k]} | ${f(a.median)} (${f(a.min)}) | ${f(b.median)} (${f(b.min)}) | ${(b.median / a.median).toFixed(1)}x | ${f(a.first)} / ${f(b.first)} |`);
}
