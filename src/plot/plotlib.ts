/**
 * Observable Plot, loaded so that its output does not depend on the host.
 *
 * Plot decides a 0.5 px crisp-edge offset when its module is first evaluated: 0 when no global `it` exists
 * (plain node, the CLI), 0.5 when one does (test runners with globals). scalelab figures must be the same
 * bytes everywhere, so Plot is imported here with any global `it` hidden for the duration of the import.
 * (If the host imported Plot itself before scalelab, its offset is already fixed; figures then follow it.)
 *
 * @example
 * import { Plot } from './plotlib.js';
 * const marks = [Plot.dot([{ x: 1, y: 2 }], { x: 'x', y: 'y' })];
 */
import { createRequire } from 'node:module';

type PlotModule = typeof import('@observablehq/plot');

// Loaded synchronously (require of an ES module, Node >= 20.19): a top-level await here would make the whole
// library unloadable by require(), which is how tslab notebook cells (compiled to CommonJS) import scalelab.
function loadPlot(): PlotModule {
  const g = globalThis as { it?: unknown };
  const saved = g.it;
  let hidden = false;
  if (saved !== undefined) {
    try {
      g.it = undefined;
      hidden = true;
    } catch {
      /* a non-writable global: nothing to do, Plot will pick the 0.5 offset */
    }
  }
  try {
    return createRequire(import.meta.url)('@observablehq/plot') as PlotModule;
  } finally {
    if (hidden) g.it = saved;
  }
}

/** The Observable Plot module (`@observablehq/plot`), imported host-independently. */
export const Plot: PlotModule = loadPlot();
