/**
 * A hostile report config built with `scalelab report`: the title, subtitle, section titles and markdown, a
 * table source's column names and cells, run names of a runs source (runs table and curves figure) and captions
 * all carry the hostile payloads of test/notebook/hostile-payloads.ts. The page is opened in chromium with the
 * Content-Security-Policy REMOVED: no script runs, no request is made, no frame appears, and the page's own
 * structure is neither hidden, restyled nor covered; every payload shows up as text.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/report.js';
import { csvField } from '../../src/runs/io.js';
import { CHROMIUM, useChromium } from '../helpers/browser.js';
import { runCli } from '../helpers/cli.js';
import { expectNothingRan, openHostile } from '../helpers/hostile.js';
import { PAYLOADS } from '../notebook/hostile-payloads.js';

const P = PAYLOADS.map((p) => p.value);
const pick = (i: number) => P[i % P.length]!;

/** Write the hostile config and its data into `dir`; returns the config path. */
function writeHostileConfig(dir: string): string {
  const runs = ['run,metric,step,value'];
  for (let r = 0; r < 6; r++) for (let s = 1; s <= 5; s++) runs.push(`${csvField(pick(r * 7))},loss,${s * 10},${3 - s * 0.1 - r * 0.01}`);
  writeFileSync(join(dir, 'runs.csv'), runs.join('\n') + '\n');
  const cols = [pick(3), pick(11), 'n'];
  const table = [cols.map(csvField).join(',')];
  for (let i = 0; i < P.length; i++) table.push([pick(i), pick(i + 1), String(i)].map(csvField).join(','));
  writeFileSync(join(dir, 'table.csv'), table.join('\n') + '\n');
  const markdown = P.slice(0, 25).map((p, i) => `${i % 2 ? '- ' : ''}${p} [link](javascript:alert(1)) ![img](http://attacker.invalid/md.png) <${'http://attacker.invalid/auto'}>`).join('\n\n');
  const cfg = {
    title: pick(0), date: pick(1), subtitle: pick(2),
    sources: { runs: { paths: 'runs.csv' }, tbl: { table: 'table.csv' } },
    sections: [
      { title: pick(12), text: markdown, items: [{ kind: 'markdown', text: P.slice(25).join('\n\n') }] },
      { title: pick(13), items: [{ kind: 'runs', source: 'runs', metric: 'loss', caption: pick(14) }, { kind: 'table', source: 'tbl', caption: pick(15) }] },
      { title: pick(16), items: [{ kind: 'curves', sources: ['runs'], metric: 'loss', caption: pick(17) }] },
    ],
  };
  const file = join(dir, 'hostile-config.json');
  writeFileSync(file, JSON.stringify(cfg, null, 2));
  return file;
}

describe.skipIf(!existsSync(CHROMIUM))(`a hostile report config in a browser without CSP (needs ${CHROMIUM})`, () => {
  const browser = useChromium('scalelab-hostile-report-');

  it('no script runs, no request is made, the page structure is intact, payloads are text', async () => {
    const cfg = writeHostileConfig(browser.dir);
    const out = join(browser.dir, 'hostile.html');
    const r0 = await runCli(main, [cfg, '--out', out]);
    expect(r0.code, r0.stderr).toBe(0);
    const html = readFileSync(out, 'utf8');
    if (process.env.KEEP_HOSTILE) writeFileSync(process.env.KEEP_HOSTILE, html);
    const probe = `(() => ({
      title: document.title,
      h1: document.querySelector('header h1').textContent,
      cells: Array.from(document.querySelectorAll('td')).map((td) => td.textContent),
      imgs: document.querySelectorAll('img').length,
      styles: document.querySelectorAll('style').length,
      figures: document.querySelectorAll('figure svg').length,
    }))()`;
    const r = await openHostile(browser.ctx, html, join(browser.dir, 'open.html'), 'header h1, nav.toc, section > h2', probe);
    expectNothingRan(r);
    // The only links out are the ones the markdown's author wrote as http(s) (autolinks); nothing else.
    expect([...new Set(r.links)]).toEqual(['http://attacker.invalid/auto']);
    const p = r.probe as { title: string; h1: string; cells: string[]; imgs: number; styles: number; figures: number };
    expect(p.title).toBe(pick(0));
    expect(p.h1).toBe(pick(0));
    expect(p.imgs).toBe(0);
    expect(p.styles).toBe(1 + p.figures); // the page's own, and each figure's
    for (let i = 0; i < P.length; i++) expect(p.cells, PAYLOADS[i]!.name).toContain(pick(i));
  }, 120_000);
});
