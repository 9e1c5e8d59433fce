/**
 * Figures of a mixture study: predicted against actual loss on held-out runs (with the y = x line and the rank
 * scores in the caption), and a proposed mixture against the prior (bars with the bootstrap interval of each
 * proposed weight).
 *
 * @example
 * import { mixturePredictedFigure } from './mixture.js';
 * const svg = mixturePredictedFigure({ actual: [5.1, 5.3], predicted: [5.12, 5.28], ids: ['1', '2'] });
 */
import type { Markish } from '@observablehq/plot';
import { InputError } from '../errors.js';
import { DEFAULT_WIDTH, type SizeOptions } from './common.js';
import { trim } from './format.js';
import { Plot } from './plotlib.js';
import { renderSvg, type LegendEntry, type PlotOptions } from './render.js';

/** Input of {@link mixturePredictedFigure}. */
export interface MixturePredictedInput {
  actual: ArrayLike<number>;
  predicted: ArrayLike<number>;
  ids?: readonly string[];
  /** Axis label (default 'loss'). */
  target?: string;
}

/**
 * Plot options of the predicted-vs-actual figure.
 *
 * @example
 * mixturePredictedOptions({ actual: [5.1, 5.3], predicted: [5.12, 5.28] });
 */
export function mixturePredictedOptions(input: MixturePredictedInput, options: SizeOptions = {}): PlotOptions {
  const n = input.actual.length;
  if (n === 0 || input.predicted.length !== n) throw new InputError(`predicted-vs-actual figure: ${n} actual and ${input.predicted.length} predicted values`);
  const rows = Array.from({ length: n }, (_, i) => {
    const a = input.actual[i]!, p = input.predicted[i]!;
    if (!Number.isFinite(a) || !Number.isFinite(p)) throw new InputError(`predicted-vs-actual figure: run ${input.ids?.[i] ?? i} is not finite`);
    return { a, p, title: `${input.ids?.[i] ? input.ids[i] + ': ' : ''}actual ${trim(a, 4)}, predicted ${trim(p, 4)}` };
  });
  let lo = Infinity, hi = -Infinity;
  for (const r of rows) { lo = Math.min(lo, r.a, r.p); hi = Math.max(hi, r.a, r.p); }
  const label = input.target ?? 'loss';
  const marks: Markish[] = [
    Plot.line([[lo, lo], [hi, hi]], { stroke: 'currentColor', strokeOpacity: 0.4, strokeDasharray: '4 3' }),
    Plot.dot(rows, { x: 'a', y: 'p', fill: 'currentColor', fillOpacity: 0.6, r: 2.5, title: 'title' }),
  ];
  return {
    width: options.width ?? DEFAULT_WIDTH, height: options.height ?? 400, marginLeft: 50, inset: 8,
    x: { label: `actual ${label}`, domain: [lo, hi], tickFormat: (v: number) => trim(v, 3) },
    y: { label: `predicted ${label}`, domain: [lo, hi], tickFormat: (v: number) => trim(v, 3) },
    marks,
  };
}

/**
 * The predicted-vs-actual figure as an SVG string.
 *
 * @example
 * mixturePredictedFigure({ actual: test.y, predicted: study.models[3].heldOutPredicted!, ids: test.ids }, { id: 'pred' });
 */
export function mixturePredictedFigure(input: MixturePredictedInput, options: SizeOptions & { id?: string } = {}): string {
  const keys: LegendEntry[] = [{ label: 'held-out run', color: 'currentColor', shape: 'dot' }, { label: 'predicted = actual', color: 'currentColor', shape: 'dashed' }];
  return renderSvg(mixturePredictedOptions(input, options), { id: options.id, legend: keys });
}

/** Input of {@link mixtureProposalFigure}. */
export interface MixtureProposalInput {
  domains: readonly string[];
  weights: ArrayLike<number>;
  weightsCi: readonly (readonly [number, number])[];
  prior: ArrayLike<number>;
}

/**
 * Plot options of the proposal figure: per domain, the prior's weight (faint bar), the proposed weight (bar) and
 * its interval (rule).
 *
 * @example
 * mixtureProposalOptions({ domains: ['web', 'code'], weights: [0.8, 0.2], weightsCi: [[0.7, 0.9], [0.1, 0.3]], prior: [0.5, 0.5] });
 */
export function mixtureProposalOptions(input: MixtureProposalInput, options: SizeOptions = {}): PlotOptions {
  const d = input.domains.length;
  if (d === 0 || input.weights.length !== d || input.prior.length !== d || input.weightsCi.length !== d) throw new InputError('proposal figure: domains, weights, intervals and prior must have the same length');
  const rows = input.domains.map((name, j) => ({ name, w: input.weights[j]!, p: input.prior[j]!, lo: input.weightsCi[j]![0], hi: input.weightsCi[j]![1] }));
  const ci = rows.filter((r) => Number.isFinite(r.lo) && Number.isFinite(r.hi));
  return {
    width: options.width ?? DEFAULT_WIDTH, height: options.height ?? Math.max(160, 22 * d + 60), marginLeft: 190, inset: 4,
    x: { label: 'weight', domain: [0, 1], tickFormat: (v: number) => trim(v, 2) },
    y: { label: null, domain: input.domains.slice() },
    marks: [
      Plot.barX(rows, { y: 'name', x: 'p', fill: 'currentColor', fillOpacity: 0.15, insetTop: 2, insetBottom: 2 }),
      Plot.barX(rows, { y: 'name', x: 'w', fill: '#3a78c2', fillOpacity: 0.8, insetTop: 6, insetBottom: 6, title: (r: { name: string; w: number; lo: number; hi: number }) => `${r.name}: ${trim(r.w, 3)} [${trim(r.lo, 3)}, ${trim(r.hi, 3)}]` }),
      Plot.ruleY(ci, { y: 'name', x1: 'lo', x2: 'hi', stroke: 'currentColor', strokeWidth: 1.5 }),
    ],
  };
}

/**
 * The proposal figure as an SVG string.
 *
 * @example
 * mixtureProposalFigure({ domains: table.domains, weights: p.weights, weightsCi: p.weightsCi, prior: p.prior }, { id: 'proposal' });
 */
export function mixtureProposalFigure(input: MixtureProposalInput, options: SizeOptions & { id?: string; interval?: string } = {}): string {
  const keys: LegendEntry[] = [
    { label: 'prior', color: 'currentColor', shape: 'faint' },
    { label: 'proposed', color: '#3a78c2', shape: 'band' },
    { label: options.interval ?? 'bootstrap interval', color: 'currentColor', shape: 'line' },
  ];
  return renderSvg(mixtureProposalOptions(input, options), { id: options.id, legend: keys });
}

/** Input of {@link mixtureLandscapeFigure}: grid points from `mixtureLandscape` and the two domains' names. */
export interface MixtureLandscapeInput {
  names: [string, string];
  points: readonly { a: number; b: number; predicted: number }[];
  /** Observed runs to overlay (their shares of the two domains). */
  runs?: readonly { a: number; b: number }[];
}

/**
 * Plot options of the landscape figure: predicted loss as coloured cells over the shares of two domains.
 *
 * @example
 * mixtureLandscapeOptions({ names: ['web', 'code'], points: [{ a: 0, b: 0, predicted: 3 }, { a: 1, b: 0, predicted: 2.5 }] });
 */
export function mixtureLandscapeOptions(input: MixtureLandscapeInput, options: SizeOptions = {}): PlotOptions {
  if (input.points.length === 0) throw new InputError('landscape figure: no grid points');
  const marks: Markish[] = [
    Plot.dot(input.points, { x: 'a', y: 'b', fill: 'predicted', r: 6, symbol: 'square', title: (p: { a: number; b: number; predicted: number }) => `${input.names[0]} ${trim(p.a, 3)}, ${input.names[1]} ${trim(p.b, 3)}: ${trim(p.predicted, 4)}` }),
  ];
  if (input.runs?.length) marks.push(Plot.dot(input.runs, { x: 'a', y: 'b', stroke: 'currentColor', r: 1.5, strokeOpacity: 0.5 }));
  return {
    width: options.width ?? DEFAULT_WIDTH, height: options.height ?? 420, marginLeft: 50, inset: 8,
    x: { label: `share of ${input.names[0]}`, domain: [0, 1] }, y: { label: `share of ${input.names[1]}`, domain: [0, 1] },
    color: { type: 'linear', scheme: 'viridis', label: 'predicted loss' },
    marks,
  };
}

/**
 * The landscape figure as an SVG string.
 *
 * @example
 * const L = mixtureLandscape(model, prior, 11, 3);
 * mixtureLandscapeFigure({ names: [table.domains[11], table.domains[3]], points: L.points }, { id: 'landscape' });
 */
export function mixtureLandscapeFigure(input: MixtureLandscapeInput, options: SizeOptions & { id?: string } = {}): string {
  let lo = Infinity, hi = -Infinity;
  for (const p of input.points) { lo = Math.min(lo, p.predicted); hi = Math.max(hi, p.predicted); }
  const legend: LegendEntry[] = [
    { label: `predicted loss ${trim(lo, 4)} (dark)`, color: '#440154', shape: 'band' },
    { label: `${trim(hi, 4)} (yellow)`, color: '#fde725', shape: 'band' },
  ];
  if (input.runs?.length) legend.push({ label: 'observed runs', color: 'currentColor', shape: 'hollow' });
  return renderSvg(mixtureLandscapeOptions(input, options), { id: options.id, legend });
}
