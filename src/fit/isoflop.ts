/**
 * Chinchilla's Approach 2 (IsoFLOP profiles): group runs by compute budget (C snapped within a relative
 * tolerance), fit a parabola of loss against log N per budget, take its minimum, then fit power laws
 * N_opt = k C^a and D_opt = k' C^b (D_opt = C / (6 N_opt)) through the minima by least squares in log-log.
 * Bootstrap: resample runs within each budget, refit everything.
 *
 * A budget with too few points, or whose parabola has no interior minimum, is refused with an
 * {@link IsoflopError} naming it (or skipped with a warning when `skipBadBudgets`).
 *
 * @example
 * const r = isoflopFit(points, { bootstrap: 1000, seed: 1 });
 * r.nOptLaw.exponent; r.nOptLaw.ci;
 */
import { startProgress, type ProgressOption } from '../progress.js';
import { FitError, InputError } from '../errors.js';
import { createRng } from '../stats/random.js';
import { preparePoints, type FitPoint } from './points.js';

/** A budget the IsoFLOP method refused, and why. */
export interface BadBudget {
  C: number;
  n: number;
  reason: string;
}

/** Refusal of an IsoFLOP fit; `budgets` names the offending budgets. */
export class IsoflopError extends FitError {
  override name = 'IsoflopError';
  readonly budgets: BadBudget[];
  constructor(message: string, budgets: BadBudget[]) {
    super(message);
    this.budgets = budgets;
  }
}

/** Options of {@link isoflopFit}. */
export interface IsoflopOptions {
  /** Where progress of the bootstrap shows (default 'auto': a display in a tslab notebook; src/progress.ts). */
  progress?: ProgressOption;
  /** Relative tolerance for snapping C to a budget (default 0.1: within 10% of the budget's smallest C). */
  tolerance?: number;
  /** Minimum points per budget (default 3, the least a parabola needs; more is wiser). */
  minPoints?: number;
  /** Skip refused budgets with a warning instead of throwing (default false). */
  skipBadBudgets?: boolean;
  /** Bootstrap resamples (default 0: no intervals). */
  bootstrap?: number;
  seed?: number;
  level?: number;
}

/** One budget's minimum. */
export interface IsoflopBudget {
  C: number;
  N_opt: number;
  D_opt: number;
  L_min: number;
  n: number;
}

/** A power law y = k C^exponent with a bootstrap interval of the exponent. */
export interface OptLaw {
  k: number;
  exponent: number;
  ci: [number, number] | null;
  se: number | null;
}

/** How a frontier fit's bootstrap intervals were made: resamples drawn, seed, level, resamples dropped. */
export interface BootstrapInfo {
  resamples: number;
  seed: number;
  level: number;
  dropped: number;
}

/** Result of {@link isoflopFit}. */
export interface IsoflopResult {
  budgets: IsoflopBudget[];
  nOptLaw: OptLaw;
  dOptLaw: OptLaw;
  /** How the exponents' intervals were computed (absent without a bootstrap). */
  bootstrap?: BootstrapInfo;
  warnings: string[];
}

interface Budget { C: number; idx: number[] }

/** Group point indices by budget: sorted by C, a new budget starts when C exceeds the current one's first C by `tol`. */
function groupBudgets(C: Float64Array, tol: number): Budget[] {
  const order = Array.from(C.keys()).sort((a, b) => C[a]! - C[b]!);
  const out: Budget[] = [];
  let cur: number[] = [];
  let first = NaN;
  for (const i of order) {
    if (cur.length > 0 && C[i]! > first * (1 + tol)) { out.push({ C: 0, idx: cur }); cur = []; }
    if (cur.length === 0) first = C[i]!;
    cur.push(i);
  }
  if (cur.length > 0) out.push({ C: 0, idx: cur });
  // A budget's C is the geometric mean of its runs' C; when they share one C (the usual case), that C exactly
  // (exp(mean(log C)) would print 1e18 as 999999999999998600).
  for (const b of out) {
    const c0 = C[b.idx[0]!]!;
    b.C = b.idx.every((i) => C[i] === c0) ? c0 : Math.exp(b.idx.reduce((s, i) => s + Math.log(C[i]!), 0) / b.idx.length);
  }
  return out;
}

/** Least-squares parabola y = c0 + c1 x + c2 x^2 (x centred for conditioning); vertex or a reason. */
function parabolaMin(x: number[], y: number[]): { x: number; y: number } | string {
  const n = x.length;
  const mx = x.reduce((s, v) => s + v, 0) / n;
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, t0 = 0, t1 = 0, t2 = 0;
  for (let i = 0; i < n; i++) {
    const u = x[i]! - mx, v = y[i]!;
    s0 += 1; s1 += u; s2 += u * u; s3 += u ** 3; s4 += u ** 4; t0 += v; t1 += u * v; t2 += u * u * v;
  }
  const det3 = (m: number[][]): number =>
    m[0]![0]! * (m[1]![1]! * m[2]![2]! - m[1]![2]! * m[2]![1]!) - m[0]![1]! * (m[1]![0]! * m[2]![2]! - m[1]![2]! * m[2]![0]!) + m[0]![2]! * (m[1]![0]! * m[2]![1]! - m[1]![1]! * m[2]![0]!);
  // A parabola needs three distinct sizes. With two, M is singular in exact arithmetic but rounding leaves a tiny
  // non-zero determinant and a meaningless vertex (a bootstrap resample of a budget can draw only two sizes).
  const distinct = new Set(x).size;
  if (distinct < 3) return `${distinct} distinct model size${distinct === 1 ? '' : 's'} (a parabola needs 3)`;
  const M = [[s0, s1, s2], [s1, s2, s3], [s2, s3, s4]];
  const d = det3(M);
  if (!(Math.abs(d) > 1e-300)) return 'degenerate sizes';
  const rhs = [t0, t1, t2];
  const solve = (k: number): number => det3(M.map((r, i) => r.map((v, j) => (j === k ? rhs[i]! : v)))) / d;
  const c0 = solve(0), c1 = solve(1), c2 = solve(2);
  if (!(c2 > 0)) return 'the parabola opens downward (no minimum)';
  const xv = -c1 / (2 * c2);
  const lo = Math.min(...x) - mx, hi = Math.max(...x) - mx;
  if (!(xv > lo && xv < hi)) return `the minimum lies outside the sizes tried (log N ${(xv + mx).toFixed(2)} not in [${(lo + mx).toFixed(2)}, ${(hi + mx).toFixed(2)}])`;
  return { x: xv + mx, y: c0 + c1 * xv + c2 * xv * xv };
}

/** OLS of log y on log C: returns [k, exponent]. */
function powerFit(C: number[], y: number[]): [number, number] {
  const lx = C.map(Math.log), ly = y.map(Math.log);
  const n = lx.length;
  const mx = lx.reduce((s, v) => s + v, 0) / n, my = ly.reduce((s, v) => s + v, 0) / n;
  let sxy = 0, sxx = 0;
  for (let i = 0; i < n; i++) { sxy += (lx[i]! - mx) * (ly[i]! - my); sxx += (lx[i]! - mx) ** 2; }
  const b = sxy / sxx;
  return [Math.exp(my - b * mx), b];
}

function minima(N: Float64Array, L: Float64Array, budgets: Budget[], idxOf: (b: Budget) => number[]): (IsoflopBudget | string)[] {
  return budgets.map((b) => {
    const idx = idxOf(b);
    const r = parabolaMin(idx.map((i) => Math.log(N[i]!)), idx.map((i) => L[i]!));
    if (typeof r === 'string') return r;
    const nOpt = Math.exp(r.x);
    return { C: b.C, N_opt: nOpt, D_opt: b.C / (6 * nOpt), L_min: r.y, n: idx.length };
  });
}

/**
 * Approach 2 on points with N and C (or N and D).
 *
 * @example
 * isoflopFit(synthesizeSweep({ sizes: logspace(1e7, 1e10, 9), budgets: [1e18, 1e19, 1e20], seed: 1 }));
 */
export function isoflopFit(points: readonly FitPoint[], options: IsoflopOptions = {}): IsoflopResult {
  const data = preparePoints(points, ['N', 'C']);
  const tol = options.tolerance ?? 0.1;
  const minPoints = Math.max(3, options.minPoints ?? 3);
  const warnings = [...data.warnings];
  const all = groupBudgets(data.C, tol);
  const bad: BadBudget[] = [];
  let budgets: Budget[] = [];
  for (const b of all) {
    if (b.idx.length < minPoints) bad.push({ C: b.C, n: b.idx.length, reason: `${b.idx.length} points (need ${minPoints})` });
    else budgets.push(b);
  }
  const first = minima(data.N, data.loss, budgets, (b) => b.idx);
  const keep: Budget[] = [];
  first.forEach((m, i) => {
    if (typeof m === 'string') bad.push({ C: budgets[i]!.C, n: budgets[i]!.idx.length, reason: m });
    else keep.push(budgets[i]!);
  });
  budgets = keep;
  const describe = (bb: BadBudget[]): string => bb.map((b) => `C=${b.C.toExponential(3)} (${b.reason})`).join('; ');
  if (bad.length > 0) {
    if (!options.skipBadBudgets) throw new IsoflopError(`IsoFLOP refused budget(s): ${describe(bad)}`, bad);
    warnings.push(`skipped budget(s): ${describe(bad)}`);
  }
  if (budgets.length < 2) {
    throw new IsoflopError(`IsoFLOP needs at least 2 usable budgets, found ${budgets.length}${all.length === 1 ? ' (all points share a single budget)' : ''}`, bad);
  }
  const mins = first.filter((m): m is IsoflopBudget => typeof m !== 'string');
  const Cs = mins.map((m) => m.C);
  const [kN, aN] = powerFit(Cs, mins.map((m) => m.N_opt));
  const [kD, aD] = powerFit(Cs, mins.map((m) => m.D_opt));
  const nOptLaw: OptLaw = { k: kN, exponent: aN, ci: null, se: null };
  const dOptLaw: OptLaw = { k: kD, exponent: aD, ci: null, se: null };
  if (budgets.length === 2) warnings.push('only 2 budgets: the power laws pass exactly through the minima, with no check of the fit');
  const K = options.bootstrap ?? 0;
  let bootstrap: IsoflopResult['bootstrap'];
  if (K > 0) {
    const rng = createRng(options.seed ?? 0);
    const ea: number[] = [], eb: number[] = [];
    let failed = 0;
    const progress = startProgress('IsoFLOP bootstrap resamples', K, options.progress);
    for (let r = 0; r < K; r++) {
      progress.update(r);
      const g = rng.fork(r);
      const ms = minima(data.N, data.loss, budgets, (b) => b.idx.map(() => b.idx[g.int(b.idx.length)]!));
      if (ms.some((m) => typeof m === 'string')) { failed++; continue; }
      const mm = ms as IsoflopBudget[];
      ea.push(powerFit(Cs, mm.map((m) => m.N_opt))[1]);
      eb.push(powerFit(Cs, mm.map((m) => m.D_opt))[1]);
    }
    progress.done();
    if (failed > 0) warnings.push(`${failed} of ${K} bootstrap resamples had a budget without an interior minimum and were dropped`);
    const level = options.level ?? 0.95;
    const summarise = (v: number[], law: OptLaw): void => {
      if (v.length < 2) return;
      const s = [...v].sort((x, y) => x - y);
      const q = (p: number): number => { const h = (s.length - 1) * p, lo = Math.floor(h); return s[lo]! + (h - lo) * (s[Math.min(lo + 1, s.length - 1)]! - s[lo]!); };
      law.ci = [q((1 - level) / 2), q(1 - (1 - level) / 2)];
      const m = v.reduce((a, b) => a + b, 0) / v.length;
      law.se = Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1));
    };
    summarise(ea, nOptLaw);
    summarise(eb, dOptLaw);
    bootstrap = { resamples: K, seed: options.seed ?? 0, level, dropped: failed };
  }
  if (!Number.isFinite(aN)) throw new InputError('IsoFLOP power law is not finite (budgets with identical C?)');
  return { budgets: mins, nOptLaw, dOptLaw, ...(bootstrap ? { bootstrap } : {}), warnings };
}
