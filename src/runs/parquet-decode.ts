/**
 * Decoding long-form Parquet bytes with every check a damaged file needs (framing, footer, column-chunk offsets and
 * row counts against the file size before decoding; every column's decoded length after). Kept apart from
 * parquet.ts so the sandbox worker loads hyparquet alone (not arquero), which keeps its start-up short.
 *
 * @example
 * const { rows, columns } = await decodeParquetLong(readFileSync('runs.parquet'), 'runs.parquet');
 */
import { parquetMetadata, parquetRead, type FileMetaData } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { LoadError } from '../errors.js';

/** Key of the run metadata in the Parquet key-value metadata. */
export const PARQUET_RUNS_KEY = 'scalelab.runs';

/** Plausible rows per byte of file: a metadata row count above `ROWS_PER_BYTE * size + 65536` is corrupt. */
export const ROWS_PER_BYTE = 64;

/** Long-form columns decoded from Parquet, each exactly `rows` long, with the file's `scalelab.runs` metadata. */
export interface ParquetLongColumns {
  rows: number;
  /** Column name -> values (`run`, `metric`: strings; the rest Float64Array, a missing flag 0, other numbers NaN). */
  columns: Record<string, unknown[] | Float64Array>;
  /** The `scalelab.runs` key-value metadata, when present. */
  runsJson?: string;
}

/** Read a possibly-bigint metadata number as a number (NaN when absent). */
const num = (v: bigint | number | undefined): number => (v === undefined ? NaN : Number(v));

/**
 * Check a Parquet file's metadata against its size before decoding anything: row counts (file, row groups, column
 * chunks) agree and are plausible for the size, and every column chunk lies inside the file. Throws LoadError
 * naming the byte offset and what was expected.
 *
 * @example
 * checkParquetLayout(parquetMetadata(buf), buf.byteLength, 'runs.parquet');
 */
export function checkParquetLayout(metadata: FileMetaData, size: number, file: string): void {
  const rows = num(metadata.num_rows);
  const maxRows = ROWS_PER_BYTE * size + 65536;
  if (!Number.isSafeInteger(rows) || rows < 0 || rows > maxRows) {
    throw new LoadError(`the metadata says ${String(metadata.num_rows)} rows, impossible in a file of ${size} bytes`, { file, expected: `a row count from 0 to ${maxRows}` });
  }
  let sum = 0;
  metadata.row_groups.forEach((g, gi) => {
    const gr = num(g.num_rows);
    if (!Number.isSafeInteger(gr) || gr < 0 || gr > rows) throw new LoadError(`row group ${gi} says ${String(g.num_rows)} rows of the file's ${rows}`, { file, expected: 'row group sizes that add up to the file\'s row count' });
    sum += gr;
    g.columns.forEach((c, ci) => {
      const m = c.meta_data;
      const name = m?.path_in_schema.join('.') ?? `#${ci}`;
      if (c.file_path) throw new LoadError(`column '${name}' of row group ${gi} is in another file (${c.file_path})`, { file, expected: 'a self-contained Parquet file' });
      if (!m) throw new LoadError(`column '${name}' of row group ${gi} has no metadata`, { file, expected: 'column chunk metadata' });
      const data = num(m.data_page_offset), dict = num(m.dictionary_page_offset), len = num(m.total_compressed_size);
      const start = Number.isNaN(dict) || dict <= 0 ? data : Math.min(data, dict);
      if (!(start >= 4 && len > 0 && start + len <= size - 8)) {
        throw new LoadError(`column '${name}' of row group ${gi} claims bytes ${start}..${start + len}, outside the file's data (4..${size - 8})`, { file, offset: Number.isFinite(start) ? start : 0, expected: 'column chunks inside the file' });
      }
      const values = num(m.num_values);
      if (!Number.isSafeInteger(values) || values < 0 || values > maxRows) {
        throw new LoadError(`column '${name}' of row group ${gi} says ${String(m.num_values)} values, impossible in a file of ${size} bytes`, { file, offset: start, expected: `a value count from 0 to ${maxRows}` });
      }
    });
  });
  if (sum !== rows) throw new LoadError(`the row groups hold ${sum} rows but the metadata says ${rows}`, { file, expected: 'row group sizes that add up to the file\'s row count' });
}

/**
 * Check the framing of Parquet bytes: `PAR1` at both ends and a footer length that fits. Throws LoadError.
 *
 * @example
 * checkParquetFraming(new Uint8Array(buf), 'runs.parquet');
 */
export function checkParquetFraming(bytes: Uint8Array, file: string): void {
  const n = bytes.length;
  const magic = (at: number) => bytes[at] === 0x50 && bytes[at + 1] === 0x41 && bytes[at + 2] === 0x52 && bytes[at + 3] === 0x31;
  if (n < 12 || !magic(0)) throw new LoadError('not a Parquet file (no PAR1 magic at the start)', { file, offset: 0, expected: 'PAR1' });
  if (!magic(n - 4)) throw new LoadError('the file does not end with PAR1: cut short or damaged', { file, offset: n - 4, expected: 'PAR1 at the end of the file' });
  const footer = new DataView(bytes.buffer, bytes.byteOffset, n).getUint32(n - 8, true);
  if (footer === 0 || footer > n - 12) throw new LoadError(`footer length ${footer} does not fit in the file (${n} bytes)`, { file, offset: n - 8, expected: `a footer length from 1 to ${n - 12}` });
}

/**
 * Decode long-form Parquet bytes into columns, checking the framing and the metadata against the file size first
 * and every column's decoded length against the metadata's row count afterwards (a damaged file fails with a
 * LoadError; it never loads fewer rows silently). Decoding problems never escape as asynchronous exceptions.
 *
 * @example
 * const { rows, columns } = await decodeParquetLong(readFileSync('runs.parquet'), 'runs.parquet');
 */
export async function decodeParquetLong(bytes: Uint8Array, file = 'parquet'): Promise<ParquetLongColumns> {
  checkParquetFraming(bytes, file);
  const buffer = (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes.buffer : bytes.slice().buffer) as ArrayBuffer;
  let metadata: FileMetaData;
  try {
    metadata = parquetMetadata(buffer);
  } catch (e) {
    throw new LoadError(`the footer metadata does not parse (${(e as Error).message})`, { file, offset: bytes.length - 8, expected: 'Thrift FileMetaData' });
  }
  checkParquetLayout(metadata, bytes.length, file);
  const names = metadata.schema.slice(1).map((s) => s.name);
  for (const c of ['run', 'metric', 'step', 'value']) {
    if (!names.includes(c)) throw new LoadError(`missing column '${c}' (have: ${names.join(', ')})`, { file, expected: 'columns run, metric, step, value' });
  }
  const want = ['run', 'metric', 'step', 'value', 'tokens', 'flops', 'time', 'flag'].filter((c) => names.includes(c));
  const n = Number(metadata.num_rows);
  // Numeric columns go straight into Float64Arrays (no boxed array of a million numbers to convert afterwards).
  const cols: Record<string, unknown[] | Float64Array> = {};
  const got: Record<string, number> = {};
  // A missing flag is 0 (ok), any other missing number NaN, as fromColumns reads them.
  for (const c of want) {
    cols[c] = c === 'run' || c === 'metric' ? new Array<unknown>(n) : new Float64Array(n).fill(c === 'flag' ? 0 : NaN);
    got[c] = 0;
  }
  let problem: string | undefined;
  await parquetRead({
    file: buffer,
    metadata,
    columns: want,
    compressors,
    // Called from a promise callback: a throw here would escape as an unhandled rejection, so it only records.
    onChunk: (chunk) => {
      try {
        const dst = cols[chunk.columnName];
        const src = chunk.columnData;
        const at = chunk.rowStart;
        if (dst === undefined || !(at >= 0) || at + src.length > n) {
          problem ??= `column '${chunk.columnName}' decoded rows ${at}..${at + src.length}, beyond the ${n} rows the metadata says`;
          return;
        }
        got[chunk.columnName]! += src.length;
        if (dst instanceof Float64Array) {
          if (src instanceof Float64Array) dst.set(src, at);
          else {
            const missing = chunk.columnName === 'flag' ? 0 : NaN;
            for (let i = 0; i < src.length; i++) { const v = src[i]; dst[at + i] = v === null || v === undefined ? missing : Number(v); }
          }
        } else for (let i = 0; i < src.length; i++) dst[at + i] = typeof src[i] === 'bigint' ? Number(src[i]) : src[i];
      } catch (e) {
        problem ??= `column '${chunk.columnName}': ${(e as Error).message}`;
      }
    },
  }).catch((e: unknown) => {
    if (e instanceof LoadError) throw e;
    throw new LoadError(`a column chunk does not decode (${(e as Error).message})`, { file, expected: 'valid Parquet pages' });
  });
  if (problem) throw new LoadError(problem, { file, expected: 'column data matching the metadata' });
  for (const c of want) {
    if (got[c] !== n) throw new LoadError(`column '${c}' decoded ${got[c]} values but the metadata says ${n} rows`, { file, expected: `${n} values in every column` });
  }
  const kv = metadata.key_value_metadata?.find((k) => k.key === PARQUET_RUNS_KEY);
  return { rows: n, columns: cols, ...(kv?.value ? { runsJson: kv.value } : {}) };
}

