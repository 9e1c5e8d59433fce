/**
 * What an interval is: one small typed label (level, method, resamples, seed, dropped resamples, measured
 * coverage) carried beside every interval a result holds, and one formatter for text, HTML and figure labels,
 * so that no interval reaches a user as a bare `[lo, hi]`.
 *
 * JSON keeps `ci: [lo, hi]` for compatibility and adds the label beside it as `ci_method`
 * (`{ level, method, resamples?, seed?, dropped?, over?, coverage? }`, see {@link intervalLabelJson}).
 *
 * @example
 * import { describeInterval, formatInterval } from './interval.js';
 * const label = { level: 0.95, method: 'bca', resamples: 2000, seed: 1 } as const;
 * describeInterval(label);               // '95% BCa bootstrap, 2000 resamples, seed 1'
 * describeInterval(label, 'compact');    // '95% BCa, 2000 resamples, seed 1'
 * formatInterval(1.935, 1.988);           // '[1.935, 1.988]'
 */

/** How an interval was computed. */
export type IntervalMethod =
  /** One-sample Student t interval of a mean. */
  | 't'
  /** Welch's t interval of a difference of means (unequal variances). */
  | 'welch'
  /** Student's two-sample t interval (pooled variance). */
  | 'student'
  /** t interval of the mean of seed-paired differences. */
  | 'paired-t'
  /** Bootstrap percentile interval. */
  | 'percentile'
  /** Bootstrap basic (reverse percentile) interval. */
  | 'basic'
  /** Bootstrap bias-corrected and accelerated interval. */
  | 'bca'
  /** Profile-likelihood interval. */
  | 'profile';

/** The label of an interval: everything needed to say what it is, without its bounds. */
export interface IntervalLabel {
  /** Nominal confidence level, e.g. 0.95. */
  level: number;
  method: IntervalMethod;
  /** Bootstrap resamples drawn (bootstrap methods only). */
  resamples?: number;
  /** Seed of the bootstrap's generator. */
  seed?: number;
  /** Resamples drawn but not used (e.g. a refit that failed); the interval is from `resamples - dropped`. */
  dropped?: number;
  /** What was resampled, e.g. 'runs', 'runs within each budget', 'seed pairs'. */
  over?: string;
  /** Measured coverage of this kind of interval at this sample size (a bench's number), when known. */
  coverage?: number;
  /** Where `coverage` was measured, e.g. 'synthetic 35-run sweeps' (said after it in long descriptions). */
  coverageDesign?: string;
}

/** An interval with its label. */
export interface Interval extends IntervalLabel {
  lo: number;
  hi: number;
}

const METHOD_TEXT: Record<IntervalMethod, { long: string; compact: string }> = {
  t: { long: 't interval', compact: 't' },
  welch: { long: 'Welch t interval', compact: 'Welch t' },
  student: { long: "Student's t interval (pooled variance)", compact: 'Student t' },
  'paired-t': { long: 'paired t interval (by seed)', compact: 'paired t' },
  percentile: { long: 'percentile bootstrap', compact: 'percentile' },
  basic: { long: 'basic bootstrap', compact: 'basic' },
  bca: { long: 'BCa bootstrap', compact: 'BCa' },
  profile: { long: 'profile likelihood', compact: 'profile' },
};

/**
 * True for the bootstrap methods (their label says resamples and seed).
 *
 * @example
 * isBootstrapMethod('bca');   // true
 * isBootstrapMethod('welch'); // false
 */
export function isBootstrapMethod(m: IntervalMethod): boolean {
  return m === 'percentile' || m === 'basic' || m === 'bca';
}

function pct(x: number): string {
  return `${+(100 * x).toPrecision(3)}%`;
}

/**
 * A label in words. `'long'` (tables, text, captions): `95% BCa bootstrap over runs, 2000 resamples, seed 1`;
 * `'compact'` (figures): `95% BCa, 2000 resamples, seed 1`. Dropped resamples and a measured coverage are
 * always said.
 *
 * @example
 * describeInterval({ level: 0.95, method: 'welch' });                                          // '95% Welch t interval'
 * describeInterval({ level: 0.95, method: 'percentile', resamples: 400, seed: 7, dropped: 62 }, 'compact');
 * // '95% percentile, 400 resamples (62 dropped), seed 7'
 * describeInterval({ level: 0.95, method: 'bca', resamples: 200, seed: 1, coverage: 0.92, coverageDesign: 'synthetic 35-run sweeps' });
 * // '95% BCa bootstrap, 200 resamples, seed 1, measured coverage 92% on synthetic 35-run sweeps'
 */
export function describeInterval(label: IntervalLabel, style: 'long' | 'compact' = 'long'): string {
  const t = METHOD_TEXT[label.method];
  const parts = [`${pct(label.level)} ${style === 'long' ? t.long : t.compact}${style === 'long' && label.over ? ` over ${label.over}` : ''}`];
  if (label.resamples !== undefined) {
    const kept = label.dropped ? ` (${label.dropped} dropped)` : '';
    parts.push(`${label.resamples} resamples${kept}`);
  }
  if (label.seed !== undefined) parts.push(`seed ${label.seed}`);
  if (label.coverage !== undefined) parts.push(`measured coverage ${pct(label.coverage)}${style === 'long' && label.coverageDesign ? ` on ${label.coverageDesign}` : ''}`);
  return parts.join(', ');
}

/**
 * The bounds as `[lo, hi]`, each through `fmt` (default: 4 significant digits).
 *
 * @example
 * formatInterval(1.9351, 1.98812); // '[1.935, 1.988]'
 * formatInterval(68.3e9, 153e9, (v) => `${v / 1e9}B`); // '[68.3B, 153B]'
 */
export function formatInterval(lo: number, hi: number, fmt: (v: number) => string = (v) => (Number.isFinite(v) ? String(+v.toPrecision(4)) : String(v))): string {
  return `[${fmt(lo)}, ${fmt(hi)}]`;
}

/**
 * The label as JSON (snake_case, no undefined keys): the `ci_method` object beside a `ci: [lo, hi]`.
 *
 * @example
 * intervalLabelJson({ level: 0.95, method: 'bca', resamples: 2000, seed: 1 });
 * // { level: 0.95, method: 'bca', resamples: 2000, seed: 1 }
 */
export function intervalLabelJson(label: IntervalLabel): Record<string, string | number> {
  const out: Record<string, string | number> = { level: label.level, method: label.method };
  if (label.resamples !== undefined) out.resamples = label.resamples;
  if (label.seed !== undefined) out.seed = label.seed;
  if (label.dropped !== undefined) out.dropped = label.dropped;
  if (label.over !== undefined) out.over = label.over;
  if (label.coverage !== undefined) out.coverage = label.coverage;
  if (label.coverageDesign !== undefined) out.coverage_design = label.coverageDesign;
  return out;
}

/**
 * One description for several intervals when they share a label, else each distinct one (in order) joined by '; '.
 *
 * @example
 * sharedDescription([{ level: 0.95, method: 'welch' }, { level: 0.95, method: 'welch' }]); // '95% Welch t interval'
 */
export function sharedDescription(labels: readonly IntervalLabel[], style: 'long' | 'compact' = 'long'): string {
  return [...new Set(labels.map((l) => describeInterval(l, style)))].join('; ');
}
