/**
 * `scalelab compare <table> --by COLUMN`: CSV and JSONL runs tables, seeds paired from the table, bad input.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../src/cli/main.js';
import { pairedTest } from '../../src/stats/index.js';

async function capture(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [], err: string[] = [];
  const o = process.stdout.write.bind(process.stdout), e = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((s: string) => { out.push(s); return true; }) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => { err.push(s); return true; }) as typeof process.stderr.write;
  try { return { code: await run(argv), out: out.join(''), err: err.join('') }; } finally { process.stdout.write = o; process.stderr.write = e; }
}

const dir = mkdtempSync(join(tmpdir(), 'scalelab-compare-'));
const base = [3.301, 3.309, 3.292, 3.305, 3.298], v = [3.296, 3.305, 3.288, 3.301, 3.293];
const csv = join(dir, 'runs.csv');
writeFileSync(csv, 'run,arch,seed,val_loss\n' + base.map((x, i) => `b${i},base,${i},${x}`).join('\n') + '\n' + v.map((x, i) => `v${i},new,${4 - i},${v[4 - i]}`).join('\n') + '\n');

describe('scalelab compare <table> --by', () => {
  it('CSV: pairs runs by the seed column and gives the paired t-test', async () => {
    const r = await capture(['compare', csv, '--by', 'arch', '--metric', 'val_loss', '--resamples', '500', '--test', 'paired', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    const c = j.comparisons[0];
    expect(c.test).toBe('paired');
    expect(c.ci_method).toMatchObject({ level: 0.95, method: 'paired-t' });
    expect(c.bootstrap_ci_method).toMatchObject({ level: 0.95, method: 'bca', resamples: 500, seed: 0, over: 'seed pairs' });
    expect(j.variants[0].ci_method).toMatchObject({ level: 0.95, method: 't' });
    const dflt = JSON.parse((await capture(['compare', csv, '--by', 'arch', '--metric', 'val_loss', '--resamples', '500', '--json'])).out);
    expect(dflt.comparisons[0].test).toBe('welch'); // seeds in the table do not pair by themselves
    expect(c.p).toBeCloseTo(pairedTest(v, base).p, 14);
    expect(c.decision).toBe('better');
  });
  it('JSONL with a diverged run: reported in warnings and per variant', async () => {
    const p = join(dir, 'runs.jsonl');
    writeFileSync(p, [...base.map((x, i) => ({ id: `b${i}`, arch: 'base', acc: x })), { id: 'bad', arch: 'new', acc: 'nan' }, ...v.map((x, i) => ({ id: `v${i}`, arch: 'new', acc: x }))].map((o) => JSON.stringify(o)).join('\n'));
    const r = await capture(['compare', p, '--by', 'arch', '--metric', 'acc', '--resamples', '500', '--json']);
    const j = JSON.parse(r.out);
    expect(j.direction).toBe('higher'); // 'acc' is higher-is-better
    expect(j.variants[1].diverged).toEqual(['bad (NaN)']);
    expect(j.warnings.join(' ')).toMatch(/bad \(NaN\)/);
  });
  it('human-readable output names the decision; bad arguments and bad columns exit 1 with the column named', async () => {
    const r = await capture(['compare', csv, '--by', 'arch', '--metric', 'val_loss', '--resamples', '500', '--test', 'paired']);
    expect(r.out).toMatch(/new\s.*paired\s+better/);
    expect(r.out).toContain('intervals of diff: 95% paired t interval (by seed)');
    expect(r.out).toContain('95% t interval of the mean');
    const dflt = await capture(['compare', csv, '--by', 'arch', '--metric', 'val_loss', '--resamples', '500']);
    expect(dflt.out).toMatch(/new\s.*welch\s+/);
    expect(dflt.out).toContain('note: every variant has the same seeds; if a seed fixes randomness the variants share (data order, initialisation), --test paired pairs runs by seed');
    expect(r.out).not.toContain('note: every variant');
    expect((await capture(['compare', csv, '--metric', 'val_loss'])).code).toBe(1);
    expect((await capture(['compare', csv, '--by', 'arch', '--metric', 'val_loss', '--test', 'ztest'])).code).toBe(1);
    const bad = await capture(['compare', csv, '--by', 'nope', '--metric', 'val_loss']);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/no column 'nope'/);
    const unmatched = await capture(['compare', csv, '--by', 'arch', '--metric', 'val_loss', '--test', 'paired', '--seed-column', 'run']);
    expect(unmatched.code).toBe(1);
    expect(unmatched.err).toMatch(/CompareError: .*seeds do not match/);
  });
});
