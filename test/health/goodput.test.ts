import { describe, expect, it } from 'vitest';
import { RunSetBuilder } from '../../src/runs/builder.js';
import { accountGoodput, periodicSteps, runHealth } from '../../src/health/index.js';
import type { Badput } from '../../src/health/index.js';

/**
 * Synthetic runs with known truth: every second of wall clock is placed by hand (start-up, 1 s steps, stalls,
 * checkpoint saves, a crash, a gap, recomputed steps), so goodput and each badput bucket are known exactly.
 */
interface Seg {
  /** Steps of this launch, in order. */
  from: number;
  to: number;
}

/** A run on a relative wall clock (W&B `_runtime`): `extra(step)` seconds are added before the step's own 1 s. */
function buildRun(
  b: RunSetBuilder,
  id: string,
  o: { startup: number; segs: Seg[]; gap?: number; extra?: (step: number, seg: number) => number; stepTime?: number; format?: string; config?: Record<string, number | string> },
): void {
  const r = b.addRun({ id, source: `${id}.csv`, format: o.format ?? 'wandb-history', config: o.config ?? {} });
  const dt = o.stepTime ?? 1;
  let t = o.startup;
  o.segs.forEach((seg, si) => {
    if (si > 0) t += o.gap ?? 0;
    for (let s = seg.from; s <= seg.to; s++) {
      t += (o.extra?.(s, si) ?? 0) + dt;
      b.add(r, s, 'train/loss', 3 + 1 / s, { time: t });
    }
  });
}

const sum = (b: Badput) => b.startup_s + b.checkpoint_s + b.rollback_s + b.stall_s + b.gap_s;

describe('goodput on synthetic runs with known truth', () => {
  it('start-up, one stall and periodic checkpoint saves (detected from their period), exact', () => {
    const b = new RunSetBuilder();
    // saves after steps 50, 100, 150 land in the intervals of 51, 101, 151 (5 s each); a 7 s stall before step 80
    buildRun(b, 'a', { startup: 10, segs: [{ from: 1, to: 200 }], extra: (s) => (s === 80 ? 7 : s % 50 === 1 && s > 1 ? 5 : 0) });
    const h = runHealth(b.build());
    const r = h.runs[0]!;
    expect(r.clock).toBe('wall');
    expect(r.wall_s).toBeCloseTo(10 + 200 + 7 + 15, 9);
    expect(r.productive_s).toBeCloseTo(200, 9);
    expect(r.badput).toEqual({ startup_s: 10, checkpoint_s: 15, rollback_s: 0, stall_s: 7, gap_s: 0 });
    expect(r.goodput).toBeCloseTo(200 / 232, 12);
    expect(r.events.filter((e) => e.kind === 'checkpoint').map((e) => e.step)).toEqual([51, 101, 151]);
    expect(r.events.filter((e) => e.kind === 'stall').map((e) => [e.step, e.time_s])).toEqual([[80, 10 + 80 + 7 + 5]]);
    expect(r.missing.filter((m) => m.quantity === 'goodput')).toEqual([]);
  });

  it('a crash after step 120, a 30 s gap, a resume at step 101: 20 s rollback, 30 s gap, exact', () => {
    const b = new RunSetBuilder();
    buildRun(b, 'r', { startup: 5, segs: [{ from: 1, to: 120 }, { from: 101, to: 200 }], gap: 30 });
    const rs = b.build();
    expect(rs.runs[0]!.restarts).toEqual([{ fromStep: 120, toStep: 101, superseded: 20 }]);
    const r = runHealth(rs).runs[0]!;
    expect(r.badput.startup_s).toBeCloseTo(5, 9);
    expect(r.badput.rollback_s).toBeCloseTo(20, 9);
    expect(r.badput.gap_s).toBeCloseTo(30, 9);
    expect(r.badput.checkpoint_s + r.badput.stall_s).toBe(0);
    expect(r.productive_s).toBeCloseTo(200, 9);
    expect(r.wall_s).toBeCloseTo(5 + 120 + 30 + 100, 9);
    const restart = r.events.find((e) => e.kind === 'restart')!;
    expect(restart).toMatchObject({ step: 101, time_s: 5 + 120 + 30 + 1 });
  });

  it('a save just before the crash is checkpoint time, the steps after it rollback (Google: wasted progress)', () => {
    const b = new RunSetBuilder();
    // saves after 40 and 80 (6 s in the intervals of 41, 81); crash after 95; resume at 81 (from the save at 80)
    buildRun(b, 'c', { startup: 3, segs: [{ from: 1, to: 95 }, { from: 81, to: 150 }], gap: 12, extra: (s, seg) => (seg === 0 && (s === 41 || s === 81) ? 6 : seg === 1 && s === 121 ? 6 : 0) });
    const r = runHealth(b.build()).runs[0]!;
    expect(r.badput.checkpoint_s).toBeCloseTo(18, 9);
    expect(r.badput.rollback_s).toBeCloseTo(15, 9); // steps 81..95 of the first launch
    expect(r.badput.gap_s).toBeCloseTo(12, 9);
    expect(r.productive_s).toBeCloseTo(150, 9);
    expect(r.productive_s + sum(r.badput)).toBeCloseTo(r.wall_s, 9);
  });

  it('checkpoint events ("saving checkpoint" lines) classify a slow interval without a period', () => {
    const b = new RunSetBuilder();
    const r = b.addRun({ id: 'e', source: 'e.csv', format: 'wandb-history' });
    let t = 2;
    for (let s = 1; s <= 100; s++) {
      t += 1 + (s === 61 ? 9 : s === 30 ? 4 : 0);
      b.add(r, s, 'train/loss', 2, { time: t });
    }
    b.add(r, 60, 'checkpoint_save', 1, { time: t });
    const h = runHealth(b.build()).runs[0]!;
    expect(h.badput).toEqual({ startup_s: 2, checkpoint_s: 9, rollback_s: 0, stall_s: 4, gap_s: 0 });
    expect(h.events.find((e) => e.kind === 'checkpoint')!.detail).toContain('a checkpoint was being saved');
  });

  it('totals sum over timed runs only, and the untimed run says why it is left out', () => {
    const b = new RunSetBuilder();
    buildRun(b, 'a', { startup: 10, segs: [{ from: 1, to: 100 }] });
    buildRun(b, 'b', { startup: 20, segs: [{ from: 1, to: 100 }], extra: (s) => (s === 70 ? 10 : 0) });
    const u = b.addRun({ id: 'u', source: 'u.csv', format: 'csv' });
    for (let s = 1; s <= 10; s++) b.add(u, s, 'train/loss', 2);
    const h = runHealth(b.build());
    expect(h.total).toMatchObject({ runs: 3, timed_runs: 2, wall_s: 110 + 130, productive_s: 200 });
    expect(h.total.badput).toEqual({ startup_s: 30, checkpoint_s: 0, rollback_s: 0, stall_s: 10, gap_s: 0 });
    expect(h.total.goodput).toBeCloseTo(200 / 240, 12);
    const miss = h.runs[2]!.missing.find((m) => m.quantity === 'goodput')!;
    expect(miss.input).toBe('wall-clock timestamps');
    expect(h.warnings.some((w) => w.run === 'u' && w.code === 'missing_input' && /goodput not computed/.test(w.message))).toBe(true);
  });

  it('step times that jitter: a slow interval books steps x the trailing median as work, the rest as badput', () => {
    const step = new Float64Array(120), time = new Float64Array(120);
    let t = 4;
    for (let k = 0; k < 120; k++) {
      step[k] = k + 1;
      t += 1 + 0.01 * ((k * 7) % 5) - 0.02 + (k === 90 ? 20 : 0);
      time[k] = t;
    }
    const acc = accountGoodput({ step, time, superseded: new Uint8Array(120), start: 0 });
    expect(acc.slow).toHaveLength(1);
    const s = acc.slow[0]!;
    expect(s.step).toBe(91);
    // the excess is the interval minus the trailing median (20 s plus that step's jitter against the median)
    expect(s.excess).toBeCloseTo(time[90]! - time[89]! - s.median, 12);
    expect(Math.abs(s.excess - 20)).toBeLessThan(0.03);
    expect(acc.productive + acc.badput.startup_s + acc.badput.stall_s).toBeCloseTo(acc.wall, 9);
  });
});

describe('periodicSteps', () => {
  it('finds the period of checkpoint saves among stalls', () => {
    expect(periodicSteps([1000, 1500, 2000, 3000, 4000])).toEqual({ period: 1000, phase: 0, members: 4 });
    expect(periodicSteps([201, 401, 437, 601, 801])).toEqual({ period: 200, phase: 1, members: 4 });
  });
  it('no period from scattered stalls or fewer than 3 slow steps', () => {
    expect(periodicSteps([17, 350, 1211, 4000])).toBeNull();
    expect(periodicSteps([100, 200])).toBeNull();
  });
});

describe('per-step series across a restart', () => {
  it('the first record after a restart has no derived step time (its interval is the gap), and no warning for it', () => {
    const b = new RunSetBuilder();
    buildRun(b, 'r', { startup: 5, segs: [{ from: 1, to: 120 }, { from: 101, to: 200 }], gap: 30, config: { total_batch_size: 1000 } });
    const h = runHealth(b.build());
    const r = h.runs[0]!;
    const i = r.series.step.indexOf(101);
    expect(r.series.step_time_s[i]).toBeNaN();
    expect(r.series.tokens_per_s[i]).toBeNaN();
    expect(r.series.step_time_s[i + 1]).toBeCloseTo(1, 9);
    expect(r.step_time_s).toEqual({ median: 1, p10: 1, p90: 1 });
    expect(h.warnings.filter((w) => w.code === 'missing_step_time')).toEqual([]);
  });
});
