import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { fileErrorReason } from '../../src/errors.js';
import { closest, didYouMean, editDistance } from '../../src/suggest.js';
import { runCli } from '../helpers/cli.js';

describe('did you mean', () => {
  it('measures edits, transpositions counting one, case-insensitively', () => {
    expect(editDistance('bootstap', 'bootstrap')).toBe(1);
    expect(editDistance('--sede', '--seed')).toBe(1);
    expect(editDistance('ABC', 'abc')).toBe(0);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('suggests containing names first, then near ones, and nothing when nothing is close', () => {
    expect(closest('--boot', ['--bootstrap', '--seed'])).toEqual(['--bootstrap']);
    expect(closest('loss', ['params', 'final loss', 'run'])).toEqual(['final loss']);
    expect(closest('val/los', ['val/loss', 'train/loss', 'lr'])).toEqual(['val/loss']);
    expect(closest('--xyzzy', ['--bootstrap', '--seed'])).toEqual([]);
    expect(didYouMean('chinchila', ['chinchilla', 'power'])).toBe(' Did you mean chinchilla?');
    expect(didYouMean('--los', ['--loss', '--lost'])).toBe(' Did you mean --loss or --lost?');
    expect(didYouMean('zzz', ['a'])).toBe('');
  });
});

describe('CLI usage errors', () => {
  const cli = (...args: string[]) => runCli(run, args);

  it('a mistyped flag gets the nearest flag and a short usage, not 40 lines of help or Node\'s parser advice', async () => {
    const r = await cli('fit', 'data/sweep/runs.csv', '--bootstap', '200');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      "scalelab fit: unknown option '--bootstap'. Did you mean --bootstrap?\n" +
      'usage: scalelab fit <data file> --law chinchilla|power|power0|kaplan|isoflop|envelope [options]\n' +
      'Run `scalelab fit --help` for every option.\n');
    expect(r.stderr).not.toMatch(/positional argument starting with/);
  });

  it('names a flag that lacks its value or takes none', async () => {
    expect((await cli('fit', 'data/sweep/runs.csv', '--law')).stderr).toMatch(/^scalelab fit: option '--law <value>' needs a value\nusage: /);
    expect((await cli('compare', '--json=yes')).stderr).toMatch(/option '--json' is a switch and takes no value/);
  });

  it('a mistyped command or law gets a suggestion', async () => {
    const r = await cli('fti', 'x');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("scalelab: unknown command 'fti'. Did you mean fit?\nRun `scalelab --help` for the commands.\n");
    expect((await cli('fit', 'data/sweep/runs.csv', '--law', 'chinchila')).stderr).toMatch(/unknown law 'chinchila' .*Did you mean chinchilla\?/);
  });

  it('a wrong --metric lists the metrics found (fit and compare)', async () => {
    const f = await cli('fit', 'data/sweep/curves.csv', '--metric', 'val/los');
    expect(f.code).toBe(1);
    expect(f.stderr).toMatch(/InputError: --metric \(data\/sweep\/curves\.csv\): no run has the metric 'val\/los' \(35 run\(s\); metrics found: val\/loss\)\. Did you mean val\/loss\?/);
    const c = await cli('compare', '--variant', 'a=data/ablation/baseline/*.log', '--variant', 'b=data/ablation/qk-norm/*.log', '--metric', 'val_loss');
    expect(c.stderr).toMatch(/no run has the metric 'val_loss' \(5 run\(s\); metrics found: val\/loss, train\/loss, lr, grad_norm\)\. Did you mean val\/loss\?/);
  }, 60_000);

  it('report and export name a missing path in words, not ENOENT', async () => {
    const r = await cli('report', 'no-such-config.json');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('scalelab report: ReportError: cannot read config no-such-config.json: no such file\n');
    const e = await cli('export', 'no-such.ipynb');
    expect(e.stderr).toBe('scalelab export: ReportError: cannot read no-such.ipynb: no such file\n');
    expect((await cli('report', 'data')).stderr).toMatch(/cannot read config data: it is a folder, not a file/);
  });

  it('fileErrorReason keeps other messages', () => {
    expect(fileErrorReason(Object.assign(new Error('x'), { code: 'EACCES' }))).toBe('permission denied');
    expect(fileErrorReason(new Error('odd'))).toBe('odd');
  });
});
