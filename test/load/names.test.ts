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

describe('one damaged step number is not a restart', () => {
  it('10..40, 5, 60..: the 5 is set aside with a warning; no restart, nothing else superseded', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scalelab-damaged-'));
    const p = join(dir, 'log.csv');
    writeFileSync(p, 'step,loss\n10,4\n20,3.5\n30,3.25\n40,3\n5,2.9\n60,2.8\n70,2.7\n');
    const rs = await load(p);
    const r = rs.runs[0]!;
    expect(r.restarts).toEqual([]);
    expect([...rs.curve(r.id, 'loss')!.step]).toEqual([10, 20, 30, 40, 60, 70]);
    expect(rs.superseded.numRows()).toBe(1);
    expect(rs.superseded.get('reason', 0)).toBe('damaged');
    expect(rs.superseded.get('step', 0)).toBe(5);
    expect(rs.warnings).toMatchObject([{ skipped: 1, message: expect.stringMatching(/step 5 comes between steps 40 and 60: a damaged step number, not a restart/) }]);
  });

  it('a real resume (back to a checkpoint, then re-logging the same steps) is still a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scalelab-damaged-'));
    const p = join(dir, 'log.csv');
    writeFileSync(p, 'step,loss\n10,4\n20,3.5\n30,3.25\n40,3\n20,3.4\n30,3.2\n40,3.05\n50,2.9\n');
    const rs = await load(p);
    expect(rs.runs[0]!.restarts).toEqual([{ fromStep: 40, toStep: 20, superseded: 3 }]);
    // resumed one interval back and logging past the old end at once: a restart too
    const q = join(dir, 'log2.csv');
    writeFileSync(q, 'step,loss\n10,4\n20,3.5\n30,3.25\n40,3\n31,3.2\n41,3.05\n');
    expect((await load(q)).runs[0]!.restarts).toEqual([{ fromStep: 40, toStep: 31, superseded: 1 }]);
  });
});
