/**
 * Scaling-law fit benchmark: Epoch's Approach-3 method in scipy (L-BFGS-B, finite-difference gradients, the
 * 4,500-start grid) against scalelab's fit (L-BFGS with analytic gradients, same grid, worker threads) on the
 * 240 Chinchilla points, side by side; then a 1,000-resample bootstrap (plus the leave-one-run-out jackknife for BCa).
 *
 * Run: npx tsx bench/fit.ts [--skip-scipy]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as aq from 'arquero';
import { bootstrapFit, chinchillaLaw, fitLaw, pointsFromTable } from '../src/fit/index.js';

const FIX = fileURLToPath(new URL('../test/fixtures/chinchilla/chinchilla_epoch.csv', import.meta.url));
if (!existsSync(FIX)) { console.error(`fixture absent: ${FIX}`); process.exit(1); }
const all = pointsFromTable(aq.fromCSV(readFileSync(FIX, 'utf8')), { N: 'Model Size', C: 'Training FLOP' });
const pts = all.sort((a, b) => a.loss - b.loss).slice(0, all.length - 5);

async function main(): Promise<void> {
  interface ScipyRef { objective: number; seconds: number; params: Record<string, number>; starts_at_best: number }
  let scipy: ScipyRef | null = null;
  if (!process.argv.includes('--skip-scipy')) {
    const out = execFileSync('/usr/bin/python3', [fileURLToPath(new URL('../scripts/fit-scipy-reference.py', import.meta.url)), FIX], { encoding: 'utf8' });
    scipy = JSON.parse(out) as ScipyRef;
  }
  const ref = scipy as ScipyRef | null;
  const rows: string[] = [];
  for (const threads of [1, 2]) {
    const t0 = performance.now();
    const fit = await fitLaw(pts, chinchillaLaw(), { threads });
    const secs = (performance.now() - t0) / 1000;
    rows.push(`| scalelab, ${threads} thread${threads > 1 ? 's' : ''} | ${secs.toFixed(2)} | ${fit.objective.toExponential(10)} | ${fit.startsAtBest} | ${fit.params.A!.toFixed(2)} | ${fit.params.B!.toFixed(2)} | ${fit.params.E!.toFixed(4)} | ${fit.params.alpha!.toFixed(4)} | ${fit.params.beta!.toFixed(4)} | ${ref ? (ref.seconds / secs).toFixed(1) + 'x' : ''} |`);
  }
  if (ref) {
    const p = ref.params;
    rows.unshift(`| scipy L-BFGS-B (Epoch) | ${ref.seconds.toFixed(2)} | ${ref.objective.toExponential(10)} | ${ref.starts_at_best} | ${p.A!.toFixed(2)} | ${p.B!.toFixed(2)} | ${p.E!.toFixed(4)} | ${p.alpha!.toFixed(4)} | ${p.beta!.toFixed(4)} | 1x |`);
  }
  console.log('| method | seconds | objective | starts at best | A | B | E | alpha | beta | speed-up |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(r);
  const fit = await fitLaw(pts, chinchillaLaw(), { threads: 2 });
  for (const threads of [1, 2]) {
    const t0 = performance.now();
    const bs = await bootstrapFit(fit, { resamples: 1000, seed: 1, threads, targetC: [5.88e23] });
    const secs = (performance.now() - t0) / 1000;
    console.log(`bootstrap 1000 resamples + 240-run jackknife, ${threads} thread(s): ${secs.toFixed(2)} s; not converged ${bs.notConverged}; ` +
      `SE alpha ${bs.se.alpha!.toFixed(4)} beta ${bs.se.beta!.toFixed(4)} E ${bs.se.E!.toFixed(4)} A ${bs.se.A!.toFixed(1)} B ${bs.se.B!.toFixed(0)} a ${bs.se.a!.toFixed(4)}; ` +
      `95% CI alpha [${bs.percentile.alpha!.map((v) => v.toFixed(3)).join(', ')}] beta [${bs.percentile.beta!.map((v) => v.toFixed(3)).join(', ')}] E [${bs.percentile.E!.map((v) => v.toFixed(3)).join(', ')}]`);
  }
}
void main();
