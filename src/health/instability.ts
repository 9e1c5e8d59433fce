/**
 * The instability timeline of one run: loss spikes (src/runs/spikes.ts: trailing median + z x scaled MAD), grad-norm
 * spikes (the same score with a baseline refreshed every 50 points, ./block-spikes.ts, for speed; also for the loss
 * when `fast` is set), loss-scale drops, skipped and non-finite iterations, divergence, and learning-rate jumps.
 *
 * A spike's recovery is the number of steps until the metric is back at or below its pre-spike level (the trailing
 * median + 3 x the scaled MAD the spike was compared with); later spikes before the recovery belong to the same
 * episode and are not listed again. A spike that never recovers, with at least `minAfter` points after it, is a
 * divergence (the loss never returned to its pre-spike level). A learning-rate jump is a change of the lr's
 * step-to-step difference by more than 10% of the lr (a schedule's warm-up or decay changes it smoothly).
 */
import { detectSpikes, type Spike, type SpikeOptions } from '../runs/spikes.js';
import { blockSpikes } from './block-spikes.js';
import { Flag } from '../runs/types.js';
import type { HealthEvent, HealthEventKind } from './types.js';

/** A curve as the timeline reads it (typed arrays sorted by step). */
export interface SeriesIn {
  step: ArrayLike<number>;
  value: ArrayLike<number>;
  flag?: ArrayLike<number>;
}

/** Wall-clock seconds of a step (NaN when unknown). */
export type TimeAt = (step: number) => number;

const fmt = (v: number): string => (Number.isInteger(v) ? String(v) : Number.isFinite(v) ? Number(v.toPrecision(4)).toString() : String(v));

/** Grad-norm spikes by the block variant (./block-spikes.ts), with the non-finite points listed as detectSpikes does. */
function fastSpikes(c: SeriesIn, window: number, z: number, minPeriods: number): Spike[] {
  const out: Spike[] = [];
  const up = blockSpikes(c.value, { window, z, minPeriods });
  let k = 0;
  for (let i = 0; i < c.value.length; i++) {
    const v = c.value[i]!;
    if (!Number.isFinite(v)) out.push({ index: i, step: Number(c.step[i]), value: v, median: NaN, scale: NaN, score: NaN, nonFinite: true });
    else if (k < up.length && up[k]!.index === i) {
      const s = up[k++]!;
      out.push({ index: i, step: Number(c.step[i]), value: v, median: s.median, scale: s.scale, score: s.score, nonFinite: false });
    }
  }
  return out;
}

/**
 * Spike, non-finite, skipped and divergence events of a metric ('loss' or 'grad_norm').
 *
 * @example
 * spikeEvents({ step, value }, 'loss', () => NaN); // [{ kind: 'loss_spike', step: 1200, recovery_steps: 35, ... }]
 */
export function spikeEvents(c: SeriesIn, what: 'loss' | 'grad_norm', timeAt: TimeAt, options: SpikeOptions = {}, minAfter = 3, fast = false): HealthEvent[] {
  const out: HealthEvent[] = [];
  const n = c.value.length;
  if (n < 3) return out;
  const window = Math.min(options.window ?? 50, Math.max(3, n));
  const minPeriods = Math.min(window, options.minPeriods ?? Math.max(3, Math.ceil(window / 2)));
  const spikes = what === 'loss' && !fast ? detectSpikes(c, { ...options, window, minPeriods }) : fastSpikes(c, window, options.z ?? 6, minPeriods);
  const kind: HealthEventKind = what === 'loss' ? 'loss_spike' : 'grad_norm_spike';
  let until = -1;
  for (const sp of spikes) {
    const i = sp.index;
    const step = sp.step;
    if (sp.nonFinite) {
      const skipped = c.flag !== undefined && c.flag[i] === Flag.skipped;
      // one event per run of consecutive non-finite/skipped points
      if (i > 0 && !Number.isFinite(c.value[i - 1]!) && (c.flag?.[i - 1] === Flag.skipped) === skipped) continue;
      let j = i;
      while (j + 1 < n && !Number.isFinite(c.value[j + 1]!)) j++;
      const count = j - i + 1;
      const ev: HealthEvent = {
        kind: skipped ? 'skipped_iteration' : 'non_finite',
        step,
        time_s: timeAt(step),
        detail: skipped ? `${what} not logged: ${count} record(s) of skipped iterations from step ${step}` : `${what} is ${String(sp.value)} at ${count} record(s) from step ${step}`,
        value: sp.value,
      };
      if (!skipped && j === n - 1) {
        ev.recovery_steps = NaN;
        out.push(ev);
        if (what === 'loss') out.push({ kind: 'divergence', step, time_s: timeAt(step), detail: `loss non-finite from step ${step} to the end of the run`, value: sp.value, recovery_steps: NaN });
        continue;
      }
      ev.recovery_steps = j + 1 < n ? Number(c.step[j + 1]) - step : NaN;
      out.push(ev);
      continue;
    }
    if (i <= until) continue;
    const level = sp.median + 3 * sp.scale;
    let r = -1;
    for (let k = i + 1; k < n; k++) {
      const v = c.value[k]!;
      if (Number.isFinite(v) && v <= level) {
        r = k;
        break;
      }
    }
    const ev: HealthEvent = {
      kind,
      step,
      time_s: timeAt(step),
      detail: `${what} ${fmt(sp.value)} against a trailing median ${fmt(sp.median)} (robust z ${fmt(sp.score)})`,
      value: sp.value,
      recovery_steps: r >= 0 ? Number(c.step[r]) - step : NaN,
    };
    out.push(ev);
    if (r >= 0) until = r - 1;
    else {
      until = n;
      const after = n - 1 - i;
      if (what === 'loss' && after >= minAfter) {
        out.push({ kind: 'divergence', step, time_s: timeAt(step), detail: `loss never returned to its pre-spike level ${fmt(level)} in the ${after} records after step ${step}`, value: sp.value, recovery_steps: NaN });
      }
    }
  }
  return out;
}

/**
 * Loss-scale drops: each point where the loss scale went down (fp16 overflow back-off).
 *
 * @example
 * lossScaleEvents({ step: [1, 2], value: [65536, 32768] }, () => NaN)[0].detail; // 'loss scale 65536 -> 32768'
 */
export function lossScaleEvents(c: SeriesIn, timeAt: TimeAt): HealthEvent[] {
  const out: HealthEvent[] = [];
  let prev = NaN;
  for (let i = 0; i < c.value.length; i++) {
    const v = c.value[i]!;
    if (!Number.isFinite(v)) continue;
    if (v < prev) {
      const step = Number(c.step[i]);
      let r = i + 1;
      while (r < c.value.length && !(c.value[r]! >= prev)) r++;
      out.push({ kind: 'loss_scale_drop', step, time_s: timeAt(step), detail: `loss scale ${fmt(prev)} -> ${fmt(v)}`, value: v, recovery_steps: r < c.value.length ? Number(c.step[r]) - step : NaN });
    }
    prev = v;
  }
  return out;
}

/**
 * Learning-rate jumps: a step-to-step difference that changes by more than `tolerance` x the lr.
 *
 * @example
 * lrChangeEvents({ step: [1, 2, 3, 4], value: [1e-3, 1e-3, 5e-4, 5e-4] }, () => NaN)[0].step; // 3
 */
export function lrChangeEvents(c: SeriesIn, timeAt: TimeAt, tolerance = 0.1): HealthEvent[] {
  const out: HealthEvent[] = [];
  let prevDiff = NaN;
  for (let i = 1; i < c.value.length; i++) {
    const a = c.value[i - 1]!, b = c.value[i]!;
    if (!Number.isFinite(a) || !Number.isFinite(b)) {
      prevDiff = NaN;
      continue;
    }
    const d = b - a;
    const ref = Math.max(Math.abs(a), Math.abs(b));
    if (Number.isFinite(prevDiff) && ref > 0 && Math.abs(d - prevDiff) > tolerance * ref) {
      const step = Number(c.step[i]);
      out.push({ kind: 'lr_change', step, time_s: timeAt(step), detail: `learning rate ${fmt(a)} -> ${fmt(b)}`, value: b });
      // the schedule's slope after a jump is compared from the next difference on (not with the jump itself)
      prevDiff = NaN;
      continue;
    }
    prevDiff = d;
  }
  return out;
}

/** Event kinds listed as context before an instability. */
const CONTEXT: ReadonlySet<HealthEventKind> = new Set(['restart', 'stall', 'checkpoint', 'lr_change']);
const INSTABILITY: ReadonlySet<HealthEventKind> = new Set(['loss_spike', 'grad_norm_spike', 'loss_scale_drop', 'skipped_iteration', 'non_finite', 'divergence']);

/**
 * Sort events by step (stable) and attach to every instability the context events (restart, stall, checkpoint,
 * lr change) within `window` steps before it (inclusive of its own step).
 *
 * @example
 * withContext(events, 100).find((e) => e.kind === 'loss_spike')?.before; // [{ kind: 'stall', step: 1190 }]
 */
export function withContext(events: HealthEvent[], window: number): HealthEvent[] {
  // events without a step (a count the loader gave for the whole run) go last
  const key = (e: HealthEvent) => (Number.isNaN(e.step) ? Infinity : e.step);
  const sorted = events.map((e, i) => ({ e, i })).sort((x, y) => key(x.e) - key(y.e) || x.i - y.i).map((x) => x.e);
  const ctx = sorted.filter((e) => CONTEXT.has(e.kind));
  let lo = 0;
  for (const e of sorted) {
    if (!INSTABILITY.has(e.kind)) continue;
    while (lo < ctx.length && ctx[lo]!.step < e.step - window) lo++;
    const before: { kind: HealthEventKind; step: number }[] = [];
    for (let k = lo; k < ctx.length && ctx[k]!.step <= e.step; k++) before.push({ kind: ctx[k]!.kind, step: ctx[k]!.step });
    e.before = before;
  }
  return sorted;
}
