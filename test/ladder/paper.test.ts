import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { load } from '../../src/load/index.js';
import type { RunSet } from '../../src/runs/index.js';
import { checkpointNoise, ladderRuns, PAPER_TASKS, predictTask, type TaskPrediction } from '../../src/ladder/index.js';

// Bhagia et al. 2024 (github.com/allenai/OLMo-ladder, test/fixtures/olmo-ladder): the 7B target predicted from the
// ladder 190M-1B x 1xC-10xC, smoothing 5, skip 10%. Goldens: scripts/ladder-golden.py (scipy L-BFGS-B and
// curve_fit in the paper's settings) -> test/golden/ladder-7b.json; published numbers: published_variance.csv.
const DIR = fileURLToPath(new URL('../fixtures/olmo-ladder/', import.meta.url));
const SIZES = ['190M', '370M', '760M', '1B'];
const LADDER = SIZES.flatMap((s) => ['1xC', '2xC', '5xC', '10xC'].map((l) => `${s}-${l}`));
const N: Record<string, number> = { '190M': 190354176, '370M': 371262464, '760M': 758220288, '1B': 1279395840, peteish7_eval_anneal: 6887575552 };
const TARGET = { N: 6887575552, D: 3945065873408 };

interface GoldenTask {
  step1: { params: number[]; objective: number };
  step1_multistart: { objective: number };
  step2: { params: number[]; n_points: number };
  loss: number;
  accuracy: number;
  actual_accuracy: number;
  loss_sd: number;
  accuracy_sd: number;
}
const GOLD = JSON.parse(readFileSync(new URL('../golden/ladder-7b.json', import.meta.url), 'utf8')) as { tasks: Record<string, GoldenTask> };

const published = new Map<string, Record<string, number>>();
{
  const [head, ...lines] = readFileSync(DIR + 'published_variance.csv', 'utf8').trim().split('\n');
  const cols = head!.split(',');
  for (const line of lines) {
    const f = line.split(',');
    published.set(f[0]!, Object.fromEntries(cols.slice(1).map((c, i) => [c, Number(f[i + 1])])));
  }
}

let rs: RunSet;
let target: RunSet;
const preds = new Map<string, TaskPrediction>();
beforeAll(async () => {
  rs = await load(LADDER.map((n) => `${DIR}ladder-runs/${n}.csv`));
  // the 7B's final evaluation is one row without a step column: its step is the token count
  target = await load(`${DIR}ladder-runs/peteish7_eval_anneal.csv`, { stepColumn: 'throughput/total_tokens' });
  for (const task of PAPER_TASKS) {
    const runs = ladderRuns(rs, task, { N, runs: LADDER });
    preds.set(task.name, predictTask(runs, task, TARGET, { multiStart: task.name === 'MMLU' || task.name === 'CommonsenseQA' }));
  }
}, 60_000);

const actual = (name: string): number => {
  const [run] = ladderRuns(target, PAPER_TASKS.find((t) => t.name === name)!, { N, tokens: 'step' });
  expect(run!.D[0]).toBe(TARGET.D);
  return run!.accuracy[0]!;
};

describe('the 7B target from the paper ladder (Bhagia et al. 2024)', () => {
  it.each(PAPER_TASKS.map((t) => t.name))('%s: both steps reach scipy\'s optimum in the paper\'s setting', (name) => {
    const p = preds.get(name)!;
    const g = GOLD.tasks[name]!;
    expect(p.step1.converged).toBe(true);
    expect(p.step1.points).toHaveLength(16);
    p.step1.params.forEach((v, i) => expect(v).toBeCloseTo(g.step1.params[i]!, 3));
    expect(p.step1.objective).toBeLessThanOrEqual(g.step1.objective * (1 + 1e-9));
    expect(p.step2.converged).toBe(true);
    expect(p.step2.n).toBe(g.step2.n_points);
    p.step2.params.forEach((v, i) => expect(v).toBeCloseTo(g.step2.params[i]!, 3));
    expect(p.loss).toBeCloseTo(g.loss, 5);
    expect(p.accuracy).toBeCloseTo(g.accuracy, 5);
    // 7B x 3.9T tokens against 1.3B x 256B tokens: N x D is ~83x the largest ladder run's, and it says so
    expect(p.extrapolation).toBeCloseTo((6887575552 * 3945065873408) / Math.max(...p.step1.points.map((q) => q.N * q.D)), 6);
    expect(p.extrapolation).toBeGreaterThan(82);
    expect(p.extrapolation).toBeLessThan(84);
    expect(p.warnings.some((w) => /compute is 83x the largest ladder run/.test(w))).toBe(true);
  });

  it.each(['MMLU', 'HellaSwag', 'PIQA', 'Social IQa'])('%s: chained accuracy within 2 points of the 7B, relative error as published', (name) => {
    const p = preds.get(name)!;
    const y = actual(name);
    expect(y).toBeCloseTo(GOLD.tasks[name]!.actual_accuracy, 10);
    expect(Math.abs(p.accuracy - y)).toBeLessThan(0.02);
    // the published column is |pred - actual| / actual
    const rel = Math.abs(p.accuracy - y) / y;
    expect(Math.abs(rel - published.get(name)!['7B Stacked Rel Error']!)).toBeLessThan(0.02);
    expect(rel).toBeCloseTo(published.get(name)!['7B Stacked Rel Error']!, 4);
  });

  it('the four noisy tasks miss by more, as the paper reports (6.9 points on average)', () => {
    const miss = ['ARC-Challenge', 'ARC-Easy', 'CommonsenseQA', 'OpenBookQA'].map((n) => Math.abs(preds.get(n)!.accuracy - actual(n)));
    const mean = miss.reduce((a, b) => a + b, 0) / miss.length;
    expect(mean).toBeGreaterThan(0.06);
    expect(mean).toBeLessThan(0.08);
    for (const n of ['ARC-Challenge', 'ARC-Easy', 'CommonsenseQA', 'OpenBookQA']) {
      const rel = Math.abs(preds.get(n)!.accuracy - actual(n)) / actual(n);
      expect(rel).toBeCloseTo(published.get(n)!['7B Stacked Rel Error']!, 4);
    }
  });

  it('says which optimum step 1 reached: no start of the 288 finds a lower objective, the prediction does not move', () => {
    for (const name of ['MMLU', 'CommonsenseQA']) {
      const o = preds.get(name)!.optimum!;
      expect(o.starts).toBe(288);
      expect(o.converged).toBeGreaterThan(200);
      expect(o.lowerFound).toBe(false);
      expect(o.bestObjective).toBeCloseTo(GOLD.tasks[name]!.step1_multistart.objective, 12);
      expect(Math.abs(o.accuracyShift)).toBeLessThan(1e-4);
      expect(o.accuracyRange[1] - o.accuracyRange[0]).toBeLessThan(1e-3);
    }
    // CommonsenseQA's E ends on its bound (E >= 0), as in scipy
    expect(preds.get('CommonsenseQA')!.step1.atBound).toEqual(['E']);
  });

  it.each(PAPER_TASKS.map((t) => t.name))('%s: loss and accuracy SD over the last 10 checkpoints of 1B-10xC as published (2 s.f.)', (name) => {
    const task = PAPER_TASKS.find((t) => t.name === name)!;
    const [run] = ladderRuns(rs, task, { N, runs: ['1B-10xC'] });
    const noise = checkpointNoise(run!, 10);
    const pub = published.get(name)!;
    expect(noise.lossSd.toPrecision(2)).toBe(pub['Loss SD']!.toPrecision(2));
    expect(noise.accuracySd.toPrecision(2)).toBe(pub['Accuracy SD']!.toPrecision(2));
    expect(noise.lossCv).toBeCloseTo(pub['Loss Rel SD (CV)']!, 6);
  });
});
