import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { load } from '../../src/load/index.js';
import { ladderRuns, PAPER_TASKS, predictTask, taskNoise } from '../../src/ladder/index.js';
import {
  ladderNoiseFigure, ladderNoiseRowOf, ladderPredictionsFigure, ladderStep1Figure, ladderStep1InputOf, ladderStep2Figure, ladderStep2InputOf,
} from '../../src/plot/index.js';

// Ladder figures drawn from test/fixtures/olmo-ladder (MMLU's two steps for the 7B target, the noise of the 8 tasks)
// and, for the predictions figure, a small hand-written input (intervals are the bootstrap's, which other tests own).
const SNAP = fileURLToPath(new URL('./__snapshots__/', import.meta.url));
const UPDATE = process.env.SCALELAB_UPDATE_SNAPSHOTS === '1';
const DIR = fileURLToPath(new URL('../fixtures/olmo-ladder/ladder-runs/', import.meta.url));
const N: Record<string, number> = { '190M': 190354176, '370M': 371262464, '760M': 758220288, '1B': 1279395840, '3B': 3169537280, peteish7_eval_anneal: 6887575552 };
const LADDER = ['190M', '370M', '760M', '1B'].flatMap((s) => ['1xC', '2xC', '5xC', '10xC'].map((l) => `${s}-${l}`));
const ALL = ['190M', '370M', '760M', '1B', '3B'].flatMap((s) => ['0.5xC', '1xC', '1xC-rerun', '2xC', '5xC', '10xC'].map((l) => `${s}-${l}`));
const TARGET = { N: 6887575552, D: 3945065873408 };

const figures: Record<string, string> = {};
beforeAll(async () => {
  const rs = await load(ALL.map((n) => `${DIR}${n}.csv`));
  const target = await load(`${DIR}peteish7_eval_anneal.csv`, { stepColumn: 'throughput/total_tokens' });
  const mmlu = PAPER_TASKS[0]!;
  const runs = ladderRuns(rs, mmlu, { N, runs: LADDER });
  const p = predictTask(runs, mmlu, TARGET, { multiStart: false });
  const [t] = ladderRuns(target, mmlu, { N, tokens: 'step' });
  const actual = { loss: t!.loss[0]!, accuracy: t!.accuracy[0]! };
  figures['ladder-step1'] = ladderStep1Figure(ladderStep1InputOf(p, undefined, actual), { id: 'ladder-step1' });
  figures['ladder-step2'] = ladderStep2Figure(ladderStep2InputOf(runs, mmlu, p, undefined, actual), { id: 'ladder-step2' });
  figures['ladder-predictions'] = ladderPredictionsFigure({
    rows: [
      { task: 'MMLU', predicted: 0.484, lo: 0.47, hi: 0.5, actual: 0.49, chance: 0.25 },
      { task: 'ARC-Easy', predicted: 0.74, lo: 0.72, hi: 0.77, actual: 0.84, chance: 0.25 },
      { task: 'unknown target', predicted: 0.6, chance: 0.5 },
    ],
    interval: { level: 0.95, method: 'percentile', resamples: 100 },
    target: '7B, 3.9T tokens',
  }, { id: 'ladder-predictions' });
  const rows = PAPER_TASKS.map((task) => ladderNoiseRowOf(taskNoise(ladderRuns(rs, task, { N }), task)));
  figures['ladder-noise'] = ladderNoiseFigure({ rows, scale: '1.3B against 3.2B' }, { id: 'ladder-noise' });
  if (UPDATE) {
    mkdirSync(SNAP, { recursive: true });
    for (const [k, v] of Object.entries(figures)) writeFileSync(`${SNAP}${k}.svg`, v);
  }
}, 60_000);

describe('ladder figures', () => {
  it.each(['ladder-step1', 'ladder-step2', 'ladder-predictions', 'ladder-noise'])('%s equals its committed snapshot', (name) => {
    expect(existsSync(`${SNAP}${name}.svg`), `missing snapshot ${name}.svg (run with SCALELAB_UPDATE_SNAPSHOTS=1)`).toBe(true);
    expect(figures[name]).toBe(readFileSync(`${SNAP}${name}.svg`, 'utf8'));
  });

  it('say what they show: the target marked, chance and ceiling, the actual outside its interval, which tasks decide', () => {
    expect(figures['ladder-step1']).toContain('6.89B target: 0.78');
    expect(figures['ladder-step1']).toContain('training compute C = 6ND (FLOPs)');
    expect(figures['ladder-step2']).toContain('chance 0.25');
    expect(figures['ladder-step2']).toContain('ceiling 1');
    expect(figures['ladder-step2']).toMatch(/predicted 0\.48\d/);
    expect(figures['ladder-predictions']).toContain('0.74 [0.72, 0.77] · actual 0.84 (outside)');
    expect(figures['ladder-predictions']).toContain('95% percentile');
    expect(figures['ladder-noise']).toContain('10/10 agree · needs 0.32 pt · decides');
    expect(figures['ladder-noise']).toContain('signal-to-noise ratio (1.3B against 3.2B)');
    for (const svg of Object.values(figures)) expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" id="ladder-')).toBe(true);
  });

  it('bad input: typed errors naming the item', () => {
    expect(() => ladderStep1Figure({ task: 'x', points: [], params: [3, 6, 0.1, 0.2, 1], target: { N: 1e9, D: 1e10 } })).toThrow(InputError);
    expect(() => ladderStep1Figure({ task: 'x', points: [{ N: 1e8, D: 2e9, loss: 1 }], params: [3, 6], target: { N: 1e9, D: 1e10 } })).toThrow(/params must be/);
    expect(() => ladderStep1Figure({ task: 'x', points: [{ N: -1, D: 2e9, loss: 1 }], params: [3, 6, 0.1, 0.2, 1], target: { N: 1e9, D: 1e10 } })).toThrow(/points\[0\]\.N/);
    expect(() => ladderStep2Figure({ task: 'x', chance: 0.25, ceiling: 1, points: [{ N: 1, loss: NaN, accuracy: 0.3 }], params: [-0.75, 0.9, 3, 1] })).toThrow(/points\[0\]\.loss/);
    expect(() => ladderPredictionsFigure({ rows: [{ task: 'a', predicted: 0.5, lo: 0.4 }] })).toThrow(/rows\[0\] \(a\)\.hi/);
    expect(() => ladderPredictionsFigure({ rows: [{ task: 'a', predicted: 0.5 }, { task: 'a', predicted: 0.6 }] })).toThrow(/duplicate/);
    expect(() => ladderNoiseFigure({ rows: [{ task: 'a', snr: 0, agree: 1, pairs: 1, minDifference: 0.01, decides: false }] })).toThrow(/snr/);
  });
});
