/**
 * Propose the next mixture (RegMix's recipe, then a local refinement): draw many mixtures from Dirichlet
 * distributions around a prior, predict each under a fitted model, average the `top` best, then refine that mean by
 * pairwise weight transfers ({@link refineMixture}). Per-domain bounds and token availability (no domain repeated
 * more than `epochs` times for the token budget) are upper/lower bounds every candidate and every move respects.
 *
 * Intervals: each bootstrap resample refits the model on resampled runs AND re-runs the whole search (its own
 * candidates, top-k mean, refinement), so the interval on each weight reflects model and search uncertainty. The
 * resample's candidates are, by default, a resample with replacement of the main search's draws (`bootstrapDraws:
 * 'resampled'`, fast); `'fresh'` draws new Dirichlet samples for each resample (slower; bench/RESULTS.md compares
 * the two). Every per-resample draw comes from the one seeded generator: resample b uses the b-th word of
 * `createRng(seed).fork(1)` as its seed, so results do not depend on how resamples are spread over threads.
 * The predicted loss, the gain over the prior and the difference from the best observed run are those of the
 * proposed mixture under each resample's model (model uncertainty at the mixture we recommend; differences paired
 * within each resample), by default moved by the bootstrap's estimate of the search's optimism, since the full
 * model's own minimum is predicted too low (bench/mixture-proposal-coverage.ts measures each choice against a
 * known truth; {@link ProposalLabels} says what each interval is).
 */
import { InputError } from '../errors.js';
import { createRng, type Rng } from '../stats/random.js';
import { quantile } from '../stats/descriptive.js';
import type { IntervalLabel } from '../stats/interval.js';
import { fitMixtureModel, fitResample, type FitMixtureOptions, type MixtureModelName, type MixtureModel } from './models.js';
import { refineMixture, type RefineOptions } from './refine.js';
import { PROPOSAL_COVERAGE, PROPOSAL_COVERAGE_DESIGN } from './coverage-table.js';

/** Options of {@link proposeMixture}. */
export interface ProposeMixtureOptions extends FitMixtureOptions {
  /** Dirichlet samples (default 100,000). */
  samples?: number;
  /** How many of the best samples are averaged (default 128). */
  top?: number;
  /** Prior mixture the samples are drawn around (default: the mean training mixture). */
  prior?: ArrayLike<number>;
  /** Per-domain bounds [lo, hi] on the proposed weights (default [0, 1]). */
  bounds?: readonly (readonly [number, number])[];
  /** Token availability: tokens available per domain, the run's token budget, and the most epochs allowed (default 4). */
  tokens?: { available: ArrayLike<number>; budget: number; epochs?: number };
  /** Local refinement after the search (default on; false for the top-k mean alone). */
  refine?: boolean | RefineOptions;
  /** Bootstrap resamples over training runs (default 200; 0 for none). */
  resamples?: number;
  /** Candidates of each bootstrap resample's search: a resample of the main draws (default) or fresh draws. */
  bootstrapDraws?: 'resampled' | 'fresh';
  /**
   * With resampled draws, each resample predicts only the full-data model's best `pool` candidates (those drawn
   * in its resample), default max(20 x top, 5% of the candidates); `Infinity` predicts all of them.
   */
  pool?: number;
  /** Seed (default 0). */
  seed?: number;
  /** Confidence level of the intervals (default 0.95). */
  confidence?: number;
  /**
   * Point and interval of the quantities at fixed mixtures (predicted loss, one run's loss, the differences).
   * 'debiased' (default): the resampled models' median at the proposal and their percentile interval, both moved by
   * the bootstrap's estimate of the search's optimism (the mean of each resample's prediction at its own proposal
   * minus the full model's prediction there): a mixture chosen as a model's minimum is predicted too low, since the
   * search picks the model's noise too. 'percentile' and 'basic': the full model's point with those bootstrap
   * intervals. bench/mixture-proposal-coverage.ts measures all three against a known truth. The weights' intervals
   * are always percentile.
   */
  interval?: 'debiased' | 'percentile' | 'basic';
}

/** What each interval of a {@link MixtureProposal} is. */
export interface ProposalLabels {
  /** Weights: each resample refits AND re-searches (model and search uncertainty of the proposal itself). */
  weights: IntervalLabel;
  /** Predicted loss: resampled models evaluated at the proposed mixture (model uncertainty of the mean loss). */
  predicted: IntervalLabel;
  /** One real run's loss at the proposed mixture: resampled models at it plus an out-of-bag residual. */
  predictedRun: IntervalLabel;
  /** Differences: paired within each resample, its model at the fixed mixtures (proposal, prior, best run). */
  differences: IntervalLabel;
}

/** A proposed mixture with bootstrap intervals. */
export interface MixtureProposal {
  model: MixtureModelName;
  /** The proposal: the top-k mean after refinement. */
  weights: Float64Array;
  /** Percentile interval of each weight over bootstrap resamples, each a full refit and search (NaN without resamples). */
  weightsCi: [number, number][];
  /** Predicted (mean) loss at the proposal: the full model's, or with `interval: 'debiased'` corrected for the search's optimism. */
  predicted: number;
  /** The full-data model's own prediction at the proposal (optimistic: the minimum its search found). */
  modelPredicted: number;
  /** Bootstrap estimate of the search's optimism (negative: the model's minimum is below the truth), 0 unless debiased. */
  optimism: number;
  /** Interval of the proposal's predicted (mean) loss: resampled models at the proposed mixture ({@link ProposalLabels.predicted}). */
  predictedCi: [number, number];
  /** Interval of the loss ONE run at the proposed mixture reaches (model uncertainty plus run noise). */
  predictedRunCi: [number, number];
  /** The top-k mean before refinement, and its predicted loss. */
  searched: Float64Array;
  searchedPredicted: number;
  /** Refinement moves taken and predictions made (0 and 0 when refinement is off). */
  refinement: { moves: number; evaluations: number };
  prior: Float64Array;
  priorPredicted: number;
  /** predicted(proposal) - predicted(prior), negative = better, with its interval. */
  gainOverPrior: number;
  gainOverPriorCi: [number, number];
  /**
   * The best observed training run: predicted(proposal) minus its observed loss (`difference`), and minus the
   * model's prediction at its mixture (`modelDifference`, both sides under the same model), each with its interval.
   */
  bestObserved: {
    index: number; loss: number; weights: Float64Array; difference: number; differenceCi: [number, number];
    modelDifference: number; modelDifferenceCi: [number, number];
  };
  /** Share of the bootstrap resamples in which the proposal is predicted better than the prior. */
  probBetterThanPrior: number;
  /** Samples drawn, and kept within the bounds. */
  drawn: number;
  kept: number;
  /** Resamples used (failed refits left out; `intervalLabel.dropped` counts them). */
  resamples: number;
  /** The weights' label (`labels.weights`), kept for callers that show one label. */
  intervalLabel: IntervalLabel;
  /** What each interval is, with its measured coverage when known. */
  labels: ProposalLabels;
  /** Model cannot extrapolate (trees): its note, also in `warnings`. */
  extrapolationNote?: string;
  warnings: string[];
}

function gamma(rng: Rng, a: number): number {
  if (a < 1) return gamma(rng, a + 1) * Math.pow(rng.next() || Number.MIN_VALUE, 1 / a);
  const d = a - 1 / 3, c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number, v: number;
    do { x = rng.normal(); v = 1 + c * x; } while (v <= 0);
    v = v * v * v;
    const u = rng.next();
    if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/**
 * One Dirichlet draw with concentration `alpha`, from the seeded generator (Marsaglia-Tsang gammas).
 *
 * @example
 * dirichlet(createRng(1), [1, 1, 1]); // Float64Array summing to 1
 */
export function dirichlet(rng: Rng, alpha: ArrayLike<number>): Float64Array {
  const out = new Float64Array(alpha.length);
  let s = 0;
  for (let j = 0; j < alpha.length; j++) { const a = alpha[j]!; out[j] = a > 0 ? gamma(rng, a) : 0; s += out[j]!; }
  for (let j = 0; j < out.length; j++) out[j]! /= s;
  return out;
}

/** Where the search may go: the prior it draws around and per-domain bounds (token availability included). */
export interface SearchSpace { prior: Float64Array; lo: Float64Array; hi: Float64Array }

/**
 * The prior and the per-domain bounds of a proposal, checked: bounds from `bounds`, upper bounds lowered to
 * epochs x available / budget by `tokens`.
 *
 * @example
 * const s = searchSpace(X, { tokens: { available: [30, 100, 100], budget: 100, epochs: 2 } }); // s.hi[0] = 0.6
 */
export function searchSpace(X: readonly Float64Array[], options: Pick<ProposeMixtureOptions, 'prior' | 'bounds' | 'tokens'> = {}): SearchSpace {
  const n = X.length, d = X[0]!.length;
  const prior = new Float64Array(d);
  if (options.prior) {
    if (options.prior.length !== d) throw new InputError(`prior has ${options.prior.length} weights, the runs have ${d} domains`);
    let s = 0;
    for (let j = 0; j < d; j++) { if (!(options.prior[j]! >= 0)) throw new InputError(`prior weight ${j} is not >= 0`); s += options.prior[j]!; }
    for (let j = 0; j < d; j++) prior[j] = options.prior[j]! / s;
  } else for (const r of X) for (let j = 0; j < d; j++) prior[j]! += r[j]! / n;
  const lo = new Float64Array(d), hi = new Float64Array(d).fill(1);
  if (options.bounds) {
    if (options.bounds.length !== d) throw new InputError(`bounds has ${options.bounds.length} entries, the runs have ${d} domains`);
    options.bounds.forEach(([a, b], j) => { lo[j] = a; hi[j] = b; });
  }
  if (options.tokens) {
    const { available, budget } = options.tokens, epochs = options.tokens.epochs ?? 4;
    if (available.length !== d) throw new InputError(`tokens.available has ${available.length} entries, the runs have ${d} domains`);
    if (!(budget > 0)) throw new InputError(`token budget must be > 0, got ${budget}`);
    if (!(epochs > 0)) throw new InputError(`tokens.epochs must be > 0, got ${epochs}`);
    for (let j = 0; j < d; j++) hi[j] = Math.min(hi[j]!, (epochs * available[j]!) / budget);
  }
  let sumLo = 0, sumHi = 0;
  for (let j = 0; j < d; j++) { if (lo[j]! > hi[j]!) throw new InputError(`domain ${j}: lower bound ${lo[j]} above upper bound ${hi[j]}`); sumLo += lo[j]!; sumHi += hi[j]!; }
  if (sumLo > 1 || sumHi < 1) throw new InputError(`no mixture satisfies the bounds: lower bounds sum to ${sumLo}, upper bounds to ${sumHi}`);
  return { prior, lo, hi };
}

/**
 * Draw `samples` candidates: Dirichlet(s * d * prior) with the concentration scale s log-uniform in [0.1, 10] per
 * sample, so the draws range from near the prior to near the simplex's vertices and edges (where RegMix's best
 * mixtures lie); candidates outside the bounds are rejected.
 *
 * @example
 * const cand = drawCandidates(createRng(1), searchSpace(X), 10_000);
 */
export function drawCandidates(rng: Rng, space: SearchSpace, samples: number): Float64Array[] {
  const { prior, lo, hi } = space, d = prior.length;
  const cand: Float64Array[] = [];
  const alpha = new Float64Array(d);
  const floor = 1e-3 / d;
  for (let s = 0; s < samples; s++) {
    const scale = d * Math.pow(10, 2 * rng.next() - 1);
    for (let j = 0; j < d; j++) alpha[j] = scale * Math.max(prior[j]!, floor);
    const w = dirichlet(rng, alpha);
    let ok = true;
    for (let j = 0; j < d; j++) if (w[j]! < lo[j]! || w[j]! > hi[j]!) { ok = false; break; }
    if (ok) cand.push(w);
  }
  return cand;
}

/**
 * The `top` best candidates under `model` (of `subset` when given): indices best first, ties by index, with the
 * predictions of all of `subset`'s candidates (in `subset` order).
 */
function ranked(model: MixtureModel, rows: readonly Float64Array[], top: number, subset?: Int32Array): Int32Array {
  const idx = subset ?? Int32Array.from(rows, (_, i) => i);
  const pred = new Float64Array(idx.length);
  for (let p = 0; p < idx.length; p++) pred[p] = model.predict(rows[idx[p]!]!);
  return Int32Array.from(Array.from(idx, (_, p) => p).sort((a, b) => pred[a]! - pred[b]! || idx[a]! - idx[b]!).slice(0, top), (p) => idx[p]!);
}

/**
 * Mean of the `top` best candidates under `model` (best first, ties by index). With `counts` (a resample of the
 * candidates: count per candidate index), a candidate drawn c times counts c times.
 */
function topMean(model: MixtureModel, rows: readonly Float64Array[], top: number, subset?: Int32Array, counts?: Int32Array): Float64Array {
  const order = ranked(model, rows, top, subset);
  const d = rows[0]!.length, w = new Float64Array(d);
  if (!counts) {
    const k = Math.min(top, order.length);
    for (let p = 0; p < k; p++) { const r = rows[order[p]!]!; for (let j = 0; j < d; j++) w[j]! += r[j]! / k; }
    return w;
  }
  let left = top;
  for (let p = 0; p < order.length && left > 0; p++) {
    const c = Math.min(counts[order[p]!]!, left), r = rows[order[p]!]!;
    for (let j = 0; j < d; j++) w[j]! += (r[j]! * c) / top;
    left -= c;
  }
  return w;
}

/** Bounds of the refinement: the search's, narrowed to the model's trained range (or the start's) unless asked not to. */
function refineBox(model: MixtureModel, space: SearchSpace, start: Float64Array, within: boolean): { lo: Float64Array; hi: Float64Array } {
  if (!within) return { lo: space.lo, hi: space.hi };
  const d = start.length, lo = new Float64Array(d), hi = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    const [a, b] = model.trainedRange[j]!;
    lo[j] = Math.max(space.lo[j]!, Math.min(a, start[j]!));
    hi[j] = Math.min(space.hi[j]!, Math.max(b, start[j]!));
  }
  return { lo, hi };
}

function refined(model: MixtureModel, space: SearchSpace, start: Float64Array, refine: ProposeMixtureOptions['refine']): { w: Float64Array; moves: number; evaluations: number } {
  if (refine === false) return { w: start, moves: 0, evaluations: 0 };
  const o = typeof refine === 'object' ? refine : {};
  const box = refineBox(model, space, start, o.withinTrainedRange ?? true);
  const r = refineMixture((w) => model.predict(w), start, box.lo, box.hi, o);
  return { w: r.weights, moves: r.moves, evaluations: r.evaluations };
}

/** What one bootstrap resample needs (all plain data, so it can be sent to a worker thread). */
export interface ResampleContext {
  name: MixtureModelName;
  X: Float64Array[];
  y: Float64Array;
  options: ProposeMixtureOptions;
  space: SearchSpace;
  /** The main search's candidates (for `bootstrapDraws: 'resampled'`). */
  candidates: Float64Array[];
  /**
   * Indices (ascending) of the candidates a resample's search predicts: the full-data model's best `pool`, or all
   * when absent. A resample's top k from outside the pool is missed; bench/mixture.ts measures how often.
   */
  pool?: Int32Array;
  /** The proposal and the best observed run's mixture, predicted by every resample's model. */
  proposal: Float64Array;
  best: Float64Array;
}

/** One bootstrap resample's results: its own proposal, and its model's predictions at the main one, the prior and the best run. */
export interface ResampleResult {
  ok: boolean;
  /** The resample's own proposal (its refit, its search, its refinement). */
  weights: Float64Array;
  /** Its model's predictions at the fixed mixtures: the full-data proposal, the prior, the best observed run's. */
  atProposal: number; atPrior: number; atBest: number;
  /** Its model's prediction at its own proposal (a minimum over its own noise: diagnostics only). */
  atOwn: number;
  /** One of its out-of-bag residuals (observed minus its prediction), drawn at random: run-to-run noise. */
  oobResidual: number;
}
const FAILED: ResampleResult = { ok: false, weights: new Float64Array(0), atProposal: NaN, atPrior: NaN, atBest: NaN, atOwn: NaN, oobResidual: NaN };

/**
 * One bootstrap resample of a proposal, from its own seed: resample runs, refit, search (resampled or fresh
 * draws), refine. A refit that fails gives `ok: false`.
 *
 * @example
 * const r = proposalResample(ctx, 12345);
 */
export function proposalResample(ctx: ResampleContext, seed: number): ResampleResult {
  const { name, X, y, options, space } = ctx;
  const n = X.length, top = options.top ?? 128;
  const rng = createRng(seed);
  const idx = Array.from({ length: n }, () => rng.int(n));
  let m: MixtureModel;
  try { m = fitResample(name, X, y, idx, options); } catch { return FAILED; }
  let start: Float64Array;
  if ((options.bootstrapDraws ?? 'resampled') === 'fresh') {
    const rows = drawCandidates(rng, space, options.samples ?? 100_000);
    if (rows.length < top) return FAILED;
    start = topMean(m, rows, top);
  } else {
    const K = ctx.candidates.length;
    const draw = new Int32Array(K);
    rng.fillIndices(draw, K);
    const counts = new Int32Array(K);
    for (const i of draw) counts[i]!++;
    // Only the pool's members are predicted (see ResampleContext.pool).
    const pool = ctx.pool ?? Int32Array.from(ctx.candidates, (_, i) => i);
    let u = 0;
    for (const i of pool) if (counts[i]! > 0) u++;
    const subset = new Int32Array(u);
    for (let q = 0, p = 0; q < pool.length; q++) if (counts[pool[q]!]! > 0) subset[p++] = pool[q]!;
    start = topMean(m, ctx.candidates, top, subset, counts);
  }
  const w = refined(m, space, start, options.refine).w;
  // One out-of-bag residual, from the resample's own stream after its search (NaN if every run was drawn).
  const inBag = new Uint8Array(n);
  for (const i of idx) inBag[i] = 1;
  const oob: number[] = [];
  for (let i = 0; i < n; i++) if (!inBag[i]) oob.push(i);
  const k = oob.length ? oob[createRng(seed).fork(7).int(oob.length)]! : -1;
  const oobResidual = k >= 0 ? y[k]! - m.predict(X[k]!) : NaN;
  return { ok: true, weights: w, atProposal: m.predict(ctx.proposal), atPrior: m.predict(space.prior), atBest: m.predict(ctx.best), atOwn: m.predict(w), oobResidual };
}

/** The main search and everything the bootstrap needs, before any resample. */
export interface ProposalPlan {
  ctx: ResampleContext;
  /** One seed per bootstrap resample. */
  seeds: number[];
  full: MixtureModel;
  searched: Float64Array;
  refinement: { moves: number; evaluations: number };
  bestIndex: number;
  drawn: number;
  warnings: string[];
}

/**
 * The main search of {@link proposeMixture} (draws, full-data model, top-k mean, refinement) and the seeds of
 * its bootstrap resamples; {@link finishProposal} turns the resamples' results into the proposal.
 *
 * @example
 * const plan = planProposal('trees', X, y, { seed: 1 });
 * const p = finishProposal(plan, plan.seeds.map((s) => proposalResample(plan.ctx, s)));
 */
export function planProposal(name: MixtureModelName, X: readonly Float64Array[], y: Float64Array, options: ProposeMixtureOptions = {}): ProposalPlan {
  const n = X.length;
  if (n < 2) throw new InputError(`proposing a mixture needs runs to fit; got ${n}`);
  const samples = options.samples ?? 100_000;
  const top = options.top ?? 128;
  const B = options.resamples ?? 200;
  const seed = options.seed ?? 0;
  if (!(Number.isInteger(top) && top >= 1 && top <= samples)) throw new InputError(`top must be an integer in [1, samples], got ${top}`);
  if (!(Number.isInteger(B) && B >= 0)) throw new InputError(`resamples must be an integer >= 0, got ${B}`);
  const warnings: string[] = [];
  const space = searchSpace(X, options);
  const rng = createRng(seed);
  const candidates = drawCandidates(rng, space, samples);
  if (candidates.length < top) throw new InputError(`only ${candidates.length} of ${samples} samples fall within the bounds, fewer than top = ${top}: widen the bounds or draw more samples`);
  if (candidates.length < samples / 10) warnings.push(`only ${candidates.length} of ${samples} samples fall within the bounds`);
  const full = fitMixtureModel(name, X, y, options);
  const poolSize = Math.min(candidates.length, options.pool ?? Math.max(20 * top, Math.ceil(0.05 * candidates.length)));
  if (!(poolSize >= top)) throw new InputError(`pool must be >= top (${top}), got ${options.pool}`);
  const order = ranked(full, candidates, poolSize);
  const searched = new Float64Array(X[0]!.length);
  for (let p = 0; p < top; p++) { const r = candidates[order[p]!]!; for (let j = 0; j < searched.length; j++) searched[j]! += r[j]! / top; }
  const pool = poolSize < candidates.length ? Int32Array.from(order).sort() : undefined;
  const r = refined(full, space, searched, options.refine);
  let bestIndex = 0;
  for (let i = 1; i < n; i++) if (y[i]! < y[bestIndex]!) bestIndex = i;
  const brng = rng.fork(1);
  const seeds = Array.from({ length: B }, () => brng.uint32());
  const ctx: ResampleContext = { name, X: [...X], y, options, space, candidates, ...(pool ? { pool } : {}), proposal: r.w, best: X[bestIndex]! };
  return { ctx, seeds, full, searched, refinement: { moves: r.moves, evaluations: r.evaluations }, bestIndex, drawn: samples, warnings };
}

/**
 * The labels of a proposal's intervals, each carrying the coverage bench/mixture-proposal-coverage.ts measured
 * for its kind (95%, this model and method) when known.
 *
 * @example
 * describeInterval(proposalLabels('trees', 'basic', 0.95, 200, 1, 0, plan.ctx, {}).predicted);
 */
export function proposalLabels(
  name: MixtureModelName, method: 'debiased' | 'basic' | 'percentile', level: number, resamples: number, seed: number, dropped: number,
  ctx: Pick<ResampleContext, 'pool'>, options: Pick<ProposeMixtureOptions, 'bootstrapDraws' | 'refine'>,
): ProposalLabels {
  const base = { level, resamples, seed, ...(dropped > 0 ? { dropped } : {}) };
  const im = method === 'basic' ? 'basic' : 'percentile';
  const shift = method === 'debiased' ? ", median and interval moved by the bootstrap estimate of the search's optimism" : '';
  const cov = (key: keyof ProposalLabels, m: string): { coverage?: number; coverageDesign?: string } => {
    const c = level === 0.95 ? PROPOSAL_COVERAGE[name]?.[`${key}:${m}`] : undefined;
    const what = key === 'weights' ? ": share of the true optimum's domain weights inside" : key === 'predictedRun' ? ': one new run\'s loss inside' : key === 'differences' ? ': the true proposal − prior difference inside' : ': the true loss at the proposal inside';
    return c !== undefined ? { coverage: c, coverageDesign: `${PROPOSAL_COVERAGE_DESIGN[name] ?? 'synthetic replicates'}${what}` } : {};
  };
  const search = (options.bootstrapDraws ?? 'resampled') === 'fresh' ? 'fresh Dirichlet draws' : ctx.pool ? `a resample of the draws, the full model's best ${ctx.pool.length} predicted` : 'a resample of the draws';
  return {
    weights: { ...base, method: 'percentile', over: `runs (each resample refits the model and re-runs the search on ${search}${options.refine === false ? '' : ', then the refinement'}: search and model uncertainty of the proposal)`, ...cov('weights', 'percentile') },
    predicted: { ...base, method: im, over: `runs (resampled models evaluated at the proposed mixture${shift}: the mean loss there, not one run's)`, ...cov('predicted', method) },
    predictedRun: { ...base, method: im, over: `runs (resampled models at the proposed mixture plus an out-of-bag residual${shift}: the loss of one run there)`, ...cov('predictedRun', method) },
    differences: { ...base, method: im, over: `runs (paired: each resampled model at the proposed mixture and at the prior or best run${shift})`, ...cov('differences', method) },
  };
}

/**
 * The proposal from a plan and its resamples' results (in seed order).
 *
 * @example
 * const p = finishProposal(plan, plan.seeds.map((s) => proposalResample(plan.ctx, s)));
 */
export function finishProposal(plan: ProposalPlan, results: readonly ResampleResult[]): MixtureProposal {
  const { ctx, full, searched } = plan;
  const { options, space, y } = ctx;
  const d = space.prior.length, B = plan.seeds.length;
  const conf = options.confidence ?? 0.95;
  const warnings = [...plan.warnings];
  const weights = ctx.proposal;
  const predicted = full.predict(weights), priorPredicted = full.predict(space.prior), atBest = full.predict(ctx.best);
  const bestLoss = y[plan.bestIndex]!;
  let extrapolationNote: string | undefined;
  if (!full.extrapolates) {
    const beyond: string[] = [];
    for (let j = 0; j < d; j++) if (weights[j]! > full.trainedRange[j]![1] || weights[j]! < full.trainedRange[j]![0]) beyond.push(String(j));
    extrapolationNote = `${full.name} cannot predict outside the weights it was trained on (constant beyond them)${beyond.length ? `; the proposal leaves that range on domains ${beyond.join(', ')}` : ''}: its predicted loss is no extrapolation`;
    warnings.push(extrapolationNote);
  }
  const ok = results.filter((r) => r.ok);
  if (B > 0 && ok.length < B) warnings.push(`${B - ok.length} of ${B} bootstrap refits failed and were left out`);
  const a = (1 - conf) / 2;
  const ci = (v: number[]): [number, number] => (v.length >= 2 ? [quantile(v, a), quantile(v, 1 - a)] : [NaN, NaN]);
  const method = options.interval ?? 'debiased';
  // At a fixed mixture: the bootstrap values v of a quantity whose full-data value is `point`.
  const fixed = (point: number, v: number[]): [number, number] => {
    const [lo, hi] = ci(v);
    return method === 'basic' ? [2 * point - hi, 2 * point - lo] : [lo, hi];
  };
  const gB = ok.map((r) => r.atProposal - r.atPrior);
  const run = ok.filter((r) => Number.isFinite(r.oobResidual)).map((r) => r.atProposal + r.oobResidual);
  // The search's optimism in the bootstrap world: each resample's model at its own proposal, minus the full model
  // (the bootstrap world's truth) there.
  const optimism = method === 'debiased' && ok.length ? ok.reduce((acc, r) => acc + r.atOwn - full.predict(r.weights), 0) / ok.length : 0;
  // A quantity at fixed mixtures: its full-data value, its bootstrap values; debiased: their median and
  // percentile interval moved by -optimism when the quantity contains the proposal's loss.
  const at = (point: number, v: number[], proposalSide = true): { value: number; ci: [number, number] } => {
    if (method !== 'debiased') return { value: point, ci: fixed(point, v) };
    const o = proposalSide ? optimism : 0;
    const [lo, hi] = ci(v);
    return { value: v.length >= 2 ? quantile(v, 0.5) - o : point, ci: [lo - o, hi - o] };
  };
  const pred = at(predicted, ok.map((r) => r.atProposal)), gain = at(predicted - priorPredicted, gB);
  const diff = at(predicted - bestLoss, ok.map((r) => r.atProposal - bestLoss)), mdiff = at(predicted - atBest, ok.map((r) => r.atProposal - r.atBest));
  const labels = proposalLabels(full.name, method, conf, B, options.seed ?? 0, B - ok.length, ctx, options);
  return {
    model: full.name, weights,
    weightsCi: Array.from({ length: d }, (_, j) => ci(ok.map((r) => r.weights[j]!))),
    predicted: pred.value, modelPredicted: predicted, optimism, predictedCi: pred.ci, predictedRunCi: at(predicted, run).ci,
    searched, searchedPredicted: full.predict(searched), refinement: plan.refinement,
    prior: space.prior, priorPredicted,
    gainOverPrior: gain.value, gainOverPriorCi: gain.ci,
    bestObserved: {
      index: plan.bestIndex, loss: bestLoss, weights: ctx.best,
      difference: diff.value, differenceCi: diff.ci,
      modelDifference: mdiff.value, modelDifferenceCi: mdiff.ci,
    },
    probBetterThanPrior: gB.length ? gB.filter((g) => g < 0).length / gB.length : NaN,
    drawn: plan.drawn, kept: ctx.candidates.length, resamples: ok.length,
    intervalLabel: labels.weights, labels, ...(extrapolationNote ? { extrapolationNote } : {}),
    warnings,
  };
}

/**
 * Propose a mixture under a model of `name` fitted to the runs (X, y), in the calling thread
 * ({@link proposeMixtureParallel} spreads the resamples over worker threads, same result).
 *
 * @example
 * const p = proposeMixture('linear', train.X, train.y, { samples: 100_000, top: 128, resamples: 200, seed: 1 });
 * p.weights; p.weightsCi; p.predicted; p.gainOverPrior; p.gainOverPriorCi;
 */
export function proposeMixture(name: MixtureModelName, X: readonly Float64Array[], y: Float64Array, options: ProposeMixtureOptions = {}): MixtureProposal {
  const plan = planProposal(name, X, y, options);
  return finishProposal(plan, plan.seeds.map((s) => proposalResample(plan.ctx, s)));
}
