/**
 * Report at scale: 200 runs x 10,000 steps x 3 metrics (synthetic, deterministic) → one HTML report with a
 * loss-curve figure per metric (raw + EMA-smoothed, LTTB-downsampled), variant mean curves with bands, a
 * forest plot, a scaling figure, a 200-row table and provenance. Measures wall time and bytes.
 *
 * Usage: npx tsx bench/report.ts [reps=3] [--out path.html]
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { curvesFigure } from '../src/plot/curves.js';
import { scalingFigure } from '../src/plot/scaling.js';
import { variantCurvesFigure } from '../src/plot/variantCurves.js';
import { createReport } from '../src/report/builder.js';
import { writeReport } from '../src/report/write.js';
import { emaSmooth } from '../src/runs/index.js';
import { createRng } from '../src/stats/random.js';

const RUNS = 200, STEPS = 10_000, METRICS = ['loss', 'val_loss', 'grad_norm'] as const;
const VARIANTS = 10; // 20 seeds each

interface Run { name: string; variant: string; N: number; step: Float64Array; values: Record<string, Float64Array> }

function makeRuns(): Run[] {
  const rng = createRng(5);
  const runs: Run[] = [];
  for (let r = 0; r < RUNS; r++) {
    const v = r % VARIANTS;
    const N = 1e8 * 2 ** (r % 5);
    const step = Float64Array.from({ length: STEPS }, (_, i) => (i + 1) * 10);
    const values: Record<string, Float64Array> = {};
    for (const [m, metric] of METRICS.entries()) {
      const a = new Float64Array(STEPS);
      for (let i = 0; i < STEPS; i++) {
        const base = metric === 'grad_norm' ? 0.3 + 2 / Math.sqrt(i + 1) : 2.0 + 0.01 * v + 6 / Math.sqrt(i / 10 + 1) + 0.05 * m - 0.02 * Math.log2(N / 1e8);
        a[i] = base + 0.03 * rng.normal();
      }
      if (r % 17 === 0) a[STEPS - 2000 - r] = a[STEPS - 2000 - r]! + 2; // a spike
      values[metric] = a;
    }
    runs.push({ name: `v${v}-s${Math.floor(r / VARIANTS)}-N${N}`, variant: `v${v}`, N, step, values });
  }
  return runs;
}

function buildReport(runs: Run[]) {
  const report = createReport({ title: 'Bench: 200 runs x 10,000 steps x 3 metrics', date: '2026-11-25' });
  report.section('Curves');
  for (const metric of METRICS) {
    const series = runs.map((r) => ({ run: r.name, step: r.step, value: r.values[metric]!, smoothed: emaSmooth(r.values[metric]!, 0.9) }));
    report.figure(curvesFigure({ series }, { id: `curves-${metric}`, metric }), `${metric}: ${runs.length} runs.`);
  }
  report.section('Variants');
  const variants = Array.from({ length: VARIANTS }, (_, v) => {
    const members = runs.filter((r) => r.variant === `v${v}`);
    const mean = new Float64Array(STEPS), lo = new Float64Array(STEPS), hi = new Float64Array(STEPS);
    for (let i = 0; i < STEPS; i++) {
      let s = 0, ss = 0;
      for (const r of members) { const x = r.values.loss![i]!; s += x; ss += x * x; }
      const n = members.length, m = s / n, sd = Math.sqrt(Math.max(0, (ss - n * m * m) / (n - 1)));
      mean[i] = m; lo[i] = m - 2.093 * sd / Math.sqrt(n); hi[i] = m + 2.093 * sd / Math.sqrt(n);
    }
    return { variant: `v${v}`, step: runs[0]!.step, mean, lo, hi };
  });
  report.figure(variantCurvesFigure({ variants }, { id: 'variants' }), 'Variant means with 95% bands.');
  report.comparisonTable({ metric: 'loss', baseline: 'v0', level: 0.95, rows: variants.slice(1).map((v, k) => ({ variant: v.variant, diff: 0.01 * (k + 1), lo: 0.01 * (k + 1) - 0.004, hi: 0.01 * (k + 1) + 0.004, decision: 'worse' as const })) }, { forest: true, figureId: 'forest' });
  report.section('Scaling');
  const finals = runs.map((r) => ({ run: r.name, N: r.N, D: 1e10, C: 6 * r.N * 1e10, loss: r.values.loss![STEPS - 1]! }));
  report.figure(scalingFigure({ points: finals }, { id: 'scaling' }), 'Final loss against compute.');
  report.table({ rows: finals.map((f) => ({ run: f.run, N: f.N, loss: f.loss })), columns: ['run', { key: 'N', format: 'size' }, 'loss'], caption: 'Final values' });
  report.provenance({ files: [], options: { runs: RUNS, steps: STEPS, metrics: METRICS }, seeds: { data: 5 }, date: '2026-11-25' });
  return report;
}

const reps = Number(process.argv[2] ?? 3);
const outArg = process.argv.indexOf('--out');
const t0 = performance.now();
const runs = makeRuns();
console.log(`data: ${RUNS} runs x ${STEPS} steps x ${METRICS.length} metrics = ${(RUNS * STEPS * METRICS.length / 1e6).toFixed(1)}M points, generated in ${(performance.now() - t0).toFixed(0)} ms`);
const dir = mkdtempSync(join(tmpdir(), 'scalelab-bench-report-'));
const times: number[] = [];
let bytes = 0, jsonBytes = 0;
for (let k = 0; k < reps; k++) {
  const t = performance.now();
  const out = writeReport(buildReport(runs), outArg > 0 ? process.argv[outArg + 1]! : join(dir, 'report.html'));
  times.push(performance.now() - t);
  bytes = statSync(out.html).size;
  jsonBytes = statSync(out.json!).size;
}
rmSync(dir, { recursive: true, force: true });
times.sort((a, b) => a - b);
console.log(`report (smooth + downsample + render + write), ${reps} reps: median ${(times[Math.floor(reps / 2)]! / 1000).toFixed(2)} s, min ${(times[0]! / 1000).toFixed(2)} s`);
console.log(`HTML ${(bytes / 1e6).toFixed(2)} MB (budget 3 MB), JSON ${(jsonBytes / 1e3).toFixed(0)} kB`);
