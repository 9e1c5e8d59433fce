/**
 * Run-health report items (issue 14) for the weekly report: the `health` config key (named analyses over runs
 * sources, with the accelerator, devices and sizes MFU needs) and the item kinds that show them:
 *
 *     "health": {
 *       "demo": { "sources": ["titan"], "accelerator": "H100", "devices": 8 },
 *       "llmc": { "sources": ["llmc"], "accelerator": "H100", "devices": 8, "params": 1557686400 }
 *     }
 *     { "kind": "health-summary",  "health": "demo" | ["demo", "llmc"] }   goodput, badput, tokens/s, MFU per run + total
 *     { "kind": "goodput",         "health": ..., "unit": "hours|percent", "total": true }   stacked badput bars
 *     { "kind": "health-timeline", "health": ..., "runs": ["id"], "x": "time|step", "events": true }  one figure a run
 *     { "kind": "mfu",             "health": ... }   MFU distribution, recomputed beside logged, and its basis
 *
 * Every item takes an optional `caption`. The analysis (`runHealth`) runs once per named analysis and report build.
 * What the analysis could not compute (no timestamps, no N) is printed under the item, never left blank silently.
 *
 * @example
 * import { HEALTH_ITEM_KINDS, healthConfigs, healthItem, addHealthItem } from './items-health.js';
 * HEALTH_ITEM_KINDS.includes('goodput'); // true
 */
import { ReportError } from '../errors.js';
import { runHealth } from '../health/index.js';
import type { Badput, HealthOptions, HealthReport, HealthTotal, RunHealth } from '../health/types.js';
import { formatDuration, goodputFigure, healthTimelineFigure, mfuFigure } from '../plot/index.js';
import type { RunSet } from '../runs/index.js';
import { fmtNum, type CellValue, type ColumnSpec, type Report } from './builder.js';

/**
 * Item kinds of this module.
 *
 * @example
 * HEALTH_ITEM_KINDS; // ['health-summary', 'goodput', 'health-timeline', 'mfu']
 */
export const HEALTH_ITEM_KINDS = ['health-summary', 'goodput', 'health-timeline', 'mfu'] as const;

/** One named health analysis (`health.NAME` in the config). */
export interface HealthAnalysisConfig {
  /** Runs sources (config `sources` names) analysed together. */
  sources: string[];
  /** The options of `runHealth` (accelerator, devices, peakFlops, params, flopsPerToken, tokensPerStep, clock, ...). */
  options: HealthOptions;
}

/** A validated health item. */
export type HealthItemConfig =
  | { kind: 'health-summary'; health: string[]; caption?: string }
  | { kind: 'goodput'; health: string[]; unit: 'hours' | 'percent'; total: boolean; caption?: string }
  | { kind: 'health-timeline'; health: string[]; runs?: string[]; x?: 'time' | 'step'; events: boolean; caption?: string }
  | { kind: 'mfu'; health: string[]; caption?: string };

type Obj = Record<string, unknown>;
const fail = (path: string, msg: string): never => {
  throw new ReportError(`${path}: ${msg}`);
};
const show = (v: unknown): string => (typeof v === 'string' ? `'${v}'` : JSON.stringify(v) ?? String(v));
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
function allowed(o: Obj, path: string, keys: readonly string[]): void {
  for (const k of Object.keys(o)) if (!keys.includes(k)) fail(`${path}.${k}`, `unknown key (allowed: ${keys.join(', ')})`);
}
function names(v: unknown, path: string): string[] {
  const list = typeof v === 'string' ? [v] : v;
  if (!Array.isArray(list) || list.length === 0 || list.some((s) => typeof s !== 'string' || s === '')) fail(path, `expected a name or a non-empty list of names, got ${show(v)}`);
  return list as string[];
}
function optNum(o: Obj, k: string, path: string, check: (x: number) => boolean, what: string): number | undefined {
  const v = o[k];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !check(v)) fail(`${path}.${k}`, `expected ${what}, got ${show(v)}`);
  return v as number;
}
const positive = (x: number): boolean => Number.isFinite(x) && x > 0;
const posInt = (x: number): boolean => Number.isInteger(x) && x >= 1;

const OPTION_KEYS = ['accelerator', 'devices', 'peakFlops', 'params', 'flopsPerToken', 'layers', 'channels', 'seqLen', 'tokensPerStep', 'clock', 'window', 'stallZ', 'slowFactor', 'eventWindow', 'mfuTolerance'] as const;

/**
 * Validate the config's top-level `health` key: NAME -> { sources, accelerator?, devices?, peakFlops?, params?,
 * flopsPerToken?, layers?, channels?, seqLen? (llm.c's attention term), tokensPerStep?, clock?, window?, stallZ?,
 * slowFactor?, eventWindow?, mfuTolerance? } (the options of `runHealth`).
 *
 * @example
 * healthConfigs({ demo: { sources: ['titan'], accelerator: 'H100', devices: 8 } }, { titan: { paths: ['x.log'] } }).demo.options.devices; // 8
 */
export function healthConfigs(v: unknown, sources: Record<string, { paths?: string[] }>): Record<string, HealthAnalysisConfig> {
  if (v === undefined) return {};
  if (!isObj(v)) fail('health', `expected an object of named analyses, got ${show(v)}`);
  const out: Record<string, HealthAnalysisConfig> = {};
  for (const [name, raw] of Object.entries(v as Obj)) {
    const path = `health.${name}`;
    if (!isObj(raw)) fail(path, `expected an object, got ${show(raw)}`);
    const o = raw as Obj;
    allowed(o, path, ['sources', ...OPTION_KEYS]);
    if (o.sources === undefined) fail(`${path}.sources`, 'required (runs sources to analyse)');
    const srcs = names(o.sources, `${path}.sources`);
    srcs.forEach((s, i) => {
      if (!sources[s]) fail(`${path}.sources[${i}]`, `no source named ${show(s)} (sources: ${Object.keys(sources).join(', ') || 'none'})`);
      if (!sources[s]!.paths) fail(`${path}.sources[${i}]`, `source ${show(s)} is a table; run health needs runs (paths)`);
    });
    const options: HealthOptions = {};
    if (o.accelerator !== undefined) {
      if (typeof o.accelerator !== 'string' || o.accelerator === '') fail(`${path}.accelerator`, `expected an accelerator name (H100, A100, ...), got ${show(o.accelerator)}`);
      options.accelerator = o.accelerator as string;
    }
    if (o.clock !== undefined) {
      if (o.clock !== 'wall' && o.clock !== 'train') fail(`${path}.clock`, `expected one of wall|train, got ${show(o.clock)}`);
      options.clock = o.clock as 'wall' | 'train';
    }
    const n = (k: (typeof OPTION_KEYS)[number], check: (x: number) => boolean, what: string): void => {
      const x = optNum(o, k, path, check, what);
      if (x !== undefined) (options as Record<string, number>)[k] = x;
    };
    n('devices', posInt, 'an integer >= 1');
    n('peakFlops', positive, 'a positive number (FLOP/s per device)');
    n('params', positive, 'a positive number');
    n('flopsPerToken', positive, 'a positive number');
    n('layers', posInt, 'an integer >= 1');
    n('channels', posInt, 'an integer >= 1');
    n('seqLen', posInt, 'an integer >= 1');
    n('tokensPerStep', positive, 'a positive number');
    n('window', (x) => Number.isInteger(x) && x >= 3, 'an integer >= 3');
    n('stallZ', positive, 'a positive number');
    n('slowFactor', (x) => Number.isFinite(x) && x > 1, 'a number > 1');
    n('eventWindow', (x) => Number.isInteger(x) && x >= 0, 'an integer >= 0');
    n('mfuTolerance', positive, 'a positive number');
    out[name] = { sources: srcs, options };
  }
  return out;
}

/**
 * Validate one health item (`kind` one of {@link HEALTH_ITEM_KINDS}) against the config's analyses.
 *
 * @example
 * healthItem({ kind: 'goodput', health: 'demo' }, 'sections[0].items[0]', { demo: { sources: ['t'], options: {} } }).kind; // 'goodput'
 */
export function healthItem(o: Obj, path: string, analyses: Record<string, HealthAnalysisConfig> | undefined): HealthItemConfig {
  const kind = o.kind as (typeof HEALTH_ITEM_KINDS)[number];
  const health = names(o.health, `${path}.health`);
  health.forEach((h, i) => {
    if (!analyses?.[h]) fail(`${path}.health${Array.isArray(o.health) ? `[${i}]` : ''}`, `no health analysis named ${show(h)} (health: ${Object.keys(analyses ?? {}).join(', ') || 'none; add a top-level "health" key'})`);
  });
  if (o.caption !== undefined && (typeof o.caption !== 'string' || o.caption === '')) fail(`${path}.caption`, `expected a non-empty string, got ${show(o.caption)}`);
  const cap = o.caption !== undefined ? { caption: o.caption as string } : {};
  const bool = (k: string, dflt: boolean): boolean => {
    if (o[k] === undefined) return dflt;
    if (typeof o[k] !== 'boolean') fail(`${path}.${k}`, `expected true or false, got ${show(o[k])}`);
    return o[k] as boolean;
  };
  switch (kind) {
    case 'health-summary':
    case 'mfu':
      allowed(o, path, ['kind', 'health', 'caption']);
      return { kind, health, ...cap };
    case 'goodput': {
      allowed(o, path, ['kind', 'health', 'unit', 'total', 'caption']);
      if (o.unit !== undefined && o.unit !== 'hours' && o.unit !== 'percent') fail(`${path}.unit`, `expected one of hours|percent, got ${show(o.unit)}`);
      return { kind, health, unit: (o.unit as 'hours' | 'percent' | undefined) ?? 'hours', total: bool('total', true), ...cap };
    }
    case 'health-timeline': {
      allowed(o, path, ['kind', 'health', 'runs', 'x', 'events', 'caption']);
      if (o.x !== undefined && o.x !== 'time' && o.x !== 'step') fail(`${path}.x`, `expected one of time|step, got ${show(o.x)}`);
      return { kind, health, ...(o.runs !== undefined ? { runs: names(o.runs, `${path}.runs`) } : {}), ...(o.x !== undefined ? { x: o.x as 'time' | 'step' } : {}), events: bool('events', true), ...cap };
    }
    default:
      return fail(`${path}.kind`, `not a health item kind: ${show(kind)}`);
  }
}

/** What {@link addHealthItem} needs of the weekly report's build context. */
export interface HealthItemContext {
  cfg: { health?: Record<string, HealthAnalysisConfig> };
  runsOf(source: string): RunSet;
  id(kind: string, name: string): string;
}

/** Analyses already run, per config (the weekly report runs each named analysis once). */
const done = new WeakMap<object, Map<string, HealthReport>>();

/**
 * The health report of named analyses (run once per config, cached): their runs in config order (a run id seen
 * twice gets its analysis name added), warnings concatenated, and the total summed over the timed runs.
 *
 * @example
 * const h = healthOf(ctx, ['demo']);
 */
export function healthOf(ctx: HealthItemContext, analyses: readonly string[]): HealthReport {
  const all = ctx.cfg.health ?? {};
  let cache = done.get(all);
  if (!cache) done.set(all, (cache = new Map()));
  const parts = analyses.map((name) => {
    let h = cache!.get(name);
    if (!h) {
      const a = all[name];
      if (!a) throw new ReportError(`health item: no health analysis named '${name}'`);
      const runs: RunHealth[] = [];
      const warnings: HealthReport['warnings'] = [];
      for (const s of a.sources) {
        const r = runHealth(ctx.runsOf(s), a.options);
        runs.push(...r.runs);
        warnings.push(...r.warnings);
      }
      h = { runs, total: totalOf(runs), warnings };
      cache!.set(name, h);
    }
    return { name, h };
  });
  if (parts.length === 1) return parts[0]!.h;
  return combineHealthReports(parts.map((p) => p.h), parts.map((p) => p.name));
}

/**
 * Several health reports as one (e.g. analyses run with different options: an llm.c log with its layers and
 * channels, a torchtitan log with its devices): runs in order, a run id seen before gets its report's label added
 * (`labels[i]`, default `#i`), warnings concatenated, and the total summed again over the runs with a wall clock.
 *
 * @example
 * const h = combineHealthReports([runHealth(a, { accelerator: 'H100', devices: 8 }), runHealth(b, { params: 124e6 })]);
 * h.total.timed_runs; // runs of both with a wall clock
 */
export function combineHealthReports(reports: readonly HealthReport[], labels: readonly string[] = []): HealthReport {
  const seen = new Set<string>();
  const runs = reports.flatMap((h, i) =>
    h.runs.map((r) => {
      const id = seen.has(r.id) ? `${r.id} (${labels[i] ?? `#${i + 1}`})` : r.id;
      seen.add(id);
      return id === r.id ? r : { ...r, id, name: `${r.name} (${labels[i] ?? `#${i + 1}`})` };
    }),
  );
  return { runs, total: totalOf(runs), warnings: reports.flatMap((h) => h.warnings) };
}

/** Sum over the runs with a finite wall clock (what `HealthReport.total` holds). */
function totalOf(runs: readonly RunHealth[]): HealthTotal {
  const badput: Badput = { startup_s: 0, checkpoint_s: 0, rollback_s: 0, stall_s: 0, gap_s: 0 };
  let wall = 0, productive = 0, timed = 0;
  for (const r of runs) {
    if (!(Number.isFinite(r.wall_s) && r.wall_s > 0 && Number.isFinite(r.productive_s))) continue;
    timed++;
    wall += r.wall_s;
    productive += r.productive_s;
    for (const k of Object.keys(badput) as (keyof Badput)[]) badput[k] += r.badput[k];
  }
  return { runs: runs.length, timed_runs: timed, wall_s: wall, productive_s: productive, goodput: timed > 0 ? productive / wall : NaN, badput };
}

const hours = (s: number): number | null => (Number.isFinite(s) ? s / 3600 : null);
const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

/**
 * One table row per run (and a last `total` row when some run has a wall clock): goodput, wall and productive hours,
 * each badput kind in hours, tokens/s and step time medians, recomputed and logged MFU medians, and what is missing.
 *
 * @example
 * healthRunRows(runHealth(rs)).rows[0].goodput; // 0.62
 */
export function healthRunRows(h: HealthReport): { rows: Record<string, CellValue>[]; columns: ColumnSpec[] } {
  const rows: Record<string, CellValue>[] = h.runs.map((r) => ({
    run: r.name,
    clock: r.clock,
    wall_h: hours(r.wall_s),
    goodput: finiteOrNull(r.goodput),
    productive_h: hours(r.productive_s),
    startup_h: hours(r.badput.startup_s),
    checkpoint_h: hours(r.badput.checkpoint_s),
    rollback_h: hours(r.badput.rollback_s),
    stall_h: hours(r.badput.stall_s),
    gap_h: hours(r.badput.gap_s),
    tokens_per_s: finiteOrNull(r.tokens_per_s.median),
    step_time_s: finiteOrNull(r.step_time_s.median),
    mfu: finiteOrNull(r.mfu.median),
    mfu_logged: finiteOrNull(r.mfu.logged_median),
    missing: r.missing.map((m) => m.input).join('; '),
  }));
  const t = h.total;
  if (t.timed_runs > 0 && h.runs.length > 1) {
    rows.push({
      run: `total (${t.timed_runs} of ${t.runs} runs with a wall clock)`, clock: 'wall', wall_h: hours(t.wall_s), goodput: finiteOrNull(t.goodput), productive_h: hours(t.productive_s),
      startup_h: hours(t.badput.startup_s), checkpoint_h: hours(t.badput.checkpoint_s), rollback_h: hours(t.badput.rollback_s), stall_h: hours(t.badput.stall_s), gap_h: hours(t.badput.gap_s),
      tokens_per_s: null, step_time_s: null, mfu: null, mfu_logged: null, missing: '',
    });
  }
  const columns: ColumnSpec[] = [
    { key: 'run', format: 'text' }, { key: 'clock', format: 'text' }, { key: 'wall_h', label: 'wall (h)', digits: 4 }, { key: 'goodput', format: 'percent' },
    { key: 'productive_h', label: 'productive (h)', digits: 4 }, { key: 'startup_h', label: 'start-up (h)', digits: 3 }, { key: 'checkpoint_h', label: 'checkpoint (h)', digits: 3 },
    { key: 'rollback_h', label: 'rollback (h)', digits: 3 }, { key: 'stall_h', label: 'stalls (h)', digits: 3 }, { key: 'gap_h', label: 'gaps (h)', digits: 3 },
    { key: 'tokens_per_s', label: 'tokens/s (median)', digits: 4 }, { key: 'step_time_s', label: 'step time (s, median)', digits: 4 },
    { key: 'mfu', label: 'MFU (median)', format: 'percent' }, { key: 'mfu_logged', label: 'MFU logged (median)', format: 'percent' }, { key: 'missing', label: 'not computed: missing', format: 'text' },
  ];
  // Columns no row fills are dropped (a report of untimed runs shows no empty goodput columns).
  const used = columns.filter((c) => c.key === 'run' || rows.some((r) => r[c.key] !== null && r[c.key] !== undefined && r[c.key] !== ''));
  return { rows, columns: used };
}

/**
 * Event rows of one run: step, wall-clock time since the start, kind, what happened, and the events before it.
 *
 * @example
 * healthEventRows(runHealth(rs).runs[0])[0]; // { step: 201, time: '8.64 min', kind: 'checkpoint', detail: '...' }
 */
export function healthEventRows(r: RunHealth): Record<string, CellValue>[] {
  return r.events.map((e) => ({
    step: e.step,
    time: Number.isFinite(e.time_s) ? formatDuration(e.time_s) : '',
    kind: e.kind,
    detail: e.detail,
    recovery_steps: e.recovery_steps !== undefined ? (Number.isFinite(e.recovery_steps) ? e.recovery_steps : 'never') : null,
    before: (e.before ?? []).map((b) => `${b.kind} @ ${b.step}`).join(', '),
  }));
}

/**
 * Columns of {@link healthEventRows} (those the rows fill).
 *
 * @example
 * const rows = healthEventRows(run);
 * report.table({ rows, columns: healthEventColumns(rows) });
 */
export function healthEventColumns(rows: readonly Record<string, CellValue>[]): ColumnSpec[] {
  const all: ColumnSpec[] = [{ key: 'step', format: 'integer' }, { key: 'time', label: 'time since start', format: 'text' }, { key: 'kind', format: 'text' }, { key: 'detail', format: 'text' }, { key: 'recovery_steps', label: 'recovered after (steps)', format: 'text' }, { key: 'before', label: 'events just before', format: 'text' }];
  return all.filter((c) => c.key === 'step' || rows.some((r) => r[c.key] !== null && r[c.key] !== undefined && r[c.key] !== ''));
}

/** Markdown-escape text from logs (run names, messages). */
function md(s: string): string {
  return s.replace(/[\\`*_[\]<>#|]/g, (c) => `\\${c}`);
}

/** The run's missing inputs and the analysis' warnings about it, as report lines. */
function notes(report: Report, h: HealthReport, runIds?: ReadonlySet<string>): void {
  const lines = new Set<string>();
  for (const w of h.warnings) if (!runIds || w.run === undefined || runIds.has(w.run)) lines.add(`**Warning** (${w.code}): ${md(w.message)}`);
  if (lines.size) report.markdown([...lines].map((l) => `- ${l}`).join('\n'));
}

/**
 * Render one health item into the report.
 *
 * @example
 * addHealthItem(report, { kind: 'goodput', health: ['demo'], unit: 'hours', total: true }, ctx);
 */
export function addHealthItem(report: Report, it: HealthItemConfig, ctx: HealthItemContext): void {
  const h = healthOf(ctx, it.health);
  const label = it.health.join('-');
  switch (it.kind) {
    case 'health-summary': {
      const { rows, columns } = healthRunRows(h);
      const t = h.total;
      const total = t.timed_runs > 0 ? `; over the ${t.timed_runs} run(s) with a wall clock, goodput ${fmtNum(100 * t.goodput, 3)}% of ${fmtNum(t.wall_s / 3600, 4)} h` : '; no run has wall-clock timestamps, so no goodput';
      report.table({ rows, columns, caption: it.caption ?? `Run health of ${h.runs.length} run(s)${total}. Badput in hours; MFU recomputed from the step time beside the one the log printed.` });
      notes(report, h);
      return;
    }
    case 'goodput': {
      const rows = h.runs.map((r) => ({ run: r.name, wall_s: r.wall_s, productive_s: r.productive_s, badput: r.badput }));
      const timed = rows.filter((r) => Number.isFinite(r.wall_s) && r.wall_s > 0);
      if (timed.length === 0) {
        report.markdown(`No goodput to draw: none of the ${rows.length} run(s) has wall-clock timestamps (${md([...new Set(h.runs.flatMap((r) => r.missing.filter((m) => m.quantity === 'goodput').map((m) => m.input)))].join('; ') || 'no time column')}).`);
        return;
      }
      const withTotal = it.total && timed.length > 1;
      const input = { rows, ...(withTotal ? { total: { run: 'all runs', wall_s: h.total.wall_s, productive_s: h.total.productive_s, badput: h.total.badput } } : {}) };
      const t = h.total;
      const parts = (['startup_s', 'checkpoint_s', 'rollback_s', 'stall_s', 'gap_s'] as const).map((k) => `${k.replace('_s', '')} ${formatDuration(t.badput[k])}`).join(', ');
      report.figure(goodputFigure(input, { id: ctx.id('goodput', label), unit: it.unit }), it.caption ?? `Where the wall clock went (${it.unit === 'percent' ? 'percent of each run' : 'hours'}): productive step time and badput by kind, as Google's ml-goodput-measurement defines goodput. Over the ${t.timed_runs} timed run(s): goodput ${fmtNum(100 * t.goodput, 3)}%; ${parts}.${rows.length > timed.length ? ` ${rows.length - timed.length} run(s) without wall-clock timestamps are not drawn.` : ''}`, input);
      return;
    }
    case 'health-timeline': {
      const wanted = it.runs ? new Set(it.runs) : undefined;
      const runs = wanted ? h.runs.filter((r) => wanted.has(r.id) || wanted.has(r.name)) : h.runs;
      if (wanted && runs.length < wanted.size) {
        const missing = [...wanted].filter((w) => !h.runs.some((r) => r.id === w || r.name === w));
        throw new ReportError(`health-timeline item: no run ${missing.map((m) => `'${m}'`).join(', ')} in health ${it.health.join(', ')} (runs: ${h.runs.map((r) => r.id).join(', ')})`);
      }
      for (const r of runs) {
        const counts = new Map<string, number>();
        for (const e of r.events) counts.set(e.kind, (counts.get(e.kind) ?? 0) + 1);
        const said = [...counts].map(([k, n]) => `${n} ${k.replaceAll('_', ' ')}${n === 1 ? '' : 's'}`).join(', ');
        const hasTime = r.clock === 'wall' && Array.from(r.series.time_s).some(Number.isFinite);
        const x = it.x ?? (hasTime ? 'time' : 'step');
        if (x === 'time' && !hasTime) throw new ReportError(`health-timeline item: run '${r.id}' has no wall-clock timestamps; use "x": "step"`);
        const svg = healthTimelineFigure({ run: r.name, series: r.series, events: r.events, clock: r.clock }, { id: ctx.id('timeline', r.id), x });
        report.figure(svg, it.caption ?? `${r.name}: step time (log scale), tokens/s and training loss against ${x === 'time' ? 'wall-clock hours since the run started' : 'step'}${said ? `; events: ${said}` : '; no events'}.`, { run: r.id, events: r.events });
        if (it.events && r.events.length > 0) {
          const rows = healthEventRows(r);
          report.table({ rows, columns: healthEventColumns(rows), caption: `Events of ${r.name}` });
        }
      }
      return;
    }
    case 'mfu': {
      const rows = h.runs.map((r) => ({ run: r.name, recomputed: r.series.mfu, logged: r.series.mfu_logged }));
      const any = h.runs.some((r) => Array.from(r.series.mfu).some(Number.isFinite) || Array.from(r.series.mfu_logged).some(Number.isFinite));
      if (!any) {
        report.markdown(`No MFU to draw: ${md([...new Set(h.runs.flatMap((r) => r.missing.filter((m) => m.quantity === 'mfu').map((m) => m.input)))].join('; ') || 'no step time')}.`);
        return;
      }
      report.figure(mfuFigure({ rows }, { id: ctx.id('mfu', label) }), it.caption ?? 'MFU per step: recomputed from the step time (FLOPs per token x tokens/s / (peak x devices)) and, where the log prints one, the logged MFU beside it.', h.runs.map((r) => ({ run: r.id, mfu: r.mfu, basis: r.mfu_basis })));
      const basis = h.runs.map((r) => ({
        run: r.name,
        flops_per_token: finiteOrNull(r.mfu_basis.flops_per_token),
        flops_source: r.mfu_basis.flops_source,
        peak: finiteOrNull(r.mfu_basis.peak_flops),
        peak_source: r.mfu_basis.peak_source,
        devices: finiteOrNull(r.mfu_basis.devices),
        mfu: finiteOrNull(r.mfu.median),
        logged: finiteOrNull(r.mfu.logged_median),
        diff: Number.isFinite(r.mfu.median) && Number.isFinite(r.mfu.logged_median) ? r.mfu.logged_median / r.mfu.median - 1 : null,
      }));
      report.table({
        rows: basis,
        caption: 'What the MFU was computed from, and the logged median against the recomputed one',
        columns: [{ key: 'run', format: 'text' }, { key: 'flops_per_token', label: 'FLOPs per token', format: 'flops' }, { key: 'flops_source', label: 'from', format: 'text' }, { key: 'peak', label: 'peak FLOP/s per device', format: 'flops' }, { key: 'peak_source', label: 'peak from', format: 'text' }, { key: 'devices', format: 'integer' }, { key: 'mfu', label: 'MFU (median)', format: 'percent' }, { key: 'logged', label: 'logged (median)', format: 'percent' }, { key: 'diff', label: 'logged / recomputed - 1', format: 'percent' }],
      });
      return;
    }
  }
}
