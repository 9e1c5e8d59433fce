/**
 * Downsampling for plots that keeps spikes: Largest-Triangle-Three-Buckets (Steinarsson 2013, "Downsampling Time
 * Series for Visual Representation", ch. 4.2) augmented with each bucket's minimum and maximum y.
 *
 * Plain LTTB keeps one point per bucket — the one forming the largest triangle with the previously kept point
 * and the next bucket's average — and can drop an isolated spike when another point of its bucket makes a larger
 * triangle. Here every bucket also keeps its min-y and max-y points (as M4 does), so an extreme point always
 * survives: output size is at most `threshold` (the number of buckets is `floor((threshold - 2) / 3)`).
 *
 * Non-finite y (NaN, +-Infinity: a divergence) is data: it takes no part in the triangles, averages or
 * extremes, and the first and last index of each stretch of consecutive non-finite points are kept in addition
 * (so the output may exceed `threshold` by twice the number of such stretches).
 */
import { InputError } from '../errors.js';

/**
 * Indices (ascending) of the points to keep; the first and last points are always kept. `x` must be
 * non-decreasing and finite. Returns every index when `threshold >= n`.
 *
 * @example
 * const keep = lttb(curve.step, curve.value, 1000);
 * const xs = Array.from(keep, (i) => curve.step[i]);
 */
export function lttb(x: ArrayLike<number>, y: ArrayLike<number>, threshold: number): Int32Array {
  const n = x.length;
  if (y.length !== n) throw new InputError(`lttb: x has ${n} points, y has ${y.length}`);
  if (!Number.isInteger(threshold) || threshold < 5) throw new InputError(`lttb: threshold must be an integer >= 5, got ${threshold}`);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(x[i]!)) throw new InputError(`lttb: x[${i}] is not finite (${x[i]})`);
    if (i > 0 && x[i]! < x[i - 1]!) throw new InputError(`lttb: x must be non-decreasing (x[${i}] = ${x[i]} < x[${i - 1}] = ${x[i - 1]})`);
  }
  const buckets = Math.floor((threshold - 2) / 3);
  if (threshold >= n || n - 2 <= buckets) return Int32Array.from({ length: n }, (_, i) => i);

  const keep = new Uint8Array(n);
  keep[0] = 1;
  keep[n - 1] = 1;
  const every = (n - 2) / buckets;
  const start = (b: number) => Math.floor(b * every) + 1;
  // The anchor `a` is the point kept by the LTTB rule in the previous bucket; it must be finite to form a triangle.
  let a = Number.isFinite(y[0]!) ? 0 : -1;
  for (let b = 0; b < buckets; b++) {
    const lo = start(b), hi = b === buckets - 1 ? n - 1 : start(b + 1);
    // Average of the next bucket (the last point when this is the last bucket), finite points only.
    const nlo = hi, nhi = b === buckets - 1 ? n : Math.min(start(b + 2), n - 1);
    let ax = 0, ay = 0, an = 0;
    for (let j = nlo; j < nhi; j++) {
      if (Number.isFinite(y[j]!)) { ax += x[j]!; ay += y[j]!; an++; }
    }
    let pick = -1, best = -1, mn = -1, mx = -1, ymn = 0, ymx = 0;
    // Twice the triangle area (anchor, point j, next bucket's average), with the terms fixed for the bucket
    // computed once: |(xa - avgX) * (yj - ya) - (xa - xj) * (avgY - ya)|.
    const triangles = a >= 0 && an > 0;
    const xa = triangles ? x[a]! : 0, ya = triangles ? y[a]! : 0;
    const dx = xa - ax / an, dy = ay / an - ya;
    for (let j = lo; j < hi; j++) {
      const yj = y[j]!;
      if (!Number.isFinite(yj)) continue;
      if (mn < 0 || yj < ymn) { mn = j; ymn = yj; }
      if (mx < 0 || yj > ymx) { mx = j; ymx = yj; }
      if (triangles) {
        const area = Math.abs(dx * (yj - ya) - (xa - x[j]!) * dy);
        if (area > best) { best = area; pick = j; }
      }
    }
    if (pick < 0) pick = mx; // no anchor or no finite point ahead: fall back to the bucket's max
    if (pick >= 0) { keep[pick] = 1; a = pick; }
    if (mn >= 0) keep[mn] = 1;
    if (mx >= 0) keep[mx] = 1;
  }
  // Boundaries of non-finite stretches.
  for (let i = 0; i < n; i++) {
    if (Number.isFinite(y[i]!)) continue;
    keep[i] = 1;
    let j = i;
    while (j + 1 < n && !Number.isFinite(y[j + 1]!)) j++;
    keep[j] = 1;
    i = j;
  }
  let count = 0;
  for (let i = 0; i < n; i++) count += keep[i]!;
  const out = new Int32Array(count);
  for (let i = 0, k = 0; i < n; i++) if (keep[i]) out[k++] = i;
  return out;
}
