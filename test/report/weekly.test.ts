/**
 * The weekly report: config validation (errors name the key path), the demo report from data/weekly.json
 * (self-contained, escaped, numbers in the JSON, recovers data/TRUTH.json), byte-identical rebuilds (and equal to
 * the committed reports/weekly.html), and never writing over an input.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReportError } from '../../src/errors.js';
import { isoflopFit, pointsFromTable } from '../../src/fit/index.js';
import { isoflopInputOf, parabolaLogN, pointwiseInterval } from '../../src/report/adapt.js';
import { parseWeeklyConfig, readWeeklyConfig, validateWeeklyConfig } from '../../src/report/weekly-config.js';
import { buildWeeklyReport } from '../../src/report/weekly.js';
import { writeReport } from '../../src/report/write.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const CONFIG = join(ROOT, 'data/weekly.json');
const TRUTH = JSON.parse(readFileSync(join(ROOT, 'data/TRUTH.json'), 'utf8')) as { sweep: { law: Record<string, number> }; ablation: { variants: { name: string; effect: number }[] } };

const base = { title: 't', date: '2026-11-25', sections: [] as unknown[] };
const bad = (tree: unknown): string => {
  try {
    validateWeeklyConfig(tree, '/data');
  } catch (e) {
    expect(e).toBeInstanceOf(ReportError);
    return (e as Error).message;
  }
  throw new Error('expected a ReportError');
};

describe('config validation', () => {
  const sources = { sweep: { table: 'sweep/runs.csv' }, abl: { paths: ['ablation'], rule: '{variant}/seed{seed}.log' } };
  it('names the key path of each error', () => {
    expect(bad({ ...base, sources, fits: { a: { source: 'sweep', law: 'chinchilla' }, b: { source: 'sweep', law: 'quadratic' } } })).toBe('fits.b.law: expected one of chinchilla|power|power0|kaplan|isoflop, got \'quadratic\'');
    expect(bad({ ...base, date: undefined })).toBe('(config).date: required');
    expect(bad({ ...base, sections: [{ title: 's', items: [{ kind: 'scatter' }] }] })).toMatch(/^sections\[0\]\.items\[0\]\.kind: expected one of markdown\|runs\|/);
    expect(bad({ ...base, sources, sections: [{ title: 's', items: [{ kind: 'scaling', fit: 'nope' }] }] })).toBe("sections[0].items[0].fit: no fit named 'nope' (fits: none)");
    expect(bad({ ...base, sources: { x: { paths: 'a', table: 'b' } } })).toBe('sources.x: give exactly one of paths (runs) or table (one row per run)');
    expect(bad({ ...base, sources, fits: { f: { source: 'abl', law: 'chinchilla' } } })).toBe("fits.f.source: source 'abl' must be a table (one row per run) to fit");
    expect(bad({ ...base, sources, fits: { f: { source: 'sweep', law: 'power', bootstrap: 2.5 } } })).toBe('fits.f.bootstrap: expected an integer >= 0, got 2.5');
    expect(bad({ ...base, sources, comparisons: { c: { source: 'abl', metric: 'val/loss', alpha: 5 } } })).toBe('comparisons.c.alpha: expected a number in (0, 1), got 5');
    expect(bad({ ...base, colour: 'red' })).toMatch(/^\(config\)\.colour: unknown key/);
    expect(bad({ ...base, sources, fits: { iso: { source: 'sweep', law: 'isoflop' } }, sections: [{ title: 's', items: [{ kind: 'scaling', fit: 'iso' }] }] })).toMatch(/^sections\[0\]\.items\[0\]\.fit: a scaling item needs a fit with law chinchilla\|power\|power0\|kaplan; fit 'iso' has law isoflop/);
    expect(bad({ ...base, sources, sections: [{ title: 's', items: [{ kind: 'curves', sources: ['sweep'], metric: 'loss' }] }] })).toMatch(/^sections\[0\]\.items\[0\]\.sources\[0\]: source 'sweep' is a table/);
    expect(bad({ ...base, sources, sections: [{ title: 's', items: [{ kind: 'curves', sources: ['abl'], metric: 'loss', smoothing: 1 }] }] })).toBe('sections[0].items[0].smoothing: expected a number in [0, 1), got 1');
    expect(bad({ ...base, sources, sections: [{ title: 's', items: [{ kind: 'curves', sources: ['abl'], metric: 'loss', reference: { label: 'record' } }] }] })).toMatch(/^sections\[0\]\.items\[0\]\.reference\.y: expected a finite number/);
    expect(bad({ ...base, sources, sections: [{ title: 's', items: [{ kind: 'curves', sources: ['abl'], metric: 'loss', reference: { y: 3.28, colour: 'red' } }] }] })).toMatch(/^sections\[0\]\.items\[0\]\.reference\.colour: unknown key/);
  });
  it('resolves relative paths against the config folder; YAML and JSON give the same config', () => {
    const yaml = 'title: t\ndate: 2026-11-25\nsources:\n  s: {table: sweep/runs.csv}\n  r: {paths: [ablation, /abs/x.log]}\nsections: []\n';
    const y = parseWeeklyConfig(yaml, '/data/w.yaml');
    expect(y.date).toBe('2026-11-25');
    expect(y.sources.s!.table).toBe('/data/sweep/runs.csv');
    expect(y.sources.r!.paths).toEqual(['/data/ablation', '/abs/x.log']);
    const j = parseWeeklyConfig(JSON.stringify({ title: 't', date: '2026-11-25', sources: { s: { table: 'sweep/runs.csv' }, r: { paths: ['ablation', '/abs/x.log'] } }, sections: [] }), '/data/w.json');
    expect({ ...j, raw: null }).toEqual({ ...y, raw: null });
  });
  it('reports unparsable files and names the file', () => {
    expect(() => parseWeeklyConfig('{"title": ', '/data/w.json')).toThrow(/^\/data\/w\.json: not valid JSON/);
    expect(() => parseWeeklyConfig('title: [unclosed', '/data/w.yml')).toThrow(/^\/data\/w\.yml: not valid YAML/);
    expect(() => parseWeeklyConfig('{"title":"t","date":"d","sections":{}}', '/data/w.json')).toThrow('/data/w.json: sections: expected a list, got {}');
    expect(() => readWeeklyConfig('/nonexistent/w.json')).toThrow(/cannot read config/);
  });
});

describe('adapters', () => {
  it('the IsoFLOP figure parabolas have their vertex at the engine\'s N_opt', () => {
    const rows = readFileSync(join(ROOT, 'data/sweep/runs.csv'), 'utf8').trim().split('\n').slice(1).map((l) => {
      const [run, N, D, C, , loss] = l.split(',');
      return { run: run!, N: Number(N), D: Number(D), C: Number(C), loss: Number(loss) };
    });
    const points = pointsFromTable(rows, { group: 'run' });
    const r = isoflopFit(points);
    const input = isoflopInputOf(points, r);
    expect(input.parabolas).toHaveLength(5);
    r.budgets.forEach((b, j) => {
      const ps = input.points.filter((p) => p.C === b.C);
      expect(ps).toHaveLength(7);
      const [, c1, c2] = parabolaLogN(ps.map((p) => p.N), ps.map((p) => p.loss));
      expect(Math.exp(-c1 / (2 * c2)) / b.N_opt).toBeCloseTo(1, 9);
      expect(input.minima![j]!.N).toBe(b.N_opt);
    });
  });
  it('pointwise percentile intervals interpolate like numpy', () => {
    // numpy.percentile([1, 3, 5, 7], [2.5, 97.5]) = [1.15, 6.85]
    const iv = pointwiseInterval([[1], [7], [3], [5]], 0.95);
    expect(iv.lo[0]).toBeCloseTo(1.15, 12);
    expect(iv.hi[0]).toBeCloseTo(6.85, 12);
  });
});

const LADDER_FILES = ['190M', '1B', '370M', '3B', '760M'].flatMap((s) => ['0.5xC', '10xC', '1xC-rerun', '1xC', '2xC', '5xC'].map((l) => `${s}-${l}`));

describe('the demo weekly report (data/weekly.json)', () => {
  let dir: string;
  let html: string;
  let json: ReturnType<typeof JSON.parse>;
  let inputs: string[];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'scalelab-weekly-'));
    const built = await buildWeeklyReport(readWeeklyConfig(CONFIG), { configFile: CONFIG });
    inputs = built.inputs;
    const w = writeReport(built.report, join(dir, 'weekly.html'), { inputs });
    html = readFileSync(w.html, 'utf8');
    json = JSON.parse(readFileSync(w.json!, 'utf8'));
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is one self-contained page: CSP, no script, no external URL, under 3 MB', () => {
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;;[^"]*script-src &#39;none&#39;/);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    const urls = [...html.matchAll(/\b(?:https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}[^\s"'<)]*/gi)].map((m) => m[0]);
    expect(urls.filter((u) => u !== 'http://www.w3.org/2000/svg')).toEqual([]);
    expect(Buffer.byteLength(html)).toBeLessThan(3_000_000);
    expect((html.match(/<svg xmlns/g) ?? []).length).toBe(19); // 8 + the ladder section's 4 + run health: goodput, timeline, MFU + the mixture section's 4
  });

  it('lists every input file with its SHA-256 and rows, paths relative to the config', () => {
    const files = json.provenance.files as { path: string; sha256: string; rows: number }[];
    expect(files.map((f) => f.path)).toEqual([
      'weekly.json', 'sweep/runs.csv', 'sweep/curves.csv',
      ...['baseline', 'no-warmup', 'qk-norm', 'swiglu'].flatMap((v) => [1, 2, 3, 4, 5].map((s) => `ablation/${v}/seed${s}.log`)),
      'curves/megatron-760m.log', 'curves/wandb-history-760m-seed2.csv',
      'health/torchtitan-1b-8xh100.log', '../test/fixtures/formats/llmc/stdout_gpt2_1558M.log', 'TRUTH.json',
      // the mixture section (real data: RegMix), then the ladder section: the 30 ladder runs matched by its glob and the 7B's evaluation
      ...['train_mixture_1m.csv', 'train_pile_loss_1m.csv', 'test_mixture_1m.csv', 'test_pile_loss_1m.csv'].map((f) => `../test/fixtures/regmix/${f}`),
      ...LADDER_FILES.map((f) => `../test/fixtures/olmo-ladder/ladder-runs/${f}.csv`), '../test/fixtures/olmo-ladder/ladder-runs/peteish7_eval_anneal.csv',
    ]);
    expect(files.find((f) => f.path === 'sweep/runs.csv')!.rows).toBe(35);
    expect(files.find((f) => f.path === 'sweep/curves.csv')!.rows).toBe(1400);
    expect(files.every((f) => /^[0-9a-f]{64}$/.test(f.sha256))).toBe(true);
    expect(inputs).toHaveLength(files.length);
    expect(html).not.toContain(ROOT); // no machine-specific absolute path
    expect(json.provenance.seeds).toEqual({ 'fits.chinchilla.bootstrap': 20261125, 'fits.isoflop.bootstrap': 20261125, 'comparisons.ablation': 20261125, 'ladders.olmo.bootstrap': 20261125 });
  });

  it('the JSON has the fit parameters with intervals, and they cover the true law', () => {
    const items = (json.sections as { items: { type: string; name?: string; params?: { name: string; value: number; lo: number; hi: number }[] }[] }[]).flatMap((s) => s.items);
    const fit = items.find((i) => i.type === 'fit' && i.name!.startsWith('chinchilla'))!;
    expect(fit.params!.map((p) => p.name)).toEqual(['A', 'B', 'E', 'alpha', 'beta', 'a', 'b']);
    for (const [k, truth] of Object.entries(TRUTH.sweep.law)) {
      const p = fit.params!.find((q) => q.name === k)!;
      expect(p.lo).toBeLessThan(truth);
      expect(p.hi).toBeGreaterThan(truth);
    }
    const alpha = fit.params!.find((p) => p.name === 'alpha')!;
    expect(Math.abs(alpha.value - 0.34)).toBeLessThan(0.05);
    // The recovery statement is computed from those intervals.
    expect(html).toContain('<strong>The fit recovers the true law</strong>: all 7 true values lie inside their 95% bootstrap intervals');
  });

  it('the JSON has the comparisons, with decisions matching the known effects', () => {
    const items = (json.sections as { items: { type: string; rows?: { variant: string; diff: number; lo: number; hi: number; decision: string; p_adjusted: number }[] }[] }[]).flatMap((s) => s.items);
    const cmp = items.find((i) => i.type === 'comparison')!;
    const rows = Object.fromEntries(cmp.rows!.map((r) => [r.variant, r]));
    expect(Object.keys(rows).sort()).toEqual(['no-warmup', 'qk-norm', 'swiglu']);
    for (const v of TRUTH.ablation.variants.filter((x) => x.name !== 'baseline')) {
      const r = rows[v.name]!;
      expect(r.lo).toBeLessThan(v.effect);
      expect(r.hi).toBeGreaterThan(v.effect);
      expect(r.decision).toBe(v.effect < 0 ? 'better' : 'worse');
    }
  });

  it('marks the Megatron restart and spike in the curve figure data', () => {
    const items = (json.sections as { items: { type: string; id?: string; data?: unknown }[] }[]).flatMap((s) => s.items);
    const curves = items.find((i) => i.type === 'figure' && i.id!.includes('curves-train'))!.data as { run: string; restarts: { fromStep: number; toStep: number }[]; spikes: { step: number }[] }[];
    const mega = curves.find((c) => c.run === 'megatron-760m')!;
    expect(mega.restarts).toEqual([{ fromStep: 1500, toStep: 1010 }]);
    expect(mega.spikes.map((s) => s.step)).toContain(1200);
    expect(curves.find((c) => c.run.startsWith('wandb'))!.restarts).toEqual([]);
  });

  it('is byte-identical when built again, and equal to the committed reports/weekly.html and .json', async () => {
    const again = await buildWeeklyReport(readWeeklyConfig(CONFIG), { configFile: CONFIG });
    // html is the file writeReport wrote: toHtml() naming its JSON's SHA-256.
    expect(again.report.toHtml({ jsonSha256: createHash('sha256').update(again.report.toJsonString()).digest('hex') })).toBe(html);
    expect(again.report.toJsonString()).toBe(JSON.stringify(json, null, 2) + '\n');
    const committed = join(ROOT, 'reports/weekly.html');
    expect(existsSync(committed), 'reports/weekly.html is committed (run npm start)').toBe(true);
    expect(readFileSync(committed, 'utf8')).toBe(html);
    expect(readFileSync(join(ROOT, 'reports/weekly.json'), 'utf8')).toBe(again.report.toJsonString());
  }, 120_000);

  it('never writes over an input (a data file, the config, or the JSON beside the HTML landing on one)', async () => {
    const built = await buildWeeklyReport(readWeeklyConfig(CONFIG), { configFile: CONFIG });
    const before = readFileSync(join(ROOT, 'data/sweep/curves.csv'));
    // Checked before anything is written: neither file of the pair appears.
    expect(() => writeReport(built.report, join(ROOT, 'data/sweep/curves.csv'), { inputs: built.inputs })).toThrow(/must end in \.html|refusing to write .*curves\.csv: it is an input/);
    expect(() => writeReport(built.report, join(ROOT, 'data/TRUTH.html'), { inputs: built.inputs })).toThrow(/refusing to write .*TRUTH\.json: it is an input/);
    expect(() => writeReport(built.report, join(ROOT, 'data/weekly.html'), { inputs: built.inputs })).toThrow(/refusing to write .*weekly\.json: it is an input/);
    expect(readFileSync(join(ROOT, 'data/sweep/curves.csv'))).toEqual(before);
    for (const p of ['data/TRUTH.html', 'data/weekly.html', 'data/sweep/curves.csv.json']) expect(existsSync(join(ROOT, p))).toBe(false);
  }, 120_000);
});

describe('escaping', () => {
  it('escapes data strings from the config (title, captions, markdown HTML)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scalelab-weekly-esc-'));
    try {
      const cfg = join(dir, 'w.json');
      writeFileSync(cfg, JSON.stringify({
        title: 'Week <script>alert(1)</script>', date: '2026-11-25',
        sources: { abl: { paths: join(ROOT, 'data/ablation'), rule: '{variant}/seed{seed}.log' } },
        comparisons: { c: { source: 'abl', metric: 'val/loss', baseline: 'baseline', resamples: 200 } },
        sections: [{ title: '<img src=x onerror=alert(1)>', text: '<script>x()</script> [a](javascript:alert(1))', items: [{ kind: 'forest', comparison: 'c', caption: '"><script>y()</script>' }] }],
      }));
      const { report } = await buildWeeklyReport(readWeeklyConfig(cfg), { configFile: cfg });
      const html = report.toHtml();
      expect(html).not.toMatch(/<script|<img|(?:href|src)="?javascript:/i);
      expect(html).toContain('Week &lt;script&gt;alert(1)&lt;/script&gt;');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('weekly report: every interval labelled, one IsoFLOP bootstrap, runs read at one step', () => {
  it('the demo says what its intervals are, gives one dropped count, fills the IsoFLOP table, and uses Welch at step 2,000', () => {
    const html = readFileSync('reports/weekly.html', 'utf8');
    const dropped = [...html.matchAll(/(\d+) dropped/g)].map((m) => m[1]);
    expect(new Set(dropped).size).toBeLessThanOrEqual(1); // one bootstrap, one count (or none dropped), wherever it is said
    expect(html).toContain('intervals: 95% Welch t interval');
    expect(html).toContain('values at step 2,000');
    expect(html).toMatch(/intervals: 95% BCa bootstrap over runs, 200 resamples, seed 20261125/);
    expect(html).not.toMatch(/<th class="num">low<\/th>/);
    const j = JSON.parse(readFileSync('reports/weekly.json', 'utf8')) as { sections: { items: { type: string; name?: string; predictions?: { label: string; lo: number | null }[] }[] }[] };
    const iso = j.sections.flatMap((s) => s.items).find((i) => i.type === 'fit' && /IsoFLOP/.test(i.name ?? ''))!;
    for (const p of iso.predictions!) expect(p.lo, p.label).not.toBeNull();
  });

  it("a comparison of runs that end at different steps is refused, naming the run, until the config's 'at' chooses", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scalelab-weekly-at-'));
    for (const v of ['baseline', 'swiglu']) {
      for (const seed of [1, 2, 3]) {
        let text = readFileSync(`data/ablation/${v}/seed${seed}.log`, 'utf8');
        if (v === 'swiglu' && seed === 2) {
          const lines = text.split('\n');
          text = lines.slice(0, lines.findIndex((l) => /^s:(\d+)/.test(l) && Number(/^s:(\d+)/.exec(l)![1]) > 1500)).join('\n') + '\n';
        }
        writeFileSync(join(dir, `${v}-seed${seed}.log`), text);
      }
    }
    const cfg = (at?: string) => JSON.stringify({
      title: 't', date: '2026-11-25', seed: 1, sources: { ab: { paths: '.', rule: '{variant}-seed{seed}.log' } },
      comparisons: { ab: { source: 'ab', metric: 'val/loss', baseline: 'baseline', resamples: 200, ...(at ? { at } : {}) } },
      sections: [{ title: 'A', items: [{ kind: 'comparison', comparison: 'ab' }] }],
    });
    writeFileSync(join(dir, 'refused.json'), cfg());
    await expect(buildWeeklyReport(readWeeklyConfig(join(dir, 'refused.json')))).rejects.toThrow(/comparisons\.ab: .*swiglu-seed2 ended at step 1,500.*"at": "common"/);
    writeFileSync(join(dir, 'common.json'), cfg('common'));
    const built = await buildWeeklyReport(readWeeklyConfig(join(dir, 'common.json')));
    const html = built.report.toHtml();
    expect(html).toContain('values at step 1,500 (the last step every run reached; some went on to 2,000)');
    expect(html).toMatch(/Warning:<\/strong> compared at step 1,500, the last step every run reached: swiglu-seed2 stopped at 1,500/);
    rmSync(dir, { recursive: true, force: true });
  });
});

