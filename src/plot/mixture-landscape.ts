/**
 * The loss landscape of a mixture model along two domains: the predicted loss as coloured cells over the shares
 * of the two (the rest of the mixture in the prior's proportions), with optional labelled mixtures on top (the
 * prior, the proposal, the best run), the observed runs, and the box of shares the model was trained on (a
 * tree model is constant beyond it: what lies outside is no prediction).
 *
 * @example
 * import { mixtureLandscapeFigure } from './mixture-landscape.js';
 * const svg = mixtureLandscapeFigure({ names: ['web', 'code'], points: [{ a: 0, b: 0, predicted: 3 }, { a: 1, b: 0, predicted: 2.5 }, { a: 0, b: 1, predicted: 2.8 }] });
 */
import type { Markish } from '@observablehq/plot';
import { InputError } from '../errors.js';
import { AXIS_MARGINS, DEFAULT_WIDTH, type SizeOptions } from './common.js';
import { trim } from './format.js';
import { Plot } from './plotlib.js';
import { renderSvg, type LegendEntry, type PlotOptions } from './render.js';

/** A labelled mixture drawn on the landscape (its shares of the two domains). */
export interface LandscapeMark {
  a: number;
  b: number;
  label: string;
}

/** Input of {@link mixtureLandscapeFigure}: grid points from `mixtureLandscape` and the two domains' names. */
export interface MixtureLandscapeInput {
  names: [string, string];
  /** Grid points on a regular triangular grid (shares a and b, a + b <= 1). */
  points: readonly { a: number; b: number; predicted: number }[];
  /** Observed runs to overlay (their shares of the two domains). */
  runs?: readonly { a: number; b: number }[];
  /** Labelled mixtures to mark (e.g. prior, proposal, best run). */
  marks?: readonly LandscapeMark[];
  /** Largest trained share of each domain: a dashed box; beyond it a tree model only repeats its edge. */
  trained?: [number, number];
  /** Title line, e.g. which model and target. */
  title?: string;
}

/** Grid spacing: the smallest positive gap between distinct share values. */
function gridStep(values: readonly number[]): number {
  const u = [...new Set(values)].sort((x, y) => x - y);
  let step = Infinity;
  for (let i = 1; i < u.length; i++) step = Math.min(step, u[i]! - u[i - 1]!);
  return Number.isFinite(step) ? step : 1;
}

/**
 * Plot options of the landscape figure.
 *
 * @example
 * mixtureLandscapeOptions({ names: ['web', 'code'], points: [{ a: 0, b: 0, predicted: 3 }, { a: 0.5, b: 0, predicted: 2.5 }] });
 */
export function mixtureLandscapeOptions(input: MixtureLandscapeInput, options: SizeOptions = {}): PlotOptions {
  if (input.points.length < 2) throw new InputError(`landscape figure: need at least 2 grid points, got ${input.points.length}`);
  for (const p of input.points) {
    if (!Number.isFinite(p.predicted) || !(p.a >= 0 && p.b >= 0 && p.a + p.b <= 1 + 1e-9)) throw new InputError(`landscape figure: grid point (${p.a}, ${p.b}) must have shares >= 0 summing to <= 1 and a finite prediction (${p.predicted})`);
  }
  const h = gridStep([...input.points.map((p) => p.a), ...input.points.map((p) => p.b)]) / 2;
  const cells = input.points.map((p) => ({ ...p, x1: Math.max(0, p.a - h), x2: Math.min(1, p.a + h), y1: Math.max(0, p.b - h), y2: Math.min(1, p.b + h) }));
  const [na, nb] = input.names;
  const marks: Markish[] = [
    Plot.rect(cells, { x1: 'x1', x2: 'x2', y1: 'y1', y2: 'y2', fill: 'predicted', title: (p: { a: number; b: number; predicted: number }) => `${na} ${trim(p.a, 3)}, ${nb} ${trim(p.b, 3)}: predicted ${trim(p.predicted, 4)}` }),
    Plot.line([[0, 1], [1, 0]], { stroke: 'currentColor', strokeOpacity: 0.6 }),
  ];
  if (input.trained) {
    const [ta, tb] = input.trained;
    marks.push(Plot.line([[0, tb], [ta, tb], [ta, 0]], { stroke: 'currentColor', strokeWidth: 1.5, strokeDasharray: '6,4' }));
  }
  if (input.runs?.length) marks.push(Plot.dot(input.runs, { x: 'a', y: 'b', stroke: 'white', strokeOpacity: 0.8, r: 2 }));
  if (input.marks?.length) {
    marks.push(
      Plot.dot(input.marks, { x: 'a', y: 'b', r: 6, fill: 'white', stroke: 'black', strokeWidth: 2, symbol: 'diamond' }),
      Plot.text(input.marks, { x: 'a', y: 'b', text: 'label', dx: 10, textAnchor: 'start', fill: 'currentColor', stroke: 'var(--plot-background)', strokeWidth: 3, paintOrder: 'stroke' }),
    );
  }
  const width = options.width ?? DEFAULT_WIDTH;
  const plotW = width - AXIS_MARGINS.marginLeft - AXIS_MARGINS.marginRight;
  return {
    width, height: options.height ?? plotW + AXIS_MARGINS.marginTop + AXIS_MARGINS.marginBottom, ...AXIS_MARGINS,
    ...(input.title ? { title: input.title } : {}),
    x: { label: `share of ${na}`, domain: [0, 1], ticks: 10, tickFormat: (v: number) => trim(v, 2) },
    y: { label: `share of ${nb}`, domain: [0, 1], ticks: 10, tickFormat: (v: number) => trim(v, 2) },
    color: { type: 'linear', scheme: 'viridis', label: 'predicted loss', legend: true, tickFormat: (v: number) => trim(v, 3) },
    marks,
  };
}

/**
 * The landscape figure as an SVG string.
 *
 * @example
 * const inf = domainInfluence(model, prior);
 * const L = mixtureLandscape(model, prior, inf[0].domain, inf[1].domain);
 * mixtureLandscapeFigure({ names: [table.domains[L.domains[0]], table.domains[L.domains[1]]], points: L.points }, { id: 'landscape' });
 */
export function mixtureLandscapeFigure(input: MixtureLandscapeInput, options: SizeOptions & { id?: string } = {}): string {
  const legend: LegendEntry[] = [];
  if (input.trained) legend.push({ label: 'trained range (beyond: no extrapolation by trees)', color: 'currentColor', shape: 'dashed' });
  if (input.runs?.length) legend.push({ label: 'observed runs', color: 'currentColor', shape: 'hollow' });
  return renderSvg(mixtureLandscapeOptions(input, options), { id: options.id, legend });
}
