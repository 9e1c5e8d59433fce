/**
 * Diagnosis of the proposal's predicted-loss interval on the RegMix fixture (Pile-CC target, trees, 100,000
 * draws, top 128, refined, R resamples): the distribution over bootstrap resamples of
 *  (a) each resampled model's prediction AT the full-data proposal (a fixed mixture),
 *  (b) each resampled model's prediction at its own re-searched proposal (a minimum over its own noise),
 *  (c) the full-data model's prediction at each resample's proposal,
 * against the full model's prediction at its proposal (the printed point).
 *
 * Usage: npx tsx bench/mixture-proposal-diagnose.ts [R=200] [model=trees]
 */
import { loadavg } from 'node:os';
import { readMixtureTable, targetData, planProposal, proposalResample, type MixtureModelName } from '../src/mixture/index.js';
import { runOnWorkers, flattenContext } from '../src/mixture/pool.js';
import type { ResampleResult } from '../src/mixture/propose.js';
import { quantile } from '../src/stats/descriptive.js';

const D = 'test/fixtures/regmix/';
const T = 'metric/the_pile_pile_cc_val_loss';
const R = Number(process.argv[2] ?? 200);
const name = (process.argv[3] ?? 'trees') as MixtureModelName;
const train = targetData(readMixtureTable(D + 'train_mixture_1m.csv', D + 'train_pile_loss_1m.csv'), T);
const t0 = performance.now();
const plan = planProposal(name, train.X, train.y, { samples: 100_000, top: 128, resamples: R, seed: 1 });
let res: ResampleResult[];
try {
  res = (await runOnWorkers<ResampleResult[]>(plan.seeds.map((s) => ({ seeds: [s] })), 2, { ctx: flattenContext(plan.ctx) })).flat();
} catch { res = plan.seeds.map((s) => proposalResample(plan.ctx, s)); }
const ok = res.filter((r) => r.ok);
const point = plan.full.predict(plan.ctx.proposal);
const f = (v: number): string => v.toFixed(4);
const row = (what: string, v: number[]): void => {
  const m = v.reduce((a, b) => a + b, 0) / v.length;
  const sd = Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1));
  const below = v.filter((x) => x < point).length / v.length;
  console.log(`| ${what} | ${f(m)} | ${f(sd)} | ${f(quantile(v, 0.025))} | ${f(quantile(v, 0.5))} | ${f(quantile(v, 0.975))} | ${(100 * below).toFixed(0)}% |`);
};
console.log(`${name}, ${ok.length} resamples, ${((performance.now() - t0) / 1000).toFixed(0)} s at load ${loadavg()[0]!.toFixed(1)}; full model at its proposal: ${f(point)} (prior ${f(plan.full.predict(plan.ctx.space.prior))})`);
console.log('\n| quantity | mean | sd | 2.5% | median | 97.5% | share below the point |\n|---|---|---|---|---|---|---|');
row('(a) resampled model at the proposal', ok.map((r) => r.atProposal));
row('(b) resampled model at its own proposal', ok.map((r) => r.atOwn));
row('(c) full model at the resample\'s proposal', ok.map((r) => plan.full.predict(r.weights)));
const a = ok.map((r) => r.atProposal);
const bias = a.reduce((x, y) => x + y, 0) / a.length - point;
console.log(`\nbootstrap bias of (a): ${f(bias)}; percentile [${f(quantile(a, 0.025))}, ${f(quantile(a, 0.975))}], basic [${f(2 * point - quantile(a, 0.975))}, ${f(2 * point - quantile(a, 0.025))}]`);
const run = ok.filter((r) => Number.isFinite(r.oobResidual)).map((r) => r.atProposal + r.oobResidual);
console.log(`(a) + an out-of-bag residual (one run's loss): [${f(quantile(run, 0.025))}, ${f(quantile(run, 0.975))}]`);
