/**
 * Fuzzing in CI (issue 9), a bounded budget: Parquet, Arrow and TensorBoard files from the project's own writers,
 * damaged by bit flips, byte sets, cuts, inserts, deletes, 32-bit length-like fields and TFRecord lengths with a
 * valid CRC, loaded through `load()`. Must hold: only typed errors (ScalelabError), no exception escaping the
 * promise (vitest fails the run on an unhandled rejection), no hang (each case within the sandbox's time bound),
 * no point lost without a warning (except a TFRecord file cut exactly at a record boundary: a valid shorter file),
 * and bounded memory. The longer campaign is bench/fuzz-binary.ts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ScalelabError } from '../../../src/errors.js';
import { load } from '../../../src/load/load.js';
import { mutate, recordStarts, shapes, type Mutation } from './shapes.js';

const dir = mkdtempSync(join(tmpdir(), 'scalelab-fuzz-'));
const arbMutation = (tfrecord: boolean): fc.Arbitrary<Mutation> =>
  fc.oneof(
    fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
    fc.record({ kind: fc.constant('set' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
    fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 4 }) }),
    fc.record({ kind: fc.constant('u32' as const), at: fc.nat(), value: fc.oneof(fc.constantFrom(0, 1, 0x7fffffff, 0xffffffff, 0x40000000), fc.nat()) }),
    ...(tfrecord ? [fc.record({ kind: fc.constant('tfrecord-length' as const), record: fc.nat(), value: fc.oneof(fc.constant(2 ** 40), fc.nat({ max: 1 << 20 })) })] : []),
  );

describe('binary loaders under fuzzing (bounded budget)', () => {
  const rss0 = process.memoryUsage().rss;
  let maxInput = 0;
  let n = 0;
  for (const s of shapes(2, 20)) {
    it(`${s.name}: damaged files give a RunSet (every loss warned) or a typed error, promptly`, async () => {
      maxInput = Math.max(maxInput, s.bytes.length);
      const bounds = new Set(recordStarts(s.bytes));
      await fc.assert(
        fc.asyncProperty(fc.array(arbMutation(s.name === 'tensorboard'), { minLength: 1, maxLength: 2 }), async (muts) => {
          let b = s.bytes;
          for (const m of muts) b = mutate(b, m);
          const f = join(dir, `${n++}-${s.file}`);
          writeFileSync(f, b);
          const t = performance.now();
          try {
            const rs = await load(f, { format: s.name });
            if (rs.numPoints < s.points && rs.warnings.length === 0) {
              // Only a TFRecord file cut exactly at a record boundary is a valid shorter file.
              expect(s.name === 'tensorboard' && bounds.has(b.length) && b.every((x, i) => x === s.bytes[i]), `${rs.numPoints} of ${s.points} points, no warning`).toBe(true);
            }
          } catch (e) {
            expect(e, String(e)).toBeInstanceOf(ScalelabError);
          } finally {
            rmSync(f);
          }
          expect(performance.now() - t).toBeLessThan(25_000);
        }),
        { numRuns: s.name === 'tensorboard' ? 300 : 60, seed: 9 },
      );
    });
  }

  it('memory stayed bounded: RSS growth under 20x the largest input plus the worker heap bound', () => {
    const growth = process.memoryUsage().rss - rss0;
    expect(growth).toBeLessThan(20 * maxInput + 256 * 1048576);
  });
});
