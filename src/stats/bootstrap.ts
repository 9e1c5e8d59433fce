/**
 * Bootstrap confidence intervals (percentile, basic, BCa) for statistics of one or several samples, with the
 * definitions of scipy.stats.bootstrap: samples are resampled independently of each other (so several samples
 * = a stratified bootstrap, one stratum per sample, as rliable does across tasks), or with shared indices when
 * `paired`; BCa uses the jackknife acceleration summed over samples; percentiles interpolate linearly.
 * Every draw comes from the one seeded generator, so the same inputs and seed give identical intervals.
 *
 * @example
 * bootstrap([[3.27, 3.28, 3.275, 3.271]], statMean, { method: 'bca', seed: 1 }).ci;
 * bootstrap([variant, baseline], statMeanDiff, { resamples: 10_000 }).ci; // interval of mean(variant) - mean(baseline)
 */
import { createRng, type Rng } from './random.js';
import { normalCdf, normalQuantile } from './normal.js';
import { select, trimMean } from './descriptive.js';
import type { NumArray } from './descriptive.js';

/** Interval construction from the bootstrap distribution. */
export type BootstrapMethod = 'percentile' | 'basic' | 'bca';

/**
 * A statistic of one or more samples. It must not keep or modify the arrays it is given.
 * `kind` marks the built-in statistics the engine computes without materialising resamples.
 */
export interface Statistic {
  (samples: readonly Float64Array[]): number;
  readonly kind?: 'mean' | 'mean-diff' | 'pooled-mean' | 'pooled-iqm';
}

/** Mean of the first sample. @example bootstrap([[1, 2, 3]], statMean) */
export const statMean: Statistic = Object.assign((s: readonly Float64Array[]) => avg(s[0]!), { kind: 'mean' as const });
/** mean(sample 0) - mean(sample 1). @example bootstrap([variant, baseline], statMeanDiff) */
export const statMeanDiff: Statistic = Object.assign((s: readonly Float64Array[]) => avg(s[0]!) - avg(s[1]!), { kind: 'mean-diff' as const });
/** Mean of all samples pooled (rliable's mean over tasks x runs). @example bootstrap(tasks, statPooledMean) */
export const statPooledMean: Statistic = Object.assign((s: readonly Float64Array[]) => {
  let sum = 0, n = 0;
  for (const a of s) { for (let i = 0; i < a.length; i++) sum += a[i]!; n += a.length; }
  return sum / n;
}, { kind: 'pooled-mean' as const });

/**
 * IQM of all samples pooled (rliable's aggregate IQM over tasks x runs).
 *
 * @example
 * bootstrap(scoresByTask, statPooledIqm, { seed: 0 });
 */
export const statPooledIqm: Statistic = Object.assign((() => {
  let buf = new Float64Array(0);
  return (s: readonly Float64Array[]) => {
    let n = 0;
    for (const a of s) n += a.length;
    if (buf.length !== n) buf = new Float64Array(n);
    let k = 0;
    for (const a of s) { buf.set(a, k); k += a.length; }
    return trimMean(buf, 0.25, true);
  };
})(), { kind: 'pooled-iqm' as const });

/**
 * Uniform indices in [0, n) from the one generator, several per draw: one rng.int(n^k) (n^k < 2^31, unbiased by
 * rng.int's rejection) is split into k base-n digits, each an independent uniform index. Deterministic for a seed.
 */
class IndexDrawer {
  private n = 0;
  private k = 0;
  private m = 0;
  private left = 0;
  private v = 0;
  constructor(private readonly rng: Rng) {}
  next(n: number): number {
    if (n !== this.n) {
      this.n = n; this.left = 0;
      if (n <= 1) { this.k = 1; this.m = 1; }
      else {
        let k = Math.max(1, Math.floor(31 / Math.log2(n)));
        while (k > 1 && n ** k > 0x7fffffff) k--;
        this.k = k; this.m = n ** k;
      }
    }
    if (n <= 1) return 0;
    if (this.left === 0) { this.v = this.rng.int(this.m); this.left = this.k; }
    // n^k < 2^31 keeps v a small integer, so % and the truncating division are integer operations.
    const v = this.v;
    const d = v % n;
    this.v = n <= 0x7fffffff && this.m <= 0x7fffffff ? ((v / n) | 0) : (v - d) / n;
    this.left--;
    return d;
  }
}

function avg(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  return s / a.length;
}

/** Options of {@link bootstrap}. */
export interface BootstrapOptions {
  /** Number of resamples; default 10,000. */
  resamples?: number;
  /** Two-sided confidence level; default 0.95. */
  confidence?: number;
  /** Interval method; default 'bca'. */
  method?: BootstrapMethod;
  /** Seed of the generator (default 0); ignored when `rng` is given. */
  seed?: number;
  /** Generator to draw from (advanced: share one stream across calls). */
  rng?: Rng;
  /** Resample all samples with the same indices (they must have equal length, matched by position). */
  paired?: boolean;
  /** Keep the bootstrap distribution in the result. */
  keepDistribution?: boolean;
}

/** Result of {@link bootstrap}. */
export interface BootstrapResult {
  /** The statistic on the original samples. */
  estimate: number;
  ci: [number, number];
  /** Standard deviation of the bootstrap distribution (ddof = 1). */
  se: number;
  method: BootstrapMethod;
  resamples: number;
  confidence: number;
  /** BCa's bias correction z0 and acceleration a (NaN for other methods). */
  z0: number;
  acceleration: number;
  distribution?: Float64Array;
}

/**
 * Bootstrap confidence interval of `statistic` over `samples` (scipy.stats.bootstrap semantics).
 *
 * @example
 * const r = bootstrap([[1, 2, 3, 4, 10]], statMean, { method: 'percentile', resamples: 2000, seed: 3 });
 * r.ci; // [lo, hi]
 */
export function bootstrap(samples: readonly NumArray[], statistic: Statistic, o: BootstrapOptions = {}): BootstrapResult {
  const B = o.resamples ?? 10_000;
  const confidence = o.confidence ?? 0.95;
  const method = o.method ?? 'bca';
  if (!(B >= 2) || !Number.isInteger(B)) throw new RangeError(`resamples must be an integer >= 2, got ${B}`);
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be in (0, 1), got ${confidence}`);
  if (samples.length === 0) throw new RangeError('bootstrap needs at least one sample');
  const data = samples.map((s) => Float64Array.from(s));
  for (const d of data) if (d.length === 0) throw new RangeError('bootstrap: empty sample');
  if (o.paired && data.some((d) => d.length !== data[0]!.length)) throw new RangeError('paired bootstrap needs samples of equal length');
  const rng = o.rng ?? createRng(o.seed ?? 0);
  const estimate = statistic(data);
  const dist = resampleDistribution(data, statistic, B, rng, o.paired ?? false);
  // Order statistics by selection on a scratch copy (O(B), no full sort).
  const scratch = Float64Array.from(dist);
  const alpha = (1 - confidence) / 2;
  let ci: [number, number];
  let z0 = NaN, acceleration = NaN;
  if (method === 'bca') {
    let below = 0, atOrBelow = 0;
    for (let i = 0; i < B; i++) { const v = dist[i]!; if (v < estimate) below++; if (v <= estimate) atOrBelow++; }
    z0 = normalQuantile((below + atOrBelow) / (2 * B));
    acceleration = jackknifeAcceleration(data, statistic, o.paired ?? false);
    const za = normalQuantile(alpha);
    const a1 = normalCdf(z0 + (z0 + za) / (1 - acceleration * (z0 + za)));
    const a2 = normalCdf(z0 + (z0 - za) / (1 - acceleration * (z0 - za)));
    ci = Number.isNaN(a1) || Number.isNaN(a2) ? [NaN, NaN] : [quantileSelect(scratch, a1), quantileSelect(scratch, a2)];
  } else {
    const lo = quantileSelect(scratch, alpha), hi = quantileSelect(scratch, 1 - alpha);
    ci = method === 'basic' ? [2 * estimate - hi, 2 * estimate - lo] : [lo, hi];
  }
  let m = 0;
  for (let i = 0; i < B; i++) m += dist[i]!;
  m /= B;
  let ss = 0;
  for (let i = 0; i < B; i++) ss += (dist[i]! - m) ** 2;
  const result: BootstrapResult = { estimate, ci, se: Math.sqrt(ss / (B - 1)), method, resamples: B, confidence, z0, acceleration };
  if (o.keepDistribution) result.distribution = dist;
  return result;
}

/**
 * numpy's linear-interpolation percentile at q of `a`, by selection: reorders `a` (any order is fine for later
 * calls). Equal to quantileSorted(sorted copy, q).
 */
function quantileSelect(a: Float64Array, q: number): number {
  const n = a.length;
  if (Number.isNaN(q)) return NaN;
  const h = (n - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(h);
  select(a, lo);
  const x0 = a[lo]!;
  let x1 = x0;
  if (lo + 1 < n) { x1 = Infinity; for (let i = lo + 1; i < n; i++) if (a[i]! < x1) x1 = a[i]!; }
  const t = h - lo;
  return t >= 0.5 ? x1 - (x1 - x0) * (1 - t) : x0 + (x1 - x0) * t;
}

/**
 * The statistic on B resamples. Each resample draws, for each sample in order, n_j uniform indices
 * (or one set of indices shared by all samples when paired), all from one {@link IndexDrawer}.
 */
function resampleDistribution(data: Float64Array[], statistic: Statistic, B: number, rng: Rng, paired: boolean): Float64Array {
  const dist = new Float64Array(B);
  const k = data.length;
  const draw = new IndexDrawer(rng);
  const kind = statistic.kind;
  if (!paired && (kind === 'mean' || kind === 'mean-diff' || kind === 'pooled-mean')) {
    // Fast path: sums of drawn values, no resample arrays.
    for (let b = 0; b < B; b++) {
      let first = 0, second = 0, pooled = 0, pooledN = 0;
      for (let j = 0; j < k; j++) {
        const d = data[j]!, n = d.length;
        let s = 0;
        for (let i = 0; i < n; i++) s += d[draw.next(n)]!;
        if (j === 0) first = s / n; else if (j === 1) second = s / n;
        pooled += s; pooledN += n;
      }
      dist[b] = kind === 'mean' ? first : kind === 'mean-diff' ? first - second : pooled / pooledN;
    }
    return dist;
  }
  if (!paired && kind === 'pooled-iqm') {
    // Fast path: sort the pooled values once; a resample is a count per sorted position, and its trimmed mean
    // is a walk over the counts (ties resolve exactly as in a sort of the resample).
    let N = 0;
    for (const d of data) N += d.length;
    const pooled = new Float64Array(N), owner = new Int32Array(N);
    { let o = 0; for (const d of data) { pooled.set(d, o); o += d.length; } }
    const order = Array.from({ length: N }, (_, i) => i).sort((a, b) => pooled[a]! - pooled[b]! || a - b);
    const sortedVals = Float64Array.from(order, (i) => pooled[i]!);
    order.forEach((src, pos) => { owner[src] = pos; });
    const offsets = new Int32Array(k);
    for (let j = 1; j < k; j++) offsets[j] = offsets[j - 1]! + data[j - 1]!.length;
    const counts = new Int32Array(N);
    const cut = Math.floor(0.25 * N), keep = N - 2 * cut;
    for (let b = 0; b < B; b++) {
      counts.fill(0);
      for (let j = 0; j < k; j++) {
        const n = data[j]!.length, off = offsets[j]!;
        for (let i = 0; i < n; i++) counts[owner[off + draw.next(n)]!]!++;
      }
      // skip `cut` smallest, sum the next `keep`
      let skip = cut, take = keep, s = 0;
      for (let p = 0; p < N && take > 0; p++) {
        let c = counts[p]!;
        if (c === 0) continue;
        if (skip > 0) { const u = Math.min(skip, c); skip -= u; c -= u; }
        if (c > 0) { const u = Math.min(take, c); s += u * sortedVals[p]!; take -= u; }
      }
      dist[b] = s / keep;
    }
    return dist;
  }
  const bufs = data.map((d) => new Float64Array(d.length));
  const n0 = data[0]!.length;
  const idx = new Int32Array(n0);
  for (let b = 0; b < B; b++) {
    if (paired) {
      for (let i = 0; i < n0; i++) idx[i] = draw.next(n0);
      for (let j = 0; j < k; j++) { const d = data[j]!, buf = bufs[j]!; for (let i = 0; i < n0; i++) buf[i] = d[idx[i]!]!; }
    } else {
      for (let j = 0; j < k; j++) {
        const d = data[j]!, buf = bufs[j]!, n = d.length;
        for (let i = 0; i < n; i++) buf[i] = d[draw.next(n)]!;
      }
    }
    dist[b] = statistic(bufs);
  }
  return dist;
}

/**
 * BCa acceleration from the jackknife, as scipy: for each sample j, leave each of its observations out in turn
 * (others whole), U_ji = (n_j - 1)(mean_i theta_ji - theta_ji); a = sum_j sum_i U^3 / n_j^3 / (6 (sum_j sum_i U^2 / n_j^2)^1.5).
 * Paired samples leave out one index from all samples at once.
 */
function jackknifeAcceleration(data: Float64Array[], statistic: Statistic, paired: boolean): number {
  let num = 0, den = 0;
  const groups = paired ? [-1] : data.map((_, j) => j);
  for (const j of groups) {
    const n = j < 0 ? data[0]!.length : data[j]!.length;
    const theta = new Float64Array(n);
    const loo = data.map((d, jj) => (j < 0 || jj === j ? new Float64Array(d.length - 1) : d));
    for (let i = 0; i < n; i++) {
      for (let jj = 0; jj < data.length; jj++) {
        if (j >= 0 && jj !== j) continue;
        const src = data[jj]!, dst = loo[jj]!;
        dst.set(src.subarray(0, i), 0);
        dst.set(src.subarray(i + 1), i);
      }
      theta[i] = statistic(loo);
    }
    let m = 0;
    for (let i = 0; i < n; i++) m += theta[i]!;
    m /= n;
    let s3 = 0, s2 = 0;
    for (let i = 0; i < n; i++) { const u = (n - 1) * (m - theta[i]!); s3 += u * u * u; s2 += u * u; }
    num += s3 / n ** 3;
    den += s2 / n ** 2;
  }
  return num / (6 * den ** 1.5);
}
