/**
 * {@link mixtureStudy} with the cross-validation folds and full fits of every model on worker threads: the same
 * result to the last bit (each fit depends only on its runs; predictions are put back by run), in about
 * 1/threads of the time. Falls back to the calling thread when workers cannot start.
 */
import { defaultThreads } from '../workers.js';
import { InputError } from '../errors.js';
import { foldOf, modelFromParams, MIXTURE_MODELS, type MixtureModel } from './models.js';
import { rankScore } from './rank.js';
import { cvSpearmanLabel } from './labels.js';
import { mixtureStudy, tooFewFor, type MixtureStudy, type MixtureStudyOptions, type StudyModel } from './study.js';
import { packRows, runOnWorkers, runFitTask, NoWorkers, type FitTask } from './pool.js';

/** Options of {@link mixtureStudyParallel}. */
export interface MixtureStudyParallelOptions extends MixtureStudyOptions {
  /** Worker threads (default: the machine's parallelism, at most 8; 1 runs {@link mixtureStudy}). */
  threads?: number;
}

/**
 * {@link mixtureStudy} on worker threads; same result.
 *
 * @example
 * const s = await mixtureStudyParallel(train.X, train.y, { heldOut: test, folds: 5, seed: 1, threads: 2 });
 */
export async function mixtureStudyParallel(X: readonly Float64Array[], y: Float64Array, options: MixtureStudyParallelOptions = {}): Promise<MixtureStudy> {
  const threads = Math.max(1, Math.min(8, options.threads ?? defaultThreads()));
  if (threads === 1) return mixtureStudy(X, y, options);
  const names = options.models ?? MIXTURE_MODELS;
  if (names.length === 0) throw new InputError('mixtureStudy: no models to compare');
  const n = X.length, d = X[0]?.length ?? 0;
  const folds = options.folds ?? 5;
  if (!(Number.isInteger(folds) && folds >= 2)) throw new InputError(`folds must be an integer >= 2, got ${folds}`);
  if (n < 2 * folds) throw new InputError(`${folds}-fold cross-validation needs at least ${2 * folds} runs, got ${n}`);
  const warnings: string[] = [];
  const kept = names.filter((name) => {
    const why = tooFewFor(name, n, d, folds);
    if (why) warnings.push(why);
    return !why;
  });
  if (kept.length === 0) throw new InputError(`no model could be fitted: ${warnings.join('; ')}`);
  const fold = foldOf(n, folds, options.seed ?? 0);
  const Xf = packRows(X, d);
  const all = Int32Array.from({ length: n }, (_, i) => i);
  const tasks: FitTask[] = [];
  // Slowest first (the law's L-BFGS, then trees), so the threads finish together.
  const cost = (m: string): number => (m === 'law' ? 0 : m === 'trees' ? 1 : 2);
  for (const name of [...kept].sort((a, b) => cost(a) - cost(b))) {
    for (let f = 0; f < folds; f++) {
      const tr: number[] = [], te: number[] = [];
      for (let i = 0; i < n; i++) (fold[i] === f ? te : tr).push(i);
      tasks.push({ name, d, X: Xf, y, train: Int32Array.from(tr), predict: Int32Array.from(te), options: { ...(options.trees ? { trees: options.trees } : {}) } });
    }
    tasks.push({ name, d, X: Xf, y, train: all, predict: new Int32Array(0), options: { ...(options.trees ? { trees: options.trees } : {}) } });
  }
  let answers: { params: MixtureModel['params']; predicted: Float64Array }[];
  try { answers = await runOnWorkers(tasks.map((fit) => ({ fit })), threads); } catch (e) {
    if (!(e instanceof NoWorkers)) throw e;
    answers = tasks.map(runFitTask);
  }
  const trainedRange: [number, number][] = Array.from({ length: d }, (_, j) => {
    let lo = Infinity, hi = -Infinity;
    for (const r of X) { lo = Math.min(lo, r[j]!); hi = Math.max(hi, r[j]!); }
    return [lo, hi];
  });
  const models: StudyModel[] = kept.map((name) => {
    const predicted = new Float64Array(n);
    let full: MixtureModel | undefined;
    tasks.forEach((t, k) => {
      if (t.name !== name) return;
      if (t.predict.length) t.predict.forEach((i, p) => { predicted[i] = answers[k]!.predicted[p]!; });
      else full = modelFromParams(name, answers[k]!.params, trainedRange);
    });
    const cv = rankScore(predicted, y, options);
    const r: StudyModel = { name, cv, cvSpearmanLabel: cvSpearmanLabel(name, folds, cv.ciLabel.resamples, cv.ciLabel.seed, cv.ciLabel.level), model: full! };
    if (options.heldOut) {
      r.heldOutPredicted = full!.predictMany(options.heldOut.X);
      r.heldOut = rankScore(r.heldOutPredicted, options.heldOut.y, options);
    }
    return r;
  });
  const chosen = models.reduce((a, b) => (b.cv.spearman > a.cv.spearman ? b : a)).name;
  return { chosen, models, folds, warnings };
}
