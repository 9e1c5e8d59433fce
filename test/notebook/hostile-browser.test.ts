/**
 * The hostile-outputs notebook (fixtures/hostile-outputs.ipynb, built by ./hostile-notebook.ts) exported to HTML
 * and opened in chromium with the Content-Security-Policy REMOVED: no script runs (no dialog, no `__pwned`, no
 * console message, no page error), no request is made, no frame or popup appears, and the page outside the
 * outputs is neither hidden, restyled nor covered. The harmless rich outputs still render. Skips only when
 * chromium is absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseNotebook, serializeNotebook } from '../../src/notebook/ipynb.js';
import { notebookToHtml } from '../../src/notebook/ipynb-html.js';
import { CHROMIUM, useChromium } from '../helpers/browser.js';
import { expectNothingRan, openHostile } from '../helpers/hostile.js';
import { hostileNotebook } from './hostile-notebook.js';
import { PAYLOADS } from './hostile-payloads.js';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'hostile-outputs.ipynb');

describe('the hostile-outputs notebook', () => {
  it('is committed as built from the payload list (regenerate: serializeNotebook(hostileNotebook()))', () => {
    expect(readFileSync(FIXTURE, 'utf8')).toBe(serializeNotebook(hostileNotebook()));
    expect(PAYLOADS.length).toBeGreaterThanOrEqual(35);
  });
});

describe.skipIf(!existsSync(CHROMIUM))(`hostile notebook outputs in a browser without CSP (needs ${CHROMIUM})`, () => {
  const browser = useChromium('scalelab-hostile-nb-');

  it('no script runs, no request is made, the page around the outputs is intact, harmless outputs render', async () => {
    const nb = parseNotebook(readFileSync(FIXTURE, 'utf8'), 'hostile-outputs.ipynb');
    const html = notebookToHtml(nb, { name: 'hostile-outputs.ipynb' });
    const probe = `(() => {
      const fig = document.querySelector('#out-${nb.cells.length - 2}-1 svg');
      const table = document.querySelector('#out-${nb.cells.length - 1}-1 table.dataframe');
      const img = Array.from(document.querySelectorAll('.output img')).pop();
      const th = table && table.querySelector('thead th');
      return {
        figure: fig ? [Math.round(fig.getBoundingClientRect().width), Math.round(fig.getBoundingClientRect().height)] : null,
        figureDisplay: fig ? getComputedStyle(fig).display : null,
        tableRows: table ? table.querySelectorAll('tbody tr').length : 0,
        thAlign: th ? getComputedStyle(th).textAlign : null,
        png: img ? img.naturalWidth : 0,
        outputs: document.querySelectorAll('.output').length,
      };
    })()`;
    const r = await openHostile(browser.ctx, html, join(browser.dir, 'hostile.html'), 'h1, h2, details.code > summary, footer', probe);
    expectNothingRan(r);
    expect(r.links).toEqual([]);
    const p = r.probe as { figure: [number, number] | null; figureDisplay: string; tableRows: number; thAlign: string; png: number; outputs: number };
    expect(p.figure![0]).toBeGreaterThan(200);
    expect(p.figure![1]).toBeGreaterThan(50);
    expect(p.figureDisplay).toBe('block'); // Plot's own (scoped) stylesheet still applies
    expect(p.tableRows).toBe(2);
    expect(p.thAlign).toBe('right'); // pandas' (scoped) stylesheet still applies
    expect(p.png).toBe(1);
  }, 120_000);

  it('the exported page keeps its CSP (the second wall; removed above only to test the first)', async () => {
    const nb = parseNotebook(readFileSync(FIXTURE, 'utf8'), 'hostile-outputs.ipynb');
    expect(notebookToHtml(nb, { name: 'hostile-outputs.ipynb' })).toContain('Content-Security-Policy');
  });
});
