import { describe, expect, it } from 'vitest';
import { detect } from '../../../src/load/index.js';
import type { Probe } from '../../../src/load/types.js';
import { loaders } from '../../../src/load/text/index.js';

function probe(text: string, name = 'train.log'): Probe {
  const head = new TextEncoder().encode(text).subarray(0, 64 * 1024);
  return { path: name, name, isDirectory: false, head, headText: new TextDecoder().decode(head), entries: [] };
}

const SAMPLES: Record<string, string> = {
  llmc: 's:0 tel:11.0095\ns:0 trl:11.0116 lr:0.000001 norm:14.96\ns:1 trl:10.9586 lr:0.000002 norm:15.18\n',
  nanogpt: 'step 0: train loss 10.9874, val loss 10.9891\niter 0: loss 10.9953, time 31205.44ms, mfu -100.00%\niter 1: loss 10.9411, time 3101.37ms, mfu -100.00%\n',
  megatron: ' iteration       10/     100 | consumed samples:           80 | lm loss: 5.000000E+00 |\n iteration       20/     100 | consumed samples:          160 | lm loss: 4.000000E+00 |\n validation loss at iteration 20 | lm loss value: 4.1E+00 | lm loss PPL: 60.3 |\n',
  torchtitan: '[rank0]:[titan] 2025-01-01 12:00:00,000 - root - INFO - \x1b[31mstep:  1  \x1b[32mloss: 12.2345  \x1b[34mtps: 1,234\x1b[39m\n[rank0]:[titan] 2025-01-01 12:00:01,000 - root - INFO - \x1b[31mstep:  2  \x1b[32mloss: 11.2345  \x1b[34mtps: 1,234\x1b[39m\n[rank0]:[titan] 2025-01-01 12:00:02,000 - root - INFO - step:  3  loss: 10.2  tps: 1,000\n',
  'modded-nanogpt': 'step:0/1680 val_loss:10.8258 train_time:0ms step_avg:0.03ms\nstep:1/1680 train_time:159ms step_avg:158.58ms\nstep:2/1680 train_time:182ms step_avg:90.96ms\n',
};

describe('text-log detection', () => {
  it('registers one loader per format', () => {
    expect(loaders.map((l) => l.name).sort()).toEqual(['llmc', 'megatron', 'modded-nanogpt', 'nanogpt', 'torchtitan']);
  });

  for (const [name, text] of Object.entries(SAMPLES)) {
    it(`${name}: confident on its own lines, and every other text loader scores 0`, () => {
      for (const l of loaders) {
        const s = l.detect(probe(text));
        if (l.name === name) expect(s).toBe(0.9);
        else expect(s, `${l.name} on ${name}`).toBe(0);
      }
      expect(detect(probe(text), false)?.name).toBe(name);
    });
  }

  it('one matching line is a weak score, none is 0', () => {
    const llmc = loaders.find((l) => l.name === 'llmc')!;
    expect(llmc.detect(probe('hello\ns:0 trl:1.0\n'))).toBe(0.5);
    expect(llmc.detect(probe('hello\n'))).toBe(0);
    expect(llmc.detect({ ...probe(''), isDirectory: true })).toBe(0);
  });

  it('modded-nanogpt after ~70 lines of environment dump', () => {
    const env = ['='.repeat(100), 'Running Python 3.10.12', ...Array.from({ length: 70 }, (_, i) => `|  ${i}  NVIDIA H100 80GB HBM3  On  | 00000000:61:00.0 Off |   0 |`), '='.repeat(100)];
    expect(detect(probe([...env, SAMPLES['modded-nanogpt']].join('\n')), false)?.name).toBe('modded-nanogpt');
  });

  it('mid-line look-alikes do not count (the anchors are at line start)', () => {
    const text = '    print(f"step:{step}/{n} val_loss:{v}")  # step:1/2 val_loss:3.0\n  x = "s:0 trl:1.0"\n# iter 1: loss 2.0, time 1ms, mfu 1%\n';
    for (const l of loaders) expect(l.detect(probe(text)), l.name).toBe(0);
  });
});
