/**
 * display() summaries of the ladder results: a chained prediction (both steps, the interval, the actual), the
 * noise table ("which tasks can decide at this scale") and backtests. Text and HTML from the same rows, as the
 * other summaries.
 *
 * @example
 * import { summarizeLadderPrediction } from 'scalelab';
 * display(summarizeLadderPrediction(p, { bootstrap: b, actual: 0.490 }));
 */
import type { BacktestCase } from '../ladder/backtest.js';
import type { LadderBootstrap } from '../ladder/bootstrap.js';
import type { TaskNoise } from '../ladder/noise.js';
import type { TaskPrediction } from '../ladder/predict.js';
import { fmtNum, type CellValue } from '../report/builder.js';
import { describeInterval } from '../stats/interval.js';
import type { Summary } from './summaries.js';
import { fromBlocks, type Block } from './summary-blocks.js';

const params = (xs: ArrayLike<number>, names: readonly string[]): string => names.map((n, i) => `${n} = ${fmtNum(xs[i]!, 4)}`).join(', ');

/**
 * A chained prediction's summary: the target and its extrapolation, both steps' parameters and convergence, the
 * predicted loss and accuracy with the bootstrap's intervals, the actual accuracy when given, the warnings.
 *
 * @example
 * summarizeLadderPrediction(p, { bootstrap: b, actual: 0.490 }).summary();
 */
export function summarizeLadderPrediction(p: TaskPrediction, o: { bootstrap?: LadderBootstrap; actual?: number; actualLoss?: number } = {}): Summary {
  const title = `${p.task}: chained prediction at N = ${fmtNum(p.target.N)}, D = ${fmtNum(p.target.D)}`;
  const b = o.bootstrap;
  const row = (what: string, est: number, lo?: number, hi?: number, actual?: number): Record<string, CellValue> => ({
    what, est, lo: lo ?? null, hi: hi ?? null, actual: actual ?? null, error: actual !== undefined ? est - actual : null,
  });
  const blocks: Block[] = [
    { kind: 'heading', text: title },
    { kind: 'facts', text: `step 1: ${params(p.step1.params, ['log A', 'log B', 'alpha', 'beta', 'E'])} (${p.step1.converged ? 'converged' : `NOT converged: ${p.step1.reason}`}${p.step1.atBound.length ? `; on its bound: ${p.step1.atBound.join(', ')}` : ''}; ${p.step1.points.length} ladder runs)` },
    { kind: 'facts', text: `step 2: ${params(p.step2.params, ['p', 'L0', 'k', 'q'])} (${p.step2.converged ? 'converged' : `NOT converged: ${p.step2.reason}`}; ${p.step2.n} checkpoints)` },
    ...(p.optimum ? [{ kind: 'facts' as const, text: `which optimum: ${p.optimum.converged} of ${p.optimum.starts} starts converged; ${p.optimum.lowerFound ? `a lower objective exists, moving the accuracy by ${fmtNum(100 * p.optimum.accuracyShift, 3)} points` : 'none found a lower objective'}` }] : []),
    {
      kind: 'table',
      caption: b ? `interval: ${describeInterval(b.accuracy)}` : 'no interval (pass a bootstrapTask result)',
      columns: [{ key: 'what', label: '', format: 'text' }, { key: 'est', label: 'predicted' }, { key: 'lo', label: `${Math.round(100 * (b?.accuracy.level ?? 0.95))}% low` }, { key: 'hi', label: `${Math.round(100 * (b?.accuracy.level ?? 0.95))}% high` }, { key: 'actual', label: 'actual' }, { key: 'error', label: 'predicted − actual' }],
      rows: [row('task loss', p.loss, b?.loss.lo, b?.loss.hi, o.actualLoss), row('accuracy', p.accuracy, b?.accuracy.lo, b?.accuracy.hi, o.actual)],
    },
    { kind: 'facts', text: `target compute is ${fmtNum(p.extrapolation, 3)}x the largest ladder run's` },
    ...p.warnings.map((w): Block => ({ kind: 'warn', text: w })),
  ];
  return fromBlocks(title, blocks);
}

/**
 * The noise table's summary: per task, checkpoint and seed SD (points of accuracy), SNR of accuracy and loss,
 * decision accuracy at the largest ladder size and over all sizes, the smallest resolvable difference, the verdict.
 *
 * @example
 * summarizeLadderNoise(PAPER_TASKS.map((t) => taskNoise(ladderRuns(rs, t, { N }), t))).summary();
 */
export function summarizeLadderNoise(noise: readonly TaskNoise[]): Summary {
  const title = 'Which tasks can decide at this scale';
  if (noise.length === 0) return fromBlocks(title, [{ kind: 'heading', text: title }, { kind: 'warn', text: 'no tasks' }]);
  const n0 = noise[0]!;
  const top = n0.decision[n0.decision.length - 1]!;
  const blocks: Block[] = [
    { kind: 'heading', text: title },
    { kind: 'facts', text: `checkpoint SD: last checkpoints of ${n0.reference}; seed SD: ${n0.seed ? `${n0.seed.groups} configurations with reruns (${n0.seed.dof} df)` : 'no reruns'}; SNR (Heineman et al. 2025): spread of ${n0.signalRuns.join(', ')} over ${n0.reference}'s relative checkpoint SD; decision accuracy: pairs of run lengths at N = ${fmtNum(top.N)} ordered as at N = ${fmtNum(n0.targetN)}` },
    { kind: 'facts', text: `rule: ${n0.rule}` },
    {
      kind: 'table',
      columns: [
        { key: 'task', format: 'text' }, { key: 'ckpt', label: 'checkpoint SD (pt)', digits: 2 }, { key: 'seed', label: 'seed SD (pt)', digits: 2 }, { key: 'snr', label: 'SNR', digits: 3 },
        { key: 'snrLoss', label: 'SNR (loss)', digits: 3 }, { key: 'agree', label: 'agree (largest)', format: 'text' }, { key: 'all', label: 'agree (all sizes)', format: 'text' },
        { key: 'md', label: 'smallest difference (pt)', digits: 2 }, { key: 'decides', format: 'text' },
      ],
      rows: noise.map((n) => {
        const d = n.decision[n.decision.length - 1]!;
        return {
          task: n.task, ckpt: 100 * n.checkpoint.accuracySd, seed: n.seed ? 100 * n.seed.accuracySd : null, snr: n.snrAccuracy.snr, snrLoss: n.snrLoss.snr,
          agree: `${d.agree}/${d.pairs}`, all: `${n.decision.reduce((a, x) => a + x.agree, 0)}/${n.decision.reduce((a, x) => a + x.pairs, 0)}`, md: 100 * n.minDifference, decides: n.decides ? 'yes' : 'no',
        };
      }),
    },
  ];
  return fromBlocks(title, blocks);
}

/**
 * Backtests' summary: each held-out (task, size) case with its prediction, interval and actual, and the share
 * of intervals that cover.
 *
 * @example
 * summarizeLadderBacktest(PAPER_TASKS.flatMap((t) => backtestTask(runsOf(t), t, { resamples: 200, seed: 1 }))).summary();
 */
export function summarizeLadderBacktest(cases: readonly BacktestCase[]): Summary {
  const title = 'Backtests: the largest ladder size held out';
  const covered = cases.filter((c) => c.covered).length;
  return fromBlocks(title, [
    { kind: 'heading', text: title },
    { kind: 'facts', text: `${covered} of ${cases.length} intervals cover the held-out run's actual accuracy` },
    {
      kind: 'table',
      columns: [{ key: 'task', format: 'text' }, { key: 'run', label: 'held out', format: 'text' }, { key: 'predicted' }, { key: 'lo', label: '95% low' }, { key: 'hi', label: '95% high' }, { key: 'actual' }, { key: 'covered', format: 'text' }, { key: 'dropped', format: 'integer' }],
      rows: cases.map((c) => ({ task: c.task, run: c.run, predicted: c.predicted, lo: c.lo, hi: c.hi, actual: c.actual, covered: c.covered ? 'yes' : 'no', dropped: c.dropped })),
    },
  ]);
}

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object';

/**
 * The summary of a ladder result recognised by shape (a TaskPrediction, a TaskNoise or a list of them, a list of
 * BacktestCase), or undefined.
 *
 * @example
 * summarizeLadder(predictTask(runs, task, target))?.summary();
 */
export function summarizeLadder(x: unknown): Summary | undefined {
  const isNoise = (v: unknown): v is TaskNoise => isObj(v) && isObj(v.snrAccuracy) && Array.isArray(v.decision) && typeof v.task === 'string';
  const isCase = (v: unknown): v is BacktestCase => isObj(v) && typeof v.covered === 'boolean' && typeof v.predicted === 'number' && typeof v.run === 'string';
  if (Array.isArray(x) && x.length > 0) {
    if (x.every(isNoise)) return summarizeLadderNoise(x);
    if (x.every(isCase)) return summarizeLadderBacktest(x);
    return undefined;
  }
  if (isNoise(x)) return summarizeLadderNoise([x]);
  if (isObj(x) && typeof x.task === 'string' && isObj(x.step1) && isObj(x.step2) && isObj(x.target) && typeof x.accuracy === 'number') return summarizeLadderPrediction(x as unknown as TaskPrediction);
  return undefined;
}
