/**
 * Runs as a table, and metrics joined with config: the shapes analyses and group-bys want.
 *
 * Config keys become columns. A key that collides with a fixed column name (e.g. a config key `seed` or `step`)
 * is prefixed `config.` so nothing is overwritten. A run without a key has `null` there.
 */
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { InputError } from '../errors.js';
import { METRIC_COLUMNS, type RunSet } from './runset.js';
import type { ConfigValue } from './types.js';

/** Fixed columns of {@link runsTable}, in order (config columns follow, then the counts). */
export const RUN_COLUMNS = ['id', 'name', 'source', 'variant', 'seed', 'state', 'format'] as const;

/**
 * One row per run: id, name, source, variant, seed, state, format, one column per config key (union over runs,
 * first-seen order), then restarts (count), non_finite and skipped.
 *
 * @example
 * runsTable(rs).filter((d) => d.variant === 'base').objects();
 */
export function runsTable(rs: RunSet): ColumnTable {
  const runs = rs.runs;
  const fixed = new Set<string>([...RUN_COLUMNS, 'restarts', 'non_finite', 'skipped']);
  const cols: Record<string, unknown[]> = {};
  for (const c of RUN_COLUMNS) cols[c] = runs.map((r) => r[c] ?? null);
  for (const key of configKeys(rs)) {
    cols[fixed.has(key) ? `config.${key}` : key] = runs.map((r) => configValue(r.config, key));
  }
  cols.restarts = runs.map((r) => r.restarts.length);
  cols.non_finite = runs.map((r) => r.nonFinite);
  cols.skipped = runs.map((r) => r.skipped);
  return aq.table(cols);
}

/**
 * The long-form metrics table (run, metric, step, value, tokens, flops, time, flag) with each point's run's
 * variant, seed and config values as extra columns; `keys` limits the config columns (unknown keys throw).
 *
 * @example
 * joinConfig(rs, ['N', 'lr']).filter((d) => d.metric === 'val/loss').groupby('N').rollup({ best: aq.op.min('value') });
 */
export function joinConfig(rs: RunSet, keys?: readonly string[]): ColumnTable {
  const all = configKeys(rs);
  if (keys) {
    const have = new Set(all);
    const unknown = keys.filter((k) => !have.has(k));
    if (unknown.length) throw new InputError(`joinConfig: no run has config key ${unknown.map((k) => `'${k}'`).join(', ')}`);
  }
  const use = keys ?? all;
  const runIndex = rs.columns().kept.runIndex;
  const runs = rs.runs;
  const n = runIndex.length;
  const fixed = new Set<string>([...METRIC_COLUMNS, 'variant', 'seed']);
  const extra: Record<string, unknown[]> = {};
  const perRun = (f: (i: number) => unknown) => {
    const vals = runs.map((_, i) => f(i));
    const col = new Array<unknown>(n);
    for (let i = 0; i < n; i++) col[i] = vals[runIndex[i]!];
    return col;
  };
  extra.variant = perRun((i) => runs[i]!.variant ?? null);
  extra.seed = perRun((i) => runs[i]!.seed ?? null);
  for (const key of use) extra[fixed.has(key) ? `config.${key}` : key] = perRun((i) => configValue(runs[i]!.config, key));
  return rs.metrics.assign(aq.table(extra));
}

/** Config keys over all runs, in first-seen order. */
function configKeys(rs: RunSet): string[] {
  const seen = new Set<string>();
  for (const r of rs.runs) for (const k of Object.keys(r.config)) seen.add(k);
  return [...seen];
}

function configValue(config: Record<string, ConfigValue>, key: string): ConfigValue {
  return Object.prototype.hasOwnProperty.call(config, key) ? config[key]! : null;
}
