/**
 * Damaged input is never silent: every row a tabular loader does not load gets a warning naming file:line and is
 * counted (`LoadWarning.skipped`, summed by `scalelab load --json` as `skipped_lines`); a file whose rows are
 * all damaged is a LoadError naming the first one. Also the checks on step numbers shared by the tabular loaders,
 * the "last line has no newline" flag, and pandas-style renaming of duplicate column names.
 *
 * (The text-log loaders get an equivalent "file ends mid-line" helper in src/load/; this one is the tabular
 * loaders' own until the two are merged.)
 *
 * @example
 * const skips = new RowSkips(ctx);
 * skips.skip(12, "'oops' is not a number in column loss");
 * skips.finish(loadedRows); // one more warning if more than 50 rows were skipped; LoadError when nothing loaded
 */
import { LoadError } from '../../errors.js';
import type { LoadContext } from '../types.js';

/** Rows warned about one by one before the rest are summarised in a single warning (which still counts them). */
export const SHOWN_SKIPS = 50;

/**
 * Collects refused rows of one file: the first {@link SHOWN_SKIPS} as warnings of their own, the rest in one
 * warning giving their count and line range.
 *
 * @example
 * const s = new RowSkips(ctx); s.skip(3, 'step inf is not finite'); s.finish(10);
 */
export class RowSkips {
  /** Rows refused so far. */
  count = 0;
  private rest = 0;
  private restFirst = 0;
  private restLast = 0;
  private first: { line: number; why: string } | undefined;

  constructor(private readonly ctx: LoadContext) {}

  /** Refuse the row at `line` (1-based) because of `why` (a sentence without the location). */
  skip(line: number, why: string): void {
    this.count++;
    this.first ??= { line, why };
    if (this.count <= SHOWN_SKIPS) {
      this.ctx.warn(`${why}: row not loaded`, { line, skipped: 1 });
      return;
    }
    if (this.rest++ === 0) this.restFirst = line;
    this.restLast = line;
  }

  /**
   * End of file: summarise the rows beyond the first {@link SHOWN_SKIPS}; when rows were refused and none loaded,
   * throw a LoadError naming the first damaged row (the file is not what its format says).
   */
  finish(loaded: number): void {
    if (this.rest > 0) {
      this.ctx.warn(`${this.rest} more damaged row(s) not loaded (lines ${this.restFirst}..${this.restLast}; the first ${SHOWN_SKIPS} are listed above)`, { line: this.restFirst, skipped: this.rest });
    }
    if (this.count > 0 && loaded === 0 && this.first) {
      throw new LoadError(`none of the ${this.count} row(s) could be loaded; the first: ${this.first.why}`, { file: this.ctx.path, line: this.first.line });
    }
  }
}

/** 2^53: above it not every integer is a double, so a step may have been rounded. */
export const MAX_EXACT_STEP = Number.MAX_SAFE_INTEGER;

/**
 * Why `s` cannot be a step (NaN, infinite, negative, not an integer), or undefined when it can. Steps above 2^53
 * are allowed here; see {@link StepChecker}.
 *
 * @example
 * stepProblem(1e400); // 'step Infinity is not finite'
 * stepProblem(10);    // undefined
 */
export function stepProblem(s: number): string | undefined {
  if (s !== s) return 'step is NaN';
  if (s === Infinity || s === -Infinity) return `step ${s} is not finite`;
  if (s < 0) return `step ${s} is negative`;
  if (Math.floor(s) !== s) return `step ${s} is not an integer`;
  return undefined;
}

/**
 * Per-file step checks: refuses bad steps (through {@link RowSkips}) and warns once when a step is above 2^53
 * (the number read may differ from the one written).
 *
 * @example
 * const steps = new StepChecker(ctx, skips, 'step');
 * if (steps.ok(s, line)) builder.push(run, s, ...);
 */
export class StepChecker {
  private bigWarned = false;
  constructor(private readonly ctx: LoadContext, private readonly skips: RowSkips, private readonly column: string) {}

  /** Whether `s` is a usable step; otherwise the row at `line` is refused with a warning. */
  ok(s: number, line: number): boolean {
    if (s >= 0 && s <= MAX_EXACT_STEP && Math.floor(s) === s) return true;
    const why = stepProblem(s);
    if (why !== undefined) {
      this.skips.skip(line, `${why} (column ${this.column})`);
      return false;
    }
    if (!this.bigWarned) {
      this.bigWarned = true;
      this.ctx.warn(`step ${s} in column ${this.column} is above 2^53: steps this large may be rounded (kept as read)`, { line });
    }
    return true;
  }
}

/**
 * Flag a last line that has no newline in a file whose other lines end with one: it may be cut short (a file
 * still being written, a truncated copy). The line is kept.
 *
 * @example
 * warnUnterminated(ctx, 120); // "the last line (120) has no newline ..."
 */
export function warnUnterminated(ctx: LoadContext, line: number): void {
  ctx.warn('the last line has no newline while the others have one: it may be cut short (a file still being written or truncated); its values were kept, check them', { line });
}

/**
 * Rename repeated column names as pandas does (`a`, `a.1`, `a.2`, skipping names already taken), so that no
 * column silently supersedes another; one warning lists the renames.
 *
 * @example
 * dedupeNames(['step', 'loss', 'loss'], warn); // ['step', 'loss', 'loss.1']
 */
export function dedupeNames(names: readonly string[], warn: (message: string) => void): string[] {
  const taken = new Set<string>();
  const out: string[] = [];
  const renamed: string[] = [];
  const seen = new Set(names);
  for (const n of names) {
    if (!taken.has(n)) {
      taken.add(n);
      out.push(n);
      continue;
    }
    let k = 1;
    while (taken.has(`${n}.${k}`) || seen.has(`${n}.${k}`)) k++;
    const m = `${n}.${k}`;
    taken.add(m);
    out.push(m);
    renamed.push(`'${n}' (column ${out.length}) read as '${m}'`);
  }
  if (renamed.length) warn(`duplicate column names: ${renamed.join(', ')}; both columns are kept`);
  return out;
}
