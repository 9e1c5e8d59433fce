/**
 * Variants compared along training at matched tokens or FLOPs: each run's curve is interpolated linearly onto a
 * common grid (only inside the run's own range, never extrapolated), then per variant the mean curve with a
 * t-interval band, and per variant vs baseline the difference with its Welch interval and test at every grid
 * point, and the first point from which its advantage (or its disadvantage) is significant at every later point.
 *
 * @example
 * const r = compareCurves([
 *   { name: 'base', runs: [{ x: [1e9, 2e9, 3e9], y: [3.9, 3.5, 3.4] }, { x: [1e9, 2e9, 3e9], y: [3.95, 3.52, 3.41] }] },
 *   { name: 'new', runs: [{ x: [1e9, 2e9, 3e9], y: [3.8, 3.4, 3.3] }, { x: [1e9, 2e9, 3e9], y: [3.82, 3.41, 3.31] }] },
 * ], { points: 3 });
 * r.comparisons[0].significantFrom; // x from which 'new' is significantly better
 */
import { mean, sd, tQuantile, welchTest, adjustPValues } from '../stats/index.js';
import { CompareError } from '../errors.js';
import type { Direction } from './types.js';

/** One run's curve: x (tokens or FLOPs, increasing) and the metric. */
export interface CurveRun {
  x: readonly number[];
  y: readonly number[];
  id?: string;
}

/** A variant's runs. */
export interface CurveVariant {
  name: string;
  runs: readonly CurveRun[];
}

/** Options of {@link compareCurves}. */
export interface CurveOptions {
  baseline?: string;
  direction?: Direction;
  /** Grid points (default 50) between the largest run start and the smallest run end; log-spaced when that spans > 2 decades. */
  points?: number;
  /** Explicit grid (overrides `points`). */
  grid?: readonly number[];
  alpha?: number;
  confidence?: number;
  /** Adjust the per-point p-values over the grid (default 'none': each point is its own question). */
  correction?: 'holm' | 'bh' | 'none';
}

/** Mean curve and band of one variant. */
export interface CurveBand {
  name: string;
  x: number[];
  mean: number[];
  lo: number[];
  hi: number[];
  n: number[];
}

/** A variant against the baseline along the grid. */
export interface CurveComparison {
  variant: string;
  baseline: string;
  x: number[];
  diff: number[];
  /** Welch interval of the difference at each grid point (level `confidence`; NaN with fewer than 2 runs a side). */
  lo: number[];
  hi: number[];
  p: number[];
  /** Grid x from which the variant is significantly better at this and every later point (null if never). */
  significantFrom: number | null;
  /** Grid x from which the variant is significantly worse at this and every later point (null if never). */
  worseFrom: number | null;
}

/**
 * Linear interpolation of a curve at x (NaN outside its range or where y is not finite on either side).
 *
 * @example
 * interpolate([0, 10], [1, 3], 5); // 2
 */
export function interpolate(xs: readonly number[], ys: readonly number[], x: number): number {
  const n = xs.length;
  if (n === 0 || x < xs[0]! || x > xs[n - 1]!) return NaN;
  let lo = 0, hi = n - 1;
  while (hi - lo > 1) { const m = (lo + hi) >>> 1; if (xs[m]! <= x) lo = m; else hi = m; }
  if (xs[lo] === x) return ys[lo]!;
  if (xs[hi] === x) return ys[hi]!;
  const t = (x - xs[lo]!) / (xs[hi]! - xs[lo]!);
  return ys[lo]! + t * (ys[hi]! - ys[lo]!);
}

/**
 * Compare variants' curves at matched x.
 *
 * @example
 * compareCurves(variants, { baseline: 'base', grid: [1e9, 2e9] }).bands[0].mean;
 */
export function compareCurves(variants: readonly CurveVariant[], o: CurveOptions = {}): { bands: CurveBand[]; comparisons: CurveComparison[] } {
  if (variants.length === 0) throw new CompareError('compareCurves: no variants');
  const all = variants.flatMap((v) => v.runs);
  for (const v of variants) for (const r of v.runs) {
    if (r.x.length !== r.y.length) throw new CompareError(`compareCurves: run ${r.id ?? '?'} of '${v.name}' has ${r.x.length} x values and ${r.y.length} y values`);
    for (let i = 1; i < r.x.length; i++) if (!(r.x[i]! > r.x[i - 1]!)) throw new CompareError(`compareCurves: run ${r.id ?? '?'} of '${v.name}': x must increase (index ${i})`);
  }
  let grid: number[];
  if (o.grid) grid = [...o.grid];
  else {
    const start = Math.max(...all.map((r) => r.x[0] ?? Infinity));
    const end = Math.min(...all.map((r) => r.x[r.x.length - 1] ?? -Infinity));
    if (!(end >= start)) throw new CompareError('compareCurves: the runs share no x range to compare on');
    const k = Math.max(2, o.points ?? 50);
    const log = start > 0 && end / start > 100;
    grid = Array.from({ length: k }, (_, i) => log ? Math.exp(Math.log(start) + (i / (k - 1)) * (Math.log(end) - Math.log(start))) : start + (i / (k - 1)) * (end - start));
    if (end === start) grid = [start];
  }
  const confidence = o.confidence ?? 0.95, alpha = o.alpha ?? 0.05, direction = o.direction ?? 'lower';
  const valuesAt = (v: CurveVariant) => grid.map((x) => v.runs.map((r) => interpolate(r.x, r.y, x)).filter(Number.isFinite));
  const at = new Map(variants.map((v) => [v.name, valuesAt(v)]));
  const bands: CurveBand[] = variants.map((v) => {
    const cols = at.get(v.name)!;
    const m = cols.map((c) => mean(c));
    const half = cols.map((c) => (c.length >= 2 ? tQuantile(0.5 + confidence / 2, c.length - 1) * sd(c) / Math.sqrt(c.length) : NaN));
    return { name: v.name, x: grid, mean: m, lo: m.map((x, i) => x - half[i]!), hi: m.map((x, i) => x + half[i]!), n: cols.map((c) => c.length) };
  });
  const baseName = o.baseline ?? variants[0]!.name;
  const base = at.get(baseName);
  if (!base) throw new CompareError(`compareCurves: baseline '${baseName}' is not among the variants`);
  const comparisons: CurveComparison[] = variants.filter((v) => v.name !== baseName).map((v) => {
    const cols = at.get(v.name)!;
    const diff = cols.map((c, i) => mean(c) - mean(base[i]!));
    const tests = cols.map((c, i) => (c.length >= 2 && base[i]!.length >= 2 ? welchTest(c, base[i]!, { confidence }) : null));
    const p = adjustPValues(tests.map((t) => t?.p ?? NaN), o.correction ?? 'none');
    // The first grid point from which every later point is significant with the given sign.
    const from = (sign: 1 | -1): number | null => {
      let first: number | null = null;
      for (let i = grid.length - 1; i >= 0; i--) {
        const improves = direction === 'lower' ? diff[i]! < 0 : diff[i]! > 0;
        if (p[i]! < alpha && diff[i] !== 0 && improves === (sign === 1)) first = grid[i]!; else break;
      }
      return first;
    };
    return {
      variant: v.name, baseline: baseName, x: grid, diff,
      lo: tests.map((t) => t?.ci[0] ?? NaN), hi: tests.map((t) => t?.ci[1] ?? NaN),
      p, significantFrom: from(1), worseFrom: from(-1),
    };
  });
  return { bands, comparisons };
}
