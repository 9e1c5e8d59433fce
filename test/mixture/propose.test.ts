import { describe, expect, it } from 'vitest';
import { kendall, kendallPairs, refineMixture, proposeMixture, proposeMixtureParallel, fitMixtureModel, predictTrees, fitBoostedTrees } from '../../src/mixture/index.js';
import { createRng } from '../../src/stats/random.js';

describe('kendall (O(n log n))', () => {
  it('equals the pair count to the last bit, with ties in either or both variables', () => {
    const r = createRng(1);
    for (let t = 0; t < 400; t++) {
      const n = 2 + r.int(40);
      const a = Array.from({ length: n }, () => r.int(1 + r.int(8)));
      const b = Array.from({ length: n }, () => (t % 2 ? r.int(6) : r.next()));
      expect(Object.is(kendall(a, b), kendallPairs(a, b))).toBe(true);
    }
  });
});

describe('predictTrees', () => {
  it('the unrolled depth-3 walk gives the general walk\'s sums', () => {
    const r = createRng(4);
    const X = Array.from({ length: 80 }, () => { const a = [r.next(), r.next(), r.next()]; const s = a[0]! + a[1]! + a[2]!; return Float64Array.from(a, (v) => v / s); });
    const y = Float64Array.from(X, (w) => Math.sin(5 * w[0]!) + w[1]! * w[2]!);
    const m3 = fitBoostedTrees(X, y, { trees: 50, maxDepth: 3, learningRate: 0.1 });
    // The same trees walked by the general code path (depth field read as 3 but through walkFlat): compare with a
    // hand walk of the heap layout.
    for (const w of X.slice(0, 10)) {
      let s = m3.init;
      for (let t = 0; t < m3.count; t++) {
        let h = 0;
        for (let l = 0; l < 3; l++) h = 2 * h + (w[m3.feature[t * 7 + h]!]! <= m3.threshold[t * 7 + h]! ? 1 : 2);
        s += m3.leaf[t * 8 + h - 7]!;
      }
      expect(predictTrees(m3, w)).toBe(s);
    }
  });
});

describe('refineMixture', () => {
  it('moves toward the minimum, keeps the sum at 1 and every bound, never raises the prediction', () => {
    const f = (w: ArrayLike<number>): number => (w[0]! - 0.7) ** 2 + (w[1]! - 0.05) ** 2 + 0.3 * w[2]!;
    const r = refineMixture(f, Float64Array.from([0.3, 0.4, 0.3]), [0, 0.1, 0], [0.6, 1, 1]);
    expect(r.predicted).toBeLessThan(r.startPredicted);
    expect(r.predicted).toBe(f(r.weights));
    expect(r.weights[0]).toBe(0.6); // at its upper bound (token availability)
    expect(r.weights[1]).toBeCloseTo(0.2, 3); // the interior optimum given w0 = 0.6: 2 (w1 - 0.05) = 0.3
    expect(r.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(() => refineMixture(f, Float64Array.from([0.9, 0.05, 0.05]), [0, 0, 0], [0.6, 1, 1])).toThrow(/outside its bounds/);
  });
  it('on a piecewise-constant tree model, random starts never get worse and stay in bounds', () => {
    const r = createRng(7);
    const X = Array.from({ length: 150 }, () => { const a = [r.next(), r.next(), r.next(), r.next()]; const s = a.reduce((p, q) => p + q, 0); return Float64Array.from(a, (v) => v / s); });
    const y = Float64Array.from(X, (w) => 3 - w[0]! + 2 * (w[1]! - 0.3) ** 2 + 0.02 * r.normal());
    const m = fitMixtureModel('trees', X, y, { trees: { trees: 200, learningRate: 0.05 } });
    const lo = [0, 0.05, 0, 0], hi = [0.5, 1, 1, 0.4];
    for (let k = 0; k < 10; k++) {
      const a = [0.5 * r.next(), 0.05 + 0.3 * r.next(), r.next(), 0.4 * r.next()];
      const s = a.reduce((p, q) => p + q, 0);
      if (a.some((v, j) => v / s < lo[j]! || v / s > hi[j]!)) continue;
      const start = Float64Array.from(a, (v) => v / s);
      const out = refineMixture((w) => m.predict(w), start, lo, hi, { maxEvaluations: 300 });
      expect(out.predicted).toBeLessThanOrEqual(m.predict(start));
      out.weights.forEach((v, j) => { expect(v).toBeGreaterThanOrEqual(lo[j]!); expect(v).toBeLessThanOrEqual(hi[j]!); });
      expect(out.weights.reduce((p, q) => p + q, 0)).toBeCloseTo(1, 12);
    }
  });
});

describe('proposeMixture with refinement and honest intervals', () => {
  const rng = createRng(2);
  const X = Array.from({ length: 120 }, () => { const a = [rng.next(), rng.next(), rng.next()]; const s = a[0]! + a[1]! + a[2]!; return Float64Array.from(a, (v) => v / s); });
  const y = Float64Array.from(X, (w) => 3 - w[0]! + 0.5 * w[1]! + 0.01 * rng.normal());
  const o = { samples: 3000, top: 30, resamples: 12, seed: 3, tokens: { available: [30, 100, 100], budget: 100, epochs: 2 } };
  it('the refined proposal respects token availability (epochs x available / budget) and is never predicted worse than the top-k mean', () => {
    for (const name of ['linear', 'trees'] as const) {
      const p = proposeMixture(name, X, y, { ...o, ...(name === 'trees' ? { trees: { trees: 100, learningRate: 0.05 } } : {}) });
      expect(p.weights[0]).toBeLessThanOrEqual(0.6);
      expect(p.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      expect(p.predicted).toBeLessThanOrEqual(p.searchedPredicted);
      for (const w of p.weightsCi) expect(w[1]).toBeLessThanOrEqual(name === 'linear' ? 0.6 + 1e-12 : 1);
      expect(p.weightsCi[0]![1]).toBeLessThanOrEqual(0.6 + 1e-12); // every resample's proposal respects it too
      if (name === 'trees') expect(p.extrapolationNote).toMatch(/cannot predict outside the weights it was trained on/);
      else expect(p.extrapolationNote).toBeUndefined();
    }
    const lin = proposeMixture('linear', X, y, o);
    expect(lin.weights[0]).toBe(0.6); // the linear optimum is the bound: the refinement reaches it exactly
  });
  it('each resample refits and re-searches: the interval says so, and fresh draws are an option', () => {
    const p = proposeMixture('linear', X, y, o);
    expect(p.intervalLabel).toMatchObject({ level: 0.95, method: 'percentile', resamples: 12, seed: 3 });
    expect(p.intervalLabel.over).toMatch(/refits the model and re-runs the search on a resample of the draws/);
    expect(p.bestObserved.modelDifferenceCi[0]).toBeLessThanOrEqual(p.bestObserved.modelDifferenceCi[1]);
    const f = proposeMixture('linear', X, y, { ...o, bootstrapDraws: 'fresh' });
    expect(f.weights).toEqual(p.weights);
    expect(f.intervalLabel.over).toMatch(/fresh Dirichlet draws/);
    expect(f.weightsCi).not.toEqual(p.weightsCi);
  });
  it('worker threads give the same proposal to the last bit', async () => {
    const s = proposeMixture('trees', X, y, { ...o, trees: { trees: 60, learningRate: 0.05 } });
    const par = await proposeMixtureParallel('trees', X, y, { ...o, trees: { trees: 60, learningRate: 0.05 }, threads: 2 });
    expect(par).toEqual(s);
  });
});

describe('mixtureStudyParallel', () => {
  it('gives mixtureStudy\'s result to the last bit', async () => {
    const { mixtureStudy, mixtureStudyParallel } = await import('../../src/mixture/index.js');
    const rng = createRng(9);
    const X = Array.from({ length: 60 }, () => { const a = [rng.next(), rng.next(), rng.next()]; const s = a[0]! + a[1]! + a[2]!; return Float64Array.from(a, (v) => v / s); });
    const y = Float64Array.from(X, (w) => 3 - w[0]! + Math.exp(w[1]!) + 0.05 * rng.normal());
    const o = { folds: 3, seed: 4, resamples: 50, trees: { trees: 40, learningRate: 0.1 }, heldOut: { X: X.slice(0, 10), y: y.slice(0, 10) } };
    const s = mixtureStudy(X, y, o);
    const p = await mixtureStudyParallel(X, y, { ...o, threads: 2 });
    expect(p.chosen).toBe(s.chosen);
    expect(p.models.map((m) => [m.name, m.cv, m.heldOut, m.model.params])).toEqual(s.models.map((m) => [m.name, m.cv, m.heldOut, m.model.params]));
  });
});

describe('prediction intervals: mean loss or one new run', () => {
  it("'run' adds out-of-bag residuals (wider, same point), 'mean' keeps its old draws; labels say which", async () => {
    const { predictWithIntervals, predictionIntervalLabel, cvSpearmanLabel } = await import('../../src/mixture/index.js');
    const { describeInterval } = await import('../../src/stats/interval.js');
    const rng = createRng(5);
    const X = Array.from({ length: 80 }, () => { const a = [rng.next(), rng.next(), rng.next()]; const s = a[0]! + a[1]! + a[2]!; return Float64Array.from(a, (v) => v / s); });
    const y = Float64Array.from(X, (w) => 3 - w[0]! + 0.1 * rng.normal());
    const rows = X.slice(0, 5);
    const mean = predictWithIntervals('linear', X, y, rows, { resamples: 100, seed: 2 });
    const run = predictWithIntervals('linear', X, y, rows, { resamples: 100, seed: 2, kind: 'run' });
    expect(predictWithIntervals('linear', X, y, rows, { resamples: 100, seed: 2, kind: 'mean' })).toEqual(mean);
    rows.forEach((_, k) => {
      expect(run[k]!.predicted).toBe(mean[k]!.predicted);
      expect(run[k]!.hi - run[k]!.lo).toBeGreaterThan(2 * (mean[k]!.hi - mean[k]!.lo));
      // noise sd 0.1: a 95% range for one run is about 0.4 wide
      expect(run[k]!.hi - run[k]!.lo).toBeGreaterThan(0.3);
      expect(run[k]!.hi - run[k]!.lo).toBeLessThan(0.6);
    });
    expect(describeInterval(predictionIntervalLabel('linear', 'run', 100, 2))).toMatch(/^95% percentile bootstrap over runs \(refit plus an out-of-bag residual: the loss of one new run\), 100 resamples, seed 2/);
    expect(predictionIntervalLabel('linear', 'mean', 100, 2, 0.9).coverage).toBeUndefined(); // measured at 95% only
    expect(cvSpearmanLabel('linear', 3, 100, 1).coverage).toBeUndefined(); // measured with 5 folds only
  });
});

describe('labels carry the measured coverage (bench/mixture-coverage.ts)', () => {
  it('prediction and CV Spearman labels print what the bench measured, from the committed table', async () => {
    const { predictionIntervalLabel, cvSpearmanLabel } = await import('../../src/mixture/index.js');
    const { PREDICTION_COVERAGE, CV_SPEARMAN_COVERAGE } = await import('../../src/mixture/coverage-table.js');
    const { describeInterval } = await import('../../src/stats/interval.js');
    expect(PREDICTION_COVERAGE['linear']!['run']).toBeGreaterThan(0.9);
    expect(PREDICTION_COVERAGE['linear']!['mean']).toBeLessThan(0.5); // an interval on the mean does not hold single runs
    expect(predictionIntervalLabel('trees', 'run', 200, 1).coverage).toBe(PREDICTION_COVERAGE['trees']!['run']);
    expect(describeInterval(cvSpearmanLabel('trees', 5, 1000, 1))).toMatch(/measured coverage \d+% on RegMix Pile-CC, random 512\/256 splits \(held-out Spearman inside\), \d+ splits/);
    expect(cvSpearmanLabel('trees', 5, 1000, 1).coverage).toBe(CV_SPEARMAN_COVERAGE['trees']);
    expect(cvSpearmanLabel('loglinear', 5, 1000, 1).coverage).toBeUndefined(); // not measured: no number claimed
  });
});

describe('newTestSpearmanInterval', () => {
  it('widens the CV interval by sqrt(1 + n/m) around the estimate, clipped to [-1, 1]', async () => {
    const { newTestSpearmanInterval } = await import('../../src/mixture/index.js');
    const s = { spearman: 0.9, kendall: 0.7, rmse: 0.1, spearmanCi: [0.88, 0.91] as [number, number], kendallCi: [0.6, 0.8] as [number, number], spearmanSe: 0.008, ciLabel: { level: 0.95, method: 'percentile' as const, resamples: 100, seed: 1, over: 'runs' as const }, n: 512 };
    const [lo, hi] = newTestSpearmanInterval(s, 256);
    expect(lo).toBeCloseTo(0.9 - 0.02 * Math.sqrt(3), 12);
    expect(hi).toBeCloseTo(0.9 + 0.01 * Math.sqrt(3), 12);
    expect(newTestSpearmanInterval({ ...s, spearman: 0.995, spearmanCi: [0.99, 0.999] }, 2)[1]).toBe(1);
    expect(() => newTestSpearmanInterval(s, 1)).toThrow(/m must be an integer >= 2/);
  });
});
