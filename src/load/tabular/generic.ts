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
  detect: (p) => (!p.isDirectory && ext(p) === 'csv' ? GENERIC_SCORE : 0),
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
