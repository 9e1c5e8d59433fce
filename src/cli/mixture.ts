/**
 * `scalelab mixture`: models from mixture weights to a loss, chosen by cross-validated rank quality; predictions
 * for new mixtures and a proposed next mixture, with bootstrap intervals.
 *
 * @example
 * scalelab mixture --mixtures train_mixture.csv --results train_loss.csv --target metric/the_pile_pile_cc_val_loss --propose --json
 */
import { readFileSync } from 'node:fs';
import { parseCommand, printJson, UsageError } from './common.js';
import { InputError } from '../errors.js';
import {
  readMixtureTable, targetData, combinedTarget, mixtureStudy, predictWithIntervals, proposeMixture, MIXTURE_MODELS,
  type MixtureModelName, type RankScore, type MixtureProposal,
} from '../mixture/index.js';
import { readRows } from '../load/tabular/csv-reader.js';

/** One line for `scalelab --help`. */
export const summary = 'data mixtures: predict loss from mixture weights, rank quality by CV, propose the next mixture';

const HELP = `scalelab mixture --mixtures MIX.csv --results LOSS.csv --target COLUMN [options]

Fit models from mixture weights to a loss (the two tables join on their first column), compare them by k-fold
cross-validated Spearman / Kendall with bootstrap intervals, predict new mixtures, propose the next one.

Options:
  --target COLUMN            the loss column; or a weighted sum of columns: 'COL1=0.5,COL2=0.5'
  --model auto|linear|loglinear|law|trees   default auto: every model cross-validated, the best Spearman chosen
  --folds K                  cross-validation folds (default 5)
  --predict MIX2.csv         predict these mixtures (id, then the same domain columns), with bootstrap intervals
  --propose                  propose a mixture: mean of the --top best of --samples Dirichlet draws
  --samples N                Dirichlet samples (default 100000)
  --top K                    best samples averaged (default 128)
  --prior weights.json       {"DOMAIN": weight, ...}: mixture the samples are drawn around (default: mean training mixture)
  --tokens budget.json       {"budget": tokens, "epochs": 4, "available": {"DOMAIN": tokens, ...}}: no domain repeated more than epochs times
  --resamples B              bootstrap resamples over runs for intervals (default 200)
  --seed S                   seed (default 0)
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
    seed: { type: 'string' }, json: { type: 'boolean' },
  }, HELP);
  if (!a) return 0;
  const v = a.values;
  if (!v.mixtures || !v.results || !v.target) throw new UsageError(`--mixtures, --results and --target are required\n\n${HELP}`);
  const modelFlag = v.model ?? 'auto';
  if (modelFlag !== 'auto' && !(MIXTURE_MODELS as readonly string[]).includes(modelFlag)) throw new UsageError(`--model must be auto or one of ${MIXTURE_MODELS.join(', ')}, got '${modelFlag}'`);
  const seed = int(v.seed, '--seed', 0);
  const resamples = int(v.resamples, '--resamples', 200);
  const folds = int(v.folds, '--folds', 5);
  const table = readMixtureTable(v.mixtures, v.results);
  const warnings = [...table.warnings];
  // --target COLUMN, or a weighted sum of columns: --target 'COL1=0.5,COL2=0.5'.
  const { X, y, ids } = v.target.includes('=') ? combinedTarget(table, parseTargetWeights(v.target)) : targetData(table, v.target);
  const study = mixtureStudy(X, y, { folds, seed, resamples: Math.max(resamples, 2), models: modelFlag === 'auto' ? MIXTURE_MODELS : [modelFlag as MixtureModelName] });
  warnings.push(...study.warnings);
  const chosen = study.models.find((m) => m.name === study.chosen)!;
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
    const p = predictWithIntervals(study.chosen, X, y, W, { resamples, seed });
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
    proposal = proposeMixture(study.chosen, X, y, { samples: int(v.samples, '--samples', 100_000), top: int(v.top, '--top', 128), resamples, seed, ...(prior ? { prior } : {}), ...(tokens ? { tokens } : {}) });
    warnings.push(...proposal.warnings);
  }
  const json = {
    model: study.chosen,
    cv: cvJson(chosen.cv),
    cv_method: chosen.cv.ciLabel,
    models: study.models.map((m) => ({ name: m.name, cv: cvJson(m.cv) })),
    predictions,
    ...(proposal ? { proposal: {
      weights: Object.fromEntries(table.domains.map((d, j) => [d, proposal!.weights[j]!])),
      weights_ci: Object.fromEntries(table.domains.map((d, j) => [d, proposal!.weightsCi[j]!])),
      predicted: proposal.predicted, predicted_ci: proposal.predictedCi, prior_predicted: proposal.priorPredicted,
      gain_over_prior: proposal.gainOverPrior, gain_over_prior_ci: proposal.gainOverPriorCi, prob_better_than_prior: proposal.probBetterThanPrior,
      best_observed: { id: ids[proposal.bestObserved.index]!, loss: proposal.bestObserved.loss, difference: proposal.bestObserved.difference, difference_ci: proposal.bestObserved.differenceCi },
      ci_method: proposal.intervalLabel,
    } } : {}),
    warnings,
  };
  if (v.json) { printJson(json); return 0; }
  const f = (x: number): string => x.toFixed(4);
  const out: string[] = [`target ${v.target}: ${X.length} runs, ${table.domains.length} domains; ${folds}-fold CV, ${resamples} bootstrap resamples over runs (95% percentile)`];
  for (const m of study.models) out.push(`  ${m.name.padEnd(9)} Spearman ${f(m.cv.spearman)} [${f(m.cv.spearmanCi[0])}, ${f(m.cv.spearmanCi[1])}]  Kendall ${f(m.cv.kendall)}  RMSE ${f(m.cv.rmse)}${m.name === study.chosen ? '  <- chosen' : ''}`);
  for (const p of predictions) out.push(`  predict ${p.id}: ${f(p.predicted)} [${f(p.lo)}, ${f(p.hi)}]`);
  if (proposal) {
    out.push(`proposed mixture (${proposal.model}; predicted ${f(proposal.predicted)} [${f(proposal.predictedCi[0])}, ${f(proposal.predictedCi[1])}], prior ${f(proposal.priorPredicted)}, gain ${f(proposal.gainOverPrior)} [${f(proposal.gainOverPriorCi[0])}, ${f(proposal.gainOverPriorCi[1])}]):`);
    table.domains.forEach((d, j) => { if (proposal!.weights[j]! >= 0.001) out.push(`  ${d}: ${proposal!.weights[j]!.toFixed(3)} [${proposal!.weightsCi[j]![0].toFixed(3)}, ${proposal!.weightsCi[j]![1].toFixed(3)}]`); });
  }
  for (const w of warnings) out.push(`warning: ${w}`);
  process.stdout.write(out.join('\n') + '\n');
  return 0;
}
