/**
 * Predicted against actual loss of held-out runs under a mixture model: one dot per run (with its prediction
 * interval when given), the line predicted = actual, and the rank agreement (Spearman, Kendall, with their
 * intervals when given) in the figure's title, the number a mixture choice depends on.
 *
 * @example
 * import { mixturePredictedFigure } from './mixture-predicted.js';
 * const svg = mixturePredictedFigure({ actual: [5.1, 5.3, 5.2], predicted: [5.12, 5.28, 5.25], model: 'trees' }, { id: 'pred' });
 */
import type { Markish } from '@observablehq/plot';
import { InputError } from '../errors.js';
import { kendall, spearman } from '../mixture/rank.js';
import { describeInterval, type IntervalLabel } from '../stats/interval.js';
import { AXIS_MARGINS, DEFAULT_WIDTH, type SizeOptions } from './common.js';
import { trim } from './format.js';
import { Plot } from './plotlib.js';
import { renderSvg, type LegendEntry, type PlotOptions } from './render.js';

/** Rank scores to print in the title (a `RankScore` of src/mixture fits). */
export interface MixturePredictedScore {
  spearman: number;
  kendall: number;
  spearmanCi?: readonly [number, number];
  kendallCi?: readonly [number, number];
  /** What the intervals are (level, method, resamples, seed). */
  ciLabel?: IntervalLabel;
}

/** Input of {@link mixturePredictedFigure}. */
export interface MixturePredictedInput {
  actual: ArrayLike<number>;
  predicted: ArrayLike<number>;
  /** Run ids, shown in the tooltips. */
  ids?: readonly string[];
  /** Prediction intervals per run (`lo[i] <= predicted[i] <= hi[i]`), drawn as vertical rules. */
  lo?: ArrayLike<number>;
  hi?: ArrayLike<number>;
  /** Axis label (default 'loss'). */
  target?: string;
  /** Model name, said in the title. */
  model?: string;
  /** Scores to print; without them Spearman and Kendall are computed from the points (no intervals). */
  score?: MixturePredictedScore;
  /** What the runs are, for the title (default 'held-out runs'). */
  runs?: string;
}

const RUN_COLOR = '#4269d0';

/** Title lines: the model and Spearman; Kendall and the runs; what the intervals are. */
function scoreLines(input: MixturePredictedInput, n: number): { title: string; subtitle: string; caption?: string } {
  const s = input.score ?? { spearman: spearman(input.predicted, input.actual), kendall: kendall(input.predicted, input.actual) };
  const ci = (c: readonly [number, number] | undefined): string => (c && Number.isFinite(c[0]) && Number.isFinite(c[1]) ? ` [${trim(c[0], 4)}, ${trim(c[1], 4)}]` : '');
  return {
    title: `${input.model ? `${input.model}: ` : ''}Spearman ${trim(s.spearman, 4)}${ci(s.spearmanCi)}`,
    subtitle: `Kendall ${trim(s.kendall, 4)}${ci(s.kendallCi)} · ${n} ${input.runs ?? 'held-out runs'}`,
    ...(input.score?.ciLabel ? { caption: `intervals in brackets: ${describeInterval(input.score.ciLabel)}` } : {}),
  };
}

/**
 * Plot options of the predicted-vs-actual figure (square data area, equal axes).
 *
 * @example
 * mixturePredictedOptions({ actual: [5.1, 5.3, 5.2], predicted: [5.12, 5.28, 5.25] });
 */
export function mixturePredictedOptions(input: MixturePredictedInput, options: SizeOptions = {}): PlotOptions {
  const n = input.actual.length;
  if (n < 2 || input.predicted.length !== n) throw new InputError(`predicted-vs-actual figure: need at least 2 runs with one prediction each; got ${n} actual and ${input.predicted.length} predicted values`);
  const withCi = input.lo !== undefined || input.hi !== undefined;
  if (withCi && (input.lo?.length !== n || input.hi?.length !== n)) throw new InputError(`predicted-vs-actual figure: lo and hi must both have ${n} values`);
  const rows = Array.from({ length: n }, (_, i) => {
    const a = input.actual[i]!, p = input.predicted[i]!;
    const id = input.ids?.[i] ?? String(i);
    if (!Number.isFinite(a) || !Number.isFinite(p)) throw new InputError(`predicted-vs-actual figure: run ${id} has a non-finite actual or predicted loss`);
    const lo = withCi ? input.lo![i]! : p, hi = withCi ? input.hi![i]! : p;
    if (withCi && !(lo <= p && p <= hi)) throw new InputError(`predicted-vs-actual figure: run ${id}: interval [${lo}, ${hi}] does not contain the prediction ${p}`);
    return { a, p, lo, hi, title: `${id}: actual ${trim(a, 4)}, predicted ${trim(p, 4)}${withCi ? ` [${trim(lo, 4)}, ${trim(hi, 4)}]` : ''}` };
  });
  let lo = Infinity, hi = -Infinity;
  for (const r of rows) { lo = Math.min(lo, r.a, r.lo); hi = Math.max(hi, r.a, r.hi); }
  const label = input.target ?? 'loss';
  const width = options.width ?? DEFAULT_WIDTH;
  const marks: Markish[] = [
    Plot.line([[lo, lo], [hi, hi]], { stroke: 'currentColor', strokeOpacity: 0.7, strokeWidth: 1.2, strokeDasharray: '6,4' }),
    ...(withCi ? [Plot.ruleX(rows, { x: 'a', y1: 'lo', y2: 'hi', stroke: RUN_COLOR, strokeOpacity: 0.35 })] : []),
    Plot.dot(rows, { x: 'a', y: 'p', fill: RUN_COLOR, fillOpacity: 0.7, r: 2.5, title: 'title' }),
  ];
  // Square data area: the identity line at 45 degrees, so distance from it reads the same on both axes.
  const plotW = width - AXIS_MARGINS.marginLeft - AXIS_MARGINS.marginRight;
  return {
    width, height: options.height ?? plotW + AXIS_MARGINS.marginTop + AXIS_MARGINS.marginBottom, ...AXIS_MARGINS, inset: 8,
    ...scoreLines(input, n),
    x: { label: `actual ${label}`, domain: [lo, hi], tickFormat: (v: number) => trim(v, 3) },
    y: { label: `predicted ${label}`, domain: [lo, hi], tickFormat: (v: number) => trim(v, 3) },
    marks,
  };
}

/**
 * The predicted-vs-actual figure as an SVG string.
 *
 * @example
 * const m = study.models.find((x) => x.name === study.chosen)!;
 * mixturePredictedFigure({ actual: test.y, predicted: m.heldOutPredicted!, ids: test.ids, model: m.name, score: m.heldOut }, { id: 'pred' });
 */
export function mixturePredictedFigure(input: MixturePredictedInput, options: SizeOptions & { id?: string } = {}): string {
  const withCi = input.lo !== undefined;
  const keys: LegendEntry[] = [
    { label: input.runs ?? 'held-out run', color: RUN_COLOR, shape: 'dot' },
    ...(withCi ? [{ label: 'prediction interval', color: RUN_COLOR, shape: 'line' as const }] : []),
    { label: 'predicted = actual', color: 'currentColor', shape: 'dashed' },
  ];
  return renderSvg(mixturePredictedOptions(input, options), { id: options.id, legend: keys });
}
