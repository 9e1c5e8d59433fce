import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, escapeHtml, renderPage } from '../../src/report/html.js';
import { ReportError } from '../../src/errors.js';

describe('escapeHtml', () => {
  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<script>alert("x")&'</script>`)).toBe('&lt;script&gt;alert(&quot;x&quot;)&amp;&#39;&lt;/script&gt;');
    expect(escapeHtml(42)).toBe('42');
  });
});

describe('renderPage', () => {
  it('emits a strict CSP, escapes the title, one element per line, trailing newline', () => {
    const html = renderPage({ title: '<script>alert(1)</script>', body: ['<h1>x</h1>', '<p>y</p>'] });
    expect(html.startsWith('<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n')).toBe(true);
    expect(html).toContain(`content="${CONTENT_SECURITY_POLICY.replace(/'/g, '&#39;')}"`);
    expect(CONTENT_SECURITY_POLICY).toMatch(/default-src 'none'/);
    expect(html).toContain('<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>');
    expect(html).not.toContain('<script');
    expect(html).toContain('\n<h1>x</h1>\n<p>y</p>\n</body>\n</html>\n');
    expect(html).toContain('prefers-color-scheme:dark');
    expect(html).not.toMatch(/https?:\/\//);
  });
  it('is byte-identical for identical input', () => {
    const a = renderPage({ title: 't', body: 'b', generator: 'scalelab 0.1.0', description: 'd' });
    expect(renderPage({ title: 't', body: 'b', generator: 'scalelab 0.1.0', description: 'd' })).toBe(a);
  });
  it('refuses css that would close the style element', () => {
    expect(() => renderPage({ title: 't', body: [], css: 'a{}</style><script>' })).toThrow(ReportError);
  });
});
