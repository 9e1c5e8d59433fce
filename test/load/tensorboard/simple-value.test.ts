/** Synthetic PyTorch-style files (simple_value), written by ./writer.ts: no real PyTorch file is in the fixtures. */
import { describe, expect, it } from 'vitest';
import { LoadError } from '../../../src/errors.js';
import { load } from '../../../src/load/index.js';
import { decodeEventFile, EventDecoder, tensorboardLoader } from '../../../src/load/tensorboard/index.js';
import { RunSetBuilder } from '../../../src/runs/builder.js';
import { Flag } from '../../../src/runs/types.js';
import { loadWith } from './harness.js';
import { put, tempDir } from './util.js';
import { EventWriter, Msg, summaryEvent } from './writer.js';
import { refCrc32c, refMasked } from './writer.js';

const T0 = 1700000000;

describe('synthetic PyTorch SummaryWriter file (simple_value)', () => {
  it('round-trips interleaved tags: steps, float32 values, wall times; step 0 is the omitted default', async () => {
    const w = new EventWriter(T0);
    const expected: Record<string, [number, number, number][]> = { 'train/loss': [], 'train/lr': [], 'val/loss': [] };
    for (let s = 0; s < 300; s++) {
      const loss = 10 / (1 + s) + 0.1;
      w.addScalar('train/loss', s, loss, T0 + s * 0.25);
      expected['train/loss']!.push([s, Math.fround(loss), T0 + s * 0.25]);
      w.addScalar('train/lr', s, 3e-4 * Math.min(1, s / 100), T0 + s * 0.25 + 0.01);
      expected['train/lr']!.push([s, Math.fround(3e-4 * Math.min(1, s / 100)), T0 + s * 0.25 + 0.01]);
      if (s % 50 === 0) {
        w.addScalar('val/loss', s, 3 + 1 / (1 + s), T0 + s * 0.25 + 0.02);
        expected['val/loss']!.push([s, Math.fround(3 + 1 / (1 + s)), T0 + s * 0.25 + 0.02]);
      }
    }
    const dir = tempDir();
    const f = put(dir, 'run1/events.out.tfevents.1700000000.host.1234.0', w.bytes());
    const rs = await load(f);
    expect(rs.warnings).toEqual([]);
    expect(rs.runs).toHaveLength(1);
    const id = rs.runs[0]!.id;
    expect(rs.runs[0]!.name).toBe('run1');
    expect(rs.metricNames().sort()).toEqual(Object.keys(expected).sort());
    for (const [tag, pts] of Object.entries(expected)) {
      const c = rs.curve(id, tag)!;
      expect(Array.from(c.step)).toEqual(pts.map((p) => p[0]));
      expect(Array.from(c.value)).toEqual(pts.map((p) => p[1]));
      expect(Array.from(c.time)).toEqual(pts.map((p) => p[2]));
    }
    expect(rs.curve(id, 'train/loss')!.value[0]).toBe(Math.fround(10.1));
  });

  it('keeps NaN and infinite values, flagged, and non-ASCII tags', async () => {
    const w = new EventWriter(T0).addScalar('loss', 1, 2, T0).addScalar('loss', 2, NaN, T0).addScalar('loss', 3, Infinity, T0).addScalar('损失/λ', 1, -0.5, T0);
    const f = put(tempDir(), 'events.out.tfevents.1700000000.h', w.bytes());
    const rs = await loadWith(tensorboardLoader, f, 'r');
    const c = rs.curve('r', 'loss')!;
    expect(Array.from(c.value)).toEqual([2, NaN, Infinity]);
    expect(Array.from(c.flag)).toEqual([Flag.ok, Flag.nonFinite, Flag.nonFinite]);
    expect(rs.runs[0]!.nonFinite).toBe(2);
    expect(rs.curve('r', '损失/λ')!.value[0]).toBe(-0.5);
  });

  it('reads steps exactly up to 2^53 - 1, negative steps, and skips (with a warning) steps beyond 2^53 - 1', async () => {
    const big = 2 ** 53 - 1;
    const w = new EventWriter(T0);
    w.addRecord(summaryEvent(2 ** 50 + 3, T0, [new Msg().string(1, 'a').float(2, 1)]));
    w.addRecord(summaryEvent(big, T0, [new Msg().string(1, 'a').float(2, 2)]));
    w.addRecord(summaryEvent(2n ** 53n + 1n, T0, [new Msg().string(1, 'a').float(2, 3)]));
    w.addRecord(summaryEvent(-5n, T0, [new Msg().string(1, 'b').float(2, 4)]));
    w.addRecord(summaryEvent(2n ** 63n - 1n, T0, [new Msg().string(1, 'a').float(2, 5)]));
    const f = put(tempDir(), 'events.out.tfevents.1.h', w.bytes());
    const rs = await loadWith(tensorboardLoader, f, 'r');
    expect(Array.from(rs.curve('r', 'a')!.step)).toEqual([2 ** 50 + 3, big]);
    expect(Array.from(rs.curve('r', 'a')!.value)).toEqual([1, 2]);
    expect(Array.from(rs.curve('r', 'b')!.step)).toEqual([-5]);
    expect(rs.warnings).toHaveLength(1);
    expect(rs.warnings[0]!.message).toMatch(/skipped 2 event\(s\) whose step is beyond 2\^53/);
  });

  it('an event without wall_time has time NaN (absent), not 1970', async () => {
    const w = new EventWriter(T0);
    w.addRecord(summaryEvent(7, 0, [new Msg().string(1, 'x').float(2, 1.5)]));
    const rs = await loadWith(tensorboardLoader, put(tempDir(), 'events.out.tfevents.1.h', w.bytes()), 'r');
    expect(rs.curve('r', 'x')!.time[0]).toBeNaN();
    expect(rs.curve('r', 'x')!.step[0]).toBe(7);
  });

  it('a file with only the file_version record creates no run and says so', async () => {
    const f = put(tempDir(), 'events.out.tfevents.1.h', new EventWriter(T0).bytes());
    const rs = await loadWith(tensorboardLoader, f, 'r');
    expect(rs.runs).toHaveLength(0);
    expect(rs.warnings[0]!.message).toMatch(/no scalar summaries in 1 records/);
  });

  it('an empty event file is a file being created: no run, no error', async () => {
    const rs = await loadWith(tensorboardLoader, put(tempDir(), 'events.out.tfevents.1.h', new Uint8Array(0)), 'r');
    expect(rs.runs).toHaveLength(0);
  });
});

describe('corrupt or cut synthetic files', () => {
  const make = () => {
    const w = new EventWriter(T0);
    for (let s = 0; s < 10; s++) w.addScalar('loss', s, 1 + s, T0 + s);
    return w.bytes();
  };
  // Layout: file_version record 12 + 24 + 4 = 40 bytes; then each scalar record 12 + len + 4.
  const recordStarts = (b: Uint8Array) => {
    const dv = new DataView(b.buffer, b.byteOffset);
    const out: number[] = [];
    for (let o = 0; o < b.length; o += 16 + dv.getUint32(o, true)) out.push(o);
    return out;
  };

  it('every cut inside the last record loads the whole records and warns with the offset of the partial one', async () => {
    const b = make();
    const starts = recordStarts(b);
    const last = starts[starts.length - 1]!;
    for (let cut = last + 1; cut < b.length; cut++) {
      const rs = await loadWith(tensorboardLoader, put(tempDir(), 'events.out.tfevents.1.h', b.subarray(0, cut)), 'r');
      expect(Array.from(rs.curve('r', 'loss')!.value)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(rs.warnings).toHaveLength(1);
      expect(rs.warnings[0]!.offset).toBe(last);
      expect(rs.warnings[0]!.message).toMatch(/file ends inside a record at byte \d+/);
    }
  });

  it('a flipped data byte in a middle record: that record is skipped with a warning naming its offset and size (LoadError when strict)', async () => {
    const b = make();
    const starts = recordStarts(b);
    const at = starts[4]!;
    const bad = b.slice();
    bad[at + 12 + 9] ^= 0x01; // the step varint of record 4
    const f = put(tempDir(), 'events.out.tfevents.1.h', bad);
    const rs = await loadWith(tensorboardLoader, f, 'r');
    expect(Array.from(rs.curve('r', 'loss')!.value)).toEqual([1, 2, 3, 5, 6, 7, 8, 9, 10]);
    expect(rs.warnings).toHaveLength(1);
    expect(rs.warnings[0]!.offset).toBe(at);
    expect(rs.warnings[0]!.message).toContain(`at byte ${at}, ${starts[5]! - at} bytes: record data is corrupt`);
    const err = await loadWith(tensorboardLoader, f, 'r', { strict: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LoadError);
    expect((err as LoadError).offset).toBe(at);
    expect((err as LoadError).file).toBe(f);
    expect((err as LoadError).message).toMatch(/record data is corrupt .*expected data whose CRC is 0x[0-9a-f]{8}/);
  });

  it('a flipped length byte: the record is skipped up to the next valid header (LoadError at the header when strict)', async () => {
    const b = make();
    const starts = recordStarts(b);
    const at = starts[3]!;
    const bad = b.slice();
    bad[at] ^= 0x40;
    const f = put(tempDir(), 'events.out.tfevents.1.h', bad);
    const rs = await loadWith(tensorboardLoader, f, 'r');
    expect(Array.from(rs.curve('r', 'loss')!.value)).toEqual([1, 2, 4, 5, 6, 7, 8, 9, 10]);
    expect(rs.warnings).toHaveLength(1);
    expect(rs.warnings[0]!.message).toContain(`at byte ${at}, ${starts[4]! - at} bytes: record header is corrupt`);
    const err = await loadWith(tensorboardLoader, f, 'r', { strict: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LoadError);
    expect((err as LoadError).offset).toBe(at);
    expect((err as LoadError).message).toMatch(/record header is corrupt/);
  });

  it('a length field of 2^40 with a valid CRC mid-file is corruption, not a truncated tail: the rest loads', async () => {
    const b = make();
    const starts = recordStarts(b);
    const at = starts[6]!;
    const bad = b.slice();
    const dv = new DataView(bad.buffer);
    dv.setUint32(at, 0, true);
    dv.setUint32(at + 4, 256, true); // 2^40
    dv.setUint32(at + 8, refMasked(refCrc32c(bad, at, at + 8)), true);
    const f = put(tempDir(), 'events.out.tfevents.1.h', bad);
    const rs = await loadWith(tensorboardLoader, f, 'r');
    expect(Array.from(rs.curve('r', 'loss')!.value)).toEqual([1, 2, 3, 4, 5, 7, 8, 9, 10]);
    expect(rs.warnings).toHaveLength(1);
    expect(rs.warnings[0]!.message).not.toMatch(/still being written/);
    expect(rs.warnings[0]!.message).toContain(`at byte ${at}, ${starts[7]! - at} bytes: record length 1099511627776 runs past the end of the file`);
    // The same length in the last record, nothing valid after it: a truncated tail, as TensorBoard's reader says.
    const tail = b.slice();
    const last = starts[starts.length - 1]!;
    const tv = new DataView(tail.buffer);
    tv.setUint32(last, 0, true);
    tv.setUint32(last + 4, 256, true);
    tv.setUint32(last + 8, refMasked(refCrc32c(tail, last, last + 8)), true);
    const rs2 = await loadWith(tensorboardLoader, put(tempDir(), 'events.out.tfevents.1.h', tail), 'r');
    expect(rs2.curve('r', 'loss')!.value).toHaveLength(9);
    expect(rs2.warnings).toHaveLength(1);
    expect(rs2.warnings[0]!.message).toMatch(/file ends inside a record at byte \d+/);
    expect(rs2.warnings[0]!.offset).toBe(last);
  });

  it('garbage between records is skipped with its offset and size; garbage at the end is reported, not called a tail', async () => {
    const b = make();
    const starts = recordStarts(b);
    const junk = Uint8Array.from({ length: 37 }, (_, i) => (i * 89 + 7) & 0xff);
    const mid = Uint8Array.from([...b.subarray(0, starts[2]!), ...junk, ...b.subarray(starts[2]!)]);
    const rs = await loadWith(tensorboardLoader, put(tempDir(), 'events.out.tfevents.1.h', mid), 'r');
    expect(rs.curve('r', 'loss')!.value).toHaveLength(10);
    expect(rs.warnings[0]!.message).toContain(`at byte ${starts[2]}, 37 bytes: record header is corrupt`);
    const end = Uint8Array.from([...b, ...junk]);
    const rs2 = await loadWith(tensorboardLoader, put(tempDir(), 'events.out.tfevents.1.h', end), 'r');
    expect(rs2.curve('r', 'loss')!.value).toHaveLength(10);
    expect(rs2.warnings[0]!.message).toContain(`at byte ${b.length}, 37 bytes: record header is corrupt`);
  });

  it('a well-framed record holding malformed protobuf is a LoadError at the failing byte', async () => {
    const w = new EventWriter(T0);
    w.addScalar('loss', 1, 1, T0);
    const at = w.length;
    w.addRecord(Uint8Array.from([0x09, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f, 0x2a, 0x05, 0x0a, 0x01])); // summary says 5 bytes, 2 remain
    const err = await loadWith(tensorboardLoader, put(tempDir(), 'events.out.tfevents.1.h', w.bytes()), 'r').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LoadError);
    expect((err as LoadError).offset).toBe(at + 12 + 10);
    expect((err as LoadError).message).toMatch(/runs past the end of its message/);

    const w2 = new EventWriter(T0);
    const at2 = w2.length;
    w2.addRecord(Uint8Array.from([0x0f, 0x00])); // field 1, wire type 7
    const err2 = await loadWith(tensorboardLoader, put(tempDir(), 'events.out.tfevents.1.h', w2.bytes()), 'r').catch((e: unknown) => e);
    expect(err2).toBeInstanceOf(LoadError);
    expect((err2 as LoadError).offset).toBe(at2 + 12);
  });
});

describe('large files are read in chunks (chunk size forced small here)', () => {
  it('streaming: a 2^40 length mid-file and a run of garbage spanning chunk boundaries resync the same as a whole read', () => {
    const w = new EventWriter(T0);
    for (let s = 0; s < 200; s++) w.addScalar('loss', s, s / 8, T0 + s);
    const b = w.bytes();
    const dv0 = new DataView(b.buffer, b.byteOffset);
    const starts: number[] = [];
    for (let o = 0; o < b.length; o += 16 + dv0.getUint32(o, true)) starts.push(o);
    const bad = Uint8Array.from([...b.subarray(0, starts[120]!), ...new Uint8Array(300).fill(0x5a), ...b.subarray(starts[120]!)]);
    const dv = new DataView(bad.buffer);
    const at = starts[50]!;
    dv.setUint32(at, 0, true);
    dv.setUint32(at + 4, 256, true);
    dv.setUint32(at + 8, refMasked(refCrc32c(bad, at, at + 8)), true);
    const f = put(tempDir(), 'events.out.tfevents.1.h', bad);
    const expected = [{ offset: at, bytes: starts[51]! - at }, { offset: starts[120]!, bytes: 300 }];
    for (const chunk of [13, 64, 333, 4096, 1 << 20]) {
      const rec = new RunSetBuilder();
      const dec = new EventDecoder(rec, () => rec.addRun({ id: 'r', source: f }));
      const s = decodeEventFile(dec, f, chunk, 0);
      expect(s.points, `chunk ${chunk}`).toBe(199);
      expect(s.truncatedAt).toBeUndefined();
      expect(s.corrupt.map(({ offset, bytes }) => ({ offset, bytes })), `chunk ${chunk}`).toEqual(expected);
    }
  });

  const make = () => {
    const w = new EventWriter(T0);
    for (let s = 0; s < 200; s++) w.addScalar(s % 3 ? 'loss' : 'lr', s, s / 8, T0 + s);
    return w.bytes();
  };
  const run = (b: Uint8Array, chunk: number) => {
    const f = put(tempDir(), 'events.out.tfevents.1.h', b);
    const rec = new RunSetBuilder();
    const dec = new EventDecoder(rec, () => rec.addRun({ id: 'r', source: f }));
    const stats = decodeEventFile(dec, f, chunk, 0);
    return { rs: rec.build(), stats, f };
  };

  it('gives the same points as a whole read, for chunk sizes that cut records anywhere', () => {
    const b = make();
    const whole = run(b, 1 << 20).rs;
    for (const chunk of [1, 7, 16, 40, 57, 100, 1000]) {
      const { rs, stats } = run(b, chunk);
      expect(stats.points).toBe(200);
      expect(stats.records).toBe(201);
      expect(stats.truncatedAt).toBeUndefined();
      expect(Array.from(rs.curve('r', 'loss')!.value)).toEqual(Array.from(whole.curve('r', 'loss')!.value));
      expect(Array.from(rs.curve('r', 'lr')!.step)).toEqual(Array.from(whole.curve('r', 'lr')!.step));
    }
  });

  it('reports file offsets (not chunk offsets) for a truncated end and for corruption', () => {
    const b = make();
    const cut = b.subarray(0, b.length - 5);
    let o = 0;
    const starts: number[] = [];
    const dv = new DataView(b.buffer);
    while (o < b.length) { starts.push(o); o += 16 + dv.getUint32(o, true); }
    for (const chunk of [13, 64, 333]) {
      const { stats } = run(cut, chunk);
      expect(stats.truncatedAt).toBe(starts[starts.length - 1]);
      expect(stats.points).toBe(199);
      const bad = b.slice();
      bad[starts[150]! + 14] ^= 4;
      const f = put(tempDir(), 'events.out.tfevents.1.h', bad);
      const rec = new RunSetBuilder();
      const dec = new EventDecoder(rec, () => rec.addRun({ id: 'r', source: f }));
      const s = decodeEventFile(dec, f, chunk, 0);
      expect(s.points).toBe(199);
      expect(s.corrupt).toEqual([{ offset: starts[150], bytes: starts[151]! - starts[150]!, reason: expect.stringMatching(/record data is corrupt/) }]);
      let err: unknown;
      try { decodeEventFile(new EventDecoder(rec, () => 0), f, chunk, 0, true); } catch (e) { err = e; }
      expect(err).toBeInstanceOf(LoadError);
      expect((err as LoadError).offset).toBe(starts[150]);
    }
  });
});
