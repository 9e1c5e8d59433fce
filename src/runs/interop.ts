/**
 * Interop with in-memory tables: arquero ColumnTables, Apache Arrow IPC bytes and danfo.js DataFrames, all in the
 * long form `run, metric, step, value, tokens, flops, time, flag` (RunSet.metrics).
 *
 * Round trips are exact for kept points (NaN and +-Infinity values and their flags included). Run metadata lives
 * beside the table: pass `rs.runs` back as `{ runs }` to restore names, variants, seeds, configs, summaries and
 * restarts (without it each run id becomes a bare run with source `'table'`). Superseded points are not part of
 * the long form.
 */
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { InputError } from '../errors.js';
import { checkArrowIpc } from './arrow-check.js';
import { RunSetBuilder } from './builder.js';
import type { RunSet } from './runset.js';
import { Flag, type RunMeta } from './types.js';

/** Options of the `from*` functions. */
export interface FromTableOptions {
  /** Metadata of the runs (e.g. the original `rs.runs`); runs in the table but not here become bare runs. */
  runs?: readonly RunMeta[];
  /** Source recorded for runs not in `runs` (default 'table'). */
  source?: string;
}

/**
 * The metrics of `rs` as an arquero table (the same object as `rs.metrics`).
 *
 * @example
 * toTable(rs).filter((d) => d.metric === 'val/loss').objects();
 */
export function toTable(rs: RunSet): ColumnTable {
  return rs.metrics;
}

/**
 * A RunSet from a long-form table with columns run, metric, step, value and optionally tokens, flops, time, flag
 * (nulls read as NaN; without a flag column non-finite values are flagged automatically). Rows may come in any
 * order: the builder sorts them, resolves duplicate steps (last wins) and records restarts (steps going back in
 * row order) — restarts given in `runs` are kept, first.
 *
 * @example
 * const rs2 = fromTable(toTable(rs), { runs: rs.runs });
 */
export function fromTable(table: ColumnTable, options: FromTableOptions = {}): RunSet {
  for (const c of ['run', 'metric', 'step', 'value']) {
    if (!table.columnNames().includes(c)) throw new InputError(`fromTable: missing column '${c}' (have: ${table.columnNames().join(', ')})`);
  }
  const col = (name: string): ArrayLike<unknown> | undefined => (table.columnNames().includes(name) ? table.array(name) : undefined);
  return fromColumns(
    {
      run: col('run')!,
      metric: col('metric')!,
      step: col('step')!,
      value: col('value')!,
      tokens: col('tokens'),
      flops: col('flops'),
      time: col('time'),
      flag: col('flag'),
    },
    options,
  );
}

/** Long-form columns as plain array-likes (the common ground of arquero, Arrow, Parquet and danfo.js). */
export interface LongColumns {
  run: ArrayLike<unknown>;
  metric: ArrayLike<unknown>;
  step: ArrayLike<unknown>;
  value: ArrayLike<unknown>;
  tokens?: ArrayLike<unknown>;
  flops?: ArrayLike<unknown>;
  time?: ArrayLike<unknown>;
  flag?: ArrayLike<unknown>;
}

/**
 * A RunSet from long-form columns (see {@link fromTable}); the shared core of every `from*` function.
 *
 * @example
 * fromColumns({ run: ['a', 'a'], metric: ['loss', 'loss'], step: [0, 1], value: [3.2, 2.9] });
 */
export function fromColumns(cols: LongColumns, options: FromTableOptions = {}): RunSet {
  const n = cols.run.length;
  for (const [k, v] of Object.entries(cols)) {
    if (v !== undefined && (v as ArrayLike<unknown>).length !== n) throw new InputError(`fromColumns: column '${k}' has ${(v as ArrayLike<unknown>).length} rows, 'run' has ${n}`);
  }
  const b = new RunSetBuilder();
  b.reserve(n);
  const given = new Map<string, RunMeta>();
  const runIdx = new Map<string, number>();
  for (const m of options.runs ?? []) {
    given.set(m.id, m);
    const init: Parameters<RunSetBuilder['addRun']>[0] = { id: m.id, name: m.name, source: m.source, config: m.config };
    if (m.variant !== undefined) init.variant = m.variant;
    if (m.seed !== undefined) init.seed = m.seed;
    if (m.state !== undefined) init.state = m.state;
    if (m.format !== undefined) init.format = m.format;
    if (m.summary !== undefined) init.summary = m.summary;
    runIdx.set(m.id, b.addRun(init));
  }
  const source = options.source ?? 'table';
  const step_ = numeric(cols.step, n), value_ = numeric(cols.value, n);
  const tokens_ = cols.tokens ? numeric(cols.tokens, n) : null, flops_ = cols.flops ? numeric(cols.flops, n) : null, time_ = cols.time ? numeric(cols.time, n) : null;
  const metricIds = new Map<string, number>();
  // Long-form tables are grouped by run and metric: reuse the previous row's lookup while the name repeats.
  let prevRun: unknown = undefined, prevMetric: unknown = undefined, r = -1, m = -1;
  for (let i = 0; i < n; i++) {
    const rv = cols.run[i];
    if (rv !== prevRun || i === 0) {
      const id = String(rv);
      let ri = runIdx.get(id);
      if (ri === undefined) runIdx.set(id, (ri = b.addRun({ id, source })));
      r = ri;
      prevRun = rv;
    }
    const mv = cols.metric[i];
    if (mv !== prevMetric || i === 0) {
      const name = String(mv);
      let mi = metricIds.get(name);
      if (mi === undefined) metricIds.set(name, (mi = b.metricId(name)));
      m = mi;
      prevMetric = mv;
    }
    const step = step_[i]!;
    if (Number.isNaN(step)) throw new InputError(`fromColumns: row ${i} (run '${String(rv)}', metric '${String(mv)}') has no step`);
    const flag = cols.flag ? Number(cols.flag[i] ?? 0) : Flag.ok;
    if (!(flag === Flag.ok || flag === Flag.nonFinite || flag === Flag.skipped)) throw new InputError(`fromColumns: row ${i} has flag ${String(cols.flag![i])} (expected 0, 1 or 2)`);
    b.push(r, step, m, value_[i]!, tokens_ ? tokens_[i]! : NaN, flops_ ? flops_[i]! : NaN, time_ ? time_[i]! : NaN, flag);
  }
  const rs = b.build();
  // The builder recomputed restarts from row order (none for a sorted table); prepend the recorded ones.
  for (const run of rs.runs) {
    const m = given.get(run.id);
    if (m && m.restarts.length) run.restarts = [...m.restarts.map((x) => ({ ...x })), ...run.restarts];
  }
  return rs;
}

/** A numeric column as a Float64Array (null/undefined -> NaN; a Float64Array is used as is). */
function numeric(a: ArrayLike<unknown>, n: number): Float64Array {
  if (a instanceof Float64Array) return a;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = a[i];
    out[i] = v === null || v === undefined ? NaN : Number(v);
  }
  return out;
}

/**
 * The metrics as Arrow IPC bytes (arquero `toArrowIPC`; flechette underneath). Column types: run and metric
 * utf8 (dictionary), step/value/tokens/flops/time float64, flag uint8.
 *
 * @example
 * const bytes = toArrowIPC(rs); const rs2 = fromArrowIPC(bytes, { runs: rs.runs });
 */
export function toArrowIPC(rs: RunSet): Uint8Array {
  return aq.toArrowIPC(rs.metrics);
}

/**
 * A RunSet from Arrow IPC bytes in the long form (see {@link fromTable}). The bytes' structure is checked first
 * (see arrow-check.ts): a damaged file is a LoadError. For files from elsewhere prefer `load()`, which also decodes
 * them in a bounded worker.
 *
 * @example
 * fromArrowIPC(readFileSync('metrics.arrow'), { runs });
 */
export function fromArrowIPC(bytes: Uint8Array | ArrayBuffer, options: FromTableOptions = {}): RunSet {
  const u8 = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  // Damaged lengths are a LoadError here, not fewer rows or a runaway allocation in the decoder.
  checkArrowIpc(u8, options.source ?? 'arrow');
  return fromTable(aq.fromArrow(u8), options);
}

/**
 * What scalelab needs of a danfo.js DataFrame. danfojs-node is an optional peer dependency (it pulls in
 * TensorFlow.js and installs only with npm overrides), so scalelab's types do not name it: pass danfo's own type
 * as `T` to get it back, e.g. `toDanfo<DataFrame>(rs)` with `import type { DataFrame } from 'danfojs-node'`.
 *
 * @example
 * const df: DanfoFrameLike = await toDanfo(rs); df.columns; // ['run', 'metric', 'step', 'value', …]
 */
export interface DanfoFrameLike {
  readonly columns: string[];
  column(name: string): { readonly values: unknown };
}

/**
 * The metrics as a danfo.js DataFrame (long form). danfojs-node is an optional peer dependency, imported lazily
 * (TensorFlow.js only loads when this is called); without it this throws an InputError saying how to install it.
 *
 * @example
 * import type { DataFrame } from 'danfojs-node';
 * const df = await toDanfo<DataFrame>(rs); df.head().print();
 */
export async function toDanfo<T extends DanfoFrameLike = DanfoFrameLike>(rs: RunSet): Promise<T> {
  let dfd: typeof import('danfojs-node');
  try {
    dfd = await import('danfojs-node');
  } catch (e) {
    throw new InputError(
      `toDanfo needs the optional package danfojs-node, which could not be loaded (${(e as Error).message.split('\n')[0]}): ` +
        'install it in your project with `npm install danfojs-node` (it needs the npm overrides listed in scalelab\'s DEVELOPERS.md)',
    );
  }
  const t = rs.metrics;
  const data: Record<string, unknown[]> = {};
  for (const c of t.columnNames()) data[c] = Array.from(t.array(c) as ArrayLike<unknown>);
  return new dfd.DataFrame(data) as unknown as T;
}

/**
 * A RunSet from a long-form danfo.js DataFrame (see {@link fromTable}).
 *
 * @example
 * const rs2 = fromDanfo(await toDanfo(rs), { runs: rs.runs });
 */
export function fromDanfo(df: DanfoFrameLike, options: FromTableOptions = {}): RunSet {
  const names = df.columns;
  const col = (c: string): ArrayLike<unknown> | undefined => (names.includes(c) ? (df.column(c).values as ArrayLike<unknown>) : undefined);
  for (const c of ['run', 'metric', 'step', 'value']) {
    if (!names.includes(c)) throw new InputError(`fromDanfo: missing column '${c}' (have: ${names.join(', ')})`);
  }
  return fromColumns(
    { run: col('run')!, metric: col('metric')!, step: col('step')!, value: col('value')!, tokens: col('tokens'), flops: col('flops'), time: col('time'), flag: col('flag') },
    options,
  );
}

/**
 * Run metadata as JSON text, with non-finite numbers (in summaries or configs) encoded as `{"$num": "NaN"}`,
 * `"Infinity"` or `"-Infinity"` so they survive; the inverse is {@link runsFromJson}. Used for Parquet key-value
 * metadata and handy for sidecar files.
 *
 * @example
 * runsFromJson(runsToJson(rs.runs)); // deep-equal to rs.runs
 */
export function runsToJson(runs: readonly RunMeta[]): string {
  return JSON.stringify(runs, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? { $num: String(v) } : v));
}

/**
 * Inverse of {@link runsToJson}.
 *
 * @example
 * const runs = runsFromJson(text);
 */
export function runsFromJson(text: string): RunMeta[] {
  const parsed: unknown = JSON.parse(text, (_k, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const keys = Object.keys(v);
      if (keys.length === 1 && keys[0] === '$num') return Number((v as { $num: string }).$num);
    }
    return v;
  });
  if (!Array.isArray(parsed)) throw new InputError('runsFromJson: expected a JSON array of runs');
  for (const r of parsed as RunMeta[]) {
    if (!r || typeof r.id !== 'string' || !Array.isArray(r.restarts)) throw new InputError('runsFromJson: an entry is not a run (needs id and restarts)');
  }
  return parsed as RunMeta[];
}
