/**
 * The measured coverage of the ladder's chained 95% interval, attached to every interval the ladder prints.
 * Written from bench/ladder-backtest.ts (results in bench/ladder-backtest.md): hold out the largest ladder size
 * (1B from 190M-760M, 3B from 190M-1B) on test/fixtures/olmo-ladder, predict the held-out 10xC run's last
 * checkpoint with the bootstrap's 95% percentile interval (plus the target's checkpoint SD), for the 8 paper tasks.
 * Re-run the bench and update these numbers after any change to how the bootstrap is built.
 */

import { describeInterval, type IntervalLabel } from '../stats/interval.js';

/** Wilson score lower bound of a binomial proportion (z = 1.96 for 95%). */
function wilsonLower(k: number, n: number, z = 1.959963984540054): number {
  const p = k / n;
  const d = 1 + (z * z) / n;
  return (p + (z * z) / (2 * n) - z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
}

const COVERED = 16;
const PAIRS = 16;

/**
 * Backtest coverage of the 95% chained interval: covered of pairs (task, held-out size), their share, the Wilson
 * 95% lower bound, and the words the interval label carries.
 *
 * @example
 * LADDER_BACKTEST_COVERAGE.coverage; // 1 (16 of 16)
 * LADDER_BACKTEST_COVERAGE.wilsonLower; // 0.806
 */
export const LADDER_BACKTEST_COVERAGE = {
  level: 0.95,
  covered: COVERED,
  pairs: PAIRS,
  coverage: COVERED / PAIRS,
  wilsonLower: wilsonLower(COVERED, PAIRS),
  design: `ladder backtests, ${COVERED} of ${PAIRS} (task, held-out size) pairs on the OLMo ladder (Wilson 95% lower bound ${wilsonLower(COVERED, PAIRS).toFixed(2)})`,
} as const;

/**
 * An interval of the ladder in words, with its label (level, method, resamples, dropped, measured coverage).
 *
 * @example
 * describeLadderInterval(b.accuracy); // '95% percentile bootstrap over ladder runs ..., 1000 resamples, seed 1, measured coverage 100% on ladder backtests, 16 of 16 ...'
 */
export function describeLadderInterval(label: IntervalLabel): string {
  return describeInterval(label);
}
