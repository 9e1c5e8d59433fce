/**
 * Resumes from checkpoint as report rows. The builder detects them (a metric's step going backwards) and records
 * them on `RunMeta.restarts`; superseded points stay in `RunSet.superseded`.
 */
import type { RunSet } from './runset.js';

/** One resume: the run went back from `from_step` to `to_step`; `superseded` points of the earlier segment were replaced. */
export interface RestartRow {
  run: string;
  from_step: number;
  to_step: number;
  superseded: number;
}

/**
 * Every restart of every run, in run order then in order of occurrence.
 *
 * @example
 * restarts(rs); // [{ run: 'a', from_step: 4000, to_step: 3500, superseded: 500 }]
 */
export function restarts(rs: RunSet): RestartRow[] {
  const rows: RestartRow[] = [];
  for (const r of rs.runs) {
    for (const x of r.restarts) rows.push({ run: r.id, from_step: x.fromStep, to_step: x.toStep, superseded: x.superseded });
  }
  return rows;
}
