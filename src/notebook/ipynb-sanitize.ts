/**
 * Make HTML and SVG produced by notebook code safe to inline in a self-contained page: nothing executes and
 * nothing is fetched. Scripts, frames, embedded objects and elements that load media are removed; event
 * handler attributes (`on*`) are removed; URL attributes keep only in-page fragments (`#id`) and `data:image/…`
 * URLs; `url(…)` in CSS keeps only fragments and `data:image/…`; `@import` is removed; XML namespace
 * declarations are dropped (an HTML page gives inline `<svg>` its namespace itself).
 *
 * This is defence in depth: the page's Content-Security-Policy already blocks scripts and network requests.
 *
 * @example
 * sanitizeHtml('<svg onload="x()"><script>alert(1)</script><a href="https://e.org">e</a></svg>');
 * // '<svg><a>e</a></svg>'
 */
import { parseHTML } from 'linkedom';

/** Elements removed with their content. */
const DROP = new Set([
  'script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'link', 'meta', 'base', 'portal',
  'audio', 'video', 'source', 'track', 'noscript', 'template', 'form', 'input', 'button', 'textarea', 'select',
]);

/** Attributes whose value is a URL. */
const URL_ATTRS = new Set([
  'href', 'xlink:href', 'src', 'srcset', 'action', 'formaction', 'poster', 'background', 'data', 'cite',
  'longdesc', 'usemap', 'ping', 'lowsrc', 'dynsrc', 'codebase', 'manifest', 'icon',
]);

const SAFE_URL = /^\s*(?:#|data:image\/(?:png|jpeg|gif|webp|svg\+xml)[;,])/i;

/**
 * Sanitize an HTML (or inline SVG) fragment; returns the fragment serialized.
 *
 * @example
 * sanitizeHtml('<b onclick="x">bold</b><img src="https://e.org/a.png">'); // '<b>bold</b><img>'
 */
export function sanitizeHtml(fragment: string): string {
  // XML prologue and doctype (an SVG file's `<!DOCTYPE svg PUBLIC … "http://…">`) mean nothing inline.
  const text = fragment.replace(/<\?xml[^>]*\?>/gi, '').replace(/<!DOCTYPE[^>[]*(\[[^\]]*\])?[^>]*>/gi, '');
  const { document } = parseHTML('<!doctype html><html><head></head><body></body></html>');
  const root = document.createElement('div');
  root.innerHTML = text;
  clean(root);
  return root.innerHTML;
}

interface El {
  localName: string;
  attributes: ArrayLike<{ name: string; value: string }>;
  children: ArrayLike<El>;
  textContent: string | null;
  remove(): void;
  removeAttribute(name: string): void;
  setAttribute(name: string, value: string): void;
}

function clean(el: El): void {
  for (const child of Array.from(el.children)) {
    const name = child.localName.toLowerCase();
    if (DROP.has(name)) {
      child.remove();
      continue;
    }
    if (name === 'style') child.textContent = sanitizeCss(child.textContent ?? '');
    for (const a of Array.from(child.attributes)) {
      const n = a.name.toLowerCase();
      if (n.startsWith('on') || n === 'xmlns' || n.startsWith('xmlns:') || n === 'srcdoc') child.removeAttribute(a.name);
      else if (URL_ATTRS.has(n) && !SAFE_URL.test(a.value)) child.removeAttribute(a.name);
      else if (n === 'style') child.setAttribute(a.name, sanitizeCss(a.value));
      else if (/url\s*\(/i.test(a.value)) child.setAttribute(a.name, sanitizeCss(a.value));
    }
    clean(child);
  }
}

/**
 * Remove `@import` rules and every `url(…)` that is not a fragment or a `data:image/…` URL.
 *
 * @example
 * sanitizeCss('a{background:url(https://e.org/x.png)}'); // 'a{background:none}'
 */
export function sanitizeCss(css: string): string {
  return css
    .replace(/@import[^;]*;?/gi, '')
    .replace(/url\(\s*(['"]?)([^'")]*)\1\s*\)/gi, (m, _q: string, u: string) => (SAFE_URL.test(u) ? m : 'none'));
}
