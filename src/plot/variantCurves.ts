/**
 * Variant mean curves: for each ablation variant, the mean curve over its seeds with an interval band,
 * against step (or tokens). Long curves are downsampled with LTTB on the mean; the band uses the same points.
 *
 * @example
 * import { variantCurvesFigure } from './variantCurves.js';
 * const svg = variantCurvesFigure({ variants: [{ variant: 'base', step: [1, 2, 3], mean: [4, 3.5, 3.2], lo: [4.1, 3.6, 3.3], hi: [3.9, 3.4, 3.1] }] });
 */
import type { Markish } from '@observablehq/plot';
import { InputError } from '../errors.js';
import { categoricalColors, DEFAULT_WIDTH, distinct, downsample, stepAxes, type SizeOptions, AXIS_MARGINS, referenceMarks, type ReferenceLine } from './common.js';
import { Plot } from './plotlib.js';
import { renderSvg, type PlotOptions } from './render.js';

/** One variant's mean curve with an optional band. */
export interface VariantCurve {
  variant: string;
  /** Steps (or tokens), ascending. */
  step: ArrayLike<number>;
  /** Mean over seeds at each step. */
  mean: ArrayLike<number>;
  /** Lower bound of the band at each step. */
  lo?: ArrayLike<number>;
  /** Upper bound of the band at each step. */
  hi?: ArrayLike<number>;
}

/** Input of the variant-curves figure. */
export interface VariantCurvesInput {
  variants: readonly VariantCurve[];
}

/** Options of the variant-curves figure. */
export interface VariantCurvesOptions extends SizeOptions {
  logX?: boolean;
  logY?: boolean;
  /** y axis label (default `'loss'`). */
  metric?: string;
  /** x axis label (default `'step'`). */
  xLabel?: string;
  /** Maximum points per curve (default 400). */
  maxPoints?: number;
  /** Horizontal reference line(s), e.g. `{ y: 3.28, label: 'record 3.28' }`. */
  reference?: ReferenceLine | readonly ReferenceLine[];
}

/**
 * Plot options of the variant-curves figure.
 *
 * @example
 * variantCurvesOptions({ variants: [{ variant: 'a', step: [1, 2], mean: [3, 2] }] });
 */
export function variantCurvesOptions(input: VariantCurvesInput, options: VariantCurvesOptions = {}): PlotOptions {
  if (input.variants.length === 0) throw new InputError('variant curves figure: no variants');
  const logX = options.logX === true;
  const maxPoints = Math.max(20, Math.min(options.maxPoints ?? 400, Math.floor(40_000 / input.variants.length)));
  const logY = options.logY === true;
  const rows: { variant: string; x: number; y: number; lo?: number; hi?: number }[] = [];
  input.variants.forEach((v, k) => {
    const n = v.step.length;
    for (const [name, arr] of [['mean', v.mean], ['lo', v.lo], ['hi', v.hi]] as const) {
      if (arr && arr.length !== n) throw new InputError(`variant curves figure: variants[${k}] (${v.variant}): step has ${n} values, ${name} has ${arr.length}`);
    }
    for (const i of downsample(v.step, v.mean, maxPoints)) {
      const x = v.step[i]!;
      const y = v.mean[i]!;
      if (logX && !(x > 0)) continue;
      if (logY && !(y > 0)) continue;
      rows.push({ variant: v.variant, x, y: Number.isFinite(y) ? y : NaN, lo: v.lo?.[i], hi: v.hi?.[i] });
    }
  });
  const names = distinct(input.variants.map((v) => v.variant));
  const band = rows.filter((r) => r.lo !== undefined && r.hi !== undefined && Number.isFinite(r.lo) && Number.isFinite(r.hi) && (!logY || (r.lo > 0 && r.hi > 0)));
  const marks: Markish[] = [Plot.gridY({ strokeOpacity: 0.08 })];
  if (band.length > 0) marks.push(Plot.areaY(band, { x: 'x', y1: 'lo', y2: 'hi', z: 'variant', fill: 'variant', fillOpacity: 0.18 }));
  marks.push(Plot.lineY(rows, { x: 'x', y: 'y', z: 'variant', stroke: 'variant', strokeWidth: 1.6 }));
  marks.push(...referenceMarks(options.reference, logY));
  return {
    width: options.width ?? DEFAULT_WIDTH,
    height: options.height ?? 380,
    ...AXIS_MARGINS,
    ...stepAxes(options),
    color: { type: 'ordinal', domain: names, range: categoricalColors(names.length), legend: true },
    marks,
  };
}

/**
 * The variant-curves figure as an SVG string.
 *
 * @example
 * variantCurvesFigure({ variants: [{ variant: 'a', step: [1, 2], mean: [3, 2] }] }, { id: 'variants' });
 * variantCurvesFigure({ variants: [{ variant: 'a', step: [1, 2], mean: [3.3, 3.27] }] }, { reference: { y: 3.28, label: 'record 3.28' } });
 */
export function variantCurvesFigure(input: VariantCurvesInput, options: VariantCurvesOptions & { id?: string } = {}): string {
  const bands = input.variants.some((v) => v.lo && v.hi);
  return renderSvg(variantCurvesOptions(input, options), { id: options.id, legend: bands ? [{ label: 'interval', color: 'currentColor', shape: 'band' }] : [] });
}
