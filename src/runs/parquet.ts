/**
 * Parquet in and out (bytes; the file wrappers are in io.ts). Written with hyparquet-writer, read with hyparquet
 * (+ hyparquet-compressors, so gzip/zstd/brotli/lz4 files from elsewhere read too).
 *
 * Layout: the long form `run, metric` (UTF8), `step, value, tokens, flops, time` (DOUBLE: NaN and +-Infinity are
 * stored as such; BYTE_STREAM_SPLIT encoding, which measured smaller and faster to write than the default on loss
 * curves), `flag` (INT32). Run metadata rides along as key-value metadata `scalelab.runs` (JSON from
 * {@link runsToJson}), so a file written here round-trips names, variants, seeds, configs, summaries and restarts.
 */
import { parquetWriteBuffer } from 'hyparquet-writer';
import { decodeParquetLong, PARQUET_RUNS_KEY } from './parquet-decode.js';
import { fromColumns, runsFromJson, runsToJson, type FromTableOptions, type LongColumns } from './interop.js';
import type { RunSet } from './runset.js';

export { PARQUET_RUNS_KEY, ROWS_PER_BYTE, checkParquetFraming, checkParquetLayout, decodeParquetLong, type ParquetLongColumns } from './parquet-decode.js';

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
 * `scalelab.runs` key-value metadata, else each run id becomes a bare run. A damaged file is a LoadError (see
 * {@link decodeParquetLong}); for files from elsewhere prefer `load()`, which decodes them in a bounded worker.
 *
 * @example
 * const rs2 = await fromParquet(readFileSync('runs.parquet').buffer);
 */
export async function fromParquet(buffer: ArrayBuffer, options: FromTableOptions = {}): Promise<RunSet> {
  const { columns, runsJson } = await decodeParquetLong(new Uint8Array(buffer), options.source ?? 'parquet');
  let runs = options.runs;
  if (!runs && runsJson) runs = runsFromJson(runsJson);
  const opts: FromTableOptions = { ...options, source: options.source ?? 'parquet' };
  if (runs) opts.runs = runs;
  return fromColumns(columns as unknown as LongColumns, opts);
}
