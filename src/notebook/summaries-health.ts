/**
 * Display summaries of run-health results (issue 14): a whole {@link HealthReport} (one row per run: goodput,
 * badput by kind, tokens/s, MFU recomputed and logged, what could not be computed; the total; the warnings) and a
 * single {@link RunHealth} (its badput in seconds, hours and percent of the wall clock, throughput quantiles, the
 * MFU basis and its event timeline). Text (`summary()`) and HTML (`toHTML()`) come from the same rows as the
 * weekly report's health items.
 *
 * @example
 * import { summarizeHealth } from './summaries-health.js';
 * console.log(summarizeHealth(runHealth(rs, { accelerator: 'H100', devices: 8 })).summary());
 */
import type { HealthReport, RunHealth } from '../health/types.js';
import { formatDuration } from '../plot/health-common.js';
import { fmtNum, type ColumnSpec } from '../report/builder.js';
import { healthEventColumns, healthEventRows, healthRunRows } from '../report/items-health.js';
import type { Summary } from './summaries.js';
import { fromBlocks, type Block } from './summary-blocks.js';

/**
 * The summary of a health report: facts about the total, one row per run, and every warning.
 *
 * @example
 * summarizeHealth(runHealth(rs)).summary(); // 'Run health: 2 runs, 1 with a wall clock ...'
 */
export function summarizeHealth(h: HealthReport, title = 'Run health'): Summary {
  const t = h.total;
  const facts = t.timed_runs > 0
    ? `${h.runs.length} run(s), ${t.timed_runs} with a wall clock · goodput ${fmtNum(100 * t.goodput, 3)}% of ${formatDuration(t.wall_s)} · badput: start-up ${formatDuration(t.badput.startup_s)}, checkpoints ${formatDuration(t.badput.checkpoint_s)}, rollback ${formatDuration(t.badput.rollback_s)}, stalls ${formatDuration(t.badput.stall_s)}, gaps ${formatDuration(t.badput.gap_s)}`
    : `${h.runs.length} run(s), none with wall-clock timestamps: no goodput`;
  const { rows, columns } = healthRunRows(h);
  const blocks: Block[] = [{ kind: 'heading', text: title }, { kind: 'facts', text: facts }, { kind: 'table', columns, rows, caption: 'Per run: hours of each kind, medians over steps' }];
  for (const w of h.warnings) blocks.push({ kind: 'warn', text: `${w.code}: ${w.message}` });
  return fromBlocks(title, blocks);
}

/**
 * The summary of one run's health: badput, throughput, MFU basis, events and missing inputs.
 *
 * @example
 * summarizeRunHealth(runHealth(rs).runs[0]).summary();
 */
export function summarizeRunHealth(r: RunHealth): Summary {
  const title = `Run health of ${r.name}`;
  const timed = Number.isFinite(r.wall_s) && r.wall_s > 0;
  const facts = timed
    ? `clock: ${r.clock} · wall ${formatDuration(r.wall_s)} · productive ${formatDuration(r.productive_s)} · goodput ${fmtNum(100 * r.goodput, 4)}%`
    : `clock: ${r.clock} · no goodput (${r.missing.filter((m) => m.quantity === 'goodput').map((m) => m.input).join('; ') || 'no wall clock'})`;
  const blocks: Block[] = [{ kind: 'heading', text: title }, { kind: 'facts', text: facts }];
  if (timed) {
    const kinds: [string, number][] = [['productive', r.productive_s], ['start-up', r.badput.startup_s], ['checkpoint saves', r.badput.checkpoint_s], ['rollback (recomputed steps)', r.badput.rollback_s], ['stalls', r.badput.stall_s], ['gaps between restarts', r.badput.gap_s]];
    blocks.push({
      kind: 'table',
      caption: 'Where the wall clock went',
      columns: [{ key: 'kind', format: 'text' }, { key: 'seconds', digits: 6 }, { key: 'hours', digits: 4 }, { key: 'share', label: 'share of wall', format: 'percent' }],
      rows: kinds.map(([kind, s]) => ({ kind, seconds: s, hours: s / 3600, share: s / r.wall_s })),
    });
  }
  const q = (name: string, x: { median: number; p10: number; p90: number }, scale = 1, format: ColumnSpec['format'] = 'number') => ({ quantity: name, median: x.median * scale, p10: x.p10 * scale, p90: x.p90 * scale, format });
  const thr = [q('tokens/s', r.tokens_per_s), q('step time (s)', r.step_time_s), q('MFU recomputed (%)', r.mfu, 100)].filter((x) => Number.isFinite(x.median));
  if (Number.isFinite(r.mfu.logged_median)) thr.push({ quantity: 'MFU logged (%, median)', median: 100 * r.mfu.logged_median, p10: NaN, p90: NaN, format: 'number' });
  if (thr.length) {
    blocks.push({
      kind: 'table',
      caption: 'Throughput over steps',
      columns: [{ key: 'quantity', format: 'text' }, { key: 'median', digits: 5 }, { key: 'p10', label: '10th pct', digits: 5 }, { key: 'p90', label: '90th pct', digits: 5 }],
      rows: thr.map(({ format: _f, ...x }) => ({ ...x, p10: Number.isFinite(x.p10) ? x.p10 : null, p90: Number.isFinite(x.p90) ? x.p90 : null })),
    });
  }
  const b = r.mfu_basis;
  if (b.flops_source !== 'none') blocks.push({ kind: 'facts', text: `MFU basis: ${fmtNum(b.flops_per_token, 4)} FLOPs per token (${b.flops_source}) · peak ${fmtNum(b.peak_flops, 4)} FLOP/s per device (${b.peak_source}) x ${b.devices} device(s) · ${fmtNum(b.tokens_per_step, 6)} tokens per step` });
  const ev = healthEventRows(r);
  if (ev.length) blocks.push({ kind: 'table', caption: `${ev.length} event(s)`, columns: healthEventColumns(ev), rows: ev });
  else blocks.push({ kind: 'facts', text: 'no events' });
  for (const m of r.missing) blocks.push({ kind: 'warn', text: `${m.quantity} not computed (missing ${m.input}): ${m.message}` });
  return fromBlocks(title, blocks);
}

/**
 * A health summary for a value shaped like a {@link HealthReport} or a {@link RunHealth}, else undefined (the
 * dispatch `summarize()` uses).
 *
 * @example
 * summarizeHealthLike(runHealth(rs))?.summary();
 */
export function summarizeHealthLike(x: unknown): Summary | undefined {
  if (x === null || typeof x !== 'object') return undefined;
  const o = x as Record<string, unknown>;
  const total = o.total as Record<string, unknown> | undefined;
  if (Array.isArray(o.runs) && Array.isArray(o.warnings) && total !== null && typeof total === 'object' && typeof total.timed_runs === 'number' && typeof total.goodput === 'number') return summarizeHealth(x as HealthReport);
  if (typeof o.goodput === 'number' && typeof o.wall_s === 'number' && o.badput !== null && typeof o.badput === 'object' && Array.isArray(o.events) && o.series !== null && typeof o.series === 'object') return summarizeRunHealth(x as RunHealth);
  return undefined;
}

