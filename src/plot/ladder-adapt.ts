/**
 * Ladder results to figure inputs: a prediction (and its bootstrap, the actual values when known) to the step-1,
 * step-2 and predictions figures' inputs, a noise result to a task-noise row.
 *
 * @example
 * const p = predictTask(runs, task, target);
 * const svg = ladderStep1Figure(ladderStep1InputOf(p), { id: 'mmlu-step1' });
 */
import type { LadderBootstrap } from '../ladder/bootstrap.js';
import type { LadderRun } from '../ladder/data.js';
import type { TaskNoise } from '../ladder/noise.js';
import type { TaskPrediction } from '../ladder/predict.js';
import { step2Points } from '../ladder/steps.js';
import type { TaskSpec } from '../ladder/task.js';
import type { LadderNoiseRow } from './ladder-noise.js';
import type { LadderPredictionRow } from './ladder-predictions.js';
import type { LadderStep1Input } from './ladder-step1.js';
import type { LadderStep2Input } from './ladder-step2.js';

/** The target's measured task loss and accuracy. */
export interface LadderActual {
  loss?: number;
  accuracy?: number;
}

/**
 * Step-1 figure input of a prediction.
 *
 * @example
 * ladderStep1InputOf(p, b, { loss: 0.82 }).target.lo; // b.loss.lo
 */
export function ladderStep1InputOf(p: TaskPrediction, b?: LadderBootstrap, actual?: LadderActual): LadderStep1Input {
  return {
    task: p.task,
    points: p.step1.points.map((q) => ({ N: q.N, D: q.D, loss: q.loss })),
    params: p.step1.params,
    target: { N: p.target.N, D: p.target.D, ...(b ? { lo: b.loss.lo, hi: b.loss.hi } : {}), ...(actual?.loss !== undefined ? { actual: actual.loss } : {}) },
  };
}

/**
 * Step-2 figure input of a prediction: the runs' smoothed checkpoints past the skip (as step 2 fitted them).
 *
 * @example
 * ladderStep2InputOf(runs, task, p, b, { loss: 0.82, accuracy: 0.49 }).points.length; // checkpoints fitted
 */
export function ladderStep2InputOf(runs: readonly LadderRun[], task: TaskSpec, p: TaskPrediction, b?: LadderBootstrap, actual?: LadderActual, options: { smooth?: number; skip?: number } = {}): LadderStep2Input {
  const s2 = step2Points(runs, options.smooth ?? 5, options.skip ?? 0.1);
  const points = Array.from(s2.loss, (l, i) => ({ N: runs[s2.run[i]!]!.N, loss: l, accuracy: s2.accuracy[i]! }));
  return {
    task: p.task,
    chance: task.chance ?? 0.25,
    ceiling: task.ceiling ?? 1,
    points,
    params: p.step2.params,
    prediction: { loss: p.loss, accuracy: p.accuracy, ...(b ? { lo: b.accuracy.lo, hi: b.accuracy.hi } : {}) },
    ...(actual?.loss !== undefined && actual.accuracy !== undefined ? { actual: { loss: actual.loss, accuracy: actual.accuracy } } : {}),
  };
}

/**
 * Predictions-figure row of a prediction.
 *
 * @example
 * ladderPredictionRowOf(p, task, b, 0.49); // { task: 'MMLU', predicted, lo, hi, actual: 0.49, chance: 0.25 }
 */
export function ladderPredictionRowOf(p: TaskPrediction, task: TaskSpec, b?: LadderBootstrap, actual?: number): LadderPredictionRow {
  return { task: p.task, predicted: p.accuracy, ...(b ? { lo: b.accuracy.lo, hi: b.accuracy.hi } : {}), ...(actual !== undefined ? { actual } : {}), chance: task.chance ?? 0.25 };
}

/**
 * Task-noise row of a noise result (decision accuracy at the largest ladder size).
 *
 * @example
 * ladderNoiseRowOf(taskNoise(runs, task)); // { task, snr, snrLoss, agree, pairs, minDifference, decides }
 */
export function ladderNoiseRowOf(n: TaskNoise): LadderNoiseRow {
  const top = n.decision[n.decision.length - 1]!;
  return { task: n.task, snr: n.snrAccuracy.snr, snrLoss: n.snrLoss.snr, agree: top.agree, pairs: top.pairs, minDifference: n.minDifference, decides: n.decides };
}
