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
