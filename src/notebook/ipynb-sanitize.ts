/**
 * Make HTML and SVG produced by notebook code safe to inline in a self-contained page: nothing executes,
 * nothing is fetched or followed, and the output can only style itself.
 *
 * How: the fragment is parsed by parse5, a spec-compliant HTML parser that builds the tree a browser builds
 * (same tokeniser states for comments, `<noembed>`, `<noframes>`, `<plaintext>`, `<svg><style>`, namespaces),
 * in the context of a `<div>` as the page embeds it. The tree is then printed by an allow-list serializer:
 *  - HTML elements on a list of text, table and figure elements are kept; scripts, frames, embedded objects,
 *    forms, media, `<template>`, `<noscript>`, `<noembed>`, `<noframes>`, `<plaintext>`, `<xmp>`, `<base>`,
 *    `<meta>`, `<link>`, MathML and any `<style>` outside a scope are removed with their content; other
 *    unknown HTML elements are replaced by their (sanitized) content;
 *  - SVG elements on a list of shapes, text, groups, gradients, markers and clip paths are kept; every other
 *    SVG element (`<animate>`, `<set>`, `<foreignObject>`, `<script>`, filters, …) is removed with its content;
 *  - attributes on an allow-list only; `href` only as an in-page fragment (`#id`), `src`/`href` of images only as
 *    `data:image/png|jpeg|gif|webp;base64`; SVG presentation attributes are checked as CSS values (only
 *    `url(#id)` references); `style` attributes and `<style>` elements go through the CSS allow-list of
 *    ./css-sanitize.ts, and a `<style>` element is rewritten so that its rules only match inside `scope`;
 *  - text is escaped, every element gets an explicit end tag, comments and doctypes are dropped.
 * The result is re-parsed and re-sanitized: if that changes it (a tree the parser cannot reproduce, the root of
 * mutation XSS), the output is shown as escaped text instead.
 *
 * This is the first wall. The page's Content-Security-Policy is the second, and the page gives each output a
 * container with `contain: content`, so nothing an output draws can cover the rest of the page.
 *
 * @example
 * sanitizeHtml('<svg onload="x()"><script>alert(1)</script><a href="https://e.org">e</a></svg>');
 * // '<svg><a>e</a></svg>'
 */
import { defaultTreeAdapter, parseFragment, type DefaultTreeAdapterMap } from 'parse5';
import { sanitizeStyleAttribute, sanitizeStylesheet } from './css-sanitize.js';

export { sanitizeStyleAttribute, sanitizeStylesheet } from './css-sanitize.js';

type Node = DefaultTreeAdapterMap['childNode'];
type Element = DefaultTreeAdapterMap['element'];

const NS_HTML = 'http://www.w3.org/1999/xhtml';
const NS_SVG = 'http://www.w3.org/2000/svg';

/** Options of {@link sanitizeHtml}. */
export interface SanitizeOptions {
  /**
   * The id selector (`#out-3-1`) of the element the output is placed in. `<style>` elements of the output are
   * kept, rewritten to match only inside it; without a scope they are removed.
   */
  scope?: string;
}

/** HTML elements kept (with allowed attributes). */
const HTML_KEEP = new Set([
  'a', 'abbr', 'b', 'bdi', 'bdo', 'blockquote', 'br', 'caption', 'cite', 'code', 'col', 'colgroup', 'dd', 'del',
  'details', 'dfn', 'div', 'dl', 'dt', 'em', 'figcaption', 'figure', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'i',
  'img', 'ins', 'kbd', 'li', 'mark', 'ol', 'p', 'pre', 'q', 'rp', 'rt', 'ruby', 's', 'samp', 'small', 'span',
  'strong', 'sub', 'summary', 'sup', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'time', 'tr', 'u', 'ul', 'var',
  'wbr', 'style', 'center', 'font', 'section', 'article', 'header', 'footer', 'main', 'aside', 'nav',
]);

/** HTML elements removed together with everything inside them. */
const HTML_DROP = new Set([
  'script', 'noscript', 'template', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'param', 'portal',
  'fencedframe', 'noembed', 'noframes', 'plaintext', 'xmp', 'listing', 'textarea', 'select', 'option', 'optgroup',
  'datalist', 'input', 'button', 'form', 'audio', 'video', 'source', 'track', 'picture', 'canvas', 'map', 'area',
  'base', 'link', 'meta', 'title', 'head', 'math', 'dialog', 'slot', 'isindex', 'keygen', 'bgsound', 'marquee',
]);

const HTML_VOID = new Set(['br', 'col', 'hr', 'img', 'wbr']);

/** SVG elements kept (tag names as parse5 gives them, case-adjusted). */
const SVG_KEEP = new Set([
  'svg', 'g', 'path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon', 'text', 'tspan', 'title', 'desc',
  'defs', 'clipPath', 'mask', 'marker', 'linearGradient', 'radialGradient', 'stop', 'pattern', 'symbol', 'use',
  'style', 'image', 'a', 'metadata',
]);

/** Attributes allowed on any kept element (besides `aria-*` and `data-*`). */
const COMMON_ATTRS = new Set(['class', 'id', 'title', 'lang', 'dir', 'role', 'style', 'tabindex', 'hidden']);

const HTML_ATTRS = new Set([
  'alt', 'width', 'height', 'align', 'valign', 'colspan', 'rowspan', 'headers', 'scope', 'span', 'border',
  'cellpadding', 'cellspacing', 'summary', 'start', 'reversed', 'type', 'value', 'open', 'datetime', 'nowrap',
  'abbr', 'char', 'charoff', 'rules', 'frame', 'color', 'size', 'face', 'href', 'src',
]);

/** SVG attributes whose value is free text (not interpreted as CSS or a URL). */
const SVG_TEXT_ATTRS = new Set(['aria-label', 'aria-description', 'aria-roledescription', 'class', 'id', 'lang', 'role', 'title']);

/** SVG attributes allowed, checked as CSS-like values (letters, numbers, a few pure functions, `url(#id)`). */
const SVG_ATTRS = new Set([
  'x', 'y', 'x1', 'y1', 'x2', 'y2', 'cx', 'cy', 'r', 'rx', 'ry', 'fx', 'fy', 'fr', 'width', 'height', 'd', 'points',
  'pathLength', 'transform', 'viewBox', 'preserveAspectRatio', 'version', 'dx', 'dy', 'rotate', 'textLength',
  'lengthAdjust', 'fill', 'fill-opacity', 'fill-rule', 'stroke', 'stroke-width', 'stroke-opacity', 'stroke-dasharray',
  'stroke-dashoffset', 'stroke-linecap', 'stroke-linejoin', 'stroke-miterlimit', 'opacity', 'color', 'display',
  'visibility', 'overflow', 'font-family', 'font-size', 'font-weight', 'font-style', 'font-variant', 'font-stretch',
  'text-anchor', 'dominant-baseline', 'alignment-baseline', 'baseline-shift', 'letter-spacing', 'word-spacing',
  'text-decoration', 'white-space', 'writing-mode', 'clip-path', 'clip-rule', 'clipPathUnits', 'mask', 'maskUnits',
  'maskContentUnits', 'marker-start', 'marker-mid', 'marker-end', 'markerWidth', 'markerHeight', 'markerUnits',
  'refX', 'refY', 'orient', 'offset', 'stop-color', 'stop-opacity', 'gradientUnits', 'gradientTransform',
  'spreadMethod', 'patternUnits', 'patternContentUnits', 'patternTransform', 'paint-order', 'vector-effect',
  'shape-rendering', 'text-rendering', 'pointer-events', 'aria-hidden', 'tabindex', 'focusable',
]);

/** Functions an SVG attribute value may call. */
const SVG_FUNCS = new Set(['rgb', 'rgba', 'hsl', 'hsla', 'translate', 'rotate', 'scale', 'skewx', 'skewy', 'matrix', 'var', 'calc']);

const FRAGMENT = /^#[A-Za-z_][\w.:-]*$/;
const DATA_IMAGE = /^data:image\/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/]*={0,2}$/;

/** A fragment nested deeper than this is cut there (browsers flatten deeper trees; a stack must not overflow). */
const MAX_DEPTH = 256;

/** Ids an output may not take: the page's own anchors (`cell-3`, `out-3-1`, report sections `s2-…`). */
const RESERVED_ID = /^(?:cell-|out-|s\d)/;

function divContext(): Element {
  return defaultTreeAdapter.createElement('div', NS_HTML as Element['namespaceURI'], []);
}

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\u00a0/g, '&nbsp;');
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\u00a0/g, '&nbsp;');
}

function isElement(n: Node): n is Element {
  return 'tagName' in n;
}

/** An SVG attribute value that is read as CSS: safe when it names no resource and hides nothing in escapes. */
function safeSvgValue(name: string, value: string): boolean {
  if (/[\\<>&"'@]|\/\*/.test(value)) return false;
  if (/url\s*\(/i.test(value)) return /^\s*url\(\s*#[A-Za-z_][\w.:-]*\s*\)\s*$/.test(value) && /^(?:fill|stroke|clip-path|mask|marker-start|marker-mid|marker-end)$/.test(name);
  for (const m of value.matchAll(/([A-Za-z-]*)\s*\(/g)) if (!SVG_FUNCS.has(m[1]!.toLowerCase())) return false;
  return true;
}

interface Ctx {
  scope: string | undefined;
  out: string[];
}

function attrs(el: Element, svg: boolean): string {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const a of el.attrs) {
    const full = a.prefix ? `${a.prefix}:${a.name}` : a.name;
    let name = full;
    let value = a.value;
    if (full === 'xlink:href') name = 'href';
    else if (a.prefix || a.namespace) continue; // xml:space, xmlns, xmlns:*, any other namespaced attribute
    if (seen.has(name)) continue;
    if (name === 'style') {
      value = sanitizeStyleAttribute(value);
      if (value === '') continue;
    } else if (name === 'href') {
      const tag = el.tagName;
      const image = svg && tag === 'image';
      if (image ? !DATA_IMAGE.test(value.trim()) : !(FRAGMENT.test(value.trim()) && (tag === 'a' || tag === 'use'))) continue;
      value = value.trim();
    } else if (name === 'src') {
      if (svg || el.tagName !== 'img' || !DATA_IMAGE.test(value.trim())) continue;
      value = value.trim();
    } else if (name === 'id') {
      if (!/^[A-Za-z][\w.:-]*$/.test(value) || RESERVED_ID.test(value)) continue;
    } else if (name.startsWith('aria-') || name.startsWith('data-')) {
      if (!/^(?:aria|data)-[a-z0-9_.-]+$/.test(name)) continue;
    } else if (svg) {
      if (SVG_TEXT_ATTRS.has(name) || COMMON_ATTRS.has(name)) {
        /* free text */
      } else if (!SVG_ATTRS.has(name) || !safeSvgValue(name, value)) continue;
    } else if (!COMMON_ATTRS.has(name) && !HTML_ATTRS.has(name)) continue;
    seen.add(name);
    out.push(` ${name}="${escapeAttr(value)}"`);
  }
  return out.join('');
}

function walk(nodes: readonly Node[], parent: Element | undefined, depth: number, ctx: Ctx): void {
  for (const n of nodes) {
    if (n.nodeName === '#text') {
      ctx.out.push(escapeText((n as DefaultTreeAdapterMap['textNode']).value));
      continue;
    }
    if (!isElement(n)) continue; // comments, doctypes
    if (depth >= MAX_DEPTH) continue;
    const svg = n.namespaceURI === NS_SVG;
    const html = n.namespaceURI === NS_HTML;
    const tag = n.tagName;
    if (html) {
      if (HTML_DROP.has(tag)) continue;
      if (tag === 'style') {
        style(n, ctx);
        continue;
      }
      if (!HTML_KEEP.has(tag)) {
        walk(n.childNodes, parent, depth + 1, ctx); // unknown element: keep its content
        continue;
      }
      if (parent && parent.namespaceURI === NS_SVG) continue; // HTML inside SVG title/desc: text only
      ctx.out.push(`<${tag}${attrs(n, false)}>`);
      if (HTML_VOID.has(tag)) continue;
      if (tag === 'pre' && firstText(n).startsWith('\n')) ctx.out.push('\n'); // the parser eats one leading newline
      walk(n.childNodes, n, depth + 1, ctx);
      ctx.out.push(`</${tag}>`);
    } else if (svg) {
      if (!SVG_KEEP.has(tag)) continue;
      if (tag === 'style') {
        style(n, ctx);
        continue;
      }
      ctx.out.push(`<${tag}${attrs(n, true)}>`);
      if (tag === 'title' || tag === 'desc' || tag === 'metadata') {
        // HTML integration points: keep their text only.
        ctx.out.push(escapeText(n.childNodes.filter((c) => c.nodeName === '#text').map((c) => (c as DefaultTreeAdapterMap['textNode']).value).join('')));
      } else {
        walk(n.childNodes, n, depth + 1, ctx);
      }
      ctx.out.push(`</${tag}>`);
    }
    // MathML and any other namespace: removed with content.
  }
}

function firstText(el: Element): string {
  const c = el.childNodes[0];
  return c && c.nodeName === '#text' ? (c as DefaultTreeAdapterMap['textNode']).value : '';
}

function style(el: Element, ctx: Ctx): void {
  if (ctx.scope === undefined) return;
  const text = el.childNodes.filter((c) => c.nodeName === '#text').map((c) => (c as DefaultTreeAdapterMap['textNode']).value).join('');
  const css = sanitizeStylesheet(text, ctx.scope);
  // The CSS holds no '<' or '&': it reads the same as raw text (HTML) and as parsed text (SVG).
  if (css !== '') ctx.out.push(`<${el.tagName}>${css}</${el.tagName}>`);
}

function once(fragment: string, scope: string | undefined): string {
  const tree = parseFragment(divContext(), fragment, {});
  const ctx: Ctx = { scope, out: [] };
  walk(tree.childNodes, undefined, 0, ctx);
  return ctx.out.join('');
}

/**
 * Sanitize an HTML (or inline SVG) fragment for embedding inside a `<div>` of a scalelab page; returns the
 * fragment serialized. See the module comment for what is kept.
 *
 * @example
 * sanitizeHtml('<b onclick="x">bold</b><img src="https://e.org/a.png">'); // '<b>bold</b><img>'
 * sanitizeHtml('<style>p{color:red}</style><p>x</p>', { scope: '#out-1-1' }); // '<style>#out-1-1 p{color:red}</style><p>x</p>'
 */
export function sanitizeHtml(fragment: string, options: SanitizeOptions = {}): string {
  const scope = options.scope;
  if (scope !== undefined && !/^#[A-Za-z][\w-]*$/.test(scope)) throw new TypeError(`sanitizeHtml: scope must be an id selector like '#out-1', got '${scope}'`);
  // An SVG file's XML prologue and DOCTYPE (internal subset included) mean nothing inline; only a leading one is
  // removed here, everything else is left to the parser.
  const body = fragment.replace(/^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!DOCTYPE[^[>]*(?:\[[^\]]*\])?\s*>)?/i, '');
  const first = once(body, scope);
  // What the browser will build from our output must be what we checked: parse it again and compare.
  const second = once(first, scope);
  if (second === first) return first;
  return `<pre>${escapeText(fragment)}</pre>`;
}
