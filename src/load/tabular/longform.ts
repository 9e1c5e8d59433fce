/**
 * scalelab's own long-form files in binary form: Parquet and Arrow IPC with columns run, metric, step, value (and
 * tokens, flops, time, flag), as `scalelab load --out runs.parquet` / `runs.arrow` and `writeParquet` /
 * `writeArrow` write them. A Parquet file carries run metadata (name, variant, seed, config, summary) in its
 * key-value metadata and loads back with it; an Arrow file carries none. Restarts recorded in the metadata are not
 * carried over (the points written are the kept ones, so nothing is superseded): use `readParquet` for them.
 *
 * @example
 * const rs = await load('runs.parquet');            // detected from the magic bytes and the columns
 * const rs2 = await load('runs.arrow', { format: 'arrow' });
 */
import { LoadError } from '../../errors.js';
import { fromColumns, runsFromJson, type FromTableOptions, type LongColumns } from '../../runs/interop.js';
import { METRIC_COLUMNS, type RunSet } from '../../runs/runset.js';
import { dictDecode } from '../binary/decode.js';
import { decodeInWorker } from '../binary/sandbox.js';
import type { FormatLoader, LoadContext, Probe } from '../types.js';

/** The columns a long-form file must have (the run model's first four; tokens, flops, time and flag are optional). */
export const LONG_COLUMNS = METRIC_COLUMNS.slice(0, 4);

/** Whether a Parquet schema (column names) is scalelab's long form. */
export function isLongSchema(names: readonly string[]): boolean {
  return LONG_COLUMNS.every((c) => names.includes(c));
}

/** Arrow IPC: the file format starts with "ARROW1"; the stream format (what arquero writes) with a 0xFFFFFFFF continuation marker. */
function arrowScore(p: Probe): number {
  if (p.isDirectory || p.head.length < 8) return 0;
  if (String.fromCharCode(...p.head.subarray(0, 6)) === 'ARROW1') return 0.9;
  const stream = p.head[0] === 0xff && p.head[1] === 0xff && p.head[2] === 0xff && p.head[3] === 0xff;
  return stream && /\.(arrow|arrows|feather|ipc)$/i.test(p.name) ? 0.8 : 0;
}

/** Copy a RunSet read from a long-form file into the load's builder (runs keep name, variant, seed, config, summary). */
function addRunSet(ctx: LoadContext, rs: RunSet, format: string): void {
  const b = ctx.builder;
  const index = new Map<string, number>();
  for (const r of rs.runs) {
    index.set(r.id, ctx.addRun({
      key: r.id,
      name: r.name,
      format,
      config: r.config,
      ...(r.variant !== undefined ? { variant: r.variant } : {}),
      ...(r.seed !== undefined ? { seed: r.seed } : {}),
      ...(r.state !== undefined ? { state: r.state } : {}),
      ...(r.summary !== undefined ? { summary: r.summary } : {}),
    }));
  }
  const t = rs.metrics;
  const run = t.array('run') as ArrayLike<string>, metric = t.array('metric') as ArrayLike<string>;
  const f64 = (c: string) => t.array(c) as Float64Array;
  const step = f64('step'), value = f64('value'), tokens = f64('tokens'), flops = f64('flops'), time = f64('time');
  const flag = t.array('flag') as ArrayLike<number>;
  const ids = new Map<string, number>();
  for (let i = 0; i < step.length; i++) {
    const m = metric[i]!;
    let id = ids.get(m);
    if (id === undefined) ids.set(m, (id = b.metricId(m)));
    b.push(index.get(run[i]!)!, step[i]!, id, value[i]!, tokens[i]!, flops[i]!, time[i]!, flag[i]!);
  }
}

/**
 * Decode a long-form binary file in the sandbox worker (bounded time and heap; see ../binary/sandbox.ts) and build
 * its RunSet. Every failure is a LoadError naming the file.
 */
async function readLong(ctx: LoadContext, kind: 'parquet-long' | 'arrow-long'): Promise<RunSet> {
  const path = ctx.path;
  const t = await decodeInWorker({ kind, path });
  if (t.kind !== 'long') throw new LoadError('not a long-form table', { file: path, expected: 'columns run, metric, step, value' });
  for (const w of t.warnings ?? []) ctx.warn(w);
  try {
    const cols: LongColumns = {
      run: dictDecode(t.strings.run!),
      metric: dictDecode(t.strings.metric!),
      step: t.numbers.step!,
      value: t.numbers.value!,
      ...(t.numbers.tokens ? { tokens: t.numbers.tokens } : {}),
      ...(t.numbers.flops ? { flops: t.numbers.flops } : {}),
      ...(t.numbers.time ? { time: t.numbers.time } : {}),
      ...(t.numbers.flag ? { flag: t.numbers.flag } : {}),
    };
    const opts: FromTableOptions = { source: path };
    if (t.runsJson !== undefined) opts.runs = runsFromJson(t.runsJson);
    const rs = fromColumns(cols, opts);
    // Rows the run model did not keep as points (the same run, metric and step twice; the last one wins): in a
    // file written from a RunSet that never happens, so it is damage or a file from elsewhere: say so.
    if (rs.numPoints < t.rows) {
      ctx.warn(`${t.rows - rs.numPoints} of ${t.rows} rows repeat a (run, metric, step) of an earlier row and were superseded by it (${rs.numPoints} points kept): damaged step or name values?`);
    }
    return rs;
  } catch (e) {
    if (e instanceof LoadError) throw e;
    throw new LoadError((e as Error).message, { file: path, expected: 'a long-form table (run, metric, step, value, ...)' });
  }
}

/**
 * Long-form Parquet (run, metric, step, value, ...), as `scalelab load --out x.parquet` writes it. Detection of
 * Parquet goes through `wandb-history-parquet`, which hands a long-form schema over to this reader; name this
 * format to insist on the long form. The file is decoded in a bounded worker: a damaged file is a LoadError,
 * never a crash or a hang, and never fewer rows than its metadata says.
 *
 * @example
 * await load('runs.parquet', { format: 'parquet' });
 */
export const longParquetLoader: FormatLoader = {
  name: 'parquet',
  description: 'long-form Parquet (run, metric, step, value, ...), as scalelab writes it',
  detect: () => 0,
  async load(ctx) {
    addRunSet(ctx, await readLong(ctx, 'parquet-long'), 'parquet');
  },
};

/**
 * Long-form Arrow IPC file (run, metric, step, value, ...), as `scalelab load --out x.arrow` writes it. Decoded in
 * a bounded worker, like Parquet.
 *
 * @example
 * await load('runs.arrow');
 */
export const longArrowLoader: FormatLoader = {
  name: 'arrow',
  description: 'long-form Arrow IPC file (run, metric, step, value, ...), as scalelab writes it',
  detect: arrowScore,
  async load(ctx) {
    addRunSet(ctx, await readLong(ctx, 'arrow-long'), 'arrow');
  },
};

