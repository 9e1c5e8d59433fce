/**
 * Box-constrained Levenberg-Marquardt for the ladder's small least-squares fits (step 2's sigmoid: 4 parameters,
 * about 1,400 weighted checkpoints). The caller's `model` returns the objective 0.5 x sum w r^2 and writes its
 * gradient J'Wr and Gauss-Newton matrix J'WJ in one pass over the points, so an iteration costs one pass, and the
 * method converges in tens of iterations where a quasi-Newton method on the same objective needed hundreds to
 * thousands (the sigmoid's amplitude, offset and slope are strongly correlated). Parameters on a bound whose
 * gradient points outward are held fixed (active set), the step is projected onto the box, and convergence is
 * judged on the projected gradient, as in {@link boundedMinimize}.
 */
import type { BoundedResult } from './bounded.js';

/** Options of {@link boundedLeastSquares}. */
export interface LeastSquaresOptions {
  /** Iteration limit (default 500). */
  maxIter?: number;
  /** Converged when the largest projected-gradient component is at most gtol (default 1e-12). */
  gtol?: number;
  /**
   * Also converged at the objective's rounding floor: when the undamped Gauss-Newton step promises a decrease below
   * 1e-13 of the objective (no step can lower it in floating point) and moves no free parameter by more than
   * xtol x max(1, |x|) (default 1e-6: the remaining movement is far below any interval's width).
   */
  xtol?: number;
}

/**
 * Minimise 0.5 x sum w r^2 over lower <= x <= upper. `model(x, g, H)` returns the objective and writes the gradient
 * into g (length n) and the Gauss-Newton matrix into H (n x n, row-major); a non-finite objective is a rejected step.
 *
 * @example
 * // fit y = a + b t to three points, a >= 0
 * const t = [0, 1, 2], y = [1, 3, 5];
 * const r = boundedLeastSquares((x, g, H) => {
 *   g.fill(0); H.fill(0); let f = 0;
 *   for (let i = 0; i < 3; i++) { const e = x[0] + x[1] * t[i] - y[i]; const J = [1, t[i]];
 *     f += 0.5 * e * e; for (let a = 0; a < 2; a++) { g[a] += J[a] * e; for (let b = 0; b < 2; b++) H[a * 2 + b] += J[a] * J[b]; } }
 *   return f;
 * }, [0, 0], [0, -Infinity], [Infinity, Infinity]);
 * r.x; // [1, 2]
 */
export function boundedLeastSquares(
  model: (x: Float64Array, g: Float64Array, H: Float64Array) => number,
  start: ArrayLike<number>,
  lower: ArrayLike<number>,
  upper: ArrayLike<number>,
  options: LeastSquaresOptions = {},
): BoundedResult {
  const n = start.length;
  const maxIter = options.maxIter ?? 500;
  const gtol = options.gtol ?? 1e-12;
  const xtol = options.xtol ?? 1e-6;
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = Math.min(upper[i]!, Math.max(lower[i]!, start[i]!));
  const g = new Float64Array(n);
  const H = new Float64Array(n * n);
  const gT = new Float64Array(n);
  const HT = new Float64Array(n * n);
  const xT = new Float64Array(n);
  const free = new Uint8Array(n);
  const A = new Float64Array(n * n);
  const d = new Float64Array(n);
  let f = model(x, g, H);
  let evals = 1;
  let lambda = 1e-3;
  let it = 0;
  const pgNorm = (): number => {
    let mx = 0;
    for (let i = 0; i < n; i++) {
      const out = (x[i]! <= lower[i]! && g[i]! > 0) || (x[i]! >= upper[i]! && g[i]! < 0);
      free[i] = out ? 0 : 1;
      if (!out) mx = Math.max(mx, Math.abs(g[i]!));
    }
    return mx;
  };
  // at the rounding floor: the undamped Gauss-Newton step H_FF^-1 g_F would lower the objective by less than
  // 1e-13 of it (its last digits) and move no parameter by more than xtol (relative); false when H_FF is singular
  const atFloor = (): boolean => {
    for (let a = 0; a < n; a++) {
      for (let b = 0; b < n; b++) A[a * n + b] = free[a] && free[b] ? H[a * n + b]! : a === b ? 1 : 0;
      d[a] = free[a] ? g[a]! : 0;
    }
    if (!choleskySolve(A, d, n)) return false;
    let dec = 0;
    let step = 0;
    let scale = 1;
    for (let a = 0; a < n; a++) {
      if (!free[a]) continue;
      dec += 0.5 * g[a]! * d[a]!;
      step = Math.max(step, Math.abs(d[a]!));
      scale = Math.max(scale, Math.abs(x[a]!));
    }
    return dec <= 1e-13 * Math.abs(f) && step <= xtol * scale;
  };
  const finish = (converged: boolean, reason: BoundedResult['reason'], pg: number): BoundedResult => {
    const atBound: number[] = [];
    for (let i = 0; i < n; i++) if (x[i] === lower[i] || x[i] === upper[i]) atBound.push(i);
    return { x, f, pgnorm: pg, iterations: it, converged, reason, atBound, evaluations: evals };
  };
  if (!Number.isFinite(f)) return finish(false, 'nonfinite', Infinity);
  let pg = pgNorm();
  let nu = 2;
  for (; it < maxIter; it++) {
    if (pg <= gtol) return finish(true, 'gtol', pg);
    if (atFloor()) {
      // polish with the undamped step (it solves a linear problem exactly); stop when it cannot lower the objective
      for (let i = 0; i < n; i++) xT[i] = Math.min(upper[i]!, Math.max(lower[i]!, x[i]! - d[i]!));
      const fT = model(xT, gT, HT);
      evals++;
      if (!(Number.isFinite(fT) && fT < f)) return finish(true, 'stall', pg);
      x.set(xT);
      g.set(gT);
      H.set(HT);
      f = fT;
      pg = pgNorm();
      continue;
    }
    let accepted = false;
    for (let tries = 0; tries < 40 && !accepted; tries++) {
      // (H_FF + lambda diag(H_FF)) d_F = -g_F by Cholesky (a floor under the diagonal for a parameter the data do
      // not move, e.g. a saturated sigmoid's slope); fixed parameters do not move
      let maxDiag = 0;
      for (let a = 0; a < n; a++) maxDiag = Math.max(maxDiag, Math.abs(H[a * n + a]!));
      const floor = 1e-12 * maxDiag + 1e-300;
      for (let a = 0; a < n; a++) {
        for (let b = 0; b < n; b++) A[a * n + b] = free[a] && free[b] ? H[a * n + b]! : a === b ? 1 : 0;
        if (free[a]) A[a * n + a] = H[a * n + a]! + lambda * Math.max(Math.abs(H[a * n + a]!), floor);
        d[a] = free[a] ? -g[a]! : 0;
      }
      if (!choleskySolve(A, d, n)) {
        lambda *= nu;
        nu *= 2;
        continue;
      }
      for (let i = 0; i < n; i++) xT[i] = Math.min(upper[i]!, Math.max(lower[i]!, x[i]! + d[i]!));
      const fT = model(xT, gT, HT);
      evals++;
      if (Number.isFinite(fT) && fT < f) {
        // Nielsen's update: the damping follows how well the quadratic model predicted the decrease
        let pred = 0;
        for (let a = 0; a < n; a++) {
          const sa = xT[a]! - x[a]!;
          let hs = 0;
          for (let b = 0; b < n; b++) hs += H[a * n + b]! * (xT[b]! - x[b]!);
          pred -= g[a]! * sa + 0.5 * sa * hs;
        }
        const rho = pred > 0 ? (f - fT) / pred : 0;
        x.set(xT);
        g.set(gT);
        H.set(HT);
        f = fT;
        lambda = Math.max(lambda * Math.max(1 / 3, 1 - (2 * rho - 1) ** 3), 1e-15);
        nu = 2;
        accepted = true;
      } else {
        lambda *= nu;
        nu *= 2;
      }
    }
    pg = pgNorm();
    if (!accepted) {
      if (atFloor()) return finish(true, 'stall', pg);
      return finish(false, 'linesearch', pg);
    }
  }
  return finish(pg <= gtol, pg <= gtol ? 'gtol' : 'maxIter', pg);
}

/** Solve A x = b in place (b becomes x) for a symmetric positive definite A (destroyed); false when it is not. */
function choleskySolve(A: Float64Array, b: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) {
    let s = A[j * n + j]!;
    for (let k = 0; k < j; k++) s -= A[j * n + k]! * A[j * n + k]!;
    if (!(s > 0)) return false;
    const l = Math.sqrt(s);
    A[j * n + j] = l;
    for (let i = j + 1; i < n; i++) {
      let t = A[i * n + j]!;
      for (let k = 0; k < j; k++) t -= A[i * n + k]! * A[j * n + k]!;
      A[i * n + j] = t / l;
    }
  }
  for (let i = 0; i < n; i++) {
    let t = b[i]!;
    for (let k = 0; k < i; k++) t -= A[i * n + k]! * b[k]!;
    b[i] = t / A[i * n + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let t = b[i]!;
    for (let k = i + 1; k < n; k++) t -= A[k * n + i]! * b[k]!;
    b[i] = t / A[i * n + i]!;
  }
  return true;
}
