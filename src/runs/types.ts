/**
 * The typed run model: what a run is, independent of where it came from.
 *
 * Metrics live in long form (one row per run, step, metric, value) in a columnar table; run metadata
 * (name, source file, variant, seed, config, state, restarts) lives beside it. A {@link RunSet} holds both.
 */

/** A config value as loaders find it: numbers stay numbers, everything else is a string, bool or null. */
export type ConfigValue = string | number | boolean | null;

/** Run configuration: model size `N`, tokens `D`, FLOPs `C`, learning rate, any hyperparameter. */
export type Config = Record<string, ConfigValue>;

/**
 * A resume from checkpoint: the run's steps went backwards. The later segment wins.
 *
 * `fromStep` is the highest step the abandoned segment had reached, `toStep` the step the run resumed at;
 * points of the earlier segment at steps in [toStep, fromStep] were superseded (they remain in
 * `RunSet.superseded`, nothing is lost).
 */
export interface Restart {
  fromStep: number;
  toStep: number;
  /** How many points of the earlier segment the later one superseded. */
  superseded: number;
}

/** Row flags in the metrics table. */
export const Flag = {
  /** A finite value. */
  ok: 0,
  /** NaN or +-Infinity as logged (a diverged run, a loss-scale overflow): kept, never dropped. */
  nonFinite: 1,
  /** A skipped iteration (e.g. Megatron's "number of skipped iterations: 1"): value is NaN. */
  skipped: 2,
} as const;
/** One of the {@link Flag} values. */
export type FlagValue = (typeof Flag)[keyof typeof Flag];

/** Metadata of one run. */
export interface RunMeta {
  /** Unique within its RunSet. */
  id: string;
  /** Human-readable name (W&B run name, log file stem, ...). */
  name: string;
  /** File (or folder) the run was loaded from. */
  source: string;
  /** Ablation variant, from the user's rule or the source's own metadata. */
  variant?: string;
  /** Seed, from the user's rule, a config column or the source's own metadata. */
  seed?: string | number;
  /** Hyperparameters and sizes; N, D, C by convention for parameters, tokens and FLOPs. */
  config: Config;
  /** Run state as the source reports it (finished, crashed, running, ...). */
  state?: string;
  /** The name of the format the run was loaded with. */
  format?: string;
  /**
   * Summary values the source gives without a step (a W&B runs-table export's summary columns, a
   * trainer's final `train_loss`). `finalValue` falls back to them when a run has no curve of that metric.
   */
  summary?: Record<string, number>;
  /** Each resume from checkpoint, in order. */
  restarts: Restart[];
  /** Number of metric points that are NaN or infinite. */
  nonFinite: number;
  /** Number of skipped iterations recorded. */
  skipped: number;
}

/**
 * What a line-based loader did with the lines of one file (`RunSet.lineStats`, `scalelab load --json`): how many it
 * read, how many gave points, and how many it could not use, so that damaged input is counted, never silent.
 *
 * @example
 * const rs = await load('train.log');
 * rs.lineStats; // [{ file: 'train.log', format: 'nanogpt', lines: 5012, records: 4100, skipped: 2, damaged: 0, duplicates: 0, truncatedLastLine: false }]
 */
export interface FileLineStats {
  /** The file, as found. */
  file: string;
  /** The format it was loaded as. */
  format: string;
  /** Lines read. */
  lines: number;
  /** Lines that gave at least one point. */
  records: number;
  /** Lines that looked like records of the format but did not parse: no point was taken from them (each warned). */
  skipped: number;
  /** Lines read with a problem (a field whose value is not a number, no loss): their other points kept (each warned). */
  damaged: number;
  /** Records printed again by another rank or host (same step, another launcher prefix): one copy kept. */
  duplicates: number;
  /** The last line has no newline although the others do: it may have been cut (its values are kept, and warned). */
  truncatedLastLine: boolean;
}

/** A problem that did not stop loading (a truncated last record, an unparsable line skipped, ...). */
export interface LoadWarning {
  file: string;
  line?: number;
  offset?: number;
  run?: string;
  message: string;
  /**
   * How many lines or rows of the source this problem kept out of the RunSet (a damaged row refused, a line that
   * does not parse); absent when nothing was dropped (a note, a truncated line kept).
   */
  skipped?: number;
}

/**
 * One curve: the points of one metric of one run, sorted by step, as typed-array views into the RunSet's
 * columns (no copy). Missing tokens/flops/time are NaN.
 */
export interface Curve {
  run: string;
  metric: string;
  step: Float64Array;
  value: Float64Array;
  tokens: Float64Array;
  flops: Float64Array;
  time: Float64Array;
  flag: Uint8Array;
}
