import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const cli = (...args: string[]) => spawnSync(TSX, ['src/cli/main.ts', 'health', ...args], { encoding: 'utf8' });
const LLMC = 'test/fixtures/formats/llmc/stdout_gpt2_1558M.log';

describe('scalelab health', () => {
  it('--json prints exactly the issue shape; non-finite numbers as "NaN"; missing inputs named in warnings', () => {
    const r = cli(LLMC, '--accelerator', 'H100', '--layers', '48', '--channels', '1600', '--json');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['runs', 'total', 'warnings']);
    const run = out.runs[0];
    expect(Object.keys(run)).toEqual(['id', 'wall_s', 'productive_s', 'goodput', 'badput', 'tokens_per_s', 'mfu', 'events']);
    expect(Object.keys(run.badput)).toEqual(['startup_s', 'checkpoint_s', 'rollback_s', 'stall_s', 'gap_s']);
    expect(Object.keys(run.tokens_per_s)).toEqual(['median', 'p10', 'p90']);
    expect(Object.keys(run.mfu)).toEqual(['median', 'p10', 'p90', 'logged_median']);
    expect(run.goodput).toBe('NaN');
    expect(run.mfu.logged_median).toBe(0.473);
    expect(Math.abs(run.mfu.median / 0.473 - 1)).toBeLessThan(0.01);
    for (const e of run.events) expect(Object.keys(e)).toEqual(['kind', 'step', 'time_s', 'detail']);
    expect(Object.keys(out.total)).toEqual(['runs', 'timed_runs', 'wall_s', 'productive_s', 'goodput', 'badput']);
    expect(out.warnings.some((w: { code: string; message: string }) => w.code === 'missing_input' && /wall-clock timestamps/.test(w.message))).toBe(true);
  }, 60_000);

  it('--threads: a whole number of threads, the same report whatever it is; anything else is a usage error', () => {
    const one = cli('data/health', '--threads', '1', '--json');
    const two = cli('data/health', '--threads', '2', '--json');
    expect(one.status).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    for (const bad of ['0', '1.5', 'x']) {
      const r = cli('data/health', '--threads', bad);
      expect(r.status, bad).toBe(1);
      expect(r.stderr).toMatch(/--threads/);
    }
  }, 60_000);

  it('goodput of a run with a wall clock (W&B history _runtime), in hours and percent in the text output', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scalelab-health-'));
    const f = join(dir, 'history.csv');
    const rows = ['_step,_runtime,train/loss'];
    let t = 30;
    for (let s = 1; s <= 100; s++) {
      t += 2 + (s === 60 ? 40 : 0);
      rows.push(`${s},${t},${3 + 1 / s}`);
    }
    writeFileSync(f, rows.join('\n') + '\n');
    const j = JSON.parse(cli(f, '--json').stdout);
    expect(j.runs[0].wall_s).toBeCloseTo(30 + 200 + 40, 9);
    expect(j.runs[0].badput).toEqual({ startup_s: 30, checkpoint_s: 0, rollback_s: 0, stall_s: 40, gap_s: 0 });
    expect(j.total.goodput).toBeCloseTo(200 / 270, 12);
    expect(j.runs[0].events.find((e: { kind: string }) => e.kind === 'stall')).toMatchObject({ step: 60, time_s: 30 + 120 + 40 });
    const text = cli(f);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('goodput 74.1%');
    expect(text.stdout).toMatch(/stalls\s+0\.011 h\s+14\.8%/);
  }, 60_000);

  it('bad input: unknown accelerator (did you mean), both peaks, a bad number, no paths: exit 1 with a message', () => {
    const a = cli(LLMC, '--accelerator', 'H10');
    expect(a.status).toBe(1);
    expect(a.stderr).toContain("unknown accelerator 'H10'");
    expect(a.stderr).toContain('Did you mean H100?');
    const b = cli(LLMC, '--accelerator', 'H100', '--peak-flops', '1e15');
    expect(b.status).toBe(1);
    expect(b.stderr).toContain('not both');
    const c = cli(LLMC, '--devices', 'eight');
    expect(c.status).toBe(1);
    expect(c.stderr).toContain("--devices must be a positive number, got 'eight'");
    expect(cli().status).toBe(1);
    const h = cli('--help');
    expect(h.status).toBe(0);
    expect(h.stdout.split('\n')[0]).toBe('scalelab health <paths...> [--rule R] [--params N] [--accelerator H100 --devices 8 | --peak-flops F] [--json]');
  }, 60_000);
});
