import { describe, expect, it } from 'vitest';
import { joinConfig, restarts, runsTable } from '../../src/runs/index.js';
import { sample } from './helpers.js';

describe('runsTable', () => {
  it('has one row per run with config keys flattened and counts', () => {
    const t = runsTable(sample());
    expect(t.columnNames()).toEqual(['id', 'name', 'source', 'variant', 'seed', 'state', 'format', 'N', 'lr', 'tag', 'config.seed', 'restarts', 'non_finite', 'skipped']);
    expect(t.objects()).toEqual([
      { id: 'a', name: 'run-a', source: 'a.log', variant: 'base', seed: 1, state: 'finished', format: 'test', N: 1e6, lr: 3e-4, tag: 'x', 'config.seed': null, restarts: 1, non_finite: 0, skipped: 0 },
      { id: 'b', name: 'b', source: 'b.log', variant: 'base', seed: 2, state: null, format: null, N: 1e6, lr: 1e-3, tag: null, 'config.seed': null, restarts: 0, non_finite: 1, skipped: 1 },
      { id: 'c', name: 'c', source: 'c.json', variant: 'wide', seed: 1, state: null, format: null, N: 4e6, lr: null, tag: null, 'config.seed': 99, restarts: 0, non_finite: 0, skipped: 0 },
    ]);
  });
});

describe('joinConfig', () => {
  it('adds variant, seed and the chosen config columns to every metric row', () => {
    const rs = sample();
    const t = joinConfig(rs, ['lr']);
    expect(t.columnNames()).toEqual(['run', 'metric', 'step', 'value', 'tokens', 'flops', 'time', 'flag', 'variant', 'seed', 'lr']);
    expect(t.numRows()).toBe(rs.numPoints);
    const b = t.filter((d: { run: string }) => d.run === 'b').objects() as Record<string, unknown>[];
    expect(b.every((o) => o.lr === 1e-3 && o.variant === 'base' && o.seed === 2)).toBe(true);
    const all = joinConfig(rs);
    expect(all.columnNames().slice(8)).toEqual(['variant', 'seed', 'N', 'lr', 'tag', 'config.seed']);
    expect(() => joinConfig(rs, ['nope'])).toThrow(/no run has config key 'nope'/);
  });
});

describe('restarts', () => {
  it('lists every restart as a report row', () => {
    expect(restarts(sample())).toEqual([{ run: 'a', from_step: 4, to_step: 3, superseded: 5 }]);
  });
});
