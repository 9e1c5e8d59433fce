/**
 * IsoFLOP profiles: at each compute budget C, loss against parameters N (log x), the fitted parabola (in
 * log N) and its minimum N*(C) with the interval of the minimum's location.
 *
 * @example
 * import { isoflopFigure } from './isoflop.js';
 * const svg = isoflopFigure({
 *   points: [{ C: 1e19, N: 1e8, loss: 3.2 }, { C: 1e19, N: 3e8, loss: 3.1 }, { C: 1e19, N: 1e9, loss: 3.3 }],
 *   parabolas: [{ C: 1e19, x: [1e8, 3e8, 1e9], y: [3.2, 3.09, 3.3] }],
 *   minima: [{ C: 1e19, N: 3e8, loss: 3.09, lo: 2.5e8, hi: 3.6e8 }],
 * });
 */
import type { Markish } from '@observablehq/plot';
import { InputError } from '../errors.js';
import { curveRows, DEFAULT_WIDTH, requireValue, type SizeOptions, AXIS_MARGINS } from './common.js';
import { formatFlops, formatSize, numericColorScale, trim } from './format.js';
import { Plot } from './plotlib.js';
import { describeInterval, type IntervalLabel } from '../stats/interval.js';
import { renderSvg, type LegendEntry, type PlotOptions } from './render.js';

/** Input of the IsoFLOP figure. */
export interface IsoflopInput {
  /** Final losses of the runs of each budget. */
  points: readonly { C: number; N: number; loss: number; heldOut?: boolean; run?: string }[];
  /** Fitted profile per budget: loss (`y`) against N (`x`). */
  parabolas?: readonly { C: number; x: ArrayLike<number>; y: ArrayLike<number> }[];
  /** Minimum of each profile, with the interval of its N (`lo`, `hi`). */
  minima?: readonly { C: number; N: number; loss: number; lo?: number; hi?: number }[];
  /** What the minima's intervals are: said once, in the legend (e.g. '95% percentile, 400 resamples, seed 7'). */
  interval?: IntervalLabel;
}

/** Options of the IsoFLOP figure. */
export interface IsoflopOptions extends SizeOptions {
  /** y axis label (default `'loss'`). */
  yLabel?: string;
}

/**
 * Plot options of the IsoFLOP figure.
 *
 * @example
 * isoflopOptions({ points: [{ C: 1e19, N: 1e8, loss: 3.2 }] });
 */
export function isoflopOptions(input: IsoflopInput, options: IsoflopOptions = {}): PlotOptions {
  if (input.points.length === 0) throw new InputError('isoflop figure: no points');
  const budgets = [...input.points.map((p) => p.C), ...(input.parabolas ?? []).map((p) => p.C), ...(input.minima ?? []).map((m) => m.C)];
  const scale = numericColorScale(budgets, (c) => `C=${formatFlops(c)}`);
  const rows = input.points.map((p, i) => ({
    N: requireValue(p.N, `isoflop figure: points[${i}].N`, true),
    loss: requireValue(p.loss, `isoflop figure: points[${i}].loss`, false),
    budget: scale.labelOf(requireValue(p.C, `isoflop figure: points[${i}].C`, true)),
    heldOut: p.heldOut === true,
    title: `${p.run ? p.run + ': ' : ''}C=${formatFlops(p.C)} N=${formatSize(p.N)} loss=${trim(p.loss, 4)}`,
  }));
  const marks: Markish[] = [Plot.gridX({ strokeOpacity: 0.08 }), Plot.gridY({ strokeOpacity: 0.08 })];
  (input.parabolas ?? []).forEach((p, k) => {
    const cr = curveRows(p, `isoflop figure: parabolas[${k}]`, true, false).map((r) => ({ ...r, budget: scale.labelOf(p.C) }));
    marks.push(Plot.lineY(cr, { x: 'x', y: 'y', stroke: 'budget', strokeWidth: 1.5, strokeOpacity: 0.8 }));
  });
  marks.push(Plot.dot(rows.filter((r) => !r.heldOut), { x: 'N', y: 'loss', fill: 'budget', r: 3, title: 'title' }));
  marks.push(Plot.dot(rows.filter((r) => r.heldOut), { x: 'N', y: 'loss', stroke: 'budget', fill: 'none', r: 4, strokeWidth: 1.5, title: 'title' }));
  const minima = (input.minima ?? []).map((m, i) => ({
    ...m,
    N: requireValue(m.N, `isoflop figure: minima[${i}].N`, true),
    budget: scale.labelOf(m.C),
    title: `N*=${formatSize(m.N)}${m.lo !== undefined && m.hi !== undefined ? ` [${formatSize(m.lo)}, ${formatSize(m.hi)}]` : ''} at C=${formatFlops(m.C)}`,
  }));
  const withInterval = minima.filter((m) => m.lo !== undefined && m.hi !== undefined && m.lo > 0 && m.hi > 0);
  marks.push(Plot.ruleY(withInterval, { y: 'loss', x1: 'lo', x2: 'hi', stroke: 'budget', strokeWidth: 2.5 }));
  marks.push(Plot.dot(minima, { x: 'N', y: 'loss', symbol: 'times', stroke: 'currentColor', strokeWidth: 2, r: 6, title: 'title' }));
  return {
    width: options.width ?? DEFAULT_WIDTH,
    height: options.height ?? 420,
    ...AXIS_MARGINS,
    inset: 8,
    x: { type: 'log', label: 'parameters N', tickFormat: formatSize },
    y: { label: options.yLabel ?? 'loss', tickFormat: (v: number) => trim(v, 3) },
    color: { type: 'ordinal', domain: scale.domain, range: scale.range, legend: true },
    marks,
  };
}

function isoflopKeys(input: IsoflopInput): LegendEntry[] {
  const keys: LegendEntry[] = [];
  if (input.parabolas?.length) keys.push({ label: 'profile fit', color: 'currentColor', shape: 'line' });
  if (input.minima?.length) keys.push({ label: input.interval && input.minima.some((m) => m.lo !== undefined) ? `minimum N* (${describeInterval(input.interval, 'compact')})` : 'minimum N* (interval)', color: 'currentColor', shape: 'cross' });
  if (input.points.some((p) => p.heldOut)) keys.push({ label: 'held out', color: 'currentColor', shape: 'hollow' });
  return keys;
}

/**
 * The IsoFLOP figure as an SVG string.
 *
 * @example
 * isoflopFigure({ points: [{ C: 1e19, N: 1e8, loss: 3.2 }, { C: 1e19, N: 3e8, loss: 3.1 }] }, { id: 'isoflop' });
 */
export function isoflopFigure(input: IsoflopInput, options: IsoflopOptions & { id?: string } = {}): string {
  return renderSvg(isoflopOptions(input, options), { id: options.id, legend: isoflopKeys(input) });
}
