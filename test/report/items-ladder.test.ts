import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ReportError } from '../../src/errors.js';
import { buildWeeklyReport } from '../../src/report/weekly.js';
import { validateWeeklyConfig } from '../../src/report/weekly-config.js';
import { ladderConfigs } from '../../src/report/items-ladder-config.js';

// Ladder items of the weekly report on test/fixtures/olmo-ladder (two tasks, a small bootstrap).
const BASE = fileURLToPath(new URL('../fixtures/olmo-ladder/', import.meta.url));
const N = { '190M': 190354176, '370M': 371262464, '760M': 758220288, '1B': 1279395840, '3B': 3169537280 };
const LADDER = ['190M', '370M', '760M', '1B'].flatMap((s) => ['1xC', '2xC', '5xC', '10xC'].map((l) => `${s}-${l}`));
const ladder = {
  paths: 'ladder-runs/*xC*.csv', N, runs: LADDER, tasks: ['MMLU', 'OpenBookQA'],
  target: { N: 6887575552, D: 3945065873408, label: '7B', actual: 'ladder-runs/peteish7_eval_anneal.csv' }, bootstrap: 20, seed: 3,
};
const config = (items: unknown[], l: unknown = ladder) => ({ title: 't', date: '2026-12-06', ladders: { olmo: l }, sections: [{ title: 'Ladder', items }] });

describe('ladder config', () => {
  it('defaults: the paper tasks, smoothing 5, skip 0.1, no bootstrap, noise on; paths resolved', () => {
    const c = ladderConfigs({ olmo: { paths: 'x', N: { '1B': 1 }, target: { N: 7e9, D: 4e12 } } }, '/data').olmo!;
    expect(c.tasks.map((t) => t.name)).toEqual(['MMLU', 'HellaSwag', 'PIQA', 'Social IQa', 'ARC-Challenge', 'ARC-Easy', 'CommonsenseQA', 'OpenBookQA']);
    expect([c.smooth, c.skip, c.bootstrap, c.block, c.noise]).toEqual([5, 0.1, 0, 10, true]);
    expect(c.paths).toEqual(['/data/x']);
    const custom = ladderConfigs({ o: { paths: 'x', N: { a: 1 }, target: { N: 1, D: 1 }, tasks: { mine: { loss: 'l', accuracy: ['a'], chance: 0.5 } } } }, '/d').o!;
    expect(custom.tasks).toEqual([{ name: 'mine', loss: ['l'], accuracy: ['a'], chance: 0.5 }]);
  });

  it.each([
    [{ ...ladder, target: { N: 1 } }, /ladders\.olmo\.target: N and D are required/],
    [{ ...ladder, N: { '1B': -1 } }, /ladders\.olmo\.N\.1B: expected a positive parameter count/],
    [{ ...ladder, tasks: ['MMLU', 'Winogrande'] }, /ladders\.olmo\.tasks\[1\]: no paper task named 'Winogrande'/],
    [{ ...ladder, bootstrap: 5 }, /ladders\.olmo\.bootstrap: expected 0 or an integer >= 10/],
    [{ ...ladder, tasks: { t: { loss: ['a', 'b'], accuracy: ['c', 'd'], weights: [1] } } }, /ladders\.olmo\.tasks\.t\.weights: 1 weights for 2 loss/],
    [{ ...ladder, extra: 1 }, /ladders\.olmo\.extra: unknown key/],
  ])('refuses a bad ladder, naming the key (%#)', (l, re) => {
    expect(() => validateWeeklyConfig(config([], l), BASE)).toThrow(ReportError);
    expect(() => validateWeeklyConfig(config([], l), BASE)).toThrow(re);
  });

  it('refuses items naming an unknown ladder or task', () => {
    expect(() => validateWeeklyConfig(config([{ kind: 'ladder-noise', ladder: 'nope' }]), BASE)).toThrow(/sections\[0\]\.items\[0\]\.ladder: no ladder named 'nope' \(ladders: olmo\)/);
    expect(() => validateWeeklyConfig(config([{ kind: 'ladder-steps', ladder: 'olmo', task: 'PIQA' }]), BASE)).toThrow(/task: expected one of the ladder's tasks \(MMLU, OpenBookQA\)/);
  });
});

describe('ladder items in a report', () => {
  it('prediction table (with the actual), steps figures, noise table; seeds and every input file recorded', async () => {
    const cfg = validateWeeklyConfig(config([
      { kind: 'ladder-prediction', ladder: 'olmo' }, { kind: 'ladder-steps', ladder: 'olmo', task: 'MMLU' }, { kind: 'ladder-noise', ladder: 'olmo' },
    ]), BASE);
    const { report } = await buildWeeklyReport(cfg);
    const j = report.toJson() as unknown as { sections: { items: { type: string; id?: string; caption?: string; rows?: Record<string, unknown>[]; text?: string }[] }[]; provenance: { seeds: Record<string, number>; files: { path: string }[] } };
    const items = j.sections[0]!.items;
    expect(items.map((i) => i.type)).toEqual(['table', 'figure', 'markdown', 'figure', 'figure', 'table', 'figure']);
    const pred = items[0]!.rows!;
    expect(pred.map((r) => r.task)).toEqual(['MMLU', 'OpenBookQA']);
    const mmlu = pred[0]!;
    // the paper's setting: MMLU at 0.484 against the 7B's 0.490 (test/ladder/paper.test.ts has the golden)
    expect(mmlu.accuracy as number).toBeCloseTo(0.4838, 3);
    expect(mmlu.actual as number).toBeCloseTo(0.4901, 3);
    expect(mmlu.error as number).toBeCloseTo(100 * ((mmlu.accuracy as number) - (mmlu.actual as number)), 10);
    expect((mmlu.lo as number) < (mmlu.accuracy as number) && (mmlu.accuracy as number) < (mmlu.hi as number)).toBe(true);
    expect(items[0]!.caption).toContain('20 resamples, seed 3');
    expect(items[2]!.text).toContain('83x the largest ladder run');
    const noise = items[5]!.rows!;
    expect(noise.map((r) => [r.task, r.decides])).toEqual([['MMLU', 'yes'], ['OpenBookQA', 'no']]);
    expect(noise[1]!.snr as number).toBeCloseTo(12.44, 2);
    expect(items[5]!.caption).toContain('Rule: decision accuracy at N=1279395840 >= 0.9');
    expect(j.provenance.seeds).toEqual({ 'ladders.olmo.bootstrap': 3 });
    expect(j.provenance.files.map((f) => f.path)).toContain('ladder-runs/peteish7_eval_anneal.csv');
    expect(j.provenance.files).toHaveLength(31);
  }, 120_000);
});
