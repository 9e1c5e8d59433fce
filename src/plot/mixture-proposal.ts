/**
 * A proposed mixture against the prior it was searched around: per domain a faint bar for the prior's weight, a
 * bar for the proposed weight with its interval, and (optionally) a tick at the weight of the best observed run.
 * The numbers are printed at the right, so the figure reads without hovering.
 *
 * @example
 * import { mixtureProposalFigure } from './mixture-proposal.js';
 * const svg = mixtureProposalFigure({ domains: ['web', 'code'], weights: [0.8, 0.2], weightsCi: [[0.7, 0.9], [0.1, 0.3]], prior: [0.5, 0.5] });
 */
import type { Markish } from '@observablehq/plot';
import { InputError } from '../errors.js';
import { describeInterval, type IntervalLabel } from '../stats/interval.js';
import { DEFAULT_WIDTH, type SizeOptions } from './common.js';
import { trim } from './format.js';
import { Plot } from './plotlib.js';
import { CHAR_WIDTH, renderSvg, type LegendEntry, type PlotOptions } from './render.js';

/** Input of {@link mixtureProposalFigure}. */
export interface MixtureProposalInput {
  /** Domain names, top to bottom. */
  domains: readonly string[];
  weights: ArrayLike<number>;
  /** Interval of each proposed weight (NaN bounds: none drawn for that domain). */
  weightsCi: readonly (readonly [number, number])[];
  prior: ArrayLike<number>;
  /** Weights of a reference mixture drawn as ticks, e.g. the best observed run. */
  best?: { weights: ArrayLike<number>; label: string };
  /** What the intervals are, said in the legend. */
  interval?: IntervalLabel;
  /** A line above the figure, e.g. the predicted loss of the proposal against the prior. */
  title?: string;
}

const PROPOSED = '#4269d0';
const BEST = '#d6404e';

/**
 * Plot options of the proposal figure.
 *
 * @example
 * mixtureProposalOptions({ domains: ['web', 'code'], weights: [0.8, 0.2], weightsCi: [[0.7, 0.9], [0.1, 0.3]], prior: [0.5, 0.5] });
 */
export function mixtureProposalOptions(input: MixtureProposalInput, options: SizeOptions = {}): PlotOptions {
  const d = input.domains.length;
  if (d === 0 || input.weights.length !== d || input.prior.length !== d || input.weightsCi.length !== d || (input.best && input.best.weights.length !== d)) {
    throw new InputError(`proposal figure: domains (${d}), weights (${input.weights.length}), intervals (${input.weightsCi.length}), prior (${input.prior.length})${input.best ? ` and ${input.best.label} (${input.best.weights.length})` : ''} must have the same length`);
  }
  if (new Set(input.domains).size !== d) throw new InputError('proposal figure: duplicate domain names');
  const rows = input.domains.map((name, j) => {
    const w = input.weights[j]!, p = input.prior[j]!, [lo, hi] = input.weightsCi[j]!;
    if (!(w >= 0 && w <= 1) || !(p >= 0 && p <= 1)) throw new InputError(`proposal figure: domain ${name}: weights must be in [0, 1] (proposed ${w}, prior ${p})`);
    const hasCi = Number.isFinite(lo) && Number.isFinite(hi);
    return { name, w, p, lo, hi, hasCi, b: input.best ? input.best.weights[j]! : NaN, label: `${w.toFixed(3)}${hasCi ? ` [${lo.toFixed(3)}, ${hi.toFixed(3)}]` : ''}` };
  });
  const longest = Math.max(...input.domains.map((s) => s.length));
  const longestLabel = Math.max(...rows.map((r) => r.label.length));
  const marks: Markish[] = [
    Plot.ruleX([0], { stroke: 'currentColor', strokeOpacity: 0.6 }),
    Plot.barX(rows, { y: 'name', x: 'p', fill: 'currentColor', fillOpacity: 0.18, insetTop: 2, insetBottom: 2, title: (r: { name: string; p: number }) => `${r.name}: prior ${r.p.toFixed(3)}` }),
    Plot.barX(rows, { y: 'name', x: 'w', fill: PROPOSED, insetTop: 7, insetBottom: 7, title: (r: { name: string; w: number; lo: number; hi: number; p: number; hasCi: boolean }) => `${r.name}: ${trim(r.w, 3)}${r.hasCi ? ` [${trim(r.lo, 3)}, ${trim(r.hi, 3)}]` : ''} proposed (prior ${trim(r.p, 3)})` }),
    Plot.ruleY(rows.filter((r) => r.hasCi), { y: 'name', x1: 'lo', x2: 'hi', stroke: 'currentColor', strokeWidth: 2 }),
    Plot.text(rows, { y: 'name', x: 1, text: 'label', textAnchor: 'start', dx: 8, fill: 'currentColor' }),
  ];
  if (input.best) marks.splice(4, 0, Plot.tickX(rows, { y: 'name', x: 'b', stroke: BEST, strokeWidth: 2.5, title: (r: { name: string; b: number }) => `${r.name}: ${input.best!.label} ${r.b.toFixed(3)}` }));
  return {
    width: options.width ?? DEFAULT_WIDTH,
    height: options.height ?? Math.max(170, 26 * d + 80),
    marginTop: 20, marginBottom: 44,
    marginLeft: Math.min(260, 16 + CHAR_WIDTH * longest),
    marginRight: Math.min(260, 24 + CHAR_WIDTH * longestLabel),
    ...(input.title ? { title: input.title } : {}),
    x: { label: 'share of the mixture', domain: [0, 1], tickFormat: (v: number) => trim(v, 2), grid: true },
    y: { label: null, domain: input.domains.slice() },
    marks,
  };
}

/**
 * The proposal figure as an SVG string.
 *
 * @example
 * mixtureProposalFigure({ domains: table.domains, weights: p.weights, weightsCi: p.weightsCi, prior: p.prior,
 *   best: { weights: p.bestObserved.weights, label: 'best observed run' }, interval: p.intervalLabel }, { id: 'proposal' });
 */
export function mixtureProposalFigure(input: MixtureProposalInput, options: SizeOptions & { id?: string; interval?: string } = {}): string {
  const keys: LegendEntry[] = [
    { label: 'prior', color: 'currentColor', shape: 'faint' },
    { label: 'proposed', color: PROPOSED, shape: 'band' },
    { label: options.interval ?? (input.interval ? describeInterval(input.interval, 'compact') : 'bootstrap interval'), color: 'currentColor', shape: 'line' },
  ];
  if (input.best) keys.push({ label: input.best.label, color: BEST, shape: 'line' });
  return renderSvg(mixtureProposalOptions(input, options), { id: options.id, legend: keys });
}
