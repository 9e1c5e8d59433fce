/**
 * Decoding untrusted binary tables (Parquet, Arrow IPC) into plain columns: the work the sandbox worker does.
 * Every function here is safe to call in-process too (tests do); what the worker adds is a bound on time and heap
 * for decoders that are not ours (hyparquet, flechette), which a crafted file can send into a loop or an
 * allocation storm.
 *
 * Strings travel dictionary-encoded (few distinct run and metric names), numbers as Float64Arrays, so the result
 * crosses the thread boundary cheaply.
 *
 * @example
 * const t = await decodeBinary({ kind: 'parquet-long', path: 'runs.parquet' });
 */
import { readFileSync } from 'node:fs';
import { LoadError } from '../../errors.js';
import { decodeParquetLong, checkParquetFraming, checkParquetLayout } from '../../runs/parquet-decode.js';
import { checkArrowIpc } from '../../runs/arrow-check.js';

/** A string column as a dictionary and one code per row (-1: null). */
export interface DictColumn {
  dict: string[];
  codes: Int32Array;
}

/** Long-form columns (run, metric, step, value, ...) as decoded from a binary file. */
export interface LongTable {
  kind: 'long';
  rows: number;
  strings: Record<string, DictColumn>;
  numbers: Record<string, Float64Array>;
  /** `scalelab.runs` metadata (Parquet only). */
  runsJson?: string;
  /** Problems that did not stop decoding (e.g. an Arrow stream without its end-of-stream marker). */
  warnings?: string[];
}

/** Any Parquet file as rows of objects (W&B history), with its leaf column names. */
export interface RowsTable {
  kind: 'rows';
  names: string[];
  rows: Record<string, unknown>[];
  /** The schema is scalelab's long form: read it with `parquet-long` instead. */
  longForm: boolean;
}

/** What to decode. */
export interface DecodeJob {
  kind: 'parquet-long' | 'parquet-rows' | 'arrow-long';
  path: string;
}

/**
 * Dictionary-encode an array of (string-like) values (null/undefined: code -1).
 *
 * @example
 * dictEncode(['a', 'a', 'b'], 3); // { dict: ['a', 'b'], codes: Int32Array [0, 0, 1] }
 */
export function dictEncode(values: ArrayLike<unknown>, n: number): DictColumn {
  const dict: string[] = [];
  const index = new Map<string, number>();
  const codes = new Int32Array(n);
  let prev: unknown = Symbol('none');
  let prevCode = -1;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === prev) { codes[i] = prevCode; continue; }
    let code = -1;
    if (v !== null && v !== undefined) {
      const s = String(v);
      code = index.get(s) ?? -1;
      if (code < 0) { code = dict.length; dict.push(s); index.set(s, code); }
    }
    codes[i] = code;
    prev = v;
    prevCode = code;
  }
  return { dict, codes };
}

/**
 * Strings back from a dictionary column (null for -1).
 *
 * @example
 * dictDecode(dictEncode(['a', null], 2)); // ['a', null]
 */
export function dictDecode(c: DictColumn): (string | null)[] {
  const out = new Array<string | null>(c.codes.length);
  for (let i = 0; i < out.length; i++) { const k = c.codes[i]!; out[i] = k < 0 ? null : c.dict[k]!; }
  return out;
}

const STRING_COLUMNS = new Set(['run', 'metric']);

/**
 * Long-form Parquet bytes to a LongTable (all checks of decodeParquetLong).
 *
 * @example
 * const t = await decodeParquetLongTable(readFileSync('runs.parquet'), 'runs.parquet'); t.rows;
 */
export async function decodeParquetLongTable(bytes: Uint8Array, file: string): Promise<LongTable> {
  const { rows, columns, runsJson } = await decodeParquetLong(bytes, file);
  const out: LongTable = { kind: 'long', rows, strings: {}, numbers: {}, ...(runsJson !== undefined ? { runsJson } : {}) };
  for (const [k, v] of Object.entries(columns)) {
    if (v instanceof Float64Array) out.numbers[k] = v;
    else out.strings[k] = dictEncode(v, rows);
  }
  return out;
}

/**
 * Any Parquet bytes to rows (framing and layout checked first; the row count checked after).
 *
 * @example
 * const t = await decodeParquetRows(readFileSync('history.parquet'), 'history.parquet', (n) => n.includes('run'));
 */
export async function decodeParquetRows(bytes: Uint8Array, file: string, longSchema: (names: string[]) => boolean): Promise<RowsTable> {
  const { parquetMetadata, parquetReadObjects } = await import('hyparquet');
  const { compressors } = await import('hyparquet-compressors');
  checkParquetFraming(bytes, file);
  const buffer = bytes.slice().buffer as ArrayBuffer;
  let meta;
  try {
    meta = parquetMetadata(buffer);
  } catch (e) {
    throw new LoadError(`the footer metadata does not parse (${(e as Error).message})`, { file, offset: bytes.length - 8, expected: 'Thrift FileMetaData' });
  }
  checkParquetLayout(meta, bytes.length, file);
  const names = meta.schema.slice(1).filter((s) => s.num_children === undefined || s.num_children === 0).map((s) => s.name);
  if (longSchema(names)) return { kind: 'rows', names, rows: [], longForm: true };
  let rows: Record<string, unknown>[];
  try {
    rows = await parquetReadObjects({ file: buffer, metadata: meta, compressors });
  } catch (e) {
    throw new LoadError(`a column chunk does not decode (${(e as Error).message})`, { file, expected: 'valid Parquet pages' });
  }
  const n = Number(meta.num_rows);
  if (rows.length !== n) throw new LoadError(`decoded ${rows.length} rows but the metadata says ${n}`, { file, expected: `${n} rows` });
  return { kind: 'rows', names, rows, longForm: false };
}

/**
 * Arrow IPC bytes (file or stream format) to a LongTable (`aq`: the arquero module, imported by the caller so that
 * a worker decoding only Parquet never loads it). Every column must be as long as the table, and every
 * record batch's columns as long as the batch: a damaged length is a LoadError, never fewer rows.
 *
 * @example
 * decodeArrowLongTable(readFileSync('runs.arrow'), 'runs.arrow', await import('arquero')).rows;
 */
export function decodeArrowLongTable(bytes: Uint8Array, file: string, aq: typeof import('arquero')): LongTable {
  if (bytes.length < 8) throw new LoadError(`too short for Arrow IPC (${bytes.length} bytes)`, { file, offset: 0, expected: 'an Arrow IPC file or stream' });
  const magic = String.fromCharCode(...bytes.subarray(0, 6)) === 'ARROW1';
  if (magic) {
    const tail = String.fromCharCode(...bytes.subarray(bytes.length - 6));
    if (tail !== 'ARROW1') throw new LoadError('the Arrow file does not end with ARROW1: cut short or damaged', { file, offset: bytes.length - 6, expected: 'ARROW1 at the end of the file' });
    const footer = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getInt32(bytes.length - 10, true);
    if (footer <= 0 || footer > bytes.length - 18) throw new LoadError(`footer length ${footer} does not fit in the file (${bytes.length} bytes)`, { file, offset: bytes.length - 10, expected: `a footer length from 1 to ${bytes.length - 18}` });
  }
  checkArrowIpc(bytes, file);
  const warnings: string[] = [];
  if (!magic) {
    // A stream ends with the end-of-stream marker (0xFFFFFFFF 0x00000000): without it, it may be cut short at a
    // message boundary, which no other check can see.
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const eos = dv.getUint32(bytes.length - 8, true) === 0xffffffff && dv.getUint32(bytes.length - 4, true) === 0;
    if (!eos) warnings.push('the Arrow stream has no end-of-stream marker: it may have been cut short (or still be being written); the record batches before its end were loaded');
  }
  let table: import('arquero').ColumnTable;
  try {
    table = aq.fromArrow(bytes);
  } catch (e) {
    throw new LoadError(`not a readable Arrow IPC file (${(e as Error).message})`, { file, expected: 'an Arrow IPC file or stream' });
  }
  const names = table.columnNames();
  for (const c of ['run', 'metric', 'step', 'value']) {
    if (!names.includes(c)) throw new LoadError(`missing column '${c}' (have: ${names.join(', ')})`, { file, expected: 'columns run, metric, step, value' });
  }
  const n = table.numRows();
  const out: LongTable = { kind: 'long', rows: n, strings: {}, numbers: {}, warnings };
  for (const c of ['run', 'metric', 'step', 'value', 'tokens', 'flops', 'time', 'flag']) {
    if (!names.includes(c)) continue;
    const col = table.column(c) as unknown as { length?: number; data?: { length: number }[] } & ArrayLike<unknown>;
    if (col.length !== undefined && col.length !== n) throw new LoadError(`column '${c}' has ${col.length} values but the table has ${n} rows`, { file, expected: `${n} values in every column` });
    const arr = table.array(c) as ArrayLike<unknown>;
    if (arr.length !== n) throw new LoadError(`column '${c}' has ${arr.length} values but the table has ${n} rows`, { file, expected: `${n} values in every column` });
    if (STRING_COLUMNS.has(c)) out.strings[c] = dictEncode(arr, n);
    else {
      const f = new Float64Array(n);
      for (let i = 0; i < n; i++) { const v = arr[i]; f[i] = v === null || v === undefined ? (c === 'flag' ? 0 : NaN) : Number(v); }
      out.numbers[c] = f;
    }
  }
  return out;
}

/**
 * Run one decode job (reads the file; all checks above).
 *
 * @example
 * const t = await decodeBinary({ kind: 'arrow-long', path: 'runs.arrow' });
 */
export async function decodeBinary(job: DecodeJob): Promise<LongTable | RowsTable> {
  const buf = readFileSync(job.path);
  const bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  if (job.kind === 'parquet-long') return decodeParquetLongTable(bytes, job.path);
  if (job.kind === 'arrow-long') return decodeArrowLongTable(bytes, job.path, await import('arquero'));
  const long = (names: string[]) => ['run', 'metric', 'step', 'value'].every((c) => names.includes(c));
  return decodeParquetRows(bytes, job.path, long);
}
