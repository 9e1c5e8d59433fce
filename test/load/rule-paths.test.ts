import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandGlob, globToRegExp } from '../../src/load/paths.js';
import { compileRule } from '../../src/load/rule.js';
import { load } from '../../src/load/load.js';
import { FormatError, InputError, LoadError } from '../../src/errors.js';

describe('naming rules', () => {
  it('takes variant and seed from path segments, numbers as numbers', () => {
    const m = compileRule('{variant}/seed{seed}.txt');
    expect(m('logs/baseline/seed3.txt')).toEqual({ variant: 'baseline', seed: 3 });
    expect(m('/abs/x/rope-2/seed10.txt')).toEqual({ variant: 'rope-2', seed: 10 });
    expect(m('logs/baseline/run3.txt')).toBeUndefined();
  });
  it('splits a file name with several placeholders and keeps extra names as config', () => {
    const m = compileRule('{variant}_s{seed}_lr{lr}.log');
    expect(m('a/swiglu_big_s2_lr3e-4.log')).toEqual({ variant: 'swiglu_big', seed: 2, config: { lr: 3e-4 } });
  });
  it('accepts functions and rejects patterns without placeholders', () => {
    const m = compileRule((p) => ({ variant: p.split('/')[0] }));
    expect(m('v1/x.csv')).toEqual({ variant: 'v1' });
    expect(() => compileRule('runs/*.txt')).toThrow(InputError);
    expect(() => compileRule('{a}/{a}.txt')).toThrow(/twice/);
  });
});

describe('globs', () => {
  it('matches * within a segment, ** across segments and {a,b}', () => {
    expect(globToRegExp('runs/*.log').test('runs/a.log')).toBe(true);
    expect(globToRegExp('runs/*.log').test('runs/x/a.log')).toBe(false);
    expect(globToRegExp('runs/**/*.log').test('runs/x/y/a.log')).toBe(true);
    expect(globToRegExp('runs/**/*.log').test('runs/a.log')).toBe(true);
    expect(globToRegExp('r/{a,b}.csv').test('r/b.csv')).toBe(true);
  });
  it('expands in sorted order', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scalelab-glob-'));
    for (const v of ['b', 'a']) {
      mkdirSync(join(dir, v));
      for (const s of [2, 1]) writeFileSync(join(dir, v, `s${s}.log`), '');
    }
    writeFileSync(join(dir, 'a', 'notes.md'), '');
    expect(expandGlob(`${dir}/*/*.log`).map((p) => p.slice(dir.length + 1))).toEqual(['a/s1.log', 'a/s2.log', 'b/s1.log', 'b/s2.log']);
  });
});

describe('load() bad input', () => {
  it('names a missing path, an unknown format, and an empty glob', async () => {
    await expect(load('/nonexistent/x.csv')).rejects.toThrow(LoadError);
    await expect(load('/nonexistent/x.csv')).rejects.toThrow(/no such file/);
    await expect(load('package.json', { format: 'nope' })).rejects.toThrow(FormatError);
    await expect(load('package.json', { format: 'nope' })).rejects.toThrow(/Supported formats/);
    await expect(load('/nonexistent/*.csv')).rejects.toThrow(/no file matches/);
  });
});

describe('naming rules in folder formats', () => {
  it('see each run of a TensorBoard logdir by its own sub-path', async () => {
    const { EventWriter } = await import('./tensorboard/writer.js');
    const dir = mkdtempSync(join(tmpdir(), 'scalelab-tbrule-'));
    for (const v of ['base', 'wide']) for (const s of [1, 2]) {
      mkdirSync(join(dir, 'logs', v, `seed${s}`), { recursive: true });
      writeFileSync(join(dir, 'logs', v, `seed${s}`, 'events.out.tfevents.1.host'), new EventWriter(1).addScalar('loss', 0, s, 1).bytes());
    }
    const rs = await load(join(dir, 'logs'), { rule: '{variant}/seed{seed}' });
    expect(rs.runs.map((r) => [r.variant, r.seed]).sort()).toEqual([['base', 1], ['base', 2], ['wide', 1], ['wide', 2]]);
  });
});
