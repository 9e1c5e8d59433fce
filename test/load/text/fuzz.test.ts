/**
 * Property tests: mutated, truncated and garbage-laced logs load to a RunSet or fail with a typed error; never a
 * crash, never a hang; and values that round-trip through a log come back exactly.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ScalelabError } from '../../../src/errors.js';
import { load } from '../../../src/load/index.js';
import { Flag } from '../../../src/runs/types.js';
import { writeTemp } from './helpers.js';
import { assess, BASES as REAL_SHAPED, mutationArb, prepareBase } from './fuzz-harness.js';

const BASES: Record<string, string> = {
  llmc: ['s:0 tel:11.0095', 's:0 trl:11.0116 lr:0.000001 norm:14.96', 's:1 trl:10.9586 lr:0.000002 norm:15.18', 's:2 trl:10.8579 lr:0.000003 norm:14.49', 's:2 eval:0.2437'].join('\n'),
  nanogpt: ['tokens per iteration will be: 491,520', 'number of parameters: 123.69M', 'step 0: train loss 10.9874, val loss 10.9891', 'iter 0: loss 10.9953, time 31205.44ms, mfu -100.00%', 'iter 1: loss 10.9411, time 3101.37ms, mfu -100.00%', 'iter 5: loss 10.1625, time 3099.04ms, mfu 11.57%'].join('\n'),
  megatron: [
    '------------------------ arguments ------------------------', '  seq_length ...................................... 4096', '-------------------- end of arguments ---------------------',
    '[lrdn3321:3]: [2025-03-31 05:54:07] iteration       50/  242204 | consumed samples:        50400 | elapsed time per iteration (ms): 1552.8 | learning rate: 8.000000E-06 | global batch size:  1008 | lm loss: 6.258318E+00 | loss scale: 1.0 | grad norm: 1.520 | number of skipped iterations:   0 | number of nan iterations:   0 |',
    '[default3]: iteration       60/  242204 | consumed samples:        60480 | elapsed time per iteration (s): 35.8651 | lm loss: 6.1E+00 | number of skipped iterations:   1 | number of nan iterations:   0 |',
    ' validation loss at iteration 60 | lm loss value: 6.0E+00 | lm loss PPL: 403.4 | ',
  ].join('\n'),
  torchtitan: [
    '[rank0]:[titan] 2025-01-01 12:00:01,000 - root - INFO - Trainer is initialized with local batch size 1, global batch size 8, gradient accumulation steps 1, sequence length 8192, total steps 1000 (warmup 200)',
    '[rank0]:[titan] 2025-01-01 12:00:10,000 - root - INFO - \x1b[31mstep:  1  \x1b[32mloss: 12.2345  \x1b[33mgrad_norm:  3.1416  \x1b[36mmemory: 10.50GiB(11.07%)  \x1b[34mtps: 1,234  \x1b[36mtflops: 12.30  \x1b[35mmfu: 4.50%\x1b[39m',
    '[rank0]:[titan] 2025-01-01 12:00:12,000 - root - INFO - \x1b[31mstep:  2  \x1b[32mloss: 11.2345  \x1b[36mmemory: 10.50GiB(11.07%)  \x1b[34mtps: 12,345  \x1b[35mmfu: N/A\x1b[39m',
  ].join('\n'),
  'modded-nanogpt': ['='.repeat(100), 'Running Python 3.10.12', 'step:0/3 val_loss:10.8258 train_time:0ms step_avg:0.03ms', 'step:1/3 train_time:159ms step_avg:158.58ms', 'step:3/3 train_time:340ms step_avg:113.33ms', 'step:3/3 val_loss:8.5 train_time:360ms step_avg:120.00ms'].join('\n'),
};

type Mutation = { kind: 'delete'; at: number } | { kind: 'flip'; at: number; ch: string } | { kind: 'insert'; at: number; line: string } | { kind: 'truncate'; at: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), ch: fc.constantFrom(' ', ':', '|', '.', 'x', '9', '-', 'e', '%', ',', '/', '\n', '\x1b', '[', 'é') }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), line: fc.oneof(fc.string({ maxLength: 80 }), fc.constantFrom('s:', 'iteration ', 'step:', 'iter 3: ', 'step 3: ', 'validation loss at ', '[titan] ', 'step:1/', 's:1 trl:', '|||||', 'lm loss: nan |')) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

function mutate(bytes: Uint8Array, muts: Mutation[]): Uint8Array {
  let b = bytes;
  for (const m of muts) {
    if (b.length === 0) break;
    const at = m.at % b.length;
    if (m.kind === 'truncate') b = b.subarray(0, at);
    else if (m.kind === 'flip') {
      const enc = new TextEncoder().encode(m.ch);
      const out = new Uint8Array(b.length - 1 + enc.length);
      out.set(b.subarray(0, at)); out.set(enc, at); out.set(b.subarray(at + 1), at + enc.length);
      b = out;
    } else {
      const text = new TextDecoder().decode(b).split('\n');
      const i = at % text.length;
      if (m.kind === 'delete') text.splice(i, 1);
      else text.splice(i, 0, m.line);
      b = new TextEncoder().encode(text.join('\n'));
    }
  }
  return b;
}

async function loadsOrTypedError(bytes: Uint8Array, format?: string): Promise<void> {
  try {
    const rs = await load(writeTemp(bytes), format ? { format } : {});
    // whatever loaded is internally consistent: every point has a finite step and a valid flag
    for (const c of rs.curves()) {
      for (let i = 0; i < c.step.length; i++) {
        expect(Number.isFinite(c.step[i])).toBe(true);
        if (c.flag[i] === Flag.ok) expect(Number.isFinite(c.value[i])).toBe(true);
      }
    }
  } catch (e) {
    if (!(e instanceof ScalelabError)) throw e;
  }
}

describe('text loaders under mutation (fast-check)', () => {
  for (const [name, base] of Object.entries(BASES)) {
    it(`${name}: deletions, character flips, garbage lines, truncation at any byte -> RunSet or typed error`, async () => {
      const bytes = new TextEncoder().encode(base);
      await fc.assert(
        fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 6 }), fc.boolean(), async (muts, forced) => {
          await loadsOrTypedError(mutate(bytes, muts), forced ? name : undefined);
        }),
        { numRuns: 150, seed: 20261125 },
      );
    });
  }

  it('pathological lines (long runs of brackets, digits, spaces, colons) finish quickly', async () => {
    const n = 200_000;
    const lines = [
      'iteration ' + '['.repeat(n), '['.repeat(n) + 'iteration 1/2 | lm loss: 1 |', '1:'.repeat(n) + 'iteration 1/2 |',
      's:' + '1'.repeat(n) + 'x', 'step:' + ' '.repeat(n) + 'loss', 'step:1/2 ' + 'a:'.repeat(n), 'iter 1: ' + 'loss '.repeat(n),
      '[titan] ' + '-'.repeat(n), 'step: 1 ' + 'loss:'.repeat(n), ' validation loss at ' + '|'.repeat(n), '\x1b['.repeat(n),
    ].join('\n');
    for (const f of ['llmc', 'nanogpt', 'megatron', 'torchtitan', 'modded-nanogpt', undefined]) {
      await loadsOrTypedError(new TextEncoder().encode(lines), f);
    }
  }, 20_000);
});

describe('values round-trip exactly', () => {
  it('llm.c: random steps and losses printed with %.4f come back as printed', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.integer({ min: 0, max: 1e7 }), fc.double({ min: 0, max: 20, noNaN: true })), { minLength: 1, maxLength: 30 }), async (pts) => {
        const text = pts.map(([s, v]) => `s:${s} trl:${v.toFixed(4)} lr:0.000600 norm:1.00`).join('\n');
        const rs = await load(writeTemp(text), { format: 'llmc' });
        const last = new Map<number, number>();
        for (const [s, v] of pts) last.set(s, Number(v.toFixed(4)));
        const c = rs.curve(rs.runs[0]!.id, 'train/loss')!;
        const got = new Map<number, number>();
        for (let i = 0; i < c.step.length; i++) got.set(c.step[i]!, c.value[i]!);
        // steps going back are restarts (the later segment wins): check every surviving point against the last write
        for (const [s, v] of got) expect(v).toBe(last.get(s));
      }),
      { numRuns: 60, seed: 7 },
    );
  });

  it('Megatron: %E-printed losses and consumed samples x seq length round-trip', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.double({ min: 0.5, max: 15, noNaN: true }), fc.integer({ min: 1, max: 4096 })), { minLength: 1, maxLength: 20 }), fc.integer({ min: 128, max: 8192 }), async (pts, seq) => {
        let samples = 0;
        const text = pts.map(([v, bs], i) => {
          samples += bs;
          return ` iteration ${String(i + 1).padStart(8)}/ 1000000 | consumed samples: ${String(samples).padStart(12)} | lm loss: ${v.toExponential(6).toUpperCase().replace(/E([+-])(\d)$/, 'E$10$2')} |`;
        }).join('\n');
        const rs = await load(writeTemp(text), { format: 'megatron', seqLength: seq } as never);
        const c = rs.curve(rs.runs[0]!.id, 'train/loss')!;
        let s = 0;
        pts.forEach(([v, bs], i) => {
          s += bs;
          expect(c.step[i]).toBe(i + 1);
          expect(c.value[i]).toBe(Number(v.toExponential(6)));
          expect(c.tokens[i]).toBe(s * seq);
        });
      }),
      { numRuns: 40, seed: 11 },
    );
  });
});

describe('no point lost without a warning (fast-check over real-shaped logs, issue 9)', () => {
  // One mutation of one line (or a cut of the file) per case; see fuzz-harness.ts for the mutations and the point
  // accounting. bench/fuzz-text.ts runs the same properties longer and reports the figures in bench/RESULTS.md.
  for (const name of Object.keys(REAL_SHAPED)) {
    it(`${name}: no crash, no silent loss (format forced and detected)`, async () => {
      const base = await prepareBase(name);
      await fc.assert(
        fc.asyncProperty(mutationArb, fc.boolean(), async (m, forced) => {
          const r = await assess(base, m, forced);
          expect(r.outcome === 'crash' || r.outcome === 'silent-loss' ? `${r.outcome}: ${r.detail}` : 'ok').toBe('ok');
        }),
        { numRuns: 120, seed: 20261206 },
      );
    }, 30_000);
  }
});
