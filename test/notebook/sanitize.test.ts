import { describe, expect, it } from 'vitest';
import { sanitizeCss, sanitizeHtml } from '../../src/notebook/ipynb-sanitize.js';

describe('sanitizeHtml', () => {
  it('removes scripts, frames, event handlers and network URLs, keeps the drawing', () => {
    const svg = '<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">' +
      '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10" onload="steal()">' +
      '<script>alert(1)</script><a xlink:href="https://evil.example/x"><circle r="4" onmouseover="x()"/></a>' +
      '<image href="http://evil.example/a.png"/><use href="#dot"/><foreignObject><iframe src="https://e.example"></iframe></foreignObject></svg>';
    const out = sanitizeHtml(svg);
    expect(out).not.toMatch(/script|onload|onmouseover|iframe|https?:|xmlns|DOCTYPE|<\?xml/i);
    expect(out).toContain('viewBox="0 0 10 10"');
    expect(out).toContain('<circle r="4"');
    expect(out).toContain('href="#dot"');
  });

  it('keeps data:image URLs and removes javascript: URLs', () => {
    const out = sanitizeHtml('<img src="data:image/png;base64,AAAA"><a href="javascript:alert(1)">x</a><img src="//cdn.example/a.png">');
    expect(out).toBe('<img src="data:image/png;base64,AAAA"><a>x</a><img>');
  });

  it('cleans CSS: @import and external url() go, fragments stay', () => {
    expect(sanitizeCss('@import url(https://f.example/a.css); a{background:url("https://x.example/i.png")} b{fill:url(#grad)}'))
      .toBe(' a{background:none} b{fill:url(#grad)}');
    expect(sanitizeHtml('<p style="background:url(http://x.example/a.png);color:red">t</p>')).toBe('<p style="background:none;color:red">t</p>');
    expect(sanitizeHtml('<svg><style>@import "https://f.example/x.css"; .a{fill:red}</style></svg>')).toBe('<svg><style> .a{fill:red}</style></svg>');
  });
});
