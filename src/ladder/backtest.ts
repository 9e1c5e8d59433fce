/**
 * Backtests of the chained prediction: hold out the largest ladder size, fit on the smaller ones, predict the
 * held-out size's longest run, and see whether the bootstrap interval covers its actual accuracy.
 */
import { InputError } from '../errors.js';
import { bootstrapTask, type LadderBootstrapOptions } from './bootstrap.js';
import type { LadderRun } from './data.js';
import { checkpointNoise } from './predict.js';
import type { TaskSpec } from './task.js';

/** One held-out (task, size) case. */
export interface BacktestCase {
  task: string;
  /** N of the held-out size and the run predicted (its longest). */
  N: number;
  run: string;
  D: number;
  actual: number;
  predicted: number;
  lo: number;
  hi: number;
  covered: boolean;
  dropped: number;
  /** Resamples whose step-1 starts reached different optima (the lowest kept). */
  disagreed: number;
}

/**
 * For each size in `heldOut` (default: the largest two), fit on the runs of smaller sizes only and predict the
 * held-out size's longest run (the target's accuracy = its last checkpoint; the interval includes checkpoint noise
 * estimated on the largest training run's last 10 checkpoints).
 *
 * @example
 * const cases = backtestTask(allRuns, PAPER_TASKS[0]!, { resamples: 200, seed: 1 });
 * cases.filter((c) => c.covered).length / cases.length; // coverage
 */
export function backtestTask(runs: readonly LadderRun[], task: TaskSpec, options: LadderBootstrapOptions & { heldOut?: readonly number[] } = {}): BacktestCase[] {
  const sizes = [...new Set(runs.map((r) => r.N))].sort((a, b) => a - b);
  const held = options.heldOut ?? sizes.slice(-2);
  return held.map((n) => {
    const train = runs.filter((r) => r.N < n);
    const test = runs.filter((r) => r.N === n).sort((a, b) => a.D[a.D.length - 1]! - b.D[b.D.length - 1]!).at(-1);
    if (test === undefined || new Set(train.map((r) => r.N)).size < 2) throw new InputError(`backtest at N=${n}: needs a run of that size and at least 2 smaller sizes`);
    const largest = train.filter((r) => r.N === Math.max(...train.map((q) => q.N))).sort((a, b) => a.D[a.D.length - 1]! - b.D[b.D.length - 1]!).at(-1)!;
    const target = { N: n, D: test.D[test.D.length - 1]! };
    const b = bootstrapTask(train, task, target, { targetAccuracySd: checkpointNoise(largest, 10).accuracySd, ...options });
    const actual = test.accuracy[test.accuracy.length - 1]!;
    return { task: task.name, N: n, run: test.name, D: target.D, actual, predicted: b.estimate.accuracy, lo: b.accuracy.lo, hi: b.accuracy.hi, covered: actual >= b.accuracy.lo && actual <= b.accuracy.hi, dropped: b.dropped, disagreed: b.starts.disagreed };
  });
}
