/**
 * The notebook output sanitizer, checked structurally: every hostile payload of ./hostile-payloads.ts, once
 * sanitized and parsed again by a spec-compliant parser (parse5, as a browser parses it), holds no script, no
 * handler, no frame or embedded object, no URL but in-page fragments and data:image, and no CSS that names a
 * resource or escapes its scope; and the result is a fixed point (sanitizing it again changes nothing).
 * The browser test (hostile-browser.test.ts) checks the same payloads live, with the CSP removed.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFragment, type DefaultTreeAdapterMap } from 'parse5';
import { describe, expect, it } from 'vitest';
import { sanitizeHtml, sanitizeStyleAttribute, sanitizeStylesheet } from '../../src/notebook/ipynb-sanitize.js';
import { PROJECT_ROOT } from '../../src/notebook/notebook-kernel.js';
import { PAYLOADS } from './hostile-payloads.js';

type El = DefaultTreeAdapterMap['element'];
type N = DefaultTreeAdapterMap['childNode'];

const SCOPE = '#out-1-1';

function elements(html: string): El[] {
  const out: El[] = [];
  const walk = (nodes: N[]) => {
    for (const n of nodes) {
      if ('tagName' in n) {
        out.push(n);
        walk(n.childNodes);
        if ('content' in n) walk((n as DefaultTreeAdapterMap['template']).content.childNodes);
      }
    }
  };
  walk(parseFragment(html).childNodes);
  return out;
}

/** Every structural property a safe output has; returns the violations. */
function violations(html: string): string[] {
  const bad: string[] = [];
  for (const el of elements(html)) {
    const tag = el.tagName.toLowerCase();
    if (/^(script|iframe|frame|object|embed|link|meta|base|form|input|button|foreignobject|animate|animatemotion|animatetransform|set|math|template|noscript|noembed|noframes|plaintext|xmp|video|audio|source|picture|textarea)$/.test(tag)) bad.push(`element ${tag}`);
    for (const a of el.attrs) {
      const name = (a.prefix ? a.prefix + ':' : '') + a.name;
      if (/^on/i.test(a.name)) bad.push(`${tag} ${name}`);
      if (/^(srcdoc|srcset|action|formaction|poster|background|ping|data|target)$/i.test(a.name)) bad.push(`${tag} ${name}`);
      if (/^(href|src)$/i.test(a.name) && !/^(#[\w.:-]+|data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=]*)$/.test(a.value)) bad.push(`${tag} ${name}=${a.value}`);
      if (/url\s*\(|image-set|expression|\\|@import/i.test(a.value) && !/^url\(#[\w.:-]+\)$/.test(a.value)) bad.push(`${tag} ${name}=${a.value}`);
      if (a.name === 'id' && /^(cell-|out-)/.test(a.value)) bad.push(`reserved id ${a.value}`);
    }
    if (tag === 'style') {
      const css = el.childNodes.map((c) => ('value' in c ? c.value : '<element>')).join('');
      if (/url\s*\(|image-set|expression|\\|@|<|&/i.test(css)) bad.push(`style ${css}`);
      for (const rule of css.split('\n')) {
        const selectors = rule.slice(0, rule.indexOf('{')).split(',');
        if (!selectors.every((s) => s.startsWith(SCOPE + ' '))) bad.push(`unscoped rule ${rule}`);
      }
    }
    if (tag === 'style' && el.childNodes.some((c) => 'tagName' in c)) bad.push('element inside style');
  }
  return bad;
}

describe('sanitizeHtml: hostile payloads', () => {
  it('has a corpus of at least 35 payloads', () => expect(PAYLOADS.length).toBeGreaterThanOrEqual(35));

  it.each(PAYLOADS.map((p) => [p.name, p] as const))('%s: nothing live survives, and sanitizing again changes nothing', (_name, p) => {
    const out = sanitizeHtml(p.value, { scope: SCOPE });
    expect(violations(out)).toEqual([]);
    expect(sanitizeHtml(out, { scope: SCOPE })).toBe(out);
    // Without a scope, style elements are removed.
    expect(elements(sanitizeHtml(p.value)).some((e) => e.tagName === 'style')).toBe(false);
  });

  it('leaves no attacker URL or javascript: anywhere outside escaped text', () => {
    for (const p of PAYLOADS) {
      const out = sanitizeHtml(p.value, { scope: SCOPE });
      for (const el of elements(out)) {
        for (const a of el.attrs) expect(a.value, `${p.name}: ${el.tagName} ${a.name}`).not.toMatch(/attacker\.invalid|javascript:/i);
        if (el.tagName === 'style') expect(el.childNodes.map((c) => ('value' in c ? c.value : '')).join('')).not.toMatch(/attacker/);
      }
    }
  });

  it('pins what the parser-state tricks leave: inert elements and escaped text', () => {
    const by = (n: string) => sanitizeHtml(PAYLOADS.find((p) => p.name === n)!.value, { scope: SCOPE });
    expect(by('noembed')).toBe('<img>"&gt;');
    expect(by('comment')).toBe('<img>--&gt;');
    expect(by('plaintext')).toBe('');
    expect(by('svg-onload-script')).toBe('<svg><rect width="5" height="5"></rect></svg>'); // prologue and DOCTYPE [subset] gone
    expect(by('svg-animate-href')).toBe('<svg width="100" height="30"><a><text x="5" y="20">click me</text></a></svg>');
    expect(by('css-page-wide')).toBe('<style>#out-1-1 body{display:none}\n#out-1-1 html{background:red}\n#out-1-1 h1,#out-1-1 details,#out-1-1 section{visibility:hidden}\n#out-1-1 *{color:red}</style><p>style</p>');
    expect(by('css-overlay')).not.toMatch(/position|z-index|(^|[;"])top:/);
  });
});

describe('sanitizeHtml: harmless rich outputs', () => {
  it('keeps a pandas-style table with its scoped style, and data:image PNGs', () => {
    const table = '<style scoped>.dataframe tbody tr th{vertical-align:top}</style><table border="1" class="dataframe"><thead><tr style="text-align: right;"><th></th><th>loss</th></tr></thead><tbody><tr><th>0</th><td>2.5</td></tr></tbody></table>';
    expect(sanitizeHtml(table, { scope: SCOPE })).toBe('<style>#out-1-1 .dataframe tbody tr th{vertical-align:top}</style><table border="1" class="dataframe"><thead><tr style="text-align:right"><th></th><th>loss</th></tr></thead><tbody><tr><th>0</th><td>2.5</td></tr></tbody></table>');
    const png = '<img alt="fig" src="data:image/png;base64,iVBORw0KGgo=">';
    expect(sanitizeHtml(png)).toBe(png);
  });

  it('keeps every element and attribute of the figures in the committed notebooks', () => {
    const dir = join(PROJECT_ROOT, 'notebooks');
    const nb = JSON.parse(readFileSync(join(dir, '02-scaling-laws.ipynb'), 'utf8')) as { cells: { outputs?: { data?: Record<string, string | string[]> }[] }[] };
    const svgs = nb.cells.flatMap((c) => c.outputs ?? []).map((o) => o.data?.['image/svg+xml']).flatMap((v) => (v === undefined ? [] : [Array.isArray(v) ? v.join('') : v]));
    expect(svgs.length).toBeGreaterThan(0);
    for (const svg of svgs) {
      const before = elements(svg);
      const after = elements(sanitizeHtml(svg, { scope: SCOPE }));
      expect(after.map((e) => e.tagName)).toEqual(before.map((e) => e.tagName));
      const attrs = (els: El[]) => els.map((e) => e.attrs.filter((a) => a.name !== 'xmlns' && !a.prefix).map((a) => `${a.name}=${a.value}`).join(' '));
      expect(attrs(after)).toEqual(attrs(before));
      // Plot's stylesheet is kept, scoped to the output.
      const style = after.find((e) => e.tagName === 'style');
      if (style) expect(style.childNodes.map((c) => ('value' in c ? c.value : '')).join('')).toMatch(/^#out-1-1 :where\(\.plot-[0-9a-f]+\)\{--plot-background:var\(--bg, ?white\);display:block;height:auto;height:intrinsic;max-width:100%\}/);
    }
  });
});

describe('CSS allow-list', () => {
  it('drops url(), image-set(), expression() and escapes in every spelling; keeps plain declarations', () => {
    expect(sanitizeStyleAttribute('color:red;background:url(https://e.example/x.png)')).toBe('color:red');
    expect(sanitizeStyleAttribute('background:URL( "https://e.example/x.png" )')).toBe('');
    expect(sanitizeStyleAttribute('background:\\75rl(https://e.example/x.png)')).toBe('');
    expect(sanitizeStyleAttribute('b\\61ckground:url(//e.example/x.png)')).toBe('');
    expect(sanitizeStyleAttribute('background-image:image-set("a.png" 1x)')).toBe('');
    expect(sanitizeStyleAttribute('width:expression(alert(1))')).toBe('');
    expect(sanitizeStyleAttribute('--x:url(//e.example/a);color:var(--x)')).toBe('color:var(--x)');
    expect(sanitizeStyleAttribute('position:fixed;top:0;z-index:9;color:rgb(1 2 3);margin:0 auto')).toBe('color:rgb(1 2 3);margin:0 auto');
    expect(sanitizeStyleAttribute('font-family:"</style><script>x</script>"')).toBe('');
  });

  it('scopes every rule, drops every at-rule, and refuses a bad scope', () => {
    expect(sanitizeStylesheet('@import "https://e.example/x.css"; @\\69mport "y"; @media screen{body{color:red}} a, b > c {color:red} :root{--fg:red}', '#out-2-1'))
      .toBe('#out-2-1 a,#out-2-1 b>c{color:red}\n#out-2-1 :root{--fg:red}');
    expect(sanitizeStylesheet('#out-2-1 p{color:red} #out-2-1 ~ p{color:red}', '#out-2-1')).toBe('#out-2-1 p{color:red}\n#out-2-1 #out-2-1~p{color:red}');
    expect(() => sanitizeStylesheet('a{}', 'body')).toThrow(/id selector/);
    expect(() => sanitizeHtml('<p>', { scope: '}' })).toThrow(/id selector/);
  });
});

describe('sanitizeHtml: any input (property)', () => {
  const piece = fc.constantFrom('<svg>', '</svg>', '<math>', '<mtext>', '<style>', '</style>', '<table>', '<td>', '<p>', '</p>', '<a href="#x">', '<img src=x onerror=alert(1)>', '<!--', '-->', '<noembed>', '</noembed>', '<template>', '"', "'", '<title>', '<select>', '<form>', '<mglyph>', '<![CDATA[', ']]>', 'a{color:red}', '<pre>\n\n', '<textarea>', '<plaintext>', '<foreignObject>', '<desc>', '<b>', '</b>', '<i>', '<li>', 'x');
  it('always gives a fixed point with no violation, and never leaks out of a <div>', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 25 }), (parts) => {
        const out = sanitizeHtml(parts.join(''), { scope: SCOPE });
        expect(violations(out)).toEqual([]);
        expect(sanitizeHtml(out, { scope: SCOPE })).toBe(out);
        // Embedded in a page, the output stays inside its container: the next sibling is still ours.
        const doc = elements(`<div id="box">${out}</div><p id="after">after</p>`);
        const after = doc.find((e) => e.attrs.some((a) => a.name === 'id' && a.value === 'after'))!;
        expect(after.parentNode && 'tagName' in after.parentNode ? after.parentNode.tagName : 'root').toBe('root');
      }),
      { numRuns: 400, seed: 9 },
    );
  });

  it('cuts nesting deeper than 256 levels instead of overflowing the stack', () => {
    const deep = '<div>'.repeat(100_000) + 'x';
    const out = sanitizeHtml(deep);
    expect(out.length).toBeLessThan(20_000);
    expect(sanitizeHtml(out)).toBe(out);
  });
});
