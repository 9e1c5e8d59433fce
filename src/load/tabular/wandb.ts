/**
 * Weights & Biases exports.
 *
 * - `wandb-runs`: the runs-table CSV, older layout (Name, State, Notes, User, Tags, Created, Runtime, Sweep, ...)
 *   or current layout (Name, Created, Runtime, End Time, ID, Notes, ..., no State), then config and summary
 *   columns that cannot be told apart by name. The run id is the `ID` column when there is one (names may repeat). With `configColumns`, those columns are config and the
 *   other numeric ones summary. Without it, numeric columns go to summary, text and boolean columns to config,
 *   and one warning says config could not be separated (naming the option). A `seed` column becomes the run's
 *   seed either way; Runtime becomes `summary._runtime` (seconds); Notes/User/Tags/Created/Sweep become config
 *   `wandb.notes` etc. when set. These runs have no curves, only summary values.
 * - `wandb-chart`: a line-plot CSV export: an x-axis column (`Step`, or whatever the chart's x-axis was:
 *   `_step`, `global_step`, `evaluations`, `ray/tune/info/num_steps_sampled`, a time axis; `stepColumn` names it),
 *   then `<run> - <metric>`, `<run> - <metric>__MIN`, `__MAX`. An x-axis of non-negative integers is the step;
 *   any other (wall time, relative time, fractional epochs) is kept per point (as time for a time axis, else as a
 *   metric named after the column) and the step is the row number, with a warning. The
 *   metric is the shortest ` - `-separated suffix that every column shares (a chart plots one metric); when the
 *   columns share none, each column is split at its LAST ` - ` (run names contain ` - ` more often than metric
 *   keys). `__MIN`/`__MAX` (the bucket range when W&B sampled) are dropped with a note when they equal the value
 *   everywhere, else kept as metrics `<metric>__min` / `<metric>__max`; they are never separate runs.
 * - `wandb-history`: a run's history CSV (`_step`, `_timestamp`, `_runtime`, metric columns, sparse cells):
 *   `_step` is the step, `_runtime` the time (seconds; `_timestamp` when `_runtime` is absent); `_timestamp` is
 *   otherwise not kept. Non-numeric columns (media such as "Sample Generation") are skipped with a warning.
 * - `wandb-history-parquet`: the same columns in a Parquet file.
 *
 * @example
 * const rs = await load('wandb_export.csv', { configColumns: ['lr', 'batch_size', 'seed'] });
 */
import { LoadError } from '../../errors.js';
import type { ConfigValue } from '../../runs/types.js';
import type { FormatLoader, LoadContext, Probe } from '../types.js';
import { parseNumberText } from './bytes.js';
import { CsvReader, readRows } from './csv-reader.js';
import { readDelimited } from './delimited.js';
import { isLongSchema, longParquetLoader } from './longform.js';
import { seedValue } from '../rule.js';
import { dedupeNames, RowSkips, StepChecker, stepProblem, warnUnterminated } from './damage.js';
import { decodeInWorker } from '../binary/sandbox.js';
import { resolveRoles, stepCandidates, type RoleHints } from './roles.js';

/** The first row of a CSV probe, or undefined when the head is not CSV. */
export function headerOf(p: Probe): string[] | undefined {
  if (p.isDirectory || p.head.length === 0) return undefined;
  const nl = p.head.indexOf(10);
  try {
    const rd = CsvReader.fromBytes(nl >= 0 ? p.head.subarray(0, nl + 1) : p.head, 44, p.path);
    return rd.next() ? rd.row() : undefined;
  } catch {
    return undefined;
  }
}

/** The runs-table's own columns (older and current layouts), never config or summary. */
const FIXED = ['Name', 'State', 'Notes', 'User', 'Tags', 'Created', 'Runtime', 'Sweep', 'End Time', 'ID', 'Hostname', 'Group', 'Job Type', 'Updated', 'Heartbeat', 'GPU Type', 'GPU Count', 'Commit', 'GitHub', 'Command'];
/** Fixed columns kept as config `wandb.<lower_snake>` when set. */
const AS_CONFIG = ['Notes', 'User', 'Tags', 'Created', 'Sweep', 'End Time', 'ID', 'Hostname', 'Group', 'Job Type', 'GPU Type', 'GPU Count'];

/** Whether a header is a W&B runs-table export (older: Name, State, ...; current: Name, Created, Runtime, ...). */
export function isRunsTableHeader(h: readonly string[]): boolean {
  if (h[0] !== 'Name' || h.length < 2) return false;
  if (h[1] === 'State') return true;
  const fixed = h.filter((c) => FIXED.includes(c)).length;
  return h.includes('Created') && h.includes('Runtime') && fixed >= 3;
}

/** A cell as a config value: number when numeric, boolean for true/false, else the string. */
export function configValue(s: string): ConfigValue {
  const n = parseNumberText(s);
  if (n !== undefined) return n;
  const l = s.trim().toLowerCase();
  if (l === 'true') return true;
  if (l === 'false') return false;
  return s;
}

/**
 * W&B runs-table CSV export.
 *
 * @example
 * await load('runs.csv', { format: 'wandb-runs', configColumns: ['learning_rate', 'n_layer'] });
 */
export const wandbRunsLoader: FormatLoader = {
  name: 'wandb-runs',
  description: 'W&B runs-table CSV export (Name, State, ... or Name, Created, Runtime, End Time, ID, ...; config and summary columns)',
  detect(p) {
    const h = headerOf(p);
    return h && isRunsTableHeader(h) ? 0.9 : 0;
  },
  async load(ctx) {
    const { rows: raw, lines: rawLines, damaged, unterminated } = readRows(ctx.path, 44);
    const rawHeader = raw[0];
    if (!rawHeader) throw new LoadError('the file is empty', { file: ctx.path, line: 1, expected: 'a header row' });
    const header = dedupeNames(rawHeader, (m) => ctx.warn(m, { line: rawLines[0] }));
    const skips = new RowSkips(ctx);
    for (const d of damaged) skips.skip(d.line, d.why);
    const rows = [header], lines = [rawLines[0]!];
    for (let r = 1; r < raw.length; r++) {
      if (raw[r]!.length !== header.length) skips.skip(rawLines[r]!, `found ${raw[r]!.length} fields where the header has ${header.length}`);
      else { rows.push(raw[r]!); lines.push(rawLines[r]!); }
    }
    if (unterminated) warnUnterminated(ctx, rawLines[rawLines.length - 1]!);
    const col = (n: string) => header.indexOf(n);
    const iName = col('Name');
    if (iName < 0) throw new LoadError('no Name column', { file: ctx.path, line: 1, expected: 'a W&B runs-table header starting with "Name"' });
    const iId = col('ID');
    const cfgCols = ctx.options.configColumns;
    const cfgSet = new Set(cfgCols ?? []);
    if (cfgCols) {
      const missing = cfgCols.filter((c) => !header.includes(c));
      if (missing.length) ctx.warn(`configColumns not in the header: ${missing.join(', ')}`);
    } else {
      ctx.warn('config and summary columns cannot be told apart in a W&B runs-table export: numeric columns were put in summary, text and boolean columns in config; pass configColumns (--config-columns) to name the config columns');
    }
    const warned = new Set<string>();
    for (let r = 1; r < rows.length; r++) {
      const row = rows[r]!;
      const config: Record<string, ConfigValue> = {};
      const summary: Record<string, number> = {};
      let seed: string | number | undefined;
      for (let i = 0; i < header.length; i++) {
        const name = header[i]!, cell = row[i]!;
        if (cell === '' || FIXED.includes(name)) continue;
        const v = configValue(cell);
        if (name === 'seed' && (typeof v === 'number' || typeof v === 'string')) seed = seedValue(cell); // '01' stays '01'
        if (cfgCols) {
          if (cfgSet.has(name)) config[name] = v;
          else if (typeof v === 'number') summary[name] = v;
          else if (!warned.has(name)) {
            warned.add(name);
            ctx.warn(`summary column '${name}' is not numeric (e.g. '${cell}'): skipped (list it in configColumns if it is config)`, { line: lines[r] });
          }
        } else if (typeof v === 'number') summary[name] = v;
        else config[name] = v;
      }
      for (const f of AS_CONFIG) {
        const i = col(f);
        const cell = i >= 0 ? row[i]! : '';
        if (cell !== '' && cell !== '-') config[`wandb.${f.toLowerCase().replace(/ /g, '_')}`] = cell;
      }
      const iRt = col('Runtime');
      const rt = iRt >= 0 ? parseNumberText(row[iRt]!) : undefined;
      if (rt !== undefined) summary._runtime = rt;
      const iState = col('State');
      const name = row[iName]!;
      const id = iId >= 0 && row[iId] ? row[iId]! : name;
      if (id === '') { skips.skip(lines[r]!, 'empty run name (column Name)'); continue; }
      ctx.addRun({ key: id, name: name || id, config, summary, ...(iState >= 0 && row[iState] ? { state: row[iState] } : {}), ...(seed !== undefined ? { seed } : {}) });
    }
  },
};

interface ChartCol {
  index: number;
  run: string;
  metric: string;
  /** '' for the value, 'min' or 'max' for the bucket range. */
  kind: '' | 'min' | 'max';
}

/**
 * Split chart-export column names into run and metric (see the module comment for the rule).
 *
 * @example
 * splitChartColumns(['a - b - loss', 'c - loss']); // [{run: 'a - b', metric: 'loss'}, {run: 'c', metric: 'loss'}]
 */
export function splitChartColumns(names: readonly string[]): { run: string; metric: string; kind: '' | 'min' | 'max' }[] {
  const parsed = names.map((n) => {
    const m = /__(MIN|MAX)$/.exec(n);
    return { base: m ? n.slice(0, -5) : n, kind: (m ? m[1]!.toLowerCase() : '') as '' | 'min' | 'max' };
  });
  const suffixes = (s: string): string[] => {
    const out: string[] = [];
    for (let i = s.indexOf(' - '); i >= 0; i = s.indexOf(' - ', i + 1)) out.push(s.slice(i + 3));
    return out;
  };
  let shared: string | undefined;
  if (parsed.length) {
    const sets = parsed.map((p) => new Set(suffixes(p.base)));
    const cands = [...sets[0]!].filter((m) => m !== '' && sets.every((s) => s.has(m)));
    cands.sort((a, b) => a.length - b.length);
    shared = cands[0];
  }
  return parsed.map(({ base, kind }) => {
    if (shared !== undefined) return { run: base.slice(0, base.length - shared.length - 3), metric: shared, kind };
    const i = base.lastIndexOf(' - ');
    return i < 0 ? { run: '', metric: base, kind } : { run: base.slice(0, i), metric: base.slice(i + 3), kind };
  });
}

/**
 * W&B chart (line plot) CSV export.
 *
 * @example
 * await load('wandb_export.csv', { format: 'wandb-chart' });
 */
export const wandbChartLoader: FormatLoader = {
  name: 'wandb-chart',
  description: 'W&B chart CSV export (an x-axis column such as Step, then "<run> - <metric>" columns with __MIN/__MAX)',
  detect(p) {
    const h = headerOf(p);
    if (!h || h.length < 2 || h[0]!.includes(' - ') || !h.slice(1).every((c) => c.includes(' - '))) return 0;
    // Above wandb-history (0.85) when the x-axis is `_step`: the " - " columns are what makes it a chart.
    return h[0] === 'Step' ? 0.9 : 0.88;
  },
  async load(ctx) {
    const file = ctx.path;
    const { rows: raw, lines: rawLines, damaged, unterminated } = readRows(file, 44);
    const rawHeader = raw[0];
    if (!rawHeader) throw new LoadError('the file is empty', { file, line: 1, expected: 'a header row' });
    const header = dedupeNames(rawHeader, (m) => ctx.warn(m, { line: rawLines[0] }));
    const skips = new RowSkips(ctx);
    for (const d of damaged) skips.skip(d.line, d.why);
    if (unterminated) warnUnterminated(ctx, rawLines[rawLines.length - 1]!);
    const want = ctx.options.stepColumn;
    const iX = want !== undefined ? header.findIndex((n) => n.trim().toLowerCase() === want.toLowerCase()) : header[0]!.includes(' - ') ? -1 : 0;
    if (iX < 0) {
      throw new LoadError(want !== undefined ? `no column '${want}' in the header` : 'no x-axis column', {
        file, line: rawLines[0], expected: want !== undefined ? `'${want}' (stepColumn, CLI --step-column) among the columns` : 'a first column such as "Step" before the "<run> - <metric>" columns; name it with stepColumn (CLI: --step-column)',
      });
    }
    const xName = header[iX]!;
    const others = header.map((n, i) => ({ n, i })).filter((c) => c.i !== iX);
    const split = splitChartColumns(others.map((c) => c.n));
    const cols: ChartCol[] = others.map((c, k) => ({ index: c.i, ...split[k]! }));
    const noRun = cols.filter((c) => c.run === '');
    if (noRun.length) ctx.warn(`columns without "<run> - <metric>" form skipped: ${noRun.map((c) => header[c.index]).join(', ')}`);
    const b = ctx.builder;
    // Parse all cells first: whether __MIN/__MAX carry information, and what the x-axis is, decide what is kept.
    const data: { x: number; line: number; vals: (number | undefined)[] }[] = [];
    for (let r = 1; r < raw.length; r++) {
      const row = raw[r]!, line = rawLines[r]!;
      if (row.length !== header.length) { skips.skip(line, `found ${row.length} fields where the header has ${header.length}`); continue; }
      const x = parseNumberText(row[iX]!);
      if (x === undefined || Number.isNaN(x)) { skips.skip(line, `'${row[iX]!.slice(0, 40)}' is not a number in column ${xName}`); continue; }
      let bad: string | undefined;
      const vals = cols.map((c) => {
        const cell = row[c.index]!;
        if (cell === '') return undefined;
        const v = parseNumberText(cell);
        if (v === undefined) bad ??= `'${cell.slice(0, 40)}' is not a number in column ${header[c.index]}`;
        return v;
      });
      if (bad !== undefined) skips.skip(line, `${bad} (the other cells of the row were kept)`);
      data.push({ x, line, vals });
    }
    // The x-axis: steps when its values are (nearly all) non-negative integers and it is not a time axis; else
    // the row number is the step and x is kept per point.
    const timeAxis = /time|timestamp|runtime|wall|seconds|hours|minutes/i.test(xName);
    const integral = data.filter((d) => stepProblem(d.x) === undefined).length;
    const stepAxis = !timeAxis && data.length > 0 && integral >= 0.9 * data.length;
    const steps = new StepChecker(ctx, skips, xName);
    if (!stepAxis && data.length > 0) {
      ctx.warn(`the x-axis '${xName}' is ${timeAxis ? 'a time axis' : 'not a step (values that are not non-negative integers)'}: the step of each point is its row number (0, 1, ...) and '${xName}' is kept ${timeAxis ? 'as its time' : `as metric '${xName}'`}; name the step with stepColumn (CLI: --step-column) if the file has one`);
    }
    const runIdx = new Map<string, number>();
    for (const c of cols) if (c.run !== '' && !runIdx.has(c.run)) runIdx.set(c.run, ctx.addRun({ key: c.run, name: c.run }));
    const baseOf = new Map<string, number>();
    cols.forEach((c, k) => { if (c.kind === '') baseOf.set(c.run + '\u0000' + c.metric, k); });
    const informative = cols.map((c, k) => {
      if (c.kind === '') return true;
      const bk = baseOf.get(c.run + '\u0000' + c.metric);
      if (bk === undefined) return true;
      return data.some((d) => !Object.is(d.vals[k], d.vals[bk]));
    });
    const dropped = cols.filter((c, k) => c.kind !== '' && !informative[k]);
    if (dropped.length) ctx.warn(`${dropped.length} __MIN/__MAX column(s) equal the value in every row (W&B did not sample): not kept`);
    const ids = cols.map((c) => b.metricId(c.kind === '' ? c.metric : `${c.metric}__${c.kind}`));
    const xId = !stepAxis && !timeAxis ? b.metricId(xName) : -1;
    let loaded = 0;
    data.forEach((d, row) => {
      if (stepAxis && !steps.ok(d.x, d.line)) return;
      loaded++;
      const step = stepAxis ? d.x : row;
      const time = timeAxis ? d.x : NaN;
      const xDone = new Set<number>();
      for (let k = 0; k < cols.length; k++) {
        const c = cols[k]!, v = d.vals[k];
        if (v === undefined || c.run === '' || !informative[k]) continue;
        const run = runIdx.get(c.run)!;
        b.push(run, step, ids[k]!, v, NaN, NaN, time);
        if (xId >= 0 && !xDone.has(run)) { xDone.add(run); b.push(run, step, xId, d.x); }
      }
    });
    skips.finish(loaded);
  },
};

const HISTORY_HINTS: RoleHints = { step: ['_step'], time: ['_runtime', '_timestamp'], ignore: ['_timestamp'], noRun: true };

/**
 * W&B run history CSV (`run.history()` written to CSV).
 *
 * @example
 * await load('baseline_history.csv');
 */
export const wandbHistoryLoader: FormatLoader = {
  name: 'wandb-history',
  description: 'W&B run history CSV (_step, _timestamp, _runtime, metric columns)',
  detect(p) {
    const h = headerOf(p);
    return h && h.includes('_step') && (h.includes('_runtime') || h.includes('_timestamp')) ? 0.85 : 0;
  },
  load: (ctx) => readDelimited(ctx, 44, HISTORY_HINTS),
};

/**
 * W&B run history as Parquet (the same columns; ZSTD and other codecs via hyparquet-compressors).
 *
 * @example
 * await load('history.parquet');
 */
export const wandbHistoryParquetLoader: FormatLoader = {
  name: 'wandb-history-parquet',
  description: 'W&B run history Parquet (_step, _runtime, metric columns)',
  detect(p) {
    if (p.isDirectory || p.head.length < 4) return 0;
    const magic = p.head[0] === 0x50 && p.head[1] === 0x41 && p.head[2] === 0x52 && p.head[3] === 0x31;
    return magic && p.name.toLowerCase().endsWith('.parquet') ? 0.7 : 0;
  },
  load: (ctx) => readHistoryParquet(ctx),
};

async function readHistoryParquet(ctx: LoadContext): Promise<void> {
  const file = ctx.path;
  // Decoded in a bounded worker (../binary/sandbox.ts): a damaged file is a LoadError, never a crash or a hang.
  const t = await decodeInWorker({ kind: 'parquet-rows', path: file });
  if (t.kind !== 'rows') throw new LoadError('not a Parquet table', { file, expected: 'a Parquet file' });
  const rows = t.rows;
  const names = t.names;
  const longForm = t.longForm && isLongSchema(names);
  // scalelab's own long form (run, metric, step, value), e.g. from `scalelab load --out runs.parquet`.
  if (longForm) return longParquetLoader.load(ctx);
  const roles = resolveRoles(names, ctx.options, HISTORY_HINTS);
  if (roles.step < 0) throw new LoadError('no step column', { file, expected: `a step column (${stepCandidates(ctx.options, HISTORY_HINTS)})` });
  const b = ctx.builder;
  const run = ctx.addRun({});
  const stepName = names[roles.step]!, timeName = roles.time >= 0 ? names[roles.time] : undefined;
  const metricCols = roles.metrics.map((i) => ({ name: names[i]!, id: b.metricId(names[i]!), state: 0 }));
  const asNum = (v: unknown): number | undefined => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : undefined);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    const step = asNum(row[stepName]);
    if (step === undefined || Number.isNaN(step)) throw new LoadError(`row ${r} has no numeric step`, { file, expected: `a number in column ${stepName} (row ${r})` });
    const time = timeName !== undefined ? (asNum(row[timeName]) ?? NaN) : NaN;
    for (const c of metricCols) {
      const raw = row[c.name];
      if (raw === null || raw === undefined) continue;
      const v = asNum(raw);
      if (v === undefined) {
        if (c.state === 1) throw new LoadError(`column '${c.name}' is not a number in row ${r}`, { file, expected: `a number in column ${c.name}` });
        if (c.state === 0) ctx.warn(`column '${c.name}' is not numeric: skipped`);
        c.state = 2;
        continue;
      }
      if (c.state === 2) continue;
      c.state = 1;
      b.push(run, step, c.id, v, NaN, NaN, time);
    }
  }
}
