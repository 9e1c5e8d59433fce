/**
 * Provenance of input files: SHA-256 of the bytes (read in 1 MiB chunks, so large logs do not fill memory),
 * the byte count, and the number of rows the loaders read from the file.
 *
 * @example
 * import { fileProvenance } from './provenance.js';
 * const p = fileProvenance('data/runs.csv', 1200); // { path, sha256, rows: 1200, bytes }
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { ReportError, fileErrorReason } from '../errors.js';
import type { FileProvenance } from './builder.js';

/**
 * Hash a file and record its row count.
 *
 * @example
 * fileProvenance('runs/a.jsonl', 10_000).sha256.length; // 64
 */
export function fileProvenance(path: string, rows: number): FileProvenance {
  if (!Number.isInteger(rows) || rows < 0) throw new ReportError(`fileProvenance: ${path}: rows must be a non-negative integer, got ${rows}`);
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    throw new ReportError(`fileProvenance: cannot read ${path}: ${fileErrorReason(e)}`);
  }
  if (!st.isFile()) throw new ReportError(`fileProvenance: ${path} is not a file (list the files of a folder one by one)`);
  const hash = createHash('sha256');
  const fd = openSync(path, 'r');
  const buf = Buffer.allocUnsafe(1 << 20);
  let bytes = 0;
  try {
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      hash.update(buf.subarray(0, n));
      bytes += n;
    }
  } finally {
    closeSync(fd);
  }
  return { path, sha256: hash.digest('hex'), rows, bytes };
}
