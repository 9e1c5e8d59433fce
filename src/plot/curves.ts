/**
 * Loss curves: each run's raw values (faint) and smoothed values (solid) against step, optional log axes,
 * restarts (resume from checkpoint) marked by a dashed rule and spikes by a cross. Long curves are
 * downsampled with LTTB (keeping each bucket's extremes, so spikes survive) to `maxPoints` per line.
 *
 * @example
 * import { curvesFigure } from './curves.js';
 * const svg = curvesFigure({ series: [{ run: 'a', step: [1, 2, 3], value: [4, 3.5, 3.2], smoothed: [4, 3.7, 3.4] }] });
 */
import type { Markish } from '@observablehq/plot';
import { InputError } from '../errors.js';
import { categoricalColors, DEFAULT_WIDTH, distinct, downsample, stepAxes, type SizeOptions, AXIS_MARGINS, referenceMarks, type ReferenceLine } from './common.js';
import { Plot } from './plotlib.js';
import { renderSvg, type LegendEntry, type PlotOptions } from './render.js';

/** One run's curve of one metric. `restarts` has the shape of the run model's `Restart`. */
export interface CurveSeries {
  /** Run name (legend, colour). */
  run: string;
  /** Variant of the run: the colour and legend entry with `colorBy: 'variant'`. */
  variant?: string;
  /** Steps (or tokens), ascending. */
  step: ArrayLike<number>;
  /** Raw values at `step`; NaN/Infinity break the line. */
  value: ArrayLike<number>;
  /** Smoothed values at `step` (e.g. TensorBoard EMA); drawn solid with the raw values faint. */
  smoothed?: ArrayLike<number>;
  /** Resumes from checkpoint: a rule at each `toStep`. */
  restarts?: readonly { fromStep: number; toStep: number }[];
  /** Detected spikes (step and raw value). */
  spikes?: readonly { step: number; value: number }[];
}

/** Input of the loss-curve figure. */
export interface CurvesInput {
  series: readonly CurveSeries[];
}

/** Options of the loss-curve figure. */
export interface CurvesOptions extends SizeOptions {
  /** Log x axis (steps <= 0 are left out). Default false. */
  logX?: boolean;
  /** Log y axis (values <= 0 are left out). Default false. */
  logY?: boolean;
  /** y axis label (default `'loss'`). */
  metric?: string;
  /** x axis label (default `'step'`). */
  xLabel?: string;
  /** Maximum points drawn per line (LTTB); default 400. */
  maxPoints?: number;
  /**
   * Maximum points drawn in the whole figure (raw and smoothed lines count separately); each line gets
   * `min(maxPoints, pointBudget / lines)` (at least 20). Default 40,000: 200 runs stay under ~0.5 MB per figure.
   */
  pointBudget?: number;
  /** Show a legend of runs (or variants) when there are at most this many (default 12). */
  legendMax?: number;
  /**
   * Colour each run by its `variant` (one colour and one legend entry a variant, runs of a variant drawn alike)
   * or by `run` (default). With `'variant'`, every series needs a `variant`.
   */
  colorBy?: 'run' | 'variant';
  /** Horizontal reference line(s), e.g. `{ y: 3.28, label: 'record 3.28' }`. */
  reference?: ReferenceLine | readonly ReferenceLine[];
}

interface Row {
  run: string;
  key: string;
  x: number;
  y: number;
}

function rowsOf(s: CurveSeries, key: string, y: ArrayLike<number>, logX: boolean, logY: boolean, maxPoints: number): Row[] {
  const rows: Row[] = [];
  for (const i of downsample(s.step, y, maxPoints)) {
    const x = s.step[i]!;
    let v = y[i]!;
    if (logX && !(x > 0)) continue;
    if (logY && v <= 0) continue;
    if (!Number.isFinite(v)) v = NaN;
    rows.push({ run: s.run, key, x, y: v });
  }
  return rows;
}

/**
 * Plot options of the loss-curve figure.
 *
 * @example
 * curvesOptions({ series: [{ run: 'a', step: [1, 2], value: [3, 2] }] }, { logY: true });
 */
export function curvesOptions(input: CurvesInput, options: CurvesOptions = {}): PlotOptions {
  if (input.series.length === 0) throw new InputError('curves figure: no series');
  const logX = options.logX === true;
  const logY = options.logY === true;
  const lines = input.series.reduce((k, s) => k + (s.smoothed ? 2 : 1), 0);
  const maxPoints = Math.max(20, Math.min(options.maxPoints ?? 400, Math.floor((options.pointBudget ?? 40_000) / lines)));
  const byVariant = options.colorBy === 'variant';
  const keyOf = (s: CurveSeries, k: number): string => {
    if (!byVariant) return s.run;
    if (s.variant === undefined || s.variant === '') throw new InputError(`curves figure: colorBy 'variant' but series[${k}] (${s.run}) has no variant`);
    return s.variant;
  };
  const keys = distinct(input.series.map(keyOf));
  const raw: Row[] = [];
  const smooth: Row[] = [];
  const restarts: { key: string; x: number }[] = [];
  const spikes: { key: string; x: number; y: number }[] = [];
  input.series.forEach((s, k) => {
    const key = keyOf(s, k);
    if (s.value.length !== s.step.length) throw new InputError(`curves figure: series[${k}] (${s.run}): step has ${s.step.length} values, value has ${s.value.length}`);
    if (s.smoothed && s.smoothed.length !== s.step.length) throw new InputError(`curves figure: series[${k}] (${s.run}): step has ${s.step.length} values, smoothed has ${s.smoothed.length}`);
    raw.push(...rowsOf(s, key, s.value, logX, logY, maxPoints));
    if (s.smoothed) smooth.push(...rowsOf(s, key, s.smoothed, logX, logY, maxPoints));
    for (const r of s.restarts ?? []) if (!logX || r.toStep > 0) restarts.push({ key, x: r.toStep });
    for (const p of s.spikes ?? []) if ((!logX || p.step > 0) && Number.isFinite(p.value) && (!logY || p.value > 0)) spikes.push({ key, x: p.step, y: p.value });
  });
  const anySmooth = smooth.length > 0;
  const marks: Markish[] = [Plot.gridY({ strokeOpacity: 0.08 })];
  marks.push(Plot.lineY(raw, { x: 'x', y: 'y', z: 'run', stroke: 'key', strokeWidth: 1, strokeOpacity: anySmooth ? 0.35 : 0.9, className: anySmooth ? 'raw' : undefined }));
  if (anySmooth) marks.push(Plot.lineY(smooth, { x: 'x', y: 'y', z: 'run', stroke: 'key', strokeWidth: 1.6 }));
  if (restarts.length > 0) marks.push(Plot.ruleX(restarts, { x: 'x', stroke: 'key', strokeDasharray: '4,3', strokeOpacity: 0.8 }));
  if (spikes.length > 0) marks.push(Plot.dot(spikes, { x: 'x', y: 'y', stroke: 'key', symbol: 'times', r: 4, strokeWidth: 1.5 }));
  marks.push(...referenceMarks(options.reference, logY));
  return {
    width: options.width ?? DEFAULT_WIDTH,
    height: options.height ?? 380,
    ...AXIS_MARGINS,
    ...stepAxes(options),
    color: { type: 'ordinal', domain: keys, range: categoricalColors(keys.length), legend: keys.length <= (options.legendMax ?? 12) },
    marks,
  };
}

function curvesKeys(input: CurvesInput): LegendEntry[] {
  const keys: LegendEntry[] = [];
  if (input.series.some((s) => s.smoothed)) keys.push({ label: 'raw', color: 'currentColor', shape: 'faint' }, { label: 'smoothed', color: 'currentColor', shape: 'line' });
  if (input.series.some((s) => s.restarts?.length)) keys.push({ label: 'restart', color: 'currentColor', shape: 'dashed' });
  if (input.series.some((s) => s.spikes?.length)) keys.push({ label: 'spike', color: 'currentColor', shape: 'cross' });
  return keys;
}

/**
 * The loss-curve figure as an SVG string.
 *
 * @example
 * curvesFigure({ series: [{ run: 'a', step: [1, 2], value: [3, 2] }] }, { id: 'curves', logX: true });
 * // runs coloured by variant, with the record to beat
 * curvesFigure(
 *   { series: [{ run: 'base/s1', variant: 'base', step: [1, 2], value: [3.4, 3.3] }, { run: 'gate/s1', variant: 'gate', step: [1, 2], value: [3.35, 3.27] }] },
 *   { colorBy: 'variant', reference: { y: 3.28, label: 'record 3.28' } },
 * );
 */
export function curvesFigure(input: CurvesInput, options: CurvesOptions & { id?: string } = {}): string {
  return renderSvg(curvesOptions(input, options), { id: options.id, legend: curvesKeys(input) });
}
