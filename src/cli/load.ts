/**
 * `scalelab load <paths...> [--format F] [--rule PATTERN] [--config-columns a,b] [--out FILE] [--json]`
 *
 * Loads runs and prints a summary per run (or, with --json, one object with every run's metrics, restarts,
 * non-finite and skipped counts). With --out, writes the long-form metrics as CSV, JSONL or Parquet.
 */
import { existsSync, realpathSync } from 'node:fs';
import { extname, relative, resolve } from 'node:path';
import { load } from '../load/load.js';
import { writeArrow, writeCsv, writeJsonl, writeParquet } from '../runs/io.js';
import { formats } from '../load/registry.js';
import type { RunSet } from '../runs/runset.js';
import { isInput } from '../report/write.js';
import { checkOutPath, outputError, parseCommand, printJson, progress, progressDone, UsageError } from './common.js';

export const summary = 'load runs from files, folders or globs; summarise them or convert them';

const HELP = `scalelab load <paths...> [options]

Load training runs from files, folders or globs (quote globs) and summarise them.

Options:
  --format F           force a format instead of detecting it (one of: ${formats().map((f) => f.name).join(', ')})
  --rule PATTERN       take variant/seed from paths, e.g. '{variant}/seed{seed}.log'
  --config-columns L   W&B runs-table export: comma-separated config columns (the rest are summary)
  --step-column C      tables: the column that holds the step (default: step, _step, iteration, ...)
  --run-column C       long tables: the column that names the run (default: run, run_id, name)
  --seq-length T       tokens per sample, for logs that count samples (Megatron-LM)
  --out FILE           write the long-form metrics to FILE (.csv, .jsonl, .parquet or .arrow)
  --strict             any problem is an error: a file that fails in a folder walk, a corrupt record
  --json               print one JSON object: {runs: [{id, name, variant, seed, source, metrics, restarts, ...}],
                       warnings, skipped_lines, line_stats}; NaN and +-Infinity are the strings "NaN", "Infinity", "-Infinity"
  -h, --help           this help
`;

/** The JSON shape of one run in `scalelab load --json`. */
export interface RunSummaryJson {
  id: string;
  name: string;
  variant: string | null;
  seed: string | number | null;
  source: string;
  format: string | null;
  config: Record<string, unknown>;
  /** `final` is the last value; a non-finite one is printed as "NaN", "Infinity" or "-Infinity" in JSON. */
  metrics: Record<string, { points: number; first_step: number; last_step: number; final: number }>;
  summary: Record<string, number>;
  restarts: { from_step: number; to_step: number; superseded: number }[];
  non_finite: number;
  skipped: number;
}

/** Lines or rows of the sources that were not loaded (each also has a warning naming file:line). */
export interface SkippedLinesJson {
  total: number;
  /** Per source file, only files with skipped lines. */
  files: Record<string, number>;
}

/**
 * Summarise a RunSet as `scalelab load --json` prints it. Linear in the number of runs and curves (the curves are
 * grouped by run in one pass; asking the RunSet run by run was quadratic: 139 s for 100k runs).
 *
 * @example
 * summarizeRuns(await load('logs/')).runs[0].metrics['val_loss'].final;
 */
export function summarizeRuns(rs: RunSet): { runs: RunSummaryJson[]; warnings: string[]; skipped_lines: SkippedLinesJson; line_stats: RunSet['lineStats'] } {
  const cols = rs.columns();
  const byRun: RunSummaryJson['metrics'][] = rs.runs.map(() => ({}));
  const { step, value } = cols.kept;
  for (const c of cols.curves) {
    byRun[c.run]![cols.metricNames[c.metric]!] = { points: c.end - c.start, first_step: step[c.start]!, last_step: step[c.end - 1]!, final: value[c.end - 1]! };
  }
  const runs = rs.runs.map((r, i): RunSummaryJson => ({
    id: r.id,
    name: r.name,
    variant: r.variant ?? null,
    seed: r.seed ?? null,
    source: r.source,
    format: r.format ?? null,
    config: r.config,
    metrics: byRun[i]!,
    summary: r.summary ?? {},
    restarts: r.restarts.map((x) => ({ from_step: x.fromStep, to_step: x.toStep, superseded: x.superseded })),
    non_finite: r.nonFinite,
    skipped: r.skipped,
  }));
  const warnings = rs.warnings.map((w) => `${w.file}${w.line !== undefined ? `:${w.line}` : w.offset !== undefined ? ` @ byte ${w.offset}` : ''}: ${w.message}`);
  const skipped: SkippedLinesJson = { total: 0, files: {} };
  for (const w of rs.warnings) {
    if (!w.skipped) continue;
    skipped.total += w.skipped;
    skipped.files[w.file] = (skipped.files[w.file] ?? 0) + w.skipped;
  }
  return { runs, warnings, skipped_lines: skipped, line_stats: rs.lineStats };
}

/** Whether the existing file `out` is one of `paths` or lies inside one of them (a folder a walk will read). */
function walkedBy(out: string, paths: readonly string[]): boolean {
  const real = (p: string): string => { try { return realpathSync(p); } catch { return resolve(p); } };
  const o = real(out);
  return paths.some((p) => {
    const rel = relative(real(p), o);
    return rel === '' || (!rel.startsWith('..') && !rel.startsWith('/'));
  });
}

/** Write the long-form metrics by the file's extension. */
async function writeRunSetFile(rs: RunSet, out: string, inputs: readonly string[]): Promise<void> {
  if (isInput(out, [...rs.runs.map((r) => r.source), ...inputs])) throw new UsageError(`--out ${out} is one of the inputs; scalelab never overwrites an input`);
  const write = writerFor(out);
  try {
    await write(rs, out);
  } catch (e) {
    throw outputError(e, out, '--out');
  }
}

/** The writer for `out`'s extension; a UsageError for an unknown one (checked before loading). */
function writerFor(out: string): (rs: RunSet, path: string) => Promise<void> {
  const ext = extname(out).toLowerCase();
  if (ext === '.csv') return writeCsv;
  if (ext === '.jsonl' || ext === '.ndjson') return writeJsonl;
  if (ext === '.parquet') return writeParquet;
  if (ext === '.arrow' || ext === '.feather') return writeArrow;
  throw new UsageError(`--out ${out}: unknown extension '${ext}' (use .csv, .jsonl, .parquet or .arrow)`);
}

function parsePositive(s: string | undefined, flag: string): number | undefined {
  if (s === undefined) return undefined;
  const x = Number(s);
  if (!(x > 0) || !Number.isFinite(x)) throw new UsageError(`${flag} needs a positive number, got '${s}'`);
  return x;
}

export async function main(argv: string[]): Promise<number> {
  const args = parseCommand(
    argv,
    {
      format: { type: 'string' },
      rule: { type: 'string' },
      'config-columns': { type: 'string' },
      'seq-length': { type: 'string' },
      'step-column': { type: 'string' },
      'run-column': { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean' },
      strict: { type: 'boolean' },
    },
    HELP,
  );
  if (!args) return 0;
  if (args.positionals.length === 0) throw new UsageError(`no paths given\n\n${HELP}`);
  const v = args.values;
  if (v.out !== undefined) {
    // Before loading (which can take minutes): an existing file the walk will look at (a named path, or a file
    // inside a named folder) is an input; a missing or read-only folder is a message, not a trace.
    if (existsSync(v.out) && walkedBy(v.out, args.positionals)) throw new UsageError(`--out ${v.out} is one of the inputs; scalelab never overwrites an input`);
    writerFor(v.out);
    checkOutPath(v.out, '--out');
  }
  // Every file the load looked at (loaded, skipped or failed): --out must be none of them.
  let inputs: readonly string[] = [];
  const rs = await load(args.positionals, {
    format: v.format,
    rule: v.rule,
    configColumns: v['config-columns']?.split(',').map((s) => s.trim()).filter(Boolean),
    seqLength: parsePositive(v['seq-length'], '--seq-length'),
    stepColumn: v['step-column'],
    runColumn: v['run-column'],
    strict: v.strict === true,
    onInputs: (files) => { inputs = files; },
    onFile: (p, i, n, format) => progress(`loading ${i + 1}/${n} ${p} (${format})`),
  });
  progressDone();
  if (v.out) {
    await writeRunSetFile(rs, v.out, [...args.positionals, ...inputs]);
  }
  const result = summarizeRuns(rs);
  if (v.json) {
    printJson(result);
    return 0;
  }
  const lines: string[] = [];
  for (const r of result.runs) {
    const tag = [r.variant !== null ? `variant=${r.variant}` : '', r.seed !== null ? `seed=${r.seed}` : ''].filter(Boolean).join(' ');
    lines.push(`${r.id}  (${r.format ?? '?'}${tag ? ', ' + tag : ''})  ${r.source}`);
    for (const [m, s] of Object.entries(r.metrics)) {
      lines.push(`  ${m.padEnd(28)} ${String(s.points).padStart(8)} pts  steps ${s.first_step}..${s.last_step}  final ${s.final}`);
    }
    for (const [m, x] of Object.entries(r.summary)) lines.push(`  ${m.padEnd(28)} summary ${x}`);
    for (const x of r.restarts) lines.push(`  restart: from step ${x.from_step} back to ${x.to_step} (${x.superseded} points superseded)`);
    if (r.non_finite) lines.push(`  non-finite values: ${r.non_finite}`);
    if (r.skipped) lines.push(`  skipped iterations: ${r.skipped}`);
  }
  lines.push(`${result.runs.length} run(s), ${rs.numPoints} point(s)${v.out ? `; wrote ${v.out}` : ''}`);
  process.stdout.write(lines.join('\n') + '\n');
  for (const w of result.warnings) process.stderr.write(`warning: ${w}\n`);
  if (result.skipped_lines.total) process.stderr.write(`warning: ${result.skipped_lines.total} line(s) not loaded (see the warnings above)\n`);
  return 0;
}
