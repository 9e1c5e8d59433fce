/**
 * What every CLI command shares: argument parsing with --help, JSON output, and turning errors into a
 * message on stderr plus a non-zero exit code. Results go to stdout, progress to stderr.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ScalelabError } from '../errors.js';
import { didYouMean } from '../suggest.js';

/** A command module: src/cli/<name>.ts exports these two. */
export interface Command {
  /** One line for `scalelab --help`. */
  summary: string;
  /** Runs the command; resolves to the process exit code. */
  main(argv: string[]): Promise<number>;
}

/** Options accepted by {@link parseCommand}: node's parseArgs options. */
export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** What {@link parseCommand} returns: typed option values and positionals. */
export type ParsedCommand<T extends OptionSpec> = ReturnType<typeof parseArgs<{ args: string[]; options: T; allowPositionals: true; strict: true }>>;

/** Thrown by {@link parseCommand} for bad arguments; the dispatcher prints it with the command's help. */
export class UsageError extends ScalelabError {
  override name = 'UsageError';
}

/**
 * Parse a command's arguments. `--help`/`-h` prints `help` to stdout and returns null. A bad argument is a
 * UsageError with a short message: the unknown option with the closest known ones ("Did you mean --bootstrap?"),
 * the usage line (the first line of `help`) and where the full help is, never the whole help text.
 *
 * @example
 * const a = parseCommand(argv, { json: { type: 'boolean' } }, HELP);
 * if (!a) return 0;
 */
export function parseCommand<T extends OptionSpec>(argv: string[], options: T, help: string): ParsedCommand<T> | null {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(help.endsWith('\n') ? help : help + '\n');
    return null;
  }
  try {
    return parseArgs<{ args: string[]; options: T; allowPositionals: true; strict: true }>({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(usageMessage(e as Error & { code?: string }, options, help));
  }
}

/** Node's parseArgs error, rewritten: what was wrong, the nearest flags, the usage line, where the help is. */
function usageMessage(e: Error & { code?: string }, options: OptionSpec, help: string): string {
  const usage = help.split('\n')[0]!.trim();
  const command = /^(scalelab \S+)/.exec(usage)?.[1] ?? 'scalelab';
  const flags = Object.entries(options).flatMap(([name, o]) => [`--${name}`, ...(o.short ? [`-${o.short}`] : [])]);
  let what = e.message;
  const unknown = /^Unknown option '([^']+)'/.exec(e.message);
  if (unknown) {
    const flag = unknown[1]!;
    const base = flag.split('=')[0]!;
    what = `unknown option '${flag}'.${didYouMean(base, flags.filter((f) => f.startsWith('--')))}`;
  } else if (/argument missing/.test(e.message)) {
    what = e.message.replace(/^Option '([^']+)' argument missing$/, "option '$1' needs a value");
  } else if (/^Unexpected argument/.test(e.message)) {
    what = e.message.replace(/\. This command does not take positional arguments$/, '').replace(/^Unexpected argument/, 'unexpected argument');
  } else if (/does not take an argument/.test(e.message)) {
    what = e.message.replace(/^Option '([^']+)' does not take an argument$/, "option '$1' is a switch and takes no value");
  }
  return `${what}\nusage: ${usage}\nRun \`${command} --help\` for every option.`;
}


/**
 * The JSON replacer every command's `--json` goes through: JSON has no NaN or Infinity, so non-finite numbers are
 * written as the strings `"NaN"`, `"Infinity"` and `"-Infinity"` (what pandas' `read_json` and Python's
 * `float()` accept), never as `null`, which would read as "missing".
 *
 * @example
 * JSON.stringify({ final: Infinity, x: 1 }, jsonReplacer); // '{"final":"Infinity","x":1}'
 */
export function jsonReplacer(_key: string, v: unknown): unknown {
  if (typeof v === 'number' && !Number.isFinite(v)) return v !== v ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
  return v;
}

/**
 * Print one JSON object on stdout, non-finite numbers as the strings "NaN", "Infinity", "-Infinity" (see
 * {@link jsonReplacer}).
 *
 * @example
 * printJson({ runs: [], final: NaN }); // {"runs": [], "final": "NaN"}
 */
export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, jsonReplacer, 2) + '\n');
}

/**
 * Check before any work that `out` can be written: its folder exists, is a folder, and is writable; and `out`
 * itself is not a folder. Throws a UsageError naming the path and what to do (instead of a raw ENOENT/EACCES
 * trace after minutes of loading).
 *
 * @example
 * checkOutPath('reports/runs.parquet', '--out'); // throws when reports/ is missing or read-only
 */
export function checkOutPath(out: string, flag: string): void {
  const dir = dirname(resolve(out));
  let st;
  try {
    st = statSync(dir);
  } catch {
    throw new UsageError(`${flag} ${out}: the folder ${dir} does not exist; create it (mkdir -p ${dir}) or choose another path`);
  }
  if (!st.isDirectory()) throw new UsageError(`${flag} ${out}: ${dir} is not a folder; choose another path`);
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new UsageError(`${flag} ${out}: the folder ${dir} is not writable by this user; choose a writable folder or change its permissions`);
  }
  try {
    if (statSync(out).isDirectory()) throw new UsageError(`${flag} ${out} is a folder; name a file inside it`);
  } catch (e) {
    if (e instanceof UsageError) throw e;
  }
}

/**
 * Turn a file-system error from writing `out` into a UsageError naming the path and the remedy; rethrow others.
 *
 * @example
 * await writeCsv(rs, out).catch((e) => { throw outputError(e, out, '--out'); });
 */
export function outputError(e: unknown, out: string, flag: string): unknown {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  const what: Record<string, string> = {
    ENOENT: 'its folder does not exist (create it first)',
    EACCES: 'permission denied (choose a writable folder)',
    EPERM: 'permission denied (choose a writable folder)',
    EROFS: 'the file system is read-only (choose another folder)',
    ENOSPC: 'the disk is full (free space or choose another disk)',
    EISDIR: 'it is a folder (name a file inside it)',
    ENOTDIR: 'a part of the path is not a folder',
  };
  if (code !== undefined && what[code] !== undefined) return new UsageError(`${flag} ${out}: could not write: ${what[code]}`);
  return e;
}

/** Progress line on stderr (only when stderr is a terminal, so logs and CI stay clean). */
export function progress(message: string): void {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${message}`);
}

/** End a progress line started with {@link progress}. */
export function progressDone(): void {
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
}
