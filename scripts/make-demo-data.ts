/**
 * Generates the demo data in data/ (committed, small, so the demo runs offline). Deterministic: the same script
 * gives the same bytes. Every number is drawn from a KNOWN truth written to data/TRUTH.json, so the demo report
 * (and tests) can check that fits and comparisons recover it.
 *
 *   npm run demo-data
 *
 * - data/sweep/runs.csv, data/sweep/curves.csv: a model-size x token-budget sweep (several IsoFLOP budgets) drawn
 *   from a Chinchilla-style law L = E + A/N^alpha + B/D^beta with per-run noise; curves give loss against tokens and
 *   FLOPs for Approach 1.
 * - data/ablation/<variant>/seed<k>.log: an ablation of 4 variants x 5 seeds with known effects, as llm.c logs.
 * - data/curves/megatron-760m.log: Megatron-LM stdout with a loss spike, a skipped iteration, and a resume from
 *   checkpoint whose iterations overlap the crashed segment.
 * - data/curves/wandb-history-760m-seed2.csv: a second seed of that configuration as a W&B history export.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRng, type Rng } from '../src/stats/random.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', 'data');

/** Chinchilla-style truth (Hoffmann et al.'s published values). */
const LAW = { E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28 };
const lossAt = (N: number, D: number) => LAW.E + LAW.A / N ** LAW.alpha + LAW.B / D ** LAW.beta;

/** Compact, deterministic number formatting (no locale, fixed significant digits). */
const g = (x: number, digits = 6) => Number(x.toPrecision(digits)).toString();
/** Megatron's number style: 6.258318E+00 (two-digit exponent). */
const megaExp = (x: number) => {
  const [m, e] = x.toExponential(6).toUpperCase().split('E') as [string, string];
  const n = Number(e);
  return `${m}E${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
};

function write(rel: string, text: string) {
  const p = join(ROOT, rel);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, text);
}

function sweep(rng: Rng) {
  const budgets = [1e18, 3e18, 1e19, 3e19, 1e20];
  const runs: string[] = ['run,N,D,C,budget,loss'];
  const curves: string[] = ['run,step,metric,value,tokens,flops'];
  const truth: { run: string; N: number; D: number; C: number; loss_noiseless: number }[] = [];
  for (const C of budgets) {
    // Seven sizes spanning the optimum on a log scale (the closed-form optimum of the law, times 1/8..8).
    const a = LAW.beta / (LAW.alpha + LAW.beta);
    const G = ((LAW.alpha * LAW.A) / (LAW.beta * LAW.B)) ** (1 / (LAW.alpha + LAW.beta));
    const nOpt = G * (C / 6) ** a;
    for (let k = -3; k <= 3; k++) {
      const N = Math.round(nOpt * 2 ** k);
      const D = C / (6 * N);
      const id = `C${C.toExponential(0).replace('+', '')}-N${Math.round(N / 1e6)}M`;
      const runOffset = 0.008 * rng.normal(); // seed-to-seed variation of the whole run
      let last = NaN;
      const steps = 40;
      for (let s = 1; s <= steps; s++) {
        const tokens = (D * s) / steps;
        // Loss along training: the law at the tokens seen so far (a constant-LR-like proxy), plus eval noise.
        const v = lossAt(N, tokens) * Math.exp(runOffset + 0.004 * rng.normal());
        last = v;
        curves.push(`${id},${s * 100},val/loss,${g(v)},${g(tokens)},${g(6 * N * tokens)}`);
      }
      runs.push(`${id},${N},${g(D)},${g(C)},${C.toExponential(0)},${g(last)}`);
      truth.push({ run: id, N, D, C, loss_noiseless: lossAt(N, D) });
    }
  }
  write('sweep/runs.csv', runs.join('\n') + '\n');
  write('sweep/curves.csv', curves.join('\n') + '\n');
  return { law: LAW, budgets, runs: truth, noise: { run_offset_log_sd: 0.008, eval_log_sd: 0.004 } };
}

const VARIANTS = [
  { name: 'baseline', effect: 0 },
  { name: 'swiglu', effect: -0.02 },
  { name: 'qk-norm', effect: -0.006 },
  { name: 'no-warmup', effect: 0.015 },
];
const SEEDS = [1, 2, 3, 4, 5];
const SEED_SD = 0.006;

function ablation(rng: Rng) {
  const total = 2000;
  for (const v of VARIANTS) {
    for (const seed of SEEDS) {
      const offset = v.effect + SEED_SD * rng.normal();
      const lines: string[] = [];
      const curve = (s: number) => 3.1 + offset + 7.9 * Math.exp(-s / 120) + 1.2 / Math.sqrt(1 + s / 50);
      for (let s = 0; s <= total; s++) {
        if (s % 250 === 0) lines.push(`s:${s} tel:${(curve(s) + 0.002 * rng.normal()).toFixed(4)}`);
        if (s === total) break;
        if (s % 5 !== 0) continue; // llm.c logs every step; every fifth keeps the committed data small
        const lr = 6e-4 * Math.min(1, (s + 1) / 100) * (0.1 + 0.9 * 0.5 * (1 + Math.cos((Math.PI * s) / total)));
        const trl = curve(s) + 0.05 * rng.normal();
        lines.push(`s:${s} trl:${trl.toFixed(4)} lr:${lr.toFixed(6)} norm:${(0.8 + 0.3 * Math.abs(rng.normal())).toFixed(2)}`);
      }
      write(`ablation/${v.name}/seed${seed}.log`, lines.join('\n') + '\n');
    }
  }
  return { variants: VARIANTS, seeds: SEEDS, seed_sd: SEED_SD, metric: 'val/loss', final_step: total, baseline_final_noiseless: 3.1 + 7.9 * Math.exp(-total / 120) + 1.2 / Math.sqrt(1 + total / 50) };
}

function megatronAndWandb(rng: Rng) {
  const train = (it: number) => 2.6 + 8.2 * Math.exp(-it / 300) + 0.9 / Math.sqrt(1 + it / 40);
  const spikeAt = 1200, crashAfter = 1500, resumeFrom = 1000, end = 2000, skipAt = 610;
  const mLines: string[] = [
    'using world size: 8, data-parallel size: 8, tensor-model-parallel size: 1, pipeline-model-parallel size: 1',
    '------------------------ arguments ------------------------',
    '  global_batch_size ............................... 256',
    '  seq_length ...................................... 2048',
    '  lr .............................................. 0.0003',
    '  train_iters ..................................... 2000',
    '-------------------- end of arguments ---------------------',
  ];
  // Megatron run: a loss spike at 1200, a skipped iteration at 610, a crash after 1500 and a resume from the
  // checkpoint at 1000 whose iterations overlap the crashed segment.
  const emit = (it: number, segment: number) => {
    const spike = it >= spikeAt && it < spikeAt + 30 ? 1.8 * Math.exp(-(it - spikeAt) / 8) : 0;
    const loss = train(it) + spike + 0.03 * rng.normal() + (segment === 1 ? 0.01 : 0);
    const lr = 3e-4 * Math.min(1, it / 100);
    const gn = 0.9 + (spike > 0 ? 6 * spike : 0) + 0.1 * Math.abs(rng.normal());
    const ms = 1550 + 20 * rng.normal();
    const skipped = it === skipAt;
    const lossField = skipped ? '' : ` lm loss: ${megaExp(loss)} |`;
    mLines.push(
      `[default0]: [2025-06-0${segment + 1} 10:00:00] iteration ${String(it).padStart(8)}/    ${end} | consumed samples: ${String(it * 256).padStart(12)} | elapsed time per iteration (ms): ${ms.toFixed(1)} | learning rate: ${megaExp(lr)} | global batch size:   256 |${lossField} loss scale: 1.0 | grad norm: ${gn.toFixed(3)} | number of skipped iterations: ${skipped ? '  1' : '  0'} | number of nan iterations:   0 |`,
    );
    if (it % 250 === 0) {
      const val = train(it) + spike * 0.8 + 0.01 * rng.normal();
      mLines.push(`[default0]: ----------------------------------------------------------------------------------------------`);
      mLines.push(`[default0]:  validation loss at iteration ${it} | lm loss value: ${megaExp(val)} | lm loss PPL: ${megaExp(Math.exp(val))} |`);
      mLines.push(`[default0]: ----------------------------------------------------------------------------------------------`);
    }
  };
  for (let it = 10; it <= crashAfter; it += 10) emit(it, 0);
  mLines.push('[default0]: [E ProcessGroupNCCL.cpp:1182] Watchdog caught collective operation timeout. Restarting from the last checkpoint.');
  mLines.push(`[default0]:  loading checkpoint from /checkpoints/760m at iteration ${resumeFrom}`);
  for (let it = resumeFrom + 10; it <= end; it += 10) emit(it, 1);
  write('curves/megatron-760m.log', mLines.join('\n') + '\n');

  // A second seed of the same configuration, logged to W&B (history export: _step is W&B's own monotonic
  // counter, train/loss and val/loss are logged in separate calls so cells are sparse).
  const wLines: string[] = ['_step,_runtime,_timestamp,train/loss,train/lr,train/grad_norm,trainer/iteration,val/loss'];
  let runtime = 0, wStep = 0;
  for (let it = 10; it <= end; it += 10) {
    runtime += (10 * (1550 + 20 * rng.normal())) / 1000;
    const loss = train(it) + 0.03 * rng.normal();
    const gn = 0.9 + 0.1 * Math.abs(rng.normal());
    wLines.push(`${wStep++},${runtime.toFixed(3)},${(1748772000 + runtime).toFixed(3)},${g(loss)},${g(3e-4 * Math.min(1, it / 100))},${g(gn)},${it},`);
    if (it % 250 === 0) wLines.push(`${wStep++},${runtime.toFixed(3)},${(1748772000 + runtime).toFixed(3)},,,,${it},${g(train(it) + 0.01 * rng.normal())}`);
  }
  write('curves/wandb-history-760m-seed2.csv', wLines.join('\n') + '\n');
  return { spike_at: spikeAt, crash_after: crashAfter, resume_from: resumeFrom, skipped_iteration: skipAt, end };
}

rmSync(ROOT, { recursive: true, force: true });
const rng = createRng(20261125);
const truth = {
  generator: 'scripts/make-demo-data.ts (seed 20261125)',
  sweep: sweep(rng.fork(1)),
  ablation: ablation(rng.fork(2)),
  curves: megatronAndWandb(rng.fork(3)),
};
write('TRUTH.json', JSON.stringify(truth, null, 1) + '\n');
process.stderr.write(`wrote demo data to ${ROOT}\n`);
