/**
 * What every CLI command shares: argument parsing with --help, JSON output, and turning errors into a
 * message on stderr plus a non-zero exit code. Results go to stdout, progress to stderr.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ScalelabError } from '../errors.js';

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
 * Parse a command's arguments. `--help`/`-h` prints `help` to stdout and returns null.
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
    throw new UsageError(`${(e as Error).message}\n\n${help}`);
  }
}

/**
 * JSON.stringify replacer keeping non-finite numbers as the strings "NaN", "Infinity", "-Infinity" (JSON has no
 * such numbers; null would lose which one it was, e.g. an interval's infinite end vs an undefined value).
 *
 * @example
 * JSON.stringify({ ci: [-Infinity, 3.28] }, jsonReplacer); // '{"ci":["-Infinity",3.28]}'
 */
export function jsonReplacer(_key: string, v: unknown): unknown {
  return typeof v === 'number' && !Number.isFinite(v) ? String(v) : v;
}

/** Print one JSON object on stdout (non-finite numbers as the strings "NaN", "Infinity", "-Infinity"). */
export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, jsonReplacer, 2) + '\n');
}

/** Progress line on stderr (only when stderr is a terminal, so logs and CI stay clean). */
export function progress(message: string): void {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${message}`);
}

/** End a progress line started with {@link progress}. */
export function progressDone(): void {
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
}
