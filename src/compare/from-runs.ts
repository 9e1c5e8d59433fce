/**
 * From the run model to comparison input: each run's final value of a metric, grouped into variants
 * (by the run's own `variant`, or by an explicit name per RunSet). Diverged runs keep their non-finite value,
 * so {@link compareVariants} reports them; runs without the metric are listed, not dropped silently.
 *
 * @example
 * const rs = await load('runs/*.txt', { rule: '{variant}_{seed}.txt' });
 * const { variants, missing } = variantsFromRunSet(rs, 'val_loss');
 */
import { CompareError } from '../errors.js';
import { finalValues, requireMetric, type RunSet } from '../runs/index.js';
import type { CurveRun, CurveVariant } from './curves.js';
import type { VariantInput } from './types.js';

/**
 * Where along training to read each run's value, when the runs' curves do not all end at the same step (when they
 * do, every choice reads each run's last point). Without a choice such runs are refused, with a message naming
 * the runs that stopped early and how far each got. `'common'`: the last step at which every run logged the
 * metric, so no value comes from a later point of training than another; `'final'`: each run's own last point
 * (compareVariants then warns that the steps differ); a number: each run's last point at or before that step
 * (runs that stopped before it are refused, by name).
 */
export type CompareAt = 'common' | 'final' | number;

/** Variants, the ids of runs that have no value of the metric, and where the values were read. */
export interface VariantsFromRuns {
  variants: VariantInput[];
  missing: string[];
  /** The step every value was read at ('common', a number, or the one step every run ended at), null with 'final' when ends differ. */
  step: number | null;
  /** Runs whose curve ends before the furthest run's, with the last step they reached. */
  stoppedEarly: { run: string; reached: number }[];
}

/** Options of {@link variantsFromRunSet}. */
export interface VariantsFromRunsOptions {
  /** Put every run into one variant of this name. */
  name?: string;
  /** Mean of the last k points (ending at the step compared at) instead of one point. */
  lastK?: number;
  /** See {@link CompareAt}; without it, runs ending at different steps are refused (a CompareError naming them). */
  at?: CompareAt;
}

/**
 * Group a RunSet's values of a metric by variant, each run's last point when all runs end at the same step;
 * otherwise where `at` says (see {@link CompareAt}), or a CompareError naming the runs that stopped early. `name` puts every run into one variant of that name instead. Each variant carries the
 * step of each value and how far each run got, so {@link compareVariants} says where it compared.
 *
 * @example
 * const { variants, step, stoppedEarly } = variantsFromRunSet(rs, 'val_loss');
 * variantsFromRunSet(rs, 'val_loss', { name: 'DropAttn', at: 'final' }).variants[0].values;
 */
export function variantsFromRunSet(rs: RunSet, metric: string, o: VariantsFromRunsOptions = {}): VariantsFromRuns {
  return variantsFromRunSets([{ runs: rs, ...(o.name !== undefined ? { name: o.name } : {}) }], metric, o);
}

/**
 * {@link variantsFromRunSet} over several RunSets read at ONE common step (e.g. one RunSet per variant, each loaded
 * from its own glob): each set's runs form the variant `name` (or their own variants without one).
 *
 * @example
 * variantsFromRunSets([{ name: 'base', runs: rsBase }, { name: 'new', runs: rsNew }], 'val_loss').step; // e.g. 1750
 */
export function variantsFromRunSets(sets: readonly { runs: RunSet; name?: string }[], metric: string, o: Omit<VariantsFromRunsOptions, 'name'> = {}): VariantsFromRuns {
  for (const set of sets) requireMetric(set.runs, metric, 'variantsFromRunSet');
  const at = o.at;
  if (typeof at === 'number' && !Number.isFinite(at)) throw new CompareError(`at must be 'common', 'final' or a finite step, got ${at}`);
  const lastK = o.lastK !== undefined ? { lastK: o.lastK } : {};
  // How runs are named in values and messages: the run's name when no other run has it, else its id, prefixed
  // with its set's name when ids collide too (two globs can both hold a 'seed3').
  const count = (xs: string[]): Map<string, number> => { const m = new Map<string, number>(); for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1); return m; };
  const names = count(sets.flatMap((st) => st.runs.runs.map((r) => r.name || r.id)));
  const ids = count(sets.flatMap((st) => st.runs.runs.map((r) => r.id)));
  const labelOf = (set: { name?: string }, id: string, name: string): string =>
    names.get(name || id)! === 1 ? name || id : ids.get(id)! === 1 || set.name === undefined ? id : `${set.name}/${id}`;
  // Where each run's curve ends, and its steps (runs whose last point is non-finite diverged: they are compared as
  // diverged, and do not pull the common step back).
  const ends: { run: string; label: string; reached: number; steps: Set<number> }[] = [];
  for (const set of sets) {
    for (const run of set.runs.runs) {
      const c = set.runs.curve(run.id, metric);
      if (!c || c.step.length === 0) continue;
      const last = c.step.length - 1;
      if (!Number.isFinite(c.value[last]!)) continue;
      ends.push({ run: run.id, label: labelOf(set, run.id, run.name), reached: c.step[last]!, steps: new Set(c.step) });
    }
  }
  const furthest = ends.length ? Math.max(...ends.map((e) => e.reached)) : NaN;
  const stoppedEarly = ends.filter((e) => e.reached < furthest).map((e) => ({ run: e.label, reached: e.reached }));
  const shortest = ends.length ? Math.min(...ends.map((e) => e.reached)) : NaN;
  // The last step every run logged; when they share none at or before the shortest end, that end (the values'
  // steps then differ and compareVariants says so).
  const commonStep = (): number => {
    const shared = [...ends[0]!.steps].filter((s) => s <= shortest && ends.every((e) => e.steps.has(s)));
    return shared.length ? Math.max(...shared) : shortest;
  };
  let upTo: number | undefined;
  if (at === undefined && stoppedEarly.length > 0) {
    const n = (x: number): string => x.toLocaleString('en-US');
    const byEnd = [...new Set(ends.map((e) => e.reached))].sort((a, b) => a - b).map((s) => {
      const rs = ends.filter((e) => e.reached === s).map((e) => e.label);
      return `${rs.length > 4 ? `${rs.slice(0, 4).join(', ')} and ${rs.length - 4} more` : rs.join(', ')} ended at step ${n(s)}`;
    });
    throw new CompareError(`the runs of '${metric}' end at different steps: ${byEnd.join('; ')}. Comparing their last values would mix points of training. `
      + `Choose: at 'common' (--at common) reads every run at step ${n(commonStep())}, the last step they all logged; at 'final' (--at final) reads each run's own last point and says the steps differ; `
      + `or a step number (--at STEP).`);
  }
  if (at === 'common' && ends.length > 0) {
    upTo = commonStep();
  } else if (typeof at === 'number') {
    const short = ends.filter((e) => e.reached < at);
    if (short.length > 0) {
      throw new CompareError(`runs stopped before step ${at.toLocaleString('en-US')}: ${short.map((e) => `${e.label} (reached ${e.reached.toLocaleString('en-US')})`).join(', ')}; `
        + `compare at a step they all reached (at: ${Math.min(...ends.map((e) => e.reached))}, or at: 'common'), or leave them out`);
    }
    upTo = at;
  }
  const byName = new Map<string, { values: number[]; seeds: (string | number | undefined)[]; runs: string[]; steps: number[]; reached: number[] }>();
  const missing: string[] = [];
  for (const set of sets) {
    const fv = finalValues(set.runs, metric, { ...lastK, ...(upTo !== undefined ? { upToStep: upTo } : {}) });
    for (const r of fv) {
      const name = set.name ?? r.variant ?? '(no variant)';
      let g = byName.get(name);
      if (!g) byName.set(name, (g = { values: [], seeds: [], runs: [], steps: [], reached: [] }));
      g.values.push(r.value);
      g.seeds.push(r.seed);
      g.runs.push(labelOf(set, r.run, r.name));
      g.steps.push(r.step);
      g.reached.push(r.reached);
    }
    missing.push(...fv.missing);
  }
  const step = upTo ?? (stoppedEarly.length === 0 && ends.length > 0 ? furthest : null);
  return { variants: [...byName].map(([name, g]) => ({ name, ...g })), missing, step, stoppedEarly };
}

/** Curves grouped into variants, and the runs left out (no curve of the metric, or no value on the chosen axis). */
export interface CurveVariantsFromRuns {
  variants: CurveVariant[];
  missing: { run: string; reason: string }[];
}

/**
 * Group a RunSet's curves of a metric by variant, on a chosen x axis (step, tokens or FLOPs), ready for
 * {@link compareCurves}: variants compared at matched tokens or FLOPs. Points without a value on the axis are
 * left out of that run's curve (counted in `missing` when a run has none at all).
 *
 * @example
 * const { variants } = curveVariantsFromRunSet(rs, 'val/loss', { axis: 'tokens' });
 * compareCurves(variants, { baseline: 'baseline' }).comparisons[0].significantFrom;
 */
export function curveVariantsFromRunSet(
  rs: RunSet,
  metric: string,
  o: { axis?: 'step' | 'tokens' | 'flops'; name?: string } = {},
): CurveVariantsFromRuns {
  requireMetric(rs, metric, 'curveVariantsFromRunSet');
  const axis = o.axis ?? 'step';
  const byName = new Map<string, CurveRun[]>();
  const missing: { run: string; reason: string }[] = [];
  for (const run of rs.runs) {
    const c = rs.curve(run.id, metric);
    if (!c) {
      missing.push({ run: run.id, reason: `no curve of '${metric}'` });
      continue;
    }
    const xs = c[axis];
    const x: number[] = [];
    const y: number[] = [];
    for (let i = 0; i < xs.length; i++) {
      if (Number.isFinite(xs[i]!)) {
        x.push(xs[i]!);
        y.push(c.value[i]!);
      }
    }
    if (x.length === 0) {
      missing.push({ run: run.id, reason: `no ${axis} values` });
      continue;
    }
    const name = o.name ?? run.variant ?? '(no variant)';
    let runs = byName.get(name);
    if (!runs) byName.set(name, (runs = []));
    runs.push({ id: run.id, x, y });
  }
  return { variants: [...byName].map(([name, runs]) => ({ name, runs })), missing };
}
