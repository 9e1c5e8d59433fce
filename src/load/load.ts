/**
 * load(): files, folders and globs into one RunSet.
 *
 * For each path: a folder that a folder format recognises (an MLflow `mlruns/`, a TensorBoard logdir) is loaded
 * whole; any other folder is walked; each file's format is detected from its name and first 64 KiB (or forced with
 * `format`); a text file that nothing recognises there is read on, 1 MiB at a time up to 8 MiB (long preambles). Run ids are the paths relative to the named folder (or the file's stem), so a sweep laid out as
 * `runs/<variant>/<seed>.log` gets ids like `baseline/3`. The user's files are only read.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { basename, extname, relative } from 'node:path';
import { FormatError, LoadError, ScalelabError } from '../errors.js';
import { RunSetBuilder } from '../runs/builder.js';
import type { RunSet } from '../runs/runset.js';
import { formatByName, formats } from './registry.js';
import { compileRule } from './rule.js';
import { expandGlob, globBase, isGlob, listDir } from './paths.js';
import type { FormatLoader, LoadContext, LoadOptions, Probe, RuleMatch, RunStart } from './types.js';

const HEAD_BYTES = 64 * 1024;
/** How far into an unrecognised text file detection reads, in windows of {@link SCAN_WINDOW} bytes. */
const SCAN_LIMIT = 8 * 1024 * 1024;
const SCAN_WINDOW = 1024 * 1024;

/** A unit of work: a path, the loader that takes it, and the folder its run ids are relative to. */
interface Job {
  path: string;
  base: string;
  loader: FormatLoader;
}

/**
 * Load runs from files, folders or globs.
 *
 * @example
 * const rs = await load('data/ablation', { rule: '{variant}/seed{seed}.jsonl' });
 * const tb = await load('logs/events.out.tfevents.123.host', { format: 'tensorboard' });
 */
export async function load(paths: string | readonly string[], options: LoadOptions = {}): Promise<RunSet> {
  const list = typeof paths === 'string' ? [paths] : [...paths];
  if (list.length === 0) throw new FormatError('nothing to load', '(no paths)', formats().map((f) => f.name));
  const forced = options.format !== undefined ? formatByName(options.format) : undefined;
  if (options.format !== undefined && !forced) {
    throw new FormatError(`unknown format '${options.format}'`, list[0]!, formats().map((f) => f.name));
  }
  const jobs: Job[] = [];
  const unrecognised: string[] = [];
  for (const p of list) planPath(p, forced, jobs, unrecognised);
  if (jobs.length === 0) {
    throw new FormatError(
      unrecognised.length ? `no file in a recognised format (looked at ${unrecognised.length}: ${unrecognised.slice(0, 5).join(', ')}${unrecognised.length > 5 ? ', ...' : ''})` : 'no files found',
      list.join(' '),
      formats().map((f) => f.name),
    );
  }

  const builder = new RunSetBuilder();
  const rule = options.rule !== undefined ? compileRule(options.rule) : undefined;
  if (unrecognised.length) {
    builder.warn({ file: list.join(' '), message: `skipped ${unrecognised.length} file(s) in no recognised format: ${unrecognised.join(', ')}` });
  }
  for (let i = 0; i < jobs.length; i++) {
    const job = jobs[i]!;
    options.onFile?.(job.path, i, jobs.length);
    const ctx = makeContext(job, builder, options, rule);
    try {
      await job.loader.load(ctx);
    } catch (e) {
      if (e instanceof ScalelabError) throw e;
      const err = e as NodeJS.ErrnoException;
      if (err.code === 'ENOENT' || err.code === 'EACCES' || err.code === 'EISDIR') throw new LoadError(err.message, { file: job.path });
      throw e;
    }
  }
  return builder.build();
}

/** Decide what loads `p`, appending jobs (or recording files no format recognised, when found by walking). */
function planPath(p: string, forced: FormatLoader | undefined, jobs: Job[], unrecognised: string[]): void {
  if (isGlob(p) && !exists(p)) {
    const matches = expandGlob(p);
    if (matches.length === 0) throw new LoadError('no file matches this pattern', { file: p });
    const base = globBase(p);
    for (const m of matches) {
      // A folder matched by the glob is loaded whole only if nothing inside it also matched.
      if (isDir(m) && matches.some((o) => o !== m && o.startsWith(m + '/'))) continue;
      planOne(m, base, forced, jobs, unrecognised, false);
    }
    return;
  }
  if (!exists(p)) throw new LoadError('no such file or folder', { file: p });
  planOne(p, isDir(p) ? p : dirOf(p), forced, jobs, unrecognised, true);
}

function planOne(p: string, base: string, forced: FormatLoader | undefined, jobs: Job[], unrecognised: string[], named: boolean): void {
  const probe = makeProbe(p);
  if (probe.isDirectory) {
    const folderLoader = forced?.folder ? forced : forced ? undefined : detect(probe, true);
    if (folderLoader) {
      jobs.push({ path: p, base: base === p ? dirOf(p) : base, loader: folderLoader });
      return;
    }
    for (const e of listDir(p)) planOne(e.path, base, forced, jobs, unrecognised, false);
    return;
  }
  if (forced && !forced.folder) {
    jobs.push({ path: p, base, loader: forced });
    return;
  }
  const loader = detect(probe, false) ?? detectFurther(probe);
  if (loader) jobs.push({ path: p, base, loader });
  else if (named) {
    throw new FormatError('could not recognise the format of this file (use --format to name it)', p, formats().map((f) => f.name));
  } else unrecognised.push(p);
}

/** The best loader for a probe, or undefined when none is confident at all. */
export function detect(probe: Probe, folders: boolean): FormatLoader | undefined {
  let best: FormatLoader | undefined;
  let bestScore = 0;
  for (const f of formats()) {
    if (Boolean(f.folder) !== folders) continue;
    const s = f.detect(probe);
    if (s > bestScore) {
      best = f;
      bestScore = s;
    }
  }
  return best;
}

/**
 * For a text file that nothing recognised from its first 64 KiB: read on, window by window (1 MiB, streaming, up to
 * 8 MiB), and detect on each window as if it were the head. Training logs can print a long preamble (Megatron's
 * arguments dump, pipeline-parallel model summaries) before their first metric line. Files that were recognised,
 * are no longer than the head, or look binary (a NUL byte in the head) are not read further, so detection of
 * ordinary files costs nothing more.
 *
 * @example
 * const loader = detect(probe, false) ?? detectFurther(probe);
 */
export function detectFurther(probe: Probe): FormatLoader | undefined {
  if (probe.isDirectory || probe.head.length < HEAD_BYTES || probe.head.indexOf(0) >= 0) return undefined;
  const fd = openSync(probe.path, 'r');
  try {
    const buf = Buffer.alloc(SCAN_WINDOW);
    // start each window at the beginning of a line: the line cut at the end of the previous window is read again
    let lastNl = probe.head.lastIndexOf(10);
    let pos = lastNl >= 0 ? lastNl + 1 : probe.head.length;
    while (pos < SCAN_LIMIT) {
      const n = readSync(fd, buf, 0, Math.min(SCAN_WINDOW, SCAN_LIMIT - pos + SCAN_WINDOW), pos);
      if (n <= 0) return undefined;
      const view = buf.subarray(0, n);
      if (view.indexOf(0) >= 0) return undefined;
      lastNl = view.lastIndexOf(10);
      const end = lastNl >= 0 && n === SCAN_WINDOW ? lastNl + 1 : n;
      const win = view.subarray(0, end);
      const found = detect({ ...probe, head: win, headText: win.toString('utf8') }, false);
      if (found) return found;
      if (n < SCAN_WINDOW) return undefined;
      pos += end;
    }
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** Read what detection needs: name, kind, first bytes, folder entries. */
export function makeProbe(path: string): Probe {
  const isDirectory = isDir(path);
  let head = new Uint8Array(0);
  let entries: string[] = [];
  if (isDirectory) entries = listDir(path).map((e) => e.name);
  else {
    const fd = openSync(path, 'r');
    try {
      const buf = Buffer.alloc(HEAD_BYTES);
      const n = readSync(fd, buf, 0, HEAD_BYTES, 0);
      head = buf.subarray(0, n);
    } finally {
      closeSync(fd);
    }
  }
  return { path, name: basename(path), isDirectory, head, headText: Buffer.from(head.buffer, head.byteOffset, head.byteLength).toString('utf8'), entries };
}

function makeContext(job: Job, builder: RunSetBuilder, options: LoadOptions, rule: ((p: string) => RuleMatch | undefined) | undefined): LoadContext {
  const rel = relative(job.base, job.path).split('\\').join('/') || basename(job.path);
  const folder = isDir(job.path);
  const key = folder ? rel : rel.slice(0, rel.length - extname(rel).length) || rel;
  // In a folder format (MLflow, a TensorBoard logdir) each run has its own sub-path: the rule sees that.
  const ruleFor = (runKey: string | undefined) => rule?.(folder && runKey !== undefined ? `${job.path}/${runKey}` : job.path);
  return {
    path: job.path,
    key,
    options,
    builder,
    addRun(init: RunStart): number {
      const { key: runKey, ...meta } = init;
      const fromRule = ruleFor(runKey);
      let id = runKey ?? key;
      if (builder.hasRun(id) && runKey !== undefined) id = `${key}/${runKey}`;
      for (let k = 2; builder.hasRun(id); k++) id = `${runKey ?? key}#${k}`;
      const config = { ...(meta.config ?? {}), ...(fromRule?.config ?? {}) };
      return builder.addRun({
        ...meta,
        id,
        name: meta.name ?? (runKey ?? basename(key)),
        source: job.path,
        format: meta.format ?? job.loader.name,
        config,
        variant: fromRule?.variant ?? meta.variant,
        seed: fromRule?.seed ?? meta.seed,
      });
    },
    warn(message, where) {
      builder.warn({ file: job.path, message, ...where });
    },
    lineStats(stats) {
      builder.lineStats({ file: job.path, format: job.loader.name, ...stats });
    },
  };
}

function exists(p: string): boolean {
  try {
    statSync(p);
    return true;
  } catch {
    return false;
  }
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function dirOf(p: string): string {
  const i = p.replace(/\\/g, '/').lastIndexOf('/');
  return i < 0 ? '.' : i === 0 ? '/' : p.slice(0, i);
}
