import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isInput } from '../../src/report/write.js';

describe('isInput (what every command checks before it writes)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scalelab-write-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const input = join(dir, 'runs.csv');
  writeFileSync(input, 'run,step,metric,value\n');
  const link = join(dir, 'link.csv');
  symlinkSync(input, link);

  it('sees the same file by path, by a relative path and through a symlink', () => {
    expect(isInput(input, [input])).toBe(true);
    expect(isInput(relative(process.cwd(), input), [input])).toBe(true);
    expect(isInput(link, [input])).toBe(true);
    expect(isInput(input, [link])).toBe(true);
  });

  it('does not confuse other files, or paths that do not exist yet', () => {
    expect(isInput(join(dir, 'out.csv'), [input])).toBe(false);
    expect(isInput(join(dir, 'out.csv'), [join(dir, 'out.csv')])).toBe(true);
    expect(isInput(join(dir, 'out.csv'), [])).toBe(false);
  });
});
