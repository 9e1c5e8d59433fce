/**
 * Figures: each is a function from a small structural input to Observable Plot options (`xxxOptions`, so a
 * notebook user can adjust them) and to a deterministic SVG string (`xxxFigure`, via {@link renderSvg}).
 *
 * @example
 * import { forestFigure } from './plot/index.js';
 * const svg = forestFigure({ rows: [{ variant: 'swiglu', diff: -0.02, lo: -0.03, hi: -0.01, decision: 'better' }] }, { id: 'forest' });
 */
export { renderSvg, escapeXml, type RenderOptions, type LegendEntry, type LegendShape, type PlotOptions } from './render.js';
export { Plot } from './plotlib.js';
export { type FittedCurve, type TargetBudget, type SizeOptions, type ReferenceLine, downsample, referenceMarks } from './common.js';
export { formatSize, formatFlops, trim, sequentialColors, DECISION_COLORS, type Decision } from './format.js';
export { scalingOptions, scalingFigure, type ScalingInput, type ScalingPoint, type ScalingOptions } from './scaling.js';
export { isoflopOptions, isoflopFigure, type IsoflopInput, type IsoflopOptions } from './isoflop.js';
export { frontierOptions, frontierFigure, type FrontierInput, type FrontierOptions } from './frontier.js';
export { curvesOptions, curvesFigure, type CurvesInput, type CurveSeries, type CurvesOptions } from './curves.js';
export { forestOptions, forestFigure, type ForestInput, type ForestRow, type ForestOptions } from './forest.js';
export { variantCurvesOptions, variantCurvesFigure, type VariantCurvesInput, type VariantCurve, type VariantCurvesOptions } from './variantCurves.js';
export { residualsOptions, residualsFigure, type ResidualsInput, type ResidualPoint, type ResidualsOptions } from './residuals.js';
export { mixturePredictedOptions, mixturePredictedFigure, type MixturePredictedInput, type MixturePredictedScore } from './mixture-predicted.js';
export { mixtureProposalOptions, mixtureProposalFigure, type MixtureProposalInput } from './mixture-proposal.js';
export { mixtureLandscapeOptions, mixtureLandscapeFigure, type MixtureLandscapeInput, type LandscapeMark } from './mixture-landscape.js';
export { mixtureModelsOptions, mixtureModelsFigure, type MixtureModelsInput, type MixtureModelRow, type ScoreWithCi } from './mixture-models.js';
export { shortMixtureNames } from './mixture-names.js';
export { thresholdOptions, thresholdFigure, thresholdRow, type ThresholdInput, type ThresholdRow, type ThresholdOptions } from './threshold.js';
export { ladderStep1Options, ladderStep1Figure, type LadderStep1Input } from './ladder-step1.js';
export { ladderStep2Options, ladderStep2Figure, type LadderStep2Input, type LadderStep2Options } from './ladder-step2.js';
export { ladderPredictionsOptions, ladderPredictionsFigure, type LadderPredictionsInput, type LadderPredictionRow } from './ladder-predictions.js';
export { ladderNoiseOptions, ladderNoiseFigure, type LadderNoiseInput, type LadderNoiseRow } from './ladder-noise.js';
export { ladderStep1InputOf, ladderStep2InputOf, ladderPredictionRowOf, ladderNoiseRowOf, type LadderActual } from './ladder-adapt.js';
export { healthTimelineOptions, healthTimelineFigure, type HealthTimelineInput, type HealthTimelineSeries, type HealthTimelineEvent, type HealthTimelinePanel, type HealthTimelineOptions } from './health-timeline.js';
export { goodputOptions, goodputFigure, type GoodputFigureInput, type GoodputFigureRow, type GoodputFigureOptions } from './health-goodput.js';
export { mfuOptions, mfuFigure, type MfuFigureInput, type MfuFigureRow, type MfuFigureOptions } from './health-mfu.js';
export { GOODPUT_CATEGORIES, GOODPUT_COLORS, GOODPUT_LABELS, EVENT_COLORS, EVENT_LABELS, formatDuration, type GoodputCategory } from './health-common.js';
