/**
 * The report builder: titled sections of markdown, tables, figures, fit summaries and comparison tables,
 * plus a provenance section; rendered to ONE self-contained HTML page ({@link Report.toHtml}) and to a JSON
 * document holding every number the page shows ({@link Report.toJson}).
 *
 * The builder is pure: no clock, no file system (the date is given; see `write.ts` for writing and
 * `provenance.ts` for hashing inputs). Same calls, same bytes. Every data string is escaped.
 *
 * @example
 * import { createReport } from './builder.js';
 * const html = createReport({ title: 'Weekly', date: '2026-11-25' })
 *   .section('Ablations')
 *   .markdown('SwiGLU **helps**.')
 *   .table({ rows: [{ variant: 'swiglu', loss: 2.91 }] })
 *   .toHtml();
 */
import { ReportError } from '../errors.js';
import { forestFigure } from '../plot/forest.js';
import { formatFlops, formatSize, type Decision } from '../plot/format.js';
import { describeInterval, intervalLabelJson, type IntervalLabel } from '../stats/interval.js';
import { VERSION } from '../version.js';
import { escapeHtml, renderPage } from './html.js';
import { markdownToHtml } from './markdown.js';

/** A table cell value. */
export type CellValue = string | number | boolean | null | undefined;

/** How a table column's numbers are shown. */
export type ColumnFormat = 'number' | 'integer' | 'size' | 'flops' | 'percent' | 'text';

/** A table column: a key of the rows, with an optional header label and number format. */
export interface ColumnSpec {
  key: string;
  label?: string;
  /** Default: `'number'` for numbers (4 significant digits), text otherwise. */
  format?: ColumnFormat;
  /** Significant digits for `'number'`/`'percent'` (default 4). */
  digits?: number;
}

/** Arguments of {@link Report.table}. */
export interface TableInput {
  rows: readonly Record<string, CellValue>[];
  /** Column order and formats; default: the keys of the rows in order of first appearance. */
  columns?: readonly (string | ColumnSpec)[];
  caption?: string;
  /**
   * Most rows shown on the page (default {@link MAX_TABLE_ROWS}); the rest are cut with a visible note. Every
   * row is kept in the JSON ({@link Report.toJson}), so a 125k-row table gives a usable page and complete data.
   */
  maxRows?: number;
}

/** Default of {@link TableInput.maxRows}: tables longer than this show their first 1,000 rows on the page. */
export const MAX_TABLE_ROWS = 1000;

/** One fitted parameter with its interval. */
export interface FitParam {
  name: string;
  value: number;
  lo?: number;
  hi?: number;
  /** Standard error. */
  se?: number;
}

/** A fit's summary as the report shows it (adapters from the fit engine's result are a few lines). */
export interface FitSummary {
  /** E.g. `'Chinchilla L(N, D)'`. */
  name: string;
  /** The law as text, e.g. `'L = E + A/N^α + B/D^β'`. */
  law?: string;
  params: readonly FitParam[];
  /**
   * Interval level and method in words, e.g. `{ level: 0.95, method: 'BCa bootstrap over runs, 200 resamples, seed 1' }`,
   * and the typed label it was written from (carried into the JSON). Without it, no interval is shown and the
   * summary says there was no bootstrap.
   */
  interval?: { level: number; method: string; label?: IntervalLabel };
  /** Points fitted and held out. */
  n?: number;
  nHeldOut?: number;
  /** Goodness of fit and optimiser facts, e.g. `{ rmse: 0.004, iterations: 212 }`. */
  stats?: Readonly<Record<string, number>>;
  /** False when the optimiser did not converge: the report shows a warning with `message`. */
  converged?: boolean;
  message?: string;
  /** Predictions, e.g. the loss at a target budget with its interval. */
  predictions?: readonly { label: string; value: number; lo?: number; hi?: number }[];
}

/** One variant's comparison with the baseline. */
export interface ComparisonRow {
  variant: string;
  /** Runs (seeds) of the variant and of the baseline. */
  n?: number;
  nBaseline?: number;
  /** Mean of the metric over the variant's runs. */
  mean?: number;
  /** Variant minus baseline. */
  diff: number;
  lo: number;
  hi: number;
  p?: number;
  /** p after the multiple-comparison correction. */
  pAdjusted?: number;
  /** Standardised effect size (e.g. Hedges' g). */
  effect?: number;
  decision: Decision;
}

/** A set of comparisons against one baseline, as the report shows it. */
export interface ComparisonSummary {
  title?: string;
  metric: string;
  baseline: string;
  /** Test or interval method, e.g. `'Welch t'`. */
  method?: string;
  /** Interval level, e.g. 0.95. */
  level?: number;
  /** Multiple-comparison correction, e.g. `'Holm'`. */
  correction?: string;
  /** What the rows' intervals are (method, level, resamples, seed): said once in the facts line and the forest plot. */
  interval?: IntervalLabel;
  /** Where along training the values were read, e.g. 'step 1,750 (the last step every run reached)'. */
  at?: string;
  /** Header of the effect column, e.g. `"Hedges' g"` (default 'effect size'). */
  effectLabel?: string;
  rows: readonly ComparisonRow[];
}

/** One input file of the report. */
export interface FileProvenance {
  path: string;
  sha256: string;
  /** Rows (metric points) read from it. */
  rows: number;
  bytes?: number;
}

/** Where the report's numbers came from. */
export interface Provenance {
  files: readonly FileProvenance[];
  /** scalelab version; default the running one. */
  version?: string;
  /** Options the report was built with (config file contents, CLI flags). */
  options?: unknown;
  /** Seeds of every random procedure (bootstraps), by name. */
  seeds?: Readonly<Record<string, number | string>>;
  /** The date the report describes, given explicitly (never read from the clock). */
  date: string;
}

/** Arguments of {@link createReport}. */
export interface ReportInit {
  title: string;
  /** Date shown in the header, given explicitly (e.g. `'2026-11-25'`). */
  date: string;
  /** A line of text under the title. */
  subtitle?: string;
}

/** JSON-ready values only. */
type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

interface Section {
  id: string;
  title: string;
  html: string[];
  items: Json[];
}

/**
 * Start a report.
 *
 * @example
 * const r = createReport({ title: 'Weekly scaling review', date: '2026-11-25' });
 */
export function createReport(init: ReportInit): Report {
  return new Report(init);
}

/** A report under construction; methods chain. Create with {@link createReport}. */
export class Report {
  readonly title: string;
  readonly date: string;
  private readonly subtitle?: string;
  private readonly sections: Section[] = [];
  private prov?: Provenance;
  private readonly figureIds = new Set<string>();

  constructor(init: ReportInit) {
    if (!init.title) throw new ReportError('report: a title is required');
    if (!init.date) throw new ReportError('report: a date is required (given explicitly, e.g. "2026-11-25")');
    this.title = init.title;
    this.date = init.date;
    this.subtitle = init.subtitle;
  }

  /** Input files registered by {@link Report.provenance} (a report is never written over one of them). */
  get inputs(): readonly string[] {
    return this.prov ? this.prov.files.map((f) => f.path) : [];
  }

  /**
   * Start a new titled section; later items go into it.
   *
   * @example
   * report.section('Scaling law');
   */
  section(title: string): this {
    const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40);
    this.sections.push({ id: `s${this.sections.length + 1}${slug ? '-' + slug : ''}`, title, html: [], items: [] });
    return this;
  }

  private current(): Section {
    if (this.sections.length === 0) this.section('Summary');
    return this.sections[this.sections.length - 1]!;
  }

  /**
   * Markdown text (GitHub-flavoured). Raw HTML in it is shown as text; remote images are not loaded.
   *
   * @example
   * report.markdown('Loss at 1e21 FLOPs: **2.41**');
   */
  markdown(source: string): this {
    const s = this.current();
    s.html.push(markdownToHtml(source).trimEnd());
    s.items.push({ type: 'markdown', text: source });
    return this;
  }

  /**
   * A table of rows; numbers are formatted per column and right-aligned, every cell escaped.
   *
   * @example
   * report.table({ rows: [{ run: 'a', loss: 2.5 }], columns: ['run', { key: 'loss', digits: 3 }] });
   */
  table(input: TableInput): this {
    const columns = resolveColumns(input);
    const s = this.current();
    const max = input.maxRows ?? MAX_TABLE_ROWS;
    if (!(Number.isInteger(max) && max >= 1)) throw new ReportError(`table: maxRows must be a positive integer, got ${max}`);
    const where = `section "${s.title}", item ${s.items.length + 1}`;
    for (const line of renderTable(columns, input.rows, input.caption, undefined, { max, where })) s.html.push(line);
    s.items.push({
      type: 'table',
      caption: input.caption ?? null,
      columns: columns.map((c) => ({ key: c.key, label: c.label ?? c.key })),
      rows: input.rows.map((r) => Object.fromEntries(columns.map((c) => [c.key, jsonValue(r[c.key])]))),
    });
    return this;
  }

  /**
   * A figure: an SVG string from a `xxxFigure` function, an optional caption, and optional data (the numbers
   * it shows) copied into the JSON. Figure ids must be unique within a report.
   *
   * @example
   * report.figure(forestFigure(input, { id: 'forest' }), 'Ablations vs baseline', input);
   */
  figure(svg: string, caption?: string, data?: unknown): this {
    const m = /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" id="([A-Za-z][A-Za-z0-9_-]*)"/.exec(svg);
    if (!m) throw new ReportError('report.figure: expected an SVG from renderSvg (starting with <svg xmlns=… id=…>)');
    if (/<(?:script|foreignObject|image|use)\b|<[^>]*\s(?:on[a-z]+\s*=|(?:xlink:)?(?:href|src)\s*=\s*"(?!#))|<[^>]*javascript:/i.test(svg)) throw new ReportError(`report.figure ${m[1]}: the SVG contains a script, an event handler or an external reference`);
    const id = m[1]!;
    if (this.figureIds.has(id)) throw new ReportError(`report.figure: duplicate figure id "${id}" (give each figure its own id)`);
    this.figureIds.add(id);
    const s = this.current();
    s.html.push('<figure>', svg.trimEnd());
    if (caption) s.html.push(`<figcaption>${escapeHtml(caption)}</figcaption>`);
    s.html.push('</figure>');
    s.items.push({ type: 'figure', id, caption: caption ?? null, ...(data === undefined ? {} : { data: toJson(data) }) });
    return this;
  }

  /**
   * A fit's summary: law, parameters with intervals, statistics, predictions; a warning if it did not converge.
   *
   * @example
   * report.fitSummary({ name: 'L(C)', params: [{ name: 'a', value: 0.05, lo: 0.04, hi: 0.06 }], interval: { level: 0.95, method: 'bootstrap' } });
   */
  fitSummary(fit: FitSummary): this {
    const s = this.current();
    s.html.push(`<h3>${escapeHtml(fit.name)}</h3>`);
    if (fit.law) s.html.push(`<p><code>${escapeHtml(fit.law)}</code></p>`);
    if (fit.converged === false) s.html.push(`<p class="warn">The optimiser did not converge${fit.message ? ': ' + escapeHtml(fit.message) : ''}. Do not trust these estimates.</p>`);
    else if (fit.message) s.html.push(`<p class="note">${escapeHtml(fit.message)}</p>`);
    const level = fit.interval ? `${fmtNum(100 * fit.interval.level, 3)}%` : '';
    // Interval columns only where some row has an interval: an empty column says nothing ("no bootstrap run" does).
    const hasIv = [...fit.params, ...(fit.predictions ?? [])].some((p) => p.lo !== undefined || p.hi !== undefined);
    const facts: string[] = [];
    if (fit.n !== undefined) facts.push(`${fit.n} points fitted`);
    if (fit.nHeldOut !== undefined) facts.push(`${fit.nHeldOut} held out`);
    if (fit.interval) facts.push(`intervals: ${escapeHtml(fit.interval.method.startsWith(level) ? fit.interval.method : `${level} ${fit.interval.method}`)}`);
    else facts.push(hasIv ? 'intervals: method not stated' : 'no bootstrap run: no intervals');
    if (facts.length > 0) s.html.push(`<p class="meta">${facts.join(' · ')}</p>`);
    const hasSe = fit.params.some((p) => p.se !== undefined);
    const ivCols: ColumnSpec[] = hasIv ? [{ key: 'lo', label: `${level ? `${level} ` : ''}low` }, { key: 'hi', label: `${level ? `${level} ` : ''}high` }] : [];
    const cols: ColumnSpec[] = [{ key: 'name', label: 'parameter', format: 'text' }, { key: 'value', label: 'estimate' }, ...ivCols];
    if (hasSe) cols.push({ key: 'se', label: 'std. error' });
    s.html.push(...renderTable(cols, fit.params as unknown as Record<string, CellValue>[]));
    if (fit.stats && Object.keys(fit.stats).length > 0) {
      s.html.push(...renderTable([{ key: 'stat', format: 'text' }, { key: 'value' }], Object.entries(fit.stats).map(([stat, value]) => ({ stat, value }))));
    }
    if (fit.predictions && fit.predictions.length > 0) {
      s.html.push(...renderTable([{ key: 'label', label: 'prediction', format: 'text' }, { key: 'value' }, ...ivCols], fit.predictions as unknown as Record<string, CellValue>[]));
    }
    s.items.push({
      type: 'fit',
      name: fit.name,
      law: fit.law ?? null,
      interval: fit.interval ? { level: fit.interval.level, method: fit.interval.method, ...(fit.interval.label ? { label: intervalLabelJson(fit.interval.label) } : {}) } : null,
      n: jsonValue(fit.n),
      n_held_out: jsonValue(fit.nHeldOut),
      converged: fit.converged ?? null,
      message: fit.message ?? null,
      params: fit.params.map((p) => ({ name: p.name, value: jsonValue(p.value), lo: jsonValue(p.lo), hi: jsonValue(p.hi), se: jsonValue(p.se) })),
      stats: fit.stats ? Object.fromEntries(Object.entries(fit.stats).map(([k, v]) => [k, jsonValue(v)])) : {},
      predictions: (fit.predictions ?? []).map((p) => ({ label: p.label, value: jsonValue(p.value), lo: jsonValue(p.lo), hi: jsonValue(p.hi) })),
    });
    return this;
  }

  /**
   * A comparison table (each variant against the baseline), decisions coloured, and optionally its forest plot.
   *
   * @example
   * report.comparisonTable({ metric: 'loss', baseline: 'base', rows: [{ variant: 'a', diff: -0.02, lo: -0.03, hi: -0.01, decision: 'better' }] }, { forest: true });
   */
  comparisonTable(cmp: ComparisonSummary, options: { forest?: boolean; figureId?: string } = {}): this {
    const s = this.current();
    if (cmp.title) s.html.push(`<h3>${escapeHtml(cmp.title)}</h3>`);
    const facts = [`metric: ${escapeHtml(cmp.metric)}`, ...(cmp.at ? [`values at ${escapeHtml(cmp.at)}`] : []), `baseline: ${escapeHtml(cmp.baseline)}`];
    if (cmp.method) facts.push(`method: ${escapeHtml(cmp.method)}`);
    if (cmp.interval) facts.push(`intervals: ${escapeHtml(describeInterval(cmp.interval))}`);
    else if (cmp.level !== undefined) facts.push(`${fmtNum(100 * cmp.level, 3)}% intervals`);
    if (cmp.correction) facts.push(`correction: ${escapeHtml(cmp.correction)}`);
    s.html.push(`<p class="meta">${facts.join(' · ')}</p>`);
    const has = (k: keyof ComparisonRow) => cmp.rows.some((r) => r[k] !== undefined);
    const cols: ColumnSpec[] = [{ key: 'variant', format: 'text' }];
    if (has('n')) cols.push({ key: 'n', label: 'runs', format: 'integer' });
    if (has('nBaseline')) cols.push({ key: 'nBaseline', label: 'baseline runs', format: 'integer' });
    if (has('mean')) cols.push({ key: 'mean' });
    const pct = cmp.interval ? `${fmtNum(100 * cmp.interval.level, 3)}% ` : cmp.level !== undefined ? `${fmtNum(100 * cmp.level, 3)}% ` : '';
    cols.push({ key: 'diff', label: 'Δ vs baseline' }, { key: 'lo', label: `${pct}low` }, { key: 'hi', label: `${pct}high` });
    if (has('p')) cols.push({ key: 'p', digits: 3 });
    if (has('pAdjusted')) cols.push({ key: 'pAdjusted', label: 'p (adjusted)', digits: 3 });
    if (has('effect')) cols.push({ key: 'effect', label: cmp.effectLabel ?? 'effect size', digits: 3 });
    cols.push({ key: 'decision', format: 'text' });
    s.html.push(...renderTable(cols, cmp.rows as unknown as Record<string, CellValue>[], undefined, 'decision'));
    s.items.push({
      type: 'comparison',
      title: cmp.title ?? null,
      metric: cmp.metric,
      baseline: cmp.baseline,
      method: cmp.method ?? null,
      level: jsonValue(cmp.level),
      interval: cmp.interval ? intervalLabelJson(cmp.interval) : null,
      at: cmp.at ?? null,
      effect: cmp.effectLabel ?? null,
      correction: cmp.correction ?? null,
      rows: cmp.rows.map((r) => ({
        variant: r.variant,
        n: jsonValue(r.n),
        n_baseline: jsonValue(r.nBaseline),
        mean: jsonValue(r.mean),
        diff: jsonValue(r.diff),
        lo: jsonValue(r.lo),
        hi: jsonValue(r.hi),
        p: jsonValue(r.p),
        p_adjusted: jsonValue(r.pAdjusted),
        effect: jsonValue(r.effect),
        decision: r.decision,
      })),
    });
    if (options.forest && cmp.rows.length > 0) {
      const id = options.figureId ?? `forest-${this.figureIds.size + 1}`;
      const what = cmp.interval ? `; intervals: ${describeInterval(cmp.interval)}` : cmp.level !== undefined ? ` with ${fmtNum(100 * cmp.level, 3)}% intervals` : '';
      this.figure(forestFigure({ rows: cmp.rows, ...(cmp.interval ? { interval: cmp.interval } : {}) }, { id, xLabel: `${cmp.metric}: variant − ${cmp.baseline}` }), `Difference from ${cmp.baseline} in ${cmp.metric}${what}.`);
    }
    return this;
  }

  /**
   * The sections' content as an HTML fragment, without the page, header and section headings (what a notebook's
   * `display` shows; the page's CSS is not included).
   *
   * @example
   * createReport({ title: 't', date: '2026-11-25' }).table({ rows: [{ a: 1 }] }).fragmentHtml(); // '<div class="scroll">…'
   */
  fragmentHtml(): string {
    return this.sections.flatMap((s) => s.html).join('\n');
  }

  /**
   * Record the inputs, version, options, seeds and date; rendered as the last section of the page.
   *
   * @example
   * report.provenance({ files: [fileProvenance('runs.csv', 1200)], options: config, seeds: { bootstrap: 1 }, date: '2026-11-25' });
   */
  provenance(p: Provenance): this {
    for (const f of p.files) {
      if (!/^[0-9a-f]{64}$/.test(f.sha256)) throw new ReportError(`report.provenance: ${f.path}: sha256 must be 64 lowercase hex digits`);
    }
    this.prov = p;
    return this;
  }

  /**
   * The report as one self-contained HTML page (see `html.ts`): byte-identical for identical calls.
   *
   * @example
   * writeFileSync('r.html', report.toHtml());
   * report.toHtml({ jsonSha256: sha256(report.toJsonString()) }); // names its JSON (what writeReport does)
   */
  toHtml(options: { jsonSha256?: string } = {}): string {
    const body: string[] = ['<header>', `<h1>${escapeHtml(this.title)}</h1>`];
    if (this.subtitle) body.push(`<p>${escapeHtml(this.subtitle)}</p>`);
    body.push(`<p class="meta">${escapeHtml(this.date)} · scalelab ${escapeHtml(this.prov?.version ?? VERSION)}</p>`, '</header>');
    const toc = this.sections.map((s) => ({ id: s.id, title: s.title }));
    if (this.prov) toc.push({ id: 'provenance', title: 'Provenance' });
    if (toc.length > 1) {
      body.push('<nav class="toc">', '<ol>', ...toc.map((t) => `<li><a href="#${t.id}">${escapeHtml(t.title)}</a></li>`), '</ol>', '</nav>');
    }
    for (const s of this.sections) body.push(`<section id="${s.id}">`, `<h2>${escapeHtml(s.title)}</h2>`, ...s.html, '</section>');
    if (this.prov) body.push(...renderProvenance(this.prov));
    const meta = options.jsonSha256 !== undefined ? [{ name: 'scalelab-json-sha256', content: options.jsonSha256 }] : [];
    return renderPage({ title: this.title, body, generator: `scalelab ${this.prov?.version ?? VERSION}`, description: this.subtitle, meta });
  }

  /**
   * Every number the page shows, as JSON-ready data (snake_case keys; non-finite numbers become null).
   *
   * @example
   * report.toJson().sections[0].items;
   */
  toJson(): { title: string; date: string; scalelab_version: string; sections: { id: string; title: string; items: Json[] }[]; provenance: Json } {
    return {
      title: this.title,
      date: this.date,
      scalelab_version: this.prov?.version ?? VERSION,
      sections: this.sections.map((s) => ({ id: s.id, title: s.title, items: s.items })),
      provenance: this.prov
        ? {
            files: this.prov.files.map((f) => ({ path: f.path, sha256: f.sha256, rows: f.rows, bytes: jsonValue(f.bytes) })),
            version: this.prov.version ?? VERSION,
            options: toJson(this.prov.options ?? null),
            seeds: toJson(this.prov.seeds ?? {}),
            date: this.prov.date,
          }
        : null,
    };
  }

  /**
   * {@link Report.toJson} as text: two-space indentation, trailing newline, stable key order.
   *
   * @example
   * JSON.parse(report.toJsonString()).title;
   */
  toJsonString(): string {
    return JSON.stringify(this.toJson(), null, 2) + '\n';
  }
}

function renderProvenance(p: Provenance): string[] {
  // What was read and with which options is for checking, not for reading first: collapsed (no script needed).
  const out = ['<section id="provenance">', '<h2>Provenance</h2>'];
  out.push(`<p class="meta">scalelab ${escapeHtml(p.version ?? VERSION)} · date ${escapeHtml(p.date)} · ${p.files.length} input file${p.files.length === 1 ? '' : 's'}</p>`);
  if (p.files.length > 0) {
    out.push(`<details><summary>Input files: ${p.files.length} (path, SHA-256, rows, bytes)</summary>`);
    out.push(...renderTable([{ key: 'path', label: 'file', format: 'text' }, { key: 'sha256', label: 'SHA-256', format: 'text' }, { key: 'rows', format: 'integer' }, { key: 'bytes', format: 'integer' }], p.files as unknown as Record<string, CellValue>[], undefined, undefined, undefined, false));
    out.push('</details>');
  }
  if (p.seeds && Object.keys(p.seeds).length > 0) {
    out.push('<details><summary>Seeds of the random procedures</summary>', ...renderTable([{ key: 'name', label: 'procedure', format: 'text' }, { key: 'seed', format: 'text' }], Object.entries(p.seeds).map(([name, seed]) => ({ name, seed: String(seed) })), undefined, undefined, undefined, false), '</details>');
  }
  if (p.options !== undefined) {
    out.push('<details><summary>Options (the configuration this report was built from)</summary>', `<pre>${escapeHtml(readableJson(toJson(p.options)))}</pre>`, '</details>');
  }
  out.push('</section>');
  return out;
}

/**
 * JSON text for people: two-space indentation, and numbers of 1e15 or more (or below 1e-4) in exponent form
 * (`5e19`, not `50000000000000000000`); still valid JSON, same values.
 *
 * @example
 * readableJson({ holdoutAbove: 5e19, n: 200 }); // '{\n  "holdoutAbove": 5e19,\n  "n": 200\n}'
 */
export function readableJson(value: Json): string {
  const mark = '\u0001num:';
  const text = JSON.stringify(
    value,
    (_k, v: unknown) => (typeof v === 'number' && v !== 0 && (Math.abs(v) >= 1e15 || Math.abs(v) < 1e-4) ? mark + v.toExponential().replace('e+', 'e') : v),
    2,
  );
  return text.replace(/"\\u0001num:([-0-9.e]+)"/g, '$1');
}

/** Tables longer than this show their first {@link PREVIEW_ROWS} rows and the whole table in a `<details>`. */
export const COLLAPSE_ABOVE = 15;
/** Rows shown of a collapsed table. */
export const PREVIEW_ROWS = 10;

function resolveColumns(input: TableInput): ColumnSpec[] {
  if (input.columns) return input.columns.map((c) => (typeof c === 'string' ? { key: c } : c));
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const r of input.rows) for (const k of Object.keys(r)) if (!seen.has(k)) (seen.add(k), keys.push(k));
  return keys.map((key) => ({ key }));
}

/**
 * Rows as HTML lines: one `<tr>` per line (a changed number shows as one changed line in a diff). A table of more
 * than {@link COLLAPSE_ABOVE} rows (when `collapse`) shows its first {@link PREVIEW_ROWS} rows, and every row in a
 * `<details>` below; CSS hides the preview while the details are open (no script).
 */
function renderTable(columns: readonly ColumnSpec[], all: readonly Record<string, CellValue>[], caption?: string, classKey?: string, cut?: { max: number; where: string }, collapse = true): string[] {
  const rows = cut && all.length > cut.max ? all.slice(0, cut.max) : all;
  const numeric = columns.map((c) => c.format !== 'text' && all.some((r) => typeof r[c.key] === 'number'));
  const table = (body: readonly Record<string, CellValue>[]): string[] => {
    const out = ['<div class="scroll">', '<table>'];
    if (caption) out.push(`<caption>${escapeHtml(caption)}</caption>`);
    out.push('<thead>', `<tr>${columns.map((c, j) => `<th${numeric[j] ? ' class="num"' : ''}>${escapeHtml(c.label ?? c.key)}</th>`).join('')}</tr>`, '</thead>', '<tbody>');
    for (const r of body) {
      const cells = columns.map((c, j) => {
        const v = r[c.key];
        const cls = classKey === c.key && typeof v === 'string' ? ` class="${escapeHtml(v)}"` : numeric[j] ? ' class="num"' : '';
        return `<td${cls}>${escapeHtml(formatColumnCell(v, c))}</td>`;
      });
      out.push(`<tr>${cells.join('')}</tr>`);
    }
    out.push('</tbody>', '</table>', '</div>');
    return out;
  };
  let out: string[];
  if (collapse && rows.length > COLLAPSE_ABOVE) {
    out = ['<div class="long-table">', '<div class="preview">', ...table(rows.slice(0, PREVIEW_ROWS)), '</div>',
      `<details><summary>Show all ${rows.length.toLocaleString('en-US')} rows (${(rows.length - PREVIEW_ROWS).toLocaleString('en-US')} more)</summary>`, ...table(rows), '</details>', '</div>'];
  } else {
    out = table(rows);
  }
  if (cut && rows.length < all.length) {
    out.push(`<p class="note">Showing the first ${rows.length.toLocaleString('en-US')} of ${all.length.toLocaleString('en-US')} rows (${(all.length - rows.length).toLocaleString('en-US')} not shown). ` +
      `Every row is in the report's JSON file (written beside this page by <code>scalelab report</code>; ${escapeHtml(cut.where)}).</p>`);
  }
  return out;
}

/**
 * A table cell as the report prints it, by its column's format (number, integer, size, flops, percent, text).
 *
 * @example
 * formatColumnCell(1.5e9, { key: 'N', format: 'size' }); // '1.5B'
 */
export function formatColumnCell(v: CellValue, c: ColumnSpec): string {
  if (v === null || v === undefined) return '';
  if (typeof v !== 'number') return String(v);
  switch (c.format) {
    case 'text':
      return String(v);
    case 'integer':
      return Number.isInteger(v) ? String(v) : fmtNum(v, c.digits ?? 4);
    case 'size':
      return formatSize(v);
    case 'flops':
      return formatFlops(v);
    case 'percent':
      return `${fmtNum(100 * v, c.digits ?? 3)}%`;
    default:
      return fmtNum(v, c.digits ?? 4);
  }
}

/**
 * A number with `digits` significant digits: plain notation between 1e-3 and 1e6, exponent outside;
 * integers below 1e6 as they are; NaN and infinities spelled out.
 *
 * @example
 * fmtNum(0.0123456); // '0.01235'
 * fmtNum(3e21); // '3e21'
 */
export function fmtNum(v: number, digits = 4): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (Number.isInteger(v) && a < 1e6) return String(v);
  if (a >= 1e6 || a < 1e-3) {
    const [m, e] = v.toExponential(digits - 1).split('e');
    return `${String(+m!)}e${e!.replace('+', '')}`;
  }
  return String(+v.toPrecision(digits));
}

function jsonValue(v: CellValue): Json {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  return v;
}

/** Convert any value to JSON-ready data: typed arrays become arrays, non-finite numbers null, functions dropped. */
function toJson(v: unknown): Json {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return Number(v);
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>, (x) => toJson(x));
  if (Array.isArray(v)) return v.map(toJson);
  if (typeof v === 'object') {
    const out: Record<string, Json> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) if (typeof x !== 'function' && x !== undefined) out[k] = toJson(x);
    return out;
  }
  return null;
}
