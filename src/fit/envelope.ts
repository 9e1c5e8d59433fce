/**
 * Chinchilla's Approach 1 (the envelope): at log-spaced FLOPs values, the minimum loss over every training curve
 * that reaches that many FLOPs (each curve interpolated linearly in log loss against log FLOPs, NEVER extrapolated
 * beyond its own first and last point); the run achieving that minimum gives N_opt(C) and D_opt(C) (its tokens at
 * C, or C / 6N when tokens are not logged). Power laws N_opt = k C^a and D_opt = k' C^b are then fitted through
 * the minima by least squares in log-log. Bootstrap: resample RUNS with replacement (seeded), recompute the
 * envelope and the power laws.
 *
 * Known limits, reported as warnings: the minimiser at each C is one of the sizes trained, so with few sizes the
 * exponent is quantised to the size grid (and biased — see test/fit/envelope.test.ts); a minimum at the smallest
 * or largest model that reaches C means the optimum may lie outside the sizes tried; intermediate points of a
 * curve trained with a cosine schedule sized for its final length overstate the loss a run of that length would
 * reach (Hoffmann et al. trained several schedule lengths per size for this reason).
 *
 * @example
 * const rs = await load('data/sweep/curves.csv');
 * const env = envelopeFit(rs, { metric: 'val/loss', points: 30, bootstrap: 500, seed: 1 });
 * env.nOptLaw.exponent; env.nOptLaw.ci;
 * envelopeOptAt(env, 5.88e23).ci; // { N_opt: [lo, hi], D_opt: [lo, hi] } from the joint draws of (k, a)
 */
import { InputError } from '../errors.js';
import type { RunSet } from '../runs/runset.js';
import { quantileSorted } from '../stats/descriptive.js';
import { createRng } from '../stats/random.js';
import type { BootstrapInfo, OptLaw } from './isoflop.js';
import type { RunConfigs } from './runset.js';

/** One training curve for the envelope: loss against FLOPs (and optionally tokens) of a model with N parameters. */
export interface EnvelopeCurve {
  run: string;
  N: number;
  /** FLOPs at each point, increasing. */
  C: ArrayLike<number>;
  loss: ArrayLike<number>;
  /** Tokens at each point (optional; D = C / 6N otherwise). */
  D?: ArrayLike<number>;
}

/** Options of {@link envelopeFit}. */
export interface EnvelopeOptions {
  /** RunSet input: the loss metric (default: the set's only metric). */
  metric?: string;
  /** RunSet input: config key of the parameter count (default 'N'); without it N = flops / (6 tokens). */
  N?: string;
  /** RunSet input: extra per-run config by run id (see configFromTable). */
  config?: RunConfigs;
  /** Number of log-spaced FLOPs values (default 30). */
  points?: number;
  /** FLOPs range [lo, hi] (default: from the smallest to the largest final FLOPs of any curve). */
  range?: readonly [number, number];
  /** Least number of curves reaching a FLOPs value for its minimum to count (default 2). */
  minCurves?: number;
  /** Bootstrap resamples over runs (default 0: no intervals). */
  bootstrap?: number;
  seed?: number;
  /** Interval level (default 0.95). */
  level?: number;
}

/** The envelope at one FLOPs value. */
export interface EnvelopeMinimum {
  C: number;
  /** Run achieving the minimum, its N, its tokens at C, and the (interpolated) loss. */
  run: string;
  N: number;
  D: number;
  loss: number;
  /** Curves reaching this C. */
  curves: number;
  /** The minimiser is the smallest or largest model reaching C (the optimum may lie outside the sizes tried). */
  atEdge: boolean;
}

/** Result of {@link envelopeFit}. */
export interface EnvelopeResult {
  minima: EnvelopeMinimum[];
  nOptLaw: OptLaw;
  dOptLaw: OptLaw;
  /** Distinct model sizes among the minima. */
  distinctN: number;
  /**
   * Bootstrap draws, one entry per kept resample (resamples that kept fewer than 3 usable FLOPs values are
   * dropped): exponents a (N_opt) and b (D_opt) and the matching coefficients kN and kD, so resample i's laws are
   * N_opt = kN[i] C^a[i] and D_opt = kD[i] C^b[i] (see {@link envelopeOptAt}). Null without a bootstrap.
   */
  draws: { a: Float64Array; b: Float64Array; kN: Float64Array; kD: Float64Array } | null;
  /** How the intervals were computed (absent without a bootstrap). */
  bootstrap?: BootstrapInfo;
  warnings: string[];
}

interface Prepared { run: string; N: number; lc: Float64Array; ll: Float64Array; ld: Float64Array | null }

/** Clean one curve: finite positive points, strictly increasing C (later points at or below the running max are dropped). */
function prepare(c: EnvelopeCurve, warnings: string[]): Prepared | null {
  if (!(Number.isFinite(c.N) && c.N > 0)) throw new InputError(`envelope: run '${c.run}' has no valid N (${c.N})`);
  const lc: number[] = [], ll: number[] = [], ld: number[] = [];
  let dropped = 0, nonMono = 0;
  for (let i = 0; i < c.C.length; i++) {
    const C = c.C[i]!, L = c.loss[i]!, D = c.D ? c.D[i]! : NaN;
    if (!(C > 0 && Number.isFinite(C) && L > 0 && Number.isFinite(L))) { dropped++; continue; }
    if (lc.length > 0 && Math.log(C) <= lc[lc.length - 1]!) { nonMono++; continue; }
    lc.push(Math.log(C)); ll.push(Math.log(L)); ld.push(D > 0 ? Math.log(D) : NaN);
  }
  if (dropped > 0) warnings.push(`run '${c.run}': ${dropped} point(s) without finite positive FLOPs and loss ignored`);
  if (nonMono > 0) warnings.push(`run '${c.run}': ${nonMono} point(s) whose FLOPs do not increase ignored`);
  if (lc.length === 0) { warnings.push(`run '${c.run}': no usable point`); return null; }
  const hasD = c.D !== undefined && ld.every(Number.isFinite);
  return { run: c.run, N: c.N, lc: Float64Array.from(lc), ll: Float64Array.from(ll), ld: hasD ? Float64Array.from(ld) : null };
}

/** Linear interpolation of ys at x in increasing xs; NaN outside [xs[0], xs[n-1]] (no extrapolation). */
function interp(xs: Float64Array, ys: Float64Array, x: number): number {
  const n = xs.length;
  const eps = 1e-12 * Math.max(1, Math.abs(x));
  if (x < xs[0]! - eps || x > xs[n - 1]! + eps) return NaN;
  if (n === 1 || x <= xs[0]!) return ys[0]!;
  if (x >= xs[n - 1]!) return ys[n - 1]!;
  let lo = 0, hi = n - 1;
  while (hi - lo > 1) { const m = (lo + hi) >> 1; if (xs[m]! <= x) lo = m; else hi = m; }
  const t = (x - xs[lo]!) / (xs[hi]! - xs[lo]!);
  return ys[lo]! + t * (ys[hi]! - ys[lo]!);
}

/** OLS slope and intercept of y on x. */
function ols(x: readonly number[], y: readonly number[]): [number, number] {
  const n = x.length;
  const mx = x.reduce((s, v) => s + v, 0) / n, my = y.reduce((s, v) => s + v, 0) / n;
  let sxy = 0, sxx = 0;
  for (let i = 0; i < n; i++) { sxy += (x[i]! - mx) * (y[i]! - my); sxx += (x[i]! - mx) ** 2; }
  const b = sxy / sxx;
  return [b, my - b * mx];
}

/**
 * Curves of a RunSet for {@link envelopeFit}: the metric's curves with their flops (or 6 N tokens) and tokens;
 * N from config (key `options.N`, default 'N', merged with `options.config`) or else flops / (6 tokens) at the
 * curve's last point where both are logged.
 *
 * @example
 * const curves = envelopeCurves(rs, { metric: 'val/loss' });
 */
export function envelopeCurves(rs: RunSet, options: Pick<EnvelopeOptions, 'metric' | 'N' | 'config'> = {}): EnvelopeCurve[] {
  const names = rs.metricNames();
  const metric = options.metric ?? (names.length === 1 ? names[0]! : undefined);
  if (metric === undefined) throw new InputError(`envelope: name the loss metric (the runs have ${names.join(', ') || 'no metrics'})`);
  if (!names.includes(metric)) throw new InputError(`envelope: no curve of metric '${metric}' (metrics: ${names.join(', ')})`);
  const keyN = options.N ?? 'N';
  const out: EnvelopeCurve[] = [];
  const noN: string[] = [];
  for (const c of rs.curves(metric)) {
    const cfg = { ...(rs.run(c.run)?.config ?? {}), ...(options.config?.[c.run] ?? {}) };
    const v = cfg[keyN];
    let N = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
    if (!(N > 0)) {
      for (let i = c.flops.length - 1; i >= 0; i--) {
        if (c.flops[i]! > 0 && c.tokens[i]! > 0) { N = c.flops[i]! / (6 * c.tokens[i]!); break; }
      }
    }
    if (!(N > 0 && Number.isFinite(N))) { noN.push(c.run); continue; }
    const hasFlops = c.flops.some((x) => x > 0);
    const C = hasFlops ? c.flops : Float64Array.from(c.tokens, (t) => 6 * N * t);
    const hasTokens = c.tokens.some((x) => x > 0);
    out.push({ run: c.run, N, C, loss: c.value, ...(hasTokens ? { D: c.tokens } : {}) });
  }
  if (noN.length > 0) {
    throw new InputError(`envelope: no model size for run(s) ${noN.slice(0, 5).join(', ')}${noN.length > 5 ? ', ...' : ''}: give config '${keyN}' (e.g. join a runs table) or log both flops and tokens`);
  }
  return out;
}

/**
 * Approach 1 on training curves (or a RunSet: see {@link envelopeCurves}).
 *
 * @example
 * const env = envelopeFit(curves, { points: 25, bootstrap: 1000, seed: 3 });
 * env.minima[0]; // { C, run, N, D, loss, curves, atEdge }
 */
export function envelopeFit(input: readonly EnvelopeCurve[] | RunSet, options: EnvelopeOptions = {}): EnvelopeResult {
  const curves = Array.isArray(input) ? (input as readonly EnvelopeCurve[]) : envelopeCurves(input as RunSet, options);
  const warnings: string[] = [];
  const prep = curves.map((c) => prepare(c, warnings)).filter((p): p is Prepared => p !== null);
  const R = prep.length;
  if (R < 2) throw new InputError(`envelope: need at least 2 curves, got ${R}`);
  const G = options.points ?? 30;
  if (!(Number.isInteger(G) && G >= 3)) throw new InputError(`envelope: points must be an integer >= 3, got ${G}`);
  const minCurves = options.minCurves ?? 2;
  const finals = prep.map((p) => p.lc[p.lc.length - 1]!);
  let lo: number, hi: number;
  if (options.range) {
    [lo, hi] = options.range.map(Math.log) as [number, number];
    if (!(hi > lo)) throw new InputError(`envelope: range must be [lo, hi] with 0 < lo < hi, got [${options.range.join(', ')}]`);
  } else {
    lo = Math.min(...finals); hi = Math.max(...finals);
    if (!(hi > lo)) throw new InputError('envelope: every curve ends at the same FLOPs; give a range');
  }
  const grid = Array.from({ length: G }, (_, i) => lo + ((hi - lo) * i) / (G - 1));
  // Loss of every curve at every grid value (NaN where the curve does not reach it).
  const M = grid.map((x) => prep.map((p) => interp(p.lc, p.ll, x)));
  const logN = prep.map((p) => Math.log(p.N));

  const envelope = (use: ArrayLike<boolean> | null): { k: number[]; j: number[]; n: number[] } => {
    const ks: number[] = [], js: number[] = [], ns: number[] = [];
    for (let k = 0; k < G; k++) {
      let best = -1, count = 0;
      for (let j = 0; j < R; j++) {
        if (use && !use[j]) continue;
        const v = M[k]![j]!;
        if (Number.isNaN(v)) continue;
        count++;
        if (best < 0 || v < M[k]![best]!) best = j;
      }
      if (count >= minCurves && best >= 0) { ks.push(k); js.push(best); ns.push(count); }
    }
    return { k: ks, j: js, n: ns };
  };
  const dAt = (j: number, k: number): number => {
    const p = prep[j]!;
    return p.ld ? Math.exp(interp(p.lc, p.ld, grid[k]!)) : Math.exp(grid[k]!) / (6 * p.N);
  };
  const laws = (e: { k: number[]; j: number[] }): [number, number, number, number] => {
    const x = e.k.map((k) => grid[k]!);
    const [a, ia] = ols(x, e.j.map((j) => logN[j]!));
    const [b, ib] = ols(x, e.j.map((j, i) => Math.log(dAt(j, e.k[i]!))));
    return [a, Math.exp(ia), b, Math.exp(ib)];
  };

  const env = envelope(null);
  if (env.k.length < 3) throw new InputError(`envelope: only ${env.k.length} FLOPs value(s) reached by at least ${minCurves} curves (need 3); widen the range or lower minCurves`);
  if (env.k.length < G) warnings.push(`${G - env.k.length} of ${G} FLOPs values are reached by fewer than ${minCurves} curves and were left out`);
  const minima: EnvelopeMinimum[] = env.k.map((k, i) => {
    const j = env.j[i]!;
    let minN = Infinity, maxN = -Infinity;
    for (let r = 0; r < R; r++) if (!Number.isNaN(M[k]![r]!)) { minN = Math.min(minN, logN[r]!); maxN = Math.max(maxN, logN[r]!); }
    return { C: Math.exp(grid[k]!), run: prep[j]!.run, N: prep[j]!.N, D: dAt(j, k), loss: Math.exp(M[k]![j]!), curves: env.n[i]!, atEdge: logN[j] === minN || logN[j] === maxN };
  });
  const [a, kN, b, kD] = laws(env);
  const distinctN = new Set(minima.map((m) => m.N)).size;
  if (distinctN < 5) warnings.push(`the envelope's minima come from only ${distinctN} distinct model size(s): N_opt is quantised to the sizes trained and its exponent is coarse (Approach 1 needs many sizes)`);
  const edge = minima.filter((m) => m.atEdge).length;
  if (edge > 0) warnings.push(`${edge} of ${minima.length} minima are at the smallest or largest model reaching that FLOPs: the optimum may lie outside the sizes tried`);

  const nOptLaw: OptLaw = { k: kN, exponent: a, ci: null, se: null };
  const dOptLaw: OptLaw = { k: kD, exponent: b, ci: null, se: null };
  const K = options.bootstrap ?? 0;
  let draws: EnvelopeResult['draws'] = null;
  if (K > 0) {
    const rng = createRng(options.seed ?? 0);
    const da: number[] = [], db: number[] = [], dkN: number[] = [], dkD: number[] = [];
    let failed = 0;
    const use = new Uint8Array(R);
    for (let r = 0; r < K; r++) {
      const g = rng.fork(r);
      use.fill(0);
      for (let i = 0; i < R; i++) use[g.int(R)] = 1;
      const e = envelope(Array.from(use, (u) => u === 1));
      if (e.k.length < 3) { failed++; continue; }
      const [ra, rkN, rb, rkD] = laws(e);
      da.push(ra); db.push(rb); dkN.push(rkN); dkD.push(rkD);
    }
    if (failed > 0) warnings.push(`${failed} of ${K} bootstrap resamples kept fewer than 3 usable FLOPs values and were dropped`);
    const level = options.level ?? 0.95;
    const summarise = (v: number[], law: OptLaw): void => {
      if (v.length < 2) return;
      const s = [...v].sort((x, y) => x - y);
      const q = (p: number): number => { const h = (s.length - 1) * p, l = Math.floor(h); return s[l]! + (h - l) * (s[Math.min(l + 1, s.length - 1)]! - s[l]!); };
      law.ci = [q((1 - level) / 2), q(1 - (1 - level) / 2)];
      const m = v.reduce((acc, x) => acc + x, 0) / v.length;
      law.se = Math.sqrt(v.reduce((acc, x) => acc + (x - m) ** 2, 0) / (v.length - 1));
    };
    summarise(da, nOptLaw);
    summarise(db, dOptLaw);
    draws = { a: Float64Array.from(da), b: Float64Array.from(db), kN: Float64Array.from(dkN), kD: Float64Array.from(dkD) };
    return { minima, nOptLaw, dOptLaw, distinctN, draws, bootstrap: { resamples: K, seed: options.seed ?? 0, level, dropped: failed }, warnings };
  }
  return { minima, nOptLaw, dOptLaw, distinctN, draws, warnings };
}

/** Result of {@link envelopeOptAt}: the compute-optimal allocation at one budget C. */
export interface EnvelopeOptAt {
  C: number;
  /** Point estimates from the full-data laws: nOptLaw.k C^a and dOptLaw.k C^b. */
  N_opt: number;
  D_opt: number;
  /** D_opt / N_opt. */
  tokensPerParam: number;
  /**
   * Percentile intervals at `level` over the joint bootstrap draws: the quantiles of kN[i] C^a[i] (and
   * kD[i] C^b[i]) across resamples i. Null without a bootstrap or with fewer than 2 kept resamples (never a
   * made-up interval).
   */
  ci: { N_opt: [number, number]; D_opt: [number, number] } | null;
  level: number;
  /** Bootstrap resamples behind `ci` (0 when it is null for want of draws). */
  draws: number;
  /** C lies outside the FLOPs range of the envelope's minima (the power laws are extrapolated). */
  extrapolated: boolean;
  warnings: string[];
}

/**
 * N_opt(C) and D_opt(C) of an envelope fit at a target budget C, with percentile intervals over the JOINT
 * bootstrap draws of each law's coefficient and exponent. k and a are strongly correlated (the intercept of a
 * log-log fit moves against its slope), so combining separate intervals of k and a would be far too wide;
 * here each resample's own law k_i C^a_i is evaluated and its quantiles taken (linear interpolation, numpy's
 * default). Pure: the same fit gives the same numbers. The interval reflects resampling runs only: beyond the
 * FLOPs range of the minima it assumes the power law still holds (`extrapolated` and a warning say so).
 *
 * @example
 * const env = envelopeFit(curves, { range: [1e18, 1e21], bootstrap: 500, seed: 1 });
 * const at = envelopeOptAt(env, 1e20);
 * at.N_opt; at.ci?.N_opt; // [lo, hi] at env.bootstrap.level (0.95 by default)
 */
export function envelopeOptAt(env: EnvelopeResult, C: number, level?: number): EnvelopeOptAt {
  if (!(typeof C === 'number' && Number.isFinite(C) && C > 0)) throw new InputError(`envelopeOptAt: C must be a finite positive number of FLOPs, got ${C}`);
  const lv = level ?? env.bootstrap?.level ?? 0.95;
  if (!(lv > 0 && lv < 1)) throw new InputError(`envelopeOptAt: level must be in (0, 1), got ${lv}`);
  const N_opt = env.nOptLaw.k * C ** env.nOptLaw.exponent;
  const D_opt = env.dOptLaw.k * C ** env.dOptLaw.exponent;
  const warnings: string[] = [];
  let lo = Infinity, hi = -Infinity;
  for (const m of env.minima) { lo = Math.min(lo, m.C); hi = Math.max(hi, m.C); }
  const extrapolated = C < lo * (1 - 1e-9) || C > hi * (1 + 1e-9);
  if (extrapolated) {
    const f = C > hi ? C / hi : lo / C;
    warnings.push(`C = ${C.toExponential(3)} is ${f.toPrecision(3)}x outside the envelope's FLOPs range [${lo.toExponential(3)}, ${hi.toExponential(3)}]: N_opt and D_opt extrapolate the power laws, and the interval covers resampling of runs, not the laws' validity there`);
  }
  const d = env.draws;
  const n = d ? d.a.length : 0;
  let ci: EnvelopeOptAt['ci'] = null;
  if (d && n >= 2) {
    const at = (k: Float64Array, e: Float64Array): [number, number] => {
      const v = new Float64Array(n);
      for (let i = 0; i < n; i++) v[i] = k[i]! * C ** e[i]!;
      v.sort();
      return [quantileSorted(v, (1 - lv) / 2), quantileSorted(v, 1 - (1 - lv) / 2)];
    };
    ci = { N_opt: at(d.kN, d.a), D_opt: at(d.kD, d.b) };
  } else if (d) {
    warnings.push(`only ${n} bootstrap resample(s) kept: no interval`);
  }
  return { C, N_opt, D_opt, tokensPerParam: D_opt / N_opt, ci, level: lv, draws: ci ? n : 0, extrapolated, warnings };
}
