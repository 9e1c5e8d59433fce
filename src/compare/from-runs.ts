/**
 * From the run model to comparison input: each run's final value of a metric, grouped into variants
 * (by the run's own `variant`, or by an explicit name per RunSet). Diverged runs keep their non-finite value,
 * so {@link compareVariants} reports them; runs without the metric are listed, not dropped silently.
 *
 * @example
 * const rs = await load('runs/*.txt', { rule: '{variant}_{seed}.txt' });
 * const { variants, missing } = variantsFromRunSet(rs, 'val_loss');
 */
import { finalValues, type RunSet } from '../runs/index.js';
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
