/**
 * Plain typed input of the fitting engine, and its validation. A point is one (N, D, C, loss) observation;
 * `group` names the run it belongs to (the bootstrap resamples runs, never checkpoints of one run). Any two of
 * N, D, C give the third through C = 6ND.
 *
 * @example
 * const pts = pointsFromTable(rows, { N: 'Model Size', C: 'Training FLOP', loss: 'loss' });
 * const data = preparePoints(pts, ['N', 'D']);
 */
import { InputError } from '../errors.js';
import type { Variable } from './laws.js';

/** One observation: any two of N (parameters), D (tokens), C (FLOPs), and the loss. */
export interface FitPoint {
  N?: number;
  D?: number;
  C?: number;
  loss: number;
  /** The run this point belongs to; points without a group are each their own run. */
  group?: string;
}

/** Points after validation, as columns; N, D and C are all filled. */
export interface PreparedPoints {
  N: Float64Array;
  D: Float64Array;
  C: Float64Array;
  loss: Float64Array;
  /** Group index of each point. */
  group: Int32Array;
  /** Group names, by index. */
  groupNames: string[];
  /** Non-fatal problems (duplicated rows, C far from 6ND), naming the rows (1-based, with run names). */
  warnings: string[];
}

/** Rows as a user counts them: data rows from 1 (a CSV's row k is on line k + 1), with the run name when known. */
const rowName = (points: readonly FitPoint[], i: number): string => {
  const g = points[i]?.group;
  return g !== undefined && g !== '' ? `${i + 1} (${g})` : String(i + 1);
};
const listRows = (points: readonly FitPoint[], rows: number[]): string => {
  const head = rows.slice(0, 10).map((i) => rowName(points, i)).join(', ');
  return rows.length > 10 ? `${head}, ... (${rows.length} rows)` : head;
};

/**
 * Validate points and complete N, D, C with C = 6ND. Throws InputError naming the rows (from 1, with run names)
 * when a value is missing,
 * non-finite or non-positive; warns (in `warnings`) on duplicated rows and on C more than 10% from 6ND.
 *
 * @example
 * preparePoints([{ N: 1e8, D: 2e9, loss: 3.1 }], ['N', 'D']).C[0]; // 1.2e18
 */
export function preparePoints(points: readonly FitPoint[], needs: readonly Variable[] = []): PreparedPoints {
  const list = (rows: number[]): string => listRows(points, rows);
  if (!Array.isArray(points)) throw new InputError('points must be an array of {N?, D?, C?, loss, group?}');
  const n = points.length;
  const N = new Float64Array(n), D = new Float64Array(n), C = new Float64Array(n), loss = new Float64Array(n);
  const group = new Int32Array(n);
  const groupNames: string[] = [];
  const groupIndex = new Map<string, number>();
  const bad: Record<string, number[]> = {};
  const mark = (what: string, i: number): void => { (bad[what] ??= []).push(i); };
  const ok = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;
  const inconsistent: number[] = [];
  for (let i = 0; i < n; i++) {
    const p = points[i]!;
    for (const k of ['N', 'D', 'C', 'loss'] as const) {
      const v = p[k];
      if (v !== undefined && v !== null && !ok(v)) mark(`non-positive or non-finite ${k}`, i);
    }
    let { N: ni, D: di, C: ci } = p;
    const given = [ni, di, ci].filter((v) => ok(v)).length;
    if (given < 2) {
      const only = ok(ni) ? 'N' : ok(di) ? 'D' : ok(ci) ? 'C' : null;
      if (needs.length > 0 && !(needs.length === 1 && only === needs[0])) mark('fewer than two of N, D, C', i);
    }
    if (ok(ni) && ok(di) && !ok(ci)) ci = 6 * ni * di;
    else if (ok(ni) && ok(ci) && !ok(di)) di = ci / (6 * ni);
    else if (ok(di) && ok(ci) && !ok(ni)) ni = ci / (6 * di);
    else if (ok(ni) && ok(di) && ok(ci) && Math.abs(ci / (6 * ni * di) - 1) > 0.1) inconsistent.push(i);
    N[i] = ok(ni) ? ni : NaN;
    D[i] = ok(di) ? di : NaN;
    C[i] = ok(ci) ? ci : NaN;
    loss[i] = ok(p.loss) ? p.loss : NaN;
    if (!ok(p.loss) && (p.loss === undefined || p.loss === null)) mark('missing loss', i);
    const gname = p.group ?? `#${i}`;
    let gi = groupIndex.get(gname);
    if (gi === undefined) { gi = groupNames.length; groupIndex.set(gname, gi); groupNames.push(gname); }
    group[i] = gi;
  }
  const problems = Object.entries(bad);
  if (problems.length > 0) {
    throw new InputError(problems.map(([what, rows]) => `${what} in rows ${list(rows)}`).join('; '));
  }
  const warnings: string[] = [];
  const seen = new Map<string, number>();
  const dups: string[] = [];
  for (let i = 0; i < n; i++) {
    const key = `${N[i]}|${D[i]}|${C[i]}|${loss[i]}`;
    const j = seen.get(key);
    if (j !== undefined) dups.push(`${rowName(points, i)} same as ${rowName(points, j)}`);
    else seen.set(key, i);
  }
  if (dups.length > 0) warnings.push(`duplicated rows: ${dups.slice(0, 10).join(', ')}${dups.length > 10 ? `, ... (${dups.length})` : ''}`);
  if (inconsistent.length > 0) warnings.push(`C differs from 6ND by more than 10% in rows ${list(inconsistent)} (C kept as given)`);
  return { N, D, C, loss, group, groupNames, warnings };
}

/** Column names of a table for each field of a {@link FitPoint}. Unmapped fields use their own name. */
export interface ColumnMapping {
  N?: string;
  D?: string;
  C?: string;
  loss?: string;
  group?: string;
}

/** A table: plain row objects, or anything with `objects()` (an arquero ColumnTable). */
export type TableLike = readonly Record<string, unknown>[] | { objects(): object[] };

const num = (v: unknown): number | undefined => {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && v.trim() !== '') return Number(v);
  return undefined;
};

/**
 * Build points from a table with a column mapping. Numeric strings are parsed; empty cells are missing.
 *
 * @example
 * import * as aq from 'arquero';
 * const t = aq.table({ 'Model Size': [1e8, 4e8], 'Training FLOP': [1e18, 4e18], loss: [3.2, 2.9] });
 * pointsFromTable(t, { N: 'Model Size', C: 'Training FLOP' }); // [{N: 1e8, C: 1e18, loss: 3.2}, ...]
 */
export function pointsFromTable(table: TableLike, mapping: ColumnMapping = {}): FitPoint[] {
  const rows = Array.isArray(table) ? (table as readonly Record<string, unknown>[]) : ((table as { objects(): object[] }).objects() as Record<string, unknown>[]);
  const col = (k: keyof ColumnMapping): string => mapping[k] ?? k;
  if (rows.length > 0) {
    const first = rows[0]!;
    const lossCol = col('loss');
    if (!(lossCol in first)) throw new InputError(`no loss column '${lossCol}' (columns: ${Object.keys(first).join(', ')})`);
    for (const k of ['N', 'D', 'C', 'group'] as const) {
      if (mapping[k] !== undefined && !(mapping[k]! in first)) {
        throw new InputError(`no column '${mapping[k]}' for ${k} (columns: ${Object.keys(first).join(', ')})`);
      }
    }
    if (!(['N', 'D', 'C'] as const).some((k) => col(k) in first)) throw new InputError(unmappedMessage(Object.keys(first), mapping));
  }
  return rows.map((r) => {
    const p: FitPoint = { loss: num(r[col('loss')]) ?? NaN };
    for (const k of ['N', 'D', 'C'] as const) {
      const v = num(r[col(k)]);
      if (v !== undefined) p[k] = v;
    }
    const g = r[col('group')];
    if (g !== undefined && g !== null && g !== '') p.group = String(g);
    return p;
  });
}

/** Likely columns for N, D, C and loss by name (e.g. 'Model Size' for N), for error messages. */
export function guessColumns(columns: readonly string[]): Partial<Record<'N' | 'D' | 'C' | 'loss', string>> {
  const pick = (re: RegExp) => columns.find((c) => re.test(c));
  const g: Partial<Record<'N' | 'D' | 'C' | 'loss', string>> = {};
  const n = pick(/^(n|params?)$|param|model.?size|\bsize\b/i);
  const d = pick(/^d$|token|data.?size/i);
  const c = pick(/^c$|flop|compute/i);
  const l = pick(/^loss$|loss/i);
  if (n) g.N = n;
  if (d) g.D = d;
  if (c) g.C = c;
  if (l) g.loss = l;
  return g;
}

/**
 * The message for a table whose columns are not mapped to N, D, C: the columns seen, and a mapping to try.
 *
 * @example
 * unmappedMessage(['x', 'Model Size', 'Training FLOP', 'loss'], {});
 * // "no column for N, D or C among the table's columns (x, Model Size, Training FLOP, loss): map them, e.g. …"
 */
export function unmappedMessage(columns: readonly string[], mapping: ColumnMapping, needs = 'N, D or C'): string {
  const g = guessColumns(columns);
  const tried = (['N', 'D', 'C'] as const).map((k) => `${k} -> '${mapping[k] ?? k}'`).join(', ');
  const hint = (['N', 'D', 'C'] as const).filter((k) => g[k] !== undefined && mapping[k] === undefined);
  const example = hint.length > 0
    ? `{ ${hint.map((k) => `${k}: '${g[k]}'`).join(', ')} } (CLI: ${hint.map((k) => `--col ${k}="${g[k]}"`).join(' ')})`
    : `{ N: 'my N column', C: 'my FLOPs column' } (CLI: --col N="..." --col C="...")`;
  return `no column for ${needs} among the table's columns (${columns.join(', ')}); looked for ${tried}: map them, e.g. ${example}`;
}