/**
 * Measured coverage of the mixture intervals on the RegMix fixture (Pile-CC target), written by
 * bench/mixture-coverage.ts (2026-12-06); do not edit by hand. See bench/mixture-coverage.md.
 */

/** Held-out prediction intervals (95%, 512 training runs, 256 test runs): share of test losses inside, by model and kind. */
export const PREDICTION_COVERAGE: Readonly<Record<string, Readonly<Record<string, number>>>> = {"linear":{"mean":0.265625,"run":0.96484375},"law":{"mean":0.33203125,"run":0.953125},"trees":{"mean":0.71484375,"run":0.9921875}};

/** 95% CV Spearman interval (5 folds): share of random 512/256 splits whose held-out Spearman it held, by model. */
export const CV_SPEARMAN_COVERAGE: Readonly<Record<string, number>> = {"linear":0.71,"trees":0.5};

/** The same with the interval widened for a new 256-run test set (newTestSpearmanInterval), by model. */
export const NEW_TEST_SPEARMAN_COVERAGE: Readonly<Record<string, number>> = {"linear":0.97,"trees":0.95};

/** Number of splits behind each {@link CV_SPEARMAN_COVERAGE} entry. */
export const CV_SPEARMAN_SPLITS: Readonly<Record<string, number>> = {"linear":100,"trees":20};

/** Where the coverage was measured (said after it in labels). */
export const PREDICTION_COVERAGE_DESIGN = 'RegMix Pile-CC, 256 held-out runs';
/** Where the CV Spearman coverage was measured. */
export const CV_SPEARMAN_COVERAGE_DESIGN = 'RegMix Pile-CC, random 512/256 splits (held-out Spearman inside)';

/**
 * Proposal intervals (95%): share of synthetic replicates whose truth the interval held, by model and
 * `quantity:method` (weights: share of the true optimum's domain weights inside; predicted: the true mean loss at
 * the proposal; predictedRun: one new run's loss there; differences: the true proposal-minus-prior difference).
 * Written by bench/mixture-proposal-coverage.ts.
 */
export const PROPOSAL_COVERAGE: Readonly<Record<string, Readonly<Record<string, number>>>> = {"trees":{"predicted:debiased":0.867,"predicted:basic":0,"predicted:percentile":0.267,"predictedRun:debiased":0.933,"predictedRun:basic":0.7,"predictedRun:percentile":0.833,"differences:debiased":1,"differences:basic":0.1,"differences:percentile":0.867,"weights:percentile":0.635}};
/** Where the proposal coverage was measured, by model. */
export const PROPOSAL_COVERAGE_DESIGN: Readonly<Record<string, string>> = {"trees":"30 synthetic 512-run replicates with a known Data Mixing Law truth (RegMix Pile-CC), 50 resamples"};
