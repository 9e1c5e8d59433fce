/**
 * TensorBoard's debiased exponential moving average ("classic smoothing"), ported to give identical numbers.
 *
 * Source: tensorflow/tensorboard, `tensorboard/webapp/widgets/line_chart_v2/data_transformer.ts`
 * (`classicSmoothing`, Apache-2.0; the same algorithm as `vz_line_chart2/line-chart.ts` `resetSmoothedData`
 * before it). For each series:
 *  - the weight is clipped: a non-finite weight becomes 0, then it is clamped to [0, 1];
 *  - a constant series (every y `==` the first y) is returned untouched (no floating-point noise; TensorBoard #786);
 *  - otherwise `last = 0, numAccum = 0`, and for each point: a non-finite y passes through unchanged and does not
 *    update `last` or `numAccum`; a finite y sets `last = last * w + (1 - w) * y`, `numAccum += 1` and the output
 *    is `last / debias` with `debias = w === 1 ? 1 : 1 - w ** numAccum`.
 * Note the consequence of the last rule that TensorBoard has too: weight 1 maps every finite point to 0.
 */
import type { Curve } from './types.js';

/**
 * Debiased EMA of `values` with TensorBoard's semantics (see the module comment). Returns a new array.
 *
 * @example
 * emaSmooth([1, 0.5, 0], 0.6); // Float64Array [1, 0.6875, 0.336734693877551]
 */
export function emaSmooth(values: ArrayLike<number>, weight = 0.6): Float64Array {
  let w = Number.isFinite(weight) ? weight : 0;
  w = Math.max(0, Math.min(w, 1));
  const n = values.length;
  const out = new Float64Array(n);
  const y0 = n > 0 ? values[0]! : undefined;
  let constant = true;
  for (let i = 0; i < n; i++) {
    // `==` with the first value, as TensorBoard: NaN is never equal, so a series with a NaN is not constant.
    if (!(values[i] === y0)) { constant = false; break; }
  }
  if (constant) {
    for (let i = 0; i < n; i++) out[i] = values[i]!;
    return out;
  }
  let last = 0;
  let numAccum = 0;
  // Once w^numAccum < 2^-60, 1 - w^numAccum is exactly 1 in float64 and stays so: skip Math.pow from then on
  // (identical results, ~3x faster on long series).
  let debiasDone = w === 1;
  for (let i = 0; i < n; i++) {
    const y = values[i]!;
    if (!Number.isFinite(y)) {
      out[i] = y;
      continue;
    }
    last = last * w + (1 - w) * y;
    numAccum++;
    let debias = 1;
    if (!debiasDone) {
      const p = Math.pow(w, numAccum);
      debias = 1 - p;
      if (p < 8.673617379884035e-19) debiasDone = true;
    }
    out[i] = last / debias;
  }
  return out;
}

/**
 * A curve with its values smoothed by {@link emaSmooth}; the other columns are the same views.
 *
 * @example
 * const s = smoothCurve(rs.curve('a', 'train/loss')!, 0.9);
 */
export function smoothCurve(curve: Curve, weight = 0.6): Curve {
  return { ...curve, value: emaSmooth(curve.value, weight) };
}
