/**
 * Loaders: every common results format into the run model.
 *
 * @example
 * import { load } from 'scalelab';
 * const rs = await load('logs/*.txt', { rule: '{variant}_{seed}.txt' });
 */
export { load, detect, makeProbe, isClearlyNotLog, NOT_LOG_EXTENSIONS } from './load.js';
export { sandboxLimits, stopSandbox } from './binary/sandbox.js';
export { formats, formatByName } from './registry.js';
export { compileRule } from './rule.js';
export { expandGlob, globToRegExp } from './paths.js';
export { endsMidLine, textEndsMidLine, truncatedLastLineMessage } from './ending.js';
export { readTable, readTableSync, type ReadTableOptions, type TableRow } from './read-table.js';
export type { FormatLoader, LoadContext, LoadOptions, NamingRule, Probe, RuleMatch, RunStart } from './types.js';
