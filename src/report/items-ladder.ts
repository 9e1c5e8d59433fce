/**
 * Ladder items of the weekly report: run each configured ladder once (chained prediction per task, its bootstrap,
 * the target's actual values, the noise table), then render `ladder-prediction` (table + predictions figure),
 * `ladder-steps` (step-1 and step-2 figures of one task) and `ladder-noise` (noise table + figure).
 *
 * @example
 * const ladders = await runLadders(cfg.ladders, cfg.seed);
 * addLadderItem(report, { kind: 'ladder-noise', ladder: 'olmo' }, ladders, (k, n) => `${k}-${n}`);
 */
import { FitError, InputError, ReportError } from '../errors.js';
import { bootstrapTask, type LadderBootstrap } from '../ladder/bootstrap.js';
import { ladderRuns, type LadderRun } from '../ladder/data.js';
import { taskNoise, type TaskNoise } from '../ladder/noise.js';
import { checkpointNoise, predictTask, type TaskPrediction } from '../ladder/predict.js';
import type { TaskSpec } from '../ladder/task.js';
import { load } from '../load/index.js';
import { ladderNoiseFigure, ladderPredictionsFigure, ladderStep1Figure, ladderStep2Figure, formatSize } from '../plot/index.js';
import { ladderNoiseRowOf, ladderPredictionRowOf, ladderStep1InputOf, ladderStep2InputOf } from '../plot/ladder-adapt.js';
import type { RunSet } from '../runs/index.js';
import { describeInterval } from '../stats/interval.js';
import { fmtNum, type Report } from './builder.js';
import type { LadderConfig, LadderItemConfig } from './items-ladder-config.js';

/** One task of a ladder, computed. */
export interface LadderTaskOutcome {
  task: TaskSpec;
  /** The ladder runs the prediction fitted. */
  runs: LadderRun[];
  prediction?: TaskPrediction;
  bootstrap?: LadderBootstrap;
  /** Why there is no prediction (a sigmoid that does not converge or never leaves chance). */
  error?: string;
  /** The target's measured task loss and accuracy (its last evaluation). */
  actual?: { loss: number; accuracy: number };
  noise?: TaskNoise;
  noiseError?: string;
}

/** A ladder, computed. */
export interface LadderOutcome {
  name: string;
  config: LadderConfig;
  tasks: LadderTaskOutcome[];
  /** Input files and the points read from each (provenance). */
  files: Map<string, number>;
  seed: number;
  /** Warnings said once for the ladder (the extrapolation factor, a step-1 fit off its best optimum). */
  warnings: string[];
}

function filesOf(rs: RunSet, into: Map<string, number>): void {
  const pts = new Map<string, number>();
  for (const c of rs.curves()) pts.set(c.run, (pts.get(c.run) ?? 0) + c.step.length);
  for (const r of rs.runs) into.set(r.source, (into.get(r.source) ?? 0) + (pts.get(r.id) ?? 0));
}

/**
 * Run every configured ladder (in config order).
 *
 * @example
 * const out = await runLadders(cfg.ladders, 1);
 * out.get('olmo')!.tasks[0]!.prediction!.accuracy;
 */
export async function runLadders(ladders: Readonly<Record<string, LadderConfig>>, seed: number, progress: (m: string) => void = () => {}): Promise<Map<string, LadderOutcome>> {
  const out = new Map<string, LadderOutcome>();
  for (const [name, c] of Object.entries(ladders)) {
    progress(`ladder ${name}: loading`);
    const files = new Map<string, number>();
    const rs = await load(c.paths);
    filesOf(rs, files);
    let target: RunSet | undefined;
    if (c.target.actual) {
      target = await load(c.target.actual, { stepColumn: 'throughput/total_tokens' });
      filesOf(target, files);
    }
    const s = c.seed ?? seed;
    const warnings = new Set<string>();
    const tasks: LadderTaskOutcome[] = c.tasks.map((task) => {
      progress(`ladder ${name}: ${task.name}`);
      const runs = ladderRuns(rs, task, { N: c.N, ...(c.runs ? { runs: c.runs } : {}) });
      const o: LadderTaskOutcome = { task, runs };
      try {
        o.prediction = predictTask(runs, task, c.target, { smooth: c.smooth, skip: c.skip, multiStart: false });
        // the actual is one checkpoint of the target: its checkpoint-to-checkpoint noise, estimated on the largest
        // ladder run's last 10 checkpoints (as the backtests do), is added to each draw
        const largest = [...runs].sort((a, b) => a.N - b.N || a.D[a.D.length - 1]! - b.D[b.D.length - 1]!).at(-1)!;
        if (c.bootstrap > 0) o.bootstrap = bootstrapTask(runs, task, c.target, { resamples: c.bootstrap, seed: s, block: c.block, smooth: c.smooth, skip: c.skip, targetAccuracySd: checkpointNoise(largest, 10).accuracySd });
        for (const w of o.prediction.warnings) warnings.add(w.replace(/^task "[^"]*": /, ''));
      } catch (e) {
        if (!(e instanceof FitError || e instanceof InputError)) throw e;
        o.error = e.message;
      }
      if (target) {
        const [t] = ladderRuns(target, task, { N: () => c.target.N, tokens: 'step' });
        const i = t!.loss.length - 1;
        o.actual = { loss: t!.loss[i]!, accuracy: t!.accuracy[i]! };
        if (Math.abs(t!.D[i]! / c.target.D - 1) > 0.01) warnings.add(`the target's evaluation (${c.target.actual}) is at D = ${fmtNum(t!.D[i]!)} tokens, not the target's ${fmtNum(c.target.D)}`);
      }
      if (c.noise) {
        try {
          o.noise = taskNoise(ladderRuns(rs, task, { N: c.N }), task, { smooth: c.smooth });
        } catch (e) {
          if (!(e instanceof InputError)) throw e;
          o.noiseError = e.message;
        }
      }
      return o;
    });
    out.set(name, { name, config: c, tasks, files, seed: s, warnings: [...warnings] });
  }
  return out;
}

const pct = (x: number): string => `${fmtNum(100 * x, 3)}`;

/**
 * Render one ladder item into the report.
 *
 * @example
 * addLadderItem(report, { kind: 'ladder-prediction', ladder: 'olmo' }, ladders, (kind, name) => `f1-${kind}-${name}`);
 */
export function addLadderItem(report: Report, it: LadderItemConfig, ladders: ReadonlyMap<string, LadderOutcome>, id: (kind: string, name: string) => string): void {
  const l = ladders.get(it.ladder);
  if (!l) throw new ReportError(`${it.kind}: ladder '${it.ladder}' was not run`);
  const c = l.config;
  const targetName = c.target.label ?? formatSize(c.target.N);
  const target = `${targetName} (N = ${fmtNum(c.target.N)}, D = ${fmtNum(c.target.D)})`;
  switch (it.kind) {
    case 'ladder-prediction': {
      const rows = l.tasks.map((t) => {
        const p = t.prediction;
        const b = t.bootstrap;
        const err = p && t.actual ? p.accuracy - t.actual.accuracy : null;
        return {
          task: t.task.name,
          loss: p?.loss ?? null, loss_lo: b?.loss.lo ?? null, loss_hi: b?.loss.hi ?? null,
          accuracy: p?.accuracy ?? null, lo: b?.accuracy.lo ?? null, hi: b?.accuracy.hi ?? null,
          actual: t.actual?.accuracy ?? null,
          error: err === null ? null : 100 * err,
          inside: b && t.actual ? (t.actual.accuracy >= b.accuracy.lo && t.actual.accuracy <= b.accuracy.hi ? 'yes' : 'no') : '',
          note: t.error ?? (p && !p.step1.converged ? 'step 1 did not converge' : p && p.step1.atBound.length ? `step 1: ${p.step1.atBound.join(', ')} on its bound` : ''),
        };
      });
      const b0 = l.tasks.find((t) => t.bootstrap)?.bootstrap;
      const ci = b0 ? describeInterval(b0.accuracy) : 'no bootstrap';
      const lv = `${Math.round(100 * (b0?.accuracy.level ?? 0.95))}%`;
      report.table({
        rows,
        caption: it.caption ?? `Chained predictions at the target ${target} from ${l.tasks[0]!.runs.length} ladder runs (smoothing ${c.smooth}, skip ${c.skip}); interval: ${ci}${b0 ? `, plus the target's own checkpoint-to-checkpoint noise (the accuracy SD of the largest ladder run's last 10 checkpoints) in the accuracy interval` : ''}. error = predicted − actual, in points.`,
        columns: [
          { key: 'task', format: 'text' }, { key: 'loss', label: 'task loss' }, { key: 'loss_lo', label: `loss ${lv} low` }, { key: 'loss_hi', label: `loss ${lv} high` },
          { key: 'accuracy', label: 'accuracy' }, { key: 'lo', label: `${lv} low` }, { key: 'hi', label: `${lv} high` }, { key: 'actual', label: 'actual' },
          { key: 'error', label: 'error (points)', digits: 2 }, { key: 'inside', label: 'actual inside' }, { key: 'note', format: 'text' },
        ],
      });
      const ok = l.tasks.filter((t) => t.prediction);
      if (ok.length) {
        const input = { rows: ok.map((t) => ladderPredictionRowOf(t.prediction!, t.task, t.bootstrap, t.actual?.accuracy)), ...(b0 ? { interval: b0.accuracy } : {}), target: targetName };
        report.figure(ladderPredictionsFigure(input, { id: id('ladder-predictions', it.ladder) }), `Predicted accuracy at ${targetName} per task (diamond) with its interval (${ci}); crosses are the target's actual accuracy (red when outside the interval); dotted ticks are chance.`, input);
      }
      for (const w of l.warnings) report.markdown(`**Note:** ${w.replace(/[\\`*_[\]<>#|]/g, (ch) => `\\${ch}`)}`);
      return;
    }
    case 'ladder-steps': {
      const t = l.tasks.find((x) => x.task.name === it.task)!;
      if (!t.prediction) {
        report.markdown(`**${it.task}: no prediction.** ${t.error ?? ''}`);
        return;
      }
      const in1 = ladderStep1InputOf(t.prediction, t.bootstrap, t.actual);
      report.figure(ladderStep1Figure(in1, { id: id('ladder-step1', `${it.ladder}-${it.task}`) }), it.caption ?? `Step 1 for ${it.task}: task loss against compute; dots are the ladder runs' losses (mean of the last ${c.smooth} checkpoints), lines the fitted L(N, D) along D at each size, dashed at the target's size up to ${targetName}${t.actual ? ' (cross: its actual loss)' : ''}.`, in1);
      const in2 = ladderStep2InputOf(t.runs, t.task, t.prediction, t.bootstrap, t.actual, { smooth: c.smooth, skip: c.skip });
      report.figure(ladderStep2Figure(in2, { id: id('ladder-step2', `${it.ladder}-${it.task}`) }), `Step 2 for ${it.task}: accuracy against task loss over the ladder's checkpoints (moving average of ${c.smooth}, first ${pct(c.skip)}% of each run left out), the fitted sigmoid, chance and ceiling; the diamond is the chained prediction at step 1's loss${t.actual ? ', the cross the actual' : ''}.`, { task: in2.task, params: Array.from(in2.params), prediction: in2.prediction ?? null, actual: in2.actual ?? null, points: in2.points.length });
      return;
    }
    case 'ladder-noise': {
      const ok = l.tasks.filter((t) => t.noise);
      if (ok.length === 0) {
        report.markdown(`**No noise table for ladder ${it.ladder}.** ${l.tasks.map((t) => t.noiseError).find(Boolean) ?? 'noise is off in its config'}`);
        return;
      }
      const n0 = ok[0]!.noise!;
      const top = n0.decision[n0.decision.length - 1]!;
      const rows = ok.map((t) => {
        const n = t.noise!;
        const d = n.decision[n.decision.length - 1]!;
        return {
          task: t.task.name, ckpt_sd: 100 * n.checkpoint.accuracySd, seed_sd: n.seed ? 100 * n.seed.accuracySd : null, loss_sd: n.checkpoint.lossSd,
          snr: n.snrAccuracy.snr, snr_loss: n.snrLoss.snr, decision: `${d.agree}/${d.pairs}`, all_sizes: `${n.decision.reduce((a, x) => a + x.agree, 0)}/${n.decision.reduce((a, x) => a + x.pairs, 0)}`,
          min_diff: 100 * n.minDifference, decides: n.decides ? 'yes' : 'no',
        };
      });
      report.table({
        rows,
        caption: it.caption ?? `Which tasks can decide at ${formatSize(top.N)}: checkpoint SD over the last 10 checkpoints of ${n0.reference}, seed SD pooled over ${n0.seed?.groups ?? 0} rerun pairs (points of accuracy); SNR as Heineman et al. 2025 (spread of ${n0.signalRuns.join(', ')} over ${n0.reference}'s relative checkpoint SD); decision accuracy: pairs of run lengths ordered as at ${formatSize(n0.targetN)}. Rule: ${n0.rule}.`,
        columns: [
          { key: 'task', format: 'text' }, { key: 'ckpt_sd', label: 'checkpoint SD (pt)', digits: 2 }, { key: 'seed_sd', label: 'seed SD (pt)', digits: 2 }, { key: 'loss_sd', label: 'loss SD', digits: 2 },
          { key: 'snr', label: 'SNR', digits: 3 }, { key: 'snr_loss', label: 'SNR (loss)', digits: 3 }, { key: 'decision', label: `agree at ${formatSize(top.N)}` }, { key: 'all_sizes', label: 'agree, all sizes' },
          { key: 'min_diff', label: 'smallest difference (pt)', digits: 2 }, { key: 'decides', label: 'decides' },
        ],
      });
      const input = { rows: ok.map((t) => ladderNoiseRowOf(t.noise!)), scale: `${formatSize(top.N)} against ${formatSize(n0.targetN)}` };
      report.figure(ladderNoiseFigure(input, { id: id('ladder-noise', it.ladder) }), `Signal-to-noise per task (filled: accuracy, hollow: task loss); green tasks decide at ${formatSize(top.N)} by the rule above.`, input);
      return;
    }
  }
}
