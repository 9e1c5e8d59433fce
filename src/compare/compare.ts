/**
 * Ablation comparison: per-variant summaries, each variant against the baseline (difference with interval, test,
 * adjusted p, Hedges g, probability of improvement, decision), one-sample threshold tests, and power figures.
 * Direction-aware: with direction 'lower' a negative difference is an improvement.
 *
 * @example
 * const r = compareVariants([
 *   { name: 'baseline', values: [3.281, 3.2795, 3.2822, 3.2808] },
 *   { name: 'dropattn', values: [3.2786, 3.2798, 3.2762, 3.2781] },
 * ], { threshold: 3.28, metric: 'val_loss' });
 * r.comparisons[0].decision; // 'better' | 'worse' | 'inconclusive'
 * JSON.stringify(r);         // the snake_case shape of `scalelab compare --json`
 */
import { startProgress } from '../progress.js';
import {
  adjustPValues, bootstrap, createRng, hedgesG, intervalCoverage, iqm, mannWhitney, mean, minDetectableDiff, oneSampleTest,
  pairedTest, sd, seedsNeeded, statMean, statMeanDiff, studentTest, variance, welchTest, intervalLabelJson,
  type Alternative, type IntervalCoverage, type IntervalLabel, type TTestResult,
} from '../stats/index.js';
import { CompareError } from '../errors.js';
import type {
  ComparedAt, CompareOptions, CompareTest, Comparison, OneSampleResult, PowerSummary, VariantInput, VariantSummary,
} from './types.js';

/** The result of {@link compareVariants}; `toJSON()` gives the snake_case shape of `scalelab compare --json`. */
export class CompareResult {
  constructor(
    readonly metric: string | undefined,
    readonly direction: 'lower' | 'higher',
    readonly alpha: number,
    readonly correction: string,
    readonly variants: VariantSummary[],
    readonly comparisons: Comparison[],
    readonly oneSample: OneSampleResult[],
    readonly power: PowerSummary,
    readonly warnings: string[],
    /** Level of every interval (the `confidence` option). */
    readonly confidence: number = 0.95,
    /** Where in training the values were read, when the inputs said (`VariantInput.steps`); null otherwise. */
    readonly comparedAt: ComparedAt | null = null,
  ) {}

  /** The CLI's JSON object (snake_case keys). */
  toJSON(): Record<string, unknown> {
    return {
      metric: this.metric ?? null,
      direction: this.direction,
      alpha: this.alpha,
      correction: this.correction,
      confidence: this.confidence,
      compared_at: this.comparedAt
        ? { step: this.comparedAt.step, furthest: this.comparedAt.furthest, stopped_early: this.comparedAt.stoppedEarly }
        : null,
      variants: this.variants.map((v) => ({
        name: v.name, n: v.n, mean: v.mean, sd: v.sd, ci: v.ci, ci_method: intervalLabelJson(v.ciLabel), ci_coverage: coverageJson(v.ciCoverage),
        bootstrap_ci: v.bootstrapCoverage?.withheld ? null : v.bootstrapCi, bootstrap_ci_method: intervalLabelJson(v.bootstrapCiLabel), bootstrap_coverage: coverageJson(v.bootstrapCoverage),
        iqm: v.iqm, runs: v.runs, diverged: v.diverged,
      })),
      comparisons: this.comparisons.map((c) => ({
        variant: c.variant, baseline: c.baseline, diff: c.diff, ci: c.ciCoverage?.withheld ? null : c.ci, ci_method: intervalLabelJson(c.ciLabel), ci_coverage: coverageJson(c.ciCoverage),
        bootstrap_ci: c.bootstrapCoverage?.withheld ? null : c.bootstrapCi, bootstrap_ci_method: intervalLabelJson(c.bootstrapCiLabel), bootstrap_coverage: coverageJson(c.bootstrapCoverage), p: c.p, p_adjusted: c.pAdjusted,
        test: c.test, effect_size: c.effectSize, prob_improvement: c.probImprovement, decision: c.decision,
        too_few_seeds: c.tooFewSeeds, reason: c.reason ?? null, seeds_needed: c.seedsNeeded, min_detectable_diff: c.minDetectableDiff,
        ...(c.pairs !== undefined ? { pairs: c.pairs } : {}),
      })),
      one_sample: this.oneSample.map((o) => ({
        variant: o.variant, threshold: o.threshold, alternative: o.alternative, mean: o.mean, t: o.t, df: o.df, p: o.p,
        min_detectable_diff: o.minDetectableDiff, seeds_needed: Number.isFinite(o.seedsNeeded) ? o.seedsNeeded : null, reason: o.reason ?? null,
      })),
      power: {
        pooled_sd: this.power.pooledSd, n: this.power.n, alpha: this.power.alpha, target_power: this.power.targetPower,
        min_detectable_diff: this.power.minDetectableDiff,
        seeds_needed: this.power.seedsNeeded.map((s) => ({ variant: s.variant, diff: s.diff, seeds: s.seeds })),
      },
      warnings: this.warnings,
    };
  }
}

/** An interval's measured coverage in the CLI's snake_case JSON (null when none was measured at its n). */
function coverageJson(c: IntervalCoverage | undefined): Record<string, unknown> | null {
  if (!c) return null;
  return {
    interval: c.interval, nominal: c.nominal, n: c.n, measured: c.measured, wilson: c.wilson, skewed: c.skewed, heavy: c.heavy,
    holds_from: c.holdsFrom, withheld: c.withheld ?? null, source: c.source,
  };
}

interface Clean {
  name: string;
  steps: number[];
  reached: number[];
  values: number[];
  seeds: (string | number | undefined)[];
  runs: string[];
  diverged: string[];
}

function clean(v: VariantInput, warnings: string[]): Clean {
  const runs = v.runs ? [...v.runs] : v.values.map((_, i) => `${v.name}#${i + 1}`);
  const out: Clean = { name: v.name, steps: [], reached: [], values: [], seeds: [], runs: [], diverged: [] };
  v.values.forEach((x, i) => {
    if (Number.isFinite(x)) {
      out.values.push(x); out.seeds.push(v.seeds?.[i]); out.runs.push(runs[i]!);
      out.steps.push(v.steps?.[i] ?? NaN); out.reached.push(v.reached?.[i] ?? v.steps?.[i] ?? NaN);
    }
    else out.diverged.push(`${runs[i]} (${x})`);
  });
  if (out.diverged.length) warnings.push(`variant '${v.name}': ${out.diverged.length} diverged run(s) with a non-finite final value, excluded from the statistics: ${out.diverged.join(', ')}`);
  if (out.values.length === 1) warnings.push(`variant '${v.name}' has one usable run (${out.runs[0]}): no spread, so no interval or test`);
  if (out.values.length === 0) warnings.push(`variant '${v.name}' has no usable runs`);
  if (out.values.length >= 2 && variance(out.values) === 0) warnings.push(`variant '${v.name}' has zero variance (all ${out.values.length} runs = ${out.values[0]}): runs ${out.runs.join(', ')}`);
  return out;
}

/** Match runs of two variants by seed; null when some run has no seed. */
function matchBySeed(a: Clean, b: Clean): { x: number[]; y: number[]; unmatchedA: string[]; unmatchedB: string[] } | null {
  if (a.seeds.some((s) => s === undefined) || b.seeds.some((s) => s === undefined)) return null;
  const key = (s: string | number | undefined) => String(s);
  const bi = new Map<string, number>();
  b.seeds.forEach((s, i) => bi.set(key(s), i));
  const x: number[] = [], y: number[] = [], unmatchedA: string[] = [], used = new Set<number>();
  a.seeds.forEach((s, i) => {
    const j = bi.get(key(s));
    if (j === undefined || used.has(j)) unmatchedA.push(`${a.runs[i]} (seed ${key(s)})`);
    else { used.add(j); x.push(a.values[i]!); y.push(b.values[j]!); }
  });
  const unmatchedB = b.seeds.flatMap((s, j) => (used.has(j) ? [] : [`${b.runs[j]} (seed ${key(s)})`]));
  return { x, y, unmatchedA, unmatchedB };
}

function pooledSd(groups: Clean[]): number {
  let ss = 0, df = 0;
  for (const g of groups) if (g.values.length >= 2) { ss += variance(g.values) * (g.values.length - 1); df += g.values.length - 1; }
  return df > 0 ? Math.sqrt(ss / df) : NaN;
}

/**
 * Compare every variant with the baseline.
 *
 * @example
 * compareVariants([{ name: 'base', values: [1, 1.2, 0.9] }, { name: 'new', values: [0.7, 0.8, 0.75] }], { seed: 1 })
 *   .comparisons[0].decision; // 'better' (lower is better by default)
 */
export function compareVariants(input: readonly VariantInput[], o: CompareOptions = {}): CompareResult {
  const warnings: string[] = [];
  if (input.length === 0) throw new CompareError('no variants to compare');
  const names = new Set<string>();
  for (const v of input) {
    if (names.has(v.name)) throw new CompareError(`variant '${v.name}' given twice`);
    names.add(v.name);
  }
  const direction = o.direction ?? 'lower';
  const alpha = o.alpha ?? 0.05;
  const confidence = o.confidence ?? 0.95;
  const resamples = o.resamples ?? 10_000;
  const targetPower = o.power ?? 0.8;
  const correction = o.correction ?? 'holm';
  const seed = o.seed ?? 0;
  const rng = createRng(seed);
  const groups = input.map((v) => clean(v, warnings));
  const comparedAt = whereCompared(groups, warnings);
  const tLabel: IntervalLabel = { level: confidence, method: 't' };
  const bootLabel = (over: string): IntervalLabel => ({ level: confidence, method: 'bca', resamples, seed, over });
  const baseName = o.baseline ?? groups[0]!.name;
  const base = groups.find((g) => g.name === baseName);
  if (!base) throw new CompareError(`baseline '${baseName}' is not among the variants: ${groups.map((g) => g.name).join(', ')}`);

  // One unit of progress per bootstrapped variant and per comparison (the bootstraps are the slow part).
  const progress = startProgress(`comparison bootstraps (${resamples} resamples each)`, 2 * groups.length - 1, o.progress);
  // Per-variant summaries. Each bootstrap gets its own forked stream so adding a variant does not shift the others.
  const variants: VariantSummary[] = groups.map((g, gi) => {
    progress.tick();
    const n = g.values.length;
    let ci: [number, number] = [NaN, NaN], bci: [number, number] = [NaN, NaN];
    // Zero variance: no interval (a zero-width "95% interval" would claim certainty the runs cannot give).
    // The BCa interval is withheld below the n at which it was measured to hold its level (stats/coverage.ts).
    const ciCoverage = intervalCoverage('t-mean', n, confidence), bootstrapCoverage = intervalCoverage('bca-mean', n, confidence);
    if (n >= 2 && variance(g.values) > 0) {
      ci = oneSampleTest(g.values, 0, { confidence }).ci;
      const b = bootstrap([g.values], statMean, { resamples, confidence, rng: rng.fork(gi) }).ci;
      if (!bootstrapCoverage?.withheld) bci = b;
    }
    return {
      name: g.name, n, mean: mean(g.values), sd: sd(g.values), ci, ciLabel: withCoverage(tLabel, ciCoverage), bootstrapCi: bci,
      bootstrapCiLabel: withCoverage(bootLabel('runs'), bootstrapCoverage), iqm: n ? iqm(g.values) : NaN, runs: g.runs, diverged: g.diverged,
      ...(ciCoverage ? { ciCoverage } : {}), ...(bootstrapCoverage ? { bootstrapCoverage } : {}),
    };
  });

  // Which test.
  const others = groups.filter((g) => g !== base);
  let test: Exclude<CompareTest, 'auto'>;
  if (!o.test) test = 'welch';
  else if (o.test === 'auto') {
    const allShare = others.length > 0 && others.every((g) => {
      const m = matchBySeed(g, base);
      return m !== null && m.unmatchedA.length === 0 && m.unmatchedB.length === 0 && m.x.length >= 2;
    });
    test = allShare ? 'paired' : 'welch';
  } else test = o.test;

  const sdAll = pooledSd(groups);
  const raw: (Omit<Comparison, 'pAdjusted' | 'decision' | 'tooFewSeeds' | 'reason'> & { zeroVariance?: boolean; uncalibrated?: IntervalCoverage })[] = others.map((g, k) => {
    const forkKey = 1000 + k;
    progress.tick();
    const pairedDesign = test === 'paired' || test === 'paired-bootstrap';
    const bLabel = bootLabel(pairedDesign ? 'seed pairs' : 'runs of each variant');
    const ciLabel: IntervalLabel = test === 'welch' ? { level: confidence, method: 'welch' } : test === 'student' ? { level: confidence, method: 'student' }
      : test === 'paired' ? { level: confidence, method: 'paired-t' } : bLabel;
    const nan = { variant: g.name, baseline: base.name, diff: mean(g.values) - mean(base.values), ci: [NaN, NaN] as [number, number], ciLabel, bootstrapCi: [NaN, NaN] as [number, number], bootstrapCiLabel: bLabel, p: NaN, test, effectSize: NaN, probImprovement: NaN, seedsNeeded: NaN, minDetectableDiff: NaN };
    if (g.values.length < 2 || base.values.length < 2) return nan;
    let x = g.values, y = base.values, pairs: number | undefined;
    if (test === 'paired' || test === 'paired-bootstrap') {
      const m = matchBySeed(g, base);
      if (!m) {
        const missing = [...g.runs.filter((_, i) => g.seeds[i] === undefined), ...base.runs.filter((_, i) => base.seeds[i] === undefined)];
        throw new CompareError(`a paired test needs a seed on every run; without one: ${missing.join(', ')}`);
      }
      if (m.unmatchedA.length || m.unmatchedB.length) {
        throw new CompareError(`paired test of '${g.name}' vs '${base.name}': seeds do not match; unmatched runs: ${[...m.unmatchedA, ...m.unmatchedB].join(', ')}`);
      }
      x = m.x; y = m.y; pairs = m.x.length;
    }
    const paired = pairs !== undefined;
    const sub = rng.fork(forkKey);
    // The rule for runs that do not vary: with no spread in what the test uses (both variants' runs for unpaired
    // tests, the paired differences for paired ones) there is no standard error, so no t or bootstrap test, no
    // interval and no standardized effect: all NaN, decision inconclusive with reason 'zero_variance', whichever
    // test was asked for (the rank test alone still runs: its p needs no spread).
    const varies = paired ? variance(x.map((v, i) => v - y[i]!)) > 0 : variance(x) > 0 || variance(y) > 0;
    if (!varies && test !== 'mannwhitney') {
      const d = paired ? mean(x.map((v, i) => v - y[i]!)) : mean(x) - mean(y);
      return { ...nan, diff: d, zeroVariance: true, ...(pairs !== undefined ? { pairs } : {}) };
    }
    const boot = varies
      ? bootstrap([x, y], statMeanDiff, { resamples, confidence, rng: sub, paired })
      : { estimate: mean(x) - mean(y), ci: [NaN, NaN] as [number, number] };
    let t: TTestResult | undefined;
    let p: number, ci: [number, number];
    let uncalibrated: IntervalCoverage | undefined;
    if (test === 'welch') t = welchTest(x, y, { confidence });
    else if (test === 'student') t = studentTest(x, y, { confidence });
    else if (test === 'paired') t = pairedTest(x, y, { confidence });
    if (t) { p = t.p; ci = t.ci; }
    else if (test === 'paired-bootstrap') {
      // p-value by inverting the percentile interval: twice the smaller bootstrap tail beyond zero
      // (the smallest alpha whose two-sided percentile interval excludes 0), with the +1 of a Monte Carlo p.
      const b2 = bootstrap([x, y], statMeanDiff, { resamples, confidence, rng: rng.fork(forkKey + 500), paired: true, keepDistribution: true, method: 'percentile' });
      const d = b2.distribution!;
      let le = 0, ge = 0;
      for (let i = 0; i < d.length; i++) { if (d[i]! <= 0) le++; if (d[i]! >= 0) ge++; }
      p = Math.min(1, (2 * (Math.min(le, ge) + 1)) / (d.length + 1));
      // This p inverts the paired percentile interval: below the n where that interval holds its level, the test
      // rejects true nulls far more often than alpha (25% at 3 seeds): no p then (stats/coverage.ts).
      const cal = intervalCoverage('percentile-paired-diff', x.length);
      if (cal?.withheld) { p = NaN; uncalibrated = cal; }
      ci = boot.ci;
    } else {
      p = mannWhitney(x, y).p;
      ci = boot.ci;
    }
    // Bootstrap intervals below the n where they were measured to hold their level are withheld (stats/coverage.ts).
    const nMin = Math.min(x.length, y.length);
    const bootstrapCoverage = intervalCoverage(paired ? 'bca-paired-diff' : 'bca-diff', nMin, confidence);
    const ciCoverage = t ? intervalCoverage(test === 'welch' ? 'welch-diff' : test === 'student' ? 'student-diff' : 'paired-diff', nMin, confidence) : bootstrapCoverage;
    const bootCi: [number, number] = bootstrapCoverage?.withheld ? [NaN, NaN] : boot.ci;
    if (!t && ciCoverage?.withheld) ci = [NaN, NaN];
    const mw = mannWhitney(g.values, base.values);
    const probImprovement = direction === 'lower' ? 1 - mw.probSuperiority : mw.probSuperiority;
    const diff = paired ? mean(x.map((v, i) => v - y[i]!)) : mean(x) - mean(y);
    const n = Math.min(x.length, y.length);
    const sdPair = paired ? sd(x.map((v, i) => v - y[i]!)) : sdAll;
    const design = paired ? 'one-sample' as const : 'two-sample' as const;
    return {
      variant: g.name, baseline: base.name, diff, ci, ciLabel: withCoverage(ciLabel, ciCoverage), bootstrapCi: bootCi,
      bootstrapCiLabel: withCoverage(bLabel, bootstrapCoverage), p, test, effectSize: varies ? hedgesG(g.values, base.values) : NaN, probImprovement,
      ...(ciCoverage ? { ciCoverage } : {}), ...(bootstrapCoverage ? { bootstrapCoverage } : {}),
      zeroVariance: !varies,
      ...(uncalibrated ? { uncalibrated } : {}),
      seedsNeeded: seedsNeeded({ diff, sd: sdPair, alpha, power: targetPower, design }),
      minDetectableDiff: minDetectableDiff({ sd: sdPair, n, alpha, power: targetPower, design }),
      ...(pairs !== undefined ? { pairs } : {}),
    };
  });

  progress.done();
  const adjusted = adjustPValues(raw.map((r) => r.p), correction);
  const comparisons: Comparison[] = raw.map(({ zeroVariance, uncalibrated, ...r }, i) => {
    const pAdjusted = adjusted[i]!;
    const improves = direction === 'lower' ? r.diff < 0 : r.diff > 0;
    const n = Math.min(variants.find((v) => v.name === r.variant)!.n, variants.find((v) => v.name === base.name)!.n);
    if (r.ciCoverage?.withheld) warnings.push(`'${r.variant}' vs '${r.baseline}' (${r.test}): no interval: ${r.ciCoverage.withheld}`);
    if (pAdjusted < alpha) return { ...r, pAdjusted, decision: improves ? 'better' : 'worse', tooFewSeeds: false };
    let reason: Comparison['reason'];
    if (Number.isNaN(r.p)) reason = zeroVariance ? 'zero_variance' : uncalibrated ? 'test_uncalibrated' : 'insufficient_data';
    else if (o.minEffect !== undefined && r.ci[0] > -o.minEffect && r.ci[1] < o.minEffect) reason = 'negligible';
    else if (Number.isFinite(r.seedsNeeded) && r.seedsNeeded > n) reason = 'too_few_seeds';
    else if (!Number.isFinite(r.seedsNeeded)) reason = 'no_difference';
    else reason = 'too_few_seeds'; // power says n suffices on average, but this draw missed: more seeds still settle it
    if (uncalibrated) {
      const pct = (v: number) => `${(100 * v).toFixed(0)}%`;
      warnings.push(`'${r.variant}' vs '${r.baseline}' (paired-bootstrap): no p-value: with ${r.pairs} pairs this test rejects a true null ${pct(1 - uncalibrated.measured)} of the time at alpha 0.05 (measured at n = ${uncalibrated.n}, bench/coverage.ts)` +
        `${uncalibrated.holdsFrom === null ? '' : `; it holds its level from n = ${uncalibrated.holdsFrom}`}; the paired t-test (--test paired) holds it at any n under normality`);
    }
    if (reason === 'zero_variance') {
      warnings.push(`'${r.variant}' vs '${r.baseline}': ${r.pairs !== undefined ? 'every paired difference is' : 'every run of both is'} the same (difference ${r.diff}), so there is no spread to test against: no p-value, interval or effect size (inconclusive: zero_variance); the difference is exact for these seeds only`);
    }
    return { ...r, pAdjusted, decision: 'inconclusive', tooFewSeeds: reason === 'too_few_seeds', reason };
  });

  // One-sample threshold tests.
  const oneSample: OneSampleResult[] = [];
  if (o.threshold !== undefined) {
    const alternative: Alternative = o.alternative ?? (direction === 'lower' ? 'less' : 'greater');
    for (const g of groups) {
      if (g.values.length < 2 || variance(g.values) === 0) {
        const reason = g.values.length < 2 ? 'insufficient_data' as const : 'zero_variance' as const;
        oneSample.push({ variant: g.name, threshold: o.threshold, alternative, mean: mean(g.values), t: NaN, df: g.values.length - 1, p: NaN, minDetectableDiff: NaN, seedsNeeded: NaN, reason });
        continue;
      }
      const r = oneSampleTest(g.values, o.threshold, { alternative, confidence });
      // Power of this one-sample test from the variant's own spread: one-sample design, the tested direction.
      const design = { sd: sd(g.values), alpha, power: targetPower, alternative, design: 'one-sample' as const };
      const d = r.estimate - o.threshold;
      const towards = alternative === 'two-sided' || (alternative === 'less' ? d < 0 : d > 0);
      oneSample.push({
        variant: g.name, threshold: o.threshold, alternative, mean: r.estimate, t: r.t, df: r.df, p: r.p,
        minDetectableDiff: minDetectableDiff({ ...design, n: g.values.length }),
        seedsNeeded: towards ? seedsNeeded({ ...design, diff: d }) : Infinity,
      });
    }
  }

  if (test === 'welch' && others.length > 0 && o.test === 'auto') {
    const shared = others.some((g) => { const m = matchBySeed(g, base); return m !== null && m.x.length >= 2; });
    if (shared) warnings.push('some variants share seeds with the baseline but not all do: using Welch for all; pass --test paired to pair the matching ones');
  }

  const nBase = base.values.length;
  const power: PowerSummary = {
    pooledSd: sdAll, n: nBase, alpha, targetPower,
    minDetectableDiff: nBase >= 2 ? minDetectableDiff({ sd: sdAll, n: nBase, alpha, power: targetPower }) : NaN,
    seedsNeeded: comparisons.map((c) => ({ variant: c.variant, diff: c.diff, seeds: c.seedsNeeded })),
  };
  return new CompareResult(o.metric, direction, alpha, correction, variants, comparisons, oneSample, power, warnings, confidence, comparedAt);
}

/** A step for messages: 1,750. */
const stepText = (s: number): string => (Number.isFinite(s) ? s.toLocaleString('en-US') : 'an unknown step');

/**
 * Where the values were read, from the inputs' steps: null when no input says. Warns (naming runs and steps) when
 * the values come from different points of training, and when some runs stopped before others.
 */
function whereCompared(groups: readonly Clean[], warnings: string[]): ComparedAt | null {
  const rows = groups.flatMap((g) => g.values.map((_, i) => ({ run: g.runs[i]!, step: g.steps[i]!, reached: g.reached[i]! })));
  if (rows.length === 0 || rows.every((r) => Number.isNaN(r.step))) return null;
  const known = rows.filter((r) => Number.isFinite(r.step));
  const furthest = Math.max(...rows.map((r) => (Number.isFinite(r.reached) ? r.reached : r.step)).filter(Number.isFinite));
  const steps = [...new Set(known.map((r) => r.step))].sort((a, b) => a - b);
  const unknown = rows.filter((r) => !Number.isFinite(r.step));
  if (unknown.length > 0) warnings.push(`the step of ${unknown.length} value(s) is unknown (a summary value, not a curve): ${unknown.map((r) => r.run).join(', ')}; they may come from another point of training`);
  if (steps.length > 1) {
    const byStep = steps.map((s) => `step ${stepText(s)}: ${known.filter((r) => r.step === s).map((r) => r.run).join(', ')}`);
    warnings.push(`values from different points of training are compared: ${byStep.join('; ')}. Compare at a common step (variantsFromRunSet's at: 'common', --at common) or at a step you choose`);
    const stoppedEarly = known.filter((r) => r.reached < furthest).map((r) => ({ run: r.run, reached: r.reached }));
    return { step: null, stoppedEarly, furthest };
  }
  const step = steps[0]!;
  const stoppedEarly = rows.filter((r) => Number.isFinite(r.reached) && r.reached < furthest).map((r) => ({ run: r.run, reached: r.reached }));
  if (stoppedEarly.length > 0 && furthest > step) {
    warnings.push(`compared at step ${stepText(step)}, the last step every run reached: ${stoppedEarly.map((r) => `${r.run} stopped at ${stepText(r.reached)}`).join(', ')}, while others reached up to ${stepText(furthest)} (their later values are not used)`);
  }
  return { step, stoppedEarly, furthest };
}

/**
 * A label with the measured coverage of its kind of interval at this n (stats/coverage.ts), when it is known: the
 * table measures 95% intervals, so an interval at another level gets none (a 90% interval is not "94.9%").
 */
function withCoverage(label: IntervalLabel, c: IntervalCoverage | undefined): IntervalLabel {
  return c && Math.abs(label.level - c.nominal) < 1e-9 ? { ...label, coverage: c.measured } : label;
}
