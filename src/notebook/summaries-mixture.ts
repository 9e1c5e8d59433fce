/**
 * Formatted summaries of mixture results for `display()` and printing: a model comparison (cross-validated and
 * held-out rank quality with intervals), predictions with intervals, and a proposed mixture with its intervals
 * and how much better than the prior and the best observed run it is predicted to be. Each has a plain-text
 * form (aligned columns) and an HTML form (the report's own tables), built from the same rows.
 *
 * @example
 * import { summarizeMixtureStudy } from 'scalelab';
 * console.log(summarizeMixtureStudy(mixtureStudy(train.X, train.y, { heldOut: test, seed: 1 })).summary());
 */
import type { IntervalPrediction, MixtureProposal, MixtureStudy } from '../mixture/index.js';
import { mixtureProposalTables, mixtureStudyTable, TREES_EXTRAPOLATION_NOTE } from '../report/mixture-rows.js';
import { fmtNum } from '../report/builder.js';
import { describeInterval, type IntervalLabel } from '../stats/interval.js';
import type { Summary } from './summaries.js';
import { fromBlocks, type Block } from './summary-blocks.js';

export { TREES_EXTRAPOLATION_NOTE };

const isCi = (c: readonly [number, number] | undefined): c is readonly [number, number] => !!c && Number.isFinite(c[0]) && Number.isFinite(c[1]);
const ciText = (c: readonly [number, number] | undefined): string => (isCi(c) ? ` [${fmtNum(c[0], 4)}, ${fmtNum(c[1], 4)}]` : '');
const labelText = (l: IntervalLabel): string => describeInterval(l);


/** Options of {@link summarizeMixtureStudy}. */
export interface MixtureStudySummaryOptions {
  /** Published held-out Spearman values to set beside ours, e.g. `[{ label: 'RegMix LightGBM', spearman: 0.9892 }]`. */
  published?: readonly { label: string; spearman: number }[];
  /** Name of the target, said in the facts. */
  target?: string;
}

/**
 * A mixture study's summary: per model the cross-validated and (when scored) held-out Spearman and Kendall, each
 * with its bootstrap interval, and RMSE; the chosen model; published values beside them when given.
 *
 * @example
 * summarizeMixtureStudy(study, 'Pile-CC models', { published: [{ label: 'RegMix LightGBM', spearman: 0.9892 }] }).summary();
 */
export function summarizeMixtureStudy(s: MixtureStudy, title = 'Mixture models', o: MixtureStudySummaryOptions = {}): Summary {
  const first = s.models[0];
  const n = first ? `${first.cv.n} training runs${first.heldOut ? `, ${first.heldOut.n} held-out runs` : ''}` : '';
  const parts: Block[] = [
    { kind: 'heading', text: title },
    { kind: 'facts', text: [o.target ? `target ${o.target}` : '', n, `${s.folds}-fold cross-validation, chosen by CV Spearman: ${s.chosen} (CV scores are of the pooled out-of-fold predictions)`].filter((x) => x).join(' · ') },
    { kind: 'table', ...mixtureStudyTable(s) },
  ];
  if (o.published?.length) parts.push({ kind: 'facts', text: `published held-out Spearman: ${o.published.map((p) => `${p.label} ${fmtNum(p.spearman, 4)}`).join(' · ')}` });
  if (s.chosen === 'trees') parts.push({ kind: 'note', text: TREES_EXTRAPOLATION_NOTE });
  for (const w of s.warnings) parts.push({ kind: 'warn', text: w });
  return fromBlocks(title, parts);
}

/** Options of {@link summarizeMixturePredictions}. */
export interface MixturePredictionsSummaryOptions {
  /** Run ids (default 1, 2, ...). */
  ids?: readonly string[];
  /** Observed losses, when known (held-out runs): a column and the error. */
  actual?: ArrayLike<number>;
  /** Model that predicted, said in the facts. */
  model?: string;
  /** What the intervals are (default: 95% percentile bootstrap over training runs). */
  interval?: IntervalLabel;
  title?: string;
}

/**
 * Predictions of new mixtures with their intervals (and the observed loss and error when known).
 *
 * @example
 * const p = predictWithIntervals('trees', train.X, train.y, test.X, { resamples: 200, seed: 1 });
 * summarizeMixturePredictions(p, { ids: test.ids, actual: test.y, model: 'trees', interval: { level: 0.95, method: 'percentile', resamples: 200, seed: 1, over: 'runs' } }).summary();
 */
export function summarizeMixturePredictions(preds: readonly IntervalPrediction[], o: MixturePredictionsSummaryOptions = {}): Summary {
  const title = o.title ?? 'Predicted losses';
  const hasActual = o.actual !== undefined && o.actual.length === preds.length;
  const rows = preds.map((p, i) => ({ id: o.ids?.[i] ?? String(i + 1), predicted: p.predicted, lo: Number.isFinite(p.lo) ? p.lo : undefined, hi: Number.isFinite(p.hi) ? p.hi : undefined, ...(hasActual ? { actual: o.actual![i]!, error: p.predicted - o.actual![i]!, inside: p.lo <= o.actual![i]! && o.actual![i]! <= p.hi ? 'yes' : 'no' } : {}) }));
  const inside = hasActual ? rows.filter((r) => r.inside === 'yes').length : 0;
  const facts = [o.model ? `model ${o.model}` : '', `${preds.length} mixture${preds.length === 1 ? '' : 's'}`, `intervals: ${o.interval ? labelText(o.interval) : '95% percentile bootstrap over training runs (model uncertainty, not run-to-run noise)'}`,
    hasActual ? `observed loss inside its interval for ${inside} of ${preds.length}` : ''].filter((x) => x).join(' · ');
  return fromBlocks(title, [
    { kind: 'heading', text: title },
    { kind: 'facts', text: facts },
    { kind: 'table', columns: [{ key: 'id', label: 'run', format: 'text' }, { key: 'predicted' }, { key: 'lo', label: `${Math.round(100 * (o.interval?.level ?? 0.95))}% low` }, { key: 'hi', label: `${Math.round(100 * (o.interval?.level ?? 0.95))}% high` }, ...(hasActual ? [{ key: 'actual', label: 'observed' }, { key: 'error', label: 'predicted − observed', digits: 3 }, { key: 'inside', label: 'inside', format: 'text' as const }] : [])], rows },
  ]);
}

/**
 * A proposed mixture's summary: the predicted loss of the proposal, the prior and the best observed run, the
 * differences (each with its interval), the probability of beating the prior, each domain's prior, proposed
 * weight with its interval and the best run's weight; the note that trees cannot extrapolate, when they proposed.
 * Domain names are shortened (`train_the_pile_pile_cc` → `pile_cc`).
 *
 * @example
 * summarizeMixtureProposal(proposeMixture('trees', X, y, { seed: 1 }), table.domains).summary();
 */
export function summarizeMixtureProposal(p: MixtureProposal, domains: readonly string[] = [], title = 'Proposed mixture'): Summary {
  const t = mixtureProposalTables(p, domains);
  const q = p as MixtureProposal & { refinement?: { moves: number }; extrapolationNote?: string };
  const b = p.bestObserved;
  const parts: Block[] = [
    { kind: 'heading', text: title },
    { kind: 'facts', text: [`model ${p.model}`, `${p.kept} of ${p.drawn} Dirichlet samples within bounds`, q.refinement ? `refinement: ${q.refinement.moves} moves` : '', `weight intervals: ${labelText(t.label)}`,
      Number.isFinite(p.probBetterThanPrior) ? `better than the prior in ${fmtNum(100 * p.probBetterThanPrior, 3)}% of resamples` : ''].filter((x) => x).join(' · ') },
    { kind: 'facts', text: `predicted loss ${fmtNum(p.predicted, 4)}${ciText(p.predictedCi)} · gain over prior ${fmtNum(p.gainOverPrior, 4)}${ciText(p.gainOverPriorCi)} · vs best observed run (${fmtNum(b.loss, 4)}) ${fmtNum(b.difference, 4)}${ciText(b.differenceCi)}` },
    { kind: 'table', ...t.losses },
    { kind: 'table', ...t.weights },
  ];
  if (t.note) parts.push({ kind: 'note', text: t.note });
  for (const w of p.warnings) if (w !== q.extrapolationNote) parts.push({ kind: 'warn', text: w });
  return fromBlocks(title, parts);
}
