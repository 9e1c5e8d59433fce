/**
 * Data-mixture analysis: from proxy runs (mixture weights per run, losses) to models of loss as a function of the
 * mixture, their rank quality, and (later) a proposed mixture.
 *
 * @example
 * import { readMixtureTable, targetData, fitMixtureModel, rankScore } from 'scalelab';
 * const train = targetData(readMixtureTable('train_mix.csv', 'train_loss.csv'), 'loss');
 * const m = fitMixtureModel('trees', train.X, train.y);
 */
export { mixtureTable, readMixtureTable, targetData, combinedTarget, type RawTable, type MixtureTable, type MixtureTableOptions } from './table.js';
export { spearman, kendall, kendallPairs, rankScore, newTestSpearmanInterval, type RankScore, type RankScoreOptions } from './rank.js';
export { fitLinear, predictLinear, type LinearFit } from './linear.js';
export { fitMixingLaw, predictLaw, type LawFit } from './law.js';
export { fitBoostedTrees, predictTrees, type BoostedTrees, type BoostedTreesOptions } from './trees.js';
export { fitMixtureModel, fitParams, modelFromParams, foldOf, fitResample, crossValidate, predictWithIntervals, MIXTURE_MODELS, type IntervalPrediction, type PredictIntervalOptions, type MixtureModelName, type MixtureModel, type FitMixtureOptions, type CrossValidateOptions, type CrossValidation } from './models.js';
export { mixtureStudy, tooFewFor, type MixtureStudy, type MixtureStudyOptions, type StudyModel } from './study.js';
export { proposeMixture, dirichlet, searchSpace, drawCandidates, planProposal, finishProposal, proposalResample, type ProposeMixtureOptions, type MixtureProposal, type SearchSpace, type ResampleContext, type ResampleResult, type ProposalPlan } from './propose.js';
export { proposeMixtureParallel, type ProposeParallelOptions } from './propose-parallel.js';
export { mixtureStudyParallel, type MixtureStudyParallelOptions } from './study-parallel.js';
export { refineMixture, type RefineOptions, type Refinement } from './refine.js';
export { mixtureFromRuns, parseMegatronDataPath, expandDomains, type MixtureFromRunsOptions } from './from-runs.js';
export { withShare, domainInfluence, mixtureLandscape, type MixtureLandscape } from './landscape.js';
export { predictionIntervalLabel, cvSpearmanLabel, newTestSpearmanLabel } from './labels.js';
