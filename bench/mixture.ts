/**
 * Mixture models on the RegMix fixture (Pile-CC target, 512 train / 256 test runs):
 *  1. every model's fit time and held-out Spearman / Kendall;
 *  2. our boosted trees against Debian's sklearn GradientBoostingRegressor (1,000 trees, depth 3, learning rate
 *     0.01, same data), fit and predict times, in one script (python runs as a child process);
 *  3. cross-validated model choice (5 folds, 4 models) plus a 100,000-sample proposal with R bootstrap resamples,
 *     on worker threads (mixtureStudyParallel, proposeMixtureParallel; same numbers as the single-thread calls);
 *  4. checks of the proposal bootstrap's shortcuts on the first C resamples: the pool (each resample predicts only
 *     the full model's best 5% of draws) against predicting all of them, and resampled against fresh draws.
 *
 * Usage: npx tsx bench/mixture.ts [R=200] [C=20]
 */
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { readMixtureTable, targetData, fitMixtureModel, spearman, kendall, mixtureStudyParallel, proposeMixtureParallel, planProposal, proposalResample, MIXTURE_MODELS } from '../src/mixture/index.js';

const D = 'test/fixtures/regmix/';
const T = 'metric/the_pile_pile_cc_val_loss';
const R = Number(process.argv[2] ?? 200);
const C = Number(process.argv[3] ?? 20);
const tab = readMixtureTable(D + 'train_mixture_1m.csv', D + 'train_pile_loss_1m.csv');
const train = targetData(tab, T);
const test = targetData(readMixtureTable(D + 'test_mixture_1m.csv', D + 'test_pile_loss_1m.csv'), T);
console.log(`# ${new Date().toISOString().slice(0, 10)}, ${cpus().length} x ${cpus()[0]?.model ?? '?'}, Node ${process.version}`);
console.log('| model | fit | predict 256 | held-out Spearman | Kendall |\n|---|---|---|---|---|');
for (const name of MIXTURE_MODELS) {
  const t0 = performance.now();
  const m = fitMixtureModel(name, train.X, train.y);
  const t1 = performance.now();
  const p = m.predictMany(test.X);
  const t2 = performance.now();
  console.log(`| ${name} | ${(t1 - t0).toFixed(0)} ms | ${(t2 - t1).toFixed(1)} ms | ${spearman(p, test.y).toFixed(4)} | ${kendall(p, test.y).toFixed(4)} |`);
}
const py = `
import time, numpy as np, pandas as pd
from scipy import stats
from sklearn.ensemble import GradientBoostingRegressor
D = '${D}'; T = '${T}'
def load(p):
    m = pd.read_csv(D + p + '_mixture_1m.csv'); l = pd.read_csv(D + p + '_pile_loss_1m.csv'); j = m.merge(l, on='index')
    return j[m.columns[1:]].to_numpy(), j[T].to_numpy()
Xtr, ytr = load('train'); Xte, yte = load('test')
best = None
for r in range(3):
    t0 = time.perf_counter(); g = GradientBoostingRegressor(n_estimators=1000, max_depth=3, learning_rate=0.01, random_state=0).fit(Xtr, ytr)
    t1 = time.perf_counter(); p = g.predict(Xte); t2 = time.perf_counter()
    best = (t1 - t0, t2 - t1) if best is None or t1 - t0 < best[0] else best
print('| sklearn GradientBoostingRegressor | %.0f ms | %.1f ms | %.4f | %.4f |' % (best[0] * 1e3, best[1] * 1e3, stats.spearmanr(p, yte)[0], stats.kendalltau(p, yte)[0]))
`;
console.log('\nTrees, 1,000 x depth 3, learning rate 0.01 (best of 3 fits):\n\n| implementation | fit | predict 256 | Spearman | Kendall |\n|---|---|---|---|---|');
let best = [Infinity, 0];
let pr: ArrayLike<number> = [];
for (let r = 0; r < 3; r++) {
  const t0 = performance.now();
  const m = fitMixtureModel('trees', train.X, train.y);
  const t1 = performance.now();
  pr = m.predictMany(test.X);
  const t2 = performance.now();
  if (t1 - t0 < best[0]!) best = [t1 - t0, t2 - t1];
}
console.log(`| scalelab fitBoostedTrees | ${best[0]!.toFixed(0)} ms | ${best[1]!.toFixed(1)} ms | ${spearman(pr, test.y).toFixed(4)} | ${kendall(pr, test.y).toFixed(4)} |`);
const out = spawnSync('/usr/bin/python3', ['-c', py], { encoding: 'utf8' });
process.stdout.write(out.stdout || `sklearn failed: ${out.stderr}\n`);
const cpuS = (): number => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
const c0 = cpuS();
const t0 = performance.now();
const study = await mixtureStudyParallel(train.X, train.y, { folds: 5, seed: 1, resamples: 1000, threads: 2 });
const t1 = performance.now();
const c1 = cpuS();
console.log(`\n5-fold CV of ${study.models.length} models on 2 worker threads (1,000 bootstrap resamples per score): ${((t1 - t0) / 1000).toFixed(1)} s wall, ${(c1 - c0).toFixed(1)} s CPU (all threads); chosen ${study.chosen}`);
for (const m of study.models) console.log(`  ${m.name}: CV Spearman ${m.cv.spearman.toFixed(4)} [${m.cv.spearmanCi.map((v) => v.toFixed(4)).join(', ')}], Kendall ${m.cv.kendall.toFixed(4)}, RMSE ${m.cv.rmse.toFixed(4)}`);
const opts = { samples: 100_000, top: 128, resamples: R, seed: 1 };
const p = await proposeMixtureParallel(study.chosen, train.X, train.y, { ...opts, threads: 2 });
const t2 = performance.now();
const c2 = cpuS();
const cc = tab.domains.indexOf('train_the_pile_pile_cc');
const f3 = (v: number): string => v.toFixed(3);
console.log(`proposal (${study.chosen}, 100,000 samples, top 128, refined, ${R} resamples each refitting and re-searching, 2 worker threads): ${((t2 - t1) / 1000).toFixed(1)} s wall, ${(c2 - c1).toFixed(1)} s CPU; total ${((t2 - t0) / 1000).toFixed(1)} s wall, ${(c2 - c0).toFixed(1)} s CPU (on 2 free cores at least CPU / 2)`);
console.log(`  load average during the run: ${loadavg().map((v) => v.toFixed(1)).join(', ')} (1, 5, 15 min)`);
console.log(`  interval: ${p.intervalLabel.level * 100}% ${p.intervalLabel.method} over ${p.intervalLabel.over}`);
console.log(`  Pile-CC weight ${f3(p.weights[cc]!)} [${p.weightsCi[cc]!.map(f3).join(', ')}] (top-128 mean before refinement ${f3(p.searched[cc]!)}); predicted ${f3(p.predicted)} [${p.predictedCi.map(f3).join(', ')}] (before refinement ${f3(p.searchedPredicted)}; ${p.refinement.moves} moves, ${p.refinement.evaluations} predictions)`);
console.log(`  vs prior (mean training mixture, predicted ${f3(p.priorPredicted)}): ${f3(p.gainOverPrior)} [${p.gainOverPriorCi.map(f3).join(', ')}], better in ${(100 * p.probBetterThanPrior).toFixed(0)}% of resamples`);
console.log(`  vs best observed run (${f3(p.bestObserved.loss)} at Pile-CC ${f3(p.bestObserved.weights[cc]!)}): observed ${f3(p.bestObserved.difference)} [${p.bestObserved.differenceCi.map(f3).join(', ')}], model at its mixture ${f3(p.bestObserved.modelDifference)} [${p.bestObserved.modelDifferenceCi.map(f3).join(', ')}]`);
for (const w of p.warnings) console.log(`  warning: ${w}`);
console.log('  proposed weights >= 0.005: ' + tab.domains.map((dn, j) => [dn.replace('train_the_pile_', ''), j] as const).filter(([, j]) => p.weights[j]! >= 0.005).map(([dn, j]) => `${dn} ${f3(p.weights[j]!)} [${p.weightsCi[j]!.map(f3).join(', ')}]`).join('; '));

// Shortcut checks on the first C resamples (single thread).
if (C > 0) {
  const plan = planProposal(study.chosen, train.X, train.y, { ...opts, resamples: C });
  const t3 = performance.now();
  const pooled = plan.seeds.map((s) => proposalResample(plan.ctx, s));
  const t4 = performance.now();
  const { pool: _pool, ...noPool } = plan.ctx;
  const whole = plan.seeds.map((s) => proposalResample(noPool, s));
  const t5 = performance.now();
  const same = pooled.filter((r, b) => r.weights.every((v, j) => v === whole[b]!.weights[j])).length;
  console.log(`\nPool check, ${C} resamples: the proposal from the pool (${plan.ctx.pool?.length ?? 'all'} of ${plan.ctx.candidates.length} draws) equals the one from all draws in ${same} of ${C} (${((t4 - t3) / C).toFixed(0)} ms against ${((t5 - t4) / C).toFixed(0)} ms a resample)`);
  const fresh = planProposal(study.chosen, train.X, train.y, { ...opts, resamples: C, bootstrapDraws: 'fresh' });
  const t6 = performance.now();
  const fr = fresh.seeds.map((s) => proposalResample(fresh.ctx, s));
  const t7 = performance.now();
  const q = (v: number[]): string => { const s2 = [...v].sort((a, b) => a - b); return `sd ${f3(Math.sqrt(v.reduce((a, b) => a + (b - v.reduce((x, z) => x + z, 0) / v.length) ** 2, 0) / (v.length - 1)))}, range [${f3(s2[0]!)}, ${f3(s2.at(-1)!)}]`; };
  console.log(`Fresh against resampled draws, ${C} resamples, Pile-CC weight: resampled ${q(pooled.map((r) => r.weights[cc]!))}; fresh ${q(fr.map((r) => r.weights[cc]!))} (${((t7 - t6) / C).toFixed(0)} ms a fresh resample)`);
}
