/**
 * Run-health benchmark (issue 14 bar: 200 runs x 100k steps under 5 s on the 2-core machine): `runHealth` over a
 * RunSet of 200 runs, each 100,000 steps of train/loss and grad_norm with a wall clock (W&B `_runtime`), jittered
 * step times, a checkpoint save every 5,000 steps, a few stalls, loss spikes and one restart per run that recomputes
 * 500 steps. Building the RunSet is not timed (it is the loader's cost); the analysis is, best of 3. Also
 * runHealthParallel on 2 threads (worker threads; its CPU time is this process's, both threads).
 * Run: npx tsx bench/health.ts [--quick]
 */
import { RunSetBuilder } from '../src/runs/index.js';
import { runHealth, runHealthParallel } from '../src/health/index.js';
import { createRng } from '../src/stats/random.js';

const quick = process.argv.includes('--quick');
const RUNS = quick ? 20 : 200;
const STEPS = 100_000;
const rng = createRng(14);

const b = new RunSetBuilder();
b.reserve(RUNS * (STEPS + 500) * 2);
const tBuild = performance.now();
for (let k = 0; k < RUNS; k++) {
  const r = b.addRun({ id: `run${k}`, source: `run${k}.csv`, format: 'wandb-history', config: { N: 1e9, total_batch_size: 1 << 20 } });
  const loss = b.metricId('train/loss'), gn = b.metricId('grad_norm');
  const crashAt = 40_000 + Math.floor(rng.next() * 20_000);
  let t = 60 + 30 * rng.next();
  const emit = (s: number) => {
    t += 0.5 * (1 + 0.02 * rng.normal()) + (s % 5000 === 1 ? 20 : 0) + (rng.next() < 1e-4 ? 30 : 0);
    const spike = rng.next() < 2e-5 ? 2 : 0;
    b.push(r, s, loss, 2 + 8 / Math.sqrt(s) + 0.01 * rng.normal() + spike, NaN, NaN, t);
    b.push(r, s, gn, 1 + 0.05 * rng.normal() + 10 * spike, NaN, NaN, t);
  };
  for (let s = 1; s <= crashAt; s++) emit(s);
  t += 300;
  for (let s = crashAt - 499; s <= STEPS; s++) emit(s);
}
const rs = b.build();
console.log(`built ${RUNS} runs x ${STEPS.toLocaleString('en-US')} steps (${rs.numPoints.toLocaleString('en-US')} points kept) in ${((performance.now() - tBuild) / 1000).toFixed(1)} s (not timed)`);

/** Best of 3 wall-clock ms, and the CPU ms (user + system) of that repetition: on a shared machine the CPU time is
 * closer to what the analysis costs unloaded. */
function timed(fast: boolean): { best: number; cpu: number; h: ReturnType<typeof runHealth> } {
  let best = Infinity, cpu = NaN;
  let h = runHealth(rs, { fastSpikes: fast });
  for (let rep = 0; rep < 3; rep++) {
    const t0 = performance.now(), c0 = process.cpuUsage();
    h = runHealth(rs, { fastSpikes: fast });
    const wall = performance.now() - t0, c = process.cpuUsage(c0);
    if (wall < best) {
      best = wall;
      cpu = (c.user + c.system) / 1000;
    }
  }
  return { best, cpu, h };
}
async function timedParallel(): Promise<{ best: number; cpu: number }> {
  let best = Infinity, cpu = NaN;
  await runHealthParallel(rs, {}, { threads: 2 });
  for (let rep = 0; rep < 3; rep++) {
    const t0 = performance.now(), c0 = process.cpuUsage();
    await runHealthParallel(rs, {}, { threads: 2 });
    const wall = performance.now() - t0, c = process.cpuUsage(c0);
    if (wall < best) {
      best = wall;
      cpu = (c.user + c.system) / 1000;
    }
  }
  return { best, cpu };
}
const exact = timed(false);
const fast = timed(true);
const h = exact.h;
const r0 = h.runs[0]!;
console.log(`| runHealth, ${RUNS} runs x ${STEPS.toLocaleString('en-US')} steps (train/loss + grad_norm, wall clock, 1 restart each) | ${(exact.best / 1000).toFixed(2)} s (best of 3; CPU ${(exact.cpu / 1000).toFixed(2)} s) |`);
console.log(`| the same with fastSpikes (loss spikes by the block baseline) | ${(fast.best / 1000).toFixed(2)} s (best of 3; CPU ${(fast.cpu / 1000).toFixed(2)} s) |`);
console.log(`  total goodput ${(100 * h.total.goodput).toFixed(2)}%; run0: ${r0.events.length} events, badput ${JSON.stringify(Object.fromEntries(Object.entries(r0.badput).map(([k, v]) => [k, Math.round(v)])))}`);
const par = await timedParallel();
console.log(`| runHealthParallel, 2 threads (default detector) | ${(par.best / 1000).toFixed(2)} s (best of 3; CPU ${(par.cpu / 1000).toFixed(2)} s, both threads) |`);
