import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { mixtureStudy, readMixtureTable, targetData, type MixtureProposal } from '../../src/mixture/index.js';
import { summarize, summarizeMixtureStudy, summarizeMixtureProposal, summarizeMixturePredictions, TREES_EXTRAPOLATION_NOTE } from '../../src/notebook/index.js';

const F = fileURLToPath(new URL('../fixtures/regmix/', import.meta.url));
const T = 'metric/the_pile_pile_cc_val_loss';
const train = targetData(readMixtureTable(`${F}train_mixture_1m.csv`, `${F}train_pile_loss_1m.csv`), T);
const test = targetData(readMixtureTable(`${F}test_mixture_1m.csv`, `${F}test_pile_loss_1m.csv`), T);

/** A proposal written by hand (3 domains), so the numbers the summary prints are known. */
function proposal(extra: Record<string, unknown> = {}): MixtureProposal {
  return {
    model: 'trees', weights: Float64Array.from([0.85, 0.1, 0.05]), weightsCi: [[0.8, 0.9], [0.05, 0.15], [NaN, NaN]],
    predicted: 5.1, predictedCi: [5.05, 5.15], prior: Float64Array.from([0.5, 0.3, 0.2]), priorPredicted: 5.4,
    gainOverPrior: -0.3, gainOverPriorCi: [-0.35, -0.25],
    bestObserved: { index: 7, loss: 5.082, weights: Float64Array.from([0.942, 0.05, 0.008]), difference: 0.018, differenceCi: [-0.03, 0.07], ...((extra.bestObserved as object) ?? {}) },
    probBetterThanPrior: 1, drawn: 1000, kept: 990, resamples: 200,
    intervalLabel: { level: 0.95, method: 'percentile', resamples: 200, seed: 3, over: 'runs' },
    warnings: ['some warning'],
    ...Object.fromEntries(Object.entries(extra).filter(([k]) => k !== 'bestObserved')),
  } as MixtureProposal;
}

describe('mixture display summaries', () => {
  it('the study: CV and held-out Spearman with intervals per model, the chosen one, published values, the interval label', () => {
    const s = mixtureStudy(train.X, train.y, { models: ['linear', 'loglinear'], heldOut: test, folds: 5, seed: 1, resamples: 200 });
    const sum = summarizeMixtureStudy(s, 'Pile-CC', { published: [{ label: 'RegMix linear', spearman: 0.9 }], target: 'Pile-CC' });
    const text = sum.summary();
    expect(text).toContain('512 training runs, 256 held-out runs');
    expect(text).toContain('5-fold cross-validation, chosen by CV Spearman: loglinear');
    // Held-out Spearman of linear regression against sklearn's LinearRegression (test/golden/mixture-sklearn.json).
    expect(text).toMatch(/linear\s+0\.88\d+\s+0\.8\d+\s+0\.9\d+\s.*\s0\.9021\s/);
    expect(text).toMatch(/CV intervals: 95% percentile bootstrap over runs.*, 200 resamples, seed 1/);
    expect(text).toContain('held-out intervals: 95% percentile bootstrap over runs, 200 resamples, seed 1');
    expect(text).toContain('published held-out Spearman: RegMix linear 0.9');
    expect(text).not.toContain('note:');
    const html = sum.toHTML();
    expect(html).toContain('<table');
    expect(html).toContain('held-out Spearman');
    expect(summarize(s)!.summary()).toContain('loglinear (chosen)');
  });
  it('the proposal: loss, prior, best run and the differences with intervals; weights with short names; the trees note', () => {
    const p = proposal();
    const text = summarizeMixtureProposal(p, ['train_the_pile_pile_cc', 'train_the_pile_github', 'train_the_pile_arxiv']).summary();
    expect(text).toContain('predicted loss 5.1 [5.05, 5.15] · gain over prior -0.3 [-0.35, -0.25] · vs best observed run (5.082) 0.018 [-0.03, 0.07]');
    expect(text).toMatch(/proposal − prior\s+-0\.3\s+-0\.35\s+-0\.25/);
    expect(text).toMatch(/best observed run \(observed\)\s+5\.082/);
    expect(text).toMatch(/pile_cc\s+0\.5\s+0\.85\s+0\.8\s+0\.9\s+0\.942/);
    expect(text).toMatch(/arxiv\s+0\.2\s+0\.05\s+0\.008/); // no interval: empty low/high
    expect(text).toContain('better than the prior in 100% of resamples');
    expect(text).toContain(`note: ${TREES_EXTRAPOLATION_NOTE}`);
    expect(text).toContain('warning: some warning');
    expect(summarize(p)!.toHTML()).toContain('<td>domain 0</td>');
  });
  it('the proposal shows the fields a refined proposal adds, and its own extrapolation note once', () => {
    const note = 'trees cannot extrapolate here';
    const p = proposal({ searchedPredicted: 5.12, refinement: { moves: 4, evaluations: 300 }, extrapolationNote: note, warnings: [note], bestObserved: { modelDifference: -0.01, modelDifferenceCi: [-0.02, 0.0] } });
    const text = summarizeMixtureProposal(p, ['a', 'b', 'c']).summary();
    expect(text).toMatch(/top-k mean before refinement \(predicted\)\s+5\.12/);
    expect(text).toMatch(/proposal − best run \(both predicted\)\s+-0\.01\s+-0\.02\s+0/);
    expect(text).toContain('refinement: 4 moves');
    expect(text.split(note).length - 1).toBe(1);
    expect(text).not.toContain(TREES_EXTRAPOLATION_NOTE);
  });
  it('predictions: each with its interval, observed loss, error and whether the interval holds it', () => {
    const text = summarizeMixturePredictions([{ predicted: 5, lo: 4.9, hi: 5.1 }, { predicted: 6, lo: 5.9, hi: 6.05 }], { ids: ['a', 'b'], actual: [5.05, 6.2], model: 'linear' }).summary();
    expect(text).toContain('observed loss inside its interval for 1 of 2');
    expect(text).toMatch(/a\s+5\s+4\.9\s+5\.1\s+5\.05\s+-0\.05\s+yes/);
    expect(text).toMatch(/b\s+6\s+5\.9\s+6\.05\s+6\.2\s+-0\.2\s+no/);
  });
});
