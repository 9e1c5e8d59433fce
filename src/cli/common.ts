/**
 * What every CLI command shares: argument parsing with --help, JSON output, and turning errors into a
 * message on stderr plus a non-zero exit code. Results go to stdout, progress to stderr.
 */
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

/** Print one JSON object on stdout (non-finite numbers become null, as JSON has no NaN). */
export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n');
}

/** Progress line on stderr (only when stderr is a terminal, so logs and CI stay clean). */
export function progress(message: string): void {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${message}`);
}

/** End a progress line started with {@link progress}. */
export function progressDone(): void {
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
}
