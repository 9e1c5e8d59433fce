/**
 * scalelab's public API: load runs from any common format, operate on curves, fit scaling laws, compare
 * ablations, draw figures and write self-contained reports.
 *
 * @example
 * import { load, finalValues, fitLaw, compareVariants, variantsFromRunSet, createReport } from 'scalelab';
 * const rs = await load('data/ablation', { rule: '{variant}/seed{seed}.log' });
 * const { variants } = variantsFromRunSet(rs, 'val/loss');
 * const result = compareVariants(variants, { baseline: 'baseline', seed: 1 });
 */
export * from './errors.js';
export { VERSION } from './version.js';
export * from './runs/index.js';
export * from './load/index.js';
export * from './fit/index.js';
export * from './compare/index.js';
export * from './mixture/index.js';
export * from './health/index.js';
export * from './plot/index.js';
export * from './report/index.js';
export * from './notebook/index.js';
/** Statistics primitives (distributions, tests, bootstrap, power), also reachable one by one below. */
export * as stats from './stats/index.js';
export {
  createRng,
  type Rng,
  mean,
  sd,
  variance,
  quantile,
  iqm,
  oneSampleTest,
  welchTest,
  studentTest,
  pairedTest,
  mannWhitney,
  bootstrap,
  adjustPValues,
  hedgesG,
  tTestPower,
  minDetectableDiff,
  seedsNeeded,
  describeInterval,
  formatInterval,
  intervalLabelJson,
  sharedDescription,
  type Interval,
  type IntervalLabel,
  type IntervalMethod,
} from './stats/index.js';
// Names two stages share: the fit's are the plain names, the figures' carry the figure's name.
export type { IsoflopOptions } from './fit/index.js';
export type { IsoflopOptions as IsoflopFigureOptions } from './plot/index.js';
export * from './ladder/index.js';
