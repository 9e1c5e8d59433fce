import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { load } from '../../src/load/index.js';
import { writeCsv, writeJsonl, type RunSet } from '../../src/runs/index.js';
import { sample } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'scalelab-runs-io-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Kept points of every run with curves, as [run, metric, step, value, tokens] with values compared bit for bit. */
function points(rs: RunSet): unknown[][] {
  const t = rs.metrics;
  return Array.from({ length: t.numRows() }, (_, i) => ['run', 'metric', 'step', 'value', 'tokens', 'flops', 'time'].map((c) => t.get(c, i)));
}

describe('CSV and JSONL written here read back through load()', () => {
  for (const ext of ['csv', 'jsonl'] as const) {
    it(`${ext}: values bit-exact (NaN included), runs, metrics and flags preserved`, async () => {
      const rs = sample();
      const path = join(dir, `m.${ext}`);
      await (ext === 'csv' ? writeCsv : writeJsonl)(rs, path);
      const back = await load(path);
      // Run 'c' has no points, so a long-form file cannot name it.
      expect(back.runs.map((r) => r.id)).toEqual(['a', 'b']);
      const sort = (p: unknown[][]) => [...p].sort((x, y) => String(x.slice(0, 3)).localeCompare(String(y.slice(0, 3))));
      const want = sort(points(rs)), got = sort(points(back));
      expect(got.length).toBe(want.length);
      want.forEach((row, i) => row.forEach((v, j) => expect(Object.is(v, got[i]![j]), `row ${i} col ${j}: ${String(v)} vs ${String(got[i]![j])}`).toBe(true)));
      // The flag column reads back too: the skipped iteration of 'b' stays skipped, its NaN loss stays non-finite.
      const flags = (r: RunSet) => r.metrics.array('flag') as Uint8Array;
      const keyed = (r: RunSet) => sort(points(r).map((p, i) => [...p.slice(0, 3), flags(r)[i]]));
      expect(keyed(back)).toEqual(keyed(rs));
      expect(back.run('b')).toMatchObject({ nonFinite: 1, skipped: 1 });
      expect(back.run('a')).toMatchObject({ nonFinite: 0, skipped: 0 });
    });
  }
});
