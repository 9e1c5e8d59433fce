/**
 * The published reproductions of issue 10, as markdown tables for bench/RESULTS.md:
 * - Porian et al. 2024 (test/fixtures/porian): the N_opt exponent a of each of their 15 configurations against their
 *   published value and 95% interval, with method 'akima' (theirs), the parabola over all sizes, and the parabola
 *   over a window of 5 sizes; and the share of 400 bootstrap resamples kept (resampling runs, method 'akima').
 * - Gadre et al. 2024 (test/fixtures/gadre): the holdout errors of their 5-run RedPajama fit with raw and log residuals.
 * Run: npx tsx bench/reproductions.ts
 */
import { readFileSync } from 'node:fs';
import { fitLaw, isoflopFit, predictLoss, type FitPoint, type LossKind, type ResidualKind } from '../src/fit/index.js';
import { gadreGolden, gadreLaw, gadrePoint } from '../test/helpers/gadre.js';

const read = (p: string): string => readFileSync(new URL(p, import.meta.url), 'utf8');

async function main(): Promise<void> {
  const pub = JSON.parse(read('../test/fixtures/porian/published.json')) as { configs: Record<string, { label: string; a: number; ci: [number, number] }> };
  const pts = new Map<string, FitPoint[]>();
  for (const l of read('../test/fixtures/porian/points.csv').trim().split('\n').slice(1)) {
    const [c, C, N, loss] = l.split(',');
    if (!pts.has(c!)) pts.set(c!, []);
    pts.get(c!)!.push({ C: +C!, N: +N!, loss: +loss! });
  }
  const t0 = performance.now();
  console.log('| configuration | their a [95% interval] | akima (theirs) | parabola, all sizes | parabola, window 5 | bootstrap kept (akima, runs, 400) |');
  console.log('|---|---|---|---|---|---|');
  const off = { akima: 0, all: 0, win: 0 };
  for (const [c, p] of Object.entries(pub.configs)) {
    const fmt = (a: number): string => `${a.toFixed(4)}${a < p.ci[0] || a > p.ci[1] ? ' **out**' : ''}`;
    const dist = (a: number): number => Math.max(0, p.ci[0] - a, a - p.ci[1]);
    const ak = isoflopFit(pts.get(c)!, { method: 'akima', skipBadBudgets: true, bootstrap: 400, seed: 1 });
    const all = isoflopFit(pts.get(c)!, { skipBadBudgets: true }).nOptLaw.exponent;
    const win = isoflopFit(pts.get(c)!, { skipBadBudgets: true, window: 5 }).nOptLaw.exponent;
    off.akima = Math.max(off.akima, dist(ak.nOptLaw.exponent)); off.all = Math.max(off.all, dist(all)); off.win = Math.max(off.win, dist(win));
    const b = ak.bootstrap!;
    console.log(`| ${c}${p.label ? ` (${p.label})` : ''} | ${p.a.toFixed(4)} [${p.ci[0].toFixed(4)}, ${p.ci[1].toFixed(4)}] | ${fmt(ak.nOptLaw.exponent)} | ${fmt(all)} | ${fmt(win)} | ${b.kept}/400 (${b.partial} partial) |`);
  }
  console.log(`\nlargest distance outside their interval: akima ${off.akima.toFixed(4)}, parabola all sizes ${off.all.toFixed(4)}, window 5 ${off.win.toFixed(4)} (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);

  const g = gadreGolden.rpj!;
  const point = gadrePoint, law = gadreLaw;
  console.log('| objective | open_lm_1b, M = 640 | open_lm_7b, M = 20 |');
  console.log('|---|---|---|');
  console.log(`| Gadre et al. (scipy curve_fit, raw loss) | ${(100 * g.holdout.find((h) => h.name === 'rpj-open_lm_1b-32.0')!.relative_error).toFixed(4)}% | ${(100 * g.holdout.find((h) => h.name === 'rpj-open_lm_7b-1.0')!.relative_error).toFixed(4)}% |`);
  for (const [residual, loss] of [['raw', 'mse'], ['log', 'mse'], ['log', 'huber']] as [ResidualKind, LossKind][]) {
    const fit = await fitLaw(g.fit_runs.map(point), law, { residual, loss, threads: 1 });
    const e = (n: string): string => { const p = point(n); return `${(100 * Math.abs(predictLoss(fit, { N: p.N!, D: p.D! }) / p.loss - 1)).toFixed(4)}%`; };
    console.log(`| scalelab, residual ${residual}, loss ${loss} | ${e('rpj-open_lm_1b-32.0')} | ${e('rpj-open_lm_7b-1.0')} |`);
  }
}
void main();
