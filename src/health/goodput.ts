/**
 * Goodput accounting of one run over its timed step records, as Google's ml-goodput-measurement defines goodput:
 * productive step time / total wall time, with the rest (badput) split into start-up, checkpoint saves, wasted
 * progress after a rollback, stalls and gaps. Every second of [start, last record] is assigned to exactly one of
 * the six buckets, so `wall = productive + startup + checkpoint + rollback + stall + gap` holds by construction.
 *
 * The records are the step metric's points (kept and superseded by a restart) in time order. The interval
 * (t[k-1], t[k]] of record k covers `step[k] - step[k-1]` steps of one segment:
 * - with per-step time u = duration / steps and the trailing median m and scaled MAD s of u over the last
 *   `window` intervals, the interval is slow when u > m + z x s and u > slowFactor x
 *   m (the baseline is refreshed every `block` intervals: ./block-spikes.ts): then steps x m is work and the excess is a checkpoint save (a checkpoint event lies in [step[k-1], step[k]),
 *   or the slow intervals recur with a period: see {@link periodicSteps}) or else a stall;
 * - otherwise the whole interval is work;
 * - work is productive, except on records whose step was recomputed after a restart (`superseded[k]`): there it is
 *   rollback (wasted progress: Google's goodput counts the save that the run resumed from as checkpoint time, and
 *   the steps after it as wasted).
 * The first record of a segment (a step not above the one before it in time: a restart) counts as one step
 * interval of work: its logged step time when there is one, else the median step spacing x the run's median
 * per-step time (capped at the time available); the time before that is start-up (first segment, from `start`) or
 * a gap (later segments, from the previous record).
 */
import { blockSpikes } from './block-spikes.js';
import { quantileInPlace } from './quantiles.js';
import type { Badput } from './types.js';

/** Timed step records of a run, in time order. */
export interface Timeline {
  step: Float64Array;
  /** Wall-clock seconds, non-decreasing (the caller checks; see `clock_backwards`). */
  time: Float64Array;
  /** 1 where the record's step was recomputed after a restart (RunSet.superseded, reason 'restart'). */
  superseded: Uint8Array;
  /** Logged seconds of the record's own step (llm.c ms, Megatron per-iteration time), NaN when not logged. */
  stepTime?: Float64Array;
  /** Steps at which a checkpoint save began ("saving checkpoint at iteration N"), ascending. */
  checkpointSteps?: Float64Array;
  /** The run's start on the same clock (first log line); the first record's time minus one step when unknown. */
  start: number;
}

/** Options of {@link accountGoodput}. */
export interface GoodputOptions {
  /** Trailing window (intervals) of the rolling median per-step time (default 50). */
  window?: number;
  /** Robust z above which an interval is slow (default 6). */
  z?: number;
  /** A slow interval is also at least this many times the median (default 1.5). */
  slowFactor?: number;
  /** Intervals that share one trailing baseline (default 50; see ./block-spikes.ts). */
  block?: number;
}

/** One slow interval (a checkpoint save or a stall). */
export interface SlowInterval {
  /** Index of the record that ends it. */
  index: number;
  step: number;
  time: number;
  kind: 'checkpoint' | 'stall';
  /** Seconds beyond steps x median. */
  excess: number;
  /** Per-step seconds in the interval, and the trailing median it was compared with. */
  perStep: number;
  median: number;
  /** The checkpoint was matched by: 'event' (a "saving checkpoint" line) or 'period' (detected period, in steps). */
  by?: 'event' | 'period';
  period?: number;
}

/** The accounting of one run. */
export interface GoodputAccount {
  wall: number;
  productive: number;
  badput: Badput;
  slow: SlowInterval[];
  /** Median per-step seconds over the intervals (NaN if none). */
  medianStepTime: number;
  /** Median step spacing between records. */
  spacing: number;
  /** The period (in steps) of the checkpoint saves when one was detected, else NaN. */
  checkpointPeriod: number;
}

/**
 * Account every second of a timed run (see the module comment for the rules).
 *
 * @example
 * const tl = { step: Float64Array.of(1, 2, 3), time: Float64Array.of(12, 13, 14), superseded: new Uint8Array(3), start: 0 };
 * accountGoodput(tl).badput.startup_s; // 11 (12 s to the end of step 1, minus its 1 s of work)
 */
export function accountGoodput(tl: Timeline, options: GoodputOptions = {}): GoodputAccount {
  const window = options.window ?? 50;
  const z = options.z ?? 6;
  const slowFactor = options.slowFactor ?? 1.5;
  const { step, time, superseded } = tl;
  const n = step.length;
  const badput: Badput = { startup_s: 0, checkpoint_s: 0, rollback_s: 0, stall_s: 0, gap_s: 0 };
  if (n === 0) return { wall: 0, productive: 0, badput, slow: [], medianStepTime: NaN, spacing: NaN, checkpointPeriod: NaN };

  // Per-step time of every interval inside a segment (NaN at the first record of a segment). Both arrays are only
  // read inside this call: module scratch reused across runs (200 runs x 100k steps would allocate ~1 GB otherwise).
  const perStep = scratchOf(0, n);
  const gaps = scratchOf(1, n);
  let ng = 0;
  perStep[0] = NaN;
  for (let k = 1; k < n; k++) {
    const ds = step[k]! - step[k - 1]!;
    if (ds > 0) {
      perStep[k] = (time[k]! - time[k - 1]!) / ds;
      gaps[ng++] = ds;
    } else perStep[k] = NaN;
  }
  let same = true;
  for (let k = 1; k < ng && same; k++) same = gaps[k] === gaps[0];
  const spacing = ng === 0 ? 1 : same ? gaps[0]! : quantileInPlace(gaps, ng, 0.5);
  const finite = gaps; // the spacing is known: its buffer holds the finite per-step times now
  let nf = 0;
  for (let k = 1; k < n; k++) if (!superseded[k] && perStep[k] === perStep[k]) finite[nf++] = perStep[k]!;
  const medianStepTime = nf > 0 ? quantileInPlace(finite, nf, 0.5) : NaN;

  // Slow intervals: the robust detector, then the factor guard (a flat window has MAD 0).
  const slow: SlowInterval[] = [];
  if (n > 3) {
    const w = Math.max(3, window);
    for (const sp of blockSpikes(perStep.subarray(0, n), { window: w, block: options.block ?? 50, z, minPeriods: Math.min(w, Math.max(3, Math.ceil(w / 2))) })) {
      if (!(sp.value > slowFactor * sp.median)) continue;
      const ds = step[sp.index]! - step[sp.index - 1]!;
      const excess = time[sp.index]! - time[sp.index - 1]! - ds * sp.median;
      slow.push({ index: sp.index, step: step[sp.index]!, time: time[sp.index]!, kind: 'stall', excess, perStep: sp.value, median: sp.median });
    }
  }
  // Checkpoints: by event, then by period among the rest.
  const ck = tl.checkpointSteps;
  if (ck && ck.length > 0) {
    for (const s of slow) {
      const a = step[s.index - 1]!, b = s.step;
      if (anyIn(ck, a, b)) {
        s.kind = 'checkpoint';
        s.by = 'event';
      }
    }
  }
  const rest = slow.filter((s) => s.kind === 'stall');
  const per = periodicSteps(rest.map((s) => s.step));
  if (per) {
    for (const s of rest) {
      if (mod(s.step, per.period) === per.phase) {
        s.kind = 'checkpoint';
        s.by = 'period';
        s.period = per.period;
      }
    }
  }
  // `slow` is in index order (blockSpikes reports ascending indices): walked beside k, no map lookup per interval
  let next = 0;

  // Assign every interval.
  const start = tl.start;
  let productive = 0;
  for (let k = 0; k < n; k++) {
    const d = k === 0 ? time[0]! - start : time[k]! - time[k - 1]!;
    const first = k === 0 || !(step[k]! > step[k - 1]!);
    if (first) {
      const logged = tl.stepTime ? tl.stepTime[k]! : NaN;
      let work = Number.isFinite(logged) && logged >= 0 ? logged : spacing * medianStepTime;
      if (!(work === work)) work = 0;
      if (work > d) work = d;
      if (superseded[k]) badput.rollback_s += work;
      else productive += work;
      if (k === 0) badput.startup_s += d - work;
      else badput.gap_s += d - work;
      continue;
    }
    while (next < slow.length && slow[next]!.index < k) next++;
    const s = next < slow.length && slow[next]!.index === k ? slow[next] : undefined;
    if (s) {
      const work = d - s.excess;
      if (superseded[k]) badput.rollback_s += work;
      else productive += work;
      if (s.kind === 'checkpoint') badput.checkpoint_s += s.excess;
      else badput.stall_s += s.excess;
    } else if (superseded[k]) badput.rollback_s += d;
    else productive += d;
  }
  const wall = time[n - 1]! - start;
  return { wall, productive, badput, slow, medianStepTime, spacing, checkpointPeriod: per ? per.period : NaN };
}

/** Scratch arrays of {@link accountGoodput}, grown as needed and reused (nothing returned points into them). */
const scratch: Float64Array[] = [new Float64Array(0), new Float64Array(0)];

/** Scratch array `k` with room for `n` values (its contents are whatever the last call left). */
function scratchOf(k: number, n: number): Float64Array {
  if (scratch[k]!.length < n) scratch[k] = new Float64Array(Math.max(n, 2 * scratch[k]!.length));
  return scratch[k]!;
}

/** Whether sorted `a` has a value in [lo, hi). */
function anyIn(a: Float64Array, lo: number, hi: number): boolean {
  let l = 0, h = a.length;
  while (l < h) {
    const m = (l + h) >> 1;
    if (a[m]! < lo) l = m + 1;
    else h = m;
  }
  return l < a.length && a[l]! < hi;
}

function mod(a: number, p: number): number {
  return ((a % p) + p) % p;
}

/**
 * A period among the steps of slow intervals. Candidates are the differences P between the distinct steps (all
 * pairs, or consecutive ones above 300 steps); for each, the most frequent phase (step mod P) gives its members.
 * A candidate needs 3 members filling at least half of the occurrences expected between its first and last member
 * (a checkpoint every P steps leaves one slow interval every P steps; stalls do not). The best fills most, then has
 * most members, then the smaller P. Null when no candidate qualifies.
 *
 * @example
 * periodicSteps([1000, 1500, 2000, 3000, 4000]); // { period: 1000, phase: 0, members: 4 }
 */
export function periodicSteps(steps: readonly number[]): { period: number; phase: number; members: number } | null {
  const s = [...new Set(steps)].sort((a, b) => a - b);
  if (s.length < 3) return null;
  const cands = new Set<number>();
  if (s.length <= 300) {
    for (let i = 0; i < s.length; i++) for (let j = i + 1; j < s.length; j++) cands.add(s[j]! - s[i]!);
  } else for (let i = 1; i < s.length; i++) cands.add(s[i]! - s[i - 1]!);
  let best: { period: number; phase: number; members: number; fill: number } | null = null;
  for (const p of cands) {
    if (!(p > 0)) continue;
    const phases = new Map<number, number>();
    for (const x of s) phases.set(mod(x, p), (phases.get(mod(x, p)) ?? 0) + 1);
    let phase = 0, members = 0;
    for (const [ph, c] of phases) if (c > members || (c === members && ph < phase)) { phase = ph; members = c; }
    if (members < 3) continue;
    let first = Infinity, last = -Infinity;
    for (const x of s) if (mod(x, p) === phase) { if (x < first) first = x; last = x; }
    const fill = members / ((last - first) / p + 1);
    if (fill < 0.5) continue;
    if (!best || fill > best.fill || (fill === best.fill && (members > best.members || (members === best.members && p < best.period)))) best = { period: p, phase, members, fill };
  }
  return best ? { period: best.period, phase: best.phase, members: best.members } : null;
}
