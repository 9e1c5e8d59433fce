/**
 * The worker side of ./parallel.ts: receives the columns of a chunk of runs and the (checked) options, analyses
 * every run of the chunk with the same code as `runHealth`, and posts back the runs and warnings. The series that
 * are views of the chunk's own columns (the step column; the loss when it is the step metric) go back empty: the
 * caller re-points them at its RunSet, so they are not copied twice.
 *
 * @example
 * // started by runHealthParallel; message in: { columns, options }, out: { ok, runs, warnings } or { ok: false, error }
 */
import { parentPort } from 'node:worker_threads';
import { RunSet, type RunSetColumns } from '../runs/runset.js';
import { healthOfRuns, seriesViews } from './health.js';
import type { HealthOptions } from './types.js';

const port = parentPort;
if (port) {
  port.on('message', (m: { columns: RunSetColumns; options: HealthOptions }) => {
    try {
      const { runs, warnings } = healthOfRuns(new RunSet(m.columns), m.options, 0, m.columns.runs.length);
      const transfer = new Set<ArrayBuffer>();
      for (const r of runs) {
        const v = seriesViews(r);
        if (v.step) r.series.step = new Float64Array(0);
        if (v.loss) r.series.loss = new Float64Array(0);
        for (const a of Object.values(r.series)) if (a.length > 0 && a.buffer instanceof ArrayBuffer) transfer.add(a.buffer);
      }
      port.postMessage({ ok: true, runs, warnings }, [...transfer]);
    } catch (e) {
      port.postMessage({ ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    }
  });
}
