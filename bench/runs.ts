/**
 * Run-model operations benchmark: TensorBoard EMA and spike-keeping LTTB on one 10M-point curve, spike detection
 * on 1M points, final values and valueAt over 1,000 runs x 1,000 points, select, and Parquet/Arrow round trips.
 * Best of 3 (1 for the slow ones). Run: npx tsx bench/runs.ts [--quick]
 */
import { RunSetBuilder, detectSpikes, emaSmooth, finalValues, fromArrowIPC, fromParquet, lttb, selectRuns, toArrowIPC, toParquet, valueAt } from '../src/runs/index.js';
import { createRng } from '../src/stats/random.js';

const quick = process.argv.includes('--quick');
const N = quick ? 1_000_000 : 10_000_000;
const rng = createRng(1);

function time<T>(label: string, f: () => T, reps = 3): T {
  let best = Infinity, out: T | undefined;
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    out = f();
    best = Math.min(best, performance.now() - t0);
  }
  console.log(`| ${label} | ${best.toFixed(1)} ms |`);
  return out!;
}
async function timeAsync<T>(label: string, f: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const out = await f();
  console.log(`| ${label} | ${(performance.now() - t0).toFixed(1)} ms |`);
  return out;
}

const x = new Float64Array(N), y = new Float64Array(N);
for (let i = 0; i < N; i++) { x[i] = i; y[i] = 2 + 8 / Math.sqrt(1 + i / 1000) + 0.1 * rng.normal(); }
console.log(`| operation (${N.toLocaleString('en-US')} points unless said) | time |\n|---|---|`);
time('emaSmooth (w 0.6)', () => emaSmooth(y, 0.6));
const keep = time('lttb -> 1,000', () => lttb(x, y, 1000));
console.log(`|   (kept ${keep.length} indices) | |`);
const M = 1_000_000;
time(`detectSpikes, 1M points, window 50`, () => detectSpikes({ step: x.subarray(0, M), value: y.subarray(0, M) }, { window: 50 }), 1);

const b = new RunSetBuilder();
const R = 1000, P = 1000;
for (let r = 0; r < R; r++) {
  const ri = b.addRun({ id: `r${r}`, source: 'bench', variant: `v${r % 4}`, seed: r });
  for (let s = 0; s < P; s++) b.add(ri, s, 'loss', 3 + 1 / (1 + s) + 0.01 * rng.normal(), { tokens: s * 1e6 });
}
const rs = time('build 1,000 runs x 1,000 points', () => b.build(), 1);
time('finalValues, 1,000 runs', () => finalValues(rs, 'loss'));
time('finalValues lastK 10, 1,000 runs', () => finalValues(rs, 'loss', { lastK: 10 }));
time('valueAt tokens, 1,000 runs', () => valueAt(rs, 'loss', { tokens: 500.5e6 }));
time('selectRuns variant, 1M points', () => selectRuns(rs, { variant: 'v1' }));
const pq = time('toParquet, 1M points', () => toParquet(rs), 1);
console.log(`|   (${(pq.byteLength / 1e6).toFixed(1)} MB) | |`);
await timeAsync('fromParquet, 1M points', () => fromParquet(pq));
const ipc = time('toArrowIPC, 1M points', () => toArrowIPC(rs), 1);
time('fromArrowIPC, 1M points', () => fromArrowIPC(ipc, { runs: rs.runs }), 1);
