/**
 * Allow-list CSS sanitizer for styles that come from notebook outputs (`style` attributes and `<style>`
 * elements). CSS is parsed by css-tree, which tokenises as the CSS Syntax spec (and so the browser) does;
 * then only what is known to be inert is printed back:
 *  - declarations whose property is on an allow-list (custom properties `--x` included) and whose value is made
 *    only of identifiers, numbers, dimensions, percentages, colours, plain strings, operators and a few pure
 *    functions (`rgb()`, `calc()`, `var()`, `translate()`, …): no `url()`, `image-set()`, `image()`,
 *    `expression()`, `element()` or any other function, in any escaped form (a value holding a backslash is
 *    refused outright, since CSS escapes are how such names hide);
 *  - rules of a stylesheet, each selector prefixed by a scope selector (the output's own container) so that a
 *    `<style>` element from an output can only style that output; every at-rule (`@import`, `@font-face`,
 *    `@media`, `@namespace`, …) is dropped;
 *  - never a `<`, `&` or backslash in what is printed, so the text means the same inside an HTML `<style>`
 *    (raw text) and an SVG `<style>` (parsed markup) and cannot end the element early.
 *
 * @example
 * sanitizeStyleAttribute('color:red; background:url(https://e.example/x.png)'); // 'color:red'
 * sanitizeStylesheet('body{display:none} .a{fill:red}', '#out-1-1'); // '#out-1-1 body{display:none}\n#out-1-1 .a{fill:red}'
 */
import { generate, parse, type CssNode } from 'css-tree';

/** Properties an output may set (lower case). Positioning (`position`, `top`, `z-index`, …) is not among them. */
const PROPERTIES = new Set([
  'color', 'background-color', 'background', 'opacity', 'visibility', 'display',
  'font', 'font-family', 'font-size', 'font-style', 'font-weight', 'font-variant', 'font-variant-numeric', 'font-stretch',
  'line-height', 'letter-spacing', 'word-spacing', 'text-align', 'text-decoration', 'text-decoration-line',
  'text-decoration-color', 'text-decoration-style', 'text-transform', 'text-indent', 'text-overflow', 'white-space',
  'word-break', 'overflow-wrap', 'word-wrap', 'vertical-align', 'direction', 'unicode-bidi', 'tab-size', 'hyphens',
  'width', 'height', 'min-width', 'min-height', 'max-width', 'max-height', 'box-sizing', 'aspect-ratio',
  'margin', 'margin-top', 'margin-right', 'margin-bottom', 'margin-left',
  'padding', 'padding-top', 'padding-right', 'padding-bottom', 'padding-left',
  'border', 'border-top', 'border-right', 'border-bottom', 'border-left', 'border-width', 'border-style', 'border-color',
  'border-top-width', 'border-right-width', 'border-bottom-width', 'border-left-width',
  'border-top-style', 'border-right-style', 'border-bottom-style', 'border-left-style',
  'border-top-color', 'border-right-color', 'border-bottom-color', 'border-left-color',
  'border-radius', 'border-collapse', 'border-spacing', 'outline', 'outline-color', 'outline-style', 'outline-width',
  'table-layout', 'caption-side', 'empty-cells', 'list-style-type', 'list-style-position',
  'overflow', 'overflow-x', 'overflow-y', 'float', 'clear',
  'flex', 'flex-direction', 'flex-wrap', 'flex-grow', 'flex-shrink', 'flex-basis', 'justify-content', 'align-items',
  'align-self', 'align-content', 'gap', 'row-gap', 'column-gap', 'order',
  'grid-template-columns', 'grid-template-rows', 'grid-column', 'grid-row', 'grid-auto-flow',
  'fill', 'fill-opacity', 'fill-rule', 'stroke', 'stroke-width', 'stroke-opacity', 'stroke-dasharray', 'stroke-dashoffset',
  'stroke-linecap', 'stroke-linejoin', 'stroke-miterlimit', 'text-anchor', 'dominant-baseline', 'alignment-baseline',
  'baseline-shift', 'paint-order', 'vector-effect', 'shape-rendering', 'text-rendering', 'stop-color', 'stop-opacity',
  'transform', 'transform-origin', 'color-scheme',
]);

/** Functions a value may call: pure computations, nothing that names a resource. */
const FUNCTIONS = new Set([
  'rgb', 'rgba', 'hsl', 'hsla', 'hwb', 'lab', 'lch', 'oklab', 'oklch', 'color-mix', 'light-dark',
  'calc', 'min', 'max', 'clamp', 'var', 'minmax', 'repeat', 'fit-content',
  'translate', 'translatex', 'translatey', 'rotate', 'scale', 'scalex', 'scaley', 'skew', 'skewx', 'skewy', 'matrix',
]);

/** Node types a value may contain. */
const VALUE_NODES = new Set(['Value', 'Identifier', 'Number', 'Dimension', 'Percentage', 'Hash', 'String', 'Operator', 'Function', 'Parentheses']);

/** Characters never printed: they could end a `<style>` element, be decoded differently in SVG, or hide names. */
const UNSAFE_TEXT = /[<&\\]|\/\*|@/;

function children(node: CssNode | null | undefined): CssNode[] {
  return node?.children ? node.children.toArray() : [];
}

function safeValue(node: CssNode): boolean {
  if (!VALUE_NODES.has(node.type)) return false;
  if (node.type === 'Function' && !FUNCTIONS.has((node.name ?? '').toLowerCase())) return false;
  if (node.type === 'Identifier' && /^(?:expression|javascript)/i.test(node.name ?? '')) return false;
  return children(node).every(safeValue);
}

/** One declaration as `prop:value`, or undefined when it is not allowed. */
function declaration(node: CssNode): string | undefined {
  if (node.type !== 'Declaration' || typeof node.property !== 'string') return undefined;
  const prop = node.property.toLowerCase();
  const custom = /^--[A-Za-z0-9_-]+$/.test(node.property);
  if (!custom && !PROPERTIES.has(prop)) return undefined;
  const raw = node.value && typeof node.value === 'object' ? generate(node.value) : '';
  if (raw.trim() === '' || UNSAFE_TEXT.test(raw)) return undefined;
  // Re-parse the printed value as a value (custom properties arrive unparsed) and check every node of it.
  let value: CssNode;
  try {
    value = parse(raw, { context: 'value', parseCustomProperty: true, onParseError: () => { throw new Error('bad value'); } });
  } catch {
    return undefined;
  }
  if (!safeValue(value)) return undefined;
  const text = generate(value);
  if (UNSAFE_TEXT.test(text)) return undefined;
  return `${custom ? node.property : prop}:${text}`;
}

/**
 * Sanitize the value of a `style` attribute: the allowed declarations, joined by `;` (empty when none is).
 *
 * @example
 * sanitizeStyleAttribute('color:red;position:fixed;top:0'); // 'color:red'
 * sanitizeStyleAttribute('background:u\\72l(//e.example/x)'); // ''
 */
export function sanitizeStyleAttribute(value: string): string {
  if (value.length > 100_000) return '';
  let ast: CssNode;
  try {
    ast = parse(value, { context: 'declarationList', parseValue: true });
  } catch {
    return '';
  }
  return children(ast).map(declaration).filter((d): d is string => d !== undefined).join(';');
}

/**
 * Sanitize a stylesheet (the text of a `<style>` element) so that it can only style the elements inside
 * `scope`: every selector is prefixed with `scope` and a space, every at-rule is dropped, and every declaration
 * passes the allow-list of {@link sanitizeStyleAttribute}. Returns one rule a line, '' when nothing is left.
 *
 * @example
 * sanitizeStylesheet('@import "https://e.example/x.css"; :where(.plot) { display: block }', '#out-2-1');
 * // '#out-2-1 :where(.plot){display:block}'
 */
export function sanitizeStylesheet(css: string, scope: string): string {
  if (!/^#[A-Za-z][\w-]*$/.test(scope)) throw new TypeError(`sanitizeStylesheet: scope must be an id selector like '#out-1', got '${scope}'`);
  if (css.length > 1_000_000) return '';
  let ast: CssNode;
  try {
    ast = parse(css, { context: 'stylesheet', parseValue: true, parseRulePrelude: true, parseCustomProperty: false });
  } catch {
    return '';
  }
  const rules: string[] = [];
  for (const rule of children(ast)) {
    if (rule.type !== 'Rule' || !rule.prelude || rule.prelude.type !== 'SelectorList') continue;
    const selectors = children(rule.prelude)
      .filter((s) => s.type === 'Selector')
      .map((s) => generate(s))
      .filter((s) => s.trim() !== '' && !UNSAFE_TEXT.test(s) && !/[{};]/.test(s));
    if (selectors.length === 0) continue;
    const decls = children(rule.block).map(declaration).filter((d): d is string => d !== undefined);
    if (decls.length === 0) continue;
    // A selector already inside the scope (`#out-1 p`, as this function prints it) is kept as it is, so that
    // sanitizing twice gives the same text; any other selector gets the prefix.
    const inside = new RegExp(`^${scope} (?![\\s>~+|])`);
    rules.push(`${selectors.map((s) => (inside.test(s) ? s : `${scope} ${s}`)).join(',')}{${decls.join(';')}}`);
  }
  return rules.join('\n');
}
