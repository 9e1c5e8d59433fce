import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { load } from '../../../src/load/index.js';
import { LoadError } from '../../../src/errors.js';
import type { RunSet } from '../../../src/runs/runset.js';
import { curveOf, FIX, loadText } from './helpers.js';

const MODDED = new URL('modded-nanogpt/', FIX);

/** mean and sample sd (ddof=1), computed directly. */
function meanSd(xs: number[]): { mean: number; sd: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const ss = xs.reduce((a, b) => a + (b - mean) ** 2, 0);
  return { mean, sd: Math.sqrt(ss / (xs.length - 1)) };
}

/** Final val_loss (at step == total_steps) and its time, per run. */
function finals(rs: RunSet): { loss: number[]; time: number[] } {
  const loss: number[] = [], time: number[] = [];
  for (const r of rs.runs) {
    const c = rs.curve(r.id, 'val_loss')!;
    const last = c.step.length - 1;
    expect(c.step[last]).toBe(r.config.total_steps);
    loss.push(c.value[last]!);
    time.push(c.time[last]!);
  }
  return { loss, time };
}

describe('modded-nanogpt speedrun logs (test/fixtures/modded-nanogpt)', () => {
  it('2025-09-21_DropAttn: 10 runs, final val_loss mean 3.27818 sd 0.001196 as claims.json reproduces', async () => {
    const folder = fileURLToPath(new URL('2025-09-21_DropAttn/logs', MODDED));
    const claims = JSON.parse(readFileSync(fileURLToPath(new URL('2025-09-21_DropAttn/claims.json', MODDED)), 'utf8'));
    const rs = await load(folder);
    expect(rs.runs.length).toBe(10);
    expect(rs.runs.every((r) => r.format === 'modded-nanogpt' && r.config.total_steps === 1680)).toBe(true);
    expect(rs.warnings).toEqual([]);
    const { loss, time } = finals(rs);
    // the per-run losses are the README's claimed list (same multiset)
    expect([...loss].sort()).toEqual([...claims.claimed.losses].sort());
    const l = meanSd(loss);
    expect(l.mean).toBeCloseTo(3.27818, 5);
    expect(l.sd).toBeCloseTo(0.001196, 6);
    expect(l.mean).toBeCloseTo(claims.reproduced_from_logs.loss.mean, 5);
    expect(l.sd).toBeCloseTo(claims.reproduced_from_logs.loss.sd_ddof1, 6);
    const t = meanSd(time);
    expect(t.mean).toBeCloseTo(151.591, 3);
    expect(t.sd).toBeCloseTo(0.1305, 4);
  });

  it('2025-08-23_SparseAttnGate: 14 runs, mean 3.278714 sd 0.001643, time mean 168.7527 s', async () => {
    const rs = await load(fileURLToPath(new URL('2025-08-23_SparseAttnGate/logs', MODDED)));
    expect(rs.runs.length).toBe(14);
    const { loss, time } = finals(rs);
    const l = meanSd(loss);
    expect(l.mean).toBeCloseTo(3.278714, 6);
    expect(l.sd).toBeCloseTo(0.001643, 6);
    const t = meanSd(time);
    expect(t.mean).toBeCloseTo(168.7527, 4);
    expect(t.sd).toBeCloseTo(0.4946, 4);
  });

  it('reads one log exactly: first and last lines, the doubled final step keeps the val line', async () => {
    const f = fileURLToPath(new URL('2025-09-21_DropAttn/logs/01fc4a96-f2a0-47a1-8a6a-c7d10bac99fe.txt', MODDED));
    const rs = await load(f);
    const id = rs.runs[0]!.id;
    expect(id).toBe('01fc4a96-f2a0-47a1-8a6a-c7d10bac99fe');
    const val = curveOf(rs, 'val_loss');
    expect(val.step[0]).toBe(0);
    expect(val.value[0]).toBe(10.8258);
    expect(val.time[0]).toBe(0);
    expect(val.value.at(-1)).toBe(3.2798);
    expect(val.time.at(-1)).toBeCloseTo(151.526, 9);
    // step:1/1680 train_time:159ms step_avg:158.58ms
    const avg = curveOf(rs, 'step_avg_ms');
    expect(avg.step[1]).toBe(1);
    expect(avg.value[1]).toBe(158.58);
    expect(avg.time[1]).toBeCloseTo(0.159, 12);
    // step 1680 appears as a train line (step_avg 90.14) then a val line (90.19): the later wins
    expect(avg.step.at(-1)).toBe(1680);
    expect(avg.value.at(-1)).toBe(90.19);
    expect(avg.step.length).toBe(1681);
    const tt = curveOf(rs, 'train_time_s');
    expect(tt.value.at(-1)).toBeCloseTo(151.526, 9);
    expect(tt.value.at(-2)).toBeCloseTo(151.343, 9);
    const dups = rs.superseded.objects() as { metric: string; step: number; value: number; reason: string }[];
    // every evaluation step (125, 250, ..., 1625, 1680) prints its train line before its val line: 14 duplicates
    const avgDups = dups.filter((d) => d.metric === 'step_avg_ms');
    expect(avgDups).toHaveLength(14);
    expect(avgDups.at(-1)).toMatchObject({ step: 1680, value: 90.14, reason: 'duplicate' });
    expect(avgDups[0]).toMatchObject({ step: 125, value: 89.02, reason: 'duplicate' });
  });

  it('loads a whole record folder with a naming rule', async () => {
    const rs = await load(fileURLToPath(new URL('2025-09-21_DropAttn', MODDED)), { rule: '{record}/logs/{seed}.txt' });
    expect(rs.runs.length).toBe(10);
    const seeds = rs.runs.map((r) => r.seed);
    const files = readdirSync(fileURLToPath(new URL('2025-09-21_DropAttn/logs', MODDED))).filter((n) => n.endsWith('.txt')).map((n) => n.slice(0, -4));
    expect(seeds.sort()).toEqual(files.sort());
    expect(rs.runs.every((r) => r.config.record === '2025-09-21_DropAttn')).toBe(true);
  });
});

describe('modded-nanogpt format', () => {
  const SOURCE = [
    'import os',
    '        print0(f"step:{step}/{train_steps} val_loss:{val_loss:.4f} train_time:{training_time_ms:.0f}ms step_avg:{training_time_ms/max(step, 1):.2f}ms", console=True)',
    '    # step:5/10 val_loss:9.0 train_time:1ms step_avg:1ms  (a comment mid-line is not a step line)',
    '====',
  ];

  it('anchors at line start, skips the script source, reads train_loss when a version prints it', async () => {
    const text = [
      ...SOURCE,
      'step:0/3 val_loss:10.8258 train_time:0ms step_avg:0.03ms',
      'step:1/3 train_loss:10.5 train_time:159ms step_avg:158.58ms',
      'step:2/3 train_loss:9.75 train_time:250ms step_avg:125.00ms',
      'step:3/3 train_loss:9.1 train_time:340ms step_avg:113.33ms',
      'step:3/3 val_loss:8.5 train_time:360ms step_avg:120.00ms',
      'peak memory allocated: 31255 MiB reserved: 46334 MiB',
    ].join('\n') + '\n';
    const rs = await loadText(text);
    expect(rs.runs[0]!.format).toBe('modded-nanogpt');
    expect(rs.runs[0]!.config.total_steps).toBe(3);
    expect(curveOf(rs, 'val_loss')).toMatchObject({ step: [0, 3], value: [10.8258, 8.5], time: [0, 0.36] });
    expect(curveOf(rs, 'train_loss')).toMatchObject({ step: [1, 2, 3], value: [10.5, 9.75, 9.1] });
    expect(rs.warnings).toEqual([]);
  });

  it('detects a full upstream log whose script source fills the first 64 KiB', async () => {
    const filler = Array.from({ length: 2000 }, (_, i) => `    x_${i} = compute(x_${i - 1})  # padding the source`).join('\n');
    const text = [SOURCE[1], filler, 'step:0/2 val_loss:10.8 train_time:0ms step_avg:0.03ms', 'step:2/2 val_loss:7.5 train_time:20ms step_avg:10.00ms'].join('\n') + '\n';
    expect(text.indexOf('step:0/2')).toBeGreaterThan(64 * 1024);
    const rs = await loadText(text);
    expect(curveOf(rs, 'val_loss').value).toEqual([10.8, 7.5]);
  });

  it('a broken number is skipped with its line number, never read as a value', async () => {
    const text = ['step:0/2 val_loss:10.8 train_time:0ms step_avg:0.03ms', 'step:1/2 train_time:1x9ms step_avg:158.58ms', 'step:2/2 val_loss:7.5 train_time:20ms step_avg:10.00ms'].join('\n') + '\n';
    const rs = await loadText(text);
    expect(curveOf(rs, 'step_avg_ms').step).toEqual([0, 2]);
    expect(rs.warnings).toHaveLength(1);
    expect(rs.warnings[0]).toMatchObject({ line: 2 });
    expect(rs.warnings[0]!.message).toMatch(/1x9ms/);
  });

  it('forced on a file without step lines: LoadError naming what was expected', async () => {
    await expect(loadText('hello\nworld\n', { format: 'modded-nanogpt' })).rejects.toThrow(LoadError);
    await expect(loadText('hello\nworld\n', { format: 'modded-nanogpt' })).rejects.toThrow(/step:12\/1750/);
  });
});
