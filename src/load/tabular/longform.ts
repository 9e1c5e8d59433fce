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
import { runsFromJson } from '../../runs/interop.js';
import { PARQUET_RUNS_KEY } from '../../runs/parquet.js';
import { METRIC_COLUMNS } from '../../runs/runset.js';
import { Flag, type RunMeta } from '../../runs/types.js';
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

/**
 * Decode a long-form binary file in the sandbox worker (bounded time and heap; see ../binary/sandbox.ts) and push
 * its rows straight into the load's builder (runs keep name, variant, seed, config, state and summary from the
 * file's metadata). Every failure is a LoadError naming the file; rows out of step order within their run and
 * metric (duplicates or restarts, which a file written from a RunSet never has) are counted in a warning.
 */
async function readLong(ctx: LoadContext, kind: 'parquet-long' | 'arrow-long', format: string): Promise<void> {
  const path = ctx.path;
  const t = await decodeInWorker({ kind, path });
  if (t.kind !== 'long') throw new LoadError('not a long-form table', { file: path, expected: 'columns run, metric, step, value' });
  for (const w of t.warnings ?? []) ctx.warn(w);
  let metas: RunMeta[] = [];
  if (t.runsJson !== undefined) {
    try {
      metas = runsFromJson(t.runsJson);
    } catch (e) {
      ctx.warn(`the run metadata (${PARQUET_RUNS_KEY}) does not parse (${(e as Error).message}); runs get bare ids`);
    }
  }
  const b = ctx.builder;
  const byId = new Map<string, number>();
  const addRun = (id: string, m?: RunMeta): number => {
    const r = ctx.addRun({
      key: id,
      name: m?.name ?? id,
      format,
      config: m?.config ?? {},
      ...(m?.variant !== undefined ? { variant: m.variant } : {}),
      ...(m?.seed !== undefined ? { seed: m.seed } : {}),
      ...(m?.state !== undefined ? { state: m.state } : {}),
      ...(m?.summary !== undefined ? { summary: m.summary } : {}),
    });
    byId.set(id, r);
    return r;
  };
  for (const m of metas) if (!byId.has(m.id)) addRun(m.id, m);
  const run = t.strings.run!, metric = t.strings.metric!;
  const runOf = run.dict.map((id) => byId.get(id) ?? addRun(id));
  const metricOf = metric.dict.map((name) => b.metricId(name));
  const { step, value } = t.numbers as { step: Float64Array; value: Float64Array };
  const nan = (c: Float64Array | undefined, i: number) => (c ? c[i]! : NaN);
  const { tokens, flops, time, flag } = t.numbers;
  b.reserve(t.rows);
  let outOfOrder = 0;
  let firstOutOfOrder = -1;
  // Last step seen per (run, metric) of the builder, looked up only when the group changes (rows come grouped).
  const last = new Map<number, number>();
  let prevKey = -1, prevStep = -Infinity;
  for (let i = 0; i < t.rows; i++) {
    const rc = run.codes[i]!, mc = metric.codes[i]!;
    if (rc < 0 || mc < 0) throw new LoadError(`row ${i} has no ${rc < 0 ? 'run' : 'metric'}`, { file: path, expected: 'a run and a metric name on every row' });
    const s = step[i]!;
    if (Number.isNaN(s)) throw new LoadError(`row ${i} has no step`, { file: path, expected: 'a number in column step' });
    const f = flag ? flag[i]! : Flag.ok;
    if (!(f === Flag.ok || f === Flag.nonFinite || f === Flag.skipped)) throw new LoadError(`row ${i} has flag ${f}`, { file: path, expected: 'flag 0, 1 or 2' });
    const r = runOf[rc]!, m = metricOf[mc]!;
    const key = r * 1048576 + m;
    if (key !== prevKey) {
      if (prevKey >= 0) last.set(prevKey, prevStep);
      prevStep = last.get(key) ?? -Infinity;
      prevKey = key;
    }
    if (!(s > prevStep)) {
      if (outOfOrder++ === 0) firstOutOfOrder = i;
    }
    prevStep = s;
    b.push(r, s, m, value[i]!, nan(tokens, i), nan(flops, i), nan(time, i), f);
  }
  if (outOfOrder) {
    ctx.warn(`${outOfOrder} of ${t.rows} rows repeat or go back in step within their run and metric (first at row ${firstOutOfOrder}): kept as duplicates/restarts, the last row of a step wins; a file written from a RunSet never has them: damaged step values?`);
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
    await readLong(ctx, 'parquet-long', 'parquet');
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
    await readLong(ctx, 'arrow-long', 'arrow');
  },
};

