/**
 * Next runs: given a Chinchilla fit, a compute budget for new runs and a target budget C*, propose the (N, D)
 * points that shrink the bootstrap interval of N_opt(C*) the most, with the expected interval width before and
 * after each.
 *
 * How a candidate is scored: append it as a new run whose loss is the fit's prediction with noise at the residual
 * scale (sigma = 1.4826 x MAD of the log residuals), refit the full data from the current best fit (warm start),
 * then refit R bootstrap resamples over runs (the new run included; the resample draws are the same for every
 * candidate: common random numbers, so candidates differ by their design, not their luck) and take the
 * percentile interval of N_opt(C*).
 * width = ln(hi / lo), the log-width of the interval (about its relative width when narrow; 0.69 = a factor of 2).
 * The new run enters as 9 sub-points at losses pred x exp(sigma z_m), z_m the normal quantiles of (m - 0.5)/9:
 * the full-data refit weighs each 1/9 (its expectation), and each bootstrap resample keeps one of them with
 * the run's multiplicity (a seeded draw shared by all candidates), so the new run's noise varies across resamples
 * as a real run's would instead of hanging on one draw.
 *
 * Greedy: score every candidate whose FLOPs fit the remaining budget, keep the best, add it (with its simulated
 * loss) to the data, repeat up to `proposals` times. The winner's width is re-estimated on fresh resamples (the
 * minimum of many noisy scores is biased low), and that unbiased width is the next step's "before". Default candidates: 5 compute levels log-spaced from
 * budget/(30 K) to budget/K (K = proposals, so K runs always fit) times 6 sizes N_opt(C) x {1/8, 1/4, 1/2, 1, 2, 4}
 * of the current fit: 30 candidates.
 *
 * Honest limits: a width from R resamples has Monte Carlo error of roughly 1/sqrt(2R) relative (~6% at R = 150),
 * so candidates whose widths differ by less than that are tied; the score assumes the fitted law is right
 * (a point that would reveal misspecification is not valued). Extending the size range in EITHER direction
 * helps identify alpha, so a small model below the sizes tried can score well; that is the statistics, not a bug.
 *
 * @example
 * const fit = await fitLaw(points, chinchillaLaw());
 * const r = await proposeRuns(fit, { budget: 1e21, targetC: 1e23, proposals: 3, seed: 1 });
 * r.proposals; // [{ N, D, C, widthBefore, widthAfter }, ...]
 */
import { startProgress, type ProgressOption } from '../progress.js';
import { InputError } from '../errors.js';
import { normalQuantile } from '../stats/fit-normal.js';
import { createRng } from '../stats/random.js';
import { resampleWeights } from './bootstrap.js';
import { center, makeProblem, POLISH_TOLERANCES, problemPoints, solveStarts, uncenter, type FitProblem, type FitResult } from './fit.js';
import { chinchillaFrontier, type ChinchillaParams } from './frontier.js';
import type { FitPoint } from './points.js';
import { defaultThreads } from './pool.js';

/** A candidate new run. */
export interface Candidate {
  N: number;
  D: number;
}

/** Options of {@link proposeRuns} and {@link expectedWidths}. */
export interface ProposeOptions {
  /** Where progress of the candidate scoring shows (default 'auto': a display in a tslab notebook; src/progress.ts). */
  progress?: ProgressOption;
  /** Total FLOPs (6ND summed) available for the new runs. */
  budget: number;
  /** The budget C* whose N_opt interval should shrink. */
  targetC: number;
  /** Most runs to propose (default 3). */
  proposals?: number;
  /** Candidate runs (default: the grid described in the module comment). */
  candidates?: readonly Candidate[];
  /** Bootstrap resamples per score (default 150). */
  resamples?: number;
  seed?: number;
  /** Interval level (default 0.95). */
  level?: number;
  /** Worker threads (default: all cores). Results do not depend on it. */
  threads?: number;
}

/** One proposed run, with the expected N_opt(C*) interval width before and after adding it. */
export interface Proposal {
  N: number;
  D: number;
  C: number;
  /** Relative width of the interval of N_opt(C*) with the data so far (earlier proposals included). */
  widthBefore: number;
  /** The same, with this run added (re-scored on fresh resamples, so not biased by the selection). */
  widthAfter: number;
  /** The score that selected it (the minimum over candidates: biased low). */
  widthScored: number;
  /** Loss the current fit predicts for the run (its simulated losses are this times exp(sigma z), z at 9 normal quantiles). */
  predictedLoss: number;
}

/** Result of {@link proposeRuns}. */
export interface ProposeResult {
  targetC: number;
  budget: number;
  /** FLOPs used by the proposals. */
  used: number;
  /** Width with the current data. */
  widthNow: number;
  proposals: Proposal[];
  /** Candidates scored at the first step, with their width after (for inspection). */
  scored: (Candidate & { C: number; widthAfter: number })[];
  /** Residual scale used for the simulated losses. */
  sigma: number;
  resamples: number;
  seed: number;
  warnings: string[];
}

const nOptAt = (prob: FitProblem, theta: ArrayLike<number>, C: number): number =>
  chinchillaFrontier(prob.law.natural(theta) as unknown as ChinchillaParams).nOpt(C);

function quantile(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p, lo = Math.floor(h);
  return sorted[lo]! + (h - lo) * (sorted[Math.min(lo + 1, sorted.length - 1)]! - sorted[lo]!);
}

/** Normal quantiles at (m - 0.5) / M: the noise levels a simulated run is spread over. */
function noiseLevels(M: number): number[] {
  return Array.from({ length: M }, (_, m) => normalQuantile((m + 0.5) / M));
}

/** Sub-points per simulated run. */
const M = 9;

/**
 * Full-data refit from `theta` (warm start), then the bootstrap width ln(hi / lo) of N_opt(C*). Groups in
 * `simulated` are simulated runs made of M sub-points (one per noise level): the full fit weighs each 1/M; each
 * resample keeps ONE of them (a seeded draw, the same for every candidate) with the group's multiplicity, so the
 * new run's noise varies across resamples as a real run's would.
 */
async function widthOf(prob: FitProblem, theta: ArrayLike<number>, simulated: readonly number[], o: Required<Pick<ProposeOptions, 'targetC' | 'resamples' | 'seed' | 'level' | 'threads'>>): Promise<{ width: number; theta: Float64Array }> {
  const p = prob.law.params.length;
  const n = prob.y.length;
  const G = prob.data.groupNames.length;
  const members: number[][] = Array.from({ length: G }, () => []);
  prob.data.group.forEach((g, i) => members[g]!.push(i));
  const wFull = new Float64Array(n).fill(1);
  for (const g of simulated) for (const i of members[g]!) wFull[i] = 1 / members[g]!.length;
  const full = await solveStarts(prob, center(prob, theta), wFull, POLISH_TOLERANCES, 1);
  const thetaC = full.x.slice(0, p);
  const starts = new Float64Array(o.resamples * p);
  for (let b = 0; b < o.resamples; b++) starts.set(thetaC, b * p);
  const W = resampleWeights(prob.data.group, G, o.resamples, o.seed);
  if (simulated.length > 0) {
    const pick = createRng(o.seed).fork(2e6);
    for (let b = 0; b < o.resamples; b++) {
      const row = W.subarray(b * n, (b + 1) * n);
      for (const g of simulated) {
        const idx = members[g]!;
        const keep = idx[pick.int(idx.length)]!;
        for (const i of idx) if (i !== keep) row[i] = 0;
      }
    }
  }
  // Workers are spawned per call: below ~1e5 point-refits their start-up costs more than it saves (same result).
  const res = await solveStarts(prob, starts, W, POLISH_TOLERANCES, n * o.resamples >= 1e5 ? o.threads : 1);
  const v = new Float64Array(o.resamples);
  for (let b = 0; b < o.resamples; b++) v[b] = nOptAt(prob, uncenter(prob, res.x.subarray(b * p, (b + 1) * p)), o.targetC);
  const s = v.filter((x) => x > 0 && Number.isFinite(x)).sort();
  const a = (1 - o.level) / 2;
  return { width: Math.log(quantile(s, 1 - a) / quantile(s, a)), theta: uncenter(prob, thetaC) };
}

function residualScale(prob: FitProblem, theta: ArrayLike<number>): number {
  const nat = prob.law.inputs.map((k) => prob.data[k]);
  const r = Array.from(prob.y, (y, i) => Math.abs(prob.law.logPredict(theta, nat.map((c) => c[i]!)) - y)).sort((x, y) => x - y);
  const n = r.length;
  return 1.4826 * (n % 2 ? r[(n - 1) / 2]! : (r[n / 2 - 1]! + r[n / 2]!) / 2);
}

function check(fit: FitResult, o: ProposeOptions): void {
  if (fit.problem.law.name !== 'chinchilla') throw new InputError(`proposing runs needs a Chinchilla fit (N_opt), got law '${fit.problem.law.name}'`);
  if (!(o.budget > 0 && Number.isFinite(o.budget))) throw new InputError(`budget must be a positive number of FLOPs, got ${o.budget}`);
  if (!(o.targetC > 0 && Number.isFinite(o.targetC))) throw new InputError(`targetC must be a positive number of FLOPs, got ${o.targetC}`);
  const r = o.resamples ?? 150;
  if (!(Number.isInteger(r) && r >= 20)) throw new InputError(`resamples must be an integer >= 20, got ${r}`);
  if (fit.problem.data.groupNames.length < 3) throw new InputError('proposing runs needs at least 3 runs to bootstrap');
}

function resolved(o: ProposeOptions): Required<Pick<ProposeOptions, 'targetC' | 'resamples' | 'seed' | 'level' | 'threads'>> {
  return { targetC: o.targetC, resamples: o.resamples ?? 150, seed: o.seed ?? 0, level: o.level ?? 0.95, threads: o.threads ?? defaultThreads() };
}

/** The data plus a simulated run at `c`: M sub-points with losses pred x exp(sigma z_m) at the noise levels. */
function withPoint(prob: FitProblem, pts: FitPoint[], c: Candidate, logPred: number, sigma: number, id: string): { prob: FitProblem; pts: FitPoint[] } {
  const sub = noiseLevels(M).map((z) => ({ N: c.N, D: c.D, loss: Math.exp(logPred + sigma * z), group: id }));
  const all = [...pts, ...sub];
  return { prob: makeProblem(all, prob.law, { loss: prob.loss, delta: prob.delta, residual: prob.residual }), pts: all };
}

const simulatedGroups = (prob: FitProblem): number[] =>
  prob.data.groupNames.flatMap((g, i) => (g.startsWith('(proposed ') ? [i] : []));

/**
 * Expected N_opt(C*) interval width ln(hi / lo) after adding each candidate (one at a time) to the fit's data,
 * and before.
 *
 * @example
 * const w = await expectedWidths(fit, [{ N: 1e9, D: 2e10 }, { N: 1e7, D: 2e12 }], { budget: 1e21, targetC: 1e23 });
 * w.before; w.after; // e.g. 1.9, [1.2, 1.8]
 */
export async function expectedWidths(fit: FitResult, candidates: readonly Candidate[], options: ProposeOptions): Promise<{ before: number; after: number[] }> {
  check(fit, options);
  const o = resolved(options);
  const prob = fit.problem;
  const pts = problemPoints(prob);
  const sigma = residualScale(prob, fit.theta);
  const before = (await widthOf(prob, fit.theta, [], o)).width;
  const after: number[] = [];
  for (const c of candidates) {
    const w = withPoint(prob, pts, c, prob.law.logPredict(fit.theta, [c.N, c.D]), sigma, '(proposed 1)');
    after.push((await widthOf(w.prob, fit.theta, simulatedGroups(w.prob), o)).width);
  }
  return { before, after };
}

/**
 * Propose up to `proposals` new runs within `budget` FLOPs, greedily, each the one that shrinks the expected
 * N_opt(targetC) interval the most (see the module comment).
 *
 * @example
 * const r = await proposeRuns(fit, { budget: 1e21, targetC: 1e23, proposals: 2, resamples: 150, seed: 1 });
 * for (const p of r.proposals) console.log(p.N, p.D, p.widthBefore, '->', p.widthAfter);
 */
export async function proposeRuns(fit: FitResult, options: ProposeOptions): Promise<ProposeResult> {
  check(fit, options);
  const o = resolved(options);
  const K = options.proposals ?? 3;
  if (!(Number.isInteger(K) && K >= 1)) throw new InputError(`proposals must be a positive integer, got ${K}`);
  const law = fit.problem.law;
  let prob = fit.problem;
  let theta: Float64Array = Float64Array.from(fit.theta);
  const sigma = residualScale(prob, theta);
  const warnings: string[] = [];
  const fr = chinchillaFrontier(fit.params as unknown as ChinchillaParams);
  const cands: Candidate[] = options.candidates ? [...options.candidates] : [];
  if (!options.candidates) {
    const top = options.budget / K, bottom = top / 30;
    for (let i = 0; i < 5; i++) {
      const C = Math.exp(Math.log(bottom) + (Math.log(top / bottom) * i) / 4);
      for (const m of [1 / 8, 1 / 4, 1 / 2, 1, 2, 4]) { const N = fr.nOpt(C) * m; cands.push({ N, D: C / (6 * N) }); }
    }
  }
  for (const c of cands) if (!(c.N > 0 && c.D > 0 && Number.isFinite(c.N * c.D))) throw new InputError(`candidate with non-positive or non-finite N or D: ${JSON.stringify(c)}`);
  const progress = startProgress('scoring proposal candidates', K * (cands.length + 1) + 1, options.progress);
  const now = await widthOf(prob, theta, [], o);
  progress.tick();
  let widthBefore = now.width;
  let remaining = options.budget;
  const proposals: Proposal[] = [];
  let scored: ProposeResult['scored'] = [];
  for (let step = 0; step < K; step++) {
    const pts = problemPoints(prob);
    const id = `(proposed ${step + 1})`;
    let best: { c: Candidate; width: number; prob: FitProblem; theta: Float64Array; pred: number } | null = null;
    const here: ProposeResult['scored'] = [];
    for (const c of cands) {
      progress.tick();
      const C = 6 * c.N * c.D;
      if (C > remaining * (1 + 1e-9)) continue;
      const pred = law.logPredict(theta, [c.N, c.D]);
      const p2 = withPoint(prob, pts, c, pred, sigma, id).prob;
      const w = await widthOf(p2, theta, simulatedGroups(p2), o);
      here.push({ ...c, C, widthAfter: w.width });
      if (!best || w.width < best.width) best = { c, width: w.width, prob: p2, theta: w.theta, pred };
    }
    if (step === 0) scored = here;
    if (!best) { if (step === 0) warnings.push('no candidate fits the budget'); break; }
    const C = 6 * best.c.N * best.c.D;
    // The best of many noisy scores is biased low (winner's curse): re-score the winner on fresh resamples.
    const fresh = await widthOf(best.prob, theta, simulatedGroups(best.prob), { ...o, seed: o.seed + 1000003 * (step + 1) });
    progress.tick();
    proposals.push({ N: best.c.N, D: best.c.D, C, widthBefore, widthAfter: fresh.width, widthScored: best.width, predictedLoss: Math.exp(best.pred) });
    remaining -= C;
    prob = best.prob;
    theta = best.theta;
    widthBefore = fresh.width;
  }
  progress.done();
  if (proposals.length > 0 && proposals[proposals.length - 1]!.widthAfter >= now.width) {
    warnings.push('the proposals are not expected to narrow the interval (within Monte Carlo error): runs of this kind may not help; consider other sizes');
  }
  if (sigma === 0) warnings.push('the fit has zero residual scale: simulated runs carry no noise and the widths are optimistic');
  return { targetC: o.targetC, budget: options.budget, used: options.budget - remaining, widthNow: now.width, proposals, scored, sigma, resamples: o.resamples, seed: o.seed, warnings };
}
