/**
 * The demo run with known truth (data/health/, written by scripts/make-demo-data.ts): the analysis must give its
 * goodput and every badput category exact to the second. The truth (data/TRUTH.json, key `health`) is the
 * schedule the generator wrote the log from (start-up, step durations, saves, stall, hang, relaunch), never
 * the analysis' own output.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runHealth } from '../../src/health/index.js';
import { load } from '../../src/load/index.js';

const DATA = fileURLToPath(new URL('../../data/', import.meta.url));
interface Truth {
  file: string;
  wall_s: number;
  productive_s: number;
  goodput: number;
  badput: Record<'startup_s' | 'checkpoint_s' | 'rollback_s' | 'stall_s' | 'gap_s', number>;
  events: {
    checkpoint: { step: number; seconds: number; superseded: boolean }[];
    stall: { step: number; seconds: number }[];
    restart: { from_step: number; to_step: number }[];
    loss_spike: { step: number }[];
  };
  model: { N: number; devices: number; tokens_per_step: number };
  step_ms: { base: number; jitter: number };
}
const truth = (JSON.parse(readFileSync(`${DATA}TRUTH.json`, 'utf8')) as { health: Truth }).health;

describe('demo run with known truth (data/health)', async () => {
  const rs = await load(`${DATA}${truth.file}`);
  const h = runHealth(rs, { accelerator: 'H100', devices: truth.model.devices });
  const r = h.runs[0]!;

  it('the truth is what the log itself says, read from its lines without the analysis', () => {
    // Every line carries a millisecond timestamp; the launch banners, "Training starts at step N." and the
    // "Finished saving the checkpoint ... in X seconds." lines mark the scheduled events exactly.
    const lines = readFileSync(`${DATA}${truth.file}`, 'utf8').trimEnd().split('\n');
    const at = (line: string) => Date.parse(line.slice(16, 39).replace(' ', 'T').replace(',', '.') + 'Z') / 1000;
    const timed = lines.filter((l) => l.startsWith('[rank0]:[titan] '));
    const t0 = at(timed[0]!);
    const starts = timed.filter((l) => l.includes('Training starts at step')).map(at);
    const steps = timed.filter((l) => l.includes(' - step: ')).map((l) => ({ t: at(l), step: Number(/step: +(\d+)/.exec(l)![1]) }));
    const relaunch = steps.findIndex((x, i) => i > 0 && x.step <= steps[i - 1]!.step);
    const saves = timed.filter((l) => l.includes('Finished saving the checkpoint')).map((l) => Number(/in ([\d.]+) seconds/.exec(l)![1]));
    expect(at(timed[timed.length - 1]!) - t0).toBeCloseTo(truth.wall_s, 3);
    expect(starts[0]! - t0).toBeCloseTo(truth.badput.startup_s, 3);
    expect(starts[1]! - steps[relaunch - 1]!.t).toBeCloseTo(truth.badput.gap_s, 3);
    expect(saves.reduce((a, b) => a + b, 0)).toBeCloseTo(truth.badput.checkpoint_s, 3);
    // rollback: launch 1's time on the steps launch 2 recomputed, from the end of the save launch 2 resumed from
    const resumed = steps[relaunch]!.step;
    const lastKept = timed.findIndex((l) => new RegExp(`- step: +${resumed - 1} `).test(l));
    const saveEnd = timed.findIndex((l, i) => i > lastKept && l.includes('Finished saving the checkpoint'));
    expect(saveEnd).toBe(lastKept + 2); // "Saving the checkpoint", then "Finished saving": no step between
    expect(steps[relaunch - 1]!.t - at(timed[saveEnd]!)).toBeCloseTo(truth.badput.rollback_s, 3);
  });
  it('the truth adds up (the generator checks it too)', () => {
    const b = truth.badput;
    expect(truth.productive_s + b.startup_s + b.checkpoint_s + b.rollback_s + b.stall_s + b.gap_s).toBeCloseTo(truth.wall_s, 6);
  });
  it('wall clock, productive time and goodput exact to the second', () => {
    expect(h.runs).toHaveLength(1);
    expect(r.clock).toBe('wall');
    expect(Math.abs(r.wall_s - truth.wall_s)).toBeLessThan(0.5);
    expect(Math.abs(r.productive_s - truth.productive_s)).toBeLessThan(0.5);
    // goodput to the second: |goodput - truth| x wall below half a second
    expect(Math.abs(r.goodput - truth.goodput) * truth.wall_s).toBeLessThan(0.5);
  });
  for (const k of ['startup_s', 'checkpoint_s', 'rollback_s', 'stall_s', 'gap_s'] as const) {
    it(`badput ${k} exact to the second (truth ${truth.badput[k]} s)`, () => {
      expect(Math.abs(r.badput[k] - truth.badput[k])).toBeLessThan(0.5);
    });
  }
  it('the total over runs is the run itself', () => {
    expect(h.total.timed_runs).toBe(1);
    expect(Math.abs(h.total.goodput - truth.goodput) * truth.wall_s).toBeLessThan(0.5);
  });
  it('events at the truth steps: the saves that were not rolled back, the stall, the restart, the loss spike', () => {
    const at = (kind: string) => r.events.filter((e) => e.kind === kind).map((e) => e.step);
    expect(at('checkpoint')).toEqual(expect.arrayContaining(truth.events.checkpoint.filter((c) => !c.superseded).map((c) => c.step)));
    expect(at('stall')).toEqual(truth.events.stall.map((s) => s.step));
    expect(at('restart')).toEqual(truth.events.restart.map((x) => x.to_step));
    expect(at('loss_spike')[0]).toBe(truth.events.loss_spike[0]!.step);
    const stall = r.events.find((e) => e.kind === 'stall')!;
    expect(Math.abs(stall.duration_s! - truth.events.stall[0]!.seconds)).toBeLessThan(0.5);
  });
  it('tokens/s from the batch and the step time: 512 x 2048 tokens per 2.4 s step', () => {
    const expected = truth.model.tokens_per_step / (truth.step_ms.base / 1000);
    // step times are base +- jitter ms: the median lies within jitter of the base
    const tol = expected * (truth.step_ms.jitter / truth.step_ms.base);
    expect(Math.abs(r.tokens_per_s.median - expected)).toBeLessThan(tol);
  });
});
