/**
 * Linear and log-linear regression from mixture weights to loss, by least squares with an intercept.
 *
 * Weights sum to 1, so the intercept and the domain columns are collinear: the columns are orthogonalised in order
 * (intercept first, modified Gram-Schmidt, twice) and a column whose remainder is below 1e-10 of its norm is
 * dropped (coefficient 0). The fitted values, and predictions for any mixture summing to 1, are those of the
 * minimum-norm least-squares solution (sklearn's LinearRegression); the coefficients are one of its equivalent
 * parametrisations.
 */
import { InputError } from '../errors.js';

/** A fitted linear model: prediction = intercept + sum_j coef_j w_j (then exp for log-linear). */
export interface LinearFit {
  intercept: number;
  coef: Float64Array;
  /** Domains whose column was dropped as collinear with the others (or constant). */
  dropped: number[];
  /** Whether the model was fitted to log loss. */
  log: boolean;
}

/**
 * Least squares of y on [1, X] with collinear columns dropped.
 *
 * @example
 * const f = fitLinear([[0.2, 0.8], [0.5, 0.5], [0.9, 0.1]].map((r) => Float64Array.from(r)), Float64Array.from([3, 2.5, 2]));
 * predictLinear(f, Float64Array.from([0.7, 0.3])); // ≈ 2.3
 */
export function fitLinear(X: readonly Float64Array[], y: Float64Array, options: { log?: boolean } = {}): LinearFit {
  const n = X.length;
  const log = options.log ?? false;
  if (n !== y.length) throw new InputError(`linear regression: ${n} rows of weights, ${y.length} losses`);
  if (n < 2) throw new InputError(`linear regression needs at least 2 runs, got ${n}`);
  const d = X[0]!.length;
  const t = Float64Array.from(y, (v) => (log ? Math.log(v) : v));
  if (log && t.some((v) => !Number.isFinite(v))) throw new InputError('log-linear regression needs positive losses');
  // Columns: 0 = intercept, 1..d = domains.
  const cols: Float64Array[] = [new Float64Array(n).fill(1)];
  for (let j = 0; j < d; j++) cols.push(Float64Array.from(X, (r) => r[j]!));
  const Q: Float64Array[] = [];
  const kept: number[] = [];
  const R: number[][] = [];
  for (let c = 0; c < cols.length; c++) {
    const v = Float64Array.from(cols[c]!);
    const norm0 = Math.hypot(...v);
    const r = new Array<number>(Q.length).fill(0);
    for (let pass = 0; pass < 2; pass++) {
      for (let k = 0; k < Q.length; k++) {
        const q = Q[k]!;
        let dot = 0;
        for (let i = 0; i < n; i++) dot += q[i]! * v[i]!;
        r[k]! += dot;
        for (let i = 0; i < n; i++) v[i]! -= dot * q[i]!;
      }
    }
    let nv = 0;
    for (let i = 0; i < n; i++) nv += v[i]! * v[i]!;
    nv = Math.sqrt(nv);
    if (!(norm0 > 0) || nv <= 1e-10 * norm0) continue;
    for (let i = 0; i < n; i++) v[i]! /= nv;
    Q.push(v); kept.push(c); R.push([...r, nv]);
  }
  // Solve R b = Q^T t (R upper triangular, R[k] holds column k's coefficients on Q[0..k]).
  const m = Q.length;
  const qt = Q.map((q) => { let s = 0; for (let i = 0; i < n; i++) s += q[i]! * t[i]!; return s; });
  const b = new Float64Array(m);
  for (let k = m - 1; k >= 0; k--) {
    let s = qt[k]!;
    for (let l = k + 1; l < m; l++) s -= R[l]![k]! * b[l]!;
    b[k] = s / R[k]![k]!;
  }
  const coef = new Float64Array(d);
  let intercept = 0;
  kept.forEach((c, k) => { if (c === 0) intercept = b[k]!; else coef[c - 1] = b[k]!; });
  const dropped: number[] = [];
  for (let j = 0; j < d; j++) if (!kept.includes(j + 1)) dropped.push(j);
  return { intercept, coef, dropped, log };
}

/**
 * Predicted loss of one mixture under a {@link LinearFit}.
 *
 * @example
 * predictLinear(fit, Float64Array.from([0.1, 0.9]));
 */
export function predictLinear(fit: LinearFit, w: ArrayLike<number>): number {
  let s = fit.intercept;
  for (let j = 0; j < fit.coef.length; j++) s += fit.coef[j]! * w[j]!;
  return fit.log ? Math.exp(s) : s;
}
