import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { load } from '../../src/load/load.js';

const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const cli = (...args: string[]) => spawnSync(TSX, ['src/cli/main.ts', 'load', ...args], { encoding: 'utf8' });

describe('scalelab load', () => {
  it('--json prints the issue shape with restarts, skipped iterations and finals from the demo Megatron log', () => {
    const out = JSON.parse(execFileSync(TSX, ['src/cli/main.ts', 'load', 'data/curves/megatron-760m.log', '--json'], { encoding: 'utf8' }));
    expect(Object.keys(out)).toEqual(['runs', 'warnings', 'skipped_lines', 'line_stats']);
    expect(out.line_stats[0]).toMatchObject({ format: 'megatron', skipped: 0, damaged: 0, duplicates: 0, truncatedLastLine: false });
    const run = out.runs[0];
    expect(Object.keys(run)).toEqual(['id', 'name', 'variant', 'seed', 'source', 'format', 'config', 'metrics', 'summary', 'restarts', 'non_finite', 'skipped']);
    expect(run.format).toBe('megatron');
    // data/TRUTH.json: crash after 1500, resume from the checkpoint at 1000, skipped iteration 610.
    const truth = JSON.parse(readFileSync('data/TRUTH.json', 'utf8')).curves;
    expect(run.restarts).toHaveLength(1);
    expect(run.restarts[0].from_step).toBe(truth.crash_after);
    expect(run.restarts[0].to_step).toBe(truth.resume_from + 10);
    expect(run.skipped).toBe(1);
    expect(run.metrics['train/loss']).toMatchObject({ first_step: 10, last_step: 2000 });
    // Iteration 610 was skipped (no loss): it stays a point, NaN and flagged, so 200 points in all.
    expect(run.metrics['train/loss'].points).toBe(200);
    expect(run.non_finite).toBe(0);
  });

  it('takes variant and seed from a rule and counts every run of the demo ablation', async () => {
    const out = JSON.parse(execFileSync(TSX, ['src/cli/main.ts', 'load', 'data/ablation', '--rule', '{variant}/seed{seed}.log', '--json'], { encoding: 'utf8' }));
    expect(out.runs).toHaveLength(20);
    expect(new Set(out.runs.map((r: { variant: string }) => r.variant))).toEqual(new Set(['baseline', 'swiglu', 'qk-norm', 'no-warmup']));
    expect(out.runs.every((r: { seed: number }) => [1, 2, 3, 4, 5].includes(r.seed))).toBe(true);
    const rs = await load('data/ablation', { rule: '{variant}/seed{seed}.log' });
    expect(out.runs[0].metrics['val/loss'].final).toBe(rs.curve(rs.runs[0]!.id, 'val/loss')!.value.at(-1));
  });

  it('--out writes a file that loads back to the same points', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scalelab-cli-'));
    const r = cli('data/sweep/curves.csv', '--out', join(dir, 'c.parquet'));
    expect(r.status).toBe(0);
    const { readParquet } = await import('../../src/runs/io.js');
    const back = await readParquet(join(dir, 'c.parquet'));
    const orig = await load('data/sweep/curves.csv');
    expect(back.numPoints).toBe(orig.numPoints);
    expect(Array.from(back.curve('C1e20-N1290M', 'val/loss')?.value ?? [])).toEqual(Array.from(orig.curve('C1e20-N1290M', 'val/loss')?.value ?? [1]));
    // ... and that `scalelab load` itself reads back (README: load ... --out runs.parquet), Arrow too.
    for (const ext of ['parquet', 'arrow']) {
      const f = join(dir, `c2.${ext}`);
      expect(cli('data/sweep/curves.csv', '--out', f).status).toBe(0);
      const again = cli(f, '--json');
      expect(again.stderr).toBe('');
      expect(again.status).toBe(0);
      const j = JSON.parse(again.stdout);
      expect(j.runs).toHaveLength(orig.runs.length);
      expect(j.runs[0].format).toBe(ext);
    }
  });

  it('fails with a message and a non-zero code on bad input, never overwrites an input', () => {
    const missing = cli('no/such/file.csv');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/LoadError: no\/such\/file.csv: no such file/);
    const unknown = cli('package.json', '--format', 'bogus');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/Supported formats: .*megatron/);
    const clobber = cli('data/sweep/curves.csv', '--out', 'data/sweep/curves.csv');
    expect(clobber.status).toBe(1);
    expect(clobber.stderr).toMatch(/never overwrites an input/);
    const noArgs = cli();
    expect(noArgs.status).toBe(1);
  });
});
