/**
 * The fitting engine: scaling laws (power, Kaplan, Chinchilla, user-defined), multi-start fits with analytic
 * gradients, bootstrap over runs, the compute-optimal frontier, IsoFLOP (Approach 2), holdout checks, and a
 * seeded synthetic-sweep generator.
 *
 * @example
 * import { fitLaw, chinchillaLaw, bootstrapFit, pointsFromTable } from './fit/index.js';
 * const fit = await fitLaw(pointsFromTable(rows, { N: 'Model Size', C: 'Training FLOP' }), chinchillaLaw());
 */
export { chinchillaLaw, powerLaw, kaplanLaw, defineLaw, lawByName, LAW_NAMES, type Law, type Variable, type UserLawSpec, type UserParam } from './laws.js';
export { preparePoints, pointsFromTable, type FitPoint, type PreparedPoints, type ColumnMapping, type TableLike } from './points.js';
export { fitLaw, fitProblem, makeProblem, predictLoss, problemPoints, type FitOptions, type FitResult, type FitProblem } from './fit.js';
export { bootstrapFit, bootstrapIntervals, resampleWeights, quantities, atC, type BootstrapOptions, type BootstrapResult, type Prediction } from './bootstrap.js';
export { fitMeasuredCoverage, type FitMeasuredCoverage, type FitCoverageTable, type FitCoverageKey } from './fit-coverage.js';
export { FIT_COVERAGE_TABLE } from './fit-coverage-table.js';
export { chinchillaFrontier, type ChinchillaParams, type Frontier } from './frontier.js';
export { isoflopFit, IsoflopError, ISOFLOP_MEASURED_COVERAGE, type IsoflopOptions, type IsoflopResult, type IsoflopBudget, type OptLaw, type BadBudget, type IsoflopMethod, type IsoflopBootstrapInfo, type IsoflopReplicateSet } from './isoflop.js';
export { akima, akimaEval, akimaMinimum, type Akima } from './akima.js';
export { identifiability, REL_SE_LIMIT, type Identifiability } from './identify.js';
export { proposeRuns, expectedWidths, type Candidate, type ProposeOptions, type Proposal, type ProposeResult } from './propose.js';
export { holdoutFit, type HoldoutOptions, type HoldoutResult, type HeldOutPoint } from './holdout.js';
export { synthesizeSweep, synthesizeCurves, logspace, EPOCH_PARAMS, type SweepSpec, type CurveSpec } from './synth.js';
export { envelopeFit, envelopeCurves, envelopeOptAt, type EnvelopeCurve, type EnvelopeOptions, type EnvelopeMinimum, type EnvelopeResult, type EnvelopeOptAt } from './envelope.js';
export { pointsFromRunSet, configFromTable, type RunSetPointsOptions, type RunSetPoints, type RunConfigs, type SkippedRun } from './runset.js';
export type { LossKind, BuiltinKind, ResidualKind } from './kernel.js';
