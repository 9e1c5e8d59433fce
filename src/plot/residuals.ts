/**
 * Residuals of a fit: observed minus fitted (absolute or relative) against C, N or D (log x), with a zero
 * line; held-out points hollow so an extrapolation's error stands out from the in-sample scatter.
 *
 * @example
 * import { residualsFigure } from './residuals.js';
 * const svg = residualsFigure({ points: [{ x: 1e18, residual: 0.01 }, { x: 1e20, residual: -0.03, heldOut: true }] });
 */
import type { Markish } from '@observablehq/plot';
import { InputError } from '../errors.js';
import { DEFAULT_WIDTH, requireValue, type SizeOptions, AXIS_MARGINS } from './common.js';
import { formatFlops, formatSize, trim } from './format.js';
import { Plot } from './plotlib.js';
import { renderSvg, type LegendEntry, type PlotOptions } from './render.js';

/** One run's residual. */
export interface ResidualPoint {
  /** Abscissa (C, N or D). */
  x: number;
  /** Observed minus fitted (or relative: (observed − fitted) / fitted). */
  residual: number;
  heldOut?: boolean;
  run?: string;
}

/** Input of the residual figure. */
export interface ResidualsInput {
  points: readonly ResidualPoint[];
}

/** Options of the residual figure. */
export interface ResidualsOptions extends SizeOptions {
  /** Quantity on the x axis, for the label and tick format (default `'C'`). */
  x?: 'C' | 'N' | 'D';
  /** Residuals are relative: the y axis shows percent. Default false. */
  relative?: boolean;
}

const AXIS_LABEL = { C: 'compute C (FLOPs)', N: 'parameters N', D: 'tokens D' } as const;

/**
 * Plot options of the residual figure.
 *
 * @example
 * residualsOptions({ points: [{ x: 1e18, residual: 0.01 }] }, { relative: false });
 */
export function residualsOptions(input: ResidualsInput, options: ResidualsOptions = {}): PlotOptions {
  if (input.points.length === 0) throw new InputError('residuals figure: no points');
  const q = options.x ?? 'C';
  const rel = options.relative === true;
  const fmtX = q === 'C' ? formatFlops : formatSize;
  const rows = input.points.map((p, i) => {
    const x = requireValue(p.x, `residuals figure: points[${i}].x`, true);
    const r = requireValue(p.residual, `residuals figure: points[${i}].residual`, false);
    return { x, r: rel ? 100 * r : r, heldOut: p.heldOut === true, title: `${p.run ? p.run + ': ' : ''}${q}=${fmtX(x)} residual=${rel ? trim(100 * r, 3) + '%' : trim(r, 3)}` };
  });
  const marks: Markish[] = [
    Plot.gridX({ strokeOpacity: 0.08 }),
    Plot.ruleY([0], { stroke: 'currentColor', strokeOpacity: 0.6 }),
    Plot.ruleX(rows, { x: 'x', y1: 0, y2: 'r', stroke: 'currentColor', strokeOpacity: 0.25 }),
    Plot.dot(rows.filter((r) => !r.heldOut), { x: 'x', y: 'r', fill: 'currentColor', r: 3.5, title: 'title' }),
    Plot.dot(rows.filter((r) => r.heldOut), { x: 'x', y: 'r', stroke: '#cf222e', fill: 'none', strokeWidth: 1.5, r: 4.5, title: 'title' }),
  ];
  return {
    width: options.width ?? DEFAULT_WIDTH,
    height: options.height ?? 300,
    ...AXIS_MARGINS,
    inset: 8,
    x: { type: 'log', label: AXIS_LABEL[q], tickFormat: fmtX },
    y: { label: rel ? 'residual (% of fitted)' : 'residual (observed − fitted)', tickFormat: (v: number) => trim(v, 3) },
    marks,
  };
}

/**
 * The residual figure as an SVG string.
 *
 * @example
 * residualsFigure({ points: [{ x: 1e18, residual: 0.01 }, { x: 1e19, residual: -0.02 }] }, { id: 'residuals' });
 */
export function residualsFigure(input: ResidualsInput, options: ResidualsOptions & { id?: string } = {}): string {
  const keys: LegendEntry[] = [{ label: 'fitted', color: 'currentColor', shape: 'dot' }];
  if (input.points.some((p) => p.heldOut)) keys.push({ label: 'held out', color: '#cf222e', shape: 'hollow' });
  return renderSvg(residualsOptions(input, options), { id: options.id, legend: keys });
}
