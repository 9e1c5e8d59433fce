/**
 * The variants Bhagia et al. 2024 compare with the two-step chain (github.com/allenai/OLMo-ladder,
 * src/scaling/utils.py, src/scripts/step1_flops.py, src/scripts/single_step.py):
 * - another intermediate feature for step 1 and step 2: C4 validation loss, or the task's cross-entropy (the
 *   negated `downstream_soft_log` columns) instead of the task's bits per byte: {@link withIntermediate} rewrites a
 *   task's loss columns, so predictTask, bootstrapTask and the CLI run it unchanged;
 * - compute instead of (N, D) in step 1: L(C) = E + exp(a) / C^alpha with C = 6 N D, bounds a >= 0,
 *   0 <= alpha <= 1, E >= 0, start (3, 0.1, 1) (the paper's step1_flops settings; the paper's own C is a per-model
 *   FLOPs-per-token table times D, not 6ND);
 * - single-step: accuracy directly from (N, D), Acc = p / (1 + exp(-(exp(a)/N^alpha + exp(b)/D^beta + E))) + q,
 *   Huber(1e-3) on log residuals over each run's smoothed final accuracy, start (3, 5, 0.2, 0.3, 0, chance - 1, 1),
 *   bounds a, b, alpha, beta >= 0, p in [-1, 0], q in [0, 1] (the lowest of several starts, see fitSingleStep).
 * All fitted by the same projected L-BFGS as step 1 (gtol 1e-10).
 */
import { FitError, InputError } from '../errors.js';
import { boundedMinimize, type BoundedResult } from './bounded.js';
import type { LadderRun } from './data.js';
import { fitStep2, step1Points, step2Accuracy, step2Points, type Step1Point, type Step2Fit } from './steps.js';
import type { TaskSpec } from './task.js';

const HUBER_DELTA = 1e-3;
const huber = (u: number): number => (Math.abs(u) < HUBER_DELTA ? 0.5 * u * u : HUBER_DELTA * (Math.abs(u) - 0.5 * HUBER_DELTA));
const dhuber = (u: number): number => (Math.abs(u) < HUBER_DELTA ? u : HUBER_DELTA * Math.sign(u));

/** The intermediate feature of the chain. */
export type Intermediate = 'task-bpb' | 'c4' | 'task-ce';

/** C4 validation loss column of OLMo ladder runs. */
export const C4_LOSS_COLUMN = 'eval/c4_en-validation/CrossEntropyLoss';

/**
 * A task with another intermediate feature: 'c4' takes C4 validation cross-entropy as the loss (one column for
 * every accuracy column), 'task-ce' the task's cross-entropy of the correct answer (the accuracy columns'
 * `downstream_soft_log` counterparts, negated), 'task-bpb' the task as given.
 *
 * @example
 * withIntermediate(PAPER_TASKS[2]!, 'task-ce').loss; // ['eval/downstream_soft_log/piqa_val_rc_5shot_soft_log']
 */
export function withIntermediate(task: TaskSpec, intermediate: Intermediate): TaskSpec {
  if (intermediate === 'task-bpb') return task;
  if (intermediate === 'c4') return { ...task, name: `${task.name} (C4 loss)`, loss: [C4_LOSS_COLUMN], negateLoss: false };
  const loss = task.accuracy.map((c) => c.replace('/downstream/', '/downstream_soft_log/').replace(/_(len_norm|acc)$/, '_soft_log'));
  if (loss.some((c, i) => c === task.accuracy[i])) {
    throw new InputError(`task "${task.name}": cannot derive the cross-entropy columns from accuracy columns ${task.accuracy.join(', ')} (expected OLMo's eval/downstream/..._len_norm); give the loss columns yourself`);
  }
  return { ...task, name: `${task.name} (task CE)`, loss, negateLoss: true };
}

/** A fit of a variant: its parameters by name, the objective, convergence. */
export interface VariantFit {
  params: Float64Array;
  paramNames: string[];
  objective: number;
  converged: boolean;
  reason: BoundedResult['reason'];
  iterations: number;
  atBound: string[];
}

function variantFit(r: BoundedResult, names: string[]): VariantFit {
  return { params: r.x, paramNames: names, objective: r.f, converged: r.converged, reason: r.reason, iterations: r.iterations, atBound: r.atBound.map((i) => names[i]!) };
}

/** Step 1 in compute: the paper's start (log A, alpha, E). */
export const COMPUTE_STEP1_START: readonly number[] = [3, 0.1, 1];

/**
 * Step 1 on compute C = 6 N D: L = E + exp(a) / C^alpha by Huber(1e-3) on log residuals, a >= 0, 0 <= alpha <= 1,
 * E >= 0. Needs points at 3 or more compute budgets.
 *
 * @example
 * fitStep1Compute(step1Points(runs, 5)).params; // (log A, alpha, E)
 */
export function fitStep1Compute(points: readonly Step1Point[], start: ArrayLike<number> = COMPUTE_STEP1_START, maxIter = 100000): VariantFit {
  const lnC = points.map((q) => Math.log(6 * q.N * q.D));
  if (new Set(lnC.map((c) => c.toPrecision(6))).size < 3) throw new InputError(`step 1 on compute has 3 parameters and ${new Set(lnC).size} distinct compute budget(s): give runs at 3 or more budgets`);
  const lnY = points.map((q) => Math.log(q.loss));
  const fg = (p: Float64Array, g: Float64Array): number => {
    g.fill(0);
    let f = 0;
    for (let i = 0; i < lnC.length; i++) {
      const t = Math.exp(p[0]! - lnC[i]! * p[1]!);
      const pred = t + p[2]!;
      if (!(pred > 0)) return Infinity;
      const u = Math.log(pred) - lnY[i]!;
      f += huber(u);
      const gu = dhuber(u) / pred;
      g[0] = g[0]! + gu * t;
      g[1] = g[1]! - gu * t * lnC[i]!;
      g[2] = g[2]! + gu;
    }
    return f;
  };
  return variantFit(boundedMinimize(fg, start, [0, 0, 0], [Infinity, 1, Infinity], { gtol: 1e-10, maxIter }), ['log A', 'alpha', 'E']);
}

/**
 * Loss predicted by step 1 on compute at (N, D), C = 6 N D.
 *
 * @example
 * step1ComputeLoss([3, 0.1, 1], 1e9, 2e10); // 1 + e^3 / (1.2e20)^0.1
 */
export function step1ComputeLoss(p: ArrayLike<number>, N: number, D: number): number {
  return Math.exp(p[0]! - Math.log(6 * N * D) * p[1]!) + p[2]!;
}

/** Single-step points: per run, N, its last D and the mean accuracy of its last `smooth` checkpoints. */
export interface SingleStepPoint {
  run: string;
  N: number;
  D: number;
  accuracy: number;
}

/**
 * Per run, the mean accuracy of its last `smooth` checkpoints at its last D (the paper's single-step data).
 *
 * @example
 * singleStepPoints(runs, 5)[0]; // { run: '190M-1xC', N: 190354176, D: 3.8e9, accuracy: 0.27 }
 */
export function singleStepPoints(runs: readonly LadderRun[], smooth = 5): SingleStepPoint[] {
  return runs.map((r) => {
    const k = r.accuracy.length;
    const from = Math.max(0, k - smooth);
    let s = 0;
    for (let i = from; i < k; i++) s += r.accuracy[i]!;
    return { run: r.name, N: r.N, D: r.D[k - 1]!, accuracy: s / (k - from) };
  });
}

/**
 * Accuracy of the single-step law at (N, D): p / (1 + exp(-(exp(a)/N^alpha + exp(b)/D^beta + E))) + q, floored at
 * 1e-6 as in the paper's code.
 *
 * @example
 * singleStepAccuracy([3, 5, 0.2, 0.3, 0, -0.75, 1], 1e9, 2e10);
 */
export function singleStepAccuracy(p: ArrayLike<number>, N: number, D: number): number {
  const s = Math.exp(p[0]! - Math.log(N) * p[2]!) + Math.exp(p[1]! - Math.log(D) * p[3]!) + p[4]!;
  return Math.max(1e-6, p[5]! / (1 + Math.exp(-s)) + p[6]!);
}

const SINGLE_NAMES = ['log A', 'log B', 'alpha', 'beta', 'E', 'p', 'q'];

/**
 * Fit the single-step law by Huber(1e-3) on log residuals. With no `start`: the lowest converged fit from the
 * paper's start and 8 more (log A in {3, 8}, log B in {5, 10}, alpha in {0.2, 0.5}), since from the paper's start
 * alone L-BFGS lands on a worse optimum for some tasks (HellaSwag) or crawls for 100,000 iterations (MMLU). Needs
 * at least 7 runs.
 *
 * @example
 * fitSingleStep(singleStepPoints(runs, 5), 0.25).params; // (log A, log B, alpha, beta, E, p, q)
 */
export function fitSingleStep(points: readonly SingleStepPoint[], chance = 0.25, start?: ArrayLike<number>, maxIter = 100000): VariantFit {
  if (points.length < 7) throw new InputError(`the single-step law has 7 parameters and only ${points.length} ladder runs`);
  const lnN = points.map((q) => Math.log(q.N));
  const lnD = points.map((q) => Math.log(q.D));
  const lnY = points.map((q) => Math.log(q.accuracy));
  const fg = (p: Float64Array, g: Float64Array): number => {
    g.fill(0);
    let f = 0;
    for (let i = 0; i < lnN.length; i++) {
      const ta = Math.exp(p[0]! - lnN[i]! * p[2]!);
      const tb = Math.exp(p[1]! - lnD[i]! * p[3]!);
      const s = ta + tb + p[4]!;
      const sg = 1 / (1 + Math.exp(-s));
      const raw = p[5]! * sg + p[6]!;
      const pred = Math.max(1e-6, raw);
      const u = Math.log(pred) - lnY[i]!;
      f += huber(u);
      const gu = dhuber(u) / pred;
      const ds = gu * p[5]! * sg * (1 - sg);
      g[0] = g[0]! + ds * ta;
      g[1] = g[1]! + ds * tb;
      g[2] = g[2]! - ds * ta * lnN[i]!;
      g[3] = g[3]! - ds * tb * lnD[i]!;
      g[4] = g[4]! + ds;
      g[5] = g[5]! + gu * sg;
      g[6] = g[6]! + gu;
    }
    return f;
  };
  const lo = [0, 0, 0, 0, -Infinity, -1, 0];
  const hi = [Infinity, Infinity, Infinity, Infinity, Infinity, 0, 1];
  // L-BFGS crawls along this law's narrow valleys: restart it from where it stopped (memory cleared) while that
  // still lowers the objective, from the paper's start and from a small grid; the lowest converged fit wins
  const run = (s0: ArrayLike<number>): BoundedResult => {
    let r = boundedMinimize(fg, s0, lo, hi, { gtol: 1e-10, maxIter: Math.min(maxIter, 20000) });
    for (let k = 0; k < 3 && !r.converged && r.reason === 'maxIter'; k++) {
      const next = boundedMinimize(fg, r.x, lo, hi, { gtol: 1e-10, maxIter: Math.min(maxIter, 20000) });
      next.iterations += r.iterations;
      r = next;
    }
    return r;
  };
  const starts: ArrayLike<number>[] = [start ?? [3, 5, 0.2, 0.3, 0, chance - 1, 1]];
  if (start === undefined) for (const a of [3, 8]) for (const b of [5, 10]) starts.push([a, b, 0.5, 0.3, 0, chance - 1, 1]);
  let best: BoundedResult | null = null;
  let first: BoundedResult | null = null;
  for (const s0 of starts) {
    const r = run(s0);
    first ??= r;
    if (r.converged && (best === null || r.f < best.f)) best = r;
  }
  return variantFit(best ?? first!, SINGLE_NAMES);
}

/** Options of {@link predictVariant}. */
export interface VariantOptions {
  /** 'C' fits step 1 on compute 6ND (default 'ND'). */
  compute?: 'ND' | 'C';
  /** Accuracy directly from (N, D), no intermediate (default false). */
  singleStep?: boolean;
  smooth?: number;
  skip?: number;
}

/** A variant's prediction. */
export interface VariantPrediction {
  task: string;
  variant: 'compute' | 'single-step';
  target: { N: number; D: number };
  /** Step 1 (compute) or the single-step law. */
  fit: VariantFit;
  /** Step 2 (compute variant only). */
  step2: Step2Fit | null;
  /** Predicted intermediate loss (compute variant), null for single-step. */
  loss: number | null;
  accuracy: number;
}

/**
 * Predict with a variant of the paper: step 1 on compute (then the usual step 2, chained), or single-step.
 * The intermediate-feature variants go through {@link withIntermediate} and predictTask.
 *
 * @example
 * predictVariant(runs, PAPER_TASKS[0]!, { N: 6.9e9, D: 3.9e12 }, { compute: 'C' }).accuracy;
 */
export function predictVariant(runs: readonly LadderRun[], task: TaskSpec, target: { N: number; D: number }, options: VariantOptions = {}): VariantPrediction {
  const smooth = options.smooth ?? 5;
  const skip = options.skip ?? 0.1;
  const chance = task.chance ?? 0.25;
  if (options.singleStep) {
    const fit = fitSingleStep(singleStepPoints(runs, smooth), chance);
    if (!fit.converged) throw new FitError(`the single-step law of task "${task.name}" did not converge (${fit.reason}): no accuracy is predicted`);
    return { task: task.name, variant: 'single-step', target: { ...target }, fit, step2: null, loss: null, accuracy: singleStepAccuracy(fit.params, target.N, target.D) };
  }
  if (options.compute !== 'C') throw new InputError('predictVariant: choose compute: "C" or singleStep: true (the (N, D) chain is predictTask)');
  const fit = fitStep1Compute(step1Points(runs, smooth));
  const s2 = step2Points(runs, smooth, skip);
  const step2 = fitStep2(s2.loss, s2.accuracy, chance, task.ceiling ?? 1);
  if (!step2.converged) throw new FitError(`step 2 (sigmoid) of task "${task.name}" did not converge (${step2.reason}): no accuracy is predicted`);
  const loss = step1ComputeLoss(fit.params, target.N, target.D);
  return { task: task.name, variant: 'compute', target: { ...target }, fit, step2, loss, accuracy: step2Accuracy(step2.params, loss) };
}
