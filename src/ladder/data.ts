/**
 * The ladder runs of a RunSet, per task: parameters N (from a table or a rule), tokens D per checkpoint (from
 * `throughput/total_tokens`), the task's loss and accuracy per checkpoint (weighted averages of columns).
 */
import { InputError } from '../errors.js';
import type { RunSet } from '../runs/runset.js';
import { taskWeights, type TaskSpec } from './task.js';

/** One ladder run's curves of one task, aligned on the checkpoints where every column is present. */
export interface LadderRun {
  /** Run id in the RunSet. */
  id: string;
  /** Run name (W&B name or file stem). */
  name: string;
  /** The file it was loaded from. */
  file: string;
  N: number;
  step: Float64Array;
  D: Float64Array;
  loss: Float64Array;
  accuracy: Float64Array;
}

/** Options of {@link ladderRuns}. */
export interface LadderRunsOptions {
  /** N of a run: a table from run name (or its prefix before the first '-': "1B-10xC" → "1B") to N, or a function. */
  N: Readonly<Record<string, number>> | ((name: string) => number | undefined);
  /**
   * Column giving the tokens seen at each checkpoint (default `throughput/total_tokens`); `'step'` takes D from the
   * step itself (a file loaded with `stepColumn: 'throughput/total_tokens'`, such as the 7B's one-row evaluation).
   */
  tokens?: string;
  /** Only these runs (by name), in this order; default all runs. */
  runs?: readonly string[];
}

/**
 * Read the ladder runs of one task from a RunSet. A run lacking a task column, or with no N, is an InputError
 * naming the file and the column.
 *
 * @example
 * const rs = await load('test/fixtures/olmo-ladder/ladder-runs/1B-10xC.csv');
 * const [run] = ladderRuns(rs, PAPER_TASKS[0]!, { N: { '1B': 1279395840 } });
 * run.D.at(-1); // 26.8e9 tokens at the last checkpoint
 */
export function ladderRuns(rs: RunSet, task: TaskSpec, options: LadderRunsOptions): LadderRun[] {
  const tokensCol = options.tokens ?? 'throughput/total_tokens';
  const ids = rs.runs.map((r) => r.id);
  const byName = new Map(rs.runs.map((r) => [r.name, r.id]));
  const wanted = options.runs
    ? options.runs.map((nm) => {
        const id = byName.get(nm);
        if (id === undefined) throw new InputError(`ladder run "${nm}" is not in the loaded runs (have: ${[...byName.keys()].join(', ')})`);
        return id;
      })
    : ids;
  if (task.loss.length === 0 || task.accuracy.length === 0) throw new InputError(`task "${task.name}" needs at least one loss and one accuracy column`);
  // weights go with the accuracy columns, and with the loss columns when there are as many (one shared loss column,
  // such as C4's, takes them all)
  if (task.weights !== undefined && (task.weights.length !== task.accuracy.length || (task.loss.length > 1 && task.weights.length !== task.loss.length))) {
    throw new InputError(`task "${task.name}": ${task.weights.length} weights for ${task.loss.length} loss and ${task.accuracy.length} accuracy columns; give one weight per column`);
  }
  const wl = taskWeights(task, task.loss.length).map((v) => (task.negateLoss ? -v : v));
  const wa = taskWeights(task, task.accuracy.length);
  return wanted.map((id) => {
    const meta = rs.run(id)!;
    const file = meta.source;
    const nOf = typeof options.N === 'function' ? options.N(meta.name) : (options.N[meta.name] ?? options.N[meta.name.split('-')[0]!]);
    if (nOf === undefined || !(nOf > 0)) {
      throw new InputError(`no parameter count N for run "${meta.name}" (${file}): add it to the N table (by name or by the prefix before '-')`);
    }
    const curveOf = (col: string) => {
      const c = rs.curve(id, col);
      if (c === undefined || c.value.length === 0) {
        throw new InputError(`${file}: column "${col}" (task "${task.name}") is missing from run "${meta.name}"${col === tokensCol ? ' (tokens per checkpoint: name another column with `tokens`, or `tokens: \'step\'`)' : ''}`);
      }
      const m = new Map<number, number>();
      for (let i = 0; i < c.step.length; i++) if (Number.isFinite(c.value[i]!)) m.set(c.step[i]!, c.value[i]!);
      return m;
    };
    const lc = task.loss.map(curveOf);
    const ac = task.accuracy.map(curveOf);
    const tok = tokensCol === 'step' ? new Map([...lc[0]!.keys()].map((st) => [st, st])) : curveOf(tokensCol);
    const steps = [...tok.keys()].filter((s) => lc.every((m) => m.has(s)) && ac.every((m) => m.has(s))).sort((a, b) => a - b);
    const n = steps.length;
    const out: LadderRun = { id, name: meta.name, file, N: nOf, step: new Float64Array(n), D: new Float64Array(n), loss: new Float64Array(n), accuracy: new Float64Array(n) };
    steps.forEach((s, i) => {
      out.step[i] = s;
      out.D[i] = tok.get(s)!;
      let l = 0;
      lc.forEach((m, j) => (l += wl[j]! * m.get(s)!));
      let a = 0;
      ac.forEach((m, j) => (a += wa[j]! * m.get(s)!));
      out.loss[i] = l;
      out.accuracy[i] = a;
    });
    if (n === 0) throw new InputError(`${file}: run "${meta.name}" has no checkpoint where all columns of task "${task.name}" and "${tokensCol}" are present`);
    return out;
  });
}
