/**
 * A mixture study: every model cross-validated on the training runs and (when given) scored on held-out runs,
 * side by side; the model with the best cross-validated Spearman is chosen.
 */
import { InputError } from '../errors.js';
import { crossValidate, fitMixtureModel, MIXTURE_MODELS, type CrossValidateOptions, type MixtureModel, type MixtureModelName } from './models.js';
import { rankScore, type RankScore } from './rank.js';

/** One model's results in a {@link MixtureStudy}. */
export interface StudyModel {
  name: MixtureModelName;
  /** k-fold cross-validation on the training runs. */
  cv: RankScore;
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
    if (name === 'law' && X.length < (X[0]?.length ?? 0) + 2) { warnings.push(`law: ${X.length} runs are too few for ${(X[0]?.length ?? 0) + 1} parameters; left out`); continue; }
    const cv = crossValidate(name, X, y, options).score;
    const model = fitMixtureModel(name, X, y, options);
    const r: StudyModel = { name, cv, model };
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
