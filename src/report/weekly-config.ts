/**
 * The weekly-report config (`scalelab report <config.json|.yaml>`): what to load, which fits and comparisons to
 * run, and the sections to show. Parsed from JSON or YAML and validated here; every error is a ReportError that
 * names the key path (e.g. `fits.chinchilla.law: expected one of chinchilla|power|power0|kaplan|isoflop`).
 * Relative paths resolve against the config file's folder. The report never reads the clock: `date` is required.
 *
 * Shape (JSON; YAML is the same tree):
 *
 *     {
 *       "title": "Weekly scaling review", "date": "2026-11-25", "subtitle": "optional line", "seed": 1,
 *       "sources": {                      // NAME -> runs loaded with scalelab's loaders, or a table of rows
 *         "ablation": { "paths": ["ablation"], "rule": "{variant}/seed{seed}.log", "format": "llmc",
 *                       "stepColumn": "...", "runColumn": "...", "seqLength": 2048, "configColumns": ["..."] },
 *         "sweep":    { "table": "sweep/runs.csv" }          // CSV/TSV/JSON rows: one run per row (for fits)
 *       },
 *       "fits": {                         // NAME -> a fit of a table source
 *         "chinchilla": { "source": "sweep", "law": "chinchilla|power|power0|kaplan|isoflop", "x": "C",
 *                         "columns": { "N": "N", "D": "D", "C": "C", "loss": "loss", "group": "run" },
 *                         "bootstrap": 200, "holdoutAbove": 3e19, "targetC": [1e21], "loss": "huber", "delta": 1e-3 }
 *       },
 *       "comparisons": {                  // NAME -> compare the final value of a metric across variants
 *         "ablation": { "source": "ablation", "metric": "val/loss", "baseline": "baseline", "direction": "lower",
 *                       "test": "welch", "correction": "holm", "alpha": 0.05, "minEffect": 0.002, "resamples": 2000,
 *                       "threshold": 3.28, "lastK": 1, "at": "common" }
 *                     // test: welch (default); paired only when a seed fixes randomness the variants share.
 *                     // at: where to read runs that end at different steps: common | final | a step (without
 *                     // it such runs are refused, naming them)
 *       },
 *       "sections": [ { "title": "Scaling", "text": "markdown shown first", "items": [ ITEM, ... ] } ]
 *     }
 *
 * Items (`kind` and its keys):
 * - `markdown` {text} · `runs` {source, metric?} (one row per run, with the final metric) ·
 *   `table` {source, columns?, caption?} (rows of a table source)
 * - `fit-summary` {fit} · `scaling` {fit, x?: C|N|D} · `residuals` {fit, x?} · `recovery` {fit, truth, key?}
 *   (fitted vs known parameters from a JSON file; `key` is a dotted path inside it, e.g. `sweep.law`)
 * - `isoflop` {fit} · `frontier` {fit, quantity?: N|D} (fit of law `isoflop`)
 * - `curves` {sources: [NAME...], metric, smoothing?: 0..1 (EMA weight, default 0.9), spikes?: {window, z} | false,
 *   logX?, logY?, reference?: {y, label?}}
 * - `comparison` {comparison, forest?: true} · `forest` {comparison} · `variant-curves` {comparison, x?: step|tokens,
 *   from? (first x shown), logX?, logY?, reference?: {y, label?}}: the comparison's metric along training, mean over seeds per variant
 * - `ladder-prediction` {ladder} · `ladder-steps` {ladder, task} · `ladder-noise` {ladder}: task prediction from a model
 *   ladder (top-level key `ladders`, see src/report/items-ladder-config.ts)
 * - `health-summary` · `goodput` {unit?, total?} · `health-timeline` {runs?, x?, events?} · `mfu`, each {health: NAME | [NAME...]}:
 *   run health from the top-level `health` key (NAME -> {sources, accelerator?, devices?, params?, ...}; see items-health.ts)
 * - `mixture-models` | `mixture-predicted` | `mixture-proposal` | `mixture-landscape` {mixture}: a data-mixture study of the
 *   top-level `mixtures` key (tables or runs, target, models, proposal, seed; see items-mixture.ts)
 *
 * Every item takes an optional `caption`. `seed` (default 0) seeds every bootstrap; `fits.*.seed` and
 * `comparisons.*.seed` override it.
 *
 * @example
 * import { parseWeeklyConfig } from './weekly-config.js';
 * const cfg = parseWeeklyConfig('{"title":"t","date":"2026-11-25","sections":[]}', 'w.json');
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import YAML from 'yaml';
import { ReportError, fileErrorReason } from '../errors.js';
import { LAW_NAMES } from '../fit/laws.js';
import { LADDER_ITEM_KINDS, ladderConfigs, ladderItem, type LadderConfig, type LadderItemConfig } from './items-ladder-config.js';
import { HEALTH_ITEM_KINDS, healthConfigs, healthItem, type HealthAnalysisConfig, type HealthItemConfig } from './items-health.js';
import { MIXTURE_ITEM_KINDS, mixtureItemConfig, parseMixturesConfig, type MixtureConfig, type MixtureItemConfig } from './items-mixture.js';

/** A source of runs (loaded with `load`) or of table rows. */
export interface SourceConfig {
  /** Files, folders or globs (runs). Exactly one of `paths` and `table`. */
  paths?: string[];
  /** A CSV/TSV/JSON table with one row per run (fits, tables). */
  table?: string;
  format?: string;
  rule?: string;
  stepColumn?: string;
  runColumn?: string;
  seqLength?: number;
  configColumns?: string[];
}

/** Laws a fit may name. */
export const FIT_LAWS = [...LAW_NAMES, 'isoflop'] as const;
/** A law name of {@link FIT_LAWS}. */
export type FitLawName = (typeof FIT_LAWS)[number];

/** A fit of a table source. */
export interface FitConfig {
  source: string;
  law: FitLawName;
  /** Input of a power law (default 'C'). */
  x: 'N' | 'D' | 'C';
  columns: { N?: string; D?: string; C?: string; loss?: string; group?: string };
  bootstrap: number;
  seed?: number;
  /** Hold out runs with C above this value (chinchilla, power, kaplan). */
  holdoutAbove?: number;
  /** Budgets to extrapolate to (first one is drawn on the figures). */
  targetC: number[];
  loss: 'huber' | 'mse';
  delta?: number;
  /** Isoflop: skip budgets without an interior minimum instead of refusing. */
  skipBadBudgets: boolean;
}

/** A comparison of variants of a runs source. */
export interface ComparisonConfig {
  source: string;
  metric: string;
  baseline?: string;
  direction: 'lower' | 'higher';
  test: 'auto' | 'welch' | 'student' | 'paired' | 'paired-bootstrap' | 'mannwhitney';
  correction: 'holm' | 'bh' | 'none';
  alpha: number;
  minEffect?: number;
  resamples: number;
  threshold?: number;
  seed?: number;
  lastK?: number;
  /** Where along training to read runs that end at different steps (see `CompareAt`); without it they are refused. */
  at?: 'common' | 'final' | number;
}

/** Item kinds of a section. */
export const ITEM_KINDS = ['markdown', 'runs', 'table', 'fit-summary', 'scaling', 'residuals', 'recovery', 'isoflop', 'frontier', 'curves', 'comparison', 'forest', 'variant-curves', ...LADDER_ITEM_KINDS, ...HEALTH_ITEM_KINDS, ...MIXTURE_ITEM_KINDS] as const;

/** One item of a section. */
export type ItemConfig =
  | { kind: 'markdown'; text: string }
  | { kind: 'runs'; source: string; metric?: string; caption?: string }
  | { kind: 'table'; source: string; columns?: string[]; caption?: string }
  | { kind: 'fit-summary'; fit: string }
  | { kind: 'scaling'; fit: string; x: 'C' | 'N' | 'D'; caption?: string }
  | { kind: 'residuals'; fit: string; x: 'C' | 'N' | 'D'; caption?: string }
  | { kind: 'recovery'; fit: string; truth: string; key?: string; caption?: string }
  | { kind: 'isoflop'; fit: string; caption?: string }
  | { kind: 'frontier'; fit: string; quantity: 'N' | 'D'; caption?: string }
  | { kind: 'curves'; sources: string[]; metric: string; smoothing: number; spikes: { window: number; z: number } | false; logX: boolean; logY: boolean; reference?: { y: number; label?: string }; caption?: string }
  | { kind: 'comparison'; comparison: string; forest: boolean }
  | { kind: 'forest'; comparison: string; caption?: string }
  | { kind: 'variant-curves'; comparison: string; x: 'step' | 'tokens'; from?: number; logX: boolean; logY: boolean; reference?: { y: number; label?: string }; caption?: string }
  | LadderItemConfig
  | HealthItemConfig
  | MixtureItemConfig;

/** A titled section. */
export interface SectionConfig {
  title: string;
  text?: string;
  items: ItemConfig[];
}

/** A validated config; paths are absolute. */
export interface WeeklyConfig {
  title: string;
  date: string;
  subtitle?: string;
  seed: number;
  sources: Record<string, SourceConfig>;
  fits: Record<string, FitConfig>;
  comparisons: Record<string, ComparisonConfig>;
  /** Model ladders for task prediction (items ladder-*). */
  ladders: Record<string, LadderConfig>;
  /** Named run-health analyses (items-health.ts). */
  health?: Record<string, HealthAnalysisConfig>;
  /** Data-mixture studies (see items-mixture.ts). */
  mixtures: Record<string, MixtureConfig>;
  sections: SectionConfig[];
  /** Folder relative paths were resolved against. */
  baseDir: string;
  /** The config as written (relative paths kept), for the report's provenance. */
  raw: unknown;
}

type Obj = Record<string, unknown>;

const fail = (path: string, msg: string): never => {
  throw new ReportError(`${path}: ${msg}`);
};
const show = (v: unknown): string => (typeof v === 'string' ? `'${v}'` : JSON.stringify(v) ?? String(v));

/** An item's optional `reference: { y, label? }` (a horizontal line such as a record to beat). */
function referenceOf(o: Obj, path: string): { reference?: { y: number; label?: string } } {
  if (o.reference === undefined) return {};
  const r = obj(o.reference, `${path}.reference`);
  keys(r, `${path}.reference`, ['y', 'label']);
  const y = num(r, 'y', `${path}.reference`);
  if (y === undefined) fail(`${path}.reference.y`, 'expected a finite number');
  const label = str(r, 'label', `${path}.reference`, true);
  return { reference: label === undefined ? { y: y! } : { y: y!, label } };
}

function obj(v: unknown, path: string): Obj {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) fail(path, `expected an object, got ${show(v)}`);
  return v as Obj;
}
function keys(o: Obj, path: string, allowed: readonly string[]): void {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) fail(`${path}.${k}`, `unknown key (allowed: ${allowed.join(', ')})`);
}
function str(o: Obj, k: string, path: string): string;
function str(o: Obj, k: string, path: string, optional: true): string | undefined;
function str(o: Obj, k: string, path: string, optional = false): string | undefined {
  const v = o[k];
  if (v === undefined && optional) return undefined;
  if (typeof v !== 'string' || v === '') fail(`${path}.${k}`, v === undefined ? 'required' : `expected a non-empty string, got ${show(v)}`);
  return v as string;
}
function num(o: Obj, k: string, path: string, check: (x: number) => boolean = Number.isFinite, what = 'a finite number'): number | undefined {
  const v = o[k];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !check(v)) fail(`${path}.${k}`, `expected ${what}, got ${show(v)}`);
  return v as number;
}
function oneOf<T extends string>(o: Obj, k: string, path: string, allowed: readonly T[], dflt: T): T;
function oneOf<T extends string>(o: Obj, k: string, path: string, allowed: readonly T[]): T | undefined;
function oneOf<T extends string>(o: Obj, k: string, path: string, allowed: readonly T[], dflt?: T): T | undefined {
  const v = o[k];
  if (v === undefined) return dflt;
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) fail(`${path}.${k}`, `expected one of ${allowed.join('|')}, got ${show(v)}`);
  return v as T;
}
function strList(o: Obj, k: string, path: string, optional = false): string[] | undefined {
  const v = o[k];
  if (v === undefined && optional) return undefined;
  const list = typeof v === 'string' ? [v] : v;
  if (!Array.isArray(list) || list.length === 0 || list.some((s) => typeof s !== 'string' || s === '')) fail(`${path}.${k}`, `expected a string or a non-empty list of strings, got ${show(v)}`);
  return list as string[];
}
function bool(o: Obj, k: string, path: string, dflt: boolean): boolean {
  const v = o[k];
  if (v === undefined) return dflt;
  if (typeof v !== 'boolean') fail(`${path}.${k}`, `expected true or false, got ${show(v)}`);
  return v as boolean;
}
const isInt = (min: number) => (x: number) => Number.isInteger(x) && x >= min;
const positive = (x: number) => Number.isFinite(x) && x > 0;
const abs = (base: string, p: string): string => (isAbsolute(p) ? p : resolve(base, p));

function source(v: unknown, path: string, base: string): SourceConfig {
  const o = obj(v, path);
  keys(o, path, ['paths', 'table', 'format', 'rule', 'stepColumn', 'runColumn', 'seqLength', 'configColumns']);
  const paths = strList(o, 'paths', path, true);
  const table = str(o, 'table', path, true);
  if ((paths === undefined) === (table === undefined)) fail(path, 'give exactly one of paths (runs) or table (one row per run)');
  return {
    ...(paths ? { paths: paths.map((p) => abs(base, p)) } : {}),
    ...(table ? { table: abs(base, table) } : {}),
    format: str(o, 'format', path, true),
    rule: str(o, 'rule', path, true),
    stepColumn: str(o, 'stepColumn', path, true),
    runColumn: str(o, 'runColumn', path, true),
    seqLength: num(o, 'seqLength', path, positive, 'a positive number'),
    configColumns: strList(o, 'configColumns', path, true),
  };
}

function fit(v: unknown, path: string, sources: Record<string, SourceConfig>): FitConfig {
  const o = obj(v, path);
  keys(o, path, ['source', 'law', 'x', 'columns', 'bootstrap', 'seed', 'holdoutAbove', 'targetC', 'loss', 'delta', 'skipBadBudgets']);
  const src = str(o, 'source', path);
  if (!sources[src]) fail(`${path}.source`, `no source named ${show(src)} (sources: ${Object.keys(sources).join(', ') || 'none'})`);
  if (!sources[src]!.table) fail(`${path}.source`, `source ${show(src)} must be a table (one row per run) to fit`);
  const columns: FitConfig['columns'] = {};
  if (o.columns !== undefined) {
    const c = obj(o.columns, `${path}.columns`);
    keys(c, `${path}.columns`, ['N', 'D', 'C', 'loss', 'group']);
    for (const k of ['N', 'D', 'C', 'loss', 'group'] as const) {
      const s = str(c, k, `${path}.columns`, true);
      if (s !== undefined) columns[k] = s;
    }
  }
  const law = oneOf(o, 'law', path, FIT_LAWS);
  if (law === undefined) fail(`${path}.law`, `required (one of ${FIT_LAWS.join('|')})`);
  let targetC: number[] = [];
  if (o.targetC !== undefined) {
    const t = typeof o.targetC === 'number' ? [o.targetC] : o.targetC;
    if (!Array.isArray(t) || t.some((x) => !positive(x as number))) fail(`${path}.targetC`, `expected a positive number or a list of them, got ${show(o.targetC)}`);
    targetC = t as number[];
  }
  const holdoutAbove = num(o, 'holdoutAbove', path, positive, 'a positive number');
  if (holdoutAbove !== undefined && law === 'isoflop') fail(`${path}.holdoutAbove`, 'not available for law isoflop');
  return {
    source: src,
    law: law!,
    x: oneOf(o, 'x', path, ['N', 'D', 'C'] as const, 'C'),
    columns,
    bootstrap: num(o, 'bootstrap', path, isInt(0), 'an integer >= 0') ?? 0,
    seed: num(o, 'seed', path, Number.isInteger, 'an integer'),
    holdoutAbove,
    targetC,
    loss: oneOf(o, 'loss', path, ['huber', 'mse'] as const, 'huber'),
    delta: num(o, 'delta', path, positive, 'a positive number'),
    skipBadBudgets: bool(o, 'skipBadBudgets', path, false),
  };
}

function comparison(v: unknown, path: string, sources: Record<string, SourceConfig>): ComparisonConfig {
  const o = obj(v, path);
  keys(o, path, ['source', 'metric', 'baseline', 'direction', 'test', 'correction', 'alpha', 'minEffect', 'resamples', 'threshold', 'seed', 'lastK', 'at']);
  const src = str(o, 'source', path);
  if (!sources[src]) fail(`${path}.source`, `no source named ${show(src)} (sources: ${Object.keys(sources).join(', ') || 'none'})`);
  if (!sources[src]!.paths) fail(`${path}.source`, `source ${show(src)} must be runs (paths), not a table`);
  return {
    source: src,
    metric: str(o, 'metric', path),
    baseline: str(o, 'baseline', path, true),
    direction: oneOf(o, 'direction', path, ['lower', 'higher'] as const, 'lower'),
    test: oneOf(o, 'test', path, ['auto', 'welch', 'student', 'paired', 'paired-bootstrap', 'mannwhitney'] as const, 'welch'),
    correction: oneOf(o, 'correction', path, ['holm', 'bh', 'none'] as const, 'holm'),
    alpha: num(o, 'alpha', path, (x) => x > 0 && x < 1, 'a number in (0, 1)') ?? 0.05,
    minEffect: num(o, 'minEffect', path, (x) => x >= 0, 'a number >= 0'),
    resamples: num(o, 'resamples', path, isInt(100), 'an integer >= 100') ?? 2000,
    threshold: num(o, 'threshold', path),
    seed: num(o, 'seed', path, Number.isInteger, 'an integer'),
    lastK: num(o, 'lastK', path, isInt(1), 'an integer >= 1'),
    ...(o.at !== undefined ? { at: typeof o.at === 'number' ? num(o, 'at', path)! : oneOf(o, 'at', path, ['common', 'final'] as const) } : {}),
  };
}

function item(v: unknown, path: string, c: Pick<WeeklyConfig, 'sources' | 'fits' | 'comparisons' | 'ladders' | 'mixtures' | 'baseDir' | 'health'>): ItemConfig {
  const o = obj(v, path);
  const kind = oneOf(o, 'kind', path, ITEM_KINDS);
  if (kind === undefined) fail(`${path}.kind`, `required (one of ${ITEM_KINDS.join('|')})`);
  const ref = (k: 'source' | 'fit' | 'comparison', name: string, p = `${path}.${k}`): string => {
    const pool = k === 'source' ? c.sources : k === 'fit' ? c.fits : c.comparisons;
    if (!pool[name]) fail(p, `no ${k} named ${show(name)} (${k === 'source' ? 'sources' : k === 'fit' ? 'fits' : 'comparisons'}: ${Object.keys(pool).join(', ') || 'none'})`);
    return name;
  };
  const fitOf = (laws: readonly FitLawName[]): string => {
    const name = ref('fit', str(o, 'fit', path));
    if (!laws.includes(c.fits[name]!.law)) fail(`${path}.fit`, `a ${kind} item needs a fit with law ${laws.join('|')}; fit ${show(name)} has law ${c.fits[name]!.law}`);
    return name;
  };
  const caption = str(o, 'caption', path, true);
  const cap = caption !== undefined ? { caption } : {};
  const curveLaws = ['chinchilla', 'power', 'power0', 'kaplan'] as const;
  switch (kind!) {
    case 'markdown':
      keys(o, path, ['kind', 'text']);
      return { kind: 'markdown', text: str(o, 'text', path) };
    case 'runs': {
      keys(o, path, ['kind', 'source', 'metric', 'caption']);
      const source = ref('source', str(o, 'source', path));
      if (!c.sources[source]!.paths) fail(`${path}.source`, `a runs item needs a runs source (paths), ${show(source)} is a table`);
      return { kind: 'runs', source, metric: str(o, 'metric', path, true), ...cap };
    }
    case 'table': {
      keys(o, path, ['kind', 'source', 'columns', 'caption']);
      const source = ref('source', str(o, 'source', path));
      if (!c.sources[source]!.table) fail(`${path}.source`, `a table item needs a table source, ${show(source)} is runs (use kind 'runs')`);
      return { kind: 'table', source, columns: strList(o, 'columns', path, true), ...cap };
    }
    case 'fit-summary':
      keys(o, path, ['kind', 'fit']);
      return { kind: 'fit-summary', fit: ref('fit', str(o, 'fit', path)) };
    case 'scaling':
    case 'residuals':
      keys(o, path, ['kind', 'fit', 'x', 'caption']);
      return { kind, fit: fitOf(curveLaws), x: oneOf(o, 'x', path, ['C', 'N', 'D'] as const, 'C'), ...cap };
    case 'recovery':
      keys(o, path, ['kind', 'fit', 'truth', 'key', 'caption']);
      return { kind: 'recovery', fit: fitOf(curveLaws), truth: abs(c.baseDir, str(o, 'truth', path)), key: str(o, 'key', path, true), ...cap };
    case 'isoflop':
      keys(o, path, ['kind', 'fit', 'caption']);
      return { kind: 'isoflop', fit: fitOf(['isoflop']), ...cap };
    case 'frontier':
      keys(o, path, ['kind', 'fit', 'quantity', 'caption']);
      return { kind: 'frontier', fit: fitOf(['isoflop']), quantity: oneOf(o, 'quantity', path, ['N', 'D'] as const, 'N'), ...cap };
    case 'curves': {
      keys(o, path, ['kind', 'sources', 'metric', 'smoothing', 'spikes', 'logX', 'logY', 'reference', 'caption']);
      const sources = strList(o, 'sources', path)!;
      sources.forEach((s, i) => {
        ref('source', s, `${path}.sources[${i}]`);
        if (!c.sources[s]!.paths) fail(`${path}.sources[${i}]`, `source ${show(s)} is a table; curves need runs (paths)`);
      });
      let spikes: { window: number; z: number } | false = { window: 50, z: 6 };
      if (o.spikes === false) spikes = false;
      else if (o.spikes !== undefined) {
        const sp = obj(o.spikes, `${path}.spikes`);
        keys(sp, `${path}.spikes`, ['window', 'z']);
        spikes = { window: num(sp, 'window', `${path}.spikes`, isInt(3), 'an integer >= 3') ?? 50, z: num(sp, 'z', `${path}.spikes`, positive, 'a positive number') ?? 6 };
      }
      return {
        kind: 'curves', sources, metric: str(o, 'metric', path),
        smoothing: num(o, 'smoothing', path, (x) => x >= 0 && x < 1, 'a number in [0, 1)') ?? 0.9,
        spikes, logX: bool(o, 'logX', path, false), logY: bool(o, 'logY', path, false), ...referenceOf(o, path), ...cap,
      };
    }
    case 'comparison':
      keys(o, path, ['kind', 'comparison', 'forest']);
      return { kind: 'comparison', comparison: ref('comparison', str(o, 'comparison', path)), forest: bool(o, 'forest', path, false) };
    case 'forest':
      keys(o, path, ['kind', 'comparison', 'caption']);
      return { kind: 'forest', comparison: ref('comparison', str(o, 'comparison', path)), ...cap };
    case 'health-summary': case 'goodput': case 'health-timeline': case 'mfu':
      return healthItem(o, path, c.health);
    case 'variant-curves':
      keys(o, path, ['kind', 'comparison', 'x', 'from', 'logX', 'logY', 'reference', 'caption']);
      return {
        kind: 'variant-curves', comparison: ref('comparison', str(o, 'comparison', path)), x: oneOf(o, 'x', path, ['step', 'tokens'] as const, 'step'),
        from: num(o, 'from', path), logX: bool(o, 'logX', path, false), logY: bool(o, 'logY', path, false), ...referenceOf(o, path), ...cap,
      };
    case 'ladder-prediction': case 'ladder-steps': case 'ladder-noise':
      return ladderItem(o, path, c.ladders);
    case 'mixture-models': case 'mixture-predicted': case 'mixture-proposal': case 'mixture-landscape':
      return mixtureItemConfig(o, path, kind, c.mixtures);
  }
}

/**
 * Validate a parsed config tree. `baseDir` is the folder relative paths resolve against.
 *
 * @example
 * validateWeeklyConfig({ title: 't', date: '2026-11-25', sections: [] }, '/data').seed; // 0
 */
export function validateWeeklyConfig(tree: unknown, baseDir: string): WeeklyConfig {
  const o = obj(tree, '(config)');
  keys(o, '(config)', ['title', 'date', 'subtitle', 'seed', 'sources', 'fits', 'comparisons', 'ladders', 'health', 'mixtures', 'sections']);
  const title = str(o, 'title', '(config)');
  const date = str(o, 'date', '(config)');
  const out: WeeklyConfig = {
    title: title,
    date: date,
    subtitle: str(o, 'subtitle', '(config)', true),
    seed: num(o, 'seed', '(config)', Number.isInteger, 'an integer') ?? 0,
    sources: {},
    fits: {},
    comparisons: {},
    ladders: ladderConfigs(o.ladders, baseDir),
    mixtures: {},
    sections: [],
    baseDir,
    raw: tree,
  };
  const named = (k: 'sources' | 'fits' | 'comparisons'): Obj => (o[k] === undefined ? {} : obj(o[k], k));
  for (const [name, v] of Object.entries(named('sources'))) out.sources[name] = source(v, `sources.${name}`, baseDir);
  for (const [name, v] of Object.entries(named('fits'))) out.fits[name] = fit(v, `fits.${name}`, out.sources);
  for (const [name, v] of Object.entries(named('comparisons'))) out.comparisons[name] = comparison(v, `comparisons.${name}`, out.sources);
  if (o.health !== undefined) out.health = healthConfigs(o.health, out.sources);
  out.mixtures = parseMixturesConfig(o.mixtures, 'mixtures', out.sources, baseDir);
  if (!Array.isArray(o.sections)) fail('sections', o.sections === undefined ? 'required (a list of {title, text?, items})' : `expected a list, got ${show(o.sections)}`);
  (o.sections as unknown[]).forEach((s, i) => {
    const p = `sections[${i}]`;
    const so = obj(s, p);
    keys(so, p, ['title', 'text', 'items']);
    const items = so.items === undefined ? [] : so.items;
    if (!Array.isArray(items)) fail(`${p}.items`, `expected a list, got ${show(items)}`);
    out.sections.push({ title: str(so, 'title', p), text: str(so, 'text', p, true), items: (items as unknown[]).map((it, j) => item(it, `${p}.items[${j}]`, out)) });
  });
  return out;
}

/**
 * Parse config text (JSON, or YAML when the file name ends in .yaml/.yml) and validate it.
 *
 * @example
 * parseWeeklyConfig('title: t\ndate: "2026-11-25"\nsections: []\n', '/data/w.yaml').title; // 't'
 */
export function parseWeeklyConfig(text: string, file: string): WeeklyConfig {
  let tree: unknown;
  const yaml = /\.ya?ml$/i.test(file);
  try {
    tree = yaml ? YAML.parse(text) : JSON.parse(text);
  } catch (e) {
    throw new ReportError(`${file}: not valid ${yaml ? 'YAML' : 'JSON'}: ${(e as Error).message}`);
  }
  try {
    return validateWeeklyConfig(tree, dirname(resolve(file)));
  } catch (e) {
    if (e instanceof ReportError) throw new ReportError(`${file}: ${e.message}`);
    throw e;
  }
}

/**
 * Read and validate a config file.
 *
 * @example
 * const cfg = readWeeklyConfig('data/weekly.json');
 */
export function readWeeklyConfig(file: string): WeeklyConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ReportError(`cannot read config ${file}: ${fileErrorReason(e)}`);
  }
  return parseWeeklyConfig(text, file);
}
