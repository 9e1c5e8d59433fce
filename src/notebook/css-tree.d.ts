/**
 * The part of css-tree 3 (which ships no types) that src/notebook/css-sanitize.ts uses: parse CSS as the CSS
 * Syntax spec tokenises it, walk the tree, and print nodes back.
 */
declare module 'css-tree' {
  export interface CssList<T> {
    toArray(): T[];
  }
  export interface CssNode {
    type: string;
    name?: string;
    property?: string;
    important?: boolean | string;
    value?: CssNode | string;
    prelude?: CssNode | null;
    block?: CssNode | null;
    children?: CssList<CssNode> | null;
  }
  export interface ParseOptions {
    context?: 'stylesheet' | 'declarationList' | 'value' | 'selectorList';
    parseValue?: boolean;
    parseRulePrelude?: boolean;
    parseAtrulePrelude?: boolean;
    parseCustomProperty?: boolean;
    onParseError?: (error: Error) => void;
  }
  export function parse(text: string, options?: ParseOptions): CssNode;
  export function generate(node: CssNode): string;
  export function walk(node: CssNode, visit: (node: CssNode) => void): void;
}
