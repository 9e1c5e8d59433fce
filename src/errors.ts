/**
 * Typed errors, one class per failure class. Every stage imports from here, so this file imports nothing.
 *
 * A user can act on every message: it names the file, the line or byte offset, the run, and what was expected.
 *
 * @example
 * try { await load('runs/'); } catch (e) { if (e instanceof LoadError) console.error(e.file, e.line, e.message); }
 */

// C0 controls (ESC starts terminal escape sequences), DEL, C1 controls, line/paragraph separators and the bidi
// overrides and isolates (text that reorders itself on screen). Tab is kept; newline is kept in error messages only.
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const CONTROL_KEEP_NEWLINE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * Show control characters escaped (`\x1b`, `\x00`, `\u202e`), so that text copied from an input file into a
 * warning or an error message cannot move the cursor, recolour or clear a terminal, or reorder what is shown.
 * Every {@link ScalelabError} message and every load warning goes through it.
 *
 * @example
 * escapeControl('bad \x1b[2J line');       // 'bad \\x1b[2J line'
 * escapeControl('a\nb');                   // 'a\\nb'
 * escapeControl('a\nb', { keepNewlines: true }); // 'a\nb'
 */
export function escapeControl(text: string, options: { keepNewlines?: boolean } = {}): string {
  const re = options.keepNewlines ? CONTROL_KEEP_NEWLINE : CONTROL;
  re.lastIndex = 0;
  if (!re.test(text)) return text;
  re.lastIndex = 0;
  return text.replace(re, (c) => {
    const code = c.charCodeAt(0);
    if (code === 10) return '\\n';
    if (code === 13) return '\\r';
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** Base class of every error scalelab throws on purpose. Control characters in its message are shown escaped. */
export class ScalelabError extends Error {
  override name = 'ScalelabError';
  constructor(message: string) {
    super(escapeControl(message, { keepNewlines: true }));
  }
}

/** Where in a file a load failure happened. */
export interface LoadErrorLocation {
  /** Path of the file (as given by the user). */
  file: string;
  /** 1-based line number, for text formats. */
  line?: number;
  /** 0-based byte offset, for binary formats. */
  offset?: number;
  /** What the parser expected to find there. */
  expected?: string;
}

/**
 * A file could not be read into runs.
 *
 * @example
 * throw new LoadError('bad number in column "value"', { file: 'a.csv', line: 12, expected: 'a number' });
 */
export class LoadError extends ScalelabError {
  override name = 'LoadError';
  readonly file: string;
  readonly line?: number;
  readonly offset?: number;
  readonly expected?: string;
  constructor(message: string, where: LoadErrorLocation) {
    const at = where.line !== undefined ? `:${where.line}` : where.offset !== undefined ? ` @ byte ${where.offset}` : '';
    const exp = where.expected ? ` (expected ${where.expected})` : '';
    super(`${where.file}${at}: ${message}${exp}`);
    this.file = where.file;
    this.line = where.line;
    this.offset = where.offset;
    this.expected = where.expected;
  }
}

/**
 * The format of a file could not be recognised, or the named format does not exist.
 *
 * @example
 * throw new FormatError('no loader recognised this file', 'x.bin', ['csv', 'jsonl']);
 */
export class FormatError extends ScalelabError {
  override name = 'FormatError';
  readonly file: string;
  readonly supported: readonly string[];
  constructor(message: string, file: string, supported: readonly string[]) {
    super(`${file}: ${message}. Supported formats: ${supported.join(', ')}`);
    this.file = file;
    this.supported = supported;
  }
}

/** Input to an analysis is invalid (wrong shape, too few points, bad values); names the offending rows or runs. */
export class InputError extends ScalelabError {
  override name = 'InputError';
}

/** A fit failed or was refused (no convergence, a budget without an interior minimum, ...). */
export class FitError extends ScalelabError {
  override name = 'FitError';
}

/** A comparison is impossible as asked (unmatched seeds for a paired test, a variant with one run, ...). */
export class CompareError extends ScalelabError {
  override name = 'CompareError';
}

/** A figure or report could not be built or written. */
export class ReportError extends ScalelabError {
  override name = 'ReportError';
}

/**
 * Why a file could not be read, in words (for messages: "cannot read X: <this>"), instead of Node's
 * `ENOENT: no such file or directory, open 'X'`.
 *
 * @example
 * try { readFileSync(p); } catch (e) { throw new ReportError(`cannot read ${p}: ${fileErrorReason(e)}`); }
 * // "cannot read nope.json: no such file"
 */
export function fileErrorReason(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ENOENT': return 'no such file';
    case 'EISDIR': return 'it is a folder, not a file';
    case 'ENOTDIR': return 'a part of the path is a file, not a folder';
    case 'EACCES':
    case 'EPERM': return 'permission denied';
    default: return e instanceof Error ? e.message : String(e);
  }
}
