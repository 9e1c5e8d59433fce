/**
 * Input and result shapes of the ablation comparison. Inputs are plain numbers per variant (tidy: one final value
 * per run, with optional seed and run labels), so the statistics do not depend on how runs were loaded.
 *
 * @example
 * const v: VariantInput = { name: 'baseline', values: [3.281, 3.279, 3.282], seeds: [0, 1, 2], runs: ['b0', 'b1', 'b2'] };
 */
import type { ProgressOption } from '../progress.js';
import type { Alternative, Correction, IntervalCoverage, IntervalLabel } from '../stats/index.js';

/** One variant's final values, one per run. `seeds` and `runs` (labels used in messages) align with `values`. */
export interface VariantInput {
  name: string;
  values: readonly number[];
  seeds?: readonly (string | number | undefined)[];
  runs?: readonly string[];
  /** Training step at which each value was read (NaN when unknown), aligned with `values`: compareVariants warns when they differ. */
  steps?: readonly number[];
  /** Last step each run logged (how far it got), aligned with `values`: says which runs stopped early. */
  reached?: readonly number[];
}

/** Where in training the values were compared (from {@link VariantInput.steps}). */
export interface ComparedAt {
  /** The one step every compared value was read at; null when they differ (a warning says which). */
  step: number | null;
  /** Runs that logged nothing after `step` while others went on, with the last step they reached. */
  stoppedEarly: { run: string; reached: number }[];
  /** The furthest step any run reached. */
  furthest: number;
}

/** Which way is better: 'lower' (loss, perplexity) or 'higher' (accuracy, score). */
export type Direction = 'lower' | 'higher';

/**
 * Test for variant vs baseline. The default is 'welch': pair by seed ('paired') only when the seed fixes randomness
 * the variants share (data order, initialisation), which the caller must say. 'auto' pairs whenever every variant
 * shares its seeds with the baseline (an explicit choice, never the default).
 */
export type CompareTest = 'auto' | 'welch' | 'student' | 'paired' | 'paired-bootstrap' | 'mannwhitney';

/** Options of {@link compareVariants}. */
export interface CompareOptions {
  /** Where progress of the bootstraps shows (default 'auto': a display in a tslab notebook; src/progress.ts). */
  progress?: ProgressOption;
  /** Name of the baseline variant; default the first. */
  baseline?: string;
  /** default 'lower' */
  direction?: Direction;
  /** default 'welch' (see {@link CompareTest}) */
  test?: CompareTest;
  /** Significance level of decisions; default 0.05. */
  alpha?: number;
  /** Multiple-comparison adjustment across variants; default 'holm'. */
  correction?: Correction;
  /** One-sample threshold test for every variant (e.g. 3.28 for the speedrun rule). */
  threshold?: number;
  /** Alternative of the threshold test; default: the better side ('less' for lower-is-better). */
  alternative?: Alternative;
  /** Bootstrap resamples; default 10,000. */
  resamples?: number;
  /** Seed of the one generator; default 0. */
  seed?: number;
  /** Confidence level of intervals; default 0.95. */
  confidence?: number;
  /** Target power for the seeds-needed and minimum-detectable-difference figures; default 0.8. */
  power?: number;
  /** Smallest difference that matters; an inconclusive result whose interval lies inside +-minEffect is 'negligible'. */
  minEffect?: number;
  /** Metric name, carried into the result. */
  metric?: string;
}

/** Per-variant summary (diverged runs excluded from the numbers but listed). */
export interface VariantSummary {
  name: string;
  n: number;
  mean: number;
  sd: number;
  /** t interval of the mean. */
  ci: [number, number];
  /** What `ci` is (level, method, measured coverage). */
  ciLabel: IntervalLabel;
  /** Measured coverage of the t interval at this n (bench/coverage.ts), for labels. */
  ciCoverage?: IntervalCoverage;
  /**
   * BCa bootstrap interval of the mean; [NaN, NaN] when withheld: below the number of runs at which a BCa interval
   * of a mean was measured to cover 93-97% (`bootstrapCoverage.withheld` says why, with its measured coverage).
   */
  bootstrapCi: [number, number];
  /** What `bootstrapCi` is (level, method, resamples, seed, measured coverage). */
  bootstrapCiLabel: IntervalLabel;
  /** Measured coverage of the BCa interval at this n, and `withheld` when it is not shown. */
  bootstrapCoverage?: IntervalCoverage;
  iqm: number;
  runs: string[];
  /** Runs whose final value is NaN or infinite (excluded, reported). */
  diverged: string[];
}

/**
 * Why an inconclusive comparison is inconclusive. 'zero_variance': the runs the test uses do not vary (every run of
 * both variants equal, or every paired difference equal), so there is no standard error and no t or bootstrap test
 * (p, intervals and effect size are NaN); the difference is exact for these seeds but says nothing about other seeds.
 * 'test_uncalibrated': the paired-bootstrap test at fewer runs than it was measured to hold its level at
 * (bench/coverage.ts: it rejects a true null 25% of the time at 3 seeds, alpha 0.05): p is NaN; use the paired t-test.
 */
export type InconclusiveReason = 'too_few_seeds' | 'negligible' | 'no_difference' | 'insufficient_data' | 'zero_variance' | 'test_uncalibrated';

/** Variant vs baseline. */
export interface Comparison {
  variant: string;
  baseline: string;
  /** mean(variant) - mean(baseline) (mean of paired differences for paired tests). */
  diff: number;
  /**
   * Interval of diff from the test (t interval; BCa bootstrap for Mann-Whitney and the paired bootstrap, [NaN, NaN]
   * when that bootstrap interval is withheld, see `ciCoverage.withheld`).
   */
  ci: [number, number];
  /** What `ci` is (level, method, and resamples and seed when it is a bootstrap interval; measured coverage). */
  ciLabel: IntervalLabel;
  /** Measured coverage of `ci` at this n (bench/coverage.ts), for labels; `withheld` when it is not shown. */
  ciCoverage?: IntervalCoverage;
  /** BCa bootstrap interval of diff (paired resampling for paired tests); [NaN, NaN] when withheld. */
  bootstrapCi: [number, number];
  /** What `bootstrapCi` is. */
  bootstrapCiLabel: IntervalLabel;
  /** Measured coverage of the BCa interval at this n (the smaller group's), and `withheld` when it is not shown. */
  bootstrapCoverage?: IntervalCoverage;
  p: number;
  pAdjusted: number;
  test: Exclude<CompareTest, 'auto'>;
  /** Hedges' g of variant vs baseline. */
  effectSize: number;
  /** P(a variant run beats a baseline run), ties count half (Mann-Whitney U / (n1 n2), direction-aware). */
  probImprovement: number;
  decision: 'better' | 'worse' | 'inconclusive';
  /** Inconclusive only because there are too few seeds for a difference of the observed size. */
  tooFewSeeds: boolean;
  reason?: InconclusiveReason;
  /** Seeds per variant needed to detect the observed difference with the target power (Infinity if none would). */
  seedsNeeded: number;
  /** Smallest difference the current seed count detects with the target power. */
  minDetectableDiff: number;
  /** Runs paired by seed (paired tests only). */
  pairs?: number;
}

/** One-sample test of a variant's mean against a threshold. */
export interface OneSampleResult {
  variant: string;
  threshold: number;
  alternative: Alternative;
  mean: number;
  t: number;
  df: number;
  p: number;
  /** Smallest distance from the threshold (in the tested direction) this variant's n runs detect with the target power. */
  minDetectableDiff: number;
  /** Runs needed to detect the observed distance mean − threshold with the target power (Infinity when it lies the other way). */
  seedsNeeded: number;
  /** Set when no test is possible: 'zero_variance' (every run equal: t and p are NaN) or 'insufficient_data' (one run). */
  reason?: 'zero_variance' | 'insufficient_data';
}

/** Power figures from the observed seed-to-seed variance. */
export interface PowerSummary {
  /** Pooled within-variant sd. */
  pooledSd: number;
  /** Runs per variant these figures assume (the baseline's n). */
  n: number;
  alpha: number;
  targetPower: number;
  /** Smallest difference detectable with n runs per variant. */
  minDetectableDiff: number;
  /** Runs per variant needed to detect each variant's observed difference. */
  seedsNeeded: { variant: string; diff: number; seeds: number }[];
}
