/**
 * Bootstrap of the chained prediction: ladder runs resampled for step 1, checkpoints resampled in blocks within
 * each run for step 2 (consecutive checkpoints are correlated), both refitted and chained; optionally plus the
 * target's own checkpoint-to-checkpoint noise. Percentile intervals.
 *
 * Step 1 of every resample is refitted from the caller's start (the paper's by default) AND from the full-data
 * optimum, keeping the lowest converged objective: on the fixture the two land on different optima in up to 6% of
 * resamples (bench/ladder-speed.md), so a single start would hide part of the spread of optima, and a warm start
 * alone would hide the other part. Every refit is converged (projected gradient 1e-10 for step 1; for step 2's
 * Levenberg-Marquardt 1e-12 or the objective's rounding floor); a resample whose step-1 starts all fail is retried
 * from a small grid, and one that still fails is dropped and counted by reason, beside the interval.
 *
 * The interval labels carry the coverage measured by the backtests (bench/ladder-backtest.ts).
 */
import { InputError } from '../errors.js';
import type { Interval } from '../stats/interval.js';
import { LADDER_BACKTEST_COVERAGE } from './coverage.js';
import type { LadderRun } from './data.js';
import { runResampleJobs } from './pool.js';
import { step1Starts } from './predict.js';
import { runResamples, type DropReason, type ResampleChunk, type ResampleProblem } from './resample.js';
import { fitStep1, fitStep2, PAPER_STEP1_START, step1Loss, step1Points, step2Accuracy, step2Points, step2Start } from './steps.js';
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
  /** Step 1's start in the point fit and in every refit (default the paper's). */
  start?: readonly number[];
  /** Also start every step-1 refit from the full-data optimum (default true); false: the start alone, as the paper. */
  warm?: boolean;
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
  /** Predicted task loss at the target and its interval (label: level, resamples, dropped, measured coverage). */
  loss: Interval;
  /** Chained accuracy and its interval. */
  accuracy: Interval;
  /** The draws kept (sorted), for figures. */
  lossDraws: Float64Array;
  accuracyDraws: Float64Array;
  /** Resamples left out of the interval (also in the labels), their share of all resamples, and why. */
  dropped: number;
  droppedShare: number;
  drops: Record<DropReason, number>;
  /**
   * Step-1 starts per resample, how many resamples' starts reached different optima (the lowest kept), the largest
   * accuracy difference that made, and how many resamples needed a rescue start.
   */
  starts: { perResample: number; disagreed: number; maxAccuracyShift: number; rescued: number };
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

/** A prepared bootstrap: the point fit and the plain-data problem its resamples refit. */
export interface PreparedBootstrap {
  problem: ResampleProblem;
  resamples: number;
  level: number;
  estimate: { loss: number; accuracy: number };
}

/**
 * Fit the point estimate and build the resampling problem of one task (what {@link bootstrapTask} and
 * {@link bootstrapTasks} run).
 *
 * @example
 * const prep = prepareBootstrap(runs, PAPER_TASKS[0]!, { N: 6.9e9, D: 3.9e12 }, { resamples: 1000 });
 * prep.problem.starts1.length; // 2: the paper's start and the full-data optimum
 */
export function prepareBootstrap(runs: readonly LadderRun[], task: TaskSpec, target: { N: number; D: number }, options: LadderBootstrapOptions = {}): PreparedBootstrap {
  const B = options.resamples ?? 1000;
  const level = options.level ?? 0.95;
  const smooth = options.smooth ?? 5;
  const skip = options.skip ?? 0.1;
  const start = [...(options.start ?? PAPER_STEP1_START)];
  if (!(Number.isInteger(B) && B >= 10)) throw new InputError(`bootstrap needs an integer number of resamples, at least 10 (got ${B})`);
  const pts = step1Points(runs, smooth);
  const s2 = step2Points(runs, smooth, skip);
  const chance = task.chance ?? 0.25;
  const ceiling = task.ceiling ?? 1;
  const p1 = fitStep1(pts, start);
  const p2 = fitStep2(s2.loss, s2.accuracy, chance, ceiling);
  const L0 = step1Loss(p1.params, target.N, target.D);
  const A0 = step2Accuracy(p2.params, L0);
  const offsets = runs.map(() => 0);
  const lengths = runs.map(() => 0);
  for (let i = s2.run.length - 1; i >= 0; i--) {
    const j = s2.run[i]!;
    offsets[j] = i;
    lengths[j] = lengths[j]! + 1;
  }
  const starts1 = [start];
  if ((options.warm ?? true) && p1.converged) starts1.push([...p1.params]);
  const problem: ResampleProblem = {
    points: pts,
    s2loss: s2.loss,
    s2accuracy: s2.accuracy,
    offsets,
    lengths,
    chance,
    ceiling,
    target: { N: target.N, D: target.D },
    seed: options.seed ?? 0,
    block: options.block ?? 10,
    targetAccuracySd: options.targetAccuracySd ?? 0,
    starts1,
    rescue1: step1Starts().filter((_, i) => i % 36 === 0),
    start2: step2Start(chance, ceiling),
    maxIter1: 5000,
  };
  return { problem, resamples: B, level, estimate: { loss: L0, accuracy: A0 } };
}

/**
 * Put the resamples' outcomes together: sorted draws, percentile intervals with their labels, drops by reason.
 *
 * @example
 * const b = finishBootstrap(prep, [runResamples(prep.problem, 0, prep.resamples)]);
 */
export function finishBootstrap(prep: PreparedBootstrap, chunks: readonly ResampleChunk[]): LadderBootstrap {
  const Ls: number[] = [];
  const As: number[] = [];
  const drops: Record<DropReason, number> = { degenerate: 0, step1: 0, step2: 0 };
  let disagreed = 0;
  let maxShift = 0;
  let rescued = 0;
  for (const c of chunks) {
    for (let j = 0; j < c.code.length; j++) {
      const code = c.code[j]!;
      if (code === 1) drops.degenerate++;
      else if (code === 2) drops.step1++;
      else if (code === 3) drops.step2++;
      else {
        Ls.push(c.loss[j]!);
        As.push(c.accuracy[j]!);
      }
      disagreed += c.disagree[j]!;
      maxShift = Math.max(maxShift, c.shift[j]!);
      rescued += c.rescued[j]!;
    }
  }
  const B = prep.resamples;
  const dropped = drops.degenerate + drops.step1 + drops.step2;
  const lossDraws = Float64Array.from(Ls).sort();
  const accuracyDraws = Float64Array.from(As).sort();
  const a = (1 - prep.level) / 2;
  const { problem } = prep;
  const label = {
    level: prep.level,
    method: 'percentile' as const,
    resamples: B,
    seed: problem.seed,
    dropped,
    over: `ladder runs (step 1) and blocks of ${problem.block} checkpoints within each run (step 2)`,
    ...(prep.level === LADDER_BACKTEST_COVERAGE.level ? { coverage: LADDER_BACKTEST_COVERAGE.coverage, coverageDesign: LADDER_BACKTEST_COVERAGE.design } : {}),
  };
  return {
    loss: { ...label, lo: quantileSorted(lossDraws, a), hi: quantileSorted(lossDraws, 1 - a) },
    accuracy: { ...label, lo: quantileSorted(accuracyDraws, a), hi: quantileSorted(accuracyDraws, 1 - a) },
    lossDraws,
    accuracyDraws,
    dropped,
    droppedShare: dropped / B,
    drops,
    starts: { perResample: problem.starts1.length, disagreed, maxAccuracyShift: maxShift, rescued },
    estimate: prep.estimate,
  };
}

/**
 * Bootstrap the chained prediction of one task at the target, in this thread.
 *
 * @example
 * const b = bootstrapTask(runs, PAPER_TASKS[0]!, { N: 6.9e9, D: 3.9e12 }, { resamples: 1000, seed: 1 });
 * [b.accuracy.lo, b.accuracy.hi]; // the 95% percentile interval of the chained MMLU accuracy
 * b.dropped; // resamples left out (b.drops says why)
 */
export function bootstrapTask(runs: readonly LadderRun[], task: TaskSpec, target: { N: number; D: number }, options: LadderBootstrapOptions = {}): LadderBootstrap {
  const prep = prepareBootstrap(runs, task, target, options);
  return finishBootstrap(prep, [runResamples(prep.problem, 0, prep.resamples)]);
}

/** One task of {@link bootstrapTasks}. */
export interface BootstrapJob {
  runs: readonly LadderRun[];
  task: TaskSpec;
  target: { N: number; D: number };
  options?: LadderBootstrapOptions;
}

/**
 * Bootstrap several tasks on worker threads (default: one per core), resamples split into chunks of `chunk`
 * (default 125); the same numbers as {@link bootstrapTask} task by task, whatever the number of workers.
 *
 * @example
 * const bs = await bootstrapTasks(PAPER_TASKS.map((task) => ({ runs: runsOf(task), task, target })), { workers: 2 });
 */
export async function bootstrapTasks(jobs: readonly BootstrapJob[], opts: { workers?: number; chunk?: number; onProgress?: (done: number, total: number) => void } = {}): Promise<LadderBootstrap[]> {
  const preps = jobs.map((j) => prepareBootstrap(j.runs, j.task, j.target, j.options));
  const size = Math.max(1, opts.chunk ?? 125);
  const flat: { task: number; from: number; to: number }[] = [];
  preps.forEach((p, t) => {
    for (let b = 0; b < p.resamples; b += size) flat.push({ task: t, from: b, to: Math.min(p.resamples, b + size) });
  });
  const chunks = await runResampleJobs(flat.map((f) => ({ problem: preps[f.task]!.problem, from: f.from, to: f.to })), opts.workers, opts.onProgress);
  return preps.map((p, t) => finishBootstrap(p, chunks.filter((_, i) => flat[i]!.task === t)));
}
