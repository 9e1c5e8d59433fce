/**
 * Coverage of the proposal's intervals against a KNOWN truth. The true loss of a mixture is the Data Mixing Law
 * fitted to the RegMix fixture (Pile-CC target, 512 training runs): L(r) = c + k exp(t . r). Each replicate keeps
 * the fixture's 512 training mixtures (RegMix's own random design) and draws new losses L(r) + N(0, s^2), s the
 * trees' RMSE on the 256 held-out runs (the best model's: an upper bound of the fixture's run noise). The whole pipeline
 * (planProposal: fit, Dirichlet search, top-k mean, refinement; R resamples each refitting and re-searching;
 * finishProposal) runs on every replicate, with fewer draws and resamples than the CLI's defaults to fit the time.
 * Per replicate and interval method (basic, percentile):
 *  - predicted: does the interval hold the true loss at the proposed mixture?
 *  - predictedRun: does the one-run interval hold the loss of one new run there (truth + a fresh noise draw)?
 *  - differences: does the proposal-minus-prior interval hold the true difference?
 *  - weights: share of domains whose interval holds the true optimum's weight (over the simplex, and over the
 *    box the refinement is kept in, the trained range), and whether all 17 do.
 * Writes bench/mixture-proposal-coverage.md and the PROPOSAL_COVERAGE lines of src/mixture/coverage-table.ts.
 *
 * Usage: npx tsx bench/mixture-proposal-coverage.ts [model=trees] [N=30] [R=50] [samples=20000] [write=1]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { readMixtureTable, targetData, fitMixtureModel, fitMixingLaw, predictLaw, planProposal, finishProposal, proposalResample, type MixtureModelName, type ResampleResult, type ProposalPlan } from '../src/mixture/index.js';
import { refineMixture } from '../src/mixture/refine.js';
import { runOnWorkers, flattenContext, NoWorkers } from '../src/mixture/pool.js';
import { createRng } from '../src/stats/random.js';

const D = 'test/fixtures/regmix/';
const T = 'metric/the_pile_pile_cc_val_loss';
const name = (process.argv[2] ?? 'trees') as MixtureModelName;
const N = Number(process.argv[3] ?? 30), R = Number(process.argv[4] ?? 50), S = Number(process.argv[5] ?? 20_000);
const write = (process.argv[6] ?? '1') === '1';
const train = targetData(readMixtureTable(D + 'train_mixture_1m.csv', D + 'train_pile_loss_1m.csv'), T);
const test = targetData(readMixtureTable(D + 'test_mixture_1m.csv', D + 'test_pile_loss_1m.csv'), T);
const law = fitMixingLaw(train.X, train.y);
const truth = (w: ArrayLike<number>): number => predictLaw(law, w);
// Run noise: the trees' RMSE on the 256 held-out runs (the best model's; an upper bound of the fixture's run noise).
const treesFit = fitMixtureModel('trees', train.X, train.y);
const s = Math.sqrt(test.X.reduce((a, r, i) => a + (test.y[i]! - treesFit.predict(r)) ** 2, 0) / test.X.length);
const d = train.X[0]!.length;
const t00 = performance.now();

/** The truth's minimum within [lo, hi] per domain: best of the candidates, refined finely. */
function trueOptimum(cands: readonly Float64Array[], lo: ArrayLike<number>, hi: ArrayLike<number>): Float64Array {
  let best = cands[0]!;
  for (const c of cands) if (truth(c) < truth(best)) best = c;
  for (let j = 0; j < d; j++) if (!(best[j]! >= lo[j]! && best[j]! <= hi[j]!)) best = Float64Array.from(best, (v, k) => Math.min(hi[k]!, Math.max(lo[k]!, v)));
  return refineMixture(truth, best, lo, hi, { steps: [0.05, 0.02, 0.01, 0.005, 0.002, 0.001, 0.0005], maxEvaluations: 200_000 }).weights;
}

async function resamples(plan: ProposalPlan): Promise<ResampleResult[]> {
  try { return (await runOnWorkers<ResampleResult[]>(plan.seeds.map((x) => ({ seeds: [x] })), 2, { ctx: flattenContext(plan.ctx) })).flat(); } catch (e) {
    if (!(e instanceof NoWorkers)) throw e;
    return plan.seeds.map((x) => proposalResample(plan.ctx, x));
  }
}

const methods = ['debiased', 'basic', 'percentile'] as const;
const hit: Record<string, number> = {};
const add = (k: string, v: boolean | number): void => { hit[k] = (hit[k] ?? 0) + Number(v); };
let bias = 0, biasOwn = 0, widthBasic = 0, shareBelow = 0;
const noise = createRng(20261206).fork(3);
for (let rep = 0; rep < N; rep++) {
  const y = Float64Array.from(train.X, (r) => truth(r) + s * noise.normal());
  const plan = planProposal(name, train.X, y, { samples: S, top: 128, resamples: R, seed: 1000 + rep });
  const res = await resamples(plan);
  const lo = plan.ctx.space.lo, hi = plan.ctx.space.hi;
  const opt = trueOptimum(plan.ctx.candidates, lo, hi);
  const range = plan.full.trainedRange;
  const optBox = trueOptimum(plan.ctx.candidates.filter((c) => c.every((v, j) => v >= range[j]![0] && v <= range[j]![1])), range.map((r) => r[0]), range.map((r) => r[1]));
  const tP = truth(plan.ctx.proposal), tPrior = truth(plan.ctx.space.prior);
  const runLoss = tP + s * noise.normal();
  for (const m of methods) {
    const p = finishProposal({ ...plan, ctx: { ...plan.ctx, options: { ...plan.ctx.options, interval: m } } }, res);
    const inside = (v: number, [a, b]: [number, number]): boolean => v >= a && v <= b;
    add(`predicted:${m}`, inside(tP, p.predictedCi));
    add(`predictedRun:${m}`, inside(runLoss, p.predictedRunCi));
    add(`differences:${m}`, inside(tP - tPrior, p.gainOverPriorCi));
    if (m === 'debiased') { add('debiasedBias', p.predicted - tP); add('optimism', p.optimism); add('debiasedAbove', tP > p.predicted); add('debiasedWidth', p.predictedCi[1] - p.predictedCi[0]); }
    if (m === 'basic') {
      widthBasic += p.predictedCi[1] - p.predictedCi[0];
      bias += p.predicted - tP;
      const ok = res.filter((r) => r.ok);
      biasOwn += ok.reduce((a, r) => a + r.atOwn, 0) / ok.length - tP;
      shareBelow += ok.filter((r) => r.atProposal < p.predicted).length / ok.length;
      const med = ok.map((r) => r.atProposal).sort((u, v) => u - v)[Math.floor(ok.length / 2)]!;
      add('medianBias', med - tP);
      add('truthAbovePoint', tP > p.predicted);
      let w = 0, wb = 0;
      for (let j = 0; j < d; j++) { w += Number(inside(opt[j]!, p.weightsCi[j]!)); wb += Number(inside(optBox[j]!, p.weightsCi[j]!)); }
      add('weights:percentile', w / d); add('weightsBox', wb / d);
      add('weightsAll', w === d); add('weightsBoxAll', wb === d);
      add('gapToOptimum', tP - truth(opt)); add('gapToBoxOptimum', tP - truth(optBox));
      add('better', tP < tPrior);
    }
  }
  process.stderr.write(`rep ${rep + 1}/${N}, ${((performance.now() - t00) / 1000).toFixed(0)} s\n`);
}
const pc = (k: string): string => `${(100 * (hit[k] ?? 0) / N).toFixed(0)}%`;
const lines: string[] = [];
const say = (x: string): void => { console.log(x); lines.push(x); };
const f4 = (v: number): string => v.toFixed(4);
say(`# Proposal interval coverage against a known truth: ${name} (${new Date().toISOString().slice(0, 10)}, ${cpus().length} x ${cpus()[0]?.model ?? '?'}, Node ${process.version}; shared machine, load ${loadavg()[0]!.toFixed(1)})`);
say('');
say(`Truth: the Data Mixing Law fitted to RegMix Pile-CC (512 runs; c ${f4(law.c)}, k ${f4(law.k)}); run noise s = ${f4(s)} (the trees' RMSE on the 256 held-out runs, an upper bound of the fixture's run noise). ${N} replicates of 512 runs (the fixture's mixtures, new losses), each through the whole proposal pipeline with ${S.toLocaleString('en-US')} draws (not 100,000), top 128, refinement, ${R} resamples (not 200), 95%. ${((performance.now() - t00) / 1000).toFixed(0)} s.`);
say('');
say('| interval (95%) | what it should hold | debiased | basic | percentile |');
say('|---|---|---|---|---|');
say(`| predicted loss | true mean loss at the proposal | ${pc('predicted:debiased')} | ${pc('predicted:basic')} | ${pc('predicted:percentile')} |`);
say(`| one run's loss | truth + a new run's noise at the proposal | ${pc('predictedRun:debiased')} | ${pc('predictedRun:basic')} | ${pc('predictedRun:percentile')} |`);
say(`| proposal − prior | true difference | ${pc('differences:debiased')} | ${pc('differences:basic')} | ${pc('differences:percentile')} |`);
say(`| weights (re-searched, percentile) | true optimum's weight, share of the 17 domains | | | ${pc('weights:percentile')} (all 17: ${pc('weightsAll')}) |`);
say(`| the same | optimum within the trained range, share of domains | | | ${pc('weightsBox')} (all 17: ${pc('weightsBoxAll')}) |`);
say('');
say(`Debiased point minus truth ${f4((hit.debiasedBias ?? 0) / N)} (truth above it in ${pc('debiasedAbove')}), bootstrap optimism ${f4((hit.optimism ?? 0) / N)}, interval width ${f4((hit.debiasedWidth ?? 0) / N)}.`);
say(`Mean over replicates: full model's point minus truth at the proposal ${f4(bias / N)} (truth above the point in ${pc('truthAbovePoint')}); median of the resampled models at the proposal minus truth ${f4((hit.medianBias ?? 0) / N)}; resampled models at their own proposals minus truth ${f4(biasOwn / N)}; share of resampled models below the point at the proposal ${(100 * shareBelow / N).toFixed(0)}%; basic interval width ${f4(widthBasic / N)}; true loss at the proposal above the true optimum by ${f4((hit.gapToOptimum ?? 0) / N)} (simplex) and ${f4((hit.gapToBoxOptimum ?? 0) / N)} (trained range); the proposal truly better than the prior in ${pc('better')}.`);
if (write) {
  const md = 'bench/mixture-proposal-coverage.md';
  let prev = '';
  try { prev = readFileSync(md, 'utf8'); } catch { /* first run */ }
  const keep = prev.split(/\n(?=# Proposal interval coverage)/).filter((b) => b.trim() && !b.includes(`known truth: ${name} (`));
  writeFileSync(md, [...keep, lines.join('\n') + '\n'].join('\n'));
  const file = 'src/mixture/coverage-table.ts';
  const src = readFileSync(file, 'utf8');
  const cur = JSON.parse(/PROPOSAL_COVERAGE: [^=]+= (.*);/.exec(src)![1]!) as Record<string, Record<string, number>>;
  const des = JSON.parse(/PROPOSAL_COVERAGE_DESIGN: [^=]+= (.*);/.exec(src)![1]!) as Record<string, string>;
  cur[name] = Object.fromEntries(['predicted:debiased', 'predicted:basic', 'predicted:percentile', 'predictedRun:debiased', 'predictedRun:basic', 'predictedRun:percentile', 'differences:debiased', 'differences:basic', 'differences:percentile', 'weights:percentile'].map((k) => [k, +((hit[k] ?? 0) / N).toFixed(3)]));
  des[name] = `${N} synthetic 512-run replicates with a known Data Mixing Law truth (RegMix Pile-CC), ${R} resamples`;
  writeFileSync(file, src.replace(/(PROPOSAL_COVERAGE: [^=]+= ).*;/, `$1${JSON.stringify(cur)};`).replace(/(PROPOSAL_COVERAGE_DESIGN: [^=]+= ).*;/, `$1${JSON.stringify(des)};`));
}
