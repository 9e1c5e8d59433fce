/**
 * Coverage study of envelopeOptAt's intervals (Approach 1): over many seeds of synthetic training curves from a
 * known law, how often the 95% percentile interval of N_opt(C) and D_opt(C) (joint (k, a) draws, bootstrap over
 * runs) contains the true law's frontier value, at a budget inside the envelope's FLOPs range (1e20) and 10x
 * beyond it (1e22); the exponent a's interval for comparison.
 * Run: npx tsx bench/envelope-coverage.ts [seeds] [resamples]
 */
import { chinchillaFrontier, EPOCH_PARAMS, envelopeFit, envelopeOptAt, logspace, synthesizeCurves } from '../src/fit/index.js';

const seeds = Number(process.argv[2] ?? 200), K = Number(process.argv[3] ?? 400);
const fr = chinchillaFrontier(EPOCH_PARAMS);
const designs = [
  { name: '80 sizes, point noise 0.1%, run noise 0.1%', sizes: logspace(1e7, 1e10, 80), noise: 0.001, runNoise: 0.001 },
  { name: '20 sizes, point noise 0.2%, run noise 0.5%', sizes: logspace(1e7, 1e10, 20), noise: 0.002, runNoise: 0.005 },
];
const inside = (ci: [number, number] | undefined, v: number): number => (ci && ci[0] <= v && v <= ci[1] ? 1 : 0);
for (const d of designs) {
  const t0 = performance.now();
  const hit: Record<string, number> = {};
  const width: Record<string, number> = {};
  const add = (k: string, h: number, w: number): void => { hit[k] = (hit[k] ?? 0) + h; width[k] = (width[k] ?? 0) + w; };
  for (let s = 0; s < seeds; s++) {
    const curves = synthesizeCurves({ params: EPOCH_PARAMS, sizes: d.sizes, noise: d.noise, runNoise: d.runNoise, seed: 5000 + s });
    const e = envelopeFit(curves, { range: [1e18, 1e21], points: 30, bootstrap: K, seed: s });
    add('a', inside(e.nOptLaw.ci ?? undefined, fr.a), e.nOptLaw.ci ? e.nOptLaw.ci[1] - e.nOptLaw.ci[0] : NaN);
    for (const C of [1e20, 1e22]) {
      const o = envelopeOptAt(e, C);
      add(`N_opt@${C.toExponential()}`, inside(o.ci?.N_opt, fr.nOpt(C)), o.ci ? Math.log(o.ci.N_opt[1] / o.ci.N_opt[0]) : NaN);
      add(`D_opt@${C.toExponential()}`, inside(o.ci?.D_opt, fr.dOpt(C)), o.ci ? Math.log(o.ci.D_opt[1] / o.ci.D_opt[0]) : NaN);
    }
  }
  console.log(`${d.name}: ${seeds} seeds x ${K} resamples, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  for (const k of Object.keys(hit)) console.log(`  ${k.padEnd(12)} coverage ${(hit[k]! / seeds * 100).toFixed(1)}%  mean width ${(width[k]! / seeds).toFixed(3)}${k === 'a' ? '' : ' (ln hi/lo)'}`);
}
