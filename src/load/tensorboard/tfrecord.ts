/**
 * TFRecord framing: each record is
 *   uint64 length (LE) | uint32 masked CRC32C of those 8 bytes | `length` data bytes | uint32 masked CRC32C of the data.
 * Both CRCs are verified. A file that ends inside a record is a live file being written: the whole records before
 * it are good, and the caller is told where the partial one starts. A CRC mismatch anywhere else is a LoadError
 * naming the byte offset: with both CRCs checked, corrupt bytes never turn into a number.
 *
 * @example
 * const end = forEachRecord(bytes, 'events.out.tfevents.1', (start, stop, at) => decode(bytes, start, stop, at));
 * if (end.truncated) console.warn(`partial record at byte ${end.end}`);
 */
import { LoadError } from '../../errors.js';
import { crc32c, maskCrc } from './crc32c.js';

/** Bytes before a record's data: length and its CRC. */
export const RECORD_HEADER = 12;
/** Bytes after a record's data: its CRC. */
export const RECORD_FOOTER = 4;

/** Where the whole records of a file end. */
export interface FramingEnd {
  /** Offset just past the last whole record (the start of the partial one when `truncated`). */
  end: number;
  /** Whether bytes after `end` form an incomplete record (a file still being written, or cut short). */
  truncated: boolean;
  /** Number of whole records. */
  records: number;
}

/** Called with each record's data range and the offset of the record itself. */
export type RecordVisitor = (dataStart: number, dataEnd: number, recordOffset: number) => void;

const hex = (n: number) => '0x' + n.toString(16).padStart(8, '0');

/**
 * Visit every whole record of `bytes`, verifying both CRCs. Throws LoadError on a CRC mismatch, at
 * `base + offset` (`base`: where `bytes` starts in the file, when it is read in chunks).
 *
 * @example
 * forEachRecord(bytes, file, (s, e) => console.log(e - s)); // data length of each record
 */
export function forEachRecord(bytes: Uint8Array, file: string, visit: RecordVisitor, base = 0): FramingEnd {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = bytes.length;
  let pos = 0;
  let records = 0;
  while (pos < n) {
    if (n - pos < RECORD_HEADER) return { end: pos, truncated: true, records };
    const lo = view.getUint32(pos, true);
    const hi = view.getUint32(pos + 4, true);
    const lenCrc = view.getUint32(pos + 8, true);
    const want = maskCrc(crc32c(bytes, pos, pos + 8));
    if (lenCrc !== want) {
      throw new LoadError(`record header is corrupt (CRC ${hex(lenCrc)} of the length field does not match)`, {
        file,
        offset: base + pos,
        expected: `a TFRecord header whose length CRC is ${hex(want)}`,
      });
    }
    const len = hi * 4294967296 + lo;
    const dataStart = pos + RECORD_HEADER;
    if (len > n - dataStart - RECORD_FOOTER) return { end: pos, truncated: true, records };
    const dataEnd = dataStart + len;
    const dataCrc = view.getUint32(dataEnd, true);
    const wantData = maskCrc(crc32c(bytes, dataStart, dataEnd));
    if (dataCrc !== wantData) {
      throw new LoadError(`record data is corrupt (CRC ${hex(dataCrc)} over its ${len} bytes does not match)`, {
        file,
        offset: base + pos,
        expected: `data whose CRC is ${hex(wantData)}`,
      });
    }
    visit(dataStart, dataEnd, pos);
    records++;
    pos = dataEnd + RECORD_FOOTER;
  }
  return { end: pos, truncated: false, records };
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
