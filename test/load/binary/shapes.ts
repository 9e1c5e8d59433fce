/**
 * Real-shaped binary inputs for the fuzz tests and the fuzz campaign (bench/fuzz-binary.ts), made by the project's
 * own writers: a long-form Parquet file (toParquet), an Arrow IPC file (toArrowIPC) and a TensorBoard event file
 * (the test EventWriter, as PyTorch's SummaryWriter writes it); and the mutations applied to them.
 */
import { RunSetBuilder } from '../../../src/runs/builder.js';
import { toArrowIPC } from '../../../src/runs/interop.js';
import { toParquet } from '../../../src/runs/parquet.js';
import type { RunSet } from '../../../src/runs/runset.js';
import { createRng } from '../../../src/stats/random.js';
import { EventWriter, refCrc32c, refMasked } from '../tensorboard/writer.js';

/** `runs` runs of `steps` steps, metrics loss and lr: runs x steps x 2 points. */
export function sweep(runs = 3, steps = 30, seed = 1): RunSet {
  const rng = createRng(seed);
  const b = new RunSetBuilder();
  for (let r = 0; r < runs; r++) {
    const i = b.addRun({ id: `v${r % 2}/seed${r}`, source: 'gen', variant: `v${r % 2}`, seed: r, config: { N: 1e6 * (r + 1) } });
    for (let s = 0; s < steps; s++) {
      b.add(i, s * 10, 'loss', 2 + 8 / (1 + s) + 0.01 * rng.normal(), { tokens: s * 4096 });
      b.add(i, s * 10, 'lr', 3e-4 * Math.min(1, s / 5));
    }
  }
  return b.build();
}

/** The three shapes as bytes, with their point counts. */
export function shapes(runs = 3, steps = 30): { name: 'parquet' | 'arrow' | 'tensorboard'; file: string; bytes: Uint8Array; points: number }[] {
  const rs = sweep(runs, steps);
  const w = new EventWriter(1.7e9);
  let tb = 0;
  for (let s = 0; s < runs * steps; s++) {
    w.addScalar('train/loss', s, 2 + 8 / (1 + s), 1.7e9 + s);
    w.addScalar('train/lr', s, 3e-4, 1.7e9 + s);
    tb += 2;
  }
  return [
    { name: 'parquet', file: 'runs.parquet', bytes: new Uint8Array(toParquet(rs)), points: rs.numPoints },
    { name: 'arrow', file: 'runs.arrow', bytes: toArrowIPC(rs), points: rs.numPoints },
    { name: 'tensorboard', file: 'events.out.tfevents.1700000000.host', bytes: w.bytes(), points: tb },
  ];
}

/** One mutation of a file. */
export type Mutation =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'set'; at: number; byte: number }
  | { kind: 'cut'; at: number }
  | { kind: 'insert'; at: number; byte: number }
  | { kind: 'delete'; at: number; count: number }
  /** A 32-bit little-endian length-like field set to a large or small value (at a position anywhere). */
  | { kind: 'u32'; at: number; value: number }
  /** TFRecord only: record k's length field set to `value` with its CRC recomputed (so only the length lies). */
  | { kind: 'tfrecord-length'; record: number; value: number };

/** Record start offsets of a TFRecord file. */
export function recordStarts(b: Uint8Array): number[] {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const out: number[] = [];
  for (let o = 0; o + 12 <= b.length; ) {
    out.push(o);
    o += 16 + dv.getUint32(o, true) + dv.getUint32(o + 4, true) * 4294967296;
  }
  return out;
}

/** Apply a mutation (positions taken modulo the length). */
export function mutate(b: Uint8Array, m: Mutation): Uint8Array {
  const n = b.length;
  const at = n && 'at' in m ? ((m.at % n) + n) % n : 0;
  switch (m.kind) {
    case 'flip': { const c = b.slice(); c[at] ^= 1 << m.bit; return c; }
    case 'set': { const c = b.slice(); c[at] = m.byte; return c; }
    case 'cut': return b.slice(0, at);
    case 'insert': return Uint8Array.from([...b.subarray(0, at), m.byte, ...b.subarray(at)]);
    case 'delete': return Uint8Array.from([...b.subarray(0, at), ...b.subarray(at + m.count)]);
    case 'u32': {
      if (n < 4) return b;
      const c = b.slice();
      const p = Math.min(at, Math.max(0, n - 4));
      new DataView(c.buffer).setUint32(p, m.value >>> 0, true);
      return c;
    }
    case 'tfrecord-length': {
      const starts = recordStarts(b);
      if (!starts.length) return b;
      const p = starts[m.record % starts.length]!;
      const c = b.slice();
      const dv = new DataView(c.buffer);
      dv.setUint32(p, m.value % 4294967296, true);
      dv.setUint32(p + 4, Math.floor(m.value / 4294967296), true);
      dv.setUint32(p + 8, refMasked(refCrc32c(c, p, p + 8)), true);
      return c;
    }
  }
}
