/**
 * Number labels and colours shared by the figures: SI labels for sizes ("70M", "1.3B"), exponent labels for
 * FLOPs ("3e21"), a sequential palette readable on light and dark backgrounds, and decision colours.
 *
 * @example
 * import { formatSize, sequentialColors } from './format.js';
 * formatSize(1.3e9); // '1.3B'
 * sequentialColors(3).length; // 3
 */

/**
 * A model or token count with an SI-like suffix (K, M, B, T), three significant digits at most.
 *
 * @example
 * formatSize(7e7); // '70M'
 * formatSize(1.25e9); // '1.25B'
 */
export function formatSize(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const a = Math.abs(value);
  const units: [number, string][] = [[1e12, 'T'], [1e9, 'B'], [1e6, 'M'], [1e3, 'K']];
  for (const [scale, suffix] of units) if (a >= scale) return `${trim(value / scale)}${suffix}`;
  return trim(value);
}

/**
 * A FLOP count in exponent notation with up to three significant digits.
 *
 * @example
 * formatFlops(3e21); // '3e21'
 * formatFlops(1.5e20); // '1.5e20'
 */
export function formatFlops(value: number): string {
  if (!Number.isFinite(value) || value === 0) return String(value);
  const e = Math.floor(Math.log10(Math.abs(value)));
  let m = value / 10 ** e;
  let exp = e;
  if (Math.abs(+m.toPrecision(3)) >= 10) {
    m /= 10;
    exp += 1;
  }
  return `${trim(m)}e${exp}`;
}

/**
 * A number with at most `digits` significant digits and no trailing zeros.
 *
 * @example
 * trim(2.5000001); // '2.5'
 */
export function trim(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return String(value);
  return String(+value.toPrecision(digits));
}

/**
 * Stops of the sequential palette: mid-luminance colours with >= 3:1 contrast (WCAG, graphics) on white and on the
 * dark page (#0d1117), and so every colour between them (the old purple #6a3d9a vanished on dark, the old orange
 * #d98c1f on white).
 */
const STOPS: [number, number, number][] = [
  [0x82, 0x56, 0xd0],
  [0x31, 0x7e, 0xc2],
  [0x1c, 0x9a, 0x80],
  [0xc9, 0x7f, 0x16],
  [0xd6, 0x40, 0x4e],
];

/**
 * `n` colours from the sequential palette, evenly spaced (purple, blue, teal, orange, red), as `#rrggbb`.
 *
 * @example
 * sequentialColors(1); // ['#317ec2']
 */
export function sequentialColors(n: number): string[] {
  if (n <= 0) return [];
  if (n === 1) return [hex(STOPS[1]!)];
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const t = (i / (n - 1)) * (STOPS.length - 1);
    const k = Math.min(STOPS.length - 2, Math.floor(t));
    const f = t - k;
    const a = STOPS[k]!;
    const b = STOPS[k + 1]!;
    out.push(hex([0, 1, 2].map((j) => a[j]! + (b[j]! - a[j]!) * f) as [number, number, number]));
  }
  return out;
}

/**
 * The sequential palette at `t` in [0, 1] (clamped): the interpolator of continuous colour scales, so a
 * continuous legend and the categorical bins use the same colours.
 *
 * @example
 * sequentialColor(0) === sequentialColors(5)[0]; // true
 */
export function sequentialColor(t: number): string {
  const u = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (STOPS.length - 1);
  const k = Math.min(STOPS.length - 2, Math.floor(u));
  const f = u - k;
  const a = STOPS[k]!;
  const b = STOPS[k + 1]!;
  return hex([0, 1, 2].map((j) => a[j]! + (b[j]! - a[j]!) * f) as [number, number, number]);
}

function hex(c: [number, number, number]): string {
  return '#' + c.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('');
}

/** Colours of a comparison decision; `inconclusive` is the text colour, so it follows the theme. */
export const DECISION_COLORS = { better: '#1a7f37', worse: '#cf222e', inconclusive: 'currentColor' } as const;

/** A comparison's decision. */
export type Decision = keyof typeof DECISION_COLORS;

/**
 * Build a categorical colour scale over distinct numeric values (sorted ascending), labelled with `label`.
 * More than `maxClasses` distinct values (default 12) are grouped into `maxClasses` log-spaced bins labelled
 * by their range, so the legend stays short.
 *
 * @example
 * const s = numericColorScale([7e7, 1.3e9, 7e7], formatSize);
 * s.domain; // ['70M', '1.3B']
 */
export function numericColorScale(
  values: readonly number[],
  label: (v: number) => string,
  maxClasses = 12,
): { domain: string[]; range: string[]; labelOf: (v: number) => string } {
  const distinct = [...new Set(values.filter((v) => Number.isFinite(v)))].sort((a, b) => a - b);
  if (distinct.length <= maxClasses || !(distinct[0]! > 0)) {
    const domain = distinct.map(label);
    return { domain, range: sequentialColors(domain.length), labelOf: label };
  }
  const lo = Math.log(distinct[0]!);
  const hi = Math.log(distinct[distinct.length - 1]!);
  const bin = (v: number) => Math.min(maxClasses - 1, Math.floor(((Math.log(v) - lo) / (hi - lo)) * maxClasses));
  const members: number[][] = Array.from({ length: maxClasses }, () => []);
  for (const v of distinct) members[bin(v)]!.push(v);
  const names = members.map((m) => (m.length === 0 ? '' : m.length === 1 ? label(m[0]!) : `${label(m[0]!)} – ${label(m[m.length - 1]!)}`));
  const domain = names.filter((n) => n !== '');
  return { domain, range: sequentialColors(domain.length), labelOf: (v: number) => names[bin(v)]! };
}
