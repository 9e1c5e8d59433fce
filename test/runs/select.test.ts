import { describe, expect, it } from 'vitest';
import { selectMetrics, selectRuns } from '../../src/runs/index.js';
import { sample } from './helpers.js';

describe('selectRuns', () => {
  it('selects by variant and carries restarts, summaries, superseded points and warnings of kept runs', () => {
    const rs = sample();
    const base = selectRuns(rs, { variant: 'base' });
    expect(base.runs.map((r) => r.id)).toEqual(['a', 'b']);
    expect(base.runs[0]!.restarts).toEqual([{ fromStep: 4, toStep: 3, superseded: 5 }]);
    expect(Array.from(base.curve('a', 'loss')!.value)).toEqual([5, 4, 3, 2.5, 1.5, 1]);
    expect(Array.from(base.curve('b', 'loss')!.value)).toEqual([6, 5, 4, NaN]);
    expect(base.numPoints).toBe(rs.numPoints);
    expect(base.superseded.numRows()).toBe(5);
    expect(base.warnings.map((w) => w.message)).toEqual(['truncated line', 'file-level']);
    expect(base.runs.map((r) => [r.nonFinite, r.skipped])).toEqual([[0, 0], [1, 1]]);
  });

  it('selects by id list, predicate, seed list and config', () => {
    const rs = sample();
    expect(selectRuns(rs, ['c', 'a']).runs.map((r) => r.id)).toEqual(['a', 'c']);
    expect(selectRuns(rs, (r) => Number(r.config.N) > 2e6).runs.map((r) => r.id)).toEqual(['c']);
    expect(selectRuns(rs, { seed: [2, 99] }).runs.map((r) => r.id)).toEqual(['b']);
    expect(selectRuns(rs, { config: { N: 1e6, lr: [1e-3] } }).runs.map((r) => r.id)).toEqual(['b']);
    const c = selectRuns(rs, ['c']);
    expect(c.numPoints).toBe(0);
    expect(c.runs[0]!.summary).toEqual({ loss: 2.2 });
    expect(c.metricNames()).toEqual([]);
    expect(c.superseded.numRows()).toBe(0);
  });

  it('yields an empty set when nothing matches, and refuses unknown ids', () => {
    const rs = sample();
    const none = selectRuns(rs, { variant: 'nope' });
    expect(none.runs).toEqual([]);
    expect(none.numPoints).toBe(0);
    expect(none.metrics.numRows()).toBe(0);
    expect(() => selectRuns(rs, ['a', 'zz'])).toThrow(/no run with id 'zz'/);
  });

  it('does not alias the metadata of the source set', () => {
    const rs = sample();
    const d = selectRuns(rs, ['a']);
    d.runs[0]!.config.N = 7;
    d.runs[0]!.restarts[0]!.superseded = 0;
    expect(rs.runs[0]!.config.N).toBe(1e6);
    expect(rs.runs[0]!.restarts[0]!.superseded).toBe(5);
  });
});

describe('selectMetrics', () => {
  it('keeps only the named metrics and recounts non-finite and skipped points', () => {
    const rs = sample();
    const loss = selectMetrics(rs, 'loss');
    expect(loss.metricNames()).toEqual(['loss']);
    expect(loss.runs.map((r) => r.id)).toEqual(['a', 'b', 'c']);
    expect(loss.numPoints).toBe(10);
    expect(loss.runs.map((r) => [r.nonFinite, r.skipped])).toEqual([[0, 0], [1, 0], [0, 0]]);
    expect(loss.runs[0]!.restarts.length).toBe(1);
    // Superseded points of the kept metric only: loss at steps 3 and 4 of the first segment of 'a'.
    expect((loss.superseded.objects() as Record<string, unknown>[]).map((o) => [o.metric, o.step, o.value])).toEqual([['loss', 3, 2], ['loss', 4, 1]]);
    expect(loss.curve('a', 'lr')).toBeUndefined();
    expect(Array.from(loss.curve('a', 'loss')!.tokens)).toEqual([0, 100, 200, 300, 400, 500]);
    expect(loss.has('tokens')).toBe(true);
  });

  it('drops an optional column that no kept point has, and refuses unknown metrics', () => {
    const rs = sample();
    const lr = selectMetrics(rs, ['lr']);
    expect(lr.has('tokens')).toBe(false);
    expect(Array.from(lr.curve('a', 'lr')!.tokens)).toEqual([NaN, NaN, NaN, NaN]);
    expect(() => selectMetrics(rs, ['loss', 'val'])).toThrow(/no metric 'val'/);
  });
});
