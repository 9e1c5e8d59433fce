/**
 * Property test: whatever strings the data holds (run names, variants, captions, table cells, file names,
 * markdown), the page parses to exactly the elements scalelab wrote — no script, no event handler, no
 * external reference — and the strings come back as text.
 */
import fc from 'fast-check';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { curvesFigure } from '../../src/plot/curves.js';
import { forestFigure } from '../../src/plot/forest.js';
import { scalingFigure } from '../../src/plot/scaling.js';
import { createReport } from '../../src/report/builder.js';

const nasty = fc.oneof(
  fc.string(),
  fc.constantFrom('<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "'><svg onload=alert(1)>", '</style><script>x</script>', ']]><!--', '&amp;<', 'javascript:alert(1)', '<a href="http://evil">x</a>'),
);

interface El {
  tagName: string;
  attributes: ArrayLike<{ name: string; value: string }>;
  textContent: string | null;
}

describe('escaping (property)', () => {
  it('data strings never become markup', () => {
    fc.assert(
      fc.property(nasty, nasty, nasty, nasty, (run, variant, caption, file) => {
        const html = createReport({ title: 'T' + run, date: 'D' + caption })
          .section(variant)
          .markdown(`${run}\n\n${caption}`)
          .table({ rows: [{ [variant]: run, x: 1 }], caption })
          .figure(curvesFigure({ series: [{ run, step: [1, 2, 3], value: [3, 2, 1] }] }, { id: 'c' }), caption)
          .figure(forestFigure({ rows: [{ variant: variant || 'v', diff: 0, lo: -1, hi: 1, decision: 'inconclusive' }] }, { id: 'f' }))
          .figure(scalingFigure({ points: [{ C: 1e18, N: 1e8, loss: 3, run }, { C: 1e19, N: 2e8, loss: 2.8, run: caption }] }, { id: 's' }))
          .provenance({ files: [{ path: file, sha256: '0'.repeat(64), rows: 1 }], options: { run }, seeds: { [variant]: 1 }, date: caption })
          .toHtml();
        const { document } = parseHTML(html);
        const all = Array.from(document.querySelectorAll('*')) as unknown as El[];
        for (const el of all) {
          expect(['script', 'img', 'iframe', 'object', 'embed', 'link', 'foreignobject'].includes(el.tagName.toLowerCase()), el.tagName).toBe(false);
          for (const a of Array.from(el.attributes)) {
            expect(a.name.toLowerCase().startsWith('on'), `${el.tagName} ${a.name}`).toBe(false);
            if (a.name === 'href') expect(a.value === 'https://example.org' || a.value.startsWith('#') || !/^[a-z]+:/i.test(a.value), a.value).toBe(true);
          }
        }
        expect(document.querySelector('title')!.textContent).toBe('T' + run);
        const cells = Array.from(document.querySelectorAll('td')) as unknown as El[];
        expect(cells.some((c) => c.textContent === run)).toBe(true);
        expect(cells.some((c) => c.textContent === file)).toBe(true);
      }),
      { numRuns: 60, seed: 5 },
    );
  });
});
