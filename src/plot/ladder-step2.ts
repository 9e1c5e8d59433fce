/**
 * Ladder step-2 figure: a task's accuracy against its task loss. The smoothed checkpoints of the ladder runs (faint
 * dots, one colour per size), the fitted sigmoid acc = p / (1 + exp(-k (L - L0))) + q over the range from the
 * target's predicted loss to the highest loss seen, dashed lines at chance and ceiling, and the chained prediction
 * (diamond, with its accuracy interval when given); the actual (loss, accuracy) when known (cross).
 *
 * @example
 * import { ladderStep2Figure } from './ladder-step2.js';
 * const svg = ladderStep2Figure({
 *   task: 'PIQA', chance: 0.5, ceiling: 1,
 *   points: [{ N: 1.9e8, loss: 1.1, accuracy: 0.62 }, { N: 1.3e9, loss: 0.9, accuracy: 0.72 }],
 *   params: [-0.5, 0.9, 3, 1],
 *   prediction: { loss: 0.7, accuracy: 0.78 },
 * }, { id: 'piqa-step2' });
 */
import type { Markish } from '@observablehq/plot';
import { InputError } from '../errors.js';
import { step2Accuracy } from '../ladder/steps.js';
import { AXIS_MARGINS, categoricalColors, DEFAULT_WIDTH, downsample, requireValue, type SizeOptions } from './common.js';
import { formatSize, trim } from './format.js';
import { Plot } from './plotlib.js';
import { renderSvg, type LegendEntry, type PlotOptions } from './render.js';

/** Input of the step-2 figure. */
export interface LadderStep2Input {
  task: string;
  chance: number;
  ceiling: number;
  /** The step-2 checkpoints (smoothed), with the N of their run. */
  points: readonly { N: number; loss: number; accuracy: number }[];
  /** Step 2's parameters (p, L0, k, q). */
  params: ArrayLike<number>;
  /** The chained prediction: step 1's loss, the accuracy there and its interval. */
  prediction?: { loss: number; accuracy: number; lo?: number; hi?: number };
  /** The target's measured loss and accuracy. */
  actual?: { loss: number; accuracy: number };
}

/** Options of the step-2 figure. */
export interface LadderStep2Options extends SizeOptions {
  /** Most checkpoints drawn per size (default 150, LTTB-downsampled). */
  maxPoints?: number;
}

/**
 * Plot options of the step-2 figure.
 *
 * @example
 * ladderStep2Options({ task: 'x', chance: 0.25, ceiling: 1, points: [{ N: 1e8, loss: 1, accuracy: 0.3 }], params: [-0.75, 0.9, 3, 1] });
 */
export function ladderStep2Options(input: LadderStep2Input, options: LadderStep2Options = {}): PlotOptions {
  if (input.points.length === 0) throw new InputError(`ladder step-2 figure (${input.task}): no points`);
  if (input.params.length !== 4) throw new InputError(`ladder step-2 figure (${input.task}): params must be (p, L0, k, q), got ${input.params.length} values`);
  const chance = requireValue(input.chance, `ladder step-2 figure (${input.task}): chance`, false);
  const ceiling = requireValue(input.ceiling, `ladder step-2 figure (${input.task}): ceiling`, false);
  const maxPoints = options.maxPoints ?? 150;
  const sizes = [...new Set(input.points.map((p) => p.N))].sort((a, b) => a - b);
  const pts = sizes.flatMap((n) => {
    const mine = input.points.filter((p) => p.N === n).map((p, i) => ({
      loss: requireValue(p.loss, `ladder step-2 figure (${input.task}): points[${i}].loss`, false),
      accuracy: requireValue(p.accuracy, `ladder step-2 figure (${input.task}): points[${i}].accuracy`, false),
      size: formatSize(n),
    })).sort((a, b) => a.loss - b.loss);
    const keep = downsample(mine.map((p) => p.loss), mine.map((p) => p.accuracy), maxPoints);
    return Array.from(keep, (i) => mine[i]!);
  });
  const losses = pts.map((p) => p.loss);
  if (input.prediction) losses.push(requireValue(input.prediction.loss, `ladder step-2 figure (${input.task}): prediction.loss`, false));
  if (input.actual) losses.push(requireValue(input.actual.loss, `ladder step-2 figure (${input.task}): actual.loss`, false));
  const lo = Math.min(...losses);
  const hi = Math.max(...losses);
  const span = hi - lo || 1;
  const curve = Array.from({ length: 80 }, (_, i) => {
    const L = lo - 0.05 * span + ((1.1 * span) * i) / 79;
    return { loss: L, accuracy: step2Accuracy(input.params, L) };
  });
  const names = sizes.map(formatSize);
  const marks: Markish[] = [
    Plot.ruleY([chance], { stroke: 'currentColor', strokeDasharray: '3,3', strokeOpacity: 0.7 }),
    Plot.ruleY([ceiling], { stroke: 'currentColor', strokeDasharray: '3,3', strokeOpacity: 0.7 }),
    Plot.text([chance], { y: (d: number) => d, frameAnchor: 'right', text: () => `chance ${trim(chance, 3)}`, textAnchor: 'end', dy: -8, dx: -4 }),
    Plot.text([ceiling], { y: (d: number) => d, frameAnchor: 'right', text: () => `ceiling ${trim(ceiling, 3)}`, textAnchor: 'end', dy: 10, dx: -4 }),
    Plot.dot(pts, { x: 'loss', y: 'accuracy', fill: 'size', r: 2.2, fillOpacity: 0.45, className: 'raw' }),
    Plot.line(curve, { x: 'loss', y: 'accuracy', stroke: 'currentColor', strokeWidth: 1.8 }),
  ];
  const p = input.prediction;
  if (p) {
    if (p.lo !== undefined && p.hi !== undefined && Number.isFinite(p.lo) && Number.isFinite(p.hi)) marks.push(Plot.ruleX([p], { x: 'loss', y1: 'lo', y2: 'hi', stroke: 'currentColor', strokeWidth: 2.5 }));
    marks.push(Plot.dot([p], { x: 'loss', y: 'accuracy', fill: 'currentColor', r: 6, symbol: 'diamond' }));
    marks.push(Plot.text([p], { x: 'loss', y: 'accuracy', text: () => `predicted ${trim(p.accuracy, 3)}`, textAnchor: 'end', dx: -10, dy: -12 }));
  }
  if (input.actual) marks.push(Plot.dot([input.actual], { x: 'loss', y: 'accuracy', stroke: 'currentColor', r: 6, symbol: 'times', strokeWidth: 2 }));
  return {
    width: options.width ?? DEFAULT_WIDTH,
    height: options.height ?? 380,
    ...AXIS_MARGINS,
    x: { label: `${input.task} task loss (bits per byte)`, reverse: true, tickFormat: (v: number) => trim(v, 3) },
    y: { label: `${input.task} accuracy`, domain: [Math.min(chance, ...pts.map((q) => q.accuracy)) - 0.03, ceiling + 0.02], tickFormat: (v: number) => trim(v, 2) },
    color: { type: 'ordinal', domain: names, range: categoricalColors(names.length), legend: true },
    marks,
  };
}

/**
 * The step-2 figure as an SVG string.
 *
 * @example
 * ladderStep2Figure({ task: 'x', chance: 0.25, ceiling: 1, points: [{ N: 1e8, loss: 1, accuracy: 0.3 }], params: [-0.75, 0.9, 3, 1] }, { id: 'x-step2' });
 */
export function ladderStep2Figure(input: LadderStep2Input, options: LadderStep2Options & { id?: string } = {}): string {
  const legend: LegendEntry[] = [{ label: 'fitted sigmoid', color: 'currentColor', shape: 'line' }];
  if (input.prediction) legend.push({ label: 'chained prediction (interval)', color: 'currentColor', shape: 'dot' });
  if (input.actual) legend.push({ label: 'actual', color: 'currentColor', shape: 'cross' });
  return renderSvg(ladderStep2Options(input, options), { id: options.id, legend });
}
