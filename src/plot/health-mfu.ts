/**
 * MFU distribution figure: for each run, the per-step MFU recomputed from the step time (and, where the log prints
 * its own, the logged MFU on the row beside it) as a box: whiskers from the 10th to the 90th percentile, a box from
 * the 25th to the 75th, a tick at the median, and the median printed at the right. Runs are facets (one band each),
 * so the recomputed and logged boxes of a run sit together and differences read at a glance.
 *
 * @example
 * import { mfuFigure } from './health-mfu.js';
 * const svg = mfuFigure({ rows: [{ run: 'gpt2-1558M', recomputed: [0.471, 0.473, 0.47], logged: [0.472, 0.474, 0.47] }] });
 */
import type { Markish } from '@observablehq/plot';
import { InputError } from '../errors.js';
import { DEFAULT_WIDTH, type SizeOptions } from './common.js';
import { trim } from './format.js';
import { Plot } from './plotlib.js';
import { CHAR_WIDTH, renderSvg, type PlotOptions } from './render.js';

/** One run's per-step MFU, as fractions (0..1); NaN entries are ignored. */
export interface MfuFigureRow {
  run: string;
  /** MFU recomputed per step (e.g. `RunHealth.series.mfu`). */
  recomputed: ArrayLike<number>;
  /** MFU the log printed per step (e.g. `RunHealth.series.mfu_logged`), when it prints one. */
  logged?: ArrayLike<number>;
}

/** Input of the MFU figure. */
export interface MfuFigureInput {
  rows: readonly MfuFigureRow[];
}

/** Options of the MFU figure. */
export interface MfuFigureOptions extends SizeOptions {
  /** Label of the x axis (default: MFU (%) and what the box shows). */
  label?: string;
}

/** Quantiles of one distribution (percent). */
interface Box {
  run: string;
  source: 'recomputed' | 'logged';
  n: number;
  p10: number;
  p25: number;
  p50: number;
  p75: number;
  p90: number;
  label: string;
}

/** Linear-interpolation quantile (numpy's default) of sorted values. */
function q(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

function box(run: string, source: Box['source'], values: ArrayLike<number>): Box | undefined {
  const xs = new Float64Array(values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) xs[n++] = 100 * v;
  }
  if (n === 0) return undefined;
  const s = xs.subarray(0, n).sort();
  const b = { run, source, n, p10: q(s, 0.1), p25: q(s, 0.25), p50: q(s, 0.5), p75: q(s, 0.75), p90: q(s, 0.9) };
  return { ...b, label: `${source} ${trim(b.p50, 3)}%` };
}

/**
 * Plot options of the MFU figure.
 *
 * @example
 * mfuOptions({ rows: [{ run: 'a', recomputed: [0.4, 0.41] }] });
 */
export function mfuOptions(input: MfuFigureInput, options: MfuFigureOptions = {}): PlotOptions {
  if (input.rows.length === 0) throw new InputError('MFU figure: no rows');
  const names = input.rows.map((r) => String(r.run));
  if (new Set(names).size !== names.length) throw new InputError('MFU figure: duplicate run names');
  const boxes: Box[] = [];
  const empty: string[] = [];
  for (const r of input.rows) {
    const rec = box(String(r.run), 'recomputed', r.recomputed);
    const log = r.logged ? box(String(r.run), 'logged', r.logged) : undefined;
    if (rec) boxes.push(rec);
    if (log) boxes.push(log);
    if (!rec && !log) empty.push(String(r.run));
  }
  if (boxes.length === 0) throw new InputError(`MFU figure: no finite MFU in any run (${names.join(', ')}): give the parameter count and the accelerator`);
  const runs = names.filter((n) => !empty.includes(n));
  const sources = boxes.some((b) => b.source === 'logged') ? ['recomputed', 'logged'] : ['recomputed'];
  const hi = Math.max(...boxes.map((b) => b.p90));
  const lo = Math.min(...boxes.map((b) => b.p10));
  const pad = Math.max(0.5, (hi - lo) * 0.06);
  const colors = { recomputed: '#4269d0', logged: '#ff725c' };
  const marks: Markish[] = [
    Plot.ruleY(boxes, { fy: 'run', y: 'source', x1: 'p10', x2: 'p90', stroke: 'source', strokeWidth: 1.5 }),
    Plot.barX(boxes, { fy: 'run', y: 'source', x1: 'p25', x2: 'p75', fill: 'source', fillOpacity: 0.3, stroke: 'source', insetTop: 3, insetBottom: 3 }),
    Plot.tickX(boxes, { fy: 'run', y: 'source', x: 'p50', stroke: 'source', strokeWidth: 2.5, insetTop: 1, insetBottom: 1 }),
    // Labels in the text colour: the palette's blue and red are below 4.5:1 contrast as text on white and on black.
    Plot.text(boxes, { fy: 'run', y: 'source', frameAnchor: 'right', text: 'label', textAnchor: 'start', dx: 8, fill: 'currentColor' }),
  ];
  const longest = Math.max(...runs.map((n) => n.length));
  const labelChars = Math.max(...boxes.map((b) => b.label.length));
  const caption = empty.length ? `no MFU for ${empty.join(', ')} (parameter count or accelerator missing)` : undefined;
  return {
    width: options.width ?? DEFAULT_WIDTH,
    height: options.height ?? Math.max(150, 90 + runs.length * 26 * sources.length + 8 * runs.length),
    marginTop: 24,
    marginBottom: 44,
    marginLeft: 16,
    marginRight: Math.min(300, 24 + CHAR_WIDTH * labelChars),
    x: { label: options.label ?? 'MFU (%): tick median, box 25-75th, whiskers 10-90th percentile', domain: [Math.max(0, lo - pad), hi + pad], grid: true, ticks: 5 },
    y: { label: null, domain: sources, axis: null },
    fy: { label: null, domain: runs, axis: 'left', tickFormat: (d: string) => d },
    facet: { marginLeft: Math.min(260, 16 + CHAR_WIDTH * longest) },
    color: { type: 'ordinal', domain: sources, range: sources.map((s) => colors[s as keyof typeof colors]), legend: true },
    ...(caption ? { caption } : {}),
    marks,
  } as PlotOptions;
}

/**
 * The MFU distribution figure as an SVG string.
 *
 * @example
 * mfuFigure({ rows: [{ run: 'a', recomputed: [0.4, 0.41], logged: [0.405, 0.41] }] }, { id: 'mfu' });
 */
export function mfuFigure(input: MfuFigureInput, options: MfuFigureOptions & { id?: string } = {}): string {
  return renderSvg(mfuOptions(input, options), { id: options.id });
}
