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
  type Curve,
} from './types.js';
