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
import { truncatedLastLineMessage } from '../ending.js';

export { stripAnsi } from './ansi.js';
export { findRecord, findRecordInfo, prefixInfo, type PrefixInfo } from './prefix.js';

/** What {@link forEachLine} saw of a file's lines. */
export interface LineScan {
  /** Number of lines. */
  lines: number;
  /**
   * The last line has no newline although an earlier one has (the same rule as `endsMidLine` in `load/ending.ts`):
   * it may have been cut.
   */
  lastLineUnterminated: boolean;
}

/**
 * Call `onLine(line, lineNumber)` for every line of a file (1-based numbers; `\n` or `\r\n` endings; a final line
 * without a newline is included). Streams in 1 MiB chunks, so files larger than a JS string can hold still load.
 *
 * @example
 * let n = 0; const scan = await forEachLine('a.log', () => { n++; }); // scan.lines === n
 */
export async function forEachLine(path: string, onLine: (line: string, lineNo: number) => void): Promise<LineScan> {
  const decoder = new TextDecoder('utf-8');
  let rest = '';
  let lineNo = 0;
  let unterminated = false;
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
      unterminated = lineNo > 0;
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
  return { lines: lineNo, lastLineUnterminated: unterminated };
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

/** How many line warnings a file reports one by one before summarising the rest. */
export const WARN_LIMIT = 20;

/**
 * Per-file line accounting and warning collector of the text loaders. Every line that looked like a record but was
 * not used whole gets a warning naming its line (the first {@link WARN_LIMIT}; the rest one summary warning: a
 * corrupted 1M-line log must not produce 1M warnings) and is counted; {@link LineWarnings.finish} flags a cut last
 * line and hands the counts to the RunSet (`RunSet.lineStats`).
 *
 * @example
 * const w = new LineWarnings(ctx);
 * w.skip(12, 'bad number', 'a number after "loss:"'); // line 12 gave nothing
 * w.record(13);                                     // line 13 gave points
 * w.finish(await forEachLine(ctx.path, onLine));
 */
export class LineWarnings {
  private nSkipped = 0;
  private nDamaged = 0;
  private nDuplicates = 0;
  private nRecords = 0;
  private emitted = 0;
  private over = 0;
  private firstOver = 0;
  private lastRecord = 0;
  private lastProblem = 0;
  private readonly firstMessages: string[] = [];
  constructor(private readonly ctx: Pick<LoadContext, 'warn'> & Partial<Pick<LoadContext, 'lineStats'>>) {}

  /** Number of lines skipped so far (looked like records, gave no point). */
  get skipped(): number {
    return this.nSkipped;
  }

  /** Number of lines that gave points so far. */
  get records(): number {
    return this.nRecords;
  }

  /** A line that looked like a record of the format but did not parse: no point taken from it. */
  skip(lineNo: number, problem: string, expected: string): void {
    this.nSkipped++;
    this.lastProblem = lineNo;
    this.emit(lineNo, `line skipped: ${problem} (expected ${expected})`);
  }

  /** A line used with a problem (one field left out, no loss): its other points are kept. */
  damaged(lineNo: number, problem: string): void {
    this.nDamaged++;
    this.lastProblem = lineNo;
    this.emit(lineNo, `line read in part: ${problem}`);
  }

  /** Any other per-line warning (counted against the same limit, not as a skipped line). */
  note(lineNo: number, message: string): void {
    this.emit(lineNo, message);
  }

  /** A record dropped as another rank's copy of one already read. */
  duplicate(): void {
    this.nDuplicates++;
  }

  /** A line that gave points. */
  record(lineNo: number): void {
    this.nRecords++;
    this.lastRecord = lineNo;
  }

  /** The first warnings, as `line N: message` (for an error that refers to them). */
  first(n = 3): string[] {
    return this.firstMessages.slice(0, n);
  }

  private emit(lineNo: number, message: string): void {
    if (this.emitted < WARN_LIMIT) {
      this.emitted++;
      this.ctx.warn(message, { line: lineNo });
      if (this.firstMessages.length < 5) this.firstMessages.push(`line ${lineNo}: ${message}`);
    } else {
      if (this.over === 0) this.firstOver = lineNo;
      this.over++;
    }
  }

  /**
   * Emit the summary of warnings beyond the limit; with the file's {@link LineScan}, also flag a last line without
   * a newline that gave points or was warned about, and record the file's line counts.
   */
  finish(scan?: LineScan): void {
    if (this.over > 0) {
      this.ctx.warn(`${this.over} more line warnings (from line ${this.firstOver} on; ${this.nSkipped} line(s) skipped, ${this.nDamaged} read in part in all)`, { line: this.firstOver });
    }
    if (!scan) return;
    const truncated = scan.lastLineUnterminated;
    if (truncated) this.ctx.warn(truncatedLastLineMessage(), { line: scan.lines });
    this.ctx.lineStats?.({ lines: scan.lines, records: this.nRecords, skipped: this.nSkipped, damaged: this.nDamaged, duplicates: this.nDuplicates, truncatedLastLine: truncated });
  }
}

/**
 * Keeps one copy of a record that several ranks or hosts print (the same line behind `[rank0]:`, `[rank1]:`, ...):
 * a record of the same kind and step from another prefix tag within the last {@link RankDedupe.WINDOW} records is
 * dropped (counted as a duplicate), with a warning when its first compared value (the loss) differs from the copy
 * kept. The same tag
 * printing a step again is a restart and is kept (the run builder handles it). Lines without a tag are not checked.
 *
 * @example
 * const d = new RankDedupe(warnings, (m) => m.includes('loss'));
 * d.keep('train', 5, '[rank0]:', [['train/loss', 2.1]], 10); // true
 * d.keep('train', 5, '[rank1]:', [['train/loss', 2.1]], 11); // false (a copy)
 */
export class RankDedupe {
  /** How many tagged records back a copy is looked for. */
  static readonly WINDOW = 4096;
  private readonly seen = new Map<string, { tag: string; line: number; rec: number; name: string; value: number }>();
  private rec = 0;
  // Until a second tag appears (most logs: one printing process), records only go to this ring buffer: no map work,
  // and only the compared value is kept (holding each record's fields would slow the garbage collector).
  private firstTag: string | undefined;
  private multi = false;
  private readonly ringKind: string[] = [];
  private readonly ringName: string[] = [];
  private readonly ringStep = new Float64Array(RankDedupe.WINDOW);
  private readonly ringValue = new Float64Array(RankDedupe.WINDOW);
  private readonly ringLine = new Int32Array(RankDedupe.WINDOW);
  constructor(private readonly warnings: LineWarnings, private readonly compare: (metric: string) => boolean = () => true) {}

  /** Whether to keep this record (false: another tag's copy of a record already kept). */
  keep(kind: string, step: number, tag: string, fields: readonly (readonly [string, number])[], lineNo: number): boolean {
    if (tag === '') return true;
    this.rec++;
    let name = '';
    let value = NaN;
    for (const f of fields) {
      if (this.compare(f[0])) {
        name = f[0];
        value = f[1];
        break;
      }
    }
    if (!this.multi) {
      if (this.firstTag === undefined) this.firstTag = tag;
      if (tag === this.firstTag) {
        const k = this.rec % RankDedupe.WINDOW;
        this.ringKind[k] = kind;
        this.ringName[k] = name;
        this.ringStep[k] = step;
        this.ringValue[k] = value;
        this.ringLine[k] = lineNo;
        return true;
      }
      // a second process: index what the first printed within the window, then check every record
      this.multi = true;
      for (let r = Math.max(1, this.rec - RankDedupe.WINDOW); r < this.rec; r++) {
        const k = r % RankDedupe.WINDOW;
        this.seen.set(`${this.ringKind[k]} ${this.ringStep[k]}`, { tag: this.firstTag, line: this.ringLine[k]!, rec: r, name: this.ringName[k]!, value: this.ringValue[k]! });
      }
    }
    const key = `${kind} ${step}`;
    const prev = this.seen.get(key);
    if (prev && prev.tag !== tag && prev.rec >= this.rec - RankDedupe.WINDOW) {
      this.warnings.duplicate();
      if (name !== '' && name === prev.name && !(value === prev.value || (Number.isNaN(value) && Number.isNaN(prev.value)))) {
        this.warnings.note(lineNo, `ranks disagree at step ${step}: ${name} is ${prev.value} on line ${prev.line} (${prev.tag}) and ${value} here (${tag}); the first is kept`);
      }
      return false;
    }
    if (prev) this.seen.delete(key);
    this.seen.set(key, { tag, line: lineNo, rec: this.rec, name, value });
    for (const [k, v] of this.seen) {
      if (v.rec >= this.rec - RankDedupe.WINDOW) break;
      this.seen.delete(k);
    }
    return true;
  }
}

/**
 * Notices a record whose fields are the first few of the neighbouring record of its kind, in the same order: the
 * sign of a line cut short in the middle of a file (`s:9 trl:3.21 lr:0.0006 norm:1.1` cut to `s:9 trl:3.21
 * lr:0.0006` still parses). The cut line is the one with fewer fields, whether it comes before or after the other.
 * Its points are kept; the loader warns. A record with another set of fields (another print format, a new
 * configuration after a restart) is not flagged. Names for which `optional` holds (values a framework prints only
 * sometimes) are ignored.
 *
 * @example
 * const c = new FieldSetCheck();
 * c.missing('train', ['loss', 'lr', 'norm'], 1); // undefined (nothing to compare with)
 * c.missing('train', ['loss', 'lr'], 2);         // { line: 2, missing: ['norm'] }
 * c.missing('train', ['loss', 'lr', 'norm'], 3); // undefined (line 2 was already flagged)
 */
export class FieldSetCheck {
  // The names are copied when they change, so callers may pass one reused array.
  private readonly prev = new Map<string, { names: string[]; line: number; flagged: boolean }>();
  constructor(private readonly optional: (name: string) => boolean = () => false) {}

  /** {@link FieldSetCheck.missing} for `[name, value]` fields, without copying the names when they did not change. */
  missingOf(kind: string, fields: readonly (readonly [string, number])[], line: number): { line: number; missing: string[] } | undefined {
    const before = this.prev.get(kind);
    if (before && before.names.length === fields.length) {
      let same = true;
      for (let i = 0; i < fields.length && same; i++) same = before.names[i] === fields[i]![0];
      if (same) {
        before.line = line;
        before.flagged = false;
        return undefined;
      }
    }
    return this.missing(kind, fields.map((f) => f[0]), line);
  }

  /**
   * The line (this one or the previous record of this kind) that lacks fields the other has, and which; undefined
   * when neither does. Remembers this record.
   */
  missing(kind: string, names: readonly string[], line: number): { line: number; missing: string[] } | undefined {
    const before = this.prev.get(kind);
    if (before && sameNames(before.names, names)) {
      before.line = line;
      before.flagged = false;
      return undefined;
    }
    const entry = { names: [...names], line, flagged: false };
    this.prev.set(kind, entry);
    if (!before) return undefined;
    const a = before.names.filter((n) => !this.optional(n));
    const b = names.filter((n) => !this.optional(n));
    const [short, long] = b.length < a.length ? [b, a] : [a, b];
    if (short.length === long.length) return undefined;
    for (let i = 0; i < short.length; i++) if (short[i] !== long[i]) return undefined;
    if (short === b) {
      entry.flagged = true;
      return { line, missing: long.slice(short.length) };
    }
    if (before.flagged) return undefined;
    return { line: before.line, missing: long.slice(short.length) };
  }
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The warning for fields a record lacks (from {@link FieldSetCheck.missing}).
 *
 * @example
 * cutLineMessage(['norm']); // 'norm missing (the previous line of this kind had it): the line may have been cut'
 */
export function cutLineMessage(miss: readonly string[]): string {
  return `${miss.join(', ')} missing (the neighbouring line of this kind has ${miss.length > 1 ? 'them' : 'it'}): the line may have been cut`;
}

/**
 * Fields of one record seen twice: a sign that two lines ran together (a cut, interleaved output).
 *
 * @example
 * repeatedKey([['loss', 1], ['lr', 2], ['loss', 3]]); // 'loss'
 */
export function repeatedKey(fields: readonly (readonly [string, number])[]): string | undefined {
  for (let i = 1; i < fields.length; i++) {
    for (let j = 0; j < i; j++) if (fields[j]![0] === fields[i]![0]) return fields[i]![0];
  }
  return undefined;
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
 * head looked right and whose body did not). It quotes the first few line warnings, since a failed load returns no
 * RunSet to read them from.
 *
 * @example
 * throw noRecognisedLine('a.log', 'llm.c log lines such as "s:0 trl:10.98"', warnings);
 */
export function noRecognisedLine(file: string, expected: string, warnings: LineWarnings): LoadError {
  const first = warnings.first(3);
  const why = warnings.skipped > 0
    ? `no line parsed (${warnings.skipped} looked like the format but did not parse; the first: ${first.join('; ')})`
    : first.length > 0 ? `no line in the expected format (${first.join('; ')})` : 'no line in the expected format';
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
