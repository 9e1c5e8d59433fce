/**
 * Weekly-report items of data-mixture studies: the `mixtures` config key (which runs, which target, which models,
 * the proposal's options, a seed) and the item kinds `mixture-models` (CV and held-out rank quality per model,
 * table and figure), `mixture-predicted` (predicted against actual loss), `mixture-proposal` (the proposed mixture
 * against the prior and the best run, with intervals) and `mixture-landscape` (the chosen model's loss along the
 * two most influential domains). A study is computed once per config entry, when an item first needs it.
 *
 * Config (JSON; relative paths against the config's folder):
 *
 *     "mixtures": {
 *       "pile-cc": {
 *         "mixtures": "regmix/train_mixture_1m.csv", "results": "regmix/train_pile_loss_1m.csv",
 *         // or runs: "source": "NAME", "domains": ["mix/web", ...] | "dataPathKey": "data_path", "metrics": ["val/loss"]
 *         "heldOut": { "mixtures": "regmix/test_mixture_1m.csv", "results": "regmix/test_pile_loss_1m.csv" },
 *         "target": "metric/the_pile_pile_cc_val_loss",        // or weighted targets: { "COL1": 0.5, "COL2": 0.5 }
 *         "label": "Pile-CC loss",                                // how captions and axes name the target
 *         "models": ["linear", "loglinear", "law", "trees"], "model": "auto", "folds": 5, "resamples": 1000,
 *         "proposal": { "samples": 100000, "top": 128, "resamples": 200, "prior": { "DOMAIN": 0.3, ... } },
 *         "landscape": { "domains": ["DOMAIN_A", "DOMAIN_B"], "steps": 21 },
 *         "published": [{ "label": "RegMix LightGBM", "spearman": 0.9892 }],
 *         "seed": 1
 *       }
 *     }
 *
 * Items: `{ "kind": "mixture-models" | "mixture-predicted" | "mixture-proposal" | "mixture-landscape", "mixture": NAME, "caption"? }`.
 *
 * @example
 * import { parseMixturesConfig } from './items-mixture.js';
 * const m = parseMixturesConfig({ a: { mixtures: 'm.csv', results: 'r.csv', target: 'loss' } }, 'mixtures', {}, '/data');
 */
import { isAbsolute, resolve } from 'node:path';
import { ReportError } from '../errors.js';
import {
  MIXTURE_MODELS, combinedTarget, crossValidate, domainInfluence, mixtureFromRuns, mixtureLandscape, mixtureStudy, proposeMixture, readMixtureTable, targetData,
  type MixtureModelName, type MixtureProposal, type MixtureStudy, type MixtureTable as RunsTable, type StudyModel,
} from '../mixture/index.js';
import { mixtureLandscapeFigure, mixtureModelsFigure, mixturePredictedFigure, mixtureProposalFigure, shortMixtureNames } from '../plot/index.js';
import type { RunSet } from '../runs/index.js';
import { describeInterval, type IntervalLabel } from '../stats/interval.js';
import { fmtNum, type Report } from './builder.js';
import { mixtureProposalTables, mixtureStudyTable, studyCvLabel } from './mixture-rows.js';

/**
 * The item kinds of this file.
 *
 * @example
 * MIXTURE_ITEM_KINDS.includes('mixture-proposal'); // true
 */
export const MIXTURE_ITEM_KINDS = ['mixture-models', 'mixture-predicted', 'mixture-proposal', 'mixture-landscape'] as const;
/** One of {@link MIXTURE_ITEM_KINDS}. */
export type MixtureItemKind = (typeof MIXTURE_ITEM_KINDS)[number];
/** A mixture item of a section. */
export interface MixtureItemConfig { kind: MixtureItemKind; mixture: string; caption?: string }

/** One entry of the `mixtures` config key (paths absolute). */
export interface MixtureConfig {
  /** Mixture and results tables joined on their first column; or `runs`. */
  tables?: { mixtures: string; results: string };
  /** Weights from the configs of a runs source's runs, losses from their final metric values. */
  runs?: { source: string; domains?: string[]; dataPathKey?: string; metrics: string[] };
  heldOut?: { mixtures: string; results: string };
  /** A loss column, or weights of several (a weighted sum). */
  target: string | Record<string, number>;
  /** How captions and axes name the target (default: the column, or the weighted sum). */
  label?: string;
  models: MixtureModelName[];
  /** Model used for predictions, the proposal and the landscape ('auto': the best CV Spearman). */
  model: MixtureModelName | 'auto';
  folds: number;
  /** Bootstrap resamples of the rank-score intervals. */
  resamples: number;
  proposal: { samples: number; top: number; resamples: number; prior?: Record<string, number> };
  landscape: { domains?: [string, string]; steps: number };
  published: { label: string; spearman: number }[];
  seed?: number;
}

type Obj = Record<string, unknown>;
const fail = (path: string, msg: string): never => { throw new ReportError(`${path}: ${msg}`); };
const show = (v: unknown): string => (typeof v === 'string' ? `'${v}'` : JSON.stringify(v) ?? String(v));
function obj(v: unknown, path: string): Obj {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) fail(path, `expected an object, got ${show(v)}`);
  return v as Obj;
}
function only(o: Obj, path: string, allowed: readonly string[]): void {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) fail(`${path}.${k}`, `unknown key (allowed: ${allowed.join(', ')})`);
}
function text(o: Obj, k: string, path: string): string {
  const v = o[k];
  if (typeof v !== 'string' || v === '') fail(`${path}.${k}`, v === undefined ? 'required' : `expected a non-empty string, got ${show(v)}`);
  return v as string;
}
function int(o: Obj, k: string, path: string, min: number, dflt: number): number {
  const v = o[k];
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) fail(`${path}.${k}`, `expected an integer >= ${min}, got ${show(v)}`);
  return v as number;
}
function texts(o: Obj, k: string, path: string): string[] {
  const v = o[k];
  if (!Array.isArray(v) || v.length === 0 || v.some((s) => typeof s !== 'string' || s === '')) fail(`${path}.${k}`, `expected a non-empty list of strings, got ${show(v)}`);
  return v as string[];
}
function weights(v: unknown, path: string): Record<string, number> {
  const o = obj(v, path);
  if (Object.keys(o).length === 0) fail(path, 'expected at least one NAME: weight');
  for (const [k, w] of Object.entries(o)) if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) fail(`${path}.${k}`, `expected a finite number >= 0, got ${show(w)}`);
  return o as Record<string, number>;
}
const abs = (base: string, p: string): string => (isAbsolute(p) ? p : resolve(base, p));

/**
 * Validate the `mixtures` config key. `sources` are the config's sources (a `source` must name a runs source).
 *
 * @example
 * parseMixturesConfig({ m: { mixtures: 'mix.csv', results: 'loss.csv', target: 'loss', models: ['linear'] } }, 'mixtures', {}, '/data').m.models; // ['linear']
 */
export function parseMixturesConfig(v: unknown, path: string, sources: Readonly<Record<string, { paths?: string[] }>>, baseDir: string): Record<string, MixtureConfig> {
  const out: Record<string, MixtureConfig> = {};
  for (const [name, e] of Object.entries(v === undefined ? {} : obj(v, path))) {
    const p = `${path}.${name}`;
    const o = obj(e, p);
    only(o, p, ['mixtures', 'results', 'source', 'domains', 'dataPathKey', 'metrics', 'heldOut', 'target', 'label', 'models', 'model', 'folds', 'resamples', 'proposal', 'landscape', 'published', 'seed']);
    const hasTables = o.mixtures !== undefined || o.results !== undefined;
    if (hasTables === (o.source !== undefined)) fail(p, 'give either mixtures and results (two tables joined on their first column) or source (runs with mixture weights in their configs)');
    const c: Partial<MixtureConfig> = {};
    if (hasTables) c.tables = { mixtures: abs(baseDir, text(o, 'mixtures', p)), results: abs(baseDir, text(o, 'results', p)) };
    else {
      const src = text(o, 'source', p);
      if (!sources[src]) fail(`${p}.source`, `no source named ${show(src)} (sources: ${Object.keys(sources).join(', ') || 'none'})`);
      if (!sources[src]!.paths) fail(`${p}.source`, `source ${show(src)} must be runs (paths), not a table`);
      if ((o.domains === undefined) === (o.dataPathKey === undefined)) fail(p, 'with source, give domains (config keys of the weights) or dataPathKey (a Megatron --data-path config key)');
      c.runs = { source: src, metrics: texts(o, 'metrics', p), ...(o.domains !== undefined ? { domains: texts(o, 'domains', p) } : { dataPathKey: text(o, 'dataPathKey', p) }) };
    }
    if (o.heldOut !== undefined) {
      const h = obj(o.heldOut, `${p}.heldOut`);
      only(h, `${p}.heldOut`, ['mixtures', 'results']);
      c.heldOut = { mixtures: abs(baseDir, text(h, 'mixtures', `${p}.heldOut`)), results: abs(baseDir, text(h, 'results', `${p}.heldOut`)) };
    }
    if (typeof o.target === 'string' && o.target !== '') c.target = o.target;
    else if (o.target !== undefined && typeof o.target === 'object') c.target = weights(o.target, `${p}.target`);
    else fail(`${p}.target`, o.target === undefined ? 'required (a loss column, or {COLUMN: weight, ...})' : `expected a column name or {COLUMN: weight, ...}, got ${show(o.target)}`);
    if (o.label !== undefined) c.label = text(o, 'label', p);
    const names = MIXTURE_MODELS as readonly string[];
    c.models = o.models === undefined ? [...MIXTURE_MODELS] : texts(o, 'models', p).map((m, i) => (names.includes(m) ? (m as MixtureModelName) : fail(`${p}.models[${i}]`, `expected one of ${MIXTURE_MODELS.join('|')}, got ${show(m)}`)));
    const model = o.model === undefined ? 'auto' : text(o, 'model', p);
    if (model !== 'auto' && !c.models.includes(model as MixtureModelName)) fail(`${p}.model`, `expected auto or one of the models (${c.models.join('|')}), got ${show(model)}`);
    c.model = model as MixtureConfig['model'];
    c.folds = int(o, 'folds', p, 2, 5);
    c.resamples = int(o, 'resamples', p, 100, 1000);
    const pr = o.proposal === undefined ? {} : obj(o.proposal, `${p}.proposal`);
    only(pr, `${p}.proposal`, ['samples', 'top', 'resamples', 'prior']);
    const samples = int(pr, 'samples', `${p}.proposal`, 1, 100_000), top = int(pr, 'top', `${p}.proposal`, 1, 128);
    if (top > samples) fail(`${p}.proposal.top`, `must not exceed samples (${samples}), got ${top}`);
    c.proposal = { samples, top, resamples: int(pr, 'resamples', `${p}.proposal`, 0, 200), ...(pr.prior !== undefined ? { prior: weights(pr.prior, `${p}.proposal.prior`) } : {}) };
    const la = o.landscape === undefined ? {} : obj(o.landscape, `${p}.landscape`);
    only(la, `${p}.landscape`, ['domains', 'steps']);
    let ld: [string, string] | undefined;
    if (la.domains !== undefined) {
      const d = texts(la, 'domains', `${p}.landscape`);
      if (d.length !== 2 || d[0] === d[1]) fail(`${p}.landscape.domains`, `expected two different domain names, got ${show(d)}`);
      ld = [d[0]!, d[1]!];
    }
    c.landscape = { steps: int(la, 'steps', `${p}.landscape`, 2, 21), ...(ld ? { domains: ld } : {}) };
    c.published = [];
    if (o.published !== undefined) {
      if (!Array.isArray(o.published)) fail(`${p}.published`, `expected a list of {label, spearman}, got ${show(o.published)}`);
      (o.published as unknown[]).forEach((x, i) => {
        const q = obj(x, `${p}.published[${i}]`);
        only(q, `${p}.published[${i}]`, ['label', 'spearman']);
        const s = q.spearman;
        if (typeof s !== 'number' || !(s >= -1 && s <= 1)) fail(`${p}.published[${i}].spearman`, `expected a number in [-1, 1], got ${show(s)}`);
        c.published!.push({ label: text(q, 'label', `${p}.published[${i}]`), spearman: s as number });
      });
    }
    if (o.seed !== undefined) c.seed = int(o, 'seed', p, 0, 0);
    out[name] = c as MixtureConfig;
  }
  return out;
}

/**
 * Validate one mixture item of a section.
 *
 * @example
 * mixtureItemConfig({ kind: 'mixture-models', mixture: 'pile-cc' }, 'sections[0].items[0]', 'mixture-models', { 'pile-cc': cfg }).mixture; // 'pile-cc'
 */
export function mixtureItemConfig(o: Obj, path: string, kind: MixtureItemKind, mixtures: Readonly<Record<string, MixtureConfig>>): MixtureItemConfig {
  only(o, path, ['kind', 'mixture', 'caption']);
  const m = text(o, 'mixture', path);
  if (!mixtures[m]) fail(`${path}.mixture`, `no mixture named ${show(m)} (mixtures: ${Object.keys(mixtures).join(', ') || 'none'})`);
  const caption = o.caption === undefined ? undefined : text(o, 'caption', path);
  return { kind, mixture: m, ...(caption !== undefined ? { caption } : {}) };
}

/** What the items need from the report being built. */
export interface MixtureItemContext {
  mixtures: Readonly<Record<string, MixtureConfig>>;
  /** The config's seed (a mixture's own `seed` overrides it). */
  seed: number;
  runsOf(name: string): RunSet;
  id(kind: string, name: string): string;
  /** Input files read, with their row counts (for the provenance). */
  files: Map<string, number>;
}

/** A computed study: the data, every model's scores, and (when asked for) the proposal. */
interface Computed {
  table: RunsTable;
  X: Float64Array[];
  y: Float64Array;
  heldOut?: { X: Float64Array[]; y: Float64Array; ids: string[] };
  study: MixtureStudy;
  model: StudyModel;
  seed: number;
  proposal?: MixtureProposal;
}

const cache = new WeakMap<MixtureConfig, Computed>();

function targetOf(t: RunsTable, target: MixtureConfig['target'], name: string): { X: Float64Array[]; y: Float64Array; ids: string[] } {
  try {
    return typeof target === 'string' ? targetData(t, target) : combinedTarget(t, target);
  } catch (e) {
    throw new ReportError(`mixtures.${name}.target: ${(e as Error).message}`);
  }
}


function compute(name: string, ctx: MixtureItemContext): Computed {
  const c = ctx.mixtures[name]!;
  const hit = cache.get(c);
  if (hit) return hit;
  let table: RunsTable;
  if (c.tables) {
    table = readMixtureTable(c.tables.mixtures, c.tables.results);
    ctx.files.set(c.tables.mixtures, table.ids.length);
    ctx.files.set(c.tables.results, table.ids.length);
  } else {
    const r = c.runs!;
    table = mixtureFromRuns(ctx.runsOf(r.source), { metrics: r.metrics, ...(r.domains ? { domains: r.domains } : { dataPathKey: r.dataPathKey! }) });
  }
  const train = targetOf(table, c.target, name);
  let heldOut: Computed['heldOut'];
  if (c.heldOut) {
    const t = readMixtureTable(c.heldOut.mixtures, c.heldOut.results);
    if (t.domains.join('\u0000') !== table.domains.join('\u0000')) throw new ReportError(`mixtures.${name}.heldOut: its domains (${t.domains.join(', ')}) differ from the training runs' (${table.domains.join(', ')})`);
    ctx.files.set(c.heldOut.mixtures, t.ids.length);
    ctx.files.set(c.heldOut.results, t.ids.length);
    table.warnings.push(...t.warnings);
    heldOut = targetOf(t, c.target, name);
  }
  const seed = c.seed ?? ctx.seed;
  const study = mixtureStudy(train.X, train.y, { models: c.models, folds: c.folds, resamples: c.resamples, seed, ...(heldOut ? { heldOut } : {}) });
  const chosen = c.model === 'auto' ? study.chosen : c.model;
  const model = study.models.find((m) => m.name === chosen);
  if (!model) throw new ReportError(`mixtures.${name}.model: ${chosen} could not be fitted (${study.warnings.join('; ')})`);
  const out: Computed = { table, X: train.X, y: train.y, ...(heldOut ? { heldOut } : {}), study, model, seed };
  cache.set(c, out);
  return out;
}

/** The prior of a mixture's proposal and landscape: the config's, else the mean training mixture (proposeMixture's default). */
function priorOf(name: string, c: MixtureConfig, k: Computed): Float64Array {
  if (!c.proposal.prior) return meanMixture(k.X);
  const unknown = Object.keys(c.proposal.prior).filter((d) => !k.table.domains.includes(d));
  if (unknown.length) throw new ReportError(`mixtures.${name}.proposal.prior: unknown domains ${unknown.join(', ')}; the mixtures have ${k.table.domains.join(', ')}`);
  return Float64Array.from(k.table.domains, (d) => c.proposal.prior![d] ?? 0);
}

function proposalOf(name: string, ctx: MixtureItemContext, k: Computed): MixtureProposal {
  if (k.proposal) return k.proposal;
  const c = ctx.mixtures[name]!;
  k.proposal = proposeMixture(k.model.name, k.X, k.y, { samples: c.proposal.samples, top: c.proposal.top, resamples: c.proposal.resamples, seed: k.seed, prior: priorOf(name, c, k) });
  return k.proposal;
}

/** ', then refined by N pairwise weight transfers' when the proposal says it was refined. */
function refinedText(p: MixtureProposal): string {
  const r = (p as MixtureProposal & { refinement?: { moves: number } }).refinement;
  return r ? `, then refined by ${r.moves} pairwise weight transfer${r.moves === 1 ? '' : 's'}` : '';
}

const escapeMd = (s: string): string => s.replace(/[\\`*_[\]<>#|]/g, (ch) => `\\${ch}`);
const ci4 = (c: readonly [number, number]): string => (Number.isFinite(c[0]) && Number.isFinite(c[1]) ? ` [${fmtNum(c[0], 4)}, ${fmtNum(c[1], 4)}]` : '');
const targetName = (c: MixtureConfig): string => c.label ?? (typeof c.target === 'string' ? c.target : Object.entries(c.target).map(([k, w]) => `${fmtNum(w, 3)} × ${k}`).join(' + '));

/**
 * Add one mixture item to the report (computing the study on first use).
 *
 * @example
 * addMixtureItem(report, { kind: 'mixture-models', mixture: 'pile-cc' }, ctx);
 */
export function addMixtureItem(report: Report, it: MixtureItemConfig, ctx: MixtureItemContext): void {
  const c = ctx.mixtures[it.mixture]!;
  const k = compute(it.mixture, ctx);
  const domains = shortMixtureNames(k.table.domains);
  const target = targetName(c);
  switch (it.kind) {
    case 'mixture-models': {
      const label: IntervalLabel = { ...studyCvLabel(k.model), coverage: undefined };
      const rowsIn = k.study.models.map((m) => ({
        model: m.name, chosen: m.name === k.model.name,
        cv: { value: m.cv.spearman, lo: m.cv.spearmanCi[0], hi: m.cv.spearmanCi[1] },
        ...(m.heldOut ? { heldOut: { value: m.heldOut.spearman, lo: m.heldOut.spearmanCi[0], hi: m.heldOut.spearmanCi[1] } } : {}),
      }));
      const input = { rows: rowsIn, folds: k.study.folds, interval: label, references: c.published.map((p) => ({ value: p.spearman, label: `${p.label} ${fmtNum(p.spearman, 4)}` })) };
      report.figure(mixtureModelsFigure(input, { id: ctx.id('mixture-models', it.mixture) }), it.caption ?? `Spearman rank correlation of predicted and actual ${target} for each model: ${k.study.folds}-fold cross-validation on ${k.X.length} runs${k.heldOut ? ` and the ${k.heldOut.y.length} held-out runs` : ''}; intervals: ${describeInterval(label)}${c.published.length ? '; dashed: published values' : ''}. ${c.model === 'auto' ? 'Chosen by CV Spearman' : 'Chosen in the config'}: ${k.model.name}.`, input);
      report.table(mixtureStudyTable(k.study));
      for (const w of [...k.table.warnings, ...k.study.warnings]) report.markdown(`**Warning:** ${escapeMd(w)}`);
      return;
    }
    case 'mixture-predicted': {
      const m = k.model;
      let actual: Float64Array, predicted: Float64Array, ids: string[] | undefined, runs: string, score = m.heldOut;
      if (k.heldOut && m.heldOutPredicted) {
        actual = k.heldOut.y; predicted = m.heldOutPredicted; ids = k.heldOut.ids; runs = 'held-out runs';
      } else {
        const cv = crossValidate(m.name, k.X, k.y, { folds: k.study.folds, seed: k.seed, resamples: c.resamples });
        actual = k.y; predicted = cv.predicted; runs = 'runs, out of fold'; score = cv.score;
      }
      const input = { actual: [...actual], predicted: [...predicted], ...(ids ? { ids } : {}), model: m.name, target, runs, ...(score ? { score } : {}) };
      report.figure(mixturePredictedFigure(input, { id: ctx.id('mixture-predicted', it.mixture) }), it.caption ?? `${m.name}: predicted against actual ${target} on ${k.heldOut ? `${actual.length} held-out runs (the model fitted on ${k.X.length} others)` : `${actual.length} runs, each predicted by the model of the ${k.study.folds - 1} folds without it`}; dashed: predicted = actual. Rank agreement (Spearman, Kendall) is what choosing a mixture depends on.${m.model.extrapolates ? '' : ' Trees are constant beyond the weights they were trained on: they rank mixtures inside that range, they do not extrapolate.'}`, input);
      return;
    }
    case 'mixture-proposal': {
      const p = proposalOf(it.mixture, ctx, k);
      const t = mixtureProposalTables(p, k.table.domains);
      const input = { domains, weights: [...p.weights], weightsCi: p.weightsCi, prior: [...p.prior], best: { weights: [...p.bestObserved.weights], label: `best observed run (${fmtNum(p.bestObserved.loss, 4)})` }, interval: t.label, title: `predicted ${fmtNum(p.predicted, 4)}${ci4(p.predictedCi)} vs prior ${fmtNum(p.priorPredicted, 4)}` };
      report.figure(mixtureProposalFigure(input, { id: ctx.id('mixture-proposal', it.mixture) }), it.caption ?? `Proposed mixture for ${target} under ${p.model}: mean of the ${c.proposal.top} best of ${p.drawn.toLocaleString('en-US')} Dirichlet draws around the prior (faint)${refinedText(p)}, each weight with its interval (${describeInterval(t.label)}); red ticks: the best observed run. Predicted gain over the prior ${fmtNum(p.gainOverPrior, 4)}${ci4(p.gainOverPriorCi)}, better in ${fmtNum(100 * p.probBetterThanPrior, 3)}% of resamples.`, input);
      report.table(t.losses);
      if (t.note) report.markdown(`**Note:** ${escapeMd(t.note)}.`);
      for (const w of p.warnings) if (w !== t.note) report.markdown(`**Warning:** ${escapeMd(w)}`);
      return;
    }
    case 'mixture-landscape': {
      const m = k.model.model;
      // The proposal is marked on the landscape: computed here if no proposal item came first (same result either way).
      const p = proposalOf(it.mixture, ctx, k);
      const prior = p.prior;
      let i: number, j: number;
      if (c.landscape.domains) {
        [i, j] = c.landscape.domains.map((d) => {
          const x = k.table.domains.indexOf(d);
          if (x < 0) throw new ReportError(`mixtures.${it.mixture}.landscape.domains: no domain ${show(d)}; the mixtures have ${k.table.domains.join(', ')}`);
          return x;
        }) as [number, number];
      } else {
        const inf = domainInfluence(m, prior);
        [i, j] = [inf[0]!.domain, inf[1]!.domain];
      }
      const L = mixtureLandscape(m, prior, i, j, c.landscape.steps);
      const marks = [{ a: prior[i]!, b: prior[j]!, label: 'prior' }, { a: p.weights[i]!, b: p.weights[j]!, label: 'proposal' }];
      const input = { names: [domains[i]!, domains[j]!] as [string, string], points: L.points, runs: k.X.map((w) => ({ a: w[i]!, b: w[j]! })), marks, ...(m.extrapolates ? {} : { trained: [m.trainedRange[i]![1], m.trainedRange[j]![1]] as [number, number] }) };
      report.figure(mixtureLandscapeFigure(input, { id: ctx.id('mixture-landscape', it.mixture) }), it.caption ?? `Predicted ${target} under ${k.model.name} as the shares of ${domains[i]} and ${domains[j]} vary (${c.landscape.domains ? 'domains chosen in the config' : 'the two domains that move the prediction most'}), the rest of the mixture in the prior's proportions; circles: training runs (their shares of the two); diamonds: the prior and the proposal.${m.extrapolates ? '' : ' Dashed box: the largest shares seen in training; trees are flat beyond it.'}`, { domains: [k.table.domains[i], k.table.domains[j]], points: L.points });
      return;
    }
  }
}

function meanMixture(X: readonly Float64Array[]): Float64Array {
  const d = X[0]!.length, w = new Float64Array(d);
  for (const r of X) for (let j = 0; j < d; j++) w[j]! += r[j]! / X.length;
  return w;
}
