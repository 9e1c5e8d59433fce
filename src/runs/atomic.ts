/**
 * Crash-safe writes: every file scalelab writes goes to a temporary file beside it, is fsynced, and renamed
 * into place, so a reader sees the old file or the new one, never half of one. The temporary files are named
 * so that they are recognisably ours and say which process wrote them:
 *
 *   `<file>.scalelab-tmp-<pid>-<n>`      data being written
 *   `<file>.scalelab-commit-<pid>-<n>`   the journal of a group of files being renamed into place together
 *
 * A process killed mid-write (kill -9, power loss) leaves them behind; the next write into the same folder
 * ({@link recoverWrites}) finishes or removes them, touching only files of this pattern whose process is gone
 * (a live pid, ours included, is left alone; a pid reused by another process only delays the cleanup).
 *
 * A group of files ({@link writeFilesAtomicSync}, used for a report's HTML and JSON) is written as: every
 * temporary file written and fsynced; then the journal, naming each temporary file and its target, is created
 * by a rename (so it exists complete or not at all); then the files are renamed in order and the journal is
 * removed. If the process dies before the journal exists, recovery deletes the temporary files and the old
 * group stays as it was; once the journal exists, recovery renames what is left, so the new group is complete.
 * Either way, after recovery the group is entirely old or entirely new.
 *
 * @example
 * writeFileAtomicSync('out/r.json', '{}');
 * writeFilesAtomicSync([{ path: 'out/r.html', data: html }, { path: 'out/r.json', data: json }]);
 */
import { closeSync, existsSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

let counter = 0;

const TEMP = /\.scalelab-(tmp|commit)-(\d+)-[0-9a-z]+$/;

/** The temporary path for `path` (beside it, named with our pid and a per-process counter). */
function tempPath(path: string, kind: 'tmp' | 'commit'): string {
  return `${resolve(path)}.scalelab-${kind}-${process.pid}-${(counter++).toString(36)}`;
}

/**
 * Whether process `pid` is running (signal 0 probes without sending anything; EPERM means it exists).
 *
 * @example
 * processAlive(process.pid); // true
 */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    /* not supported on this platform or file system: the renames are still atomic */
  }
}

function tryUnlink(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    /* already gone */
  }
}

/** What {@link recoverWrites} did in a folder. */
export interface Recovery {
  /** Temporary files of dead processes removed (their write never completed; the old file stands). */
  removed: string[];
  /** Files renamed into place from the journal of a dead process (its group write is now complete). */
  completed: string[];
}

/**
 * Finish or undo the writes that processes now gone left in `dir`: journals of dead processes are replayed
 * (their remaining temporary files renamed into place, in order), then temporary files of dead processes are
 * removed. Only files named like ours are touched. Called before every write; safe to call at any time.
 *
 * @example
 * recoverWrites('reports'); // { removed: ['reports/weekly.html.scalelab-tmp-4242-0'], completed: [] }
 */
export function recoverWrites(dir: string): Recovery {
  const out: Recovery = { removed: [], completed: [] };
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  const dead = (name: string, kind: string) => {
    const m = TEMP.exec(name);
    return m !== null && m[1] === kind && !processAlive(Number(m[2]));
  };
  for (const name of names.filter((n) => dead(n, 'commit')).sort()) {
    const journal = join(dir, name);
    let files: [string, string][] = [];
    try {
      const parsed = JSON.parse(readFileSync(journal, 'utf8')) as { files?: unknown };
      if (Array.isArray(parsed.files)) files = parsed.files.filter((f): f is [string, string] => Array.isArray(f) && f.length === 2 && typeof f[0] === 'string' && typeof f[1] === 'string');
    } catch {
      /* unreadable: created by rename, so this cannot be ours half-written; treat as empty */
    }
    for (const [tmp, target] of files) {
      // Only our own temporary files, in this folder, renamed onto the target they were written for.
      if (dirname(tmp) !== resolve(dir) || !TEMP.test(basename(tmp)) || !basename(tmp).startsWith(basename(target) + '.scalelab-tmp-')) continue;
      if (!existsSync(tmp)) continue; // renamed before the kill
      renameSync(tmp, target);
      out.completed.push(target);
    }
    fsyncDir(dir);
    tryUnlink(journal);
  }
  for (const name of names.filter((n) => dead(n, 'tmp')).sort()) {
    const p = join(dir, name);
    if (!existsSync(p)) continue; // consumed by a journal above
    tryUnlink(p);
    out.removed.push(p);
  }
  return out;
}

function writeTempSync(path: string, data: string | Uint8Array): string {
  const tmp = tempPath(path, 'tmp');
  const fd = openSync(tmp, 'wx');
  try {
    writeFileSync(fd, data);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    tryUnlink(tmp);
    throw e;
  }
  closeSync(fd);
  return tmp;
}

/**
 * Write `data` to `path` atomically (temporary file, fsync, rename), after recovering what dead processes
 * left in its folder. Throws the file system's error; the old file is then intact and no temporary file is left.
 *
 * @example
 * writeFileAtomicSync('out/metrics.csv', 'run,metric,step,value\n');
 */
export function writeFileAtomicSync(path: string, data: string | Uint8Array): void {
  writeFilesAtomicSync([{ path, data }]);
}

/**
 * Write several files in one folder so that, after any crash and the next {@link recoverWrites}, they are all
 * the old versions or all the new ones (see the module comment). Without a crash, the renames run in the order
 * given.
 *
 * @example
 * writeFilesAtomicSync([{ path: 'r.html', data: '<!doctype html>' }, { path: 'r.json', data: '{}' }]);
 */
export function writeFilesAtomicSync(files: readonly { path: string; data: string | Uint8Array }[]): void {
  if (files.length === 0) return;
  const dir = dirname(resolve(files[0]!.path));
  if (files.some((f) => dirname(resolve(f.path)) !== dir)) throw new TypeError('writeFilesAtomicSync: all files must be in one folder');
  recoverWrites(dir);
  const temps: string[] = [];
  try {
    for (const f of files) temps.push(writeTempSync(f.path, f.data));
  } catch (e) {
    for (const t of temps) tryUnlink(t);
    throw e;
  }
  let journal: string | undefined;
  if (files.length > 1) {
    const body = JSON.stringify({ files: files.map((f, i) => [temps[i]!, resolve(f.path)]) });
    let jt: string | undefined;
    try {
      jt = writeTempSync(files[0]!.path, body);
      journal = tempPath(files[0]!.path, 'commit');
      renameSync(jt, journal);
      fsyncDir(dir);
    } catch (e) {
      if (jt) tryUnlink(jt);
      for (const t of temps) tryUnlink(t);
      throw e;
    }
  }
  // From here on the new group is committed: a failure is finished by the next recovery.
  files.forEach((f, i) => renameSync(temps[i]!, f.path));
  fsyncDir(dir);
  if (journal) tryUnlink(journal);
}

/**
 * Write `chunks` to `path` atomically, streaming (for files too large to hold as one string), after
 * recovering what dead processes left in its folder.
 *
 * @example
 * await writeFileAtomic('out/metrics.csv', ['run,metric,step,value\n', 'a,loss,1,2.5\n']);
 */
export async function writeFileAtomic(path: string, chunks: Iterable<string | Uint8Array>): Promise<void> {
  recoverWrites(dirname(resolve(path)));
  const tmp = tempPath(path, 'tmp');
  const fh = await open(tmp, 'wx');
  try {
    for (const c of chunks) {
      if (typeof c === 'string') await fh.write(c);
      else await fh.write(c);
    }
    await fh.sync();
  } catch (e) {
    await fh.close();
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
  await fh.close();
  try {
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
  fsyncDir(dirname(resolve(path)));
}
