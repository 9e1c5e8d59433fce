import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { Notebook } from '../../src/notebook/ipynb.js';
import { PROJECT_ROOT } from '../../src/notebook/notebook-kernel.js';
import { SKIP_MARKER, skippedSections, skipSection } from '../../src/notebook/skip.js';

const tmp = mkdtempSync(join(tmpdir(), 'scalelab-skip-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
afterEach(() => { vi.restoreAllMocks(); });

const code = (outputs: Notebook['cells'][number] extends infer C ? C extends { outputs: infer O } ? O : never : never, source = 'x') =>
  ({ cell_type: 'code' as const, metadata: {}, source, execution_count: 1, outputs });
const nb = (...cells: Notebook['cells']): Notebook => ({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells });

describe('skipSection / skippedSections', () => {
  it('prints one marker line with the reason on one line', () => {
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    skipSection('data\n  absent ');
    expect(write).toHaveBeenCalledWith(`${SKIP_MARKER}data absent\n`);
  });

  it('finds markers in stream and text/plain outputs, with the cell, and nothing else', () => {
    const found = skippedSections(nb(
      { cell_type: 'markdown', metadata: {}, source: `${SKIP_MARKER}in markdown: not an output` },
      code([{ output_type: 'stream', name: 'stdout', text: `12 rows\n${SKIP_MARKER}epoch.csv is absent\n` }]),
      code([{ output_type: 'stream', name: 'stdout', text: 'truth: skipped iteration 700 (a word, not a marker)\n' }]),
      code([{ output_type: 'display_data', data: { 'text/plain': `${SKIP_MARKER}no chromium` }, metadata: {} }]),
    ));
    expect(found).toEqual([{ cellIndex: 1, reason: 'epoch.csv is absent' }, { cellIndex: 3, reason: 'no chromium' }]);
  });

  it('marks the committed notebooks whose data may be absent (02 Epoch, 03 modded-nanogpt) through skipSection', () => {
    for (const name of ['02-scaling-laws.ipynb', '03-ablations.ipynb']) {
      const text = readFileSync(join(PROJECT_ROOT, 'notebooks', name), 'utf8');
      expect(text, name).toMatch(/skipSection\(`/);
      expect(text, name).not.toMatch(/section skipped`\)|is skipped`\)/);
    }
  });
});

describe('npm run notebooks:execute', () => {
  it('refuses to save a notebook whose section skipped, lists why, keeps the file and exits 1', () => {
    const file = join(tmp, 'skips.ipynb');
    copyFileSync(join(PROJECT_ROOT, 'test', 'notebook', 'fixtures', 'basic.ipynb'), file);
    const before = JSON.parse(readFileSync(file, 'utf8')) as Notebook;
    before.cells.push(code([], `process.stdout.write(${JSON.stringify(`${SKIP_MARKER}the data folder is absent\n`)});`));
    const text = JSON.stringify(before, null, 1) + '\n';
    writeFileSync(file, text);
    const script = join(PROJECT_ROOT, 'scripts', 'notebook-execute.ts');
    const tsx = join(PROJECT_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
    const r = spawnSync(process.execPath, [tsx, script, file], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`SKIP ${file}`);
    expect(r.stderr).toMatch(new RegExp(`cell ${before.cells.length}: the data folder is absent`));
    expect(r.stderr).toContain('--allow-skipped');
    expect(readFileSync(file, 'utf8')).toBe(text);
    const forced = spawnSync(process.execPath, [tsx, script, file, '--allow-skipped'], { encoding: 'utf8' });
    expect(forced.status).toBe(0);
    expect(readFileSync(file, 'utf8')).not.toBe(text);
  }, 120_000);
});
