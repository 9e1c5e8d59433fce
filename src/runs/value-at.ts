/**
 * Value of a metric at a matched x (step, tokens or FLOPs) for every run, by linear interpolation between the
 * two bracketing points (optionally linear in log x).
 *
 * Never extrapolates silently: an x outside a run's range gives value NaN with `outOfRange: true`, unless
 * `extrapolate: true` is passed, in which case the line through the two nearest end points is used and the row
 * says `flag: 'extrapolated'`. A non-finite neighbour gives NaN with flag `non_finite`.
 */
import { InputError } from '../errors.js';
import type { RunSet } from './runset.js';
import type { Curve } from './types.js';

/** Where to read the curves: exactly one of step, tokens, flops. */
export type At = { step: number } | { tokens: number } | { flops: number };

/** Options of {@link valueAt}. */
export interface ValueAtOptions {
  /** Interpolate linearly in log(x) (x must be > 0). Default false. */
  logX?: boolean;
  /** Extrapolate outside the logged range (flagged). Default false: NaN with `outOfRange: true`. */
  extrapolate?: boolean;
}

/** How a value was obtained. */
export type ValueAtFlag =
  /** A logged point at exactly x. */
  | 'exact'
  /** Interpolated between two finite neighbours. */
  | 'interpolated'
  /** Outside the range, extrapolated on request. */
  | 'extrapolated'
  /** Outside the range: NaN. */
  | 'out_of_range'
  /** The point at x, or a neighbour used, is NaN/Inf or a skipped iteration: NaN (or the logged non-finite value at an exact hit). */
  | 'non_finite'
  /** The run logged no finite x of this kind (e.g. no tokens column) or has no curve of the metric: NaN. */
  | 'no_x'
  /** x is not non-decreasing along the steps (cannot bracket unambiguously): NaN. */
  | 'non_monotonic_x';

/** One run's value at x. */
export interface ValueAtRow {
  run: string;
  name: string;
  variant: string | undefined;
  seed: string | number | undefined;
  /** The requested x. */
  x: number;
  value: number;
  /** The x of the points used (NaN when none). */
  x0: number;
  x1: number;
  outOfRange: boolean;
  flag: ValueAtFlag;
}

/**
 * Value of `metric` at `at` for every run (a row per run, in run order).
 *
 * @example
 * valueAt(rs, 'val/loss', { tokens: 20e9 });                 // linear in tokens
 * valueAt(rs, 'val/loss', { flops: 1e20 }, { logX: true });  // linear in log FLOPs
 */
export function valueAt(rs: RunSet, metric: string, at: At, options: ValueAtOptions = {}): ValueAtRow[] {
  const keys = Object.keys(at).filter((k) => k === 'step' || k === 'tokens' || k === 'flops');
  if (keys.length !== 1) throw new InputError(`valueAt: give exactly one of step, tokens, flops (got ${JSON.stringify(at)})`);
  const axis = keys[0] as 'step' | 'tokens' | 'flops';
  const x = (at as Record<string, number>)[axis]!;
  if (!Number.isFinite(x)) throw new InputError(`valueAt: ${axis} must be a finite number, got ${x}`);
  if (options.logX && !(x > 0)) throw new InputError(`valueAt: logX needs ${axis} > 0, got ${x}`);
  return rs.runs.map((run) => {
    const base = { run: run.id, name: run.name, variant: run.variant, seed: run.seed, x };
    const c = rs.curve(run.id, metric);
    const r = c ? interpolateCurve(c, axis, x, options) : { value: NaN, x0: NaN, x1: NaN, outOfRange: false, flag: 'no_x' as const };
    return { ...base, ...r };
  });
}

/**
 * The interpolation of one curve at x along `axis` (the per-curve core of {@link valueAt}).
 *
 * @example
 * interpolateCurve(rs.curve('a', 'loss')!, 'step', 150); // { value, x0: 100, x1: 200, outOfRange: false, flag: 'interpolated' }
 */
export function interpolateCurve(
  c: Curve,
  axis: 'step' | 'tokens' | 'flops',
  x: number,
  options: ValueAtOptions = {},
): { value: number; x0: number; x1: number; outOfRange: boolean; flag: ValueAtFlag } {
  const xs = c[axis];
  const ys = c.value;
  const idx: number[] = [];
  for (let i = 0; i < xs.length; i++) if (Number.isFinite(xs[i]!)) idx.push(i);
  if (idx.length === 0) return { value: NaN, x0: NaN, x1: NaN, outOfRange: false, flag: 'no_x' };
  for (let j = 1; j < idx.length; j++) {
    if (xs[idx[j]!]! < xs[idx[j - 1]!]!) return { value: NaN, x0: NaN, x1: NaN, outOfRange: false, flag: 'non_monotonic_x' };
  }
  const log = options.logX === true;
  if (log && xs[idx[0]!]! <= 0) {
    // Points at x <= 0 (step 0) have no log; use only x > 0.
    while (idx.length && xs[idx[0]!]! <= 0) idx.shift();
    if (idx.length === 0) return { value: NaN, x0: NaN, x1: NaN, outOfRange: true, flag: 'out_of_range' };
  }
  const X = (i: number) => (log ? Math.log(xs[i]!) : xs[i]!);
  const tx = log ? Math.log(x) : x;
  // Last index with x_i <= x (the last of equal x wins: a later logged point at the same x is the newer value).
  let lo = 0, hi = idx.length - 1;
  const first = xs[idx[0]!]!, lastX = xs[idx[hi]!]!;
  if (x < first || x > lastX) {
    if (!options.extrapolate || idx.length < 2) return { value: NaN, x0: NaN, x1: NaN, outOfRange: true, flag: 'out_of_range' };
    const [a, b] = x < first ? [idx[0]!, idx[1]!] : [idx[idx.length - 2]!, idx[idx.length - 1]!];
    const v = line(X(a), ys[a]!, X(b), ys[b]!, tx);
    const ok = Number.isFinite(ys[a]!) && Number.isFinite(ys[b]!) && X(a) !== X(b);
    return { value: ok ? v : NaN, x0: xs[a]!, x1: xs[b]!, outOfRange: true, flag: ok ? 'extrapolated' : 'non_finite' };
  }
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (xs[idx[mid]!]! <= x) lo = mid;
    else hi = mid - 1;
  }
  const a = idx[lo]!;
  if (xs[a] === x) {
    const v = ys[a]!;
    return { value: v, x0: x, x1: x, outOfRange: false, flag: Number.isFinite(v) ? 'exact' : 'non_finite' };
  }
  const b = idx[lo + 1]!;
  if (!Number.isFinite(ys[a]!) || !Number.isFinite(ys[b]!)) return { value: NaN, x0: xs[a]!, x1: xs[b]!, outOfRange: false, flag: 'non_finite' };
  return { value: line(X(a), ys[a]!, X(b), ys[b]!, tx), x0: xs[a]!, x1: xs[b]!, outOfRange: false, flag: 'interpolated' };
}

function line(x0: number, y0: number, x1: number, y1: number, x: number): number {
  const t = (x - x0) / (x1 - x0);
  return y0 + t * (y1 - y0);
}
