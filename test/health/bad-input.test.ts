import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { RunSetBuilder } from '../../src/runs/builder.js';
import { ACCELERATORS, resolveAccelerator, runHealth } from '../../src/health/index.js';
import type { HealthReport } from '../../src/health/index.js';

/** One run: steps 1..n with times from `time(s)` (undefined: no time), a format and config. */
function run(n: number, time: (s: number) => number | undefined, o: { format?: string; config?: Record<string, number | string>; extra?: (b: RunSetBuilder, r: number) => void } = {}) {
  const b = new RunSetBuilder();
  const r = b.addRun({ id: 'r', source: 'r.log', format: o.format ?? 'wandb-history', config: o.config ?? {} });
  for (let s = 1; s <= n; s++) {
    const t = time(s);
    b.add(r, s, 'train/loss', 3 + 1 / s, t === undefined ? {} : { time: t });
  }
  o.extra?.(b, r);
  return b.build();
}
const codes = (h: HealthReport) => h.warnings.map((w) => w.code);

describe('missing inputs are named, never guessed', () => {
  it('no timestamps: no goodput, no step time, and which input is missing', () => {
    const h = runHealth(run(50, () => undefined, { format: 'csv' }));
    const r = h.runs[0]!;
    expect(r.goodput).toBeNaN();
    expect(r.wall_s).toBeNaN();
    expect(r.badput.stall_s).toBeNaN();
    expect(r.missing.map((m) => [m.quantity, m.input])).toEqual(expect.arrayContaining([['goodput', 'wall-clock timestamps'], ['step_time', 'step times or timestamps']]));
    expect(r.missing.find((m) => m.quantity === 'goodput')!.message).toContain('no time column');
    expect(h.total.goodput).toBeNaN();
    expect(h.total.timed_runs).toBe(0);
  });

  it('a time column of unknown kind is not used as a wall clock unless told (--clock wall)', () => {
    const rs = run(60, (s) => 5 + s, { format: 'csv' });
    const a = runHealth(rs).runs[0]!;
    expect(a.goodput).toBeNaN();
    expect(a.missing.find((m) => m.quantity === 'goodput')!.message).toContain('--clock wall');
    const b = runHealth(rs, { clock: 'wall' }).runs[0]!;
    expect(b.badput.startup_s).toBe(5);
    expect(b.goodput).toBeCloseTo(60 / 65, 12);
    // a run's config can say it too
    expect(runHealth(run(60, (s) => 5 + s, { format: 'csv', config: { clock: 'wall' } })).runs[0]!.goodput).toBeCloseTo(60 / 65, 12);
  });

  it('no N: no MFU, says so; no devices: says so; no tokens per step: says so', () => {
    const rs = run(60, (s) => s, { config: { total_batch_size: 1000 } });
    const a = runHealth(rs, { accelerator: 'A100', devices: 8 }).runs[0]!;
    expect(a.mfu.median).toBeNaN();
    expect(a.missing.find((m) => m.quantity === 'mfu')!.input).toBe('parameter count N (--params)');
    expect(a.tokens_per_s.median).toBe(1000);
    const b = runHealth(rs, { accelerator: 'A100', params: 1e6 }).runs[0]!;
    expect(b.missing.find((m) => m.quantity === 'mfu')!.input).toBe('device count (--devices)');
    const c = runHealth(rs, { accelerator: 'A100', params: 1e6, devices: 2 }).runs[0]!;
    expect(c.mfu.median).toBeCloseTo((6e6 * 1000) / (312e12 * 2), 18);
    const d = runHealth(run(60, (s) => s)).runs[0]!;
    expect(d.missing.find((m) => m.quantity === 'tokens_per_s')!.input).toBe('tokens per step (--tokens-per-step)');
  });
});

describe('bad timestamps and step times: named warnings', () => {
  it('a clock that goes backwards: named warning with its step, no goodput (and why)', () => {
    const h = runHealth(run(100, (s) => (s < 60 ? s : s - 3600)));
    expect(codes(h)).toContain('clock_backwards');
    expect(h.warnings.find((w) => w.code === 'clock_backwards')).toMatchObject({ run: 'r', step: 60 });
    expect(h.runs[0]!.goodput).toBeNaN();
    expect(h.runs[0]!.missing.find((m) => m.quantity === 'goodput')!.input).toBe('a monotone wall clock');
  });

  it('a clock that jumps forward: named warning; the time is booked (as a stall), not dropped', () => {
    const h = runHealth(run(100, (s) => s + (s >= 70 ? 7200 : 0)));
    expect(h.warnings.find((w) => w.code === 'clock_jump')).toMatchObject({ step: 70 });
    const r = h.runs[0]!;
    expect(r.badput.stall_s).toBeCloseTo(7200, 6);
    expect(r.wall_s).toBeCloseTo(100 + 7200, 6);
  });

  it('timestamps that do not advance with the steps (coarse or copied): named warning, no goodput', async () => {
    // every record at the same second
    const a = runHealth(run(100, () => 7));
    expect(codes(a)).toContain('clock_resolution');
    expect(a.runs[0]!.missing.find((m) => m.quantity === 'goodput')!.input).toBe('wall-clock timestamps that advance with the steps');
    // the demo Megatron log stamps every line of a day with the same second, and prints 1.5 s per iteration
    const { load } = await import('../../src/load/index.js');
    const h = runHealth(await load('data/curves/megatron-760m.log'));
    expect(h.runs[0]!.goodput).toBeNaN();
    expect(h.warnings.find((w) => w.code === 'clock_resolution')!.message).toContain('most consecutive step records carry the same time');
  });

  it('a log with only some lines timed: named warning; untimed steps are inside their neighbours intervals', () => {
    const h = runHealth(run(100, (s) => (s % 3 === 0 ? undefined : 10 + s)));
    expect(codes(h)).toContain('partly_timed');
    const r = h.runs[0]!;
    expect(r.wall_s).toBe(110 - 0);
    expect(r.productive_s + r.badput.startup_s + r.badput.stall_s + r.badput.checkpoint_s).toBeCloseTo(r.wall_s, 9);
  });

  it('missing, zero and negative logged step times: named warnings, left out of tokens/s', () => {
    const rs = run(40, (s) => s, {
      config: { total_batch_size: 100 },
      extra: (b, r) => {
        for (let s = 1; s <= 40; s++) if (s % 4 !== 0) b.add(r, s, 'step_time_ms', s === 5 ? 0 : s === 6 ? -3 : 1000);
      },
    });
    const h = runHealth(rs);
    expect(codes(h)).toEqual(expect.arrayContaining(['missing_step_time', 'non_finite_input']));
    expect(h.warnings.find((w) => w.code === 'non_finite_input')).toMatchObject({ step: 5 });
    expect(h.runs[0]!.tokens_per_s).toEqual({ median: 100, p10: 100, p90: 100 });
  });

  it('a run with no points and an empty RunSet', () => {
    const b = new RunSetBuilder();
    b.addRun({ id: 'empty', source: 'e.log' });
    const h = runHealth(b.build());
    expect(codes(h)).toEqual(['no_step_metric']);
    expect(h.runs[0]!.goodput).toBeNaN();
    expect(runHealth(new RunSetBuilder().build())).toMatchObject({ runs: [], total: { runs: 0, timed_runs: 0 } });
  });
});

describe('accelerators and options', () => {
  it('the table: every entry has a dense BF16 peak and a source; names and aliases resolve', () => {
    expect(ACCELERATORS.map((a) => a.name)).toEqual(['H100', 'H200', 'A100', 'B200', 'TPU v5e', 'TPU v5p', 'MI300X']);
    for (const a of ACCELERATORS) {
      expect(a.peak_flops).toBeGreaterThan(1e14);
      expect(a.source.length).toBeGreaterThan(20);
    }
    expect(resolveAccelerator('NVIDIA H100 80GB HBM3').peak_flops).toBe(989.4e12);
    expect(resolveAccelerator('tpu-v5e').peak_flops).toBe(197e12);
    expect(resolveAccelerator('mi300x').name).toBe('MI300X');
  });

  it('unknown accelerator: InputError with a did-you-mean and the known names', () => {
    expect(() => resolveAccelerator('A10O')).toThrow(InputError);
    expect(() => resolveAccelerator('A10O')).toThrow(/Did you mean A100 or H100\?/);
    expect(() => runHealth(run(5, (s) => s), { accelerator: 'V100' })).toThrow(/Known: H100, H200, A100, B200, TPU v5e, TPU v5p, MI300X/);
  });

  it('invalid options are typed errors naming the flag', () => {
    const rs = run(5, (s) => s);
    expect(() => runHealth(rs, { devices: 0 })).toThrow(/devices \(--devices\) must be a positive integer/);
    expect(() => runHealth(rs, { peakFlops: -1 })).toThrow(InputError);
    expect(() => runHealth(rs, { accelerator: 'H100', peakFlops: 1e15 })).toThrow(/not both/);
    expect(() => runHealth(rs, { params: NaN })).toThrow(/params/);
  });
});
