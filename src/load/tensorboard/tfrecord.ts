/**
 * TFRecord framing: each record is
 *   uint64 length (LE) | uint32 masked CRC32C of those 8 bytes | `length` data bytes | uint32 masked CRC32C of the data.
 * Both CRCs are verified, so corrupt bytes never turn into a number.
 *
 * Damage is told apart by what follows it:
 *  - a record whose header is valid but whose data runs past the end of the file, with no valid record after it, is
 *    a truncated tail (a live file being written, or a copy cut short): the caller is told where it starts;
 *  - anything else that does not frame (a header CRC mismatch, a data CRC mismatch, a length running past the end of
 *    the file while a valid record follows) is corruption: the reader scans forward, byte by byte, for the next
 *    record whose length CRC and data CRC both match, and reports the corrupt region (offset, bytes skipped, why).
 *    With `strict`, corruption is a LoadError at the record's offset instead.
 * The file can be given in chunks (`base`, `final`, `state`): work and memory are bounded by the chunk size plus one
 * record, whatever the length fields say.
 *
 * @example
 * const end = forEachRecord(bytes, 'events.out.tfevents.1', (start, stop, at) => decode(bytes, start, stop, at));
 * if (end.truncated) console.warn(`partial record at byte ${end.end}`);
 * for (const c of end.corrupt) console.warn(`skipped ${c.bytes} corrupt bytes at ${c.offset}: ${c.reason}`);
 */
import { LoadError } from '../../errors.js';
import { crc32c, maskCrc } from './crc32c.js';

/** Bytes before a record's data: length and its CRC. */
export const RECORD_HEADER = 12;
/** Bytes after a record's data: its CRC. */
export const RECORD_FOOTER = 4;

/** A stretch of a file that is not valid records, skipped to resynchronise on the next valid one. */
export interface CorruptRegion {
  /** File offset where the damage starts (the record that failed to frame). */
  offset: number;
  /** Bytes skipped, up to the next valid record (or the end of the file). */
  bytes: number;
  /** What was wrong with the record at `offset`. */
  reason: string;
}

/** Where the whole records of a file (or chunk) end. */
export interface FramingEnd {
  /**
   * Offset in `bytes` just past the last whole record. When `truncated`, the bytes from here on are an incomplete
   * record: the file's truncated tail when `final`, else bytes to carry over to the next chunk.
   */
  end: number;
  /** Whether bytes after `end` form an incomplete record. */
  truncated: boolean;
  /** Number of whole records visited. */
  records: number;
  /** Corrupt regions found and skipped (closed ones; an open one is in `state.skipFrom`). */
  corrupt: CorruptRegion[];
}

/** Carried between the chunks of one file. */
export interface FramingState {
  /** File offset where an open corrupt region (still being skipped) started. */
  skipFrom?: number;
  /** Why it started. */
  skipReason?: string;
}

/** How the bytes are given: in one piece (the default) or as chunks of a larger file. */
export interface FramingOptions {
  /** File offset of `bytes[0]` (default 0). */
  base?: number;
  /** Size of the whole file (default `base + bytes.length`): lengths running past it are impossible. */
  fileEnd?: number;
  /** Whether `bytes` reaches the end of the file (default true). */
  final?: boolean;
  /** State carried from the previous chunk (default: a fresh one). */
  state?: FramingState;
  /** Corruption is a LoadError instead of a skipped region. */
  strict?: boolean;
}

/** Called with each record's data range and the offset of the record itself (in `bytes`). */
export type RecordVisitor = (dataStart: number, dataEnd: number, recordOffset: number) => void;

const hex = (n: number) => '0x' + n.toString(16).padStart(8, '0');

/**
 * Visit every whole, valid record of `bytes`, verifying both CRCs and resynchronising after corruption (see the
 * module comment). Never throws for framing unless `strict`; the visitor may throw.
 *
 * @example
 * const end = forEachRecord(bytes, file, (s, e) => console.log(e - s)); // data length of each record
 * end.corrupt; // [] for an undamaged file
 */
export function forEachRecord(bytes: Uint8Array, file: string, visit: RecordVisitor, options: FramingOptions = {}): FramingEnd {
  const base = options.base ?? 0;
  const n = bytes.length;
  const fileEnd = options.fileEnd ?? base + n;
  const final = options.final ?? true;
  const state = options.state ?? {};
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const corrupt: CorruptRegion[] = [];
  let records = 0;

  /** Header valid at q: its data length, else -1. */
  const header = (q: number): number => {
    if (view.getUint32(q + 8, true) !== maskCrc(crc32c(bytes, q, q + 8))) return -1;
    return view.getUint32(q + 4, true) * 4294967296 + view.getUint32(q, true);
  };
  const dataOk = (q: number, len: number): boolean => {
    const e = q + RECORD_HEADER + len;
    return view.getUint32(e, true) === maskCrc(crc32c(bytes, q + RECORD_HEADER, e));
  };
  const fail = (q: number, reason: string, expected: string): void => {
    if (options.strict) throw new LoadError(reason, { file, offset: base + q, expected });
    state.skipFrom = base + q;
    state.skipReason = reason;
  };
  const closeSkip = (q: number): void => {
    if (state.skipFrom === undefined) return;
    corrupt.push({ offset: state.skipFrom, bytes: base + q - state.skipFrom, reason: state.skipReason ?? 'corrupt record' });
    state.skipFrom = undefined;
    state.skipReason = undefined;
  };

  let pos = 0;
  while (pos < n) {
    if (n - pos < RECORD_HEADER) break;
    const len = header(pos);
    const skipping = state.skipFrom !== undefined;
    if (len < 0) {
      if (!skipping) {
        const want = maskCrc(crc32c(bytes, pos, pos + 8));
        fail(pos, `record header is corrupt (CRC ${hex(view.getUint32(pos + 8, true))} of the length field does not match)`, `a TFRecord header whose length CRC is ${hex(want)}`);
      }
      pos++;
      continue;
    }
    const recEnd = pos + RECORD_HEADER + len + RECORD_FOOTER;
    if (base + recEnd > fileEnd) {
      // Runs past the end of the file: a truncated tail, unless a valid record follows (then the length is corrupt).
      if (!skipping) fail(pos, `record length ${len} runs past the end of the file (${fileEnd - base - pos} bytes left)`, 'a record length that fits in the file');
      pos++;
      continue;
    }
    if (recEnd > n) break; // fits in the file but not in this chunk: carry it over
    if (!dataOk(pos, len)) {
      if (!skipping) {
        const e = pos + RECORD_HEADER + len;
        fail(pos, `record data is corrupt (CRC ${hex(view.getUint32(e, true))} over its ${len} bytes does not match)`, `data whose CRC is ${hex(maskCrc(crc32c(bytes, pos + RECORD_HEADER, e)))}`);
      }
      pos++;
      continue;
    }
    closeSkip(pos);
    visit(pos + RECORD_HEADER, pos + RECORD_HEADER + len, pos);
    records++;
    pos = recEnd;
  }

  if (state.skipFrom !== undefined) {
    if (!final) {
      // Keep scanning in the next chunk from the first byte not yet tried (at most one header's worth is carried,
      // or a candidate record that did not fit in this chunk).
      return { end: pos, truncated: pos < n, records, corrupt };
    }
    // The damage reaches the end of the file. When it started at a record whose header was valid and whose data ran
    // past the end, with nothing valid after it, the file is simply cut short: report it as a truncated tail.
    const startsTail = state.skipReason?.startsWith('record length') === true;
    if (startsTail) {
      const tail = state.skipFrom - base;
      state.skipFrom = undefined;
      state.skipReason = undefined;
      return { end: tail, truncated: true, records, corrupt };
    }
    corrupt.push({ offset: state.skipFrom, bytes: fileEnd - state.skipFrom, reason: state.skipReason ?? 'corrupt record' });
    state.skipFrom = undefined;
    state.skipReason = undefined;
    return { end: n, truncated: false, records, corrupt };
  }
  return { end: pos, truncated: pos < n, records, corrupt };
}

/**
 * How the first record of a file's head frames: `'record'` when it is whole and both CRCs match, `'header'` when
 * only its header fits in `head` and its length CRC matches, `false` when it is not TFRecord framing.
 *
 * @example
 * firstRecordFraming(probe.head) === 'record'; // content-based detection
 */
export function firstRecordFraming(head: Uint8Array): 'record' | 'header' | false {
  if (head.length < RECORD_HEADER) return false;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  if (view.getUint32(8, true) !== maskCrc(crc32c(head, 0, 8))) return false;
  const hi = view.getUint32(4, true);
  const len = view.getUint32(0, true);
  if (hi !== 0 || len > head.length - RECORD_HEADER - RECORD_FOOTER) return 'header';
  const end = RECORD_HEADER + len;
  return view.getUint32(end, true) === maskCrc(crc32c(head, RECORD_HEADER, end)) ? 'record' : false;
}
