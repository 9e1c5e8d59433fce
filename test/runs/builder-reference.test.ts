/**
 * RunSetBuilder.build() against a naive reference of its documented semantics (restarts, duplicates, grouping),
 * on random point sequences: both the fast path (every (run, metric) strictly increasing in file order) and the
 * general path (steps going back, repeated steps) must give exactly what the reference gives.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RunSetBuilder } from '../../src/runs/builder.js';
import { Flag } from '../../src/runs/types.js';

type Pt = { run: number; metric: number; step: number; value: number; flag: number; i: number };

/** The semantics of src/runs/builder.ts written the slow and obvious way. */
function reference(pts: Pt[], R: number) {
  const restarts: { pos: number; toStep: number; fromStep: number; superseded: number }[][] = Array.from({ length: R }, () => []);
  const lastStep = new Map<string, number>();
  const prevStep = new Map<string, number>();
  const maxSince = Array<number>(R).fill(-Infinity);
  const reason = new Map<number, string>();
  for (const p of pts) {
    const key = `${p.run}/${p.metric}`;
    const last = lastStep.get(key);
    if (last !== undefined && p.step < last && p.step < maxSince[p.run]!) {
      // A damaged step: below the step before the last one, and the next point of this curve continues past last.
      const before = prevStep.get(key);
      const next = pts.find((q) => q.i > p.i && q.run === p.run && q.metric === p.metric);
      if (before !== undefined && next !== undefined && next.step > last && p.step < before) {
        reason.set(p.i, 'damaged');
        continue;
      }
      restarts[p.run]!.push({ pos: p.i, toStep: p.step, fromStep: maxSince[p.run]!, superseded: 0 });
      maxSince[p.run] = p.step;
    }
    maxSince[p.run] = Math.max(maxSince[p.run]!, p.step);
    if (last !== undefined) prevStep.set(key, last);
    lastStep.set(key, p.step);
  }
  for (const p of pts) {
    if (reason.has(p.i)) continue;
    const rs = restarts[p.run]!.find((r) => r.pos > p.i && p.step >= r.toStep);
    if (rs) { reason.set(p.i, 'restart'); rs.superseded++; }
  }
  const sorted = [...pts].sort((a, b) => a.run - b.run || a.metric - b.metric || a.step - b.step || a.i - b.i);
  for (let j = 0; j < sorted.length; j++) {
    const p = sorted[j]!;
    if (reason.has(p.i)) continue;
    const next = sorted.slice(j + 1).find((q) => !reason.has(q.i) && q.run === p.run && q.metric === p.metric);
    if (next && next.step === p.step) reason.set(p.i, 'duplicate');
  }
  const kept = sorted.filter((p) => !reason.has(p.i));
  const dropped = sorted.filter((p) => reason.has(p.i));
  return {
    kept: kept.map((p) => [p.run, p.metric, p.step, p.value, p.flag]),
    dropped: dropped.map((p) => [p.run, p.metric, p.step, p.value, reason.get(p.i)]),
    restarts: restarts.map((l) => l.map(({ fromStep, toStep, superseded }) => ({ fromStep, toStep, superseded }))),
    nonFinite: Array.from({ length: R }, (_, r) => kept.filter((p) => p.run === r && p.flag === Flag.nonFinite).length),
    skipped: Array.from({ length: R }, (_, r) => kept.filter((p) => p.run === r && p.flag === Flag.skipped).length),
  };
}

function viaBuilder(pts: Pt[], R: number, metricNames: string[]) {
  const b = new RunSetBuilder();
  for (let r = 0; r < R; r++) b.addRun({ id: `r${r}`, source: 'x' });
  for (const p of pts) b.add(p.run, p.step, metricNames[p.metric]!, p.value, p.flag === Flag.skipped ? { flag: Flag.skipped } : undefined);
  const rs = b.build();
  const c = rs.columns();
  // Metric ids are assigned in first-seen order; map them back to the test's metric numbers.
  const mid = c.metricNames.map((name) => metricNames.indexOf(name));
  const rows = (cols: typeof c.kept, extra?: string[]) =>
    Array.from(cols.step, (s, j) => [cols.runIndex[j]!, mid[cols.metricIndex[j]!]!, s, cols.value[j]!, extra ? extra[j]! : cols.flag[j]!]);
  // The reference sorts by the test's metric numbers: sort the builder's rows the same way (stable within a curve).
  const byKey = (x: (string | number)[], y: (string | number)[]) => (x[0] as number) - (y[0] as number) || (x[1] as number) - (y[1] as number);
  const kept = rows(c.kept).sort(byKey);
  const dropped = rows(c.superseded, c.superseded.reason).sort((x, y) => byKey(x, y) || (x[2] as number) - (y[2] as number));
  for (const cv of c.curves) {
    for (let j = cv.start; j < cv.end; j++) {
      expect(c.kept.runIndex[j]).toBe(cv.run);
      expect(c.kept.metricIndex[j]).toBe(cv.metric);
    }
  }
  return {
    kept,
    dropped,
    restarts: rs.runs.map((r) => r.restarts),
    nonFinite: rs.runs.map((r) => r.nonFinite),
    skipped: rs.runs.map((r) => r.skipped),
  };
}

const METRICS = ['loss', 'lr', 'val'];

function check(raw: { run: number; metric: number; step: number; value: number; skip: boolean }[], R: number) {
  const pts: Pt[] = raw.map((p, i) => ({ ...p, flag: p.skip ? Flag.skipped : Number.isFinite(p.value) ? Flag.ok : Flag.nonFinite, i }));
  const want = reference(pts, R);
  const got = viaBuilder(pts, R, METRICS);
  // The reference's dropped list is sorted by step then file order; so is the builder's (stable sort above).
  want.dropped.sort((x, y) => (x[0] as number) - (y[0] as number) || (x[1] as number) - (y[1] as number) || (x[2] as number) - (y[2] as number));
  expect(got).toEqual(want);
}

const value = fc.oneof(fc.double({ min: -10, max: 10, noNaN: true }), fc.constantFrom(NaN, Infinity));

describe('RunSetBuilder.build() matches the reference semantics', () => {
  it('random steps (restarts and duplicates: the general path)', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 3 }).chain((R) => fc.tuple(fc.constant(R), fc.array(fc.record({
        run: fc.integer({ min: 0, max: R - 1 }), metric: fc.integer({ min: 0, max: 2 }),
        step: fc.integer({ min: 0, max: 12 }), value, skip: fc.boolean(),
      }), { maxLength: 60 }))),
      ([R, raw]) => check(raw, R),
    ), { numRuns: 400, seed: 11 });
  });

  it('strictly increasing steps per (run, metric), interleaved (the fast path)', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 3 }).chain((R) => fc.tuple(fc.constant(R), fc.array(fc.record({
        run: fc.integer({ min: 0, max: R - 1 }), metric: fc.integer({ min: 0, max: 2 }),
        gap: fc.integer({ min: 1, max: 5 }), value, skip: fc.boolean(),
      }), { maxLength: 60 }))),
      ([R, raw]) => {
        const last = new Map<string, number>();
        const pts = raw.map(({ gap, ...p }) => {
          const k = `${p.run}/${p.metric}`;
          const step = (last.get(k) ?? -1) + gap;
          last.set(k, step);
          return { ...p, step };
        });
        check(pts, R);
      },
    ), { numRuns: 400, seed: 12 });
  });

  it('a step is required', () => {
    const b = new RunSetBuilder();
    const r = b.addRun({ id: 'a', source: 'x' });
    b.add(r, 0, 'loss', 1);
    b.add(r, NaN, 'loss', 2);
    expect(() => b.build()).toThrow(/point 1 of run 'a' has no step/);
  });
});
