/**
 * Small per-run tables for `scalelab fit` and `scalelab compare` (CSV, TSV, JSON array or JSON Lines): the
 * library's {@link readTableSync} (src/load/read-table.ts), under the name the commands use.
 *
 * @example
 * const rows = readRunTable('sweep.csv'); // [{ run: 'a', N: 1e8, D: 2e9, loss: 3.1 }, ...]
 */
export { readTableSync as readRunTable } from '../load/read-table.js';
