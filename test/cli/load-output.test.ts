/** `scalelab load`: JSON of non-finite numbers, skipped-line counts, --out into a missing or read-only folder. */
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonReplacer } from '../../src/cli/common.js';
import { main, summarizeRuns } from '../../src/cli/load.js';
import { load } from '../../src/load/load.js';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'scalelab-cli-load-'));

describe('load --json', () => {
  it('prints a non-finite final as "Infinity"/"-Infinity"/"NaN", never null', async () => {
    const p = join(dir, 'nf.csv');
    writeFileSync(p, 'run,step,metric,value\na,1,loss,2.5\na,2,loss,inf\nb,1,loss,-inf\nc,1,loss,nan\nd,1,loss,1.5\n');
    const r = await runCli(main, [p, '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    const finals = Object.fromEntries(out.runs.map((x: { id: string; metrics: { loss: { final: unknown } } }) => [x.id, x.metrics.loss.final]));
    expect(finals).toEqual({ a: 'Infinity', b: '-Infinity', c: 'NaN', d: 1.5 });
    expect(out.skipped_lines).toEqual({ total: 0, files: {} });
    // The text output says the same.
    const t = await runCli(main, [p]);
    expect(t.stdout).toMatch(/final Infinity/);
  });

  it('the shared replacer maps every non-finite number and nothing else', () => {
    expect(JSON.stringify([NaN, Infinity, -Infinity, 0, -0, 1e308, null, 'NaN'], jsonReplacer)).toBe('["NaN","Infinity","-Infinity",0,0,1e+308,null,"NaN"]');
  });

  it('counts the rows it did not load, per file, with a warning naming file:line for each', async () => {
    const p = join(dir, 'bad.csv');
    writeFileSync(p, 'step,loss\n1,2.5\n2,oops\n3,2.25\ninf,2.0\n');
    const rs = await load(p);
    const s = summarizeRuns(rs);
    expect(s.skipped_lines).toEqual({ total: 2, files: { [p]: 2 } });
    expect(s.warnings.filter((w) => w.startsWith(`${p}:3:`) || w.startsWith(`${p}:5:`))).toHaveLength(2);
  });

  it('is linear in the number of runs: 20,000 one-point runs summarised in well under a second', async () => {
    const p = join(dir, 'many.csv');
    let text = 'run,step,metric,value\n';
    for (let i = 0; i < 20000; i++) text += `r${i},1,loss,${i}\n`;
    writeFileSync(p, text);
    const rs = await load(p);
    const s = summarizeRuns(rs);
    expect(s.runs).toHaveLength(20000);
    expect(s.runs[12345]!.metrics.loss).toEqual({ points: 1, first_step: 1, last_step: 1, final: 12345 });
  });
});

describe('load --out', () => {
  const src = join(dir, 'ok.csv');
  writeFileSync(src, 'step,loss\n1,2.5\n');

  it('into a missing folder: a usage error naming the folder and what to do, no trace', async () => {
    const r = await runCli(main, [src, '--out', join(dir, 'nope', 'x.csv')]).catch((e: Error) => ({ code: -1, stdout: '', stderr: `${e.name}: ${e.message}` }));
    expect(r.stderr).toMatch(/UsageError: --out .*nope.x\.csv: the folder .*nope does not exist; create it \(mkdir -p/);
    expect(r.stderr).not.toMatch(/ENOENT|at .*\.ts:\d+/);
  });

  it.skipIf(process.getuid?.() === 0)('into a read-only folder: a usage error saying it is not writable', async () => {
    const ro = join(dir, 'ro');
    mkdirSync(ro);
    chmodSync(ro, 0o555);
    const r = await runCli(main, [src, '--out', join(ro, 'x.csv')]).catch((e: Error) => ({ code: -1, stdout: '', stderr: `${e.name}: ${e.message}` }));
    expect(r.stderr).toMatch(/UsageError: --out .*ro.x\.csv: the folder .*ro is not writable/);
    chmodSync(ro, 0o755);
  });

  it('naming a folder, or an unknown extension, is refused before loading', async () => {
    const r = await runCli(main, [src, '--out', dir]).catch((e: Error) => ({ code: -1, stdout: '', stderr: e.message }));
    expect(r.stderr).toMatch(/unknown extension|is a folder/);
    const r2 = await runCli(main, [src, '--out', join(dir, 'x.xlsx')]).catch((e: Error) => ({ code: -1, stdout: '', stderr: e.message }));
    expect(r2.stderr).toMatch(/unknown extension '\.xlsx'/);
  });
});

describe('outputError', () => {
  it('turns the write errors a user can fix into a UsageError naming the path; others pass through', async () => {
    const { outputError, UsageError } = await import('../../src/cli/common.js');
    for (const code of ['EACCES', 'EPERM', 'EROFS', 'ENOENT', 'ENOSPC', 'EISDIR', 'ENOTDIR']) {
      const e = outputError(Object.assign(new Error('raw'), { code }), '/x/y.csv', '--out');
      expect(e).toBeInstanceOf(UsageError);
      expect((e as Error).message).toMatch(/^--out \/x\/y\.csv: could not write: /);
    }
    const other = new Error('other');
    expect(outputError(other, '/x', '--out')).toBe(other);
  });
});

describe('load --out under a file', () => {
  it('is refused before loading, naming the path', async () => {
    const src = join(dir, 'ok2.csv');
    writeFileSync(src, 'step,loss\n1,2.5\n');
    const r = await runCli(main, [src, '--out', join(src, 'x.csv')]).catch((e: Error) => ({ code: -1, stdout: '', stderr: `${e.name}: ${e.message}` }));
    expect(r.stderr).toMatch(/UsageError: --out .*ok2\.csv.x\.csv: .*ok2\.csv is not a folder/);
  });
});
