/**
 * Propose the next mixture (RegMix's recipe): draw many mixtures from Dirichlet distributions around a prior,
 * predict each under a fitted model, and average the `top` best. Per-domain bounds and token availability (no
 * domain repeated more than `epochs` times for the token budget) are enforced by rejecting samples beyond them.
 * A bootstrap over the training runs refits the model and repeats the selection, giving an interval on each
 * proposed weight, on the predicted loss, and on the predicted gain over the prior mixture.
 *
 * For speed, the bootstrap re-ranks only the `pool` best candidates of the full-data model (default 20 x top),
 * not all samples: a resampled model's top k is taken from candidates the full model already found good.
 */
import { InputError } from '../errors.js';
import { createRng, type Rng } from '../stats/random.js';
import { quantile } from '../stats/descriptive.js';
import { fitMixtureModel, fitResample, type FitMixtureOptions, type MixtureModelName, type MixtureModel } from './models.js';

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
  /** Bootstrap resamples over training runs (default 200; 0 for none). */
  resamples?: number;
  /** Candidates re-ranked by each bootstrap model (default 20 x top). */
  pool?: number;
  /** Seed (default 0). */
  seed?: number;
  /** Confidence level of the intervals (default 0.95). */
  confidence?: number;
}

/** A proposed mixture with bootstrap intervals. */
export interface MixtureProposal {
  model: MixtureModelName;
  weights: Float64Array;
  /** Percentile interval of each weight over bootstrap resamples (NaN without resamples). */
  weightsCi: [number, number][];
  predicted: number;
  predictedCi: [number, number];
  prior: Float64Array;
  priorPredicted: number;
  /** predicted(proposal) - predicted(prior), negative = better, with its interval. */
  gainOverPrior: number;
  gainOverPriorCi: [number, number];
  /** The best observed training run and predicted(proposal) minus its observed loss, with its interval. */
  bestObserved: { index: number; loss: number; weights: Float64Array; difference: number; differenceCi: [number, number] };
  /** Share of the bootstrap resamples in which the proposal is predicted better than the prior. */
  probBetterThanPrior: number;
  /** Samples drawn, and kept within the bounds. */
  drawn: number;
  kept: number;
  resamples: number;
  intervalLabel: { level: number; method: 'percentile'; resamples: number; seed: number; over: 'runs' };
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

function topMean(pred: Float64Array, cand: readonly Float64Array[], idx: readonly number[], k: number): Float64Array {
  const order = [...idx].sort((a, b) => pred[a]! - pred[b]! || a - b).slice(0, k);
  const d = cand[0]!.length, w = new Float64Array(d);
  for (const i of order) for (let j = 0; j < d; j++) w[j]! += cand[i]![j]! / order.length;
  return w;
}

/**
 * Propose a mixture under a model of `name` fitted to the runs (X, y).
 *
 * @example
 * const p = proposeMixture('linear', train.X, train.y, { samples: 100_000, top: 128, resamples: 200, seed: 1 });
 * p.weights; p.weightsCi; p.predicted; p.gainOverPrior; p.gainOverPriorCi;
 */
export function proposeMixture(name: MixtureModelName, X: readonly Float64Array[], y: Float64Array, options: ProposeMixtureOptions = {}): MixtureProposal {
  const n = X.length;
  if (n < 2) throw new InputError(`proposing a mixture needs runs to fit; got ${n}`);
  const d = X[0]!.length;
  const samples = options.samples ?? 100_000;
  const top = options.top ?? 128;
  const B = options.resamples ?? 200;
  const seed = options.seed ?? 0;
  const conf = options.confidence ?? 0.95;
  if (!(Number.isInteger(top) && top >= 1 && top <= samples)) throw new InputError(`top must be an integer in [1, samples], got ${top}`);
  const warnings: string[] = [];
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
    for (let j = 0; j < d; j++) hi[j] = Math.min(hi[j]!, (epochs * available[j]!) / budget);
  }
  let sumLo = 0, sumHi = 0;
  for (let j = 0; j < d; j++) { if (lo[j]! > hi[j]!) throw new InputError(`domain ${j}: lower bound ${lo[j]} above upper bound ${hi[j]}`); sumLo += lo[j]!; sumHi += hi[j]!; }
  if (sumLo > 1 || sumHi < 1) throw new InputError(`no mixture satisfies the bounds: lower bounds sum to ${sumLo}, upper bounds to ${sumHi}`);
  // Candidates: Dirichlet(s * d * prior) with the concentration scale s log-uniform in [0.1, 10] per sample, so the
  // draws range from near the prior to near the simplex's vertices and edges (where RegMix's best mixtures lie).
  const rng = createRng(seed);
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
  if (cand.length < top) throw new InputError(`only ${cand.length} of ${samples} samples fall within the bounds, fewer than top = ${top}: widen the bounds or draw more samples`);
  if (cand.length < samples / 10) warnings.push(`only ${cand.length} of ${samples} samples fall within the bounds`);
  const full = fitMixtureModel(name, X, y, options);
  const pred = full.predictMany(cand);
  const all = cand.map((_, i) => i);
  const weights = topMean(pred, cand, all, top);
  const poolSize = Math.min(cand.length, options.pool ?? 20 * top);
  const pool = [...all].sort((a, b) => pred[a]! - pred[b]! || a - b).slice(0, poolSize);
  let bestI = 0;
  for (let i = 1; i < n; i++) if (y[i]! < y[bestI]!) bestI = i;
  const predicted = full.predict(weights), priorPredicted = full.predict(prior);
  if (!full.extrapolates) {
    const beyond: string[] = [];
    for (let j = 0; j < d; j++) if (weights[j]! > full.trainedRange[j]![1] || weights[j]! < full.trainedRange[j]![0]) beyond.push(String(j));
    warnings.push(`${name} cannot predict outside the weights it was trained on (constant beyond them)${beyond.length ? `; the proposal leaves that range on domains ${beyond.join(', ')}` : ''}: its predicted loss is no extrapolation`);
  }
  // Bootstrap over training runs.
  const wB: Float64Array[] = [], pB: number[] = [], gB: number[] = [], dB: number[] = [];
  const brng = rng.fork(1);
  for (let b = 0; b < B; b++) {
    const idx = Array.from({ length: n }, () => brng.int(n));
    let m: MixtureModel;
    try { m = fitResample(name, X, y, idx, options); } catch { continue; }
    const pp = new Float64Array(cand.length);
    for (const i of pool) pp[i] = m.predict(cand[i]!);
    const w = topMean(pp, cand, pool, top);
    const pw = m.predict(w);
    wB.push(w); pB.push(pw); gB.push(pw - m.predict(prior)); dB.push(pw - y[bestI]!);
  }
  if (B > 0 && wB.length < B) warnings.push(`${B - wB.length} of ${B} bootstrap refits failed and were left out`);
  const a = (1 - conf) / 2;
  const ci = (v: number[]): [number, number] => (v.length >= 2 ? [quantile(v, a), quantile(v, 1 - a)] : [NaN, NaN]);
  return {
    model: name, weights,
    weightsCi: Array.from({ length: d }, (_, j) => ci(wB.map((w) => w[j]!))),
    predicted, predictedCi: ci(pB), prior, priorPredicted,
    gainOverPrior: predicted - priorPredicted, gainOverPriorCi: ci(gB),
    bestObserved: { index: bestI, loss: y[bestI]!, weights: X[bestI]!, difference: predicted - y[bestI]!, differenceCi: ci(dB) },
    probBetterThanPrior: gB.length ? gB.filter((g) => g < 0).length / gB.length : NaN,
    drawn: samples, kept: cand.length, resamples: wB.length,
    intervalLabel: { level: conf, method: 'percentile', resamples: wB.length, seed, over: 'runs' },
    warnings,
  };
}
