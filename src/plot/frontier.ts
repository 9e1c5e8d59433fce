/**
 * Compute-optimal frontier: the optimal parameters N* (or tokens D*) against compute C on log-log axes —
 * the per-budget minima with their intervals, the fitted power law with its band, and the extrapolation to a
 * target budget.
 *
 * @example
 * import { frontierFigure } from './frontier.js';
 * const svg = frontierFigure({
 *   minima: [{ C: 1e19, value: 3e8, lo: 2.5e8, hi: 3.6e8 }, { C: 1e20, value: 9e8, lo: 8e8, hi: 1.1e9 }],
 *   fit: { x: [1e19, 1e22], y: [3e8, 1e10], lo: [2.6e8, 7e9], hi: [3.4e8, 1.4e10] },
 *   target: { x: 1e22, y: 1e10, lo: 7e9, hi: 1.4e10 },
 * });
 */
import type { Markish } from '@observablehq/plot';
import { InputError } from '../errors.js';
import { curveRows, DEFAULT_WIDTH, requireValue, type FittedCurve, type SizeOptions, type TargetBudget, AXIS_MARGINS } from './common.js';
import { formatFlops, formatSize } from './format.js';
import { Plot } from './plotlib.js';
import { describeInterval, type IntervalLabel } from '../stats/interval.js';
import { renderSvg, type LegendEntry, type PlotOptions } from './render.js';

/** Input of the frontier figure. */
export interface FrontierInput {
  /** Optimum per compute budget, with its interval. */
  minima: readonly { C: number; value: number; lo?: number; hi?: number }[];
  /** Fitted frontier (value against C) with its band. */
  fit?: FittedCurve;
  /** Extrapolation to a target budget. */
  target?: TargetBudget;
  /** What the intervals are: said once, in the legend (e.g. '95% percentile, 400 resamples, seed 7'). */
  interval?: IntervalLabel;
}

/** Options of the frontier figure. */
export interface FrontierOptions extends SizeOptions {
  /** What the optimum is: parameters (`'N'`, default) or tokens (`'D'`). */
  quantity?: 'N' | 'D';
}

/**
 * Plot options of the frontier figure.
 *
 * @example
 * frontierOptions({ minima: [{ C: 1e19, value: 3e8 }] }, { quantity: 'N' });
 */
export function frontierOptions(input: FrontierInput, options: FrontierOptions = {}): PlotOptions {
  const q = options.quantity ?? 'N';
  if (input.minima.length === 0 && !input.fit) throw new InputError('frontier figure: no minima and no fit');
  const rows = input.minima.map((m, i) => ({
    C: requireValue(m.C, `frontier figure: minima[${i}].C`, true),
    value: requireValue(m.value, `frontier figure: minima[${i}].value`, true),
    lo: m.lo,
    hi: m.hi,
    title: `C=${formatFlops(m.C)} ${q}*=${formatSize(m.value)}${m.lo !== undefined && m.hi !== undefined ? ` [${formatSize(m.lo)}, ${formatSize(m.hi)}]` : ''}`,
  }));
  const marks: Markish[] = [Plot.gridX({ strokeOpacity: 0.08 }), Plot.gridY({ strokeOpacity: 0.08 })];
  const maxC = rows.length > 0 ? Math.max(...rows.map((r) => r.C)) : Infinity;
  if (input.fit) {
    const cr = curveRows(input.fit, 'frontier figure: fit', true, true);
    const band = cr.filter((r) => r.lo !== undefined && r.hi !== undefined && r.lo > 0 && r.hi > 0);
    if (band.length > 1) marks.push(Plot.areaY(band, { x: 'x', y1: 'lo', y2: 'hi', fill: 'currentColor', fillOpacity: 0.12 }));
    const inside = cr.filter((r) => r.x <= maxC * (1 + 1e-12));
    const beyond = cr.filter((r) => r.x >= maxC * (1 - 1e-12));
    if (inside.length > 1) marks.push(Plot.lineY(inside, { x: 'x', y: 'y', stroke: 'currentColor', strokeWidth: 1.5 }));
    if (beyond.length > 1) marks.push(Plot.lineY(beyond, { x: 'x', y: 'y', stroke: 'currentColor', strokeWidth: 1.5, strokeDasharray: '5,4' }));
  }
  const withInterval = rows.filter((r) => r.lo !== undefined && r.hi !== undefined && r.lo > 0 && r.hi > 0);
  marks.push(Plot.ruleX(withInterval, { x: 'C', y1: 'lo', y2: 'hi', stroke: '#317ec2', strokeWidth: 2 }));
  marks.push(Plot.dot(rows, { x: 'C', y: 'value', fill: '#317ec2', r: 4, title: 'title' }));
  const t = input.target;
  if (t) {
    requireValue(t.x, 'frontier figure: target.x', true);
    marks.push(Plot.ruleX([t.x], { stroke: 'currentColor', strokeOpacity: 0.5, strokeDasharray: '2,3' }));
    if (t.lo !== undefined && t.hi !== undefined && t.lo > 0 && t.hi > 0) marks.push(Plot.ruleX([t], { x: 'x', y1: 'lo', y2: 'hi', stroke: 'currentColor', strokeWidth: 2.5 }));
    if (t.y !== undefined && t.y > 0) {
      const interval = t.lo !== undefined && t.hi !== undefined ? ` [${formatSize(t.lo)}, ${formatSize(t.hi)}]` : '';
      marks.push(Plot.dot([t], { x: 'x', y: 'y', symbol: 'diamond', r: 5, fill: 'currentColor' }));
      marks.push(Plot.text([t], { x: 'x', y: 'y', text: () => `${t.label ?? 'target'} ${formatFlops(t.x)}: ${q}*=${formatSize(t.y!)}${interval}`, textAnchor: 'end', dx: -8, dy: -10 }));
    }
  }
  return {
    width: options.width ?? DEFAULT_WIDTH,
    height: options.height ?? 400,
    ...AXIS_MARGINS,
    inset: 8,
    x: { type: 'log', label: 'compute C (FLOPs)', tickFormat: formatFlops },
    y: { type: 'log', label: q === 'N' ? 'optimal parameters N*' : 'optimal tokens D*', tickFormat: formatSize },
    marks,
  };
}

function frontierKeys(input: FrontierInput): LegendEntry[] {
  const keys: LegendEntry[] = [{ label: input.interval ? `IsoFLOP minimum; intervals: ${describeInterval(input.interval, 'compact')}` : 'IsoFLOP minimum (interval)', color: '#317ec2', shape: 'dot' }];
  if (input.fit) keys.push({ label: input.fit.label ?? 'frontier fit', color: 'currentColor', shape: 'line' });
  if (input.fit?.lo && input.fit.hi) keys.push({ label: 'interval', color: 'currentColor', shape: 'band' });
  if (input.fit) keys.push({ label: 'extrapolation', color: 'currentColor', shape: 'dashed' });
  return keys;
}

/**
 * The frontier figure as an SVG string.
 *
 * @example
 * frontierFigure({ minima: [{ C: 1e19, value: 3e8 }, { C: 1e20, value: 9e8 }] }, { id: 'frontier' });
 */
export function frontierFigure(input: FrontierInput, options: FrontierOptions & { id?: string } = {}): string {
  return renderSvg(frontierOptions(input, options), { id: options.id, legend: frontierKeys(input) });
}
