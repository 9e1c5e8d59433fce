/**
 * Rank stability across scales (DataDecide-style): with the same variants run at a small and a large scale,
 * the fraction of variant pairs whose order at the small scale holds at the large scale (a tie on either side
 * counts one half), with a percentile bootstrap interval from resampling runs within each variant and scale.
 *
 * @example
 * rankStability(
 *   [{ name: 'a', values: [3.9, 3.91] }, { name: 'b', values: [3.8, 3.82] }, { name: 'c', values: [4.0, 4.1] }],
 *   [{ name: 'a', values: [3.1, 3.12] }, { name: 'b', values: [3.0, 3.01] }, { name: 'c', values: [3.2, 3.25] }],
 * ).fraction; // 1
 */
import { createRng, mean, quantileSorted, type Rng } from '../stats/index.js';
import { CompareError } from '../errors.js';
import type { VariantInput } from './types.js';

/** Options of {@link rankStability}. */
export interface RankStabilityOptions {
  resamples?: number;
  confidence?: number;
  seed?: number;
}

/** Result of {@link rankStability}. */
export interface RankStabilityResult {
  fraction: number;
  ci: [number, number];
  pairs: number;
  variants: string[];
}

function agreement(small: number[], large: number[]): number {
  let s = 0, pairs = 0;
  for (let i = 0; i < small.length; i++) for (let j = i + 1; j < small.length; j++) {
    const a = Math.sign(small[i]! - small[j]!), b = Math.sign(large[i]! - large[j]!);
    s += a === 0 || b === 0 ? 0.5 : a === b ? 1 : 0;
    pairs++;
  }
  return s / pairs;
}

function resampledMean(v: readonly number[], rng: Rng): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[rng.int(v.length)]!;
  return s / v.length;
}

/**
 * Fraction of pairwise orderings preserved from the small to the large scale, with a bootstrap interval.
 *
 * @example
 * rankStability(small, large, { resamples: 2000, seed: 1 }).ci;
 */
export function rankStability(small: readonly VariantInput[], large: readonly VariantInput[], o: RankStabilityOptions = {}): RankStabilityResult {
  const names = small.map((v) => v.name).filter((n) => large.some((l) => l.name === n));
  if (names.length < 2) throw new CompareError('rankStability needs at least two variants present at both scales');
  const pick = (vs: readonly VariantInput[]) => names.map((n) => {
    const v = vs.find((x) => x.name === n)!;
    const bad = v.values.map((x, i) => (Number.isFinite(x) ? null : v.runs?.[i] ?? `${n}#${i + 1}`)).filter((x) => x !== null);
    if (bad.length) throw new CompareError(`rankStability: variant '${n}' has diverged runs (non-finite values): ${bad.join(', ')}`);
    if (v.values.length === 0) throw new CompareError(`rankStability: variant '${n}' has no runs`);
    return v.values;
  });
  const s = pick(small), l = pick(large);
  const fraction = agreement(s.map((v) => mean(v)), l.map((v) => mean(v)));
  const B = o.resamples ?? 10_000, confidence = o.confidence ?? 0.95;
  const rng = createRng(o.seed ?? 0);
  const dist = new Float64Array(B);
  for (let b = 0; b < B; b++) dist[b] = agreement(s.map((v) => resampledMean(v, rng)), l.map((v) => resampledMean(v, rng)));
  dist.sort();
  const a = (1 - confidence) / 2;
  return { fraction, ci: [quantileSorted(dist, a), quantileSorted(dist, 1 - a)], pairs: (names.length * (names.length - 1)) / 2, variants: names };
}
