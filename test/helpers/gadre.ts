/**
 * Gadre et al. 2024 (github.com/mlfoundations/scaling; test/fixtures/gadre): their RedPajama runs as fit points, the
 * golden of scripts/gadre-reference.py (scipy curve_fit, their 128 starts), and their law
 * L = E + alpha N^b + beta (sqrt(6) D)^b (their powlaw_ours with M N = D) on its own scale from their grid.
 * Shared by test/fit/gadre.test.ts and bench/reproductions.ts.
 */
import { readFileSync } from 'node:fs';
import { defineLaw, type FitPoint } from '../../src/fit/index.js';

const read = (p: string): string => readFileSync(new URL(p, import.meta.url), 'utf8');

/** One dataset's golden: the runs fitted, the fitted parameters and SSE, the held-out runs' relative errors. */
export interface GadreGolden {
  fit_runs: string[];
  params: Record<string, number>;
  sse: number;
  holdout: { name: string; relative_error: number }[];
}

/** test/golden/gadre.json, by dataset (`rpj`). */
export const gadreGolden = JSON.parse(read('../golden/gadre.json')) as Record<string, GadreGolden>;

const [head, ...lines] = read('../fixtures/gadre/runs.csv').trim().split('\n');
const cols = head!.split(',');
const rows = lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i]!, v])) as Record<string, string>);

/**
 * The run of that name as a fit point (loss = C4 validation loss).
 *
 * @example
 * gadrePoint('rpj-open_lm_7b-1.0').loss;
 */
export function gadrePoint(name: string): FitPoint {
  const r = rows.find((x) => x.name === name);
  if (!r) throw new Error(`test/fixtures/gadre/runs.csv has no run ${name}`);
  return { N: +r.N!, D: +r.D!, loss: +r.loss_c4_val!, group: name };
}

/** Their law, with their starting grid. */
export const gadreLaw = defineLaw({
  name: 'gadre', inputs: ['N', 'D'],
  params: { alpha: { grid: [1e2, 3e2, 1e3, 3e3] }, beta: { grid: [1e2, 3e2, 1e3, 3e3] }, b: { grid: [-0.1, -0.3] }, E: { grid: [0, 1, 2, 10] } },
  predict: (p, x) => p.E! + p.alpha! * x.N! ** p.b! + p.beta! * (Math.sqrt(6) * x.D!) ** p.b!,
  gradient: (p, x) => {
    const u = x.N! ** p.b!, v = (Math.sqrt(6) * x.D!) ** p.b!;
    return { alpha: u, beta: v, b: p.alpha! * u * Math.log(x.N!) + p.beta! * v * Math.log(Math.sqrt(6) * x.D!), E: 1 };
  },
});
