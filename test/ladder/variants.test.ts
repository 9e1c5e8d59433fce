import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { load } from '../../src/load/index.js';
import type { RunSet } from '../../src/runs/index.js';
import { ladderRuns, PAPER_TASKS, predictTask, predictVariant, withIntermediate } from '../../src/ladder/index.js';

// The paper's variants on the 7B target (ladder 190M-1B x 1xC-10xC, smoothing 5, skip 10%) against scipy in the same
// settings: scripts/ladder-golden.py -> test/golden/ladder-variants.json. The paper publishes variant numbers only
// for another evaluation of the 7B (its figures' "Actual" differ from this fixture's), so scipy is the reference.
const DIR = fileURLToPath(new URL('../fixtures/olmo-ladder/ladder-runs/', import.meta.url));
const LADDER = ['190M', '370M', '760M', '1B'].flatMap((s) => ['1xC', '2xC', '5xC', '10xC'].map((l) => `${s}-${l}`));
const N: Record<string, number> = { '190M': 190354176, '370M': 371262464, '760M': 758220288, '1B': 1279395840 };
const TARGET = { N: 6887575552, D: 3945065873408 };
interface Chain { step1: number[]; step2: number[]; loss: number; accuracy: number; objective: number }
const GOLD = JSON.parse(readFileSync(new URL('../golden/ladder-variants.json', import.meta.url), 'utf8')) as {
  tasks: Record<string, { c4: Chain; task_ce: Chain; compute: { step1: number[]; objective: number; loss: number; accuracy: number }; single_step: { params: number[]; objective: number; accuracy: number } }>;
};
let rs: RunSet;
beforeAll(async () => {
  rs = await load(LADDER.map((n) => `${DIR}${n}.csv`));
}, 60_000);

const NAMES = PAPER_TASKS.map((t) => t.name);

describe('ladder variants against scipy (the paper\'s settings)', () => {
  it.each(NAMES)('%s: C4 loss and the task cross-entropy as the intermediate', (name) => {
    const base = PAPER_TASKS.find((t) => t.name === name)!;
    for (const [kind, key] of [['c4', 'c4'], ['task-ce', 'task_ce']] as const) {
      const task = withIntermediate(base, kind);
      const p = predictTask(ladderRuns(rs, task, { N, runs: LADDER }), task, TARGET, { multiStart: false });
      const g = GOLD.tasks[name]![key];
      expect(p.step1.converged).toBe(true);
      // the same optimum
      expect(Math.abs(p.step1.objective / g.objective - 1)).toBeLessThan(1e-6);
      p.step1.params.forEach((v, i) => expect(v).toBeCloseTo(g.step1[i]!, 1));
      // step 2 to 0.2% (OpenBookQA's C4 slope k: 7.442 here, 7.451 in scipy's curve_fit, same accuracy to 1e-4)
      p.step2.params.forEach((v, i) => expect(Math.abs(v - g.step2[i]!)).toBeLessThan(2e-3 * Math.max(1, Math.abs(g.step2[i]!))));
      expect(p.loss).toBeCloseTo(g.loss, 4);
      expect(Math.abs(p.accuracy - g.accuracy)).toBeLessThan(1e-4);
    }
  });

  it.each(NAMES)('%s: step 1 on compute C = 6ND, chained', (name) => {
    const task = PAPER_TASKS.find((t) => t.name === name)!;
    const p = predictVariant(ladderRuns(rs, task, { N, runs: LADDER }), task, TARGET, { compute: 'C' });
    const g = GOLD.tasks[name]!.compute;
    expect(p.fit.converged).toBe(true);
    expect(p.fit.paramNames).toEqual(['log A', 'alpha', 'E']);
    expect(p.fit.objective).toBeLessThanOrEqual(g.objective * (1 + 1e-6));
    if (name === 'HellaSwag') {
      // scipy's L-BFGS-B stops at an objective 8x higher (6.1e-4 against 7.8e-5) and predicts 0.59; ours 0.81
      expect(p.fit.objective).toBeLessThan(g.objective / 5);
      expect(g.accuracy).toBeCloseTo(0.5917, 4);
      expect(p.accuracy).toBeCloseTo(0.8064, 4);
      return;
    }
    p.fit.params.forEach((v, i) => expect(v).toBeCloseTo(g.step1[i]!, 3));
    expect(p.loss!).toBeCloseTo(g.loss, 4);
    expect(p.accuracy).toBeCloseTo(g.accuracy, 4);
  });

  it.each(NAMES)('%s: single step, accuracy directly from (N, D)', (name) => {
    const task = PAPER_TASKS.find((t) => t.name === name)!;
    const p = predictVariant(ladderRuns(rs, task, { N, runs: LADDER }), task, TARGET, { singleStep: true });
    const g = GOLD.tasks[name]!.single_step;
    expect(p.fit.converged).toBe(true);
    expect(p.fit.objective).toBeLessThanOrEqual(g.objective * (1 + 1e-6));
    if (name === 'CommonsenseQA') {
      // scipy from the paper's start stops at 8.6e-4; the best of our starts reaches 2.0e-4 (accuracy 0.710, not 0.690)
      expect(p.fit.objective).toBeLessThan(g.objective / 4);
      expect(p.accuracy).toBeCloseTo(0.70996, 4);
      return;
    }
    if (name === 'OpenBookQA') {
      // a valley along which E runs off (E = -14 in scipy, -69 here) at an objective 4e-4 lower; accuracy within 0.001
      expect(p.fit.objective).toBeLessThan(g.objective);
      expect(Math.abs(p.accuracy - g.accuracy)).toBeLessThan(1e-3);
      return;
    }
    expect(p.fit.objective / g.objective - 1).toBeGreaterThan(-1e-6);
    expect(p.accuracy).toBeCloseTo(g.accuracy, 4);
  }, 120_000);

  it('the task cross-entropy columns are the negated soft_log counterparts of the accuracy columns; others are refused', () => {
    const t = withIntermediate(PAPER_TASKS[0]!, 'task-ce');
    expect(t.loss[0]).toBe('eval/downstream_soft_log/mmlu_stem_test_rc_5shot_soft_log');
    expect(t.negateLoss).toBe(true);
    const [run] = ladderRuns(rs, t, { N, runs: ['1B-10xC'] });
    expect(run!.loss.every((v) => v > 0)).toBe(true);
    expect(() => withIntermediate({ name: 'x', loss: ['a'], accuracy: ['b'] }, 'task-ce')).toThrow(InputError);
    expect(withIntermediate(PAPER_TASKS[0]!, 'c4').loss).toEqual(['eval/c4_en-validation/CrossEntropyLoss']);
  });
});
