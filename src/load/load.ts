/**
 * load(): files, folders and globs into one RunSet.
 *
 * For each path: a folder that a folder format recognises (an MLflow `mlruns/`, a TensorBoard logdir) is loaded
 * whole; any other folder is walked; each file's format is detected from its name and first 64 KiB (or forced with
 * `format`); a text file that nothing recognises there is read on, 1 MiB at a time up to 8 MiB (long preambles). Run ids are the paths relative to the named folder (or the file's stem), so a sweep laid out as
 * `runs/<variant>/<seed>.log` gets ids like `baseline/3`. The user's files are only read.
 *
 * A folder walk loads every loadable file: a TensorBoard logdir's event files (one run per directory) and any
 * other logs beside them. Files that are clearly not logs (source code, markdown, images, archives, checkpoints)
 * are skipped with one warning listing them; so are files in no recognised format, non-regular files (FIFOs,
 * sockets, devices: never opened), dangling links, link loops and unreadable entries. A file that fails to load is
 * a warning naming it and its reason, and the rest load; with `strict: true` any failure is an error. If every
 * file fails, the error lists each file's reason. A path named directly that cannot be read is always an error.
 */
import { closeSync, constants, lstatSync, openSync, readdirSync, readSync, realpathSync, statSync } from 'node:fs';
import { basename, extname, join, relative } from 'node:path';
import { FormatError, LoadError, ScalelabError } from '../errors.js';
import { RunSetBuilder } from '../runs/builder.js';
import type { RunSet } from '../runs/runset.js';
import { formatByName, formats } from './registry.js';
import { compileRule, slashPath } from './rule.js';
import { expandGlob, globBase, isGlob, listDir } from './paths.js';
import { isEventFileName } from './tensorboard/files.js';
import { prewarmSandbox } from './binary/sandbox.js';
import type { FormatLoader, LoadContext, LoadOptions, Probe, RuleMatch, RunStart } from './types.js';

/** Formats decoded in the sandbox worker. */
const SANDBOXED = new Set(['parquet', 'arrow', 'wandb-history-parquet']);

const HEAD_BYTES = 64 * 1024;
/** How far into an unrecognised text file detection reads, in windows of {@link SCAN_WINDOW} bytes. */
const SCAN_LIMIT = 8 * 1024 * 1024;
const SCAN_WINDOW = 1024 * 1024;

/** A unit of work: a path, the loader that takes it, and the folder its run ids are relative to. */
interface Job {
  path: string;
  base: string;
  loader: FormatLoader;
  /** Named by the user (not found by walking a folder or expanding a glob). */
  named: boolean;
}

/** What planning found besides jobs: skipped entries by reason. */
interface Plan {
  jobs: Job[];
  /** Files in no recognised format. */
  unrecognised: string[];
  /** Files that are clearly not logs (by extension). */
  notLogs: string[];
  /** Entries that are not regular files or folders, or cannot be read: path and why. */
  unreadable: { path: string; why: string }[];
  /** Real paths of the folders walked (symbolic-link cycles are walked once). */
  seen: Set<string>;
}

/**
 * Extensions of files that are clearly not training logs: source code, documents, images, archives, checkpoints
 * and other binaries. A folder walk skips them (one warning lists them); a file named directly is still tried.
 *
 * @example
 * NOT_LOG_EXTENSIONS.has('py'); // true
 */
export const NOT_LOG_EXTENSIONS: ReadonlySet<string> = new Set([
  // source code and notebooks
  'py', 'pyc', 'pyi', 'ipynb', 'js', 'mjs', 'cjs', 'ts', 'tsx', 'jsx', 'sh', 'bash', 'zsh', 'fish', 'ps1', 'bat', 'c', 'cc', 'cpp', 'cxx', 'h',
  'hh', 'hpp', 'cu', 'cuh', 'rs', 'go', 'java', 'scala', 'kt', 'jl', 'r', 'rb', 'pl', 'lua', 'swift', 'm', 'mm', 'sql', 'cmake', 'mk',
  // documents and markup
  'md', 'markdown', 'rst', 'tex', 'bib', 'html', 'htm', 'css', 'pdf', 'doc', 'docx', 'odt', 'ppt', 'pptx', 'xls', 'xlsx', 'rtf',
  // images, audio, video
  'png', 'jpg', 'jpeg', 'gif', 'bmp', 'tif', 'tiff', 'webp', 'svg', 'ico', 'eps', 'mp3', 'wav', 'flac', 'mp4', 'mov', 'avi', 'webm',
  // archives and compressed files
  'zip', 'tar', 'gz', 'tgz', 'bz2', 'xz', 'zst', '7z', 'rar', 'lz4', 'whl', 'egg',
  // checkpoints, tensors, pickles, native code
  'pt', 'pth', 'ckpt', 'safetensors', 'bin', 'npy', 'npz', 'pkl', 'pickle', 'h5', 'hdf5', 'onnx', 'tflite', 'pb', 'gguf', 'msgpack',
  'so', 'dylib', 'dll', 'exe', 'o', 'a', 'class', 'jar', 'wasm', 'db', 'sqlite',
  // project files
  'lock', 'toml', 'cfg', 'ini', 'gitignore', 'dockerfile',
]);

/** Names (without extension) of files that are clearly not logs. */
const NOT_LOG_NAMES = new Set(['license', 'licence', 'copying', 'makefile', 'dockerfile', 'notice', 'authors', 'readme', 'changelog', 'requirements.txt']);

/**
 * Whether a file found in a folder walk is clearly not a training log (by its name).
 *
 * @example
 * isClearlyNotLog('train_gpt.py'); // true
 * isClearlyNotLog('train.log');    // false
 */
export function isClearlyNotLog(name: string): boolean {
  const lower = name.toLowerCase();
  if (isEventFileName(lower)) return false;
  const dot = lower.lastIndexOf('.');
  const stem = dot > 0 ? lower.slice(0, dot) : lower;
  const ext = dot > 0 ? lower.slice(dot + 1) : '';
  if (NOT_LOG_NAMES.has(lower) || (NOT_LOG_NAMES.has(stem) && !/^(log|csv|tsv|jsonl?)$/.test(ext))) return true;
  return ext !== '' && NOT_LOG_EXTENSIONS.has(ext);
}

/** What a path is, without opening it: a regular file, a folder, or why it cannot be read. */
type Kind = { kind: 'file' | 'dir' } | { kind: 'bad'; why: string; code?: string };

function kindOf(p: string): Kind {
  let st;
  try {
    st = statSync(p);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    let link = false;
    try { link = lstatSync(p).isSymbolicLink(); } catch { /* absent */ }
    if (code === 'ELOOP') return { kind: 'bad', why: 'a symbolic link loop', code };
    if (link) return { kind: 'bad', why: 'a dangling symbolic link (its target does not exist)', code };
    if (code === 'EACCES' || code === 'EPERM') return { kind: 'bad', why: 'permission denied', code };
    if (code === 'ENOENT') return { kind: 'bad', why: 'no such file or folder (removed while loading?)', code };
    return { kind: 'bad', why: (e as Error).message, ...(code !== undefined ? { code } : {}) };
  }
  if (st.isDirectory()) return { kind: 'dir' };
  if (st.isFile()) return { kind: 'file' };
  const what = st.isFIFO() ? 'a FIFO (named pipe)' : st.isSocket() ? 'a socket' : st.isCharacterDevice() || st.isBlockDevice() ? 'a device' : 'not a regular file';
  return { kind: 'bad', why: `${what}: scalelab reads only regular files` };
}

/**
 * Load runs from files, folders or globs.
 *
 * @example
 * const rs = await load('data/ablation', { rule: '{variant}/seed{seed}.jsonl' });
 * const tb = await load('logs/events.out.tfevents.123.host', { format: 'tensorboard' });
 * const all = await load('records/2025-01-01_run', { strict: true }); // any failing file is an error
 */
export async function load(paths: string | readonly string[], options: LoadOptions = {}): Promise<RunSet> {
  const list = typeof paths === 'string' ? [paths] : [...paths];
  if (list.length === 0) throw new FormatError('nothing to load', '(no paths)', formats().map((f) => f.name));
  const forced = options.format !== undefined ? formatByName(options.format) : undefined;
  if (options.format !== undefined && !forced) {
    throw new FormatError(`unknown format '${options.format}'`, list[0]!, formats().map((f) => f.name));
  }
  const plan: Plan = { jobs: [], unrecognised: [], notLogs: [], unreadable: [], seen: new Set() };
  for (const p of list) planPath(p, forced, plan);
  const { jobs, unrecognised, notLogs, unreadable } = plan;
  options.onInputs?.(inputFiles(plan));
  if (options.strict && unreadable.length) {
    const u = unreadable[0]!;
    throw new LoadError(`${u.why} (strict: every entry must be readable)`, { file: u.path });
  }
  if (jobs.length === 0) {
    const looked = [...unrecognised, ...notLogs, ...unreadable.map((u) => `${u.path} (${u.why})`)];
    throw new FormatError(
      looked.length ? `no file in a recognised format (looked at ${looked.length}: ${looked.slice(0, 5).join(', ')}${looked.length > 5 ? ', ...' : ''})` : 'no files found',
      list.join(' '),
      formats().map((f) => f.name),
    );
  }

  const builder = new RunSetBuilder();
  const rule = options.rule !== undefined ? compileRule(options.rule) : undefined;
  const where = list.join(' ');
  if (notLogs.length) builder.warn({ file: where, message: `skipped ${notLogs.length} file(s) that are not logs (source code, documents, images, archives, binaries): ${notLogs.join(', ')}` });
  if (unrecognised.length) builder.warn({ file: where, message: `skipped ${unrecognised.length} file(s) in no recognised format: ${unrecognised.join(', ')}` });
  if (unreadable.length) builder.warn({ file: where, message: `skipped ${unreadable.length} entr${unreadable.length === 1 ? 'y' : 'ies'} that cannot be read: ${unreadable.map((u) => `${u.path} (${u.why})`).join(', ')}` });
  // Parquet/Arrow decode in a worker: start it now when other files come first, so its start-up overlaps them.
  const binary = jobs.filter((j) => SANDBOXED.has(j.loader.name));
  if (binary.length && !SANDBOXED.has(jobs[0]!.loader.name)) {
    let size = 0;
    for (const j of binary) { try { size = Math.max(size, statSync(j.path).size); } catch { /* reported when loaded */ } }
    prewarmSandbox(size);
  }
  const failed: { path: string; error: Error }[] = [];
  for (let i = 0; i < jobs.length; i++) {
    const job = jobs[i]!;
    options.onFile?.(job.path, i, jobs.length, job.loader.name);
    const ctx = makeContext(job, builder, options, rule);
    const mark = builder.mark();
    try {
      await job.loader.load(ctx);
    } catch (e) {
      const err = asLoadError(e, job.path);
      // One file named on its own, or strict mode: its failure is the load's failure.
      if (options.strict || jobs.length === 1) throw err;
      builder.rollback(mark);
      failed.push({ path: job.path, error: err });
    }
  }
  if (failed.length === jobs.length) {
    throw new LoadError(`every file failed to load:\n${failed.map((f) => `  ${f.error.message}`).join('\n')}`, { file: where });
  }
  for (const f of failed) {
    const loc = f.error instanceof LoadError ? { ...(f.error.line !== undefined ? { line: f.error.line } : {}), ...(f.error.offset !== undefined ? { offset: f.error.offset } : {}) } : {};
    // The warning names the file and location itself: drop the error's own "file @ byte N: " prefix.
    const colon = f.error.message.indexOf(': ', f.path.length);
    const reason = f.error.message.startsWith(f.path) && colon >= 0 ? f.error.message.slice(colon + 2) : f.error.message;
    builder.warn({ file: f.path, message: `not loaded (the other files were; pass strict to make this an error): ${reason}`, ...loc });
  }
  return builder.build();
}

/** Every file a plan looks at: job files (all files under a folder job), skipped and unreadable entries. */
function inputFiles(plan: Plan): string[] {
  const out = new Set<string>([...plan.unrecognised, ...plan.notLogs, ...plan.unreadable.map((u) => u.path)]);
  const seen = new Set<string>();
  const walk = (dir: string) => {
    let real: string;
    try { real = realpathSync(dir); } catch { return; }
    if (seen.has(real)) return;
    seen.add(real);
    let entries;
    try { entries = readdirSync(dir, { withFileTypes: true }); } catch { return; }
    for (const e of entries) {
      const p = join(dir, e.name);
      if (kindOf(p).kind === 'dir') walk(p);
      else out.add(p);
    }
  };
  for (const j of plan.jobs) {
    if (kindOf(j.path).kind === 'dir') walk(j.path);
    else out.add(j.path);
  }
  return [...out];
}

/** An exception from a loader as a typed error naming the file (ours pass through). */
function asLoadError(e: unknown, file: string): ScalelabError {
  if (e instanceof ScalelabError) return e;
  const err = e as NodeJS.ErrnoException;
  const what: Record<string, string> = { ENOENT: 'the file vanished while loading', EACCES: 'permission denied', EPERM: 'permission denied', EISDIR: 'a folder, not a file', ELOOP: 'a symbolic link loop', EMFILE: 'too many open files' };
  const msg = (err.code && what[err.code]) ?? `unexpected failure while reading (${err?.name ?? 'Error'}: ${err?.message ?? String(e)})`;
  return new LoadError(msg, { file });
}

/**
 * The probe of `p`, or undefined after noting it as unreadable in the plan (a path the user named is an error).
 *
 * @example
 * const probe = probeOrNote(path, false, plan); if (!probe) return;
 */
function probeOrNote(p: string, named: boolean, plan: Plan): Probe | undefined {
  try {
    return makeProbe(p);
  } catch (e) {
    if (named) throw asLoadError(e, p);
    plan.unreadable.push({ path: p, why: asLoadError(e, p).message.replace(`${p}: `, '') });
    return undefined;
  }
}

/** Decide what loads `p`, appending jobs (or recording skipped entries, when found by walking). */
function planPath(p: string, forced: FormatLoader | undefined, plan: Plan): void {
  const k = kindOf(p);
  if (k.kind === 'bad' && isGlob(p) && k.code === 'ENOENT') {
    const matches = expandGlob(p);
    if (matches.length === 0) throw new LoadError('no file matches this pattern', { file: p });
    const base = globBase(p);
    for (const m of matches) {
      // A folder matched by the glob is loaded whole only if nothing inside it also matched.
      if (kindOf(m).kind === 'dir' && matches.some((o) => o !== m && o.startsWith(m + '/'))) continue;
      planOne(m, base, forced, plan, false);
    }
    return;
  }
  if (k.kind === 'bad') throw new LoadError(k.why.startsWith('no such file') ? 'no such file or folder' : k.why, { file: p });
  planOne(p, k.kind === 'dir' ? p : dirOf(p), forced, plan, true);
}

function planOne(p: string, base: string, forced: FormatLoader | undefined, plan: Plan, named: boolean, insideLogdir = false): void {
  const k = kindOf(p);
  if (k.kind === 'bad') {
    if (named) throw new LoadError(k.why, { file: p });
    plan.unreadable.push({ path: p, why: k.why });
    return;
  }
  if (k.kind === 'dir') {
    let real: string;
    try {
      real = realpathSync(p);
    } catch (e) {
      if (named) throw asLoadError(e, p);
      plan.unreadable.push({ path: p, why: (e as Error).message });
      return;
    }
    if (plan.seen.has(real)) return; // a symbolic link back into a folder already walked
    plan.seen.add(real);
    const probe = probeOrNote(p, named, plan);
    if (!probe) return;
    const folderLoader = forced?.folder ? forced : forced ? undefined : insideLogdir ? undefined : detect(probe, true);
    const jobBase = base === p ? dirOf(p) : base;
    if (folderLoader && folderLoader.name !== 'tensorboard-dir') {
      plan.jobs.push({ path: p, base: jobBase, loader: folderLoader, named });
      return;
    }
    // A TensorBoard logdir loads its event files as runs (one per directory); the walk goes on for other logs.
    if (folderLoader) plan.jobs.push({ path: p, base: jobBase, loader: folderLoader, named });
    const logdir = insideLogdir || folderLoader !== undefined;
    for (const e of listDir(p)) {
      if (logdir && !forced && isEventFileName(e.name) && kindOf(e.path).kind === 'file') continue;
      planOne(e.path, base, forced, plan, false, logdir);
    }
    return;
  }
  if (!named && !forced && isClearlyNotLog(basename(p))) {
    plan.notLogs.push(p);
    return;
  }
  if (forced && !forced.folder) {
    plan.jobs.push({ path: p, base, loader: forced, named });
    return;
  }
  const probe = probeOrNote(p, named, plan);
  if (!probe) return;
  const loader = detect(probe, false) ?? detectFurther(probe);
  if (loader) plan.jobs.push({ path: p, base, loader, named });
  else if (named) {
    throw new FormatError('could not recognise the format of this file (use --format to name it)', p, formats().map((f) => f.name));
  } else plan.unrecognised.push(p);
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
    // O_NONBLOCK: should a FIFO slip past the checks (replaced between stat and open), opening it never blocks.
    const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
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
  const rel = slashPath(relative(job.base, job.path)) || basename(job.path);
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

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function dirOf(p: string): string {
  const i = slashPath(p).lastIndexOf('/');
  return i < 0 ? '.' : i === 0 ? '/' : p.slice(0, i);
}
