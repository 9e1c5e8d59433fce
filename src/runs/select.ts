/**
 * Select runs and metrics: a derived {@link RunSet} holding a subset of runs (`selectRuns`) or metrics
 * (`selectMetrics`). Restarts, summaries and configs of the kept runs are carried over unchanged; superseded
 * points and warnings of the kept runs (and file-level warnings) too. `nonFinite` and `skipped` are recounted
 * over the kept points, so they stay true for the derived set.
 */
import { InputError } from '../errors.js';
import { RunSet, type PointColumns, type RunSetColumns } from './runset.js';
import { Flag, type ConfigValue, type RunMeta } from './types.js';

/** Run properties to match; an array means "any of". `config` matches each given key exactly. */
export interface RunFilter {
  variant?: string | string[];
  seed?: string | number | (string | number)[];
  state?: string | string[];
  format?: string | string[];
  config?: Record<string, ConfigValue | ConfigValue[]>;
}

/** How to choose runs: a predicate, a list of run ids, or a {@link RunFilter}. */
export type RunSelector = ((run: RunMeta, index: number) => boolean) | readonly string[] | RunFilter;

/**
 * The runs of `rs` that match `selector`, in their original order.
 *
 * A list of ids must name existing runs (an unknown id throws InputError: a typo should not yield an empty set).
 *
 * @example
 * selectRuns(rs, { variant: 'swiglu' });
 * selectRuns(rs, ['run-1', 'run-7']);
 * selectRuns(rs, (r) => Number(r.config.N) > 1e8);
 */
export function selectRuns(rs: RunSet, selector: RunSelector): RunSet {
  const runs = rs.runs;
  let keep: boolean[];
  if (typeof selector === 'function') {
    keep = runs.map((r, i) => selector(r, i));
  } else if (Array.isArray(selector)) {
    const ids = new Set<string>(selector as readonly string[]);
    const unknown = [...ids].filter((id) => !rs.run(id));
    if (unknown.length) throw new InputError(`selectRuns: no run with id ${unknown.map((u) => `'${u}'`).join(', ')}`);
    keep = runs.map((r) => ids.has(r.id));
  } else {
    const f = selector as RunFilter;
    keep = runs.map((r) => matches(r, f));
  }
  return derive(rs, keep, null);
}

/**
 * Keep only the named metrics (all runs stay, even a run left without any curve: its summary may still serve).
 * Unknown names throw InputError.
 *
 * @example
 * selectMetrics(rs, ['val/loss', 'train/loss']);
 */
export function selectMetrics(rs: RunSet, names: string | readonly string[]): RunSet {
  const list = typeof names === 'string' ? [names] : names;
  const present = new Set(rs.metricNames());
  const unknown = list.filter((n) => !present.has(n));
  if (unknown.length) throw new InputError(`selectMetrics: no metric ${unknown.map((u) => `'${u}'`).join(', ')} (have: ${[...present].join(', ')})`);
  const want = new Set(list);
  const metricKeep = rs.columns().metricNames.map((m) => want.has(m));
  return derive(rs, rs.runs.map(() => true), metricKeep);
}

function matches(r: RunMeta, f: RunFilter): boolean {
  const oneOf = <T>(want: T | T[] | undefined, have: T | undefined): boolean =>
    want === undefined || (Array.isArray(want) ? want.includes(have as T) : want === have);
  if (!oneOf(f.variant, r.variant) || !oneOf(f.seed, r.seed) || !oneOf(f.state, r.state) || !oneOf(f.format, r.format)) return false;
  if (f.config) {
    for (const [k, v] of Object.entries(f.config)) if (!oneOf(v, r.config[k])) return false;
  }
  return true;
}

/**
 * A RunSet restricted to runs with `runKeep[i]` and (when given) metrics with `metricKeep[m]`.
 * Internal building block of the select verbs (not in the barrel).
 *
 * @example
 * derive(rs, rs.runs.map((r) => r.state === 'finished'), null);
 */
export function derive(rs: RunSet, runKeep: readonly boolean[], metricKeep: readonly boolean[] | null): RunSet {
  const src = rs.columns();
  const runMap = new Int32Array(src.runs.length).fill(-1);
  const runs: RunMeta[] = [];
  src.runs.forEach((r, i) => {
    if (!runKeep[i]) return;
    runMap[i] = runs.length;
    runs.push(copyMeta(r));
  });
  const metricMap = new Int32Array(src.metricNames.length).fill(-1);
  const metricNames: string[] = [];
  src.metricNames.forEach((m, i) => {
    if (metricKeep && !metricKeep[i]) return;
    metricMap[i] = metricNames.length;
    metricNames.push(m);
  });

  const keptCurves = src.curves.filter((c) => runMap[c.run]! >= 0 && metricMap[c.metric]! >= 0);
  let n = 0;
  for (const c of keptCurves) n += c.end - c.start;
  const kept = allocPoints(n, src.kept);
  const curves: RunSetColumns['curves'] = [];
  let at = 0;
  for (const c of keptCurves) {
    const len = c.end - c.start;
    copyRange(src.kept, c.start, c.end, kept, at);
    kept.runIndex.fill(runMap[c.run]!, at, at + len);
    kept.metricIndex.fill(metricMap[c.metric]!, at, at + len);
    curves.push({ run: runMap[c.run]!, metric: metricMap[c.metric]!, start: at, end: at + len });
    at += len;
  }
  for (const r of runs) { r.nonFinite = 0; r.skipped = 0; }
  for (let i = 0; i < n; i++) {
    const f = kept.flag[i]!;
    if (f === Flag.nonFinite) runs[kept.runIndex[i]!]!.nonFinite++;
    else if (f === Flag.skipped) runs[kept.runIndex[i]!]!.skipped++;
  }

  const sup = src.superseded;
  const supIdx: number[] = [];
  for (let i = 0; i < sup.step.length; i++) {
    if (runMap[sup.runIndex[i]!]! >= 0 && metricMap[sup.metricIndex[i]!]! >= 0) supIdx.push(i);
  }
  const superseded = { ...allocPoints(supIdx.length, sup), reason: new Array<string>(supIdx.length) };
  supIdx.forEach((i, j) => {
    copyRange(sup, i, i + 1, superseded, j);
    superseded.runIndex[j] = runMap[sup.runIndex[i]!]!;
    superseded.metricIndex[j] = metricMap[sup.metricIndex[i]!]!;
    superseded.reason[j] = sup.reason[i]!;
  });

  dropAllNaN(kept);
  dropAllNaN(superseded);
  const keptIds = new Set(runs.map((r) => r.id));
  const warnings = src.warnings.filter((w) => w.run === undefined || keptIds.has(w.run));
  return new RunSet({ runs, metricNames, kept, superseded, curves, warnings, lineStats: [...(src.lineStats ?? [])] });
}

function copyMeta(r: RunMeta): RunMeta {
  const m: RunMeta = { ...r, config: { ...r.config }, restarts: r.restarts.map((x) => ({ ...x })) };
  if (r.summary) m.summary = { ...r.summary };
  return m;
}

/** Columns for n points; an optional column absent (null) in `like` stays absent. */
function allocPoints(n: number, like: PointColumns): PointColumns {
  return {
    runIndex: new Int32Array(n),
    metricIndex: new Int32Array(n),
    step: new Float64Array(n),
    value: new Float64Array(n),
    tokens: like.tokens ? new Float64Array(n) : null,
    flops: like.flops ? new Float64Array(n) : null,
    time: like.time ? new Float64Array(n) : null,
    flag: new Uint8Array(n),
  };
}

/** An optional column with no value left in the subset becomes absent, so `RunSet.has()` stays true to the data. */
function dropAllNaN(c: PointColumns): void {
  for (const k of ['tokens', 'flops', 'time'] as const) {
    const a = c[k];
    if (a && a.every((v) => Number.isNaN(v))) c[k] = null;
  }
}

function copyRange(src: PointColumns, start: number, end: number, dst: PointColumns, at: number): void {
  dst.step.set(src.step.subarray(start, end), at);
  dst.value.set(src.value.subarray(start, end), at);
  if (src.tokens && dst.tokens) dst.tokens.set(src.tokens.subarray(start, end), at);
  if (src.flops && dst.flops) dst.flops.set(src.flops.subarray(start, end), at);
  if (src.time && dst.time) dst.time.set(src.time.subarray(start, end), at);
  dst.flag.set(src.flag.subarray(start, end), at);
}
