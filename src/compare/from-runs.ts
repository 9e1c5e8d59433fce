/**
 * From the run model to comparison input: each run's final value of a metric, grouped into variants
 * (by the run's own `variant`, or by an explicit name per RunSet). Diverged runs keep their non-finite value,
 * so {@link compareVariants} reports them; runs without the metric are listed, not dropped silently.
 *
 * @example
 * const rs = await load('runs/*.txt', { rule: '{variant}_{seed}.txt' });
 * const { variants, missing } = variantsFromRunSet(rs, 'val_loss');
 */
import { finalValues, requireMetric, type RunSet } from '../runs/index.js';
import type { CurveRun, CurveVariant } from './curves.js';
import type { VariantInput } from './types.js';

/** Variants and the ids of runs that have no value of the metric. */
export interface VariantsFromRuns {
  variants: VariantInput[];
  missing: string[];
}

/**
 * Group a RunSet's final values by variant. `name` puts every run into one variant of that name instead.
 *
 * @example
 * variantsFromRunSet(rs, 'val_loss', { name: 'DropAttn' }).variants[0].values;
 */
export function variantsFromRunSet(rs: RunSet, metric: string, o: { name?: string; lastK?: number } = {}): VariantsFromRuns {
  requireMetric(rs, metric, 'variantsFromRunSet');
  const fv = finalValues(rs, metric, o.lastK !== undefined ? { lastK: o.lastK } : {});
  const byName = new Map<string, { values: number[]; seeds: (string | number | undefined)[]; runs: string[] }>();
  for (const r of fv) {
    const name = o.name ?? r.variant ?? '(no variant)';
    let g = byName.get(name);
    if (!g) byName.set(name, (g = { values: [], seeds: [], runs: [] }));
    g.values.push(r.value);
    g.seeds.push(r.seed);
    g.runs.push(r.name || r.run);
  }
  return { variants: [...byName].map(([name, g]) => ({ name, ...g })), missing: [...fv.missing] };
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
