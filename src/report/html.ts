/**
 * The HTML page shell every scalelab document shares (reports, exported notebooks): escaping, a strict
 * Content-Security-Policy that forbids every network request, inline CSS for light and dark themes, and one
 * element per line so that a pull-request diff of two reports shows exactly what changed.
 *
 * Nothing here reads the clock, the environment or the file system: the same arguments give the same bytes.
 *
 * @example
 * import { renderPage, escapeHtml } from './html.js';
 * const html = renderPage({ title: 'Weekly', body: [`<p>${escapeHtml('<b>run</b>')}</p>`] });
 */
import { ReportError } from '../errors.js';

/**
 * The Content-Security-Policy of every page: no script, no connection, no font, no frame; styles only inline
 * and images only as `data:` URLs. A page that tried to load anything from the network is blocked by the browser.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src 'none'; script-src 'none'; " +
  "connect-src 'none'; frame-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'";

/**
 * Escape text for HTML element content and double- or single-quoted attribute values.
 * Every string that comes from data (run names, config values, file names) goes through here.
 *
 * @example
 * escapeHtml('<script>alert(1)</script>'); // '&lt;script&gt;alert(1)&lt;/script&gt;'
 */
export function escapeHtml(text: unknown): string {
  return String(text).replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * The page stylesheet. Colours are CSS variables switched by `prefers-color-scheme`; figures draw with
 * `currentColor`, so they follow the theme without being re-rendered. System fonts only (no web fonts).
 *
 * @example
 * renderPage({ title: 't', body: [], css: PAGE_CSS + '.x{color:red}' });
 */
export const PAGE_CSS = [
  ':root{color-scheme:light dark;--fg:#1b1f24;--bg:#ffffff;--muted:#57606a;--rule:#d0d7de;--code:#f3f4f6;--better:#1a7f37;--worse:#cf222e;--inconclusive:#6e7781;--accent:#0969da}',
  '@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--bg:#0d1117;--muted:#8b949e;--rule:#30363d;--code:#161b22;--better:#3fb950;--worse:#f85149;--inconclusive:#8b949e;--accent:#58a6ff}}',
  'html{background:var(--bg);color:var(--fg)}',
  'body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;max-width:1000px;margin:0 auto;padding:1.5rem 1rem 4rem}',
  'h1{font-size:1.7rem;margin:0 0 .25rem}',
  'h2{font-size:1.3rem;margin:2.2rem 0 .6rem;padding-bottom:.25rem;border-bottom:1px solid var(--rule)}',
  'h3{font-size:1.1rem;margin:1.4rem 0 .4rem}',
  'a{color:var(--accent)}',
  'p.meta,figcaption,.note{color:var(--muted);font-size:.9rem}',
  'code,pre{font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--code);border-radius:4px}',
  'code{padding:0 .25em}',
  'pre{padding:.6rem .8rem;overflow-x:auto}',
  'table{border-collapse:collapse;margin:.6rem 0;font-size:.88rem;font-variant-numeric:tabular-nums}',
  'th,td{border-bottom:1px solid var(--rule);padding:.25rem .6rem;text-align:left;vertical-align:top}',
  'td.num,th.num{text-align:right}',
  'figure{margin:1rem 0;overflow-x:auto}',
  '@media (max-width:480px){body{padding:1rem .6rem 3rem}}',
  'figure svg{max-width:100%;height:auto;color:var(--fg)}',
  'nav.toc ol{padding-left:1.2rem}',
  '.better{color:var(--better)}',
  '.worse{color:var(--worse)}',
  '.inconclusive{color:var(--inconclusive)}',
  '.warn{border-left:3px solid var(--worse);padding-left:.6rem}',
  '.scroll{overflow-x:auto}',
  'details{margin:.6rem 0}',
  'summary{cursor:pointer;color:var(--accent)}',
  '.long-table:has(>details[open])>.preview{display:none}',
].join('\n');

/** Arguments of {@link renderPage}. */
export interface PageOptions {
  /** Document title (plain text; escaped here). */
  title: string;
  /**
   * Body content: trusted HTML, one element per entry (entries are joined with newlines). Escape data with
   * {@link escapeHtml} before putting it here.
   */
  body: readonly string[] | string;
  /** `lang` attribute of `<html>`; default `'en'`. */
  lang?: string;
  /** Plain-text description for `<meta name="description">` (escaped here). */
  description?: string;
  /** Plain-text generator name for `<meta name="generator">` (escaped here), e.g. `'scalelab 0.1.0'`. */
  generator?: string;
  /** More `<meta name content>` elements (both escaped here), e.g. the report's `scalelab-json-sha256`. */
  meta?: readonly { name: string; content: string }[];
  /** Stylesheet; default {@link PAGE_CSS}. Trusted: it is inlined as is (a `</style` inside is refused). */
  css?: string;
}

/**
 * Render a complete, self-contained HTML page: doctype, UTF-8, strict CSP, inline CSS, one element per line,
 * trailing newline. No script, no external resource.
 *
 * @example
 * renderPage({ title: 'Ablation <x>', body: ['<h1>Ablation &lt;x&gt;</h1>'] }).startsWith('<!doctype html>'); // true
 */
export function renderPage(options: PageOptions): string {
  const css = options.css ?? PAGE_CSS;
  if (/<\/style/i.test(css)) throw new ReportError('renderPage: css must not contain "</style"');
  const body = typeof options.body === 'string' ? options.body : options.body.join('\n');
  const head = [
    '<!doctype html>',
    `<html lang="${escapeHtml(options.lang ?? 'en')}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(CONTENT_SECURITY_POLICY)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    '<meta name="referrer" content="no-referrer">',
  ];
  if (options.generator !== undefined) head.push(`<meta name="generator" content="${escapeHtml(options.generator)}">`);
  if (options.description !== undefined) head.push(`<meta name="description" content="${escapeHtml(options.description)}">`);
  for (const m of options.meta ?? []) head.push(`<meta name="${escapeHtml(m.name)}" content="${escapeHtml(m.content)}">`);
  head.push(`<title>${escapeHtml(options.title)}</title>`, '<style>', css, '</style>', '</head>', '<body>');
  const out = head.join('\n') + '\n' + (body.length > 0 ? body.replace(/\n*$/, '\n') : '') + '</body>\n</html>\n';
  return out;
}
