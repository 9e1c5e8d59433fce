/** Names and numbers from paths (issue 9): backslashes in folder names, seeds written with leading zeros. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { load } from '../../src/load/load.js';
import { compileRule, seedValue, slashPath } from '../../src/load/rule.js';

describe('names from paths', () => {
  it.skipIf(process.platform === 'win32')('a backslash in a folder name stays in the run id and the variant', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scalelab-names-'));
    mkdirSync(join(dir, 'lr\\3e-4'));
    writeFileSync(join(dir, 'lr\\3e-4', 'seed1.csv'), 'step,loss\n1,2.5\n');
    mkdirSync(join(dir, 'base'));
    writeFileSync(join(dir, 'base', 'seed1.csv'), 'step,loss\n1,2.25\n');
    const rs = await load(dir, { rule: '{variant}/seed{seed}.csv' });
    expect(rs.runs.map((r) => [r.id, r.variant, r.seed])).toEqual([['base/seed1', 'base', 1], ['lr\\3e-4/seed1', 'lr\\3e-4', 1]]);
    expect(rs.curve('lr\\3e-4/seed1', 'loss')!.value[0]).toBe(2.5);
  });

  it('slashPath converts only where backslash is the separator', () => {
    expect(slashPath('a\\b/c', '/')).toBe('a\\b/c');
    expect(slashPath('a\\b\\c', '\\')).toBe('a/b/c');
  });

  it('seeds "01" and "1" stay two seeds (and two runs)', async () => {
    expect(seedValue('1')).toBe(1);
    expect(seedValue('01')).toBe('01');
    expect(seedValue('1.0')).toBe('1.0');
    expect(seedValue('42')).toBe(42);
    expect(seedValue('-3')).toBe(-3);
    expect(seedValue('abc')).toBe('abc');
    const m = compileRule('{variant}/seed{seed}.log');
    expect(m('x/a/seed01.log')).toEqual({ variant: 'a', seed: '01' });
    expect(m('x/a/seed1.log')).toEqual({ variant: 'a', seed: 1 });
    const dir = mkdtempSync(join(tmpdir(), 'scalelab-seeds-'));
    mkdirSync(join(dir, 'a'));
    writeFileSync(join(dir, 'a', 'seed01.csv'), 'step,loss\n1,2.5\n');
    writeFileSync(join(dir, 'a', 'seed1.csv'), 'step,loss\n1,2.0\n');
    const rs = await load(dir, { rule: '{variant}/seed{seed}.csv' });
    expect(rs.runs.map((r) => r.seed)).toEqual(['01', 1]);
  });

  it('a W&B runs table keeps a seed cell "01" as text', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scalelab-seeds-'));
    const p = join(dir, 'runs.csv');
    writeFileSync(p, '"Name","State","seed"\n"a","finished","01"\n"b","finished","1"\n');
    const rs = await load(p);
    expect(rs.runs.map((r) => r.seed)).toEqual(['01', 1]);
  });
});
