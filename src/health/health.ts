/**
 * `runHealth`: throughput, MFU, goodput and the instability timeline of every run of a RunSet.
 *
 * Per run:
 * 1. The step metric: the first of {@link STEP_METRICS} the run has, else its metric with most points.
 * 2. The clock of the time column: from the format ({@link CLOCK_BY_FORMAT}), the run's config `clock`, or the
 *    `clock` option; 'wall' (a wall clock: W&B `_runtime`, TensorBoard `wall_time`, Megatron's and torchtitan's line
 *    timestamps), 'train' (training time only: llm.c's summed step times, modded-nanogpt's `train_time`), else none.
 * 3. Step time per record: the logged one (`step_time_ms`, `iter_time_ms`), else the time column's difference per
 *    step. Tokens per step: the option, config `total_batch_size`, `global_batch_size` x `seq_length`, or the
 *    tokens column's difference per step. tokens/s = tokens per step / step time; MFU = FLOPs per token x tokens/s /
 *    (peak x devices).
 * 4. Goodput (wall clock only): src/health/goodput.ts over the step metric's kept and superseded records.
 * 5. Events: restarts, slow intervals, loss/grad-norm spikes, loss-scale drops, skipped/non-finite iterations,
 *    divergence, lr jumps, MFU disagreement.
 * Whatever cannot be computed is NaN and named in `missing` (and in the report's warnings), never guessed.
 */
import { InputError } from '../errors.js';
import type { RunSet } from '../runs/runset.js';
import type { Curve, RunMeta } from '../runs/types.js';
import { LLMC_H100_PEAK_FLOPS, resolveAccelerator } from './accelerators.js';
import { accountGoodput, type GoodputAccount } from './goodput.js';
import { lossScaleEvents, lrChangeEvents, spikeEvents, withContext, type TimeAt } from './instability.js';
import { quantiles } from './quantiles.js';
import type { Badput, HealthEvent, HealthOptions, HealthReport, HealthSeries, HealthWarning, MfuBasis, MissingInput, Quantiles, RunHealth } from './types.js';

/**
 * Metrics that define a run's steps, in order of preference.
 *
 * @example
 * STEP_METRICS[0]; // 'train/loss'
 */
export const STEP_METRICS = ['train/loss', 'loss', 'train_loss', 'train/lm_loss', 'lm_loss', 'train_time_s', 'step_time_ms', 'iter_time_ms'] as const;

/**
 * What the time column of each format is. Formats not listed: the run's config `clock` or the `clock` option.
 *
 * @example
 * CLOCK_BY_FORMAT['llmc']; // 'train' (summed step times: no goodput)
 */
export const CLOCK_BY_FORMAT: Readonly<Record<string, 'wall' | 'train'>> = {
  'wandb-history': 'wall',
  'wandb-history-parquet': 'wall',
  tensorboard: 'wall',
  'tensorboard-dir': 'wall',
  megatron: 'wall',
  torchtitan: 'wall',
  mlflow: 'wall',
  llmc: 'train',
  'modded-nanogpt': 'train',
};

const LOSS_METRICS = ['train/loss', 'loss', 'train_loss', 'train/lm_loss', 'lm_loss'];
const STEP_TIME_METRICS: readonly [string, number][] = [['step_time_ms', 1e-3], ['iter_time_ms', 1e-3], ['step_time_s', 1], ['step_time', 1]];
const CHECKPOINT_METRICS = ['checkpoint_save', 'checkpoint'];
/** Seconds: a time below this is relative to the run's start, above it epoch seconds. */
const EPOCH_FLOOR = 1e8;

const nanQ = () => ({ median: NaN, p10: NaN, p90: NaN });
const zeroBadput = (): Badput => ({ startup_s: 0, checkpoint_s: 0, rollback_s: 0, stall_s: 0, gap_s: 0 });
const nanBadput = (): Badput => ({ startup_s: NaN, checkpoint_s: NaN, rollback_s: NaN, stall_s: NaN, gap_s: NaN });

/**
 * Health of every run (see the module comment; types in ./types.ts).
 *
 * @example
 * const rs = await load('test/fixtures/formats/llmc/stdout_gpt2_1558M.log');
 * const h = runHealth(rs, { accelerator: 'H100', devices: 8, layers: 48, channels: 1600 });
 * h.runs[0].mfu.median; // 0.473 (llm.c printed 47.3%)
 */
export function runHealth(rs: RunSet, options: HealthOptions = {}): HealthReport {
  checkOptions(options);
  const { runs, warnings } = healthOfRuns(rs, options, 0, rs.runs.length);
  return { runs, total: totalOf(runs), warnings };
}

/**
 * The per-run part of {@link runHealth} for the runs [from, to) of `rs`, options already checked: their health and
 * warnings in run order. Each run's result depends on that run's data alone, so the runs can be split into chunks
 * analysed apart (./parallel.ts) and concatenated in order with the same result.
 *
 * @example
 * const { runs, warnings } = healthOfRuns(rs, {}, 0, rs.runs.length);
 */
export function healthOfRuns(rs: RunSet, options: HealthOptions, from: number, to: number): { runs: RunHealth[]; warnings: HealthWarning[] } {
  let peak = NaN;
  let peakSource = 'none';
  if (options.peakFlops !== undefined) {
    peak = options.peakFlops;
    peakSource = 'given';
  } else if (options.accelerator !== undefined) {
    const a = resolveAccelerator(options.accelerator);
    peak = a.peak_flops;
    peakSource = a.name;
  }
  const sup = supersededByRun(rs);
  const warnings: HealthWarning[] = [];
  const runs: RunHealth[] = [];
  const scratch = { buf: new Float64Array(0), rel: new Float64Array(0) };
  for (let ri = from; ri < to; ri++) {
    const meta = rs.runs[ri]!;
    const h = runOne(rs, ri, meta, options, peak, peakSource, sup.get(ri), warnings, scratch);
    runs.push(h);
  }
  return { runs, warnings };
}

/**
 * The total over runs of {@link runHealth}: wall, productive and badput summed over the runs with a goodput.
 *
 * @example
 * totalOf(runHealth(rs).runs).goodput; // 0.97
 */
export function totalOf(runs: readonly RunHealth[]): HealthReport['total'] {
  const total = { runs: runs.length, timed_runs: 0, wall_s: 0, productive_s: 0, goodput: NaN, badput: zeroBadput() };
  for (const r of runs) {
    if (!Number.isFinite(r.goodput)) continue;
    total.timed_runs++;
    total.wall_s += r.wall_s;
    total.productive_s += r.productive_s;
    for (const k of Object.keys(total.badput) as (keyof Badput)[]) total.badput[k] += r.badput[k];
  }
  if (total.timed_runs > 0 && total.wall_s > 0) total.goodput = total.productive_s / total.wall_s;
  else total.badput = nanBadput();
  return total;
}

/**
 * Whether `runs` of a series are views of the run's own curve columns (the step column always, the loss when the
 * step metric is a loss): a copy of the result made elsewhere re-points them at `rs` (./parallel.ts).
 *
 * @example
 * seriesViews(h.runs[0]); // { step: true, loss: true }
 */
export function seriesViews(r: RunHealth): { step: boolean; loss: boolean } {
  return { step: r.step_metric !== '', loss: LOSS_METRICS.includes(r.step_metric) };
}

/**
 * Refuse options out of range (typed errors naming the flag).
 *
 * @example
 * checkOptions({ devices: 8 });
 */
export function checkOptions(o: HealthOptions): void {
  const pos = (k: string, v: number | undefined, integer = false) => {
    if (v === undefined) return;
    if (!(Number.isFinite(v) && v > 0) || (integer && !Number.isInteger(v))) throw new InputError(`health: ${k} must be a positive ${integer ? 'integer' : 'number'}, got ${v}`);
  };
  pos('params (--params)', o.params);
  pos('flopsPerToken', o.flopsPerToken);
  pos('devices (--devices)', o.devices, true);
  pos('peakFlops (--peak-flops)', o.peakFlops);
  pos('tokensPerStep (--tokens-per-step)', o.tokensPerStep);
  pos('layers (--layers)', o.layers, true);
  pos('channels (--channels)', o.channels, true);
  pos('seqLen (--seq-len)', o.seqLen, true);
  pos('window', o.window, true);
  pos('stallZ', o.stallZ);
  pos('slowFactor', o.slowFactor);
  pos('mfuTolerance', o.mfuTolerance);
  if (o.eventWindow !== undefined && !(o.eventWindow >= 0)) throw new InputError(`health: eventWindow must be >= 0, got ${o.eventWindow}`);
  if (o.peakFlops !== undefined && o.accelerator !== undefined) throw new InputError('health: give either an accelerator (--accelerator) or a peak (--peak-flops), not both');
  if (o.clock !== undefined && o.clock !== 'wall' && o.clock !== 'train') throw new InputError(`health: clock must be 'wall' or 'train', got '${String(o.clock)}'`);
}

/** Indices of superseded points (reason 'restart') per run index. */
function supersededByRun(rs: RunSet): Map<number, number[]> {
  const s = rs.columns().superseded;
  const out = new Map<number, number[]>();
  for (let i = 0; i < s.step.length; i++) {
    if (s.reason[i] !== 'restart') continue;
    const r = s.runIndex[i]!;
    let a = out.get(r);
    if (!a) out.set(r, (a = []));
    a.push(i);
  }
  return out;
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : NaN;
}

/** Values of `c` at the steps `steps` (both ascending), NaN where `c` has no point. */
function alignTo(steps: Float64Array, c: Curve | undefined): Float64Array {
  const out = new Float64Array(steps.length).fill(NaN);
  if (!c) return out;
  let j = 0;
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i]!;
    while (j < c.step.length && c.step[j]! < s) j++;
    if (j < c.step.length && c.step[j] === s) out[i] = c.value[j]!;
  }
  return out;
}

function runOne(
  rs: RunSet,
  ri: number,
  meta: RunMeta,
  o: HealthOptions,
  peak: number,
  peakSource: string,
  supIdx: number[] | undefined,
  warnings: HealthWarning[],
  scratch: { buf: Float64Array; rel: Float64Array },
): RunHealth {
  const id = meta.id;
  const missing: MissingInput[] = [];
  const warn = (w: Omit<HealthWarning, 'run'>) => warnings.push({ run: id, ...w });
  const miss = (m: MissingInput) => {
    missing.push(m);
    warnings.push({ run: id, code: 'missing_input', message: `run '${id}': ${m.message}` });
  };
  const metrics = rs.runMetrics(id);
  const stepMetric = STEP_METRICS.find((m) => metrics.includes(m)) ?? longest(rs, id, metrics);
  const cfg = meta.config;
  const clock: 'wall' | 'train' | 'none' = o.clock ?? (meta.format !== undefined && Object.hasOwn(CLOCK_BY_FORMAT, meta.format) ? CLOCK_BY_FORMAT[meta.format] : undefined) ?? (cfg.clock === 'wall' || cfg.clock === 'train' ? cfg.clock : 'none');
  const basis: MfuBasis = { flops_per_token: NaN, flops_source: 'none', peak_flops: peak, peak_source: peakSource, devices: NaN, tokens_per_step: NaN };
  if (stepMetric === undefined) {
    warn({ code: 'no_step_metric', message: `run '${id}' has no metric points: nothing to analyse` });
    const e = new Float64Array(0);
    return { id, name: meta.name, wall_s: NaN, productive_s: NaN, goodput: NaN, badput: nanBadput(), tokens_per_s: nanQ(), step_time_s: nanQ(), mfu: { ...nanQ(), logged_median: NaN }, mfu_basis: basis, events: [], series: { step: e, time_s: e, step_time_s: e, tokens_per_s: e, tokens_per_s_logged: e, mfu: e, mfu_logged: e, loss: e }, missing, step_metric: '', clock };
  }
  const curve = rs.curve(id, stepMetric)!;
  const steps = curve.step;
  const n = steps.length;
  const time = curve.time;
  if (scratch.buf.length < n) scratch.buf = new Float64Array(n);
  // One all-NaN array per run for the series it cannot compute (no logged tokens/s, no MFU): shared, not copied.
  let nanSeries: Float64Array | undefined;
  const allNaN = () => (nanSeries ??= new Float64Array(n).fill(NaN));

  // --- step time -------------------------------------------------------------------------------------------------
  let timed = 0;
  for (let i = 0; i < n; i++) if (Number.isFinite(time[i]!)) timed++;
  if (timed > 0 && timed < n) warn({ code: 'partly_timed', message: `run '${id}': ${n - timed} of ${n} '${stepMetric}' records have no time; each untimed step is inside the interval of its timed neighbours (nothing dropped)` });
  let stepTime: Float64Array = new Float64Array(n).fill(NaN);
  let stepTimeSource = '';
  for (const [m, scale] of STEP_TIME_METRICS) {
    const c = rs.curve(id, m);
    if (!c) continue;
    stepTime = alignTo(steps, c);
    for (let i = 0; i < n; i++) stepTime[i] = stepTime[i]! * scale;
    stepTimeSource = m;
    break;
  }
  // the first kept record after a restart: its time since the previous kept record spans the gap, not a step
  const resumedAt = new Set(meta.restarts.map((r) => r.toStep));
  if (stepTimeSource === '' && clock !== 'none' && timed >= 2) {
    // the resume steps ascending, walked beside the (ascending) steps: no set lookup per point
    const resumed = Float64Array.from(resumedAt).sort();
    let pi = -1, r = 0;
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(time[i]!)) continue;
      const si = steps[i]!;
      while (r < resumed.length && resumed[r]! < si) r++;
      if (pi >= 0 && si > steps[pi]! && !(r < resumed.length && resumed[r] === si)) stepTime[i] = (time[i]! - time[pi]!) / (si - steps[pi]!);
      pi = i;
    }
    stepTimeSource = clock === 'wall' ? 'wall clock' : 'training time';
  }
  let stFinite = 0, stBad = 0, stBadStep = NaN;
  for (let i = 0; i < n; i++) {
    const v = stepTime[i]!;
    if (v > 0 && v < Infinity) stFinite++;
    else if (v === v) {
      // a step that took no time, negative time (a clock change) or infinite time: not a step time
      if (stBad++ === 0) stBadStep = steps[i]!;
      stepTime[i] = NaN;
    }
  }
  if (stBad > 0) warn({ code: 'non_finite_input', step: stBadStep, message: `run '${id}': ${stBad} step time(s) (from ${stepTimeSource}) are zero, negative or infinite, first at step ${stBadStep}: left out of tokens/s, step time and MFU` });
  if (stFinite === 0) {
    miss({ quantity: 'step_time', input: 'step times or timestamps', message: `no step time: the log prints no step time (step_time_ms, iter_time_ms) and its time column is ${clock === 'none' ? (timed === 0 ? 'empty' : `of unknown kind (format '${meta.format ?? '?'}': pass clock 'wall' or 'train', CLI --clock)`) : 'too sparse'}` });
  } else if (stFinite < n - 1 - (stepTimeSource === 'wall clock' || stepTimeSource === 'training time' ? resumedAt.size : 0)) {
    warn({ code: 'missing_step_time', message: `run '${id}': ${n - stFinite} of ${n} records have no step time (from ${stepTimeSource}); their tokens/s and MFU are NaN` });
  }
  const stepAvg = rs.curve(id, 'step_avg_ms');
  if (stepAvg && clock === 'train') checkStepAvg(id, rs.curve(id, 'train_time_s'), stepAvg, warn);

  // --- tokens/s ---------------------------------------------------------------------------------------------------
  let tps = o.tokensPerStep ?? num(cfg.total_batch_size);
  if (!Number.isFinite(tps)) {
    const gbs = num(cfg.global_batch_size), seq = num(cfg.seq_length) || num(cfg.seq_len);
    if (Number.isFinite(gbs) && Number.isFinite(seq)) tps = gbs * seq;
  }
  const tokensPerS = new Float64Array(n).fill(NaN);
  if (Number.isFinite(tps)) {
    basis.tokens_per_step = tps;
    for (let i = 0; i < n; i++) tokensPerS[i] = tps / stepTime[i]!;
  } else {
    // the tokens column, per step
    const tok = curve.tokens;
    let pi = -1, any = false;
    for (let i = 0; i < n; i++) {
      if (tok[i] !== tok[i]) continue;
      if (pi >= 0 && steps[i]! > steps[pi]!) {
        const per = (tok[i]! - tok[pi]!) / (steps[i]! - steps[pi]!);
        tokensPerS[i] = per / stepTime[i]!;
        any = true;
      }
      pi = i;
    }
    if (!any) miss({ quantity: 'tokens_per_s', input: 'tokens per step (--tokens-per-step)', message: 'no tokens/s: tokens per step unknown (no total_batch_size, global_batch_size x seq_length or tokens column; pass --tokens-per-step)' });
  }
  let tpsBad = 0, tpsBadStep = NaN;
  for (let i = 0; i < n; i++) {
    const v = tokensPerS[i]!;
    if (v > 0 && v < Infinity) continue;
    if (v === v && tpsBad++ === 0) tpsBadStep = steps[i]!;
    tokensPerS[i] = NaN;
  }
  if (tpsBad > 0) warn({ code: 'non_finite_input', step: tpsBadStep, message: `run '${id}': ${tpsBad} tokens/s value(s) are zero, negative or infinite (tokens per step over step time), first at step ${tpsBadStep}: left out` });
  const tpsCurve = rs.curve(id, 'tokens_per_s');
  const loggedTps = tpsCurve ? alignTo(steps, tpsCurve) : allNaN();

  // --- MFU --------------------------------------------------------------------------------------------------------
  const N = o.params ?? (num(cfg.N) || num(cfg.num_parameters) || num(cfg.n_params));
  const L = o.layers ?? num(cfg.num_layers), C = o.channels ?? num(cfg.channels), T = o.seqLen ?? (num(cfg.seq_len) || num(cfg.seq_length));
  const llmcAttention = meta.format === 'llmc' || o.layers !== undefined || o.channels !== undefined;
  if (o.flopsPerToken !== undefined) {
    basis.flops_per_token = o.flopsPerToken;
    basis.flops_source = 'given';
  } else if (Number.isFinite(N)) {
    if (llmcAttention && Number.isFinite(L) && Number.isFinite(C) && Number.isFinite(T)) {
      basis.flops_per_token = 6 * N + 6 * L * C * T;
      basis.flops_source = 'llmc';
    } else {
      basis.flops_per_token = 6 * N;
      basis.flops_source = '6N';
      if (meta.format === 'llmc') warn({ code: 'missing_input', message: `run '${id}': llm.c counts 6N + 6·L·C·T FLOPs per token; without num_layers and channels (--layers, --channels) MFU uses 6N and reads lower than llm.c's` });
    }
  }
  const devices = o.devices ?? (num(cfg.num_processes) || num(cfg.devices) || num(cfg.world_size));
  basis.devices = devices;
  let mfuSeries = allNaN();
  // MFU = mfuScale x tokens/s when every value is finite (then its quantiles are the tokens/s ones, scaled)
  let mfuScale = NaN;
  if (!Number.isFinite(basis.flops_per_token)) miss({ quantity: 'mfu', input: 'parameter count N (--params)', message: 'no MFU: parameter count N unknown (config N / num_parameters; pass --params or FLOPs per token)' });
  else if (!Number.isFinite(peak)) miss({ quantity: 'mfu', input: 'accelerator peak (--accelerator or --peak-flops)', message: 'no MFU: accelerator peak unknown (pass --accelerator, e.g. H100, or --peak-flops)' });
  else if (!Number.isFinite(devices)) miss({ quantity: 'mfu', input: 'device count (--devices)', message: 'no MFU: number of devices unknown (config num_processes / devices; pass --devices)' });
  else {
    let bad = 0;
    mfuSeries = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = (basis.flops_per_token * tokensPerS[i]!) / (peak * devices);
      if (v === Infinity) bad++;
      mfuSeries[i] = v < Infinity ? v : NaN;
    }
    if (bad > 0) warn({ code: 'non_finite_input', message: `run '${id}': ${bad} MFU value(s) overflow (a step time near 0): left out` });
    else mfuScale = basis.flops_per_token / (peak * devices);
  }
  const mfuLogged = loggedMfu(rs, id, steps, peak) ?? allNaN();
  let loggedAny = false;
  for (let i = 0; i < n; i++) if (mfuLogged[i] === mfuLogged[i]) loggedAny = true;

  // --- goodput ----------------------------------------------------------------------------------------------------
  const events: HealthEvent[] = [];
  let account: GoodputAccount | undefined;
  let start = NaN;
  if (clock !== 'wall') {
    miss({ quantity: 'goodput', input: 'wall-clock timestamps', message: `goodput not computed: no wall-clock timestamps (${clock === 'train' ? `format '${meta.format}' logs training time only, which leaves out everything goodput measures` : timed === 0 ? 'the run has no time column' : `the time column of format '${meta.format ?? '?'}' is not known to be a wall clock: pass clock 'wall' (CLI --clock wall) if it is`})` });
  } else if (timed < 2) {
    miss({ quantity: 'goodput', input: 'wall-clock timestamps', message: `goodput not computed: ${timed} timed '${stepMetric}' record(s); at least 2 are needed` });
  } else {
    const back = firstBackwards(steps, time);
    if (back) {
      warn({ code: 'clock_backwards', step: back.step, message: `run '${id}': the wall clock goes back ${fmtS(back.by)} at step ${back.step} (a clock change?): goodput not computed` });
      miss({ quantity: 'goodput', input: 'a monotone wall clock', message: `goodput not computed: the wall clock goes backwards at step ${back.step}` });
    } else {
      // only a step time the log printed says how long the first step of a segment took (a derived one spans the gap)
      const logged = STEP_TIME_METRICS.some(([m]) => m === stepTimeSource) ? stepTime : undefined;
      const tl = timeline(rs, ri, stepMetric, curve, supIdx, logged);
      start = runStart(rs, id, tl.time[0]!, warn);
      account = accountGoodput({ ...tl, start }, { window: o.window ?? 50, z: o.stallZ ?? 6, slowFactor: o.slowFactor ?? 1.5 });
      // A clock that does not advance with the steps (coarse or copied timestamps) cannot say where time went.
      const loggedMedian = stepTimeSource !== '' && STEP_TIME_METRICS.some(([m]) => m === stepTimeSource) ? quantiles(stepTime, scratch.buf).median : NaN;
      const wallMedian = account.medianStepTime;
      if (!(wallMedian > 0) || wallMedian < 0.5 * loggedMedian) {
        const why = !(wallMedian > 0) ? 'most consecutive step records carry the same time' : `the wall clock gives ${fmtS(wallMedian)} per step where the log's ${stepTimeSource} gives ${fmtS(loggedMedian)}`;
        warn({ code: 'clock_resolution', message: `run '${id}': the timestamps do not advance with the steps (${why}): goodput not computed` });
        miss({ quantity: 'goodput', input: 'wall-clock timestamps that advance with the steps', message: `goodput not computed: the timestamps do not advance with the steps (${why})` });
        account = undefined;
      }
    }
    if (account) {
      for (const s of account.slow) {
        const t = s.time - start;
        if (s.excess > 600 && s.perStep > 100 * s.median) warn({ code: 'clock_jump', step: s.step, message: `run '${id}': the wall clock advanced ${fmtS(s.excess)} more than usual before step ${s.step} (${s.median > 0 ? `${Math.round(s.perStep / s.median)}x` : 'against 0 s for'} the median step time): a hang or a clock change; counted as ${s.kind === 'checkpoint' ? 'a checkpoint save' : 'a stall'}` });
        events.push({
          kind: s.kind,
          step: s.step,
          time_s: t,
          detail: `${s.kind === 'checkpoint' ? 'checkpoint save' : 'stall'}: ${fmtS(s.excess)} beyond ${fmtS(s.median)} per step${s.by === 'period' ? ` (recurs every ${s.period} steps)` : s.by === 'event' ? ' (a checkpoint was being saved)' : ''}`,
          value: s.excess,
          duration_s: s.excess,
        });
      }
    }
  }
  const series: HealthSeries = {
    step: steps,
    time_s: Number.isFinite(start) ? new Float64Array(n) : allNaN(),
    step_time_s: stepTime,
    tokens_per_s: tokensPerS,
    tokens_per_s_logged: loggedTps,
    mfu: mfuSeries,
    mfu_logged: mfuLogged,
    loss: LOSS_METRICS.includes(stepMetric) ? curve.value : alignTo(steps, LOSS_METRICS.map((m) => rs.curve(id, m)).find((c) => c)),
  };
  if (Number.isFinite(start)) for (let i = 0; i < n; i++) series.time_s[i] = time[i]! - start;
  const timeAt: TimeAt = (s) => {
    if (!Number.isFinite(start)) return NaN;
    const j = lowerBound(steps, s);
    return j < n && steps[j] === s ? time[j]! - start : NaN;
  };

  // --- events -----------------------------------------------------------------------------------------------------
  for (const r of meta.restarts) {
    events.push({ kind: 'restart', step: r.toStep, time_s: timeAt(r.toStep), detail: `resumed at step ${r.toStep} after reaching step ${r.fromStep}; ${r.superseded} point(s) recomputed`, value: r.fromStep - r.toStep });
  }
  const lossCurve = LOSS_METRICS.map((m) => rs.curve(id, m)).find((c) => c);
  if (lossCurve) events.push(...spikeEvents(lossCurve, 'loss', timeAt, o.spikes, 3, o.fastSpikes === true));
  else miss({ quantity: 'instability', input: 'a training loss metric', message: `no loss spikes: the run has no training loss (${LOSS_METRICS.join(', ')})` });
  const gn = rs.curve(id, 'grad_norm');
  if (gn) events.push(...spikeEvents(gn, 'grad_norm', timeAt, o.spikes));
  const ls = rs.curve(id, 'loss_scale');
  if (ls) events.push(...lossScaleEvents(ls, timeAt));
  const lr = rs.curve(id, 'lr');
  if (lr) events.push(...lrChangeEvents(lr, timeAt));
  // Megatron's counts of skipped / NaN iterations within a logged interval whose loss was printed
  for (const [m, kind] of [['skipped_iterations', 'skipped_iteration'], ['nan_iterations', 'non_finite']] as const) {
    const c = rs.curve(id, m);
    if (!c) continue;
    for (let i = 0; i < c.step.length; i++) {
      if (!(c.value[i]! > 0)) continue;
      const s = c.step[i]!;
      events.push({ kind, step: s, time_s: timeAt(s), detail: `${c.value[i]} ${kind === 'non_finite' ? 'NaN' : 'skipped'} iteration(s) in the interval ending at step ${s} (the loss of the others printed)`, value: c.value[i]! });
    }
  }
  if (meta.skipped > 0 && !events.some((e) => e.kind === 'skipped_iteration')) {
    events.push({ kind: 'skipped_iteration', step: NaN, time_s: NaN, detail: `${meta.skipped} skipped iteration(s) recorded by the loader` });
  }

  // MFU disagreement
  const tol = o.mfuTolerance ?? 0.05;
  if (loggedAny && Number.isFinite(basis.flops_per_token) && Number.isFinite(peak) && Number.isFinite(devices)) {
    if (scratch.rel.length < n) scratch.rel = new Float64Array(n);
    const rel = scratch.rel;
    for (let i = 0; i < n; i++) rel[i] = mfuLogged[i]! / mfuSeries[i]! - 1;
    const q = quantiles(rel.subarray(0, n), scratch.buf);
    if (Math.abs(q.median) > tol) {
      let first = -1;
      for (let i = 0; i < n && first < 0; i++) if (Math.abs(rel[i]!) > tol) first = i;
      const msg = `logged MFU is ${(100 * Math.abs(q.median)).toFixed(1)}% ${q.median > 0 ? 'above' : 'below'} the recomputed one (median over steps; FLOPs per token ${basis.flops_source}, peak ${peakSource})`;
      warn({ code: 'mfu_disagreement', step: first >= 0 ? steps[first]! : undefined, message: `run '${id}': ${msg}` });
      if (first >= 0) events.push({ kind: 'mfu_disagreement', step: steps[first]!, time_s: timeAt(steps[first]!), detail: msg, value: q.median });
    }
  } else if (!loggedAny) {
    missing.push({ quantity: 'mfu_logged', input: 'a logged MFU or TFLOP/s', message: 'the log prints no MFU or TFLOP/s to compare with' });
  }

  const tpsQ = quantiles(tokensPerS, scratch.buf);
  const wall = account ? account.wall : NaN;
  const productive = account ? account.productive : NaN;
  return {
    id,
    name: meta.name,
    wall_s: wall,
    productive_s: productive,
    goodput: account && account.wall > 0 ? account.productive / account.wall : NaN,
    badput: account ? account.badput : nanBadput(),
    tokens_per_s: tpsQ,
    step_time_s: quantiles(stepTime, scratch.buf),
    mfu: { ...mfuQuantiles(mfuSeries, tpsQ, mfuScale, scratch.buf), logged_median: loggedAny ? quantiles(mfuLogged, scratch.buf).median : NaN },
    mfu_basis: basis,
    events: withContext(events, o.eventWindow ?? 100),
    series,
    missing,
    step_metric: stepMetric,
    clock,
  };
}

/** MFU quantiles: the tokens/s ones times the (positive) scale when it applies to every point, else computed. */
function mfuQuantiles(mfuSeries: Float64Array, tpsQ: Quantiles, scale: number, buf: Float64Array): Quantiles {
  if (scale > 0 && scale < Infinity) return { median: tpsQ.median * scale, p10: tpsQ.p10 * scale, p90: tpsQ.p90 * scale };
  return quantiles(mfuSeries, buf);
}

function longest(rs: RunSet, id: string, metrics: string[]): string | undefined {
  let best: string | undefined, bn = -1;
  for (const m of metrics) {
    const c = rs.curve(id, m)!;
    if (c.step.length > bn) {
      bn = c.step.length;
      best = m;
    }
  }
  return best;
}

function lowerBound(a: Float64Array, v: number): number {
  let lo = 0, hi = a.length;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (a[m]! < v) lo = m + 1;
    else hi = m;
  }
  return lo;
}

function fmtS(s: number): string {
  if (!Number.isFinite(s)) return String(s);
  if (Math.abs(s) >= 3600) return `${(s / 3600).toFixed(2)} h`;
  if (Math.abs(s) >= 1) return `${Number(s.toPrecision(4))} s`;
  return `${Number((s * 1000).toPrecision(4))} ms`;
}

/** The first step at which the time of the (step-sorted) kept records decreases, and by how much. */
function firstBackwards(steps: Float64Array, time: Float64Array): { step: number; by: number } | null {
  let prev = NaN;
  for (let i = 0; i < steps.length; i++) {
    const t = time[i]!;
    if (!Number.isFinite(t)) continue;
    if (t < prev) return { step: steps[i]!, by: prev - t };
    prev = t;
  }
  return null;
}

/** The run's start on its clock: 0 for a relative clock; for epoch seconds the earliest timed point of any metric. */
function runStart(rs: RunSet, id: string, firstRecord: number, warn: (w: Omit<HealthWarning, 'run'>) => void): number {
  const logStart = num(rs.run(id)!.config.log_start_s);
  if (Number.isFinite(logStart) && logStart <= firstRecord) return logStart;
  if (firstRecord >= 0 && firstRecord < EPOCH_FLOOR) return 0;
  if (firstRecord < 0) {
    warn({ code: 'start_unknown', message: `run '${id}': its clock starts at a negative time: start-up is measured from its first step record (0 s)` });
    return firstRecord;
  }
  let min = firstRecord;
  for (const m of rs.runMetrics(id)) {
    const t = rs.curve(id, m)!.time;
    for (let i = 0; i < t.length; i++) if (t[i]! < min && Number.isFinite(t[i]!)) min = t[i]!;
  }
  warn({ code: 'start_unknown', message: `run '${id}': its clock is epoch seconds and the log gives no start time: start-up is measured from its first timed point` });
  return min;
}

/** The step metric's timed records, kept and superseded, in time order. */
function timeline(rs: RunSet, ri: number, metric: string, curve: Curve, supIdx: number[] | undefined, stepTime: Float64Array | undefined) {
  const cols = rs.columns();
  const mi = cols.metricNames.indexOf(metric);
  const sup = cols.superseded;
  const extra: number[] = [];
  if (supIdx && sup.time) for (const i of supIdx) if (sup.metricIndex[i] === mi && Number.isFinite(sup.time[i]!)) extra.push(i);
  // checkpoint events logged as a metric
  let ck: Float64Array | undefined;
  for (const name of CHECKPOINT_METRICS) {
    const c = rs.curve(rs.runs[ri]!.id, name);
    if (c) ck = Float64Array.from(c.step);
  }
  const ckPart = ck ? { checkpointSteps: ck } : {};
  const kept: number[] = [];
  const n = curve.step.length;
  let m = 0;
  for (let i = 0; i < n; i++) if (Number.isFinite(curve.time[i]!)) m++;
  if (m === n && extra.length === 0) {
    // the common case: every kept record timed, no restart: the curve's own columns (views, not copies)
    return { step: curve.step, time: curve.time, superseded: zeros(n), ...(stepTime ? { stepTime } : {}), ...ckPart };
  }
  if (m < n) for (let i = 0; i < n; i++) if (Number.isFinite(curve.time[i]!)) kept.push(i);
  // Merge by time: the superseded records (few) sorted, then merged with the kept ones, which are in time order
  // already (the caller checked the clock never goes back over them). Ties: superseded first (earlier in the log).
  const supTime = sup.time!;
  extra.sort((a, b) => supTime[a]! - supTime[b]! || a - b);
  const total = m + extra.length;
  // only accountGoodput reads the merged records, and keeps nothing of them: scratch reused across runs
  const step = tlScratch(0, total), time = tlScratch(1, total), st = stepTime ? tlScratch(2, total) : undefined, superseded = zeros(total);
  let a = 0, b = 0;
  for (let o = 0; o < total; o++) {
    if (a < extra.length && (b >= m || supTime[extra[a]!]! <= curve.time[m < n ? kept[b]! : b]!)) {
      const j = extra[a++]!;
      step[o] = sup.step[j]!;
      time[o] = supTime[j]!;
      if (st) st[o] = NaN;
      superseded[o] = 1;
    } else {
      const j = m < n ? kept[b]! : b; // every record timed: the kept ones are the curve's own, in order
      b++;
      step[o] = curve.step[j]!;
      time[o] = curve.time[j]!;
      if (st) st[o] = stepTime![j]!;
    }
  }
  return { step, time, superseded, ...(st ? { stepTime: st } : {}), ...ckPart };
}

/** Scratch of {@link timeline}'s merge, grown as needed and reused across runs. */
const tlBufs: Float64Array[] = [new Float64Array(0), new Float64Array(0), new Float64Array(0)];
let tlFlags = new Uint8Array(0);

/** The first `n` values of merge scratch array `k` (contents left over: every one is written before it is read). */
function tlScratch(k: number, n: number): Float64Array {
  if (tlBufs[k]!.length < n) tlBufs[k] = new Float64Array(Math.max(n, 2 * tlBufs[k]!.length));
  return tlBufs[k]!.subarray(0, n);
}

/** `n` zero flags (reused scratch, cleared). */
function zeros(n: number): Uint8Array {
  if (tlFlags.length < n) tlFlags = new Uint8Array(Math.max(n, 2 * tlFlags.length));
  return tlFlags.subarray(0, n).fill(0);
}

/** The MFU the log printed, as a fraction: llm.c's `mfu_pct`, or TFLOP/s per GPU over the peak. */
function loggedMfu(rs: RunSet, id: string, steps: Float64Array, peak: number): Float64Array | undefined {
  const pct = rs.curve(id, 'mfu_pct');
  if (pct) {
    const a = alignTo(steps, pct);
    for (let i = 0; i < a.length; i++) a[i] = a[i]! / 100;
    return a;
  }
  const mfuFrac = rs.curve(id, 'mfu');
  if (mfuFrac) {
    const a = alignTo(steps, mfuFrac);
    // torchtitan and nanoGPT print percent
    for (let i = 0; i < a.length; i++) a[i] = a[i]! / 100;
    return a;
  }
  for (const m of ['tflops_per_gpu', 'tflops_gpu_model', 'tflops']) {
    const c = rs.curve(id, m);
    if (!c || !Number.isFinite(peak)) continue;
    const a = alignTo(steps, c);
    for (let i = 0; i < a.length; i++) a[i] = (a[i]! * 1e12) / peak;
    return a;
  }
  return undefined;
}

/**
 * modded-nanogpt prints `train_time` (ms, 0 decimals) and `step_avg` = train_time / step (ms, 2 decimals): both must
 * describe the same time to the printed precision, |train_time - step_avg x step| <= 0.5 + 0.005 x step ms.
 */
function checkStepAvg(id: string, tt: Curve | undefined, avg: Curve, warn: (w: Omit<HealthWarning, 'run'>) => void): void {
  if (!tt) return;
  const a = alignTo(avg.step, tt);
  let bad = 0, first = -1;
  for (let i = 0; i < avg.step.length; i++) {
    const s = avg.step[i]!;
    if (s < 1 || a[i] !== a[i]) continue;
    if (Math.abs(a[i]! * 1000 - avg.value[i]! * s) > 0.5 + 0.005 * s + 1e-9) {
      bad++;
      if (first < 0) first = s;
    }
  }
  if (bad > 0) warn({ code: 'step_time_disagreement', step: first, message: `run '${id}': train_time and step_avg disagree beyond their printed precision at ${bad} step(s), first at step ${first}` });
}
