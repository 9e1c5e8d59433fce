/**
 * Task-noise figure: one row per task, its signal-to-noise ratio (Heineman et al. 2025; log x axis) as a dot coloured
 * by whether the task can decide at the ladder's scale, and at the right the decision accuracy (pairs agreeing with
 * the target) and the smallest accuracy difference two runs need to be ordered at 95%.
 *
 * @example
 * import { ladderNoiseFigure } from './ladder-noise.js';
 * const svg = ladderNoiseFigure({
 *   rows: [{ task: 'MMLU', snr: 90.1, agree: 10, pairs: 10, minDifference: 0.0032, decides: true }],
 *   scale: '1.3B against 3.2B',
 * }, { id: 'ladder-noise' });
 */
import type { Markish } from '@observablehq/plot';
import { InputError } from '../errors.js';
import { DEFAULT_WIDTH, requireValue, type SizeOptions } from './common.js';
import { DECISION_COLORS, trim } from './format.js';
import { Plot } from './plotlib.js';
import { CHAR_WIDTH, renderSvg, type LegendEntry, type PlotOptions } from './render.js';

/** One task's noise and decision quality. */
export interface LadderNoiseRow {
  task: string;
  /** Signal-to-noise ratio of the accuracy. */
  snr: number;
  /** Of the loss, drawn as a hollow dot when given. */
  snrLoss?: number;
  /** Decision accuracy at the scale: pairs agreeing, pairs compared. */
  agree: number;
  pairs: number;
  /** Smallest accuracy difference ordered at 95%. */
  minDifference: number;
  decides: boolean;
}

/** Input of the task-noise figure. */
export interface LadderNoiseInput {
  rows: readonly LadderNoiseRow[];
  /** The scale the decision is about, for the x label (e.g. "1.3B against 3.2B"). */
  scale?: string;
}

/**
 * Plot options of the task-noise figure.
 *
 * @example
 * ladderNoiseOptions({ rows: [{ task: 'x', snr: 12, agree: 9, pairs: 10, minDifference: 0.026, decides: false }] });
 */
export function ladderNoiseOptions(input: LadderNoiseInput, options: SizeOptions = {}): PlotOptions {
  if (input.rows.length === 0) throw new InputError('ladder noise figure: no rows');
  const rows = input.rows.map((r, i) => {
    const what = `ladder noise figure: rows[${i}] (${r.task})`;
    const snr = requireValue(r.snr, `${what}.snr`, true);
    const snrLoss = r.snrLoss !== undefined ? requireValue(r.snrLoss, `${what}.snrLoss`, true) : undefined;
    const md = requireValue(r.minDifference, `${what}.minDifference`, false);
    return { task: String(r.task), snr, snrLoss, decision: r.decides ? 'better' : 'inconclusive', label: `${r.agree}/${r.pairs} agree · needs ${trim(md * 100, 2)} pt${r.decides ? ' · decides' : ''}` };
  });
  const tasks = rows.map((r) => r.task);
  if (new Set(tasks).size !== tasks.length) throw new InputError('ladder noise figure: duplicate task names');
  const xs = rows.flatMap((r) => [r.snr, ...(r.snrLoss !== undefined ? [r.snrLoss] : [])]);
  const marks: Markish[] = [
    Plot.ruleY(rows, { y: 'task', x1: Math.min(...xs) / 1.3, x2: 'snr', stroke: 'decision', strokeOpacity: 0.3, strokeWidth: 5 }),
    Plot.dot(rows.filter((r) => r.snrLoss !== undefined), { x: 'snrLoss', y: 'task', stroke: 'currentColor', fill: 'none', r: 5, strokeWidth: 1.3 }),
    Plot.dot(rows, { x: 'snr', y: 'task', fill: 'decision', r: 6 }),
    Plot.text(rows, { frameAnchor: 'right', y: 'task', text: 'label', textAnchor: 'start', fill: 'decision', dx: 12 }),
  ];
  const labelChars = Math.max(...rows.map((r) => r.label.length));
  const longest = Math.max(...tasks.map((t) => t.length));
  return {
    width: options.width ?? DEFAULT_WIDTH + 120,
    height: options.height ?? Math.max(170, 80 + 34 * rows.length),
    marginTop: 24,
    marginBottom: 48,
    marginLeft: Math.min(240, 24 + CHAR_WIDTH * longest),
    marginRight: Math.min(360, 24 + CHAR_WIDTH * labelChars),
    x: { type: 'log', label: `signal-to-noise ratio${input.scale ? ` (${input.scale})` : ''}`, domain: [Math.min(...xs) / 1.3, Math.max(...xs) * 1.3], tickFormat: (v: number) => trim(v, 3) },
    y: { label: null, domain: tasks },
    color: { type: 'ordinal', domain: ['better', 'inconclusive'], range: [DECISION_COLORS.better, DECISION_COLORS.inconclusive] },
    marks,
  };
}

/**
 * The task-noise figure as an SVG string.
 *
 * @example
 * ladderNoiseFigure({ rows: [{ task: 'x', snr: 12, agree: 9, pairs: 10, minDifference: 0.026, decides: false }] }, { id: 'noise' });
 */
export function ladderNoiseFigure(input: LadderNoiseInput, options: SizeOptions & { id?: string } = {}): string {
  const legend: LegendEntry[] = [
    { label: 'accuracy SNR: decides at this scale', color: DECISION_COLORS.better, shape: 'dot' },
    { label: 'accuracy SNR: cannot decide', color: 'currentColor', shape: 'dot' },
  ];
  if (input.rows.some((r) => r.snrLoss !== undefined)) legend.push({ label: 'task-loss SNR', color: 'currentColor', shape: 'hollow' });
  return renderSvg(ladderNoiseOptions(input, options), { id: options.id, legend });
}
