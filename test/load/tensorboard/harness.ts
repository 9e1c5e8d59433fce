/**
 * A minimal LoadContext over a RunSetBuilder, to test a FormatLoader without load() (ids: the given key, then
 * key/runKey for keyed runs; warnings go to the builder).
 */
import { RunSetBuilder } from '../../../src/runs/builder.js';
import type { RunSet } from '../../../src/runs/runset.js';
import type { FormatLoader, LoadContext, LoadOptions } from '../../../src/load/types.js';

/** Load `path` with `loader` into a fresh builder and build. */
export async function loadWith(loader: FormatLoader, path: string, key = 'run', options: LoadOptions = {}): Promise<RunSet> {
  const builder = new RunSetBuilder();
  const ctx: LoadContext = {
    path,
    key,
    options,
    builder,
    addRun(init) {
      const { key: runKey, ...meta } = init;
      return builder.addRun({ ...meta, id: runKey ?? key, source: path, format: meta.format ?? loader.name });
    },
    warn(message, where) {
      builder.warn({ file: path, message, ...where });
    },
  };
  await loader.load(ctx);
  return builder.build();
}
