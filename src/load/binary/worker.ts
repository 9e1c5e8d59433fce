/**
 * Entry of the decoding worker (see sandbox.ts): receives `{ id, job }`, answers `{ id, ok, result }` or
 * `{ id, ok: false, error }`. Typed arrays are transferred, not copied.
 *
 * @example
 * // started by sandbox.ts: new Worker(new URL('./worker.js', import.meta.url), { resourceLimits })
 */
import { parentPort } from 'node:worker_threads';
import { LoadError } from '../../errors.js';
import { decodeBinary, type DecodeJob, type LongTable, type RowsTable } from './decode.js';

/** A decoder's stray rejection after its job has answered must not take the worker down: the answer stands. */
process.on('unhandledRejection', () => undefined);

function transferables(r: LongTable | RowsTable): ArrayBuffer[] {
  if (r.kind !== 'long') return [];
  const out = new Set<ArrayBuffer>();
  for (const a of Object.values(r.numbers)) out.add(a.buffer as ArrayBuffer);
  for (const c of Object.values(r.strings)) out.add(c.codes.buffer as ArrayBuffer);
  return [...out];
}

parentPort?.on('message', (msg: { id: number; job: DecodeJob }) => {
  decodeBinary(msg.job).then(
    (result) => parentPort!.postMessage({ id: msg.id, ok: true, result }, transferables(result)),
    (e: unknown) => {
      const err = e as Error;
      const where = e instanceof LoadError ? { offset: e.offset, expected: e.expected, line: e.line } : {};
      parentPort!.postMessage({ id: msg.id, ok: false, error: { name: err?.name ?? 'Error', message: String(err?.message ?? e), ...where } });
    },
  );
});
