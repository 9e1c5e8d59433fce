/**
 * The issue-13 speed bar as a user meets it: the BUILT package (dist/, what `npm install scalelab` gives), where the
 * worker threads load compiled JavaScript (under tsx, bench/mixture.ts's workers also transpile TypeScript at start).
 * Cross-validated model choice (5 folds, 4 models, 1,000 rank-score resamples) plus a 100,000-sample proposal with a
 * 200-resample bootstrap (each resample refits and re-searches), on 2 worker threads, Pile-CC target.
 *
 * Run: npm run build && node bench/mixture-package.mjs
 */
import { loadavg } from 'node:os';
import { readMixtureTable, targetData, mixtureStudyParallel, proposeMixtureParallel } from '../dist/index.js';

const F = new URL('../test/fixtures/regmix/', import.meta.url).pathname;
const T = 'metric/the_pile_pile_cc_val_loss';
const train = targetData(readMixtureTable(F + 'train_mixture_1m.csv', F + 'train_pile_loss_1m.csv'), T);
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
const c0 = cpu(), t0 = performance.now();
const study = await mixtureStudyParallel(train.X, train.y, { folds: 5, seed: 1, resamples: 1000, threads: 2 });
const t1 = performance.now();
const p = await proposeMixtureParallel(study.chosen, train.X, train.y, { samples: 100_000, top: 128, resamples: 200, seed: 1, threads: 2 });
const t2 = performance.now();
const s = (ms) => (ms / 1000).toFixed(1);
console.log(`built package, 2 threads: CV ${s(t1 - t0)} s + proposal ${s(t2 - t1)} s = ${s(t2 - t0)} s wall, ${(cpu() - c0).toFixed(1)} s CPU (all threads)`);
console.log(`chosen ${study.chosen}; predicted ${p.predicted.toFixed(3)} [${p.predictedCi.map((v) => v.toFixed(3)).join(', ')}]; load average ${loadavg().map((v) => v.toFixed(1)).join(', ')}`);
