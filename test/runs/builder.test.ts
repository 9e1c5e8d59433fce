import { describe, expect, it } from 'vitest';
import { RunSetBuilder } from '../../src/runs/builder.js';
import { Flag } from '../../src/runs/types.js';

function build(points: [number, string, number][], extra?: (b: RunSetBuilder, r: number) => void) {
  const b = new RunSetBuilder();
  const r = b.addRun({ id: 'r', source: 'r.log' });
  for (const [s, m, v] of points) b.add(r, s, m, v);
  extra?.(b, r);
  return b.build();
}

describe('RunSetBuilder', () => {
  it('groups points into curves per metric, ordered by step', () => {
    const rs = build([[1, 'loss', 4], [0, 'lr', 1], [2, 'loss', 3], [3, 'loss', 2]]);
    expect(Array.from(rs.curve('r', 'loss')!.step)).toEqual([1, 2, 3]);
    expect(rs.metricNames()).toEqual(['loss', 'lr']);
    expect(rs.metrics.numRows()).toBe(4);
  });

  it('records a resume from checkpoint: the later segment wins, the earlier one is superseded', () => {
    // steps 0..4, then resume at 2 and continue to 5; lr also logged.
    const pts: [number, string, number][] = [];
    for (let s = 0; s <= 4; s++) pts.push([s, 'loss', 10 - s], [s, 'lr', s]);
    for (let s = 2; s <= 5; s++) pts.push([s, 'loss', 100 + s], [s, 'lr', 50 + s]);
    const rs = build(pts);
    const c = rs.curve('r', 'loss')!;
    expect(Array.from(c.step)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(Array.from(c.value)).toEqual([10, 9, 102, 103, 104, 105]);
    expect(rs.runs[0]!.restarts).toEqual([{ fromStep: 4, toStep: 2, superseded: 6 }]);
    expect(rs.superseded.numRows()).toBe(6);
    expect(rs.superseded.array('reason')).toEqual(Array(6).fill('restart'));
  });

  it('attributes a sparse metric catching up after the same resume to that restart', () => {
    // val every 2 steps; crash after step 5 (val at 4), resume at 3.
    const pts: [number, string, number][] = [];
    for (let s = 0; s <= 5; s++) { pts.push([s, 'loss', s]); if (s % 2 === 0) pts.push([s, 'val', s]); }
    for (let s = 3; s <= 6; s++) { pts.push([s, 'loss', 10 + s]); if (s % 2 === 0) pts.push([s, 'val', 10 + s]); }
    const rs = build(pts);
    expect(rs.runs[0]!.restarts.length).toBe(1);
    expect(rs.runs[0]!.restarts[0]).toMatchObject({ fromStep: 5, toStep: 3 });
    expect(Array.from(rs.curve('r', 'val')!.value)).toEqual([0, 2, 14, 16]);
  });

  it('detects two successive restarts', () => {
    const pts: [number, string, number][] = [];
    for (let s = 0; s <= 10; s++) pts.push([s, 'loss', s]);
    for (let s = 8; s <= 20; s++) pts.push([s, 'loss', 100 + s]);
    for (let s = 15; s <= 25; s++) pts.push([s, 'loss', 200 + s]);
    const rs = build(pts);
    expect(rs.runs[0]!.restarts.map((r) => [r.fromStep, r.toStep, r.superseded])).toEqual([[10, 8, 3], [20, 15, 6]]);
    const c = rs.curve('r', 'loss')!;
    expect(c.value[c.step.indexOf(9)]).toBe(109);
    expect(c.value[c.step.indexOf(15)]).toBe(215);
  });

  it('keeps the last of a duplicated step without calling it a restart', () => {
    const rs = build([[0, 't', 1], [1680, 't', 151433], [1680, 't', 151526]]);
    expect(Array.from(rs.curve('r', 't')!.value)).toEqual([1, 151526]);
    expect(rs.runs[0]!.restarts).toEqual([]);
    expect(rs.superseded.array('reason')).toEqual(['duplicate']);
  });

  it('keeps and flags non-finite values and skipped iterations', () => {
    const rs = build([[0, 'loss', 1], [1, 'loss', NaN], [2, 'loss', Infinity]], (b, r) => b.add(r, 3, 'loss', NaN, { flag: Flag.skipped }));
    const c = rs.curve('r', 'loss')!;
    expect(Array.from(c.flag)).toEqual([0, 1, 1, 2]);
    expect(rs.runs[0]!.nonFinite).toBe(2);
    expect(rs.runs[0]!.skipped).toBe(1);
  });

  it('refuses duplicate run ids and points without a step', () => {
    const b = new RunSetBuilder();
    b.addRun({ id: 'a', source: 'x' });
    expect(() => b.addRun({ id: 'a', source: 'y' })).toThrow(/duplicate run id 'a'/);
    b.add(0, NaN, 'loss', 1);
    expect(() => b.build()).toThrow(/no step/);
  });

  it('handles many runs interleaved', () => {
    const b = new RunSetBuilder();
    const ids = [0, 1, 2].map((i) => b.addRun({ id: `r${i}`, source: 's' }));
    for (let s = 0; s < 100; s++) for (const r of ids) b.add(r, s, 'loss', r * 1000 + s);
    const rs = b.build();
    expect(rs.curves('loss').map((c) => c.value[99])).toEqual([99, 1099, 2099]);
  });

  it('allocates tokens/flops/time only when a source has them, NaN where a point lacks them', () => {
    const b = new RunSetBuilder();
    const r = b.addRun({ id: 'r', source: 's' });
    b.add(r, 0, 'loss', 5);
    b.add(r, 1, 'loss', 4, { tokens: 1000 });
    const rs = b.build();
    expect(rs.has('tokens')).toBe(true);
    expect(rs.has('flops')).toBe(false);
    const c = rs.curve('r', 'loss')!;
    expect(Array.from(c.tokens)).toEqual([NaN, 1000]);
    expect(Array.from(c.flops)).toEqual([NaN, NaN]);
    expect(rs.metrics.array('flops')).toHaveLength(2);
  });

  it('keeps columns intact across growth past the initial capacity', () => {
    const b = new RunSetBuilder();
    const r = b.addRun({ id: 'r', source: 's' });
    for (let s = 0; s < 5000; s++) b.add(r, s, 'loss', s, s === 4000 ? { time: 7 } : undefined);
    const c = b.build().curve('r', 'loss')!;
    expect(c.value[4999]).toBe(4999);
    expect(c.time[4000]).toBe(7);
    expect(Number.isNaN(c.time[3999]!)).toBe(true);
    expect(Number.isNaN(c.time[4001]!)).toBe(true);
  });
});
