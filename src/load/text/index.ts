/**
 * The framework stdout / text-log loaders, in the order detection tries them (their anchored line patterns do not
 * overlap, so the order only matters for a file that mixes formats).
 *
 * @example
 * import { loaders } from './text/index.js';
 * loaders.map((l) => l.name); // ['modded-nanogpt', 'llmc', 'nanogpt', 'megatron', 'torchtitan']
 */
import type { FormatLoader } from '../types.js';
import { llmcLoader } from './llmc.js';
import { megatronLoader } from './megatron.js';
import { moddedNanogptLoader } from './modded.js';
import { nanogptLoader } from './nanogpt.js';
import { torchtitanLoader } from './torchtitan.js';

export { llmcLoader } from './llmc.js';
export { megatronLoader, type TextLoadOptions } from './megatron.js';
export { moddedNanogptLoader } from './modded.js';
export { nanogptLoader } from './nanogpt.js';
export { torchtitanLoader } from './torchtitan.js';
export { forEachLine, parseNum, parseGrouped, stripAnsi } from './lines.js';

/** All text-log loaders. */
export const loaders: FormatLoader[] = [moddedNanogptLoader, llmcLoader, nanogptLoader, megatronLoader, torchtitanLoader];
