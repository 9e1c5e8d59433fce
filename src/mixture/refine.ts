/**
 * Local refinement of a mixture after the Dirichlet search: pairwise transfers of weight from one domain to
 * another (the sum stays 1), best move of each sweep taken when it lowers the predicted loss, step sizes halving
 * from coarse to fine. Every move stays inside per-domain bounds [lo, hi] (which carry token availability), so the
 * refined mixture is feasible whenever the start is, and its predicted loss is never above the start's: a move is
 * taken only when it lowers the prediction.
 */
import { InputError } from '../errors.js';

/** Options of {@link refineMixture}. */
export interface RefineOptions {
  /** Transfer sizes tried, largest first (default 0.02, 0.01, 0.005, 0.002, 0.001). */
  steps?: readonly number[];
  /** Most predictions made (default 2000). */
  maxEvaluations?: number;
  /**
   * Keep every weight within the range the model was trained on (or the start's, when the start is outside it),
   * as well as the bounds (default true): refinement toward a vertex the runs never came near rewards a
   * linear model's extrapolation, not a better mixture. proposeMixture applies it.
   */
  withinTrainedRange?: boolean;
}

/** Result of {@link refineMixture}. */
export interface Refinement {
  weights: Float64Array;
  predicted: number;
  /** Predicted loss of the start. */
  startPredicted: number;
  /** Moves taken and predictions made. */
  moves: number;
  evaluations: number;
}

/**
 * Refine `start` under `predict` within [lo, hi] per domain (sum kept at 1).
 *
 * @example
 * const r = refineMixture((w) => (w[0]! - 0.7) ** 2, Float64Array.from([0.5, 0.5]), [0, 0], [1, 1]);
 * r.weights; // ≈ [0.7, 0.3]
 */
export function refineMixture(
  predict: (w: ArrayLike<number>) => number, start: ArrayLike<number>, lo: ArrayLike<number>, hi: ArrayLike<number>, options: RefineOptions = {},
): Refinement {
  const d = start.length;
  if (lo.length !== d || hi.length !== d) throw new InputError(`refineMixture: ${d} weights but ${lo.length} lower and ${hi.length} upper bounds`);
  for (let j = 0; j < d; j++) if (!(start[j]! >= lo[j]! - 1e-12 && start[j]! <= hi[j]! + 1e-12)) throw new InputError(`refineMixture: start weight ${j} (${start[j]}) is outside its bounds [${lo[j]}, ${hi[j]}]`);
  const steps = options.steps ?? [0.02, 0.01, 0.005, 0.002, 0.001];
  const maxEval = options.maxEvaluations ?? 2000;
  const w = Float64Array.from(start);
  const trial = new Float64Array(d);
  const startPredicted = predict(w);
  let f = startPredicted, evaluations = 1, moves = 0;
  for (const step of steps) {
    for (;;) {
      let bestF = f, bestA = -1, bestB = -1, bestT = 0;
      for (let a = 0; a < d && evaluations < maxEval; a++) {
        const room = w[a]! - lo[a]!;
        if (!(room > 1e-12)) continue;
        for (let b = 0; b < d && evaluations < maxEval; b++) {
          const space = hi[b]! - w[b]!;
          if (b === a || !(space > 1e-12)) continue;
          const t = Math.min(step, room, space);
          trial.set(w);
          trial[a] = t === room ? lo[a]! : w[a]! - t;
          trial[b] = t === space ? hi[b]! : w[b]! + t;
          const v = predict(trial);
          evaluations++;
          if (v < bestF) { bestF = v; bestA = a; bestB = b; bestT = t; }
        }
      }
      if (bestA < 0) break;
      const room = w[bestA]! - lo[bestA]!, space = hi[bestB]! - w[bestB]!;
      w[bestA] = bestT === room ? lo[bestA]! : w[bestA]! - bestT;
      w[bestB] = bestT === space ? hi[bestB]! : w[bestB]! + bestT;
      f = bestF; moves++;
      if (evaluations >= maxEval) break;
    }
    if (evaluations >= maxEval) break;
  }
  return { weights: w, predicted: f, startPredicted, moves, evaluations };
}
