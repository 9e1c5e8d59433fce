/**
 * Variants compared along training: by default at the evaluation steps (or tokens, FLOPs) the runs share, with no
 * interpolation: each variant's mean curve with a t-interval band over the x values all ITS runs logged (so a
 * variant's curve ends at its own last evaluation, never cut at another variant's end), and each variant against
 * the baseline, at the x values both variants' runs all logged, the difference with its Welch interval and test,
 * and the first point from which its advantage (or disadvantage) is significant at every later point. Runs that
 * end at different x are named in `warnings`, with each variant's last evaluation. With `grid` or `points`, curves
 * are interpolated linearly onto that grid instead (inside each run's own range, never extrapolated).
 *
 * @example
 * const r = compareCurves([
 *   { name: 'base', runs: [{ x: [1e9, 2e9, 3e9], y: [3.9, 3.5, 3.4] }, { x: [1e9, 2e9, 3e9], y: [3.95, 3.52, 3.41] }] },
 *   { name: 'new', runs: [{ x: [1e9, 2e9, 3e9], y: [3.8, 3.4, 3.3] }, { x: [1e9, 2e9, 3e9], y: [3.82, 3.41, 3.31] }] },
 * ]);
 * r.comparisons[0].significantFrom; // x from which 'new' is significantly better (here 2e9)
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
  /**
   * Interpolate onto this many grid points between the largest run start and the smallest run end (log-spaced when
   * that spans > 2 decades) instead of using the shared evaluation steps. Runs ending later lose their last points:
   * `warnings` says which.
   */
  points?: number;
  /** Interpolate onto this explicit grid (overrides `points`). */
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

/** The result of {@link compareCurves}. */
export interface CurvesResult {
  bands: CurveBand[];
  comparisons: CurveComparison[];
  /** How the curves were aligned: at the x values the runs share, or interpolated onto a grid. */
  alignment: 'shared' | 'interpolated';
  /** Runs that end at different x (each variant's last evaluation named), and evaluations left off a grid. */
  warnings: string[];
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
 * Compare variants' curves at matched x (the evaluations the runs share, or an interpolation grid).
 *
 * @example
 * const r = compareCurves(variants, { baseline: 'base' });
 * r.bands[0].x.at(-1); // the variant's own last evaluation
 * r.warnings;          // e.g. runs that end at different steps
 * compareCurves(variants, { baseline: 'base', grid: [1e9, 2e9] }).bands[0].mean; // interpolated
 */
export function compareCurves(variants: readonly CurveVariant[], o: CurveOptions = {}): CurvesResult {
  if (variants.length === 0) throw new CompareError('compareCurves: no variants');
  const all = variants.flatMap((v) => v.runs);
  for (const v of variants) for (const r of v.runs) {
    if (r.x.length !== r.y.length) throw new CompareError(`compareCurves: run ${r.id ?? '?'} of '${v.name}' has ${r.x.length} x values and ${r.y.length} y values`);
    for (let i = 1; i < r.x.length; i++) if (!(r.x[i]! > r.x[i - 1]!)) throw new CompareError(`compareCurves: run ${r.id ?? '?'} of '${v.name}': x must increase (index ${i})`);
  }
  const confidence = o.confidence ?? 0.95, alpha = o.alpha ?? 0.05, direction = o.direction ?? 'lower';
  const baseName = o.baseline ?? variants[0]!.name;
  const baseVariant = variants.find((v) => v.name === baseName);
  if (!baseVariant) throw new CompareError(`compareCurves: baseline '${baseName}' is not among the variants`);
  const warnings: string[] = [];
  const fmtX = (x: number): string => (Math.abs(x) >= 1e6 ? x.toExponential(3) : x.toLocaleString('en-US'));
  const lastX = (r: CurveRun): number => r.x[r.x.length - 1] ?? NaN;
  const ends = [...new Set(all.map(lastX))].sort((a, b) => a - b);
  if (ends.length > 1) {
    const per = variants.map((v) => {
      const e = [...new Set(v.runs.map(lastX))].sort((a, b) => a - b);
      return `${v.name} at ${e.map(fmtX).join(', ')}`;
    });
    warnings.push(`runs end at different x: ${per.join('; ')}`);
  }
  const interpolated = o.grid !== undefined || o.points !== undefined;
  // Values of a variant's runs at each x (exact evaluations when shared, else interpolated).
  const valuesAt = (v: CurveVariant, grid: readonly number[]): number[][] => grid.map((x) => v.runs.map((r) => interpolate(r.x, r.y, x)).filter(Number.isFinite));
  const band = (v: CurveVariant, grid: number[]): CurveBand => {
    const cols = valuesAt(v, grid);
    const m = cols.map((c) => mean(c));
    const half = cols.map((c) => (c.length >= 2 ? tQuantile(0.5 + confidence / 2, c.length - 1) * sd(c) / Math.sqrt(c.length) : NaN));
    return { name: v.name, x: grid, mean: m, lo: m.map((x, i) => x - half[i]!), hi: m.map((x, i) => x + half[i]!), n: cols.map((c) => c.length) };
  };
  /** The x values every run in `runs` logged (ascending). */
  const shared = (runs: readonly CurveRun[]): number[] => {
    if (runs.length === 0) return [];
    const sets = runs.slice(1).map((r) => new Set(r.x));
    return runs[0]!.x.filter((x) => sets.every((s) => s.has(x)));
  };
  let bandGrid: (v: CurveVariant) => number[];
  let pairGrid: (v: CurveVariant) => number[];
  if (interpolated) {
    let grid: number[];
    if (o.grid) grid = [...o.grid];
    else {
      const start = Math.max(...all.map((r) => r.x[0] ?? Infinity));
      const end = Math.min(...all.map((r) => r.x[r.x.length - 1] ?? -Infinity));
      if (!(end >= start)) throw new CompareError('compareCurves: the runs share no x range to compare on');
      const k = Math.max(2, o.points!);
      const log = start > 0 && end / start > 100;
      grid = Array.from({ length: k }, (_, i) => log ? Math.exp(Math.log(start) + (i / (k - 1)) * (Math.log(end) - Math.log(start))) : start + (i / (k - 1)) * (end - start));
      if (end === start) grid = [start];
    }
    const gridEnd = Math.max(...grid);
    const cut = all.filter((r) => lastX(r) > gridEnd);
    if (cut.length > 0) warnings.push(`the interpolation grid ends at ${fmtX(gridEnd)}: ${cut.length} run(s) have later evaluations that are not compared (the last at ${fmtX(Math.max(...cut.map(lastX)))}); leave out grid and points to compare at the evaluations the runs share`);
    bandGrid = () => grid;
    pairGrid = () => grid;
  } else {
    bandGrid = (v) => shared(v.runs);
    pairGrid = (v) => shared([...v.runs, ...baseVariant.runs]);
    for (const v of variants) {
      if (v.runs.length > 0 && bandGrid(v).length === 0) throw new CompareError(`compareCurves: the runs of '${v.name}' share no evaluation x; pass grid or points to interpolate`);
      if (v !== baseVariant && v.runs.length > 0 && pairGrid(v).length === 0) throw new CompareError(`compareCurves: '${v.name}' and the baseline '${baseName}' share no evaluation x; pass grid or points to interpolate`);
    }
  }
  const bands: CurveBand[] = variants.map((v) => band(v, bandGrid(v)));
  const comparisons: CurveComparison[] = variants.filter((v) => v.name !== baseName).map((v) => {
    const grid = pairGrid(v);
    const cols = valuesAt(v, grid);
    const base = valuesAt(baseVariant, grid);
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
  return { bands, comparisons, alignment: interpolated ? 'interpolated' : 'shared', warnings };
}
