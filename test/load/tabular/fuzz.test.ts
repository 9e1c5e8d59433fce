/**
 * Bounded mutation fuzzing of every tabular loader (issue 9): mutated and cut real-shaped inputs give a RunSet or
 * a LoadError (never another exception, never a hang) and never lose points without a warning. The longer
 * campaign is bench/tabular-fuzz.ts (figures in bench/RESULTS.md).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ALPHABET, emptiesACell, fuzzCases, mutate, outcome, silentLoss, type Edit } from '../../helpers/tabular-fuzz.js';

const editArb = fc.tuple(fc.nat(1 << 20), fc.integer({ min: 0, max: 2 }), fc.oneof(fc.constantFrom(...ALPHABET), fc.integer({ min: 0, max: 255 })));

describe('tabular loaders under mutation fuzzing', () => {
  for (const c of fuzzCases()) {
    it(`${c.format} (${c.name}): the clean input loads, with at most a note`, async () => {
      const o = await outcome(c, c.bytes);
      expect(o.kind).toBe('ok');
      if (o.kind === 'ok') {
        expect(o.amount).toBeGreaterThan(0);
        expect(o.warnings).toBeLessThanOrEqual(1); // runs table: config/summary note; chart: constant bands; HF: an entry without step
      }
    });

    it(`${c.format} (${c.name}): 1-3 byte edits crash nothing and lose nothing silently`, async () => {
      const clean = await outcome(c, c.bytes);
      await fc.assert(
        fc.asyncProperty(fc.array(editArb, { minLength: 1, maxLength: 3 }), async (edits: Edit[]) => {
          const got = await outcome(c, mutate(c.bytes, edits));
          if (!emptiesACell(c.bytes, edits)) expect(silentLoss(clean, got), JSON.stringify(got)).toBe(false);
        }),
        { numRuns: 60 },
      );
    });

    it(`${c.format} (${c.name}): a cut anywhere crashes nothing`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.nat(c.bytes.length), async (cut) => {
          await outcome(c, c.bytes.subarray(0, cut));
        }),
        { numRuns: 25 },
      );
    });
  }
});
