/**
 * `runHealthParallel`: {@link runHealth} over the runs split into contiguous chunks, the first analysed on the calling
 * thread and the others on worker threads (node:worker_threads), concatenated in run order. Each run's health depends
 * on that run's data alone, so the report is the same as `runHealth`'s (test/health/parallel.test.ts compares them
 * field by field). Below `minPoints` metric points, or with one thread, it is `runHealth` itself (starting a worker
 * costs more than it saves). A chunk whose worker cannot start or fails is analysed on the calling thread instead.
 *
 * Each worker is started first (its start-up overlaps the copy), then gets a copy of its chunk's columns: the runs'
 * kept points are one contiguous range of the columns (curves are stored in run order), so the copy is a slice of
 * each typed array (runs/select.ts `derive` if they are not), transferred, not cloned, with the original run metadata, and the result's typed arrays come back transferred too: that is why this module speaks its own
 * message protocol rather than src/workers.ts's job pool (whose worker entry it shares).
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { PointColumns, RunSet, RunSetColumns } from '../runs/runset.js';
import { derive } from '../runs/select.js';
import { workerEntry } from '../workers.js';
import { checkOptions, healthOfRuns, seriesViews, totalOf } from './health.js';
import type { HealthOptions, HealthReport, HealthWarning, RunHealth } from './types.js';

/** Options of {@link runHealthParallel}. */
export interface ParallelOptions {
  /** Threads including the calling one (default: the machine's parallelism, at most 4). */
  threads?: number;
  /** Below this many metric points the analysis stays on the calling thread (default 4,000,000). */
  minPoints?: number;
}

type Part = { runs: RunHealth[]; warnings: HealthWarning[] };

/**
 * The health report of `rs`, as {@link runHealth} gives it, with the runs spread over threads for large inputs.
 *
 * @example
 * const h = await runHealthParallel(rs, { accelerator: 'H100', devices: 8 });
 * h.total.goodput; // the same number as runHealth(rs, ...).total.goodput
 */
export async function runHealthParallel(rs: RunSet, options: HealthOptions = {}, par: ParallelOptions = {}): Promise<HealthReport> {
  checkOptions(options);
  const nRuns = rs.runs.length;
  const threads = Math.max(1, Math.min(par.threads ?? Math.min(4, availableParallelism()), nRuns));
  if (threads === 1 || rs.numPoints < (par.minPoints ?? 4_000_000)) {
    const { runs, warnings } = healthOfRuns(rs, options, 0, nRuns);
    return { runs, total: totalOf(runs), warnings };
  }
  const cuts = splitByPoints(rs, threads);
  // start the workers first, then analyse the first chunk here while they run
  const pending: Promise<Part>[] = [];
  for (let t = 1; t < threads; t++) pending.push(inWorker(rs, options, cuts[t]!, cuts[t + 1]!));
  const parts: Part[] = [healthOfRuns(rs, options, cuts[0]!, cuts[1]!)];
  for (const p of pending) parts.push(await p);
  const runs: RunHealth[] = [], warnings: HealthWarning[] = [];
  for (const p of parts) {
    runs.push(...p.runs);
    warnings.push(...p.warnings);
  }
  return { runs, total: totalOf(runs), warnings };
}

/** Run boundaries [c0 = 0, ..., c_threads = n] that give each chunk about the same number of kept points. */
function splitByPoints(rs: RunSet, threads: number): number[] {
  const perRun = new Float64Array(rs.runs.length);
  for (const c of rs.columns().curves) perRun[c.run] = perRun[c.run]! + (c.end - c.start);
  let total = 0;
  for (const v of perRun) total += v;
  const cuts = [0];
  let acc = 0;
  for (let r = 0; r < perRun.length && cuts.length < threads; r++) {
    acc += perRun[r]!;
    if (acc >= (total * cuts.length) / threads && r + 1 < perRun.length) cuts.push(r + 1);
  }
  while (cuts.length < threads) cuts.push(perRun.length);
  cuts.push(perRun.length);
  return cuts;
}

/**
 * The columns of the runs [from, to) alone, runs renumbered from 0, with the original run metadata: slices of the
 * kept columns when the runs' curves are one contiguous range (as RunSetBuilder stores them), else `derive`'s copy.
 */
function chunkColumns(rs: RunSet, from: number, to: number): RunSetColumns {
  const src = rs.columns();
  const runs = rs.runs.slice(from, to) as RunSetColumns['runs'];
  const mine = src.curves.filter((c) => c.run >= from && c.run < to);
  let lo = Infinity, hi = -Infinity, len = 0;
  for (const c of mine) {
    if (c.start < lo) lo = c.start;
    if (c.end > hi) hi = c.end;
    len += c.end - c.start;
  }
  if (mine.length === 0 || hi - lo !== len) {
    // the original metadata: derive recounts a run's non-finite and skipped points over the points it keeps
    return { ...derive(rs, rs.runs.map((_, i) => i >= from && i < to), null).columns(), runs };
  }
  const cut = (p: PointColumns, a: number, b: number): PointColumns => ({
    runIndex: p.runIndex.slice(a, b),
    metricIndex: p.metricIndex.slice(a, b),
    step: p.step.slice(a, b),
    value: p.value.slice(a, b),
    tokens: p.tokens ? p.tokens.slice(a, b) : null,
    flops: p.flops ? p.flops.slice(a, b) : null,
    time: p.time ? p.time.slice(a, b) : null,
    flag: p.flag.slice(a, b),
  });
  const kept = cut(src.kept, lo, hi);
  for (let i = 0; i < kept.runIndex.length; i++) kept.runIndex[i] = kept.runIndex[i]! - from;
  const curves = mine.map((c) => ({ run: c.run - from, metric: c.metric, start: c.start - lo, end: c.end - lo }));
  // the superseded points of these runs (few): picked one by one
  const sup = src.superseded;
  const idx: number[] = [];
  for (let i = 0; i < sup.runIndex.length; i++) if (sup.runIndex[i]! >= from && sup.runIndex[i]! < to) idx.push(i);
  const pick = <T extends Float64Array | Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
    const out = make(idx.length);
    for (let j = 0; j < idx.length; j++) out[j] = a[idx[j]!]!;
    return out;
  };
  const f64 = (n: number) => new Float64Array(n), i32 = (n: number) => new Int32Array(n);
  const superseded = {
    runIndex: pick(sup.runIndex, i32).map((r) => r - from),
    metricIndex: pick(sup.metricIndex, i32),
    step: pick(sup.step, f64),
    value: pick(sup.value, f64),
    tokens: sup.tokens ? pick(sup.tokens, f64) : null,
    flops: sup.flops ? pick(sup.flops, f64) : null,
    time: sup.time ? pick(sup.time, f64) : null,
    flag: pick(sup.flag, (n) => new Uint8Array(n)),
    reason: idx.map((i) => sup.reason[i]!),
  };
  const ids = new Set(runs.map((r) => r.id));
  return { runs, metricNames: src.metricNames, kept, superseded, curves, warnings: src.warnings.filter((x) => x.run === undefined || ids.has(x.run)) };
}

/** The runs [from, to) analysed on a worker thread; on the calling thread if the worker cannot. */
async function inWorker(rs: RunSet, options: HealthOptions, from: number, to: number): Promise<Part> {
  if (from >= to) return { runs: [], warnings: [] };
  const local = (): Part => healthOfRuns(rs, options, from, to);
  let w: Worker;
  let columns: RunSetColumns;
  try {
    const entry = workerEntry(import.meta.url, 'worker');
    if (entry === null) return local();
    w = new Worker(entry.url, { eval: entry.eval });
  } catch {
    return local();
  }
  try {
    columns = chunkColumns(rs, from, to);
  } catch {
    void w.terminate();
    return local();
  }
  const got = await new Promise<Part | null>((resolve) => {
    w.once('message', (m: { ok: true; runs: RunHealth[]; warnings: HealthWarning[] } | { ok: false; error: string }) => resolve(m.ok ? { runs: m.runs, warnings: m.warnings } : null));
    w.once('error', () => resolve(null));
    w.once('exit', () => resolve(null));
    const buffers = new Set<ArrayBuffer>();
    for (const pc of [columns.kept, columns.superseded]) for (const a of [pc.runIndex, pc.metricIndex, pc.step, pc.value, pc.tokens, pc.flops, pc.time, pc.flag]) if (a && a.buffer instanceof ArrayBuffer) buffers.add(a.buffer);
    w.postMessage({ columns, options }, [...buffers]);
  });
  void w.terminate();
  if (!got) return local();
  // re-point the series that were views of the chunk's columns at this RunSet's own columns
  for (const r of got.runs) {
    const v = seriesViews(r);
    const c = v.step ? rs.curve(r.id, r.step_metric) : undefined;
    if (c) {
      r.series.step = c.step;
      if (v.loss) r.series.loss = c.value;
    }
  }
  return got;
}
