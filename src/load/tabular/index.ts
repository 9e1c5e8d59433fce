/**
 * The tabular loaders (tables and experiment trackers), in the order detection breaks ties: specific formats
 * first, generic tables last.
 *
 * @example
 * loaders.map((l) => l.name); // ['hf-trainer', 'lightning', 'mlflow', 'wandb-runs', ..., 'csv', 'tsv', 'jsonl', 'json']
 */
import type { FormatLoader } from '../types.js';
import { csvLoader, jsonlLoader, tsvLoader } from './generic.js';
import { jsonHistoryLoader } from './json.js';
import { hfTrainerLoader, lightningLoader, mlflowLoader } from './trackers.js';
import { longArrowLoader, longParquetLoader } from './longform.js';
import { wandbChartLoader, wandbHistoryLoader, wandbHistoryParquetLoader, wandbRunsLoader } from './wandb.js';

export { csvLoader, jsonlLoader, tsvLoader } from './generic.js';
export { jsonHistoryLoader, jsonHistoryShape } from './json.js';
export { longArrowLoader, longParquetLoader, isLongSchema } from './longform.js';
export { hfTrainerLoader, lightningLoader, mlflowLoader, flattenConfig } from './trackers.js';
export { wandbChartLoader, wandbHistoryLoader, wandbHistoryParquetLoader, wandbRunsLoader, splitChartColumns } from './wandb.js';
export { parseNumber, numberFailed, parseNumberText, Interner } from './bytes.js';
export { CsvReader, readRows } from './csv-reader.js';

/** Every tabular format loader. */
export const loaders: FormatLoader[] = [
  hfTrainerLoader,
  lightningLoader,
  mlflowLoader,
  wandbRunsLoader,
  wandbChartLoader,
  wandbHistoryLoader,
  wandbHistoryParquetLoader,
  longParquetLoader,
  longArrowLoader,
  csvLoader,
  tsvLoader,
  jsonlLoader,
  jsonHistoryLoader,
];
