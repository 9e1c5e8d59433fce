/**
 * Statistics on plain numbers: distributions, descriptive statistics, t-tests, Mann-Whitney U, bootstrap
 * intervals (percentile, basic, BCa; stratified and paired), multiple-testing corrections, effect sizes and
 * power. Every random draw goes through {@link createRng}.
 *
 * @example
 * import { welchTest, bootstrap, statMeanDiff } from './stats/index.js';
 * welchTest(variant, baseline).p;
 * bootstrap([variant, baseline], statMeanDiff, { seed: 0 }).ci;
 */
export { createRng, type Rng } from './random.js';
export { lgamma, lbeta, ibeta, igamma, lgammaCorrection, type Tails } from './special.js';
export { normalCdf, normalSf, normalPdf, normalQuantile } from './normal.js';
export { tCdf, tSf, tPdf, tQuantile } from './student-t.js';
export { nctCdf, nctSf } from './noncentral-t.js';
export { mean, variance, sd, quantile, quantileSorted, select, trimMean, iqm, type NumArray } from './descriptive.js';
export {
  oneSampleTest, welchTest, studentTest, pairedTest, tPValue,
  type Alternative, type TTestOptions, type TTestResult,
} from './ttest.js';
export { mannWhitney, mannWhitneyExactSf, rankdata, type MannWhitneyResult, type MannWhitneyOptions } from './mann-whitney.js';
export {
  bootstrap, statMean, statMeanDiff, statPooledMean, statPooledIqm,
  type BootstrapMethod, type BootstrapOptions, type BootstrapResult, type Statistic,
} from './bootstrap.js';
export { adjustPValues, type Correction } from './multiple.js';
export { cohensD, hedgesG } from './effect-size.js';
export {
  describeInterval, formatInterval, intervalLabelJson, isBootstrapMethod, sharedDescription,
  type Interval, type IntervalLabel, type IntervalMethod,
} from './interval.js';
export { tTestPower, minDetectableDiff, seedsNeeded, type PowerDesign } from './power.js';
export {
  intervalCoverage, coverageHoldsFrom, COVERAGE_INTERVALS, COVERAGE_BAND,
  type CoverageInterval, type CoverageData, type CoverageTable, type IntervalCoverage,
} from './coverage.js';
export { COVERAGE_TABLE } from './coverage-table.js';
