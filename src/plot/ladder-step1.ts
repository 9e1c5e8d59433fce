/**
 * Ladder step-1 figure: a task's loss against training compute C = 6 N D. One colour per ladder size: its runs'
 * smoothed final losses (dots) and the fitted law L(N, D) = E + A/N^alpha + B/D^beta along D at that N (line); the
 * target's curve (dashed) ends at the target, marked with its predicted loss, the loss interval when given and the
 * actual loss when known (cross).
 *
 * @example
 * import { ladderStep1Figure } from './ladder-step1.js';
 * const svg = ladderStep1Figure({
 *   task: 'MMLU',
 *   points: [{ N: 1.9e8, D: 3.8e9, loss: 1.35 }, { N: 1.9e8, D: 3.8e10, loss: 1.26 }, { N: 1.3e9, D: 2.6e10, loss: 1.12 }],
 *   params: [3, 6, 0.1, 0.2, 1],
 *   target: { N: 6.9e9, D: 3.9e12 },
 * }, { id: 'mmlu-step1' });
 */
import type { Markish } from '@observablehq/plot';
import { InputError } from '../errors.js';
import { step1Loss } from '../ladder/steps.js';
import { AXIS_MARGINS, categoricalColors, DEFAULT_WIDTH, requireValue, type SizeOptions } from './common.js';
import { formatFlops, formatSize, trim } from './format.js';
import { Plot } from './plotlib.js';
import { renderSvg, type LegendEntry, type PlotOptions } from './render.js';

/** Input of the step-1 figure. */
export interface LadderStep1Input {
  task: string;
  /** The step-1 points: N, D of the run's last checkpoint, its smoothed task loss. */
  points: readonly { N: number; D: number; loss: number }[];
  /** Step 1's parameters (log A, log B, alpha, beta, E). */
  params: ArrayLike<number>;
  /** The target; `lo`/`hi` the loss interval, `actual` its measured loss. */
  target: { N: number; D: number; lo?: number; hi?: number; actual?: number; label?: string };
}

const CURVE_POINTS = 40;

function logspace(a: number, b: number, n: number): number[] {
  const la = Math.log(a);
  const lb = Math.log(b);
  return Array.from({ length: n }, (_, i) => Math.exp(la + ((lb - la) * i) / (n - 1)));
}

/**
 * Plot options of the step-1 figure.
 *
 * @example
 * ladderStep1Options({ task: 'x', points: [{ N: 1e8, D: 2e9, loss: 1.4 }], params: [3, 6, 0.1, 0.2, 1], target: { N: 1e9, D: 2e10 } });
 */
export function ladderStep1Options(input: LadderStep1Input, options: SizeOptions = {}): PlotOptions {
  if (input.points.length === 0) throw new InputError(`ladder step-1 figure (${input.task}): no points`);
  if (input.params.length !== 5) throw new InputError(`ladder step-1 figure (${input.task}): params must be (log A, log B, alpha, beta, E), got ${input.params.length} values`);
  const pts = input.points.map((p, i) => {
    const what = `ladder step-1 figure (${input.task}): points[${i}]`;
    const N = requireValue(p.N, `${what}.N`, true);
    const D = requireValue(p.D, `${what}.D`, true);
    return { N, D, C: 6 * N * D, loss: requireValue(p.loss, `${what}.loss`, true), size: formatSize(N) };
  });
  const tN = requireValue(input.target.N, `ladder step-1 figure (${input.task}): target.N`, true);
  const tD = requireValue(input.target.D, `ladder step-1 figure (${input.task}): target.D`, true);
  const tLoss = step1Loss(input.params, tN, tD);
  if (!(tLoss > 0)) throw new InputError(`ladder step-1 figure (${input.task}): the law gives ${tLoss} at the target`);
  const sizes = [...new Set(pts.map((p) => p.N))].sort((a, b) => a - b);
  const names = sizes.map(formatSize);
  const targetName = input.target.label ?? `${formatSize(tN)} target`;
  const curves = sizes.flatMap((n) => {
    const ds = pts.filter((p) => p.N === n).map((p) => p.D);
    return logspace(Math.min(...ds) / 1.5, Math.max(...ds) * 1.5, CURVE_POINTS).map((d) => ({ C: 6 * n * d, loss: step1Loss(input.params, n, d), size: formatSize(n) }));
  });
  const minD = Math.min(...pts.map((p) => p.D));
  const targetCurve = logspace(Math.min(minD, tD / 100), tD, CURVE_POINTS).map((d) => ({ C: 6 * tN * d, loss: step1Loss(input.params, tN, d) }));
  const tC = 6 * tN * tD;
  const lo = input.target.lo;
  const hi = input.target.hi;
  const marks: Markish[] = [
    Plot.line(curves, { x: 'C', y: 'loss', z: 'size', stroke: 'size', strokeWidth: 1.4 }),
    Plot.line(targetCurve, { x: 'C', y: 'loss', stroke: 'currentColor', strokeWidth: 1.4, strokeDasharray: '6,4' }),
    Plot.dot(pts, { x: 'C', y: 'loss', fill: 'size', r: 4.5 }),
  ];
  if (lo !== undefined && hi !== undefined && Number.isFinite(lo) && Number.isFinite(hi) && lo > 0) marks.push(Plot.ruleX([{ C: tC, lo, hi }], { x: 'C', y1: 'lo', y2: 'hi', stroke: 'currentColor', strokeWidth: 2.5 }));
  marks.push(Plot.dot([{ C: tC, loss: tLoss }], { x: 'C', y: 'loss', fill: 'currentColor', r: 6, symbol: 'diamond' }));
  marks.push(Plot.text([{ C: tC, loss: tLoss }], { x: 'C', y: 'loss', text: () => `${targetName}: ${trim(tLoss, 4)}`, textAnchor: 'end', dx: -10, dy: -12 }));
  if (input.target.actual !== undefined && Number.isFinite(input.target.actual) && input.target.actual > 0) {
    marks.push(Plot.dot([{ C: tC, loss: input.target.actual }], { x: 'C', y: 'loss', stroke: 'currentColor', r: 6, symbol: 'times', strokeWidth: 2 }));
  }
  const ys = [...pts.map((p) => p.loss), tLoss, ...(lo !== undefined && lo > 0 ? [lo] : []), ...(hi !== undefined ? [hi] : []), ...(input.target.actual !== undefined ? [input.target.actual] : [])];
  return {
    width: options.width ?? DEFAULT_WIDTH,
    height: options.height ?? 380,
    ...AXIS_MARGINS,
    marginRight: 30,
    x: { type: 'log', label: 'training compute C = 6ND (FLOPs)', tickFormat: (v: number) => formatFlops(v), ticks: 5 },
    y: { type: 'log', label: `${input.task} task loss (bits per byte)`, domain: [Math.min(...ys) * 0.97, Math.max(...ys) * 1.03], tickFormat: (v: number) => trim(v, 3) },
    color: { type: 'ordinal', domain: names, range: categoricalColors(names.length), legend: true },
    marks,
  };
}

/**
 * The step-1 figure as an SVG string.
 *
 * @example
 * ladderStep1Figure({ task: 'x', points: [{ N: 1e8, D: 2e9, loss: 1.4 }], params: [3, 6, 0.1, 0.2, 1], target: { N: 1e9, D: 2e10 } }, { id: 'x-step1' });
 */
export function ladderStep1Figure(input: LadderStep1Input, options: SizeOptions & { id?: string } = {}): string {
  const legend: LegendEntry[] = [
    { label: 'fitted law, target size', color: 'currentColor', shape: 'dashed' },
    { label: 'predicted (interval)', color: 'currentColor', shape: 'dot' },
  ];
  if (input.target.actual !== undefined) legend.push({ label: 'actual', color: 'currentColor', shape: 'cross' });
  return renderSvg(ladderStep1Options(input, options), { id: options.id, legend });
}
