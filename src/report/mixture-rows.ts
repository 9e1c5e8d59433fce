/**
 * Table rows of mixture results, shared by the report items (items-mixture.ts) and the notebook summaries
 * (notebook/summaries-mixture.ts), so both print the same numbers under the same headings.
 *
 * @example
 * import { mixtureStudyTable, mixtureProposalTables } from './mixture-rows.js';
 * report.table(mixtureStudyTable(study));
 */
import type { MixtureProposal, MixtureStudy, RankScore, StudyModel } from '../mixture/index.js';
import { shortMixtureNames } from '../plot/mixture-names.js';
import { describeInterval, type IntervalLabel } from '../stats/interval.js';
import type { CellValue, ColumnSpec } from './builder.js';

/** A table: columns, rows and a caption (what `Report.table` takes). */
export interface MixtureRowsTable { caption: string; columns: ColumnSpec[]; rows: Record<string, CellValue>[] }

/**
 * The note every tree-model result carries: it cannot predict beyond the weights it was trained on.
 *
 * @example
 * if (proposal.model === 'trees') report.markdown(`**Note:** ${TREES_EXTRAPOLATION_NOTE}`);
 */
export const TREES_EXTRAPOLATION_NOTE = 'trees are constant outside the range of weights they were trained on: a prediction there is the value at the nearest trained edge, not an extrapolation';

const isCi = (c: readonly [number, number] | undefined): c is readonly [number, number] => !!c && Number.isFinite(c[0]) && Number.isFinite(c[1]);
const ci = (c: readonly [number, number] | undefined): { lo?: number; hi?: number } => (isCi(c) ? { lo: c[0], hi: c[1] } : {});

/**
 * Per model: CV Spearman and Kendall with their intervals and RMSE, and the same on held-out runs when scored.
 *
 * @example
 * mixtureStudyTable(mixtureStudy(X, y, { heldOut: test, seed: 1 })).rows[0]; // { name: 'linear', cvS: 0.884, ... }
 */
export function mixtureStudyTable(s: MixtureStudy): MixtureRowsTable {
  const first = s.models[0];
  const label = first ? studyCvLabel(first) : undefined;
  const held = s.models.some((m) => m.heldOut);
  const hoLabel = s.models.find((m) => m.heldOut)?.heldOut!.ciLabel as IntervalLabel | undefined;
  const covered = s.models.some((m) => studyCvLabel(m).coverage !== undefined);
  const lv = levelOf(label);
  const part = (sc: RankScore | undefined, k: 'spearmanCi' | 'kendallCi', i: 0 | 1): number | undefined => (sc && isCi(sc[k]) ? sc[k][i] : undefined);
  return {
    caption: `Rank quality of each model (${s.folds}-fold cross-validation${held ? ' and held-out runs' : ''})${label ? `; CV intervals: ${describeInterval({ ...label, coverage: undefined })}` : ''}${covered ? ' (measured coverage per model in its column)' : ''}${hoLabel ? `; held-out intervals: ${describeInterval(hoLabel)}` : ''}`,
    columns: [
      { key: 'name', label: 'model', format: 'text' },
      { key: 'cvS', label: 'CV Spearman' }, { key: 'cvSlo', label: `${lv} low` }, { key: 'cvShi', label: `${lv} high` },
      ...(covered ? [{ key: 'cvCov', label: 'interval coverage (measured)', format: 'percent' as const, digits: 3 }] : []),
      { key: 'cvK', label: 'CV Kendall' }, { key: 'cvKlo', label: `${lv} low` }, { key: 'cvKhi', label: `${lv} high` },
      { key: 'cvR', label: 'CV RMSE', digits: 3 },
      ...(held ? [
        { key: 'hoS', label: 'held-out Spearman' }, { key: 'hoSlo', label: `${lv} low` }, { key: 'hoShi', label: `${lv} high` },
        { key: 'hoK', label: 'held-out Kendall' }, { key: 'hoR', label: 'held-out RMSE', digits: 3 },
      ] : []),
    ],
    rows: s.models.map((m) => ({
      name: m.name + (m.name === s.chosen ? ' (chosen)' : ''),
      cvS: m.cv.spearman, cvSlo: part(m.cv, 'spearmanCi', 0), cvShi: part(m.cv, 'spearmanCi', 1),
      ...(covered ? { cvCov: studyCvLabel(m).coverage } : {}),
      cvK: m.cv.kendall, cvKlo: part(m.cv, 'kendallCi', 0), cvKhi: part(m.cv, 'kendallCi', 1), cvR: m.cv.rmse,
      ...(held ? { hoS: m.heldOut?.spearman, hoSlo: part(m.heldOut, 'spearmanCi', 0), hoShi: part(m.heldOut, 'spearmanCi', 1), hoK: m.heldOut?.kendall, hoR: m.heldOut?.rmse } : {}),
    })),
  };
}

/**
 * The label of a model's CV Spearman interval: the study's own (`cvSpearmanLabel`, with its measured coverage)
 * when it has one, else the rank score's.
 *
 * @example
 * describeInterval(studyCvLabel(study.models[0]));
 */
export function studyCvLabel(m: StudyModel): IntervalLabel {
  return (m as StudyModel & { cvSpearmanLabel?: IntervalLabel }).cvSpearmanLabel ?? (m.cv.ciLabel as IntervalLabel);
}

/** Fields a proposal may carry beyond the core ones (refinement, model-side difference, the trees note). */
type ProposalExtras = {
  searchedPredicted?: number;
  refinement?: { moves: number; evaluations: number };
  extrapolationNote?: string;
  predictedRunCi?: [number, number];
  modelPredicted?: number;
  labels?: MixtureProposal['labels'];
  bestObserved: MixtureProposal['bestObserved'] & { modelDifference?: number; modelDifferenceCi?: [number, number] };
};

/**
 * A proposal as two tables (predicted losses and differences with intervals; weights per domain with the prior
 * and the best run) and its note on extrapolation (trees), if any. Domain names are shortened.
 *
 * @example
 * const t = mixtureProposalTables(p, table.domains);
 * report.table(t.losses).table(t.weights);
 */
export function mixtureProposalTables(p: MixtureProposal, domains: readonly string[] = []): { losses: MixtureRowsTable; weights: MixtureRowsTable; note?: string; label: IntervalLabel } {
  const q = p as MixtureProposal & ProposalExtras;
  const names = domains.length === p.weights.length ? shortMixtureNames(domains) : Array.from(p.weights, (_, j) => domains[j] ?? `domain ${j}`);
  const label = p.intervalLabel as IntervalLabel;
  const b = q.bestObserved;
  const note = q.extrapolationNote ?? (p.model === 'trees' ? TREES_EXTRAPOLATION_NOTE : undefined);
  return {
    label,
    ...(note ? { note } : {}),
    losses: {
      caption: q.labels
        ? `Predicted loss and differences (negative: the proposal is better). Predicted loss: ${describeInterval(q.labels.predicted)}; one run: ${describeInterval(q.labels.predictedRun)}; differences: ${describeInterval(q.labels.differences)}`
        : `Predicted loss and differences (negative: the proposal is better); intervals: ${describeInterval(label)}`,
      columns: [{ key: 'what', label: 'quantity', format: 'text' }, { key: 'value', digits: 5 }, { key: 'lo', label: `${levelOf(label)} low`, digits: 4 }, { key: 'hi', label: `${levelOf(label)} high`, digits: 4 }],
      rows: [
        { what: `proposal (predicted, ${p.model})`, value: p.predicted, ...ci(p.predictedCi) },
        ...(q.predictedRunCi ? [{ what: 'one run at the proposal', value: p.predicted, ...ci(q.predictedRunCi) }] : []),
        ...(q.modelPredicted !== undefined && q.modelPredicted !== p.predicted ? [{ what: "the model's own prediction there (optimistic)", value: q.modelPredicted }] : []),
        ...(q.searchedPredicted !== undefined ? [{ what: 'top-k mean before refinement (predicted)', value: q.searchedPredicted }] : []),
        { what: 'prior mixture (predicted)', value: p.priorPredicted },
        { what: 'proposal − prior', value: p.gainOverPrior, ...ci(p.gainOverPriorCi) },
        { what: 'best observed run (observed)', value: b.loss },
        { what: 'proposal (predicted) − best run (observed)', value: b.difference, ...ci(b.differenceCi) },
        ...(b.modelDifference !== undefined ? [{ what: 'proposal − best run (both predicted)', value: b.modelDifference, ...ci(b.modelDifferenceCi) }] : []),
      ],
    },
    weights: {
      caption: `Weights per domain: prior, proposed with its interval (${describeInterval(label)}), and the best observed run`,
      columns: [{ key: 'domain', format: 'text' }, { key: 'prior', digits: 3 }, { key: 'proposed', digits: 3 }, { key: 'lo', label: `${levelOf(label)} low`, digits: 3 }, { key: 'hi', label: `${levelOf(label)} high`, digits: 3 }, { key: 'best', label: 'best run', digits: 3 }],
      rows: Array.from(p.weights, (w, j) => ({ domain: names[j]!, prior: p.prior[j]!, proposed: w, ...ci(p.weightsCi[j]), best: b.weights[j]! })),
    },
  };
}

/** An interval column's level as printed ("95%"): 95% when the label is missing. */
function levelOf(label: IntervalLabel | undefined): string {
  return `${Math.round(100 * (label?.level ?? 0.95))}%`;
}
