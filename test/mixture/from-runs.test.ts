import { describe, expect, it } from 'vitest';
import { RunSetBuilder } from '../../src/runs/builder.js';
import { mixtureFromRuns, parseMegatronDataPath } from '../../src/mixture/index.js';

describe('mixtures from runs', () => {
  it('parses a Megatron --data-path into normalised weights per domain', () => {
    expect(parseMegatronDataPath('0.3 /d/web_text_document 0.9 /d/code_text_document')).toEqual({ web: 0.25, code: 0.75 });
    expect(() => parseMegatronDataPath('0.3 /d/web 0.7')).toThrow(/alternating weights and paths/);
  });
  it('reads weights from config keys or a data path, losses from final metric values, and names runs without weights', () => {
    const b = new RunSetBuilder();
    const r1 = b.addRun({ id: 'a', name: 'a', source: 'x', config: { 'mix/web': 0.6, 'mix/code': 0.4, data_path: '1 /d/web_text_document 1 /d/code_text_document' } });
    const r2 = b.addRun({ id: 'b', name: 'b', source: 'x', config: { 'mix/web': 0.1, 'mix/code': 0.9, data_path: '1 /d/web_text_document 3 /d/code_text_document' } });
    const r3 = b.addRun({ id: 'c', name: 'c', source: 'x', config: {} });
    for (const [r, v] of [[r1, 3.2], [r2, 3.5], [r3, 3.0]] as const) { b.add(r, 10, 'val/loss', v + 0.5); b.add(r, 20, 'val/loss', v); }
    const rs = b.build();
    const t = mixtureFromRuns(rs, { domains: ['mix/web', 'mix/code'], metrics: ['val/loss'] });
    expect(t.ids).toEqual(['a', 'b']);
    expect([...t.weights[1]!]).toEqual([0.1, 0.9]);
    expect([...t.losses[0]!]).toEqual([3.2, 3.5]);
    expect(t.warnings[0]).toMatch(/1 runs have no mixture weights in their config and are left out: c/);
    const m = mixtureFromRuns(rs, { dataPathKey: 'data_path', metrics: ['val/loss'] });
    expect(m.domains).toEqual(['code', 'web']);
    expect([...m.weights[1]!]).toEqual([0.75, 0.25]);
  });
});
