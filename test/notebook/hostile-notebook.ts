/**
 * The hostile-outputs notebook (test/notebook/fixtures/hostile-outputs.ipynb is this, serialized): a heading,
 * then per payload of ./hostile-payloads.ts one markdown cell naming it and one code cell whose display output is
 * the payload; then harmless rich outputs that must keep rendering (a figure from a committed notebook, a
 * pandas-style table with its own <style>, a data:image/png).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Cell, Notebook } from '../../src/notebook/ipynb.js';
import { PROJECT_ROOT } from '../../src/notebook/notebook-kernel.js';
import { PAYLOADS } from './hostile-payloads.js';

/** A 1x1 PNG. */
export const PNG_1PX = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

/** A pandas-style DataFrame HTML output (pandas writes a <style scoped> before the table). */
export const PANDAS_TABLE = '<div><style scoped>.dataframe tbody tr th:only-of-type{vertical-align:middle}.dataframe thead th{text-align:right}</style>' +
  '<table border="1" class="dataframe"><thead><tr style="text-align: right;"><th></th><th>run</th><th>loss</th></tr></thead>' +
  '<tbody><tr><th>0</th><td>a</td><td>2.91</td></tr><tr><th>1</th><td>b</td><td>2.87</td></tr></tbody></table></div>';

/** The first SVG figure of the committed notebook 02-scaling-laws.ipynb (an Observable Plot figure scalelab made). */
export function projectFigure(): string {
  const nb = JSON.parse(readFileSync(join(PROJECT_ROOT, 'notebooks', '02-scaling-laws.ipynb'), 'utf8')) as { cells: { outputs?: { data?: Record<string, string | string[]> }[] }[] };
  for (const c of nb.cells) for (const o of c.outputs ?? []) {
    const v = o.data?.['image/svg+xml'];
    if (v !== undefined) return Array.isArray(v) ? v.join('') : v;
  }
  throw new Error('no SVG output in notebooks/02-scaling-laws.ipynb');
}

/** Build the hostile-outputs notebook. */
export function hostileNotebook(): Notebook {
  const cells: Cell[] = [{ cell_type: 'markdown', id: 'title', metadata: {}, source: '# Hostile outputs\n\nEvery output below tries to run script, make a request or deface this page.' }];
  let n = 0;
  for (const p of PAYLOADS) {
    n++;
    cells.push({ cell_type: 'markdown', id: `name-${n}`, metadata: {}, source: `## ${p.name}` });
    cells.push({ cell_type: 'code', id: `payload-${n}`, metadata: {}, execution_count: n, source: `display(${JSON.stringify(p.name)})`, outputs: [{ output_type: 'display_data', metadata: {}, data: { [p.mime]: p.value, 'text/plain': p.name } }] });
  }
  cells.push({ cell_type: 'markdown', id: 'harmless', metadata: {}, source: '## Harmless rich outputs' });
  cells.push({ cell_type: 'code', id: 'figure', metadata: {}, execution_count: ++n, source: 'figure', outputs: [{ output_type: 'display_data', metadata: {}, data: { 'image/svg+xml': projectFigure() } }] });
  cells.push({ cell_type: 'code', id: 'table', metadata: {}, execution_count: ++n, source: 'df', outputs: [{ output_type: 'execute_result', metadata: {}, execution_count: n, data: { 'text/html': PANDAS_TABLE, 'text/plain': 'df' } }] });
  cells.push({ cell_type: 'code', id: 'png', metadata: {}, execution_count: ++n, source: 'png', outputs: [{ output_type: 'display_data', metadata: {}, data: { 'image/png': PNG_1PX } }] });
  return { nbformat: 4, nbformat_minor: 5, metadata: { kernelspec: { name: 'tslab', display_name: 'TypeScript', language: 'typescript' } }, cells };
}
