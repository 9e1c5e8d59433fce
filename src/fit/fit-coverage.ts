/**
 * Measured coverage of Approach 3's bootstrap intervals (fitLaw + bootstrapFit), looked up from the table that
 * bench/fit-coverage-table.ts generates (src/fit/fit-coverage-table.ts): for a Chinchilla fit (log residuals,
 * Huber loss, as measured) at level 0.95, the lowest coverage over E, A, B, alpha, beta and the frontier exponent a
 * of the chosen method, at the largest measured run count at or below the fit's. Other laws, levels, residuals
 * or fewer runs than measured: no number.
 *
 * @example
 * import { fitMeasuredCoverage } from './fit-coverage.js';
 * fitMeasuredCoverage({ law: 'chinchilla', level: 0.95, residual: 'log', loss: 'huber', runs: 40 }, 'bca')?.design;
 * // 'synthetic 35-run sweeps (lowest of E, A, B, alpha, beta, a)'
 */
import { FIT_COVERAGE_TABLE } from './fit-coverage-table.js';

/** The shape of the generated table (see src/fit/fit-coverage-table.ts). */
export interface FitCoverageTable {
  seed: number;
  /** Synthetic sweeps per design. */
  seeds: number;
  resamples: number;
  level: number;
  noise: number;
  budgets: number[];
  /** Smallest and largest model size of every design. */
  sizes: [number, number];
  date: string;
  /** Runs of each design (ascending). */
  runs: number[];
  /** coverage[method][quantity][i] = [measured share, Wilson 95% low, high] at runs[i]. */
  coverage: Record<'percentile' | 'bca', Record<string, [number, number, number][]>>;
}

/** What a fit's interval was measured to do. */
export interface FitMeasuredCoverage {
  /** Lowest measured coverage over the quantities. */
  coverage: number;
  /** The quantity with that coverage, e.g. 'E'. */
  quantity: string;
  /** Its Wilson 95% interval. */
  wilson: [number, number];
  /** Runs of the measured design used (the largest at or below the fit's). */
  runs: number;
  /** Words for a label, e.g. 'synthetic 35-run sweeps (lowest of E, A, B, alpha, beta, a)'. */
  design: string;
}

/** The fit facts the lookup needs. */
export interface FitCoverageKey {
  law: string;
  level: number;
  residual: string;
  loss: string;
  /** Runs (groups) the fit resampled. */
  runs: number;
}

/**
 * The measured coverage of a fit's `method` interval, or null when that configuration was not measured.
 *
 * @example
 * fitMeasuredCoverage({ law: 'chinchilla', level: 0.9, residual: 'log', loss: 'huber', runs: 35 }, 'bca'); // null
 * fitMeasuredCoverage({ law: 'chinchilla', level: 0.95, residual: 'log', loss: 'huber', runs: 20 }, 'percentile')?.runs; // 15
 */
export function fitMeasuredCoverage(key: FitCoverageKey, method: 'percentile' | 'bca', table: FitCoverageTable = FIT_COVERAGE_TABLE): FitMeasuredCoverage | null {
  if (key.law !== 'chinchilla' || Math.abs(key.level - table.level) > 1e-12 || key.residual !== 'log' || key.loss !== 'huber') return null;
  let i = -1;
  table.runs.forEach((r, j) => { if (r <= key.runs) i = j; });
  if (i < 0) return null;
  let best: FitMeasuredCoverage | null = null;
  for (const [quantity, cells] of Object.entries(table.coverage[method])) {
    const [c, lo, hi] = cells[i]!;
    if (!best || c < best.coverage) best = { coverage: c, quantity, wilson: [lo, hi], runs: table.runs[i]!, design: `synthetic ${table.runs[i]!}-run sweeps (lowest of ${Object.keys(table.coverage[method]).join(', ')})` };
  }
  return best;
}
