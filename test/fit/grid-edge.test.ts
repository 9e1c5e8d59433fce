import { describe, expect, it } from 'vitest';
import { chinchillaLaw, fitLaw, logspace, synthesizeSweep } from '../../src/fit/index.js';

describe('grid-edge warning (issue 10, defect 7)', () => {
  it('is not raised when no start reached the polished optimum (the check was vacuously true on an empty set)', async () => {
    // Noiseless: the polished objective is ~0, so no start is "within 1e-6 relative" of it.
    const pts = synthesizeSweep({ sizes: logspace(5e7, 5e9, 7), budgets: [1e19, 4e19, 1.6e20, 6.4e20, 2.56e21], seed: 1, noise: 0 });
    const f = await fitLaw(pts, chinchillaLaw(), { threads: 1 });
    expect(f.startsAtBest).toBe(0);
    expect(f.warnings.filter((w) => /widen the grid/.test(w))).toEqual([]);
  });

  it('is still raised when every start that reached the best sits on an edge of its axis', async () => {
    const pts = synthesizeSweep({ sizes: logspace(5e7, 5e9, 7), budgets: [1e19, 4e19, 1.6e20, 6.4e20, 2.56e21], seed: 3, noise: 0.01 });
    // alpha's axis [0.05, 0.1] lies below the truth (0.35): every start has alpha on an end of it.
    const f = await fitLaw(pts, chinchillaLaw(), { threads: 1, grid: [[3, 8], [3, 8], [0, 1], [0.05, 0.1], [0.2, 0.6]] });
    expect(f.startsAtBest).toBeGreaterThan(0);
    expect(f.warnings.some((w) => /alpha on the edge of its grid \[0\.05, 0\.1\]: widen the grid/.test(w))).toBe(true);
  });
});
