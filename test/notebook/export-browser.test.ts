/**
 * Every committed notebook, exported to HTML from its committed outputs (no kernel), opened in a real browser:
 * Debian's chromium driven by playwright-core. Any request that is not the page's own file, data: or about: is
 * counted and aborted. Asserts no such request, no console error, no script, and every figure output laid out,
 * in the light and the dark colour scheme. Skips only when chromium is absent.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseNotebook } from '../../src/notebook/ipynb.js';
import { notebookToHtml } from '../../src/notebook/ipynb-html.js';
import { PROJECT_ROOT } from '../../src/notebook/notebook-kernel.js';
import { CHROMIUM, openOffline, useChromium } from '../helpers/browser.js';
const DIR = join(PROJECT_ROOT, 'notebooks');
const notebooks = existsSync(DIR) ? readdirSync(DIR).filter((f) => f.endsWith('.ipynb')).sort() : [];

describe.skipIf(!existsSync(CHROMIUM) || notebooks.length === 0)(`exported notebooks in a browser (needs ${CHROMIUM} and notebooks/)`, () => {
  const browser = useChromium('scalelab-notebook-browser-');

  it.each(notebooks)('%s: no request, no console error, every figure laid out (light and dark)', async (name) => {
    const nb = parseNotebook(readFileSync(join(DIR, name), 'utf8'), name);
    const svgOutputs = nb.cells.flatMap((c) => (c.cell_type === 'code' ? c.outputs : [])).filter((o) => 'data' in o && o.data !== undefined && 'image/svg+xml' in o.data).length;
    expect(svgOutputs).toBeGreaterThan(0);
    const file = join(browser.dir, name.replace(/\.ipynb$/, '.html'));
    writeFileSync(file, notebookToHtml(nb, { name }));
    for (const scheme of ['light', 'dark'] as const) {
      const { page, external, errors } = await openOffline(browser.ctx, file, scheme);
      const layout = await page.evaluate<{ figures: number; laidOut: number; scripts: number }>(`(() => {
        const svgs = Array.from(document.querySelectorAll('.output svg')).filter((s) => !s.parentElement.closest('svg'));
        return {
          figures: svgs.length,
          laidOut: svgs.filter((s) => s.getBoundingClientRect().width > 200 && s.getBoundingClientRect().height > 50).length,
          scripts: document.scripts.length,
        };
      })()`);
      await page.close();
      expect(external, scheme).toEqual([]);
      expect(errors, scheme).toEqual([]);
      expect(layout.scripts).toBe(0);
      expect(layout.figures).toBe(svgOutputs);
      expect(layout.laidOut).toBe(svgOutputs);
    }
  }, 120_000);
});
