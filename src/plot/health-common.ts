/**
 * Colours and names the run-health figures share: one colour per goodput category (productive time and each
 * badput kind) and per timeline event kind, so the goodput bar, the timeline and the report read alike.
 *
 * @example
 * import { GOODPUT_CATEGORIES, GOODPUT_COLORS } from './health-common.js';
 * GOODPUT_CATEGORIES.map((c) => GOODPUT_COLORS[c]); // ['#3ca951', '#9498a0', ...]
 */
import type { BadputKind, HealthEventKind } from '../health/types.js';

/** Productive time and the badput kinds, in stacking order. */
export type GoodputCategory = 'productive' | BadputKind;

/**
 * Stacking and legend order of the goodput bar.
 *
 * @example
 * GOODPUT_CATEGORIES[0]; // 'productive'
 */
export const GOODPUT_CATEGORIES: readonly GoodputCategory[] = ['productive', 'startup', 'checkpoint', 'rollback', 'stall', 'gap'];

/**
 * Legend labels of the categories.
 *
 * @example
 * GOODPUT_LABELS.gap; // 'gaps between restarts'
 */
export const GOODPUT_LABELS: Record<GoodputCategory, string> = {
  productive: 'productive',
  startup: 'start-up',
  checkpoint: 'checkpoint saves',
  rollback: 'rollback (recomputed)',
  stall: 'stalls',
  gap: 'gaps between restarts',
};

/**
 * One colour a category (Observable's categorical palette; productive green, gaps grey).
 *
 * @example
 * GOODPUT_COLORS.productive; // '#3ca951'
 */
export const GOODPUT_COLORS: Record<GoodputCategory, string> = {
  productive: '#3ca951',
  startup: '#4269d0',
  checkpoint: '#efb118',
  rollback: '#ff725c',
  stall: '#a463f2',
  gap: '#9498a0',
};

/**
 * One colour an event kind (the category colour where the event is a badput interval).
 *
 * @example
 * EVENT_COLORS.stall === GOODPUT_COLORS.stall; // true
 */
export const EVENT_COLORS: Record<HealthEventKind, string> = {
  restart: '#ff725c',
  checkpoint: '#efb118',
  stall: '#a463f2',
  loss_spike: '#cf222e',
  grad_norm_spike: '#ff8ab7',
  loss_scale_drop: '#9c6b4e',
  skipped_iteration: '#97bbf5',
  non_finite: '#cf222e',
  divergence: '#cf222e',
  lr_change: '#6cc5b0',
  mfu_disagreement: '#9498a0',
};

/**
 * Legend labels of the event kinds.
 *
 * @example
 * EVENT_LABELS.checkpoint; // 'checkpoint save'
 */
export const EVENT_LABELS: Record<HealthEventKind, string> = {
  restart: 'restart',
  checkpoint: 'checkpoint save',
  stall: 'stall',
  loss_spike: 'loss spike',
  grad_norm_spike: 'grad-norm spike',
  loss_scale_drop: 'loss-scale drop',
  skipped_iteration: 'skipped iteration',
  non_finite: 'non-finite value',
  divergence: 'divergence',
  lr_change: 'lr change',
  mfu_disagreement: 'MFU disagreement',
};

/**
 * Seconds as a short duration for labels: `42 s`, `3.5 min`, `2.25 h`.
 *
 * @example
 * formatDuration(5400); // '1.5 h'
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'n/a';
  const a = Math.abs(seconds);
  if (a < 120) return `${round(seconds, a < 10 ? 2 : 0)} s`;
  if (a < 3600) return `${round(seconds / 60, 1)} min`;
  return `${round(seconds / 3600, 2)} h`;
}

function round(x: number, digits: number): string {
  return Number(x.toFixed(digits)).toString();
}
