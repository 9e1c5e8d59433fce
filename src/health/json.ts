/**
 * The `--json` shape of `scalelab health` (issue 14): per run id, wall_s, productive_s, goodput, badput, tokens_per_s,
 * mfu and events {kind, step, time_s, detail}; the total; the warnings. Non-finite numbers are left as they are:
 * the CLI's `jsonReplacer` writes them as strings ("NaN"), as every scalelab command does.
 */
import type { Badput, HealthReport, HealthWarning, MfuSummary, Quantiles } from './types.js';

/** One run in the JSON. */
export interface HealthJsonRun {
  id: string;
  wall_s: number;
  productive_s: number;
  goodput: number;
  badput: Badput;
  tokens_per_s: Quantiles;
  mfu: MfuSummary;
  events: { kind: string; step: number; time_s: number; detail: string }[];
}

/** What `scalelab health --json` prints. */
export interface HealthJson {
  runs: HealthJsonRun[];
  total: { runs: number; timed_runs: number; wall_s: number; productive_s: number; goodput: number; badput: Badput };
  warnings: HealthWarning[];
}

/**
 * The JSON form of a health report (plain objects, numbers as computed).
 *
 * @example
 * JSON.stringify(healthJson(runHealth(rs)), jsonReplacer, 2);
 */
export function healthJson(h: HealthReport): HealthJson {
  return {
    runs: h.runs.map((r) => ({
      id: r.id,
      wall_s: r.wall_s,
      productive_s: r.productive_s,
      goodput: r.goodput,
      badput: { ...r.badput },
      tokens_per_s: { ...r.tokens_per_s },
      mfu: { ...r.mfu },
      events: r.events.map((e) => ({ kind: e.kind, step: e.step, time_s: e.time_s, detail: e.detail })),
    })),
    total: { ...h.total, badput: { ...h.total.badput } },
    warnings: h.warnings.map((w) => ({ ...w })),
  };
}
