/**
 * The value of a one-element numeric TensorProto (how TF2's tf.summary.scalar stores a scalar), following
 * TensorFlow's `make_ndarray`: the value comes from `tensor_content` (little-endian) when present, else from the
 * typed repeated field of its dtype (`float_val`, `double_val`, `int_val`, `int64_val`, `half_val`, ...), else
 * it is zero. Anything else (more than one element, strings, complex numbers, sizes that do not add up) is not a
 * scalar and is reported as such, never guessed.
 *
 * @example
 * const v = tensorScalar(reader, start, end); // a number, or a NotScalar reason
 */
import { ProtoReader, WIRE_FIXED32, WIRE_FIXED64, WIRE_LEN, WIRE_VARINT } from './proto.js';

/** TensorFlow dtype enum values (tensorflow/core/framework/types.proto) that scalelab reads as numbers. */
export const DType = {
  float: 1,
  double: 2,
  int32: 3,
  uint8: 4,
  int16: 5,
  int8: 6,
  string: 7,
  int64: 9,
  bool: 10,
  bfloat16: 14,
  uint16: 17,
  half: 19,
  uint32: 22,
  uint64: 23,
} as const;

/** Why a tensor is not read as a scalar. */
export type NotScalar = 'shape' | 'dtype' | 'size' | 'range';

/** A decoded tensor: `value` is meaningful only when `reason` is undefined. */
export interface TensorResult {
  value: number;
  reason?: NotScalar;
}

/** Byte width of each numeric dtype in tensor_content; 0 = not numeric. */
function dtypeSize(dtype: number): number {
  switch (dtype) {
    case DType.float:
    case DType.int32:
    case DType.uint32:
      return 4;
    case DType.double:
    case DType.int64:
    case DType.uint64:
      return 8;
    case DType.int16:
    case DType.uint16:
    case DType.half:
    case DType.bfloat16:
      return 2;
    case DType.uint8:
    case DType.int8:
    case DType.bool:
      return 1;
    default:
      return 0;
  }
}

/** The repeated field that carries values of each dtype when tensor_content is empty. */
function valField(dtype: number): number {
  switch (dtype) {
    case DType.float:
      return 5;
    case DType.double:
      return 6;
    case DType.int32:
    case DType.uint8:
    case DType.int16:
    case DType.int8:
    case DType.uint16:
      return 7;
    case DType.int64:
      return 10;
    case DType.bool:
      return 11;
    case DType.half:
    case DType.bfloat16:
      return 13;
    case DType.uint32:
      return 16;
    case DType.uint64:
      return 17;
    default:
      return 0;
  }
}

/**
 * IEEE 754 half precision bits to a number.
 *
 * @example
 * halfToNumber(0x3c00); // 1
 */
export function halfToNumber(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >>> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * f * 2 ** -24;
  if (e === 31) return f ? NaN : s * Infinity;
  return s * (1 + f / 1024) * 2 ** (e - 15);
}

const F32 = new Float32Array(1);
const U32 = new Uint32Array(F32.buffer);

/**
 * bfloat16 bits (the top half of a float32) to a number.
 *
 * @example
 * bfloat16ToNumber(0x3f80); // 1
 */
export function bfloat16ToNumber(h: number): number {
  U32[0] = (h & 0xffff) << 16;
  return F32[0]!;
}

/** Reusable state for one tensor's fields (no allocation per tensor). */
const seen = new Int32Array(18); // occurrences (elements) per value field
const firstAt = new Int32Array(18); // offset of the first element per value field
const firstWire = new Int32Array(18);

const RESULT: TensorResult = { value: 0 };

function notScalar(reason: NotScalar): TensorResult {
  RESULT.value = NaN;
  RESULT.reason = reason;
  return RESULT;
}

function scalar(value: number): TensorResult {
  RESULT.value = value;
  RESULT.reason = undefined;
  return RESULT;
}

/**
 * Decode the TensorProto in bytes[start, end) as a scalar. The returned object is reused by the next call.
 *
 * @example
 * const t = tensorScalar(r, s, e);
 * if (t.reason === undefined) use(t.value);
 */
export function tensorScalar(r: ProtoReader, start: number, end: number): TensorResult {
  let dtype = 0;
  let elements = 1;
  let contentStart = -1;
  let contentEnd = -1;
  seen.fill(0);
  r.pos = start;
  while (r.pos < end) {
    const keyAt = r.pos;
    const key = r.varint(end);
    const field = key >>> 3;
    const wire = key & 7;
    if (field === 1) {
      if (wire !== WIRE_VARINT) wrongWire(r, wire, 'TensorProto.dtype', 'a varint dtype', keyAt);
      dtype = r.varint(end);
    } else if (field === 2) {
      if (wire !== WIRE_LEN) wrongWire(r, wire, 'TensorProto.tensor_shape', 'a length-delimited TensorShapeProto', keyAt);
      const stop = r.len(end);
      elements = shapeElements(r, r.pos, stop);
      r.pos = stop;
    } else if (field === 4) {
      if (wire !== WIRE_LEN) wrongWire(r, wire, 'TensorProto.tensor_content', 'length-delimited bytes', keyAt);
      const stop = r.len(end);
      contentStart = r.pos;
      contentEnd = stop;
      r.pos = stop;
    } else if (field >= 5 && field <= 17 && field !== 8 && field !== 9 && field !== 12 && field !== 14 && field !== 15) {
      // Numeric repeated fields: packed (length-delimited) or one element per key.
      const ew = field === 5 ? WIRE_FIXED32 : field === 6 ? WIRE_FIXED64 : WIRE_VARINT;
      if (wire === WIRE_LEN) {
        const stop = r.len(end);
        const n = countPacked(r, r.pos, stop, ew);
        if (n > 0 && seen[field] === 0) {
          firstAt[field] = r.pos;
          firstWire[field] = ew;
        }
        seen[field]! += n;
        r.pos = stop;
      } else if (wire === ew) {
        if (seen[field] === 0) {
          firstAt[field] = r.pos;
          firstWire[field] = ew;
        }
        seen[field]!++;
        r.skip(wire, end);
      } else {
        r.fail(`TensorProto field ${field} has wire type ${wire}`, `wire type ${ew} or packed`, keyAt);
      }
    } else {
      r.skip(wire, end);
    }
  }
  if (elements !== 1) return notScalar('shape');
  const size = dtypeSize(dtype);
  if (size === 0) return notScalar('dtype');
  if (contentStart >= 0 && contentEnd > contentStart) {
    if (contentEnd - contentStart !== size) return notScalar('size');
    return fromContent(r, contentStart, dtype);
  }
  const f = valField(dtype);
  const n = seen[f]!;
  if (n === 0) return scalar(0); // TensorFlow: a tensor without values is all zeros
  if (n !== 1) return notScalar('size');
  r.pos = firstAt[f]!;
  switch (firstWire[f]) {
    case WIRE_FIXED32:
      return scalar(r.float32(end));
    case WIRE_FIXED64:
      return scalar(r.float64(end));
    default: {
      const unsigned = dtype === DType.uint64 || dtype === DType.uint32;
      const v = r.int64(end, !unsigned);
      if (Number.isNaN(v)) return notScalar('range');
      if (dtype === DType.half) return scalar(halfToNumber(v & 0xffff));
      if (dtype === DType.bfloat16) return scalar(bfloat16ToNumber(v & 0xffff));
      if (dtype === DType.bool) return scalar(v ? 1 : 0);
      return scalar(v);
    }
  }
}

function fromContent(r: ProtoReader, at: number, dtype: number): TensorResult {
  const dv = r.view;
  switch (dtype) {
    case DType.float:
      return scalar(dv.getFloat32(at, true));
    case DType.double:
      return scalar(dv.getFloat64(at, true));
    case DType.int32:
      return scalar(dv.getInt32(at, true));
    case DType.uint32:
      return scalar(dv.getUint32(at, true));
    case DType.int16:
      return scalar(dv.getInt16(at, true));
    case DType.uint16:
      return scalar(dv.getUint16(at, true));
    case DType.int8:
      return scalar(dv.getInt8(at));
    case DType.uint8:
      return scalar(dv.getUint8(at));
    case DType.bool:
      return scalar(dv.getUint8(at) ? 1 : 0);
    case DType.half:
      return scalar(halfToNumber(dv.getUint16(at, true)));
    case DType.bfloat16:
      return scalar(bfloat16ToNumber(dv.getUint16(at, true)));
    case DType.int64: {
      const x = dv.getBigInt64(at, true);
      const n = Number(x);
      return Number.isSafeInteger(n) ? scalar(n) : notScalar('range');
    }
    case DType.uint64: {
      const x = dv.getBigUint64(at, true);
      const n = Number(x);
      return Number.isSafeInteger(n) ? scalar(n) : notScalar('range');
    }
    default:
      return notScalar('dtype');
  }
}

/**
 * Refuse a field whose wire type is not the one the schema gives it: a LoadError that names the field, the wire
 * type found and what was expected, at the offset of the field's key. Callers test the wire type themselves
 * (`if (wire !== WIRE_LEN) wrongWire(...)`): with the test inside this function, decoding a tensor took ~5% longer.
 */
function wrongWire(r: ProtoReader, wire: number, field: string, expected: string, keyAt: number): never {
  return r.fail(`${field} has wire type ${wire}`, expected, keyAt);
}

/** Elements in a packed run of `wire`-typed values. */
function countPacked(r: ProtoReader, start: number, stop: number, wire: number): number {
  const len = stop - start;
  if (wire === WIRE_FIXED32) {
    if (len % 4) r.fail(`packed fixed32 field of ${len} bytes`, 'a multiple of 4 bytes', start);
    return len / 4;
  }
  if (wire === WIRE_FIXED64) {
    if (len % 8) r.fail(`packed fixed64 field of ${len} bytes`, 'a multiple of 8 bytes', start);
    return len / 8;
  }
  let n = 0;
  const b = r.bytes;
  for (let p = start; p < stop; p++) if (b[p]! < 0x80) n++;
  if (len > 0 && b[stop - 1]! >= 0x80) r.fail('packed varints end inside a varint', 'a complete varint', stop - 1);
  return n;
}

/** Number of elements of a TensorShapeProto (product of dim sizes); -1 when unknown. */
function shapeElements(r: ProtoReader, start: number, end: number): number {
  let elements = 1;
  r.pos = start;
  while (r.pos < end) {
    const keyAt = r.pos;
    const key = r.varint(end);
    const field = key >>> 3;
    const wire = key & 7;
    if (field === 2) {
      if (wire !== WIRE_LEN) wrongWire(r, wire, 'TensorShapeProto.dim', 'a length-delimited Dim', keyAt);
      const stop = r.len(end);
      let size = 0;
      while (r.pos < stop) {
        const k2At = r.pos;
        const k2 = r.varint(stop);
        if (k2 >>> 3 === 1) {
          if ((k2 & 7) !== WIRE_VARINT) wrongWire(r, k2 & 7, 'Dim.size', 'a varint', k2At);
          size = r.int64(stop);
        } else r.skip(k2 & 7, stop);
      }
      elements = Number.isNaN(size) || size < 0 ? -1 : elements < 0 ? -1 : elements * size;
    } else if (field === 3) {
      if (wire !== WIRE_VARINT) wrongWire(r, wire, 'TensorShapeProto.unknown_rank', 'a varint', keyAt);
      if (r.varint(end) !== 0) elements = -1;
    } else r.skip(wire, end);
  }
  return elements;
}
