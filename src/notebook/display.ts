/**
 * `display(x)` for tslab notebooks: figures as inline SVG, run sets and tables as an HTML summary (shape and
 * first rows), fit and comparison results as their formatted summary, anything else as text.
 *
 * What to show is decided by {@link displayContent}, a pure function (usable and testable anywhere); `display`
 * hands its result to tslab's display API. tslab is loaded only when `display` is called, and outside a kernel
 * `display` prints the plain-text form to stdout instead, so importing this module never breaks a script.
 *
 * The kinds are recognised by shape:
 * - a figure: an SVG string, an element whose `outerHTML` is `<svg…>`, or an object with `toSVG()` / `svg`;
 * - a run set: `{ runs, metrics, metricNames() }` (scalelab's RunSet);
 * - a table: `{ numRows(), columnNames(), get(column, row) }` (an arquero ColumnTable);
 * - a result with its own `{ toHTML() }` and/or `{ summary() }` (e.g. from `summarizeFit(fit, { bootstrap })`);
 * - a fit, bootstrap, holdout, IsoFLOP, proposal or comparison result: its summary with intervals (summaries.ts).
 *
 * @example
 * import { display } from 'scalelab';
 * display(runs);              // "12 runs · 3 metrics · 4,800 points" and the first runs
 * display(plotCurves(runs));  // the figure, inline
 */
import { existsSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { inspect } from 'node:util';
import { escapeHtml } from '../report/html.js';
import { summarize } from './summaries.js';

/** A figure: SVG markup, reachable one of these ways. */
export type FigureLike = { outerHTML: string } | { toSVG(): string } | { svg: string };

/** A table with a shape and cells (an arquero ColumnTable fits). */
export interface TableLike {
  numRows(): number;
  columnNames(): string[];
  get(column: string, row?: number): unknown;
}

/** A run set (scalelab's RunSet fits). */
export interface RunSetLike {
  readonly runs: readonly { id: string; name: string; variant?: string; seed?: string | number; state?: string; config: Record<string, unknown> }[];
  readonly metrics: TableLike;
  metricNames(): string[];
}

/** A result with its own formatted summary (fit and comparison results implement one or both). */
export interface ResultLike {
  /** HTML summary (trusted: produced by scalelab). */
  toHTML?(): string;
  /** Plain-text summary, with intervals. */
  summary?(): string;
}

/** What {@link display} sends to the notebook: one MIME type and its content. */
export interface DisplayContent {
  mime: 'image/svg+xml' | 'text/html' | 'text/plain';
  data: string;
  /** Plain-text form (printed when there is no kernel). */
  text: string;
}

/** How many rows of a table or runs of a run set are shown. */
export const DISPLAY_ROWS = 10;

/**
 * Decide how to show a value.
 *
 * @example
 * displayContent('<svg viewBox="0 0 1 1"></svg>').mime; // 'image/svg+xml'
 * displayContent({ summary: () => 'E = 1.69 [1.61, 1.77]' }).text; // 'E = 1.69 [1.61, 1.77]'
 */
export function displayContent(x: unknown): DisplayContent {
  const svg = figureSvg(x);
  if (svg !== undefined) return { mime: 'image/svg+xml', data: svg, text: '[figure]' };
  if (typeof x === 'string') return { mime: 'text/plain', data: x, text: x };
  if (isRunSet(x)) return runSetContent(x);
  if (isTable(x)) {
    const { html, text } = tableContent(x, DISPLAY_ROWS);
    return { mime: 'text/html', data: html, text };
  }
  const rows = rowsTable(x);
  if (rows) {
    const { html, text } = tableContent(rows, DISPLAY_ROWS);
    return { mime: 'text/html', data: html, text };
  }
  if (isResult(x)) {
    const text = typeof x.summary === 'function' ? x.summary() : '';
    if (typeof x.toHTML === 'function') return { mime: 'text/html', data: x.toHTML(), text: text || '[result]' };
    return { mime: 'text/html', data: `<pre class="summary">${escapeHtml(text)}</pre>`, text };
  }
  const known = summarize(x);
  if (known) return { mime: 'text/html', data: known.toHTML(), text: known.summary() };
  const text = inspect(x, { depth: 4, breakLength: 100, sorted: true });
  return { mime: 'text/plain', data: text, text };
}

/**
 * Show a value in the notebook (outside a tslab kernel: print its text form on stdout).
 *
 * @example
 * display(fitResult); // the fitted law with bootstrap intervals
 */
export function display(x: unknown): void {
  const c = displayContent(x);
  const d = tslabDisplay();
  if (!d) {
    process.stdout.write(c.text.endsWith('\n') ? c.text : c.text + '\n');
    return;
  }
  if (c.mime === 'image/svg+xml') d.svg(c.data);
  else if (c.mime === 'text/html') d.html(c.data);
  else d.text(c.data);
}

interface TslabDisplay {
  html(s: string): void;
  svg(s: string): void;
  text(s: string): void;
}

/**
 * tslab's `display`, when running inside a tslab kernel: the tslab copy the running kernel was started from
 * (its outputs reach the notebook), else the one next to this package; undefined outside a kernel.
 */
function tslabDisplay(): TslabDisplay | undefined {
  const candidates: string[] = [];
  // The scalelab-kernel launcher (bin/scalelab-kernel.cjs) records the tslab it started.
  const launched = (globalThis as Record<symbol, unknown>)[Symbol.for('scalelab.tslabDir')];
  if (typeof launched === 'string') candidates.push(join(launched, 'dist', 'public.js'));
  const main = process.argv[1];
  if (main && existsSync(main)) {
    const real = realpathSync(main);
    if (candidates.length === 0 && /[/\\]tslab[/\\]bin[/\\]tslab$/.test(real)) candidates.push(join(dirname(dirname(real)), 'dist', 'public.js'));
  }
  if (candidates.length === 0) return undefined; // not a tslab kernel process
  candidates.push('tslab');
  const req = createRequire(import.meta.url);
  for (const c of candidates) {
    try {
      const mod = req(c) as { display?: TslabDisplay };
      if (mod.display) return mod.display;
    } catch {
      // try the next candidate
    }
  }
  return undefined;
}

function figureSvg(x: unknown): string | undefined {
  if (typeof x === 'string') return /^\s*<svg[\s>]/i.test(x) ? x.trim() : undefined;
  if (x === null || typeof x !== 'object') return undefined;
  const o = x as Record<string, unknown>;
  if (typeof o.toSVG === 'function') return String((o.toSVG as () => unknown).call(x));
  if (typeof o.svg === 'string' && /^\s*<svg[\s>]/i.test(o.svg)) return o.svg.trim();
  if (typeof o.outerHTML === 'string' && /^\s*<svg[\s>]/i.test(o.outerHTML)) return o.outerHTML;
  return undefined;
}

function isTable(x: unknown): x is TableLike {
  const o = x as Record<string, unknown> | null;
  return !!o && typeof o === 'object' && typeof o.numRows === 'function' && typeof o.columnNames === 'function' && typeof o.get === 'function';
}

/** Rows of plain objects (what readTable returns) seen as a table; columns in first-seen order. */
function rowsTable(x: unknown): TableLike | undefined {
  if (!Array.isArray(x) || x.length === 0) return undefined;
  if (!x.every((r) => r !== null && typeof r === 'object' && !Array.isArray(r) && Object.getPrototypeOf(r) === Object.prototype)) return undefined;
  const rows = x as Record<string, unknown>[];
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return { numRows: () => rows.length, columnNames: () => cols, get: (c: string, r: number) => rows[r]?.[c] };
}

function isRunSet(x: unknown): x is RunSetLike {
  const o = x as Record<string, unknown> | null;
  return !!o && typeof o === 'object' && Array.isArray(o.runs) && typeof o.metricNames === 'function' && isTable(o.metrics);
}

function isResult(x: unknown): x is ResultLike {
  const o = x as Record<string, unknown> | null;
  return !!o && typeof o === 'object' && (typeof o.toHTML === 'function' || typeof o.summary === 'function');
}

/**
 * Format a table cell: integers as is (from 1e15 on, in exponent form: FLOPs budgets), other numbers with 6
 * significant digits, missing values as "".
 *
 * @example
 * formatCell(0.000123456789); // '0.000123457'
 * formatCell(3e18); // '3e+18'
 */
export function formatCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return String(v);
    if (Math.abs(v) >= 1e15) return v.toExponential(5).replace(/\.?0+e/, 'e');
    return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
  }
  if (typeof v === 'bigint') return String(v);
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString();
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function tableContent(t: TableLike, limit: number): { html: string; text: string } {
  const cols = t.columnNames();
  const n = t.numRows();
  const shown = Math.min(n, limit);
  const rows: string[][] = [];
  // A column is numeric (right-aligned) when its shown values are numbers or missing, and one at least is a number.
  const kinds = cols.map(() => ({ number: false, other: false }));
  for (let r = 0; r < shown; r++) {
    rows.push(cols.map((c, j) => {
      const v = t.get(c, r);
      if (typeof v === 'number') kinds[j]!.number = true;
      else if (v !== null && v !== undefined) kinds[j]!.other = true;
      return formatCell(v);
    }));
  }
  const numeric = kinds.map((k) => k.number && !k.other);
  const shape = `${n.toLocaleString('en-US')} rows × ${cols.length} columns${shown < n ? ` (first ${shown} shown)` : ''}`;
  const th = (c: string, j: number) => `<th${numeric[j] ? ' class="num"' : ''}>${escapeHtml(c)}</th>`;
  const td = (v: string, j: number) => `<td${numeric[j] ? ' class="num"' : ''}>${escapeHtml(v)}</td>`;
  const html = [
    `<p class="meta">${escapeHtml(shape)}</p>`,
    '<div class="scroll"><table>',
    `<thead><tr>${cols.map(th).join('')}</tr></thead>`,
    '<tbody>',
    ...rows.map((r) => `<tr>${r.map(td).join('')}</tr>`),
    '</tbody></table></div>',
  ].join('\n');
  const text = [shape, cols.join('\t'), ...rows.map((r) => r.join('\t'))].join('\n');
  return { html, text };
}

function runSetContent(rs: RunSetLike): DisplayContent {
  const metrics = rs.metricNames();
  const points = rs.metrics.numRows();
  const head = `${plural(rs.runs.length, 'run')} · ${plural(metrics.length, 'metric')} · ${plural(points, 'point')}`;
  // The run table: identity columns, then up to 8 config keys of the shown runs (N, D, C first when present).
  const shownRuns = rs.runs.slice(0, DISPLAY_ROWS);
  const keys = new Set<string>();
  for (const r of shownRuns) for (const k of Object.keys(r.config)) keys.add(k);
  const priority = ['N', 'D', 'C'];
  const configCols = [...priority.filter((k) => keys.has(k)), ...[...keys].filter((k) => !priority.includes(k)).sort()].slice(0, 8);
  // variant, seed and state are shown when some run has them.
  const identity = (['variant', 'seed', 'state'] as const).filter((k) => rs.runs.some((r) => r[k] !== undefined));
  const runTable: TableLike = {
    numRows: () => rs.runs.length,
    columnNames: () => ['id', ...identity, ...configCols],
    get: (c: string, r = 0) => {
      const run = rs.runs[r]!;
      if (c === 'id') return run.id;
      if (c === 'variant') return run.variant;
      if (c === 'seed') return run.seed;
      if (c === 'state') return run.state;
      return run.config[c];
    },
  };
  const runs = tableContent(runTable, DISPLAY_ROWS);
  const html = [
    `<p><strong>RunSet</strong>: ${escapeHtml(head)}</p>`,
    `<p class="meta">metrics: ${metrics.map((m) => `<code>${escapeHtml(m)}</code>`).join(', ')}</p>`,
    runs.html,
  ].join('\n');
  return { mime: 'text/html', data: html, text: `RunSet: ${head}\nmetrics: ${metrics.join(', ')}\n${runs.text}` };
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}
