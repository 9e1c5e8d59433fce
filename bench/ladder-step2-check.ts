/**
 * Step 2's Levenberg-Marquardt against the projected L-BFGS it replaced (issue 12): on bootstrap resamples of the
 * paper's ladder (test/fixtures/olmo-ladder, 190M-1B x 1xC-10xC), both fit the same weighted checkpoints from the
 * paper's start; count how often LM ends at a higher objective (relative 1e-9) and the largest difference in the
 * chained accuracy's sigmoid at the 7B's predicted loss. L-BFGS gets 100,000 iterations (it needed up to 5,000+).
 * Run: npx tsx bench/ladder-step2-check.ts [resamples] [seed]
 */
import { fileURLToPath } from 'node:url';
import { load } from '../src/load/index.js';
import { boundedMinimize, ladderRuns, PAPER_TASKS, prepareBootstrap, fitStep2, blockCountsInto, step2Accuracy, step2Start } from '../src/ladder/index.js';
import { createRng } from '../src/stats/random.js';

const B = Number(process.argv[2] ?? 200);
const seed = Number(process.argv[3] ?? 1);
const DIR = fileURLToPath(new URL('../test/fixtures/olmo-ladder/ladder-runs/', import.meta.url));
const names = ['190M', '370M', '760M', '1B'].flatMap((s) => ['1xC', '2xC', '5xC', '10xC'].map((l) => `${s}-${l}`));
const N = { '190M': 190354176, '370M': 371262464, '760M': 758220288, '1B': 1279395840 };
const rs = await load(names.map((n) => DIR + n + '.csv'));
console.log('| task | resamples | LM converged | L-BFGS converged | LM higher objective | L-BFGS higher | max accuracy difference |');
console.log('|---|---|---|---|---|---|---|');
for (const task of PAPER_TASKS) {
  const prep = prepareBootstrap(ladderRuns(rs, task, { N, runs: names }), task, { N: 6887575552, D: 3945065873408 }, { resamples: B, seed });
  const pr = prep.problem;
  const rng = createRng(seed);
  let lmOk = 0, lbOk = 0, lmWorse = 0, lbWorse = 0, maxDiff = 0;
  for (let b = 0; b < B; b++) {
    const r = rng.fork(b);
    for (let i = 0; i < pr.points.length; i++) r.int(pr.points.length);
    const w = new Float64Array(pr.s2loss.length);
    for (let q = 0; q < pr.points.length; q++) blockCountsInto(w, pr.offsets[q]!, pr.lengths[q]!, pr.block, r);
    const lm = fitStep2(pr.s2loss, pr.s2accuracy, pr.chance, pr.ceiling, w);
    const n = pr.s2loss.length;
    const fg = (q: Float64Array, g: Float64Array): number => {
      g.fill(0);
      let f = 0;
      for (let i = 0; i <= n; i++) {
        const L = i < n ? pr.s2loss[i]! : 0;
        const y = i < n ? pr.s2accuracy[i]! : pr.ceiling;
        const wi = i < n ? w[i]! : 1;
        if (wi === 0) continue;
        const s = 1 / (1 + Math.exp(-q[2]! * (L - q[1]!)));
        const res = q[0]! * s + q[3]! - y;
        f += 0.5 * wi * res * res;
        const ds = s * (1 - s);
        g[0] = g[0]! + wi * res * s;
        g[1] = g[1]! - wi * res * q[0]! * ds * q[2]!;
        g[2] = g[2]! + wi * res * q[0]! * ds * (L - q[1]!);
        g[3] = g[3]! + wi * res;
      }
      return f;
    };
    const lb = boundedMinimize(fg, step2Start(pr.chance, pr.ceiling), [-1, 0, 0, 0], [0, Infinity, Infinity, 1], { gtol: 1e-12, maxIter: 100000 });
    if (lm.converged) lmOk++;
    if (lb.converged) lbOk++;
    const rel = (lm.objective - lb.f) / lb.f;
    if (rel > 1e-9) lmWorse++;
    if (rel < -1e-9) lbWorse++;
    maxDiff = Math.max(maxDiff, Math.abs(step2Accuracy(lm.params, prep.estimate.loss) - step2Accuracy(lb.x, prep.estimate.loss)));
  }
  console.log(`| ${task.name} | ${B} | ${lmOk} | ${lbOk} | ${lmWorse} | ${lbWorse} | ${maxDiff.toExponential(1)} |`);
}
