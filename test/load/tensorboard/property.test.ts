/**
 * Property-based tests over synthetic event files: round trips of arbitrary scalars, and mutated or truncated
 * files, which must give either points that all equal the original ones (a prefix when cut short, with a
 * warning) or a typed LoadError: never a TypeError/RangeError, never a hang, never a changed number.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LoadError } from '../../../src/errors.js';
import { EventDecoder, type EventFileStats } from '../../../src/load/tensorboard/index.js';
import { RunSetBuilder } from '../../../src/runs/builder.js';
import { EventWriter, summaryEvent, tensorValue } from './writer.js';

interface Pt {
  metric: string;
  step: number;
  value: number;
  time: number;
}

/** A builder that records raw pushes in file order (what the decoder emitted, before the run model). */
class Recorder extends RunSetBuilder {
  readonly pts: Pt[] = [];
  private readonly names: string[] = [];
  override metricId(name: string): number {
    this.names.push(name);
    return this.names.length - 1;
  }
  override push(_run: number, step: number, metric: number, value: number, _t = NaN, _f = NaN, time = NaN): void {
    this.pts.push({ metric: this.names[metric]!, step, value, time });
  }
}

function decode(bytes: Uint8Array): { pts: Pt[]; stats: EventFileStats } {
  const rec = new Recorder();
  const dec = new EventDecoder(rec, () => 0);
  const stats = dec.decode(bytes, 'synthetic');
  return { pts: rec.pts, stats };
}

type Of<A> = A extends fc.Arbitrary<infer T> ? T : never;

const TAGS = ['loss', 'train/lr', 'val/ppl', 'grad_norm'];
const arbEvent = fc.record({
  tag: fc.integer({ min: 0, max: TAGS.length - 1 }),
  step: fc.oneof(fc.nat({ max: 1000 }), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER })),
  value: fc.oneof(fc.float({ noDefaultInfinity: false }), fc.double()),
  time: fc.oneof(fc.double({ min: 1e9, max: 2e9, noNaN: true }), fc.constant(0)),
  form: fc.constantFrom('simple', 'f32', 'f64', 'f32val'),
});

function write(events: Of<typeof arbEvent>[]): { bytes: Uint8Array; expected: Pt[] } {
  const w = new EventWriter(1.5e9);
  const expected: Pt[] = [];
  for (const e of events) {
    const tag = TAGS[e.tag]!;
    const time = e.time === 0 ? NaN : e.time;
    if (e.form === 'simple') {
      w.addScalar(tag, e.step, e.value, e.time);
      expected.push({ metric: tag, step: e.step, value: Math.fround(e.value), time });
    } else {
      const dtype = e.form === 'f64' ? 'double' : 'float';
      w.addRecord(summaryEvent(e.step, e.time, [tensorValue(tag, e.value, { dtype, form: e.form === 'f32val' ? 'val' : 'content' })]));
      expected.push({ metric: tag, step: e.step, value: dtype === 'float' ? Math.fround(e.value) : e.value, time });
    }
  }
  return { bytes: w.bytes(), expected };
}

function recordBoundaries(b: Uint8Array): number[] {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const out = [0];
  for (let o = 0; o < b.length; ) out.push((o += 16 + dv.getUint32(o, true)));
  return out;
}

const sameNumber = (a: number, b: number) => Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));
const samePt = (a: Pt, b: Pt) => a.metric === b.metric && sameNumber(a.step, b.step) && sameNumber(a.value, b.value) && sameNumber(a.time, b.time);

describe('event decoding properties (synthetic files)', () => {
  it('round-trips any sequence of scalars exactly, in file order (simple_value and tensors)', () => {
    fc.assert(
      fc.property(fc.array(arbEvent, { maxLength: 40 }), (events) => {
        const { bytes, expected } = write(events);
        const { pts, stats } = decode(bytes);
        expect(stats.truncatedAt).toBeUndefined();
        expect(stats.skipped.size).toBe(0);
        expect(pts.length).toBe(expected.length);
        for (let i = 0; i < pts.length; i++) expect(samePt(pts[i]!, expected[i]!), JSON.stringify([pts[i], expected[i]])).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  const mutation = fc.oneof(
    fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 4 }) }),
    fc.record({ kind: fc.constant('set' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  );
  type Mutation = Of<typeof mutation>;

  function mutate(b: Uint8Array, m: Mutation): Uint8Array {
    const at = b.length ? m.at % (b.length + (m.kind === 'insert' ? 1 : 0)) : 0;
    switch (m.kind) {
      case 'flip': {
        const c = b.slice();
        if (c.length) c[at] ^= 1 << m.bit;
        return c;
      }
      case 'set': {
        const c = b.slice();
        if (c.length) c[at] = m.byte;
        return c;
      }
      case 'insert':
        return Uint8Array.from([...b.subarray(0, at), m.byte, ...b.subarray(at)]);
      case 'delete':
        return Uint8Array.from([...b.subarray(0, at), ...b.subarray(at + m.count)]);
      default:
        return b.subarray(0, at);
    }
  }

  it('mutated or cut files give original points in order (each loss warned: corrupt region or truncated tail) or a LoadError', () => {
    fc.assert(
      fc.property(fc.array(arbEvent, { minLength: 1, maxLength: 12 }), fc.array(mutation, { minLength: 1, maxLength: 3 }), (events, muts) => {
        const { bytes, expected } = write(events);
        let b = bytes;
        for (const m of muts) b = mutate(b, m);
        let result: { pts: Pt[]; stats: EventFileStats };
        try {
          result = decode(b);
        } catch (e) {
          // Only a record whose CRCs match but whose protobuf does not parse (a mutation that kept both CRCs).
          expect(e).toBeInstanceOf(LoadError);
          expect((e as LoadError).offset).toBeGreaterThanOrEqual(0);
          return;
        }
        const { pts, stats } = result;
        // Every point read is an original one, in file order (a subsequence: resynchronising skips, never invents).
        let j = 0;
        for (const p of pts) {
          while (j < expected.length && !samePt(p, expected[j]!)) j++;
          expect(j < expected.length, `point ${JSON.stringify(p)} is not an original one, in order`).toBe(true);
          j++;
        }
        for (const c of stats.corrupt) {
          expect(c.offset).toBeGreaterThanOrEqual(0);
          expect(c.bytes).toBeGreaterThan(0);
          expect(c.offset + c.bytes).toBeLessThanOrEqual(b.length);
        }
        // Fewer points without a warning only when the file is the original cut at a record boundary
        // (indistinguishable from a shorter valid file).
        if (pts.length < expected.length && stats.truncatedAt === undefined && stats.corrupt.length === 0) {
          expect(b.length).toBeLessThan(bytes.length);
          expect(b.every((x, i) => x === bytes[i])).toBe(true);
          expect(recordBoundaries(bytes)).toContain(b.length);
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('arbitrary bytes give points or a LoadError, never another exception', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (b) => {
        try {
          decode(b);
        } catch (e) {
          expect(e).toBeInstanceOf(LoadError);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('well-framed records with arbitrary payloads give points or a LoadError, never another exception', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 60 }), { maxLength: 5 }), (payloads) => {
        const w = new EventWriter(1, false);
        for (const p of payloads) w.addRecord(p);
        try {
          const { pts } = decode(w.bytes());
          for (const p of pts) expect(typeof p.value).toBe('number');
        } catch (e) {
          expect(e).toBeInstanceOf(LoadError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
