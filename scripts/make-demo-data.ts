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
 * - data/health/torchtitan-1b-8xh100.log: a torchtitan run (8 x H100, millisecond wall-clock timestamps on every
 *   line) with a known start-up, periodic checkpoint saves, one data-loader stall, a loss spike, a hang and crash,
 *   a relaunch that resumes from an earlier checkpoint (recomputing steps) after a gap. Its goodput and badput
 *   seconds are computed from the schedule it was written from (`health` in TRUTH.json).
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

/**
 * The run-health demo: a torchtitan stdout whose wall clock is known to the millisecond.
 *
 * Schedule (what actually happened; the log only shows its consequences):
 * - launch 1 starts at 08:00:00.000 (first log line); after 93 s of start-up (mesh, tokenizer, data, model build,
 *   FSDP) step 1 starts. Every step then takes 2400 ms +- up to 40 ms; each step line is printed at its step's end.
 * - a checkpoint is saved after steps 200, 400, 600 and 800 (the save sits between that step's line and the next).
 * - before step 437 the data loader stalls for 52 s; a loss spike starts at step 441.
 * - after step 730 a collective hangs: the NCCL watchdog kills the job after 600 s; the scheduler relaunches it
 *   187 s later. Launch 2 takes 78 s (including loading the step-600 checkpoint) before it starts step 601, then
 *   runs steps 601..1000 (601..730 are computed a second time).
 *
 * Accounting (the one `src/health/types.ts` states): start-up = first log line -> start of step 1; each step's
 * own time is productive, except that the steps 601..730 of launch 1 are wasted progress (rollback: the relaunch
 * recomputes them); a checkpoint save's and the stall's own seconds are checkpoint and stall badput (the save after
 * step 600 is checkpoint badput: it is the checkpoint launch 2 resumed from); gap = end of step 730 (last record of
 * launch 1) -> start of step 601 in launch 2 (the hang, the scheduler's wait and launch 2's start-up).
 */
function healthRun(rng: Rng) {
  const T0 = Date.UTC(2026, 10, 20, 8, 0, 0); // ms
  const total = 1000, devices = 8, gbs = 512, lbs = 64, seq = 2048;
  const layers = 16, heads = 32, headDim = 64, dim = 2048, vocab = 128256;
  const N = 1_235_814_400; // total parameters as torchtitan prints them (tied embedding counted once)
  // torchtitan's FLOPs per token (get_num_flop_per_token): 6 x (params - embedding) + 12 x l x h x q x t.
  const flopsPerToken = 6 * (N - vocab * dim) + 12 * layers * heads * headDim * seq;
  const peak = 989e12; // torchtitan's H100 SXM bf16 peak (utils.get_peak_flops), what its logged MFU divides by
  const baseMs = 2400, jitterMs = 40;
  const ckptEvery = 200, ckptMs: Record<number, number> = { 200: 38_410, 400: 37_880, 600: 38_920, 800: 37_150 };
  const stallBefore = 437, stallMs = 52_000;
  const spikeAt = 441;
  const crashAfter = 730, resumeFrom = 600;
  const startup1Ms = 93_000, hangMs = 600_000, requeueMs = 187_000, startup2Ms = 78_000;

  const lines: string[] = [];
  const stamp = (ms: number) => {
    const d = new Date(T0 + ms);
    const p2 = (x: number) => String(x).padStart(2, '0');
    return `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())},${String(d.getUTCMilliseconds()).padStart(3, '0')}`;
  };
  const log = (ms: number, msg: string) => lines.push(`[rank0]:[titan] ${stamp(ms)} - root - INFO - ${msg}`);
  const grouped = (x: number) => Math.round(x).toLocaleString('en-US');
  const train = (s: number) => 2.45 + 8.4 * Math.exp(-s / 90) + 0.9 / Math.sqrt(1 + s / 30);

  const launchBanner = (start: number, resume: boolean) => {
    log(start, 'Starting job: Llama 3.2 1B health demo');
    log(start + 812, "Building 1-D device mesh with ['dp_shard'], [8]");
    log(start + 1_937, '[GC] Initial GC collection. 0.00 seconds.');
    log(start + 20_455, 'Loading tokenizer from assets/tokenizer/Llama-3.2-1B');
    log(start + 24_120, 'Preparing c4 dataset from allenai/c4');
    log(start + 41_650, `Building llama3 1B with TransformerModelArgs(dim=${dim}, n_layers=${layers}, n_heads=${heads}, n_kv_heads=8, vocab_size=${vocab}, max_seq_len=${seq})`);
    log(start + 43_012, `Model llama3 1B size: ${grouped(N)} total parameters`);
    log(start + 58_734, 'Applied FSDP to the model');
    log(start + 61_200, 'CUDA memory usage for model: 0.58GiB(0.73%)');
    log(start + 62_050, 'Checkpointing active. Checkpoints will be loaded from and saved to ./outputs/checkpoint');
    log(start + 62_090, `Trainer is initialized with local batch size ${lbs}, global batch size ${gbs}, gradient accumulation steps 1, sequence length ${seq}, total steps ${total} (warmup 100)`);
    if (resume) {
      log(start + 62_480, `Loading the checkpoint at step ${resumeFrom}.`);
      log(start + 76_750, 'Finished loading the checkpoint in 14.27 seconds.');
    }
  };

  // Step durations are drawn once per launch and step (integer milliseconds).
  const duration = () => baseMs + rng.int(2 * jitterMs + 1) - jitterMs;
  let productiveMs = 0, rollbackMs = 0, checkpointMs = 0, stallTotalMs = 0;
  const stepEnd = new Map<string, number>();
  const tokensPerStep = gbs * seq;
  const stepLine = (s: number, endMs: number, intervalMs: number) => {
    const spike = s >= spikeAt && s < spikeAt + 40 ? 1.6 * Math.exp(-(s - spikeAt) / 6) : 0;
    const loss = train(s) + spike + 0.02 * rng.normal();
    const gn = 0.35 + 0.5 * Math.exp(-s / 150) + 9 * spike + 0.03 * Math.abs(rng.normal());
    const tps = tokensPerStep / devices / (intervalMs / 1000); // per device, over the time since the last line
    const tflops = (flopsPerToken * tps) / 1e12;
    const mfu = (100 * flopsPerToken * tps) / peak;
    const mem = 61.37 + 0.01 * (s % 7);
    log(endMs, `step: ${String(s).padStart(2)}  loss: ${loss.toFixed(4).padStart(7)}  grad_norm: ${gn.toFixed(4).padStart(7)}  memory: ${mem.toFixed(2)}GiB(${((100 * mem) / 79.1).toFixed(2)}%)  tps: ${grouped(tps)}  tflops: ${tflops.toFixed(2)}  mfu: ${mfu.toFixed(2)}%`);
  };

  // Launch 1.
  launchBanner(0, false);
  log(startup1Ms, 'Training starts at step 1.');
  let t = startup1Ms;
  let lineBefore = t; // the previous step line (torchtitan's tps divides by the time since the last one)
  for (let s = 1; s <= crashAfter; s++) {
    if (s === stallBefore) { t += stallMs; stallTotalMs += stallMs; }
    const d = duration();
    t += d;
    if (s > resumeFrom) rollbackMs += d; else productiveMs += d;
    stepLine(s, t, t - lineBefore);
    lineBefore = t;
    stepEnd.set(`1:${s}`, t);
    if (s % ckptEvery === 0) {
      log(t + 4, 'Saving the checkpoint (or staging if async is enabled).');
      t += ckptMs[s]!;
      checkpointMs += ckptMs[s]!;
      log(t, `Finished saving the checkpoint (or staging if async is enabled)in ${(ckptMs[s]! / 1000).toFixed(2)} seconds.`);
    }
  }
  const lastOfLaunch1 = t;
  const watchdog = new Date(T0 + t + hangMs);
  const p2 = (x: number) => String(x).padStart(2, '0');
  lines.push(`[rank0]:[E${p2(watchdog.getUTCMonth() + 1)}${p2(watchdog.getUTCDate())} ${p2(watchdog.getUTCHours())}:${p2(watchdog.getUTCMinutes())}:${p2(watchdog.getUTCSeconds())}.${String(watchdog.getUTCMilliseconds()).padStart(3, '0')}000 ProcessGroupNCCL.cpp:632] [Rank 0] Watchdog caught collective operation timeout: WorkNCCL(SeqNum=87613, OpType=_ALLGATHER_BASE, NumelIn=16384000, NumelOut=131072000, Timeout(ms)=600000) ran for 600000 milliseconds before timing out.`);
  // Launch 2: relaunched by the scheduler, resumes from the step-600 checkpoint.
  const launch2 = t + hangMs + requeueMs;
  launchBanner(launch2, true);
  t = launch2 + startup2Ms;
  log(t, `Training starts at step ${resumeFrom + 1}.`);
  const gapMs = t - lastOfLaunch1;
  lineBefore = t;
  for (let s = resumeFrom + 1; s <= total; s++) {
    const d = duration();
    t += d;
    productiveMs += d;
    stepLine(s, t, t - lineBefore);
    lineBefore = t;
    stepEnd.set(`2:${s}`, t);
    if (s % ckptEvery === 0 && s < total) {
      log(t + 4, 'Saving the checkpoint (or staging if async is enabled).');
      t += ckptMs[s]!;
      checkpointMs += ckptMs[s]!;
      log(t, `Finished saving the checkpoint (or staging if async is enabled)in ${(ckptMs[s]! / 1000).toFixed(2)} seconds.`);
    }
  }
  log(t, 'Training completed');
  const wallMs = t;
  const startupMs = startup1Ms;
  if (productiveMs + startupMs + checkpointMs + rollbackMs + stallTotalMs + gapMs !== wallMs) throw new Error('health demo: the badput does not add up to the wall clock');
  write('health/torchtitan-1b-8xh100.log', lines.join('\n') + '\n');

  const sec = (ms: number) => ms / 1000;
  const at = (launch: 1 | 2, s: number) => sec(stepEnd.get(`${launch}:${s}`)!);
  return {
    file: 'health/torchtitan-1b-8xh100.log',
    format: 'torchtitan',
    accounting:
      'wall = productive + startup + checkpoint + rollback + stall + gap, in seconds since the first log line. startup: first log line -> start of step 1. rollback: the step time of launch 1 on steps 601..730 (recomputed by launch 2). checkpoint, stall: the seconds of the saves and the stall themselves. gap: end of step 730 in launch 1 -> start of step 601 in launch 2 (hang, scheduler wait, launch 2 start-up). Event time_s: the step line that closes the interval, in seconds since the first log line.',
    started: stamp(0),
    wall_s: sec(wallMs),
    productive_s: sec(productiveMs),
    goodput: productiveMs / wallMs,
    badput: { startup_s: sec(startupMs), checkpoint_s: sec(checkpointMs), rollback_s: sec(rollbackMs), stall_s: sec(stallTotalMs), gap_s: sec(gapMs) },
    gap_parts_s: { hang: sec(hangMs), scheduler_wait: sec(requeueMs), relaunch_startup: sec(startup2Ms) },
    step_ms: { base: baseMs, jitter: jitterMs },
    events: {
      checkpoint: [200, 400, 600, 800].map((s) => ({ saved_after_step: s, step: s + 1, seconds: sec(ckptMs[s]!), time_s: at(s > crashAfter ? 2 : 1, s + 1), superseded: s === resumeFrom })),
      stall: [{ step: stallBefore, seconds: sec(stallMs), time_s: at(1, stallBefore) }],
      restart: [{ from_step: crashAfter, to_step: resumeFrom + 1, resumed_from_checkpoint: resumeFrom, recomputed_steps: crashAfter - resumeFrom, time_s: at(2, resumeFrom + 1) }],
      loss_spike: [{ step: spikeAt, height: 1.6, time_s: at(1, spikeAt) }],
    },
    model: { N, layers, heads, head_dim: headDim, dim, vocab, seq_len: seq, global_batch_size: gbs, tokens_per_step: tokensPerStep, devices, accelerator: 'H100' },
    logged_mfu: { flops_per_token: flopsPerToken, peak_flops: peak, formula: "torchtitan: 6 x (N - vocab x dim) + 12 x layers x heads x head_dim x seq_len FLOPs per token, tps per device over the time since the last step line (saves and the stall included), / 989e12" },
  };
}

// Only what this script writes is removed: data/weekly.json (the demo report's config) is hand-written.
for (const dir of ['sweep', 'ablation', 'curves', 'health']) rmSync(join(ROOT, dir), { recursive: true, force: true });
const rng = createRng(20261125);
const truth = {
  generator: 'scripts/make-demo-data.ts (seed 20261125)',
  sweep: sweep(rng.fork(1)),
  ablation: ablation(rng.fork(2)),
  curves: megatronAndWandb(rng.fork(3)),
  health: healthRun(rng.fork(4)),
};
write('TRUTH.json', JSON.stringify(truth, null, 1) + '\n');
process.stderr.write(`wrote demo data to ${ROOT}\n`);
