/**
 * display() summaries of run-health results (src/notebook/summaries-health.ts), on the demo run with known truth
 * and the real llm.c log: the text and HTML carry the analysis' numbers, missing inputs and warnings.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runHealth } from '../../src/health/index.js';
import { load } from '../../src/load/index.js';
import { displayContent } from '../../src/notebook/display.js';
import { summarize } from '../../src/notebook/summaries.js';
import { summarizeHealth, summarizeRunHealth } from '../../src/notebook/summaries-health.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TRUTH = (JSON.parse(readFileSync(`${ROOT}data/TRUTH.json`, 'utf8')) as { health: { goodput: number; badput: Record<string, number> } }).health;

describe('run-health summaries', async () => {
  const demo = runHealth(await load(`${ROOT}data/health/torchtitan-1b-8xh100.log`), { accelerator: 'H100', devices: 8 });
  const llmc = runHealth(await load(`${ROOT}test/fixtures/formats/llmc/stdout_gpt2_1558M.log`), { accelerator: 'H100', layers: 48, channels: 1600 });

  it('summarize() recognises a health report and a single run by shape', () => {
    expect(summarize(demo)!.title).toBe('Run health');
    expect(summarize(demo.runs[0])!.title).toBe('Run health of torchtitan-1b-8xh100');
    expect(summarize({ runs: [], warnings: [] })).toBeUndefined();
  });
  it('a report: the total goodput and each badput kind in the facts, one row per run, every warning', () => {
    const text = summarizeHealth(demo).summary();
    expect(text).toContain(`goodput ${Number((100 * TRUTH.goodput).toPrecision(3))}% of 1.08 h`);
    expect(text).toContain('start-up 93 s');
    expect(text).toContain('gaps 14.4 min');
    expect(text).toMatch(/^torchtitan-1b-8xh100 +wall +1\.076 +62%/m);
    for (const w of demo.warnings) expect(text).toContain(w.code);
    const html = summarizeHealth(demo).toHTML();
    expect(html).toContain('<table');
    expect(html).not.toContain('<script');
  });
  it('a run: seconds of each kind equal the analysis to the millisecond, and add up to the wall clock', () => {
    const r = demo.runs[0]!;
    const text = summarizeRunHealth(r).summary();
    const secondsOf = (kind: string) => Number(text.split('\n').find((l) => l.startsWith(kind + ' '))!.trim().split(/\s{2,}/)[1]);
    expect(secondsOf('start-up')).toBeCloseTo(r.badput.startup_s, 2);
    expect(secondsOf('gaps between restarts')).toBeCloseTo(r.badput.gap_s, 2);
    expect(Math.abs(secondsOf('stalls') - TRUTH.badput.stall_s!)).toBeLessThan(0.5);
    expect(text).toContain('stall @ 437'); // the loss spike's context
    expect(text).toMatch(/MFU basis: .* FLOPs per token \(6N\) · peak .* \(H100\) x 8 device\(s\)/);
  });
  it('a run without timestamps says why it has no goodput and which inputs are missing', () => {
    const text = summarizeRunHealth(llmc.runs[0]!).summary();
    expect(text).toContain('no goodput (wall-clock timestamps)');
    expect(text).toContain('warning: goodput not computed (missing wall-clock timestamps)');
    expect(text).toMatch(/MFU logged \(%, median\) +47\.\d/);
    expect(summarizeHealth(llmc).summary()).toContain('none with wall-clock timestamps: no goodput');
  });
  it('display() renders a health report as HTML', () => {
    const c = displayContent(demo);
    expect(JSON.stringify(c)).toContain('torchtitan-1b-8xh100');
  });
});
