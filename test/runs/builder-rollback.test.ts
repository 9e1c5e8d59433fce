/** RunSetBuilder.mark/rollback: a file that fails half-way in a folder walk leaves nothing behind. */
import { describe, expect, it } from 'vitest';
import { RunSetBuilder } from '../../src/runs/builder.js';

describe('RunSetBuilder rollback', () => {
  it('drops the runs, metric names, points and warnings added after the mark, and the builder goes on', () => {
    const b = new RunSetBuilder();
    const a = b.addRun({ id: 'a', source: 'a.log' });
    b.add(a, 0, 'loss', 3, { tokens: 10 });
    b.warn({ file: 'a.log', message: 'kept' });
    const m = b.mark();
    const x = b.addRun({ id: 'x', source: 'x.log' });
    b.add(x, 0, 'acc', 0.5, { time: 1 });
    b.add(a, 1, 'loss', 2);
    b.warn({ file: 'x.log', message: 'dropped' });
    b.rollback(m);
    expect(b.hasRun('x')).toBe(false);
    expect(b.size).toBe(1);
    // The builder goes on: the id is free again and new points land after the kept ones.
    const y = b.addRun({ id: 'x', source: 'y.log' });
    b.add(y, 5, 'loss', 1);
    const rs = b.build();
    expect(rs.runs.map((r) => [r.id, r.source])).toEqual([['a', 'a.log'], ['x', 'y.log']]);
    expect(rs.metricNames()).toEqual(['loss']);
    expect(Array.from(rs.curve('a', 'loss')!.value)).toEqual([3]);
    expect(Array.from(rs.curve('x', 'loss')!.step)).toEqual([5]);
    expect(rs.warnings.map((w) => w.message)).toEqual(['kept']);
    expect(rs.numPoints).toBe(2);
  });
});
