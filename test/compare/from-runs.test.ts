import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { load } from '../../src/load/index.js';
import { compareCurves, compareVariants, curveVariantsFromRunSet, variantsFromRunSet } from '../../src/compare/index.js';
import { InputError } from '../../src/errors.js';

describe('comparisons from the run model (demo ablation, known effects in data/TRUTH.json)', async () => {
  const rs = await load('data/ablation', { rule: '{variant}/seed{seed}.log' });
  const truth = JSON.parse(readFileSync('data/TRUTH.json', 'utf8')).ablation as { variants: { name: string; effect: number }[]; seed_sd: number };

  it('groups final values by variant with seeds, and recovers the effects within their intervals', () => {
    const { variants, missing } = variantsFromRunSet(rs, 'val/loss');
    expect(missing).toEqual([]);
    expect(variants.map((v) => [v.name, v.values.length]).sort()).toEqual([['baseline', 5], ['no-warmup', 5], ['qk-norm', 5], ['swiglu', 5]]);
    const res = compareVariants(variants, { baseline: 'baseline', seed: 7, resamples: 2000 });
    for (const c of res.comparisons) {
      const effect = truth.variants.find((v) => v.name === c.variant)!.effect;
      // Eval noise (0.002) is small next to seed noise; each CI should contain the true effect (a 95% claim:
      // with 3 variants this could fail by chance for some seed; the data seed is fixed, so it is checked once).
      expect(c.ci[0]).toBeLessThan(effect);
      expect(c.ci[1]).toBeGreaterThan(effect);
    }
    expect(res.comparisons.find((c) => c.variant === 'swiglu')!.decision).toBe('better');
    expect(res.comparisons.find((c) => c.variant === 'no-warmup')!.decision).toBe('worse');
  });

  it('gives curves per variant on the step axis and reports runs without the chosen axis', () => {
    const byStep = curveVariantsFromRunSet(rs, 'val/loss');
    expect(byStep.variants).toHaveLength(4);
    expect(byStep.variants[0]!.runs[0]!.x).toEqual([0, 250, 500, 750, 1000, 1250, 1500, 1750, 2000]);
    const cmp = compareCurves(byStep.variants, { baseline: 'baseline', grid: [1000, 1500, 2000] });
    expect(cmp.comparisons.length).toBe(3);
    const byTokens = curveVariantsFromRunSet(rs, 'val/loss', { axis: 'tokens' });
    expect(byTokens.variants).toEqual([]);
    expect(byTokens.missing).toHaveLength(20);
    expect(byTokens.missing[0]!.reason).toBe('no tokens values');
    // A metric no run has is a typed error listing the metrics found, never an empty list.
    expect(() => curveVariantsFromRunSet(rs, 'val/los')).toThrow(/no run has the metric 'val\/los' \(20 run\(s\); metrics found: val\/loss, train\/loss, lr, grad_norm\)\. Did you mean val\/loss\?/);
    expect(() => variantsFromRunSet(rs, 'nope')).toThrow(InputError);
  });
});
