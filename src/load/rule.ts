/**
 * Naming rules: take variant, seed and other config values from a run's path.
 *
 * @example
 * const match = compileRule('{variant}/seed{seed}.txt');
 * match('logs/baseline/seed3.txt'); // { variant: 'baseline', seed: 3 }
 */
import { sep } from 'node:path';
import { InputError } from '../errors.js';
import type { Config } from '../runs/types.js';
import { escapeRe } from './paths.js';
import type { NamingRule, RuleMatch } from './types.js';

/**
 * A path with '/' separators. Only where '\\' IS the separator (Windows): on POSIX a backslash is an ordinary
 * character of a file or folder name, and turning it into '/' would split one name in two (corrupting run id and
 * variant).
 *
 * @example
 * slashPath('runs/a\\b/seed1.log'); // unchanged on Linux; 'runs/a/b/seed1.log' on Windows
 */
export function slashPath(p: string, separator: string = sep): string {
  return separator === '\\' ? p.split('\\').join('/') : p;
}

/**
 * A seed as a path or a table gives it: a number when the text is a number written canonically (`3`, `42`),
 * else the text itself, so that seeds `01` and `1` stay two seeds instead of merging into seed 1.
 *
 * @example
 * seedValue('3');  // 3
 * seedValue('01'); // '01'
 */
export function seedValue(raw: string): string | number {
  const t = raw.trim();
  if (!/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(t)) return raw;
  const n = Number(t);
  return Number.isFinite(n) && String(n) === t ? n : raw;
}

/** Compile a rule (pattern or function) into a function from path to match (undefined when it does not apply). */
export function compileRule(rule: NamingRule): (path: string) => RuleMatch | undefined {
  if (typeof rule === 'function') return (p) => rule(slashPath(p));
  const names: string[] = [];
  let re = '';
  for (let i = 0; i < rule.length; i++) {
    const c = rule[i]!;
    if (c === '{') {
      const end = rule.indexOf('}', i);
      const name = end > i ? rule.slice(i + 1, end) : '';
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new InputError(`naming rule '${rule}': '{${name}' is not a {name} placeholder`);
      if (names.includes(name)) throw new InputError(`naming rule '${rule}': {${name}} appears twice`);
      names.push(name);
      re += `(?<${name}>[^/]+?)`;
      i = end;
    } else if (c === '*') {
      if (rule[i + 1] === '*') { i++; re += '.*'; } else re += '[^/]*';
    } else re += escapeRe(c);
  }
  if (names.length === 0) throw new InputError(`naming rule '${rule}' has no {variant}, {seed} or other {name} placeholder`);
  const regex = new RegExp('(?:^|/)' + re + '$');
  return (path: string) => {
    const m = regex.exec(slashPath(path));
    if (!m?.groups) return undefined;
    const out: RuleMatch = {};
    const config: Config = {};
    for (const name of names) {
      const raw = m.groups[name]!;
      const value = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(raw) ? Number(raw) : raw;
      if (name === 'variant') out.variant = raw;
      else if (name === 'seed') out.seed = seedValue(raw);
      else config[name] = value;
    }
    if (Object.keys(config).length) out.config = config;
    return out;
  };
}
