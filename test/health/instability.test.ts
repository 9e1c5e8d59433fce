import { describe, expect, it } from 'vitest';
import { RunSetBuilder } from '../../src/runs/builder.js';
import { Flag } from '../../src/runs/types.js';
import { lossScaleEvents, lrChangeEvents, runHealth, spikeEvents, withContext } from '../../src/health/index.js';
import type { HealthEvent } from '../../src/health/index.js';

const noTime = () => NaN;

/** A smooth loss curve 3 + 1/sqrt(s) with small deterministic wiggle. */
function loss(n: number, edit: (s: number, v: number) => number = (_, v) => v): { step: Float64Array; value: Float64Array } {
  const step = new Float64Array(n), value = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    step[i] = i + 1;
    value[i] = edit(i + 1, 3 + 1 / Math.sqrt(i + 1) + 0.002 * (((i * 13) % 7) - 3));
  }
  return { step, value };
}

describe('instability timeline', () => {
  it('a loss spike with its recovery steps (consecutive spike points are one episode)', () => {
    const c = loss(300, (s, v) => (s >= 150 && s <= 154 ? v + 1.5 : v));
    const ev = spikeEvents(c, 'loss', noTime);
    expect(ev.map((e) => [e.kind, e.step, e.recovery_steps])).toEqual([['loss_spike', 150, 5]]);
    expect(ev[0]!.detail).toMatch(/^loss 4\.\d+ against a trailing median 3\.0\d+/);
  });

  it('divergence: the loss never returns to its pre-spike level', () => {
    const c = loss(300, (s, v) => (s >= 200 ? v + 2 + 0.01 * (s - 200) : v));
    const ev = spikeEvents(c, 'loss', noTime);
    expect(ev.map((e) => e.kind)).toEqual(['loss_spike', 'divergence']);
    expect(ev[0]!.recovery_steps).toBeNaN();
    expect(ev[1]!.step).toBe(200);
  });

  it('non-finite losses (one event per run of them, with recovery) and NaN to the end (divergence)', () => {
    const a = spikeEvents(loss(100, (s, v) => (s === 40 || s === 41 ? NaN : v)), 'loss', noTime);
    expect(a.map((e) => [e.kind, e.step, e.recovery_steps])).toEqual([['non_finite', 40, 2]]);
    const b = spikeEvents(loss(100, (s, v) => (s >= 90 ? Infinity : v)), 'loss', noTime);
    expect(b.map((e) => e.kind)).toEqual(['non_finite', 'divergence']);
  });

  it('skipped iterations (flag) are their own kind', () => {
    const c = { ...loss(100, (s, v) => (s === 70 ? NaN : v)), flag: new Uint8Array(100) };
    c.flag[69] = Flag.skipped;
    expect(spikeEvents(c, 'loss', noTime).map((e) => [e.kind, e.step])).toEqual([['skipped_iteration', 70]]);
  });

  it('loss-scale drops with the steps until the scale is back', () => {
    const ev = lossScaleEvents({ step: [1, 2, 3, 4, 5, 6], value: [65536, 65536, 32768, 32768, 65536, 16384] }, noTime);
    expect(ev.map((e) => [e.step, e.detail, e.recovery_steps])).toEqual([[3, 'loss scale 65536 -> 32768', 2], [6, 'loss scale 65536 -> 16384', NaN]]);
  });

  it('lr jumps, but not a linear warm-up or a cosine decay', () => {
    const step: number[] = [], value: number[] = [];
    for (let s = 1; s <= 400; s++) {
      step.push(s);
      value.push(s <= 100 ? 1e-3 * (s / 100) : s === 250 ? 5e-4 : s > 250 ? 5e-4 * Math.cos((s - 250) / 400) : 1e-3 * Math.cos((s - 100) / 400));
    }
    const ev = lrChangeEvents({ step, value }, noTime);
    expect(ev.map((e) => e.step)).toEqual([250]);
  });

  it('context: restarts, stalls, checkpoints, lr changes within the window before each instability', () => {
    const e = (kind: HealthEvent['kind'], step: number): HealthEvent => ({ kind, step, time_s: NaN, detail: '' });
    const out = withContext([e('loss_spike', 500), e('stall', 480), e('restart', 300), e('lr_change', 499), e('checkpoint', 390)], 100);
    expect(out.map((x) => x.step)).toEqual([300, 390, 480, 499, 500]);
    expect(out.at(-1)!.before).toEqual([{ kind: 'stall', step: 480 }, { kind: 'lr_change', step: 499 }]);
  });

  it('runHealth: events carry wall time and the restart before a spike', () => {
    const b = new RunSetBuilder();
    const r = b.addRun({ id: 'x', source: 'x.csv', format: 'wandb-history' });
    let t = 0;
    for (let s = 1; s <= 150; s++) b.add(r, s, 'train/loss', 3 + 0.001 * (s % 3), { time: (t += 1) });
    t += 20;
    for (let s = 121; s <= 300; s++) b.add(r, s, 'train/loss', s === 180 ? 6 : 3 + 0.001 * (s % 3), { time: (t += 1) });
    const h = runHealth(b.build()).runs[0]!;
    const spike = h.events.find((e) => e.kind === 'loss_spike')!;
    expect(spike.step).toBe(180);
    expect(spike.time_s).toBe(150 + 20 + 60);
    expect(spike.before).toEqual([{ kind: 'restart', step: 121 }]);
  });
});

describe('Megatron skipped / NaN iteration counts', () => {
  it('the loader keeps nonzero counts of an interval whose loss was printed; health lists them', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const { load } = await import('../../src/load/index.js');
    const line = (it: number, skipped: number, nan: number) =>
      ` iteration ${String(it).padStart(8)}/    1000 | consumed samples: ${it * 8} | elapsed time per iteration (ms): 1500.0 | learning rate: 1.000000E-04 | global batch size:     8 | lm loss: ${(5 - it / 1000).toExponential(6)} | loss scale: 65536.0 | grad norm: 1.000 | number of skipped iterations: ${String(skipped).padStart(3)} | number of nan iterations: ${String(nan).padStart(3)} |`;
    const f = join(mkdtempSync(join(tmpdir(), 'health-mg-')), 'train.log');
    writeFileSync(f, [line(10, 0, 0), line(20, 2, 0), line(30, 0, 1), line(40, 0, 0)].join('\n') + '\n');
    const rs = await load(f, { format: 'megatron' });
    const id = rs.runs[0]!.id;
    expect(rs.curve(id, 'skipped_iterations')).toMatchObject({ step: Float64Array.of(20), value: Float64Array.of(2) });
    expect(rs.curve(id, 'nan_iterations')).toMatchObject({ step: Float64Array.of(30), value: Float64Array.of(1) });
    const ev = runHealth(rs).runs[0]!.events.filter((e) => e.kind === 'skipped_iteration' || e.kind === 'non_finite');
    expect(ev.map((e) => [e.kind, e.step])).toEqual([['skipped_iteration', 20], ['non_finite', 30]]);
  });
});
