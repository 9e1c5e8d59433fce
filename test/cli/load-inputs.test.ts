/**
 * `scalelab load DIR --out DIR/x` never overwrites an input: the inputs checked are every file the folder walk
 * looked at (loaded, skipped as not a log, or failed), not only the sources of the runs that loaded.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/load.js';
import { runCli } from '../helpers/cli.js';

describe('load --out and the walk inputs', () => {
  it('refuses every file the walk looked at, writes a new file, and then refuses it as an input', async () => {
    const d = mkdtempSync(join(tmpdir(), 'scalelab-out-'));
    writeFileSync(join(d, 'train.csv'), 'step,loss\n0,3\n10,2\n');
    const script = 'print("step:1/10 val_loss:3.2")\n';
    writeFileSync(join(d, 'train_gpt.py'), script);
    writeFileSync(join(d, 'broken.parquet'), Uint8Array.from([0x50, 0x41, 0x52, 0x31, 9, 9, 0x50, 0x41, 0x52, 0x31, 0, 0, 0, 0]));
    for (const f of ['train_gpt.py', 'train.csv', 'broken.parquet']) {
      await expect(runCli(main, [d, '--out', join(d, f)]), f).rejects.toThrow(/one of the inputs/);
    }
    expect(readFileSync(join(d, 'train_gpt.py'), 'utf8')).toBe(script);
    const out = join(d, 'all.csv');
    const r = await runCli(main, [d, '--out', out]);
    expect(r.code).toBe(0);
    expect(existsSync(out)).toBe(true);
    await expect(runCli(main, [d, '--out', out])).rejects.toThrow(/one of the inputs/);
  });

  it('--strict turns a failing file in the walk into an error', async () => {
    const d = mkdtempSync(join(tmpdir(), 'scalelab-out-'));
    writeFileSync(join(d, 'train.csv'), 'step,loss\n0,3\n10,2\n');
    writeFileSync(join(d, 'broken.parquet'), Uint8Array.from([0x50, 0x41, 0x52, 0x31, 9, 9, 0x50, 0x41, 0x52, 0x31, 0, 0, 0, 0]));
    expect((await runCli(main, [d, '--json'])).code).toBe(0);
    await expect(runCli(main, [d, '--strict'])).rejects.toMatchObject({ name: 'LoadError', file: join(d, 'broken.parquet') });
  });
});
