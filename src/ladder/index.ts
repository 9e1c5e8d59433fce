/** Downstream-task prediction from model ladders (issue 12): task specs, ladder runs, the two steps, chaining. */
export { PAPER_TASKS, MMLU_WEIGHTS, taskWeights, type TaskSpec } from './task.js';
export { ladderRuns, type LadderRun, type LadderRunsOptions } from './data.js';
export { boundedMinimize, type BoundedOptions, type BoundedResult } from './bounded.js';
export {
  fitStep1, fitStep2, step2Start, step1Points, step2Points, step1Loss, step2Accuracy, step1Objective, movingAverage, PAPER_STEP1_START,
  type Step1Point, type Step1Fit, type Step2Fit,
} from './steps.js';
export { predictTask, checkpointNoise, step1Starts, type PredictOptions, type TaskPrediction, type Step1Optimum } from './predict.js';
export {
  bootstrapTask, bootstrapTasks, prepareBootstrap, finishBootstrap, blockCounts,
  type LadderBootstrapOptions, type LadderBootstrap, type PreparedBootstrap, type BootstrapJob,
} from './bootstrap.js';
export { runResamples, blockCountsInto, type ResampleProblem, type ResampleChunk, type DropReason } from './resample.js';
export { runResampleJobs, defaultWorkers, type ResampleJob } from './pool.js';
export { boundedLeastSquares, type LeastSquaresOptions } from './lsq.js';
export { LADDER_BACKTEST_COVERAGE, describeLadderInterval } from './coverage.js';
export { backtestTask, type BacktestCase } from './backtest.js';
export { taskNoise, signalToNoise, decisionAgreement, type NoiseOptions, type TaskNoise, type DecisionAccuracy, type SignalToNoise } from './noise.js';
export {
  withIntermediate, fitStep1Compute, step1ComputeLoss, singleStepPoints, singleStepAccuracy, fitSingleStep, predictVariant, C4_LOSS_COLUMN, COMPUTE_STEP1_START,
  type Intermediate, type VariantFit, type VariantOptions, type VariantPrediction, type SingleStepPoint,
} from './variants.js';
