/**
 * Coverage study of the bootstrap intervals on synthetic Chinchilla sweeps (one point per run, log-noise 0.01):
 * over many seeds, how often the 95% percentile and BCa intervals of alpha, beta, E and the frontier exponent a
 * contain the truth. Run: npx tsx bench/fit-coverage.ts [seeds] [resamples]
 */
import { bootstrapFit, chinchillaLaw, EPOCH_PARAMS, fitLaw, logspace, synthesizeSweep } from '../src/fit/index.js';

async function main(): Promise<void> {
  const seeds = Number(process.argv[2] ?? 200), K = Number(process.argv[3] ?? 400);
  const truth: Record<string, number> = { ...EPOCH_PARAMS, a: EPOCH_PARAMS.beta / (EPOCH_PARAMS.alpha + EPOCH_PARAMS.beta) };
  const keys = ['alpha', 'beta', 'E', 'a'];
  const pc: Record<string, number> = {}, bc: Record<string, number> = {};
  const sizes = logspace(5e7, 5e9, 7), budgets = [1e19, 4e19, 1.6e20, 6.4e20, 2.56e21];
  const t0 = performance.now();
  for (let s = 0; s < seeds; s++) {
    const fit = await fitLaw(synthesizeSweep({ sizes, budgets, seed: 1000 + s, noise: 0.01 }), chinchillaLaw(), { grid: [[3, 8], [3, 8], [0, 1], [0.2, 0.6], [0.2, 0.6]] });
    const bs = await bootstrapFit(fit, { resamples: K, seed: s });
    for (const k of keys) {
      const [lo, hi] = bs.percentile[k]!;
      pc[k] = (pc[k] ?? 0) + (lo <= truth[k]! && truth[k]! <= hi ? 1 : 0);
      const b = bs.bca?.[k];
      bc[k] = (bc[k] ?? 0) + (b && b[0] <= truth[k]! && truth[k]! <= b[1] ? 1 : 0);
    }
  }
  console.log(`${seeds} seeds x ${K} resamples, 35 runs each, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  for (const k of keys) console.log(`${k}: percentile ${(pc[k]! / seeds * 100).toFixed(1)}%, BCa ${(bc[k]! / seeds * 100).toFixed(1)}%`);
}
void main();
