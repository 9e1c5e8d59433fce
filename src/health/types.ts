/**
 * Public result types of the run-health analysis (issue 14): where the accelerator hours went (goodput and its
 * badput), how fast the run went (tokens/s, step time, MFU over steps), and what broke (an instability timeline).
 *
 * The entry point is `runHealth(rs, options)` in `./health.ts` (signature {@link RunHealthFn}); figures, report items
 * and display summaries render a {@link HealthReport}. This file only grows (additive changes).
 *
 * Accounting (all seconds of wall clock, per run; see README "Run health and goodput"):
 *
 *     wall_s = productive_s + startup_s + checkpoint_s + rollback_s + stall_s + gap_s     (exactly, by construction)
 *
 * - The run's timed step records (the step metric's points, kept and superseded, in time order) split the wall clock
 *   into intervals (t_prev, t]. An interval covering n steps at the trailing median per-step time m is productive
 *   for n x m; when it is a slow interval (per-step time > m + k x 1.4826 x MAD and > `slowFactor` x m) the excess
 *   (duration - n x m) is a checkpoint save (the slow intervals recur with a period, or a checkpoint event lies in
 *   them) or else a stall.
 * - On records at steps a restart superseded (recomputed later) the work part is rollback instead of productive
 *   (a slow interval's excess there still counts as checkpoint or stall).
 * - The first record of each segment counts as one logging interval of productive time (its logged step time when
 *   the log prints one, else the run's median spacing x median per-step time); the time before it is start-up
 *   (first segment: since the run's start) or a gap (later segments: since the previous segment's last record).
 *   The run's start: config `log_start_s` (the first log line on the time column's clock, set by the torchtitan
 *   loader), else 0 for a clock relative to the start, else (epoch seconds) the earliest timed point of the run.
 * - goodput = productive_s / wall_s.
 *
 * @example
 * import type { HealthReport } from './types.js';
 * const h: HealthReport = runHealth(rs, { accelerator: 'H100', devices: 8 });
 * h.runs[0].goodput; // 0.91
 */
import type { RunSet } from '../runs/runset.js';
import type { SpikeOptions } from '../runs/spikes.js';

/** Median and 10th/90th percentiles of a per-step series (NaN when the series has no finite value). */
export interface Quantiles {
  median: number;
  p10: number;
  p90: number;
}

/** MFU summary: recomputed quantiles (fractions, 0..1) and the median of what the log printed (NaN when it printed none). */
export interface MfuSummary extends Quantiles {
  /** Median of the MFU the log printed itself (llm.c `% bf16 MFU`, or Megatron TFLOP/s / peak), as a fraction. */
  logged_median: number;
}

/** Where the non-productive wall time went, in seconds. */
export interface Badput {
  /** From the run's start (first log line) to the start of its first step. */
  startup_s: number;
  /** Periodic slow steps (checkpoint saves): their time beyond the median step time. */
  checkpoint_s: number;
  /** Wasted progress: time spent on steps that a restart then recomputed. */
  rollback_s: number;
  /** Other slow steps (data-loader stalls, hiccups): their time beyond the median step time. */
  stall_s: number;
  /** Wall clock with no steps between one segment's last record and the next segment's first step (restarts). */
  gap_s: number;
}

/** The names of the {@link Badput} categories, in display order. */
export type BadputKind = 'startup' | 'checkpoint' | 'rollback' | 'stall' | 'gap';

/** Kinds of timeline events. */
export type HealthEventKind =
  /** A training-loss spike (src/runs/spikes.ts detector). */
  | 'loss_spike'
  /** A gradient-norm spike (same detector on `grad_norm`). */
  | 'grad_norm_spike'
  /** The loss scale went down (fp16 overflow back-off). */
  | 'loss_scale_drop'
  /** Iterations skipped (Megatron `number of skipped iterations` > 0, or flagged points). */
  | 'skipped_iteration'
  /** A non-finite loss or grad norm, or Megatron `number of nan iterations` > 0. */
  | 'non_finite'
  /** The loss never came back to its pre-spike level. */
  | 'divergence'
  /** A resume from checkpoint (RunMeta.restarts). */
  | 'restart'
  /** A slow interval classified as a stall. */
  | 'stall'
  /** A slow interval classified as a checkpoint save (or a "saving checkpoint" line). */
  | 'checkpoint'
  /** The learning rate changed by more than the schedule's usual step (a manual change, a warm-up end, a restart). */
  | 'lr_change'
  /** The logged MFU / TFLOP/s disagrees with the recomputed one. */
  | 'mfu_disagreement';

/** One event of the timeline. */
export interface HealthEvent {
  kind: HealthEventKind;
  /** Step of the event (for a slow interval: its last step; for a restart: the step resumed at). */
  step: number;
  /** Wall-clock seconds since the run's start (NaN when the run has no wall clock). */
  time_s: number;
  /** One human-readable line: what happened, with numbers. */
  detail: string;
  /** The value that triggered it (the spike's loss, the new loss scale, a stall's excess seconds, ...), when there is one. */
  value?: number;
  /** Instabilities: steps until the metric was back within its pre-event level (NaN: it never came back). */
  recovery_steps?: number;
  /** Slow intervals: seconds beyond the median step time. */
  duration_s?: number;
  /** Instabilities: the restarts, stalls, checkpoints and lr changes within `eventWindow` steps before it. */
  before?: { kind: HealthEventKind; step: number }[];
}

/** A quantity the analysis could not compute, and the input it would need. Never guessed. */
export interface MissingInput {
  /** What was not computed. */
  quantity: 'goodput' | 'mfu' | 'tokens_per_s' | 'step_time' | 'instability' | 'mfu_logged';
  /** The input that is missing (e.g. 'wall-clock timestamps', 'parameter count N (--params)'). */
  input: string;
  /** A sentence a user can act on. */
  message: string;
}

/** Named warning codes (nothing is dropped or guessed silently). */
export type HealthWarningCode =
  | 'clock_backwards'
  | 'clock_jump'
  /** The timestamps do not advance with the steps (coarse or copied): goodput not computed. */
  | 'clock_resolution'
  | 'partly_timed'
  | 'missing_step_time'
  | 'mfu_disagreement'
  | 'tokens_per_s_disagreement'
  | 'non_finite_input'
  | 'no_step_metric'
  | 'few_steps'
  /** A quantity not computed for want of an input (also in the run's `missing`). */
  | 'missing_input'
  /** An epoch-seconds clock without a start time: start-up counted from the run's first timed point. */
  | 'start_unknown'
  /** Two printed times of the same thing (modded-nanogpt train_time and step_avg) disagree beyond print precision. */
  | 'step_time_disagreement'
  /** A loader's warning about the input (file:line), passed on by the CLI. */
  | 'load_warning';

/** A warning of the analysis. */
export interface HealthWarning {
  code: HealthWarningCode;
  /** The run it concerns (absent: the whole set). */
  run?: string;
  step?: number;
  message: string;
}

/**
 * Per-step series of one run (typed arrays, one entry per step record of the kept curve, in step order), for figures.
 * NaN where a value is not known at that record.
 */
export interface HealthSeries {
  step: Float64Array;
  /** Wall-clock seconds since the run's start (NaN without a wall clock). */
  time_s: Float64Array;
  /**
   * Seconds per step (from the log's step time, the training-time column, or the wall clock). Derived from a clock,
   * NaN at the first record and at the first record after each restart (its interval spans the gap, not a step).
   */
  step_time_s: Float64Array;
  /** Tokens per second recomputed from tokens per step / step time. */
  tokens_per_s: Float64Array;
  /** Tokens per second as the log printed it (llm.c prints a bias-corrected EMA). */
  tokens_per_s_logged: Float64Array;
  /** MFU recomputed (fraction). */
  mfu: Float64Array;
  /** MFU as the log printed it (fraction). */
  mfu_logged: Float64Array;
  /** Training loss at the record (NaN when none). */
  loss: Float64Array;
}

/** How the MFU was computed for a run (all NaN / undefined when it was not). */
export interface MfuBasis {
  /** FLOPs per token used (6N, llm.c's 6N + 6LCT, or as given). */
  flops_per_token: number;
  /** Where flops_per_token came from: 'given', '6N', 'llmc' (6N + 6·L·C·T). */
  flops_source: 'given' | '6N' | 'llmc' | 'none';
  /** Peak FLOP/s per device. */
  peak_flops: number;
  /** Where the peak came from: an accelerator name, 'given', or 'none'. */
  peak_source: string;
  devices: number;
  /** Tokens per step used for tokens/s (from config total_batch_size / global_batch_size x seq_length, or given). */
  tokens_per_step: number;
}

/** Health of one run. */
export interface RunHealth {
  id: string;
  name: string;
  /** Wall-clock seconds from the run's start to its last step record (NaN without wall clock). */
  wall_s: number;
  /** Productive step time, seconds (NaN without wall clock). */
  productive_s: number;
  /** productive_s / wall_s (NaN when not computed: see `missing`). */
  goodput: number;
  badput: Badput;
  tokens_per_s: Quantiles;
  /** Seconds per step. */
  step_time_s: Quantiles;
  mfu: MfuSummary;
  mfu_basis: MfuBasis;
  /** Timeline, in step order. */
  events: HealthEvent[];
  series: HealthSeries;
  /** What could not be computed and why. */
  missing: MissingInput[];
  /** Which metric gave the steps, and which clock ('wall' | 'train' | 'none') the time column is. */
  step_metric: string;
  clock: 'wall' | 'train' | 'none';
}

/** Sum over runs (goodput = summed productive / summed wall over the runs that have a wall clock). */
export interface HealthTotal {
  /** Runs analysed / runs with a wall clock (the ones summed). */
  runs: number;
  timed_runs: number;
  wall_s: number;
  productive_s: number;
  goodput: number;
  badput: Badput;
}

/** The result of {@link RunHealthFn}. */
export interface HealthReport {
  runs: RunHealth[];
  total: HealthTotal;
  /** Every warning, each naming its run (also what the CLI prints). */
  warnings: HealthWarning[];
}

/** A known accelerator: dense BF16 peak FLOP/s per device, with where the number comes from. */
export interface Accelerator {
  name: string;
  /** Other names it is written as (`H100-SXM5-80GB`, `h100`). */
  aliases: string[];
  peak_flops: number;
  source: string;
}

/** Options of {@link RunHealthFn}. Every number has a documented default. */
export interface HealthOptions {
  /** Parameter count N (else config `N` / `num_parameters`). */
  params?: number;
  /** FLOPs per token (overrides 6N and llm.c's formula). */
  flopsPerToken?: number;
  /** Accelerator name from the table (`H100`, `A100`, `TPU v5e`, ...); unknown names throw InputError with suggestions. */
  accelerator?: string;
  /** Devices (default: config `devices` / `num_processes`, else 1 with a missing-input note only if MFU needs it). */
  devices?: number;
  /** Peak FLOP/s per device (overrides the accelerator). */
  peakFlops?: number;
  /** llm.c's attention term 6·L·C·T: layers L, channels C, context T (else config num_layers, channels, seq_len). */
  layers?: number;
  channels?: number;
  seqLen?: number;
  /** Tokens per optimiser step (else from config). */
  tokensPerStep?: number;
  /**
   * What the time column is: 'wall' (a wall clock, seconds since the start or epoch seconds) or 'train' (training
   * time only). Default: from the format (W&B history, TensorBoard, Megatron, torchtitan, MLflow: wall; llm.c,
   * modded-nanogpt: train), else the run's config `clock` ('wall' | 'train'), else unknown (no goodput, said so).
   */
  clock?: 'wall' | 'train';
  /** Trailing window (intervals) of the rolling median step time (default 50). */
  window?: number;
  /** Robust z of a slow interval (default 6). */
  stallZ?: number;
  /** A slow interval is also at least this many times the median step time (default 1.5). */
  slowFactor?: number;
  /** Spike detector options for loss and grad norm (default: src/runs/spikes.ts defaults). */
  spikes?: SpikeOptions;
  /**
   * Loss spikes by the block-baseline variant (src/health/block-spikes.ts: baseline refreshed every 50 points)
   * instead of src/runs/spikes.ts' exact trailing window: several times faster on long runs (default false).
   */
  fastSpikes?: boolean;
  /** Steps before an instability in which other events are listed (default 100). */
  eventWindow?: number;
  /** Relative disagreement of logged vs recomputed MFU that is flagged (default 0.05). */
  mfuTolerance?: number;
}

/** Signature of `runHealth` (src/health/health.ts). */
export type RunHealthFn = (rs: RunSet, options?: HealthOptions) => HealthReport;
