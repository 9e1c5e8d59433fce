/**
 * The compute-optimal frontier of the Chinchilla law in closed form (C = 6ND):
 * N_opt = G (C/6)^a, D_opt = (1/G) (C/6)^b, G = (alpha A / (beta B))^(1/(alpha+beta)),
 * a = beta/(alpha+beta), b = alpha/(alpha+beta).
 *
 * @example
 * const fr = chinchillaFrontier({ A: 477.84, B: 2143.86, E: 1.8172, alpha: 0.3473, beta: 0.3672 });
 * fr.tokensPerParam(5.88e23); // ≈ 17.9
 */

/** The Chinchilla law's reported parameters. */
export interface ChinchillaParams {
  A: number;
  B: number;
  E: number;
  alpha: number;
  beta: number;
}

/** The closed-form frontier of {@link chinchillaFrontier}. */
export interface Frontier {
  /** Exponent of N_opt in C. */
  a: number;
  /** Exponent of D_opt in C. */
  b: number;
  G: number;
  nOpt(C: number): number;
  dOpt(C: number): number;
  /** D_opt / N_opt at C. */
  tokensPerParam(C: number): number;
  /** Loss on the frontier at C. */
  lossAt(C: number): number;
}

/**
 * Frontier of a Chinchilla fit.
 *
 * @example
 * chinchillaFrontier(fit.params as ChinchillaParams).nOpt(1e24);
 */
export function chinchillaFrontier(p: ChinchillaParams): Frontier {
  const s = p.alpha + p.beta;
  const a = p.beta / s, b = p.alpha / s;
  const G = Math.pow((p.alpha * p.A) / (p.beta * p.B), 1 / s);
  const nOpt = (C: number): number => G * Math.pow(C / 6, a);
  const dOpt = (C: number): number => Math.pow(C / 6, b) / G;
  return {
    a, b, G, nOpt, dOpt,
    tokensPerParam: (C) => dOpt(C) / nOpt(C),
    lossAt: (C) => p.E + p.A / Math.pow(nOpt(C), p.alpha) + p.B / Math.pow(dOpt(C), p.beta),
  };
}
