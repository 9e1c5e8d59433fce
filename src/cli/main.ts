#!/usr/bin/env node
/**
 * The `scalelab` command: dispatches to src/cli/<command>.ts. Each command has --help and --json.
 *
 * @example
 * scalelab load runs/ --json
 * scalelab fit sweep.csv --law chinchilla --bootstrap 1000 --json
 */
import { ScalelabError } from '../errors.js';
import { UsageError, type Command } from './common.js';
import { didYouMean } from '../suggest.js';

/** Known commands, in the order `--help` lists them. Each lives in src/cli/<name>.ts. */
const COMMANDS = ['load', 'fit', 'compare', 'mixture', 'ladder', 'health', 'report', 'export'] as const;

async function loadCommand(name: string): Promise<Command> {
  const mod = (await import(`./${name}.js`)) as Command;
  return mod;
}

async function help(): Promise<string> {
  const lines = ['scalelab: load training runs, fit scaling laws, compare ablations, write reports.', '', 'Commands:'];
  for (const name of COMMANDS) {
    try {
      lines.push(`  ${name.padEnd(9)} ${(await loadCommand(name)).summary}`);
    } catch {
      // A command that is not built into this checkout is not listed.
    }
  }
  lines.push('', 'Run `scalelab <command> --help` for its options. Every command takes --json.');
  return lines.join('\n') + '\n';
}

/** Run the CLI with the given arguments (without node and script); resolves to the exit code. */
export async function run(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    // No command at all is a usage error: the help goes to stderr and the exit code is 1, as for every bad input.
    if (!name) {
      process.stderr.write(await help());
      return 1;
    }
    process.stdout.write(await help());
    return 0;
  }
  if (name === '--version') {
    const { VERSION } = await import('../version.js');
    process.stdout.write(VERSION + '\n');
    return 0;
  }
  if (!(COMMANDS as readonly string[]).includes(name)) {
    process.stderr.write(`scalelab: unknown command '${name}'.${didYouMean(name, COMMANDS)}\nRun \`scalelab --help\` for the commands.\n`);
    return 1;
  }
  try {
    return await (await loadCommand(name)).main(rest);
  } catch (e) {
    // Every bad input, bad arguments included, exits 1 with a message and never a stack trace.
    if (e instanceof UsageError) {
      process.stderr.write(`scalelab ${name}: ${e.message}\n`);
      return 1;
    }
    if (e instanceof ScalelabError) {
      process.stderr.write(`scalelab ${name}: ${e.name}: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

const isMain = process.argv[1] !== undefined && /(?:^|[/\\])main\.[jt]s$/.test(process.argv[1]);
if (isMain) {
  run(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (e: unknown) => { process.stderr.write(`scalelab: internal error: ${(e as Error).stack ?? String(e)}\n`); process.exitCode = 70; },
  );
}
