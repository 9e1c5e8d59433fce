/**
 * Final value per run: the last logged point of a metric, or the mean of the last k points.
 *
 * A non-finite final point is REPORTED (value NaN or +-Infinity, flag `non_finite` or `skipped`), never replaced
 * by an earlier finite one: a diverged run must not look converged. A run without a curve of the metric falls back
 * to `RunMeta.summary[metric]` (flag `summary`, step NaN); a run with neither is not a row but is listed in
 * `missing`, so nothing disappears silently.
 */
import { InputError } from '../errors.js';
import { didYouMean } from '../suggest.js';
import type { RunSet } from './runset.js';
import { Flag } from './types.js';

/** How a final value was obtained. */
export type FinalFlag =
  /** Finite, from the curve (the last point, or the mean of a full window of k points). */
  | 'ok'
  /** The final point (or one in the window) is NaN or +-Infinity: the value is that non-finite number (or the mean, NaN/Inf). */
  | 'non_finite'
  /** The final point (or one in the window) is a skipped iteration: the value is NaN. */
  | 'skipped'
  /** `lastK` asked for more points than the curve has: the mean is over all `n` points. */
  | 'short_window'
  /** From `RunMeta.summary` (the run has no curve of this metric); step is NaN. */
  | 'summary';

/** One run's final value. */
export interface FinalValue {
  run: string;
  name: string;
  variant: string | undefined;
  seed: string | number | undefined;
  value: number;
  /** Step of the last point (NaN for a summary value). */
  step: number;
  /** Tokens and FLOPs at the last point, NaN when not logged. */
  tokens: number;
  flops: number;
  /** Number of points averaged (1 for the last point, up to k, 0 for a summary value). */
  n: number;
  flag: FinalFlag;
  /** Step of the run's last logged point of the metric (how far it got; NaN for a summary value). */
  reached: number;
}

/** Rows (one per run that has the metric or a summary of it) plus the ids of runs that have neither. */
export type FinalValues = FinalValue[] & { readonly missing: readonly string[] };

/** Options of {@link finalValues}. */
export interface FinalOptions {
  /** Average the last k points (k >= 1, integer) instead of taking the last one. */
  lastK?: number;
  /**
   * Read each curve up to a step instead of to its end: the last point at or before that step (the k points
   * ending there with `lastK`); a run whose curve has no point at or before it is listed in `missing`.
   * Default: each run's own last point. `reached` in the rows always says where the run's curve ends.
   */
  upToStep?: number;
}

/**
 * The final value of `metric` for every run.
 *
 * @example
 * const fv = finalValues(rs, 'val/loss', { lastK: 5 });
 * fv.map((r) => [r.run, r.value, r.flag]);
 * fv.missing; // ids of runs with neither a val/loss curve nor a summary value
 * finalValues(rs, 'val/loss', { upToStep: 1750 }); // each run's last point at or before step 1,750
 */
export function finalValues(rs: RunSet, metric: string, options: FinalOptions = {}): FinalValues {
  const k = options.lastK ?? 1;
  if (!Number.isInteger(k) || k < 1) throw new InputError(`finalValues: lastK must be a positive integer, got ${k}`);
  if (options.upToStep !== undefined && Number.isNaN(options.upToStep)) throw new InputError('finalValues: upToStep must be a number, got NaN');
  const rows: FinalValue[] = [];
  const missing: string[] = [];
  for (const run of rs.runs) {
    const base = { run: run.id, name: run.name, variant: run.variant, seed: run.seed };
    const c = rs.curve(run.id, metric);
    let len = c ? c.step.length : 0;
    if (c && options.upToStep !== undefined) while (len > 0 && !(c.step[len - 1]! <= options.upToStep)) len--;
    if (c && len > 0) {
      const last = len - 1;
      const n = Math.min(k, len);
      let sum = 0;
      let flag: FinalFlag = n < k ? 'short_window' : 'ok';
      let sawNonFinite = false, sawSkipped = false;
      for (let i = len - n; i < len; i++) {
        sum += c.value[i]!;
        if (c.flag[i] === Flag.skipped) sawSkipped = true;
        else if (!Number.isFinite(c.value[i]!)) sawNonFinite = true;
      }
      if (sawNonFinite) flag = 'non_finite';
      else if (sawSkipped) flag = 'skipped';
      const value = n === 1 ? c.value[last]! : sum / n;
      rows.push({ ...base, value, step: c.step[last]!, tokens: c.tokens[last]!, flops: c.flops[last]!, n, flag, reached: c.step[c.step.length - 1]! });
    } else if (c && c.step.length > 0) {
      missing.push(run.id);
    } else if (run.summary && Object.prototype.hasOwnProperty.call(run.summary, metric)) {
      rows.push({ ...base, value: run.summary[metric]!, step: NaN, tokens: NaN, flops: NaN, n: 0, flag: 'summary', reached: NaN });
    } else {
      missing.push(run.id);
    }
  }
  return Object.assign(rows, { missing }) as FinalValues;
}

/**
 * The metrics a RunSet has: curve metrics, then summary-only keys (numbers in `run.summary`), each once.
 *
 * @example
 * metricsOf(rs); // ['train/loss', 'val/loss', 'final_ppl']
 */
export function metricsOf(rs: RunSet): string[] {
  const names = new Set(rs.metricNames());
  for (const run of rs.runs) for (const [k, v] of Object.entries(run.summary ?? {})) if (typeof v === 'number') names.add(k);
  return [...names];
}

/**
 * Throw an InputError naming the metrics the RunSet has (and the closest to `metric`) when no run has `metric`
 * as a curve or a summary value. `who` starts the message (the function or flag that asked).
 *
 * @example
 * requireMetric(rs, 'val/los', 'variantsFromRunSet');
 * // InputError: variantsFromRunSet: no run has the metric 'val/los' (metrics found: train/loss, val/loss). Did you mean val/loss?
 */
export function requireMetric(rs: RunSet, metric: string, who: string): void {
  const all = metricsOf(rs);
  if (all.includes(metric)) return;
  const shown = all.length > 30 ? `${all.slice(0, 30).join(', ')}, … (${all.length} in all)` : all.join(', ');
  throw new InputError(`${who}: no run has the metric '${metric}' (${rs.runs.length} run(s); metrics found: ${shown || 'none'}).${didYouMean(metric, all)}`);
}
