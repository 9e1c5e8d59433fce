/**
 * Expanding what the user names (files, folders, globs) into paths, in a stable order.
 *
 * Globs: `*` and `?` within a path segment, `**` across segments, `{a,b}` alternatives. Hidden entries (names
 * starting with '.') are not walked into unless named.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';

/** Whether a string contains glob syntax. */
export function isGlob(s: string): boolean {
  return /[*?{]/.test(s);
}

/**
 * A glob as a RegExp over '/'-separated paths.
 *
 * @example
 * globToRegExp('runs/*\/seed?.log').test('runs/a/seed1.log'); // true
 */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        i++;
        if (glob[i + 1] === '/') { i++; re += '(?:.*/)?'; } else re += '.*';
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      const end = glob.indexOf('}', i);
      if (end < 0) { re += '\\{'; continue; }
      re += '(?:' + glob.slice(i + 1, end).split(',').map(escapeRe).join('|') + ')';
      i = end;
    } else re += escapeRe(c);
  }
  return new RegExp('^' + re + '$');
}

/** Escape a string for use inside a RegExp. */
export function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** The non-glob leading folder of a glob ('.' when the glob starts with a wildcard). */
export function globBase(glob: string): string {
  const parts = glob.split('/');
  const fixed: string[] = [];
  for (const p of parts.slice(0, -1)) {
    if (isGlob(p)) break;
    fixed.push(p);
  }
  if (fixed.length === parts.length - 1 && !isGlob(parts[parts.length - 1]!)) return parts.slice(0, -1).join('/') || '.';
  return fixed.length === 0 ? (glob.startsWith('/') ? '/' : '.') : fixed.join('/') || '/';
}

/**
 * Paths (files and folders) matching a glob, sorted. Walks from the glob's base folder.
 *
 * @example
 * expandGlob('data/ablation/*\/*.csv'); // ['data/ablation/base/s1.csv', ...]
 */
export function expandGlob(glob: string): string[] {
  const g = glob.split(sep).join('/');
  const base = globBase(g);
  const re = globToRegExp(g);
  const deep = g.includes('**');
  const maxDepth = deep ? Infinity : g.split('/').length - (base === '.' ? 0 : base.split('/').length);
  const out: string[] = [];
  const walk = (dir: string, depth: number) => {
    if (depth > maxDepth) return;
    let entries: string[];
    try {
      entries = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const name of entries) {
      if (name.startsWith('.')) continue;
      const p = dir === '.' ? name : dir === '/' ? '/' + name : `${dir}/${name}`;
      let isDir = false;
      try {
        isDir = statSync(p).isDirectory();
      } catch {
        // A dangling link or a link loop that matches is kept: load() reports it by name instead of dropping it.
        if (re.test(p)) out.push(p);
        continue;
      }
      if (re.test(p)) out.push(p);
      if (isDir) walk(p, depth + 1);
    }
  };
  walk(base, 1);
  return out;
}

/** Files and folders directly inside `dir`, sorted, hidden ones left out. */
export function listDir(dir: string): { name: string; path: string; isDirectory: boolean }[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => !e.name.startsWith('.'))
    .map((e) => {
      const path = join(dir, e.name);
      let isDirectory = e.isDirectory();
      if (e.isSymbolicLink()) {
        try { isDirectory = statSync(path).isDirectory(); } catch { /* dangling link: treat as file */ }
      }
      return { name: e.name, path, isDirectory };
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
