/**
 * The tabular loaders (tables and experiment trackers), in the order detection breaks ties: specific formats
 * first, generic tables last.
 *
 * @example
 * loaders.map((l) => l.name); // ['hf-trainer', 'lightning', 'wandb-runs', ..., 'csv', 'tsv', 'jsonl']
 */
import type { FormatLoader } from '../types.js';
import { csvLoader, jsonlLoader, tsvLoader } from './generic.js';

export { csvLoader, jsonlLoader, tsvLoader } from './generic.js';
export { parseNumber, numberFailed, parseNumberText, Interner } from './bytes.js';
export { CsvReader, readRows } from './csv-reader.js';

export const loaders: FormatLoader[] = [csvLoader, tsvLoader, jsonlLoader];
