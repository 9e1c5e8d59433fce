import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { load } from '../../src/load/index.js';
import { backtestTask, ladderRuns, PAPER_TASKS, predictTask } from '../../src/ladder/index.js';

const DIR = fileURLToPath(new URL('../fixtures/olmo-ladder/ladder-runs/', import.meta.url));
const NAMES = ['190M', '370M', '760M', '1B', '3B'].flatMap((s) => ['1xC', '2xC', '5xC', '10xC'].map((l) => `${s}-${l}`));
const N = { '190M': 190354176, '370M': 371262464, '760M': 758220288, '1B': 1279395840, '3B': 3169537280 };

describe('ladder backtest (hold out the largest sizes)', () => {
  it('MMLU: predicts 1B-10xC from 190M-760M and 3B-10xC from 190M-1B, as a direct fit on those runs does', async () => {
    const rs = await load(NAMES.map((n) => `${DIR}${n}.csv`));
    const task = PAPER_TASKS[0]!;
    const runs = ladderRuns(rs, task, { N, runs: NAMES });
    const cases = backtestTask(runs, task, { resamples: 30, seed: 2 });
    expect(cases.map((c) => c.run)).toEqual(['1B-10xC', '3B-10xC']);
    for (const c of cases) {
      const train = runs.filter((r) => r.N < c.N);
      const direct = predictTask(train, task, { N: c.N, D: c.D }, { multiStart: false });
      expect(c.predicted).toBeCloseTo(direct.accuracy, 12);
      const test = runs.find((r) => r.name === c.run)!;
      expect(c.actual).toBe(test.accuracy[test.accuracy.length - 1]);
      expect(c.covered).toBe(c.actual >= c.lo && c.actual <= c.hi);
      expect(c.lo).toBeLessThan(c.hi);
    }
    // the fits are 12 and 16 runs; MMLU at 1B-10xC: actual 0.3601, chained 0.356 (within half a point)
    expect(Math.abs(cases[0]!.predicted - cases[0]!.actual)).toBeLessThan(0.005);
  }, 60_000);
});
