import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LoadError } from '../../src/errors.js';
import { parseNotebook, serializeNotebook } from '../../src/notebook/ipynb.js';

const FIX = new URL('./fixtures/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, FIX), 'utf8');

function loadError(text: string): LoadError {
  try {
    parseNotebook(text, 'x.ipynb');
  } catch (e) {
    expect(e).toBeInstanceOf(LoadError);
    return e as LoadError;
  }
  throw new Error('expected a LoadError');
}

describe('parseNotebook', () => {
  it('joins multi-line strings and types the outputs of a notebook written by Jupyter', () => {
    const nb = parseNotebook(read('basic.ipynb'), 'basic.ipynb');
    expect(nb.nbformat).toBe(4);
    expect(nb.cells.map((c) => c.cell_type)).toEqual(['markdown', 'code', 'code', 'code']);
    const c1 = nb.cells[1]!;
    expect(c1.cell_type === 'code' && c1.source).toBe('const xs: number[] = [1, 2, 3];\nconsole.log(xs.reduce((a, b) => a + b, 0));');
    expect(c1.cell_type === 'code' && c1.outputs).toEqual([{ output_type: 'stream', name: 'stdout', text: '6\n' }]);
    const c2 = nb.cells[2]!;
    expect(c2.cell_type === 'code' && c2.outputs.map((o) => (o.output_type === 'display_data' ? Object.keys(o.data) : o.output_type))).toEqual([['image/svg+xml'], ['text/html']]);
  });

  it('serializes byte-for-byte like Jupyter (nbformat) writes', () => {
    for (const name of ['basic.ipynb', 'failing.ipynb', 'type-error.ipynb']) {
      const text = read(name);
      expect(serializeNotebook(parseNotebook(text, name))).toBe(text);
    }
  });

  it('names the file, the line of a JSON syntax error, and what was expected', () => {
    const e = loadError('{\n "nbformat": 4,\n ,}');
    expect(e.file).toBe('x.ipynb');
    expect(e.line).toBe(3);
    expect(e.expected).toMatch(/notebook/);
  });

  it('refuses other nbformat versions and points at the bad field', () => {
    expect(loadError('{"nbformat": 3, "nbformat_minor": 0, "worksheets": []}').message).toMatch(/nbformat.*expected nbformat 4/);
    const bad = { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [{ cell_type: 'code', source: 'x', metadata: {}, outputs: [{ output_type: 'weird' }] }] };
    const e = loadError(JSON.stringify(bad));
    expect(e.message).toContain('cells[0].outputs[0].output_type');
    expect(e.expected).toContain('"stream"');
    const noCells = loadError('{"nbformat": 4, "nbformat_minor": 5, "metadata": {}}');
    expect(noCells.message).toContain('cells');
    const badSource = loadError('{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"cell_type": "markdown", "source": 3, "metadata": {}}]}');
    expect(badSource.message).toContain('cells[0].source');
    expect(loadError('[]').message).toContain('(top level)');
  });
});
