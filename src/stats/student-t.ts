/**
 * Student's t distribution: CDF, survival function, density and quantile for any df > 0
 * (non-integer df too, as Welch's test needs). Tails come from the incomplete beta function directly,
 * so a one-sided p of 1e-12 is as precise as a p of 0.3.
 *
 * @example
 * tCdf(-2, 9);          // 0.03827641...
 * tQuantile(0.975, 9);  // 2.2621571627409915
 */
import { ibeta, lbeta } from './special.js';
import { normalCdf, normalQuantile } from './normal.js';

/**
 * P(T > |t|) computed without cancellation (the upper tail of |t|).
 */
function tailAbove(t: number, df: number): number {
  const t2 = t * t;
  // P(T > |t|) = I_{df/(df+t^2)}(df/2, 1/2) / 2.
  return 0.5 * ibeta(df / 2, 0.5, df / (df + t2), t2 / (df + t2)).lower;
}

/**
 * P(T <= t) for T ~ t(df).
 *
 * @example
 * tCdf(0, 5); // 0.5
 */
export function tCdf(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return NaN;
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  if (df === Infinity) return t === 0 ? 0.5 : normalCdf(t);
  const tail = tailAbove(t, df);
  return t < 0 ? tail : 1 - tail;
}

/**
 * P(T > t) for T ~ t(df).
 *
 * @example
 * tSf(2.2621571627409915, 9); // 0.025
 */
export function tSf(t: number, df: number): number {
  return tCdf(-t, df);
}

/**
 * Density of t(df) at t.
 *
 * @example
 * tPdf(0, 1); // 1/pi
 */
export function tPdf(t: number, df: number): number {
  return Math.exp(-((df + 1) / 2) * Math.log1p((t * t) / df) - 0.5 * Math.log(df) - lbeta(df / 2, 0.5));
}

/**
 * The t with P(T <= t) = p, T ~ t(df). Newton iterations on the exact CDF, safeguarded by bisection.
 *
 * @example
 * tQuantile(0.05, 4); // -2.13184678632665
 */
export function tQuantile(p: number, df: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1 || !(df > 0)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  if (p > 0.5) return -tQuantileLower(1 - p, df);
  return tQuantileLower(p, df);
}

/** Solve P(T <= t) = p for p < 0.5 (t < 0). */
function tQuantileLower(p: number, df: number): number {
  // Cauchy: tan(pi (p - 1/2)) = -cot(pi p). The cotangent form keeps tiny p (p - 1/2 rounds to -1/2 below 1e-17);
  // near 1/2, tan(pi (1/2 - p)) with 1/2 - p exact (Sterbenz) keeps the small quantiles' relative precision.
  if (df === 1) return p < 0.25 ? -1 / Math.tan(Math.PI * p) : -Math.tan(Math.PI * (0.5 - p));
  if (df === 2) return (2 * p - 1) / Math.sqrt(2 * p * (1 - p));
  if (df === Infinity) return normalQuantile(p);
  // Start from a Cornish-Fisher expansion of the normal quantile.
  const z = normalQuantile(p);
  const g1 = (z ** 3 + z) / 4;
  const g2 = (5 * z ** 5 + 16 * z ** 3 + 3 * z) / 96;
  let x = z + g1 / df + g2 / (df * df);
  if (!Number.isFinite(x) || x >= 0) x = z;
  // Bracket in s = -x > 0 using the upper tail P(T > s) = p, decreasing in s.
  let lo = 0, hi = Infinity;
  let s = -x;
  for (let i = 0; i < 200; i++) {
    const f = tailAbove(s, df) - p;
    if (f > 0) lo = s; else hi = s;
    if (f === 0) break;
    let next = s + f / tPdf(s, df);
    if (!(next > lo && next < hi) || !Number.isFinite(next)) next = hi === Infinity ? Math.max(2 * s, 1) : (lo + hi) / 2;
    if (Math.abs(next - s) <= 1e-15 * Math.abs(s)) { s = next; break; }
    s = next;
  }
  return -s;
}
