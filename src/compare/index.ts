/**
 * Ablation comparison over src/stats: which variant wins, how sure, and how many seeds to be sure.
 *
 * @example
 * import { compareVariants } from './compare/index.js';
 * const r = compareVariants([{ name: 'base', values: base }, { name: 'new', values: ours }], { threshold: 3.28 });
 */
export { compareVariants, CompareResult } from './compare.js';
export { compareCurves, interpolate, type CurveRun, type CurveVariant, type CurveOptions, type CurveBand, type CurveComparison, type CurvesResult } from './curves.js';
export { aggregateScores, type ScoreVariant, type AggregateOptions, type AggregateResult } from './aggregate.js';
export { rankStability, type RankStabilityOptions, type RankStabilityResult } from './rank-stability.js';
export type {
  VariantInput, Direction, CompareTest, CompareOptions, VariantSummary, InconclusiveReason, Comparison, OneSampleResult, PowerSummary, ComparedAt,
} from './types.js';
export {
  variantsFromRunSet, variantsFromRunSets, curveVariantsFromRunSet,
  type CompareAt, type VariantsFromRuns, type VariantsFromRunsOptions, type CurveVariantsFromRuns,
} from './from-runs.js';
