/**
 * Every format scalelab reads, in the order detection breaks ties.
 *
 * @example
 * formats().map((f) => f.name); // ['tensorboard', 'mlflow', ..., 'csv']
 */
import { loaders as tensorboard } from './tensorboard/index.js';
import { loaders as tabular } from './tabular/index.js';
import { loaders as text } from './text/index.js';
import type { FormatLoader } from './types.js';

const ALL: readonly FormatLoader[] = [...tensorboard, ...text, ...tabular];

/** All registered format loaders. */
export function formats(): readonly FormatLoader[] {
  return ALL;
}

/** The loader with this name, or undefined. */
export function formatByName(name: string): FormatLoader | undefined {
  return ALL.find((f) => f.name === name);
}
