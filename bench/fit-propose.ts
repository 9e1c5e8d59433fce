/**
 * Timing of the issue-3 additions: next-run proposals (default 30 candidates x 150 resamples, 3 greedy steps) on
 * a 35-run synthetic sweep and on Epoch's 240 Chinchilla points (test/fixtures/chinchilla), and the
 * envelope (Approach 1) with 1,000 bootstrap resamples on the demo sweep's curves.
 *
 * Usage: npx tsx bench/fit-propose.ts
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as aq from 'arquero';
import { chinchillaLaw, envelopeFit, fitLaw, logspace, pointsFromTable, proposeRuns, synthesizeSweep, type FitResult } from '../src/fit/index.js';
import { load } from '../src/load/index.js';

async function time<T>(label: string, f: () => Promise<T> | T): Promise<T> {
  const t0 = performance.now();
  const r = await f();
  console.log(`${label}: ${((performance.now() - t0) / 1000).toFixed(2)} s`);
  return r;
}

function show(r: Awaited<ReturnType<typeof proposeRuns>>): void {
  console.log(`  width now ${r.widthNow.toFixed(3)}; used ${r.used.toExponential(2)} of ${r.budget.toExponential(2)}`);
  for (const p of r.proposals) console.log(`  N=${p.N.toExponential(2)} D=${p.D.toExponential(2)} C=${p.C.toExponential(2)} width ${p.widthBefore.toFixed(3)} -> ${p.widthAfter.toFixed(3)} (scored ${p.widthScored.toFixed(3)})`);
}

const sweep = synthesizeSweep({ sizes: logspace(5e7, 5e9, 7), budgets: [1e19, 4e19, 1.6e20, 6.4e20, 2.56e21], seed: 1, noise: 0.01 });
const fit35 = await fitLaw(sweep, chinchillaLaw(), { threads: 2 });
for (const threads of [1, 2]) {
  const r = await time(`proposals, 35 runs, 30 x 150, 3 steps, ${threads} thread(s)`, () => proposeRuns(fit35, { budget: 3e22, targetC: 1e24, proposals: 3, seed: 1, threads }));
  if (threads === 1) show(r);
}
const FIX = new URL('../test/fixtures/chinchilla/chinchilla_epoch.csv', import.meta.url);
if (existsSync(FIX)) {
  const pts = pointsFromTable(aq.fromCSV(readFileSync(fileURLToPath(FIX), 'utf8')), { N: 'Model Size', C: 'Training FLOP' }).sort((a, b) => a.loss - b.loss).slice(0, 240);
  const fit: FitResult = await fitLaw(pts, chinchillaLaw(), { threads: 2 });
  for (const threads of [1, 2]) {
    const r = await time(`proposals, Chinchilla 240 points, 30 x 150, 3 steps, ${threads} thread(s)`, () => proposeRuns(fit, { budget: 1e23, targetC: 5.88e23, proposals: 3, seed: 1, threads }));
    if (threads === 1) show(r);
  }
} else console.log('(Chinchilla fixture absent: skipped)');
const rs = await load(fileURLToPath(new URL('../data/sweep/curves.csv', import.meta.url)));
const env = await time('envelope, demo sweep (35 curves x 40 points), 30 FLOPs values, 1,000 resamples', () => envelopeFit(rs, { metric: 'val/loss', points: 30, bootstrap: 1000, seed: 1 }));
console.log(`  a = ${env.nOptLaw.exponent.toFixed(4)} [${env.nOptLaw.ci![0].toFixed(3)}, ${env.nOptLaw.ci![1].toFixed(3)}] (truth 0.4516), distinct sizes ${env.distinctN}`);
