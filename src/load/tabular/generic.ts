/**
 * Generic tables: CSV, TSV and JSON Lines, long (run, step, metric, value) or wide (step + one column per metric).
 * Detected by extension only, with a low score, so that every specific format (W&B, Lightning, ...) wins.
 *
 * @example
 * const rs = await load('results.csv');                 // long or wide, detected from the header
 * const rs2 = await load('log.jsonl', { stepColumn: 'it' });
 */
import type { FormatLoader, Probe } from '../types.js';
import { readDelimited } from './delimited.js';
import { readJsonl } from './jsonl.js';
import { STEP_NAMES } from './roles.js';

/** Score of a CSV recognised by content under another extension: below every log format that knows its lines. */
export const SNIFFED_CSV_SCORE = 0.2;

/**
 * Whether the head of a file is a comma-separated table with a step column although its name does not say CSV:
 * Keras' `CSVLogger('training.log')` writes `epoch,accuracy,loss,...`. The header must name a step column and the
 * next line hold as many fields, all numbers or empty.
 *
 * @example
 * looksLikeCsv('epoch,loss,val_loss\n0,1.38,1.10\n'); // true
 */
export function looksLikeCsv(headText: string): boolean {
  const lines = headText.split('\n', 3).map((l) => l.replace(/\r$/, ''));
  if (lines.length < 2 || !lines[0]!.includes(',')) return false;
  const header = lines[0]!.replace(/^\ufeff/, '').split(',').map((h) => h.trim().toLowerCase());
  if (!header.some((h) => STEP_NAMES.includes(h))) return false;
  const row = lines[1]!.split(',');
  return row.length === header.length && row.every((c) => c.trim() === '' || /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$|^[-+]?(nan|inf|infinity)$/i.test(c.trim()));
}

/** Score given to a generic table by extension: below every specific format. */
export const GENERIC_SCORE = 0.3;

const ext = (p: Probe): string => {
  const i = p.name.lastIndexOf('.');
  return i < 0 ? '' : p.name.slice(i + 1).toLowerCase();
};

/**
 * Generic CSV (comma-separated, RFC 4180 quoting).
 *
 * @example
 * await load('sweep.csv', { format: 'csv', runColumn: 'config_name' });
 */
export const csvLoader: FormatLoader = {
  name: 'csv',
  description: 'CSV table, long (run, step, metric, value) or wide (step + one column per metric)',
  detect: (p) => (p.isDirectory ? 0 : ext(p) === 'csv' ? GENERIC_SCORE : ext(p) !== 'tsv' && ext(p) !== 'jsonl' && looksLikeCsv(p.headText) ? SNIFFED_CSV_SCORE : 0),
  load: (ctx) => readDelimited(ctx, 44),
};

/**
 * Generic TSV (tab-separated).
 *
 * @example
 * await load('metrics.tsv');
 */
export const tsvLoader: FormatLoader = {
  name: 'tsv',
  description: 'TSV table, long or wide',
  detect: (p) => (!p.isDirectory && (ext(p) === 'tsv' || ext(p) === 'tab') ? GENERIC_SCORE : 0),
  load: (ctx) => readDelimited(ctx, 9),
};

/**
 * JSON Lines (one object per line), long or wide.
 *
 * @example
 * await load('train_log.jsonl');
 */
export const jsonlLoader: FormatLoader = {
  name: 'jsonl',
  description: 'JSON Lines, one object per line, long (run, step, metric, value) or wide (step + one key per metric)',
  detect(p) {
    if (p.isDirectory) return 0;
    const e = ext(p);
    if (e === 'jsonl' || e === 'ndjson') return GENERIC_SCORE;
    if (e !== 'json') return 0;
    // A .json file whose first two lines are each a whole object is JSON Lines.
    const lines = p.headText.split('\n', 3).map((l) => l.trim());
    return lines.length >= 2 && lines[0]!.startsWith('{') && lines[0]!.endsWith('}') && lines[1]!.startsWith('{') ? 0.25 : 0;
  },
  load: (ctx) => readJsonl(ctx),
};
