/**
 * Parquet in and out (bytes; the file wrappers are in io.ts). Written with hyparquet-writer, read with hyparquet
 * (+ hyparquet-compressors, so gzip/zstd/brotli/lz4 files from elsewhere read too).
 *
 * Layout: the long form `run, metric` (UTF8), `step, value, tokens, flops, time` (DOUBLE: NaN and +-Infinity are
 * stored as such; BYTE_STREAM_SPLIT encoding, which measured smaller and faster to write than the default on loss
 * curves), `flag` (INT32). Run metadata rides along as key-value metadata `scalelab.runs` (JSON from
 * {@link runsToJson}), so a file written here round-trips names, variants, seeds, configs, summaries and restarts.
 */
import { parquetMetadata, parquetRead } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { InputError } from '../errors.js';
import { fromColumns, runsFromJson, runsToJson, type FromTableOptions, type LongColumns } from './interop.js';
import type { RunSet } from './runset.js';

/** Key of the run metadata in the Parquet key-value metadata. */
export const PARQUET_RUNS_KEY = 'scalelab.runs';

/**
 * The metrics of `rs` as Parquet bytes (snappy), with run metadata in the key-value metadata.
 *
 * @example
 * writeFileSync('runs.parquet', new Uint8Array(toParquet(rs)));
 */
export function toParquet(rs: RunSet): ArrayBuffer {
  const t = rs.metrics;
  const f64 = (c: string) => t.array(c) as Float64Array;
  return parquetWriteBuffer({
    columnData: [
      { name: 'run', data: t.array('run') as string[], type: 'STRING', nullable: false },
      { name: 'metric', data: t.array('metric') as string[], type: 'STRING', nullable: false },
      { name: 'step', data: f64('step'), type: 'DOUBLE', nullable: false, encoding: 'BYTE_STREAM_SPLIT' },
      { name: 'value', data: f64('value'), type: 'DOUBLE', nullable: false, encoding: 'BYTE_STREAM_SPLIT' },
      { name: 'tokens', data: f64('tokens'), type: 'DOUBLE', nullable: false, encoding: 'BYTE_STREAM_SPLIT' },
      { name: 'flops', data: f64('flops'), type: 'DOUBLE', nullable: false, encoding: 'BYTE_STREAM_SPLIT' },
      { name: 'time', data: f64('time'), type: 'DOUBLE', nullable: false, encoding: 'BYTE_STREAM_SPLIT' },
      { name: 'flag', data: Int32Array.from(t.array('flag') as Uint8Array), type: 'INT32', nullable: false },
    ],
    kvMetadata: [{ key: PARQUET_RUNS_KEY, value: runsToJson(rs.runs) }],
    createdBy: 'scalelab',
  });
}

/**
 * A RunSet from long-form Parquet bytes. Run metadata comes from `options.runs`, else from the file's
 * `scalelab.runs` key-value metadata, else each run id becomes a bare run.
 *
 * @example
 * const rs2 = await fromParquet(readFileSync('runs.parquet').buffer);
 */
export async function fromParquet(buffer: ArrayBuffer, options: FromTableOptions = {}): Promise<RunSet> {
  const metadata = parquetMetadata(buffer);
  const names = metadata.schema.slice(1).map((s) => s.name);
  for (const c of ['run', 'metric', 'step', 'value']) {
    if (!names.includes(c)) throw new InputError(`parquet: missing column '${c}' (have: ${names.join(', ')})`);
  }
  const want = ['run', 'metric', 'step', 'value', 'tokens', 'flops', 'time', 'flag'].filter((c) => names.includes(c));
  const n = Number(metadata.num_rows);
  // Numeric columns go straight into Float64Arrays (no boxed array of a million numbers to convert afterwards).
  const cols: Record<string, unknown[] | Float64Array> = {};
  // A missing flag is 0 (ok), any other missing number NaN, as fromColumns reads them.
  for (const c of want) cols[c] = c === 'run' || c === 'metric' ? new Array<unknown>(n) : new Float64Array(n).fill(c === 'flag' ? 0 : NaN);
  await parquetRead({
    file: buffer,
    metadata,
    columns: want,
    compressors,
    onChunk: (chunk) => {
      const dst = cols[chunk.columnName]!;
      const src = chunk.columnData;
      const at = chunk.rowStart, len = Math.min(src.length, n - at);
      if (dst instanceof Float64Array) {
        if (src instanceof Float64Array) dst.set(len === src.length ? src : src.subarray(0, len), at);
        else {
          const missing = chunk.columnName === 'flag' ? 0 : NaN;
          for (let i = 0; i < len; i++) { const v = src[i]; dst[at + i] = v === null || v === undefined ? missing : Number(v); }
        }
      } else for (let i = 0; i < len; i++) dst[at + i] = typeof src[i] === 'bigint' ? Number(src[i]) : src[i];
    },
  });
  let runs = options.runs;
  if (!runs) {
    const kv = metadata.key_value_metadata?.find((k) => k.key === PARQUET_RUNS_KEY);
    if (kv?.value) runs = runsFromJson(kv.value);
  }
  const opts: FromTableOptions = { ...options, source: options.source ?? 'parquet' };
  if (runs) opts.runs = runs;
  return fromColumns(cols as unknown as LongColumns, opts);
}
