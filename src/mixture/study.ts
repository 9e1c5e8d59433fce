/**
 * A mixture study: every model cross-validated on the training runs and (when given) scored on held-out runs,
 * side by side; the model with the best cross-validated Spearman is chosen.
 */
import { InputError } from '../errors.js';
import { crossValidate, fitMixtureModel, MIXTURE_MODELS, type CrossValidateOptions, type MixtureModel, type MixtureModelName } from './models.js';
import { rankScore, type RankScore } from './rank.js';
import { cvSpearmanLabel } from './labels.js';
import type { IntervalLabel } from '../stats/interval.js';

/** One model's results in a {@link MixtureStudy}. */
export interface StudyModel {
  name: MixtureModelName;
  /** k-fold cross-validation on the training runs. */
  cv: RankScore;
  /** What `cv.spearmanCi` is, with its measured coverage when known (see labels.ts). */
  cvSpearmanLabel: IntervalLabel;
  /** Scores on the held-out runs, when some were given. */
  heldOut?: RankScore;
  /** The model fitted on all training runs. */
  model: MixtureModel;
  /** Held-out predictions, in the order of the held-out runs. */
  heldOutPredicted?: Float64Array;
}

/** Result of {@link mixtureStudy}. */
export interface MixtureStudy {
  /** The model with the highest cross-validated Spearman. */
  chosen: MixtureModelName;
  models: StudyModel[];
  folds: number;
  warnings: string[];
}

/** Options of {@link mixtureStudy}. */
export interface MixtureStudyOptions extends CrossValidateOptions {
  /** Models to compare (default all four). */
  models?: readonly MixtureModelName[];
  /** Held-out runs to score every model on. */
  heldOut?: { X: readonly Float64Array[]; y: Float64Array };
}

/**
 * Why a model cannot be cross-validated on n runs over d domains with k folds (the law needs d + 2 runs in every
 * fold's training part), or undefined when it can.
 *
 * @example
 * tooFewFor('law', 12, 17, 5); // 'law: 12 runs are too few ...'
 */
export function tooFewFor(name: MixtureModelName, n: number, d: number, folds: number): string | undefined {
  if (name !== 'law') return undefined;
  const inFold = n - Math.ceil(n / folds);
  if (n < d + 2) return `law: ${n} runs are too few for ${d + 1} parameters; left out`;
  if (inFold < d + 2) return `law: ${n} runs leave ${inFold} in a ${folds}-fold training part, too few for ${d + 1} parameters (needs ${d + 2}); left out`;
  return undefined;
}

/**
 * Cross-validate every model, fit each on all training runs, score on held-out runs, choose by CV Spearman.
 *
 * @example
 * const s = mixtureStudy(train.X, train.y, { heldOut: test, folds: 5, seed: 1 });
 * s.chosen; // 'trees'
 * s.models.map((m) => [m.name, m.cv.spearman, m.heldOut?.spearman]);
 */
export function mixtureStudy(X: readonly Float64Array[], y: Float64Array, options: MixtureStudyOptions = {}): MixtureStudy {
  const names = options.models ?? MIXTURE_MODELS;
  if (names.length === 0) throw new InputError('mixtureStudy: no models to compare');
  const warnings: string[] = [];
  const models: StudyModel[] = [];
  for (const name of names) {
    const why = tooFewFor(name, X.length, X[0]?.length ?? 0, options.folds ?? 5);
    if (why) { warnings.push(why); continue; }
    const cv = crossValidate(name, X, y, options).score;
    const model = fitMixtureModel(name, X, y, options);
    const r: StudyModel = { name, cv, cvSpearmanLabel: cvSpearmanLabel(name, options.folds ?? 5, cv.ciLabel.resamples, cv.ciLabel.seed, cv.ciLabel.level), model };
    if (options.heldOut) {
      r.heldOutPredicted = model.predictMany(options.heldOut.X);
      r.heldOut = rankScore(r.heldOutPredicted, options.heldOut.y, options);
    }
    models.push(r);
  }
  if (models.length === 0) throw new InputError(`no model could be fitted: ${warnings.join('; ')}`);
  const chosen = models.reduce((a, b) => (b.cv.spearman > a.cv.spearman ? b : a)).name;
  return { chosen, models, folds: options.folds ?? 5, warnings };
}
