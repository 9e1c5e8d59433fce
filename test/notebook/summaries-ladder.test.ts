import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { load } from '../../src/load/index.js';
import { ladderRuns, PAPER_TASKS, predictTask, taskNoise, type BacktestCase, type TaskNoise, type TaskPrediction } from '../../src/ladder/index.js';
import { summarize, summarizeLadderBacktest, summarizeLadderNoise, summarizeLadderPrediction } from '../../src/notebook/index.js';

// display() summaries of ladder results on test/fixtures/olmo-ladder.
const DIR = fileURLToPath(new URL('../fixtures/olmo-ladder/ladder-runs/', import.meta.url));
const N: Record<string, number> = { '190M': 190354176, '370M': 371262464, '760M': 758220288, '1B': 1279395840, '3B': 3169537280 };
const LADDER = ['190M', '370M', '760M', '1B'].flatMap((s) => ['1xC', '2xC', '5xC', '10xC'].map((l) => `${s}-${l}`));
const ALL = ['190M', '370M', '760M', '1B', '3B'].flatMap((s) => ['0.5xC', '1xC', '1xC-rerun', '2xC', '5xC', '10xC'].map((l) => `${s}-${l}`));

let p: TaskPrediction;
let noise: TaskNoise[];
beforeAll(async () => {
  const rs = await load(ALL.map((n) => `${DIR}${n}.csv`));
  p = predictTask(ladderRuns(rs, PAPER_TASKS[0]!, { N, runs: LADDER }), PAPER_TASKS[0]!, { N: 6887575552, D: 3945065873408 }, { multiStart: false });
  noise = PAPER_TASKS.map((t) => taskNoise(ladderRuns(rs, t, { N }), t));
}, 60_000);

describe('ladder summaries', () => {
  it('a prediction: both steps, the predicted values, the actual and its error, the extrapolation warning', () => {
    const s = summarizeLadderPrediction(p, { actual: 0.4901 });
    const text = s.summary();
    expect(text).toContain('MMLU: chained prediction at N = 6.888e9, D = 3.945e12');
    expect(text).toMatch(/step 1: log A = [\d.]+, log B = [\d.]+, alpha = [\d.]+, beta = [\d.]+, E = [\d.]+ \(converged; 16 ladder runs\)/);
    expect(text).toMatch(/accuracy\s+0\.4838\s+0\.4901\s+-0\.006/);
    expect(text).toContain('no interval (pass a bootstrapTask result)');
    expect(text).toContain("warning: task \"MMLU\": the target's compute is 83x the largest ladder run's");
    expect(s.toHTML()).toContain('<table');
    expect(summarize(p)?.title).toBe(s.title);
  });

  it('the noise table: one row per task with the verdict, the rule said once', () => {
    const text = summarizeLadderNoise(noise).summary();
    expect(text).toContain('rule: decision accuracy at N=1279395840 >= 0.9 and 1.96 x sqrt(2) x max(seed SD, checkpoint SD) <= 0.01');
    const lines = text.split('\n');
    expect(lines.find((l) => l.startsWith('MMLU'))).toMatch(/10\/10\s+40\/40\s+0\.32\s+yes$/);
    expect(lines.find((l) => l.startsWith('OpenBookQA'))).toMatch(/9\/10\s+39\/40\s+2\.6\s+no$/);
    expect(summarize(noise)?.title).toBe('Which tasks can decide at this scale');
    expect(summarize(noise[0])?.summary()).toContain('MMLU');
  });

  it('backtests: the covered count', () => {
    const cases: BacktestCase[] = [
      { task: 'MMLU', N: 1, run: '1B-10xC', D: 1, actual: 0.31, predicted: 0.3, lo: 0.29, hi: 0.32, covered: true, dropped: 0, disagreed: 0 },
      { task: 'PIQA', N: 1, run: '1B-10xC', D: 1, actual: 0.75, predicted: 0.7, lo: 0.68, hi: 0.72, covered: false, dropped: 2, disagreed: 1 },
    ];
    expect(summarizeLadderBacktest(cases).summary()).toContain('1 of 2 intervals cover');
    expect(summarize(cases)?.title).toBe('Backtests: the largest ladder size held out');
    expect(summarize([])).toBeUndefined();
  });
});
