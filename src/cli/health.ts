/**
 * `scalelab health <paths...> [--rule R] [--params N] [--accelerator H100 --devices 8 | --peak-flops F] [--json]`:
 * per run, where the wall clock went (goodput and badput), throughput and MFU, and the instability timeline.
 *
 * @example
 * scalelab health logs/train.log --accelerator H100 --devices 8 --json
 */
import { load } from '../load/load.js';
import { healthJson, runHealthParallel, type HealthOptions, type HealthReport, type RunHealth } from '../health/index.js';
import { parseCommand, printJson, progress, progressDone, UsageError } from './common.js';

/** One line for `scalelab --help`. */
export const summary = 'run health: goodput and badput (start-up, checkpoints, rollback, stalls, gaps), tokens/s, MFU, instabilities';

const HELP = `scalelab health <paths...> [--rule R] [--params N] [--accelerator H100 --devices 8 | --peak-flops F] [--json]

Where each run's wall clock went (goodput = productive step time / wall time; badput: start-up, checkpoint saves,
steps recomputed after a restart, stalls, gaps between restarts), tokens/s and MFU over steps (beside what the log
printed), and the instability timeline (loss and grad-norm spikes, loss-scale drops, skipped and non-finite
iterations, divergence) with the restarts, stalls and lr changes just before each. What cannot be computed is
named with the input it needs (no timestamps: no goodput; no N: no MFU).

Options:
  --rule PATTERN          take variant/seed from paths, e.g. '{variant}/seed{seed}.log'
  --format F              loader format (default: detected)
  --params N              parameter count (default: the log's / config N)
  --flops-per-token F     FLOPs per token (default 6N; llm.c runs: 6N + 6·L·C·T)
  --layers L              layers, and --channels C, --seq-len T: llm.c's attention term 6·L·C·T
  --channels C
  --seq-len T
  --accelerator NAME      H100, H200, A100, B200, TPU v5e, TPU v5p, MI300X (dense BF16 peak per device)
  --peak-flops F          peak FLOP/s per device instead of --accelerator
  --devices D             devices (default: the log's num_processes)
  --tokens-per-step T     tokens per optimiser step (default: the log's batch size x sequence length)
  --clock wall|train      what the time column is, for formats that do not say (csv, jsonl, parquet)
  --window W              rolling window of the median step time, in intervals (default 50)
  --stall-z Z             robust z of a slow interval (default 6)
  --threads T             threads for large inputs (default: the cores, at most 4; same numbers; inputs under
                          4M points stay on one thread)
  --json                  print one JSON object
  -h, --help              this help
`;

function positive(v: string | undefined, flag: string): number | undefined {
  if (v === undefined) return undefined;
  const x = Number(v);
  if (!(Number.isFinite(x) && x > 0)) throw new UsageError(`${flag} must be a positive number, got '${v}'`);
  return x;
}

const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)}%` : 'n/a');
const hours = (s: number) => (Number.isFinite(s) ? `${(s / 3600).toFixed(3)} h` : 'n/a');
const num = (x: number, d = 0) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');

function runLines(r: RunHealth): string[] {
  const out = [`${r.id}  (steps from '${r.step_metric}', clock: ${r.clock})`];
  if (Number.isFinite(r.goodput)) {
    out.push(`  goodput ${pct(r.goodput)}: productive ${hours(r.productive_s)} of ${hours(r.wall_s)}`);
    const b = r.badput;
    for (const [k, v] of [['start-up', b.startup_s], ['checkpoints', b.checkpoint_s], ['rollback', b.rollback_s], ['stalls', b.stall_s], ['gaps', b.gap_s]] as const) {
      out.push(`    ${k.padEnd(12)} ${hours(v).padStart(10)}  ${pct(v / r.wall_s).padStart(6)}`);
    }
  }
  out.push(`  tokens/s median ${num(r.tokens_per_s.median)} (p10 ${num(r.tokens_per_s.p10)}, p90 ${num(r.tokens_per_s.p90)}); step time median ${num(r.step_time_s.median, 3)} s`);
  out.push(`  MFU median ${pct(r.mfu.median)} (p10 ${pct(r.mfu.p10)}, p90 ${pct(r.mfu.p90)}); logged ${pct(r.mfu.logged_median)}`);
  for (const m of r.missing) out.push(`  not computed: ${m.message}`);
  for (const e of r.events) out.push(`  step ${String(e.step).padStart(7)}  ${e.kind.padEnd(18)} ${e.detail}`);
  return out;
}

function textReport(h: HealthReport): string {
  const lines = h.runs.flatMap(runLines);
  const t = h.total;
  lines.push(`${t.runs} run(s); ${t.timed_runs} with a wall clock: goodput ${pct(t.goodput)}, productive ${hours(t.productive_s)} of ${hours(t.wall_s)}`);
  return lines.join('\n') + '\n';
}

/** Run `scalelab health`. */
export async function main(argv: string[]): Promise<number> {
  const a = parseCommand(argv, {
    rule: { type: 'string' }, format: { type: 'string' }, params: { type: 'string' }, 'flops-per-token': { type: 'string' },
    layers: { type: 'string' }, channels: { type: 'string' }, 'seq-len': { type: 'string' }, accelerator: { type: 'string' },
    'peak-flops': { type: 'string' }, devices: { type: 'string' }, 'tokens-per-step': { type: 'string' }, clock: { type: 'string' },
    window: { type: 'string' }, 'stall-z': { type: 'string' }, threads: { type: 'string' }, json: { type: 'boolean' },
  }, HELP);
  if (!a) return 0;
  if (a.positionals.length === 0) throw new UsageError(`no paths given\nusage: ${HELP.split('\n')[0]}`);
  const v = a.values;
  if (v.accelerator !== undefined && v['peak-flops'] !== undefined) throw new UsageError('give --accelerator or --peak-flops, not both');
  if (v.clock !== undefined && v.clock !== 'wall' && v.clock !== 'train') throw new UsageError(`--clock must be wall or train, got '${v.clock}'`);
  const o: HealthOptions = {};
  const set = <K extends keyof HealthOptions>(k: K, x: HealthOptions[K] | undefined) => { if (x !== undefined) o[k] = x; };
  set('params', positive(v.params, '--params'));
  set('flopsPerToken', positive(v['flops-per-token'], '--flops-per-token'));
  set('layers', positive(v.layers, '--layers'));
  set('channels', positive(v.channels, '--channels'));
  set('seqLen', positive(v['seq-len'], '--seq-len'));
  set('accelerator', v.accelerator);
  set('peakFlops', positive(v['peak-flops'], '--peak-flops'));
  set('devices', positive(v.devices, '--devices'));
  set('tokensPerStep', positive(v['tokens-per-step'], '--tokens-per-step'));
  set('clock', v.clock as 'wall' | 'train' | undefined);
  set('window', positive(v.window, '--window'));
  set('stallZ', positive(v['stall-z'], '--stall-z'));
  if (o.devices !== undefined && !Number.isInteger(o.devices)) throw new UsageError(`--devices must be a whole number, got '${v.devices}'`);
  const rs = await load(a.positionals, { format: v.format, rule: v.rule, onFile: (p, i, n, format) => progress(`loading ${i + 1}/${n} ${p} (${format})`) });
  progressDone();
  const threads = positive(v.threads, '--threads');
  if (threads !== undefined && !Number.isInteger(threads)) throw new UsageError(`--threads must be a whole number, got '${v.threads}'`);
  const h = await runHealthParallel(rs, o, threads !== undefined ? { threads } : {});
  // the loaders' warnings (damaged lines, cut files) come first: nothing the analysis did not see is silent
  const loadWarnings = rs.warnings.map((w) => ({ code: 'load_warning' as const, ...(w.run !== undefined ? { run: w.run } : {}), message: `${w.file}${w.line !== undefined ? `:${w.line}` : ''}: ${w.message}` }));
  if (v.json) {
    const j = healthJson(h);
    j.warnings = [...loadWarnings, ...j.warnings];
    printJson(j);
    return 0;
  }
  for (const w of loadWarnings) process.stderr.write(`warning: ${w.message}\n`);
  process.stdout.write(textReport(h));
  for (const w of h.warnings) if (w.code !== 'missing_input') process.stderr.write(`warning: ${w.message}\n`);
  return 0;
}
