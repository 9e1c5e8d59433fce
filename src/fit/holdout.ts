/**
 * Holdout check of extrapolation: fit on the points at or below a cutoff (of C, N or D), predict the points
 * above it, and report the errors.
 *
 * @example
 * const h = await holdoutFit(points, chinchillaLaw(), { above: 1e21 });
 * h.rmseLog; h.maxAbsRelError;
 */
import { InputError } from '../errors.js';
import { fitLaw, predictLoss, type FitOptions, type FitResult } from './fit.js';
import type { Law, Variable } from './laws.js';
import { preparePoints, type FitPoint } from './points.js';

/** Options of {@link holdoutFit}. */
export interface HoldoutOptions extends FitOptions {
  /** Points with `variable` above this value are held out. */
  above: number;
  /** Variable of the cutoff (default 'C'). */
  variable?: Variable;
}

/** One held-out point. */
export interface HeldOutPoint {
  index: number;
  N: number;
  D: number;
  C: number;
  loss: number;
  predicted: number;
  /** predicted / loss - 1 */
  relError: number;
}

/** Result of {@link holdoutFit}. */
export interface HoldoutResult {
  fit: FitResult;
  heldOut: HeldOutPoint[];
  /** Root mean square of log(predicted / loss) over the held-out points. */
  rmseLog: number;
  meanRelError: number;
  maxAbsRelError: number;
}

/**
 * Fit below the cutoff, evaluate above it.
 *
 * @example
 * await holdoutFit(points, powerLaw('C'), { above: 1e20 });
 */
export async function holdoutFit(points: readonly FitPoint[], law: Law, options: HoldoutOptions): Promise<HoldoutResult> {
  const v = options.variable ?? 'C';
  const all = preparePoints(points, law.inputs);
  const below: FitPoint[] = [];
  const aboveIdx: number[] = [];
  points.forEach((pt, i) => { if (all[v][i]! > options.above) aboveIdx.push(i); else below.push(pt); });
  if (aboveIdx.length === 0) throw new InputError(`no point has ${v} above ${options.above}: nothing to hold out`);
  const fit = await fitLaw(below, law, options);
  const heldOut = aboveIdx.map((i) => {
    const predicted = predictLoss(fit, { N: all.N[i]!, D: all.D[i]!, C: all.C[i]! });
    return { index: i, N: all.N[i]!, D: all.D[i]!, C: all.C[i]!, loss: all.loss[i]!, predicted, relError: predicted / all.loss[i]! - 1 };
  });
  const rmseLog = Math.sqrt(heldOut.reduce((s, h) => s + Math.log(h.predicted / h.loss) ** 2, 0) / heldOut.length);
  const meanRelError = heldOut.reduce((s, h) => s + h.relError, 0) / heldOut.length;
  const maxAbsRelError = Math.max(...heldOut.map((h) => Math.abs(h.relError)));
  return { fit, heldOut, rmseLog, meanRelError, maxAbsRelError };
}
