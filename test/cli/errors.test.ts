import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const cli = (...args: string[]) => spawnSync(TSX, ['src/cli/main.ts', ...args], { encoding: 'utf8' });

/** Bad input to fit and compare: a typed error naming file and line, exit 1, no stack trace, nothing on stdout. */
describe('scalelab fit / compare on bad input', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scalelab-cli-errors-'));
  const f = (name: string, text: string) => { const p = join(dir, name); writeFileSync(p, text); return p; };
  const empty = f('empty.csv', '');
  const short = f('short.csv', 'run,N,D,loss\na,1e6,1e9,3.0\nb,2e6,2e9\n');
  const jsonl = f('cut.jsonl', '{"N":1e6,"D":1e9,"loss":3}\n{"N":2e6,"D');
  const ragged = f('ragged.csv', 'variant,seed,val_loss\na,1,3.1\na,2,3.2\nb,1,3.0\nb,2,3.05,9\n');

  const expectError = (r: ReturnType<typeof cli>, message: RegExp) => {
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  };

  it('fit: empty file, short row, cut JSON line, unknown law', () => {
    expectError(cli('fit', empty), new RegExp(`LoadError: ${empty}:1: the file is empty`));
    expectError(cli('fit', short), new RegExp(`LoadError: ${short}:3: found 3 field\\(s\\) \\(expected 4 fields`));
    expectError(cli('fit', jsonl), new RegExp(`LoadError: ${jsonl}:2: not valid JSON`));
    expectError(cli('fit', 'data/sweep/runs.csv', '--law', 'cubic'), /unknown law 'cubic' \(expected one of chinchilla, power, power0, kaplan, isoflop, envelope\)/);
  }, 60_000);

  it('compare: one variant and no threshold is an error; empty and ragged tables name the line', () => {
    expectError(cli('compare', '--variant', 'base=data/ablation/baseline/*.log', '--metric', 'val/loss', '--baseline', 'base'), /CompareError: only one variant \('base'\)/);
    expectError(cli('compare', empty, '--by', 'variant', '--metric', 'val_loss'), /LoadError: .*empty\.csv:1: the file is empty/);
    expectError(cli('compare', ragged, '--by', 'variant', '--metric', 'val_loss'), /LoadError: .*ragged\.csv:5: found 4 field/);
  }, 60_000);

  it('compare: one variant with --threshold is the one-sample test (exit 0)', () => {
    const r = cli('compare', '--variant', 'base=data/ablation/baseline/*.log', '--metric', 'val/loss', '--threshold', '3.3', '--json');
    expect(r.status).toBe(0);
    const one = JSON.parse(r.stdout).one_sample;
    expect(one).toHaveLength(1);
    // scipy.stats.ttest_1samp([3.297, 3.2912, 3.2769, 3.2874, 3.2914], 3.3, alternative='less')
    expect(one[0].t).toBeCloseTo(-3.3576565169986, 9);
    expect(one[0].p).toBeCloseTo(0.0141832264464, 9);
  }, 60_000);
});
