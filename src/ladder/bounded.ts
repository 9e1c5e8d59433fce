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
  /** Objective evaluations (when the minimiser counts them). */
  evaluations?: number;
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
  lowerIn: ArrayLike<number>,
  upperIn: ArrayLike<number>,
  options: BoundedOptions = {},
): BoundedResult {
  const n = start.length;
  const lower = Float64Array.from(lowerIn);
  const upper = Float64Array.from(upperIn);
  const maxIter = options.maxIter ?? 10000;
  const gtol = options.gtol ?? 1e-10;
  const ftol = options.ftol ?? 1e-15;
  const gtolStall = options.gtolStall ?? 1e-6;
  const m = options.memory ?? 10;
  // all work arrays allocated once (the bootstrap runs this tens of thousands of times); the correction pairs live in
  // a ring of m slots, oldest at `head`
  const x = new Float64Array(n);
  const g = new Float64Array(n);
  const xNew = new Float64Array(n);
  const gNew = new Float64Array(n);
  const pg = new Float64Array(n);
  const d = new Float64Array(n);
  const free = new Uint8Array(n);
  const S = new Float64Array(m * n);
  const Y = new Float64Array(m * n);
  const alpha = new Float64Array(m);
  const syF = new Float64Array(m);
  const off = new Int32Array(m);
  let head = 0;
  let k = 0;
  for (let i = 0; i < n; i++) x[i] = Math.min(upper[i]!, Math.max(lower[i]!, start[i]!));
  let f = fg(x, g);
  const pgOf = (): number => {
    let mx = 0;
    for (let i = 0; i < n; i++) {
      const atLo = x[i]! <= lower[i]! && g[i]! > 0;
      const atHi = x[i]! >= upper[i]! && g[i]! < 0;
      free[i] = atLo || atHi ? 0 : 1;
      pg[i] = free[i] ? g[i]! : 0;
      mx = Math.max(mx, Math.abs(pg[i]!));
    }
    return mx;
  };
  let pgnorm = pgOf();
  let stalls = 0;
  let it = 0;
  const finish = (converged: boolean, reason: BoundedResult['reason']): BoundedResult => {
    const atBound: number[] = [];
    for (let i = 0; i < n; i++) if (x[i] === lower[i] || x[i] === upper[i]) atBound.push(i);
    return { x: Float64Array.from(x), f, pgnorm, iterations: it, converged, reason, atBound };
  };
  if (!Number.isFinite(f)) return finish(false, 'nonfinite');
  for (; it < maxIter; it++) {
    if (pgnorm <= gtol) return finish(true, 'gtol');
    // two-loop recursion on the free variables (each pair's offset and s.y computed once per iteration)
    d.set(pg);
    for (let j = 0; j < k; j++) {
      const o = ((head + j) % m) * n;
      off[j] = o;
      let sy = 0;
      for (let i = 0; i < n; i++) if (free[i]) sy += S[o + i]! * Y[o + i]!;
      syF[j] = sy;
    }
    for (let j = k - 1; j >= 0; j--) {
      const sy = syF[j]!;
      if (sy <= 0) continue;
      const o = off[j]!;
      let sd = 0;
      for (let i = 0; i < n; i++) if (free[i]) sd += S[o + i]! * d[i]!;
      const aj = sd / sy;
      alpha[j] = aj;
      for (let i = 0; i < n; i++) if (free[i]) d[i] = d[i]! - aj * Y[o + i]!;
    }
    if (k > 0) {
      const o = off[k - 1]!;
      let yy = 0;
      for (let i = 0; i < n; i++) if (free[i]) yy += Y[o + i]! * Y[o + i]!;
      const sy = syF[k - 1]!;
      if (yy > 0 && sy > 0) {
        const sc = sy / yy;
        for (let i = 0; i < n; i++) d[i] = d[i]! * sc;
      }
    }
    for (let j = 0; j < k; j++) {
      const sy = syF[j]!;
      if (sy <= 0) continue;
      const o = off[j]!;
      let yd = 0;
      for (let i = 0; i < n; i++) if (free[i]) yd += Y[o + i]! * d[i]!;
      const c = alpha[j]! - yd / sy;
      for (let i = 0; i < n; i++) if (free[i]) d[i] = d[i]! + c * S[o + i]!;
    }
    let dpg = 0;
    for (let i = 0; i < n; i++) {
      d[i] = free[i] ? -d[i]! : 0;
      if (free[i]) dpg += d[i]! * pg[i]!;
    }
    if (dpg >= 0) {
      for (let i = 0; i < n; i++) d[i] = -pg[i]!;
      k = 0;
      head = 0;
    }
    // first iteration without curvature: a step of unit length at most
    let t = 1;
    if (k === 0) {
      let dn = 0;
      for (let i = 0; i < n; i++) dn = Math.max(dn, Math.abs(d[i]!));
      if (dn > 1) t = 1 / dn;
    }
    let fNew = NaN;
    let accepted = false;
    for (let ls = 0; ls < 60; ls++) {
      for (let i = 0; i < n; i++) xNew[i] = Math.min(upper[i]!, Math.max(lower[i]!, x[i]! + t * d[i]!));
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
        k = 0;
        head = 0;
        continue;
      }
      return finish(pgnorm <= gtolStall, pgnorm <= gtolStall ? 'stall' : 'linesearch');
    }
    const slot = ((head + k) % m) * n;
    let sy = 0;
    for (let i = 0; i < n; i++) {
      const si = xNew[i]! - x[i]!;
      const yi = gNew[i]! - g[i]!;
      S[slot + i] = si;
      Y[slot + i] = yi;
      sy += si * yi;
    }
    if (sy > 1e-300) {
      if (k < m) k++;
      else head = (head + 1) % m;
    }
    const rel = Math.abs(f - fNew) / Math.max(Math.abs(f), Math.abs(fNew), 1e-300);
    x.set(xNew);
    g.set(gNew);
    f = fNew;
    pgnorm = pgOf();
    stalls = rel <= ftol ? stalls + 1 : 0;
    if (stalls >= 5 && pgnorm <= gtolStall) return finish(true, 'stall');
  }
  return finish(false, 'maxIter');
}
