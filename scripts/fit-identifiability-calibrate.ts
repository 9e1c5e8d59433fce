/**
 * Calibrate the identifiability rule of src/fit/identify.ts: synthetic Chinchilla sweeps (Epoch's law, log-noise
 * 0.01) whose model sizes span a shrinking range (ratio r of largest to smallest N, 5 sizes, 8 token counts
 * 1e9..1e11 per size), fitted with the full Hoffmann grid; per range, the share of fits whose alpha is off by
 * more than 0.1 (or 30% relative), the median linearised relative SE of alpha and beta, the median smallest
 * eigenvalue of the scaled J'J, and how often the rule (relative SE > REL_SE_LIMIT) fires.
 *
 * Usage: npx tsx scripts/fit-identifiability-calibrate.ts [seeds=10]
 */
import { chinchillaLaw, EPOCH_PARAMS, fitLaw, logspace, synthesizeSweep } from '../src/fit/index.js';
import { identifiability, REL_SE_LIMIT } from '../src/fit/identify.js';

const seeds = Number(process.argv[2] ?? 10);
const med = (v: number[]): number => { const s = [...v].sort((a, b) => a - b); return s[Math.floor((s.length - 1) / 2)]!; };
console.log(`ratio | alpha off >0.1 | median |alpha err| | median relSE alpha | median relSE beta | median lambda_min | rule fires (limit ${REL_SE_LIMIT})`);
for (const r of [100, 30, 10, 6, 4, 3, 2, 1.5]) {
  let off = 0, fires = 0;
  const err: number[] = [], ra: number[] = [], rb: number[] = [], lam: number[] = [];
  for (let seed = 1; seed <= seeds; seed++) {
    const pts = synthesizeSweep({ sizes: logspace(1e8, 1e8 * r, 5), tokens: logspace(1e9, 1e11, 8), noise: 0.01, seed });
    const f = await fitLaw(pts, chinchillaLaw(), { threads: 2 });
    const id = identifiability(f.problem, f.theta);
    const e = Math.abs(f.params.alpha! - EPOCH_PARAMS.alpha);
    if (e > 0.1) off++;
    err.push(e); ra.push(id.relSe.alpha!); rb.push(id.relSe.beta!); lam.push(id.minEigenvalue);
    if (id.poorlyIdentified.length > 0) fires++;
  }
  console.log(`${r} | ${off}/${seeds} | ${med(err).toFixed(3)} | ${med(ra).toFixed(3)} | ${med(rb).toFixed(3)} | ${med(lam).toExponential(2)} | ${fires}/${seeds}`);
}
