/**
 * Run health (issue 14): throughput, MFU, goodput and badput, and the instability timeline of each run.
 *
 * @example
 * import { runHealth } from './health/index.js';
 * const h = runHealth(rs, { accelerator: 'H100', devices: 8 });
 * h.total.goodput; // productive / wall over the timed runs
 */
export { runHealth, STEP_METRICS, CLOCK_BY_FORMAT } from './health.js';
export { runHealthParallel, type ParallelOptions } from './parallel.js';
export { ACCELERATORS, LLMC_H100_PEAK_FLOPS, resolveAccelerator } from './accelerators.js';
export { accountGoodput, periodicSteps, type Timeline, type GoodputOptions, type GoodputAccount, type SlowInterval } from './goodput.js';
export { spikeEvents, lossScaleEvents, lrChangeEvents, withContext, type SeriesIn, type TimeAt } from './instability.js';
export { llmcFlopsPerToken, mfuFraction, llmcSmoothedTokensPerSecond } from './mfu.js';
export { healthJson, type HealthJson, type HealthJsonRun } from './json.js';
export type {
  Accelerator,
  Badput,
  BadputKind,
  HealthEvent,
  HealthEventKind,
  HealthOptions,
  HealthReport,
  HealthSeries,
  HealthTotal,
  HealthWarning,
  HealthWarningCode,
  MfuBasis,
  MfuSummary,
  MissingInput,
  Quantiles,
  RunHealth,
  RunHealthFn,
} from './types.js';
