/**
 * Mixture models side by side: each model's Spearman rank correlation by k-fold cross-validation and on held-out
 * runs, with its interval, and optional published references (e.g. RegMix's LightGBM, 0.9892 on Pile-CC) as
 * vertical dashed lines. Rank quality is what choosing a mixture depends on.
 *
 * @example
 * import { mixtureModelsFigure } from './mixture-models.js';
 * const svg = mixtureModelsFigure({ rows: [{ model: 'linear', cv: { value: 0.88, lo: 0.86, hi: 0.9 } }, { model: 'trees', cv: { value: 0.98, lo: 0.977, hi: 0.985 } }] });
 */
import type { Markish } from '@observablehq/plot';
import { InputError } from '../errors.js';
import { describeInterval, type IntervalLabel } from '../stats/interval.js';
import { DEFAULT_WIDTH, type SizeOptions } from './common.js';
import { trim } from './format.js';
import { Plot } from './plotlib.js';
import { CHAR_WIDTH, renderSvg, type LegendEntry, type PlotOptions } from './render.js';

/** A score with its interval. */
export interface ScoreWithCi {
  value: number;
  lo: number;
  hi: number;
}

/** One model's row. */
export interface MixtureModelRow {
  model: string;
  /** Cross-validated score. */
  cv: ScoreWithCi;
  /** Score on held-out runs, when scored. */
  heldOut?: ScoreWithCi;
  /** Marked as the chosen model. */
  chosen?: boolean;
}

/** Input of {@link mixtureModelsFigure}. */
export interface MixtureModelsInput {
  rows: readonly MixtureModelRow[];
  /** Name of the score (default 'Spearman'). */
  metric?: string;
  /** Number of CV folds, said in the legend. */
  folds?: number;
  /** What the intervals are. */
  interval?: IntervalLabel;
  /** Published values to compare with, as vertical dashed lines. */
  references?: readonly { value: number; label: string }[];
}

/** Blue and orange of the sequential palette: >= 3:1 against the light and the dark page (graphics). Text stays currentColor (4.5:1). */
const CV_COLOR = '#317ec2';
const HELD_COLOR = '#c97f16';

/**
 * Plot options of the model comparison figure.
 *
 * @example
 * mixtureModelsOptions({ rows: [{ model: 'trees', cv: { value: 0.98, lo: 0.977, hi: 0.985 } }] });
 */
export function mixtureModelsOptions(input: MixtureModelsInput, options: SizeOptions = {}): PlotOptions {
  if (input.rows.length === 0) throw new InputError('model comparison figure: no models');
  const pts: { model: string; kind: 'cv' | 'held-out'; value: number; lo: number; hi: number; label: string }[] = [];
  for (const r of input.rows) {
    for (const [kind, s] of [['cv', r.cv], ['held-out', r.heldOut]] as const) {
      if (!s) continue;
      if (!Number.isFinite(s.value)) throw new InputError(`model comparison figure: ${r.model} ${kind} score is not finite`);
      const ok = Number.isFinite(s.lo) && Number.isFinite(s.hi);
      if (ok && !(s.lo <= s.value && s.value <= s.hi)) throw new InputError(`model comparison figure: ${r.model} ${kind}: interval [${s.lo}, ${s.hi}] does not contain ${s.value}`);
      pts.push({ model: r.model + (r.chosen ? ' (chosen)' : ''), kind, value: s.value, lo: ok ? s.lo : s.value, hi: ok ? s.hi : s.value, label: `${trim(s.value, 4)}${ok ? ` [${trim(s.lo, 4)}, ${trim(s.hi, 4)}]` : ''}` });
    }
  }
  const models = input.rows.map((r) => r.model + (r.chosen ? ' (chosen)' : ''));
  if (new Set(models).size !== models.length) throw new InputError('model comparison figure: duplicate model names');
  const refs = input.references ?? [];
  const lo = Math.min(...pts.map((p) => p.lo), ...refs.map((r) => r.value));
  const xmin = Math.max(-1, lo - 0.1 * (1 - lo) - 0.005);
  const off = (k: string): number => (k === 'cv' ? -7 : 7);
  const marks: Markish[] = [];
  for (const kind of ['cv', 'held-out'] as const) {
    const sel = pts.filter((p) => p.kind === kind);
    if (sel.length === 0) continue;
    const color = kind === 'cv' ? CV_COLOR : HELD_COLOR;
    marks.push(
      Plot.ruleY(sel, { y: 'model', x1: 'lo', x2: 'hi', stroke: color, strokeWidth: 2.5, dy: off(kind) }),
      Plot.dot(sel, { y: 'model', x: 'value', fill: color, r: 4.5, dy: off(kind), title: (p: { model: string; label: string }) => `${p.model}, ${kind}: ${p.label}` }),
      Plot.text(sel, { y: 'model', x: 1, text: (p: { label: string }) => `${kind === 'cv' ? 'CV' : 'held-out'} ${p.label}`, textAnchor: 'start', dx: 8, dy: off(kind), fill: 'currentColor' }),
    );
  }
  if (refs.length) {
    marks.unshift(
      Plot.ruleX(refs, { x: 'value', stroke: 'currentColor', strokeWidth: 1.2, strokeDasharray: '6,4', strokeOpacity: 0.8 }),
      Plot.text(refs, { x: 'value', text: 'label', frameAnchor: 'top', textAnchor: 'middle', lineAnchor: 'bottom', dy: -6, fill: 'currentColor', stroke: 'var(--plot-background)', strokeWidth: 3, paintOrder: 'stroke' }),
    );
  }
  const longest = Math.max(...models.map((m) => m.length));
  const longestLabel = 9 + Math.max(...pts.map((p) => p.label.length));
  return {
    width: options.width ?? DEFAULT_WIDTH,
    height: options.height ?? Math.max(190, 100 + 46 * models.length),
    marginTop: refs.length ? 40 : 20, marginBottom: 48,
    marginLeft: Math.min(240, 16 + CHAR_WIDTH * longest),
    marginRight: Math.min(260, 24 + CHAR_WIDTH * longestLabel),
    x: { label: `${input.metric ?? 'Spearman'} (predicted vs actual loss)`, domain: [xmin, 1], tickFormat: (v: number) => trim(v, 3), grid: true },
    y: { label: null, domain: models },
    marks,
  };
}

/**
 * The model comparison figure as an SVG string.
 *
 * @example
 * mixtureModelsFigure({ rows: study.models.map((m) => ({ model: m.name, chosen: m.name === study.chosen,
 *   cv: { value: m.cv.spearman, lo: m.cv.spearmanCi[0], hi: m.cv.spearmanCi[1] } })), folds: study.folds }, { id: 'models' });
 */
export function mixtureModelsFigure(input: MixtureModelsInput, options: SizeOptions & { id?: string } = {}): string {
  const hasHeld = input.rows.some((r) => r.heldOut);
  const legend: LegendEntry[] = [
    { label: `${input.folds ? `${input.folds}-fold ` : ''}cross-validation`, color: CV_COLOR, shape: 'dot' },
    ...(hasHeld ? [{ label: 'held-out runs', color: HELD_COLOR, shape: 'dot' as const }] : []),
    { label: input.interval ? describeInterval(input.interval, 'compact') : 'interval', color: 'currentColor', shape: 'line' },
  ];
  return renderSvg(mixtureModelsOptions(input, options), { id: options.id, legend });
}
