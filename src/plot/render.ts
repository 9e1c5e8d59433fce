/**
 * Render Observable Plot options to a stable, self-contained SVG string in Node.
 *
 * Plot's own output varies with the process (clip and marker ids come from process-wide counters), lacks
 * `xmlns`, and puts categorical legends in HTML. {@link renderSvg} fixes all three: ids are rewritten to a
 * per-figure prefix in order of appearance, `xmlns` is set, and legends are drawn in SVG above the plot.
 * Coordinates are rounded to 0.1 px, and each element starts a new line so a diff of two reports is
 * readable. Colours that are not data colours use `currentColor`, so figures follow a light or dark page.
 * Identical options give identical bytes.
 *
 * @example
 * import { Plot } from './plotlib.js';
 * import { renderSvg } from './render.js';
 * const svg = renderSvg({ marks: [Plot.dot([{ x: 1, y: 2 }], { x: 'x', y: 'y' })] }, { id: 'demo' });
 * svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'); // true
 */
import { createHash } from 'node:crypto';
import { parseHTML } from 'linkedom';
import type { PlotOptions } from '@observablehq/plot';
import { ReportError } from '../errors.js';
import { Plot } from './plotlib.js';

export type { PlotOptions };

/** How a legend entry is drawn. */
export type LegendShape = 'dot' | 'hollow' | 'cross' | 'line' | 'dashed' | 'faint' | 'band';

/** One entry of a figure's legend. */
export interface LegendEntry {
  /** Plain text (escaped on output). */
  label: string;
  /** A CSS colour, or `currentColor`. */
  color: string;
  /** Default `'dot'`. */
  shape?: LegendShape;
}

/** Options of {@link renderSvg}. */
export interface RenderOptions {
  /**
   * Figure id: prefix of every id inside the SVG and the `id` of the root element. Letters, digits, `-`, `_`
   * (other characters become `-`). Default: `fig-` plus the first 10 hex digits of the SHA-256 of the figure.
   */
  id?: string;
  /** Legend entries drawn above the plot, after the entries of the colour scale (if its legend is on). */
  legend?: readonly LegendEntry[];
}

const SVG_NS = 'http://www.w3.org/2000/svg';
type PlotDocument = NonNullable<PlotOptions['document']>;
/** What scalelab uses of the element Plot returns (a linkedom element; no DOM lib in this project). */
interface RenderedElement {
  tagName: string;
  outerHTML: string;
  getAttribute(name: string): string | null;
}
let cachedDocument: PlotDocument | undefined;
function plotDocument(): PlotDocument {
  cachedDocument ??= parseHTML('<!doctype html><html><head></head><body></body></html>').document as unknown as PlotDocument;
  return cachedDocument;
}

/**
 * Escape text for SVG/HTML text content and quoted attributes.
 *
 * @example
 * escapeXml('a<b'); // 'a&lt;b'
 */
export function escapeXml(text: unknown): string {
  return String(text).replace(/[&<>"']/g, (c) => (({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }) as Record<string, string>)[c]!);
}

/**
 * Render Plot options to a deterministic SVG string (see the module comment).
 * Plot's `title`, `subtitle` and `caption` are drawn as SVG text above the plot; a colour legend
 * (`color: { legend: true }`) must be categorical.
 *
 * @example
 * renderSvg({ x: { type: 'log' }, marks: [Plot.line([1, 10, 100], { x: (d) => d, y: (d) => d })] }, { id: 'f1' });
 */
export function renderSvg(options: PlotOptions, render: RenderOptions = {}): string {
  const { title, subtitle, caption, color, ...rest } = options as PlotOptions & { title?: unknown; subtitle?: unknown; caption?: unknown };
  const wantColorLegend = color !== undefined && color !== null && typeof color === 'object' && Boolean((color as { legend?: unknown }).legend);
  const plotOptions: PlotOptions = { ...rest, document: plotDocument() };
  if (color !== undefined) plotOptions.color = wantColorLegend ? { ...(color as object), legend: false } : color;
  for (const k of ['symbol', 'opacity', 'r'] as const) {
    const s = plotOptions[k] as { legend?: unknown } | undefined;
    if (s && typeof s === 'object' && s.legend) plotOptions[k] = { ...s, legend: false } as never;
  }
  let el: ReturnType<typeof Plot.plot>;
  try {
    el = Plot.plot(plotOptions);
  } catch (e) {
    throw new ReportError(`figure ${render.id ?? ''}: Observable Plot failed: ${(e as Error).message}`);
  }
  if ((el as unknown as RenderedElement).tagName.toLowerCase() !== 'svg') throw new ReportError('renderSvg: Plot returned a figure, not an SVG (legends other than color are not supported)');

  const entries: LegendEntry[] = [];
  let ramp: Ramp | undefined;
  const scale = wantColorLegend ? el.scale('color') : undefined;
  if (scale && (scale.type === 'log' || scale.type === 'linear')) {
    ramp = continuousRamp(scale, color as { tickFormat?: unknown; label?: unknown });
  } else if (scale) {
    if (!scale.domain || !Array.isArray(scale.range) || scale.type === 'pow' || scale.type === 'sqrt' || scale.type === 'symlog') {
      throw new ReportError('renderSvg: colour legends are categorical (ordinal), log or linear');
    }
    const domain = [...scale.domain];
    const range = scale.range as readonly string[];
    domain.forEach((d, i) => entries.push({ label: String(d), color: String(range[i % range.length]), shape: 'dot' }));
  }
  if (render.legend) entries.push(...render.legend);
  const header = [title, subtitle].filter((t) => t !== undefined && t !== null && t !== '').map(String);
  if (caption !== undefined && caption !== null && caption !== '') header.push(String(caption));

  let svg = setBaseFont((el as unknown as RenderedElement).outerHTML);
  const width = Number((el as unknown as RenderedElement).getAttribute('width'));
  const height = Number((el as unknown as RenderedElement).getAttribute('height'));
  const top = drawHeader(header, entries, width, ramp);
  if (top.height > 0) svg = shiftDown(svg, top.markup, top.height, width, height);

  svg = svg.replace('--plot-background: white', '--plot-background: var(--bg, white)');
  svg = roundCoordinates(svg);
  const normalized = renameIds(svg, 'fig');
  const id = sanitizeId(render.id ?? `fig-${createHash('sha256').update(normalized).digest('hex').slice(0, 10)}`);
  svg = renameIds(svg, id);
  svg = addThemeRules(svg, id, width);
  svg = svg.replace(/^<svg /, `<svg xmlns="${SVG_NS}" id="${id}" `);
  return breakLines(svg);
}

function sanitizeId(id: string): string {
  const s = id.replace(/[^A-Za-z0-9_-]/g, '-');
  return /^[A-Za-z]/.test(s) ? s : `f-${s}`;
}

/** Rewrite every `id` (and its `url(#…)`/`href="#…"` references) to `${prefix}-${k}`, k in order of appearance. */
function renameIds(svg: string, prefix: string): string {
  const map = new Map<string, string>();
  for (const m of svg.matchAll(/ id="([^"]+)"/g)) if (!map.has(m[1]!)) map.set(m[1]!, `${prefix}-${map.size + 1}`);
  if (map.size === 0) return svg;
  return svg.replace(/( id="|url\(#|href="#)([^")]+)/g, (all, head: string, name: string) => (map.has(name) ? head + map.get(name)! : all));
}

/** Round decimals in geometry attributes to 0.1 px (Plot emits full float precision; 0.1 px is invisible). */
function roundCoordinates(svg: string): string {
  return svg.replace(/ (d|transform|x|y|x1|x2|y1|y2|cx|cy|r|width|height|points|viewBox)="([^"]*)"/g, (_all, name: string, value: string) =>
    ` ${name}="${value.replace(/-?\d*\.\d{2,}(?:e[-+]?\d+)?(?![\d.]|e[a-z]|%)/g, (n) => {
      const r = Math.round(Number(n) * 10) / 10;
      return String(Object.is(r, -0) ? 0 : r);
    })}"`,
  );
}

/** Put each element on its own line, except inside `<text>` (where whitespace is rendered). */
function breakLines(svg: string): string {
  return svg.replace(/><(?!\/?tspan|\/text>)/g, '>\n<') + '\n';
}

/**
 * Base font size of every figure, in the figure's own units (px at its natural size): 14 px reads well at the
 * natural 640 px, and {@link MIN_SCALE} keeps it >= 11 px when the page is narrower.
 */
export const FIGURE_FONT_SIZE = 14;
/**
 * Smallest scale a figure is drawn at (its root has `min-width: MIN_SCALE x width`): a 640 px figure never gets
 * narrower than 512 px, so 14 px text stays >= 11.2 px on a phone; a narrower container scrolls sideways.
 */
export const MIN_SCALE = 0.8;
/** Approximate advance of one character of system-ui at {@link FIGURE_FONT_SIZE} (for margins and legends). */
export const CHAR_WIDTH = 0.6 * FIGURE_FONT_SIZE;

/**
 * Colours that read on white but not on a dark page (or the reverse) and their dark-theme replacements, applied
 * by a `prefers-color-scheme: dark` rule inside the SVG (so a standalone file follows the theme too). The
 * decision colours are GitHub's (>= 4.5:1 on #fff and on #0d1117).
 */
export const DARK_THEME_COLORS: Readonly<Record<string, string>> = { '#1a7f37': '#3fb950', '#cf222e': '#f85149' };

/** The root svg's font size: Plot writes 10. */
function setBaseFont(svg: string): string {
  const open = svg.indexOf('>');
  return svg.slice(0, open).replace(' font-size="10"', ` font-size="${FIGURE_FONT_SIZE}"`) + svg.slice(open);
}

/**
 * The figure's own style rules: a minimum width (legible text on narrow pages) and, in dark mode, brighter
 * decision colours and less faint raw curves (marks with class `raw`).
 */
function addThemeRules(svg: string, id: string, width: number): string {
  // Selectors use the figure's own id: Plot gives every figure the same class, and a page holds many figures.
  const dark = Object.entries(DARK_THEME_COLORS)
    .map(([light, d]) => `#${id} [fill="${light}"]{fill:${d}} #${id} [stroke="${light}"]{stroke:${d}}`)
    .join(' ');
  const rules = `\n#${id} { min-width: ${Math.round(width * MIN_SCALE)}px; }\n@media (prefers-color-scheme: dark) { ${dark} #${id} .raw { stroke-opacity: 0.6; } }`;
  return svg.replace('</style>', `${rules}</style>`);
}

const ROW = 24;

function legendSymbol(e: LegendEntry, x: number, y: number): string {
  const c = escapeXml(e.color);
  switch (e.shape ?? 'dot') {
    case 'hollow':
      return `<circle cx="${x + 6}" cy="${y}" r="3.5" fill="none" stroke="${c}" stroke-width="1.5"/>`;
    case 'cross':
      return `<path d="M${x + 3},${y - 3}L${x + 9},${y + 3}M${x + 3},${y + 3}L${x + 9},${y - 3}" stroke="${c}" stroke-width="1.5"/>`;
    case 'line':
      return `<path d="M${x},${y}L${x + 14},${y}" stroke="${c}" stroke-width="2"/>`;
    case 'dashed':
      return `<path d="M${x},${y}L${x + 14},${y}" stroke="${c}" stroke-width="2" stroke-dasharray="3,2"/>`;
    case 'faint':
      return `<path class="raw" d="M${x},${y}L${x + 14},${y}" stroke="${c}" stroke-width="1" stroke-opacity="0.35"/>`;
    case 'band':
      return `<rect x="${x}" y="${y - 5}" width="14" height="10" fill="${c}" fill-opacity="0.2"/>`;
    default:
      return `<circle cx="${x + 6}" cy="${y}" r="3.5" fill="${c}"/>`;
  }
}

/** A continuous colour legend: a gradient with labelled ticks. */
interface Ramp {
  label: string;
  /** Gradient stops (offset 0..1, colour). */
  stops: { offset: number; color: string }[];
  /** Ticks (position 0..1 along the ramp, text). */
  ticks: { at: number; text: string }[];
}

const RAMP_WIDTH = 240;

/** The ramp of a log or linear colour scale: 17 stops, ticks at powers of ten (log) or nice values, and the ends. */
function continuousRamp(scale: NonNullable<ReturnType<ReturnType<typeof Plot.plot>['scale']>>, color: { tickFormat?: unknown; label?: unknown }): Ramp {
  const domain = (scale.domain ?? []) as number[];
  const lo = Math.min(...domain);
  const hi = Math.max(...domain);
  if (!(Number.isFinite(lo) && Number.isFinite(hi)) || (scale.type === 'log' && !(lo > 0))) throw new ReportError('renderSvg: a continuous colour legend needs a finite (log: positive) domain');
  const log = scale.type === 'log';
  const pos = (v: number) => (hi === lo ? 0.5 : log ? (Math.log(v) - Math.log(lo)) / (Math.log(hi) - Math.log(lo)) : (v - lo) / (hi - lo));
  const at = (t: number) => (log ? Math.exp(Math.log(lo) + t * (Math.log(hi) - Math.log(lo))) : lo + t * (hi - lo));
  const apply = Plot.scale({ color: scale as never }).apply as (v: number) => string;
  const stops = Array.from({ length: 17 }, (_, i) => ({ offset: i / 16, color: String(apply(at(i / 16))) }));
  const fmt = typeof color.tickFormat === 'function' ? (color.tickFormat as (v: number) => string) : (v: number) => String(v);
  const values: number[] = [];
  if (log) for (let e = Math.ceil(Math.log10(lo) - 1e-9); e <= Math.floor(Math.log10(hi) + 1e-9); e++) values.push(10 ** e);
  const ticks = values.map((v) => ({ at: pos(v), text: fmt(v) }));
  // The ends, unless a power of ten sits within 12% of the ramp (labels would overlap).
  for (const v of [lo, hi]) if (!ticks.some((t) => Math.abs(t.at - pos(v)) < 0.12)) ticks.push({ at: pos(v), text: fmt(v) });
  ticks.sort((a, b) => a.at - b.at);
  const label = typeof color.label === 'string' ? color.label : typeof scale.label === 'string' ? scale.label : '';
  return { label, stops, ticks };
}

function drawRamp(r: Ramp, y: number): { markup: string; height: number } {
  const labelWidth = r.label ? Math.ceil(r.label.length * CHAR_WIDTH) + 12 : 0;
  const x0 = labelWidth;
  const stops = r.stops.map((s) => `<stop offset="${trimNum(s.offset)}" stop-color="${escapeXml(s.color)}"/>`).join('');
  const parts = [
    `<defs><linearGradient id="ramp" x1="0" x2="1" y1="0" y2="0">${stops}</linearGradient></defs>`,
    r.label ? `<text x="0" y="${y + 6}" dy="0.32em" text-anchor="start">${escapeXml(r.label)}</text>` : '',
    `<rect x="${x0}" y="${y}" width="${RAMP_WIDTH}" height="12" fill="url(#ramp)"/>`,
    ...r.ticks.map((t) => {
      const x = Math.round((x0 + t.at * RAMP_WIDTH) * 10) / 10;
      return `<path d="M${x},${y + 12}L${x},${y + 16}" stroke="currentColor"/><text x="${x}" y="${y + 30}" text-anchor="middle">${escapeXml(t.text)}</text>`;
    }),
  ];
  return { markup: parts.join(''), height: 36 };
}

function trimNum(v: number): string {
  return String(Math.round(v * 1e4) / 1e4);
}

/** Title lines, a continuous colour ramp and legend rows (flowing left to right, wrapping at the plot width), in SVG. */
function drawHeader(lines: readonly string[], entries: readonly LegendEntry[], width: number, ramp?: Ramp): { markup: string; height: number } {
  const parts: string[] = [];
  let y = 0;
  lines.forEach((line, i) => {
    y += i === 0 ? 22 : 20;
    parts.push(`<text x="0" y="${y}" font-size="${i === 0 ? FIGURE_FONT_SIZE + 2 : FIGURE_FONT_SIZE}"${i === 0 ? ' font-weight="bold"' : ''} text-anchor="start">${escapeXml(line)}</text>`);
  });
  if (ramp) {
    y += lines.length > 0 ? 10 : 6;
    const r = drawRamp(ramp, y);
    parts.push(r.markup);
    y += r.height;
  }
  if (entries.length > 0) {
    let x = 0;
    y += lines.length > 0 ? 10 : 4;
    let rowY = y + ROW / 2;
    for (const e of entries) {
      const w = 22 + Math.ceil(e.label.length * CHAR_WIDTH) + 16;
      if (x > 0 && x + w > width) {
        x = 0;
        rowY += ROW;
      }
      parts.push(legendSymbol(e, x, rowY), `<text x="${x + 18}" y="${rowY}" dy="0.32em" text-anchor="start">${escapeXml(e.label)}</text>`);
      x += w;
    }
    y = rowY + ROW / 2;
  }
  if (parts.length === 0) return { markup: '', height: 0 };
  const h = Math.ceil(y + 6);
  return { markup: `<g aria-label="legend" font-size="${FIGURE_FONT_SIZE}">${parts.join('')}</g>`, height: h };
}

/** Make room above Plot's content for the header: grow the root svg and translate the plot down. */
function shiftDown(svg: string, markup: string, dy: number, width: number, height: number): string {
  const open = svg.indexOf('>') + 1;
  let head = svg.slice(0, open);
  let body = svg.slice(open, svg.length - '</svg>'.length);
  head = head.replace(/ viewBox="[^"]*"/, ` viewBox="0 0 ${width} ${height + dy}"`).replace(/ height="[^"]*"/, ` height="${height + dy}"`);
  let style = '';
  if (body.startsWith('<style>')) {
    const end = body.indexOf('</style>') + '</style>'.length;
    style = body.slice(0, end);
    body = body.slice(end);
  }
  return `${head}${style}${markup}<g transform="translate(0,${dy})">${body}</g></svg>`;
}
