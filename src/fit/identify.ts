/**
 * Identifiability of a fit from its design: the Gauss-Newton information J'J of the log-predictions
 * (J = d log L_i / d theta, centred parametrisation) at the optimum, scaled to unit diagonal. Its smallest
 * eigenvalue (1 / condition number of the correlation form) and that eigenvector's loadings say which parameters
 * the data cannot tell apart; with the residual scale sigma (1.4826 x MAD of the log residuals) it gives
 * linearised standard errors se_k = sigma sqrt((J'J)^-1_kk).
 *
 * Why J'J and not the objective's own Hessian: with Huber's delta = 1e-3 only points whose residual is below
 * delta contribute curvature, so the objective's Hessian measures how many points happen to fall within delta,
 * not what the design can identify (it is kept for the near-zero-curvature check in fitLaw).
 *
 * The rule (calibrated by scripts/fit-identifiability-calibrate.ts on synthetic sweeps of shrinking N and D
 * ranges; see bench/RESULTS.md): an exponent (alpha, beta for Chinchilla) whose linearised relative SE exceeds
 * {@link REL_SE_LIMIT} is "poorly identified".
 *
 * @example
 * const id = identifiability(fit.problem, fit.theta);
 * id.relSe.alpha; id.minEigenvalue; id.weakest; // ['a', 'alpha']
 */
import type { FitProblem } from './fit.js';
import { symmetricEigen } from './linalg.js';

/** Relative linearised SE of an exponent above which it is reported as poorly identified. */
export const REL_SE_LIMIT = 0.25;

/** Result of {@link identifiability}. */
export interface Identifiability {
  /** Residual scale of the log loss: 1.4826 x median absolute residual. */
  sigma: number;
  /** Linearised standard error of each optimisation parameter (centred scale; exponents are unchanged by centring). */
  se: Record<string, number>;
  /** se / |value| per optimisation parameter. */
  relSe: Record<string, number>;
  /** Smallest eigenvalue of J'J scaled to unit diagonal (0 = unidentifiable, 1 = orthogonal). */
  minEigenvalue: number;
  /** Parameters loading more than 0.3 on the eigenvector of the smallest eigenvalue. */
  weakest: string[];
  /** The exponents whose relative SE exceeds {@link REL_SE_LIMIT}. */
  poorlyIdentified: string[];
}

/** Invert a symmetric positive (semi)definite matrix via its eigendecomposition; tiny eigenvalues give Infinity. */
function invDiag(m: number[][]): number[] {
  const { values, vectors } = symmetricEigen(m);
  const p = m.length;
  const top = Math.max(...values.map(Math.abs));
  return Array.from({ length: p }, (_, i) => values.reduce((s, lam, k) => s + (lam > top * 1e-14 ? vectors[k]![i]! ** 2 / lam : Infinity), 0));
}

/**
 * Design-based identifiability at parameters `theta` (the law's own, uncentred) of `prob`.
 *
 * @example
 * identifiability(fit.problem, fit.theta).poorlyIdentified; // [] or e.g. ['alpha']
 */
export function identifiability(prob: FitProblem, theta: ArrayLike<number>): Identifiability {
  const law = prob.law;
  const p = law.params.length;
  const n = prob.y.length;
  const nat = law.inputs.map((v) => prob.data[v]);
  const xs = (i: number): number[] => nat.map((c) => c[i]!);
  // Centred parameters; derivatives by central differences of the log-prediction.
  const tc = Float64Array.from(theta);
  law.center?.(tc, prob.means, 1);
  const un = (t: Float64Array): Float64Array => { const u = Float64Array.from(t); law.center?.(u, prob.means, -1); return u; };
  const J = Array.from({ length: n }, () => new Float64Array(p));
  const tp = Float64Array.from(tc);
  for (let j = 0; j < p; j++) {
    const h = 1e-6 * Math.max(1, Math.abs(tc[j]!));
    tp[j] = tc[j]! + h; const up = un(tp);
    tp[j] = tc[j]! - h; const um = un(tp);
    tp[j] = tc[j]!;
    for (let i = 0; i < n; i++) J[i]![j] = (law.logPredict(up, xs(i)) - law.logPredict(um, xs(i))) / (2 * h);
  }
  const w = new Float64Array(n).fill(1);
  const M = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let i = 0; i < n; i++) for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) M[a]![b] = M[a]![b]! + w[i]! * J[i]![a]! * J[i]![b]!;
  const resid = Array.from({ length: n }, (_, i) => Math.abs(law.logPredict(theta, xs(i)) - prob.y[i]!)).sort((x, y) => x - y);
  const sigma = 1.4826 * (n % 2 ? resid[(n - 1) / 2]! : (resid[n / 2 - 1]! + resid[n / 2]!) / 2);
  const se: Record<string, number> = {};
  const relSe: Record<string, number> = {};
  const diag = M.map((r, i) => r[i]!);
  let minEigenvalue = 0;
  let weakest: string[] = [];
  if (diag.every((d) => d > 0 && Number.isFinite(d))) {
    const S = M.map((r, i) => r.map((v, j) => v / Math.sqrt(diag[i]! * diag[j]!)));
    const { values, vectors } = symmetricEigen(S);
    minEigenvalue = Math.max(0, values[0]!);
    weakest = law.params.filter((_, i) => Math.abs(vectors[0]![i]!) > 0.3);
    const inv = invDiag(M);
    law.params.forEach((k, i) => { se[k] = sigma * Math.sqrt(inv[i]!); relSe[k] = se[k]! / Math.abs(tc[i]!); });
  } else {
    weakest = law.params.filter((_, i) => !(diag[i]! > 0));
    law.params.forEach((k) => { se[k] = Infinity; relSe[k] = Infinity; });
  }
  const exponents = law.params.filter((k) => /^alpha|^beta/.test(k));
  const poorlyIdentified = exponents.filter((k) => !(relSe[k]! <= REL_SE_LIMIT));
  return { sigma, se, relSe, minEigenvalue, weakest, poorlyIdentified };
}
