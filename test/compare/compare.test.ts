/**
 * compareVariants: numbers equal the scipy-checked primitives (golden data sets), decisions are direction-aware,
 * bad input warns or throws naming the runs, and the same seed gives identical output.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { compareVariants, compareCurves, aggregateScores, rankStability, interpolate } from '../../src/compare/index.js';
import { CompareError } from '../../src/errors.js';
import { welchTest } from '../../src/stats/index.js';

const G = JSON.parse(readFileSync(new URL('../golden/compare-scipy.json', import.meta.url), 'utf8'));
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('compareVariants', () => {
  const { x, y } = G.datasets.medium as { x: number[]; y: number[] };
  const welch = G.tests.find((t: { data: string; test: string; alternative: string }) => t.data === 'medium' && t.test === 'welch' && t.alternative === 'two-sided');
  const student = G.tests.find((t: { data: string; test: string; alternative: string }) => t.data === 'medium' && t.test === 'student' && t.alternative === 'two-sided');
  const mw = G.tests.find((t: { data: string; test: string; alternative: string }) => t.data === 'medium' && t.test === 'mannwhitney' && t.alternative === 'two-sided');

  it('Welch by default without seeds: diff, interval and p are scipy\'s; Hedges g matches', () => {
    const r = compareVariants([{ name: 'base', values: y }, { name: 'v', values: x }], { seed: 1, resamples: 2000 });
    const c = r.comparisons[0]!;
    expect(c.test).toBe('welch');
    // golden is x - y with x = variant, y = baseline
    expect(rel(c.p, welch.p)).toBeLessThan(1e-9);
    expect(rel(c.ci[0], welch.ci[0])).toBeLessThan(1e-6);
    expect(rel(c.ci[1], welch.ci[1])).toBeLessThan(1e-6);
    expect(rel(c.effectSize, G.hedges_g.medium)).toBeLessThan(1e-12);
    expect(c.pAdjusted).toBe(c.p); // one comparison: Holm leaves it alone
  });
  it('student and mannwhitney tests give scipy\'s p', () => {
    const s = compareVariants([{ name: 'base', values: y }, { name: 'v', values: x }], { test: 'student', resamples: 1000 });
    expect(rel(s.comparisons[0]!.p, student.p)).toBeLessThan(1e-9);
    const m = compareVariants([{ name: 'base', values: y }, { name: 'v', values: x }], { test: 'mannwhitney', resamples: 1000 });
    expect(rel(m.comparisons[0]!.p, mw.p)).toBeLessThan(1e-9);
  });
  it('decisions are direction-aware and Holm-adjusted across variants', () => {
    const base = [3.30, 3.31, 3.29, 3.305, 3.295];
    const better = base.map((v) => v - 0.05), worse = base.map((v) => v + 0.05), same = [3.301, 3.309, 3.291, 3.304, 3.297];
    const r = compareVariants([{ name: 'b', values: base }, { name: 'better', values: better }, { name: 'worse', values: worse }, { name: 'same', values: same }], { resamples: 1000 });
    const d = Object.fromEntries(r.comparisons.map((c) => [c.variant, c.decision]));
    expect(d).toEqual({ better: 'better', worse: 'worse', same: 'inconclusive' });
    const h = compareVariants([{ name: 'b', values: base }, { name: 'better', values: better }, { name: 'worse', values: worse }, { name: 'same', values: same }], { resamples: 1000, direction: 'higher' });
    expect(Object.fromEntries(h.comparisons.map((c) => [c.variant, c.decision]))).toEqual({ better: 'worse', worse: 'better', same: 'inconclusive' });
    // Holm: the smallest p times 3, monotone
    const raw = r.comparisons.map((c) => c.p), adj = r.comparisons.map((c) => c.pAdjusted);
    const order = raw.map((_, i) => i).sort((a, b) => raw[a]! - raw[b]!);
    expect(adj[order[0]!]).toBeCloseTo(Math.min(1, 3 * raw[order[0]!]!), 15);
    const bh = compareVariants([{ name: 'b', values: base }, { name: 'better', values: better }, { name: 'worse', values: worse }, { name: 'same', values: same }], { resamples: 1000, correction: 'bh' });
    expect(bh.comparisons.every((c, i) => c.pAdjusted <= adj[i]! + 1e-15)).toBe(true);
  });
  it('an inconclusive result says when it is only too few seeds, and how many would do', () => {
    const r = compareVariants([{ name: 'b', values: [1.0, 1.2, 0.9, 1.1] }, { name: 'v', values: [0.95, 1.1, 0.88, 1.0] }], { resamples: 1000 });
    const c = r.comparisons[0]!;
    expect(c.decision).toBe('inconclusive');
    expect(c.tooFewSeeds).toBe(true);
    expect(c.reason).toBe('too_few_seeds');
    expect(c.seedsNeeded).toBeGreaterThan(4);
    expect(Number.isFinite(c.seedsNeeded)).toBe(true);
    const neg = compareVariants([{ name: 'b', values: [1.0, 1.2, 0.9, 1.1] }, { name: 'v', values: [0.95, 1.1, 0.88, 1.0] }], { resamples: 1000, minEffect: 10 });
    expect(neg.comparisons[0]!.reason).toBe('negligible');
    expect(neg.comparisons[0]!.tooFewSeeds).toBe(false);
  });
  it('Welch by default even when seeds match: pairing is the caller\'s statement that a seed fixes shared randomness', () => {
    const b = [3.3, 3.31, 3.29, 3.305], v = [3.299, 3.3085, 3.2895, 3.3038];
    const r = compareVariants([{ name: 'b', values: b, seeds: [1, 2, 3, 4] }, { name: 'v', values: v, seeds: [1, 2, 3, 4] }], { resamples: 500 });
    expect(r.comparisons[0]!.test).toBe('welch');
    expect(r.comparisons[0]!.ciLabel).toMatchObject({ level: 0.95, method: 'welch' });
    expect(r.comparisons[0]!.pairs).toBeUndefined();
  });
  it('paired by seed with test \'auto\' when every variant shares the baseline\'s seeds (order does not matter)', () => {
    const b = [3.3, 3.31, 3.29, 3.305], v = [3.299, 3.3085, 3.2895, 3.3038];
    const r = compareVariants([
      { name: 'b', values: b, seeds: [1, 2, 3, 4] },
      { name: 'v', values: [...v].reverse(), seeds: [4, 3, 2, 1] },
    ], { resamples: 1000, test: 'auto' });
    const c = r.comparisons[0]!;
    expect(c.test).toBe('paired');
    expect(c.pairs).toBe(4);
    const d = v.map((x, i) => x - b[i]!);
    const md = d.reduce((s, x) => s + x, 0) / 4;
    expect(c.diff).toBeCloseTo(md, 14);
    // paired t by hand: t = mean / (sd / sqrt(n)), df 3
    const sdd = Math.sqrt(d.reduce((s, x) => s + (x - md) ** 2, 0) / 3);
    expect(c.decision).toBe('better');
    expect(Math.abs(md / (sdd / 2))).toBeGreaterThan(3.18); // beyond t_{0.975,3}
  });
  it('unmatched seeds for a paired test: CompareError naming the runs', () => {
    const call = () => compareVariants([
      { name: 'b', values: [1, 2, 3], seeds: [1, 2, 3], runs: ['b-s1', 'b-s2', 'b-s3'] },
      { name: 'v', values: [1, 2, 3], seeds: [1, 2, 9], runs: ['v-s1', 'v-s2', 'v-s9'] },
    ], { test: 'paired' });
    expect(call).toThrow(CompareError);
    expect(call).toThrow(/v-s9 \(seed 9\).*b-s3 \(seed 3\)/);
  });
  it('a diverged run is reported by name, excluded from the numbers, never silently dropped', () => {
    const r = compareVariants([{ name: 'b', values: [1, 1.1, 0.9] }, { name: 'v', values: [0.8, NaN, 0.85, Infinity], runs: ['v0', 'v1', 'v2', 'v3'] }], { resamples: 500 });
    const v = r.variants[1]!;
    expect(v.n).toBe(2);
    expect(v.diverged).toEqual(['v1 (NaN)', 'v3 (Infinity)']);
    expect(r.warnings.join('\n')).toMatch(/diverged.*v1 \(NaN\), v3 \(Infinity\)/);
    expect(JSON.parse(JSON.stringify(r)).variants[1].diverged).toEqual(['v1 (NaN)', 'v3 (Infinity)']);
  });
  it('a one-run variant and a zero-variance variant warn with the run names', () => {
    const r = compareVariants([{ name: 'b', values: [1, 1.1, 0.9] }, { name: 'solo', values: [0.8], runs: ['only-run'] }, { name: 'flat', values: [2, 2, 2], runs: ['f1', 'f2', 'f3'] }], { resamples: 500 });
    expect(r.warnings.join('\n')).toMatch(/'solo' has one usable run \(only-run\)/);
    expect(r.warnings.join('\n')).toMatch(/'flat' has zero variance.*f1, f2, f3/);
    const solo = r.comparisons.find((c) => c.variant === 'solo')!;
    expect(solo.decision).toBe('inconclusive');
    expect(solo.reason).toBe('insufficient_data');
    expect(Number.isNaN(solo.p)).toBe(true);
  });
  it('unknown baseline and duplicate names are typed errors', () => {
    expect(() => compareVariants([{ name: 'a', values: [1, 2] }], { baseline: 'zz' })).toThrow(CompareError);
    expect(() => compareVariants([{ name: 'a', values: [1, 2] }, { name: 'a', values: [1, 2] }])).toThrow(/given twice/);
  });
  it('same inputs and seed give identical JSON; another seed changes only bootstrap numbers', () => {
    const input = [{ name: 'b', values: y }, { name: 'v', values: x }];
    const a = JSON.stringify(compareVariants(input, { seed: 5, resamples: 2000 }));
    expect(JSON.stringify(compareVariants(input, { seed: 5, resamples: 2000 }))).toBe(a);
    const c = compareVariants(input, { seed: 6, resamples: 2000 });
    // At 12-15 runs the bootstrap intervals are withheld (stats/coverage.ts): the seed changes nothing shown.
    // With 45-60 runs the BCa intervals are shown and move with the seed; the t-test's p does not.
    // (the seed itself is part of every bootstrap interval's label)
    expect(JSON.stringify(c).replaceAll('"seed":6', '"seed":5')).toBe(a);
    const big = [{ name: 'b', values: [...y, ...y, ...y, ...y].map((v, i) => v + 1e-4 * i) }, { name: 'v', values: [...x, ...x, ...x, ...x, ...x].map((v, i) => v - 1e-4 * i) }];
    const a50 = compareVariants(big, { seed: 5, resamples: 2000 }), c50 = compareVariants(big, { seed: 6, resamples: 2000 });
    expect(JSON.stringify(c50)).not.toBe(JSON.stringify(a50));
    expect(c50.variants[1]!.bootstrapCi).not.toEqual(a50.variants[1]!.bootstrapCi);
    expect(c50.comparisons[0]!.p).toBe(a50.comparisons[0]!.p);
  });
  it('toJSON has the CLI shape with snake_case keys', () => {
    const j = compareVariants([{ name: 'b', values: y }, { name: 'v', values: x }], { threshold: 10, resamples: 500 }).toJSON() as Record<string, unknown>;
    expect(Object.keys(j)).toEqual(expect.arrayContaining(['metric', 'variants', 'comparisons', 'one_sample', 'power', 'warnings']));
    const c = (j.comparisons as Record<string, unknown>[])[0]!;
    for (const k of ['variant', 'baseline', 'diff', 'ci', 'p', 'p_adjusted', 'test', 'effect_size', 'decision', 'too_few_seeds']) expect(c).toHaveProperty(k);
    const v = (j.variants as Record<string, unknown>[])[0]!;
    for (const k of ['name', 'n', 'mean', 'sd', 'ci']) expect(v).toHaveProperty(k);
    const o = (j.one_sample as Record<string, unknown>[])[0]!;
    for (const k of ['variant', 'threshold', 'alternative', 't', 'p']) expect(o).toHaveProperty(k);
  });
});

describe('one-sample threshold test power (the speedrun rule)', () => {
  // Goldens from scipy 1.10.1: brentq on stats.nct.sf(t.ppf(0.95, n-1), n-1, d / (sd / sqrt(n))) = 0.8, and the
  // smallest m with that power at the observed distance (one-sided 'less', alpha 0.05).
  const values = [3.2786, 3.2798, 3.2762, 3.2781, 3.2777, 3.2790];
  it('minimum detectable distance from the threshold and runs needed, from the variant\'s own spread', () => {
    const o = compareVariants([{ name: 'v', values }], { threshold: 3.28 }).oneSample[0]!;
    expect(o.alternative).toBe('less');
    expect(o.minDetectableDiff).toBeCloseTo(0.0014632226552830072, 12);
    expect(o.seedsNeeded).toBe(5);
    expect(compareVariants([{ name: 'v', values }], { threshold: 3.279 }).oneSample[0]!.seedsNeeded).toBe(18);
  });
  it('a mean on the wrong side of the threshold can never be shown below it', () => {
    const o = compareVariants([{ name: 'v', values }], { threshold: 3.277 }).oneSample[0]!;
    expect(o.seedsNeeded).toBe(Infinity);
    expect(o.p).toBeGreaterThan(0.5);
    expect((compareVariants([{ name: 'v', values }], { threshold: 3.277 }).toJSON().one_sample as { seeds_needed: unknown }[])[0]!.seeds_needed).toBeNull();
  });
});

describe('compareCurves', () => {
  it('interpolates inside a run only', () => {
    expect(interpolate([0, 10], [1, 3], 5)).toBe(2);
    expect(Number.isNaN(interpolate([0, 10], [1, 3], 11))).toBe(true);
  });
  it('finds the first grid point from which the advantage stays significant', () => {
    // variant equals the baseline until x = 5, then pulls away by 0.5 with noise sd ~0.05
    const noise = [0.03, -0.04, 0.05, -0.02, 0.01, -0.03];
    const xs = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const run = (shift: (x: number) => number, k: number) => ({ x: xs, y: xs.map((x) => 5 - 0.1 * x + shift(x) + noise[(k + x) % 6]!) });
    const base = { name: 'base', runs: [0, 1, 2, 3, 4].map((k) => run(() => 0, k)) };
    const v = { name: 'v', runs: [0, 1, 2, 3, 4].map((k) => run((x) => (x >= 5 ? -0.5 : 0), k + 3)) };
    const r = compareCurves([base, v], { grid: xs });
    expect(r.comparisons[0]!.significantFrom).toBe(5);
    expect(r.comparisons[0]!.worseFrom).toBeNull();
    // The per-point interval is the Welch interval of variant - baseline at that point (scipy-checked in stats).
    const at7 = (runs: { y: number[] }[]) => runs.map((q) => q.y[7]!);
    const w = welchTest(at7(v.runs), at7(base.runs));
    expect([r.comparisons[0]!.lo[7], r.comparisons[0]!.hi[7]]).toEqual(w.ci);
    expect(r.comparisons[0]!.lo.every((lo, i) => lo <= r.comparisons[0]!.diff[i]! && r.comparisons[0]!.hi[i]! >= r.comparisons[0]!.diff[i]!)).toBe(true);
    // Seen from the other side, the baseline is significantly worse from the same point, and never better.
    const flipped = compareCurves([v, base], { grid: xs });
    expect(flipped.comparisons[0]!.worseFrom).toBe(5);
    expect(flipped.comparisons[0]!.significantFrom).toBeNull();
    // With higher-is-better, the same curves swap meaning.
    expect(compareCurves([base, v], { grid: xs, direction: 'higher' }).comparisons[0]!.worseFrom).toBe(5);
    expect(r.bands[0]!.n.every((n) => n === 5)).toBe(true);
    expect(r.bands[1]!.lo.every((lo, i) => lo < r.bands[1]!.mean[i]! && r.bands[1]!.hi[i]! > r.bands[1]!.mean[i]!)).toBe(true);
  });
  it('rejects non-increasing x with the run named', () => {
    expect(() => compareCurves([{ name: 'a', runs: [{ id: 'r1', x: [0, 2, 1], y: [1, 2, 3] }] }])).toThrow(/r1/);
  });
});

describe('aggregateScores (stratified bootstrap)', () => {
  it('IQM estimate equals scipy trim_mean of all scores; interval within MC tolerance of scipy', () => {
    const r = aggregateScores([{ name: 'v', scores: G.strata }], { statistic: 'iqm', seed: 3 })[0]!;
    const g = G.bootstrap.find((b: { data: string; statistic: string; method: string }) => b.data === 'strata' && b.statistic === 'pooled-iqm' && b.method === 'percentile');
    expect(Math.abs(r.ci[0] - g.lo_mean)).toBeLessThan(5 * g.lo_sd);
    expect(Math.abs(r.ci[1] - g.hi_mean)).toBeLessThan(5 * g.hi_sd);
    expect(r.tasks).toBe(6);
    expect(r.runs).toBe(30);
  });
  it('a diverged score is a typed error naming the variant and task', () => {
    expect(() => aggregateScores([{ name: 'v', scores: [[1, 2], [NaN, 1]] }])).toThrow(/'v', task 1/);
  });
});

describe('rankStability', () => {
  const mk = (means: number[]) => means.map((m, i) => ({ name: `v${i}`, values: [m - 0.01, m, m + 0.01] }));
  it('is 1 when all orderings hold, 0 when all flip, 2/3 when one of three pairs flips', () => {
    expect(rankStability(mk([1, 2, 3]), mk([10, 20, 30]), { resamples: 200 }).fraction).toBe(1);
    expect(rankStability(mk([1, 2, 3]), mk([30, 20, 10]), { resamples: 200 }).fraction).toBe(0);
    expect(rankStability(mk([1, 2, 3]), mk([10, 30, 20]), { resamples: 200 }).fraction).toBeCloseTo(2 / 3, 15);
  });
  it('the interval widens when variants overlap', () => {
    const noisy = (means: number[]) => means.map((m, i) => ({ name: `v${i}`, values: [m - 1, m, m + 1, m + 0.5] }));
    const r = rankStability(noisy([1, 1.2, 1.4]), noisy([1, 1.2, 1.4]), { resamples: 2000, seed: 2 });
    expect(r.ci[0]).toBeLessThan(r.fraction);
    expect(r.ci[0]).toBeLessThan(0.5);
  });
});
