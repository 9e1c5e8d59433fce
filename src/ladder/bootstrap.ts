/**
 * Bootstrap of the chained prediction: ladder runs resampled for step 1, checkpoints resampled in blocks within
 * each run for step 2 (consecutive checkpoints are correlated), both refitted from the same starts as the point
 * fit and chained; optionally plus the target's own checkpoint-to-checkpoint noise. Percentile intervals.
 *
 * Coverage is measured by backtests (`backtestTask`, bench/ladder-backtest.ts -> bench/ladder-backtest.md) on
 * 16 (task, size) pairs only; the label does not carry it yet.
 */
import { InputError } from '../errors.js';
import { createRng } from '../stats/random.js';
import type { Interval } from '../stats/interval.js';
import type { LadderRun } from './data.js';
import { fitStep1, fitStep2, PAPER_STEP1_START, step1Loss, step1Points, step2Accuracy, step2Points } from './steps.js';
import type { TaskSpec } from './task.js';

/** Options of {@link bootstrapTask}. */
export interface LadderBootstrapOptions {
  /** Resamples (default 1000). */
  resamples?: number;
  seed?: number;
  /** Nominal level (default 0.95). */
  level?: number;
  /** Block length for the step-2 checkpoints (default 10). */
  block?: number;
  smooth?: number;
  skip?: number;
  /** Step 1's start in every refit (default the paper's), so the spread of optima reached is in the interval. */
  start?: readonly number[];
  /**
   * The target's own checkpoint-to-checkpoint accuracy SD, added as normal noise to each chained draw (the actual
   * value is one checkpoint); default 0 (an interval for the expected accuracy). `checkpointNoise` of the largest
   * ladder run is one estimate.
   */
  targetAccuracySd?: number;
}

/** Outcome of {@link bootstrapTask}. */
export interface LadderBootstrap {
  /** The point fit's predicted loss and chained accuracy (the paper's setting when `start` is the paper's). */
  estimate: { loss: number; accuracy: number };
  /** Predicted task loss at the target and its interval. */
  loss: Interval;
  /** Chained accuracy and its interval. */
  accuracy: Interval;
  /** The draws kept (sorted), for figures. */
  lossDraws: Float64Array;
  accuracyDraws: Float64Array;
  /** Resamples whose step-1 or step-2 refit did not converge (left out of the interval). */
  dropped: number;
}

function quantileSorted(s: Float64Array, p: number): number {
  if (s.length === 0) return NaN;
  const h = (s.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(s.length - 1, lo + 1);
  return s[lo]! + (h - lo) * (s[hi]! - s[lo]!);
}

/**
 * Moving-block bootstrap counts for n consecutive points: ceil(n / block) blocks of length `block` (shorter when
 * n < block) with uniform starts, the last one cut so the counts sum to n.
 *
 * @example
 * blockCounts(25, 10, createRng(1)).reduce((a, b) => a + b, 0); // 25
 */
export function blockCounts(n: number, block: number, rng: { int(n: number): number }): Float64Array {
  const w = new Float64Array(n);
  const b = Math.max(1, Math.min(block, n));
  let left = n;
  while (left > 0) {
    const s = rng.int(n - b + 1);
    for (let i = 0; i < b && left > 0; i++, left--) w[s + i] = w[s + i]! + 1;
  }
  return w;
}

/**
 * Bootstrap the chained prediction of one task at the target.
 *
 * @example
 * const b = bootstrapTask(runs, PAPER_TASKS[0]!, { N: 6.9e9, D: 3.9e12 }, { resamples: 1000, seed: 1 });
 * [b.accuracy.lo, b.accuracy.hi]; // the 95% percentile interval of the chained MMLU accuracy
 */
export function bootstrapTask(runs: readonly LadderRun[], task: TaskSpec, target: { N: number; D: number }, options: LadderBootstrapOptions = {}): LadderBootstrap {
  const B = options.resamples ?? 1000;
  const seed = options.seed ?? 0;
  const level = options.level ?? 0.95;
  const block = options.block ?? 10;
  const smooth = options.smooth ?? 5;
  const skip = options.skip ?? 0.1;
  const start = options.start ?? PAPER_STEP1_START;
  const sdT = options.targetAccuracySd ?? 0;
  if (!(B >= 10)) throw new InputError(`bootstrap needs at least 10 resamples (got ${B})`);
  const pts = step1Points(runs, smooth);
  const s2 = step2Points(runs, smooth, skip);
  const chance = task.chance ?? 0.25;
  const ceiling = task.ceiling ?? 1;
  // the point fit, reported beside the intervals
  const p1 = fitStep1(pts, start);
  const p2 = fitStep2(s2.loss, s2.accuracy, chance, ceiling);
  const L0 = step1Loss(p1.params, target.N, target.D);
  const A0 = step2Accuracy(p2.params, L0);
  const nRun = runs.length;
  const offsets: number[] = [];
  const lengths: number[] = [];
  for (let i = 0; i < s2.run.length; i++) {
    const j = s2.run[i]!;
    if (lengths[j] === undefined) {
      offsets[j] = i;
      lengths[j] = 0;
    }
    lengths[j] = lengths[j]! + 1;
  }
  const rng = createRng(seed);
  const Ls: number[] = [];
  const As: number[] = [];
  let dropped = 0;
  const w1 = new Float64Array(nRun);
  const w2 = new Float64Array(s2.loss.length);
  for (let b = 0; b < B; b++) {
    const r = rng.fork(b);
    w1.fill(0);
    for (let i = 0; i < nRun; i++) {
      const k = r.int(nRun);
      w1[k] = w1[k]! + 1;
    }
    for (let j = 0; j < nRun; j++) {
      if (lengths[j] === undefined) continue;
      w2.set(blockCounts(lengths[j]!, block, r), offsets[j]!);
    }
    const sizes = new Set(pts.filter((_, i) => w1[i]! > 0).map((q) => q.N)).size;
    const ratios = new Set(pts.filter((_, i) => w1[i]! > 0).map((q) => Math.round(q.D / q.N))).size;
    let f1;
    let f2;
    try {
      if (sizes < 2 || ratios < 2) throw new InputError('degenerate resample');
      f1 = fitStep1(pts, start, w1, 5000);
      f2 = fitStep2(s2.loss, s2.accuracy, chance, ceiling, w2, 5000);
    } catch {
      dropped++;
      continue;
    }
    if (!f1.converged || !f2.converged) {
      dropped++;
      continue;
    }
    const L = step1Loss(f1.params, target.N, target.D);
    Ls.push(L);
    As.push(step2Accuracy(f2.params, L) + (sdT > 0 ? sdT * r.normal() : 0));
  }
  const lossDraws = Float64Array.from(Ls).sort();
  const accuracyDraws = Float64Array.from(As).sort();
  const a = (1 - level) / 2;
  const label = { level, method: 'percentile' as const, resamples: B, seed, dropped, over: `ladder runs (step 1) and blocks of ${block} checkpoints within each run (step 2)` };
  return {
    loss: { ...label, lo: quantileSorted(lossDraws, a), hi: quantileSorted(lossDraws, 1 - a) },
    accuracy: { ...label, lo: quantileSorted(accuracyDraws, a), hi: quantileSorted(accuracyDraws, 1 - a) },
    lossDraws,
    accuracyDraws,
    dropped,
    estimate: { loss: L0, accuracy: A0 },
  };
}
