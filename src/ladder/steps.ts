/**
 * The two steps of the ladder method (Bhagia et al. 2024), as pure functions.
 *
 * Step 1: task loss L(N, D) = E + exp(a) / N^alpha + exp(b) / D^beta, parameters (a, b, alpha, beta, E) with
 * a = log A, b = log B, fitted by Huber (delta 1e-3) on log residuals over one point per ladder run (the mean of
 * its last `smooth` checkpoints), bounds all >= 0, one start (3, 6, 0.1, 0.2, 1) in the paper's setting.
 * Step 2: accuracy = p / (1 + exp(-k (L - L0))) + q, least squares over every checkpoint past the first `skip`
 * fraction of each run (moving average of `smooth` checkpoints), plus the ideal point (L = 0, ceiling); bounds
 * p in [-1, 0], L0 >= 0, k >= 0, q in [0, 1]; start (chance - 1, 0.9, 3, ceiling).
 */
import { FitError, InputError } from '../errors.js';
import { boundedMinimize, type BoundedResult } from './bounded.js';
import type { LadderRun } from './data.js';

/** The paper's single start for step 1: (log A, log B, alpha, beta, E). */
export const PAPER_STEP1_START: readonly number[] = [3, 6, 0.1, 0.2, 1];
const HUBER_DELTA = 1e-3;

/** A step-1 point: one run's smoothed final task loss. */
export interface Step1Point {
  run: string;
  N: number;
  D: number;
  loss: number;
}

/** Step 1's fit. */
export interface Step1Fit {
  /** (log A, log B, alpha, beta, E). */
  params: Float64Array;
  objective: number;
  converged: boolean;
  reason: BoundedResult['reason'];
  iterations: number;
  /** Names of the parameters that ended on their bound (>= 0). */
  atBound: string[];
  points: Step1Point[];
}

/** Step 2's fit. */
export interface Step2Fit {
  /** (p, L0, k, q): accuracy = p / (1 + exp(-k (L - L0))) + q. */
  params: Float64Array;
  objective: number;
  converged: boolean;
  reason: BoundedResult['reason'];
  /** Number of checkpoints fitted (the ideal point excluded). */
  n: number;
  /** True when the accuracy of the fitted checkpoints never leaves chance level (max - chance below 2 points). */
  atChance: boolean;
}

/**
 * Moving average with a growing window at the start (the first value alone, then the mean of the first two, ...),
 * as numpy's cumulative-sum formulation in the paper's code.
 *
 * @example
 * movingAverage([1, 2, 3, 4], 2); // [1, 1.5, 2.5, 3.5]
 */
export function movingAverage(xs: ArrayLike<number>, n: number): Float64Array {
  const out = new Float64Array(xs.length);
  let s = 0;
  for (let i = 0; i < xs.length; i++) {
    s += xs[i]!;
    if (i >= n) s -= xs[i - n]!;
    out[i] = s / Math.min(i + 1, n);
  }
  return out;
}

/**
 * Task loss predicted by step 1 at (N, D).
 *
 * @example
 * step1Loss([3, 6, 0.1, 0.2, 1], 1e9, 1e11); // 1 + e^3/1e9^0.1 + e^6/1e11^0.2
 */
export function step1Loss(p: ArrayLike<number>, N: number, D: number): number {
  return Math.exp(p[0]! - Math.log(N) * p[2]!) + Math.exp(p[1]! - Math.log(D) * p[3]!) + p[4]!;
}

/**
 * Accuracy predicted by step 2 at task loss L.
 *
 * @example
 * step2Accuracy([-0.75, 0.6, 5, 1], 0.6); // 1 - 0.375
 */
export function step2Accuracy(q: ArrayLike<number>, L: number): number {
  return q[0]! / (1 + Math.exp(-q[2]! * (L - q[1]!))) + q[3]!;
}

/**
 * Step-1 points: per run, N, the D of its last checkpoint and the mean loss of its last `smooth` checkpoints.
 *
 * @example
 * step1Points(runs, 5); // [{ run: '190M-1xC', N: 190354176, D: 3.9e9, loss: 1.21 }, ...]
 */
export function step1Points(runs: readonly LadderRun[], smooth = 5): Step1Point[] {
  return runs.map((r) => {
    const k = r.loss.length;
    const from = Math.max(0, k - smooth);
    let s = 0;
    for (let i = from; i < k; i++) s += r.loss[i]!;
    return { run: r.name, N: r.N, D: r.D[k - 1]!, loss: s / (k - from) };
  });
}

/**
 * Step-2 points: per run, the checkpoints past the first ceil(skip x count), loss and accuracy each smoothed by a
 * moving average of `smooth`.
 *
 * @example
 * step2Points(runs, 5, 0.1).loss.length; // ~ 0.9 x all checkpoints
 */
export function step2Points(runs: readonly LadderRun[], smooth = 5, skip = 0.1): { loss: Float64Array; accuracy: Float64Array; run: Int32Array } {
  const L: number[] = [];
  const A: number[] = [];
  const R: number[] = [];
  runs.forEach((r, j) => {
    const k0 = Math.ceil(skip * r.loss.length - 1e-12);
    const l = movingAverage(r.loss.subarray(k0), smooth);
    const a = movingAverage(r.accuracy.subarray(k0), smooth);
    for (let i = 0; i < l.length; i++) {
      L.push(l[i]!);
      A.push(a[i]!);
      R.push(j);
    }
  });
  return { loss: Float64Array.from(L), accuracy: Float64Array.from(A), run: Int32Array.from(R) };
}

const STEP1_NAMES = ['log A', 'log B', 'alpha', 'beta', 'E'];

/**
 * Step-1 objective: sum of Huber(delta 1e-3) of log(pred) - log(loss), with its gradient; `w` weights the points
 * (bootstrap counts), default 1.
 *
 * @example
 * const f = step1Objective(points); const g = new Float64Array(5); f(Float64Array.from(PAPER_STEP1_START), g);
 */
export function step1Objective(points: readonly Step1Point[], w?: ArrayLike<number>): (p: Float64Array, g: Float64Array) => number {
  const lnN = points.map((q) => Math.log(q.N));
  const lnD = points.map((q) => Math.log(q.D));
  const lnY = points.map((q) => Math.log(q.loss));
  return (p, g) => {
    g.fill(0);
    let f = 0;
    for (let i = 0; i < points.length; i++) {
      const wi = w ? w[i]! : 1;
      if (wi === 0) continue;
      const ta = Math.exp(p[0]! - lnN[i]! * p[2]!);
      const tb = Math.exp(p[1]! - lnD[i]! * p[3]!);
      const pred = ta + tb + p[4]!;
      if (!(pred > 0)) return Infinity;
      const u = Math.log(pred) - lnY[i]!;
      const au = Math.abs(u);
      f += wi * (au < HUBER_DELTA ? 0.5 * u * u : HUBER_DELTA * (au - 0.5 * HUBER_DELTA));
      const gu = (wi * (au < HUBER_DELTA ? u : HUBER_DELTA * Math.sign(u))) / pred;
      g[0] = g[0]! + gu * ta;
      g[1] = g[1]! + gu * tb;
      g[2] = g[2]! - gu * ta * lnN[i]!;
      g[3] = g[3]! - gu * tb * lnD[i]!;
      g[4] = g[4]! + gu;
    }
    return f;
  };
}

/**
 * Fit step 1 from one start (default the paper's), all parameters >= 0. Needs at least as many points as parameters;
 * `w` weights the points (bootstrap counts), `maxIter` bounds the iterations.
 *
 * @example
 * const fit = fitStep1(step1Points(runs, 5)); fit.params; // (log A, log B, alpha, beta, E)
 */
export function fitStep1(points: readonly Step1Point[], start: ArrayLike<number> = PAPER_STEP1_START, w?: ArrayLike<number>, maxIter = 100000): Step1Fit {
  if (points.length < 5) throw new InputError(`step 1 has 5 parameters and only ${points.length} ladder runs: give at least 5 runs (the paper uses 16: 4 sizes x 4 lengths)`);
  const sizes = new Set(points.map((q) => q.N)).size;
  const lengths = new Set(points.map((q) => Math.round(q.D / q.N))).size;
  if (sizes < 2 || lengths < 2) {
    throw new InputError(`step 1 needs at least 2 model sizes and 2 token multiples to identify alpha and beta; the ladder has ${sizes} size(s) and ${lengths} tokens-per-parameter ratio(s) (${points.map((q) => q.run).join(', ')})`);
  }
  const r = boundedMinimize(step1Objective(points, w), start, [0, 0, 0, 0, 0], [Infinity, Infinity, Infinity, Infinity, Infinity], { gtol: 1e-10, maxIter });
  return { params: r.x, objective: r.f, converged: r.converged, reason: r.reason, iterations: r.iterations, atBound: r.atBound.map((i) => STEP1_NAMES[i]!), points: [...points] };
}

/**
 * Fit step 2 (bounded least squares, plus the ideal point (0, ceiling)). Throws FitError when the accuracy never
 * leaves chance level (the sigmoid would be unidentified).
 *
 * @example
 * const s2 = step2Points(runs, 5, 0.1); fitStep2(s2.loss, s2.accuracy, 0.25, 1).params; // (p, L0, k, q)
 */
export function fitStep2(loss: ArrayLike<number>, accuracy: ArrayLike<number>, chance = 0.25, ceiling = 1, w?: ArrayLike<number>, maxIter = 100000): Step2Fit {
  const n = loss.length;
  let maxAcc = -Infinity;
  for (let i = 0; i < n; i++) maxAcc = Math.max(maxAcc, accuracy[i]!);
  if (n < 5) throw new InputError(`step 2 has 4 parameters and only ${n} checkpoints`);
  const atChance = maxAcc - chance < 0.02;
  if (atChance) throw new FitError(`step 2: accuracy never leaves chance level (best ${maxAcc.toFixed(3)}, chance ${chance.toFixed(3)}): the sigmoid is not identified at this scale, no prediction`);
  const fg = (q: Float64Array, g: Float64Array): number => {
    g.fill(0);
    let f = 0;
    for (let i = 0; i <= n; i++) {
      const L = i < n ? loss[i]! : 0;
      const y = i < n ? accuracy[i]! : ceiling;
      const wi = i < n && w ? w[i]! : 1;
      if (wi === 0) continue;
      const e = Math.exp(-q[2]! * (L - q[1]!));
      const s = 1 / (1 + e);
      const r = q[0]! * s + q[3]! - y;
      f += 0.5 * wi * r * r;
      const ds = s * (1 - s);
      g[0] = g[0]! + wi * r * s;
      g[1] = g[1]! + wi * r * q[0]! * ds * -q[2]!;
      g[2] = g[2]! + wi * r * q[0]! * ds * (L - q[1]!);
      g[3] = g[3]! + wi * r;
    }
    return f;
  };
  const r = boundedMinimize(fg, [chance - 1, 0.9, 3, ceiling], [-1, 0, 0, 0], [0, Infinity, Infinity, 1], { gtol: 1e-12, maxIter });
  return { params: r.x, objective: r.f, converged: r.converged, reason: r.reason, n, atChance };
}
