/**
 * Chained ladder predictions, one row per task: the predicted accuracy at the target (diamond) with its interval
 * (bar), the actual accuracy when known (cross), the task's chance level (tick), and the numbers at the right
 * ("0.484 [0.47, 0.50] · actual 0.490").
 *
 * @example
 * import { ladderPredictionsFigure } from './ladder-predictions.js';
 * const svg = ladderPredictionsFigure({
 *   rows: [{ task: 'MMLU', predicted: 0.484, lo: 0.47, hi: 0.5, actual: 0.49, chance: 0.25 }],
 *   interval: { level: 0.95, method: 'percentile', resamples: 1000 },
 * }, { id: 'ladder-predictions' });
 */
import type { Markish } from '@observablehq/plot';
import { InputError } from '../errors.js';
import { describeInterval, type IntervalLabel } from '../stats/interval.js';
import { DEFAULT_WIDTH, requireValue, type SizeOptions } from './common.js';
import { DECISION_COLORS, trim } from './format.js';
import { Plot } from './plotlib.js';
import { CHAR_WIDTH, renderSvg, type LegendEntry, type PlotOptions } from './render.js';

/** One task's chained prediction. */
export interface LadderPredictionRow {
  task: string;
  predicted: number;
  /** Interval of the prediction (both or neither). */
  lo?: number;
  hi?: number;
  /** The target's measured accuracy, when known. */
  actual?: number;
  chance?: number;
}

/** Input of the predictions figure. */
export interface LadderPredictionsInput {
  rows: readonly LadderPredictionRow[];
  /** What the intervals are (said once, in the x label). */
  interval?: IntervalLabel;
  /** Target, for the x label (e.g. "7B, 3.9T tokens"). */
  target?: string;
}

/**
 * Plot options of the predictions figure.
 *
 * @example
 * ladderPredictionsOptions({ rows: [{ task: 'PIQA', predicted: 0.78, lo: 0.76, hi: 0.8, actual: 0.79 }] });
 */
export function ladderPredictionsOptions(input: LadderPredictionsInput, options: SizeOptions = {}): PlotOptions {
  if (input.rows.length === 0) throw new InputError('ladder predictions figure: no rows');
  const rows = input.rows.map((r, i) => {
    const what = `ladder predictions figure: rows[${i}] (${r.task})`;
    const predicted = requireValue(r.predicted, `${what}.predicted`, false);
    const hasCi = r.lo !== undefined || r.hi !== undefined;
    const lo = hasCi ? requireValue(r.lo, `${what}.lo`, false) : undefined;
    const hi = hasCi ? requireValue(r.hi, `${what}.hi`, false) : undefined;
    const actual = r.actual !== undefined ? requireValue(r.actual, `${what}.actual`, false) : undefined;
    const covered = actual !== undefined && lo !== undefined && hi !== undefined ? actual >= lo && actual <= hi : undefined;
    const ci = lo !== undefined ? ` [${trim(lo, 3)}, ${trim(hi!, 3)}]` : '';
    const act = actual !== undefined ? ` · actual ${trim(actual, 3)}${covered === false ? ' (outside)' : ''}` : '';
    return { task: String(r.task), predicted, lo, hi, actual, chance: r.chance, label: `${trim(predicted, 3)}${ci}${act}`, outside: covered === false };
  });
  const tasks = rows.map((r) => r.task);
  if (new Set(tasks).size !== tasks.length) throw new InputError('ladder predictions figure: duplicate task names');
  const xs = rows.flatMap((r) => [r.predicted, ...(r.lo !== undefined ? [r.lo, r.hi!] : []), ...(r.actual !== undefined ? [r.actual] : []), ...(r.chance !== undefined ? [r.chance] : [])]);
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  const pad = (hi - lo || 0.05) * 0.06;
  const withCi = rows.filter((r) => r.lo !== undefined);
  const marks: Markish[] = [
    Plot.tickX(rows.filter((r) => r.chance !== undefined), { x: 'chance', y: 'task', stroke: 'currentColor', strokeOpacity: 0.5, strokeDasharray: '2,2', inset: 4 }),
    Plot.ruleY(withCi, { y: 'task', x1: 'lo', x2: 'hi', stroke: 'currentColor', strokeWidth: 2.5 }),
    Plot.dot(rows, { x: 'predicted', y: 'task', fill: 'currentColor', r: 6, symbol: 'diamond' }),
    Plot.dot(rows.filter((r) => r.actual !== undefined), { x: 'actual', y: 'task', stroke: (d: { outside: boolean }) => (d.outside ? DECISION_COLORS.worse : DECISION_COLORS.better), r: 6, symbol: 'times', strokeWidth: 2.2 }),
    Plot.text(rows, { frameAnchor: 'right', y: 'task', text: 'label', textAnchor: 'start', dx: 12 }),
  ];
  const labelChars = Math.max(...rows.map((r) => r.label.length));
  const longest = Math.max(...tasks.map((t) => t.length));
  // the level and method only: the full label (resamples, seed, coverage) is too long for an axis; captions carry it
  const interval = input.interval ? `; ${describeInterval({ level: input.interval.level, method: input.interval.method }, 'compact')} interval` : '';
  return {
    width: options.width ?? DEFAULT_WIDTH + 120,
    height: options.height ?? Math.max(170, 80 + 34 * rows.length),
    marginTop: 24,
    marginBottom: 48,
    marginLeft: Math.min(240, 24 + CHAR_WIDTH * longest),
    marginRight: Math.min(380, 24 + CHAR_WIDTH * labelChars),
    x: { label: `predicted accuracy${input.target ? ` at ${input.target}` : ''}${interval}`, domain: [lo - pad, hi + pad], tickFormat: (v: number) => trim(v, 2) },
    y: { label: null, domain: tasks },
    marks,
  };
}

/**
 * The predictions figure as an SVG string.
 *
 * @example
 * ladderPredictionsFigure({ rows: [{ task: 'PIQA', predicted: 0.78, actual: 0.79 }] }, { id: 'preds' });
 */
export function ladderPredictionsFigure(input: LadderPredictionsInput, options: SizeOptions & { id?: string } = {}): string {
  const legend: LegendEntry[] = [
    { label: 'predicted (interval)', color: 'currentColor', shape: 'dot' },
    { label: 'actual inside the interval', color: DECISION_COLORS.better, shape: 'cross' },
    { label: 'actual outside', color: DECISION_COLORS.worse, shape: 'cross' },
    { label: 'chance', color: 'currentColor', shape: 'dashed' },
  ];
  return renderSvg(ladderPredictionsOptions(input, options), { id: options.id, legend });
}
