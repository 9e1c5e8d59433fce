/**
 * Akima's (1970) piecewise-cubic interpolation, as scipy.interpolate.Akima1DInterpolator builds it (scipy 1.10:
 * the slopes at the breakpoints are weighted means of the neighbouring secant slopes, with two extrapolated
 * secants at each end), and the exact minimum of the interpolant over the data's range. Porian et al. (2024)
 * find each IsoFLOP budget's optimal model size as the minimum of this interpolant of log loss against log N.
 *
 * @example
 * const ak = akima([0, 1, 2, 3], [1, 0.2, 0.3, 1.1]);
 * akimaEval(ak, 1.5); akimaMinimum(ak); // { x: ..., y: ..., piece: 1 }
 */
import { InputError } from '../errors.js';

/** An Akima interpolant: breakpoints x (strictly increasing), values y and slopes t at the breakpoints. */
export interface Akima {
  x: Float64Array;
  y: Float64Array;
  t: Float64Array;
}

/**
 * Build the Akima interpolant through (x, y); x strictly increasing, at least 3 points.
 *
 * @example
 * akima([0, 1, 2], [1, 0, 1]).t; // slopes at the breakpoints
 */
export function akima(xs: ArrayLike<number>, ys: ArrayLike<number>): Akima {
  const n = xs.length;
  if (n < 3 || ys.length !== n) throw new InputError(`akima: need at least 3 points and as many values as points, got ${n} and ${ys.length}`);
  const x = Float64Array.from(xs), y = Float64Array.from(ys);
  for (let i = 1; i < n; i++) if (!(x[i]! > x[i - 1]!)) throw new InputError('akima: x must be strictly increasing');
  // m[2 .. n] are the n-1 secant slopes; two extrapolated on each side.
  const m = new Float64Array(n + 3);
  for (let i = 0; i < n - 1; i++) m[i + 2] = (y[i + 1]! - y[i]!) / (x[i + 1]! - x[i]!);
  m[1] = 2 * m[2]! - m[3]!;
  m[0] = 2 * m[1]! - m[2]!;
  m[n + 1] = 2 * m[n]! - m[n - 1]!;
  m[n + 2] = 2 * m[n + 1]! - m[n]!;
  const dm = new Float64Array(n + 2);
  for (let i = 0; i < n + 2; i++) dm[i] = Math.abs(m[i + 1]! - m[i]!);
  let maxF12 = -Infinity;
  const f12 = new Float64Array(n);
  for (let i = 0; i < n; i++) { f12[i] = dm[i + 2]! + dm[i]!; maxF12 = Math.max(maxF12, f12[i]!); }
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    // Where m[i] == m[i+1] != m[i+2] == m[i+3] the weights vanish: the mean of the outer secants (scipy's fill).
    t[i] = f12[i]! > 1e-9 * maxF12
      ? (dm[i + 2]! * m[i + 1]! + dm[i]! * m[i + 2]!) / f12[i]!
      : 0.5 * (m[i + 3]! + m[i]!);
  }
  return { x, y, t };
}

/** Cubic coefficients of piece i in s = x - x_i: y_i + t_i s + c2 s^2 + c3 s^3. */
function piece(a: Akima, i: number): [number, number, number, number, number] {
  const h = a.x[i + 1]! - a.x[i]!;
  const mi = (a.y[i + 1]! - a.y[i]!) / h;
  const c2 = (3 * mi - 2 * a.t[i]! - a.t[i + 1]!) / h;
  const c3 = (a.t[i]! + a.t[i + 1]! - 2 * mi) / (h * h);
  return [a.y[i]!, a.t[i]!, c2, c3, h];
}

/**
 * The interpolant at x (NaN outside the breakpoints' range, as scipy with extrapolate=False).
 *
 * @example
 * akimaEval(akima([0, 1, 2], [1, 0, 1]), 0.5);
 */
export function akimaEval(a: Akima, x: number): number {
  const n = a.x.length;
  if (!(x >= a.x[0]! && x <= a.x[n - 1]!)) return NaN;
  let i = 0;
  while (i < n - 2 && x > a.x[i + 1]!) i++;
  const [c0, c1, c2, c3] = piece(a, i);
  const s = x - a.x[i]!;
  return c0 + s * (c1 + s * (c2 + s * c3));
}

/**
 * The exact minimum of the interpolant over [x_0, x_last]: every breakpoint and every interior critical point
 * of every cubic piece. `atEnd` is true when it lies at the first or last breakpoint (no interior minimum).
 *
 * @example
 * akimaMinimum(akima([0, 1, 2, 3], [1, 0.2, 0.3, 1.1])); // { x: ~1.3, y: ..., atEnd: false }
 */
export function akimaMinimum(a: Akima): { x: number; y: number; atEnd: boolean } {
  const n = a.x.length;
  let bx = a.x[0]!, by = a.y[0]!;
  for (let i = 1; i < n; i++) if (a.y[i]! < by) { by = a.y[i]!; bx = a.x[i]!; }
  for (let i = 0; i < n - 1; i++) {
    const [c0, c1, c2, c3, h] = piece(a, i);
    // p'(s) = c1 + 2 c2 s + 3 c3 s^2 = 0 in (0, h).
    const roots: number[] = [];
    if (Math.abs(c3) * h < 1e-14 * (Math.abs(c2) + Math.abs(c1) / h + 1e-300)) {
      if (c2 !== 0) roots.push(-c1 / (2 * c2));
    } else {
      const A = 3 * c3, B = 2 * c2, disc = B * B - 4 * A * c1;
      if (disc >= 0) {
        // Numerically stable quadratic roots.
        const q = -0.5 * (B + Math.sign(B || 1) * Math.sqrt(disc));
        if (q !== 0) roots.push(c1 / q);
        roots.push(q / A);
      }
    }
    for (const s of roots) {
      if (!(s > 0 && s < h)) continue;
      const v = c0 + s * (c1 + s * (c2 + s * c3));
      if (v < by) { by = v; bx = a.x[i]! + s; }
    }
  }
  return { x: bx, y: by, atEnd: bx === a.x[0]! || bx === a.x[n - 1]! };
}
