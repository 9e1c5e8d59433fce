/**
 * Goodput breakdown figure: one horizontal stacked bar per run (and an optional total over runs), splitting its
 * wall clock into productive step time and the badput kinds (start-up, checkpoint saves, rollback, stalls, gaps),
 * in hours or in percent of the run's wall clock. Runs without a wall clock are not drawn: the caption counts them.
 *
 * @example
 * import { goodputFigure } from './health-goodput.js';
 * const svg = goodputFigure({ rows: [{ run: 'a', wall_s: 3600, productive_s: 3000, badput: { startup_s: 300, checkpoint_s: 100, rollback_s: 0, stall_s: 200, gap_s: 0 } }] });
 */
import type { Markish } from '@observablehq/plot';
import { InputError } from '../errors.js';
import type { Badput } from '../health/types.js';
import { DEFAULT_WIDTH, type SizeOptions } from './common.js';
import { trim } from './format.js';
import { GOODPUT_CATEGORIES, GOODPUT_COLORS, GOODPUT_LABELS, type GoodputCategory } from './health-common.js';
import { Plot } from './plotlib.js';
import { CHAR_WIDTH, renderSvg, type PlotOptions } from './render.js';

/** One run's accounting (the shape of `RunHealth` and `HealthTotal`). */
export interface GoodputFigureRow {
  run: string;
  wall_s: number;
  productive_s: number;
  badput: Badput;
}

/** Input of the goodput figure. */
export interface GoodputFigureInput {
  /** In display order, top to bottom. */
  rows: readonly GoodputFigureRow[];
  /** A last bar summing the runs (e.g. `HealthReport.total` with `run: 'all runs'`). */
  total?: GoodputFigureRow;
}

/** Options of the goodput figure. */
export interface GoodputFigureOptions extends SizeOptions {
  /** `'hours'` (stacked wall clock, default) or `'percent'` (each bar 100% of its run's wall clock). */
  unit?: 'hours' | 'percent';
}

const KEY: Record<Exclude<GoodputCategory, 'productive'>, keyof Badput> = {
  startup: 'startup_s',
  checkpoint: 'checkpoint_s',
  rollback: 'rollback_s',
  stall: 'stall_s',
  gap: 'gap_s',
};

/** One stacked segment. */
interface Segment {
  run: string;
  category: string;
  value: number;
  order: number;
}

/**
 * Plot options of the goodput figure.
 *
 * @example
 * goodputOptions({ rows: [{ run: 'a', wall_s: 100, productive_s: 90, badput: { startup_s: 10, checkpoint_s: 0, rollback_s: 0, stall_s: 0, gap_s: 0 } }] }, { unit: 'percent' });
 */
export function goodputOptions(input: GoodputFigureInput, options: GoodputFigureOptions = {}): PlotOptions {
  const unit = options.unit ?? 'hours';
  if (unit !== 'hours' && unit !== 'percent') throw new InputError(`goodput figure: unit must be 'hours' or 'percent', got ${String(unit)}`);
  const all = input.total ? [...input.rows, input.total] : [...input.rows];
  const timed = all.filter((r) => Number.isFinite(r.wall_s) && r.wall_s > 0);
  const untimed = all.length - timed.length;
  if (timed.length === 0) throw new InputError(`goodput figure: no run has a wall clock (${all.length} run(s) without timestamps)`);
  const names = timed.map((r) => String(r.run));
  if (new Set(names).size !== names.length) throw new InputError('goodput figure: duplicate run names');
  const segments: Segment[] = [];
  const labels: { run: string; label: string; end: number }[] = [];
  for (const r of timed) {
    const parts: [GoodputCategory, number][] = GOODPUT_CATEGORIES.map((c) => [c, c === 'productive' ? r.productive_s : r.badput[KEY[c]]]);
    for (const [c, v] of parts) {
      if (!Number.isFinite(v) || v < -1e-6) throw new InputError(`goodput figure: run ${r.run}: ${c} is ${v} s (expected a finite number >= 0)`);
    }
    const scale = unit === 'hours' ? 1 / 3600 : 100 / r.wall_s;
    let end = 0;
    parts.forEach(([c, v], order) => {
      const value = Math.max(0, v) * scale;
      end += value;
      segments.push({ run: String(r.run), category: GOODPUT_LABELS[c], value, order });
    });
    const goodput = (100 * r.productive_s) / r.wall_s;
    labels.push({ run: String(r.run), end, label: `${trim(goodput, 3)}% of ${trim(r.wall_s / 3600, 3)} h` });
  }
  const marks: Markish[] = [
    Plot.barX(segments, Plot.stackX({ x: 'value', y: 'run', fill: 'category', order: (d: Segment) => d.order, inset: 0.5 })),
    Plot.text(labels, { x: 'end', y: 'run', text: 'label', textAnchor: 'start', dx: 6 }),
    Plot.ruleX([0], { stroke: 'currentColor' }),
  ];
  const longest = Math.max(...names.map((n) => n.length));
  const labelChars = Math.max(...labels.map((l) => l.label.length));
  const caption = untimed > 0 ? `${untimed} run(s) without a wall clock: not drawn` : undefined;
  return {
    width: options.width ?? DEFAULT_WIDTH,
    height: options.height ?? Math.max(160, 100 + 34 * timed.length),
    marginTop: 24,
    marginBottom: 44,
    marginLeft: Math.min(260, 16 + CHAR_WIDTH * longest),
    marginRight: Math.min(300, 20 + CHAR_WIDTH * labelChars),
    x: { label: unit === 'hours' ? 'wall clock (hours)' : 'share of the wall clock (%)', grid: true, ...(unit === 'percent' ? { domain: [0, 100] } : {}) },
    y: { label: null, domain: names },
    color: { type: 'ordinal', domain: GOODPUT_CATEGORIES.map((c) => GOODPUT_LABELS[c]), range: GOODPUT_CATEGORIES.map((c) => GOODPUT_COLORS[c]), legend: true },
    ...(caption ? { caption } : {}),
    marks,
  } as PlotOptions;
}

/**
 * The goodput figure as an SVG string (labels at each bar's end: goodput and wall clock).
 *
 * @example
 * goodputFigure({ rows: [{ run: 'a', wall_s: 100, productive_s: 90, badput: { startup_s: 10, checkpoint_s: 0, rollback_s: 0, stall_s: 0, gap_s: 0 } }] }, { id: 'goodput' });
 */
export function goodputFigure(input: GoodputFigureInput, options: GoodputFigureOptions & { id?: string } = {}): string {
  return renderSvg(goodputOptions(input, options), { id: options.id });
}
