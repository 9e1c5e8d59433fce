import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ReportError } from '../../src/errors.js';
import { forestFigure } from '../../src/plot/forest.js';
import { createReport, fmtNum } from '../../src/report/builder.js';
import { fileProvenance } from '../../src/report/provenance.js';
import { checkReportPair, writeReport } from '../../src/report/write.js';
import { forestInput } from '../plot/fixtures.js';
import { sampleReport } from './sample.js';

const SNAP = fileURLToPath(new URL('./__snapshots__/', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const UPDATE = process.env.SCALELAB_UPDATE_SNAPSHOTS === '1';

describe('report HTML', () => {
  const html = sampleReport().toHtml();
  it('matches the committed snapshot and the bytes plain node produces', () => {
    const child = execFileSync(process.execPath, ['--import', 'tsx', ROOT + 'test/report/sample.ts'], { cwd: ROOT, maxBuffer: 64 << 20 }).toString('utf8');
    if (UPDATE) {
      mkdirSync(SNAP, { recursive: true });
      writeFileSync(SNAP + 'sample-report.html', child);
    }
    expect(html).toBe(child);
    expect(html).toBe(readFileSync(SNAP + 'sample-report.html', 'utf8'));
  });
  it('is byte-identical for identical input', () => {
    expect(sampleReport().toHtml()).toBe(html);
    expect(sampleReport().toJsonString()).toBe(sampleReport().toJsonString());
  });
  it('has no script, no external reference, a strict CSP', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img|<link|<iframe|@import|url\((?!#)/i);
    expect(html).not.toMatch(/(?:src|href)="(?!#)(?!https:\/\/example\.org")/);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;;`);
  });
  it('escapes every data string', () => {
    expect(html).toContain('<title>Weekly review &lt;script&gt;alert(1)&lt;/script&gt;</title>');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('javascript:');
    expect(html).toContain('<td>&lt;b&gt;run&lt;/b&gt;</td>');
    expect(html).toContain('data/&lt;evil&gt;.csv');
    expect(html).toContain('max iterations reached &lt;100&gt;');
  });
  it('puts one element per line: no line holds two block elements', () => {
    for (const line of html.split('\n')) {
      expect((line.match(/<(?:section|h[1-3]|figure|table|thead|tbody|div|nav|ol|header|figcaption)[ >]/g) ?? []).length, line.slice(0, 80)).toBeLessThanOrEqual(1);
    }
  });
  it('shows numbers with 4 significant digits and decisions with their class', () => {
    expect(html).toContain('<td class="num">3.771</td>');
    expect(html).toContain('<td class="num">NaN</td>');
    expect(html).toContain('<td>70M</td>'.replace('<td>', '<td class="num">'));
    expect(html).toContain('<td class="better">better</td>');
    expect(html).toContain('<td class="worse">worse</td>');
    expect(html).toContain('class="warn">The optimiser did not converge: max iterations reached');
  });
});

describe('report JSON', () => {
  const json = sampleReport().toJson();
  it('holds every fit, interval and comparison number, snake_case, non-finite as null', () => {
    const fit = json.sections[0]!.items.find((i) => (i as { type: string }).type === 'fit') as Record<string, unknown>;
    expect(fit.params).toEqual([
      { name: 'E', value: 1.69, lo: 1.61, hi: 1.77, se: 0.041 },
      { name: 'α', value: 0.154, lo: 0.141, hi: 0.168, se: 0.0068 },
    ]);
    expect(fit.n_held_out).toBe(1);
    expect(fit.predictions).toEqual([{ label: 'loss at 3.16e23 FLOPs', value: 1.961, lo: 1.92, hi: 2.0 }]);
    const bad = json.sections[1]!.items.find((i) => (i as { type: string }).type === 'fit') as { params: unknown[]; converged: boolean };
    expect(bad.params).toEqual([{ name: 'a', value: 0.5, lo: null, hi: null, se: null }]);
    expect(bad.converged).toBe(false);
    const cmp = json.sections[3]!.items[0] as { rows: Record<string, unknown>[]; correction: string };
    expect(cmp.correction).toBe('Holm');
    expect(cmp.rows[2]).toEqual({ variant: 'no-warmup', n: 3, n_baseline: 3, mean: null, diff: 0.052, lo: 0.031, hi: 0.074, p: 0.00031, p_adjusted: 0.0012, effect: null, decision: 'worse' });
    const fig = json.sections[0]!.items.find((i) => (i as { type: string }).type === 'figure') as { id: string; data: { points: unknown[] } };
    expect(fig.id).toBe('scaling');
    expect(fig.data.points).toHaveLength(5);
    expect(json.provenance).toMatchObject({ version: '0.1.0', seeds: { bootstrap: 20261125 }, date: '2026-11-25' });
    expect(JSON.parse(sampleReport().toJsonString())).toEqual(json);
  });
});

describe('builder checks', () => {
  it('refuses duplicate figure ids, foreign SVG, scripts in SVG, a missing date, a bad hash', () => {
    const svg = forestFigure(forestInput, { id: 'f' });
    expect(() => createReport({ title: 't', date: '1' }).figure(svg).figure(svg)).toThrow(/duplicate figure id "f"/);
    expect(() => createReport({ title: 't', date: '1' }).figure('<svg><circle/></svg>')).toThrow(ReportError);
    expect(() => createReport({ title: 't', date: '1' }).figure(svg.replace('<g ', '<script>x</script><g '))).toThrow(/script/);
    expect(() => createReport({ title: 't', date: '' })).toThrow(/date/);
    expect(() => createReport({ title: 't', date: '1' }).provenance({ files: [{ path: 'a', sha256: 'xyz', rows: 1 }], date: '1' })).toThrow(/sha256/);
  });
  it('formats numbers', () => {
    expect(fmtNum(0.0123456)).toBe('0.01235');
    expect(fmtNum(3e21)).toBe('3e21'); // no '+': read as people write it
    expect(fmtNum(0.000123456, 3)).toBe('1.23e-4');
    expect(fmtNum(42)).toBe('42');
    expect(fmtNum(-Infinity)).toBe('−∞');
  });
});

describe('provenance and writing', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scalelab-report-'));
  const input = join(dir, 'runs.csv');
  writeFileSync(input, 'run,step,loss\na,1,3.5\na,2,3.25\n');
  it('hashes files with SHA-256 (same digest as coreutils sha256sum)', () => {
    const p = fileProvenance(input, 2);
    const ref = execFileSync('sha256sum', [input]).toString().split(' ')[0];
    expect(p).toEqual({ path: input, sha256: ref, rows: 2, bytes: 31 });
    expect(() => fileProvenance(join(dir, 'nope.csv'), 1)).toThrow(ReportError);
    expect(() => fileProvenance(dir, 1)).toThrow(/not a file/);
  });
  it('writes HTML and JSON atomically (no temporary file left) and refuses to overwrite an input', () => {
    const r = createReport({ title: 't', date: '2026-11-25' }).section('A').markdown('x').provenance({ files: [fileProvenance(input, 2)], date: '2026-11-25' });
    const out = writeReport(r, join(dir, 'sub', 'r.html'));
    // The file is toHtml() naming its JSON's SHA-256, and the pair checks out.
    expect(readFileSync(out.html, 'utf8')).toBe(r.toHtml({ jsonSha256: createHash('sha256').update(readFileSync(out.json!)).digest('hex') }));
    expect(checkReportPair(out.html)).toEqual({ ok: true });
    expect(JSON.parse(readFileSync(out.json!, 'utf8')).provenance.files[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(readdirSync(join(dir, 'sub')).sort()).toEqual(['r.html', 'r.json']);
    const before = readFileSync(input, 'utf8');
    expect(() => writeReport(r, input.replace(/\.csv$/, '.html'), { inputs: [input.replace(/\.csv$/, '.json')] })).toThrow(/is an input/);
    writeFileSync(join(dir, 'in.html'), 'keep');
    expect(() => writeReport(r, join(dir, 'in.html'), { inputs: [join(dir, 'in.html')] })).toThrow(/is an input/);
    linkSync(input, join(dir, 'alias.html'));
    expect(() => writeReport(r, join(dir, 'alias.html'))).toThrow(/is an input/);
    expect(readFileSync(input, 'utf8')).toBe(before);
    expect(readFileSync(join(dir, 'in.html'), 'utf8')).toBe('keep');
    expect(existsSync(input.replace(/\.csv$/, '.json'))).toBe(false);
  });
});
