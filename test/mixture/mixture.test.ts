import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import {
  mixtureTable, readMixtureTable, targetData, spearman, kendall, rankScore, fitLinear, predictLinear,
  fitMixingLaw, predictLaw, fitBoostedTrees, predictTrees, fitMixtureModel, crossValidate,
} from '../../src/mixture/index.js';
import { InputError } from '../../src/errors.js';

const D = 'test/fixtures/regmix/';
const T = 'metric/the_pile_pile_cc_val_loss';
const golden = JSON.parse(readFileSync('test/golden/mixture-sklearn.json', 'utf8')) as {
  test_ids: number[]; actual: number[];
  linear: { predicted: number[]; spearman: number; kendall: number };
  loglinear: { predicted: number[]; spearman: number; kendall: number };
  law: { predicted: number[]; spearman: number; train_mse: number };
  sklearn_gbr: { spearman: number };
  rank_ties: { a: number[]; b: number[]; spearman: number; kendall: number };
};
const train = targetData(readMixtureTable(D + 'train_mixture_1m.csv', D + 'train_pile_loss_1m.csv'), T);
const test = targetData(readMixtureTable(D + 'test_mixture_1m.csv', D + 'test_pile_loss_1m.csv'), T);

describe('mixtureTable', () => {
  const res = { header: ['id', 'loss'], rows: [['a', '3.1'], ['b', '3.4'], ['c', '3.0']] };
  it('joins on the first column, in the mixture order', () => {
    const t = mixtureTable({ header: ['id', 'web', 'code'], rows: [['c', '0.5', '0.5'], ['a', '0.7', '0.3']] }, res);
    expect(t.ids).toEqual(['c', 'a']);
    expect([...t.losses[0]!]).toEqual([3.0, 3.1]);
    expect(t.warnings.join()).toMatch(/1 runs have no row in mixture table \(ids b\)/);
  });
  it('normalises rows off by more than the tolerance, naming them, and refuses far-off rows', () => {
    const t = mixtureTable({ header: ['id', 'web', 'code'], rows: [['a', '0.72', '0.3'], ['b', '0.2', '0.8']] }, res);
    expect(t.weights[0]![0]).toBeCloseTo(0.72 / 1.02, 12);
    expect(t.warnings.join()).toMatch(/normalised.*a \(sum 1\.020\)/);
    expect(() => mixtureTable({ header: ['id', 'web', 'code'], rows: [['a', '0.9', '0.3']] }, res)).toThrow(/rows a \(sum 1\.200\) do not sum to 1/);
    expect(() => mixtureTable({ header: ['id', 'web', 'code'], rows: [['a', '-0.1', '1.1']] }, res)).toThrow(InputError);
  });
  it('drops non-finite losses with a warning naming the run, and names ids that never join', () => {
    const t = mixtureTable({ header: ['id', 'web', 'code'], rows: [['a', '0.5', '0.5'], ['b', '0.2', '0.8']] }, { header: ['id', 'loss'], rows: [['a', 'nan'], ['b', '3']] });
    expect(t.warnings.join()).toMatch(/non-finite loss for runs a \(nan\)/);
    expect(targetData(t, 'loss').ids).toEqual(['b']);
    expect(() => mixtureTable({ header: ['id', 'web', 'code'], rows: [['x', '0.5', '0.5']] }, res)).toThrow(/no id joins.*mixture ids start x.*results ids start a, b, c/);
    expect(() => targetData(t, 'nope')).toThrow(/no target column "nope"; the results table has loss/);
  });
  it('warns about a domain that never varies', () => {
    const t = mixtureTable({ header: ['id', 'web', 'code', 'math'], rows: [['a', '0.7', '0.3', '0'], ['b', '0.2', '0.8', '0']] }, res);
    expect(t.warnings.join()).toMatch(/domain math never varies \(always 0\)/);
  });
  it('reads the RegMix fixture: 512 train and 256 test runs over 17 domains, 13 targets', () => {
    const t = readMixtureTable(D + 'train_mixture_1m.csv', D + 'train_pile_loss_1m.csv');
    expect(t.ids.length).toBe(512);
    expect(t.domains.length).toBe(17);
    expect(t.targets.length).toBe(13);
    expect(t.warnings).toEqual([]); // rows sum to 1 within 0.004 (3-decimal rounding): kept as written
    expect(test.y.length).toBe(256);
    expect(test.ids.map(Number)).toEqual(golden.test_ids);
  });
});

describe('rank correlations', () => {
  it('match scipy spearmanr and kendalltau (tau-b) with ties', () => {
    const { a, b } = golden.rank_ties;
    expect(spearman(a, b)).toBeCloseTo(golden.rank_ties.spearman, 12);
    expect(kendall(a, b)).toBeCloseTo(golden.rank_ties.kendall, 12);
  });
  it('bootstrap intervals over runs bracket the estimate and repeat with the seed', () => {
    const p = Float64Array.from(golden.linear.predicted);
    const s = rankScore(p, test.y, { resamples: 500, seed: 3 });
    expect(s.spearman).toBeCloseTo(golden.linear.spearman, 10);
    expect(s.kendall).toBeCloseTo(golden.linear.kendall, 10);
    expect(s.spearmanCi[0]).toBeLessThan(s.spearman);
    expect(s.spearmanCi[1]).toBeGreaterThan(s.spearman);
    expect(s.spearmanCi[1] - s.spearmanCi[0]).toBeGreaterThan(0.01);
    expect(s.spearmanCi[1] - s.spearmanCi[0]).toBeLessThan(0.1);
    expect(rankScore(p, test.y, { resamples: 500, seed: 3 })).toEqual(s);
  });
});

describe('models on Pile-CC (512 train runs, 256 held out)', () => {
  it('linear and log-linear regression predict as sklearn LinearRegression', () => {
    const lin = fitLinear(train.X, train.y);
    const p = test.X.map((w) => predictLinear(lin, w));
    p.forEach((v, i) => expect(v).toBeCloseTo(golden.linear.predicted[i]!, 8));
    expect(spearman(p, test.y)).toBeCloseTo(0.9021, 4); // "about 0.90" (RegMix)
    const ll = fitLinear(train.X, train.y, { log: true });
    test.X.forEach((w, i) => expect(predictLinear(ll, w)).toBeCloseTo(golden.loglinear.predicted[i]!, 8));
    expect(lin.dropped).toEqual([]); // weights rounded to 3 decimals: not exactly collinear, as in sklearn
  });
  it('drops a column collinear with the intercept (exact sums) and a domain that never varies', () => {
    const X = [[0.5, 0.5, 0], [0.25, 0.75, 0], [1, 0, 0], [0.125, 0.875, 0]].map((r) => Float64Array.from(r));
    const f = fitLinear(X, Float64Array.from([2, 2.5, 1, 2.75]));
    expect(f.dropped).toEqual([1, 2]);
    expect(predictLinear(f, Float64Array.from([0.75, 0.25, 0]))).toBeCloseTo(1.5, 12);
  });
  it('the Data Mixing Law fits as well as scipy least_squares and ranks as it does', () => {
    const law = fitMixingLaw(train.X, train.y);
    let mse = 0;
    train.X.forEach((w, i) => { mse += (predictLaw(law, w) - train.y[i]!) ** 2; });
    mse /= train.y.length;
    expect(mse).toBeLessThanOrEqual(golden.law.train_mse * (1 + 1e-6));
    const p = test.X.map((w) => predictLaw(law, w));
    expect(spearman(p, test.y)).toBeCloseTo(golden.law.spearman, 3);
    p.forEach((v, i) => expect(v).toBeCloseTo(golden.law.predicted[i]!, 3));
  });
  it('recovers a Data Mixing Law from noiseless runs', () => {
    const t = [0.8, -1.2, 0, 0.4];
    const X = Array.from({ length: 40 }, (_, i) => { const r = [1 + (i % 5), 1 + ((i * 7) % 3), 2 + ((i * 3) % 4), 1 + ((i * 11) % 6)]; const s = r.reduce((a, b) => a + b); return Float64Array.from(r, (v) => v / s); });
    const y = Float64Array.from(X, (w) => 2 + 1.5 * Math.exp(w.reduce((a, v, j) => a + t[j]! * v, 0)));
    const f = fitMixingLaw(X, y);
    expect(f.reference).toBe(2);
    expect(f.c).toBeCloseTo(2, 5);
    expect(f.k).toBeCloseTo(1.5, 5);
    [...f.t].forEach((v, j) => expect(v).toBeCloseTo(t[j]!, 4));
  });
  it('boosted trees reach the RegMix LightGBM rank quality (Spearman >= 0.985; LightGBM 0.9892)', () => {
    const m = fitBoostedTrees(train.X, train.y, { trees: 1000, maxDepth: 3, learningRate: 0.01 });
    const p = test.X.map((w) => predictTrees(m, w));
    const rho = spearman(p, test.y);
    expect(rho).toBeGreaterThanOrEqual(0.985);
    expect(rho).toBeCloseTo(golden.sklearn_gbr.spearman, 3); // sklearn GBR, same settings: 0.98967
  });
  it('a single stump splits where the squared error drops most, midway between values', () => {
    const X = [0.1, 0.2, 0.3, 0.6, 0.7].map((v) => Float64Array.from([v, 1 - v]));
    const y = Float64Array.from([1, 1, 1, 5, 6]);
    const m = fitBoostedTrees(X, y, { trees: 1, maxDepth: 1, learningRate: 1 });
    expect(m.threshold[0]).toBeCloseTo(0.45, 12);
    expect(predictTrees(m, X[0]!)).toBeCloseTo(1, 12);
    expect(predictTrees(m, X[4]!)).toBeCloseTo(5.5, 12);
  });
  it('subsampling is seeded: same seed same model, another seed another', () => {
    const X = train.X.slice(0, 100), y = train.y.slice(0, 100);
    const a = fitBoostedTrees(X, y, { trees: 20, subsample: 0.5, seed: 1 });
    const b = fitBoostedTrees(X, y, { trees: 20, subsample: 0.5, seed: 1 });
    const c = fitBoostedTrees(X, y, { trees: 20, subsample: 0.5, seed: 2 });
    expect(predictTrees(a, test.X[0]!)).toBe(predictTrees(b, test.X[0]!));
    expect(predictTrees(a, test.X[0]!)).not.toBe(predictTrees(c, test.X[0]!));
  });
  it('weights act as copies: counts on distinct runs give the model of the repeated rows', () => {
    const idx = [0, 0, 1, 2, 2, 2, 5, 7, 7, 9, 11, 11, 12, 13, 20, 20, 21, 30, 31, 31];
    const rep = fitBoostedTrees(idx.map((i) => train.X[i]!), Float64Array.from(idx, (i) => train.y[i]!), { trees: 50, maxDepth: 2, learningRate: 0.1 });
    const u = [...new Set(idx)];
    const w = fitBoostedTrees(u.map((i) => train.X[i]!), Float64Array.from(u, (i) => train.y[i]!), { trees: 50, maxDepth: 2, learningRate: 0.1, weights: u.map((i) => idx.filter((j) => j === i).length) });
    for (const x of test.X.slice(0, 20)) expect(predictTrees(w, x)).toBeCloseTo(predictTrees(rep, x), 10);
    expect(() => fitBoostedTrees(u.map((i) => train.X[i]!), Float64Array.from(u, (i) => train.y[i]!), { weights: [1] })).toThrow(/1 weights for 13 runs/);
  });
  it('tree models say they do not extrapolate; the others do', () => {
    expect(fitMixtureModel('trees', train.X.slice(0, 50), train.y.slice(0, 50), { trees: { trees: 5 } }).extrapolates).toBe(false);
    expect(fitMixtureModel('linear', train.X, train.y).extrapolates).toBe(true);
  });
});

describe('cross-validation', () => {
  it('5-fold CV of the linear model ranks about as well as on the held-out runs, deterministically', () => {
    const cv = crossValidate('linear', train.X, train.y, { folds: 5, seed: 1, resamples: 300 });
    expect(cv.score.n).toBe(512);
    expect(cv.score.spearman).toBeGreaterThan(0.85);
    expect(cv.score.spearman).toBeLessThan(0.95);
    expect(cv.score.spearmanCi[0]).toBeLessThan(cv.score.spearman);
    expect(crossValidate('linear', train.X, train.y, { folds: 5, seed: 1, resamples: 300 }).score).toEqual(cv.score);
  });
  it('refuses too few runs for the folds', () => {
    expect(() => crossValidate('linear', train.X.slice(0, 7), train.y.slice(0, 7), { folds: 5 })).toThrow(/needs at least 10 runs, got 7/);
  });
});

describe('proposeMixture', () => {
  it('draws Dirichlet samples with the right mean', async () => {
    const { dirichlet } = await import('../../src/mixture/index.js');
    const { createRng } = await import('../../src/stats/random.js');
    const rng = createRng(5);
    const m = [0, 0, 0];
    for (let i = 0; i < 20000; i++) { const w = dirichlet(rng, [0.5, 1.5, 3]); for (let j = 0; j < 3; j++) m[j]! += w[j]! / 20000; }
    expect(m[0]).toBeCloseTo(0.1, 2); expect(m[1]).toBeCloseTo(0.3, 2); expect(m[2]).toBeCloseTo(0.6, 2);
  });
  it('finds the minimum of a known law inside bounds, with intervals, deterministically', async () => {
    const { proposeMixture } = await import('../../src/mixture/index.js');
    const { createRng } = await import('../../src/stats/random.js');
    const rng = createRng(2);
    // Loss lowest at the vertex of domain 0; domain 0 capped at 0.6 by token availability (epochs 2 x 30 / 100).
    const X = Array.from({ length: 120 }, () => { const a = [rng.next(), rng.next(), rng.next()]; const s = a[0]! + a[1]! + a[2]!; return Float64Array.from(a, (v) => v / s); });
    const y = Float64Array.from(X, (w) => 3 - w[0]! + 0.5 * w[1]! + 0.01 * rng.normal());
    const o = { samples: 5000, top: 50, resamples: 40, seed: 3, tokens: { available: [30, 100, 100], budget: 100, epochs: 2 } };
    const p = proposeMixture('linear', X, y, o);
    expect(p.weights[0]).toBeGreaterThan(0.5);
    expect(p.weights[0]).toBeLessThanOrEqual(0.6);
    expect(p.weights[1]).toBeLessThan(0.1);
    expect(p.gainOverPrior).toBeLessThan(0);
    expect(p.gainOverPriorCi[1]).toBeLessThan(0);
    expect(p.probBetterThanPrior).toBe(1);
    expect(p.weightsCi[0]![0]).toBeLessThanOrEqual(p.weights[0]! + 1e-12);
    expect(p.predictedCi[0]).toBeLessThan(p.predictedCi[1]);
    expect(p.resamples).toBe(40);
    expect(proposeMixture('linear', X, y, o)).toEqual(p);
    expect(() => proposeMixture('linear', X, y, { ...o, bounds: [[0.5, 1], [0.6, 1], [0, 1]] })).toThrow(/lower bounds sum to 1.1/);
  });
});

describe('mixtureStudy and combined targets', () => {
  it('reports models side by side and chooses the best cross-validated Spearman', async () => {
    const { mixtureStudy } = await import('../../src/mixture/index.js');
    const s = mixtureStudy(train.X, train.y, { models: ['linear', 'law'], heldOut: test, folds: 4, seed: 2, resamples: 200 });
    expect(s.models.map((m) => m.name)).toEqual(['linear', 'law']);
    expect(s.chosen).toBe('law');
    expect(s.models[0]!.heldOut!.spearman).toBeCloseTo(golden.linear.spearman, 10);
    expect(s.models[1]!.cv.spearman).toBeGreaterThan(s.models[0]!.cv.spearman);
    const few = mixtureStudy(train.X.slice(0, 12), train.y.slice(0, 12), { models: ['linear', 'law'], folds: 2, resamples: 50 });
    expect(few.warnings.join()).toMatch(/law: 12 runs are too few for 18 parameters/);
    expect(few.chosen).toBe('linear');
  });
  it('sums target columns with user weights, leaving out runs missing any', async () => {
    const { combinedTarget } = await import('../../src/mixture/index.js');
    const t = mixtureTable({ header: ['id', 'web', 'code'], rows: [['a', '0.5', '0.5'], ['b', '0.2', '0.8']] }, { header: ['id', 'l1', 'l2'], rows: [['a', '3', '5'], ['b', '4', 'NaN']] });
    const c = combinedTarget(t, { l1: 0.5, l2: 0.5 });
    expect(c.ids).toEqual(['a']);
    expect([...c.y]).toEqual([4]);
    expect(() => combinedTarget(t, { l3: 1 })).toThrow(/no target column "l3"/);
  });
});

describe('display summaries', () => {
  it('a study and a proposal summarise as text with their intervals, and summarize() recognises both', async () => {
    const { mixtureStudy, proposeMixture } = await import('../../src/mixture/index.js');
    const { summarize, summarizeMixtureProposal } = await import('../../src/notebook/summaries.js');
    const s = mixtureStudy(train.X, train.y, { models: ['linear'], heldOut: test, folds: 3, seed: 1, resamples: 100 });
    const text = summarize(s)!.summary();
    expect(text).toMatch(/3-fold cross-validation, chosen by CV Spearman: linear/);
    expect(text).toMatch(/linear \(chosen\)/);
    expect(text).toContain('0.9021'); // held-out Spearman
    const p = proposeMixture('linear', train.X, train.y, { samples: 2000, top: 20, resamples: 10, seed: 1 });
    const pt = summarizeMixtureProposal(p, ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'pile_cc', 'm', 'n', 'o', 'p', 'q']).summary();
    expect(pt).toMatch(/gain over prior -?\d/);
    expect(pt).toContain('pile_cc');
    expect(summarize(p)!.toHTML()).toContain('<table');
  });
});
