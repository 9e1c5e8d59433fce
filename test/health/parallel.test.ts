import { describe, expect, it } from 'vitest';
import { RunSetBuilder } from '../../src/runs/builder.js';
import { runHealth, runHealthParallel } from '../../src/health/index.js';
import { createRng } from '../../src/stats/random.js';

/**
 * Runs of different shapes (wall clock with a restart, stalls, saves, spikes and a NaN; a training-time clock; a run
 * with no points; a config with tokens per step) analysed by runHealth and by runHealthParallel on worker threads:
 * the reports must be equal field by field, in the same run and warning order.
 */
function sampleSet() {
  const rng = createRng(7);
  const b = new RunSetBuilder();
  for (let k = 0; k < 7; k++) {
    const format = k === 3 ? 'llmc' : 'wandb-history';
    const r = b.addRun({ id: `r${k}`, source: `r${k}.log`, format, config: k % 2 ? { N: 1e8, total_batch_size: 4096 } : {} });
    if (k === 5) continue; // no metric points
    let t = 30 + k;
    const emit = (s: number) => {
      t += 0.5 * (1 + 0.02 * rng.normal()) + (s % 400 === 1 ? 12 : 0) + (s === 700 + k ? 25 : 0);
      const loss = s === 900 ? NaN : 2 + 4 / Math.sqrt(s) + 0.01 * rng.normal() + (s === 1200 + k ? 1 : 0);
      b.add(r, s, 'train/loss', loss, { time: t });
      b.add(r, s, 'grad_norm', 1 + 0.05 * rng.normal() + (s === 1500 ? 20 : 0), { time: t });
    };
    const crash = 1000 + 50 * k;
    for (let s = 1; s <= crash; s++) emit(s);
    t += 120;
    for (let s = crash - 80; s <= 2000; s++) emit(s);
  }
  return b.build();
}

describe('runHealthParallel', () => {
  const rs = sampleSet();
  for (const fastSpikes of [false, true]) {
    it(`gives runHealth's report on 2 and 3 threads (fastSpikes ${fastSpikes})`, async () => {
      const want = runHealth(rs, { fastSpikes, params: 1e8, accelerator: 'H100', devices: 8 });
      expect(want.runs.flatMap((r) => r.events).length).toBeGreaterThan(20);
      for (const threads of [2, 3]) {
        const got = await runHealthParallel(rs, { fastSpikes, params: 1e8, accelerator: 'H100', devices: 8 }, { threads, minPoints: 0 });
        expect(got).toEqual(want);
        expect(got.runs.map((r) => r.id)).toEqual(rs.runs.map((r) => r.id));
        // the step series point at the RunSet's own columns again, as runHealth's do
        expect(got.runs[6]!.series.step.buffer).toBe(rs.curve('r6', 'train/loss')!.step.buffer);
      }
    }, 60_000);
  }

  it('stays on the calling thread below minPoints, and checks options first', async () => {
    expect(await runHealthParallel(rs, {}, { threads: 2 })).toEqual(runHealth(rs));
    await expect(runHealthParallel(rs, { devices: 0 }, { threads: 2, minPoints: 0 })).rejects.toThrow(/devices/);
  });
});
