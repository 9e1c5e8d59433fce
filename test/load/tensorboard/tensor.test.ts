/** Synthetic TF2/TF1-style tensor scalars and non-scalar values (files written by ./writer.ts). */
import { describe, expect, it } from 'vitest';
import { tensorboardLoader } from '../../../src/load/tensorboard/index.js';
import { ProtoReader } from '../../../src/load/tensorboard/proto.js';
import { bfloat16ToNumber, halfToNumber, tensorScalar } from '../../../src/load/tensorboard/tensor.js';
import { loadWith } from './harness.js';
import { put, tempDir } from './util.js';
import { EventWriter, Msg, summaryEvent, tensorValue } from './writer.js';

const T0 = 1600000000;
const loadBytes = (b: Uint8Array) => loadWith(tensorboardLoader, put(tempDir(), 'events.out.tfevents.1.h', b), 'r');

describe('scalar tensors (synthetic TF2 files)', () => {
  it('reads DT_FLOAT and DT_DOUBLE from tensor_content and from float_val/double_val, exactly', async () => {
    const w = new EventWriter(T0);
    w.addRecord(summaryEvent(1, T0 + 1, [tensorValue('f_content', 0.1, { dtype: 'float', form: 'content' })]));
    w.addRecord(summaryEvent(1, T0 + 1, [tensorValue('f_val', 0.1, { dtype: 'float', form: 'val' })]));
    w.addRecord(summaryEvent(1, T0 + 1, [tensorValue('d_content', 0.1, { dtype: 'double', form: 'content' })]));
    w.addRecord(summaryEvent(1, T0 + 1, [tensorValue('d_val', -1e300, { dtype: 'double', form: 'val' })]));
    w.addRecord(summaryEvent(1, T0 + 1, [tensorValue('i64', -(2 ** 40) - 1, { dtype: 'int64', form: 'val' })]));
    w.addRecord(summaryEvent(1, T0 + 1, [tensorValue('i32', -7, { dtype: 'int32', form: 'content' })]));
    w.addRecord(summaryEvent(1, T0 + 1, [tensorValue('half', 0x3555, { dtype: 'half', form: 'val' })])); // 0x3555 = 0.333251953125
    w.addRecord(summaryEvent(1, T0 + 1, [tensorValue('one_by_one', 4.5, { dtype: 'float', shape: [1, 1] })]));
    const rs = await loadBytes(w.bytes());
    expect(rs.warnings).toEqual([]);
    const v = (t: string) => rs.curve('r', t)!.value[0];
    expect(v('f_content')).toBe(Math.fround(0.1));
    expect(v('f_val')).toBe(Math.fround(0.1));
    expect(v('d_content')).toBe(0.1);
    expect(v('d_val')).toBe(-1e300);
    expect(v('i64')).toBe(-(2 ** 40) - 1);
    expect(v('i32')).toBe(-7);
    expect(v('half')).toBe(0.333251953125);
    expect(v('one_by_one')).toBe(4.5);
    expect(rs.curve('r', 'f_content')!.time[0]).toBe(T0 + 1);
  });

  it('takes a tag\'s plugin from its first value with metadata (TF1 writers write metadata once per tag)', async () => {
    const w = new EventWriter(T0);
    for (let s = 0; s < 5; s++) w.addRecord(summaryEvent(s, T0 + s, [tensorValue('acc', s / 10, { metadata: s === 0 })]));
    const rs = await loadBytes(w.bytes());
    expect(Array.from(rs.curve('r', 'acc')!.value)).toEqual([0, 0.1, 0.2, 0.3, 0.4].map(Math.fround));
    expect(rs.warnings).toEqual([]);
  });

  it('skips non-scalar values and counts them in one warning per file (never fails on them)', async () => {
    const w = new EventWriter(T0);
    w.addScalar('loss', 1, 2, T0);
    w.addRecord(summaryEvent(1, T0, [tensorValue('vec', 1, { shape: [3] })]));
    w.addRecord(summaryEvent(1, T0, [tensorValue('notes', 1, { plugin: 'text' })]));
    w.addRecord(summaryEvent(2, T0, [tensorValue('raw', 1, { metadata: false })]));
    w.addRecord(summaryEvent(2, T0, [new Msg().string(1, 'weights').bytes(5, new Msg().double(1, 0).double(2, 1))])); // HistogramProto
    w.addRecord(summaryEvent(3, T0, [new Msg().string(1, 'weights').bytes(5, new Msg().double(1, 0))]));
    w.addRecord(summaryEvent(3, T0, [new Msg().string(1, 'img').bytes(4, new Msg().varint(1, 2))]));
    w.addScalar('loss', 2, 1, T0);
    const rs = await loadBytes(w.bytes());
    expect(Array.from(rs.curve('r', 'loss')!.value)).toEqual([2, 1]);
    expect(rs.metricNames()).toEqual(['loss']);
    expect(rs.warnings).toHaveLength(1);
    const m = rs.warnings[0]!.message;
    expect(m).toMatch(/skipped 6 value\(s\) that are not scalars/);
    expect(m).toMatch(/1 non-scalar tensor \(tags: vec\)/);
    expect(m).toMatch(/1 text tensor \(tags: notes\)/);
    expect(m).toMatch(/1 tensor without plugin metadata \(tags: raw\)/);
    expect(m).toMatch(/2 histogram \(tags: weights\)/);
    expect(m).toMatch(/1 image \(tags: img\)/);
  });

  it('decodes half and bfloat16 bit patterns', () => {
    expect(halfToNumber(0x3c00)).toBe(1);
    expect(halfToNumber(0xc000)).toBe(-2);
    expect(halfToNumber(0x7bff)).toBe(65504);
    expect(halfToNumber(0x0001)).toBe(2 ** -24);
    expect(halfToNumber(0x7c00)).toBe(Infinity);
    expect(halfToNumber(0x7e00)).toBeNaN();
    expect(bfloat16ToNumber(0x3f80)).toBe(1);
    expect(bfloat16ToNumber(0xc040)).toBe(-3);
  });

  it('refuses a TensorProto or TensorShapeProto field with the wrong wire type, naming the field and its key\'s byte', () => {
    const fails = (bytes: number[]) => {
      try {
        tensorScalar(new ProtoReader(Uint8Array.from(bytes), 't.tfevents', 100), 0, bytes.length);
      } catch (e) {
        return e instanceof Error ? e.message : String(e);
      }
      return 'no error';
    };
    // dtype (field 1) as length-delimited instead of a varint: the key is at byte 0 (file offset 100).
    expect(fails([0x0a, 0x00])).toBe('t.tfevents @ byte 100: TensorProto.dtype has wire type 2 (expected a varint dtype)');
    expect(fails([0x08, 0x01, 0x10, 0x01])).toBe('t.tfevents @ byte 102: TensorProto.tensor_shape has wire type 0 (expected a length-delimited TensorShapeProto)');
    expect(fails([0x08, 0x01, 0x25, 0, 0, 0, 0])).toBe('t.tfevents @ byte 102: TensorProto.tensor_content has wire type 5 (expected length-delimited bytes)');
    // Inside tensor_shape: dim (field 2) as a varint, Dim.size (field 1) as bytes, unknown_rank (field 3) as fixed32.
    expect(fails([0x12, 0x02, 0x10, 0x01])).toBe('t.tfevents @ byte 102: TensorShapeProto.dim has wire type 0 (expected a length-delimited Dim)');
    expect(fails([0x12, 0x04, 0x12, 0x02, 0x0a, 0x00])).toBe('t.tfevents @ byte 104: Dim.size has wire type 2 (expected a varint)');
    expect(fails([0x12, 0x05, 0x1d, 0, 0, 0, 0])).toBe('t.tfevents @ byte 102: TensorShapeProto.unknown_rank has wire type 5 (expected a varint)');
    // The same fields with their right wire types decode: a float32 scalar 1.5 from float_val.
    expect(tensorScalar(new ProtoReader(Uint8Array.from([0x08, 0x01, 0x12, 0x00, 0x2d, 0, 0, 0xc0, 0x3f]), 't'), 0, 9)).toEqual({ value: 1.5, reason: undefined });
  });
});
