/**
 * `scalelab ladder`: predict downstream-task accuracy at a target (N, D) from a ladder of small runs (Bhagia et al.
 * 2024's two steps, chained), with bootstrap intervals labelled by their measured backtest coverage, which optimum
 * step 1 reached, and each task's eval noise.
 *
 * @example
 * scalelab ladder ladder.yaml --bootstrap 1000 --seed 1 --json
 */
import { readFileSync } from 'node:fs';
import { dirname, extname, isAbsolute, resolve } from 'node:path';
import YAML from 'yaml';
import { parseCommand, printJson, progress, progressDone, UsageError } from './common.js';
import { FitError, InputError } from '../errors.js';
import { load } from '../load/index.js';
import { compileRule, expandGlob } from '../load/index.js';
import {
  bootstrapTasks, checkpointNoise, ladderRuns, PAPER_TASKS, predictTask, taskNoise,
  type LadderBootstrap, type LadderRun, type TaskPrediction, type TaskSpec,
} from '../ladder/index.js';
import { describeInterval, formatInterval, intervalLabelJson } from '../stats/interval.js';

/** One line for `scalelab --help`. */
export const summary = 'downstream tasks: predict accuracy at a target (N, D) from a ladder of small runs, with intervals';

const HELP = `scalelab ladder SPEC.json|.yaml [--bootstrap K] [--seed S] [--workers W] [--json]

Predict each task's accuracy at a target (N, D) from a ladder of small runs: step 1 fits the task loss
L(N, D) = E + A/N^alpha + B/D^beta on each run's smoothed last checkpoints, step 2 a sigmoid from task loss to
accuracy on all checkpoints past the first 10%, chained (Bhagia et al. 2024). Intervals: bootstrap over ladder runs
(step 1) and blocks of checkpoints (step 2) plus the largest run's checkpoint noise; their labels carry the coverage
measured by backtests.

SPEC (JSON or YAML; paths relative to the SPEC file):
  runs:    [{path, N, D?, label?}, ...]               one file per run; D = final tokens when the file has no
                                                      throughput/total_tokens (checkpoints scaled by step)
           or {paths: [files or globs], rule: '{size}-{length}.csv', table: {'190M': 190354176, ...}}
                                                      N from the table, keyed by the rule's {size} (or first) placeholder
  tasks:   {NAME: {loss: [cols], accuracy: [cols], weights?: [..], chance?: 0.25, ceiling?: 1}, ...}
           or "paper" (the paper's 8 tasks on OLMo evaluation columns)
  target:  {N, D}
  smooth?: 5      skip?: 0.1

Options:
  --bootstrap K   resamples (default 1000; 0: no intervals)
  --seed S        seed of the bootstrap (default 0)
  --workers W     worker threads for the bootstrap (default: one per core)
  --json          print one JSON object
  -h, --help      this help
`;

interface RunEntry { path: string; N: number; D?: number; label?: string }
interface LadderSpec {
  runs: RunEntry[];
  tasks: TaskSpec[];
  target: { N: number; D: number };
  smooth: number;
  skip: number;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const posNum = (v: unknown, what: string): number => {
  if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) throw new InputError(`${what} must be a positive number, got ${JSON.stringify(v)}`);
  return v;
};
const strList = (v: unknown, what: string): string[] => {
  const a = typeof v === 'string' ? [v] : v;
  if (!Array.isArray(a) || a.length === 0 || !a.every((s) => typeof s === 'string')) throw new InputError(`${what} must be a column name or a list of column names`);
  return a as string[];
};

/**
 * Read and check a ladder SPEC file (JSON or YAML), resolving paths against its folder.
 *
 * @example
 * const spec = readLadderSpec('ladder.yaml'); spec.runs.length; // 16
 */
export function readLadderSpec(file: string): LadderSpec {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`${file}: cannot read the ladder spec (${(e as Error).message})`);
  }
  let raw: unknown;
  try {
    raw = ['.yaml', '.yml'].includes(extname(file).toLowerCase()) ? YAML.parse(text) : JSON.parse(text);
  } catch (e) {
    throw new InputError(`${file}: not valid ${extname(file).toLowerCase() === '.json' ? 'JSON' : 'YAML'} (${(e as Error).message})`);
  }
  if (!isObj(raw)) throw new InputError(`${file}: expected an object with runs, tasks and target`);
  const known = ['runs', 'tasks', 'target', 'smooth', 'skip'];
  const extra = Object.keys(raw).filter((k) => !known.includes(k));
  if (extra.length) throw new InputError(`${file}: unknown key(s) ${extra.join(', ')} (the spec has ${known.join(', ')})`);
  const base = dirname(file);
  const at = (p: string): string => (isAbsolute(p) ? p : resolve(base, p));
  let runs: RunEntry[];
  if (Array.isArray(raw.runs)) {
    runs = raw.runs.map((r, i) => {
      if (!isObj(r) || typeof r.path !== 'string') throw new InputError(`${file}: runs[${i}] needs a path`);
      return { path: at(r.path), N: posNum(r.N, `${file}: runs[${i}].N`), ...(r.D !== undefined ? { D: posNum(r.D, `${file}: runs[${i}].D`) } : {}), ...(typeof r.label === 'string' ? { label: r.label } : {}) };
    });
  } else if (isObj(raw.runs)) {
    const { paths, rule, table } = raw.runs;
    if (typeof rule !== 'string' || !isObj(table)) throw new InputError(`${file}: runs as an object needs paths, rule (e.g. '{size}-{length}.csv') and table ({size: N})`);
    const match = compileRule(rule);
    const files = strList(paths, `${file}: runs.paths`).flatMap((p) => (/[*?[]/.test(p) ? expandGlob(at(p)) : [at(p)]));
    if (files.length === 0) throw new InputError(`${file}: runs.paths match no file`);
    runs = files.map((f) => {
      const m = match(f);
      const key = m?.config?.size ?? (m?.config ? Object.values(m.config)[0] : undefined) ?? m?.variant;
      if (key === undefined) throw new InputError(`${f}: the rule '${rule}' does not match this path (it gives the size that keys runs.table)`);
      const N = table[String(key)];
      if (N === undefined) throw new InputError(`${f}: size '${key}' (from the rule) is not in runs.table (has ${Object.keys(table).join(', ')})`);
      return { path: f, N: posNum(N, `${file}: runs.table['${key}']`) };
    });
  } else throw new InputError(`${file}: runs must be a list [{path, N}] or {paths, rule, table}`);
  let tasks: TaskSpec[];
  if (raw.tasks === 'paper') tasks = [...PAPER_TASKS];
  else if (isObj(raw.tasks) && Object.keys(raw.tasks).length > 0) {
    tasks = Object.entries(raw.tasks).map(([name, t]) => {
      if (!isObj(t)) throw new InputError(`${file}: tasks.${name} must be {loss, accuracy, weights?, chance?, ceiling?}`);
      const spec: TaskSpec = { name, loss: strList(t.loss, `${file}: tasks.${name}.loss`), accuracy: strList(t.accuracy, `${file}: tasks.${name}.accuracy`) };
      if (t.weights !== undefined) {
        if (!Array.isArray(t.weights) || !t.weights.every((w) => typeof w === 'number' && w >= 0)) throw new InputError(`${file}: tasks.${name}.weights must be a list of non-negative numbers`);
        spec.weights = t.weights as number[];
      }
      for (const k of ['chance', 'ceiling'] as const) {
        if (t[k] === undefined) continue;
        const v = t[k];
        if (typeof v !== 'number' || !(v >= 0 && v <= 1)) throw new InputError(`${file}: tasks.${name}.${k} must be a number in [0, 1]`);
        spec[k] = v;
      }
      return spec;
    });
  } else throw new InputError(`${file}: tasks must be {NAME: {loss: [cols], accuracy: [cols]}} or "paper"`);
  if (!isObj(raw.target)) throw new InputError(`${file}: target must be {N, D}`);
  const target = { N: posNum(raw.target.N, `${file}: target.N`), D: posNum(raw.target.D, `${file}: target.D`) };
  const smooth = raw.smooth === undefined ? 5 : raw.smooth;
  const skip = raw.skip === undefined ? 0.1 : raw.skip;
  if (typeof smooth !== 'number' || !Number.isInteger(smooth) || smooth < 1) throw new InputError(`${file}: smooth must be a positive integer`);
  if (typeof skip !== 'number' || !(skip >= 0 && skip < 1)) throw new InputError(`${file}: skip must be a fraction in [0, 1)`);
  return { runs, tasks, target, smooth, skip };
}

/** Load each run file and read one task's ladder runs (N from the spec; D from the file or scaled from the spec's final D). */
async function loadRuns(spec: LadderSpec): Promise<Map<string, LadderRun[]>> {
  const sets = await Promise.all(spec.runs.map(async (r) => ({ r, rs: await load(r.path) })));
  const out = new Map<string, LadderRun[]>();
  for (const task of spec.tasks) {
    out.set(task.name, sets.flatMap(({ r, rs }) => ladderRuns(rs, task, { N: () => r.N, ...(r.D !== undefined ? { tokens: 'step' } : {}) }).map((run) => {
      const named = r.label !== undefined ? { ...run, name: r.label } : run;
      if (r.D === undefined) return named;
      const last = run.step[run.step.length - 1]!;
      return { ...named, D: Float64Array.from(run.step, (s) => (r.D! * s) / last) };
    })));
  }
  return out;
}

const largestRun = (runs: readonly LadderRun[]): LadderRun => [...runs].sort((a, b) => a.N - b.N || a.D[a.D.length - 1]! - b.D[b.D.length - 1]!).at(-1)!;

/** Run `scalelab ladder`. */
export async function main(argv: string[]): Promise<number> {
  const a = parseCommand(argv, { bootstrap: { type: 'string' }, seed: { type: 'string' }, workers: { type: 'string' }, json: { type: 'boolean' } }, HELP);
  if (!a) return 0;
  const v = a.values;
  if (a.positionals.length !== 1) throw new UsageError(`expected one SPEC file (JSON or YAML), got ${a.positionals.length}`);
  const int = (s: string | undefined, flag: string, dflt: number): number => {
    if (s === undefined) return dflt;
    const x = Number(s);
    if (!Number.isInteger(x) || x < 0) throw new UsageError(`${flag} must be a non-negative integer, got '${s}'`);
    return x;
  };
  const K = int(v.bootstrap, '--bootstrap', 1000);
  if (K > 0 && K < 10) throw new UsageError(`--bootstrap needs at least 10 resamples (or 0 for none), got ${K}`);
  const seed = int(v.seed, '--seed', 0);
  const workers = v.workers !== undefined ? Math.max(1, int(v.workers, '--workers', 1)) : undefined;
  const spec = readLadderSpec(a.positionals[0]!);
  progress(`loading ${spec.runs.length} ladder runs`);
  const runsOf = await loadRuns(spec);
  const warnings: string[] = [];
  const preds = new Map<string, TaskPrediction>();
  const errors = new Map<string, string>();
  spec.tasks.forEach((task, i) => {
    progress(`fitting ${task.name} (${i + 1}/${spec.tasks.length})`);
    try {
      const p = predictTask(runsOf.get(task.name)!, task, spec.target, { smooth: spec.smooth, skip: spec.skip });
      preds.set(task.name, p);
      warnings.push(...p.warnings);
    } catch (e) {
      if (!(e instanceof FitError)) throw e;
      errors.set(task.name, e.message);
      warnings.push(`task "${task.name}": no prediction: ${e.message}`);
    }
  });
  const boots = new Map<string, LadderBootstrap>();
  const fitted = spec.tasks.filter((t) => preds.has(t.name));
  if (K > 0 && fitted.length > 0) {
    const jobs = fitted.map((task) => {
      const runs = runsOf.get(task.name)!;
      return { runs, task, target: spec.target, options: { resamples: K, seed, smooth: spec.smooth, skip: spec.skip, targetAccuracySd: checkpointNoise(largestRun(runs), 10).accuracySd } };
    });
    const res = await bootstrapTasks(jobs, { ...(workers !== undefined ? { workers } : {}), onProgress: (d, t) => progress(`bootstrap ${d}/${t} chunks`) });
    fitted.forEach((t, i) => {
      const b = res[i]!;
      boots.set(t.name, b);
      if (b.dropped > 0) warnings.push(`task "${t.name}": ${b.dropped} of ${K} resamples dropped (${(100 * b.droppedShare).toFixed(1)}%: ${Object.entries(b.drops).filter(([, n]) => n > 0).map(([r, n]) => `${n} ${r}`).join(', ')}); the interval is over the rest`);
    });
  }
  progressDone();
  const noiseOf = (task: TaskSpec): { loss_sd: number; accuracy_sd: number; snr: number | null; reference: string } => {
    const runs = runsOf.get(task.name)!;
    try {
      const n = taskNoise(runs, task, { smooth: spec.smooth });
      return { loss_sd: n.checkpoint.lossSd, accuracy_sd: n.checkpoint.accuracySd, snr: n.snrAccuracy.snr, reference: n.reference };
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      const ref = largestRun(runs);
      const c = checkpointNoise(ref, 10);
      warnings.push(`task "${task.name}": no signal-to-noise ratio (${e.message}); checkpoint SDs from ${ref.name}`);
      return { loss_sd: c.lossSd, accuracy_sd: c.accuracySd, snr: null, reference: ref.name };
    }
  };
  const tasks = spec.tasks.map((task) => {
    const p = preds.get(task.name);
    const noise = noiseOf(task);
    if (!p) return { name: task.name, step1: null, step2: null, prediction: null, error: errors.get(task.name)!, noise };
    const b = boots.get(task.name);
    const o = p.optimum;
    return {
      name: task.name,
      step1: {
        params: [...p.step1.params], param_names: ['log A', 'log B', 'alpha', 'beta', 'E'], converged: p.step1.converged, reason: p.step1.reason, at_bound: p.step1.atBound,
        ...(o ? { optimum: { starts: o.starts, converged_starts: o.converged, lower_found: o.lowerFound, best_objective: o.bestObjective, objective: p.step1.objective, accuracy_shift: o.accuracyShift, accuracy_range: o.accuracyRange } } : {}),
      },
      step2: { params: [...p.step2.params], param_names: ['p', 'L0', 'k', 'q'], converged: p.step2.converged, reason: p.step2.reason, points: p.step2.n },
      prediction: {
        loss: p.loss,
        loss_ci: b ? [b.loss.lo, b.loss.hi] : null,
        accuracy: p.accuracy,
        accuracy_ci: b ? [b.accuracy.lo, b.accuracy.hi] : null,
        ...(b ? {
          loss_ci_method: intervalLabelJson(b.loss),
          accuracy_ci_method: intervalLabelJson(b.accuracy),
          dropped: b.dropped,
          dropped_share: b.droppedShare,
          drops: b.drops,
          starts: { per_resample: b.starts.perResample, disagreed: b.starts.disagreed, max_accuracy_shift: b.starts.maxAccuracyShift, rescued: b.starts.rescued },
        } : {}),
        extrapolation: p.extrapolation,
      },
      noise,
    };
  });
  const out = { target: spec.target, tasks, warnings };
  if (v.json) printJson(out);
  else {
    const f4 = (x: number): string => x.toFixed(4);
    const lines = [`Target N = ${spec.target.N.toExponential(3)}, D = ${spec.target.D.toExponential(3)} (${spec.runs.length} ladder runs)`, ''];
    lines.push('task | loss [interval] | accuracy [interval] | step 1 | optimum | noise (acc SD, SNR)');
    for (const t of tasks) {
      if (t.prediction === null) {
        lines.push(`${t.name} | no prediction: ${t.error}`);
        continue;
      }
      const pr = t.prediction;
      const ci = (x: number[] | null): string => (x ? ` ${formatInterval(x[0]!, x[1]!, f4)}` : '');
      const opt = t.step1.optimum ? (t.step1.optimum.lower_found ? `lower optimum found (accuracy ${t.step1.optimum.accuracy_shift >= 0 ? '+' : ''}${(100 * t.step1.optimum.accuracy_shift).toFixed(1)} pt)` : `lowest of ${t.step1.optimum.starts} starts`) : '';
      lines.push(`${t.name} | ${f4(pr.loss)}${ci(pr.loss_ci)} | ${f4(pr.accuracy)}${ci(pr.accuracy_ci)} | ${t.step1.converged ? 'converged' : `NOT converged (${t.step1.reason})`} | ${opt} | ${t.noise.accuracy_sd.toFixed(4)}, ${t.noise.snr === null ? '-' : t.noise.snr.toFixed(1)}`);
    }
    const first = [...boots.values()][0];
    if (first) lines.push('', `Intervals: ${describeInterval(first.accuracy)}; plus the largest run's checkpoint SD.`);
    if (warnings.length) lines.push('', 'Warnings:', ...warnings.map((w) => `  - ${w}`));
    process.stdout.write(lines.join('\n') + '\n');
  }
  return preds.size === 0 ? 1 : 0;
}
