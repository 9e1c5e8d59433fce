/**
 * Mixture report items: the `mixtures` config key and its items are validated with key paths; a report built on
 * the RegMix fixture shows the model comparison (numbers checked against sklearn's linear regression), the
 * predicted-vs-actual figure, the proposal with its intervals and the landscape, lists the four input files in its
 * provenance, and is byte-identical when rebuilt.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ReportError } from '../../src/errors.js';
import { validateWeeklyConfig } from '../../src/report/weekly-config.js';
import { buildWeeklyReport } from '../../src/report/weekly.js';

const FIX = fileURLToPath(new URL('../fixtures/regmix/', import.meta.url));
const base = { title: 't', date: '2026-11-25', sections: [] as unknown[] };
const mix = {
  mixtures: 'train_mixture_1m.csv', results: 'train_pile_loss_1m.csv',
  heldOut: { mixtures: 'test_mixture_1m.csv', results: 'test_pile_loss_1m.csv' },
  target: 'metric/the_pile_pile_cc_val_loss', label: 'Pile-CC loss', models: ['linear', 'loglinear'], folds: 3, resamples: 100,
  proposal: { samples: 2000, top: 20, resamples: 5 }, published: [{ label: 'RegMix linear', spearman: 0.9 }], seed: 7,
};
const items = ['mixture-models', 'mixture-predicted', 'mixture-proposal', 'mixture-landscape'].map((kind) => ({ kind, mixture: 'pile' }));
const bad = (tree: unknown): string => {
  try {
    validateWeeklyConfig(tree, FIX);
  } catch (e) {
    expect(e).toBeInstanceOf(ReportError);
    return (e as Error).message;
  }
  throw new Error('expected a ReportError');
};

describe('mixtures config', () => {
  it('resolves paths, fills defaults and keeps the items', () => {
    const c = validateWeeklyConfig({ ...base, mixtures: { pile: { mixtures: 'm.csv', results: 'r.csv', target: 'loss' } }, sections: [{ title: 's', items }] }, '/data');
    expect(c.mixtures.pile).toMatchObject({ tables: { mixtures: '/data/m.csv', results: '/data/r.csv' }, target: 'loss', models: ['linear', 'loglinear', 'law', 'trees'], model: 'auto', folds: 5, resamples: 1000, proposal: { samples: 100000, top: 128, resamples: 200 }, landscape: { steps: 21 } });
    expect(c.sections[0]!.items.map((i) => i.kind)).toEqual(items.map((i) => i.kind));
  });
  it('names the key path of each error', () => {
    expect(bad({ ...base, mixtures: { p: { mixtures: 'm.csv', results: 'r.csv' } } })).toBe('mixtures.p.target: required (a loss column, or {COLUMN: weight, ...})');
    expect(bad({ ...base, mixtures: { p: { results: 'r.csv', source: 'x', target: 'l' } } })).toMatch(/^mixtures\.p: give either mixtures and results/);
    expect(bad({ ...base, mixtures: { p: { source: 'x', target: 'l', domains: ['a'], metrics: ['m'] } } })).toBe("mixtures.p.source: no source named 'x' (sources: none)");
    expect(bad({ ...base, sources: { t: { table: 't.csv' } }, mixtures: { p: { source: 't', target: 'l', domains: ['a'], metrics: ['m'] } } })).toBe("mixtures.p.source: source 't' must be runs (paths), not a table");
    expect(bad({ ...base, mixtures: { p: { ...mix, models: ['linear', 'gbm'] } } })).toBe("mixtures.p.models[1]: expected one of linear|loglinear|law|trees, got 'gbm'");
    expect(bad({ ...base, mixtures: { p: { ...mix, model: 'trees' } } })).toBe("mixtures.p.model: expected auto or one of the models (linear|loglinear), got 'trees'");
    expect(bad({ ...base, mixtures: { p: { ...mix, proposal: { samples: 10, top: 20 } } } })).toBe('mixtures.p.proposal.top: must not exceed samples (10), got 20');
    expect(bad({ ...base, mixtures: { p: { ...mix, target: { a: -1 } } } })).toBe('mixtures.p.target.a: expected a finite number >= 0, got -1');
    expect(bad({ ...base, mixtures: { p: { ...mix, landscape: { domains: ['a', 'a'] } } } })).toMatch(/^mixtures\.p\.landscape\.domains: expected two different domain names/);
    expect(bad({ ...base, mixtures: { p: { ...mix, resamples: 10 } } })).toBe('mixtures.p.resamples: expected an integer >= 100, got 10');
    expect(bad({ ...base, mixtures: { p: { ...mix, colour: 1 } } })).toMatch(/^mixtures\.p\.colour: unknown key/);
    expect(bad({ ...base, mixtures: { pile: mix }, sections: [{ title: 's', items: [{ kind: 'mixture-models', mixture: 'nope' }] }] })).toBe("sections[0].items[0].mixture: no mixture named 'nope' (mixtures: pile)");
  });
});

describe('mixture items on the RegMix fixture', () => {
  const cfg = () => validateWeeklyConfig({ ...base, mixtures: { pile: mix }, sections: [{ title: 'Mixture', items }] }, FIX);
  it('shows every item with its numbers, lists the inputs, and rebuilds to the same bytes', async () => {
    const a = await buildWeeklyReport(cfg());
    const html = a.report.toHtml();
    expect(html.match(/<figure>/g)?.length).toBe(4);
    // Held-out Spearman of linear regression: 0.9021 as sklearn's LinearRegression gives (test/golden/mixture-sklearn.json).
    expect(html).toContain('0.9021');
    expect(html).toContain('RegMix linear 0.9');
    expect(html).toMatch(/loglinear: Spearman 0\.9\d+ \[0\.8\d+, 0\.9\d+\]/); // the chosen model's held-out score in the figure's title
    expect(html).toContain('proposal − prior');
    expect(html).toContain('best observed run (observed)');
    expect(html).toContain('5.082'); // the best training run's loss (RegMix: 5.082 at 0.942 Pile-CC)
    expect(html).toContain('share of ');
    expect(html).toContain('Pile-CC loss');
    const json = a.report.toJson() as unknown as { sections: { items: { type: string; id?: string }[] }[]; provenance: { files: { path: string }[] } };
    expect(json.sections[0]!.items.filter((i) => i.type === 'figure').map((i) => i.id)).toEqual(['f1-mixture-models-pile', 'f2-mixture-predicted-pile', 'f3-mixture-proposal-pile', 'f4-mixture-landscape-pile']);
    expect(json.provenance.files.map((f) => f.path).sort()).toEqual(['test_mixture_1m.csv', 'test_pile_loss_1m.csv', 'train_mixture_1m.csv', 'train_pile_loss_1m.csv']);
    expect(a.inputs.length).toBe(4);
    const b = await buildWeeklyReport(cfg());
    expect(b.report.toHtml()).toBe(html);
  }, 120_000);
  it('a target the results do not have is a ReportError naming the key', async () => {
    const c = validateWeeklyConfig({ ...base, mixtures: { pile: { ...mix, target: 'nope' } }, sections: [{ title: 'Mixture', items: items.slice(0, 1) }] }, FIX);
    await expect(buildWeeklyReport(c)).rejects.toThrow(/^mixtures\.pile\.target: no target column "nope"/);
  });
});

describe('mixture items from loaded runs', () => {
  it('reads weights from the runs\' config columns and losses from their summary (a W&B runs-table export)', async () => {
    // The first 80 RegMix training runs written as a W&B runs table: domain weights as config columns, the Pile-CC loss as a summary column.
    const mixRows = readFileSync(`${FIX}train_mixture_1m.csv`, 'utf8').trim().split('\n').map((l) => l.split(','));
    const lossRows = readFileSync(`${FIX}train_pile_loss_1m.csv`, 'utf8').trim().split('\n').map((l) => l.split(','));
    const domains = mixRows[0]!.slice(1);
    const cc = lossRows[0]!.indexOf('metric/the_pile_pile_cc_val_loss');
    const lines = [['Name', 'State', ...domains, 'pile_cc_loss'].join(',')];
    for (let i = 1; i <= 80; i++) lines.push([`run-${mixRows[i]![0]}`, 'finished', ...mixRows[i]!.slice(1), lossRows[i]![cc]].join(','));
    lines.push(['run-no-loss', 'crashed', ...mixRows[81]!.slice(1), ''].join(','));
    const dir = mkdtempSync(join(tmpdir(), 'scalelab-mix-'));
    writeFileSync(join(dir, 'runs.csv'), lines.join('\n') + '\n');
    const c = validateWeeklyConfig({
      ...base,
      sources: { proxies: { paths: ['runs.csv'], format: 'wandb-runs', configColumns: domains } },
      mixtures: { m: { source: 'proxies', domains, metrics: ['pile_cc_loss'], target: 'pile_cc_loss', models: ['linear'], folds: 4, resamples: 100, proposal: { samples: 1000, top: 10, resamples: 0 } } },
      sections: [{ title: 'Mixture', items: [{ kind: 'mixture-models', mixture: 'm' }, { kind: 'mixture-predicted', mixture: 'm' }] }],
    }, dir);
    const r = await buildWeeklyReport(c);
    const json = r.report.toJson() as unknown as { sections: { items: { type: string; caption?: string; rows?: { name: string }[] }[] }[] };
    const items = json.sections[0]!.items;
    expect(items[0]!.caption).toContain('4-fold cross-validation');
    expect(items[0]!.caption).toContain('on 80 runs');
    // Without held-out runs the predicted-vs-actual figure shows out-of-fold predictions.
    expect(items.find((i) => i.type === 'figure' && i.caption?.includes('each predicted by the model of the 3 folds without it'))).toBeDefined();
    const html = r.report.toHtml();
    expect(html).toContain('runs, out of fold');
    // The run without a loss is named, not silently dropped.
    expect(html).toMatch(/non-finite loss for runs run-no-loss/);
  }, 60_000);
});
