/**
 * Eval noise and decision quality of a task on a ladder: which tasks can tell two runs apart at the ladder's scale.
 *
 * Definitions (one task; `runs` are all runs of the ladder and of the decision target, reruns included):
 * - A run's score: the mean of its last `smooth` (5) checkpoints, of the accuracy or of the task loss.
 * - Configurations: runs sharing N and final D (to 3 significant figures) are seed replicates of one configuration;
 *   the configuration's run is the one whose name sorts first ("1B-1xC" before "1B-1xC-rerun").
 * - Decision target: the largest N. Ladder sizes: every smaller N. Recipes: tokens per parameter D / N (2 significant
 *   figures: 0.5xC = 10, 1xC = 20, ..., 10xC = 200).
 * - Checkpoint noise: `checkpointNoise` (population SD over the last `last` (10) checkpoints) of the reference run,
 *   the largest ladder size at the longest recipe every ladder size has (1B-10xC on the paper ladder, the run of
 *   published_variance.csv).
 * - Seed SD: the pooled SD of the scores within each configuration with several runs (ddof 1 within a group).
 * - Signal-to-noise as in Heineman et al. 2025, "Signal and Noise: A Framework for Reducing Uncertainty in Language
 *   Model Evaluation" (arXiv 2508.13144; allenai/signal-and-noise, snr/metrics.py `signal_to_noise_ratio`):
 *   signal = max_{j,k} |m_j - m_k| / mean(m) (relative dispersion) over the scores m of the ladder sizes at that
 *   recipe; noise = std / mean (relative SD) of the reference run's last `last` checkpoints; SNR = signal / noise.
 * - Decision accuracy at ladder size s, as their `decision_acc_fast`: over pairs i < j of the recipes present at s
 *   and at the target, the share where (x_i > x_j) equals (y_i > y_j), x the scores at s, y at the target. No
 *   interval: the pairs share runs (10 pairs from 5 runs), so they are not independent draws; counts are given.
 * - The rule "can decide at this scale": decision accuracy at the largest ladder size >= `minDecisionAccuracy`
 *   (0.9: at most one pair in ten flips) AND the smallest accuracy difference two runs must have to be ordered at
 *   95%, 1.96 x sqrt(2) x max(seed SD, checkpoint SD), is at most `resolution` (0.01 = 1 point).
 */
import { InputError } from '../errors.js';
import type { LadderRun } from './data.js';
import { checkpointNoise } from './predict.js';
import type { TaskSpec } from './task.js';

/** Options of {@link taskNoise}. */
export interface NoiseOptions {
  /** Checkpoints of the reference run for the checkpoint SD and the SNR's noise (default 10, as published). */
  last?: number;
  /** Checkpoints averaged into a run's score (default 5, the ladder's smoothing). */
  smooth?: number;
  /** Largest accuracy difference the task must resolve at 95% to "decide" (default 0.01). */
  resolution?: number;
  /** Smallest decision accuracy at the largest ladder size to "decide" (default 0.9). */
  minDecisionAccuracy?: number;
}

/** Decision accuracy of one ladder size against the target. */
export interface DecisionAccuracy {
  N: number;
  /** Pairs of recipes compared, pairs whose accuracy order agrees with the target's, and their share. */
  pairs: number;
  agree: number;
  accuracy: number;
  /** The same on the task loss. */
  lossAgree: number;
}

/** Signal, noise and their ratio, as Heineman et al. 2025. */
export interface SignalToNoise {
  /** Relative dispersion max |m_j - m_k| / mean(m) over the ladder sizes. */
  signal: number;
  /** Relative SD (std / mean) of the reference run's last checkpoints. */
  noise: number;
  snr: number;
}

/** Noise and decision quality of one task. */
export interface TaskNoise {
  task: string;
  /** The run whose last checkpoints give the checkpoint noise (the largest ladder run at the common recipe). */
  reference: string;
  /** The runs whose scores give the signal (one per ladder size). */
  signalRuns: string[];
  /** N of the decision target (the largest size). */
  targetN: number;
  checkpoint: { lossSd: number; accuracySd: number; lossCv: number; accuracyCv: number };
  /** Pooled seed SD over the configurations with reruns (`groups` of them, `dof` degrees of freedom); null without reruns. */
  seed: { lossSd: number; accuracySd: number; groups: number; dof: number } | null;
  snrAccuracy: SignalToNoise;
  snrLoss: SignalToNoise;
  /** Per ladder size, smallest first. */
  decision: DecisionAccuracy[];
  /** 1.96 x sqrt(2) x max(seed SD, checkpoint SD) of the accuracy: the smallest difference ordered at 95%. */
  minDifference: number;
  decides: boolean;
  /** The rule, in words, with its thresholds. */
  rule: string;
}

const sig3 = (x: number): number => Number(x.toPrecision(3));
const sig2 = (x: number): number => Number(x.toPrecision(2));
const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

function score(xs: Float64Array, smooth: number): number {
  const v = xs.subarray(Math.max(0, xs.length - smooth));
  return v.reduce((a, b) => a + b, 0) / v.length;
}

/**
 * Heineman et al. 2025's signal-to-noise ratio: relative dispersion of `signal` over relative SD of `noise`.
 *
 * @example
 * signalToNoise([0.3, 0.4, 0.5], [0.49, 0.5, 0.51]).snr; // (0.2 / 0.4) / (0.00816 / 0.5) ≈ 30.6
 */
export function signalToNoise(signal: readonly number[], noise: ArrayLike<number>): SignalToNoise {
  if (signal.length < 2 || noise.length < 2) throw new InputError(`signal-to-noise needs at least 2 signal scores and 2 noise checkpoints (got ${signal.length} and ${noise.length})`);
  const dispersion = Math.max(...signal) - Math.min(...signal);
  const s = dispersion / mean(signal);
  const nv = Array.from(noise);
  const m = mean(nv);
  const sd = Math.sqrt(nv.reduce((a, b) => a + (b - m) ** 2, 0) / nv.length);
  const n = sd / m;
  return { signal: s, noise: n, snr: s / n };
}

/**
 * Decision accuracy of `small` against `target` scores (same order of candidates), as Heineman et al.'s
 * `decision_acc_fast`: over pairs i < j, how many have (small_i > small_j) === (target_i > target_j).
 *
 * @example
 * decisionAgreement([1, 2, 3], [1, 3, 2]); // { pairs: 3, agree: 2 }
 */
export function decisionAgreement(small: readonly number[], target: readonly number[]): { pairs: number; agree: number } {
  if (small.length !== target.length) throw new InputError(`decision accuracy needs the same candidates at both scales (${small.length} and ${target.length} scores)`);
  let pairs = 0;
  let agree = 0;
  for (let i = 0; i < small.length; i++) {
    for (let j = i + 1; j < small.length; j++) {
      pairs++;
      if (small[i]! > small[j]! === target[i]! > target[j]!) agree++;
    }
  }
  return { pairs, agree };
}

/**
 * Noise and decision quality of one task (definitions in the module comment). Needs at least 2 ladder sizes below
 * the target and a recipe shared by the target and each ladder size.
 *
 * @example
 * const runs = ladderRuns(rs, PAPER_TASKS[0]!, { N: LADDER_N }); // the 30 runs of test/fixtures/olmo-ladder
 * const n = taskNoise(runs, PAPER_TASKS[0]!);
 * n.snrAccuracy.snr; // 90.1 for MMLU; n.decides: true
 */
export function taskNoise(runs: readonly LadderRun[], task: TaskSpec, options: NoiseOptions = {}): TaskNoise {
  const last = options.last ?? 10;
  const smooth = options.smooth ?? 5;
  const resolution = options.resolution ?? 0.01;
  const minDA = options.minDecisionAccuracy ?? 0.9;
  const groups = new Map<string, LadderRun[]>();
  for (const r of [...runs].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const key = `${r.N}|${sig3(r.D[r.D.length - 1]!)}`;
    const g = groups.get(key);
    if (g) g.push(r);
    else groups.set(key, [r]);
  }
  // seed SD, pooled over the configurations with reruns
  let ssA = 0;
  let ssL = 0;
  let dof = 0;
  let nGroups = 0;
  for (const g of groups.values()) {
    if (g.length < 2) continue;
    nGroups++;
    dof += g.length - 1;
    const a = g.map((r) => score(r.accuracy, smooth));
    const l = g.map((r) => score(r.loss, smooth));
    const ma = mean(a);
    const ml = mean(l);
    ssA += a.reduce((s, x) => s + (x - ma) ** 2, 0);
    ssL += l.reduce((s, x) => s + (x - ml) ** 2, 0);
  }
  const seed = dof > 0 ? { lossSd: Math.sqrt(ssL / dof), accuracySd: Math.sqrt(ssA / dof), groups: nGroups, dof } : null;
  // one run per (size, recipe)
  const bySize = new Map<number, Map<number, LadderRun>>();
  for (const g of groups.values()) {
    const r = g[0]!;
    const m = bySize.get(r.N) ?? new Map<number, LadderRun>();
    m.set(sig2(r.D[r.D.length - 1]! / r.N), r);
    bySize.set(r.N, m);
  }
  const sizes = [...bySize.keys()].sort((a, b) => a - b);
  if (sizes.length < 3) throw new InputError(`task "${task.name}": noise and decision accuracy need at least 2 ladder sizes below a larger target size (got ${sizes.length} size(s))`);
  const targetN = sizes.at(-1)!;
  const ladder = sizes.slice(0, -1);
  const target = bySize.get(targetN)!;
  const decision: DecisionAccuracy[] = ladder.map((s) => {
    const here = bySize.get(s)!;
    const recipes = [...here.keys()].filter((k) => target.has(k)).sort((a, b) => a - b);
    if (recipes.length < 2) throw new InputError(`task "${task.name}": size N=${s} shares fewer than 2 tokens-per-parameter ratios with the target N=${targetN}; decision accuracy needs pairs of runs at both`);
    const at = (m: Map<number, LadderRun>, k: 'accuracy' | 'loss') => recipes.map((r) => score(m.get(r)![k], smooth));
    const acc = decisionAgreement(at(here, 'accuracy'), at(target, 'accuracy'));
    const loss = decisionAgreement(at(here, 'loss'), at(target, 'loss'));
    return { N: s, pairs: acc.pairs, agree: acc.agree, accuracy: acc.agree / acc.pairs, lossAgree: loss.agree };
  });
  const common = ladder.map((s) => new Set(bySize.get(s)!.keys())).reduce((a, b) => new Set([...a].filter((x) => b.has(x))));
  if (common.size === 0) throw new InputError(`task "${task.name}": no tokens-per-parameter ratio is shared by all ladder sizes; the signal compares sizes at one ratio`);
  const recipe = Math.max(...common);
  const signalRuns = ladder.map((s) => bySize.get(s)!.get(recipe)!);
  const ref = signalRuns.at(-1)!;
  if (ref.accuracy.length < 2) throw new InputError(`task "${task.name}": run "${ref.name}" (${ref.file}) has fewer than 2 checkpoints; no checkpoint noise`);
  const tail = (xs: Float64Array) => xs.subarray(Math.max(0, xs.length - last));
  const snrAccuracy = signalToNoise(signalRuns.map((r) => score(r.accuracy, smooth)), tail(ref.accuracy));
  const snrLoss = signalToNoise(signalRuns.map((r) => score(r.loss, smooth)), tail(ref.loss));
  const checkpoint = checkpointNoise(ref, last);
  const minDifference = 1.96 * Math.SQRT2 * Math.max(seed?.accuracySd ?? 0, checkpoint.accuracySd);
  const top = decision.at(-1)!;
  const decides = top.accuracy >= minDA && minDifference <= resolution;
  const rule = `decision accuracy at N=${top.N} >= ${minDA} and 1.96 x sqrt(2) x max(seed SD, checkpoint SD) <= ${resolution}`;
  return {
    task: task.name, reference: ref.name, signalRuns: signalRuns.map((r) => r.name), targetN, checkpoint, seed,
    snrAccuracy, snrLoss, decision, minDifference, decides, rule,
  };
}
