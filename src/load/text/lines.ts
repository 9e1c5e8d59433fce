/**
 * Shared plumbing of the text-log loaders: streaming a file line by line, strict number parsing, ANSI stripping,
 * capped per-line warnings, and detection scoring.
 *
 * Every text loader follows one policy for a line that looks like its format but does not parse (a broken number,
 * a missing field, two processes' output interleaved on one line, a line cut off by a crash): the line is skipped
 * and a warning names its line number and what was expected. A number is never guessed. A file in which no line
 * parses at all is a {@link LoadError}.
 *
 * @example
 * await forEachLine('train.log', (line, n) => { if (line.startsWith('s:')) console.log(n, line); });
 */
import { createReadStream } from 'node:fs';
import { LoadError } from '../../errors.js';
import type { Config, ConfigValue } from '../../runs/types.js';
import type { LoadContext } from '../types.js';

/**
 * Call `onLine(line, lineNumber)` for every line of a file (1-based numbers; `\n` or `\r\n` endings; a final line
 * without a newline is included). Streams in 1 MiB chunks, so files larger than a JS string can hold still load.
 *
 * @example
 * let n = 0; await forEachLine('a.log', () => { n++; });
 */
export async function forEachLine(path: string, onLine: (line: string, lineNo: number) => void): Promise<void> {
  const decoder = new TextDecoder('utf-8');
  let rest = '';
  let lineNo = 0;
  const emit = (text: string, final: boolean): string => {
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      let end = nl;
      if (end > start && text.charCodeAt(end - 1) === 13) end--;
      onLine(text.slice(start, end), ++lineNo);
      start = nl + 1;
    }
    const tail = text.slice(start);
    if (final && tail.length > 0) {
      onLine(tail.charCodeAt(tail.length - 1) === 13 ? tail.slice(0, -1) : tail, ++lineNo);
      return '';
    }
    return tail;
  };
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    rest = emit(rest + decoder.decode(chunk, { stream: true }), false);
  }
  emit(rest + decoder.decode(), true);
}

/**
 * Call `onLine` for every line of an in-memory text (the same line numbering as {@link forEachLine}).
 *
 * @example
 * forEachLineOf('a\nb\n', (l, n) => console.log(n, l)); // 1 a, 2 b
 */
export function forEachLineOf(text: string, onLine: (line: string, lineNo: number) => void): void {
  let start = 0;
  let lineNo = 0;
  while (start < text.length) {
    let nl = text.indexOf('\n', start);
    if (nl < 0) nl = text.length;
    let end = nl;
    if (end > start && text.charCodeAt(end - 1) === 13) end--;
    onLine(text.slice(start, end), ++lineNo);
    start = nl + 1;
  }
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const NON_FINITE = /^([+-]?)(nan|inf|infinity)$/i;

/**
 * Parse a number exactly as a log printed it: decimal or scientific notation, or `nan`/`inf`/`-inf` (any case,
 * as Python and C print them). Anything else (empty, trailing junk, `1.2.3`) is `undefined`, never 0.
 *
 * @example
 * parseNum('6.258318E+00'); // 6.258318
 * parseNum('nan');          // NaN
 * parseNum('6.2x');         // undefined
 */
export function parseNum(s: string): number | undefined {
  if (NUMBER.test(s)) return Number(s);
  const m = NON_FINITE.exec(s);
  if (!m) return undefined;
  if (m[2]!.toLowerCase() === 'nan') return NaN;
  return m[1] === '-' ? -Infinity : Infinity;
}

/**
 * A config value as Python prints it (an argparse dump, a configurator override): a number by {@link parseNum},
 * `True`/`False` as booleans, `None` as null, anything else the text itself.
 *
 * @example
 * pythonValue('3e-4'); // 0.0003
 * pythonValue('None'); // null
 * pythonValue('gpt2'); // 'gpt2'
 */
export function pythonValue(raw: string): ConfigValue {
  const n = parseNum(raw);
  if (n !== undefined) return n;
  if (raw === 'True') return true;
  if (raw === 'False') return false;
  if (raw === 'None') return null;
  return raw;
}

const GROUPED = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;

/**
 * {@link parseNum} that also accepts thousands separators in the only valid grouping (`1,234,567.5`, not `12,34`).
 *
 * @example
 * parseGrouped('1,234'); // 1234
 * parseGrouped('12,34'); // undefined
 */
export function parseGrouped(s: string): number | undefined {
  if (GROUPED.test(s)) return Number(s.replace(/,/g, ''));
  return parseNum(s);
}

// CSI sequences (colours, cursor moves) and the two-byte ESC forms; linear, no nested quantifiers.
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[@-Z\\-_]/g;

/**
 * Remove ANSI escape sequences (terminal colours) from a line.
 *
 * @example
 * stripAnsi('\x1b[31mstep:  1\x1b[39m'); // 'step:  1'
 */
export function stripAnsi(s: string): string {
  return s.indexOf('\x1b') < 0 ? s : s.replace(ANSI, '');
}

/**
 * Lower-case snake form of a free-text key, for metric names from keys a loader does not know.
 *
 * @example
 * snake('samples per second'); // 'samples_per_second'
 * snake('TFLOPs (Hardware)');  // 'tflops_hardware'
 */
export function snake(key: string): string {
  return key.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
}

/** How many skipped-line warnings a file reports one by one before summarising the rest. */
export const WARN_LIMIT = 20;

/**
 * Per-file warning collector: the first {@link WARN_LIMIT} skipped lines become warnings with their line number,
 * the rest one summary warning (a corrupted 1M-line log must not produce 1M warnings).
 *
 * @example
 * const w = new LineWarnings(ctx); w.skip(12, 'bad number', 'a number after "loss:"'); w.finish();
 */
export class LineWarnings {
  private count = 0;
  private firstOver = 0;
  constructor(private readonly ctx: Pick<LoadContext, 'warn'>) {}

  /** Number of lines skipped so far. */
  get skipped(): number {
    return this.count;
  }

  /** Record a skipped line. */
  skip(lineNo: number, problem: string, expected: string): void {
    this.count++;
    if (this.count <= WARN_LIMIT) this.ctx.warn(`line skipped: ${problem} (expected ${expected})`, { line: lineNo });
    else if (this.firstOver === 0) this.firstOver = lineNo;
  }

  /** Emit the summary of warnings beyond the limit. */
  finish(): void {
    if (this.count > WARN_LIMIT) {
      this.ctx.warn(`${this.count - WARN_LIMIT} more unparsable lines skipped (from line ${this.firstOver} on)`, { line: this.firstOver });
    }
  }
}

/**
 * The one run a text log describes. It is added on its first data point (a file without one adds no run); config
 * read before then (the preamble a framework prints first) is kept and given to the run when it is added, config
 * read later goes straight to the run.
 *
 * @example
 * const run = new LogRun(ctx, 'nanogpt');
 * run.setConfig('N', 124e6);                      // no point yet: kept for the run
 * ctx.builder.push(run.index(), 0, metric, 10.9); // the first point adds the run, with config { N: 124e6 }
 */
export class LogRun {
  private id = -1;
  private readonly pending: Config = {};
  constructor(private readonly ctx: Pick<LoadContext, 'addRun' | 'builder'>, private readonly format: string) {}

  /** The run's index in the builder; the first call adds the run with the config read so far. */
  index(): number {
    if (this.id < 0) this.id = this.ctx.addRun({ format: this.format, config: this.pending });
    return this.id;
  }

  /** Set one config key: on the run once it exists, else kept for it. */
  setConfig(key: string, value: ConfigValue): void {
    if (this.id >= 0) this.ctx.builder.meta(this.id).config[key] = value;
    else this.pending[key] = value;
  }
}

/**
 * The error for a file with no line of the expected format (a forced `--format` on the wrong file, or a file whose
 * head looked right and whose body did not).
 *
 * @example
 * throw noRecognisedLine('a.log', 'llm.c log lines such as "s:0 trl:10.98"', 3);
 */
export function noRecognisedLine(file: string, expected: string, skipped: number): LoadError {
  const why = skipped > 0 ? `no line parsed (${skipped} looked like the format but did not parse; see the first line reported)` : 'no line in the expected format';
  return new LoadError(why, { file, expected });
}

/**
 * Detection confidence from the number of lines in the probe's head that match a format's anchored pattern:
 * 0 for none, 0.5 for one, 0.7 for two, 0.9 for three or more.
 *
 * @example
 * detectScore(12); // 0.9
 */
export function detectScore(matches: number): number {
  return matches <= 0 ? 0 : matches === 1 ? 0.5 : matches === 2 ? 0.7 : 0.9;
}

/**
 * Count lines of `text` for which `test` holds, stopping at `cap` (detection only needs a few).
 *
 * @example
 * countLines('s:0 trl:1\ns:1 trl:2\n', (l) => l.startsWith('s:')); // 2
 */
export function countLines(text: string, test: (line: string) => boolean, cap = 3): number {
  let n = 0;
  let start = 0;
  while (start < text.length && n < cap) {
    let nl = text.indexOf('\n', start);
    if (nl < 0) nl = text.length;
    let end = nl;
    if (end > start && text.charCodeAt(end - 1) === 13) end--;
    if (test(text.slice(start, end))) n++;
    start = nl + 1;
  }
  return n;
}
