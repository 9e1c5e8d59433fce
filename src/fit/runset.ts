/**
 * Fit points from the run model: one point per run (its final value of a metric, or the mean of its last k
 * points), `group` = run id so the bootstrap resamples runs. N, D and C come from run config (keys `N`, `D`, `C`
 * unless renamed), from a per-run config table the caller joins in (e.g. a sweep's runs.csv, read with
 * {@link configFromTable}), or, when config lacks them, from the curve itself: D = tokens and C = flops at the
 * run's last point (so N = C / 6D when both are logged).
 *
 * Runs that cannot give a point (no curve and no summary of the metric, a non-finite final value, fewer than two
 * of N, D, C) are not dropped silently: they are listed in `skipped` with the reason.
 *
 * @example
 * const rs = await load('data/sweep/curves.csv');
 * const pts = pointsFromRunSet(rs, { metric: 'val/loss' }); // N = flops / (6 tokens) at each run's end
 * pts.skipped; // []
 */
import { InputError } from '../errors.js';
import { finalValues, requireMetric } from '../runs/final.js';
import type { RunSet } from '../runs/runset.js';
import type { ConfigValue } from '../runs/types.js';
import type { FitPoint, TableLike } from './points.js';

/** Per-run config to join in, by run id (wins over the runs' own config). */
export type RunConfigs = Readonly<Record<string, Readonly<Record<string, ConfigValue>>>>;

/** Options of {@link pointsFromRunSet}. */
export interface RunSetPointsOptions {
  /** The metric whose final value is the loss (e.g. 'val/loss'). */
  metric: string;
  /** Config key of the parameter count (default 'N'). */
  N?: string;
  /** Config key of the token count (default 'D'); falls back to the tokens at the run's last point. */
  D?: string;
  /** Config key of the FLOPs (default 'C'); falls back to the flops at the run's last point. */
  C?: string;
  /** Average the last k points instead of taking the last one. */
  lastK?: number;
  /** Extra config by run id (e.g. `configFromTable(runsCsvRows)`), merged over each run's own config. */
  config?: RunConfigs;
}

/** A run that gave no point, and why. */
export interface SkippedRun {
  run: string;
  reason: string;
}

/** Points plus the runs that gave none. */
export type RunSetPoints = FitPoint[] & { readonly skipped: readonly SkippedRun[] };

const asNumber = (v: ConfigValue | undefined): number | undefined => {
  if (typeof v === 'number') return Number.isFinite(v) && v > 0 ? v : undefined;
  if (typeof v === 'string' && v.trim() !== '') {
    const x = Number(v);
    return Number.isFinite(x) && x > 0 ? x : undefined;
  }
  return undefined;
};

/**
 * Per-run config from a table with one row per run (e.g. a sweep's runs.csv: run, N, D, C, ...): a record from
 * the id column's value to the row's other columns. Throws InputError when the id column is absent or repeats.
 *
 * @example
 * const cfg = configFromTable([{ run: 'a', N: 1e8, D: 2e9 }]); // { a: { N: 1e8, D: 2e9 } }
 */
export function configFromTable(table: TableLike, idColumn = 'run'): Record<string, Record<string, ConfigValue>> {
  const rows = Array.isArray(table) ? (table as readonly Record<string, unknown>[]) : ((table as { objects(): object[] }).objects() as Record<string, unknown>[]);
  const out: Record<string, Record<string, ConfigValue>> = {};
  rows.forEach((r, i) => {
    if (!(idColumn in r)) throw new InputError(`configFromTable: no id column '${idColumn}' (columns: ${Object.keys(r).join(', ')})`);
    const id = String(r[idColumn]);
    if (Object.prototype.hasOwnProperty.call(out, id)) throw new InputError(`configFromTable: run '${id}' appears twice (row ${i})`);
    const cfg: Record<string, ConfigValue> = {};
    for (const [k, v] of Object.entries(r)) {
      if (k === idColumn) continue;
      cfg[k] = typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' || v === null ? v : typeof v === 'bigint' ? Number(v) : String(v);
    }
    out[id] = cfg;
  });
  return out;
}

/**
 * One fit point per run of a RunSet (see the module comment for where N, D, C come from).
 *
 * @example
 * const pts = pointsFromRunSet(rs, { metric: 'val/loss', N: 'params', lastK: 3 });
 * const fit = await fitLaw(pts, chinchillaLaw());
 */
export function pointsFromRunSet(rs: RunSet, options: RunSetPointsOptions): RunSetPoints {
  if (!options || typeof options.metric !== 'string') throw new InputError('pointsFromRunSet: options.metric (the loss metric) is required');
  const keyN = options.N ?? 'N', keyD = options.D ?? 'D', keyC = options.C ?? 'C';
  const extra = options.config ?? {};
  const known = new Set(rs.runs.map((r) => r.id));
  const strays = Object.keys(extra).filter((id) => !known.has(id));
  if (strays.length > 0 && strays.length === Object.keys(extra).length) {
    throw new InputError(`pointsFromRunSet: no run id of the config table matches a run (config ids: ${strays.slice(0, 5).join(', ')}; runs: ${[...known].slice(0, 5).join(', ')})`);
  }
  requireMetric(rs, options.metric, 'pointsFromRunSet');
  const fv = finalValues(rs, options.metric, options.lastK !== undefined ? { lastK: options.lastK } : {});
  const skipped: SkippedRun[] = fv.missing.map((run) => ({ run, reason: `no '${options.metric}' curve or summary value` }));
  const points: FitPoint[] = [];
  for (const row of fv) {
    if (row.flag === 'non_finite' || row.flag === 'skipped' || !(Number.isFinite(row.value) && row.value > 0)) {
      skipped.push({ run: row.run, reason: `final value ${row.value} (${row.flag}): a diverged or unfinished run` });
      continue;
    }
    const cfg = { ...(rs.run(row.run)?.config ?? {}), ...(extra[row.run] ?? {}) };
    const p: FitPoint = { loss: row.value, group: row.run };
    const N = asNumber(cfg[keyN]);
    const D = asNumber(cfg[keyD]) ?? (row.tokens > 0 ? row.tokens : undefined);
    const C = asNumber(cfg[keyC]) ?? (row.flops > 0 ? row.flops : undefined);
    if (N !== undefined) p.N = N;
    if (D !== undefined) p.D = D;
    if (C !== undefined) p.C = C;
    if ([N, D, C].filter((v) => v !== undefined).length < 2) {
      skipped.push({ run: row.run, reason: `fewer than two of N ('${keyN}'), D ('${keyD}' or tokens), C ('${keyC}' or flops)` });
      continue;
    }
    points.push(p);
  }
  return Object.assign(points, { skipped }) as RunSetPoints;
}
