import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LoadError } from '../../../src/errors.js';
import { load } from '../../../src/load/load.js';
import { writeArrow, writeCsv, writeParquet } from '../../../src/runs/io.js';
import type { RunSet } from '../../../src/runs/runset.js';

/** Every curve of `a` equals the same curve of `b`, bit for bit (NaN equal to NaN). */
function expectSameCurves(a: RunSet, b: RunSet): void {
  expect(b.runs.map((r) => r.id)).toEqual(a.runs.map((r) => r.id));
  expect(b.numPoints).toBe(a.numPoints);
  for (const r of a.runs) {
    expect(b.runMetrics(r.id)).toEqual(a.runMetrics(r.id));
    for (const m of a.runMetrics(r.id)) {
      const x = a.curve(r.id, m)!, y = b.curve(r.id, m)!;
      expect(Array.from(y.step)).toEqual(Array.from(x.step));
      expect(Array.from(y.value)).toEqual(Array.from(x.value));
      expect(Array.from(y.flag)).toEqual(Array.from(x.flag));
    }
  }
}

describe('long-form Parquet and Arrow load back (what scalelab load --out writes)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scalelab-longform-'));

  it('Parquet: detected, same points, and run metadata (variant, seed) restored from the file', async () => {
    const rs = await load('data/ablation', { rule: '{variant}/seed{seed}.log' });
    const f = join(dir, 'runs.parquet');
    await writeParquet(rs, f);
    const back = await load(f);
    expectSameCurves(rs, back);
    expect(back.runs.every((r) => r.format === 'parquet' && r.source === f)).toBe(true);
    expect(back.runs.map((r) => [r.variant, r.seed])).toEqual(rs.runs.map((r) => [r.variant, r.seed]));
    expect((await load(f, { format: 'parquet' })).numPoints).toBe(rs.numPoints);
  });

  it('Parquet keeps skipped iterations flagged (the Megatron demo log has one)', async () => {
    const rs = await load('data/curves/megatron-760m.log');
    const f = join(dir, 'megatron.parquet');
    await writeParquet(rs, f);
    const back = await load(f);
    expectSameCurves(rs, back);
    expect(back.runs[0]!.skipped).toBe(rs.runs[0]!.skipped);
    expect(rs.runs[0]!.skipped).toBe(1);
  });

  it('Arrow (stream format as arquero writes it): detected by its marker and extension, same points', async () => {
    const rs = await load('data/ablation', { rule: '{variant}/seed{seed}.log' });
    const f = join(dir, 'runs.arrow');
    await writeArrow(rs, f);
    const back = await load(f);
    expectSameCurves(rs, back);
    expect(back.runs[0]!.format).toBe('arrow');
  });

  it('a garbled .parquet is a LoadError naming the file', async () => {
    const f = join(dir, 'bad.parquet');
    writeFileSync(f, Buffer.concat([Buffer.from('PAR1'), Buffer.alloc(64, 7), Buffer.from('PAR1')]));
    await expect(load(f)).rejects.toBeInstanceOf(LoadError);
    await expect(load(f)).rejects.toThrow(f);
  });
});
