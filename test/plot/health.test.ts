/**
 * Run-health figures (src/plot/health-*.ts): byte snapshots of fixed inputs, and what each figure must show.
 * Update the snapshots with SCALELAB_UPDATE_SNAPSHOTS=1 after a deliberate change.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { goodputFigure } from '../../src/plot/health-goodput.js';
import { mfuFigure } from '../../src/plot/health-mfu.js';
import { healthTimelineFigure, healthTimelineOptions, type HealthTimelineInput } from '../../src/plot/health-timeline.js';
import { formatDuration } from '../../src/plot/health-common.js';

const SNAP = fileURLToPath(new URL('./__snapshots__/', import.meta.url));
const UPDATE = process.env.SCALELAB_UPDATE_SNAPSHOTS === '1';

/** A run of 300 steps at 2 s (a saw-tooth of +-20 ms), a 40 s save after 100 and 200, a 30 s stall at 150, a relaunch gap. */
function timelineInput(): HealthTimelineInput {
  const n = 300;
  const step = new Float64Array(n), time = new Float64Array(n), st = new Float64Array(n), tps = new Float64Array(n), loss = new Float64Array(n);
  let t = 60;
  for (let i = 0; i < n; i++) {
    const s = i + 1;
    let d = 2 + 0.02 * ((s % 5) - 2);
    if (s === 101 || s === 201) d += 40;
    if (s === 150) d += 30;
    if (s === 251) d += 900; // crash and relaunch
    t += d;
    step[i] = s;
    time[i] = t;
    st[i] = d;
    tps[i] = 524288 / d;
    loss[i] = 3 + 6 * Math.exp(-s / 40) + (s >= 160 && s < 170 ? 1.2 * Math.exp(-(s - 160) / 3) : 0);
  }
  const at = (s: number) => time[s - 1]!;
  return {
    run: 'demo <run>',
    series: { step, time_s: time, step_time_s: st, tokens_per_s: tps, loss },
    events: [
      { kind: 'checkpoint', step: 101, time_s: at(101) },
      { kind: 'checkpoint', step: 201, time_s: at(201) },
      { kind: 'stall', step: 150, time_s: at(150) },
      { kind: 'loss_spike', step: 160, time_s: at(160), value: loss[159]! },
      { kind: 'restart', step: 251, time_s: at(251) },
      { kind: 'mfu_disagreement', step: 2, time_s: at(2) },
    ],
  };
}

const badput = (startup_s: number, checkpoint_s: number, rollback_s: number, stall_s: number, gap_s: number) => ({ startup_s, checkpoint_s, rollback_s, stall_s, gap_s });
const goodputRows = [
  { run: 'titan-1b', wall_s: 3874.492, productive_s: 2400.499, badput: badput(93, 152.36, 311.633, 52, 865) },
  { run: 'llmc <1558M>', wall_s: 7200, productive_s: 6900, badput: badput(120, 100, 0, 80, 0) },
  { run: 'no clock', wall_s: NaN, productive_s: NaN, badput: badput(NaN, NaN, NaN, NaN, NaN) },
];
const goodputTotal = { run: 'all runs', wall_s: 11074.492, productive_s: 9300.499, badput: badput(213, 252.36, 311.633, 132, 865) };

function mfuRows() {
  const rec = Float64Array.from({ length: 200 }, (_, i) => 0.47 + 0.004 * Math.sin(i));
  const log = Float64Array.from({ length: 200 }, (_, i) => 0.473 + 0.003 * Math.cos(i));
  const rec2 = Float64Array.from({ length: 50 }, (_, i) => (i === 7 ? NaN : 0.36 + 0.01 * ((i % 7) / 7)));
  return [
    { run: 'gpt2-1558M', recomputed: rec, logged: log },
    { run: 'titan-1b', recomputed: rec2 },
    { run: 'no N', recomputed: [NaN, NaN] },
  ];
}

const FIGURES: Record<string, () => string> = {
  'health-timeline': () => healthTimelineFigure(timelineInput(), { id: 'health-timeline' }),
  'health-timeline-step': () => healthTimelineFigure(timelineInput(), { id: 'health-timeline-step', x: 'step', panels: ['step_time', 'loss'], logStepTime: false }),
  'health-goodput': () => goodputFigure({ rows: goodputRows, total: goodputTotal }, { id: 'health-goodput' }),
  'health-goodput-percent': () => goodputFigure({ rows: goodputRows }, { id: 'health-goodput-pct', unit: 'percent' }),
  'health-mfu': () => mfuFigure({ rows: mfuRows() }, { id: 'health-mfu' }),
};

describe('run-health figure snapshots', () => {
  if (UPDATE) mkdirSync(SNAP, { recursive: true });
  for (const [name, make] of Object.entries(FIGURES)) {
    it(`${name}: the same bytes twice and as committed`, () => {
      const svg = make();
      expect(make()).toBe(svg);
      if (UPDATE) writeFileSync(`${SNAP}${name}.svg`, svg);
      expect(existsSync(`${SNAP}${name}.svg`), `missing snapshot ${name}.svg (run with SCALELAB_UPDATE_SNAPSHOTS=1)`).toBe(true);
      expect(svg).toBe(readFileSync(`${SNAP}${name}.svg`, 'utf8'));
    });
  }
  it('every figure has xmlns, its id on the root, ids only under its own prefix, and ends with a newline', () => {
    for (const [name, make] of Object.entries(FIGURES)) {
      const svg = make();
      const id = svg.match(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" id="([^"]+)"/)?.[1];
      expect(id, name).toBeDefined();
      for (const m of svg.matchAll(/ id="([^"]+)"/g)) expect(m[1]!.startsWith(id!), `${name}: ${m[1]}`).toBe(true);
      for (const m of svg.matchAll(/url\(#([^)]+)\)/g)) expect(m[1]!.startsWith(id!), `${name}: ${m[1]}`).toBe(true);
      expect(svg).toContain('currentColor');
      expect(svg.endsWith('</svg>\n')).toBe(true);
      expect(svg).not.toContain('<run>');
    }
  });
});

describe('timeline figure', () => {
  it('stacks one panel per series under one root, with the events present in the legend (not the run-level MFU flag)', () => {
    const svg = FIGURES['health-timeline']!();
    expect(svg.match(/<svg /g)).toHaveLength(1);
    for (const p of ['step_time', 'tokens_per_s', 'loss']) expect(svg).toContain(`id="health-timeline-${p}"`);
    for (const label of ['checkpoint save', 'stall', 'loss spike', 'restart', 'demo &lt;run&gt;']) expect(svg).toContain(`>${label}</text>`);
    expect(svg).not.toContain('MFU disagreement');
    expect(svg).toContain('wall clock (hours since the run started)');
    // The root's height is the sum of the panels' heights.
    const rootH = Number(svg.match(/^<svg [^>]*height="([\d.]+)"/)![1]);
    const opts = healthTimelineOptions(timelineInput());
    expect(opts.map((o) => o.panel)).toEqual(['step_time', 'tokens_per_s', 'loss']);
    expect(rootH).toBeGreaterThan(opts.reduce((a, o) => a + Number(o.options.height), 0));
  });
  it('breaks the lines across a wall-clock gap of 15 minutes but not across a 40 s save', () => {
    const o = healthTimelineOptions(timelineInput());
    const line = (o[0]!.options.marks as { data?: { x: number; y: number }[] }[]).find((m) => Array.isArray(m.data) && m.data.length > 100)!;
    const breaks = line.data!.filter((p) => Number.isNaN(p.y));
    expect(breaks).toHaveLength(1);
    const t250 = timelineInput().series.time_s[249]! / 3600, t251 = timelineInput().series.time_s[250]! / 3600;
    expect(breaks[0]!.x).toBeGreaterThan(t250);
    expect(breaks[0]!.x).toBeLessThan(t251);
  });
  it('downsamples long runs to maxPoints per panel and keeps the slowest step', () => {
    const n = 100_000;
    const step = Float64Array.from({ length: n }, (_, i) => i + 1);
    const st = Float64Array.from({ length: n }, (_, i) => (i === 54_321 ? 50 : 1 + 0.01 * (i % 3)));
    const time = new Float64Array(n);
    for (let i = 0, t = 0; i < n; i++) time[i] = t += st[i]!;
    const o = healthTimelineOptions({ run: 'long', series: { step, time_s: time, step_time_s: st, tokens_per_s: st.map((d) => 1e5 / d), loss: st.map(() => 3) } }, { maxPoints: 500 });
    const line = (o[0]!.options.marks as { data?: { x: number; y: number }[] }[]).find((m) => Array.isArray(m.data) && m.data.length > 100)!;
    expect(line.data!.length).toBeLessThanOrEqual(501);
    expect(Math.max(...line.data!.map((p) => p.y))).toBe(50);
  });
  it('leaves out a panel with no finite value and an event without a time (on the time axis)', () => {
    const base = timelineInput();
    const noTps = { ...base, series: { ...base.series, tokens_per_s: new Float64Array(300).fill(NaN) }, events: [...base.events!, { kind: 'stall' as const, step: 10, time_s: NaN }] };
    expect(healthTimelineOptions(noTps).map((o) => o.panel)).toEqual(['step_time', 'loss']);
    const rules = (healthTimelineOptions(noTps)[0]!.options.marks as { data?: { kind?: string }[] }[])[0]!.data!;
    expect(rules.filter((e) => e.kind === 'stall')).toHaveLength(1);
  });
  it('refuses a wall-clock x without timestamps, mismatched lengths and unknown panels; falls back to steps', () => {
    const noTime = { ...timelineInput(), series: { ...timelineInput().series, time_s: new Float64Array(300).fill(NaN) } };
    expect(() => healthTimelineFigure(noTime, { x: 'time' })).toThrow(/needs wall-clock timestamps/);
    expect(healthTimelineFigure(noTime)).toMatch(/>step →<\/text>/);
    expect(healthTimelineFigure({ ...timelineInput(), clock: 'train' })).toContain('>training time (hours; evaluation and restarts not counted) →</text>');
    const bad = { ...timelineInput(), series: { ...timelineInput().series, loss: [1, 2] } };
    expect(() => healthTimelineFigure(bad)).toThrow(InputError);
    expect(() => healthTimelineFigure(timelineInput(), { panels: ['mfu' as never] })).toThrow(/unknown panel/);
    const empty = { run: 'e', series: { step: [1], time_s: [NaN], step_time_s: [NaN], tokens_per_s: [NaN], loss: [NaN] } };
    expect(() => healthTimelineFigure(empty)).toThrow(/no finite/);
  });
});

describe('goodput figure', () => {
  it('labels each bar with its goodput and wall clock, and says which runs had no clock', () => {
    const svg = FIGURES['health-goodput']!();
    expect(svg).toContain('>62% of 1.08 h</text>'); // 2400.499 / 3874.492 s, 3 significant digits
    expect(svg).toContain('>84% of 3.08 h</text>');
    expect(svg).toContain('>all runs</text>');
    expect(svg).toContain('1 run(s) without a wall clock: not drawn');
    for (const l of ['productive', 'start-up', 'checkpoint saves', 'rollback (recomputed)', 'stalls', 'gaps between restarts']) expect(svg).toContain(`>${l}</text>`);
    expect(FIGURES['health-goodput-percent']!()).toContain('share of the wall clock (%)');
  });
  it('refuses no timed run, negative or non-finite seconds of a timed run, duplicates and a bad unit', () => {
    expect(() => goodputFigure({ rows: [goodputRows[2]!] })).toThrow(/no run has a wall clock/);
    expect(() => goodputFigure({ rows: [{ ...goodputRows[0]!, badput: badput(-5, 0, 0, 0, 0) }] })).toThrow(/startup is -5/);
    expect(() => goodputFigure({ rows: [goodputRows[0]!, goodputRows[0]!] })).toThrow(/duplicate/);
    expect(() => goodputFigure({ rows: [goodputRows[0]!] }, { unit: 'days' as never })).toThrow(/unit/);
  });
});

describe('MFU figure', () => {
  it('shows recomputed and logged medians per run (percent), skips NaN, names runs without MFU', () => {
    const svg = FIGURES['health-mfu']!();
    // medians computed independently: numpy.median of the series above
    const rec = Array.from({ length: 200 }, (_, i) => 0.47 + 0.004 * Math.sin(i)).sort((a, b) => a - b);
    const med = (rec[99]! + rec[100]!) / 2;
    expect(svg).toContain(`>recomputed ${Number((100 * med).toPrecision(3))}%</text>`);
    expect(svg).toMatch(/>logged 47\.\d%<\/text>/);
    expect(svg).toContain('no MFU for no N');
    expect(() => mfuFigure({ rows: [] })).toThrow(InputError);
    expect(() => mfuFigure({ rows: [{ run: 'a', recomputed: [NaN] }] })).toThrow(/no finite MFU/);
  });
});

describe('formatDuration', () => {
  it('picks seconds, minutes or hours', () => {
    expect(formatDuration(5.123)).toBe('5.12 s');
    expect(formatDuration(93)).toBe('93 s');
    expect(formatDuration(865)).toBe('14.4 min');
    expect(formatDuration(5400)).toBe('1.5 h');
    expect(formatDuration(NaN)).toBe('n/a');
  });
});
