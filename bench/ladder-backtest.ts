/**
 * Backtests of the ladder's chained prediction on test/fixtures/olmo-ladder (issue 12): hold out 1B (fit on
 * 190M-760M x 1xC-10xC) and 3B (fit on 190M-1B), predict the held-out size's 10xC run, and count how often the
 * bootstrap's 95% interval (with the target's checkpoint noise) covers its last checkpoint's accuracy, over the
 * 8 paper tasks (16 (task, size) pairs; the issue asks >= 80%). Also the time per task.
 * Run: npx tsx bench/ladder-backtest.ts [resamples] [seed]
 */
import { fileURLToPath } from 'node:url';
import { load } from '../src/load/index.js';
import { backtestTask, ladderRuns, PAPER_TASKS } from '../src/ladder/index.js';

const resamples = Number(process.argv[2] ?? 1000);
const seed = Number(process.argv[3] ?? 1);
const DIR = fileURLToPath(new URL('../test/fixtures/olmo-ladder/ladder-runs/', import.meta.url));
const names = ['190M', '370M', '760M', '1B', '3B'].flatMap((s) => ['1xC', '2xC', '5xC', '10xC'].map((l) => `${s}-${l}`));
const N = { '190M': 190354176, '370M': 371262464, '760M': 758220288, '1B': 1279395840, '3B': 3169537280 };
const rs = await load(names.map((n) => DIR + n + '.csv'));
let covered = 0;
let all = 0;
console.log(`| task | held out | actual | predicted | 95% interval | covered | dropped | starts disagreed | seconds |`);
console.log(`|---|---|---|---|---|---|---|---|---|`);
for (const task of PAPER_TASKS) {
  const runs = ladderRuns(rs, task, { N, runs: names });
  const t0 = performance.now();
  const cases = backtestTask(runs, task, { resamples, seed });
  const sec = (performance.now() - t0) / 1000;
  for (const c of cases) {
    all++;
    if (c.covered) covered++;
    console.log(`| ${task.name} | ${c.run} | ${c.actual.toFixed(4)} | ${c.predicted.toFixed(4)} | [${c.lo.toFixed(4)}, ${c.hi.toFixed(4)}] | ${c.covered ? 'yes' : 'no'} | ${c.dropped} | ${c.disagreed} | ${sec.toFixed(1)} |`);
  }
}
console.log(`\ncoverage ${covered}/${all} (${resamples} resamples, seed ${seed})`);
