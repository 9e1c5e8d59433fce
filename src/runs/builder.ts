/**
 * RunSetBuilder: how loaders (and interop) put points into the run model.
 *
 * Points are appended in file order into growable typed columns. `build()` then
 *  1. detects restarts: a metric's step going backwards is a resume from checkpoint; the later segment wins
 *     (every point of the run logged earlier at a step >= the resume step is superseded, as TensorBoard purges
 *     orphaned data), and each restart is recorded with its step range. One point whose step goes back by more
 *     than the metric's logging interval and whose next point continues the original sequence (10, 20, 30, 40,
 *     5, 60: the 5 was 50 before damage) is a damaged step, not a restart: that point alone is set aside
 *     (superseded, reason 'damaged') with a warning, and the run is kept;
 *  2. keeps the last of duplicated (run, metric, step) points (a value logged twice for one step);
 *  3. sorts points by run, metric, step, so that every curve is a contiguous slice.
 * Superseded points are kept in `RunSet.superseded`; non-finite values and skipped iterations are kept and
 * flagged. Nothing is silently dropped.
 */
import { escapeControl, InputError } from '../errors.js';
import { RunSet, type RunSetColumns } from './runset.js';
import { Flag, type Config, type FileLineStats, type FlagValue, type LoadWarning, type RunMeta } from './types.js';

/** What a loader knows about a run when it starts one. */
export interface RunInit {
  id: string;
  name?: string;
  source: string;
  variant?: string;
  seed?: string | number;
  config?: Config;
  state?: string;
  format?: string;
  summary?: Record<string, number>;
}

/** Optional columns of a point; missing ones are NaN. */
export interface PointExtra {
  tokens?: number;
  flops?: number;
  /** Wall time in seconds (since the run's start, or epoch seconds: as the source gives it). */
  time?: number;
  /** Set to Flag.skipped for a skipped iteration; non-finite values are flagged automatically. */
  flag?: FlagValue;
}

const REASON_RESTART = 1;
const REASON_DUPLICATE = 2;
const REASON_DAMAGED = 3;

interface PendingRestart {
  pos: number;
  toStep: number;
  fromStep: number;
}

/** A state of a {@link RunSetBuilder} to roll back to. */
export interface BuilderMark {
  readonly runs: number;
  readonly metrics: number;
  readonly points: number;
  readonly warnings: number;
  readonly lineStats: number;
}

/**
 * Builds a {@link RunSet} point by point.
 *
 * @example
 * const b = new RunSetBuilder();
 * const r = b.addRun({ id: 'a', source: 'a.log', config: { N: 124e6 } });
 * b.add(r, 0, 'train/loss', 10.9);
 * b.add(r, 1, 'train/loss', 9.7, { time: 0.4 });
 * const rs = b.build(); // rs.curve('a', 'train/loss').value -> Float64Array [10.9, 9.7]
 */
export class RunSetBuilder {
  private readonly runMetas: RunMeta[] = [];
  private readonly runIds = new Map<string, number>();
  private readonly metricNames: string[] = [];
  private readonly metricIds = new Map<string, number>();
  private readonly warningList: LoadWarning[] = [];
  private readonly lineStatList: FileLineStats[] = [];
  private n = 0;
  private cap = 0;
  private cRun = new Int32Array(0);
  private cMetric = new Int32Array(0);
  private cStep = new Float64Array(0);
  private cValue = new Float64Array(0);
  // Optional columns are allocated on the first finite value (many sources have no tokens, FLOPs or time).
  private cTokens: Float64Array | null = null;
  private cFlops: Float64Array | null = null;
  private cTime: Float64Array | null = null;
  private cFlag = new Uint8Array(0);

  /** Number of points added so far. */
  get size(): number {
    return this.n;
  }

  /** Start a run; returns its index for {@link add}. Ids must be unique. */
  addRun(init: RunInit): number {
    if (this.runIds.has(init.id)) throw new InputError(`duplicate run id '${init.id}' (from ${init.source})`);
    const meta: RunMeta = {
      id: init.id,
      name: init.name ?? init.id,
      source: init.source,
      config: { ...(init.config ?? {}) },
      restarts: [],
      nonFinite: 0,
      skipped: 0,
    };
    if (init.variant !== undefined) meta.variant = init.variant;
    if (init.seed !== undefined) meta.seed = init.seed;
    if (init.state !== undefined) meta.state = init.state;
    if (init.format !== undefined) meta.format = init.format;
    if (init.summary !== undefined) meta.summary = { ...init.summary };
    this.runIds.set(init.id, this.runMetas.length);
    this.runMetas.push(meta);
    return this.runMetas.length - 1;
  }

  /** Whether a run id is taken. */
  hasRun(id: string): boolean {
    return this.runIds.has(id);
  }

  /** The metadata of run `index` (mutable until build: loaders may fill config late). */
  meta(index: number): RunMeta {
    const m = this.runMetas[index];
    if (!m) throw new RangeError(`no run with index ${index}`);
    return m;
  }

  /** The id of a metric name, for the fast path {@link push}. */
  metricId(name: string): number {
    let id = this.metricIds.get(name);
    if (id === undefined) {
      id = this.metricNames.length;
      this.metricIds.set(name, id);
      this.metricNames.push(name);
    }
    return id;
  }

  /** Append one point (convenience form). */
  add(run: number, step: number, metric: string, value: number, extra?: PointExtra): void {
    this.push(run, step, this.metricId(metric), value, extra?.tokens ?? NaN, extra?.flops ?? NaN, extra?.time ?? NaN, extra?.flag ?? Flag.ok);
  }

  /** Append one point (fast path for bulk loaders: metric by id, extras positional, NaN when missing). */
  push(run: number, step: number, metric: number, value: number, tokens = NaN, flops = NaN, time = NaN, flag: number = Flag.ok): void {
    if (this.n === this.cap) this.grow();
    const i = this.n++;
    this.cRun[i] = run;
    this.cMetric[i] = metric;
    this.cStep[i] = step;
    this.cValue[i] = value;
    if (this.cTokens) this.cTokens[i] = tokens;
    else if (tokens === tokens) (this.cTokens = nanArray(this.cap))[i] = tokens;
    if (this.cFlops) this.cFlops[i] = flops;
    else if (flops === flops) (this.cFlops = nanArray(this.cap))[i] = flops;
    if (this.cTime) this.cTime[i] = time;
    else if (time === time) (this.cTime = nanArray(this.cap))[i] = time;
    this.cFlag[i] = flag === Flag.ok && !Number.isFinite(value) ? Flag.nonFinite : flag;
  }

  /**
   * A point to return to with {@link rollback}: a loader that fails half-way through a file leaves nothing behind.
   *
   * @example
   * const m = b.mark(); try { await loader.load(ctx); } catch { b.rollback(m); }
   */
  mark(): BuilderMark {
    return { runs: this.runMetas.length, metrics: this.metricNames.length, points: this.n, warnings: this.warningList.length, lineStats: this.lineStatList.length };
  }

  /**
   * Drop every run, metric name, point and warning added since `mark`.
   *
   * @example
   * const m = b.mark(); b.addRun({ id: 'x', source: 'x.log' }); b.rollback(m); b.hasRun('x'); // false
   */
  rollback(mark: BuilderMark): void {
    for (let i = mark.runs; i < this.runMetas.length; i++) this.runIds.delete(this.runMetas[i]!.id);
    this.runMetas.length = mark.runs;
    for (let i = mark.metrics; i < this.metricNames.length; i++) this.metricIds.delete(this.metricNames[i]!);
    this.metricNames.length = mark.metrics;
    this.n = Math.min(this.n, mark.points);
    this.warningList.length = mark.warnings;
    this.lineStatList.length = mark.lineStats;
  }

  /** Record a problem that did not stop loading (control characters in file and message are shown escaped). */
  warn(warning: LoadWarning): void {
    this.warningList.push({ ...warning, file: escapeControl(warning.file), message: escapeControl(warning.message) });
  }

  /** Record what a line-based loader did with one file's lines (see {@link FileLineStats}). */
  lineStats(stats: FileLineStats): void {
    this.lineStatList.push({ ...stats });
  }

  private grow(want = 0): void {
    const cap = Math.max(1024, Math.ceil(this.cap * 1.5), want);
    const n = this.n;
    const g = <T extends Float64Array | Int32Array | Uint8Array>(a: T, make: new (n: number) => T): T => {
      const b = new make(cap);
      b.set(a.subarray(0, n));
      return b;
    };
    const gNaN = (a: Float64Array | null): Float64Array | null => {
      if (!a) return null;
      const b = nanArray(cap);
      b.set(a.subarray(0, n));
      return b;
    };
    this.cRun = g(this.cRun, Int32Array);
    this.cMetric = g(this.cMetric, Int32Array);
    this.cStep = g(this.cStep, Float64Array);
    this.cValue = g(this.cValue, Float64Array);
    this.cTokens = gNaN(this.cTokens);
    this.cFlops = gNaN(this.cFlops);
    this.cTime = gNaN(this.cTime);
    this.cFlag = g(this.cFlag, Uint8Array);
    this.cap = cap;
  }

  /** Reserve room for `points` more points (a loader that knows its size avoids repeated growth). */
  reserve(points: number): void {
    if (this.cap < this.n + points) this.grow(this.n + points);
  }

  /** Finish: detect restarts, resolve duplicates, sort, and return the RunSet. The builder is spent. */
  build(): RunSet {
    const n = this.n;
    const R = this.runMetas.length;
    const M = Math.max(1, this.metricNames.length);
    const K = R * M;
    const run = this.cRun, metric = this.cMetric, step = this.cStep, flag = this.cFlag;

    // 0. One pass: every point has a step; count points per (run, metric) key; and check whether each key's steps
    //    strictly increase in file order. If they do (the common case) there can be no restart (a step going
    //    below an earlier one) and no duplicate, and each group is already in step order: steps 1-3 reduce to
    //    the counting sort.
    let count: Int32Array | null = null;
    let simple = false, sortedKeys = true;
    if (K <= 1 << 24) {
      count = new Int32Array(K + 1);
      const last = new Float64Array(K).fill(-Infinity);
      simple = true;
      let prevKey = 0;
      for (let i = 0; i < n; i++) {
        const s = step[i]!;
        if (s !== s) this.noStep(i);
        const key = run[i]! * M + metric[i]!;
        if (s <= last[key]!) simple = false;
        if (key < prevKey) sortedKeys = false;
        prevKey = key;
        last[key] = s;
        count[key + 1]!++;
      }
    } else {
      for (let i = 0; i < n; i++) if (step[i]! !== step[i]!) this.noStep(i);
    }

    const curves: RunSetColumns['curves'] = [];
    const pending: PendingRestart[][] = Array.from({ length: R }, () => []);
    let supersededCount: number[][] = pending.map(() => []);
    if (simple) {
      const c = count!;
      for (let k = 0; k < K; k++) {
        const a = c[k]!;
        c[k + 1]! += a;
        if (c[k + 1]! > a) curves.push({ run: (k / M) | 0, metric: k % M, start: a, end: c[k + 1]! });
      }
      const nonFinite = new Float64Array(R), skipped = new Float64Array(R);
      for (let i = 0; i < n; i++) {
        const f = flag[i]!;
        if (f === Flag.nonFinite) nonFinite[run[i]!]!++;
        else if (f === Flag.skipped) skipped[run[i]!]!++;
      }
      for (let r = 0; r < R; r++) {
        const m = this.runMetas[r]!;
        m.restarts = [];
        m.nonFinite += nonFinite[r]!;
        m.skipped += skipped[r]!;
      }
      // Already in (run, metric) order: the columns are the result as they are.
      if (sortedKeys) return this.materialise(null, new Int32Array(0), new Uint8Array(0), curves);
      return this.scatter(c, M, curves);
    } else {
      // 1. Restarts, in file order. A metric whose step goes below its previous step signals a resume; it starts
      //    a new restart only if the run had progressed past that step since the last restart (other metrics
      //    catching up after the same resume belong to it).
      const lastStep = K <= 1 << 24 ? new DenseLast(K) : new Map<number, number>();
      const prevStep = K <= 1 << 24 ? new DenseLast(K) : new Map<number, number>();
      const next = nextOfSameKey(run, metric, n, M, K);
      const maxSince = new Float64Array(R).fill(-Infinity);
      const reason = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        const r = run[i]!, s = step[i]!, key = r * M + metric[i]!;
        const last = lastStep.get(key);
        if (last !== undefined && s < last && s < maxSince[r]!) {
          const before = prevStep.get(key);
          const nx = next[i]!;
          if (before !== undefined && nx >= 0 && step[nx]! > last && last - s > last - before) {
            reason[i] = REASON_DAMAGED;
            const m = this.runMetas[r]!;
            this.warn({
              file: m.source, run: m.id, skipped: 1,
              message: `metric '${this.metricNames[metric[i]!]}' of run '${m.id}': step ${s} comes between steps ${last} and ${step[nx]}: a damaged step number, not a restart; that point was set aside (RunSet.superseded, reason 'damaged')`,
            });
            continue;
          }
          pending[r]!.push({ pos: i, toStep: s, fromStep: maxSince[r]! });
          maxSince[r] = s;
        }
        if (s > maxSince[r]!) maxSince[r] = s;
        if (last !== undefined) prevStep.set(key, last);
        lastStep.set(key, s);
      }
      supersededCount = pending.map((p) => p.map(() => 0));
      const anyRestart = pending.some((p) => p.length > 0);
      if (anyRestart) {
        for (let i = 0; i < n; i++) {
          if (reason[i] !== 0) continue;
          const list = pending[run[i]!]!;
          for (let k = 0; k < list.length; k++) {
            const rs = list[k]!;
            if (rs.pos > i && step[i]! >= rs.toStep) {
              reason[i] = REASON_RESTART;
              supersededCount[run[i]!]![k]!++;
              break;
            }
          }
        }
      }

      // 2. Group by (run, metric) with a stable counting sort over the dense key, then order each group by step.
      const order = stableGroupOrder(run, metric, n, R, M);
      const groups: { r: number; m: number; start: number; end: number }[] = [];
      let g0 = 0;
      for (let j = 1; j <= n; j++) {
        const a = order[g0]!, b = j < n ? order[j]! : -1;
        if (j === n || run[a] !== run[b] || metric[a] !== metric[b]) {
          sortGroupByStep(order, g0, j, step);
          groups.push({ r: run[a]!, m: metric[a]!, start: g0, end: j });
          g0 = j;
        }
      }

      // 3. Duplicates: among surviving points of a group with equal steps the last logged wins.
      for (const grp of groups) {
        let prev = -1;
        for (let j = grp.start; j < grp.end; j++) {
          const i = order[j]!;
          if (reason[i] !== 0) continue;
          if (prev >= 0 && step[prev] === step[i]) reason[prev] = REASON_DUPLICATE;
          prev = i;
        }
      }

      // 4. Split into kept and superseded positions.
      let kept = 0;
      for (let i = 0; i < n; i++) if (reason[i] === 0) kept++;
      const keep = new Int32Array(kept);
      const drop = new Int32Array(n - kept);
      let k = 0, d = 0;
      for (const grp of groups) {
        const start = k;
        for (let j = grp.start; j < grp.end; j++) {
          const i = order[j]!;
          if (reason[i] === 0) keep[k++] = i;
          else drop[d++] = i;
        }
        if (k > start) curves.push({ run: grp.r, metric: grp.m, start, end: k });
      }
      const dropReason = gatherU8(reason, drop);
      for (let r = 0; r < R; r++) {
        this.runMetas[r]!.restarts = pending[r]!.map((p, j) => ({ fromStep: p.fromStep, toStep: p.toStep, superseded: supersededCount[r]![j]! }));
      }
      for (let j = 0; j < kept; j++) {
        const i = keep[j]!, f = flag[i]!;
        if (f === Flag.nonFinite) this.runMetas[run[i]!]!.nonFinite++;
        else if (f === Flag.skipped) this.runMetas[run[i]!]!.skipped++;
      }
      return this.materialise(keep, drop, dropReason, curves);
    }
  }

  private noStep(i: number): never {
    throw new InputError(`point ${i} of run '${this.runMetas[this.cRun[i]!]!.id}' has no step`);
  }

  /**
   * The common case (nothing superseded, each curve already in step order, points of curves interleaved): move
   * every point straight to its place, `pos[key]` being the next free slot of its curve (one pass per column,
   * no index array).
   */
  private scatter(pos: Int32Array, M: number, curves: RunSetColumns['curves']): RunSet {
    const n = this.n;
    const run = this.cRun, metric = this.cMetric;
    const dst = new Int32Array(n);
    for (let i = 0; i < n; i++) dst[i] = pos[run[i]! * M + metric[i]!]!++;
    const kRun = new Int32Array(n), kMetric = new Int32Array(n);
    for (const c of curves) {
      kRun.fill(c.run, c.start, c.end);
      kMetric.fill(c.metric, c.start, c.end);
    }
    this.cRun = new Int32Array(0);
    this.cMetric = new Int32Array(0);
    const kStep = scatterF64(this.cStep, dst);
    this.cStep = new Float64Array(0);
    const kValue = scatterF64(this.cValue, dst);
    this.cValue = new Float64Array(0);
    const kTokens = this.cTokens && scatterF64(this.cTokens, dst);
    this.cTokens = null;
    const kFlops = this.cFlops && scatterF64(this.cFlops, dst);
    this.cFlops = null;
    const kTime = this.cTime && scatterF64(this.cTime, dst);
    this.cTime = null;
    const kFlag = new Uint8Array(n);
    const flag = this.cFlag;
    for (let i = 0; i < n; i++) kFlag[dst[i]!] = flag[i]!;
    this.cFlag = new Uint8Array(0);
    const none = new Float64Array(0);
    return this.finish(
      { runIndex: kRun, metricIndex: kMetric, step: kStep, value: kValue, tokens: kTokens, flops: kFlops, time: kTime, flag: kFlag },
      { runIndex: new Int32Array(0), metricIndex: new Int32Array(0), step: none, value: none, tokens: kTokens && none, flops: kFlops && none, time: kTime && none, flag: new Uint8Array(0), reason: [] },
      curves,
    );
  }

  private finish(kept: RunSetColumns['kept'], superseded: RunSetColumns['superseded'], curves: RunSetColumns['curves']): RunSet {
    const result = new RunSet({ runs: this.runMetas, metricNames: this.metricNames, kept, superseded, curves, warnings: this.warningList, lineStats: this.lineStatList });
    this.n = 0;
    this.cap = 0;
    return result;
  }

  /**
   * Gather the kept and superseded points into their columns and hand them to a RunSet (`keep` null: every
   * point is kept where it is).
   */
  private materialise(keepOrNull: Int32Array | null, drop: Int32Array, dropReason: Uint8Array, curves: RunSetColumns['curves']): RunSet {
    const n = this.n;
    const keep = keepOrNull ?? new Int32Array(0);
    const kept = keepOrNull ? keep.length : n;
    const supersededReason = new Array<string>(drop.length);
    for (let j = 0; j < drop.length; j++) supersededReason[j] = dropReason[j] === REASON_RESTART ? 'restart' : dropReason[j] === REASON_DAMAGED ? 'damaged' : 'duplicate';
    // Gather column by column, releasing each source column as soon as it is copied (peak memory ~ one column).
    let identity = keepOrNull === null;
    if (!identity && drop.length === 0) {
      identity = true;
      for (let j = 0; identity && j < kept; j++) identity = keep[j] === j;
    }
    // The kept run and metric columns are constant over each curve: fill them instead of gathering.
    let kRun: Int32Array, kMetric: Int32Array;
    if (identity) {
      kRun = this.cRun.subarray(0, n);
      kMetric = this.cMetric.subarray(0, n);
    } else {
      kRun = new Int32Array(kept);
      kMetric = new Int32Array(kept);
      for (const c of curves) {
        kRun.fill(c.run, c.start, c.end);
        kMetric.fill(c.metric, c.start, c.end);
      }
    }
    const sRun = gatherI32(this.cRun, drop), sMetric = gatherI32(this.cMetric, drop);
    this.cRun = new Int32Array(0);
    this.cMetric = new Int32Array(0);
    const f64 = (col: Float64Array): [Float64Array, Float64Array] =>
      [identity ? col.subarray(0, n) : gatherF64(col, keep), gatherF64(col, drop)];
    const opt = (col: Float64Array | null): [Float64Array | null, Float64Array | null] => (col ? f64(col) : [null, null]);
    const [kStep, sStep] = f64(this.cStep);
    this.cStep = new Float64Array(0);
    const [kValue, sValue] = f64(this.cValue);
    this.cValue = new Float64Array(0);
    const [kTokens, sTokens] = opt(this.cTokens);
    this.cTokens = null;
    const [kFlops, sFlops] = opt(this.cFlops);
    this.cFlops = null;
    const [kTime, sTime] = opt(this.cTime);
    this.cTime = null;
    const kFlag = identity ? this.cFlag.subarray(0, n) : gatherU8(this.cFlag, keep), sFlag = gatherU8(this.cFlag, drop);
    this.cFlag = new Uint8Array(0);

    return this.finish(
      { runIndex: kRun, metricIndex: kMetric, step: kStep, value: kValue, tokens: kTokens, flops: kFlops, time: kTime, flag: kFlag },
      { runIndex: sRun, metricIndex: sMetric, step: sStep, value: sValue, tokens: sTokens, flops: sFlops, time: sTime, flag: sFlag, reason: supersededReason },
      curves,
    );
  }
}

/** A Map<number, number> stand-in over a dense key range (much faster per point than a Map). */
class DenseLast {
  private readonly a: Float64Array;
  constructor(size: number) {
    this.a = new Float64Array(size).fill(NaN);
  }
  get(k: number): number | undefined {
    const v = this.a[k]!;
    return Number.isNaN(v) ? undefined : v;
  }
  set(k: number, v: number): void {
    this.a[k] = v;
  }
}

/** For each point, the position of the next point of the same (run, metric) in file order, or -1. */
function nextOfSameKey(run: Int32Array, metric: Int32Array, n: number, M: number, K: number): Int32Array {
  const next = new Int32Array(n);
  const dense = K <= 1 << 24;
  const seen = dense ? new Int32Array(K).fill(-1) : undefined;
  const seenMap = dense ? undefined : new Map<number, number>();
  for (let i = n - 1; i >= 0; i--) {
    const key = run[i]! * M + metric[i]!;
    if (seen) { next[i] = seen[key]!; seen[key] = i; }
    else { next[i] = seenMap!.get(key) ?? -1; seenMap!.set(key, i); }
  }
  return next;
}

/** Indices 0..n-1 ordered by (run, metric), stable (file order within a group). */
function stableGroupOrder(run: Int32Array, metric: Int32Array, n: number, R: number, M: number): Int32Array {
  const order = new Int32Array(n);
  const K = R * M;
  if (K <= 1 << 24) {
    const count = new Int32Array(K + 1);
    for (let i = 0; i < n; i++) count[run[i]! * M + metric[i]! + 1]!++;
    for (let k = 0; k < K; k++) count[k + 1]! += count[k]!;
    for (let i = 0; i < n; i++) order[count[run[i]! * M + metric[i]!]!++] = i;
    return order;
  }
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => run[a]! - run[b]! || metric[a]! - metric[b]! || a - b);
  return order;
}

/** Sort order[start, end) by step, stable; a no-op pass when already in order (the common case). */
function sortGroupByStep(order: Int32Array, start: number, end: number, step: Float64Array): void {
  let sorted = true;
  for (let j = start + 1; j < end; j++) {
    if (step[order[j]!]! < step[order[j - 1]!]!) { sorted = false; break; }
  }
  if (sorted) return;
  const slice = Array.from(order.subarray(start, end));
  slice.sort((a, b) => step[a]! - step[b]! || a - b);
  order.set(slice, start);
}

function scatterF64(src: Float64Array, dst: Int32Array): Float64Array {
  const out = new Float64Array(dst.length);
  for (let i = 0; i < dst.length; i++) out[dst[i]!] = src[i]!;
  return out;
}

// One gather per element type, so that each loop stays monomorphic.
function gatherF64(src: Float64Array, idx: Int32Array): Float64Array {
  const out = new Float64Array(idx.length);
  for (let j = 0; j < idx.length; j++) out[j] = src[idx[j]!]!;
  return out;
}

function gatherI32(src: Int32Array, idx: Int32Array): Int32Array {
  const out = new Int32Array(idx.length);
  for (let j = 0; j < idx.length; j++) out[j] = src[idx[j]!]!;
  return out;
}

function gatherU8(src: Uint8Array, idx: Int32Array): Uint8Array {
  const out = new Uint8Array(idx.length);
  for (let j = 0; j < idx.length; j++) out[j] = src[idx[j]!]!;
  return out;
}

function nanArray(n: number): Float64Array {
  return new Float64Array(n).fill(NaN);
}
