/**
 * Read a small table (one row per run, e.g. a sweep's final losses or Epoch AI's Chinchilla re-fit data) into
 * plain row objects: CSV, TSV, JSON (an array of objects), JSON Lines, or Parquet. This is what a notebook or
 * script needs before `pointsFromTable(rows, mapping)`, without importing a table library.
 *
 * Read strictly: an empty file, a row with the wrong number of fields or a line that is not JSON is a LoadError
 * naming the file and line, never a silently shortened table; a missing file is an InputError naming the path.
 *
 * @example
 * import { readTable, pointsFromTable } from 'scalelab';
 * const rows = await readTable('sweep.csv');            // [{ run: 'a', N: 1e8, D: 2e9, loss: 3.1 }, ...]
 * const points = pointsFromTable(rows, { N: 'N', D: 'D', loss: 'loss' });
 */
import { readFileSync } from 'node:fs';
import { InputError, LoadError } from '../errors.js';
import { readRows } from './tabular/csv-reader.js';

/** One row of a table read by {@link readTable}: column name to number, string, boolean or null. */
export type TableRow = Record<string, unknown>;

/** Options of {@link readTable} and {@link readTableSync}. */
export interface ReadTableOptions {
  /** Turn numeric text (and inf/nan) into numbers; default true. Ignored for JSON and Parquet, which are typed. */
  typed?: boolean;
}

/** A cell: a number when the text is one (`typed`), the text otherwise, null when empty. */
function cell(s: string, typed: boolean): unknown {
  const t = s.trim();
  if (t === '') return null;
  if (!typed) return s;
  if (/^[+-]?inf(inity)?$/i.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  if (/^[+-]?nan$/i.test(t)) return NaN;
  const x = Number(t);
  return Number.isNaN(x) ? s : x;
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder, not a table file' : (e as Error).message;
    throw new InputError(`cannot read ${file}: ${why}`);
  }
}

/**
 * Read a CSV, TSV, JSON or JSON Lines table synchronously (no Parquet: use {@link readTable}).
 *
 * @example
 * readTableSync('runs.tsv', { typed: false }); // every cell as text
 */
export function readTableSync(file: string, options: ReadTableOptions = {}): TableRow[] {
  const typed = options.typed ?? true;
  if (/\.parquet$/i.test(file)) throw new InputError(`${file}: Parquet is read asynchronously: use \`await readTable('${file}')\``);
  const text = readText(file);
  if (text.trim() === '') throw new LoadError('the file is empty', { file, line: 1, expected: 'a header row and one row per run' });
  if (/\.jsonl?$/i.test(file) || /^\s*[[{]/.test(text)) {
    const t = text.trim();
    if (t.startsWith('[')) {
      let v: unknown;
      try {
        v = JSON.parse(t);
      } catch (e) {
        throw new LoadError(`not valid JSON (${(e as Error).message})`, { file, expected: 'a JSON array of row objects' });
      }
      if (!Array.isArray(v) || v.some((r) => r === null || typeof r !== 'object' || Array.isArray(r))) {
        throw new LoadError('not an array of objects', { file, expected: 'a JSON array of row objects' });
      }
      return v as TableRow[];
    }
    const rows: TableRow[] = [];
    text.split('\n').forEach((l, i) => {
      if (l.trim() === '') return;
      let v: unknown;
      try {
        v = JSON.parse(l);
      } catch (e) {
        throw new LoadError(`not valid JSON (${(e as Error).message})`, { file, line: i + 1, expected: 'one JSON object per line' });
      }
      if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new LoadError('not a JSON object', { file, line: i + 1, expected: 'one JSON object per line' });
      rows.push(v as TableRow);
    });
    return rows;
  }
  const { rows, lines } = readRows(file, /\.tsv$/i.test(file) ? 9 : 44);
  const header = rows[0]!.map((h) => h.trim());
  const out: TableRow[] = [];
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r]!;
    if (row.length === 1 && row[0]!.trim() === '') continue; // a blank line
    if (row.length !== header.length) {
      throw new LoadError(`found ${row.length} field(s)`, { file, line: lines[r]!, expected: `${header.length} fields as in the header (${header.join(', ')})` });
    }
    const o: TableRow = {};
    header.forEach((h, j) => { o[h] = cell(row[j]!, typed); });
    out.push(o);
  }
  return out;
}

/**
 * Read a table file into rows: CSV, TSV, JSON, JSON Lines (as {@link readTableSync}) or Parquet (by the
 * `.parquet` extension or the PAR1 magic bytes; BigInt cells become numbers when exact, else stay BigInt).
 *
 * @example
 * const rows = await readTable('../test/fixtures/chinchilla/chinchilla_epoch.csv');
 * const pts = pointsFromTable(rows, { N: 'Model Size', C: 'Training FLOP', loss: 'loss' });
 */
export async function readTable(file: string, options: ReadTableOptions = {}): Promise<TableRow[]> {
  let head: Buffer;
  try {
    head = readFileSync(file).subarray(0, 4);
  } catch (e) {
    readText(file); // the same InputError for a missing file or a folder
    throw e;
  }
  const isParquet = /\.parquet$/i.test(file) || head.toString('latin1') === 'PAR1';
  if (!isParquet) return readTableSync(file, options);
  const { asyncBufferFromFile, parquetReadObjects } = await import('hyparquet');
  const { compressors } = await import('hyparquet-compressors');
  let rows: Record<string, unknown>[];
  try {
    rows = await parquetReadObjects({ file: await asyncBufferFromFile(file), compressors });
  } catch (e) {
    throw new LoadError(`not a readable Parquet file (${(e as Error).message})`, { file, expected: 'a Parquet file' });
  }
  for (const r of rows) {
    for (const k of Object.keys(r)) {
      const v = r[k];
      if (typeof v === 'bigint' && Number.isSafeInteger(Number(v))) r[k] = Number(v);
    }
  }
  return rows;
}
