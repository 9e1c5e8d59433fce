/**
 * The loader interface: every format is one {@link FormatLoader} that detects itself from a file's name and first
 * bytes and appends runs and points to the shared {@link RunSetBuilder} through a {@link LoadContext}.
 */
import type { RunSetBuilder } from '../runs/builder.js';
import type { Config, FileLineStats, RunMeta } from '../runs/types.js';

/** What detection sees of a path: its name, whether it is a folder, and the first bytes of a file. */
export interface Probe {
  /** Path as given or found (absolute or relative to cwd). */
  path: string;
  /** Base name. */
  name: string;
  isDirectory: boolean;
  /** Up to the first 64 KiB of a file (empty for a folder). */
  head: Uint8Array;
  /** `head` decoded as UTF-8 (lossy), for text formats. */
  headText: string;
  /** For a folder: the names of its entries. */
  entries: string[];
}

/** Variant, seed and config values a naming rule takes from a path. */
export interface RuleMatch {
  variant?: string;
  seed?: string | number;
  config?: Config;
}

/**
 * How to take variant and seed from paths: a pattern such as `{variant}/{seed}.txt` or `{variant}_s{seed}.log`
 * (matched against the end of the path; `{name}` captures one path segment or part of one, `*` any part of a
 * segment, `**` any number of segments; other names become config values), or a function.
 */
export type NamingRule = string | ((path: string) => RuleMatch | undefined);

/** Options of {@link load}. */
export interface LoadOptions {
  /** Force a format by name instead of detecting it. */
  format?: string;
  /** Take variant and seed (and other config values) from paths. */
  rule?: NamingRule;
  /**
   * W&B runs-table export: the columns that are config (the rest are summary). Config and summary columns
   * cannot be told apart by name in that export.
   */
  configColumns?: string[];
  /** Generic tables: the column naming the run (default: `run`, `run_id`, `name` if present). */
  runColumn?: string;
  /** Tables (CSV, TSV, JSONL, W&B chart/history): the step column (CLI `--step-column`; default: the first present of `step`, `_step`, `iteration`, `iter`, `global_step`, `trainer/global_step`, `current_steps`, ..., `epoch`). */
  stepColumn?: string;
  /**
   * Sequence length in tokens, for logs that count samples rather than tokens (Megatron-LM: tokens = consumed
   * samples x seqLength). Megatron's own arguments dump (`seq_length ...`) is used when this is absent.
   */
  seqLength?: number;
  /**
   * Any problem is an error: a file in a folder walk that fails to load fails the whole load (by default it is a
   * warning naming the file, and the rest load), and corrupt records are errors instead of skipped regions.
   */
  strict?: boolean;
  /**
   * Called once, after the paths are expanded and before anything is loaded, with every file the load looks at:
   * those it loads (a folder format's files included), skips or fails on. A command that writes a file checks
   * against this list, so that it never overwrites an input (`isInput` in report/write.ts).
   */
  onInputs?: (files: readonly string[]) => void;
  /** Called with each file before it is loaded (progress reporting), with the format it is read as. */
  onFile?: (path: string, index: number, total: number, format: string) => void;
}

/** What a loader gets: where it is, what the user asked, and the builder. */
export interface LoadContext {
  /** The file or folder being loaded (as found: a path the user can open). */
  readonly path: string;
  /** The path relative to the common base of the inputs, without extension: the default run id. */
  readonly key: string;
  readonly options: Readonly<LoadOptions>;
  readonly builder: RunSetBuilder;
  /**
   * Start a run. `key` distinguishes several runs in one file (W&B chart export, MLflow): pass the run's own
   * name or id; omit it for a one-run file. Variant/seed/config from the user's naming rule are merged in and win
   * over the source's own values (the user said so explicitly). Returns the run index.
   */
  addRun(init: RunStart): number;
  /**
   * Record a non-fatal problem with this file. `skipped` counts the lines or rows it kept out of the RunSet (a
   * damaged row refused): every row not loaded must be counted in some warning, so that nothing vanishes.
   */
  warn(message: string, where?: { line?: number; offset?: number; run?: string; skipped?: number }): void;
  /** Record what a line-based loader did with this file's lines (shown as `RunSet.lineStats`). */
  lineStats?(stats: Omit<FileLineStats, 'file' | 'format'>): void;
}

/** What a loader says about a run it starts. */
export type RunStart = { key?: string } & Partial<Omit<RunMeta, 'id' | 'source' | 'restarts' | 'nonFinite' | 'skipped'>>;

/**
 * One format.
 *
 * @example
 * const myLoader: FormatLoader = {
 *   name: 'mylog', description: 'my trainer stdout',
 *   detect: (p) => (p.headText.startsWith('MYLOG') ? 0.9 : 0),
 *   async load(ctx) { const r = ctx.addRun({}); ctx.builder.add(r, 0, 'loss', 1.0); },
 * };
 */
export interface FormatLoader {
  /** Format id for `--format` (e.g. `csv`, `tensorboard`, `megatron`). */
  readonly name: string;
  /** One line for `--help` and error messages. */
  readonly description: string;
  /** Whether this loader takes folders (MLflow `mlruns/`, a Lightning version folder) instead of files. */
  readonly folder?: boolean;
  /** Confidence from 0 (not this format) to 1 (certainly), from the name and first bytes only. */
  detect(probe: Probe): number;
  /** Read `ctx.path` into `ctx.builder`. Throw LoadError (file, line or offset, expected) on bad input. */
  load(ctx: LoadContext): Promise<void>;
}
