/**
 * The Data Mixing Law (Ye et al. 2024): L(r) = c + k exp(sum_j t_j r_j), fitted by least squares with the
 * project's L-BFGS (analytic gradient, several starts, best kept).
 *
 * Since sum_j r_j = 1, adding a constant to every t_j is the same as scaling k: t of a reference domain (the one
 * with the largest mean weight) is fixed at 0, so the fit is identifiable. k is kept positive (fitted as log k).
 */
import { lbfgsMinimize } from '../stats/optim-lbfgs.js';
import { FitError, InputError } from '../errors.js';

/** A fitted Data Mixing Law. */
export interface LawFit {
  c: number;
  k: number;
  /** t_j per domain (t of `reference` is 0). */
  t: Float64Array;
  /** Index of the reference domain. */
  reference: number;
  /** Mean squared error on the training runs. */
  mse: number;
  converged: boolean;
}

/**
 * Fit L(r) = c + k exp(t . r) to runs.
 *
 * @example
 * const law = fitMixingLaw(X, y);
 * predictLaw(law, X[0]); // close to y[0]
 */
export function fitMixingLaw(X: readonly Float64Array[], y: Float64Array): LawFit {
  const n = X.length;
  if (n !== y.length) throw new InputError(`mixing law: ${n} rows of weights, ${y.length} losses`);
  const d = X[0]?.length ?? 0;
  if (n < d + 2) throw new InputError(`the mixing law over ${d} domains has ${d + 1} free parameters and needs at least ${d + 2} runs, got ${n}`);
  const meanW = new Float64Array(d);
  for (const r of X) for (let j = 0; j < d; j++) meanW[j]! += r[j]! / n;
  let ref = 0;
  for (let j = 1; j < d; j++) if (meanW[j]! > meanW[ref]!) ref = j;
  let ymin = Infinity, ymean = 0;
  for (const v of y) { ymin = Math.min(ymin, v); ymean += v / n; }
  // Parameters: [c, log k, t_j for j != ref].
  const free = [...Array(d).keys()].filter((j) => j !== ref);
  const p = free.length + 2;
  const E = new Float64Array(n);
  const fg = (x: Float64Array, g: Float64Array): number => {
    g.fill(0);
    let f = 0;
    for (let i = 0; i < n; i++) {
      const r = X[i]!;
      let s = x[1]!;
      for (let a = 0; a < free.length; a++) s += x[a + 2]! * r[free[a]!]!;
      const e = Math.exp(s);
      E[i] = e;
      const res = x[0]! + e - y[i]!;
      f += res * res;
      g[0]! += 2 * res;
      g[1]! += 2 * res * e;
      for (let a = 0; a < free.length; a++) g[a + 2]! += 2 * res * e * r[free[a]!]!;
    }
    for (let a = 0; a < p; a++) g[a]! /= n;
    return f / n;
  };
  let best: { x: Float64Array; f: number; converged: boolean } | undefined;
  for (const frac of [0, 0.5, 0.9]) {
    const c0 = frac * ymin;
    const x0 = new Float64Array(p);
    x0[0] = c0; x0[1] = Math.log(Math.max(ymean - c0, 1e-6));
    const r = lbfgsMinimize(fg, x0, { maxIter: 5000, gtol: 1e-10 });
    if (Number.isFinite(r.f) && (!best || r.f < best.f)) best = { x: r.x, f: r.f, converged: r.converged };
  }
  if (!best) throw new FitError('mixing law: no start reached a finite fit (losses may be far from the exponential form)');
  const t = new Float64Array(d);
  free.forEach((j, a) => { t[j] = best!.x[a + 2]!; });
  return { c: best.x[0]!, k: Math.exp(best.x[1]!), t, reference: ref, mse: best.f, converged: best.converged };
}

/**
 * Predicted loss of a mixture under a {@link LawFit}.
 *
 * @example
 * predictLaw(law, Float64Array.from(weights));
 */
export function predictLaw(fit: LawFit, w: ArrayLike<number>): number {
  let s = 0;
  for (let j = 0; j < fit.t.length; j++) s += fit.t[j]! * w[j]!;
  return fit.c + fit.k * Math.exp(s);
}
