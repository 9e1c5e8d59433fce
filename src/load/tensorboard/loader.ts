/**
 * The TensorBoard format loaders: `tensorboard` (one event file = one run) and `tensorboard-dir` (a folder:
 * one run per directory holding event files; several files in one directory are one run, read in the order of
 * the timestamps in their names; steps going backwards across files are restarts, which the run model records).
 *
 * Metric = tag, step = Event.step, time = Event.wall_time (seconds since the epoch, as logged).
 *
 * Corruption policy: both TFRecord CRCs are verified. A file that ends inside a record with nothing valid after it
 * (a live file, or a copy cut short) loads its whole records with a warning giving the byte offset. Anything else
 * that does not frame (a header or data CRC mismatch, a length running past the end of the file while a valid
 * record follows) is corruption: the reader resynchronises on the next record whose two CRCs match and warns with
 * each corrupt region's offset, size and reason (with `strict`, corruption is a LoadError instead): points are
 * never lost silently, and corrupt bytes never become numbers. A malformed Event inside valid framing is a
 * LoadError naming the byte. Files are streamed in 16 MiB chunks: memory is one chunk plus the points, whatever
 * the file size. Values that are not scalars (histograms, images, text, non-scalar tensors) are skipped and
 * counted in a warning; so are events whose step is beyond 2^53 - 1 (not representable exactly as a number).
 *
 * @example
 * const rs = await load('logs/', { format: 'tensorboard-dir' });
 * rs.curve('logs/train', 'loss');
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { LoadError } from '../../errors.js';
import type { FormatLoader, LoadContext, Probe } from '../types.js';
import { EventDecoder, newStats, type EventFileStats } from './event.js';
import { isEventFileName, runDirs } from './files.js';
import { firstRecordFraming } from './tfrecord.js';

const FORMAT = 'tensorboard';

/** Files up to this size are read whole (one read, no carrying); larger ones are streamed in chunks of this size. */
const WHOLE_FILE_LIMIT = 16 << 20;
const CHUNK_BYTES = 16 << 20;

/**
 * Decode one event file with `dec`: read whole when it is at most `wholeLimit` bytes, else streamed in chunks of
 * `chunkBytes` (memory: one chunk plus one record, whatever the file size), carrying each chunk's incomplete last
 * record over to the next (offsets stay file offsets). Corrupt framing is skipped and listed in `corrupt`, or is a
 * LoadError with `strict`.
 *
 * @example
 * const stats = decodeEventFile(new EventDecoder(b, () => b.addRun({ id: 'r', source: f })), f);
 */
export function decodeEventFile(dec: EventDecoder, path: string, chunkBytes = CHUNK_BYTES, wholeLimit = WHOLE_FILE_LIMIT, strict = false): EventFileStats {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size <= wholeLimit) {
      const whole = Buffer.allocUnsafe(size);
      let n = 0;
      while (n < size) {
        const got = readSync(fd, whole, n, size - n, n);
        if (got === 0) break;
        n += got;
      }
      return dec.decode(whole.subarray(0, n), path, 0, newStats(), { fileEnd: n, strict });
    }
    const stats = newStats();
    const state = {};
    const step = Math.max(1, chunkBytes);
    let buf = Buffer.allocUnsafe(step);
    let carry = 0; // bytes at the front of buf carried from the previous chunk
    let base = 0; // file offset of buf[0]
    let pos = 0; // file offset of the next read
    for (;;) {
      const want = Math.min(step, size - pos);
      if (buf.length < carry + want) {
        const bigger = Buffer.allocUnsafe(carry + want);
        buf.copy(bigger, 0, 0, carry);
        buf = bigger;
      }
      let n = 0;
      while (n < want) {
        const got = readSync(fd, buf, carry + n, want - n, pos);
        if (got === 0) break;
        n += got;
        pos += got;
      }
      const final = pos >= size || n < want;
      const chunk = buf.subarray(0, carry + n);
      dec.decode(chunk, path, base, stats, { fileEnd: final ? base + chunk.length : size, final, state, strict });
      if (final) return stats;
      const keep = stats.truncatedAt === undefined ? chunk.length : stats.truncatedAt - base;
      buf.copyWithin(0, keep, chunk.length);
      carry = chunk.length - keep;
      base += keep;
      stats.truncatedAt = undefined;
      stats.truncatedBytes = undefined;
    }
  } finally {
    closeSync(fd);
  }
}

/** Turn a file's decoding stats into warnings on the context. */
function report(ctx: LoadContext, file: string, s: EventFileStats, run: string | undefined): void {
  const pre = file === ctx.path ? '' : `${file}: `;
  const where = (offset?: number) => ({ ...(offset !== undefined ? { offset } : {}), ...(run !== undefined ? { run } : {}) });
  if (s.truncatedAt !== undefined) {
    ctx.warn(
      `${pre}file ends inside a record at byte ${s.truncatedAt} (${s.truncatedBytes} trailing bytes; a file still being written?); loaded the ${s.records} whole records before it`,
      where(s.truncatedAt),
    );
  }
  if (s.corrupt.length) {
    const bytes = s.corrupt.reduce((a, c) => a + c.bytes, 0);
    const list = s.corrupt.slice(0, 5).map((c) => `at byte ${c.offset}, ${c.bytes} bytes: ${c.reason}`).join('; ');
    ctx.warn(
      `${pre}skipped ${s.corrupt.length} corrupt region(s), ${bytes} bytes in all, resuming at the next record whose CRCs match (points in them are lost): ${list}${s.corrupt.length > 5 ? '; ...' : ''}`,
      where(s.corrupt[0]!.offset),
    );
  }
  if (s.skipped.size) {
    let total = 0;
    const parts: string[] = [];
    for (const [kind, { count, tags }] of s.skipped) {
      total += count;
      const list = [...tags].slice(0, 8).join(', ');
      parts.push(`${count} ${kind}${list ? ` (tags: ${list}${tags.size > 8 ? ', ...' : ''})` : ''}`);
    }
    ctx.warn(`${pre}skipped ${total} value(s) that are not scalars: ${parts.join('; ')}`, where());
  }
  if (s.unsafeSteps) {
    ctx.warn(`${pre}skipped ${s.unsafeSteps} event(s) whose step is beyond 2^53 - 1 and cannot be represented exactly (first at byte ${s.firstUnsafeStepAt})`, where(s.firstUnsafeStepAt));
  }
}

/**
 * Detection score of a file: the event file name is strong evidence; valid TFRecord framing with correct CRCs
 * is content evidence (an Event begins with wall_time, key 0x09).
 */
function detectFile(p: Probe): number {
  if (p.isDirectory) return 0;
  const framing = firstRecordFraming(p.head);
  const named = isEventFileName(p.name);
  if (named) return framing || p.head.length === 0 ? 0.98 : 0.6;
  if (framing === 'record') return p.head[12] === 0x09 ? 0.9 : 0.6;
  return framing === 'header' ? 0.7 : 0;
}

/**
 * One TensorBoard event file as one run.
 *
 * @example
 * const rs = await load('logs/train/events.out.tfevents.1700000000.host.1.0', { format: 'tensorboard' });
 */
export const tensorboardLoader: FormatLoader = {
  name: FORMAT,
  description: 'TensorBoard event file (events.out.tfevents.*): scalars as simple_value or scalar tensors',
  detect: detectFile,
  async load(ctx: LoadContext): Promise<void> {
    const named = isEventFileName(basename(ctx.path));
    // An event file's own name says nothing; its directory is the run's name in TensorBoard.
    const name = named ? basename(dirname(ctx.path)) || basename(ctx.path) : basename(ctx.path);
    let runId: string | undefined;
    const dec = new EventDecoder(ctx.builder, () => {
      const r = ctx.addRun({ name, format: FORMAT });
      runId = ctx.builder.meta(r).id;
      return r;
    });
    const stats = decodeEventFile(dec, ctx.path, undefined, undefined, ctx.options.strict === true);
    report(ctx, ctx.path, stats, runId);
    if (dec.runIndex < 0) ctx.warn(`no scalar summaries in ${stats.records} records; no run created`);
  },
};

/**
 * A folder holding TensorBoard event files (a run directory, or a logdir with run subfolders): one run per
 * directory that contains event files.
 *
 * @example
 * const rs = await load('logs/train'); // detected when the folder holds events.out.tfevents.* files
 */
export const tensorboardDirLoader: FormatLoader = {
  name: 'tensorboard-dir',
  description: 'folder of TensorBoard event files: one run per directory containing events.out.tfevents.*',
  folder: true,
  detect(p: Probe): number {
    return p.isDirectory && p.entries.some(isEventFileName) ? 0.95 : 0;
  },
  async load(ctx: LoadContext): Promise<void> {
    const dirs = runDirs(ctx.path);
    if (dirs.length === 0) ctx.warn(`${ctx.path}: no event files (names containing "tfevents") in this folder`);
    for (const d of dirs) {
      let runId: string | undefined;
      const dec = new EventDecoder(ctx.builder, () => {
        const r = d.rel ? ctx.addRun({ key: `${ctx.key}/${d.rel}`, name: `${ctx.key}/${d.rel}`, format: FORMAT }) : ctx.addRun({ format: FORMAT });
        runId = ctx.builder.meta(r).id;
        return r;
      });
      let records = 0;
      for (const f of d.files) {
        let stats: EventFileStats;
        try {
          stats = decodeEventFile(dec, f, undefined, undefined, ctx.options.strict === true);
        } catch (e) {
          // One bad file of a logdir (a malformed Event inside valid framing, or an unreadable file) does not sink
          // the other runs: the points read before it stay, and the warning says where it stopped.
          if (ctx.options.strict || !(e instanceof LoadError || (e as NodeJS.ErrnoException).code !== undefined)) throw e;
          const at = e instanceof LoadError && e.offset !== undefined ? { offset: e.offset } : {};
          ctx.warn(`${f}: not read to its end (points before the failure are kept): ${(e as Error).message}`, { ...at, ...(runId !== undefined ? { run: runId } : {}) });
          continue;
        }
        records += stats.records;
        report(ctx, f, stats, runId);
      }
      if (dec.runIndex < 0) ctx.warn(`${d.dir}: no scalar summaries in ${d.files.length} event file(s), ${records} records; no run created`);
    }
  },
};

