/**
 * Mutation fuzzing of the tabular loaders (issue 9), shared by the bounded CI property test
 * (test/load/tabular/fuzz.test.ts) and the longer campaign (bench/tabular-fuzz.ts).
 *
 * Each case is a real-shaped input (the committed real fixtures where there is one, else a file written in the
 * format's documented shape) and the format to force. A mutation replaces, deletes or inserts a few bytes (from
 * an alphabet of the bytes that matter to these formats plus any byte), or cuts the file. The oracle:
 *   1. load() resolves or rejects with a LoadError: any other exception is a crash;
 *   2. it finishes (the caller bounds the time);
 *   3. no silent loss: when a mutated (not cut) input loads with fewer points (kept + superseded; runs for a
 *      runs table) than the clean input, at least one warning says so.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LoadError } from '../../src/errors.js';
import { load } from '../../src/load/index.js';

/** One fuzzing target: the file to mutate, inside a folder when the format needs siblings. */
export interface FuzzCase {
  format: string;
  /** File name of the mutated file (its extension matters to nothing here: the format is forced). */
  name: string;
  bytes: Uint8Array;
  /** Sibling files written unchanged next to it (e.g. MLflow meta.yaml), paths relative to the loaded folder. */
  siblings?: Record<string, string>;
  /** For folder formats: the mutated file's path inside the folder that is loaded. */
  inner?: string;
}

const fx = (p: string, maxLines = 40): Uint8Array => {
  const text = readFileSync(join('test/fixtures/formats', p), 'utf8');
  const lines = text.split('\n');
  const head = lines.slice(0, maxLines).join('\n');
  return Buffer.from(head.endsWith('\n') ? head : head + '\n');
};

/** The cases: one per tabular loader (and both long and wide form for CSV, TSV and JSONL). */
export function fuzzCases(): FuzzCase[] {
  const jLong: string[] = [], jWide: string[] = [], csvLong = ['run,step,metric,value'], tsvWide = ['step\ttrain/loss\tlr\ttokens'];
  for (let s = 0; s < 12; s++) {
    const loss = (4 - s * 0.21).toFixed(4);
    jLong.push(`{"run": "gpt-${s % 2 ? 'a' : 'b'}", "step": ${s * 10}, "metric": "train/loss", "value": ${loss}}`);
    jWide.push(`{"step": ${s * 10}, "train/loss": ${loss}, "lr": ${(6e-4 * (1 - s / 12)).toExponential(3)}, "grad_norm": ${s === 5 ? 'NaN' : (1.5 - s * 0.05).toFixed(3)}}`);
    csvLong.push(`run_${s % 3},${s * 10},${s % 2 ? 'val/loss' : 'train/loss'},${loss}`);
    tsvWide.push(`${s * 10}\t${loss}\t${(6e-4 * (1 - s / 12)).toExponential(3)}\t${(s + 1) * 524288}`);
  }
  const mlflowMetric = Array.from({ length: 12 }, (_, s) => `${1698069409812 + s * 1000} ${(0.9 - s * 0.03).toFixed(4)} ${s * 5}`).join('\n') + '\n';
  const keras = `{"loss": [${Array.from({ length: 8 }, (_, e) => (0.9 - e * 0.07).toFixed(4)).join(', ')}], "val_loss": [${Array.from({ length: 8 }, (_, e) => (0.95 - e * 0.06).toFixed(4)).join(', ')}], "accuracy": [${Array.from({ length: 8 }, (_, e) => (0.6 + e * 0.04).toFixed(4)).join(', ')}]}\n`;
  const recs = '[\n' + Array.from({ length: 10 }, (_, s) => `  {"step": ${s * 100}, "loss": ${(3 - s * 0.1).toFixed(3)}, "lr": ${(1e-3 * (1 - s / 10)).toExponential(2)}}`).join(',\n') + '\n]\n';
  return [
    { format: 'json', name: 'history.json', bytes: Buffer.from(keras) },
    { format: 'json', name: 'records.json', bytes: Buffer.from(recs) },
    { format: 'csv', name: 'long.csv', bytes: Buffer.from(csvLong.join('\n') + '\n') },
    { format: 'csv', name: 'wide.csv', bytes: fx('lightning/metrics.csv') },
    { format: 'tsv', name: 'wide.tsv', bytes: Buffer.from(tsvWide.join('\n') + '\n') },
    { format: 'jsonl', name: 'long.jsonl', bytes: Buffer.from(jLong.join('\n') + '\n') },
    { format: 'jsonl', name: 'wide.jsonl', bytes: Buffer.from(jWide.join('\n') + '\n') },
    { format: 'wandb-runs', name: 'runs.csv', bytes: fx('wandb/runs_table_export.csv') },
    { format: 'wandb-chart', name: 'chart.csv', bytes: fx('wandb/chart_export_wide.csv') },
    { format: 'wandb-history', name: 'history.csv', bytes: fx('wandb/run_history.csv') },
    { format: 'hf-trainer', name: 'trainer_state.json', bytes: readFileSync('test/fixtures/formats/hf_trainer/trainer_state.json') },
    { format: 'lightning', name: 'metrics.csv', bytes: fx('lightning/metrics.csv'), siblings: { 'hparams.yaml': readFileSync('test/fixtures/formats/lightning/hparams.yaml', 'utf8') } },
    {
      format: 'mlflow', name: 'mlruns', inner: '0/0123456789abcdef0123456789abcdef/metrics/loss', bytes: Buffer.from(mlflowMetric),
      siblings: {
        '0/meta.yaml': 'artifact_location: file:///tmp/mlruns/0\nexperiment_id: \'0\'\nlifecycle_stage: active\nname: Default\n',
        '0/0123456789abcdef0123456789abcdef/meta.yaml': 'experiment_id: \'0\'\nlifecycle_stage: active\nrun_id: 0123456789abcdef0123456789abcdef\nrun_name: fuzz-run\nstart_time: 1698069409788\nstatus: 3\n',
        '0/0123456789abcdef0123456789abcdef/params/lr': '0.001',
      },
    },
  ];
}

/** Bytes that matter to these formats, then any byte. */
export const ALPHABET = [...'0123456789,.-+eE"\n\r\t {}[]:nNaIi_/'].map((c) => c.charCodeAt(0));

/** One edit: replace (0), delete (1) or insert (2) `byte` at `pos`. */
export type Edit = [pos: number, kind: number, byte: number];

/** Apply edits (positions taken modulo the current length). */
export function mutate(bytes: Uint8Array, edits: readonly Edit[]): Uint8Array {
  let b = Array.from(bytes);
  for (const [pos, kind, byte] of edits) {
    if (b.length === 0) break;
    const p = pos % b.length;
    if (kind === 0) b[p] = byte;
    else if (kind === 1) b.splice(p, 1);
    else b.splice(p, 0, byte);
  }
  return Uint8Array.from(b);
}

let dirN = 0;
const root = mkdtempSync(join(tmpdir(), 'scalelab-fuzz-'));

/** Write a case's files with `bytes` as the mutated file; returns the path to load. */
export function materialise(c: FuzzCase, bytes: Uint8Array): string {
  const d = join(root, String(dirN++));
  mkdirSync(d, { recursive: true });
  if (c.inner !== undefined) {
    const base = join(d, c.name);
    for (const [rel, text] of Object.entries(c.siblings ?? {})) {
      mkdirSync(join(base, rel, '..'), { recursive: true });
      writeFileSync(join(base, rel), text);
    }
    mkdirSync(join(base, c.inner, '..'), { recursive: true });
    writeFileSync(join(base, c.inner), bytes);
    return base;
  }
  for (const [rel, text] of Object.entries(c.siblings ?? {})) writeFileSync(join(d, rel), text);
  const p = join(d, c.name);
  writeFileSync(p, bytes);
  return p;
}

/** What one load gave: an error, or the amount of data and the number of warnings. */
export type Outcome = { kind: 'error' } | { kind: 'ok'; amount: number; warnings: number };

/** Load and measure; rethrows anything that is not a LoadError (a crash). */
export async function outcome(c: FuzzCase, bytes: Uint8Array): Promise<Outcome> {
  const p = materialise(c, bytes);
  try {
    const rs = await load(p, { format: c.format });
    const amount = c.format === 'wandb-runs' ? rs.runs.length : rs.numPoints + rs.superseded.numRows();
    return { kind: 'ok', amount, warnings: rs.warnings.length };
  } catch (e) {
    if (e instanceof LoadError) return { kind: 'error' };
    throw e;
  }
}

const SEP = new Set([44, 9, 10, 13]);

/**
 * Whether an edit lands on a one-byte cell of a table (`,0,` or a line starting `0,`): deleting or replacing it
 * can leave an empty cell, which is a sparse table's ordinary missing value, indistinguishable from damage. The
 * loss oracle does not judge such inputs (the crash oracle still does).
 *
 * @example
 * emptiesACell(Buffer.from('a,b\n0,,1\n'), [[4, 1, 0]]); // true
 */
export function emptiesACell(bytes: Uint8Array, edits: readonly Edit[]): boolean {
  let b = Array.from(bytes);
  for (const [pos, kind, byte] of edits) {
    if (b.length === 0) return false;
    const p = pos % b.length;
    if (kind !== 2) {
      const before = p === 0 || SEP.has(b[p - 1]!), after = p + 1 >= b.length || SEP.has(b[p + 1]!);
      if (before && after) return true;
    }
    if (kind === 0) b[p] = byte;
    else if (kind === 1) b.splice(p, 1);
    else b.splice(p, 0, byte);
  }
  return false;
}

/** The oracle's verdict for one mutated input, given the clean input's outcome. */
export function silentLoss(clean: Outcome, got: Outcome): boolean {
  return clean.kind === 'ok' && got.kind === 'ok' && got.amount < clean.amount && got.warnings <= clean.warnings;
}
