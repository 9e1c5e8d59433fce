/**
 * Huge outputs (an 8 MB text/html output used to end the export with a stack trace): each output is cut at
 * maxOutputChars with a visible note saying how much was cut and where the full output is.
 */
import { describe, expect, it } from 'vitest';
import type { Notebook } from '../../src/notebook/ipynb.js';
import { ReportError } from '../../src/errors.js';
import { MAX_OUTPUT_CHARS, notebookToHtml } from '../../src/notebook/ipynb-html.js';

function nbWith(data: Record<string, string>, stream?: string): Notebook {
  return {
    nbformat: 4, nbformat_minor: 5, metadata: {},
    cells: [
      { cell_type: 'markdown', metadata: {}, source: '# Big' },
      { cell_type: 'code', metadata: {}, execution_count: 1, source: 'big()', outputs: [
        { output_type: 'display_data', metadata: {}, data },
        ...(stream ? [{ output_type: 'stream' as const, name: 'stdout' as const, text: stream }] : []),
      ] },
    ],
  };
}

describe('huge outputs', () => {
  it('an 8 MB text/html output (a table of 100k rows, nested markup) is cut with a note, the page stays small', () => {
    const row = (i: number) => `<tr><td>${i}</td><td><span><b>${(3 - i / 1e6).toFixed(6)}</b></span></td></tr>`;
    let html = '<table><tbody>';
    for (let i = 0; html.length < 8 << 20; i++) html += row(i);
    const page = notebookToHtml(nbWith({ 'text/html': html, 'text/plain': 'table' }), { name: 'big.ipynb' });
    expect(page.length).toBeLessThan(MAX_OUTPUT_CHARS + 100_000);
    expect(page).toMatch(/\[text\/html output cut: 1\.0 MiB of 8\.0 MiB shown \([\d,]+ characters not shown\)\. The full output is output 1 of cell 2 in big\.ipynb\.\]/);
    expect(page).toContain('<td>0</td>');
    expect(page).toMatch(/<\/tbody><\/table><\/div>/); // the cut table is closed again
  }, 60_000);

  it('cuts SVG, plain text and streams the same way, and never splits a tag', () => {
    const svg = '<svg viewBox="0 0 10 10">' + '<circle cx="1" cy="1" r="1"></circle>'.repeat(2000) + '</svg>';
    const page = notebookToHtml(nbWith({ 'image/svg+xml': svg }, 'x'.repeat(5000)), { name: 'n.ipynb', maxOutputChars: 4000 });
    expect(page).toContain('[image/svg+xml output cut:');
    expect(page).toContain('[stdout output cut: 4 KiB of 5 KiB shown (1,000 characters not shown). The full output is output 2 of cell 2 in n.ipynb.]');
    expect(page).not.toMatch(/<circle[^>]*<circle/);
    const text = notebookToHtml(nbWith({ 'text/plain': 'y'.repeat(5000) }), { name: 'n.ipynb', maxOutputChars: 4000 });
    expect(text).toContain('[text/plain output cut:');
    const err: Notebook = { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [{ cell_type: 'code', metadata: {}, execution_count: 1, source: 'f()', outputs: [{ output_type: 'error', ename: 'E', evalue: 'v', traceback: Array(500).fill('  at frame (file.ts:1:1)') }] }] };
    expect(notebookToHtml(err, { name: 'e.ipynb', maxOutputChars: 4000 })).toContain('[traceback output cut: 4 KiB of 12 KiB shown');
  });

  it('adds no note to outputs under the limit, and refuses a limit that is not a positive integer', () => {
    expect(notebookToHtml(nbWith({ 'text/html': '<b>x</b>' }), { name: 'n.ipynb' })).not.toContain('output cut');
    expect(() => notebookToHtml(nbWith({ 'text/html': '<b>x</b>' }), { name: 'n.ipynb', maxOutputChars: 0 })).toThrow(ReportError);
  });
});
