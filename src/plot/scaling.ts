/**
 * Scaling figure: final loss against compute C (or parameters N, or tokens D) on log-log axes; points
 * coloured by model size (or tokens), held-out points hollow, fitted curves with their interval band, solid
 * over the fitted range and dashed beyond it, and the extrapolation to a target budget with its interval.
 *
 * @example
 * import { scalingFigure } from './scaling.js';
 * const svg = scalingFigure({
 *   points: [{ N: 7e7, C: 1e18, loss: 3.9 }, { N: 1.6e8, C: 1e19, loss: 3.4 }, { N: 4e8, C: 1e20, loss: 3.0, heldOut: true }],
 *   curves: [{ x: [1e18, 1e21], y: [3.9, 2.6] }],
 *   target: { x: 1e21, y: 2.6, lo: 2.5, hi: 2.7 },
 * });
 */
import type { Markish } from '@observablehq/plot';
import { InputError } from '../errors.js';
import { curveRows, DEFAULT_WIDTH, requireValue, type FittedCurve, type SizeOptions, type TargetBudget, AXIS_MARGINS } from './common.js';
import { formatFlops, formatSize, numericColorScale, sequentialColor, trim } from './format.js';
import { Plot } from './plotlib.js';
import { renderSvg, type LegendEntry, type PlotOptions } from './render.js';
import { describeInterval, type IntervalLabel } from '../stats/interval.js';

/** One run's final result. Give the quantity the x axis and the colour use. */
export interface ScalingPoint {
  /** Parameters. */
  N?: number;
  /** Training tokens. */
  D?: number;
  /** Training compute in FLOPs. */
  C?: number;
  /** Final (or matched) loss. */
  loss: number;
  /** Excluded from the fit, shown to judge the extrapolation. */
  heldOut?: boolean;
  /** Run name (shown as a tooltip title). */
  run?: string;
}

/** Input of the scaling figure. */
export interface ScalingInput {
  points: readonly ScalingPoint[];
  /** Fitted curves over the x quantity; the part beyond the largest fitted point is dashed. */
  curves?: readonly FittedCurve[];
  /** Extrapolation target on the x axis. */
  target?: TargetBudget;
  /** What the band's and the target's intervals are: said once, in the legend (e.g. '95% BCa, 200 resamples, seed 1'). */
  interval?: IntervalLabel;
}

/** Options of the scaling figure. */
export interface ScalingOptions extends SizeOptions {
  /** Quantity on the x axis (default `'C'`). */
  x?: 'C' | 'N' | 'D';
  /** Quantity the colour encodes (default `'N'`; `null`: no colour): a colour each for up to 8 distinct values, else a continuous log scale with a ramp. */
  colorBy?: 'C' | 'N' | 'D' | null;
  /** y axis label (default `'loss'`). */
  yLabel?: string;
}

/** More distinct colour values than this get a continuous (log) colour scale; fewer get one colour each. */
const CONTINUOUS_ABOVE = 8;

function extent(values: readonly number[]): [number, number] {
  return [Math.min(...values), Math.max(...values)];
}

const AXIS_LABEL = { C: 'compute C (FLOPs)', N: 'parameters N', D: 'tokens D' } as const;
const formatOf = (q: 'C' | 'N' | 'D') => (q === 'C' ? formatFlops : formatSize);

/**
 * Plot options of the scaling figure (adjust them, then render with `renderSvg`).
 *
 * @example
 * const o = scalingOptions({ points: [{ C: 1e18, N: 1e8, loss: 3 }] }, { x: 'C' });
 */
export function scalingOptions(input: ScalingInput, options: ScalingOptions = {}): PlotOptions {
  const xq = options.x ?? 'C';
  const cq = options.colorBy === undefined ? 'N' : options.colorBy;
  if (input.points.length === 0) throw new InputError('scaling figure: no points');
  const rows = input.points.map((p, i) => {
    const x = requireValue(p[xq], `scaling figure: points[${i}].${xq}`, true);
    const loss = requireValue(p.loss, `scaling figure: points[${i}].loss`, true);
    const c = cq ? requireValue(p[cq], `scaling figure: points[${i}].${cq}`, true) : 0;
    return { x, loss, c, heldOut: p.heldOut === true, title: `${p.run ?? ''}${p.run ? ': ' : ''}${xq}=${formatOf(xq)(x)} loss=${trim(loss, 4)}` };
  });
  const fitted = rows.filter((r) => !r.heldOut);
  const maxFitX = Math.max(...(fitted.length > 0 ? fitted : rows).map((r) => r.x));
  // Many distinct values (a size sweep): a continuous log scale with a ramp, not a dozen near-identical bins.
  const continuous = cq !== null && new Set(rows.map((r) => r.c)).size > CONTINUOUS_ABOVE;
  const colorScale = cq && !continuous ? numericColorScale(rows.map((r) => r.c), (v) => `${cq}=${formatOf(cq)(v)}`) : undefined;
  const colorOf = (r: { c: number }) => (continuous ? r.c : colorScale ? colorScale.labelOf(r.c) : 'points');
  const marks: Markish[] = [Plot.gridX({ strokeOpacity: 0.08 }), Plot.gridY({ strokeOpacity: 0.08 })];

  (input.curves ?? []).forEach((c, k) => {
    const cr = curveRows(c, `scaling figure: curves[${k}]`, true, true);
    if (cr.some((r) => r.lo !== undefined && r.hi !== undefined)) {
      marks.push(Plot.areaY(cr.filter((r) => r.lo! > 0 && r.hi! > 0), { x: 'x', y1: 'lo', y2: 'hi', fill: 'currentColor', fillOpacity: 0.12 }));
    }
    const inside = cr.filter((r) => r.x <= maxFitX * (1 + 1e-12));
    const beyond = cr.filter((r) => r.x >= maxFitX * (1 - 1e-12));
    if (inside.length > 1) marks.push(Plot.lineY(inside, { x: 'x', y: 'y', stroke: 'currentColor', strokeWidth: 1.5 }));
    if (beyond.length > 1) marks.push(Plot.lineY(beyond, { x: 'x', y: 'y', stroke: 'currentColor', strokeWidth: 1.5, strokeDasharray: '5,4' }));
  });

  const fill = cq ? colorOf : 'currentColor';
  marks.push(Plot.dot(rows.filter((r) => !r.heldOut), { x: 'x', y: 'loss', fill, r: 3.5, title: 'title' }));
  marks.push(Plot.dot(rows.filter((r) => r.heldOut), { x: 'x', y: 'loss', stroke: fill, fill: 'none', strokeWidth: 1.5, r: 4.5, title: 'title' }));

  const t = input.target;
  if (t) {
    requireValue(t.x, 'scaling figure: target.x', true);
    marks.push(Plot.ruleX([t.x], { stroke: 'currentColor', strokeOpacity: 0.5, strokeDasharray: '2,3' }));
    if (t.lo !== undefined && t.hi !== undefined && t.lo > 0 && t.hi > 0) {
      marks.push(Plot.ruleX([t], { x: 'x', y1: 'lo', y2: 'hi', stroke: 'currentColor', strokeWidth: 2.5 }));
    }
    if (t.y !== undefined && t.y > 0) {
      const interval = t.lo !== undefined && t.hi !== undefined ? ` [${trim(t.lo, 4)}, ${trim(t.hi, 4)}]` : '';
      marks.push(Plot.dot([t], { x: 'x', y: 'y', symbol: 'diamond', r: 5, fill: 'currentColor' }));
      marks.push(Plot.text([t], { x: 'x', y: 'y', text: () => `${t.label ?? 'target'} ${formatOf(xq)(t.x)}: ${trim(t.y!, 4)}${interval}`, textAnchor: 'end', dx: -8, dy: -10 }));
    }
  }
  return {
    width: options.width ?? DEFAULT_WIDTH,
    height: options.height ?? 420,
    ...AXIS_MARGINS,
    inset: 8,
    x: { type: 'log', label: AXIS_LABEL[xq], tickFormat: formatOf(xq) },
    y: { type: 'log', label: options.yLabel ?? 'loss', tickFormat: (v: number) => trim(v, 3) },
    color: continuous
      ? { type: 'log', domain: extent(rows.map((r) => r.c)), interpolate: sequentialColor, legend: true, label: AXIS_LABEL[cq!], tickFormat: formatOf(cq!) }
      : colorScale
        ? { type: 'ordinal', domain: colorScale.domain, range: colorScale.range, legend: true }
        : undefined,
    marks,
  };
}

/** Legend entries for the marks that are not colour-coded. */
function scalingKeys(input: ScalingInput): LegendEntry[] {
  const keys: LegendEntry[] = [];
  if (input.points.some((p) => p.heldOut)) keys.push({ label: 'held out', color: 'currentColor', shape: 'hollow' });
  for (const c of input.curves ?? []) keys.push({ label: c.label ?? 'fit', color: 'currentColor', shape: 'line' });
  if ((input.curves ?? []).some((c) => c.lo && c.hi)) keys.push({ label: input.interval ? `interval: ${describeInterval(input.interval, 'compact')}` : 'interval', color: 'currentColor', shape: 'band' });
  if (input.curves?.length) keys.push({ label: 'extrapolation', color: 'currentColor', shape: 'dashed' });
  return keys;
}

/**
 * The scaling figure as an SVG string.
 *
 * @example
 * scalingFigure({ points: [{ C: 1e18, N: 1e8, loss: 3 }, { C: 1e19, N: 3e8, loss: 2.7 }] }, { id: 'scaling' });
 */
export function scalingFigure(input: ScalingInput, options: ScalingOptions & { id?: string } = {}): string {
  return renderSvg(scalingOptions(input, options), { id: options.id, legend: scalingKeys(input) });
}
