import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError, LoadError, pointsFromTable, readTable, readTableSync } from '../../src/index.js';
import { fixture } from '../helpers/fixtures.js';

const tmp = mkdtempSync(join(tmpdir(), 'scalelab-read-table-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const write = (name: string, text: string | ArrayBuffer) => {
  const p = join(tmp, name);
  writeFileSync(p, typeof text === 'string' ? text : new Uint8Array(text));
  return p;
};

describe('readTable', () => {
  it('reads the committed Epoch AI CSV into rows that pointsFromTable maps (245 rows, numbers typed)', async () => {
    const rows = await readTable(fixture('chinchilla/chinchilla_epoch.csv'));
    expect(rows.length).toBe(245);
    expect(typeof rows[0]!['Model Size']).toBe('number');
    const pts = pointsFromTable(rows, { N: 'Model Size', C: 'Training FLOP', loss: 'loss' });
    expect(pts.every((p) => Number.isFinite(p.N) && Number.isFinite(p.C) && Number.isFinite(p.loss))).toBe(true);
  });

  it('reads TSV, JSON arrays and JSON Lines, and keeps text when typed is false', async () => {
    expect(await readTable(write('a.tsv', 'run\tloss\na\t3.5\nb\tnan\n'))).toEqual([{ run: 'a', loss: 3.5 }, { run: 'b', loss: NaN }]);
    expect(await readTable(write('a.json', '[{"run":"a","loss":3.5}]'))).toEqual([{ run: 'a', loss: 3.5 }]);
    expect(await readTable(write('a.jsonl', '{"run":"a","loss":3.5}\n\n{"run":"b","loss":3}\n'))).toEqual([{ run: 'a', loss: 3.5 }, { run: 'b', loss: 3 }]);
    expect(readTableSync(write('b.csv', 'run,loss\na,3.5\n'), { typed: false })).toEqual([{ run: 'a', loss: '3.5' }]);
  });

  it('reads Parquet (by extension or by its PAR1 magic), turning exact BigInt cells into numbers', async () => {
    const buf = parquetWriteBuffer({
      columnData: [
        { name: 'run', data: ['a', 'b'], type: 'STRING' },
        { name: 'N', data: [100000000n, 400000000n], type: 'INT64' },
        { name: 'loss', data: [3.25, 2.875], type: 'DOUBLE' },
      ],
    });
    const expected = [{ run: 'a', N: 1e8, loss: 3.25 }, { run: 'b', N: 4e8, loss: 2.875 }];
    expect(await readTable(write('t.parquet', buf))).toEqual(expected);
    expect(await readTable(write('t.bin', buf))).toEqual(expected);
    expect(() => readTableSync(join(tmp, 't.parquet'))).toThrow(/await readTable/);
  });

  it('names the path of a missing file or a folder (no raw ENOENT)', async () => {
    await expect(readTable(join(tmp, 'nope.csv'))).rejects.toThrow(new InputError(`cannot read ${join(tmp, 'nope.csv')}: no such file`));
    mkdirSync(join(tmp, 'dir.csv'));
    await expect(readTable(join(tmp, 'dir.csv'))).rejects.toThrow(/dir\.csv: it is a folder/);
  });

  it('refuses a ragged row, bad JSON, an empty file and a corrupt Parquet file with file and line', async () => {
    await expect(readTable(write('r.csv', 'run,loss\na,3.5\nb\n'))).rejects.toThrow(LoadError);
    await expect(readTable(write('r.csv', 'run,loss\na,3.5\nb\n'))).rejects.toThrow(/r\.csv:3/);
    await expect(readTable(write('r.jsonl', '{"a":1}\n{oops\n'))).rejects.toThrow(/r\.jsonl:2/);
    await expect(readTable(write('e.csv', '  \n'))).rejects.toThrow(/empty/);
    await expect(readTable(write('x.parquet', 'PAR1 not really'))).rejects.toThrow(/not a readable Parquet file/);
    await expect(readTable(write('n.json', '[1, 2]'))).rejects.toThrow(/array of objects/);
  });
});
