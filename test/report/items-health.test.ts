/**
 * Run-health report items (src/report/items-health.ts): the `health` config key and the four item kinds, checked
 * on the demo run with known truth (data/health) and the real llm.c log (test/fixtures), and on bad configs.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ReportError } from '../../src/errors.js';
import { combineHealthReports, healthConfigs } from '../../src/report/items-health.js';
import { runHealth } from '../../src/health/index.js';
import { load } from '../../src/load/index.js';
import { buildWeeklyReport } from '../../src/report/weekly.js';
import { validateWeeklyConfig } from '../../src/report/weekly-config.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TRUTH = (JSON.parse(readFileSync(`${ROOT}data/TRUTH.json`, 'utf8')) as { health: { goodput: number; wall_s: number; badput: Record<string, number> } }).health;
const sources = { titan: { paths: 'data/health/torchtitan-1b-8xh100.log' }, llmc: { paths: 'test/fixtures/formats/llmc/stdout_gpt2_1558M.log' }, sweep: { table: 'data/sweep/runs.csv' } };
const health = { demo: { sources: ['titan'], accelerator: 'H100', devices: 8 }, llmc: { sources: 'llmc', accelerator: 'H100', layers: 48, channels: 1600 } };
const cfg = (items: unknown[], extra: Record<string, unknown> = {}) => validateWeeklyConfig({ title: 't', date: '2026-11-25', sources, health, ...extra, sections: [{ title: 'Health', items }] }, ROOT);
const bad = (tree: Record<string, unknown>): string => {
  try {
    validateWeeklyConfig({ title: 't', date: '2026-11-25', sources, sections: [], ...tree }, ROOT);
  } catch (e) {
    expect(e).toBeInstanceOf(ReportError);
    return (e as Error).message;
  }
  throw new Error('config accepted');
};

type Item = { type: string; id?: string; caption?: string; rows?: Record<string, unknown>[]; columns?: { key: string }[]; text?: string; data?: unknown };
async function items(list: unknown[]): Promise<Item[]> {
  const { report } = await buildWeeklyReport(cfg(list));
  return (JSON.parse(report.toJsonString()) as { sections: { items: Item[] }[] }).sections.flatMap((s) => s.items);
}

describe('health config', () => {
  it('validates the analyses and each item, naming the key path', () => {
    expect(healthConfigs(health, { titan: { paths: ['x'] }, llmc: { paths: ['y'] } }).llmc!.options).toEqual({ accelerator: 'H100', layers: 48, channels: 1600 });
    expect(bad({ health: { d: { sources: ['nope'] } } })).toBe("health.d.sources[0]: no source named 'nope' (sources: titan, llmc, sweep)");
    expect(bad({ health: { d: { sources: ['sweep'] } } })).toMatch(/^health\.d\.sources\[0\]: source 'sweep' is a table/);
    expect(bad({ health: { d: { sources: ['titan'], devices: 0 } } })).toBe('health.d.devices: expected an integer >= 1, got 0');
    expect(bad({ health: { d: { sources: ['titan'], gpus: 8 } } })).toMatch(/^health\.d\.gpus: unknown key/);
    expect(bad({ health: { d: {} } })).toBe('health.d.sources: required (runs sources to analyse)');
    expect(bad({ health: { d: { sources: ['titan'], clock: 'cpu' } } })).toBe("health.d.clock: expected one of wall|train, got 'cpu'");
    expect(bad({ health, sections: [{ title: 's', items: [{ kind: 'goodput', health: 'nope' }] }] })).toBe("sections[0].items[0].health: no health analysis named 'nope' (health: demo, llmc)");
    expect(bad({ sections: [{ title: 's', items: [{ kind: 'mfu', health: 'demo' }] }] })).toMatch(/no health analysis named 'demo' \(health: none; add a top-level "health" key\)/);
    expect(bad({ health, sections: [{ title: 's', items: [{ kind: 'goodput', health: 'demo', unit: 'days' }] }] })).toBe("sections[0].items[0].unit: expected one of hours|percent, got 'days'");
    expect(bad({ health, sections: [{ title: 's', items: [{ kind: 'health-timeline', health: 'demo', x: 'tokens' }] }] })).toBe("sections[0].items[0].x: expected one of time|step, got 'tokens'");
    expect(bad({ health, sections: [{ title: 's', items: [{ kind: 'health-summary', health: 'demo', metric: 'x' }] }] })).toMatch(/^sections\[0\]\.items\[0\]\.metric: unknown key/);
  });
});

describe('health items on the demo run and the llm.c log', async () => {
  const all = await items([
    { kind: 'health-summary', health: ['demo', 'llmc'] },
    { kind: 'goodput', health: 'demo', unit: 'percent' },
    { kind: 'goodput', health: 'llmc' },
    { kind: 'health-timeline', health: 'demo' },
    { kind: 'mfu', health: ['demo', 'llmc'] },
  ]);

  it('health-summary: one row per run, the demo goodput and badput to the second of the truth, llm.c without goodput and saying why', () => {
    const t = all.find((i) => i.type === 'table' && i.caption?.startsWith('Run health'))!;
    expect(t.rows).toHaveLength(3);
    expect(t.rows![2]!.run).toBe('total (1 of 2 runs with a wall clock)');
    expect(t.rows![2]!.goodput).toBe(t.rows![0]!.goodput);
    const demo = t.rows!.find((r) => r.run === 'torchtitan-1b-8xh100')!;
    expect(Math.abs((demo.goodput as number) - TRUTH.goodput) * TRUTH.wall_s).toBeLessThan(0.5);
    for (const k of ['startup', 'checkpoint', 'rollback', 'stall', 'gap']) expect(Math.abs((demo[`${k}_h`] as number) * 3600 - TRUTH.badput[`${k}_s`]!)).toBeLessThan(0.5);
    const llmc = t.rows!.find((r) => r.run === 'stdout_gpt2_1558M')!;
    expect(llmc.goodput).toBeNull();
    expect(llmc.missing).toContain('wall-clock timestamps');
    expect(llmc.mfu as number).toBeGreaterThan(0.46); // llm.c's own formula and peak: the log prints 47.x%
    expect(t.caption).toContain('goodput 62% of 1.076 h');
  });
  it('goodput: a figure for the timed run; a sentence instead of an empty figure for a log without timestamps', () => {
    const figs = all.filter((i) => i.type === 'figure' && i.id!.includes('goodput'));
    expect(figs).toHaveLength(1);
    expect(figs[0]!.caption).toContain('percent of each run');
    expect(all.some((i) => i.type === 'markdown' && String(i.text).startsWith('No goodput to draw: none of the 1 run(s) has wall-clock timestamps (wall-clock timestamps)'))).toBe(true);
  });
  it('health-timeline: one figure with its events listed, and an events table whose steps are the truth steps', () => {
    const fig = all.find((i) => i.type === 'figure' && i.id!.includes('timeline'))!;
    expect(fig.caption).toMatch(/events: .*1 stall.*1 restart/);
    const ev = all.find((i) => i.type === 'table' && i.caption === 'Events of torchtitan-1b-8xh100')!;
    const at = (kind: string) => ev.rows!.filter((r) => r.kind === kind).map((r) => r.step);
    expect(at('stall')).toEqual([437]);
    expect(at('restart')).toEqual([601]);
    expect(at('checkpoint')).toEqual([201, 401, 601, 801]);
    expect(at('loss_spike')).toEqual([441]);
    expect(ev.rows!.find((r) => r.kind === 'loss_spike')!.before).toContain('stall @ 437');
  });
  it('mfu: a figure and a table of what it was computed from, logged beside recomputed', () => {
    expect(all.filter((i) => i.type === 'figure' && i.id!.includes('mfu'))).toHaveLength(1);
    const basis = all.find((i) => i.type === 'table' && i.caption!.startsWith('What the MFU was computed from'))!;
    const llmc = basis.rows!.find((r) => r.run === 'stdout_gpt2_1558M')!;
    expect(llmc.flops_source).toBe('llmc');
    expect(Math.abs(llmc.diff as number)).toBeLessThan(0.01);
    expect(basis.rows!.find((r) => r.run === 'torchtitan-1b-8xh100')!.flops_source).toBe('6N');
  });
  it('health-timeline: an unknown run is refused with the runs there are', async () => {
    await expect(items([{ kind: 'health-timeline', health: 'demo', runs: ['nope'] }])).rejects.toThrow("health-timeline item: no run 'nope' in health demo (runs: torchtitan-1b-8xh100)");
    await expect(items([{ kind: 'health-timeline', health: 'llmc', x: 'time' }])).rejects.toThrow(/has no wall-clock timestamps; use "x": "step"/);
  });
});

describe('combineHealthReports', () => {
  it('concatenates runs (a repeated id gets its label), sums the total over the timed runs, keeps every warning', async () => {
    const demo = runHealth(await load(`${ROOT}data/health/torchtitan-1b-8xh100.log`), { accelerator: 'H100', devices: 8 });
    const llmc = runHealth(await load(`${ROOT}test/fixtures/formats/llmc/stdout_gpt2_1558M.log`), { accelerator: 'H100' });
    const both = combineHealthReports([demo, llmc, demo], ['a', 'b', 'again']);
    expect(both.runs.map((r) => r.id)).toEqual(['torchtitan-1b-8xh100', 'stdout_gpt2_1558M', 'torchtitan-1b-8xh100 (again)']);
    expect(both.total.runs).toBe(3);
    expect(both.total.timed_runs).toBe(2);
    expect(both.total.wall_s).toBeCloseTo(2 * demo.runs[0]!.wall_s, 9);
    expect(both.total.badput.gap_s).toBeCloseTo(2 * demo.runs[0]!.badput.gap_s, 9);
    expect(both.total.goodput).toBeCloseTo(demo.runs[0]!.goodput, 12);
    expect(both.warnings).toHaveLength(2 * demo.warnings.length + llmc.warnings.length);
    expect(combineHealthReports([llmc]).total.goodput).toBeNaN();
  });
});
