/**
 * Finding event files: which names are TensorBoard event files, how the files of one run directory are ordered,
 * and which directories of a logdir are runs.
 *
 * @example
 * isEventFileName('events.out.tfevents.1585499054.host.11684.5.v2'); // true
 * runDirs('logs/'); // [{ dir: 'logs/a', rel: 'a', files: [...] }, ...]
 */
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Whether a file name is a TensorBoard event file (TensorBoard's own rule: the name contains "tfevents").
 *
 * @example
 * isEventFileName('events.out.tfevents.1700000000.host'); // true
 */
export function isEventFileName(name: string): boolean {
  return name.includes('tfevents');
}

/**
 * The timestamp in an event file name (`events.out.tfevents.<seconds>.<host>...`), or +Infinity when absent.
 *
 * @example
 * eventFileTimestamp('events.out.tfevents.1585499054.host.1.v2'); // 1585499054
 */
export function eventFileTimestamp(name: string): number {
  const m = /tfevents\.(\d+)/.exec(name);
  return m ? Number(m[1]) : Infinity;
}

/**
 * Event file names in load order: by the timestamp in the name, then by name.
 *
 * @example
 * orderEventFiles(['events.out.tfevents.20.h', 'events.out.tfevents.3.h']); // ['...3.h', '...20.h']
 */
export function orderEventFiles(names: readonly string[]): string[] {
  return [...names].sort((a, b) => {
    const ta = eventFileTimestamp(a);
    const tb = eventFileTimestamp(b);
    if (ta !== tb) return ta < tb ? -1 : 1;
    return a < b ? -1 : a > b ? 1 : 0;
  });
}

/** A directory of a logdir that holds event files: one run. */
export interface RunDir {
  /** Path of the directory. */
  dir: string;
  /** Path relative to the logdir ('' for the logdir itself), '/'-separated. */
  rel: string;
  /** Event file paths, in load order. */
  files: string[];
}

/**
 * Every directory under (and including) `logdir` that contains event files, depth first in name order. Hidden
 * entries are skipped; symbolic-link cycles are followed once.
 *
 * @example
 * runDirs('logs').map((r) => r.rel); // ['', 'eval', 'train']
 */
export function runDirs(logdir: string): RunDir[] {
  const out: RunDir[] = [];
  const seen = new Set<string>();
  const walk = (dir: string, rel: string) => {
    let real: string;
    try {
      real = realpathSync(dir);
    } catch {
      return;
    }
    if (seen.has(real)) return;
    seen.add(real);
    let names: string[];
    try {
      names = readdirSync(dir).filter((n) => !n.startsWith('.')).sort();
    } catch {
      return; // unreadable: load()'s folder walk reports it
    }
    const files: string[] = [];
    const subdirs: string[] = [];
    for (const name of names) {
      const p = join(dir, name);
      let st;
      try {
        st = statSync(p);
      } catch {
        continue; // dangling link or loop: load()'s folder walk reports it
      }
      if (st.isDirectory()) subdirs.push(name);
      else if (st.isFile() && isEventFileName(name)) files.push(name); // never a FIFO or device: opening one blocks
    }
    if (files.length) out.push({ dir, rel, files: orderEventFiles(files).map((f) => join(dir, f)) });
    for (const s of subdirs) walk(join(dir, s), rel ? `${rel}/${s}` : s);
  };
  walk(logdir, '');
  return out;
}
