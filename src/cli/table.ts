/**
 * Small per-run tables for `scalelab fit` and `scalelab compare` (CSV, TSV, JSON array or JSON Lines), read
 * strictly: an empty file, a row with the wrong number of fields or a line that is not JSON is a LoadError naming
 * the file and line, never a silently shortened table.
 *
 * @example
 * const rows = readRunTable('sweep.csv'); // [{ run: 'a', N: 1e8, D: 2e9, loss: 3.1 }, ...]
 */
import { readFileSync } from 'node:fs';
import { InputError, LoadError } from '../errors.js';
import { readRows } from '../load/tabular/csv-reader.js';

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

/**
 * Read a table of rows. `typed` (default true) turns numeric text into numbers.
 *
 * @example
 * readRunTable('runs.tsv', { typed: false });
 */
export function readRunTable(file: string, options: { typed?: boolean } = {}): Record<string, unknown>[] {
  const typed = options.typed ?? true;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  if (text.trim() === '') throw new LoadError('the file is empty', { file, line: 1, expected: 'a header row and one row per run' });
  if (/\.jsonl?$/i.test(file) || /^\s*[[{]/.test(text)) {
    const t = text.trim();
    if (t.startsWith('[')) {
      try {
        return JSON.parse(t) as Record<string, unknown>[];
      } catch (e) {
        throw new LoadError(`not valid JSON (${(e as Error).message})`, { file, expected: 'a JSON array of row objects' });
      }
    }
    const rows: Record<string, unknown>[] = [];
    text.split('\n').forEach((l, i) => {
      if (l.trim() === '') return;
      let v: unknown;
      try {
        v = JSON.parse(l);
      } catch (e) {
        throw new LoadError(`not valid JSON (${(e as Error).message})`, { file, line: i + 1, expected: 'one JSON object per line' });
      }
      if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new LoadError('not a JSON object', { file, line: i + 1, expected: 'one JSON object per line' });
      rows.push(v as Record<string, unknown>);
    });
    return rows;
  }
  const { rows, lines } = readRows(file, /\.tsv$/i.test(file) ? 9 : 44);
  const header = rows[0]!.map((h) => h.trim());
  const out: Record<string, unknown>[] = [];
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r]!;
    if (row.length === 1 && row[0]!.trim() === '') continue; // a blank line
    if (row.length !== header.length) {
      throw new LoadError(`found ${row.length} field(s)`, { file, line: lines[r]!, expected: `${header.length} fields as in the header (${header.join(', ')})` });
    }
    const o: Record<string, unknown> = {};
    header.forEach((h, j) => { o[h] = cell(row[j]!, typed); });
    out.push(o);
  }
  return out;
}
