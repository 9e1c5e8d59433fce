/**
 * The noncentral t distribution's CDF (Lenth 1989, AS 243: Poisson-weighted incomplete beta series),
 * used for power: the probability that a t-test rejects when the true standardized difference is delta.
 *
 * @example
 * nctCdf(2, 10, 1); // P(T' <= 2), T' ~ nct(df = 10, nc = 1) = 0.8112...
 */
import { ibeta, lgamma } from './special.js';
import { normalCdf } from './normal.js';

const LN_SQRT_PI = 0.57236494292470008707;

/**
 * P(T' <= t) for T' ~ noncentral t(df, delta).
 *
 * @example
 * nctCdf(0, 5, 0); // 0.5
 */
export function nctCdf(t: number, df: number, delta: number): number {
  if (Number.isNaN(t) || !(df > 0) || Number.isNaN(delta)) return NaN;
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  if (t < 0) return 1 - nctCdfNonNeg(-t, df, -delta);
  return nctCdfNonNeg(t, df, delta);
}

/**
 * P(T' > t) for T' ~ noncentral t(df, delta).
 *
 * @example
 * nctSf(2, 10, 1); // 1 - nctCdf(2, 10, 1)
 */
export function nctSf(t: number, df: number, delta: number): number {
  if (Number.isNaN(t) || !(df > 0) || Number.isNaN(delta)) return NaN;
  if (t === Infinity) return 0;
  if (t === -Infinity) return 1;
  if (t < 0) return nctCdfNonNeg(-t, df, -delta);
  return 1 - nctCdfNonNeg(t, df, delta);
}

function nctCdfNonNeg(t: number, df: number, delta: number): number {
  const x = (t * t) / (t * t + df);
  let tnc = 0;
  if (x > 0) {
    const lambda = delta * delta;
    // Start the Poisson sum at its mode for large lambda would be better; for |delta| < 37 summing from 0 is exact
    // enough (terms below 1e-300 underflow harmlessly). Beyond that, power is 1 to double precision.
    if (lambda > 1400) return delta > 0 ? normalCdf(t - delta) : 1;
    let p = 0.5 * Math.exp(-0.5 * lambda);
    let q = Math.sqrt(2 / Math.PI) * p * delta;
    let s = 0.5 - p;
    let a = 0.5;
    const b = 0.5 * df;
    const y = df / (t * t + df);
    const rxb = Math.pow(y, b);
    const albeta = LN_SQRT_PI + lgamma(b) - lgamma(0.5 + b);
    let xodd = ibeta(a, b, x, y).lower;
    let godd = 2 * rxb * Math.exp(a * Math.log(x) - albeta);
    let xeven = 1 - rxb;
    let geven = b * x * rxb;
    tnc = p * xodd + q * xeven;
    for (let en = 1; en <= 100000; en++) {
      a += 1;
      xodd -= godd;
      xeven -= geven;
      godd *= (x * (a + b - 1)) / a;
      geven *= (x * (a + b - 0.5)) / (a + 0.5);
      p *= lambda / (2 * en);
      q *= lambda / (2 * en + 1);
      s -= p;
      tnc += p * xodd + q * xeven;
      const errbd = 2 * s * (xodd - godd);
      if (Math.abs(errbd) <= 1e-15 && en > lambda / 2) break;
    }
  }
  tnc += normalCdf(-delta);
  return Math.min(1, Math.max(0, tnc));
}
