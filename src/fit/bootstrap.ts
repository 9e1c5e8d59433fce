/**
 * Bootstrap uncertainty of a fit: resample RUNS (groups) with replacement, refit each resample from the best fit
 * to tight convergence (analytic gradients), and report standard errors, percentile and BCa intervals for every
 * parameter and derived quantity (frontier exponents, N_opt(C), D_opt(C), tokens per parameter at C, predicted
 * loss at new (N, D) with confidence and prediction intervals).
 *
 * Deterministic: resample i's draws come from `createRng(seed).fork(i)`, generated up front, so the result is the
 * same whatever the thread count.
 *
 * @example
 * const fit = await fitLaw(points, chinchillaLaw());
 * const bs = await bootstrapFit(fit, { resamples: 1000, seed: 1, targetC: [5.88e23] });
 * bs.se.alpha; bs.percentile.alpha; bs.bca?.a;
 */
import { InputError } from '../errors.js';
import { createRng } from '../stats/random.js';
import { normalCdf, normalQuantile } from '../stats/fit-normal.js';
import type { FitProblem, FitResult } from './fit.js';
import type { StartsResult } from './kernel.js';
import { fitMeasuredCoverage, type FitMeasuredCoverage } from './fit-coverage.js';
import { startProgress, type Progress, type ProgressOption } from '../progress.js';
import { POLISH_TOLERANCES, solveStarts, uncenter } from './fit.js';
import { chinchillaFrontier, type ChinchillaParams } from './frontier.js';
import { REL_SE_LIMIT } from './identify.js';
import { defaultThreads } from './pool.js';

/** Options of {@link bootstrapFit}. */
export interface BootstrapOptions {
  /** Number of resamples (default 1000). */
  resamples?: number;
  /** Seed of the resampling (default 0). */
  seed?: number;
  /** Worker threads (default: all cores). Results do not depend on it. */
  threads?: number;
  /** Where progress of the refits shows (default 'auto': a display in a tslab notebook; see src/progress.ts). */
  progress?: ProgressOption;
  /** Interval level (default 0.95). */
  level?: number;
  /** Compute budgets at which to report N_opt, D_opt and tokens per parameter (Chinchilla law). */
  targetC?: readonly number[];
  /** New inputs at which to predict the loss. */
  predictAt?: readonly Partial<Record<'N' | 'D' | 'C', number>>[];
  /** BCa intervals via a leave-one-run-out jackknife (default true). */
  bca?: boolean;
}

/** A predicted loss with its bootstrap confidence interval (of the curve) and prediction interval (of a new run). */
export interface Prediction {
  at: Partial<Record<'N' | 'D' | 'C', number>>;
  L: number;
  ci: [number, number];
  pi: [number, number];
}

/** Result of {@link bootstrapFit}. */
export interface BootstrapResult {
  resamples: number;
  seed: number;
  level: number;
  /** Full-data value of every quantity. */
  estimates: Record<string, number>;
  /** Bootstrap draws of every quantity (resample order). */
  draws: Record<string, Float64Array>;
  se: Record<string, number>;
  percentile: Record<string, [number, number]>;
  bca: Record<string, [number, number]> | null;
  /** Refits that did not converge (kept in the draws and counted here). */
  notConverged: number;
  predictions: Prediction[];
  warnings: string[];
  /** Runs (groups) resampled. */
  runs: number;
  /** Measured coverage of the percentile and BCa intervals from bench/fit-coverage-table.ts, or null where that
   * configuration was not measured (another law, level, residual or loss, or fewer runs than the smallest design).
   * See {@link fitMeasuredCoverage}. */
  measuredCoverage: { percentile: FitMeasuredCoverage | null; bca: FitMeasuredCoverage | null };
}

/** Key of a per-budget quantity, e.g. `N_opt@5.88e+23`. */
export const atC = (name: string, C: number): string => `${name}@${C.toExponential()}`;

/**
 * Every quantity the bootstrap reports for parameters `theta` of `fit`'s law.
 *
 * @example
 * quantities(fit, fit.theta, [1e24]); // { A, B, E, alpha, beta, a, b, G, 'N_opt@1e+24', ... }
 */
export function quantities(fit: Pick<FitResult, 'problem'>, theta: ArrayLike<number>, targetC: readonly number[] = []): Record<string, number> {
  const law = fit.problem.law;
  const q: Record<string, number> = { ...law.natural(theta) };
  if (law.name === 'chinchilla') {
    const fr = chinchillaFrontier(q as unknown as ChinchillaParams);
    q.a = fr.a; q.b = fr.b; q.G = fr.G;
    for (const C of targetC) {
      q[atC('N_opt', C)] = fr.nOpt(C);
      q[atC('D_opt', C)] = fr.dOpt(C);
      q[atC('tokens_per_param', C)] = fr.tokensPerParam(C);
    }
  }
  return q;
}

function quantile(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * Math.min(1, Math.max(0, p));
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * Percentile and BCa intervals from draws (BCa needs the full-data estimate and jackknife values).
 *
 * @example
 * bootstrapIntervals(draws, est, jack, 0.95);
 */
export function bootstrapIntervals(draws: Float64Array, estimate: number, jackknife: Float64Array | null, level: number): { se: number; percentile: [number, number]; bca: [number, number] | null } {
  const finite = draws.filter(Number.isFinite);
  const sorted = Float64Array.from(finite).sort();
  const m = finite.reduce((s, v) => s + v, 0) / finite.length;
  const se = Math.sqrt(finite.reduce((s, v) => s + (v - m) ** 2, 0) / (finite.length - 1));
  const alpha = (1 - level) / 2;
  const percentile: [number, number] = [quantile(sorted, alpha), quantile(sorted, 1 - alpha)];
  let bca: [number, number] | null = null;
  if (jackknife && jackknife.length > 2 && jackknife.every(Number.isFinite)) {
    let below = 0;
    for (const v of finite) below += v < estimate ? 1 : v === estimate ? 0.5 : 0;
    const z0 = normalQuantile(below / finite.length);
    const jm = jackknife.reduce((s, v) => s + v, 0) / jackknife.length;
    let num = 0, den = 0;
    for (const v of jackknife) { const d = jm - v; num += d ** 3; den += d ** 2; }
    const acc = den > 0 ? num / (6 * den ** 1.5) : 0;
    const adj = (z: number): number => normalCdf(z0 + (z0 + z) / (1 - acc * (z0 + z)));
    if (Number.isFinite(z0)) bca = [quantile(sorted, adj(normalQuantile(alpha))), quantile(sorted, adj(normalQuantile(1 - alpha)))];
  }
  return { se, percentile, bca };
}

/**
 * Resample weights: one row of per-point multiplicities per resample, resampling groups (runs).
 *
 * @example
 * const w = resampleWeights(fit.problem.data.group, 12, 1000, 7);
 */
export function resampleWeights(group: Int32Array, nGroups: number, resamples: number, seed: number): Float64Array {
  const n = group.length;
  const members: number[][] = Array.from({ length: nGroups }, () => []);
  group.forEach((g, i) => members[g]!.push(i));
  const w = new Float64Array(resamples * n);
  const rng = createRng(seed);
  for (let b = 0; b < resamples; b++) {
    const r = rng.fork(b);
    const row = w.subarray(b * n, (b + 1) * n);
    for (let k = 0; k < nGroups; k++) for (const i of members[r.int(nGroups)]!) row[i] = row[i]! + 1;
  }
  return w;
}

/**
 * solveStarts, in batches when progress is shown (each start's result depends only on that start, so the
 * result is the same bytes either way); a batch keeps every thread busy (at least 64 starts a thread).
 *
 * @example
 * const res = await solveInBatches(prob, starts, W, 2, startProgress('refits', K, 'stderr'));
 */
export async function solveInBatches(prob: FitProblem, starts: Float64Array, weights: Float64Array, threads: number, progress: Progress): Promise<StartsResult> {
  const p = prob.law.params.length;
  const n = prob.y.length;
  const K = starts.length / p;
  const batch = Math.max(Math.ceil(K / 25), threads * 64);
  if (!progress.active || batch >= K) {
    const r = await solveStarts(prob, starts, weights, POLISH_TOLERANCES, threads);
    progress.done();
    return r;
  }
  const out: StartsResult = { x: new Float64Array(K * p), f: new Float64Array(K), converged: new Uint8Array(K), iterations: new Uint32Array(K) };
  for (let a = 0; a < K; a += batch) {
    const b = Math.min(K, a + batch);
    const r = await solveStarts(prob, starts.subarray(a * p, b * p), weights.subarray(a * n, b * n), POLISH_TOLERANCES, threads);
    out.x.set(r.x, a * p); out.f.set(r.f, a); out.converged.set(r.converged, a); out.iterations.set(r.iterations, a);
    progress.update(b);
    // Let a notebook display or a terminal repaint between batches.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  progress.done();
  return out;
}

/**
 * Bootstrap a fit over runs.
 *
 * @example
 * const bs = await bootstrapFit(fit, { resamples: 1000, seed: 1, targetC: [5.88e23], predictAt: [{ N: 70e9, D: 1.4e12 }] });
 */
export async function bootstrapFit(fit: FitResult, options: BootstrapOptions = {}): Promise<BootstrapResult> {
  const prob = fit.problem;
  const K = options.resamples ?? 1000;
  const seed = options.seed ?? 0;
  const level = options.level ?? 0.95;
  const threads = options.threads ?? defaultThreads();
  const targetC = options.targetC ?? [];
  const p = prob.law.params.length;
  const n = prob.y.length;
  const G = prob.data.groupNames.length;
  const warnings: string[] = [];
  if (G < 2) throw new InputError(`bootstrap needs at least 2 runs, got ${G}`);
  if (G < 10) warnings.push(`only ${G} runs to resample: bootstrap intervals are unreliable`);
  const startC = Float64Array.from(fit.theta);
  prob.law.center?.(startC, prob.means, 1);
  const starts = new Float64Array(K * p);
  for (let b = 0; b < K; b++) starts.set(startC, b * p);
  const W = resampleWeights(prob.data.group, G, K, seed);
  const res = await solveInBatches(prob, starts, W, threads, startProgress('bootstrap refits', K, options.progress));
  let notConverged = 0;
  for (const c of res.converged) notConverged += c ? 0 : 1;
  if (notConverged > 0) warnings.push(`${notConverged} of ${K} bootstrap refits did not converge (kept in the draws)`);
  const estimates = quantities(fit, fit.theta, targetC);
  const preds = options.predictAt ?? [];
  const predKey = (i: number): string => `L@${i}`;
  const lawInputs = (x: Partial<Record<'N' | 'D' | 'C', number>>): number[] =>
    prob.law.inputs.map((k) => x[k] ?? (k === 'C' ? 6 * x.N! * x.D! : k === 'D' ? x.C! / (6 * x.N!) : x.C! / (6 * x.D!)));
  preds.forEach((x, i) => { estimates[predKey(i)] = Math.exp(prob.law.logPredict(fit.theta, lawInputs(x))); });
  const names = Object.keys(estimates);
  const draws: Record<string, Float64Array> = Object.fromEntries(names.map((k) => [k, new Float64Array(K)]));
  const thetas: Float64Array[] = [];
  for (let b = 0; b < K; b++) {
    const t = uncenter(prob, res.x.subarray(b * p, (b + 1) * p));
    thetas.push(t);
    const q = quantities(fit, t, targetC);
    preds.forEach((x, i) => { q[predKey(i)] = Math.exp(prob.law.logPredict(t, lawInputs(x))); });
    for (const k of names) draws[k]![b] = q[k]!;
  }
  // Jackknife (leave one run out) for the BCa acceleration.
  let jack: Record<string, Float64Array> | null = null;
  if (options.bca !== false && G >= 3) {
    const Wj = new Float64Array(G * n).fill(1);
    for (let i = 0; i < n; i++) Wj[prob.data.group[i]! * n + i] = 0;
    const js = new Float64Array(G * p);
    for (let g = 0; g < G; g++) js.set(startC, g * p);
    const jr = await solveStarts(prob, js, Wj, POLISH_TOLERANCES, threads);
    jack = Object.fromEntries(names.map((k) => [k, new Float64Array(G)]));
    for (let g = 0; g < G; g++) {
      const t = uncenter(prob, jr.x.subarray(g * p, (g + 1) * p));
      const q = quantities(fit, t, targetC);
      preds.forEach((x, i) => { q[predKey(i)] = Math.exp(prob.law.logPredict(t, lawInputs(x))); });
      for (const k of names) jack[k]![g] = q[k]!;
    }
  }
  const se: Record<string, number> = {};
  const percentile: Record<string, [number, number]> = {};
  const bca: Record<string, [number, number]> | null = jack ? {} : null;
  for (const k of names) {
    const iv = bootstrapIntervals(draws[k]!, estimates[k]!, jack ? jack[k]! : null, level);
    se[k] = iv.se;
    percentile[k] = iv.percentile;
    if (bca && iv.bca) bca[k] = iv.bca;
  }
  // Identification from the draws: an exponent whose bootstrap relative SE exceeds the design rule's limit, or
  // whose draws leave the law's start grid (a run-away along a flat direction in some resamples).
  const pIdx = (k: string): number => prob.law.params.indexOf(k);
  for (const k of prob.law.params.filter((q) => /^alpha|^beta/.test(q))) {
    const est = estimates[k];
    if (est === undefined || se[k] === undefined) continue;
    const rel = se[k]! / Math.abs(est);
    const axis = prob.law.grid[pIdx(k)] ?? [];
    const lo = Math.min(...axis), hi = Math.max(...axis);
    let out = 0;
    for (const v of draws[k]!) if (!(v >= lo && v <= hi)) out++;
    const notes: string[] = [];
    if (!(rel <= REL_SE_LIMIT)) notes.push(`bootstrap SE ${se[k]!.toPrecision(2)} is ${(100 * rel).toFixed(0)}% of ${k} = ${est.toPrecision(3)}`);
    if (axis.length > 1 && out > 0.05 * K) notes.push(`${out} of ${K} draws of ${k} lie outside its grid [${lo}, ${hi}]`);
    if (notes.length > 0) warnings.push(`poorly identified (bootstrap): ${notes.join('; ')}`);
  }
  // Prediction intervals: add a residual drawn from the fit's own log residuals to each resample's prediction.
  const predictions: Prediction[] = [];
  if (preds.length > 0) {
    const resid = new Float64Array(n);
    const nat = prob.law.inputs.map((v) => prob.data[v]);
    for (let i = 0; i < n; i++) resid[i] = prob.law.logPredict(fit.theta, nat.map((c) => c[i]!)) - prob.y[i]!;
    const rng = createRng(seed).fork(K + 1);
    const alpha = (1 - level) / 2;
    preds.forEach((x, i) => {
      const d = draws[predKey(i)]!;
      const pi = Float64Array.from(d, (v) => v * Math.exp(-resid[rng.int(n)]!)).sort();
      predictions.push({ at: x, L: estimates[predKey(i)]!, ci: percentile[predKey(i)]!, pi: [quantile(pi, alpha), quantile(pi, 1 - alpha)] });
    });
  }
  const key = { law: fit.law, level, residual: prob.residual, loss: prob.loss, runs: G };
  const measuredCoverage = { percentile: fitMeasuredCoverage(key, 'percentile'), bca: fitMeasuredCoverage(key, 'bca') };
  return { resamples: K, seed, level, estimates, draws, se, percentile, bca, notConverged, predictions, warnings, runs: G, measuredCoverage };
}
