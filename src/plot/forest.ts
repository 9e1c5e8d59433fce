/**
 * Ablation forest plot: each variant's difference from the baseline with its interval, coloured by the
 * comparison's decision (better, worse, inconclusive), a zero line, and the numbers printed at the right.
 *
 * @example
 * import { forestFigure } from './forest.js';
 * const svg = forestFigure({ rows: [{ variant: 'swiglu', diff: -0.021, lo: -0.03, hi: -0.012, decision: 'better' }] });
 */
import type { Markish } from '@observablehq/plot';
import { InputError } from '../errors.js';
import { DEFAULT_WIDTH, requireValue, type SizeOptions } from './common.js';
import { DECISION_COLORS, trim, type Decision } from './format.js';
import { Plot } from './plotlib.js';
import { CHAR_WIDTH, renderSvg, type PlotOptions } from './render.js';
import { describeInterval, type IntervalLabel } from '../stats/interval.js';

/** One variant's comparison with the baseline. */
export interface ForestRow {
  variant: string;
  /** Variant minus baseline (in the metric's units). */
  diff: number;
  /** Lower bound of the interval of `diff`. */
  lo: number;
  /** Upper bound of the interval of `diff`. */
  hi: number;
  decision: Decision;
}

/** Input of the forest plot. */
export interface ForestInput {
  /** In display order, top to bottom. */
  rows: readonly ForestRow[];
  /** What the intervals are: said once, in the x axis label (e.g. '95% Welch t'). */
  interval?: IntervalLabel;
}

/** Options of the forest plot. */
export interface ForestOptions extends SizeOptions {
  /** x axis label (default `'difference from baseline (variant − baseline)'`). */
  xLabel?: string;
}

/**
 * Plot options of the forest plot.
 *
 * @example
 * forestOptions({ rows: [{ variant: 'a', diff: 0.01, lo: -0.01, hi: 0.03, decision: 'inconclusive' }] });
 */
export function forestOptions(input: ForestInput, options: ForestOptions = {}): PlotOptions {
  if (input.rows.length === 0) throw new InputError('forest figure: no rows');
  const rows = input.rows.map((r, i) => {
    const what = `forest figure: rows[${i}] (${r.variant})`;
    const diff = requireValue(r.diff, `${what}.diff`, false);
    const lo = requireValue(r.lo, `${what}.lo`, false);
    const hi = requireValue(r.hi, `${what}.hi`, false);
    if (!(lo <= diff && diff <= hi)) throw new InputError(`${what}: interval [${lo}, ${hi}] does not contain diff ${diff}`);
    if (!(r.decision in DECISION_COLORS)) throw new InputError(`${what}: decision must be better, worse or inconclusive, got ${String(r.decision)}`);
    return { variant: String(r.variant), diff, lo, hi, decision: r.decision, label: `${fmt(diff)} [${fmt(lo)}, ${fmt(hi)}]` };
  });
  const variants = rows.map((r) => r.variant);
  if (new Set(variants).size !== variants.length) throw new InputError('forest figure: duplicate variant names');
  const extent = Math.max(...rows.map((r) => Math.max(Math.abs(r.lo), Math.abs(r.hi))));
  const longest = Math.max(...variants.map((v) => v.length));
  const decisions = Object.keys(DECISION_COLORS) as Decision[];
  const marks: Markish[] = [
    Plot.ruleX([0], { stroke: 'currentColor', strokeOpacity: 0.6 }),
    Plot.ruleY(rows, { y: 'variant', x1: 'lo', x2: 'hi', stroke: 'decision', strokeWidth: 2.5 }),
    Plot.dot(rows, { x: 'diff', y: 'variant', fill: 'decision', r: 4.5 }),
    Plot.text(rows, { x: extent * 1.05 || 1, y: 'variant', text: 'label', textAnchor: 'start', fill: 'decision' }),
  ];
  return {
    width: options.width ?? DEFAULT_WIDTH,
    // At least 170 px: a one-row forest plot is a readable band, not a 78 px strip.
    height: options.height ?? Math.max(170, 84 + 34 * rows.length),
    marginTop: 20,
    marginBottom: 48,
    marginLeft: Math.min(260, 16 + CHAR_WIDTH * longest),
    // Room for the longest "diff [lo, hi]" label (CHAR_WIDTH a character at the figure's font size), so none is cut off.
    marginRight: Math.min(380, Math.max(170, 20 + CHAR_WIDTH * Math.max(...rows.map((r) => r.label.length)))),
    x: { label: `${options.xLabel ?? 'difference from baseline (variant − baseline)'}${input.interval ? `; ${describeInterval(input.interval, 'compact')} intervals` : ''}`, domain: [-extent * 1.05 || -1, extent * 1.05 || 1], tickFormat: (v: number) => trim(v, 3) },
    y: { label: null, domain: variants },
    color: { type: 'ordinal', domain: decisions, range: decisions.map((d) => DECISION_COLORS[d]), legend: true },
    marks,
  };
}

function fmt(v: number): string {
  return (v > 0 ? '+' : '') + trim(v, 3);
}

/**
 * The forest plot as an SVG string.
 *
 * @example
 * forestFigure({ rows: [{ variant: 'a', diff: -0.02, lo: -0.03, hi: -0.01, decision: 'better' }] }, { id: 'forest' });
 */
export function forestFigure(input: ForestInput, options: ForestOptions & { id?: string } = {}): string {
  return renderSvg(forestOptions(input, options), { id: options.id });
}
