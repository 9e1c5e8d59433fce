/**
 * Parquet and Arrow from untrusted files: framing and layout checks before decoding, row counts after, and the
 * worker's bounds (time, heap) turning any decoder failure into a LoadError. Files are written by the project's
 * own writers and damaged here in the shape of each reported case.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as aq from 'arquero';
import { parquetMetadata } from 'hyparquet';
import { afterEach, describe, expect, it } from 'vitest';
import { LoadError } from '../../../src/errors.js';
import { decodeArrowLongTable } from '../../../src/load/binary/decode.js';
import { sandboxLimits, stopSandbox } from '../../../src/load/binary/sandbox.js';
import { load } from '../../../src/load/load.js';
import { checkParquetLayout, decodeParquetLong, toParquet } from '../../../src/runs/parquet.js';
import { toArrowIPC } from '../../../src/runs/interop.js';
import { sweep } from './shapes.js';

const dir = mkdtempSync(join(tmpdir(), 'scalelab-bin-'));
let k = 0;
const file = (name: string, b: Uint8Array) => { const p = join(dir, `${k++}-${name}`); writeFileSync(p, b); return p; };
const defaults = { ...sandboxLimits };
afterEach(() => Object.assign(sandboxLimits, defaults));

describe('Parquet checks', () => {
  const rs = sweep(2, 25); // 100 points
  const good = new Uint8Array(toParquet(rs));

  it('a good file loads whole, through the worker', async () => {
    const back = await load(file('runs.parquet', good));
    expect(back.numPoints).toBe(100);
    expect(back.warnings).toEqual([]);
  });

  it('a footer length beyond the file, a cut file and a missing magic are LoadErrors at the right byte', async () => {
    const big = good.slice();
    new DataView(big.buffer).setUint32(big.length - 8, 0x7fffffff, true);
    await expect(load(file('a.parquet', big), { format: 'parquet' })).rejects.toMatchObject({ name: 'LoadError', offset: big.length - 8, message: expect.stringMatching(/footer length 2147483647 does not fit/) });
    const cut = good.slice(0, good.length - 100);
    await expect(load(file('b.parquet', cut), { format: 'parquet' })).rejects.toMatchObject({ name: 'LoadError', message: expect.stringMatching(/does not end with PAR1/) });
    await expect(decodeParquetLong(good.slice(4), 'c.parquet')).rejects.toMatchObject({ offset: 0, message: expect.stringMatching(/no PAR1 magic/) });
  });

  it('metadata that disagrees with itself or with the file size is refused before decoding (the "0 of 50 rows" case)', () => {
    const meta = () => parquetMetadata(good.slice().buffer as ArrayBuffer);
    expect(() => checkParquetLayout(meta(), good.length, 'f')).not.toThrow();
    const zeroGroup = meta();
    zeroGroup.row_groups[0]!.num_rows = 0n;
    expect(() => checkParquetLayout(zeroGroup, good.length, 'f')).toThrow(/row groups hold 0 rows but the metadata says 100/);
    const huge = meta();
    huge.num_rows = 10n ** 12n;
    huge.row_groups[0]!.num_rows = 10n ** 12n;
    expect(() => checkParquetLayout(huge, good.length, 'f')).toThrow(/impossible in a file of/);
    const outside = meta();
    outside.row_groups[0]!.columns[2]!.meta_data!.data_page_offset = BigInt(good.length + 10);
    expect(() => checkParquetLayout(outside, good.length, 'f')).toThrow(LoadError);
    expect(() => checkParquetLayout(outside, good.length, 'f')).toThrow(/column 'step' of row group 0 claims bytes/);
    const values = meta();
    values.row_groups[0]!.columns[0]!.meta_data!.num_values = -1n;
    expect(() => checkParquetLayout(values, good.length, 'f')).toThrow(/says -1 values/);
  });
});

describe('Parquet pages that decode to fewer or more rows than the metadata says', () => {
  // Single-bit flips in the first page of `toParquet(sweep(3, 30))` (found by trying every bit; the writer is
  // deterministic): a page header whose value count shrinks or grows. Before, such files loaded 0 (or 60) of 180
  // rows without a word.
  const good = new Uint8Array(toParquet(sweep(3, 30)));
  const flip = (at: number, bit: number) => { const c = good.slice(); c[at] ^= 1 << bit; return c; };

  it('0 or 60 of 180 rows decoded: a LoadError naming the column and both counts', async () => {
    await expect(decodeParquetLong(flip(64, 0), 'f.parquet')).rejects.toThrow(/column 'run' decoded 0 values but the metadata says 180 rows/);
    await expect(decodeParquetLong(flip(60, 1), 'f.parquet')).rejects.toThrow(/column 'run' decoded 60 values but the metadata says 180 rows/);
    const f = file('short.parquet', flip(64, 0));
    await expect(load(f, { format: 'parquet' })).rejects.toMatchObject({ name: 'LoadError', file: f, message: expect.stringMatching(/decoded 0 values but the metadata says 180/) });
  });

  it('more rows than the metadata says: a LoadError, and no exception escapes from the decoder callback', async () => {
    await expect(decodeParquetLong(flip(77, 1), 'f.parquet')).rejects.toThrow(/decoded rows 0\.\.181, beyond the 180 rows/);
    await expect(load(file('long.parquet', flip(79, 2)))).rejects.toBeInstanceOf(LoadError);
  });
});

describe('Arrow checks', () => {
  const rs = sweep(2, 25);
  const good = toArrowIPC(rs);

  it('a good stream loads whole; a stream cut at a message boundary (no end-of-stream marker) warns', async () => {
    expect((await load(file('r.arrow', good))).numPoints).toBe(100);
    const t = decodeArrowLongTable(good.subarray(0, good.length - 8), 'x.arrow', aq);
    expect(t.rows).toBe(100);
    expect(t.warnings![0]).toMatch(/no end-of-stream marker/);
    const rs2 = await load(file('cut.arrow', good.subarray(0, good.length - 8)));
    expect(rs2.warnings.some((w) => /no end-of-stream marker/.test(w.message))).toBe(true);
  });

  /** Offsets of every int64 equal to `v` in `b` (the record batch length and its columns' lengths). */
  const int64s = (b: Uint8Array, v: number) => {
    const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    const out: number[] = [];
    for (let i = 0; i + 8 <= b.length; i++) if (dv.getUint32(i, true) === v && dv.getUint32(i + 4, true) === 0) out.push(i);
    return out;
  };

  for (const format of ['stream', 'file'] as const) {
    it(`${format} format: a damaged record batch length (180 rows read as 9) is a LoadError, never 9 rows`, async () => {
      const rs180 = sweep(3, 30);
      const bytes = format === 'stream' ? toArrowIPC(rs180) : aq.toArrowIPC(rs180.metrics, { format: 'file' } as never);
      expect(decodeArrowLongTable(bytes, 'ok.arrow', aq).rows).toBe(180);
      const hits = int64s(bytes, 180);
      expect(hits.length).toBeGreaterThanOrEqual(9); // the batch length and its 8 columns
      for (const h of hits) {
        const c = bytes.slice();
        new DataView(c.buffer).setUint32(h, 9, true);
        expect(() => decodeArrowLongTable(c, 'x.arrow', aq), `int64 at ${h}`).toThrow(/values but the record batch says|fewer than its 180 rows need/);
      }
      // Every length rewritten consistently: the buffers still hold 180 values, which the check sees.
      const all = bytes.slice();
      for (const h of hits) new DataView(all.buffer).setUint32(h, 9, true);
      await expect(load(file(`all-${format}.arrow`, all), { format: 'arrow' })).rejects.toMatchObject({ name: 'LoadError', message: expect.stringMatching(/far more than its 9 rows need.*row count is damaged/) });
    });
  }

  it('every length set to 2^30 in a 10 KB file (the heap-exhaustion case) is refused before any allocation', async () => {
    const bytes = toArrowIPC(sweep(3, 30));
    const all = bytes.slice();
    for (const h of int64s(bytes, 180)) new DataView(all.buffer).setUint32(h, 2 ** 30, true);
    const t = performance.now();
    const rss = process.memoryUsage().rss;
    expect(() => decodeArrowLongTable(all, 'big.arrow', aq)).toThrow(/fewer than its 1073741824 rows need|lies outside the 8824-byte body/);
    await expect(load(file('big.arrow', all))).rejects.toMatchObject({ name: 'LoadError', message: expect.stringMatching(/fewer than its 1073741824 rows need|lies outside the 8824-byte body/) });
    expect(performance.now() - t).toBeLessThan(10_000);
    expect(process.memoryUsage().rss - rss).toBeLessThan(64 * 1048576);
  });

  it('garbage after the magic or a short file is a LoadError, not an exception from the decoder', async () => {
    const bad = Uint8Array.from([...good.subarray(0, 40), ...new Uint8Array(200).fill(0xee)]);
    await expect(load(file('g.arrow', bad), { format: 'arrow' })).rejects.toBeInstanceOf(LoadError);
    await expect(load(file('s.arrow', good.subarray(0, 5)), { format: 'arrow' })).rejects.toBeInstanceOf(LoadError);
  });
});

describe('the worker bounds', () => {
  const good = new Uint8Array(toParquet(sweep(2, 25)));

  it('a decode over its time bound is a LoadError and the next load works (a fresh worker)', async () => {
    // 400k rows take far longer to decode than the 1 ms allowed, however busy the machine.
    const f = file('slow.parquet', new Uint8Array(toParquet(sweep(4, 50_000))));
    Object.assign(sandboxLimits, { timeBaseMs: 1, minBytesPerMs: 1e12 });
    await expect(load(f)).rejects.toMatchObject({ name: 'LoadError', file: f, message: expect.stringMatching(/did not finish within 0\.0 s/) });
    Object.assign(sandboxLimits, defaults);
    expect((await load(f)).numPoints).toBe(400_000);
  });

  it('a decode over its heap bound is a LoadError naming the bound, and the next load works', async () => {
    stopSandbox(); // the warm worker has the default heap
    Object.assign(sandboxLimits, { heapBaseMb: 2, heapPerMb: 0 });
    const f = file('heap.parquet', good);
    await expect(load(f)).rejects.toMatchObject({ name: 'LoadError', file: f, message: expect.stringMatching(/more than 2 MB|decoder (failed|stopped)/) });
    Object.assign(sandboxLimits, defaults);
    expect((await load(f)).numPoints).toBe(100);
  });
});
