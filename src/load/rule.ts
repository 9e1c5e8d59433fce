/**
 * Naming rules: take variant, seed and other config values from a run's path.
 *
 * @example
 * const match = compileRule('{variant}/seed{seed}.txt');
 * match('logs/baseline/seed3.txt'); // { variant: 'baseline', seed: 3 }
 */
import { InputError } from '../errors.js';
import type { Config } from '../runs/types.js';
import { escapeRe } from './paths.js';
import type { NamingRule, RuleMatch } from './types.js';

/** Compile a rule (pattern or function) into a function from path to match (undefined when it does not apply). */
export function compileRule(rule: NamingRule): (path: string) => RuleMatch | undefined {
  if (typeof rule === 'function') return (p) => rule(p.split('\\').join('/'));
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
    const m = regex.exec(path.split('\\').join('/'));
    if (!m?.groups) return undefined;
    const out: RuleMatch = {};
    const config: Config = {};
    for (const name of names) {
      const raw = m.groups[name]!;
      const value = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(raw) ? Number(raw) : raw;
      if (name === 'variant') out.variant = raw;
      else if (name === 'seed') out.seed = value;
      else config[name] = value;
    }
    if (Object.keys(config).length) out.config = config;
    return out;
  };
}
