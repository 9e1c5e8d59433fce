import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { curvesFigure } from '../../src/plot/curves.js';
import { forestFigure, forestOptions } from '../../src/plot/forest.js';
import { renderSvg } from '../../src/plot/render.js';
import { Plot } from '../../src/plot/plotlib.js';
import { scalingFigure } from '../../src/plot/scaling.js';
import { FIGURES, renderAll } from './figures.js';
import * as F from './fixtures.js';

const SNAP = fileURLToPath(new URL('./__snapshots__/', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const UPDATE = process.env.SCALELAB_UPDATE_SNAPSHOTS === '1';

/** Render every figure in a plain node child process (what the CLI emits), optionally with a global `it`. */
function renderInChild(withGlobalIt: boolean): Record<string, string> {
  const script = withGlobalIt
    ? `globalThis.it = () => {}; const m = await import(${JSON.stringify(ROOT + 'test/plot/figures.ts')}); process.stdout.write(JSON.stringify(m.renderAll()));`
    : undefined;
  const out = script
    ? execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, maxBuffer: 64 << 20 })
    : execFileSync(process.execPath, ['--import', 'tsx', ROOT + 'test/plot/figures.ts'], { cwd: ROOT, maxBuffer: 64 << 20 });
  return JSON.parse(out.toString('utf8')) as Record<string, string>;
}

describe('figure snapshots (bytes of plain node)', () => {
  const child = renderInChild(false);
  if (UPDATE) {
    mkdirSync(SNAP, { recursive: true });
    for (const [k, v] of Object.entries(child)) writeFileSync(`${SNAP}${k}.svg`, v);
  }
  for (const name of Object.keys(FIGURES)) {
    it(`${name}: in-process render equals the committed snapshot and the plain-node render`, () => {
      const svg = FIGURES[name]!();
      expect(existsSync(`${SNAP}${name}.svg`), `missing snapshot ${name}.svg (run with SCALELAB_UPDATE_SNAPSHOTS=1)`).toBe(true);
      expect(svg).toBe(child[name]);
      expect(svg).toBe(readFileSync(`${SNAP}${name}.svg`, 'utf8'));
    });
  }
  it('a global `it` at import time (as test runners with globals define) does not change the bytes', () => {
    expect(renderInChild(true)).toEqual(child);
  });
});

describe('figure properties', () => {
  const all = renderAll();
  it('every figure has xmlns, its id on the root, ids only with its own prefix, and currentColor', () => {
    for (const [name, svg] of Object.entries(all)) {
      const id = svg.match(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" id="([^"]+)"/)?.[1];
      expect(id, name).toBeDefined();
      for (const m of svg.matchAll(/ id="([^"]+)"/g)) expect(m[1]!.startsWith(id!), `${name}: ${m[1]}`).toBe(true);
      for (const m of svg.matchAll(/url\(#([^)]+)\)/g)) expect(m[1]!.startsWith(id!), `${name}: ${m[1]}`).toBe(true);
      expect(svg).not.toMatch(/plot-clip|plot-marker/);
      expect(svg).toContain('currentColor');
      expect(svg.endsWith('</svg>\n')).toBe(true);
    }
  });
  it('renders identical bytes twice, and the default id depends only on the content', () => {
    expect(renderAll()).toEqual(all);
    const a = forestFigure(F.forestInput);
    expect(forestFigure(F.forestInput)).toBe(a);
    expect(a).toMatch(/^<svg xmlns="[^"]+" id="fig-[0-9a-f]{10}"/);
    const other = forestFigure({ rows: [{ ...F.forestInput.rows[0]!, diff: -0.03 }] });
    expect(other.match(/id="([^"]+)"/)![1]).not.toBe(a.match(/id="([^"]+)"/)![1]);
  });
  it('escapes data strings: a run named <script> shows as text', () => {
    expect(all.curves).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(all.forest).toContain('qk-norm &lt;b&gt;');
    for (const svg of Object.values(all)) expect(svg).not.toMatch(/<script|<b>/i);
  });
  it('two figures in one page never share an id', () => {
    const a = scalingFigure(F.scalingInput, { id: 'a' });
    const b = scalingFigure(F.scalingInput, { id: 'b' });
    const ids = [...(a + b).matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });
  it('rounds coordinates to 0.1 px and keeps em units', () => {
    expect(all.scaling).not.toMatch(/ (?:d|transform|x|y|cx|cy)="[^"]*\d\.\d{2,}(?!em)[^"]*"/);
    expect(all.scaling).toContain('y="0.32em"');
  });
  it('a forest plot puts each variant on its own row, coloured by its decision', () => {
    const svg = all.forest!;
    expect(svg).toContain('fill="#1a7f37"'); // better
    expect(svg).toContain('fill="#cf222e"'); // worse
    expect(svg).toContain('+0.052 [+0.031, +0.074]');
    expect((forestOptions(F.forestInput).y as { domain: string[] }).domain).toEqual(['swiglu', 'rope-base-1e6', 'no-warmup', 'qk-norm <b>']);
  });
  it('downsamples long curves to maxPoints per line and keeps the spike', () => {
    const n = 10_000;
    const step = Float64Array.from({ length: n }, (_, i) => i + 1);
    const value = Float64Array.from({ length: n }, (_, i) => 3 + 1 / Math.sqrt(i + 1) + (i === 7777 ? 5 : 0));
    const svg = curvesFigure({ series: [{ run: 'long', step, value }] }, { id: 'long', maxPoints: 200 });
    const d = svg.match(/<path[^>]* d="(M[^"]+)"/g)!.map((p) => p.match(/ d="([^"]+)"/)![1]!).find((p) => p.split('L').length > 50)!;
    expect(d.split('L').length).toBeLessThanOrEqual(200);
    // the spike (value 8.0...) is the top of the y domain: some vertex sits at the plot's top edge
    const ys = d.slice(1).split('L').map((p) => Number(p.split(',')[1]));
    expect(Math.min(...ys)).toBeLessThan(40);
  });
});

describe('bad input', () => {
  it('names the offending item', () => {
    expect(() => scalingFigure({ points: [{ N: 1e8, loss: 3 }] })).toThrow(/points\[0\]\.C must be a finite number/);
    expect(() => scalingFigure({ points: [{ C: -1, N: 1e8, loss: 3 }] })).toThrow(InputError);
    expect(() => scalingFigure({ points: [] })).toThrow(/no points/);
    expect(() => forestFigure({ rows: [{ variant: 'a', diff: 1, lo: 2, hi: 3, decision: 'better' }] })).toThrow(/does not contain diff/);
    expect(() => forestFigure({ rows: [{ variant: 'a', diff: 1, lo: 0, hi: 3, decision: 'maybe' as 'better' }] })).toThrow(/decision/);
    expect(() => curvesFigure({ series: [{ run: 'a', step: [1, 2], value: [1] }] })).toThrow(/step has 2 values, value has 1/);
  });
  it('draws a continuous colour legend as an SVG ramp (gradient, ticks), never a canvas', () => {
    const svg = renderSvg({ color: { type: 'linear', legend: true, label: 'value' }, marks: [Plot.dot([1, 2], { x: (d: number) => d, y: (d: number) => d, fill: (d: number) => d })] }, { id: 'ramp' });
    expect(svg).toMatch(/<linearGradient id="ramp-\d+"/);
    expect(svg).toContain('>value</text>');
    expect(svg).not.toContain('canvas');
  });
  it('refuses the colour legends it cannot draw', () => {
    expect(() => renderSvg({ color: { type: 'sqrt', legend: true }, marks: [Plot.dot([1, 2], { x: (d: number) => d, y: (d: number) => d, fill: (d: number) => d })] })).toThrow(/categorical/);
  });
  it('scaling: a sweep of many sizes gets a continuous log colour scale for N with a ramp from its smallest to its largest size', () => {
    const svg = FIGURES['scaling-sweep']!();
    expect(svg).toContain('>parameters N</text>');
    expect(svg).toContain('>100M</text>'); // a power of ten on the ramp
    expect(svg).toContain('>10M</text>');
    expect(svg).not.toMatch(/N=\d/); // no bins
    const fills = new Set([...svg.matchAll(/<circle[^>]* fill="(#[0-9a-f]{6})"/g)].map((m) => m[1]));
    expect(fills.size).toBeGreaterThan(10); // one colour per size, not a dozen bins
  });
});

describe('colour classes', () => {
  it('groups more than 12 distinct sizes into log-spaced ranges', async () => {
    const { numericColorScale, formatSize } = await import('../../src/plot/format.js');
    const values = Array.from({ length: 40 }, (_, i) => 1e7 * 1.2 ** i);
    const s = numericColorScale(values, formatSize);
    expect(s.domain.length).toBeLessThanOrEqual(12);
    expect(s.domain[0]).toBe('10M – 17.3M');
    expect(s.labelOf(values[39]!)).toBe(s.domain[s.domain.length - 1]);
    expect(new Set(values.map(s.labelOf)).size).toBe(s.domain.length);
    expect(numericColorScale([3, 1, 2, 1], String).domain).toEqual(['1', '2', '3']);
  });
});

describe('reference lines and colour by variant', () => {
  it('colorBy variant: one legend entry and one colour a variant, runs of a variant share it', () => {
    const svg = FIGURES['curves-by-variant']!();
    const legend = svg.slice(svg.indexOf('aria-label="legend"'), svg.indexOf('</g>'));
    expect([...legend.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1])).toEqual(['baseline', 'gate']);
    const strokes = [...svg.matchAll(/<path d="M[^"]*" stroke="(#[0-9a-f]{6})"/g)].map((m) => m[1]);
    expect(strokes).toEqual(['#4269d0', '#4269d0', '#efb118', '#efb118']); // four runs, two variants
  });
  it('draws the reference line dashed at its y with its label, on curves and variant curves', () => {
    for (const name of ['curves-by-variant', 'variant-curves-reference']) {
      const svg = FIGURES[name]!();
      expect(svg, name).toMatch(/stroke-dasharray="6,4"/);
    }
    expect(FIGURES['curves-by-variant']!()).toContain('>record 3.28</text>');
    expect(FIGURES['variant-curves-reference']!()).toContain('>record 2.70</text>');
  });
  it('refuses colorBy variant when a series has no variant, and a reference a log axis cannot show', () => {
    expect(() => curvesFigure(F.curvesInput, { colorBy: 'variant' })).toThrow(InputError);
    expect(() => curvesFigure(F.curvesByVariantInput, { logY: true, reference: { y: 0 } })).toThrow(/reference\[0\]\.y/);
  });
});

describe('threshold-test figure', () => {
  it('bounds are the one-sided t bounds of scipy (ttest_1samp, alternative less)', async () => {
    const { thresholdRow } = await import('../../src/plot/threshold.js');
    // mean 3.27834, sd 0.00057, n 5: upper bound = mean + t_{0.95,4} sd/sqrt(5) (t = 2.131847); p from scipy 1.10
    const r = thresholdRow('g', [3.2787, 3.2779, 3.2791, 3.2776, 3.2784], 3.28, 'less');
    expect(r.mean).toBeCloseTo(3.27834, 10);
    const sd = Math.sqrt([3.2787, 3.2779, 3.2791, 3.2776, 3.2784].reduce((a, v) => a + (v - 3.27834) ** 2, 0) / 4);
    expect(r.bound).toBeCloseTo(3.27834 + 2.131847 * sd / Math.sqrt(5), 6);
    expect(r.p!).toBeLessThan(0.01);
  });
  it('colours only a variant whose bound beats the threshold, draws the threshold and every run, escapes names', () => {
    const svg = FIGURES.threshold!();
    expect(svg).toContain('>threshold 3.28</text>');
    expect(svg).toContain('one-sided 95% t bound of the mean');
    expect(svg).toContain('DropAttn &lt;i&gt;');
    expect(svg).not.toContain('<i>');
    const texts = [...svg.matchAll(/<text[^>]*fill="([^"]+)"[^>]*>([^<]*\(≤[^<]*)<\/text>/g)].map((m) => [m[1], m[2]]);
    expect(texts.length).toBe(2);
    expect(texts[0]![0]).toBe('#1a7f37'); // SparseAttnGate beats 3.28
    expect(texts[1]![0]).toBe('currentColor'); // DropAttn does not
  });
  it('refuses a bound on the wrong side of the mean, no rows, and a bad alternative', async () => {
    const { thresholdFigure } = await import('../../src/plot/threshold.js');
    expect(() => thresholdFigure({ threshold: 3.28, alternative: 'less', rows: [{ variant: 'a', values: [3.27, 3.28], bound: 3.2 }] })).toThrow(/wrong side/);
    expect(() => thresholdFigure({ threshold: 3.28, alternative: 'less', rows: [] })).toThrow(InputError);
    expect(() => thresholdFigure({ threshold: 3.28, alternative: 'two-sided' as never, rows: [{ variant: 'a', values: [3.27], bound: 3.3 }] })).toThrow(/alternative/);
  });
});

describe('sequential palette contrast', () => {
  it('every colour of the ramp has >= 3:1 contrast on white and on the dark page background', async () => {
    const { sequentialColor } = await import('../../src/plot/format.js');
    const lum = (hex: string) => {
      const c = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((x) => (x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4));
      return 0.2126 * c[0]! + 0.7152 * c[1]! + 0.0722 * c[2]!;
    };
    const ratio = (a: string, b: string) => {
      const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
      return (hi! + 0.05) / (lo! + 0.05);
    };
    for (let k = 0; k <= 40; k++) {
      const c = sequentialColor(k / 40);
      expect(ratio(c, '#ffffff'), `${c} on white`).toBeGreaterThanOrEqual(3);
      expect(ratio(c, '#0d1117'), `${c} on dark`).toBeGreaterThanOrEqual(3);
    }
  });
});
