/**
 * The numeric kernel of the fitting engine: fused objective-and-gradient loops for the built-in laws, and the
 * multi-start runner. Every function here is SELF-CONTAINED (no imported values; collaborators are passed in
 * `deps`), because {@link ./pool.ts} ships their source text to worker threads: the same code runs in every
 * thread, so results do not depend on the thread count.
 *
 * Objective (Hoffmann et al. 2022; Besiroglu et al. 2024): SUM over points of w_i * rho(z_i - log L_i) where
 * z_i is the law's log-prediction in log-sum-exp form and rho is Huber(delta) (or r^2 for 'mse'); with residual
 * 'raw', rho(exp(z_i) - L_i) (Gadre et al. 2024 fit the loss itself).
 *
 * @example
 * const fg = makeBuiltinObjective('power', [Float64Array.from([0, 1, 2].map(Math.log))], Float64Array.of(2, 1.5, 1.2), null, 'huber', 1e-3);
 * const g = new Float64Array(3); fg(Float64Array.of(0, 0, 0.5), g);
 */

/** Built-in laws with fused kernels. Parameter order (optimisation scale) per kind:
 * chinchilla [a, b, e, alpha, beta] (L = e^e + e^a/N^alpha + e^b/D^beta; inputs log N, log D);
 * power [a, e, alpha] (L = e^e + e^a x^-alpha; input log x); power0 [a, alpha] (L = e^a x^-alpha);
 * kaplan [log Nc, log Dc, alpha_N, alpha_D] (L = ((Nc/N)^(alpha_N/alpha_D) + Dc/D)^alpha_D; inputs log N, log D). */
export type BuiltinKind = 'chinchilla' | 'power' | 'power0' | 'kaplan';

/** Objective kind: Huber on the residuals (default) or squared residuals. */
export type LossKind = 'huber' | 'mse';

/** What a residual is: 'log' (default: log prediction - log loss, as Hoffmann et al. and Besiroglu et al.) or
 * 'raw' (prediction - loss, as Gadre et al. 2024's curve_fit on the loss itself). */
export type ResidualKind = 'log' | 'raw';

/** f(theta), writing the gradient into g. */
export type ObjectiveFn = (theta: Float64Array, g: Float64Array) => number;

/**
 * Build the fused objective for a built-in law over log-inputs `X` (one column per input), log-losses `y`,
 * optional integer weights `w` (bootstrap multiplicities; null = all 1).
 *
 * @example
 * const fg = makeBuiltinObjective('chinchilla', [logN, logD], logL, null, 'huber', 1e-3);
 */
export function makeBuiltinObjective(
  kind: BuiltinKind,
  X: readonly Float64Array[],
  y: Float64Array,
  w: Float64Array | null,
  loss: LossKind,
  delta: number,
  residual: ResidualKind = 'log',
): ObjectiveFn {
  const n = y.length;
  const huber = loss === 'huber';
  // Raw residuals: r = exp(z) - L, and dr/dtheta = exp(z) dz/dtheta, so the log-scale gradient terms are scaled by
  // sc = exp(z).
  const raw = residual === 'raw';
  const Ly = raw ? Float64Array.from(y, Math.exp) : y;
  const x0 = X[0]!;
  const x1 = X.length > 1 ? X[1]! : X[0]!;
  // rho and psi for residual r, weight wi: returns rho, stores psi in ps[0].
  const ps = new Float64Array(1);
  const rho = (r: number, wi: number): number => {
    if (huber) {
      if (r > delta) { ps[0] = wi * delta; return wi * delta * (r - 0.5 * delta); }
      if (r < -delta) { ps[0] = -wi * delta; return wi * delta * (-r - 0.5 * delta); }
      ps[0] = wi * r;
      return 0.5 * wi * r * r;
    }
    ps[0] = 2 * wi * r;
    return wi * r * r;
  };
  if (raw) {
    // The raw-residual kernels (rarely used): the log kernels below with z_i = the log prediction, r = exp(z) - L
    // and the gradient terms scaled by sc = exp(z). Kept apart so that the log kernels' hot loops stay as they were.
    if (kind === 'chinchilla') {
      return (t, g) => {
        const a = t[0]!, b = t[1]!, e = t[2]!, al = t[3]!, be = t[4]!;
        let f = 0, g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0;
        for (let i = 0; i < n; i++) {
          const wi = w === null ? 1 : w[i]!;
          if (wi === 0) continue;
          const lN = x0[i]!, lD = x1[i]!;
          const u1 = a - al * lN, u2 = b - be * lD;
          const mx = u1 > u2 ? (u1 > e ? u1 : e) : (u2 > e ? u2 : e);
          const e1 = Math.exp(u1 - mx), e2 = Math.exp(u2 - mx), e3 = Math.exp(e - mx);
          const s = e1 + e2 + e3;
          const z = mx + Math.log(s);
          let sc = 1, r: number;
          if (raw) { sc = Math.exp(z); r = sc - Ly[i]!; } else r = z - y[i]!;
          f += rho(r, wi);
          const q = (ps[0]! * sc) / s;
          const p1 = q * e1, p2 = q * e2;
          g0 += p1; g1 += p2; g2 += q * e3; g3 -= p1 * lN; g4 -= p2 * lD;
        }
        g[0] = g0; g[1] = g1; g[2] = g2; g[3] = g3; g[4] = g4;
        return f;
      };
    }
    if (kind === 'power') {
      return (t, g) => {
        const a = t[0]!, e = t[1]!, al = t[2]!;
        let f = 0, g0 = 0, g1 = 0, g2 = 0;
        for (let i = 0; i < n; i++) {
          const wi = w === null ? 1 : w[i]!;
          if (wi === 0) continue;
          const lx = x0[i]!;
          const u1 = a - al * lx;
          const mx = u1 > e ? u1 : e;
          const e1 = Math.exp(u1 - mx), e3 = Math.exp(e - mx);
          const s = e1 + e3;
          const z = mx + Math.log(s);
          let sc = 1, r: number;
          if (raw) { sc = Math.exp(z); r = sc - Ly[i]!; } else r = z - y[i]!;
          f += rho(r, wi);
          const q = (ps[0]! * sc) / s;
          g0 += q * e1; g1 += q * e3; g2 -= q * e1 * lx;
        }
        g[0] = g0; g[1] = g1; g[2] = g2;
        return f;
      };
    }
    if (kind === 'power0') {
      return (t, g) => {
        const a = t[0]!, al = t[1]!;
        let f = 0, g0 = 0, g1 = 0;
        for (let i = 0; i < n; i++) {
          const wi = w === null ? 1 : w[i]!;
          if (wi === 0) continue;
          const lx = x0[i]!;
          const z = a - al * lx;
          let sc = 1, r: number;
          if (raw) { sc = Math.exp(z); r = sc - Ly[i]!; } else r = z - y[i]!;
          f += rho(r, wi);
          const q = ps[0]! * sc;
          g0 += q; g1 -= q * lx;
        }
        g[0] = g0; g[1] = g1;
        return f;
      };
    }
    if (kind === 'kaplan') {
      return (t, g) => {
        const lnc = t[0]!, ldc = t[1]!, aN = t[2]!, aD = t[3]!;
        if (!(aD > 0)) { g.fill(NaN); return Infinity; }
        const ratio = aN / aD;
        let f = 0, g0 = 0, g1 = 0, g2 = 0, g3 = 0;
        for (let i = 0; i < n; i++) {
          const wi = w === null ? 1 : w[i]!;
          if (wi === 0) continue;
          const u1 = ratio * (lnc - x0[i]!), u2 = ldc - x1[i]!;
          const mx = u1 > u2 ? u1 : u2;
          const e1 = Math.exp(u1 - mx), e2 = Math.exp(u2 - mx);
          const s = e1 + e2;
          const S = mx + Math.log(s);
          const z = aD * S;
          let sc = 1, r: number;
          if (raw) { sc = Math.exp(z); r = sc - Ly[i]!; } else r = z - y[i]!;
          f += rho(r, wi);
          const p = ps[0]! * sc, w1 = e1 / s, w2 = e2 / s;
          g0 += p * w1 * aN; g1 += p * aD * w2; g2 += p * w1 * (lnc - x0[i]!); g3 += p * (S - w1 * u1);
        }
        g[0] = g0; g[1] = g1; g[2] = g2; g[3] = g3;
        return f;
      };
    }
  }
  if (kind === 'chinchilla') {
    return (t, g) => {
      const a = t[0]!, b = t[1]!, e = t[2]!, al = t[3]!, be = t[4]!;
      let f = 0, g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0;
      for (let i = 0; i < n; i++) {
        const wi = w === null ? 1 : w[i]!;
        if (wi === 0) continue;
        const lN = x0[i]!, lD = x1[i]!;
        const u1 = a - al * lN, u2 = b - be * lD;
        const mx = u1 > u2 ? (u1 > e ? u1 : e) : (u2 > e ? u2 : e);
        const e1 = Math.exp(u1 - mx), e2 = Math.exp(u2 - mx), e3 = Math.exp(e - mx);
        const s = e1 + e2 + e3;
        const r = mx + Math.log(s) - y[i]!;
        f += rho(r, wi);
        const q = ps[0]! / s;
        const p1 = q * e1, p2 = q * e2;
        g0 += p1; g1 += p2; g2 += q * e3; g3 -= p1 * lN; g4 -= p2 * lD;
      }
      g[0] = g0; g[1] = g1; g[2] = g2; g[3] = g3; g[4] = g4;
      return f;
    };
  }
  if (kind === 'power') {
    return (t, g) => {
      const a = t[0]!, e = t[1]!, al = t[2]!;
      let f = 0, g0 = 0, g1 = 0, g2 = 0;
      for (let i = 0; i < n; i++) {
        const wi = w === null ? 1 : w[i]!;
        if (wi === 0) continue;
        const lx = x0[i]!;
        const u1 = a - al * lx;
        const mx = u1 > e ? u1 : e;
        const e1 = Math.exp(u1 - mx), e3 = Math.exp(e - mx);
        const s = e1 + e3;
        const r = mx + Math.log(s) - y[i]!;
        f += rho(r, wi);
        const q = ps[0]! / s;
        g0 += q * e1; g1 += q * e3; g2 -= q * e1 * lx;
      }
      g[0] = g0; g[1] = g1; g[2] = g2;
      return f;
    };
  }
  if (kind === 'power0') {
    return (t, g) => {
      const a = t[0]!, al = t[1]!;
      let f = 0, g0 = 0, g1 = 0;
      for (let i = 0; i < n; i++) {
        const wi = w === null ? 1 : w[i]!;
        if (wi === 0) continue;
        const lx = x0[i]!;
        const r = a - al * lx - y[i]!;
        f += rho(r, wi);
        g0 += ps[0]!; g1 -= ps[0]! * lx;
      }
      g[0] = g0; g[1] = g1;
      return f;
    };
  }
  if (kind === 'kaplan') {
    return (t, g) => {
      const lnc = t[0]!, ldc = t[1]!, aN = t[2]!, aD = t[3]!;
      if (!(aD > 0)) { g.fill(NaN); return Infinity; }
      const ratio = aN / aD;
      let f = 0, g0 = 0, g1 = 0, g2 = 0, g3 = 0;
      for (let i = 0; i < n; i++) {
        const wi = w === null ? 1 : w[i]!;
        if (wi === 0) continue;
        const u1 = ratio * (lnc - x0[i]!), u2 = ldc - x1[i]!;
        const mx = u1 > u2 ? u1 : u2;
        const e1 = Math.exp(u1 - mx), e2 = Math.exp(u2 - mx);
        const s = e1 + e2;
        const S = mx + Math.log(s);
        const r = aD * S - y[i]!;
        f += rho(r, wi);
        const p = ps[0]!, w1 = e1 / s, w2 = e2 / s;
        g0 += p * w1 * aN; g1 += p * aD * w2; g2 += p * w1 * (lnc - x0[i]!); g3 += p * (S - w1 * u1);
      }
      g[0] = g0; g[1] = g1; g[2] = g2; g[3] = g3;
      return f;
    };
  }
  throw new Error(`unknown law kind ${String(kind)}`);
}

/** Options of one local run. */
export interface LocalOptions {
  maxIter: number;
  gtol: number;
  ftol: number;
  gtolStall: number;
}

/** Results of {@link runStarts}: flat arrays, one row of `p` per start. */
export interface StartsResult {
  x: Float64Array;
  f: Float64Array;
  converged: Uint8Array;
  iterations: Uint32Array;
}

/** The task a worker runs: a built-in objective from a list of starts (flat, p per start), each with its own
 * weight vector (flat, n per start) or shared weights. */
export interface StartsTask {
  kind: BuiltinKind;
  X: Float64Array[];
  y: Float64Array;
  loss: LossKind;
  delta: number;
  /** Residual scale (default 'log'). */
  residual?: ResidualKind;
  p: number;
  starts: Float64Array;
  /** null: unit weights; length n: shared; length n*k: one vector per start. */
  weights: Float64Array | null;
  local: LocalOptions;
}

/** Functions {@link runStarts} needs, passed in so its source text is self-contained. */
export interface KernelDeps {
  lbfgsMinimize: (fg: ObjectiveFn, x0: ArrayLike<number>, o: { maxIter: number; gtol: number; ftol: number; gtolStall: number }) => {
    x: Float64Array; f: number; converged: boolean; iterations: number;
  };
  makeBuiltinObjective: typeof makeBuiltinObjective;
}

/**
 * Run L-BFGS from each start of `task`.
 *
 * @example
 * const out = runStarts({ lbfgsMinimize, makeBuiltinObjective }, task);
 */
export function runStarts(deps: KernelDeps, task: StartsTask): StartsResult {
  const { p, starts, weights, y } = task;
  const n = y.length;
  const k = starts.length / p;
  const x = new Float64Array(k * p);
  const f = new Float64Array(k);
  const converged = new Uint8Array(k);
  const iterations = new Uint32Array(k);
  const perStart = weights !== null && weights.length === n * k && k > 1;
  let shared: ObjectiveFn | null = null;
  if (!perStart) shared = deps.makeBuiltinObjective(task.kind, task.X, y, weights, task.loss, task.delta, task.residual ?? 'log');
  for (let j = 0; j < k; j++) {
    const fg = shared ?? deps.makeBuiltinObjective(task.kind, task.X, y, weights!.subarray(j * n, (j + 1) * n), task.loss, task.delta, task.residual ?? 'log');
    const r = deps.lbfgsMinimize(fg, starts.subarray(j * p, (j + 1) * p), task.local);
    x.set(r.x, j * p);
    f[j] = r.f;
    converged[j] = r.converged ? 1 : 0;
    iterations[j] = r.iterations;
  }
  return { x, f, converged, iterations };
}
