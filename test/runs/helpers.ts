import { RunSetBuilder } from '../../src/runs/builder.js';
import type { RunSet } from '../../src/runs/runset.js';
import { Flag } from '../../src/runs/types.js';

/**
 * A small RunSet for tests: three runs of two variants, with a restart, a non-finite tail, a skipped
 * iteration, tokens on every point, a summary-only run and warnings.
 *
 *  a (base, seed 1):  loss at steps 0..4 = 5,4,3,2,1 (tokens = 100*step), then a resume at step 3 with
 *                     loss 2.5 at step 3 and 1.5 at step 4 and 1.0 at step 5; acc at 0 and 4; lr at 0..5
 *  b (base, seed 2):  loss 6,5,4,NaN (steps 0..3, tokens 100*step), acc skipped at 3
 *  c (wide, seed 1):  no curves; summary {loss: 2.2}
 */
export function sample(): RunSet {
  const b = new RunSetBuilder();
  const a = b.addRun({ id: 'a', name: 'run-a', source: 'a.log', variant: 'base', seed: 1, config: { N: 1e6, lr: 3e-4, tag: 'x' }, state: 'finished', format: 'test' });
  const r2 = b.addRun({ id: 'b', source: 'b.log', variant: 'base', seed: 2, config: { N: 1e6, lr: 1e-3 } });
  b.addRun({ id: 'c', source: 'c.json', variant: 'wide', seed: 1, config: { N: 4e6, seed: 99 }, summary: { loss: 2.2 } });
  for (let s = 0; s <= 4; s++) {
    b.add(a, s, 'loss', 5 - s, { tokens: 100 * s });
    b.add(a, s, 'lr', 0.1 * s);
  }
  b.add(a, 0, 'acc', 0.1);
  b.add(a, 4, 'acc', 0.5);
  b.add(a, 3, 'loss', 2.5, { tokens: 300 });
  b.add(a, 4, 'loss', 1.5, { tokens: 400 });
  b.add(a, 5, 'loss', 1.0, { tokens: 500 });
  b.add(a, 5, 'lr', 0.5);
  [6, 5, 4, NaN].forEach((v, s) => b.add(r2, s, 'loss', v, { tokens: 100 * s }));
  b.add(r2, 3, 'acc', NaN, { flag: Flag.skipped });
  b.warn({ file: 'b.log', line: 9, run: 'b', message: 'truncated line' });
  b.warn({ file: 'c.json', run: 'c', message: 'no history' });
  b.warn({ file: 'x', message: 'file-level' });
  return b.build();
}

/** A RunSet with one run 'r' and one metric 'loss' from steps and values (and optional tokens). */
export function single(steps: number[], values: number[], tokens?: number[]): RunSet {
  const b = new RunSetBuilder();
  const r = b.addRun({ id: 'r', source: 'r.log' });
  steps.forEach((s, i) => b.add(r, s, 'loss', values[i]!, tokens ? { tokens: tokens[i]! } : undefined));
  return b.build();
}
