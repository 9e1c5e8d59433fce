/**
 * Formatted summaries of the engines' results, for a notebook's `display` and for printing: a fit with its
 * bootstrap intervals, a bootstrap on its own, a holdout test, an IsoFLOP fit, next-run proposals and an
 * ablation comparison. Each summary has a plain-text form (`summary()`, aligned columns, intervals in
 * brackets) and an HTML form (`toHTML()`, the report's own tables), built from the same rows.
 *
 * @example
 * import { summarizeFit } from 'scalelab';
 * const s = summarizeFit(fit, { bootstrap: bs, targetC: [5.76e23] });
 * console.log(s.summary()); // parameters with their 95% BCa intervals, frontier predictions, optimiser facts
 * display(s);               // the same as HTML tables in a notebook
 */
import { CompareResult } from '../compare/index.js';
import type { MixtureStudy, MixtureProposal } from '../mixture/index.js';
import { summarizeMixtureStudy, summarizeMixtureProposal } from './summaries-mixture.js';
export { summarizeMixtureStudy, summarizeMixtureProposal };
import { describeInterval, sharedDescription } from '../stats/index.js';
import { problemPoints, type BootstrapResult, type FitPoint, type FitResult, type HoldoutResult, type IsoflopResult, type ProposeResult } from '../fit/index.js';
import { comparisonSummaryOf, fitSummaryOf, isoflopSummaryOf } from '../report/adapt.js';
import { createReport, fmtNum, Report, type ColumnSpec, type ComparisonSummary, type FitSummary } from '../report/builder.js';
import { summarizeLadder } from './summaries-ladder.js';
import { addTable, BlockSummary, fromBlocks, type Block, type TableBlock } from './summary-blocks.js';
import { summarizeHealthLike } from './summaries-health.js';

/** A result's formatted summary: text and HTML from the same rows. */
export interface Summary {
  readonly title: string;
  /** Plain text: aligned columns, intervals as `[low, high]`. */
  summary(): string;
  /** An HTML fragment of tables (escaped; no script, no external reference). */
  toHTML(): string;
}

/** Options of {@link summarizeFit}. */
export interface FitSummaryOptions {
  /** Intervals from {@link bootstrapFit} of the same fit. */
  bootstrap?: BootstrapResult;
  /** A holdout test whose `fit` is this fit: held-out errors are added. */
  holdout?: HoldoutResult;
  /** Compute budgets at which to report the compute-optimal N, D and loss (Chinchilla law). */
  targetC?: readonly number[];
  /** Heading; default from the law. */
  name?: string;
}

const report = (): Report => createReport({ title: 'summary', date: '-' });

/**
 * A fit's summary: the law, each parameter with its interval (BCa when the bootstrap has it, else percentile)
 * and standard error, frontier predictions at `targetC`, goodness of fit, optimiser facts and warnings.
 *
 * @example
 * summarizeFit(fit, { bootstrap: await bootstrapFit(fit, { resamples: 500, seed: 1 }) }).summary();
 */
export function summarizeFit(fit: FitResult, o: FitSummaryOptions = {}): Summary {
  const points = o.holdout ? pointsWithHoldout(fit, o.holdout) : problemPoints(fit.problem);
  const name = o.name ?? `${fit.law} fit`;
  const fs = fitSummaryOf({ fit, points, ...(o.bootstrap ? { bootstrap: o.bootstrap } : {}), ...(o.holdout ? { holdout: o.holdout } : {}), targetC: o.targetC ?? [] }, name);
  const blocks = fitBlocks(fs);
  if (o.holdout) blocks.push(heldOutBlock(o.holdout));
  return new BlockSummary(name, blocks, () => {
    const r = report().fitSummary(fs);
    if (o.holdout) addTable(r, heldOutBlock(o.holdout));
    return r.fragmentHtml();
  });
}

/**
 * A bootstrap's summary: every quantity with its estimate, standard error, percentile and BCa intervals, the
 * predictions with confidence and prediction intervals, and refits that did not converge.
 *
 * @example
 * summarizeBootstrap(bs).summary(); // 'Bootstrap: 500 resamples over runs, seed 1, 95% intervals …'
 */
export function summarizeBootstrap(bs: BootstrapResult): Summary {
  const pct = `${fmtNum(100 * bs.level, 3)}%`;
  const title = 'Bootstrap';
  const facts = `${bs.resamples} resamples over runs · seed ${bs.seed} · ${pct} intervals · ${bs.notConverged} refit${bs.notConverged === 1 ? '' : 's'} not converged`;
  const rows = Object.keys(bs.estimates).map((q) => ({
    quantity: q,
    estimate: bs.estimates[q],
    se: bs.se[q],
    pct_lo: bs.percentile[q]?.[0],
    pct_hi: bs.percentile[q]?.[1],
    ...(bs.bca ? { bca_lo: bs.bca[q]?.[0], bca_hi: bs.bca[q]?.[1] } : {}),
  }));
  const columns: ColumnSpec[] = [
    { key: 'quantity', format: 'text' }, { key: 'estimate' }, { key: 'se', label: 'std. error' },
    { key: 'pct_lo', label: 'percentile low' }, { key: 'pct_hi', label: 'percentile high' },
    ...(bs.bca ? [{ key: 'bca_lo', label: 'BCa low' }, { key: 'bca_hi', label: 'BCa high' }] : []),
  ];
  const blocks: Block[] = [{ kind: 'heading', text: title }, { kind: 'facts', text: facts }, { kind: 'table', columns, rows }];
  if (bs.predictions.length > 0) {
    blocks.push({
      kind: 'table',
      caption: `Predicted loss: confidence interval of the curve and prediction interval of a new run (${pct})`,
      columns: [{ key: 'at', format: 'text' }, { key: 'L', label: 'loss' }, { key: 'ci_lo', label: 'CI low' }, { key: 'ci_hi', label: 'CI high' }, { key: 'pi_lo', label: 'PI low' }, { key: 'pi_hi', label: 'PI high' }],
      rows: bs.predictions.map((p) => ({
        at: Object.entries(p.at).map(([k, v]) => `${k} = ${fmtNum(v as number)}`).join(', '),
        L: p.L, ci_lo: p.ci[0], ci_hi: p.ci[1], pi_lo: p.pi[0], pi_hi: p.pi[1],
      })),
    });
  }
  for (const w of bs.warnings) blocks.push({ kind: 'warn', text: w });
  return fromBlocks(title, blocks);
}

/**
 * A holdout test's summary: the fit on the kept points and each held-out point's predicted and observed loss.
 *
 * @example
 * summarizeHoldout(await holdoutFit(points, chinchillaLaw(), { above: 1e21 })).summary();
 */
export function summarizeHoldout(h: HoldoutResult, o: Omit<FitSummaryOptions, 'holdout'> = {}): Summary {
  return summarizeFit(h.fit, { ...o, holdout: h, name: o.name ?? `${h.fit.law} fit with ${h.heldOut.length} point${h.heldOut.length === 1 ? '' : 's'} held out` });
}

/**
 * An IsoFLOP fit's summary: the exponents of N_opt and D_opt in C with their intervals and each budget's minimum.
 *
 * @example
 * summarizeIsoflop(isoflopFit(points, { resamples: 200, seed: 1 }), [1e22]).summary();
 */
export function summarizeIsoflop(r: IsoflopResult, targetC: readonly number[] = []): Summary {
  const fs = isoflopSummaryOf(r, r.bootstrap, targetC);
  return new BlockSummary(fs.name, fitBlocks(fs), () => report().fitSummary(fs).fragmentHtml());
}

/**
 * Next-run proposals: each proposed (N, D) with the expected relative width of the N_opt(C*) interval before
 * and after adding it.
 *
 * @example
 * summarizeProposals(await proposeRuns(fit, { budget: 1e21, targetC: 1e24, seed: 1 })).summary();
 */
export function summarizeProposals(p: ProposeResult): Summary {
  const title = `Next runs for N_opt at C = ${fmtNum(p.targetC)}`;
  const facts = `budget ${fmtNum(p.budget)} FLOPs, ${fmtNum(p.used)} used · relative interval width of N_opt now ${fmtNum(p.widthNow, 3)} · ${p.resamples} resamples · seed ${p.seed} · residual scale ${fmtNum(p.sigma, 3)}`;
  const blocks: Block[] = [
    { kind: 'heading', text: title },
    { kind: 'facts', text: facts },
    {
      kind: 'table',
      columns: [{ key: 'N', format: 'size' }, { key: 'D', format: 'size' }, { key: 'C', format: 'flops' }, { key: 'predictedLoss', label: 'predicted loss' }, { key: 'widthBefore', label: 'width before', digits: 3 }, { key: 'widthAfter', label: 'width after', digits: 3 }],
      rows: p.proposals.map((q) => ({ N: q.N, D: q.D, C: q.C, predictedLoss: q.predictedLoss, widthBefore: q.widthBefore, widthAfter: q.widthAfter })),
    },
  ];
  if (p.proposals.length === 0) blocks.push({ kind: 'warn', text: 'no candidate run fits in the budget' });
  for (const w of p.warnings) blocks.push({ kind: 'warn', text: w });
  return fromBlocks(title, blocks);
}

/**
 * An ablation comparison's summary: each variant's runs, mean and intervals, each variant against the baseline
 * (difference, interval, raw and adjusted p, effect size, decision), power figures and warnings.
 *
 * @example
 * summarizeComparison(compareVariants(variants, { baseline: 'baseline', seed: 1 })).summary();
 */
export function summarizeComparison(r: CompareResult, title = r.metric ? `Ablation: ${r.metric}` : 'Ablation'): Summary {
  const cs = comparisonSummaryOf(r);
  const pct = `${fmtNum(100 * r.confidence, 3)}%`;
  const tLabel = sharedDescription(r.variants.map((v) => v.ciLabel));
  const bLabel = sharedDescription(r.variants.map((v) => v.bootstrapCiLabel));
  const variants: Block = {
    kind: 'table',
    caption: `Variants: mean with its ${tLabel} (t low, t high) and its ${bLabel} (BCa low, BCa high)`,
    columns: [{ key: 'name', label: 'variant', format: 'text' }, { key: 'n', label: 'runs', format: 'integer' }, { key: 'mean', digits: 6 }, { key: 'sd', digits: 3 }, { key: 'lo', label: 't low', digits: 6 }, { key: 'hi', label: 't high', digits: 6 }, { key: 'blo', label: 'BCa low', digits: 6 }, { key: 'bhi', label: 'BCa high', digits: 6 }, { key: 'iqm', label: 'IQM', digits: 6 }],
    rows: r.variants.map((v) => ({ name: v.name, n: v.n, mean: v.mean, sd: v.sd, lo: v.ci[0], hi: v.ci[1], blo: v.bootstrapCi[0], bhi: v.bootstrapCi[1], iqm: v.iqm })),
  };
  const vsBaseline = comparisonBlock(cs);
  const powerFacts = `power: pooled sd ${fmtNum(r.power.pooledSd, 3)} · with ${r.power.n} runs per variant the smallest difference detectable at α = ${r.power.alpha} with power ${r.power.targetPower} is ${fmtNum(r.power.minDetectableDiff, 3)}`;
  const seeds: Block = {
    kind: 'table',
    caption: `Runs per variant needed to detect each observed difference (power ${r.power.targetPower})`,
    columns: [{ key: 'variant', format: 'text' }, { key: 'diff', label: 'observed difference', digits: 3 }, { key: 'seeds', label: 'runs needed', format: 'integer' }],
    rows: r.power.seedsNeeded.map((s) => ({ variant: s.variant, diff: s.diff, seeds: s.seeds })),
  };
  const oneSample: Block = {
    kind: 'table',
    caption: `One-sample tests against the threshold (power ${r.power.targetPower}: the distance each variant's runs detect, and the runs needed for the observed distance)`,
    columns: [{ key: 'variant', format: 'text' }, { key: 'threshold', digits: 6 }, { key: 'alternative', format: 'text' }, { key: 'mean', digits: 6 }, { key: 't', digits: 4 }, { key: 'p', digits: 3 }, { key: 'mdd', label: 'detectable distance', digits: 3 }, { key: 'seeds', label: 'runs needed', format: 'text' }],
    rows: r.oneSample.map((o) => ({ variant: o.variant, threshold: o.threshold, alternative: o.alternative, mean: o.mean, t: o.t, p: o.p, mdd: o.minDetectableDiff, seeds: Number.isFinite(o.seedsNeeded) ? String(o.seedsNeeded) : Number.isNaN(o.seedsNeeded) ? '' : 'never (wrong side)' })),
  };
  const hasComparisons = r.comparisons.length > 0;
  const blocks: Block[] = [
    { kind: 'heading', text: title },
    { kind: 'facts', text: [comparedAtText(r), hasComparisons ? `baseline: ${cs.baseline} · ${cs.method} · ${pct} intervals · ${r.correction} correction` : `${pct} intervals`].filter((x) => x).join(' · ') },
    variants,
    ...(hasComparisons ? [vsBaseline, { kind: 'facts', text: powerFacts } as Block, seeds] : []),
    ...(r.oneSample.length > 0 ? [oneSample] : []),
    ...r.warnings.map((w): Block => ({ kind: 'warn', text: w })),
  ];
  return fromBlocks(title, blocks);
}

/** Where in training the values were read, as the summaries say it ('' when the inputs did not say). */
function comparedAtText(r: CompareResult): string {
  const at = r.comparedAt;
  if (!at) return '';
  if (at.step === null) return 'values from DIFFERENT steps of training (see the warning)';
  return `values at step ${at.step.toLocaleString('en-US')}${at.stoppedEarly.length > 0 && at.furthest > at.step ? ` (the last step every run reached; some went on to ${at.furthest.toLocaleString('en-US')})` : ''}`;
}

/**
 * The summary of any result scalelab knows (recognised by shape), or undefined.
 *
 * @example
 * summarize(compareVariants(variants))?.summary();
 */
export function summarize(x: unknown): Summary | undefined {
  if (x instanceof CompareResult) return summarizeComparison(x);
  if (x instanceof Report) return summarizeReport(x);
  if (x === null || typeof x !== 'object') return undefined;
  const ladder = summarizeLadder(x);
  if (ladder) return ladder;
  const o = x as Record<string, unknown>;
  if (typeof o.law === 'string' && isObj(o.params) && Array.isArray(o.theta) && isObj(o.problem)) return summarizeFit(x as FitResult);
  if (isObj(o.fit) && Array.isArray(o.heldOut) && typeof o.rmseLog === 'number') return summarizeHoldout(x as HoldoutResult);
  if (typeof o.resamples === 'number' && isObj(o.draws) && isObj(o.percentile) && isObj(o.estimates)) return summarizeBootstrap(x as BootstrapResult);
  if (Array.isArray(o.budgets) && isObj(o.nOptLaw) && isObj(o.dOptLaw)) return summarizeIsoflop(x as IsoflopResult);
  if (Array.isArray(o.proposals) && typeof o.widthNow === 'number' && typeof o.targetC === 'number') return summarizeProposals(x as ProposeResult);
  if (typeof o.chosen === 'string' && Array.isArray(o.models) && typeof o.folds === 'number') return summarizeMixtureStudy(x as MixtureStudy);
  if (o.weights instanceof Float64Array && Array.isArray(o.weightsCi) && typeof o.gainOverPrior === 'number') return summarizeMixtureProposal(x as MixtureProposal);
  const health = summarizeHealthLike(x); if (health) return health;
  return undefined;
}

/**
 * A report under construction: its sections as HTML (the page's header, navigation and provenance left out),
 * and as text its title and section titles.
 *
 * @example
 * summarizeReport(createReport({ title: 'Weekly', date: '2026-11-25' }).markdown('hi')).toHTML(); // '<p>hi</p>'
 */
export function summarizeReport(r: Report): Summary {
  const sections = r.toJson().sections;
  const text = [`${r.title} (${r.date})`, ...sections.map((s) => `- ${s.title}: ${s.items.length} item${s.items.length === 1 ? '' : 's'}`)];
  return new BlockSummary(r.title, [{ kind: 'facts', text: text.join('\n') }], () => r.fragmentHtml());
}

const isObj = (v: unknown): boolean => v !== null && typeof v === 'object';

function fitBlocks(fs: FitSummary): Block[] {
  const level = fs.interval ? `${fmtNum(100 * fs.interval.level, 3)}%` : undefined;
  const facts = [fs.law, fs.n !== undefined ? `${fs.n} points fitted` : undefined, fs.nHeldOut !== undefined ? `${fs.nHeldOut} held out` : undefined,
    fs.converged === false ? 'NOT CONVERGED' : fs.converged ? 'converged' : undefined,
    fs.interval ? `intervals: ${fs.interval.method.startsWith(level!) ? fs.interval.method : `${level} ${fs.interval.method}`}` : [...fs.params, ...(fs.predictions ?? [])].some((p) => p.lo !== undefined || p.hi !== undefined) ? 'intervals: method not stated' : 'no bootstrap run: no intervals'].filter((x): x is string => !!x);
  const blocks: Block[] = [{ kind: 'heading', text: fs.name }, { kind: 'facts', text: facts.join(' · ') }];
  if (fs.message) blocks.push({ kind: 'warn', text: fs.message });
  const hasSe = fs.params.some((p) => p.se !== undefined);
  // Interval columns only when some row has an interval: before a bootstrap the facts line says so instead.
  const hasIv = [...fs.params, ...(fs.predictions ?? [])].some((p) => p.lo !== undefined || p.hi !== undefined);
  const ivCols: ColumnSpec[] = hasIv ? [{ key: 'lo', label: level ? `${level} low` : 'low' }, { key: 'hi', label: level ? `${level} high` : 'high' }] : [];
  blocks.push({
    kind: 'table',
    columns: [{ key: 'name', label: 'parameter', format: 'text' }, { key: 'value', label: 'estimate', digits: 5 }, ...ivCols, ...(hasSe ? [{ key: 'se', label: 'std. error', digits: 3 }] : [])],
    rows: fs.params.map((p) => ({ ...p })),
  });
  if (fs.predictions && fs.predictions.length > 0) {
    blocks.push({ kind: 'table', columns: [{ key: 'label', label: 'prediction', format: 'text' }, { key: 'value' }, ...ivCols], rows: fs.predictions.map((p) => ({ ...p })) });
  }
  if (fs.stats) blocks.push({ kind: 'facts', text: Object.entries(fs.stats).map(([k, v]) => `${k.replaceAll('_', ' ')} ${fmtNum(v)}`).join(' · ') });
  return blocks;
}

function comparisonBlock(cs: ComparisonSummary): TableBlock {
  return {
    kind: 'table',
    caption: `Each variant against ${cs.baseline}${cs.interval ? `; intervals: ${describeInterval(cs.interval)}` : ''}`,
    columns: [{ key: 'variant', format: 'text' }, { key: 'diff', label: 'Δ vs baseline', digits: 3 }, { key: 'lo', label: `${cs.interval ? `${fmtNum(100 * cs.interval.level, 3)}% ` : ''}low`, digits: 3 }, { key: 'hi', label: `${cs.interval ? `${fmtNum(100 * cs.interval.level, 3)}% ` : ''}high`, digits: 3 }, { key: 'p', digits: 3 }, { key: 'pAdjusted', label: 'p (adjusted)', digits: 3 }, { key: 'effect', label: 'Hedges g', digits: 3 }, { key: 'decision', format: 'text' }],
    rows: cs.rows.map((r) => ({ variant: r.variant, diff: r.diff, lo: r.lo, hi: r.hi, p: r.p, pAdjusted: r.pAdjusted, effect: r.effect, decision: r.decision })),
  };
}

function heldOutBlock(h: HoldoutResult): TableBlock {
  return {
    kind: 'table',
    caption: `Held-out points: rms log error ${fmtNum(h.rmseLog, 3)}, mean relative error ${fmtNum(100 * h.meanRelError, 3)}%, largest ${fmtNum(100 * h.maxAbsRelError, 3)}%`,
    columns: [{ key: 'N', format: 'size' }, { key: 'D', format: 'size' }, { key: 'C', format: 'flops' }, { key: 'loss', digits: 5 }, { key: 'predicted', digits: 5 }, { key: 'relError', label: 'relative error', format: 'percent' }],
    rows: h.heldOut.map((p) => ({ N: p.N, D: p.D, C: p.C, loss: p.loss, predicted: p.predicted, relError: p.relError })),
  };
}

/** The full point list of a holdout test: kept points in order, held-out points at their indices. */
function pointsWithHoldout(fit: FitResult, h: HoldoutResult): FitPoint[] {
  const kept = problemPoints(fit.problem);
  const out: FitPoint[] = new Array(kept.length + h.heldOut.length);
  for (const p of h.heldOut) out[p.index] = { N: p.N, D: p.D, C: p.C, loss: p.loss };
  let k = 0;
  for (let i = 0; i < out.length; i++) if (!out[i]) out[i] = kept[k++]!;
  return out;
}
