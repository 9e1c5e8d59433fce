/**
 * Multiple-comparison adjustments of p-values: Holm's step-down (family-wise error) and Benjamini-Hochberg
 * (false discovery rate). NaN p-values are left as NaN and do not count toward the family size.
 *
 * @example
 * adjustPValues([0.01, 0.04, 0.03], 'holm'); // [0.03, 0.06, 0.06]
 * adjustPValues([0.01, 0.04, 0.03], 'bh');   // [0.03, 0.04, 0.04]
 */

/** Adjustment method: Holm (default in compare), Benjamini-Hochberg, or none. */
export type Correction = 'holm' | 'bh' | 'none';

/**
 * Adjusted p-values in the input order.
 *
 * @example
 * adjustPValues([0.001, 0.2], 'none'); // [0.001, 0.2]
 */
export function adjustPValues(p: readonly number[], method: Correction): number[] {
  const out = p.map(() => NaN);
  const idx = p.map((_, i) => i).filter((i) => !Number.isNaN(p[i]!));
  const m = idx.length;
  if (method === 'none') return p.slice();
  if (method === 'holm') {
    idx.sort((a, b) => p[a]! - p[b]!);
    let running = 0;
    idx.forEach((i, rank) => {
      running = Math.max(running, Math.min(1, (m - rank) * p[i]!));
      out[i] = running;
    });
    return out;
  }
  if (method === 'bh') {
    idx.sort((a, b) => p[b]! - p[a]!); // descending
    let running = 1;
    idx.forEach((i, k) => {
      const rank = m - k; // 1-based rank in ascending order
      running = Math.min(running, (m / rank) * p[i]!);
      out[i] = Math.min(1, running);
    });
    return out;
  }
  throw new RangeError(`unknown correction '${String(method)}' (holm, bh, none)`);
}
