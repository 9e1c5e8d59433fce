/**
 * Threshold-test figure: for each variant, its runs (hollow dots), their mean (filled dot) and the one-sided
 * interval of the mean against a threshold (a record to beat): a bar from the open side to the bound, a dashed
 * line at the threshold, and the mean, bound and p printed at the right. A variant whose bound is on the good side
 * of the threshold is drawn in the "better" colour; every other one stays neutral (not beating a record is not
 * evidence of being worse).
 *
 * @example
 * import { thresholdFigure, thresholdRow } from './threshold.js';
 * const svg = thresholdFigure({
 *   threshold: 3.28,
 *   alternative: 'less',
 *   rows: [thresholdRow('SparseAttnGate', [3.2787, 3.2779, 3.2791, 3.2776], 3.28, 'less')],
 *   interval: { level: 0.95, method: 't' },
 * });
 */
import type { Markish } from '@observablehq/plot';
import { InputError } from '../errors.js';
import { describeInterval, type IntervalLabel } from '../stats/interval.js';
import { oneSampleTest } from '../stats/index.js';
import { DEFAULT_WIDTH, requireValue, type SizeOptions } from './common.js';
import { DECISION_COLORS, trim } from './format.js';
import { Plot } from './plotlib.js';
import { CHAR_WIDTH, renderSvg, type LegendEntry, type PlotOptions } from './render.js';

/** One variant's runs and its one-sided bound. */
export interface ThresholdRow {
  variant: string;
  /** The metric of each run (e.g. final val loss per seed). */
  values: readonly number[];
  /** Mean of `values` (computed when absent). */
  mean?: number;
  /** The interval's finite end: an upper bound of the mean for `'less'`, a lower bound for `'greater'`. */
  bound: number;
  /** p-value of the one-sided test, printed when given. */
  p?: number;
}

/** Input of the threshold-test figure. */
export interface ThresholdInput {
  /** The value to beat (e.g. 3.28). */
  threshold: number;
  /** `'less'`: the mean must be below the threshold (losses); `'greater'`: above (accuracies). */
  alternative: 'less' | 'greater';
  /** In display order, top to bottom. */
  rows: readonly ThresholdRow[];
  /** What the bounds are (said once, in the x label), e.g. `{ level: 0.95, method: 't' }`. */
  interval?: IntervalLabel;
}

/** Options of the threshold-test figure. */
export interface ThresholdOptions extends SizeOptions {
  /** x axis label (default `'loss'`). */
  metric?: string;
  /** Label of the threshold line (default `'threshold <value>'`). */
  thresholdLabel?: string;
}

/**
 * One row from a variant's runs: mean, one-sided t bound at `confidence` (default 0.95) and p (one-sample t-test,
 * scipy's `ttest_1samp`). Needs two runs with some spread.
 *
 * @example
 * thresholdRow('gate', [3.2787, 3.2779, 3.2791], 3.28, 'less').bound; // upper 95% bound of the mean
 */
export function thresholdRow(variant: string, values: readonly number[], threshold: number, alternative: 'less' | 'greater', confidence = 0.95): ThresholdRow {
  if (values.length < 2) throw new InputError(`threshold row ${variant}: needs at least 2 runs, got ${values.length}`);
  const r = oneSampleTest(values, threshold, { alternative, confidence });
  const bound = alternative === 'less' ? r.ci[1] : r.ci[0];
  if (!Number.isFinite(bound)) throw new InputError(`threshold row ${variant}: no finite bound (all runs equal?)`);
  return { variant, values, mean: r.estimate, bound, p: r.p };
}

/**
 * Plot options of the threshold-test figure.
 *
 * @example
 * thresholdOptions({ threshold: 3.28, alternative: 'less', rows: [{ variant: 'a', values: [3.27, 3.275], bound: 3.29 }] });
 */
export function thresholdOptions(input: ThresholdInput, options: ThresholdOptions = {}): PlotOptions {
  if (input.rows.length === 0) throw new InputError('threshold figure: no rows');
  if (input.alternative !== 'less' && input.alternative !== 'greater') throw new InputError(`threshold figure: alternative must be 'less' or 'greater', got ${String(input.alternative)}`);
  const less = input.alternative === 'less';
  const threshold = requireValue(input.threshold, 'threshold figure: threshold', false);
  const rows = input.rows.map((r, i) => {
    const what = `threshold figure: rows[${i}] (${r.variant})`;
    if (r.values.length === 0) throw new InputError(`${what}: no values`);
    const values = r.values.map((v, k) => requireValue(v, `${what}.values[${k}]`, false));
    const mean = r.mean !== undefined ? requireValue(r.mean, `${what}.mean`, false) : values.reduce((a, b) => a + b, 0) / values.length;
    const bound = requireValue(r.bound, `${what}.bound`, false);
    if (less ? bound < mean : bound > mean) throw new InputError(`${what}: the ${less ? 'upper' : 'lower'} bound ${bound} is on the wrong side of the mean ${mean}`);
    const beats = less ? bound < threshold : bound > threshold;
    const p = r.p !== undefined && Number.isFinite(r.p) ? `, p=${r.p < 0.001 ? r.p.toExponential(1) : trim(r.p, 2)}` : '';
    return { variant: String(r.variant), values, mean, bound, decision: beats ? 'better' : 'inconclusive', label: `${trim(mean, 5)} (${less ? '≤' : '≥'} ${trim(bound, 5)}${p})` };
  });
  const variants = rows.map((r) => r.variant);
  if (new Set(variants).size !== variants.length) throw new InputError('threshold figure: duplicate variant names');
  const all = [threshold, ...rows.flatMap((r) => [...r.values, r.bound])];
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  const pad = (hi - lo || Math.abs(threshold) * 1e-3 || 1) * 0.12;
  const domain: [number, number] = [lo - pad, hi + pad];
  const open = less ? domain[0] : domain[1];
  const runs = rows.flatMap((r) => r.values.map((v) => ({ variant: r.variant, v, decision: r.decision })));
  const longest = Math.max(...variants.map((v) => v.length));
  const marks: Markish[] = [
    Plot.ruleX([threshold], { stroke: 'currentColor', strokeWidth: 1.2, strokeDasharray: '6,4' }),
    Plot.text([threshold], { x: (d: number) => d, frameAnchor: 'top', text: () => options.thresholdLabel ?? `threshold ${trim(threshold, 6)}`, dy: -10 }),
    Plot.ruleY(rows, { y: 'variant', x1: () => open, x2: 'bound', stroke: 'decision', strokeWidth: 6, strokeOpacity: 0.25 }),
    Plot.tickX(rows, { x: 'bound', y: 'variant', stroke: 'decision', strokeWidth: 2.5, inset: 6 }),
    Plot.dot(runs, { x: 'v', y: 'variant', stroke: 'decision', fill: 'none', r: 4, strokeWidth: 1.3, dy: 0 }),
    Plot.dot(rows, { x: 'mean', y: 'variant', fill: 'decision', r: 5.5, symbol: 'diamond' }),
    Plot.text(rows, { frameAnchor: 'right', y: 'variant', text: 'label', textAnchor: 'start', fill: 'decision', dx: 12 }),
  ];
  const labelChars = Math.max(...rows.map((r) => r.label.length));
  return {
    width: options.width ?? DEFAULT_WIDTH,
    height: options.height ?? Math.max(170, 90 + 40 * rows.length),
    marginTop: 30,
    marginBottom: 48,
    marginLeft: Math.min(260, 16 + CHAR_WIDTH * longest),
    marginRight: Math.min(360, 24 + CHAR_WIDTH * labelChars),
    x: {
      label: `${options.metric ?? 'loss'}${input.interval ? `; one-sided ${describeInterval(input.interval, 'compact')} bound of the mean` : '; bound of the mean'}`,
      domain,
      tickFormat: (v: number) => trim(v, 4),
    },
    y: { label: null, domain: variants },
    color: { type: 'ordinal', domain: ['better', 'inconclusive'], range: [DECISION_COLORS.better, DECISION_COLORS.inconclusive] },
    marks,
  };
}

/**
 * The threshold-test figure as an SVG string.
 *
 * @example
 * thresholdFigure({ threshold: 3.28, alternative: 'less', rows: [{ variant: 'a', values: [3.27, 3.275], bound: 3.279 }] }, { id: 'record' });
 */
export function thresholdFigure(input: ThresholdInput, options: ThresholdOptions & { id?: string } = {}): string {
  const less = input.alternative === 'less';
  const legend: LegendEntry[] = [
    { label: 'run', color: 'currentColor', shape: 'hollow' },
    { label: 'mean', color: 'currentColor', shape: 'dot' },
    { label: `${less ? 'upper' : 'lower'} bound ${less ? '<' : '>'} threshold`, color: DECISION_COLORS.better, shape: 'line' },
    { label: 'bound not past the threshold', color: 'currentColor', shape: 'line' },
  ];
  return renderSvg(thresholdOptions(input, options), { id: options.id, legend });
}
