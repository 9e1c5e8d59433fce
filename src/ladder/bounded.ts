/**
 * Box-constrained quasi-Newton minimisation for the small fits of the ladder method (5 and 4 parameters).
 *
 * A projected L-BFGS (two-metric projection, Bertsekas 1982): variables at a bound whose gradient points outward
 * are held fixed, the L-BFGS direction is taken over the free ones, and an Armijo backtracking search runs along
 * the projected path. It plays the role scipy's L-BFGS-B plays in the paper's code (bounds such as "all
 * parameters >= 0"); convergence is judged on the projected gradient.
 */

/** Options of {@link boundedMinimize}. */
export interface BoundedOptions {
  /** Iteration limit (default 10000). */
  maxIter?: number;
  /** Converged when the largest projected-gradient component is at most gtol (default 1e-10). */
  gtol?: number;
  /** Also converged when the objective's relative decrease stays below ftol for 5 iterations while the projected gradient is at most gtolStall (defaults 1e-15 and 1e-6). */
  ftol?: number;
  gtolStall?: number;
  /** Correction pairs kept (default 10). */
  memory?: number;
}

/** Outcome of {@link boundedMinimize}. */
export interface BoundedResult {
  x: Float64Array;
  f: number;
  /** Largest |projected gradient| component at x. */
  pgnorm: number;
  iterations: number;
  converged: boolean;
  /** Why it stopped: 'gtol', 'stall', 'maxIter', 'linesearch' or 'nonfinite'. */
  reason: 'gtol' | 'stall' | 'maxIter' | 'linesearch' | 'nonfinite';
  /** Indices of the parameters that ended on a bound. */
  atBound: number[];
}

/**
 * Minimise `fg` (value, gradient written into g) over the box lower <= x <= upper (±Infinity for none).
 *
 * @example
 * const r = boundedMinimize((x, g) => { g[0] = 2 * (x[0] + 1); return (x[0] + 1) ** 2; }, [2], [0], [Infinity]);
 * r.x[0]; // 0 (the bound), r.converged === true, r.atBound = [0]
 */
export function boundedMinimize(
  fg: (x: Float64Array, g: Float64Array) => number,
  start: ArrayLike<number>,
  lower: ArrayLike<number>,
  upper: ArrayLike<number>,
  options: BoundedOptions = {},
): BoundedResult {
  const n = start.length;
  const maxIter = options.maxIter ?? 10000;
  const gtol = options.gtol ?? 1e-10;
  const ftol = options.ftol ?? 1e-15;
  const gtolStall = options.gtolStall ?? 1e-6;
  const m = options.memory ?? 10;
  const proj = (v: Float64Array): Float64Array => {
    for (let i = 0; i < n; i++) v[i] = Math.min(upper[i]!, Math.max(lower[i]!, v[i]!));
    return v;
  };
  let x = proj(Float64Array.from(start));
  let g = new Float64Array(n);
  let f = fg(x, g);
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const free = new Uint8Array(n);
  const pgOf = (xx: Float64Array, gg: Float64Array, out: Float64Array): number => {
    let mx = 0;
    for (let i = 0; i < n; i++) {
      const atLo = xx[i]! <= lower[i]! && gg[i]! > 0;
      const atHi = xx[i]! >= upper[i]! && gg[i]! < 0;
      free[i] = atLo || atHi ? 0 : 1;
      out[i] = free[i] ? gg[i]! : 0;
      mx = Math.max(mx, Math.abs(out[i]!));
    }
    return mx;
  };
  const pg = new Float64Array(n);
  let pgnorm = pgOf(x, g, pg);
  let stalls = 0;
  let it = 0;
  const finish = (converged: boolean, reason: BoundedResult['reason']): BoundedResult => {
    const atBound: number[] = [];
    for (let i = 0; i < n; i++) if (x[i] === lower[i] || x[i] === upper[i]) atBound.push(i);
    return { x, f, pgnorm, iterations: it, converged, reason, atBound };
  };
  if (!Number.isFinite(f)) return finish(false, 'nonfinite');
  for (; it < maxIter; it++) {
    if (pgnorm <= gtol) return finish(true, 'gtol');
    // two-loop recursion on the free variables
    const d = Float64Array.from(pg);
    const k = S.length;
    const alpha = new Float64Array(k);
    const dotF = (a: Float64Array, b: Float64Array): number => {
      let s = 0;
      for (let i = 0; i < n; i++) if (free[i]) s += a[i]! * b[i]!;
      return s;
    };
    for (let j = k - 1; j >= 0; j--) {
      const sy = dotF(S[j]!, Y[j]!);
      if (sy <= 0) continue;
      alpha[j] = dotF(S[j]!, d) / sy;
      for (let i = 0; i < n; i++) if (free[i]) d[i] = d[i]! - alpha[j]! * Y[j]![i]!;
    }
    if (k > 0) {
      const yy = dotF(Y[k - 1]!, Y[k - 1]!);
      const sy = dotF(S[k - 1]!, Y[k - 1]!);
      if (yy > 0 && sy > 0) for (let i = 0; i < n; i++) d[i] = d[i]! * (sy / yy);
    }
    for (let j = 0; j < k; j++) {
      const sy = dotF(S[j]!, Y[j]!);
      if (sy <= 0) continue;
      const b = dotF(Y[j]!, d) / sy;
      for (let i = 0; i < n; i++) if (free[i]) d[i] = d[i]! + (alpha[j]! - b) * S[j]![i]!;
    }
    for (let i = 0; i < n; i++) d[i] = free[i] ? -d[i]! : 0;
    if (dotF(d, pg) >= 0) {
      for (let i = 0; i < n; i++) d[i] = -pg[i]!;
      S.length = 0;
      Y.length = 0;
    }
    // first iteration without curvature: a step of unit length at most
    let t = 1;
    if (k === 0) {
      let dn = 0;
      for (let i = 0; i < n; i++) dn = Math.max(dn, Math.abs(d[i]!));
      if (dn > 1) t = 1 / dn;
    }
    const gNew = new Float64Array(n);
    let xNew = new Float64Array(n);
    let fNew = NaN;
    let accepted = false;
    for (let ls = 0; ls < 60; ls++) {
      for (let i = 0; i < n; i++) xNew[i] = x[i]! + t * d[i]!;
      proj(xNew);
      fNew = fg(xNew, gNew);
      let decrease = 0;
      for (let i = 0; i < n; i++) decrease += g[i]! * (xNew[i]! - x[i]!);
      if (Number.isFinite(fNew) && fNew <= f + 1e-4 * decrease) {
        accepted = true;
        break;
      }
      t *= 0.5;
    }
    if (!accepted) {
      // the quasi-Newton direction failed (Huber's kinks make curvature pairs misleading): retry once from the
      // projected gradient with the memory cleared before giving up
      if (k > 0) {
        S.length = 0;
        Y.length = 0;
        continue;
      }
      return finish(pgnorm <= gtolStall, pgnorm <= gtolStall ? 'stall' : 'linesearch');
    }
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    let sy = 0;
    for (let i = 0; i < n; i++) {
      s[i] = xNew[i]! - x[i]!;
      y[i] = gNew[i]! - g[i]!;
      sy += s[i]! * y[i]!;
    }
    if (sy > 1e-300) {
      S.push(s);
      Y.push(y);
      if (S.length > m) {
        S.shift();
        Y.shift();
      }
    }
    const rel = Math.abs(f - fNew) / Math.max(Math.abs(f), Math.abs(fNew), 1e-300);
    x = xNew;
    g = gNew;
    f = fNew;
    pgnorm = pgOf(x, g, pg);
    stalls = rel <= ftol ? stalls + 1 : 0;
    if (stalls >= 5 && pgnorm <= gtolStall) return finish(true, 'stall');
    xNew = new Float64Array(n);
  }
  return finish(false, 'maxIter');
}
