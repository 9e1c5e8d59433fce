import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LoadError } from '../../src/errors.js';
import { main } from '../../src/cli/export.js';
import { runCli } from '../helpers/cli.js';
import { parseNotebook, type Notebook } from '../../src/notebook/ipynb.js';
import { notebookToHtml, stripAnsi } from '../../src/notebook/ipynb-html.js';

const FIX = new URL('./fixtures/', import.meta.url);
const basicPath = new URL('basic.ipynb', FIX).pathname;
const basic = parseNotebook(readFileSync(basicPath, 'utf8'), 'basic.ipynb');
const tmp = mkdtempSync(join(tmpdir(), 'scalelab-export-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const cli = (args: string[]) => runCli(main, args);

/** Checks every export must pass: self-contained, nothing executable, nothing fetched. */
export function expectSelfContained(html: string): void {
  expect(html).not.toMatch(/https?:\/\//i);
  expect(html).not.toMatch(/<script|\son[a-z]+\s*=\s*["']|javascript:/i);
  expect(html).not.toMatch(/\s(?:src|href|xlink:href)="(?!#|data:image\/)/i);
  expect(html).toContain('script-src &#39;none&#39;');
}

describe('notebookToHtml', () => {
  const html = notebookToHtml(basic, { name: 'basic.ipynb' });

  it('is a self-contained page in the report shell with the notebook content', () => {
    expectSelfContained(html);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<title>Basic notebook</title>');
    expect(html).toContain('<h1>Basic notebook</h1>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; stays text');
    expect(html).toMatch(/<table>\s*<thead>\s*<tr>\s*<th>a<\/th>/);
    expect(html).toContain('<details class="code" id="cell-2" open><summary>In [1]</summary>');
    expect(html).toContain('<pre class="stdout">6\n</pre>');
    expect(html).toContain('<pre class="stderr">a warning on stderr\n</pre>');
    expect(html).toContain('<figure id="out-3-1"><svg viewBox="0 0 20 10"><rect width="20" height="10"></rect></svg></figure>');
    expect(html).toContain('<div class="html" id="out-3-2"><b>bold</b></div>');
    expect(html).not.toContain('class="banner"');
  });

  it('gives the same bytes every time', () => {
    expect(notebookToHtml(basic, { name: 'basic.ipynb' })).toBe(html);
  });

  it('shows external links and images as text, inlines data images and attachments', () => {
    const nb: Notebook = {
      nbformat: 4, nbformat_minor: 5, metadata: {},
      cells: [{
        cell_type: 'markdown', metadata: {},
        source: 'See [Chinchilla](https://arxiv.org/abs/2203.15556) and ![plot](https://e.example/p.png) ![a](attachment:a.png) [top](#cell-1)',
        attachments: { 'a.png': { 'image/png': 'iVBORw0KGgo=' } },
      }],
    };
    const out = notebookToHtml(nb, { name: 'links.ipynb' });
    expect(out).not.toMatch(/(?:src|href)="https?:/);
    expect(out).toContain('Chinchilla <span class="link note">(https://arxiv.org/abs/2203.15556)</span>');
    expect(out).toContain('[image not embedded: plot]');
    expect(out).toContain('<img alt="a" src="data:image/png;base64,iVBORw0KGgo=">');
    expect(out).toContain('<a href="#cell-1">top</a>');
  });

  it('shows a stored error prominently, with ANSI codes stripped, and folds hide-input cells', () => {
    const nb: Notebook = {
      nbformat: 4, nbformat_minor: 5, metadata: {},
      cells: [
        { cell_type: 'code', metadata: { tags: ['hide-input'] }, source: 'ok()', execution_count: 1, outputs: [{ output_type: 'execute_result', execution_count: 1, metadata: {}, data: { 'image/png': 'iVBO\nRw0KGgo=', 'text/plain': '<Figure>' } }] },
        { cell_type: 'code', metadata: {}, source: 'fail()', execution_count: 2, outputs: [{ output_type: 'error', ename: 'FitError', evalue: 'no convergence', traceback: ['\u001b[31mFitError\u001b[0m: no convergence', '    at fail'] }] },
      ],
    };
    const out = notebookToHtml(nb, { name: 'err.ipynb' });
    expectSelfContained(out);
    expect(out).toContain('<p class="banner" role="alert">This notebook stopped with an error in <a href="#cell-2">cell 2</a>: FitError: no convergence</p>');
    expect(out).toContain('<div class="error" role="alert"><p>FitError: no convergence</p><pre>FitError: no convergence\n    at fail</pre></div>');
    expect(out).toContain('<details class="code" id="cell-1"><summary>In [1]</summary>');
    expect(out).toContain('<img alt="" src="data:image/png;base64,iVBORw0KGgo=">');
    expect(stripAnsi('\u001b[1;31mx\u001b[0m')).toBe('x');
  });
});

describe('scalelab export (without --execute)', () => {
  it('writes the same bytes twice, atomically, and reports in JSON', async () => {
    const a = join(tmp, 'a', 'basic.html');
    const b = join(tmp, 'b.html');
    const r1 = await cli([basicPath, '--out', a, '--json']);
    const r2 = await cli([basicPath, '--out', b]);
    expect(r1.code).toBe(0);
    expect(r2.code).toBe(0);
    const bytes = readFileSync(a);
    expect(bytes.equals(readFileSync(b))).toBe(true);
    expectSelfContained(bytes.toString('utf8'));
    expect(bytes.toString('utf8')).toContain('<svg');
    expect(JSON.parse(r1.stdout)).toEqual({ notebook: basicPath, out: a, executed: false, cells: 4, code_cells: 4 - 1, bytes: bytes.length, failed_cell: null, error: null });
  });

  it('exits 1 and names the cell when the notebook holds an error output', async () => {
    const nb = { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [{ cell_type: 'code', id: 'x', metadata: {}, source: 'x', execution_count: 1, outputs: [{ output_type: 'error', ename: 'Error', evalue: 'stored', traceback: [] }] }] };
    const f = join(tmp, 'stored-error.ipynb');
    writeFileSync(f, JSON.stringify(nb));
    const r = await cli([f, '--out', join(tmp, 'stored-error.html')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cell 1 failed: Error: stored');
    expect(readFileSync(join(tmp, 'stored-error.html'), 'utf8')).toContain('class="banner"');
  });

  it('rejects bad input with typed errors', async () => {
    const f = join(tmp, 'broken.ipynb');
    writeFileSync(f, '{"nbformat": 4, "nbformat_minor": 5, "cells": [{"cell_type": "nope"}]}');
    await expect(cli([f, '--out', join(tmp, 'x.html')])).rejects.toBeInstanceOf(LoadError);
    await expect(cli([])).rejects.toThrow(/exactly one notebook/);
    await expect(cli([f, '--timeout', '-1'])).rejects.toThrow(/--timeout/);
    await expect(cli([join(tmp, 'missing.ipynb')])).rejects.toThrow(/cannot read/);
  });
});
