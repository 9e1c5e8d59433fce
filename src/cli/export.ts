/**
 * `scalelab export <notebook.ipynb> [--execute] [--out reports/NAME.html] [--timeout SECONDS] [--hide-code] [--json]`
 *
 * Exports a Jupyter notebook to one self-contained HTML page with the look and guarantees of the reports (no
 * network, deterministic bytes, inline SVG). With --execute, the notebook first runs headless in a fresh
 * tslab kernel (the notebook file itself is not modified). Exits 1 when the exported notebook holds a cell
 * error (a failure during --execute, or an error output already saved in the file); the HTML is still
 * written, with the error shown at the top and on the cell.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, extname, resolve } from 'node:path';
import { ReportError, fileErrorReason } from '../errors.js';
import { parseNotebook, type Notebook } from '../notebook/ipynb.js';
import { failingCells, notebookToHtml } from '../notebook/ipynb-html.js';
import { importsScalelab, prepareLibraryForNotebooks } from '../notebook/notebook-env.js';
import { executeNotebook } from '../notebook/notebook-kernel.js';
import { isInput, writeAtomic } from '../report/write.js';
import { parseCommand, printJson, progress, progressDone, UsageError } from './common.js';

export const summary = 'export a notebook (.ipynb) to a self-contained HTML page, optionally executing it first';

const HELP = `scalelab export <notebook.ipynb> [options]

Write a notebook as one self-contained HTML file (no network, inline SVG, foldable code cells).

Options:
  --execute            run the notebook first, headless, in a fresh tslab kernel (the .ipynb is not changed)
  --out FILE           output .html file; default reports/<notebook name>.html (never the notebook itself)
  --timeout SECONDS    with --execute: time limit per cell (default 300)
  --hide-code          leave the code cells' source out of the page (their outputs stay; the notebook is not changed)
  --json               print {notebook, out, executed, cells, code_cells, bytes, failed_cell, error}
  -h, --help           this help

Exit status: 0 on success; 1 when a cell failed (the HTML is still written, showing the error).
`;

/** The JSON printed by `scalelab export --json`. */
export interface ExportJson {
  notebook: string;
  out: string;
  executed: boolean;
  cells: number;
  code_cells: number;
  bytes: number;
  /** 1-based number of the first cell with an error, or null. */
  failed_cell: number | null;
  error: { ename: string; evalue: string } | null;
}

export async function main(argv: string[]): Promise<number> {
  const a = parseCommand(argv, { execute: { type: 'boolean' }, out: { type: 'string' }, timeout: { type: 'string' }, 'hide-code': { type: 'boolean' }, json: { type: 'boolean' } }, HELP);
  if (!a) return 0;
  if (a.positionals.length !== 1) throw new UsageError(`expected exactly one notebook, got ${a.positionals.length}\n\n${HELP}`);
  const file = a.positionals[0]!;
  const timeout = a.values.timeout === undefined ? 300 : Number(a.values.timeout);
  if (!Number.isFinite(timeout) || timeout <= 0) throw new UsageError(`--timeout must be a positive number of seconds, got '${a.values.timeout}'`);
  const stem = basename(file, extname(file));
  const out = (a.values.out as string | undefined) ?? `reports/${stem}.html`;
  checkOut(out, file);

  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ReportError(`cannot read ${file}: ${fileErrorReason(e)}`);
  }
  let nb: Notebook = parseNotebook(text, file);
  const executed = a.values.execute === true;
  if (executed) {
    const sources = nb.cells.filter((c) => c.cell_type === 'code').map((c) => c.source);
    if (importsScalelab(sources)) {
      progress('building scalelab for the notebook…');
      const prep = prepareLibraryForNotebooks();
      if (prep.buildWarnings) process.stderr.write(`scalelab export: warning: the library build reported errors (dist/ was still written):\n${prep.buildWarnings}\n`);
    }
    progress('starting the tslab kernel…');
    const r = await executeNotebook(nb, {
      cwd: dirname(resolve(file)),
      cellTimeoutMs: timeout * 1000,
      onCell: (i, n) => progress(`running cell ${i}/${n}`),
    });
    progressDone();
    nb = r.notebook;
  }

  const html = notebookToHtml(nb, { name: basename(file), hideCode: a.values['hide-code'] === true });
  writeAtomic(out, html);
  const failed = failingCells(nb);
  const first = failed[0];
  let error: ExportJson['error'] = null;
  if (first !== undefined) {
    const cell = nb.cells[first]!;
    const o = cell.cell_type === 'code' ? cell.outputs.find((x) => x.output_type === 'error') : undefined;
    if (o?.output_type === 'error') error = { ename: o.ename, evalue: o.evalue };
    process.stderr.write(`scalelab export: ${file}: cell ${first + 1} failed: ${error ? `${error.ename}: ${error.evalue}` : 'error'}\n`);
  }
  const result: ExportJson = {
    notebook: file,
    out,
    executed,
    cells: nb.cells.length,
    code_cells: nb.cells.filter((c) => c.cell_type === 'code').length,
    bytes: Buffer.byteLength(html),
    failed_cell: first === undefined ? null : first + 1,
    error,
  };
  if (a.values.json) printJson(result);
  else process.stdout.write(`${out} (${result.bytes} bytes, ${result.cells} cells${executed ? ', executed' : ''})\n`);
  return first === undefined ? 0 : 1;
}

/** Refuse an output that is not an HTML page or that is the notebook itself (export never writes over its input). */
function checkOut(out: string, input: string): void {
  if (!/\.html?$/i.test(out)) throw new UsageError(`--out must end in .html, got '${out}'`);
  if (isInput(out, [input])) throw new UsageError(`--out ${out} is the notebook itself; scalelab never overwrites an input`);
}
