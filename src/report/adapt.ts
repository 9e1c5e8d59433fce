/**
 * Adapters from the engines' results to the report builder's and the figures' plain inputs: a fit (with its
 * bootstrap and holdout) to a {@link FitSummary} and to scaling/residual figure inputs, an IsoFLOP fit to its
 * figures, a {@link CompareResult} to a {@link ComparisonSummary} and a forest plot, a RunSet to loss curves,
 * and curve bands to variant mean curves. Pure functions: no I/O, no clock.
 *
 * @example
 * import { comparisonSummaryOf } from './adapt.js';
 * report.comparisonTable(comparisonSummaryOf(compareVariants(variants, { metric: 'val/loss' })), { forest: true });
 */
import type { CompareResult, CurveBand } from '../compare/index.js';
import { InputError } from '../errors.js';
import { chinchillaFrontier, isoflopFit, predictLoss, type BootstrapResult, type ChinchillaParams, type FitPoint, type FitResult, type HoldoutResult, type IsoflopResult } from '../fit/index.js';
import type { CurveSeries, ForestInput, FrontierInput, IsoflopInput, ResidualsInput, ScalingInput, VariantCurvesInput } from '../plot/index.js';
import { detectSpikes, emaSmooth, type RunSet } from '../runs/index.js';
import { describeInterval, type IntervalLabel } from '../stats/interval.js';
import type { ComparisonSummary, FitParam, FitSummary } from './builder.js';

/** Law formulas as the report prints them. */
const LAW_TEXT: Record<string, string> = {
  chinchilla: 'L = E + A/N^α + B/D^β',
  power: 'L = E + A·x^(−α)',
  power0: 'L = A·x^(−α)',
  kaplan: 'L = ((N_c/N)^(α_N/α_D) + D_c/D)^α_D',
};

/** Percentile of an ascending array (linear interpolation, as numpy's default). */
function quantileSorted(s: Float64Array, p: number): number {
  if (s.length === 0) return NaN;
  const h = (s.length - 1) * p;
  const lo = Math.floor(h);
  return s[lo]! + (h - lo) * (s[Math.min(lo + 1, s.length - 1)]! - s[lo]!);
}

/**
 * Percentile interval of each column of draws: `rows[r][j]` is resample r's value at grid point j.
 *
 * @example
 * pointwiseInterval([[1, 2], [3, 4], [5, 6]], 0.5); // { lo: [2, 3], hi: [4, 5] }
 */
export function pointwiseInterval(rows: readonly ArrayLike<number>[], level: number): { lo: number[]; hi: number[] } {
  const m = rows.length > 0 ? rows[0]!.length : 0;
  const lo: number[] = [], hi: number[] = [];
  for (let j = 0; j < m; j++) {
    const col = Float64Array.from(rows.filter((r) => Number.isFinite(r[j]!)), (r) => r[j]!).sort();
    lo.push(quantileSorted(col, (1 - level) / 2));
    hi.push(quantileSorted(col, 1 - (1 - level) / 2));
  }
  return { lo, hi };
}

/**
 * `count` log-spaced values from `lo` to `hi` inclusive.
 *
 * @example
 * logGrid(1, 100, 3); // [1, 10, 100]
 */
export function logGrid(lo: number, hi: number, count: number): number[] {
  const a = Math.log(lo), b = Math.log(hi);
  return Array.from({ length: count }, (_, i) => (i === count - 1 ? hi : i === 0 ? lo : Math.exp(a + ((b - a) * i) / (count - 1))));
}

/** A fit with what was computed around it. */
export interface FitBundle {
  fit: FitResult;
  points: readonly FitPoint[];
  /** Indices (into `points`) of held-out points, with their predictions. */
  holdout?: HoldoutResult;
  bootstrap?: BootstrapResult;
  targetC: readonly number[];
}

/**
 * A fit's summary for {@link Report.fitSummary}: parameters with bootstrap intervals (BCa when available,
 * else percentile), frontier quantities at the targets, holdout errors, optimiser facts.
 *
 * @example
 * report.fitSummary(fitSummaryOf({ fit, points, bootstrap: bs, targetC: [1e21] }, 'Chinchilla L(N, D)'));
 */
export function fitSummaryOf(b: FitBundle, name: string): FitSummary {
  const { fit, bootstrap: bs } = b;
  const label = bs ? fitIntervalLabel(bs) : undefined;
  const ci = bs ? (bs.bca ?? bs.percentile) : undefined;
  const param = (k: string, value: number): FitParam => ({ name: k, value, ...(ci?.[k] ? { lo: ci[k]![0], hi: ci[k]![1] } : {}), ...(bs?.se[k] !== undefined ? { se: bs.se[k] } : {}) });
  const params = Object.entries(fit.params).map(([k, v]) => param(k, v));
  const predictions: { label: string; value: number; lo?: number; hi?: number }[] = [];
  if (fit.law === 'chinchilla') {
    const fr = chinchillaFrontier(fit.params as unknown as ChinchillaParams);
    params.push(param('a', fr.a), param('b', fr.b));
    for (const C of b.targetC) {
      for (const [key, label, v] of [['N_opt', 'N_opt', fr.nOpt(C)], ['D_opt', 'D_opt', fr.dOpt(C)], ['tokens_per_param', 'tokens per parameter', fr.tokensPerParam(C)]] as const) {
        const k = `${key}@${C.toExponential()}`;
        predictions.push({ label: `${label} at C = ${C.toExponential()}`, value: v, ...(ci?.[k] ? { lo: ci[k]![0], hi: ci[k]![1] } : {}) });
      }
      const band = bs ? frontierLossDraws(bs, [C]) : undefined;
      const iv = band ? pointwiseInterval(band, bs!.level) : undefined;
      // This interval is a percentile one (of L*(C) over the resamples), also when the table's others are BCa: say so.
      predictions.push({ label: `compute-optimal loss at C = ${C.toExponential()}${iv && bs!.bca ? ' (percentile interval)' : ''}`, value: fr.lossAt(C), ...(iv ? { lo: iv.lo[0]!, hi: iv.hi[0]! } : {}) });
    }
  }
  const stats: Record<string, number> = { objective: fit.objective, starts_at_best: fit.startsAtBest, starts: fit.starts, max_gradient: fit.gradNorm };
  const rmse = Math.sqrt(b.points.reduce((s, p, i) => (isHeldOut(b, i) ? s : s + Math.log(p.loss / predictAtPoint(fit, p)) ** 2), 0) / fit.nPoints);
  stats.rmse_log_fitted = rmse;
  if (b.holdout) {
    stats.rmse_log_held_out = b.holdout.rmseLog;
    stats.max_abs_rel_error_held_out = b.holdout.maxAbsRelError;
  }
  if (bs) stats.bootstrap_not_converged = bs.notConverged;
  const warnings = [...fit.warnings, ...(bs?.warnings ?? [])];
  return {
    name,
    law: LAW_TEXT[fit.law] ?? fit.law,
    params,
    ...(label ? { interval: { level: label.level, method: describeInterval(label), label } } : {}),
    n: fit.nPoints,
    ...(b.holdout ? { nHeldOut: b.holdout.heldOut.length } : {}),
    stats,
    converged: fit.converged,
    ...(warnings.length ? { message: warnings.join('; ') } : {}),
    predictions,
  };
}

/**
 * The label of a fit bootstrap's parameter intervals: BCa when the bootstrap has it, else percentile. A Chinchilla
 * fit at level 0.95 carries the measured coverage of that method (the lowest over E, A, B, alpha, beta and a, at
 * the largest measured run count at or below the fit's) and the design it was measured on; other fits, and the
 * pointwise band of L*(C) (`of: 'band'`), carry none.
 *
 * @example
 * describeInterval(fitIntervalLabel(bs));
 * // '95% BCa bootstrap over runs, 200 resamples, seed 1, measured coverage 92% on synthetic 35-run sweeps'
 */
export function fitIntervalLabel(bs: BootstrapResult, kind: 'bca' | 'percentile' = bs.bca ? 'bca' : 'percentile', of: 'parameters' | 'band' = 'parameters'): IntervalLabel {
  // The bench measured the parameters' and a's intervals, not the pointwise band of L*(C): a band carries none.
  const m = of === 'parameters' ? bs.measuredCoverage?.[kind] : null;
  return { level: bs.level, method: kind, resamples: bs.resamples, seed: bs.seed, over: 'runs', ...(m ? { coverage: m.coverage, coverageDesign: m.design } : {}) };
}

function isHeldOut(b: FitBundle, i: number): boolean {
  return b.holdout ? b.holdout.heldOut.some((h) => h.index === i) : false;
}

function predictAtPoint(fit: FitResult, p: FitPoint): number {
  return predictLoss(fit, { ...(p.N !== undefined ? { N: p.N } : {}), ...(p.D !== undefined ? { D: p.D } : {}), ...(p.C !== undefined ? { C: p.C } : {}) });
}

/**
 * Compute-optimal loss L*(C) of each bootstrap resample of a Chinchilla fit at each budget (rows: resamples).
 *
 * @example
 * pointwiseInterval(frontierLossDraws(bs, [1e21]), 0.95);
 */
export function frontierLossDraws(bs: BootstrapResult, Cs: readonly number[]): Float64Array[] {
  const d = bs.draws;
  const out: Float64Array[] = [];
  for (let r = 0; r < bs.resamples; r++) {
    const fr = chinchillaFrontier({ A: d.A![r]!, B: d.B![r]!, E: d.E![r]!, alpha: d.alpha![r]!, beta: d.beta![r]! });
    out.push(Float64Array.from(Cs, (C) => fr.lossAt(C)));
  }
  return out;
}

/**
 * The scaling figure's input: the points (held-out ones marked), the fitted curve over x with its bootstrap
 * band (Chinchilla against C: the compute-optimal loss L*(C) of each resample), extended to the first target.
 *
 * @example
 * scalingFigure(scalingInputOf(bundle, 'C'), { id: 'scaling', x: 'C' });
 */
export function scalingInputOf(b: FitBundle, x: 'C' | 'N' | 'D'): ScalingInput {
  const { fit } = b;
  const points = b.points.map((p, i) => {
    const full = completePoint(p);
    return { ...full, loss: p.loss, ...(isHeldOut(b, i) ? { heldOut: true } : {}), ...(p.group ? { run: p.group } : {}) };
  });
  const xs = points.map((p) => p[x]!).filter((v) => v > 0);
  const target = x === 'C' ? b.targetC[0] : undefined;
  const grid = logGrid(Math.min(...xs), Math.max(...xs, target ?? 0), 60);
  const input: ScalingInput = { points, ...(b.bootstrap ? { interval: fitIntervalLabel(b.bootstrap, 'percentile', 'band') } : {}) };
  if (fit.law === 'chinchilla' && x === 'C') {
    const fr = chinchillaFrontier(fit.params as unknown as ChinchillaParams);
    const y = grid.map((C) => fr.lossAt(C));
    const band = b.bootstrap ? pointwiseInterval(frontierLossDraws(b.bootstrap, grid), b.bootstrap.level) : undefined;
    input.curves = [{ x: grid, y, ...(band ?? {}), label: 'compute-optimal loss L*(C)' }];
    if (target !== undefined) {
      const tb = b.bootstrap ? pointwiseInterval(frontierLossDraws(b.bootstrap, [target]), b.bootstrap.level) : undefined;
      input.target = { x: target, y: fr.lossAt(target), ...(tb ? { lo: tb.lo[0]!, hi: tb.hi[0]! } : {}), label: 'L*' };
    }
  } else if (fit.problem.law.inputs.length === 1 && fit.problem.law.inputs[0] === x) {
    input.curves = [{ x: grid, y: grid.map((v) => predictLoss(fit, { [x]: v })), label: 'fit' }];
  }
  return input;
}

function completePoint(p: FitPoint): { N?: number; D?: number; C?: number } {
  const { N, D, C } = p;
  return {
    N: N ?? (C !== undefined && D !== undefined ? C / (6 * D) : undefined),
    D: D ?? (C !== undefined && N !== undefined ? C / (6 * N) : undefined),
    C: C ?? (N !== undefined && D !== undefined ? 6 * N * D : undefined),
  };
}

/**
 * Relative residuals (observed − fitted) / fitted of every point, held-out points marked.
 *
 * @example
 * residualsFigure(residualsInputOf(bundle, 'C'), { id: 'residuals', relative: true });
 */
export function residualsInputOf(b: FitBundle, x: 'C' | 'N' | 'D'): ResidualsInput {
  return {
    points: b.points.map((p, i) => {
      const pred = predictAtPoint(b.fit, p);
      return { x: completePoint(p)[x]!, residual: (p.loss - pred) / pred, ...(isHeldOut(b, i) ? { heldOut: true } : {}), ...(p.group ? { run: p.group } : {}) };
    }),
  };
}

/**
 * Least-squares parabola of loss against log N: coefficients [c0, c1, c2] of c0 + c1 u + c2 u² with u = log N.
 *
 * @example
 * parabolaLogN([1e8, 1e9, 1e10], [3, 2.9, 3]); // c2 > 0, vertex at log(1e9)
 */
export function parabolaLogN(N: readonly number[], loss: readonly number[]): [number, number, number] {
  const u = N.map(Math.log);
  const mu = u.reduce((s, v) => s + v, 0) / u.length;
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, t0 = 0, t1 = 0, t2 = 0;
  u.forEach((x, i) => {
    const d = x - mu, y = loss[i]!;
    s0 += 1; s1 += d; s2 += d * d; s3 += d ** 3; s4 += d ** 4; t0 += y; t1 += d * y; t2 += d * d * y;
  });
  // Solve the 3x3 normal equations by Cramer's rule (well conditioned: u is centred).
  const det = (m: number[][]): number => m[0]![0]! * (m[1]![1]! * m[2]![2]! - m[1]![2]! * m[2]![1]!) - m[0]![1]! * (m[1]![0]! * m[2]![2]! - m[1]![2]! * m[2]![0]!) + m[0]![2]! * (m[1]![0]! * m[2]![1]! - m[1]![1]! * m[2]![0]!);
  const M = [[s0, s1, s2], [s1, s2, s3], [s2, s3, s4]], r = [t0, t1, t2];
  const d = det(M);
  const [a, b, c] = [0, 1, 2].map((k) => det(M.map((row, i) => row.map((v, j) => (j === k ? r[i]! : v)))) / d) as [number, number, number];
  // Back to uncentred u: a + b (u − mu) + c (u − mu)².
  return [a - b * mu + c * mu * mu, b - 2 * c * mu, c];
}

/** The budget of `C` among `budgets` (nearest in log). */
function budgetOf(C: number, budgets: readonly number[]): number {
  let best = budgets[0]!;
  for (const b of budgets) if (Math.abs(Math.log(C / b)) < Math.abs(Math.log(C / best))) best = b;
  return best;
}

/** IsoFLOP bootstrap replicates for the figures: each resample's per-budget N_opt and the N_opt/D_opt laws. */
export interface IsoflopReplicates {
  level: number;
  /** `nOpt[r][j]`: kept resample r's N_opt at budget j, NaN where budget j had no interior minimum in that
   * resample and was left out (dropped resamples are left out, not NaN-filled). */
  nOpt: Float64Array[];
  /** The N_opt = k·C^exponent law of each kept resample (same order as `nOpt`). */
  nLaw: { k: number; exponent: number }[];
  /** The D_opt = k·C^exponent law of each kept resample (same order as `nOpt`). */
  dLaw: { k: number; exponent: number }[];
  /** Resamples dropped because fewer than 2 budgets had an interior minimum (`nOpt.length + failed` were drawn). */
  failed: number;
  /** Kept resamples with some budget left out. */
  partial: number;
  /** Resamples drawn and the seed they were drawn with. */
  resamples: number;
  seed: number;
  /** What was resampled (parabola residuals or runs within each budget). */
  resample?: 'runs' | 'residuals';
  /** Measured coverage of the exponent interval of this scheme (the lower of the layouts measured), when known. */
  coverage?: number;
}

/**
 * The label of intervals from IsoFLOP replicates: percentile over resamples of parabola residuals (or runs) within
 * each budget, with the resamples dropped (fewer than 2 budgets with an interior minimum) and the measured coverage.
 *
 * @example
 * describeInterval(isoflopIntervalLabel(isoflopReplicatesOf(isoflopFit(points, { bootstrap: 400, seed: 2 }))!));
 */
export function isoflopIntervalLabel(reps: IsoflopReplicates): IntervalLabel {
  const over = reps.resample === 'residuals' ? 'parabola residuals within each budget' : 'runs within each budget';
  return {
    level: reps.level, method: 'percentile', resamples: reps.resamples, seed: reps.seed, over,
    ...(reps.failed > 0 ? { dropped: reps.failed } : {}), ...(reps.coverage !== undefined ? { coverage: reps.coverage } : {}),
  };
}

/** Options of {@link isoflopReplicates}. */
export interface IsoflopReplicatesOptions {
  /** Number of resamples to draw (an integer >= 0). */
  resamples: number;
  /** Seed of the resampling (through `createRng`): the same seed gives the same replicates. */
  seed: number;
  /** Interval level the figures use for these replicates (default 0.95). */
  level?: number;
  /** The fit's budget tolerance (default 0.1, as isoflopFit). */
  tolerance?: number;
  /** What to resample (default: the fit's own bootstrap scheme, else isoflopFit's default for its method). */
  resample?: 'runs' | 'residuals';
}

/**
 * The replicates of an IsoFLOP fit's own bootstrap (`isoflopFit(points, { bootstrap })`), for the figures: the
 * same resamples as the exponents' intervals, so the figures and the summary agree (one resampling loop).
 *
 * @example
 * const result = isoflopFit(points, { bootstrap: 400, seed: 1 });
 * isoflopFigure(isoflopInputOf(points, result, isoflopReplicatesOf(result)), { id: 'isoflop' });
 */
export function isoflopReplicatesOf(result: IsoflopResult): IsoflopReplicates | undefined {
  const b = result.bootstrap;
  if (!b) return undefined;
  const mc = b.measuredCoverage;
  return {
    level: b.level, nOpt: b.replicates.nOpt, nLaw: b.replicates.nLaw, dLaw: b.replicates.dLaw, failed: b.dropped, partial: b.partial,
    resamples: b.resamples, seed: b.seed, resample: b.resample, ...(mc ? { coverage: Math.min(mc.centred, mc.shared) } : {}),
  };
}

/**
 * IsoFLOP bootstrap replicates for the figures' intervals, drawn by {@link isoflopFit}'s own bootstrap (the one
 * resampling loop) with the fit's method, window and resampling scheme and the given resamples and seed. A budget
 * without an interior minimum in a resample is left out of it (NaN in `nOpt`); a resample with fewer than 2
 * budgets left is dropped and counted in `failed`. Prefer {@link isoflopReplicatesOf} on a fit that already has a
 * bootstrap: it reuses the same resamples.
 *
 * @example
 * const result = isoflopFit(points, { bootstrap: 400, seed: 1 });
 * const reps = isoflopReplicates(points, result, { resamples: 400, seed: 2 });
 * isoflopFigure(isoflopInputOf(points, result, reps), { id: 'isoflop' });
 */
export function isoflopReplicates(points: readonly FitPoint[], result: IsoflopResult, options: IsoflopReplicatesOptions): IsoflopReplicates {
  const { resamples, seed } = options;
  if (!Number.isInteger(resamples) || resamples < 0) throw new InputError(`isoflopReplicates: resamples must be an integer >= 0, got ${resamples}`);
  const level = options.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new InputError(`isoflopReplicates: level must be in (0, 1), got ${level}`);
  if (resamples === 0) return { level, nOpt: [], nLaw: [], dLaw: [], failed: 0, partial: 0, resamples: 0, seed };
  // Only the budgets of `result` (a skipped budget's runs stay out, as in the fit).
  const budgets = result.budgets.map((b) => b.C);
  const tol = options.tolerance ?? 0.1;
  const C = points.map((p) => p.C ?? 6 * p.N! * p.D!);
  const kept = points.filter((_, i) => { const b = budgetOf(C[i]!, budgets); return Math.abs(C[i]! / b - 1) <= tol * (1 + 1e-9); });
  const r = isoflopFit(kept, { tolerance: tol, method: result.method, ...(result.window !== null ? { window: result.window } : {}), ...(options.resample ?? result.bootstrap?.resample ? { resample: options.resample ?? result.bootstrap!.resample } : {}), bootstrap: resamples, seed, level, skipBadBudgets: true });
  return isoflopReplicatesOf(r)!;
}

/**
 * The IsoFLOP figure's input: points by budget, each budget's fitted parabola in log N, and its minimum with
 * the interval of N* from the replicates.
 *
 * @example
 * isoflopFigure(isoflopInputOf(points, result, reps), { id: 'isoflop' });
 */
export function isoflopInputOf(points: readonly FitPoint[], r: IsoflopResult, reps?: IsoflopReplicates): IsoflopInput {
  const budgets = r.budgets.map((b) => b.C);
  const full = points.map((p) => ({ ...completePoint(p), loss: p.loss, run: p.group }));
  const byBudget = budgets.map((C) => full.filter((p) => p.C !== undefined && budgetOf(p.C, budgets) === C));
  const iv = reps ? pointwiseInterval(reps.nOpt, reps.level) : undefined;
  return {
    points: full.filter((p) => p.N !== undefined && p.C !== undefined).map((p) => ({ C: budgetOf(p.C!, budgets), N: p.N!, loss: p.loss, ...(p.run ? { run: p.run } : {}) })),
    parabolas: byBudget.map((ps, j) => {
      const [c0, c1, c2] = parabolaLogN(ps.map((p) => p.N!), ps.map((p) => p.loss));
      const x = logGrid(Math.min(...ps.map((p) => p.N!)), Math.max(...ps.map((p) => p.N!)), 40);
      return { C: budgets[j]!, x, y: x.map((n) => c0 + c1 * Math.log(n) + c2 * Math.log(n) ** 2) };
    }),
    minima: r.budgets.map((b, j) => ({ C: b.C, N: b.N_opt, loss: b.L_min, ...(iv ? { lo: iv.lo[j]!, hi: iv.hi[j]! } : {}) })),
    ...(reps ? { interval: isoflopIntervalLabel(reps) } : {}),
  };
}

/**
 * The frontier figure's input: each budget's optimum (N* or D*) with its interval, the fitted power law with
 * its band from the replicates' laws, extended to the first target budget.
 *
 * @example
 * frontierFigure(frontierInputOf(result, reps, [1e21], 'N'), { id: 'frontier' });
 */
export function frontierInputOf(r: IsoflopResult, reps: IsoflopReplicates | undefined, targetC: readonly number[], quantity: 'N' | 'D'): FrontierInput {
  const law = quantity === 'N' ? r.nOptLaw : r.dOptLaw;
  const Cs = r.budgets.map((b) => b.C);
  const target = targetC[0];
  const grid = logGrid(Math.min(...Cs), Math.max(...Cs, target ?? 0), 40);
  const repLaws = reps ? (quantity === 'N' ? reps.nLaw : reps.dLaw) : [];
  const band = reps && repLaws.length > 1 ? pointwiseInterval(repLaws.map((l) => Float64Array.from(grid, (C) => l.k * C ** l.exponent)), reps.level) : undefined;
  const per = reps ? pointwiseInterval(reps.nOpt.map((row) => (quantity === 'N' ? row : Float64Array.from(row, (n, j) => Cs[j]! / (6 * n)))), reps.level) : undefined;
  const input: FrontierInput = {
    minima: r.budgets.map((b, j) => ({ C: b.C, value: quantity === 'N' ? b.N_opt : b.D_opt, ...(per ? { lo: per.lo[j]!, hi: per.hi[j]! } : {}) })),
    fit: { x: grid, y: grid.map((C) => law.k * C ** law.exponent), ...(band ?? {}), label: `${quantity}* = k·C^${law.exponent.toFixed(3)}` },
    ...(reps ? { interval: isoflopIntervalLabel(reps) } : {}),
  };
  if (target !== undefined) {
    const tb = reps && repLaws.length > 1 ? pointwiseInterval(repLaws.map((l) => Float64Array.of(l.k * target ** l.exponent)), reps.level) : undefined;
    input.target = { x: target, y: law.k * target ** law.exponent, ...(tb ? { lo: tb.lo[0]!, hi: tb.hi[0]! } : {}) };
  }
  return input;
}

/**
 * An IsoFLOP fit's summary: the exponents of N_opt and D_opt in C with their bootstrap intervals, and each
 * budget's minimum as a prediction row (with its interval from `reps`, the replicates the figures use, when given).
 *
 * @example
 * report.fitSummary(isoflopSummaryOf(result, { resamples: 200, seed: 1, level: 0.95 }, [1e21]));
 */
export function isoflopSummaryOf(r: IsoflopResult, boot: { resamples: number; seed: number; level: number; dropped?: number } | undefined, targetC: readonly number[], name = 'IsoFLOP profiles (Approach 2)', repsGiven?: IsoflopReplicates): FitSummary {
  const p = (n: string, law: IsoflopResult['nOptLaw']): FitParam[] => [
    { name: `${n} exponent`, value: law.exponent, ...(law.ci ? { lo: law.ci[0], hi: law.ci[1] } : {}), ...(law.se !== null ? { se: law.se } : {}) },
    { name: `${n} coefficient k`, value: law.k },
  ];
  const own = isoflopReplicatesOf(r);
  // The figures' replicates when given, else the fit's own bootstrap: per-budget and extrapolated N_opt get intervals.
  const reps = repsGiven ?? own;
  const label: IntervalLabel | undefined = own && own.resamples > 0 ? isoflopIntervalLabel(own)
    : boot && boot.resamples > 0 ? { level: boot.level, method: 'percentile', resamples: boot.resamples, seed: boot.seed, over: 'runs within each budget', ...(boot.dropped ? { dropped: boot.dropped } : {}) }
    : undefined;
  const b = r.bootstrap;
  const keptText = b ? `; ${b.kept} kept (${(100 * b.keptShare).toFixed(1)}%)${b.partial ? `, ${b.partial} of them with a budget without an interior minimum left out` : ''}` : '';
  const per = reps ? pointwiseInterval(reps.nOpt, reps.level) : undefined;
  const repLaws = reps && reps.nLaw.length > 1 ? reps.nLaw : undefined;
  return {
    name,
    law: 'N_opt = k·C^a, D_opt = k′·C^b (minima of parabolas of loss in log N per budget)',
    params: [...p('N_opt', r.nOptLaw), ...p('D_opt', r.dOptLaw)],
    ...(label ? { interval: { level: label.level, method: describeInterval(label) + keptText, label } } : {}),
    n: r.budgets.reduce((s, b) => s + b.n, 0),
    stats: { budgets: r.budgets.length },
    ...(r.warnings.length ? { message: r.warnings.join('; ') } : {}),
    predictions: [
      ...r.budgets.map((b, j) => ({ label: `N_opt at C = ${b.C.toExponential(3)} (${b.n} runs${b.lowestAtEdge ? '; lowest loss at an end size: not bracketed' : ''})`, value: b.N_opt, ...(per ? { lo: per.lo[j]!, hi: per.hi[j]! } : {}) })),
      ...targetC.map((C) => {
        const iv = repLaws ? pointwiseInterval(repLaws.map((l) => Float64Array.of(l.k * C ** l.exponent)), reps!.level) : undefined;
        return { label: `N_opt at C = ${C.toExponential()} (extrapolated)`, value: r.nOptLaw.k * C ** r.nOptLaw.exponent, ...(iv ? { lo: iv.lo[0]!, hi: iv.hi[0]! } : {}) };
      }),
    ],
  };
}

/**
 * A comparison's summary for {@link Report.comparisonTable}: every variant against the baseline with the
 * test's interval, p-values (raw and adjusted) and Hedges' g.
 *
 * @example
 * report.comparisonTable(comparisonSummaryOf(result, 'Ablations'), { forest: true });
 */
export function comparisonSummaryOf(r: CompareResult, title?: string): ComparisonSummary {
  const byName = new Map(r.variants.map((v) => [v.name, v]));
  const baseline = r.comparisons[0]?.baseline ?? r.variants[0]?.name ?? '';
  const tests = [...new Set(r.comparisons.map((c) => c.test))];
  return {
    ...(title ? { title } : {}),
    metric: r.metric ?? 'metric',
    baseline,
    method: `${tests.join(', ')} (${r.direction} is better)`,
    level: r.confidence,
    ...(r.comparisons[0] ? { interval: r.comparisons[0].ciLabel } : {}),
    effectLabel: "Hedges' g",
    ...(r.comparedAt ? { at: r.comparedAt.step === null ? 'DIFFERENT steps of training (see the warnings)' : `step ${r.comparedAt.step.toLocaleString('en-US')}${r.comparedAt.furthest > r.comparedAt.step ? ` (the last step every run reached; some went on to ${r.comparedAt.furthest.toLocaleString('en-US')})` : ''}` } : {}),
    correction: r.correction,
    rows: r.comparisons.map((c) => ({
      variant: c.variant,
      n: byName.get(c.variant)?.n,
      nBaseline: byName.get(c.baseline)?.n,
      mean: byName.get(c.variant)?.mean,
      diff: c.diff,
      lo: c.ci[0],
      hi: c.ci[1],
      p: c.p,
      pAdjusted: c.pAdjusted,
      effect: c.effectSize,
      decision: c.decision,
    })),
  };
}

/**
 * The forest plot's input from a comparison.
 *
 * @example
 * forestFigure(forestInputOf(result), { id: 'forest' });
 */
export function forestInputOf(r: CompareResult): ForestInput {
  return { rows: r.comparisons.map((c) => ({ variant: c.variant, diff: c.diff, lo: c.ci[0], hi: c.ci[1], decision: c.decision })), ...(r.comparisons[0] ? { interval: r.comparisons[0].ciLabel } : {}) };
}

/** Options of {@link curveSeriesOf}. */
export interface CurveSeriesOptions {
  /** EMA weight (TensorBoard semantics); 0 draws no smoothed line. Default 0.9. */
  smoothing?: number;
  /** Spike detection options, or false for none. */
  spikes?: { window: number; z: number } | false;
}

/**
 * Every run's curve of `metric` as loss-curve series: raw, EMA-smoothed, restarts and spikes.
 *
 * @example
 * curvesFigure({ series: curveSeriesOf(rs, 'train/loss', { smoothing: 0.9 }) }, { id: 'curves' });
 */
export function curveSeriesOf(rs: RunSet, metric: string, o: CurveSeriesOptions = {}): CurveSeries[] {
  const w = o.smoothing ?? 0.9;
  const out: CurveSeries[] = [];
  for (const c of rs.curves(metric)) {
    const meta = rs.run(c.run)!;
    const spikes = o.spikes === false ? [] : detectSpikes(c, o.spikes ?? {}).map((s) => ({ step: s.step, value: s.value }));
    out.push({
      run: meta.name === meta.id ? meta.id : `${meta.name} (${meta.id})`,
      step: c.step,
      value: c.value,
      ...(w > 0 ? { smoothed: emaSmooth(c.value, w) } : {}),
      restarts: meta.restarts.map((r) => ({ fromStep: r.fromStep, toStep: r.toStep })),
      spikes: spikes.filter((s) => Number.isFinite(s.value)),
    });
  }
  return out;
}

/**
 * Variant mean curves with their bands from {@link compareCurves}' bands (grid points where fewer than two runs
 * overlap are dropped).
 *
 * @example
 * variantCurvesFigure(variantCurvesOf(compareCurves(variants).bands), { id: 'variants' });
 */
export function variantCurvesOf(bands: readonly CurveBand[]): VariantCurvesInput {
  return {
    variants: bands.map((b) => {
      const keep = b.x.map((_, i) => i).filter((i) => b.n[i]! >= 2 && Number.isFinite(b.mean[i]!));
      return { variant: b.name, step: keep.map((i) => b.x[i]!), mean: keep.map((i) => b.mean[i]!), lo: keep.map((i) => b.lo[i]!), hi: keep.map((i) => b.hi[i]!) };
    }),
  };
}

/** Options of {@link approach3FrontierInput}. */
export interface Approach3FrontierOptions {
  /** Compute range of the frontier line, [lowest, highest] C in FLOPs. */
  C: readonly [number, number];
  /** Parameters (`'N'`, default) or tokens (`'D'`). */
  quantity?: 'N' | 'D';
  /** Budget to extrapolate to (a point with its interval on the figure). */
  target?: number;
  /** Bootstrap draws of the fit (`BootstrapResult.draws`: A, B, alpha, beta per resample) for a pointwise band. */
  draws?: Readonly<Record<string, ArrayLike<number>>>;
  /** Level of the band (default 0.95). */
  level?: number;
  /** What the band is, said once in the legend (e.g. `{ level: 0.95, method: 'percentile', resamples: 200, seed: 1, over: 'runs' }`). */
  interval?: IntervalLabel;
}

/**
 * The compute-optimal frontier of a fitted Chinchilla law (Approach 3) as the frontier figure's input: the closed
 * form N*(C) = G (C/6)^(β/(α+β)) (or D* = C / (6 N*)) on a log grid over `C`, with a pointwise percentile band
 * from the bootstrap's parameter draws when given (resamples whose frontier is not finite are left out of the
 * band). There are no per-budget minima in Approach 3: the figure shows the line, its band and the target.
 *
 * @example
 * import { frontierFigure } from '../plot/index.js';
 * const input = approach3FrontierInput({ E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28 }, { C: [1e18, 1e21], target: 1e24 });
 * frontierFigure(input, { id: 'frontier-a3' });
 */
export function approach3FrontierInput(params: ChinchillaParams, options: Approach3FrontierOptions): FrontierInput {
  const [c0, c1] = options.C;
  if (!(c0 > 0 && c1 > c0 && Number.isFinite(c1))) throw new InputError(`approach3FrontierInput: C must be [lo, hi] with 0 < lo < hi, got [${c0}, ${c1}]`);
  const q = options.quantity ?? 'N';
  const fr = chinchillaFrontier(params);
  const at = (f: ReturnType<typeof chinchillaFrontier>, C: number) => (q === 'N' ? f.nOpt(C) : f.dOpt(C));
  if (!Number.isFinite(at(fr, c0))) throw new InputError('approach3FrontierInput: the fitted parameters give no finite frontier (alpha, beta, A, B must be > 0)');
  const target = options.target;
  const grid = logGrid(c0, Math.max(c1, target ?? 0), 40);
  let frontiers: ReturnType<typeof chinchillaFrontier>[] = [];
  const d = options.draws;
  if (d) {
    for (const k of ['A', 'B', 'alpha', 'beta'] as const) if (!d[k]) throw new InputError(`approach3FrontierInput: draws has no '${k}'`);
    const n = d.A!.length;
    for (let i = 0; i < n; i++) {
      const f = chinchillaFrontier({ E: params.E, A: d.A![i]!, B: d.B![i]!, alpha: d.alpha![i]!, beta: d.beta![i]! });
      if (Number.isFinite(at(f, c0)) && Number.isFinite(at(f, grid[grid.length - 1]!))) frontiers.push(f);
    }
    if (frontiers.length < 2) frontiers = [];
  }
  const level = options.level ?? 0.95;
  const band = frontiers.length > 0 ? pointwiseInterval(frontiers.map((f) => Float64Array.from(grid, (C) => at(f, C))), level) : undefined;
  const exponent = q === 'N' ? fr.a : fr.b;
  const input: FrontierInput = {
    minima: [],
    fit: { x: grid, y: grid.map((C) => at(fr, C)), ...(band ?? {}), label: `${q}* ∝ C^${exponent.toFixed(3)} (Approach 3)` },
    ...(options.interval && band ? { interval: options.interval } : {}),
  };
  if (target !== undefined) {
    const tb = frontiers.length > 0 ? pointwiseInterval(frontiers.map((f) => Float64Array.of(at(f, target))), level) : undefined;
    input.target = { x: target, y: at(fr, target), ...(tb ? { lo: tb.lo[0]!, hi: tb.hi[0]! } : {}) };
  }
  return input;
}
