/**
 * The run model and its operations: select, join config, final values, values at matched tokens/FLOPs,
 * smoothing, downsampling, spike detection, restarts, and interop (arquero, Arrow, Parquet, CSV, JSONL, danfo.js).
 *
 * @example
 * import { RunSetBuilder } from './runs/index.js';
 * const b = new RunSetBuilder();
 * const r = b.addRun({ id: 'a', source: 'a.log' });
 * b.add(r, 0, 'loss', 10.9);
 * const rs = b.build();
 */
export { RunSet, METRIC_COLUMNS, type PointColumns, type RunSetColumns } from './runset.js';
export { RunSetBuilder, type RunInit, type PointExtra } from './builder.js';
export {
  Flag,
  type FlagValue,
  type ConfigValue,
  type Config,
  type Restart,
  type RunMeta,
  type LoadWarning,
  type FileLineStats,
  type Curve,
} from './types.js';

// Operations (pure).
export { selectRuns, selectMetrics, type RunFilter, type RunSelector } from './select.js';
export { runsTable, joinConfig, RUN_COLUMNS } from './table.js';
export { finalValues, metricsOf, requireMetric, type FinalValue, type FinalValues, type FinalFlag, type FinalOptions } from './final.js';
export { valueAt, interpolateCurve, type At, type ValueAtOptions, type ValueAtRow, type ValueAtFlag } from './value-at.js';
export { emaSmooth, smoothCurve } from './smooth.js';
export { lttb } from './lttb.js';
export { detectSpikes, type Spike, type SpikeOptions } from './spikes.js';
export { restarts, type RestartRow } from './restarts.js';

// Interop (in memory).
export {
  toTable,
  fromTable,
  fromColumns,
  toArrowIPC,
  fromArrowIPC,
  toDanfo,
  fromDanfo,
  runsToJson,
  runsFromJson,
  type FromTableOptions,
  type DanfoFrameLike,
  type LongColumns,
} from './interop.js';
export { toParquet, fromParquet, PARQUET_RUNS_KEY } from './parquet.js';

// Files (I/O at the edges).
export { writeCsv, writeJsonl, writeParquet, readParquet, writeArrow, readArrow, csvNumber, csvField, jsonNumber } from './io.js';
