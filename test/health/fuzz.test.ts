import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RunSetBuilder } from '../../src/runs/builder.js';
import { runHealth } from '../../src/health/index.js';
import type { RunHealth } from '../../src/health/index.js';

/**
 * Property: on random columns (steps that repeat and go back, times that are missing, non-finite, going back or
 * jumping, values with NaN and Infinity, logged step times of any sign) the analysis never throws, its accounting
 * adds up, and every NaN in a summary has a named reason (a missing input or a warning).
 */
const value = fc.oneof(
  { weight: 8, arbitrary: fc.double({ min: -10, max: 10, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity, -Infinity) },
);
const time = fc.option(fc.oneof({ weight: 8, arbitrary: fc.double({ min: 0, max: 1e4, noNaN: true }) }, { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity, -5, 1.7e9) }), { nil: undefined, freq: 6 });
const point = fc.record({ step: fc.integer({ min: 0, max: 60 }), loss: value, time, stepMs: fc.option(value, { nil: undefined, freq: 2 }), gn: fc.option(value, { nil: undefined, freq: 2 }) });
const runArb = fc.record({
  format: fc.constantFrom('wandb-history', 'csv', 'llmc', 'megatron'),
  sorted: fc.boolean(),
  points: fc.array(point, { minLength: 0, maxLength: 80 }),
  N: fc.option(fc.constantFrom(1e6, 1e9), { nil: undefined }),
  tbs: fc.option(fc.constantFrom(1024, 524288), { nil: undefined }),
});

function reasons(r: RunHealth, warningCodes: Set<string>): void {
  const missing = new Set(r.missing.map((m) => m.quantity));
  if (!Number.isFinite(r.goodput)) expect(missing.has('goodput') || warningCodes.has('no_step_metric')).toBe(true);
  if (Number.isNaN(r.tokens_per_s.median)) {
    expect(missing.has('tokens_per_s') || missing.has('step_time') || warningCodes.has('missing_step_time') || warningCodes.has('non_finite_input') || warningCodes.has('no_step_metric') || r.series.step.length <= 1 || r.mfu_basis.tokens_per_step !== r.mfu_basis.tokens_per_step).toBe(true);
  }
  if (Number.isNaN(r.mfu.median)) expect(missing.has('mfu') || Number.isNaN(r.tokens_per_s.median) || warningCodes.has('no_step_metric') || warningCodes.has('non_finite_input')).toBe(true);
}

describe('runHealth on random columns (property)', () => {
  it('never throws; accounting adds up; NaNs have a named reason', () => {
    fc.assert(
      fc.property(fc.array(runArb, { minLength: 1, maxLength: 3 }), (runs) => {
        const b = new RunSetBuilder();
        runs.forEach((spec, k) => {
          const config: Record<string, number> = {};
          if (spec.N !== undefined) config.N = spec.N;
          if (spec.tbs !== undefined) config.total_batch_size = spec.tbs;
          const r = b.addRun({ id: `r${k}`, source: `r${k}.log`, format: spec.format, config });
          const pts = spec.sorted ? [...spec.points].sort((x, y) => x.step - y.step) : spec.points;
          for (const p of pts) {
            b.add(r, p.step, 'train/loss', p.loss, p.time === undefined ? {} : { time: p.time });
            if (p.stepMs !== undefined) b.add(r, p.step, 'step_time_ms', p.stepMs);
            if (p.gn !== undefined) b.add(r, p.step, 'grad_norm', p.gn);
          }
        });
        const h = runHealth(b.build(), { accelerator: 'H100', devices: 8, window: 5 });
        for (const r of h.runs) {
          const codes = new Set(h.warnings.filter((w) => w.run === r.id).map((w) => w.code));
          reasons(r, codes);
          if (Number.isFinite(r.goodput)) {
            const bp = r.badput;
            for (const v of [r.productive_s, bp.startup_s, bp.checkpoint_s, bp.rollback_s, bp.stall_s, bp.gap_s]) expect(v).toBeGreaterThanOrEqual(-1e-9 * Math.max(1, r.wall_s));
            expect(r.productive_s + bp.startup_s + bp.checkpoint_s + bp.rollback_s + bp.stall_s + bp.gap_s).toBeCloseTo(r.wall_s, 6);
            expect(r.goodput).toBeGreaterThanOrEqual(0);
            expect(r.goodput).toBeLessThanOrEqual(1 + 1e-12);
          }
          for (const e of r.events) {
            expect(typeof e.detail).toBe('string');
            expect(e.detail).not.toMatch(/undefined/);
          }
        }
        if (Number.isFinite(h.total.goodput)) expect(h.total.goodput).toBeLessThanOrEqual(1 + 1e-12);
      }),
      { numRuns: 300, seed: 14 },
    );
  });
});
