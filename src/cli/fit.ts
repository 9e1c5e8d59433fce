/**
 * `scalelab fit`: fit a scaling law to a table of runs (CSV/TSV or JSON rows) and print the parameters, the
 * objective, bootstrap standard errors and intervals, the compute-optimal frontier, and warnings.
 *
 * @example
 * scalelab fit chinchilla.csv --law chinchilla --col N="Model Size" --col C="Training FLOP" --bootstrap 1000 --json
 */
import { readRunTable } from './table.js';
import { InputError } from '../errors.js';
import { bootstrapFit } from '../fit/bootstrap.js';
import type { FitMeasuredCoverage } from '../fit/fit-coverage.js';
import { fitLaw, type FitResult } from '../fit/fit.js';
import { chinchillaFrontier, type ChinchillaParams } from '../fit/frontier.js';
import { holdoutFit } from '../fit/holdout.js';
import { isoflopFit } from '../fit/isoflop.js';
import { LAW_NAMES, lawByName, type Variable } from '../fit/laws.js';
import { pointsFromTable, unmappedMessage, type ColumnMapping, type FitPoint } from '../fit/points.js';
import { envelopeFit, envelopeOptAt } from '../fit/envelope.js';
import { proposeRuns } from '../fit/propose.js';
import { configFromTable, pointsFromRunSet, type RunConfigs } from '../fit/runset.js';
import { load } from '../load/load.js';
import { requireMetric } from '../runs/final.js';
import { parseCommand, printJson, progress, progressDone } from './common.js';
import { describeInterval, intervalLabelJson, type IntervalLabel } from '../stats/interval.js';
import type { BootstrapInfo, IsoflopBootstrapInfo } from '../fit/isoflop.js';

/**
 * The label of a frontier fit's (IsoFLOP, envelope) exponent intervals: what an IsoFLOP bootstrap resampled
 * (parabola residuals or runs within each budget) and its measured coverage (the lower of the two layouts measured)
 * when it has one.
 */
function frontierLabel(b: BootstrapInfo | IsoflopBootstrapInfo, over: string): IntervalLabel {
  const iso = 'resample' in b ? b : undefined;
  const what = iso ? (iso.resample === 'residuals' ? 'parabola residuals within each budget' : 'runs within each budget') : over;
  const coverage = iso?.measuredCoverage ? Math.min(iso.measuredCoverage.centred, iso.measuredCoverage.shared) : undefined;
  return { level: b.level, method: 'percentile', resamples: b.resamples, seed: b.seed, over: what, ...(b.dropped > 0 ? { dropped: b.dropped } : {}), ...(coverage !== undefined ? { coverage } : {}) };
}
import { didYouMean } from '../suggest.js';

/** One line for `scalelab --help`. */
export const summary = 'fit a scaling law (Chinchilla, power, Kaplan, IsoFLOP, envelope) with bootstrap intervals; propose next runs';

const HELP = `scalelab fit <data file> --law chinchilla|power|power0|kaplan|isoflop|envelope [options]

Fits a scaling law to a table of runs (CSV, TSV, or JSON array of rows). Columns N (parameters), D (tokens),
C (FLOPs), loss, group (run id; the bootstrap resamples runs); any two of N, D, C give the third (C = 6ND).

With --metric M the file is instead loaded as training runs (anything scalelab load reads, e.g. a long-form CSV
run,step,metric,value,tokens,flops): one point per run from its final value of M, N/D/C from run config, from
--runs, or from the tokens and flops at the run's last point (N = flops / 6 tokens).

--law envelope (Chinchilla's Approach 1) always loads curves that way: the minimum loss over all curves at
log-spaced FLOPs (never extrapolating a curve), then N_opt = k C^a and D_opt = k' C^b through the minima.
Each curve needs FLOPs (a flops column, or tokens and the run's N) and N (config, --runs, or flops/tokens).
At each --target-c it reports N_opt and D_opt; with --bootstrap, 95% percentile intervals over the resamples'
joint (k, a) draws ('targets' in --json; null intervals without a bootstrap).

Every interval says what it is: the text output names the method, level, resamples and seed once; --json keeps
each 'ci' as [low, high] and adds 'ci_method' ({level, method, resamples, seed, over, dropped?, coverage?, coverage_design?}) beside it.

Options:
  --law NAME            chinchilla (L = E + A/N^alpha + B/D^beta, default), power (L = E + A x^-alpha),
                        power0 (L = A x^-alpha), kaplan (L = ((Nc/N)^(aN/aD) + Dc/D)^aD), isoflop (Approach 2)
  --x N|D|C             input of a power law (default C)
  --col FIELD=COLUMN    map a field to a column, e.g. --col N="Model Size" (repeatable)
  --bootstrap K         bootstrap resamples over runs (default 0)
  --seed S              seed of the bootstrap (default 0)
  --holdout-above C     fit on runs with C <= this value, report the error on the others
  --target-c C          budget for N_opt, D_opt, tokens per parameter (repeatable; default 5.88e23)
  --drop-highest-loss K drop the K highest-loss rows first (Epoch dropped 5 of Chinchilla's 245)
  --loss huber|mse      objective of the residuals (default huber, summed)
  --residual log|raw    residual = log prediction - log loss (default) or prediction - loss (Gadre et al. 2024;
                        with raw, --delta is in loss units: --loss mse is the usual pairing)
  --delta X             Huber delta (default 1e-3)
  --threads T           worker threads (default: all cores; results do not depend on it)
  --skip-bad-budgets    isoflop: skip (with a warning) budgets without an interior minimum instead of refusing
  --method M            isoflop: parabola (default) or akima (Porian et al. 2024: minimum of the Akima
                        interpolant of log loss in log N)
  --window K            isoflop: use only the K sizes around each budget's lowest loss
  --resample R          isoflop bootstrap: residuals (default with parabola) or runs (default with akima)
  --metric M            load the file as runs and take metric M (envelope default: the only metric)
  --runs FILE           per-run table (CSV/TSV/JSON with a 'run' column, e.g. runs.csv with N, D) joined by run id
  --last-k K            with --metric: mean of each run's last K points instead of the last one
  --points P            envelope: number of log-spaced FLOPs values (default 30)
  --propose-budget C    chinchilla: propose new runs within C FLOPs in total that most shrink the bootstrap
                        interval of N_opt at the (first) --target-c; see 'proposals' in --json
  --proposals K         most runs to propose (default 3)
  --propose-resamples R bootstrap resamples per candidate score (default 150)
  --json                print one JSON object
`;

const num = (s: string | undefined, what: string): number | undefined => {
  if (s === undefined) return undefined;
  const v = Number(s);
  if (!Number.isFinite(v)) throw new InputError(`${what} must be a number, got '${s}'`);
  return v;
};

/** Runs the command; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const a = parseCommand(argv, {
    law: { type: 'string', default: 'chinchilla' },
    x: { type: 'string', default: 'C' },
    col: { type: 'string', multiple: true },
    bootstrap: { type: 'string' },
    seed: { type: 'string' },
    'holdout-above': { type: 'string' },
    'target-c': { type: 'string', multiple: true },
    'drop-highest-loss': { type: 'string' },
    loss: { type: 'string', default: 'huber' },
    residual: { type: 'string', default: 'log' },
    method: { type: 'string', default: 'parabola' },
    window: { type: 'string' },
    resample: { type: 'string' },
    delta: { type: 'string' },
    threads: { type: 'string' },
    'skip-bad-budgets': { type: 'boolean', default: false },
    metric: { type: 'string' },
    runs: { type: 'string' },
    'last-k': { type: 'string' },
    points: { type: 'string' },
    'propose-budget': { type: 'string' },
    proposals: { type: 'string' },
    'propose-resamples': { type: 'string' },
    json: { type: 'boolean', default: false },
  }, HELP);
  if (!a) return 0;
  const file = a.positionals[0];
  if (!file) throw new InputError(`no data file given\n\n${HELP}`);
  const v = a.values;
  const mapping: ColumnMapping = {};
  for (const c of v.col ?? []) {
    const m = /^(N|D|C|loss|group)=(.+)$/.exec(c);
    if (!m) throw new InputError(`--col expects FIELD=COLUMN with FIELD one of N, D, C, loss, group; got '${c}'`);
    mapping[m[1] as keyof ColumnMapping] = m[2]!.replace(/^"(.*)"$/, '$1');
  }
  const LAWS: readonly string[] = [...LAW_NAMES, 'isoflop', 'envelope'];
  if (!LAWS.includes(v.law as string)) throw new InputError(`unknown law '${v.law}' (expected one of ${LAWS.join(', ')}).${didYouMean(v.law as string, LAWS)}`);
  const x = v.x as string;
  if (!['N', 'D', 'C'].includes(x)) throw new InputError(`--x must be N, D or C, got '${x}'`);
  const lossKind = v.loss as string;
  if (lossKind !== 'huber' && lossKind !== 'mse') throw new InputError(`--loss must be huber or mse, got '${lossKind}'`);
  const residual = v.residual as string;
  if (residual !== 'log' && residual !== 'raw') throw new InputError(`--residual must be log or raw, got '${residual}'`);
  const method = v.method as string;
  if (method !== 'parabola' && method !== 'akima') throw new InputError(`--method must be parabola or akima, got '${method}'`);
  const resample = v.resample as string | undefined;
  if (resample !== undefined && resample !== 'runs' && resample !== 'residuals') throw new InputError(`--resample must be runs or residuals, got '${resample}'`);
  const K = num(v.bootstrap, '--bootstrap') ?? 0;
  const seed = num(v.seed, '--seed') ?? 0;
  const runConfig: RunConfigs | undefined = v.runs ? configFromTable(readRunTable(v.runs)) : undefined;
  const targets = (v['target-c'] ?? ['5.88e23']).map((s) => num(s, '--target-c')!);
  if (v.law === 'envelope') {
    const rs = await load(file);
    const r = envelopeFit(rs, { ...(v.metric ? { metric: v.metric } : {}), ...(runConfig ? { config: runConfig } : {}), points: num(v.points, '--points') ?? 30, bootstrap: K, seed });
    const at = targets.map((C) => envelopeOptAt(r, C));
    const out = {
      law: 'envelope',
      minima: r.minima.map((m) => ({ C: m.C, run: m.run, N: m.N, D: m.D, loss: m.loss, curves: m.curves, at_edge: m.atEdge })),
      N_opt_law: r.nOptLaw,
      D_opt_law: r.dOptLaw,
      distinct_n: r.distinctN,
      ...(r.bootstrap ? { bootstrap: r.bootstrap, ci_method: intervalLabelJson(frontierLabel(r.bootstrap, 'runs')) } : {}),
      targets: at.map((o) => ({ C: o.C, N_opt: o.N_opt, D_opt: o.D_opt, tokens_per_param: o.tokensPerParam,
        N_opt_ci: o.ci ? o.ci.N_opt : null, D_opt_ci: o.ci ? o.ci.D_opt : null, level: o.level, draws: o.draws, extrapolated: o.extrapolated })),
      warnings: [...r.warnings, ...at.flatMap((o) => o.warnings)],
    };
    if (v.json) printJson(out);
    else {
      process.stdout.write(`Envelope (Approach 1): ${r.minima.length} FLOPs values, minima from ${r.distinctN} distinct sizes\n`);
      process.stdout.write(r.bootstrap ? `intervals: ${describeInterval(frontierLabel(r.bootstrap, 'runs'))}\n` : 'no bootstrap run (--bootstrap K): no intervals\n');
      for (const m of r.minima) process.stdout.write(`  C=${m.C.toExponential(3)}  N=${m.N.toExponential(3)}  D=${m.D.toExponential(3)}  L=${m.loss.toFixed(4)}  ${m.run}${m.atEdge ? '  (edge)' : ''}\n`);
      const ci = (l: typeof r.nOptLaw): string => (l.ci ? ` [${l.ci[0].toFixed(3)}, ${l.ci[1].toFixed(3)}]` : '');
      process.stdout.write(`N_opt = ${r.nOptLaw.k.toExponential(3)} C^${r.nOptLaw.exponent.toFixed(4)}${ci(r.nOptLaw)}\n`);
      process.stdout.write(`D_opt = ${r.dOptLaw.k.toExponential(3)} C^${r.dOptLaw.exponent.toFixed(4)}${ci(r.dOptLaw)}\n`);
      const iv = (x: [number, number] | null): string => (x ? ` [${x[0].toExponential(3)}, ${x[1].toExponential(3)}]` : '');
      for (const o of at) {
        process.stdout.write(`at C=${o.C.toExponential(3)}: N_opt=${o.N_opt.toExponential(3)}${iv(o.ci?.N_opt ?? null)}  D_opt=${o.D_opt.toExponential(3)}${iv(o.ci?.D_opt ?? null)}` +
          `${o.ci ? `  (${Math.round(o.level * 100)}%, ${o.draws} resamples)` : ''}${o.extrapolated ? '  (extrapolated)' : ''}\n`);
      }
      for (const w of out.warnings) process.stdout.write(`warning: ${w}\n`);
    }
    return 0;
  }
  const loadWarnings: string[] = [];
  let points: FitPoint[];
  if (v.metric) {
    const lastK = num(v['last-k'], '--last-k');
    const rs = await load(file);
    requireMetric(rs, v.metric, `--metric (${file})`);
    const rp = pointsFromRunSet(rs, { metric: v.metric, ...(runConfig ? { config: runConfig } : {}), ...(lastK !== undefined ? { lastK } : {}) });
    for (const s of rp.skipped) loadWarnings.push(`run '${s.run}' skipped: ${s.reason}`);
    points = [...rp];
  } else {
    const rows = readRunTable(file);
    const columns = rows.length > 0 ? Object.keys(rows[0]!) : [];
    for (const k of ['N', 'D', 'C', 'loss', 'group'] as const) {
      const c = mapping[k];
      if (c !== undefined && rows.length > 0 && !columns.includes(c)) {
        throw new InputError(`${file}: no column '${c}' for ${k} (--col ${k}=${c}); columns: ${columns.join(', ')}.${didYouMean(c, columns)}`);
      }
    }
    const lossCol = mapping.loss ?? 'loss';
    if (rows.length > 0 && !columns.includes(lossCol)) {
      throw new InputError(`${file}: no loss column '${lossCol}' (columns: ${columns.join(', ')}); name it with --col loss=COLUMN.${didYouMean(lossCol, columns)}`);
    }
    const mapped = (['N', 'D', 'C'] as const).filter((k) => columns.includes(mapping[k] ?? k));
    // chinchilla and kaplan need two of N, D, C (the third is 6ND); a power law needs its --x; isoflop needs C and N or D.
    const need = v.law === 'chinchilla' || v.law === 'kaplan' || v.law === 'isoflop' ? 2 : 1;
    const enough = need === 2 ? mapped.length >= 2 : mapped.includes(x as 'N' | 'D' | 'C') || mapped.length >= 2;
    if (rows.length > 0 && !enough) {
      const needs = need === 2 ? 'two of N, D, C' : `${x} (--x ${x})`;
      throw new InputError(`${file}: ${unmappedMessage(columns, mapping, needs)}${mapped.length ? `; mapped so far: ${mapped.join(', ')}` : ''}`);
    }
    points = pointsFromTable(rows, mapping);
  }
  const drop = num(v['drop-highest-loss'], '--drop-highest-loss') ?? 0;
  if (drop > 0) points = [...points].sort((p, q) => p.loss - q.loss).slice(0, Math.max(0, points.length - drop));
  const threads = num(v.threads, '--threads');

  if (v.law === 'isoflop') {
    const win = num(v.window, '--window');
    const r = isoflopFit(points, { bootstrap: K, seed, skipBadBudgets: v['skip-bad-budgets'], method, ...(resample ? { resample } : {}), ...(win !== undefined ? { window: win } : {}), progress: 'stderr' });
    const b = r.bootstrap;
    const out = {
      law: 'isoflop',
      method: r.method,
      window: r.window,
      budgets: r.budgets,
      N_opt_law: r.nOptLaw,
      D_opt_law: r.dOptLaw,
      ...(b ? { bootstrap: { resamples: b.resamples, seed: b.seed, level: b.level, resample: b.resample, kept: b.kept, kept_share: b.keptShare, partial: b.partial, dropped: b.dropped, left_out: b.leftOut }, ci_method: intervalLabelJson(frontierLabel(b, 'runs within each budget')) } : {}),
      warnings: [...loadWarnings, ...r.warnings],
    };
    if (v.json) printJson(out);
    else {
      process.stdout.write(`IsoFLOP (Approach 2): ${r.budgets.length} budgets\n`);
      process.stdout.write(r.bootstrap ? `exponent intervals: ${describeInterval(frontierLabel(r.bootstrap, 'runs within each budget'))}\n` : 'no bootstrap run (--bootstrap K): no intervals\n');
      for (const b of r.budgets) process.stdout.write(`  C=${b.C.toExponential(3)}  N_opt=${b.N_opt.toExponential(3)}  D_opt=${b.D_opt.toExponential(3)}  L_min=${b.L_min.toFixed(4)}  n=${b.n}${b.lowestAtEdge ? '  (lowest loss at an end size)' : ''}\n`);
      const ci = (l: typeof r.nOptLaw): string => (l.ci ? ` [${l.ci[0].toFixed(3)}, ${l.ci[1].toFixed(3)}]` : '');
      process.stdout.write(`N_opt = ${r.nOptLaw.k.toExponential(3)} C^${r.nOptLaw.exponent.toFixed(4)}${ci(r.nOptLaw)}\n`);
      process.stdout.write(`D_opt = ${r.dOptLaw.k.toExponential(3)} C^${r.dOptLaw.exponent.toFixed(4)}${ci(r.dOptLaw)}\n`);
      if (b) process.stdout.write(`bootstrap: ${b.resamples} resamples of ${b.resample}, ${b.kept} kept (${(100 * b.keptShare).toFixed(1)}%), ${b.partial} with a budget left out\n`);
      for (const w of out.warnings) process.stdout.write(`warning: ${w}\n`);
    }
    return 0;
  }

  const law = lawByName(v.law as string, x as Variable);
  const fitOpts = { loss: lossKind as 'huber' | 'mse', residual: residual as 'log' | 'raw', delta: num(v.delta, '--delta'), threads };
  const cutoff = num(v['holdout-above'], '--holdout-above');
  progress(`fitting ${law.name} to ${points.length} points`);
  let fit: FitResult;
  let holdout: Record<string, unknown> | undefined;
  if (cutoff !== undefined) {
    const h = await holdoutFit(points, law, { ...fitOpts, above: cutoff });
    fit = h.fit;
    holdout = { above: cutoff, n_held_out: h.heldOut.length, rmse_log: h.rmseLog, mean_rel_error: h.meanRelError, max_abs_rel_error: h.maxAbsRelError,
      points: h.heldOut.map((p) => ({ row: p.index, N: p.N, D: p.D, C: p.C, loss: p.loss, predicted: p.predicted, rel_error: p.relError })) };
  } else {
    fit = await fitLaw(points, law, fitOpts);
  }
  const se: Record<string, number> = {};
  const ci: Record<string, [number, number]> = {};
  const warnings = [...loadWarnings, ...fit.warnings];
  let bca: Record<string, [number, number]> | null = null;
  let ciLabel: IntervalLabel | null = null;
  let bcaLabel: IntervalLabel | null = null;
  if (K > 0) {
    const bs = await bootstrapFit(fit, { resamples: K, seed, threads, targetC: law.name === 'chinchilla' ? targets : [], progress: 'stderr' });
    Object.assign(se, bs.se);
    Object.assign(ci, bs.percentile);
    bca = bs.bca;
    // A Chinchilla fit at 0.95 carries each method's measured coverage (bench/fit-coverage-table.ts); others none.
    const measured = (m: FitMeasuredCoverage | null): Partial<IntervalLabel> => (m ? { coverage: m.coverage, coverageDesign: m.design } : {});
    const base = { level: bs.level, resamples: bs.resamples, seed: bs.seed, over: 'runs' };
    ciLabel = { ...base, method: 'percentile', ...measured(bs.measuredCoverage.percentile) };
    if (bca) bcaLabel = { ...base, method: 'bca', ...measured(bs.measuredCoverage.bca) };
    warnings.push(...bs.warnings);
  }
  const budget = num(v['propose-budget'], '--propose-budget');
  let proposals: Record<string, number>[] | undefined;
  let proposeInfo: Record<string, number> | undefined;
  if (budget !== undefined) {
    if (law.name !== 'chinchilla') throw new InputError('--propose-budget needs --law chinchilla (it targets N_opt)');
    const pr = await proposeRuns(fit, { progress: 'stderr', budget, targetC: targets[0]!, proposals: num(v.proposals, '--proposals') ?? 3, resamples: num(v['propose-resamples'], '--propose-resamples') ?? 150, seed, ...(threads !== undefined ? { threads } : {}) });
    proposals = pr.proposals.map((p) => ({ N: p.N, D: p.D, C: p.C, width_before: p.widthBefore, width_after: p.widthAfter, predicted_loss: p.predictedLoss }));
    proposeInfo = { target_c: pr.targetC, budget: pr.budget, used: pr.used, width_now: pr.widthNow, resamples: pr.resamples, sigma: pr.sigma };
    warnings.push(...pr.warnings);
  }
  progressDone();
  let frontier: Record<string, number> | null = null;
  if (law.name === 'chinchilla') {
    const fr = chinchillaFrontier(fit.params as unknown as ChinchillaParams);
    frontier = { a: fr.a, b: fr.b, G: fr.G };
    for (const C of targets) {
      frontier[`N_opt@${C.toExponential()}`] = fr.nOpt(C);
      frontier[`D_opt@${C.toExponential()}`] = fr.dOpt(C);
      frontier[`tokens_per_param@${C.toExponential()}`] = fr.tokensPerParam(C);
    }
  }
  const out = {
    law: law.name,
    params: fit.params,
    objective: fit.objective,
    residual: fit.problem.residual,
    n_points: fit.nPoints,
    n_runs: fit.nGroups,
    converged: fit.converged,
    starts_at_best: fit.startsAtBest,
    starts: fit.starts,
    se,
    ci,
    ci_method: ciLabel ? intervalLabelJson(ciLabel) : null,
    ...(bca && bcaLabel ? { ci_bca: bca, ci_bca_method: intervalLabelJson(bcaLabel) } : {}),
    frontier,
    ...(holdout ? { holdout } : {}),
    ...(proposals ? { proposals, propose: proposeInfo } : {}),
    warnings,
  };
  if (v.json) {
    printJson(out);
    return 0;
  }
  const fmt = (n: number): string => (Math.abs(n) >= 1e4 || Math.abs(n) < 1e-3 ? n.toExponential(4) : n.toPrecision(5));
  process.stdout.write(`${law.name}: ${fit.nPoints} points, ${fit.nGroups} runs; objective ${fit.objective.toExponential(7)} (${fit.problem.loss} sum of ${fit.problem.residual} residuals); ` +
    `${fit.converged ? 'converged' : 'NOT CONVERGED'}; ${fit.startsAtBest} of ${fit.starts} starts reached the best\n`);
  process.stdout.write(ciLabel ? `intervals: ${describeInterval(ciLabel)} ${bca ? "(--json also has BCa intervals: ci_bca)" : ""}\n` : 'no bootstrap run (--bootstrap K): no intervals\n');
  for (const [k, val] of Object.entries({ ...fit.params, ...(frontier ?? {}) })) {
    const s = se[k] !== undefined ? `  se ${fmt(se[k]!)}  [${fmt(ci[k]![0])}, ${fmt(ci[k]![1])}]` : '';
    process.stdout.write(`  ${k.padEnd(28)} ${fmt(val)}${s}\n`);
  }
  if (holdout) process.stdout.write(`holdout above C=${cutoff}: ${String(holdout.n_held_out)} runs, RMSE(log) ${(holdout.rmse_log as number).toFixed(4)}, max |rel error| ${(holdout.max_abs_rel_error as number).toFixed(4)}\n`);
  if (proposals && proposeInfo) {
    process.stdout.write(`next runs for N_opt at C=${proposeInfo.target_c!.toExponential(2)} (interval log-width ln(hi/lo) now ${proposeInfo.width_now!.toFixed(3)}; ${proposeInfo.used!.toExponential(2)} of ${proposeInfo.budget!.toExponential(2)} FLOPs):\n`);
    for (const p of proposals) process.stdout.write(`  N=${p.N!.toExponential(3)}  D=${p.D!.toExponential(3)}  C=${p.C!.toExponential(3)}  width ${p.width_before!.toFixed(3)} -> ${p.width_after!.toFixed(3)}\n`);
  }
  for (const w of warnings) process.stdout.write(`warning: ${w}\n`);
  return 0;
}
