/**
 * `scalelab load <paths...> [--format F] [--rule PATTERN] [--config-columns a,b] [--out FILE] [--json]`
 *
 * Loads runs and prints a summary per run (or, with --json, one object with every run's metrics, restarts,
 * non-finite and skipped counts). With --out, writes the long-form metrics as CSV, JSONL or Parquet.
 */
import { extname } from 'node:path';
import { load } from '../load/load.js';
import { writeArrow, writeCsv, writeJsonl, writeParquet } from '../runs/io.js';
import { formats } from '../load/registry.js';
import type { RunSet } from '../runs/runset.js';
import { isInput } from '../report/write.js';
import { parseCommand, printJson, progress, progressDone, UsageError } from './common.js';

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
  --json               print one JSON object: {runs: [{id, name, variant, seed, source, metrics, restarts, ...}]}
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
  metrics: Record<string, { points: number; first_step: number; last_step: number; final: number | null }>;
  summary: Record<string, number>;
  restarts: { from_step: number; to_step: number; superseded: number }[];
  non_finite: number;
  skipped: number;
}

/**
 * Summarise a RunSet as `scalelab load --json` prints it.
 *
 * @example
 * summarizeRuns(await load('logs/')).runs[0].metrics['val_loss'].final;
 */
export function summarizeRuns(rs: RunSet): { runs: RunSummaryJson[]; warnings: string[] } {
  const runs = rs.runs.map((r): RunSummaryJson => {
    const metrics: RunSummaryJson['metrics'] = {};
    for (const m of rs.runMetrics(r.id)) {
      const c = rs.curve(r.id, m)!;
      const n = c.step.length;
      metrics[m] = { points: n, first_step: c.step[0]!, last_step: c.step[n - 1]!, final: c.value[n - 1]! };
    }
    return {
      id: r.id,
      name: r.name,
      variant: r.variant ?? null,
      seed: r.seed ?? null,
      source: r.source,
      format: r.format ?? null,
      config: r.config,
      metrics,
      summary: r.summary ?? {},
      restarts: r.restarts.map((x) => ({ from_step: x.fromStep, to_step: x.toStep, superseded: x.superseded })),
      non_finite: r.nonFinite,
      skipped: r.skipped,
    };
  });
  const warnings = rs.warnings.map((w) => `${w.file}${w.line !== undefined ? `:${w.line}` : w.offset !== undefined ? ` @ byte ${w.offset}` : ''}: ${w.message}`);
  return { runs, warnings };
}

/** Write the long-form metrics by the file's extension. */
async function writeRunSetFile(rs: RunSet, out: string, inputs: readonly string[]): Promise<void> {
  if (isInput(out, [...rs.runs.map((r) => r.source), ...inputs])) throw new UsageError(`--out ${out} is one of the inputs; scalelab never overwrites an input`);
  const ext = extname(out).toLowerCase();
  if (ext === '.csv') await writeCsv(rs, out);
  else if (ext === '.jsonl' || ext === '.ndjson') await writeJsonl(rs, out);
  else if (ext === '.parquet') await writeParquet(rs, out);
  else if (ext === '.arrow' || ext === '.feather') await writeArrow(rs, out);
  else throw new UsageError(`--out ${out}: unknown extension '${ext}' (use .csv, .jsonl, .parquet or .arrow)`);
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
  return 0;
}
