/**
 * RunSet: runs (metadata) plus their metrics in long form, columnar.
 *
 * `metrics` is an arquero table with columns run, metric, step, value, tokens, flops, time, flag, sorted by run,
 * metric and step; the same columns are reachable as typed arrays through {@link RunSet.curve} without copying.
 * `superseded` holds points replaced by a restart or a duplicate (with a `reason` column): nothing is lost.
 */
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import type { Curve, FileLineStats, LoadWarning, RunMeta } from './types.js';

/** Columns of points, as the builder hands them over. */
export interface PointColumns {
  runIndex: Int32Array;
  metricIndex: Int32Array;
  step: Float64Array;
  value: Float64Array;
  /** Null when no point of the set has tokens (likewise flops, time). */
  tokens: Float64Array | null;
  flops: Float64Array | null;
  time: Float64Array | null;
  flag: Uint8Array;
}

/** Everything a RunSet is made of (built by {@link RunSetBuilder}; not for direct use). */
export interface RunSetColumns {
  runs: RunMeta[];
  metricNames: string[];
  kept: PointColumns;
  superseded: PointColumns & { reason: string[] };
  /** Contiguous slices of `kept`, one per (run, metric), in run then metric order. */
  curves: { run: number; metric: number; start: number; end: number }[];
  warnings: LoadWarning[];
  /** Per-file line accounting of the line-based loaders (absent: none). */
  lineStats?: FileLineStats[];
}

/** The column names of `RunSet.metrics`, in order. */
export const METRIC_COLUMNS = ['run', 'metric', 'step', 'value', 'tokens', 'flops', 'time', 'flag'] as const;

/**
 * A set of runs with their metrics.
 *
 * @example
 * const rs = await load('data/ablation/');
 * rs.runs.map((r) => r.variant);          // run metadata
 * rs.metrics.numRows();                   // long-form arquero table
 * rs.curve(rs.runs[0].id, 'val/loss');    // typed-array view of one curve
 */
export class RunSet {
  /** Run metadata, in load order. */
  readonly runs: readonly RunMeta[];
  /** Problems that did not stop loading. */
  readonly warnings: readonly LoadWarning[];
  /**
   * Per file read by a line-based loader: lines read, used, skipped as unparsable, read with a problem, dropped as
   * another rank's copy, and whether the last line looks cut. Every skipped or damaged line also has a warning.
   */
  readonly lineStats: readonly FileLineStats[];
  private readonly data: RunSetColumns;
  private readonly curveIndex = new Map<string, { start: number; end: number }>();
  private readonly runById = new Map<string, RunMeta>();
  private metricsTable?: ColumnTable;
  private supersededTable?: ColumnTable;
  private nans = new Float64Array(0);

  constructor(data: RunSetColumns) {
    this.data = data;
    this.runs = data.runs;
    this.warnings = data.warnings;
    this.lineStats = data.lineStats ?? [];
    for (const r of data.runs) this.runById.set(r.id, r);
    for (const c of data.curves) this.curveIndex.set(curveKey(data.runs[c.run]!.id, data.metricNames[c.metric]!), c);
  }

  /**
   * Lines that looked like records but could not be used, over all files (`lineStats` skipped + damaged).
   *
   * @example
   * if (rs.skippedLines > 0) console.warn(rs.warnings.slice(0, 5));
   */
  get skippedLines(): number {
    let n = 0;
    for (const s of this.lineStats) n += s.skipped + s.damaged;
    return n;
  }

  /** Number of metric points (rows of `metrics`). */
  get numPoints(): number {
    return this.data.kept.step.length;
  }

  /** The long-form metrics table (arquero), built on first use over the typed columns. */
  get metrics(): ColumnTable {
    return (this.metricsTable ??= toTable(this.data.kept, this.data));
  }

  /** Points replaced by a later segment after a restart, or by a later duplicate of the same step; `reason` says which. */
  get superseded(): ColumnTable {
    if (!this.supersededTable) {
      const t = toTable(this.data.superseded, this.data);
      this.supersededTable = t.assign({ reason: this.data.superseded.reason });
    }
    return this.supersededTable;
  }

  /** The run with this id. */
  run(id: string): RunMeta | undefined {
    return this.runById.get(id);
  }

  /** Metric names present, in first-seen order. */
  metricNames(): string[] {
    const seen = new Set<number>();
    for (const c of this.data.curves) seen.add(c.metric);
    return this.data.metricNames.filter((_, i) => seen.has(i));
  }

  /** Metric names a run has. */
  runMetrics(id: string): string[] {
    return this.data.curves.filter((c) => this.data.runs[c.run]!.id === id).map((c) => this.data.metricNames[c.metric]!);
  }

  /** One curve as typed-array views (sorted by step), or undefined when the run never logged that metric. */
  curve(runId: string, metric: string): Curve | undefined {
    const c = this.curveIndex.get(curveKey(runId, metric));
    if (!c) return undefined;
    const k = this.data.kept;
    const opt = (col: Float64Array | null) => (col ? col.subarray(c.start, c.end) : this.nanView(c.end - c.start));
    return {
      run: runId,
      metric,
      step: k.step.subarray(c.start, c.end),
      value: k.value.subarray(c.start, c.end),
      tokens: opt(k.tokens),
      flops: opt(k.flops),
      time: opt(k.time),
      flag: k.flag.subarray(c.start, c.end),
    };
  }

  /** Every curve of a metric (or of all metrics), in run order. */
  curves(metric?: string): Curve[] {
    const out: Curve[] = [];
    for (const c of this.data.curves) {
      const name = this.data.metricNames[c.metric]!;
      if (metric !== undefined && name !== metric) continue;
      out.push(this.curve(this.data.runs[c.run]!.id, name)!);
    }
    return out;
  }

  /** A read-only all-NaN view of length n, shared by curves of absent optional columns. */
  private nanView(n: number): Float64Array {
    if (this.nans.length < n) this.nans = new Float64Array(Math.max(n, 2 * this.nans.length)).fill(NaN);
    return this.nans.subarray(0, n);
  }

  /** Whether any point has tokens / flops / time. */
  has(column: 'tokens' | 'flops' | 'time'): boolean {
    return this.data.kept[column] !== null;
  }

  /** The raw columns (for operations that need to build a derived RunSet). */
  columns(): Readonly<RunSetColumns> {
    return this.data;
  }
}

function curveKey(run: string, metric: string): string {
  return run + '\u0000' + metric;
}

function toTable(cols: PointColumns, data: RunSetColumns): ColumnTable {
  const n = cols.step.length;
  const runIds = data.runs.map((r) => r.id);
  const run = new Array<string>(n);
  const metric = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    run[i] = runIds[cols.runIndex[i]!]!;
    metric[i] = data.metricNames[cols.metricIndex[i]!]!;
  }
  return aq.table({
    run,
    metric,
    step: cols.step,
    value: cols.value,
    tokens: cols.tokens ?? new Float64Array(n).fill(NaN),
    flops: cols.flops ?? new Float64Array(n).fill(NaN),
    time: cols.time ?? new Float64Array(n).fill(NaN),
    flag: cols.flag,
  });
}
