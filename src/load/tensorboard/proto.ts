/**
 * Protobuf wire-format reading over one file buffer, by hand (varints, fixed32/64, length-delimited fields).
 * Offsets are positions in the file, so every error names the byte where decoding failed.
 *
 * @example
 * const r = new ProtoReader(bytes, 'events.out.tfevents.1');
 * r.pos = start;
 * const key = r.varint(end); // field number key >>> 3, wire type key & 7
 */
import { LoadError } from '../../errors.js';

/** Wire types. */
export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LEN = 2;
export const WIRE_FIXED32 = 5;

/**
 * A cursor over a byte buffer with protobuf primitives. Every read is bounded by the `end` of the message being
 * read; running past it is a LoadError at that offset (never a RangeError).
 *
 * @example
 * const r = new ProtoReader(new Uint8Array([0x08, 0x96, 0x01]), 'x');
 * r.varint(3); r.varint(3); // 8, then 150
 */
export class ProtoReader {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  readonly file: string;
  /** Offset of bytes[0] in the file (when a large file is read in chunks). */
  readonly base: number;
  /** Current offset. */
  pos = 0;

  constructor(bytes: Uint8Array, file: string, base = 0) {
    this.bytes = bytes;
    this.base = base;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.file = file;
  }

  /** Throw a LoadError at `offset` (default: the current position), reported as an offset in the file. */
  fail(message: string, expected: string, offset = this.pos): never {
    throw new LoadError(message, { file: this.file, offset: this.base + offset, expected });
  }

  /**
   * An unsigned varint (keys, lengths, enums). Exact below 2^53; larger values come back approximate, which only
   * matters for lengths, and those are then checked against the message end.
   */
  varint(end: number): number {
    const b = this.bytes;
    let p = this.pos;
    if (p >= end) this.fail('message ends inside a varint', 'a varint');
    let c = b[p++]!;
    if (c < 0x80) {
      this.pos = p;
      return c;
    }
    let v = c & 0x7f;
    let mul = 128;
    for (let k = 1; k < 10; k++) {
      if (p >= end) this.fail('message ends inside a varint', 'a varint', p);
      c = b[p++]!;
      v += (c & 0x7f) * mul;
      if (c < 0x80) {
        this.pos = p;
        return v;
      }
      mul *= 128;
    }
    return this.fail('varint longer than 10 bytes', 'a varint of at most 10 bytes', this.pos);
  }

  /**
   * A varint as a 64-bit integer (signed two's complement, or unsigned), as a number; NaN when the value is not a
   * safe integer (|v| > 2^53 - 1), so that callers can refuse it instead of rounding it.
   */
  int64(end: number, signed = true): number {
    const b = this.bytes;
    const start = this.pos;
    let p = start;
    let v = 0;
    let mul = 1;
    // Up to 7 bytes carry 49 bits: exact in a double.
    for (let k = 0; k < 7; k++) {
      if (p >= end) this.fail('message ends inside a varint', 'a varint', p);
      const c = b[p++]!;
      v += (c & 0x7f) * mul;
      if (c < 0x80) {
        this.pos = p;
        return v;
      }
      mul *= 128;
    }
    // Longer: exact with BigInt (rare: steps beyond 2^49 or negative numbers).
    let big = 0n;
    let shift = 0n;
    p = start;
    for (let k = 0; k < 10; k++) {
      if (p >= end) this.fail('message ends inside a varint', 'a varint', p);
      const c = b[p++]!;
      big |= BigInt(c & 0x7f) << shift;
      shift += 7n;
      if (c < 0x80) {
        this.pos = p;
        const x = signed ? BigInt.asIntN(64, big) : BigInt.asUintN(64, big);
        const n = Number(x);
        return Number.isSafeInteger(n) && BigInt(n) === x ? n : NaN;
      }
    }
    return this.fail('varint longer than 10 bytes', 'a varint of at most 10 bytes', start);
  }

  /** A length prefix; returns the end offset of the field, checked against `end`. */
  len(end: number): number {
    const at = this.pos;
    const n = this.varint(end);
    const stop = this.pos + n;
    if (stop > end) this.fail(`length-delimited field of ${n} bytes runs past the end of its message (at byte ${end})`, 'a length that fits in the enclosing message', at);
    return stop;
  }

  /** Skip one field's value of wire type `wire`. */
  skip(wire: number, end: number): void {
    switch (wire) {
      case WIRE_VARINT:
        this.varint(end);
        return;
      case WIRE_FIXED64:
        if (this.pos + 8 > end) this.fail('message ends inside a fixed64 field', '8 bytes');
        this.pos += 8;
        return;
      case WIRE_LEN:
        this.pos = this.len(end);
        return;
      case WIRE_FIXED32:
        if (this.pos + 4 > end) this.fail('message ends inside a fixed32 field', '4 bytes');
        this.pos += 4;
        return;
      default:
        this.fail(`invalid protobuf wire type ${wire}`, 'wire type 0, 1, 2 or 5');
    }
  }

  /** Little-endian float32 at the current position (advances 4). */
  float32(end: number): number {
    if (this.pos + 4 > end) this.fail('message ends inside a float field', '4 bytes');
    const v = this.view.getFloat32(this.pos, true);
    this.pos += 4;
    return v;
  }

  /** Little-endian float64 at the current position (advances 8). */
  float64(end: number): number {
    if (this.pos + 8 > end) this.fail('message ends inside a double field', '8 bytes');
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }

  /** UTF-8 text of bytes[start, end). */
  text(start: number, end: number): string {
    return Buffer.from(this.bytes.buffer, this.bytes.byteOffset + start, end - start).toString('utf8');
  }
}
