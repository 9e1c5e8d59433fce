/**
 * Run-health timeline: one run's step time, throughput and training loss in stacked panels sharing the x axis
 * (wall-clock hours since the run's start, or steps), with the health events marked on every panel: restarts
 * (dashed), checkpoint saves, stalls, loss and grad-norm spikes, loss-scale drops, skipped and non-finite iterations.
 * Wall-clock gaps with no steps (a crash and relaunch) break the lines; step time and throughput are drawn as steps
 * (a record's value holds over the interval it ends). Step time is on a log axis by default, so a
 * 40 s checkpoint save and a 2.4 s step both read. Long runs are downsampled per panel with LTTB (extremes kept).
 *
 * The panels are separate Plot figures (their y units differ; Plot facets share one y scale) drawn into one SVG,
 * each under its own id prefix.
 *
 * @example
 * import { healthTimelineFigure } from './health-timeline.js';
 * const svg = healthTimelineFigure({
 *   run: 'a',
 *   series: { step: [1, 2, 3], time_s: [10, 12, 14], step_time_s: [2, 2, 2], tokens_per_s: [5e5, 5e5, 5e5], loss: [4, 3.9, 3.8] },
 *   events: [{ kind: 'stall', step: 2, time_s: 12 }],
 * });
 */
import type { Markish } from '@observablehq/plot';
import { InputError } from '../errors.js';
import type { HealthEventKind } from '../health/types.js';
import { AXIS_MARGINS, DEFAULT_WIDTH, downsample, type SizeOptions } from './common.js';
import { trim } from './format.js';
import { EVENT_COLORS, EVENT_LABELS } from './health-common.js';
import { Plot } from './plotlib.js';
import { escapeXml, MIN_SCALE, renderSvg, type LegendEntry, type PlotOptions } from './render.js';

/** Per-step series of one run (the shape of `RunHealth.series`); NaN where a value is unknown. */
export interface HealthTimelineSeries {
  step: ArrayLike<number>;
  /** Wall-clock seconds since the run's start. */
  time_s: ArrayLike<number>;
  step_time_s: ArrayLike<number>;
  tokens_per_s: ArrayLike<number>;
  loss: ArrayLike<number>;
}

/** An event to mark (the shape of `HealthEvent`). */
export interface HealthTimelineEvent {
  kind: HealthEventKind;
  step: number;
  time_s: number;
  /** The triggering value (a spike's loss is drawn on the loss panel). */
  value?: number;
}

/** Input of the timeline figure. */
export interface HealthTimelineInput {
  run: string;
  series: HealthTimelineSeries;
  events?: readonly HealthTimelineEvent[];
  /** What `time_s` is (`RunHealth.clock`): `'wall'` (default) or `'train'` (training time only, e.g. llm.c). */
  clock?: 'wall' | 'train' | 'none';
}

/** A panel of the timeline. */
export type HealthTimelinePanel = 'step_time' | 'tokens_per_s' | 'loss';

/** Options of the timeline figure. */
export interface HealthTimelineOptions extends SizeOptions {
  /** x axis: `'time'` (wall-clock hours; the default when the run has a wall clock) or `'step'`. */
  x?: 'time' | 'step';
  /** Panels, top to bottom (default all three; panels with no finite value are left out). */
  panels?: readonly HealthTimelinePanel[];
  /** Log y axis for step time (default true). */
  logStepTime?: boolean;
  /** Points drawn per panel (LTTB), default 600. */
  maxPoints?: number;
  /** Height of one panel in px (default 150); `height` overrides the total. */
  panelHeight?: number;
}

const PANEL_LABEL: Record<HealthTimelinePanel, string> = { step_time: 'step time (s)', tokens_per_s: 'tokens/s', loss: 'train loss' };
const PANEL_KEY: Record<HealthTimelinePanel, keyof HealthTimelineSeries> = { step_time: 'step_time_s', tokens_per_s: 'tokens_per_s', loss: 'loss' };
const LINE_COLOR = '#4269d0';

interface Pt {
  x: number;
  y: number;
}

/**
 * Points of one panel: finite x and y (log axes need y > 0). Where consecutive records are more than `breakAbove`
 * apart (a crash and relaunch) the line is broken (a NaN point); each unbroken stretch is downsampled on its own
 * (LTTB), with a share of `maxPoints` by its length, so the ends of a stretch are always drawn.
 */
function panelPoints(xs: Float64Array, ys: ArrayLike<number>, log: boolean, maxPoints: number, breakAbove: number): Pt[] {
  const fx: number[] = [];
  const fy: number[] = [];
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!, y = ys[i]!;
    if (Number.isFinite(x) && Number.isFinite(y) && (!log || y > 0)) {
      fx.push(x);
      fy.push(y);
    }
  }
  const cuts = [0];
  for (let i = 1; i < fx.length; i++) if (fx[i]! - fx[i - 1]! > breakAbove) cuts.push(i);
  cuts.push(fx.length);
  const out: Pt[] = [];
  for (let c = 0; c + 1 < cuts.length; c++) {
    const a = cuts[c]!, b = cuts[c + 1]!;
    if (c > 0) out.push({ x: (fx[a - 1]! + fx[a]!) / 2, y: NaN });
    const budget = Math.max(2, Math.floor((maxPoints * (b - a)) / Math.max(1, fx.length)));
    for (const i of downsample(fx.slice(a, b), fy.slice(a, b), budget)) out.push({ x: fx[a + i]!, y: fy[a + i]! });
  }
  return out;
}

/** The median of the positive differences of ascending finite x (the typical spacing of records). */
function typicalSpacing(xs: Float64Array): number {
  const d: number[] = [];
  let prev = NaN;
  for (const x of xs) {
    if (!Number.isFinite(x)) continue;
    if (x > prev) d.push(x - prev);
    prev = x;
  }
  if (d.length === 0) return Infinity;
  d.sort((a, b) => a - b);
  return d[d.length >> 1]!;
}

/**
 * Plot options of each panel of the timeline (so a notebook can adjust one), top to bottom.
 *
 * @example
 * healthTimelineOptions({ run: 'a', series: { step: [1, 2], time_s: [0, 2], step_time_s: [2, 2], tokens_per_s: [1, 1], loss: [3, 2.9] } }).length; // 3
 */
export function healthTimelineOptions(input: HealthTimelineInput, options: HealthTimelineOptions = {}): { panel: HealthTimelinePanel; options: PlotOptions }[] {
  const s = input.series;
  const n = s.step.length;
  for (const k of ['time_s', 'step_time_s', 'tokens_per_s', 'loss'] as const) {
    if (s[k].length !== n) throw new InputError(`timeline figure (${input.run}): series.${k} has ${s[k].length} values, step has ${n}`);
  }
  if (options.x !== undefined && options.x !== 'time' && options.x !== 'step') throw new InputError(`timeline figure: x must be 'time' or 'step', got ${String(options.x)}`);
  const hasTime = Array.from(s.time_s).some((t) => Number.isFinite(t));
  const byTime = (options.x ?? (hasTime ? 'time' : 'step')) === 'time';
  if (byTime && !hasTime) throw new InputError(`timeline figure (${input.run}): x 'time' needs wall-clock timestamps, and this run has none (use x: 'step')`);
  const xs = Float64Array.from({ length: n }, (_, i) => (byTime ? s.time_s[i]! / 3600 : s.step[i]!));
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => xs[a]! - xs[b]! || a - b);
  const sortedX = Float64Array.from(order, (i) => xs[i]!);
  // A wall-clock stretch with no step for over 20 typical spacings and 5 minutes (a crash and relaunch) breaks the lines.
  const breakAbove = byTime ? Math.max(20 * typicalSpacing(sortedX), 300 / 3600) : Infinity;
  const maxPoints = options.maxPoints ?? 600;
  const logStep = options.logStepTime ?? true;
  const wanted = options.panels ?? ['step_time', 'tokens_per_s', 'loss'];
  // Run-level flags (an MFU disagreement) are not moments in time: they are not drawn.
  const events = (input.events ?? [])
    .filter((e) => e.kind !== 'mfu_disagreement')
    .map((e) => ({ ...e, x: byTime ? e.time_s / 3600 : e.step }))
    .filter((e) => Number.isFinite(e.x));
  const lossAt = new Map<number, number>();
  for (let i = 0; i < n; i++) lossAt.set(s.step[i]!, s.loss[i]!);
  const width = options.width ?? DEFAULT_WIDTH;
  const panelHeight = options.panelHeight ?? 150;
  const out: { panel: HealthTimelinePanel; options: PlotOptions }[] = [];
  const panels = wanted.filter((p) => {
    if (!(p in PANEL_KEY)) throw new InputError(`timeline figure: unknown panel '${String(p)}' (step_time, tokens_per_s, loss)`);
    return Array.from(s[PANEL_KEY[p]]).some((v) => Number.isFinite(v));
  });
  if (panels.length === 0) throw new InputError(`timeline figure (${input.run}): no finite step time, tokens/s or loss to draw`);
  const xDomain: [number, number] = [Math.min(0, sortedX[0] ?? 0), Math.max(...Array.from(sortedX).filter(Number.isFinite), ...events.map((e) => e.x))];
  panels.forEach((p, k) => {
    const log = p === 'step_time' && logStep;
    const key = PANEL_KEY[p];
    const ys = Float64Array.from(order, (i) => Number(s[key][i]));
    const pts = panelPoints(sortedX, ys, log, maxPoints, breakAbove);
    const last = k === panels.length - 1;
    const marks: Markish[] = [
      Plot.ruleX(events.filter((e) => e.kind !== 'restart'), { x: 'x', stroke: (e: HealthTimelineEvent) => EVENT_COLORS[e.kind], strokeOpacity: 0.55, strokeWidth: 1 }),
      Plot.ruleX(events.filter((e) => e.kind === 'restart'), { x: 'x', stroke: EVENT_COLORS.restart, strokeWidth: 1.5, strokeDasharray: '5,3' }),
      // A step's time and throughput hold over the interval that ends at its record: a step-before line.
      Plot.line(pts, { x: 'x', y: 'y', stroke: LINE_COLOR, strokeWidth: 1.2, curve: p === 'loss' ? 'linear' : 'step-before' }),
    ];
    if (p === 'loss') {
      const spikes = events
        .filter((e) => e.kind === 'loss_spike' || e.kind === 'divergence')
        .map((e) => ({ x: e.x, y: e.value ?? lossAt.get(e.step) ?? NaN, kind: e.kind }))
        .filter((e) => Number.isFinite(e.y));
      marks.push(Plot.dot(spikes, { x: 'x', y: 'y', stroke: EVENT_COLORS.loss_spike, symbol: 'times', r: 5, strokeWidth: 2 }));
    }
    out.push({
      panel: p,
      options: {
        width,
        height: panelHeight + (last ? 30 : 0),
        ...AXIS_MARGINS,
        marginTop: 28,
        marginBottom: last ? 44 : 14,
        x: { domain: xDomain, label: last ? (byTime ? (input.clock === 'train' ? 'training time (hours; evaluation and restarts not counted)' : 'wall clock (hours since the run started)') : 'step') : null, axis: last ? 'bottom' : null, grid: true },
        y: { label: PANEL_LABEL[p], type: log ? 'log' : 'linear', grid: true, nice: true, tickFormat: p === 'tokens_per_s' ? '~s' : (v: number) => trim(v, 3), ticks: log ? 3 : 4 },
        marks,
      } as PlotOptions,
    });
  });
  return out;
}

/**
 * The timeline as one SVG: the panels stacked under a legend of the event kinds present.
 *
 * @example
 * healthTimelineFigure({ run: 'a', series: { step: [1, 2], time_s: [0, 2], step_time_s: [2, 2], tokens_per_s: [1, 1], loss: [3, 2.9] } }, { id: 'tl' });
 */
export function healthTimelineFigure(input: HealthTimelineInput, options: HealthTimelineOptions & { id?: string } = {}): string {
  const id = (options.id ?? `timeline-${input.run}`).replace(/[^A-Za-z0-9_-]/g, '-');
  const panels = healthTimelineOptions(input, options);
  const kinds = [...new Set((input.events ?? []).map((e) => e.kind))].filter((k) => k !== 'mfu_disagreement').sort();
  const legend: LegendEntry[] = [
    { label: input.run, color: LINE_COLOR, shape: 'line' },
    ...kinds.map((k) => ({ label: EVENT_LABELS[k] ?? k, color: EVENT_COLORS[k] ?? 'currentColor', shape: (k === 'restart' ? 'dashed' : k === 'loss_spike' ? 'cross' : 'line') as LegendEntry['shape'] })),
  ];
  const svgs = panels.map((p, k) => renderSvg(p.options, { id: `${id}-${p.panel}`, ...(k === 0 ? { legend } : {}) }));
  return stackSvgs(svgs, id);
}

/** Stack rendered figures of equal width into one SVG: each root `<svg>` becomes a translated `<g>`. */
function stackSvgs(svgs: readonly string[], id: string): string {
  let y = 0;
  let width = 0;
  const parts: string[] = [];
  for (const svg of svgs) {
    const open = /^<svg ([^>]*)>\n?/.exec(svg);
    if (!open || !svg.endsWith('</svg>\n')) throw new InputError('timeline figure: a panel did not render to one <svg>');
    const attrs = new Map<string, string>();
    for (const m of open[1]!.matchAll(/([\w:-]+)="([^"]*)"/g)) attrs.set(m[1]!, m[2]!);
    const w = Number(attrs.get('width'));
    const h = Number(attrs.get('height'));
    width = Math.max(width, w);
    const keep = ['id', 'class', 'fill', 'font-family', 'font-size', 'text-anchor'].filter((a) => attrs.has(a)).map((a) => `${a}="${attrs.get(a)}"`);
    parts.push(`<g ${keep.join(' ')} transform="translate(0,${y})">\n${svg.slice(open[0].length, -'</svg>\n'.length)}</g>\n`);
    y += h;
  }
  const cls = `plot-${escapeXml(id)}`;
  const style = `<style>:where(.${cls}) { --plot-background: var(--bg, white); display: block; height: auto; height: intrinsic; max-width: 100%; }\n#${id} { min-width: ${Math.round(width * MIN_SCALE)}px; }</style>\n`;
  return `<svg xmlns="http://www.w3.org/2000/svg" id="${id}" viewBox="0 0 ${width} ${y}" height="${y}" width="${width}" text-anchor="middle" font-size="14" font-family="system-ui, sans-serif" fill="currentColor" class="${cls}">\n${style}${parts.join('')}</svg>\n`;
}
