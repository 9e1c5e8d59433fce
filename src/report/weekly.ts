/**
 * The weekly report: from a validated {@link WeeklyConfig} (see `weekly-config.ts` for the format), load every
 * source, run every fit (with bootstrap, holdout, IsoFLOP replicates) and comparison, and assemble the sections
 * into a {@link Report} with the provenance of every input file. Deterministic: the same config and inputs give
 * the same bytes (seeds come from the config; no clock is read; paths are shown relative to the config's folder).
 *
 * @example
 * import { readWeeklyConfig } from './weekly-config.js';
 * import { buildWeeklyReport } from './weekly.js';
 * const { report, inputs } = await buildWeeklyReport(readWeeklyConfig('data/weekly.json'));
 * writeReport(report, 'reports/weekly.html', { inputs });
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import * as aq from 'arquero';
import { compareCurves, compareVariants, variantsFromRunSet, type CompareResult, type CurveVariant } from '../compare/index.js';
import { CompareError, ReportError, fileErrorReason } from '../errors.js';
import {
  bootstrapFit, chinchillaFrontier, fitLaw, holdoutFit, isoflopFit, lawByName, pointsFromTable,
  type ChinchillaParams, type FitPoint, type IsoflopResult,
} from '../fit/index.js';
import { load } from '../load/index.js';
import { curvesFigure, forestFigure, frontierFigure, isoflopFigure, residualsFigure, scalingFigure, variantCurvesFigure } from '../plot/index.js';
import { finalValues, runsTable, type RunSet } from '../runs/index.js';
import { describeInterval, intervalLabelJson } from '../stats/interval.js';
import {
  comparisonSummaryOf, curveSeriesOf, fitIntervalLabel, fitSummaryOf, forestInputOf, frontierInputOf, isoflopInputOf, isoflopIntervalLabel, isoflopReplicatesOf, isoflopSummaryOf,
  residualsInputOf, scalingInputOf, variantCurvesOf, type FitBundle, type IsoflopReplicates,
} from './adapt.js';
import { createReport, fmtNum, type CellValue, type FileProvenance, type Report } from './builder.js';
import { fileProvenance } from './provenance.js';
import { addHealthItem } from './items-health.js';
import { addMixtureItem } from './items-mixture.js';
import type { ComparisonConfig, FitConfig, ItemConfig, SourceConfig, WeeklyConfig } from './weekly-config.js';
import { addLadderItem, runLadders, type LadderOutcome } from './items-ladder.js';

/** Options of {@link buildWeeklyReport}. */
export interface WeeklyOptions {
  /** Called with a short message before each long step (loading a file, a bootstrap). */
  onProgress?: (message: string) => void;
  /** Worker threads of the fits (default: all cores; results do not depend on it). */
  threads?: number;
  /** The config file itself, recorded in the provenance and protected from overwriting. */
  configFile?: string;
}

/** A loaded source. */
type Loaded = { kind: 'runs'; rs: RunSet } | { kind: 'table'; rows: Record<string, unknown>[] };

/** A fit's results. */
type FitOutcome = { kind: 'law'; bundle: FitBundle; seed: number } | { kind: 'isoflop'; points: FitPoint[]; result: IsoflopResult; reps?: IsoflopReplicates; seed: number; resamples: number };

/** Key numbers of a built report (the CLI's `--json` output). */
export interface WeeklySummary {
  sources: Record<string, { runs: number; points: number } | { rows: number }>;
  fits: Record<string, Record<string, unknown>>;
  comparisons: Record<string, { variant: string; diff: number; ci: [number, number]; p_adjusted: number; decision: string }[]>;
}

/** What {@link buildWeeklyReport} returns. */
export interface WeeklyResult {
  report: Report;
  /** Absolute paths of every input file (never to be overwritten). */
  inputs: string[];
  summary: WeeklySummary;
}

const LEVEL = 0.95;

/** Read a table source: CSV/TSV (numbers parsed) or JSON (array of rows, or JSON lines). */
function readRows(path: string): Record<string, unknown>[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ReportError(`cannot read table ${path}: ${fileErrorReason(e)}`);
  }
  if (/\.jsonl?$/i.test(path)) {
    const t = text.trim();
    try {
      return t.startsWith('[') ? (JSON.parse(t) as Record<string, unknown>[]) : t.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
    } catch (e) {
      throw new ReportError(`${path}: not valid JSON: ${(e as Error).message}`);
    }
  }
  return aq.fromCSV(text, { delimiter: /\.tsv$/i.test(path) ? '\t' : ',' }).objects() as Record<string, unknown>[];
}

async function loadSource(name: string, s: SourceConfig, progress: (m: string) => void): Promise<Loaded> {
  if (s.table) {
    progress(`loading ${name}: ${s.table}`);
    return { kind: 'table', rows: readRows(s.table) };
  }
  const rs = await load(s.paths!, {
    ...(s.format ? { format: s.format } : {}),
    ...(s.rule ? { rule: s.rule } : {}),
    ...(s.stepColumn ? { stepColumn: s.stepColumn } : {}),
    ...(s.runColumn ? { runColumn: s.runColumn } : {}),
    ...(s.seqLength ? { seqLength: s.seqLength } : {}),
    ...(s.configColumns ? { configColumns: s.configColumns } : {}),
    onFile: (_p, i, total) => progress(`loading ${name}: file ${i + 1}/${total}`),
  });
  return { kind: 'runs', rs };
}

function fitPoints(rows: Record<string, unknown>[], c: FitConfig): FitPoint[] {
  const group = c.columns.group ?? (rows.length > 0 && 'run' in rows[0]! ? 'run' : undefined);
  return pointsFromTable(rows, { ...c.columns, ...(group ? { group } : {}) });
}

async function runFit(name: string, c: FitConfig, rows: Record<string, unknown>[], cfg: WeeklyConfig, o: WeeklyOptions, progress: (m: string) => void): Promise<FitOutcome> {
  const points = fitPoints(rows, c);
  const seed = c.seed ?? cfg.seed;
  if (c.law === 'isoflop') {
    progress(`fit ${name}: IsoFLOP${c.bootstrap ? `, ${c.bootstrap} resamples` : ''}`);
    const result = isoflopFit(points, { bootstrap: c.bootstrap, seed, level: LEVEL, skipBadBudgets: c.skipBadBudgets });
    // The figures' intervals come from the fit's own resamples (one resampling loop: the summary and the figures
    // report the same kept and dropped counts).
    const reps = isoflopReplicatesOf(result);
    return { kind: 'isoflop', points, result, ...(reps ? { reps } : {}), seed, resamples: c.bootstrap };
  }
  const law = lawByName(c.law, c.x);
  const fo = { loss: c.loss, ...(c.delta !== undefined ? { delta: c.delta } : {}), ...(o.threads !== undefined ? { threads: o.threads } : {}) };
  progress(`fit ${name}: ${law.name} on ${points.length} points`);
  const holdout = c.holdoutAbove !== undefined ? await holdoutFit(points, law, { ...fo, above: c.holdoutAbove }) : undefined;
  const fit = holdout ? holdout.fit : await fitLaw(points, law, fo);
  let bootstrap;
  if (c.bootstrap > 0) {
    progress(`fit ${name}: bootstrap, ${c.bootstrap} resamples`);
    bootstrap = await bootstrapFit(fit, { resamples: c.bootstrap, seed, level: LEVEL, targetC: law.name === 'chinchilla' ? c.targetC : [], ...(o.threads !== undefined ? { threads: o.threads } : {}) });
  }
  return { kind: 'law', bundle: { fit, points, targetC: c.targetC, ...(holdout ? { holdout } : {}), ...(bootstrap ? { bootstrap } : {}) }, seed };
}

function runComparison(name: string, c: ComparisonConfig, rs: RunSet, cfg: WeeklyConfig): CompareResult {
  let fromRuns;
  try {
    fromRuns = variantsFromRunSet(rs, c.metric, { ...(c.lastK !== undefined ? { lastK: c.lastK } : {}), ...(c.at !== undefined ? { at: c.at } : {}) });
  } catch (e) {
    if (e instanceof CompareError) throw new ReportError(`comparisons.${name}: ${e.message.replace('(--at common)', '("at": "common")').replace('(--at final)', '("at": "final")').replace('(--at STEP)', '("at": STEP)')}`);
    throw e;
  }
  const { variants, missing } = fromRuns;
  if (variants.length < 2) throw new ReportError(`comparisons.${name}: source '${c.source}' has ${variants.length} variant(s) with '${c.metric}' (need 2; set a rule that names {variant})`);
  const r = compareVariants(variants, {
    metric: c.metric, direction: c.direction, test: c.test, correction: c.correction, alpha: c.alpha, resamples: c.resamples,
    seed: c.seed ?? cfg.seed,
    ...(c.baseline !== undefined ? { baseline: c.baseline } : {}),
    ...(c.minEffect !== undefined ? { minEffect: c.minEffect } : {}),
    ...(c.threshold !== undefined ? { threshold: c.threshold } : {}),
  });
  if (missing.length) r.warnings.unshift(`${missing.length} run(s) have no '${c.metric}': ${missing.join(', ')}`);
  return r;
}

/** Follow a dotted key (`sweep.law`) into parsed JSON. */
function dig(tree: unknown, key: string | undefined, file: string): Record<string, unknown> {
  let cur = tree;
  for (const k of key ? key.split('.') : []) {
    if (cur === null || typeof cur !== 'object' || !(k in cur)) throw new ReportError(`${file}: no key '${key}' (stopped at '${k}')`);
    cur = (cur as Record<string, unknown>)[k];
  }
  if (cur === null || typeof cur !== 'object') throw new ReportError(`${file}: '${key ?? '(root)'}' is not an object of parameter values`);
  return cur as Record<string, unknown>;
}

/** Walk a folder's files (sorted), for the provenance of folder-format sources. */
function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.isFile() ? [join(dir, e.name)] : []));
}

/**
 * Build the weekly report of a validated config.
 *
 * @example
 * const { report, inputs, summary } = await buildWeeklyReport(readWeeklyConfig('data/weekly.json'), { onProgress: progress });
 */
export async function buildWeeklyReport(cfg: WeeklyConfig, o: WeeklyOptions = {}): Promise<WeeklyResult> {
  const progress = o.onProgress ?? (() => {});
  const rel = (p: string): string => relative(cfg.baseDir, p).split(sep).join('/') || '.';
  const summary: WeeklySummary = { sources: {}, fits: {}, comparisons: {} };

  // 1. Sources, in config order.
  const sources = new Map<string, Loaded>();
  const rowsByFile = new Map<string, number>();
  for (const [name, s] of Object.entries(cfg.sources)) {
    const l = await loadSource(name, s, progress);
    sources.set(name, l);
    if (l.kind === 'table') {
      rowsByFile.set(s.table!, (rowsByFile.get(s.table!) ?? 0) + l.rows.length);
      summary.sources[name] = { rows: l.rows.length };
    } else {
      const pts = new Map<string, number>();
      for (const c of l.rs.curves()) pts.set(c.run, (pts.get(c.run) ?? 0) + c.step.length);
      for (const r of l.rs.runs) rowsByFile.set(r.source, (rowsByFile.get(r.source) ?? 0) + (pts.get(r.id) ?? 0));
      summary.sources[name] = { runs: l.rs.runs.length, points: l.rs.numPoints };
    }
  }
  const runsOf = (name: string): RunSet => (sources.get(name) as { rs: RunSet }).rs;
  const rowsOf = (name: string): Record<string, unknown>[] => (sources.get(name) as { rows: Record<string, unknown>[] }).rows;

  // 2. Fits and comparisons, in config order.
  const fits = new Map<string, FitOutcome>();
  const seeds: Record<string, number> = {};
  for (const [name, c] of Object.entries(cfg.fits)) {
    const f = await runFit(name, c, rowsOf(c.source), cfg, o, progress);
    fits.set(name, f);
    if (c.bootstrap > 0) seeds[`fits.${name}.bootstrap`] = f.seed;
    if (f.kind === 'law') {
      const bs = f.bundle.bootstrap;
      const ci = bs ? (bs.bca ?? bs.percentile) : undefined;
      summary.fits[name] = { law: f.bundle.fit.law, params: f.bundle.fit.params, converged: f.bundle.fit.converged, ...(ci && bs ? { ci: Object.fromEntries(Object.keys(f.bundle.fit.params).map((k) => [k, ci[k] ?? null])), ci_method: intervalLabelJson(fitIntervalLabel(bs)) } : {}), ...(f.bundle.holdout ? { holdout_rmse_log: f.bundle.holdout.rmseLog } : {}) };
    } else {
      summary.fits[name] = { law: 'isoflop', n_opt_exponent: f.result.nOptLaw.exponent, n_opt_exponent_ci: f.result.nOptLaw.ci, d_opt_exponent: f.result.dOptLaw.exponent, d_opt_exponent_ci: f.result.dOptLaw.ci, ...(f.reps ? { ci_method: intervalLabelJson(isoflopIntervalLabel(f.reps)) } : {}), budgets: f.result.budgets.length };
    }
  }
  const comparisons = new Map<string, CompareResult>();
  for (const [name, c] of Object.entries(cfg.comparisons)) {
    progress(`compare ${name}: ${c.metric}`);
    const r = runComparison(name, c, runsOf(c.source), cfg);
    comparisons.set(name, r);
    seeds[`comparisons.${name}`] = c.seed ?? cfg.seed;
    summary.comparisons[name] = r.comparisons.map((x) => ({ variant: x.variant, diff: x.diff, ci: x.ci, p_adjusted: x.pAdjusted, decision: x.decision }));
  }

  const ladders = await runLadders(cfg.ladders, cfg.seed, progress);
  for (const l of ladders.values()) if (l.config.bootstrap > 0) seeds[`ladders.${l.name}.bootstrap`] = l.seed;

  // 3. Sections.
  const report = createReport({ title: cfg.title, date: cfg.date, ...(cfg.subtitle ? { subtitle: cfg.subtitle } : {}) });
  const truthFiles = new Map<string, number>();
  let figure = 0;
  const id = (kind: string, name: string): string => `f${++figure}-${kind}-${name}`.replace(/[^A-Za-z0-9_-]+/g, '-');
  for (const s of cfg.sections) {
    report.section(s.title);
    if (s.text) report.markdown(s.text);
    for (const it of s.items) addItem(report, it, { cfg, fits, comparisons, runsOf, rowsOf, id, truthFiles, ladders });
  }

  // 4. Provenance: every input file, paths relative to the config's folder.
  const files: FileProvenance[] = [];
  const inputs: string[] = [];
  const add = (abs: string, rows: number): void => {
    inputs.push(abs);
    files.push({ ...fileProvenance(abs, rows), path: rel(abs) });
  };
  if (o.configFile) add(o.configFile, 0);
  for (const [file, rows] of rowsByFile) {
    if (statSync(file).isDirectory()) for (const f of walk(file)) add(f, 0);
    else add(file, rows);
  }
  for (const [file, rows] of truthFiles) add(file, rows);
  for (const l of ladders.values()) for (const [file, rows] of l.files) add(file, rows);
  report.provenance({ files, options: cfg.raw, seeds, date: cfg.date });
  return { report, inputs, summary };
}

interface Ctx {
  cfg: WeeklyConfig;
  fits: Map<string, FitOutcome>;
  comparisons: Map<string, CompareResult>;
  runsOf(name: string): RunSet;
  rowsOf(name: string): Record<string, unknown>[];
  id(kind: string, name: string): string;
  truthFiles: Map<string, number>;
  ladders: Map<string, LadderOutcome>;
}

const LAW_TEXT: Record<string, string> = { chinchilla: 'Chinchilla', power: 'power-law', power0: 'power-law (no offset)', kaplan: 'Kaplan', isoflop: 'IsoFLOP' };

/**
 * A fit named for people in a caption: "the Chinchilla fit", with the config's name in quotes when it says more
 * than the law ("the Chinchilla fit “no-small”").
 */
function fitTitle(ctx: Ctx, name: string): string {
  const law = ctx.cfg.fits[name]?.law ?? name;
  const text = `the ${LAW_TEXT[law] ?? law} fit`;
  return name === law ? text : `${text} “${name}”`;
}

function lawFit(ctx: Ctx, name: string): FitBundle {
  return (ctx.fits.get(name) as { bundle: FitBundle }).bundle;
}

function addItem(report: Report, it: ItemConfig, ctx: Ctx): void {
  switch (it.kind) {
    case 'markdown':
      report.markdown(it.text);
      return;
    case 'runs': {
      const rs = ctx.runsOf(it.source);
      const pts = new Map<string, number>();
      for (const c of rs.curves()) pts.set(c.run, (pts.get(c.run) ?? 0) + c.step.length);
      const fin = it.metric ? new Map(finalValues(rs, it.metric).map((f) => [f.run, f])) : undefined;
      const rows = (runsTable(rs).objects() as Record<string, CellValue>[]).map((r) => {
        const f = fin?.get(String(r.id));
        return {
          run: r.id, variant: r.variant, seed: r.seed, format: r.format, points: pts.get(String(r.id)) ?? 0,
          restarts: r.restarts, skipped: r.skipped, non_finite: r.non_finite,
          ...(it.metric ? { [`final ${it.metric}`]: f?.value ?? null, 'at step': f?.step ?? null } : {}),
        };
      });
      report.table({ rows, caption: it.caption ?? `${rows.length} runs of ${it.source}`, columns: ['run', 'variant', 'seed', 'format', { key: 'points', format: 'integer' }, { key: 'restarts', format: 'integer' }, { key: 'skipped', format: 'integer' }, { key: 'non_finite', label: 'non-finite', format: 'integer' }, ...(it.metric ? [{ key: `final ${it.metric}`, digits: 5 }, { key: 'at step', format: 'integer' as const }] : [])] });
      return;
    }
    case 'table': {
      const rows = ctx.rowsOf(it.source) as Record<string, CellValue>[];
      report.table({ rows, caption: it.caption ?? `${it.source}: ${rows.length} rows`, ...(it.columns ? { columns: it.columns } : {}) });
      return;
    }
    case 'fit-summary': {
      const f = ctx.fits.get(it.fit)!;
      if (f.kind === 'law') {
        const what = f.bundle.fit.law === 'chinchilla' ? 'Chinchilla L(N, D)' : `${f.bundle.fit.law} law`;
        report.fitSummary(fitSummaryOf(f.bundle, `${it.fit}: ${what}${f.bundle.holdout ? `, fitted at C ≤ ${fmtNum(ctx.cfg.fits[it.fit]!.holdoutAbove!)}` : ''}`));
      } else {
        report.fitSummary(isoflopSummaryOf(f.result, f.result.bootstrap, ctx.cfg.fits[it.fit]!.targetC, `${it.fit}: IsoFLOP profiles (Approach 2)`, f.reps));
      }
      return;
    }
    case 'scaling': {
      const b = lawFit(ctx, it.fit);
      const input = scalingInputOf(b, it.x);
      const band = b.bootstrap ? ` with its band (${describeInterval(fitIntervalLabel(b.bootstrap, 'percentile', 'band'))}, pointwise)` : '';
      report.figure(scalingFigure(input, { id: ctx.id('scaling', it.fit), x: it.x }), it.caption ?? `Final loss against ${it.x}; the line is ${fitTitle(ctx, it.fit)}${band}${b.holdout ? ', hollow points were held out of the fit' : ''}${input.target ? `, extrapolated to C = ${fmtNum(input.target.x)}` : ''}.`, input);
      return;
    }
    case 'residuals': {
      const b = lawFit(ctx, it.fit);
      const input = residualsInputOf(b, it.x);
      report.figure(residualsFigure(input, { id: ctx.id('residuals', it.fit), x: it.x, relative: true }), it.caption ?? `Relative residuals (observed − fitted) / fitted, of ${fitTitle(ctx, it.fit)}${b.holdout ? '; hollow points were held out' : ''}.`, input);
      return;
    }
    case 'recovery': {
      const b = lawFit(ctx, it.fit);
      let tree: unknown;
      try {
        tree = JSON.parse(readFileSync(it.truth, 'utf8'));
      } catch (e) {
        throw new ReportError(`recovery: cannot read ${it.truth}: ${fileErrorReason(e)}`);
      }
      const truth = dig(tree, it.key, it.truth);
      const bs = b.bootstrap;
      const ci = bs ? (bs.bca ?? bs.percentile) : undefined;
      const est: Record<string, number> = { ...b.fit.params };
      const tv: Record<string, number> = {};
      for (const [k, v] of Object.entries(truth)) if (typeof v === 'number' && k in est) tv[k] = v;
      if (b.fit.law === 'chinchilla' && Object.keys(tv).length === 5) {
        const fr = chinchillaFrontier(tv as unknown as ChinchillaParams), fe = chinchillaFrontier(b.fit.params as unknown as ChinchillaParams);
        tv.a = fr.a; tv.b = fr.b; est.a = fe.a; est.b = fe.b;
      }
      const names = Object.keys(tv);
      if (names.length === 0) throw new ReportError(`recovery: ${it.truth}${it.key ? ` '${it.key}'` : ''} has none of the fit's parameters (${Object.keys(b.fit.params).join(', ')})`);
      ctx.truthFiles.set(it.truth, (ctx.truthFiles.get(it.truth) ?? 0) + names.length);
      const rows = names.map((k) => {
        const iv = ci?.[k];
        return { parameter: k, truth: tv[k]!, estimate: est[k]!, rel_error: est[k]! / tv[k]! - 1, lo: iv?.[0] ?? null, hi: iv?.[1] ?? null, covered: iv ? (iv[0] <= tv[k]! && tv[k]! <= iv[1] ? 'yes' : 'no') : '' };
      });
      const inside = rows.filter((r) => r.covered === 'yes').length;
      const worst = rows.reduce((w, r) => (Math.abs(r.rel_error) > Math.abs(w.rel_error) ? r : w));
      const claim = ci
        ? inside === rows.length
          ? `**The fit recovers the true law**: all ${rows.length} true values lie inside their ${fmtNum(100 * LEVEL, 3)}% bootstrap intervals`
          : `**The fit does not fully recover the true law**: ${rows.length - inside} of ${rows.length} true values (${rows.filter((r) => r.covered === 'no').map((r) => r.parameter).join(', ')}) lie outside their ${fmtNum(100 * LEVEL, 3)}% bootstrap intervals`
        : `Without a bootstrap there are no intervals to check the true values against`;
      report.markdown(`${claim}; the largest relative error is ${fmtNum(100 * worst.rel_error, 3)}% (${worst.parameter}). (Computed when this report was built; nothing here is typed in by hand.)`);
      report.table({ rows, caption: it.caption ?? `${it.fit}: fitted against true parameters`, columns: [{ key: 'parameter', format: 'text' }, 'truth', 'estimate', { key: 'rel_error', label: 'relative error', format: 'percent' }, { key: 'lo', label: 'interval low' }, { key: 'hi', label: 'interval high' }, { key: 'covered', label: 'truth inside' }] });
      return;
    }
    case 'isoflop': {
      const f = ctx.fits.get(it.fit) as Extract<FitOutcome, { kind: 'isoflop' }>;
      const input = isoflopInputOf(f.points, f.result, f.reps);
      report.figure(isoflopFigure(input, { id: ctx.id('isoflop', it.fit) }), it.caption ?? `IsoFLOP profiles${it.fit === 'isoflop' ? '' : ` (fit “${it.fit}”)`}: loss against N at each budget, the parabola in log N and its minimum N*${f.reps ? ` with its interval (${describeInterval(isoflopIntervalLabel(f.reps))}; ${f.reps.nOpt.length} of ${f.reps.nOpt.length + f.reps.failed} resamples kept${f.reps.partial ? `, ${f.reps.partial} of them with a budget without an interior minimum left out` : ''}${f.reps.failed ? `, ${f.reps.failed} with fewer than 2 budgets left dropped` : ''})` : ''}.`, input);
      return;
    }
    case 'frontier': {
      const f = ctx.fits.get(it.fit) as Extract<FitOutcome, { kind: 'isoflop' }>;
      const input = frontierInputOf(f.result, f.reps, ctx.cfg.fits[it.fit]!.targetC, it.quantity);
      report.figure(frontierFigure(input, { id: ctx.id('frontier', it.fit), quantity: it.quantity }), it.caption ?? `Compute-optimal ${it.quantity === 'N' ? 'parameters N*' : 'tokens D*'} against C from ${it.fit === 'isoflop' ? 'the IsoFLOP profiles' : `the IsoFLOP fit “${it.fit}”`}: per-budget minima and the power-law fit${f.reps ? ` with intervals (${describeInterval(isoflopIntervalLabel(f.reps))}, the same resamples as the profiles above)` : ''}${input.target ? `, extrapolated to C = ${fmtNum(input.target.x)}` : ''}.`, input);
      return;
    }
    case 'curves': {
      const series = it.sources.flatMap((s) => curveSeriesOf(ctx.runsOf(s), it.metric, { smoothing: it.smoothing, spikes: it.spikes }));
      if (series.length === 0) throw new ReportError(`curves item: no run of ${it.sources.join(', ')} has metric '${it.metric}'`);
      const marks = series.flatMap((s) => [...(s.restarts ?? []).map((r) => `${s.run}: resumed at step ${r.toStep} after reaching ${r.fromStep}`), ...(s.spikes ?? []).map((p) => `${s.run}: spike at step ${p.step} (${fmtNum(p.value, 4)})`)]);
      const data = series.map((s) => ({ run: s.run, points: s.step.length, restarts: s.restarts ?? [], spikes: s.spikes ?? [] }));
      report.figure(curvesFigure({ series }, { id: ctx.id('curves', it.metric), metric: it.metric, logX: it.logX, logY: it.logY, ...(it.reference ? { reference: it.reference } : {}) }), it.caption ?? `${it.metric}: raw values faint, EMA-smoothed (weight ${it.smoothing}) solid${marks.length ? '; ' + marks.join('; ') : ''}.`, data);
      return;
    }
    case 'comparison': {
      const r = ctx.comparisons.get(it.comparison)!;
      report.comparisonTable(comparisonSummaryOf(r, it.comparison), { forest: it.forest, figureId: ctx.id('forest', it.comparison) });
      for (const w of r.warnings) report.markdown(`**Warning:** ${w.replace(/[\\`*_[\]<>#|]/g, (ch) => `\\${ch}`)}`);
      return;
    }
    case 'forest': {
      const r = ctx.comparisons.get(it.comparison)!;
      const input = forestInputOf(r);
      report.figure(forestFigure(input, { id: ctx.id('forest', it.comparison), xLabel: `${r.metric ?? 'metric'}: variant − baseline` }), it.caption ?? `Difference from the baseline in ${r.metric}; intervals: ${input.interval ? describeInterval(input.interval) : `${fmtNum(100 * r.confidence, 3)}%`}; colour is the decision after ${r.correction} correction.`, input);
      return;
    }
    case 'health-summary': case 'goodput': case 'health-timeline': case 'mfu':
      return addHealthItem(report, it, ctx);
    case 'variant-curves': {
      const c = ctx.cfg.comparisons[it.comparison]!;
      const rs = ctx.runsOf(c.source);
      const groups = new Map<string, CurveVariant['runs'][number][]>();
      for (const cur of rs.curves(c.metric)) {
        const meta = rs.run(cur.run)!;
        const xs = it.x === 'tokens' ? cur.tokens : cur.step;
        const keep: number[] = [];
        for (let i = 0; i < xs.length; i++) if (Number.isFinite(xs[i]!) && Number.isFinite(cur.value[i]!) && !(it.from !== undefined && xs[i]! < it.from) && (keep.length === 0 || xs[i]! > xs[keep[keep.length - 1]!]!)) keep.push(i);
        if (keep.length < 2) continue;
        const v = meta.variant ?? '(no variant)';
        if (!groups.has(v)) groups.set(v, []);
        groups.get(v)!.push({ x: keep.map((i) => xs[i]!), y: keep.map((i) => cur.value[i]!), id: meta.id });
      }
      const variants = [...groups].map(([name, runs]) => ({ name, runs }));
      if (variants.length === 0) throw new ReportError(`variant-curves: no run of '${c.source}' has a '${c.metric}' curve against ${it.x}`);
      const cc = compareCurves(variants, { ...(c.baseline ? { baseline: c.baseline } : {}), direction: c.direction, confidence: LEVEL });
      const input = variantCurvesOf(cc.bands);
      const said = cc.warnings.length ? ` Note: ${cc.warnings.join('; ')}.` : '';
      report.figure(variantCurvesFigure(input, { id: ctx.id('variant-curves', it.comparison), metric: c.metric, xLabel: it.x, logX: it.logX, logY: it.logY, ...(it.reference ? { reference: it.reference } : {}) }), it.caption ?? `${c.metric} of each variant: mean over seeds with its ${fmtNum(100 * LEVEL, 3)}% t interval, at the evaluation ${it.x === 'tokens' ? 'token counts' : 'steps'} all of its runs logged${it.from !== undefined ? `, from ${fmtNum(it.from)}` : ''} (no interpolation; each curve ends at its variant's last evaluation).${said}`, { bands: cc.bands, significant_from: cc.comparisons.map((x) => ({ variant: x.variant, x: x.significantFrom })), warnings: cc.warnings });
      return;
    }
    case 'ladder-prediction': case 'ladder-steps': case 'ladder-noise':
      return addLadderItem(report, it, ctx.ladders, ctx.id);
    case 'mixture-models': case 'mixture-predicted': case 'mixture-proposal': case 'mixture-landscape':
      addMixtureItem(report, it, { mixtures: ctx.cfg.mixtures, seed: ctx.cfg.seed, runsOf: ctx.runsOf, id: ctx.id, files: ctx.truthFiles });
      return;
  }
}
