/**
 * Coverage of the mixture intervals on the RegMix fixture (Pile-CC target):
 *  A. held-out prediction intervals (predictWithIntervals, 95%, fitted on the 512 training runs): the share of the
 *     256 test runs whose observed loss lies inside its interval, for kind 'mean' (model uncertainty only) and
 *     kind 'run' (plus an out-of-bag residual: one new run's loss);
 *  B. the 95% CV Spearman interval (5-fold, bootstrap over the pooled out-of-fold predictions): over S random
 *     512/256 splits of all 768 runs, the share of splits whose held-out Spearman (model fitted on the 512,
 *     scored on the 256) lies inside the interval computed from the 512 alone.
 * Writes bench/mixture-coverage.md and src/mixture/coverage-table.ts (the labels print these numbers).
 *
 * Usage: npx tsx bench/mixture-coverage.ts [B_linear=200] [B_trees=100] [B_law=40] [S_linear=100] [S_trees=20] [S_law=0]
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { readMixtureTable, targetData, predictWithIntervals, crossValidate, fitMixtureModel, spearman, newTestSpearmanInterval, type MixtureModelName } from '../src/mixture/index.js';
import { createRng } from '../src/stats/random.js';

const D = 'test/fixtures/regmix/';
const T = 'metric/the_pile_pile_cc_val_loss';
const arg = (i: number, d: number): number => Number(process.argv[2 + i] ?? d);
const B: Record<string, number> = { linear: arg(0, 200), trees: arg(1, 100), law: arg(2, 40) };
const S: Record<string, number> = { linear: arg(3, 100), trees: arg(4, 20), law: arg(5, 0) };
const train = targetData(readMixtureTable(D + 'train_mixture_1m.csv', D + 'train_pile_loss_1m.csv'), T);
const test = targetData(readMixtureTable(D + 'test_mixture_1m.csv', D + 'test_pile_loss_1m.csv'), T);
const lines: string[] = [];
const say = (s: string): void => { console.log(s); lines.push(s); };
const t00 = performance.now();
say(`# Mixture interval coverage (${new Date().toISOString().slice(0, 10)}, ${cpus().length} x ${cpus()[0]?.model ?? '?'}, Node ${process.version}; shared, loaded machine)`);
say('');
say('## A. Held-out prediction intervals (95% percentile bootstrap over the 512 training runs, seed 1; 256 test runs)');
say('');
say('| model | kind | resamples | covered | coverage | mean width | time |');
say('|---|---|---|---|---|---|---|');
const table: { predict: Record<string, Record<string, number>>; cvSpearman: Record<string, number>; newTest: Record<string, number>; splits: Record<string, number> } = { predict: {}, cvSpearman: {}, newTest: {}, splits: {} };
for (const name of ['linear', 'law', 'trees'] as MixtureModelName[]) {
  if (!(B[name]! > 0)) continue;
  table.predict[name] = {};
  for (const kind of ['mean', 'run'] as const) {
    const t0 = performance.now();
    const p = predictWithIntervals(name, train.X, train.y, test.X, { resamples: B[name]!, seed: 1, kind });
    let inside = 0, width = 0;
    p.forEach((q, i) => { if (test.y[i]! >= q.lo && test.y[i]! <= q.hi) inside++; width += (q.hi - q.lo) / p.length; });
    table.predict[name]![kind] = inside / p.length;
    say(`| ${name} | ${kind} | ${B[name]} | ${inside}/${p.length} | ${(100 * inside / p.length).toFixed(1)}% | ${width.toFixed(4)} | ${((performance.now() - t0) / 1000).toFixed(0)} s |`);
  }
}
say('');
say('## B. CV Spearman interval (95% percentile bootstrap over pooled out-of-fold predictions, 5 folds, 500 resamples) against the held-out Spearman of random 512/256 splits');
say('');
say('Second pair of columns: the same interval widened for a new test set of 256 runs (newTestSpearmanInterval, x sqrt(1 + 512/256)).');
say('');
say('| model | splits | covered | coverage | covered (widened) | coverage (widened) | mean CV Spearman | mean held-out Spearman | mean width | time |');
say('|---|---|---|---|---|---|---|---|---|---|');
const allX = [...train.X, ...test.X], allY = Float64Array.from([...train.y, ...test.y]);
for (const name of ['linear', 'law', 'trees'] as MixtureModelName[]) {
  const nS = S[name]!;
  if (!(nS > 0)) continue;
  const t0 = performance.now();
  const rng = createRng(20261206);
  let inside = 0, insideW = 0, cvm = 0, hom = 0, wm = 0;
  for (let s = 0; s < nS; s++) {
    const perm = Array.from({ length: allX.length }, (_, i) => i);
    for (let i = perm.length - 1; i > 0; i--) { const k = rng.int(i + 1); [perm[i], perm[k]] = [perm[k]!, perm[i]!]; }
    const tr = perm.slice(0, 512), te = perm.slice(512);
    const X = tr.map((i) => allX[i]!), y = Float64Array.from(tr, (i) => allY[i]!);
    const cv = crossValidate(name, X, y, { folds: 5, seed: s, resamples: 500 }).score;
    const m = fitMixtureModel(name, X, y);
    const ho = spearman(m.predictMany(te.map((i) => allX[i]!)), Float64Array.from(te, (i) => allY[i]!));
    if (ho >= cv.spearmanCi[0] && ho <= cv.spearmanCi[1]) inside++;
    const wd = newTestSpearmanInterval(cv, te.length);
    if (ho >= wd[0] && ho <= wd[1]) insideW++;
    cvm += cv.spearman / nS; hom += ho / nS; wm += (cv.spearmanCi[1] - cv.spearmanCi[0]) / nS;
  }
  table.cvSpearman[name] = inside / nS; table.splits[name] = nS; table.newTest[name] = insideW / nS;
  say(`| ${name} | ${nS} | ${inside}/${nS} | ${(100 * inside / nS).toFixed(0)}% | ${insideW}/${nS} | ${(100 * insideW / nS).toFixed(0)}% | ${cvm.toFixed(4)} | ${hom.toFixed(4)} | ${wm.toFixed(4)} | ${((performance.now() - t0) / 1000).toFixed(0)} s |`);
}
say('');
say(`Total ${((performance.now() - t00) / 1000).toFixed(0)} s.`);
writeFileSync('bench/mixture-coverage.md', lines.join('\n') + '\n');
const ts = `/**
 * Measured coverage of the mixture intervals on the RegMix fixture (Pile-CC target), written by
 * bench/mixture-coverage.ts (${new Date().toISOString().slice(0, 10)}); do not edit by hand. See bench/mixture-coverage.md.
 */

/** Held-out prediction intervals (95%, 512 training runs, 256 test runs): share of test losses inside, by model and kind. */
export const PREDICTION_COVERAGE: Readonly<Record<string, Readonly<Record<string, number>>>> = ${JSON.stringify(table.predict)};

/** 95% CV Spearman interval (5 folds): share of random 512/256 splits whose held-out Spearman it held, by model. */
export const CV_SPEARMAN_COVERAGE: Readonly<Record<string, number>> = ${JSON.stringify(table.cvSpearman)};

/** The same with the interval widened for a new 256-run test set (newTestSpearmanInterval), by model. */
export const NEW_TEST_SPEARMAN_COVERAGE: Readonly<Record<string, number>> = ${JSON.stringify(table.newTest)};

/** Number of splits behind each {@link CV_SPEARMAN_COVERAGE} entry. */
export const CV_SPEARMAN_SPLITS: Readonly<Record<string, number>> = ${JSON.stringify(table.splits)};

/** Where the coverage was measured (said after it in labels). */
export const PREDICTION_COVERAGE_DESIGN = 'RegMix Pile-CC, 256 held-out runs';
/** Where the CV Spearman coverage was measured. */
export const CV_SPEARMAN_COVERAGE_DESIGN = 'RegMix Pile-CC, random 512/256 splits (held-out Spearman inside)';
`;
writeFileSync('src/mixture/coverage-table.ts', ts);
