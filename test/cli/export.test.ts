import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const cli = (...args: string[]) => spawnSync(TSX, ['src/cli/main.ts', 'export', ...args], { encoding: 'utf8' });

describe('scalelab export: never writes over its input', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scalelab-export-'));
  const nb = join(dir, 'basic.ipynb');
  copyFileSync('test/notebook/fixtures/basic.ipynb', nb);
  const before = readFileSync(nb, 'utf8');

  it('refuses --out naming the notebook itself (same path, or another spelling of it): exit 1, file untouched', () => {
    for (const out of [nb, join(dir, '.', 'basic.ipynb')]) {
      const r = cli(nb, '--out', out);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/^scalelab export: /);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(r.stdout).toBe('');
      expect(readFileSync(nb, 'utf8')).toBe(before);
    }
  });

  it('refuses --out equal to the input even when the input itself ends in .html', () => {
    const odd = join(dir, 'odd.html');
    copyFileSync('test/notebook/fixtures/basic.ipynb', odd);
    const r = cli(odd, '--out', join(dir, '.', 'odd.html'));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/is the notebook itself; scalelab never overwrites an input/);
    expect(readFileSync(odd, 'utf8')).toBe(before);
  });

  it('refuses an --out that is not an .html page (exit 1)', () => {
    const r = cli(nb, '--out', join(dir, 'copy.ipynb'));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/--out must end in \.html/);
  });

  it('writes the page and --json is one JSON object on stdout', () => {
    const r = cli(nb, '--out', join(dir, 'basic.html'), '--json');
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ notebook: nb, out: join(dir, 'basic.html'), executed: false, failed_cell: null });
    expect(readFileSync(join(dir, 'basic.html'), 'utf8')).toMatch(/^<!doctype html>/i);
    expect(readFileSync(nb, 'utf8')).toBe(before);
  });

  it('bad arguments exit 1 with a message: unknown flag, no notebook, bad --timeout', () => {
    for (const args of [[nb, '--bogus'], [], [nb, '--execute', '--timeout', 'abc']]) {
      const r = cli(...args);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/^scalelab export: /);
    }
  });
});

describe('scalelab export --hide-code', () => {
  it('leaves the code out and keeps the outputs and the markdown', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scalelab-export-hide-'));
    const out = join(dir, 'basic.html');
    const r = cli('test/notebook/fixtures/basic.ipynb', '--hide-code', '--out', out);
    expect(r.status).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).not.toContain('const xs: number[]');
    expect(html).not.toContain('<details class="code"');
    expect(html).toContain('Basic notebook');
    expect(html).toContain('class="output"');
    const shown = cli('test/notebook/fixtures/basic.ipynb', '--out', join(dir, 'shown.html'));
    expect(shown.status).toBe(0);
    expect(readFileSync(join(dir, 'shown.html'), 'utf8')).toContain('const xs: number[]');
  });
});
