/**
 * Seeded synthetic sweeps drawn from a known Chinchilla-style law, for tests, coverage studies and demo data.
 * A sweep is a model-size x token grid and/or IsoFLOP budgets (for each budget, every size with D = C/(6N)).
 * Each (N, D) is one run (its own `group`); the loss is L(N, D) * exp(noise * z), z standard normal.
 *
 * @example
 * const pts = synthesizeSweep({ sizes: [1e8, 3e8, 1e9], budgets: [1e19, 1e20], noise: 0.01, seed: 3 });
 */
import { createRng } from '../stats/random.js';
import type { ChinchillaParams } from './frontier.js';
import type { FitPoint } from './points.js';

/** What {@link synthesizeSweep} draws. */
export interface SweepSpec {
  /** True law (default: Epoch's fit of Chinchilla: A 482.01, B 2085.43, E 1.817, alpha 0.3478, beta 0.3658). */
  params?: ChinchillaParams;
  /** Model sizes N. */
  sizes: readonly number[];
  /** Token counts D: every size is trained on every token count. */
  tokens?: readonly number[];
  /** IsoFLOP budgets C: every size is trained on D = C/(6N) tokens. */
  budgets?: readonly number[];
  /** Standard deviation of the multiplicative log-noise (default 0.01). */
  noise?: number;
  seed?: number;
  /** Keep only runs with at least this many tokens per parameter (default 0). */
  minTokensPerParam?: number;
}

/** Epoch AI's published Chinchilla replication (Besiroglu et al. 2024). */
export const EPOCH_PARAMS: ChinchillaParams = { A: 482.01, B: 2085.43, E: 1.817, alpha: 0.3478, beta: 0.3658 };

/**
 * Draw a sweep. Same spec and seed, same points.
 *
 * @example
 * synthesizeSweep({ sizes: [1e8, 1e9], tokens: [1e9, 1e10], seed: 1 }).length; // 4
 */
export function synthesizeSweep(spec: SweepSpec): FitPoint[] {
  const p = spec.params ?? EPOCH_PARAMS;
  const noise = spec.noise ?? 0.01;
  const rng = createRng(spec.seed ?? 0);
  const runs: [number, number][] = [];
  for (const N of spec.sizes) for (const D of spec.tokens ?? []) runs.push([N, D]);
  for (const C of spec.budgets ?? []) for (const N of spec.sizes) runs.push([N, C / (6 * N)]);
  const out: FitPoint[] = [];
  runs.forEach(([N, D]) => {
    if (D / N < (spec.minTokensPerParam ?? 0)) return;
    const L = p.E + p.A / N ** p.alpha + p.B / D ** p.beta;
    out.push({ N, D, C: 6 * N * D, loss: L * Math.exp(noise * rng.normal()), group: `run-${out.length}` });
  });
  return out;
}

/** Log-spaced values from lo to hi inclusive. @example logspace(1e8, 1e10, 3); // [1e8, 1e9, 1e10] */
export function logspace(lo: number, hi: number, count: number): number[] {
  if (count === 1) return [lo];
  return Array.from({ length: count }, (_, i) => Math.exp(Math.log(lo) + ((Math.log(hi) - Math.log(lo)) * i) / (count - 1)));
}

/** What {@link synthesizeCurves} draws. */
export interface CurveSpec {
  /** True law (default {@link EPOCH_PARAMS}). */
  params?: ChinchillaParams;
  /** Model sizes N: one training curve each. */
  sizes: readonly number[];
  /** Tokens per parameter at the first and last point of every curve (default [1, 1000]). */
  tokensPerParam?: readonly [number, number];
  /** Points per curve, log-spaced in tokens (default 40). */
  points?: number;
  /** SD of a per-run log offset (default 0) and of per-point log noise (default 0.002). */
  runNoise?: number;
  noise?: number;
  seed?: number;
}

/**
 * Seeded training curves drawn from a known law: each size's loss along training is the law at the tokens seen
 * so far (a constant-learning-rate proxy), times exp(run offset + point noise). FLOPs C = 6ND.
 *
 * @example
 * const curves = synthesizeCurves({ sizes: logspace(1e7, 1e10, 40), seed: 1 });
 * envelopeFit(curves, { range: [1e18, 1e21] });
 */
export function synthesizeCurves(spec: CurveSpec): { run: string; N: number; C: Float64Array; D: Float64Array; loss: Float64Array }[] {
  const p = spec.params ?? EPOCH_PARAMS;
  const [r0, r1] = spec.tokensPerParam ?? [1, 1000];
  const k = spec.points ?? 40;
  const rng = createRng(spec.seed ?? 0);
  return spec.sizes.map((N, i) => {
    const D = Float64Array.from(logspace(r0 * N, r1 * N, k));
    const offset = (spec.runNoise ?? 0) * rng.normal();
    const loss = Float64Array.from(D, (d) => (p.E + p.A / N ** p.alpha + p.B / d ** p.beta) * Math.exp(offset + (spec.noise ?? 0.002) * rng.normal()));
    return { run: `curve-${i}`, N, C: Float64Array.from(D, (d) => 6 * N * d), D, loss };
  });
}
