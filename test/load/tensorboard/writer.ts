/**
 * A small TensorBoard event-file WRITER for tests and the bench (synthetic files; no real PyTorch file exists in
 * the fixtures). It encodes independently of the loader: its own protobuf encoder and its own byte-wise
 * CRC32C table (the loader uses slicing-by-8).
 *
 * `addScalar` produces records exactly as PyTorch's `SummaryWriter.add_scalar` does by default: the file begins
 * with Event{wall_time, file_version: "brain.Event:2"}, then each scalar is
 * Event{wall_time = 1, step = 2, summary = 5 {value = 1 {tag = 1, simple_value = 2}}}, proto3-style (fields
 * equal to their default, such as step 0, are not written).
 *
 * @example
 * const w = new EventWriter(1700000000);
 * w.addScalar('loss', 0, 2.5, 1700000000.5);
 * writeFileSync(dir + '/events.out.tfevents.1700000000.host.1.0', w.bytes());
 */

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** Byte-at-a-time CRC32C (reference implementation, independent of the loader's). */
export function refCrc32c(b: Uint8Array, start = 0, end = b.length): number {
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = CRC_TABLE[(c ^ b[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** TFRecord's masked CRC. */
export function refMasked(crc: number): number {
  return ((((crc >>> 15) | (crc << 17)) >>> 0) + 0xa282ead8) % 4294967296;
}

/** A protobuf message under construction (bytes appended in field order). */
export class Msg {
  private parts: number[] = [];

  /** A varint of a non-negative safe integer, or any int64 given as bigint (negative: 10 bytes). */
  static varintBytes(v: number | bigint): number[] {
    let x = BigInt.asUintN(64, BigInt(v));
    const out: number[] = [];
    do {
      let byte = Number(x & 0x7fn);
      x >>= 7n;
      if (x) byte |= 0x80;
      out.push(byte);
    } while (x);
    return out;
  }
  key(field: number, wire: number): this {
    this.parts.push(...Msg.varintBytes(field * 8 + wire));
    return this;
  }
  varint(field: number, v: number | bigint): this {
    return this.key(field, 0).raw(Msg.varintBytes(v));
  }
  double(field: number, v: number): this {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, v, true);
    return this.key(field, 1).raw(b);
  }
  float(field: number, v: number): this {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, v, true);
    return this.key(field, 5).raw(b);
  }
  bytes(field: number, b: Uint8Array | number[] | Msg): this {
    const data = b instanceof Msg ? b.toBytes() : b;
    return this.key(field, 2).raw(Msg.varintBytes(data.length)).raw(data);
  }
  string(field: number, s: string): this {
    return this.bytes(field, new TextEncoder().encode(s));
  }
  raw(b: ArrayLike<number>): this {
    for (let i = 0; i < b.length; i++) this.parts.push(b[i]!);
    return this;
  }
  toBytes(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

/** Options of a TF2-style scalar tensor value. */
export interface TensorScalarOptions {
  dtype?: 'float' | 'double' | 'half' | 'int64' | 'int32';
  /** 'content': tensor_content bytes (what TF2 writes); 'val': the typed repeated field (packed). */
  form?: 'content' | 'val';
  /** Attach SummaryMetadata with plugin "scalars" (TF1's FileWriter does it only for a tag's first value). */
  metadata?: boolean;
  /** Shape dims (default: [] = scalar). */
  shape?: number[];
  /** Plugin name in the metadata (default "scalars"). */
  plugin?: string;
}

const DTYPE = { float: 1, double: 2, int32: 3, int64: 9, half: 19 } as const;

/** Encode a Summary.Value holding a TF2 scalar tensor. */
export function tensorValue(tag: string, value: number, o: TensorScalarOptions = {}): Msg {
  const dtype = o.dtype ?? 'float';
  const t = new Msg().varint(1, DTYPE[dtype]);
  const shape = new Msg();
  for (const d of o.shape ?? []) shape.bytes(2, new Msg().varint(1, d));
  t.bytes(2, shape);
  const n = (o.shape ?? []).reduce((a, b) => a * b, 1);
  if ((o.form ?? 'content') === 'content') {
    const size = dtype === 'double' || dtype === 'int64' ? 8 : dtype === 'half' ? 2 : 4;
    const b = new Uint8Array(size * n);
    const dv = new DataView(b.buffer);
    for (let i = 0; i < n; i++) {
      if (dtype === 'float') dv.setFloat32(i * 4, value, true);
      else if (dtype === 'double') dv.setFloat64(i * 8, value, true);
      else if (dtype === 'int32') dv.setInt32(i * 4, value, true);
      else if (dtype === 'int64') dv.setBigInt64(i * 8, BigInt(value), true);
      else throw new Error('half content not supported by the writer');
    }
    t.bytes(4, b);
  } else {
    const packed = new Msg();
    for (let i = 0; i < n; i++) {
      if (dtype === 'float') {
        const b = new Uint8Array(4);
        new DataView(b.buffer).setFloat32(0, value, true);
        packed.raw(b);
      } else if (dtype === 'double') {
        const b = new Uint8Array(8);
        new DataView(b.buffer).setFloat64(0, value, true);
        packed.raw(b);
      } else packed.raw(Msg.varintBytes(value)); // half bits / int32 / int64
    }
    const field = dtype === 'float' ? 5 : dtype === 'double' ? 6 : dtype === 'int32' ? 7 : dtype === 'int64' ? 10 : 13;
    t.bytes(field, packed);
  }
  const v = new Msg().string(1, tag).bytes(8, t);
  if (o.metadata ?? true) v.bytes(9, new Msg().bytes(1, new Msg().string(1, o.plugin ?? 'scalars')));
  return v;
}

/** Encode an Event carrying one Summary with the given values. */
export function summaryEvent(step: number | bigint, wallTime: number, values: Msg[]): Uint8Array {
  const e = new Msg();
  if (wallTime !== 0) e.double(1, wallTime);
  if (step !== 0 && step !== 0n) e.varint(2, step);
  const s = new Msg();
  for (const v of values) s.bytes(1, v);
  e.bytes(5, s);
  return e.toBytes();
}

/**
 * Accumulates TFRecord-framed Event records in one growable buffer (no per-record arrays on the fast path).
 *
 * @example
 * const w = new EventWriter(1700000000); w.addScalar('loss', 1, 0.5, 1700000001); w.bytes();
 */
export class EventWriter {
  private buf = new Uint8Array(1 << 16);
  private dv = new DataView(this.buf.buffer);
  private n = 0;
  private readonly enc = new TextEncoder();

  /** Starts with the file_version event, as every TensorBoard writer does (omit with `fileVersion: false`). */
  constructor(wallTime: number, fileVersion = true) {
    if (fileVersion) this.addRecord(new Msg().double(1, wallTime).string(3, 'brain.Event:2').toBytes());
  }

  private ensure(extra: number): void {
    if (this.n + extra <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.n + extra) cap *= 2;
    const b = new Uint8Array(cap);
    b.set(this.buf.subarray(0, this.n));
    this.buf = b;
    this.dv = new DataView(b.buffer);
  }

  /** Frame and append one record. */
  addRecord(data: Uint8Array): this {
    this.ensure(data.length + 16);
    const at = this.n;
    this.dv.setUint32(at, data.length, true);
    this.dv.setUint32(at + 4, 0, true);
    this.dv.setUint32(at + 8, refMasked(refCrc32c(this.buf, at, at + 8)), true);
    this.buf.set(data, at + 12);
    this.dv.setUint32(at + 12 + data.length, refMasked(refCrc32c(data)), true);
    this.n = at + 16 + data.length;
    return this;
  }

  /** PyTorch SummaryWriter.add_scalar: Event{wall_time, step, summary{value{tag, simple_value}}}. */
  addScalar(tag: string, step: number, value: number, wallTime: number): this {
    const tagBytes = this.enc.encode(tag);
    const stepBytes = step === 0 ? [] : Msg.varintBytes(step);
    const valueLen = 2 + tagBytes.length + 5; // key+len(1 byte) tag, key+float
    if (tagBytes.length > 127 || valueLen > 127) throw new Error('writer fast path: tag too long');
    const summaryLen = 2 + valueLen;
    const eventLen = (wallTime !== 0 ? 9 : 0) + (stepBytes.length ? 1 + stepBytes.length : 0) + 2 + summaryLen;
    this.ensure(eventLen + 16);
    const at = this.n;
    const d = at + 12;
    let p = d;
    const b = this.buf;
    if (wallTime !== 0) {
      b[p++] = 0x09;
      this.dv.setFloat64(p, wallTime, true);
      p += 8;
    }
    if (stepBytes.length) {
      b[p++] = 0x10;
      for (const x of stepBytes) b[p++] = x;
    }
    b[p++] = 0x2a;
    b[p++] = summaryLen;
    b[p++] = 0x0a;
    b[p++] = valueLen;
    b[p++] = 0x0a;
    b[p++] = tagBytes.length;
    b.set(tagBytes, p);
    p += tagBytes.length;
    b[p++] = 0x15;
    this.dv.setFloat32(p, value, true);
    p += 4;
    const len = p - d;
    this.dv.setUint32(at, len, true);
    this.dv.setUint32(at + 4, 0, true);
    this.dv.setUint32(at + 8, refMasked(refCrc32c(b, at, at + 8)), true);
    this.dv.setUint32(p, refMasked(refCrc32c(b, d, p)), true);
    this.n = p + 4;
    return this;
  }

  /** Bytes written so far (a copy). */
  bytes(): Uint8Array {
    return this.buf.slice(0, this.n);
  }

  get length(): number {
    return this.n;
  }
}
