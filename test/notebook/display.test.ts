import * as aq from 'arquero';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RunSetBuilder } from '../../src/runs/index.js';
import { display, displayContent, formatCell } from '../../src/notebook/display.js';

afterEach(() => vi.restoreAllMocks());

describe('displayContent', () => {
  it('shows figures as SVG: markup, elements and objects with toSVG()/svg', () => {
    const svg = '<svg viewBox="0 0 4 3"><rect width="4" height="3"/></svg>';
    expect(displayContent(svg)).toEqual({ mime: 'image/svg+xml', data: svg, text: '[figure]' });
    expect(displayContent({ outerHTML: svg }).data).toBe(svg);
    expect(displayContent({ toSVG: () => svg }).data).toBe(svg);
    expect(displayContent({ svg }).mime).toBe('image/svg+xml');
    expect(displayContent('plain words')).toEqual({ mime: 'text/plain', data: 'plain words', text: 'plain words' });
  });

  it('shows a table as its shape and first rows, numbers right-aligned, text escaped', () => {
    const t = aq.table({ N: Array.from({ length: 25 }, (_, i) => (i + 1) * 1e6), loss: Array.from({ length: 25 }, (_, i) => 3 + 1 / (i + 3)), name: Array.from({ length: 25 }, (_, i) => `<r${i}>`) });
    const c = displayContent(t);
    expect(c.mime).toBe('text/html');
    expect(c.data).toContain('<p class="meta">25 rows × 3 columns (first 10 shown)</p>');
    expect(c.data).toContain('<tr><td class="num">1000000</td><td class="num">3.33333</td><td>&lt;r0&gt;</td></tr>');
    expect(c.data.match(/<tr><td/g)).toHaveLength(10);
    expect(c.text.split('\n').slice(0, 3)).toEqual(['25 rows × 3 columns (first 10 shown)', 'N\tloss\tname', '1000000\t3.33333\t<r0>']);
  });

  it('shows rows of plain objects (what readTable returns) as a table, columns in first-seen order', () => {
    const c = displayContent([{ run: 'a', loss: 3.5 }, { run: '<b>', loss: 3, N: 1e8 }]);
    expect(c.mime).toBe('text/html');
    expect(c.text.split('\n').slice(0, 2)).toEqual(['2 rows × 3 columns', 'run\tloss\tN']);
    expect(c.data).toContain('&lt;b&gt;');
    expect(displayContent([1, 2]).mime).toBe('text/plain');
    expect(displayContent([]).mime).toBe('text/plain');
  });

  it('shows a RunSet as runs, metrics and points, with N/D first among config columns', () => {
    const b = new RunSetBuilder();
    for (let s = 0; s < 12; s++) {
      const r = b.addRun({ id: `run${String(s).padStart(2, '0')}`, source: 'x.csv', variant: s % 2 ? 'swiglu' : 'gelu', seed: s, config: { lr: 3e-4, N: 124e6, D: 2.5e9 } });
      for (let step = 0; step < 5; step++) {
        b.add(r, step, 'train/loss', 4 - step / 10);
        b.add(r, step, 'val/loss', 4.1 - step / 10);
      }
    }
    const c = displayContent(b.build());
    expect(c.mime).toBe('text/html');
    expect(c.data).toContain('<p><strong>RunSet</strong>: 12 runs · 2 metrics · 120 points</p>');
    expect(c.data).toContain('<code>train/loss</code>, <code>val/loss</code>');
    expect(c.data).toContain('<thead><tr><th>id</th><th>variant</th><th class="num">seed</th><th class="num">N</th><th class="num">D</th><th class="num">lr</th></tr></thead>');
    expect(c.data).toContain('<tr><td>run01</td><td>swiglu</td><td class="num">1</td><td class="num">124000000</td><td class="num">2500000000</td><td class="num">0.0003</td></tr>');
    expect(c.data).toContain('12 rows × 6 columns (first 10 shown)');
  });

  it('shows results through toHTML() or their summary() text', () => {
    expect(displayContent({ summary: () => 'α = 0.34 [0.31, 0.37]' })).toEqual({ mime: 'text/html', data: '<pre class="summary">α = 0.34 [0.31, 0.37]</pre>', text: 'α = 0.34 [0.31, 0.37]' });
    expect(displayContent({ toHTML: () => '<table></table>', summary: () => 's' })).toEqual({ mime: 'text/html', data: '<table></table>', text: 's' });
    expect(displayContent({ b: 2, a: [1] })).toEqual({ mime: 'text/plain', data: '{ a: [ 1 ], b: 2 }', text: '{ a: [ 1 ], b: 2 }' });
  });

  it('formats cells', () => {
    expect([formatCell(1 / 3), formatCell(2), formatCell(NaN), formatCell(null), formatCell(1e-7 / 3), formatCell(new Date(0))])
      .toEqual(['0.333333', '2', 'NaN', '', '3.33333e-8', '1970-01-01T00:00:00.000Z']);
    // FLOPs budgets read as exponents, token counts below 1e15 stay whole numbers.
    expect([formatCell(1e18), formatCell(-3.14159e21), formatCell(999999999999998600), formatCell(16546300000), formatCell(Infinity)])
      .toEqual(['1e+18', '-3.14159e+21', '1e+18', '16546300000', 'Infinity']);
  });
});

describe('display outside a kernel', () => {
  it('prints the text form instead of failing', () => {
    let out = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => { out += String(s); return true; });
    display({ summary: () => 'E = 1.69 [1.61, 1.77]' });
    display('<svg viewBox="0 0 1 1"></svg>');
    expect(out).toBe('E = 1.69 [1.61, 1.77]\n[figure]\n');
  });
});
