/**
 * Scaling laws the engine fits: a power law in one variable (with or without an irreducible term), Kaplan-style
 * forms, the Chinchilla law, and user-defined laws. A law is fitted on the log scale: `params` are the
 * optimisation parameters (log-coefficients for the built-ins, as Hoffmann et al. did), `natural` turns them into
 * the reported ones (A = e^a, ...).
 *
 * @example
 * const law = chinchillaLaw();          // L(N, D) = E + A/N^alpha + B/D^beta
 * const p = powerLaw('C');              // L(C) = E + A C^-alpha
 * const k = powerLaw('N', { irreducible: false }); // Kaplan's L(N) = (Nc/N)^alpha_N, as A N^-alpha
 */
import { InputError } from '../errors.js';
import type { BuiltinKind, LossKind, ObjectiveFn, ResidualKind } from './kernel.js';

/** An input variable of a law: parameters N, tokens D, compute C (C = 6ND). */
export type Variable = 'N' | 'D' | 'C';

/** A law the engine can fit. Built by {@link chinchillaLaw}, {@link powerLaw}, {@link kaplanLaw} or {@link defineLaw}. */
export interface Law {
  /** 'chinchilla', 'power', 'kaplan', or a user law's name. */
  readonly name: string;
  /** Input variables, in order. */
  readonly inputs: readonly Variable[];
  /** Optimisation parameter names, in order (e.g. ['a', 'b', 'e', 'alpha', 'beta']). */
  readonly params: readonly string[];
  /** Initialisation grid: candidate values per parameter (the starts are the Cartesian product). */
  readonly grid: readonly (readonly number[])[];
  /** Box bounds per parameter, when any (user laws). */
  readonly bounds?: readonly (readonly [number, number])[];
  /** Fused kernel for built-in laws (enables worker threads). */
  readonly kind?: BuiltinKind;
  /** Reported parameters from optimisation parameters. */
  natural(theta: ArrayLike<number>): Record<string, number>;
  /** log L predicted at natural inputs x (ordered as `inputs`). */
  logPredict(theta: ArrayLike<number>, x: readonly number[]): number;
  /** Objective over log-inputs and log losses y (user laws; built-ins use the kernel); residual 'log' (default)
   * or 'raw' (prediction - loss). */
  objective?(X: readonly Float64Array[], y: Float64Array, w: Float64Array | null, loss: LossKind, delta: number, residual?: ResidualKind): ObjectiveFn;
  /** Shift optimisation parameters to/from log-inputs centred at `means` (a linear change of variables that
   * conditions the optimisation; the fitted law is the same). dir +1: to centred, -1: back. */
  center?(theta: Float64Array, means: readonly number[], dir: 1 | -1): void;
}

const lse = (...u: number[]): number => {
  const m = Math.max(...u);
  if (!Number.isFinite(m)) return m;
  return m + Math.log(u.reduce((s, v) => s + Math.exp(v - m), 0));
};
const range = (from: number, to: number, step: number): number[] => {
  const out: number[] = [];
  for (let i = 0; from + i * step <= to + 1e-12; i++) out.push(+(from + i * step).toFixed(10));
  return out;
};

/**
 * The Chinchilla law L(N, D) = E + A/N^alpha + B/D^beta, fitted as LSE(a - alpha log N, b - beta log D, e) with
 * Hoffmann et al.'s 4,500-point grid (alpha, beta in {0, 0.5, ..., 2}; e in {-1, ..., 1}; a, b in {0, 5, ..., 25}).
 *
 * @example
 * const fit = await fitLaw(points, chinchillaLaw());
 */
export function chinchillaLaw(): Law {
  return {
    name: 'chinchilla',
    kind: 'chinchilla',
    inputs: ['N', 'D'],
    params: ['a', 'b', 'e', 'alpha', 'beta'],
    grid: [range(0, 25, 5), range(0, 25, 5), range(-1, 1, 0.5), range(0, 2, 0.5), range(0, 2, 0.5)],
    natural: (t) => ({ A: Math.exp(t[0]!), B: Math.exp(t[1]!), E: Math.exp(t[2]!), alpha: t[3]!, beta: t[4]! }),
    logPredict: (t, x) => lse(t[0]! - t[3]! * Math.log(x[0]!), t[1]! - t[4]! * Math.log(x[1]!), t[2]!),
    center(t, m, dir) { t[0] = t[0]! - dir * t[3]! * m[0]!; t[1] = t[1]! - dir * t[4]! * m[1]!; },
  };
}

/**
 * A power law in one variable: L(x) = E + A x^-alpha (irreducible, the default) or L(x) = A x^-alpha
 * (Kaplan-style, no irreducible term).
 *
 * @example
 * const law = powerLaw('C');
 * const kaplanN = powerLaw('N', { irreducible: false });
 */
export function powerLaw(x: Variable, options: { irreducible?: boolean } = {}): Law {
  if (options.irreducible === false) {
    return {
      name: 'power',
      kind: 'power0',
      inputs: [x],
      params: ['a', 'alpha'],
      grid: [range(0, 25, 5), range(0, 2, 0.25)],
      natural: (t) => ({ A: Math.exp(t[0]!), alpha: t[1]! }),
      logPredict: (t, v) => t[0]! - t[1]! * Math.log(v[0]!),
      center(t, m, dir) { t[0] = t[0]! - dir * t[1]! * m[0]!; },
    };
  }
  return {
    name: 'power',
    kind: 'power',
    inputs: [x],
    params: ['a', 'e', 'alpha'],
    grid: [range(0, 25, 5), range(-1, 1, 0.5), range(0, 2, 0.25)],
    natural: (t) => ({ A: Math.exp(t[0]!), E: Math.exp(t[1]!), alpha: t[2]! }),
    logPredict: (t, v) => lse(t[0]! - t[2]! * Math.log(v[0]!), t[1]!),
    center(t, m, dir) { t[0] = t[0]! - dir * t[2]! * m[0]!; },
  };
}

/**
 * Kaplan et al. (2020)'s joint law L(N, D) = ((Nc/N)^(alpha_N/alpha_D) + Dc/D)^alpha_D, fitted in log Nc, log Dc.
 *
 * @example
 * const fit = await fitLaw(points, kaplanLaw());
 */
export function kaplanLaw(): Law {
  const l10 = Math.log(10);
  return {
    name: 'kaplan',
    kind: 'kaplan',
    inputs: ['N', 'D'],
    params: ['log_Nc', 'log_Dc', 'alpha_N', 'alpha_D'],
    grid: [[10, 12, 14, 16].map((v) => v * l10), [10, 12, 14, 16].map((v) => v * l10), [0.05, 0.1, 0.2, 0.4], [0.05, 0.1, 0.2, 0.4]],
    natural: (t) => ({ Nc: Math.exp(t[0]!), Dc: Math.exp(t[1]!), alpha_N: t[2]!, alpha_D: t[3]! }),
    logPredict: (t, x) => t[3]! * lse((t[2]! / t[3]!) * (t[0]! - Math.log(x[0]!)), t[1]! - Math.log(x[1]!)),
    center(t, m, dir) { t[0] = t[0]! - dir * m[0]!; t[1] = t[1]! - dir * m[1]!; },
  };
}

/** One parameter of a user-defined law. */
export interface UserParam {
  /** Candidate starting values. */
  grid: readonly number[];
  /** Optional box [lo, hi]; the objective is +Infinity outside it. */
  bounds?: readonly [number, number];
}

/** Definition of a user law: L = predict(params, inputs), both as named records. */
export interface UserLawSpec {
  name: string;
  inputs: readonly Variable[];
  /** Parameters in order, each with its grid and optional bounds. */
  params: Readonly<Record<string, UserParam>>;
  /** The loss predicted (must be > 0). */
  predict(p: Readonly<Record<string, number>>, x: Readonly<Record<string, number>>): number;
  /** dL/dp per parameter; without it, central finite differences are used (slower, less exact). */
  gradient?(p: Readonly<Record<string, number>>, x: Readonly<Record<string, number>>): Readonly<Record<string, number>>;
}

/**
 * Define a law from a function of named inputs and parameters. Parameters are fitted on their own scale.
 *
 * @example
 * const law = defineLaw({
 *   name: 'offset-power', inputs: ['C'],
 *   params: { E: { grid: [1, 2], bounds: [0, 10] }, A: { grid: [10, 100, 1000] }, alpha: { grid: [0.1, 0.3], bounds: [0, 3] } },
 *   predict: (p, x) => p.E! + p.A! * x.C! ** -p.alpha!,
 * });
 */
export function defineLaw(spec: UserLawSpec): Law {
  const names = Object.keys(spec.params);
  if (names.length === 0) throw new InputError(`law '${spec.name}' has no parameters`);
  if (spec.inputs.length === 0) throw new InputError(`law '${spec.name}' has no inputs`);
  for (const k of names) {
    if (spec.params[k]!.grid.length === 0) throw new InputError(`law '${spec.name}': parameter '${k}' has an empty grid`);
  }
  const bounds = names.map((k) => spec.params[k]!.bounds ?? ([-Infinity, Infinity] as const));
  const rec = (t: ArrayLike<number>): Record<string, number> => {
    const o: Record<string, number> = {};
    names.forEach((k, i) => { o[k] = t[i]!; });
    return o;
  };
  const inRec = (x: readonly number[]): Record<string, number> => {
    const o: Record<string, number> = {};
    spec.inputs.forEach((k, i) => { o[k] = x[i]!; });
    return o;
  };
  const logPredict = (t: ArrayLike<number>, x: readonly number[]): number => {
    const v = spec.predict(rec(t), inRec(x));
    return v > 0 ? Math.log(v) : NaN;
  };
  return {
    name: spec.name,
    inputs: [...spec.inputs],
    params: names,
    grid: names.map((k) => [...spec.params[k]!.grid]),
    bounds,
    natural: rec,
    logPredict,
    objective(X, y, w, loss, delta, residual = 'log') {
      const n = y.length;
      const raw = residual === 'raw';
      const Ly = Float64Array.from(y, Math.exp);
      const p = names.length;
      const nat = X.map((col) => Float64Array.from(col, Math.exp));
      const rho = (r: number): [number, number] => {
        if (loss === 'mse') return [r * r, 2 * r];
        if (r > delta) return [delta * (r - 0.5 * delta), delta];
        if (r < -delta) return [delta * (-r - 0.5 * delta), -delta];
        return [0.5 * r * r, r];
      };
      const xs: number[] = new Array<number>(X.length);
      const lossAt = (t: Float64Array): number => {
        let f = 0;
        for (let i = 0; i < n; i++) {
          const wi = w === null ? 1 : w[i]!;
          if (wi === 0) continue;
          for (let j = 0; j < X.length; j++) xs[j] = nat[j]![i]!;
          f += wi * rho(raw ? Math.exp(logPredict(t, xs)) - Ly[i]! : logPredict(t, xs) - y[i]!)[0];
        }
        return f;
      };
      return (t, g) => {
        for (let j = 0; j < p; j++) {
          if (!(t[j]! >= bounds[j]![0] && t[j]! <= bounds[j]![1])) { g.fill(0); return Infinity; }
        }
        if (!spec.gradient) {
          const f = lossAt(t);
          const tt = Float64Array.from(t);
          for (let j = 0; j < p; j++) {
            const h = 1e-6 * Math.max(1, Math.abs(t[j]!));
            tt[j] = t[j]! + h; const fp = lossAt(tt);
            tt[j] = t[j]! - h; const fm = lossAt(tt);
            tt[j] = t[j]!;
            g[j] = (fp - fm) / (2 * h);
          }
          return Number.isFinite(f) ? f : Infinity;
        }
        g.fill(0);
        let f = 0;
        const pr = rec(t);
        for (let i = 0; i < n; i++) {
          const wi = w === null ? 1 : w[i]!;
          if (wi === 0) continue;
          for (let j = 0; j < X.length; j++) xs[j] = nat[j]![i]!;
          const xr = inRec(xs);
          const L = spec.predict(pr, xr);
          if (!(L > 0)) { g.fill(0); return Infinity; }
          const [rv, ps] = rho(raw ? L - Ly[i]! : Math.log(L) - y[i]!);
          f += wi * rv;
          const gr = spec.gradient(pr, xr);
          // d log L = dL / L; d L = dL.
          for (let j = 0; j < p; j++) g[j] = g[j]! + (wi * ps * (gr[names[j]!] ?? 0)) / (raw ? 1 : L);
        }
        return f;
      };
    },
  };
}

/** The names {@link lawByName} knows. */
export const LAW_NAMES = ['chinchilla', 'power', 'power0', 'kaplan'] as const;

/**
 * The law for a CLI/JSON name: 'chinchilla', 'kaplan', 'power' (with --x), 'power0' (no irreducible term).
 *
 * @example
 * lawByName('power', 'C').inputs; // ['C']
 */
export function lawByName(name: string, x: Variable = 'C'): Law {
  if (name === 'chinchilla') return chinchillaLaw();
  if (name === 'kaplan') return kaplanLaw();
  if (name === 'power') return powerLaw(x);
  if (name === 'power0') return powerLaw(x, { irreducible: false });
  throw new InputError(`unknown law '${name}' (expected ${LAW_NAMES.join(', ')})`);
}
