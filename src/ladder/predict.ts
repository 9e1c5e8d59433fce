/**
 * Chained prediction of a task's accuracy at a target (N, D): step 1's predicted loss fed to step 2, with a
 * statement of which optimum step 1 reached (the paper's single start against a multi-start search).
 */
import { FitError } from '../errors.js';
import type { LadderRun } from './data.js';
import { fitStep1, fitStep2, PAPER_STEP1_START, step1Loss, step1Points, step2Accuracy, step2Points, type Step1Fit, type Step2Fit } from './steps.js';
import type { TaskSpec } from './task.js';

/** Options of {@link predictTask}. */
export interface PredictOptions {
  /** Checkpoints averaged (step 1: the last ones; step 2: moving average). Default 5, the paper's. */
  smooth?: number;
  /** Fraction of each run's first checkpoints left out of step 2. Default 0.1, the paper's. */
  skip?: number;
  /** Step 1's start (default the paper's (3, 6, 0.1, 0.2, 1)). */
  start?: readonly number[];
  /** Also run the multi-start search of step 1 (default true). */
  multiStart?: boolean;
  /** Iteration limit of each step's fit (default 100,000 for step 1, 500 for step 2's Levenberg-Marquardt). */
  maxIter?: number;
}

/** How step 1's optimum compares with the best of a multi-start search over the same bounds. */
export interface Step1Optimum {
  /** Starts tried (a grid over log A, log B, alpha, beta, E), and how many converged within 3000 iterations. */
  starts: number;
  converged: number;
  /** Lowest objective found over all starts. */
  bestObjective: number;
  /** True when some start reached an objective lower than the fitted one by more than 1e-9 relative. */
  lowerFound: boolean;
  /** Parameters of the lowest objective. */
  bestParams: Float64Array;
  /** The target's loss and chained accuracy at the best optimum, and how far they are from the fitted one's. */
  loss: number;
  accuracy: number;
  lossShift: number;
  accuracyShift: number;
  /** Spread of the chained accuracy over the converged starts whose objective is within 1% of the best. */
  accuracyRange: [number, number];
}

/** A task's chained prediction. */
export interface TaskPrediction {
  task: string;
  target: { N: number; D: number };
  step1: Step1Fit;
  step2: Step2Fit;
  /** Step 1's predicted task loss at the target. */
  loss: number;
  /** Step 2 at that loss: the chained accuracy. */
  accuracy: number;
  optimum: Step1Optimum | null;
  /** Target compute N x D over the largest ladder run's: how far the prediction extrapolates. */
  extrapolation: number;
  /** Things the caller must know (far extrapolation, a step-1 fit that did not converge). */
  warnings: string[];
}

/**
 * The grid of step-1 starts of the multi-start search: log A, log B in {0, 5, 10, 20}, alpha, beta in
 * {0.1, 0.3, 0.6}, E in {0, 1} (288 starts).
 *
 * @example
 * step1Starts().length; // 288
 */
export function step1Starts(): number[][] {
  const out: number[][] = [];
  for (const a of [0, 5, 10, 20]) for (const b of [0, 5, 10, 20]) for (const al of [0.1, 0.3, 0.6]) for (const be of [0.1, 0.3, 0.6]) for (const e of [0, 1]) out.push([a, b, al, be, e]);
  return out;
}

/**
 * Fit both steps on the ladder runs of one task and chain them at the target.
 *
 * @example
 * const runs = ladderRuns(rs, PAPER_TASKS[0]!, { N: LADDER_N });
 * const p = predictTask(runs, PAPER_TASKS[0]!, { N: 6887575552, D: 3945065873408 });
 * p.accuracy; // ≈ 0.484 (the 7B's MMLU: 0.490)
 */
export function predictTask(runs: readonly LadderRun[], task: TaskSpec, target: { N: number; D: number }, options: PredictOptions = {}): TaskPrediction {
  const smooth = options.smooth ?? 5;
  const skip = options.skip ?? 0.1;
  const pts = step1Points(runs, smooth);
  const step1 = fitStep1(pts, options.start ?? PAPER_STEP1_START, undefined, options.maxIter ?? 100000);
  const s2 = step2Points(runs, smooth, skip);
  const step2 = fitStep2(s2.loss, s2.accuracy, task.chance ?? 0.25, task.ceiling ?? 1, undefined, options.maxIter ?? 500);
  const loss = step1Loss(step1.params, target.N, target.D);
  if (!Number.isFinite(loss)) throw new FitError(`step 1 of task "${task.name}" gives a non-finite loss at N=${target.N}, D=${target.D}`);
  if (!step2.converged) {
    throw new FitError(`step 2 (sigmoid) of task "${task.name}" did not converge (${step2.reason}): no accuracy is predicted`);
  }
  const accuracy = step2Accuracy(step2.params, loss);
  const warnings: string[] = [];
  const extrapolation = (target.N * target.D) / Math.max(...pts.map((q) => q.N * q.D));
  if (extrapolation > 10) {
    warnings.push(`task "${task.name}": the target's compute is ${extrapolation.toFixed(0)}x the largest ladder run's; the prediction extrapolates that far`);
  }
  if (!step1.converged) warnings.push(`task "${task.name}": step 1 did not converge (${step1.reason}); its loss is where the optimiser stopped`);
  let optimum: Step1Optimum | null = null;
  if (options.multiStart ?? true) {
    const fits = step1Starts().map((s) => fitStep1(pts, s, undefined, 3000));
    let best = step1;
    for (const f of fits) if (f.converged && f.objective < best.objective) best = f;
    const bl = step1Loss(best.params, target.N, target.D);
    const ba = step2Accuracy(step2.params, bl);
    const near = fits.filter((f) => f.converged && f.objective <= best.objective * 1.01).map((f) => step2Accuracy(step2.params, step1Loss(f.params, target.N, target.D)));
    optimum = {
      starts: fits.length,
      converged: fits.filter((f) => f.converged).length,
      bestObjective: best.objective,
      lowerFound: best.objective < step1.objective * (1 - 1e-9),
      bestParams: best.params,
      loss: bl,
      accuracy: ba,
      lossShift: bl - loss,
      accuracyShift: ba - accuracy,
      accuracyRange: [Math.min(ba, ...near), Math.max(ba, ...near)],
    };
  }
  if (optimum?.lowerFound) {
    warnings.push(`task "${task.name}": step 1 from the given start is not the lowest objective found; another optimum moves the accuracy by ${(optimum.accuracyShift * 100).toFixed(1)} points`);
  }
  return { task: task.name, target: { ...target }, step1, step2, loss, accuracy, optimum, extrapolation, warnings };
}

/**
 * Checkpoint-to-checkpoint noise of one run: the standard deviation (population, as numpy's default) of the task
 * loss and accuracy over its last `last` checkpoints, and their coefficients of variation.
 *
 * @example
 * checkpointNoise(run1B10xC, 10); // { lossSd: 0.00256, accuracySd: 0.00099, ... } for MMLU
 */
export function checkpointNoise(run: LadderRun, last = 10): { lossSd: number; accuracySd: number; lossCv: number; accuracyCv: number } {
  const sd = (xs: Float64Array): [number, number] => {
    const v = xs.subarray(Math.max(0, xs.length - last));
    const m = v.reduce((a, b) => a + b, 0) / v.length;
    const s = Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / v.length);
    return [s, s / m];
  };
  const [lossSd, lossCv] = sd(run.loss);
  const [accuracySd, accuracyCv] = sd(run.accuracy);
  return { lossSd, accuracySd, lossCv, accuracyCv };
}
