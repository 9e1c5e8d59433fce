/**
 * The refits of the ladder bootstrap, as a pure function of a plain-data problem and a range of resample numbers,
 * so the same resamples can run in this thread or in worker threads and give the same bytes (resample b always
 * draws from `createRng(seed)`'s b-th fork).
 *
 * Each resample draws ladder runs with replacement for step 1 and blocks of checkpoints within each run for step 2,
 * refits step 1 from every start in `starts1` (the caller's start, by default the paper's, and the full-data
 * optimum) and keeps the lowest converged objective, refits step 2 from `start2`, and chains them at the target.
 * A resample none of whose step-1 starts converged is retried from the rescue starts (a small grid) before it is
 * dropped; every drop is counted by reason.
 */
import { createRng } from '../stats/random.js';
import { fitStep1, fitStep2, step1Loss, step2Accuracy, type Step1Point } from './steps.js';

/** Everything a resample needs, as plain data (structured-clonable for a worker). */
export interface ResampleProblem {
  points: Step1Point[];
  s2loss: Float64Array;
  s2accuracy: Float64Array;
  /** First index and count of each run's step-2 checkpoints (same order as `points`). */
  offsets: number[];
  lengths: number[];
  chance: number;
  ceiling: number;
  target: { N: number; D: number };
  seed: number;
  block: number;
  /** Target checkpoint SD added to each chained draw (0: none). */
  targetAccuracySd: number;
  /** Step-1 starts of every resample (the lowest converged objective wins). */
  starts1: number[][];
  /** Starts tried, in order, only when none of `starts1` converged. */
  rescue1: number[][];
  start2: number[];
  /** Iteration limit of each step-1 refit. */
  maxIter1: number;
}

/** Why a resample was left out. */
export type DropReason = 'degenerate' | 'step1' | 'step2';

/** Per-resample outcomes of a range [from, to). */
export interface ResampleChunk {
  from: number;
  loss: Float64Array;
  accuracy: Float64Array;
  /** 0 kept, 1 degenerate (fewer than 2 sizes or 2 token ratios drawn), 2 step 1 not converged, 3 step 2 not converged. */
  code: Uint8Array;
  /** 1 where the step-1 starts converged to different objectives (relative difference > 1e-9). */
  disagree: Uint8Array;
  /** |chained accuracy at the best optimum - at the other start's| where the starts disagreed, else 0. */
  shift: Float64Array;
  /** 1 where a rescue start was needed (no start of `starts1` converged) and converged. */
  rescued: Uint8Array;
}

/**
 * Run resamples from..to-1 of a problem.
 *
 * @example
 * const chunk = runResamples(problem, 0, 100);
 * chunk.code.filter((c) => c !== 0).length; // dropped among the first 100
 */
export function runResamples(pr: ResampleProblem, from: number, to: number): ResampleChunk {
  const n = to - from;
  const out: ResampleChunk = {
    from,
    loss: new Float64Array(n).fill(NaN),
    accuracy: new Float64Array(n).fill(NaN),
    code: new Uint8Array(n),
    disagree: new Uint8Array(n),
    shift: new Float64Array(n),
    rescued: new Uint8Array(n),
  };
  const rng = createRng(pr.seed);
  for (let b = 0; b < from; b++) rng.fork(b);
  const nRun = pr.points.length;
  const w1 = new Float64Array(nRun);
  const w2 = new Float64Array(pr.s2loss.length);
  const { N, D } = pr.target;
  for (let b = from; b < to; b++) {
    const j = b - from;
    const r = rng.fork(b);
    w1.fill(0);
    for (let i = 0; i < nRun; i++) {
      const k = r.int(nRun);
      w1[k] = w1[k]! + 1;
    }
    for (let q = 0; q < nRun; q++) blockCountsInto(w2, pr.offsets[q]!, pr.lengths[q]!, pr.block, r);
    const drawn = pr.points.filter((_, i) => w1[i]! > 0);
    if (new Set(drawn.map((q) => q.N)).size < 2 || new Set(drawn.map((q) => Math.round(q.D / q.N))).size < 2) {
      out.code[j] = 1;
      continue;
    }
    const fits = pr.starts1.map((s) => fitStep1(pr.points, s, w1, pr.maxIter1)).filter((f) => f.converged);
    if (fits.length === 0) {
      for (const s of pr.rescue1) {
        const f = fitStep1(pr.points, s, w1, pr.maxIter1);
        if (f.converged) {
          fits.push(f);
          out.rescued[j] = 1;
          break;
        }
      }
    }
    if (fits.length === 0) {
      out.code[j] = 2;
      continue;
    }
    let f2;
    try {
      f2 = fitStep2(pr.s2loss, pr.s2accuracy, pr.chance, pr.ceiling, w2, 500, pr.start2);
    } catch {
      f2 = null;
    }
    if (f2 === null || !f2.converged) {
      out.code[j] = 3;
      continue;
    }
    let best = fits[0]!;
    for (const f of fits) if (f.objective < best.objective) best = f;
    const L = step1Loss(best.params, N, D);
    const A = step2Accuracy(f2.params, L);
    for (const f of fits) {
      if (Math.abs(f.objective - best.objective) > 1e-9 * Math.max(Math.abs(best.objective), 1e-300)) {
        out.disagree[j] = 1;
        out.shift[j] = Math.max(out.shift[j]!, Math.abs(step2Accuracy(f2.params, step1Loss(f.params, N, D)) - A));
      }
    }
    out.loss[j] = L;
    out.accuracy[j] = A + (pr.targetAccuracySd > 0 ? pr.targetAccuracySd * r.normal() : 0);
  }
  return out;
}

/**
 * Moving-block bootstrap counts for n consecutive points written into w[offset..offset+n): ceil(n / block) blocks
 * of length `block` (shorter when n < block) with uniform starts, the last one cut so the counts sum to n.
 *
 * @example
 * const w = new Float64Array(25); blockCountsInto(w, 0, 25, 10, createRng(1)); // sums to 25
 */
export function blockCountsInto(w: Float64Array, offset: number, n: number, block: number, rng: { int(n: number): number }): void {
  w.fill(0, offset, offset + n);
  const b = Math.max(1, Math.min(block, n));
  let left = n;
  while (left > 0) {
    const s = rng.int(n - b + 1);
    for (let i = 0; i < b && left > 0; i++, left--) w[offset + s + i] = w[offset + s + i]! + 1;
  }
}
