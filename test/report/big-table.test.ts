/**
 * A 125k-row table (which used to throw "Maximum call stack size exceeded" from a spread push): the page shows
 * the first rows and a note with how many were cut and where they are; the JSON keeps every row.
 */
import { describe, expect, it } from 'vitest';
import { COLLAPSE_ABOVE, createReport, MAX_TABLE_ROWS, PREVIEW_ROWS } from '../../src/report/builder.js';
import { ReportError } from '../../src/errors.js';

describe('report.table with 125,000 rows', () => {
  const rows = Array.from({ length: 125_000 }, (_, i) => ({ run: `r${i}`, step: i, loss: 3 - i / 1e6 }));
  const report = createReport({ title: 'Big', date: '2026-11-25' }).section('Runs').table({ rows, caption: 'all runs' });

  it('renders the first rows with a visible note, and a page of bounded size', () => {
    const html = report.toHtml();
    expect(html.length).toBeLessThan(200_000);
    // a preview of the first rows, and every shown row in a collapsed <details> (each with its header row)
    expect((html.match(/<tr>/g) ?? []).length).toBe(PREVIEW_ROWS + 1 + MAX_TABLE_ROWS + 1);
    expect(html).toContain('<details><summary>Show all 1,000 rows (990 more)</summary>');
    expect(html).toContain('<td>r999</td>');
    expect(html).not.toContain('<td>r1000</td>');
    expect(html).toContain('Showing the first 1,000 of 125,000 rows (124,000 not shown). Every row is in the report\'s JSON file');
    expect(html).toContain('section &quot;Runs&quot;, item 1');
  });

  it('keeps every row in the JSON', () => {
    const j = report.toJson() as unknown as { sections: { items: { rows: { run: string }[] }[] }[] };
    expect(j.sections[0]!.items[0]!.rows.length).toBe(125_000);
    expect(j.sections[0]!.items[0]!.rows[124_999]!.run).toBe('r124999');
  });

  it('takes maxRows, refuses a bad one, and adds no note when nothing is cut', () => {
    const small = createReport({ title: 'S', date: '2026-11-25' }).table({ rows: rows.slice(0, 10), maxRows: 5 }).toHtml();
    expect(small).toContain('Showing the first 5 of 10 rows (5 not shown)');
    expect(createReport({ title: 'S', date: '2026-11-25' }).table({ rows: rows.slice(0, 10) }).toHtml()).not.toContain('Showing the first');
    expect(() => createReport({ title: 'S', date: '2026-11-25' }).table({ rows, maxRows: 0 })).toThrow(ReportError);
  });
});

describe('long tables collapse (no script)', () => {
  const table = (n: number) => createReport({ title: 'T', date: '2026-11-25' }).table({ rows: Array.from({ length: n }, (_, i) => ({ run: `r${i}` })) }).toHtml();
  it(`shows up to ${COLLAPSE_ABOVE} rows in full, longer tables as ${PREVIEW_ROWS} rows and the rest in <details>`, () => {
    const short = table(COLLAPSE_ABOVE);
    expect(short).not.toContain('<details>');
    expect((short.match(/<tr>/g) ?? []).length).toBe(COLLAPSE_ABOVE + 1);
    const long = table(26);
    expect(long).toContain('<div class="long-table">');
    expect(long).toContain('<details><summary>Show all 26 rows (16 more)</summary>');
    const preview = long.slice(long.indexOf('<div class="preview">'), long.indexOf('<details>'));
    expect(preview).toContain('<td>r9</td>');
    expect(preview).not.toContain('<td>r10</td>');
    expect(long).toContain('.long-table:has(>details[open])>.preview{display:none}');
    expect(long).not.toMatch(/<script/);
  });
});
