/**
 * Export a notebook to one self-contained HTML page that looks like a scalelab report (same page shell, CSS
 * and CSP): markdown rendered with raw HTML escaped, code cells in foldable `<details>`, outputs inlined
 * (SVG and HTML sanitized, each in its own box that it cannot draw or style outside of, PNG/JPEG as `data:`
 * URLs, text escaped, ANSI colour codes stripped, any output over `maxOutputChars` cut with a note), and errors
 * shown prominently with a banner at the top that links to the failing cell.
 *
 * Pure: the same notebook and options give the same bytes. No URL that the browser would fetch or follow
 * survives: external links and images are shown as text.
 *
 * @example
 * const html = notebookToHtml(parseNotebook(text, 'nb.ipynb'), { name: 'nb.ipynb' });
 */
import { Marked, type Tokens } from 'marked';
import { ReportError } from '../errors.js';
import { VERSION } from '../version.js';
import { PAGE_CSS, escapeHtml, renderPage } from '../report/html.js';
import { sanitizeHtml } from './ipynb-sanitize.js';
import type { Cell, CodeCell, JsonObject, MimeBundle, Notebook, Output } from './ipynb.js';

/** Options of {@link notebookToHtml}. */
export interface NotebookHtmlOptions {
  /** File name of the notebook, shown in the footer and used as the title when there is no heading. */
  name: string;
  /** Page title; default: the first level-1 heading of the notebook, else `name`. */
  title?: string;
  /** Whether code cells start unfolded; default true. A cell tagged `hide-input` always starts folded. */
  openCode?: boolean;
  /**
   * Leave the source of every code cell out of the page (its outputs stay), for readers who want the results
   * (`scalelab export --hide-code`, like nbconvert's `--no-input`). Default false. The notebook keeps the code.
   */
  hideCode?: boolean;
  /**
   * Largest output shown, in characters of its text (HTML, SVG, plain text, stream); default
   * {@link MAX_OUTPUT_CHARS}. A larger output is cut there with a visible note that says how much was cut and
   * where the full output is (the notebook file), so that a huge output cannot make the page unusable.
   */
  maxOutputChars?: number;
}

/** Default of {@link NotebookHtmlOptions.maxOutputChars}: 1 MiB of text per output. */
export const MAX_OUTPUT_CHARS = 1 << 20;

/** Extra CSS for notebook pages, appended to the report stylesheet. */
export const NOTEBOOK_CSS = [
  'details.code{margin:1rem 0 .3rem;border-left:3px solid var(--rule);padding-left:.6rem}',
  'details.code>summary{cursor:pointer;color:var(--muted);font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}',
  'details.code pre{margin:.3rem 0}',
  '.output{margin:.3rem 0 1rem;padding-left:.9rem;overflow-x:auto}',
  '.output pre{background:none;padding:.2rem 0;margin:0}',
  '.output pre.stderr{color:var(--worse)}',
  '.output img{max-width:100%}',
  '.output>.html,.output>figure{contain:content;overflow:auto}',
  '.output svg{max-width:100%;height:auto}',
  '.error{border:2px solid var(--worse);border-radius:6px;padding:.5rem .8rem;margin:.5rem 0}',
  '.error>p{margin:0 0 .3rem;color:var(--worse);font-weight:600}',
  '.error pre{background:none;margin:0}',
  '.banner{border:2px solid var(--worse);border-radius:6px;padding:.6rem .9rem;margin:0 0 1.2rem;color:var(--worse);font-weight:600}',
  'footer{margin-top:3rem;color:var(--muted);font-size:.85rem}',
].join('\n');

/**
 * Render a notebook as a complete HTML page.
 *
 * @example
 * notebookToHtml({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [] }, { name: 'empty.ipynb' }).includes('<title>empty.ipynb</title>'); // true
 */
export function notebookToHtml(nb: Notebook, options: NotebookHtmlOptions): string {
  const md = markdownRenderer();
  const body: string[] = [];
  const errors = nb.cells.flatMap((c, i) => (c.cell_type === 'code' ? c.outputs.filter((o) => o.output_type === 'error').map((o) => ({ i, o })) : []));
  if (errors.length > 0) {
    const { i, o } = errors[0]!;
    if (o.output_type === 'error') {
      body.push(`<p class="banner" role="alert">This notebook stopped with an error in <a href="#cell-${i + 1}">cell ${i + 1}</a>: ${escapeHtml(stripAnsi(o.ename))}: ${escapeHtml(stripAnsi(o.evalue))}</p>`);
    }
  }
  nb.cells.forEach((cell, i) => body.push(...renderCell(cell, i, md, options)));
  const kernel = kernelName(nb.metadata);
  body.push(`<footer>Exported from ${escapeHtml(options.name)}${kernel ? ` (${escapeHtml(kernel)} kernel)` : ''} by scalelab ${escapeHtml(VERSION)}.</footer>`);
  return renderPage({
    title: options.title ?? firstHeading(nb) ?? options.name,
    body,
    generator: `scalelab ${VERSION}`,
    css: PAGE_CSS + '\n' + NOTEBOOK_CSS,
  });
}

function renderCell(cell: Cell, i: number, md: Marked, options: NotebookHtmlOptions): string[] {
  const id = `cell-${i + 1}`;
  if (cell.cell_type === 'markdown') {
    const html = md.parse(resolveAttachments(cell.source, cell.attachments), { async: false });
    return [`<section class="md" id="${id}">`, html.trim(), '</section>'];
  }
  if (cell.cell_type === 'raw') return [`<pre class="raw" id="${id}">${escapeHtml(cell.source)}</pre>`];
  const tags = cell.metadata.tags;
  const hidden = (Array.isArray(tags) && tags.includes('hide-input')) || isSourceHidden(cell.metadata);
  const open = (options.openCode ?? true) && !hidden ? ' open' : '';
  const count = cell.execution_count === null ? ' ' : String(cell.execution_count);
  const out = options.hideCode === true
    ? [`<div class="code-hidden" id="${id}"></div>`]
    : [`<details class="code" id="${id}"${open}><summary>In [${count}]</summary><pre><code>${escapeHtml(cell.source)}</code></pre></details>`];
  const limit = options.maxOutputChars ?? MAX_OUTPUT_CHARS;
  if (!(Number.isInteger(limit) && limit >= 1)) throw new ReportError(`notebookToHtml: maxOutputChars must be a positive integer, got ${limit}`);
  const rendered = cell.outputs.map((o, k) => renderOutput(o, { id: `out-${i + 1}-${k + 1}`, cell: i + 1, output: k + 1, name: options.name, limit })).filter((s) => s !== '');
  if (rendered.length > 0) out.push('<div class="output">', ...rendered, '</div>');
  return out;
}

function isSourceHidden(md: JsonObject): boolean {
  const j = md.jupyter;
  return !!j && typeof j === 'object' && !Array.isArray(j) && j.source_hidden === true;
}

/** Preference order of MIME types in a bundle (the richest safe representation first). */
const MIME_ORDER = ['image/svg+xml', 'image/png', 'image/jpeg', 'image/gif', 'text/html', 'text/markdown', 'text/plain'] as const;

/** Where an output sits (for its container id and the note on a cut output) and how much of it is shown. */
interface OutputPlace {
  id: string;
  cell: number;
  output: number;
  name: string;
  limit: number;
}

function sizeText(chars: number): string {
  return chars >= 1000 * 1024 ? `${(chars / (1 << 20)).toFixed(1)} MiB` : `${Math.max(1, Math.round(chars / 1024))} KiB`;
}

/** The visible note under an output that was cut. */
function cutNote(kind: string, shown: number, total: number, at: OutputPlace): string {
  return `<p class="note">[${escapeHtml(kind)} output cut: ${sizeText(shown)} of ${sizeText(total)} shown (${(total - shown).toLocaleString('en-US')} characters not shown). ` +
    `The full output is output ${at.output} of cell ${at.cell} in ${escapeHtml(at.name)}.]</p>`;
}

/** Cut `text` to at most `limit` characters; markup is cut before its last `<`, so no tag is split. */
function cut(text: string, limit: number, markup: boolean): string {
  if (text.length <= limit) return text;
  let end = limit;
  if (markup) {
    const lt = text.lastIndexOf('<', limit);
    if (lt > 0) end = lt;
  }
  // Never split a surrogate pair.
  if (end > 0 && /[\ud800-\udbff]/.test(text[end - 1]!)) end--;
  return text.slice(0, end);
}

function plain(text: string, cls: string, kind: string, at: OutputPlace): string {
  const shown = cut(text, at.limit, false);
  const note = shown.length < text.length ? cutNote(kind, shown.length, text.length, at) : '';
  return `<pre${cls ? ` class="${cls}"` : ''}>${escapeHtml(stripAnsi(shown))}</pre>${note}`;
}

function renderOutput(o: Output, at: OutputPlace): string {
  switch (o.output_type) {
    case 'stream':
      return o.text === '' ? '' : plain(o.text, o.name, o.name, at);
    case 'error': {
      const full = o.traceback.map(stripAnsi).join('\n');
      const tb = cut(full, at.limit, false);
      const note = tb.length < full.length ? cutNote('traceback', tb.length, full.length, at) : '';
      return `<div class="error" role="alert"><p>${escapeHtml(stripAnsi(o.ename))}: ${escapeHtml(stripAnsi(o.evalue))}</p>${tb ? `<pre>${escapeHtml(tb)}</pre>` : ''}${note}</div>`;
    }
    default:
      return renderBundle(o.data, at);
  }
}

function renderBundle(data: MimeBundle, at: OutputPlace): string {
  for (const mime of MIME_ORDER) {
    const v = data[mime];
    if (typeof v !== 'string') continue;
    switch (mime) {
      case 'image/svg+xml': {
        const shown = cut(v, at.limit, true);
        const note = shown.length < v.length ? cutNote(mime, shown.length, v.length, at) : '';
        return `<figure id="${at.id}">${sanitizeHtml(shown, { scope: '#' + at.id }).trim()}</figure>${note}`;
      }
      case 'image/png':
      case 'image/jpeg':
      case 'image/gif': {
        const b64 = v.replace(/\s+/g, '');
        if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) return `<p class="note">[${mime} output is not valid base64; not shown]</p>`;
        return `<figure><img alt="" src="data:${mime};base64,${b64}"></figure>`;
      }
      case 'text/html': {
        const shown = cut(v, at.limit, true);
        const note = shown.length < v.length ? cutNote(mime, shown.length, v.length, at) : '';
        return `<div class="html" id="${at.id}">${sanitizeHtml(shown, { scope: '#' + at.id }).trim()}</div>${note}`;
      }
      case 'text/markdown': {
        const shown = cut(v, at.limit, false);
        const note = shown.length < v.length ? cutNote(mime, shown.length, v.length, at) : '';
        return `<div class="md">${markdownRenderer().parse(shown, { async: false }).trim()}</div>${note}`;
      }
      case 'text/plain':
        return plain(v, '', mime, at);
    }
  }
  const kinds = Object.keys(data).sort();
  return kinds.length > 0 ? `<p class="note">[output of type ${escapeHtml(kinds.join(', '))} not shown]</p>` : '';
}

/**
 * A markdown renderer for notebook cells: raw HTML is shown as text, links to other pages are shown as their
 * text followed by the address as text (nothing to follow or fetch), and only `data:` images are inlined.
 */
function markdownRenderer(): Marked {
  const m = new Marked({ gfm: true });
  m.use({
    renderer: {
      html({ text }: Tokens.HTML | Tokens.Tag): string {
        return escapeHtml(text);
      },
      link(this: { parser: { parseInline(t: Tokens.Link['tokens']): string } }, token: Tokens.Link): string {
        const text = this.parser.parseInline(token.tokens);
        if (token.href.startsWith('#')) return `<a href="${escapeHtml(token.href)}">${text}</a>`;
        if (token.text === token.href || /^mailto:/i.test(token.href)) return `<span class="link">${escapeHtml(token.href)}</span>`;
        return `${text} <span class="link note">(${escapeHtml(token.href)})</span>`;
      },
      image({ href, text }: Tokens.Image): string {
        if (/^data:image\/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]*$/i.test(href)) return `<img alt="${escapeHtml(text)}" src="${escapeHtml(href.replace(/\s+/g, ''))}">`;
        return `<span class="note">[image not embedded: ${escapeHtml(text || href)}]</span>`;
      },
    },
  });
  return m;
}

/** Replace `attachment:name` image references by the attachment's data URL (PNG/JPEG/GIF attachments). */
function resolveAttachments(source: string, attachments: JsonObject | undefined): string {
  if (!attachments) return source;
  return source.replace(/\(attachment:([^)\s]+)\)/g, (whole, name: string) => {
    const a = attachments[name];
    if (!a || typeof a !== 'object' || Array.isArray(a)) return whole;
    for (const mime of ['image/png', 'image/jpeg', 'image/gif']) {
      const v = a[mime];
      const b64 = typeof v === 'string' ? v : Array.isArray(v) ? v.join('') : undefined;
      if (b64 !== undefined) return `(data:${mime};base64,${b64.replace(/\s+/g, '')})`;
    }
    return whole;
  });
}

function firstHeading(nb: Notebook): string | undefined {
  for (const c of nb.cells) {
    if (c.cell_type !== 'markdown') continue;
    const m = /^#\s+(.+?)\s*#*\s*$/m.exec(c.source);
    if (m) return m[1]!.replace(/[*_`]/g, '');
  }
  return undefined;
}

function kernelName(md: JsonObject): string | undefined {
  const k = md.kernelspec;
  if (k && typeof k === 'object' && !Array.isArray(k) && typeof k.display_name === 'string') return k.display_name;
  return undefined;
}

/**
 * Remove ANSI terminal escape sequences (colours in tracebacks).
 *
 * @example
 * stripAnsi('\u001b[31mError\u001b[0m'); // 'Error'
 */
export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b[@-Z\\-_]/g, '');
}

/** The code cells of a notebook that have an error output, as 0-based indexes. */
export function failingCells(nb: Notebook): number[] {
  return nb.cells.flatMap((c, i) => (c.cell_type === 'code' && (c as CodeCell).outputs.some((o) => o.output_type === 'error') ? [i] : []));
}
