/**
 * Which column of a table plays which role: run, step, metric and value (long form), tokens, flops, time; the
 * rest are metric columns (wide form); a long table may also have a `flag` column. Names match
 * case-insensitively; `runColumn`/`stepColumn` override.
 *
 * @example
 * resolveRoles(['Run', 'step', 'metric', 'value', 'flag'], {}); // { long: true, run: 0, step: 1, metric: 2, value: 3, flag: 4, ... }
 */
import type { LoadOptions } from '../types.js';

/** Column indices by role (-1 when absent) and the metric columns of a wide table. */
export interface Roles {
  long: boolean;
  run: number;
  step: number;
  metric: number;
  value: number;
  tokens: number;
  flops: number;
  time: number;
  /** Long form only: a `flag` column (0 ok, 1 non-finite, 2 skipped iteration, as src/runs/io.ts writes it); -1 otherwise. */
  flag: number;
  /** Wide form: indices of the metric columns. */
  metrics: number[];
}

/** Default candidates, in order of preference. */
export const RUN_NAMES = ['run', 'run_id', 'name'];
/**
 * Step names in order of preference: the usual ones, W&B's `_step` and `trainer/global_step` (Lightning through
 * W&B), LLaMA-Factory's `current_steps` (trainer_log.jsonl), and last `epoch` (Keras CSVLogger, whose only index
 * it is; a table that also has a step column keeps epoch as a metric).
 */
export const STEP_NAMES = ['step', '_step', 'iteration', 'iter', 'global_step', 'trainer/global_step', 'train/global_step', 'current_steps', 'steps', 'num_steps', 'global_steps', 'it', 'epoch'];
export const TIME_NAMES = ['time', 'wall_time', 'walltime', 'elapsed_time'];
/** Cumulative-tokens names (LLaMA-Factory's `total_tokens`, HF's `num_input_tokens_seen`). */
export const TOKEN_NAMES = ['tokens', 'total_tokens', 'num_input_tokens_seen', 'tokens_seen'];

/** Extra rules a specific format adds to the generic ones. */
export interface RoleHints {
  step?: string[];
  time?: string[];
  /** Columns that are neither roles nor metrics. */
  ignore?: string[];
  /** Never treat any column as the run column (one run per file). */
  noRun?: boolean;
}

/**
 * Assign roles to header names.
 *
 * @example
 * resolveRoles(['_step', '_runtime', 'loss'], {}, { step: ['_step'], time: ['_runtime'] }).metrics; // [2]
 */
export function resolveRoles(names: readonly string[], options: Readonly<LoadOptions>, hints: RoleHints = {}): Roles {
  const lower = names.map((n) => n.trim().toLowerCase());
  const find = (cands: readonly string[]): number => {
    for (const c of cands) {
      const i = lower.indexOf(c.toLowerCase());
      if (i >= 0) return i;
    }
    return -1;
  };
  const step = find(options.stepColumn !== undefined ? [options.stepColumn] : (hints.step ?? STEP_NAMES));
  const run = hints.noRun ? -1 : find(options.runColumn !== undefined ? [options.runColumn] : RUN_NAMES);
  const metric = find(['metric']);
  const value = find(['value']);
  const long = metric >= 0 && value >= 0;
  const tokens = find(TOKEN_NAMES);
  const flops = find(['flops']);
  const time = find(hints.time ?? TIME_NAMES);
  // In wide form a column called `flag` is an ordinary metric; in long form it is the point's flag.
  const flag = long ? find(['flag']) : -1;
  const ignore = new Set((hints.ignore ?? []).map((s) => s.toLowerCase()));
  const taken = new Set([step, run, tokens, flops, time, ...(long ? [metric, value] : [])]);
  const metrics: number[] = [];
  if (!long) {
    for (let i = 0; i < names.length; i++) if (!taken.has(i) && !ignore.has(lower[i]!)) metrics.push(i);
  }
  return { long, run, step, metric, value, tokens, flops, time, flag, metrics };
}

/** A readable description of the step candidates, for errors. */
export function stepCandidates(options: Readonly<LoadOptions>, hints: RoleHints = {}): string {
  return options.stepColumn !== undefined ? `'${options.stepColumn}' (stepColumn, CLI --step-column)` : (hints.step ?? STEP_NAMES).join(', ');
}
