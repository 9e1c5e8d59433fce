import { describe, expect, it } from 'vitest';
import { mixturePredictedFigure, mixtureProposalFigure } from '../../src/plot/index.js';
import { InputError } from '../../src/errors.js';

describe('mixture figures', () => {
  it('predicted vs actual: one dot per run with its id in the tooltip, equal axes, same bytes twice', () => {
    const actual = [5.1, 5.3, 5.6, 5.2], predicted = [5.12, 5.28, 5.5, 5.25];
    const svg = mixturePredictedFigure({ actual, predicted, ids: ['r1', 'r2', 'r3', 'r4'], target: 'Pile-CC loss' }, { id: 'pred' });
    expect((svg.match(/<circle/g) ?? []).length).toBeGreaterThanOrEqual(4);
    expect(svg).toContain('r3: actual 5.6, predicted 5.5');
    expect(svg).toContain('predicted Pile-CC loss');
    expect(mixturePredictedFigure({ actual, predicted, ids: ['r1', 'r2', 'r3', 'r4'], target: 'Pile-CC loss' }, { id: 'pred' })).toBe(svg);
    expect(() => mixturePredictedFigure({ actual, predicted: [1] })).toThrow(InputError);
  });
  it('proposal vs prior: a bar per domain for each, an interval per proposed weight', () => {
    const svg = mixtureProposalFigure({ domains: ['web', 'code', 'math'], weights: [0.8, 0.15, 0.05], weightsCi: [[0.7, 0.9], [0.1, 0.2], [0.01, 0.08]], prior: [0.5, 0.3, 0.2] }, { id: 'prop' });
    expect(svg).toContain('web: 0.8 [0.7, 0.9]');
    expect((svg.match(/<rect/g) ?? []).length).toBeGreaterThanOrEqual(6);
    expect(svg).toContain('bootstrap interval');
  });
});

describe('mixture landscape', () => {
  it('ranks domains by influence and predicts on the triangle of two shares (exact for a linear model)', async () => {
    const { fitMixtureModel, domainInfluence, mixtureLandscape, withShare } = await import('../../src/mixture/index.js');
    const { mixtureLandscapeFigure } = await import('../../src/plot/index.js');
    // loss = 3 - 2 w0 + 0.5 w1 (+ 0 w2), fitted exactly by the linear model.
    const X = [[0.2, 0.3, 0.5], [0.6, 0.1, 0.3], [0.1, 0.8, 0.1], [0.3, 0.3, 0.4], [0.5, 0.5, 0]].map((r) => Float64Array.from(r));
    const y = Float64Array.from(X, (w) => 3 - 2 * w[0]! + 0.5 * w[1]!);
    const m = fitMixtureModel('linear', X, y);
    const prior = [0.2, 0.2, 0.6];
    expect([...withShare(prior, 0, 0.6)].map((v) => +v.toFixed(12))).toEqual([0.6, 0.1, 0.3]);
    expect(domainInfluence(m, prior)[0]!.domain).toBe(0);
    const L = mixtureLandscape(m, prior, 0, 1, 5);
    expect(L.points.length).toBe(15);
    for (const p of L.points) expect(p.predicted).toBeCloseTo(3 - 2 * p.a + 0.5 * p.b, 10);
    const svg = mixtureLandscapeFigure({ names: ['web', 'code'], points: L.points }, { id: 'land' });
    expect(svg).toContain('share of web');
    expect(() => mixtureLandscape(m, prior, 1, 1)).toThrow(/two different domains/);
  });
});
