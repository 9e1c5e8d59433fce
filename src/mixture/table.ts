/**
 * Mixture tables: per run, the weight of each training domain and the losses it reached, from two tables joined on
 * their first column. Rows are validated: weights that sum to 1 within `tolerance` are kept, rows off by more but
 * within `refuse` are normalised with a warning naming them, rows further off are refused (InputError); losses
 * that are not finite are dropped with a warning naming the run; ids present in only one table are named.
 */
import { InputError } from '../errors.js';
import { readRows } from '../load/tabular/csv-reader.js';

/** A table of strings: a header and rows of cells (what a CSV reader gives). */
export interface RawTable {
  header: readonly string[];
  rows: readonly (readonly string[])[];
  /** Name used in messages (a file path). */
  name?: string;
}

/** Runs with mixture weights over domains and their losses, row i of `weights` matching row i of `losses`. */
export interface MixtureTable {
  /** Run ids (the join key), in the order of the mixture table. */
  ids: string[];
  /** Domain names (the mixture table's columns after the first). */
  domains: string[];
  /** Weights per run, each row summing to 1. */
  weights: Float64Array[];
  /** Loss column names (the results table's columns after the first). */
  targets: string[];
  /** losses[t][i]: loss of run i on target t (NaN where that run's value was not finite). */
  losses: Float64Array[];
  /** Every row dropped, normalised or left unjoined, by name. */
  warnings: string[];
}

/** Options of {@link mixtureTable}. */
export interface MixtureTableOptions {
  /** |sum - 1| up to this is accepted as is (default 0.005: three-decimal rounding of 17 weights). */
  tolerance?: number;
  /** |sum - 1| beyond this is refused (default 0.05); between tolerance and refuse rows are normalised. */
  refuse?: number;
}

function num(s: string | undefined): number {
  if (s === undefined) return NaN;
  const t = s.trim();
  return t === '' ? NaN : Number(t);
}

function listNames(xs: readonly string[], max = 10): string {
  return xs.length <= max ? xs.join(', ') : `${xs.slice(0, max).join(', ')} and ${xs.length - max} more`;
}

/**
 * Join a mixture table (id, then one weight column per domain) and a results table (id, then one loss column per
 * target) on their first column.
 *
 * @example
 * const t = mixtureTable(
 *   { header: ['id', 'web', 'code'], rows: [['a', '0.7', '0.3'], ['b', '0.2', '0.8']] },
 *   { header: ['id', 'loss'], rows: [['a', '3.1'], ['b', '3.4']] },
 * );
 * t.weights[1]; // Float64Array [0.2, 0.8]
 * t.losses[0];  // Float64Array [3.1, 3.4]
 */
export function mixtureTable(mix: RawTable, results: RawTable, options: MixtureTableOptions = {}): MixtureTable {
  const tol = options.tolerance ?? 0.005;
  const refuse = options.refuse ?? 0.05;
  const mName = mix.name ?? 'mixture table';
  const rName = results.name ?? 'results table';
  if (mix.header.length < 3) throw new InputError(`${mName}: expected an id column and at least 2 domain columns, got ${mix.header.length} columns`);
  if (results.header.length < 2) throw new InputError(`${rName}: expected an id column and at least 1 loss column`);
  const domains = mix.header.slice(1).map(String);
  const targets = results.header.slice(1).map(String);
  const warnings: string[] = [];
  const byId = new Map<string, readonly string[]>();
  const dupR: string[] = [];
  for (const r of results.rows) {
    const id = (r[0] ?? '').trim();
    if (byId.has(id)) dupR.push(id); else byId.set(id, r);
  }
  if (dupR.length) throw new InputError(`${rName}: duplicate ids ${listNames(dupR)}: each run must appear once`);
  const ids: string[] = [];
  const weights: Float64Array[] = [];
  const lossRows: (readonly string[])[] = [];
  const seen = new Set<string>();
  const unjoined: string[] = [];
  const normalised: string[] = [];
  const refused: string[] = [];
  const badWeight: string[] = [];
  for (const r of mix.rows) {
    const id = (r[0] ?? '').trim();
    if (seen.has(id)) throw new InputError(`${mName}: duplicate id ${id}: each run must appear once`);
    seen.add(id);
    const w = new Float64Array(domains.length);
    let s = 0, ok = true;
    for (let j = 0; j < domains.length; j++) {
      const v = num(r[j + 1]);
      if (!Number.isFinite(v) || v < 0) ok = false;
      w[j] = v; s += v;
    }
    if (!ok) { badWeight.push(id); continue; }
    if (Math.abs(s - 1) > refuse) { refused.push(`${id} (sum ${s.toPrecision(4)})`); continue; }
    const lr = byId.get(id);
    if (!lr) { unjoined.push(id); continue; }
    if (Math.abs(s - 1) > tol) { normalised.push(`${id} (sum ${s.toPrecision(4)})`); for (let j = 0; j < w.length; j++) w[j]! /= s; }
    ids.push(id); weights.push(w); lossRows.push(lr);
  }
  if (badWeight.length) throw new InputError(`${mName}: weights must be finite and >= 0; rows ${listNames(badWeight)} are not`);
  if (refused.length) throw new InputError(`${mName}: weights of rows ${listNames(refused)} do not sum to 1 within ${refuse}; fix them or raise the refuse tolerance`);
  if (normalised.length) warnings.push(`${mName}: weights of ${normalised.length} rows normalised to sum to 1 (off by more than ${tol}): ${listNames(normalised)}`);
  if (unjoined.length) warnings.push(`${mName}: ${unjoined.length} runs have no row in ${rName} (ids ${listNames(unjoined)}); left out`);
  const onlyR = [...byId.keys()].filter((id) => !seen.has(id));
  if (onlyR.length) warnings.push(`${rName}: ${onlyR.length} runs have no row in ${mName} (ids ${listNames(onlyR)}); left out`);
  if (ids.length === 0) throw new InputError(`${mName} and ${rName}: no id joins (first column of each); mixture ids start ${listNames(mix.rows.slice(0, 3).map((r) => r[0] ?? ''))}, results ids start ${listNames(results.rows.slice(0, 3).map((r) => r[0] ?? ''))}`);
  for (let j = 0; j < domains.length; j++) {
    const v0 = weights[0]![j]!;
    if (weights.every((w) => w[j] === v0)) warnings.push(`${mName}: domain ${domains[j]} never varies (always ${v0}): no model can learn its effect`);
  }
  const losses = targets.map((t, k) => {
    const col = new Float64Array(ids.length);
    const bad: string[] = [];
    for (let i = 0; i < ids.length; i++) {
      const v = num(lossRows[i]![k + 1]);
      col[i] = Number.isFinite(v) ? v : NaN;
      if (!Number.isFinite(v)) bad.push(`${ids[i]} (${lossRows[i]![k + 1] ?? 'missing'})`);
    }
    if (bad.length) warnings.push(`${rName}: column ${t}: non-finite loss for runs ${listNames(bad)}; those runs are left out of models of ${t}`);
    return col;
  });
  return { ids, domains, weights, targets, losses, warnings };
}

/**
 * Read a mixture CSV and a results CSV from disk and join them with {@link mixtureTable}.
 *
 * @example
 * const t = readMixtureTable('train_mixture_1m.csv', 'train_pile_loss_1m.csv');
 */
export function readMixtureTable(mixturePath: string, resultsPath: string, options: MixtureTableOptions = {}): MixtureTable {
  const read = (p: string): RawTable => {
    const { rows, damaged } = readRows(p, 44);
    if (damaged.length) throw new InputError(`${p}:${damaged[0]!.line}: ${damaged[0]!.why}`);
    if (rows.length === 0) throw new InputError(`${p}: empty file`);
    return { header: rows[0]!, rows: rows.slice(1).filter((r) => !(r.length === 1 && r[0] === '')), name: p };
  };
  return mixtureTable(read(mixturePath), read(resultsPath), options);
}

/**
 * The rows of `table` with a finite loss on `target`: weights and loss vector ready for a model.
 *
 * @example
 * const { X, y, ids } = targetData(t, 'metric/the_pile_pile_cc_val_loss');
 */
export function targetData(table: MixtureTable, target: string): { X: Float64Array[]; y: Float64Array; ids: string[] } {
  const k = table.targets.indexOf(target);
  if (k < 0) throw new InputError(`no target column "${target}"; the results table has ${listNames(table.targets)}`);
  const col = table.losses[k]!;
  const X: Float64Array[] = [], ids: string[] = [], ys: number[] = [];
  for (let i = 0; i < col.length; i++) if (Number.isFinite(col[i]!)) { X.push(table.weights[i]!); ys.push(col[i]!); ids.push(table.ids[i]!); }
  if (ids.length === 0) throw new InputError(`no run has a finite value of "${target}" (${col.length} runs joined; a metric no run logged, or all non-finite)`);
  return { X, y: Float64Array.from(ys), ids };
}

/**
 * A weighted sum of several loss columns as one target (e.g. the average over validation sets): runs missing any
 * of them are left out. Weights need not sum to 1.
 *
 * @example
 * const avg = combinedTarget(t, { 'metric/a_val_loss': 0.5, 'metric/b_val_loss': 0.5 });
 * mixtureStudy(avg.X, avg.y);
 */
export function combinedTarget(table: MixtureTable, weights: Readonly<Record<string, number>>): { X: Float64Array[]; y: Float64Array; ids: string[] } {
  const keys = Object.keys(weights);
  if (keys.length === 0) throw new InputError('combinedTarget: no target columns given');
  const cols = keys.map((k) => {
    const i = table.targets.indexOf(k);
    if (i < 0) throw new InputError(`no target column "${k}"; the results table has ${listNames(table.targets)}`);
    if (!Number.isFinite(weights[k]!)) throw new InputError(`weight of target ${k} is not finite`);
    return { col: table.losses[i]!, w: weights[k]! };
  });
  const X: Float64Array[] = [], ids: string[] = [], ys: number[] = [];
  for (let i = 0; i < table.ids.length; i++) {
    let s = 0;
    for (const c of cols) s += c.w * c.col[i]!;
    if (Number.isFinite(s)) { X.push(table.weights[i]!); ys.push(s); ids.push(table.ids[i]!); }
  }
  return { X, y: Float64Array.from(ys), ids };
}
