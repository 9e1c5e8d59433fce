/**
 * The real TF2 event file in test/fixtures (tf.summary.scalar, tag my_metric, DT_FLOAT tensor_content).
 * Expected values are read from the bytes independently of the loader: the file's records have a fixed layout
 * (first record 40 bytes, the step-0 record 65 bytes, then 67 bytes per step), checked here byte by byte.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { load, makeProbe, detect } from '../../../src/load/index.js';
import { tensorboardLoader } from '../../../src/load/tensorboard/index.js';
import { loadWith } from './harness.js';

const DIR = fileURLToPath(new URL('../../fixtures/formats/tensorboard/', import.meta.url));
const FILE = DIR + 'events.out.tfevents.1585499054.Jaakkos-Mac-mini.local.11684.5.v2';

/** Step, value and wall time of every scalar record, read at fixed offsets (asserting the layout as we go). */
function independentDecode(): { step: number; value: number; time: number }[] {
  const b = readFileSync(FILE);
  const out: { step: number; value: number; time: number }[] = [];
  const tensorPrefix = Buffer.from('0a096d795f6d6574726963420a0801120022', 'hex'); // tag "my_metric", tensor{dtype 1, shape {}, content
  let o = 40; // after the file_version record (12 + 24 + 4)
  for (let step = 0; step < 100; step++) {
    const len = b.readUInt32LE(o);
    const d = o + 12;
    expect(b[d]).toBe(0x09); // wall_time
    const time = b.readDoubleLE(d + 1);
    let p = d + 9;
    if (step > 0) {
      expect([b[p], b[p + 1]]).toEqual([0x10, step]); // step < 128: one-byte varint
      p += 2;
    }
    expect([b[p], b[p + 1], b[p + 2], b[p + 3]]).toEqual([0x2a, 0x26, 0x0a, 0x24]);
    p += 4;
    expect(b.subarray(p, p + tensorPrefix.length).equals(tensorPrefix)).toBe(true);
    p += tensorPrefix.length;
    expect(b[p]).toBe(4); // 4 content bytes
    out.push({ step, value: b.readFloatLE(p + 1), time });
    o += 12 + len + 4;
  }
  expect(o).toBe(b.length);
  return out;
}

describe('real TF2 event file (test/fixtures/formats/tensorboard)', () => {
  it('loads 100 points of my_metric, steps 0..99, with the values and wall times in the bytes', async () => {
    const ref = independentDecode();
    const rs = await load(FILE);
    expect(rs.warnings).toEqual([]);
    expect(rs.runs).toHaveLength(1);
    expect(rs.runs[0]!.format).toBe('tensorboard');
    expect(rs.metricNames()).toEqual(['my_metric']);
    const c = rs.curve(rs.runs[0]!.id, 'my_metric')!;
    expect(c.step.length).toBe(100);
    expect(c.step[0]).toBe(0);
    expect(c.step[99]).toBe(99);
    expect(Array.from(c.step)).toEqual(ref.map((r) => r.step));
    expect(Array.from(c.value)).toEqual(ref.map((r) => r.value));
    expect(Array.from(c.time)).toEqual(ref.map((r) => r.time));
    // Spot values from a hex dump: step 1 -> 0x3f000000 = 0.5, step 5 -> 0x40200000 = 2.5, step 99 -> 49.5.
    expect([c.value[0], c.value[1], c.value[5], c.value[99]]).toEqual([0, 0.5, 2.5, 49.5]);
    expect(c.time[0]).toBe(1585499054.13341);
    expect(c.time[1]).toBe(1585499054.133708);
    expect(Array.from(c.flag).every((f) => f === 0)).toBe(true);
  });

  it('is detected by name and content, and its folder as a tensorboard-dir run', async () => {
    expect(detect(makeProbe(FILE), false)?.name).toBe('tensorboard');
    expect(tensorboardLoader.detect({ ...makeProbe(FILE), name: 'renamed.bin' })).toBeGreaterThanOrEqual(0.9);
    expect(detect(makeProbe(DIR), true)?.name).toBe('tensorboard-dir');
    const rs = await load(DIR);
    expect(rs.runs.map((r) => r.id)).toEqual(['tensorboard']);
    expect(rs.numPoints).toBe(100);
  });

  it('loads the same through the loader directly (local harness)', async () => {
    const rs = await loadWith(tensorboardLoader, FILE, 'tf2');
    expect(rs.curve('tf2', 'my_metric')!.value[99]).toBe(49.5);
    expect(rs.runs[0]!.name).toBe('tensorboard');
  });

  it('a copy cut inside its last record loads the 99 whole points and warns with the byte offset', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const b = readFileSync(FILE);
    const dir = mkdtempSync(tmpdir() + '/tb-fix-');
    const f = dir + '/events.out.tfevents.1585499054.cut';
    writeFileSync(f, b.subarray(0, b.length - 10));
    const rs = await load(f);
    expect(rs.numPoints).toBe(99);
    expect(rs.warnings).toHaveLength(1);
    expect(rs.warnings[0]!.offset).toBe(b.length - 67);
    expect(rs.warnings[0]!.message).toMatch(new RegExp(`byte ${b.length - 67}`));
  });
});
