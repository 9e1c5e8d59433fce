/**
 * Notebook integration: display() for tslab cells (figures, run sets, tables, fit/bootstrap/holdout/IsoFLOP/proposal/
 * comparison summaries), .ipynb parsing and self-contained HTML export (with an allow-list sanitizer), the headless
 * kernel that executes notebooks, and the environment that lets a notebook import 'scalelab'.
 *
 * @example
 * import { display, summarizeFit } from './notebook/index.js';
 * display(summarizeFit(fit, { bootstrap }));
 */
export { display, displayContent } from './display.js';
export { skipSection, skippedSections, SKIP_MARKER, type SkippedSection } from './skip.js';
export {
  summarize,
  summarizeFit,
  summarizeBootstrap,
  summarizeHoldout,
  summarizeIsoflop,
  summarizeProposals,
  summarizeComparison,
  summarizeReport,
  type Summary,
  type FitSummaryOptions,
} from './summaries.js';
export { summarizeLadder, summarizeLadderPrediction, summarizeLadderNoise, summarizeLadderBacktest } from './summaries-ladder.js';
export { summarizeHealth, summarizeRunHealth, summarizeHealthLike } from './summaries-health.js';
export {
  summarizeMixtureStudy,
  summarizeMixtureProposal,
  summarizeMixturePredictions,
  TREES_EXTRAPOLATION_NOTE,
  type MixtureStudySummaryOptions,
  type MixturePredictionsSummaryOptions,
} from './summaries-mixture.js';
export { parseNotebook, serializeNotebook } from './ipynb.js';
export { notebookToHtml } from './ipynb-html.js';
