/**
 * A structural check of Arrow IPC bytes (stream or file format) before they reach the decoder: every message's
 * metadata and body lie inside the file, every buffer inside its body, and, for flat schemas, every column of a
 * record batch has the batch's length with buffers sized for exactly that many values (up to padding). A damaged
 * batch length (180 rows read as 9) or node length is then a LoadError instead of fewer rows.
 *
 * Only the few flatbuffer tables involved are read (Message, Schema, Field, Int, FloatingPoint, RecordBatch), with
 * every offset bounds-checked.
 *
 * @example
 * checkArrowIpc(bytes, 'runs.arrow'); // throws LoadError naming the byte offset of the bad message
 */
import { LoadError } from '../errors.js';

class Bad extends Error {}

/** Bounds-checked flatbuffer reads over [lo, hi) of `dv`. */
class Fb {
  constructor(private readonly dv: DataView, private readonly lo: number, private readonly hi: number) {}
  private at(p: number, size: number): number {
    if (!(p >= this.lo && p + size <= this.hi)) throw new Bad(`flatbuffer read at ${p} outside ${this.lo}..${this.hi}`);
    return p;
  }
  u8(p: number): number { return this.dv.getUint8(this.at(p, 1)); }
  u16(p: number): number { return this.dv.getUint16(this.at(p, 2), true); }
  i16(p: number): number { return this.dv.getInt16(this.at(p, 2), true); }
  i32(p: number): number { return this.dv.getInt32(this.at(p, 4), true); }
  u32(p: number): number { return this.dv.getUint32(this.at(p, 4), true); }
  i64(p: number): number {
    const lo = this.dv.getUint32(this.at(p, 8), true), hi = this.dv.getInt32(p + 4, true);
    return hi * 4294967296 + lo;
  }
  /** The root table of a buffer starting at `p`. */
  root(p: number): number { return p + this.u32(p); }
  /** Position of field `i` of table `t`, or -1 when absent. */
  field(t: number, i: number): number {
    const vt = t - this.i32(t);
    const vsize = this.u16(vt);
    if (4 + 2 * i + 2 > vsize) return -1;
    const off = this.u16(vt + 4 + 2 * i);
    return off ? t + off : -1;
  }
  /** The table/vector a reference field points to, or -1. */
  ref(t: number, i: number): number {
    const f = this.field(t, i);
    return f < 0 ? -1 : f + this.u32(f);
  }
  vecLen(v: number): number { return this.u32(v); }
}

interface FieldInfo {
  /** Bytes per value of a fixed-width column, 'bits' for booleans, 'var32'/'var64' for offsets+data; undefined: unknown layout. */
  layout: number | 'bits' | 'var32' | 'var64' | undefined;
  nested: boolean;
}

const PAD = 64 + 8;

function fieldInfo(fb: Fb, f: number): FieldInfo {
  const children = fb.ref(f, 5);
  const nested = children >= 0 && fb.vecLen(children) > 0;
  const dict = fb.ref(f, 4);
  if (dict >= 0) {
    const idx = fb.ref(dict, 1);
    const bits = idx >= 0 && fb.field(idx, 0) >= 0 ? fb.i32(fb.field(idx, 0)) : 32;
    return { layout: bits / 8, nested };
  }
  const tf = fb.field(f, 2);
  const type = tf >= 0 ? fb.u8(tf) : 0;
  const t = fb.ref(f, 3);
  switch (type) {
    case 2: { const b = t >= 0 && fb.field(t, 0) >= 0 ? fb.i32(fb.field(t, 0)) : 0; return { layout: b > 0 && b % 8 === 0 ? b / 8 : undefined, nested }; }
    case 3: { const p = t >= 0 && fb.field(t, 0) >= 0 ? fb.i16(fb.field(t, 0)) : 0; return { layout: [2, 4, 8][p], nested }; }
    case 4: case 5: return { layout: 'var32', nested };
    case 19: case 20: return { layout: 'var64', nested };
    case 6: return { layout: 'bits', nested };
    default: return { layout: undefined, nested };
  }
}

/**
 * Check Arrow IPC bytes (see the module comment). Throws LoadError at the offset of the first bad message.
 *
 * @example
 * checkArrowIpc(readFileSync('runs.arrow'), 'runs.arrow');
 */
export function checkArrowIpc(bytes: Uint8Array, file: string): void {
  const n = bytes.length;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, n);
  const isFile = n >= 8 && String.fromCharCode(...bytes.subarray(0, 6)) === 'ARROW1';
  const end = isFile ? n - 10 - Math.max(0, dv.getInt32(n - 10, true)) : n;
  let pos = isFile ? 8 : 0;
  let fields: FieldInfo[] | undefined;
  while (pos + 4 <= end) {
    const at = pos;
    let len = dv.getInt32(pos, true);
    pos += 4;
    if (len === -1) {
      if (pos + 4 > end) break;
      len = dv.getInt32(pos, true);
      pos += 4;
    }
    if (len === 0) break; // end of stream
    const fail = (why: string, expected: string): never => { throw new LoadError(`Arrow message: ${why}`, { file, offset: at, expected }); };
    if (len < 0 || pos + len > end) fail(`metadata length ${len} runs past the end of the data (${end - pos} bytes left)`, 'a metadata length that fits in the file');
    const fb = new Fb(dv, pos, pos + len);
    let bodyLength = 0;
    try {
      const msg = fb.root(pos);
      const ht = fb.field(msg, 1);
      const headerType = ht >= 0 ? fb.u8(ht) : 0;
      const header = fb.ref(msg, 2);
      const bl = fb.field(msg, 3);
      bodyLength = bl >= 0 ? fb.i64(bl) : 0;
      if (!(bodyLength >= 0) || pos + len + bodyLength > end) fail(`body length ${bodyLength} runs past the end of the data (${end - pos - len} bytes left)`, 'a body that fits in the file');
      if (headerType === 1 && header >= 0 && !fields) {
        const fv = fb.ref(header, 1);
        const count = fv >= 0 ? fb.vecLen(fv) : 0;
        fields = [];
        for (let i = 0; i < count; i++) { const e = fv + 4 + 4 * i; fields.push(fieldInfo(fb, e + fb.u32(e))); }
      } else if ((headerType === 3 || headerType === 2) && header >= 0) {
        const rb = headerType === 3 ? header : fb.ref(header, 1);
        if (rb < 0) fail('a dictionary batch without data', 'a RecordBatch');
        const lf = fb.field(rb, 0);
        const rows = lf >= 0 ? fb.i64(lf) : 0;
        if (!Number.isSafeInteger(rows) || rows < 0) fail(`record batch length ${rows}`, 'a non-negative row count');
        const nodes = fb.ref(rb, 1), bufs = fb.ref(rb, 2);
        const nodeCount = nodes >= 0 ? fb.vecLen(nodes) : 0, bufCount = bufs >= 0 ? fb.vecLen(bufs) : 0;
        const buffer = (i: number) => ({ offset: fb.i64(bufs + 4 + 16 * i), length: fb.i64(bufs + 4 + 16 * i + 8) });
        for (let i = 0; i < bufCount; i++) {
          const b = buffer(i);
          if (!(b.offset >= 0 && b.length >= 0 && b.offset + b.length <= bodyLength)) fail(`buffer ${i} (bytes ${b.offset}..${b.offset + b.length}) lies outside the ${bodyLength}-byte body`, 'buffers inside the message body');
        }
        const nodeLen = (i: number) => fb.i64(nodes + 4 + 16 * i), nodeNulls = (i: number) => fb.i64(nodes + 4 + 16 * i + 8);
        for (let i = 0; i < nodeCount; i++) {
          if (!(nodeNulls(i) >= 0 && nodeNulls(i) <= nodeLen(i))) fail(`column ${i} says ${nodeNulls(i)} nulls in ${nodeLen(i)} values`, 'a null count within the column length');
        }
        const compressed = fb.field(rb, 3) >= 0;
        const flat = headerType === 3 && fields !== undefined && fields.every((f) => !f.nested) && nodeCount === fields.length;
        if (flat) {
          let bi = 0;
          for (let i = 0; i < nodeCount && bi < bufCount; i++) {
            const L = nodeLen(i);
            if (L !== rows) fail(`column ${i} has ${L} values but the record batch says ${rows} rows`, `${rows} values in every column`);
            const lay = fields![i]!.layout;
            if (lay === undefined || compressed) break; // unknown layout: buffer positions of later columns unknown
            const validity = buffer(bi);
            if (nodeNulls(i) > 0 && validity.length < Math.ceil(rows / 8)) fail(`column ${i}'s validity bitmap holds ${validity.length * 8} bits for ${rows} rows`, 'a bitmap covering every row');
            const data = buffer(bi + 1); // fixed width: [validity, data]; variable: [validity, offsets, data]
            const need = lay === 'bits' ? Math.ceil(rows / 8) : lay === 'var32' ? (rows + 1) * 4 : lay === 'var64' ? (rows + 1) * 8 : rows * lay;
            if (rows > 0 && data.length < need) fail(`column ${i}'s data holds ${data.length} bytes, fewer than its ${rows} rows need (${need})`, `at least ${need} bytes`);
            if (data.length >= need + PAD) fail(`column ${i}'s data holds ${data.length} bytes, far more than its ${rows} rows need (${need}): the row count is damaged`, `${need} bytes plus padding`);
            bi += lay === 'var32' || lay === 'var64' ? 3 : 2;
          }
        }
      }
    } catch (e) {
      if (e instanceof Bad) fail(`metadata does not parse (${e.message})`, 'a valid flatbuffer Message');
      throw e;
    }
    pos += len + bodyLength;
  }
}
