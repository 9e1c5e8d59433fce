/**
 * The committed notebook 06-data-mixtures is executed: every code cell has outputs and none is an error, its
 * figures are scalelab's SVGs, and what it printed meets the bars (held-out Spearman of the best model
 * >= 0.985, a Pile-CC-heavy proposal with an interval). It reads only committed data (test/fixtures/regmix).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseNotebook } from '../../src/notebook/ipynb.js';

const FILE = fileURLToPath(new URL('../../notebooks/06-data-mixtures.ipynb', import.meta.url));

describe('notebooks/06-data-mixtures.ipynb', () => {
  const text = readFileSync(FILE, 'utf8');
  const nb = parseNotebook(text, FILE);
  const code = nb.cells.filter((c) => c.cell_type === 'code');
  const outputs = code.flatMap((c) => (c as { outputs?: { output_type: string; text?: string | string[]; data?: Record<string, string | string[]> }[] }).outputs ?? []);
  const printed = outputs.filter((o) => o.output_type === 'stream').map((o) => (Array.isArray(o.text) ? o.text.join('') : o.text ?? '')).join('');
  it('is executed: every code cell has an output and none failed', () => {
    expect(code.length).toBeGreaterThanOrEqual(8);
    for (const [i, c] of code.entries()) expect(((c as { outputs?: unknown[] }).outputs ?? []).length, `code cell ${i + 1}`).toBeGreaterThan(0);
    expect(outputs.filter((o) => o.output_type === 'error')).toEqual([]);
  });
  it('reads only committed data, and shows the figures as scalelab SVGs', () => {
    expect(text).toContain("'../test/fixtures/regmix/'");
    expect(text).not.toContain('../shared');
    const svgs = outputs.filter((o) => o.data?.['image/svg+xml']).map((o) => [o.data!['image/svg+xml']!].flat().join(''));
    expect(svgs.map((s) => /id="(nb06-[a-z-]+)"/.exec(s)?.[1])).toEqual(['nb06-models', 'nb06-predicted', 'nb06-proposal', 'nb06-landscape', 'nb06-landscape-cc']);
  });
  it('printed the bars of issue 13: best held-out Spearman >= 0.985, linear about 0.90, a Pile-CC-heavy proposal with its interval', () => {
    expect(printed).toMatch(/bar 0\.985 met/);
    const linear = Number(/linear +held-out Spearman (0\.\d+)/.exec(printed)?.[1]);
    expect(Math.abs(linear - 0.9)).toBeLessThan(0.02);
    const m = /Pile-CC weight (0\.\d+) \[(0\.\d+), (0\.\d+)\]/.exec(printed);
    expect(m).not.toBeNull();
    const [w, lo, hi] = [Number(m![1]), Number(m![2]), Number(m![3])];
    expect(w).toBeGreaterThan(0.5);
    expect(lo).toBeLessThanOrEqual(hi);
  });
});
