import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { load } from '../../src/load/index.js';
import { blockCounts, bootstrapTask, bootstrapTasks, checkpointNoise, describeLadderInterval, ladderRuns, PAPER_TASKS, type LadderRun } from '../../src/ladder/index.js';
import { createRng } from '../../src/stats/random.js';

const DIR = fileURLToPath(new URL('../fixtures/olmo-ladder/ladder-runs/', import.meta.url));
const LADDER = ['190M', '370M', '760M', '1B'].flatMap((s) => ['1xC', '2xC', '5xC', '10xC'].map((l) => `${s}-${l}`));
const N = { '190M': 190354176, '370M': 371262464, '760M': 758220288, '1B': 1279395840 };
const TARGET = { N: 6887575552, D: 3945065873408 };
let runs: LadderRun[];
beforeAll(async () => {
  const rs = await load(LADDER.map((n) => `${DIR}${n}.csv`));
  runs = ladderRuns(rs, PAPER_TASKS[0]!, { N, runs: LADDER });
}, 30_000);

describe('ladder bootstrap (runs for step 1, checkpoint blocks for step 2)', () => {
  it('block counts resample n points in blocks and sum to n', () => {
    const r = createRng(3);
    for (const [n, b] of [[25, 10], [7, 10], [100, 1]] as const) {
      const w = blockCounts(n, b, r);
      expect(w.reduce((a, v) => a + v, 0)).toBe(n);
    }
    // with block 10 the drawn points come in runs of consecutive checkpoints
    const w = blockCounts(30, 10, createRng(5));
    const chosen = [...w].map((v, i) => (v > 0 ? i : -1)).filter((i) => i >= 0);
    expect(chosen.length).toBeGreaterThanOrEqual(10);
  });

  it('MMLU at the 7B: a seeded, reproducible interval around the paper-setting estimate that covers the actual 0.490', () => {
    const opt = { resamples: 60, seed: 7, targetAccuracySd: checkpointNoise(runs.at(-1)!, 10).accuracySd };
    const a = bootstrapTask(runs, PAPER_TASKS[0]!, TARGET, opt);
    const b = bootstrapTask(runs, PAPER_TASKS[0]!, TARGET, opt);
    expect([...a.accuracyDraws]).toEqual([...b.accuracyDraws]);
    expect(a.estimate.accuracy).toBeCloseTo(0.48381, 5);
    expect(a.estimate.loss).toBeCloseTo(0.78694, 5);
    expect(a.accuracy.lo).toBeLessThan(a.estimate.accuracy);
    expect(a.accuracy.hi).toBeGreaterThan(a.estimate.accuracy);
    expect(a.loss.lo).toBeLessThan(a.estimate.loss);
    expect(a.loss.hi).toBeGreaterThan(a.estimate.loss);
    expect(a.accuracy.lo).toBeLessThan(0.4901);
    expect(a.accuracy.hi).toBeGreaterThan(0.4901);
    expect(a.accuracy.method).toBe('percentile');
    expect(a.accuracy.level).toBe(0.95);
    expect(a.accuracyDraws.length + a.dropped).toBe(60);
    expect(a.accuracy.dropped).toBe(a.dropped);
    // every refit converged: nothing dropped, and the drops by reason add up
    expect(a.dropped).toBe(0);
    expect(a.drops.degenerate + a.drops.step1 + a.drops.step2).toBe(a.dropped);
    expect(a.droppedShare).toBe(0);
    // two step-1 starts per resample (the paper's and the full-data optimum)
    expect(a.starts.perResample).toBe(2);
    // the label carries the backtests' measured coverage
    expect(a.accuracy.coverage).toBe(1);
    expect(describeLadderInterval(a.accuracy)).toMatch(/measured coverage 100% on ladder backtests, 16 of 16 .*Wilson 95% lower bound 0\.81/);
    // a different seed gives different draws
    const c = bootstrapTask(runs, PAPER_TASKS[0]!, TARGET, { ...opt, seed: 8 });
    expect([...c.accuracyDraws]).not.toEqual([...a.accuracyDraws]);
  }, 60_000);
});

describe('ladder bootstrap on worker threads', () => {
  it('gives the same draws as in this thread, whatever the number of workers and the chunk size', async () => {
    const opt = { resamples: 40, seed: 3 };
    const one = bootstrapTask(runs, PAPER_TASKS[0]!, TARGET, opt);
    const [two] = await bootstrapTasks([{ runs, task: PAPER_TASKS[0]!, target: TARGET, options: opt }], { workers: 2, chunk: 15 });
    expect([...two!.accuracyDraws]).toEqual([...one.accuracyDraws]);
    expect([...two!.lossDraws]).toEqual([...one.lossDraws]);
    expect(two!.starts).toEqual(one.starts);
    expect(two!.accuracy).toEqual(one.accuracy);
  }, 60_000);
});
