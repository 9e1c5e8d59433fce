/**
 * `scalelab mixture`: models from mixture weights to a loss, chosen by cross-validated rank quality; predictions
 * for new mixtures and a proposed next mixture, with bootstrap intervals.
 *
 * @example
 * scalelab mixture --mixtures train_mixture.csv --results train_loss.csv --target metric/the_pile_pile_cc_val_loss --propose --json
 * scalelab mixture runs/ --domains 'mix/*' --metrics val/loss --propose
 */
import { readFileSync } from 'node:fs';
import { parseCommand, printJson, UsageError } from './common.js';
import { InputError } from '../errors.js';
import {
  readMixtureTable, targetData, combinedTarget, mixtureStudyParallel, predictWithIntervals, proposeMixtureParallel, MIXTURE_MODELS,
  mixtureFromRuns, expandDomains, predictionIntervalLabel, newTestSpearmanInterval, newTestSpearmanLabel, type MixtureModelName, type RankScore, type MixtureProposal, type MixtureTable,
} from '../mixture/index.js';
import { load } from '../load/load.js';
import { describeInterval, intervalLabelJson } from '../stats/interval.js';
import { readRows } from '../load/tabular/csv-reader.js';

/** One line for `scalelab --help`. */
export const summary = 'data mixtures: predict loss from mixture weights, rank quality by CV, propose the next mixture';

const HELP = `scalelab mixture --mixtures MIX.csv --results LOSS.csv --target COLUMN [options]
scalelab mixture <paths...> (--domains 'mix/*' | --data-path-key KEY) --metrics M1[,M2] [--target M] [options]

Fit models from mixture weights to a loss, compare them by k-fold cross-validated Spearman / Kendall with
bootstrap intervals, predict new mixtures, propose the next one. Runs come from two tables that join on their
first column, or from loaded runs (files, folders or globs, as 'scalelab load' reads them): weights from each
run's config, losses from the final values of --metrics.

Tables:
  --mixtures MIX.csv         id, then one weight column per domain
  --results LOSS.csv         id, then one loss column per target
Runs:
  --domains LIST             config keys holding the weights, comma-separated; '*' matches any characters ('mix/*')
  --data-path-key KEY        or: a config key holding a Megatron --data-path ("w1 path1 w2 path2 ...")
  --metrics LIST             metrics whose final values are the losses (comma-separated)
  --format, --rule, --config-columns, --step-column, --run-column, --seq-length   as in 'scalelab load'
Options:
  --target COLUMN            the loss column (runs: default the first metric); or a weighted sum: 'COL1=0.5,COL2=0.5'
  --model auto|linear|loglinear|law|trees   default auto: every model cross-validated, the best Spearman chosen
  --folds K                  cross-validation folds (default 5)
  --test-runs M              also print the CV Spearman interval widened for a new test set of M runs
                             (default half the runs; the plain CV interval under-covers a new set's Spearman)
  --predict MIX2.csv         predict these mixtures (id, then the same domain columns), with bootstrap intervals
  --interval run|mean        --predict intervals: the loss of one new run (default; refit + out-of-bag residual)
                             or the model's mean loss (refit only); labels print their measured coverage
  --propose                  propose a mixture: mean of the --top best of --samples Dirichlet draws, then refined
                             (pairwise weight moves within bounds, token availability and the trained range);
                             each bootstrap resample refits the model and re-runs the search and refinement
  --samples N                Dirichlet samples (default 100000)
  --top K                    best samples averaged (default 128)
  --prior weights.json       {"DOMAIN": weight, ...}: mixture the samples are drawn around (default: mean training mixture)
  --tokens budget.json       {"budget": tokens, "epochs": 4, "available": {"DOMAIN": tokens, ...}}: no domain repeated more than epochs times
  --resamples B              bootstrap resamples over runs for intervals (default 200)
  --seed S                   seed (default 0)
  --threads T                worker threads for CV and the proposal's bootstrap (default: all cores; same numbers)
  --json                     print one JSON object
  -h, --help                 this help
`;

function int(v: string | undefined, what: string, dflt: number): number {
  if (v === undefined) return dflt;
  const x = Number(v);
  if (!Number.isInteger(x) || x < 0) throw new UsageError(`${what} must be a non-negative integer, got '${v}'`);
  return x;
}

function readJson(path: string, what: string): unknown {
  try { return JSON.parse(readFileSync(path, 'utf8')) as unknown; } catch (e) { throw new InputError(`${what} ${path}: ${(e as Error).message}`); }
}

function byDomain(obj: unknown, domains: readonly string[], what: string): number[] {
  if (!obj || typeof obj !== 'object') throw new InputError(`${what}: expected an object {"DOMAIN": number}`);
  const rec = obj as Record<string, unknown>;
  const unknown = Object.keys(rec).filter((k) => !domains.includes(k));
  if (unknown.length) throw new InputError(`${what}: unknown domains ${unknown.join(', ')}; the mixtures have ${domains.join(', ')}`);
  return domains.map((d) => { const v = rec[d] ?? 0; if (typeof v !== 'number' || !Number.isFinite(v)) throw new InputError(`${what}: ${d} must be a number`); return v; });
}

function parseTargetWeights(spec: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of spec.split(',')) {
    const eq = part.lastIndexOf('=');
    const w = Number(part.slice(eq + 1));
    if (eq <= 0 || !Number.isFinite(w)) throw new UsageError(`--target: expected COLUMN or COL1=W1,COL2=W2,..., got '${part}'`);
    out[part.slice(0, eq)] = w;
  }
  return out;
}

const cvJson = (s: RankScore): Record<string, unknown> => ({ spearman: s.spearman, kendall: s.kendall, rmse: s.rmse, spearman_ci: s.spearmanCi, kendall_ci: s.kendallCi, n: s.n });

/** Run `scalelab mixture`. */
export async function main(argv: string[]): Promise<number> {
  const a = parseCommand(argv, {
    mixtures: { type: 'string' }, results: { type: 'string' }, target: { type: 'string' }, model: { type: 'string' },
    folds: { type: 'string' }, predict: { type: 'string' }, propose: { type: 'boolean' }, samples: { type: 'string' },
    top: { type: 'string' }, prior: { type: 'string' }, tokens: { type: 'string' }, resamples: { type: 'string' },
    seed: { type: 'string' }, json: { type: 'boolean' }, threads: { type: 'string' }, interval: { type: 'string' }, 'test-runs': { type: 'string' },
    domains: { type: 'string' }, 'data-path-key': { type: 'string' }, metrics: { type: 'string' },
    format: { type: 'string' }, rule: { type: 'string' }, 'config-columns': { type: 'string' }, 'step-column': { type: 'string' },
    'run-column': { type: 'string' }, 'seq-length': { type: 'string' },
  }, HELP);
  if (!a) return 0;
  const v = a.values;
  const paths = a.positionals;
  const list = (x: string | undefined): string[] => (x ?? '').split(',').map((q) => q.trim()).filter(Boolean);
  let table: MixtureTable;
  let target = v.target;
  if (paths.length) {
    if (v.mixtures || v.results) throw new UsageError('give either run paths or --mixtures/--results tables, not both');
    if (!v.domains === !v['data-path-key']) throw new UsageError(`runs need --domains LIST or --data-path-key KEY (one of them)\n\n${HELP}`);
    const metrics = list(v.metrics);
    if (metrics.length === 0) throw new UsageError('runs need --metrics: the metrics whose final values are the losses');
    const seqLength = v['seq-length'] === undefined ? undefined : Number(v['seq-length']);
    if (seqLength !== undefined && !(seqLength > 0)) throw new UsageError(`--seq-length must be a positive number, got '${v['seq-length']}'`);
    const rs = await load(paths, {
      ...(v.format ? { format: v.format } : {}), ...(v.rule ? { rule: v.rule } : {}),
      ...(v['config-columns'] ? { configColumns: list(v['config-columns']) } : {}),
      ...(v['step-column'] ? { stepColumn: v['step-column'] } : {}), ...(v['run-column'] ? { runColumn: v['run-column'] } : {}),
      ...(seqLength ? { seqLength } : {}),
    });
    table = mixtureFromRuns(rs, { metrics, ...(v.domains ? { domains: expandDomains(rs, list(v.domains)) } : { dataPathKey: v['data-path-key']! }) });
    target ??= metrics[0]!;
  } else {
    if (!v.mixtures || !v.results || !target) throw new UsageError(`--mixtures, --results and --target are required (or run paths with --domains/--data-path-key and --metrics)\n\n${HELP}`);
    table = readMixtureTable(v.mixtures, v.results);
  }
  const modelFlag = v.model ?? 'auto';
  if (modelFlag !== 'auto' && !(MIXTURE_MODELS as readonly string[]).includes(modelFlag)) throw new UsageError(`--model must be auto or one of ${MIXTURE_MODELS.join(', ')}, got '${modelFlag}'`);
  const seed = int(v.seed, '--seed', 0);
  const resamples = int(v.resamples, '--resamples', 200);
  const folds = int(v.folds, '--folds', 5);
  const kind = (v.interval ?? 'run') as 'run' | 'mean';
  if (kind !== 'run' && kind !== 'mean') throw new UsageError(`--interval must be run or mean, got '${v.interval}'`);
  const threads = v.threads === undefined ? undefined : Math.max(1, int(v.threads, '--threads', 1));
  const warnings = [...table.warnings];
  // --target COLUMN, or a weighted sum of columns: --target 'COL1=0.5,COL2=0.5'.
  const { X, y, ids } = target.includes('=') ? combinedTarget(table, parseTargetWeights(target)) : targetData(table, target);
  const study = await mixtureStudyParallel(X, y, { folds, seed, resamples: Math.max(resamples, 2), models: modelFlag === 'auto' ? MIXTURE_MODELS : [modelFlag as MixtureModelName], ...(threads ? { threads } : {}) });
  warnings.push(...study.warnings);
  const chosen = study.models.find((m) => m.name === study.chosen)!;
  const testRuns = Math.max(2, int(v['test-runs'], '--test-runs', Math.floor(X.length / 2)));
  const newTest = (m: (typeof study.models)[number]): [number, number] => newTestSpearmanInterval(m.cv, testRuns);
  const newTestLabel = newTestSpearmanLabel(study.chosen, folds, X.length, testRuns, chosen.cv.ciLabel.resamples, seed);
  let predictions: { id: string; predicted: number; lo: number; hi: number }[] = [];
  if (v.predict) {
    const { rows } = readRows(v.predict, 44);
    const header = rows[0] ?? [];
    const cols = table.domains.map((d) => header.indexOf(d));
    const missing = table.domains.filter((_, j) => cols[j]! < 0);
    if (missing.length) throw new InputError(`${v.predict}: missing domain columns ${missing.join(', ')}`);
    const body = rows.slice(1).filter((r) => r.length > 1);
    // The training table's rule: within 0.005 of 1 as is, up to 0.05 normalised with a warning, beyond refused.
    const normalised: string[] = [];
    const W = body.map((r) => {
      const w = Float64Array.from(cols, (c) => Number(r[c]));
      const s = w.reduce((p, q) => p + q, 0);
      if (!(Math.abs(s - 1) <= 0.05) || w.some((x) => !(x >= 0))) throw new InputError(`${v.predict}: row ${r[0]}: weights must be >= 0 and sum to 1 within 0.05 (sum ${s})`);
      if (Math.abs(s - 1) <= 0.005) return w;
      normalised.push(`${r[0]} (sum ${s.toPrecision(4)})`);
      return w.map((x) => x / s);
    });
    if (normalised.length) warnings.push(`${v.predict}: weights of ${normalised.length} rows normalised to sum to 1: ${normalised.slice(0, 10).join(', ')}`);
    const p = predictWithIntervals(study.chosen, X, y, W, { resamples, seed, kind });
    predictions = p.map((q, i) => ({ id: body[i]![0] ?? String(i), ...q }));
  }
  let proposal: MixtureProposal | undefined;
  if (v.propose) {
    const prior = v.prior ? byDomain(readJson(v.prior, '--prior'), table.domains, '--prior') : undefined;
    let tokens: { available: number[]; budget: number; epochs?: number } | undefined;
    if (v.tokens) {
      const t = readJson(v.tokens, '--tokens') as { budget?: unknown; epochs?: unknown; available?: unknown };
      if (typeof t.budget !== 'number') throw new InputError('--tokens: expected {"budget": number, "epochs"?: number, "available": {"DOMAIN": tokens}}');
      tokens = { budget: t.budget, available: byDomain(t.available, table.domains, '--tokens available'), ...(typeof t.epochs === 'number' ? { epochs: t.epochs } : {}) };
    }
    proposal = await proposeMixtureParallel(study.chosen, X, y, { ...(threads ? { threads } : {}), samples: int(v.samples, '--samples', 100_000), top: int(v.top, '--top', 128), resamples, seed, ...(prior ? { prior } : {}), ...(tokens ? { tokens } : {}) });
    warnings.push(...proposal.warnings);
  }
  const json = {
    model: study.chosen,
    cv: cvJson(chosen.cv),
    cv_method: intervalLabelJson(chosen.cvSpearmanLabel),
    new_test: { runs: testRuns, spearman_ci: newTest(chosen), ci_method: intervalLabelJson(newTestLabel) },
    models: study.models.map((m) => ({ name: m.name, cv: cvJson(m.cv), new_test_spearman_ci: newTest(m) })),
    predictions,
    ...(v.predict ? { predictions_method: intervalLabelJson(predictionIntervalLabel(study.chosen, kind, resamples, seed)) } : {}),
    ...(proposal ? { proposal: {
      weights: Object.fromEntries(table.domains.map((d, j) => [d, proposal!.weights[j]!])),
      weights_ci: Object.fromEntries(table.domains.map((d, j) => [d, proposal!.weightsCi[j]!])),
      predicted: proposal.predicted, predicted_ci: proposal.predictedCi, predicted_run_ci: proposal.predictedRunCi, prior_predicted: proposal.priorPredicted,
      model_predicted: proposal.modelPredicted, optimism: proposal.optimism,
      gain_over_prior: proposal.gainOverPrior, gain_over_prior_ci: proposal.gainOverPriorCi, prob_better_than_prior: proposal.probBetterThanPrior,
      best_observed: {
        id: ids[proposal.bestObserved.index]!, loss: proposal.bestObserved.loss, difference: proposal.bestObserved.difference, difference_ci: proposal.bestObserved.differenceCi,
        model_difference: proposal.bestObserved.modelDifference, model_difference_ci: proposal.bestObserved.modelDifferenceCi,
      },
      searched: Object.fromEntries(table.domains.map((d, j) => [d, proposal!.searched[j]!])), searched_predicted: proposal.searchedPredicted,
      refinement: proposal.refinement,
      ci_method: intervalLabelJson(proposal.labels.weights),
      intervals: {
        weights_ci: intervalLabelJson(proposal.labels.weights), predicted_ci: intervalLabelJson(proposal.labels.predicted),
        predicted_run_ci: intervalLabelJson(proposal.labels.predictedRun), differences: intervalLabelJson(proposal.labels.differences),
      },
      ...(proposal.extrapolationNote ? { extrapolation_note: proposal.extrapolationNote } : {}),
    } } : {}),
    warnings,
  };
  if (v.json) { printJson(json); return 0; }
  const f = (x: number): string => x.toFixed(4);
  const out: string[] = [`target ${target}: ${X.length} runs, ${table.domains.length} domains; ${folds}-fold CV; Spearman intervals: ${describeInterval(chosen.cvSpearmanLabel)}`];
  out.push(`  (for a new test set of ${testRuns} runs: ${describeInterval(newTestLabel)})`);
  for (const m of study.models) out.push(`  ${m.name.padEnd(9)} Spearman ${f(m.cv.spearman)} [${f(m.cv.spearmanCi[0])}, ${f(m.cv.spearmanCi[1])}], new test set [${f(newTest(m)[0])}, ${f(newTest(m)[1])}]  Kendall ${f(m.cv.kendall)}  RMSE ${f(m.cv.rmse)}${m.name === study.chosen ? '  <- chosen' : ''}`);
  if (predictions.length) out.push(`predictions (${study.chosen}); intervals: ${describeInterval(predictionIntervalLabel(study.chosen, kind, resamples, seed))}`);
  for (const p of predictions) out.push(`  predict ${p.id}: ${f(p.predicted)} [${f(p.lo)}, ${f(p.hi)}]`);
  if (proposal) {
    const b = proposal.bestObserved;
    const L = proposal.labels;
    out.push(`proposed mixture (${proposal.model}, mean of the best of ${proposal.drawn} Dirichlet draws, refined: ${proposal.refinement.moves} moves)`);
    if (proposal.extrapolationNote) out.push(`  note: ${proposal.extrapolationNote}`);
    out.push(`  predicted ${f(proposal.predicted)} [${f(proposal.predictedCi[0])}, ${f(proposal.predictedCi[1])}] ; ${describeInterval(L.predicted)}`);
    out.push(`  the model's own prediction there ${f(proposal.modelPredicted)} (before refinement ${f(proposal.searchedPredicted)}; search optimism estimated ${f(proposal.optimism)})`);
    out.push(`  one run there: [${f(proposal.predictedRunCi[0])}, ${f(proposal.predictedRunCi[1])}]; ${describeInterval(L.predictedRun)}`);
    out.push(`  differences: ${describeInterval(L.differences)}`);
    out.push(`  vs prior (predicted ${f(proposal.priorPredicted)}): ${f(proposal.gainOverPrior)} [${f(proposal.gainOverPriorCi[0])}, ${f(proposal.gainOverPriorCi[1])}], better in ${(100 * proposal.probBetterThanPrior).toFixed(0)}% of resamples`);
    out.push(`  vs best observed run ${ids[b.index]} (loss ${f(b.loss)}): ${f(b.difference)} [${f(b.differenceCi[0])}, ${f(b.differenceCi[1])}]; vs the model at its mixture: ${f(b.modelDifference)} [${f(b.modelDifferenceCi[0])}, ${f(b.modelDifferenceCi[1])}]`);
    out.push(`  weights: ${describeInterval(L.weights)}`);
    table.domains.forEach((d, j) => { if (proposal!.weights[j]! >= 0.001) out.push(`  ${d}: ${proposal!.weights[j]!.toFixed(3)} [${proposal!.weightsCi[j]![0].toFixed(3)}, ${proposal!.weightsCi[j]![1].toFixed(3)}]`); });
  }
  for (const w of warnings) out.push(`warning: ${w}`);
  process.stdout.write(out.join('\n') + '\n');
  return 0;
}
