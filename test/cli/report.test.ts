/**
 * `scalelab report` as a process: --json output, the HTML and JSON files, stdout/stderr discipline (no
 * progress when stderr is not a terminal), YAML configs, usage and config errors with exit codes.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const ROOT = process.cwd();
const cli = (args: string[], cwd = ROOT) => spawnSync(TSX, [join(ROOT, 'src/cli/main.ts'), 'report', ...args], { encoding: 'utf8', cwd });
const dir = mkdtempSync(join(tmpdir(), 'scalelab-cli-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('scalelab report', () => {
  it('builds the demo report: --json prints paths and key numbers; the files are the committed bytes; stderr is quiet', () => {
    const out = join(dir, 'demo.html');
    const r = cli(['data/weekly.json', '--out', out, '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const j = JSON.parse(r.stdout);
    expect(j.html).toBe(out);
    expect(j.json).toBe(join(dir, 'demo.json'));
    expect(j.bytes).toBe(readFileSync(out).length);
    expect(j.sources.ablation).toEqual({ runs: 20, points: 24180 });
    expect(j.fits.chinchilla.law).toBe('chinchilla');
    expect(j.fits.chinchilla.ci.alpha[0]).toBeLessThan(0.34);
    expect(j.fits.chinchilla.ci.alpha[1]).toBeGreaterThan(0.34);
    expect(j.comparisons.ablation.map((c: { variant: string; decision: string }) => `${c.variant}:${c.decision}`).sort()).toEqual(['no-warmup:worse', 'qk-norm:better', 'swiglu:better']);
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(join(ROOT, 'reports/weekly.html'), 'utf8'));
    expect(readFileSync(join(dir, 'demo.json'), 'utf8')).toBe(readFileSync(join(ROOT, 'reports/weekly.json'), 'utf8'));
  }, 120_000);

  it('takes a YAML config and defaults --out to reports/<name>.html', () => {
    const cfg = join(dir, 'small.yaml');
    writeFileSync(cfg, [
      'title: Small ablation',
      'date: "2026-11-25"',
      'seed: 3',
      'sources:',
      `  abl: {paths: ${JSON.stringify(join(ROOT, 'data/ablation'))}, rule: "{variant}/seed{seed}.log"}`,
      'comparisons:',
      '  c: {source: abl, metric: val/loss, baseline: baseline, resamples: 500}',
      'sections:',
      '  - title: Ablation',
      '    items:',
      '      - {kind: comparison, comparison: c, forest: true}',
      '',
    ].join('\n'));
    const r = cli([cfg], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^wrote reports\/small\.html \(\d+ KiB\) and reports\/small\.json\n$/);
    const html = readFileSync(join(dir, 'reports/small.html'), 'utf8');
    expect(html).toContain('<h1>Small ablation</h1>');
    expect((html.match(/<svg xmlns/g) ?? []).length).toBe(1);
  }, 120_000);

  it('exits 1 with the key path on a config error, 1 on usage errors (message, no stack), 0 on --help', () => {
    const cfg = join(dir, 'bad.json');
    writeFileSync(cfg, JSON.stringify({ title: 't', date: '2026-11-25', sources: { s: { table: 'x.csv' } }, fits: { f: { source: 's', law: 'cubic' } }, sections: [] }));
    const r = cli([cfg, '--out', join(dir, 'bad.html')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`scalelab report: ReportError: ${cfg}: fits.f.law: expected one of chinchilla|power|power0|kaplan|isoflop, got 'cubic'\n`);
    expect(r.stdout).toBe('');
    expect(cli([]).status).toBe(1);
    expect(cli(['data/weekly.json', '--out', join(dir, 'x.pdf')]).status).toBe(1);
    expect(cli(['data/weekly.json', '--threads', '0']).status).toBe(1);
    const h = cli(['--help']);
    expect(h.status).toBe(0);
    expect(h.stdout).toMatch(/^scalelab report <config\.json\|config\.yaml>/);
  }, 120_000);

  it('refuses to write over its own config (exit 1) and leaves it untouched', () => {
    const cfg = join(dir, 'self.json');
    const text = JSON.stringify({ title: 't', date: '2026-11-25', sections: [{ title: 's', text: 'hi' }] });
    writeFileSync(cfg, text);
    const r = cli([cfg, '--out', join(dir, 'self.html')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/refusing to write .*self\.json: it is an input of this report/);
    expect(readFileSync(cfg, 'utf8')).toBe(text);
    expect(existsSync(join(dir, 'self.html'))).toBe(false);
  }, 120_000);
});
