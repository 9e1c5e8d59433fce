/**
 * L-BFGS minimisation with a strong-Wolfe line search (Nocedal & Wright, Numerical Optimization, 2nd ed.,
 * algorithms 7.4, 3.5 and 3.6), for smooth objectives with an analytic gradient.
 *
 * The function is SELF-CONTAINED on purpose (no imports, nested helpers only): the fitting engine ships its
 * source text to worker threads (`lbfgsMinimize.toString()`), so the same code runs in every thread and the
 * results are identical whatever the thread count.
 *
 * Convergence: `converged` is true when the gradient's largest component is at most `gtol`, or when the
 * objective has stopped decreasing (relative change below `ftol` three iterations running, or no step along the
 * search direction decreases it) while the gradient is at most `gtolStall`. Anything else (iteration limit,
 * a stall with a large gradient, a non-finite objective) is reported as not converged with a reason.
 *
 * @example
 * const r = lbfgsMinimize((x, g) => { g[0] = 2 * (x[0] - 3); g[1] = 4 * x[1]; return (x[0] - 3) ** 2 + 2 * x[1] ** 2; }, [0, 1]);
 * r.x; // ≈ [3, 0]
 * r.converged; // true
 */
export interface LbfgsOptions {
  /** Iteration limit (default 2000). */
  maxIter?: number;
  /** Number of correction pairs kept (default 10). */
  memory?: number;
  /** Stop when max |g_i| <= gtol (default 1e-10). */
  gtol?: number;
  /** Relative objective change counted as a stall (default 1e-15). */
  ftol?: number;
  /** A stall counts as converged when max |g_i| <= gtolStall (default 1e-6). */
  gtolStall?: number;
}

/** Outcome of {@link lbfgsMinimize}. */
export interface LbfgsResult {
  /** The minimiser found. */
  x: Float64Array;
  /** Objective at x. */
  f: number;
  /** max |g_i| at x. */
  gnorm: number;
  iterations: number;
  evaluations: number;
  converged: boolean;
  /** Why it stopped: 'gradient', 'stalled', 'max iterations', 'line search', 'non-finite'. */
  reason: string;
}

/**
 * Minimise `fg` from `x0`. `fg(x, g)` returns f(x) and writes the gradient into `g`.
 *
 * @example
 * const r = lbfgsMinimize((x, g) => { g[0] = 2 * x[0]; return x[0] * x[0]; }, [5]);
 */
export function lbfgsMinimize(
  fg: (x: Float64Array, g: Float64Array) => number,
  x0: ArrayLike<number>,
  options: LbfgsOptions = {},
): LbfgsResult {
  const n = x0.length;
  const m = options.memory ?? 10;
  const maxIter = options.maxIter ?? 2000;
  const gtol = options.gtol ?? 1e-10;
  const ftol = options.ftol ?? 1e-15;
  const gtolStall = options.gtolStall ?? 1e-6;
  const c1 = 1e-4;
  const c2 = 0.9;
  let x = Float64Array.from(x0);
  let g = new Float64Array(n);
  let f = fg(x, g);
  let evals = 1;
  const infNorm = (v: Float64Array): number => {
    let s = 0;
    for (let i = 0; i < n; i++) { const a = Math.abs(v[i]!); if (a > s) s = a; }
    return s;
  };
  const dot = (a: Float64Array, b: Float64Array): number => {
    let s = 0;
    for (let i = 0; i < n; i++) s += a[i]! * b[i]!;
    return s;
  };
  if (!Number.isFinite(f) || !g.every(Number.isFinite)) {
    return { x, f, gnorm: Infinity, iterations: 0, evaluations: evals, converged: false, reason: 'non-finite' };
  }
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const R: number[] = [];
  const al = new Float64Array(m);
  const d = new Float64Array(n);
  let xt = new Float64Array(n);
  let gt = new Float64Array(n);
  let xLo = new Float64Array(n);
  let gLo = new Float64Array(n);
  let reason = 'max iterations';
  let converged = false;
  let stall = 0;
  let iter = 0;

  // Evaluate at x + t d into xt/gt; returns f (Infinity when not finite).
  const evalAt = (t: number): number => {
    for (let i = 0; i < n; i++) xt[i] = x[i]! + t * d[i]!;
    const v = fg(xt, gt);
    evals++;
    return Number.isFinite(v) ? v : Infinity;
  };
  const cubicMin = (a: number, fa: number, da: number, b: number, fb: number, db: number): number => {
    const d1 = da + db - 3 * (fa - fb) / (a - b);
    const disc = d1 * d1 - da * db;
    if (!(disc >= 0) || !Number.isFinite(fb) || !Number.isFinite(db)) return (a + b) / 2;
    const d2 = Math.sign(b - a) * Math.sqrt(disc);
    const t = b - (b - a) * (db + d2 - d1) / (db - da + 2 * d2);
    return Number.isFinite(t) ? t : (a + b) / 2;
  };
  // Strong-Wolfe line search; on success xLo/gLo hold the accepted point and the returned value is its f.
  const lineSearch = (t0: number, dg0: number): number | null => {
    let tPrev = 0, fPrev = f, dPrev = dg0;
    let t = t0;
    const zoom = (lo: number, fLo: number, dLo: number, hi: number, fHi: number, dHi: number, haveLo: boolean): number | null => {
      for (let k = 0; k < 40; k++) {
        const w = hi - lo;
        let tt = cubicMin(lo, fLo, dLo, hi, fHi, dHi);
        const a = Math.min(lo, hi), b = Math.max(lo, hi);
        const margin = 0.1 * Math.abs(w);
        if (!(tt > a + margin && tt < b - margin)) tt = (lo + hi) / 2;
        const ft = evalAt(tt);
        const dt = Number.isFinite(ft) ? dot(gt, d) : Infinity;
        if (ft > f + c1 * tt * dg0 || ft >= fLo) {
          hi = tt; fHi = ft; dHi = dt;
        } else {
          if (Math.abs(dt) <= -c2 * dg0) { const s = xLo; xLo = xt; xt = s; const q = gLo; gLo = gt; gt = q; return ft; }
          if (dt * (hi - lo) >= 0) { hi = lo; fHi = fLo; dHi = dLo; }
          lo = tt; fLo = ft; dLo = dt;
          { const s = xLo; xLo = xt; xt = s; const q = gLo; gLo = gt; gt = q; }
          haveLo = true;
        }
        if (Math.abs(hi - lo) <= 1e-16 * Math.max(1, Math.abs(lo))) break;
      }
      // Interval collapsed: accept the best point with sufficient decrease, if any.
      return haveLo && fLo < f ? fLo : null;
    };
    for (let k = 0; k < 40; k++) {
      const ft = evalAt(t);
      const dt = Number.isFinite(ft) ? dot(gt, d) : Infinity;
      if (ft > f + c1 * t * dg0 || (k > 0 && ft >= fPrev)) {
        const haveLo = k > 0;
        return zoom(tPrev, fPrev, dPrev, t, ft, dt, haveLo);
      }
      if (Math.abs(dt) <= -c2 * dg0) { const s = xLo; xLo = xt; xt = s; const q = gLo; gLo = gt; gt = q; return ft; }
      // ft passed the decrease test: remember it as the low end.
      { const s = xLo; xLo = xt; xt = s; const q = gLo; gLo = gt; gt = q; }
      if (dt >= 0) return zoom(t, ft, dt, tPrev, fPrev, dPrev, true);
      tPrev = t; fPrev = ft; dPrev = dt;
      t *= 4;
    }
    return null;
  };

  for (; iter < maxIter; iter++) {
    const gnorm = infNorm(g);
    if (gnorm <= gtol) { converged = true; reason = 'gradient'; break; }
    // Two-loop recursion: d = -H g.
    for (let i = 0; i < n; i++) d[i] = g[i]!;
    const k = S.length;
    for (let j = k - 1; j >= 0; j--) {
      const a = R[j]! * dot(S[j]!, d);
      al[j] = a;
      const y = Y[j]!;
      for (let i = 0; i < n; i++) d[i] = d[i]! - a * y[i]!;
    }
    let gamma = 1;
    if (k > 0) { const y = Y[k - 1]!; gamma = dot(S[k - 1]!, y) / dot(y, y); }
    else gamma = 1 / Math.max(1, Math.sqrt(dot(g, g)));
    for (let i = 0; i < n; i++) d[i] = d[i]! * gamma;
    for (let j = 0; j < k; j++) {
      const b = R[j]! * dot(Y[j]!, d);
      const s = S[j]!;
      for (let i = 0; i < n; i++) d[i] = d[i]! + s[i]! * (al[j]! - b);
    }
    for (let i = 0; i < n; i++) d[i] = -d[i]!;
    let dg = dot(d, g);
    if (!(dg < 0)) {
      S.length = 0; Y.length = 0; R.length = 0;
      const sc = 1 / Math.max(1, Math.sqrt(dot(g, g)));
      for (let i = 0; i < n; i++) d[i] = -g[i]! * sc;
      dg = dot(d, g);
    }
    const fNew = lineSearch(1, dg);
    if (fNew === null) {
      if (S.length > 0) { S.length = 0; Y.length = 0; R.length = 0; continue; }
      reason = 'line search';
      converged = gnorm <= gtolStall;
      if (converged) reason = 'stalled';
      break;
    }
    const s = new Float64Array(n), y = new Float64Array(n);
    for (let i = 0; i < n; i++) { s[i] = xLo[i]! - x[i]!; y[i] = gLo[i]! - g[i]!; }
    const sy = dot(s, y);
    if (sy > 1e-300) {
      if (S.length === m) { S.shift(); Y.shift(); R.shift(); }
      S.push(s); Y.push(y); R.push(1 / sy);
    }
    const drop = f - fNew;
    { const t = x; x = xLo; xLo = t; const q = g; g = gLo; gLo = q; }
    const fOld = f;
    f = fNew;
    if (drop <= ftol * Math.max(Math.abs(fOld), Math.abs(f), 1e-300)) {
      stall++;
      if (stall >= 3) {
        const gn = infNorm(g);
        converged = gn <= gtolStall;
        reason = converged ? 'stalled' : 'line search';
        iter++;
        break;
      }
    } else stall = 0;
  }
  return { x, f, gnorm: infNorm(g), iterations: iter, evaluations: evals, converged, reason };
}
