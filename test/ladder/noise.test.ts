import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { load } from '../../src/load/index.js';
import type { RunSet } from '../../src/runs/index.js';
import { decisionAgreement, ladderRuns, PAPER_TASKS, signalToNoise, taskNoise, type LadderRun, type TaskNoise } from '../../src/ladder/index.js';
import { InputError } from '../../src/errors.js';

// The 30 runs of test/fixtures/olmo-ladder (190M-3B x 0.5xC-10xC and the 1xC reruns); golden numbers from
// scripts/ladder-noise-golden.py (numpy/pandas on the CSVs) -> test/golden/ladder-noise.json.
const DIR = fileURLToPath(new URL('../fixtures/olmo-ladder/ladder-runs/', import.meta.url));
const SIZES = ['190M', '370M', '760M', '1B', '3B'];
const FILES = SIZES.flatMap((s) => ['0.5xC', '1xC', '1xC-rerun', '2xC', '5xC', '10xC'].map((l) => `${DIR}${s}-${l}.csv`));
const N: Record<string, number> = { '190M': 190354176, '370M': 371262464, '760M': 758220288, '1B': 1279395840, '3B': 3169537280 };

interface Gold {
  reference: string; signal_runs: string[]; target_N: number;
  checkpoint_loss_sd: number; checkpoint_accuracy_sd: number; seed_loss_sd: number; seed_accuracy_sd: number; seed_groups: number;
  snr_accuracy: { signal: number; noise: number; snr: number }; snr_loss: { signal: number; noise: number; snr: number };
  decision: { N: number; pairs: number; agree: number; accuracy: number; loss_agree: number }[];
  min_difference: number; decides: boolean;
}
const GOLD = JSON.parse(readFileSync(new URL('../golden/ladder-noise.json', import.meta.url), 'utf8')) as { tasks: Record<string, Gold> };

let rs: RunSet;
const table = new Map<string, TaskNoise>();
const runsOf = new Map<string, LadderRun[]>();
beforeAll(async () => {
  rs = await load(FILES);
  for (const task of PAPER_TASKS) {
    const runs = ladderRuns(rs, task, { N });
    runsOf.set(task.name, runs);
    table.set(task.name, taskNoise(runs, task));
  }
}, 60_000);

describe('taskNoise on the OLMo ladder (against numpy/pandas)', () => {
  it.each(PAPER_TASKS.map((t) => t.name))('%s: checkpoint SD, seed SD, SNR, decision accuracy and the verdict', (name) => {
    const t = table.get(name)!;
    const g = GOLD.tasks[name]!;
    expect(t.reference).toBe(g.reference);
    expect(t.reference).toBe('1B-10xC');
    expect(t.signalRuns).toEqual(g.signal_runs);
    expect(t.targetN).toBe(g.target_N);
    expect(t.checkpoint.lossSd).toBeCloseTo(g.checkpoint_loss_sd, 12);
    expect(t.checkpoint.accuracySd).toBeCloseTo(g.checkpoint_accuracy_sd, 12);
    expect(t.seed!.groups).toBe(5);
    expect(t.seed!.dof).toBe(5);
    expect(t.seed!.accuracySd).toBeCloseTo(g.seed_accuracy_sd, 12);
    expect(t.seed!.lossSd).toBeCloseTo(g.seed_loss_sd, 12);
    for (const [mine, theirs] of [[t.snrAccuracy, g.snr_accuracy], [t.snrLoss, g.snr_loss]] as const) {
      expect(mine.signal).toBeCloseTo(theirs.signal, 10);
      expect(mine.noise).toBeCloseTo(theirs.noise, 10);
      expect(mine.snr / theirs.snr).toBeCloseTo(1, 10);
    }
    expect(t.decision.map((d) => [d.N, d.pairs, d.agree, d.lossAgree])).toEqual(g.decision.map((d) => [d.N, d.pairs, d.agree, d.loss_agree]));
    expect(t.minDifference).toBeCloseTo(g.min_difference, 12);
    expect(t.decides).toBe(g.decides);
  });

  it('the table: MMLU and HellaSwag resolve a 1-point difference at 1B, the other six do not', () => {
    expect(PAPER_TASKS.filter((t) => table.get(t.name)!.decides).map((t) => t.name)).toEqual(['MMLU', 'HellaSwag']);
    // OpenBookQA: the lowest SNR (12.4) and the largest difference needed (2.6 points)
    const obqa = table.get('OpenBookQA')!;
    expect(obqa.snrAccuracy.snr).toBeGreaterThan(12.3);
    expect(obqa.snrAccuracy.snr).toBeLessThan(12.5);
    expect(Math.min(...[...table.values()].map((t) => t.snrAccuracy.snr))).toBe(obqa.snrAccuracy.snr);
    expect(obqa.minDifference).toBeGreaterThan(0.026);
    expect(table.get('MMLU')!.rule).toBe('decision accuracy at N=1279395840 >= 0.9 and 1.96 x sqrt(2) x max(seed SD, checkpoint SD) <= 0.01');
  });

  it('the thresholds are options: a 3-point resolution lets all 8 tasks decide', () => {
    for (const task of PAPER_TASKS) expect(taskNoise(runsOf.get(task.name)!, task, { resolution: 0.03 }).decides).toBe(true);
  });

  it('the order of the runs changes nothing (the rerun is never the configuration\'s run)', () => {
    const task = PAPER_TASKS[6]!;
    const a = taskNoise([...runsOf.get(task.name)!].reverse(), task);
    expect(a).toEqual(table.get(task.name));
  });
});

describe('without reruns', () => {
  it('no seed SD (null, said), the smallest difference from the checkpoint SD alone', () => {
    const task = PAPER_TASKS[7]!;
    const t = taskNoise(runsOf.get(task.name)!.filter((r) => !r.name.endsWith('-rerun')), task);
    expect(t.seed).toBeNull();
    expect(t.minDifference).toBeCloseTo(1.96 * Math.SQRT2 * GOLD.tasks[task.name]!.checkpoint_accuracy_sd, 12);
    expect(t.snrAccuracy).toEqual(table.get(task.name)!.snrAccuracy);
  });
});

describe('signalToNoise and decisionAgreement', () => {
  it('follow Heineman et al.\'s formulas on small numbers', () => {
    const s = signalToNoise([0.3, 0.4, 0.5], [0.49, 0.5, 0.51]);
    expect(s.signal).toBeCloseTo(0.5, 15);
    expect(s.noise).toBeCloseTo(Math.sqrt(2 / 3) * 0.01 / 0.5, 15);
    expect(decisionAgreement([1, 2, 3], [1, 3, 2])).toEqual({ pairs: 3, agree: 2 });
    // ties: numpy's strict '>' on both sides counts (1 = 1) against (1 < 2) as agreeing
    expect(decisionAgreement([1, 1], [1, 2])).toEqual({ pairs: 1, agree: 1 });
  });
});

describe('bad input', () => {
  it('too few sizes, no shared recipe, mismatched candidates: InputError', () => {
    const task = PAPER_TASKS[0]!;
    const runs = runsOf.get('MMLU')!;
    expect(() => taskNoise(runs.filter((r) => r.N >= N['1B']!), task)).toThrow(InputError);
    // 370M keeps only its 0.5xC run: one recipe shared with the 3B, no pair to order
    expect(() => taskNoise(runs.filter((r) => r.N >= N['370M']! && (r.N !== N['370M'] || r.name === '370M-0.5xC')), task)).toThrow(/fewer than 2 tokens-per-parameter/);
    expect(() => decisionAgreement([1, 2], [1])).toThrow(InputError);
    expect(() => signalToNoise([1], [1, 2])).toThrow(InputError);
  });
});
