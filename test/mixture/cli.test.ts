import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readMixtureTable, targetData, fitLinear, predictLinear } from '../../src/mixture/index.js';

const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const cli = (...args: string[]) => spawnSync(TSX, ['src/cli/main.ts', 'mixture', ...args], { encoding: 'utf8' });
const D = 'test/fixtures/regmix/';
const T = 'metric/the_pile_pile_cc_val_loss';

describe('scalelab mixture', () => {
  it('--json: the chosen model with CV scores, predictions with intervals, a proposal with intervals', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scalelab-mixture-'));
    const tab = readMixtureTable(D + 'train_mixture_1m.csv', D + 'train_pile_loss_1m.csv');
    writeFileSync(join(dir, 'tokens.json'), JSON.stringify({ budget: 100, epochs: 1, available: Object.fromEntries(tab.domains.map((d) => [d, d.endsWith('pile_cc') ? 50 : 100])) }));
    const r = cli('--mixtures', D + 'train_mixture_1m.csv', '--results', D + 'train_pile_loss_1m.csv', '--target', T, '--model', 'linear',
      '--predict', D + 'test_mixture_1m.csv', '--propose', '--samples', '4000', '--top', '32', '--resamples', '20', '--tokens', join(dir, 'tokens.json'), '--seed', '1', '--json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout) as {
      model: string; cv: { spearman: number; spearman_ci: [number, number] }; models: { name: string }[];
      predictions: { id: string; predicted: number; lo: number; hi: number }[];
      proposal: { weights: Record<string, number>; weights_ci: Record<string, [number, number]>; predicted: number; predicted_ci: [number, number]; prior_predicted: number };
      warnings: string[];
    };
    expect(j.model).toBe('linear');
    expect(j.models.map((m) => m.name)).toEqual(['linear']);
    expect(j.cv.spearman).toBeGreaterThan(0.85);
    expect(j.cv.spearman_ci[0]).toBeLessThan(j.cv.spearman);
    const nt = (JSON.parse(r.stdout) as { new_test: { runs: number; spearman_ci: [number, number]; ci_method: { over: string; coverage?: number } } }).new_test;
    expect(nt.runs).toBe(256); // half the runs by default
    expect(nt.spearman_ci[0]).toBeLessThan(j.cv.spearman_ci[0]); // widened for the new set's own noise
    expect(nt.ci_method.over).toMatch(/widened by sqrt\(1 \+ 512\/256\) for a new test set of 256 runs/);
    expect(j.predictions.length).toBe(256);
    // The point prediction is the full-data linear fit's.
    const train = targetData(tab, T);
    const f = fitLinear(train.X, train.y);
    const test = targetData(readMixtureTable(D + 'test_mixture_1m.csv', D + 'test_pile_loss_1m.csv'), T);
    expect(j.predictions[0]!.id).toBe(test.ids[0]);
    expect(j.predictions[0]!.predicted).toBeCloseTo(predictLinear(f, test.X[0]!), 10);
    expect(j.predictions[0]!.lo).toBeLessThan(j.predictions[0]!.hi);
    const w = Object.values(j.proposal.weights);
    expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    expect(j.proposal.weights['train_the_pile_pile_cc']).toBeLessThanOrEqual(0.5); // 1 epoch of 50 tokens for a 100-token run
    expect(Object.keys(j.proposal.weights_ci).length).toBe(17);
    expect(j.proposal.predicted_ci[0]).toBeLessThan(j.proposal.predicted_ci[1]);
    const q = j.proposal as unknown as { predicted: number; predicted_ci: [number, number]; predicted_run_ci: [number, number]; model_predicted: number; optimism: number; intervals: Record<string, { method: string; over: string }> };
    expect(q.predicted).toBeGreaterThanOrEqual(q.predicted_ci[0]);
    expect(q.predicted).toBeLessThanOrEqual(q.predicted_ci[1]);
    expect(q.predicted_run_ci[1] - q.predicted_run_ci[0]).toBeGreaterThan(q.predicted_ci[1] - q.predicted_ci[0]);
    expect(q.optimism).toBeLessThan(0); // each resample's own minimum is below the full model's rating of it
    expect(q.intervals.predicted_ci!.over).toMatch(/evaluated at the proposed mixture/);
    expect(q.intervals.weights_ci!.over).toMatch(/re-runs the search/);
    expect(q.intervals.differences!.over).toMatch(/paired/);
  });
  it('--target COL1=W1,COL2=W2 models the weighted sum of loss columns', () => {
    const A = 'metric/the_pile_arxiv_val_loss';
    const r = cli('--mixtures', D + 'train_mixture_1m.csv', '--results', D + 'train_pile_loss_1m.csv', '--target', `${T}=0.5,${A}=0.5`, '--model', 'linear', '--resamples', '10', '--json');
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout) as { cv: { n: number; rmse: number } };
    expect(j.cv.n).toBe(512);
    expect(cli('--mixtures', D + 'train_mixture_1m.csv', '--results', D + 'train_pile_loss_1m.csv', '--target', `${T}=x`).stderr).toMatch(/--target: expected COLUMN or COL1=W1/);
  });
  it('names a target that does not exist, and a bad --model', () => {
    const r = cli('--mixtures', D + 'train_mixture_1m.csv', '--results', D + 'train_pile_loss_1m.csv', '--target', 'loss');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/no target column "loss"; the results table has metric\/the_pile_arxiv_val_loss/);
    const m = cli('--mixtures', D + 'train_mixture_1m.csv', '--results', D + 'train_pile_loss_1m.csv', '--target', T, '--model', 'forest');
    expect(m.status).toBe(1);
    expect(m.stderr).toMatch(/--model must be auto or one of linear, loglinear, law, trees/);
  });
});
