/**
 * The real tslab kernel, headless: these tests start kernel processes (about a second each).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/export.js';
import { runCli } from '../helpers/cli.js';
import { parseNotebook, type Cell, type Notebook } from '../../src/notebook/ipynb.js';
import { notebookToHtml } from '../../src/notebook/ipynb-html.js';
import { prepareLibraryForNotebooks } from '../../src/notebook/notebook-env.js';
import { executeNotebook, PROJECT_ROOT, tslabKernelArgv } from '../../src/notebook/notebook-kernel.js';
import { VERSION } from '../../src/version.js';

const FIX = join(PROJECT_ROOT, 'test', 'notebook', 'fixtures');
const load = (name: string) => parseNotebook(readFileSync(join(FIX, name), 'utf8'), name);
const tmp = mkdtempSync(join(tmpdir(), 'scalelab-kernel-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const cli = (args: string[]) => runCli(main, args);

function selfContained(html: string): void {
  expect(html).not.toMatch(/https?:\/\//i);
  expect(html).not.toMatch(/<script|\son[a-z]+\s*=\s*["']|javascript:/i);
}

describe('a notebook whose working directory is missing', () => {
  it('fails with that directory named, not as a missing program (spawn reports ENOENT of node)', async () => {
    await expect(executeNotebook(load('basic.ipynb'), { cwd: join(tmp, 'no-such-dir') })).rejects.toThrow(/working directory .*no-such-dir does not exist/);
  });
});

const outputsOf = (cells: Cell[]) => cells.map((c) => (c.cell_type === 'code' ? { n: c.execution_count, outputs: c.outputs } : null));

describe('executeNotebook with the tslab kernel', () => {
  it('produces the same outputs and counts as Jupyter (nbclient) did for the same notebook', async () => {
    const jupyter = load('basic.ipynb');
    const { notebook, failure } = await executeNotebook(jupyter, { cwd: FIX });
    expect(failure).toBeUndefined();
    expect(outputsOf(notebook.cells)).toEqual(outputsOf(jupyter.cells));
    expect(notebook.metadata.kernelspec).toEqual({ display_name: 'TypeScript', language: 'typescript', name: 'tslab' });
  });

  it('stops at a throwing cell, records the error there and leaves later cells unexecuted', async () => {
    const { notebook, failure } = await executeNotebook(load('failing.ipynb'), { cwd: FIX });
    expect(failure).toEqual({ cellIndex: 2, ename: 'RangeError', evalue: 'expected failure: loss is NaN' });
    const [, c1, c2, c3] = notebook.cells;
    expect(c1?.cell_type === 'code' && c1.outputs).toEqual([{ output_type: 'stream', name: 'stdout', text: 'before the failure\n' }]);
    const err = c2?.cell_type === 'code' ? c2.outputs.at(-1) : undefined;
    expect(err?.output_type).toBe('error');
    expect(err?.output_type === 'error' && err.traceback.join('\n')).toContain('RangeError: expected failure: loss is NaN');
    expect(err?.output_type === 'error' && err.traceback.join('\n')).not.toMatch(/tslab[/\\]dist/);
    expect(c3?.cell_type === 'code' && [c3.execution_count, c3.outputs]).toEqual([null, []]);
  });

  it('reports a type error in a cell as a failure (cells are type-checked)', async () => {
    const { failure } = await executeNotebook(load('type-error.ipynb'), { cwd: FIX });
    expect(failure?.ename).toBe('TypeScriptError');
    expect(failure?.evalue).toMatch(/Type 'string' is not assignable to type 'number'/);
  });

  it("names Node's internal errors with their code", async () => {
    const nb: Notebook = { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [{ cell_type: 'code', metadata: {}, source: 'Buffer.alloc(-1);', execution_count: null, outputs: [] }] };
    const { failure } = await executeNotebook(nb, { cwd: FIX });
    expect(failure?.ename).toBe('RangeError [ERR_OUT_OF_RANGE]');
    expect(failure?.evalue).toMatch(/^The value of "size" is out of range/);
  });

  it('times out a cell that never finishes', async () => {
    const nb: Notebook = { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [{ cell_type: 'code', metadata: {}, source: 'await new Promise(() => {});', execution_count: null, outputs: [] }] };
    const { failure } = await executeNotebook(nb, { cwd: FIX, cellTimeoutMs: 1500 });
    expect(failure?.ename).toBe('Timeout');
  });
});

describe('scalelab export --execute', () => {
  it('fails with the failing cell shown prominently in the HTML', async () => {
    const out = join(tmp, 'failing.html');
    const r = await cli([join(FIX, 'failing.ipynb'), '--execute', '--out', out, '--json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cell 3 failed: RangeError: expected failure: loss is NaN');
    expect(JSON.parse(r.stdout)).toMatchObject({ executed: true, failed_cell: 3, error: { ename: 'RangeError', evalue: 'expected failure: loss is NaN' } });
    const html = readFileSync(out, 'utf8');
    selfContained(html);
    expect(html).toContain('<p class="banner" role="alert">This notebook stopped with an error in <a href="#cell-3">cell 3</a>: RangeError: expected failure: loss is NaN</p>');
    expect(html).toContain('<div class="error" role="alert"><p>RangeError: expected failure: loss is NaN</p>');
    expect(html).not.toContain('<pre class="stdout">never printed');
    expect(html).toContain('<details class="code" id="cell-4" open><summary>In [ ]</summary>');
  });

  it('executes and exports a working notebook to the same bytes twice', async () => {
    const a = join(tmp, 'basic-a.html');
    const b = join(tmp, 'basic-b.html');
    expect((await cli([join(FIX, 'basic.ipynb'), '--execute', '--out', a])).code).toBe(0);
    expect((await cli([join(FIX, 'basic.ipynb'), '--execute', '--out', b])).code).toBe(0);
    const html = readFileSync(a, 'utf8');
    expect(readFileSync(b, 'utf8')).toBe(html);
    expect(html).toBe(notebookToHtml(load('basic.ipynb'), { name: 'basic.ipynb' }));
    selfContained(html);
    expect(html).toContain('<svg');
  });
});

const PY = '/usr/bin/python3';
const hasJupyter = existsSync(PY) && spawnSync(PY, ['-c', 'import jupyter_client, ipykernel'], { stdio: 'ignore' }).status === 0;

describe.skipIf(!hasJupyter)('npm run notebook:setup (needs Debian Jupyter: /usr/bin/python3 with jupyter_client)', () => {
  it('registers a tslab kernelspec in the given prefix that Jupyter lists and that runs a notebook', async () => {
    const prefix = join(tmp, 'jupyter-prefix');
    const env = { ...process.env, SCALELAB_JUPYTER_PREFIX: prefix, SCALELAB_SKIP_LIBRARY: '1' };
    for (let i = 0; i < 2; i++) execFileSync('sh', [join(PROJECT_ROOT, 'scripts', 'notebook-setup.sh')], { env, stdio: 'pipe' }); // idempotent
    const listed = JSON.parse(execFileSync(PY, ['-m', 'jupyter_client.kernelspecapp', 'list', '--json'], {
      env: { ...process.env, JUPYTER_PATH: join(prefix, 'share', 'jupyter'), PYDEVD_DISABLE_FILE_VALIDATION: '1' },
      encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'],
    })) as { kernelspecs: Record<string, { resource_dir: string; spec: { argv: string[]; language: string } }> };
    const spec = listed.kernelspecs.tslab;
    expect(spec?.resource_dir).toBe(join(prefix, 'share', 'jupyter', 'kernels', 'tslab'));
    expect(spec?.spec.language).toBe('typescript');
    const argv = tslabKernelArgv(prefix);
    expect(argv).toEqual(spec?.spec.argv);
    // The registered kernel is scalelab's launcher around tslab (error outputs with messages).
    expect(argv[0]).toBe(join(PROJECT_ROOT, 'bin', 'scalelab-kernel.cjs'));
    const { failure } = await executeNotebook(load('basic.ipynb'), { cwd: FIX, kernelArgv: argv });
    expect(failure).toBeUndefined();
  });
});

const hasEntry = existsSync(join(PROJECT_ROOT, 'src', 'index.ts'));

describe.skipIf(!hasEntry)('importing scalelab in a cell (needs src/index.ts, the public entry)', () => {
  const cell = (source: string): Cell => ({ cell_type: 'code', metadata: {}, source, execution_count: null, outputs: [] });
  const notebook = (...sources: string[]): Notebook => ({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: sources.map(cell) });
  const cwd = join(PROJECT_ROOT, 'notebooks');

  it('loads the built entry with its real types, without @ts-ignore or paths', async () => {
    prepareLibraryForNotebooks();
    const { notebook: nb, failure } = await executeNotebook(notebook(
      "import { VERSION, RunSetBuilder } from 'scalelab';\nconst v: string = VERSION;\nconsole.log(v, typeof RunSetBuilder);",
      'const wrong: number = VERSION;',
    ), { cwd });
    const c0 = nb.cells[0];
    // A failure here with ERR_REQUIRE_ASYNC_MODULE means a module of the library has a top-level await:
    // tslab loads the ESM build through require(), which cannot load such a module.
    expect(c0?.cell_type === 'code' && c0.outputs).toEqual([{ output_type: 'stream', name: 'stdout', text: `${VERSION} function\n` }]);
    // The types are real: assigning the string VERSION to a number is a compile error in the cell.
    expect(failure?.cellIndex).toBe(1);
    expect(failure?.evalue).toMatch(/Type 'string' is not assignable to type 'number'/);
  });

  it('exports display(), which sends a figure to the notebook', async () => {
    prepareLibraryForNotebooks();
    const { notebook: nb, failure } = await executeNotebook(notebook("import { display } from 'scalelab';\ndisplay('<svg viewBox=\"0 0 1 1\"></svg>');"), { cwd });
    expect(failure).toBeUndefined();
    const c0 = nb.cells[0];
    expect(c0?.cell_type === 'code' && c0.outputs).toEqual([{ output_type: 'display_data', data: { 'image/svg+xml': '<svg viewBox="0 0 1 1"></svg>' }, metadata: {} }]);
  });
});

const NOTEBOOKS = join(PROJECT_ROOT, 'notebooks');
const notebooks = existsSync(NOTEBOOKS) ? readdirSync(NOTEBOOKS).filter((f) => f.endsWith('.ipynb')).sort() : [];

describe.skipIf(notebooks.length === 0)('every notebook in notebooks/ (none committed yet)', () => {
  it.each(notebooks)('%s executes headless without a cell error and exports self-contained, deterministic HTML', async (name) => {
    const file = join(NOTEBOOKS, name);
    const a = join(tmp, `${name}-a.html`);
    const b = join(tmp, `${name}-b.html`);
    const r = await cli([file, '--execute', '--out', a, '--json']);
    expect(r.stderr).not.toMatch(/failed/);
    expect(r.code).toBe(0);
    expect((await cli([file, '--out', b])).code).toBeGreaterThanOrEqual(0);
    const html = readFileSync(a, 'utf8');
    selfContained(html);
    expect(html).toContain('<svg');
    expect((await cli([file, '--execute', '--out', b])).code).toBe(0);
    expect(readFileSync(b, 'utf8')).toBe(html);
    void dirname;
  }, 600_000);
});

describe('the scalelab-kernel launcher (tslab with Jupyter error outputs)', () => {
  const cell = (source: string): Cell => ({ cell_type: 'code', metadata: {}, source, execution_count: null, outputs: [] });
  const notebook = (...sources: string[]): Notebook => ({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: sources.map(cell) });
  const launcher = [process.execPath, join(PROJECT_ROOT, 'bin', 'scalelab-kernel.cjs'), 'kernel', '--config-path', '{connection_file}'];

  it('is the default kernel when none is registered', () => {
    expect(tslabKernelArgv(join(tmp, 'no-prefix'))).toEqual(launcher);
  });

  it('sends a failing cell as an error output with ename, evalue and a traceback, and nothing on stderr', async () => {
    const { notebook: nb, failure } = await executeNotebook(notebook(
      "console.error('a warning of my own');\nthrow new RangeError('loss is NaN at step 700');",
    ), { cwd: FIX, kernelArgv: launcher });
    expect(failure).toEqual({ cellIndex: 0, ename: 'RangeError', evalue: 'loss is NaN at step 700' });
    const outs = nb.cells[0]?.cell_type === 'code' ? nb.cells[0].outputs : [];
    expect(outs[0]).toEqual({ output_type: 'stream', name: 'stderr', text: 'a warning of my own\n' });
    const err = outs[1];
    expect(err?.output_type === 'error' && [err.ename, err.evalue, err.traceback[0]]).toEqual(['RangeError', 'loss is NaN at step 700', 'RangeError: loss is NaN at step 700']);
    expect(outs).toHaveLength(2);
  });

  it('reports a type error as TypeScriptError with the diagnostic', async () => {
    const { failure } = await executeNotebook(notebook('const x: number = "text";'), { cwd: FIX, kernelArgv: launcher });
    expect(failure?.ename).toBe('TypeScriptError');
    expect(failure?.evalue).toMatch(/^1:7 - Type 'string' is not assignable to type 'number'/);
  });

  it('with stop_on_error=false (nbconvert --allow-errors) runs the cell sent right after a failure', async () => {
    const { notebook: nb, failure } = await executeNotebook(notebook("throw new Error('first');", "console.log('second ran');"), { cwd: FIX, kernelArgv: launcher, allowErrors: true });
    expect(failure?.evalue).toBe('first');
    const c1 = nb.cells[1];
    expect(c1?.cell_type === 'code' && c1.outputs).toEqual([{ output_type: 'stream', name: 'stdout', text: 'second ran\n' }]);
  });
});
