/**
 * One interface over the mixture models (linear, log-linear, Data Mixing Law, boosted trees), and their
 * evaluation by rank quality on held-out runs and by k-fold cross-validation.
 */
import { InputError } from '../errors.js';
import { createRng } from '../stats/random.js';
import { fitLinear, predictLinear, type LinearFit } from './linear.js';
import { fitMixingLaw, predictLaw, type LawFit } from './law.js';
import { fitBoostedTrees, predictTrees, type BoostedTrees, type BoostedTreesOptions } from './trees.js';
import { rankScore, type RankScore, type RankScoreOptions } from './rank.js';

/** The models a mixture study can fit. */
export type MixtureModelName = 'linear' | 'loglinear' | 'law' | 'trees';
/** Every model name, in the order results list them. */
export const MIXTURE_MODELS: readonly MixtureModelName[] = ['linear', 'loglinear', 'law', 'trees'];

/** A fitted model from mixture weights to a loss. */
export interface MixtureModel {
  name: MixtureModelName;
  /** Predicted loss of one mixture (weights in the domain order of the training data). */
  predict(w: ArrayLike<number>): number;
  /** Predicted losses of many mixtures. */
  predictMany(rows: readonly ArrayLike<number>[]): Float64Array;
  /**
   * False for models that are constant outside the box of weights they were trained on (trees): a prediction
   * for a mixture beyond it is the value at the nearest edge, not an extrapolation.
   */
  extrapolates: boolean;
  /** Per-domain range of weights seen in training ([min, max]). */
  trainedRange: [number, number][];
  /** The fitted parameters. */
  params: LinearFit | LawFit | BoostedTrees;
}

/** Options of {@link fitMixtureModel}. */
export interface FitMixtureOptions {
  /** Options of the tree model. */
  trees?: BoostedTreesOptions;
}

/**
 * Fit one model to runs (rows of weights, one loss each).
 *
 * @example
 * const m = fitMixtureModel('trees', X, y, { trees: { seed: 1 } });
 * m.predict(X[0]);
 */
export function fitMixtureModel(name: MixtureModelName, X: readonly Float64Array[], y: Float64Array, options: FitMixtureOptions = {}): MixtureModel {
  if (X.length === 0) throw new InputError('no runs to fit');
  return modelFromParams(name, fitParams(name, X, y, options), trainedRangeOf(X));
}

/** Per-domain [min, max] of the weights of runs. */
function trainedRangeOf(X: readonly Float64Array[]): [number, number][] {
  return Array.from({ length: X[0]!.length }, (_, j) => {
    let lo = Infinity, hi = -Infinity;
    for (const r of X) { lo = Math.min(lo, r[j]!); hi = Math.max(hi, r[j]!); }
    return [lo, hi];
  });
}

/**
 * The fitted parameters of one model (plain data: what a worker thread sends back).
 *
 * @example
 * const p = fitParams('linear', X, y); // a LinearFit
 */
export function fitParams(name: MixtureModelName, X: readonly Float64Array[], y: Float64Array, options: FitMixtureOptions = {}): MixtureModel['params'] {
  switch (name) {
    case 'linear': case 'loglinear': return fitLinear(X, y, { log: name === 'loglinear' });
    case 'law': return fitMixingLaw(X, y);
    case 'trees': return fitBoostedTrees(X, y, options.trees);
    default: throw new InputError(`unknown mixture model "${String(name)}"; expected one of ${MIXTURE_MODELS.join(', ')}`);
  }
}

/**
 * A model from its fitted parameters and the range of weights it was trained on.
 *
 * @example
 * const m = modelFromParams('linear', fitParams('linear', X, y), [[0, 1], [0, 1]]);
 */
export function modelFromParams(name: MixtureModelName, params: MixtureModel['params'], trainedRange: [number, number][]): MixtureModel {
  let predict: (w: ArrayLike<number>) => number;
  switch (name) {
    case 'linear': case 'loglinear': { const f = params as LinearFit; predict = (w) => predictLinear(f, w); break; }
    case 'law': { const f = params as LawFit; predict = (w) => predictLaw(f, w); break; }
    case 'trees': { const f = params as BoostedTrees; predict = (w) => predictTrees(f, w); break; }
    default: throw new InputError(`unknown mixture model "${String(name)}"; expected one of ${MIXTURE_MODELS.join(', ')}`);
  }
  return {
    name, predict, params, trainedRange, extrapolates: name !== 'trees',
    predictMany: (rows) => Float64Array.from(rows, (w) => predict(w)),
  };
}

/**
 * Fit a model to the bootstrap resample `idx` (indices into the runs, with repeats). Trees are fitted on the
 * distinct runs with their counts as weights (the same model as on the repeated rows, ~37% fewer rows); the
 * other models on the repeated rows.
 *
 * @example
 * const m = fitResample('trees', X, y, [0, 0, 3, 5, 5, 5]);
 */
export function fitResample(name: MixtureModelName, X: readonly Float64Array[], y: Float64Array, idx: readonly number[], options: FitMixtureOptions = {}): MixtureModel {
  if (name !== 'trees') return fitMixtureModel(name, idx.map((i) => X[i]!), Float64Array.from(idx, (i) => y[i]!), options);
  const counts = new Map<number, number>();
  for (const i of idx) counts.set(i, (counts.get(i) ?? 0) + 1);
  const u = [...counts.keys()].sort((a, b) => a - b);
  return fitMixtureModel(name, u.map((i) => X[i]!), Float64Array.from(u, (i) => y[i]!), { ...options, trees: { ...options.trees, weights: u.map((i) => counts.get(i)!) } });
}

/** Options of {@link crossValidate}. */
export interface CrossValidateOptions extends FitMixtureOptions, RankScoreOptions {
  /** Number of folds (default 5). */
  folds?: number;
}

/** Out-of-fold rank quality of a model. */
export interface CrossValidation {
  name: MixtureModelName;
  folds: number;
  /** Scores of the pooled out-of-fold predictions, with bootstrap intervals over runs. */
  score: RankScore;
  /** Out-of-fold prediction per run (training order). */
  predicted: Float64Array;
}

/**
 * The fold of each of n runs: runs shuffled by the seed, then dealt round-robin into `folds` parts.
 *
 * @example
 * foldOf(10, 5, 1); // Int32Array of 10 fold numbers, each fold twice
 */
export function foldOf(n: number, folds: number, seed: number): Int32Array {
  const rng = createRng(seed);
  const perm = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) { const k = rng.int(i + 1); [perm[i], perm[k]] = [perm[k]!, perm[i]!]; }
  const fold = new Int32Array(n);
  perm.forEach((i, r) => { fold[i] = r % folds; });
  return fold;
}

/**
 * k-fold cross-validation: runs shuffled by the seed, split into `folds` parts; each part predicted by the model
 * fitted on the others; Spearman, Kendall and RMSE of the pooled out-of-fold predictions.
 *
 * @example
 * const cv = crossValidate('linear', X, y, { folds: 5, seed: 1 });
 * cv.score.spearman; cv.score.spearmanCi;
 */
export function crossValidate(name: MixtureModelName, X: readonly Float64Array[], y: Float64Array, options: CrossValidateOptions = {}): CrossValidation {
  const n = X.length;
  const folds = options.folds ?? 5;
  if (!(Number.isInteger(folds) && folds >= 2)) throw new InputError(`folds must be an integer >= 2, got ${folds}`);
  if (n < 2 * folds) throw new InputError(`${folds}-fold cross-validation needs at least ${2 * folds} runs, got ${n}`);
  const fold = foldOf(n, folds, options.seed ?? 0);
  const predicted = new Float64Array(n);
  for (let f = 0; f < folds; f++) {
    const tr: number[] = [], te: number[] = [];
    for (let i = 0; i < n; i++) (fold[i] === f ? te : tr).push(i);
    const m = fitMixtureModel(name, tr.map((i) => X[i]!), Float64Array.from(tr, (i) => y[i]!), options);
    for (const i of te) predicted[i] = m.predict(X[i]!);
  }
  return { name, folds, score: rankScore(predicted, y, options), predicted };
}

/** A prediction with a bootstrap interval over the training runs. */
export interface IntervalPrediction { predicted: number; lo: number; hi: number }

/** Options of {@link predictWithIntervals}. */
export interface PredictIntervalOptions extends FitMixtureOptions {
  /** Bootstrap resamples (default 200). */
  resamples?: number;
  seed?: number;
  confidence?: number;
  /**
   * 'mean' (default): the spread of the refitted models' predictions, an interval on the model's mean loss at the
   * mixture (model uncertainty only). 'run': each resample's prediction plus one of its out-of-bag residuals drawn
   * at random, an interval for the loss ONE new run at that mixture reaches (model uncertainty and run noise).
   * bench/mixture-coverage.ts measures how often each holds the held-out runs' losses.
   */
  kind?: 'mean' | 'run';
}

/**
 * Predict mixtures with percentile intervals from refitting the model on `resamples` bootstrap resamples of the
 * training runs ({@link PredictIntervalOptions.kind}: the mean loss, or one new run's loss).
 *
 * @example
 * const p = predictWithIntervals('linear', train.X, train.y, test.X, { resamples: 200, seed: 1, kind: 'run' });
 * p[0]; // { predicted, lo, hi }
 */
export function predictWithIntervals(
  name: MixtureModelName, X: readonly Float64Array[], y: Float64Array, rows: readonly ArrayLike<number>[],
  options: PredictIntervalOptions = {},
): IntervalPrediction[] {
  const B = options.resamples ?? 200;
  const a = (1 - (options.confidence ?? 0.95)) / 2;
  const run = (options.kind ?? 'mean') === 'run';
  const full = fitMixtureModel(name, X, y, options).predictMany(rows);
  const rng = createRng(options.seed ?? 0);
  // Residual picks from their own stream, so the 'mean' intervals stay those of the same seed.
  const pick = createRng(options.seed ?? 0).fork(7);
  const draws = rows.map(() => [] as number[]);
  const n = X.length;
  const inBag = new Uint8Array(n);
  for (let b = 0; b < B; b++) {
    const idx = Array.from({ length: n }, () => rng.int(n));
    const m = fitResample(name, X, y, idx, options);
    if (!run) { rows.forEach((r, k) => draws[k]!.push(m.predict(r))); continue; }
    inBag.fill(0);
    for (const i of idx) inBag[i] = 1;
    const oob: number[] = [];
    for (let i = 0; i < n; i++) if (!inBag[i]) oob.push(y[i]! - m.predict(X[i]!));
    if (oob.length === 0) continue;
    rows.forEach((r, k) => draws[k]!.push(m.predict(r) + oob[pick.int(oob.length)]!));
  }
  return rows.map((_, k) => {
    const s = draws[k]!.sort((u, v) => u - v);
    const q = (p: number): number => (s.length >= 2 ? s[Math.min(s.length - 1, Math.max(0, Math.round(p * (s.length - 1))))]! : NaN);
    return { predicted: full[k]!, lo: q(a), hi: q(1 - a) };
  });
}
