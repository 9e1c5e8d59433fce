import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import {
  mixtureLandscapeFigure, mixtureModelsFigure, mixturePredictedFigure, mixturePredictedOptions, mixtureProposalFigure, shortMixtureNames,
} from '../../src/plot/index.js';

const SNAP = fileURLToPath(new URL('./__snapshots__/', import.meta.url));
const UPDATE = process.env.SCALELAB_UPDATE_SNAPSHOTS === '1';
const label = { level: 0.95, method: 'percentile', resamples: 200, seed: 1, over: 'runs' } as const;

// Small fixed inputs (the fixture's figures are drawn by the report and notebook tests).
const actual = [5.1, 5.3, 5.6, 5.2, 5.9], predicted = [5.12, 5.28, 5.5, 5.25, 5.95];
const FIGS: Record<string, () => string> = {
  'mixture-predicted': () => mixturePredictedFigure({ actual, predicted, ids: ['r1', 'r2', 'r3', 'r4', 'r5'], target: 'Pile-CC loss', model: 'trees', score: { spearman: 0.9, kendall: 0.8, spearmanCi: [0.6, 1], kendallCi: [0.4, 1], ciLabel: label } }, { id: 'mixture-predicted' }),
  'mixture-predicted-ci': () => mixturePredictedFigure({ actual, predicted, lo: predicted.map((p) => p - 0.05), hi: predicted.map((p) => p + 0.04) }, { id: 'mixture-predicted-ci' }),
  'mixture-proposal': () => mixtureProposalFigure({ domains: ['web', 'code', 'math'], weights: [0.8, 0.15, 0.05], weightsCi: [[0.7, 0.9], [0.1, 0.2], [NaN, NaN]], prior: [0.5, 0.3, 0.2], best: { weights: [0.9, 0.1, 0], label: 'best observed run' }, interval: label, title: 'predicted 3.10 vs prior 3.20' }, { id: 'mixture-proposal' }),
  'mixture-landscape': () => {
    const points = [];
    for (let s = 0; s <= 4; s++) for (let t = 0; s + t <= 4; t++) points.push({ a: s / 4, b: t / 4, predicted: 3 - s / 4 + (t / 4) ** 2 });
    return mixtureLandscapeFigure({ names: ['web', 'code'], points, runs: [{ a: 0.2, b: 0.3 }], marks: [{ a: 0.5, b: 0.2, label: 'prior' }], trained: [0.9, 0.6], title: 'linear, loss' }, { id: 'mixture-landscape' });
  },
  'mixture-models': () => mixtureModelsFigure({ rows: [{ model: 'linear', cv: { value: 0.88, lo: 0.86, hi: 0.9 }, heldOut: { value: 0.9, lo: 0.87, hi: 0.92 } }, { model: 'trees', chosen: true, cv: { value: 0.98, lo: 0.976, hi: 0.985 }, heldOut: { value: 0.99, lo: 0.985, hi: 0.992 } }], folds: 5, interval: label, references: [{ value: 0.9892, label: 'RegMix 0.9892' }] }, { id: 'mixture-models' }),
};

describe('mixture figure snapshots', () => {
  for (const [name, f] of Object.entries(FIGS)) {
    it(`${name}: same bytes twice and equal to the committed snapshot`, () => {
      const svg = f();
      expect(f()).toBe(svg);
      if (UPDATE) { mkdirSync(SNAP, { recursive: true }); writeFileSync(`${SNAP}${name}.svg`, svg); }
      expect(existsSync(`${SNAP}${name}.svg`), `missing snapshot ${name}.svg (run with SCALELAB_UPDATE_SNAPSHOTS=1)`).toBe(true);
      expect(svg).toBe(readFileSync(`${SNAP}${name}.svg`, 'utf8'));
      expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" id="mixture-/);
      expect(svg).toContain('font-size="14"');
    });
  }
});

describe('mixture figures say what matters', () => {
  it('predicted vs actual: Spearman in the title, the identity line, the interval label, equal axes', () => {
    const svg = FIGS['mixture-predicted']!();
    expect(svg).toContain('trees: Spearman 0.9 [0.6, 1]');
    expect(svg).toContain('Kendall 0.8 [0.4, 1] · 5 held-out runs');
    expect(svg).toContain('95% percentile bootstrap over runs, 200 resamples, seed 1');
    expect(svg).toContain('predicted = actual');
    expect(svg).toContain('r3: actual 5.6, predicted 5.5');
    const o = mixturePredictedOptions({ actual, predicted }) as { x: { domain: number[] }; y: { domain: number[] }; title: string };
    expect(o.x.domain).toEqual(o.y.domain);
    // Without a score the figure computes Spearman itself (ranks of predicted: 1 3 4 2 5 vs actual 1 3 4 2 5).
    expect(o.title).toBe('Spearman 1');
  });
  it('predicted vs actual: an interval per run when given; bad input is an InputError', () => {
    const svg = FIGS['mixture-predicted-ci']!();
    expect(svg).toContain('prediction interval');
    expect(svg).toContain('[5.07, 5.16]');
    expect(() => mixturePredictedFigure({ actual, predicted: [1] })).toThrow(InputError);
    expect(() => mixturePredictedFigure({ actual: [1, NaN], predicted: [1, 2] })).toThrow(/non-finite/);
    expect(() => mixturePredictedFigure({ actual, predicted, lo: predicted.map((p) => p + 1), hi: predicted })).toThrow(/does not contain/);
  });
  it('proposal: prior and proposed bars, intervals, the best run, numbers printed, no interval where NaN', () => {
    const svg = FIGS['mixture-proposal']!();
    expect(svg).toContain('0.800 [0.700, 0.900]');
    expect(svg).toContain('>0.050<');
    expect(svg).toContain('best observed run');
    expect(svg).toContain('95% percentile, 200 resamples, seed 1');
    expect(svg).toContain('web: best observed run 0.900');
    expect(() => mixtureProposalFigure({ domains: ['a', 'b'], weights: [1], weightsCi: [[0, 1]], prior: [1] })).toThrow(InputError);
    expect(() => mixtureProposalFigure({ domains: ['a', 'a'], weights: [0.5, 0.5], weightsCi: [[0, 1], [0, 1]], prior: [0.5, 0.5] })).toThrow(/duplicate/);
  });
  it('landscape: one cell per grid point, a colour ramp, the trained box and the marks', () => {
    const svg = FIGS['mixture-landscape']!();
    expect((svg.match(/<rect/g) ?? []).length).toBeGreaterThanOrEqual(15);
    expect(svg).toContain('share of web');
    expect(svg).toContain('predicted loss');
    expect(svg).toContain('trained range');
    expect(svg).toContain('>prior<');
    expect(() => mixtureLandscapeFigure({ names: ['a', 'b'], points: [{ a: 0.8, b: 0.8, predicted: 1 }, { a: 0, b: 0, predicted: 1 }] })).toThrow(/sum/);
  });
  it('models: CV and held-out scores with intervals, the chosen model, the published reference', () => {
    const svg = FIGS['mixture-models']!();
    expect(svg).toContain('trees (chosen)');
    expect(svg).toContain('0.98 [0.976, 0.985]');
    expect(svg).toContain('RegMix 0.9892');
    expect(svg).toContain('5-fold cross-validation');
    expect(() => mixtureModelsFigure({ rows: [] })).toThrow(InputError);
    expect(() => mixtureModelsFigure({ rows: [{ model: 'a', cv: { value: 0.5, lo: 0.6, hi: 0.7 } }] })).toThrow(/does not contain/);
  });
  it('short names drop the shared prefix and suffix at separators, never to empty or duplicate names', () => {
    expect(shortMixtureNames(['train_the_pile_arxiv', 'train_the_pile_pile_cc', 'train_the_pile_philpapers'])).toEqual(['arxiv', 'pile_cc', 'philpapers']);
    expect(shortMixtureNames(['metric/the_pile_arxiv_val_loss', 'metric/the_pile_github_val_loss'])).toEqual(['arxiv', 'github']);
    expect(shortMixtureNames(['x_a', 'x_a_b'])).toEqual(['a', 'a_b']);
    expect(shortMixtureNames(['only_one'])).toEqual(['only_one']);
    expect(shortMixtureNames(['a_b', 'a_b'])).toEqual(['a_b', 'a_b']);
  });
});
