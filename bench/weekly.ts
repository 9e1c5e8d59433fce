/**
 * The weekly report end to end (issue 5):
 *  1. `npm start`'s work: data/weekly.json → reports (load 5 sources, Chinchilla fit + 200 bootstrap resamples,
 *     IsoFLOP + 400 resamples, a paired comparison, 8 figures), in process and as the CLI process.
 *  2. 200 runs x 10,000 steps x 3 metrics through `scalelab report`: 200 CSV files written to a temporary folder
 *     (10 variants x 20 seeds, seeded synthetic values), a config with a loss-curve figure per metric, a comparison
 *     with its forest plot, variant mean curves and a runs table — loading, statistics, figures and writing.
 *
 * Usage: npx tsx bench/weekly.ts [reps=3]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readWeeklyConfig } from '../src/report/weekly-config.js';
import { buildWeeklyReport } from '../src/report/weekly.js';
import { writeReport } from '../src/report/write.js';
import { createRng } from '../src/stats/random.js';

const reps = Number(process.argv[2] ?? 3);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const dir = mkdtempSync(join(tmpdir(), 'scalelab-bench-weekly-'));

async function timed(config: string, out: string): Promise<{ ms: number; cpu: number; bytes: number; jsonBytes: number }> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const { report, inputs } = await buildWeeklyReport(readWeeklyConfig(config), { configFile: config });
  const w = writeReport(report, out, { inputs });
  const c = process.cpuUsage(c0);
  return { ms: performance.now() - t0, cpu: (c.user + c.system) / 1000, bytes: w.bytes, jsonBytes: statSync(w.json!).size };
}

try {
  // 1. The demo.
  const demo: Awaited<ReturnType<typeof timed>>[] = [];
  for (let i = 0; i < reps; i++) demo.push(await timed('data/weekly.json', join(dir, 'weekly.html')));
  const cliMs: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    const r = spawnSync(join('node_modules', '.bin', 'tsx'), ['src/cli/main.ts', 'report', 'data/weekly.json', '--out', join(dir, 'cli.html')], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    cliMs.push(performance.now() - t0);
  }
  console.log(`demo (in process): median ${median(demo.map((d) => d.ms)).toFixed(0)} ms wall, ${median(demo.map((d) => d.cpu)).toFixed(0)} ms CPU; HTML ${demo[0]!.bytes} B, JSON ${demo[0]!.jsonBytes} B`);
  console.log(`demo (CLI process incl. tsx start): median ${median(cliMs).toFixed(0)} ms`);

  // 2. 200 runs x 10,000 steps x 3 metrics.
  const data = join(dir, 'runs');
  const rng = createRng(11);
  const t0 = performance.now();
  for (let r = 0; r < 200; r++) {
    const v = r % 10, seed = Math.floor(r / 10);
    const lines = ['step,loss,val_loss,grad_norm'];
    const offset = 0.01 * v + 0.005 * rng.normal();
    for (let i = 1; i <= 10_000; i++) {
      const base = 2 + offset + 6 / Math.sqrt(i / 10 + 1);
      lines.push(`${i * 10},${(base + 0.03 * rng.normal()).toFixed(5)},${(base + 0.05 + 0.01 * rng.normal()).toFixed(5)},${(0.3 + 2 / Math.sqrt(i) + 0.05 * rng.normal()).toFixed(5)}`);
    }
    mkdirSync(join(data, `v${v}`), { recursive: true });
    writeFileSync(join(data, `v${v}`, `seed${seed}.csv`), lines.join('\n') + '\n');
  }
  console.log(`wrote 200 CSV files (6.0M metric points) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const config = join(dir, 'big-config.json');
  writeFileSync(config, JSON.stringify({
    title: 'Bench: 200 runs x 10,000 steps x 3 metrics', date: '2026-11-25', seed: 1,
    sources: { runs: { paths: 'runs', rule: '{variant}/seed{seed}.csv' } },
    comparisons: { c: { source: 'runs', metric: 'val_loss', baseline: 'v0', resamples: 2000 } },
    sections: [
      { title: 'Curves', items: ['loss', 'val_loss', 'grad_norm'].map((m) => ({ kind: 'curves', sources: ['runs'], metric: m, logY: m === 'grad_norm' })) },
      { title: 'Ablation', items: [{ kind: 'comparison', comparison: 'c', forest: true }, { kind: 'variant-curves', comparison: 'c', from: 1000 }, { kind: 'runs', source: 'runs', metric: 'val_loss' }] },
    ],
  }));
  const big: Awaited<ReturnType<typeof timed>>[] = [];
  for (let i = 0; i < reps; i++) big.push(await timed(config, join(dir, 'big.html')));
  console.log(`200 x 10k x 3 (in process, load + stats + figures + write): median ${(median(big.map((d) => d.ms)) / 1000).toFixed(2)} s wall, ${(median(big.map((d) => d.cpu)) / 1000).toFixed(2)} s CPU; HTML ${(big[0]!.bytes / 1e6).toFixed(2)} MB, JSON ${(big[0]!.jsonBytes / 1e6).toFixed(2)} MB (goals: 10 s, 3 MB)`);
  const t1 = performance.now();
  const r = spawnSync(join('node_modules', '.bin', 'tsx'), ['src/cli/main.ts', 'report', config, '--out', join(dir, 'big-cli.html')], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  console.log(`200 x 10k x 3 (CLI process): ${((performance.now() - t1) / 1000).toFixed(2)} s`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
