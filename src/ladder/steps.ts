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
import { boundedLeastSquares } from './lsq.js';
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
  iterations: number;
  /** Model evaluations (one pass over the checkpoints each). */
  evaluations: number;
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
  // the points with a positive weight, in typed arrays (a bootstrap resample leaves about a third out)
  const keep = points.map((_, i) => i).filter((i) => (w ? w[i]! > 0 : true));
  const m = keep.length;
  const lnN = Float64Array.from(keep, (i) => Math.log(points[i]!.N));
  const lnD = Float64Array.from(keep, (i) => Math.log(points[i]!.D));
  const lnY = Float64Array.from(keep, (i) => Math.log(points[i]!.loss));
  const wt = Float64Array.from(keep, (i) => (w ? w[i]! : 1));
  return (p, g) => {
    const a = p[0]!;
    const b = p[1]!;
    const al = p[2]!;
    const be = p[3]!;
    const E = p[4]!;
    let f = 0;
    let g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0;
    for (let i = 0; i < m; i++) {
      const wi = wt[i]!;
      const ta = Math.exp(a - lnN[i]! * al);
      const tb = Math.exp(b - lnD[i]! * be);
      const pred = ta + tb + E;
      if (!(pred > 0)) return Infinity;
      const u = Math.log(pred) - lnY[i]!;
      const au = Math.abs(u);
      f += wi * (au < HUBER_DELTA ? 0.5 * u * u : HUBER_DELTA * (au - 0.5 * HUBER_DELTA));
      const gu = (wi * (au < HUBER_DELTA ? u : HUBER_DELTA * Math.sign(u))) / pred;
      g0 += gu * ta;
      g1 += gu * tb;
      g2 -= gu * ta * lnN[i]!;
      g3 -= gu * tb * lnD[i]!;
      g4 += gu;
    }
    g[0] = g0;
    g[1] = g1;
    g[2] = g2;
    g[3] = g3;
    g[4] = g4;
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

/** Step 2's start in the paper's code: (chance - 1, 0.9, 3, ceiling). */
export function step2Start(chance = 0.25, ceiling = 1): number[] {
  return [chance - 1, 0.9, 3, ceiling];
}

/**
 * The step-2 least-squares model over compacted points (loss, accuracy, weight; the ideal point included as a row):
 * objective 0.5 x sum w r^2, its gradient and Gauss-Newton matrix in one pass.
 */
function step2Model(L: Float64Array, y: Float64Array, w: Float64Array): (q: Float64Array, g: Float64Array, H: Float64Array) => number {
  const m = L.length;
  return (q, g, H) => {
    const p = q[0]!;
    const L0 = q[1]!;
    const k = q[2]!;
    const c = q[3]!;
    let f = 0;
    let g0 = 0, g1 = 0, g2 = 0, g3 = 0;
    let h00 = 0, h01 = 0, h02 = 0, h03 = 0, h11 = 0, h12 = 0, h13 = 0, h22 = 0, h23 = 0, h33 = 0;
    for (let i = 0; i < m; i++) {
      const dL = L[i]! - L0;
      const s = 1 / (1 + Math.exp(-k * dL));
      const wi = w[i]!;
      const r = p * s + c - y[i]!;
      const pds = p * s * (1 - s);
      const j0 = s;
      const j1 = -k * pds;
      const j2 = dL * pds;
      f += wi * r * r;
      const wr = wi * r;
      g0 += wr * j0; g1 += wr * j1; g2 += wr * j2; g3 += wr;
      const w0 = wi * j0, w1 = wi * j1, w2 = wi * j2;
      h00 += w0 * j0; h01 += w0 * j1; h02 += w0 * j2; h03 += w0;
      h11 += w1 * j1; h12 += w1 * j2; h13 += w1;
      h22 += w2 * j2; h23 += w2;
      h33 += wi;
    }
    g[0] = g0; g[1] = g1; g[2] = g2; g[3] = g3;
    H[0] = h00; H[1] = h01; H[2] = h02; H[3] = h03;
    H[4] = h01; H[5] = h11; H[6] = h12; H[7] = h13;
    H[8] = h02; H[9] = h12; H[10] = h22; H[11] = h23;
    H[12] = h03; H[13] = h13; H[14] = h23; H[15] = h33;
    return 0.5 * f;
  };
}

/**
 * Fit step 2 (bounded least squares by Levenberg-Marquardt, plus the ideal point (0, ceiling)). Throws FitError
 * when the accuracy never leaves chance level (the sigmoid would be unidentified). `w` weights the checkpoints
 * (bootstrap counts; zero-weight points are left out before fitting), `start` defaults to the paper's.
 *
 * @example
 * const s2 = step2Points(runs, 5, 0.1); fitStep2(s2.loss, s2.accuracy, 0.25, 1).params; // (p, L0, k, q)
 */
export function fitStep2(
  loss: ArrayLike<number>,
  accuracy: ArrayLike<number>,
  chance = 0.25,
  ceiling = 1,
  w?: ArrayLike<number>,
  maxIter = 500,
  start: ArrayLike<number> = step2Start(chance, ceiling),
): Step2Fit {
  const n = loss.length;
  if (n < 5) throw new InputError(`step 2 has 4 parameters and only ${n} checkpoints`);
  let maxAcc = -Infinity;
  let m = 1;
  for (let i = 0; i < n; i++) {
    if (w && !(w[i]! > 0)) continue;
    maxAcc = Math.max(maxAcc, accuracy[i]!);
    m++;
  }
  const atChance = maxAcc - chance < 0.02;
  if (atChance) throw new FitError(`step 2: accuracy never leaves chance level (best ${maxAcc.toFixed(3)}, chance ${chance.toFixed(3)}): the sigmoid is not identified at this scale, no prediction`);
  const L = new Float64Array(m);
  const y = new Float64Array(m);
  const wc = new Float64Array(m);
  let j = 0;
  for (let i = 0; i < n; i++) {
    const wi = w ? w[i]! : 1;
    if (!(wi > 0)) continue;
    L[j] = loss[i]!;
    y[j] = accuracy[i]!;
    wc[j++] = wi;
  }
  L[j] = 0;
  y[j] = ceiling;
  wc[j] = 1;
  const r = boundedLeastSquares(step2Model(L, y, wc), start, [-1, 0, 0, 0], [0, Infinity, Infinity, 1], { maxIter });
  return { params: r.x, objective: r.f, converged: r.converged, reason: r.reason, iterations: r.iterations, evaluations: r.evaluations ?? r.iterations + 1, n, atChance };
}
