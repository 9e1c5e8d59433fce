/**
 * Bootstrap confidence intervals (percentile, basic, BCa) for statistics of one or several samples, with the
 * definitions of scipy.stats.bootstrap: samples are resampled independently of each other (so several samples
 * = a stratified bootstrap, one stratum per sample, as rliable does across tasks), or with shared indices when
 * `paired`; BCa uses the jackknife acceleration summed over samples; percentiles interpolate linearly.
 * Every draw comes from the one seeded generator, so the same inputs and seed give identical intervals, in any
 * order of the runs (samples are put in a canonical order first; BCa counts resamples tied with the estimate half
 * below, half above).
 * Speed: indices are drawn in bulk (`rng.fillIndices`), several at once as the base-n digits of one uniform
 * integer in [0, n^m), and the built-in statistics read digit-sum (mean) or rank (pooled IQM) tables instead of
 * materialising resamples; every statistic sees the same resamples for a seed.
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
  for (const d of samples) if (d.length === 0) throw new RangeError('bootstrap: empty sample');
  if (o.paired && samples.some((d) => d.length !== samples[0]!.length)) throw new RangeError('paired bootstrap needs samples of equal length');
  const data = canonicalOrder(samples, o.paired ?? false);
  const rng = o.rng ?? createRng(o.seed ?? 0);
  const estimate = statistic(data);
  const dist = resampleDistribution(data, statistic, B, rng, o.paired ?? false);
  // One pass for the mean, NaN count and BCa's counts below the estimate; one for the variance.
  // A resample equal to the estimate (n <= 4 draws many: a permutation of the sample) counts half below, half
  // above; "equal" up to the rounding of summing the same values in another order (TIE_RTOL of the scale).
  let scale = Math.abs(estimate);
  for (const d of data) for (let i = 0; i < d.length; i++) { const a = Math.abs(d[i]!); if (a > scale) scale = a; }
  const tol = TIE_RTOL * scale;
  let m = 0, nan = 0, below = 0, ties = 0;
  for (let i = 0; i < B; i++) {
    const v = dist[i]!;
    m += v;
    if (v !== v) nan++;
    else if (v < estimate - tol) below++;
    else if (v <= estimate + tol) ties++;
  }
  m /= B;
  let ss = 0;
  for (let i = 0; i < B; i++) ss += (dist[i]! - m) ** 2;
  // Order statistics by selection (O(B), no full sort), in place unless the distribution is returned. NaN
  // resamples make the interval NaN, as numpy's percentile does.
  const scratch = o.keepDistribution ? dist.slice() : dist;
  const alpha = (1 - confidence) / 2;
  let ci: [number, number];
  let z0 = NaN, acceleration = NaN;
  if (method === 'bca') {
    z0 = normalQuantile((below + ties / 2) / B);
    acceleration = jackknifeAcceleration(data, statistic, o.paired ?? false);
    const za = normalQuantile(alpha);
    const a1 = normalCdf(z0 + (z0 + za) / (1 - acceleration * (z0 + za)));
    const a2 = normalCdf(z0 + (z0 - za) / (1 - acceleration * (z0 - za)));
    ci = nan > 0 || Number.isNaN(a1) || Number.isNaN(a2) ? [NaN, NaN] : quantilePair(scratch, a1, a2);
  } else {
    const [lo, hi] = nan > 0 ? [NaN, NaN] : quantilePair(scratch, alpha, 1 - alpha);
    ci = method === 'basic' ? [2 * estimate - hi, 2 * estimate - lo] : [lo, hi];
  }
  const result: BootstrapResult = { estimate, ci, se: Math.sqrt(ss / (B - 1)), method, resamples: B, confidence, z0, acceleration };
  if (o.keepDistribution) result.distribution = dist;
  return result;
}

/**
 * Relative tolerance (of the largest |value| in the samples or |estimate|) within which a resample's statistic
 * counts as tied with the estimate for BCa's bias correction: sums of the same n values in two orders differ by
 * about n ulp, far below 1e-12 for any n the bootstrap is run on; distinct resample means of real data differ
 * by much more.
 */
const TIE_RTOL = 1e-12;

/**
 * The samples as float arrays in a canonical order, so that the order in which runs were listed changes no
 * number: each sample sorted (a sample is a multiset to the bootstrap: resampling ignores positions), or, when
 * paired, the tuples (x_i, y_i, ...) sorted lexicographically, which keeps the pairing.
 */
function canonicalOrder(samples: readonly NumArray[], paired: boolean): Float64Array[] {
  if (!paired) return samples.map((s) => Float64Array.from(s).sort());
  const n = samples[0]!.length;
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => {
    for (const s of samples) { const d = cmp(s[a]!, s[b]!); if (d !== 0) return d; }
    return 0;
  });
  return samples.map((s) => Float64Array.from(idx, (i) => s[i]!));
}

/** Total order on numbers with NaN last (as Float64Array.prototype.sort). */
function cmp(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  if (a === b) return 0;
  return Number.isNaN(a) ? (Number.isNaN(b) ? 0 : 1) : -1;
}

/** numpy's linear-interpolation percentiles at qa and qb of `a` (no NaN), by selection; reorders `a`. */
function quantilePair(a: Float64Array, qa: number, qb: number): [number, number] {
  if (qb < qa) { const [y, x] = quantilePair(a, qb, qa); return [x, y]; }
  const n = a.length;
  const ha = (n - 1) * Math.min(1, Math.max(0, qa)), hb = (n - 1) * Math.min(1, Math.max(0, qb));
  const la = Math.floor(ha), lb = Math.floor(hb);
  // Order statistics la, la + 1 (lower end), lb, lb + 1 (upper end). Select la + 1 so the smaller values lie in
  // a[0..la] (a short scan for their maximum when la is small), then lb among the values above it.
  let xa0: number, xa1: number;
  if (la + 1 < n) {
    select(a, la + 1);
    xa1 = a[la + 1]!;
    xa0 = -Infinity;
    for (let i = 0; i <= la; i++) if (a[i]! > xa0) xa0 = a[i]!;
  } else { select(a, la); xa0 = xa1 = a[la]!; }
  let xb0: number, xb1: number;
  if (lb === la) { xb0 = xa0; xb1 = xa1; }
  else {
    if (lb > la + 1) select(a, lb, la + 2, n - 1); // a[0..la+1] are the la + 2 smallest
    xb0 = a[lb]!;
    xb1 = xb0;
    if (lb + 1 < n) { xb1 = Infinity; for (let i = lb + 1; i < n; i++) if (a[i]! < xb1) xb1 = a[i]!; }
  }
  return [lerp(xa0, xa1, ha - la), lerp(xb0, xb1, hb - lb)];
}

/** numpy's _lerp: x0 + (x1 - x0) t, computed from the nearer end. */
function lerp(x0: number, x1: number, t: number): number {
  return t >= 0.5 ? x1 - (x1 - x0) * (1 - t) : x0 + (x1 - x0) * t;
}

/** Target size (indices, and counts for the pooled IQM) of one block of resamples: small enough for L2. */
const BLOCK = 1 << 16;
/** Largest n^m for drawing m indices at once (4096: fillIndices' fastest range; tables of 32 KB). */
const DIGITS_MAX = 8192;
/** Entries of all samples' digit tables together (128 KB of sums). */
const TABLES_MAX = 1 << 14;

/**
 * How one resample of a sample of size n is drawn: g uniform integers in [0, n^m) and, when rem > 0, one in
 * [0, n^rem), with g m + rem = n. A uniform integer in [0, n^m) is exactly m independent uniform indices in
 * [0, n) (its base-n digits, most significant first), so this is the ordinary bootstrap resample with fewer
 * generator calls, and sums over the m indices can be read from a precomputed table.
 */
interface DrawPlan { n: number; m: number; g: number; rem: number; nm: number; nr: number }

function drawPlan(n: number, B: number, samples: number): DrawPlan {
  // Tables of n^m entries pay off only when reused (n^m <= B) and while all samples' tables stay in cache.
  const cap = Math.min(DIGITS_MAX, B, Math.max(n, Math.floor(TABLES_MAX / samples)));
  let m = 1;
  while (m < n && n ** (m + 1) <= cap) m++;
  const g = Math.floor(n / m), rem = n - g * m;
  return { n, m, g, rem, nm: n ** m, nr: n ** rem };
}

/** The R-resample block's draws of one plan: r g integers into `a`, then (rem > 0) r into `c`. */
function drawBlock(rng: Rng, p: DrawPlan, r: number, a: Int32Array, c: Int32Array): void {
  rng.fillIndices(a, p.nm, 0, r * p.g);
  if (p.rem > 0) rng.fillIndices(c, p.nr, 0, r);
}

/** t[v] = sum of d over the `digits` base-n digits of v, for v < n^digits (digits summed most significant first). */
function sumTable(d: Float64Array, digits: number): Float64Array {
  const n = d.length;
  let t = Float64Array.of(0);
  for (let e = 0; e < digits; e++) {
    const next = new Float64Array(t.length * n);
    for (let v = 0, hi = 0; hi < t.length; hi++) { const base = t[hi]!; for (let lo = 0; lo < n; lo++, v++) next[v] = base + d[lo]!; }
    t = next;
  }
  return t;
}

/** t[v * digits + i] = map[i-th base-n digit of v] for v < n^digits (digits most significant first). */
function digitTable(map: Int32Array, n: number, digits: number): Int32Array {
  let t = new Int32Array(0), size = 1;
  for (let e = 0; e < digits; e++) {
    // digits of hi * n + lo = digits of hi, then lo
    const next = new Int32Array(size * n * (e + 1));
    for (let hi = 0, o = 0; hi < size; hi++) {
      for (let lo = 0; lo < n; lo++) { for (let i = 0; i < e; i++) next[o++] = t[hi * e + i]!; next[o++] = map[lo]!; }
    }
    t = next; size *= n;
  }
  return t;
}

/**
 * The statistic on B resamples, in blocks of R = floor(2^16 / total sample size) resamples (at least 1). For
 * each block, each sample j in order draws its R resamples by its {@link DrawPlan} (two `rng.fillIndices` calls
 * at most); paired samples share one draw. Block size and plans depend only on the sample sizes and B, so the
 * same inputs and seed give the same distribution, and every statistic sees the same resamples for a seed.
 * The hot loops are small functions over typed arrays (kernels below), so V8 optimises them within one call.
 */
function resampleDistribution(data: Float64Array[], statistic: Statistic, B: number, rng: Rng, paired: boolean): Float64Array {
  const dist = new Float64Array(B);
  const k = data.length;
  let N = 0;
  for (let j = 0; j < k; j++) N += data[j]!.length;
  const R = Math.max(1, Math.min(B, Math.floor(BLOCK / N)));
  const plans: DrawPlan[] = [];
  for (let j = 0; j < k; j++) plans.push(drawPlan(data[j]!.length, B, k));
  const groups = paired ? 1 : k; // independent draws per block
  let maxG = 0;
  for (const p of plans) maxG = Math.max(maxG, p.g);
  const A: Int32Array[] = [], C: Int32Array[] = [];
  for (let j = 0; j < groups; j++) { A.push(new Int32Array(R * maxG)); C.push(new Int32Array(R)); }
  const drawAll = (r: number): void => { for (let j = 0; j < groups; j++) drawBlock(rng, plans[j]!, r, A[j]!, C[j]!); };
  const kind = statistic.kind;
  if (kind === 'mean' || kind === 'mean-diff' || kind === 'pooled-mean') {
    // Sums of the drawn values from the digit-sum tables, no resample arrays. mean, mean-diff: each used
    // sample's resample sums; pooled-mean: one running total (samples added in order).
    const used = kind === 'pooled-mean' ? k : kind === 'mean-diff' ? 2 : 1;
    const tm: Float64Array[] = [], tr: Float64Array[] = [];
    for (let j = 0; j < used; j++) { tm.push(sumTable(data[j]!, plans[j]!.m)); tr.push(sumTable(data[j]!, plans[j]!.rem)); }
    const s0 = new Float64Array(R), s1 = new Float64Array(R);
    const pooled = kind === 'pooled-mean';
    for (let b0 = 0; b0 < B; b0 += R) {
      const r = Math.min(R, B - b0);
      drawAll(r);
      for (let j = 0; j < used; j++) {
        const p = plans[j]!, h = paired ? 0 : j;
        sumKernel(j === 1 && !pooled ? s1 : s0, pooled && j > 0, A[h]!, C[h]!, tm[j]!, tr[j]!, r, p.g, p.rem);
      }
      if (kind === 'mean') scaleKernel(dist, b0, s0, r, data[0]!.length);
      else if (kind === 'mean-diff') diffKernel(dist, b0, s0, s1, r, data[0]!.length, data[1]!.length);
      else scaleKernel(dist, b0, s0, r, N);
    }
    return dist;
  }
  if (!paired && kind === 'pooled-iqm') {
    // Sort the pooled values once; a resample is a count per sorted position (rank), and its trimmed mean is a
    // walk over the counts in rank order (ties resolve exactly as in a sort of the resample).
    const pooledVals = new Float64Array(N);
    for (let j = 0, o = 0; j < k; j++) { pooledVals.set(data[j]!, o); o += data[j]!.length; }
    const order = Array.from({ length: N }, (_, i) => i).sort((a, b) => pooledVals[a]! - pooledVals[b]! || a - b);
    const sortedVals = Float64Array.from(order, (i) => pooledVals[i]!);
    const rank = new Int32Array(N);
    order.forEach((src, pos) => { rank[src] = pos; });
    const rm: Int32Array[] = [], rr: Int32Array[] = [];
    for (let j = 0, off = 0; j < k; j++) {
      const { n, m, rem } = plans[j]!, ranks = rank.subarray(off, off + n);
      rm.push(digitTable(ranks, n, m)); rr.push(digitTable(ranks, n, rem));
      off += n;
    }
    // Counts of R resamples x N ranks (R N <= 2^16: 256 KB).
    const counts = new Int32Array(R * N);
    const cut = Math.floor(0.25 * N), keep = N - 2 * cut;
    for (let b0 = 0; b0 < B; b0 += R) {
      const r = Math.min(R, B - b0);
      counts.fill(0);
      drawAll(r);
      for (let j = 0; j < k; j++) { const p = plans[j]!; countKernel(counts, A[j]!, C[j]!, rm[j]!, rr[j]!, r, p.g, p.m, p.rem, N); }
      trimKernel(dist, b0, counts, sortedVals, r, N, cut, keep);
    }
    return dist;
  }
  // Any statistic: materialise each resample from the digits of its draws.
  const bufs = data.map((d) => new Float64Array(d.length));
  const dm = plans.map((p) => digitTable(Int32Array.from({ length: p.n }, (_, i) => i), p.n, p.m));
  const dr = plans.map((p) => digitTable(Int32Array.from({ length: p.n }, (_, i) => i), p.n, p.rem));
  for (let b0 = 0; b0 < B; b0 += R) {
    const r = Math.min(R, B - b0);
    drawAll(r);
    for (let q = 0; q < r; q++) {
      for (let j = 0; j < k; j++) {
        const h = paired ? 0 : j, { g, m, rem } = plans[h]!, a = A[h]!, c = C[h]!, t = dm[h]!, u = dr[h]!, d = data[j]!, buf = bufs[j]!;
        let o = 0;
        for (let i = 0, p = q * g; i < g; i++, p++) { const base = a[p]! * m; for (let e = 0; e < m; e++) buf[o++] = d[t[base + e]!]!; }
        if (rem > 0) { const base = c[q]! * rem; for (let e = 0; e < rem; e++) buf[o++] = d[u[base + e]!]!; }
      }
      dist[b0 + q] = statistic(bufs);
    }
  }
  return dist;
}

/** out[q] (+)= sum of resample q's values: g lookups of t (m-digit sums) and one of u (rem-digit sums). */
function sumKernel(out: Float64Array, add: boolean, a: Int32Array, c: Int32Array, t: Float64Array, u: Float64Array, r: number, g: number, rem: number): void {
  for (let q = 0, p = 0; q < r; q++) {
    let s = 0;
    for (let i = 0; i < g; i++) s += t[a[p++]!]!;
    if (rem > 0) s += u[c[q]!]!;
    out[q] = add ? out[q]! + s : s;
  }
}

function scaleKernel(dist: Float64Array, b0: number, s: Float64Array, r: number, n: number): void {
  for (let q = 0; q < r; q++) dist[b0 + q] = s[q]! / n;
}

function diffKernel(dist: Float64Array, b0: number, s0: Float64Array, s1: Float64Array, r: number, n0: number, n1: number): void {
  for (let q = 0; q < r; q++) dist[b0 + q] = s0[q]! / n0 - s1[q]! / n1;
}

/** counts[q N + rank]++ for each index of resample q (ranks from the digit tables t, u). */
function countKernel(counts: Int32Array, a: Int32Array, c: Int32Array, t: Int32Array, u: Int32Array, r: number, g: number, m: number, rem: number, N: number): void {
  for (let q = 0, p = 0, row = 0; q < r; q++, row += N) {
    for (let i = 0; i < g; i++) addDigits(counts, row, t, a[p++]! * m, m);
    if (rem > 0) addDigits(counts, row, u, c[q]! * rem, rem);
  }
}

/** counts[row + t[base + e]]++ for e < m, the first three unrolled (m is small and the same for a whole call). */
function addDigits(counts: Int32Array, row: number, t: Int32Array, base: number, m: number): void {
  counts[row + t[base]!]++;
  if (m > 1) {
    counts[row + t[base + 1]!]++;
    if (m > 2) {
      counts[row + t[base + 2]!]++;
      for (let e = 3; e < m; e++) counts[row + t[base + e]!]++;
    }
  }
}

/** dist[b0 + q] = mean of resample q's ranks cut..N-cut-1: skip the `cut` smallest, sum the next `keep`. */
function trimKernel(dist: Float64Array, b0: number, counts: Int32Array, sortedVals: Float64Array, r: number, N: number, cut: number, keep: number): void {
  for (let q = 0, row = 0; q < r; q++, row += N) {
    let p = row, c = counts[p]!, skip = cut;
    while (skip >= c) { skip -= c; c = counts[++p]!; }
    c -= skip;
    let take = keep, s = 0;
    while (take > c) { s += c * sortedVals[p - row]!; take -= c; c = counts[++p]!; }
    s += take * sortedVals[p - row]!;
    dist[b0 + q] = s / keep;
  }
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
