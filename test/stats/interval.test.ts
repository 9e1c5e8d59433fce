/**
 * The interval label: one formatter for text, figures and JSON, and every interval a comparison holds carries one.
 */
import { describe, expect, it } from 'vitest';
import { describeInterval, formatInterval, intervalLabelJson, sharedDescription } from '../../src/stats/interval.js';
import { compareVariants } from '../../src/compare/index.js';
import { forestFigure } from '../../src/plot/forest.js';
import { comparisonSummaryOf, forestInputOf } from '../../src/report/adapt.js';
import { createReport } from '../../src/report/builder.js';
import { summarizeComparison } from '../../src/notebook/index.js';

describe('interval labels', () => {
  it('say level, method, resamples (and dropped), seed and a measured coverage; compact for figures', () => {
    expect(describeInterval({ level: 0.95, method: 'bca', resamples: 2000, seed: 1 }, 'compact')).toBe('95% BCa, 2000 resamples, seed 1');
    expect(describeInterval({ level: 0.95, method: 'bca', resamples: 2000, seed: 1, over: 'runs' })).toBe('95% BCa bootstrap over runs, 2000 resamples, seed 1');
    expect(describeInterval({ level: 0.9, method: 'welch' })).toBe('90% Welch t interval');
    expect(describeInterval({ level: 0.95, method: 'percentile', resamples: 400, seed: 7, dropped: 62 }, 'compact')).toBe('95% percentile, 400 resamples (62 dropped), seed 7');
    expect(describeInterval({ level: 0.95, method: 'bca', resamples: 1000, seed: 0, coverage: 0.74 }, 'compact')).toBe('95% BCa, 1000 resamples, seed 0, measured coverage 74%');
    const measured = { level: 0.95, method: 'bca', resamples: 200, seed: 1, coverage: 0.913, coverageDesign: 'synthetic 15-run sweeps' } as const;
    expect(describeInterval(measured)).toBe('95% BCa bootstrap, 200 resamples, seed 1, measured coverage 91.3% on synthetic 15-run sweeps');
    expect(describeInterval(measured, 'compact')).toBe('95% BCa, 200 resamples, seed 1, measured coverage 91.3%');
    expect(intervalLabelJson(measured)).toEqual({ level: 0.95, method: 'bca', resamples: 200, seed: 1, coverage: 0.913, coverage_design: 'synthetic 15-run sweeps' });
    expect(formatInterval(1.93512, 1.98812)).toBe('[1.935, 1.988]');
    expect(intervalLabelJson({ level: 0.95, method: 'paired-t' })).toEqual({ level: 0.95, method: 'paired-t' });
    expect(sharedDescription([{ level: 0.95, method: 'welch' }, { level: 0.95, method: 'welch' }])).toBe('95% Welch t interval');
  });

  const variants = [
    { name: 'base', values: [3.301, 3.309, 3.292, 3.305, 3.298] },
    { name: 'new', values: [3.296, 3.305, 3.288, 3.301, 3.293] },
  ];

  it('every interval of a comparison carries its label, at the confidence asked for (not 1 − alpha)', () => {
    const r = compareVariants(variants, { resamples: 500, seed: 3, confidence: 0.9, alpha: 0.05 });
    expect(r.variants[0]!.ciLabel).toEqual({ level: 0.9, method: 't' });
    expect(r.variants[0]!.bootstrapCiLabel).toEqual({ level: 0.9, method: 'bca', resamples: 500, seed: 3, over: 'runs' });
    expect(r.comparisons[0]!.ciLabel).toEqual({ level: 0.9, method: 'welch' });
    expect(r.comparisons[0]!.bootstrapCiLabel).toMatchObject({ method: 'bca', resamples: 500, seed: 3 });
    const mw = compareVariants(variants, { resamples: 500, seed: 3, test: 'mannwhitney' });
    expect(mw.comparisons[0]!.ciLabel).toMatchObject({ method: 'bca', resamples: 500, seed: 3 });
    const j = r.toJSON() as { confidence: number; comparisons: { ci: number[]; ci_method: object }[] };
    expect(j.confidence).toBe(0.9);
    expect(j.comparisons[0]!.ci).toHaveLength(2);
    expect(j.comparisons[0]!.ci_method).toEqual({ level: 0.9, method: 'welch' });
    // the report's table and forest say it once, with the right level
    const cs = comparisonSummaryOf(r);
    expect(cs.level).toBe(0.9);
    const html = createReport({ title: 't', date: '2026-01-01' }).comparisonTable(cs, { forest: true }).fragmentHtml();
    expect(html).toContain('intervals: 90% Welch t interval');
    expect(html).toContain('<th class="num">90% low</th>');
    expect(html).toContain('Hedges&#39; g');
    expect(html).not.toContain('effect size');
    expect(forestFigure(forestInputOf(r))).toContain('90% Welch t intervals');
    // the notebook summary
    const text = summarizeComparison(r).summary();
    expect(text).toContain('Each variant against base; intervals: 90% Welch t interval');
    expect(text).toContain('Variants: mean with its 90% t interval (t low, t high) and its 90% BCa bootstrap over runs, 500 resamples, seed 3 (BCa low, BCa high)');
  });
});
