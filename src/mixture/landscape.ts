/**
 * The loss landscape of a fitted mixture model along two domains: the share of each of the two varied on a grid,
 * the rest of the mixture kept in the prior's proportions; and which domains move the prediction most.
 */
import { InputError } from '../errors.js';
import type { MixtureModel } from './models.js';

/**
 * Move `share` of the mixture onto domain `j`, the rest in `base`'s proportions (base's weight on j removed).
 *
 * @example
 * withShare(Float64Array.from([0.5, 0.5]), 0, 0.8); // [0.8, 0.2]
 */
export function withShare(base: ArrayLike<number>, j: number, share: number): Float64Array {
  const rest = 1 - base[j]!;
  const out = new Float64Array(base.length);
  for (let k = 0; k < base.length; k++) out[k] = k === j ? share : rest > 0 ? (base[k]! * (1 - share)) / rest : (1 - share) / (base.length - 1);
  return out;
}

/**
 * Domains ranked by influence: the range of the predicted loss when the domain's share goes from 0 to its
 * largest trained weight (the rest in the prior's proportions). Largest first.
 *
 * @example
 * domainInfluence(model, prior)[0]; // { domain: 11, range: 1.2 }
 */
export function domainInfluence(model: MixtureModel, prior: ArrayLike<number>, steps = 21): { domain: number; range: number }[] {
  const d = prior.length;
  const out: { domain: number; range: number }[] = [];
  for (let j = 0; j < d; j++) {
    const hi = model.trainedRange[j]?.[1] ?? 1;
    let lo = Infinity, up = -Infinity;
    for (let s = 0; s < steps; s++) { const v = model.predict(withShare(prior, j, (hi * s) / (steps - 1))); lo = Math.min(lo, v); up = Math.max(up, v); }
    out.push({ domain: j, range: up - lo });
  }
  return out.sort((a, b) => b.range - a.range || a.domain - b.domain);
}

/** A grid of predictions over the shares of two domains. */
export interface MixtureLandscape {
  domains: [number, number];
  /** Grid points: shares a of the first domain and b of the second (a + b <= 1), the predicted loss. */
  points: { a: number; b: number; predicted: number }[];
}

/**
 * Predict on a triangular grid of shares (a for domain i, b for domain j, the remaining 1 - a - b spread over the
 * other domains in the prior's proportions).
 *
 * @example
 * const L = mixtureLandscape(model, prior, 11, 3, 21);
 */
export function mixtureLandscape(model: MixtureModel, prior: ArrayLike<number>, i: number, j: number, steps = 21): MixtureLandscape {
  const d = prior.length;
  if (i === j || i < 0 || j < 0 || i >= d || j >= d) throw new InputError(`landscape: two different domains in [0, ${d}) needed, got ${i} and ${j}`);
  if (!(Number.isInteger(steps) && steps >= 2)) throw new InputError(`landscape: steps must be an integer >= 2, got ${steps}`);
  let rest = 0;
  for (let k = 0; k < d; k++) if (k !== i && k !== j) rest += prior[k]!;
  const points: MixtureLandscape['points'] = [];
  const w = new Float64Array(d);
  for (let s = 0; s < steps; s++) for (let t = 0; s + t < steps; t++) {
    const a = s / (steps - 1), b = t / (steps - 1), r = Math.max(0, 1 - a - b);
    for (let k = 0; k < d; k++) w[k] = k === i ? a : k === j ? b : rest > 0 ? (prior[k]! * r) / rest : r / (d - 2);
    points.push({ a, b, predicted: model.predict(w) });
  }
  return { domains: [i, j], points };
}
