/**
 * Delimited tables (CSV, TSV) in long form (run, step, metric, value) or wide form (a step column plus one
 * column per metric), streamed from bytes into the RunSetBuilder's fast path.
 *
 * Empty cells are missing (no point). `nan`, `inf`, `-inf`, `Infinity` are non-finite values (kept; the builder
 * flags them). A wide column whose first non-empty cell is not a number is skipped with a warning; a non-number
 * in a column that already gave numbers, or in the step/value column, is a LoadError naming file, line, column.
 *
 * @example
 * await readDelimited(ctx, 44); // ctx.path is a CSV file
 */
import { LoadError } from '../../errors.js';
import type { LoadContext } from '../types.js';
import { Interner, numberFailed, parseNumber, utf8 } from './bytes.js';
import { CsvReader, ESCAPED } from './csv-reader.js';
import { resolveRoles, stepCandidates, type RoleHints } from './roles.js';

/** Per-format knobs on top of the generic rules. */
export interface DelimitedSpec extends RoleHints {
  /** The run to put every point in when the table has no run column (default: one run keyed by the file). */
  run?: () => number;
  /** Called with the header before any row (e.g. to reject or adapt). */
  header?: (names: string[]) => void;
}

const SKIPPED = 2, NUMERIC = 1;

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
  const names = rd.row();
  const headerLine = rd.line;
  spec.header?.(names);
  const roles = resolveRoles(names, ctx.options, spec);
  const ncol = names.length;
  if (roles.step < 0) {
    throw new LoadError(`no step column in header [${names.slice(0, 12).join(', ')}${names.length > 12 ? ', ...' : ''}]`, {
      file, line: headerLine, expected: `a step column (${stepCandidates(ctx.options, spec)}); set stepColumn to name it`,
    });
  }
  const b = ctx.builder;
  let single = -1;
  const oneRun = (): number => (single >= 0 ? single : (single = spec.run ? spec.run() : ctx.addRun({})));
  const runs = roles.run >= 0 ? new Interner((buf, s, e, tag) => ctx.addRun({ key: decode(buf, s, e, tag) })) : undefined;
  const colName = (i: number) => names[i]!;
  const num = (i: number, what: string): number => {
    const v = parseNumber(rd.buf, rd.start[i]!, rd.end[i]!);
    if (v !== v && numberFailed()) {
      throw new LoadError(`'${short(rd.text(i))}' is not a number`, { file, line: rd.line, expected: `a number in column ${what}` });
    }
    return v;
  };
  const opt = (i: number): number => (i < 0 || rd.empty(i) ? NaN : num(i, colName(i)));
  const checkWidth = () => {
    if (rd.count !== ncol) throw new LoadError(`found ${rd.count} fields`, { file, line: rd.line, expected: `${ncol} fields as in the header` });
  };
  const stepOf = (): number => {
    const i = roles.step;
    if (rd.empty(i)) throw new LoadError('empty step', { file, line: rd.line, expected: `a number in column ${colName(i)}` });
    const s = num(i, colName(i));
    if (Number.isNaN(s)) throw new LoadError('step is NaN', { file, line: rd.line, expected: `a number in column ${colName(i)}` });
    return s;
  };
  const runOf = (): number => {
    if (!runs) return oneRun();
    const i = roles.run;
    if (rd.empty(i)) throw new LoadError('empty run name', { file, line: rd.line, expected: `a run name in column ${colName(i)}` });
    return runs.get(rd.buf, rd.start[i]!, rd.end[i]!, rd.flag[i]! & ESCAPED);
  };

  if (roles.long) {
    const vi = roles.value, mi = roles.metric, ti = roles.tokens, fi = roles.flops, wi = roles.time;
    const metrics = new Interner((buf, s, e, tag) => b.metricId(decode(buf, s, e, tag)));
    const si = roles.step, ri = roles.run;
    while (rd.next()) {
      if (rd.count !== ncol) checkWidth();
      const buf = rd.buf, st = rd.start, en = rd.end;
      // step (inlined stepOf: this loop runs once per row of multi-million-row files)
      const ss = st[si]!, se = en[si]!;
      let step = ss === se ? NaN : parseNumber(buf, ss, se);
      if (step !== step) step = stepOf();
      const run = runs === undefined ? oneRun() : en[ri] === st[ri] ? runOf() : runs.get(buf, st[ri]!, en[ri]!, rd.flag[ri]! & ESCAPED);
      if (en[mi] === st[mi]) throw new LoadError('empty metric name', { file, line: rd.line, expected: `a metric name in column ${colName(mi)}` });
      const metric = metrics.get(buf, st[mi]!, en[mi]!, rd.flag[mi]! & ESCAPED);
      const vs = st[vi]!, ve = en[vi]!;
      if (vs === ve) continue; // missing value: no point
      let v = parseNumber(buf, vs, ve);
      if (v !== v) v = num(vi, colName(vi));
      b.push(run, step, metric, v, ti < 0 ? NaN : opt(ti), fi < 0 ? NaN : opt(fi), wi < 0 ? NaN : opt(wi));
    }
    return;
  }

  const cols = roles.metrics;
  const ids = cols.map((i) => b.metricId(names[i]!.trim()));
  const state = new Uint8Array(cols.length);
  const nc = cols.length;
  while (rd.next()) {
    if (rd.count !== ncol) checkWidth();
    const step = stepOf();
    const run = runOf();
    const tokens = opt(roles.tokens), flops = opt(roles.flops), time = opt(roles.time);
    const buf = rd.buf, st = rd.start, en = rd.end;
    for (let k = 0; k < nc; k++) {
      const i = cols[k]!;
      const s = st[i]!, e = en[i]!;
      if (s === e) continue;
      const v = parseNumber(buf, s, e);
      if (v !== v && numberFailed()) {
        if (state[k] === SKIPPED) continue;
        if (state[k] === NUMERIC) {
          throw new LoadError(`'${short(rd.text(i))}' is not a number`, { file, line: rd.line, expected: `a number in column ${colName(i)} (it held numbers before)` });
        }
        state[k] = SKIPPED;
        ctx.warn(`column '${colName(i)}' is not numeric (first value '${short(rd.text(i))}'): skipped`, { line: rd.line });
        continue;
      }
      if (state[k] === SKIPPED) continue;
      state[k] = NUMERIC;
      b.push(run, step, ids[k]!, v, tokens, flops, time);
    }
  }
  if (runs === undefined) oneRun(); // a header-only file is still a run (with no points)
}

function decode(buf: Uint8Array, s: number, e: number, tag: number): string {
  const t = utf8(buf, s, e);
  return tag & ESCAPED ? t.replace(/""/g, '"') : t;
}

function short(t: string): string {
  return t.length > 40 ? t.slice(0, 37) + '...' : t;
}
