import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readLadderSpec } from '../../src/cli/ladder.js';

const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const cli = (...args: string[]) => spawnSync(TSX, ['src/cli/main.ts', 'ladder', ...args], { encoding: 'utf8' });
const RUNS = fileURLToPath(new URL('../fixtures/olmo-ladder/ladder-runs/', import.meta.url));
const SIZES: Record<string, number> = { '190M': 190354176, '370M': 371262464, '760M': 758220288, '1B': 1279395840 };
const NAMES = Object.keys(SIZES).flatMap((s) => ['1xC', '2xC', '5xC', '10xC'].map((l) => `${s}-${l}`));
const TARGET = { N: 6887575552, D: 3945065873408 };
const dir = mkdtempSync(join(tmpdir(), 'scalelab-ladder-'));
const write = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
// the paper's ladder as a list of runs, paths relative to the spec file, two tasks (MMLU's four categories weighted)
const MM = ['stem', 'humanities', 'social_sciences', 'other'];
const yamlSpec = [
  'runs:',
  ...NAMES.map((n) => `  - {path: '${relative(dir, RUNS + n + '.csv')}', N: ${SIZES[n.split('-')[0]!]}}`),
  'tasks:',
  '  MMLU:',
  `    loss: [${MM.map((c) => `eval/downstream_bpb/mmlu_${c}_test_rc_5shot_bpb`).join(', ')}]`,
  `    accuracy: [${MM.map((c) => `eval/downstream/mmlu_${c}_test_rc_5shot_len_norm`).join(', ')}]`,
  '    weights: [0.215, 0.335, 0.219, 0.231]',
  '    chance: 0.25',
  '  PIQA: {loss: [eval/downstream_bpb/piqa_val_rc_5shot_bpb], accuracy: [eval/downstream/piqa_val_rc_5shot_len_norm], chance: 0.5}',
  `target: {N: ${TARGET.N}, D: ${TARGET.D}}`,
  'smooth: 5',
  'skip: 0.1',
].join('\n');

describe('scalelab ladder', () => {
  it('--json has the issue shape, the paper-setting numbers, labelled intervals, drops and the optimum', () => {
    const r = cli(write('ladder.yaml', yamlSpec), '--bootstrap', '20', '--seed', '1', '--workers', '1', '--json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['target', 'tasks', 'warnings']);
    expect(out.target).toEqual(TARGET);
    expect(out.tasks.map((t: { name: string }) => t.name)).toEqual(['MMLU', 'PIQA']);
    const mmlu = out.tasks[0];
    expect(Object.keys(mmlu)).toEqual(['name', 'step1', 'step2', 'prediction', 'noise']);
    expect(mmlu.step1.converged).toBe(true);
    expect(mmlu.step1.params).toHaveLength(5);
    expect(mmlu.step2.converged).toBe(true);
    expect(mmlu.step2.params).toHaveLength(4);
    // the paper-setting prediction (test/ladder/paper.test.ts: scipy's 0.48381)
    expect(mmlu.prediction.accuracy).toBeCloseTo(0.48381, 5);
    expect(mmlu.prediction.loss).toBeCloseTo(0.78694, 5);
    const [lo, hi] = mmlu.prediction.accuracy_ci;
    expect(lo).toBeLessThan(mmlu.prediction.accuracy);
    expect(hi).toBeGreaterThan(mmlu.prediction.accuracy);
    expect(mmlu.prediction.loss_ci).toHaveLength(2);
    expect(mmlu.prediction.accuracy_ci_method).toMatchObject({ level: 0.95, method: 'percentile', resamples: 20, seed: 1, dropped: 0, coverage: 1 });
    expect(mmlu.prediction.accuracy_ci_method.coverage_design).toMatch(/16 of 16 .*Wilson 95% lower bound 0\.81/);
    expect(mmlu.prediction.dropped).toBe(0);
    expect(mmlu.prediction.drops).toEqual({ degenerate: 0, step1: 0, step2: 0 });
    expect(mmlu.prediction.starts.per_resample).toBe(2);
    expect(mmlu.step1.optimum).toMatchObject({ starts: 288, lower_found: false });
    expect(mmlu.prediction.extrapolation).toBeGreaterThan(82);
    // noise: the 1B-10xC run's checkpoint SDs (published_variance.csv: MMLU accuracy SD 0.0016 to 2 s.f.)
    expect(mmlu.noise.accuracy_sd.toPrecision(2)).toBe('0.0016');
    expect(mmlu.noise.snr).toBeGreaterThan(0);
    expect(out.warnings.some((w: string) => /MMLU.*compute is 83x the largest ladder run/.test(w))).toBe(true);
  }, 120_000);

  it('prints a table whose interval line says what the interval is and how often it covered', () => {
    const spec = write('ladder.json', JSON.stringify({
      runs: { paths: NAMES.map((n) => RUNS + n + '.csv'), rule: '{size}-{length}.csv', table: SIZES },
      tasks: { PIQA: { loss: ['eval/downstream_bpb/piqa_val_rc_5shot_bpb'], accuracy: ['eval/downstream/piqa_val_rc_5shot_len_norm'], chance: 0.5 } },
      target: TARGET,
    }));
    const r = cli(spec, '--bootstrap', '10', '--workers', '1');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^PIQA \| 0\.\d{4} \[0\.\d{4}, 0\.\d{4}\] \| 0\.8122 \[/m);
    expect(r.stdout).toMatch(/Intervals: 95% percentile bootstrap over ladder runs .*10 resamples, seed 0, measured coverage 100% on ladder backtests/);
    expect(r.stderr).toBe(''); // progress only on a terminal
  }, 120_000);

  it('--help prints the usage and the SPEC; bad arguments and bad specs are errors that say what to fix', () => {
    const h = cli('--help');
    expect(h.status).toBe(0);
    expect(h.stdout).toMatch(/^scalelab ladder SPEC\.json\|\.yaml \[--bootstrap K\] \[--seed S\]/);
    expect(h.stdout).toContain('target:  {N, D}');
    expect(cli().status).toBe(1);
    const bad = cli(write('b.json', JSON.stringify({ runs: [], tasks: 'paper', target: TARGET, smoth: 5 })));
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/unknown key\(s\) smoth/);
    const k = cli(write('k.json', '{}'), '--bootstrap', '5');
    expect(k.status).toBe(1);
    expect(k.stderr).toMatch(/--bootstrap needs at least 10/);
  }, 60_000);

  it('a task column missing from a run is an error naming the file and the column', () => {
    const spec = write('missing.json', JSON.stringify({
      runs: NAMES.slice(0, 8).map((n) => ({ path: RUNS + n + '.csv', N: SIZES[n.split('-')[0]!] })),
      tasks: { Lambada: { loss: ['eval/downstream_bpb/lambada_rc_5shot_bpb'], accuracy: ['eval/downstream/lambada_rc_5shot_len_norm'] } },
      target: TARGET,
    }));
    const r = cli(spec, '--bootstrap', '0');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('190M-1xC.csv');
    expect(r.stderr).toContain('eval/downstream_bpb/lambada_rc_5shot_bpb');
  }, 60_000);
});

describe('scalelab ladder: bad input from the issue', () => {
  it('a task whose accuracy never leaves chance gets no number and says why; the others are still predicted', () => {
    const spec = write('chance.json', JSON.stringify({
      runs: NAMES.map((n) => ({ path: RUNS + n + '.csv', N: SIZES[n.split('-')[0]!] })),
      tasks: {
        PIQA: { loss: ['eval/downstream_bpb/piqa_val_rc_5shot_bpb'], accuracy: ['eval/downstream/piqa_val_rc_5shot_len_norm'], chance: 0.5 },
        // PIQA's accuracy never exceeds 0.9 on this ladder: with chance set at 0.9 it never leaves chance
        'PIQA at chance 0.9': { loss: ['eval/downstream_bpb/piqa_val_rc_5shot_bpb'], accuracy: ['eval/downstream/piqa_val_rc_5shot_len_norm'], chance: 0.9 },
      },
      target: TARGET,
    }));
    const r = cli(spec, '--bootstrap', '0', '--json');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.tasks[0].prediction.accuracy).toBeCloseTo(0.8122, 4);
    expect(out.tasks[1].prediction).toBeNull();
    expect(out.tasks[1].error).toMatch(/never leaves chance level/);
    expect(out.warnings.some((w: string) => /task "PIQA at chance 0\.9": no prediction: .*never leaves chance level/.test(w))).toBe(true);
  }, 120_000);

  it('a ladder of one size cannot identify step 1: a typed error that says what the ladder has', () => {
    const spec = write('one.json', JSON.stringify({
      runs: NAMES.filter((n) => n.startsWith('190M')).map((n) => ({ path: RUNS + n + '.csv', N: SIZES['190M'] })),
      tasks: 'paper',
      target: TARGET,
    }));
    const r = cli(spec, '--bootstrap', '0');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/step 1 has 5 parameters and only 4 ladder runs/);
  }, 60_000);
});

describe('readLadderSpec', () => {
  it('resolves paths against the spec, takes N from the rule and table, and refuses sizes the table lacks', () => {
    const s = readLadderSpec(write('r.yaml', yamlSpec));
    expect(s.runs).toHaveLength(16);
    expect(s.runs[0]).toEqual({ path: RUNS + '190M-1xC.csv', N: 190354176 });
    expect(s.tasks[0]!.weights).toEqual([0.215, 0.335, 0.219, 0.231]);
    expect(s.smooth).toBe(5);
    const noTable = write('t.json', JSON.stringify({ runs: { paths: [RUNS + '3B-1xC.csv'], rule: '{size}-{length}.csv', table: SIZES }, tasks: 'paper', target: TARGET }));
    expect(() => readLadderSpec(noTable)).toThrow(/3B-1xC\.csv: size '3B' \(from the rule\) is not in runs\.table/);
    const noTarget = write('n.json', JSON.stringify({ runs: [{ path: 'a.csv', N: 1 }], tasks: 'paper', target: { N: 1 } }));
    expect(() => readLadderSpec(noTarget)).toThrow(/target\.D must be a positive number/);
  });
});
