/**
 * Small helpers the figure modules share: input checks with useful messages, a fitted-curve shape, LTTB
 * downsampling of a curve, and the size/colour defaults of every figure.
 *
 * @example
 * import { downsample } from './common.js';
 * const d = downsample([0, 1, 2], [3, 2, 1], 1000); // every point kept
 */
import type { Markish, ScaleOptions } from '@observablehq/plot';
import { InputError } from '../errors.js';
import { lttb } from '../runs/index.js';
import { formatSize, trim } from './format.js';
import { Plot } from './plotlib.js';

/** A fitted curve with an optional pointwise interval band (`lo`/`hi` at the same `x`). */
export interface FittedCurve {
  /** Abscissae, ascending (C, N or D). */
  x: ArrayLike<number>;
  /** Fitted values at `x`. */
  y: ArrayLike<number>;
  /** Lower bound of the interval at each `x`. */
  lo?: ArrayLike<number>;
  /** Upper bound of the interval at each `x`. */
  hi?: ArrayLike<number>;
  /** Legend label (default `'fit'`). */
  label?: string;
}

/** A target budget to extrapolate to: the predicted value at `x` with its interval. */
export interface TargetBudget {
  /** Abscissa of the target (e.g. C = 1e24 FLOPs). */
  x: number;
  /** Predicted value at the target. */
  y?: number;
  /** Lower bound of the prediction interval. */
  lo?: number;
  /** Upper bound of the prediction interval. */
  hi?: number;
  /** Label shown next to the prediction (default `'target'`). */
  label?: string;
}

/** Size options every figure accepts. */
export interface SizeOptions {
  /** Outer width in px (default 640). */
  width?: number;
  /** Outer height in px (default depends on the figure). */
  height?: number;
}

/** Default outer width of every figure. */
export const DEFAULT_WIDTH = 640;

/**
 * Margins of the figures with axes, sized for 14 px text (`FIGURE_FONT_SIZE` in render.ts): room for tick labels
 * like `3.25` or `1e21` on the left and for the x label under the ticks.
 */
export const AXIS_MARGINS = { marginLeft: 62, marginTop: 28, marginBottom: 44, marginRight: 24 } as const;

/** A plain row of a curve after checks (x, y and optional band). */
export interface CurveRow {
  x: number;
  y: number;
  lo?: number;
  hi?: number;
}

/**
 * Check a fitted curve (equal lengths) and return its rows, keeping only points a log axis can show when
 * `logX`/`logY` are set.
 *
 * @example
 * curveRows({ x: [1, 2], y: [3, 4] }, 'fit', false, false).length; // 2
 */
export function curveRows(c: FittedCurve, what: string, logX: boolean, logY: boolean): CurveRow[] {
  const n = c.x.length;
  if (c.y.length !== n) throw new InputError(`${what}: x has ${n} values, y has ${c.y.length}`);
  if (c.lo && c.lo.length !== n) throw new InputError(`${what}: x has ${n} values, lo has ${c.lo.length}`);
  if (c.hi && c.hi.length !== n) throw new InputError(`${what}: x has ${n} values, hi has ${c.hi.length}`);
  const rows: CurveRow[] = [];
  for (let i = 0; i < n; i++) {
    const x = c.x[i]!;
    const y = c.y[i]!;
    if (!Number.isFinite(x) || (logX && x <= 0)) continue;
    if (logY && !(y > 0)) continue;
    const row: CurveRow = { x, y };
    if (c.lo) row.lo = c.lo[i]!;
    if (c.hi) row.hi = c.hi[i]!;
    rows.push(row);
  }
  return rows;
}

/**
 * Require a finite (and, for a log axis, positive) number; throw an InputError naming the item otherwise.
 *
 * @example
 * requireValue(3, 'points[0].loss', true); // 3
 */
export function requireValue(v: number | undefined, what: string, positive: boolean): number {
  if (v === undefined || v === null || !Number.isFinite(v)) throw new InputError(`${what} must be a finite number, got ${v}`);
  if (positive && v <= 0) throw new InputError(`${what} must be > 0 on a log axis, got ${v}`);
  return v;
}

/**
 * Indices of the points to draw of a curve with `x` ascending: every index when `x.length <= maxPoints`,
 * otherwise LTTB with each bucket's extremes (`lttb` of the run model), so spikes survive.
 *
 * @example
 * downsample([0, 1, 2, 3, 4, 5, 6], [1, 1, 9, 1, 1, 1, 1], 5); // keeps the spike at index 2
 */
export function downsample(x: ArrayLike<number>, y: ArrayLike<number>, maxPoints: number): Int32Array {
  if (x.length <= maxPoints) return Int32Array.from({ length: x.length }, (_, i) => i);
  return lttb(x, y, Math.max(5, Math.floor(maxPoints)));
}

/**
 * Observable's categorical palette (10 colours, cycled), used for runs and variants.
 *
 * @example
 * categoricalColors(2); // ['#4269d0', '#efb118']
 */
export function categoricalColors(n: number): string[] {
  const base = ['#4269d0', '#efb118', '#ff725c', '#6cc5b0', '#3ca951', '#ff8ab7', '#a463f2', '#97bbf5', '#9c6b4e', '#9498a0'];
  return Array.from({ length: n }, (_, i) => base[i % base.length]!);
}

/** Axis options of a figure of curves against training progress (step or tokens). */
export interface StepAxesOptions {
  /** Log x axis. Default false. */
  logX?: boolean;
  /** Log y axis. Default false. */
  logY?: boolean;
  /** x axis label (default `'step'`). */
  xLabel?: string;
  /** y axis label (default `'loss'`). */
  metric?: string;
}

/**
 * The x and y scales of a figure of curves against training progress: x is the step (or tokens) with size ticks
 * (1k, 1M), y the metric with three significant digits; each log or linear.
 *
 * @example
 * stepAxes({ logX: true }).x; // { type: 'log', label: 'step', tickFormat: formatSize }
 */
export function stepAxes(options: StepAxesOptions): { x: ScaleOptions; y: ScaleOptions } {
  return {
    x: { type: options.logX === true ? 'log' : 'linear', label: options.xLabel ?? 'step', tickFormat: formatSize },
    y: { type: options.logY === true ? 'log' : 'linear', label: options.metric ?? 'loss', tickFormat: (v: number) => trim(v, 3) },
  };
}

/** Distinct strings in order of first appearance. */
export function distinct(values: Iterable<string>): string[] {
  return [...new Set(values)];
}

/** A horizontal reference line, e.g. a record to beat: `{ y: 3.28, label: 'record 3.28' }`. */
export interface ReferenceLine {
  /** Where the line is drawn, in the y axis' units. */
  y: number;
  /** Text drawn above the line's left end (none by default). */
  label?: string;
}

/**
 * Marks of one or more reference lines: a dashed rule across the plot and its label above its left end (where
 * falling loss curves are still high above a target).
 * A line a log y axis cannot show (y <= 0) is an InputError, not silently dropped.
 *
 * @example
 * referenceMarks({ y: 3.28, label: 'record 3.28' }, false).length; // 2 (rule and label)
 */
export function referenceMarks(reference: ReferenceLine | readonly ReferenceLine[] | undefined, logY: boolean): Markish[] {
  if (reference === undefined) return [];
  const list: readonly ReferenceLine[] = Array.isArray(reference) ? reference : [reference as ReferenceLine];
  const rows = list.map((r, i) => ({ y: requireValue(r.y, `reference[${i}].y`, logY), label: r.label ?? '' }));
  const marks: Markish[] = [Plot.ruleY(rows, { y: 'y', stroke: 'currentColor', strokeWidth: 1.2, strokeDasharray: '6,4', strokeOpacity: 0.8 })];
  const labelled = rows.filter((r) => r.label !== '');
  if (labelled.length > 0) marks.push(Plot.text(labelled, { y: 'y', text: 'label', frameAnchor: 'left', textAnchor: 'start', dy: -8, dx: 4, fill: 'currentColor', stroke: 'var(--plot-background)', strokeWidth: 3, paintOrder: 'stroke' }));
  return marks;
}
