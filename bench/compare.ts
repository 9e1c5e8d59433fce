/**
 * Ablation statistics bench (issue 4), side by side with scipy.stats.bootstrap (bench/compare_scipy.py, run here).
 *   npx tsx bench/compare.ts [reps]
 * 1. BCa interval, 10,000 resamples, difference of means of two groups of 20 runs.
 * 2. Stratified bootstrap (percentile, 10,000 resamples) over 50 tasks x 5 seeds, for 10 variants: pooled IQM and pooled mean.
 * Median wall time of `reps` runs after one warm-up.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { aggregateScores } from '../src/compare/index.js';
import { bootstrap, createRng, statMeanDiff } from '../src/stats/index.js';

const reps = Number(process.argv[2] ?? 5);
const rng = createRng(0);
const x = Array.from({ length: 20 }, () => 3.28 + 0.0015 * rng.normal());
const y = Array.from({ length: 20 }, () => 3.281 + 0.0015 * rng.normal());
const variants = Array.from({ length: 10 }, (_, v) => ({ name: `v${v}`, scores: Array.from({ length: 50 }, () => Array.from({ length: 5 }, () => 0.5 + 0.1 * rng.normal())) }));

function time(f: () => unknown): number {
  f();
  const t: number[] = [];
  for (let i = 0; i < reps; i++) { const t0 = performance.now(); f(); t.push(performance.now() - t0); }
  t.sort((a, b) => a - b);
  return t[Math.floor(t.length / 2)]!;
}

const ours = {
  bca_2x20: time(() => bootstrap([x, y], statMeanDiff, { method: 'bca', resamples: 10_000, seed: 1 })),
  strat_mean: time(() => aggregateScores(variants, { statistic: 'mean', method: 'percentile', resamples: 10_000, seed: 1 })),
  strat_iqm: time(() => aggregateScores(variants, { statistic: 'iqm', method: 'percentile', resamples: 10_000, seed: 1 })),
};
const py = JSON.parse(execFileSync('/usr/bin/python3', [fileURLToPath(new URL('./compare_scipy.py', import.meta.url)), String(reps)], { encoding: 'utf8' })) as Record<string, number>;
console.log('| case | scalelab (ms) | scipy.stats.bootstrap (ms) | speed-up |');
console.log('|---|---:|---:|---:|');
const label: Record<string, string> = { bca_2x20: 'BCa, 10k resamples, diff of means, 2 x 20 runs', strat_mean: 'stratified, 10k, 50 tasks x 5 seeds x 10 variants, mean', strat_iqm: 'stratified, 10k, 50 tasks x 5 seeds x 10 variants, IQM' };
for (const k of Object.keys(ours) as (keyof typeof ours)[]) console.log(`| ${label[k]} | ${ours[k].toFixed(1)} | ${py[k]!.toFixed(1)} | ${(py[k]! / ours[k]).toFixed(1)}x |`);
