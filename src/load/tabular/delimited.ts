/**
 * Delimited tables (CSV, TSV) in long form (run, step, metric, value) or wide form (a step column plus one
 * column per metric), streamed from bytes into the RunSetBuilder's fast path.
 *
 * Empty cells are missing (no point). `nan`, `inf`, `-inf`, `Infinity` are non-finite values (kept; the builder
 * flags them). A wide column whose first non-empty cell is not a number is skipped with a warning; a non-number
 * in a column that already gave numbers, or in the step/value column, is a LoadError naming file, line, column.
 * A long table may have a `flag` column (0 ok, 1 non-finite, 2 skipped iteration, as src/runs/io.ts writes it):
 * 2 marks the point as a skipped iteration; any other value than 0, 1, 2 or empty is a LoadError.
 *
 * Long tables take a fast path: unquoted one-line records are scanned once, numbers parsed while scanning and
 * repeated run/metric names recognised by their bytes; any other record (quotes, a bare CR, a blank line, a wrong
 * field count, a bad number) goes through the general RFC 4180 reader, which also gives the errors.
 *
 * @example
 * await readDelimited(ctx, 44); // ctx.path is a CSV file
 */
import { LoadError } from '../../errors.js';
import type { RunSetBuilder } from '../../runs/builder.js';
import { Flag } from '../../runs/types.js';
import type { LoadContext } from '../types.js';
import { Interner, numberFailed, parseNumber, utf8 } from './bytes.js';
import { CsvReader, ESCAPED } from './csv-reader.js';
import { dedupeNames, RowSkips, StepChecker, warnUnterminated } from './damage.js';
import { resolveRoles, stepCandidates, type RoleHints } from './roles.js';

/** Per-format knobs on top of the generic rules. */
export interface DelimitedSpec extends RoleHints {
  /** The run to put every point in when the table has no run column (default: one run keyed by the file). */
  run?: () => number;
  /** Called with the header before any row (e.g. to reject or adapt). */
  header?: (names: string[]) => void;
}

const SKIPPED = 2, NUMERIC = 1;
const K_SKIP = 0, K_RUN = 1, K_METRIC = 2, K_STEP = 3, K_VALUE = 4, K_TOKENS = 5, K_FLOPS = 6, K_TIME = 7, K_FLAG = 8;
const SLOT_MASK = 63;
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * Read `ctx.path` as a delimited table.
 *
 * @example
 * await readDelimited(ctx, 9, { step: ['_step'] }); // a TSV whose step column is `_step`
 */
export async function readDelimited(ctx: LoadContext, delim: number, spec: DelimitedSpec = {}): Promise<void> {
  const rd = CsvReader.fromFile(ctx.path, delim);
  try {
    readTable(ctx, rd, spec);
  } finally {
    rd.close();
  }
}

/** The same over an open reader (used by tests and by formats that pre-process). */
export function readTable(ctx: LoadContext, rd: CsvReader, spec: DelimitedSpec = {}): void {
  const file = ctx.path;
  if (!rd.next()) throw new LoadError('the file is empty', { file, line: 1, expected: 'a header row' });
  if (rd.damage !== undefined) throw new LoadError(`the header is damaged: ${rd.damage}`, { file, line: rd.line, expected: 'a header row' });
  const names = dedupeNames(rd.row(), (m) => ctx.warn(m, { line: rd.line }));
  const headerLine = rd.line;
  spec.header?.(names);
  const roles = resolveRoles(names, ctx.options, spec);
  const ncol = names.length;
  if (roles.step < 0) {
    throw new LoadError(`no step column in header [${names.slice(0, 12).join(', ')}${names.length > 12 ? ', ...' : ''}]`, {
      file, line: headerLine, expected: `a step column (${stepCandidates(ctx.options, spec)}); name it with stepColumn (CLI: --step-column)`,
    });
  }
  const b = ctx.builder;
  const skips = new RowSkips(ctx);
  const steps = new StepChecker(ctx, skips, names[roles.step]!);
  let single = -1;
  const oneRun = (): number => (single >= 0 ? single : (single = spec.run ? spec.run() : ctx.addRun({})));
  const runs = roles.run >= 0 ? new Interner((buf, s, e, tag) => ctx.addRun({ key: decode(buf, s, e, tag) })) : undefined;
  const colName = (i: number) => names[i]!;
  /** A number in column i, or undefined (after refusing the row) when the cell is not one. */
  const num = (i: number): number | undefined => {
    const v = parseNumber(rd.buf, rd.start[i]!, rd.end[i]!);
    if (v !== v && numberFailed()) {
      skips.skip(rd.line, `'${short(rd.text(i))}' is not a number in column ${colName(i)}`);
      return undefined;
    }
    return v;
  };
  const opt = (i: number): number | undefined => (i < 0 || rd.empty(i) ? NaN : num(i));
  /** Whether the record is whole (not damaged, as many fields as the header); refuses it otherwise. */
  const whole = (): boolean => {
    if (rd.damage !== undefined) { skips.skip(rd.line, rd.damage); return false; }
    if (rd.count !== ncol) { skips.skip(rd.line, `found ${rd.count} fields where the header has ${ncol}`); return false; }
    return true;
  };
  const stepOf = (): number | undefined => {
    const i = roles.step;
    if (rd.empty(i)) { skips.skip(rd.line, `empty step (column ${colName(i)})`); return undefined; }
    const s = num(i);
    if (s === undefined || !steps.ok(s, rd.line)) return undefined;
    return s;
  };
  const runOf = (): number | undefined => {
    if (!runs) return oneRun();
    const i = roles.run;
    if (rd.empty(i)) { skips.skip(rd.line, `empty run name (column ${colName(i)})`); return undefined; }
    return runs.get(rd.buf, rd.start[i]!, rd.end[i]!, rd.flag[i]! & ESCAPED);
  };
  let loaded = 0;
  let lastLine = headerLine;

  if (roles.long) {
    const vi = roles.value, mi = roles.metric, ti = roles.tokens, fi = roles.flops, wi = roles.time, gi = roles.flag;
    const metrics = new Interner((buf, s, e, tag) => b.metricId(decode(buf, s, e, tag)));
    const si = roles.step, ri = roles.run;
    const flagOf = (): number | undefined => {
      if (gi < 0 || rd.empty(gi)) return Flag.ok;
      const f = parseNumber(rd.buf, rd.start[gi]!, rd.end[gi]!);
      if (f === 0 || f === 1) return Flag.ok; // 1 (non-finite) is what the builder derives from the value itself
      if (f === 2) return Flag.skipped;
      skips.skip(rd.line, `'${short(rd.text(gi))}' is not a flag: 0 (ok), 1 (non-finite) or 2 (skipped) in column ${colName(gi)}`);
      return undefined;
    };
    // One record through the general reader (quotes, CRs, blank lines, damage: whatever the fast scan declines).
    const slowRow = (): void => {
      if (!whole()) return;
      const step = stepOf();
      if (step === undefined) return;
      if (rd.empty(mi)) { skips.skip(rd.line, `empty metric name (column ${colName(mi)})`); return; }
      const v = rd.empty(vi) ? NaN : num(vi);
      if (v === undefined) return;
      // One refusal per row: stop at the first bad cell.
      const tokens = opt(ti);
      if (tokens === undefined) return;
      const flops = opt(fi);
      if (flops === undefined) return;
      const time = opt(wi);
      if (time === undefined) return;
      const flag = flagOf();
      if (flag === undefined) return;
      const run = runOf();
      if (run === undefined) return;
      const metric = metrics.get(rd.buf, rd.start[mi]!, rd.end[mi]!, rd.flag[mi]! & ESCAPED);
      loaded++;
      if (rd.empty(vi)) return; // missing value: no point
      b.push(run, step, metric, v, tokens, flops, time, flag);
    };

    // The fast scan: one pass over the bytes of unquoted one-line records, numbers parsed as they are scanned,
    // points pushed once the whole record is known good. Column kinds (numeric kinds are >= K_STEP):
    const kinds = new Uint8Array(ncol);
    const assign: [number, number][] = [[ri, K_RUN], [mi, K_METRIC], [si, K_STEP], [vi, K_VALUE], [ti, K_TOKENS], [fi, K_FLOPS], [wi, K_TIME], [gi, K_FLAG]];
    let fast = true;
    for (const [i, k] of assign) {
      if (i < 0) continue;
      if (kinds[i] !== K_SKIP) fast = false; // one column in two roles: leave it to the general path
      kinds[i] = k;
    }
    // One allocation for the columns instead of repeated growth (a third of the load time on 10M rows); a long
    // table has at most one point per record.
    b.reserve(rd.estimateRecords());
    const scan = fast ? new LongScan(kinds, rd.delim, b, runs, metrics, oneRun) : undefined;
    for (;;) {
      if (scan) {
        const p = scan.window(rd.buf, rd.offset, rd.linesEnd());
        rd.consumed(p, scan.lines);
        loaded += scan.lines;
      }
      if (!rd.next()) break;
      lastLine = rd.line;
      slowRow();
    }
  } else {
    const cols = roles.metrics;
    const ids = cols.map((i) => b.metricId(names[i]!.trim()));
    const state = new Uint8Array(cols.length);
    const nc = cols.length;
    looksLikeChart(ctx, cols.map((i) => names[i]!));
    while (rd.next()) {
      lastLine = rd.line;
      if (!whole()) continue;
      const step = stepOf();
      if (step === undefined) continue;
      const tokens = opt(roles.tokens);
      if (tokens === undefined) continue;
      const flops = opt(roles.flops);
      if (flops === undefined) continue;
      const time = opt(roles.time);
      if (time === undefined) continue;
      const run = runOf();
      if (run === undefined) continue;
      loaded++;
      const buf = rd.buf, st = rd.start, en = rd.end;
      let bad: string | undefined;
      for (let k = 0; k < nc; k++) {
        const i = cols[k]!;
        const s = st[i]!, e = en[i]!;
        if (s === e) continue;
        const v = parseNumber(buf, s, e);
        if (v !== v && numberFailed()) {
          if (state[k] === SKIPPED) continue;
          if (state[k] === NUMERIC) {
            bad = bad === undefined ? `'${short(rd.text(i))}' is not a number in column ${colName(i)} (it held numbers before)` : bad;
            continue;
          }
          state[k] = SKIPPED;
          ctx.warn(`column '${colName(i)}' is not numeric (first value '${short(rd.text(i))}'): skipped`, { line: rd.line });
          continue;
        }
        if (state[k] === SKIPPED) continue;
        state[k] = NUMERIC;
        b.push(run, step, ids[k]!, v, tokens, flops, time);
      }
      // A damaged cell loses its point (the row's other cells are kept): warned and counted as a damaged line.
      if (bad !== undefined) skips.skip(rd.line, `${bad} (the other cells of the row were kept)`);
    }
    if (runs === undefined) oneRun(); // a header-only file is still a run (with no points)
  }
  if (rd.unterminated && lastLine > headerLine) warnUnterminated(ctx, lastLine);
  skips.finish(loaded);
}

/**
 * A wide table whose metric columns are named `<run> - <metric>` (with `__MIN`/`__MAX` companions) is a W&B chart
 * export: read as a plain table its runs would merge into one; say so.
 */
function looksLikeChart(ctx: LoadContext, metricNames: readonly string[]): void {
  const dashed = metricNames.filter((n) => n.includes(' - ')).length;
  if (metricNames.length >= 2 && dashed === metricNames.length) {
    ctx.warn(`the columns are named '<run> - <metric>' as in a W&B chart export, but the file is read as one table (all columns become metrics of ONE run); load it with --format wandb-chart (format: 'wandb-chart') to get one run per '<run>'`);
  }
}

/**
 * The fast scan of a long table over one window of complete lines: one pass over the bytes of unquoted one-line
 * records, numbers parsed as they are scanned, points pushed once the whole record is known good. Stops at the
 * first record it declines (quotes, a bare CR, a blank line, a wrong field count, a bad number).
 */
class LongScan {
  /** Records consumed by the last {@link window} call. */
  lines = 0;
  // Name cache: spans of earlier occurrences in the current window, direct-mapped by length and two bytes.
  private readonly runS = new Int32Array(SLOT_MASK + 1);
  private readonly runE = new Int32Array(SLOT_MASK + 1);
  private readonly runId = new Int32Array(SLOT_MASK + 1);
  private readonly metS = new Int32Array(SLOT_MASK + 1);
  private readonly metE = new Int32Array(SLOT_MASK + 1);
  private readonly metId = new Int32Array(SLOT_MASK + 1);

  constructor(
    private readonly kinds: Uint8Array,
    private readonly delim: number,
    private readonly b: RunSetBuilder,
    private readonly runs: Interner | undefined,
    private readonly metrics: Interner,
    private readonly oneRun: () => number,
  ) {}

  /** Scan records in buf[p, lim) (whole lines); returns where it stopped and sets {@link lines}. */
  window(buf: Buffer, p: number, lim: number): number {
    const kinds = this.kinds, ncol = kinds.length, d = this.delim, b = this.b, runs = this.runs, metrics = this.metrics;
    const runS = this.runS, runE = this.runE, runId = this.runId, metS = this.metS, metE = this.metE, metId = this.metId;
    runS.fill(-1); metS.fill(-1); // spans point into this window only
    let lines = 0;
    while (p < lim) {
      const p0 = p;
      let step = NaN, value = NaN, tokens = NaN, flops = NaN, time = NaN, fl = 0;
      let hasValue = false, rs = 0, re = 0, ms = 0, me = 0, ok = true;
      for (let col = 0; col < ncol; col++) {
        const kind = kinds[col]!;
        const fs = p;
        let c = buf[p]!;
        if (c === 34) { ok = false; break; }
        if (kind >= K_STEP) {
          // A plain decimal (sign, at most 15 digits, optional point) is exact as m / 10^scale (both exact
          // doubles, one correctly rounded division), as in parseNumber; anything else goes to parseNumber.
          let q = p, neg = false, m = 0, nd = 0, scale = 0;
          if (c === 45) { neg = true; c = buf[++q]!; }
          while (c >= 48 && c <= 57) { m = m * 10 + (c - 48); nd++; c = buf[++q]!; }
          if (c === 46) {
            c = buf[++q]!;
            while (c >= 48 && c <= 57) { m = m * 10 + (c - 48); nd++; scale++; c = buf[++q]!; }
          }
          let v: number;
          if (nd > 0 && nd <= 15 && (c === d || c === 10 || c === 13)) {
            v = scale === 0 ? m : m / POW10[scale]!;
            if (neg) v = -v;
          } else {
            while (c !== d && c !== 10 && c !== 13) c = buf[++q]!;
            if (q === fs) v = NaN;
            else {
              v = parseNumber(buf, fs, q);
              if (v !== v && numberFailed()) { ok = false; break; }
            }
          }
          p = q;
          const empty = q === fs;
          if (kind === K_STEP) {
            // empty, NaN, infinite, negative, fractional or above 2^53: the general path says which
            if (!(v >= 0 && v <= 9007199254740991 && Math.floor(v) === v)) { ok = false; break; }
            step = v;
          } else if (kind === K_VALUE) {
            value = v;
            hasValue = !empty;
          } else if (kind === K_TOKENS) tokens = v;
          else if (kind === K_FLOPS) flops = v;
          else if (kind === K_TIME) time = v;
          else if (!empty) {
            if (v !== 0 && v !== 1 && v !== 2) { ok = false; break; }
            fl = v;
          }
        } else {
          while (c > 13 ? c !== d : c !== d && c !== 10 && c !== 13) c = buf[++p]!;
          if (kind === K_RUN) {
            if (p === fs) { ok = false; break; }
            rs = fs; re = p;
          } else if (kind === K_METRIC) {
            if (p === fs) { ok = false; break; }
            ms = fs; me = p;
          }
        }
        c = buf[p]!;
        if (col < ncol - 1) {
          if (c !== d) { ok = false; break; }
          p++;
        } else if (c === 10) p++;
        else if (c === 13 && buf[p + 1] === 10) p += 2;
        else { ok = false; break; }
      }
      if (!ok) { p = p0; break; }
      // Names: look for the same bytes earlier in this window (direct-mapped by length and two bytes) before
      // asking the interner; rows usually repeat a handful of metric names and one run name.
      let run: number, metric: number;
      if (runs === undefined) run = this.oneRun();
      else {
        const h = (re - rs) * 31 + buf[re - 1]! * 7 + buf[rs]! & SLOT_MASK;
        const cs = runS[h]!;
        if (cs >= 0 && runE[h]! - cs === re - rs && sameBytes(buf, cs, rs, re - rs)) run = runId[h]!;
        else { run = runs.get(buf, rs, re, 0); runS[h] = rs; runE[h] = re; runId[h] = run; }
      }
      {
        const h = (me - ms) * 31 + buf[me - 1]! * 7 + buf[ms]! & SLOT_MASK;
        const cs = metS[h]!;
        if (cs >= 0 && metE[h]! - cs === me - ms && sameBytes(buf, cs, ms, me - ms)) metric = metId[h]!;
        else { metric = metrics.get(buf, ms, me, 0); metS[h] = ms; metE[h] = me; metId[h] = metric; }
      }
      if (hasValue) b.push(run, step, metric, value, tokens, flops, time, fl === 2 ? Flag.skipped : Flag.ok);
      lines++;
    }
    this.lines = lines;
    return p;
  }
}

/** Whether buf[a, a + n) and buf[b, b + n) hold the same bytes. */
function sameBytes(buf: Uint8Array, a: number, b: number, n: number): boolean {
  for (let i = 0; i < n; i++) if (buf[a + i] !== buf[b + i]) return false;
  return true;
}

function decode(buf: Uint8Array, s: number, e: number, tag: number): string {
  const t = utf8(buf, s, e);
  return tag & ESCAPED ? t.replace(/""/g, '"') : t;
}

function short(t: string): string {
  return t.length > 40 ? t.slice(0, 37) + '...' : t;
}
