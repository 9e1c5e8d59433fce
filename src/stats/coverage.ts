/**
 * Measured coverage of the kit's nominal 95% intervals (bench/coverage.ts writes the table in coverage-table.ts),
 * and the rule that decides which bootstrap intervals are shown: a bootstrap interval is shown from the sample size
 * at which its measured coverage on normal data holds 93-97% (and stays there at every larger size measured);
 * below that it is withheld, with the measured coverage as the reason. At 2-5 runs the BCa interval of a mean covers
 * 51-83%, the t interval 95% (exact under normality): the t interval is the one to read there.
 *
 * @example
 * intervalCoverage('bca-mean', 3);  // { measured: 0.74..., withheld: 'BCa bootstrap interval of a mean: covers 74% ...' }
 * intervalCoverage('t-mean', 3).measured; // ~0.95
 */
import { COVERAGE_TABLE } from './coverage-table.js';

/** Every interval the coverage bench measures (one name per interval the kit prints). */
export const COVERAGE_INTERVALS = [
  't-mean', 't-bound', 'welch-diff', 'student-diff', 'paired-diff', 'bca-mean', 'percentile-mean', 'bca-diff',
  'percentile-diff', 'bca-paired-diff', 'percentile-paired-diff', 'aggregate-iqm', 'aggregate-mean',
] as const;
/** An interval of {@link COVERAGE_INTERVALS}. */
export type CoverageInterval = (typeof COVERAGE_INTERVALS)[number];
/** Data the coverage was measured on: normal, skewed (lognormal, sigma 1), heavy-tailed (t, 3 df). */
export type CoverageData = 'normal' | 'skewed' | 'heavy';

/** The generated table: coverage[interval][data][i] = [share, Wilson low, Wilson high] at sizes[i]. */
export interface CoverageTable {
  seed: number;
  trials: number;
  resamples: number;
  confidence: number;
  /** Tasks of the aggregate intervals (their n is runs per task). */
  tasks: number;
  sizes: number[];
  coverage: Record<CoverageInterval, Record<CoverageData, [number, number, number][]>>;
}

/** What is known of an interval's real coverage at its sample size; the label an interval carries. */
export interface IntervalCoverage {
  interval: CoverageInterval;
  /** Level of the intervals the table measured (0.95; an interval asked at another level has no measured coverage of its own). */
  nominal: number;
  /** Sample size of the measurement used: the largest measured size <= the interval's (runs per variant). */
  n: number;
  /** Measured coverage on normal data at n, and its Wilson 95% interval. */
  measured: number;
  wilson: [number, number];
  /** Measured coverage at n on skewed (lognormal) and heavy-tailed (t3) data. */
  skewed: number;
  heavy: number;
  /**
   * Smallest measured size from which normal-data coverage stays within 93-97%; null if it never does. Bootstrap
   * intervals are shown from there; t intervals are always shown (exact under normality) and labelled.
   */
  holdsFrom: number | null;
  /** Set when the interval is not shown (a bootstrap interval below holdsFrom): why, with the measured coverage. */
  withheld?: string;
  /** Where the numbers come from. */
  source: string;
}

const NAMES: Record<CoverageInterval, string> = {
  't-mean': 't interval of a mean', 't-bound': 'one-sided t bound of a mean', 'welch-diff': 'Welch t interval of a difference',
  'student-diff': 'Student t interval of a difference', 'paired-diff': 'paired t interval of a difference',
  'bca-mean': 'BCa bootstrap interval of a mean', 'percentile-mean': 'percentile bootstrap interval of a mean',
  'bca-diff': 'BCa bootstrap interval of a difference', 'percentile-diff': 'percentile bootstrap interval of a difference',
  'bca-paired-diff': 'paired BCa bootstrap interval of a difference',
  'percentile-paired-diff': 'paired percentile bootstrap interval of a difference (and the paired-bootstrap test, its inversion)',
  'aggregate-iqm': 'stratified percentile bootstrap interval of the IQM', 'aggregate-mean': 'stratified percentile bootstrap interval of the mean',
};

/** Intervals withheld below their holdsFrom (the t intervals are exact under normality and always shown). */
const BOOTSTRAP: ReadonlySet<CoverageInterval> = new Set(['bca-mean', 'percentile-mean', 'bca-diff', 'percentile-diff', 'bca-paired-diff', 'percentile-paired-diff', 'aggregate-iqm', 'aggregate-mean']);

/** The band a 95% interval must hold to be shown. */
export const COVERAGE_BAND: readonly [number, number] = [0.93, 0.97];

/**
 * Smallest measured size from which the interval's normal-data coverage stays within {@link COVERAGE_BAND}.
 *
 * @example
 * coverageHoldsFrom('t-mean'); // 2
 */
export function coverageHoldsFrom(interval: CoverageInterval, table: CoverageTable = COVERAGE_TABLE): number | null {
  const rows = table.coverage[interval].normal;
  let from: number | null = null;
  for (let i = rows.length - 1; i >= 0; i--) {
    const p = rows[i]![0];
    if (p >= COVERAGE_BAND[0] && p <= COVERAGE_BAND[1]) from = table.sizes[i]!;
    else break;
  }
  return from;
}

/**
 * Measured coverage of `interval` with n runs (per variant; per task for aggregates), and whether it is withheld.
 * n below the smallest measured size (2) gives undefined.
 *
 * @example
 * const c = intervalCoverage('bca-diff', 4);
 * c?.withheld; // 'BCa bootstrap interval of a difference: covers 80% ...; shown from n = ...'
 */
export function intervalCoverage(interval: CoverageInterval, n: number, confidence = 0.95, table: CoverageTable = COVERAGE_TABLE): IntervalCoverage | undefined {
  let i = -1;
  for (let j = 0; j < table.sizes.length; j++) if (table.sizes[j]! <= n) i = j;
  if (i < 0) return undefined;
  const [measured, lo, hi] = table.coverage[interval].normal[i]!;
  const holdsFrom = coverageHoldsFrom(interval, table);
  const pct = (v: number) => `${(100 * v).toFixed(0)}%`;
  const c: IntervalCoverage = {
    interval, nominal: 0.95, n: table.sizes[i]!, measured, wilson: [lo, hi],
    skewed: table.coverage[interval].skewed[i]![0], heavy: table.coverage[interval].heavy[i]![0], holdsFrom,
    source: `bench/coverage.ts (seed ${table.seed}, ${table.trials} data sets, normal data)`,
  };
  if (BOOTSTRAP.has(interval) && (holdsFrom === null || n < holdsFrom)) {
    const at = table.sizes[i] === n ? `n = ${n}` : `n = ${table.sizes[i]} (measured size nearest below ${n})`;
    c.withheld = `${NAMES[interval]} withheld: a nominal 95% interval of this kind covers ${pct(measured)} [${pct(lo)}-${pct(hi)}] at ${at} on normal data (bench/coverage.ts, seed ${table.seed}, ${table.trials} data sets)` +
      (holdsFrom === null ? '; it does not reach 93-97% at any measured size' : `; shown from n = ${holdsFrom}`) +
      (confidence !== table.confidence ? ` (measured at ${table.confidence * 100}%, requested ${confidence * 100}%)` : '');
  }
  return c;
}
