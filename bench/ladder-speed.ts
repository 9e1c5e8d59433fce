/**
 * Speed of the ladder bootstrap (issue 12 bar: all 8 tasks with a 1,000-resample bootstrap under 10 s on the 2-core
 * machine): the paper's ladder (190M-1B x 1xC-10xC) on test/fixtures/olmo-ladder, the 7B target, every task of
 * PAPER_TASKS bootstrapped with `resamples` resamples on `workers` threads; prints the interval, dropped resamples
 * (by reason), how often the two step-1 starts disagreed, wall and CPU seconds.
 * Run: npx tsx bench/ladder-speed.ts [resamples] [seed] [workers]
 */
import { fileURLToPath } from 'node:url';
import { load } from '../src/load/index.js';
import { bootstrapTasks, ladderRuns, PAPER_TASKS } from '../src/ladder/index.js';

const resamples = Number(process.argv[2] ?? 1000);
const seed = Number(process.argv[3] ?? 1);
const workers = Number(process.argv[4] ?? 2);
const DIR = fileURLToPath(new URL('../test/fixtures/olmo-ladder/ladder-runs/', import.meta.url));
const names = ['190M', '370M', '760M', '1B'].flatMap((s) => ['1xC', '2xC', '5xC', '10xC'].map((l) => `${s}-${l}`));
const N = { '190M': 190354176, '370M': 371262464, '760M': 758220288, '1B': 1279395840 };
const TARGET = { N: 6887575552, D: 3945065873408 };
const rs = await load(names.map((n) => DIR + n + '.csv'));
const jobs = PAPER_TASKS.map((task) => ({ runs: ladderRuns(rs, task, { N, runs: names }), task, target: TARGET, options: { resamples, seed } }));
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const out = await bootstrapTasks(jobs, { workers });
const wall = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
console.log('| task | accuracy | 95% interval | dropped (degenerate/step1/step2) | starts disagreed | max shift | rescued |');
console.log('|---|---|---|---|---|---|---|');
out.forEach((b, i) => {
  const d = b.drops;
  console.log(`| ${PAPER_TASKS[i]!.name} | ${b.estimate.accuracy.toFixed(4)} | [${b.accuracy.lo.toFixed(4)}, ${b.accuracy.hi.toFixed(4)}] | ${b.dropped} (${d.degenerate}/${d.step1}/${d.step2}) | ${b.starts.disagreed} | ${b.starts.maxAccuracyShift.toFixed(4)} | ${b.starts.rescued} |`);
});
console.log(`\nwall ${wall.toFixed(2)} s, main-thread CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s (${resamples} resamples x 8 tasks, seed ${seed}, ${workers} worker(s))`);
