/**
 * `scalelab compare`: which variant wins, how sure, and how many seeds to be sure.
 *
 * @example
 * scalelab compare runs.csv --by variant --metric val_loss --baseline base --json
 * scalelab compare --variant base='logs/base/*.txt' --variant new='logs/new/*.txt' --metric val_loss --threshold 3.28
 */
import { parseCommand, printJson, UsageError } from './common.js';
import { readRunTable } from './table.js';
import { compareVariants, variantsFromRunSets, type CompareAt, type CompareResult, type VariantInput, type CompareTest, type Direction } from '../compare/index.js';
import type { RunSet } from '../runs/index.js';
import { describeInterval, sharedDescription } from '../stats/index.js';
import { load } from '../load/index.js';
import { requireMetric } from '../runs/final.js';
import { CompareError, InputError } from '../errors.js';
import type { Alternative, Correction } from '../stats/index.js';

/** One line for `scalelab --help`. */
export const summary = 'compare ablation variants: intervals, tests, adjusted p-values, decisions, seeds needed';

const HELP = `scalelab compare (<runs table> --by COLUMN | --variant NAME=GLOB ...) --metric M [options]

Compare each variant's final metric with a baseline over seeds.

Input (one of):
  <runs table> --by COLUMN   CSV or JSONL with one row per run; COLUMN names the variant, --metric the value column
                             (a 'seed' column, or --seed-column, gives the seeds --test paired matches; a 'run'/'name'/'id' column names runs)
  --variant NAME=GLOB        load runs matching GLOB with scalelab's loaders (repeatable); value of --metric at --at

Options:
  --metric M                 metric (required)
  --baseline NAME            baseline variant (default: the first)
  --direction lower|higher   which way is better (default: higher for names like acc/score/f1/reward, else lower)
  --at common|final|STEP     with --variant, when runs end at different steps (without --at they are refused,
                             naming the runs that stopped early): common reads every run at the last step they
                             all logged; final reads each run's own last point and warns that the steps differ;
                             STEP reads each run at or before STEP and refuses runs that stopped before it
  --test welch|student|paired|paired-bootstrap|mannwhitney|auto
                             default welch; paired only when a seed fixes randomness the variants share (data
                             order, initialisation); auto pairs whenever every variant shares the baseline's seeds
  --threshold X              also test each variant's mean against X (the speedrun rule: 3.28)
  --alternative less|greater|two-sided   side of the threshold test (default: the better side)
  --correction holm|bh|none  multiple-comparison adjustment (default holm)
  --alpha A                  significance level (default 0.05)
  --min-effect D             differences smaller than D do not matter (marks 'negligible')
  --resamples K              bootstrap resamples (default 10000)
  --seed S                   seed of the random generator (default 0)
  --seed-column C            table column holding the run's seed (default 'seed' if present)
  --json                     print one JSON object
  -h, --help                 this help
`;

const HIGHER = /(acc|accuracy|score|f1|bleu|rouge|reward|win|pass|exact|auc|precision|recall)/i;

function num(v: string | undefined, what: string): number | undefined {
  if (v === undefined) return undefined;
  const x = Number(v);
  if (!Number.isFinite(x)) throw new UsageError(`${what} must be a number, got '${v}'`);
  return x;
}

function oneOf<T extends string>(v: string | undefined, allowed: readonly T[], what: string): T | undefined {
  if (v === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(v)) throw new UsageError(`${what} must be one of ${allowed.join(', ')}, got '${v}'`);
  return v as T;
}

/** Read a CSV or JSONL runs table into variants grouped by `by`. */
function fromTable(path: string, by: string, metric: string, seedColumn: string | undefined): VariantInput[] {
  const rows = readRunTable(path, { typed: false });
  if (rows.length === 0) throw new InputError(`${path}: no rows`);
  const cols = Object.keys(rows[0]!);
  if (!cols.includes(by)) throw new InputError(`${path}: no column '${by}' (columns: ${cols.join(', ')})`);
  if (!cols.includes(metric)) throw new InputError(`${path}: no column '${metric}' (columns: ${cols.join(', ')})`);
  const seedCol = seedColumn ?? (cols.includes('seed') ? 'seed' : undefined);
  if (seedColumn && !cols.includes(seedColumn)) throw new InputError(`${path}: no column '${seedColumn}'`);
  const nameCol = ['run', 'name', 'id', 'run_id'].find((c) => cols.includes(c));
  const groups = new Map<string, { values: number[]; seeds: (string | number | undefined)[]; runs: string[] }>();
  rows.forEach((r, i) => {
    const name = String(r[by] ?? '');
    let g = groups.get(name);
    if (!g) groups.set(name, (g = { values: [], seeds: [], runs: [] }));
    const raw = r[metric];
    // Empty, NaN, inf: the run is kept with a non-finite value so compare reports it as diverged.
    const v = typeof raw === 'number' ? raw : raw === null || raw === undefined || String(raw).trim() === '' ? NaN
      : /^[+-]?inf(inity)?$/i.test(String(raw).trim()) ? (String(raw).trim().startsWith('-') ? -Infinity : Infinity) : Number(raw);
    g.values.push(v);
    const s = seedCol ? r[seedCol] : undefined;
    g.seeds.push(s === undefined || s === null || s === '' ? undefined : typeof s === 'number' ? s : String(s));
    g.runs.push(nameCol ? String(r[nameCol]) : `${path}:${i + 2}`);
  });
  return [...groups].map(([name, g]) => ({ name, ...g }));
}

function fmt(x: number, digits = 4): string {
  if (Number.isNaN(x)) return 'n/a';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  return Math.abs(x) !== 0 && (Math.abs(x) < 1e-3 || Math.abs(x) >= 1e5) ? x.toExponential(3) : x.toFixed(digits);
}

/** An interval as text: [lo, hi], or 'none' when it could not be computed. */
function ivl(ci: readonly [number, number]): string {
  return Number.isNaN(ci[0]) && Number.isNaN(ci[1]) ? 'none' : `[${fmt(ci[0])}, ${fmt(ci[1])}]`;
}

/** s right-aligned in a column of width w, always after at least one space (a wide value never runs into the previous one). */
function col(s: string, w: number): string {
  return s.length >= w ? ' ' + s : s.padStart(w);
}

function render(r: CompareResult): string {
  const out: string[] = [];
  const at = r.comparedAt;
  const where = at === null ? '' : at.step !== null ? `, at step ${at.step.toLocaleString('en-US')}` : ', at DIFFERENT steps (see the warning)';
  out.push(`metric ${r.metric ?? ''} (${r.direction} is better)${where}, alpha ${r.alpha}, correction ${r.correction}`, '');
  const first = r.variants[0]?.ciLabel;
  const vLabel = first ? `${describeInterval({ ...first, coverage: undefined })} of the mean${first.coverage !== undefined ? ` (measured coverage ${(100 * first.coverage).toFixed(1)}%)` : ''}` : `${100 * r.confidence}% t interval of the mean`;
  out.push('variant'.padEnd(24) + 'n'.padStart(4) + 'mean'.padStart(12) + 'sd'.padStart(12) + `   ${vLabel}`);
  for (const v of r.variants) out.push(v.name.padEnd(24) + col(String(v.n), 4) + col(fmt(v.mean), 12) + col(fmt(v.sd), 12) + `   ${ivl(v.ci)}` + (v.diverged.length ? `  (${v.diverged.length} diverged)` : ''));
  if (r.comparisons.length) {
    out.push('', `intervals of diff: ${sharedDescription(r.comparisons.map((c) => c.ciLabel))}; g is Hedges' g`);
    out.push('vs baseline'.padEnd(24) + 'diff'.padStart(12) + '   interval'.padEnd(28) + 'p'.padStart(10) + 'p_adj'.padStart(10) + 'g'.padStart(8) + '  test        decision');
    for (const c of r.comparisons) {
      const why = c.decision === 'inconclusive' ? (c.tooFewSeeds ? ` (too few seeds: ~${Number.isFinite(c.seedsNeeded) ? c.seedsNeeded : '>1e5'} per variant for 80% power)` : c.reason === 'zero_variance' ? ' (zero variance: every run equal, no test)' : c.reason ? ` (${c.reason})` : '') : '';
      out.push(c.variant.padEnd(24) + col(fmt(c.diff), 12) + `   ${ivl(c.ci)}`.padEnd(28) + col(fmt(c.p), 10) + col(fmt(c.pAdjusted), 10) + col(fmt(c.effectSize, 2), 8) + `  ${c.test.padEnd(12)}${c.decision}${why}`);
    }
  }
  if (r.oneSample.length) {
    out.push('', `one-sample vs ${r.oneSample[0]!.threshold} (${r.oneSample[0]!.alternative})`);
    for (const o of r.oneSample) {
      const need = Number.isFinite(o.seedsNeeded) ? `${o.seedsNeeded} runs would detect its distance ${fmt(o.mean - o.threshold)}` : Number.isNaN(o.seedsNeeded) ? '' : 'its mean lies on the other side of the threshold';
      if (o.reason) { out.push(o.variant.padEnd(24) + `mean ${fmt(o.mean, 5)}  no test (${o.reason === 'zero_variance' ? 'zero variance: every run equal' : 'one run'})`); continue; }
      out.push(o.variant.padEnd(24) + `mean ${fmt(o.mean, 5)}  t ${fmt(o.t, 3)}  p ${fmt(o.p, 6)}  (power ${r.power.targetPower * 100}%: its runs detect a distance of ${fmt(o.minDetectableDiff)}${need ? `; ${need}` : ''})`);
    }
  }
  if (r.comparisons.length) out.push('', `power: pooled sd ${fmt(r.power.pooledSd)}; with n = ${r.power.n} per variant the minimum detectable difference (${r.power.targetPower * 100}% power) is ${fmt(r.power.minDetectableDiff)}`);
  for (const w of r.warnings) out.push(`warning: ${w}`);
  return out.join('\n') + '\n';
}

/** Run `scalelab compare`. */
export async function main(argv: string[]): Promise<number> {
  const a = parseCommand(argv, {
    by: { type: 'string' }, variant: { type: 'string', multiple: true }, metric: { type: 'string' }, baseline: { type: 'string' },
    direction: { type: 'string' }, test: { type: 'string' }, threshold: { type: 'string' }, alternative: { type: 'string' },
    correction: { type: 'string' }, alpha: { type: 'string' }, 'min-effect': { type: 'string' }, resamples: { type: 'string' },
    seed: { type: 'string' }, 'seed-column': { type: 'string' }, at: { type: 'string' }, json: { type: 'boolean' },
  }, HELP);
  if (!a) return 0;
  const v = a.values;
  const metric = v.metric;
  if (!metric) throw new UsageError(`--metric is required\n\n${HELP}`);
  const specs = v.variant ?? [];
  let variants: VariantInput[];
  const warnings: string[] = [];
  if (specs.length > 0) {
    if (a.positionals.length || v.by) throw new UsageError('give either a runs table with --by or --variant NAME=GLOB, not both');
    const sets: { name: string; runs: RunSet; glob: string }[] = [];
    for (const s of specs) {
      const eq = s.indexOf('=');
      if (eq <= 0) throw new UsageError(`--variant needs NAME=GLOB, got '${s}'`);
      const name = s.slice(0, eq), glob = s.slice(eq + 1);
      const runs = await load(glob);
      requireMetric(runs, metric, `--metric (variant '${name}', ${glob})`);
      sets.push({ name, runs, glob });
    }
    const atFlag = v.at;
    let at: CompareAt | undefined;
    if (atFlag === undefined || atFlag === 'common' || atFlag === 'final') at = atFlag;
    else {
      const step = Number(atFlag);
      if (!Number.isFinite(step)) throw new UsageError(`--at must be common, final or a step number, got '${atFlag}'`);
      at = step;
    }
    const fromRuns = variantsFromRunSets(sets, metric, at !== undefined ? { at } : {});
    variants = [];
    for (const set of sets) {
      const vs = fromRuns.variants.find((x) => x.name === set.name);
      const ids = new Set(set.runs.runs.map((r) => r.id));
      const missing = fromRuns.missing.filter((id) => ids.has(id));
      if (missing.length) warnings.push(`variant '${set.name}': ${missing.length} run(s) have no '${metric}'${fromRuns.step !== null ? ` at or before step ${fromRuns.step}` : ''}: ${missing.join(', ')}`);
      if (!vs) throw new CompareError(`variant '${set.name}': no run matched by '${set.glob}' has '${metric}'`);
      variants.push(vs);
    }
  } else {
    if (a.positionals.length !== 1 || !v.by) throw new UsageError(`give a runs table and --by COLUMN, or --variant NAME=GLOB\n\n${HELP}`);
    if (v.at !== undefined) throw new UsageError('--at needs curves (--variant NAME=GLOB); a runs table has one value per run');
    variants = fromTable(a.positionals[0]!, v.by, metric, v['seed-column']);
  }
  const threshold = num(v.threshold, '--threshold');
  if (variants.length < 2 && threshold === undefined) {
    throw new CompareError(`only one variant (${variants.map((x) => `'${x.name}'`).join('') || 'none'}): nothing to compare it with; give another --variant NAME=GLOB (or another value in the --by column), or --threshold X to test its mean against X`);
  }
  const direction = oneOf<Direction>(v.direction, ['lower', 'higher'], '--direction') ?? (HIGHER.test(metric) && !/loss|error|ppl|perplexity/i.test(metric) ? 'higher' : 'lower');
  const resamples = num(v.resamples, '--resamples');
  if (resamples !== undefined && !(Number.isInteger(resamples) && resamples >= 100)) throw new UsageError(`--resamples must be an integer >= 100, got ${resamples}`);
  const result = compareVariants(variants, {
    progress: 'stderr',
    metric, direction, threshold,
    ...(v.baseline !== undefined ? { baseline: v.baseline } : {}),
    ...(v.test !== undefined ? { test: oneOf<CompareTest>(v.test, ['welch', 'student', 'paired', 'paired-bootstrap', 'mannwhitney', 'auto'], '--test') } : {}),
    ...(v.alternative !== undefined ? { alternative: oneOf<Alternative>(v.alternative, ['less', 'greater', 'two-sided'], '--alternative') } : {}),
    correction: oneOf<Correction>(v.correction, ['holm', 'bh', 'none'], '--correction') ?? 'holm',
    alpha: num(v.alpha, '--alpha') ?? 0.05,
    ...(v['min-effect'] !== undefined ? { minEffect: num(v['min-effect'], '--min-effect') } : {}),
    ...(resamples !== undefined ? { resamples } : {}),
    seed: num(v.seed, '--seed') ?? 0,
  });
  result.warnings.unshift(...warnings);
  if (v.json) printJson(result.toJSON());
  else {
    process.stdout.write(render(result));
    // Welch by default; say once that pairing is available when the seeds would allow it (the user decides).
    const key = (x: VariantInput) => [...(x.seeds ?? [])].map(String).sort().join('\u0000');
    const seeded = variants.every((x) => x.seeds !== undefined && x.seeds.every((sd) => sd !== undefined));
    if (v.test === undefined && seeded && variants.length > 1 && variants.every((x) => key(x) === key(variants[0]!))) {
      process.stdout.write(`note: every variant has the same seeds; if a seed fixes randomness the variants share (data order, initialisation), --test paired pairs runs by seed\n`);
    }
  }
  return 0;
}
