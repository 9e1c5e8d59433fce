/**
 * Trainer and tracker outputs: Lightning's CSVLogger, Hugging Face `trainer_state.json`, the MLflow file store.
 *
 * - `lightning`: `metrics.csv` (epoch, step, sparse metric columns; rows at one step with different metrics are
 *   fine) plus the sibling `hparams.yaml` as config (nested keys joined with `.`). `epoch` is a metric. The run
 *   is named after the folder (e.g. `version_0`).
 * - `hf-trainer`: `log_history` entries are points at their `step`; `epoch` is a metric; `num_input_tokens_seen`
 *   is the tokens column. Entries without `step` (e.g. `predict_*` after training) are kept at the previous
 *   entry's step (or `global_step` when first) with a warning naming them. The final entry's `train_*` and
 *   `total_flos` values are points and also summary. Top-level scalars (train_batch_size, max_steps, ...) are config.
 * - `mlflow`: `mlruns/`, one experiment folder or one run folder. Params are config (numbers and booleans
 *   parsed), `experiment` is the experiment name, the run name comes from meta.yaml or the `mlflow.runName`
 *   tag, status 1..5 maps to running/scheduled/finished/failed/killed. Metric files hold `timestamp value [step]`;
 *   a line without step is step 0, as MLflow's FileStore does (a warning says when several values of a metric then
 *   share a step, since only the last is kept). Time is seconds since the run's start_time. Deleted runs
 *   (lifecycle_stage: deleted) and `.trash` are skipped with a warning.
 *
 * @example
 * const rs = await load('mlruns/');
 * rs.runs[0].config.experiment; // 'Default'
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { LoadError } from '../../errors.js';
import type { Config, ConfigValue } from '../../runs/types.js';
import type { FormatLoader, LoadContext } from '../types.js';
import { parseNumberText } from './bytes.js';
import { readDelimited } from './delimited.js';
import { configValue, headerOf } from './wandb.js';
import { SHOWN_SKIPS, stepProblem } from './damage.js';
import { parsePythonJson } from './pyjson.js';
import { seedValue } from '../rule.js';

/** Flatten a parsed YAML/JSON object into config values (`a.b` keys; arrays and others as JSON text). */
export function flattenConfig(obj: unknown, prefix = '', out: Config = {}): Config {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
    if (prefix) out[prefix] = scalar(obj);
    return out;
  }
  for (const [k, v] of Object.entries(obj as Record<string, unknown>)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) flattenConfig(v, key, out);
    else out[key] = scalar(v);
  }
  return out;
}

function scalar(v: unknown): ConfigValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  return JSON.stringify(v);
}

function readYaml(path: string): unknown {
  try {
    return parseYaml(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new LoadError(`not valid YAML (${(e as Error).message})`, { file: path, expected: 'a YAML mapping' });
  }
}

/** The run key of a file inside a run folder: the folder's key (`lightning_logs/version_0`), or its name. */
function folderKey(ctx: LoadContext): string {
  const k = ctx.key;
  const i = k.lastIndexOf('/');
  return i > 0 ? k.slice(0, i) : basename(dirname(ctx.path)) || k;
}

/**
 * PyTorch Lightning CSVLogger output.
 *
 * @example
 * await load('lightning_logs/version_0/metrics.csv');
 */
export const lightningLoader: FormatLoader = {
  name: 'lightning',
  description: 'PyTorch Lightning CSVLogger metrics.csv (+ hparams.yaml)',
  detect(p) {
    if (p.name !== 'metrics.csv') return 0;
    const h = headerOf(p);
    if (!h || !h.includes('step')) return 0;
    const sibling = existsSync(join(dirname(p.path), 'hparams.yaml'));
    return sibling ? 0.9 : h[0] === 'epoch' ? 0.6 : 0.35;
  },
  async load(ctx) {
    const hp = join(dirname(ctx.path), 'hparams.yaml');
    const config = existsSync(hp) ? flattenConfig(readYaml(hp) ?? {}) : {};
    const key = folderKey(ctx);
    const seed = config.seed;
    await readDelimited(ctx, 44, {
      step: ['step'],
      noRun: true,
      run: () => ctx.addRun({ key, name: basename(key), config, ...(typeof seed === 'number' || typeof seed === 'string' ? { seed } : {}) }),
    });
  },
};

const HF_CONFIG_KEYS = ['global_step', 'max_steps', 'num_train_epochs', 'train_batch_size', 'logging_steps', 'eval_steps', 'save_steps', 'best_metric', 'best_model_checkpoint', 'trial_name'];

/**
 * Hugging Face Trainer `trainer_state.json`.
 *
 * @example
 * await load('checkpoint-5490/trainer_state.json');
 */
export const hfTrainerLoader: FormatLoader = {
  name: 'hf-trainer',
  description: 'Hugging Face Trainer trainer_state.json (log_history)',
  detect(p) {
    if (p.isDirectory) return 0;
    const has = p.headText.includes('"log_history"');
    return has && p.name === 'trainer_state.json' ? 0.95 : has && p.name.endsWith('.json') ? 0.7 : 0;
  },
  async load(ctx) {
    const file = ctx.path;
    let parsed: unknown;
    try {
      // Python's json writes NaN / Infinity for a diverged run's loss; some tools add a BOM.
      parsed = parsePythonJson(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new LoadError(`not valid JSON (${(e as Error).message.slice(0, 200)})`, { file, expected: 'a trainer_state.json object' });
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new LoadError('not a JSON object', { file, expected: 'a trainer_state.json object with "log_history"' });
    const state = parsed as Record<string, unknown>;
    const history = state.log_history;
    if (!Array.isArray(history)) throw new LoadError('no log_history array', { file, expected: 'a "log_history" array' });
    const config: Config = {};
    for (const k of HF_CONFIG_KEYS) {
      const v = state[k];
      if (v !== undefined && v !== null && typeof v !== 'object') config[k] = v as ConfigValue;
    }
    const summary: Record<string, number> = {};
    const key = folderKey(ctx);
    const run = ctx.addRun({ key, name: basename(key), config, summary });
    const b = ctx.builder;
    const globalStep = typeof state.global_step === 'number' ? state.global_step : undefined;
    let prev: number | undefined;
    let loaded = 0;
    let first: string | undefined;
    history.forEach((entry: unknown, i: number) => {
      if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
        first ??= `log_history[${i}] is not an object`;
        ctx.warn(`log_history[${i}] is not an object: entry not loaded`, { skipped: 1 });
        return;
      }
      const e = entry as Record<string, unknown>;
      let step = typeof e.step === 'number' ? e.step : undefined;
      const bad = step !== undefined ? stepProblem(step) : e.step !== undefined ? `step ${JSON.stringify(e.step)?.slice(0, 40)} is not a number` : undefined;
      if (bad !== undefined) {
        first ??= `log_history[${i}]: ${bad}`;
        ctx.warn(`log_history[${i}]: ${bad}: entry not loaded`, { skipped: 1 });
        return;
      }
      loaded++;
      const metrics = Object.keys(e).filter((k) => k !== 'step' && k !== 'num_input_tokens_seen' && typeof e[k] === 'number');
      if (step === undefined) {
        step = prev ?? globalStep;
        if (step === undefined) throw new LoadError(`log_history[${i}] has no step and no earlier entry or global_step`, { file, expected: 'a "step" key' });
        ctx.warn(`log_history[${i}] has no step (${metrics.slice(0, 4).join(', ')}${metrics.length > 4 ? ', ...' : ''}): placed at step ${step} (${prev !== undefined ? 'the previous entry' : 'global_step'})`);
      }
      prev = step;
      const tokens = typeof e.num_input_tokens_seen === 'number' ? e.num_input_tokens_seen : NaN;
      const isFinal = 'train_runtime' in e || 'train_loss' in e;
      for (const m of metrics) {
        const v = e[m] as number;
        b.push(run, step, b.metricId(m), v, tokens);
        if (isFinal && m !== 'epoch') summary[m] = v;
      }
      for (const k of Object.keys(e)) {
        if (k !== 'step' && typeof e[k] !== 'number' && e[k] !== null) ctx.warn(`log_history[${i}].${k} is not a number: skipped`);
      }
    });
    if (Object.keys(summary).length) b.meta(run).summary = summary;
    if (loaded === 0 && history.length > 0) throw new LoadError(`none of the ${history.length} log_history entries could be loaded; the first: ${first ?? '?'}`, { file, expected: 'objects with a non-negative integer "step"' });
  },
};

const MLFLOW_STATUS: Record<string, string> = { '1': 'running', '2': 'scheduled', '3': 'finished', '4': 'failed', '5': 'killed' };
const isDir = (p: string) => { try { return statSync(p).isDirectory(); } catch { return false; } };

/**
 * MLflow file store (`mlruns/`, an experiment folder, or a run folder).
 *
 * @example
 * await load('mlruns/0/dad1d1faee4d4661b3dba8f2f8429a4c');
 */
export const mlflowLoader: FormatLoader = {
  name: 'mlflow',
  description: 'MLflow file store: mlruns/, an experiment folder or a run folder',
  folder: true,
  detect(p) {
    if (!p.isDirectory) return 0;
    const e = new Set(p.entries);
    if (e.has('meta.yaml') && (e.has('metrics') || e.has('params') || e.has('tags'))) return 0.9;
    if (e.has('meta.yaml') && p.entries.some((n) => /^[0-9a-f]{32}$/.test(n))) return 0.85;
    if (p.name === 'mlruns' || (e.has('.trash') && p.entries.some((n) => /^\d+$/.test(n)))) return 0.85;
    return 0;
  },
  async load(ctx) {
    const root = ctx.path;
    const metaOf = (dir: string): Record<string, unknown> => {
      const m = join(dir, 'meta.yaml');
      if (!existsSync(m)) return {};
      const y = readYaml(m);
      return y !== null && typeof y === 'object' ? (y as Record<string, unknown>) : {};
    };
    const isRun = (d: string) => existsSync(join(d, 'meta.yaml')) && (isDir(join(d, 'metrics')) || isDir(join(d, 'params')) || isDir(join(d, 'tags')));
    const subdirs = (d: string) => readdirSync(d).filter((n) => n !== '.trash' && isDir(join(d, n))).sort();
    const loadExperiment = (dir: string) => {
      const name = metaOf(dir).name;
      for (const r of subdirs(dir)) {
        const rd = join(dir, r);
        if (isRun(rd)) loadRun(ctx, rd, typeof name === 'string' ? name : undefined);
      }
    };
    if (isRun(root)) {
      const exp = dirname(root);
      const name = metaOf(exp).name;
      loadRun(ctx, root, typeof name === 'string' ? name : undefined);
    } else if (existsSync(join(root, 'meta.yaml'))) loadExperiment(root);
    else {
      const exps = subdirs(root).filter((d) => existsSync(join(root, d, 'meta.yaml')));
      if (!exps.length) throw new LoadError('no MLflow experiment or run found', { file: root, expected: 'mlruns/<experiment>/meta.yaml or a run folder' });
      for (const d of exps) loadExperiment(join(root, d));
    }
  },
};

function loadRun(ctx: LoadContext, dir: string, experiment: string | undefined): void {
  const metaPath = join(dir, 'meta.yaml');
  const y = readYaml(metaPath);
  const meta = (y !== null && typeof y === 'object' ? y : {}) as Record<string, unknown>;
  const runId = String(meta.run_id ?? meta.run_uuid ?? basename(dir));
  if (meta.lifecycle_stage === 'deleted') {
    ctx.warn(`run ${runId} is deleted (lifecycle_stage: deleted): skipped`, { run: runId });
    return;
  }
  const config: Config = {};
  if (experiment !== undefined) config.experiment = experiment;
  const readKV = (sub: string): [string, string][] => {
    const out: [string, string][] = [];
    const walk = (d: string, prefix: string) => {
      if (!isDir(d)) return;
      for (const n of readdirSync(d).sort()) {
        const p = join(d, n);
        if (isDir(p)) walk(p, `${prefix}${n}/`);
        else out.push([prefix + n, readFileSync(p, 'utf8')]);
      }
    };
    walk(join(dir, sub), '');
    return out;
  };
  let seedText: string | undefined;
  for (const [k, v] of readKV('params')) {
    const val = configValue(v);
    config[k] = typeof val === 'string' ? v : val;
    if (k === 'seed') seedText = v;
  }
  const tags = new Map(readKV('tags'));
  const name = typeof meta.run_name === 'string' && meta.run_name ? meta.run_name : tags.get('mlflow.runName')?.trim() || runId;
  const status = meta.status !== undefined ? (MLFLOW_STATUS[String(meta.status)] ?? String(meta.status).toLowerCase()) : undefined;
  const start = typeof meta.start_time === 'number' ? meta.start_time : undefined;
  const seed = seedText !== undefined ? seedValue(seedText) : undefined; // '01' and '1' stay two seeds
  const run = ctx.addRun({
    key: runId, name, config,
    ...(status !== undefined ? { state: status } : {}),
    ...(typeof seed === 'number' || typeof seed === 'string' ? { seed } : {}),
  });
  const b = ctx.builder;
  for (const [key, text] of readKV('metrics')) {
    const file = join(dir, 'metrics', key);
    const id = b.metricId(key);
    const lines = text.split('\n');
    let noStep = 0, shown = 0, more = 0, firstMore = 0;
    // A damaged line is refused with a warning naming file:line (a file of its own: this run's metric file).
    const refuse = (line: number, why: string) => {
      if (shown < SHOWN_SKIPS) {
        shown++;
        b.warn({ file, line, run: runId, skipped: 1, message: `${why}: line not loaded` });
      } else if (more++ === 0) firstMore = line;
    };
    let lastNonBlank = -1;
    for (let i = 0; i < lines.length; i++) if (lines[i]!.trim() !== '') lastNonBlank = i;
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i]!.trim();
      if (l === '') continue;
      const f = l.split(/\s+/);
      const ts = parseNumberText(f[0] ?? '');
      const v = parseNumberText(f[1] ?? '');
      const st = f.length >= 3 ? parseNumberText(f[2]!) : 0;
      if (f.length < 2 || f.length > 3 || ts === undefined || v === undefined || st === undefined) {
        refuse(i + 1, `'${l.slice(0, 60)}' is not 'timestamp value [step]'`);
        continue;
      }
      const bad = stepProblem(st);
      if (bad !== undefined) {
        refuse(i + 1, bad);
        continue;
      }
      if (f.length === 2) noStep++;
      b.push(run, st, id, v, NaN, NaN, start !== undefined ? (ts - start) / 1000 : ts / 1000);
    }
    if (more > 0) b.warn({ file, line: firstMore, run: runId, skipped: more, message: `${more} more damaged line(s) not loaded (from this line on; the first ${SHOWN_SKIPS} are listed above)` });
    if (lastNonBlank > 0 && lastNonBlank === lines.length - 1) {
      b.warn({ file, line: lastNonBlank + 1, run: runId, message: 'the last line has no newline while the others have one: it may be cut short; its value was kept, check it' });
    }
    if (noStep > 1) ctx.warn(`metric '${key}' has ${noStep} values without a step: all at step 0 as MLflow does, only the last is kept`, { run: runId });
  }
}
